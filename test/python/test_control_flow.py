"""descend.lax structured control flow (JAX's names and semantics) against Python loops.

- cond, switch, fori_loop, while_loop, scan, map: results equal a plain Python
  loop / if computed with NumPy, eagerly and inside jit; pytree carries, Python
  scalar initial carries (weak types take the body's dtype), int and bool
  carries, reverse scan, scan over xs=None with a length, switch with an index
  out of range (clamped), fori_loop with traced bounds;
- the lowering: fori_loop and scan are one scf.for, cond one scf.if,
  while_loop one scf.while;
- errors: branches of different shapes, a carry changing shape or structure,
  Python `if` on a traced value (TracerBoolConversionError pointing at lax);
- derivatives: check_grads (jvp and vjp against central finite differences in
  float64, orders 1 and 2) through cond, switch, scan and fori_loop; jvp
  through while_loop; reverse mode of while_loop (and of fori_loop with traced
  bounds) raises TypeError.
"""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_grads

import descend
import descend.numpy as dnp
from descend import lax

R = np.random.default_rng(3)


def close(got, want, dtype=None, rtol=1e-5, atol=1e-6):
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"shape {got.shape} != {want.shape}"
    if dtype is not None:
        assert got.dtype == np.dtype(dtype), f"dtype {got.dtype} != {dtype}"
    if got.dtype.kind in "biu":
        np.testing.assert_array_equal(got, want)
    else:
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


# Each check runs eagerly (lax.* outside jit) and inside jit.
MODES = ["eager", "jit"]


def run(mode, f, *args):
    return f(*args) if mode == "eager" else descend.jit(f)(*args)


X = R.standard_normal(4).astype(np.float32)
Y = R.standard_normal(4).astype(np.float32)


# ---- cond / switch --------------------------------------------------------------------------


def f_cond(p, x, y):
    return lax.cond(p, lambda a, b: (a * b, dnp.sin(a)), lambda a, b: (a - b, dnp.cos(b)), x, y)


@pytest.mark.parametrize("mode", MODES)
def test_cond(mode):
    for p in (True, False):
        out = run(mode, f_cond, p, X, Y)
        want = (X * Y, np.sin(X)) if p else (X - Y, np.cos(Y))
        close(out[0], want[0], "float32")
        close(out[1], want[1], "float32")


def test_cond_predicate_kinds_and_pytrees():
    """An int or float predicate means != 0 (as JAX); operands and outputs may be pytrees."""

    @descend.jit
    def f(p, ops):
        return lax.cond(
            p,
            lambda o: {"s": o["x"] + o["y"][0], "n": o["y"][1] * 2},
            lambda o: {"s": o["x"] * o["y"][0], "n": o["y"][1] - 1},
            ops,
        )

    ops = {"x": X, "y": (Y, np.int32(5))}
    for p in (np.int32(3), np.int32(0), np.float32(-0.5), np.float32(0.0)):
        out = f(p, ops)
        if p != 0:
            close(out["s"], X + Y, "float32")
            close(out["n"], 10, "int32")
        else:
            close(out["s"], X * Y, "float32")
            close(out["n"], 4, "int32")


def test_cond_weak_branch_outputs_take_the_other_branch_dtype():
    # a Python-scalar branch output (weak) takes the dtype of the other branch's array
    x64 = X.astype(np.float64)
    out = descend.jit(lambda p, x: lax.cond(p, lambda v: v * 2, lambda v: 1.0, x[0]))(False, x64)
    close(out, 1.0, "float64")
    out = lax.cond(True, lambda: 1, lambda: np.int32(2))
    close(out, 1, "int32")


def test_cond_closure_and_no_operands():
    @descend.jit
    def f(x):
        return lax.cond(dnp.sum(x) > 0, lambda: x * 2, lambda: -x)

    for v in (X, -np.abs(X)):
        close(f(v), v * 2 if v.sum() > 0 else -v, "float32")


@pytest.mark.parametrize("mode", MODES)
def test_switch_clamps_the_index(mode):
    branches = [lambda v: v + 1.0, lambda v: v * 10.0, lambda v: -v]
    f = lambda i, v: lax.switch(i, branches, v)  # noqa: E731
    for i in (-3, -1, 0, 1, 2, 3, 100):
        k = min(max(i, 0), 2)
        close(run(mode, f, np.int32(i), X), [X + 1, X * 10, -X][k], "float32")


def test_switch_one_branch_and_empty():
    close(lax.switch(7, [lambda v: v * 3.0], X), X * 3, "float32")
    with pytest.raises(ValueError):
        lax.switch(0, [], X)


def test_cond_lowers_to_one_scf_if():
    lowered = descend.jit(f_cond).lower(True, X, Y)
    assert lowered.as_text("dsc").count("scf.if") == 1
    linalg = lowered.as_text("linalg")
    assert linalg.count("scf.if") == 1 and "dsc." not in linalg


# ---- fori_loop ------------------------------------------------------------------------------


def ref_fori(lo, hi, body, init):
    val = init
    for i in range(lo, hi):
        val = body(i, val)
    return val


@pytest.mark.parametrize("mode", MODES)
def test_fori_loop_pytree_carry(mode):
    def body(i, c):
        return {"a": c["a"] * 0.5 + Y * i, "n": c["n"] + i, "s": c["s"] * 2.0}

    def f(x):
        return lax.fori_loop(2, 6, body, {"a": x, "n": 0, "s": 1.0})

    out = run(mode, f, X)
    a, n, s = X, 0, 1.0
    for i in range(2, 6):
        a, n, s = a * 0.5 + Y * i, n + i, s * 2.0
    close(out["a"], a, "float32")
    close(out["n"], n, "int32")  # a Python int carry: int32
    close(out["s"], s, "float32")  # a Python float carry: float32
    assert sorted(out) == ["a", "n", "s"]


@pytest.mark.parametrize("mode", MODES)
def test_fori_loop_weak_initial_carry_takes_the_body_dtype(mode):
    x64 = R.standard_normal(5)
    f = lambda x: lax.fori_loop(0, 5, lambda i, c: c + lax.dynamic_index_in_dim(x, i, 0, False), 0.0)  # noqa: E731
    close(run(mode, f, x64), x64.sum(), "float64", rtol=1e-12)
    # an int Python scalar meeting a float body becomes float (as JAX's weak-type promotion)
    g = lambda x: lax.fori_loop(0, 3, lambda i, c: c * x[0] + 1, 1)  # noqa: E731
    close(run(mode, g, X), ref_fori(0, 3, lambda i, c: c * X[0] + 1, np.float32(1)), "float32")


@pytest.mark.parametrize("mode", MODES)
def test_fori_loop_int_and_bool_carries(mode):
    def f(k):
        return lax.fori_loop(
            0, 7, lambda i, c: (c[0] * 3 % 11 + i, dnp.logical_not(c[1]), c[2] | (i == 4)), (k, True, False)
        )

    out = run(mode, f, np.int32(2))
    want = ref_fori(0, 7, lambda i, c: ((c[0] * 3) % 11 + i, not c[1], c[2] or i == 4), (2, True, False))
    close(out[0], want[0], "int32")
    close(out[1], want[1], "bool")
    close(out[2], want[2], "bool")


@pytest.mark.parametrize("bounds", [(0, 0), (5, 2), (-2, 3)])
def test_fori_loop_empty_and_negative_ranges(bounds):
    lo, hi = bounds
    body = lambda i, c: c * 2.0 + i  # noqa: E731
    close(lax.fori_loop(lo, hi, body, X), ref_fori(lo, hi, body, X), "float32")


def test_fori_loop_traced_bounds():
    f = descend.jit(lambda lo, hi, x: lax.fori_loop(lo, hi, lambda i, c: c * 1.5 + i, x))
    for lo, hi in ((0, 4), (2, 5), (3, 3), (4, 1)):
        close(f(lo, hi, X), ref_fori(lo, hi, lambda i, c: c * 1.5 + i, X), "float32")
    assert f.trace_count == 1  # one compilation for every pair of bounds
    # traced bounds are a while loop; concrete ones a for loop
    assert "scf.while" in f.lower(0, 4, X).as_text("dsc")


def test_fori_loop_is_one_scf_for():
    f = lambda x: lax.fori_loop(1, 9, lambda i, c: dnp.tanh(c) * i, x)  # noqa: E731
    lowered = descend.jit(f).lower(X)
    assert lowered.as_text("dsc").count("scf.for") == 1
    linalg = lowered.as_text("linalg")
    assert linalg.count("scf.for") == 1 and "scf.while" not in linalg
    close(lowered.compile()(X), ref_fori(1, 9, lambda i, c: np.tanh(c) * i, X), "float32")


# ---- while_loop ------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_while_loop_pytree_carry(mode):
    def f(x):
        return lax.while_loop(
            lambda c: c["v"][0] < 50.0,
            lambda c: {"v": c["v"] * 2.0 + 1.0, "k": c["k"] + 1, "hit": c["hit"] | (c["v"][1] > 3.0)},
            {"v": x, "k": 0, "hit": False},
        )

    x = np.abs(X) + 0.1
    out = run(mode, f, x)
    v, k, hit = x, 0, False
    while v[0] < 50.0:
        v, k, hit = v * np.float32(2) + np.float32(1), k + 1, hit or v[1] > 3.0
    close(out["v"], v, "float32")
    close(out["k"], k, "int32")
    close(out["hit"], hit, "bool")


def test_while_loop_zero_iterations_and_weak_carry():
    out = lax.while_loop(lambda c: c > 10.0, lambda c: c * 2.0, np.float32(3.0))
    close(out, 3.0, "float32")
    x64 = np.array([0.25, 0.5])
    out = descend.jit(lambda x: lax.while_loop(lambda c: c < 4.0, lambda c: c + dnp.sum(x), 0.0))(x64)
    close(out, 4.5, "float64")  # a Python float carry meeting a float64 body


def test_while_loop_collatz():
    """An int carry with a data-dependent trip count."""

    @descend.jit
    def steps(n):
        return lax.while_loop(
            lambda c: c[0] != 1,
            lambda c: (dnp.where(c[0] % 2 == 0, c[0] // 2, 3 * c[0] + 1), c[1] + 1),
            (n, 0),
        )[1]

    def ref(n):
        k = 0
        while n != 1:
            n, k = (n // 2 if n % 2 == 0 else 3 * n + 1), k + 1
        return k

    for n in (1, 6, 7, 27):
        close(steps(np.int32(n)), ref(n), "int32")
    assert steps.lower(np.int32(1)).as_text("linalg").count("scf.while") == 1


# ---- scan / map -------------------------------------------------------------------------------


def ref_scan(f, init, xs, length=None, reverse=False):
    n = length if xs is None else len(xs[0] if isinstance(xs, tuple) else xs)
    carry, ys = init, [None] * n
    order = reversed(range(n)) if reverse else range(n)
    for t in order:
        x = None if xs is None else (tuple(v[t] for v in xs) if isinstance(xs, tuple) else xs[t])
        carry, ys[t] = f(carry, x)
    return carry, ys


XS = R.standard_normal((5, 3)).astype(np.float32)


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("mode", MODES)
def test_scan_pytree(mode, reverse):
    def step(c, x):
        h, n = c
        xv, s = x
        h = np.tanh(h * 0.5 + xv * s) if isinstance(h, np.ndarray) else dnp.tanh(h * 0.5 + xv * s)
        return (h, n + 1), {"h": h, "sum": h.sum() + n}

    def f(h0, xs, ss):
        return lax.scan(step, (h0, 0), (xs, ss), reverse=reverse)

    ss = R.standard_normal(5).astype(np.float32)
    (h, n), ys = run(mode, f, X[:3], XS, ss)
    (wh, wn), wys = ref_scan(step, (X[:3], 0), (XS, ss), reverse=reverse)
    close(h, wh, "float32")
    close(n, wn, "int32")
    close(ys["h"], np.stack([y["h"] for y in wys]), "float32")
    close(ys["sum"], np.array([y["sum"] for y in wys]), "float32")


@pytest.mark.parametrize("mode", MODES)
def test_scan_xs_none_with_length(mode):
    def f(c0):
        return lax.scan(lambda c, _: ((c[0] * 2, c[1] + c[0]), c[0] * 1.5), c0, None, length=6)

    (a, b), ys = run(mode, f, (np.int32(1), np.float32(0.5)))
    (wa, wb), wys = ref_scan(lambda c, _: ((c[0] * 2, c[1] + c[0]), c[0] * 1.5), (1, 0.5), None, length=6)
    close(a, wa, "int32")
    close(b, wb, "float32")
    close(ys, np.array(wys), "float32")


def test_scan_weak_initial_carry_and_float64():
    xs = R.standard_normal(6)
    c, ys = lax.scan(lambda c, x: (c + x, c * x), 0.0, xs)
    wc, wys = ref_scan(lambda c, x: (c + x, c * x), 0.0, xs)
    close(c, wc, "float64", rtol=1e-12)
    close(ys, np.array(wys), "float64", rtol=1e-12)


def test_scan_no_ys_and_empty_carry():
    c, ys = lax.scan(lambda c, x: (c + x, None), np.zeros(3, np.float32), XS)
    close(c, XS.sum(0), "float32")
    assert ys is None
    _, ys = lax.scan(lambda c, x: (c, x * 2), (), XS)
    close(ys, XS * 2, "float32")


def test_scan_is_one_scf_for():
    lowered = descend.jit(lambda c, xs: lax.scan(lambda c, x: (c * x, c + x), c, xs)).lower(X[:3], XS)
    assert lowered.as_text("dsc").count("scf.for") == 1
    assert lowered.as_text("linalg").count("scf.for") == 1


@pytest.mark.parametrize("mode", MODES)
def test_map(mode):
    f = lambda xs: lax.map(lambda r: (dnp.max(r), r[::-1] * 2), xs)  # noqa: E731
    mx, rev = run(mode, f, XS)
    close(mx, XS.max(axis=1), "float32")
    close(rev, XS[:, ::-1] * 2, "float32")


def test_nested_control_flow():
    """A cond inside a scan inside a fori_loop."""

    def step(c, x):
        return lax.cond(x > 0, lambda v: v + x, lambda v: v * 0.5, c), c

    @descend.jit
    def f(xs):
        return lax.fori_loop(0, 3, lambda i, c: lax.scan(step, c, xs)[0] + i, 1.0)

    xs = R.standard_normal(7).astype(np.float32)

    def ref_step(c, x):
        return (c + x if x > 0 else c * np.float32(0.5)), c

    want = ref_fori(0, 3, lambda i, c: ref_scan(ref_step, c, xs)[0] + i, np.float32(1.0))
    close(f(xs), want, "float32")


# ---- errors ----------------------------------------------------------------------------------


def test_error_branches_with_different_shapes():
    with pytest.raises(TypeError, match="different shapes"):
        lax.cond(True, lambda v: v, lambda v: v[:2], X)
    with pytest.raises(TypeError, match="same structure"):
        lax.cond(True, lambda v: (v, v), lambda v: v, X)
    with pytest.raises(TypeError, match="different shapes"):
        descend.jit(lambda i, v: lax.switch(i, [lambda u: u, lambda u: dnp.sum(u)], v))(0, X)


def test_error_carry_changes_shape():
    with pytest.raises(TypeError, match=r"fori_loop: the carry changes shape from \(4,\) to \(8,\)"):
        lax.fori_loop(0, 3, lambda i, c: dnp.concatenate([c, c]), X)
    with pytest.raises(TypeError, match="while_loop: the carry changes shape"):
        lax.while_loop(lambda c: c[0] < 3, lambda c: dnp.sum(c), X)
    with pytest.raises(TypeError, match="scan: the carry changes shape"):
        lax.scan(lambda c, x: (c[:1], x), X, XS)
    with pytest.raises(TypeError, match="carry structure"):
        lax.fori_loop(0, 3, lambda i, c: (c[0], c[1], c[0]), (X, X))
    with pytest.raises(TypeError, match="carry changes dtype"):
        lax.fori_loop(0, 3, lambda i, c: c > 0, X)


def test_error_scan_lengths():
    with pytest.raises(ValueError, match="length"):
        lax.scan(lambda c, x: (c, x), 0.0, (XS, XS[:3]))
    with pytest.raises(ValueError, match="length"):
        lax.scan(lambda c, x: (c, x), 0.0, XS, length=4)


def test_error_python_if_on_a_traced_value_points_at_lax():
    def f(x):
        if x[0] > 0:
            return x * 2
        return x

    with pytest.raises(descend.TracerBoolConversionError, match="lax") as e:
        descend.jit(f)(X)
    assert "cond" in str(e.value) and "while_loop" in str(e.value)
    assert "test_control_flow.py" in str(e.value)  # the user's line
    # also inside a loop body, and for `while`
    with pytest.raises(descend.TracerBoolConversionError, match="lax"):
        lax.fori_loop(0, 2, lambda i, c: c if i > 0 else -c, X)


def test_error_non_scalar_predicate():
    with pytest.raises(TypeError, match="scalar"):
        lax.cond(X > 0, lambda: 1.0, lambda: 2.0)
    with pytest.raises(TypeError, match="scalar"):
        lax.while_loop(lambda c: c > 0, lambda c: c - 1, X)


# ---- derivatives -----------------------------------------------------------------------------

X64 = np.array([0.3, -0.5, 0.8])
Y64 = np.array([1.1, 0.4, -0.2])


def g_cond(x, y):
    # the predicate depends on x but is locally constant: both branches are exercised below
    return lax.cond(dnp.sum(x) > 0, lambda a, b: dnp.sin(a) * b**2, lambda a, b: a * dnp.exp(b), x, y)


def g_switch(x, y):
    branches = [lambda a, b: a * b, lambda a, b: dnp.sin(a) + b * b, lambda a, b: dnp.tanh(a - b)]
    return lax.switch(dnp.argmax(y), branches, x, y)


def g_scan(x, y):
    def step(c, v):
        h, s = c
        h = dnp.tanh(h * v + y)
        return (h, s + dnp.sum(h * h)), h * v

    (h, s), hs = lax.scan(step, (x, 0.0), dnp.stack([x, y, x * y, y - x]))
    return h, s, hs


def g_scan_reverse(x, y):
    return lax.scan(lambda c, v: (dnp.sin(c) * v, c * v), x, dnp.stack([y, x, y * y]), reverse=True)


def g_fori(x, y):
    return lax.fori_loop(1, 4, lambda i, c: (dnp.sin(c[0]) * c[1] * i, c[1] + c[0] * y), (x, y))


GRAD_CASES = {
    "cond_true": (g_cond, (X64, Y64)),
    "cond_false": (g_cond, (-X64 - 1, Y64)),
    "switch_0": (g_switch, (X64, np.array([2.0, 0.1, 0.3]))),
    "switch_2": (g_switch, (X64, Y64[::-1].copy())),
    "scan": (g_scan, (X64, Y64)),
    "scan_reverse": (g_scan_reverse, (X64, Y64)),
    "fori_loop": (g_fori, (X64, Y64)),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_check_grads(name):
    f, args = GRAD_CASES[name]
    check_grads(f, args, order=2, modes=("fwd", "rev"))


def test_grad_through_fori_loop_matches_analytic():
    # x -> x**(2**3) by repeated squaring: d/dx = 8 x**7
    g = descend.grad(lambda x: lax.fori_loop(0, 3, lambda i, c: c * c, x))
    for x in (0.7, -1.3):
        close(g(np.float64(x)), 8 * x**7, "float64", rtol=1e-12)
    # second order
    h = descend.grad(descend.grad(lambda x: lax.fori_loop(0, 3, lambda i, c: c * c, x)))
    close(h(np.float64(0.7)), 56 * 0.7**6, "float64", rtol=1e-12)


def test_grad_through_cond_selects_the_branch_derivative():
    g = descend.jit(descend.grad(lambda x: lax.cond(x > 0, lambda v: v**3, lambda v: dnp.sin(v), x)))
    close(g(np.float64(0.5)), 3 * 0.25, "float64", rtol=1e-12)
    close(g(np.float64(-0.5)), np.cos(-0.5), "float64", rtol=1e-12)


def w_loop(x):
    """x -> sin(x)*1.5 applied until a counter reaches 4, and a data-dependent loop."""
    c = lax.while_loop(lambda c: c[0] < 4, lambda c: (c[0] + 1, dnp.sin(c[1]) * 1.5), (0, x))[1]
    d = lax.while_loop(lambda d: dnp.sum(d * d) < 10.0, lambda d: d * 1.3, x)
    return c, d


def test_jvp_through_while_loop():
    x = np.array([0.3, -0.5, 0.8])
    t = np.array([1.0, -2.0, 0.5])
    (c, d), (dc, dd) = descend.jvp(w_loop, (x,), (t,))
    # reference: the same loops in NumPy, with the chain rule by hand
    rc, rdc = x.copy(), t.copy()
    for _ in range(4):
        rc, rdc = np.sin(rc) * 1.5, np.cos(rc) * 1.5 * rdc
    rd, rdd = x.copy(), t.copy()
    while np.sum(rd * rd) < 10.0:
        rd, rdd = rd * 1.3, rdd * 1.3
    close(c, rc, "float64", rtol=1e-12)
    close(dc, rdc, "float64", rtol=1e-12)
    close(d, rd, "float64", rtol=1e-12)
    close(dd, rdd, "float64", rtol=1e-12)
    # and against central differences, in forward mode only (through gradcheck)
    check_grads(lambda v: w_loop(v)[0], (x,), order=2, modes=("fwd",))


def test_jacfwd_through_while_loop():
    x = np.array([0.3, -0.5, 0.8])
    j = descend.jacfwd(lambda v: w_loop(v)[0])(x)
    rc, rj = x.copy(), np.ones(3)
    for _ in range(4):
        rc, rj = np.sin(rc) * 1.5, np.cos(rc) * 1.5 * rj
    close(j, np.diag(rj), "float64", rtol=1e-12)


def test_reverse_mode_of_while_loop_raises():
    x = np.array([0.3, -0.5, 0.8])
    with pytest.raises(TypeError, match="Reverse-mode differentiation does not work for lax.while_loop") as e:
        descend.grad(lambda v: dnp.sum(w_loop(v)[0]))(x)
    assert "scan" in str(e.value) and "fori_loop" in str(e.value)
    # vjp: the forward pass runs; pulling a cotangent back raises (as JAX, at transposition)
    out, vjp_fn = descend.vjp(lambda v: w_loop(v)[1], x)
    with pytest.raises(TypeError, match="while_loop"):
        vjp_fn(np.ones(3))
    with pytest.raises(TypeError, match="while_loop"):
        descend.jacrev(lambda v: w_loop(v)[0])(x)


def test_reverse_mode_of_fori_loop_with_traced_bounds_raises():
    f = lambda x, n: dnp.sum(lax.fori_loop(0, n, lambda i, c: c * c, x))  # noqa: E731
    with pytest.raises(TypeError, match="fori_loop with static"):
        descend.jit(descend.grad(f))(X64, 3)
    # forward mode works with traced bounds
    _, t = descend.jit(lambda x, n: descend.jvp(lambda v: f(v, n), (x,), (dnp.ones_like(x),)))(X64, 3)
    close(t, np.sum(8 * X64**7), "float64", rtol=1e-12)
