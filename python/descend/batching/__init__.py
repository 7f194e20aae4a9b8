"""vmap: batching as a transformation of dsc.

- `rules.BATCH_RULES`: one batching rule per dsc op name.
- `transform.batch_ops`: push a batch dimension through a list of dsc ops.
- `api.vmap`: JAX's `vmap` (in_axes, out_axes, pytrees, axis_size).
- `passes`: `dsc-vmap` for descend-opt.
"""
