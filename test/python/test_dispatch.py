"""The jit call path (descend.dispatch, runtime.Executable): every kind of argument the fast
path may see gives NumPy's answer, in one thread or many."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import descend
import descend.numpy as dnp
from descend import runtime
from descend.dispatch import fast_caller


def test_data_pointer_matches_numpy():
    """The data pointer read from the array object is NumPy's own, for every kind of view."""
    base = np.arange(24, dtype=np.float64).reshape(4, 6)
    for a in [base, base[1:], base[:, 2:], base[::-1], base.T, np.empty(0, np.int8), np.ones((), np.float32),
              np.frombuffer(bytearray(16), np.int32), base.astype(">f8")]:
        assert runtime.data_pointer(a) == a.ctypes.data
        assert runtime._data_pointer_slow(a) == a.ctypes.data


def _call_twice(f, *args):
    """The first call compiles (general path), the second takes the fast path."""
    return f(*args), f(*args)


@pytest.mark.parametrize("make", [
    lambda x: x,  # C-contiguous
    lambda x: x[::-1],  # negative stride
    lambda x: x[::2],  # strided
    lambda x: np.asfortranarray(x),
    lambda x: x.T,
    lambda x: x.astype(x.dtype.newbyteorder()),  # non-native byte order
])
def test_layouts_and_byte_orders(make, rng):
    x = make(rng.standard_normal((6, 4)).astype(np.float32))
    f = descend.jit(lambda a: a * 2.0 + 1.0)
    for got in _call_twice(f, x):
        np.testing.assert_allclose(np.asarray(got), np.asarray(x, np.float32) * 2 + 1, rtol=1e-6)
        assert np.asarray(got).dtype == np.float32


def test_fast_path_is_taken_and_respects_layout(rng):
    """A contiguous call fills the fast table; a reversed view of the same shape reuses the
    compiled function (same key) and is copied, not read with the wrong strides."""
    f = descend.jit(lambda a: dnp.cumsum(a))
    x = rng.standard_normal(9).astype(np.float32)
    f(x)
    assert len(f._fast_cache) == 1
    y = np.asarray(f(x[::-1]))
    np.testing.assert_allclose(y, np.cumsum(x[::-1]), rtol=1e-5)
    assert f.trace_count == 1


def test_descend_arrays_and_mixed_arguments(rng):
    f = descend.jit(lambda a, b: a @ b)
    a = rng.standard_normal((3, 4)).astype(np.float32)
    b = rng.standard_normal((4, 2)).astype(np.float32)
    da = descend.numpy.asarray(a)
    for args in [(a, b), (da, b), (a, dnp.asarray(b)), (da, dnp.asarray(b))]:
        for got in _call_twice(f, *args):
            np.testing.assert_allclose(np.asarray(got), a @ b, rtol=1e-5)
    assert f.trace_count == 1  # an Array and an ndarray of one type share the compiled function


def test_outputs_are_fresh_and_read_only(rng):
    f = descend.jit(lambda a: a + 1)
    x = rng.standard_normal(5).astype(np.float32)
    y1, y2 = f(x), f(x)
    assert np.asarray(y1) is not np.asarray(y2)
    assert not np.shares_memory(np.asarray(y1), np.asarray(y2))
    assert not np.asarray(y1).flags.writeable
    with pytest.raises(ValueError):
        np.asarray(y1)[0] = 0


def test_several_outputs_pytrees_and_repeats(rng):
    f = descend.jit(lambda a, b: {"s": a + b, "pair": (a * b, a + b), "same": [a - b, a - b]})
    a = rng.standard_normal(4).astype(np.float32)
    b = rng.standard_normal(4).astype(np.float32)
    for out in _call_twice(f, a, b):
        np.testing.assert_allclose(np.asarray(out["s"]), a + b, rtol=1e-6)
        np.testing.assert_allclose(np.asarray(out["pair"][0]), a * b, rtol=1e-6)
        np.testing.assert_allclose(np.asarray(out["pair"][1]), a + b, rtol=1e-6)
        x, y = out["same"]
        np.testing.assert_allclose(np.asarray(x), a - b, rtol=1e-6)
        np.testing.assert_allclose(np.asarray(y), a - b, rtol=1e-6)
        assert not np.shares_memory(np.asarray(x), np.asarray(y))


def test_no_arguments_scalars_and_empty():
    f0 = descend.jit(lambda: dnp.arange(5.0))
    for got in _call_twice(f0):
        np.testing.assert_array_equal(np.asarray(got), np.arange(5.0, dtype=np.float32))
    g = descend.jit(lambda a: a * 3)
    for x in [np.float32(2.0), np.array(2.0, np.float32), np.zeros((0, 3), np.float32), np.ones((1, 1), np.int32)]:
        for got in _call_twice(g, x):
            np.testing.assert_array_equal(np.asarray(got), np.asarray(x) * 3)
            assert np.asarray(got).dtype == np.asarray(x).dtype


def test_weak_scalars_static_args_and_kwargs_after_fast_calls(rng):
    f = descend.jit(lambda a, k=1.0: a * k)
    x = rng.standard_normal(3).astype(np.float32)
    f(x)
    f(x)
    np.testing.assert_allclose(np.asarray(f(x, 2.5)), x * np.float32(2.5), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(f(x, k=3.0)), x * 3, rtol=1e-6)
    assert np.asarray(f(x, 2.5)).dtype == np.float32  # a Python float stays weak
    g = descend.jit(lambda a, n: a * n, static_argnums=1)
    np.testing.assert_allclose(np.asarray(g(x, 4)), x * 4, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(g(x, 5)), x * 5, rtol=1e-6)


def test_wrong_arguments_still_raise_clear_errors(rng):
    f = descend.jit(lambda a: a + 1)
    x = rng.standard_normal(3).astype(np.float32)
    f(x)
    with pytest.raises(TypeError, match="not a valid descend array type"):
        f("text")
    with pytest.raises(TypeError, match="dtype"):
        f(np.array(["a"]))
    with pytest.raises(TypeError):
        f(x, x, x)  # the lambda takes one argument


def test_nested_jit_inlines_on_the_fast_path(rng):
    inner = descend.jit(lambda a: a * 2)
    x = rng.standard_normal(4).astype(np.float32)
    inner(x)
    inner(x)  # in the fast table now
    outer = descend.jit(lambda a: descend.grad(lambda v: dnp.sum(inner(v) ** 2))(a))
    np.testing.assert_allclose(np.asarray(outer(x)), 8 * x, rtol=1e-5)


def test_threads_share_a_compiled_function(rng):
    """8 threads call one compiled function at once with their own inputs: each descriptor
    block is per thread, so no call sees another's pointers."""
    f = descend.jit(lambda a, b: a * b + a)
    inputs = [(rng.standard_normal(64).astype(np.float32), rng.standard_normal(64).astype(np.float32)) for _ in range(8)]
    f(*inputs[0])
    errors = []

    def work(a, b):
        try:
            for _ in range(300):
                np.testing.assert_allclose(np.asarray(f(a, b)), a * b + a, rtol=1e-6)
                np.testing.assert_allclose(np.asarray(f(a[::-1], b)), a[::-1] * b + a[::-1], rtol=1e-6)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=ab) for ab in inputs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    assert f.trace_count == 1


def test_fast_caller_is_generated_per_arity(rng):
    for n in range(4):
        f = descend.jit(lambda *xs: sum(xs, dnp.ones(3, dnp.float32)))
        xs = [rng.standard_normal(3).astype(np.float32) for _ in range(n)]
        c = f.lower(*xs).compile()
        assert fast_caller(c) is not None
        np.testing.assert_allclose(np.asarray(c(*xs)), 1 + sum(xs, np.zeros(3, np.float32)), rtol=1e-6)
