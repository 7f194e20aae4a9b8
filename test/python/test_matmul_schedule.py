"""The packed, vectorized contraction kernels of `matmul-schedule` (lowering/matmul_schedule.py).

Every result is compared with NumPy (float64 references, per-dtype tolerances) over
shapes that are not multiples of the register tile (6 x 64 f32, 6 x 32 f64) or of the
cache blocks, tiny shapes and shapes the schedule leaves to the generic path (matvec,
1xN, Nx1, empty, integer dtypes); plain, transposed and batched forms; an MLP's
forward pass and gradient (transposed contractions made by autodiff) against a
hand-written NumPy backward pass; and one and two threads.
"""

from __future__ import annotations

import numpy as np
import pytest

import descend
import descend.lax as lax
import descend.numpy as dnp
from descend.lowering.pipeline import cpu_stages

TOL = {np.float32: 1e-5, np.float64: 1e-12}  # max error relative to max |reference|


def _rand(shape, dtype, seed=0):
    r = np.random.default_rng(seed + sum(shape))
    if np.issubdtype(dtype, np.integer):
        return r.integers(-5, 6, shape).astype(dtype)
    return r.standard_normal(shape).astype(dtype)


def _check(got, want, dtype):
    got = np.asarray(got)
    assert got.shape == want.shape
    assert got.dtype == dtype
    if np.issubdtype(dtype, np.integer):
        np.testing.assert_array_equal(got, want)
        return
    scale = max(1.0, float(np.abs(want).max())) if want.size else 1.0
    err = float(np.abs(got.astype(np.float64) - want).max()) / scale if want.size else 0.0
    assert err <= TOL[dtype], err


def _uses_kernel(fun, *args) -> bool:
    return "__descend_matmul" in descend.jit(fun).lower(*args).as_text("buffers")


SHAPES = [
    (64, 48, 40),  # fits one column block
    (37, 81, 19),  # nothing divides
    (7, 130, 33),  # fewer rows than two tiles, three column panels
    (200, 17, 300),  # narrow n, several k blocks
    (6, 64, 128),  # exactly one register tile, one k block
    (13, 2, 400),  # n = 2
    (4, 600, 9),  # the fewest rows, several column blocks
    (300, 8, 64),  # one vector per row (narrow n)
    (100, 20, 8),  # the fewest steps of k
    (129, 257, 131),  # one past the blocks
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("m,n,k", SHAPES)
def test_matmul_shapes(m, n, k, dtype):
    a, b = _rand((m, k), dtype), _rand((k, n), dtype, 1)
    f = lambda a, b: dnp.matmul(a, b)  # noqa: E731
    assert _uses_kernel(f, a, b)
    _check(descend.jit(f)(a, b), a.astype(np.float64) @ b.astype(np.float64), dtype)


@pytest.mark.parametrize("form", ["a.T@b", "a@b.T", "a.T@b.T"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("m,n,k", [(37, 81, 19), (70, 33, 129), (5, 200, 64)])
def test_transposed_operands(form, m, n, k, dtype):
    ta, tb = form.startswith("a.T"), form.endswith("b.T")
    a = _rand((k, m) if ta else (m, k), dtype)
    b = _rand((n, k) if tb else (k, n), dtype, 1)

    def f(a, b):
        return dnp.matmul(a.T if ta else a, b.T if tb else b)

    assert _uses_kernel(f, a, b)
    want = (a.T if ta else a).astype(np.float64) @ (b.T if tb else b).astype(np.float64)
    _check(descend.jit(f)(a, b), want, dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("batch,m,n,k", [(3, 20, 35, 17), (1, 64, 64, 64), (5, 7, 70, 40), (2, 100, 9, 33)])
def test_batched_matmul(batch, m, n, k, dtype):
    a, b = _rand((batch, m, k), dtype), _rand((batch, k, n), dtype, 1)
    f = lambda a, b: dnp.matmul(a, b)  # noqa: E731
    assert _uses_kernel(f, a, b)
    _check(descend.jit(f)(a, b), np.matmul(a.astype(np.float64), b.astype(np.float64)), dtype)


DOT_GENERAL = [
    # (lhs shape, rhs shape, ((lc, rc), (lb, rb)))
    ((20, 30), (30, 40), (((1,), (0,)), ((), ()))),
    ((30, 20), (30, 40), (((0,), (0,)), ((), ()))),
    ((20, 30), (40, 30), (((1,), (1,)), ((), ()))),
    ((30, 20), (40, 30), (((0,), (1,)), ((), ()))),
    ((4, 20, 30), (4, 30, 40), (((2,), (1,)), ((0,), (0,)))),
    ((20, 4, 30), (30, 40, 4), (((2,), (0,)), ((1,), (2,)))),  # batch dims in the middle / last
    ((30, 3, 25), (3, 30, 50), (((0,), (1,)), ((1,), (0,)))),
]


@pytest.mark.parametrize("lhs,rhs,dn", DOT_GENERAL)
def test_dot_general_forms(lhs, rhs, dn):
    a, b = _rand(lhs, np.float32), _rand(rhs, np.float32, 1)
    (lc, rc), (lb, rb) = dn

    def f(a, b):
        return lax.dot_general(a, b, dn)

    assert _uses_kernel(f, a, b)
    # the reference: NumPy einsum with the same dimension numbers
    letters = iter("abcdefghij")
    ls = [None] * len(lhs)
    rs = [None] * len(rhs)
    for x, y in zip(lb, rb):
        ls[x] = rs[y] = next(letters)
    for x, y in zip(lc, rc):
        ls[x] = rs[y] = next(letters)
    for i in range(len(lhs)):
        ls[i] = ls[i] or next(letters)
    for i in range(len(rhs)):
        rs[i] = rs[i] or next(letters)
    out = [ls[x] for x in lb] + [c for i, c in enumerate(ls) if i not in lb + lc] + [c for i, c in enumerate(rs) if i not in rb + rc]
    want = np.einsum(f"{''.join(ls)},{''.join(rs)}->{''.join(out)}", a.astype(np.float64), b.astype(np.float64))
    _check(descend.jit(f)(a, b), want, np.float32)


@pytest.mark.parametrize(
    "ashape,bshape,dtype,kernel",
    [
        ((1, 50), (50, 70), np.float32, False),  # 1xN: matvec-like, generic path
        ((50, 70), (70, 1), np.float32, False),  # Nx1
        ((0, 30), (30, 40), np.float32, False),  # empty
        ((30, 0), (0, 40), np.float32, False),  # empty contraction: zeros
        ((3, 4), (4, 5), np.float32, False),  # tiny
        ((40, 50), (50, 60), np.int32, False),  # integer
        ((40, 50), (50, 60), np.int64, False),
        ((16, 16), (16, 16), np.float32, True),  # the smallest size that uses the kernel
        ((15, 16), (16, 16), np.float32, False),  # just below it
        ((3, 600), (600, 50), np.float32, False),  # too few rows
        ((100, 7), (7, 100), np.float32, False),  # too few steps of k
        ((0, 20, 30), (0, 30, 40), np.float32, False),  # empty batch
    ],
)
def test_shapes_around_the_threshold(ashape, bshape, dtype, kernel):
    a, b = _rand(ashape, dtype), _rand(bshape, dtype, 1)
    f = lambda a, b: dnp.matmul(a, b)  # noqa: E731
    assert _uses_kernel(f, a, b) == kernel
    want = a @ b if np.issubdtype(dtype, np.integer) else a.astype(np.float64) @ b.astype(np.float64)
    _check(descend.jit(f)(a, b), want, dtype)


EPILOGUES = {  # name -> (descend, NumPy, fused into the kernel)
    "relu(aw+b)": (lambda a, w, b: dnp.maximum(dnp.matmul(a, w) + b, 0), lambda a, w, b: np.maximum(a @ w + b, 0), True),
    "aw+b": (lambda a, w, b: dnp.matmul(a, w) + b, lambda a, w, b: a @ w + b, True),
    "b+aw": (lambda a, w, b: b + dnp.matmul(a, w), lambda a, w, b: b + a @ w, True),
    "relu(aw)": (lambda a, w, b: dnp.maximum(dnp.matmul(a, w), 0.0), lambda a, w, b: np.maximum(a @ w, 0), True),
    "a.Tw+b": (lambda a, w, b: dnp.matmul(a.T, w.T.T) + b, lambda a, w, b: a.T @ w + b, True),
    "(aw+b, aw)": (lambda a, w, b: (dnp.matmul(a, w) + b, dnp.matmul(a, w)), lambda a, w, b: (a @ w + b, a @ w), False),
    "aw*2+b": (lambda a, w, b: dnp.matmul(a, w) * 2.0 + b, lambda a, w, b: a @ w * 2 + b, False),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("m,n,k", [(50, 90, 70), (7, 37, 19), (130, 257, 300)])
@pytest.mark.parametrize("name", list(EPILOGUES))
def test_epilogues(name, m, n, k, dtype, monkeypatch):
    """A bias add and/or a relu right after a contraction is done by the kernel as it stores
    C (matmul_epilogue.py) when nothing else needs C; results as NumPy's either way."""
    fn, ref, fused = EPILOGUES[name]
    a = _rand((k, m) if name.startswith("a.T") else (m, k), dtype)
    w, bias = _rand((k, n), dtype, 1), _rand((n,), dtype, 2)
    text = descend.jit(fn).lower(a, w, bias).as_text("buffers")
    assert "__descend_matmul" in text
    assert ("linalg.generic" not in text) == fused, text
    want = ref(a.astype(np.float64), w.astype(np.float64), bias.astype(np.float64))
    for got, exp in zip(*(x if isinstance(x, tuple) else (x,) for x in (descend.jit(fn)(a, w, bias), want))):
        _check(got, exp, dtype)
    monkeypatch.setenv("DESCEND_MATMUL_EPILOGUES", "0")
    assert "linalg.generic" in descend.jit(fn).lower(a, w, bias).as_text("buffers")


def test_epilogue_relu_propagates_nan_and_keeps_the_last_k_block():
    """max(C + b, 0) as np.maximum: NaN stays NaN, and the bias is added once even when k
    spans several k blocks (the epilogue applies to the last one only)."""
    a, w, bias = _rand((20, 700), np.float32), _rand((700, 40), np.float32, 1), _rand((40,), np.float32, 2)
    a[3, 5] = np.nan
    bias[7] = np.nan
    f = lambda a, w, b: dnp.maximum(dnp.matmul(a, w) + b, 0)  # noqa: E731
    got = np.asarray(descend.jit(f)(a, w, bias))
    want = np.maximum(a.astype(np.float64) @ w + bias, 0)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    ok = ~np.isnan(want)
    _check(np.where(ok, got, 0), np.where(ok, want, 0), np.float32)


def _mlp_numpy(params, x, y):
    """Loss and gradients of a relu MLP with a squared-error loss, by hand (float64)."""
    hs, zs = [x], []
    for i, (w, b) in enumerate(params):
        z = hs[-1] @ w + b
        zs.append(z)
        hs.append(np.maximum(z, 0) if i < len(params) - 1 else z)
    diff = hs[-1] - y
    loss = 0.5 * np.sum(diff**2)
    grads = [None] * len(params)
    ct = diff
    for i in reversed(range(len(params))):
        w, _ = params[i]
        grads[i] = (hs[i].T @ ct, ct.sum(axis=0))
        if i:
            ct = (ct @ w.T) * (zs[i - 1] > 0)
    return loss, grads


@pytest.mark.parametrize("sizes,batch", [((31, 45, 27, 10), 19), ((64, 128, 10), 32), ((100, 70, 3), 7)])
def test_mlp_forward_and_gradient(sizes, batch):
    r = np.random.default_rng(3)
    params = [(r.standard_normal((i, o)).astype(np.float32) * 0.3, r.standard_normal(o).astype(np.float32)) for i, o in zip(sizes[:-1], sizes[1:])]
    x = r.standard_normal((batch, sizes[0])).astype(np.float32)
    y = r.standard_normal((batch, sizes[-1])).astype(np.float32)

    def loss(params, x, y):
        h = x
        for i, (w, b) in enumerate(params):
            h = dnp.matmul(h, w) + b
            if i < len(params) - 1:
                h = dnp.maximum(h, 0)
        return 0.5 * dnp.sum((h - y) ** 2)

    p64 = [(w.astype(np.float64), b.astype(np.float64)) for w, b in params]
    want_loss, want_grads = _mlp_numpy(p64, x.astype(np.float64), y.astype(np.float64))
    got_loss, got_grads = descend.jit(descend.value_and_grad(loss))(params, x, y)
    assert abs(float(got_loss) - want_loss) <= 1e-4 * max(1.0, abs(want_loss))
    for (gw, gb), (ww, wb) in zip(got_grads, want_grads):
        scale = max(1.0, float(np.abs(ww).max()))
        assert np.abs(np.asarray(gw) - ww).max() / scale < 1e-4
        assert np.abs(np.asarray(gb) - wb).max() / max(1.0, float(np.abs(wb).max())) < 1e-4


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_thread_counts(monkeypatch, threads):
    monkeypatch.setenv("DESCEND_NUM_THREADS", str(threads))
    a, b = _rand((3, 70, 90), np.float32), _rand((3, 90, 130), np.float32, 1)
    f = lambda a, b: dnp.matmul(a, b)  # noqa: E731
    text = descend.jit(f).lower(a, b).as_text("loops")  # (kernel bodies: made at the end of loops)
    assert "__descend_matmul" in text
    assert ("scf.parallel" in text) == (threads > 1)
    _check(descend.jit(f)(a, b), np.matmul(a.astype(np.float64), b.astype(np.float64)), np.float32)


def test_switch_off(monkeypatch):
    monkeypatch.setenv("DESCEND_MATMUL_SCHEDULE", "0")
    assert not any("matmul-schedule" in e for _, stage in cpu_stages() for e in stage)
    a, b = _rand((40, 50), np.float32), _rand((50, 60), np.float32, 1)
    assert not _uses_kernel(lambda a, b: dnp.matmul(a, b), a, b)


@pytest.mark.parametrize("form", ["a@b", "a.T@b"])
def test_packed_a_variant(monkeypatch, form):
    """The PACK_A variant of the kernels (A's blocks packed too) computes the same."""
    from descend.lowering import matmul_schedule

    monkeypatch.setattr(matmul_schedule, "PACK_A", True)
    monkeypatch.setenv("DESCEND_CACHE", "0")  # compile this variant, not a cached default one
    ta = form.startswith("a.T")
    a = _rand((300, 203) if ta else (203, 300), np.float32)
    b = _rand((300, 150), np.float32, 1)
    f = lambda a, b: dnp.matmul(a.T if ta else a, b)  # noqa: E731
    lowered = descend.jit(f).lower(a, b)
    text = lowered.as_text("loops")
    assert "__descend_matmul" in text
    mr = matmul_schedule.tiles("f32")[1]
    assert f"x{mr}xf32>" in text  # the packed A block [MC/MR][KC][MR]
    got = lowered.compile()(a, b)
    _check(got, (a.T if ta else a).astype(np.float64) @ b.astype(np.float64), np.float32)


@pytest.mark.parametrize("threads", [1, 2])
def test_one_kernel_for_several_shapes(monkeypatch, threads):
    """Contractions with the same dimension roles and layouts share one kernel whatever
    their sizes (the kernel reads them at run time): each result must still be right,
    including shapes whose columns are split across threads and shapes whose are not."""
    monkeypatch.setenv("DESCEND_NUM_THREADS", str(threads))
    shapes = [(8, 130, 1100), (70, 200, 80), (5, 300, 700), (200, 64, 100)]  # NV and threads alike
    args = [_rand((m, k), np.float32, i) for i, (m, n, k) in enumerate(shapes)]
    args += [_rand((k, n), np.float32, 10 + i) for i, (m, n, k) in enumerate(shapes)]

    def f(*xs):
        half = len(xs) // 2
        return [dnp.matmul(xs[i], xs[half + i]) for i in range(half)]

    text = descend.jit(f).lower(*args).as_text("buffers")
    assert text.count("func.func private @__descend_matmul") == 1
    assert text.count("call @__descend_matmul_0") == len(shapes)
    got = descend.jit(f)(*args)
    for i in range(len(shapes)):
        want = args[i].astype(np.float64) @ args[len(shapes) + i].astype(np.float64)
        _check(got[i], want, np.float32)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sliced_and_strided_operands(dtype):
    """Operands that are views inside the function (offsets, row strides, steps, a
    transposed slice) reach the kernels as strided memrefs."""
    a = _rand((90, 120), dtype)
    b = _rand((130, 80), dtype, 1)

    def f(a, b):
        return (
            dnp.matmul(a[3:70, 5:100], b[10:105, 1:77]),  # offsets and row strides
            dnp.matmul(a[:, ::2], b[:60, ::3]),  # steps in the last dimension
            dnp.matmul(a[2:60, :].T, b[:58, 4:50]),  # a transposed slice
        )

    got = descend.jit(f)(a, b)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    wants = (a64[3:70, 5:100] @ b64[10:105, 1:77], a64[:, ::2] @ b64[:60, ::3], a64[2:60, :].T @ b64[:58, 4:50])
    for g, w in zip(got, wants):
        _check(g, w, dtype)


def test_random_forms_against_numpy():
    """A seeded sweep over sizes (1..150), transposes and batch sizes."""
    r = np.random.default_rng(7)
    for _ in range(12):
        m, n, k = (int(x) for x in r.integers(1, 150, 3))
        batch = int(r.integers(0, 3))
        ta, tb = bool(r.integers(2)), bool(r.integers(2))
        lead = (batch,) if batch else ()
        a = r.standard_normal(lead + ((k, m) if ta else (m, k))).astype(np.float32)
        b = r.standard_normal(lead + ((n, k) if tb else (k, n))).astype(np.float32)

        def f(a, b, ta=ta, tb=tb):
            return dnp.matmul(dnp.swapaxes(a, -1, -2) if ta else a, dnp.swapaxes(b, -1, -2) if tb else b)

        want = np.matmul(np.swapaxes(a, -1, -2) if ta else a, np.swapaxes(b, -1, -2) if tb else b, dtype=np.float64)
        _check(descend.jit(f)(a, b), want, np.float32)


def test_inside_control_flow():
    """Contractions inside a fori_loop body and both branches of a cond become kernel
    calls inside the loop / branch regions."""
    from descend.control.api import cond, fori_loop

    a = _rand((40, 40), np.float32) * np.float32(0.2)
    x = _rand((40, 70), np.float32, 1)

    def f(a, x):
        y = fori_loop(0, 3, lambda i, y: dnp.matmul(a, y), x)
        z = cond(dnp.sum(x) > 0, lambda x: dnp.matmul(a, x), lambda x: dnp.matmul(a.T, x), x)
        return y, z

    text = descend.jit(f).lower(a, x).as_text("buffers")
    assert "call @__descend_matmul" in text
    y, z = descend.jit(f)(a, x)
    a64, x64 = a.astype(np.float64), x.astype(np.float64)
    _check(y, a64 @ (a64 @ (a64 @ x64)), np.float32)
    _check(z, (a64 if x.sum() > 0 else a64.T) @ x64, np.float32)


@pytest.mark.parametrize("form", ["x.T@x", "x@x.T", "einsum"])
def test_one_array_as_both_operands(form):
    x = _rand((70, 90), np.float32)
    f = {
        "x.T@x": lambda x: x.T @ x,
        "x@x.T": lambda x: x @ x.T,
        "einsum": lambda x: dnp.einsum("ij,ik->jk", x, x),
    }[form]
    assert _uses_kernel(f, x)
    x64 = x.astype(np.float64)
    _check(descend.jit(f)(x), x64 @ x64.T if form == "x@x.T" else x64.T @ x64, np.float32)


@pytest.mark.parametrize(
    "ashape,wshape,spec",
    [
        ((4, 30, 50), (50, 60), "bsk,kn->bsn"),  # activations (batch, seq, features) @ weights
        ((3, 5, 7, 40), (40, 70), "abck,kn->abcn"),  # three row dimensions
        ((50, 4, 31), (50, 60), "kbs,kn->bsn"),  # row dimensions after k in A
        ((5, 9, 40), (40, 70), "bsk,kn->sbn"),  # row dimensions in another order in C
        ((6, 20, 33), (6, 33, 70), "bsk,bkn->bsn"),  # with a batch dimension
    ],
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_several_row_dimensions(ashape, wshape, spec, dtype):
    """Contractions whose rows span several dimensions (x of shape (b, s, d) @ W) use the
    kernels too: the flat row index is split into the row dimensions' indices."""
    a, w = _rand(ashape, dtype), _rand(wshape, dtype, 1)
    f = lambda a, w: dnp.einsum(spec, a, w)  # noqa: E731
    assert _uses_kernel(f, a, w)
    _check(descend.jit(f)(a, w), np.einsum(spec, a.astype(np.float64), w.astype(np.float64)), dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_one_kernel_for_all_layouts_of_a(dtype):
    """A is read by scalar loads through run-time strides in a canonical index order
    (memref.transpose at the call), so contractions that differ only in A's layout (and in
    the order of the batch and row dimensions of A and C) call one kernel: `x @ W` and
    `h.T @ g`; batched with A as (b m k), (b k m) and (m b k), and C as (b m n) or (m b n)."""
    x, w = _rand((70, 90), dtype), _rand((90, 100), dtype, 1)
    h, g = _rand((90, 33), dtype, 2), _rand((90, 80), dtype, 3)
    plain = lambda x, w, h, g: (dnp.matmul(x, w), dnp.matmul(h.T, g))  # noqa: E731
    text = descend.jit(plain).lower(x, w, h, g).as_text("buffers")
    assert text.count("func.func private @__descend_matmul") == 1
    assert text.count("call @__descend_matmul_0") == 2
    got = descend.jit(plain)(x, w, h, g)
    _check(got[0], x.astype(np.float64) @ w.astype(np.float64), dtype)
    _check(got[1], h.astype(np.float64).T @ g.astype(np.float64), dtype)

    specs = ["bmk,bkn->bmn", "bkm,bkn->bmn", "mbk,bkn->bmn", "bmk,bkn->mbn"]
    shapes = {"b": 3, "m": 21, "k": 37, "n": 70}
    args = [_rand(tuple(shapes[c] for c in s.split(",")[0]), dtype, 10 + i) for i, s in enumerate(specs)]
    args.append(_rand((3, 37, 70), dtype, 20))

    def batched(*xs):
        return [dnp.einsum(s, a, xs[-1]) for s, a in zip(specs, xs)]

    text = descend.jit(batched).lower(*args).as_text("buffers")
    assert text.count("func.func private @__descend_matmul") == 1
    assert text.count("call @__descend_matmul_0") == len(specs)
    got = descend.jit(batched)(*args)
    for s, a, r in zip(specs, args, got):
        _check(r, np.einsum(s, a.astype(np.float64), args[-1].astype(np.float64)), dtype)
