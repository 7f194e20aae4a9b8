"""`descend.scipy.special`: special functions (the counterpart of `jax.scipy.special`).

erf, erfc, erfinv, gammaln and digamma are dsc ops (erf/erfc lower to libm,
erfinv to Giles' polynomials, gammaln/digamma to Lanczos sums); the rest are
built from them with `descend.numpy`, with SciPy's semantics and JAX's dtypes
(float32 for integer inputs). Everything is differentiable where SciPy's
function is smooth.
"""

from __future__ import annotations

import math

import numpy as np

from descend import lax
from descend import numpy as dnp
from descend.jit import api
from descend.numpy._elementwise import _float_dtype
from descend.numpy._util import canonical_axes, promote


def _floats(name, *xs):
    return promote(name, *xs, dtype=_float_dtype(*xs))


def _c(t, value):
    return lax.broadcast_in_dim(lax.to_tracer(value, t.aval.dtype), t.shape, ())


def _unary(name, op):
    @api
    def f(x):
        (t,) = _floats(name, x)
        return getattr(lax, op)(t)

    f.__name__ = name
    f.__doc__ = f"scipy.special.{name}, elementwise."
    return f


erf = _unary("erf", "erf")
erfc = _unary("erfc", "erfc")
erfinv = _unary("erfinv", "erf_inv")
gammaln = _unary("gammaln", "lgamma")
digamma = _unary("digamma", "digamma")
psi = digamma


@api
def loggamma(x):
    """log(Gamma(x)) for real x > 0 (SciPy: nan for x < 0, where the result is complex)."""
    (t,) = _floats("loggamma", x)
    return dnp.where(dnp.less(t, 0), np.nan, lax.lgamma(t))


@api
def gammasgn(x):
    """The sign of Gamma(x): 1 for x > 0; (-1)**ceil(-x) between the poles; nan at poles and nan."""
    (t,) = _floats("gammasgn", x)
    fl = lax.floor(t)
    neg_sign = dnp.where(dnp.equal(dnp.remainder(fl, 2), 0), 1.0, -1.0)
    out = dnp.where(dnp.greater(t, 0), 1.0, neg_sign)
    pole = dnp.logical_and(dnp.less_equal(t, 0), dnp.equal(t, fl))
    out = dnp.where(pole, np.nan, out)
    return dnp.where(dnp.isnan(t), np.nan, dnp.astype(out, t.aval.dtype))


@api
def gamma(x):
    """Gamma(x) = gammasgn(x) * exp(gammaln(x))."""
    (t,) = _floats("gamma", x)
    return dnp.multiply(gammasgn(t), dnp.exp(lax.lgamma(t)))


@api
def betaln(a, b):
    """log|B(a, b)| = gammaln(a) + gammaln(b) - gammaln(a + b)."""
    x, y = _floats("betaln", a, b)
    return dnp.subtract(dnp.add(lax.lgamma(x), lax.lgamma(y)), lax.lgamma(dnp.add(x, y)))


@api
def beta(a, b):
    """B(a, b) = Gamma(a) Gamma(b) / Gamma(a + b), through logs (signs kept)."""
    x, y = _floats("beta", a, b)
    sign = dnp.multiply(dnp.multiply(gammasgn(x), gammasgn(y)), gammasgn(dnp.add(x, y)))
    return dnp.multiply(sign, dnp.exp(betaln(x, y)))


@api(static_argnames=("n",))
def polygamma(n, x):
    """polygamma(n, x) for n = 0 (digamma) and n = 1 (trigamma); other orders raise."""
    from descend.ad.jvp_rules import trigamma

    if not isinstance(n, (int, np.integer)):
        raise NotImplementedError("polygamma: argument 'n' must be a static int (0 or 1)")
    (t,) = _floats("polygamma", x)
    if n == 0:
        return lax.digamma(t)
    if n == 1:
        return trigamma(t)
    raise NotImplementedError(f"polygamma: argument n={n} is not supported (only 0 and 1)")


@api(static_argnames=("exact",))
def factorial(n, exact=False):
    """n! = Gamma(n + 1) as a float (0 for n < 0, as SciPy)."""
    if exact:
        raise NotImplementedError("factorial: argument exact=True is not supported")
    (t,) = _floats("factorial", n)
    return dnp.where(dnp.less(t, 0), 0.0, dnp.exp(lax.lgamma(dnp.add(t, 1.0))))


@api(static_argnames=("exact", "repetition"))
def comb(N, k, *, exact=False, repetition=False):
    """N choose k as a float (0 outside 0 <= k <= N)."""
    if exact:
        raise NotImplementedError("comb: argument exact=True is not supported")
    n, kk = _floats("comb", N, k)
    if repetition:
        n = dnp.subtract(dnp.add(n, kk), 1.0)
    val = dnp.exp(
        dnp.subtract(
            lax.lgamma(dnp.add(n, 1.0)),
            dnp.add(lax.lgamma(dnp.add(kk, 1.0)), lax.lgamma(dnp.add(dnp.subtract(n, kk), 1.0))),
        )
    )
    ok = dnp.logical_and(
        dnp.greater_equal(kk, 0), dnp.logical_and(dnp.less_equal(kk, n), dnp.greater_equal(n, 0))
    )
    return dnp.where(ok, val, 0.0)


@api
def poch(z, m):
    """The rising factorial Gamma(z + m) / Gamma(z) (through logs, positive arguments)."""
    a, b = _floats("poch", z, m)
    sign = dnp.multiply(gammasgn(dnp.add(a, b)), gammasgn(a))
    return dnp.multiply(sign, dnp.exp(dnp.subtract(lax.lgamma(dnp.add(a, b)), lax.lgamma(a))))


@api(static_argnames=("d",))
def multigammaln(a, d):
    """The log of the multivariate gamma function of dimension d (a static int)."""
    if not isinstance(d, (int, np.integer)):
        raise NotImplementedError("multigammaln: argument 'd' must be a static int")
    (t,) = _floats("multigammaln", a)
    out = _c(t, d * (d - 1) / 4.0 * math.log(math.pi))
    for j in range(d):
        out = dnp.add(out, lax.lgamma(dnp.subtract(t, j / 2.0)))
    return out


@api
def expit(x):
    """The logistic sigmoid 1 / (1 + exp(-x))."""
    (t,) = _floats("expit", x)
    return lax.logistic(t)


@api
def logit(x):
    """log(x / (1 - x))."""
    (t,) = _floats("logit", x)
    return dnp.log(dnp.true_divide(t, dnp.subtract(1.0, t)))


@api
def xlogy(x, y):
    """x * log(y), 0 where x == 0 (also for y == 0)."""
    a, b = _floats("xlogy", x, y)
    zero = dnp.equal(a, 0)
    safe = dnp.where(zero, 1.0, b)
    return dnp.where(zero, 0.0, dnp.multiply(a, dnp.log(safe)))


@api
def xlog1py(x, y):
    """x * log1p(y), 0 where x == 0."""
    a, b = _floats("xlog1py", x, y)
    zero = dnp.equal(a, 0)
    safe = dnp.where(zero, 0.0, b)
    return dnp.where(zero, 0.0, dnp.multiply(a, dnp.log1p(safe)))


@api
def entr(x):
    """-x log x for x > 0, 0 at 0, -inf below."""
    (t,) = _floats("entr", x)
    return dnp.where(dnp.less(t, 0), -np.inf, dnp.negative(xlogy(t, t)))


@api
def rel_entr(x, y):
    """x log(x / y) for x > 0, y > 0; 0 at x == 0, y >= 0; inf otherwise."""
    a, b = _floats("rel_entr", x, y)
    both = dnp.logical_and(dnp.greater(a, 0), dnp.greater(b, 0))
    safe_a = dnp.where(both, a, 1.0)
    safe_b = dnp.where(both, b, 1.0)
    val = dnp.multiply(safe_a, dnp.log(dnp.true_divide(safe_a, safe_b)))
    zero = dnp.logical_and(dnp.equal(a, 0), dnp.greater_equal(b, 0))
    return dnp.where(both, val, dnp.where(zero, 0.0, np.inf))


@api
def kl_div(x, y):
    """x log(x / y) - x + y (the elementwise KL divergence, as SciPy)."""
    a, b = _floats("kl_div", x, y)
    both = dnp.logical_and(dnp.greater(a, 0), dnp.greater(b, 0))
    safe_a = dnp.where(both, a, 1.0)
    safe_b = dnp.where(both, b, 1.0)
    val = dnp.add(
        dnp.subtract(dnp.multiply(safe_a, dnp.log(dnp.true_divide(safe_a, safe_b))), safe_a), safe_b
    )
    zero = dnp.logical_and(dnp.equal(a, 0), dnp.greater_equal(b, 0))
    return dnp.where(both, val, dnp.where(zero, b, np.inf))


_SQRT1_2 = 1.0 / math.sqrt(2.0)


@api
def ndtr(x):
    """The standard normal CDF: erfc(-x / sqrt 2) / 2."""
    (t,) = _floats("ndtr", x)
    return dnp.multiply(lax.erfc(dnp.multiply(t, -_SQRT1_2)), 0.5)


@api
def ndtri(p):
    """The inverse of ndtr: sqrt(2) * erfinv(2p - 1)."""
    (t,) = _floats("ndtri", p)
    return dnp.multiply(lax.erf_inv(dnp.subtract(dnp.multiply(t, 2.0), 1.0)), math.sqrt(2.0))


@api
def log_ndtr(x):
    """log(ndtr(x)), accurate in the far left tail (an asymptotic series below -20, or -10 in float32)."""
    (t,) = _floats("log_ndtr", x)
    lower = -20.0 if t.aval.dtype == "float64" else -10.0
    # middle and right: log(ndtr); for x > 6, -log1p of the upper tail
    mid = dnp.log(ndtr(dnp.maximum(t, lower)))
    right = dnp.negative(ndtr(dnp.negative(dnp.maximum(t, 6.0))))
    right = dnp.log1p(right)
    # left tail: log(phi(x) / -x) + log(1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8)
    xl = dnp.minimum(t, lower)
    x2 = dnp.multiply(xl, xl)
    inv = dnp.true_divide(1.0, x2)
    series = dnp.add(
        1.0,
        dnp.multiply(
            inv,
            dnp.add(
                -1.0,
                dnp.multiply(inv, dnp.add(3.0, dnp.multiply(inv, dnp.add(-15.0, dnp.multiply(inv, 105.0))))),
            ),
        ),
    )
    left = dnp.subtract(
        dnp.subtract(dnp.multiply(x2, -0.5), dnp.log(dnp.negative(xl))), 0.5 * math.log(2 * math.pi)
    )
    left = dnp.add(left, dnp.log(series))
    return dnp.where(dnp.less(t, lower), left, dnp.where(dnp.greater(t, 6.0), right, mid))


@api
def boxcox(x, lmbda):
    """(x**lmbda - 1) / lmbda, log(x) where lmbda == 0."""
    a, lm = _floats("boxcox", x, lmbda)
    zero = dnp.equal(lm, 0)
    safe = dnp.where(zero, 1.0, lm)
    return dnp.where(zero, dnp.log(a), dnp.true_divide(dnp.expm1(dnp.multiply(safe, dnp.log(a))), safe))


@api
def boxcox1p(x, lmbda):
    """((1 + x)**lmbda - 1) / lmbda, log1p(x) where lmbda == 0."""
    a, lm = _floats("boxcox1p", x, lmbda)
    zero = dnp.equal(lm, 0)
    safe = dnp.where(zero, 1.0, lm)
    return dnp.where(zero, dnp.log1p(a), dnp.true_divide(dnp.expm1(dnp.multiply(safe, dnp.log1p(a))), safe))


# ---- logsumexp and softmax --------------------------------------------------------------------


def _keep_or_squeeze(r, axes, keepdims, ndim):
    if keepdims:
        return r
    return lax.reshape(r, tuple(s for i, s in enumerate(r.shape) if i not in axes))


@api(static_argnames=("axis", "keepdims", "return_sign"))
def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False, where=None):
    """log(sum(b * exp(a))) over `axis`, without overflow: the max is taken out first
    (and stop-gradiented, so the derivative is exactly softmax). With b, the sum must be
    positive (return_sign=True is not supported)."""
    if return_sign:
        raise NotImplementedError("logsumexp: argument return_sign=True is not supported")
    (t,) = _floats("logsumexp", a)
    if b is not None:
        t, bt = promote("logsumexp", t, b, dtype=t.aval.dtype)
    axes = canonical_axes("logsumexp", axis, t.ndim)
    mask = None
    if where is not None:
        mask = dnp.broadcast_to(dnp.astype(where, bool), t.shape)
        t = dnp.where(mask, t, -np.inf)
    m = dnp.max(t, axis=axes, keepdims=True) if all(t.shape[i] for i in axes) else None
    if m is None:
        shape = tuple(1 if i in axes else s for i, s in enumerate(t.shape))
        return _keep_or_squeeze(_c_shape(t, shape, -np.inf), axes, keepdims, t.ndim)
    m = dnp.where(lax.is_finite(m), m, 0.0)
    m = lax.stop_gradient(m)
    e = dnp.exp(dnp.subtract(t, m))
    if b is not None:
        e = dnp.multiply(e, bt)
    if mask is not None:
        e = dnp.where(mask, e, 0.0)
    s = dnp.sum(e, axis=axes, keepdims=True)
    out = dnp.add(dnp.log(s), m)
    return _keep_or_squeeze(out, axes, keepdims, t.ndim)


def _c_shape(t, shape, value):
    return lax.broadcast_in_dim(lax.to_tracer(value, t.aval.dtype), tuple(shape), ())


@api(static_argnames=("axis",))
def softmax(x, axis=None):
    """exp(x) / sum(exp(x)) over `axis` (scipy.special's default: all axes)."""
    (t,) = _floats("softmax", x)
    axes = canonical_axes("softmax", axis, t.ndim)
    m = lax.stop_gradient(dnp.max(t, axis=axes, keepdims=True)) if t.size else t
    e = dnp.exp(dnp.subtract(t, m))
    return dnp.true_divide(e, dnp.sum(e, axis=axes, keepdims=True))


@api(static_argnames=("axis",))
def log_softmax(x, axis=None):
    """x - logsumexp(x) over `axis` (scipy.special's default: all axes)."""
    (t,) = _floats("log_softmax", x)
    axes = canonical_axes("log_softmax", axis, t.ndim)
    m = lax.stop_gradient(dnp.max(t, axis=axes, keepdims=True)) if t.size else t
    shifted = dnp.subtract(t, m)
    return dnp.subtract(shifted, dnp.log(dnp.sum(dnp.exp(shifted), axis=axes, keepdims=True)))


__all__ = [
    "beta",
    "betaln",
    "boxcox",
    "boxcox1p",
    "comb",
    "digamma",
    "entr",
    "erf",
    "erfc",
    "erfinv",
    "expit",
    "factorial",
    "gamma",
    "gammaln",
    "gammasgn",
    "kl_div",
    "log_ndtr",
    "log_softmax",
    "loggamma",
    "logit",
    "logsumexp",
    "multigammaln",
    "ndtr",
    "ndtri",
    "poch",
    "polygamma",
    "psi",
    "rel_entr",
    "softmax",
    "xlog1py",
    "xlogy",
]
