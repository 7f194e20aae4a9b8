"""vmap against a loop over the examples: the checks the vmap test files share."""

from __future__ import annotations

import numpy as np

import descend


def check_against_examples(fn, args, in_axes, size, compare):
    """jit(vmap(fn, in_axes)) on `args` (batched along axis 0 where `in_axes` is 0; for None,
    the first example of the given array is passed, shared) equals jit(fn) on each of the
    `size` examples: `compare(got, want, err_msg)` on every output."""
    args = [a if ax == 0 else a[0] for a, ax in zip(args, in_axes)]  # shared operands: one example
    got = descend.jit(descend.vmap(fn, in_axes=in_axes))(*args)
    got = got if isinstance(got, tuple) else (got,)
    for b in range(size):
        ex = [a if ax is None else a[b] for a, ax in zip(args, in_axes)]
        want = descend.jit(fn)(*ex)
        want = want if isinstance(want, tuple) else (want,)
        assert len(got) == len(want)
        for k, (g, w) in enumerate(zip(got, want)):
            g, w = np.asarray(g)[b], np.asarray(w)
            assert g.shape == w.shape, (k, g.shape, w.shape)
            compare(g, w, err_msg=f"output {k}, example {b}")


def check_group_against_examples(fn, x, size, rtol=2e-6, atol=1e-6):
    """jit(vmap(fn))(x) equals jit(fn)(x[i]) for each of `size` examples, where `fn` returns a
    dict of named results (a group of functions checked together)."""
    batched = descend.jit(descend.vmap(fn))(x)
    single = [descend.jit(fn)(x[i]) for i in range(size)]
    for name in single[0]:
        for i in range(size):
            want = np.asarray(single[i][name])
            got = np.asarray(batched[name])[i]
            assert got.shape == want.shape, name
            np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=f"vmap of {name}, example {i}")
