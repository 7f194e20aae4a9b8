"""The descend.numpy functions beyond the core (python/descend/numpy/_math_extra.py,
_reductions_extra.py, _more.py, _sorting.py) against NumPy.

Each function is checked for values (computed independently with NumPy, in
float64 where NumPy would compute in a narrower type), shape and the dtype JAX
gives, over 0-d, empty, size-1, broadcast and non-contiguous inputs. To keep
the compile count low, functions that take the same inputs are evaluated
together in one `descend.jit` (one compilation per input signature).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import BINARY_SHAPES, SHAPES, assert_matches_numpy, float_result, jax_promote, random_array
from gradcheck import check_grads

import descend
import descend.numpy as dnp


def _group(fns, *args):
    """{name: fn(*args)} for all fns, in one jit (one compilation)."""
    names = sorted(fns)
    outs = descend.jit(lambda *a: [fns[n](*a) for n in names])(*args)
    return dict(zip(names, outs))


def _np64(fn, *xs):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*[np.asarray(x, np.float64) for x in xs])


# ---- unary functions of floats -------------------------------------------------------------

# name -> numpy function (computed in float64); the result is float32 for int/bool inputs (JAX)
FLOAT_UNARY = {
    "arcsin": np.arcsin,
    "arccos": np.arccos,
    "arctan": np.arctan,
    "sinh": np.sinh,
    "cosh": np.cosh,
    "arcsinh": np.arcsinh,
    "arccosh": np.arccosh,
    "arctanh": np.arctanh,
    "cbrt": np.cbrt,
    "exp2": np.exp2,
    "log2": np.log2,
    "log10": np.log10,
    "sinc": np.sinc,
    "deg2rad": np.deg2rad,
    "rad2deg": np.rad2deg,
    "radians": np.radians,
    "degrees": np.degrees,
    "fabs": np.fabs,
    "angle": np.angle,
    "spacing": None,  # checked apart (it is the float's own ulp, not its float64's)
}
ALIASES = {"asin": "arcsin", "acos": "arccos", "atan": "arctan", "asinh": "arcsinh", "acosh": "arccosh", "atanh": "arctanh"}


def _unary_inputs(rng, shape, dtype):
    x = random_array(rng, shape, dtype, "any")
    if dtype in ("float32", "float64") and x.size >= 4:
        flat = x.reshape(-1)
        flat[:4] = np.array([0.5, -0.0, 1.0, -1.0], dtype)  # inside/at the edges of the domains
    return x


@pytest.mark.parametrize(
    "dtype,shape",
    [("float32", s) for s in SHAPES] + [(d, s) for d in ("float64", "int32", "bool") for s in [(), (3, 5), (0, 2)]],
    ids=str,
)
def test_float_unary(dtype, shape, rng):
    x = _unary_inputs(rng, shape, dtype)
    fns = {n: getattr(dnp, n) for n in FLOAT_UNARY}
    got = _group(fns, x)
    out_dt = float_result(dtype)
    for name, np_fn in FLOAT_UNARY.items():
        if np_fn is None:
            continue
        assert_matches_numpy(got[name], _np64(np_fn, x), out_dt, "transcendental")


def test_float_unary_special_values():
    for dtype in ("float32", "float64"):
        x = np.array([0.0, -0.0, 1.0, -1.0, 2.0, np.inf, -np.inf, np.nan, 1e30, -1e-30], dtype)
        got = _group({n: getattr(dnp, n) for n in FLOAT_UNARY}, x)
        for name, np_fn in FLOAT_UNARY.items():
            if np_fn is None:
                continue
            with np.errstate(all="ignore"):
                want = np_fn(x)
            assert_matches_numpy(got[name], want, dtype, "transcendental")
        assert_matches_numpy(got["spacing"], np.spacing(x), dtype)


def test_aliases_and_scalars():
    for alias, name in ALIASES.items():
        assert getattr(dnp, alias) is getattr(dnp, name)
    assert dnp.atan2 is dnp.arctan2 and dnp.pow is dnp.power
    assert dnp.bitwise_left_shift is dnp.left_shift and dnp.bitwise_invert is dnp.invert
    # a Python scalar is weakly typed: float32
    assert_matches_numpy(dnp.arcsinh(0.5), np.arcsinh(0.5), "float32", "transcendental")
    assert_matches_numpy(dnp.log2(8), 3.0, "float32")


# ---- float classification and bits ---------------------------------------------------------

SPECIAL = np.array([0.0, -0.0, 1.5, -2.25, np.inf, -np.inf, np.nan, 1e-42, -3e38, 7.0])


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "bool"])
def test_classification(dtype):
    x = SPECIAL.astype(dtype) if dtype.startswith("float") else random_array(np.random.default_rng(0), (10,), dtype)
    names = ("isfinite", "isinf", "isposinf", "isneginf", "signbit", "trunc", "fix", "isreal", "iscomplex")
    got = _group({n: getattr(dnp, n) for n in names}, x)
    for n in names:
        want = getattr(np, n)(x)
        want_dt = np.dtype(want.dtype).name if n not in ("trunc", "fix") else dtype
        assert_matches_numpy(got[n], want, want_dt)
    assert dnp.isrealobj(x) and not dnp.iscomplexobj(x)
    assert dnp.isscalar(1.0) and dnp.isscalar(np.float32(1)) and not dnp.isscalar([1.0])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_frexp_ldexp_modf_nextafter(dtype):
    x = SPECIAL.astype(dtype)
    x[7] = np.finfo(dtype).smallest_subnormal * 3
    m, e = dnp.frexp(x)
    wm, we = np.frexp(x)
    assert_matches_numpy(m, wm, dtype)
    assert_matches_numpy(e, we, "int32")
    # ldexp inverts frexp (also across the subnormal range)
    finite = np.isfinite(x)
    assert_matches_numpy(dnp.ldexp(wm[finite], we[finite]), x[finite], dtype)
    big = np.array([1e-30, 3.0, 0.75], dtype)
    assert_matches_numpy(dnp.ldexp(big, np.array([200, -1080, 5], np.int32)), np.ldexp(big, [200, -1080, 5]), dtype)
    frac, whole = dnp.modf(x)
    wf, ww = np.modf(x)
    assert_matches_numpy(frac, wf, dtype)
    assert_matches_numpy(whole, ww, dtype)
    assert np.array_equal(np.signbit(np.asarray(frac)), np.signbit(wf))
    y = np.roll(x, 3)
    with np.errstate(all="ignore"):
        assert_matches_numpy(dnp.nextafter(x, y), np.nextafter(x, y), dtype, rtol=0, atol=0)
    z = np.zeros(2, dtype)
    assert_matches_numpy(dnp.nextafter(z, np.array([1, -1], dtype)), np.nextafter(z, np.array([1, -1], dtype)), dtype, rtol=0, atol=0)


def test_nan_to_num():
    for dtype in ("float32", "float64"):
        x = SPECIAL.astype(dtype)
        assert_matches_numpy(dnp.nan_to_num(x), np.nan_to_num(x), dtype)
        assert_matches_numpy(
            dnp.nan_to_num(x, nan=-1.0, posinf=9.0, neginf=-9.0), np.nan_to_num(x, nan=-1.0, posinf=9.0, neginf=-9.0), dtype
        )
    i = np.arange(3, dtype=np.int32)
    assert_matches_numpy(dnp.nan_to_num(i), i, "int32")


def test_real_imag_conj():
    x = np.array([1.5, -2.0, 0.0], np.float32)
    assert_matches_numpy(dnp.real(x), x, "float32")
    assert_matches_numpy(dnp.imag(x), np.zeros(3), "float32")
    assert_matches_numpy(dnp.conj(x), x, "float32")
    assert_matches_numpy(dnp.conjugate(x), x, "float32")
    assert_matches_numpy(dnp.angle(x, deg=True), np.angle(x, deg=True), "float32")


# ---- binary functions ---------------------------------------------------------------------------

FLOAT_BINARY = {
    "hypot": np.hypot,
    "heaviside": np.heaviside,
    "logaddexp": np.logaddexp,
    "logaddexp2": np.logaddexp2,
    "copysign": np.copysign,
    "float_power": np.float_power,
    "fmax": np.fmax,
    "fmin": np.fmin,
}


@pytest.mark.parametrize("shapes", BINARY_SHAPES, ids=str)
def test_float_binary_shapes(shapes, rng):
    a = random_array(rng, shapes[0], "float32", "any")
    b = random_array(rng, shapes[1], "float32", "any")
    if a.size:
        a.reshape(-1)[0] = np.nan
    got = _group({n: getattr(dnp, n) for n in FLOAT_BINARY}, a, b)
    for name, fn in FLOAT_BINARY.items():
        want = _np64(fn, a, b) if name != "float_power" else _np64(fn, np.abs(a), b)
        if name == "float_power":
            got[name] = dnp.float_power(np.abs(a), b)
        assert_matches_numpy(got[name], want, "float32", "transcendental")


@pytest.mark.parametrize("dtypes", [("float64", "float32"), ("int32", "float32"), ("int32", "int32"), ("bool", "float64")])
def test_float_binary_dtypes(dtypes, rng):
    a = random_array(rng, (4, 3), dtypes[0], "positive")
    b = random_array(rng, (3,), dtypes[1], "any")
    got = _group({n: getattr(dnp, n) for n in FLOAT_BINARY}, a, b)
    for name, fn in FLOAT_BINARY.items():
        # fmax/fmin keep integer dtypes (JAX); the others compute in floating point
        dt = jax_promote(*dtypes) if name in ("fmax", "fmin") else float_result(*dtypes)
        assert_matches_numpy(got[name], _np64(fn, a, b), dt, "transcendental")


def test_float_binary_special_values():
    a = np.array([np.inf, -np.inf, np.inf, 0.0, 0.0, -0.0, 1e30, -1e300, np.nan, 3.0])
    b = np.array([np.inf, -np.inf, -np.inf, 0.0, -0.0, 5.0, 1e30, -1e300, 1.0, np.nan])
    got = _group({n: getattr(dnp, n) for n in FLOAT_BINARY if n != "float_power"}, a, b)
    for name, fn in FLOAT_BINARY.items():
        if name != "float_power":
            assert_matches_numpy(got[name], _np64(fn, a, b), "float64", "transcendental")


def test_integer_functions():
    x = np.array([[12, -18, 0, 7, 1, -2147483647]], np.int32)
    y = np.array([[8], [12], [0]], np.int32)
    for name in ("gcd", "lcm"):
        assert_matches_numpy(getattr(dnp, name)(x[:, :5], y), getattr(np, name)(x[:, :5], y), "int32")
    s = np.array([0, 1, 5, 31, 30, 2], np.int32)
    assert_matches_numpy(dnp.left_shift(x, s), np.left_shift(x, s), "int32")
    assert_matches_numpy(dnp.right_shift(x, s), np.right_shift(x, s), "int32")
    assert_matches_numpy(dnp.left_shift(np.int8(3), 2), np.int8(12), "int8")
    q, r = dnp.divmod(np.array([7, -7, 7.5]), np.array([2, 2, -2.0]))
    wq, wr = np.divmod(np.array([7, -7, 7.5]), np.array([2, 2, -2.0]))
    assert_matches_numpy(q, wq, "float64")
    assert_matches_numpy(r, wr, "float64")
    with pytest.raises(TypeError, match="left_shift"):
        dnp.left_shift(np.ones(2, np.float32), 1)
    with pytest.raises(TypeError, match="ldexp"):
        dnp.ldexp(np.ones(2), np.ones(2))


def test_isclose_allclose_array_equal(rng):
    a = np.array([1.0, 1.0 + 1e-6, np.nan, np.inf, -np.inf, 0.0, 1e-9, np.inf])
    b = np.array([1.0, 1.0, np.nan, np.inf, np.inf, 1e-9, 0.0, 1e300])
    for kw in ({}, {"equal_nan": True}, {"rtol": 0.0, "atol": 1e-8}):
        assert_matches_numpy(dnp.isclose(a, b, **kw), np.isclose(a, b, **kw), "bool")
        assert bool(dnp.allclose(a[:2], b[:2], **kw)) == np.allclose(a[:2], b[:2], **kw)
    assert bool(dnp.allclose(a, a, equal_nan=True)) and not bool(dnp.allclose(a, a))
    i = np.arange(6, dtype=np.int32).reshape(2, 3)
    assert_matches_numpy(dnp.isclose(i, i.T.reshape(2, 3)), np.isclose(i, i.T.reshape(2, 3)), "bool")
    assert bool(dnp.array_equal(i, i)) and not bool(dnp.array_equal(i, i[:1]))
    assert bool(dnp.array_equal(a, a, equal_nan=True)) and not bool(dnp.array_equal(a, a))
    assert bool(dnp.array_equiv(np.ones(3), np.ones((2, 3)))) and not bool(dnp.array_equiv(np.ones(3), np.ones(2)))


# ---- reductions -----------------------------------------------------------------------------------

AXES = [None, 0, -1, (0, 1)]


def _with_nans(rng, shape, dtype):
    x = random_array(rng, shape, dtype, "any")
    if dtype.startswith("float") and x.size:
        flat = x.reshape(-1)
        flat[:: max(1, x.size // 3)] = np.nan
        if x.ndim == 2:
            x[-1, :] = np.nan  # an all-NaN row
    return x


NAN_REDUCTIONS = ("nansum", "nanprod", "nanmax", "nanmin", "nanmean", "nanvar", "nanstd")


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
@pytest.mark.parametrize("keepdims", [False, True])
def test_moments_and_nan_reductions(dtype, keepdims, rng):
    x = _with_nans(rng, (4, 5), dtype)
    plain = random_array(rng, (4, 5), dtype, "any")

    def f(x, plain):
        out = {}
        for ax in AXES:
            out[f"var{ax}"] = dnp.var(plain, axis=ax, keepdims=keepdims)
            out[f"std{ax}"] = dnp.std(plain, axis=ax, ddof=1, keepdims=keepdims)
            out[f"ptp{ax}"] = dnp.ptp(plain, axis=ax, keepdims=keepdims)
            out[f"cnz{ax}"] = dnp.count_nonzero(plain, axis=ax, keepdims=keepdims)
            out[f"avg{ax}"] = dnp.average(plain, axis=ax, keepdims=keepdims)
            for name in NAN_REDUCTIONS:
                out[f"{name}{ax}"] = getattr(dnp, name)(x, axis=ax, keepdims=keepdims)
        return out

    got = descend.jit(f)(x, plain)
    fdt = float_result(dtype)
    for ax in AXES:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert_matches_numpy(got[f"var{ax}"], np.var(plain.astype(np.float64), axis=ax, keepdims=keepdims), fdt, "reduction")
            assert_matches_numpy(got[f"std{ax}"], np.std(plain.astype(np.float64), axis=ax, ddof=1, keepdims=keepdims), fdt, "reduction")
            assert_matches_numpy(got[f"ptp{ax}"], np.ptp(plain, axis=ax, keepdims=keepdims), dtype, "reduction")
            assert_matches_numpy(got[f"cnz{ax}"], np.count_nonzero(plain, axis=ax, keepdims=keepdims), "int32")
            assert_matches_numpy(got[f"avg{ax}"], np.average(plain.astype(np.float64), axis=ax, keepdims=keepdims), fdt, "reduction")
            for name in NAN_REDUCTIONS:
                want = getattr(np, name)(x.astype(np.float64) if dtype != "int32" or name in ("nanmean", "nanvar", "nanstd") else x, axis=ax, keepdims=keepdims)
                want_dt = dtype if name in ("nansum", "nanprod", "nanmax", "nanmin") else fdt
                assert_matches_numpy(got[f"{name}{ax}"], want, want_dt, "reduction")


@pytest.mark.parametrize("shape", [(), (1,), (0,), (3, 0), (1, 1, 3)], ids=str)
def test_reductions_edge_shapes(shape, rng):
    x = random_array(rng, shape, "float32", "any")
    names = ("var", "std", "nansum", "nanmean", "count_nonzero", "nanvar")
    got = _group({n: getattr(dnp, n) for n in names}, x)
    for n in names:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = getattr(np, n)(x.astype(np.float64))
        assert_matches_numpy(got[n], want, "int32" if n == "count_nonzero" else "float32", "reduction")


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # NumPy's own, for its reference of var(where=)
def test_reduction_arguments(rng):
    x = random_array(rng, (3, 4), "float64", "any")
    w = random_array(rng, (3, 4), "float64", "positive")
    m = x > -1
    assert_matches_numpy(dnp.var(x, axis=1, where=m), np.var(x, axis=1, where=m), "float64", "reduction")
    assert_matches_numpy(dnp.std(x, axis=0, correction=1), np.std(x, axis=0, ddof=1), "float64", "reduction")
    assert_matches_numpy(dnp.average(x, axis=1, weights=w[0]), np.average(x, axis=1, weights=w[0]), "float64", "reduction")
    avg, sw = dnp.average(x, weights=w, returned=True)
    wavg, wsw = np.average(x, weights=w, returned=True)
    assert_matches_numpy(avg, wavg, "float64", "reduction")
    assert_matches_numpy(sw, wsw, "float64", "reduction")
    xn = _with_nans(rng, (3, 4), "float64")
    assert_matches_numpy(dnp.nanargmax(xn[:2], axis=1), np.nanargmax(xn[:2], axis=1), "int32")
    assert_matches_numpy(dnp.nanargmin(xn[:2], axis=1), np.nanargmin(xn[:2], axis=1), "int32")
    assert_matches_numpy(dnp.nanargmax(xn, axis=1)[-1], -1, "int32")  # an all-NaN row: -1 (JAX)
    for fn in (dnp.var, dnp.nansum, dnp.ptp):
        with pytest.raises(NotImplementedError, match="'out'"):
            fn(x, out=np.empty(3))
    with pytest.raises(NotImplementedError, match="'where'"):
        dnp.nanmax(x, where=m)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "bool"])
def test_cumulative(dtype, rng):
    x = random_array(rng, (3, 9), dtype, "small" if dtype != "bool" else "any")
    xn = _with_nans(rng, (3, 9), dtype) if dtype.startswith("float") else x

    def f(x, xn):
        out = {}
        for ax in (None, 0, 1, -1):
            out[f"cumsum{ax}"] = dnp.cumsum(x, axis=ax)
            out[f"cumprod{ax}"] = dnp.cumprod(x, axis=ax)
            out[f"nancumsum{ax}"] = dnp.nancumsum(xn, axis=ax)
            out[f"nancumprod{ax}"] = dnp.nancumprod(xn, axis=ax)
        out["cumulative_sum"] = dnp.cumulative_sum(x, axis=1, include_initial=True)
        out["cumulative_prod"] = dnp.cumulative_prod(x, axis=0)
        return out

    got = descend.jit(f)(x, xn)
    acc = "int32" if dtype == "bool" else dtype  # JAX: booleans accumulate in int32 (NumPy: int64)
    for ax in (None, 0, 1, -1):
        assert_matches_numpy(got[f"cumsum{ax}"], np.cumsum(x, axis=ax), acc, "reduction")
        assert_matches_numpy(got[f"cumprod{ax}"], np.cumprod(x, axis=ax), acc, "reduction")
        assert_matches_numpy(got[f"nancumsum{ax}"], np.nancumsum(xn, axis=ax), acc, "reduction")
        assert_matches_numpy(got[f"nancumprod{ax}"], np.nancumprod(xn, axis=ax), acc, "reduction")
    assert_matches_numpy(got["cumulative_sum"], np.cumulative_sum(x, axis=1, include_initial=True), acc, "reduction")
    assert_matches_numpy(got["cumulative_prod"], np.cumulative_prod(x, axis=0), acc, "reduction")


def test_cumsum_long_and_empty(rng):
    x = random_array(rng, (3000,), "float64", "any")
    assert_matches_numpy(dnp.cumsum(x), np.cumsum(x), "float64", "reduction", atol=1e-10)
    assert_matches_numpy(dnp.cumsum(np.zeros((0, 3), np.float32), axis=0), np.zeros((0, 3)), "float32")
    assert_matches_numpy(dnp.cumsum(np.float32(2.5)), [2.5], "float32")
    assert_matches_numpy(dnp.cumsum(np.ones(4, np.int8)), [1, 2, 3, 4], "int32")
    assert_matches_numpy(dnp.cumsum(np.ones(3, np.int32), dtype=np.float64), [1, 2, 3], "float64")


def test_diff_trapezoid_cov(rng):
    x = random_array(rng, (4, 6), "float32", "any")
    for n in (0, 1, 2, 7):
        assert_matches_numpy(dnp.diff(x, n=n), np.diff(x, n=n), "float32")
    assert_matches_numpy(dnp.diff(x, axis=0, prepend=0.0, append=x[:1]), np.diff(x, axis=0, prepend=0.0, append=x[:1]), "float32")
    b = np.array([True, False, False, True])
    assert_matches_numpy(dnp.diff(b), np.diff(b), "bool")
    assert_matches_numpy(dnp.ediff1d(x, to_begin=[1.0], to_end=[2.0, 3.0]), np.ediff1d(x, to_begin=[1.0], to_end=[2.0, 3.0]), "float32")
    assert_matches_numpy(dnp.trapezoid(x, dx=0.5), np.trapezoid(x, dx=0.5), "float32", "reduction")
    xs = np.cumsum(random_array(rng, (6,), "float64", "positive"))
    assert_matches_numpy(dnp.trapezoid(x, x=xs), np.trapezoid(x.astype(np.float64), x=xs), "float64", "reduction")
    assert_matches_numpy(dnp.cov(x), np.cov(x), "float32", "reduction")
    assert_matches_numpy(dnp.cov(x, rowvar=False, bias=True), np.cov(x, rowvar=False, bias=True), "float32", "reduction")
    assert_matches_numpy(dnp.cov(x[0], x[1], ddof=0), np.cov(x[0], x[1], ddof=0), "float32", "reduction")
    assert_matches_numpy(dnp.corrcoef(x.astype(np.float64)), np.corrcoef(x.astype(np.float64)), "float64", "reduction")


# ---- shape manipulation and construction -------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "int32", "bool"])
def test_manipulation(dtype, rng):
    x = random_array(rng, (3, 4), dtype, "any")
    v = random_array(rng, (5,), dtype, "any")
    cases = {
        "tile": (lambda x, v: dnp.tile(x, (2, 1, 2)), lambda x, v: np.tile(x, (2, 1, 2))),
        "tile_int": (lambda x, v: dnp.tile(v, 3), lambda x, v: np.tile(v, 3)),
        "repeat": (lambda x, v: dnp.repeat(x, 2, axis=1), lambda x, v: np.repeat(x, 2, axis=1)),
        "repeat_each": (lambda x, v: dnp.repeat(x, [1, 0, 3], axis=0), lambda x, v: np.repeat(x, [1, 0, 3], axis=0)),
        "repeat_flat": (lambda x, v: dnp.repeat(x, 2), lambda x, v: np.repeat(x, 2)),
        "roll": (lambda x, v: dnp.roll(x, 5), lambda x, v: np.roll(x, 5)),
        "roll_axes": (lambda x, v: dnp.roll(x, (1, -6), axis=(0, 1)), lambda x, v: np.roll(x, (1, -6), axis=(0, 1))),
        "rot90": (lambda x, v: dnp.rot90(x), lambda x, v: np.rot90(x)),
        "rot90_3": (lambda x, v: dnp.rot90(x, 3), lambda x, v: np.rot90(x, 3)),
        "rot90_2": (lambda x, v: dnp.rot90(x, -2), lambda x, v: np.rot90(x, -2)),
        "fliplr": (lambda x, v: dnp.fliplr(x), lambda x, v: np.fliplr(x)),
        "flipud": (lambda x, v: dnp.flipud(x), lambda x, v: np.flipud(x)),
        "tril": (lambda x, v: dnp.tril(x, -1), lambda x, v: np.tril(x, -1)),
        "triu": (lambda x, v: dnp.triu(x, 2), lambda x, v: np.triu(x, 2)),
        "diagonal": (lambda x, v: dnp.diagonal(x, 1), lambda x, v: np.diagonal(x, 1)),
        "diagonal_neg": (lambda x, v: dnp.diagonal(x, -2), lambda x, v: np.diagonal(x, -2)),
        "diagonal_out": (lambda x, v: dnp.diagonal(x, 9), lambda x, v: np.diagonal(x, 9)),
        "diag": (lambda x, v: dnp.diag(v, -1), lambda x, v: np.diag(v, -1)),
        "diag2": (lambda x, v: dnp.diag(x, 1), lambda x, v: np.diag(x, 1)),
        "diagflat": (lambda x, v: dnp.diagflat(x[:2, :2], 1), lambda x, v: np.diagflat(x[:2, :2], 1)),
        "append": (lambda x, v: dnp.append(x, v), lambda x, v: np.append(x, v)),
        "append_axis": (lambda x, v: dnp.append(x, x, axis=1), lambda x, v: np.append(x, x, axis=1)),
        "delete": (lambda x, v: dnp.delete(x, [0, 2], axis=1), lambda x, v: np.delete(x, [0, 2], axis=1)),
        "delete_slice": (lambda x, v: dnp.delete(v, slice(None, None, 2)), lambda x, v: np.delete(v, slice(None, None, 2))),
        "insert": (lambda x, v: dnp.insert(x, 2, 1, axis=1), lambda x, v: np.insert(x, 2, 1, axis=1)),
        "kron": (lambda x, v: dnp.kron(x[:2, :2], x), lambda x, v: np.kron(x[:2, :2], x)),
        "column_stack": (lambda x, v: dnp.column_stack([v, v]), lambda x, v: np.column_stack([v, v])),
        "dstack": (lambda x, v: dnp.dstack([x, x]), lambda x, v: np.dstack([x, x])),
        "resize": (lambda x, v: dnp.resize(v, (3, 4)), lambda x, v: np.resize(v, (3, 4))),
        "block": (lambda x, v: dnp.block([[x, x], [x, x]]), lambda x, v: np.block([[x, x], [x, x]])),
        "concat": (lambda x, v: dnp.concat([x, x], axis=1), lambda x, v: np.concat([x, x], axis=1)),
        "permute_dims": (lambda x, v: dnp.permute_dims(x, (1, 0)), lambda x, v: np.permute_dims(x, (1, 0))),
        "matrix_transpose": (lambda x, v: dnp.matrix_transpose(x), lambda x, v: np.matrix_transpose(x)),
        "atleast_3d": (lambda x, v: dnp.atleast_3d(v), lambda x, v: np.atleast_3d(v)),
        "atleast_2d": (lambda x, v: dnp.atleast_2d(x), lambda x, v: np.atleast_2d(x)),
        "atleast_1d": (lambda x, v: dnp.atleast_1d(v[0]), lambda x, v: np.atleast_1d(v[0])),
    }
    got = descend.jit(lambda x, v: {k: f(x, v) for k, (f, _) in cases.items()})(x, v)
    for k, (_, g) in cases.items():
        assert_matches_numpy(got[k], g(x, v), dtype)
    traced = dnp.roll(x, np.int32(-3), axis=1)  # a run-time shift
    assert_matches_numpy(traced, np.roll(x, -3, axis=1), dtype)
    assert_matches_numpy(descend.jit(lambda x, s: dnp.roll(x, s))(x, np.int32(7)), np.roll(x, 7), dtype)


def test_split_family(rng):
    x = random_array(rng, (4, 6, 2), "float32", "any")

    def f(x):
        return {
            "split": dnp.split(x, 3, axis=1),
            "split_idx": dnp.split(x, [1, 3, 10], axis=1),
            "array_split": dnp.array_split(x, 3, axis=0),
            "hsplit": dnp.hsplit(x, 2),
            "vsplit": dnp.vsplit(x, [3]),
            "dsplit": dnp.dsplit(x, 2),
            "unstack": list(dnp.unstack(x, axis=2)),
        }

    got = descend.jit(f)(x)
    want = {
        "split": np.split(x, 3, axis=1),
        "split_idx": np.split(x, [1, 3, 10], axis=1),
        "array_split": np.array_split(x, 3, axis=0),
        "hsplit": np.hsplit(x, 2),
        "vsplit": np.vsplit(x, [3]),
        "dsplit": np.dsplit(x, 2),
        "unstack": list(np.unstack(x, axis=2)),
    }
    for k in want:
        assert len(got[k]) == len(want[k])
        for g, w in zip(got[k], want[k]):
            assert_matches_numpy(g, w, "float32")
    with pytest.raises(ValueError, match="equal division"):
        dnp.split(x, 4, axis=1)


def test_construction():
    cases = {
        "tri": (dnp.tri(3, 5, 1), np.tri(3, 5, 1, dtype=np.float32), "float32"),
        "tri_int": (dnp.tri(4, k=-1, dtype=np.int32), np.tri(4, k=-1, dtype=np.int32), "int32"),
        "logspace": (dnp.logspace(0, 2, 5), np.logspace(0, 2, 5), "float32"),
        "logspace_base": (dnp.logspace(1, 4, 3, base=2.0, endpoint=False), np.logspace(1, 4, 3, base=2.0, endpoint=False), "float32"),
        "geomspace": (dnp.geomspace(1, 1000, 4), np.geomspace(1, 1000, 4), "float32"),
        "geomspace_neg": (dnp.geomspace(-2.0, -32.0, 5, dtype=np.float64), np.geomspace(-2.0, -32.0, 5), "float64"),
        "indices": (dnp.indices((2, 3)), np.indices((2, 3)), "int32"),
        "vander": (dnp.vander(np.arange(1.0, 5.0), 3), np.vander(np.arange(1.0, 5.0), 3), "float64"),
        "vander_inc": (dnp.vander(np.arange(3, dtype=np.int32), increasing=True), np.vander(np.arange(3), increasing=True), "int32"),
        "fromfunction": (dnp.fromfunction(lambda i, j: i * 10 + j, (2, 3)), np.fromfunction(lambda i, j: i * 10 + j, (2, 3)), "float32"),
    }
    for got, want, dt in cases.values():
        assert_matches_numpy(got, want, dt, "transcendental")
    v, w = np.arange(3.0), np.arange(4.0, 6.0)
    for kw in ({}, {"indexing": "ij"}, {"sparse": True}):
        for g, e in zip(dnp.meshgrid(v, w, v[:2], **kw), np.meshgrid(v, w, v[:2], **kw)):
            assert_matches_numpy(g, e, "float64")
    for g, e in zip(dnp.tril_indices(4, 1), np.tril_indices(4, 1)):
        assert_matches_numpy(g, e, "int32")
    for g, e in zip(dnp.triu_indices_from(np.ones((3, 5)), -1), np.triu_indices_from(np.ones((3, 5)), -1)):
        assert_matches_numpy(g, e, "int32")
    for g, e in zip(dnp.diag_indices(3, 3), np.diag_indices(3, 3)):
        assert_matches_numpy(g, e, "int32")
    a = np.arange(12.0).reshape(3, 4)
    assert_matches_numpy(dnp.fill_diagonal(a, 7.0, inplace=False), _filled(a, 7.0), "float64")
    assert_matches_numpy(dnp.fill_diagonal(a, np.array([1.0, 2.0]), inplace=False), _filled(a, np.array([1.0, 2.0])), "float64")
    with pytest.raises(NotImplementedError, match="inplace"):
        dnp.fill_diagonal(a, 1.0)


def _filled(a, v):
    b = a.copy()
    np.fill_diagonal(b, v)
    return b


@pytest.mark.parametrize("mode", ["constant", "edge", "reflect", "symmetric", "wrap", "empty"])
def test_pad(mode, rng):
    x = random_array(rng, (3, 4), "float32", "any")
    widths = [1, (2, 0), ((1, 2), (3, 0)), ((4, 7), (0, 9))]

    def f(x):
        return [dnp.pad(x, w, mode=mode) for w in widths]

    for w, g in zip(widths, descend.jit(f)(x)):
        want = np.pad(x, w, mode=mode)
        if mode == "empty":
            assert np.asarray(g).shape == want.shape
            continue
        assert_matches_numpy(g, want, "float32")
    one = np.array([5.0])
    assert_matches_numpy(dnp.pad(one, 3, mode=mode if mode != "empty" else "edge"), np.pad(one, 3, mode=mode if mode != "empty" else "edge"), "float64")


def test_pad_arguments():
    x = np.arange(6, dtype=np.int32).reshape(2, 3)
    assert_matches_numpy(dnp.pad(x, 1, constant_values=7), np.pad(x, 1, constant_values=7), "int32")
    assert_matches_numpy(dnp.pad(x, 1, constant_values=((1, 2), (3, 4))), np.pad(x, 1, constant_values=((1, 2), (3, 4))), "int32")
    for mode in ("mean", "linear_ramp"):
        with pytest.raises(NotImplementedError, match=f"mode='{mode}'"):
            dnp.pad(x, 1, mode=mode)
    with pytest.raises(NotImplementedError, match="reflect_type"):
        dnp.pad(x, 1, mode="reflect", reflect_type="odd")


@pytest.mark.filterwarnings("ignore:Arrays of 2-dimensional vectors are deprecated")
def test_products():
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    assert_matches_numpy(dnp.cross(a, b), np.cross(a, b), "float64")
    assert_matches_numpy(dnp.cross(a[:, :2], b[:, :2]), np.cross(a[:, :2], b[:, :2]), "float64")
    assert_matches_numpy(dnp.cross(a[:, :2], b), np.cross(a[:, :2], b), "float64")
    assert_matches_numpy(dnp.cross(a.T, b.T, axisa=0, axisb=0, axisc=0), np.cross(a.T, b.T, axisa=0, axisb=0, axisc=0), "float64")
    m = rng.standard_normal((2, 4, 3))
    assert_matches_numpy(dnp.vecdot(a, b), np.vecdot(a, b), "float64")
    assert_matches_numpy(dnp.matvec(m, a[0]), np.matvec(m, a[0]), "float64")
    assert_matches_numpy(dnp.vecmat(a[0, :], m.transpose(0, 2, 1)), np.vecmat(a[0, :], m.transpose(0, 2, 1)), "float64")


def test_polynomials_and_signals():
    p = np.array([3.0, 0.0, -2.0, 1.0])
    x = np.linspace(-2, 2, 7)
    assert_matches_numpy(dnp.polyval(p, x), np.polyval(p, x), "float64")
    assert_matches_numpy(dnp.polyval(np.array([2, 1], np.int32), np.arange(3, dtype=np.int32)), np.polyval([2, 1], np.arange(3)), "int32")
    assert_matches_numpy(dnp.polyadd(p, [1.0, 2.0]), np.polyadd(p, [1.0, 2.0]), "float64")
    assert_matches_numpy(dnp.polysub([1.0, 2.0], p), np.polysub([1.0, 2.0], p), "float64")
    assert_matches_numpy(dnp.polymul(p, [1.0, -1.0]), np.polymul(p, [1.0, -1.0]), "float64")
    assert_matches_numpy(dnp.polyder(p, 2), np.polyder(p, 2), "float64")
    assert_matches_numpy(dnp.polyint(p, 2, k=[1.0, -1.0]), np.polyint(p, 2, k=[1.0, -1.0]), "float64")
    a = np.arange(1.0, 7.0)
    for mode in ("full", "same", "valid"):
        assert_matches_numpy(dnp.convolve(a, p, mode), np.convolve(a, p, mode), "float64")
        assert_matches_numpy(dnp.correlate(a, p, mode), np.correlate(a, p, mode), "float64")
        assert_matches_numpy(dnp.correlate(p[:2], a, mode), np.correlate(p[:2], a, mode), "float64")
    xp = np.array([0.0, 1.0, 2.5, 4.0])
    fp = np.array([1.0, -1.0, 3.0, 0.0])
    q = np.array([[-1.0, 0.0, 0.5], [2.5, 3.9, 9.0]])
    assert_matches_numpy(dnp.interp(q, xp, fp), np.interp(q, xp, fp), "float64")
    assert_matches_numpy(dnp.interp(q, xp, fp, left=-5.0, right=5.0), np.interp(q, xp, fp, left=-5.0, right=5.0), "float64")
    with pytest.raises(NotImplementedError, match="period"):
        dnp.interp(q, xp, fp, period=2.0)


def test_searching():
    s = np.array([1.0, 2.0, 2.0, 3.0, np.nan])
    v = np.array([[0.0, 2.0], [2.5, 9.0], [np.nan, 1.0]])
    for side in ("left", "right"):
        assert_matches_numpy(dnp.searchsorted(s, v, side=side), np.searchsorted(s, v, side=side), "int32")
    bins = np.array([0.0, 1.0, 2.5])
    x = np.array([-1.0, 0.0, 0.5, 1.0, 2.5, 3.0])
    for right in (False, True):
        assert_matches_numpy(dnp.digitize(x, bins, right=right), np.digitize(x, bins, right=right), "int32")
        assert_matches_numpy(dnp.digitize(x, bins[::-1], right=right), np.digitize(x, bins[::-1], right=right), "int32")
    i = np.array([0, 1, 1, 3, 2, 1, 7], np.int32)
    assert_matches_numpy(dnp.bincount(i), np.bincount(i), "int32")
    assert_matches_numpy(dnp.bincount(i, weights=np.arange(7.0), minlength=10), np.bincount(i, weights=np.arange(7.0), minlength=10), "float64")
    assert_matches_numpy(descend.jit(lambda i: dnp.bincount(i, length=5))(i), np.bincount(i)[:5], "int32")
    with pytest.raises(NotImplementedError, match="length"):
        descend.jit(lambda i: dnp.bincount(i))(i)
    assert_matches_numpy(dnp.isin(i, [1, 7]), np.isin(i, [1, 7]), "bool")
    assert_matches_numpy(dnp.isin(i.reshape(7, 1), np.array([[3, 2]]), invert=True), np.isin(i.reshape(7, 1), [[3, 2]], invert=True), "bool")
    x = np.linspace(-2, 2, 9)
    assert_matches_numpy(dnp.select([x > 1, x < -1], [x, -x], 0.5), np.select([x > 1, x < -1], [x, -x], 0.5), "float64")


def test_misc_helpers():
    assert dnp.result_type(np.float32, 1.0, np.int32(1)) == np.float32
    assert dnp.result_type(np.ones(2, np.int32), 2.5) == np.float32  # JAX, where NumPy gives float64
    assert dnp.result_type(np.int8, np.float64) == np.float64
    assert dnp.broadcast_shapes((3, 1), (4,), ()) == (3, 4)
    assert dnp.can_cast(np.int32, np.float64) and not dnp.can_cast(np.float64, np.int32)
    assert_matches_numpy(dnp.copy(np.arange(3.0)), np.arange(3.0), "float64")
    x = np.arange(12.0).reshape(3, 4)
    assert_matches_numpy(dnp.apply_along_axis(lambda r: dnp.sum(r * r), 1, x), np.apply_along_axis(lambda r: np.sum(r * r), 1, x), "float64")
    assert_matches_numpy(dnp.apply_over_axes(dnp.sum, x, [0, 1]), np.apply_over_axes(np.sum, x, [0, 1]), "float64")
    vf = dnp.vectorize(lambda a, b: dnp.where(a > b, a, b * 2))
    assert_matches_numpy(vf(x, np.arange(4.0)), np.vectorize(lambda a, b: a if a > b else b * 2)(x, np.arange(4.0)), "float64")
    with pytest.raises(NotImplementedError, match="signature"):
        dnp.vectorize(lambda a: a, signature="(n)->()")


def test_non_contiguous_inputs(rng):
    """Negative strides and transposed views (descend copies them into contiguous buffers)."""
    base = random_array(rng, (6, 5), "float64", "any")
    for x in (base[::-2], base.T, base[:, ::-1][1:4]):
        assert_matches_numpy(dnp.arcsinh(x), np.arcsinh(x), "float64", "transcendental")
        assert_matches_numpy(dnp.cumsum(x, axis=0), np.cumsum(x, axis=0), "float64", "reduction")
        assert_matches_numpy(dnp.sort(x, axis=1), np.sort(x, axis=1), "float64")
        assert_matches_numpy(dnp.tril(x), np.tril(x), "float64")


# ---- sorting ---------------------------------------------------------------------------------------------


def _sort_input(rng, shape, dtype):
    x = random_array(rng, shape, dtype, "small" if dtype != "bool" else "any")  # ties
    if dtype.startswith("float") and x.size >= 6:
        flat = x.reshape(-1)
        flat[:6] = np.array([np.nan, -0.0, 0.0, np.inf, -np.inf, np.nan], dtype)
    return x


@pytest.mark.parametrize(
    "dtype,shape",
    [("float32", s) for s in [(), (1,), (7,), (3, 5), (2, 1, 4), (0,), (3, 0), (4, 33)]]
    + [(d, (5, 9)) for d in ("float64", "int32", "bool", "int8")],
    ids=str,
)
def test_sort_argsort(dtype, shape, rng):
    x = _sort_input(rng, shape, dtype)
    axes = [None] + list(range(-len(shape), len(shape)))

    def f(x):
        out = {}
        for ax in axes:
            out[f"sort{ax}"] = dnp.sort(x, axis=ax)
            out[f"argsort{ax}"] = dnp.argsort(x, axis=ax)
        return out

    if not shape:
        with pytest.raises(ValueError, match="0-d"):
            dnp.sort(x, axis=0)
        axes = [None]
    got = descend.jit(f)(x)
    for ax in axes:
        assert_matches_numpy(got[f"sort{ax}"], np.sort(x, axis=ax), dtype)
        assert_matches_numpy(got[f"argsort{ax}"], np.argsort(x, axis=ax, kind="stable"), "int32")
        if dtype.startswith("float"):  # -0.0 and 0.0 keep their order (a stable sort of equal values)
            assert np.array_equal(np.signbit(np.asarray(got[f"sort{ax}"])), np.signbit(np.sort(x, axis=ax, kind="stable")))


def test_sort_options(rng):
    x = _sort_input(rng, (4, 7), "float32")
    d = np.asarray(dnp.argsort(x, axis=1, descending=True))
    # stable descending: equal elements keep their original order
    want = np.stack([np.argsort(-r.astype(np.float64), kind="stable") if not np.isnan(r).any() else d_row for r, d_row in zip(x, d)])
    assert np.array_equal(d[1:], want[1:])
    assert_matches_numpy(dnp.sort(x, axis=1, descending=True), np.flip(np.sort(np.flip(x, 1), axis=1), 1), "float32")
    keys = (np.array([1, 5, 1, 4, 3, 4, 4], np.int32), np.array([9.0, 4.0, 0.0, 4.0, 0.0, 2.0, 1.0]))
    assert_matches_numpy(dnp.lexsort(keys), np.lexsort(keys), "int32")
    k2 = rng.integers(0, 3, (2, 3, 8))
    assert_matches_numpy(dnp.lexsort(k2, axis=-1), np.lexsort(k2, axis=-1), "int32")
    p = np.asarray(dnp.partition(x, 3, axis=1))
    assert np.array_equal(p[:, 3], np.partition(x, 3, axis=1)[:, 3], equal_nan=True)
    ap = np.asarray(dnp.argpartition(x[1], 2))
    assert np.take(x[1], ap)[2] == np.partition(x[1], 2)[2]
    with pytest.raises(NotImplementedError, match="order"):
        dnp.sort(x, order="f")
    with pytest.raises(ValueError, match="kth"):
        dnp.partition(x, 9, axis=1)
    big = rng.standard_normal(3000)
    assert_matches_numpy(dnp.sort(big), np.sort(big), "float64")


def test_sort_grad_and_vmap(rng):
    x = rng.standard_normal((3, 6))
    check_grads(lambda x: dnp.sort(x, axis=1) * np.arange(6.0), (x,), order=1)
    g = descend.grad(lambda x: dnp.sum(dnp.sort(x) * np.arange(6.0)))(x[0])
    assert_matches_numpy(g, np.arange(6.0)[np.argsort(np.argsort(x[0]))], "float64")
    vs = descend.vmap(lambda r: dnp.sort(r))(x)
    assert_matches_numpy(vs, np.sort(x, axis=1), "float64")
    va = descend.jit(descend.vmap(lambda r: dnp.argsort(r, descending=True), in_axes=1))(x)
    assert_matches_numpy(va, np.argsort(-x.T, axis=1, kind="stable"), "int32")


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_quantiles(dtype, rng):
    x = random_array(rng, (4, 9), dtype, "any")
    xn = _with_nans(rng, (4, 9), dtype) if dtype != "int32" else x
    q = np.array([0.0, 0.25, 0.5, 0.9, 1.0])
    methods = ("linear", "lower", "higher", "midpoint", "nearest") if dtype == "float32" else ("linear", "nearest")

    def f(x, xn):
        out = {}
        for m in methods:
            out[f"q{m}"] = dnp.quantile(x, q, axis=1, method=m)
            out[f"p{m}"] = dnp.percentile(x, 40.0, axis=0, method=m, keepdims=True)
        out["median"] = dnp.median(x, axis=1)
        out["median_all"] = dnp.median(x)
        out["nanmedian"] = dnp.nanmedian(xn, axis=1)
        out["nanquantile"] = dnp.nanquantile(xn, q, axis=0)
        out["nanpercentile"] = dnp.nanpercentile(xn, 75.0)
        out["median_nan"] = dnp.median(xn, axis=0)
        return out

    got = descend.jit(f)(x, xn)
    fdt = float_result(dtype)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for m in methods:
            assert_matches_numpy(got[f"q{m}"], np.quantile(x, q, axis=1, method=m), fdt, "reduction")
            assert_matches_numpy(got[f"p{m}"], np.percentile(x, 40.0, axis=0, method=m, keepdims=True), fdt, "reduction")
        assert_matches_numpy(got["median"], np.median(x, axis=1), fdt, "reduction")
        assert_matches_numpy(got["median_all"], np.median(x), fdt, "reduction")
        assert_matches_numpy(got["nanmedian"], np.nanmedian(xn, axis=1), fdt, "reduction")
        assert_matches_numpy(got["nanquantile"], np.nanquantile(xn, q, axis=0), fdt, "reduction")
        assert_matches_numpy(got["nanpercentile"], np.nanpercentile(xn, 75.0), fdt, "reduction")
        assert_matches_numpy(got["median_nan"], np.median(xn, axis=0), fdt, "reduction")
    with pytest.raises(NotImplementedError, match="method='inverted_cdf'"):
        dnp.quantile(x, 0.5, method="inverted_cdf")


def test_quantile_of_36_elements():
    """Regression: guarded-super-vectorize aborted the process on this module (an affine loop
    nested in the sorting network's scf.for), fixed in lowering/loop_opts.py."""
    assert_matches_numpy(dnp.quantile(np.arange(36, dtype=np.float32), 0.5), 17.5, "float32")
    assert_matches_numpy(dnp.median(np.arange(36.0).reshape(4, 9)), 17.5, "float64")


# ---- transformations through the new functions ------------------------------------------------------------

GRAD_CASES = {
    "inverse-trig": (lambda x: dnp.arcsin(x * 0.5) + dnp.arctanh(x * 0.3) + dnp.arccosh(x * x + 1.5), (4,)),
    "hyperbolic": (lambda x: dnp.sinh(x) * dnp.cosh(x) + dnp.arcsinh(x) + dnp.cbrt(x * x + 1.0), (4,)),
    "logaddexp-hypot": (lambda x: dnp.logaddexp(x, x[::-1]) + dnp.hypot(x, 2.0) + dnp.logaddexp2(x, 0.5), (5,)),
    "sinc-exp2-log10": (lambda x: dnp.sinc(x) + dnp.exp2(x) + dnp.log10(x * x + 1.0), (5,)),
    "var-std": (lambda x: dnp.var(x, axis=0) + dnp.std(x, axis=1, ddof=1).sum(), (3, 4)),
    "cumsum-cumprod": (lambda x: dnp.cumsum(x, axis=1) * dnp.cumprod(x * 0.5 + 1.0, axis=0), (3, 4)),
    "nanmean-average": (lambda x: dnp.nanmean(x, axis=0) + dnp.average(x, axis=1, weights=np.arange(1.0, 5.0)).sum(), (3, 4)),
    "structure": (lambda x: dnp.tril(dnp.roll(dnp.tile(x, (2, 1)), 1, axis=0))[:, :3] * dnp.diagonal(x)[0] + dnp.trace(x), (3, 4)),
    "pad-reflect-kron": (lambda x: dnp.pad(x, ((1, 2), (2, 1)), mode="reflect").sum() * dnp.kron(x, x[:1, :2]), (3, 4)),
    "quantile-median": (lambda x: dnp.quantile(x, np.array([0.3, 0.8]), axis=1) + dnp.median(x), (3, 4)),
    "convolve-interp": (lambda x: dnp.convolve(x, np.array([1.0, -2.0, 0.5])) + dnp.interp(np.array([0.3, 1.7, 2.2]), np.arange(5.0), x).sum(), (5,)),
}


@pytest.mark.parametrize("case", sorted(GRAD_CASES))
def test_gradients(case):
    fn, shape = GRAD_CASES[case]
    x = np.random.default_rng(11).uniform(0.2, 1.5, shape)
    check_grads(fn, (x,), order=1)


def test_vmap_matches_loop(rng):
    x = random_array(rng, (4, 3, 5), "float32", "any")

    def f(a):
        return {
            "var": dnp.var(a, axis=1),
            "cumsum": dnp.cumsum(a, axis=0),
            "logaddexp": dnp.logaddexp(a, 0.5),
            "roll": dnp.roll(a, 2, axis=1),
            "tril": dnp.tril(a),
            "median": dnp.median(a, axis=1),
            "diag": dnp.diagonal(a),
            "nanmax": dnp.nanmax(a, axis=0),
            "searchsorted": dnp.searchsorted(np.array([-1.0, 0.0, 1.0], np.float32), a),
        }

    batched = descend.jit(descend.vmap(f))(x)
    for i in range(x.shape[0]):
        single = f(x[i])
        for k in single:
            np.testing.assert_allclose(np.asarray(batched[k])[i], np.asarray(single[k]), rtol=1e-6, err_msg=k)


def test_promotion_of_weak_scalars():
    """Python scalars do not widen arrays (JAX's weak types)."""
    x32 = np.ones(3, np.float32)
    assert dnp.hypot(x32, 2.0).dtype == np.float32
    assert dnp.logaddexp(x32, 1).dtype == np.float32
    assert dnp.copysign(np.ones(3, np.int32), -1.0).dtype == np.float32
    assert dnp.fmax(np.ones(3, np.int32), 2).dtype == np.int32
    assert dnp.var(np.ones(3, np.int32)).dtype == np.float32
    assert jax_promote("int32", "float64") == "float64"


# ---- descend.lax additions (python/descend/_lax_extra.py) ----------------------------------------------


def test_lax_extra(rng):
    from descend import lax

    x = random_array(rng, (3, 6), "float32", "any")
    i = random_array(rng, (3, 6), "int32", "any")
    w = (np.abs(i) % 3).astype(np.int32)

    def f(x, i, w):
        return {
            "cumsum": lax.cumsum(x, axis=1),
            "cumprod_rev": lax.cumprod(x, axis=0, reverse=True),
            "cummax": lax.cummax(x, axis=1),
            "cummin_rev": lax.cummin(i, axis=1, reverse=True),
            "cumlogsumexp": lax.cumlogsumexp(x, axis=1),
            "assoc": lax.associative_scan(lambda a, b: (a[0] + b[0], lax.max(a[1], b[1])), (x, i), axis=1),
            "reduce_xor": lax.reduce_xor(i, (1,)),
            "parity": lax.reduce_xor(i > 0, (0, 1)),
            "sort": lax.sort(x, 0),
            "sort_kv": lax.sort_key_val(i, x, dimension=1),
            "sort2": lax.sort((i, x), num_keys=2),
            "top_k": lax.top_k(x, 3),
            "square": lax.square(x),
            "ipow": lax.integer_pow(x, -3),
            "clamp": lax.clamp(np.float32(-0.5), x, np.float32(0.5)),
            "select_n": lax.select_n(w, x, -x, 2 * x),
            "mulhi": lax.mulhi(i * 100003, i * 77777),
            "collapse": lax.collapse(x.reshape(3, 2, 3), 1),
            "slice_in_dim": lax.slice_in_dim(x, 1, 5, 2, axis=1),
            "split": lax.split(x, (2, 4), axis=1),
            "batch_matmul": lax.batch_matmul(x.reshape(3, 2, 3), x.reshape(3, 3, 2)),
        }

    got = descend.jit(f)(x, i, w)
    lse = np.logaddexp.accumulate(x.astype(np.float64), axis=1)
    order = np.lexsort((x, i), axis=1)
    want = {
        "cumsum": np.cumsum(x, axis=1),
        "cumprod_rev": np.flip(np.cumprod(np.flip(x, 0), axis=0), 0),
        "cummax": np.maximum.accumulate(x, axis=1),
        "cummin_rev": np.flip(np.minimum.accumulate(np.flip(i, 1), axis=1), 1),
        "cumlogsumexp": lse,
        "assoc": (np.cumsum(x, axis=1), np.maximum.accumulate(i, axis=1)),
        "reduce_xor": np.bitwise_xor.reduce(i, axis=1),
        "parity": np.bitwise_xor.reduce((i > 0).ravel()),
        "sort": np.sort(x, axis=0),
        "sort_kv": (np.sort(i, axis=1), np.take_along_axis(x, np.argsort(i, axis=1, kind="stable"), 1)),
        "sort2": (np.take_along_axis(i, order, 1), np.take_along_axis(x, order, 1)),
        "top_k": (-np.sort(-x, axis=1)[:, :3], np.argsort(-x, axis=1, kind="stable")[:, :3].astype(np.int32)),
        "square": x.astype(np.float64) ** 2,
        "ipow": x.astype(np.float64) ** -3,
        "clamp": np.clip(x, -0.5, 0.5),
        "select_n": np.choose(w, [x, -x, 2 * x]),
        "mulhi": ((i.astype(np.int64) * 100003).astype(np.int32).astype(np.int64) * (i * 77777).astype(np.int64)) >> 32,
        "collapse": x.reshape(3, 6),
        "slice_in_dim": x[:, 1:5:2],
        "split": (x[:, :2], x[:, 2:]),
        "batch_matmul": x.reshape(3, 2, 3) @ x.reshape(3, 3, 2),
    }
    for k, wv in want.items():
        g = got[k]
        if isinstance(wv, tuple):
            for a, b in zip(g, wv):
                assert_matches_numpy(a, b, np.asarray(b).dtype.name if np.asarray(b).dtype != np.float64 else "float32", "reduction")
        else:
            dt = "int32" if k in ("reduce_xor", "cummin_rev", "mulhi") else "bool" if k == "parity" else "float32"
            assert_matches_numpy(g, wv, dt, "reduction")


def test_api_coverage_table_is_current():
    """docs/api_coverage.md is generated from the code: re-run scripts/api_coverage.py after adding
    or removing a public function."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "api_coverage.py"
    proc = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_array_methods(rng):
    """The new functions as array methods, eagerly and on traced values."""
    x = random_array(rng, (3, 4), "float64", "any")
    a = dnp.asarray(x)

    def f(t):
        return [t.var(axis=0), t.std(ddof=1), t.cumsum(axis=1), t.cumprod(), t.sort(axis=0), t.argsort(), t.any(),
                t.all(axis=1), t.round(1), t.trace(1), t.diagonal(-1), t.repeat(2, axis=0), t.swapaxes(0, 1),
                t.conj(), t.real, t.imag]

    want = [x.var(axis=0), x.std(ddof=1), x.cumsum(axis=1), x.cumprod(), np.sort(x, axis=0), np.argsort(x, kind="stable"),
            x.any(), x.all(axis=1), x.round(1), x.trace(1), x.diagonal(-1), x.repeat(2, axis=0), x.swapaxes(0, 1),
            x.conj(), x.real, np.zeros_like(x)]
    for got in (f(a), descend.jit(f)(x)):
        for g, w in zip(got, want):
            assert_matches_numpy(g, w, np.asarray(w).dtype.name if np.asarray(w).dtype != np.int64 else "int32", "reduction")
