"""`duplicate-shared-fills`: one `linalg.fill` per use, before bufferization.

In: linalg on tensors. A reduction's initial value is a `linalg.fill` of the
accumulator tensor; when two reductions (a layernorm's mean and variance, the
levels of a tree sum) start from the same fill, one-shot bufferization gives
the second one a fresh buffer and a `memref.copy` of the filled one, which is
slower than filling again and ends a run of nests `fuse-row-loops` can fuse.

Out: each extra use of a multi-use fill result gets its own clone of the fill
(same value, same destination operand, inserted just before the use), so every
accumulator is filled where it is used. Fills with one use are unchanged.
"""

from __future__ import annotations

from mlir import ir

from .loop_opts import _ops_of


def shared_fills_pass(module_op, pass_) -> None:
    """The `duplicate-shared-fills` pass."""
    for fill in _ops_of(module_op, "linalg.fill"):
        if len(fill.results) != 1:
            continue
        uses = [(u.owner, u.operand_number) for u in fill.results[0].uses]
        for owner, index in uses[1:]:
            owner = owner.operation if hasattr(owner, "operation") else owner
            if owner.parent != fill.parent:
                continue
            clone = fill.clone(ir.InsertionPoint(owner))
            owner.operands[index] = clone.results[0]
