"""Transformations composed in every order: jit, vmap, grad / jacrev / jacfwd / jvp / hessian.

- per-example gradients `vmap(grad(loss), in_axes=(None, 0, 0))` equal a Python
  loop of `grad`, with and without jit, with pytree parameters;
- `grad` of a function that calls `vmap` (the gradient of a batched loss)
  equals the sum of per-example gradients and an analytic gradient;
- `vmap(jacrev(f))`, `vmap(jacfwd(f))`, `jacrev(vmap(f))`, `jvp(vmap(f))`,
  `vmap(jvp(f))`, `vmap(hessian(f))`, `jit(vmap(grad(f)))` against NumPy;
- through control flow: `vmap(grad(scan))`, `grad(vmap(cond))`;
- custom_jvp / custom_vjp functions keep their rule under vmap, whatever the
  order of vmap and differentiation (rules that differ on purpose from the
  true derivative, so that the test fails if the rule is bypassed).

Expected values are analytic derivatives written with NumPy, or loops over
un-batched descend calls (which test_autodiff_* check independently).
"""

from __future__ import annotations

import numpy as np
import pytest

import descend
import descend.numpy as dnp
from descend import lax

R = np.random.default_rng(11)
N, D, K = 4, 3, 2  # batch, input features, outputs
W = R.standard_normal((D, K))
BIAS = R.standard_normal(K)
XS = R.standard_normal((N, D))
YS = R.standard_normal((N, K))


def close(got, want, rtol=1e-10, atol=1e-12):
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"shape {got.shape} != {want.shape}"
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


def loss(w, x, y):
    """Squared error of a tanh layer on one example."""
    return dnp.sum((dnp.tanh(x @ w) - y) ** 2)


def loss_grad_np(w, x, y):
    """d loss / d w, by hand: 2 (t - y) (1 - t^2) outer x."""
    t = np.tanh(x @ w)
    return np.outer(x, 2 * (t - y) * (1 - t**2))


# ---- per-example gradients -----------------------------------------------------------------


def test_per_example_gradients_equal_a_loop_of_grads():
    per_example = descend.vmap(descend.grad(loss), in_axes=(None, 0, 0))
    got = per_example(W, XS, YS)
    loop = np.stack([np.asarray(descend.grad(loss)(W, XS[i], YS[i])) for i in range(N)])
    close(got, loop)
    close(got, np.stack([loss_grad_np(W, XS[i], YS[i]) for i in range(N)]))
    # under jit: jit(vmap(grad(f)))
    close(descend.jit(per_example)(W, XS, YS), loop)


def test_per_example_gradients_pytree_params_and_value():
    params = {"w": W, "b": BIAS}

    def mse(p, x, y):
        return dnp.mean((dnp.tanh(x @ p["w"] + p["b"]) - y) ** 2)

    vals, grads = descend.jit(descend.vmap(descend.value_and_grad(mse), in_axes=(None, 0, 0)))(params, XS, YS)
    for i in range(N):
        t = np.tanh(XS[i] @ W + BIAS)
        d = 2 * (t - YS[i]) * (1 - t**2) / K
        close(vals[i], np.mean((t - YS[i]) ** 2))
        close(grads["w"][i], np.outer(XS[i], d))
        close(grads["b"][i], d)


def test_grad_of_a_function_that_calls_vmap():
    def batch_loss(w, xs, ys):
        return dnp.sum(descend.vmap(loss, in_axes=(None, 0, 0))(w, xs, ys))

    g = descend.grad(batch_loss)(W, XS, YS)
    close(g, sum(loss_grad_np(W, XS[i], YS[i]) for i in range(N)))
    # equal to the sum of the per-example gradients
    per = descend.vmap(descend.grad(loss), in_axes=(None, 0, 0))(W, XS, YS)
    close(g, np.asarray(per).sum(0))
    # with respect to the mapped argument: each row its own gradient
    gx = descend.jit(descend.grad(batch_loss, argnums=1))(W, XS, YS)
    for i in range(N):
        t = np.tanh(XS[i] @ W)
        close(gx[i], W @ (2 * (t - YS[i]) * (1 - t**2)))


def test_grad_of_grad_through_vmap():
    # d2/dx2 of sum_i sin(x_i * s): per element -s^2 sin(x s)
    s = 1.7
    f = lambda x: dnp.sum(descend.vmap(lambda v: dnp.sin(v * s))(x))  # noqa: E731
    g2 = descend.grad(lambda x: dnp.sum(descend.grad(f)(x) * x))(XS[:, 0])
    x = XS[:, 0]
    close(g2, s * np.cos(x * s) - s**2 * np.sin(x * s) * x)


# ---- Jacobians and jvp ------------------------------------------------------------------------


def f_vec(x):
    """R^D -> R^D: sin(x) * sum(x) (a dense Jacobian)."""
    return dnp.sin(x) * dnp.sum(x)


def jac_f_vec(x):
    return np.diag(np.cos(x) * x.sum()) + np.sin(x)[:, None]


@pytest.mark.parametrize("jac", ["jacrev", "jacfwd"])
def test_vmap_of_jacobian(jac):
    got = descend.vmap(getattr(descend, jac)(f_vec))(XS)
    close(got, np.stack([jac_f_vec(x) for x in XS]))


def test_jacobian_of_vmap_is_block_diagonal():
    got = descend.jacrev(descend.vmap(f_vec))(XS)  # (N, D, N, D)
    want = np.zeros((N, D, N, D))
    for i in range(N):
        want[i, :, i, :] = jac_f_vec(XS[i])
    close(got, want)
    close(descend.jacfwd(descend.vmap(f_vec))(XS), want)


def test_jvp_of_vmap_and_vmap_of_jvp():
    t = R.standard_normal(XS.shape)
    out, tan = descend.jvp(descend.vmap(f_vec), (XS,), (t,))
    want = np.stack([jac_f_vec(XS[i]) @ t[i] for i in range(N)])
    close(out, np.stack([np.sin(x) * x.sum() for x in XS]))
    close(tan, want)
    tan2 = descend.vmap(lambda x, v: descend.jvp(f_vec, (x,), (v,))[1])(XS, t)
    close(tan2, want)
    # jit around both
    close(descend.jit(lambda x, v: descend.jvp(descend.vmap(f_vec), (x,), (v,))[1])(XS, t), want)


def test_vmap_of_hessian():
    def f(x):
        return dnp.sum(dnp.exp(x) * x[0])

    got = descend.jit(descend.vmap(descend.hessian(f)))(XS)
    for i, x in enumerate(XS):
        e = np.exp(x)
        h = np.diag(e * x[0])
        h[0, :] += e
        h[:, 0] += e
        close(got[i], h)


def test_vmap_of_grad_with_in_axes_on_params():
    """Many parameter sets, one example: vmap over the parameters."""
    ws = R.standard_normal((N, D, K))
    got = descend.vmap(descend.grad(loss), in_axes=(0, None, None))(ws, XS[0], YS[0])
    close(got, np.stack([loss_grad_np(w, XS[0], YS[0]) for w in ws]))
    got = descend.vmap(descend.grad(loss, argnums=1), in_axes=(2, 0, None), out_axes=1)(
        np.moveaxis(ws, 0, 2), XS, YS[0]
    )
    for i in range(N):
        t = np.tanh(XS[i] @ ws[i])
        close(got[:, i], ws[i] @ (2 * (t - YS[0]) * (1 - t**2)))


# ---- through control flow ---------------------------------------------------------------------


def rnn_loss(w, xs):
    """A scalar RNN over a sequence: h <- tanh(w h + x)."""
    h, _ = lax.scan(lambda h, x: (dnp.tanh(w * h + x), None), 0.0 * w, xs)
    return h * h


def rnn_grad_np(w, xs):
    h, dh = 0.0, 0.0
    for x in xs:
        t = np.tanh(w * h + x)
        dh = (1 - t**2) * (h + w * dh)
        h = t
    return 2 * h * dh


def test_vmap_of_grad_through_scan():
    ws = np.array([0.3, -0.8, 1.2])
    seqs = R.standard_normal((3, 5))
    got = descend.jit(descend.vmap(descend.grad(rnn_loss)))(ws, seqs)
    close(got, [rnn_grad_np(w, s) for w, s in zip(ws, seqs)])


def test_grad_of_vmap_through_cond_with_batched_predicate():
    def f(x):
        return lax.cond(x > 0, lambda v: v**3, lambda v: dnp.sin(v), x)

    x = np.array([0.5, -0.4, 1.2, -2.0])
    g = descend.grad(lambda v: dnp.sum(descend.vmap(f)(v)))(x)
    close(g, np.where(x > 0, 3 * x**2, np.cos(x)))
    close(descend.vmap(descend.grad(f))(x), np.where(x > 0, 3 * x**2, np.cos(x)))


def test_vmap_of_grad_through_fori_loop():
    x = np.array([0.7, -1.1, 0.9])
    got = descend.vmap(descend.grad(lambda v: lax.fori_loop(0, 3, lambda i, c: c * c, v)))(x)
    close(got, 8 * x**7)


# ---- custom derivative rules under vmap -------------------------------------------------------

# Rules that differ from the true derivative on purpose: a result equal to the rule
# proves that the rule was used (and the true derivative that it was bypassed).


@descend.custom_jvp
def sin2(x):
    return dnp.sin(x)


@sin2.defjvp
def _sin2_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return sin2(x), 2.0 * dnp.cos(x) * t  # twice the true derivative


@descend.custom_vjp
def sin3(x, y):
    return dnp.sin(x) * y


def _sin3_fwd(x, y):
    return dnp.sin(x) * y, (dnp.cos(x), dnp.sin(x), y)


def _sin3_bwd(res, ct):
    c, s, y = res
    return 3.0 * c * y * ct, s * ct  # d/dx three times the true one


sin3.defvjp(_sin3_fwd, _sin3_bwd)


def test_vmap_of_custom_jvp_values_and_every_order():
    x = XS
    close(descend.vmap(sin2)(x), np.sin(x))
    want = 2 * np.cos(x)
    close(descend.vmap(descend.grad(lambda v: dnp.sum(sin2(v))))(x), want)
    close(descend.grad(lambda v: dnp.sum(descend.vmap(sin2)(v)))(x), want)
    t = R.standard_normal(x.shape)
    close(descend.jvp(descend.vmap(sin2), (x,), (t,))[1], want * t)
    close(descend.vmap(lambda v, u: descend.jvp(sin2, (v,), (u,))[1])(x, t), want * t)
    close(descend.jit(descend.vmap(descend.jacfwd(sin2)))(x), np.stack([np.diag(w) for w in want]))
    # nested vmaps
    close(descend.grad(lambda v: dnp.sum(descend.vmap(descend.vmap(sin2))(v)))(x), want)


def test_vmap_of_custom_vjp_every_order():
    x, y = XS, R.standard_normal(D)
    close(descend.vmap(sin3, in_axes=(0, None))(x, y), np.sin(x) * y)
    gx, gy = descend.grad(lambda a, b: dnp.sum(descend.vmap(sin3, in_axes=(0, None))(a, b)), argnums=(0, 1))(x, y)
    close(gx, 3 * np.cos(x) * y)
    close(gy, np.sin(x).sum(0))
    gx = descend.vmap(descend.grad(lambda a, b: dnp.sum(sin3(a, b))), in_axes=(0, None))(x, y)
    close(gx, 3 * np.cos(x) * y)
    # forward mode through a custom_vjp function is an error, vmapped or not (as in JAX)
    with pytest.raises(TypeError, match="custom_vjp"):
        descend.jvp(descend.vmap(lambda a: sin3(a, y)), (x,), (x,))


def test_hessian_of_vmapped_custom_jvp():
    @descend.custom_jvp
    def softplus(v):
        return dnp.log1p(dnp.exp(v))

    @softplus.defjvp
    def _jvp(primals, tangents):
        (v,), (t,) = primals, tangents
        return softplus(v), t / (1 + dnp.exp(-v))

    x = XS[0]
    h = descend.hessian(lambda v: dnp.sum(descend.vmap(softplus)(v)))(x)
    s = 1 / (1 + np.exp(-x))
    close(h, np.diag(s * (1 - s)))
