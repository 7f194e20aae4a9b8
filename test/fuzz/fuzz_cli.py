"""Fuzzing `descend-opt` and `descend-run` with mutated lit inputs and random pass pipelines.

Every case is one command line of a tool over one input. Inputs are derived
from the lit suite's `.mlir` files (test/dsc, test/lowering, test/tools):
byte, line and token mutations, truncations, splices of `// -----` chunks of
different files, random attribute values, wrong types/shapes in dsc ops and
swapped op names. Pipelines are random subsets and orders of descend's passes
(with random options) and a list of upstream passes, the CPU pipeline's stages
(so that mutated IR goes all the way to LLVM), and malformed pipeline strings.

A case passes when the tool ends with exit code 0 or 1, prints no Python
traceback and no "internal error", and says why when it fails (exit code 1
with nothing on stderr is a "silent failure"). It fails when the process
crashes (a signal: an LLVM assertion abort, a segfault), hangs (per-case
timeout) or breaks one of those rules.

Design. An MLIR assertion aborts the whole process, so cases run in worker
subprocesses, many per worker: a worker calls the tools' `main(argv)`
in-process with fds 1/2 redirected to files per case, and tells the parent
on a pipe when each case starts and ends. If the worker dies or stalls, the
parent knows which case did it, records it (input, command line, the tail of
its stderr) and starts a new worker on the remaining cases. A few cases in
every run go through the real console entry points in a subprocess of their
own (`python -m descend.tools.descend_opt ...`), which also checks `run()`.

    python test/fuzz/fuzz_cli.py                    # short mode (CI): fixed seed, ~30 s
    python test/fuzz/fuzz_cli.py --long --minutes 10 --seed 7 --crash-dir /tmp/crashes
    python test/fuzz/fuzz_cli.py --replay /tmp/crashes/case-000123.json

Exit status: 0 when every case passed, 1 otherwise (the findings are listed).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIRS = ["test/dsc", "test/lowering", "test/tools", "test/fuzz/Inputs", "test/fuzz/regressions"]
SPLIT = "// -----"

# ---- the corpus ------------------------------------------------------------------


def load_corpus(root: Path = ROOT) -> list[tuple[str, str]]:
    """(relative path, text) of every lit input, Inputs/ included, sorted by path."""
    files = []
    for d in CORPUS_DIRS:
        for p in sorted((root / d).rglob("*.mlir")):
            if "Output" in p.parts:
                continue
            files.append((str(p.relative_to(root)), p.read_text(encoding="utf-8")))
    return files


def chunks_of(text: str) -> list[str]:
    out, cur = [], []
    for line in text.split("\n"):
        if line.strip() == SPLIT:
            out.append("\n".join(cur))
            cur = []
        else:
            cur.append(line)
    out.append("\n".join(cur))
    return [c for c in out if "func.func" in c or "module" in c]


def strip_comments(text: str) -> str:
    """The text without `//` comment lines (RUN/CHECK lines make mutations land in comments)."""
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("//"))


# ---- mutations ----------------------------------------------------------------------

INTERESTING_CHARS = list('{}()<>[]:,%"=@#!^?x-.+*/\\\n \t') + list("0123456789") + ["\x00", "\u00e9", "\u202e"]
INTERESTING_INTS = [
    "0", "1", "-1", "2", "3", "-2", "7", "64", "255", "256", "65536", "2147483647", "-2147483648",
    "4294967296", "9223372036854775807", "-9223372036854775808", "18446744073709551616", "1099511627776",
]
INTERESTING_FLOATS = ["0.0", "-0.0", "1.0e+39", "1.0e+309", "-1.0e-320", "0x7FC00000", "0x7F800000", "nan", "inf", "3.5"]
ELEMENT_TYPES = [
    "f32", "f64", "i1", "i8", "i16", "i32", "i64", "f16", "bf16", "index", "ui32", "si32", "i2", "i128",
    "complex<f32>", "f8E4M3FN", "tf32", "none",
]
DIMS = ["0", "1", "2", "3", "4", "5", "7", "?", "1099511627776", "4294967297", "9223372036854775807"]
# tensor<2x3xf32>, tensor<f32>, tensor<?x4xi1>
_TENSOR = re.compile(r"\b(tensor|memref|vector)<((?:[0-9?]+x)*)([a-z][a-z0-9]*(?:<[^<>]*>)?)>")
_ARRAY = re.compile(r"array<i64(?::\s*[-0-9, ]*)?>")
_INT_ATTR = re.compile(r"(=\s*)(-?\d+)(\s*:\s*i(?:64|32))")
_STR_ATTR = re.compile(r'(=\s*)"([A-Za-z_]*)"')
_DENSE = re.compile(r"dense<([^<>]*)>")
_DSC_OP = re.compile(r'"dsc\.([a-z_0-9]+)"')
_TOKEN = re.compile(
    r"%[\w.$-]+|@[\w.$-]+|\"[^\"\n]*\"|0x[0-9A-Fa-f]+|-?\d+\.\d*(?:e[+-]?\d+)?|-?\d+|[A-Za-z_][\w.$]*|\S"
)

DSC_OPS = (
    "neg abs sign exp log log1p expm1 sqrt rsqrt sin cos tan tanh logistic floor ceil round not stop_gradient "
    "add sub mul div rem pow max min atan2 and or xor compare select convert constant iota broadcast_in_dim "
    "reshape transpose rev dynamic_slice dynamic_update_slice slice concatenate pad reduce dot_general argmax "
    "argmin gather scatter bogus"
).split()
COMPARE_DIRECTIONS = ["LT", "LE", "GT", "GE", "EQ", "NE", "lt", "", "XX"]
REDUCE_KINDS = ["add", "mul", "max", "min", "and", "or", "xor", "sum", "", "argmax"]


def _rand_shape(rng) -> str:
    rank = rng.choice([0, 0, 1, 1, 2, 2, 3, 4])
    return "".join(rng.choice(DIMS[:7] if rng.random() < 0.85 else DIMS) + "x" for _ in range(rank))


def _rand_int_list(rng) -> str:
    n = rng.choice([0, 1, 1, 2, 2, 3, 4, 5])
    vals = [rng.choice(["0", "1", "2", "3", "-1", "4", "1", "0", "100", "-9223372036854775808", "9223372036854775807"]) for _ in range(n)]
    return "array<i64>" if not vals else "array<i64: " + ", ".join(vals) + ">"


def m_bytes(text, rng, ctx):
    s = list(text)
    for _ in range(rng.randint(1, 4)):
        if not s:
            break
        i = rng.randrange(len(s))
        op = rng.random()
        c = rng.choice(INTERESTING_CHARS)
        if op < 0.4:
            s[i] = c
        elif op < 0.7:
            s.insert(i, c)
        else:
            del s[i]
    return "".join(s)


def m_delete_range(text, rng, ctx):
    if not text:
        return text
    i = rng.randrange(len(text))
    j = min(len(text), i + rng.randint(1, 80))
    return text[:i] + text[j:]


def m_truncate(text, rng, ctx):
    return text[: rng.randrange(len(text) + 1)]


def m_lines(text, rng, ctx):
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    for _ in range(rng.randint(1, 3)):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        op = rng.randrange(4)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[j])
        elif op == 2:
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines.insert(j, lines.pop(i))
        if not lines:
            break
    return "\n".join(lines)


def m_tokens(text, rng, ctx):
    toks = list(_TOKEN.finditer(text))
    if not toks:
        return text
    pool = ctx["tokens"]
    out = text
    for _ in range(rng.randint(1, 3)):
        toks = list(_TOKEN.finditer(out))
        if not toks:
            break
        t = rng.choice(toks)
        v = t.group(0)
        if re.fullmatch(r"-?\d+", v):
            new = rng.choice(INTERESTING_INTS)
        elif re.fullmatch(r"-?\d+\.\d*(?:e[+-]?\d+)?|0x[0-9A-Fa-f]+", v):
            new = rng.choice(INTERESTING_FLOATS)
        elif v.startswith("%"):
            new = rng.choice(["%0", "%1", "%2", "%arg0", "%a", "%x", "%undefined", "%0#1", "%"])
        elif v.startswith("@"):
            new = rng.choice(["@f", "@main", "@g", "@", "@exp", "@malloc", "@_mlir_ciface_f"])
        else:
            new = rng.choice(pool)
        if rng.random() < 0.2:
            new = ""  # delete the token
        out = out[: t.start()] + new + out[t.end() :]
    return out


def m_splice(text, rng, ctx):
    """Half of this input followed by half of a chunk of another file."""
    other = rng.choice(ctx["chunks"])
    i = rng.randrange(len(text) + 1)
    j = rng.randrange(len(other) + 1)
    if rng.random() < 0.5:  # at line boundaries
        a, b = text.split("\n"), other.split("\n")
        return "\n".join(a[: rng.randrange(len(a) + 1)] + b[rng.randrange(len(b) + 1) :])
    return text[:i] + other[j:]


def m_concat_chunks(text, rng, ctx):
    """Several chunks of different files in one input (symbol clashes), maybe separated by `// -----`."""
    parts = [text] + [rng.choice(ctx["chunks"]) for _ in range(rng.randint(1, 3))]
    sep = "\n// -----\n" if rng.random() < 0.5 else "\n"
    return sep.join(parts)


def m_types(text, rng, ctx):
    ms = list(_TENSOR.finditer(text))
    if not ms:
        return text
    out = text
    for _ in range(rng.randint(1, 3)):
        ms = list(_TENSOR.finditer(out))
        if not ms:
            break
        m = rng.choice(ms)
        kind, shape, elem = m.group(1), m.group(2), m.group(3)
        r = rng.random()
        if r < 0.4:
            shape = _rand_shape(rng)
        elif r < 0.75:
            elem = rng.choice(ELEMENT_TYPES)
        elif r < 0.9:
            kind = rng.choice(["tensor", "memref", "vector"])
        else:
            shape, elem = _rand_shape(rng), rng.choice(ELEMENT_TYPES)
        new = f"{kind}<{shape}{elem}>"
        if rng.random() < 0.3:  # the same change everywhere: consistent but wrong
            out = out.replace(m.group(0), new)
        else:
            out = out[: m.start()] + new + out[m.end() :]
    return out


def m_attrs(text, rng, ctx):
    choices = []
    for m in _ARRAY.finditer(text):
        choices.append((m.start(), m.end(), _rand_int_list(rng)))
    for m in _INT_ATTR.finditer(text):
        choices.append((m.start(2), m.end(2), rng.choice(INTERESTING_INTS)))
    for m in _STR_ATTR.finditer(text):
        choices.append((m.start(2), m.end(2), rng.choice(COMPARE_DIRECTIONS + REDUCE_KINDS)))
    for m in _DENSE.finditer(text):
        v = rng.choice(INTERESTING_INTS + INTERESTING_FLOATS + ["true", "[1, 2]", "[[1.0]]", "[]", '"s"'])
        choices.append((m.start(1), m.end(1), v))
    if not choices:
        return text
    out = text
    for s, e, v in sorted(rng.sample(choices, min(len(choices), rng.randint(1, 3))), reverse=True):
        out = out[:s] + v + out[e:]
    return out


def m_op_names(text, rng, ctx):
    ms = list(_DSC_OP.finditer(text))
    if not ms:
        return text
    m = rng.choice(ms)
    return text[: m.start(1)] + rng.choice(DSC_OPS) + text[m.end(1) :]


def m_drop_attr(text, rng, ctx):
    """Remove one `name = value` entry of an attribute dictionary."""
    ms = list(re.finditer(r"\w+ = (?:array<[^>]*>|dense<[^>]*>(?: : \w+<[^>]*>)?|\"[^\"]*\"|-?\d+ : i\d+)(, )?", text))
    if not ms:
        return text
    m = rng.choice(ms)
    return text[: m.start()] + text[m.end() :]


MUTATORS = [
    (m_bytes, 3), (m_delete_range, 1), (m_truncate, 1), (m_lines, 2), (m_tokens, 3), (m_splice, 1),
    (m_concat_chunks, 1), (m_types, 4), (m_attrs, 4), (m_op_names, 2), (m_drop_attr, 1),
]


def mutate(text: str, rng: random.Random, ctx, n: int | None = None) -> tuple[str, list[str]]:
    funcs = [f for f, w in MUTATORS for _ in range(w)]
    applied = []
    for _ in range(n if n is not None else rng.choice([0, 1, 1, 1, 2, 2, 3])):
        f = rng.choice(funcs)
        text = f(text, rng, ctx)
        applied.append(f.__name__[2:])
    return text, applied


# ---- pass pipelines ---------------------------------------------------------------

UPSTREAM_PASSES = [
    "canonicalize", "cse", "symbol-dce", "sccp", "inline", "loop-invariant-code-motion", "canonicalize{max-iterations=1}",
    "convert-elementwise-to-linalg", "linalg-fuse-elementwise-ops", "linalg-generalize-named-ops",
    "one-shot-bufferize", "one-shot-bufferize{bufferize-function-boundaries}",
    "one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops}",
    "buffer-results-to-out-params{hoist-static-allocs=true modify-public-functions=true}",
    "buffer-deallocation-pipeline", "func.func(convert-linalg-to-affine-loops)", "func.func(convert-linalg-to-loops)",
    "convert-linalg-to-loops", "func.func(affine-loop-fusion)", "lower-affine", "expand-strided-metadata",
    "finalize-memref-to-llvm", "convert-scf-to-cf", "convert-vector-to-scf", "convert-vector-to-llvm",
    "convert-math-to-funcs", "convert-math-to-llvm", "convert-math-to-libm", "convert-arith-to-llvm",
    "convert-index-to-llvm", "convert-func-to-llvm", "convert-cf-to-llvm", "convert-ub-to-llvm",
    "reconcile-unrealized-casts", "empty-tensor-to-alloc-tensor", "arith-expand", "func.func(affine-super-vectorize{virtual-vector-size=8})",
    "convert-to-llvm", "func.func(tosa-to-linalg)", "gpu-kernel-outlining", "convert-scf-to-openmp",
]


def _descend_pass(rng) -> str:
    fn = rng.choice(["f", "main", "g", "nosuch", "", "f_jvp"])
    r = rng.random()
    name = rng.choice(
        ["dsc-verify", "dsc-canonicalize", "dsc-to-linalg", "bool-storage-to-i8", "memref-i1-to-i8",
         "dsc-jvp", "dsc-vjp", "dsc-vmap", "dsc-grad"]
    )
    if name == "dsc-jvp":
        return f"dsc-jvp{{func={fn}}}" if r < 0.9 else "dsc-jvp"
    if name in ("dsc-vjp", "dsc-grad"):
        wrt = rng.choice(["0", "1", "0,1", "5", "-1", "x", ""])
        return f"{name}{{func={fn} wrt={wrt}}}" if r < 0.6 else (f"{name}{{func={fn}}}" if r < 0.95 else name)
    if name == "dsc-vmap":
        axes = rng.choice(["0", "none", "0,0", "0,none", "none,0", "1", "x", ""])
        size = rng.choice(["3", "1", "0", "-2", "abc"])
        opts = [f"func={fn}"]
        if r < 0.7:
            opts.append(f"in_axes={axes}")
        if r < 0.4:
            opts.append(f"axis_size={size}")
        return f"dsc-vmap{{{' '.join(opts)}}}"
    if r < 0.03:
        return f"{name}{{bogus=1}}"
    return name


def random_pipeline(rng, stages) -> list[str]:
    """Pipeline elements for --pass-pipeline / flags."""
    r = rng.random()
    if r < 0.15:
        return []
    if r < 0.32:  # a prefix of the CPU pipeline, whole stages
        k = rng.randrange(len(stages)) + 1
        return [e for _, els in stages[:k] for e in els]
    if r < 0.40:  # a suffix: for IR at a later stage
        k = rng.randrange(len(stages))
        return [e for _, els in stages[k:] for e in els]
    if r < 0.50:  # the CPU pipeline with one element dropped, duplicated or moved
        els = [e for _, s in stages for e in s]
        i, j = rng.randrange(len(els)), rng.randrange(len(els))
        op = rng.randrange(3)
        if op == 0:
            del els[i]
        elif op == 1:
            els.insert(j, els[i])
        else:
            els.insert(j, els.pop(i))
        return els
    n = rng.randint(1, 6)
    els = []
    for _ in range(n):
        els.append(_descend_pass(rng) if rng.random() < 0.5 else rng.choice(UPSTREAM_PASSES))
    return els


MALFORMED_PIPELINES = [
    "builtin.module(cse", "builtin.module(cse))", "builtin.module()", "", ",", "cse,,canonicalize", "{", "}",
    "builtin.module(func.func(dsc-to-linalg))", "func.func(cse)", "builtin.module(no-such-pass)",
    "builtin.module(dsc-vjp{func=f wrt=0 wrt=1})", "builtin.module(canonicalize{max-iterations=x})",
    "builtin.module(dsc-to-linalg{})", "builtin.module(cse{)", "builtin.module(dsc-jvp{func})", "  ",
    "builtin.module(builtin.module(cse))", "any(cse)", "builtin.module(func.func(canonicalize), gpu.module(cse))",
]

def lowered_seeds(corpus: list[tuple[str, str]], limit: int = 24) -> list[tuple[str, str]]:
    """(stage, text) of corpus chunks after each stage of the CPU pipeline: seeds at the
    linalg, buffers, loops and llvm levels, where mutations reach the upstream passes
    (i1 memrefs in memref-to-llvm, ...). Valid lit inputs only: safe to lower in this process."""
    from mlir import ir

    from descend.dialects.dsc import new_context
    from descend.lowering.pipeline import STAGE_NAMES, run_stages

    picked = []
    for path, text in corpus:
        if any(w in path for w in ("invalid", "error", "Inputs", "verify", "regressions")):
            continue  # invalid on purpose, or inputs that crashed MLIR (parsed here, in this process)
        picked += chunks_of(text)
    out = []
    for text in picked[:limit]:
        try:
            module = ir.Module.parse(text, new_context())
            prev = None
            for stage in STAGE_NAMES:
                run_stages(module, upto=stage, start=prev)
                prev = stage
                if stage != "dsc":
                    out.append((stage, str(module)))
        except Exception:  # not lowerable as a whole (a descend-run input with several entries, ...)
            pass
    return out


# ---- cases --------------------------------------------------------------------------


class Generator:
    def __init__(self, seed: int, lowered_limit: int = 24):
        from descend.lowering.pipeline import STAGES  # light: no MLIR context is created

        self.rng = random.Random(seed)
        self.stages = STAGES
        self.corpus = load_corpus()
        self.chunks = []
        self.run_chunks = []
        for path, text in self.corpus:
            cs = chunks_of(text)
            self.chunks += cs
            if "run-" in path or "pipeline" in path or "fuzz/" in path:
                self.run_chunks += cs
        self.lowered = lowered_seeds(self.corpus, lowered_limit)
        self.chunks += [t for _, t in self.lowered]
        tokens = sorted({t for _, text in self.corpus for t in _TOKEN.findall(strip_comments(text))})
        self.ctx = {"chunks": self.chunks, "tokens": tokens}

    def _base_text(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.2:  # a whole file (with its split markers and comments)
            return rng.choice(self.corpus)[1]
        if r < 0.45 and self.lowered:  # IR at a later stage of the CPU pipeline
            return rng.choice(self.lowered)[1]
        text = rng.choice(self.chunks)
        return strip_comments(text) if rng.random() < 0.5 else text

    def opt_case(self) -> dict:
        rng = self.rng
        text, applied = mutate(self._base_text(), rng, self.ctx)
        args = ["@IN"]
        els = random_pipeline(rng, self.stages)
        r = rng.random()
        if r < 0.05:
            args.append("--pass-pipeline=" + rng.choice(MALFORMED_PIPELINES))
        elif els and r < 0.6:
            args.append("--pass-pipeline=builtin.module(" + ", ".join(els) + ")")
        else:
            for e in els:
                name, brace, opts = e.partition("{")
                args.append(f"--{name}={opts[:-1]}" if brace and "(" not in name else f"--{e}")
        for flag, p in [("--split-input-file", 0.4), ("--verify-diagnostics", 0.1), ("--mlir-print-op-generic", 0.1),
                        ("--mlir-print-debuginfo", 0.1), ("--mlir-print-ir-after-all", 0.03)]:
            if rng.random() < p:
                args.append(flag)
        return {"tool": "opt", "args": args, "input": text, "mutations": applied, "stdin": rng.random() < 0.05}

    def run_case(self) -> dict:
        rng = self.rng
        base = rng.choice(self.run_chunks if rng.random() < 0.7 else self.chunks)
        text, applied = mutate(strip_comments(base), rng, self.ctx, n=rng.choice([0, 1, 1, 1, 2]))
        names = re.findall(r"func\.func @([\w$.-]+)", text)
        args = ["@IN", "--opt-level", str(rng.choice([0, 0, 1, 2, 3]))]
        if names and rng.random() < 0.6:
            args += ["--entry", rng.choice(names)]
        elif rng.random() < 0.1:
            args += ["--entry", rng.choice(["nosuch", "", "main"])]
        npy = None
        r = rng.random()
        if r < 0.75:
            args += ["--random-inputs", "--seed", str(rng.randrange(100))]
        elif r < 0.95:
            npy = [rng.choice(["match", "match", "shape", "dtype", "corrupt", "pickle", "missing"]) for _ in range(rng.randint(0, 3))]
        else:
            args += ["--random-inputs", "--input", "@NPY0"]
            npy = ["match"]
        if rng.random() < 0.15:
            args += ["-o", rng.choice(["@OUT.npz", "@OUT.npy", "@OUT.txt", "/nonexistent/dir/out.npz"])]
        return {"tool": "run", "args": args, "input": text, "mutations": applied, "npy": npy}

    def case(self, run_fraction: float) -> dict:
        c = self.run_case() if self.rng.random() < run_fraction else self.opt_case()
        if self.rng.random() < 0.01:  # not UTF-8
            c["input_b64"] = base64.b64encode(c["input"].encode() + b"\xff\xfe\x80").decode()
        return c


# ---- running one case (in a worker or in a subprocess) ---------------------------


def _npy_types(text: str, entry: str | None):
    """The argument types of the function `descend-run` would pick (best effort, for .npy inputs)."""
    fns = re.findall(r"func\.func @([\w$.-]+)\(([^)]*)\)", text)
    if not fns:
        return []
    names = [n for n, _ in fns]
    name = entry if entry in names else ("main" if "main" in names else names[0])
    sig = dict(fns)[name]
    types = []
    for m in _TENSOR.finditer(sig):
        dims = [int(d) for d in m.group(2).split("x") if d and d.isdigit() and int(d) < 64]
        types.append((tuple(dims), {"f32": "float32", "f64": "float64", "i32": "int32", "i64": "int64", "i1": "bool"}.get(m.group(3), "float32")))
    return types


def materialize(case: dict, workdir: Path) -> tuple[list[str], bytes]:
    """Write the case's files into `workdir`; returns (argv, input bytes)."""
    import numpy as np

    data = base64.b64decode(case["input_b64"]) if "input_b64" in case else case["input"].encode()
    inp = workdir / "input.mlir"
    inp.write_bytes(data)
    argv = []
    for a in case["args"]:
        if a == "@IN":
            argv.append("-" if case.get("stdin") else str(inp))
        elif a.startswith("@OUT"):
            argv.append(str(workdir / ("out" + a[4:])))
        elif a.startswith("@NPY"):
            argv.append(str(workdir / f"in{a[4:]}.npy"))
        else:
            argv.append(a)
    if case.get("npy") is not None:
        entry = case["args"][case["args"].index("--entry") + 1] if "--entry" in case["args"] else None
        types = _npy_types(case["input"], entry)
        rng = np.random.default_rng(len(case["input"]))
        for i, kind in enumerate(case["npy"]):
            shape, dtype = types[i] if i < len(types) else ((2,), "float32")
            path = workdir / f"in{i}.npy"
            if kind == "shape":
                shape = shape + (2,)
            if kind == "dtype":
                dtype = "int8" if dtype != "int8" else "float32"
            if kind == "missing":
                path = workdir / f"missing{i}.npy"
            elif kind == "corrupt":
                path.write_bytes(b"\x93NUMPY\x01\x00garbage")
            elif kind == "pickle":
                np.save(path, np.array([{"a": 1}], dtype=object), allow_pickle=True)
            else:
                np.save(path, rng.random(shape).astype(dtype) if dtype != "bool" else rng.random(shape) < 0.5)
            if "@NPY0" not in case["args"]:
                argv += ["--input", str(path)]
    return argv, data


TRACEBACK = "Traceback (most recent call last)"
# tools/common.py's ParseProbe: the parser aborted in the child, the tool reported it (a
# crash the safety net caught: not a failure, but counted and saved to fix it precisely)
GUARDED = "MLIR's parser aborts on it"
BAD_MARKERS = [TRACEBACK, "internal error", "PLEASE submit a bug report", "Assertion", "LLVM ERROR", "Segmentation fault"]


def classify(code, stderr: str) -> str:
    """'ok' or the kind of failure, from the exit code and stderr of a finished case."""
    if isinstance(code, int) and code < 0:
        return "crash"
    if code not in (0, 1):
        return "bad-exit"
    if TRACEBACK in stderr:
        return "traceback"
    if "internal error" in stderr:
        return "internal-error"
    if GUARDED in stderr:
        return "guarded"
    if any(m in stderr for m in BAD_MARKERS):
        return "llvm-error"
    if code == 1 and not stderr.strip():
        return "silent-failure"
    return "ok"


def _tool_module(tool: str):
    if tool == "opt":
        from descend.tools import descend_opt as m
    else:
        from descend.tools import descend_run as m
    return m


def run_in_process(case: dict, workdir: Path, out_path: Path, err_path: Path) -> tuple[int | None, str]:
    """Run the tool's `main(argv)` here with fds 1 and 2 on files. Returns (exit code, traceback or "")."""
    import io

    if case["tool"] == "selftest":  # checks of the harness itself (test_fuzz_cli.py)
        return _selftest(case["args"][0])
    argv, data = materialize(case, workdir)
    module = _tool_module(case["tool"])
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    saved_stdin = sys.stdin
    out_fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    err_fd = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(out_fd, 1)
    os.dup2(err_fd, 2)
    os.close(out_fd)
    os.close(err_fd)
    tb = ""
    try:
        if case.get("stdin"):
            sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
        try:
            code = module.main(argv)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        except Exception:
            tb = traceback.format_exc()
            code = 1
    finally:
        sys.stdin = saved_stdin
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            pass
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])
    return code, tb


def _selftest(what: str):
    if what == "abort":
        os.abort()
    if what == "hang":
        time.sleep(3600)
    if what == "raise":
        raise RuntimeError("selftest")
    if what == "exit3":
        return 3, ""
    return 0, ""


def run_subprocess(case: dict, workdir: Path, timeout: float) -> tuple[int | None, str, str]:
    """Run the real console entry point. Returns (returncode or None on timeout, stdout, stderr)."""
    argv, data = materialize(case, workdir)
    mod = "descend.tools.descend_opt" if case["tool"] == "opt" else "descend.tools.descend_run"
    try:
        p = subprocess.run(
            [sys.executable, "-m", mod, *argv], input=data if case.get("stdin") else b"",
            capture_output=True, timeout=timeout, cwd=workdir,
        )
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode(errors="replace"), (e.stderr or b"").decode(errors="replace")
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


# ---- the worker ---------------------------------------------------------------------


def worker_main(batch_path: str, fd: int, workdir: str) -> None:
    """Run the cases of a batch file, reporting `S i` / `E i code kind` lines on `fd`."""
    import shutil

    cases = json.loads(Path(batch_path).read_text())
    wd = Path(workdir)
    pipe = os.fdopen(fd, "w", buffering=1)
    for idx, case in cases:
        pipe.write(f"S {idx}\n")
        pipe.flush()
        cdir = wd / "case"
        (wd / "case.err").unlink(missing_ok=True)
        shutil.rmtree(cdir, ignore_errors=True)
        cdir.mkdir()
        try:
            code, tb = run_in_process(case, cdir, wd / "case.out", wd / "case.err")
        except Exception:
            code, tb = 1, traceback.format_exc()
        err = (wd / "case.err").read_text(errors="replace") if (wd / "case.err").exists() else ""
        kind = "internal-error" if tb else classify(code, err)
        if kind != "ok":
            (wd / f"detail-{idx}.txt").write_text(tb + err[-4000:])
        pipe.write(f"E {idx} {code} {kind}\n")
        pipe.flush()
    pipe.write("DONE\n")
    pipe.flush()


class Runner:
    """Runs batches of cases in worker processes; restarts a worker after a crash or a hang."""

    def __init__(self, tmp: Path, case_timeout: float, restart_every: int = 400):
        self.tmp = tmp
        self.case_timeout = case_timeout
        self.restart_every = restart_every

    def run(self, cases: list[tuple[int, dict]], slot: int) -> dict[int, tuple[str, str]]:
        """Run `cases`; returns {index: (kind, detail)} for every case that did not pass."""
        findings: dict[int, tuple[str, str]] = {}
        todo = list(cases)
        while todo:
            batch, todo = todo[: self.restart_every], todo[self.restart_every :]
            rest = self._run_batch(batch, slot, findings)
            todo = rest + todo
        return findings

    def _run_batch(self, batch, slot, findings) -> list:
        """Run one worker over `batch`; returns the cases it did not get to."""
        wd = self.tmp / f"worker{slot}"
        wd.mkdir(exist_ok=True)
        bpath = wd / "batch.json"
        bpath.write_text(json.dumps(batch))
        r, w = os.pipe()
        # faulthandler: a crash leaves the Python stack in the case's stderr
        env = dict(os.environ, PYTHONFAULTHANDLER="1", OMP_NUM_THREADS="1")
        log = open(wd / "worker.log", "wb")
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", str(bpath), "--fd", str(w), "--workdir", str(wd)],
            pass_fds=(w,), stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env,
        )
        os.close(w)
        log.close()
        done = set()
        current = None
        pending = b""  # bytes read from the pipe, not yet split into lines
        deadline = time.monotonic() + 120  # the worker's start-up (imports)
        try:
            while True:
                if b"\n" not in pending:
                    ready, _, _ = select.select([r], [], [], max(0.0, deadline - time.monotonic()))
                    if not ready:  # a hang
                        os.killpg(proc.pid, signal.SIGKILL)
                        proc.wait()
                        if current is None:
                            raise RuntimeError("fuzz worker did not start")
                        findings[current] = ("hang", f"no result after {self.case_timeout:.0f} s")
                        done.add(current)
                        break
                    data = os.read(r, 65536)
                    if not data:  # the worker died
                        rc = proc.wait()
                        if current is not None and current not in done:
                            err = (wd / "case.err").read_text(errors="replace") if (wd / "case.err").exists() else ""
                            findings[current] = ("crash", f"worker exit status {rc}\n{err[-4000:]}")
                            done.add(current)
                        elif current is None and not done:
                            log = (wd / "worker.log").read_text(errors="replace")[-2000:]
                            raise RuntimeError(f"fuzz worker died at startup: {log}")
                        break
                    pending += data
                    continue
                line, pending = pending.split(b"\n", 1)
                fields = line.decode().split()
                if fields[0] == "S":
                    current = int(fields[1])
                    deadline = time.monotonic() + self.case_timeout
                elif fields[0] == "E":
                    idx, kind = int(fields[1]), fields[3]
                    done.add(idx)
                    if kind != "ok":
                        detail = (wd / f"detail-{idx}.txt").read_text(errors="replace")
                        findings[idx] = (kind, f"exit code {fields[2]}\n{detail}")
                    current = None
                    deadline = time.monotonic() + self.case_timeout
                elif fields[0] == "DONE":
                    proc.wait()
                    break
        finally:
            os.close(r)
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        return [(i, c) for i, c in batch if i not in done]


# ---- the driver ---------------------------------------------------------------------


def save_case(crash_dir: Path, idx: int, case: dict, kind: str, detail: str) -> Path:
    crash_dir.mkdir(parents=True, exist_ok=True)
    p = crash_dir / f"case-{idx:06d}-{kind}.json"
    p.write_text(json.dumps({"kind": kind, "detail": detail, "case": case}, indent=1))
    return p


def replay(path: str, timeout: float) -> int:
    """Run a saved case through the real CLI in a subprocess and show what happened."""
    case = json.loads(Path(path).read_text())["case"]
    with tempfile.TemporaryDirectory() as d:
        rc, out, err = run_subprocess(case, Path(d), timeout)
        argv, _ = materialize(case, Path(d))
        tool = "descend-opt" if case["tool"] == "opt" else "descend-run"
        print(f"$ {tool} {' '.join(argv)}\n--- input ---\n{case['input']}\n--- exit {rc} ---\n{out[-2000:]}\n{err[-4000:]}")
        kind = "hang" if rc is None else classify(rc, err)
    print(f"=> {kind}")
    return 0 if kind == "ok" else 1


def minimize(path: str, timeout: float) -> int:
    """Shrink a saved case's input line by line (then chunk by chunk) while it still fails the same way;
    writes `<path>.min.json` and prints the input."""
    saved = json.loads(Path(path).read_text())
    case = saved["case"]
    want = saved["kind"]
    case.pop("input_b64", None)

    def fails(text: str) -> bool:
        c = dict(case, input=text)
        with tempfile.TemporaryDirectory() as d:
            rc, _, err = run_subprocess(c, Path(d), timeout)
        return ("hang" if rc is None else classify(rc, err)) == want

    lines = case["input"].split("\n")
    if not fails("\n".join(lines)):
        print("the case does not fail any more")
        return 0
    n = 2
    while len(lines) >= 2:
        size = max(1, len(lines) // n)
        for start in range(0, len(lines), size):
            trial = lines[:start] + lines[start + size :]
            if trial and fails("\n".join(trial)):
                lines = trial
                n = max(n - 1, 2)
                break
        else:
            if size == 1:
                break
            n = min(len(lines), n * 2)
    case["input"] = "\n".join(lines)
    out = Path(path + ".min.json")
    out.write_text(json.dumps(dict(saved, case=case), indent=1))
    print(case["input"])
    print(f"=> {out}")
    return 1


def fuzz(
    seed: int, max_cases: int | None, seconds: float, run_fraction: float, subprocess_cases: int, jobs: int,
    case_timeout: float, crash_dir: Path | None, verbose: bool = True, lowered_limit: int = 24,
) -> dict:
    """Generate and run cases until `max_cases` or `seconds`; returns a summary dict."""
    import concurrent.futures as cf

    t0 = time.monotonic()
    gen = Generator(seed, lowered_limit)
    stats = {"seed": seed, "cases": 0, "opt": 0, "run": 0, "subprocess": 0, "guarded": 0, "findings": []}
    idx = 0
    round_size = 60 * jobs
    with tempfile.TemporaryDirectory(prefix="descend-fuzz-") as tmpd:
        tmp = Path(tmpd)
        runner = Runner(tmp, case_timeout)

        def record(i, case, kind, detail):
            if kind == "guarded":
                stats["guarded"] += 1
                if crash_dir is not None:
                    save_case(crash_dir, i, case, kind, detail)
                return
            entry = {"index": i, "kind": kind, "tool": case["tool"], "args": case["args"],
                     "mutations": case.get("mutations"), "detail": detail[-1500:]}
            if crash_dir is not None:
                entry["saved"] = str(save_case(crash_dir, i, case, kind, detail))
            stats["findings"].append(entry)
            if verbose:
                print(f"[fuzz] case {i}: {kind} ({case['tool']} {' '.join(case['args'])})\n{detail[-800:]}", file=sys.stderr)

        # real console entry points, one subprocess per case
        sdir = tmp / "sub"
        for _ in range(subprocess_cases):
            case = gen.case(run_fraction)
            sdir.mkdir(exist_ok=True)
            rc, _, err = run_subprocess(case, sdir, case_timeout)
            kind = "hang" if rc is None else classify(rc, err)
            stats["cases"] += 1
            stats["subprocess"] += 1
            stats[case["tool"]] += 1
            if kind != "ok":
                record(idx, case, kind, f"exit code {rc}\n{err}")
            idx += 1
        # in-process cases in worker subprocesses
        while (max_cases is None or stats["cases"] < max_cases) and time.monotonic() - t0 < seconds:
            n = round_size if max_cases is None else min(round_size, max_cases - stats["cases"])
            cases = []
            for _ in range(n):
                cases.append((idx, gen.case(run_fraction)))
                idx += 1
            parts = [cases[k::jobs] for k in range(jobs)]
            with cf.ThreadPoolExecutor(jobs) as ex:
                results = list(ex.map(lambda a: runner.run(a[1], a[0]), enumerate(parts)))
            by_idx = dict(cases)
            for found in results:
                for i, (kind, detail) in sorted(found.items()):
                    record(i, by_idx[i], kind, detail)
            stats["cases"] += n
            for _, c in cases:
                stats[c["tool"]] += 1
            if verbose:
                print(f"[fuzz] {stats['cases']} cases, {len(stats['findings'])} findings, "
                      f"{time.monotonic() - t0:.0f} s", file=sys.stderr)
    stats["seconds"] = round(time.monotonic() - t0, 1)
    return stats


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--long", action="store_true", help="long mode: run for --minutes (random seed unless given)")
    p.add_argument("--minutes", type=float, default=10.0)
    p.add_argument("--seconds", type=float, default=None, help="time budget (short mode: 30)")
    p.add_argument("--cases", type=int, default=None, help="stop after this many cases (short mode: 400)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    p.add_argument("--run-fraction", type=float, default=0.08, help="fraction of descend-run cases")
    p.add_argument("--subprocess-cases", type=int, default=None, help="cases through the real CLI, one process each")
    p.add_argument("--case-timeout", type=float, default=30.0)
    p.add_argument("--crash-dir", default=None, help="save failing cases here (JSON, replay with --replay)")
    p.add_argument("--json", default=None, help="write the summary here")
    p.add_argument("--replay", default=None, help="run a saved case through the real CLI")
    p.add_argument("--minimize", default=None, help="shrink a saved case's input")
    p.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    p.add_argument("--fd", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--workdir", default=None, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.worker:
        worker_main(a.worker, a.fd, a.workdir)
        return 0
    if a.minimize:
        return minimize(a.minimize, a.case_timeout)
    if a.replay:
        return replay(a.replay, a.case_timeout)
    if a.long:
        seed = a.seed if a.seed is not None else int(time.time())
        seconds = a.seconds if a.seconds is not None else a.minutes * 60
        cases = a.cases
        sub = 40 if a.subprocess_cases is None else a.subprocess_cases
    else:
        seed = 0 if a.seed is None else a.seed
        seconds = 30.0 if a.seconds is None else a.seconds
        cases = 400 if a.cases is None else a.cases
        sub = 4 if a.subprocess_cases is None else a.subprocess_cases
    stats = fuzz(seed, cases, seconds, a.run_fraction, sub, a.jobs, a.case_timeout,
                 Path(a.crash_dir) if a.crash_dir else None, lowered_limit=40 if a.long else 8)
    kinds: dict[str, int] = {}
    for f in stats["findings"]:
        kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
    print(f"fuzz_cli: seed {stats['seed']}: {stats['cases']} cases ({stats['opt']} descend-opt, {stats['run']} "
          f"descend-run, {stats['subprocess']} through the console entry point) in {stats['seconds']} s; "
          f"findings: {kinds or 'none'}; parser aborts caught by the tools' parse probe: {stats['guarded']}")
    if a.json:
        Path(a.json).write_text(json.dumps(stats, indent=1))
    return 0 if not stats["findings"] else 1


if __name__ == "__main__":
    sys.exit(main())
