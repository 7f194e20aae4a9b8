"""Per-op derivative checks: every differentiable dsc op, reached through
`descend.lax`, at orders 1 and 2 in forward, reverse and mixed modes, against
central finite differences in float64 (see `gradcheck.check_grads`, after
`jax.test_util.check_grads`). Ops with a zero derivative (integer- or
boolean-valued, piecewise constant) must give exactly zero, as in JAX.
"""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_grads

import descend
import descend.numpy as dnp
from descend import lax
from descend.ad.jvp_rules import JVP_RULES
from descend.ad.vjp_rules import VJP_RULES

R = np.random.default_rng(20240601)


def _u(lo, hi, shape):
    return R.uniform(lo, hi, shape)


def _away(lo, hi, shape):
    """|x| in [lo, hi], random sign."""
    return _u(lo, hi, shape) * np.where(R.random(shape) < 0.5, -1.0, 1.0)


def _rem_operands(shape):
    """x, y with x / y at least 0.1 away from an integer (rem is smooth there)."""
    y = _away(0.7, 1.5, shape)
    q = _u(-2.9, 2.9, shape)
    q = np.where(np.abs(q - np.round(q)) < 0.15, q + 0.4, q)
    return q * y, y


def _untied(shape):
    """x, y with |x - y| >= 0.2 everywhere (no ties for max/min)."""
    x = _u(-2, 2, shape)
    return x, x + _away(0.2, 1.5, shape)


S = (2, 3)

# id -> (function of float64 arrays, args, the dsc op it must contain)
UNARY = {
    "neg": (lax.neg, (_u(-2, 2, S),)),
    "abs": (lax.abs, (_away(0.1, 2, S),)),
    "exp": (lax.exp, (_u(-2, 2, S),)),
    "log": (lax.log, (_u(0.2, 3, S),)),
    "log1p": (lax.log1p, (_u(-0.5, 2, S),)),
    "expm1": (lax.expm1, (_u(-2, 2, S),)),
    "sqrt": (lax.sqrt, (_u(0.2, 3, S),)),
    "rsqrt": (lax.rsqrt, (_u(0.2, 3, S),)),
    "sin": (lax.sin, (_u(-3, 3, S),)),
    "cos": (lax.cos, (_u(-3, 3, S),)),
    "tan": (lax.tan, (_u(-1.2, 1.2, S),)),
    "tanh": (lax.tanh, (_u(-2, 2, S),)),
    "logistic": (lax.logistic, (_u(-3, 3, S),)),
}

BINARY = {
    "add": (lax.add, (_u(-2, 2, S), _u(-2, 2, S))),
    "sub": (lax.sub, (_u(-2, 2, S), _u(-2, 2, S))),
    "mul": (lax.mul, (_u(-2, 2, S), _u(-2, 2, S))),
    "div": (lax.div, (_u(-2, 2, S), _away(0.5, 2, S))),
    "rem": (lax.rem, _rem_operands(S)),
    "pow": (lax.pow, (_u(0.3, 2.5, S), _u(-2, 2, S))),
    "max": (lax.max, _untied(S)),
    "min": (lax.min, _untied(S)),
    "atan2": (lax.atan2, (_away(0.3, 2, S), _away(0.3, 2, S))),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary(name):
    fn, args = UNARY[name]
    _assert_contains(fn, args, name)
    check_grads(fn, args, order=2)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary(name):
    fn, args = BINARY[name]
    _assert_contains(fn, args, name)
    check_grads(fn, args, order=2)


def _assert_contains(fn, args, op):
    """The function really traces `dsc.<op>` (no shortcut around the op under test)."""
    text = descend.jit(fn).lower(*args).as_text("dsc")
    assert f'"dsc.{op}"' in text, f"dsc.{op} not in\n{text}"


# ---- select, convert ---------------------------------------------------------------

PRED = np.array([[True, False, True], [False, False, True]])


def test_select():
    def f(a, b):
        return lax.select(PRED, a, b)

    args = (_u(-2, 2, S), _u(-2, 2, S))
    _assert_contains(f, args, "select")
    check_grads(f, args, order=2)


def test_select_predicate_from_compare():
    """The predicate depends on x (through a compare): no derivative flows through it."""

    def f(x, y):
        return lax.select(lax.gt(x, y), lax.mul(x, x), lax.sin(y))

    check_grads(f, _untied(S), order=2)


def test_convert_float64_to_float32_and_back():
    """convert is the identity on tangents (cast to the result dtype). The float32
    round trip loses ~1e-7: finite differences over a large step of a quadratic
    (where central differences are exact) keep the error below the tolerance."""

    def f(x, y):
        x32 = lax.convert_element_type(x, "float32")
        return lax.add(lax.convert_element_type(lax.mul(x32, x32), "float64"), lax.mul(x, y))

    args = (_u(-2, 2, S), _u(-2, 2, S))
    _assert_contains(f, args, "convert")
    check_grads(f, args, order=2, eps=0.5, rtol=1e-5, atol=1e-5, identity_rtol=1e-5)


def test_convert_dtypes_of_derivatives():
    x32 = _u(-2, 2, S).astype(np.float32)
    x64 = x32.astype(np.float64)
    t64 = _u(-1, 1, S)
    # float64 -> float32: the tangent is cast to float32
    y, t = descend.jvp(lambda x: lax.convert_element_type(x, "float32"), (x64,), (t64,))
    assert y.dtype == np.float32 and t.dtype == np.float32
    np.testing.assert_array_equal(np.asarray(t), t64.astype(np.float32))
    # float32 -> float64: the gradient comes back as float32
    g = descend.grad(lambda x: lax.reduce_sum(lax.mul(lax.convert_element_type(x, "float64"), x64), (0, 1)))(x32)
    assert g.dtype == np.float32
    np.testing.assert_array_equal(np.asarray(g), x32)
    g = descend.grad(lambda x: lax.reduce_sum(lax.convert_element_type(x, "float32"), (0, 1)))(x64)
    assert g.dtype == np.float64
    np.testing.assert_array_equal(np.asarray(g), np.ones(S))


# ---- structural ops -----------------------------------------------------------------

STRUCTURAL = {
    "broadcast_in_dim-new-dims": (
        "broadcast_in_dim",
        lambda x: lax.broadcast_in_dim(x, (2, 3, 4), (1,)),
        (_u(-1, 1, (3,)),),
    ),
    "broadcast_in_dim-expand-size-1": (
        "broadcast_in_dim",
        lambda x: lax.broadcast_in_dim(x, (4, 2, 3), (0, 2)),
        (_u(-1, 1, (1, 3)),),
    ),
    "broadcast_in_dim-scalar": ("broadcast_in_dim", lambda x: lax.broadcast_in_dim(x, (2, 2), ()), (_u(-1, 1, ()),)),
    "reshape": ("reshape", lambda x: lax.reshape(x, (6, 4)), (_u(-1, 1, (2, 3, 4)),)),
    "reshape-to-scalar": ("reshape", lambda x: lax.reshape(x, ()), (_u(-1, 1, (1, 1)),)),
    "transpose": ("transpose", lambda x: lax.transpose(x, (2, 0, 1)), (_u(-1, 1, (2, 3, 4)),)),
    "rev": ("rev", lambda x: lax.rev(x, (0, 1)), (_u(-1, 1, (3, 4)),)),
    "rev-one-dim": ("rev", lambda x: lax.rev(x, (1,)), (_u(-1, 1, (3, 4)),)),
    "slice": ("slice", lambda x: lax.slice(x, (1, 2), (3, 5)), (_u(-1, 1, (4, 6)),)),
    "slice-strided": ("slice", lambda x: lax.slice(x, (1, 0), (7, 5), (2, 3)), (_u(-1, 1, (7, 6)),)),
    "concatenate": (
        "concatenate",
        lambda a, b, c: lax.concatenate([a, b, c], 1),
        (_u(-1, 1, (2, 1)), _u(-1, 1, (2, 3)), _u(-1, 1, (2, 2))),
    ),
    "pad-edges": ("pad", lambda x, v: lax.pad(x, v, [(1, 2, 0), (0, 1, 0)]), (_u(-1, 1, (2, 3)), _u(-1, 1, ()))),
    "pad-negative-interior": (
        "pad",
        lambda x, v: lax.pad(x, v, [(-1, 2, 1), (2, -1, 2)]),
        (_u(-1, 1, (5, 4)), _u(-1, 1, ())),
    ),
    "pad-negative-only": ("pad", lambda x, v: lax.pad(x, v, [(-2, -1, 0)]), (_u(-1, 1, (6,)), _u(-1, 1, ()))),
}


@pytest.mark.parametrize("case", sorted(STRUCTURAL))
def test_structural(case):
    op, fn, args = STRUCTURAL[case]
    _assert_contains(fn, args, op)
    check_grads(fn, args, order=2)


def test_pad_transpose_values():
    """The cotangent of pad, written out: the operand gets the kept positions, the
    padding value the sum over the padded ones (negative padding removes elements)."""
    x, v = _u(-1, 1, (5,)), 0.25
    cfg = [(-1, 2, 1)]  # x0 v x1 v x2 v x3 v x4, without x0, then v v: [v x1 v x2 v x3 v x4 v v]
    y, vjp_fn = descend.vjp(lambda x, v: lax.pad(x, v, cfg), x, np.float64(v))
    np.testing.assert_array_equal(np.asarray(y), [v, x[1], v, x[2], v, x[3], v, x[4], v, v])
    cx, cv = vjp_fn(np.arange(1.0, 11.0))
    np.testing.assert_array_equal(np.asarray(cx), [0, 2, 4, 6, 8])
    assert float(cv) == 1 + 3 + 5 + 7 + 9 + 10


IDX = np.array(1, dtype=np.int32)

DYNAMIC = {
    "dynamic_slice": lambda x: lax.dynamic_slice(x, (IDX, np.int32(2)), (2, 2)),
    # start 3 is clamped to 2 (the slice must fit), as in JAX
    "dynamic_slice-clamped": lambda x: lax.dynamic_slice(x, (np.int32(3), IDX), (2, 3)),
    "dynamic_update_slice": lambda x, u: lax.dynamic_update_slice(x, u, (IDX, np.int32(0))),
    "dynamic_update_slice-clamped": lambda x, u: lax.dynamic_update_slice(x, u, (np.int32(5), np.int32(-1))),
}


@pytest.mark.parametrize("case", sorted(DYNAMIC))
def test_dynamic_slicing(case):
    """Start indices are integer operands (run-time values, no derivative)."""
    fn = DYNAMIC[case]
    args = (_u(-1, 1, (4, 5)),) if "update" not in case else (_u(-1, 1, (4, 5)), _u(-1, 1, (2, 3)))
    op = case.split("-")[0]
    _assert_contains(fn, args, op)
    check_grads(fn, args, order=2)


def test_dynamic_slice_indices_from_arguments():
    """Indices that are jit arguments: the gradient lands where the run-time slice was taken."""

    def loss(x, i):
        return lax.reduce_sum(lax.mul(lax.dynamic_slice(x, (i,), (2,)), np.array([3.0, 5.0])), (0,))

    g = descend.jit(descend.grad(loss))
    x = np.zeros(5)
    np.testing.assert_array_equal(np.asarray(g(x, np.int32(1))), [0, 3, 5, 0, 0])
    np.testing.assert_array_equal(np.asarray(g(x, np.int32(4))), [0, 0, 0, 3, 5])  # clamped to 3


REDUCE = {
    "sum-axes": (lambda x: lax.reduce_sum(x, (0, 2)), (_u(-1, 1, (2, 3, 4)),)),
    "sum-all": (lambda x: lax.reduce_sum(x, (0, 1, 2)), (_u(-1, 1, (2, 3, 4)),)),
    "max-axis": (lambda x: lax.reduce_max(x, (1,)), (_u(-1, 1, (3, 5)),)),
    "max-all": (lambda x: lax.reduce_max(x, (0, 1)), (_u(-1, 1, (3, 5)),)),
    "min-axes": (lambda x: lax.reduce_min(x, (0, 2)), (_u(-1, 1, (2, 3, 4)),)),
    "prod-axis": (lambda x: lax.reduce_prod(x, (1,)), (_away(0.5, 1.5, (3, 4)),)),
    "prod-all": (lambda x: lax.reduce_prod(x, (0, 1)), (_away(0.5, 1.5, (2, 3)),)),
    # prod is a polynomial: smooth at zeros, where prod / x is not
    "prod-with-zeros": (
        lambda x: lax.reduce_prod(x, (0, 2)),
        (np.array([[[0.0, 1.5, -0.7], [0.0, 0.0, 1.2]], [[0.8, -1.1, 0.9], [1.3, 0.0, 0.6]]]),),
    ),
}


@pytest.mark.parametrize("case", sorted(REDUCE))
def test_reduce(case):
    fn, args = REDUCE[case]
    _assert_contains(fn, args, "reduce")
    check_grads(fn, args, order=2)


def test_reduce_max_ties_share_the_gradient():
    """At ties the cotangent is split evenly among the maxima (JAX's rule)."""
    x = np.array([[1.0, 3.0, 3.0], [2.0, 0.5, -1.0]])
    g = descend.grad(lambda x: lax.reduce_sum(lax.reduce_max(x, (1,)), (0,)))(x)
    np.testing.assert_array_equal(np.asarray(g), [[0, 0.5, 0.5], [1, 0, 0]])
    _, t = descend.jvp(lambda x: lax.reduce_max(x, (1,)), (x,), (np.array([[9.0, 1.0, 2.0], [5.0, 7.0, 8.0]]),))
    np.testing.assert_array_equal(np.asarray(t), [1.5, 5.0])


@pytest.mark.parametrize(
    "x", [[0.0, 2.0, 3.0], [0.0, 0.0, 3.0], [1.5, -2.0, 3.0, 0.5, 7.0]], ids=["one-zero", "two-zeros", "odd-length"]
)
def test_reduce_prod_gradient_at_zeros(x):
    """d prod(x) / d x_i is the product of the others, also where x has zeros (JAX)."""
    x = np.array(x)
    g = descend.grad(lambda x: lax.reduce_prod(x, (0,)))(x)
    np.testing.assert_array_equal(np.asarray(g), [np.prod(np.delete(x, i)) for i in range(len(x))])


def test_max_min_ties_are_balanced():
    """lax.max/min at x == y: each operand gets half the tangent (JAX)."""
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([1.0, 0.0, 4.0])
    gx, gy = descend.grad(lambda x, y: lax.reduce_sum(lax.max(x, y), (0,)), argnums=(0, 1))(x, y)
    np.testing.assert_array_equal(np.asarray(gx), [0.5, 1, 0])
    np.testing.assert_array_equal(np.asarray(gy), [0.5, 0, 1])
    gx, gy = descend.grad(lambda x, y: lax.reduce_sum(lax.min(x, y), (0,)), argnums=(0, 1))(x, y)
    np.testing.assert_array_equal(np.asarray(gx), [0.5, 0, 1])
    np.testing.assert_array_equal(np.asarray(gy), [0.5, 1, 0])


def test_pow_at_zero():
    """d/dx x**0 is 0 (not nan) and d/dy 0**y is 0 for y > 0, as in JAX."""
    gx = descend.grad(lambda x: lax.reduce_sum(lax.pow(x, np.zeros(3)), (0,)))(np.array([0.0, 1.0, 2.0]))
    np.testing.assert_array_equal(np.asarray(gx), [0, 0, 0])
    gy = descend.grad(lambda y: lax.reduce_sum(lax.pow(np.zeros(2), y), (0,)))(np.array([1.5, 2.0]))
    np.testing.assert_array_equal(np.asarray(gy), [0, 0])
    gx = descend.grad(lambda x: lax.reduce_sum(lax.pow(x, np.full(2, 2.0)), (0,)))(np.array([0.0, 3.0]))
    np.testing.assert_array_equal(np.asarray(gx), [0, 6])


DOT = {
    "matmul": (((1,), (0,)), ((), ()), (3, 4), (4, 2)),
    "vector-dot": (((0,), (0,)), ((), ()), (5,), (5,)),
    "outer": (((), ()), ((), ()), (3,), (2,)),
    "matvec-transposed": (((0,), (1,)), ((), ()), (4, 3), (2, 4)),
    "batched": (((2,), (1,)), ((0,), (0,)), (2, 3, 4), (2, 4, 5)),
    # batch dim 1 of lhs / 2 of rhs, two contracting dims in opposite orders
    "batch-multi-contract-odd-order": (((3, 0), (0, 3)), ((1,), (2,)), (4, 2, 3, 5), (5, 3, 2, 4)),
    "two-batch-dims-swapped": (((2,), (0,)), ((0, 1), (2, 1)), (2, 3, 4), (4, 3, 2)),
}


@pytest.mark.parametrize("case", sorted(DOT))
def test_dot_general(case):
    contract, batch, ls, rs = DOT[case]
    a, b = _u(-1, 1, ls), _u(-1, 1, rs)

    def f(a, b):
        return lax.dot_general(a, b, (contract, batch))

    _assert_contains(f, (a, b), "dot_general")
    check_grads(f, (a, b), order=2)


def test_dot_general_vjp_against_einsum():
    """The cotangents of dot_general, checked against NumPy einsum (a second oracle)."""
    a, b = _u(-1, 1, (4, 2, 3, 5)), _u(-1, 1, (5, 3, 2, 4))
    dn = (((3, 0), (0, 3)), ((1,), (2,)))
    out, vjp_fn = descend.vjp(lambda a, b: lax.dot_general(a, b, dn), a, b)
    np.testing.assert_allclose(np.asarray(out), np.einsum("kbil,ljbk->bij", a, b), rtol=1e-12)
    ct = _u(-1, 1, (2, 3, 3))
    ca, cb = vjp_fn(ct)
    np.testing.assert_allclose(np.asarray(ca), np.einsum("bij,ljbk->kbil", ct, b), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(cb), np.einsum("bij,kbil->ljbk", ct, a), rtol=1e-12)


def test_outer_product_fused_into_a_reduction():
    """Regression: a dot_general without contracting dims (here 1 * x, from a
    transposed rule) fused into a matmul consumer was accumulated once per extra
    loop iteration (linalg-fuse-elementwise-ops on an acc-reading generic)."""
    a = np.arange(9.0).reshape(3, 3)
    x = np.array([1.0, 2.0, 3.0])
    g = descend.grad(lambda x: dnp.dot(x, a @ x))(x)
    np.testing.assert_allclose(np.asarray(g), (a + a.T) @ x, rtol=1e-14)

    def f(x):
        b = lax.dot_general(np.float64(2.0), x, (((), ()), ((), ())))
        return lax.dot_general(lax.reshape(b, (3, 1)), a, (((0,), (0,)), ((), ())))

    np.testing.assert_allclose(np.asarray(descend.jit(f)(x)), 2 * x[None, :] @ a, rtol=1e-14)


# ---- through descend.numpy ---------------------------------------------------------------

NUMPY = {
    "matmul": (lambda a, b: dnp.matmul(a, b), (_u(-1, 1, (2, 3, 4)), _u(-1, 1, (4, 2)))),
    "broadcast-arith": (lambda a, b: a * dnp.exp(b) - a / (b * b + 1.0), (_u(-1, 1, (3, 1)), _u(-1, 1, (4,)))),
    "indexing": (lambda a: a[1:, ::2] * a[:-1, 1::2], (_u(-1, 1, (3, 4)),)),
    "mean-max": (lambda a: dnp.mean(a, axis=0) + dnp.max(a, axis=1).sum(), (_u(-1, 1, (3, 4)),)),
    "where-clip": (lambda a: dnp.where(a > 0, a**3, dnp.sin(a)), (_away(0.1, 1, (5,)),)),
    "stack-flip": (lambda a, b: dnp.flip(dnp.stack([a, b * a]), 1), (_u(-1, 1, (2, 3)), _u(-1, 1, (2, 3)))),
}


@pytest.mark.parametrize("case", sorted(NUMPY))
def test_through_numpy(case):
    fn, args = NUMPY[case]
    check_grads(fn, args, order=2)


def test_every_rule_is_covered():
    """The ops checked above are exactly the ops that have derivative rules."""
    covered = set(UNARY) | set(BINARY) | {"select", "convert", "reduce", "dot_general"}
    covered |= {case.split("-")[0] for case in DYNAMIC}
    covered |= {op for op, _, _ in STRUCTURAL.values()}
    covered |= __import__("test_autodiff_ops_extra").COVERED  # the math ops checked in that file
    covered |= __import__("test_autodiff_gather_scatter").COVERED  # gather, scatter
    for table, rules in (("JVP_RULES", JVP_RULES), ("VJP_RULES", VJP_RULES)):
        missing, stale = set(rules) - covered, covered - set(rules)
        assert not missing, f"ops with a rule in {table} but no gradient check in this file: {sorted(missing)}"
        assert not stale, f"ops checked here without a rule in {table}: {sorted(stale)}"


# ---- ops with a zero derivative --------------------------------------------------------

X = np.array([[0.3, -1.7, 2.2], [1.4, -0.6, 0.9]])


def _f64(x):
    return lax.convert_element_type(x, "float64")


ZERO = {
    "sign": lambda x: lax.sign(x),
    "floor": lambda x: lax.floor(x),
    "ceil": lambda x: lax.ceil(x),
    "round": lambda x: lax.round(x),
    "compare": lambda x: _f64(lax.gt(x, lax.sin(x))),
    "argmax": lambda x: lax.broadcast_in_dim(_f64(lax.argmax(x, 1)), (2, 3), (0,)),
    "argmin": lambda x: lax.broadcast_in_dim(_f64(lax.argmin(x, 0)), (2, 3), (1,)),
    "convert-to-int": lambda x: _f64(lax.convert_element_type(lax.mul(x, x), "int32")),
    "int-ops": lambda x: _f64(
        lax.bitwise_xor(
            lax.bitwise_and(lax.convert_element_type(x, "int32"), lax.bitwise_not(lax.convert_element_type(x, "int32"))),
            lax.bitwise_or(lax.convert_element_type(lax.exp(x), "int32"), lax.convert_element_type(x, "int32")),
        )
    ),
    "iota": lambda x: lax.mul(lax.floor(x), lax.broadcasted_iota("float64", (2, 3), 1)),
}


@pytest.mark.parametrize("name", sorted(ZERO))
def test_zero_derivative(name):
    """grad and jvp through an integer-valued or piecewise-constant op are exactly 0, and
    the op is still a factor of a product: d(x * g(x)) = g(x) exactly."""
    g = ZERO[name]

    def both(x):
        return lax.reduce_sum(g(x), (0, 1)), lax.reduce_sum(lax.mul(x, g(x)), (0, 1))

    def run(x, t):
        y, ty = descend.jvp(g, (x,), (t,))
        return (
            descend.grad(lambda x: both(x)[0])(x),
            descend.grad(lambda x: both(x)[1])(x),
            ty,
            g(x),
        )

    g0, g1, ty, gx = descend.jit(run)(X, np.ones_like(X))
    np.testing.assert_array_equal(np.asarray(g0), np.zeros_like(X))
    np.testing.assert_array_equal(np.asarray(ty), np.zeros_like(X))
    np.testing.assert_array_equal(np.asarray(g1), np.asarray(gx))
    assert np.any(np.asarray(gx) != 0)  # not trivially zero


def test_grad_of_integer_input_raises():
    with pytest.raises(TypeError, match="int32"):
        descend.grad(lambda x: lax.reduce_sum(_f64(x), (0,)))(np.arange(3, dtype=np.int32))
    with pytest.raises(TypeError, match="bool"):
        descend.grad(lambda x: lax.reduce_sum(_f64(x), (0,)))(np.array([True, False]))
    with pytest.raises(TypeError):
        descend.grad(lambda x, n: lax.reduce_sum(lax.mul(x, _f64(n)), (0,)), argnums=1)(
            np.ones(2), np.arange(2, dtype=np.int32)
        )
    with pytest.raises(TypeError):
        descend.jvp(lambda n: _f64(n), (np.arange(3, dtype=np.int32),), (np.ones(3, dtype=np.int32),))
    with pytest.raises(TypeError):
        descend.vjp(lambda n: _f64(n), np.arange(3, dtype=np.int32))


def test_integer_argument_not_differentiated_is_fine():
    g = descend.grad(lambda x, n: lax.reduce_sum(lax.mul(x, _f64(n)), (0,)))(np.ones(3), np.arange(3, dtype=np.int32))
    np.testing.assert_array_equal(np.asarray(g), [0, 1, 2])


def test_check_grads_catches_a_wrong_rule():
    """The checker itself: a custom_jvp with a slightly wrong derivative is caught,
    in forward mode and in reverse mode."""

    @descend.custom_jvp
    def f(x):
        return lax.sin(x)

    @f.defjvp
    def f_jvp(primals, tangents):
        (x,), (t,) = primals, tangents
        return lax.sin(x), lax.mul(t, lax.mul(lax.cos(x), np.full(x.shape, 1.001)))

    with pytest.raises(AssertionError):
        check_grads(f, (_u(-1, 1, (3,)),), order=1, modes=("fwd",))
    with pytest.raises(AssertionError):
        check_grads(f, (_u(-1, 1, (3,)),), order=1, modes=("rev",))
