"""Window functions and the Bessel function I0 in descend.numpy: bartlett, blackman, hamming,
hanning, kaiser, i0 (`jax.numpy`'s semantics).

The window length `M` is static (a Python int; a traced value raises NotImplementedError
naming `M`); windows are float32 (JAX's default float), `M <= 1` gives ones of length
max(M, 0). `i0` evaluates Cephes' Chebyshev expansions (the ones `numpy.i0` uses) with
elementwise ops, so it works under jit, grad and vmap; integer inputs become float32.
"""

from __future__ import annotations

import builtins
import math

import numpy as np

from descend import lax
from descend.jit import api
from descend.tracing import Tracer

from ._elementwise import _float_dtype, abs, cos, exp, sqrt, where
from ._util import promote

# Cephes' coefficients for exp(-x) I0(x): on [0, 8] in x/2 - 2, on (8, inf) in 32/x - 2 (times sqrt(x))
_I0A = (
    -4.4153416464793395e-18, 3.3307945188222384e-17, -2.431279846547955e-16, 1.715391285555133e-15,
    -1.1685332877993451e-14, 7.676185498604936e-14, -4.856446783111929e-13, 2.95505266312964e-12,
    -1.726826291441556e-11, 9.675809035373237e-11, -5.189795601635263e-10, 2.6598237246823866e-09,
    -1.300025009986248e-08, 6.046995022541919e-08, -2.670793853940612e-07, 1.1173875391201037e-06,
    -4.4167383584587505e-06, 1.6448448070728896e-05, -5.754195010082104e-05, 0.00018850288509584165,
    -0.0005763755745385824, 0.0016394756169413357, -0.004324309995050576, 0.010546460394594998,
    -0.02373741480589947, 0.04930528423967071, -0.09490109704804764, 0.17162090152220877,
    -0.3046826723431984, 0.6767952744094761,
)
_I0B = (
    -7.233180487874754e-18, -4.830504485944182e-18, 4.46562142029676e-17, 3.461222867697461e-17,
    -2.8276239805165836e-16, -3.425485619677219e-16, 1.7725601330565263e-15, 3.8116806693526224e-15,
    -9.554846698828307e-15, -4.150569347287222e-14, 1.54008621752141e-14, 3.8527783827421426e-13,
    7.180124451383666e-13, -1.7941785315068062e-12, -1.3215811840447713e-11, -3.1499165279632416e-11,
    1.1889147107846439e-11, 4.94060238822497e-10, 3.3962320257083865e-09, 2.266668990498178e-08,
    2.0489185894690638e-07, 2.8913705208347567e-06, 6.889758346916825e-05, 0.0033691164782556943,
    0.8044904110141088,
)


def _chbevl(x, coeffs):
    """Clenshaw's recurrence for a Chebyshev series (Cephes' chbevl)."""
    b0, b1, b2 = x * 0 + coeffs[0], x * 0, x * 0
    for c in coeffs[1:]:
        b2, b1 = b1, b0
        b0 = x * b1 - b2 + c
    return 0.5 * (b0 - b2)


@api
def i0(x):
    """The modified Bessel function of the first kind, order 0 (`numpy.i0`), for real x."""
    (t,) = promote("i0", x, dtype=_float_dtype(x))
    a = abs(t)
    small = a <= 8.0
    # each branch sees only arguments where it is finite, so where's gradient stays finite
    a1 = where(small, a, 0.0)
    a2 = where(small, 16.0, a)
    v1 = exp(a1) * _chbevl(a1 * 0.5 - 2.0, _I0A)
    v2 = exp(a2) * _chbevl(32.0 / a2 - 2.0, _I0B) / sqrt(a2)
    return where(small, v1, where(a == np.inf, np.inf, v2))  # exp(inf) / sqrt(inf) would be nan


def _length(name: str, M) -> int:
    if isinstance(M, Tracer):
        raise NotImplementedError(f"{name}: argument 'M' must be static (a Python int), not a traced value")
    if isinstance(M, (np.ndarray, np.generic)) and np.ndim(M) == 0:
        M = M.item()
    if isinstance(M, bool) or not isinstance(M, (int, np.integer, float)) or int(M) != M:
        raise TypeError(f"{name}: M must be an integer, got {M!r}")
    return int(M)


def _n(M: int):
    return lax.iota("float32", M)


def _ones(M: int):
    return lax.broadcast_in_dim(lax.to_tracer(1.0, "float32"), (builtins.max(M, 0),), ())


@api(static_argnames=("M",))
def _bartlett(M):
    if M <= 1:
        return _ones(M)
    return 1.0 - abs(2.0 * _n(M) + (1.0 - M)) / (M - 1)


@api(static_argnames=("M",))
def _blackman(M):
    if M <= 1:
        return _ones(M)
    w = _n(M) * (2 * math.pi / (M - 1))
    return 0.42 - 0.5 * cos(w) + 0.08 * cos(2.0 * w)


@api(static_argnames=("M",))
def _hamming(M):
    if M <= 1:
        return _ones(M)
    return 0.54 - 0.46 * cos(_n(M) * (2 * math.pi / (M - 1)))


@api(static_argnames=("M",))
def _hanning(M):
    if M <= 1:
        return _ones(M)
    return 0.5 * (1.0 - cos(_n(M) * (2 * math.pi / (M - 1))))


@api(static_argnames=("M",))
def _kaiser(beta, M):
    if M <= 1:
        return _ones(M)
    (b,) = promote("kaiser", beta, dtype="float32")
    alpha = 0.5 * (M - 1)
    r = (_n(M) - alpha) / alpha
    return i0(b * sqrt(1.0 - r * r)) / i0(b)


def bartlett(M):
    """The Bartlett (triangular) window of length M."""
    return _bartlett(M=_length("bartlett", M))


def blackman(M):
    """The Blackman window of length M."""
    return _blackman(M=_length("blackman", M))


def hamming(M):
    """The Hamming window of length M."""
    return _hamming(M=_length("hamming", M))


def hanning(M):
    """The Hann window of length M."""
    return _hanning(M=_length("hanning", M))


def kaiser(M, beta):
    """The Kaiser window of length M and shape `beta` (a scalar; may be traced)."""
    if np.ndim(beta) != 0:
        raise ValueError(f"kaiser: beta must be a scalar, got shape {np.shape(beta)}")
    return _kaiser(beta, M=_length("kaiser", M))


__all__ = ["bartlett", "blackman", "hamming", "hanning", "kaiser", "i0"]
