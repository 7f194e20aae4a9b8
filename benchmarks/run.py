"""descend's CPU benchmark suite: descend vs NumPy (and JAX / PyTorch when importable).

Run (from the repository root, in the project's venv):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/run.py           # full, a few minutes
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/run.py --quick   # under a minute

(The two OPENBLAS_* variables, set on the project's machines, slow NumPy's BLAS down:
unset them for a fair comparison.) Options: `--quick`, `--only SUBSTR` (run the cases
whose name contains SUBSTR), `--torch-compile` (also time `torch.compile`, slow to
compile), `--out FILE` (default benchmarks/RESULTS.md), `--no-write`, `--label TEXT`.

Method: everything runs in ONE process. Each case builds its inputs once; every
implementation is called a few times to warm up (the first descend call is timed
separately as its compile time: first call minus a steady call); then the
implementations are called in turn, interleaved, for up to `reps` rounds (fewer
when a case would exceed its time budget), and the median time per call is
reported. In each round, every implementation gets a turn: untimed calls for 2 ms (at least
one), then TIMED_PER_TURN calls timed back to back (what a loop calling one library sees). Before
each turn the suite waits 20 ms (0.25 s in the cases that call
OpenBLAS's threads: matmul, MLP step; none for dispatch), so that no library's thread pool
is still spinning from the call before: OpenBLAS's and OpenMP's workers spin for a while
after a call (descend's 10 ms, OpenBLAS's ~0.1 s) and halved the next library's speed.
Every library runs with its own thread-pool settings (none are overridden here).
Ratios are `other / descend` times: above 1 means descend is faster.
`pip install -e .[bench]` installs matplotlib for the chart; JAX and PyTorch are
used only when they are already installed (never required).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python"))  # the source tree when not installed

import descend  # noqa: E402
import descend.numpy as dnp  # noqa: E402

try:
    import jax  # noqa: E402
    import jax.numpy as jnp  # noqa: E402

    jax.config.update("jax_platforms", "cpu")
except Exception:  # noqa: BLE001 - optional
    jax = None
try:
    import torch  # noqa: E402

    torch.set_grad_enabled(True)
except Exception:  # noqa: BLE001 - optional
    torch = None


# ---------------------------------------------------------------- machine --


def machine_description() -> dict:
    info = {"python": platform.python_version(), "numpy": np.__version__}
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
        fields = {k.strip(): v.strip() for k, v in fields.items()}
        info["cpu"] = fields.get("Model name", platform.processor())
        info["cores"] = fields.get("CPU(s)", str(os.cpu_count()))
        info["caches"] = ", ".join(f"{k} {fields[k]}" for k in ("L1d cache", "L2 cache", "L3 cache") if k in fields)
        flags = fields.get("Flags", "").split()
        simd = [f for f in flags if re.match(r"^(sse|ssse|avx|fma|f16c|amx)", f)]
        info["simd"] = " ".join(simd)
    except OSError:
        info["cpu"], info["cores"], info["simd"] = platform.processor(), str(os.cpu_count()), "?"
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        info["numpy_blas"] = f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # noqa: BLE001
        info["numpy_blas"] = "?"
    if jax is not None:
        info["jax"] = jax.__version__
    if torch is not None:
        info["torch"] = torch.__version__
    info["descend_env"] = " ".join(f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("DESCEND_")) or "(defaults)"
    return info


# ---------------------------------------------------------------- timing ---


def _time_once(fn, args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def _sync_jax(f):
    def g(*a):
        return jax.block_until_ready(f(*a))

    return g


# Calls timed back to back in each implementation's turn, after one untimed call: what a loop
# calling one library sees (a training loop). Timed right after a turn of another library, or
# after an idle wait, a call runs with cold caches and sleeping workers: the MLP step of descend
# took 4.4-5.6 ms that way and 1.8-1.9 ms back to back (single-threaded: 4.4 vs 3.5 ms).
TIMED_PER_TURN = 2
WARM_PER_TURN = 0.002  # seconds of untimed calls first (at least one call)


class Case:
    """One workload: `impls` maps implementation name -> callable of `args`."""

    def __init__(self, name, size, args, impls, flops=None, unit="ms", budget=4.0, check=True, settle=0.02):
        self.name, self.size, self.args, self.impls = name, size, args, impls
        self.flops, self.unit, self.budget, self.check = flops, unit, budget, check
        # seconds of idle before each timed call (not counted): BLAS and OpenMP thread pools
        # spin for a while after a call and take cores from whatever runs next
        self.settle = settle


def run_case(case: Case, reps: int, warmup: int, quick: bool) -> dict:
    results = {"name": case.name, "size": case.size, "unit": case.unit, "flops": case.flops, "times": {}}
    impls = {}
    args_for = {}
    for name, (fn, args) in case.impls.items():
        try:
            t_first = _time_once(fn, args)
            t_second = _time_once(fn, args)  # a steady call (the first one compiles)
            for _ in range(max(warmup - 2, 0) if t_second < case.budget / 20 else 0):
                _time_once(fn, args)
            impls[name] = fn
            args_for[name] = args
            if name == "descend":
                results["first_call_s"] = t_first
        except Exception as e:  # noqa: BLE001 - report and go on
            results.setdefault("errors", {})[name] = f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"
    if case.check and "descend" in impls and "numpy" in impls:
        results["max_abs_diff"] = _max_diff(impls["descend"](*args_for["descend"]), impls["numpy"](*args_for["numpy"]))
    times = {name: [] for name in impls}
    deadline = time.perf_counter() + (case.budget / (3 if quick else 1))
    gc.disable()
    try:
        for r in range(reps):
            for name, fn in impls.items():
                if case.settle:
                    time.sleep(case.settle)
                    deadline += case.settle
                t_turn = time.perf_counter()  # untimed calls bring caches and thread pools back
                while True:
                    fn(*args_for[name])
                    if time.perf_counter() - t_turn >= WARM_PER_TURN:
                        break
                for _ in range(TIMED_PER_TURN):
                    times[name].append(_time_once(fn, args_for[name]))
            if time.perf_counter() > deadline and (r >= 2 or time.perf_counter() > deadline + case.budget):
                break
    finally:
        gc.enable()
    for name, ts in times.items():
        results["times"][name] = statistics.median(ts)
    results["reps"] = min((len(t) for t in times.values()), default=0)
    if "first_call_s" in results and "descend" in results["times"]:
        results["compile_s"] = results["first_call_s"] - results["times"]["descend"]
    return results


def _leaves(x):
    if isinstance(x, (list, tuple)):
        out = []
        for v in x:
            out += _leaves(v)
        return out
    if isinstance(x, dict):
        return _leaves(list(x.values()))
    return [np.asarray(x)]


def _max_diff(a, b) -> float:
    la, lb = _leaves(a), _leaves(b)
    if len(la) != len(lb):
        return float("nan")
    d = 0.0
    for x, y in zip(la, lb):
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        if x.shape != y.shape:
            return float("nan")
        if x.size:
            scale = max(1.0, float(np.max(np.abs(y))))
            d = max(d, float(np.max(np.abs(x - y))) / scale)
    return d


# ---------------------------------------------------------------- cases ----


def _rng():
    return np.random.default_rng(0)


def _impls(descend_fn, numpy_fn, jax_fn, torch_fn, args, torch_compile: bool):
    impls = {"descend": (descend.jit(descend_fn), args), "numpy": (numpy_fn, args)}
    if jax is not None and jax_fn is not None:
        jargs = [jax.device_put(a) for a in args]
        impls["jax"] = (_sync_jax(jax.jit(jax_fn)), jargs)
    if torch is not None and torch_fn is not None:
        targs = [torch.from_numpy(np.ascontiguousarray(a)) for a in args]

        def no_grad(f):
            def g(*a):
                with torch.no_grad():
                    return f(*a)

            return g

        impls["torch"] = (no_grad(torch_fn), targs)
        if torch_compile:
            impls["torch.compile"] = (no_grad(torch.compile(torch_fn)), targs)
    return impls


def case_exp(n, tc):
    r = _rng()
    a, b = r.standard_normal(n, dtype=np.float32), r.standard_normal(n, dtype=np.float32)
    return Case(
        "exp(a*b+a)", f"2^{n.bit_length() - 1}", [a, b],
        _impls(
            lambda a, b: dnp.exp(a * b + a),
            lambda a, b: np.exp(a * b + a),
            (lambda a, b: jnp.exp(a * b + a)) if jax else None,
            (lambda a, b: torch.exp(a * b + a)) if torch else None,
            [a, b], tc,
        ),
    )


def case_sum(n, tc):
    r = _rng()
    x, y, z = (r.standard_normal(n, dtype=np.float32) for _ in range(3))
    return Case(
        "sum(x+y*z)", f"2^{n.bit_length() - 1}", [x, y, z],
        _impls(
            lambda x, y, z: dnp.sum(x + y * z),
            lambda x, y, z: np.sum(x + y * z),
            (lambda x, y, z: jnp.sum(x + y * z)) if jax else None,
            (lambda x, y, z: torch.sum(x + y * z)) if torch else None,
            [x, y, z], tc,
        ),
    )


_C = float(np.sqrt(2.0 / np.pi))


def case_gelu(n, tc):
    x = _rng().standard_normal(n, dtype=np.float32)

    def gelu(m):
        return lambda x: 0.5 * x * (1.0 + m.tanh(_C * (x + 0.044715 * x * x * x)))

    def np_gelu(x):
        c = np.float32(_C)
        return np.float32(0.5) * x * (np.float32(1.0) + np.tanh(c * (x + np.float32(0.044715) * x * x * x)))

    return Case(
        "gelu(tanh)", f"2^{n.bit_length() - 1}", [x],
        _impls(gelu(dnp), np_gelu, gelu(jnp) if jax else None, gelu(torch) if torch else None, [x], tc),
    )


def case_softmax(rows, cols, tc):
    x = _rng().standard_normal((rows, cols), dtype=np.float32)

    def softmax(m):
        def f(x):
            e = m.exp(x - m.max(x, axis=1, keepdims=True))
            return e / m.sum(e, axis=1, keepdims=True)

        return f

    def torch_softmax(x):
        mx = torch.amax(x, dim=1, keepdim=True)
        e = torch.exp(x - mx)
        return e / torch.sum(e, dim=1, keepdim=True)

    return Case(
        "softmax(rows)", f"{rows}x{cols}", [x],
        _impls(softmax(dnp), softmax(np), softmax(jnp) if jax else None, torch_softmax if torch else None, [x], tc),
    )


def case_layernorm(rows, cols, tc):
    r = _rng()
    x = r.standard_normal((rows, cols), dtype=np.float32)
    g = r.standard_normal(cols, dtype=np.float32)
    b = r.standard_normal(cols, dtype=np.float32)

    def ln(m):
        def f(x, g, b):
            mu = m.mean(x, axis=-1, keepdims=True)
            xc = x - mu
            var = m.mean(xc * xc, axis=-1, keepdims=True)
            return xc / m.sqrt(var + 1e-5) * g + b

        return f

    def np_ln(x, g, b):
        mu = x.mean(axis=-1, keepdims=True)
        xc = x - mu
        var = (xc * xc).mean(axis=-1, keepdims=True)
        return xc / np.sqrt(var + np.float32(1e-5)) * g + b

    def t_ln(x, g, b):
        mu = x.mean(dim=-1, keepdim=True)
        xc = x - mu
        var = (xc * xc).mean(dim=-1, keepdim=True)
        return xc / torch.sqrt(var + 1e-5) * g + b

    return Case(
        "layernorm", f"{rows}x{cols}", [x, g, b],
        _impls(ln(dnp), np_ln, ln(jnp) if jax else None, t_ln if torch else None, [x, g, b], tc),
    )


def case_matmul(n, tc):
    r = _rng()
    a, b = r.standard_normal((n, n), dtype=np.float32), r.standard_normal((n, n), dtype=np.float32)
    return Case(
        "matmul", f"{n}^3", [a, b],
        _impls(
            lambda a, b: dnp.matmul(a, b),
            np.matmul,
            (lambda a, b: jnp.matmul(a, b)) if jax else None,
            torch.matmul if torch else None,
            [a, b], tc,
        ),
        flops=2.0 * n**3, unit="GFLOP/s", budget=8.0, settle=0.25,
    )


def case_dispatch(tc):
    x = np.arange(8, dtype=np.float32)
    return Case(
        "dispatch x+1", "8", [x],
        _impls(lambda x: x + 1, lambda x: x + 1, (lambda x: x + 1) if jax else None,
               (lambda x: x + 1) if torch else None, [x], False),
        unit="us", budget=2.0, settle=0.0,
    )


MLP_SIZES = (784, 512, 512, 10)
BATCH = 256
LR = 0.01


def _mlp_data():
    r = _rng()
    params = []
    for i, o in zip(MLP_SIZES[:-1], MLP_SIZES[1:]):
        params.append((r.standard_normal((i, o), dtype=np.float32) * np.float32(np.sqrt(2.0 / i)),
                       np.zeros(o, dtype=np.float32)))
    x = r.standard_normal((BATCH, MLP_SIZES[0]), dtype=np.float32)
    labels = r.integers(0, MLP_SIZES[-1], BATCH)
    y = np.eye(MLP_SIZES[-1], dtype=np.float32)[labels]
    return params, x, y


def _make_step(m, value_and_grad, relu):
    def loss(params, x, y):
        h = x
        for i, (w, b) in enumerate(params):
            h = m.matmul(h, w) + b
            if i < len(params) - 1:
                h = relu(h)
        mx = m.max(h, axis=1, keepdims=True)
        z = h - mx
        logp = z - m.log(m.sum(m.exp(z), axis=1, keepdims=True))
        return -m.mean(m.sum(y * logp, axis=1))

    def step(params, x, y):
        val, grads = value_and_grad(loss)(params, x, y)
        new = [(w - LR * gw, b - LR * gb) for (w, b), (gw, gb) in zip(params, grads)]
        return val, new

    return step


def _numpy_step(params, x, y):
    hs, h = [x], x
    for i, (w, b) in enumerate(params):
        h = h @ w + b
        if i < len(params) - 1:
            h = np.maximum(h, 0)
        hs.append(h)
    mx = h.max(axis=1, keepdims=True)
    e = np.exp(h - mx)
    s = e.sum(axis=1, keepdims=True)
    logp = (h - mx) - np.log(s)
    loss = -np.mean(np.sum(y * logp, axis=1))
    g = (e / s - y) / np.float32(x.shape[0])
    new = [None] * len(params)
    for i in reversed(range(len(params))):
        w, b = params[i]
        gw = hs[i].T @ g
        gb = g.sum(axis=0)
        if i > 0:
            g = (g @ w.T) * (hs[i] > 0)
        new[i] = (w - np.float32(LR) * gw, b - np.float32(LR) * gb)
    return loss, new


def _torch_step(params, x, y):
    ps = [(w.detach().requires_grad_(True), b.detach().requires_grad_(True)) for w, b in params]
    h = x
    for i, (w, b) in enumerate(ps):
        h = h @ w + b
        if i < len(ps) - 1:
            h = torch.relu(h)
    logp = torch.log_softmax(h, dim=1)
    loss = -torch.mean(torch.sum(y * logp, dim=1))
    grads = torch.autograd.grad(loss, [t for p in ps for t in p])
    with torch.no_grad():
        new = [(w - LR * grads[2 * i], b - LR * grads[2 * i + 1]) for i, (w, b) in enumerate(ps)]
    return loss.detach(), new


def _descend_step():
    """The MLP step for descend, made in one place: the on-disk cache keys on source lines."""
    return _make_step(dnp, descend.value_and_grad, lambda h: dnp.maximum(h, 0.0))


def _cache_probe() -> int:
    """(--cache-probe, in a new process) print the MLP step's first and steady call times as JSON."""
    import json

    params, x, y = _mlp_data()
    step = descend.jit(_descend_step())
    first = _time_once(step, [params, x, y])
    steady = statistics.median(_time_once(step, [params, x, y]) for _ in range(5))
    print(json.dumps({"first": first, "steady": steady}))
    return 0


def _compile_from_disk_cache():
    """The MLP step's first call minus a steady call in a new process that finds it in the
    on-disk cache this run filled (None when the cache is off or the probe fails)."""
    import json

    from descend import compile_cache

    if not compile_cache.enabled():
        return None
    proc = subprocess.run([sys.executable, __file__, "--cache-probe"], capture_output=True, text=True, check=False)
    try:
        r = json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        print(f"disk cache probe failed: {proc.stderr[-2000:]}", file=sys.stderr)
        return None
    return r["first"] - r["steady"]


def case_mlp(tc):
    params, x, y = _mlp_data()
    d_step = _descend_step()
    impls = {"descend": (descend.jit(d_step), [params, x, y]), "numpy": (_numpy_step, [params, x, y])}
    if jax is not None:
        jstep = jax.jit(_make_step(jnp, jax.value_and_grad, jax.nn.relu))
        jparams = jax.tree_util.tree_map(jax.device_put, params)
        impls["jax"] = (_sync_jax(jstep), [jparams, jax.device_put(x), jax.device_put(y)])
    if torch is not None:
        tparams = [(torch.from_numpy(w), torch.from_numpy(b)) for w, b in params]
        impls["torch"] = (_torch_step, [tparams, torch.from_numpy(x), torch.from_numpy(y)])
    return Case("MLP train step", "b256 784-512-512-10", [params, x, y], impls, budget=6.0, settle=0.25)


def build_cases(quick: bool, tc: bool) -> list:
    cases = [
        lambda: case_exp(1 << 20, tc),
        lambda: case_exp(1 << 24, tc),
        lambda: case_sum(1 << 24, tc),
        lambda: case_gelu(1 << 24, tc),
        lambda: case_softmax(4096, 1024, tc),
        lambda: case_layernorm(4096, 1024, tc),
        lambda: case_matmul(256, tc),
        lambda: case_matmul(1024, tc),
        lambda: case_matmul(2048, tc),
        lambda: case_mlp(tc),
        lambda: case_dispatch(tc),
    ]
    return cases


# ---------------------------------------------------------------- report ---


def _fmt_value(res, impl):
    t = res["times"].get(impl)
    if t is None:
        return "—"
    if res["unit"] == "GFLOP/s":
        return f"{res['flops'] / t / 1e9:.1f}"
    if res["unit"] == "us":
        return f"{t * 1e6:.2f}"
    if res["unit"] == "s":
        return f"{t:.3f}"
    return f"{t * 1e3:.2f}"


def _ratio(res, other):
    t, d = res["times"].get(other), res["times"].get("descend")
    if t is None or d is None:
        return None
    return t / d


def render(results: list, info: dict, impls: list, label: str, seconds: float) -> str:
    lines = [f"# descend CPU benchmarks{(' — ' + label) if label else ''}", ""]
    lines.append(f"Generated by `benchmarks/run.py` in {seconds:.0f} s on {time.strftime('%Y-%m-%d %H:%M')}.")
    lines.append("")
    lines.append("## Machine")
    lines.append("")
    for k in ("cpu", "cores", "caches", "simd", "numpy_blas", "numpy", "jax", "torch", "python", "descend_env"):
        if k in info:
            lines.append(f"- **{k}**: {info[k]}")
    lines.append("")
    lines.append("## Results")
    lines.append("")
    lines.append("Times are medians per call (ms unless the unit says otherwise; matmul in GFLOP/s, higher is")
    lines.append("better). `x/descend` is that implementation's time divided by descend's: above 1 means descend is faster.")
    lines.append("")
    others = [i for i in impls if i != "descend"]
    head = ["case", "size", "unit", *impls, *[f"{o}/descend" for o in others], "descend compile (s)", "reps"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for res in results:
        row = [res["name"], res["size"], res["unit"]]
        row += [_fmt_value(res, i) for i in impls]
        for o in others:
            r = _ratio(res, o)
            row.append("—" if r is None else f"{r:.2f}x")
        row.append(f"{res['compile_s']:.2f}" if "compile_s" in res else "—")
        row.append(str(res.get("reps", "")))
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    errs = [(r["name"], r["size"], k, v) for r in results for k, v in r.get("errors", {}).items()]
    diffs = [(r["name"], r["size"], r["max_abs_diff"]) for r in results if "max_abs_diff" in r]
    if diffs:
        lines.append("Max difference descend vs NumPy (relative to max |NumPy|): " +
                     ", ".join(f"{n} {s}: {d:.1e}" for n, s, d in diffs))
        lines.append("")
    if errs:
        lines.append("Errors:")
        lines += [f"- {n} {s} [{k}]: {v}" for n, s, k, v in errs]
        lines.append("")
    return "\n".join(lines)


def chart(results: list, impls: list, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install -e .[bench]): no chart", file=sys.stderr)
        return False
    others = [i for i in impls if i != "descend"]
    labels = [f"{r['name']}\n{r['size']}" for r in results]
    fig, ax = plt.subplots(figsize=(max(8, 1.1 * len(results)), 4.5))
    width = 0.8 / max(len(others), 1)
    for k, o in enumerate(others):
        vals = [_ratio(r, o) or 0.0 for r in results]
        ax.bar([i + k * width for i in range(len(results))], vals, width, label=f"{o} time / descend time")
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xticks([i + width * (len(others) - 1) / 2 for i in range(len(results))])
    ax.set_xticklabels(labels, fontsize=7)
    ax.set_ylabel("speedup of descend (log)")
    ax.legend(fontsize=8)
    ax.set_title("descend vs others (above 1: descend faster)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--only", default=None)
    p.add_argument("--torch-compile", action="store_true")
    p.add_argument("--out", default=str(HERE / "RESULTS.md"))
    p.add_argument("--no-write", action="store_true")
    p.add_argument("--label", default="")
    p.add_argument("--cache-probe", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.cache_probe:
        return _cache_probe()
    # compile times are measured on an empty on-disk cache: this run's own (removed at the end)
    import shutil
    import tempfile

    cache_tmp = tempfile.mkdtemp(prefix="descend-bench-cache-")
    os.environ["DESCEND_CACHE_DIR"] = cache_tmp
    if os.environ.get("OPENBLAS_CORETYPE") or os.environ.get("OPENBLAS_L2_SIZE"):
        print("note: OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE are set; run under "
              "`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE` for NumPy's real BLAS speed", file=sys.stderr)
    reps, warmup = (7, 2) if a.quick else (30, 3)
    t0 = time.perf_counter()
    results, impls_seen = [], ["descend", "numpy"]
    for make in build_cases(a.quick, a.torch_compile):
        case = make()
        if a.only and a.only not in case.name:
            continue
        res = run_case(case, reps, warmup, a.quick)
        for i in res["times"]:
            if i not in impls_seen:
                impls_seen.append(i)
        results.append(res)
        vals = "  ".join(f"{i}={_fmt_value(res, i)}" for i in res["times"])
        extra = f"  compile={res['compile_s']:.2f}s" if "compile_s" in res else ""
        print(f"{res['name']:>16} {res['size']:>20} [{res['unit']}]  {vals}{extra}", flush=True)
        for k, v in res.get("errors", {}).items():
            print(f"{'':>16} error in {k}: {v}", flush=True)
        del case
        gc.collect()
    mlp = next((r for r in results if r["name"].startswith("MLP")), None)
    if mlp is not None and "compile_s" in mlp:
        results.append({"name": "MLP step compile", "size": "first - steady call", "unit": "s",
                        "times": {"descend": mlp["compile_s"]}, "reps": 1})
        cached = _compile_from_disk_cache()
        if cached is not None:
            print(f"{'MLP step compile':>16} {'from disk cache':>20} [s]  descend={cached:.3f}", flush=True)
            results.append({"name": "MLP step compile from disk cache", "size": "new process: first - steady call",
                            "unit": "s", "times": {"descend": cached}, "reps": 1})
    shutil.rmtree(cache_tmp, ignore_errors=True)
    info = machine_description()
    text = render(results, info, impls_seen, a.label, time.perf_counter() - t0)
    print()
    print(text)
    if not a.no_write:
        out = Path(a.out)
        out.write_text(text + "\n")
        chart(results, impls_seen, out.with_suffix(".png"))
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
