"""`fuse-row-loops`: fuse consecutive loop nests over the same rows, and keep
their temporaries one row long.

In: a function of affine loops over memrefs (after `convert-linalg-to-affine-loops`
and `promote-accumulators`, before `affine-parallelize`). A row softmax is then
four nests, each over all 4096 rows: the row maxima, `exp(x - max)` into the
output, the row sums, the division; each nest streams the whole 16 MiB again,
and temporaries (row maxima, `x - mean` in a layernorm) are full-size buffers.

Out: consecutive top-level nests `affine.for %i = 0 to N` (the same N) become
one nest whose body runs the bodies in order, for one row at a time:

    affine.for %i = 0 to 4096 { max of row %i }         affine.for %i = 0 to 4096 {
    affine.for %i = 0 to 4096 { exp(row %i - max) }  ->    max; exp; sum; divide   (row %i)
    ...                                                  }

so a row is read from memory once and stays in L1 for the later passes. Legal
when every buffer that one of the nests writes is accessed, in all of them,
only at row `%i` (first index exactly the outer loop's iv, through views that
keep the first dimension): then row `%i` of the fused nest touches nothing
that another row's iteration touches, in any order. Buffers only read (the
inputs, `g` and `b` of a layernorm) may be accessed anywhere. Distinct function arguments are distinct buffers:
descend's outputs are fresh arrays, and inputs are never written.

Then every `memref.alloc` temporary used only at row `%i` of one fused nest
(and by its dealloc) becomes a `memref.alloca` of one row inside the nest's
body, when a row has at most `max-row-bytes` (default 64 KiB): no 16 MiB
temporary, no page faults, the row in L1. `hoist-loop-allocas` later moves
these allocas out of loops that stay sequential (a parallel loop's body keeps
its own per thread; `convert-scf-to-openmp` scopes it per iteration).

Runs of 1-D nests only (elementwise loops, which vectorize apart), and nests
with ops other than affine loads/stores/apply/for and arith/math (calls, scf
control flow, copies) are left alone, as are nests with results and all
top-level ops other than allocations, constants and memref views (which move
above the fused nest), which end a run of fusable nests.

The switch: `DESCEND_ROW_FUSION=0` leaves the nests apart (see pipeline.py).
"""

from __future__ import annotations

from mlir import ir

from .loop_opts import _body, _const_bounds, _ops_of, _walk_children_op

MAX_ROW_BYTES = 64 * 1024

_BODY_OPS = {"affine.for", "affine.yield", "affine.load", "affine.store", "affine.apply"}
_HOISTABLE = {"memref.alloc", "arith.constant", "ub.poison", "memref.expand_shape", "memref.collapse_shape", "memref.cast"}
_ROW_VIEWS = {"memref.expand_shape", "memref.collapse_shape", "memref.cast"}
_OTHER_VIEWS = {"memref.subview", "memref.reinterpret_cast", "memref.transpose", "memref.reshape", "memref.view"}


def _op(value_owner):
    return value_owner.operation if hasattr(value_owner, "operation") else value_owner


def _defining_op(value):
    owner = value.owner
    if isinstance(owner, ir.Block):
        return None
    return _op(owner)


def _static_shape(t) -> list[int] | None:
    if not isinstance(t, ir.MemRefType):
        return None
    mt = ir.MemRefType(t)
    shape = list(mt.shape)
    if any(d < 0 for d in shape):
        return None
    return shape


def _root_row(value):
    """(root buffer, row size): the buffer `value` views, and how many consecutive elements
    of it one index of `value`'s first dimension covers (the product of `value`'s other
    dimensions), or None when the views between them are not reshapes of contiguous
    (identity-layout, static) memrefs, whose rows are contiguous blocks of the root."""
    row = _row_size(value.type)
    while True:
        op = _defining_op(value)
        if op is None or op.name not in _ROW_VIEWS | _OTHER_VIEWS:
            return value, row
        if op.name not in _ROW_VIEWS or _row_size(op.operands[0].type) is None:
            row = None
        value = op.operands[0]


def _row_size(t) -> int | None:
    shape = _static_shape(t)
    if not shape or not _identity(t):
        return None
    n = 1
    for d in shape[1:]:
        n *= d
    return n


def _loop_ok(loop) -> bool:
    """A top-level candidate: `affine.for %i = 0 to N` (N >= 2), no results, simple body."""
    if loop.name != "affine.for" or len(loop.results):
        return False
    b = _const_bounds(loop)
    if b is None or b[0] != 0 or b[2] != 1 or b[1] < 2:
        return False
    return _vectorizable(loop)


def _has_inner_loop(loop) -> bool:
    return any(o.name == "affine.for" for o in _walk_children_op(loop) if o != loop)


def _vectorizable(loop) -> bool:
    """Whether `affine-super-vectorize` can vectorize every loop of the nest. It must:
    after a loop it fails on, a sibling loop in the same body makes it abort the process
    ("AffineForOp::getBody: unexpected empty region"), and fusion makes siblings. So: only
    affine loads/stores/apply/for/yield and arith/math ops, none on `index` values (no
    loop indices as data), identity-layout memrefs of non-i1 elements, and reductions whose
    combining op the vectorizer knows."""
    from .multi_acc import _FLOAT, _INT, _combiners

    index = ir.IndexType.get()
    for o in _walk_children_op(loop):
        if o.name in ("affine.load", "affine.store"):
            mem = o.operands[1 if o.name == "affine.store" else 0]
            mt = ir.MemRefType(mem.type)
            if not _identity(mem.type) or (isinstance(mt.element_type, ir.IntegerType) and mt.element_type.width == 1):
                return False
        elif o.name == "affine.for":
            if len(o.results) and (_combiners(o) is None or any(c.name not in _FLOAT | _INT for c in _combiners(o))):
                return False
        elif o.name in _BODY_OPS:
            continue
        elif o.name.startswith("arith.") or o.name.startswith("math."):
            if o.name.startswith("arith.index_cast") or any(v.type == index for v in list(o.operands) + list(o.results)):
                return False
        else:
            return False
    return True


def _accesses(loop):
    """[(op, memref value, is_write)] of the affine loads/stores in `loop`."""
    out = []
    for o in _walk_children_op(loop):
        if o.name == "affine.load":
            out.append((o, o.operands[0], False))
        elif o.name == "affine.store":
            out.append((o, o.operands[1], True))
    return out


def _row_exact(op, is_write, iv) -> bool:
    """Whether the access's first index is exactly `iv`."""
    amap = ir.AffineMapAttr(op.attributes["map"]).value
    if not len(amap.results):
        return False
    first = amap.results[0]
    if not isinstance(first, ir.AffineDimExpr):
        return False
    pos = ir.AffineDimExpr(first).position
    operands = list(op.operands[2 if is_write else 1:])
    return pos < amap.n_dims and pos < len(operands) and operands[pos] == iv


def _loop_accesses(loop) -> list:
    """[(root buffer, is_write, row size if the first index is the loop's iv else None)] of
    the affine loads/stores in `loop`."""
    iv = _body(loop).arguments[0]
    out = []
    for op, mem, is_write in _accesses(loop):
        root, row = _root_row(mem)
        out.append((root, is_write, row if _row_exact(op, is_write, iv) else None))
    return out


def _legal(loops) -> bool:
    """Whether fusing `loops` (each with its own iv) keeps every written buffer row-local:
    each access to it is at row `iv` of a view whose rows have the same size (so the same
    contiguous block of the buffer for the same iv)."""
    return _legal_accesses([a for loop in loops for a in _loop_accesses(loop)])


def _legal_accesses(accesses) -> bool:
    """`_legal` of loops whose `_loop_accesses` together are `accesses`."""
    rows: dict = {}
    for root, is_write, _row in accesses:
        if is_write:
            rows.setdefault(root, set())
    for root, _, row in accesses:
        if root in rows:
            rows[root].add(row)
    return all(None not in r and len(r) == 1 for r in rows.values())


def _fuse(loops, hoisted) -> None:
    first = loops[0]
    for op in hoisted:
        op.move_before(first)
    body = _body(first)
    iv = body.arguments[0]
    term = list(body.operations)[-1]
    for loop in loops[1:]:
        lbody = _body(loop)
        lbody.arguments[0].replace_all_uses_with(iv)
        for op in list(lbody.operations)[:-1]:
            op.move_before(term)
        loop.erase()


def _runs(block):
    """Groups of consecutive fusable top-level loops, with the ops between them to hoist.

    An op between two loops of a group is an allocation, constant or view: its operands are
    defined before the group's first loop or by another such op (the loops define no values).
    Groups of 1-D loops only (elements, not rows) are left apart: fused, they would pass
    values through a one-element buffer in the innermost loop, which the vectorizer cannot
    widen (the separate loops vectorize)."""
    return [(loops, hoisted) for loops, hoisted in _groups(block) if any(_has_inner_loop(x) for x in loops)]


def _groups(block):
    groups, cur, cur_hoist, between, n = [], [], [], [], None
    cur_acc: list = []  # _loop_accesses of the loops in cur (each loop's computed once)
    for op in list(block.operations):
        op = _op(op)
        if _loop_ok(op):
            trip = _const_bounds(op)[1]
            acc = _loop_accesses(op)
            if cur and trip == n and _legal_accesses(cur_acc + acc):
                cur.append(op)
                cur_acc += acc
                cur_hoist.extend(between)
            else:
                if len(cur) > 1:
                    groups.append((cur, cur_hoist))
                cur, cur_hoist, n, cur_acc = [op], [], trip, acc
            between = []
        elif cur and op.name in _HOISTABLE:
            between.append(op)
        else:
            if len(cur) > 1:
                groups.append((cur, cur_hoist))
            cur, cur_hoist, between, n = [], [], [], None
    if len(cur) > 1:
        groups.append((cur, cur_hoist))
    return groups


# ------------------------------------------------------------- shrinking --


def _uses_ok(value, loop, iv, uses, views, rows) -> bool:
    """Collect the uses of `value` (through reshape views): False if one is not a row-exact
    affine access inside `loop`, a reshape view, or a dealloc. `rows` gets the row size of
    every accessed view."""
    for use in value.uses:
        user = _op(use.owner)
        if user.name in _ROW_VIEWS and use.operand_number == 0:
            if _row_size(user.results[0].type) is None:
                return False
            views.append(user)
            if not _uses_ok(user.results[0], loop, iv, uses, views, rows):
                return False
        elif user.name == "memref.dealloc":
            uses.append(user)
        elif user.name in ("affine.load", "affine.store"):
            is_write = user.name == "affine.store"
            if is_write and use.operand_number != 1:
                return False
            if not _inside(user, loop) or not _row_exact(user, is_write, iv):
                return False
            rows.add(_row_size(value.type))
            uses.append(user)
        else:
            return False
    return True


def _identity(t) -> bool:
    mt = ir.MemRefType(t)
    layout = mt.layout
    return isinstance(layout, ir.AffineMapAttr) and ir.AffineMapAttr(layout).value == ir.AffineMap.get_identity(mt.rank)


def _inside(op, loop) -> bool:
    while op is not None:
        if op == loop:
            return True
        op = op.parent
    return False


def _one_row_shape(t, row: int) -> list[int] | None:
    """The shape of one row (`row` elements) of a buffer of type `t`: [1, ...] when its rows
    have `row` elements, [row] for a 1-D buffer, else None."""
    shape = _static_shape(t)
    if _row_size(t) == row:
        return [1] + shape[1:]
    if len(shape) == 1 and shape[0] % row == 0:
        return [row]
    return None


def _reshape_ok(src: list[int], dst: list[int], reassociation) -> bool:
    """Whether `reassociation` (groups of the larger-rank shape) maps `src` onto `dst`."""
    big, small = (dst, src) if len(dst) >= len(src) else (src, dst)
    if len(reassociation) != len(small):
        return False
    for k, group in enumerate(reassociation):
        n = 1
        for d in group:
            n *= big[d]
        if n != small[k]:
            return False
    return True


def _shrink(loop, block, max_bytes) -> None:
    """Per-row allocas for the temporaries of fused `loop` (see the module docstring)."""
    from mlir.dialects import memref

    iv = _body(loop).arguments[0]
    allocs = [_op(op) for op in block.operations if _op(op).name == "memref.alloc"]
    for op in allocs:  # (views of them are erased below: never touch the block's other ops)
        t = op.results[0].type
        if len(op.operands) or _row_size(t) is None or _static_shape(t)[0] < 2:
            continue
        uses, views, rows = [], [], set()
        if not _uses_ok(op.results[0], loop, iv, uses, views, rows) or len(rows) != 1:
            continue
        row = rows.pop()
        elt = ir.MemRefType(t).element_type
        if row * (((getattr(elt, "width", None) or 64) + 7) // 8) > max_bytes:
            continue
        shapes = {op.results[0]: _one_row_shape(t, row)}
        ok = shapes[op.results[0]] is not None
        for v in views:  # a view's source comes before it
            if not ok:
                break
            new_shape = _one_row_shape(v.results[0].type, row)
            groups = [[ir.IntegerAttr(i).value for i in ir.ArrayAttr(g)] for g in ir.ArrayAttr(v.attributes["reassociation"])] \
                if "reassociation" in v.attributes else None
            src_shape = shapes[v.operands[0]]
            ok = new_shape is not None and (
                groups is None and new_shape == src_shape or groups is not None and _reshape_ok(src_shape, new_shape, groups)
            )
            shapes[v.results[0]] = new_shape
        if not ok:
            continue
        first = list(_body(loop).operations)[0]
        mt = ir.MemRefType(t)
        with op.location, ir.InsertionPoint(first):
            row_t = ir.MemRefType.get(shapes[op.results[0]], mt.element_type, memory_space=mt.memory_space)
            alloca = memref.AllocaOp(row_t, [], [], alignment=64).result
            remap = {op.results[0]: alloca}
            for v in views:
                attrs = {k: v.attributes[k] for k in v.attributes}
                if "static_output_shape" in attrs:
                    attrs["static_output_shape"] = ir.DenseI64ArrayAttr.get(shapes[v.results[0]])
                vt = ir.MemRefType.get(shapes[v.results[0]], mt.element_type, memory_space=mt.memory_space)
                new = ir.Operation.create(v.name, results=[vt], operands=[remap[v.operands[0]]], attributes=attrs)
                remap[v.results[0]] = new.results[0]
        for u in uses:
            if u.name == "memref.dealloc":
                u.erase()
                continue
            is_write = u.name == "affine.store"
            k = 1 if is_write else 0
            u.operands[k] = remap[u.operands[k]]
            amap = ir.AffineMapAttr(u.attributes["map"]).value
            results = [ir.AffineConstantExpr.get(0)] + list(amap.results)[1:]
            u.attributes["map"] = ir.AffineMapAttr.get(ir.AffineMap.get(amap.n_dims, amap.n_symbols, results))
        for v in reversed(views):
            v.erase()
        op.erase()


def make_row_fusion(opts):
    """`fuse-row-loops{max-row-bytes=B}` (see the module docstring)."""
    max_bytes = int(opts.get("max-row-bytes", str(MAX_ROW_BYTES)))

    def run(module_op, pass_) -> None:
        for fn in module_op.regions[0].blocks[0].operations:  # functions are top-level ops
            fn = fn.operation
            if fn.name != "func.func" or not len(fn.regions[0].blocks):
                continue
            block = fn.regions[0].blocks[0]
            for loops, hoisted in _runs(block):
                _fuse(loops, hoisted)
                _shrink(loops[0], block, max_bytes)

    return run


def hoist_loop_allocas_pass(module_op, pass_) -> None:
    """`hoist-loop-allocas`: a static `memref.alloca` inside sequential loops (affine.for,
    scf.for) moves before the outermost of them, up to the nearest parallel loop body or
    function: an alloca in a loop body would grow the stack on every iteration. The
    allocas `fuse-row-loops` makes are written before they are read in each iteration,
    so one buffer serves all iterations of a sequential loop."""
    for alloca in _ops_of(module_op, "memref.alloca"):
        if len(alloca.operands):
            continue
        outer, cur = None, alloca.parent
        while cur is not None and cur.name in ("affine.for", "scf.for"):
            outer, cur = cur, cur.parent
        if outer is not None:
            alloca.move_before(outer)
