"""descend.numpy elementwise functions against NumPy: values, shapes, broadcasting, dtypes."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from conftest import (
    ALL_DTYPES,
    BINARY_SHAPES,
    SHAPES,
    assert_matches_numpy,
    float_result,
    jax_promote,
    random_array,
)

import descend
import descend.numpy as dnp
from descend import lax

# ---- unary functions of floats: exp, log, ... ---------------------------------------

# name -> (numpy function, input domain)
FLOAT_UNARY = {
    "exp": (np.exp, "any"),
    "log": (np.log, "positive"),
    "log1p": (np.log1p, "positive"),
    "expm1": (np.expm1, "any"),
    "sqrt": (np.sqrt, "positive"),
    "sin": (np.sin, "any"),
    "cos": (np.cos, "any"),
    "tan": (np.tan, "unit"),
    "tanh": (np.tanh, "any"),
}


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", FLOAT_UNARY)
def test_float_unary_shapes(name, shape, rng):
    np_fn, domain = FLOAT_UNARY[name]
    x = random_array(rng, shape, "float32", domain)
    assert_matches_numpy(getattr(dnp, name)(x), np_fn(x.astype(np.float64)), "float32", "transcendental")


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", FLOAT_UNARY)
def test_float_unary_dtypes(name, dtype, rng):
    """Integer and boolean inputs compute in float32 (JAX); float64 stays float64."""
    np_fn, domain = FLOAT_UNARY[name]
    x = random_array(rng, (3, 5), dtype, domain)
    if dtype == "bool" and domain == "positive":
        x = np.ones((3, 5), bool)
    assert_matches_numpy(getattr(dnp, name)(x), np_fn(x.astype(np.float64)), float_result(dtype), "transcendental")


@pytest.mark.parametrize("name", FLOAT_UNARY)
def test_float_unary_python_scalar(name):
    """A Python scalar is weakly typed: the result is a 0-d float32 array."""
    np_fn, _ = FLOAT_UNARY[name]
    assert_matches_numpy(getattr(dnp, name)(0.5), np_fn(0.5), "float32", "transcendental")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_special_values(dtype):
    x = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e30], dtype)
    with np.errstate(all="ignore"):
        for name in ("exp", "log", "sqrt", "log1p", "expm1", "tanh"):
            expected = getattr(np, name)(x)
            assert_matches_numpy(getattr(dnp, name)(x), expected, dtype, "transcendental")


def test_exp_overflow_and_underflow():
    x = np.array([-200.0, 100.0, 88.0, -87.0], np.float32)
    with np.errstate(over="ignore"):
        expected = np.exp(x.astype(np.float64))
    assert_matches_numpy(dnp.exp(x), expected, "float32", "transcendental")


# ---- other unary functions ----------------------------------------------------------

# name -> (numpy function, dtypes descend supports, result dtype rule)
OTHER_UNARY = {
    "negative": (np.negative, ("float32", "float64", "int32")),
    "positive": (np.positive, ("float32", "float64", "int32", "bool")),
    "abs": (np.abs, ALL_DTYPES),
    "absolute": (np.absolute, ALL_DTYPES),
    "sign": (np.sign, ("float32", "float64", "int32")),
    "square": (np.square, ALL_DTYPES),
    "floor": (np.floor, ALL_DTYPES),
    "ceil": (np.ceil, ALL_DTYPES),
    "rint": (np.rint, ALL_DTYPES),
    "round": (np.round, ALL_DTYPES),
    "around": (np.round, ALL_DTYPES),
    "invert": (np.invert, ("int32", "bool")),
    "bitwise_not": (np.bitwise_not, ("int32", "bool")),
    "logical_not": (np.logical_not, ALL_DTYPES),
    "isnan": (np.isnan, ALL_DTYPES),
}
_BOOL_RESULT = {"logical_not", "isnan"}


def _other_unary_dtype(name, dtype):
    if name in _BOOL_RESULT:
        return "bool"
    if name == "square" and dtype == "bool":  # int32, as JAX (NumPy: int8)
        return "int32"
    if name == "rint":  # integers and booleans become float32 (NumPy and JAX give floats)
        return float_result(dtype)
    return dtype


def _other_unary_input(rng, shape, dtype, name):
    x = random_array(rng, shape, dtype)
    if name in ("rint", "round", "around") and x.dtype.kind == "f":
        # exact halves test round-half-to-even
        x = (np.round(x * 4) / 4).astype(dtype)
    if name == "isnan" and x.dtype.kind == "f" and x.size:
        x.flat[0] = np.nan
    return x


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", OTHER_UNARY)
def test_other_unary_shapes(name, shape, rng):
    np_fn, _ = OTHER_UNARY[name]
    x = _other_unary_input(rng, shape, "float32", name)
    if name in ("invert", "bitwise_not"):
        x = random_array(rng, shape, "int32")
    assert_matches_numpy(getattr(dnp, name)(x), np_fn(x), _other_unary_dtype(name, x.dtype.name))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", OTHER_UNARY)
def test_other_unary_dtypes(name, dtype, rng):
    np_fn, supported = OTHER_UNARY[name]
    x = _other_unary_input(rng, (3, 5), dtype, name)
    if dtype not in supported:
        with pytest.raises(TypeError):
            getattr(dnp, name)(x)
        return
    if name == "positive" and dtype == "bool":
        expected = x  # NumPy has no positive of bool; descend (like JAX) gives the input
    else:
        expected = np_fn(x)  # NumPy computes some bool results in float16: compared by value
    assert_matches_numpy(getattr(dnp, name)(x), expected, _other_unary_dtype(name, dtype))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_round_decimals(dtype, rng):
    x = random_array(rng, (4, 6), dtype) * 10
    for decimals in (1, 2, -1):
        got = dnp.round(x, decimals)
        assert got.dtype == np.dtype(dtype) and got.shape == x.shape
        got, expected = np.asarray(got), np.round(x, decimals)
        # x * 10**decimals is rounded before rounding to an integer: values within rounding
        # error of a half may go either way (NumPy has the same double rounding)
        scaled = x.astype(np.float64) * 10.0**decimals
        near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-3
        close = np.isclose(got, expected, rtol=1e-6, atol=1e-6 * 10.0**-decimals)
        assert (close | near_half).all(), (got, expected)


def test_round_integers_negative_decimals():
    x = np.array([15, 25, 35, -15, -25, 14, 16, -16, 149, 150, 250, 0, 999], np.int32)
    for decimals in (-1, -2, -3):
        assert_matches_numpy(dnp.round(x, decimals), np.round(x, decimals), "int32")
    assert_matches_numpy(dnp.round(x, 2), x, "int32")
    assert_matches_numpy(dnp.round(x, np.int64(-1)), np.round(x, -1), "int32")


def test_round_half_to_even():
    x = np.array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999997], np.float32)
    assert_matches_numpy(dnp.round(x), np.array([0, 2, 2, -0, -2, -2, 0], np.float32), "float32")
    assert_matches_numpy(dnp.rint(x), np.rint(x), "float32")


def test_sign_special_values():
    x = np.array([-2.0, -0.0, 0.0, 3.0, np.inf, -np.inf, np.nan], np.float32)
    assert_matches_numpy(dnp.sign(x), np.sign(x), "float32")
    assert_matches_numpy(dnp.sign(np.array([-5, 0, 7], np.int32)), np.array([-1, 0, 1]), "int32")


def test_abs_int_min_and_negative_zero():
    x = np.array([np.iinfo(np.int32).min + 1, -3, 0, 4], np.int32)
    assert_matches_numpy(dnp.abs(x), np.abs(x), "int32")
    f = np.array([-0.0, -1.5, np.inf, -np.inf], np.float32)
    got = np.asarray(dnp.abs(f))
    assert_matches_numpy(got, np.abs(f), "float32")
    assert not np.signbit(got[0])


def test_reciprocal(rng):
    x = random_array(rng, (3, 5), "float32", "nonzero")
    assert_matches_numpy(dnp.reciprocal(x), 1 / x, "float32")
    i = random_array(rng, (4,), "int32", "nonzero")
    assert_matches_numpy(dnp.reciprocal(i), 1 / i.astype(np.float64), "float32")


# ---- binary functions --------------------------------------------------------------

# name -> (numpy function, domain of y, dtypes, result rule)
#   result rule: "promote" (jax_promote), "numeric" (jax_promote, bool -> int32), "float" (float_result), "bool"
BINARY = {
    "add": (np.add, "any", ALL_DTYPES, "promote"),
    "subtract": (np.subtract, "any", ("float32", "float64", "int32"), "promote"),
    "multiply": (np.multiply, "any", ALL_DTYPES, "promote"),
    "maximum": (np.maximum, "any", ALL_DTYPES, "promote"),
    "minimum": (np.minimum, "any", ALL_DTYPES, "promote"),
    "true_divide": (np.true_divide, "nonzero", ALL_DTYPES, "float"),
    "divide": (np.divide, "nonzero", ALL_DTYPES, "float"),
    # booleans compute as int32 (JAX's numeric promotion; NumPy uses int8)
    "floor_divide": (np.floor_divide, "nonzero", ALL_DTYPES, "numeric"),
    "remainder": (np.remainder, "nonzero", ALL_DTYPES, "numeric"),
    "mod": (np.mod, "nonzero", ALL_DTYPES, "numeric"),
    "fmod": (np.fmod, "nonzero", ALL_DTYPES, "numeric"),
    "power": (np.power, "small", ALL_DTYPES, "numeric"),
    "arctan2": (np.arctan2, "any", ("float32", "float64", "int32", "bool"), "float"),
    "bitwise_and": (np.bitwise_and, "any", ("int32", "bool"), "promote"),
    "bitwise_or": (np.bitwise_or, "any", ("int32", "bool"), "promote"),
    "bitwise_xor": (np.bitwise_xor, "any", ("int32", "bool"), "promote"),
    "logical_and": (np.logical_and, "any", ALL_DTYPES, "bool"),
    "logical_or": (np.logical_or, "any", ALL_DTYPES, "bool"),
    "logical_xor": (np.logical_xor, "any", ALL_DTYPES, "bool"),
    "equal": (np.equal, "any", ALL_DTYPES, "bool"),
    "not_equal": (np.not_equal, "any", ALL_DTYPES, "bool"),
    "less": (np.less, "any", ALL_DTYPES, "bool"),
    "less_equal": (np.less_equal, "any", ALL_DTYPES, "bool"),
    "greater": (np.greater, "any", ALL_DTYPES, "bool"),
    "greater_equal": (np.greater_equal, "any", ALL_DTYPES, "bool"),
}


def _binary_result(rule, *dtypes):
    if rule == "bool":
        return "bool"
    if rule == "float":
        return float_result(*dtypes)
    if rule == "numeric":
        d = jax_promote(*dtypes)
        return "int32" if d == "bool" else d
    return jax_promote(*dtypes)


def _binary_inputs(rng, name, xs, ys, dx, dy):
    _, ydomain, _, _ = BINARY[name]
    xdomain = "positive" if name == "power" else "any"
    x = random_array(rng, xs, dx, xdomain)
    y = random_array(rng, ys, dy, ydomain)
    if ydomain == "nonzero" and dy == "bool":
        y = np.ones(ys, bool)  # no division by False
    if name in ("less", "less_equal", "equal", "greater", "greater_equal", "not_equal") and x.size and y.size:
        # make some elements equal
        x.flat[0] = y.flat[0]
    return x, y


def _binary_expected(name, x, y):
    np_fn = BINARY[name][0]
    # compute in float64 (or int64) so NumPy's own promotion cannot lose precision
    float_op = BINARY[name][3] == "float"
    wide = lambda a: a.astype(np.float64) if a.dtype.kind == "f" or float_op else a  # noqa: E731
    with np.errstate(all="ignore"):
        return np_fn(wide(x), wide(y))


@pytest.mark.parametrize("shapes", BINARY_SHAPES, ids=str)
@pytest.mark.parametrize("name", BINARY)
def test_binary_shapes(name, shapes, rng):
    dtype = "int32" if name.startswith("bitwise") else "float32"
    x, y = _binary_inputs(rng, name, *shapes, dtype, dtype)
    got = getattr(dnp, name)(x, y)
    assert_matches_numpy(got, _binary_expected(name, x, y), _binary_result(BINARY[name][3], dtype))


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", BINARY)
def test_binary_dtypes(name, dtype, rng):
    supported = BINARY[name][2]
    x, y = _binary_inputs(rng, name, (3, 1), (4,), dtype, dtype)
    if dtype not in supported:
        with pytest.raises(TypeError):
            getattr(dnp, name)(x, y)
        return
    kind = "transcendental" if name in ("power", "arctan2") else "arith"
    got = getattr(dnp, name)(x, y)
    assert_matches_numpy(got, _binary_expected(name, x, y), _binary_result(BINARY[name][3], dtype), kind)


MIXED = [("int32", "float32"), ("bool", "int32"), ("float32", "float64"), ("bool", "float32"), ("int32", "float64")]


@pytest.mark.parametrize("dtypes", MIXED, ids=str)
@pytest.mark.parametrize(
    "name", ["add", "multiply", "maximum", "true_divide", "floor_divide", "remainder", "power", "less", "arctan2"]
)
def test_binary_mixed_dtypes(name, dtypes, rng):
    """Array dtypes promote along bool < int32 < float32 < float64 (JAX's lattice, not NumPy's)."""
    dx, dy = dtypes
    if dx == "bool" and name in ("floor_divide", "remainder", "power"):
        dx = "int32"
    x, y = _binary_inputs(rng, name, (2, 3), (3,), dx, dy)
    if name == "power" and x.dtype == np.int32 and y.dtype.kind == "f":
        y = np.abs(y)
    got = getattr(dnp, name)(x, y)
    kind = "transcendental" if name in ("power", "arctan2") else "arith"
    assert_matches_numpy(got, _binary_expected(name, x, y), _binary_result(BINARY[name][3], dx, dy), kind)


# ---- Python scalars are weakly typed ---------------------------------------------------

WEAK_CASES = [
    # (array dtype, python scalar, op, expected dtype)
    ("int32", 1.5, "add", "float32"),
    ("int32", 2, "add", "int32"),
    ("float64", 2, "multiply", "float64"),
    ("float64", 2.5, "multiply", "float64"),
    ("float32", 3, "subtract", "float32"),
    ("float32", 0.1, "add", "float32"),
    ("bool", 1, "add", "int32"),
    ("bool", 1.5, "multiply", "float32"),
    ("bool", True, "logical_and", "bool"),
    ("int32", 2, "true_divide", "float32"),
    ("float64", 3, "true_divide", "float64"),
    ("int32", 3, "floor_divide", "int32"),
    ("int32", 2, "power", "int32"),
    ("float32", 2, "power", "float32"),
    ("int32", 1.5, "less", "bool"),
]


@pytest.mark.parametrize("case", WEAK_CASES, ids=str)
@pytest.mark.parametrize("scalar_first", [False, True])
def test_weak_python_scalars(case, scalar_first, rng):
    dtype, s, name, expected_dtype = case
    x = random_array(rng, (2, 3), dtype, "positive")
    if name == "power" and scalar_first:
        x = random_array(rng, (2, 3), dtype, "small")
    args = (s, x) if scalar_first else (x, s)
    got = getattr(dnp, name)(*args)
    # NumPy oracle in float64 (int64 for integers): exact enough to check any result dtype
    np_args = [np.asarray(a, np.float64) if isinstance(a, float) or np.asarray(a).dtype.kind == "f" else np.asarray(a) for a in args]
    with np.errstate(all="ignore"):
        expected = BINARY[name][0](*np_args)
    assert_matches_numpy(got, expected, expected_dtype, "transcendental")


def test_weak_scalar_value_is_exact_in_float64():
    """A weak Python float meeting a float64 array keeps float64 precision."""
    x = np.array([1.0, 2.0], np.float64)
    got = dnp.add(x, 0.1)
    assert_matches_numpy(got, x + 0.1, "float64")
    assert np.asarray(got)[0] == 1.1


def test_weak_float_keeps_float64_precision_in_creation():
    x = np.array([1.0, 2.0], np.float64)
    assert np.asarray(dnp.full(2, 0.1, dtype="float64"))[0] == 0.1
    assert np.asarray(dnp.full_like(x, 0.1))[0] == 0.1
    assert np.asarray(dnp.clip(x, 1.1, 1.7))[0] == 1.1
    assert np.asarray(dnp.where(x > 1.5, x, 0.3))[0] == 0.3
    assert np.asarray(dnp.astype(dnp.asarray(0.1), "float64")) == np.float64(np.float32(0.1))


def test_eager_python_scalars_do_not_recompile(monkeypatch):
    """Python scalars are run-time values of eager calls (weakly typed, as under jit): a new
    value is not a new signature, so it does not compile again."""
    jit_module = sys.modules["descend.jit"]  # (the attribute descend.jit is the function)
    compiles = []
    original = jit_module.lower_flat

    def counting(*args, **kwargs):
        compiles.append(args[-1])
        return original(*args, **kwargs)

    monkeypatch.setattr(jit_module, "lower_flat", counting)
    x = np.arange(5, dtype=np.float32)
    for s in (0.25, 1.5, -3.75):
        assert_matches_numpy(dnp.multiply(x, s), x * np.float32(s), "float32")
    assert len(compiles) <= 1
    for s in (2, 3, 4):
        assert_matches_numpy(dnp.add(x.astype(np.int32), s), x.astype(np.int32) + s, "int32")
        assert_matches_numpy(dnp.asarray(x) * s, x * s, "float32")
    assert len(compiles) <= 3


def test_two_python_scalars():
    assert_matches_numpy(dnp.add(1, 2), np.array(3), "int32")
    assert_matches_numpy(dnp.add(1, 2.5), np.array(3.5), "float32")
    assert_matches_numpy(dnp.multiply(True, False), np.array(False), "bool")


def test_numpy_scalars_are_strongly_typed():
    x = np.ones(3, np.int32)
    assert_matches_numpy(dnp.add(x, np.float64(0.5)), np.full(3, 1.5), "float64")
    assert_matches_numpy(dnp.add(np.float32(1.5), np.float32(2)), np.float32(3.5), "float32")


# ---- integer division, remainders and their edge cases ------------------------------------


def test_floor_divide_and_remainder_signs():
    x = np.array([7, -7, 7, -7, 0, 6, -6], np.int32)
    y = np.array([2, 2, -2, -2, 3, -3, 3], np.int32)
    assert_matches_numpy(dnp.floor_divide(x, y), np.floor_divide(x, y), "int32")
    assert_matches_numpy(dnp.remainder(x, y), np.remainder(x, y), "int32")
    assert_matches_numpy(dnp.fmod(x, y), np.fmod(x, y), "int32")
    xf, yf = x.astype(np.float32) + 0.5, y.astype(np.float32)
    assert_matches_numpy(dnp.floor_divide(xf, yf), np.floor_divide(xf, yf), "float32")
    assert_matches_numpy(dnp.remainder(xf, yf), np.remainder(xf, yf), "float32")
    assert_matches_numpy(dnp.fmod(xf, yf), np.fmod(xf, yf), "float32")


def test_int_min_divided_by_minus_one_does_not_trap():
    m = np.iinfo(np.int32).min
    x = np.array([m, 5], np.int32)
    y = np.array([-1, -1], np.int32)
    # wraps as two's complement (XLA's convention); x86 idiv would raise SIGFPE
    assert_matches_numpy(lax.div(x, y), np.array([m, -5]), "int32")
    assert_matches_numpy(lax.rem(x, y), np.array([0, 0]), "int32")
    assert_matches_numpy(dnp.floor_divide(x, y), np.array([m, -5]), "int32")


def test_integer_division_by_zero_returns_documented_values():
    """Integer division by zero must not crash: lax.div gives -1, lax.rem gives x (XLA's convention)."""
    x = np.array([7, -7, 0, 1], np.int32)
    zero = np.zeros(4, np.int32)
    assert_matches_numpy(lax.div(x, zero), np.full(4, -1), "int32")
    assert_matches_numpy(lax.rem(x, zero), x, "int32")
    # descend.numpy's // and % build on them: no crash, right shape and dtype
    for fn in (dnp.floor_divide, dnp.remainder, dnp.fmod):
        got = fn(x, zero)
        assert got.shape == (4,) and got.dtype == np.int32
    assert_matches_numpy(dnp.fmod(x, zero), x, "int32")


def test_float_division_by_zero():
    x = np.array([1.0, -1.0, 0.0], np.float32)
    with np.errstate(all="ignore"):
        expected = x / np.zeros(3, np.float32)
    assert_matches_numpy(dnp.true_divide(x, np.zeros(3, np.float32)), expected, "float32")


def test_integer_power():
    x = np.array([2, -3, 0, 1, -1, 5], np.int32)
    y = np.array([10, 3, 0, 7, 5, 0], np.int32)
    assert_matches_numpy(dnp.power(x, y), np.power(x, y), "int32")
    # negative exponents: 0 except for bases 1 and -1
    b = np.array([2, 1, -1, -1, 3], np.int32)
    e = np.array([-1, -3, -3, -2, -2], np.int32)
    assert_matches_numpy(dnp.power(b, e), np.array([0, 1, -1, 1, 0]), "int32")


def test_float_power_special():
    x = np.array([-2.0, 0.0, 4.0, -8.0, 2.0], np.float32)
    y = np.array([2.0, 0.0, 0.5, 1 / 3, -1.0], np.float32)
    with np.errstate(all="ignore"):
        expected = np.power(x.astype(np.float64), y.astype(np.float64))
    assert_matches_numpy(dnp.power(x, y), expected, "float32", "transcendental")


# ---- NaN semantics -----------------------------------------------------------------------


def test_nan_propagation_and_comparisons():
    x = np.array([np.nan, 1.0, np.nan, 2.0], np.float32)
    y = np.array([1.0, np.nan, np.nan, 2.0], np.float32)
    for name in ("maximum", "minimum", "add", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal"):
        got = getattr(dnp, name)(x, y)
        expected = getattr(np, name)(x, y)
        assert_matches_numpy(got, expected, expected.dtype)


def test_maximum_minimum_signed_zero_and_inf():
    x = np.array([-np.inf, np.inf, -1.0], np.float64)
    y = np.array([5.0, -5.0, -np.inf], np.float64)
    assert_matches_numpy(dnp.maximum(x, y), np.maximum(x, y), "float64")
    assert_matches_numpy(dnp.minimum(x, y), np.minimum(x, y), "float64")


# ---- where and clip --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shapes", [((), (), ()), ((3, 5), (3, 5), (3, 5)), ((3, 1), (4,), ()), ((4,), (3, 1), (1,)), ((0,), (0,), ())], ids=str
)
def test_where_shapes(shapes, rng):
    c = random_array(rng, shapes[0], "bool")
    x = random_array(rng, shapes[1], "float32")
    y = random_array(rng, shapes[2], "float32")
    assert_matches_numpy(dnp.where(c, x, y), np.where(c, x, y), "float32")


@pytest.mark.parametrize("dtypes", [("int32", "float32"), ("bool", "bool"), ("float64", "int32"), ("int32", "int32")], ids=str)
def test_where_dtypes(dtypes, rng):
    c = random_array(rng, (3, 4), "int32")  # non-boolean conditions test truthiness
    x = random_array(rng, (3, 4), dtypes[0])
    y = random_array(rng, (4,), dtypes[1])
    assert_matches_numpy(dnp.where(c, x, y), np.where(c, x, y), jax_promote(*dtypes))


def test_where_weak_scalars():
    c = np.array([True, False, True])
    x = np.array([1, 2, 3], np.int32)
    assert_matches_numpy(dnp.where(c, x, 0), np.where(c, x, 0), "int32")
    assert_matches_numpy(dnp.where(c, 1.5, x), np.where(c, 1.5, x), "float32")
    assert_matches_numpy(dnp.where(c, 1.0, 0.0), np.where(c, 1.0, 0.0), "float32")


def test_where_one_argument_is_not_supported():
    with pytest.raises(NotImplementedError, match="condition"):
        dnp.where(np.array([True, False]))


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_clip(dtype, rng):
    x = random_array(rng, (3, 5), dtype)
    assert_matches_numpy(dnp.clip(x, -1, 2), np.clip(x, -1, 2), dtype)
    assert_matches_numpy(dnp.clip(x, None, 0), np.clip(x, None, 0), dtype)
    assert_matches_numpy(dnp.clip(x, a_min=1), np.clip(x, 1, None), dtype)
    lo = random_array(rng, (5,), dtype) - 1
    assert_matches_numpy(dnp.clip(x, lo, 3), np.clip(x, lo, 3), dtype)
    assert_matches_numpy(dnp.clip(x, min=-2, max=2), np.clip(x, -2, 2), dtype)


def test_clip_int_array_float_bounds():
    x = np.arange(-4, 5, dtype=np.int32)
    assert_matches_numpy(dnp.clip(x, -1.5, 2.5), np.clip(x, -1.5, 2.5), "float32")


# ---- errors -------------------------------------------------------------------------------------


def test_broadcast_mismatch_names_op_and_shapes():
    with pytest.raises(TypeError) as e:
        dnp.add(np.ones((3,), np.float32), np.ones((4,), np.float32))
    msg = str(e.value)
    assert "add" in msg and "(3,)" in msg and "(4,)" in msg
    assert "test_numpy_elementwise.py" in msg


def test_string_arguments_are_rejected():
    with pytest.raises(TypeError):
        dnp.exp(np.array(["a", "b"]))
    with pytest.raises(TypeError):
        dnp.add(np.array([object()]), 1)


def test_results_are_descend_arrays():
    got = dnp.add(np.ones(3, np.float32), 1)
    assert isinstance(got, descend.Array)
    # descend arrays feed back into descend.numpy
    assert_matches_numpy(dnp.multiply(got, got), np.full(3, 4.0), "float32")
