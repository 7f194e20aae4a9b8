"""The NVIDIA GPU compilation pipeline as a list of named, printable stages.

Like `pipeline.py` (the CPU pipeline), each stage is a list of pipeline
elements (descend pass names or upstream MLIR pipeline elements). The first
three stages are the CPU pipeline's own, so both targets see the same fused
linalg; then:

  gpu     kernels: matmuls as shared-memory tiled kernels and long reductions
          as parallel reductions (`gpu-linalg-to-kernels`), everything else as
          parallel loops flattened and mapped to blocks x threads
          (`gpu-map-parallel-loops-flat`, `convert-parallel-loops-to-gpu`);
          host code touches no device memory (`gpu-host-memory`); kernels
          outlined into `gpu.module`s, called by `gpu.launch_func`
  nvvm    kernels in the NVVM/LLVM dialects with an `#nvvm.target` (chip,
          PTX features); the host still in func/memref/gpu ops
  binary  `gpu.binary` ops holding PTX (`gpu-module-to-binary`, libdevice
          linked from the CUDA toolkit when one is found); the host in the
          llvm dialect, calling MLIR's CUDA runtime wrappers (`mgpu*`)

`ptx_of(text)` extracts the PTX of each kernel module from the `binary`
stage. The arguments of the public function are memrefs whose pointers are
*device* pointers; results are caller-provided out-params, as on the CPU.

The same stages from the command line, down to PTX, on bufferized input (the
`buffers` stage's output, e.g. `jit(f).lower(x).as_text("buffers")`):

    descend-opt in.mlir --pass-pipeline="$(python -m descend.lowering.gpu_pipeline)"
    python -m descend.lowering.gpu_pipeline --upto nvvm     # the elements up to a stage
"""

from __future__ import annotations

import glob
import os
import re

from mlir import passmanager

from .pipeline import STAGES as CPU_STAGES
from .pipeline import add_elements

DEFAULT_CHIP = "sm_90"
GPU_STAGE_NAMES = ["dsc", "linalg", "buffers", "gpu", "nvvm", "binary"]


def ptx_features(chip: str) -> str:
    """The PTX ISA version to target for `chip` (the lowest that supports it)."""
    try:
        sm = int(re.sub(r"[^0-9]", "", chip))
    except ValueError:
        sm = 90
    if sm >= 100:
        return "+ptx86"
    if sm >= 90:
        return "+ptx80"
    if sm >= 80:
        return "+ptx70"
    return "+ptx60"


def find_cuda_toolkit() -> str | None:
    """A CUDA toolkit directory holding `nvvm/libdevice/libdevice.10.bc` (for math functions
    in kernels): $DESCEND_CUDA_PATH, $CUDA_HOME, $CUDA_PATH, /usr/local/cuda*, or the
    `nvidia-cuda-nvcc` wheel. None when there is none (kernels calling libdevice then
    fail to load)."""
    candidates = [os.environ.get(v) for v in ("DESCEND_CUDA_PATH", "CUDA_HOME", "CUDA_PATH", "CUDA_ROOT")]
    candidates += ["/usr/local/cuda"] + sorted(glob.glob("/usr/local/cuda-*"), reverse=True)
    try:
        import nvidia.cuda_nvcc as _nvcc  # type: ignore[import-not-found]

        candidates += list(getattr(_nvcc, "__path__", []))
    except ImportError:
        pass
    for root in candidates:
        if root and os.path.isfile(os.path.join(root, "nvvm", "libdevice", "libdevice.10.bc")):
            return root
    return None


def gpu_stages(chip: str = DEFAULT_CHIP, toolkit: str | None = "auto", fmt: str = "isa", opt: int = 3):
    """The GPU stages for target `chip` (e.g. "sm_90"), binary format `fmt` ("isa": PTX,
    "bin": cubin, "fatbin"), libdevice from `toolkit` ("auto": `find_cuda_toolkit()`)."""
    cpu = dict(CPU_STAGES)
    if toolkit == "auto":
        toolkit = find_cuda_toolkit()
    features = ptx_features(chip)
    binary_opts = f"format={fmt}" + (f" toolkit={toolkit}" if toolkit else "")
    return [
        ("dsc", list(cpu["dsc"])),
        # the GPU reduction kernels combine in a tree: no tree of block sums (see tree_sum.py)
        ("linalg", ["dsc-to-linalg-gpu" if e == "dsc-to-linalg" else e for e in cpu["linalg"]]),
        # the CPU's matmul kernels (matmul-schedule) are not for the GPU: gpu-linalg-to-kernels tiles matmuls
        ("buffers", [e for e in cpu["buffers"] if not e.startswith("matmul-schedule")]),
        (
            "gpu",
            [
                "func.func(linalg-generalize-named-ops)",
                "gpu-linalg-to-kernels",
                "func.func(convert-linalg-to-parallel-loops)",
                "canonicalize",
                "gpu-map-parallel-loops-flat",
                "func.func(convert-parallel-loops-to-gpu)",
                "gpu-host-memory",
                "canonicalize",
                "cse",
                "func.func(gpu-launch-sink-index-computations)",
                "gpu-kernel-outlining",
            ],
        ),
        (
            "nvvm",
            [
                f"nvvm-attach-target{{chip={chip} features={features} O={opt}}}",
                "gpu.module(lower-affine, convert-scf-to-cf, expand-strided-metadata, "
                "convert-gpu-to-nvvm, canonicalize, cse, reconcile-unrealized-casts)",
            ],
        ),
        (
            "binary",
            [
                "func.func(gpu-async-region)",
                "lower-affine",
                "convert-scf-to-cf",
                "expand-strided-metadata",
                "finalize-memref-to-llvm",
                "convert-math-to-llvm",
                "convert-arith-to-llvm",
                "convert-index-to-llvm",
                "convert-func-to-llvm",
                "convert-cf-to-llvm",
                "gpu-to-llvm",
                f"gpu-module-to-binary{{{binary_opts}}}",
                "convert-ub-to-llvm",
                "canonicalize",
                "cse",
                "reconcile-unrealized-casts",
            ],
        ),
    ]


GPU_STAGES = gpu_stages()


def gpu_stages_upto(upto: str, stages=None) -> list[str]:
    """All pipeline elements of the GPU stages up to and including `upto`."""
    stages = stages or GPU_STAGES
    names = [n for n, _ in stages]
    if upto not in names:
        raise ValueError(f"unknown GPU stage {upto!r}; stages are {', '.join(names)} (and 'ptx')")
    elements = []
    for name, elems in stages:
        elements += elems
        if name == upto:
            break
    return elements


def run_gpu_stages(module, upto: str = "binary", start: str | None = None, stages=None) -> None:
    """Run the GPU stages after `start` (or from the beginning) up to `upto` on `module`, in place."""
    stages = stages or GPU_STAGES
    elements = gpu_stages_upto(upto, stages)
    if start is not None:
        elements = elements[len(gpu_stages_upto(start, stages)) :]
    with module.context:
        pm = passmanager.PassManager("builtin.module")
        add_elements(pm, elements)
        pm.run(module.operation)


def pipeline_text(upto: str = "binary", stages=None) -> str:
    """The textual pass pipeline of the GPU stages after bufferization up to `upto`
    (for `descend-opt --pass-pipeline=...` on bufferized input), or of all stages when
    `upto` is given with a leading '+'."""
    full = upto.startswith("+")
    upto = upto.lstrip("+")
    elements = gpu_stages_upto(upto, stages)
    if not full:
        elements = elements[len(gpu_stages_upto("buffers", stages)) :]
    return f"builtin.module({', '.join(elements)})"


_ASM = re.compile(r'assembly = "((?:[^"\\]|\\.)*)"')


def _unescape(s: str) -> str:
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            if re.match(r"[0-9A-Fa-f]{2}", s[i + 1 : i + 3]):
                out.append(int(s[i + 1 : i + 3], 16))
                i += 3
                continue
            out += {"n": b"\n", "t": b"\t", '"': b'"', "\\": b"\\"}.get(nxt, nxt.encode())
            i += 2
            continue
        out += c.encode()
        i += 1
    return out.decode("utf-8", errors="replace")


def ptx_of(module_text: str) -> str:
    """The PTX of every `gpu.binary` in printed IR of the `binary` stage (format isa), joined."""
    parts = []
    for m in _ASM.finditer(module_text):
        parts.append(_unescape(m.group(1)))
    if not parts:
        parts = [_object_ptx(module_text)]
    return "\n".join(p for p in parts if p)


def _object_ptx(module_text: str) -> str:
    """PTX from `#gpu.object<..., "...">` payloads (the form some MLIR versions print)."""
    out = []
    for m in re.finditer(r'#gpu\.object<[^"]*"((?:[^"\\]|\\.)*)"', module_text):
        text = _unescape(m.group(1))
        if ".entry" in text or ".version" in text:
            out.append(text)
    return "\n".join(out)


def main(argv=None) -> int:
    import argparse

    p = argparse.ArgumentParser(
        prog="python -m descend.lowering.gpu_pipeline",
        description="Print the GPU pipeline as a textual pass pipeline for descend-opt --pass-pipeline",
    )
    p.add_argument("--upto", default="binary", help="last stage: gpu, nvvm or binary (default: binary)")
    p.add_argument("--from-dsc", action="store_true", help="include the dsc, linalg and buffers stages")
    p.add_argument("--chip", default=DEFAULT_CHIP, help="target chip (default: sm_90)")
    args = p.parse_args(argv)
    stages = gpu_stages(args.chip)
    print(pipeline_text(("+" if args.from_dsc else "") + args.upto, stages))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
