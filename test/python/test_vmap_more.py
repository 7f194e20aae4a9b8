"""vmap of descend.numpy's einsum and the window / grid / polynomial helpers, against running
the same function on each example on its own (jit, no vmap).

Each group maps a per-example function over a batch of 4 (one compile per group) and
compares every output with the function applied to each example alone. Per-example inputs:
a matrix `a` (3x5), floats in (0.2, 0.9).
"""

import numpy as np
import pytest

import descend
import descend.numpy as dnp

B = 4
W = np.arange(15.0, dtype=np.float32).reshape(5, 3) / 10  # an unbatched operand


def _einsum(a):
    return {
        "matmul": dnp.einsum("ij,jk->ik", a, W),
        "implicit": dnp.einsum("ij,jk", a, W),
        "three": dnp.einsum("ij,jk,kl->il", a, W, a, optimize="optimal"),
        "diag": dnp.einsum("ii->i", a[:, :3]),
        "trace": dnp.einsum("ii", a[:, :3]),
        "ellipsis": dnp.einsum("...j,j->...", a, a[0]),
        "sum_one_side": dnp.einsum("ij,k->k", a, a[1]),
        "outer": dnp.einsum("i,j", a[0], a[1]),
    }


GROUPS = {"einsum": _einsum}


def _input():
    return np.random.default_rng(11).uniform(0.2, 0.9, (B, 3, 5)).astype(np.float32)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_vmap_group_matches_per_example(group):
    fn = GROUPS[group]
    x = _input()
    batched = descend.jit(descend.vmap(fn))(x)
    single = [descend.jit(fn)(x[i]) for i in range(B)]
    for name in single[0]:
        for i in range(B):
            want = np.asarray(single[i][name])
            got = np.asarray(batched[name])[i]
            assert got.shape == want.shape, name
            np.testing.assert_allclose(got, want, rtol=2e-6, atol=1e-6, err_msg=f"vmap of {name}, example {i}")


def test_static_helpers_need_no_batching():
    """Functions of shapes only (no array data) are not batched: check they answer."""
    a, b = np.ones((3, 4)), np.ones((4, 5))
    assert dnp.einsum_path("ij,jk", a, b)[0] == np.einsum_path("ij,jk", a, b)[0]
