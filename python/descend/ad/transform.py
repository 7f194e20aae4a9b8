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

from descend import lax
from descend.dialects.dsc import op_attrs
from descend.tracing import current_trace
from descend.tree import tree_flatten, tree_unflatten

from .jvp_rules import JVP_RULES, ZERO_DERIVATIVE
from .util import add_any, is_differentiable
from .vjp_rules import VJP_RULES


def _name(op) -> str:
    return op.name[len("dsc."):]


def _control():
    from descend.control.regions import GLUE
    from descend.control.rules import JVP_CONTROL, VJP_CONTROL

    return GLUE, JVP_CONTROL, VJP_CONTROL


def _check_dsc(op):
    glue, jvp_control, _ = _control()
    if op.name in glue or op.name in jvp_control:
        return
    if not op.name.startswith("dsc."):
        raise NotImplementedError(f"autodiff: cannot differentiate through '{op.name}'")


def _missing(kind, op):
    return NotImplementedError(f"autodiff: dsc.{_name(op)} has no {kind} rule")


def _regions(trace, ops) -> dict:
    """op -> the custom region (see `custom`) it belongs to, for regions inside `ops`."""
    present = set(ops)
    member = {}
    for r in trace.custom_regions:
        if r.ops and r.ops[0] in present:
            for op in r.ops:
                member[op] = r
    return member


def _jvp_region(r, tangents: dict) -> None:
    """Forward mode through a custom region."""
    ins = [tangents.get(t.value) for t in r.inputs]
    if all(t is None for t in ins):
        return
    if r.kind == "vjp":
        raise TypeError("can't apply forward-mode autodiff (jvp) to a custom_vjp function (as in JAX)")
    from .util import zeros_like

    tans = [t if t is not None else zeros_like(p) for t, p in zip(ins, r.inputs)]
    primals = tree_unflatten(r.in_tree, r.inputs)
    tangent_args = tree_unflatten(r.in_tree, tans)
    _, t_out = r.rule(tuple(primals), tuple(tangent_args))
    t_leaves, _ = tree_flatten(t_out)
    for o, t in zip(r.outputs, t_leaves):
        if t is not None and is_differentiable(o.aval):
            tangents[o.value] = lax.convert_element_type(lax.to_tracer(t), o.aval.dtype)


def _vjp_region(r, cts: dict) -> list:
    """Reverse mode through a custom region: the cotangents of its inputs."""
    from .util import zeros_like

    outs = [cts.pop(o.value, None) for o in r.outputs]
    if all(c is None for c in outs):
        return [None] * len(r.inputs)
    outs = [c if c is not None else zeros_like(o) for c, o in zip(outs, r.outputs)]
    ct_tree = tree_unflatten(r.out_tree, outs)
    if r.kind == "vjp":
        res = r.rule(ct_tree)
        res_leaves, _ = tree_flatten(list(res) if isinstance(res, (tuple, list)) else [res])
        return [None if c is None else lax.to_tracer(c) for c in res_leaves]
    # custom_jvp: transpose the rule's tangent map by reverse mode w.r.t. placeholder tangents
    trace = current_trace()
    placeholders = [_placeholder(p) for p in r.inputs]
    start = len(trace.ops)
    _, t_out = r.rule(tuple(tree_unflatten(r.in_tree, r.inputs)), tuple(tree_unflatten(r.in_tree, placeholders)))
    t_leaves, _ = tree_flatten(t_out)
    ct_map = {}
    for t, c in zip(t_leaves, outs):
        t = lax.to_tracer(t)
        ct_map[t.value] = add_any(ct_map.get(t.value), c)
    return vjp_ops(trace.ops[start:], [p.value for p in placeholders], ct_map)


def _placeholder(p):
    from descend.tracing import bind

    from .util import zeros_like

    z = zeros_like(p)
    return bind("convert", z, out=z.aval)


def jvp_ops(ops, tangents: dict) -> dict:
    """Forward mode: `tangents` maps input ir.Values to tangent Tracers; returns the
    map extended to every value the inputs reach (values not in it have zero tangent)."""
    trace = current_trace()
    tangents = dict(tangents)
    member = _regions(trace, ops)
    glue, jvp_control, _ = _control()
    done = set()
    for op in ops:
        r = member.get(op)
        if r is not None:
            if id(r) not in done:
                done.add(id(r))
                _jvp_region(r, tangents)
            continue
        if op.name in jvp_control:
            jvp_control[op.name](op, tangents)
            continue
        if op.name in glue:
            continue
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


def active_values(ops, inputs, member=None) -> set:
    """The values that depend on `inputs` through differentiable ops (a custom
    region's outputs are active when any of its inputs is)."""
    active = set(inputs)
    member = member or {}
    glue, control, _ = _control()
    trace = current_trace()
    for op in ops:
        r = member.get(op)
        if r is not None:
            if op == r.ops[-1] and any(t.value in active for t in r.inputs):
                active.update(o.value for o in r.outputs if is_differentiable(o.aval))
            continue
        if op.name in glue:
            continue
        if op.name in control:
            from descend.control.regions import captured_values

            if any(v in active for v in list(op.operands) + captured_values(op)):
                active.update(v for v in op.results if is_differentiable(trace.tracer(v).aval))
            continue
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
    member = _regions(trace, ops)
    for op in ops:
        if op not in member:
            _check_dsc(op)
    active = active_values(ops, inputs, member)
    glue, _, vjp_control = _control()
    cts = dict(cotangents)
    for op in reversed(ops):
        r = member.get(op)
        if r is not None:
            if op == r.ops[-1]:
                for t, c in zip(r.inputs, _vjp_region(r, cts)):
                    if c is not None and t.value in active:
                        cts[t.value] = add_any(cts.get(t.value), c)
            continue
        if op.name in vjp_control:
            vjp_control[op.name](op, cts, active)
            continue
        if op.name in glue:
            continue
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
