"""The cost of a gradient: an MLP loss, forward vs forward + backward.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_grad.py [--reps N]

Model: batch 256, 784-512-512-10, relu (maximum), softmax cross-entropy through
a logsumexp, float32. Timed in one process, interleaved, after warm-up, median
of `--reps` rounds:

- descend forward: `jit(loss)(params, x, y)`;
- descend forward + grad: `jit(value_and_grad(loss))(params, x, y)` with
  respect to all six weight arrays;
- the same two with NumPy (a hand-written backward pass), for reference.

The cheap-gradient principle says forward + backward costs a small constant
times the forward (about 3: the backward of each matmul is two matmuls of the
same size). The script checks descend's gradient against the NumPy one before
timing. `--layouts` also times the three matmul layouts of the backward pass
(x @ W, ct @ W^T, x^T @ ct): the weight cotangents are x^T @ ct, so a slow
layout shows up in the ratio. (The OPENBLAS_* variables, set on the project's
machines, slow NumPy's BLAS down: unset them for a fair comparison.)
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import descend
import descend.numpy as dnp

BATCH, SIZES = 256, (784, 512, 512, 10)


def init(seed=0, dtype=np.float32):
    rng = np.random.default_rng(seed)
    params = {}
    for i, (m, n) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        params[f"w{i}"] = (rng.standard_normal((m, n)) * np.sqrt(2.0 / m)).astype(dtype)
        params[f"b{i}"] = np.zeros(n, dtype)
    x = rng.standard_normal((BATCH, SIZES[0])).astype(dtype)
    y = np.eye(SIZES[-1], dtype=dtype)[rng.integers(0, SIZES[-1], BATCH)]
    return params, x, y


def loss(params, x, y):
    h = x
    n = len(SIZES) - 1
    for i in range(n):
        h = h @ params[f"w{i}"] + params[f"b{i}"]
        if i < n - 1:
            h = dnp.maximum(h, 0.0)
    m = dnp.max(h, axis=-1, keepdims=True)
    lse = dnp.log(dnp.sum(dnp.exp(h - m), axis=-1)) + m[:, 0]
    return dnp.mean(lse - dnp.sum(y * h, axis=-1))


def np_loss(params, x, y):
    h = x
    n = len(SIZES) - 1
    for i in range(n):
        h = h @ params[f"w{i}"] + params[f"b{i}"]
        if i < n - 1:
            h = np.maximum(h, 0)
    m = h.max(-1, keepdims=True)
    lse = np.log(np.exp(h - m).sum(-1)) + m[:, 0]
    return np.mean(lse - (y * h).sum(-1))


def np_value_and_grad(params, x, y):
    n = len(SIZES) - 1
    acts, pre = [x], []
    h = x
    for i in range(n):
        z = h @ params[f"w{i}"] + params[f"b{i}"]
        pre.append(z)
        h = np.maximum(z, 0) if i < n - 1 else z
        acts.append(h)
    m = h.max(-1, keepdims=True)
    e = np.exp(h - m)
    s = e.sum(-1, keepdims=True)
    value = np.mean(np.log(s[:, 0]) + m[:, 0] - (y * h).sum(-1))
    d = (e / s - y) / x.shape[0]
    grads = {}
    for i in reversed(range(n)):
        grads[f"w{i}"] = acts[i].T @ d
        grads[f"b{i}"] = d.sum(0)
        if i > 0:
            d = (d @ params[f"w{i}"].T) * (pre[i - 1] > 0)
    return value, grads


def matmul_layouts(reps):
    """The three matmul layouts of an MLP's forward and backward passes, at this model's
    sizes: forward x @ W (nn), input cotangent ct @ W^T (nt), weight cotangent x^T @ ct (tn)."""
    from descend import lax

    rng = np.random.default_rng(1)
    x = rng.standard_normal((BATCH, SIZES[1])).astype(np.float32)
    w = rng.standard_normal((SIZES[1], SIZES[2])).astype(np.float32)
    ct = rng.standard_normal((BATCH, SIZES[2])).astype(np.float32)
    cases = {
        "nn  x @ W": (((1,), (0,)), x, w),
        "nt  ct @ W^T": (((1,), (1,)), ct, w),
        "tn  x^T @ ct": (((0,), (0,)), x, ct),
    }
    print(f"matmul layouts ({BATCH}x{SIZES[1]} by {SIZES[1]}x{SIZES[2]}, median of {reps}):")
    for name, (contract, a, b) in cases.items():
        fn = descend.jit(lambda a, b, c=contract: lax.dot_general(a, b, (c, ((), ()))))
        fn(a, b)
        t = statistics.median(timed(fn, a, b) for _ in range(reps))
        print(f"  {name:14s} {t * 1e3:8.3f} ms   {2 * BATCH * SIZES[1] * SIZES[2] / t / 1e9:6.1f} GFLOP/s")


def timed(fn, *args):
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reps", type=int, default=50, help="timed rounds (default 50)")
    p.add_argument("--warmup", type=int, default=5, help="untimed rounds after compilation (default 5)")
    p.add_argument("--layouts", action="store_true", help="also time the nn / nt / tn matmuls of the backward pass")
    args = p.parse_args(argv)

    params, x, y = init()
    fwd = descend.jit(loss)
    fwd_grad = descend.jit(descend.value_and_grad(loss))

    t0 = time.perf_counter()
    v = fwd(params, x, y)
    t_compile_fwd = time.perf_counter() - t0
    t0 = time.perf_counter()
    v2, g = fwd_grad(params, x, y)
    t_compile_grad = time.perf_counter() - t0

    # correctness first: descend's value and gradient vs the NumPy backward pass
    want_v, want_g = np_value_and_grad({k: a.astype(np.float64) for k, a in params.items()}, x.astype(np.float64), y)
    np.testing.assert_allclose(float(v), want_v, rtol=1e-4)
    np.testing.assert_allclose(float(v2), want_v, rtol=1e-4)
    for k in params:
        np.testing.assert_allclose(np.asarray(g[k]), want_g[k], rtol=2e-3, atol=2e-5, err_msg=k)

    cases = {
        "descend forward": (fwd, (params, x, y)),
        "descend forward+grad": (fwd_grad, (params, x, y)),
        "numpy forward": (np_loss, (params, x, y)),
        "numpy forward+grad": (np_value_and_grad, (params, x, y)),
    }
    for _ in range(args.warmup):
        for fn, a in cases.values():
            fn(*a)
    times = {name: [] for name in cases}
    for _ in range(args.reps):
        for name, (fn, a) in cases.items():  # interleaved: drifts in machine load hit all cases alike
            times[name].append(timed(fn, *a))
    med = {name: statistics.median(ts) for name, ts in times.items()}

    flops_fwd = 2 * BATCH * sum(m * n for m, n in zip(SIZES[:-1], SIZES[1:]))
    print(f"MLP {'-'.join(map(str, SIZES))}, batch {BATCH}, float32, relu, softmax cross-entropy")
    print(f"median of {args.reps} interleaved rounds after {args.warmup} warm-up rounds")
    print(f"compile: forward {t_compile_fwd:.2f} s, forward+grad {t_compile_grad:.2f} s")
    for name, t in med.items():
        q1, q3 = np.percentile(times[name], [25, 75])
        print(f"  {name:22s} {t * 1e3:8.3f} ms   (IQR {q1 * 1e3:.3f}-{q3 * 1e3:.3f} ms)")
    r_dsc = med["descend forward+grad"] / med["descend forward"]
    r_np = med["numpy forward+grad"] / med["numpy forward"]
    print(f"grad/forward ratio: descend {r_dsc:.2f}, numpy {r_np:.2f}  (cheap-gradient principle: ~3)")
    print(f"forward matmul GFLOP/s: descend {flops_fwd / med['descend forward'] / 1e9:.1f}, "
          f"numpy {flops_fwd / med['numpy forward'] / 1e9:.1f}")
    print(f"descend / numpy time: forward {med['descend forward'] / med['numpy forward']:.2f}, "
          f"forward+grad {med['descend forward+grad'] / med['numpy forward+grad']:.2f}")
    if args.layouts:
        matmul_layouts(max(5, args.reps // 5))


if __name__ == "__main__":
    main()
