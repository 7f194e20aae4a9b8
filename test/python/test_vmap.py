"""descend.vmap (JAX's semantics) against Python loops over the batch.

- every descend.numpy function, vmapped, equals the stack of its per-example
  NumPy results (binary functions and products also with one operand
  unbatched: in_axes (0, None) and (None, 0));
- in_axes / out_axes: ints, negative ints, None, tuples, lists, dict and nested
  pytree prefixes; nested vmaps; axis_size; the errors JAX raises (ValueError);
- a batched dot_general lowers to ONE linalg.generic with an extra batch
  dimension (a batched matmul, not a loop of matmuls);
- vmap of every control-flow op: cond and switch with a per-example
  predicate / index, fori_loop / scan / map with batched carries, while_loop
  whose lanes stop after different trip counts.

Expected values come from NumPy evaluated one example at a time (a Python
loop), never from descend's vmap itself.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pytest

import descend
import descend.numpy as dnp
from descend import lax
from descend.tree import tree_leaves

B = 3  # batch size used throughout
R = np.random.default_rng(42)


def rand(shape, dtype="float32", domain="any"):
    """Random values of `shape`: floats in [-2, 2] ('any'), [0.2, 3] ('pos'); ints in [-5, 5]
    ('any'), [1, 5] ('pos'); booleans."""
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return R.random(shape) < 0.5
    if dtype.kind == "f":
        lo, hi = {"any": (-2.0, 2.0), "pos": (0.2, 3.0)}[domain]
        return R.uniform(lo, hi, shape).astype(dtype)
    lo, hi = {"any": (-5, 6), "pos": (1, 6)}[domain]
    return R.integers(lo, hi, shape).astype(dtype)


def loop_reference(fn, args, in_axes, size=B):
    """The per-example results of `fn(np, ...)`, computed by a Python loop with NumPy,
    stacked along a new leading axis (a list of stacked leaves)."""
    outs = []
    for i in range(size):
        ex = [a if ax is None else np.take(a, i, axis=ax) for a, ax in zip(args, in_axes)]
        with np.errstate(all="ignore"):  # log of negatives (the isnan case) is meant to give nan
            outs.append([np.asarray(o) for o in tree_leaves(fn(np, *ex))])
    return [np.stack([o[k] for o in outs]) for k in range(len(outs[0]))]


def assert_close(got, want, dtype=None):
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"shape {got.shape} != {want.shape}"
    if dtype is not None:
        assert got.dtype == np.dtype(dtype), f"dtype {got.dtype} != {dtype}"
    if got.dtype.kind in "biu":
        np.testing.assert_array_equal(got, want.astype(got.dtype))
    else:
        tol = 1e-5 if got.dtype == np.float32 else 1e-12
        np.testing.assert_allclose(got, want.astype(np.float64), rtol=tol, atol=tol)


# ---- every descend.numpy function ---------------------------------------------------------

F, INT, BOOL = "float32", "int32", "bool"
S = (2, 4)  # per-example shape


def a(shape=S, dtype=F, domain="any"):
    return (shape, dtype, domain)


# name -> (fn(m, *args) with m = numpy or descend.numpy, [per-example arg specs])
UNARY = {
    "abs": lambda m, x: m.abs(x),
    "absolute": lambda m, x: m.absolute(x),
    "ceil": lambda m, x: m.ceil(x),
    "cos": lambda m, x: m.cos(x),
    "exp": lambda m, x: m.exp(x),
    "expm1": lambda m, x: m.expm1(x),
    "floor": lambda m, x: m.floor(x),
    "isnan": lambda m, x: m.isnan(m.log(x)),
    "negative": lambda m, x: m.negative(x),
    "positive": lambda m, x: m.positive(x),
    "rint": lambda m, x: m.rint(x * 3),
    "round": lambda m, x: m.round(x * 3),
    "around": lambda m, x: m.around(x, 1),
    "sign": lambda m, x: m.sign(x),
    "sin": lambda m, x: m.sin(x),
    "square": lambda m, x: m.square(x),
    "tan": lambda m, x: m.tan(x * 0.5),
    "tanh": lambda m, x: m.tanh(x),
}
UNARY_POS = {
    "log": lambda m, x: m.log(x),
    "log1p": lambda m, x: m.log1p(x),
    "sqrt": lambda m, x: m.sqrt(x),
    "reciprocal": lambda m, x: m.reciprocal(x),
}
UNARY_INT = {
    "abs_int": lambda m, x: m.abs(x),
    "bitwise_not": lambda m, x: m.bitwise_not(x),
    "invert": lambda m, x: m.invert(x),
    "sign_int": lambda m, x: m.sign(x),
}
UNARY_BOOL = {
    "logical_not": lambda m, x: m.logical_not(x),
    "invert_bool": lambda m, x: m.invert(x),
}
BINARY = {
    "add": lambda m, x, y: m.add(x, y),
    "subtract": lambda m, x, y: m.subtract(x, y),
    "multiply": lambda m, x, y: m.multiply(x, y),
    "maximum": lambda m, x, y: m.maximum(x, y),
    "minimum": lambda m, x, y: m.minimum(x, y),
    "arctan2": lambda m, x, y: m.arctan2(x, y),
    "equal": lambda m, x, y: m.equal(x, m.round(y)),
    "not_equal": lambda m, x, y: m.not_equal(m.round(x), m.round(y)),
    "greater": lambda m, x, y: m.greater(x, y),
    "greater_equal": lambda m, x, y: m.greater_equal(x, y),
    "less": lambda m, x, y: m.less(x, y),
    "less_equal": lambda m, x, y: m.less_equal(x, y),
}
BINARY_POS = {  # second operand in [0.2, 3]: a safe divisor / exponent base
    "divide": lambda m, x, y: m.divide(x, y),
    "true_divide": lambda m, x, y: m.true_divide(x, y),
    "floor_divide": lambda m, x, y: m.floor_divide(x, y),
    "mod": lambda m, x, y: m.mod(x, y),
    "remainder": lambda m, x, y: m.remainder(x, y),
    "fmod": lambda m, x, y: m.fmod(x, y),
    "power": lambda m, x, y: m.power(y, x),
}
BINARY_INT = {
    "bitwise_and": lambda m, x, y: m.bitwise_and(x, y),
    "bitwise_or": lambda m, x, y: m.bitwise_or(x, y),
    "bitwise_xor": lambda m, x, y: m.bitwise_xor(x, y),
    "floor_divide_int": lambda m, x, y: m.floor_divide(x, y),
    "mod_int": lambda m, x, y: m.mod(x, y),
    "true_divide_int": lambda m, x, y: m.true_divide(x, y),
}
BINARY_BOOL = {
    "logical_and": lambda m, x, y: m.logical_and(x, y),
    "logical_or": lambda m, x, y: m.logical_or(x, y),
    "logical_xor": lambda m, x, y: m.logical_xor(x, y),
}

CASES: dict = {}
CASES.update({k: (f, [a()]) for k, f in UNARY.items()})
CASES.update({k: (f, [a(domain="pos")]) for k, f in UNARY_POS.items()})
CASES.update({k: (f, [a(dtype=INT)]) for k, f in UNARY_INT.items()})
CASES.update({k: (f, [a(dtype=BOOL)]) for k, f in UNARY_BOOL.items()})
BINARY_CASES = {}
BINARY_CASES.update({k: (f, [a(), a()]) for k, f in BINARY.items()})
BINARY_CASES.update({k: (f, [a(), a(domain="pos")]) for k, f in BINARY_POS.items()})
BINARY_CASES.update({k: (f, [a(dtype=INT), a(dtype=INT, domain="pos")]) for k, f in BINARY_INT.items()})
BINARY_CASES.update({k: (f, [a(dtype=BOOL), a(dtype=BOOL)]) for k, f in BINARY_BOOL.items()})
BINARY_CASES.update(
    {
        "where": (lambda m, c, x, y: m.where(c, x, y), [a(dtype=BOOL), a(), a()]),
        "where_bcast": (lambda m, c, x, y: m.where(c, x, y), [a((4,), BOOL), a(), a((2, 1))]),
        "clip": (lambda m, x, lo, hi: m.clip(x, lo, lo + hi), [a(), a(), a(domain="pos")]),
        "add_bcast": (lambda m, x, y: m.add(x, y), [a((2, 1, 4)), a((3, 1))]),
        # products: dot_general with every combination of batched operands
        "dot_vv": (lambda m, x, y: m.dot(x, y), [a((4,)), a((4,))]),
        "dot_mv": (lambda m, x, y: m.dot(x, y), [a((3, 4)), a((4,))]),
        "dot_mm": (lambda m, x, y: m.dot(x, y), [a((2, 4)), a((4, 3))]),
        "dot_3d": (lambda m, x, y: m.dot(x, y), [a((2, 3, 4)), a((4, 2))]),
        "matmul": (lambda m, x, y: m.matmul(x, y), [a((2, 4)), a((4, 3))]),
        "matmul_vm": (lambda m, x, y: m.matmul(x, y), [a((4,)), a((4, 3))]),
        "matmul_batched": (lambda m, x, y: m.matmul(x, y), [a((2, 3, 4)), a((2, 4, 5))]),
        "matmul_bcast": (lambda m, x, y: m.matmul(x, y), [a((2, 3, 4)), a((4, 5))]),
        "matmul_op": (lambda m, x, y: x @ y, [a((2, 4)), a((4,))]),
        "vdot": (lambda m, x, y: m.vdot(x, y), [a(), a()]),
        "inner": (lambda m, x, y: m.inner(x, y), [a((3, 4)), a((2, 4))]),
        "outer": (lambda m, x, y: m.outer(x, y), [a((3,)), a((2, 2))]),
        "tensordot_1": (lambda m, x, y: m.tensordot(x, y, axes=1), [a((2, 4)), a((4, 3))]),
        "tensordot_2": (lambda m, x, y: m.tensordot(x, y, axes=2), [a((2, 3, 4)), a((3, 4, 2))]),
        "tensordot_pairs": (lambda m, x, y: m.tensordot(x, y, axes=([0, 2], [1, 0])), [a((2, 3, 4)), a((4, 2))]),
        "concatenate": (lambda m, x, y: m.concatenate([x, y], axis=1), [a(), a((2, 3))]),
        "concatenate_0": (lambda m, x, y: m.concatenate([x, y]), [a(), a((1, 4))]),
        "stack": (lambda m, x, y: m.stack([x, y], axis=1), [a(), a()]),
        "hstack": (lambda m, x, y: m.hstack([x, y]), [a(), a()]),
        "vstack": (lambda m, x, y: m.vstack([x, y]), [a((4,)), a()]),
        "broadcast_arrays": (lambda m, x, y: m.broadcast_arrays(x, y), [a((2, 1)), a((4,))]),
    }
)
CASES.update(BINARY_CASES)
CASES.update(
    {
        # reductions
        "sum": (lambda m, x: m.sum(x), [a()]),
        "sum_axis": (lambda m, x: m.sum(x, axis=1), [a()]),
        "sum_keepdims": (lambda m, x: m.sum(x, axis=0, keepdims=True), [a()]),
        "sum_int": (lambda m, x: m.sum(x, axis=-1), [a(dtype=INT)]),
        "sum_bool": (lambda m, x: m.sum(x), [a(dtype=BOOL)]),
        "prod": (lambda m, x: m.prod(x, axis=0), [a()]),
        "mean": (lambda m, x: m.mean(x, axis=(0, 1)), [a((2, 3, 2))]),
        "mean_int": (lambda m, x: m.mean(x), [a(dtype=INT)]),
        "max": (lambda m, x: m.max(x, axis=1), [a()]),
        "min": (lambda m, x: m.min(x), [a()]),
        "amax": (lambda m, x: m.amax(x, axis=0), [a()]),
        "amin": (lambda m, x: m.amin(x, axis=-1, keepdims=True), [a(dtype=INT)]),
        "all": (lambda m, x: m.all(x, axis=1), [a(dtype=BOOL)]),
        "any": (lambda m, x: m.any(x), [a(dtype=BOOL)]),
        "argmax": (lambda m, x: m.argmax(x), [a()]),
        "argmax_axis": (lambda m, x: m.argmax(x, axis=1), [a()]),
        "argmin": (lambda m, x: m.argmin(x, axis=0), [a()]),
        "argmin_flat": (lambda m, x: m.argmin(x), [a((2, 3, 2))]),
        # shape manipulation
        "reshape": (lambda m, x: m.reshape(x, (4, 2)), [a()]),
        "reshape_neg": (lambda m, x: m.reshape(x, (-1,)), [a((2, 3, 2))]),
        "ravel": (lambda m, x: m.ravel(x), [a()]),
        "transpose": (lambda m, x: m.transpose(x), [a((2, 3, 4))]),
        "transpose_axes": (lambda m, x: m.transpose(x, (1, 2, 0)), [a((2, 3, 4))]),
        "T": (lambda m, x: x.T, [a()]),
        "swapaxes": (lambda m, x: m.swapaxes(x, 0, 2), [a((2, 3, 4))]),
        "moveaxis": (lambda m, x: m.moveaxis(x, 0, -1), [a((2, 3, 4))]),
        "expand_dims": (lambda m, x: m.expand_dims(x, 1), [a()]),
        "squeeze": (lambda m, x: m.squeeze(x, axis=1), [a((2, 1, 4))]),
        "squeeze_all": (lambda m, x: m.squeeze(x), [a((1, 4, 1))]),
        "flip": (lambda m, x: m.flip(x, 1), [a()]),
        "flip_all": (lambda m, x: m.flip(x), [a()]),
        "broadcast_to": (lambda m, x: m.broadcast_to(x, (3, 2, 4)), [a((2, 1))]),
        "getitem_slice": (lambda m, x: x[1:, ::-2], [a((3, 5))]),
        "getitem_int": (lambda m, x: x[..., 1], [a()]),
        "getitem_newaxis": (lambda m, x: x[None, 0, 1:3], [a()]),
        # creation / dtypes inside a vmapped function
        "zeros_like": (lambda m, x: m.zeros_like(x) + x, [a()]),
        "ones_like": (lambda m, x: m.ones_like(x, dtype="int32"), [a()]),
        "full_like": (lambda m, x: m.full_like(x, 2.5) * x, [a()]),
        "empty_like": (lambda m, x: m.empty_like(x).shape[0] + x, [a()]),
        "astype": (lambda m, x: m.astype(x * 3, "int32"), [a()]),
        "astype_bool": (lambda m, x: m.astype(x, "float32"), [a(dtype=BOOL)]),
        "asarray": (lambda m, x: m.asarray(x) * 2, [a()]),
        "array": (lambda m, x: m.array(x) - 1, [a()]),
        "arange": (lambda m, x: x * m.arange(4, dtype="float32"), [a()]),
        "linspace": (lambda m, x: x + m.linspace(0.0, 1.0, 4, dtype="float32"), [a()]),
        "zeros": (lambda m, x: x + m.zeros((2, 4), "float32"), [a()]),
        "ones": (lambda m, x: x - m.ones(4, "float32"), [a()]),
        "full": (lambda m, x: x * m.full((2, 1), 3.0, "float32"), [a()]),
        "empty": (lambda m, x: x + 0 * m.empty((4,), "float32").shape[0], [a()]),
        "eye": (lambda m, x: m.eye(2, dtype="float32") @ x, [a()]),
        "identity": (lambda m, x: x @ m.identity(4, dtype="float32"), [a()]),
        "shape_ndim_size": (lambda m, x: x * (m.ndim(x) + m.size(x) + m.shape(x)[1]), [a()]),
        "scalar_example": (lambda m, x: m.exp(x) * 2 + 1, [a(())]),
    }
)


def _batched_args(specs, in_axes):
    args = []
    for (shape, dtype, domain), ax in zip(specs, in_axes):
        if ax is None:
            args.append(rand(shape, dtype, domain))
        else:
            x = rand((B,) + shape, dtype, domain)
            args.append(np.moveaxis(x, 0, ax))
    return args


def _vmapped(fn, in_axes):
    return descend.vmap(lambda *xs: fn(dnp, *xs), in_axes=tuple(in_axes))


# Every (case, in_axes) to check, in groups: the vmapped functions of one group are compiled
# together as one jitted function (one compilation per group instead of one per case). A
# group that fails to trace or compile falls back to one compilation per case, so that the
# error lands on the case that causes it.
CHECKS = [(name, (0,) * len(CASES[name][1])) for name in sorted(CASES)]
CHECKS += [
    (name, tuple(None if k == u else 0 for k in range(len(BINARY_CASES[name][1]))))
    for u in (0, 1)
    for name in sorted(BINARY_CASES)
]
GROUP = 16
_ARGS = {key: _batched_args(CASES[key[0]][1], key[1]) for key in CHECKS}


@functools.cache
def _group_results(g: int) -> dict:
    keys = CHECKS[g * GROUP : (g + 1) * GROUP]
    fns = [_vmapped(CASES[name][0], axes) for name, axes in keys]
    try:
        outs = descend.jit(lambda args: [f(*a) for f, a in zip(fns, args)])([_ARGS[k] for k in keys])
        return dict(zip(keys, outs))
    except Exception:  # noqa: BLE001 - re-raised per case below
        return {}


def check_vmap_case(name, in_axes):
    fn, specs = CASES[name]
    key = (name, tuple(in_axes))
    args = _ARGS[key]
    want = loop_reference(fn, args, in_axes)
    # the dtype of each output: that of the same function, traced un-batched on one example
    example = [x if ax is None else np.take(x, 0, axis=ax) for x, ax in zip(args, in_axes)]
    dtypes = [t.dtype for t in descend.jit(lambda *xs: fn(dnp, *xs)).lower(*example).out_types]
    grouped = _group_results(CHECKS.index(key) // GROUP)
    got = grouped[key] if key in grouped else _vmapped(fn, in_axes)(*args)
    got = tree_leaves(got)
    assert len(got) == len(want)
    for g, w, dt in zip(got, want, dtypes):
        assert_close(g, w, dt)


@pytest.mark.parametrize("name", sorted(CASES))
def test_numpy_function(name):
    check_vmap_case(name, (0,) * len(CASES[name][1]))


# one operand shared by the whole batch (not batched), the others batched
@pytest.mark.parametrize("unbatched", [0, 1])
@pytest.mark.parametrize("name", sorted(BINARY_CASES))
def test_numpy_function_one_unbatched(name, unbatched):
    n = len(BINARY_CASES[name][1])
    check_vmap_case(name, tuple(None if k == unbatched else 0 for k in range(n)))


def test_every_numpy_function_is_covered():
    """Each public function of descend.numpy appears in some case above."""
    import inspect

    src = inspect.getsource(__import__(__name__))
    public = [
        n
        for n in dir(dnp)
        if not n.startswith("_") and callable(getattr(dnp, n)) and not isinstance(getattr(dnp, n), type)
    ]
    skip = {"finfo", "iinfo", "issubdtype", "promote_types", "ndarray", "bool_", "annotations"}
    # the functions beyond the core set are mapped in test_vmap_extra.py, test_vmap_more.py,
    # test_vmap_indexing.py (as `dnp.<name>(`)
    extra = "\n".join(Path(__file__).with_name(f).read_text() for f in ("test_vmap_extra.py", "test_vmap_more.py", "test_vmap_indexing.py", "test_vmap_setops.py", "test_vmap_linalg.py"))
    missing = [
        n
        for n in public
        if n not in skip and not re.search(rf"\bm\.{n}\(", src) and not re.search(rf"\bdnp\.{n}\(", extra)
    ]
    assert not missing, f"descend.numpy functions without a vmap test: {missing}"


# ---- in_axes / out_axes -------------------------------------------------------------------


def f_xy(x, y):
    return dnp.sin(x) * y + dnp.sum(x)


def test_in_axes_positive_and_negative():
    x = rand((4, B, 3))
    y = rand((3, B))
    got = descend.vmap(f_xy, in_axes=(1, -1))(x, y)
    want = np.stack([np.sin(x[:, i]) * y[:, i] + x[:, i].sum() for i in range(B)])
    assert_close(got, want, "float32")


def test_in_axes_none_and_list():
    x = rand((B, 3))
    y = rand((3,))
    got = descend.vmap(f_xy, in_axes=[0, None])(x, y)
    assert_close(got, np.stack([np.sin(x[i]) * y + x[i].sum() for i in range(B)]), "float32")
    got = descend.vmap(f_xy, in_axes=(None, 0))(y, x)
    assert_close(got, np.stack([np.sin(y) * x[i] + y.sum() for i in range(B)]), "float32")


def test_in_axes_dict_and_nested_prefixes():
    params = {"w": rand((3, 2)), "b": rand((2,))}
    xs = rand((B, 3))
    scales = (rand((B,)), rand((2, B)))

    def f(p, x, s):
        s0, s1 = s
        return dnp.tanh(x @ p["w"] + p["b"]) * s0 + s1

    # a dict prefix: the weights shared, the bias per example
    pb = {"w": params["w"], "b": rand((B, 2))}
    got = descend.vmap(f, in_axes=({"w": None, "b": 0}, 0, (0, 1)))(pb, xs, scales)
    want = np.stack(
        [np.tanh(xs[i] @ pb["w"] + pb["b"][i]) * scales[0][i] + scales[1][:, i] for i in range(B)]
    )
    assert_close(got, want, "float32")
    # None for a whole pytree argument
    got = descend.vmap(f, in_axes=(None, 0, (0, 1)))(params, xs, scales)
    want = np.stack(
        [np.tanh(xs[i] @ params["w"] + params["b"]) * scales[0][i] + scales[1][:, i] for i in range(B)]
    )
    assert_close(got, want, "float32")


def test_out_axes_variants():
    x = rand((B, 2, 3))

    def f(v):
        return {"a": v * 2, "s": dnp.sum(v), "k": dnp.ones(3, "float32")}

    out = descend.vmap(f, out_axes={"a": 1, "s": 0, "k": None})(x)
    assert_close(out["a"], np.moveaxis(x * 2, 0, 1), "float32")
    assert_close(out["s"], x.sum(axis=(1, 2)), "float32")
    assert_close(out["k"], np.ones(3), "float32")  # out_axes None: not batched
    out = descend.vmap(lambda v: (v, v.T), out_axes=(-1, 0))(x)
    assert_close(out[0], np.moveaxis(x, 0, -1), "float32")
    assert_close(out[1], x.transpose(0, 2, 1), "float32")
    # an int out_axes applies to every output leaf
    out = descend.vmap(lambda v: [v + 1, v[0]], out_axes=1)(x)
    assert_close(out[0], np.moveaxis(x + 1, 0, 1), "float32")
    assert_close(out[1], x[:, 0].T, "float32")
    assert isinstance(out, list)
    with pytest.raises(ValueError, match="out_axes 2 is out of range"):
        descend.vmap(lambda v: [v + 1, v[0]], out_axes=2)(x)


def test_output_that_does_not_depend_on_the_batch_is_broadcast():
    x = rand((B, 2))
    y = rand((2,))
    out = descend.vmap(lambda v, w: (v + w, w * 2), in_axes=(0, None))(x, y)
    assert_close(out[0], x + y, "float32")
    assert_close(out[1], np.broadcast_to(y * 2, (B, 2)), "float32")


def test_axis_size_with_no_mapped_argument():
    y = rand((2,))
    out = descend.vmap(lambda w: w * 3, in_axes=None, axis_size=4)(y)
    assert_close(out, np.broadcast_to(y * 3, (4, 2)), "float32")
    out = descend.vmap(lambda: dnp.arange(3, dtype="float32"), axis_size=2)()
    assert_close(out, np.broadcast_to(np.arange(3.0), (2, 3)), "float32")
    # axis_size agreeing with the mapped axes is accepted
    x = rand((B, 2))
    assert_close(descend.vmap(dnp.exp, axis_size=B)(x), np.exp(x), "float32")


def test_nested_vmap():
    x = rand((B, 4, 2))
    y = rand((4, 2))
    # outer over x's axis 0, inner over axis 0 of the rest (4) and of y
    inner = descend.vmap(lambda u, v: dnp.dot(u, v) * u, in_axes=(0, 0))
    got = descend.vmap(inner, in_axes=(0, None))(x, y)
    want = np.stack([np.stack([np.dot(x[i, j], y[j]) * x[i, j] for j in range(4)]) for i in range(B)])
    assert_close(got, want, "float32")
    # inner mapping over a different axis, outer with out_axes=1
    mat = rand((B, 3, 5))
    got = descend.vmap(descend.vmap(lambda r: dnp.sum(r * r), in_axes=1), out_axes=1)(mat)
    want = np.stack([np.stack([np.sum(mat[i, :, j] ** 2) for j in range(5)]) for i in range(B)], axis=1)
    assert_close(got, want, "float32")


def test_vmap_inside_jit_and_of_jit():
    x = rand((B, 3))
    y = rand((3,))
    want = np.stack([np.sin(x[i]) * y + x[i].sum() for i in range(B)])
    assert_close(descend.jit(descend.vmap(f_xy, in_axes=(0, None)))(x, y), want, "float32")
    assert_close(descend.vmap(descend.jit(f_xy), in_axes=(0, None))(x, y), want, "float32")

    @descend.jit
    def g(x, y):
        return descend.vmap(f_xy, in_axes=(0, None))(x, y) + 1

    assert_close(g(x, y), want + 1, "float32")


def test_python_scalar_and_float64_arguments():
    x = rand((B, 3), "float64")
    got = descend.vmap(lambda v, s: v * s, in_axes=(0, None))(x, 2.0)
    assert_close(got, x * 2.0, "float64")  # a weak Python scalar keeps float64
    got = descend.vmap(lambda v: v + 1)(rand((B,), "int32"))
    assert got.dtype == np.int32


# ---- errors ---------------------------------------------------------------------------------


def test_error_mismatched_sizes():
    with pytest.raises(ValueError, match="different sizes"):
        descend.vmap(f_xy)(rand((3, 2)), rand((4, 2)))
    with pytest.raises(ValueError, match="different sizes"):
        descend.vmap(dnp.sin, axis_size=5)(rand((3, 2)))


def test_error_in_axes_out_of_range_and_scalars():
    with pytest.raises(ValueError, match="out of range"):
        descend.vmap(dnp.sin, in_axes=2)(rand((3, 2)))
    with pytest.raises(ValueError, match="out of range"):
        descend.vmap(dnp.sin)(np.float32(1.0))


def test_error_spec_structure():
    with pytest.raises(ValueError, match="2 arguments"):
        descend.vmap(f_xy, in_axes=(0, 0, 0))(rand((3, 2)), rand((3, 2)))
    with pytest.raises(ValueError, match="dict keys"):
        descend.vmap(lambda p: p["a"], in_axes=({"b": 0},))({"a": rand((3,))})
    with pytest.raises(ValueError, match="no mapped argument"):
        descend.vmap(dnp.sin, in_axes=None)(rand((3,)))
    with pytest.raises(ValueError, match="out_axes None"):
        descend.vmap(dnp.sin, out_axes=None)(rand((3,)))


# ---- batched products lower to one generic ----------------------------------------------------


def _generics(text):
    return re.findall(r"linalg\.generic \{indexing_maps = \[[^\]]*\], iterator_types = \[([^\]]*)\]", text)


@pytest.mark.parametrize(
    "in_axes, shapes, n_generics",
    [
        ((0, 0), ((B, 2, 3), (B, 3, 5)), 1),
        ((0, None), ((B, 2, 3), (3, 5)), 1),
        # rhs batched only: dot_general puts the lhs rows first, then one transpose copy (as JAX)
        ((None, 0), ((2, 3), (B, 3, 5)), 2),
    ],
)
def test_batched_matmul_is_one_generic(in_axes, shapes, n_generics):
    args = [rand(s) for s in shapes]
    lowered = descend.jit(descend.vmap(dnp.matmul, in_axes=in_axes)).lower(*args)
    dsc_text = lowered.as_text("dsc")
    assert dsc_text.count('"dsc.dot_general"') == 1
    text = lowered.as_text("linalg")
    assert "scf.for" not in text and "scf.while" not in text
    generics = _generics(text)
    assert len(generics) == n_generics, text
    # the contraction: 4 loops (batch, rows, cols, k), the batch one parallel
    contraction = [g for g in generics if "reduction" in g]
    assert contraction == ['"parallel", "parallel", "parallel", "reduction"']
    assert len(re.findall(r"arith\.mulf", text)) == 1
    want = np.stack([np.take(args[0], i, 0) if in_axes[0] == 0 else args[0] for i in range(B)])
    want = want @ (args[1] if in_axes[1] == 0 else args[1][None])
    assert_close(lowered.compile()(*args), want, "float32")


def test_batched_dot_general_with_batch_dims_and_mlp():
    """vmap of an MLP layer over a batch: a batched dot_general, no loop."""
    w1, b1 = rand((3, 4)), rand((4,))
    xs = rand((5, 3))

    def layer(x):
        return dnp.tanh(dnp.dot(x, w1) + b1)

    lowered = descend.jit(descend.vmap(layer)).lower(xs)
    text = lowered.as_text("linalg")
    assert "scf." not in text
    assert len([g for g in _generics(text) if "reduction" in g]) == 1
    assert_close(lowered.compile()(xs), np.tanh(xs @ w1 + b1), "float32")
    # vmap of a batched matmul (dot_general with batch dims already): a second batch dim
    x = rand((B, 2, 3, 4))
    y = rand((B, 2, 4, 5))
    lowered = descend.jit(descend.vmap(dnp.matmul)).lower(x, y)
    contraction = [g for g in _generics(lowered.as_text("linalg")) if "reduction" in g]
    assert contraction == ['"parallel", "parallel", "parallel", "parallel", "reduction"']
    assert_close(lowered.compile()(x, y), x @ y, "float32")


# ---- vmap of control flow -------------------------------------------------------------------


def test_cond_batched_predicate_selects_both_branches():
    x = rand((B + 2, 3))
    p = np.array([True, False, True, False, False])

    def f(p, v):
        return lax.cond(p, lambda u: dnp.sin(u) * 2, lambda u: u - 1.0, v)

    want = np.stack([np.sin(x[i]) * 2 if p[i] else x[i] - 1 for i in range(len(p))])
    vf = descend.vmap(f)
    assert_close(vf(p, x), want, "float32")
    # no scf.if remains: both branches are computed and selected per example
    text = descend.jit(vf).lower(p, x).as_text("dsc")
    assert "scf.if" not in text and '"dsc.select"' in text
    # a predicate computed from the batched value
    g = descend.vmap(lambda v: lax.cond(dnp.sum(v) > 0, lambda u: u * u, lambda u: -u, v))
    want = np.stack([x[i] ** 2 if x[i].sum() > 0 else -x[i] for i in range(len(p))])
    assert_close(g(x), want, "float32")


def test_cond_unbatched_predicate_stays_an_if():
    x = rand((B, 3))

    def f(p, v):
        return lax.cond(p > 0, lambda u: (u * 2, dnp.sum(u)), lambda u: (u - 1.0, dnp.max(u)), v)

    vf = descend.jit(descend.vmap(f, in_axes=(None, 0)))
    text = vf.lower(1.0, x).as_text("dsc")
    assert text.count("scf.if") == 1
    for s in (1.0, -1.0):
        out = vf(s, x)
        if s > 0:
            assert_close(out[0], x * 2, "float32")
            assert_close(out[1], x.sum(axis=1), "float32")
        else:
            assert_close(out[0], x - 1, "float32")
            assert_close(out[1], x.max(axis=1), "float32")


def test_switch_batched_index():
    x = rand((6, 2))
    idx = np.array([0, 1, 2, 5, -1, 1], dtype=np.int32)  # out of range: clamped
    branches = [lambda u: u + 1.0, lambda u: u * 10.0, lambda u: -u]
    got = descend.vmap(lambda i, v: lax.switch(i, branches, v))(idx, x)
    want = np.stack([[x[k] + 1, x[k] * 10, -x[k]][min(max(idx[k], 0), 2)] for k in range(6)])
    assert_close(got, want, "float32")


def test_fori_loop_batched_carry():
    x = rand((B, 3))
    y = rand((3,))

    def f(v, w):
        return lax.fori_loop(1, 4, lambda i, c: (c[0] * 0.5 + w * i, c[1] + dnp.sum(c[0])), (v, 0.0))

    got = descend.vmap(f, in_axes=(0, None))(x, y)

    def ref(v, w):
        c0, c1 = v, np.float32(0)
        for i in range(1, 4):
            c0, c1 = c0 * 0.5 + w * i, c1 + c0.sum()
        return c0, c1

    refs = [ref(x[i], y) for i in range(B)]
    assert_close(got[0], np.stack([r[0] for r in refs]), "float32")
    assert_close(got[1], np.stack([r[1] for r in refs]), "float32")
    # only the closed-over value batched (the carry starts unbatched)
    got = descend.vmap(lambda w: lax.fori_loop(0, 3, lambda i, c: c * w, dnp.ones(3, "float32")))(x)
    assert_close(got, x**3, "float32")


def test_fori_loop_batched_trip_count():
    """Per-example upper bounds: a while loop whose lanes stop at different times."""
    n = np.array([0, 3, 5], dtype=np.int32)
    x = rand((B, 2))
    got = descend.vmap(lambda k, v: lax.fori_loop(0, k, lambda i, c: c * 2.0 + i, v))(n, x)
    want = []
    for k, v in zip(n, x):
        for i in range(k):
            v = v * 2 + i
        want.append(v)
    assert_close(got, np.stack(want), "float32")


def test_while_loop_batched_predicate():
    """Each lane runs until its own predicate is false; done lanes keep their carry."""
    x = np.array([0.5, 3.0, 20.0, 1.2], dtype=np.float32)
    limit = np.float32(10.0)

    def f(v):
        return lax.while_loop(lambda c: c[0] < limit, lambda c: (c[0] * 1.7 + 0.1, c[1] + 1), (v, 0))

    got = descend.vmap(f)(x)
    want_v, want_n = [], []
    for v in x:
        k = 0
        while v < limit:
            v, k = np.float32(v * np.float32(1.7) + np.float32(0.1)), k + 1
        want_v.append(v)
        want_n.append(k)
    assert_close(got[0], np.array(want_v), "float32")
    assert_close(got[1], np.array(want_n), "int32")
    assert len(set(want_n)) > 2  # the lanes really take different trip counts


def test_while_loop_unbatched_predicate_batched_body():
    x = rand((B, 3))
    got = descend.vmap(lambda v: lax.while_loop(lambda c: c[0] < 3, lambda c: (c[0] + 1, c[1] * v), (0, v)))(x)
    assert_close(got[0], np.full(B, 3), "int32")
    assert_close(got[1], x**4, "float32")


def test_scan_batched_carry_and_xs():
    xs = rand((B, 5, 2))  # per example: a length-5 sequence of 2-vectors
    h0 = rand((B, 2))
    w = rand((2, 2))

    def rnn(h, seq):
        return lax.scan(lambda c, x: (dnp.tanh(c @ w + x), dnp.sum(c)), h, seq)

    got_h, got_ys = descend.vmap(rnn)(h0, xs)
    for i in range(B):
        h, ys = h0[i], []
        for t in range(5):
            ys.append(h.sum())
            h = np.tanh(h @ w + xs[i, t])
        assert_close(got_h[i], h)
        assert_close(got_ys[i], np.array(ys))
    # only the carry batched, xs shared; reverse scan
    seq = rand((4, 2))
    got_h, got_ys = descend.vmap(lambda h: lax.scan(lambda c, x: (c * x, c + x), h, seq, reverse=True))(h0)
    for i in range(B):
        h, ys = h0[i], [None] * 4
        for t in reversed(range(4)):
            ys[t] = h + seq[t]
            h = h * seq[t]
        assert_close(got_h[i], h)
        assert_close(got_ys[i], np.stack(ys))


def test_map_inside_vmap():
    x = rand((B, 4, 3))
    got = descend.vmap(lambda m: lax.map(lambda r: dnp.max(r) - dnp.min(r), m))(x)
    assert_close(got, x.max(axis=2) - x.min(axis=2), "float32")


# ---- per-example start indices (a gather / scatter) --------------------------------------------


def test_dynamic_slice_with_per_example_indices():
    x = rand((B, 6))
    idx = np.array([1, 0, 5], dtype=np.int32)  # 5: clamped to 4 so that the slice fits
    got = descend.vmap(lambda v, i: lax.dynamic_slice(v, [i], [2]))(x, idx)
    want = np.stack([x[b, min(idx[b], 4) : min(idx[b], 4) + 2] for b in range(B)])
    assert_close(got, want, "float32")
    # a shared operand, two per-example indices
    m = rand((4, 5))
    got = descend.vmap(lambda i, j: lax.dynamic_slice(m, [i, j], [2, 3]))(idx, idx[::-1].copy())
    want = [m[min(i, 2) : min(i, 2) + 2, min(j, 2) : min(j, 2) + 3] for i, j in zip(idx, idx[::-1])]
    assert_close(got, np.stack(want), "float32")


def test_dynamic_update_slice_with_per_example_indices():
    x = rand((B, 5))
    u = rand((2,))
    idx = np.array([3, 0, 9], dtype=np.int32)
    got = descend.vmap(lambda v, i: lax.dynamic_update_slice(v, u, [i]))(x, idx)
    want = x.copy()
    for b in range(B):
        s = min(idx[b], 3)
        want[b, s : s + 2] = u
    assert_close(got, want, "float32")


def test_fori_loop_batched_trip_count_indexing_by_the_loop_index():
    """The loop index becomes per-example under a batched trip count: x[i] is a gather."""
    x = rand((B, 4))
    n = np.array([1, 4, 2], dtype=np.int32)
    f = lambda k, v: lax.fori_loop(0, k, lambda i, c: c + lax.dynamic_index_in_dim(v, i, 0, False), 0.0)  # noqa: E731
    assert_close(descend.vmap(f)(n, x), np.array([x[b, : n[b]].sum() for b in range(B)]), "float32")


def test_grad_through_per_example_dynamic_slice():
    x = R.standard_normal((B, 4))
    idx = np.array([2, 0, 1], dtype=np.int32)
    f = lambda v: dnp.sum(descend.vmap(lambda r, j: lax.dynamic_slice(r, [j], [2]) ** 2)(v, idx))  # noqa: E731
    want = np.zeros_like(x)
    for b in range(B):
        want[b, idx[b] : idx[b] + 2] = 2 * x[b, idx[b] : idx[b] + 2]
    assert_close(descend.grad(f)(x), want, "float64")
