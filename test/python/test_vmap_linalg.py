"""vmap of every public function of descend.numpy.linalg against running the function on
each example alone (jit, no vmap), with the operands batched or shared (in_axes None);
`test_every_linalg_function_is_covered` checks that each public function has a case here."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pytest
from vmapcheck import check_against_examples

import descend.numpy as dnp

B = 3
R = np.random.default_rng(9)
N = 4
SQ = (R.normal(size=(B, N, N)) + 3 * np.eye(N)).astype(np.float32)
SPD = np.einsum("bij,bkj->bik", SQ, SQ).astype(np.float32)
RECT = R.normal(size=(B, 5, 3)).astype(np.float32)
VEC = R.normal(size=(B, N)).astype(np.float32)
RHS = R.normal(size=(B, N, 2)).astype(np.float32)
V3 = R.normal(size=(B, 3)).astype(np.float32)


def _check(fn, args, in_axes):
    check_against_examples(fn, args, in_axes, B, functools.partial(np.testing.assert_allclose, rtol=2e-5, atol=2e-5))


CASES = {
    "inv": (lambda a: dnp.linalg.inv(a), (SQ,)),
    "solve": (lambda a, b: dnp.linalg.solve(a, b), (SQ, RHS)),
    "solve_vec": (lambda a, b: dnp.linalg.solve(a, b), (SQ, VEC)),
    "det": (lambda a: dnp.linalg.det(a), (SQ,)),
    "slogdet": (lambda a: tuple(dnp.linalg.slogdet(a)), (SQ,)),
    "cholesky": (lambda a: dnp.linalg.cholesky(a), (SPD,)),
    "qr": (lambda a: tuple(dnp.linalg.qr(a)), (RECT,)),
    "qr_complete": (lambda a: tuple(dnp.linalg.qr(a, mode="complete")), (RECT,)),
    "norm": (lambda a: dnp.linalg.norm(a), (RECT,)),
    "norm_nuc": (lambda a: dnp.linalg.norm(a, "nuc"), (RECT,)),
    "norm_vec": (lambda v: dnp.linalg.norm(v, 3), (VEC,)),
    "vector_norm": (lambda a: dnp.linalg.vector_norm(a, axis=(0, 1)), (RECT,)),
    "matrix_norm": (lambda a: dnp.linalg.matrix_norm(a, ord=2), (RECT,)),
    "tensorinv": (lambda a: dnp.linalg.tensorinv(a, ind=1), (SQ,)),
    "tensorsolve": (lambda a, b: dnp.linalg.tensorsolve(a, b), (SQ, VEC)),
    "svd": (lambda a: dnp.linalg.svd(a, compute_uv=False), (RECT,)),
    "svd_full": (lambda a: tuple(dnp.linalg.svd(a)), (RECT,)),
    "eigh": (lambda a: tuple(dnp.linalg.eigh(a)), (SPD,)),
    "eigvalsh": (lambda a: dnp.linalg.eigvalsh(a), (SPD,)),
    "svdvals": (lambda a: dnp.linalg.svdvals(a), (RECT,)),
    "cond": (lambda a: dnp.linalg.cond(a), (SQ,)),
    "pinv": (lambda a: dnp.linalg.pinv(a), (RECT,)),
    "matrix_rank": (lambda a: dnp.linalg.matrix_rank(a), (RECT,)),
    "matrix_power": (lambda a: dnp.linalg.matrix_power(a, 3), (SQ,)),
    "multi_dot": (lambda a, b: dnp.linalg.multi_dot([a, b, b]), (SQ, SQ)),
    "lstsq": (lambda a, b: dnp.linalg.lstsq(a, b)[0], (RECT, RECT[:, :, :2])),
    "trace": (lambda a: dnp.linalg.trace(a), (RECT,)),
    "diagonal": (lambda a: dnp.linalg.diagonal(a), (RECT,)),
    "outer": (lambda u, v: dnp.linalg.outer(u, v), (VEC, V3)),
    "matmul": (lambda a, b: dnp.linalg.matmul(a, b), (SQ, RHS)),
    "tensordot": (lambda a, b: dnp.linalg.tensordot(a, b, axes=1), (SQ, RHS)),
    "vecdot": (lambda u, v: dnp.linalg.vecdot(u, v), (VEC, VEC)),
    "matrix_transpose": (lambda a: dnp.linalg.matrix_transpose(a), (RECT,)),
    "cross": (lambda u, v: dnp.linalg.cross(u, v), (V3, V3)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_vmap_batched(name):
    fn, args = CASES[name]
    _check(fn, args, (0,) * len(args))


@pytest.mark.parametrize("name", sorted(n for n in CASES if len(CASES[n][1]) == 2))
def test_vmap_shared_operand(name):
    fn, args = CASES[name]
    _check(fn, args, (0, None))
    _check(fn, args, (None, 0))


def test_every_linalg_function_is_covered():
    """Each public function of descend.numpy.linalg appears in a case above (as `dnp.linalg.<name>(`)."""
    src = Path(__file__).read_text()
    public = [n for n in dnp.linalg.__all__ if callable(getattr(dnp.linalg, n))]
    missing = [n for n in public if not re.search(rf"\bdnp\.linalg\.{n}\(", src)]
    assert not missing, f"descend.numpy.linalg functions without a vmap test: {missing}"
