"""The CPU compilation pipeline as a list of named, printable stages.

Each stage is a list of pipeline elements: a descend pass name (from
`passes.PASSES`) or an upstream MLIR textual pass pipeline element. Running the
stages in order takes a module from traced `dsc` to the `llvm` dialect:

  dsc     traced IR, verified and canonicalized (dsc-verify, dsc-canonicalize)
  linalg  dsc-to-linalg, then linalg.generic on tensors, fused elementwise
  buffers bufferized, results written into caller-provided out-params
  loops   affine loops over memrefs: nests over the same rows fused (one-row temporaries),
          loop invariants hoisted, reduction accumulators in registers, vectorized
          for the host's SIMD width, outer parallel loops of large nests marked
          for OpenMP, exp/tanh/log as polynomials
  llvm    the llvm dialect, ready for the ExecutionEngine

`run_stages(module, upto)` applies the stages up to and including `upto`.
"""

from __future__ import annotations

from mlir import passmanager

from .host import env_flag, env_int, num_threads, simd_bytes
from .passes import PASSES, add_pass


def cpu_stages(
    fast_math: bool | None = None,
    vectorize: bool | None = None,
    vector_size: int | None = None,
    threads: int | None = None,
    parallel_threshold: int | None = None,
) -> list[tuple[str, list[str]]]:
    """The CPU pipeline's stages; each optimization can be switched off (defaults: the
    DESCEND_* environment variables of `host.py`, else on, for the host's SIMD width and
    all cores)."""
    if fast_math is None:
        fast_math = env_flag("DESCEND_FAST_MATH")
    if vectorize is None:
        vectorize = env_flag("DESCEND_VECTORIZE")
    if vector_size is None:
        vector_size = env_int("DESCEND_VECTOR_SIZE", max(simd_bytes() // 4, 4))
    if threads is None:
        threads = num_threads()
    if parallel_threshold is None:
        parallel_threshold = env_int("DESCEND_PARALLEL_THRESHOLD", DEFAULT_PARALLEL_THRESHOLD)
    loops = ["func.func(convert-linalg-to-affine-loops)", "canonicalize", "promote-accumulators"]
    if env_flag("DESCEND_ELIDE_COPIES"):  # results computed in their outputs (copy_elision.py)
        loops = ["elide-output-copies"] + loops
    if env_flag("DESCEND_ROW_FUSION"):  # nests over the same rows fused, one-row temporaries (row_fusion.py)
        loops += ["fuse-row-loops"]
    if env_flag("DESCEND_LICM"):  # loop invariants hoisted, a / invariant as a * (1/invariant) (licm.py)
        loops += [f"hoist-loop-invariants{{reciprocal={int(env_flag('DESCEND_RECIPROCAL'))}}}"]
    # float contractions as packed vector kernels (matmul_schedule.py)
    # (kernels declared here, their bodies made at the end of `loops`: its passes skip them)
    matmul = [f"matmul-schedule{{threads={threads} defer=1}}"] if env_flag("DESCEND_MATMUL_SCHEDULE") else []
    if threads > 1:
        loops += [
            "func.func(affine-parallelize{max-nested=1})",
            f"parallel-chunks{{threads={threads} threshold={parallel_threshold} vector-size={vector_size}}}",
        ]
    loops += ["hoist-loop-allocas"]
    if vectorize:
        loops += [
            f"split-vector-remainder{{vector-size={vector_size}}}",
            "affine-strided-to-memref",
            f"guarded-super-vectorize{{vector-size={vector_size}}}",
            "vector-transfer-in-bounds",
        ]
        if env_flag("DESCEND_MULTI_ACC"):  # K accumulators per reduction loop (multi_acc.py)
            loops += ["split-reduction-accumulators{factor=4}"]
    if fast_math:
        loops += ["fast-math-polynomials"]
    if matmul:
        loops += ["matmul-kernel-bodies"]
    loops += ["canonicalize"]
    llvm = ["convert-math-to-funcs", "convert-vector-to-scf", "expand-strided-metadata", "lower-affine"]
    if threads > 1:
        llvm += [f"convert-scf-to-openmp{{num-threads={threads}}}"]
    llvm += [
        "finalize-memref-to-llvm",
        "convert-scf-to-cf",
        # math before vector: math-to-libm unrolls vector math it cannot map to an LLVM
        # intrinsic (asinh, erf, cbrt, ...) into vector.extract/insert, which
        # convert-vector-to-llvm must then lower
        "convert-math-to-llvm",
        "convert-math-to-libm",
        # horizontal sums as trees, not 16 dependent scalar adds (multi_acc.py's switch)
        "convert-vector-to-llvm{reassociate-fp-reductions=true}" if env_flag("DESCEND_MULTI_ACC") else "convert-vector-to-llvm",
        "convert-arith-to-llvm",
        "convert-index-to-llvm",
    ]
    if threads > 1:
        llvm += ["convert-openmp-to-llvm"]
    llvm += [
        "convert-func-to-llvm",
        "convert-cf-to-llvm",
        "convert-ub-to-llvm",
        "reconcile-unrealized-casts",
    ]
    return [
        ("dsc", ["dsc-verify", "dsc-canonicalize"]),
        (
            "linalg",
            [
                "dsc-to-linalg",
                "convert-elementwise-to-linalg",
                "linalg-fuse-elementwise-ops",
                "canonicalize",
                "cse",
                "bool-storage-to-i8",
            ],
        ),
        (
            "buffers",
            [
                "linalg-innermost-contiguous",
                *(["duplicate-shared-fills"] if env_flag("DESCEND_ELIDE_COPIES") else []),
                "one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops}",
                "buffer-results-to-out-params{hoist-static-allocs=true modify-public-functions=true}",
                "buffer-deallocation-pipeline",
                "canonicalize",
                "memref-i1-to-i8",
                *matmul,
            ],
        ),
        ("loops", loops),
        ("llvm", llvm),
    ]


# Loop nests doing fewer iterations (elements) than this stay on one thread.
DEFAULT_PARALLEL_THRESHOLD = 1 << 16

STAGES: list[tuple[str, list[str]]] = cpu_stages()
STAGE_NAMES = [name for name, _ in STAGES]


def add_elements(pm, elements: list[str]) -> None:
    """Append pipeline elements (descend pass names or upstream elements) to `pm`."""
    for element in elements:
        name, _, opts = element.partition("{")
        if name in PASSES:
            add_pass(pm, name, opts.rstrip("}"))
        else:
            pm.add(element)


def parse_pipeline(text: str) -> list[str]:
    """Split a textual pass pipeline into its top-level elements.

    `builtin.module(a, b{x=1}, func.func(c))` -> ["a", "b{x=1}", "func.func(c)"];
    an unwrapped list `a, b` is accepted too. Raises ValueError on unbalanced brackets."""
    text = text.strip()
    if text.startswith("builtin.module(") and text.endswith(")"):
        text = text[len("builtin.module(") : -1]
    elements, depth, current = [], 0, []
    for ch in text:
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
            if depth < 0:
                raise ValueError(f"unbalanced '{ch}' in pass pipeline")
        if ch == "," and depth == 0:
            elements.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    if depth != 0:
        raise ValueError("unbalanced brackets in pass pipeline")
    if "".join(current).strip():
        elements.append("".join(current).strip())
    for e in elements:
        if not e:
            raise ValueError("empty element in pass pipeline")
    return elements


def stages_upto(upto: str) -> list[str]:
    """All pipeline elements of the stages up to and including `upto`."""
    if upto not in STAGE_NAMES:
        raise ValueError(f"unknown stage {upto!r}; stages are {', '.join(STAGE_NAMES)}")
    elements = []
    for name, stage in cpu_stages():  # the DESCEND_* switches as they are now
        elements += stage
        if name == upto:
            break
    return elements


def run_stages(module, upto: str = "llvm", start: str | None = None) -> None:
    """Run the stages after `start` (or from the beginning) up to `upto` on `module`, in place."""
    elements = stages_upto(upto)
    if start is not None:
        elements = elements[len(stages_upto(start)):]
    with module.context:
        pm = passmanager.PassManager("builtin.module")
        add_elements(pm, elements)
        pm.run(module.operation)
