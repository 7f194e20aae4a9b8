"""descend.Array: operators, methods, properties, NumPy interop and conversions."""

from __future__ import annotations

import operator
import pickle

import numpy as np
import pytest
from conftest import assert_matches_numpy, jax_promote, random_array

import descend
import descend.numpy as dnp

# ---- binary operators -------------------------------------------------------------------

# operator -> (domain of the right operand, dtypes, result rule)
OPERATORS = {
    "add": (operator.add, "any", ("float32", "float64", "int32", "bool"), "promote"),
    "sub": (operator.sub, "any", ("float32", "float64", "int32"), "promote"),
    "mul": (operator.mul, "any", ("float32", "float64", "int32", "bool"), "promote"),
    "truediv": (operator.truediv, "nonzero", ("float32", "float64", "int32"), "float"),
    "floordiv": (operator.floordiv, "nonzero", ("float32", "float64", "int32"), "promote"),
    "mod": (operator.mod, "nonzero", ("float32", "float64", "int32"), "promote"),
    "pow": (operator.pow, "small", ("float32", "float64", "int32"), "promote"),
    "and": (operator.and_, "any", ("int32", "bool"), "promote"),
    "or": (operator.or_, "any", ("int32", "bool"), "promote"),
    "xor": (operator.xor, "any", ("int32", "bool"), "promote"),
    "lt": (operator.lt, "any", ("float32", "int32", "bool"), "bool"),
    "le": (operator.le, "any", ("float32", "int32"), "bool"),
    "gt": (operator.gt, "any", ("float32", "int32"), "bool"),
    "ge": (operator.ge, "any", ("float32", "int32"), "bool"),
    "eq": (operator.eq, "any", ("float32", "int32", "bool"), "bool"),
    "ne": (operator.ne, "any", ("float32", "int32", "bool"), "bool"),
}
CASES = [(name, dt) for name, (_, _, dts, _) in OPERATORS.items() for dt in dts]


def _result(rule, dtype):
    if rule == "bool":
        return "bool"
    if rule == "float":
        return dtype if dtype in ("float32", "float64") else "float32"
    return dtype


def _operands(rng, name, dtype):
    _, domain, _, _ = OPERATORS[name]
    x = random_array(rng, (3, 4), dtype, "positive" if name == "pow" else "any")
    y = random_array(rng, (4,), dtype, domain)
    if name in ("eq", "ne", "le", "ge") and dtype != "bool":
        x[0, :2] = y[:2]
    return x, y


def _np_op(op, x, y):
    wide = lambda a: a.astype(np.float64) if isinstance(a, np.ndarray) and a.dtype.kind == "f" else a  # noqa: E731
    return op(wide(x), wide(y))


@pytest.mark.parametrize("name,dtype", CASES, ids=str)
def test_binary_operator_array_array(name, dtype, rng):
    op, _, _, rule = OPERATORS[name]
    x, y = _operands(rng, name, dtype)
    a, b = dnp.asarray(x), dnp.asarray(y)
    expected = _np_op(op, x, y)
    kind = "transcendental" if name == "pow" else "arith"
    got = op(a, b)
    assert isinstance(got, descend.Array)
    assert_matches_numpy(got, expected, _result(rule, dtype), kind)
    # a NumPy operand on either side gives a descend result too (__array_priority__)
    assert_matches_numpy(op(a, y), expected, _result(rule, dtype), kind)
    got_reflected = op(x, b)
    assert isinstance(got_reflected, descend.Array), type(got_reflected)
    assert_matches_numpy(got_reflected, expected, _result(rule, dtype), kind)


@pytest.mark.parametrize("name", ["add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lt", "eq"])
def test_binary_operator_with_python_scalars(name, rng):
    """Python scalars are weakly typed on both sides: int32 array + 1.5 is float32."""
    op, _, _, rule = OPERATORS[name]
    x = random_array(rng, (2, 3), "int32", "positive")
    a = dnp.asarray(x)
    for s in (2, 1.5):
        dt = "float32" if isinstance(s, float) else "int32"
        if rule == "float":
            dt = "float32"
        if rule == "bool":
            dt = "bool"
        kind = "transcendental" if name == "pow" else "arith"
        assert_matches_numpy(op(a, s), _np_op(op, x.astype(np.float64) if isinstance(s, float) else x, s), dt, kind)
        assert_matches_numpy(op(s, a), _np_op(op, s, x.astype(np.float64) if isinstance(s, float) else x), dt, kind)


def test_float64_times_python_int_stays_float64(rng):
    x = random_array(rng, (3,), "float64")
    assert_matches_numpy(dnp.asarray(x) * 2, x * 2, "float64")
    assert_matches_numpy(2.5 - dnp.asarray(x), 2.5 - x, "float64")


def test_matmul_operator(rng):
    x, y = random_array(rng, (3, 4), "float32"), random_array(rng, (4, 2), "float32")
    a, b = dnp.asarray(x), dnp.asarray(y)
    expected = x.astype(np.float64) @ y
    assert_matches_numpy(a @ b, expected, "float32", "reduction")
    assert_matches_numpy(a @ y, expected, "float32", "reduction")
    assert_matches_numpy(x @ b, expected, "float32", "reduction")


def test_mixed_dtype_operators(rng):
    x, y = random_array(rng, (3,), "int32"), random_array(rng, (3,), "float64")
    a, b = dnp.asarray(x), dnp.asarray(y)
    assert_matches_numpy(a + b, x + y, jax_promote("int32", "float64"))
    f = random_array(rng, (3,), "float32")
    assert_matches_numpy(a * dnp.asarray(f), x * f.astype(np.float64), "float32")


# ---- unary operators ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_neg_pos_abs(dtype, rng):
    x = random_array(rng, (3, 5), dtype)
    a = dnp.asarray(x)
    assert_matches_numpy(-a, -x, dtype)
    assert_matches_numpy(+a, x, dtype)
    assert_matches_numpy(abs(a), np.abs(x), dtype)


@pytest.mark.parametrize("dtype", ["int32", "bool"])
def test_invert(dtype, rng):
    x = random_array(rng, (3, 5), dtype)
    assert_matches_numpy(~dnp.asarray(x), ~x, dtype)


def test_invert_of_float_raises():
    with pytest.raises(TypeError):
        ~dnp.asarray(np.ones(3, np.float32))


def test_neg_of_bool_raises():
    with pytest.raises(TypeError):
        -dnp.asarray(np.ones(3, bool))


# ---- properties and methods ---------------------------------------------------------------


@pytest.mark.parametrize("shape", [(), (1,), (3, 5), (2, 1, 4), (0, 3)], ids=str)
def test_properties(shape, rng):
    x = random_array(rng, shape, "float64")
    a = dnp.asarray(x)
    assert a.shape == x.shape
    assert a.dtype == np.float64
    assert a.ndim == x.ndim
    assert a.size == x.size
    assert_matches_numpy(a.T, x.T, "float64")


def test_methods(rng):
    x = random_array(rng, (2, 3, 4), "float32")
    a = dnp.asarray(x)
    assert_matches_numpy(a.reshape(6, 4), x.reshape(6, 4), "float32")
    assert_matches_numpy(a.reshape((4, -1)), x.reshape((4, -1)), "float32")
    assert_matches_numpy(a.transpose(2, 0, 1), x.transpose(2, 0, 1), "float32")
    assert_matches_numpy(a.transpose(), x.transpose(), "float32")
    assert_matches_numpy(a.sum(), x.astype(np.float64).sum(), "float32", "reduction")
    assert_matches_numpy(a.sum(axis=(0, 2)), x.astype(np.float64).sum(axis=(0, 2)), "float32", "reduction")
    assert_matches_numpy(a.astype("int32"), x.astype(np.int32), "int32")
    assert_matches_numpy(a.astype(np.float64), x.astype(np.float64), "float64")
    assert_matches_numpy(a.flatten(), x.flatten(), "float32")
    assert_matches_numpy(a.ravel(), x.ravel(), "float32")
    assert_matches_numpy(a[:, :1].squeeze(1), x[:, :1].squeeze(1), "float32")
    assert_matches_numpy(a.clip(-1, 1), np.clip(x, -1, 1), "float32")


def test_tolist_item_and_conversions():
    a = dnp.asarray(np.array([[1.5, 2.0]], np.float32))
    assert a.tolist() == [[1.5, 2.0]]
    assert a.item(1) == 2.0
    s = dnp.sum(a)
    assert float(s) == 3.5
    assert int(s) == 3
    assert complex(s) == 3.5 + 0j
    assert bool(dnp.asarray(np.array(True)))
    assert not bool(dnp.asarray(np.array(0.0)))
    assert f"{s:.2f}" == "3.50"
    i = dnp.asarray(np.array(2, np.int32))
    assert [10, 20, 30][i] == 30
    assert int(i) == 2 and isinstance(int(i), int)


def test_float_of_non_scalar_raises():
    with pytest.raises(TypeError):
        float(dnp.asarray(np.ones(3, np.float32)))


def test_repr_and_str():
    a = dnp.asarray(np.array([1.0, 2.5], np.float32))
    r = repr(a)
    assert r.startswith("Array(") and "1." in r and "2.5" in r and "float32" in r
    assert str(a) == str(np.array([1.0, 2.5], np.float32))
    assert "int32" in repr(dnp.asarray(np.array(3, np.int32)))


def test_hash_is_unsupported():
    with pytest.raises(TypeError):
        hash(dnp.asarray(np.ones(2)))


def test_pickle_roundtrip(rng):
    x = random_array(rng, (2, 3), "int32")
    b = pickle.loads(pickle.dumps(dnp.asarray(x)))
    assert isinstance(b, descend.Array)
    assert_matches_numpy(b, x, "int32")


# ---- NumPy interop: np.asarray is a read-only view, without copies -------------------------------


def test_np_asarray_is_a_readonly_view_without_copy():
    a = dnp.add(np.arange(6, dtype=np.float32), 1.0)
    v1 = np.asarray(a)
    v2 = np.asarray(a)
    assert np.shares_memory(v1, v2)
    assert v1.__array_interface__["data"][0] == v2.__array_interface__["data"][0]
    assert not v1.flags.writeable
    with pytest.raises(ValueError):
        v1[0] = 10.0
    np.testing.assert_array_equal(v1, np.arange(6) + 1.0)


def test_np_array_copies():
    a = dnp.add(np.arange(3, dtype=np.float32), 1.0)
    c = np.array(a)
    assert c.flags.writeable
    assert not np.shares_memory(c, np.asarray(a))
    c[0] = 100.0
    np.testing.assert_array_equal(np.asarray(a), [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(np.asarray(a, dtype=np.float64), [1.0, 2.0, 3.0])
    assert np.asarray(a, dtype=np.float64).dtype == np.float64
    # the same dtype is no conversion: still the buffer itself
    assert np.shares_memory(np.asarray(a, dtype=np.float32), np.asarray(a))
    assert np.shares_memory(np.asarray(a, copy=False), np.asarray(a))
    with pytest.raises(ValueError):
        np.asarray(a, dtype=np.float64, copy=False)


def test_arrays_are_immutable_and_inputs_are_not_aliased():
    x = np.ones(3, np.float32)
    a = dnp.multiply(x, 1)
    x[0] = 5.0
    np.testing.assert_array_equal(np.asarray(a), np.ones(3))
    with pytest.raises((TypeError, ValueError)):
        a[0] = 1.0


def test_numpy_functions_accept_arrays(rng):
    x = random_array(rng, (3, 4), "float32")
    a = dnp.asarray(x)
    np.testing.assert_allclose(np.sum(np.asarray(a)), x.sum(), rtol=1e-6)
    np.testing.assert_array_equal(np.concatenate([np.asarray(a), x]), np.concatenate([x, x]))


# ---- block_until_ready / devices ---------------------------------------------------------------------


def test_block_until_ready_returns_self():
    a = dnp.exp(np.zeros(4, np.float32))
    assert a.block_until_ready() is a
    np.testing.assert_array_equal(np.asarray(a), np.ones(4))


def test_devices():
    a = dnp.zeros(2)
    assert a.device.platform == "cpu"
    assert a.devices() == {a.device}
    assert descend.devices("cpu")[0].platform == "cpu"
    with pytest.raises(RuntimeError):
        descend.devices("tpu")


def test_array_comparisons_elementwise_not_identity():
    a = dnp.asarray(np.array([1, 2, 3], np.int32))
    b = dnp.asarray(np.array([1, 0, 3], np.int32))
    assert_matches_numpy(a == b, np.array([True, False, True]), "bool")
    assert_matches_numpy(a != b, np.array([False, True, False]), "bool")
    assert_matches_numpy(a == 2, np.array([False, True, False]), "bool")
