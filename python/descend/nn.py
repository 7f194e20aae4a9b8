"""`descend.nn`: activation functions and friends (the counterpart of `jax.nn`).

Written with `descend.numpy`, so they trace, differentiate and batch like any
other code. Derivatives follow JAX where it defines them by convention: relu
and relu6 have derivative 0 at their kinks, softplus/log_sigmoid are the
stable `logaddexp` forms, softmax subtracts a stop-gradiented maximum.
"""

from __future__ import annotations

import math

import numpy as np

from descend import dtypes, lax
from descend import numpy as dnp
from descend.jit import api
from descend.numpy._elementwise import _float_dtype
from descend.numpy._shape import promote_same
from descend.numpy._util import canonical_axes, canonical_axis, promote
from descend.scipy.special import logsumexp as _logsumexp


def _f(name, *xs):
    return promote(name, *xs, dtype=_float_dtype(*xs))


def _c(t, v):
    return lax.broadcast_in_dim(lax.to_tracer(v, t.aval.dtype), t.shape, ())


@api
def relu(x):
    """max(x, 0), with derivative 0 at 0 (as JAX)."""
    (t,) = promote("relu", x)
    return dnp.where(dnp.greater(t, 0), t, _c(t, 0))


@api
def relu6(x):
    """min(max(x, 0), 6), with derivative 0 at 0 and 6 (as JAX)."""
    (t,) = promote("relu6", x)
    return dnp.where(dnp.greater(t, 0), dnp.where(dnp.less(t, 6), t, _c(t, 6)), _c(t, 0))


@api
def sigmoid(x):
    (t,) = _f("sigmoid", x)
    return lax.logistic(t)


@api
def softplus(x):
    """log(1 + exp(x)) = logaddexp(x, 0): no overflow for large x, exact for very negative x."""
    (t,) = _f("softplus", x)
    return dnp.logaddexp(t, _c(t, 0.0))


@api
def log_sigmoid(x):
    """log(sigmoid(x)) = -softplus(-x)."""
    (t,) = _f("log_sigmoid", x)
    return dnp.negative(softplus(dnp.negative(t)))


@api
def silu(x):
    """x * sigmoid(x)."""
    (t,) = _f("silu", x)
    return dnp.multiply(t, lax.logistic(t))


swish = silu


@api(static_argnames=("approximate",))
def gelu(x, approximate=True):
    """The Gaussian error linear unit: x * Phi(x), or its tanh approximation (JAX's default)."""
    (t,) = _f("gelu", x)
    if approximate:
        c = math.sqrt(2.0 / math.pi)
        inner = dnp.multiply(c, dnp.add(t, dnp.multiply(0.044715, dnp.multiply(t, dnp.multiply(t, t)))))
        return dnp.multiply(dnp.multiply(0.5, t), dnp.add(1.0, lax.tanh(inner)))
    return dnp.multiply(dnp.multiply(0.5, t), lax.erfc(dnp.multiply(t, -1.0 / math.sqrt(2.0))))


@api
def elu(x, alpha=1.0):
    """x for x > 0, alpha * (exp(x) - 1) otherwise."""
    (t,) = _f("elu", x)
    pos = dnp.greater(t, 0)
    safe = dnp.where(pos, 0.0, t)
    return dnp.where(pos, t, dnp.multiply(alpha, dnp.expm1(safe)))


@api
def celu(x, alpha=1.0):
    """max(x, 0) + alpha * expm1(min(x, 0) / alpha)."""
    (t,) = _f("celu", x)
    return dnp.add(
        dnp.maximum(t, 0.0), dnp.multiply(alpha, dnp.expm1(dnp.true_divide(dnp.minimum(t, 0.0), alpha)))
    )


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


@api
def selu(x):
    (t,) = _f("selu", x)
    return dnp.multiply(_SELU_SCALE, elu(t, _SELU_ALPHA))


@api
def leaky_relu(x, negative_slope=0.01):
    """x for x >= 0, negative_slope * x otherwise."""
    (t,) = _f("leaky_relu", x)
    return dnp.where(dnp.greater_equal(t, 0), t, dnp.multiply(negative_slope, t))


@api
def hard_tanh(x):
    (t,) = _f("hard_tanh", x)
    return dnp.where(dnp.greater(t, 1), 1.0, dnp.where(dnp.less(t, -1), -1.0, t))


@api
def hard_sigmoid(x):
    """relu6(x + 3) / 6."""
    (t,) = _f("hard_sigmoid", x)
    return dnp.true_divide(relu6(dnp.add(t, 3.0)), 6.0)


@api
def hard_silu(x):
    """x * hard_sigmoid(x)."""
    (t,) = _f("hard_silu", x)
    return dnp.multiply(t, hard_sigmoid(t))


hard_swish = hard_silu


@api
def soft_sign(x):
    """x / (|x| + 1)."""
    (t,) = _f("soft_sign", x)
    return dnp.true_divide(t, dnp.add(dnp.abs(t), 1.0))


@api
def squareplus(x, b=4):
    """(x + sqrt(x^2 + b)) / 2."""
    (t,) = _f("squareplus", x)
    return dnp.true_divide(dnp.add(t, dnp.sqrt(dnp.add(dnp.multiply(t, t), b))), 2.0)


@api
def mish(x):
    """x * tanh(softplus(x))."""
    (t,) = _f("mish", x)
    return dnp.multiply(t, lax.tanh(softplus(t)))


@api
def sparse_plus(x):
    """0 for x <= -1, x for x >= 1, (x + 1)^2 / 4 between."""
    (t,) = _f("sparse_plus", x)
    mid = dnp.true_divide(dnp.square(dnp.add(t, 1.0)), 4.0)
    return dnp.where(dnp.less_equal(t, -1), 0.0, dnp.where(dnp.greater_equal(t, 1), t, mid))


@api
def sparse_sigmoid(x):
    """clip(x + 1, 0, 2) / 2."""
    (t,) = _f("sparse_sigmoid", x)
    return dnp.multiply(0.5, dnp.clip(dnp.add(t, 1.0), 0.0, 2.0))


@api
def log1mexp(x):
    """log(1 - exp(-x)) for x > 0, accurate at both ends."""
    (t,) = _f("log1mexp", x)
    small = dnp.less(t, math.log(2.0))
    return dnp.where(
        small,
        dnp.log(dnp.negative(dnp.expm1(dnp.negative(t)))),
        dnp.log1p(dnp.negative(dnp.exp(dnp.negative(t)))),
    )


@api
def identity(x):
    return promote("identity", x)[0]


@api
def tanh(x):
    return dnp.tanh(x)


@api(static_argnames=("axis",))
def glu(x, axis=-1):
    """The gated linear unit: a * sigmoid(b) for the two halves a, b of x along `axis`."""
    (t,) = promote("glu", x)
    ax = canonical_axis("glu", axis, t.ndim)
    n = t.shape[ax]
    if n % 2:
        raise ValueError(f"glu: axis {axis} of size {n} must be even")
    a, b = dnp.split(t, 2, axis=ax)
    return dnp.multiply(a, sigmoid(b))


# ---- normalizations over an axis ----------------------------------------------------------------


def _mask(where, t):
    return None if where is None else dnp.broadcast_to(dnp.astype(where, bool), t.shape)


def _shift_by_max(name, x, axis, where, initial):
    """(x - max(x) along axis, the `where` mask, the axes) shared by softmax and log_softmax:
    masked-out entries are -inf, the max is stop-gradiented and 0 where it is not finite."""
    if initial is not None:
        raise NotImplementedError(f"{name}: argument 'initial' is not supported")
    (t,) = _f(name, x)
    axes = canonical_axes(name, axis, t.ndim)
    m = _mask(where, t)
    masked = t if m is None else dnp.where(m, t, -np.inf)
    if t.size:
        mx = dnp.max(masked, axis=axes, keepdims=True)
        mx = lax.stop_gradient(dnp.where(lax.is_finite(mx), mx, 0.0))
    else:
        mx = masked
    return dnp.subtract(masked, mx), m, axes


@api(static_argnames=("axis",))
def softmax(x, axis=-1, where=None, initial=None):
    """exp(x - max) / sum(exp(x - max)) along `axis` (the max is stop-gradiented); with `where`,
    masked-out entries are 0."""
    shifted, m, axes = _shift_by_max("softmax", x, axis, where, initial)
    e = dnp.exp(shifted)
    if m is not None:
        e = dnp.where(m, e, 0.0)
    return dnp.true_divide(e, dnp.sum(e, axis=axes, keepdims=True))


@api(static_argnames=("axis",))
def log_softmax(x, axis=-1, where=None, initial=None):
    """x - logsumexp(x) along `axis`; with `where`, masked-out entries are -inf."""
    shifted, m, axes = _shift_by_max("log_softmax", x, axis, where, initial)
    e = dnp.exp(shifted)
    if m is not None:
        e = dnp.where(m, e, 0.0)
    out = dnp.subtract(shifted, dnp.log(dnp.sum(e, axis=axes, keepdims=True)))
    return out if m is None else dnp.where(m, out, -np.inf)


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False, where=None):
    """As descend.scipy.special.logsumexp."""
    return _logsumexp(a, axis=axis, b=b, keepdims=keepdims, return_sign=return_sign, where=where)


@api(static_argnames=("axis", "keepdims"))
def logmeanexp(x, axis=None, where=None, keepdims=False):
    """logsumexp(x) - log(number of entries)."""
    (t,) = _f("logmeanexp", x)
    axes = canonical_axes("logmeanexp", axis, t.ndim)
    lse = _logsumexp(t, axis=axes, keepdims=keepdims, where=where)
    if where is None:
        n = float(np.prod([t.shape[i] for i in axes]))
        return dnp.subtract(lse, math.log(n) if n else np.nan)
    cnt = dnp.sum(dnp.astype(dnp.broadcast_to(where, t.shape), t.aval.dtype), axis=axes, keepdims=keepdims)
    return dnp.subtract(lse, dnp.log(cnt))


@api(static_argnames=("axis",))
def standardize(x, axis=-1, mean=None, variance=None, epsilon=1e-5, where=None):
    """(x - mean) / sqrt(variance + epsilon), the moments taken along `axis` unless given."""
    (t,) = _f("standardize", x)
    axes = canonical_axes("standardize", axis, t.ndim)
    if where is not None:
        raise NotImplementedError("standardize: argument 'where' is not supported")
    if mean is None:
        mean = dnp.mean(t, axis=axes, keepdims=True)
    if variance is None:
        variance = dnp.subtract(dnp.mean(dnp.square(t), axis=axes, keepdims=True), dnp.square(mean))
    return dnp.multiply(dnp.subtract(t, mean), lax.rsqrt(dnp.add(variance, epsilon)))


normalize = standardize


@api(static_argnames=("num_classes", "dtype", "axis"))
def one_hot(x, num_classes, *, dtype=None, axis=-1):
    """x[..., None] == arange(num_classes), as `dtype` (float32 by default), the classes along `axis`."""
    num_classes = int(num_classes)
    (t,) = promote("one_hot", x)
    dt = dtypes.canonicalize_dtype(dtype)
    out_nd = t.ndim + 1
    ax = canonical_axis("one_hot", axis, out_nd)
    shape = t.shape[:ax] + (num_classes,) + t.shape[ax:]
    dims = tuple(d for d in range(out_nd) if d != ax)
    xb = lax.broadcast_in_dim(t, shape, dims)
    classes = lax.broadcasted_iota(t.aval.dtype if t.aval.dtype != "bool" else "int32", shape, ax)
    if t.aval.dtype == "bool":
        xb = lax.convert_element_type(xb, "int32")
    return lax.convert_element_type(lax.eq(xb, classes), dt)


@api(static_argnames=("is_causal", "implementation"))
def dot_product_attention(
    query,
    key,
    value,
    bias=None,
    mask=None,
    *,
    scale=None,
    is_causal=False,
    query_seq_lengths=None,
    key_value_seq_lengths=None,
    local_window_size=None,
    implementation=None,
):
    """softmax(q k^T * scale + bias, masked) v for q (B, T, N, H), k and v (B, S, K, H) (K divides N:
    grouped-query attention); 3-d inputs (T, N, H) are one batch."""
    for name, v in (
        ("query_seq_lengths", query_seq_lengths),
        ("key_value_seq_lengths", key_value_seq_lengths),
        ("local_window_size", local_window_size),
    ):
        if v is not None:
            raise NotImplementedError(f"dot_product_attention: argument '{name}' is not supported")
    if implementation not in (None, "xla"):
        raise NotImplementedError(
            f"dot_product_attention: argument implementation={implementation!r} is not supported"
        )
    q, k, v = promote_same("dot_product_attention", [query, key, value])
    batched = q.ndim == 4
    if not batched:
        q, k, v = (dnp.expand_dims(a, 0) for a in (q, k, v))
    B, T, N, H = q.shape
    S, K = k.shape[1], k.shape[2]
    if N % K:
        raise ValueError(
            f"dot_product_attention: the number of query heads {N} must be a multiple of the key heads {K}"
        )
    G = N // K
    sc = 1.0 / math.sqrt(H) if scale is None else scale
    qg = dnp.reshape(q, (B, T, K, G, H))
    logits = lax.dot_general(qg, k, (((4,), (3,)), ((0, 2), (0, 2))))  # (B, K, T, G, S)
    logits = dnp.transpose(logits, (0, 1, 3, 2, 4))  # (B, K, G, T, S)
    logits = dnp.reshape(logits, (B, N, T, S))
    logits = dnp.multiply(logits, sc)
    if bias is not None:
        logits = dnp.add(logits, bias if batched else dnp.expand_dims(bias, 0))
    keep = None
    if mask is not None:
        keep = dnp.broadcast_to(mask if batched else dnp.expand_dims(mask, 0), logits.shape)
    if is_causal:
        causal = dnp.broadcast_to(dnp.tril(dnp.ones((T, S), bool)), logits.shape)
        keep = causal if keep is None else dnp.logical_and(keep, causal)
    if keep is not None:
        big = float(np.finfo(logits.dtype).min)
        logits = dnp.where(keep, logits, big)
    probs = softmax(logits, axis=-1)
    probs = dnp.reshape(probs, (B, K, G, T, S))
    out = lax.dot_general(probs, v, (((4,), (1,)), ((0, 1), (0, 2))))  # (B, K, G, T, H)
    out = dnp.reshape(dnp.transpose(out, (0, 3, 1, 2, 4)), (B, T, N, H))
    return out if batched else dnp.reshape(out, (T, N, H))


__all__ = [
    "celu",
    "dot_product_attention",
    "elu",
    "gelu",
    "glu",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "identity",
    "leaky_relu",
    "log1mexp",
    "log_sigmoid",
    "log_softmax",
    "logmeanexp",
    "logsumexp",
    "mish",
    "normalize",
    "one_hot",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "soft_sign",
    "softmax",
    "softplus",
    "sparse_plus",
    "sparse_sigmoid",
    "squareplus",
    "standardize",
    "swish",
    "tanh",
]
