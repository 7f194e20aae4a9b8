"""Push a batch dimension through a list of dsc ops (the vmap sweep).

`batch_ops(ops, batched)` walks the ops in program order; `batched` maps
ir.Values (the per-example placeholders of the inputs) to their batched
Tracers (batch dimension in front). An op with a batched operand is
re-emitted through its rule in `rules.BATCH_RULES`, at its own location; an
op without one is left as it is (and shared by every example). The per-example
ops that nothing uses any more are removed later by `dsc-canonicalize`.
"""

from __future__ import annotations

from descend.dialects.dsc import op_attrs
from descend.tracing import current_trace

from .rules import BATCH_RULES


def batch_ops(ops, batched: dict, size: int, with_scalars: bool = False):
    """Returns `batched` extended to every value the batched inputs reach (and, with
    `with_scalars`, the map of i1 scalars extracted from batched predicates)."""
    from descend.control.regions import GLUE
    from descend.control.rules import BATCH_CONTROL

    trace = current_trace()
    batched = dict(batched)
    scalars = {}  # i1 scalar (tensor.extract of a batched predicate) -> its batched tensor
    for op in ops:
        if op.name in BATCH_CONTROL:
            BATCH_CONTROL[op.name](op, batched, scalars, size)
            continue
        if op.name == "tensor.extract" and op.operands[0] in batched:
            scalars[op.results[0]] = batched[op.operands[0]]
            continue
        if op.name in GLUE:
            if any(v in batched or v in scalars for v in op.operands):
                raise NotImplementedError(f"vmap: cannot batch '{op.name}' of a per-example value")
            continue
        if not op.name.startswith("dsc."):
            raise NotImplementedError(f"vmap: cannot batch '{op.name}'")
        flags = [v in batched for v in op.operands]
        if not any(flags):
            continue
        name = op.name[len("dsc."):]
        if name not in BATCH_RULES:
            raise NotImplementedError(f"vmap: dsc.{name} has no batching rule")
        args = [batched[v] if f else trace.tracer(v) for v, f in zip(op.operands, flags)]
        out = trace.tracer(op.results[0])
        with trace.at(op.location):
            batched[op.results[0]] = BATCH_RULES[name](args, flags, size, out, **op_attrs(op))
    return (batched, scalars) if with_scalars else batched
