"""Derivatives of dsc.gather and dsc.scatter (every mode), and of the NumPy indexing built
on them, against central finite differences in float64 (`gradcheck.check_grads`: forward,
reverse and mixed modes, orders 1 and 2).

Indices hold duplicates and out-of-bounds entries on purpose: gather clamps (its transpose
must send the cotangent to the clamped position), scatter drops (a dropped update gets a
zero cotangent), scatter-set keeps the last duplicate (only the winner gets a cotangent),
scatter-mul has zero updates (the product rule without division by zero), and scatter
min/max take untied values (their derivative is discontinuous at ties).

`COVERED` names the ops checked here; `test_autodiff_ops.test_every_rule_is_covered` adds it.
"""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_grads

import descend
import descend.numpy as dnp
from descend._gather_scatter import gather, scatter

COVERED = {"gather", "scatter"}
R = np.random.default_rng(5)

# rows 2, 0, 2 (a duplicate), 9 (out of bounds: clamped by gather, dropped by scatter), -1
ROWS = np.array([[2], [0], [2], [9], [-1]], np.int32)
# (row, col) pairs with a duplicate and one out-of-bounds column
CELLS = np.array([[1, 2], [0, 0], [1, 2], [3, 7], [2, 1]], np.int32)


def _x():
    return R.uniform(-1.0, 1.0, (4, 3))


def _assert_contains(fn, args, op):
    text = descend.jit(fn).lower(*args).as_text("dsc")
    assert f'"dsc.{op}"' in text, f"dsc.{op} not in\n{text}"


GATHERS = {
    "rows": lambda x: gather(x, ROWS, (0,)),
    "cells": lambda x: gather(x, CELLS, (0, 1)),
    "columns": lambda x: gather(x, np.array([[2], [2], [0]], np.int64), (1,)),
}


@pytest.mark.parametrize("name", sorted(GATHERS))
def test_gather(name):
    fn = GATHERS[name]
    args = (_x(),)
    _assert_contains(fn, args, "gather")
    check_grads(fn, args, order=2)


def _updates(mode, shape):
    u = R.uniform(-1.0, 1.0, shape)
    if mode in ("max", "min"):
        u = u * 3.0  # away from the operand's values: no ties
    return u


def _scatter_rows(mode):
    return lambda x, u: scatter(x, ROWS, u, (0,), mode)


SCATTERS = {mode: _scatter_rows(mode) for mode in ("set", "add", "mul", "max", "min")}
SCATTERS["mul-zeros"] = lambda x, u: scatter(x, ROWS, u * np.array([[1.0], [1.0], [0.0], [1.0], [0.0]]), (0,), "mul")
SCATTERS["add-cells"] = lambda x, u: scatter(x, CELLS, u[:, 0], (0, 1), "add")
SCATTERS["set-cells"] = lambda x, u: scatter(x, CELLS, u[:, 0], (0, 1), "set")


@pytest.mark.parametrize("case", sorted(SCATTERS))
def test_scatter(case):
    fn = SCATTERS[case]
    mode = case.split("-")[0]
    args = (_x(), _updates(mode, (5, 3)))
    _assert_contains(fn, args, "scatter")
    check_grads(fn, args, order=2 if mode in ("set", "add") else 1)


def test_scatter_mul_second_order():
    u = _updates("mul", (5, 3))
    u[2, 1] = 0.0  # a zero update at a duplicated row
    check_grads(lambda x, u: scatter(x, ROWS, u, (0,), "mul"), (_x(), u), order=2)


def test_gather_gradient_accumulates_duplicates():
    """d/dx sum(x[i]) counts each row as often as it is read (clamped rows included)."""
    g = descend.grad(lambda x: dnp.sum(gather(x, ROWS, (0,))))(np.zeros((4, 3)))
    want = np.zeros((4, 3))
    for r in (2, 0, 2, 3, 0):  # 9 -> 3, -1 -> 0 (clamped)
        want[r] += 1
    np.testing.assert_array_equal(np.asarray(g), want)


# ---- through descend.numpy indexing ---------------------------------------------------------

NUMPY = {
    "getitem": lambda x: x[np.array([2, 0, 2]), 1:] * x[[1, 1], [0, -1]],
    "getitem_mask": lambda x: x[np.array([True, False, True, True])] ** 2,
    "at_set": lambda x: x.at[[0, 3], 1].set(x[1, :2] * 2.0),
    "at_add": lambda x: x.at[np.array([1, 1, 2]), :].add(x[:3] ** 2),
    "at_mul": lambda x: x.at[:, [2, 0]].multiply(x[:, :2]),
    "at_max": lambda x: x.at[[0, 2]].max(x[[1, 3]] * 1.5),
    "at_divide": lambda x: x.at[[0, 2]].divide(x[[1, 3]] + 3.0),
    "take_along_axis": lambda x: dnp.take_along_axis(x, np.array([[2, 0], [1, 1], [0, 0], [2, 2]]), axis=1),
    "put_along_axis": lambda x: dnp.put_along_axis(x, np.array([[2], [1], [0], [2]]), x[:, :1] * 3.0, axis=1, inplace=False),
    "take": lambda x: dnp.take(x, np.array([11, 0, 5, 5])),
}


@pytest.mark.parametrize("name", sorted(NUMPY))
def test_numpy_indexing_gradients(name):
    check_grads(NUMPY[name], (_x(),), order=1)


def test_grad_matches_numpy_reference():
    """The gradient of a loss through x[idx] and x.at[idx].add, against a hand-written NumPy one."""
    x = _x()
    idx = np.array([3, 1, 3])
    w = R.uniform(-1, 1, (3, 3))

    def loss(x):
        y = x.at[idx].add(w)
        return dnp.sum(y[idx] ** 2)

    g = np.asarray(descend.jit(descend.grad(loss))(x))
    y = x.copy()
    np.add.at(y, idx, w)
    want = np.zeros_like(x)
    np.add.at(want, idx, 2 * y[idx])
    np.testing.assert_allclose(g, want, rtol=1e-12)
