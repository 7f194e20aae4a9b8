"""The passes that put bufferized linalg on the GPU: kernels, loop mapping, host memory.

They run between bufferization and kernel outlining in the GPU pipeline
(`gpu_pipeline.py`), on modules whose public functions take memrefs that hold
*device* pointers:

`gpu-linalg-to-kernels`
    In: bufferized linalg (named ops generalized). Out: the same, where
    - a matmul-like `linalg.generic` (`C[b,m,n] += A[b,m,k] * B[b,k,n]` in any
      operand layout) is a `gpu.launch` of a shared-memory tiled kernel
      (64x64 output tile per block, 16x16 threads, 4x4 outputs per thread,
      K tiles of 16 staged through workgroup memory);
    - a reduction whose innermost loop is a reduction over at least 32
      elements (row sums, softmax's max and sum, full reductions) is a
      parallel reduction: a block of threads per output element strides over
      the reduced elements and combines with `gpu.all_reduce`; when there are
      few outputs, the reduced range is also split over several blocks, whose
      partial results a second kernel combines;
    - `memref.copy` is a `linalg.copy` (so it becomes a kernel too).
    Everything else stays linalg and becomes parallel loops.

`gpu-map-parallel-loops-flat`
    In: host code with `scf.parallel` loops (from
    `convert-linalg-to-parallel-loops`). Out: each outermost loop nest is
    flattened to one linear iteration index and re-expressed as a two-level
    `scf.parallel` nest mapped to `block_x` x `thread_x` (256 threads per
    block), the body guarded by `index < trip count` and the original
    induction variables recovered innermost-fastest, so consecutive threads
    touch consecutive elements (coalesced) for any rank. Upstream
    `convert-parallel-loops-to-gpu` then turns the nests into `gpu.launch`.
    (`gpu-map-parallel-loops` maps at most three dimensions, outermost to x,
    which makes row-major accesses uncoalesced.)

`gpu-host-memory`
    In: host code with `gpu.launch` ops. Out: host code that touches no device
    memory itself: `memref.alloc`/`dealloc` become `gpu.alloc`/`dealloc`;
    leftover host ops that read or write device memory (a 0-d store, a short
    sequential loop) are wrapped in single-thread `gpu.launch`es; a
    `memref.load` whose value the host needs (a branch condition) becomes a
    `gpu.memcpy` into host memory; `memref.get_global` constants used by a
    kernel are re-materialized inside it (outlining then copies the global into
    the GPU module).

Only public functions are rewritten: private helpers (the deallocation
helpers) work on host memory.
"""

from __future__ import annotations

import math

from mlir import ir
from mlir.dialects import arith, gpu, memref, scf

# ---------------------------------------------------------------- IR utilities


def _index(v: int):
    return arith.constant(ir.IndexType.get(), v)


def _const_int(value):
    """The integer value of an `arith.constant` index/int operand, else None."""
    owner = value.owner
    if not isinstance(owner, ir.OpView) and not isinstance(owner, ir.Operation):
        return None
    op = owner.operation if hasattr(owner, "operation") else owner
    if op.name != "arith.constant":
        return None
    attr = op.attributes["value"]
    if isinstance(attr, ir.IntegerAttr):
        return ir.IntegerAttr(attr).value
    return None


def _ops(block):
    return list(block.operations)


def _public_functions(module_op):
    for op in module_op.regions[0].blocks[0].operations:
        if op.operation.name != "func.func":
            continue
        vis = op.operation.attributes["sym_visibility"] if "sym_visibility" in op.operation.attributes else None
        if vis is not None and ir.StringAttr(vis).value == "private":
            continue
        if len(op.operation.regions[0].blocks) == 0:
            continue
        yield op.operation


def _host_ops(op, skip=("gpu.launch",)):
    """All operations nested in `op`'s regions, pre-order, not descending into `skip` ops."""
    out = []

    def rec(o):
        for region in o.regions:
            for block in region.blocks:
                for child in block.operations:
                    child = child.operation
                    out.append(child)
                    if child.name not in skip:
                        rec(child)

    rec(op)
    return out


def _has_ancestor(op, names) -> bool:
    parent = op.parent
    while parent is not None:
        if parent.name in names:
            return True
        parent = parent.parent
    return False


def _splice(text: str, args, before) -> list:
    """Parse `text` (one `func.func @t(<args>) { ...; return }`), move its body before
    `before` with the function arguments replaced by `args`; returns the moved ops."""
    mod = ir.Module.parse(text)
    fn = mod.body.operations[0].operation
    block = fn.regions[0].blocks[0]
    for a, v in zip(block.arguments, args):
        a.replace_all_uses_with(v)
    moved = []
    for op in _ops(block)[:-1]:
        op.operation.move_before(before)
        moved.append(op.operation)
    return moved


def _delinearize(linear, sizes):
    """Induction values (innermost fastest) of a linear index over `sizes`."""
    ivs = [None] * len(sizes)
    rest = linear
    for d in range(len(sizes) - 1, -1, -1):
        if sizes[d] == 1:
            ivs[d] = _index(0)
            continue
        if d == 0 or all(s == 1 for s in sizes[:d]):
            ivs[d] = rest
        else:
            ivs[d] = arith.remui(rest, _index(sizes[d]))
            rest = arith.divui(rest, _index(sizes[d]))
    return ivs


def _dim_positions(amap) -> list | None:
    """The dimension of each result of a projected-permutation map, or None."""
    out = []
    for e in amap.results:
        if not isinstance(e, ir.AffineDimExpr):
            return None
        out.append(ir.AffineDimExpr(e).position)
    return out


def _apply(amap, ivs) -> list:
    """Indices `amap(ivs)`: plain dims directly, other results through affine.apply."""
    from mlir.dialects import affine

    out = []
    for e in amap.results:
        if isinstance(e, ir.AffineDimExpr):
            out.append(ivs[ir.AffineDimExpr(e).position])
        else:
            single = ir.AffineMap.get(amap.n_dims, amap.n_symbols, [e])
            out.append(affine.AffineApplyOp(single, ivs).result)
    return out


class _Generic:
    """The pieces of a bufferized linalg.generic."""

    def __init__(self, op):
        self.op = op
        n_in = ir.DenseI32ArrayAttr(op.attributes["operandSegmentSizes"])[0]
        operands = list(op.operands)
        self.inputs = operands[:n_in]
        self.outputs = operands[n_in:]
        self.maps = [ir.AffineMapAttr(m).value for m in ir.ArrayAttr(op.attributes["indexing_maps"])]
        self.iters = [str(a).split("<")[-1].rstrip(">") for a in ir.ArrayAttr(op.attributes["iterator_types"])]
        self.block = op.regions[0].blocks[0]
        self.body = _ops(self.block)
        self.sizes = self._loop_sizes()

    def _loop_sizes(self):
        sizes = [None] * len(self.iters)
        for v, m in zip(self.inputs + self.outputs, self.maps):
            t = v.type
            if not isinstance(t, ir.MemRefType):
                continue
            shape = ir.MemRefType(t).shape
            for k, e in enumerate(m.results):
                if isinstance(e, ir.AffineDimExpr) and shape[k] >= 0:
                    sizes[ir.AffineDimExpr(e).position] = shape[k]
        return sizes

    def load_inputs(self, ivs) -> dict:
        """memref.load of every input at `ivs`; block argument -> loaded value."""
        mapping = {}
        for k, (v, m) in enumerate(zip(self.inputs, self.maps)):
            arg = self.block.arguments[k]
            if not isinstance(v.type, ir.MemRefType):
                mapping[arg] = v  # a scalar input
                continue
            mapping[arg] = memref.load(v, _apply(m, ivs))
        return mapping

    def clone_body(self, mapping: dict, ivs, stop=None) -> dict:
        """Clone the body ops (up to `stop`, excluding the terminator) at the insertion point."""
        for op in self.body[:-1]:
            op = op.operation
            if stop is not None and op == stop:
                break
            if op.name == "linalg.index":
                mapping[op.results[0]] = ivs[ir.IntegerAttr(op.attributes["dim"]).value]
                continue
            new = op.clone()
            for old, val in mapping.items():
                new.operation.replace_uses_of_with(old, val)
            for r_old, r_new in zip(op.results, new.results):
                mapping[r_old] = r_new
        return mapping


# ------------------------------------------------------------------ reductions

# combiner op -> (gpu.all_reduce operation, identity(element type))
_COMBINERS = {
    "arith.addf": ("ADD", lambda t: 0.0),
    "arith.mulf": ("MUL", lambda t: 1.0),
    "arith.maximumf": ("MAXIMUMF", lambda t: -math.inf),
    "arith.minimumf": ("MINIMUMF", lambda t: math.inf),
    "arith.maxnumf": ("MAXNUMF", lambda t: -math.inf),
    "arith.minnumf": ("MINNUMF", lambda t: math.inf),
    "arith.addi": ("ADD", lambda t: 0),
    "arith.muli": ("MUL", lambda t: 1),
    "arith.maxsi": ("MAXSI", lambda t: -(1 << (t.width - 1))),
    "arith.minsi": ("MINSI", lambda t: (1 << (t.width - 1)) - 1),
    "arith.maxui": ("MAXUI", lambda t: 0),
    "arith.minui": ("MINUI", lambda t: -1),
    "arith.andi": ("AND", lambda t: -1),
    "arith.ori": ("OR", lambda t: 0),
    "arith.xori": ("XOR", lambda t: 0),
}
_SIGNED = {"arith.maxsi", "arith.minsi"}

KIND_ATTR = "descend.kernel"  # what a gpu.launch computes; names the outlined kernel
MIN_PARALLEL_REDUCTION = 32  # reduced elements per output below which one thread per output is used
THREADS = 256


class _Reduction:
    def __init__(self, g: _Generic, comb, out_arg):
        self.g = g
        self.comb = comb
        self.x = comb.operands[1] if comb.operands[0] == out_arg else comb.operands[0]
        self.kind, ident = _COMBINERS[comb.name]
        self.type = comb.results[0].type
        is_float = not isinstance(self.type, ir.IntegerType)
        width = ir.IntegerType(self.type).width if not is_float else None
        # gpu.all_reduce lowers 32-bit values (and 64-bit ones, in halves); narrow values are widened
        if is_float and str(self.type) in ("f16", "bf16"):
            self.red_type = ir.F32Type.get()
        elif not is_float and width < 32:
            self.red_type = ir.IntegerType.get_signless(32)
        else:
            self.red_type = self.type
        self.ident = ident(self.type if is_float else ir.IntegerType(self.type))
        self.is_float = is_float

    def identity(self, t):
        if self.is_float:
            return arith.constant(t, self.ident)
        return arith.constant(t, ir.IntegerAttr.get(t, self.ident))

    def widen(self, v):
        if self.red_type == self.type:
            return v
        if self.is_float:
            return arith.extf(self.red_type, v)
        if self.comb.name in _SIGNED:
            return arith.extsi(self.red_type, v)
        return arith.extui(self.red_type, v)

    def narrow(self, v):
        if self.red_type == self.type:
            return v
        return arith.truncf(self.type, v) if self.is_float else arith.trunci(self.type, v)

    def combine(self, a, b):
        return ir.Operation.create(self.comb.name, results=[a.type], operands=[a, b]).results[0]

    def all_reduce(self, v):
        op = gpu.AllReduceOp(v, op=ir.Attribute.parse(f"#gpu<all_reduce_op {self.kind.lower()}>"), uniform=True)
        return op.result


def _match_reduction(g: _Generic):
    """A `_Reduction` when `g` folds its inputs into one output with one combiner op."""
    if len(g.outputs) != 1 or "reduction" not in g.iters:
        return None
    if any(s is None for s in g.sizes):
        return None
    if not isinstance(g.outputs[0].type, ir.MemRefType):
        return None
    term = g.body[-1].operation
    out_arg = g.block.arguments[len(g.inputs)]
    val = term.operands[0]
    comb = val.owner
    if isinstance(comb, ir.Block) or not hasattr(comb, "name"):
        return None
    comb = comb.operation
    if comb.name not in _COMBINERS or comb.parent != g.op:
        return None
    if out_arg not in list(comb.operands) or comb.operands[0] == comb.operands[1]:
        return None
    if sum(1 for _ in out_arg.uses) != 1:
        return None
    if any(r.operation.regions and len(r.operation.regions) for r in g.body[:-1]):
        return None
    t = comb.results[0].type
    if not (isinstance(t, ir.IntegerType) or str(t) in ("f16", "bf16", "f32", "f64")):
        return None
    return _Reduction(g, comb, out_arg)


def _is_parallel_reduction(r: _Reduction) -> bool:
    """Whether a block of threads per output pays: the innermost loop is a reduction (the
    reduced elements are contiguous, so the block's reads coalesce) over enough elements."""
    g = r.g
    k = math.prod(s for s, it in zip(g.sizes, g.iters) if it == "reduction")
    return g.iters[-1] == "reduction" and k >= MIN_PARALLEL_REDUCTION


def _preceding_fill(g: _Generic):
    """The scalar that a (generalized) linalg.fill right before `g` writes to all of g's
    output, or None. The kernels then combine with it directly, and the fill goes away."""
    out = g.outputs[0]
    prev = None
    for op in _ops(g.op.block):
        op = op.operation
        if op == g.op:
            break
        prev = op
    if prev is None or prev.name != "linalg.generic":
        return None
    f = _Generic(prev)
    if len(f.inputs) != 1 or len(f.outputs) != 1 or f.outputs[0] != out or isinstance(f.inputs[0].type, ir.MemRefType):
        return None
    if "reduction" in f.iters or len(f.body) != 1 or f.body[0].operation.operands[0] != f.block.arguments[0]:
        return None
    if f.maps[-1] != ir.AffineMap.get_identity(len(f.iters)):
        return None
    return prev, f.inputs[0]


def _emit_serial_reduction(r: _Reduction, init=None) -> None:
    """One thread per output element: consecutive threads take consecutive outputs (the
    innermost parallel dimension), each folds its elements in a register."""
    g = r.g
    n = len(g.iters)
    pdims = [d for d in range(n) if g.iters[d] == "parallel"]
    rdims = [d for d in range(n) if g.iters[d] == "reduction"]
    psz = [g.sizes[d] for d in pdims]
    rsz = [g.sizes[d] for d in rdims]
    m_total = math.prod(psz)
    k_total = math.prod(rsz)
    if m_total == 0:
        g.op.erase()
        return
    threads = THREADS if m_total >= THREADS else -(-m_total // 32) * 32
    blocks = -(-m_total // threads)
    with ir.InsertionPoint(g.op), g.op.location:
        c1 = _index(1)
        launch = gpu.LaunchOp((_index(blocks), c1, c1), (_index(threads), c1, c1))
        launch.attributes[KIND_ATTR] = ir.StringAttr.get("reduce")
        block = launch.regions[0].blocks[0]
        with ir.InsertionPoint(block):
            m_lin = arith.addi(arith.muli(block.arguments[0], _index(threads)), block.arguments[3])
            if m_total % threads:
                ok = arith.cmpi(arith.CmpIPredicate.ult, m_lin, _index(m_total))
                branch = scf.IfOp(ok)
                body_ip = ir.InsertionPoint(branch.then_block)
            else:
                branch, body_ip = None, ir.InsertionPoint(block)
            with body_ip:
                pivs = _delinearize(m_lin, psz) if pdims else []
                loop = scf.ForOp(_index(0), _index(k_total), _index(1), [r.identity(r.type)])
                with ir.InsertionPoint(loop.body):
                    rivs = _delinearize(loop.induction_variable, rsz)
                    ivs = [None] * n
                    for d, v in zip(pdims, pivs):
                        ivs[d] = v
                    for d, v in zip(rdims, rivs):
                        ivs[d] = v
                    mapping = g.load_inputs(ivs)
                    g.clone_body(mapping, ivs, stop=r.comb)
                    x = mapping.get(r.x, r.x)
                    scf.YieldOp([r.combine(loop.inner_iter_args[0], x)])
                _store_combined(r, g.outputs[0], g.maps[-1], pdims, pivs, n, loop.results[0], init, widened=False)
                if branch is not None:
                    scf.YieldOp([])
            gpu.TerminatorOp()
    g.op.erase()


def _emit_reduction(r: _Reduction, init=None) -> None:
    g = r.g
    n = len(g.iters)
    pdims = [d for d in range(n) if g.iters[d] == "parallel"]
    rdims = [d for d in range(n) if g.iters[d] == "reduction"]
    psz = [g.sizes[d] for d in pdims]
    rsz = [g.sizes[d] for d in rdims]
    m_total = math.prod(psz)
    k_total = math.prod(rsz)
    threads = min(THREADS, -(-k_total // 32) * 32)
    # split the reduced range over several blocks when there are too few outputs to fill the GPU
    splits = 1
    if m_total < 256:
        splits = max(1, min(-(-1024 // m_total), -(-k_total // (threads * 4))))
    per_split = -(-k_total // splits)
    chunk = -(-per_split // threads) * threads
    splits = -(-k_total // chunk)
    out = g.outputs[0]
    out_map = g.maps[-1]
    with ir.InsertionPoint(g.op), g.op.location:
        tmp = None
        if splits > 1:
            tmp = memref.alloc(ir.MemRefType.get([m_total, splits], r.red_type), [], [])
        c1 = _index(1)
        launch = gpu.LaunchOp((_index(m_total * splits), c1, c1), (_index(threads), c1, c1))
        launch.attributes[KIND_ATTR] = ir.StringAttr.get("reduce")
        block = launch.regions[0].blocks[0]
        with ir.InsertionPoint(block):
            bid, tid = block.arguments[0], block.arguments[3]
            if splits > 1:
                m_lin = arith.divui(bid, _index(splits))
                part = arith.remui(bid, _index(splits))
                start = arith.addi(arith.muli(part, _index(chunk)), tid)
                end = arith.minui(arith.muli(arith.addi(part, _index(1)), _index(chunk)), _index(k_total))
            else:
                m_lin, part, start, end = bid, None, tid, _index(k_total)
            pivs = _delinearize(m_lin, psz) if pdims else []
            loop = scf.ForOp(start, end, _index(threads), [r.identity(r.red_type)])
            with ir.InsertionPoint(loop.body):
                rivs = _delinearize(loop.induction_variable, rsz)
                ivs = [None] * n
                for d, v in zip(pdims, pivs):
                    ivs[d] = v
                for d, v in zip(rdims, rivs):
                    ivs[d] = v
                mapping = g.load_inputs(ivs)
                g.clone_body(mapping, ivs, stop=r.comb)
                x = mapping.get(r.x, r.x)
                scf.YieldOp([r.combine(loop.inner_iter_args[0], r.widen(x))])
            total = r.all_reduce(loop.results[0])
            first = arith.cmpi(arith.CmpIPredicate.eq, tid, _index(0))
            branch = scf.IfOp(first)
            with ir.InsertionPoint(branch.then_block):
                if splits > 1:
                    memref.store(total, tmp, [m_lin, part])
                else:
                    _store_combined(r, out, out_map, pdims, pivs, n, total, init)
                scf.YieldOp([])
            gpu.TerminatorOp()
        if splits > 1:
            threads2 = min(1024, -(-splits // 32) * 32)
            launch2 = gpu.LaunchOp((_index(m_total), c1, c1), (_index(threads2), c1, c1))
            launch2.attributes[KIND_ATTR] = ir.StringAttr.get("combine")
            block = launch2.regions[0].blocks[0]
            with ir.InsertionPoint(block):
                bid, tid = block.arguments[0], block.arguments[3]
                loop = scf.ForOp(tid, _index(splits), _index(threads2), [r.identity(r.red_type)])
                with ir.InsertionPoint(loop.body):
                    v = memref.load(tmp, [bid, loop.induction_variable])
                    scf.YieldOp([r.combine(loop.inner_iter_args[0], v)])
                total = r.all_reduce(loop.results[0])
                first = arith.cmpi(arith.CmpIPredicate.eq, tid, _index(0))
                branch = scf.IfOp(first)
                with ir.InsertionPoint(branch.then_block):
                    pivs = _delinearize(bid, psz) if pdims else []
                    _store_combined(r, out, out_map, pdims, pivs, n, total, init)
                    scf.YieldOp([])
                gpu.TerminatorOp()
            memref.dealloc(tmp)
    g.op.erase()


def _store_combined(r, out, out_map, pdims, pivs, n, total, init=None, widened=True):
    """out[...] = combine(init or out[...], total)."""
    ivs = [None] * n
    zero = _index(0)
    for d in range(n):
        ivs[d] = zero
    for d, v in zip(pdims, pivs):
        ivs[d] = v
    idx = _apply(out_map, ivs)
    old = init if init is not None else memref.load(out, idx)
    memref.store(r.combine(old, r.narrow(total) if widened else total), out, idx)


# ---------------------------------------------------------------------- matmul

MM_TILE, MM_K, MM_THREADS, MM_PER = 64, 16, 16, 4  # block tile 64x64, K tile 16, 16x16 threads, 4x4 each
MM_MIN = 16  # smallest M and N given to the tiled kernel


def _match_matmul(g: _Generic):
    """(roles, kind) when `g` is C[b.., m, n] (+)= A[.., m, k] * B[.., k, n] in any layout."""
    if len(g.inputs) != 2 or len(g.outputs) != 1 or any(s is None for s in g.sizes):
        return None
    if g.iters.count("reduction") != 1 or g.iters.count("parallel") < 2 or len(g.iters) > 4:
        return None
    dims = [_dim_positions(m) for m in g.maps]
    if any(d is None for d in dims):
        return None
    a, b, c = (set(d) for d in dims)
    if len(dims[0]) != len(a) or len(dims[1]) != len(b) or len(dims[2]) != len(c):
        return None
    (k,) = [d for d, it in enumerate(g.iters) if it == "reduction"]
    batch = a & b & c
    ms = (a & c) - b
    ns = (b & c) - a
    if len(ms) != 1 or len(ns) != 1 or a != batch | ms | {k} or b != batch | ns | {k} or c != batch | ms | ns:
        return None
    if len(batch) > 1:
        return None
    m_dim, n_dim = next(iter(ms)), next(iter(ns))
    if g.sizes[m_dim] < MM_MIN or g.sizes[n_dim] < MM_MIN:
        return None  # a matrix-vector product: the row reductions parallelize better
    # body: yield(add(out, mul(in0, in1)))
    body = [o.operation for o in g.body]
    if len(body) != 3:
        return None
    mul, add, term = body
    ty = add.results[0].type
    if str(ty) in ("f16", "bf16", "f32", "f64"):
        kind = "f"
    elif str(ty) in ("i32", "i64"):
        kind = "i"
    else:
        return None
    if mul.name != f"arith.mul{kind}" or add.name != f"arith.add{kind}" or term.operands[0] != add.results[0]:
        return None
    args = list(g.block.arguments)
    if set(mul.operands) != {args[0], args[1]} or mul.operands[0] == mul.operands[1]:
        return None
    if set(add.operands) != {args[2], mul.results[0]}:
        return None
    for v in g.inputs + g.outputs:
        if str(ir.MemRefType(v.type).element_type) != str(ty):
            return None
    return {"m": ms.pop(), "n": ns.pop(), "k": k, "b": batch.pop() if batch else None, "kind": kind, "type": str(ty), "dims": dims}


def _matmul_text(g: _Generic, mm, has_init: bool = False) -> str:
    """A shared-memory tiled matmul kernel as MLIR text (a function of A, B, C)."""
    sizes = g.sizes
    m_size, n_size, k_size = sizes[mm["m"]], sizes[mm["n"]], sizes[mm["k"]]
    b_size = sizes[mm["b"]] if mm["b"] is not None else 1
    t = mm["type"]
    kind = mm["kind"]
    zero = "0.0" if kind == "f" else "0"
    tile, kt, th, per = MM_TILE, MM_K, MM_THREADS, MM_PER
    loads = (tile * kt) // (th * th)  # elements of each operand tile loaded per thread
    ta, tb, tc = (str(v.type) for v in g.inputs + g.outputs)
    grid_x, grid_y = -(-n_size // tile), -(-m_size // tile)
    names = {mm["m"]: "%gm", mm["n"]: "%gn", mm["k"]: "%gk"}
    if mm["b"] is not None:
        names[mm["b"]] = "%bz"

    def idx(operand, overrides):
        return ", ".join(overrides.get(d, names[d]) for d in mm["dims"][operand])

    accs = [f"%acc{i}_{j}" for i in range(per) for j in range(per)]
    acc_types = ", ".join([t] * len(accs))
    lines = [
        f"func.func @mm(%A: {ta}, %B: {tb}, %C: {tc}" + (f", %init: {t}" if has_init else "") + ") {",
        "  %c0 = arith.constant 0 : index",
        "  %c1 = arith.constant 1 : index",
        f"  %cgx = arith.constant {grid_x} : index",
        f"  %cgy = arith.constant {grid_y} : index",
        f"  %cgz = arith.constant {b_size} : index",
        f"  %cth = arith.constant {th} : index",
        f"  gpu.launch blocks(%bx, %by, %bz) in (%gx = %cgx, %gy = %cgy, %gz = %cgz)"
        f" threads(%tx, %ty, %tz) in (%sx = %cth, %sy = %cth, %sz = %c1)"
        f" workgroup(%As : memref<{kt}x{tile}x{t}, #gpu.address_space<workgroup>>,"
        f" %Bs : memref<{kt}x{tile}x{t}, #gpu.address_space<workgroup>>) {{",
        f"    %zero = arith.constant {zero} : {t}",
        f"    %ctile = arith.constant {tile} : index",
        f"    %ckt = arith.constant {kt} : index",
        f"    %cK = arith.constant {k_size} : index",
        f"    %cM = arith.constant {m_size} : index",
        f"    %cN = arith.constant {n_size} : index",
        f"    %cthreads = arith.constant {th * th} : index",
        "    %row0 = arith.muli %by, %ctile : index",
        "    %col0 = arith.muli %bx, %ctile : index",
        "    %tyth = arith.muli %ty, %cth : index",
        "    %tid = arith.addi %tyth, %tx : index",
    ]
    lines.append(
        f"    %res:{len(accs)} = scf.for %k0 = %c0 to %cK step %ckt iter_args("
        + ", ".join(f"%a{i} = %zero" for i in range(len(accs)))
        + f") -> ({acc_types}) {{"
    )
    # stage the A tile (tile x kt, stored transposed as As[kk][mm]) and the B tile (kt x tile)
    for e in range(loads):
        lines += [
            f"      %ea{e}_off = arith.constant {e * th * th} : index",
            f"      %ea{e} = arith.addi %tid, %ea{e}_off : index",
            f"      %ra{e} = arith.divui %ea{e}, %ckt : index",
            f"      %ka{e} = arith.remui %ea{e}, %ckt : index",
            f"      %gma{e} = arith.addi %row0, %ra{e} : index",
            f"      %gka{e} = arith.addi %k0, %ka{e} : index",
        ]
        guard_a = m_size % tile != 0 or k_size % kt != 0
        load_a = f"memref.load %A[{idx(0, {mm['m']: f'%gma{e}', mm['k']: f'%gka{e}'})}] : {ta}"
        if guard_a:
            lines += [
                f"      %ina{e}m = arith.cmpi ult, %gma{e}, %cM : index",
                f"      %ina{e}k = arith.cmpi ult, %gka{e}, %cK : index",
                f"      %ina{e} = arith.andi %ina{e}m, %ina{e}k : i1",
                f"      %va{e} = scf.if %ina{e} -> ({t}) {{",
                f"        %x = {load_a}",
                f"        scf.yield %x : {t}",
                "      } else {",
                f"        scf.yield %zero : {t}",
                "      }",
            ]
        else:
            lines.append(f"      %va{e} = {load_a}")
        lines.append(f"      memref.store %va{e}, %As[%ka{e}, %ra{e}] : memref<{kt}x{tile}x{t}, #gpu.address_space<workgroup>>")
        lines += [
            f"      %rb{e} = arith.divui %ea{e}, %ctile : index",
            f"      %nb{e} = arith.remui %ea{e}, %ctile : index",
            f"      %gkb{e} = arith.addi %k0, %rb{e} : index",
            f"      %gnb{e} = arith.addi %col0, %nb{e} : index",
        ]
        guard_b = n_size % tile != 0 or k_size % kt != 0
        load_b = f"memref.load %B[{idx(1, {mm['k']: f'%gkb{e}', mm['n']: f'%gnb{e}'})}] : {tb}"
        if guard_b:
            lines += [
                f"      %inb{e}n = arith.cmpi ult, %gnb{e}, %cN : index",
                f"      %inb{e}k = arith.cmpi ult, %gkb{e}, %cK : index",
                f"      %inb{e} = arith.andi %inb{e}n, %inb{e}k : i1",
                f"      %vb{e} = scf.if %inb{e} -> ({t}) {{",
                f"        %x = {load_b}",
                f"        scf.yield %x : {t}",
                "      } else {",
                f"        scf.yield %zero : {t}",
                "      }",
            ]
        else:
            lines.append(f"      %vb{e} = {load_b}")
        lines.append(f"      memref.store %vb{e}, %Bs[%rb{e}, %nb{e}] : memref<{kt}x{tile}x{t}, #gpu.address_space<workgroup>>")
    lines.append("      gpu.barrier")
    # the K tile, unrolled: every thread does per x per multiply-adds per step, reading a
    # column of As and a row of Bs (fastmath<contract>: one FMA each)
    fm = " fastmath<contract>" if kind == "f" else ""
    cur = [f"%a{q}" for q in range(len(accs))]
    lines += [f"      %ro{i} = arith.constant {i * th} : index" for i in range(per)]
    lines += [f"      %ri{i} = arith.addi %ty, %ro{i} : index" for i in range(per)]
    lines += [f"      %cj{j} = arith.addi %tx, %ro{j} : index" for j in range(per)]
    for kk in range(kt):
        lines.append(f"      %kk{kk} = arith.constant {kk} : index")
        for i in range(per):
            lines.append(
                f"      %av{kk}_{i} = memref.load %As[%kk{kk}, %ri{i}] : memref<{kt}x{tile}x{t}, #gpu.address_space<workgroup>>"
            )
        for j in range(per):
            lines.append(
                f"      %bv{kk}_{j} = memref.load %Bs[%kk{kk}, %cj{j}] : memref<{kt}x{tile}x{t}, #gpu.address_space<workgroup>>"
            )
        nxt = []
        for i in range(per):
            for j in range(per):
                q = i * per + j
                lines += [
                    f"      %p{kk}_{q} = arith.mul{kind} %av{kk}_{i}, %bv{kk}_{j}{fm} : {t}",
                    f"      %s{kk}_{q} = arith.add{kind} {cur[q]}, %p{kk}_{q}{fm} : {t}",
                ]
                nxt.append(f"%s{kk}_{q}")
        cur = nxt
    lines.append("      gpu.barrier")
    lines.append(f"      scf.yield {', '.join(cur)} : {acc_types}")
    lines.append("    }")
    guard_c = m_size % tile != 0 or n_size % tile != 0
    for i in range(per):
        for j in range(per):
            q = i * per + j
            lines += [
                f"    %or{q}_o = arith.constant {i * th} : index",
                f"    %or{q}_t = arith.addi %ty, %or{q}_o : index",
                f"    %or{q} = arith.addi %row0, %or{q}_t : index",
                f"    %oc{q}_o = arith.constant {j * th} : index",
                f"    %oc{q}_t = arith.addi %tx, %oc{q}_o : index",
                f"    %oc{q} = arith.addi %col0, %oc{q}_t : index",
            ]
            cidx = idx(2, {mm["m"]: f"%or{q}", mm["n"]: f"%oc{q}"})
            store = [
                f"      %old{q} = memref.load %C[{cidx}] : {tc}" if not has_init else "",
                f"      %new{q} = arith.add{kind} {'%init' if has_init else f'%old{q}'}, %res#{q} : {t}",
                f"      memref.store %new{q}, %C[{cidx}] : {tc}",
            ]
            if guard_c:
                lines += [
                    f"    %inc{q}m = arith.cmpi ult, %or{q}, %cM : index",
                    f"    %inc{q}n = arith.cmpi ult, %oc{q}, %cN : index",
                    f"    %inc{q} = arith.andi %inc{q}m, %inc{q}n : i1",
                    f"    scf.if %inc{q} {{",
                    *store,
                    "    }",
                ]
            else:
                lines += [s[2:] for s in store]
    lines += ["    gpu.terminator", "  }", "  return", "}"]
    return "\n".join(lines)


def _emit_matmul(g: _Generic, mm) -> None:
    fill = _preceding_fill(g)
    init = None
    if fill is not None:
        init = fill[1]
        fill[0].erase()
    with g.op.location:
        args = g.inputs + g.outputs + ([init] if init is not None else [])
        for op in _splice(_matmul_text(g, mm, init is not None), args, g.op):
            if op.name == "gpu.launch":
                op.attributes[KIND_ATTR] = ir.StringAttr.get("matmul")
    g.op.erase()


def _parallel_first(g: _Generic) -> None:
    """Reorder the loops of `g` so that its parallel dimensions come first: parallel loops then
    become the GPU threads and reductions the loops inside each thread (in order). Without it
    a reduction over an outer dimension (a column sum) would be a host loop of launches."""
    n = len(g.iters)
    order = [d for d in range(n) if g.iters[d] == "parallel"] + [d for d in range(n) if g.iters[d] != "parallel"]
    if order == list(range(n)):
        return
    new_of = {old: new for new, old in enumerate(order)}
    # old dim d is new dim new_of[d]
    sub = ir.AffineMap.get(n, 0, [ir.AffineDimExpr.get(new_of[d]) for d in range(n)])
    maps = []
    for m in g.maps:
        maps.append(ir.AffineMap.get(n, m.n_symbols, [e.compose(sub) for e in m.results]))
    g.op.attributes["indexing_maps"] = ir.ArrayAttr.get([ir.AffineMapAttr.get(m) for m in maps])
    iters = ir.ArrayAttr(g.op.attributes["iterator_types"])
    g.op.attributes["iterator_types"] = ir.ArrayAttr.get([iters[d] for d in order])
    for op in g.body:
        op = op.operation
        if op.name == "linalg.index":
            old = ir.IntegerAttr(op.attributes["dim"]).value
            op.attributes["dim"] = ir.IntegerAttr.get(ir.IntegerType.get_signless(64), new_of[old])


def _copy_to_linalg(op) -> None:
    src, dst = op.operands[0], op.operands[1]
    text = f"func.func @copy(%s: {src.type}, %d: {dst.type}) {{\n  linalg.copy ins(%s : {src.type}) outs(%d : {dst.type})\n  return\n}}"
    with op.location:
        _splice(text, [src, dst], op)
    op.erase()


def gpu_linalg_kernels_pass(module_op, pass_) -> None:
    """The `gpu-linalg-to-kernels` pass."""
    with module_op.context, module_op.location:
        for fn in list(_public_functions(module_op)):
            for op in _host_ops(fn):
                if op.name == "memref.copy":
                    _copy_to_linalg(op)
            for op in _host_ops(fn):
                if op.name != "linalg.generic" or _has_ancestor(op, ("gpu.launch",)):
                    continue
                g = _Generic(op)
                mm = _match_matmul(g)
                if mm is not None:
                    _emit_matmul(g, mm)
                    continue
                red = _match_reduction(g)
                if red is not None:
                    fill = _preceding_fill(g)
                    init = None
                    if fill is not None:
                        init = fill[1]
                        fill[0].erase()
                    if _is_parallel_reduction(red):
                        _emit_reduction(red, init)
                    else:
                        _emit_serial_reduction(red, init)
                    continue
                _parallel_first(g)


# ------------------------------------------------------- parallel loop mapping


def _mapping(proc: str):
    return ir.ArrayAttr.get(
        [ir.Attribute.parse(f"#gpu.loop_dim_map<processor = {proc}, map = (d0) -> (d0), bound = (d0) -> (d0)>")]
    )


def _map_parallel(par) -> None:
    n = (len(par.operands)) // 3
    lbs, ubs, steps = par.operands[:n], par.operands[n : 2 * n], par.operands[2 * n : 3 * n]
    lb = [_const_int(v) for v in lbs]
    ub = [_const_int(v) for v in ubs]
    st = [_const_int(v) for v in steps]
    if any(v is None for v in lb + ub + st) or len(par.results):
        return
    sizes = [max(0, -(-(u - lo) // s)) for lo, u, s in zip(lb, ub, st)]
    total = math.prod(sizes)
    if total == 0:
        par.erase()
        return
    threads = THREADS if total >= THREADS else -(-total // 32) * 32
    blocks = -(-total // threads)
    old = par.regions[0].blocks[0]
    with ir.InsertionPoint(par), par.location:
        c0, c1 = _index(0), _index(1)
        cb, ct, ctotal = _index(blocks), _index(threads), _index(total)
        outer = scf.ParallelOp([], [c0], [cb], [c1], [])
        outer.attributes["mapping"] = _mapping("block_x")
        ob = outer.regions[0].blocks.append(ir.IndexType.get())
        with ir.InsertionPoint(ob):
            inner = scf.ParallelOp([], [c0], [ct], [c1], [])
            inner.attributes["mapping"] = _mapping("thread_x")
            ib = inner.regions[0].blocks.append(ir.IndexType.get())
            with ir.InsertionPoint(ib):
                linear = arith.addi(arith.muli(ob.arguments[0], ct), ib.arguments[0])
                if total % threads:
                    ok = arith.cmpi(arith.CmpIPredicate.ult, linear, ctotal)
                    branch = scf.IfOp(ok)
                    with ir.InsertionPoint(branch.then_block):
                        anchor = scf.YieldOp([])
                else:
                    anchor = None
                scf.ReduceOp([], 0)
            if anchor is None:
                anchor = ib.operations[len(ib.operations) - 1]
            with ir.InsertionPoint(anchor):
                idx = _delinearize(linear, sizes)
                ivs = []
                for d in range(n):
                    v = idx[d]
                    if st[d] != 1:
                        v = arith.muli(v, _index(st[d]))
                    if lb[d] != 0:
                        v = arith.addi(v, _index(lb[d]))
                    ivs.append(v)
            for d in range(n):
                old.arguments[d].replace_all_uses_with(ivs[d])
            for op in _ops(old)[:-1]:
                op.operation.move_before(anchor.operation if hasattr(anchor, "operation") else anchor)
            scf.ReduceOp([], 0)
    par.erase()


def gpu_map_parallel_pass(module_op, pass_) -> None:
    """The `gpu-map-parallel-loops-flat` pass."""
    with module_op.context, module_op.location:
        for fn in list(_public_functions(module_op)):
            for op in _host_ops(fn, skip=("gpu.launch", "scf.parallel")):
                if op.name == "scf.parallel" and "mapping" not in op.attributes:
                    _map_parallel(op)


# --------------------------------------------------------- host-side memory

_MEMORY_OPS = {
    "memref.load",
    "memref.store",
    "memref.atomic_rmw",
    "memref.generic_atomic_rmw",
    "affine.load",
    "affine.store",
    "memref.copy",
    "vector.load",
    "vector.store",
    "vector.transfer_read",
    "vector.transfer_write",
}
_VIEW_OPS = {
    "memref.subview",
    "memref.cast",
    "memref.reinterpret_cast",
    "memref.collapse_shape",
    "memref.expand_shape",
    "memref.view",
    "memref.transpose",
}


def _root_is_host(value) -> bool:
    """Whether `value` is (a view of) host memory: an alloca."""
    while True:
        owner = value.owner
        if isinstance(owner, ir.Block):
            return False
        op = owner.operation
        if op.name in ("memref.alloca", "memref.alloca_scope"):
            return True
        if op.name in _VIEW_OPS:
            value = op.operands[0]
            continue
        return False


def _classify(op) -> str:
    """'host' (no device memory), 'device' (touches device memory, no GPU ops inside) or 'mixed'."""
    name = op.name
    if name.startswith("gpu."):
        return "mixed"
    if name in _MEMORY_OPS:
        mems = [v for v in op.operands if isinstance(v.type, ir.MemRefType)]
        return "host" if mems and all(_root_is_host(v) for v in mems) else "device"
    if name.startswith("linalg."):
        return "device"
    kinds = set()
    for region in op.regions:
        for block in region.blocks:
            for child in block.operations:
                kinds.add(_classify(child.operation))
    if "mixed" in kinds:
        return "mixed"
    if "device" in kinds:
        return "device"
    return "host"


def _is_scalar(op) -> bool:
    """Pure arithmetic on scalars (no memory, no regions)."""
    if op.regions and len(op.regions) or op.name.split(".")[0] not in ("arith", "math", "index", "affine"):
        return False
    if op.name in _MEMORY_OPS:
        return False
    return not any(isinstance(v.type, ir.MemRefType) for v in list(op.operands) + list(op.results))


def _escaping(group) -> bool:
    members = set()
    for op in group:
        members.add(op)
    inside = set()
    for op in group:
        for o in [op] + _host_ops(op, skip=()):
            inside.add(o)
    for op in group:
        for r in op.results:
            for use in r.uses:
                if use.owner.operation not in inside:
                    return True
    return False


def _load_to_host(op) -> None:
    """`%v = memref.load %dev[i..]` used by the host: copy that element into host memory first."""
    src = op.operands[0]
    idx = list(op.operands[1:])
    t = ir.MemRefType(src.type)
    rank = len(t.shape)
    with ir.InsertionPoint(op), op.location:
        host = memref.alloca(ir.MemRefType.get([1] * rank, t.element_type), [], [])
        if rank:
            view = memref.subview(src, idx, [], [], static_offsets=[ir.ShapedType.get_dynamic_size()] * rank,
                                  static_sizes=[1] * rank, static_strides=[1] * rank)
        else:
            view = src
        gpu.MemcpyOp(None, [], host, view)
        zero = [_index(0)] * rank
        val = memref.load(host, zero)
    op.results[0].replace_all_uses_with(val)
    op.erase()


def _wrap_single_thread(group) -> None:
    first = group[0]
    with ir.InsertionPoint(first), first.location:
        c1 = _index(1)
        launch = gpu.LaunchOp((c1, c1, c1), (c1, c1, c1))
        launch.attributes[KIND_ATTR] = ir.StringAttr.get("serial")
        with ir.InsertionPoint(launch.regions[0].blocks[0]):
            term = gpu.TerminatorOp()
    for op in group:
        op.move_before(term.operation)


def _place_block(block) -> None:
    group = []

    def flush():
        if not group:
            return
        if _escaping(group):
            for op in group:
                if _is_scalar(op):
                    continue  # stays on the host, with the values it needs copied there
                if op.name == "memref.load" and not _escaping([op]):
                    _wrap_single_thread([op])
                elif op.name == "memref.load":
                    _load_to_host(op)
                elif _escaping([op]):
                    raise RuntimeError(
                        f"descend GPU: the host needs a value computed by '{op.name}' from device memory; "
                        "this is not supported yet"
                    )
                else:
                    _wrap_single_thread([op])
        else:
            _wrap_single_thread(list(group))
        group.clear()

    def close():
        while group and _is_scalar(group[-1]):
            group.pop()
        flush()

    for op in _ops(block):
        op = op.operation
        kind = _classify(op)
        if kind == "device":
            group.append(op)
            continue
        if group and _is_scalar(op):  # arithmetic between device ops runs in the same kernel
            group.append(op)
            continue
        close()
        if kind == "mixed" and op.name != "gpu.launch":
            for region in op.regions:
                for b in region.blocks:
                    _place_block(b)
    close()


def _alloc_to_gpu(op) -> None:
    t = op.results[0].type
    with ir.InsertionPoint(op), op.location:
        new = gpu.AllocOp(t, None, [], list(op.operands), [])
    op.results[0].replace_all_uses_with(new.results[0])
    op.erase()


def _dealloc_to_gpu(op) -> None:
    with ir.InsertionPoint(op), op.location:
        gpu.DeallocOp(None, [], op.operands[0])
    op.erase()


def _sink_globals(launch) -> None:
    body = launch.regions[0].blocks[0]
    inner = _host_ops(launch, skip=())
    inner_set = set(inner)
    clones = {}
    for op in inner:
        for v in list(op.operands):
            owner = v.owner
            if isinstance(owner, ir.Block):
                continue
            src = owner.operation
            if src.name != "memref.get_global" or src in inner_set:
                continue
            if src not in clones:
                with ir.InsertionPoint.at_block_begin(body):
                    clones[src] = src.clone()
            op.replace_uses_of_with(v, clones[src].results[0])


def gpu_host_memory_pass(module_op, pass_) -> None:
    """The `gpu-host-memory` pass."""
    with module_op.context, module_op.location:
        for fn in list(_public_functions(module_op)):
            for op in _host_ops(fn):
                if _has_ancestor(op, ("gpu.launch",)):
                    continue
                if op.name == "memref.alloc":
                    _alloc_to_gpu(op)
                elif op.name == "memref.dealloc":
                    _dealloc_to_gpu(op)
            _place_block(fn.regions[0].blocks[0])
            fn_name = ir.StringAttr(fn.attributes["sym_name"]).value
            launches = [op for op in _host_ops(fn) if op.name == "gpu.launch"]
            for i, op in enumerate(launches):
                _sink_globals(op)
                kind = ir.StringAttr(op.attributes[KIND_ATTR]).value if KIND_ATTR in op.attributes else "loop"
                if KIND_ATTR in op.attributes:
                    del op.attributes[KIND_ATTR]
                name = ir.FlatSymbolRefAttr.get(f"{fn_name}_{kind}{i}")
                op.attributes["module"] = name
                op.attributes["function"] = name
