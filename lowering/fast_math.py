"""`fast-math-polynomials`: replace `math.exp`, `math.tanh`, `math.log` by
vectorizable polynomial approximations built from `arith` (and `math.roundeven`).

In: any IR with `math.exp` / `math.tanh` / `math.log` on f32 or f64 scalars or
vectors (typically inside loops, before or after vectorization). Out: the same
IR where each such op is a straight-line sequence of arith ops: no libm call,
so LLVM (and MLIR's vectorizers) can vectorize the loop around it.

Accuracy (max relative error against NumPy, measured by
`test/python/test_fast_math.py` over the whole finite range plus edges):

  exp  f32  <= 3 ulp (3.6e-7)    f64 <= 4 ulp (8.9e-16)
  tanh f32  <= 4 ulp (4.8e-7)    f64 <= 8 ulp (1.8e-15)
  log  f32  <= 2 ulp (2.4e-7)    (f64 log stays on libm)

Edges follow IEEE/libm: exp overflows to +inf above 88.72 (f32) / 709.78
(f64), is 0 below -103.97 / -745.13, and gives subnormals in between (the
2^n scaling is split in two factors); exp(-inf) = 0, exp(nan) = nan;
tanh(±inf) = ±1, tanh(-0) = -0; log(0) = -inf, log(x<0) = nan, log(inf) = inf,
subnormal inputs are rescaled. The constants are Cephes' (S. Moshier), as in
many vector math libraries.

The switch: `DESCEND_FAST_MATH=0` leaves the ops to libm (see pipeline.py).
"""

from __future__ import annotations

from mlir import ir
from mlir.dialects import arith, math

# ----------------------------------------------------------------- helpers --


class _B:
    """Builds ops of one float type `ft` (scalar or vector) and its same-shape integer type."""

    def __init__(self, ty):
        self.ty = ty
        elt = ir.VectorType(ty).element_type if isinstance(ty, ir.VectorType) else ty
        self.f64 = isinstance(elt, ir.F64Type)
        self.bits = 64 if self.f64 else 32
        ielt = ir.IntegerType.get_signless(self.bits)
        self.ity = ir.VectorType.get(ir.VectorType(ty).shape, ielt) if isinstance(ty, ir.VectorType) else ielt
        self.elt, self.ielt = elt, ielt
        self._consts = {}

    def c(self, v):
        key = ("f", float(v))
        if key not in self._consts:
            attr = ir.FloatAttr.get(self.elt, float(v))
            if isinstance(self.ty, ir.VectorType):
                attr = ir.DenseElementsAttr.get_splat(self.ty, attr)
            self._consts[key] = arith.constant(self.ty, attr)
        return self._consts[key]

    def ci(self, v):
        key = ("i", int(v))
        if key not in self._consts:
            attr = ir.IntegerAttr.get(self.ielt, int(v))
            if isinstance(self.ty, ir.VectorType):
                attr = ir.DenseElementsAttr.get_splat(self.ity, attr)
            self._consts[key] = arith.constant(self.ity, attr)
        return self._consts[key]

    def horner(self, x, coeffs):
        """coeffs[0]*x^(n-1) + ... + coeffs[-1] (one fused multiply-add per coefficient)."""
        acc = self.c(coeffs[0])
        for k in coeffs[1:]:
            acc = self.fma(acc, x, self.c(k))
        return acc

    def fma(self, a, b, c):
        """a*b + c, rounded once (`math.fma`: one vfmadd), or as mulf + addf without FMA
        (DESCEND_FMA=0)."""
        if _use_fma():
            return math.fma(a, b, c)
        return arith.addf(arith.mulf(a, b), c)

    def pow2(self, n_int):
        """2^n as a float, for an integer n in the normal exponent range."""
        bias = 1023 if self.f64 else 127
        mant = 52 if self.f64 else 23
        return arith.bitcast(self.ty, arith.shli(arith.addi(n_int, self.ci(bias)), self.ci(mant)))

    def cmp(self, pred, a, b):
        return arith.cmpf(pred, a, b)


_F = arith.CmpFPredicate


def _use_fma() -> bool:
    from .host import env_flag, host_features

    # hardware FMA (x86 FMA3/AVX-512, every AArch64): else llvm.fma would be a libm call
    return env_flag("DESCEND_FMA") and bool({"fma", "avx512f", "neon"} & host_features())

# ------------------------------------------------------------------- exp ----

_EXP_F32 = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1]
_EXP_F64 = [1.0 / f for f in (
    6227020800.0, 479001600.0, 39916800.0, 3628800.0, 362880.0, 40320.0, 5040.0, 720.0, 120.0, 24.0, 6.0, 2.0,
)]


def _exp(b: _B, x):
    if b.f64:
        hi, lo, over, under = 6.93147180369123816490e-01, 1.90821492927058770002e-10, 709.782712893384, -745.1332191019412
        poly = _EXP_F64
    else:
        hi, lo, over, under = 0.693359375, -2.12194440e-4, 88.72283935546875, -103.97208404541016
        poly = _EXP_F32
    # clamp (NaN-ignoring) so that the integer conversion below is always defined
    xc = arith.minnumf(arith.maxnumf(x, b.c(under - 1.0)), b.c(over + 1.0))
    n = math.roundeven(arith.mulf(xc, b.c(1.4426950408889634)))
    r = b.fma(n, b.c(-lo), b.fma(n, b.c(-hi), xc))  # (xc - n*hi) - n*lo; n*hi is exact
    r2 = arith.mulf(r, r)
    p = arith.addf(b.fma(b.horner(r, poly), r2, r), b.c(1.0))
    ni = arith.fptosi(b.ity, n)
    n1 = arith.shrsi(ni, b.ci(1))
    n2 = arith.subi(ni, n1)
    # the clamp makes overflow and underflow come out of the scaling itself: above `over`,
    # n >= 128 (1024) and p * 2^n1 * 2^n2 rounds to inf; below `under`, xc = under - 1
    # gives p * 2^-151 (2^-1076) < half the smallest subnormal, which rounds to 0
    y = arith.mulf(arith.mulf(p, b.pow2(n1)), b.pow2(n2))
    return arith.select(b.cmp(_F.UNO, x, x), x, y)


# ------------------------------------------------------------------ tanh ----

_TANH_F32 = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1]
_TANH_P64 = [-9.64399179425052238628e-1, -9.92877231001918586564e1, -1.61468768441708447952e3]
_TANH_Q64 = [1.0, 1.12811678491632931402e2, 2.23548839060100448583e3, 4.84406305325125486048e3]


def _tanh(b: _B, x):
    ax = math.absf(x)
    z = arith.mulf(x, x)
    if b.f64:
        small = arith.addf(x, arith.mulf(arith.mulf(x, z), arith.divf(b.horner(z, _TANH_P64), b.horner(z, _TANH_Q64))))
    else:
        small = arith.addf(x, arith.mulf(arith.mulf(x, z), b.horner(z, _TANH_F32)))
    e = _exp(b, arith.mulf(ax, b.c(2.0)))
    big = arith.subf(b.c(1.0), arith.divf(b.c(2.0), arith.addf(e, b.c(1.0))))
    y = arith.select(b.cmp(_F.OLT, ax, b.c(0.625)), small, big)
    return math.copysign(y, x)  # tanh(-0) = -0


# ------------------------------------------------------------------- log ----

_LOG_F32 = [7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
            -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1]


def _log_f32(b: _B, x):
    # rescale subnormals by 2^25 (their exponent bits are 0)
    sub = b.cmp(_F.OLT, x, b.c(1.1754943508222875e-38))
    xs = arith.select(sub, arith.mulf(x, b.c(33554432.0)), x)
    bits = arith.bitcast(b.ity, xs)
    e = arith.subi(arith.shrui(bits, b.ci(23)), b.ci(126))
    e = arith.select(sub, arith.subi(e, b.ci(25)), e)
    m = arith.bitcast(b.ty, arith.ori(arith.andi(bits, b.ci(0x007FFFFF)), b.ci(0x3F000000)))  # [0.5, 1)
    lt = b.cmp(_F.OLT, m, b.c(0.707106781186547524))
    e = arith.select(lt, arith.subi(e, b.ci(1)), e)
    m = arith.select(lt, arith.addf(m, m), m)
    f = arith.subf(m, b.c(1.0))
    ef = arith.sitofp(b.ty, e)
    z = arith.mulf(f, f)
    y = arith.mulf(arith.mulf(b.horner(f, _LOG_F32), f), z)
    y = arith.addf(y, arith.mulf(ef, b.c(-2.12194440e-4)))
    y = arith.subf(y, arith.mulf(z, b.c(0.5)))
    y = arith.addf(arith.addf(f, y), arith.mulf(ef, b.c(0.693359375)))
    # edges: log(0) = -inf, log(x < 0) = nan, log(inf) = inf, log(nan) = nan
    y = arith.select(b.cmp(_F.OEQ, x, b.c(0.0)), b.c(float("-inf")), y)
    y = arith.select(b.cmp(_F.OLT, x, b.c(0.0)), b.c(float("nan")), y)
    y = arith.select(b.cmp(_F.OEQ, x, b.c(float("inf"))), x, y)
    return arith.select(b.cmp(_F.UNO, x, x), x, y)


def _log(b: _B, x):
    return None if b.f64 else _log_f32(b, x)


_RULES = {"math.exp": _exp, "math.tanh": _tanh, "math.log": _log}


def _is_float(ty) -> bool:
    elt = ir.VectorType(ty).element_type if isinstance(ty, ir.VectorType) else ty
    return isinstance(elt, (ir.F32Type, ir.F64Type))


def fast_math_pass(module_op, pass_) -> None:
    """The `fast-math-polynomials` pass."""
    ops = []

    def visit(op):
        if op.name in _RULES:
            ops.append(op)
        return ir.WalkResult.ADVANCE

    module_op.walk(visit, ir.WalkOrder.POST_ORDER)
    for op in ops:
        x = op.operands[0]
        if not _is_float(x.type):
            continue
        with op.location, ir.InsertionPoint(op):
            y = _RULES[op.name](_B(x.type), x)
        if y is None:
            continue
        op.results[0].replace_all_uses_with(y)
        op.erase()
