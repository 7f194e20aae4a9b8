"""`descend.Array`: the result of a compiled computation.

On the CPU an Array wraps a read-only NumPy buffer that the generated code
wrote directly: `np.asarray(x)` returns it without a copy. Operators and
methods run through `descend.numpy` (eagerly compiled, cached per signature).
"""

from __future__ import annotations

import numpy as np

from .array_ops import ArrayOps


class Device:
    """A device descend can run on (only the host CPU for now)."""

    def __init__(self, platform: str = "cpu", id: int = 0):
        self.platform = platform
        self.id = id

    def __repr__(self) -> str:
        return f"CpuDevice(id={self.id})"


CPU = Device()


class Array(ArrayOps):
    """An immutable n-dimensional array computed by descend."""

    __array_priority__ = 100

    def __init__(self, buffer: np.ndarray):
        buffer.flags.writeable = False
        self._buffer = buffer

    shape = property(lambda self: self._buffer.shape)
    dtype = property(lambda self: self._buffer.dtype)
    ndim = property(lambda self: self._buffer.ndim)
    size = property(lambda self: self._buffer.size)
    device = property(lambda self: CPU)

    def devices(self):
        return {CPU}

    def block_until_ready(self) -> Array:
        """Wait until the value is computed (CPU execution is synchronous) and return self."""
        return self

    def __array__(self, dtype=None, copy=None):
        """The (read-only) buffer itself; a copy only when asked or for another dtype."""
        if copy:
            return np.array(self._buffer, dtype=dtype, copy=True)
        if dtype is None or np.dtype(dtype) == self._buffer.dtype:
            return self._buffer
        if copy is False:
            raise ValueError(f"descend.Array: converting {self.dtype} to {np.dtype(dtype)} needs a copy")
        return self._buffer.astype(dtype)

    def __repr__(self) -> str:
        body = np.array2string(self._buffer, separator=", ", prefix="Array(")
        return f"Array({body}, dtype={self.dtype})"

    def __str__(self) -> str:
        return str(self._buffer)

    def __len__(self):
        if self.ndim == 0:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        return (self[i] for i in range(self.shape[0]))

    def __bool__(self):
        return bool(self._buffer)

    def __int__(self):
        return int(self._buffer)

    def __float__(self):
        return float(self._buffer)

    def __index__(self):
        return self._buffer.__index__()

    def __complex__(self):
        return complex(self._buffer)

    def __format__(self, spec):
        return format(self._buffer.item() if self.ndim == 0 else self._buffer, spec)

    def tolist(self):
        return self._buffer.tolist()

    def item(self, *args):
        return self._buffer.item(*args)

    def __reduce__(self):
        return (Array, (np.array(self._buffer),))

    __hash__ = None
