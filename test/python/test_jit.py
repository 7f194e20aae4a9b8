"""descend.jit: results, tracing and caching, static arguments, pytrees, weak types,
lowering to each stage, compile(), and the errors users see."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from conftest import assert_matches_numpy, random_array

import descend
import descend.numpy as dnp
from descend import lax

# ---- results equal NumPy -----------------------------------------------------------------


def test_jit_elementwise_chain(rng):
    @descend.jit
    def f(a, b):
        return dnp.exp(a * b + a) - dnp.sin(b) / 2

    x, y = random_array(rng, (3, 5), "float32"), random_array(rng, (5,), "float32")
    xd, yd = x.astype(np.float64), y.astype(np.float64)
    assert_matches_numpy(f(x, y), np.exp(xd * yd + xd) - np.sin(yd) / 2, "float32", "transcendental", rtol=1e-5, atol=1e-5)


def test_jit_mlp_forward(rng):
    @descend.jit
    def mlp(params, x):
        h = x
        for w, b in params[:-1]:
            h = dnp.maximum(h @ w + b, 0.0)
        w, b = params[-1]
        logits = h @ w + b
        m = dnp.max(logits, axis=-1, keepdims=True)
        e = dnp.exp(logits - m)
        return e / dnp.sum(e, axis=-1, keepdims=True)

    sizes = [6, 8, 8, 3]
    params = [
        (random_array(rng, (m, n), "float64") / 3, random_array(rng, (n,), "float64")) for m, n in zip(sizes[:-1], sizes[1:])
    ]
    x = random_array(rng, (4, 6), "float64")
    h = x
    for w, b in params[:-1]:
        h = np.maximum(h @ w + b, 0.0)
    logits = h @ params[-1][0] + params[-1][1]
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    assert_matches_numpy(mlp(params, x), e / e.sum(axis=-1, keepdims=True), "float64", "transcendental")


def test_jit_matches_eager(rng):
    def f(x, y):
        return dnp.sum(dnp.where(x > y, x - y, y * 2), axis=0) + dnp.mean(x)

    x, y = random_array(rng, (4, 3), "float32"), random_array(rng, (4, 3), "float32")
    eager = np.asarray(f(x, y))
    jitted = np.asarray(descend.jit(f)(x, y))
    expected = np.sum(np.where(x > y, x - y, y * 2), axis=0) + np.mean(x)
    assert_matches_numpy(jitted, expected, "float32", "reduction")
    assert_matches_numpy(eager, expected, "float32", "reduction")


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "bool"])
def test_jit_keeps_dtypes(dtype, rng):
    """Arrays passed in keep their dtype: float64 is not downcast (unlike JAX)."""
    f = descend.jit(lambda x: (x, dnp.transpose(x), dnp.sum(x)))
    x = random_array(rng, (2, 3), dtype)
    a, b, c = f(x)
    assert_matches_numpy(a, x, dtype)
    assert_matches_numpy(b, x.T, dtype)
    assert_matches_numpy(c, x.sum(), "int32" if dtype == "bool" else dtype, "reduction")


def test_jit_closure_constants_and_python_scalar_outputs(rng):
    w = random_array(rng, (3,), "float64")

    @descend.jit
    def f(x):
        return x * w, 1.5, 2, np.float32(3.0)

    x = random_array(rng, (3,), "float32")
    out, a, b, c = f(x)
    assert_matches_numpy(out, x * w, "float64")
    assert_matches_numpy(a, np.array(1.5), "float32")
    assert_matches_numpy(b, np.array(2), "int32")
    assert_matches_numpy(c, np.array(3.0), "float32")
    assert all(isinstance(o, descend.Array) for o in (out, a, b, c))


def test_jit_without_arguments():
    f = descend.jit(lambda: dnp.arange(4) * 2)
    assert_matches_numpy(f(), np.arange(4) * 2, "int32")


def test_jit_accepts_descend_arrays_and_lax(rng):
    x = dnp.asarray(random_array(rng, (5,), "float32"))
    f = descend.jit(lambda a: lax.exp(lax.neg(a)))
    assert_matches_numpy(f(x), np.exp(-np.asarray(x).astype(np.float64)), "float32", "transcendental")


def test_jit_empty_and_scalar_shapes():
    f = descend.jit(lambda x: dnp.sum(x * 2, axis=-1))
    assert_matches_numpy(f(np.zeros((3, 0), np.float32)), np.zeros(3), "float32")
    g = descend.jit(lambda x: x + 1)
    assert_matches_numpy(g(np.float32(2.5)), np.array(3.5), "float32")


# ---- one trace per signature ------------------------------------------------------------------


def test_one_trace_per_signature(rng):
    calls = []

    @descend.jit
    def f(x):
        calls.append(1)
        return x * 2

    x = random_array(rng, (3,), "float32")
    assert f.trace_count == 0
    for _ in range(3):
        assert_matches_numpy(f(x), x * 2, "float32")
    assert f.trace_count == 1 and len(calls) == 1
    # a new value with the same shape and dtype: no retrace
    f(random_array(rng, (3,), "float32"))
    f(dnp.asarray(x))  # a descend.Array of the same type
    assert f.trace_count == 1
    # new shape: retrace
    assert_matches_numpy(f(np.ones((4,), np.float32)), np.full(4, 2.0), "float32")
    assert f.trace_count == 2
    # new dtype: retrace
    assert_matches_numpy(f(np.ones((3,), np.float64)), np.full(3, 2.0), "float64")
    assert f.trace_count == 3
    assert_matches_numpy(f(np.ones((3,), np.int32)), np.full(3, 2), "int32")
    assert f.trace_count == 4
    # back to the first signature: cached
    f(x)
    assert f.trace_count == 4 and len(calls) == 4


def test_python_scalar_values_are_not_part_of_the_signature():
    f = descend.jit(lambda x, s: x * s)
    x = np.arange(3, dtype=np.int32)
    assert_matches_numpy(f(x, 2), x * 2, "int32")
    assert_matches_numpy(f(x, 5), x * 5, "int32")
    assert f.trace_count == 1
    # a float scalar is a different (weak float32) type: one more trace
    assert_matches_numpy(f(x, 1.5), x * 1.5, "float32")
    assert f.trace_count == 2
    # a NumPy scalar is strongly typed: another trace, and it promotes
    assert_matches_numpy(f(x, np.float64(0.5)), x * 0.5, "float64")
    assert f.trace_count == 3


def test_weak_types_under_jit():
    f = descend.jit(lambda x, s: x + s)
    assert_matches_numpy(f(np.ones(2, np.int32), 1.5), np.full(2, 2.5), "float32")
    assert_matches_numpy(f(np.ones(2, np.float64), 2), np.full(2, 3.0), "float64")
    assert_matches_numpy(f(np.ones(2, bool), 1), np.full(2, 2), "int32")
    assert_matches_numpy(f(np.ones(2, np.float32), 1e-3), np.full(2, 1.001), "float32")
    # two weak scalars stay weak: the result then meets an array with its dtype
    g = descend.jit(lambda x, a, b: x * (a + b))
    assert_matches_numpy(g(np.ones(2, np.float64), 1, 2), np.full(2, 3.0), "float64")
    assert_matches_numpy(g(np.ones(2, np.int32), 1, 2), np.full(2, 3), "int32")


def test_weak_argument_stays_weak_after_meeting_a_strong_array():
    """Using a weak scalar with a strong array must not make the scalar itself strong."""
    f = descend.jit(lambda s, a, b: (s + a, s * b))
    r1, r2 = f(2.0, np.float32(1), np.ones(2, np.float16))
    assert_matches_numpy(r1, np.array(3.0), "float32")
    assert_matches_numpy(r2, np.full(2, 2.0), "float16")
    g = descend.jit(lambda s, a, b: (a - s, b - s))
    r1, r2 = g(1, np.int32(5), np.ones(3, np.int8))
    assert_matches_numpy(r1, np.array(4), "int32")
    assert_matches_numpy(r2, np.zeros(3), "int8")


def test_weak_float_argument_keeps_float64_precision():
    """A Python float meeting a float64 array keeps all its digits (as NumPy), and stays a weak
    float32 value otherwise."""
    f = descend.jit(lambda x, s: x * s + s)
    x = np.array([1.0, 3.0], np.float64)
    got = np.asarray(f(x, 0.1))
    np.testing.assert_array_equal(got, x * 0.1 + 0.1)
    assert_matches_numpy(f(np.ones(2, np.float32), 0.1), np.full(2, 0.2), "float32")
    g = descend.jit(lambda s: (s, dnp.exp(s)))
    a, b = g(0.1)
    assert_matches_numpy(a, np.float32(0.1), "float32")
    assert_matches_numpy(b, np.exp(np.float32(0.1)), "float32", "transcendental")
    # compile() of a Lowered with a float argument takes Python floats too
    compiled = f.lower(x, 0.5).compile()
    np.testing.assert_array_equal(np.asarray(compiled(x, 0.1)), x * 0.1 + 0.1)


def test_python_int_out_of_range_raises():
    f = descend.jit(lambda x: x)
    with pytest.raises(OverflowError):
        f(2**40)


def test_clear_cache_retraces():
    f = descend.jit(lambda x: x + 1)
    f(np.ones(2))
    f.clear_cache()
    f(np.ones(2))
    assert f.trace_count == 2


def test_concurrent_first_calls_trace_once():
    f = descend.jit(lambda x: dnp.exp(x))
    x = np.zeros((8,), np.float32)
    results, errors = [], []

    def worker():
        try:
            results.append(np.asarray(f(x)))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert f.trace_count == 1
    for r in results:
        np.testing.assert_array_equal(r, np.ones(8))


# ---- static arguments ------------------------------------------------------------------------


def test_static_argnums(rng):
    @descend.jit
    def plain(x, n):
        return x * n

    def power(x, n):
        out = x
        for _ in range(n - 1):  # Python control flow on a static argument
            out = out * x
        return out

    f = descend.jit(power, static_argnums=1)
    x = random_array(rng, (4,), "float32")
    assert_matches_numpy(f(x, 3), x.astype(np.float64) ** 3, "float32")
    assert_matches_numpy(f(x, 3), x.astype(np.float64) ** 3, "float32")
    assert f.trace_count == 1
    assert_matches_numpy(f(x, 2), x.astype(np.float64) ** 2, "float32")
    assert f.trace_count == 2
    # the same call without static_argnums fails: n is a tracer there
    with pytest.raises(descend.TracerArrayConversionError):
        descend.jit(power)(x, 3)
    assert_matches_numpy(plain(x, 3), x * 3, "float32")


def test_static_argnums_negative_and_tuple(rng):
    f = descend.jit(lambda x, axis, keep: dnp.sum(x, axis=axis, keepdims=keep), static_argnums=(1, -1))
    x = random_array(rng, (2, 3), "float32")
    assert_matches_numpy(f(x, 0, True), x.sum(axis=0, keepdims=True), "float32", "reduction")
    assert_matches_numpy(f(x, 1, False), x.sum(axis=1), "float32", "reduction")
    assert f.trace_count == 2


def test_static_argnames(rng):
    def f(x, *, axis, scale=1.0):
        return dnp.sum(x, axis=axis) * scale

    g = descend.jit(f, static_argnames="axis")
    x = random_array(rng, (2, 3), "float32")
    assert_matches_numpy(g(x, axis=0), x.sum(axis=0), "float32", "reduction")
    assert_matches_numpy(g(x, axis=1, scale=2.0), x.sum(axis=1) * 2, "float32", "reduction")
    assert_matches_numpy(g(x, axis=1, scale=3.0), x.sum(axis=1) * 3, "float32", "reduction")
    assert g.trace_count == 2  # scale is dynamic: axis=1 was traced once


def test_static_argnames_given_positionally(rng):
    def f(x, n):
        return x + n if n > 0 else x - n

    g = descend.jit(f, static_argnames=("n",))
    x = random_array(rng, (3,), "float32")
    assert_matches_numpy(g(x, 2), x + 2, "float32")
    assert_matches_numpy(g(x, n=-2), x + 2, "float32")
    assert_matches_numpy(g(x, -3), x + 3, "float32")


def test_static_argnums_usable_as_decorator(rng):
    @descend.jit(static_argnums=(1,))
    def reshape_to(x, shape):
        return dnp.reshape(x, shape)

    x = random_array(rng, (6,), "float32")
    assert_matches_numpy(reshape_to(x, (2, 3)), x.reshape(2, 3), "float32")
    assert_matches_numpy(reshape_to(x, (3, 2)), x.reshape(3, 2), "float32")


def test_static_values_distinguish_types():
    f = descend.jit(lambda x, s: x * s, static_argnums=1)
    x = np.ones(2, np.int32)
    assert_matches_numpy(f(x, 1), np.ones(2), "int32")
    assert_matches_numpy(f(x, 1.0), np.ones(2), "float32")
    assert_matches_numpy(f(x, True), np.ones(2), "int32")
    assert f.trace_count == 3


def test_unhashable_static_argument_raises():
    f = descend.jit(lambda x, s: x, static_argnums=1)
    with pytest.raises(TypeError, match="hashable"):
        f(np.ones(2), np.array([1, 2]))
    with pytest.raises(TypeError, match="hashable"):
        f(np.ones(2), {1, 2})
    assert f.trace_count == 0


# ---- pytrees ---------------------------------------------------------------------------------------


def test_pytree_inputs_and_outputs(rng):
    @descend.jit
    def f(params, batch):
        w, (b, extra) = params["w"], params["rest"]
        y = batch[0] @ w + b
        return {"y": y, "stats": (dnp.sum(y), [dnp.max(y), extra[0] * 2]), "none": None}

    w, b = random_array(rng, (3, 2), "float32"), random_array(rng, (2,), "float32")
    x = random_array(rng, (4, 3), "float32")
    extra = random_array(rng, (5,), "int32")
    out = f({"w": w, "rest": (b, [extra])}, [x])
    assert set(out) == {"y", "stats", "none"}
    assert out["none"] is None
    y = x.astype(np.float64) @ w + b
    assert_matches_numpy(out["y"], y, "float32", "reduction")
    assert isinstance(out["stats"], tuple) and isinstance(out["stats"][1], list)
    assert_matches_numpy(out["stats"][0], y.sum(), "float32", "reduction")
    assert_matches_numpy(out["stats"][1][0], y.max(), "float32", "reduction")
    assert_matches_numpy(out["stats"][1][1], extra * 2, "int32")
    assert f.trace_count == 1
    # the same structure with new values: no retrace; another structure: retrace
    f({"w": w, "rest": (b, [extra])}, [x + 1])
    assert f.trace_count == 1
    f({"w": w, "rest": (b, [extra, extra])}, [x])
    assert f.trace_count == 2


def test_dict_key_order_does_not_matter(rng):
    f = descend.jit(lambda d: d["a"] - d["b"])
    a, b = random_array(rng, (2,), "float32"), random_array(rng, (2,), "float32")
    assert_matches_numpy(f({"a": a, "b": b}), a - b, "float32")
    assert_matches_numpy(f({"b": b, "a": a}), a - b, "float32")
    assert f.trace_count == 1


def test_dynamic_keyword_arguments(rng):
    f = descend.jit(lambda x, y=None, *, z: x + y * z)
    x, y = random_array(rng, (3,), "float32"), random_array(rng, (3,), "float32")
    assert_matches_numpy(f(x, y=y, z=2.0), x + y * 2, "float32")
    assert_matches_numpy(f(x, y, z=3.0), x + y * 3, "float32")


def test_tree_utilities():
    tree = {"b": [1, (2, None)], "a": 3}
    leaves, td = descend.tree_flatten(tree)
    assert leaves == [3, 1, 2]
    assert descend.tree_unflatten(td, [4, 5, 6]) == {"a": 4, "b": [5, (6, None)]}
    assert descend.tree_map(lambda v: v * 10, tree) == {"a": 30, "b": [10, (20, None)]}
    assert descend.tree_leaves(tree) == [3, 1, 2]


# ---- nested jit -------------------------------------------------------------------------------------


def test_nested_jit(rng):
    @descend.jit
    def inner(x):
        return dnp.exp(x) * 2

    @descend.jit
    def outer(x, y):
        return inner(x) + inner(y)

    x, y = random_array(rng, (3,), "float32"), random_array(rng, (3,), "float32")
    expected = 2 * np.exp(x.astype(np.float64)) + 2 * np.exp(y.astype(np.float64))
    assert_matches_numpy(outer(x, y), expected, "float32", "transcendental")
    assert outer.trace_count == 1
    # the inner function is inlined into the outer trace: one module, no separate compile
    assert outer.lower(x, y).as_text("dsc").count("dsc.exp") == 2
    assert_matches_numpy(inner(x), 2 * np.exp(x.astype(np.float64)), "float32", "transcendental")


def test_nested_jit_with_static_args(rng):
    inner = descend.jit(lambda x, n: x * n, static_argnums=1)
    outer = descend.jit(lambda x: inner(x, 3) + 1)
    x = random_array(rng, (3,), "int32")
    assert_matches_numpy(outer(x), x * 3 + 1, "int32")


# ---- lowering: as_text per stage, compile -----------------------------------------------------


def _softplus_sum(x):
    y = dnp.exp(x)  # LINE_EXP
    return dnp.sum(dnp.log1p(y), axis=0)


LINE_EXP = _softplus_sum.__code__.co_firstlineno + 1


@pytest.fixture(scope="module")
def lowered():
    return descend.jit(_softplus_sum).lower(np.ones((4, 3), np.float32))


@pytest.mark.parametrize(
    "stage,expected,absent",
    [
        ("dsc", ["dsc.exp", "dsc.log1p", "dsc.reduce", "func.func"], ["linalg.generic"]),
        ("linalg", ["linalg.generic", "math.exp", "math.log"], ["dsc."]),
        ("buffers", ["memref", "linalg.generic"], ["dsc.", "tensor<"]),
        ("loops", ["affine.for", "memref"], ["linalg.generic", "dsc."]),
        ("llvm", ["llvm.func", "llvm.return"], ["affine.for", "dsc.", "memref.alloc"]),
    ],
)
def test_lower_as_text_stages(lowered, stage, expected, absent):
    text = lowered.as_text(stage)
    for s in expected:
        assert s in text, f"{s!r} not in the {stage} IR:\n{text}"
    for s in absent:
        assert s not in text, f"{s!r} unexpectedly in the {stage} IR"


def test_dsc_text_carries_user_locations(lowered):
    text = lowered.as_text("dsc")
    assert f'test_jit.py":{LINE_EXP}:' in text, text
    # without debug info, no locations
    assert "test_jit.py" not in lowered.as_text("dsc", debug_info=False)


def test_lower_unknown_stage(lowered):
    with pytest.raises(ValueError, match="stage"):
        lowered.as_text("ptx-please")


def test_lower_counts_a_trace_and_does_not_compile():
    f = descend.jit(lambda x: x * 2)
    low = f.lower(np.ones(3, np.float32))
    assert f.trace_count == 1
    assert "dsc.mul" in low.as_text()


def test_compile_returns_callable(rng):
    f = descend.jit(lambda x, y: {"s": x + y, "p": x * y})
    x, y = random_array(rng, (2, 3), "float32"), random_array(rng, (2, 3), "float32")
    compiled = f.lower(x, y).compile()
    assert callable(compiled)
    out = compiled(x, y)
    assert_matches_numpy(out["s"], x + y, "float32")
    assert_matches_numpy(out["p"], x.astype(np.float64) * y, "float32")
    # compiled for one signature only
    with pytest.raises(TypeError):
        compiled(np.ones((3, 3), np.float32), y)
    with pytest.raises(TypeError):
        compiled(x)


def test_jitted_function_keeps_name_and_doc():
    def my_fn(x):
        """Docs."""
        return x

    f = descend.jit(my_fn)
    assert f.__name__ == "my_fn" and f.__doc__ == "Docs."
    assert isinstance(f, descend.Jitted)


@pytest.mark.parametrize("name", ["exp", "fmod", "sin", "log", "floor", "pow"])
def test_function_named_like_libm_function(name):
    """A jitted function named like a C library function must not shadow it (float64 lowers to libm)."""

    def fn(x, y):
        return dnp.fmod(dnp.exp(x), y) + dnp.floor(dnp.sin(x)) + dnp.power(dnp.abs(x), 0.5)

    fn.__name__ = name
    x, y = np.array([0.5, 1.5, -2.0]), np.array([1.0, 2.0, 0.75])
    expected = np.fmod(np.exp(x), y) + np.floor(np.sin(x)) + np.power(np.abs(x), 0.5)
    assert_matches_numpy(descend.jit(fn)(x, y), expected, "float64", "transcendental")


# ---- errors ----------------------------------------------------------------------------------------


def test_shape_mismatch_error_names_op_shapes_and_line():
    def f(x, y):
        return x + y  # the failing line

    line = f.__code__.co_firstlineno + 1
    with pytest.raises(TypeError) as e:
        descend.jit(f)(np.ones((2, 3), np.float32), np.ones((4,), np.float32))
    msg = str(e.value)
    assert "add" in msg
    assert "(2, 3)" in msg and "(4,)" in msg
    assert f"test_jit.py:{line}" in msg, msg


def test_matmul_mismatch_error_names_line():
    def f(x, y):
        return dnp.matmul(x, y)

    line = f.__code__.co_firstlineno + 1
    with pytest.raises(TypeError) as e:
        descend.jit(f)(np.ones((2, 3), np.float32), np.ones((2, 3), np.float32))
    msg = str(e.value)
    assert "matmul" in msg and "(2, 3)" in msg and f"test_jit.py:{line}" in msg, msg


def test_python_if_on_traced_value():
    def f(x):
        if dnp.sum(x) > 0:
            return x
        return -x

    with pytest.raises(descend.TracerBoolConversionError) as e:
        descend.jit(f)(np.ones(3, np.float32))
    msg = str(e.value)
    assert "descend.lax" in msg or "where" in msg
    assert "test_jit.py" in msg
    assert isinstance(e.value, TypeError)
    # the fix the message suggests works
    g = descend.jit(lambda x: dnp.where(dnp.sum(x) > 0, x, -x))
    assert_matches_numpy(g(np.ones(3, np.float32)), np.ones(3), "float32")
    assert_matches_numpy(g(-np.ones(3, np.float32)), np.ones(3), "float32")


def test_concrete_conversions_of_tracers_raise():
    with pytest.raises(descend.TracerArrayConversionError):
        descend.jit(lambda x: float(x))(np.float32(1))
    with pytest.raises(descend.TracerArrayConversionError):
        descend.jit(lambda x: np.asarray(x))(np.ones(2))
    with pytest.raises(descend.TracerArrayConversionError):
        descend.jit(lambda x: [1, 2, 3][x])(np.int32(1))


def test_tracer_metadata_is_available():
    seen = {}

    @descend.jit
    def f(x):
        seen.update(shape=x.shape, dtype=x.dtype, ndim=x.ndim, size=x.size, len=len(x))
        return x

    f(np.ones((2, 3), np.float64))
    assert seen == {"shape": (2, 3), "dtype": np.float64, "ndim": 2, "size": 6, "len": 2}


def test_escaped_tracer():
    leaked = []
    f = descend.jit(lambda x: leaked.append(x) or x)
    f(np.ones(2, np.float32))
    g = descend.jit(lambda y: y + leaked[0])
    with pytest.raises(descend.EscapedTracerError):
        g(np.ones(2, np.float32))


@pytest.mark.parametrize("bad", ["hello", np.array(["a", "b"]), np.array([object(), 1], dtype=object), object()], ids=repr)
def test_bad_argument_types_raise_before_compiling(bad):
    f = descend.jit(lambda x: x)
    with pytest.raises(TypeError):
        f(bad)
    assert f.trace_count == 0


def test_bad_argument_inside_pytree_raises_before_compiling():
    f = descend.jit(lambda d: d["x"])
    with pytest.raises(TypeError, match="argument"):
        f({"x": "text"})
    assert f.trace_count == 0


def test_unsupported_dtype_argument():
    f = descend.jit(lambda x: x)
    with pytest.raises(NotImplementedError, match="complex"):
        f(np.ones(2, np.complex64))


@pytest.mark.parametrize("kw", ["donate_argnums", "inline", "keep_unused", "abstracted_axes"])
def test_unsupported_jit_options_raise_naming_them(kw):
    with pytest.raises(NotImplementedError, match=kw):
        descend.jit(lambda x: x, **{kw: 0})


def test_unsupported_function_arguments_raise_naming_them():
    with pytest.raises(NotImplementedError, match="order"):
        descend.jit(lambda x: dnp.reshape(x, (3, 2), order="F"))(np.ones(6))
    with pytest.raises(NotImplementedError, match="out"):
        descend.jit(lambda x: dnp.sum(x, out=x))(np.ones(6))
    with pytest.raises(NotImplementedError, match="precision"):
        descend.jit(lambda x: lax.dot_general(x, x, (((0,), (0,)), ((), ())), precision="high"))(np.ones(3))


def test_jit_of_non_callable():
    with pytest.raises(TypeError):
        descend.jit(3)


def test_tree_util_tree_map_over_several_trees():
    a = {"w": np.ones(2), "b": (1.0, None)}
    b = {"w": np.full(2, 3.0), "b": (2.0, None)}
    out = descend.tree_util.tree_map(lambda x, y: x * y, a, b)
    np.testing.assert_array_equal(out["w"], np.full(2, 3.0))
    assert out["b"] == (2.0, None)
    with pytest.raises(ValueError, match="structure"):
        descend.tree_util.tree_map(lambda x, y: x, a, {"w": 1})


def test_eager_api_star_args_stay_dynamic_beside_static_keywords():
    import importlib

    from descend.jit import api

    jit_mod = importlib.import_module("descend.jit")

    @api(static_argnames=("scale",))
    def f(a, *xs, scale=1):
        out = a
        for x in xs:
            out = out + x
        return out * scale

    with jit_mod._EAGER_LOCK:
        jit_mod._EAGER_CACHE.clear()  # a full LRU would evict as much as this test adds
    before = len(jit_mod._EAGER_CACHE)
    r1 = f(np.ones(3, np.float32), np.ones(3, np.float32), np.full(3, 3.0, np.float32), scale=2)
    r2 = f(np.ones(3, np.float32), np.ones(3, np.float32), np.full(3, 5.0, np.float32), scale=2)
    np.testing.assert_array_equal(r1, np.full(3, 10.0))
    np.testing.assert_array_equal(r2, np.full(3, 14.0))
    assert len(jit_mod._EAGER_CACHE) - before == 1  # one signature, the values are run-time
