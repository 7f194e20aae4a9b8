"""`dsc-verify`: check every dsc op against its shape rule.

In: any module. Out: the same module, unchanged; for each dsc op whose
operands, attributes or result type break its rule in `shape_rules`, an error
diagnostic at the op's location (file:line:col in parsed files, the user's
Python line in traced code) and a pass failure.
"""

from __future__ import annotations

from mlir import ir

from . import shape_rules
from .dsc import is_dsc, op_attrs
from .types import from_mlir


def dsc_ops(module_op) -> list:
    """All dsc ops nested in `module_op`, in pre-order."""
    found = []

    def visit(op):
        if is_dsc(op):
            found.append(op)
        return ir.WalkResult.ADVANCE

    module_op.walk(visit, ir.WalkOrder.PRE_ORDER)
    return found


def check_op(op) -> str | None:
    """The error message for a malformed dsc op, or None if it is well-formed."""
    name = op.name[len("dsc."):]
    try:
        if name not in shape_rules.RULES:
            return f"'{op.name}' is not a dsc op"
        if len(op.results) != 1:
            return f"'{op.name}' must have exactly one result"
        ins = [from_mlir(v.type) for v in op.operands]
        actual = from_mlir(op.results[0].type)
        expected = shape_rules.infer(name, ins, op_attrs(op), actual)
    except (ValueError, TypeError, MemoryError) as e:  # MemoryError: a huge splat constant (found by test/fuzz)
        msg = str(e)  # shape-rule messages start with "dsc.<op>:"; name the op in the others too
        return msg if msg.startswith(f"{op.name}:") else f"{op.name}: {msg}"
    if expected != actual:
        return f"'{op.name}' result type should be {expected}, but is {actual}"
    return None


def verify_module(module_op) -> list:
    """Check all dsc ops; emit a diagnostic per bad op and return the messages."""
    errors = []
    for op in dsc_ops(module_op):
        msg = check_op(op)
        if msg is not None:
            op.location.emit_error(msg)
            errors.append(msg)
    return errors


def dsc_verify_pass(op, pass_) -> None:
    """The `dsc-verify` pass."""
    if verify_module(op):
        pass_.signal_pass_failure()
