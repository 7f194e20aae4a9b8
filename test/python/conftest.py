"""Shared helpers of the pytest suite: tolerances, NumPy comparison, random inputs.

Every numerical test computes its expected value with NumPy, independently of
descend, and checks descend's result with `assert_matches_numpy`: same shape,
the dtype descend must produce (JAX's promotion rules, see DESIGN.md "Types"),
and values within a per-dtype tolerance (exact for integers and booleans).
"""

from __future__ import annotations

import os
import shutil
import tempfile

import numpy as np
import pytest

# The on-disk compile cache (descend.compile_cache) of the test session: a fresh directory, so
# that no test reads entries of an earlier run or writes into the user's ~/.cache (subprocesses
# of tests inherit it). Set before descend is imported; removed at the end of the session.
# DESCEND_TEST_CACHE_DIR=PATH uses (and keeps) PATH instead: run a suite twice against one
# cache to check every function loaded from it.
_KEEP = os.environ.get("DESCEND_TEST_CACHE_DIR", "")
_CACHE_DIR = _KEEP or tempfile.mkdtemp(prefix="descend-test-cache-")
os.environ["DESCEND_CACHE_DIR"] = _CACHE_DIR

import descend  # noqa: E402


def pytest_unconfigure(config):
    if not _KEEP:
        shutil.rmtree(_CACHE_DIR, ignore_errors=True)

# ---- tolerances -------------------------------------------------------------------

# (rtol, atol) per dtype and kind of computation.
TOLERANCES = {
    "arith": {
        "float32": (1e-5, 1e-6),
        "float64": (1e-12, 1e-13),
    },
    # exp/log/sin/...: libm / polynomial approximations differ by a few ulp
    "transcendental": {
        "float32": (1e-5, 2e-6),
        "float64": (1e-12, 1e-13),
    },
    # sums and products accumulate rounding error
    "reduction": {
        "float32": (1e-4, 1e-5),
        "float64": (1e-11, 1e-12),
    },
}

FLOAT_DTYPES = ("float32", "float64")
ALL_DTYPES = ("float32", "float64", "int32", "bool")
NUMERIC_DTYPES = ("float32", "float64", "int32")

# Shapes every function is checked over: 0-d, size-1 dims, non-square, empty.
SHAPES = [(), (1,), (7,), (1, 1), (3, 5), (2, 1, 4), (0,), (3, 0)]
# Pairs of broadcast-compatible shapes for binary functions.
BINARY_SHAPES = [
    ((), ()),
    ((5,), ()),
    ((), (5,)),
    ((1,), (4,)),
    ((3, 5), (3, 5)),
    ((3, 1), (4,)),
    ((4,), (3, 1)),
    ((2, 1, 4), (3, 1)),
    ((1, 1), (1,)),
    ((0,), (0,)),
    ((0, 3), (3,)),
]


def tolerance(dtype, kind: str = "arith") -> tuple[float, float]:
    """(rtol, atol) for results of `dtype`; exact (0, 0) for integers and booleans."""
    name = np.dtype(dtype).name
    return TOLERANCES[kind].get(name, (0.0, 0.0))


def assert_matches_numpy(got, expected, dtype, kind: str = "arith", rtol=None, atol=None):
    """Check a descend result against an independently computed NumPy value.

    - `got` must be a `descend.Array` (what every eager call returns) or a
      NumPy array/scalar;
    - its shape must equal `np.shape(expected)`;
    - its dtype must be `dtype` (the dtype descend promises, JAX's rules),
      whatever dtype NumPy computed `expected` in;
    - its values must match within `tolerance(dtype, kind)` (NaNs in the same
      places; integers and booleans exactly)."""
    assert isinstance(got, (descend.Array, np.ndarray, np.generic)), f"got a {type(got).__name__}"
    expected = np.asarray(expected)
    g = np.asarray(got)
    assert g.shape == expected.shape, f"shape {g.shape} != expected {expected.shape}"
    assert g.dtype == np.dtype(dtype), f"dtype {g.dtype} != expected {np.dtype(dtype)}"
    r, a = tolerance(dtype, kind)
    rtol = r if rtol is None else rtol
    atol = a if atol is None else atol
    if g.dtype.kind in "biu":
        np.testing.assert_array_equal(g, expected.astype(g.dtype))
    else:
        with np.errstate(all="ignore"):
            np.testing.assert_allclose(g, expected.astype(g.dtype), rtol=rtol, atol=atol, equal_nan=True)


# ---- random inputs ----------------------------------------------------------------


def random_array(rng, shape, dtype, domain: str = "any"):
    """A random NumPy array of `shape` and `dtype`.

    domain: "any" (floats in [-3, 3], ints in [-9, 9]), "positive" (floats in
    [0.1, 4], ints in [1, 9]), "nonzero" (no zeros: safe divisors), "unit"
    (floats in (-0.9, 0.9), for arctanh-like domains), "small" (ints in
    [0, 4], floats in [0.1, 2]: safe exponents)."""
    dtype = np.dtype(dtype)
    shape = tuple(shape)
    if dtype == np.bool_:
        return rng.random(shape) < 0.5
    if dtype.kind == "f":
        lo, hi = {"any": (-3, 3), "positive": (0.1, 4), "nonzero": (0.5, 3), "unit": (-0.9, 0.9), "small": (0.1, 2)}[
            domain
        ]
        x = rng.uniform(lo, hi, shape)
        if domain == "nonzero":
            x = x * np.where(rng.random(shape) < 0.5, -1, 1)
        return x.astype(dtype)
    lo, hi = {"any": (-9, 10), "positive": (1, 10), "nonzero": (1, 10), "unit": (-1, 2), "small": (0, 5)}[domain]
    x = rng.integers(lo, hi, shape)
    if domain == "nonzero":
        x = x * np.where(rng.random(shape) < 0.5, -1, 1)
    return x.astype(dtype)


@pytest.fixture
def rng():
    """A fresh, seeded generator per test (reproducible inputs)."""
    return np.random.default_rng(1234)


# ---- JAX's promotion, written out as tables (an oracle independent of descend) ----

_KIND = {"bool": 0, "int32": 1, "int64": 1, "float32": 2, "float64": 2}


def jax_promote(*dtypes: str) -> str:
    """JAX's result dtype for strongly typed operands of these dtypes (bool < int32 < float32 < float64)."""
    order = ["bool", "int32", "float32", "float64"]
    return max((np.dtype(d).name for d in dtypes), key=order.index)


def float_result(*dtypes: str) -> str:
    """The dtype of exp/log/true division of these operands: float32 unless one of them is float64."""
    d = jax_promote(*dtypes)
    return d if d in FLOAT_DTYPES else "float32"
