"""The examples run: the ported JAX program trains (and matches JAX when JAX is installed)."""

import importlib.util
import pathlib

import numpy as np

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_port_from_jax_trains_and_counts():
    port = _load("port_from_jax")
    out = port.program(*port.load("descend"), steps=20)
    assert np.array_equal(out["counts"], np.bincount(out["tokens"].ravel(), minlength=port.VOCAB))
    assert out["losses"][-1] < 0.5 * out["losses"][0]
    assert np.all(np.isfinite(out["first_losses"])) and out["first_losses"].shape == (port.BATCH,)


def test_port_from_jax_matches_jax():
    import pytest

    pytest.importorskip("jax")
    port = _load("port_from_jax")
    ours = port.program(*port.load("descend"), steps=10)
    theirs = port.program(*port.load("jax"), steps=10)
    np.testing.assert_array_equal(ours["tokens"], theirs["tokens"])
    np.testing.assert_allclose(ours["losses"], theirs["losses"], rtol=1e-3, atol=1e-4)
