"""`descend.lax`: the dsc primitives as functions, with JAX's `jax.lax` names.

Each function takes Tracers, `descend.Array`s, NumPy arrays or scalars and
binds one dsc op. Unlike `descend.numpy`, nothing is broadcast or promoted
implicitly (operands must already agree), as in `jax.lax`. Outside `jit` they
run eagerly (compiled once per signature).
"""

from __future__ import annotations

import numpy as np

from descend.dialects.types import TType

from . import dtypes
from .array import Array
from .jit import api
from .tracing import Tracer, bind, current_trace


def to_tracer(x, dtype: str | None = None) -> Tracer:
    """Make `x` a Tracer of the current trace: Tracers pass through, arrays and
    scalars become dsc.constant (Python scalars weakly typed, of `dtype` if given).
    A weakly typed Tracer (a Python scalar passed to jit or to an eager call) is
    converted to `dtype` if given, and stays weak, like the constant it stands for."""
    if isinstance(x, Tracer):
        if dtype is not None and x.weak and x.aval.dtype != dtype:
            wide = getattr(x, "_wide", None)  # a Python float given as float64 (see jit.eager_call)
            if wide is not None and dtype == wide.aval.dtype:
                return wide
            return bind("convert", x, out=TType(x.shape, dtypes.canonicalize_dtype(dtype)), weak=True)
        return x
    weak = False
    if isinstance(x, Array):
        arr = x._buffer
    elif isinstance(x, (bool, int, float)) and not isinstance(x, np.generic):
        weak = True
        arr = np.asarray(x, dtype=dtype or dtypes.python_scalar_dtype(x))
    elif isinstance(x, (np.ndarray, np.generic, list, tuple)):
        arr = np.asarray(x)
        if arr.dtype == object or (arr.dtype.kind in "USV" and arr.dtype.name != "bfloat16"):
            raise TypeError(f"descend: cannot convert {type(x).__name__} of dtype {arr.dtype} to an array")
        if isinstance(x, (list, tuple)):
            arr = arr.astype(_default_for(arr.dtype))
    else:
        raise TypeError(f"descend: {type(x).__name__} is not a valid array type")
    name = dtypes.dtype_name(arr.dtype)
    return bind("constant", value=arr.astype(name, copy=False), weak=weak)


def _default_for(dtype: np.dtype) -> str:
    """JAX's defaults for values built from Python lists: float32 and int32."""
    if dtype.kind == "f":
        return "float32"
    if dtype.kind in "iu":
        return "int32"
    return dtypes.dtype_name(dtype)


def _unary(op):
    @api
    def f(x):
        return bind(op, to_tracer(x))

    f.__name__ = op
    f.__doc__ = f"Elementwise dsc.{op}."
    return f


neg = _unary("neg")
abs = _unary("abs")  # noqa: A001
sign = _unary("sign")
exp = _unary("exp")
log = _unary("log")
log1p = _unary("log1p")
expm1 = _unary("expm1")
sqrt = _unary("sqrt")
rsqrt = _unary("rsqrt")
sin = _unary("sin")
cos = _unary("cos")
tan = _unary("tan")
tanh = _unary("tanh")
logistic = _unary("logistic")
floor = _unary("floor")
ceil = _unary("ceil")
round = _unary("round")  # noqa: A001  (half to even, as numpy)
bitwise_not = _unary("not")
not_ = bitwise_not


asin = _unary("asin")
acos = _unary("acos")
atan = _unary("atan")
sinh = _unary("sinh")
cosh = _unary("cosh")
asinh = _unary("asinh")
acosh = _unary("acosh")
atanh = _unary("atanh")
erf = _unary("erf")
erfc = _unary("erfc")
erf_inv = _unary("erf_inv")
cbrt = _unary("cbrt")
exp2 = _unary("exp2")
lgamma = _unary("lgamma")
digamma = _unary("digamma")
population_count = _unary("population_count")
clz = _unary("clz")


@api
def is_finite(x):
    """Elementwise: neither inf nor nan (a boolean array)."""
    return bind("is_finite", to_tracer(x))


@api
def bitcast_convert_type(operand, new_dtype):
    """Reinterpret the bits of each element as `new_dtype`, of the same width."""
    t = to_tracer(operand)
    dt = dtypes.canonicalize_dtype(new_dtype)
    if t.aval.dtype == dt:
        return t
    return bind("bitcast_convert_type", t, out=TType(t.shape, dt))


@api
def stop_gradient(x):
    """The identity, with a zero derivative."""
    return bind("stop_gradient", to_tracer(x))


@api(static_argnames=("dimensions",))
def rev(operand, dimensions):
    """Reverse the order of elements along `dimensions`."""
    t = to_tracer(operand)
    dimensions = tuple(sorted(int(d) for d in dimensions))
    if not dimensions:
        return t
    return bind("rev", t, dimensions=dimensions)


def _binary(op, name=None):
    @api
    def f(x, y):
        return bind(op, to_tracer(x), to_tracer(y))

    f.__name__ = name or op
    f.__doc__ = f"Elementwise dsc.{op}; operands must have equal shapes and dtypes."
    return f


add = _binary("add")
sub = _binary("sub")
mul = _binary("mul")
div = _binary("div")
rem = _binary("rem")
pow = _binary("pow")  # noqa: A001
max = _binary("max")  # noqa: A001
min = _binary("min")  # noqa: A001
atan2 = _binary("atan2")
bitwise_and = _binary("and", "bitwise_and")
bitwise_or = _binary("or", "bitwise_or")
bitwise_xor = _binary("xor", "bitwise_xor")
shift_left = _binary("shift_left")
shift_right_logical = _binary("shift_right_logical")
shift_right_arithmetic = _binary("shift_right_arithmetic")


def _compare(direction):
    @api
    def f(x, y):
        return bind("compare", to_tracer(x), to_tracer(y), direction=direction)

    f.__name__ = direction.lower()
    return f


eq, ne, lt, le, gt, ge = (_compare(d) for d in ("EQ", "NE", "LT", "LE", "GT", "GE"))


@api
def select(pred, on_true, on_false):
    """Elementwise choice: on_true where pred, else on_false (equal shapes)."""
    return bind("select", to_tracer(pred), to_tracer(on_true), to_tracer(on_false))


@api
def convert_element_type(x, new_dtype):
    """Cast to `new_dtype`."""
    t = to_tracer(x)
    dt = dtypes.canonicalize_dtype(new_dtype)
    if t.aval.dtype == dt:
        return t
    wide = getattr(t, "_wide", None)  # a Python float given as float64 (see jit.eager_call)
    if wide is not None and wide.aval.dtype == dt:
        return Tracer(wide._trace, wide.value, wide.aval, False)
    return bind("convert", t, out=TType(t.shape, dt))


@api(static_argnames=("shape", "dimension"))
def broadcasted_iota(dtype, shape, dimension: int):
    """An array of `shape` whose values count along `dimension`."""
    shape = tuple(int(s) for s in shape)
    return bind("iota", out=TType(shape, dtypes.canonicalize_dtype(dtype)), dimension=int(dimension))


def iota(dtype, size: int):
    """[0, 1, ..., size-1] of `dtype`."""
    return broadcasted_iota(dtype, (size,), 0)


@api(static_argnames=("shape", "broadcast_dimensions"))
def broadcast_in_dim(operand, shape, broadcast_dimensions):
    """Operand dim i becomes result dim broadcast_dimensions[i]."""
    t = to_tracer(operand)
    shape = tuple(int(s) for s in shape)
    if t.shape == shape and tuple(broadcast_dimensions) == tuple(range(len(shape))):
        return t
    return bind(
        "broadcast_in_dim",
        t,
        out=TType(shape, t.aval.dtype),
        broadcast_dimensions=tuple(int(d) for d in broadcast_dimensions),
    )


@api(static_argnames=("new_sizes", "dimensions"))
def reshape(operand, new_sizes, dimensions=None):
    """Row-major reshape."""
    if dimensions is not None:
        raise NotImplementedError("lax.reshape: argument 'dimensions' is not supported")
    t = to_tracer(operand)
    new_sizes = tuple(int(s) for s in new_sizes)
    if t.shape == new_sizes:
        return t
    return bind("reshape", t, out=TType(new_sizes, t.aval.dtype))


@api(static_argnames=("permutation",))
def transpose(operand, permutation):
    t = to_tracer(operand)
    permutation = tuple(int(p) for p in permutation)
    if permutation == tuple(range(t.ndim)):
        return t
    return bind("transpose", t, permutation=permutation)


@api(static_argnames=("start_indices", "limit_indices", "strides"))
def slice(operand, start_indices, limit_indices, strides=None):  # noqa: A001
    t = to_tracer(operand)
    strides = tuple(strides) if strides is not None else (1,) * t.ndim
    return bind(
        "slice",
        t,
        start_indices=tuple(start_indices),
        limit_indices=tuple(limit_indices),
        strides=strides,
    )


@api(static_argnames=("dimension",))
def concatenate(operands, dimension: int):
    """Join `operands` along `dimension` (a left fold of binary dsc.concatenate)."""
    ts = [to_tracer(x) for x in operands]
    out = ts[0]
    for t in ts[1:]:
        out = bind("concatenate", out, t, dimension=int(dimension))
    return out


@api(static_argnames=("padding_config",))
def pad(operand, padding_value, padding_config):
    """`padding_config` is a sequence of (low, high, interior) per dimension."""
    t = to_tracer(operand)
    v = to_tracer(padding_value, t.aval.dtype)
    cfg = [tuple(int(c) for c in p) for p in padding_config]
    return bind(
        "pad",
        t,
        v,
        edge_padding_low=tuple(c[0] for c in cfg),
        edge_padding_high=tuple(c[1] for c in cfg),
        interior_padding=tuple(c[2] for c in cfg),
    )


def _reducer(kind):
    @api(static_argnames=("axes",))
    def f(operand, axes):
        t = to_tracer(operand)
        axes = tuple(sorted(int(a) for a in axes))
        if not axes:
            return t
        return bind("reduce", t, axes=axes, kind=kind)

    f.__name__ = f"reduce_{kind}"
    return f


reduce_sum = _reducer("sum")
reduce_prod = _reducer("prod")
reduce_max = _reducer("max")
reduce_min = _reducer("min")
reduce_and = _reducer("and")
reduce_or = _reducer("or")


@api(static_argnames=("dimension_numbers",))
def dot_general(lhs, rhs, dimension_numbers, precision=None, preferred_element_type=None):
    """`dimension_numbers` = ((lhs_contracting, rhs_contracting), (lhs_batch, rhs_batch))."""
    if precision is not None:
        raise NotImplementedError("lax.dot_general: argument 'precision' is not supported")
    (lc, rc), (lb, rb) = dimension_numbers
    a, b = to_tracer(lhs), to_tracer(rhs)
    out = None
    if preferred_element_type is not None:
        out = TType((), dtypes.canonicalize_dtype(preferred_element_type))
    return bind(
        "dot_general",
        a,
        b,
        out=out,
        lhs_contracting_dimensions=tuple(lc),
        rhs_contracting_dimensions=tuple(rc),
        lhs_batch_dimensions=tuple(lb),
        rhs_batch_dimensions=tuple(rb),
    )


def _arg(op):
    @api(static_argnames=("axis",))
    def f(operand, axis, index_dtype="int32"):
        t = to_tracer(operand)
        return bind(op, t, out=TType((), dtypes.canonicalize_dtype(index_dtype)), axis=int(axis))

    f.__name__ = op
    return f


argmax = _arg("argmax")
argmin = _arg("argmin")


def is_tracing() -> bool:
    return current_trace() is not None


def _index_tracer(i) -> Tracer:
    """A start index as a rank-0 int32 Tracer."""
    t = to_tracer(i, "int32")
    if t.shape != ():
        raise TypeError(f"start indices must be scalars, got shape {t.shape}")
    return convert_element_type(t, "int32")


@api(static_argnames=("slice_sizes",))
def dynamic_slice(operand, start_indices, slice_sizes):
    """operand[start : start + slice_sizes] with run-time starts, clamped to fit (as JAX)."""
    t = to_tracer(operand)
    idx = [_index_tracer(i) for i in start_indices]
    return bind("dynamic_slice", t, *idx, slice_sizes=tuple(int(s) for s in slice_sizes))


@api
def dynamic_update_slice(operand, update, start_indices):
    """operand with `update` written at run-time start indices, clamped to fit (as JAX)."""
    t = to_tracer(operand)
    u = convert_element_type(to_tracer(update, t.aval.dtype), t.aval.dtype)
    idx = [_index_tracer(i) for i in start_indices]
    return bind("dynamic_update_slice", t, u, *idx)


def dynamic_index_in_dim(operand, index, axis: int = 0, keepdims: bool = True):
    """The slice of size 1 at run-time `index` along `axis`."""
    t = to_tracer(operand)
    starts = [0] * t.ndim
    starts[axis] = index
    sizes = list(t.shape)
    sizes[axis] = 1
    r = dynamic_slice(t, starts, sizes)
    return r if keepdims else reshape(r, t.shape[:axis] + t.shape[axis + 1 :])


from ._lax_extra import *  # noqa: E402, F401, F403  (square, clamp, cumsum, sort, top_k, ... built from the primitives)
from .control.api import cond, fori_loop, map, scan, switch, while_loop  # noqa: E402, F401, A004
