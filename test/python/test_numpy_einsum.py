"""descend.numpy.einsum / einsum_path against NumPy.

- values and dtypes of `einsum` over many subscripts (explicit and implicit output, ellipsis
  broadcasting, diagonals and traces, labels summed within one operand, size-1 and 0-size
  dims, 1 to 4 operands, the interleaved form) for float32, float64 and int32, against
  `np.einsum` computed in float64 / int64;
- every `optimize` setting gives the same values, and the contraction order follows
  `np.einsum_path` (the intermediate it picks is in the staged dsc);
- `einsum_path` returns NumPy's;
- jit equals eager; gradients against finite differences (gradcheck);
- errors name the problem; unsupported arguments raise NotImplementedError naming them.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_matches_numpy, random_array
from gradcheck import check_grads

import descend
import descend.numpy as dnp

CASES = [
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("ij,jk,kl", [(2, 3), (3, 4), (4, 5)]),
    ("ab,bc,cd,de->ae", [(2, 3), (3, 4), (4, 2), (2, 3)]),
    ("abc,cd,de->abe", [(2, 3, 4), (4, 3), (3, 2)]),
    ("i,i->", [(5,), (5,)]),
    ("i,i", [(5,), (5,)]),
    ("i,j->ij", [(3,), (4,)]),
    ("i,j", [(3,), (4,)]),
    ("ij->ji", [(3, 4)]),
    ("ij", [(3, 4)]),
    ("ji", [(3, 4)]),
    ("ij->", [(3, 4)]),
    ("ij->j", [(3, 4)]),
    ("ii->i", [(4, 4)]),
    ("ii", [(4, 4)]),
    ("iij->j", [(3, 3, 2)]),
    ("iij->ji", [(3, 3, 2)]),
    ("iii->i", [(3, 3, 3)]),
    ("ijji->ij", [(2, 3, 3, 2)]),
    ("ii,jj->ij", [(3, 3), (2, 2)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("...ij,...jk", [(2, 1, 3, 4), (5, 4, 2)]),
    ("i...,i...->...", [(3, 2), (3, 1)]),
    ("...,...", [(2, 1), (3,)]),
    ("...ii->...i", [(2, 3, 3)]),
    ("a...,...b->...ab", [(2, 3), (3, 4)]),
    ("...->...", [(2, 3)]),
    ("ij,ij->ij", [(1, 3), (2, 3)]),
    ("ij,ij->i", [(1, 3), (2, 3)]),
    ("ij,ij->", [(2, 1), (2, 3)]),
    ("ij,j->i", [(3, 4), (4,)]),
    ("ij,k->i", [(2, 3), (4,)]),
    ("ij,k->ik", [(2, 3), (4,)]),
    ("i,i,i->i", [(4,), (4,), (4,)]),
    ("ij,ji->", [(3, 4), (4, 3)]),
    (",i->i", [(), (3,)]),
    (",", [(), ()]),
    ("Ab,bC->AC", [(2, 3), (3, 4)]),
    ("Ba", [(2, 3)]),
    ("ij,jk->ik", [(0, 3), (3, 4)]),
    ("ij,jk->ik", [(2, 0), (0, 4)]),
    ("ij,jk", [(1, 1), (1, 1)]),
    ("ijk,k->", [(0, 3, 2), (2,)]),
    ("ii->i", [(0, 0)]),
    ("ii", [(1, 1)]),
]


def _ids(c):
    return f"{c[0]}|{'x'.join(map(str, c[1]))}"


def _wide(x):
    return x.astype(np.float64) if x.dtype.kind == "f" else x.astype(np.int64)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_einsum_matches_numpy(case, dtype, rng):
    spec, shapes = case
    ops = [random_array(rng, s, dtype) for s in shapes]
    got = dnp.einsum(spec, *ops)
    want = np.einsum(spec, *(_wide(x) for x in ops))
    assert_matches_numpy(got, want, dtype, "reduction")


def test_einsum_bool_is_or_of_and(rng):
    a, b = rng.random((3, 4)) < 0.4, rng.random((4, 5)) < 0.4
    assert_matches_numpy(dnp.einsum("ij,jk->ik", a, b), np.einsum("ij,jk->ik", a, b), "bool")
    assert_matches_numpy(dnp.einsum("ii", a[:3, :3]), np.einsum("ii", a[:3, :3]), "bool")


def test_einsum_mixed_dtypes_promote(rng):
    a = random_array(rng, (3, 4), "int32")
    b = random_array(rng, (4,), "float32")
    assert_matches_numpy(dnp.einsum("ij,j->i", a, b), np.einsum("ij,j->i", a.astype(np.float64), b), "float32", "reduction")
    c = random_array(rng, (4,), "float64")
    assert_matches_numpy(dnp.einsum("ij,j->i", a, c), np.einsum("ij,j->i", a, c), "float64", "reduction")


def test_einsum_preferred_element_type(rng):
    a = random_array(rng, (3, 4), "int32")
    b = random_array(rng, (4, 2), "int32")
    got = dnp.einsum("ij,jk->ik", a, b, preferred_element_type=np.float32)
    assert_matches_numpy(got, a.astype(np.float64) @ b, "float32", "reduction")
    got = dnp.einsum("ij,jk->ik", a.astype(np.float32), b.astype(np.float32), preferred_element_type="float64")
    assert_matches_numpy(got, a.astype(np.float64) @ b, "float64", "reduction")


def test_einsum_interleaved_form(rng):
    a, b = random_array(rng, (3, 4), "float64"), random_array(rng, (4, 5), "float64")
    assert_matches_numpy(dnp.einsum(a, [0, 1], b, [1, 2], [2, 0]), np.einsum(a, [0, 1], b, [1, 2], [2, 0]), "float64", "reduction")
    assert_matches_numpy(dnp.einsum(a, [0, 1], b, [1, 2]), np.einsum(a, [0, 1], b, [1, 2]), "float64", "reduction")
    c = random_array(rng, (2, 3, 3), "float64")
    assert_matches_numpy(dnp.einsum(c, [Ellipsis, 0, 0], [Ellipsis, 0]), np.einsum(c, [Ellipsis, 0, 0], [Ellipsis, 0]), "float64", "reduction")


def test_broadcast_labels_missing_from_explicit_output_are_summed(rng):
    """JAX's rule ('...i->i' sums the broadcast dims); NumPy raises there."""
    x = random_array(rng, (2, 3, 4), "float64")
    assert_matches_numpy(dnp.einsum("...i->i", x), x.reshape(-1, 4).sum(0), "float64", "reduction")


OPT_CASE = ("ab,bc,cd,de->ae", [(8, 2), (2, 8), (8, 2), (2, 8)])


@pytest.mark.parametrize("optimize", [False, True, "auto", "greedy", "optimal", ["einsum_path", (2, 3), (0, 1), (0, 1)]])
def test_every_optimize_setting_gives_the_same_values(optimize, rng):
    spec, shapes = OPT_CASE
    ops = [random_array(rng, s, "float64") for s in shapes]
    got = dnp.einsum(spec, *ops, optimize=optimize)
    assert_matches_numpy(got, np.einsum(spec, *ops), "float64", "reduction")


def _dot_general_result_types(spec, shapes, optimize):
    """The result types of the dsc.dot_general ops einsum stages (in order)."""
    ops = [np.ones(s, np.float32) for s in shapes]
    text = descend.jit(lambda *xs: dnp.einsum(spec, *xs, optimize=optimize)).lower(*ops).as_text()
    return [line.rsplit("->", 1)[1].strip() for line in text.splitlines() if "dsc.dot_general" in line]


def test_contraction_order_follows_einsum_path():
    """(8x2)(2x8)(8x2): left to right makes an 8x8 intermediate; np.einsum_path's greedy order
    contracts the last two first (a 2x2 intermediate)."""
    spec, shapes = "ab,bc,cd->ad", [(8, 2), (2, 8), (8, 2)]
    path = np.einsum_path(spec, *(np.ones(s) for s in shapes), optimize="greedy")[0]
    assert path[1] == (1, 2)
    greedy = _dot_general_result_types(spec, shapes, "greedy")
    plain = _dot_general_result_types(spec, shapes, False)
    assert len(greedy) == len(plain) == 2
    assert "tensor<2x2xf32>" in greedy[0], greedy
    assert "tensor<8x8xf32>" in plain[0], plain


@pytest.mark.parametrize(
    "spec,shapes",
    [("ij,jk,kl", [(2, 3), (3, 4), (4, 5)]), ("ab,bc,cd,de->ae", [(8, 2), (2, 8), (8, 2), (2, 8)]), ("ii->i", [(3, 3)]),
     ("...ij,...jk", [(2, 1, 3, 4), (5, 4, 2)])],
)
@pytest.mark.parametrize("optimize", ["greedy", "optimal", False])
def test_einsum_path_is_numpys(spec, shapes, optimize):
    ops = [np.ones(s) for s in shapes]
    got = dnp.einsum_path(spec, *ops, optimize=optimize)
    want = np.einsum_path(spec, *ops, optimize=optimize)
    assert got[0] == want[0]
    assert got[1] == want[1]
    # descend arrays as operands, 'auto' as greedy
    got = dnp.einsum_path(spec, *(dnp.asarray(x) for x in ops), optimize="auto")
    assert got[0] == np.einsum_path(spec, *ops, optimize="greedy")[0]


def test_einsum_path_interleaved():
    a, b = np.ones((3, 4)), np.ones((4, 5))
    assert dnp.einsum_path(a, [0, 1], b, [1, 2], [0, 2])[0] == np.einsum_path(a, [0, 1], b, [1, 2], [0, 2])[0]


@pytest.mark.parametrize("case", CASES[:30], ids=[_ids(c) for c in CASES[:30]])
def test_einsum_under_jit_equals_eager(case, rng):
    spec, shapes = case
    ops = [random_array(rng, s, "float32") for s in shapes]
    got = descend.jit(lambda *xs: dnp.einsum(spec, *xs))(*ops)
    assert_matches_numpy(got, np.asarray(dnp.einsum(spec, *ops)), "float32", "reduction", rtol=1e-6, atol=1e-6)


GRAD_CASES = [
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("ij,jk,kl", [(2, 3), (3, 4), (4, 2)]),
    ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("iij->ji", [(3, 3, 2)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (3, 4, 2)]),
    ("ij,ij->i", [(1, 3), (2, 3)]),
    ("ij,k->ik", [(2, 3), (4,)]),
    ("i,i,i->", [(4,), (4,), (4,)]),
]


@pytest.mark.parametrize("case", GRAD_CASES, ids=[_ids(c) for c in GRAD_CASES])
def test_einsum_gradients_match_finite_differences(case, rng):
    spec, shapes = case
    args = tuple(rng.standard_normal(s) for s in shapes)
    check_grads(lambda *xs: dnp.einsum(spec, *xs), args, order=1)


def test_einsum_second_order_gradient(rng):
    args = (rng.standard_normal((3, 3)), rng.standard_normal((3,)))
    check_grads(lambda a, v: dnp.einsum("ij,j,i->", a, v, v), args, order=2)


def test_einsum_vmap_matches_loop(rng):
    a = rng.standard_normal((4, 3, 5))
    b = rng.standard_normal((5, 2))
    got = descend.vmap(lambda x: dnp.einsum("ij,jk->ki", x, b))(a)
    want = np.stack([np.einsum("ij,jk->ki", a[i], b) for i in range(4)])
    assert_matches_numpy(got, want, "float64", "reduction")
    d = rng.standard_normal((4, 3, 3))
    got = descend.vmap(lambda x, y: dnp.einsum("ii,ij->j", x, y), in_axes=(0, None))(d, a[0, :, :3])
    want = np.stack([np.einsum("ii,ij->j", d[i], a[0, :, :3]) for i in range(4)])
    assert_matches_numpy(got, want, "float64", "reduction")


# ---- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec,shapes,match",
    [
        ("ij,jk", [(3, 4)], "name 2 operand"),
        ("ij", [(3, 4, 5)], "operand 0 has 3 dimension"),
        ("ij,jk", [(3, 4), (5, 6)], "label 'j' has size 4"),
        ("ii", [(3, 4)], "label 'i' has size 3"),
        ("ii", [(1, 3)], "repeated label 'i' needs equal sizes"),
        ("ij->k", [(3, 4)], "appear in no input"),
        ("ij->ii", [(3, 3)], "repeat a label"),
        ("i$", [(3, 4)], "invalid subscript"),
        ("i..j", [(3, 4)], "invalid ellipsis"),
        ("ij->i->j", [(3, 4)], "at most one '->'"),
        ("...ijk", [(3, 4)], "operand 0 has 2 dimension"),
    ],
)
def test_einsum_errors(spec, shapes, match):
    with pytest.raises(ValueError, match=match):
        dnp.einsum(spec, *(np.ones(s, np.float32) for s in shapes))


def test_einsum_error_names_the_users_line():
    with pytest.raises(ValueError, match="test_numpy_einsum.py"):
        descend.jit(lambda a, b: dnp.einsum("ij,jk", a, b))(np.ones((2, 3)), np.ones((4, 5)))


def test_einsum_unsupported_arguments():
    x = np.ones((2, 2), np.float32)
    with pytest.raises(NotImplementedError, match="'out'"):
        dnp.einsum("ij->ji", x, out=x)
    with pytest.raises(NotImplementedError, match="'precision'"):
        dnp.einsum("ij->ji", x, precision="fastest")
    with pytest.raises(NotImplementedError, match="'optimize'"):
        dnp.einsum("ij->ji", x, optimize="dp")
    with pytest.raises(ValueError, match="at least one operand"):
        dnp.einsum("")
    with pytest.raises(NotImplementedError, match="'precision'"):
        dnp.einsum("ij->ji", x, precision=("highest", "highest", "highest"))
    for p in ("highest", "DEFAULT", "tensorfloat32", ("high", "highest"), ["default", "float32"]):
        assert_matches_numpy(dnp.einsum("ij->ji", x, precision=p), x.T, "float32")


def test_einsum_accepts_jax_precision_enums():
    jax_lax = pytest.importorskip("jax.lax")
    x = np.arange(4.0, dtype=np.float32).reshape(2, 2)
    assert_matches_numpy(dnp.einsum("ij,jk", x, x, precision=jax_lax.Precision.HIGHEST), x @ x, "float32")
    assert_matches_numpy(dnp.einsum("ij,jk", x, x, precision=(jax_lax.Precision.DEFAULT, jax_lax.Precision.HIGH)), x @ x, "float32")
