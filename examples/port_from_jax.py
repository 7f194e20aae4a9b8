"""A JAX program ported to descend by changing its imports.

`program(jax, jnp, random, nn)` below is written against JAX's API only — a tiny attention
classifier over token sequences: embedding lookup by integer-array indexing, attention with
`einsum`, `take_along_axis` for the loss, token counts with `x.at[idx].add`, parameter
initialisation with `jax.random` keys, `value_and_grad` under `jit`, per-example losses with
`vmap`, and SGD with `tree_util.tree_map`. The same source runs with

    import descend as jax, descend.numpy as jnp, descend.random as random, descend.nn as nn

and, when JAX is installed, with JAX itself; `main()` runs it with descend and, if it can,
with JAX, and compares the two (descend's random streams are JAX's Threefry streams, so both
start from the same parameters).

Run: python examples/port_from_jax.py
"""

import importlib

import numpy as np

VOCAB, DIM, CLASSES, BATCH, SEQ = 50, 16, 3, 32, 10


def program(jax, jnp, random, nn, steps=60):
    """Train the classifier for `steps` SGD steps; returns a dict of NumPy results."""
    key = random.PRNGKey(0)
    k_emb, k_q, k_k, k_v, k_out, k_tok = random.split(key, 6)
    params = {
        "emb": random.normal(k_emb, (VOCAB, DIM)) * 0.5,
        "wq": random.normal(k_q, (DIM, DIM)) / jnp.sqrt(DIM),
        "wk": random.normal(k_k, (DIM, DIM)) / jnp.sqrt(DIM),
        "wv": random.normal(k_v, (DIM, DIM)) / jnp.sqrt(DIM),
        "out": random.normal(k_out, (DIM, CLASSES)) * 0.1,
    }
    tokens = random.randint(k_tok, (BATCH, SEQ), 0, VOCAB)
    labels = tokens[:, 0] % CLASSES  # the class is a function of the first token

    def logits_fn(params, tokens):
        x = params["emb"][tokens]  # gather: (B, T, D)
        q = jnp.einsum("btd,de->bte", x, params["wq"])
        k = jnp.einsum("btd,de->bte", x, params["wk"])
        v = jnp.einsum("btd,de->bte", x, params["wv"])
        scores = jnp.einsum("bqd,bkd->bqk", q, k) / jnp.sqrt(DIM)
        h = jnp.einsum("bqk,bkd->bqd", nn.softmax(scores, axis=-1), v)
        return h[:, 0, :] @ params["out"]

    def loss_fn(params, tokens, labels):
        logp = nn.log_softmax(logits_fn(params, tokens), axis=-1)
        return -jnp.mean(jnp.take_along_axis(logp, labels[:, None], axis=1))

    @jax.jit
    def step(params, tokens, labels):
        loss, grads = jax.value_and_grad(loss_fn)(params, tokens, labels)
        return jax.tree_util.tree_map(lambda p, g: p - 2.0 * g, params, grads), loss

    per_example = jax.jit(jax.vmap(lambda t, y: loss_fn(params, t[None], y[None]), in_axes=(0, 0)))
    first_losses = per_example(tokens, labels)

    losses = []
    for _ in range(steps):
        params, loss = step(params, tokens, labels)
        losses.append(float(loss))

    counts = jnp.zeros(VOCAB, dtype=jnp.int32).at[tokens.reshape(-1)].add(1)
    accuracy = jnp.mean(jnp.argmax(logits_fn(params, tokens), axis=-1) == labels)
    return {
        "losses": np.array(losses),
        "first_losses": np.asarray(first_losses),
        "counts": np.asarray(counts),
        "tokens": np.asarray(tokens),
        "accuracy": float(accuracy),
    }


def load(backend: str):
    """The four modules `program` takes, from `descend` or from `jax`."""
    names = ("", ".numpy", ".random", ".nn")
    return [importlib.import_module(backend + n) for n in names]


def main() -> None:
    ours = program(*load("descend"))
    counts = np.bincount(ours["tokens"].ravel(), minlength=VOCAB)
    assert np.array_equal(ours["counts"], counts), "x.at[].add disagrees with np.bincount"
    print(f"descend: loss {ours['losses'][0]:.4f} -> {ours['losses'][-1]:.4f}, accuracy {ours['accuracy']:.2f}")
    assert ours["losses"][-1] < 0.5 * ours["losses"][0], "training did not reduce the loss"
    try:
        theirs = program(*load("jax"))
    except ImportError:
        print("jax is not installed: compared with NumPy only")
        return
    print(f"jax:     loss {theirs['losses'][0]:.4f} -> {theirs['losses'][-1]:.4f}, accuracy {theirs['accuracy']:.2f}")
    np.testing.assert_array_equal(ours["tokens"], theirs["tokens"])
    np.testing.assert_allclose(ours["first_losses"], theirs["first_losses"], rtol=2e-4, atol=2e-5)
    np.testing.assert_allclose(ours["losses"], theirs["losses"], rtol=2e-3, atol=2e-4)
    print("descend and JAX agree: same random tokens, same losses along training")


if __name__ == "__main__":
    main()
