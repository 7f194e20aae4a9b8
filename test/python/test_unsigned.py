"""Unsigned integers (uint8/16/32/64): NumPy's wraparound semantics, JAX's promotion table,
conversions both ways, reductions, sorting, bit functions, under jit and eagerly, vmap and
grad. Expected values come from NumPy (or from JAX where NumPy leaves a case undefined)."""

from __future__ import annotations

import numpy as np
import pytest

import descend
import descend.numpy as dnp
from descend import dtypes

UINTS = ["uint8", "uint16", "uint32", "uint64"]
ALL = ["bool", "int8", "int16", "int32", "int64", *UINTS, "float16", "float32", "float64"]
MODES = ["eager", "jit"]


def _run(mode, f, *args):
    fn = descend.jit(f) if mode == "jit" else f
    return np.asarray(fn(*args))


def _operands(dt):
    """Two arrays of `dt` with the limits, zero, one and random values (no zero divisors
    in `b`)."""
    info = np.iinfo(dt)
    rng = np.random.default_rng(int(info.bits))
    a = np.concatenate([np.array([0, 1, 2, info.max, info.max - 1, info.max // 2, info.max // 2 + 1], dt),
                        rng.integers(0, info.max, 9, dtype=dt, endpoint=True)])
    b = np.concatenate([np.array([3, 1, info.max, 2, info.max, 7, info.max // 2 + 1], dt),
                        rng.integers(1, info.max, 9, dtype=dt, endpoint=True)])
    return a, b


def _same(r, e):
    assert r.dtype == e.dtype, (r.dtype, e.dtype)
    np.testing.assert_array_equal(r, e)


# ---- type promotion against jax.numpy ---------------------------------------------------


def _jax_x64():
    jax = pytest.importorskip("jax")
    return jax


def _descend_default(jax_name, inputs, weak_kind=None):
    """JAX with x64 on, mapped to descend's defaults: the weak float and int nodes are
    float32 and int32 in descend (float64 / int64 in JAX with x64) unless an input has
    the 64-bit type."""
    if jax_name == "float64" and "float64" not in inputs:
        return "float32"
    if jax_name == "int64" and "int64" not in inputs and weak_kind == "int":
        return "int32"
    return jax_name


def test_promote_types_matches_jax_all_pairs():
    jax = _jax_x64()
    import jax.numpy as jnp

    old = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    try:
        for a in ALL:
            for b in ALL:
                want = _descend_default(jnp.promote_types(a, b).name, (a, b))
                assert dnp.promote_types(np.dtype(a), np.dtype(b)) == np.dtype(want), (a, b)
                assert dtypes.promote_types(a, b) == want, (a, b)
    finally:
        jax.config.update("jax_enable_x64", old)


@pytest.mark.parametrize("scalar", [True, 3, 1.5], ids=["bool", "int", "float"])
def test_weak_scalar_promotion_matches_jax(scalar):
    jax = _jax_x64()
    import jax.numpy as jnp

    old = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    try:
        for a in ALL:
            want = (jnp.zeros(2, a) + scalar).dtype.name
            kind = "int" if type(scalar) is int else None
            want = _descend_default(want, (a,), kind)
            assert dnp.result_type(np.zeros(2, a), scalar) == np.dtype(want), (a, scalar)
            assert (dnp.zeros(2, a) + scalar).dtype == np.dtype(want), (a, scalar)
    finally:
        jax.config.update("jax_enable_x64", old)


def test_examples_of_the_table():
    assert dnp.promote_types(np.uint8, np.int8) == np.int16
    assert dnp.promote_types(np.uint32, np.int32) == np.int64
    assert dnp.promote_types(np.uint16, np.uint32) == np.uint32
    assert dnp.promote_types(np.uint64, np.int8) == np.float32  # JAX's weak float node
    r = dnp.add(np.array([255], np.uint8), np.array([-1], np.int8))
    _same(np.asarray(r), np.array([254], np.int16))


# ---- elementwise ------------------------------------------------------------------------

BINARY = {
    "add": (dnp.add, np.add),
    "subtract": (dnp.subtract, np.subtract),
    "multiply": (dnp.multiply, np.multiply),
    "floor_divide": (dnp.floor_divide, np.floor_divide),
    "remainder": (dnp.remainder, np.remainder),
    "fmod": (dnp.fmod, np.fmod),
    "maximum": (dnp.maximum, np.maximum),
    "minimum": (dnp.minimum, np.minimum),
    "bitwise_and": (dnp.bitwise_and, np.bitwise_and),
    "bitwise_or": (dnp.bitwise_or, np.bitwise_or),
    "bitwise_xor": (dnp.bitwise_xor, np.bitwise_xor),
    "less": (dnp.less, np.less),
    "less_equal": (dnp.less_equal, np.less_equal),
    "greater": (dnp.greater, np.greater),
    "greater_equal": (dnp.greater_equal, np.greater_equal),
    "equal": (dnp.equal, np.equal),
    "not_equal": (dnp.not_equal, np.not_equal),
    "gcd": (dnp.gcd, np.gcd),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dt", UINTS)
@pytest.mark.parametrize("name", list(BINARY))
def test_binary(name, dt, mode):
    a, b = _operands(dt)
    f, g = BINARY[name]
    _same(_run(mode, f, a, b), g(a, b))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dt", UINTS)
def test_shifts_and_power(dt, mode):
    a, b = _operands(dt)
    bits = np.iinfo(dt).bits
    s = (b % bits).astype(dt)
    _same(_run(mode, dnp.right_shift, a, s), np.right_shift(a, s))  # zero-filling
    _same(_run(mode, dnp.left_shift, a, s), np.left_shift(a, s))
    e = (b % 9).astype(dt)
    _same(_run(mode, dnp.power, a, e), np.power(a, e))  # wraps
    # exponents with the top bit set: unsigned, never "negative"
    big = np.array([np.iinfo(dt).max, np.iinfo(dt).max - 1, 1 << (bits - 1)], dt)
    base = np.array([3, 2, 1], dt)
    _same(_run(mode, dnp.power, base, big), np.power(base, big))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dt", UINTS)
def test_unary(dt, mode):
    a, _ = _operands(dt)
    for f, g in [(dnp.negative, np.negative), (dnp.abs, np.abs), (dnp.sign, np.sign), (dnp.invert, np.invert),
                 (dnp.square, np.square), (dnp.bitwise_count, np.bitwise_count)]:
        _same(_run(mode, f, a), g(a))


@pytest.mark.parametrize("dt", UINTS)
def test_division_by_zero_as_jax(dt):
    jnp = pytest.importorskip("jax.numpy")
    a = np.array([0, 5, np.iinfo(dt).max], dt)
    z = np.zeros(3, dt)
    if dt != "uint64":  # (JAX without x64 has no uint64)
        _same(np.asarray(dnp.floor_divide(a, z)), np.asarray(jnp.floor_divide(a, z)))
    _same(np.asarray(dnp.floor_divide(a, z)), np.full(3, np.iinfo(dt).max, dt))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dt", UINTS)
def test_clip_where(dt, mode):
    a, b = _operands(dt)
    _same(_run(mode, lambda x: dnp.clip(x, 2, 100), a), np.clip(a, np.array(2, dt), np.array(100, dt)))
    _same(_run(mode, lambda x, y: dnp.where(x > y, x, y), a, b), np.where(a > b, a, b))


# ---- conversions ------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:overflow encountered in cast")  # NumPy's uint -> float16 inf
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dt", UINTS)
def test_astype_from_unsigned(dt, mode):
    a, _ = _operands(dt)
    for to in ALL:
        _same(_run(mode, lambda x, to=to: dnp.astype(x, to), a), a.astype(to))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dt", UINTS)
def test_astype_to_unsigned(dt, mode):
    for src in ["bool", "int8", "int16", "int32", "int64", *UINTS]:
        x = np.array([0, 1, -1, 127, -128, 100], np.int64).astype(src)
        _same(_run(mode, lambda v: dnp.astype(v, dt), x), x.astype(dt))
    # floats in range: truncation toward zero, as NumPy
    hi = min(np.iinfo(dt).max, 2**24)
    f = np.array([0.0, 0.9, 1.5, 2.99, 100.25, float(hi)], np.float32)
    for fdt in ["float32", "float64"]:
        _same(_run(mode, lambda v: dnp.astype(v, dt), f.astype(fdt)), f.astype(fdt).astype(dt))


@pytest.mark.parametrize("dt", ["uint8", "uint16", "uint32"])
def test_float_out_of_range_saturates_as_jax(dt):
    jnp = pytest.importorskip("jax.numpy")
    x = np.array([-1.0, -3.7, 3.7, 300.0, 7e4, 3e9, 5e9, np.nan, np.inf, -np.inf], np.float32)
    want = np.asarray(jnp.asarray(x).astype(dt))
    _same(np.asarray(dnp.astype(x, dt)), want)
    _same(np.asarray(descend.jit(lambda v: dnp.astype(v, dt))(x)), want)


def test_float_out_of_range_uint64():
    x = np.array([-1.0, 2.0**64, np.nan, np.inf, 2.0**63, 123.9], np.float64)
    want = np.array([0, 2**64 - 1, 0, 2**64 - 1, 2**63, 123], np.uint64)  # saturating, as XLA
    _same(np.asarray(dnp.astype(x, "uint64")), want)


def test_iinfo_and_dtypes():
    for dt in UINTS:
        assert dnp.iinfo(dt).max == np.iinfo(dt).max and dnp.iinfo(dt).min == 0
        assert getattr(dnp, dt) == np.dtype(dt)
        assert dnp.zeros(3, dt).dtype == np.dtype(dt)
        assert dnp.arange(5, dtype=dt).dtype == np.dtype(dt)


# ---- reductions, sorting ----------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dt", UINTS)
def test_reductions(dt, mode):
    a, _ = _operands(dt)
    a = a.reshape(4, 4)
    acc = "uint32" if dt in ("uint8", "uint16") else dt  # JAX's accumulation type
    _same(_run(mode, dnp.sum, a), np.sum(a, dtype=acc))
    _same(_run(mode, lambda x: dnp.sum(x, axis=1), a), np.sum(a, axis=1, dtype=acc))
    _same(_run(mode, lambda x: dnp.prod(x, axis=0), a), np.prod(a, axis=0, dtype=acc))
    _same(_run(mode, dnp.max, a), np.max(a))
    _same(_run(mode, lambda x: dnp.min(x, axis=0), a), np.min(a, axis=0))
    np.testing.assert_array_equal(_run(mode, lambda x: dnp.argmax(x, axis=1), a), np.argmax(a, axis=1))
    np.testing.assert_array_equal(_run(mode, lambda x: dnp.argmin(x, axis=1), a), np.argmin(a, axis=1))
    _same(_run(mode, lambda x: dnp.cumsum(x, axis=1), a), np.cumsum(a, axis=1, dtype=acc))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dt", UINTS)
def test_sort_argsort(dt, mode):
    a, _ = _operands(dt)
    a = np.concatenate([a, a[:5]])  # ties
    _same(_run(mode, dnp.sort, a), np.sort(a))
    np.testing.assert_array_equal(_run(mode, lambda x: dnp.argsort(x, stable=True), a), np.argsort(a, kind="stable"))


@pytest.mark.parametrize("dt", ["uint8", "uint32", "uint64"])
def test_unsigned_index_arrays(dt):
    x = np.arange(300, dtype=np.float32)
    idx = np.array([0, 129, 200, 255], dt)
    np.testing.assert_array_equal(np.asarray(dnp.take(x, idx)), x[idx])
    np.testing.assert_array_equal(np.asarray(descend.jit(lambda v, i: v[i])(x, idx)), x[idx])


# ---- packbits / unpackbits --------------------------------------------------------------


@pytest.mark.parametrize("bitorder", ["big", "little"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_packbits_unpackbits(axis, bitorder):
    rng = np.random.default_rng(1)
    a = rng.integers(0, 3, (3, 11)).astype(np.int32)
    p = np.packbits(a, axis=axis, bitorder=bitorder)
    _same(np.asarray(dnp.packbits(a, axis=axis, bitorder=bitorder)), p)
    _same(np.asarray(dnp.packbits(a.astype(bool), axis=axis, bitorder=bitorder)), p)
    _same(np.asarray(dnp.unpackbits(p, axis=axis, bitorder=bitorder)), np.unpackbits(p, axis=axis, bitorder=bitorder))
    for count in [3, -5, 40, 0]:
        fn = descend.jit(lambda x, c=count: dnp.unpackbits(x, axis=axis, count=c, bitorder=bitorder))
        _same(np.asarray(fn(p)), np.unpackbits(p, axis=axis, count=count, bitorder=bitorder))


def test_bit_functions_reject_bad_input():
    with pytest.raises(TypeError, match="unpackbits"):
        dnp.unpackbits(np.zeros(3, np.int32))
    with pytest.raises(TypeError, match="packbits"):
        dnp.packbits(np.zeros(3, np.float32))
    with pytest.raises(TypeError, match="bitwise_count"):
        dnp.bitwise_count(np.zeros(3, np.float32))
    with pytest.raises(ValueError, match="bitorder"):
        dnp.packbits(np.zeros(3, np.int32), bitorder="middle")


def test_bitwise_count_signed_and_bool():
    for dt in ["int8", "int16", "int32", "int64"]:
        info = np.iinfo(dt)
        x = np.array([info.min, info.max, -1, 0, 5, -6], dt)
        _same(np.asarray(dnp.bitwise_count(x)), np.bitwise_count(x))
    b = np.array([True, False])
    _same(np.asarray(dnp.bitwise_count(b)), np.bitwise_count(b))


# ---- transformations --------------------------------------------------------------------


def test_vmap():
    a = np.array([[1, 250, 3], [200, 9, 255]], np.uint8)
    r = descend.vmap(lambda row: dnp.max(row) // 3 + dnp.argmin(row).astype(np.uint8))(a)
    _same(np.asarray(r), (np.max(a, axis=1) // 3 + np.argmin(a, axis=1).astype(np.uint8)).astype(np.uint8))
    r = descend.vmap(lambda row: row - np.uint8(4))(a)
    _same(np.asarray(r), a - np.uint8(4))


def test_grad_rejects_unsigned_input_and_passes_through_astype():
    x = np.array([1, 2, 3], np.uint8)
    with pytest.raises(TypeError, match="uint8"):
        descend.grad(lambda v: dnp.sum(v).astype(np.float32))(x)
    w = np.ones(3, np.float32)
    g = descend.grad(lambda w, v: dnp.sum(v.astype(np.float32) * w))(w, x)
    np.testing.assert_array_equal(np.asarray(g), x.astype(np.float32))


# ---- random -----------------------------------------------------------------------------


@pytest.mark.parametrize("dt", ["uint8", "uint16", "uint32"])
def test_random_randint_unsigned_matches_jax(dt):
    jax = pytest.importorskip("jax")
    import descend.random as dr

    got = np.asarray(dr.randint(dr.PRNGKey(3), (64,), 3, 200, dtype=dt))
    want = np.asarray(jax.random.randint(jax.random.PRNGKey(3), (64,), 3, 200, dtype=dt))
    _same(got, want)


def test_random_bits_are_uint32_as_jax():
    jax = pytest.importorskip("jax")
    import descend.random as dr

    _same(np.asarray(dr.bits(dr.PRNGKey(5), (7,))), np.asarray(jax.random.bits(jax.random.PRNGKey(5), (7,))))


@pytest.mark.parametrize("mode", MODES)
def test_shift_operators(mode):
    a = np.array([4294967295, 8, 2147483648, 7], np.uint32)
    s = np.array([3, 1, 31, 0], np.uint32)
    _same(_run(mode, lambda x, y: x >> y, dnp.asarray(a), s), a >> s)
    _same(_run(mode, lambda x, y: x << y, dnp.asarray(a), s), a << s)
    _same(_run(mode, lambda x: 1 << (x % np.uint32(5)), dnp.asarray(a)), (np.uint32(1) << (a % np.uint32(5))))
    i = np.array([-8, 7, -1], np.int32)
    _same(_run(mode, lambda x: x >> 1, dnp.asarray(i)), i >> 1)  # sign-filling for signed


def test_outputs_with_the_same_bits_keep_their_dtypes(tmp_path):
    """int32 and uint32 results of the same bits are one value after the lowering drops
    signedness (one shared buffer): each output still has its own dtype."""
    from descend.export_loader import load

    i = np.array([-1, 5], np.int32)

    def f(x):
        return x.astype(np.uint32) + np.uint32(1), x + 1, x.astype(np.uint32), x

    want = (i.astype(np.uint32) + np.uint32(1), i + 1, i.astype(np.uint32), i)
    for got in (descend.jit(f)(i), load(descend.jit(f).lower(i).compile().export(tmp_path / "e"))(i)):
        for g, w in zip(got, want):
            _same(np.asarray(g), w)


def test_dtype_kinds():
    assert dnp.issubdtype(np.uint8, dnp.unsignedinteger) and dnp.issubdtype(np.uint64, dnp.integer)
    assert not dnp.issubdtype(np.int8, dnp.unsignedinteger) and dnp.issubdtype(np.int8, dnp.signedinteger)
    assert dnp.isdtype(np.uint32, "unsigned integer") and not dnp.isdtype(np.uint32, "signed integer")
