"""`dsc-canonicalize`: dead-code elimination and common-subexpression
elimination for dsc ops.

In: a module with dsc ops. Out: the same module where dsc ops with unused
results are erased and identical dsc ops (same name, operands, attributes and
result type) in the same block are merged into the first one. Upstream CSE and
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
    """Run CSE then DCE over every block nested in `module_op`."""
    for block in list(_blocks(module_op)):
        cse_block(block)
        dce_block(block)


def dsc_canonicalize_pass(op, pass_) -> None:
    """The `dsc-canonicalize` pass."""
    canonicalize(op)

