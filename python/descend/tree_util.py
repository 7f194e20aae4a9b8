"""`descend.tree_util`: the pytree functions under the module name JAX programs import
(`jax.tree_util.tree_map` -> `descend.tree_util.tree_map`). The definitions are in `descend.tree`."""

from .tree import TreeDef, tree_flatten, tree_leaves, tree_map, tree_unflatten

__all__ = ["TreeDef", "tree_flatten", "tree_leaves", "tree_map", "tree_unflatten"]
