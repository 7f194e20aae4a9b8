"""descend.numpy.frompyfunc / ufunc against NumPy's ufuncs (np.multiply, np.add, np.frompyfunc):
calls, outer, reduce (initial / identity / axes / keepdims), accumulate, several outputs,
jit, grad and vmap of the folds, and the errors."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_matches_numpy
from gradcheck import check_grads

import descend
import descend.numpy as dnp

RNG = np.random.default_rng(9)
mul = dnp.frompyfunc(lambda a, b: a * b, 2, 1, identity=1)
affine = dnp.frompyfunc(lambda a, b: a * b + 1, 2, 1)  # not associative: the fold order matters


def _np_affine_reduce(x, axis=0):
    x = np.moveaxis(x, axis, 0)
    acc = x[0]
    for v in x[1:]:
        acc = acc * v + 1
    return acc


def test_call_and_outer_match_numpy():
    a, b = RNG.standard_normal((3, 4)), RNG.standard_normal(4)
    assert_matches_numpy(mul(a, b), np.multiply(a, b), "float64")
    assert_matches_numpy(mul.outer(a[0], b[:3]), np.multiply.outer(a[0], b[:3]), "float64")
    assert_matches_numpy(mul.outer(a, b), np.multiply.outer(a, b), "float64")
    assert_matches_numpy(affine(np.float32(2.0), np.float32(3.0)), np.float32(7.0), "float32")
    assert mul.nin == 2 and mul.nout == 1 and mul.identity == 1 and "lambda" in repr(mul)


def test_several_outputs():
    split = dnp.frompyfunc(lambda v: (v + 1, v * 2), 1, 2)
    x = RNG.standard_normal((2, 3)).astype(np.float32)
    p, q = split(x)
    assert_matches_numpy(p, x + 1, "float32")
    assert_matches_numpy(q, x * 2, "float32")


@pytest.mark.parametrize("axis", [0, 1, -1, None, (0, 1)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduce_matches_numpy(axis, keepdims):
    x = RNG.uniform(0.5, 1.5, (3, 4))
    assert_matches_numpy(mul.reduce(x, axis=axis, keepdims=keepdims), np.multiply.reduce(x, axis=axis, keepdims=keepdims), "float64")
    assert_matches_numpy(mul.reduce(x, axis=axis, initial=2.0), np.multiply.reduce(x, axis=axis, initial=2.0), "float64")


def test_reduce_order_initial_identity_and_empty():
    x = RNG.standard_normal((4, 3))
    assert_matches_numpy(affine.reduce(x), _np_affine_reduce(x), "float64")
    assert_matches_numpy(affine.reduce(x, axis=1), _np_affine_reduce(x, 1), "float64")
    # an identity is the initial value, as in JAX: f(f(f(7, x0), x1), x2)
    seven = dnp.frompyfunc(lambda a, b: a * b + 1, 2, 1, identity=7.0)
    v = np.array([0.5, 2.0, -1.0])
    assert_matches_numpy(seven.reduce(v), ((7 * 0.5 + 1) * 2 + 1) * -1 + 1, "float64")
    assert_matches_numpy(mul.reduce(np.zeros((0, 3)), axis=0), np.ones(3), "float64")
    with pytest.raises(ValueError, match="no identity"):
        affine.reduce(np.zeros(0))
    ints = np.arange(1, 6, dtype=np.int32)
    assert_matches_numpy(mul.reduce(ints), np.multiply.reduce(ints), "int32")
    assert_matches_numpy(mul.reduce(ints, dtype=np.float32), 120.0, "float32")


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_accumulate_matches_numpy(axis):
    x = RNG.uniform(0.5, 1.5, (3, 4))
    assert_matches_numpy(mul.accumulate(x, axis=axis), np.multiply.accumulate(x, axis=axis), "float64")
    npf = np.frompyfunc(lambda a, b: a * b + 1, 2, 1)
    assert_matches_numpy(affine.accumulate(x, axis=axis), npf.accumulate(x, axis=axis).astype(np.float64), "float64")
    assert_matches_numpy(mul.accumulate(np.zeros((0, 2))), np.zeros((0, 2)), "float64")


def test_folds_under_jit_grad_and_vmap():
    x = RNG.uniform(0.5, 1.5, (3, 4))
    assert_matches_numpy(descend.jit(lambda v: affine.reduce(v, axis=1))(x), _np_affine_reduce(x, 1), "float64")
    assert_matches_numpy(descend.jit(lambda v: affine.accumulate(v))(x), np.frompyfunc(lambda a, b: a * b + 1, 2, 1).accumulate(x).astype(np.float64), "float64")
    got = descend.vmap(lambda v: affine.reduce(v))(x)
    assert_matches_numpy(got, np.array([_np_affine_reduce(r) for r in x]), "float64")
    check_grads(lambda v: affine.reduce(v, axis=0), (x,), order=1)
    check_grads(lambda v: mul.accumulate(v, axis=1), (x,), order=1)


def test_errors():
    with pytest.raises(TypeError, match="expected 2 positional"):
        mul(np.ones(2))
    with pytest.raises(ValueError, match="only binary"):
        dnp.frompyfunc(lambda a: a, 1, 1).reduce(np.ones(2))
    with pytest.raises(NotImplementedError, match="'out'"):
        mul(np.ones(2), np.ones(2), out=np.ones(2))
    with pytest.raises(NotImplementedError, match="'where'"):
        mul.reduce(np.ones(2), where=np.ones(2, bool))
    with pytest.raises(NotImplementedError, match="at"):
        mul.at(np.ones(2), [0], 2.0)
    with pytest.raises(NotImplementedError, match="reduceat"):
        mul.reduceat(np.ones(2), [0])
    with pytest.raises(TypeError, match="callable"):
        dnp.frompyfunc(3, 1, 1)
