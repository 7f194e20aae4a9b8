"""`dsc-canonicalize`: folding, common-subexpression elimination and
dead-code elimination for dsc ops.

In: a module with dsc ops. Out: the same module where identity ops
(`dsc.convert`, `dsc.reshape`, `dsc.transpose` whose result type equals the
operand's and that change nothing) are folded away, identical dsc ops (same
name, operands, attributes and result type) in the same block are merged into
the first one, and dsc ops with unused results are erased (so are the scalar
glue of traced control flow and dead `scf.if`/`scf.for`/`scf.while` ops whose
regions hold only such pure ops, e.g. the per-example loop vmap replaced). Upstream CSE and
DCE leave IRDL ops alone (IRDL ops declare no side-effect interface), hence
this pass. dsc ops are pure, so both rewrites are always legal.
"""

from __future__ import annotations

from .dsc import is_dsc


def _blocks(op):
    for region in op.regions:
        for block in region.blocks:
            yield block
            for inner in block.operations:
                yield from _blocks(inner.operation)


def _key(op):
    attrs = tuple(sorted((name, str(op.attributes[name])) for name in op.attributes))
    return (op.name, tuple(hash(v) for v in op.operands), attrs, str(op.results[0].type))


_IDENTITY_WHEN_SAME_TYPE = {"dsc.convert", "dsc.reshape"}


def fold_block(block) -> int:
    """Replace identity ops by their operand; returns how many were folded."""
    folded = 0
    for op in [o.operation for o in block.operations]:
        if op.name in _IDENTITY_WHEN_SAME_TYPE and op.operands[0].type == op.results[0].type:
            op.results[0].replace_all_uses_with(op.operands[0])
            op.erase()
            folded += 1
    return folded


def cse_block(block) -> int:
    """Merge identical dsc ops within `block`; returns how many were removed."""
    seen = {}
    removed = 0
    for op in [o.operation for o in block.operations]:
        if not is_dsc(op) or len(op.regions) > 0:
            continue
        key = _key(op)
        if key in seen:
            op.results[0].replace_all_uses_with(seen[key].results[0])
            op.erase()
            removed += 1
        else:
            seen[key] = op
    return removed


# Pure non-dsc ops of traced control flow: the scalar glue between tensors and scf,
# and the scf ops themselves when everything inside them is pure (see `_pure`).
_PURE_GLUE = {"tensor.extract", "tensor.from_elements", "arith.index_cast", "arith.constant"}
_SCF = {"scf.if", "scf.for", "scf.while"}
_TERMINATORS = {"scf.yield", "scf.condition"}


def _pure(op) -> bool:
    """dsc ops, the scalar glue, and scf ops whose regions hold only pure ops."""
    if is_dsc(op) or op.name in _PURE_GLUE:
        return True
    if op.name not in _SCF:
        return False
    return all(
        inner.operation.name in _TERMINATORS or _pure(inner.operation)
        for region in op.regions
        for b in region.blocks
        for inner in b.operations
    )


def dce_block(block) -> int:
    """Erase pure ops (dsc ops, scalar glue, scf control flow of pure ops) whose results are
    unused, last to first, also inside the regions of the ops that stay; returns the count.
    A dead per-example `scf.if` left behind by vmap or jvp goes with its whole body."""
    removed = 0
    for op in reversed([o.operation for o in block.operations]):
        if op.results and all(len(list(r.uses)) == 0 for r in op.results) and _pure(op):
            op.erase()
            removed += 1
            continue
        for region in op.regions:
            for b in region.blocks:
                removed += dce_block(b)
    return removed


def canonicalize(module_op) -> None:
    """Run folding and CSE over every block nested in `module_op`, then DCE."""
    for block in list(_blocks(module_op)):
        fold_block(block)
        cse_block(block)
    for region in module_op.regions:
        for block in region.blocks:
            dce_block(block)


def dsc_canonicalize_pass(op, pass_) -> None:
    """The `dsc-canonicalize` pass."""
    canonicalize(op)

