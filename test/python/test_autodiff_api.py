"""The autodiff API (JAX's semantics): grad / value_and_grad (argnums, has_aux,
pytrees, Python scalars, in and out of jit), nesting, jvp / vjp / jacfwd /
jacrev / hessian, stop_gradient, custom_jvp / custom_vjp, closures, errors.

Expected values are analytic derivatives written out with NumPy, or finite
differences; none comes from descend itself.
"""

from __future__ import annotations

import numpy as np
import pytest

import descend
import descend.numpy as dnp
from descend import lax

R = np.random.default_rng(7)
X3 = np.array([0.3, -1.2, 0.8])
Y3 = np.array([1.5, 0.4, -0.7])
A = R.standard_normal((3, 3))


def _close(got, want, rtol=1e-10, atol=1e-12):
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), want, rtol=rtol, atol=atol)


def f_xy(x, y):
    """sum(sin(x) * y**2): d/dx = cos(x) y**2, d/dy = 2 sin(x) y."""
    return dnp.sum(dnp.sin(x) * y**2)


# ---- grad / value_and_grad -----------------------------------------------------------


def test_grad_argnums_int_and_tuple():
    _close(descend.grad(f_xy)(X3, Y3), np.cos(X3) * Y3**2)
    _close(descend.grad(f_xy, argnums=1)(X3, Y3), 2 * np.sin(X3) * Y3)
    gx, gy = descend.grad(f_xy, argnums=(0, 1))(X3, Y3)
    _close(gx, np.cos(X3) * Y3**2)
    _close(gy, 2 * np.sin(X3) * Y3)
    (gy,) = descend.grad(f_xy, argnums=(1,))(X3, Y3)  # a 1-tuple stays a tuple
    _close(gy, 2 * np.sin(X3) * Y3)
    _close(descend.grad(f_xy, argnums=-1)(X3, Y3), 2 * np.sin(X3) * Y3)


def test_grad_of_unused_argument_is_zero():
    g = descend.grad(lambda x, y: dnp.sum(x * x), argnums=(0, 1))(X3, Y3)
    _close(g[0], 2 * X3)
    np.testing.assert_array_equal(np.asarray(g[1]), np.zeros(3))
    assert g[1].dtype == np.float64


def test_value_and_grad():
    v, g = descend.value_and_grad(f_xy)(X3, Y3)
    _close(v, np.sum(np.sin(X3) * Y3**2))
    _close(g, np.cos(X3) * Y3**2)
    v, (gx, gy) = descend.value_and_grad(f_xy, argnums=(0, 1))(X3, Y3)
    _close(v, np.sum(np.sin(X3) * Y3**2))
    _close(gy, 2 * np.sin(X3) * Y3)


def test_has_aux():
    def f(x):
        y = dnp.exp(x)
        return dnp.sum(y), {"y": y, "n": dnp.sum(x > 0)}

    g, aux = descend.grad(f, has_aux=True)(X3)
    _close(g, np.exp(X3))
    _close(aux["y"], np.exp(X3))
    assert int(aux["n"]) == 2
    (v, aux), g = descend.value_and_grad(f, has_aux=True)(X3)
    _close(v, np.exp(X3).sum())
    _close(g, np.exp(X3))
    _close(aux["y"], np.exp(X3))


def test_pytree_inputs():
    params = {"w": A, "b": Y3, "layers": [X3, (Y3, 2.0 * X3)]}

    def loss(p):
        h = dnp.tanh(p["w"] @ p["layers"][0] + p["b"])
        a, c = p["layers"][1]
        return dnp.sum(h * a) + dnp.sum(c**2)

    g = descend.grad(loss)(params)
    assert set(g) == {"w", "b", "layers"}
    assert isinstance(g["layers"], list) and isinstance(g["layers"][1], tuple)
    h = np.tanh(A @ X3 + Y3)
    dpre = Y3 * (1 - h**2)
    _close(g["w"], np.outer(dpre, X3))
    _close(g["b"], dpre)
    _close(g["layers"][0], A.T @ dpre)
    _close(g["layers"][1][0], h)
    _close(g["layers"][1][1], 4.0 * X3)


def test_pytree_outputs_of_vjp_and_jvp():
    def f(x, y):
        return {"s": x * y, "t": (dnp.sin(x), dnp.sum(y))}

    out, vjp_fn = descend.vjp(f, X3, Y3)
    _close(out["s"], X3 * Y3)
    ct = {"s": np.ones(3), "t": (np.full(3, 2.0), np.float64(3.0))}
    cx, cy = vjp_fn(ct)
    _close(cx, Y3 + 2 * np.cos(X3))
    _close(cy, X3 + 3.0)
    tx, ty = R.standard_normal(3), R.standard_normal(3)
    out, tan = descend.jvp(f, (X3, Y3), (tx, ty))
    _close(tan["s"], tx * Y3 + X3 * ty)
    _close(tan["t"][0], np.cos(X3) * tx)
    _close(tan["t"][1], ty.sum())


def test_python_scalar_inputs():
    """A Python float is a weakly typed float32 scalar (JAX): its gradient is float32."""
    g = descend.grad(lambda x: x * x * x)(1.5)
    assert np.shape(g) == () and g.dtype == np.float32
    assert float(g) == pytest.approx(3 * 1.5**2, rel=1e-6)
    gx, gy = descend.grad(lambda x, y: x * dnp.sin(y), argnums=(0, 1))(2.0, 0.5)
    assert float(gx) == pytest.approx(np.sin(0.5), rel=1e-6)
    assert float(gy) == pytest.approx(2.0 * np.cos(0.5), rel=1e-6)
    # a Python scalar combined with a float64 array keeps the array's dtype
    g = descend.grad(lambda s, x: dnp.sum(s * x))(0.5, X3)
    assert g.dtype == np.float32
    assert float(g) == pytest.approx(X3.sum(), rel=1e-6)


def test_float32_gradients_stay_float32():
    x32 = X3.astype(np.float32)
    g = descend.grad(lambda x: dnp.sum(dnp.exp(x) * x))(x32)
    assert g.dtype == np.float32
    _close(g, (np.exp(X3) * (1 + X3)), rtol=1e-6)


def test_inside_and_outside_jit():
    g_eager = descend.grad(f_xy)
    g_jit = descend.jit(descend.grad(f_xy))
    g_of_jit = descend.grad(descend.jit(f_xy))

    @descend.jit
    def step(x, y):
        g = descend.grad(f_xy)(x, y)
        return x - 0.1 * g

    want = np.cos(X3) * Y3**2
    for fn in (g_eager, g_jit, g_of_jit):
        _close(fn(X3, Y3), want)
    _close(step(X3, Y3), X3 - 0.1 * want)
    assert isinstance(g_jit(X3, Y3), descend.Array)


def test_closure_over_traced_jit_argument():
    """grad of a closure over a value of the enclosing jit: x is a jit argument
    (a Tracer), w the differentiated variable; x gets no gradient."""

    def loss(w, x):
        return dnp.sum((x @ w - 1.0) ** 2)

    @descend.jit
    def grad_w(w, x):
        return descend.grad(lambda w: loss(w, x))(w)

    w, x = R.standard_normal(3), R.standard_normal((4, 3))
    _close(grad_w(w, x), 2 * x.T @ (x @ w - 1.0))
    # and through a closure over a traced intermediate value
    @descend.jit
    def nested(w, x):
        z = dnp.exp(x)
        return descend.grad(lambda w: dnp.sum((z @ w) ** 2))(w)

    z = np.exp(x)
    _close(nested(w, x), 2 * z.T @ (z @ w))


# ---- higher order ------------------------------------------------------------------------


def test_third_derivative_of_scalar_function():
    """f = sin(x) * x**2: f' = cos x x^2 + 2x sin x, f'' = -sin x x^2 + 4x cos x + 2 sin x,
    f''' = -cos x x^2 - 6x sin x + 6 cos x."""

    def f(x):
        return dnp.sin(x) * x**2

    x = np.float64(0.7)
    d1, d2, d3 = descend.grad(f), descend.grad(descend.grad(f)), descend.grad(descend.grad(descend.grad(f)))
    _close(d1(x), np.cos(x) * x**2 + 2 * x * np.sin(x))
    _close(d2(x), -np.sin(x) * x**2 + 4 * x * np.cos(x) + 2 * np.sin(x))
    _close(d3(x), -np.cos(x) * x**2 - 6 * x * np.sin(x) + 6 * np.cos(x))
    # the same in one jit, and mixing forward mode in: d/dx jvp(f'') = f'''
    both = descend.jit(lambda x: descend.jvp(descend.grad(descend.grad(f)), (x,), (np.float64(1.0),))[1])
    _close(both(x), -np.cos(x) * x**2 - 6 * x * np.sin(x) + 6 * np.cos(x))


def quartic(x):
    """0.5 x^T A x + sum(exp(x)) + (x0 x1 x2): H = (A + A^T)/2 + diag(exp(x)) + products."""
    return 0.5 * dnp.dot(x, A @ x) + dnp.sum(dnp.exp(x)) + x[0] * x[1] * x[2]


def quartic_hessian(x):
    h = 0.5 * (A + A.T) + np.diag(np.exp(x))
    h[0, 1] += x[2]
    h[1, 0] += x[2]
    h[0, 2] += x[1]
    h[2, 0] += x[1]
    h[1, 2] += x[0]
    h[2, 1] += x[0]
    return h


def test_hessian_vector_product_forward_over_reverse():
    v = R.standard_normal(3)
    _, hv = descend.jvp(descend.grad(quartic), (X3,), (v,))
    _close(hv, quartic_hessian(X3) @ v)


def test_vjp_of_jvp():
    """Reverse over forward: x -> jvp(f, x, v) is x -> grad f(x) . v; its vjp with
    cotangent 1 is H v."""
    v = R.standard_normal(3)

    def directional(x):
        return descend.jvp(quartic, (x,), (v,))[1]

    out, vjp_fn = descend.vjp(directional, X3)
    _close(out, (np.exp(X3) + 0.5 * (A + A.T) @ X3 + np.array([X3[1] * X3[2], X3[0] * X3[2], X3[0] * X3[1]])) @ v)
    (hv,) = vjp_fn(np.float64(1.0))
    _close(hv, quartic_hessian(X3) @ v)


def test_hessian_symmetric_and_matches_finite_differences():
    h = np.asarray(descend.hessian(quartic)(X3))
    _close(h, quartic_hessian(X3))
    np.testing.assert_allclose(h, h.T, rtol=1e-12, atol=1e-12)
    # central differences of the gradient
    g = descend.jit(descend.grad(quartic))
    eps = 1e-5
    fd = np.stack([(np.asarray(g(X3 + eps * e)) - np.asarray(g(X3 - eps * e))) / (2 * eps) for e in np.eye(3)], 1)
    np.testing.assert_allclose(h, fd, rtol=1e-7, atol=1e-8)


def vec_fn(x):
    """R^3 -> R^4."""
    return dnp.stack([x[0] * x[1], dnp.sin(x[2]), dnp.sum(x**2), dnp.exp(x[0] - x[2])])


def vec_jacobian(x):
    return np.array(
        [
            [x[1], x[0], 0],
            [0, 0, np.cos(x[2])],
            2 * x,
            [np.exp(x[0] - x[2]), 0, -np.exp(x[0] - x[2])],
        ]
    )


def test_jacfwd_equals_jacrev():
    jf, jr = descend.jacfwd(vec_fn)(X3), descend.jacrev(vec_fn)(X3)
    assert jf.shape == jr.shape == (4, 3)
    _close(jf, vec_jacobian(X3))
    _close(jr, vec_jacobian(X3))
    np.testing.assert_allclose(np.asarray(jf), np.asarray(jr), rtol=1e-14, atol=1e-14)


def test_jacobians_of_matrix_functions_and_argnums():
    """Jacobian shapes are out.shape + in.shape; argnums tuple gives one block per argument."""

    def f(m, v):
        return dnp.tanh(m @ v)

    m, v = R.standard_normal((2, 3)), R.standard_normal(3)
    d = 1 - np.tanh(m @ v) ** 2
    jm = np.einsum("i,ij,k->ijk", d, np.eye(2), v)  # d out_i / d m_jk
    jv = d[:, None] * m
    for jac in (descend.jacfwd, descend.jacrev):
        gm, gv = jac(f, argnums=(0, 1))(m, v)
        assert gm.shape == (2, 2, 3) and gv.shape == (2, 3)
        _close(gm, jm)
        _close(gv, jv)


def test_hessian_with_argnums_tuple_and_pytree_jacobian():
    """hessian(f, argnums=(0, 1)) gives the blocks ((Hxx, Hxy), (Hyx, Hyy)); jacfwd over a
    dict gives a dict of blocks (JAX's structure)."""
    h = descend.hessian(lambda x, y: dnp.sum(x * x * y), argnums=(0, 1))(X3, Y3)
    _close(h[0][0], np.diag(2 * Y3))
    _close(h[0][1], np.diag(2 * X3))
    _close(h[1][0], np.diag(2 * X3))
    _close(h[1][1], np.zeros((3, 3)))
    j = descend.jacfwd(lambda p: p["a"] * dnp.sin(p["b"]))({"a": X3, "b": Y3})
    _close(j["a"], np.diag(np.sin(Y3)))
    _close(j["b"], np.diag(X3 * np.cos(Y3)))
    # the Jacobian of a scalar function is its gradient
    _close(descend.jacrev(quartic)(X3), descend.grad(quartic)(X3))


def test_kwargs_are_not_differentiated():
    g = descend.grad(lambda x, scale=1.0: dnp.sum(x * x) * scale)(X3, scale=3.0)
    _close(g, 6 * X3)


# ---- stop_gradient ------------------------------------------------------------------------


def test_stop_gradient():
    f = lambda x: dnp.sum(x * lax.stop_gradient(x))  # noqa: E731
    _close(descend.grad(f)(X3), X3)
    # the gradient is stop_gradient(x) itself: its derivative is zero (as in JAX)
    np.testing.assert_array_equal(np.asarray(descend.hessian(f)(X3)), np.zeros((3, 3)))
    g = lambda x: dnp.sum(x**3 * lax.stop_gradient(x))  # noqa: E731
    _close(descend.hessian(g)(X3), np.diag(6 * X3 * X3))
    # the value is untouched
    _close(descend.jit(lambda x: lax.stop_gradient(x * 2))(X3), 2 * X3)
    _, t = descend.jvp(lambda x: lax.stop_gradient(dnp.exp(x)), (X3,), (np.ones(3),))
    np.testing.assert_array_equal(np.asarray(t), np.zeros(3))
    # all of the loss behind stop_gradient: a zero gradient, not an error
    g = descend.grad(lambda x: dnp.sum(lax.stop_gradient(x**2)))(X3)
    np.testing.assert_array_equal(np.asarray(g), np.zeros(3))


# ---- custom_jvp / custom_vjp ------------------------------------------------------------------


@descend.custom_jvp
def softplus(x):
    """log(1 + exp(x)), stable: max(x, 0) + log1p(exp(-|x|))."""
    return dnp.maximum(x, 0.0) + dnp.log1p(dnp.exp(-dnp.abs(x)))


@softplus.defjvp
def _softplus_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return softplus(x), t * lax.logistic(x)


def test_custom_jvp_stable_softplus():
    x = np.array([-800.0, -3.0, 0.5, 40.0, 800.0])
    with np.errstate(over="ignore"):
        want = 1 / (1 + np.exp(-x))
        _close(softplus(x), np.logaddexp(0, x))
        g = descend.grad(lambda x: dnp.sum(softplus(x)))(x)
        _close(g, want)
        assert np.all(np.isfinite(np.asarray(g)))
        _, t = descend.jvp(softplus, (x,), (np.full(5, 2.0),))
        _close(t, 2 * want)
        # second derivative through the rule: logistic' = s (1 - s)
        h = descend.grad(lambda x: dnp.sum(descend.grad(lambda y: dnp.sum(softplus(y)))(x)))(x)
        _close(h, want * (1 - want))


@descend.custom_jvp
def lse(x):
    """logsumexp with the max subtracted (the naive form overflows at 1000)."""
    m = lax.stop_gradient(dnp.max(x))
    return m + dnp.log(dnp.sum(dnp.exp(x - m)))


@lse.defjvp
def _lse_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    y = lse(x)
    return y, dnp.sum(dnp.exp(x - y) * t)


def test_custom_jvp_logsumexp():
    x = np.array([1000.0, 999.0, -5.0])
    sm = np.exp(x - x.max())
    sm /= sm.sum()
    _close(lse(x), x.max() + np.log(np.sum(np.exp(x - x.max()))))
    _close(descend.grad(lse)(x), sm)
    _close(descend.jacrev(descend.grad(lse))(x), np.diag(sm) - np.outer(sm, sm), atol=1e-12)


@descend.custom_jvp
def marked_sin(x):
    return dnp.sin(x)


@marked_sin.defjvp
def _marked_sin_jvp(primals, tangents):
    """Deliberately not the derivative of sin: 3 * t + x (affine in t would break
    linearity, so the tangent map is t -> 3 t * (1 + x**2))."""
    (x,), (t,) = primals, tangents
    return dnp.sin(x), 3.0 * t * (1.0 + x**2)


def test_custom_jvp_rule_is_used_by_jvp_and_grad():
    _, t = descend.jvp(marked_sin, (X3,), (Y3,))
    _close(t, 3 * Y3 * (1 + X3**2))
    g = descend.grad(lambda x: dnp.sum(marked_sin(x) * Y3))(X3)
    _close(g, 3 * Y3 * (1 + X3**2))
    # the primal is the function's own
    _close(marked_sin(X3), np.sin(X3))
    # composed with other ops: chain rule around the custom rule
    g = descend.jit(descend.grad(lambda x: dnp.sum(dnp.exp(marked_sin(2.0 * x)))))(X3)
    _close(g, np.exp(np.sin(2 * X3)) * 3 * (1 + 4 * X3**2) * 2)


@descend.custom_vjp
def clip_gradient(x):
    return x


def _clip_fwd(x):
    return x, None


def _clip_bwd(_, ct):
    return (dnp.clip(ct, -1.0, 1.0),)


clip_gradient.defvjp(_clip_fwd, _clip_bwd)


def test_custom_vjp_gradient_clipping():
    x = np.array([0.5, -2.0, 3.0, 0.1])
    _close(clip_gradient(x), x)
    g = descend.grad(lambda x: dnp.sum(clip_gradient(x) ** 3))(x)
    _close(g, np.clip(3 * x**2, -1, 1))
    g = descend.jit(descend.grad(lambda x: dnp.sum(dnp.sin(clip_gradient(4.0 * x)))))(x)
    _close(g, 4 * np.clip(np.cos(4 * x), -1, 1))
    with pytest.raises(TypeError, match="custom_vjp"):
        descend.jvp(clip_gradient, (x,), (x,))


@descend.custom_vjp
def scaled_exp(x, y):
    return dnp.exp(x) * y


def _scaled_exp_fwd(x, y):
    e = dnp.exp(x)
    return e * y, (e, y)


def _scaled_exp_bwd(res, ct):
    e, y = res
    return (10.0 * ct * e * y, ct * e)  # the x-cotangent deliberately scaled by 10


scaled_exp.defvjp(_scaled_exp_fwd, _scaled_exp_bwd)


def test_custom_vjp_residuals_and_two_arguments():
    gx, gy = descend.grad(lambda x, y: dnp.sum(scaled_exp(x, y)), argnums=(0, 1))(X3, Y3)
    _close(gx, 10 * np.exp(X3) * Y3)
    _close(gy, np.exp(X3))


# ---- vjp / jvp API ---------------------------------------------------------------------------


def test_vjp_has_aux_and_multiple_primals():
    out, vjp_fn, aux = descend.vjp(lambda x, y: (x * y, dnp.sum(y)), X3, Y3, has_aux=True)
    _close(out, X3 * Y3)
    _close(aux, Y3.sum())
    cx, cy = vjp_fn(np.full(3, 2.0))
    _close(cx, 2 * Y3)
    _close(cy, 2 * X3)


def test_jvp_linearity_in_tangent():
    f = lambda x: dnp.exp(x) * dnp.sin(x)  # noqa: E731
    t1, t2 = R.standard_normal(3), R.standard_normal(3)
    fn = descend.jit(lambda x, t: descend.jvp(f, (x,), (t,))[1])
    _close(fn(X3, 2 * t1 - t2), 2 * np.asarray(fn(X3, t1)) - np.asarray(fn(X3, t2)))


# ---- errors -----------------------------------------------------------------------------------


def test_grad_of_non_scalar_output_raises():
    with pytest.raises(TypeError, match="scalar"):
        descend.grad(lambda x: x * 2)(X3)
    with pytest.raises(TypeError, match="scalar"):
        descend.grad(lambda x: dnp.sum(x) > 0)(X3)
    with pytest.raises(TypeError, match="pair"):
        descend.grad(lambda x: dnp.sum(x), has_aux=True)(X3)


def test_grad_of_integer_input_raises():
    with pytest.raises(TypeError, match="int32"):
        descend.grad(lambda n: dnp.sum(n * 1.0))(np.arange(3, dtype=np.int32))
    with pytest.raises(TypeError, match="int"):
        descend.grad(lambda n: n * 1.0)(3)  # a Python int


def test_jvp_tangent_mismatch_raises():
    f = lambda x: dnp.sin(x)  # noqa: E731
    with pytest.raises(TypeError, match="equal types"):
        descend.jvp(f, (X3,), (X3.astype(np.float32),))
    with pytest.raises(TypeError, match="equal types"):
        descend.jvp(f, (X3,), (np.ones(4),))
    with pytest.raises(TypeError):
        descend.jvp(f, (X3,), (np.ones(3), np.ones(3)))
    with pytest.raises(TypeError):
        descend.jvp(lambda p: p["a"], ({"a": X3},), ({"b": X3},))


def test_vjp_cotangent_mismatch_raises():
    _, vjp_fn = descend.vjp(lambda x: dnp.sin(x), X3)
    with pytest.raises(TypeError):
        vjp_fn(np.ones(4))


def test_argnums_out_of_range_raises():
    with pytest.raises(ValueError, match="argnums"):
        descend.grad(f_xy, argnums=2)(X3, Y3)
