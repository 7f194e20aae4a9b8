"""descend: a JAX-like compiler for Python built on MLIR.

    import descend, descend.numpy as dnp

    @descend.jit
    def f(a, b):
        return dnp.sum(dnp.exp(a * b + a), axis=0)

Functions are traced into the `dsc` MLIR dialect, lowered through linalg,
bufferization, loops and LLVM, and JIT-compiled with MLIR's ExecutionEngine.
"""

from . import lax, numpy  # noqa: F401
from .ad.api import grad, hessian, jacfwd, jacrev, jvp, value_and_grad, vjp
from .ad.custom import custom_jvp, custom_vjp
from .array import Array, Device
from .batching.api import vmap
from .jit import Compiled, Jitted, Lowered, jit
from .tracing import EscapedTracerError, TracerArrayConversionError, TracerBoolConversionError
from .tree import tree_flatten, tree_leaves, tree_map, tree_unflatten

__version__ = "0.1.0"


def devices(backend: str | None = None) -> list:
    """The devices descend can run on (the host CPU)."""
    if backend not in (None, "cpu"):
        raise RuntimeError(f"descend: backend {backend!r} is not available (only 'cpu')")
    from .array import CPU

    return [CPU]


def default_backend() -> str:
    return "cpu"


__all__ = [
    "Array",
    "Compiled",
    "Device",
    "EscapedTracerError",
    "Jitted",
    "Lowered",
    "TracerArrayConversionError",
    "TracerBoolConversionError",
    "custom_jvp",
    "custom_vjp",
    "default_backend",
    "devices",
    "grad",
    "hessian",
    "jacfwd",
    "jacrev",
    "jit",
    "jvp",
    "lax",
    "numpy",
    "tree_flatten",
    "tree_leaves",
    "tree_map",
    "tree_unflatten",
    "value_and_grad",
    "vjp",
    "vmap",
]
