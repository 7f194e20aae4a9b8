"""Shape and dtype rules of the dsc ops, one entry per op name.

`infer(op_name, inputs, attrs, out)` returns the result `TType` of an op or
raises `DscTypeError` naming the op, the shapes and what is wrong.

- `inputs` is the list of operand `TType`s;
- `attrs` maps attribute names to Python values (tuples of ints, ints,
  strings, or a numpy array for `constant.value`);
- `out` is the result type the caller asks for, used by the ops whose result
  type carries information that no attribute holds (the target shape of
  `reshape` and `broadcast_in_dim`, the dtype of `convert`, the shape and
  dtype of `iota` and `constant`, the index dtype of `argmax`).

The tracer calls `infer` to build ops (so bad shapes fail at the user's
line); the `dsc-verify` pass calls it on parsed IR and compares the answer
with the result type written there. IRDL (`dsc.irdl.mlir`) checks only base
types, so everything below is what makes a dsc op well-formed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .types import TType, is_float, is_int

UNARY_OPS = (
    "neg abs sign exp log log1p expm1 sqrt rsqrt sin cos tan tanh logistic floor ceil round not"
).split()
UNARY_OPS += (
    "asin acos atan sinh cosh asinh acosh atanh erf erfc erf_inv cbrt exp2 lgamma digamma population_count clz"
).split()
BINARY_OPS = "add sub mul div rem pow max min atan2 and or xor".split()
BINARY_OPS += "shift_left shift_right_logical shift_right_arithmetic".split()
# Elementwise ops that only make sense on floating-point tensors.
FLOAT_ONLY = set(
    "exp log log1p expm1 sqrt rsqrt sin cos tan tanh logistic floor ceil round atan2".split()
)
FLOAT_ONLY |= set("asin acos atan sinh cosh asinh acosh atanh erf erfc erf_inv cbrt exp2 lgamma digamma".split())
# Ops on integers and booleans only.
INT_BOOL_ONLY = {"not", "and", "or", "xor"}
# Ops on integers only (bit counts and shifts).
INT_ONLY = {"population_count", "clz", "shift_left", "shift_right_logical", "shift_right_arithmetic"}
COMPARE_DIRECTIONS = ("EQ", "NE", "LT", "LE", "GT", "GE")
REDUCE_KINDS = ("sum", "prod", "max", "min", "and", "or")


class DscTypeError(TypeError):
    """A dsc op was given operands or attributes it cannot accept."""


def _fail(op: str, msg: str):
    raise DscTypeError(f"dsc.{op}: {msg}")


def _shapes(inputs) -> str:
    return ", ".join(str(tuple(t.shape)) for t in inputs)


def _check_dtype(op: str, t: TType):
    if op in FLOAT_ONLY and not is_float(t.dtype):
        _fail(op, f"requires a floating-point operand, got {t.dtype}")
    if op in INT_BOOL_ONLY and not (is_int(t.dtype) or t.dtype == "bool"):
        _fail(op, f"requires an integer or boolean operand, got {t.dtype}")
    if op not in INT_BOOL_ONLY and t.dtype == "bool" and op not in ("max", "min"):
        _fail(op, "does not accept boolean operands")
    if op in INT_ONLY and not is_int(t.dtype):
        _fail(op, f"requires an integer operand, got {t.dtype}")


def _unary(op):
    def rule(inputs, attrs, out):
        (x,) = inputs
        _check_dtype(op, x)
        return x

    return rule


def _binary(op):
    def rule(inputs, attrs, out):
        a, b = inputs
        if a.shape != b.shape:
            _fail(op, f"operands must have equal shapes, got {_shapes(inputs)}")
        if a.dtype != b.dtype:
            _fail(op, f"operands must have equal dtypes, got {a.dtype} and {b.dtype}")
        _check_dtype(op, a)
        return a

    return rule


def _compare(inputs, attrs, out):
    a, b = inputs
    if a.shape != b.shape or a.dtype != b.dtype:
        _fail("compare", f"operands must have equal types, got {a} and {b}")
    if attrs.get("direction") not in COMPARE_DIRECTIONS:
        _fail("compare", f"direction must be one of {COMPARE_DIRECTIONS}, got {attrs.get('direction')!r}")
    return TType(a.shape, "bool")


def _select(inputs, attrs, out):
    p, t, f = inputs
    if p.dtype != "bool":
        _fail("select", f"predicate must be boolean, got {p.dtype}")
    if not (p.shape == t.shape == f.shape) or t.dtype != f.dtype:
        _fail("select", f"operands must have equal shapes and branch dtypes, got {p}, {t}, {f}")
    return t


def _convert(inputs, attrs, out):
    (x,) = inputs
    if out is None:
        _fail("convert", "needs a result dtype")
    return TType(x.shape, out.dtype)


def _is_finite(inputs, attrs, out):
    (x,) = inputs
    if not is_float(x.dtype):
        _fail("is_finite", f"requires a floating-point operand, got {x.dtype}")
    return TType(x.shape, "bool")


def _bitcast_convert_type(inputs, attrs, out):
    (x,) = inputs
    if out is None:
        _fail("bitcast_convert_type", "needs a result dtype")
    if "bool" in (x.dtype, out.dtype) or np.dtype(x.dtype).itemsize != np.dtype(out.dtype).itemsize:
        _fail("bitcast_convert_type", f"needs element types of one bit width (not bool), got {x.dtype} and {out.dtype}")
    return TType(x.shape, out.dtype)


def _constant(inputs, attrs, out):
    value = attrs.get("value")
    if value is None:
        _fail("constant", "needs a `value` attribute")
    return TType(tuple(value.shape), str(value.dtype))


def _iota(inputs, attrs, out):
    if out is None:
        _fail("iota", "needs a result type")
    d = attrs.get("dimension")
    if not isinstance(d, int) or not 0 <= d < len(out.shape):
        _fail("iota", f"dimension {d} out of range for shape {out.shape}")
    if out.dtype == "bool":
        _fail("iota", "result cannot be boolean")
    return out


def _int_tuple(op, attrs, name, length=None):
    v = attrs.get(name)
    if v is None:
        _fail(op, f"missing attribute `{name}`")
    v = tuple(v)
    if length is not None and len(v) != length:
        _fail(op, f"`{name}` has {len(v)} entries, expected {length}")
    return v


def _broadcast_in_dim(inputs, attrs, out):
    (x,) = inputs
    if out is None:
        _fail("broadcast_in_dim", "needs a result shape")
    dims = _int_tuple("broadcast_in_dim", attrs, "broadcast_dimensions", x.rank)
    if len(set(dims)) != len(dims) or any(not 0 <= d < len(out.shape) for d in dims):
        _fail("broadcast_in_dim", f"broadcast_dimensions {dims} invalid for result shape {out.shape}")
    if list(dims) != sorted(dims):
        _fail("broadcast_in_dim", f"broadcast_dimensions {dims} must be increasing")
    for i, d in enumerate(dims):
        if x.shape[i] not in (1, out.shape[d]):
            _fail(
                "broadcast_in_dim",
                f"cannot broadcast shape {x.shape} to {out.shape} (operand dim {i} of size "
                f"{x.shape[i]} vs result dim {d} of size {out.shape[d]})",
            )
    return TType(tuple(out.shape), x.dtype)


def _size(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _reshape(inputs, attrs, out):
    (x,) = inputs
    if out is None:
        _fail("reshape", "needs a result shape")
    if _size(x.shape) != _size(out.shape):
        _fail("reshape", f"cannot reshape {x.shape} ({_size(x.shape)} elements) to {out.shape}")
    return TType(tuple(out.shape), x.dtype)


def _transpose(inputs, attrs, out):
    (x,) = inputs
    perm = _int_tuple("transpose", attrs, "permutation", x.rank)
    if sorted(perm) != list(range(x.rank)):
        _fail("transpose", f"permutation {perm} is not a permutation of {x.rank} dims")
    return TType(tuple(x.shape[p] for p in perm), x.dtype)


def _rev(inputs, attrs, out):
    (x,) = inputs
    dims = _int_tuple("rev", attrs, "dimensions")
    if len(set(dims)) != len(dims) or any(not 0 <= d < x.rank for d in dims):
        _fail("rev", f"dimensions {dims} invalid for shape {x.shape}")
    return x


def _check_indices(op, x, indices):
    if len(indices) != x.rank:
        _fail(op, f"needs {x.rank} start indices for shape {x.shape}, got {len(indices)}")
    for t in indices:
        if t.shape != () or not is_int(t.dtype):
            _fail(op, f"start indices must be rank-0 integer tensors, got {t}")
    if len({t.dtype for t in indices}) > 1:
        _fail(op, "start indices must share one dtype")


def _dynamic_slice(inputs, attrs, out):
    x, *indices = inputs
    _check_indices("dynamic_slice", x, indices)
    sizes = _int_tuple("dynamic_slice", attrs, "slice_sizes", x.rank)
    for d, (s, n) in enumerate(zip(sizes, x.shape)):
        if not 0 <= s <= n:
            _fail("dynamic_slice", f"slice size {s} of dim {d} does not fit shape {x.shape}")
    return TType(tuple(sizes), x.dtype)


def _dynamic_update_slice(inputs, attrs, out):
    x, update, *indices = inputs
    _check_indices("dynamic_update_slice", x, indices)
    if update.rank != x.rank or update.dtype != x.dtype or any(u > n for u, n in zip(update.shape, x.shape)):
        _fail("dynamic_update_slice", f"update {update} does not fit operand {x}")
    return x


def _slice(inputs, attrs, out):
    (x,) = inputs
    start = _int_tuple("slice", attrs, "start_indices", x.rank)
    limit = _int_tuple("slice", attrs, "limit_indices", x.rank)
    strides = _int_tuple("slice", attrs, "strides", x.rank)
    shape = []
    for d, (s, e, st) in enumerate(zip(start, limit, strides)):
        if st < 1 or not 0 <= s <= e <= x.shape[d]:
            _fail("slice", f"invalid slice [{s}:{e}:{st}] of dim {d} (size {x.shape[d]}) of shape {x.shape}")
        shape.append(-(-(e - s) // st))
    return TType(tuple(shape), x.dtype)


def _concatenate(inputs, attrs, out):
    if len(inputs) != 2:
        _fail("concatenate", f"takes exactly two operands, got {len(inputs)}")
    d = attrs.get("dimension")
    r = inputs[0].rank
    if not isinstance(d, int) or not 0 <= d < r:
        _fail("concatenate", f"dimension {d} out of range for rank {r}")
    for t in inputs:
        if t.rank != r or t.dtype != inputs[0].dtype or any(
            t.shape[i] != inputs[0].shape[i] for i in range(r) if i != d
        ):
            _fail("concatenate", f"operands must agree except in dimension {d}, got {', '.join(map(str, inputs))}")
    shape = list(inputs[0].shape)
    shape[d] = sum(t.shape[d] for t in inputs)
    return TType(tuple(shape), inputs[0].dtype)


def _pad(inputs, attrs, out):
    x, v = inputs
    if v.shape != () or v.dtype != x.dtype:
        _fail("pad", f"padding value must be a scalar of dtype {x.dtype}, got {v}")
    lo = _int_tuple("pad", attrs, "edge_padding_low", x.rank)
    hi = _int_tuple("pad", attrs, "edge_padding_high", x.rank)
    interior = _int_tuple("pad", attrs, "interior_padding", x.rank)
    shape = []
    for d in range(x.rank):
        if interior[d] < 0:
            _fail("pad", f"interior padding must be >= 0, got {interior}")
        n = x.shape[d]
        size = lo[d] + hi[d] + n + max(n - 1, 0) * interior[d]
        if size < 0:
            _fail("pad", f"padding {lo}/{hi} of shape {x.shape} gives a negative size")
        shape.append(size)
    return TType(tuple(shape), x.dtype)


def _axes(op, attrs, rank):
    axes = _int_tuple(op, attrs, "axes")
    if len(set(axes)) != len(axes) or any(not 0 <= a < rank for a in axes):
        _fail(op, f"axes {axes} invalid for rank {rank}")
    return axes


def _reduce(inputs, attrs, out):
    (x,) = inputs
    kind = attrs.get("kind")
    if kind not in REDUCE_KINDS:
        _fail("reduce", f"kind must be one of {REDUCE_KINDS}, got {kind!r}")
    if kind in ("and", "or") and x.dtype != "bool":
        _fail("reduce", f"kind {kind!r} needs a boolean operand, got {x.dtype}")
    if kind in ("sum", "prod") and x.dtype == "bool":
        _fail("reduce", f"kind {kind!r} does not accept a boolean operand")
    axes = _axes("reduce", attrs, x.rank)
    return TType(tuple(s for i, s in enumerate(x.shape) if i not in axes), x.dtype)


def _dot_general(inputs, attrs, out):
    a, b = inputs
    lc = _int_tuple("dot_general", attrs, "lhs_contracting_dimensions")
    rc = _int_tuple("dot_general", attrs, "rhs_contracting_dimensions")
    lb = _int_tuple("dot_general", attrs, "lhs_batch_dimensions")
    rb = _int_tuple("dot_general", attrs, "rhs_batch_dimensions")
    where = f"lhs {a.shape}, rhs {b.shape}"
    if a.dtype != b.dtype:
        _fail("dot_general", f"operands must have equal dtypes, got {a.dtype} and {b.dtype}")
    if len(lc) != len(rc) or len(lb) != len(rb):
        _fail("dot_general", f"contracting/batch dimension lists differ in length ({where})")
    for dims, t, name in ((lc + lb, a, "lhs"), (rc + rb, b, "rhs")):
        if len(set(dims)) != len(dims) or any(not 0 <= d < t.rank for d in dims):
            _fail("dot_general", f"{name} contracting/batch dimensions {dims} invalid ({where})")
    for x, y in list(zip(lc, rc)) + list(zip(lb, rb)):
        if a.shape[x] != b.shape[y]:
            _fail("dot_general", f"lhs dim {x} (size {a.shape[x]}) does not match rhs dim {y} (size {b.shape[y]}) ({where})")
    shape = [a.shape[d] for d in lb]
    shape += [s for i, s in enumerate(a.shape) if i not in lc + lb]
    shape += [s for i, s in enumerate(b.shape) if i not in rc + rb]
    dtype = out.dtype if out is not None else a.dtype
    return TType(tuple(shape), dtype)


def _arg(op):
    def rule(inputs, attrs, out):
        (x,) = inputs
        axis = attrs.get("axis")
        if not isinstance(axis, int) or not 0 <= axis < x.rank:
            _fail(op, f"axis {axis} out of range for shape {x.shape}")
        if x.shape[axis] == 0:
            _fail(op, f"cannot take {op} of an empty axis (shape {x.shape})")
        dtype = out.dtype if out is not None else "int32"
        if not is_int(dtype):
            _fail(op, f"index dtype must be an integer type, got {dtype}")
        return TType(tuple(s for i, s in enumerate(x.shape) if i != axis), dtype)

    return rule


SCATTER_MODES = ("set", "add", "mul", "min", "max")


def _index_dims(op, x, idx, attrs):
    """Check gather/scatter's `dims` and indices; returns (dims, batch shape, other dims)."""
    dims = _int_tuple(op, attrs, "dims")
    if len(set(dims)) != len(dims) or any(not 0 <= d < x.rank for d in dims):
        _fail(op, f"dims {dims} invalid for operand shape {x.shape}")
    if not is_int(idx.dtype):
        _fail(op, f"indices must be integers, got {idx.dtype}")
    if idx.rank < 1 or idx.shape[-1] != len(dims):
        _fail(op, f"indices of shape {idx.shape} must end in a dim of size {len(dims)} (one per entry of dims {dims})")
    batch = tuple(idx.shape[:-1])
    rest = tuple(s for d, s in enumerate(x.shape) if d not in dims)
    return dims, batch, rest


def _gather(inputs, attrs, out):
    x, idx = inputs
    dims, batch, rest = _index_dims("gather", x, idx, attrs)
    if _size(batch) and any(x.shape[d] == 0 for d in dims):
        _fail("gather", f"cannot gather from an empty dim of operand shape {x.shape} (dims {dims})")
    return TType(batch + rest, x.dtype)


def _scatter(inputs, attrs, out):
    x, idx, upd = inputs
    dims, batch, rest = _index_dims("scatter", x, idx, attrs)
    mode = attrs.get("mode")
    if mode not in SCATTER_MODES:
        _fail("scatter", f"mode must be one of {SCATTER_MODES}, got {mode!r}")
    if upd.dtype != x.dtype:
        _fail("scatter", f"updates must have the operand's dtype {x.dtype}, got {upd.dtype}")
    if tuple(upd.shape) != batch + rest:
        _fail("scatter", f"updates of shape {upd.shape} must have shape {batch + rest} (indices {idx.shape}, operand {x.shape}, dims {dims})")
    if mode in ("add", "mul") and x.dtype == "bool":
        _fail("scatter", f"mode {mode!r} does not accept a boolean operand")
    return x


RULES: dict[str, Callable] = {
    **{op: _unary(op) for op in UNARY_OPS},
    **{op: _binary(op) for op in BINARY_OPS},
    "stop_gradient": lambda inputs, attrs, out: inputs[0],
    "compare": _compare,
    "select": _select,
    "convert": _convert,
    "is_finite": _is_finite,
    "bitcast_convert_type": _bitcast_convert_type,
    "constant": _constant,
    "iota": _iota,
    "broadcast_in_dim": _broadcast_in_dim,
    "reshape": _reshape,
    "transpose": _transpose,
    "rev": _rev,
    "dynamic_slice": _dynamic_slice,
    "dynamic_update_slice": _dynamic_update_slice,
    "slice": _slice,
    "concatenate": _concatenate,
    "pad": _pad,
    "reduce": _reduce,
    "dot_general": _dot_general,
    "argmax": _arg("argmax"),
    "argmin": _arg("argmin"),
    "gather": _gather,
    "scatter": _scatter,
}


def infer(op: str, inputs: list, attrs: dict, out: TType | None = None) -> TType:
    """The result type of dsc.`op` on `inputs` with `attrs` (see the module docstring)."""
    if op not in RULES:
        raise DscTypeError(f"dsc.{op}: unknown op")
    return RULES[op](list(inputs), attrs, out)
