"""`descend.numpy.linalg`: least squares (`lstsq`), the counterpart of `jax.numpy.linalg.lstsq`.

There is no factorisation op in dsc, so the SVD behind `lstsq` is a one-sided (Hestenes)
Jacobi SVD built from existing ops: the columns of A are rotated in pairs until they are
orthogonal (A V = U S); the pairs of each step are disjoint (a round-robin tournament, so
one step rotates n/2 pairs at once with whole-array ops) and a fixed number of sweeps
runs in one `fori_loop` (no data-dependent control flow: it batches, differentiates and
compiles like any other dsc code). Accuracy: the converged singular values and solution
agree with LAPACK's to a few ulps times the condition number for well-separated singular
values; the sweep count (10 for float32, 14 for float64) is enough for the quadratic
convergence of Jacobi on matrices up to a few hundred columns. Gradients are those of the
(converged) iteration; they are accurate for full-rank problems with distinct singular
values, as JAX's (whose lstsq also differentiates through its SVD).
Cost: O(sweeps * n^2 * m) work for an (m, n) matrix.
"""

from __future__ import annotations

import numpy as np

from descend.jit import api
from descend.tracing import describe_location, user_location

from ._util import promote, result_dtype

_SWEEPS = {"float32": 10, "float64": 14, "float16": 8, "bfloat16": 8}


def _at() -> str:
    return f"\n  at {describe_location(user_location())}"


def _dnp():
    import descend.numpy as dnp

    return dnp


def _inexact(op, *xs):
    dt = result_dtype(*xs)
    if not dt.startswith(("float", "bfloat")):
        dt = "float32"
    if dt in ("float16", "bfloat16"):
        raise NotImplementedError(f"{op}: {dt} inputs are not supported (use float32 or float64)")
    return [promote(op, x, dtype=dt)[0] for x in xs]


def _rotate_step(z, m):
    """One round-robin Jacobi step on z = [W; V] of shape (m + N, N), N even: rotate the
    column pairs (k, k + N/2) of W to orthogonality (V gets the same rotations), then move
    the columns to the next pairing of the tournament."""
    dnp = _dnp()
    N = z.shape[1]
    h = N // 2
    top, bot = z[:, :h], z[:, h:]
    wt, wb = top[:m], bot[:m]
    alpha = dnp.sum(wt * wt, axis=0)
    beta = dnp.sum(wb * wb, axis=0)
    gamma = dnp.sum(wt * wb, axis=0)
    d = beta - alpha
    sgn = dnp.where(d >= 0, 1.0, -1.0).astype(z.dtype)
    rad = d * d + 4.0 * gamma * gamma
    ok = rad > 0
    root = dnp.sqrt(dnp.where(ok, rad, 1.0))  # double where: no NaN gradient for zero columns
    den = dnp.where(ok, dnp.abs(d) + root, 1.0)
    t = dnp.where(ok, 2.0 * gamma * sgn / den, 0.0)
    c = 1.0 / dnp.sqrt(1.0 + t * t)
    s = c * t
    new_top = c * top - s * bot
    new_bot = s * top + c * bot
    if h == 1:
        return dnp.concatenate([new_top, new_bot], axis=1)
    # tournament: column 0 stays, the others move one place around the circle
    nt = dnp.concatenate([new_top[:, :1], new_bot[:, :1], new_top[:, 1 : h - 1]], axis=1)
    nb = dnp.concatenate([new_bot[:, 1:], new_top[:, h - 1 :]], axis=1)
    return dnp.concatenate([nt, nb], axis=1)


def _jacobi(a):
    """(W, V, norms2) with W = a V orthogonal columns, V orthogonal (n, n), norms2 the squared
    column norms of W (the squared singular values, unsorted), for a 2-D tracer a (m, n)."""
    from descend.lax import fori_loop

    dnp = _dnp()
    m, n = a.shape
    N = n + (n % 2)
    w = a if N == n else dnp.concatenate([a, dnp.zeros((m, 1), a.dtype)], axis=1)
    z = dnp.concatenate([w, dnp.eye(N, dtype=a.dtype)], axis=0)
    steps = _SWEEPS[a.aval.dtype] * max(N - 1, 1)
    if N >= 2:
        z = fori_loop(0, steps, lambda i, z: _rotate_step(z, m), z)
    w, v = z[:m, :], z[m:, :]
    if N != n:  # the padding column: drop the row of V that belongs to it
        v = v[:n, :]
    return w, v, dnp.sum(w * w, axis=0)


def _lstsq_core(a, b, rcond, with_pinv_gram=False):
    """(x, resid, rank, s) for 2-D tracers a (m, n), b (m, k) and a Python float rcond; with
    `with_pinv_gram` also the pseudo-inverse of a.T @ a (V diag(1/s^2) V.T over the kept s)."""
    dnp = _dnp()
    m, n = a.shape
    w, v, s2 = _jacobi(a)
    pos = s2 > 0
    s = dnp.where(pos, dnp.sqrt(dnp.where(pos, s2, 1.0)), 0.0)
    smax = dnp.max(s)
    mask = dnp.logical_and(pos, s >= rcond * smax)
    rank = dnp.sum(mask.astype("int32"))
    inv2 = dnp.where(mask, 1.0 / dnp.where(mask, s2, 1.0), 0.0)
    coef = dnp.expand_dims(inv2, 1) * dnp.matmul(dnp.transpose(w), b)  # (N, k)
    x = dnp.matmul(v, coef)  # (n, k)
    r = b - dnp.matmul(a, x)
    resid = dnp.sum(r * r, axis=0)
    s_sorted = -dnp.sort(-s)[: min(m, n)]
    if with_pinv_gram:
        return x, resid, rank, s_sorted, dnp.matmul(v * dnp.expand_dims(inv2, 0), dnp.transpose(v))
    return x, resid, rank, s_sorted


@api(static_argnames=("rcond",))
def _lstsq(a, b, rcond):
    dnp = _dnp()
    a, b = _inexact("lstsq", a, b)
    if a.ndim != 2:
        raise TypeError(f"lstsq: {a.ndim}-dimensional array given for a; it must be two-dimensional" + _at())
    if b.ndim not in (1, 2):
        raise TypeError(f"lstsq: {b.ndim}-dimensional array given for b; it must be one- or two-dimensional" + _at())
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"lstsq: leading dimensions of a {tuple(a.shape)} and b {tuple(b.shape)} must match" + _at())
    vec = b.ndim == 1
    b2 = dnp.expand_dims(b, 1) if vec else b
    m, n = a.shape
    if m == 0 or n == 0:
        x = dnp.zeros((n, b2.shape[1]), a.dtype)
        resid = dnp.sum(b2 * b2, axis=0)
        rank, s = dnp.zeros((), "int32"), dnp.zeros((0,), a.dtype)
    else:
        eps = float(np.finfo(a.aval.dtype).eps)
        rc = eps * max(m, n) if rcond is None else (eps if rcond < 0 else float(rcond))
        x, resid, rank, s = _lstsq_core(a, b2, rc)
    if vec:
        x = dnp.reshape(x, (n,))
    return x, resid, rank, s


def lstsq(a, b, rcond=None, *, numpy_resid=False):
    """Least-squares solution x of a @ x = b for a (m, n) and b (m,) or (m, k), as
    `jax.numpy.linalg.lstsq`: returns (x, resid, rank, s) with x (n,) or (n, k) the minimum-norm
    solution, resid the squared residual norm of each column of b (shape (k,), (1,) for 1-D b;
    with numpy_resid=True and rank < n or m <= n an empty array, as NumPy, eagerly only), rank
    the number of singular values above rcond * max(s) (default rcond: eps * max(m, n)) and s
    the singular values of a in decreasing order. Integer inputs are computed in float32."""
    if rcond is not None:
        rcond = float(np.asarray(rcond))
    x, resid, rank, s = _lstsq(a, b, rcond)
    if numpy_resid:
        from descend.tracing import Tracer

        if isinstance(rank, Tracer):
            raise NotImplementedError("lstsq: numpy_resid=True needs a concrete rank (not under jit / vmap)")
        m, n = np.shape(a)
        if int(np.asarray(rank)) < n or m <= n:
            resid = _dnp().zeros((0,), s.dtype)
    return x, resid, rank, s


__all__ = ["lstsq"]
