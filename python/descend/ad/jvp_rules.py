"""Forward-mode rules: `JVP_RULES[op](primals, tangents, out, **attrs) -> tangent`.

`primals` are the op's operands as Tracers, `tangents` their tangents (None for
a symbolic zero), `out` the op's result; attrs are the op's attributes as
Python values. A rule returns the output tangent (None for zero). Rules emit
dsc ops through `descend.lax`, so their output is itself differentiable:
that is what makes derivatives of any order work.

Ops absent from this table have no derivative: their outputs get a zero
tangent (comparisons, argmax, floor, integer ops, iota, constant, ...).
"""

from __future__ import annotations

from descend import lax
from descend.dialects.types import TType
from descend.tracing import current_trace

from .util import full_like, zeros_like


def _zero_if_none(t, like):
    return zeros_like(like) if t is None else t


def _scalar(x, value):
    return full_like(x, value)


def _unary(fn):
    """Elementwise unary rule: tangent = fn(t, x, out)."""

    def rule(primals, tangents, out, **attrs):
        (t,) = tangents
        return None if t is None else fn(t, primals[0], out)

    return rule


def _binary(fx, fy):
    """Elementwise binary rule: tangent = fx(tx, x, y, out) + fy(ty, x, y, out)."""

    def rule(primals, tangents, out, **attrs):
        x, y = primals
        tx, ty = tangents
        parts = []
        if tx is not None:
            parts.append(fx(tx, x, y, out))
        if ty is not None:
            parts.append(fy(ty, x, y, out))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else lax.add(parts[0], parts[1])

    return rule


def _linear(op):
    """Rule of an op that is linear in its (single) operand: apply it to the tangent."""

    def rule(primals, tangents, out, **attrs):
        (t,) = tangents
        if t is None:
            return None
        from descend.tracing import bind

        return bind(op, t, out=out.aval, **attrs)

    return rule


def _pow_x(t, x, y, out):
    # d/dx x**y = y * x**(y-1), and 0 where y == 0 (x**0 is constant; not 0 * inf at x == 0),
    # as JAX's select(y == 0, 0, y * x**(y-1)) with y replaced by 1 there
    one, zero = _scalar(y, 1.0), _scalar(y, 0.0)
    y_is_0 = lax.eq(y, zero)
    safe = lax.select(y_is_0, one, y)
    jac = lax.select(y_is_0, zero, lax.mul(safe, lax.pow(x, lax.sub(safe, one))))
    return lax.mul(t, jac)


def _pow_y(t, x, y, out):
    # d/dy x**y = log(x) * x**y, taken as 0 where x == 0 (as JAX)
    zero = _scalar(x, 0.0)
    safe_x = lax.select(lax.eq(x, zero), _scalar(x, 1.0), x)
    return lax.mul(t, lax.mul(lax.log(safe_x), out))


def _chooser_weight(x, y, direction):
    """1 where x wins, 1/2 at ties, 0 where y wins (JAX's balanced rule for max/min)."""
    win = lax.gt(x, y) if direction == "max" else lax.lt(x, y)
    tie = lax.eq(x, y)
    one, half, zero = _scalar(x, 1.0), _scalar(x, 0.5), _scalar(x, 0.0)
    return lax.select(win, one, lax.select(tie, half, zero))


def _max_min(direction):
    return _binary(
        lambda t, x, y, out: lax.mul(t, _chooser_weight(x, y, direction)),
        lambda t, x, y, out: lax.mul(t, _chooser_weight(y, x, direction)),
    )


def _select(primals, tangents, out, **attrs):
    _, ta, tb = tangents
    if ta is None and tb is None:
        return None
    a, b = primals[1], primals[2]
    return lax.select(primals[0], _zero_if_none(ta, a), _zero_if_none(tb, b))


def _convert(primals, tangents, out, **attrs):
    (t,) = tangents
    if t is None or out.aval.dtype not in ("float16", "bfloat16", "float32", "float64"):
        return None
    return lax.convert_element_type(t, out.aval.dtype)


def _concatenate(primals, tangents, out, dimension):
    if all(t is None for t in tangents):
        return None
    ts = [_zero_if_none(t, p) for t, p in zip(tangents, primals)]
    return lax.concatenate(ts, dimension)


def _pad(primals, tangents, out, edge_padding_low, edge_padding_high, interior_padding):
    t, tv = tangents
    if t is None and tv is None:
        return None
    t = _zero_if_none(t, primals[0])
    tv = _zero_if_none(tv, primals[1])
    return lax.pad(t, tv, list(zip(edge_padding_low, edge_padding_high, interior_padding)))


def _reduce(primals, tangents, out, axes, kind):
    (t,) = tangents
    if t is None:
        return None
    x = primals[0]
    if kind == "sum":
        return lax.reduce_sum(t, axes)
    if kind in ("max", "min"):
        # the tangent at the chosen elements, averaged over ties (as JAX)
        back = _unreduce(out, x.aval, axes)
        ind = lax.convert_element_type(lax.eq(x, back), x.aval.dtype)
        return lax.div(lax.reduce_sum(lax.mul(t, ind), axes), lax.reduce_sum(ind, axes))
    if kind == "prod":
        # the jvp of a tree of products (not prod * sum(t / x), which is nan at zeros)
        from .transform import jvp_ops

        trace = current_trace()
        start = len(trace.ops)
        p = prod_tree(x, axes)
        return jvp_ops(trace.ops[start:], {x.value: t}).get(p.value)
    return None


def prod_tree(x, axes):
    """reduce_prod of x over `axes` as a balanced tree of elementwise products (JAX's
    `_reduce_prod_tree`): its derivatives, of every order, are exact where x has zeros."""
    axes = sorted(axes)
    rest = [d for d in range(x.ndim) if d not in axes]
    rest_shape = tuple(x.shape[d] for d in rest)
    n = 1
    for d in axes:
        n *= x.shape[d]
    y = lax.reshape(lax.transpose(x, axes + rest), (n,) + rest_shape)
    if n == 0:
        return lax.reduce_prod(y, (0,))
    one = lax.to_tracer(1, x.aval.dtype)
    while y.shape[0] > 1:
        m = y.shape[0]
        if m % 2:
            y = lax.pad(y, one, [(0, 1, 0)] + [(0, 0, 0)] * len(rest))
            m += 1
        zeros, full = [0] * y.ndim, list(y.shape)
        lo = lax.slice(y, zeros, [m // 2] + full[1:])
        hi = lax.slice(y, [m // 2] + zeros[1:], full)
        y = lax.mul(lo, hi)
    return lax.reshape(y, rest_shape)


def _unreduce(value, aval: TType, axes):
    """Broadcast a reduced value back to the operand's shape."""
    kept = [d for d in range(len(aval.shape)) if d not in axes]
    return lax.broadcast_in_dim(value, aval.shape, kept)


def _dot_general(primals, tangents, out, **dims):
    x, y = primals
    tx, ty = tangents
    dn = (
        (dims["lhs_contracting_dimensions"], dims["rhs_contracting_dimensions"]),
        (dims["lhs_batch_dimensions"], dims["rhs_batch_dimensions"]),
    )
    parts = []
    if tx is not None:
        parts.append(lax.dot_general(tx, y, dn, preferred_element_type=out.aval.dtype))
    if ty is not None:
        parts.append(lax.dot_general(x, ty, dn, preferred_element_type=out.aval.dtype))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else lax.add(parts[0], parts[1])


def _reshape(primals, tangents, out, **attrs):
    (t,) = tangents
    return None if t is None else lax.reshape(t, out.shape)


def _broadcast(primals, tangents, out, broadcast_dimensions):
    (t,) = tangents
    return None if t is None else lax.broadcast_in_dim(t, out.shape, broadcast_dimensions)


JVP_RULES = {
    "neg": _unary(lambda t, x, out: lax.neg(t)),
    "abs": _unary(lambda t, x, out: lax.mul(t, lax.sign(x))),
    "exp": _unary(lambda t, x, out: lax.mul(t, out)),
    "log": _unary(lambda t, x, out: lax.div(t, x)),
    "log1p": _unary(lambda t, x, out: lax.div(t, lax.add(x, _scalar(x, 1.0)))),
    "expm1": _unary(lambda t, x, out: lax.mul(t, lax.add(out, _scalar(out, 1.0)))),
    "sqrt": _unary(lambda t, x, out: lax.div(t, lax.mul(_scalar(out, 2.0), out))),
    "rsqrt": _unary(lambda t, x, out: lax.mul(t, lax.mul(_scalar(x, -0.5), lax.div(out, x)))),
    "sin": _unary(lambda t, x, out: lax.mul(t, lax.cos(x))),
    "cos": _unary(lambda t, x, out: lax.neg(lax.mul(t, lax.sin(x)))),
    "tan": _unary(lambda t, x, out: lax.mul(t, lax.add(_scalar(out, 1.0), lax.mul(out, out)))),
    "tanh": _unary(lambda t, x, out: lax.mul(t, lax.sub(_scalar(out, 1.0), lax.mul(out, out)))),
    "logistic": _unary(lambda t, x, out: lax.mul(t, lax.mul(out, lax.sub(_scalar(out, 1.0), out)))),
    "add": _binary(lambda t, x, y, out: t, lambda t, x, y, out: t),
    "sub": _binary(lambda t, x, y, out: t, lambda t, x, y, out: lax.neg(t)),
    "mul": _binary(lambda t, x, y, out: lax.mul(t, y), lambda t, x, y, out: lax.mul(x, t)),
    "div": _binary(
        lambda t, x, y, out: lax.div(t, y),
        lambda t, x, y, out: lax.neg(lax.mul(t, lax.div(out, y))),
    ),
    "rem": _binary(
        lambda t, x, y, out: t,
        # x rem y = x - y * trunc(x / y)
        lambda t, x, y, out: lax.neg(lax.mul(t, lax.mul(lax.sign(lax.div(x, y)), lax.floor(lax.abs(lax.div(x, y)))))),
    ),
    "pow": _binary(_pow_x, _pow_y),
    "max": _max_min("max"),
    "min": _max_min("min"),
    "atan2": _binary(
        lambda t, x, y, out: lax.mul(t, lax.div(y, lax.add(lax.mul(x, x), lax.mul(y, y)))),
        lambda t, x, y, out: lax.neg(lax.mul(t, lax.div(x, lax.add(lax.mul(x, x), lax.mul(y, y))))),
    ),
    "select": _select,
    "convert": _convert,
    "broadcast_in_dim": _broadcast,
    "reshape": _reshape,
    "transpose": _linear("transpose"),
    "rev": _linear("rev"),
    "slice": _linear("slice"),
    "concatenate": _concatenate,
    "pad": _pad,
    "reduce": _reduce,
    "dot_general": _dot_general,
}

# Ops whose outputs never carry a tangent (piecewise constant or integer-valued).
ZERO_DERIVATIVE = frozenset(
    "sign floor ceil round not and or xor compare iota constant argmax argmin stop_gradient".split()
)
ZERO_DERIVATIVE |= frozenset(
    "is_finite population_count clz shift_left shift_right_logical shift_right_arithmetic "
    "bitcast_convert_type".split()
)


def _one_minus_sq(x):
    """1 - x^2 as (1 - x)(1 + x): no cancellation near |x| = 1."""
    one = _scalar(x, 1.0)
    return lax.mul(lax.sub(one, x), lax.add(one, x))


def trigamma(x):
    """polygamma(1, x), built from dsc ops (so it is differentiable in turn): the recurrence
    psi1(y) = sum_{k<8} 1/(y+k)^2 + psi1(y+8) and the asymptotic series at y + 8 >= 8.5,
    with the reflection psi1(x) = pi^2 / sin^2(pi x) - psi1(1 - x) below 1/2."""
    import math

    one, half = _scalar(x, 1.0), _scalar(x, 0.5)
    reflect = lax.lt(x, half)
    y = lax.select(reflect, lax.sub(one, x), x)
    acc = _scalar(x, 0.0)
    for k in range(8):
        yk = lax.add(y, _scalar(x, float(k)))
        acc = lax.add(acc, lax.div(one, lax.mul(yk, yk)))
    z = lax.add(y, _scalar(x, 8.0))
    r = lax.div(one, z)
    r2 = lax.mul(r, r)
    # 1/z + 1/(2z^2) + 1/(6z^3) - 1/(30z^5) + 1/(42z^7) - 1/(30z^9) + 5/(66z^11)
    series = _scalar(x, 5.0 / 66.0)
    for c in (-1.0 / 30.0, 1.0 / 42.0, -1.0 / 30.0, 1.0 / 6.0):
        series = lax.add(_scalar(x, c), lax.mul(series, r2))
    series = lax.add(lax.add(one, lax.mul(half, r)), lax.mul(series, r2))
    psi1 = lax.add(acc, lax.mul(series, r))
    s = lax.sin(lax.mul(_scalar(x, math.pi), x))
    reflected = lax.sub(lax.div(_scalar(x, math.pi**2), lax.mul(s, s)), psi1)
    return lax.select(reflect, reflected, psi1)


_TWO_OVER_SQRT_PI = 1.1283791670955126
JVP_RULES.update({
    "asin": _unary(lambda t, x, out: lax.mul(t, lax.rsqrt(_one_minus_sq(x)))),
    "acos": _unary(lambda t, x, out: lax.neg(lax.mul(t, lax.rsqrt(_one_minus_sq(x))))),
    "atan": _unary(lambda t, x, out: lax.div(t, lax.add(_scalar(x, 1.0), lax.mul(x, x)))),
    "sinh": _unary(lambda t, x, out: lax.mul(t, lax.cosh(x))),
    "cosh": _unary(lambda t, x, out: lax.mul(t, lax.sinh(x))),
    "asinh": _unary(lambda t, x, out: lax.mul(t, lax.rsqrt(lax.add(lax.mul(x, x), _scalar(x, 1.0))))),
    "acosh": _unary(
        lambda t, x, out: lax.mul(t, lax.rsqrt(lax.mul(lax.sub(x, _scalar(x, 1.0)), lax.add(x, _scalar(x, 1.0)))))
    ),
    "atanh": _unary(lambda t, x, out: lax.div(t, _one_minus_sq(x))),
    "erf": _unary(lambda t, x, out: lax.mul(t, lax.mul(_scalar(x, _TWO_OVER_SQRT_PI), lax.exp(lax.neg(lax.mul(x, x)))))),
    "erfc": _unary(
        lambda t, x, out: lax.mul(t, lax.mul(_scalar(x, -_TWO_OVER_SQRT_PI), lax.exp(lax.neg(lax.mul(x, x)))))
    ),
    "erf_inv": _unary(
        lambda t, x, out: lax.mul(t, lax.mul(_scalar(x, 1.0 / _TWO_OVER_SQRT_PI), lax.exp(lax.mul(out, out))))
    ),
    "cbrt": _unary(lambda t, x, out: lax.div(t, lax.mul(_scalar(out, 3.0), lax.mul(out, out)))),
    "exp2": _unary(lambda t, x, out: lax.mul(t, lax.mul(out, _scalar(out, 0.6931471805599453)))),
    "lgamma": _unary(lambda t, x, out: lax.mul(t, lax.digamma(x))),
    "digamma": _unary(lambda t, x, out: lax.mul(t, trigamma(x))),
})


def _dynamic_slice(primals, tangents, out, slice_sizes):
    t = tangents[0]
    return None if t is None else lax.dynamic_slice(t, primals[1:], slice_sizes)


def _dynamic_update_slice(primals, tangents, out):
    t_op, t_up = tangents[0], tangents[1]
    if t_op is None and t_up is None:
        return None
    x, u = primals[0], primals[1]
    return lax.dynamic_update_slice(_zero_if_none(t_op, x), _zero_if_none(t_up, u), primals[2:])


JVP_RULES["dynamic_slice"] = _dynamic_slice
JVP_RULES["dynamic_update_slice"] = _dynamic_update_slice


# ---- gather / scatter (descend._gather_scatter) ----------------------------------------------


def _gather(primals, tangents, out, dims):
    t = tangents[0]
    return None if t is None else bind_gather(t, primals[1], dims)


def bind_gather(x, indices, dims):
    from descend._gather_scatter import gather

    return gather(x, indices, dims)


def scatter_extremal_weights(x, indices, u, out, dims):
    """For scatter min/max: (weight of the operand, weight of each update, count) where a weight
    is 1 for a value equal to the result at its position (it was chosen), else 0, and count the
    number of chosen values per position (at least 1). Tangents are averaged over ties (as JAX)."""
    from descend._gather_scatter import batch_mask, gather, scatter

    dt = x.aval.dtype
    eq_x = lax.convert_element_type(lax.eq(x, out), dt)
    chosen_u = lax.bitwise_and(lax.eq(u, gather(out, indices, dims)), batch_mask(indices, x.shape, dims, u))
    eq_u = lax.convert_element_type(chosen_u, dt)
    count = scatter(eq_x, indices, eq_u, dims, "add")
    count = lax.max(count, full_like(count, 1))
    return eq_x, eq_u, count


def scatter_mul_factor(x, indices, u, dims, exact_zeros=True):
    """d out[p] / d u_j for out = scatter_mul(x, indices, u): x[p] times the product of the other
    updates at p, without dividing by zero updates. With P = x times the product of the
    nonzero updates at p and Z = the product of the zero ones (0 or 1 in value, but with
    their derivatives): P / u_j * Z for a nonzero u_j, P * (the product of the other zero
    updates) for a zero one, so that second derivatives are exact at zero updates too.
    `exact_zeros=False` (the inner product of the other zeros) counts the zeros instead:
    right in value and first derivative."""
    from descend._gather_scatter import batch_mask, gather, scatter

    dt = x.aval.dtype
    zero, one = zeros_like(u), full_like(u, 1)
    is_zero = lax.eq(u, zero)
    safe_u = lax.select(is_zero, one, u)
    p = gather(scatter(x, indices, safe_u, dims, "mul"), indices, dims)
    if exact_zeros:
        w = lax.select(is_zero, u, one)
        z = gather(scatter(full_like(x, 1), indices, w, dims, "mul"), indices, dims)
        others = scatter_mul_factor(full_like(x, 1), indices, w, dims, exact_zeros=False)
        factor = lax.select(is_zero, lax.mul(p, others), lax.mul(lax.div(p, safe_u), z))
    else:
        zeros_at = scatter(zeros_like(x), indices, lax.convert_element_type(is_zero, dt), dims, "add")
        n = gather(zeros_at, indices, dims)
        factor = lax.select(
            is_zero,
            lax.select(lax.eq(n, one), p, zero),
            lax.select(lax.eq(n, zero), lax.div(p, safe_u), zero),
        )
    return lax.select(batch_mask(indices, x.shape, dims, u), factor, zero)


def _scatter(primals, tangents, out, dims, mode):
    from descend._gather_scatter import scatter

    x, indices, u = primals
    tx, tu = tangents[0], tangents[2]
    if tx is None and tu is None:
        return None
    if mode in ("set", "add"):
        return scatter(_zero_if_none(tx, x), indices, _zero_if_none(tu, u), dims, mode)
    if mode == "mul":
        parts = []
        if tx is not None:
            parts.append(scatter(tx, indices, u, dims, "mul"))
        if tu is not None:
            parts.append(scatter(zeros_like(x), indices, lax.mul(tu, scatter_mul_factor(x, indices, u, dims)), dims, "add"))
        return parts[0] if len(parts) == 1 else lax.add(parts[0], parts[1])
    eq_x, eq_u, count = scatter_extremal_weights(x, indices, u, out, dims)
    num = scatter(lax.mul(_zero_if_none(tx, x), eq_x), indices, lax.mul(_zero_if_none(tu, u), eq_u), dims, "add")
    return lax.div(num, count)


JVP_RULES["gather"] = _gather
JVP_RULES["scatter"] = _scatter
