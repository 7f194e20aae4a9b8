"""`dsc-tree-sum`: floating-point sums as trees of block sums, for the CPU.

In: dsc IR. Out: the same computation where every `dsc.reduce` of kind "sum"
on floats, over a run of consecutive axes holding at least `TREE_SUM_MIN`
elements, is summed in blocks of about `BLOCK` elements, the block sums again
in blocks, and so on:

    reduce(x: 3x1000000, axes=[1])
      -> reshape to 3x7812x128 (a block size that divides n; else the tail
         is sliced off and summed apart), reduce axis 2, then the same on the
         3x7812 block sums, until a run is short

Why: the CPU lowering sums each output element with one running accumulator,
whose rounding error grows with n (float32, 10^7 copies of 0.1: off by 9%).
NumPy sums pairwise and XLA's CPU backend in a tree; this keeps the error
near BLOCK * log(n) ulps (~1e-6 relative in float32). Reshapes of consecutive
axes are free and each block sum still fuses with the producer of `x`. The GPU
pipeline does not: it runs `dsc-to-linalg-gpu` (its reduction
kernels combine in a tree). `dsc-to-linalg` runs this rewrite first by default.
"""

from __future__ import annotations

from mlir import ir

from descend.dialects import dsc
from descend.dialects.types import TType, from_mlir, is_float

TREE_SUM_MIN = 1024
BLOCK = 128


def _build(name, operands, attrs=None, out=None):
    return dsc.build(name, operands, attrs or {}, out=out)


def _block_size(n: int) -> int:
    """A block size near BLOCK that divides n, or BLOCK (the tail is then summed apart)."""
    for b in range(BLOCK, 4 * BLOCK + 1):
        if n % b == 0:
            return b
    for b in range(BLOCK - 1, BLOCK // 4, -1):
        if n % b == 0:
            return b
    return BLOCK


def _tree(v, k: int):
    """The sum of `v` over its axis k, as a tree of block sums."""
    t = from_mlir(v.type)
    n = t.shape[k]
    if n <= 2 * BLOCK:
        return _build("reduce", [v], {"axes": (k,), "kind": "sum"})
    lead, rest = t.shape[:k], t.shape[k + 1 :]
    block = _block_size(n)
    q, r = divmod(n, block)
    main = v
    if r:
        limit = lead + (q * block,) + rest
        main = _build("slice", [v], {"start_indices": (0,) * t.rank, "limit_indices": limit, "strides": (1,) * t.rank})
    blocks = _build("reshape", [main], out=TType(lead + (q, block) + rest, t.dtype))
    out = _tree(_build("reduce", [blocks], {"axes": (k + 1,), "kind": "sum"}), k)
    if r:
        start = (0,) * k + (q * block,) + (0,) * len(rest)
        tail = _build("slice", [v], {"start_indices": start, "limit_indices": t.shape, "strides": (1,) * t.rank})
        out = _build("add", [out, _build("reduce", [tail], {"axes": (k,), "kind": "sum"})])
    return out


def _rewrite(op) -> None:
    attrs = dsc.op_attrs(op)
    axes = tuple(attrs["axes"])
    x = op.operands[0]
    t = from_mlir(x.type)
    if attrs["kind"] != "sum" or not is_float(t.dtype) or not axes:
        return
    if list(axes) != list(range(axes[0], axes[0] + len(axes))):
        return
    n = 1
    for a in axes:
        n *= t.shape[a]
    if n < TREE_SUM_MIN:
        return
    k = axes[0]
    with ir.InsertionPoint(op), op.location:
        flat = x
        if len(axes) > 1:
            shape = t.shape[:k] + (n,) + t.shape[k + len(axes) :]
            flat = _build("reshape", [x], out=TType(shape, t.dtype))
        result = _tree(flat, k)
    op.results[0].replace_all_uses_with(result)
    op.erase()


def tree_sum_pass(module_op, pass_) -> None:
    """The `dsc-tree-sum` pass."""
    reduces = []

    def visit(op):
        if op.name == "dsc.reduce":
            reduces.append(op)
        return ir.WalkResult.ADVANCE

    module_op.walk(visit, ir.WalkOrder.PRE_ORDER)
    for op in reduces:
        _rewrite(op)
