"""More elementwise functions of descend.numpy: inverse trig and hyperbolic
functions, exp2/log2/log10, hypot, sinc, logaddexp, floating-point
classification and bit manipulation (isfinite, signbit, copysign, nextafter,
frexp, ldexp), shifts, gcd/lcm, and comparisons of whole arrays (isclose,
allclose, array_equal).

NumPy's semantics with JAX's dtype rules: functions of floats turn integer and
boolean inputs into float32 (the float64 of an input is kept); Python scalars
are weakly typed. descend has no complex dtypes: `real`, `imag`, `conj` and
`angle` are those of real arrays.
"""

from __future__ import annotations

import builtins
import math

import numpy as np

from descend import dtypes, lax
from descend.jit import api
from descend.tracing import bind

from ._elementwise import (
    _float_dtype,
    _float_unary,
    add,
    arctan2,
    ceil,
    equal,
    floor,
    floor_divide,
    invert,
    isnan,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    maximum,
    minimum,
    multiply,
    power,
    remainder,
    where,
)
from ._util import broadcast_shapes, dtype_of, promote, result_dtype

# ---- inverse trig, hyperbolic, exponentials ------------------------------------------

arcsin = _float_unary("asin", "arcsin")
arccos = _float_unary("acos", "arccos")
arctan = _float_unary("atan", "arctan")
sinh = _float_unary("sinh", "sinh")
cosh = _float_unary("cosh", "cosh")
arcsinh = _float_unary("asinh", "arcsinh")
arccosh = _float_unary("acosh", "arccosh")
arctanh = _float_unary("atanh", "arctanh")
cbrt = _float_unary("cbrt", "cbrt")
exp2 = _float_unary("exp2", "exp2")
# NumPy 2 / array API names
asin, acos, atan, asinh, acosh, atanh = arcsin, arccos, arctan, arcsinh, arccosh, arctanh
atan2 = arctan2
pow = power  # noqa: A001


def _floats(name, *xs):
    """Operands promoted to one floating dtype (float32 for ints and bools) and one shape."""
    return promote(name, *xs, dtype=_float_dtype(*xs))


def _full(t, value, dtype=None):
    """A constant of t's shape (and dtype, unless given)."""
    dt = dtype or t.aval.dtype
    return lax.broadcast_in_dim(lax.to_tracer(value, dt), t.shape, ())


@api
def log2(x):
    (t,) = _floats("log2", x)
    return bind("div", bind("log", t), _full(t, math.log(2.0)), weak=t.weak)


@api
def log10(x):
    (t,) = _floats("log10", x)
    return bind("div", bind("log", t), _full(t, math.log(10.0)), weak=t.weak)


@api
def hypot(x1, x2):
    """sqrt(x1^2 + x2^2) without overflow: larger * sqrt(1 + (smaller / larger)^2)."""
    a, b = _floats("hypot", x1, x2)
    a, b = lax.abs(a), lax.abs(b)
    hi, lo = lax.max(a, b), lax.min(a, b)
    zero = lax.eq(hi, _full(hi, 0.0))
    safe = lax.select(zero, _full(hi, 1.0), hi)
    r = lax.div(lo, safe)
    out = lax.mul(hi, lax.sqrt(lax.add(_full(r, 1.0), lax.mul(r, r))))
    inf = logical_or(lax.eq(a, _full(a, np.inf)), lax.eq(b, _full(b, np.inf)))
    return lax.select(inf, _full(out, np.inf), out)


@api
def sinc(x):
    """sin(pi x) / (pi x), 1 at 0; a Taylor polynomial near 0 keeps every derivative right."""
    (t,) = _floats("sinc", x)
    px = lax.mul(t, _full(t, math.pi))
    small = lax.lt(lax.abs(px), _full(px, 1e-3 if t.aval.dtype == "float64" else 0.05))
    safe = lax.select(small, _full(px, 1.0), px)
    ratio = lax.div(lax.sin(safe), safe)
    sq = lax.mul(px, px)
    # 1 - y^2/6 + y^4/120 - y^6/5040
    taylor = lax.add(
        _full(sq, 1.0),
        lax.mul(
            sq,
            lax.add(
                _full(sq, -1 / 6), lax.mul(sq, lax.add(_full(sq, 1 / 120), lax.mul(sq, _full(sq, -1 / 5040))))
            ),
        ),
    )
    return lax.select(small, taylor, ratio)


@api
def heaviside(x1, x2):
    """0 where x1 < 0, x2 where x1 == 0, 1 where x1 > 0."""
    a, b = _floats("heaviside", x1, x2)
    zero = _full(a, 0.0)
    out = lax.select(lax.lt(a, zero), zero, lax.select(lax.gt(a, zero), _full(a, 1.0), b))
    return lax.select(lax.ne(a, a), a, out)


def _logaddexp(name, x1, x2, base2):
    a, b = _floats(name, x1, x2)
    hi = lax.max(a, b)
    delta = lax.sub(a, b)
    nan = lax.ne(delta, delta)  # both infinite of one sign (or a nan): a + b is the answer
    d = lax.neg(lax.abs(lax.select(nan, _full(delta, 0.0), delta)))
    if base2:
        tail = lax.div(lax.log1p(lax.exp2(d)), _full(d, math.log(2.0)))
    else:
        tail = lax.log1p(lax.exp(d))
    return lax.select(nan, lax.add(a, b), lax.add(hi, tail))


@api
def logaddexp(x1, x2):
    """log(exp(x1) + exp(x2)), without overflow."""
    return _logaddexp("logaddexp", x1, x2, False)


@api
def logaddexp2(x1, x2):
    """log2(2**x1 + 2**x2), without overflow."""
    return _logaddexp("logaddexp2", x1, x2, True)


@api
def deg2rad(x):
    (t,) = _floats("deg2rad", x)
    return bind("mul", t, _full(t, math.pi / 180.0), weak=t.weak)


@api
def rad2deg(x):
    (t,) = _floats("rad2deg", x)
    return bind("mul", t, _full(t, 180.0 / math.pi), weak=t.weak)


radians, degrees = deg2rad, rad2deg


@api
def float_power(x1, x2):
    """x1 ** x2 in floating point (JAX's rule: float32 for integer inputs, not NumPy's float64)."""
    a, b = _floats("float_power", x1, x2)
    return bind("pow", a, b, weak=a.weak)


@api
def fabs(x):
    (t,) = _floats("fabs", x)
    return bind("abs", t, weak=t.weak)


@api
def fmax(x1, x2):
    """Elementwise maximum that ignores NaNs (NaN only where both are NaN)."""
    a, b = promote("fmax", x1, x2)
    if not dtypes.is_float(a.aval.dtype):
        return maximum(a, b)
    return where(isnan(a), b, where(isnan(b), a, maximum(a, b)))


@api
def fmin(x1, x2):
    """Elementwise minimum that ignores NaNs (NaN only where both are NaN)."""
    a, b = promote("fmin", x1, x2)
    if not dtypes.is_float(a.aval.dtype):
        return minimum(a, b)
    return where(isnan(a), b, where(isnan(b), a, minimum(a, b)))


@api
def trunc(x):
    """Round toward zero; integers and booleans unchanged."""
    (t,) = promote("trunc", x)
    if not dtypes.is_float(t.aval.dtype):
        return t
    return where(lax.lt(t, _full(t, 0.0)), ceil(t), floor(t))


fix = trunc


# ---- classification and bits ------------------------------------------------------


@api
def isfinite(x):
    (t,) = promote("isfinite", x)
    if not dtypes.is_float(t.aval.dtype):
        return _full(t, True, "bool")
    return bind("is_finite", t)


@api
def isinf(x):
    (t,) = promote("isinf", x)
    if not dtypes.is_float(t.aval.dtype):
        return _full(t, False, "bool")
    return lax.eq(lax.abs(t), _full(t, np.inf))


@api
def isposinf(x):
    (t,) = promote("isposinf", x)
    if not dtypes.is_float(t.aval.dtype):
        return _full(t, False, "bool")
    return lax.eq(t, _full(t, np.inf))


@api
def isneginf(x):
    (t,) = promote("isneginf", x)
    if not dtypes.is_float(t.aval.dtype):
        return _full(t, False, "bool")
    return lax.eq(t, _full(t, -np.inf))


_INT_OF = {"float16": "int16", "float32": "int32", "float64": "int64"}


def _bits(t):
    return lax.bitcast_convert_type(t, _INT_OF[t.aval.dtype])


@api
def signbit(x):
    """True where the sign bit is set (also for -0.0 and negative NaNs)."""
    (t,) = promote("signbit", x)
    dt = t.aval.dtype
    if dt == "bool":
        return _full(t, False, "bool")
    if dtypes.is_int(dt):
        return lax.lt(t, _full(t, 0))
    b = _bits(t)
    return lax.lt(b, _full(b, 0))


@api
def copysign(x1, x2):
    """The magnitude of x1 with the sign (bit) of x2."""
    a, b = _floats("copysign", x1, x2)
    flip = lax.ne(signbit(a), signbit(b))
    return lax.select(flip, lax.neg(a), a)


@api
def nextafter(x1, x2):
    """The next representable float after x1 in the direction of x2."""
    a, b = _floats("nextafter", x1, x2)
    dt = a.aval.dtype
    bits = _bits(a)
    one = _full(bits, 1)
    # away from zero when moving toward x2 grows |x1|
    up = lax.eq(lax.gt(b, a), lax.gt(a, _full(a, 0.0)))
    step = lax.select(up, lax.add(bits, one), lax.sub(bits, one))
    out = lax.bitcast_convert_type(step, dt)
    # from +-0: the smallest subnormal with the sign of x2
    tiny = lax.bitcast_convert_type(_full(bits, 1), dt)
    from_zero = lax.select(lax.lt(b, _full(b, 0.0)), lax.neg(tiny), tiny)
    out = lax.select(lax.eq(a, _full(a, 0.0)), from_zero, out)
    out = lax.select(lax.eq(a, b), b, out)
    nan = logical_or(lax.ne(a, a), lax.ne(b, b))
    return lax.select(nan, _full(a, np.nan), out)


@api
def spacing(x):
    """The distance from x to the next float of larger magnitude, with the sign of x."""
    (t,) = _floats("spacing", x)
    inf = lax.select(signbit(t), _full(t, -np.inf), _full(t, np.inf))
    return lax.sub(nextafter(t, inf), t)


_FLOAT_LAYOUT = {"float16": (10, 5, 15), "float32": (23, 8, 127), "float64": (52, 11, 1023)}


@api
def frexp(x):
    """(mantissa, exponent) with x = mantissa * 2**exponent and 0.5 <= |mantissa| < 1;
    (x, 0) for zeros, infinities and NaNs. The exponent is int32."""
    (t,) = _floats("frexp", x)
    dt = t.aval.dtype
    nmant, nexp, bias = _FLOAT_LAYOUT[dt]
    it = _INT_OF[dt]
    # subnormals: scale into the normal range first
    sub = lax.lt(lax.abs(t), _full(t, float(np.finfo(dt).tiny)))
    scaled = lax.select(sub, lax.mul(t, _full(t, 2.0 ** (nmant + 2))), t)
    bits = lax.bitcast_convert_type(scaled, it)
    exp_field = lax.bitwise_and(
        lax.shift_right_logical(bits, _full(bits, nmant)), _full(bits, (1 << nexp) - 1)
    )
    e = lax.sub(exp_field, _full(bits, bias - 1))
    e = lax.select(sub, lax.sub(e, _full(e, nmant + 2)), e)
    mask = ~(((1 << nexp) - 1) << nmant)
    mbits = lax.bitwise_or(
        lax.bitwise_and(bits, _full(bits, _wrap(mask, it))), _full(bits, (bias - 1) << nmant)
    )
    mant = lax.bitcast_convert_type(mbits, dt)
    special = logical_or(lax.eq(t, _full(t, 0.0)), logical_not(lax.is_finite(t)))
    mant = lax.select(special, t, mant)
    e = lax.select(special, _full(e, 0), e)
    return mant, lax.convert_element_type(e, "int32")


def _wrap(v: int, it: str) -> int:
    """A Python int as the signed value of its bits in integer dtype `it`."""
    bits = np.dtype(it).itemsize * 8
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >= 1 << (bits - 1) else v


@api
def ldexp(x1, x2):
    """x1 * 2**x2 (x2 an integer array), in two exact scalings so that x1 * 2**x2 does not
    overflow on the way to a representable result."""
    dt1, _ = dtype_of(x1)
    dt2, _ = dtype_of(x2)
    if dtypes.is_float(dt2):
        raise TypeError(f"ldexp: the exponent must be an integer array, got {dt2}")
    ft = dt1 if dtypes.is_float(dt1) else dtypes.DEFAULT_FLOAT
    (m,) = promote("ldexp", x1, dtype=ft)
    (e,) = promote("ldexp", x2, dtype="int32" if dt2 != "int64" else "int64")
    shape = broadcast_shapes("ldexp", m.shape, e.shape)
    from ._util import broadcast_to_shape

    m, e = broadcast_to_shape(m, shape), broadcast_to_shape(e, shape)
    half = floor_divide(e, 2)
    ef = lax.convert_element_type(half, ft)
    rest = lax.convert_element_type(lax.sub(e, half), ft)
    return lax.mul(lax.mul(m, lax.exp2(ef)), lax.exp2(rest))


@api
def modf(x):
    """(fractional part, integral part), both with the sign of x."""
    (t,) = _floats("modf", x)
    whole = trunc(t)
    frac = lax.sub(t, whole)
    inf = lax.eq(lax.abs(t), _full(t, np.inf))
    return copysign(lax.select(inf, _full(t, 0.0), frac), t), whole


@api
def divmod(x1, x2):  # noqa: A001
    return floor_divide(x1, x2), remainder(x1, x2)


def _int_operands(name, *xs):
    ts = promote(name, *xs)
    if not dtypes.is_int(ts[0].aval.dtype):
        raise TypeError(f"{name}: arguments must be integers, got {ts[0].aval.dtype}")
    return ts


@api
def left_shift(x1, x2):
    a, b = _int_operands("left_shift", x1, x2)
    return bind("shift_left", a, b, weak=a.weak)


@api
def right_shift(x1, x2):
    """Right shift as NumPy: sign-filling for signed integers, zero-filling for unsigned."""
    a, b = _int_operands("right_shift", x1, x2)
    kind = "shift_right_logical" if dtypes.is_unsigned(a.aval.dtype) else "shift_right_arithmetic"
    return bind(kind, a, b, weak=a.weak)


bitwise_left_shift, bitwise_right_shift = left_shift, right_shift
bitwise_invert = invert


@api
def gcd(x1, x2):
    """Greatest common divisor (non-negative), Euclid's algorithm in a while loop."""
    a, b = _int_operands("gcd", x1, x2)
    a, b = lax.abs(a), lax.abs(b)
    zero = _full(a, 0)

    def cond(c):
        return lax.reduce_or(lax.ne(c[1], zero), tuple(range(a.ndim))) if a.ndim else lax.ne(c[1], zero)

    def body(c):
        x, y = c
        nz = lax.ne(y, zero)
        safe = lax.select(nz, y, _full(y, 1))
        return lax.select(nz, y, x), lax.select(nz, lax.rem(x, safe), y)

    return lax.while_loop(cond, body, (a, b))[0]


@api
def lcm(x1, x2):
    """Least common multiple (non-negative); 0 if either is 0."""
    a, b = _int_operands("lcm", x1, x2)
    g = gcd(a, b)
    zero = lax.eq(g, _full(g, 0))
    safe = lax.select(zero, _full(g, 1), g)
    return lax.select(zero, _full(g, 0), lax.abs(lax.mul(lax.div(a, safe), b)))


# ---- real-array versions of the complex helpers ------------------------------------------


@api
def real(val):
    return promote("real", val)[0]


@api
def imag(val):
    (t,) = promote("imag", val)
    return _full(t, 0)


@api
def conjugate(x):
    return promote("conjugate", x)[0]


conj = conjugate


@api(static_argnames=("deg",))
def angle(z, deg=False):
    """The argument of a real number: pi for negative values (and -0.0), else 0."""
    (t,) = _floats("angle", z)
    a = arctan2(_full(t, 0.0), t)
    return rad2deg(a) if deg else a


def iscomplexobj(x) -> bool:
    return False


def isrealobj(x) -> bool:
    return True


@api
def iscomplex(x):
    (t,) = promote("iscomplex", x)
    return _full(t, False, "bool")


@api
def isreal(x):
    (t,) = promote("isreal", x)
    return _full(t, True, "bool")


def isscalar(element) -> bool:
    """True for Python and NumPy scalars and 0-d arrays (as jax.numpy.isscalar)."""
    if isinstance(element, (bool, int, float, complex, np.generic)):
        return True
    return builtins.hasattr(element, "shape") and tuple(element.shape) == () and not isinstance(element, str)


# ---- comparisons of whole arrays ------------------------------------------------------------


@api(static_argnames=("equal_nan",))
def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|a - b| <= atol + rtol * |b|, elementwise; infinities are close only to themselves."""
    dt = result_dtype(a, b)
    if not dtypes.is_float(dt):
        x, y = promote("isclose", a, b)
        return equal(x, y)
    x, y = promote("isclose", a, b, dtype=dt)
    r, t = lax.to_tracer(rtol, dt), lax.to_tracer(atol, dt)
    tol = add(t, multiply(r, lax.abs(y)))
    finite = logical_and(lax.is_finite(x), lax.is_finite(y))
    close = logical_or(equal(x, y), logical_and(finite, less_equal(lax.abs(lax.sub(x, y)), tol)))
    if equal_nan:
        close = logical_or(close, logical_and(isnan(x), isnan(y)))
    return close


@api(static_argnames=("equal_nan",))
def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    c = isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
    return lax.reduce_and(c, tuple(range(c.ndim))) if c.ndim else c


@api(static_argnames=("equal_nan",))
def array_equal(a1, a2, equal_nan=False):
    """True if the arrays have one shape and equal elements (NaNs equal if equal_nan)."""
    x, y = lax.to_tracer(a1), lax.to_tracer(a2)
    if x.shape != y.shape:
        return lax.to_tracer(np.bool_(False))
    x, y = promote("array_equal", x, y)
    eq = equal(x, y)
    if equal_nan and dtypes.is_float(x.aval.dtype):
        eq = logical_or(eq, logical_and(isnan(x), isnan(y)))
    return lax.reduce_and(eq, tuple(range(eq.ndim))) if eq.ndim else eq


@api
def array_equiv(a1, a2):
    """True if the arrays broadcast to one shape and are equal elementwise."""
    x, y = lax.to_tracer(a1), lax.to_tracer(a2)
    try:
        broadcast_shapes("array_equiv", x.shape, y.shape)
    except TypeError:
        return lax.to_tracer(np.bool_(False))
    eq = equal(x, y)
    return lax.reduce_and(eq, tuple(range(eq.ndim))) if eq.ndim else eq


@api
def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """NaN -> nan, +inf -> posinf (default: the largest float), -inf -> neginf (the most
    negative float); integers and booleans unchanged."""
    (t,) = promote("nan_to_num", x)
    dt = t.aval.dtype
    if not dtypes.is_float(dt):
        return t
    info = np.finfo(dt)
    hi = info.max if posinf is None else posinf
    lo = info.min if neginf is None else neginf
    out = where(isnan(t), nan, t)
    out = where(lax.eq(out, _full(out, np.inf)), hi, out)
    return where(lax.eq(out, _full(out, -np.inf)), lo, out)


__all__ = [
    "acos",
    "acosh",
    "allclose",
    "angle",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctanh",
    "array_equal",
    "array_equiv",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "bitwise_invert",
    "bitwise_left_shift",
    "bitwise_right_shift",
    "cbrt",
    "conj",
    "conjugate",
    "copysign",
    "cosh",
    "deg2rad",
    "degrees",
    "divmod",
    "exp2",
    "fabs",
    "fix",
    "float_power",
    "fmax",
    "fmin",
    "frexp",
    "gcd",
    "heaviside",
    "hypot",
    "imag",
    "iscomplex",
    "iscomplexobj",
    "isclose",
    "isfinite",
    "isinf",
    "isneginf",
    "isposinf",
    "isreal",
    "isrealobj",
    "isscalar",
    "lcm",
    "ldexp",
    "left_shift",
    "log10",
    "log2",
    "logaddexp",
    "logaddexp2",
    "modf",
    "nan_to_num",
    "nextafter",
    "pow",
    "rad2deg",
    "radians",
    "real",
    "right_shift",
    "signbit",
    "sinc",
    "sinh",
    "spacing",
    "trunc",
]
