"""Elementwise functions of descend.numpy, with NumPy's broadcasting and
JAX's dtype promotion."""

from __future__ import annotations

import numpy as np

from descend import dtypes, lax
from descend.jit import api
from descend.tracing import bind

from ._util import dtype_of, promote

# ---- unary ----------------------------------------------------------------------


def _float_unary(op, name):
    """Unary functions of floats; integer and boolean inputs become float32 first (as JAX)."""

    @api
    def f(x):
        dt, _ = dtype_of(x)
        (t,) = promote(name, x, dtype=dt if dtypes.is_float(dt) else dtypes.DEFAULT_FLOAT)
        return bind(op, t, weak=t.weak)

    f.__name__ = name
    f.__doc__ = f"Elementwise {name}, as numpy.{name}."
    return f


exp = _float_unary("exp", "exp")
log = _float_unary("log", "log")
log1p = _float_unary("log1p", "log1p")
expm1 = _float_unary("expm1", "expm1")
sqrt = _float_unary("sqrt", "sqrt")
sin = _float_unary("sin", "sin")
cos = _float_unary("cos", "cos")
tan = _float_unary("tan", "tan")
tanh = _float_unary("tanh", "tanh")


def _float_or_identity(op, name):
    """floor/ceil/round: identity on integers and booleans (as NumPy)."""

    @api
    def f(x):
        (t,) = promote(name, x)
        if not dtypes.is_float(t.aval.dtype):
            return t
        return bind(op, t, weak=t.weak)

    f.__name__ = name
    return f


floor = _float_or_identity("floor", "floor")
ceil = _float_or_identity("ceil", "ceil")


@api
def rint(x):
    """Round half to even; integer and boolean inputs become float32 (as NumPy and JAX)."""
    dt, _ = dtype_of(x)
    (t,) = promote("rint", x, dtype=dt if dtypes.is_float(dt) else dtypes.DEFAULT_FLOAT)
    if not dtypes.is_float(dt):
        return t
    return bind("round", t, weak=t.weak)


@api(static_argnames=("decimals",))
def round(x, decimals: int = 0):  # noqa: A001
    """Round half to even, to `decimals` places."""
    (t,) = promote("round", x)
    decimals = int(decimals)
    if dtypes.is_int(t.aval.dtype) and decimals < 0:
        return _round_int(t, 10 ** (-decimals))
    if not dtypes.is_float(t.aval.dtype):
        return t
    if decimals == 0:
        return bind("round", t, weak=t.weak)
    scale = 10.0**decimals
    return true_divide(bind("round", multiply(t, scale)), scale)


around = round


def _round_int(t, factor: int):
    """Integers rounded to a multiple of `factor`, half to even (numpy.round with decimals < 0)."""
    if factor > np.iinfo(t.aval.dtype).max:
        return multiply(t, 0)
    q = floor_divide(t, factor)
    r = subtract(t, multiply(q, factor))  # in [0, factor)
    half = multiply(r, 2)
    up = logical_or(greater(half, factor), logical_and(equal(half, factor), not_equal(remainder(q, 2), 0)))
    return multiply(add(q, astype_like(up, q)), factor)


def astype_like(x, like):
    return lax.convert_element_type(x, like.aval.dtype)


@api
def negative(x):
    (t,) = promote("negative", x)
    if t.aval.dtype == "bool":
        raise TypeError("negative: boolean arrays cannot be negated (use ~ or logical_not)")
    return bind("neg", t, weak=t.weak)


@api
def positive(x):
    (t,) = promote("positive", x)
    return t


@api
def abs(x):  # noqa: A001
    (t,) = promote("abs", x)
    if t.aval.dtype == "bool":
        return t
    return bind("abs", t, weak=t.weak)


absolute = abs


@api
def sign(x):
    (t,) = promote("sign", x)
    if t.aval.dtype == "bool":
        raise TypeError("sign: boolean arrays are not supported (as numpy)")
    return bind("sign", t, weak=t.weak)


def _promote_numeric(name, *xs):
    """promote, with booleans as int32: arithmetic that has no boolean meaning (JAX's
    promote_args_numeric; NumPy would compute in int8)."""
    from ._util import result_dtype

    dt = result_dtype(*xs)
    return promote(name, *xs, dtype=dtypes.DEFAULT_INT if dt == "bool" else dt)


@api
def square(x):
    (t,) = _promote_numeric("square", x)
    return bind("mul", t, t, weak=t.weak)


@api
def reciprocal(x):
    return true_divide(1, x)


@api
def invert(x):
    (t,) = promote("invert", x)
    return bind("not", t)


bitwise_not = invert


@api
def logical_not(x):
    return bind("not", lax.convert_element_type(lax.to_tracer(x), "bool"))


@api
def isnan(x):
    (t,) = promote("isnan", x)
    if not dtypes.is_float(t.aval.dtype):
        return full_like_bool(t, False)
    return bind("compare", t, t, direction="NE")


def full_like_bool(t, value: bool):
    return lax.broadcast_in_dim(lax.to_tracer(value), t.shape, ())


# ---- binary ---------------------------------------------------------------------


def _binary(op, name, bool_op=None):
    @api
    def f(x, y):
        a, b = promote(name, x, y)
        use = op
        if a.aval.dtype == "bool":
            if bool_op is None:
                raise TypeError(f"{name}: boolean operands are not supported")
            use = bool_op
        return bind(use, a, b, weak=a.weak)

    f.__name__ = name
    f.__doc__ = f"Elementwise {name} with NumPy broadcasting and JAX dtype promotion."
    return f


add = _binary("add", "add", "or")
subtract = _binary("sub", "subtract")
multiply = _binary("mul", "multiply", "and")
maximum = _binary("max", "maximum", "or")
minimum = _binary("min", "minimum", "and")
bitwise_and = _binary("and", "bitwise_and", "and")
bitwise_or = _binary("or", "bitwise_or", "or")
bitwise_xor = _binary("xor", "bitwise_xor", "xor")


@api
def logical_and(x, y):
    a, b = promote("logical_and", x, y, dtype="bool")
    return bind("and", a, b)


@api
def logical_or(x, y):
    a, b = promote("logical_or", x, y, dtype="bool")
    return bind("or", a, b)


@api
def logical_xor(x, y):
    a, b = promote("logical_xor", x, y, dtype="bool")
    return bind("xor", a, b)


def _float_dtype(*xs) -> str:
    from ._util import result_dtype

    dt = result_dtype(*xs)
    return dt if dtypes.is_float(dt) else dtypes.DEFAULT_FLOAT


@api
def true_divide(x, y):
    """x / y; integer and boolean inputs give float32 (as JAX)."""
    a, b = promote("true_divide", x, y, dtype=_float_dtype(x, y))
    return bind("div", a, b, weak=a.weak)


divide = true_divide


@api
def arctan2(x, y):
    a, b = promote("arctan2", x, y, dtype=_float_dtype(x, y))
    return bind("atan2", a, b, weak=a.weak)


def _floor_mod(a, b):
    """NumPy's remainder: the sign of the divisor."""
    r = bind("rem", a, b)
    zero = lax.to_tracer(0, a.aval.dtype)
    zero = lax.broadcast_in_dim(zero, a.shape, ())
    r_neg = bind("compare", r, zero, direction="LT")
    b_neg = bind("compare", b, zero, direction="LT")
    fix = bind("and", bind("compare", r, zero, direction="NE"), bind("compare", r_neg, b_neg, direction="NE"))
    return r, fix, bind("select", fix, bind("add", r, b), r)


@api
def remainder(x, y):
    """x % y with the sign of y (NumPy's `%`)."""
    a, b = _promote_numeric("remainder", x, y)
    return _floor_mod(a, b)[2]


mod = remainder


@api
def fmod(x, y):
    """C-style remainder: the sign of x."""
    a, b = _promote_numeric("fmod", x, y)
    return bind("rem", a, b, weak=a.weak)


@api
def floor_divide(x, y):
    """x // y, rounding toward minus infinity (NumPy's `//`)."""
    a, b = _promote_numeric("floor_divide", x, y)
    dt = a.aval.dtype
    r, fix, _ = _floor_mod(a, b)
    if dtypes.is_float(dt):
        q = bind("div", bind("sub", a, r), b)
        one = lax.broadcast_in_dim(lax.to_tracer(1.0, dt), a.shape, ())
        return bind("round", bind("select", fix, bind("sub", q, one), q))
    q = bind("div", a, b)
    one = lax.broadcast_in_dim(lax.to_tracer(1, dt), a.shape, ())
    return bind("select", fix, bind("sub", q, one), q)


@api
def power(x, y):
    a, b = _promote_numeric("power", x, y)
    return bind("pow", a, b, weak=a.weak)


def _compare(direction, name):
    @api
    def f(x, y):
        a, b = promote(name, x, y)
        return bind("compare", a, b, direction=direction)

    f.__name__ = name
    return f


equal = _compare("EQ", "equal")
not_equal = _compare("NE", "not_equal")
less = _compare("LT", "less")
less_equal = _compare("LE", "less_equal")
greater = _compare("GT", "greater")
greater_equal = _compare("GE", "greater_equal")


@api
def where(condition, x=None, y=None):
    """Elementwise `x if condition else y` (the three-argument form)."""
    if x is None or y is None:
        raise NotImplementedError("where: the one-argument form (argument 'condition' alone) has a data-dependent shape")
    c = lax.convert_element_type(lax.to_tracer(condition), "bool")
    a, b = promote("where", x, y)
    c, a, b = _broadcast3(c, a, b)
    return bind("select", c, a, b, weak=a.weak)


def _broadcast3(c, a, b):
    from ._util import broadcast_shapes, broadcast_to_shape

    shape = broadcast_shapes("where", c.shape, a.shape, b.shape)
    return [broadcast_to_shape(t, shape) for t in (c, a, b)]


@api
def clip(a, a_min=None, a_max=None, *, min=None, max=None):  # noqa: A002
    """Clamp to [a_min, a_max] (either may be None)."""
    lo = a_min if a_min is not None else min
    hi = a_max if a_max is not None else max
    out = promote("clip", a)[0]
    if lo is not None:
        out = maximum(out, lo)
    if hi is not None:
        out = minimum(out, hi)
    return out
