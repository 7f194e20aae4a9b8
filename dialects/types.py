"""Tensor types as the shape rules see them: a shape tuple and a dtype name.

`TType` is the small, MLIR-free description of a ranked tensor type that the
tracer, the shape rules and the verifier share. `to_mlir` / `from_mlir`
convert to and from `mlir.ir.RankedTensorType`.

bfloat16 is `ml_dtypes.bfloat16` on the NumPy side (NumPy has none; JAX uses the same
package) and `bf16` in MLIR: stored in 16 bits, computed in float32 and rounded back
after each op (`lowering/elementwise.py`), as XLA does on the CPU.

Unsigned integers. MLIR's arith ops work on signless integers (`i32`) and read the sign
from the op (`divsi` / `divui`, `cmpi slt` / `ult`, `extsi` / `extui`, ...), so a signless
tensor cannot say whether its bits are int32 or uint32. descend keeps the sign in the
type at the dsc level: uint8/16/32/64 are `tensor<...xui8>` ... `tensor<...xui64>`
(builtin tensor types accept signed/unsigned integer element types, the IRDL
definitions constrain only the `!builtin.tensor` base, and the parser, printer,
`dsc-verify`, dsc-canonicalize, AD and vmap see an ordinary element type).
`dsc-to-linalg` reads the dtype of each op's operands from these types and picks
unsigned arith ops for them (`lowering/elementwise.py`); as its last step it erases
the signedness everywhere (`lowering/signless.py`: values, block arguments, function
types, constants), so linalg and everything after it see only signless integers, as
arith and LLVM require. The alternatives were worse: signless dsc types with the sign in
an op attribute would have to be threaded through every op, its rules and its
derivatives; per-op casts between `ui32` and `i32` would leave casts for later passes.
"""

from __future__ import annotations

from typing import NamedTuple

import ml_dtypes  # noqa: F401  (registers numpy's "bfloat16" dtype)
import numpy as np

# dtype name -> MLIR element type. Signless integers are read as signed, `ui*` as unsigned.
DTYPE_TO_MLIR = {
    "bool": "i1",
    "int8": "i8",
    "int16": "i16",
    "int32": "i32",
    "int64": "i64",
    "uint8": "ui8",
    "uint16": "ui16",
    "uint32": "ui32",
    "uint64": "ui64",
    "float16": "f16",
    "bfloat16": "bf16",
    "float32": "f32",
    "float64": "f64",
}
MLIR_TO_DTYPE = {v: k for k, v in DTYPE_TO_MLIR.items()}

FLOAT_DTYPES = ("float16", "bfloat16", "float32", "float64")
SIGNED_DTYPES = ("int8", "int16", "int32", "int64")
UNSIGNED_DTYPES = ("uint8", "uint16", "uint32", "uint64")
INT_DTYPES = SIGNED_DTYPES + UNSIGNED_DTYPES


class TType(NamedTuple):
    """A ranked tensor type: `shape` (tuple of ints) and `dtype` (a name in DTYPE_TO_MLIR)."""

    shape: tuple
    dtype: str

    @property
    def rank(self) -> int:
        return len(self.shape)

    def __str__(self) -> str:
        dims = "".join(f"{d}x" for d in self.shape)
        return f"tensor<{dims}{DTYPE_TO_MLIR[self.dtype]}>"


def is_float(dtype: str) -> bool:
    return dtype in FLOAT_DTYPES


def is_int(dtype: str) -> bool:
    """Signed or unsigned integer (not bool)."""
    return dtype in INT_DTYPES


def is_unsigned(dtype: str) -> bool:
    """uint8/16/32/64 (bool is not counted: its ops have their own lowering)."""
    return dtype in UNSIGNED_DTYPES


def signless(ty):
    """`ty` (an MLIR integer type, or a shaped type of one) with the sign dropped: ui32 -> i32;
    other types are returned as they are."""
    from mlir import ir

    if isinstance(ty, ir.ShapedType):
        st = ir.ShapedType(ty)
        elt = st.element_type
        if isinstance(elt, ir.IntegerType) and not ir.IntegerType(elt).is_signless:
            if isinstance(ty, ir.RankedTensorType):
                return ir.RankedTensorType.get(list(st.shape), signless(elt))
            if isinstance(ty, ir.MemRefType):
                m = ir.MemRefType(ty)
                return ir.MemRefType.get(list(st.shape), signless(elt), m.layout, m.memory_space)
        return ty
    if isinstance(ty, ir.IntegerType) and not ir.IntegerType(ty).is_signless:
        return ir.IntegerType.get_signless(ir.IntegerType(ty).width)
    return ty


def dtype_name(dtype) -> str:
    """Canonical dtype name for anything numpy accepts as a dtype; raises for unsupported ones."""
    try:
        name = np.dtype(dtype).name
    except TypeError as e:
        raise TypeError(f"descend: {dtype!r} is not a dtype") from e
    if name not in DTYPE_TO_MLIR:
        raise NotImplementedError(
            f"descend: dtype {name} is not supported (supported: {', '.join(DTYPE_TO_MLIR)})"
        )
    return name


# MLIR 22 computes element counts and byte sizes in int64 and aborts the process on
# overflow (bufferization, memref-to-llvm): shapes are limited to 2^56 elements.
MAX_ELEMENTS = 2**56


def check_shape(shape) -> None:
    """ValueError for a negative dimension or more than MAX_ELEMENTS elements (counting the
    nonzero dimensions only: MLIR's strides of (2^60, 2^60, 0) overflow too)."""
    count = 1
    for d in shape:
        if d < 0:
            raise ValueError(f"descend: negative dimension in shape {tuple(shape)}")
        count *= max(d, 1)
    if count > MAX_ELEMENTS:
        raise ValueError(f"descend: shape {tuple(shape)} is too large (more than 2^56 elements)")


def to_mlir(t: TType):
    """`TType` -> `mlir.ir.RankedTensorType` (needs an active context)."""
    from mlir import ir

    check_shape(t.shape)
    return ir.RankedTensorType.get(list(t.shape), element_type(t.dtype))


def element_type(dtype: str):
    from mlir import ir

    return ir.Type.parse(DTYPE_TO_MLIR[dtype])


def from_mlir(ty) -> TType:
    """`mlir.ir.Type` -> `TType`; raises ValueError for anything but a static ranked tensor
    of a supported element type."""
    from mlir import ir

    if not isinstance(ty, ir.RankedTensorType):
        raise ValueError(f"expected a ranked tensor type, got {ty}")
    rt = ir.RankedTensorType(ty)
    if not rt.has_static_shape:
        raise ValueError(f"expected a static shape, got {ty}")
    elt = str(rt.element_type)
    if elt not in MLIR_TO_DTYPE:
        raise ValueError(f"unsupported element type {elt} in {ty}")
    return TType(tuple(rt.shape), MLIR_TO_DTYPE[elt])
