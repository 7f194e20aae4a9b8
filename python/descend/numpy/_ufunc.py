"""`descend.numpy.ufunc` and `frompyfunc`: a function of scalars as a NumPy-style universal
function (`jax.numpy.ufunc`'s semantics).

`ufunc(*args)` applies the scalar function elementwise over the broadcast arguments (vmap of
the function over the flattened elements); `outer` does so over all pairs; `reduce` and
`accumulate` fold a binary function along an axis with `lax.scan` (sequentially: the function
need not be associative), starting from `initial` or else the ufunc's `identity` or else the
first element, as JAX. `at` and `reduceat` are not supported (use `x.at[...]`).
"""

from __future__ import annotations

import numpy as np

from descend import dtypes, lax
from descend.control.api import scan
from descend.tracing import Tracer, current_trace

from ._creation import asarray
from ._shape import concatenate, expand_dims, moveaxis, reshape
from ._util import broadcast_shapes, broadcast_to_shape, canonical_axes, promote


def _apply(func, nout: int, ts: list):
    """`func` of scalars over the broadcast Tracers `ts` (inside a trace)."""
    from descend import vmap

    shape = broadcast_shapes("ufunc", *(t.shape for t in ts))
    if not shape:
        return func(*ts)
    n = int(np.prod(shape, dtype=np.int64))
    flat = [lax.reshape(broadcast_to_shape(t, shape), (n,)) for t in ts]
    out = vmap(func)(*flat)
    if nout == 1:
        return reshape(out, shape)
    return tuple(reshape(o, shape) for o in out)


class ufunc:
    """A universal function from `func` (a function of `nin` scalars returning `nout`)."""

    def __init__(self, func, /, nin: int, nout: int, *, name: str | None = None, nargs: int | None = None, identity=None):
        if not callable(func):
            raise TypeError(f"ufunc: func must be callable, got {type(func).__name__}")
        self._func = func
        self.nin, self.nout = int(nin), int(nout)
        self.nargs = int(nargs) if nargs is not None else self.nin
        self.identity = identity
        self.__name__ = name or getattr(func, "__name__", "ufunc")
        from descend.jit import jit

        self._call_jit = jit(lambda *xs: _apply(self._func, self.nout, [promote("ufunc", x)[0] for x in xs]))
        self._reduce_jit = jit(self._reduce_impl, static_argnames=("axes", "keepdims", "has_initial"))
        self._accumulate_jit = jit(self._accumulate_impl, static_argnames=("axis",))

    def __repr__(self) -> str:
        return f"<descend.numpy.ufunc '{self.__name__}'>"

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other) -> bool:
        return self is other

    def __call__(self, *args, out=None, where=None):
        if out is not None:
            raise NotImplementedError(f"{self.__name__}: argument 'out' is not supported")
        if where is not None:
            raise NotImplementedError(f"{self.__name__}: argument 'where' is not supported")
        if len(args) != self.nin:
            raise TypeError(f"{self.__name__}: expected {self.nin} positional argument(s), got {len(args)}")
        if current_trace() is not None:
            return _apply(self._func, self.nout, [promote(self.__name__, a)[0] for a in args])
        return self._call_jit(*(a if isinstance(a, Tracer) else asarray(a) for a in args))

    def _binary(self, what: str):
        if self.nin != 2 or self.nout != 1:
            raise ValueError(f"{self.__name__}.{what}: only binary ufuncs with one output are supported (nin=2, nout=1)")

    def outer(self, A, B, /):
        """func(A[i, j, ...], B[k, l, ...]) over all pairs: shape A.shape + B.shape."""
        self._binary("outer")
        a, b = asarray(A), asarray(B)
        return self(reshape(a, tuple(a.shape) + (1,) * b.ndim), b)

    # ---- folds along an axis ------------------------------------------------------------------

    def _fold(self, c, x):
        return _apply(self._func, 1, [c, x])

    def _reduce_impl(self, a, initial, axes, keepdims, has_initial):
        (t,) = promote(self.__name__, a)
        rest = [d for d in range(t.ndim) if d not in axes]
        t = lax.transpose(t, tuple(axes) + tuple(rest))
        out_shape = tuple(t.shape[len(axes) :])
        n = int(np.prod(t.shape[: len(axes)], dtype=np.int64))
        t = lax.reshape(t, (n,) + out_shape)
        if has_initial:
            carry, xs = broadcast_to_shape(promote(self.__name__, initial, dtype=t.aval.dtype)[0], out_shape), t
        else:
            carry = lax.reshape(lax.slice(t, (0,) * t.ndim, (1,) + out_shape), out_shape)
            xs = lax.slice(t, (1,) + (0,) * len(out_shape), (n,) + out_shape)
        if xs.shape[0]:
            carry, _ = scan(lambda c, x: (lax.convert_element_type(self._fold(c, x), t.aval.dtype), None), carry, xs)
        if keepdims:
            carry = expand_dims(carry, tuple(axes))
        return carry

    def reduce(self, a, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=None):
        """Fold the binary ufunc along `axis` (None: all axes; a tuple: those axes)."""
        self._binary("reduce")
        if out is not None:
            raise NotImplementedError(f"{self.__name__}.reduce: argument 'out' is not supported")
        if where is not None:
            raise NotImplementedError(f"{self.__name__}.reduce: argument 'where' is not supported")
        a = a if isinstance(a, Tracer) else asarray(a)
        if dtype is not None:
            a = lax.convert_element_type(a, dtypes.canonicalize_dtype(dtype))
        axes = canonical_axes(f"{self.__name__}.reduce", axis, a.ndim)
        if initial is None:
            initial = self.identity
        size = int(np.prod([a.shape[d] for d in axes], dtype=np.int64))
        if size == 0 and initial is None:
            raise ValueError(f"zero-size array to reduction operation {self.__name__} which has no identity")
        has_initial = initial is not None
        init = initial if has_initial else 0
        if current_trace() is not None:
            return self._reduce_impl(a, init, axes, bool(keepdims), has_initial)
        return self._reduce_jit(a, init, axes=axes, keepdims=bool(keepdims), has_initial=has_initial)

    def _accumulate_impl(self, a, axis):
        (t,) = promote(self.__name__, a)
        t = moveaxis(t, axis, 0)
        n, rest = t.shape[0], tuple(t.shape[1:])
        if n <= 1:
            return moveaxis(t, 0, axis)
        first = lax.reshape(lax.slice(t, (0,) * t.ndim, (1,) + rest), rest)
        xs = lax.slice(t, (1,) + (0,) * len(rest), (n,) + rest)

        def step(c, x):
            c = lax.convert_element_type(self._fold(c, x), t.aval.dtype)
            return c, c

        _, ys = scan(step, first, xs)
        return moveaxis(concatenate([lax.reshape(first, (1,) + rest), ys], axis=0), 0, axis)

    def accumulate(self, a, axis=0, dtype=None, out=None):
        """The running fold of the binary ufunc along `axis` (the first entry is a[0])."""
        self._binary("accumulate")
        if out is not None:
            raise NotImplementedError(f"{self.__name__}.accumulate: argument 'out' is not supported")
        a = a if isinstance(a, Tracer) else asarray(a)
        if dtype is not None:
            a = lax.convert_element_type(a, dtypes.canonicalize_dtype(dtype))
        if a.ndim == 0:
            raise ValueError(f"{self.__name__}.accumulate: cannot accumulate a 0-d array")
        (ax,) = canonical_axes(f"{self.__name__}.accumulate", axis, a.ndim)
        if current_trace() is not None:
            return self._accumulate_impl(a, ax)
        return self._accumulate_jit(a, axis=ax)

    def at(self, a, indices, b=None, /, *, inplace=True):
        raise NotImplementedError(f"{self.__name__}.at: not supported (use x.at[indices].set / .add / ...)")

    def reduceat(self, a, indices, axis=0, dtype=None, out=None):
        raise NotImplementedError(f"{self.__name__}.reduceat: not supported")


def frompyfunc(func, /, nin, nout, *, identity=None):
    """A `ufunc` from a Python function of `nin` scalars with `nout` results (`jax.numpy.frompyfunc`):
    the function is traced (it must use descend / lax operations, not Python control flow on values)."""
    return ufunc(func, nin, nout, identity=identity)


__all__ = ["ufunc", "frompyfunc"]
