"""`split-reduction-accumulators{factor=K}`: K independent accumulators per reduction loop.

In: vectorized affine loops (after `guarded-super-vectorize` and
`vector-transfer-in-bounds`). A row reduction is one chain of dependent ops:

    %m = affine.for %i = 0 to 1024 step 16 iter_args(%acc = %init) -> (vector<16xf32>) {
      %v = vector.transfer_read ...
      %n = arith.maximumf %acc, %v      // waits for the previous iteration
      affine.yield %n
    }

so it runs at the latency of the combining op (a NaN-propagating `maximumf` is
six dependent instructions on x86), not at the machine's throughput.

Out: the loop runs K iterations per trip, each into its own accumulator (the
first starts from the loop's initial value, the others from the op's identity:
-0.0 for addf, 1 for mulf, -inf/+inf for maximumf/minimumf, NaN for
maxnumf/minnumf, 0/1/all-ones/extremes for the integer ops); the accumulators
are combined pairwise after the loop, and the iterations left over (the trip
count modulo K) run in the original loop, from the combined value.

Applied to innermost `affine.for`s with constant bounds, at least 2K
iterations, and results, where each result is yielded by an op of the body
from the list below that uses its iteration argument once, the argument and the
op's result having no other use (a scan, which stores every running value, is
left alone). Integer and max/min combinations give the same result in any
order; float sums and products are reassociated (as XLA and `-ffast-math` do):
the error bound of a sum of n terms stays of the order of log2(n) + n/K ulp of
the sum of magnitudes (see test_reduction_speed_paths.py).

The switch: `DESCEND_MULTI_ACC=0` keeps one accumulator (see pipeline.py).
"""

from __future__ import annotations

from mlir import ir
from mlir.dialects import affine, arith

from .loop_opts import _body, _const_bounds, _ops_of, _remap_operands, _walk_children

_FLOAT = {"arith.addf", "arith.mulf", "arith.maximumf", "arith.minimumf", "arith.maxnumf", "arith.minnumf"}
_INT = {"arith.addi", "arith.muli", "arith.andi", "arith.ori", "arith.xori", "arith.maxsi", "arith.minsi",
        "arith.maxui", "arith.minui"}


def _identity(name: str, ty):
    """The identity element of `name` on type `ty` (scalar or vector), as a constant op's value."""
    elt = ir.VectorType(ty).element_type if isinstance(ty, ir.VectorType) else ty
    if name in _FLOAT:
        value = {"arith.addf": -0.0, "arith.mulf": 1.0, "arith.maximumf": float("-inf"),
                 "arith.minimumf": float("inf"), "arith.maxnumf": float("nan"), "arith.minnumf": float("nan")}[name]
        attr = ir.FloatAttr.get(elt, value)
    else:
        width = ir.IntegerType(elt).width
        value = {"arith.addi": 0, "arith.muli": 1, "arith.andi": -1, "arith.ori": 0, "arith.xori": 0,
                 "arith.maxsi": -(1 << (width - 1)), "arith.minsi": (1 << (width - 1)) - 1,
                 "arith.maxui": 0, "arith.minui": -1}[name]
        attr = ir.IntegerAttr.get(elt, value)
    if isinstance(ty, ir.VectorType):
        attr = ir.DenseElementsAttr.get_splat(ty, attr)
    return arith.constant(ty, attr)


def _combiners(loop):
    """For each iteration argument, the op that combines it into the yielded value; None if
    the loop is not a plain reduction."""
    body = _body(loop)
    ops = list(body.operations)
    term = ops[-1]
    args = list(body.arguments)[1:]
    out = []
    for k, arg in enumerate(args):
        v = term.operands[k]
        owner = v.owner
        if isinstance(owner, ir.Block):
            return None
        op = owner.operation if hasattr(owner, "operation") else owner
        if op.parent != loop or op.name not in _FLOAT | _INT or len(op.operands) != 2:
            return None
        if sum(1 for x in op.operands if x == arg) != 1 or len(list(arg.uses)) != 1:
            return None
        if len(list(op.results[0].uses)) != 1:  # a running value used in the body (a scan)
            return None
        out.append(op)
    return out


def _combine(name, a, b, attrs):
    return ir.Operation.create(name, results=[a.type], operands=[a, b], attributes=attrs).results[0]


def _split(loop, factor: int) -> bool:
    bounds = _const_bounds(loop)
    if bounds is None or not len(loop.results):
        return False
    lb, ub, step = bounds
    if (ub - lb) % step or (ub - lb) // step < 2 * factor:
        return False
    if any(o.name in ("affine.for", "affine.parallel") for o in _walk_children(loop)):
        return False
    combiners = _combiners(loop)
    if combiners is None:
        return False
    n = len(combiners)
    body = _body(loop)
    inits = list(loop.operands)[-n:]
    main_ub = lb + ((ub - lb) // (step * factor)) * step * factor
    attrs = [{k: c.attributes[k] for k in c.attributes} for c in combiners]
    with loop.location, ir.InsertionPoint(loop):
        idents = [_identity(c.name, a.type) for c, a in zip(combiners, inits)]
        starts = list(inits) + [idents[i] for _ in range(factor - 1) for i in range(n)]
        new = affine.AffineForOp(lb, main_ub, step * factor, starts)
    nbody = _body(new)
    iv = nbody.arguments[0]
    d0 = ir.AffineDimExpr.get(0)
    yields = []
    with loop.location, ir.InsertionPoint(nbody):
        for k in range(factor):
            ivk = iv if k == 0 else affine.AffineApplyOp(ir.AffineMap.get(1, 0, [d0 + k * step]), [iv]).result
            remap = {body.arguments[0]: ivk}
            for i in range(n):
                remap[body.arguments[1 + i]] = nbody.arguments[1 + k * n + i]
            for op in list(body.operations)[:-1]:
                c = op.clone(ir.InsertionPoint(nbody))
                _remap_operands(c, remap)
                for j, r in enumerate(op.results):
                    remap[r] = c.results[j]
            term = list(body.operations)[-1]
            yields += [remap.get(v, v) for v in term.operands]
        affine.AffineYieldOp(yields)
    with loop.location, ir.InsertionPoint(loop):
        combined = []
        for i, c in enumerate(combiners):
            parts = [new.results[k * n + i] for k in range(factor)]
            while len(parts) > 1:
                parts = [_combine(c.name, parts[j], parts[j + 1], attrs[i]) if j + 1 < len(parts) else parts[j]
                         for j in range(0, len(parts), 2)]
            combined.append(parts[0])
    if main_ub < ub:
        loop.attributes["lowerBoundMap"] = ir.AffineMapAttr.get(ir.AffineMap.get_constant(main_ub))
        base = len(loop.operands) - n
        for i in range(n):
            loop.operands[base + i] = combined[i]
    else:
        for i in range(n):
            loop.results[i].replace_all_uses_with(combined[i])
        loop.erase()
    return True


def make_split_accumulators(opts):
    """`split-reduction-accumulators{factor=K}` (see the module docstring)."""
    factor = int(opts.get("factor", "4"))

    def run(module_op, pass_) -> None:
        if factor < 2:
            return
        for loop in _ops_of(module_op, "affine.for"):
            _split(loop, factor)

    return run
