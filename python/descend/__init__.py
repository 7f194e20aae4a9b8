"""descend: a JAX-like compiler for Python built on MLIR.

    import descend, descend.numpy as dnp

    @descend.jit
    def f(a, b):
        return dnp.sum(dnp.exp(a * b + a), axis=0)

Functions are traced into the `dsc` MLIR dialect, lowered through linalg,
bufferization, loops and LLVM, and JIT-compiled with MLIR's ExecutionEngine.
"""

from . import lax, nn, numpy, random, scipy, tree_util  # noqa: F401
from .ad.api import grad, hessian, jacfwd, jacrev, jvp, value_and_grad, vjp
from .ad.custom import custom_jvp, custom_vjp
from .array import Array, Device
from .batching.api import vmap
from .devices import default_backend, device_put, devices
from .jit import Compiled, Jitted, Lowered, jit
from .tracing import EscapedTracerError, TracerArrayConversionError, TracerBoolConversionError
from .tree import tree_flatten, tree_leaves, tree_map, tree_unflatten

__version__ = "0.1.0"

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
    "device_put",
    "devices",
    "grad",
    "hessian",
    "jacfwd",
    "jacrev",
    "jit",
    "jvp",
    "lax",
    "nn",
    "numpy",
    "random",
    "scipy",
    "tree_flatten",
    "tree_leaves",
    "tree_map",
    "tree_unflatten",
    "tree_util",
    "value_and_grad",
    "vjp",
    "vmap",
]
