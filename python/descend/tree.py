"""Pytrees: nested tuples (NamedTuples too), lists, dicts and None, with array leaves.

`tree_flatten(x) -> (leaves, treedef)` and `tree_unflatten(treedef, leaves)`
as in `jax.tree_util`. Dicts flatten in sorted-key order. `treedef` is
hashable, so it can be part of a cache key.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class TreeDef(NamedTuple):
    kind: str  # "leaf", "none", "tuple", "namedtuple", "list", "dict"
    meta: Any  # dict keys for "dict", the class for "namedtuple"
    children: tuple

    @property
    def num_leaves(self) -> int:
        if self.kind == "leaf":
            return 1
        return sum(c.num_leaves for c in self.children)


LEAF = TreeDef("leaf", None, ())


def tree_flatten(x) -> tuple[list, TreeDef]:
    """Flatten a pytree into its leaves (left to right) and a hashable TreeDef."""
    leaves: list = []
    return leaves, _flatten(x, leaves)


def _flatten(x, leaves) -> TreeDef:
    if x is None:
        return TreeDef("none", None, ())
    if isinstance(x, tuple) and not hasattr(x, "_fields"):
        return TreeDef("tuple", None, tuple(_flatten(c, leaves) for c in x))
    if isinstance(x, tuple):  # a NamedTuple: a node, rebuilt as its own class (as JAX)
        return TreeDef("namedtuple", type(x), tuple(_flatten(c, leaves) for c in x))
    if isinstance(x, list):
        return TreeDef("list", None, tuple(_flatten(c, leaves) for c in x))
    if isinstance(x, dict):
        keys = tuple(sorted(x))
        return TreeDef("dict", keys, tuple(_flatten(x[k], leaves) for k in keys))
    leaves.append(x)
    return LEAF


def tree_unflatten(treedef: TreeDef, leaves) -> Any:
    """Rebuild the pytree described by `treedef` from `leaves`."""
    it = iter(leaves)
    out = _unflatten(treedef, it)
    return out


def _unflatten(td: TreeDef, it):
    if td.kind == "leaf":
        return next(it)
    if td.kind == "none":
        return None
    children = [_unflatten(c, it) for c in td.children]
    if td.kind == "tuple":
        return tuple(children)
    if td.kind == "list":
        return children
    if td.kind == "namedtuple":
        return td.meta(*children)
    return dict(zip(td.meta, children))


def tree_map(fn, tree, *rest):
    """`fn` applied leaf by leaf: `fn(x, *ys)` for each leaf x of `tree` and the leaves ys at the
    same place in each tree of `rest` (which must have `tree`'s structure), as jax.tree_util."""
    leaves, td = tree_flatten(tree)
    others = []
    for r in rest:
        r_leaves, r_td = tree_flatten(r)
        if r_td != td:
            raise ValueError(f"tree_map: the trees differ in structure: {td} and {r_td}")
        others.append(r_leaves)
    return tree_unflatten(td, [fn(*xs) for xs in zip(leaves, *others)])


def tree_leaves(tree) -> list:
    return tree_flatten(tree)[0]
