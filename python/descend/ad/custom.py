"""`custom_jvp` and `custom_vjp`: user-defined derivative rules (JAX's API).

Calling a decorated function inside a trace traces its primal computation as
usual and records a *custom region* on the trace: the ops it appended, its
input and output values, and the user's rule. The sweeps in `transform`
treat a region as one op:

- forward mode through a custom_jvp region calls the user's jvp rule;
- reverse mode through a custom_vjp region calls the user's bwd rule;
- reverse mode through a custom_jvp region transposes the user's (linear)
  tangent map by reverse-differentiating it with respect to placeholder
  tangents;
- forward mode through a custom_vjp region is an error, as in JAX.

Regions live on the Python trace, so they are honoured by `descend.grad` &
co, not by the `dsc-grad` pass over a parsed file (which differentiates
through the primal ops).
"""

from __future__ import annotations

import functools

from descend import lax
from descend.tracing import bind, current_trace
from descend.tree import tree_flatten, tree_unflatten

from .api import _staged


class CustomRegion:
    """A traced call of a custom_jvp/custom_vjp function."""

    def __init__(self, kind, ops, inputs, in_tree, outputs, out_tree, rule, nondiff):
        self.kind = kind  # "jvp" or "vjp"
        self.ops = ops
        self.inputs = inputs  # Tracers (fresh values), flat
        self.in_tree = in_tree
        self.outputs = outputs  # Tracers (fresh values), flat
        self.out_tree = out_tree
        self.rule = rule
        self.nondiff = nondiff  # the non-differentiable positional arguments, by index


def _fresh(x):
    t = lax.to_tracer(x)
    return bind("convert", t, out=t.aval, weak=t.weak)


def _call(kind, fun, rule_fn, nondiff_argnums, args):
    trace = current_trace()
    nondiff = {i: args[i] for i in nondiff_argnums}
    diff_args = [a for i, a in enumerate(args) if i not in nondiff]
    leaves, in_tree = tree_flatten(diff_args)
    fresh = [_fresh(x) for x in leaves]
    start = len(trace.ops)
    rebuilt = _merge(tree_unflatten(in_tree, fresh), nondiff, len(args))
    if kind == "vjp":
        out, residuals = rule_fn[0](*rebuilt)
    else:
        out, residuals = fun(*rebuilt), None
    out_leaves, out_tree = tree_flatten(out)
    outs = [_fresh(o) for o in out_leaves]
    ops = trace.ops[start:]
    rule = rule_fn if kind == "jvp" else (lambda cts, res=residuals: rule_fn[1](*_nd(nondiff), res, cts))
    trace.custom_regions.append(CustomRegion(kind, ops, fresh, in_tree, outs, out_tree, rule, nondiff))
    return tree_unflatten(out_tree, outs)


def _nd(nondiff: dict) -> list:
    return [nondiff[i] for i in sorted(nondiff)]


def _merge(diff_args, nondiff: dict, n: int) -> list:
    it = iter(diff_args)
    return [nondiff[i] if i in nondiff else next(it) for i in range(n)]


class custom_jvp:
    """A function with a custom forward-mode rule: `f.defjvp(rule)` where
    `rule(primals, tangents) -> (primal_out, tangent_out)`."""

    def __init__(self, fun, nondiff_argnums=()):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.nondiff_argnums = tuple(nondiff_argnums)
        self.jvp_rule = None

    def defjvp(self, rule):
        self.jvp_rule = rule
        return rule

    def _impl(self, *args):
        if self.jvp_rule is None:
            raise AttributeError(f"custom_jvp {self.__name__}: no jvp rule defined (use .defjvp)")
        nd = self.nondiff_argnums

        def rule(primals, tangents):
            return self.jvp_rule(*[args[i] for i in nd], primals, tangents) if nd else self.jvp_rule(primals, tangents)

        return _call("jvp", self.fun, rule, nd, list(args))

    def __call__(self, *args):
        if current_trace() is not None:
            return self._impl(*args)
        if not hasattr(self, "_eager"):
            self._eager = _staged(self._impl, f"custom_jvp_{self.__name__}")
        return self._eager(*args)


class custom_vjp:
    """A function with a custom reverse-mode rule: `f.defvjp(fwd, bwd)` where
    `fwd(*args) -> (out, residuals)` and `bwd(residuals, out_cotangent) -> tuple`
    of one cotangent per (differentiable) argument."""

    def __init__(self, fun, nondiff_argnums=()):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.nondiff_argnums = tuple(nondiff_argnums)
        self.fwd = self.bwd = None

    def defvjp(self, fwd, bwd):
        self.fwd, self.bwd = fwd, bwd

    def _impl(self, *args):
        if self.fwd is None:
            raise AttributeError(f"custom_vjp {self.__name__}: no rules defined (use .defvjp)")
        return _call("vjp", self.fun, (self.fwd, self.bwd), self.nondiff_argnums, list(args))

    def __call__(self, *args):
        if current_trace() is not None:
            return self._impl(*args)
        if not hasattr(self, "_eager"):
            self._eager = _staged(self._impl, f"custom_vjp_{self.__name__}")
        return self._eager(*args)
