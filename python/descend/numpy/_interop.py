"""NumPy interop in descend.numpy: dtype queries (isdtype, iterable), printing (array_repr,
array_str, printoptions, get_printoptions, set_printoptions) and host data in and out
(frombuffer, fromstring, from_dlpack, load, save, savez; fromiter and fromfile raise as in JAX).

All of these work on concrete values on the host and delegate to NumPy: printing a traced
value or building an array from host bytes under a trace raises TypeError / gives a constant.
"""

from __future__ import annotations

import numpy as np

from descend.tracing import Tracer

from ._creation import asarray

printoptions = np.printoptions
get_printoptions = np.get_printoptions
set_printoptions = np.set_printoptions
save = np.save
savez = np.savez

_KINDS = ("bool", "signed integer", "unsigned integer", "integral", "real floating", "complex floating", "numeric")


def isdtype(dtype, kind) -> bool:
    """Whether `dtype` is of `kind`: a dtype, one of the array API's kind names ('bool',
    'signed integer', 'unsigned integer', 'integral', 'real floating', 'complex floating',
    'numeric') or a tuple of those."""
    dt = np.dtype(dtype)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    for k in kinds:
        if isinstance(k, str) and k in _KINDS:
            if dt.name == "bfloat16":  # (ml_dtypes': NumPy's isdtype rejects it)
                if k in ("real floating", "numeric"):
                    return True
            elif np.isdtype(dt, k):
                return True
            continue
        try:
            other = np.dtype(k)
        except TypeError as e:
            if isinstance(k, str):
                raise ValueError(f"isdtype: unrecognized kind={k!r}; expected one of {list(_KINDS)} or a dtype") from None
            raise TypeError(f"isdtype: expected kind to be a dtype, string or tuple, got {k!r}") from e
        if dt == other:
            return True
    return False


def iterable(y) -> bool:
    """Whether `iter(y)` works (NumPy's `iterable`)."""
    try:
        iter(y)
    except TypeError:
        return False
    return True


def _host(name: str, a) -> np.ndarray:
    if isinstance(a, Tracer):
        raise TypeError(f"{name}: cannot print a traced value (its contents are not known while tracing)")
    return np.asarray(a)


def array_repr(arr, max_line_width=None, precision=None, suppress_small=None) -> str:
    """NumPy's repr of the array's values."""
    return np.array_repr(_host("array_repr", arr), max_line_width, precision, suppress_small)


def array_str(a, max_line_width=None, precision=None, suppress_small=None) -> str:
    """NumPy's str of the array's values."""
    return np.array_str(_host("array_str", a), max_line_width, precision, suppress_small)


def frombuffer(buffer, dtype=float, count=-1, offset=0):
    """A 1-d array from the bytes of `buffer` (`float` means float32, as in JAX)."""
    return asarray(np.frombuffer(buffer, dtype=_np_dtype(dtype), count=count, offset=offset))


def fromstring(string, dtype=float, count=-1, *, sep):
    """A 1-d array from text numbers separated by `sep` (NumPy's `fromstring`)."""
    return asarray(np.fromstring(string, dtype=_np_dtype(dtype), count=count, sep=sep))


def from_dlpack(x, /, *, device=None, copy=None):
    """An array from any object with `__dlpack__` on the CPU (a NumPy array, a torch tensor)."""
    if device is not None:
        raise NotImplementedError("from_dlpack: argument 'device' is not supported")
    return asarray(np.from_dlpack(x, copy=copy))


def load(file, *args, **kwargs):
    """`np.load`, with a single array returned as a descend array (npz archives as NumPy's)."""
    out = np.load(file, *args, **kwargs)
    if isinstance(out, np.ndarray):
        try:
            out = asarray(out)
        except (TypeError, ValueError):  # a dtype descend does not support stays a NumPy array
            pass
    return out


def fromiter(*args, **kwargs):
    """Not supported, as in JAX: use `asarray(np.fromiter(...))`."""
    raise NotImplementedError(
        "fromiter: consuming an iterable is unsafe under jit and transformations; use asarray(np.fromiter(...))"
    )


def fromfile(*args, **kwargs):
    """Not supported, as in JAX: use `asarray(np.fromfile(...))`."""
    raise NotImplementedError("fromfile: reading files is unsafe under jit and transformations; use asarray(np.fromfile(...))")


def _np_dtype(dtype):
    if dtype is float:
        return np.float32
    if dtype is int:
        return np.int32
    return dtype


__all__ = [
    "isdtype", "iterable", "array_repr", "array_str", "printoptions", "get_printoptions", "set_printoptions",
    "frombuffer", "fromstring", "from_dlpack", "load", "save", "savez", "fromiter", "fromfile",
]
