"""Load the dsc dialect into a context and build dsc ops with inferred types.

- `load_dsc_dialect(ctx)` registers the IRDL definition in `dsc.irdl.mlir`;
  `new_context()` makes a context with every upstream dialect and dsc loaded
  (every context descend creates comes from here).
- `build(name, operands, attrs, loc, out)` creates `dsc.<name>` at the current
  insertion point, with its result type inferred by `shape_rules.infer`.
- `op_attrs(op)` reads a dsc op's attributes back as Python values, the form
  the shape rules and the lowerings take.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from mlir import ir
from mlir.dialects import irdl

from . import shape_rules
from .types import TType, from_mlir, to_mlir

IRDL_PATH = Path(__file__).with_name("dsc.irdl.mlir")
_IRDL_TEXT = IRDL_PATH.read_text()

# Attribute kinds by name; everything else is a string attribute.
INT_ARRAY_ATTRS = {
    "broadcast_dimensions",
    "permutation",
    "dimensions",
    "slice_sizes",
    "start_indices",
    "limit_indices",
    "strides",
    "edge_padding_low",
    "edge_padding_high",
    "interior_padding",
    "axes",
    "lhs_contracting_dimensions",
    "rhs_contracting_dimensions",
    "lhs_batch_dimensions",
    "rhs_batch_dimensions",
    "dims",
}
INT_ATTRS = {"dimension", "axis"}


def load_dsc_dialect(ctx: ir.Context) -> None:
    """Register the dsc dialect (from IRDL) in `ctx`."""
    with ctx, ir.Location.unknown():
        irdl.load_dialects(ir.Module.parse(_IRDL_TEXT))


def new_context() -> ir.Context:
    """A fresh MLIR context with all upstream dialects and dsc loaded.

    Multithreading is off: descend compiles small modules, and a thread pool per
    context would cost more than it gives."""
    ctx = ir.Context()
    ctx.enable_multithreading(False)
    load_dsc_dialect(ctx)
    return ctx


def is_dsc(op) -> bool:
    return op.operation.name.startswith("dsc.")


def to_attr(name: str, value) -> ir.Attribute:
    """Python value -> MLIR attribute for dsc attribute `name` (needs a context)."""
    if name in INT_ARRAY_ATTRS:
        return ir.DenseI64ArrayAttr.get([int(v) for v in value])
    if name in INT_ATTRS:
        return ir.IntegerAttr.get(ir.IntegerType.get_signless(64), int(value))
    if name == "value":
        arr = np.asarray(value)
        ty = to_mlir(TType(arr.shape, arr.dtype.name))
        if arr.dtype == np.bool_:
            return ir.DenseElementsAttr.get(np.packbits(arr, bitorder="little"), type=ty)
        return ir.DenseElementsAttr.get(np.ascontiguousarray(arr), type=ty)
    return ir.StringAttr.get(str(value))


def from_attr(name: str, attr: ir.Attribute):
    """MLIR attribute -> Python value (tuple, int, str or numpy array); ValueError if malformed."""
    try:
        if name in INT_ARRAY_ATTRS:
            return tuple(ir.DenseI64ArrayAttr(attr))
        if name in INT_ATTRS:
            return ir.IntegerAttr(attr).value
        if name == "value":
            return dense_to_numpy(ir.DenseElementsAttr(attr))
        return ir.StringAttr(attr).value
    except (ValueError, TypeError) as e:
        raise ValueError(f"attribute `{name}` has the wrong kind: {attr}") from e


def dense_to_numpy(attr: ir.DenseElementsAttr) -> np.ndarray:
    """The values of a dense elements attribute as a numpy array of its dtype."""
    t = from_mlir(attr.type)
    if attr.is_splat:
        v = attr.get_splat_value()
        scalar = ir.FloatAttr(v).value if isinstance(v, ir.FloatAttr) else ir.IntegerAttr(v).value
        if t.dtype == "bool":
            scalar = bool(scalar & 1)
        elif t.dtype.startswith("uint"):  # the bindings read a ui64 splat as int64
            scalar %= 1 << (8 * np.dtype(t.dtype).itemsize)
        return np.full(t.shape, scalar, dtype=t.dtype)
    if t.dtype == "bfloat16":
        return _bf16_from_text(str(attr), t.shape)
    if t.dtype == "bool":
        # The buffer of an i1 attribute holds one bool per element (it is built from packed bits).
        raw = np.array(ir.DenseIntElementsAttr(attr), copy=True)
        n = int(np.prod(t.shape))
        if raw.size != n:  # packed bits, as older bindings exposed them
            raw = np.unpackbits(raw.view(np.uint8), bitorder="little")[:n]
        return raw.astype(bool).reshape(t.shape)
    return np.array(attr, copy=True).reshape(t.shape).astype(t.dtype, copy=False)


def _bf16_from_text(text: str, shape) -> np.ndarray:
    """The values of a non-splat bf16 dense attribute from its printed form (the bindings give
    no buffer for bf16): `dense<"0x...">` (raw little-endian bytes) or a nested list whose
    elements are decimals (printed with enough digits to be exact) or `0x` bit patterns."""
    import re

    body = text[text.index("<") + 1 : text.rindex(">")]
    if body.startswith('"0x'):
        raw = bytes.fromhex(body[3 : body.index('"', 3)])
        return np.frombuffer(raw, dtype="<u2").view("bfloat16").reshape(shape).copy()
    out = []
    for tok in re.findall(r"0x[0-9A-Fa-f]+|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", body.split(">")[0]):
        if tok.startswith("0x"):
            out.append(np.array([int(tok, 16)], np.uint16).view("bfloat16")[0])
        else:
            out.append(np.float32(tok).astype("bfloat16"))
    return np.array(out, dtype="bfloat16").reshape(shape)


def op_attrs(op) -> dict:
    """All attributes of a dsc op as Python values."""
    op = op.operation
    attrs = op.attributes
    return {name: from_attr(name, attrs[name]) for name in attrs}


def build(name: str, operands: list, attrs: dict | None = None, loc=None, out: TType | None = None):
    """Create `dsc.<name>` at the current insertion point; returns its result `ir.Value`.

    The result type comes from the shape rule of `name` (which raises
    `DscTypeError` on bad shapes/dtypes); `out` is the requested result type for
    ops whose type carries information (see `shape_rules`)."""
    attrs = attrs or {}
    in_types = [from_mlir(v.type) for v in operands]
    result = shape_rules.infer(name, in_types, attrs, out)
    op = ir.Operation.create(
        f"dsc.{name}",
        results=[to_mlir(result)],
        operands=list(operands),
        attributes={k: to_attr(k, v) for k, v in attrs.items()},
        loc=loc,
    )
    return op.result
