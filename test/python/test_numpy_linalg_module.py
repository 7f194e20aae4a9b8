"""descend.numpy.linalg (inv, solve, det, slogdet, cholesky, qr, norm, svd values, cond, pinv,
matrix_rank, matrix_power, multi_dot, array-API trace / diagonal / outer) against NumPy:
float32 / float64 / int inputs, batched stacks, 0x0 and 1x1 matrices, singular matrices,
bad shapes; gradients against finite differences (gradcheck, float64)."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_grads

import descend
import descend.numpy as dnp

L = dnp.linalg
R = np.random.default_rng(5)
TOL = {"float32": dict(rtol=2e-4, atol=2e-5), "float64": dict(rtol=1e-10, atol=1e-12)}
DTYPES = ["float32", "float64"]


def _close(got, want, dtype, scale=1.0):
    got = np.asarray(got)
    assert got.shape == np.shape(want), (got.shape, np.shape(want))
    t = TOL[dtype]
    np.testing.assert_allclose(got, want, rtol=t["rtol"] * scale, atol=t["atol"] * scale)


def _wellcond(shape, dtype):
    """Random (..., n, n) with a dominant diagonal: condition number ~ a few."""
    n = shape[-1]
    a = R.normal(size=shape) + 2.0 * np.sqrt(max(n, 1)) * np.eye(n)
    return a.astype(dtype)


def _spd(shape, dtype):
    n = shape[-1]
    a = R.normal(size=shape)
    return (a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype(dtype)


SQUARE = [(0, 0), (1, 1), (2, 2), (5, 5), (3, 4, 4), (2, 3, 3, 3)]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SQUARE)
def test_inv_det_slogdet(shape, dtype):
    a = _wellcond(shape, dtype)
    _close(L.inv(a), np.linalg.inv(a.astype(np.float64)), dtype, 10)
    _close(L.det(a), np.linalg.det(a.astype(np.float64)), dtype, 10)
    s, ld = L.slogdet(a)
    ws, wld = np.linalg.slogdet(a.astype(np.float64))
    np.testing.assert_array_equal(np.asarray(s), ws)
    _close(ld, wld, dtype, 10)
    assert np.asarray(L.inv(a)).dtype == dtype and np.asarray(L.det(a)).dtype == dtype


def test_int_input_promotes_to_float32():
    a = np.array([[2, 1], [1, 3]], np.int32)
    got = L.inv(a)
    assert np.asarray(got).dtype == np.float32
    np.testing.assert_allclose(np.asarray(got), np.linalg.inv(a), rtol=1e-6)
    np.testing.assert_allclose(float(L.det(a)), 5.0, rtol=1e-6)


def test_permuted_and_negative_det():
    a = np.array([[0.0, 2.0, 1.0], [1.0, 0.0, 0.0], [0.0, 0.0, 3.0]])  # needs pivoting
    _close(L.det(a), np.linalg.det(a), "float64")
    _close(L.inv(a), np.linalg.inv(a), "float64")
    s, ld = L.slogdet(a)
    assert float(s) == -1.0
    _close(ld, np.log(6.0), "float64")


def test_singular_never_raises():
    a = np.array([[1.0, 2.0], [2.0, 4.0]])
    assert float(L.det(a)) == 0.0
    s, ld = L.slogdet(a)
    assert float(s) == 0.0 and float(ld) == -np.inf
    inv = np.asarray(L.inv(a))
    assert not np.all(np.isfinite(inv))
    x = np.asarray(L.solve(np.zeros((2, 2)), np.ones(2)))
    assert not np.all(np.isfinite(x))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    "ashape,bshape",
    [
        ((4, 4), (4,)),
        ((4, 4), (4, 2)),
        ((3, 4, 4), (4,)),
        ((3, 4, 4), (3, 4, 2)),
        ((3, 4, 4), (4, 1)),
        ((2, 1, 3, 3), (4, 3, 2)),
        ((1, 1), (1,)),
        ((0, 0), (0,)),
        ((0, 0), (0, 2)),
    ],
)
def test_solve(ashape, bshape, dtype):
    a = _wellcond(ashape, dtype)
    b = R.normal(size=bshape).astype(dtype)
    want = np.linalg.solve(a.astype(np.float64), b.astype(np.float64))  # NumPy 2 rule for b
    _close(L.solve(a, b), want, dtype, 10)


def test_solve_errors():
    with pytest.raises(ValueError, match="solve"):
        L.solve(np.eye(3), np.ones(4))
    with pytest.raises(ValueError, match="square"):
        L.inv(np.ones((2, 3)))
    with pytest.raises(ValueError, match="two-dimensional"):
        L.det(np.ones(3))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SQUARE)
def test_cholesky(shape, dtype):
    a = _spd(shape, dtype)
    want = np.linalg.cholesky(a.astype(np.float64))
    _close(L.cholesky(a), want, dtype, 10)
    _close(L.cholesky(a, upper=True), np.swapaxes(want, -1, -2), dtype, 10)


def test_cholesky_not_positive_definite_is_nan():
    got = np.asarray(L.cholesky(np.array([[1.0, 2.0], [2.0, 1.0]])))
    assert np.isnan(got).any()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (4, 4), (1, 1), (1, 3), (3, 1), (2, 4, 3), (0, 3), (3, 0)])
@pytest.mark.parametrize("mode", ["reduced", "complete", "r"])
def test_qr(shape, dtype, mode):
    a = R.normal(size=shape).astype(dtype)
    want = np.linalg.qr(a.astype(np.float64), mode=mode)
    got = L.qr(a, mode=mode)
    if mode == "r":
        _close(got, want, dtype, 10)
        return
    q, r = got
    _close(r, want[1], dtype, 10)
    _close(q, want[0], dtype, 10)
    _close(np.asarray(q) @ np.asarray(r), a.astype(np.float64), dtype, 10)


def test_qr_bad_mode():
    with pytest.raises(NotImplementedError, match="mode"):
        L.qr(np.eye(2), mode="raw")


NORM_VEC = [None, 1, 2, np.inf, -np.inf, 0, 3, 0.5, -1]
NORM_MAT = [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("ord", NORM_VEC)
def test_vector_norm(ord, dtype):
    x = R.normal(size=(3, 5)).astype(dtype)
    x[0, 1] = 0
    for axis in (0, 1, -1):
        for keepdims in (False, True):
            _close(
                L.norm(x, ord, axis, keepdims),
                np.linalg.norm(x.astype(np.float64), ord, axis, keepdims),
                dtype,
            )
    v = x[1]
    _close(L.norm(v, ord), np.linalg.norm(v.astype(np.float64), ord), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("ord", NORM_MAT)
def test_matrix_norm(ord, dtype):
    x = R.normal(size=(2, 4, 3)).astype(dtype)
    for axis in ((1, 2), (2, 1), (0, 2), (-1, 0)):
        for keepdims in (False, True):
            _close(
                L.norm(x, ord, axis, keepdims),
                np.linalg.norm(x.astype(np.float64), ord, axis, keepdims),
                dtype,
                10,
            )
    _close(L.norm(x[0], ord), np.linalg.norm(x[0].astype(np.float64), ord), dtype, 10)


def test_empty_matrix_norms_and_cond():
    e = np.zeros((0, 3))
    for o in (2, "nuc", "fro", 1, None):
        _close(L.norm(e, o), np.linalg.norm(e, o), "float64")
    with pytest.raises(ValueError, match="norm"):
        L.norm(e, -2)
    with pytest.raises(ValueError, match="cond"):
        L.cond(np.zeros((0, 0)))
    with pytest.raises(ValueError, match="solve"):
        L.solve(np.ones((2, 3, 3)), np.ones((4, 3, 1)))


def test_norm_default_flattens_and_errors():
    x = R.normal(size=(2, 3, 4))
    _close(L.norm(x), np.linalg.norm(x), "float64")
    _close(L.norm(np.arange(4)), np.linalg.norm(np.arange(4.0)), "float32")
    with pytest.raises(ValueError, match="norm"):
        L.norm(x, 2)
    with pytest.raises(ValueError, match="norm"):
        L.norm(x[0, 0], "fro")


@pytest.mark.parametrize("dtype", DTYPES)
def test_svd_values_cond_pinv_rank(dtype):
    a = R.normal(size=(2, 5, 3)).astype(dtype)
    a64 = a.astype(np.float64)
    _close(L.svd(a, compute_uv=False), np.linalg.svd(a64, compute_uv=False), dtype, 10)
    _close(L.svdvals(a), np.linalg.svd(a64, compute_uv=False), dtype, 10)
    _close(L.cond(a), np.linalg.cond(a64), dtype, 100)
    sq = _wellcond((4, 4), dtype)
    for p in (None, 1, -1, 2, -2, np.inf, "fro", "nuc"):
        _close(L.cond(sq, p), np.linalg.cond(sq.astype(np.float64), p), dtype, 100)
    _close(L.pinv(a), np.linalg.pinv(a64), dtype, 100)
    low = R.normal(size=(6, 2)) @ R.normal(size=(2, 5))
    assert int(L.matrix_rank(low.astype(dtype))) == 2
    np.testing.assert_array_equal(np.asarray(L.matrix_rank(a)), np.linalg.matrix_rank(a64))


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, -1, -2])
def test_matrix_power(n):
    a = _wellcond((2, 3, 3), "float64") / 3
    _close(L.matrix_power(a, n), np.linalg.matrix_power(a, n), "float64", 100)


def test_multi_dot_and_array_api_helpers():
    a, b, c = R.normal(size=(3, 4)), R.normal(size=(4, 5)), R.normal(size=(5,))
    _close(L.multi_dot([a, b, c]), np.linalg.multi_dot([a, b, c]), "float64", 10)
    x = R.normal(size=(2, 3, 4))
    _close(L.trace(x), np.linalg.trace(x), "float64")
    _close(L.trace(x, offset=1), np.linalg.trace(x, offset=1), "float64")
    _close(L.diagonal(x), np.linalg.diagonal(x), "float64")
    _close(L.outer(c, c[:3]), np.linalg.outer(c, c[:3]), "float64")
    _close(L.matrix_transpose(x), np.linalg.matrix_transpose(x), "float64")
    _close(L.vecdot(x, x), np.linalg.vecdot(x, x), "float64")
    _close(L.cross(x[..., :3], x[..., 1:]), np.linalg.cross(x[..., :3], x[..., 1:]), "float64")
    _close(L.tensordot(a, b, axes=1), np.linalg.tensordot(a, b, axes=1), "float64")
    _close(L.matmul(a, b), np.linalg.matmul(a, b), "float64")


def test_under_jit():
    a = _wellcond((3, 3, 3), "float64")
    b = R.normal(size=(3, 3))
    f = descend.jit(lambda a, b: (L.solve(a, b[..., None])[..., 0], L.det(a), L.norm(a, 2, (1, 2))))
    x, d, n2 = f(a, b)
    _close(x, np.linalg.solve(a, b[..., None])[..., 0], "float64", 10)
    _close(d, np.linalg.det(a), "float64", 10)
    _close(n2, np.linalg.norm(a, 2, (1, 2)), "float64", 10)


# ---- gradients (float64, finite differences) --------------------------------------------

GA = _wellcond((3, 3), "float64")
GS = _spd((3, 3), "float64")
GB = R.normal(size=(3, 2))
GQ = R.normal(size=(4, 3))


def _sym_chol(a):  # cholesky reads a symmetrised a: perturb through a symmetric input
    return L.cholesky((a + a.T) * 0.5)


@pytest.mark.parametrize(
    "name,f,args",
    [
        ("inv", lambda a: L.inv(a), (GA,)),
        ("solve", lambda a, b: L.solve(a, b), (GA, GB)),
        ("solve_vec", lambda a, b: L.solve(a, b[:, 0]), (GA, GB)),
        ("det", lambda a: L.det(a), (GA,)),
        ("slogdet", lambda a: L.slogdet(a)[1], (GA,)),
        ("cholesky", _sym_chol, (GS,)),
        ("qr_r", lambda a: L.qr(a)[1], (GQ,)),
        ("qr_q", lambda a: L.qr(a)[0], (GQ,)),
        ("norm_fro", lambda a: L.norm(a), (GQ,)),
        ("norm_1", lambda a: L.norm(a, 1), (GQ,)),
        ("norm_vec3", lambda a: L.norm(a, 3, axis=0), (GQ,)),
        ("norm_2", lambda a: L.norm(a, 2), (GQ,)),
        ("svdvals", lambda a: L.svd(a, compute_uv=False), (GQ,)),
        ("eigvalsh", lambda a: L.eigvalsh(a), (GS,)),
    ],
)
def test_gradients(name, f, args):
    check_grads(f, args, order=1, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("ord", [2, 1, np.inf, 3])
def test_vector_and_matrix_norm(ord):
    x = R.normal(size=(2, 3, 4))
    for axis in (None, 1, (0, 2), (-1,)):
        for keepdims in (False, True):
            _close(
                L.vector_norm(x, axis=axis, keepdims=keepdims, ord=ord),
                np.linalg.vector_norm(x, axis=axis, keepdims=keepdims, ord=ord),
                "float64",
            )
    for mord in ("fro", "nuc", 1, 2, -np.inf):
        for keepdims in (False, True):
            _close(
                L.matrix_norm(x, ord=mord, keepdims=keepdims),
                np.linalg.matrix_norm(x, ord=mord, keepdims=keepdims),
                "float64",
                100,
            )


def test_tensorinv_tensorsolve():
    a = _wellcond((6, 6), "float64").reshape(2, 3, 6)
    _close(L.tensorinv(a, ind=2), np.linalg.tensorinv(a, ind=2), "float64", 10)
    a4 = _wellcond((6, 6), "float64").reshape(6, 2, 3)
    b = R.normal(size=6)
    _close(L.tensorsolve(a4, b), np.linalg.tensorsolve(a4, b), "float64", 10)
    a5 = np.moveaxis(a4, 0, 2)
    _close(L.tensorsolve(a5, b, axes=(0, 1)), np.linalg.tensorsolve(a5, b, axes=(0, 1)), "float64", 10)
    with pytest.raises(ValueError, match="tensorinv"):
        L.tensorinv(np.ones((2, 3)), ind=1)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    "shape", [(5, 3), (3, 5), (4, 4), (2, 5, 3), (2, 2, 3, 4), (1, 1), (3, 1), (0, 3), (3, 0)]
)
@pytest.mark.parametrize("full", [True, False])
def test_svd(shape, dtype, full):
    a = R.normal(size=shape).astype(dtype)
    u, s, vh = (np.asarray(t, np.float64) for t in L.svd(a, full_matrices=full))
    wu, ws, wvh = np.linalg.svd(a.astype(np.float64), full_matrices=full)
    assert u.shape == wu.shape and s.shape == ws.shape and vh.shape == wvh.shape
    _close(s, ws, dtype, 10)
    k = s.shape[-1]
    _close((u[..., :, :k] * s[..., None, :]) @ vh[..., :k, :], a.astype(np.float64), dtype, 10)
    _close(
        np.swapaxes(u, -1, -2) @ u,
        np.broadcast_to(np.eye(u.shape[-1]), u.shape[:-2] + (u.shape[-1],) * 2),
        dtype,
        10,
    )
    _close(
        vh @ np.swapaxes(vh, -1, -2),
        np.broadcast_to(np.eye(vh.shape[-2]), vh.shape[:-2] + (vh.shape[-2],) * 2),
        dtype,
        10,
    )
    # singular vectors of distinct singular values agree with LAPACK's up to sign
    if k:
        sg = np.sign(np.sum(u[..., :, :k] * wu[..., :, :k], axis=-2, keepdims=True))
        _close(u[..., :, :k] * sg, wu[..., :, :k], dtype, 100)


def test_svd_rank_deficient_u_is_orthogonal():
    low = R.normal(size=(5, 2)) @ R.normal(size=(2, 4))
    u, s, vh = (np.asarray(t) for t in L.svd(low))
    _close(u.T @ u, np.eye(5), "float64", 100)
    _close((u[:, :4] * s) @ vh, low, "float64", 100)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(4, 4), (2, 5, 5), (1, 1), (0, 0), (3, 3)])
def test_eigh(shape, dtype):
    a = R.normal(size=shape)
    a = (a + np.swapaxes(a, -1, -2)).astype(dtype)
    w, v = (np.asarray(t, np.float64) for t in L.eigh(a))
    ww = np.linalg.eigvalsh(a.astype(np.float64))
    _close(w, ww, dtype, 100)
    _close(np.asarray(L.eigvalsh(a)), ww, dtype, 100)
    _close(a.astype(np.float64) @ v, v * w[..., None, :], dtype, 100)
    _close(np.swapaxes(v, -1, -2) @ v, np.broadcast_to(np.eye(shape[-1]), shape), dtype, 100)


def test_eigh_uplo_and_repeated():
    a = np.tril(R.normal(size=(4, 4)))
    full = a + np.tril(a, -1).T
    _close(L.eigvalsh(a, symmetrize_input=False), np.linalg.eigvalsh(full), "float64", 100)
    _close(L.eigvalsh(a.T, "U", symmetrize_input=False), np.linalg.eigvalsh(full), "float64", 100)
    _close(L.eigvalsh(np.eye(3) * 2.0), np.full(3, 2.0), "float64", 100)
