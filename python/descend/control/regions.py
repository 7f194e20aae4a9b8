"""Helpers for transforming ops with regions: which outer values a region
uses, and cloning a block's ops into the current trace with remapped values."""

from __future__ import annotations

from mlir import ir

TERMINATORS = ("scf.yield", "scf.condition")
# scalar glue between tensors and scf: never differentiated
GLUE = frozenset({"tensor.extract", "arith.index_cast", "tensor.from_elements", "arith.constant"})


def block_ops(block) -> list:
    """The ops of `block` without its terminator."""
    return [o.operation for o in block.operations if o.operation.name not in TERMINATORS]


def terminator(block):
    ops = [o.operation for o in block.operations]
    return ops[-1] if ops and ops[-1].name in TERMINATORS else None


def captured_values(op) -> list:
    """Values defined outside `op` and used inside its regions, in first-use order."""
    inside = set()
    used = []

    def visit(o):
        for r in o.regions:
            for b in r.blocks:
                inside.update(b.arguments)
        inside.update(o.results)
        return ir.WalkResult.ADVANCE

    op.walk(visit, ir.WalkOrder.PRE_ORDER)
    seen = set()

    def collect(o):
        if o != op:
            for v in o.operands:
                if v not in inside and v not in seen:
                    seen.add(v)
                    used.append(v)
        return ir.WalkResult.ADVANCE

    for region in op.regions:
        for block in region.blocks:
            for inner in block.operations:
                inner.operation.walk(collect, ir.WalkOrder.PRE_ORDER)
    return used


def _remap(op, mapping) -> None:
    def visit(o):
        for i, v in enumerate(o.operands):
            if v in mapping:
                o.operands[i] = mapping[v]
        return ir.WalkResult.ADVANCE

    op.walk(visit, ir.WalkOrder.PRE_ORDER)


def clone_ops(trace, ops, mapping: dict) -> list:
    """Clone `ops` at the end of the trace's current block, replacing uses of the
    keys of `mapping` (also inside nested regions); the clones' results are added
    to `mapping` and the clones to `trace.ops`. Returns the clones."""
    clones = []
    with trace.context:
        for op in ops:
            new = op.clone(ip=ir.InsertionPoint(trace.block))
            _remap(new, mapping)
            for old, res in zip(op.results, new.results):
                mapping[old] = res
            trace.ops.append(new)
            clones.append(new)
    return clones


def mapped(mapping, value):
    return mapping.get(value, value)
