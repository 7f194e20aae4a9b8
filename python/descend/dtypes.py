"""Dtypes and type promotion, following JAX's rules.

- float32 is the default float, int32 the default int.
- Python scalars are *weakly typed*: they take the dtype of the array they
  meet (`int32_array + 1.5` is float32, `float64_array * 2` stays float64).
- Array dtypes promote along JAX's lattice (`_LATTICE`): bool < int < float, then by
  width; uint8 + int8 is int16, uint32 + int32 is int64; int with float gives the float
  type (not NumPy's table, where int64 + float16 is float64).
- Arrays passed in keep their dtype (float64 stays float64).
"""

from __future__ import annotations

import numpy as np

from descend.dialects.types import DTYPE_TO_MLIR, FLOAT_DTYPES, dtype_name, is_float, is_int, is_unsigned

float32 = np.dtype("float32")
float64 = np.dtype("float64")
float16 = np.dtype("float16")
bfloat16 = np.dtype("bfloat16")  # ml_dtypes' (registered by descend.dialects.types)
int8 = np.dtype("int8")
int16 = np.dtype("int16")
int32 = np.dtype("int32")
int64 = np.dtype("int64")
uint8 = np.dtype("uint8")
uint16 = np.dtype("uint16")
uint32 = np.dtype("uint32")
uint64 = np.dtype("uint64")
bool_ = np.dtype("bool")

DEFAULT_FLOAT = "float32"
DEFAULT_INT = "int32"
DEFAULT_UINT = "uint32"
SUPPORTED = tuple(DTYPE_TO_MLIR)
__all__ = ["FLOAT_DTYPES", "is_float", "is_int", "is_unsigned", "promote_types", "result_dtype"]


def _kind(dtype: str) -> int:
    return 0 if dtype == "bool" else 1 if is_int(dtype) else 2


# JAX's type promotion lattice (jax._src.dtypes): an edge a -> b means a promotes to b.
# "i*" and "f*" are the weak int and float nodes: a strongly typed join that ends at "f*"
# (uint64 with a signed int) is the default float, float32 here, as descend's defaults are
# JAX's without x64 while int64/uint64/float64 arrays are kept (JAX's table with x64 on
# gives float64 there). The rest is JAX's x64 table: uint8 + int8 -> int16,
# uint32 + int32 -> int64, int64 + float16 -> float16 (every int is below every float).
_LATTICE = {
    "bool": ("i*",),
    "i*": ("uint8", "int8"),
    "uint8": ("int16", "uint16"),
    "uint16": ("int32", "uint32"),
    "uint32": ("int64", "uint64"),
    "uint64": ("f*",),
    "int8": ("int16",),
    "int16": ("int32",),
    "int32": ("int64",),
    "int64": ("f*",),
    "f*": ("float16", "bfloat16"),
    "float16": ("float32",),
    "bfloat16": ("float32",),
    "float32": ("float64",),
    "float64": (),
}


def _upper(dtype: str) -> frozenset:
    """`dtype` and everything it promotes to."""
    out, todo = set(), [dtype]
    while todo:
        d = todo.pop()
        if d not in out:
            out.add(d)
            todo.extend(_LATTICE[d])
    return frozenset(out)


_UPPER = {d: _upper(d) for d in _LATTICE}


def _join(a: str, b: str) -> str:
    """The least upper bound of two dtype names in JAX's lattice ("f*" -> float32)."""
    if a == b:
        return a
    common = _UPPER[a] & _UPPER[b]
    (least,) = [c for c in common if _UPPER[c] == common]
    return DEFAULT_FLOAT if least == "f*" else least


def promote_types(a, b):
    """The dtype two strongly typed dtypes promote to (JAX's table, see `_LATTICE`): dtype
    names in, a name out; anything else numpy takes as a dtype in, a numpy dtype out (as
    `jax.numpy.promote_types`)."""
    if isinstance(a, str) and isinstance(b, str) and a in _LATTICE and b in _LATTICE:
        return _join(a, b)
    return np.dtype(_join(canonicalize_dtype(a), canonicalize_dtype(b)))


def result_dtype(*items) -> str:
    """Promote `(dtype, weak)` pairs: weak types yield to strong ones of equal or higher kind."""
    strong = [d for d, w in items if not w]
    weak = [d for d, w in items if w]
    if strong:
        out = strong[0]
        for d in strong[1:]:
            out = promote_types(out, d)
        for d in weak:
            if _kind(d) > _kind(out):
                out = DEFAULT_FLOAT if is_float(d) else DEFAULT_INT
        return out
    out = weak[0]
    for d in weak[1:]:
        out = promote_types(out, d)
    return out


def python_scalar_dtype(x) -> str:
    """The weak dtype of a Python scalar."""
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return DEFAULT_INT
    if isinstance(x, float):
        return DEFAULT_FLOAT
    raise TypeError(f"{type(x).__name__} is not a Python scalar type descend accepts")


def canonicalize_dtype(dtype) -> str:
    """A dtype name descend supports, from anything numpy takes as a dtype (None -> float32).

    Python's `float` and `int` map to descend's defaults (float32, int32), as in JAX."""
    if dtype is None:
        return DEFAULT_FLOAT
    if dtype is float:
        return DEFAULT_FLOAT
    if dtype is int:
        return DEFAULT_INT
    if dtype is bool:
        return "bool"
    return dtype_name(dtype)


def issubdtype(dtype, kind) -> bool:
    """NumPy's issubdtype; bfloat16 is a floating type (as in JAX)."""
    if np.dtype(dtype).name == "bfloat16" and kind in (np.floating, np.inexact, np.number, np.generic):
        return True
    return np.issubdtype(np.dtype(dtype), kind)


# NumPy's abstract scalar types, as jax.numpy exports them (for issubdtype)
generic, number, inexact, floating = np.generic, np.number, np.inexact, np.floating
integer, signedinteger, unsignedinteger = np.integer, np.signedinteger, np.unsignedinteger


def finfo(dtype):
    """Machine limits of a float dtype (`ml_dtypes.finfo` for bfloat16, which NumPy lacks)."""
    if canonicalize_dtype(dtype) == "bfloat16":
        import ml_dtypes

        return ml_dtypes.finfo(ml_dtypes.bfloat16)
    return np.finfo(dtype)


def iinfo(dtype):
    return np.iinfo(dtype)
