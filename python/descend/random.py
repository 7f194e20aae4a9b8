"""`descend.random`: JAX's functional, counter-based random numbers.

    key = descend.random.PRNGKey(0)          # or descend.random.key(0)
    key, sub = descend.random.split(key)
    x = descend.random.normal(sub, (3, 4))

A key is an int32 array of shape (2,) holding the two 32-bit words of a
Threefry-2x32 key: the same bits as JAX's `uint32[2]` raw keys (keys are kept
int32, as before descend had unsigned dtypes; a JAX key, or any uint32 array, is
accepted and read as those bits). Everything is computed exactly as `jax.random` does with its default
implementation (threefry2x32, `jax_threefry_partitionable=True`, the default
since JAX 0.5): `split`, `fold_in`, the random bits and the integer-to-float
conversions are bit-for-bit JAX's, so `PRNGKey`, `split`, `fold_in`, `bits`,
`uniform`, `randint`, `bernoulli` and `permutation` give JAX's values; samplers
that go through transcendental functions (`normal` via erf_inv, `gumbel`,
`exponential`, ...) agree to within a few ulp (libm differences).

The hash is integer dsc ops only (wrapping int32 adds, xor, rotations made of
`shift_left` / `shift_right_logical`), so the stream is identical eagerly,
under `jit` and under `vmap` (a batch of keys gives each key's own stream).
"""

from __future__ import annotations

import math

import numpy as np

from descend import dtypes, lax
from descend import numpy as dnp
from descend.jit import api
from descend.numpy._util import canonical_axis, dtype_of
from descend.tracing import Tracer

# ---- keys ------------------------------------------------------------------------------------

_ROT = ((13, 15, 26, 6), (17, 29, 16, 24))
_PARITY = 0x1BD11BDA


def _i32(v: int) -> int:
    """The int32 with the bits of the 32-bit unsigned value v."""
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def _key_arg(key):
    """A key as an int32 array (uint32 arrays, e.g. JAX keys, are reinterpreted)."""
    if isinstance(key, Tracer):
        return key
    if hasattr(key, "dtype") and np.dtype(key.dtype) == np.uint32 or type(key).__module__.startswith("jax"):
        return np.asarray(key).astype(np.uint32).view(np.int32)
    return key


def _check_key(name, k):
    if k.shape[-1:] != (2,) or k.aval.dtype != "int32":
        raise TypeError(
            f"random.{name}: expected a key (int32 of shape (2,)), got {k.aval.dtype}{list(k.shape)}"
        )
    if k.ndim != 1:
        raise TypeError(
            f"random.{name}: expected a single key of shape (2,), got shape {k.shape}; use descend.vmap for batches of keys"
        )


def _words(k):
    return lax.reshape(lax.slice(k, (0,), (1,)), ()), lax.reshape(lax.slice(k, (1,), (2,)), ())


def _c(value, shape, dtype="int32"):
    return lax.broadcast_in_dim(lax.to_tracer(value, dtype), tuple(shape), ())


def _rotl(x, d):
    return lax.bitwise_or(lax.shift_left(x, _c(d, x.shape)), lax.shift_right_logical(x, _c(32 - d, x.shape)))


def threefry_2x32(k1, k2, x1, x2):
    """The Threefry-2x32 block cipher (20 rounds) on int32 words: k1, k2 scalars, x1, x2 of one
    shape. Returns the two output words (the bits of JAX's threefry2x32 primitive)."""
    shape = x1.shape
    ks = [lax.broadcast_in_dim(k, shape, ()) for k in (k1, k2)]
    ks.append(lax.bitwise_xor(lax.bitwise_xor(ks[0], ks[1]), _c(_i32(_PARITY), shape)))
    x = [lax.add(x1, ks[0]), lax.add(x2, ks[1])]
    for block in range(5):
        for r in _ROT[block % 2]:
            x[0] = lax.add(x[0], x[1])
            x[1] = lax.bitwise_xor(x[0], _rotl(x[1], r))
        x[0] = lax.add(x[0], ks[(block + 1) % 3])
        x[1] = lax.add(lax.add(x[1], ks[(block + 2) % 3]), _c(block + 1, shape))
    return x[0], x[1]


def _counts(shape):
    """The flat index of each element of `shape` as (high, low) 32-bit words (JAX's
    iota_2x32_shape; sizes below 2**31 here, so the high word is 0)."""
    n = int(np.prod(shape, dtype=np.int64))
    if n >= 2**31:
        raise NotImplementedError("random: arrays of 2**31 or more elements are not supported")
    if not shape:
        return _c(0, ()), _c(0, ())
    idx = lax.reshape(lax.iota("int32", n), tuple(shape))
    return _c(0, shape), idx


def _hash_shape(key, shape):
    k1, k2 = _words(key)
    hi, lo = _counts(shape)
    return threefry_2x32(k1, k2, hi, lo)


def _random_bits32(key, shape):
    b1, b2 = _hash_shape(key, shape)
    return lax.bitwise_xor(b1, b2)


def _seed_words(seed):
    """(k1, k2) of a seed: a Python int gives its low 32 bits (JAX's default 32-bit mode);
    an int64 array its high and low words, narrower integers their value."""
    if isinstance(seed, int) and not isinstance(seed, bool):
        return lax.to_tracer(0, "int32"), lax.to_tracer(_i32(seed), "int32")
    s = lax.to_tracer(seed)
    if s.shape != ():
        raise TypeError(f"random.PRNGKey: seed must be a scalar, got shape {s.shape}")
    if not dtypes.is_int(s.aval.dtype):
        raise TypeError(f"random.PRNGKey: seed must be an integer, got {s.aval.dtype}")
    if s.aval.dtype == "int64":
        hi = lax.convert_element_type(lax.shift_right_logical(s, lax.to_tracer(32, "int64")), "int32")
        return hi, lax.convert_element_type(s, "int32")
    return lax.to_tracer(0, "int32"), lax.convert_element_type(s, "int32")


@api
def _prng_key(seed):
    k1, k2 = _seed_words(seed)
    return lax.concatenate([lax.reshape(k1, (1,)), lax.reshape(k2, (1,))], 0)


def PRNGKey(seed):  # noqa: N802
    """A key from an integer seed: [0, low 32 bits] for a Python int or an int32 (JAX's default
    32-bit mode), [high word, low word] for an int64 array or NumPy int64 (JAX's 64-bit mode)."""
    if isinstance(seed, int) and not isinstance(seed, bool):
        return dnp.asarray(np.array([0, _i32(seed)], dtype=np.int32))
    return _prng_key(seed)


def key(seed, *, impl=None):
    """As PRNGKey (descend's keys are raw int32[2] arrays, not typed key arrays)."""
    if impl not in (None, "threefry2x32"):
        raise NotImplementedError(
            f"random.key: argument impl={impl!r} is not supported (only 'threefry2x32')"
        )
    return PRNGKey(seed)


def key_data(keys):
    """The raw int32 words of keys (descend's keys are already raw)."""
    return dnp.asarray(_key_arg(keys))


def wrap_key_data(key_bits_array, *, impl=None):
    if impl not in (None, "threefry2x32"):
        raise NotImplementedError(f"random.wrap_key_data: argument impl={impl!r} is not supported")
    return dnp.asarray(_key_arg(key_bits_array))


def _shape(shape, name="shape"):
    if shape is None:
        return None
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(s) for s in shape)


@api(static_argnames=("shape",))
def _split(key, shape):
    k = lax.to_tracer(key)
    _check_key("split", k)
    b1, b2 = _hash_shape(k, shape)
    return lax.concatenate([lax.reshape(b1, shape + (1,)), lax.reshape(b2, shape + (1,))], len(shape))


def split(key, num=2):
    """`num` new keys (an int or a shape), stacked along a new leading axis."""
    shape = _shape(num)
    return _split(_key_arg(key), shape)


@api
def _fold_in(key, data):
    k = lax.to_tracer(key)
    _check_key("fold_in", k)
    d = lax.to_tracer(data)
    if d.shape != ():
        raise TypeError(f"random.fold_in: data must be a scalar, got shape {d.shape}")
    d = lax.convert_element_type(d, "int32")
    k1, k2 = _words(k)
    o1, o2 = threefry_2x32(k1, k2, _c(0, (1,)), lax.reshape(d, (1,)))
    return lax.concatenate([o1, o2], 0)


def fold_in(key, data):
    """A new key from a key and 32-bit integer data (JAX's threefry fold_in)."""
    if isinstance(data, (int, np.integer)) and not isinstance(data, bool):
        data = np.int32(_i32(int(data)))
    return _fold_in(_key_arg(key), data)


@api(static_argnames=("shape", "dtype"))
def _bits(key, shape, dtype):
    k = lax.to_tracer(key)
    _check_key("bits", k)
    b = _random_bits32(k, shape)
    if dtype == "int64":
        b1, b2 = _hash_shape(k, shape)
        return lax.bitwise_or(lax.shift_left(_u64(b1), _c(32, shape, "int64")), _u64(b2))
    return b


def bits(key, shape=(), dtype=None):
    """Uniform random bits: uint32 (default) or uint64, as JAX; int32 / int64 give the same bits
    as signed integers."""
    dt = "uint32" if dtype is None else np.dtype(dtype).name
    signed = {"uint32": "int32", "uint64": "int64"}.get(dt, dt)
    if signed not in ("int32", "int64"):
        raise NotImplementedError(
            f"random.bits: argument dtype={dtype} is not supported (uint32/int32 bits, or 64)"
        )
    out = _bits(_key_arg(key), _shape(shape), signed)
    return out if dt == signed else lax.convert_element_type(out, dt)


def _u64(w):
    """A 32-bit word as the int64 holding its unsigned value."""
    return lax.bitwise_and(lax.convert_element_type(w, "int64"), _c(0xFFFFFFFF, w.shape, "int64"))


# ---- floats ----------------------------------------------------------------------------------

_FLOAT_BITS = {"float16": (16, 10, "int16"), "bfloat16": (16, 7, "int16"), "float32": (32, 23, "int32"), "float64": (64, 52, "int64")}


def _float_dtype(name, dtype):
    dt = dtypes.canonicalize_dtype(dtype)
    if not dtypes.is_float(dt):
        raise ValueError(f"random.{name}: dtype must be a float dtype, got {dt}")
    return dt


def _uniform01_bits(k, shape, dt):
    """Floats in [1, 2) from random mantissa bits (JAX's construction), as an array of dt."""
    nbits, nmant, it = _FLOAT_BITS[dt]
    if dt == "float64":
        b1, b2 = _hash_shape(k, shape)
        bits = lax.bitwise_or(lax.shift_left(_u64(b1), _c(32, shape, "int64")), _u64(b2))
        fb = lax.shift_right_logical(bits, _c(nbits - nmant, shape, "int64"))
        one = int(np.array(1.0, np.float64).view(np.int64))
        fb = lax.bitwise_or(fb, _c(one, shape, "int64"))
        return lax.bitcast_convert_type(fb, dt)
    bits = _random_bits32(k, shape)
    if dt in ("float16", "bfloat16"):
        # JAX draws max(nbits, 8) random bits: 16 for float16, 8 for bfloat16 (7 mantissa bits)
        rng_bits = 16 if dt == "float16" else 8
        low = lax.bitwise_and(bits, _c((1 << rng_bits) - 1, shape))
        fb = lax.shift_right_logical(low, _c(rng_bits - nmant, shape))
        fb = lax.bitwise_or(fb, _c(int(np.array(1.0, dt).view(np.int16)), shape))
        return lax.bitcast_convert_type(lax.convert_element_type(fb, "int16"), dt)
    fb = lax.shift_right_logical(bits, _c(nbits - nmant, shape))
    fb = lax.bitwise_or(fb, _c(int(np.array(1.0, np.float32).view(np.int32)), shape))
    return lax.bitcast_convert_type(fb, dt)


def _uniform_impl(k, shape, dt, minval, maxval):
    lo = lax.convert_element_type(lax.to_tracer(minval, dt), dt)
    hi = lax.convert_element_type(lax.to_tracer(maxval, dt), dt)
    for name, v in (("minval", lo), ("maxval", hi)):
        if len(v.shape) > len(shape) or dnp.broadcast_shapes(v.shape, shape) != shape:
            raise ValueError(f"random.uniform: {name} of shape {v.shape} does not broadcast to shape {shape}")
    lo = dnp.broadcast_to(lo, shape)
    hi = dnp.broadcast_to(hi, shape)
    floats = lax.sub(_uniform01_bits(k, shape, dt), _c(1.0, shape, dt))
    return lax.max(lo, lax.add(lax.mul(floats, lax.sub(hi, lo)), lo))


@api(static_argnames=("shape", "dtype"))
def _uniform(key, shape, dtype, minval, maxval):
    k = lax.to_tracer(key)
    _check_key("uniform", k)
    return _uniform_impl(k, shape, dtype, minval, maxval)


def uniform(key, shape=(), dtype=None, minval=0.0, maxval=1.0):
    """Uniform floats in [minval, maxval) (default float32)."""
    return _uniform(_key_arg(key), _shape(shape), _float_dtype("uniform", dtype), minval, maxval)


def _normal_impl(k, shape, dt):
    lo = float(np.nextafter(np.array(-1.0, dt), np.array(0.0, dt)))
    u = _uniform_impl(k, shape, dt, lo, 1.0)
    return lax.mul(_c(math.sqrt(2.0), shape, dt), lax.erf_inv(u))


@api(static_argnames=("shape", "dtype"))
def _normal(key, shape, dtype):
    k = lax.to_tracer(key)
    _check_key("normal", k)
    return _normal_impl(k, shape, dtype)


def normal(key, shape=(), dtype=None):
    """Standard normal samples: sqrt(2) * erf_inv(u), u uniform in (-1, 1) (as JAX)."""
    return _normal(_key_arg(key), _shape(shape), _float_dtype("normal", dtype))


@api(static_argnames=("shape", "dtype"))
def _truncated_normal(key, lower, upper, shape, dtype):
    k = lax.to_tracer(key)
    _check_key("truncated_normal", k)
    lo = lax.convert_element_type(lax.to_tracer(lower, dtype), dtype)
    hi = lax.convert_element_type(lax.to_tracer(upper, dtype), dtype)
    if shape is None:
        shape = dnp.broadcast_shapes(lo.shape, hi.shape)
    sqrt2 = math.sqrt(2.0)
    a = lax.erf(dnp.true_divide(lo, sqrt2))
    b = lax.erf(dnp.true_divide(hi, sqrt2))
    u = _uniform_impl(k, shape, dtype, a, b)
    out = lax.mul(_c(sqrt2, shape, dtype), lax.erf_inv(u))
    lo_s, hi_s = lax.stop_gradient(lo), lax.stop_gradient(hi)
    return dnp.clip(out, dnp.nextafter(lo_s, np.inf), dnp.nextafter(hi_s, -np.inf))


def truncated_normal(key, lower, upper, shape=None, dtype=None):
    """Normal samples truncated to (lower, upper), by inverting the CDF (as JAX)."""
    return _truncated_normal(
        _key_arg(key), lower, upper, _shape(shape), _float_dtype("truncated_normal", dtype)
    )


@api(static_argnames=("shape", "mode"))
def _bernoulli(key, p, shape, mode):
    k = lax.to_tracer(key)
    _check_key("bernoulli", k)
    pt = lax.to_tracer(p)
    if shape is None:
        shape = pt.shape
    dt = pt.aval.dtype
    if mode == "high":
        u = _uniform_impl(k, (2,) + shape, dt, 0.0, 1.0)
        u1 = lax.reshape(lax.slice(u, (0,) * (len(shape) + 1), (1,) + shape), shape)
        u2 = lax.reshape(lax.slice(u, (1,) + (0,) * len(shape), (2,) + shape), shape)
        u2 = dnp.multiply(u2, 2.0 ** -np.finfo(dt).nmant)
        return dnp.less(u2, dnp.subtract(pt, u1))
    return dnp.less(_uniform_impl(k, shape, dt, 0.0, 1.0), pt)


def bernoulli(key, p=0.5, shape=None, mode="low"):
    """Booleans that are True with probability p (uniform(shape, p.dtype) < p, as JAX)."""
    if mode not in ("high", "low"):
        raise ValueError(f"random.bernoulli: got mode={mode!r}, expected 'high' or 'low'")
    dt, _ = dtype_of(p)
    if not dtypes.is_float(dt):
        raise TypeError(f"random.bernoulli: probability p must have a floating dtype, got {dt}")
    return _bernoulli(_key_arg(key), p, _shape(shape), mode)


@api(static_argnames=("shape", "dtype"))
def _exponential(key, shape, dtype):
    k = lax.to_tracer(key)
    _check_key("exponential", k)
    u = _uniform_impl(k, shape, dtype, 0.0, 1.0)
    return lax.neg(lax.log1p(lax.neg(u)))


def exponential(key, shape=(), dtype=None):
    """Exponential(1) samples: -log1p(-u) (as JAX)."""
    return _exponential(_key_arg(key), _shape(shape), _float_dtype("exponential", dtype))


def _gumbel_impl(k, shape, dt, mode):
    info = np.finfo(dt)
    if mode == "high":
        u = _uniform_impl(k, (2,) + shape, dt, 0.0, 1.0)
        high = lax.reshape(lax.slice(u, (0,) * (len(shape) + 1), (1,) + shape), shape)
        low = lax.reshape(lax.slice(u, (1,) + (0,) * len(shape), (2,) + shape), shape)
        x = dnp.where(
            dnp.greater_equal(high, 0.5),
            high,
            dnp.add(dnp.add(high, dnp.multiply(low, 2.0**-info.nmant)), float(info.tiny)),
        )
        return lax.neg(lax.log(lax.neg(lax.log1p(lax.neg(x)))))
    u = _uniform_impl(k, shape, dt, float(info.tiny), 1.0)
    return lax.neg(lax.log(lax.neg(lax.log(u))))


@api(static_argnames=("shape", "dtype", "mode"))
def _gumbel(key, shape, dtype, mode):
    k = lax.to_tracer(key)
    _check_key("gumbel", k)
    return _gumbel_impl(k, shape, dtype, mode)


def gumbel(key, shape=(), dtype=None, mode=None):
    """Gumbel samples: -log(-log(u)) (mode 'low', JAX's default) or the two-word 'high' mode."""
    mode = "low" if mode is None else mode
    if mode not in ("low", "high"):
        raise NotImplementedError(f"random.gumbel: argument mode={mode!r} is not supported ('low' or 'high')")
    return _gumbel(_key_arg(key), _shape(shape), _float_dtype("gumbel", dtype), mode)


# ---- integers --------------------------------------------------------------------------------


def _bits_n(k, shape, nbits):
    """JAX's random bits of width nbits (8, 16, 32) as int64 holding the unsigned value."""
    b = _u64(_random_bits32(k, shape))
    if nbits < 32:
        b = lax.bitwise_and(b, _c((1 << nbits) - 1, shape, "int64"))
    return b


@api(static_argnames=("shape", "dtype"))
def _randint(key, shape, minval, maxval, dtype):
    k = lax.to_tracer(key)
    _check_key("randint", k)
    info = np.iinfo(dtype)
    nbits = info.bits
    mask = (1 << nbits) - 1
    lo64 = lax.convert_element_type(lax.to_tracer(minval, "int64"), "int64")
    hi64 = lax.convert_element_type(lax.to_tracer(maxval, "int64"), "int64")
    hi_out_of_range = dnp.greater(hi64, info.max)
    lo64 = dnp.clip(lo64, info.min, info.max)
    hi64 = dnp.clip(hi64, info.min, info.max)
    lo64, hi64 = dnp.broadcast_to(lo64, shape), dnp.broadcast_to(hi64, shape)
    hi_out_of_range = dnp.broadcast_to(hi_out_of_range, shape)
    ks = _split(k, (2,))
    k1 = lax.reshape(lax.slice(ks, (0, 0), (1, 2)), (2,))
    k2 = lax.reshape(lax.slice(ks, (1, 0), (2, 2)), (2,))
    higher, lower = _bits_n(k1, shape, nbits), _bits_n(k2, shape, nbits)

    def wrap(x):  # unsigned nbits arithmetic, in int64
        return lax.bitwise_and(x, _c(mask, shape, "int64"))

    span = wrap(lax.sub(hi64, lo64))
    span = lax.select(dnp.less_equal(hi64, lo64), _c(1, shape, "int64"), span)
    grow = dnp.logical_and(hi_out_of_range, dnp.greater(hi64, lo64))
    span = lax.select(grow, wrap(lax.add(span, _c(1, shape, "int64"))), span)
    # a span of 2**nbits wrapped to 0: the remainders below then leave the bits as they are
    zero = lax.eq(span, _c(0, shape, "int64"))
    safe = lax.select(zero, _c(1, shape, "int64"), span)

    def rem(x):
        return lax.select(zero, x, lax.rem(x, safe))

    multiplier = rem(_c(2 ** (nbits // 2), shape, "int64"))
    multiplier = rem(wrap(lax.mul(multiplier, multiplier)))
    offset = wrap(lax.add(wrap(lax.mul(rem(higher), multiplier)), rem(lower)))
    offset = rem(offset)
    return lax.convert_element_type(wrap(lax.add(lo64, offset)), dtype)


def randint(key, shape, minval, maxval, dtype="int32"):
    """Integers in [minval, maxval) (JAX's algorithm: two words of bits, reduced modulo the span)."""
    dt = dtypes.canonicalize_dtype(dtype)
    if not dtypes.is_int(dt):
        raise TypeError(f"random.randint: dtype must be an integer dtype, got {dt}")
    if dt in ("int64", "uint64"):
        raise NotImplementedError(
            f"random.randint: argument dtype={dt} is not supported (needs unsigned 64-bit remainders)"
        )
    if dt in ("int8", "int16", "uint8", "uint16"):  # sampled in 32 bits, then narrowed (as JAX: less bias)
        return _randint_narrow(_key_arg(key), _shape(shape), minval, maxval, dt)
    return _randint(_key_arg(key), _shape(shape), minval, maxval, dt)


@api(static_argnames=("shape", "dtype"))
def _randint_narrow(key, shape, minval, maxval, dtype):
    info = np.iinfo(dtype)
    lo = dnp.clip(lax.convert_element_type(lax.to_tracer(minval, "int64"), "int64"), int(info.min), int(info.max))
    hi = dnp.clip(lax.convert_element_type(lax.to_tracer(maxval, "int64"), "int64"), int(info.min), int(info.max) + 1)
    r = _randint(key, shape, lax.convert_element_type(lo, "int32"), lax.convert_element_type(hi, "int32"), "int32")
    return lax.convert_element_type(r, dtype)


# ---- permutations and choices ---------------------------------------------------------------------


def _uint_order(bits):
    """int32 bits flipped so that signed order is the unsigned order of the words (JAX sorts uint32)."""
    return lax.bitwise_xor(bits, _c(_i32(0x80000000), bits.shape))


def _shuffle(k, x, axis):
    """JAX's _shuffle: sort x along axis by fresh random 32-bit keys, in rounds (a stable sort)."""
    from descend.numpy._sorting import _sort_last, _to_batch_last

    exponent = 3
    num_rounds = int(np.ceil(exponent * np.log(max(1, x.size)) / np.log(np.iinfo(np.uint32).max)))
    n = x.shape[axis]
    for _ in range(num_rounds):
        ks = _split(k, (2,))
        k = lax.reshape(lax.slice(ks, (0, 0), (1, 2)), (2,))
        sub = lax.reshape(lax.slice(ks, (1, 0), (2, 2)), (2,))
        sort_keys = _uint_order(_random_bits32(sub, x.shape))
        kf, _ = _to_batch_last(sort_keys, axis)
        xf, undo = _to_batch_last(x, axis)
        B = xf.shape[0]
        _, (vals,) = _sort_last([kf], [lax.reshape(xf, (B, n, 1))], n)
        x = undo(lax.reshape(vals, (B, n)))
    return x


def _take0(arr, ind):
    """arr[ind] along axis 0 (ind int32 of any shape), as an exact masked sum (no gather op)."""
    n = arr.shape[0]
    rest = arr.shape[1:]
    out_shape = ind.shape + (n,) + rest
    hit = lax.eq(
        lax.broadcast_in_dim(ind, out_shape, tuple(range(ind.ndim))),
        lax.broadcasted_iota("int32", out_shape, ind.ndim),
    )
    vals = lax.broadcast_in_dim(arr, out_shape, tuple(range(ind.ndim, len(out_shape))))
    picked = lax.select(hit, vals, lax.broadcast_in_dim(lax.to_tracer(0, arr.aval.dtype), out_shape, ()))
    if arr.aval.dtype == "bool":
        return lax.reduce_or(picked, (ind.ndim,))
    return lax.reduce_sum(picked, (ind.ndim,))


@api(static_argnames=("n", "axis", "independent"))
def _permutation(key, x, n, axis, independent):
    k = lax.to_tracer(key)
    _check_key("permutation", k)
    if n is not None:
        return _shuffle(k, lax.iota("int32", n), 0)
    t = lax.to_tracer(x)
    ax = canonical_axis("permutation", axis, t.ndim)
    if independent or t.ndim == 1:
        return _shuffle(k, t, ax)
    m = t.shape[ax]
    perm = _shuffle(k, lax.iota("int32", m), 0)
    moved = dnp.moveaxis(t, ax, 0)
    return dnp.moveaxis(_take0(moved, perm), 0, ax)


def permutation(key, x, axis=0, independent=False):
    """A random permutation of arange(x) (x an int) or of x along `axis` (JAX's sort-based shuffle,
    same values)."""
    if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
        return _permutation(_key_arg(key), None, int(x), 0, False)
    if np.ndim(x) == 0:
        raise TypeError("random.permutation: x must be an integer or at least 1-dimensional")
    return _permutation(_key_arg(key), x, None, int(axis), bool(independent))


@api(static_argnames=("n_inputs", "shape", "replace", "axis", "scalar", "mode"))
def _choice(key, a, p, n_inputs, shape, replace, axis, scalar, mode):
    k = lax.to_tracer(key)
    _check_key("choice", k)
    n_draws = int(np.prod(shape, dtype=np.int64))
    arr = None if scalar else dnp.moveaxis(lax.to_tracer(a), axis, 0)
    if p is None:
        if replace:
            ind = _randint_impl(k, shape, 0, n_inputs)
        else:
            src = lax.iota("int32", n_inputs) if scalar else None
            if scalar:
                perm = _shuffle(k, src, 0)
                ind = lax.reshape(lax.slice(perm, (0,), (n_draws,)), shape)
            else:
                perm = _shuffle(k, lax.iota("int32", n_inputs), 0) if arr.ndim > 1 else None
                if perm is None:
                    vals = _shuffle(k, arr, 0)
                    out = lax.reshape(lax.slice(vals, (0,), (n_draws,)), shape)
                    return out
                ind = lax.reshape(lax.slice(perm, (0,), (n_draws,)), shape)
    else:
        pt = lax.to_tracer(p)
        if not dtypes.is_float(pt.aval.dtype):
            pt = lax.convert_element_type(pt, dtypes.DEFAULT_FLOAT)
        if pt.shape != (n_inputs,):
            raise ValueError(
                f"random.choice: p must be None or a 1D vector with the same size as a.shape[axis] ({n_inputs}), "
                f"got shape {pt.shape}"
            )
        if replace:
            p_cuml = dnp.cumsum(pt)
            total = lax.reshape(lax.slice(p_cuml, (n_inputs - 1,), (n_inputs,)), ())
            u = _uniform_impl(k, shape, pt.aval.dtype, 0.0, 1.0)
            r = dnp.multiply(total, dnp.subtract(1, u))
            ind = dnp.searchsorted(p_cuml, r)
        else:
            g = dnp.add(_gumbel_impl(k, (n_inputs,), pt.aval.dtype, mode), dnp.log(pt))
            order = dnp.argsort(g, descending=True)
            ind = lax.reshape(lax.slice(order, (0,), (n_draws,)), shape)
    if scalar:
        return ind
    out = _take0(arr, lax.reshape(ind, (n_draws,)))
    out = lax.reshape(out, shape + arr.shape[1:])
    return (
        dnp.moveaxis(out, tuple(range(len(shape))), tuple(range(axis, axis + len(shape)))) if shape else out
    )


def _randint_impl(k, shape, lo, hi):
    return _randint(k, shape, lo, hi, "int32")  # inside a trace: staged, not compiled apart


def choice(key, a, shape=(), replace=True, p=None, axis=0, mode=None):
    """Samples from arange(a) (a an int) or from a along `axis`: uniformly with replacement
    (randint), without (a permutation), or by probabilities p (inverse CDF / Gumbel top-k)."""
    shape = _shape(shape)
    scalar = np.ndim(a) == 0
    if scalar:
        if isinstance(a, Tracer):
            raise NotImplementedError(
                "random.choice: argument 'a' as a traced scalar is not supported (must be static)"
            )
        n_inputs = int(a)
    else:
        ax = axis % np.ndim(a)
        n_inputs = np.shape(a)[ax]
        axis = ax
    n_draws = int(np.prod(shape, dtype=np.int64))
    if n_draws == 0:
        dt = "int32" if scalar else np.dtype(a.dtype).name if hasattr(a, "dtype") else "float32"
        out_shape = shape if scalar else tuple(np.shape(a)[:axis]) + shape + tuple(np.shape(a)[axis + 1 :])
        return dnp.zeros(out_shape, dt)
    if n_inputs <= 0:
        raise ValueError("random.choice: a must be greater than 0 unless no samples are taken")
    if not replace and n_draws > n_inputs:
        raise ValueError(
            f"random.choice: cannot take a larger sample (size {n_draws}) than population (size {n_inputs}) "
            "when 'replace=False'"
        )
    mode = "low" if mode is None else mode
    return _choice(
        _key_arg(key), None if scalar else a, p, n_inputs, shape, bool(replace), int(axis), scalar, mode
    )


@api(static_argnames=("axis", "shape", "replace", "mode"))
def _categorical(key, logits, axis, shape, replace, mode):
    k = lax.to_tracer(key)
    _check_key("categorical", k)
    lg = lax.to_tracer(logits)
    if not dtypes.is_float(lg.aval.dtype):
        lg = lax.convert_element_type(lg, dtypes.DEFAULT_FLOAT)
    ax = canonical_axis("categorical", axis, lg.ndim)
    batch_shape = tuple(s for i, s in enumerate(lg.shape) if i != ax)
    if shape is None:
        shape = batch_shape
    elif dnp.broadcast_shapes(
        shape[len(shape) - len(batch_shape) :] if batch_shape else (), batch_shape
    ) != batch_shape or (len(shape) < len(batch_shape)):
        raise ValueError(
            f"random.categorical: shape {shape} is not compatible with the batch shape {batch_shape}"
        )
    prefix = shape[: len(shape) - len(batch_shape)]
    if replace:
        logits_shape = list(shape[len(shape) - len(batch_shape) :])
        logits_shape.insert(ax, lg.shape[ax])
        g = _gumbel_impl(k, prefix + tuple(logits_shape), lg.aval.dtype, mode)
        full = dnp.add(g, dnp.reshape(lg, (1,) * len(prefix) + lg.shape))
        return dnp.argmax(full, axis=len(prefix) + ax)
    noisy = dnp.add(lg, _gumbel_impl(k, lg.shape, lg.aval.dtype, mode))
    kk = int(np.prod(prefix, dtype=np.int64))
    if kk > lg.shape[ax]:
        raise ValueError(
            f"random.categorical: number of samples without replacement ({kk}) cannot exceed the number of "
            f"categories ({lg.shape[ax]})"
        )
    order = dnp.argsort(dnp.moveaxis(noisy, ax, -1), axis=-1, descending=True)
    top = lax.slice(order, (0,) * order.ndim, order.shape[:-1] + (kk,))  # batch + (k,)
    top = dnp.moveaxis(top, -1, 0)
    return lax.reshape(top, shape)


def categorical(key, logits, axis=-1, shape=None, replace=True, mode=None):
    """Samples of category indices from unnormalized log-probabilities: the argmax of
    logits + Gumbel noise (with replacement), or the Gumbel top-k (without)."""
    mode = "low" if mode is None else mode
    return _categorical(_key_arg(key), logits, int(axis), _shape(shape), bool(replace), mode)


# ---- more distributions (JAX's formulas) --------------------------------------------------------


def _simple(name, body, doc):
    @api(static_argnames=("shape", "dtype"))
    def impl(key, shape, dtype):
        k = lax.to_tracer(key)
        _check_key(name, k)
        return body(k, shape, dtype)

    def f(key, shape=(), dtype=None):
        return impl(_key_arg(key), _shape(shape), _float_dtype(name, dtype))

    f.__name__ = name
    f.__doc__ = doc
    return f


laplace = _simple(
    "laplace",
    lambda k, s, dt: lax.mul(
        lax.sign(u := _uniform_impl(k, s, dt, -1.0 + float(np.finfo(dt).epsneg), 1.0)),
        lax.log1p(lax.neg(lax.abs(u))),
    ),
    "Laplace(0, 1) samples (as JAX).",
)
logistic = _simple(
    "logistic",
    lambda k, s, dt: lax.sub(
        lax.log(x := _uniform_impl(k, s, dt, float(np.finfo(dt).tiny), 1.0)), lax.log1p(lax.neg(x))
    ),
    "Logistic(0, 1) samples (as JAX).",
)
cauchy = _simple(
    "cauchy",
    lambda k, s, dt: lax.tan(
        lax.mul(
            _c(np.pi, s, dt), lax.sub(_uniform_impl(k, s, dt, float(np.finfo(dt).eps), 1.0), _c(0.5, s, dt))
        )
    ),
    "Cauchy(0, 1) samples (as JAX).",
)


def rademacher(key, shape=(), dtype="int32"):
    """Random -1 / +1 (bernoulli(0.5) * 2 - 1, as JAX)."""
    b = bernoulli(key, 0.5, _shape(shape))
    return dnp.astype(dnp.subtract(dnp.multiply(dnp.astype(b, dtype), 2), 1), dtype)


def lognormal(key, sigma=1.0, shape=None, dtype=None):
    """exp(sigma * normal) (as JAX)."""
    dt = _float_dtype("lognormal", dtype)
    shape = () if shape is None else _shape(shape)
    return dnp.exp(dnp.multiply(normal(key, shape, dt), dnp.astype(sigma, dt)))


def pareto(key, b, shape=None, dtype=None):
    """exp(exponential / b) (as JAX)."""
    dt = _float_dtype("pareto", dtype)
    shape = np.shape(b) if shape is None else _shape(shape)
    return dnp.exp(dnp.true_divide(exponential(key, shape, dt), dnp.astype(b, dt)))


def rayleigh(key, scale=1.0, shape=None, dtype=None):
    """scale * sqrt(-2 log u) (as JAX)."""
    dt = _float_dtype("rayleigh", dtype)
    shape = np.shape(scale) if shape is None else _shape(shape)
    u = uniform(key, shape, dt)
    return dnp.multiply(dnp.astype(scale, dt), dnp.sqrt(dnp.multiply(dnp.log(u), -2.0)))


def weibull_min(key, scale, concentration, shape=(), dtype=None):
    """scale * (-log1p(-u)) ** (1 / concentration) (as JAX)."""
    dt = _float_dtype("weibull_min", dtype)
    u = uniform(key, _shape(shape), dt)
    return dnp.multiply(
        dnp.power(dnp.negative(dnp.log1p(dnp.negative(u))), dnp.true_divide(1.0, concentration)), scale
    )


def maxwell(key, shape=(), dtype=None):
    """The norm of 3 independent standard normals (as JAX)."""
    dt = _float_dtype("maxwell", dtype)
    z = normal(key, _shape(shape) + (3,), dt)
    return dnp.sqrt(dnp.sum(dnp.multiply(z, z), axis=-1))


def double_sided_maxwell(key, loc, scale, shape=(), dtype=None):
    """A Maxwell sample with a random sign, scaled and shifted (as JAX)."""
    dt = _float_dtype("double_sided_maxwell", dtype)
    shape = _shape(shape)
    k1, k2 = split(key)
    m = maxwell(k1, shape, dt)
    s = rademacher(k2, shape, dt)
    return dnp.add(dnp.multiply(dnp.multiply(m, s), scale), loc)


def triangular(key, left, mode, right, shape=None, dtype=None):
    """Triangular(left, mode, right) samples by inverting the CDF (as JAX)."""
    dt = _float_dtype("triangular", dtype)
    shape = (
        dnp.broadcast_shapes(np.shape(left), np.shape(mode), np.shape(right))
        if shape is None
        else _shape(shape)
    )
    lo, mo, hi = (dnp.broadcast_to(dnp.astype(v, dt), shape) for v in (left, mode, right))
    fc = dnp.true_divide(dnp.subtract(mo, lo), dnp.subtract(hi, lo))
    u = uniform(key, shape, dt)
    out1 = dnp.add(lo, dnp.sqrt(dnp.multiply(dnp.multiply(u, dnp.subtract(hi, lo)), dnp.subtract(mo, lo))))
    out2 = dnp.subtract(
        hi,
        dnp.sqrt(dnp.multiply(dnp.multiply(dnp.subtract(1, u), dnp.subtract(hi, lo)), dnp.subtract(hi, mo))),
    )
    return dnp.where(dnp.less(u, fc), out1, out2)


def geometric(key, p, shape=None, dtype="int32"):
    """The number of Bernoulli(p) trials up to the first success: floor(log u / log1p(-p)) + 1 (as JAX)."""
    pf = dnp.asarray(p) if not isinstance(p, Tracer) else p
    if not dtypes.is_float(np.dtype(pf.dtype).name):
        pf = dnp.astype(pf, dtypes.DEFAULT_FLOAT)
    shape = tuple(np.shape(pf)) if shape is None else _shape(shape)
    u = uniform(key, shape, pf.dtype)
    u = dnp.where(dnp.equal(u, 0), 1, u)
    g = dnp.add(dnp.floor(dnp.true_divide(dnp.log(u), dnp.broadcast_to(dnp.log1p(dnp.negative(pf)), shape))), 1)
    return dnp.astype(g, dtype)


def wald(key, mean, shape=None, dtype=None):
    """Wald (inverse Gaussian) samples with the given mean and unit shape parameter (as JAX)."""
    dt = _float_dtype("wald", dtype)
    shape = np.shape(mean) if shape is None else _shape(shape)
    k1, k2 = split(key)
    m = dnp.broadcast_to(dnp.astype(mean, dt), shape)
    v = normal(k1, shape, dt)
    z = uniform(k2, shape, dt)
    y = dnp.multiply(v, v)
    m2 = dnp.multiply(m, m)
    root = dnp.sqrt(dnp.add(dnp.multiply(dnp.multiply(4.0, m), y), dnp.multiply(m2, dnp.multiply(y, y))))
    x = dnp.subtract(dnp.add(m, dnp.true_divide(dnp.multiply(m2, y), 2.0)), dnp.multiply(dnp.true_divide(m, 2.0), root))
    return dnp.where(dnp.less_equal(z, dnp.true_divide(m, dnp.add(m, x))), x, dnp.true_divide(m2, x))


def clone(key):
    """The key itself (keys are immutable values)."""
    return dnp.asarray(_key_arg(key))


def key_impl(keys):
    """The name of the PRNG implementation: always 'threefry2x32'."""
    return "threefry2x32"


def shuffle(key, x, axis=0):
    """Deprecated in JAX; permutation(key, x, axis, independent=True)."""
    return permutation(key, x, axis=axis, independent=True)


__all__ = [
    "PRNGKey",
    "bernoulli",
    "bits",
    "categorical",
    "cauchy",
    "choice",
    "double_sided_maxwell",
    "exponential",
    "fold_in",
    "gumbel",
    "key",
    "key_data",
    "laplace",
    "logistic",
    "lognormal",
    "maxwell",
    "normal",
    "pareto",
    "permutation",
    "rademacher",
    "randint",
    "rayleigh",
    "shuffle",
    "split",
    "triangular",
    "truncated_normal",
    "uniform",
    "weibull_min",
    "wrap_key_data",
]
