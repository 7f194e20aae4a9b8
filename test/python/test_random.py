"""descend.random: the Threefry-2x32 hash against its published known answers,
bit-for-bit agreement with jax.random (when JAX is installed), the same stream
eagerly, under jit and under vmap, and statistical tests of every sampler
(moments and Kolmogorov-Smirnov tests against SciPy's distributions, with fixed
keys: deterministic, no flakiness)."""

from __future__ import annotations

import numpy as np
import pytest

import descend
import descend.numpy as dnp
import descend.random as dr
from descend import lax

try:  # JAX is a test-only oracle: never a dependency
    import jax
    import jax.numpy as jnp
except ImportError:  # pragma: no cover
    jax = None
try:
    from scipy import stats
except ImportError:  # pragma: no cover
    stats = None

needs_jax = pytest.mark.skipif(jax is None, reason="jax is not installed")
needs_scipy = pytest.mark.skipif(stats is None, reason="scipy is not installed")

N = 20000
KEY = dr.PRNGKey(1701)


def _u32(a):
    return np.asarray(a).astype(np.int32).view(np.uint32)


# ---- the hash --------------------------------------------------------------------------------

# Random123's known-answer tests for threefry2x32_20: (counter, key) -> output
KAT = [
    ((0x00000000, 0x00000000), (0x00000000, 0x00000000), (0x6B200159, 0x99BA4EFE)),
    ((0xFFFFFFFF, 0xFFFFFFFF), (0xFFFFFFFF, 0xFFFFFFFF), (0x1CB996FC, 0xBB002BE7)),
    ((0x243F6A88, 0x85A308D3), (0x13198A2E, 0x03707344), (0xC4923A9C, 0x483DF7A0)),
]


def test_threefry_known_answers():
    def f(k, x):
        k1, k2 = lax.reshape(lax.slice(k, (0,), (1,)), ()), lax.reshape(lax.slice(k, (1,), (2,)), ())
        x1, x2 = lax.slice(x, (0, 0), (3, 1)), lax.slice(x, (0, 1), (3, 2))
        return dr.threefry_2x32(k1, k2, x1, x2)

    for counter, key, want in KAT:
        ks = np.array(key, np.uint32).view(np.int32)
        xs = np.tile(np.array(counter, np.uint32).view(np.int32), (3, 1))
        o1, o2 = descend.jit(f)(ks, xs)
        assert (int(_u32(o1)[0, 0]), int(_u32(o2)[0, 0])) == want


def test_keys():
    assert np.asarray(dr.PRNGKey(0)).dtype == np.int32
    assert np.array_equal(dr.PRNGKey(42), [0, 42])
    assert np.array_equal(_u32(dr.PRNGKey(-1)), [0, 0xFFFFFFFF])
    assert np.array_equal(dr.PRNGKey(2**40 + 5), [0, 5])  # the low 32 bits (JAX's default mode)
    assert np.array_equal(dr.key(7), dr.PRNGKey(7))
    assert np.array_equal(dr.PRNGKey(np.int64(2**33 + 3)), [2, 3])  # an int64 array seed: both words
    assert np.array_equal(descend.jit(dr.PRNGKey)(np.int32(9)), [0, 9])
    assert np.array_equal(dr.key_data(dr.PRNGKey(3)), [0, 3])
    assert np.array_equal(dr.wrap_key_data(np.array([1, 2], np.uint32)), [1, 2])
    ks = dr.split(KEY, (2, 3))
    assert ks.shape == (2, 3, 2) and ks.dtype == np.int32
    assert len({tuple(k) for k in np.asarray(dr.split(KEY, 100))}) == 100
    with pytest.raises(TypeError, match="key"):
        dr.uniform(np.zeros(3, np.int32))
    with pytest.raises(TypeError, match="vmap"):
        dr.normal(dr.split(KEY, 2))
    with pytest.raises(NotImplementedError, match="impl"):
        dr.key(0, impl="rbg")


# ---- JAX's bits --------------------------------------------------------------------------------


@needs_jax
def test_bits_match_jax():
    for seed in (2**31 + 5,):
        k, jk = dr.PRNGKey(seed), jax.random.PRNGKey(seed)
        assert np.array_equal(_u32(k), np.asarray(jk))
        assert np.array_equal(_u32(dr.split(k)), np.asarray(jax.random.split(jk)))
        assert np.array_equal(_u32(dr.fold_in(k, 12345)), np.asarray(jax.random.fold_in(jk, 12345)))
        assert np.array_equal(_u32(dr.bits(k, (4, 5))), np.asarray(jax.random.bits(jk, (4, 5))))
        # unit range: the same floats; other ranges within an ulp (XLA may fuse x * (b - a) + a)
        assert np.array_equal(dr.uniform(k, (7, 3)), jax.random.uniform(jk, (7, 3)))
        np.testing.assert_allclose(
            dr.uniform(k, (50,), minval=-2.0, maxval=5.0), jax.random.uniform(jk, (50,), minval=-2.0, maxval=5.0),
            rtol=3e-7, atol=5e-7,
        )
        assert np.array_equal(dr.uniform(k, (6,), np.float16), jax.random.uniform(jk, (6,), jnp.float16))
        assert np.array_equal(dr.randint(k, (20,), -3, 17), jax.random.randint(jk, (20,), -3, 17))
        assert np.array_equal(dr.randint(k, (9,), -5, 100, np.int8), jax.random.randint(jk, (9,), -5, 100, jnp.int8))
        assert np.array_equal(dr.bernoulli(k, 0.3, (30,)), jax.random.bernoulli(jk, 0.3, (30,)))
        assert np.array_equal(dr.permutation(k, 17), jax.random.permutation(jk, 17))
        x = np.arange(24.0).reshape(6, 4)
        assert np.array_equal(dr.permutation(k, x), jax.random.permutation(jk, x))
        assert np.array_equal(dr.permutation(k, x, axis=1, independent=True), jax.random.permutation(jk, x, 1, True))
        assert np.array_equal(dr.choice(k, 7, (5,)), jax.random.choice(jk, 7, (5,)))
        assert np.array_equal(dr.choice(k, 7, (5,), replace=False), jax.random.choice(jk, 7, (5,), replace=False))
        p = np.array([0.1, 0.4, 0.2, 0.3], np.float32)
        assert np.array_equal(dr.choice(k, 4, (8,), p=p), jax.random.choice(jk, 4, (8,), p=p))
        logits = np.log(np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]], np.float32))
        assert np.array_equal(dr.categorical(k, logits), jax.random.categorical(jk, logits))
        assert np.array_equal(dr.categorical(k, logits[0], shape=(2,), replace=False),
                              jax.random.categorical(jk, logits[0], shape=(2,), replace=False))


@needs_jax
def test_float64_bits_match_jax():
    prev = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    try:
        jk = jax.random.PRNGKey(5)
        assert np.array_equal(dr.uniform(dr.PRNGKey(5), (9,), np.float64), jax.random.uniform(jk, (9,), jnp.float64))
        assert np.array_equal(np.asarray(dr.bits(dr.PRNGKey(5), (3,), np.uint64)).view(np.uint64), jax.random.bits(jk, (3,), jnp.uint64))
    finally:
        jax.config.update("jax_enable_x64", prev)


@needs_jax
def test_transcendental_samplers_match_jax():
    """Samplers through erf_inv/log agree with JAX to a few ulp (libm differences)."""
    k, jk = dr.PRNGKey(3), jax.random.PRNGKey(3)
    for name, rtol, atol in (("normal", 2e-6, 1e-6), ("exponential", 2e-6, 1e-7), ("gumbel", 1e-5, 1e-6),
                             ("laplace", 2e-6, 1e-7), ("logistic", 2e-6, 1e-6), ("cauchy", 1e-5, 1e-6)):
        np.testing.assert_allclose(getattr(dr, name)(k, (200,)), getattr(jax.random, name)(jk, (200,)), rtol=rtol, atol=atol, err_msg=name)
    np.testing.assert_allclose(dr.truncated_normal(k, -1.0, 2.0, (200,)), jax.random.truncated_normal(jk, -1.0, 2.0, (200,)), atol=2e-6)


# ---- one stream everywhere -------------------------------------------------------------------------


def test_same_stream_eager_jit_vmap():
    keys = dr.split(KEY, 4)
    eager = [np.asarray(dr.normal(keys[i], (3, 2))) for i in range(4)]
    jitted = [np.asarray(descend.jit(lambda k: dr.normal(k, (3, 2)))(keys[i])) for i in range(1)]
    vmapped = np.asarray(descend.vmap(lambda k: dr.normal(k, (3, 2)))(keys))
    jit_vmapped = np.asarray(descend.jit(descend.vmap(lambda k: dr.normal(k, (3, 2))))(keys))
    assert np.array_equal(jitted[0], eager[0])
    for i in range(4):
        assert np.array_equal(vmapped[i], eager[i])
        assert np.array_equal(jit_vmapped[i], eager[i])

    def several(k):
        a, b = dr.split(k)
        return dr.uniform(a, (5,)), dr.randint(b, (5,), 0, 9), dr.fold_in(k, 3), dr.permutation(b, 6)

    direct = [several(keys[i]) for i in range(4)]
    batched = descend.vmap(several)(keys)
    for i in range(4):
        for got, want in zip(batched, direct[i]):
            assert np.array_equal(np.asarray(got)[i], np.asarray(want))
    # fold_in with a batched data argument
    folded = descend.vmap(lambda d: dr.fold_in(KEY, d))(np.arange(3, dtype=np.int32))
    for i in range(3):
        assert np.array_equal(np.asarray(folded)[i], dr.fold_in(KEY, i))


def test_keys_in_loops():
    """A key threaded through lax.fori_loop: each step splits (the stream of a Python loop)."""

    def step(i, carry):
        k, acc = carry
        k, sub = dr.split(k)
        return k, acc + dr.uniform(sub, (2,))

    _, total = descend.jit(lambda k: lax.fori_loop(0, 5, step, (k, np.zeros(2, np.float32))))(KEY)
    k, want = KEY, np.zeros(2, np.float32)
    for _ in range(5):
        ks = dr.split(k)
        k, sub = ks[0], ks[1]
        want = want + np.asarray(dr.uniform(sub, (2,)))
    np.testing.assert_allclose(np.asarray(total), want, rtol=1e-6)


# ---- statistics -----------------------------------------------------------------------------------


def _ks(samples, cdf, *args):
    return stats.kstest(np.asarray(samples, np.float64).ravel(), cdf, args=args).pvalue


@needs_scipy
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_continuous_distributions(dtype):
    k = dr.split(dr.PRNGKey(11), 8)

    def draws(k):
        return {
            "uniform": dr.uniform(k[0], (N,), dtype, -1.0, 3.0),
            "normal": dr.normal(k[1], (N,), dtype),
            "truncated_normal": dr.truncated_normal(k[2], -0.5, 1.5, (N,), dtype),
            "exponential": dr.exponential(k[3], (N,), dtype),
            "gumbel": dr.gumbel(k[4], (N,), dtype),
            "laplace": dr.laplace(k[5], (N,), dtype),
            "logistic": dr.logistic(k[6], (N,), dtype),
            "cauchy": dr.cauchy(k[7], (N,), dtype),
        }

    s = descend.jit(draws)(k)
    refs = {
        "uniform": ("uniform", (-1.0, 4.0)),
        "normal": ("norm", ()),
        "truncated_normal": (stats.truncnorm(-0.5, 1.5).cdf, ()),
        "exponential": ("expon", ()),
        "gumbel": ("gumbel_r", ()),
        "laplace": ("laplace", ()),
        "logistic": ("logistic", ()),
        "cauchy": ("cauchy", ()),
    }
    for name, (cdf, args) in refs.items():
        x = np.asarray(s[name])
        assert x.dtype == np.dtype(dtype) and x.shape == (N,)
        assert np.all(np.isfinite(x)), name
        assert _ks(x, cdf, *args) > 1e-3, name
    u = np.asarray(s["uniform"])
    assert u.min() >= -1.0 and u.max() < 3.0
    assert abs(u.mean() - 1.0) < 0.05 and abs(u.var() - 16 / 12) < 0.05
    z = np.asarray(s["normal"])
    assert abs(z.mean()) < 0.03 and abs(z.var() - 1) < 0.04
    t = np.asarray(s["truncated_normal"])
    assert t.min() > -0.5 and t.max() < 1.5
    e = np.asarray(s["exponential"])
    assert e.min() >= 0 and abs(e.mean() - 1) < 0.03


@needs_scipy
def test_more_distributions():
    k = dr.split(dr.PRNGKey(12), 8)
    x = np.asarray(dr.lognormal(k[0], 0.5, (N,)))
    assert _ks(x, "lognorm", 0.5) > 1e-3
    x = np.asarray(dr.pareto(k[1], 3.0, (N,)))
    assert _ks(x, "pareto", 3.0) > 1e-3
    x = np.asarray(dr.rayleigh(k[2], 2.0, (N,)))
    assert _ks(x, "rayleigh", 0, 2.0) > 1e-3
    x = np.asarray(dr.weibull_min(k[3], 1.5, 2.0, (N,)))
    assert _ks(x, "weibull_min", 2.0, 0, 1.5) > 1e-3
    x = np.asarray(dr.maxwell(k[4], (N,)))
    assert _ks(x, "maxwell") > 1e-3
    x = np.asarray(dr.triangular(k[5], -1.0, 0.5, 2.0, (N,)))
    assert _ks(x, "triang", 0.5, -1.0, 3.0) > 1e-3
    x = np.asarray(dr.gumbel(k[6], (N,), mode="high"))
    assert _ks(x, "gumbel_r") > 1e-3
    r = np.asarray(dr.rademacher(k[7], (N,)))
    assert set(np.unique(r)) == {-1, 1} and abs(r.mean()) < 0.03
    d = np.asarray(dr.double_sided_maxwell(k[0], 1.0, 2.0, (N,)))
    assert abs(d.mean() - 1.0) < 0.1
    x = np.asarray(dr.wald(k[1], 1.5, (N,)))
    assert _ks(x, "invgauss", 1.5) > 1e-3
    g = np.asarray(dr.geometric(k[2], 0.3, (N,)))
    assert g.dtype == np.int32 and g.min() >= 1
    counts = np.bincount(g, minlength=12)[1:12]
    expected = N * 0.3 * 0.7 ** np.arange(11)
    assert stats.chisquare(counts, expected * counts.sum() / expected.sum()).pvalue > 1e-3
    assert np.array_equal(dr.clone(k[0]), k[0]) and dr.key_impl(k[0]) == "threefry2x32"


@needs_scipy
def test_discrete_distributions():
    k = dr.split(dr.PRNGKey(13), 6)
    b = np.asarray(dr.bernoulli(k[0], 0.3, (N,)))
    assert b.dtype == np.bool_ and abs(b.mean() - 0.3) < 0.015
    bh = np.asarray(dr.bernoulli(k[0], np.array([1e-9, 0.5], np.float32), (N, 2), mode="high"))
    assert bh[:, 0].sum() == 0 and abs(bh[:, 1].mean() - 0.5) < 0.02
    r = np.asarray(dr.randint(k[1], (N,), -3, 7))
    assert r.dtype == np.int32 and r.min() == -3 and r.max() == 6
    assert stats.chisquare(np.bincount(r + 3)).pvalue > 1e-3
    r8 = np.asarray(dr.randint(k[1], (N,), 0, 300, np.int8))  # maxval beyond int8: clipped to 127 inclusive
    assert r8.dtype == np.int8 and r8.min() == 0 and r8.max() == 127
    probs = np.array([0.1, 0.2, 0.3, 0.4], np.float32)
    c = np.asarray(dr.categorical(k[2], np.log(probs), shape=(N,)))
    assert stats.chisquare(np.bincount(c, minlength=4), probs * N).pvalue > 1e-3
    ch = np.asarray(dr.choice(k[3], 4, (N,), p=probs))
    assert stats.chisquare(np.bincount(ch, minlength=4), probs * N).pvalue > 1e-3
    cu = np.asarray(dr.choice(k[4], 5, (N,)))
    assert stats.chisquare(np.bincount(cu, minlength=5)).pvalue > 1e-3
    # permutations are permutations, and uniform: each position takes each value equally often
    rows = np.tile(np.arange(5, dtype=np.int32), (4000, 1))
    perms = np.asarray(dr.permutation(k[5], rows, axis=1, independent=True))
    assert all(sorted(p) == list(range(5)) for p in perms)
    assert stats.chisquare(np.bincount(perms[:, 0], minlength=5)).pvalue > 1e-3
    nr = np.asarray(dr.choice(k[5], 10, (10,), replace=False))
    assert sorted(nr) == list(range(10))
    wr = np.asarray(dr.choice(k[5], 6, (4,), replace=False, p=np.array([0.5, 0.1, 0.1, 0.1, 0.1, 0.1])))
    assert len(set(wr)) == 4


def test_shapes_dtypes_and_errors():
    k = dr.PRNGKey(0)
    assert dr.uniform(k).shape == () and dr.uniform(k).dtype == np.float32
    assert dr.normal(k, (2, 0, 3)).shape == (2, 0, 3)
    assert dr.uniform(k, (2, 3), minval=np.zeros((2, 1))).shape == (2, 3)
    with pytest.raises(ValueError, match="minval"):
        dr.uniform(k, (3,), minval=np.zeros((2, 1)))
    assert dr.truncated_normal(k, np.zeros(3), np.ones((2, 1))).shape == (2, 3)
    assert dr.bernoulli(k, np.full((2, 3), 0.5)).shape == (2, 3)
    assert dr.categorical(k, np.zeros((5, 3)), axis=0).shape == (3,)
    assert dr.choice(k, np.arange(12.0).reshape(3, 4), (2, 2), axis=1).shape == (3, 2, 2)
    assert dr.choice(k, 5, (0,)).shape == (0,)
    with pytest.raises(ValueError, match="float"):
        dr.uniform(k, (2,), np.int32)
    with pytest.raises(TypeError, match="integer"):
        dr.randint(k, (2,), 0, 3, np.float32)
    with pytest.raises(NotImplementedError, match="dtype=int64"):
        dr.randint(k, (2,), 0, 3, np.int64)
    with pytest.raises(NotImplementedError, match="mode"):
        dr.gumbel(k, (2,), mode="highest")
    with pytest.raises(ValueError, match="larger sample"):
        dr.choice(k, 3, (5,), replace=False)
    with pytest.raises(TypeError, match="floating"):
        dr.bernoulli(k, 1, (2,))


def test_gradients_through_samplers():
    """Reparameterized samples differentiate in their parameters (uniform's bounds, truncated bounds)."""
    k = dr.PRNGKey(4)
    g = descend.grad(lambda lo: dnp.sum(dr.uniform(k, (5,), minval=lo, maxval=lo + 2.0)))(np.float32(1.0))
    np.testing.assert_allclose(float(g), 5.0, rtol=1e-6)
    g = descend.grad(lambda s: dnp.sum(dr.normal(k, (5,)) * s))(np.float32(2.0))
    np.testing.assert_allclose(float(g), float(np.sum(np.asarray(dr.normal(k, (5,))))), rtol=1e-6)
