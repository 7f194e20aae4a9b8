"""vmap of the descend.numpy functions beyond the core set, against a Python loop.

Each group maps a per-example function over a batch of 4 (one compile per
group) and compares every output with the function applied to each example on
its own, eagerly. Inputs are per-example matrices `a` (3x5) in (0.2, 0.9),
vectors `v` (5,) and integer matrices `k`.
"""

import numpy as np
import pytest
from vmapcheck import check_group_against_examples

import descend.numpy as dnp

B = 4
P = np.array([1.0, -2.0, 0.5], np.float32)  # a fixed polynomial / kernel


def _mat(a):
    return {
        "acos": dnp.acos(a), "arccos": dnp.arccos(a), "asin": dnp.asin(a), "arcsin": dnp.arcsin(a),
        "atan": dnp.atan(a), "arctan": dnp.arctan(a), "atanh": dnp.atanh(a), "arctanh": dnp.arctanh(a),
        "acosh": dnp.acosh(a + 1.5), "arccosh": dnp.arccosh(a + 1.5), "asinh": dnp.asinh(a),
        "arcsinh": dnp.arcsinh(a), "atan2": dnp.atan2(a, a[::-1]), "cosh": dnp.cosh(a), "sinh": dnp.sinh(a),
        "cbrt": dnp.cbrt(a - 0.5), "exp2": dnp.exp2(a), "log2": dnp.log2(a), "log10": dnp.log10(a),
        "deg2rad": dnp.deg2rad(a), "degrees": dnp.degrees(a), "rad2deg": dnp.rad2deg(a), "radians": dnp.radians(a),
        "hypot": dnp.hypot(a, 2.0), "logaddexp": dnp.logaddexp(a, a[::-1]),
        "logaddexp2": dnp.logaddexp2(a, 0.3), "sinc": dnp.sinc(a), "heaviside": dnp.heaviside(a - 0.5, 0.5),
        "copysign": dnp.copysign(a, 0.5 - a), "signbit": dnp.signbit(a - 0.5), "fabs": dnp.fabs(a - 0.5),
        "fix": dnp.fix(a * 4 - 2), "trunc": dnp.trunc(a * 4 - 2), "fmax": dnp.fmax(a, 0.5), "fmin": dnp.fmin(a, 0.5),
        "float_power": dnp.float_power(a, 2.0), "pow": dnp.pow(a, 1.5), "nextafter": dnp.nextafter(a, 1.0),
        "spacing": dnp.spacing(a), "ldexp": dnp.ldexp(a, 3), "frexp": dnp.frexp(a)[0],
        "modf": dnp.modf(a * 3)[0], "divmod": dnp.divmod(a * 7, 2.0)[1],
        "isfinite": dnp.isfinite(a / (a - a[0, 0])), "isinf": dnp.isinf(a / (a - a[0, 0])),
        "isneginf": dnp.isneginf(-a / (a - a[0, 0])), "isposinf": dnp.isposinf(a / (a - a[0, 0])),
        "nan_to_num": dnp.nan_to_num(a / (a - a[0, 0])), "isclose": dnp.isclose(a, a + 1e-9),
        "real": dnp.real(a), "imag": dnp.imag(a), "conj": dnp.conj(a), "conjugate": dnp.conjugate(a),
        "angle": dnp.angle(a - 0.5), "isreal": dnp.isreal(a), "iscomplex": dnp.iscomplex(a),
    }


def _reductions(a):
    return {
        "average": dnp.average(a, axis=1), "std": dnp.std(a, axis=0), "var": dnp.var(a, ddof=1),
        "ptp": dnp.ptp(a, axis=1), "count_nonzero": dnp.count_nonzero(a > 0.5, axis=0),
        "nanmax": dnp.nanmax(a, axis=1), "nanmin": dnp.nanmin(a), "nanmean": dnp.nanmean(a, axis=0),
        "nanmedian": dnp.nanmedian(a, axis=1), "nanpercentile": dnp.nanpercentile(a, 30.0, axis=1),
        "nanprod": dnp.nanprod(a, axis=0), "nanquantile": dnp.nanquantile(a, 0.4, axis=0),
        "nanstd": dnp.nanstd(a, axis=1), "nansum": dnp.nansum(a, axis=0), "nanvar": dnp.nanvar(a),
        "nanargmax": dnp.nanargmax(a, axis=1), "nanargmin": dnp.nanargmin(a, axis=0),
        "nancumsum": dnp.nancumsum(a, axis=1), "nancumprod": dnp.nancumprod(a, axis=0),
        "cumsum": dnp.cumsum(a, axis=1), "cumprod": dnp.cumprod(a, axis=0),
        "cumulative_sum": dnp.cumulative_sum(a, axis=1), "cumulative_prod": dnp.cumulative_prod(a, axis=1),
        "median": dnp.median(a), "percentile": dnp.percentile(a, 70.0, axis=0), "quantile": dnp.quantile(a, 0.25),
        "sort": dnp.sort(a, axis=1), "argsort": dnp.argsort(a, axis=0), "partition": dnp.partition(a, 2, axis=1),
        "argpartition": dnp.sort(dnp.take_along_axis(a, dnp.argpartition(a, 2, axis=1), axis=1)[:, :3], axis=1)
        if hasattr(dnp, "take_along_axis") else dnp.argpartition(a, 2, axis=1)[:, 2],
        "lexsort": dnp.lexsort((a[0], a[1])), "allclose": dnp.allclose(a, a * (1 + 1e-9)),
        "array_equal": dnp.array_equal(a, a), "array_equiv": dnp.array_equiv(a, a[0]),
        "trace": dnp.trace(a), "diagonal": dnp.diagonal(a, 1), "diff": dnp.diff(a, axis=1),
        "ediff1d": dnp.ediff1d(a), "trapezoid": dnp.trapezoid(a, axis=1), "cov": dnp.cov(a),
        "corrcoef": dnp.corrcoef(a),
    }


def _shapes(a):
    return {
        "append": dnp.append(a, a[:1], axis=0), "array_split": dnp.array_split(a, 2, axis=1)[1],
        "atleast_1d": dnp.atleast_1d(a[0, 0]), "atleast_2d": dnp.atleast_2d(a[0]), "atleast_3d": dnp.atleast_3d(a),
        "block": dnp.block([[a, a], [a, a]]), "column_stack": dnp.column_stack([a[0], a[1]]),
        "concat": dnp.concat([a, a], axis=1), "copy": dnp.copy(a), "delete": dnp.delete(a, 1, axis=1),
        "diag": dnp.diag(a[0]), "diagflat": dnp.diagflat(a[:, :2]), "dsplit": dnp.dsplit(a[..., None].repeat(2, 2), 2)[0],
        "dstack": dnp.dstack([a, a]), "fill_diagonal": dnp.fill_diagonal(a, 0.0, inplace=False),
        "fliplr": dnp.fliplr(a), "flipud": dnp.flipud(a), "hsplit": dnp.hsplit(a[:, :4], 2)[1],
        "insert": dnp.insert(a, 1, 7.0, axis=1), "matrix_transpose": dnp.matrix_transpose(a),
        "pad": dnp.pad(a, 1, mode="edge"), "permute_dims": dnp.permute_dims(a, (1, 0)),
        "repeat": dnp.repeat(a, 2, axis=0), "resize": dnp.resize(a, (4, 4)), "roll": dnp.roll(a, 2),
        "rollaxis": dnp.rollaxis(a, 1), "rot90": dnp.rot90(a), "split": dnp.split(a[:, :4], 2, axis=1)[0],
        "tile": dnp.tile(a, (2, 1)), "tril": dnp.tril(a, -1), "triu": dnp.triu(a, 1), "unstack": dnp.unstack(a)[1],
        "vsplit": dnp.vsplit(a[:2], 2)[1], "kron": dnp.kron(a[:2, :2], a[:2, :2]), "cross": dnp.cross(a[:, :3], a[::-1, :3]),
        "select": dnp.select([a < 0.4, a > 0.7], [a, -a], 0.0), "interp": dnp.interp(a[0], np.linspace(0, 1, 5), a[1]),
        "searchsorted": dnp.searchsorted(np.array([0.3, 0.5, 0.7], np.float32), a),
        "digitize": dnp.digitize(a, np.array([0.3, 0.5, 0.7], np.float32)),
        "isin": dnp.isin(a * 10 // 1, np.array([2.0, 5.0], np.float32)),
        "convolve": dnp.convolve(a[0], P), "correlate": dnp.correlate(a[0], P),
        "polyval": dnp.polyval(P, a), "polyadd": dnp.polyadd(a[0], P), "polysub": dnp.polysub(a[0], P),
        "polymul": dnp.polymul(a[0], P), "polyder": dnp.polyder(a[0]), "polyint": dnp.polyint(a[0]),
        "vander": dnp.vander(a[0], 3), "matvec": dnp.matvec(a, a[0]), "vecmat": dnp.vecmat(a[:, 0], a),
        "vecdot": dnp.vecdot(a, a), "apply_along_axis": dnp.apply_along_axis(dnp.sum, 1, a),
        "apply_over_axes": dnp.apply_over_axes(dnp.sum, a, [1]), "vectorize": dnp.vectorize(lambda s: s * s + 1)(a),
    }


def _ints(k):
    return {
        "gcd": dnp.gcd(k, 6), "lcm": dnp.lcm(k, 4), "left_shift": dnp.left_shift(k, 2),
        "right_shift": dnp.right_shift(k, 1), "bitwise_left_shift": dnp.bitwise_left_shift(k, 1),
        "bitwise_right_shift": dnp.bitwise_right_shift(k, 2), "bitwise_invert": dnp.bitwise_invert(k),
        "bincount": dnp.bincount(k.ravel(), length=9),
    }


GROUPS = {"math": (_mat, "f"), "reductions": (_reductions, "f"), "shapes": (_shapes, "f"), "ints": (_ints, "i")}


def _input(kind):
    rng = np.random.default_rng(7)
    if kind == "i":
        return rng.integers(1, 9, (B, 3, 5)).astype(np.int32)
    return rng.uniform(0.2, 0.9, (B, 3, 5)).astype(np.float32)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_vmap_group_matches_loop(group):
    fn, kind = GROUPS[group]
    x = _input(kind)
    check_group_against_examples(fn, x, B)


def test_static_helpers_need_no_batching():
    """Functions of shapes and dtypes only (no array data) are not batched: check they answer."""
    assert dnp.broadcast_shapes((3, 1), (4,)) == (3, 4)
    assert dnp.can_cast(np.int32, np.float64)
    assert dnp.result_type(np.float32, 1.0) == np.float32
    assert dnp.isscalar(1.0) and not dnp.isscalar(np.ones(2))
    assert not dnp.iscomplexobj(np.ones(2)) and dnp.isrealobj(np.ones(2))
    r, c = dnp.tril_indices(3)
    np.testing.assert_array_equal(np.asarray(r), np.tril_indices(3)[0])
    np.testing.assert_array_equal(np.asarray(dnp.triu_indices(3, 1)[1]), np.triu_indices(3, 1)[1])
    np.testing.assert_array_equal(np.asarray(dnp.diag_indices(3)[0]), np.diag_indices(3)[0])
    m = np.ones((3, 3))
    np.testing.assert_array_equal(np.asarray(dnp.tril_indices_from(m)[1]), np.tril_indices_from(m)[1])
    np.testing.assert_array_equal(np.asarray(dnp.triu_indices_from(m)[0]), np.triu_indices_from(m)[0])
    np.testing.assert_array_equal(np.asarray(dnp.diag_indices_from(m)[1]), np.diag_indices_from(m)[1])
    np.testing.assert_array_equal(np.asarray(dnp.indices((2, 3))), np.indices((2, 3)))
    np.testing.assert_allclose(np.asarray(dnp.fromfunction(lambda i, j: i + j, (2, 3))), np.fromfunction(lambda i, j: i + j, (2, 3)))
    np.testing.assert_allclose(np.asarray(dnp.tri(3, 4, 1)), np.tri(3, 4, 1))
    np.testing.assert_allclose(np.asarray(dnp.geomspace(1, 8, 4)), np.geomspace(1, 8, 4), rtol=1e-6)
    np.testing.assert_allclose(np.asarray(dnp.logspace(0, 2, 3)), np.logspace(0, 2, 3), rtol=1e-6)
    g = dnp.meshgrid(np.arange(3.0), np.arange(2.0))
    np.testing.assert_allclose(np.asarray(g[0]), np.meshgrid(np.arange(3.0), np.arange(2.0))[0])
