"""`elide-output-copies`: compute a result in its output buffer, not in a temporary.

In: a bufferized function (after `buffer-results-to-out-params`). When a result
went through a reshape (a layernorm's `4096x1x1024` nest, from keepdims
reductions fused by reshape propagation, collapsed to `4096x1024` at the end),
it is computed into a fresh `memref.alloc` and copied into the caller's output:

    %t = memref.alloc() : memref<4096x1x1024xf32>
    ... (writes %t) ...
    %c = memref.collapse_shape %t [[0, 1], [2]] : ... into memref<4096x1024xf32>
    memref.copy %c, %out
    memref.dealloc %t

Out: `%t` is a view of `%out` (collapsed to one dimension, expanded to `%t`'s
shape), the copy and the dealloc are gone: no 16 MiB temporary (and its page
faults), no copy. Applied when `%out` is a function argument with an identity
layout used by nothing but the copy, `%t` (reached from the copy's source
through expand/collapse_shape views) is a static identity-layout `memref.alloc`
in the function's body with as many elements of the same type, deallocated
only directly, and no use of `%t` or its views comes after the copy but its
dealloc. Outputs are fresh arrays that alias no input.

The switch: `DESCEND_ELIDE_COPIES=0` keeps the copies (see pipeline.py).
"""

from __future__ import annotations

from mlir import ir

_VIEWS = ("memref.expand_shape", "memref.collapse_shape")


def _op(o):
    return o.operation if hasattr(o, "operation") else o


def _identity_static(t) -> bool:
    if not isinstance(t, ir.MemRefType):
        return False
    mt = ir.MemRefType(t)
    if any(d < 0 for d in mt.shape):
        return False
    layout = mt.layout
    return isinstance(layout, ir.AffineMapAttr) and ir.AffineMapAttr(layout).value == ir.AffineMap.get_identity(mt.rank)


def _top(op, block_parent):
    """The ancestor of `op` that is a direct child of the function body."""
    while op.parent is not None and op.parent != block_parent:
        op = op.parent
    return op


def _tree_uses(value, out):
    """Every use of `value` and of views of it, as (user op, view or not)."""
    for use in value.uses:
        user = _op(use.owner)
        out.append(user)
        if user.name in _VIEWS:
            _tree_uses(user.results[0], out)


def _try(copy, fn) -> bool:
    src, dst = copy.operands[0], copy.operands[1]
    block = fn.regions[0].blocks[0]
    if not isinstance(dst.owner, ir.Block) or dst.owner != block or not _identity_static(dst.type):
        return False
    if len(list(dst.uses)) != 1:
        return False
    root = src
    while not isinstance(root.owner, ir.Block) and _op(root.owner).name in _VIEWS:
        root = _op(root.owner).operands[0]
    if isinstance(root.owner, ir.Block):
        return False
    alloc = _op(root.owner)
    if alloc.name != "memref.alloc" or len(alloc.operands) or alloc.parent != fn or not _identity_static(root.type):
        return False
    at, dt = ir.MemRefType(root.type), ir.MemRefType(dst.type)
    if at.element_type != dt.element_type or at.rank == 0 or dt.rank == 0:
        return False
    n_a = n_d = 1
    for d in at.shape:
        n_a *= d
    for d in dt.shape:
        n_d *= d
    if n_a != n_d or n_a == 0:
        return False
    users = []
    _tree_uses(root, users)
    deallocs = [u for u in users if u.name == "memref.dealloc"]
    if any(d.operands[0] != root for d in deallocs):
        return False
    order = {}
    for i, op in enumerate(block.operations):
        order[_op(op)] = i
    after = order[copy]
    for u in users:
        if u == copy or u.name == "memref.dealloc" or u.name in _VIEWS:
            continue
        top = _top(u, fn)
        if top not in order or order[top] > after:
            return False
    _rewrite(alloc, root, dst, at, dt, copy, deallocs)
    return True


def _rewrite(alloc, root, dst, at, dt, copy, deallocs) -> None:
    from mlir.dialects import memref

    n = 1
    for d in at.shape:
        n *= d
    i64 = ir.IntegerType.get_signless(64)

    def group(rank):
        return ir.ArrayAttr.get([ir.ArrayAttr.get([ir.IntegerAttr.get(i64, k) for k in range(rank)])])

    with alloc.location, ir.InsertionPoint(alloc):
        view = dst
        if dt.rank != 1:
            flat_t = ir.MemRefType.get([n], dt.element_type, memory_space=dt.memory_space)
            view = memref.CollapseShapeOp(flat_t, view, group(dt.rank)).result
        if at.rank != 1:
            view = memref.ExpandShapeOp(root.type, view, group(at.rank), [], list(at.shape)).result
    for d in deallocs:
        d.erase()
    copy.erase()
    root.replace_all_uses_with(view)
    alloc.erase()


def elide_copies_pass(module_op, pass_) -> None:
    """The `elide-output-copies` pass."""
    for fn in module_op.regions[0].blocks[0].operations:  # functions are top-level ops
        fn = _op(fn)
        if fn.name != "func.func" or not len(fn.regions[0].blocks):
            continue
        copies = [_op(op) for op in fn.regions[0].blocks[0].operations if _op(op).name == "memref.copy"]
        for copy in copies:  # (a rewrite erases other ops of the block: only copies are kept)
            _try(copy, fn)
