"""Loop passes of the CPU pipeline, on affine loops over memrefs.

`promote-accumulators`: a reduction lowered from linalg reads and writes its
accumulator through memory on every iteration:

    affine.for %i = 0 to N {
      %a = affine.load %acc[%j]      // %j defined outside the loop
      ...
      affine.store %s, %acc[%j]
    }

which blocks vectorization (and keeps the sum in memory). The pass moves the
load before the loop and the store after it and carries the value in the
loop's `iter_args` (innermost loops first, so a nest of reductions is promoted
level by level). Applied when the load and store are direct children of the
loop with identical loop-invariant indices and the memref (and nothing that
may alias it) is not otherwise used in the loop.

`serialize-small-parallel{threshold=N}`: turns an `affine.parallel` (made by
`affine-parallelize`) whose loop nest does fewer than N iterations in total
back into an `affine.for`, so small arrays stay single-threaded.

`vector-transfer-in-bounds`: after `affine-super-vectorize`, marks a 1-D
`vector.transfer_read/write` whose innermost index is the iv of a loop with
step V over [lb, ub) where (ub - lb) % V == 0 and ub <= the memref's size as
in bounds (no mask per iteration).

`split-vector-remainder{vector-size=V}`: splits a constant-bound innermost
`affine.for` whose trip count is not a multiple of V (and is at least V) into
a main loop over a multiple of V and a remainder loop, so the main loop
vectorizes without masks.
"""

from __future__ import annotations

from mlir import ir
from mlir.dialects import affine, arith

from .ir_walk import ops_named

_VIEW_OPS = {
    "memref.subview",
    "memref.cast",
    "memref.reinterpret_cast",
    "memref.collapse_shape",
    "memref.expand_shape",
    "memref.reshape",
    "memref.transpose",
    "memref.view",
}


_ops_of = ops_named


def _is_inside(op, ancestor) -> bool:
    while op is not None:
        if op == ancestor:
            return True
        op = op.parent
    return False


def _defined_outside(value, loop) -> bool:
    owner = value.owner
    if isinstance(owner, ir.Block):
        owner = owner.owner
    return not _is_inside(owner.operation if hasattr(owner, "operation") else owner, loop)


def _root(value):
    """The buffer a memref value views (through view-like ops)."""
    while True:
        owner = value.owner
        if isinstance(owner, ir.Block):
            return value
        op = owner.operation if hasattr(owner, "operation") else owner
        if op.name in _VIEW_OPS and len(op.operands):
            value = op.operands[0]
        else:
            return value


def _const_bounds(loop):
    """(lb, ub, step) of an affine.for with constant bounds, else None."""
    try:
        lbm = ir.AffineMapAttr(loop.attributes["lowerBoundMap"]).value
        ubm = ir.AffineMapAttr(loop.attributes["upperBoundMap"]).value
        step = ir.IntegerAttr(loop.attributes["step"]).value
    except (KeyError, ValueError):
        return None
    if lbm.n_inputs or ubm.n_inputs or len(lbm.results) != 1 or len(ubm.results) != 1:
        return None
    lb, ub = lbm.results[0], ubm.results[0]
    lb, ub = _const_expr(lb), _const_expr(ub)
    if lb is None or ub is None:
        return None
    return lb, ub, step


def _const_expr(expr):
    try:
        return ir.AffineConstantExpr(expr).value
    except (ValueError, TypeError):
        return None


def _body(loop):
    return loop.regions[0].blocks[0]


def _new_for(lb, ub, step):
    """An affine.for with constant bounds, no iter_args, and its (empty) yield."""
    loop = affine.AffineForOp(lb, ub, step)
    with ir.InsertionPoint(_body(loop)):
        affine.AffineYieldOp([])
    return loop


def _index_key(op, first_index_operand):
    return (str(op.attributes["map"]), tuple(op.operands[first_index_operand:]))


def _promote_loop(loop) -> bool:
    if len(loop.results) or _const_bounds(loop) is None:
        return False
    body = _body(loop)
    children = list(body.operations)
    loads = [op for op in children if op.name == "affine.load"]
    stores = [op for op in children if op.name == "affine.store"]
    candidates = []
    for ld in loads:
        mem = ld.operands[0]
        if not all(_defined_outside(v, loop) for v in ld.operands):
            continue
        key = _index_key(ld, 1)
        st = [s for s in stores if s.operands[1] == mem and _index_key(s, 2) == key]
        if len(st) != 1 or children.index(st[0]) < children.index(ld):
            continue
        candidates.append((ld, st[0]))
    if not candidates:  # most loops: no walk of their bodies
        return False
    # every memref use inside the loop, by root buffer
    uses_by_root: dict = {}

    def visit(op):
        for v in op.operands:
            if isinstance(v.type, ir.MemRefType):
                uses_by_root.setdefault(_root(v), []).append(op)
        return ir.WalkResult.ADVANCE

    for op in children:
        op.walk(visit, ir.WalkOrder.PRE_ORDER)
    pairs = [(ld, st) for ld, st in candidates if len(uses_by_root.get(_root(ld.operands[0]), [])) == 2]
    if not pairs:
        return False
    lb, ub, step = _const_bounds(loop)
    with loop.location, ir.InsertionPoint(loop):
        for ld, _ in pairs:
            ld.move_before(loop)
        new = affine.AffineForOp(lb, ub, step, [ld.results[0] for ld, _ in pairs])
    new_body = _body(new)
    old_iv = body.arguments[0]
    yield_vals = [st.operands[0] for _, st in pairs]
    ops = list(new_body.operations)
    term = ops[-1] if ops and ops[-1].name == "affine.yield" else None
    with ir.InsertionPoint(new_body):
        for op in list(body.operations)[:-1]:  # all but the affine.yield
            if any(op == st for _, st in pairs):
                continue
            if term is not None:
                op.move_before(term)
            else:
                new_body.append(op)
    old_iv.replace_all_uses_with(new_body.arguments[0])
    for k, (ld, _) in enumerate(pairs):
        ld.results[0].replace_all_uses_except(new_body.arguments[1 + k], new.operation)
    with loop.location:
        if term is not None:
            term.erase()
        with ir.InsertionPoint(new_body):
            affine.AffineYieldOp(yield_vals)
    for k, (_, st) in enumerate(pairs):
        st.move_after(new.operation)
        st.operands[0] = new.results[k]
    loop.erase()
    return True


def promote_accumulators_pass(module_op, pass_) -> None:
    """The `promote-accumulators` pass (innermost loops first). One post-order walk: promoting
    a loop changes only its parent's body (the load and store move there), and the parent
    comes later in the walk; the promoted loop (it has results now) is not promoted again."""
    for loop in _ops_of(module_op, "affine.for"):
        _promote_loop(loop)


def _trip_product(op) -> int:
    """Iterations of the loop nest under (and including) `op`: the product of constant trip counts."""
    total = 1
    if op.name == "affine.parallel":
        try:
            lbs = ir.AffineMapAttr(op.attributes["lowerBoundsMap"]).value
            ubs = ir.AffineMapAttr(op.attributes["upperBoundsMap"]).value
            steps = [ir.IntegerAttr(s).value for s in ir.ArrayAttr(op.attributes["steps"])]
            for lb, ub, st in zip(lbs.results, ubs.results, steps):
                total *= max(1, (ir.AffineConstantExpr(ub).value - ir.AffineConstantExpr(lb).value) // st)
        except (KeyError, ValueError):
            return 1 << 62
    elif op.name == "affine.for":
        b = _const_bounds(op)
        if b is None:
            return 1 << 62
        total *= max(1, (b[1] - b[0] + b[2] - 1) // b[2])
    inner = 0
    for region in op.regions:
        for block in region.blocks:
            for child in block.operations:
                if child.name in ("affine.for", "affine.parallel"):
                    inner += _trip_product(child)
    return total * max(inner, 1)


def make_parallel_chunks(opts):
    """`parallel-chunks{threads=T threshold=N vector-size=V}` (see the module docstring)."""
    threads = int(opts.get("threads", "2"))
    threshold = int(opts.get("threshold", "65536"))
    vs = int(opts.get("vector-size", "16"))

    def run(module_op, pass_) -> None:
        for par in _ops_of(module_op, "affine.parallel"):
            if len(par.results):
                continue
            try:
                lbs = ir.AffineMapAttr(par.attributes["lowerBoundsMap"]).value
                ubs = ir.AffineMapAttr(par.attributes["upperBoundsMap"]).value
                steps = [ir.IntegerAttr(s).value for s in ir.ArrayAttr(par.attributes["steps"])]
            except (KeyError, ValueError):
                continue
            if len(steps) != 1 or lbs.n_inputs or ubs.n_inputs or len(lbs.results) != 1 or len(ubs.results) != 1:
                continue
            lb, ub = _const_expr(lbs.results[0]), _const_expr(ubs.results[0])
            if lb is None or ub is None:
                continue
            inner_loops = any(op.name in ("affine.for", "affine.parallel") for op in _walk_children(par))
            if _trip_product(par) < threshold or threads < 2:
                _replace_with_for(par, lb, ub, steps[0])
            elif not inner_loops and steps[0] == 1:
                _chunk(par, lb, ub, threads, vs)

    return run


def _chunk(par, lb, ub, threads, vs) -> None:
    """affine.parallel %i = lb to ub  ->  affine.parallel %c = lb to mid step C { affine.for %i = %c to %c + C },
    then a sequential tail loop over [mid, ub); C is a multiple of `vs`."""
    n = ub - lb
    k = n // vs
    per = max(1, k // (4 * threads))
    size = per * vs
    chunks = n // size
    mid = lb + chunks * size
    body = par.regions[0].blocks[0]
    old_iv = body.arguments[0]
    if mid < ub:
        with par.location, ir.InsertionPoint.after(par):
            tail = _new_for(mid, ub, 1)
        _clone_body_into(body, tail, old_iv)
    par.attributes["upperBoundsMap"] = ir.AffineMapAttr.get(ir.AffineMap.get_constant(mid))
    par.attributes["steps"] = ir.ArrayAttr.get([ir.IntegerAttr.get(ir.IntegerType.get_signless(64), size)])
    ops = list(body.operations)
    d0 = ir.AffineExpr.get_dim(0) if hasattr(ir.AffineExpr, "get_dim") else ir.AffineDimExpr.get(0)
    with par.location, ir.InsertionPoint(ops[-1]):
        inner = affine.AffineForOp(
            ir.AffineMap.get(1, 0, [d0]),
            ir.AffineMap.get(1, 0, [d0 + size]),
            1,
            lower_bound_operands=[old_iv],
            upper_bound_operands=[old_iv],
        )
        with ir.InsertionPoint(_body(inner)):
            affine.AffineYieldOp([])
    inner_body = _body(inner)
    term = list(inner_body.operations)[-1]
    for op in ops[:-1]:
        op.move_before(term)
    old_iv.replace_all_uses_except(inner_body.arguments[0], inner.operation)


def _clone_body_into(body, loop, old_iv) -> None:
    new_body = _body(loop)
    term = list(new_body.operations)[-1]
    remap = {old_iv: new_body.arguments[0]}
    cloned = []
    for op in list(body.operations)[:-1]:
        c = op.clone(ir.InsertionPoint(term))
        cloned.append((op, c))
        for i, r in enumerate(op.results):
            remap[r] = c.results[i]
    for _, c in cloned:
        _remap_operands(c, remap)


def _vector_width_in(op) -> int:
    width = [1]

    def visit(o):
        for r in o.results:
            if isinstance(r.type, ir.VectorType):
                n = 1
                for d in ir.VectorType(r.type).shape:
                    n *= d
                width[0] = max(width[0], n)
        return ir.WalkResult.ADVANCE

    op.walk(visit, ir.WalkOrder.PRE_ORDER)
    return width[0]


def _replace_with_for(par, lb, ub, step) -> None:
    body = par.regions[0].blocks[0]
    with par.location, ir.InsertionPoint(par):
        new = _new_for(lb, ub, step)
    new_body = _body(new)
    term = list(new_body.operations)[-1]
    for op in list(body.operations)[:-1]:
        op.move_before(term)
    body.arguments[0].replace_all_uses_with(new_body.arguments[0])
    par.erase()


def split_vector_remainder_pass_factory(opts):
    vs = int(opts.get("vector-size", "16"))

    def run(module_op, pass_) -> None:
        for loop in _ops_of(module_op, "affine.for"):
            if len(loop.results):
                continue
            b = _const_bounds(loop)
            if b is None or b[2] != 1:
                continue
            lb, ub, _ = b
            n = ub - lb
            if n < vs or n % vs == 0:
                continue
            # innermost only
            if any(op.name in ("affine.for", "affine.parallel") for op in _walk_children(loop)):
                continue
            mid = lb + (n // vs) * vs
            with loop.location, ir.InsertionPoint.after(loop):
                rem = _new_for(mid, ub, 1)
            rem_body = _body(rem)
            term = list(rem_body.operations)[-1]
            mapping_src = list(_body(loop).operations)[:-1]
            # clone the body into the remainder loop
            old_iv = _body(loop).arguments[0]
            cloned = []
            for op in mapping_src:
                c = op.clone(ir.InsertionPoint(term))
                cloned.append((op, c))
            # remap uses inside the clones: iv and results of cloned ops
            remap = {old_iv: rem_body.arguments[0]}
            for op, c in cloned:
                for i, r in enumerate(op.results):
                    remap[r] = c.results[i]
            for _, c in cloned:
                _remap_operands(c, remap)
            loop.attributes["upperBoundMap"] = ir.AffineMapAttr.get(ir.AffineMap.get_constant(mid))

    return run


def _walk_children(loop):
    found = []

    def visit(op):
        found.append(op)
        return ir.WalkResult.ADVANCE

    for op in _body(loop).operations:
        op.walk(visit, ir.WalkOrder.PRE_ORDER)
    return found


def _remap_operands(op, remap) -> None:
    def visit(o):
        for i, v in enumerate(o.operands):
            if v in remap:
                o.operands[i] = remap[v]
        return ir.WalkResult.ADVANCE

    op.walk(visit, ir.WalkOrder.PRE_ORDER)


def transfer_in_bounds_pass(module_op, pass_) -> None:
    """The `vector-transfer-in-bounds` pass. Also gives the reads that may stay out of bounds
    a zero padding instead of the vectorizer's `ub.poison`: a loop shorter than one vector
    (12 elements at 16 lanes) reads past the end, and poison in the lanes past the end made
    LLVM treat a vector division (whose divisor our lowering guards against zero) as
    undefined behaviour and drop it (unravel_index on 12 elements returned garbage)."""
    for name in ("vector.transfer_read", "vector.transfer_write"):
        for op in _ops_of(module_op, name):
            _mark_in_bounds(op, name == "vector.transfer_write")
    for op in _ops_of(module_op, "vector.transfer_read"):
        _zero_padding(op)


def _zero_padding(op) -> None:
    """Replace a `ub.poison` padding operand of a transfer_read by a zero of its type."""
    if "in_bounds" in op.attributes and all(ir.BoolAttr(b).value for b in ir.ArrayAttr(op.attributes["in_bounds"])):
        return
    for i, v in enumerate(op.operands):
        if i == 0 or isinstance(v.owner, ir.Block) or v.owner.name != "ub.poison":
            continue
        t = v.type
        with op.location, ir.InsertionPoint(op):
            zero = ir.FloatAttr.get(t, 0.0) if isinstance(t, ir.FloatType) else ir.IntegerAttr.get(t, 0)
            op.operands[i] = arith.ConstantOp(t, zero).result


def _mark_in_bounds(op, is_write) -> None:
    vec_t = ir.VectorType(op.operands[0].type if is_write else op.results[0].type)
    if vec_t.rank != 1:
        return
    mem = op.operands[1] if is_write else op.operands[0]
    if not isinstance(mem.type, ir.MemRefType):
        return
    mt = ir.MemRefType(mem.type)
    if mt.rank == 0 or mt.shape[-1] < 0:
        return
    perm = ir.AffineMapAttr(op.attributes["permutation_map"]).value
    if len(perm.results) != 1 or str(perm.results[0]) != f"d{mt.rank - 1}":
        return
    index = op.operands[2 if is_write else 1 : (2 if is_write else 1) + mt.rank][-1]
    owner = index.owner
    if not isinstance(owner, ir.Block):
        return
    loop = owner.owner
    if loop.name != "affine.for":
        return
    width = vec_t.shape[0]
    b = _const_bounds(loop) or _chunk_bounds(loop)
    if b is None:
        return
    lb, ub, step = b
    if step != width or (ub - lb) % width or ub > mt.shape[-1] or lb < 0:
        return
    op.attributes["in_bounds"] = ir.ArrayAttr.get([ir.BoolAttr.get(True)])


def _chunk_bounds(loop):
    """For a chunk loop `affine.for %i = %c to %c + C step S` (made by parallel-chunks) whose %c
    is the iv of an affine.parallel over [lb, mid) step C: (lb, mid, S) when every chunk is whole."""
    try:
        lbm = ir.AffineMapAttr(loop.attributes["lowerBoundMap"]).value
        ubm = ir.AffineMapAttr(loop.attributes["upperBoundMap"]).value
        step = ir.IntegerAttr(loop.attributes["step"]).value
    except (KeyError, ValueError):
        return None
    if lbm.n_dims != 1 or ubm.n_dims != 1 or lbm.n_symbols or ubm.n_symbols or len(loop.operands) != 2:
        return None
    if loop.operands[0] != loop.operands[1] or str(lbm) != "(d0) -> (d0)":
        return None
    owner = loop.operands[0].owner
    if not isinstance(owner, ir.Block) or owner.owner.name != "affine.parallel":
        return None
    par = owner.owner
    try:
        plb = _const_expr(ir.AffineMapAttr(par.attributes["lowerBoundsMap"]).value.results[0])
        pub = _const_expr(ir.AffineMapAttr(par.attributes["upperBoundsMap"]).value.results[0])
        pstep = ir.IntegerAttr(ir.ArrayAttr(par.attributes["steps"])[0]).value
    except (KeyError, ValueError, IndexError):
        return None
    if plb is None or pub is None or (pub - plb) % pstep or str(ubm) != f"(d0) -> (d0 + {pstep})":
        return None
    return plb, pub, step


def strided_access_to_memref_pass(module_op, pass_) -> None:
    """`affine-strided-to-memref`: affine.load/store of memrefs with a non-identity layout
    (strided views) become memref.load/store. The affine analyses used by
    `affine-super-vectorize` do not handle such layouts (they emit "NYI: non-trivial layout
    map" errors while succeeding); these accesses are left to LLVM."""
    from mlir.dialects import memref

    for name in ("affine.load", "affine.store"):
        for op in _ops_of(module_op, name):
            is_store = name == "affine.store"
            mem = op.operands[1 if is_store else 0]
            mt = ir.MemRefType(mem.type)
            if isinstance(mt.layout, ir.AffineMapAttr) and mt.layout.value == ir.AffineMap.get_identity(mt.rank):
                continue
            amap = ir.AffineMapAttr(op.attributes["map"]).value
            operands = list(op.operands[2 if is_store else 1:])
            with op.location, ir.InsertionPoint(op):
                idx = []
                for k in range(len(amap.results)):
                    sub = ir.AffineMap.get(amap.n_dims, amap.n_symbols, [amap.results[k]])
                    idx.append(affine.AffineApplyOp(sub, operands).result if operands else _const_index(sub))
                if is_store:
                    memref.StoreOp(op.operands[0], mem, idx)
                else:
                    new = memref.LoadOp(mem, idx)
                    op.results[0].replace_all_uses_with(new.result)
            op.erase()


def _const_index(amap):
    from mlir.dialects import arith

    return arith.constant(ir.IndexType.get(), _const_expr(amap.results[0]))


def make_guarded_super_vectorize(opts):
    """`guarded-super-vectorize{vector-size=V}`: `affine-super-vectorize` (with reductions),
    function by function, on a copy: when the vectorizer fails or leaves invalid IR (it does
    on some loop shapes), the function stays scalar (LLVM's own vectorizer still sees it)."""
    vs = int(opts.get("vector-size", "16"))
    pipeline = f"builtin.module(func.func(affine-super-vectorize{{virtual-vector-size={vs} vectorize-reductions=true}}))"

    def run(module_op, pass_) -> None:
        from mlir import passmanager

        funcs = [op.operation for op in module_op.regions[0].blocks[0].operations if op.operation.name == "func.func"]
        for fn in funcs:
            if not any(o.name == "affine.for" for o in _walk_children_op(fn)):
                continue
            if _has_reversed_access(fn) or _has_indexed_reduction(fn) or _has_control_flow(fn) or _has_risky_sibling(fn):
                continue
            ctx = fn.context
            with ctx, fn.location:
                tmp = ir.Module.create()
                clone = fn.clone(ir.InsertionPoint(tmp.body))
                _declare_callees(clone, module_op, tmp)
                try:
                    passmanager.PassManager.parse(pipeline).run(tmp.operation)
                    ok = tmp.operation.verify()
                except Exception as e:  # noqa: BLE001 - keep the scalar function
                    import os
                    if os.environ.get("DESCEND_DEBUG_VECTORIZE"):
                        print(f"guarded-super-vectorize: kept scalar: {e}")
                    ok = False
            if ok:
                clone.operation.move_before(fn)
                fn.erase()

    return run


def _declare_callees(fn, module_op, tmp) -> None:
    """Put into module `tmp` what `fn` refers to in `module_op`: declarations of the
    functions it calls (e.g. the matmul kernels) and copies of the memref.globals it reads
    (constant arrays), so that `tmp` verifies on its own."""
    from mlir.dialects import func

    called, globals_ = set(), set()
    for o in _walk_children_op(fn):
        if o.name == "func.call":
            called.add(ir.FlatSymbolRefAttr(o.attributes["callee"]).value)
        elif o.name == "memref.get_global":
            globals_.add(ir.FlatSymbolRefAttr(o.attributes["name"]).value)
    if not called and not globals_:
        return
    with ir.InsertionPoint.at_block_begin(tmp.body):
        for op in module_op.regions[0].blocks[0].operations:
            op = op.operation
            if "sym_name" not in op.attributes:
                continue
            name = ir.StringAttr(op.attributes["sym_name"]).value
            if op.name == "func.func" and name in called:
                func.FuncOp(name, ir.TypeAttr(op.attributes["function_type"]).value, visibility="private")
            elif op.name == "memref.global" and name in globals_:
                op.clone()


def _has_risky_sibling(fn) -> bool:
    """Whether a loop the vectorizer may fail on (indices as data, memref.load/store of
    strided views, calls) has a later sibling loop in the same body: after failing on a
    loop, affine-super-vectorize aborts the process on the next sibling ("AffineForOp::
    getBody: unexpected empty region"); such functions stay scalar."""
    risky_names = ("arith.index_cast", "arith.index_castui", "memref.load", "memref.store", "func.call")
    for o in _walk_children_op(fn):
        for region in o.regions:
            for block in region.blocks:
                loops = [c for c in block.operations if c.operation.name == "affine.for"]
                for loop in loops[:-1]:
                    if any(x.name in risky_names for x in _walk_children_op(loop.operation)):
                        return True
    return False


def _has_control_flow(fn) -> bool:
    """Whether the function has scf control flow (lax.cond/fori_loop/scan/while_loop):
    affine-super-vectorize aborts the process on affine loops nested in scf.for
    ("AffineForOp::getBody: unexpected empty region"), so those functions stay scalar."""
    return any(o.name in ("scf.for", "scf.while", "scf.if") for o in _walk_children_op(fn))


def _has_indexed_reduction(fn) -> bool:
    """Whether a reduction loop (an affine.for with iter_args) computes with loop indices
    (arith.index_cast, from linalg.index): affine-super-vectorize with
    vectorize-reductions aborts the process on it ("operation destroyed but still has
    uses"), which no exception can catch, so those functions stay scalar."""
    for o in _walk_children_op(fn):
        if o.name == "affine.for" and len(o.results) > 0:
            if any(inner.name == "arith.index_cast" for inner in _walk_children_op(o)):
                return True
    return False


def _has_reversed_access(fn) -> bool:
    """Whether an affine load/store walks a dimension backwards (e.g. `-d1 + 3`, from
    dsc.rev): affine-super-vectorize turns such an access into a forward vector read
    (wrong results), so those functions stay scalar."""
    for o in _walk_children_op(fn):
        if o.name in ("affine.load", "affine.store") and "map" in o.attributes:
            amap = ir.AffineMapAttr(o.attributes["map"]).value
            if any("-d" in str(e) or "* -" in str(e) for e in amap.results):
                return True
    return False


def _walk_children_op(op):
    found = []

    def visit(o):
        found.append(o)
        return ir.WalkResult.ADVANCE

    op.walk(visit, ir.WalkOrder.PRE_ORDER)
    return found
