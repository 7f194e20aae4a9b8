"""Numerical gradient checks, after JAX's `jax.test_util.check_grads`.

`check_grads(f, args, order=2, modes=("fwd", "rev"))` checks, at `args`:

- forward mode: `descend.jvp(f)` along a random tangent against central finite
  differences of `f` (computed from `f` alone, in float64);
- reverse mode: `descend.vjp(f)` on a random cotangent through the dot-product
  identity `<vjp(ct), t> == <ct, jvp(t)>`, against both the jvp and the finite
  differences;
- for order > 1, recursively: the same checks on the jvp function
  `(x, t) -> jvp(f, x, t)` (forward-over-forward and reverse-over-forward) and on
  the vjp function `x -> vjp(f, x)(ct)` (forward-over-reverse and
  reverse-over-reverse).

One level of checks is one `descend.jit` compilation: the jvp, the vjp and the
two finite-difference evaluations of `f` are traced into one function (the
perturbed inputs are computed with NumPy and passed in), so a check of order 2
compiles three functions whatever the modes.

`f` takes positional float arrays and returns an array or a pytree of arrays.
Non-differentiable operands (predicates, integers) are closed over.
"""

from __future__ import annotations

import numpy as np

import descend
from descend.tree import tree_flatten, tree_unflatten

EPS = 1e-5
RTOL = 1e-6  # finite differences in float64 with EPS: error ~ EPS**2 * f''' + 1e-16 / EPS
ATOL = 1e-7


def _flat(x) -> list:
    return [np.asarray(v, dtype=np.float64) for v in tree_flatten(x)[0]]


def _inner(xs, ys) -> float:
    return float(sum(np.vdot(np.asarray(x, np.float64).ravel(), np.asarray(y, np.float64).ravel()) for x, y in zip(xs, ys)))


def _assert_close(got, want, rtol, atol, what):
    for i, (g, w) in enumerate(zip(got, want)):
        g, w = np.asarray(g, np.float64), np.asarray(w, np.float64)
        assert g.shape == w.shape, f"{what} (output {i}): shape {g.shape} != {w.shape}"
        np.testing.assert_allclose(g, w, rtol=rtol, atol=atol, err_msg=f"{what} (output {i})")


def _rand(rng, shape):
    return rng.standard_normal(shape)


def check_level(f, args, rng, modes=("fwd", "rev"), eps=EPS, rtol=RTOL, atol=ATOL, identity_rtol=1e-9):
    """One level of checks of `f` at `args` (a tuple of float64 arrays).

    Returns (tangents, cotangent of the output) used, for the recursion."""
    args = tuple(np.asarray(a, dtype=np.float64) for a in args)
    tangents = tuple(_rand(rng, a.shape) for a in args)
    plus = tuple(a + eps * t for a, t in zip(args, tangents))
    minus = tuple(a - eps * t for a, t in zip(args, tangents))
    out_shapes = [tuple(o.shape) for o in descend.jit(f).lower(*args).out_types]
    cts = [_rand(rng, s) for s in out_shapes]

    def all_checks(args, tangents, plus, minus, cts):
        res = {"plus": f(*plus), "minus": f(*minus)}
        if "fwd" in modes:
            res["jvp"] = descend.jvp(f, args, tangents)[1]
        if "rev" in modes:
            out, vjp_fn = descend.vjp(f, *args)
            res["vjp"] = vjp_fn(tree_unflatten(tree_flatten(out)[1], list(cts)))
        return res

    res = descend.jit(all_checks)(args, tangents, plus, minus, cts)
    fd = [(p - m) / (2 * eps) for p, m in zip(_flat(res["plus"]), _flat(res["minus"]))]
    if "fwd" in modes:
        jvp_out = _flat(res["jvp"])
        assert len(jvp_out) == len(fd)
        _assert_close(jvp_out, fd, rtol, atol, "jvp vs central differences")
    if "rev" in modes:
        ct_in = _flat(res["vjp"])
        assert len(ct_in) == len(args), f"vjp returned {len(ct_in)} cotangents for {len(args)} inputs"
        for c, a in zip(ct_in, args):
            assert c.shape == a.shape, f"vjp cotangent shape {c.shape} != input shape {a.shape}"
        lhs = _inner(ct_in, tangents)
        # the size of the terms summed (a sum that cancels must not shrink the tolerance)
        scale = max(1.0, _inner([np.abs(c) for c in ct_in], [np.abs(t) for t in tangents]))
        rhs_fd = _inner(cts, fd)
        assert abs(lhs - rhs_fd) <= 10 * rtol * scale, f"<vjp(ct), t> = {lhs} != <ct, fd(t)> = {rhs_fd}"
        if "fwd" in modes:
            rhs_ad = _inner(cts, jvp_out)
            assert abs(lhs - rhs_ad) <= identity_rtol * scale, f"<vjp(ct), t> = {lhs} != <ct, jvp(t)> = {rhs_ad}"
    return tangents, cts


def check_grads(f, args, order=2, modes=("fwd", "rev"), seed=0, eps=EPS, rtol=RTOL, atol=ATOL, identity_rtol=1e-9):
    """JAX's check_grads: jvp/vjp of `f` at `args` against finite differences, up to `order`.

    `rtol`/`atol` bound jvp vs finite differences; `identity_rtol` bounds the dot-product
    identity between vjp and jvp (exact up to rounding: tight unless `f` rounds through
    float32)."""
    rng = np.random.default_rng(seed)
    args = tuple(np.asarray(a, dtype=np.float64) for a in args)

    def rec(f, args, order):
        tangents, cts = check_level(f, args, rng, modes, eps, rtol, atol, identity_rtol)
        if order <= 1:
            return
        n = len(args)
        if "fwd" in modes:

            def f_jvp(*xt):
                return descend.jvp(f, xt[:n], xt[n:])

            rec(f_jvp, args + tangents, order - 1)
        if "rev" in modes:
            def f_vjp(*xs):
                out, vjp_fn = descend.vjp(f, *xs)
                _, tree = tree_flatten(out)
                return vjp_fn(tree_unflatten(tree, [np.asarray(c) for c in cts]))

            rec(f_vjp, args, order - 1)

    rec(f, args, order)
