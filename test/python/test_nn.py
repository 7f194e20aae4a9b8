"""descend.nn against reference implementations written with NumPy in float64
(and against jax.nn where JAX is installed), their derivatives (finite
differences, and JAX's conventions at the kinks), masks and dtypes."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import assert_matches_numpy
from gradcheck import check_grads

import descend
import descend.nn as nn
import descend.numpy as dnp

try:  # a test-only oracle
    import jax
except ImportError:  # pragma: no cover
    jax = None
try:
    from scipy import special as sp
except ImportError:  # pragma: no cover
    sp = None


def _softplus(x):
    return np.logaddexp(x, 0.0)


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _erf(x):
    return np.vectorize(math.erf)(x)


# name -> NumPy reference in float64
REFERENCE = {
    "relu": lambda x: np.maximum(x, 0.0),
    "relu6": lambda x: np.minimum(np.maximum(x, 0.0), 6.0),
    "sigmoid": _sigmoid,
    "softplus": _softplus,
    "log_sigmoid": lambda x: -_softplus(-x),
    "silu": lambda x: x * _sigmoid(x),
    "swish": lambda x: x * _sigmoid(x),
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0.0))),
    "celu": lambda x: np.maximum(x, 0.0) + np.expm1(np.minimum(x, 0.0)),
    "selu": lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(np.minimum(x, 0.0))),
    "leaky_relu": lambda x: np.where(x >= 0, x, 0.01 * x),
    "hard_tanh": lambda x: np.clip(x, -1.0, 1.0),
    "hard_sigmoid": lambda x: np.clip(x + 3.0, 0.0, 6.0) / 6.0,
    "hard_silu": lambda x: x * np.clip(x + 3.0, 0.0, 6.0) / 6.0,
    "hard_swish": lambda x: x * np.clip(x + 3.0, 0.0, 6.0) / 6.0,
    "soft_sign": lambda x: x / (np.abs(x) + 1.0),
    "squareplus": lambda x: (x + np.sqrt(x * x + 4.0)) / 2.0,
    "mish": lambda x: x * np.tanh(_softplus(x)),
    "sparse_plus": lambda x: np.where(x <= -1, 0.0, np.where(x >= 1, x, (x + 1.0) ** 2 / 4.0)),
    "sparse_sigmoid": lambda x: 0.5 * np.clip(x + 1.0, 0.0, 2.0),
    "identity": lambda x: x,
    "tanh": np.tanh,
    "gelu": lambda x: 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3))),
}

X = np.concatenate([np.linspace(-8, 8, 37), [0.0, -1.0, 1.0, 6.0, -3.0, 3.0, 30.0, -30.0, 100.0, -100.0]])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_activations(dtype):
    x = X.astype(dtype)
    got = descend.jit(lambda x: {n: getattr(nn, n)(x) for n in REFERENCE})(x)
    for name, ref in REFERENCE.items():
        with np.errstate(all="ignore"):
            want = ref(x.astype(np.float64))
        assert_matches_numpy(got[name], want, dtype, "transcendental", atol=2e-6 if dtype == "float32" else 1e-13)
    assert_matches_numpy(nn.gelu(x, approximate=False), 0.5 * X * (1 + _erf(X / math.sqrt(2))), dtype, "transcendental")
    assert_matches_numpy(nn.elu(x, alpha=0.5), np.where(X > 0, X, 0.5 * np.expm1(np.minimum(X, 0))), dtype, "transcendental")
    assert_matches_numpy(nn.leaky_relu(x, 0.2), np.where(X >= 0, X, 0.2 * X), dtype)


def test_activation_dtypes_and_shapes():
    assert nn.relu(np.arange(-2, 3, dtype=np.int32)).dtype == np.int32  # relu keeps integers (JAX)
    assert nn.sigmoid(np.arange(3, dtype=np.int32)).dtype == np.float32
    assert nn.softplus(np.zeros((2, 0, 3), np.float32)).shape == (2, 0, 3)
    assert nn.gelu(np.float32(1.0)).shape == ()
    assert_matches_numpy(nn.softplus(np.array([-1000.0, 1000.0], np.float32)), [0.0, 1000.0], "float32")
    assert_matches_numpy(nn.log_sigmoid(np.array([-1000.0, 1000.0], np.float32)), [-1000.0, 0.0], "float32")


@pytest.mark.skipif(jax is None, reason="jax is not installed")
def test_against_jax():
    x = X.astype(np.float32)
    for name in REFERENCE:
        np.testing.assert_allclose(getattr(nn, name)(x), getattr(jax.nn, name)(x), rtol=2e-6, atol=2e-6, err_msg=name)
    xp = np.abs(x) + 0.01
    np.testing.assert_allclose(nn.log1mexp(xp), jax.nn.log1mexp(xp), rtol=2e-6, atol=1e-6)
    a = np.random.default_rng(0).standard_normal((2, 5, 6)).astype(np.float32) * 5
    np.testing.assert_allclose(nn.glu(a), jax.nn.glu(a), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(nn.standardize(a, axis=1), jax.nn.standardize(a, axis=1), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(nn.logmeanexp(a, axis=(0, 2)), jax.nn.logmeanexp(a, axis=(0, 2)), rtol=1e-6, atol=1e-6)


# ---- softmax and friends -------------------------------------------------------------------------------


def _np_softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("axis", [-1, 0, (0, 2)])
def test_softmax_log_softmax_logsumexp(axis, rng):
    x = rng.standard_normal((3, 4, 5)) * 30  # large logits: the max must be taken out
    got = descend.jit(lambda x: (nn.softmax(x, axis=axis), nn.log_softmax(x, axis=axis), nn.logsumexp(x, axis=axis)))(x)
    m = x.max(axis=axis, keepdims=True)
    lse = np.log(np.exp(x - m).sum(axis=axis, keepdims=True)) + m
    assert_matches_numpy(got[0], _np_softmax(x, axis), "float64", "transcendental")
    assert_matches_numpy(got[1], x - lse, "float64", "transcendental")
    assert_matches_numpy(got[2], np.squeeze(lse, axis=axis), "float64", "transcendental")
    x32 = x.astype(np.float32)
    assert_matches_numpy(nn.softmax(x32, axis=axis), _np_softmax(x, axis), "float32", "transcendental")


def test_softmax_where_and_edges(rng):
    x = rng.standard_normal((4, 6))
    mask = rng.random((4, 6)) < 0.6
    mask[0] = False  # an all-masked row
    s = np.asarray(nn.softmax(x, where=mask))
    ls = np.asarray(nn.log_softmax(x, where=mask))
    for i in range(1, 4):
        xi = np.where(mask[i], x[i], -np.inf)
        want = np.exp(xi - xi.max())
        want = want / want.sum()
        np.testing.assert_allclose(s[i], want, rtol=1e-12)
        np.testing.assert_allclose(ls[i][mask[i]], np.log(want[mask[i]]), rtol=1e-12)
        assert np.all(ls[i][~mask[i]] == -np.inf)
    inf = np.array([[-np.inf, 0.0, -np.inf], [np.inf, 1.0, 2.0]])
    assert_matches_numpy(nn.softmax(inf[:1]), [[0.0, 1.0, 0.0]], "float64")
    assert_matches_numpy(nn.logsumexp(np.array([-np.inf, -np.inf])), -np.inf, "float64")
    with pytest.raises(NotImplementedError, match="initial"):
        nn.softmax(x, initial=0.0)


def test_softmax_gradients(rng):
    x = rng.standard_normal((3, 4))
    check_grads(lambda x: nn.softmax(x, axis=1), (x,), order=2)
    check_grads(lambda x: nn.log_softmax(x, axis=0), (x,), order=2)
    check_grads(lambda x: nn.logsumexp(x, axis=1), (x,), order=2)
    # d logsumexp / dx = softmax, exactly
    g = descend.grad(lambda x: dnp.sum(nn.logsumexp(x * 40.0, axis=1)))(x)
    np.testing.assert_allclose(np.asarray(g), 40.0 * _np_softmax(40.0 * x, 1), rtol=1e-12)


def test_activation_gradients():
    x = np.array([-2.3, -0.7, 0.4, 1.1, 2.9, 5.5, 7.0])
    for name in ("softplus", "log_sigmoid", "silu", "gelu", "elu", "celu", "selu", "mish", "squareplus", "soft_sign", "sigmoid"):
        check_grads(getattr(nn, name), (x,), order=1)
    check_grads(lambda x: nn.gelu(x, approximate=False), (x,), order=2)
    # JAX's conventions at the kinks: relu'(0) = 0, relu6'(6) = 0, leaky_relu'(0) = 1
    k = np.array([0.0, 6.0, -1.0, 3.0])
    def total(fn):
        return lambda x: dnp.sum(fn(x))

    g = {n: np.asarray(descend.grad(total(getattr(nn, n)))(k)) for n in ("relu", "relu6", "leaky_relu")}
    assert np.array_equal(g["relu"], [0, 1, 0, 1])
    assert np.array_equal(g["relu6"], [0, 0, 0, 1])
    assert np.allclose(g["leaky_relu"], [1, 1, 0.01, 1])
    # softplus stays finite far out
    g = np.asarray(descend.grad(lambda x: dnp.sum(nn.softplus(x)))(np.array([-800.0, 800.0])))
    assert np.array_equal(g, [0.0, 1.0])


# ---- one_hot, standardize, glu, attention --------------------------------------------------------------


def test_one_hot():
    x = np.array([[0, 2], [5, -1]], np.int32)
    want = (x[..., None] == np.arange(4)).astype(np.float32)
    assert_matches_numpy(nn.one_hot(x, 4), want, "float32")
    assert_matches_numpy(nn.one_hot(x, 4, axis=0), np.moveaxis(want, -1, 0), "float32")
    assert_matches_numpy(nn.one_hot(x, 4, dtype=np.int32, axis=1), np.moveaxis(want, -1, 1).astype(np.int32), "int32")
    assert_matches_numpy(nn.one_hot(np.array([True, False]), 2), [[0.0, 1.0], [1.0, 0.0]], "float32")
    assert_matches_numpy(descend.jit(lambda x: nn.one_hot(x, 3))(np.int32(1)), [0.0, 1.0, 0.0], "float32")


def test_standardize_glu_logmeanexp(rng):
    x = rng.standard_normal((3, 4, 6))
    want = (x - x.mean(axis=-1, keepdims=True)) / np.sqrt(x.var(axis=-1, keepdims=True) + 1e-5)
    assert_matches_numpy(nn.standardize(x), want, "float64", "reduction")
    assert nn.normalize is nn.standardize
    mean, var = np.float64(0.5), np.float64(2.0)
    assert_matches_numpy(nn.standardize(x, mean=mean, variance=var, epsilon=0.0), (x - 0.5) / np.sqrt(2.0), "float64")
    a, b = np.split(x, 2, axis=-1)
    assert_matches_numpy(nn.glu(x), a * _sigmoid(b), "float64", "transcendental")
    with pytest.raises(ValueError, match="even"):
        nn.glu(x[..., :5])
    lme = np.log(np.exp(x).mean(axis=1))
    assert_matches_numpy(nn.logmeanexp(x, axis=1), lme, "float64", "transcendental")


def _np_attention(q, k, v, mask=None, causal=False):
    B, T, N, H = q.shape
    S, K = k.shape[1], k.shape[2]
    kk = np.repeat(k, N // K, axis=2)
    vv = np.repeat(v, N // K, axis=2)
    logits = np.einsum("btnh,bsnh->bnts", q, kk) / np.sqrt(H)
    keep = np.ones((T, S), bool)
    if causal:
        keep &= np.tril(np.ones((T, S), bool))
    if mask is not None:
        keep = keep & mask
    logits = np.where(keep, logits, np.finfo(q.dtype).min)
    p = _np_softmax(logits, -1)
    return np.einsum("bnts,bsnh->btnh", p, vv)


def test_dot_product_attention(rng):
    q = rng.standard_normal((2, 5, 4, 8))
    k = rng.standard_normal((2, 7, 2, 8))  # grouped-query: 4 query heads share 2 key heads
    v = rng.standard_normal((2, 7, 2, 8))
    assert_matches_numpy(nn.dot_product_attention(q, k, v), _np_attention(q, k, v), "float64", "reduction")
    mask = rng.random((5, 7)) < 0.7
    mask[:, 0] = True
    assert_matches_numpy(nn.dot_product_attention(q, k, v, mask=mask), _np_attention(q, k, v, mask=mask), "float64", "reduction")
    assert_matches_numpy(
        nn.dot_product_attention(q, k[:, :5], v[:, :5], is_causal=True), _np_attention(q, k[:, :5], v[:, :5], causal=True),
        "float64", "reduction",
    )
    assert_matches_numpy(nn.dot_product_attention(q[0], k[0], v[0]), _np_attention(q, k, v)[0], "float64", "reduction")
    with pytest.raises(NotImplementedError, match="implementation='cudnn'"):
        nn.dot_product_attention(q, k, v, implementation="cudnn")
    check_grads(lambda q: nn.dot_product_attention(q, k[:1], v[:1]), (q[:1],), order=1)


def test_vmap_and_jit_agree(rng):
    x = rng.standard_normal((5, 7)).astype(np.float32)

    def f(r):
        return nn.softmax(r) + nn.gelu(r) + nn.one_hot(dnp.argmax(r), 7) + nn.logsumexp(r)

    batched = np.asarray(descend.jit(descend.vmap(f))(x))
    for i in range(5):
        np.testing.assert_allclose(batched[i], np.asarray(f(x[i])), rtol=1e-6, atol=1e-6)
