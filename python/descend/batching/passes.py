"""`dsc-vmap{func=f in_axes=0,none axis_size=N}`: batching as a pass.

In: a module with `func.func @f` of dsc ops. Out: the module with a new
`@f_vmap` whose mapped arguments (in_axes: one entry per argument, `0` for
mapped, `none` for shared; default all mapped) carry a leading batch dimension
of size N (axis_size; default: taken from nothing, so it is required), and
whose results all carry the batch dimension in front.
"""

from __future__ import annotations

from descend.ad.passes import PassError, _build, _find, _signature
from descend.dialects.canonicalize import canonicalize
from descend.dialects.types import TType
from descend.tracing import bind

from .rules import bcast
from .transform import batch_ops


def _in_axes(text, n):
    if text is None:
        return [0] * n
    parts = [p.strip().lower() for p in text.split(",")]
    if len(parts) != n:
        raise PassError(f"in_axes has {len(parts)} entries for {n} arguments")
    out = []
    for p in parts:
        if p == "none":
            out.append(None)
        elif p == "0":
            out.append(0)
        else:
            raise PassError(f"in_axes entries must be 0 or none, got '{p}'")
    return out


def _inline_body(trace, src, args):
    """Clone @src's body (dsc ops, traced control flow and its scalar glue; nested regions
    included) into the trace with its arguments bound to `args`; returns the results."""
    from descend.control.regions import GLUE, clone_ops

    block = src.regions[0].blocks[0]
    ops = [o.operation for o in block.operations]
    for op in ops[:-1]:
        if not (op.name.startswith("dsc.") or op.name in GLUE or op.name in ("scf.if", "scf.for", "scf.while")):
            raise PassError(f"cannot batch '{op.name}' (only dsc ops and scf control flow)", op.location)
    mapping = {a: t.value for a, t in zip(block.arguments, args)}
    clone_ops(trace, ops[:-1], mapping)
    return [trace.tracer(mapping.get(v, v)) for v in ops[-1].operands]


def vmap_pass_impl(module_op, opts):
    name = opts.get("func") or "main"
    src = _find(module_op, name)
    ins, _ = _signature(src)
    try:
        axes = _in_axes(opts.get("in_axes"), len(ins))
    except PassError as e:
        raise PassError(f"@{name}: {e}", src.location) from None
    if "axis_size" not in opts:
        raise PassError("axis_size is required (the size of the new batch dimension)")
    try:
        size = int(opts["axis_size"])
    except ValueError:
        raise PassError(f"axis_size must be an integer, got '{opts['axis_size']}'") from None
    if size < 1:
        raise PassError(f"axis_size must be positive, got {size}")
    arg_types = [TType((size,) + t.shape, t.dtype) if a == 0 else t for t, a in zip(ins, axes)]

    def body(trace, args):
        placeholders, mapping = [], {}
        for a, t, ax in zip(args, ins, axes):
            if ax is None:
                placeholders.append(a)
                continue
            from descend import lax

            z = lax.broadcast_in_dim(lax.to_tracer(0, t.dtype), t.shape, ())
            ph = bind("convert", z, out=z.aval)
            mapping[ph.value] = a
            placeholders.append(ph)
        start = len(trace.ops)
        results = _inline_body(trace, src, placeholders)
        batched = batch_ops(trace.ops[start:], mapping, size)
        return [batched[r.value] if r.value in batched else bcast(r, size) for r in results]

    _build(module_op, src, f"{name}_vmap", arg_types, body)


def make_vmap_pass(opts: dict):
    def run(op, pass_):
        try:
            vmap_pass_impl(op, opts)
            canonicalize(op)
        except (PassError, NotImplementedError, TypeError, ValueError) as e:
            (getattr(e, "location", None) or op.location).emit_error(f"dsc-vmap: {e}")
            pass_.signal_pass_failure()

    return run
