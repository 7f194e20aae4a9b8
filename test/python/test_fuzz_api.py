"""Property tests of the Python API: random small programs from descend.numpy ops, run
under `jit`, eagerly and under `vmap`, against NumPy; and bad inputs, which must raise
clear Python exceptions (never crash the process).

A program is a small expression tree over one to three input arrays of one dtype:
elementwise unary and binary ops (with NumPy broadcasting and weak Python scalars),
reductions (axis None/int, keepdims), reshape, transpose and `where`. Shapes cover 0-d,
empty and size-1 dimensions; float inputs may hold NaN, inf and -0.0. The same tree is
interpreted with NumPy (the oracle) and with descend.numpy; NumPy computes in float64
where descend keeps float32 (JAX's promotion), so values are compared with per-dtype
tolerances and dtypes by kind. When NumPy raises (max of an empty array), descend must
raise a ValueError/TypeError too.

Budget: hypothesis `max_examples` (FUZZ_API_EXAMPLES, default 100 per property) with
deadline=None and a fixed seed (derandomize); about 20 s in CI. A longer search:
`FUZZ_API_EXAMPLES=1000 pytest test/python/test_fuzz_api.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import descend
import descend.numpy as dnp

EXAMPLES = int(os.environ.get("FUZZ_API_EXAMPLES", "100"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---- the op tables: name -> (function of the module xp, dtypes it applies to) -------------

F, INT, B = "float", "int", "bool"

UNARY = {
    "negative": (lambda xp, x: xp.negative(x), {F, INT}),
    "abs": (lambda xp, x: xp.abs(x), {F, INT}),
    "square": (lambda xp, x: xp.square(x), {F, INT}),
    "exp": (lambda xp, x: xp.exp(x), {F}),
    "log_abs1p": (lambda xp, x: xp.log1p(xp.abs(x)), {F}),
    "log": (lambda xp, x: xp.log(x), {F}),  # NaN below 0, -inf at 0: both sides alike
    "sqrt_abs": (lambda xp, x: xp.sqrt(xp.abs(x)), {F}),
    "tanh": (lambda xp, x: xp.tanh(x), {F}),
    "sin": (lambda xp, x: xp.sin(x), {F}),
    "logical_not": (lambda xp, x: xp.logical_not(x), {B}),
}
BINARY = {
    "add": (lambda xp, x, y: xp.add(x, y), {F, INT}),
    "subtract": (lambda xp, x, y: xp.subtract(x, y), {F, INT}),
    "multiply": (lambda xp, x, y: xp.multiply(x, y), {F, INT}),
    "divide": (lambda xp, x, y: xp.divide(x, y), {F}),
    "maximum": (lambda xp, x, y: xp.maximum(x, y), {F, INT}),
    "minimum": (lambda xp, x, y: xp.minimum(x, y), {F, INT}),
    "where_gt": (lambda xp, x, y: xp.where(x > y, x, y), {F, INT}),
    "logical_and": (lambda xp, x, y: xp.logical_and(x, y), {B}),
    "logical_xor": (lambda xp, x, y: xp.logical_xor(x, y), {B}),
}
REDUCE = {
    "sum": ({F, INT, B}, True),
    "max": ({F, INT}, True),
    "min": ({F, INT}, True),
    "mean": ({F}, True),
    "prod": ({F}, True),
    "argmax": ({F, INT}, False),  # (dtypes, takes keepdims)
    "argmin": ({F, INT}, False),
    "any": ({B}, True),
    "all": ({B}, True),
}
KIND = {"float32": F, "float64": F, "int32": INT, "bool": B}


def evaluate(node, xp, inputs):
    """Interpret a program tree with module `xp` (numpy or descend.numpy)."""
    tag = node[0]
    if tag == "in":
        return inputs[node[1]]
    if tag == "const":
        return node[1]
    if tag == "unary":
        return UNARY[node[1]][0](xp, evaluate(node[2], xp, inputs))
    if tag == "binary":
        return BINARY[node[1]][0](xp, evaluate(node[2], xp, inputs), evaluate(node[3], xp, inputs))
    if tag == "reduce":
        _, name, axis, keepdims, sub = node
        x = evaluate(sub, xp, inputs)
        kwargs = {"axis": axis}
        if REDUCE[name][1]:
            kwargs["keepdims"] = keepdims
        return getattr(xp, name)(x, **kwargs)
    if tag == "reshape":
        return xp.reshape(evaluate(node[2], xp, inputs), node[1])
    if tag == "transpose":
        return xp.transpose(evaluate(node[2], xp, inputs), node[1])
    raise AssertionError(tag)


# ---- strategies ------------------------------------------------------------------------

DIMS = st.sampled_from([3, 1, 2, 0, 4, 5])


@st.composite
def input_shapes(draw):
    """A full shape (rank 0-3) and 1-3 input shapes that broadcast to it."""
    full = tuple(draw(st.lists(DIMS, min_size=draw(st.sampled_from([1, 2, 0, 3])), max_size=3)))
    shapes = []
    for _ in range(draw(st.integers(1, 3))):
        drop = draw(st.integers(0, len(full)))
        shape = tuple(1 if draw(st.booleans()) and draw(st.booleans()) else d for d in full[drop:])
        shapes.append(shape)
    return full, shapes


def _shape_of(node, in_shapes):
    """The NumPy shape of a node (evaluated on arrays of ones: cheap and exact), None when
    NumPy raises (the max of an empty array)."""
    with np.errstate(all="ignore"):
        try:
            return np.shape(evaluate(node, np, [np.ones(s, np.float64) for s in in_shapes]))
        except (ValueError, TypeError):
            return None


@st.composite
def programs(draw, in_shapes, kind, depth=3):
    """A program tree over inputs of `in_shapes` whose ops all accept dtype kind `kind`."""
    if depth == 0 or (depth < 3 and draw(st.integers(0, 3)) == 0):  # the root is never a bare input
        return ("in", draw(st.integers(0, len(in_shapes) - 1)))
    choice = draw(st.sampled_from(["unary", "binary", "binary", "reduce", "reshape", "transpose"]))
    sub = draw(programs(in_shapes, kind, depth - 1))
    shape = _shape_of(sub, in_shapes)
    if shape is None:  # an error already: nothing to build on
        return sub
    if choice == "unary":
        names = [n for n, (_, kinds) in UNARY.items() if kind in kinds]
        return ("unary", draw(st.sampled_from(names)), sub)
    if choice == "binary":
        names = [n for n, (_, kinds) in BINARY.items() if kind in kinds]
        other = draw(programs(in_shapes, kind, depth - 1))
        other_shape = _shape_of(other, in_shapes)
        try:
            np.broadcast_shapes(shape, other_shape)
        except (ValueError, TypeError):
            other = None
        if other is None or draw(st.integers(0, 3)) == 0:  # a weak Python scalar
            scalar = {F: st.sampled_from([0.5, -2.0, 3.0, 0.0]), INT: st.sampled_from([1, -2, 3]),
                      B: st.booleans()}[kind]
            other = ("const", draw(scalar))
        pair = (sub, other) if draw(st.booleans()) else (other, sub)
        return ("binary", draw(st.sampled_from(names)), *pair)
    if choice == "reduce":
        names = [n for n, (kinds, _) in REDUCE.items() if kind in kinds]
        axis = draw(st.sampled_from([None] + list(range(-len(shape), len(shape)))))
        return ("reduce", draw(st.sampled_from(names)), axis, draw(st.booleans()), sub)
    if choice == "reshape":
        size = int(np.prod(shape))
        options = [(size,), (-1,), (1, size), shape[::-1]] if size else [(0,), shape[::-1], (0, 1)]
        new = draw(st.sampled_from(options))
        if int(np.prod([d for d in new if d != -1])) != size and -1 not in new:
            new = (-1,) if size else (0,)
        return ("reshape", tuple(new), sub)
    perm = tuple(draw(st.permutations(range(len(shape)))))
    return ("transpose", perm, sub)


SPECIALS = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0])


def make_inputs(seed, shapes, dtype, specials):
    rng = np.random.default_rng(seed)
    out = []
    for s in shapes:
        if dtype == "bool":
            x = rng.random(s) < 0.5
        elif dtype == "int32":
            x = rng.integers(-4, 5, s).astype(np.int32)
        else:
            x = rng.uniform(-3, 3, s).astype(dtype)
            if specials and x.size:
                mask = rng.random(s) < 0.2
                x[mask] = rng.choice(SPECIALS, size=int(mask.sum())).astype(dtype)
        out.append(x)
    return out


def check_close(got, want, dtype, what, program):
    got = np.asarray(got)
    want = np.asarray(want)
    msg = f"{what}: program {program}"
    assert got.shape == want.shape, f"{msg}: shape {got.shape} != {want.shape}"
    gk, wk = got.dtype.kind, want.dtype.kind
    assert (gk in "iu") == (wk in "iu") and (gk == "b") == (wk == "b"), f"{msg}: dtype {got.dtype} vs NumPy {want.dtype}"
    if gk == "f" and dtype in ("float32", "float64") and "arg" not in str(program):
        # (an argmax index turned float is float32 in JAX, whatever the input dtype)
        assert got.dtype == np.dtype(dtype), f"{msg}: {dtype} inputs gave {got.dtype}"
    if gk in "biu":
        np.testing.assert_array_equal(got, want, err_msg=msg)
        return
    rtol = 1e-11 if got.dtype == np.float64 else 2e-4
    finite = np.isfinite(want)
    scale = max(1.0, float(np.max(np.abs(want[finite]), initial=0.0)))
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(got, want.astype(got.dtype), rtol=rtol, atol=rtol * scale, equal_nan=True, err_msg=msg)


def numpy_result(program, inputs):
    with np.errstate(all="ignore"):
        try:
            return evaluate(program, np, inputs), None
        except (ValueError, TypeError) as e:  # e.g. max of an empty array
            return None, e


@st.composite
def cases(draw):
    dtype = draw(st.sampled_from(["float32", "float32", "float64", "int32", "bool"]))
    full, shapes = draw(input_shapes())
    program = draw(programs(shapes, KIND[dtype]))
    seed = draw(st.integers(0, 2**16))
    specials = dtype.startswith("float") and draw(st.booleans())
    return dtype, shapes, program, make_inputs(seed, shapes, dtype, specials)


@SETTINGS
@given(cases())
def test_random_programs_jit_and_eager(case):
    dtype, shapes, program, inputs = case
    want, err = numpy_result(program, inputs)
    fn = descend.jit(lambda *xs: evaluate(program, dnp, list(xs)))
    if err is not None:
        with pytest.raises((ValueError, TypeError)):
            fn(*inputs)
        with pytest.raises((ValueError, TypeError)):
            evaluate(program, dnp, inputs)
        return
    check_close(fn(*inputs), want, dtype, "jit", program)
    check_close(evaluate(program, dnp, inputs), want, dtype, "eager", program)


@SETTINGS
@given(cases(), st.integers(1, 3))
def test_random_programs_vmap(case, batch):
    dtype, shapes, program, _ = case
    inputs = [make_inputs(k, shapes, dtype, False) for k in range(batch)]
    per_example = [numpy_result(program, xs) for xs in inputs]
    if any(err is not None for _, err in per_example):
        return  # vmap of an error: not a property to compare
    want = np.stack([np.asarray(w) for w, _ in per_example])
    stacked = [np.stack([xs[i] for xs in inputs]) for i in range(len(shapes))]
    got = descend.vmap(lambda *xs: evaluate(program, dnp, list(xs)))(*stacked)
    check_close(got, want, dtype, f"vmap (batch {batch})", program)


JAX_ORDER = ["bool", "int32", "float32", "float64"]


@SETTINGS
@given(
    st.sampled_from(JAX_ORDER), st.sampled_from(JAX_ORDER), st.sampled_from(["add", "multiply", "maximum", "where_gt"]),
    input_shapes(), st.integers(0, 2**16),
)
def test_mixed_dtypes_follow_jax_promotion(dx, dy, op, shapes, seed):
    """Binary ops across dtypes: the result dtype is JAX's (bool < int32 < float32 < float64),
    the values NumPy's (computed in float64 and cast)."""
    _, (sx, *rest) = shapes
    sy = rest[0] if rest else sx
    x = make_inputs(seed, [sx], dx, False)[0]
    y = make_inputs(seed + 1, [sy], dy, False)[0]
    want_dtype = max(dx, dy, key=JAX_ORDER.index)
    if want_dtype == "bool" and op in ("add", "multiply"):
        want_dtype = "bool"
    fn = BINARY[op][0]
    got = np.asarray(descend.jit(lambda a, b: fn(dnp, a, b))(x, y))
    with np.errstate(all="ignore"):
        want = fn(np, x.astype(np.float64), y.astype(np.float64))
    assert got.dtype == np.dtype(want_dtype), f"{dx} {op} {dy}: {got.dtype}, JAX gives {want_dtype}"
    if want_dtype == "bool":
        want = want != 0
    check_close(got, want.astype(want_dtype), want_dtype, f"{dx} {op} {dy}", op)


# ---- bad inputs ------------------------------------------------------------------------

CLEAR_ERRORS = (TypeError, ValueError, NotImplementedError, MemoryError, OverflowError, IndexError)

BAD_ARGUMENTS = [
    np.ones(3, np.complex64), np.array(["a", "b"]), np.array([object()]),
    np.array(["2020-01-01"], dtype="datetime64[D]"), None, object(), "abc", {"a": {1, 2}}, [1, "x"],
    b"bytes", 2**70, 1j, slice(1), np.ones(2, np.float16).view(np.int16).view([("a", "i1"), ("b", "i1")]),
]


@pytest.mark.parametrize("bad", BAD_ARGUMENTS, ids=lambda b: type(b).__name__ + ("-" + str(getattr(b, "dtype", ""))))
def test_bad_arguments_raise_clear_errors(bad):
    with pytest.raises(CLEAR_ERRORS):
        descend.jit(lambda a: a * 2 + 1)(bad)
    if isinstance(bad, int):  # eagerly a Python int beyond int64 is a float constant: exp(2**70) = inf
        return
    with pytest.raises(CLEAR_ERRORS):
        np.asarray(dnp.exp(bad))


@pytest.mark.parametrize(
    "call",
    [
        lambda: dnp.add(np.ones(3), np.ones(4)),
        lambda: dnp.matmul(np.ones((2, 3)), np.ones((4, 2))),
        lambda: dnp.reshape(np.ones(3), (4,)),
        lambda: dnp.transpose(np.ones((2, 3)), (0, 0)),
        lambda: dnp.sum(np.ones((2, 3)), axis=5),
        lambda: dnp.zeros((-1,)),
        lambda: dnp.zeros((2**40,)),  # 4 TiB: NumPy's MemoryError
        lambda: descend.jit(lambda x: dnp.broadcast_to(x, (2**40,)))(np.float32(1)),
        lambda: descend.jit(lambda x, n: x * n, static_argnums=1)(np.ones(2), np.ones(2)),  # unhashable static
        lambda: descend.jit(lambda x: x)(np.ones(2), np.ones(2)),
        lambda: descend.vmap(lambda x: x)(np.ones(3), np.ones(4)),
        lambda: descend.vmap(lambda x, y: x + y)(np.ones(3), np.ones(4)),
        lambda: descend.jit(lambda x: x[5])(np.ones(3)),
    ],
    ids=["broadcast", "matmul", "reshape", "transpose-perm", "axis", "negative-dim", "zeros-2^40",
         "broadcast-2^40", "unhashable-static",
         "arg-count", "vmap-arg-count", "vmap-sizes", "index"],
)
def test_bad_calls_raise_clear_errors(call):
    with pytest.raises(CLEAR_ERRORS):
        np.asarray(call())


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf, -0.0, np.finfo(np.float32).max, np.finfo(np.float32).tiny])
def test_special_values_are_inputs_like_others(value):
    x = np.array([value, 1.0, -1.0], np.float32)
    f = descend.jit(lambda a: (dnp.exp(a), dnp.sum(a), dnp.max(a), a * 0))
    with np.errstate(all="ignore"):
        want = (np.exp(x), np.sum(x), np.max(x), x * 0)
    for g, w in zip(f(x), want):
        np.testing.assert_allclose(np.asarray(g), w, rtol=1e-6, equal_nan=True)


def test_bad_inputs_in_a_fresh_process_do_not_crash():
    """Calls that aborted or segfaulted the interpreter before the fixes, in a process of their
    own (a regression must not take pytest down): shapes whose element count overflows int64
    in MLIR (ValueError now), and a temporary larger than the machine's memory, which the
    generated code would malloc without a check (MemoryError at compile time now; compiled
    only, never run: were the temporary fused away, running it would take hours)."""
    code = textwrap.dedent(
        """
        import numpy as np, descend, descend.numpy as dnp
        from descend.runtime import _physical_memory
        calls = [lambda: dnp.zeros((2**62, 2**62)),
                 lambda: dnp.reshape(np.ones(0), (2**60, 2**60, 0)),
                 lambda: descend.jit(lambda x: dnp.broadcast_to(x, (2**62, 2**62)))(np.float32(1))]
        for call in calls:
            try:
                call()
                print("no-error")
            except ValueError:
                print("ValueError")
        f = descend.jit(lambda x: dnp.sum(dnp.exp(dnp.broadcast_to(x, (2**36,)))))
        try:
            f.lower(np.float32(1)).compile()
            print("compiled")
        except MemoryError:
            print("MemoryError")
        """
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    out = p.stdout.split()
    assert out[:3] == ["ValueError"] * 3, p.stdout + p.stderr[-2000:]
    assert out[3] in ("MemoryError", "compiled"), p.stdout
