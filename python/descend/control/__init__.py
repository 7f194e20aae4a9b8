"""Structured control flow: `cond`, `switch`, `while_loop`, `fori_loop`, `scan`,
`map` (JAX's `jax.lax` API), traced to upstream `scf.if` / `scf.for` /
`scf.while` on tensors with dsc ops in their regions, and their rules for
jvp, vjp and vmap (`rules.py`).
"""
