"""vmap of advanced indexing (dsc.gather / dsc.scatter and the descend.numpy functions on
them) against running the function on each example alone (jit, no vmap).

The operand, the indices and the updates are each batched or shared (in_axes None), so
every branch of the batching rules runs: a batched operand with shared indices, shared
operand with batched indices, and both batched (the batch position becomes an extra
indexed dim).
"""

import itertools

import numpy as np
import pytest

import descend
import descend.numpy as dnp
from descend._gather_scatter import gather, scatter

B = 3
R = np.random.default_rng(3)
XS = R.uniform(-1, 1, (B, 4, 5)).astype(np.float32)
IS = R.integers(-4, 6, (B, 6)).astype(np.int32)  # some out of bounds for dim 0 (size 4)
US = R.uniform(-1, 1, (B, 6, 5)).astype(np.float32)
MS = R.uniform(-1, 1, (B, 4, 5)) > 0.3


def _check(fn, args, in_axes):
    got = descend.jit(descend.vmap(fn, in_axes=in_axes))(*args)
    got = got if isinstance(got, dict) else {"out": got}
    for b in range(B):
        ex = [a if ax is None else a[b] for a, ax in zip(args, in_axes)]
        want = descend.jit(fn)(*ex)
        want = want if isinstance(want, dict) else {"out": want}
        for k in want:
            g, w = np.asarray(got[k])[b], np.asarray(want[k])
            assert g.shape == w.shape, (k, g.shape, w.shape)
            np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-7, err_msg=f"{k}, example {b}")


AXES = list(itertools.product([0, None], repeat=2))


@pytest.mark.parametrize("in_axes", AXES)
def test_gather_rule(in_axes):
    if in_axes == (None, None):
        pytest.skip("nothing batched")

    def f(x, i):
        return {"rows": gather(x, i[:, None], (0,)), "cells": gather(x, dnp.stack([i, i % 5], -1), (0, 1))}

    _check(f, (XS if in_axes[0] == 0 else XS[0], IS if in_axes[1] == 0 else IS[0]), in_axes)


@pytest.mark.parametrize("in_axes", list(itertools.product([0, None], repeat=3)))
@pytest.mark.parametrize("mode", ["set", "add", "max"])
def test_scatter_rule(in_axes, mode):
    if in_axes == (None, None, None):
        pytest.skip("nothing batched")
    args = [a if ax == 0 else a[0] for a, ax in zip((XS, np.abs(IS) % 4, US), in_axes)]
    if mode == "set":  # unique indices: which duplicate wins is not part of the contract
        args[1] = np.stack([R.permutation(4)[:2] for _ in range(B)]).astype(np.int32) if in_axes[1] == 0 else np.array([3, 1], np.int32)
        args[2] = args[2][..., :2, :]
    _check(lambda x, i, u: scatter(x, i[:, None], u, (0,), mode), args, in_axes)


def _numpy_fns(x, i, u, m):
    return {
        "getitem": x[i, 1:],
        "getitem_separated": x[i[:2], None, i[2:4] % 5],
        "at_add": x.at[i].add(u),
        "at_set_slice": x.at[1:3, i[:2] % 5].set(u[:2, :2]),
        "at_mask_set": x.at[m].set(0.5),
        "at_mask_mul": x.at[m].multiply(u[:4]),
        "take": dnp.take(x, i, axis=1, mode="clip"),
        "take_fill": dnp.take(x, i),
        "take_along_axis": dnp.take_along_axis(x, dnp.argsort(x, axis=1), axis=1),
        "put_along_axis": dnp.put_along_axis(x, dnp.argsort(x, axis=1)[:, :2], u[:4, :2], axis=1, inplace=False),
        "nonzero": dnp.nonzero(m, size=8, fill_value=-1)[1],
        "flatnonzero": dnp.flatnonzero(m, size=8),
        "argwhere": dnp.argwhere(m, size=25),
    }


@pytest.mark.parametrize("in_axes", [(0, 0, 0, 0), (0, None, 0, None), (None, 0, None, 0)])
def test_numpy_indexing_functions(in_axes):
    args = [a if ax == 0 else a[0] for a, ax in zip((XS, IS, US, MS), in_axes)]
    _check(_numpy_fns, args, in_axes)
