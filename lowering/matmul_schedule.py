"""`matmul-schedule`: float contractions as packed, register-tiled, vectorized kernels.

In: a module after bufferization (the end of the `buffers` stage). Every
`linalg.generic` on memrefs that is a float contraction

    C[b.., m, n] += A[..] * B[..]        (body: mulf of the two inputs, addf into the output)

with one reduction dimension k, one or more "row" dimensions m (in A and C;
several are one flat row index, e.g. x of shape (batch, seq, d) @ W), one
"column" dimension n (in B and C, the last index of C, contiguous), any number
of batch dimensions (in all three), in any order inside A and B (so `x @ W`,
`x.T @ ct`, `ct @ W.T` and batched `dot_general`s all match), f32 or f64, with
static shapes and enough work (`MIN_WORK` multiply-adds, at least `MIN_ROWS`
rows, 2 columns and `MIN_DEPTH` steps of k).

Out: the generic is replaced by a call of a private function
`@__descend_matmul_<i>(A, B, C, overwrite, bias, epilogue)` on the operands viewed in a canonical
index order (`memref.transpose` where needed, see `canonical`) and cast to dynamic
shapes and strides (`memref<?x?xf32, strided<[?, 1], offset: ?>>`; A's strides all
dynamic: it is read by scalar loads): one kernel per element type, B's layout (unit
last stride or not, [k, n] or [n, k]) and dimension roles, whatever the sizes, which
it reads at run time, and whatever A's layout (fewer functions for LLVM to compile).
It computes the same `C += A @ B` BLIS-style:

  * work items (batch x column blocks x row chunks) in an `scf.parallel`
    (OpenMP on several threads, see `convert-scf-to-openmp` in pipeline.py);
  * per work item and per block of `KC` steps of k: B's block is packed into a
    buffer [NC/NR][KC][NR] (zero-padded past n's end, transposed B packed the
    same way), so the micro-kernel reads it contiguously;
  * a micro-kernel keeps an MR x NR tile of C in MR*NV vector registers
    (vector.fma of a broadcast element of A and a vector of packed B per k
    step); A is read in place (broadcast loads; rows past m's end are clamped
    and their results dropped);
  * C tiles are added with masked vector loads/stores (edges of n); when a
    `linalg.fill` of +0.0 into C comes right before the generic, the fill is
    dropped and the first k block's tiles are stored without reading C;
  * epilogues: a bias add and/or relu right after the contraction
    (matmul_epilogue.py) are applied to the last k block's tiles as they are stored
    (the kernel's `bias` and `epilogue` arguments; a call without one passes a
    1-element constant and 0) and that elementwise generic is erased.

Being a separate function keeps its scf loops away from the affine passes of
the `loops` stage (which skip functions with scf control flow); in the pipeline
(`defer=1`) the kernels are only declared until the end of that stage
(`matmul-kernel-bodies`, see "deferred bodies" below), so its passes do not even walk them.
Generics that do not match are left alone (the old affine path).
DESCEND_MATMUL_SCHEDULE=0 switches the pass off in the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlir import ir

from . import matmul_epilogue
from .host import env_flag, simd_bytes
from .ir_walk import ops_named

# Register tile and cache blocks, per element type: (lanes, MR, NV, KC, MC, NC).
# MR rows x NV vectors of C live in registers (AVX-512: 32 zmm); B's KC x NR
# micro-panel stays in L1, its KC x NC block and A's MC x KC block in L2.
TILES = {
    "f32": (16, 6, 4, 128, 192, 512),
    "f64": (8, 6, 4, 128, 192, 256),
}
# Pack A's MC x KC blocks into [MC/MR][KC][MR] (contiguous broadcasts; no cache-set
# aliasing of rows at power-of-two strides) instead of reading A in place. Measured on
# one Zen 5 core: no faster at 256..2048 (both within 5% of OpenBLAS), so off.
PACK_A = False
# The kernel's epilogue (its last argument, bits): C = C + bias[n] and/or max(C, 0), applied
# to the tiles of the last k block as they are stored, instead of another pass over C.
# (matmul_epilogue.py finds them; DESCEND_MATMUL_EPILOGUES=0: never fused)
EPILOGUE_BIAS = matmul_epilogue.EPILOGUE_BIAS
EPILOGUE_RELU = matmul_epilogue.EPILOGUE_RELU

# A's strides all run-time values and its indices in a canonical order (see canonical()):
# one kernel for `x @ W` and `x.T @ g` (fewer kernels to compile).
SHARED_A_LAYOUTS = True
# The micro-kernel reads A through a flat 1-D view of its buffer, at row offsets computed
# once per micro-tile plus k * stride(k) carried in the k loop (one add per k step, not an
# index multiply).
A_FLAT = True
# Contractions with fewer multiply-adds, rows or steps of k keep the generic (affine)
# path (measured: there the kernel's fixed costs outweigh its speed).
MIN_WORK = 4096
MIN_ROWS = 4
MIN_DEPTH = 8
# Kernels of contractions with fewer multiply-adds run on one thread (waking the
# OpenMP threads costs ~15 us).
PAR_MIN_WORK = 1 << 20


@dataclass
class Contraction:
    op: object
    elt: str
    batch: list  # (dim, size)
    ms: list  # the row dimensions (A's and C's, not B's), in C's order
    n: int
    k: int
    sizes: dict  # dim -> size
    a_dims: list  # A's map results (dims), in A's index order
    b_dims: list
    c_dims: list
    a_is_in0: bool


def _dims(amap):
    out = []
    for e in amap.results:
        if not isinstance(e, ir.AffineDimExpr):
            return None
        out.append(ir.AffineDimExpr(e).position)
    return out if len(set(out)) == len(out) else None


def _unit_last_stride(t) -> bool:
    mt = ir.MemRefType(t)
    if mt.rank == 0:
        return False
    try:
        strides, _ = mt.get_strides_and_offset()
    except Exception:  # noqa: BLE001 - non-strided layout
        return False
    return strides[-1] == 1


def _body_is_mul_add(op) -> bool:
    block = op.regions[0].blocks[0]
    ops = list(block.operations)
    if len(ops) != 3:
        return False
    mul, add, yld = ops
    args = list(block.arguments)
    if mul.name != "arith.mulf" or add.name != "arith.addf" or yld.name != "linalg.yield":
        return False
    if {mul.operands[0], mul.operands[1]} != {args[0], args[1]} or mul.operands[0] == mul.operands[1]:
        return False
    if {add.operands[0], add.operands[1]} != {args[2], mul.results[0]}:
        return False
    return yld.operands[0] == add.results[0]


def match(op):
    """The Contraction `op` (a linalg.generic on memrefs) computes, or None."""
    if op.name != "linalg.generic" or len(op.operands) != 3 or len(op.results):
        return None
    if not all(isinstance(v.type, ir.MemRefType) for v in op.operands):
        return None
    types = [ir.MemRefType(v.type) for v in op.operands]
    elt = str(types[0].element_type)
    if elt not in TILES or any(str(t.element_type) != elt for t in types):
        return None
    if any(not t.has_static_shape for t in types):
        return None
    maps = [ir.AffineMapAttr(a).value for a in ir.ArrayAttr(op.attributes["indexing_maps"])]
    dims = [_dims(m) for m in maps]
    if any(d is None for d in dims) or maps[0].n_symbols:
        return None
    iters = ["reduction" in str(it) for it in ir.ArrayAttr(op.attributes["iterator_types"])]
    red = [d for d, r in enumerate(iters) if r]
    if len(red) != 1 or not _body_is_mul_add(op):
        return None
    k = red[0]
    c_dims = dims[2]
    if k in c_dims or len(c_dims) != len(iters) - 1 or not c_dims:
        return None
    n = c_dims[-1]
    if not _unit_last_stride(op.operands[2].type):
        return None
    if n in dims[0] and n not in dims[1]:
        ia, ib = 1, 0
    elif n in dims[1] and n not in dims[0]:
        ia, ib = 0, 1
    else:
        return None
    a_dims, b_dims = dims[ia], dims[ib]
    rows = [d for d in c_dims if d != n and d not in b_dims]
    batch = [d for d in c_dims if d != n and d in b_dims]
    if not rows or k not in a_dims or k not in b_dims:
        return None
    if set(a_dims) != set(batch) | set(rows) | {k} or set(b_dims) != set(batch) | {n, k}:
        return None
    if not all(d in a_dims for d in batch):
        return None
    sizes = {}
    for opnd_dims, t in zip(dims, types):
        for d, s in zip(opnd_dims, t.shape):
            sizes[d] = s
    m_size = 1
    for d in rows:
        m_size *= sizes[d]
    if any(sizes[d] == 0 for d in batch):
        return None
    if m_size < MIN_ROWS or sizes[n] < 2 or sizes[k] < MIN_DEPTH or m_size * sizes[n] * sizes[k] < MIN_WORK:
        return None
    return Contraction(op, elt, [(d, sizes[d]) for d in batch], rows, n, k, sizes, a_dims, b_dims, c_dims, ia == 0)


class _Emitter:
    """Builds the text of one kernel function (SSA names are generated)."""

    def __init__(self):
        self.lines: list[str] = []
        self.n = 0
        self.indent = 2
        self.consts: dict = {}

    def name(self, hint="v"):
        self.n += 1
        return f"%{hint}{self.n}"

    def emit(self, text):
        self.lines.append("  " * self.indent + text)

    def op(self, text, hint="v"):
        v = self.name(hint)
        self.emit(f"{v} = {text}")
        return v

    def ar(self, opname, a, b):
        """An index arith op; int operands become constants."""
        a = self.idx(a) if isinstance(a, int) else a
        b = self.idx(b) if isinstance(b, int) else b
        return self.op(f"arith.{opname} {a}, {b} : index", "i")

    def idx(self, value: int):
        if value not in self.consts:
            self.consts[value] = f"%c{value}".replace("-", "m")
        return self.consts[value]


def tiles(elt: str, n: int | None = None) -> tuple:
    """(lanes, MR, NV, KC, MC, NC) for element type `elt` on this host: `TILES` with
    AVX-512; with narrower vectors (16 registers) lanes follow the host and NV is 2.
    For a contraction with only `n` columns, no more vectors per row than n needs."""
    lanes, MR, NV, KC, MC, NC = TILES[elt]
    width = simd_bytes() // (4 if elt == "f32" else 8)
    if width < lanes:
        lanes, NV = max(width, 2), 2
        MR = min(MR, 6)
    if n is not None:
        NV = max(1, min(NV, -(-n // lanes)))
    return lanes, MR, NV, KC, MC, NC


def plan(c: Contraction, threads: int) -> dict:
    """How `c` splits into work items (the same arithmetic the kernel does at run time):
    {"nwork": work items, "par": whether they run in an scf.parallel}."""
    lanes, MR, NV, KC, MC, NC = tiles(c.elt, c.sizes[c.n])
    NR = lanes * NV
    M, N = 1, c.sizes[c.n]
    for d in c.ms:
        M *= c.sizes[d]
    nbatch = 1
    for _, s in c.batch:
        nbatch *= s
    # column blocks of at most NC; without a batch, as many as a multiple of the threads
    # (balanced) when n is wide enough
    njc = -(-N // NC)
    if nbatch == 1 and N >= threads * NR:
        njc = -(-njc // threads) * threads
    per_block = -(-N // njc)
    nc = -(-per_block // NR) * NR
    njc = -(-N // nc)
    mtiles = -(-M // MR)
    nic = 1 if nbatch * njc >= threads else min(mtiles, -(-threads // (nbatch * njc)))
    mchunk = -(-mtiles // nic) * MR
    nwork = nbatch * njc * -(-M // mchunk)
    work = M * N * c.sizes[c.k] * nbatch
    return {"nwork": nwork, "par": threads > 1 and nwork > 1 and work >= PAR_MIN_WORK}


def bias_type(elt: str) -> str:
    """The kernel's bias argument type: a vector over n, any stride and offset."""
    return f"memref<?x{elt}, strided<[?], offset: ?>>"


def generic_type(type_text: str, dynamic_strides: bool = False) -> str:
    """`memref<AxBxT...>` -> `memref<?x?xT, strided<[?, 1], offset: ?>>`: the kernel's
    argument type (any sizes, strides and offset; a unit last stride stays static unless
    `dynamic_strides`)."""
    mt = ir.MemRefType(ir.Type.parse(type_text))
    last = "1" if _unit_last_stride(mt) and not dynamic_strides else "?"
    strides = ", ".join(["?"] * (mt.rank - 1) + [last])
    return f"memref<{'x'.join(['?'] * mt.rank)}x{mt.element_type}, strided<[{strides}], offset: ?>>"


def kernel_text(c: Contraction, fname: str, types: list[str], threads: int, par: bool = True,
                tile: tuple | None = None) -> str:
    """The MLIR text of `func.func private @fname(A, B, C, overwrite: i1)` computing
    C += A @ B (C = A @ B when `overwrite`: C's initial contents are never read) for
    contractions shaped like `c` (the dimension roles and layouts of `c`; sizes are read
    at run time, `types` are the generic argument types). `par`: work items in an
    scf.parallel. `tile`: (lanes, MR, NV, KC, MC, NC), by default `tiles()` for `c`."""
    lanes, MR, NV, KC, MC, NC = tile if tile is not None else tiles(c.elt, c.sizes[c.n])
    T = c.elt
    NR = lanes * NV
    e = _Emitter()
    vt = f"vector<{lanes}x{T}>"
    mt = f"vector<{lanes}xi1>"
    zero_s = "0.0"
    a_ty, b_ty, c_ty = types
    bias_ty = bias_type(T)
    e.emit(f"%zv = arith.constant dense<{zero_s}> : {vt}")
    # epilogue flags (EPILOGUE_BIAS, EPILOGUE_RELU), applied in the last k block only
    for flag, bit in (("%hasbias", EPILOGUE_BIAS), ("%hasrelu", EPILOGUE_RELU)):
        bits = e.op(f"arith.andi %epilogue, {e.op(f'arith.constant {bit} : i32', 'bit')} : i32", "bits")
        e.emit(f"{flag} = arith.cmpi ne, {bits}, {e.op('arith.constant 0 : i32', 'z32')} : i32")

    def dim(operand, dims, d):
        ty = {"%A": a_ty, "%B": b_ty, "%C": c_ty}[operand]
        return e.op(f"memref.dim {operand}, {e.idx(dims.index(d))} : {ty}", "dim")

    msizes = [dim("%C", c.c_dims, d) for d in c.ms]
    M = msizes[0]
    for size in msizes[1:]:
        M = e.ar("muli", M, size)
    N, K = dim("%C", c.c_dims, c.n), dim("%A", c.a_dims, c.k)
    bsizes = {d: dim("%C", c.c_dims, d) for d, _ in c.batch}
    nbatch = e.idx(1)
    for d, _ in c.batch:
        nbatch = e.ar("muli", nbatch, bsizes[d])
    # column blocks (the arithmetic of plan(), at run time)
    njc0 = e.ar("ceildivui", N, NC)
    single = e.op(f"arith.cmpi eq, {nbatch}, {e.idx(1)} : index", "single")
    wide = e.op(f"arith.cmpi uge, {N}, {e.idx(threads * NR)} : index", "wide")
    split = e.op(f"arith.andi {single}, {wide} : i1", "split")
    njc_t = e.ar("muli", e.ar("ceildivui", njc0, threads), threads)
    njc_t = e.op(f"arith.select {split}, {njc_t}, {njc0} : index", "njct")
    nc = e.ar("muli", e.ar("ceildivui", e.ar("ceildivui", N, njc_t), NR), NR)
    njc = e.ar("ceildivui", N, nc)
    mtiles = e.ar("ceildivui", M, MR)
    bj = e.ar("muli", nbatch, njc)
    nic_few = e.ar("minui", mtiles, e.ar("ceildivui", e.idx(threads), e.ar("maxui", bj, 1)))
    enough = e.op(f"arith.cmpi uge, {bj}, {e.idx(threads)} : index", "enough")
    nic = e.op(f"arith.select {enough}, {e.idx(1)}, {nic_few} : index", "nic")
    mchunk = e.ar("muli", e.ar("ceildivui", mtiles, nic), MR)
    nic = e.ar("ceildivui", M, mchunk)
    nwork = e.ar("muli", bj, nic)
    jn = e.ar("muli", njc, nic)
    Mlast = e.ar("subi", M, 1)
    Nlast = e.ar("subi", N, 1)
    kc = KC
    mc = MC // MR * MR
    bp_ty = f"memref<{NC // NR}x{kc}x{NR}x{T}>"
    if A_FLAT and not PACK_A:  # A as a flat 1-D view of its buffer, and its strides
        rank = len(c.a_dims)
        e.emit(f"%ameta:{2 + 2 * rank} = memref.extract_strided_metadata %A : {a_ty} -> memref<{T}>, "
               f"{', '.join(['index'] * (1 + 2 * rank))}")
        a_stride = [f"%ameta#{2 + rank + pos}" for pos in range(rank)]
        extent = "%ameta#1"
        for pos in range(rank):
            extent = e.ar("addi", extent, e.ar("muli", e.ar("subi", f"%ameta#{2 + pos}", 1), a_stride[pos]))
        extent = e.ar("addi", extent, 1)
        e.emit(f"%aflat = memref.reinterpret_cast %ameta#0 to offset: [0], sizes: [{extent}], strides: [1] : "
               f"memref<{T}> to memref<?x{T}>")
    if par:
        e.emit(f"scf.parallel (%w) = ({e.idx(0)}) to ({nwork}) step ({e.idx(1)}) {{")
    else:
        e.emit(f"scf.for %w = {e.idx(0)} to {nwork} step {e.idx(1)} {{")
    e.indent += 1
    # w -> (batch linear index, column block, row chunk)
    bi = e.ar("divui", "%w", jn)
    jb = e.ar("divui", e.ar("remui", "%w", jn), nic)
    ib = e.ar("remui", "%w", nic)
    bidx = {}
    stride = nbatch
    for d, _ in c.batch:
        stride = e.ar("divui", stride, bsizes[d])
        bidx[d] = e.ar("remui", e.ar("divui", bi, stride), bsizes[d])
    jc = e.ar("muli", jb, nc)
    njr = e.ar("minui", e.ar("ceildivui", e.ar("subi", N, jc), NR), e.ar("divui", nc, NR))
    m0 = e.ar("muli", ib, mchunk)
    m1 = e.ar("minui", e.ar("addi", m0, mchunk), M)
    bp = e.op(f"memref.alloc() {{alignment = 64 : i64}} : {bp_ty}", "bp")
    ap_ty = f"memref<{mc // MR}x{kc}x{MR}x{T}>"
    if PACK_A:
        ap = e.op(f"memref.alloc() {{alignment = 64 : i64}} : {ap_ty}", "ap")

    def index_list(dims, row, col, kk):
        out = []
        for d in dims:
            if d == c.k:
                out.append(kk)
            elif d in c.ms:
                out.append(row[d])
            elif d == c.n:
                out.append(col)
            else:
                out.append(bidx[d])
        return ", ".join(out)

    def row_parts(row):
        # the flat row index `row` as indices of the row dimensions (C's order)
        if len(c.ms) == 1:
            return {c.ms[0]: row}
        parts, stride = {}, row
        for d, size in reversed(list(zip(c.ms, msizes))):
            parts[d] = e.ar("remui", stride, size)
            stride = e.ar("divui", stride, size)
        return parts

    def mask(col):
        # lanes of the vector starting at column `col` that are inside n's extent
        cnt = e.ar("maxsi", e.ar("subi", N, col), 0)
        return e.op(f"vector.create_mask {cnt} : {mt}", "mask")

    e.emit(f"scf.for %pc = {e.idx(0)} to {K} step {e.idx(kc)} {{")
    e.indent += 1
    kcv = e.ar("minsi", e.ar("subi", K, "%pc"), kc)
    e.emit(f"%pc0 = arith.cmpi eq, %pc, {e.idx(0)} : index")
    e.emit("%first = arith.andi %pc0, %overwrite : i1")
    last = e.op(f"arith.cmpi sge, {e.ar('addi', '%pc', kc)}, {K} : index", "last")
    e.emit(f"%dobias = arith.andi {last}, %hasbias : i1")
    e.emit(f"%dorelu = arith.andi {last}, %hasrelu : i1")
    # ---- pack B[pc:pc+kcv, jc:jc+nc] into bp[jr][k][0:NR] (zero past n's end)
    b_contig = c.b_dims[-1] == c.n and _unit_last_stride_str(b_ty)
    e.emit(f"scf.for %pj = {e.idx(0)} to {njr} step {e.idx(1)} {{")
    e.indent += 1
    if b_contig:
        e.emit(f"scf.for %pk = {e.idx(0)} to {kcv} step {e.idx(1)} {{")
        e.indent += 1
        kk = e.op("arith.addi %pc, %pk : index", "kk")
        for j in range(NV):
            col = e.ar("addi", e.ar("addi", jc, e.ar("muli", "%pj", NR)), j * lanes)
            mk = mask(col)
            v = e.op(f"vector.maskedload %B[{index_list(c.b_dims, None, col, kk)}], {mk}, %zv : {b_ty}, {mt}, {vt} into {vt}", "bv")
            e.emit(f"vector.store {v}, {bp}[%pj, %pk, {e.idx(j * lanes)}] : {bp_ty}, {vt}")
        e.indent -= 1
        e.emit("}")
    else:
        e.emit(f"scf.for %pn = {e.idx(0)} to {e.idx(NR)} step {e.idx(1)} {{")
        e.indent += 1
        col = e.ar("addi", e.ar("addi", jc, e.ar("muli", "%pj", NR)), "%pn")
        inside = e.op(f"arith.cmpi slt, {col}, {N} : index", "in")
        colc = e.op(f"arith.minsi {col}, {Nlast} : index", "colc")
        e.emit(f"scf.for %pk = {e.idx(0)} to {kcv} step {e.idx(1)} {{")
        e.indent += 1
        kk = e.op("arith.addi %pc, %pk : index", "kk")
        s = e.op(f"memref.load %B[{index_list(c.b_dims, None, colc, kk)}] : {b_ty}", "bs")
        s = e.op(f"arith.select {inside}, {s}, %zs : {T}", "bs")
        e.emit(f"memref.store {s}, {bp}[%pj, %pk, %pn] : {bp_ty}")
        e.indent -= 1
        e.emit("}")
        e.indent -= 1
        e.emit("}")
    e.indent -= 1
    e.emit("}")
    # ---- row blocks, column micro-panels, row micro-tiles
    e.emit(f"scf.for %ic = {m0} to {m1} step {e.idx(mc)} {{")
    e.indent += 1
    mce = e.ar("minsi", e.ar("addi", "%ic", mc), m1)
    if PACK_A:
        # ---- pack A[ic:mce, pc:pc+kcv] into ap[row tile][k][0:MR] (rows past mce: never stored)
        a_m_inner = c.a_dims[-1] in c.ms
        outer, inner = ("%qk", "%qr") if a_m_inner else ("%qr", "%qk")
        bounds = {"%qk": (e.idx(0), kcv), "%qr": ("%ic", mce)}
        for v in (outer, inner):
            e.emit(f"scf.for {v} = {bounds[v][0]} to {bounds[v][1]} step {e.idx(1)} {{")
            e.indent += 1
        local = e.ar("subi", "%qr", "%ic")
        kk = e.op("arith.addi %pc, %qk : index", "kk")
        s = e.op(f"memref.load %A[{index_list(c.a_dims, row_parts('%qr'), None, kk)}] : {a_ty}", "as")
        e.emit(f"memref.store {s}, {ap}[{e.ar('divui', local, MR)}, %qk, {e.ar('remui', local, MR)}] : {ap_ty}")
        for _ in range(2):
            e.indent -= 1
            e.emit("}")
    loops = [f"scf.for %jr = {e.idx(0)} to {njr} step {e.idx(1)} {{", f"scf.for %ir = %ic to {mce} step {e.idx(MR)} {{"]
    e.emit(loops[0])
    e.indent += 1
    e.emit(loops[1])
    e.indent += 1
    rows = []
    for i in range(MR):
        r = e.ar("minsi", e.ar("addi", "%ir", i), Mlast)
        rows.append(row_parts(r))
    flat = A_FLAT and not PACK_A
    if flat:  # A's element (row i, k) at flat offset rowoff[i] + k * stride(k)
        rowoff = []
        for i in range(MR):
            off = "%ameta#1"
            for pos, d in enumerate(c.a_dims):
                if d != c.k:
                    off = e.ar("addi", off, e.ar("muli", rows[i][d] if d in c.ms else bidx[d], a_stride[pos]))
            rowoff.append(off)
        k_stride = a_stride[c.a_dims.index(c.k)]
        ka0 = e.ar("muli", "%pc", k_stride)
    accs = [[f"%acc_{i}_{j}" for j in range(NV)] for i in range(MR)]
    inits = ", ".join(f"{accs[i][j]} = %zv" for i in range(MR) for j in range(NV))
    types_ = [vt] * (MR * NV)
    if flat:
        inits += f", %ka = {ka0}"
        types_.append("index")
    res = e.name("res")
    e.emit(
        f"{res}:{len(types_)} = scf.for %k = {e.idx(0)} to {kcv} step {e.idx(1)} iter_args({inits}) -> ({', '.join(types_)}) {{"
    )
    e.indent += 1
    kk = e.op("arith.addi %pc, %k : index", "kk")
    bvs = [e.op(f"vector.load {bp}[%jr, %k, {e.idx(j * lanes)}] : {bp_ty}, {vt}", "b") for j in range(NV)]
    new = []
    if PACK_A:
        ap_tile = e.ar("divui", e.ar("subi", "%ir", "%ic"), MR)
    for i in range(MR):
        if PACK_A:
            a = e.op(f"memref.load {ap}[{ap_tile}, %k, {e.idx(i)}] : {ap_ty}", "a")
        elif flat:
            a = e.op(f"memref.load %aflat[{e.ar('addi', rowoff[i], '%ka')}] : memref<?x{T}>", "a")
        else:
            a = e.op(f"memref.load %A[{index_list(c.a_dims, rows[i], None, kk)}] : {a_ty}", "a")
        ab = e.op(f"vector.broadcast {a} : {T} to {vt}", "ab")
        for j in range(NV):
            new.append(e.op(f"vector.fma {ab}, {bvs[j]}, {accs[i][j]} : {vt}", "f"))
    if flat:
        new.append(e.ar("addi", "%ka", k_stride))
    e.emit(f"scf.yield {', '.join(new)} : {', '.join(types_)}")
    e.indent -= 1
    e.emit("}")
    # ---- C[rows, cols] += tile (rows past m's end dropped, columns masked)
    cols = []
    masks = []
    for j in range(NV):
        col = e.ar("addi", e.ar("addi", jc, e.ar("muli", "%jr", NR)), j * lanes)
        cols.append(col)
        masks.append(mask(col))
    # branch-free: rows past m's end get an all-false mask (no memory access; their
    # addresses use the clamped row); with %overwrite, the first k block loads nothing
    # (C's dropped zero fill) and the tile is stored as is
    nomask = e.op(f"arith.constant dense<false> : {mt}", "nomask")
    lmasks = [e.op(f"arith.select %first, {nomask}, {m} : {mt}", "lmask") for m in masks]
    # the bias row's vectors (read only when the epilogue adds it: else no memory access)
    bias = [e.op(f"vector.maskedload %bias[{cols[j]}], {e.op(f'arith.select %dobias, {masks[j]}, {nomask} : {mt}', 'bm')}, "
                 f"%zv : {bias_ty}, {mt}, {vt} into {vt}", "bv") for j in range(NV)]
    for i in range(MR):
        ok = e.op(f"arith.cmpi slt, {e.ar('addi', '%ir', i)}, {M} : index", "ok")
        for j in range(NV):
            at = index_list(c.c_dims, rows[i], cols[j], None)
            sm = e.op(f"arith.select {ok}, {masks[j]}, {nomask} : {mt}", "sm")
            lm = e.op(f"arith.select {ok}, {lmasks[j]}, {nomask} : {mt}", "lm")
            old = e.op(f"vector.maskedload %C[{at}], {lm}, %zv : {c_ty}, {mt}, {vt} into {vt}", "co")
            s = e.op(f"arith.addf {old}, {res}#{i * NV + j} : {vt}", "cs")
            s = e.op(f"arith.select %dobias, {e.op(f'arith.addf {s}, {bias[j]} : {vt}', 'cb')}, {s} : {vt}", "cs")
            s = e.op(f"arith.select %dorelu, {e.op(f'arith.maximumf {s}, %zv : {vt}', 'cr')}, {s} : {vt}", "cs")
            e.emit(f"vector.maskedstore %C[{at}], {sm}, {s} : {c_ty}, {mt}, {vt}")
    e.indent -= 1
    e.emit("}")  # ir
    e.indent -= 1
    e.emit("}")  # jr
    e.indent -= 1
    e.emit("}")  # ic
    e.indent -= 1
    e.emit("}")  # pc
    e.emit(f"memref.dealloc {bp} : {bp_ty}")
    if PACK_A:
        e.emit(f"memref.dealloc {ap} : {ap_ty}")
    e.indent -= 1
    e.emit(f"{'scf.reduce' if par else 'scf.yield'}")
    e.emit("}")
    head = [f"func.func private @{fname}(%A: {a_ty}, %B: {b_ty}, %C: {c_ty}, %overwrite: i1, "
            f"%bias: {bias_ty}, %epilogue: i32) {{"]
    head += [f"    {name} = arith.constant {v} : index" for v, name in sorted(e.consts.items())]
    head += [f"    %zs = arith.constant {zero_s} : {T}"]
    return "\n".join(head + e.lines + ["    return", "}"])


def _unit_last_stride_str(type_text: str) -> bool:
    return _unit_last_stride(ir.Type.parse(type_text))


def matmul_schedule_pass(module_op, pass_, threads: int = 1, defer: bool = False) -> None:
    """Replace matching contractions by calls of packed, vectorized kernels (see the module
    docstring). With `defer`, each kernel is a declaration carrying its parameters
    (`SPEC_ATTR`) and `matmul-kernel-bodies` makes its body later."""
    found = ops_named(module_op, "linalg.generic")
    fuse = env_flag("DESCEND_MATMUL_EPILOGUES")
    kernels: dict = {}
    body = module_op.regions[0].blocks[0]
    anchor = list(body.operations)[0] if found else None
    with module_op.context, ir.Location.unknown():
        erased: set = set()  # positions in `found` of consumers erased as fused epilogues
        for pos, op in enumerate(found):
            if pos in erased:
                continue
            c = match(op)
            if c is None:
                continue
            a, b = (op.operands[0], op.operands[1]) if c.a_is_in0 else (op.operands[1], op.operands[0])
            cc = op.operands[2]
            c, perms = canonical(c)
            fill = _zero_fill_before(op, cc)
            if fill is not None:  # every element of C is written: the fill is dead
                fill.erase()
            epi = matmul_epilogue.find(op, cc, overwrite=fill is not None) if fuse else None
            par = plan(c, threads)["par"]
            types = [generic_type(_transposed_type(v.type, perm), dynamic) for v, perm, dynamic in
                     zip((a, b, cc), perms, (SHARED_A_LAYOUTS, False, False))]
            tile = tiles(c.elt, c.sizes[c.n])
            key = (*types, *_roles(c), par, tile)
            if key not in kernels:
                fname = f"__descend_matmul_{len(kernels)}"
                while _symbol_exists(body, fname):
                    fname += "_"
                if defer:
                    text = _declaration_text(c, fname, types, threads, par, tile)
                else:
                    text = kernel_text(c, fname, types, threads, par=par)
                parsed = ir.Module.parse(text)
                fn = list(parsed.body.operations)[0]
                fn.operation.move_before(anchor)  # kernels in the order they were made
                kernels[key] = fname
            with ir.InsertionPoint(op), op.location:
                from mlir.dialects import arith, func, memref

                if epi is not None and epi.move is not None:  # the kernel writes D: D's alloc goes first
                    epi.move.move_before(op)
                out = epi.out if epi is not None else cc
                views = [_transposed(v, perm) for v, perm in zip((a, b, out), perms)]
                args = [memref.cast(ir.Type.parse(t), v) for t, v in zip(types, views)]
                args.append(arith.constant(ir.IntegerType.get_signless(1), int(fill is not None)))
                bias = epi.bias if epi is not None and epi.bias is not None else _no_bias(module_op, c.elt)
                args.append(memref.cast(ir.Type.parse(bias_type(c.elt)), bias))
                args.append(arith.constant(ir.IntegerType.get_signless(32), epi.flags if epi is not None else 0))
                func.CallOp([], ir.FlatSymbolRefAttr.get(kernels[key]), args)
            op.erase()
            if epi is not None:
                erased.update(j for j in range(pos + 1, len(found))
                              if j not in erased and found[j].operation == epi.consumer)
                epi.consumer.erase()


def _no_bias(module_op, elt: str):
    """A 1-element constant memref (`memref.get_global` at the insertion point) standing for
    the bias of a call without one (the kernel never reads it then)."""
    from mlir.dialects import memref

    name = f"__descend_no_bias_{elt}"
    body = module_op.regions[0].blocks[0]
    if not _symbol_exists(body, name):
        parsed = ir.Module.parse(f'memref.global "private" constant @{name} : memref<1x{elt}> = dense<0.0>')
        list(parsed.body.operations)[0].operation.move_before(list(body.operations)[0])
    return memref.get_global(ir.MemRefType.get([1], ir.Type.parse(elt)), name)


def canonical(c: Contraction) -> tuple:
    """`c` with its operands' indices in a canonical order, and for A, B and C the
    permutation (positions in the operand's index order) that views it so:

      A: batch dimensions (C's order), row dimensions (C's order), k
      B: batch dimensions (C's order), then k and n in B's order (B's packing depends on it)
      C: batch dimensions, row dimensions, n (n stays last, unit stride)

    A is read by scalar loads, so its strides can all be run-time values
    (`SHARED_A_LAYOUTS`): `x @ W` and `h.T @ g` then call one kernel. With
    SHARED_A_LAYOUTS off, A keeps its own order (one kernel per A layout)."""
    batch = [d for d, _ in c.batch]
    a_order = batch + list(c.ms) + [c.k] if SHARED_A_LAYOUTS else list(c.a_dims)
    b_order = batch + [d for d in c.b_dims if d not in batch]
    c_order = batch + list(c.ms) + [c.n]
    perms = [[dims.index(d) for d in order] for dims, order in
             ((c.a_dims, a_order), (c.b_dims, b_order), (c.c_dims, c_order))]
    canon = Contraction(c.op, c.elt, c.batch, c.ms, c.n, c.k, c.sizes, a_order, b_order, c_order, c.a_is_in0)
    return canon, perms


def _transposed_type(t, perm: list) -> str:
    """The text of memref type `t` with its dimensions permuted (`perm`: the source
    position of each result dimension), as `memref.transpose` makes it."""
    mt = ir.MemRefType(t)
    if perm == list(range(len(perm))):
        return str(mt)
    strides, offset = mt.get_strides_and_offset()
    layout = ir.StridedLayoutAttr.get(offset, [strides[p] for p in perm])
    return str(ir.MemRefType.get([mt.shape[p] for p in perm], mt.element_type, layout))


def _transposed(value, perm: list):
    """`value` (a memref) viewed with its dimensions permuted (`memref.transpose`; the
    value itself when `perm` is the identity)."""
    if perm == list(range(len(perm))):
        return value
    from mlir.dialects import memref

    amap = ir.AffineMap.get_permutation(perm)
    return memref.transpose(ir.Type.parse(_transposed_type(value.type, perm)), value, ir.AffineMapAttr.get(amap))


def _roles(c: Contraction) -> tuple:
    """The dimension roles ("m", "n", "k", "b0", ...) of A's, B's and C's indices: with the
    element type and layouts, all a kernel depends on."""
    names = {c.n: "n", c.k: "k", **{d: f"m{i}" for i, d in enumerate(c.ms)}, **{d: f"b{i}" for i, (d, _) in enumerate(c.batch)}}
    return tuple(" ".join(names[d] for d in dims) for dims in (c.a_dims, c.b_dims, c.c_dims))


def _zero_fill_before(op, out):
    """The `linalg.fill` of +0.0 into `out` right before `op` (in its block), or None."""
    ops = [o.operation for o in op.operation.block.operations]
    i = ops.index(op.operation)
    prev = ops[i - 1] if i else None
    if prev is None or prev.name != "linalg.fill" or len(prev.operands) != 2 or prev.operands[1] != out:
        return None
    return prev if matmul_epilogue.is_positive_zero(prev.operands[0]) else None


def _symbol_exists(block, name) -> bool:
    for o in block.operations:
        if "sym_name" in o.operation.attributes and ir.StringAttr(o.operation.attributes["sym_name"]).value == name:
            return True
    return False


def make_matmul_schedule(opts):
    """`matmul-schedule{threads=T defer=0|1}`."""
    threads = int(opts.get("threads", "1"))
    defer = opts.get("defer", "0") not in ("0", "false")

    def run(module_op, pass_) -> None:
        matmul_schedule_pass(module_op, pass_, threads, defer)

    return run


# ---------------------------------------------------------------- deferred bodies --
#
# The kernels are large (~1000 ops each) and the passes of the `loops` stage have nothing
# to do in them (they work on affine loops; the kernels are scf), yet each of those passes
# walks them. So the pipeline runs `matmul-schedule{defer=1}`: each kernel is first a
# declaration with its parameters, and `matmul-kernel-bodies` (at the end of the `loops`
# stage, before its last canonicalize) makes the bodies, the same text as without defer.

SPEC_ATTR = "descend.matmul_kernel"


def _declaration_text(c: Contraction, fname: str, types: list, threads: int, par: bool, tile: tuple) -> str:
    """`func.func private @fname(A, B, C, i1, bias, i32)` with the parameters of its kernel (`SPEC_ATTR`)."""
    a, b, cr = _roles(c)
    spec = (f'{{elt = "{c.elt}", a = "{a}", b = "{b}", c = "{cr}", threads = {threads} : i64, par = {str(par).lower()}, '
            f'tile = array<i64: {", ".join(str(t) for t in tile)}>}}')
    return f"func.func private @{fname}({', '.join(types)}, i1, {bias_type(c.elt)}, i32) attributes {{{SPEC_ATTR} = {spec}}}"


def _from_roles(elt: str, roles: list) -> Contraction:
    """A Contraction with the dimension roles `roles` (A's, B's and C's, as `_roles` names
    them) and no sizes: what `kernel_text` needs."""
    def dim(name):
        if name in ("n", "k"):
            return {"n": 0, "k": 1}[name]
        return (10 if name[0] == "m" else 100) + int(name[1:])

    a, b, cr = ([dim(x) for x in r.split()] for r in roles)
    ms = sorted(d for d in cr if 10 <= d < 100)
    batch = [(d, 0) for d in sorted(d for d in cr if d >= 100)]
    return Contraction(None, elt, batch, ms, 0, 1, {}, a, b, cr, True)


def kernel_bodies_pass(module_op, pass_) -> None:
    """`matmul-kernel-bodies`: each kernel declaration of `matmul-schedule{defer=1}` becomes
    its definition (see above)."""
    body = module_op.regions[0].blocks[0]
    decls = [op.operation for op in body.operations
             if op.operation.name == "func.func" and SPEC_ATTR in op.operation.attributes]
    if not decls:
        return
    with module_op.context, ir.Location.unknown():
        for decl in decls:
            spec = ir.DictAttr(decl.attributes[SPEC_ATTR])
            roles = [ir.StringAttr(spec[k]).value for k in ("a", "b", "c")]
            c = _from_roles(ir.StringAttr(spec["elt"]).value, roles)
            ftype = ir.FunctionType(ir.TypeAttr(decl.attributes["function_type"]).value)
            types = [str(t) for t in ftype.inputs[:3]]
            text = kernel_text(c, ir.StringAttr(decl.attributes["sym_name"]).value, types,
                               ir.IntegerAttr(spec["threads"]).value, par=ir.BoolAttr(spec["par"]).value,
                               tile=tuple(ir.DenseI64ArrayAttr(spec["tile"])))
            parsed = ir.Module.parse(text)  # (kept alive while its function moves)
            fn = list(parsed.body.operations)[0]
            fn.operation.move_before(decl)
            decl.erase()
