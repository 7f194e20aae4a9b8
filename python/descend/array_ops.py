"""Operators and methods shared by `descend.Array` and traced values.

Each operator forwards to the `descend.numpy` function of the same meaning,
so `x + y` behaves identically eagerly and under `jit`.
"""

from __future__ import annotations


def _np():
    from descend import numpy as dnp

    return dnp


def _binop(name, reflected=False):
    def op(self, other):
        fn = getattr(_np(), name)
        return fn(other, self) if reflected else fn(self, other)

    op.__name__ = name
    return op


class ArrayOps:
    """Mixin: numpy operators and methods in terms of `descend.numpy`."""

    __add__ = _binop("add")
    __radd__ = _binop("add", True)
    __sub__ = _binop("subtract")
    __rsub__ = _binop("subtract", True)
    __mul__ = _binop("multiply")
    __rmul__ = _binop("multiply", True)
    __truediv__ = _binop("true_divide")
    __rtruediv__ = _binop("true_divide", True)
    __floordiv__ = _binop("floor_divide")
    __rfloordiv__ = _binop("floor_divide", True)
    __mod__ = _binop("remainder")
    __rmod__ = _binop("remainder", True)
    __pow__ = _binop("power")
    __rpow__ = _binop("power", True)
    __matmul__ = _binop("matmul")
    __rmatmul__ = _binop("matmul", True)
    __and__ = _binop("bitwise_and")
    __rand__ = _binop("bitwise_and", True)
    __or__ = _binop("bitwise_or")
    __ror__ = _binop("bitwise_or", True)
    __xor__ = _binop("bitwise_xor")
    __rxor__ = _binop("bitwise_xor", True)
    __lshift__ = _binop("left_shift")
    __rlshift__ = _binop("left_shift", True)
    __rshift__ = _binop("right_shift")
    __rrshift__ = _binop("right_shift", True)
    __lt__ = _binop("less")
    __le__ = _binop("less_equal")
    __gt__ = _binop("greater")
    __ge__ = _binop("greater_equal")
    __eq__ = _binop("equal")
    __ne__ = _binop("not_equal")

    def __neg__(self):
        return _np().negative(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _np().abs(self)

    def __invert__(self):
        return _np().invert(self)

    def __getitem__(self, idx):
        return _np()._getitem(self, idx)

    def __setitem__(self, idx, value):
        raise TypeError(
            f"{type(self).__name__} is immutable: item assignment is not supported; "
            "use x = x.at[idx].set(value) (or .add, .multiply, .min, .max, ...)"
        )

    @property
    def at(self):
        """JAX's functional updates: `x.at[idx].set(v)`, `.add`, `.multiply`, `.min`, `.max`, `.get`, ..."""
        from descend.numpy._indexing import _IndexUpdateHelper

        return _IndexUpdateHelper(self)

    @property
    def T(self):
        return _np().transpose(self)

    def reshape(self, *shape, order="C"):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return _np().reshape(self, shape, order=order)

    def transpose(self, *axes):
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = tuple(axes[0])
        return _np().transpose(self, axes or None)

    def astype(self, dtype):
        return _np().astype(self, dtype)

    def sum(self, axis=None, dtype=None, keepdims=False):
        return _np().sum(self, axis=axis, dtype=dtype, keepdims=keepdims)

    def mean(self, axis=None, keepdims=False):
        return _np().mean(self, axis=axis, keepdims=keepdims)

    def max(self, axis=None, keepdims=False):
        return _np().max(self, axis=axis, keepdims=keepdims)

    def min(self, axis=None, keepdims=False):
        return _np().min(self, axis=axis, keepdims=keepdims)

    def prod(self, axis=None, keepdims=False):
        return _np().prod(self, axis=axis, keepdims=keepdims)

    def argmax(self, axis=None):
        return _np().argmax(self, axis=axis)

    def argmin(self, axis=None):
        return _np().argmin(self, axis=axis)

    def squeeze(self, axis=None):
        return _np().squeeze(self, axis=axis)

    def flatten(self):
        return _np().ravel(self)

    def ravel(self):
        return _np().ravel(self)

    def dot(self, other):
        return _np().dot(self, other)

    def clip(self, min=None, max=None):
        return _np().clip(self, min, max)

    # more of NumPy's / JAX's array methods (descend.numpy functions; sort returns a copy, as JAX)
    def var(self, axis=None, dtype=None, ddof=0, keepdims=False):
        return _np().var(self, axis=axis, dtype=dtype, ddof=ddof, keepdims=keepdims)

    def std(self, axis=None, dtype=None, ddof=0, keepdims=False):
        return _np().std(self, axis=axis, dtype=dtype, ddof=ddof, keepdims=keepdims)

    def cumsum(self, axis=None, dtype=None):
        return _np().cumsum(self, axis=axis, dtype=dtype)

    def cumprod(self, axis=None, dtype=None):
        return _np().cumprod(self, axis=axis, dtype=dtype)

    def sort(self, axis=-1):
        return _np().sort(self, axis=axis)

    def argsort(self, axis=-1):
        return _np().argsort(self, axis=axis)

    def any(self, axis=None, keepdims=False):
        return _np().any(self, axis=axis, keepdims=keepdims)

    def all(self, axis=None, keepdims=False):
        return _np().all(self, axis=axis, keepdims=keepdims)

    def round(self, decimals=0):
        return _np().round(self, decimals)

    def trace(self, offset=0, axis1=0, axis2=1):
        return _np().trace(self, offset, axis1, axis2)

    def diagonal(self, offset=0, axis1=0, axis2=1):
        return _np().diagonal(self, offset, axis1, axis2)

    def repeat(self, repeats, axis=None):
        return _np().repeat(self, repeats, axis=axis)

    def swapaxes(self, axis1, axis2):
        return _np().swapaxes(self, axis1, axis2)

    def conj(self):
        return _np().conj(self)

    conjugate = conj

    @property
    def real(self):
        return _np().real(self)

    @property
    def imag(self):
        return _np().imag(self)
