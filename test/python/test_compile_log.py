"""DESCEND_LOG_COMPILE (descend.compile_log): one stderr line per compile phase, and the
pass-by-pass run it uses gives the same results."""

from __future__ import annotations

import re

import numpy as np
import pytest

import descend
import descend.numpy as dnp


def _lines(err: str, fn: str) -> list[str]:
    return [line.split(": ", 1)[1] for line in err.splitlines() if line.startswith(f"descend compile jit_{fn}: ")]


@pytest.mark.parametrize("cache", ["0", "1"])
def test_level_1_one_line_per_phase(capsys, monkeypatch, tmp_path, cache):
    monkeypatch.setenv("DESCEND_LOG_COMPILE", "1")
    monkeypatch.setenv("DESCEND_CACHE", cache)
    monkeypatch.setenv("DESCEND_CACHE_DIR", str(tmp_path))

    def logged_fn(x):
        return dnp.sum(dnp.exp(x) * 2.0, axis=1)

    x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
    np.testing.assert_allclose(np.asarray(descend.jit(logged_fn)(x)), (np.exp(x) * 2).sum(axis=1), rtol=1e-5)
    phases = [re.sub(r" [\d.]+ ms.*", "", line) for line in _lines(capsys.readouterr().err, "logged_fn")]
    expected = ["trace", "dsc", "stage linalg", "stage buffers", "stage loops", "stage llvm", "llvm-opt",
                "llvm-codegen", "total"]
    if cache == "1":
        expected[1:1] = ["cache lookup"]
        expected[-1:-1] = ["cache store"]
    assert phases == expected
    descend.jit(logged_fn)(x)  # a new function object: from the cache, or compiled again
    phases = [re.sub(r" [\d.]+ ms.*", "", line) for line in _lines(capsys.readouterr().err, "logged_fn")]
    assert phases == (["trace", "cache lookup", "total"] if cache == "1" else expected)


def test_level_2_every_pass_python_or_upstream(capsys, monkeypatch):
    monkeypatch.setenv("DESCEND_LOG_COMPILE", "2")
    monkeypatch.setenv("DESCEND_CACHE", "0")

    def per_pass(a, b):
        return dnp.tanh(a @ b) + 1.0

    a = np.random.default_rng(0).standard_normal((5, 6)).astype(np.float32)
    b = np.random.default_rng(1).standard_normal((6, 3)).astype(np.float32)
    np.testing.assert_allclose(np.asarray(descend.jit(per_pass)(a, b)), np.tanh(a @ b) + 1, rtol=1e-5, atol=1e-6)
    lines = _lines(capsys.readouterr().err, "per_pass")
    passes = [line for line in lines if line.startswith("pass ")]
    assert any("pass linalg/dsc-to-linalg [python]" in p for p in passes)
    assert any("pass llvm/convert-func-to-llvm [upstream]" in p for p in passes)
    assert sum(line.startswith("stage ") for line in lines) == 4


def test_off_prints_nothing(capsys, monkeypatch):
    monkeypatch.delenv("DESCEND_LOG_COMPILE", raising=False)
    descend.jit(lambda x: x * 3)(np.ones(2, np.float32))
    assert "descend compile" not in capsys.readouterr().err
