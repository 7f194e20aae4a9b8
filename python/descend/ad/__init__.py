"""Automatic differentiation as transformations of dsc.

- `jvp_rules.JVP_RULES` / `vjp_rules.VJP_RULES`: one rule per dsc op name.
- `transform.jvp_ops` / `transform.vjp_ops`: forward and reverse mode over a
  list of dsc ops (a function body, or the ops a Python call just traced).
- `api`: `jvp`, `vjp`, `grad`, `value_and_grad`, `jacfwd`, `jacrev`,
  `hessian`, `custom_jvp`, `custom_vjp` with JAX's semantics.
- `passes`: `dsc-jvp`, `dsc-vjp`, `dsc-grad` for descend-opt.
"""
