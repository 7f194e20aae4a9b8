"""`linalg-innermost-contiguous`: choose the innermost loop of each contraction.

In: linalg.generic ops on tensors (after fusion). Out: the same ops with their
iteration dimensions permuted so that the innermost loop is the dimension most
operands read or write contiguously (the last index of their row-major
layout), the others keeping their order. `convert-linalg-to-affine-loops` nests
loops in dimension order, so this decides the inner loop of every matmul-like
contraction: `x @ W` iterates (m, k, n) with n innermost (B and C rows
contiguous), `x @ W.T` keeps k innermost (two dot products), `x.T @ ct` (the
weight gradient of a dense layer) gets n innermost instead of a column walk.
Why here, after fusion: a transpose fused into a contraction changes which
dimension is contiguous, so the order cannot be chosen when lowering dsc.

Only generics whose indexing maps are pure dimension lists and whose bodies do
not read loop indices (linalg.index) are changed.
"""

from __future__ import annotations

from mlir import ir

from .ir_walk import ops_named


def _dims(amap):
    out = []
    for e in amap.results:
        if not isinstance(e, ir.AffineDimExpr):
            return None
        out.append(ir.AffineDimExpr(e).position)
    return out


def _score(dim, maps) -> int:
    """+1 per operand whose last index is `dim`, -1 per operand that uses it elsewhere."""
    s = 0
    for m in maps:
        if m and m[-1] == dim:
            s += 1
        elif dim in m:
            s -= 1
    return s


def _interchange(op) -> None:
    maps_attr = ir.ArrayAttr(op.attributes["indexing_maps"])
    amaps = [ir.AffineMapAttr(a).value for a in maps_attr]
    n = amaps[0].n_dims
    dims = [_dims(m) for m in amaps]
    if n < 2 or any(d is None for d in dims):
        return
    iters = list(ir.ArrayAttr(op.attributes["iterator_types"]))
    if not any("reduction" in str(it) for it in iters):
        return
    best = max(range(n), key=lambda d: (_score(d, dims), d))
    if best == n - 1 or _score(best, dims) <= _score(n - 1, dims):
        return
    order = [d for d in range(n) if d != best] + [best]  # new dim i iterates old dim order[i]
    new_pos = {old: i for i, old in enumerate(order)}
    new_maps = [ir.AffineMap.get(n, 0, [ir.AffineDimExpr.get(new_pos[d]) for d in m]) for m in dims]
    op.attributes["indexing_maps"] = ir.ArrayAttr.get([ir.AffineMapAttr.get(m) for m in new_maps])
    op.attributes["iterator_types"] = ir.ArrayAttr.get([iters[d] for d in order])


def _reads_indices(op) -> bool:
    return bool(ops_named(op, "linalg.index"))


def interchange_pass(module_op, pass_) -> None:
    """The `linalg-innermost-contiguous` pass."""
    generics = []

    def visit(o):
        if o.name == "linalg.generic":
            generics.append(o)
        return ir.WalkResult.ADVANCE

    module_op.walk(visit, ir.WalkOrder.PRE_ORDER)
    with module_op.context:
        for op in generics:
            if not _reads_indices(op):
                _interchange(op)
