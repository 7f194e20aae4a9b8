"""Elementwise dsc ops as arith/math computations, one entry per op name.

Each rule takes MLIR values (all of one type: scalars, or tensors of equal
shape) and the operand dtype, and returns the result value built at the
current insertion point. The same rules build scalar bodies (inside
linalg.generic regions) and whole-tensor ops: arith and math ops are
elementwise-mappable, so on tensors `convert-elementwise-to-linalg` turns each
into a linalg.generic and `linalg-fuse-elementwise-ops` fuses the chain (and
folds the splat constants made by `const`).

Unsigned dtypes (uint8 ... uint64, `ui*` element types until `signless_pass`) pick the
unsigned arith ops (divui, remui, maxui, minui, cmpi ult/ule/ugt/uge, uitofp, extui,
fptoui). bfloat16 rules run in float32 and round back (`_via_f32`).
"""

from __future__ import annotations

import numpy as np
from mlir import ir
from mlir.dialects import arith, math

from descend.dialects.types import element_type, is_float, is_unsigned

_I64_MIN = np.iinfo(np.int64).min


def _int_attr(elt, value) -> ir.IntegerAttr:
    """IntegerAttr of `elt` holding `value`; a uint64 value above 2^63 is passed as the
    int64 of the same bits (the bindings take int64)."""
    value = int(value)
    if value >= 1 << 63:
        value -= 1 << 64
    return ir.IntegerAttr.get(elt, value)


def const(like: ir.Value, value) -> ir.Value:
    """A constant with the type of `like` (scalar, or a splat tensor) holding `value`."""
    ty = like.type
    elt = ir.ShapedType(ty).element_type if isinstance(ty, ir.ShapedType) else ty
    if isinstance(elt, ir.FloatType):
        attr = ir.FloatAttr.get(elt, float(value))
    else:
        attr = _int_attr(elt, value)
    if isinstance(ty, ir.ShapedType):
        attr = ir.DenseElementsAttr.get_splat(ty, attr)
    return arith.constant(ty, attr)


def scalar_const(dtype: str, value) -> ir.Value:
    """A scalar constant of `dtype`."""
    elt = element_type(dtype)
    if isinstance(elt, ir.FloatType):
        return arith.constant(elt, ir.FloatAttr.get(elt, float(value)))
    return arith.constant(elt, _int_attr(elt, value))


def _sign(x, dtype):
    if is_float(dtype):
        nonzero = arith.cmpf(arith.CmpFPredicate.ONE, x, const(x, 0.0))
        return arith.select(nonzero, math.copysign(const(x, 1.0), x), x)
    if is_unsigned(dtype):
        return arith.select(arith.cmpi(arith.CmpIPredicate.ne, x, const(x, 0)), const(x, 1), const(x, 0))
    pos = arith.select(arith.cmpi(arith.CmpIPredicate.sgt, x, const(x, 0)), const(x, 1), const(x, 0))
    neg = arith.select(arith.cmpi(arith.CmpIPredicate.slt, x, const(x, 0)), const(x, 1), const(x, 0))
    return arith.subi(pos, neg)


def _logistic(x, dtype):
    one = const(x, 1.0)
    return arith.divf(one, arith.addf(one, math.exp(arith.negf(x))))


def _log1p(x):
    """log(1 + x), accurate for small |x| (Kahan's trick: log(u) * x / (u - 1) with u = 1 + x,
    the rounding of u cancels). math.log1p is not used: convert-math-to-llvm expands it to
    log(1 + x), 19% off at x = 1e-7 in float32 and 0 for |x| < 6e-8 (test_numerics_edges.py)."""
    one = const(x, 1.0)
    u = arith.addf(one, x)
    d = arith.subf(u, one)
    r = arith.mulf(math.log(u), arith.divf(x, d))
    r = arith.select(arith.cmpf(arith.CmpFPredicate.OEQ, u, const(x, float("inf"))), u, r)
    return arith.select(arith.cmpf(arith.CmpFPredicate.OEQ, d, const(x, 0.0)), x, r)


def _expm1(x):
    """exp(x) - 1, accurate for small |x| (Kahan's trick: (u - 1) * x / log(u) with u = exp(x));
    math.expm1 is lowered to exp(x) - 1 by convert-math-to-llvm (see _log1p)."""
    one = const(x, 1.0)
    u = math.exp(x)
    um1 = arith.subf(u, one)
    r = arith.divf(arith.mulf(um1, x), math.log(u))
    # for |x| > 1, u - 1 has no cancellation (and (u - 1) * x would overflow near 88.7)
    r = arith.select(arith.cmpf(arith.CmpFPredicate.OGT, math.absf(x), one), um1, r)
    return arith.select(arith.cmpf(arith.CmpFPredicate.OEQ, u, one), x, r)


def _int_div(x, y, dtype):
    """Truncating division that never traps: x / 0 = -1 and MIN / -1 = MIN
    (XLA's convention), instead of x86's SIGFPE. Unsigned: divui, x / 0 = all ones
    (XLA's -1 bits)."""
    if is_unsigned(dtype):
        y_zero = arith.cmpi(arith.CmpIPredicate.eq, y, const(y, 0))
        q = arith.divui(x, arith.select(y_zero, const(y, 1), y))
        return arith.select(y_zero, const(x, -1), q)
    zero, one, minus1 = const(y, 0), const(y, 1), const(y, -1)
    y_zero = arith.cmpi(arith.CmpIPredicate.eq, y, zero)
    y_m1 = arith.cmpi(arith.CmpIPredicate.eq, y, minus1)
    safe = arith.select(arith.ori(y_zero, y_m1), one, y)
    q = arith.divsi(x, safe)
    q = arith.select(y_m1, arith.subi(zero, x), q)
    return arith.select(y_zero, minus1, q)


def _int_rem(x, y, dtype):
    """C remainder that never traps: x % 0 = x, x % -1 = 0 (unsigned: remui, x % 0 = x)."""
    if is_unsigned(dtype):
        y_zero = arith.cmpi(arith.CmpIPredicate.eq, y, const(y, 0))
        r = arith.remui(x, arith.select(y_zero, const(y, 1), y))
        return arith.select(y_zero, x, r)
    zero, one, minus1 = const(y, 0), const(y, 1), const(y, -1)
    y_zero = arith.cmpi(arith.CmpIPredicate.eq, y, zero)
    y_m1 = arith.cmpi(arith.CmpIPredicate.eq, y, minus1)
    safe = arith.select(arith.ori(y_zero, y_m1), one, y)
    r = arith.remsi(x, safe)
    r = arith.select(y_m1, zero, r)
    return arith.select(y_zero, x, r)


def _int_pow(x, y, dtype):
    """Integer power; negative exponents give 0 except for bases 1 and -1 (as numpy/JAX),
    0 ** negative included: MLIR's ipowi computes `1 / 0` there (undefined behaviour, a
    SIGFPE on x86 if it is ever executed), so base 0 is replaced by 2 (2 ** negative = 0).
    Unsigned: exponents are never negative; square-and-multiply (wrapping) is sign-agnostic."""
    if is_unsigned(dtype):
        return _upow(x, y)
    zero_base = arith.andi(arith.cmpi(arith.CmpIPredicate.eq, x, const(x, 0)), arith.cmpi(arith.CmpIPredicate.slt, y, const(y, 0)))
    return math.ipowi(arith.select(zero_base, const(x, 2), x), y)


def _upow(x, y):
    """x ** y for unsigned y by square-and-multiply, unrolled over the bits of y (math.ipowi
    would read y as signed: 2 ** 255 as uint8 must be 0, not 2 ** -1)."""
    bits = ir.IntegerType(ir.ShapedType(x.type).element_type if isinstance(x.type, ir.ShapedType) else x.type).width
    acc, base = const(x, 1), x
    for i in range(bits):
        bit = arith.cmpi(arith.CmpIPredicate.ne, arith.andi(y, const(y, 1 << i)), const(y, 0))
        acc = arith.select(bit, arith.muli(acc, base), acc)
        if i + 1 < bits:
            base = arith.muli(base, base)
    return acc


def _f(float_fn, int_fn=None, bool_fn=None, uint_fn=None):
    """Dispatch on the operand dtype (`uint_fn`, if given, for unsigned integers)."""

    def rule(*args):
        *vals, dtype = args
        if is_float(dtype):
            return float_fn(*vals)
        if dtype == "bool" and bool_fn is not None:
            return bool_fn(*vals)
        if uint_fn is not None and is_unsigned(dtype):
            return uint_fn(*vals)
        if int_fn is None:
            raise NotImplementedError(f"no integer lowering ({dtype})")
        return int_fn(*vals)

    return rule


UNARY = {
    "neg": _f(arith.negf, lambda x: arith.subi(const(x, 0), x)),
    "abs": _f(math.absf, math.absi, uint_fn=lambda x: x),
    "sign": _sign,
    "exp": _f(math.exp),
    "log": _f(math.log),
    "log1p": _f(_log1p),
    "expm1": _f(_expm1),
    "sqrt": _f(math.sqrt),
    "rsqrt": _f(math.rsqrt),
    "sin": _f(math.sin),
    "cos": _f(math.cos),
    "tan": _f(math.tan),
    "tanh": _f(math.tanh),
    "logistic": _logistic,
    "floor": _f(math.floor),
    "ceil": _f(math.ceil),
    "round": _f(math.roundeven),
    "not": _f(None, lambda x: arith.xori(x, const(x, -1)), lambda x: arith.xori(x, const(x, 1))),
}

BINARY = {
    "add": _f(arith.addf, arith.addi),
    "sub": _f(arith.subf, arith.subi),
    "mul": _f(arith.mulf, arith.muli),
    "div": lambda x, y, dt: arith.divf(x, y) if is_float(dt) else _int_div(x, y, dt),
    "rem": lambda x, y, dt: arith.remf(x, y) if is_float(dt) else _int_rem(x, y, dt),
    "pow": lambda x, y, dt: math.powf(x, y) if is_float(dt) else _int_pow(x, y, dt),
    "max": _f(arith.maximumf, arith.maxsi, arith.ori, arith.maxui),
    "min": _f(arith.minimumf, arith.minsi, arith.andi, arith.minui),
    "atan2": _f(math.atan2),
    "and": _f(None, arith.andi, arith.andi),
    "or": _f(None, arith.ori, arith.ori),
    "xor": _f(None, arith.xori, arith.xori),
}

# asin ... digamma, bit counts and shifts (lowering/special_math.py)
from .special_math import BINARY as _SPECIAL_BINARY  # noqa: E402
from .special_math import UNARY as _SPECIAL_UNARY  # noqa: E402

UNARY.update(_SPECIAL_UNARY)
BINARY.update(_SPECIAL_BINARY)



def _retyped(v, elt):
    """The type of `v` (a scalar or a shaped type) with element type `elt`."""
    if isinstance(v.type, ir.ShapedType):
        return ir.RankedTensorType.get(ir.ShapedType(v.type).shape, elt)
    return elt


def f32_to_bf16(x, dst_type):
    """float32 -> bfloat16, rounding to nearest even (NaN stays NaN), as bit arithmetic:
    LLVM's own fptrunc to bfloat on x86 flushes subnormal results to zero."""
    i32, i16 = ir.IntegerType.get_signless(32), ir.IntegerType.get_signless(16)
    bits = arith.bitcast(_retyped(x, i32), x)
    lsb = arith.andi(arith.shrui(bits, const(bits, 16)), const(bits, 1))
    rounded = arith.shrui(arith.addi(bits, arith.addi(lsb, const(bits, 0x7FFF))), const(bits, 16))
    nan = arith.cmpf(arith.CmpFPredicate.UNO, x, x)
    rounded = arith.select(nan, arith.ori(arith.shrui(bits, const(bits, 16)), const(bits, 0x40)), rounded)
    return arith.bitcast(dst_type, arith.trunci(_retyped(x, i16), rounded))


def _via_f32(rule):
    """bfloat16 (stored in 16 bits) is computed in float32 and rounded back to bfloat16 after
    each op, as XLA does on the CPU: operands are extended with arith.extf, the float32
    rule runs, a float32 result is truncated (round to nearest even) with arith.truncf."""

    def wrapped(*args):
        *vals, dtype = args
        if dtype != "bfloat16":
            return rule(*vals, dtype)
        f32 = ir.F32Type.get()
        wide = [arith.extf(_retyped(v, f32), v) for v in vals]
        out = rule(*wide, "float32")
        elt = ir.ShapedType(out.type).element_type if isinstance(out.type, ir.ShapedType) else out.type
        return f32_to_bf16(out, vals[0].type) if elt == f32 else out

    return wrapped


UNARY = {name: _via_f32(rule) for name, rule in UNARY.items()}
BINARY = {name: _via_f32(rule) for name, rule in BINARY.items()}

_CMPF = {"EQ": "OEQ", "NE": "UNE", "LT": "OLT", "LE": "OLE", "GT": "OGT", "GE": "OGE"}
_CMPI = {"EQ": "eq", "NE": "ne", "LT": "slt", "LE": "sle", "GT": "sgt", "GE": "sge"}
_CMPU = {"EQ": "eq", "NE": "ne", "LT": "ult", "LE": "ule", "GT": "ugt", "GE": "uge"}


def compare(x, y, dtype: str, direction: str):
    """Comparison with numpy's NaN semantics (NE is true for NaN, the rest false)."""
    if is_float(dtype):
        return arith.cmpf(getattr(arith.CmpFPredicate, _CMPF[direction]), x, y)
    table = _CMPU if dtype == "bool" or is_unsigned(dtype) else _CMPI
    return arith.cmpi(getattr(arith.CmpIPredicate, table[direction]), x, y)


def convert(x, src: str, dst: str, dst_type: ir.Type):
    """Cast `x` from dtype `src` to dtype `dst` (`dst_type` is the MLIR result type)."""
    if src == dst:
        return x
    if dst == "bool":
        if is_float(src):
            return arith.cmpf(arith.CmpFPredicate.UNE, x, const(x, 0.0))
        return arith.cmpi(arith.CmpIPredicate.ne, x, const(x, 0))
    if is_float(src) and is_float(dst):
        f32 = ir.F32Type.get()
        if dst == "bfloat16" and src != "float64":  # float16 goes through float32 (exactly)
            return f32_to_bf16(x if src == "float32" else arith.extf(_retyped(x, f32), x), dst_type)
        if src == "bfloat16" and dst == "float16":
            return arith.truncf(dst_type, arith.extf(_retyped(x, f32), x))
        wider = np.dtype(dst).itemsize > np.dtype(src).itemsize
        return arith.extf(dst_type, x) if wider else arith.truncf(dst_type, x)
    if is_float(dst):
        return arith.uitofp(dst_type, x) if src == "bool" or is_unsigned(src) else arith.sitofp(dst_type, x)
    if is_float(src):
        return _float_to_unsigned(x, src, dst, dst_type) if is_unsigned(dst) else arith.fptosi(dst_type, x)
    if src == "bool":
        return arith.extui(dst_type, x)
    wider = np.dtype(dst).itemsize > np.dtype(src).itemsize
    if not wider:
        # same width, int <-> uint: the same bits (erased to a no-op by lowering/signless.py)
        return arith.bitcast(dst_type, x) if np.dtype(dst).itemsize == np.dtype(src).itemsize else arith.trunci(dst_type, x)
    return arith.extui(dst_type, x) if is_unsigned(src) else arith.extsi(dst_type, x)


def _float_to_unsigned(x, src: str, dst: str, dst_type):
    """float -> uint: truncation toward zero for values in range, as NumPy. Out of range,
    NumPy's result is undefined; descend saturates as JAX (XLA) does: negatives and NaN give
    0, values >= 2^bits (and inf) give the largest value (-1.0 -> 0, 300.0 -> 255 as uint8)."""
    bits = np.dtype(dst).itemsize * 8
    positive = arith.cmpf(arith.CmpFPredicate.OGT, x, const(x, 0.0))  # false for NaN
    clamped = arith.select(positive, x, const(x, 0.0))
    too_big = arith.cmpf(arith.CmpFPredicate.OGE, clamped, const(x, float(2**bits)))
    safe = arith.select(too_big, const(x, 0.0), clamped)
    out = arith.fptoui(dst_type, safe)
    return arith.select(too_big, const(out, 2**bits - 1), out)
