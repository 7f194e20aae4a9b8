"""Epilogues fused into matmul-schedule's kernels: `C + bias`, `max(C + bias, 0)`, `max(C, 0)`.

In: a float contraction `op` (a linalg.generic on memrefs that `matmul_schedule.match`
accepted) writing the buffer C, and whether its kernel overwrites C (the zero fill before it
was dropped). Out: an `Epilogue` when the next op reading C is an elementwise linalg.generic
over C's whole index space computing one of

    D[.., n] = C[.., n] + bias[n]              (EPILOGUE_BIAS)
    D[.., n] = max(C[.., n] + bias[n], 0.0)    (EPILOGUE_BIAS | EPILOGUE_RELU)
    D[.., n] = max(C[.., n], 0.0)              (EPILOGUE_RELU)

(either operand order; `bias` a 1-D memref of n's size, `max` = arith.maximumf with a +0.0
constant, so NaNs propagate as NumPy's maximum does), else None. The kernel then writes D
directly, adding the bias and taking the max as it stores the last k block's tiles, and the
generic is erased: one pass less over C.

Safe only when nothing else needs C's values: D is C itself (the generic updates C in place),
or C is a local `memref.alloc` (not an argument or a view), the kernel overwrites it, D has C's
type, nothing between the contraction and the generic touches C, D or the bias, and after the
generic C's buffer is only deallocated or fully overwritten (a fill, or a generic writing
every element without reading it) before any read. D's `memref.alloc`, when it comes after
the contraction, moves before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlir import ir

EPILOGUE_BIAS = 1
EPILOGUE_RELU = 2


@dataclass
class Epilogue:
    consumer: object  # the linalg.generic to erase
    out: object  # D: the buffer the kernel writes instead of C
    bias: object  # the bias memref value, or None
    flags: int


def _identity(amap, rank: int) -> bool:
    return str(amap) == str(ir.AffineMap.get_identity(rank))


def _last_dim(amap, rank: int) -> bool:
    dims = ",".join(f"d{i}" for i in range(rank))
    return str(amap).replace(" ", "") == f"({dims})->(d{rank - 1})"


def _is_pos_zero(value) -> bool:
    owner = value.owner
    if isinstance(owner, ir.Block) or owner.name != "arith.constant":
        return False
    try:
        attr = ir.FloatAttr(owner.attributes["value"])
    except (ValueError, KeyError):
        return False
    return attr.value == 0.0 and not str(attr).lstrip().startswith("-")


def _body(generic, c_pos: int, b_pos: int | None):
    """The flags of the generic's body (block arguments: inputs, then the output), or None."""
    block = generic.regions[0].blocks[0]
    ops = [o.operation for o in block.operations]
    args = list(block.arguments)
    c_arg = args[c_pos]
    b_arg = args[b_pos] if b_pos is not None else None
    value, flags, k = c_arg, 0, 0
    if b_arg is not None:
        if len(ops) < 2 or ops[0].name != "arith.addf" or {ops[0].operands[0], ops[0].operands[1]} != {c_arg, b_arg}:
            return None
        value, flags, k = ops[0].results[0], EPILOGUE_BIAS, 1
    if k < len(ops) - 1:
        op = ops[k]
        if op.name != "arith.maximumf" or value not in (op.operands[0], op.operands[1]):
            return None
        other = op.operands[1] if op.operands[0] == value else op.operands[0]
        if not _is_pos_zero(other):
            return None
        value, flags, k = op.results[0], flags | EPILOGUE_RELU, k + 1
    if k != len(ops) - 1 or ops[k].name != "linalg.yield" or len(ops[k].operands) != 1 or ops[k].operands[0] != value:
        return None
    return flags or None


def _reads_or_keeps(op, buf) -> bool:
    """Whether `op` (after the consumer) may read `buf`'s values (False: it only deallocates
    it or writes every element of it without reading)."""
    name = op.name
    if name == "memref.dealloc":
        return False
    if name == "linalg.fill":
        return op.operands[0] == buf
    if name == "linalg.generic":
        ins = list(op.operands)[: _num_inputs(op)]
        outs = list(op.operands)[_num_inputs(op):]
        if buf in ins or buf not in outs:
            return True
        iters = [str(a) for a in ir.ArrayAttr(op.attributes["iterator_types"])]
        maps = ir.ArrayAttr(op.attributes["indexing_maps"])
        pos = len(ins) + outs.index(buf)
        block = op.regions[0].blocks[0]
        rank = ir.MemRefType(buf.type).rank
        return not (all("parallel" in t for t in iters) and _identity(ir.AffineMapAttr(maps[pos]).value, rank)
                    and not list(block.arguments[pos].uses))
    return True


def _num_inputs(op) -> int:
    seg = op.attributes["operandSegmentSizes"]
    return ir.DenseI32ArrayAttr(seg)[0]


def _dead_after(consumer, buf) -> bool:
    """Whether `buf`'s values are never read after `consumer` (same block; see the docstring)."""
    seen = False
    for o in _block_of(consumer).operations:
        o = o.operation
        if o == consumer:
            seen = True
            continue
        direct = any(v == buf for v in o.operands)
        if not seen or not (direct or _nested_use(o, buf)):
            continue
        if _nested_use(o, buf) or _reads_or_keeps(o, buf):
            return False
        return True  # overwritten or deallocated before any read
    return True


def _block_of(op):
    parent = op.parent
    for region in parent.regions:
        for block in region.blocks:
            for o in block.operations:
                if o.operation == op:
                    return block
    raise ValueError("op not found in its parent")


def _nested_use(op, buf) -> bool:
    for region in op.regions:
        for block in region.blocks:
            for o in block.operations:
                if any(v == buf for v in o.operation.operands) or _nested_use(o.operation, buf):
                    return True
    return False


def find(op, cc, overwrite: bool):
    """The `Epilogue` for contraction `op` writing `cc` (see the module docstring), or None."""
    op = op.operation
    block = _block_of(op)
    rank = ir.MemRefType(cc.type).rank
    ops = [o.operation for o in block.operations]
    later = ops[ops.index(op) + 1:]
    for use in cc.uses:  # C (or a view of it made earlier) read anywhere but after the contraction
        owner = use.owner.operation
        if owner != op and owner not in later:
            return None
    between = []
    for o in later:
        uses_c = any(v == cc for v in o.operands) or _nested_use(o, cc)
        if not uses_c:
            between.append(o)
            continue
        return _match(o, cc, rank, overwrite, between)
    return None


def _match(g, cc, rank: int, overwrite: bool, between: list):
    if g.name != "linalg.generic" or len(g.results) != 0:
        return None
    n_in = _num_inputs(g)
    operands = list(g.operands)
    ins, outs = operands[:n_in], operands[n_in:]
    if len(outs) != 1 or not 1 <= len(ins) <= 2 or ins.count(cc) != 1:
        return None
    iters = [str(a) for a in ir.ArrayAttr(g.attributes["iterator_types"])]
    maps = [ir.AffineMapAttr(m).value for m in ir.ArrayAttr(g.attributes["indexing_maps"])]
    if len(iters) != rank or not all("parallel" in t for t in iters):
        return None
    c_pos = ins.index(cc)
    if not _identity(maps[c_pos], rank) or not _identity(maps[-1], rank):
        return None
    b_pos, bias = None, None
    if len(ins) == 2:
        b_pos = 1 - c_pos
        bias = ins[b_pos]
        bt = ir.MemRefType(bias.type)
        if bt.rank != 1 or bt.shape[0] != ir.MemRefType(cc.type).shape[-1] or not _last_dim(maps[b_pos], rank):
            return None
        if str(bt.element_type) != str(ir.MemRefType(cc.type).element_type):
            return None
    flags = _body(g, c_pos, b_pos)
    if flags is None:
        return None
    out = outs[0]
    if block_arg_uses_out(g, n_in):
        return None
    if out != cc:
        if not overwrite or str(out.type) != str(cc.type):
            return None
        owner = cc.owner
        if isinstance(owner, ir.Block) or owner.name != "memref.alloc":
            return None
        for o in between:  # nothing in between may touch D or the bias
            if any(v == out or (bias is not None and v == bias) for v in o.operands) and o.name != "memref.alloc":
                return None
            if _nested_use(o, out):
                return None
        if not _dead_after(g, cc):
            return None
    else:
        for o in between:
            if bias is not None and (any(v == bias for v in o.operands) or _nested_use(o, bias)):
                return None
    return Epilogue(g, out, bias, flags)


def block_arg_uses_out(g, n_in: int) -> bool:
    """Whether the generic's body reads its output's current value."""
    return bool(list(g.regions[0].blocks[0].arguments[n_in].uses))
