"""`descend.numpy`: NumPy's API on descend arrays (the counterpart of `jax.numpy`).

Functions work on NumPy arrays, `descend.Array`s and Python scalars. Inside
`descend.jit` they add dsc ops to the traced function; outside, each call is
compiled once per signature and cached (as JAX's eager mode). Broadcasting
follows NumPy; dtype promotion follows JAX (float32 default, weak Python
scalars).
"""

from __future__ import annotations

import numpy as _np

from descend.array import Array as ndarray  # noqa: F401
from descend.dtypes import (  # noqa: F401
    bool_,
    finfo,
    float16,
    float32,
    float64,
    iinfo,
    int8,
    int16,
    int32,
    int64,
    issubdtype,
    promote_types,
)

from ._creation import (  # noqa: F401
    arange,
    array,
    asarray,
    astype,
    empty,
    empty_like,
    eye,
    full,
    full_like,
    identity,
    linspace,
    ones,
    ones_like,
    zeros,
    zeros_like,
)
from ._elementwise import (  # noqa: F401
    abs,
    absolute,
    add,
    arctan2,
    around,
    bitwise_and,
    bitwise_not,
    bitwise_or,
    bitwise_xor,
    ceil,
    clip,
    cos,
    divide,
    equal,
    exp,
    expm1,
    floor,
    floor_divide,
    fmod,
    greater,
    greater_equal,
    invert,
    isnan,
    less,
    less_equal,
    log,
    log1p,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    maximum,
    minimum,
    mod,
    multiply,
    negative,
    not_equal,
    positive,
    power,
    reciprocal,
    remainder,
    rint,
    round,
    sign,
    sin,
    sqrt,
    square,
    subtract,
    tan,
    tanh,
    true_divide,
    where,
)
from ._linalg import dot, inner, matmul, outer, tensordot, vdot  # noqa: F401
from ._reductions import all, amax, amin, any, argmax, argmin, max, mean, min, prod, sum  # noqa: F401
from ._shape import (  # noqa: F401
    _getitem,
    broadcast_arrays,
    broadcast_to,
    concatenate,
    expand_dims,
    flip,
    hstack,
    moveaxis,
    ravel,
    reshape,
    squeeze,
    stack,
    swapaxes,
    transpose,
    vstack,
)

pi = _np.pi
e = _np.e
inf = _np.inf
nan = _np.nan
newaxis = None


def shape(a) -> tuple:
    return tuple(_np.shape(a)) if not hasattr(a, "shape") else tuple(a.shape)


def ndim(a) -> int:
    return len(shape(a))


def size(a) -> int:
    return int(_np.prod(shape(a), dtype=_np.int64))
