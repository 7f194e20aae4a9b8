"""descend.numpy's NumPy interop: isdtype, iterable, printing, buffers, dlpack, load / save."""

from __future__ import annotations

import numpy as np
import pytest

import descend
import descend.numpy as dnp


@pytest.mark.parametrize(
    "dtype,kind",
    [
        (np.float32, "real floating"), (np.int32, "integral"), (np.int8, "signed integer"), (np.bool_, "bool"),
        (np.float64, "numeric"), (np.int32, "unsigned integer"), (np.float32, "complex floating"),
        ("int32", ("bool", "real floating")), ("int32", (np.int32, "bool")), (np.float32, np.float64),
        (np.float16, "real floating"), (np.bool_, "numeric"),
    ],
)
def test_isdtype_matches_numpy(dtype, kind):
    want_kind = tuple(np.dtype(k) if not isinstance(k, str) else k for k in kind) if isinstance(kind, tuple) else kind
    want_kind = np.dtype(want_kind) if not isinstance(want_kind, (str, tuple)) else want_kind
    assert dnp.isdtype(dtype, kind) == np.isdtype(np.dtype(dtype), want_kind)


def test_isdtype_errors():
    with pytest.raises(ValueError, match="unrecognized kind"):
        dnp.isdtype(np.float32, "floats")
    with pytest.raises(TypeError, match="expected kind"):
        dnp.isdtype(np.float32, 3.5)


def test_iterable():
    assert dnp.iterable([1, 2]) and dnp.iterable(np.ones(2)) and dnp.iterable(dnp.ones(2))
    assert not dnp.iterable(3) and not dnp.iterable(np.float32(1))


def test_printing_delegates_to_numpy():
    a = dnp.asarray(np.linspace(0, 1, 4, dtype=np.float32))
    assert dnp.array_str(a) == np.array_str(np.asarray(a))
    assert dnp.array_repr(a, precision=2) == np.array_repr(np.asarray(a), precision=2)
    with dnp.printoptions(precision=1):
        assert dnp.get_printoptions()["precision"] == 1
        assert dnp.array_str(a) == np.array_str(np.asarray(a))
    old = dnp.get_printoptions()["precision"]
    try:
        dnp.set_printoptions(precision=3)
        assert np.get_printoptions()["precision"] == 3
    finally:
        dnp.set_printoptions(precision=old)
    with pytest.raises(TypeError, match="array_str: cannot print a traced value"):
        descend.jit(lambda x: dnp.array_str(x))(np.ones(2))


def test_frombuffer_fromstring_dlpack():
    raw = np.arange(6, dtype=np.float32).tobytes()
    got = dnp.frombuffer(raw)  # float means float32, as in JAX
    assert isinstance(got, descend.Array) and got.dtype == np.float32
    np.testing.assert_array_equal(np.asarray(got), np.arange(6, dtype=np.float32))
    got = dnp.frombuffer(np.arange(5, dtype=np.int32).tobytes(), dtype=np.int32, count=3, offset=4)
    np.testing.assert_array_equal(np.asarray(got), [1, 2, 3])
    got = dnp.fromstring("1 2 3.5", sep=" ")
    assert got.dtype == np.float32
    np.testing.assert_array_equal(np.asarray(got), [1.0, 2.0, 3.5])
    got = dnp.from_dlpack(np.arange(4.0))  # NumPy arrays export __dlpack__
    assert isinstance(got, descend.Array)
    np.testing.assert_array_equal(np.asarray(got), np.arange(4.0))
    with pytest.raises(NotImplementedError, match="'device'"):
        dnp.from_dlpack(np.ones(2), device="cpu")


def test_fromiter_and_fromfile_raise_as_jax():
    with pytest.raises(NotImplementedError, match="fromiter"):
        dnp.fromiter(iter([1, 2]), dtype=np.float32)
    with pytest.raises(NotImplementedError, match="fromfile"):
        dnp.fromfile("nothing")


def test_save_and_load_round_trip(tmp_path):
    a = dnp.asarray(np.arange(6, dtype=np.float32).reshape(2, 3))
    dnp.save(tmp_path / "a.npy", a)
    got = dnp.load(tmp_path / "a.npy")
    assert isinstance(got, descend.Array)
    np.testing.assert_array_equal(np.asarray(got), np.asarray(a))
    dnp.savez(tmp_path / "b.npz", x=a)
    with dnp.load(tmp_path / "b.npz") as z:
        np.testing.assert_array_equal(z["x"], np.asarray(a))


def test_from_dlpack_of_a_torch_tensor():
    torch = pytest.importorskip("torch")
    got = dnp.from_dlpack(torch.arange(4, dtype=torch.float64))
    assert isinstance(got, descend.Array) and got.dtype == np.float64
    np.testing.assert_array_equal(np.asarray(got), np.arange(4.0))
