"""`descend.numpy.linalg`: the counterpart of `jax.numpy.linalg`.

Here: least squares (`lstsq`) and the Jacobi-SVD-based functions (`svd`, `svdvals`, `norm`
ord 2 / -2 / 'nuc', `cond`, `pinv`, `matrix_rank`, and `eigh` / `eigvalsh`: the SVD of the
positive semi-definite a + |a|_F I); the LU / Cholesky / QR based functions
(`inv`, `solve`, `det`, `slogdet`, `cholesky`, `qr`) are in `_linalg_api.py` (factorisations
in `_linalg_decomp.py`) and re-exported below.

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

from typing import NamedTuple

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




def _svals_2d(a):
    """Singular values (decreasing, min(m, n) of them) of a 2-D float tracer."""
    dnp = _dnp()
    m, n = a.shape
    if n > m:
        a = dnp.transpose(a)
        m, n = n, m
    if n == 0:
        return dnp.zeros((0,), a.dtype)
    _, _, s2 = _jacobi(a)
    pos = s2 > 0
    s = dnp.where(pos, dnp.sqrt(dnp.where(pos, s2, 1.0)), 0.0)
    return -dnp.sort(-s)[:n]


def _batched(fn, a):
    """fn (on a 2-D matrix) mapped over the leading dims of a (..., m, n)."""
    import descend

    dnp = _dnp()
    batch = a.shape[:-2]
    if not batch:
        return fn(a)
    flat = dnp.reshape(a, (-1,) + tuple(a.shape[-2:]))
    if flat.shape[0] == 0:
        out = fn(dnp.zeros(a.shape[-2:], a.dtype))
        return descend.tree_map(lambda o: dnp.zeros(batch + tuple(o.shape), o.dtype), out)
    out = descend.vmap(fn)(flat)
    return descend.tree_map(lambda o: dnp.reshape(o, batch + tuple(o.shape[1:])), out)


def _check_matrix(op, a):
    if a.ndim < 2:
        raise ValueError(f"{op}: {a.ndim}-dimensional array given; it must be at least two-dimensional" + _at())


@api
def svdvals(x):
    """Singular values of x (..., m, n) in decreasing order, shape (..., min(m, n))."""
    (x,) = _inexact("svdvals", x)
    _check_matrix("svdvals", x)
    return _batched(_svals_2d, x)


class SVDResult(NamedTuple):
    U: object
    S: object
    Vh: object


class EighResult(NamedTuple):
    eigenvalues: object
    eigenvectors: object


def _orth_complete(u, k):
    """u (m, k) with orthonormal or zero columns -> (m, m) orthogonal whose first k columns are
    u's nonzero columns (zero columns replaced by unit vectors orthogonal to the rest)."""
    from ._linalg_decomp import householder_qr

    dnp = _dnp()
    q, r = householder_qr(u)
    d = dnp.sum(r[:k, :] * dnp.eye(k, dtype=u.dtype), axis=0) if k else dnp.zeros((0,), u.dtype)
    sg = dnp.where(d < 0, -1.0, 1.0).astype(u.dtype)
    full = dnp.concatenate([sg, dnp.ones((u.shape[0] - k,), u.dtype)], axis=0)
    return q * full


def _svd_2d(a, full_matrices):
    """(u, s, vh) of a 2-D float tracer, s decreasing."""
    dnp = _dnp()
    m, n = a.shape
    if n > m:
        u, s, vh = _svd_2d(dnp.transpose(a), full_matrices)
        return dnp.transpose(vh), s, dnp.transpose(u)
    k = n
    if n == 0:
        u = dnp.eye(m, dtype=a.dtype) if full_matrices else dnp.zeros((m, 0), a.dtype)
        return u, dnp.zeros((0,), a.dtype), dnp.zeros((0, 0), a.dtype)
    w, v, s2 = _jacobi(a)
    w, v, s2 = w[:, :n], v[:, :n], s2[:n]  # odd n: the zero padding column is last again (whole tournament sweeps)
    pos = s2 > 0
    s = dnp.where(pos, dnp.sqrt(dnp.where(pos, s2, 1.0)), 0.0)
    order = dnp.argsort(-s)
    s = dnp.take(s, order)
    w, v = dnp.take(w, order, axis=1), dnp.take(v, order, axis=1)
    eps = float(np.finfo(a.aval.dtype).eps)
    keep = s > eps * max(m, n) * s[0]
    u = dnp.where(keep, w / dnp.where(keep, s, 1.0), 0.0)
    u = _orth_complete(u, k)
    if not full_matrices:
        u = u[:, :k]
    return u, s, dnp.transpose(v)


@api(static_argnames=("full_matrices",))
def _svd(a, full_matrices):
    (a,) = _inexact("svd", a)
    _check_matrix("svd", a)
    return _batched(lambda x: _svd_2d(x, full_matrices), a)


def svd(a, full_matrices=True, compute_uv=True, hermitian=False, subset_by_index=None):
    """Singular value decomposition a = U diag(S) Vh of a (..., m, n), as
    `jax.numpy.linalg.svd`: S decreasing (..., k), k = min(m, n); U (..., m, m) and Vh (..., n, n)
    (full_matrices) or (..., m, k) and (..., k, n); compute_uv=False returns S only. One-sided
    Jacobi; the singular vectors of a repeated singular value are any orthonormal basis."""
    if subset_by_index is not None:
        raise NotImplementedError("svd: subset_by_index is not supported")
    if not compute_uv:
        return svdvals(a)
    return SVDResult(*_svd(a, bool(full_matrices)))


def _eigh_2d(a, vectors):
    """Eigen-decomposition of a symmetric 2-D tracer: one-sided Jacobi on the positive
    semi-definite a + c I, c = |a|_F (>= the largest |eigenvalue|): its singular values are the
    eigenvalues + c, its right singular vectors the eigenvectors."""
    dnp = _dnp()
    n = a.shape[0]
    if n == 0:
        lam = dnp.zeros((0,), a.dtype)
        return (lam, dnp.zeros((0, 0), a.dtype)) if vectors else lam
    c = dnp.sqrt(dnp.sum(a * a))
    b = a + c * dnp.eye(n, dtype=a.dtype)
    w, v, s2 = _jacobi(b)
    v, s2 = v[:, :n], s2[:n]
    pos = s2 > 0
    lam = dnp.where(pos, dnp.sqrt(dnp.where(pos, s2, 1.0)), 0.0) - c
    order = dnp.argsort(lam)
    lam = dnp.take(lam, order)
    if not vectors:
        return lam
    return lam, dnp.take(v, order, axis=1)


@api(static_argnames=("UPLO", "symmetrize_input", "vectors"))
def _eigh(a, UPLO, symmetrize_input, vectors):
    dnp = _dnp()
    (a,) = _inexact("eigh", a)
    _check_matrix("eigh", a)
    if a.shape[-1] != a.shape[-2]:
        raise ValueError(f"eigh: last two dimensions of the array must be square, got shape {tuple(a.shape)}" + _at())
    n = a.shape[-1]
    if symmetrize_input:
        a = (a + dnp.swapaxes(a, -1, -2)) * 0.5
    else:
        i = dnp.arange(n)
        low = i[:, None] >= i[None, :]
        if UPLO == "U":
            low = i[:, None] <= i[None, :]
        a = dnp.where(low, a, dnp.swapaxes(a, -1, -2))
    return _batched(lambda x: _eigh_2d(x, vectors), a)


def eigh(a, UPLO=None, symmetrize_input=True):
    """Eigenvalues (ascending, (..., n)) and eigenvectors (columns, (..., n, n)) of the symmetric
    a (..., n, n), as `jax.numpy.linalg.eigh` (a symmetrised first; with
    symmetrize_input=False the UPLO triangle, default 'L', is read). Jacobi iteration:
    eigenvalues accurate to ~eps * |a|_F; the eigenvectors of a repeated eigenvalue are any
    orthonormal basis of its eigenspace."""
    if UPLO not in (None, "L", "U"):
        raise ValueError(f"eigh: UPLO must be 'L' or 'U', got {UPLO!r}")
    return EighResult(*_eigh(a, UPLO or "L", bool(symmetrize_input), True))


def eigvalsh(a, UPLO="L", *, symmetrize_input=True):
    """Eigenvalues (ascending) of the symmetric a (..., n, n); see `eigh`."""
    if UPLO not in (None, "L", "U"):
        raise ValueError(f"eigvalsh: UPLO must be 'L' or 'U', got {UPLO!r}")
    return _eigh(a, UPLO or "L", bool(symmetrize_input), False)



@api(static_argnames=("p",))
def _cond(x, p):
    (x,) = _inexact("cond", x)
    _check_matrix("cond", x)
    if 0 in x.shape[-2:]:
        raise ValueError(f"cond: not defined on empty matrices (shape {tuple(x.shape)})" + _at())
    if p is None or p in (2, -2):
        s = _batched(_svals_2d, x)
        r = s[..., 0] / s[..., -1]
        return 1.0 / r if p == -2 else r
    from ._linalg_api import _inv, _norm

    return _norm(x, p, (-2, -1), False) * _norm(_inv(x), p, (-2, -1), False)


def cond(x, p=None):
    """Condition number of x (..., m, n): ratio of the extreme singular values (p None / 2 / -2),
    or norm(x, p) * norm(inv(x), p) for p in 1, -1, inf, -inf, 'fro', 'nuc' (square x)."""
    return _cond(x, p)


def _pinv_2d(a, rtol):
    dnp = _dnp()
    m, n = a.shape
    if m == 0 or n == 0:
        return dnp.zeros((n, m), a.dtype)
    eps = float(np.finfo(a.aval.dtype).eps)
    rc = eps * max(m, n) if rtol is None else rtol
    b = dnp.zeros((m, 1), a.dtype)
    *_, gram = _lstsq_core(a, b, rc, with_pinv_gram=True)
    return dnp.matmul(gram, dnp.transpose(a))


@api(static_argnames=("rtol",))
def _pinv(a, rtol):
    (a,) = _inexact("pinv", a)
    _check_matrix("pinv", a)
    return _batched(lambda m: _pinv_2d(m, rtol), a)


def pinv(a, rtol=None, hermitian=False, *, rcond=None):
    """Moore-Penrose pseudo-inverse of a (..., m, n), shape (..., n, m); singular values below
    rtol * max(s) (default eps * max(m, n)) are dropped. rtol / rcond must be Python floats."""
    if rcond is not None:
        rtol = rcond
    if rtol is not None:
        rtol = float(np.asarray(rtol))
    return _pinv(a, rtol)


@api(static_argnames=("rtol",))
def _matrix_rank(m, rtol):
    dnp = _dnp()
    (m,) = _inexact("matrix_rank", m)
    if m.ndim < 2:
        return dnp.any(m != 0).astype("int32")
    s = _batched(_svals_2d, m)
    if s.shape[-1] == 0:
        return dnp.zeros(s.shape[:-1], "int32")
    eps = float(np.finfo(m.aval.dtype).eps)
    tol = (eps * max(m.shape[-2:]) if rtol is None else rtol) * s[..., :1]
    return dnp.sum((s > tol).astype("int32"), axis=-1)


def matrix_rank(M, rtol=None, *, tol=None):
    """Numerical rank of M (..., m, n): the number of singular values above rtol * max(s)
    (default eps * max(m, n)). An absolute `tol` is not supported."""
    if tol is not None:
        raise NotImplementedError("matrix_rank: tol (an absolute tolerance) is not supported; use rtol")
    if rtol is not None:
        rtol = float(np.asarray(rtol))
    return _matrix_rank(M, rtol)


from ._linalg import matmul, tensordot  # noqa: E402
from ._linalg_api import (  # noqa: E402
    cholesky,
    det,
    diagonal,
    inv,
    matrix_norm,
    matrix_power,
    multi_dot,
    norm,
    outer,
    qr,
    slogdet,
    solve,
    tensorinv,
    tensorsolve,
    trace,
    vector_norm,
)
from ._more import cross, matrix_transpose, vecdot  # noqa: E402

__all__ = [
    "cholesky", "cond", "cross", "det", "diagonal", "eigh", "eigvalsh", "inv", "lstsq", "matmul", "matrix_power",
    "matrix_norm", "matrix_rank", "matrix_transpose", "multi_dot", "norm", "outer", "pinv", "qr", "slogdet",
    "solve", "svd", "svdvals", "tensordot", "tensorinv", "tensorsolve", "trace", "vecdot",
    "vector_norm",
]
