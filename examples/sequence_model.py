"""A small sequence model with descend: an Elman RNN over a sequence with `lax.scan`,
per-example gradients with `vmap(grad(...))`, and a few SGD steps under `jit`.

Task: read a sequence of scalars and predict, at every step, a smoothed running
sum of what came before (a target an RNN can learn). The script checks:

  1. the scan-based forward pass against a plain NumPy loop;
  2. per-example gradients (`vmap(grad(loss), in_axes=(None, 0, 0))`) against a
     Python loop of `grad` over the examples, and their mean against the
     gradient of the batch loss;
  3. that a few jitted SGD steps make the loss go down.

Run: python examples/sequence_model.py
"""

import time

import numpy as np

import descend
import descend.numpy as dnp
from descend import lax

HIDDEN, STEPS, BATCH = 8, 12, 16


def init_params(rng):
    return {
        "w_in": rng.standard_normal((1, HIDDEN)) * 0.5,
        "w_h": rng.standard_normal((HIDDEN, HIDDEN)) * (0.5 / np.sqrt(HIDDEN)),
        "b_h": np.zeros(HIDDEN),
        "w_out": rng.standard_normal((HIDDEN, 1)) * 0.5,
        "b_out": np.zeros(1),
    }


def rnn(params, xs):
    """Predictions (STEPS, 1) for one sequence xs (STEPS, 1): h_t = tanh(x_t W_in + h_{t-1} W_h + b)."""

    def step(h, x):
        h = dnp.tanh(x @ params["w_in"] + h @ params["w_h"] + params["b_h"])
        return h, h @ params["w_out"] + params["b_out"]

    _, ys = lax.scan(step, dnp.zeros(HIDDEN, dtype=xs.dtype), xs)
    return ys


def loss(params, xs, ys):
    """Mean squared error of one sequence."""
    return dnp.mean((rnn(params, xs) - ys) ** 2)


def batch_loss(params, xs, ys):
    return dnp.mean(descend.vmap(loss, in_axes=(None, 0, 0))(params, xs, ys))


per_example_grads = descend.jit(descend.vmap(descend.grad(loss), in_axes=(None, 0, 0)))


@descend.jit
def sgd_step(params, xs, ys, lr):
    value, grads = descend.value_and_grad(batch_loss)(params, xs, ys)
    return {k: params[k] - lr * grads[k] for k in params}, value


def make_data(rng, n):
    xs = rng.uniform(-1, 1, (n, STEPS, 1))
    ys = np.zeros_like(xs)
    acc = np.zeros((n, 1))
    for t in range(STEPS):
        ys[:, t] = acc
        acc = 0.7 * acc + xs[:, t]
    return xs, ys


def rnn_numpy(params, xs):
    h, out = np.zeros(HIDDEN), []
    for x in xs:
        h = np.tanh(x @ params["w_in"] + h @ params["w_h"] + params["b_h"])
        out.append(h @ params["w_out"] + params["b_out"])
    return np.stack(out)


def main() -> None:
    rng = np.random.default_rng(0)
    params = init_params(rng)
    xs, ys = make_data(rng, BATCH)

    # 1. the scan-based RNN against a NumPy loop
    got = descend.jit(rnn)(params, xs[0])
    np.testing.assert_allclose(np.asarray(got), rnn_numpy(params, xs[0]), rtol=1e-12, atol=1e-12)
    print(f"forward: scan over {STEPS} steps matches a NumPy loop")

    # 2. per-example gradients: one vmapped call vs a Python loop of grad
    t0 = time.perf_counter()
    pex = per_example_grads(params, xs, ys)
    t1 = time.perf_counter()
    grad_one = descend.jit(descend.grad(loss))
    loop = [grad_one(params, xs[i], ys[i]) for i in range(BATCH)]
    for name in params:
        stacked = np.stack([np.asarray(g[name]) for g in loop])
        assert pex[name].shape == (BATCH,) + params[name].shape
        np.testing.assert_allclose(np.asarray(pex[name]), stacked, rtol=1e-10, atol=1e-12)
    g_batch = descend.jit(descend.grad(batch_loss))(params, xs, ys)
    for name in params:
        np.testing.assert_allclose(np.asarray(g_batch[name]), np.asarray(pex[name]).mean(0), rtol=1e-10, atol=1e-12)
    norms = np.sqrt(sum((np.asarray(pex[n]).reshape(BATCH, -1) ** 2).sum(-1) for n in params))
    print(f"per-example gradients ({BATCH} sequences, {t1 - t0:.2f}s incl. compile) match a loop of grad,")
    print(f"  and their mean is the gradient of the batch loss; gradient norms: {np.round(norms[:4], 3)} ...")

    # 3. a few SGD steps under jit
    lr = np.float64(0.1)
    losses = []
    for _ in range(30):
        params, value = sgd_step(params, xs, ys, lr)
        losses.append(float(value))
    print("SGD loss every 5 steps:", " ".join(f"{v:.4f}" for v in losses[::5]), f"... {losses[-1]:.4f}")
    assert losses[-1] < 0.1 * losses[0], "the loss did not go down"
    print(f"loss went down from {losses[0]:.4f} to {losses[-1]:.4f} ({sgd_step.trace_count} compilation)")
    print("all checks passed")


if __name__ == "__main__":
    main()
