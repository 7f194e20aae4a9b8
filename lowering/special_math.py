"""Elementwise special functions and bit operations as arith/math computations.

The rules have the signature of `elementwise.UNARY` / `elementwise.BINARY`
(MLIR values, scalars or tensors of one type, then the operand dtype) and are
registered there. Functions that `math` has and that lower on the CPU
(`convert-math-to-llvm` / `convert-math-to-libm`: asin, acos, atan, sinh,
cosh, asinh, acosh, atanh, erf, erfc, cbrt, exp2, ctpop, ctlz) map to one op;
the others are built here from arith and math:

- `erf_inv`: M. Giles, "Approximating the erfinv function" (GPU Computing Gems,
  2011): a polynomial in w = -log(1 - x^2) (or in sqrt(w) in the tails), the
  single-precision version for f16/f32 and the double-precision one for f64
  (the same approximations as XLA's ErfInv), with erf_inv(+-1) = +-inf.
- `lgamma`, `digamma`: Lanczos' approximation with g = 7 and 9 terms (the
  coefficients of P. Godfrey, also used by XLA and Boost), with the reflection
  formulas below 1/2; lgamma at the poles is +inf, digamma there is nan.
- shifts follow XLA: a shift by an amount outside [0, bits) gives 0, or the
  sign fill for an arithmetic right shift, instead of LLVM's poison.
"""

from __future__ import annotations

import math as pymath

from mlir import ir
from mlir.dialects import arith, math

from descend.dialects.types import element_type


def _c(like, value):
    from .elementwise import const

    return const(like, value)


def _poly(w, coeffs):
    """Horner: coeffs[0] * w^(n-1) + ... + coeffs[-1]."""
    p = _c(w, coeffs[0])
    for c in coeffs[1:]:
        p = arith.addf(_c(w, c), arith.mulf(p, w))
    return p


def _select_poly(conds, w, tables):
    """Horner over coefficient tables chosen per element: tables[i] where conds[i] (the first
    true), the last table otherwise. Tables are aligned on their last (constant) term."""
    n = max(len(t) for t in tables)
    padded = [[0.0] * (n - len(t)) + list(t) for t in tables]
    p = None
    for k in range(n):
        c = _c(w, padded[-1][k])
        for cond, table in reversed(list(zip(conds, padded[:-1]))):
            c = arith.select(cond, _c(w, table[k]), c)
        p = c if p is None else arith.addf(c, arith.mulf(p, w))
    return p


# Giles' single-precision erfinv
_ERFINV32_CENTRAL = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
                     -0.00125372503, -0.00417768164, 0.246640727, 1.50140941)
_ERFINV32_TAIL = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
                  -0.0076224613, 0.00943887047, 1.00167406, 2.83297682)
# Giles' double-precision erfinv: w < 6.25, w < 16, else
_ERFINV64_A = (-3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18,
               1.115787767802518096e-17, -1.333171662854620906e-16, 2.0972767875968561637e-17,
               6.6376381343583238325e-15, -4.0545662729752068639e-14, -8.1519341976054721522e-14,
               2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11,
               1.051212273321532285e-09, -4.1126339803469836976e-09, -2.9070369957882005086e-08,
               4.2347877827932403518e-07, -1.3654692000834678645e-06, -1.3882523362786468719e-05,
               0.0001867342080340571352, -0.00074070253416626697512, -0.0060336708714301490533,
               0.24015818242558961693, 1.6536545626831027356)
_ERFINV64_B = (2.2137376921775787049e-09, 9.0756561938885390979e-08, -2.7517406297064545428e-07,
               1.8239629214389227755e-08, 1.5027403968909827627e-06, -4.013867526981545969e-06,
               2.9234449089955446044e-06, 1.2475304481671778723e-05, -4.7318229009055733981e-05,
               6.8284851459573175448e-05, 2.4031110387097893999e-05, -0.0003550375203628474796,
               0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066,
               -0.0037512085075692412107, 0.005370914553590063617, 1.0052589676941592334,
               3.0838856104922207635)
_ERFINV64_C = (-2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-09,
               -3.7894654401267369937e-09, 7.6157012080783393804e-09, -1.4960026627149240478e-08,
               2.9147953450901080826e-08, -6.7711997758452339498e-08, 2.2900482228026654717e-07,
               -9.9298272942317002539e-07, 4.5260625972231537039e-06, -1.9681778105531670567e-05,
               7.5995277030017761139e-05, -0.00021503011930044477347, -0.00013871931833623122026,
               1.0103004648645343977, 4.8499064014085844221)


def _olt(a, b):
    return arith.cmpf(arith.CmpFPredicate.OLT, a, b)


def erf_inv(x, dtype):
    w = arith.negf(math.log1p(arith.negf(arith.mulf(x, x))))
    sw = math.sqrt(w)
    if dtype == "float64":
        lt625, lt16 = _olt(w, _c(w, 6.25)), _olt(w, _c(w, 16.0))
        tail = arith.subf(sw, arith.select(lt16, _c(w, 3.25), _c(w, 5.0)))
        z = arith.select(lt625, arith.subf(w, _c(w, 3.125)), tail)
        p = _select_poly([lt625, lt16], z, [_ERFINV64_A, _ERFINV64_B, _ERFINV64_C])
    else:
        lt5 = _olt(w, _c(w, 5.0))
        z = arith.select(lt5, arith.subf(w, _c(w, 2.5)), arith.subf(sw, _c(w, 3.0)))
        p = _select_poly([lt5], z, [_ERFINV32_CENTRAL, _ERFINV32_TAIL])
    result = arith.mulf(p, x)
    one = arith.cmpf(arith.CmpFPredicate.OEQ, math.absf(x), _c(x, 1.0))
    return arith.select(one, math.copysign(_c(x, float("inf")), x), result)


# Lanczos approximation, g = 7, n = 9
_LANCZOS_G = 7.0
_LANCZOS_BASE = 0.99999999999980993227684700473478
_LANCZOS = (676.520368121885098567009190444019, -1259.13921672240287047156078755283,
            771.3234287776530788486528258894, -176.61502916214059906584551354,
            12.507343278686904814458936853, -0.13857109526572011689554707,
            9.984369578019570859563e-6, 1.50563273514931155834e-7)


def _lanczos_sums(z):
    """A(z) = base + sum_k c_k / (z + k + 1), and A'(z) = -sum_k c_k / (z + k + 1)^2."""
    a = _c(z, _LANCZOS_BASE)
    da = _c(z, 0.0)
    for k, ck in enumerate(_LANCZOS):
        d = arith.addf(z, _c(z, k + 1.0))
        q = arith.divf(_c(z, ck), d)
        a = arith.addf(a, q)
        da = arith.subf(da, arith.divf(q, d))
    return a, da


def _log_t(z):
    """log(z + g + 1/2), as log(g + 1/2) + log1p(z / (g + 1/2)) (accurate for small z)."""
    t0 = _LANCZOS_G + 0.5
    return arith.addf(_c(z, pymath.log(t0)), math.log1p(arith.divf(z, _c(z, t0))))


def _sin_pi_frac(x):
    """|sin(pi * x)| from the fractional part of |x| (exact 0 at integers)."""
    ax = math.absf(x)
    frac = arith.subf(ax, math.floor(ax))
    half = _c(x, 0.5)
    frac = arith.select(arith.cmpf(arith.CmpFPredicate.OGT, frac, half), arith.subf(_c(x, 1.0), frac), frac)
    return math.sin(arith.mulf(_c(x, pymath.pi), frac))


def lgamma(x, dtype):
    reflect = _olt(x, _c(x, 0.5))
    z = arith.select(reflect, arith.negf(x), arith.subf(x, _c(x, 1.0)))  # lgamma(z + 1), z >= -1/2
    a, _ = _lanczos_sums(z)
    t = arith.addf(z, _c(z, _LANCZOS_G + 0.5))
    log_t = _log_t(z)
    # (z + 1/2) log t - t, written so that large t does not overflow
    body = arith.mulf(arith.subf(arith.addf(z, _c(z, 0.5)), arith.divf(t, log_t)), log_t)
    log_y = arith.addf(arith.addf(_c(z, 0.5 * pymath.log(2 * pymath.pi)), body), math.log(a))
    # reflection: lgamma(x) = log(pi) - log|sin(pi x)| - lgamma(1 - x)
    log_sin = math.log(_sin_pi_frac(x))
    finite = _olt(math.absf(log_sin), _c(x, float("inf")))
    reflected = arith.select(
        finite, arith.subf(arith.subf(_c(x, pymath.log(pymath.pi)), log_sin), log_y), arith.negf(log_sin)
    )
    out = arith.select(reflect, reflected, log_y)
    is_inf = arith.cmpf(arith.CmpFPredicate.OEQ, math.absf(x), _c(x, float("inf")))
    return arith.select(is_inf, _c(x, float("inf")), out)


def digamma(x, dtype):
    reflect = _olt(x, _c(x, 0.5))
    z = arith.select(reflect, arith.negf(x), arith.subf(x, _c(x, 1.0)))
    a, da = _lanczos_sums(z)
    t = arith.addf(z, _c(z, _LANCZOS_G + 0.5))
    y = arith.subf(arith.addf(_log_t(z), arith.divf(da, a)), arith.divf(_c(z, _LANCZOS_G), t))
    # reflection: digamma(x) = digamma(1 - x) - pi / tan(pi x), with pi x reduced to [-pi/2, pi/2]
    reduced = arith.subf(x, math.floor(arith.addf(x, _c(x, 0.5))))
    pix = arith.mulf(_c(x, pymath.pi), reduced)
    reflected = arith.subf(y, arith.divf(arith.mulf(_c(x, pymath.pi), math.cos(pix)), math.sin(pix)))
    out = arith.select(reflect, reflected, y)
    pole = arith.andi(
        arith.cmpf(arith.CmpFPredicate.OLE, x, _c(x, 0.0)),
        arith.cmpf(arith.CmpFPredicate.OEQ, x, math.floor(x)),
    )
    out = arith.select(pole, _c(x, float("nan")), out)
    pos_inf = arith.cmpf(arith.CmpFPredicate.OEQ, x, _c(x, float("inf")))
    return arith.select(pos_inf, _c(x, float("inf")), out)


def is_finite(x, dtype, result_type):
    """|x| < inf: false for inf and nan."""
    return arith.cmpf(arith.CmpFPredicate.OLT, math.absf(x), _c(x, float("inf")))


def bitcast(x, src, dst, result_type):
    return arith.bitcast(result_type, x)


def _bits(dtype):
    return ir.IntegerType(element_type(dtype)).width


def _shift(kind):
    def rule(x, y, dtype):
        bits = _bits(dtype)
        out_of_range = arith.cmpi(arith.CmpIPredicate.uge, y, _c(y, bits))
        safe = arith.select(out_of_range, _c(y, 0), y)
        if kind == "left":
            return arith.select(out_of_range, _c(x, 0), arith.shli(x, safe))
        if kind == "logical":
            return arith.select(out_of_range, _c(x, 0), arith.shrui(x, safe))
        fill = arith.shrsi(x, _c(x, bits - 1))
        return arith.select(out_of_range, fill, arith.shrsi(x, safe))

    return rule


def _f(fn):
    def rule(x, dtype):
        return fn(x)

    return rule


UNARY = {
    "asin": _f(math.asin),
    "acos": _f(math.acos),
    "atan": _f(math.atan),
    "sinh": _f(math.sinh),
    "cosh": _f(math.cosh),
    "asinh": _f(math.asinh),
    "acosh": _f(math.acosh),
    "atanh": _f(math.atanh),
    "erf": _f(math.erf),
    "erfc": _f(math.erfc),
    "erf_inv": erf_inv,
    "cbrt": _f(math.cbrt),
    "exp2": _f(math.exp2),
    "lgamma": lgamma,
    "digamma": digamma,
    "population_count": _f(math.ctpop),
    "clz": _f(math.ctlz),
}

BINARY = {
    "shift_left": _shift("left"),
    "shift_right_logical": _shift("logical"),
    "shift_right_arithmetic": _shift("arithmetic"),
}
