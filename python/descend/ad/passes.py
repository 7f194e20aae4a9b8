"""`dsc-jvp`, `dsc-vjp` and `dsc-grad`: autodiff as passes over a module.

In: a module holding `func.func @f` made of dsc ops. Out: the same module with
a new function next to `@f` (the original is kept), itself plain dsc, so the
passes compose (`dsc-grad{func=f}` then `dsc-grad{func=f_grad}` is a second
derivative):

- `dsc-jvp{func=f}` adds `@f_jvp(primals..., tangents...) -> (outs..., tangent outs...)`,
  with one tangent per floating-point argument and result;
- `dsc-vjp{func=f wrt=0,1}` adds `@f_vjp(primals..., cotangents...) -> (cts of wrt args...)`,
  one cotangent per floating-point result (wrt: default every float argument);
- `dsc-grad{func=f wrt=0}` adds `@f_grad(primals...) -> (grads of wrt args...)`
  for a function with one real scalar result (wrt: default 0, as JAX's argnums).

The new function clones `@f`'s body and runs the same sweeps as
`descend.grad` (`transform.jvp_ops` / `vjp_ops`), then `dsc-canonicalize`
removes what the derivative does not use.
"""

from __future__ import annotations

from mlir import ir
from mlir.dialects import func

from descend import lax
from descend.control.regions import GLUE, clone_ops
from descend.dialects.canonicalize import canonicalize
from descend.dialects.types import from_mlir, to_mlir
from descend.tracing import Trace

from .transform import jvp_ops, vjp_ops
from .util import FLOAT_DTYPES, full_like, zeros_like

OPTIONS = {"func": "name of the function to differentiate", "wrt": "comma-separated argument indices"}


class PassError(Exception):
    """A user error in the pass input; reported at `location` (the function's) when known."""

    def __init__(self, message, location=None):
        super().__init__(message)
        self.location = location


def _find(module_op, name):
    for op in module_op.regions[0].blocks[0].operations:
        if op.operation.name == "func.func" and ir.StringAttr(op.attributes["sym_name"]).value == name:
            if not len(op.regions[0].blocks):  # found by test/fuzz (was an IndexError)
                raise PassError(f"@{name} is a declaration: there is no body to transform", op.location)
            return op.operation
    raise PassError(f"no function @{name} in the module")


def _signature(fn):
    ft = ir.FunctionType(ir.TypeAttr(fn.attributes["function_type"]).value)
    return [from_mlir(t) for t in ft.inputs], [from_mlir(t) for t in ft.results]


def _wrt(opts, n, default):
    text = opts.get("wrt")
    try:
        idx = list(default) if text is None else [int(i) for i in text.split(",") if i.strip()]
    except ValueError:
        raise PassError(f"wrt must be comma-separated integers, got '{text}'") from None
    for i in idx:
        if not 0 <= i < n:
            raise PassError(f"wrt index {i} out of range for {n} arguments")
    return idx


def _build(module_op, src, new_name, arg_types, body):
    """Create @new_name(arg_types) after `src`; `body(trace, args)` returns result Tracers."""
    ctx = module_op.context
    trace = Trace(new_name, context=ctx)
    trace.module = None
    with ctx, src.location:
        fn = func.FuncOp(new_name, ir.FunctionType.get([to_mlir(t) for t in arg_types], []), ip=ir.InsertionPoint.after(src))
        if "llvm.emit_c_interface" in src.attributes:
            fn.attributes["llvm.emit_c_interface"] = ir.UnitAttr.get()
        trace.block = fn.add_entry_block(arg_locs=[src.location] * len(arg_types))
        with trace, trace.at(src.location):
            args = [trace.tracer(a) for a in trace.block.arguments]
            results = body(trace, args)
            with ir.InsertionPoint(trace.block):
                func.ReturnOp([r.value for r in results])
        fn.attributes["function_type"] = ir.TypeAttr.get(
            ir.FunctionType.get([to_mlir(t) for t in arg_types], [r.value.type for r in results])
        )
    return fn


def _inline_body(trace, src, args):
    """Clone @src's body into the trace with its arguments bound to `args`; returns
    the Tracers of its results (the cloned ops are appended to trace.ops)."""
    mapping = {a: t.value for a, t in zip(src.regions[0].blocks[0].arguments, args)}
    results = []
    for op in src.regions[0].blocks[0].operations:
        op = op.operation
        if op.name == "func.return":
            results = [trace.tracer(mapping[v]) for v in op.operands]
            break
        if not op.name.startswith("dsc.") and op.name not in _CONTROL:
            raise PassError(f"can only differentiate dsc ops and scf control flow, found '{op.name}'", op.location)
        # deep clone: values used inside an scf op's regions are remapped too
        clone_ops(trace, [op], mapping)
    return results


_CONTROL = {"scf.if", "scf.for", "scf.while", *GLUE}


def _or_zeros(t, like):
    return zeros_like(like) if t is None else t


def _fresh(t):
    from descend.tracing import bind

    return bind("convert", t, out=t.aval)


def jvp_pass_impl(module_op, opts):
    name = opts.get("func") or "main"
    src = _find(module_op, name)
    ins, outs = _signature(src)
    float_args = [i for i, t in enumerate(ins) if t.dtype in FLOAT_DTYPES]

    def body(trace, args):
        primals = [_fresh(a) for a in args[: len(ins)]]
        tangents = dict(zip([primals[i].value for i in float_args], args[len(ins):]))
        start = len(trace.ops)
        results = _inline_body(trace, src, primals)
        tmap = jvp_ops(trace.ops[start:], tangents)
        t_out = [_or_zeros(tmap.get(r.value), r) for r in results if r.aval.dtype in FLOAT_DTYPES]
        return results + t_out

    _build(module_op, src, f"{name}_jvp", ins + [ins[i] for i in float_args], body)


def vjp_pass_impl(module_op, opts, grad: bool):
    name = opts.get("func") or "main"
    src = _find(module_op, name)
    ins, outs = _signature(src)
    float_args = [i for i, t in enumerate(ins) if t.dtype in FLOAT_DTYPES]
    wrt = _wrt(opts, len(ins), [0] if grad else float_args)
    for i in wrt:
        if ins[i].dtype not in FLOAT_DTYPES:
            raise PassError(
                f"argument {i} of @{name} is {ins[i].dtype}: only floating-point arguments are differentiable",
                src.location,
            )
    if grad and (len(outs) != 1 or outs[0].shape != () or outs[0].dtype not in FLOAT_DTYPES):
        raise PassError(
            f"dsc-grad needs @{name} to return one real scalar, got {', '.join(map(str, outs))}", src.location
        )
    float_outs = [i for i, t in enumerate(outs) if t.dtype in FLOAT_DTYPES]

    def body(trace, args):
        primals = [_fresh(a) for a in args[: len(ins)]]
        start = len(trace.ops)
        results = _inline_body(trace, src, primals)
        if grad:
            cts = {results[0].value: full_like(results[0], 1.0)}
        else:
            cts = {}
            for k, i in enumerate(float_outs):
                v = results[i].value
                c = args[len(ins) + k]
                cts[v] = lax.add(cts[v], c) if v in cts else c
        res = vjp_ops(trace.ops[start:], [primals[i].value for i in wrt], cts)
        return [c if c is not None else zeros_like(primals[i]) for c, i in zip(res, wrt)]

    extra = [] if grad else [outs[i] for i in float_outs]
    _build(module_op, src, f"{name}_{'grad' if grad else 'vjp'}", ins + extra, body)


def _func_location(module_op, opts):
    try:
        return _find(module_op, opts.get("func") or "main").location
    except PassError:
        return None


def make_pass(kind: str):
    """The pass callable for `kind` in ("jvp", "vjp", "grad"), given its options."""

    def make(opts: dict):
        def run(op, pass_):
            try:
                if kind == "jvp":
                    jvp_pass_impl(op, opts)
                else:
                    vjp_pass_impl(op, opts, grad=kind == "grad")
                canonicalize(op)
            except (PassError, NotImplementedError, TypeError, ValueError) as e:  # ValueError: a non-tensor signature
                loc = getattr(e, "location", None) or _func_location(op, opts) or op.location
                loc.emit_error(f"dsc-{kind}: {e}")
                pass_.signal_pass_failure()

        return run

    return make


__all__ = ["OPTIONS", "make_pass", "to_mlir"]
