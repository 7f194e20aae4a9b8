"""Tensor types as the shape rules see them: a shape tuple and a dtype name.

`TType` is the small, MLIR-free description of a ranked tensor type that the
tracer, the shape rules and the verifier share. `to_mlir` / `from_mlir`
convert to and from `mlir.ir.RankedTensorType`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

# dtype name -> MLIR element type. Signless integers are read as signed.
DTYPE_TO_MLIR = {
    "bool": "i1",
    "int8": "i8",
    "int16": "i16",
    "int32": "i32",
    "int64": "i64",
    "float16": "f16",
    "float32": "f32",
    "float64": "f64",
}
MLIR_TO_DTYPE = {v: k for k, v in DTYPE_TO_MLIR.items()}

FLOAT_DTYPES = ("float16", "float32", "float64")
INT_DTYPES = ("int8", "int16", "int32", "int64")


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
    return dtype in INT_DTYPES


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
