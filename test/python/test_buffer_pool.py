"""The pool of large output buffers (descend/buffer_pool.py): a block is reused only once no
array or view over it is alive, results stay right when blocks are reused, and the pool holds at
most its limit."""

from __future__ import annotations

import gc
import subprocess
import sys

import numpy as np
import pytest

import descend
import descend.numpy as dnp
from descend import buffer_pool

N = buffer_pool.MIN_BYTES // 4  # float32 elements of the smallest pooled output


@pytest.fixture(autouse=True)
def _empty_pool():
    gc.collect()
    with buffer_pool._lock:
        buffer_pool._idle.clear()
        buffer_pool._idle_bytes = 0
    yield


def test_small_outputs_are_plain_arrays():
    a = buffer_pool.empty((N - 16,), np.float32)
    assert a.base is None and a.flags.owndata


def test_block_reused_only_after_every_view_is_gone():
    if buffer_pool.LIMIT == 0:
        pytest.skip("pool switched off")
    a = buffer_pool.empty((2, N // 2), np.float32)
    assert a.flags.c_contiguous and a.flags.writeable and a.ctypes.data % buffer_pool.ALIGN == 0
    address = a.ctypes.data
    view = a[1, ::3]
    del a
    assert buffer_pool.idle_bytes() == 0  # the view still uses the block
    b = buffer_pool.empty((N,), np.float32)
    assert b.ctypes.data != address
    view[:] = 7.0  # still valid memory of its own
    del view
    assert buffer_pool.idle_bytes() >= buffer_pool.MIN_BYTES
    c = buffer_pool.empty((N,), np.float32)
    assert c.ctypes.data == address  # the block came back
    assert buffer_pool.idle_bytes() == 0
    del b, c


def test_jitted_outputs_reuse_blocks_and_stay_right():
    if buffer_pool.LIMIT == 0:
        pytest.skip("pool switched off")
    f = descend.jit(lambda x, s: dnp.exp(x * s) - 1.0)
    x = np.linspace(-1, 1, N, dtype=np.float32)
    kept = []
    for i in range(4):
        s = np.float32(0.5 + i)
        y = np.asarray(f(x, s))
        assert isinstance(y.base, buffer_pool._Block)
        np.testing.assert_allclose(y, np.expm1(x * s), rtol=2e-6, atol=2e-6)
        if i % 2 == 0:
            kept.append((s, y))  # these stay alive while later calls reuse other blocks
    for s, y in kept:  # not overwritten by the later calls
        np.testing.assert_allclose(y, np.expm1(x * s), rtol=2e-6, atol=2e-6)


def test_pool_holds_at_most_its_limit():
    blocks = [buffer_pool.empty((N,), np.float32) for _ in range(buffer_pool.LIMIT // buffer_pool.MIN_BYTES + 3)]
    del blocks
    assert buffer_pool.idle_bytes() <= buffer_pool.LIMIT


def test_switch_off():
    code = ("import numpy as np; from descend import buffer_pool as p; "
            "a = p.empty((p.MIN_BYTES,), np.uint8); print(p.LIMIT, a.base is None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "DESCEND_BUFFER_POOL_MB": "0"}).stdout.split()
    assert out == ["0", "True"]
