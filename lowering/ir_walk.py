"""One IR walk the lowering passes share: the ops of a given name under an op."""

from __future__ import annotations

from mlir import ir


def ops_named(root, name: str) -> list:
    """The ops named `name` (e.g. "linalg.generic") nested in `root` (and `root` itself if it
    matches), innermost first (post-order)."""
    found = []

    def visit(op):
        if op.name == name:
            found.append(op)
        return ir.WalkResult.ADVANCE

    root.walk(visit, ir.WalkOrder.POST_ORDER)
    return found
