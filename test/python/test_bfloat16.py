"""bfloat16 (ml_dtypes.bfloat16): stored in 16 bits, each op computed in float32 and rounded
back (as XLA on the CPU); sums and contractions accumulate in float32 and round once (as
JAX). The reference is NumPy in float32, rounded to bfloat16; results must match it to the
bit for single ops (both round the same float32 value) and within bfloat16's precision for
transcendental functions (float32 libm and descend's may differ in the last float32 bit,
which can move a bfloat16 rounding by one step)."""

from __future__ import annotations

import ml_dtypes
import numpy as np
import pytest

import descend
import descend.numpy as dnp

BF = ml_dtypes.bfloat16
MODES = ["eager", "jit"]
EPS = float(ml_dtypes.finfo(BF).eps)  # 2^-7


def _run(mode, f, *args):
    fn = descend.jit(f) if mode == "jit" else f
    return np.asarray(fn(*args))


def _ref(f, *args):
    """f in float32 on the bfloat16 inputs, rounded to bfloat16."""
    with np.errstate(all="ignore"):
        return np.asarray(f(*[a.astype(np.float32) for a in args])).astype(BF)


def _bits_equal(r, e):
    assert r.dtype == e.dtype == np.dtype(BF), (r.dtype, e.dtype)
    np.testing.assert_array_equal(r.view(np.uint16), e.view(np.uint16))


def _close(r, e, steps=1):
    """Within `steps` bfloat16 rounding steps (relative), NaNs and infinities equal."""
    assert r.dtype == np.dtype(BF), r.dtype
    r32, e32 = r.astype(np.float32), e.astype(np.float32)
    np.testing.assert_allclose(r32, e32, rtol=steps * EPS, atol=1e-30)


def _inputs():
    rng = np.random.default_rng(3)
    x = rng.uniform(-4, 4, 64).astype(BF)
    y = rng.uniform(0.25, 3, 64).astype(BF)
    x[:6] = np.array([0.0, -0.0, 1.0, 3.0e38, -1e-38, 100.0], BF)
    return x, y


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "maximum", "minimum", "power"])
def test_binary_is_f32_rounded(name, mode):
    x, y = _inputs()
    _bits_equal(_run(mode, getattr(dnp, name), x, y), _ref(getattr(np, name), x, y))


@pytest.mark.parametrize("mode", MODES)
def test_unary(mode):
    x, y = _inputs()
    for name in ["negative", "abs", "floor", "ceil", "sqrt", "square"]:
        a = y if name == "sqrt" else x
        _bits_equal(_run(mode, getattr(dnp, name), a), _ref(getattr(np, name), a))
    np.testing.assert_array_equal(_run(mode, dnp.sign, x), _ref(np.sign, x))  # (sign(-0.0) is -0.0, as JAX)
    for name in ["exp", "log", "tanh", "sin", "cos", "log1p", "expm1", "arctan"]:
        a = y if name in ("log", "log1p") else x
        _close(_run(mode, getattr(dnp, name), a), _ref(getattr(np, name), a))


@pytest.mark.parametrize("mode", MODES)
def test_comparisons_and_where(mode):
    x, y = _inputs()
    np.testing.assert_array_equal(_run(mode, dnp.less, x, y), x.astype(np.float32) < y.astype(np.float32))
    _bits_equal(_run(mode, lambda a, b: dnp.where(a > b, a, b), x, y), np.where(x > y, x, y))


@pytest.mark.parametrize("mode", MODES)
def test_reductions_accumulate_in_f32(mode):
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 1, (8, 300)).astype(BF)
    # 300 terms near 150: a bfloat16 running sum would be off by many steps
    _close(_run(mode, lambda a: dnp.sum(a, axis=1), x), _ref(lambda a: a.sum(axis=1), x))
    _close(_run(mode, dnp.sum, x), _ref(np.sum, x))
    _close(_run(mode, lambda a: dnp.mean(a, axis=0), x), _ref(lambda a: a.mean(axis=0), x))
    _bits_equal(_run(mode, lambda a: dnp.max(a, axis=1), x), np.max(x.astype(np.float32), axis=1).astype(BF))
    np.testing.assert_array_equal(_run(mode, lambda a: dnp.argmin(a, axis=1), x), np.argmin(x.astype(np.float32), axis=1))


@pytest.mark.parametrize("mode", MODES)
def test_matmul_accumulates_in_f32(mode):
    rng = np.random.default_rng(6)
    a = rng.standard_normal((16, 200)).astype(BF)
    b = rng.standard_normal((200, 8)).astype(BF)
    _close(_run(mode, dnp.matmul, a, b), _ref(np.matmul, a, b))


@pytest.mark.parametrize("mode", MODES)
def test_astype_both_ways(mode):
    rng = np.random.default_rng(7)
    f64 = np.concatenate([rng.standard_normal(500) * 1e3, [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-40]])
    for src in ["float64", "float32", "float16"]:
        v = f64.astype(src)
        _bits_equal(_run(mode, lambda t: dnp.astype(t, BF), v), v.astype(BF))
    b = f64.astype(BF)
    for dst in ["float64", "float32", "float16"]:
        got = _run(mode, lambda t, d=dst: dnp.astype(t, d), b)
        np.testing.assert_array_equal(got, b.astype(dst))
    ints = np.array([0, 1, -3, 255, 2**24 + 1, -(2**31)], np.int64)
    for src in ["int8", "int32", "int64", "uint8"]:
        v = ints.astype(src)
        _bits_equal(_run(mode, lambda t: dnp.astype(t, BF), v), v.astype(BF))
    fin = np.array([1.5, -2.75, 100.0, 0.0], BF)
    for dst in ["int32", "int8", "uint8"]:
        np.testing.assert_array_equal(_run(mode, lambda t, d=dst: dnp.astype(t, d), np.abs(fin) if dst == "uint8" else fin),
                                      (np.abs(fin) if dst == "uint8" else fin).astype(dst))


def test_promotion_as_jax():
    jnp = pytest.importorskip("jax.numpy")
    for other in ["bool", "int8", "uint8", "int32", "int64", "float16", "float32", "float64"]:
        assert dnp.promote_types(BF, np.dtype(other)) == jnp.promote_types(jnp.bfloat16, other), other
    assert (dnp.ones(2, BF) * 2.5).dtype == np.dtype(BF)  # weak Python float keeps bfloat16
    assert (dnp.ones(2, BF) + dnp.ones(2, np.float16)).dtype == np.float32


def test_constants_finfo_and_creation():
    c = np.array([[1.5, np.nan], [-np.inf, 3.0e38]], BF)
    got = np.asarray(descend.jit(lambda t: t * c)(np.ones((2, 2), BF)))
    _bits_equal(got, c)
    assert dnp.finfo(BF).eps == EPS
    assert dnp.zeros(3, dtype=dnp.bfloat16).dtype == np.dtype(BF)
    _bits_equal(np.asarray(dnp.asarray(c)), c)


def test_grad_and_vmap():
    x = np.array([0.5, 1.0, 2.0], BF)
    g = np.asarray(descend.grad(lambda t: dnp.sum(t * t))(x))
    _bits_equal(g, (2 * x.astype(np.float32)).astype(BF))
    v = np.asarray(descend.vmap(lambda r: dnp.sum(r) * r)(np.stack([x, 2 * x])))
    _close(v, np.stack([x.astype(np.float32) * 3.5, (2 * x).astype(np.float32) * 7]).astype(BF))


def test_dtype_kinds():
    assert dnp.issubdtype(BF, dnp.floating) and dnp.issubdtype(BF, dnp.inexact)
    assert dnp.isdtype(BF, "real floating") and dnp.isdtype(BF, "numeric") and not dnp.isdtype(BF, "integral")


def test_random_uniform_matches_jax():
    jax = pytest.importorskip("jax")
    import descend.random as dr

    got = np.asarray(dr.uniform(dr.PRNGKey(0), (200,), dtype=BF))
    want = np.asarray(jax.random.uniform(jax.random.PRNGKey(0), (200,), dtype=jax.numpy.bfloat16))
    _bits_equal(got, want)  # JAX draws 8 random bits for bfloat16's 7 mantissa bits
    n = np.asarray(dr.normal(dr.PRNGKey(1), (200,), dtype=BF))
    _close(n, np.asarray(jax.random.normal(jax.random.PRNGKey(1), (200,), dtype=jax.numpy.bfloat16)))
