"""polyfit in descend.numpy: a least-squares polynomial fit through `linalg`'s Jacobi-SVD
least squares (see `descend.numpy.linalg`), with NumPy's column scaling of the Vandermonde
matrix, weights, `full` and `cov` as `jax.numpy.polyfit`."""

from __future__ import annotations

import numpy as np

from descend.jit import api


@api(static_argnames=("deg", "rcond", "full", "cov"))
def _polyfit(x, y, w, deg, rcond, full, cov):
    import descend.numpy as dnp

    from .linalg import _at, _inexact, _lstsq_core

    if w is None:
        x, y = _inexact("polyfit", x, y)
    else:
        x, y, w = _inexact("polyfit", x, y, w)
    if x.ndim != 1:
        raise TypeError(f"polyfit: expected 1-D x, got shape {tuple(x.shape)}")
    if x.shape[0] == 0:
        raise TypeError("polyfit: expected non-empty vector for x")
    if y.ndim not in (1, 2):
        raise TypeError(f"polyfit: expected 1-D or 2-D y, got shape {tuple(y.shape)}")
    if y.shape[0] != x.shape[0]:
        raise TypeError(f"polyfit: x of shape {tuple(x.shape)} and y of shape {tuple(y.shape)} must have the same length" + _at())
    order = deg + 1
    n = x.shape[0]
    eps = float(np.finfo(x.aval.dtype).eps)
    rc = n * eps if rcond is None else float(rcond)
    lhs = dnp.vander(x, order)
    rhs = y
    if w is not None:
        if w.ndim != 1 or w.shape[0] != n:
            raise TypeError(f"polyfit: w of shape {tuple(w.shape)} must be 1-D of length {n}")
        lhs = lhs * dnp.expand_dims(w, 1)
        rhs = rhs * (w if rhs.ndim == 1 else dnp.expand_dims(w, 1))
    scale = dnp.sqrt(dnp.sum(lhs * lhs, axis=0))
    lhs = lhs / scale
    vec = rhs.ndim == 1
    r2 = dnp.expand_dims(rhs, 1) if vec else rhs
    c, resids, rank, s, gram_pinv = _lstsq_core(lhs, r2, rc, with_pinv_gram=True)
    c = c / dnp.expand_dims(scale, 1)
    if vec:
        c = dnp.reshape(c, (order,))
    if full:
        return c, resids, rank, s, dnp.asarray(rc, x.dtype)
    if cov:
        vbase = gram_pinv / dnp.outer(scale, scale)
        if cov == "unscaled":
            fac = dnp.ones_like(resids)
        else:
            if n <= order:
                raise ValueError("polyfit: the number of data points must exceed order to scale the covariance matrix")
            fac = resids / (n - order)
        if vec:
            return c, vbase * fac[0]
        return c, dnp.expand_dims(vbase, 2) * fac
    return c


def polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    """Coefficients p (highest power first) of the degree-`deg` polynomial minimising
    sum((w * (polyval(p, x) - y))**2), as `jax.numpy.polyfit` (y may be 2-D: one fit per column).

    full=True returns (p, residuals, rank, singular_values, rcond) (residuals always computed, as
    JAX); cov=True (or 'unscaled') returns (p, covariance) with NumPy's scaling by
    residuals / (len(x) - deg - 1). rcond defaults to len(x) * eps."""
    deg = int(np.asarray(deg))
    if deg < 0:
        raise ValueError(f"polyfit: expected deg >= 0, got {deg}")
    if rcond is not None:
        rcond = float(np.asarray(rcond))
    if cov not in (False, True, "unscaled"):
        raise ValueError(f"polyfit: cov must be a bool or 'unscaled', got {cov!r}")
    return _polyfit(x, y, w, deg, rcond, bool(full), cov)


__all__ = ["polyfit"]
