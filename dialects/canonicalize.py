"""`dsc-canonicalize`: folding, common-subexpression elimination and
dead-code elimination for dsc ops.

In: a module with dsc ops. Out: the same module where identity ops
(`dsc.convert`, `dsc.reshape`, `dsc.transpose` whose result type equals the
operand's and that change nothing) are folded away, identical dsc ops (same
name, operands, attributes and result type) in the same block are merged into
the first one, and dsc ops with unused results are erased. Upstream CSE and
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


def dce_block(block) -> int:
    """Erase dsc ops whose results are unused, last to first; returns the count."""
    removed = 0
    for op in reversed([o.operation for o in block.operations]):
        if is_dsc(op) and all(len(list(r.uses)) == 0 for r in op.results):
            op.erase()
            removed += 1
    return removed


def canonicalize(module_op) -> None:
    """Run folding, CSE and DCE over every block nested in `module_op`."""
    for block in list(_blocks(module_op)):
        fold_block(block)
        cse_block(block)
        dce_block(block)


def dsc_canonicalize_pass(op, pass_) -> None:
    """The `dsc-canonicalize` pass."""
    canonicalize(op)

