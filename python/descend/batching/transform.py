"""Push a batch dimension through a list of dsc ops (the vmap sweep).

`batch_ops(ops, batched)` walks the ops in program order; `batched` maps
ir.Values (the per-example placeholders of the inputs) to their batched
Tracers (batch dimension in front). An op with a batched operand is
re-emitted through its rule in `rules.BATCH_RULES`, at its own location; an
op without one is left as it is (and shared by every example). The per-example
ops that nothing uses any more are removed later by `dsc-canonicalize`.

A traced call of a `custom_jvp` / `custom_vjp` function (a custom region, see
`descend.ad.custom`) is batched as a unit: its ops are batched, and a new
region over the batched ops is recorded whose rule is the user's rule,
batched the same way. So differentiating a vmapped function still uses the
user's derivative rule (`grad(lambda x: sum(vmap(f)(x)))`), as in JAX.
"""

from __future__ import annotations

from descend.dialects.dsc import op_attrs
from descend.tracing import bind, current_trace
from descend.tree import tree_flatten, tree_unflatten

from .rules import BATCH_RULES, bcast


def batch_ops(ops, batched: dict, size: int, with_scalars: bool = False):
    """Returns `batched` extended to every value the batched inputs reach (and, with
    `with_scalars`, the map of i1 scalars extracted from batched predicates)."""
    from descend.ad.transform import _regions

    trace = current_trace()
    member = _regions(trace, ops)
    batched, scalars = _sweep(ops, dict(batched), {}, size, member)
    return (batched, scalars) if with_scalars else batched


def _sweep(ops, batched: dict, scalars: dict, size: int, member: dict):
    from descend.control.regions import GLUE
    from descend.control.rules import BATCH_CONTROL

    trace = current_trace()
    done = set()
    for op in ops:
        region = member.get(op)
        if region is not None:
            if id(region) not in done:
                done.add(id(region))
                _batch_region(region, batched, scalars, size, member)
            continue
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
    return batched, scalars


def _fresh(t):
    return bind("convert", t, out=t.aval, weak=t.weak)


def _batch_region(region, batched: dict, scalars: dict, size: int, member: dict) -> None:
    """Batch a custom_jvp/custom_vjp region and record the batched region with a batched rule."""
    from descend.ad.custom import CustomRegion

    trace = current_trace()
    uses_batched = any(v in batched for op in region.ops for v in op.operands)
    if not uses_batched and not any(t.value in batched for t in region.inputs):
        return  # nothing per-example reaches it: it stays as it is, shared by every example
    inner = {op: r for op, r in member.items() if r is not region}
    # fresh batched inputs, the region's ops batched over them, fresh batched outputs
    ins = [_fresh(batched[t.value] if t.value in batched else bcast(t, size)) for t in region.inputs]
    start = len(trace.ops)
    local = dict(batched)
    local.update({t.value: b for t, b in zip(region.inputs, ins)})
    local, scalars = _sweep(region.ops, local, scalars, size, inner)
    outs = [_fresh(local[o.value] if o.value in local else bcast(o, size)) for o in region.outputs]
    new_ops = trace.ops[start:]
    batched.update(local)  # the region's inner values (residuals) too: the batched rule reads them
    for o, b in zip(region.outputs, outs):
        batched[o.value] = b
    rule = _batched_rule(region.rule, batched, size, member, kind=region.kind)
    trace.custom_regions.append(
        CustomRegion(region.kind, new_ops, ins, region.in_tree, outs, region.out_tree, rule, region.nondiff)
    )


def _batched_rule(rule, batched: dict, size: int, member: dict, kind: str):
    """The user's rule, vmapped: each batched argument leaf becomes a per-example placeholder,
    the rule is traced on them and its ops batched (values the rule closes over, such as
    custom_vjp residuals, through `batched`, the map of the enclosing sweep)."""

    def run(*args):
        trace = current_trace()
        leaves, tree = tree_flatten(args)
        mapping = dict(batched)
        phs = []
        from descend import lax

        for x in leaves:
            x = lax.to_tracer(x)
            if x.ndim == 0 or x.shape[0] != size:
                raise ValueError(f"vmap of a custom_{kind} rule: argument of shape {x.shape} is not batched")
            z = lax.broadcast_in_dim(lax.to_tracer(0, x.aval.dtype), x.shape[1:], ())
            ph = bind("convert", z, out=z.aval)
            mapping[ph.value] = x
            phs.append(ph)
        start = len(trace.ops)
        out = rule(*tree_unflatten(tree, phs))
        from descend.ad.transform import _regions

        new_ops = trace.ops[start:]
        mapped, _ = _sweep(new_ops, mapping, {}, size, _regions(trace, new_ops))
        out_leaves, out_tree = tree_flatten(out)
        res = []
        for o in out_leaves:
            o = lax.to_tracer(o)
            res.append(mapped[o.value] if o.value in mapped else bcast(o, size))
        return tree_unflatten(out_tree, res)

    return run
