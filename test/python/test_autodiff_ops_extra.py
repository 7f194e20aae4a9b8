"""Per-op derivative checks of the math ops added after the core set (asin ...
digamma): each through `descend.lax`, at orders 1 and 2 in forward, reverse and
mixed modes, against central finite differences in float64 (see
`gradcheck.check_grads`). The bit ops (shifts, population_count, clz,
is_finite, bitcast_convert_type) have a zero derivative, as in JAX.

`COVERED` names the ops checked here; `test_autodiff_ops.test_every_rule_is_covered`
adds it to its own list.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special as sp
from gradcheck import check_grads

import descend
from descend import lax

R = np.random.default_rng(20240602)
S = (2, 3)


def _u(lo, hi, shape=S):
    return R.uniform(lo, hi, shape)


UNARY = {
    "asin": (lax.asin, _u(-0.8, 0.8)),
    "acos": (lax.acos, _u(-0.8, 0.8)),
    "atan": (lax.atan, _u(-3, 3)),
    "sinh": (lax.sinh, _u(-2, 2)),
    "cosh": (lax.cosh, _u(-2, 2)),
    "asinh": (lax.asinh, _u(-3, 3)),
    "acosh": (lax.acosh, _u(1.3, 4)),
    "atanh": (lax.atanh, _u(-0.8, 0.8)),
    "erf": (lax.erf, _u(-2, 2)),
    "erfc": (lax.erfc, _u(-2, 2)),
    "erf_inv": (lax.erf_inv, _u(-0.9, 0.9)),
    "cbrt": (lax.cbrt, _u(0.3, 3) * np.where(R.random(S) < 0.5, -1, 1)),
    "exp2": (lax.exp2, _u(-3, 3)),
    "lgamma": (lax.lgamma, _u(0.6, 5)),
    "digamma": (lax.digamma, _u(0.6, 5)),
}
COVERED = set(UNARY)


# checked in groups (one set of compilations per group); a failure names the output index,
# i.e. the position of the op in its group
GROUPS = {
    "trig": ["asin", "acos", "atan", "sinh", "cosh"],
    "hyperbolic-inverse": ["asinh", "acosh", "atanh", "cbrt", "exp2"],
    "special": ["erf", "erfc", "erf_inv", "lgamma", "digamma"],
}


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_unary(group):
    names = GROUPS[group]
    args = tuple(UNARY[n][1] for n in names)

    def f(*xs):
        return [UNARY[n][0](x) for n, x in zip(names, xs)]

    text = descend.jit(f).lower(*args).as_text("dsc")
    for n in names:
        assert f'"dsc.{n}"' in text, f"dsc.{n} not traced"
    check_grads(f, args, order=2)


def test_groups_cover_every_op():
    assert sorted(n for g in GROUPS.values() for n in g) == sorted(UNARY)


def test_reflected_lgamma_digamma():
    """Below 1/2 the reflection formulas are differentiated (between the poles)."""
    x = np.array([[-2.6, -1.3, -0.4], [0.2, 0.35, -3.7]])
    check_grads(lax.lgamma, (x,), order=2)
    check_grads(lax.digamma, (x,), order=1)


def test_derivative_values():
    """The first derivatives against closed forms (SciPy's polygamma for digamma)."""
    x = np.array([0.3, 1.7, 4.0])
    g = descend.jit(descend.vmap(descend.grad(lambda t: lax.digamma(t))))(x)
    np.testing.assert_allclose(np.asarray(g), sp.polygamma(1, x), rtol=1e-12)
    g = descend.jit(descend.vmap(descend.grad(lambda t: lax.lgamma(t))))(x)
    np.testing.assert_allclose(np.asarray(g), sp.digamma(x), rtol=1e-12)
    u = np.array([-0.95, 0.1, 0.99])
    g = descend.vmap(descend.grad(lambda t: lax.erf_inv(t)))(u)
    np.testing.assert_allclose(np.asarray(g), np.sqrt(np.pi) / 2 * np.exp(sp.erfinv(u) ** 2), rtol=1e-12)


X = np.array([[0.3, -1.7, 2.2], [1.4, -0.6, 0.9]])
I32 = np.array([[3, -1, 7], [0, 12, -8]], np.int32)


def _f64(x):
    return lax.convert_element_type(x, "float64")


ZERO = {
    "is_finite": lambda x: _f64(lax.is_finite(lax.div(np.ones(X.shape), lax.round(x)))),
    "bitcast_convert_type": lambda x: _f64(lax.bitcast_convert_type(x, "int64")),
    "population_count": lambda x: _f64(lax.population_count(lax.add(lax.convert_element_type(x, "int32"), I32))),
    "clz": lambda x: _f64(lax.clz(lax.convert_element_type(x, "int32"))),
    "shift_left": lambda x: _f64(lax.shift_left(lax.convert_element_type(x, "int32"), I32)),
    "shift_right_logical": lambda x: _f64(lax.shift_right_logical(I32, lax.convert_element_type(x, "int32"))),
    "shift_right_arithmetic": lambda x: _f64(lax.shift_right_arithmetic(I32, lax.convert_element_type(x, "int32"))),
}


def test_zero_derivative_ops():
    """Each bit op has a zero tangent and a zero cotangent (one compilation for all)."""

    def f(x):
        outs = [ZERO[k](x) for k in sorted(ZERO)]
        return [lax.reduce_sum(lax.mul(o, x), (0, 1)) for o in outs]

    def all_derivatives(x, t):
        _, tangents = descend.jvp(f, (x,), (t,))
        grads = [descend.grad(lambda y, i=i: f(y)[i])(x) for i in range(len(ZERO))]
        return f(x), tangents, grads

    _, tangents, grads = descend.jit(all_derivatives)(X, np.ones_like(X))
    for k, t, g in zip(sorted(ZERO), tangents, grads):
        # d/dx sum(op(x) * x) = op(x): only the product rule's second term survives
        op_x = np.asarray(ZERO[k](X))
        np.testing.assert_array_equal(np.asarray(g), op_x, err_msg=k)
        np.testing.assert_allclose(np.asarray(t), op_x.sum(), rtol=1e-12, err_msg=k)
