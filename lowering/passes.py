"""The registry of descend's passes: name -> (callable, description).

Every descend pass is a Python function `(op, pass_) -> None` over a module,
usable in a `PassManager` next to upstream passes (`add_pass`), from
`descend-opt` (as `--<name>` or inside `--pass-pipeline=`) and from the
pipeline stages in `pipeline.py`. A new pass costs one file, one line here and
one `.mlir` test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from descend.dialects.canonicalize import dsc_canonicalize_pass
from descend.dialects.verifier import dsc_verify_pass

from .bool_storage import bool_storage_pass
from .copy_elision import elide_copies_pass
from .dsc_to_linalg import dsc_to_linalg_pass
from .fast_math import fast_math_pass
from .gpu_kernels import gpu_host_memory_pass, gpu_linalg_kernels_pass, gpu_map_parallel_pass
from .interchange import interchange_pass
from .licm import make_hoist_invariants
from .loop_opts import (
    make_guarded_super_vectorize,
    make_parallel_chunks,
    promote_accumulators_pass,
    split_vector_remainder_pass_factory,
    strided_access_to_memref_pass,
    transfer_in_bounds_pass,
)
from .matmul_schedule import kernel_bodies_pass, make_matmul_schedule
from .memref_i1 import memref_i1_pass
from .multi_acc import make_split_accumulators
from .row_fusion import hoist_loop_allocas_pass, make_row_fusion
from .shared_fills import shared_fills_pass
from .tree_sum import tree_sum_pass


class PassInfo(NamedTuple):
    run: Callable  # (op, pass_) -> None; or, for passes with options, make(options) -> run
    description: str
    options: dict | None = None  # option name -> description, for passes that take options


def _lazy(kind):
    """The autodiff passes live with the transformations in descend.ad (imported on use)."""

    def make(opts):
        from descend.ad.passes import make_pass

        return make_pass(kind)(opts)

    return make


def _lazy_vmap(opts):
    from descend.batching.passes import make_vmap_pass

    return make_vmap_pass(opts)


def _dsc_to_linalg(op, pass_):
    """dsc-to-linalg: dsc-tree-sum, then the lowering."""
    tree_sum_pass(op, pass_)
    dsc_to_linalg_pass(op, pass_)


_AD_OPTIONS = {"func": "function to differentiate", "wrt": "comma-separated argument indices"}


PASSES: dict[str, PassInfo] = {
    "dsc-verify": PassInfo(dsc_verify_pass, "Check every dsc op against its shape/type rule"),
    "dsc-canonicalize": PassInfo(dsc_canonicalize_pass, "CSE and DCE of dsc ops"),
    "dsc-tree-sum": PassInfo(tree_sum_pass, "Long floating-point sums as trees of block sums (CPU accuracy)"),
    "dsc-to-linalg": PassInfo(
        _dsc_to_linalg, "Lower dsc ops to linalg/tensor/arith/math on tensors (long float sums as trees: dsc-tree-sum)"
    ),
    "dsc-to-linalg-gpu": PassInfo(
        dsc_to_linalg_pass, "dsc-to-linalg without dsc-tree-sum (the GPU reduction kernels combine in a tree)"
    ),
    "bool-storage-to-i8": PassInfo(bool_storage_pass, "Store boolean tensors as i8 (0/1), as NumPy does"),
    "linalg-innermost-contiguous": PassInfo(
        interchange_pass, "Permute contraction loops so the innermost one walks memory contiguously"
    ),
    "matmul-schedule": PassInfo(
        make_matmul_schedule,
        "Float contractions on memrefs as calls of packed, register-tiled, vectorized kernels",
        {"threads": "threads for the kernels' parallel loop",
         "defer": "1: kernels as declarations with their parameters (bodies: matmul-kernel-bodies)"},
    ),
    "matmul-kernel-bodies": PassInfo(kernel_bodies_pass, "The bodies of the kernel declarations of matmul-schedule{defer=1}"),
    "memref-i1-to-i8": PassInfo(memref_i1_pass, "Widen i1 memrefs to i8 (LLVM 22 aborts on i1 stores)"),
    "fast-math-polynomials": PassInfo(fast_math_pass, "exp/tanh/log (f32, f64) as vectorizable polynomials"),
    "promote-accumulators": PassInfo(promote_accumulators_pass, "Carry reduction accumulators of affine loops in iter_args"),
    "split-vector-remainder": PassInfo(
        split_vector_remainder_pass_factory,
        "Split innermost affine loops into a multiple of the vector size and a remainder",
        {"vector-size": "elements per vector"},
    ),
    "affine-strided-to-memref": PassInfo(strided_access_to_memref_pass, "affine.load/store of strided memrefs as memref.load/store"),
    "guarded-super-vectorize": PassInfo(
        make_guarded_super_vectorize,
        "affine-super-vectorize per function, keeping the scalar function where it fails",
        {"vector-size": "elements per vector"},
    ),
    "vector-transfer-in-bounds": PassInfo(transfer_in_bounds_pass, "Mark provably in-bounds 1-D vector transfers"),
    "parallel-chunks": PassInfo(
        make_parallel_chunks,
        "Keep affine.parallel for large nests only (others become affine.for); split 1-D ones into chunks",
        {"threads": "threads", "threshold": "minimum iterations of a parallel nest", "vector-size": "chunk multiple"},
    ),
    "fuse-row-loops": PassInfo(
        make_row_fusion,
        "Fuse consecutive affine nests over the same rows; their temporaries become one-row allocas",
        {"max-row-bytes": "largest temporary row kept on the stack"},
    ),
    "elide-output-copies": PassInfo(elide_copies_pass, "Compute results in their output buffers (no temporary and copy)"),
    "duplicate-shared-fills": PassInfo(shared_fills_pass, "One linalg.fill per use (no buffer copies of shared accumulator fills)"),
    "hoist-loop-invariants": PassInfo(
        make_hoist_invariants,
        "Move loop-invariant arith/math ops and loads out of affine loops; divide by an invariant as a multiply",
        {"reciprocal": "1: a / b with b loop-invariant (not a constant) as a * (1 / b)"},
    ),
    "split-reduction-accumulators": PassInfo(
        make_split_accumulators,
        "Reduction loops with K independent accumulators, combined after the loop",
        {"factor": "accumulators per reduction (K)"},
    ),
    "hoist-loop-allocas": PassInfo(hoist_loop_allocas_pass, "Move static allocas out of sequential loops"),
    "dsc-jvp": PassInfo(_lazy("jvp"), "Add @<func>_jvp: forward mode (primals, tangents) -> (outs, tangent outs)", {"func": "function to differentiate"}),
    "dsc-vjp": PassInfo(_lazy("vjp"), "Add @<func>_vjp: reverse mode (primals, output cotangents) -> input cotangents", _AD_OPTIONS),
    "dsc-vmap": PassInfo(
        _lazy_vmap,
        "Add @<func>_vmap: the function batched along a new leading dimension",
        {"func": "function to batch", "in_axes": "per argument: 0 (mapped) or none", "axis_size": "batch size"},
    ),
    "dsc-grad": PassInfo(_lazy("grad"), "Add @<func>_grad: the gradient of a real scalar function", _AD_OPTIONS),
    "gpu-linalg-to-kernels": PassInfo(gpu_linalg_kernels_pass, "GPU: matmuls as shared-memory tiled kernels, long reductions as parallel reductions"),
    "gpu-map-parallel-loops-flat": PassInfo(gpu_map_parallel_pass, "GPU: flatten scf.parallel nests and map them to blocks x threads (coalesced)"),
    "gpu-host-memory": PassInfo(gpu_host_memory_pass, "GPU: gpu.alloc for buffers, no host access to device memory, constants into kernels"),
}


def parse_options(name: str, text: str, allowed: dict | None) -> dict:
    """`k=v k2=v2` -> {"k": "v", ...}; ValueError for unknown or malformed options."""
    opts = {}
    for item in text.split():
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise ValueError(f"pass '{name}': malformed option '{item}' (expected key=value)")
        if allowed is None or key not in allowed:
            known = ", ".join(allowed) if allowed else "none"
            raise ValueError(f"pass '{name}': unknown option '{key}' (options: {known})")
        opts[key] = value
    return opts


def add_pass(pm, name: str, options: str = "") -> None:
    """Append descend pass `name` (with textual `options`, e.g. "func=f wrt=0,1") to PassManager `pm`."""
    info = PASSES[name]
    opts = parse_options(name, options, info.options)
    run = info.run(opts) if info.options is not None else info.run
    pm.add(run, name=name, argument=name, description=info.description)
