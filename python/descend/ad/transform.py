"""Forward and reverse mode over a list of dsc ops.

Both functions work on the ops of one block, in program order: either the
body of a function (the `dsc-jvp`/`dsc-vjp`/`dsc-grad` passes) or the ops a
Python call just appended to the current trace (`descend.grad` & co). They
emit the derivative ops into the current trace, each at the location of the
op it differentiates, and return Tracers.

Values are keyed by their `ir.Value`. Only floating-point values carry
tangents/cotangents; None stands for a symbolic zero, so no work is emitted
for values the inputs do not reach.
"""

from __future__ import annotations

from descend.dialects.dsc import op_attrs
from descend.tracing import current_trace

from .jvp_rules import JVP_RULES, ZERO_DERIVATIVE
from .util import add_any, is_differentiable
from .vjp_rules import VJP_RULES


def _name(op) -> str:
    return op.name[len("dsc."):]


def _check_dsc(op):
    if not op.name.startswith("dsc."):
        raise NotImplementedError(f"autodiff: cannot differentiate through '{op.name}'")


def _missing(kind, op):
    return NotImplementedError(f"autodiff: dsc.{_name(op)} has no {kind} rule")


def jvp_ops(ops, tangents: dict) -> dict:
    """Forward mode: `tangents` maps input ir.Values to tangent Tracers; returns the
    map extended to every value the inputs reach (values not in it have zero tangent)."""
    trace = current_trace()
    tangents = dict(tangents)
    for op in ops:
        _check_dsc(op)
        ins = [tangents.get(v) for v in op.operands]
        if all(t is None for t in ins):
            continue
        name = _name(op)
        out_val = op.results[0]
        out = trace.tracer(out_val)
        if name in ZERO_DERIVATIVE or not is_differentiable(out.aval):
            continue
        if name not in JVP_RULES:
            raise _missing("forward-mode (jvp)", op)
        primals = [trace.tracer(v) for v in op.operands]
        with trace.at(op.location):
            t = JVP_RULES[name](primals, ins, out, **op_attrs(op))
        if t is not None:
            tangents[out_val] = t
    return tangents


def active_values(ops, inputs) -> set:
    """The values that depend on `inputs` through differentiable ops."""
    active = set(inputs)
    for op in ops:
        if _name(op) in ZERO_DERIVATIVE:
            continue
        if any(v in active for v in op.operands):
            for r in op.results:
                if is_differentiable(current_trace().tracer(r).aval):
                    active.add(r)
    return active


def vjp_ops(ops, inputs, cotangents: dict) -> list:
    """Reverse mode: `cotangents` maps output ir.Values to their cotangent Tracers;
    returns the cotangent of each of `inputs` (None where it is zero)."""
    trace = current_trace()
    for op in ops:
        _check_dsc(op)
    active = active_values(ops, inputs)
    cts = dict(cotangents)
    for op in reversed(ops):
        out_val = op.results[0]
        ct = cts.pop(out_val, None)
        if ct is None or out_val not in active:
            continue
        name = _name(op)
        if name not in VJP_RULES:
            raise _missing("reverse-mode (vjp)", op)
        primals = [trace.tracer(v) for v in op.operands]
        with trace.at(op.location):
            in_cts = VJP_RULES[name](ct, primals, trace.tracer(out_val), **op_attrs(op))
        for v, c in zip(op.operands, in_cts):
            if c is not None and v in active:
                cts[v] = add_any(cts.get(v), c)
    return [cts.get(v) for v in inputs]
