"""`descend.numpy.linalg` functions built on the factorisations of `_linalg_decomp.py`:
inv, solve, det, slogdet, cholesky, qr, norm, matrix_power, multi_dot and the array-API
spellings of trace / diagonal (over the last two axes).

All take stacks (..., n, n) (qr, norm: (..., m, n)); integer inputs are computed in float32
(float64 stays float64); a singular matrix gives what the division by its zero pivot gives
(inf / nan in inv and solve, 0 in det, (0, -inf) in slogdet), as JAX, never an error.
"""

from __future__ import annotations

from typing import NamedTuple

from descend.jit import api

from ._linalg_decomp import cholesky_lower, gauss_jordan, householder_qr


class SlogdetResult(NamedTuple):
    sign: object
    logabsdet: object


class QRResult(NamedTuple):
    Q: object
    R: object


def _dnp():
    import descend.numpy as dnp

    return dnp


def _at():
    from .linalg import _at

    return _at()


def _float(op, *xs):
    from .linalg import _inexact

    return _inexact(op, *xs)


def _square(op, a):
    if a.ndim < 2:
        raise ValueError(
            f"{op}: {a.ndim}-dimensional array given; it must be at least two-dimensional" + _at()
        )
    if a.shape[-1] != a.shape[-2]:
        raise ValueError(
            f"{op}: last two dimensions of the array must be square, got shape {tuple(a.shape)}" + _at()
        )


@api
def _inv(a):
    dnp = _dnp()
    (a,) = _float("inv", a)
    _square("inv", a)
    n = a.shape[-1]
    eye = dnp.broadcast_to(dnp.eye(n, dtype=a.dtype), a.shape)
    return gauss_jordan(a, eye)[0]


def inv(a):
    """Inverse of a (..., n, n) (partial-pivoting Gauss-Jordan elimination)."""
    return _inv(a)


@api
def solve(a, b):
    """x with a @ x == b for a (..., n, n); b (n,) is one right-hand side (result (..., n)),
    any other b is a stack (..., n, k) broadcast against a's batch dims (NumPy 2's rule)."""
    dnp = _dnp()
    a, b = _float("solve", a, b)
    _square("solve", a)
    n = a.shape[-1]
    if b.ndim == 1:
        if b.shape[0] != n:
            raise ValueError(
                f"solve: b of shape {tuple(b.shape)} does not match a of shape {tuple(a.shape)}" + _at()
            )
        b2 = dnp.broadcast_to(b[:, None], a.shape[:-2] + (n, 1))
        return gauss_jordan(a, b2)[0][..., 0]
    if b.shape[-2] != n:
        raise ValueError(
            f"solve: b of shape {tuple(b.shape)} does not match a of shape {tuple(a.shape)} "
            "(b must be (n,) or (..., n, k))" + _at()
        )
    try:
        batch = dnp.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except (ValueError, TypeError):
        raise ValueError(
            f"solve: batch dimensions of a {tuple(a.shape)} and b {tuple(b.shape)} do not broadcast" + _at()
        ) from None
    a = dnp.broadcast_to(a, tuple(batch) + (n, n))
    b = dnp.broadcast_to(b, tuple(batch) + tuple(b.shape[-2:]))
    return gauss_jordan(a, b)[0]


def _lu_diag(op, a):
    dnp = _dnp()
    (a,) = _float(op, a)
    _square(op, a)
    n = a.shape[-1]
    _, piv, sign = gauss_jordan(a, dnp.zeros(a.shape[:-1] + (0,), a.dtype)) if n else (None, None, None)
    return a, piv, sign


@api
def det(a):
    """Determinant of a (..., n, n): sign of the row permutation times the product of the pivots."""
    dnp = _dnp()
    a, piv, sign = _lu_diag("det", a)
    if piv is None:
        return dnp.ones(a.shape[:-2], a.dtype)
    return sign * dnp.prod(piv, axis=-1)


@api
def _slogdet(a):
    dnp = _dnp()
    a, piv, sign = _lu_diag("slogdet", a)
    if piv is None:
        return dnp.ones(a.shape[:-2], a.dtype), dnp.zeros(a.shape[:-2], a.dtype)
    s = sign * dnp.prod(dnp.sign(piv), axis=-1)
    return s, dnp.sum(dnp.log(dnp.abs(piv)), axis=-1)


def slogdet(a, *, method=None):
    """(sign, logabsdet) of det(a) for a (..., n, n); a singular matrix gives (0, -inf)."""
    if method not in (None, "lu"):
        raise NotImplementedError(f"slogdet: method={method!r} is not supported (only 'lu')")
    return SlogdetResult(*_slogdet(a))


@api(static_argnames=("upper", "symmetrize_input"))
def _cholesky(a, upper, symmetrize_input):
    dnp = _dnp()
    (a,) = _float("cholesky", a)
    _square("cholesky", a)
    if symmetrize_input:
        a = (a + dnp.swapaxes(a, -1, -2)) * 0.5
    low = cholesky_lower(a)
    return dnp.swapaxes(low, -1, -2) if upper else low


def cholesky(a, *, upper=False, symmetrize_input=True):
    """Cholesky factor of the positive definite a (..., n, n): lower L with L L^T = a (upper:
    U = L^T with U^T U = a). As JAX, a is symmetrised first ((a + a^T) / 2, symmetrize_input);
    a matrix that is not positive definite gives NaN."""
    return _cholesky(a, bool(upper), bool(symmetrize_input))


@api(static_argnames=("mode",))
def _qr(a, mode):
    (a,) = _float("qr", a)
    if a.ndim < 2:
        raise ValueError(f"qr: {a.ndim}-dimensional array given; it must be at least two-dimensional" + _at())
    m, n = a.shape[-2], a.shape[-1]
    q, r = householder_qr(a)
    if mode == "complete":
        return q, r
    k = min(m, n)
    if mode == "r":
        return r[..., :k, :]
    return q[..., :, :k], r[..., :k, :]


def qr(a, mode="reduced"):
    """QR factorisation of a (..., m, n) by Householder reflections, as `jax.numpy.linalg.qr`:
    mode 'reduced' -> (Q (..., m, k), R (..., k, n)), k = min(m, n); 'complete' -> (Q (..., m, m),
    R (..., m, n)); 'r' -> R (..., k, n) only. Signs as LAPACK's (NumPy's, JAX's)."""
    if mode not in ("reduced", "complete", "r"):
        raise NotImplementedError(f"qr: mode={mode!r} is not supported (use 'reduced', 'complete' or 'r')")
    out = _qr(a, mode)
    return out if mode == "r" else QRResult(*out)


def _norm_args(x, ord, axis):
    if axis is None:
        axes = tuple(range(x.ndim))
        if ord is not None and x.ndim not in (1, 2):
            raise ValueError(
                f"norm: improper number of dimensions to norm (ndim {x.ndim} with ord={ord!r} and axis=None)"
                + _at()
            )
    elif isinstance(axis, (tuple, list)):
        axes = tuple(int(a) for a in axis)
    else:
        axes = (int(axis),)
    axes = tuple(a % x.ndim if x.ndim else a for a in axes)
    if len(set(axes)) != len(axes):
        raise ValueError(f"norm: duplicate axes given: {axis!r}" + _at())
    return axes


@api(static_argnames=("ord", "axis", "keepdims"))
def _norm(x, ord, axis, keepdims):
    dnp = _dnp()
    (x,) = _float("norm", x)
    axes = _norm_args(x, ord, axis)
    if ord is None and (axis is None or len(axes) in (1, 2)):
        return dnp.sqrt(dnp.sum(x * x, axis=axes, keepdims=keepdims))
    ax = abs(x)
    if len(axes) == 1:
        if ord == "fro" or ord == "nuc":
            raise ValueError(f"norm: invalid norm order {ord!r} for vectors" + _at())
        if isinstance(ord, str):
            raise ValueError(f"norm: invalid norm order {ord!r} for vectors" + _at())
        if ord == float("inf"):
            return dnp.max(ax, axis=axes, keepdims=keepdims)
        if ord == float("-inf"):
            return dnp.min(ax, axis=axes, keepdims=keepdims)
        if ord == 0:
            return dnp.sum((x != 0).astype(x.dtype), axis=axes, keepdims=keepdims)
        if ord == 1:
            return dnp.sum(ax, axis=axes, keepdims=keepdims)
        if ord == 2:
            return dnp.sqrt(dnp.sum(x * x, axis=axes, keepdims=keepdims))
        p = float(ord)
        return dnp.sum(ax**p, axis=axes, keepdims=keepdims) ** (1.0 / p)
    if len(axes) != 2:
        raise ValueError(f"norm: improper number of dimensions to norm: axis={axis!r}" + _at())
    r, c = axes
    if ord in ("fro", None):
        out = dnp.sqrt(dnp.sum(x * x, axis=axes, keepdims=True))
    elif ord in (1, -1):
        s = dnp.sum(ax, axis=r, keepdims=True)
        out = dnp.max(s, axis=c, keepdims=True) if ord == 1 else dnp.min(s, axis=c, keepdims=True)
    elif ord in (float("inf"), float("-inf")):
        s = dnp.sum(ax, axis=c, keepdims=True)
        out = dnp.max(s, axis=r, keepdims=True) if ord > 0 else dnp.min(s, axis=r, keepdims=True)
    elif ord in (2, -2, "nuc"):
        from .linalg import _batched, _svals_2d

        rest = [i for i in range(x.ndim) if i not in axes]
        xm = dnp.transpose(x, rest + [r, c])
        s = _batched(_svals_2d, xm)
        if ord == "nuc":
            v = dnp.sum(s, axis=-1)
        elif s.shape[-1] == 0:
            if ord == -2:
                raise ValueError(f"norm: ord=-2 of an empty matrix (shape {tuple(x.shape)}) is undefined" + _at())
            v = dnp.zeros(s.shape[:-1], s.dtype)
        else:
            v = s[..., 0] if ord == 2 else s[..., -1]
        out = dnp.expand_dims(v, (x.ndim - 2, x.ndim - 1))
        out = (
            dnp.moveaxis(out, (x.ndim - 2, x.ndim - 1), (r, c)) if (r, c) != (x.ndim - 2, x.ndim - 1) else out
        )
    else:
        raise ValueError(f"norm: invalid norm order {ord!r} for matrices" + _at())
    return out if keepdims else dnp.squeeze(out, axis=axes)


def norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norm of x, as `jax.numpy.linalg.norm`: ord None (2-norm of the
    flattened x, Frobenius), 'fro', 'nuc', inf, -inf, 0, 1, -1, 2, -2 or any other number
    (vector p-norm); axis None / int (vector) / pair (matrix); keepdims."""
    if isinstance(axis, list):
        axis = tuple(axis)
    if ord is not None and not isinstance(ord, str):
        ord = float(ord)
        ord = int(ord) if ord.is_integer() else ord
    return _norm(x, ord, axis, bool(keepdims))


@api(static_argnames=("n",))
def _matrix_power(a, n):
    dnp = _dnp()
    _square("matrix_power", a)
    if n == 0:
        return dnp.broadcast_to(dnp.eye(a.shape[-1], dtype=a.dtype), a.shape)
    if n < 0:
        a = _inv(a)
        n = -n
    result = None
    z = a
    while n:
        if n & 1:
            result = z if result is None else dnp.matmul(result, z)
        n >>= 1
        if n:
            z = dnp.matmul(z, z)
    return result


def matrix_power(a, n):
    """a (..., n, n) raised to the integer power n (n < 0: powers of inv(a); n == 0: identity)."""
    import operator

    return _matrix_power(a, operator.index(n))


def multi_dot(arrays, *, precision=None):
    """Chained matrix product of a sequence of arrays (the first may be 1-D, the last may be 1-D)."""
    dnp = _dnp()
    arrays = list(arrays)
    if len(arrays) < 2:
        raise ValueError("multi_dot: expecting at least two arrays" + _at())
    out = arrays[0]
    for b in arrays[1:]:
        out = dnp.matmul(out, b)
    return out


def trace(x, /, *, offset=0, dtype=None):
    """Sum of the diagonal over the last two axes of x (..., m, n) (array-API spelling)."""
    return _dnp().trace(x, offset=offset, axis1=-2, axis2=-1, dtype=dtype)


def diagonal(x, /, *, offset=0):
    """The diagonal over the last two axes of x (..., m, n) (array-API spelling)."""
    return _dnp().diagonal(x, offset=offset, axis1=-2, axis2=-1)


def outer(x1, x2, /):
    """Outer product of two 1-D arrays."""
    dnp = _dnp()
    if dnp.ndim(x1) != 1 or dnp.ndim(x2) != 1:
        raise ValueError(f"outer: inputs must be 1-D, got {dnp.ndim(x1)}-D and {dnp.ndim(x2)}-D" + _at())
    return dnp.outer(x1, x2)


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """Vector norm of x over `axis` (None: all of x, flattened; an int or a tuple of axes), as
    `jax.numpy.linalg.vector_norm`; ord as in `norm` for vectors."""
    dnp = _dnp()
    x = dnp.asarray(x)
    if axis is None:
        out = norm(dnp.ravel(x), ord)
        return dnp.reshape(out, (1,) * x.ndim) if keepdims else out
    if isinstance(axis, (tuple, list)) and len(axis) != 1:
        axes = tuple(a % x.ndim for a in axis)
        rest = [i for i in range(x.ndim) if i not in axes]
        xt = dnp.transpose(x, rest + list(axes))
        out = norm(dnp.reshape(xt, tuple(xt.shape[: len(rest)]) + (-1,)), ord, -1)
        if keepdims:
            out = dnp.expand_dims(out, axes)
        return out
    if isinstance(axis, (tuple, list)):
        axis = axis[0]
    return norm(x, ord, int(axis), keepdims)


def matrix_norm(x, /, *, keepdims=False, ord="fro"):
    """Matrix norm over the last two axes of x (..., m, n), as `jax.numpy.linalg.matrix_norm`."""
    return norm(x, ord, (-2, -1), keepdims)


def tensorinv(a, ind=2):
    """Inverse of a w.r.t. tensordot over its first `ind` axes: shape a.shape[ind:] + a.shape[:ind]."""
    import math

    dnp = _dnp()
    a = dnp.asarray(a)
    out_shape = tuple(a.shape[ind:]) + tuple(a.shape[:ind])
    rows, cols = math.prod(a.shape[:ind]), math.prod(a.shape[ind:])
    if ind <= 0 or rows != cols:
        raise ValueError(f"tensorinv: a of shape {tuple(a.shape)} with ind={ind} is not 'square'" + _at())
    return dnp.reshape(inv(dnp.reshape(a, (rows, cols))), out_shape)


def tensorsolve(a, b, axes=None):
    """x with tensordot(a, x, x.ndim) == b, x of shape a.shape[b.ndim:]; `axes` (axes of a moved
    to the end first) as NumPy."""
    import math

    dnp = _dnp()
    a, b = dnp.asarray(a), dnp.asarray(b)
    if axes is not None:
        axes = [ax % a.ndim for ax in axes]
        a = dnp.transpose(a, [i for i in range(a.ndim) if i not in axes] + axes)
    x_shape = tuple(a.shape[b.ndim :])
    n = math.prod(x_shape)
    if math.prod(a.shape[: b.ndim]) != n or tuple(a.shape[: b.ndim]) != tuple(b.shape):
        raise ValueError(
            f"tensorsolve: a of shape {tuple(a.shape)} and b of shape {tuple(b.shape)} do not match" + _at()
        )
    x = solve(dnp.reshape(a, (n, n)), dnp.reshape(b, (n,)))
    return dnp.reshape(x, x_shape)
