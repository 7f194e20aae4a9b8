"""`hoist-loop-invariants{reciprocal=1}`: loop-invariant code motion on affine loops,
and division by a loop-invariant value as a multiplication.

In: affine loops over memrefs (after `fuse-row-loops`, before vectorization). A
fused layernorm computes, per element of a row, `x / sqrt(var / n + eps)`: the
row's variance is loaded, divided, added to and square-rooted inside the
element loop, once per element.

Out: in every `affine.for` with constant bounds and at least one iteration
(innermost first), the ops of its body whose operands are all defined outside
it move before it: `arith`/`math` ops, `affine.apply`, and `affine.load`s of a
buffer that nothing in the loop writes (a buffer is its root through views;
distinct function arguments are distinct buffers: descend's outputs are fresh
arrays and inputs are never written). Loops holding other ops (calls, scf
control flow, copies) are left alone. Every op of such a loop runs at least once
per execution of the loop, so nothing that may trap is made to run more often.

With `reciprocal=1`, an `arith.divf %a, %b` left in a loop of at least two
iterations whose divisor is defined outside it and is not a constant (a row sum,
a norm) becomes `(%a * %p) * %r` with `%p` a power of two that brings `%b` into
[0.5, 1) and `%r = 1 / (%b * %p)`, computed once before the loop: two
multiplications per element instead of a division (a vector division has
several times a multiplication's reciprocal throughput). The result
differs from the correctly rounded quotient by about 1 ulp (two roundings
instead of one: `-ffast-math`'s `arcp`), over the whole range: the scaling
keeps the reciprocal from overflowing or underflowing (divisors that are
subnormal, near the largest float, 0, inf or NaN give what `a / b` gives).
Constant divisors are kept (`x / 3` stays exact).

The switches: `DESCEND_LICM=0` (no hoisting) and `DESCEND_RECIPROCAL=0` (divisions
kept) (see pipeline.py).
"""

from __future__ import annotations

from mlir import ir

from .loop_opts import _body, _const_bounds, _ops_of, _walk_children_op
from .row_fusion import _BODY_OPS, _root_row

_PURE_PREFIXES = ("arith.", "math.")


def _defined_in(value, loop) -> bool:
    owner = value.owner
    op = owner.owner if isinstance(owner, ir.Block) else (owner.operation if hasattr(owner, "operation") else owner)
    while op is not None:
        if op == loop:
            return True
        op = op.parent
    return False


def _simple(loop) -> bool:
    for o in _walk_children_op(loop):
        if o == loop or o.name in _BODY_OPS or o.name.startswith(_PURE_PREFIXES):
            continue
        return False
    return True


def _written_roots(loop) -> list:
    return [_root_row(o.operands[1])[0] for o in _walk_children_op(loop) if o.name == "affine.store"]


def _is_constant(value) -> bool:
    owner = value.owner
    if isinstance(owner, ir.Block):
        return False
    op = owner.operation if hasattr(owner, "operation") else owner
    return op.name == "arith.constant"


def _hoist(loop, reciprocal: bool) -> None:
    bounds = _const_bounds(loop)
    if bounds is None or bounds[1] <= bounds[0] or not _simple(loop):
        return
    written = _written_roots(loop)
    body = _body(loop)
    for op in list(body.operations)[:-1]:
        if op.name == "affine.for" or any(_defined_in(v, loop) for v in op.operands):
            continue
        if op.name.startswith(_PURE_PREFIXES) or op.name == "affine.apply":
            op.move_before(loop)
        elif op.name == "affine.load" and not any(_root_row(op.operands[0])[0] == w for w in written):
            op.move_before(loop)
    trips = (bounds[1] - bounds[0] + bounds[2] - 1) // bounds[2]
    if not reciprocal or trips < 2:
        return
    from mlir.dialects import arith

    for op in list(body.operations)[:-1]:
        if op.name != "arith.divf":
            continue
        num, den = op.operands[0], op.operands[1]
        if _defined_in(den, loop) or _is_constant(den) or not _defined_in(num, loop):
            continue
        ty = den.type
        if not isinstance(ty, (ir.F32Type, ir.F64Type)):
            continue
        with op.location, ir.InsertionPoint(loop):
            scale, inv = _scaled_reciprocal(den, ty)
        with op.location, ir.InsertionPoint(op):
            mul = arith.mulf(arith.mulf(num, scale), inv)
        op.results[0].replace_all_uses_with(mul)
        op.erase()


def _scaled_reciprocal(b, ty):
    """(p, r) with p = 2^k a normal power of two such that b*p is in [0.5, 1) for most b
    ([0.5, 4) for all normal b) and r = 1 / (b*p): a / b = (a * p) * r. a * p is exact
    unless it overflows (then so does a / b, as r > 1 there) or the quotient is subnormal,
    and r neither overflows nor underflows; divisors that are subnormal, near the largest
    float, 0, inf or NaN give what a / b gives. So the quotient is off by about 1 ulp (two
    roundings), a few units of the last subnormal place where it is subnormal."""
    from mlir.dialects import arith, math

    f64 = isinstance(ty, ir.F64Type)
    ity = ir.IntegerType.get_signless(64 if f64 else 32)
    mant, bias = (52, 1023) if f64 else (23, 127)

    def ci(v):
        return arith.constant(ity, ir.IntegerAttr.get(ity, v))

    exp = arith.shrui(arith.bitcast(ity, math.absf(b)), ci(mant))  # biased exponent E
    k = arith.subi(ci(bias - 1), exp)  # b * 2^k in [0.5, 1) for normal b
    k = arith.minsi(arith.maxsi(k, ci(1 - bias)), ci(bias - 2))  # 2^k normal
    p = arith.bitcast(ty, arith.shli(arith.addi(k, ci(bias)), ci(mant)))
    one = arith.constant(ty, ir.FloatAttr.get(ty, 1.0))
    return p, arith.divf(one, arith.mulf(b, p))


def make_hoist_invariants(opts):
    """`hoist-loop-invariants{reciprocal=0|1}` (see the module docstring)."""
    reciprocal = opts.get("reciprocal", "1") not in ("0", "false")

    def run(module_op, pass_) -> None:
        for loop in _ops_of(module_op, "affine.for"):  # post-order: innermost first
            _hoist(loop, reciprocal)

    return run
