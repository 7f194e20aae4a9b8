"""descend quick start: jit a NumPy-style function, check it against NumPy,
and look at the IR at two stages of the pipeline.

Run: python examples/quickstart.py
"""

import numpy as np

import descend
import descend.numpy as dnp


@descend.jit
def f(a, b):
    return dnp.sum(dnp.exp(a * b + a), axis=0)


@descend.jit
def mlp_layer(x, w, bias):
    """A dense layer with a ReLU, softmax over the last axis."""
    h = dnp.maximum(x @ w + bias, 0.0)
    z = h - dnp.max(h, axis=-1, keepdims=True)
    e = dnp.exp(z)
    return e / dnp.sum(e, axis=-1, keepdims=True)


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((1024, 64), dtype=np.float32)

    got = f(x, x)
    want = np.sum(np.exp(x * x + x), axis=0)
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5)
    print("f(x, x)[:4] =", np.asarray(got)[:4], "(matches NumPy)")

    xs = rng.standard_normal((8, 32)).astype(np.float32)
    w = rng.standard_normal((32, 10)).astype(np.float32)
    b = rng.standard_normal(10).astype(np.float32)
    probs = mlp_layer(xs, w, b)
    h = np.maximum(xs @ w + b, 0)
    e = np.exp(h - h.max(-1, keepdims=True))
    np.testing.assert_allclose(np.asarray(probs), e / e.sum(-1, keepdims=True), rtol=1e-5, atol=1e-6)
    print("mlp_layer rows sum to", np.asarray(probs).sum(-1)[:3], "(matches NumPy)")

    lowered = f.lower(x, x)
    print("\n--- dsc (traced, with source locations) ---")
    print(lowered.as_text("dsc"))
    print("--- linalg (after lowering and fusion) ---")
    print(lowered.as_text("linalg"))
    print("all checks passed")


if __name__ == "__main__":
    main()
