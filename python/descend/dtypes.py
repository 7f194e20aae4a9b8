"""Dtypes and type promotion, following JAX's rules.

- float32 is the default float, int32 the default int.
- Python scalars are *weakly typed*: they take the dtype of the array they
  meet (`int32_array + 1.5` is float32, `float64_array * 2` stays float64).
- Array dtypes promote along bool < int < float, then by width; int with
  float gives the float type (JAX's lattice, not NumPy's value-based one).
- Arrays passed in keep their dtype (float64 stays float64).
"""

from __future__ import annotations

import numpy as np

from descend.dialects.types import DTYPE_TO_MLIR, FLOAT_DTYPES, dtype_name, is_float, is_int

float32 = np.dtype("float32")
float64 = np.dtype("float64")
float16 = np.dtype("float16")
int8 = np.dtype("int8")
int16 = np.dtype("int16")
int32 = np.dtype("int32")
int64 = np.dtype("int64")
bool_ = np.dtype("bool")

DEFAULT_FLOAT = "float32"
DEFAULT_INT = "int32"
SUPPORTED = tuple(DTYPE_TO_MLIR)
__all__ = ["FLOAT_DTYPES", "is_float", "is_int", "promote_types", "result_dtype"]


def _kind(dtype: str) -> int:
    return 0 if dtype == "bool" else 1 if is_int(dtype) else 2


def _width(dtype: str) -> int:
    return np.dtype(dtype).itemsize


def promote_types(a: str, b: str) -> str:
    """The dtype two (strongly typed) dtypes promote to."""
    if a == b:
        return a
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        return a if ka > kb else b
    return a if _width(a) >= _width(b) else b


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
    return np.issubdtype(np.dtype(dtype), kind)


def finfo(dtype):
    return np.finfo(dtype)


def iinfo(dtype):
    return np.iinfo(dtype)
