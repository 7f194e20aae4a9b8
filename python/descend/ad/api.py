"""The autodiff API, with JAX's names and semantics.

Every transformation here runs inside a trace: it traces the user function
into the current trace (recording the ops it appends), then emits the
derivative ops with `transform.jvp_ops` / `transform.vjp_ops`. Outside of any
trace, a transformed function is run through `descend.jit` (compiled once per
signature), which is why `grad(f)(x)` works eagerly and inside `jit` alike,
and why transformations nest: `grad(grad(f))` differentiates the ops that the
inner `grad` emitted.
"""

from __future__ import annotations

import functools

import numpy as np

from descend import lax
from descend.jit import jit
from descend.tracing import Tracer, current_trace
from descend.tree import tree_flatten, tree_unflatten

from .transform import jvp_ops, vjp_ops
from .util import FLOAT_DTYPES, full_like, zeros_like


def _staged(impl, name):
    """Run `impl` in the current trace, or compiled through jit when there is none."""
    jitted = jit(impl)
    jitted._name = name

    @functools.wraps(impl)
    def wrapper(*args, **kwargs):
        if current_trace() is not None:
            return impl(*args, **kwargs)
        return jitted(*args, **kwargs)

    return wrapper


def _fresh(x, what: str, allow_int: bool = False) -> Tracer:
    """A new SSA value equal to `x` (so each differentiated input is a distinct value)."""
    t = lax.to_tracer(x)
    if not allow_int and t.aval.dtype not in FLOAT_DTYPES:
        raise TypeError(
            f"{what}: differentiation requires real-valued (floating-point) inputs, but got {t.aval.dtype}. "
            f"Integer and boolean inputs are not differentiable (as in JAX)."
        )
    from descend.tracing import bind

    return bind("convert", t, out=t.aval, weak=t.weak)


def _argnums(argnums, nargs: int, fname: str) -> tuple:
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    for i in nums:
        if not -nargs <= i < nargs:
            raise ValueError(f"{fname}: argnums {argnums} out of range for {nargs} positional arguments")
    return tuple(i % nargs for i in nums)


def _replace_args(args, nums, what, allow_int=False):
    """Fresh Tracers for the leaves of args[i], i in nums; returns (args, leaves per num, trees)."""
    args = list(args)
    leaves_per, trees = [], []
    for i in nums:
        leaves, td = tree_flatten(args[i])
        fresh = [_fresh(x, f"{what} argument {i}", allow_int) for x in leaves]
        args[i] = tree_unflatten(td, fresh)
        leaves_per.append(fresh)
        trees.append(td)
    return args, leaves_per, trees


# ---- reverse mode ------------------------------------------------------------------


def value_and_grad(fun, argnums=0, has_aux: bool = False, allow_int: bool = False):
    """`fun`'s value and its gradient with respect to positional argument(s) `argnums`.

    `fun` must return a real scalar (or `(scalar, aux)` with has_aux=True)."""
    fname = getattr(fun, "__name__", "fun")

    def impl(*args, **kwargs):
        trace = current_trace()
        nums = _argnums(argnums, len(args), f"grad({fname})")
        args, leaves_per, trees = _replace_args(args, nums, f"grad({fname})", allow_int)
        start = len(trace.ops)
        out = fun(*args, **kwargs)
        aux = None
        if has_aux:
            if not (isinstance(out, (tuple, list)) and len(out) == 2):
                raise TypeError(f"grad({fname}) with has_aux=True: the function must return a pair (out, aux)")
            out, aux = out
        y = lax.to_tracer(out)
        if y.shape != () or y.aval.dtype not in FLOAT_DTYPES:
            raise TypeError(
                f"grad({fname}) requires a real-valued scalar output, but the function returned "
                f"{y.aval.dtype}{list(y.shape)}; use vjp or jacrev for other outputs"
            )
        ops = trace.ops[start:]
        flat_in = [t for leaves in leaves_per for t in leaves]
        cts = vjp_ops(ops, [t.value for t in flat_in], {y.value: full_like(y, 1.0)})
        grads = [c if c is not None else zeros_like(t) for c, t in zip(cts, flat_in)]
        it = iter(grads)
        per_arg = [tree_unflatten(td, [next(it) for _ in leaves]) for td, leaves in zip(trees, leaves_per)]
        g = per_arg[0] if isinstance(argnums, int) else tuple(per_arg)
        value = (y, aux) if has_aux else y
        return value, g

    return _staged(impl, f"value_and_grad_{_ident(fname)}")


def grad(fun, argnums=0, has_aux: bool = False, allow_int: bool = False):
    """The gradient of a real scalar function (see `value_and_grad`)."""
    vg = value_and_grad(fun, argnums, has_aux, allow_int)

    @functools.wraps(fun)
    def g(*args, **kwargs):
        value, grads = vg(*args, **kwargs)
        return (grads, value[1]) if has_aux else grads

    return g


def _ident(name: str) -> str:
    return name if name.isidentifier() else "fn"


def vjp(fun, *primals, has_aux: bool = False):
    """`(fun(*primals), vjp_fn)`: vjp_fn(cotangents) returns one cotangent per primal."""
    fname = getattr(fun, "__name__", "fun")

    def forward_and_backward(primals, cts):
        trace = current_trace()
        args, leaves_per, trees = _replace_args(primals, range(len(primals)), f"vjp({fname})")
        start = len(trace.ops)
        out = fun(*args)
        aux = None
        if has_aux:
            out, aux = out
        out_leaves, out_tree = tree_flatten(out)
        out_tr = [lax.to_tracer(o) for o in out_leaves]
        if cts is None:
            return out, aux, None
        ct_leaves, ct_tree = tree_flatten(cts)
        if ct_tree != out_tree or len(ct_leaves) != len(out_tr):
            raise TypeError(f"vjp({fname}): cotangent structure does not match the output structure")
        ct_map = {}
        for o, c in zip(out_tr, ct_leaves):
            c = lax.to_tracer(c)
            if c.shape != o.shape:
                raise TypeError(f"vjp({fname}): cotangent of shape {c.shape} for an output of shape {o.shape}")
            if o.aval.dtype in FLOAT_DTYPES:
                c = lax.convert_element_type(c, o.aval.dtype)
                ct_map[o.value] = lax.add(ct_map[o.value], c) if o.value in ct_map else c
        flat_in = [t for leaves in leaves_per for t in leaves]
        res = vjp_ops(trace.ops[start:], [t.value for t in flat_in], ct_map)
        grads = [c if c is not None else zeros_like(t) for c, t in zip(res, flat_in)]
        it = iter(grads)
        per_arg = tuple(tree_unflatten(td, [next(it) for _ in leaves]) for td, leaves in zip(trees, leaves_per))
        return out, aux, per_arg

    if current_trace() is not None:
        out, aux, _ = forward_and_backward(primals, None)
        # in a trace the backward pass re-traces fun: the forward ops are shared by CSE
        def vjp_fn(cts):
            return forward_and_backward(primals, cts)[2]
    else:
        fwd = jit(lambda *p: forward_and_backward(p, None)[:2])
        out, aux = fwd(*primals)
        bwd = jit(lambda p, c: forward_and_backward(p, c)[2])

        def vjp_fn(cts):
            return bwd(primals, cts)

    return (out, vjp_fn, aux) if has_aux else (out, vjp_fn)


# ---- forward mode ------------------------------------------------------------------


def _jvp_impl(fun, primals, tangents, fname):
    trace = current_trace()
    if len(primals) != len(tangents):
        raise TypeError(f"jvp({fname}): {len(primals)} primals but {len(tangents)} tangents")
    args, leaves_per, trees = _replace_args(primals, range(len(primals)), f"jvp({fname})")
    tmap = {}
    for i, (leaves, tan) in enumerate(zip(leaves_per, tangents)):
        t_leaves, t_tree = tree_flatten(tan)
        if len(t_leaves) != len(leaves) or t_tree != trees[i]:
            raise TypeError(f"jvp({fname}): tangent {i} does not have the structure of primal {i}")
        for p, t in zip(leaves, t_leaves):
            t = lax.to_tracer(t, p.aval.dtype)
            if t.shape != p.shape or t.aval.dtype != p.aval.dtype:
                raise TypeError(
                    f"jvp({fname}): primal and tangent arguments must have equal types, got "
                    f"{p.aval.dtype}{list(p.shape)} and {t.aval.dtype}{list(t.shape)}"
                )
            tmap[p.value] = t
    start = len(trace.ops)
    out = fun(*args)
    out_leaves, out_tree = tree_flatten(out)
    out_tr = [lax.to_tracer(o) for o in out_leaves]
    tangents_out = jvp_ops(trace.ops[start:], tmap)
    t_out = []
    for o in out_tr:
        t = tangents_out.get(o.value)
        t_out.append(t if t is not None else zeros_like(o))
    return tree_unflatten(out_tree, out_tr), tree_unflatten(out_tree, t_out)


def jvp(fun, primals, tangents):
    """`(fun(*primals), J(primals) @ tangents)` (forward mode)."""
    fname = getattr(fun, "__name__", "fun")
    primals, tangents = tuple(primals), tuple(tangents)
    if current_trace() is not None:
        return _jvp_impl(fun, primals, tangents, fname)
    return jit(lambda p, t: _jvp_impl(fun, p, t, fname))(primals, tangents)


# ---- Jacobians -----------------------------------------------------------------------


def _jacobian(fun, argnums, mode: str):
    fname = getattr(fun, "__name__", "fun")

    def impl(*args):
        trace = current_trace()
        nums = _argnums(argnums, len(args), f"jac{mode}({fname})")
        args, leaves_per, trees = _replace_args(args, nums, f"jac{mode}({fname})")
        start = len(trace.ops)
        out = fun(*args)
        ops = trace.ops[start:]
        out_leaves, out_tree = tree_flatten(out)
        outs = [lax.to_tracer(o) for o in out_leaves]
        ins = [t for leaves in leaves_per for t in leaves]
        # blocks[i][j]: d out_i / d in_j, shape out_i.shape + in_j.shape
        if mode == "fwd":
            blocks = [[None] * len(ins) for _ in outs]
            for j, x in enumerate(ins):
                cols = []
                for k in range(x.size):
                    basis = _basis(x, k)
                    tan = jvp_ops(ops, {x.value: basis})
                    cols.append([tan.get(o.value) for o in outs])
                for i, o in enumerate(outs):
                    parts = [lax.reshape(c[i] if c[i] is not None else zeros_like(o), (o.size,)) for c in cols]
                    mat = _stack_cols(parts, o, x)
                    blocks[i][j] = mat
        else:
            blocks = [[None] * len(ins) for _ in outs]
            for i, o in enumerate(outs):
                rows = []
                for k in range(o.size):
                    cts = vjp_ops(ops, [x.value for x in ins], {o.value: _basis(o, k)})
                    rows.append([c if c is not None else zeros_like(x) for c, x in zip(cts, ins)])
                for j, x in enumerate(ins):
                    parts = [lax.reshape(r[j], (1, x.size)) for r in rows]
                    mat = lax.concatenate(parts, 0) if parts else zeros_like_shape(x, (0, x.size))
                    blocks[i][j] = lax.reshape(mat, o.shape + x.shape)
        result = []
        for i in range(len(outs)):
            it = iter(blocks[i])
            per_arg = [tree_unflatten(td, [next(it) for _ in leaves]) for td, leaves in zip(trees, leaves_per)]
            result.append(per_arg[0] if isinstance(argnums, int) else tuple(per_arg))
        return tree_unflatten(out_tree, result)

    return _staged(impl, f"jac{mode}_{_ident(fname)}")


def _basis(x, k):
    """The k-th standard basis vector in x's shape and dtype."""
    e = np.zeros(x.shape, dtype=x.aval.dtype)
    e.reshape(-1)[k] = 1
    return lax.to_tracer(e)


def zeros_like_shape(x, shape):
    return lax.broadcast_in_dim(lax.to_tracer(0, x.aval.dtype), shape, ())


def _stack_cols(parts, o, x):
    """Columns (each out.size) for every input element -> out.shape + in.shape."""
    if not parts:
        return zeros_like_shape(o, o.shape + x.shape)
    cols = [lax.reshape(p, (o.size, 1)) for p in parts]
    mat = lax.concatenate(cols, 1)
    return lax.reshape(mat, o.shape + x.shape)


def jacfwd(fun, argnums=0):
    """The Jacobian by forward mode: one jvp per input element."""
    return _jacobian(fun, argnums, "fwd")


def jacrev(fun, argnums=0):
    """The Jacobian by reverse mode: one vjp per output element (forward pass shared)."""
    return _jacobian(fun, argnums, "rev")


def hessian(fun, argnums=0):
    """The Hessian: jacfwd(jacrev(fun))."""
    return jacfwd(jacrev(fun, argnums), argnums)
