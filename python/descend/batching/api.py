"""`descend.vmap`, with JAX's semantics: in_axes / out_axes (ints, None, or
pytree prefixes of the arguments / outputs), nested vmaps, `axis_size`.

Inside a trace, `vmap(f)(*args)` moves each mapped axis to the front, traces
`f` on per-example placeholders, and pushes the batch dimension through the
ops `f` appended (`transform.batch_ops`). Outside a trace it runs through
`descend.jit`.
"""

from __future__ import annotations

import functools

from descend import lax
from descend.ad.api import _staged
from descend.tracing import bind, current_trace
from descend.tree import TreeDef, tree_flatten, tree_unflatten

from .rules import bcast
from .transform import batch_ops


def _leaf_axes(spec, treedef: TreeDef, what: str) -> list:
    """One axis (int or None) per leaf of `treedef`, from a prefix `spec`."""
    if spec is None or isinstance(spec, int):
        return [spec] * treedef.num_leaves
    if treedef.kind == "leaf":
        raise ValueError(f"vmap: {what} spec {spec!r} does not match a single array")
    if treedef.kind in ("tuple", "namedtuple", "list"):
        if not isinstance(spec, (tuple, list)) or len(spec) != len(treedef.children):
            raise ValueError(f"vmap: {what} spec {spec!r} does not match the structure of the values")
        return [a for s, c in zip(spec, treedef.children) for a in _leaf_axes(s, c, what)]
    if treedef.kind == "dict":
        if not isinstance(spec, dict) or sorted(spec) != list(treedef.meta):
            raise ValueError(f"vmap: {what} spec {spec!r} does not match the dict keys {list(treedef.meta)}")
        return [a for k, c in zip(treedef.meta, treedef.children) for a in _leaf_axes(spec[k], c, what)]
    return []


def _move_to_front(t, axis):
    axis = axis % t.ndim
    if axis == 0:
        return t
    return lax.transpose(t, [axis] + [d for d in range(t.ndim) if d != axis])


def _move_from_front(t, axis):
    axis = axis % t.ndim
    if axis == 0:
        return t
    perm = list(range(1, t.ndim))
    perm.insert(axis, 0)
    return lax.transpose(t, perm)


def vmap(fun, in_axes=0, out_axes=0, axis_size=None):
    """Vectorize `fun` over a leading (or `in_axes`) axis of its arguments."""
    fname = getattr(fun, "__name__", "fun")

    def impl(*args):
        trace = current_trace()
        spec = in_axes
        if isinstance(spec, list):
            spec = tuple(spec)
        if isinstance(spec, tuple) and len(spec) != len(args):
            raise ValueError(f"vmap({fname}): in_axes has {len(spec)} entries for {len(args)} arguments")
        leaves, tree = tree_flatten(tuple(args))
        axes = _leaf_axes(spec if isinstance(spec, tuple) else spec, tree, "in_axes")
        leaves = [lax.to_tracer(x) if a is not None else x for x, a in zip(leaves, axes)]
        sizes = set()
        for x, a in zip(leaves, axes):
            if a is None:
                continue
            if x.ndim == 0 or not -x.ndim <= a < x.ndim:
                raise ValueError(
                    f"vmap({fname}): in_axes {a} is out of range for an argument of shape {tuple(x.shape)}"
                )
            sizes.add(x.shape[a % x.ndim])
        if axis_size is not None:
            sizes.add(int(axis_size))
        if len(sizes) > 1:
            raise ValueError(f"vmap({fname}): mapped axes have different sizes: {sorted(sizes)}")
        if not sizes:
            raise ValueError(f"vmap({fname}): no mapped argument; give axis_size")
        size = sizes.pop()
        placeholders, mapping = [], {}
        for x, a in zip(leaves, axes):
            if a is None:
                placeholders.append(x)
                continue
            b = _move_to_front(x, a)
            z = lax.broadcast_in_dim(lax.to_tracer(0, b.aval.dtype), b.shape[1:], ())
            ph = bind("convert", z, out=z.aval)
            mapping[ph.value] = b
            placeholders.append(ph)
        start = len(trace.ops)
        out = fun(*tree_unflatten(tree, placeholders))
        batched = batch_ops(trace.ops[start:], mapping, size)
        out_leaves, out_tree = tree_flatten(out)
        oaxes = _leaf_axes(out_axes, out_tree, "out_axes")
        results = []
        for o, a in zip(out_leaves, oaxes):
            o = lax.to_tracer(o)
            b = batched.get(o.value)
            if a is None:
                if b is not None:
                    raise ValueError(f"vmap({fname}): out_axes None for an output that depends on the mapped axis")
                results.append(o)
                continue
            b = b if b is not None else bcast(o, size)
            if not -b.ndim <= a < b.ndim:
                raise ValueError(
                    f"vmap({fname}): out_axes {a} is out of range for an output of shape {tuple(o.shape)} "
                    f"(batched rank {b.ndim})"
                )
            results.append(_move_from_front(b, a))
        return tree_unflatten(out_tree, results)

    staged = _staged(impl, f"vmap_{fname if fname.isidentifier() else 'fn'}")
    return functools.wraps(fun)(lambda *args: staged(*args)) if callable(fun) else staged
