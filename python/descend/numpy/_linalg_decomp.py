"""Matrix factorisations for `descend.numpy.linalg`, built from existing dsc ops only.

Every algorithm is a `fori_loop` with a static trip count over (..., n, n) stacks of
matrices; step k selects its row / column with one-hot masks (`arange(n) == k`), so the
loop body is whole-array elementwise ops, reductions and batched outer products: it
differentiates (jvp / vjp through the loop), batches (vmap) and compiles like any other
dsc code. Cost O(n^3) per matrix for every factorisation.

- `gauss_jordan(a, b)`: partial-pivoting Gauss-Jordan elimination of [a | b];
  returns (x, pivots, sign) with x = a^-1 b, pivots the diagonal of U of a's LU
  factorisation and sign the permutation's parity (+1 / -1). A zero pivot column is not
  eliminated (its multipliers are 0): det comes out 0, x inf / nan (division by the zero
  pivot), as JAX on a singular matrix.
- `cholesky_lower(a)`: right-looking Cholesky, lower triangle of a is read; a matrix that
  is not positive definite gives NaN (as JAX).
- `householder_qr(a)`: Householder QR of (..., m, n); returns (q (..., m, m), r (..., m, n))
  with LAPACK's sign convention (r[k, k] = -sign(a_kk) |x|), as NumPy / JAX.
"""

from __future__ import annotations


def _dnp():
    import descend.numpy as dnp

    return dnp


def _col(a, onehot):
    """a[..., :, k] for a one-hot (n,) mask of k."""
    return _dnp().sum(a * onehot, axis=-1)


def _row(a, onehot):
    """a[..., k, :] for a one-hot (m,) mask of k."""
    return _dnp().sum(a * onehot[..., :, None], axis=-2)


def _outer(u, v):
    return u[..., :, None] * v[..., None, :]


def gauss_jordan(a, b):
    """(x, pivots, sign) for a (..., n, n) and b (..., n, k) of the same float dtype."""
    from descend.lax import fori_loop

    dnp = _dnp()
    n = a.shape[-1]
    dt = a.dtype
    idx = dnp.arange(n)
    batch = a.shape[:-2]
    aug = dnp.concatenate([a, b], axis=-1)
    ncol = aug.shape[-1]
    cidx = dnp.arange(ncol)
    piv0 = dnp.zeros(batch + (n,), dt)
    sign0 = dnp.ones(batch, dt)

    def step(k, carry):
        aug, piv, sign = carry
        ek = (idx == k).astype(dt)
        ekc = (cidx == k).astype(dt)
        col = _col(aug, ekc)  # (..., n)
        cand = dnp.where(idx >= k, dnp.abs(col), -1.0)
        p = dnp.argmax(cand, axis=-1)
        ep = (idx == p[..., None]).astype(dt)  # (..., n) one-hot of the pivot row
        rk, rp = _row(aug, ek), _row(aug, ep)
        aug = aug + _outer(ek, rp - rk) + _outer(ep, rk - rp)  # swap rows k and p
        sign = dnp.where(p == k, sign, -sign)
        pivrow = _row(aug, ek)  # (..., ncol): the row that is now row k
        pv = dnp.sum(pivrow * ekc, axis=-1)  # (...)
        nz = pv != 0
        safe = dnp.where(nz, pv, 1.0)
        col = _col(aug, ekc)
        f = dnp.where(nz[..., None], col / safe[..., None], 0.0) * (1.0 - ek)
        aug = aug - _outer(f, pivrow)
        piv = piv + pv[..., None] * ek
        return aug, piv, sign

    if n:
        aug, piv, sign = fori_loop(0, n, step, (aug, piv0, sign0))
    else:
        piv, sign = piv0, sign0
    x = aug[..., n:] / dnp.expand_dims(piv, -1)
    return x, piv, sign


def cholesky_lower(a):
    """Lower Cholesky factor L (L L^T = a) of a (..., n, n) float array; reads the lower triangle."""
    from descend.lax import fori_loop

    dnp = _dnp()
    n = a.shape[-1]
    dt = a.dtype
    idx = dnp.arange(n)
    low = idx[:, None] >= idx[None, :]
    sym = dnp.where(low, a, dnp.swapaxes(a, -1, -2))  # symmetric from the lower triangle

    def step(k, carry):
        w, out = carry
        ek = (idx == k).astype(dt)
        col = _col(w, ek)
        d = dnp.sqrt(dnp.sum(col * ek, axis=-1))  # (...)
        lc = col / d[..., None] * (idx >= k).astype(dt)
        out = out + _outer(lc, ek)
        w = w - _outer(lc, lc)
        return w, out

    if not n:
        return sym
    _, out = fori_loop(0, n, step, (sym, dnp.zeros(a.shape, dt)))
    return out


def householder_qr(a):
    """(q (..., m, m), r (..., m, n)) with q orthogonal, r upper triangular, q r = a."""
    from descend.lax import fori_loop

    dnp = _dnp()
    m, n = a.shape[-2], a.shape[-1]
    dt = a.dtype
    ridx = dnp.arange(m)
    cidx = dnp.arange(n)
    q0 = dnp.broadcast_to(dnp.eye(m, dtype=dt), a.shape[:-2] + (m, m))

    def step(k, carry):
        r, q = carry
        ek = (ridx == k).astype(dt)
        x = _col(r, (cidx == k).astype(dt)) * (ridx >= k).astype(dt)
        xk = dnp.sum(x * ek, axis=-1)
        nrm2 = dnp.sum(x * x, axis=-1)
        pos = nrm2 > 0
        nrm = dnp.sqrt(dnp.where(pos, nrm2, 1.0))
        sgn = dnp.where(xk >= 0, 1.0, -1.0).astype(dt)
        alpha = dnp.where(pos, -sgn * nrm, 0.0)
        v = x - alpha[..., None] * ek
        vn2 = dnp.sum(v * v, axis=-1)
        # nothing below the diagonal: no reflection (LAPACK's tau = 0), r[k, k] keeps its sign
        ok = dnp.sum(x * x * (ridx > k).astype(dt), axis=-1) > 0
        scale = dnp.where(ok, 2.0 / dnp.where(ok, vn2, 1.0), 0.0)
        vtr = dnp.sum(v[..., :, None] * r, axis=-2)  # (..., n)
        r = r - scale[..., None, None] * _outer(v, vtr)
        qv = dnp.sum(q * v[..., None, :], axis=-1)  # (..., m)
        q = q - scale[..., None, None] * _outer(qv, v)
        return r, q

    steps = min(m - 1, n)
    if steps <= 0:
        return q0, a
    r, q = fori_loop(0, steps, step, (a, q0))
    # exact zeros below the diagonal (rounding leaves ~eps there)
    r = r * (ridx[:, None] <= cidx[None, :]).astype(dt)
    return q, r
