"""The CPU compilation pipeline as a list of named, printable stages.

Each stage is a list of pipeline elements: a descend pass name (from
`passes.PASSES`) or an upstream MLIR textual pass pipeline element. Running the
stages in order takes a module from traced `dsc` to the `llvm` dialect:

  dsc     traced IR, verified and canonicalized (dsc-verify, dsc-canonicalize)
  linalg  dsc-to-linalg, then linalg.generic on tensors, fused elementwise
  buffers bufferized, results written into caller-provided out-params
  loops   affine loops over memrefs
  llvm    the llvm dialect, ready for the ExecutionEngine

`run_stages(module, upto)` applies the stages up to and including `upto`.
"""

from __future__ import annotations

from mlir import passmanager

from .passes import PASSES, add_pass

STAGES: list[tuple[str, list[str]]] = [
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
            "one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops}",
            "buffer-results-to-out-params{hoist-static-allocs=true modify-public-functions=true}",
            "buffer-deallocation-pipeline",
            "canonicalize",
            "memref-i1-to-i8",
        ],
    ),
    ("loops", ["func.func(convert-linalg-to-affine-loops)", "canonicalize"]),
    (
        "llvm",
        [
            "convert-vector-to-scf",
            "expand-strided-metadata",
            "lower-affine",
            "finalize-memref-to-llvm",
            "convert-scf-to-cf",
            "convert-vector-to-llvm",
            "convert-math-to-funcs",
            "convert-math-to-llvm",
            "convert-math-to-libm",
            "convert-arith-to-llvm",
            "convert-index-to-llvm",
            "convert-func-to-llvm",
            "convert-cf-to-llvm",
            "convert-ub-to-llvm",
            "reconcile-unrealized-casts",
        ],
    ),
]
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
    for name, stage in STAGES:
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
