"""Derivatives of composite functions written with descend.numpy: logsumexp,
softmax cross-entropy, layer normalization and a 2-layer MLP loss, checked at
orders 1 and 2 against finite differences in float64 (`gradcheck.check_grads`),
and the MLP gradient against a hand-written NumPy backpropagation.
"""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_grads

import descend
import descend.numpy as dnp

R = np.random.default_rng(11)
B, D_IN, D_HID, D_OUT = 4, 5, 6, 3
LABELS = np.array([0, 2, 1, 2])
ONEHOT = np.eye(D_OUT)[LABELS]


def logsumexp(z, axis=-1):
    m = dnp.max(z, axis=axis, keepdims=True)
    return dnp.log(dnp.sum(dnp.exp(z - m), axis=axis)) + dnp.squeeze(m, axis)


def softmax_cross_entropy(logits, onehot):
    return dnp.mean(logsumexp(logits) - dnp.sum(onehot * logits, axis=-1))


def layernorm(x, scale, bias, eps=1e-5):
    mu = dnp.mean(x, axis=-1, keepdims=True)
    var = dnp.mean((x - mu) ** 2, axis=-1, keepdims=True)
    return (x - mu) / dnp.sqrt(var + eps) * scale + bias


def mlp_loss(w1, b1, w2, b2, x, onehot):
    h = dnp.maximum(x @ w1 + b1, 0.0)
    return softmax_cross_entropy(h @ w2 + b2, onehot)


def _params(dtype=np.float64):
    w1 = R.standard_normal((D_IN, D_HID)) / np.sqrt(D_IN)
    b1 = R.standard_normal(D_HID) * 0.1
    w2 = R.standard_normal((D_HID, D_OUT)) / np.sqrt(D_HID)
    b2 = R.standard_normal(D_OUT) * 0.1
    return tuple(p.astype(dtype) for p in (w1, b1, w2, b2))


X = R.standard_normal((B, D_IN))
PARAMS = _params()
# relu is not differentiable at 0: keep every pre-activation well away from it
assert np.min(np.abs(X @ PARAMS[0] + PARAMS[1])) > 1e-2


# ---- numpy references ---------------------------------------------------------------------


def np_logsumexp(z):
    m = z.max(-1, keepdims=True)
    return np.log(np.exp(z - m).sum(-1)) + m[..., 0]


def np_mlp_value_and_grad(w1, b1, w2, b2, x, onehot):
    """Forward and backward passes of the MLP loss, by hand."""
    h = x @ w1 + b1
    a = np.maximum(h, 0)
    z = a @ w2 + b2
    loss = np.mean(np_logsumexp(z) - (onehot * z).sum(-1))
    p = np.exp(z - np_logsumexp(z)[:, None])
    dz = (p - onehot) / x.shape[0]
    dw2 = a.T @ dz
    db2 = dz.sum(0)
    da = dz @ w2.T
    dh = da * (h > 0)
    dw1 = x.T @ dh
    db1 = dh.sum(0)
    return loss, (dw1, db1, dw2, db2)


# ---- gradient checks against finite differences ----------------------------------------------


def test_logsumexp_grads():
    z = R.standard_normal((3, 4)) * 2
    check_grads(lambda z: logsumexp(z), (z,), order=2)
    # its gradient is the softmax
    g = descend.grad(lambda z: dnp.sum(logsumexp(z)))(z)
    p = np.exp(z - np_logsumexp(z)[:, None])
    np.testing.assert_allclose(np.asarray(g), p, rtol=1e-12)


def test_logsumexp_is_stable_and_differentiable_at_large_inputs():
    z = np.array([[1000.0, 999.0, -1000.0], [-1e4, -1e4 + 1.0, -1e4 + 2.0]])
    v, g = descend.value_and_grad(lambda z: dnp.sum(logsumexp(z)))(z)
    p = np.exp(z - np_logsumexp(z)[:, None])
    np.testing.assert_allclose(float(v), np_logsumexp(z).sum(), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(g), p, rtol=1e-12, atol=1e-300)


def test_softmax_cross_entropy_grads():
    logits = R.standard_normal((B, D_OUT))
    check_grads(lambda z: softmax_cross_entropy(z, ONEHOT), (logits,), order=2)
    g = descend.grad(softmax_cross_entropy)(logits, ONEHOT)
    p = np.exp(logits - np_logsumexp(logits)[:, None])
    np.testing.assert_allclose(np.asarray(g), (p - ONEHOT) / B, rtol=1e-12, atol=1e-15)


def test_layernorm_grads():
    x = R.standard_normal((3, 5))
    scale, bias = 1 + 0.1 * R.standard_normal(5), 0.1 * R.standard_normal(5)
    check_grads(layernorm, (x, scale, bias), order=2)


def test_layernorm_grad_formula():
    """d/dx sum(r * layernorm(x)) for unit scale: (g - mean(g) - xhat mean(g xhat)) / sigma."""
    x = R.standard_normal((3, 5))
    r = R.standard_normal((3, 5))
    g = descend.grad(lambda x: dnp.sum(r * layernorm(x, np.ones(5), np.zeros(5))))(x)
    mu = x.mean(-1, keepdims=True)
    sigma = np.sqrt(((x - mu) ** 2).mean(-1, keepdims=True) + 1e-5)
    xhat = (x - mu) / sigma
    want = (r - r.mean(-1, keepdims=True) - xhat * (r * xhat).mean(-1, keepdims=True)) / sigma
    np.testing.assert_allclose(np.asarray(g), want, rtol=1e-10, atol=1e-12)


def test_mlp_loss_grads_wrt_params():
    check_grads(lambda w1, b1, w2, b2: mlp_loss(w1, b1, w2, b2, X, ONEHOT), PARAMS, order=2)


def test_mlp_loss_grads_wrt_inputs():
    check_grads(lambda x: mlp_loss(*PARAMS, x, ONEHOT), (X,), order=2)


# ---- against NumPy backprop --------------------------------------------------------------------


def test_mlp_grad_matches_numpy_backprop():
    loss, grads = descend.value_and_grad(mlp_loss, argnums=(0, 1, 2, 3))(*PARAMS, X, ONEHOT)
    want_loss, want = np_mlp_value_and_grad(*PARAMS, X, ONEHOT)
    np.testing.assert_allclose(float(loss), want_loss, rtol=1e-12)
    for g, w in zip(grads, want):
        assert g.shape == w.shape and g.dtype == np.float64
        np.testing.assert_allclose(np.asarray(g), w, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_mlp_training_step_in_jit(dtype):
    """A jitted SGD step on a dict of parameters equals the NumPy step."""
    w1, b1, w2, b2 = _params(dtype)
    x = X.astype(dtype)
    params = {"w1": w1, "b1": b1, "w2": w2, "b2": b2}
    onehot = ONEHOT.astype(dtype)

    def loss(p, x, y):
        return mlp_loss(p["w1"], p["b1"], p["w2"], p["b2"], x, y)

    @descend.jit
    def step(p, x, y):
        value, g = descend.value_and_grad(loss)(p, x, y)
        return value, {k: p[k] - 0.5 * g[k] for k in p}

    value, new = step(params, x, onehot)
    want_loss, want = np_mlp_value_and_grad(*(a.astype(np.float64) for a in (w1, b1, w2, b2)), X, ONEHOT)
    rtol, atol = (1e-5, 1e-6) if dtype == "float32" else (1e-12, 1e-13)
    assert value.dtype == np.dtype(dtype)
    np.testing.assert_allclose(float(value), want_loss, rtol=rtol)
    for k, g in zip(("w1", "b1", "w2", "b2"), want):
        assert new[k].dtype == np.dtype(dtype)
        np.testing.assert_allclose(np.asarray(new[k]), params[k] - 0.5 * g, rtol=rtol, atol=atol)
