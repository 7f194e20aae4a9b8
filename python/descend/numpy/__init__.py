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
    bfloat16,
    bool_,
    finfo,
    float16,
    float32,
    float64,
    floating,
    generic,
    iinfo,
    inexact,
    int8,
    int16,
    int32,
    int64,
    integer,
    issubdtype,
    number,
    promote_types,
    signedinteger,
    uint8,
    uint16,
    uint32,
    uint64,
    unsignedinteger,
)

from . import linalg  # noqa: E402, F401  (descend.numpy.linalg: lstsq)
from ._bits import bitwise_count, packbits, unpackbits  # noqa: F401
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
from ._einsum import einsum, einsum_path  # noqa: F401
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
from ._index_tricks import (  # noqa: F401
    choose,
    compress,
    extract,
    ix_,
    mask_indices,
    piecewise,
    ravel_multi_index,
    trim_zeros,
    unravel_index,
)
from ._indexing import (  # noqa: F401  (integer-array and boolean-mask indexing: gather / scatter)
    NonConcreteBooleanIndexError,
    argwhere,
    flatnonzero,
    nonzero,
    put_along_axis,
    take,
    take_along_axis,
)
from ._interop import (  # noqa: F401
    array_repr,
    array_str,
    from_dlpack,
    frombuffer,
    fromfile,
    fromiter,
    fromstring,
    get_printoptions,
    isdtype,
    iterable,
    load,
    printoptions,
    save,
    savez,
    set_printoptions,
)
from ._linalg import dot, inner, matmul, outer, tensordot, vdot  # noqa: F401
from ._math_extra import *  # noqa: E402, F401, F403  (inverse trig, hyperbolic, logaddexp, bits, isclose, ...)
from ._math_extra import divmod, pow  # noqa: F401, A004
from ._more import (  # noqa: F401  (tile, repeat, roll, tri*, diag*, split, pad, polynomials, searchsorted, ...)
    append,
    apply_along_axis,
    apply_over_axes,
    array_split,
    atleast_1d,
    atleast_2d,
    atleast_3d,
    bincount,
    block,
    broadcast_shapes,
    can_cast,
    column_stack,
    concat,
    convolve,
    copy,
    correlate,
    cross,
    delete,
    diag,
    diag_indices,
    diag_indices_from,
    diagflat,
    diagonal,
    digitize,
    dsplit,
    dstack,
    fill_diagonal,
    fliplr,
    flipud,
    fromfunction,
    geomspace,
    hsplit,
    indices,
    insert,
    interp,
    isin,
    kron,
    logspace,
    matrix_transpose,
    matvec,
    meshgrid,
    pad,
    permute_dims,
    polyadd,
    polyder,
    polyint,
    polymul,
    polysub,
    polyval,
    repeat,
    resize,
    result_type,
    roll,
    rollaxis,
    rot90,
    searchsorted,
    select,
    split,
    tile,
    trace,
    tri,
    tril,
    tril_indices,
    tril_indices_from,
    triu,
    triu_indices,
    triu_indices_from,
    unstack,
    vander,
    vecdot,
    vecmat,
    vectorize,
    vsplit,
)
from ._numeric_extra import (  # noqa: F401
    gradient,
    histogram,
    histogram2d,
    histogram_bin_edges,
    histogramdd,
    poly,
    polydiv,
    unwrap,
)
from ._polyfit import polyfit  # noqa: F401  (least squares through linalg.lstsq)
from ._put_place import place, put  # noqa: F401  (functional: inplace=False)
from ._reductions import all, amax, amin, any, argmax, argmin, max, mean, min, prod, sum  # noqa: F401
from ._reductions_extra import (  # noqa: F401  (var, std, nan*, average, cumsum, diff, cov, ...)
    average,
    corrcoef,
    count_nonzero,
    cov,
    cumprod,
    cumsum,
    cumulative_prod,
    cumulative_sum,
    diff,
    ediff1d,
    nanargmax,
    nanargmin,
    nancumprod,
    nancumsum,
    nanmax,
    nanmean,
    nanmin,
    nanprod,
    nanstd,
    nansum,
    nanvar,
    ptp,
    std,
    trapezoid,
    var,
)
from ._setops import (  # noqa: F401  (unique and the 1-D set operations, size= as JAX)
    ConcretizationTypeError,
    intersect1d,
    setdiff1d,
    setxor1d,
    union1d,
    unique,
    unique_all,
    unique_counts,
    unique_inverse,
    unique_values,
)
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
from ._sorting import (  # noqa: F401  (a bitonic sorting network: no sort op)
    argpartition,
    argsort,
    lexsort,
    median,
    nanmedian,
    nanpercentile,
    nanquantile,
    partition,
    percentile,
    quantile,
    sort,
)
from ._ufunc import frompyfunc, ufunc  # noqa: F401
from ._windows import bartlett, blackman, hamming, hanning, i0, kaiser  # noqa: F401

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
