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
every element without reading it) before any read. D must exist at the contraction: made
before it, or a `memref.alloc` after it (`Epilogue.move`: the caller moves it before the call).
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
    move: object = None  # D's memref.alloc, made after the contraction: to move before its call


def _identity(amap, rank: int) -> bool:
    return str(amap) == str(ir.AffineMap.get_identity(rank))


def _last_dim(amap, rank: int) -> bool:
    dims = ",".join(f"d{i}" for i in range(rank))
    return str(amap).replace(" ", "") == f"({dims})->(d{rank - 1})"


def is_positive_zero(value) -> bool:
    """Whether `value` is an `arith.constant` +0.0."""
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
        if not is_positive_zero(other):
            return None
        value, flags, k = op.results[0], flags | EPILOGUE_RELU, k + 1
    if k != len(ops) - 1 or ops[k].name != "linalg.yield" or len(ops[k].operands) != 1 or ops[k].operands[0] != value:
        return None
    return flags or None


def _touches(op, value) -> bool:
    """Whether `op` or an op nested in it has `value` as an operand."""
    if any(v == value for v in op.operands):
        return True
    return any(_touches(o.operation, value) for region in op.regions for block in region.blocks for o in block.operations)


def _num_inputs(op) -> int:
    return ir.DenseI32ArrayAttr(op.attributes["operandSegmentSizes"])[0]


def _reads_out(g, n_in: int) -> bool:
    """Whether the generic's body reads its (first) output's current value."""
    return bool(list(g.regions[0].blocks[0].arguments[n_in].uses))


def _overwrites(op, buf) -> bool:
    """Whether `op` writes every element of `buf` without reading its values, or deallocates
    it (after either, C's old values are dead)."""
    if op.name == "memref.dealloc":
        return True
    if op.name == "linalg.fill":
        return list(op.operands)[1:] == [buf]
    if op.name != "linalg.generic":
        return False
    n_in = _num_inputs(op)
    operands = list(op.operands)
    if operands[n_in:] != [buf] or buf in operands[:n_in]:
        return False
    iters = [str(a) for a in ir.ArrayAttr(op.attributes["iterator_types"])]
    out_map = ir.AffineMapAttr(ir.ArrayAttr(op.attributes["indexing_maps"])[n_in]).value
    return (all("parallel" in t for t in iters) and _identity(out_map, ir.MemRefType(buf.type).rank)
            and not _reads_out(op, n_in))


def _dead_after(consumer, buf) -> bool:
    """Whether `buf`'s values are never read after `consumer` (in its block): the first later
    op that touches it overwrites or deallocates it."""
    ops = [o.operation for o in consumer.block.operations]
    for o in ops[ops.index(consumer) + 1:]:
        if _touches(o, buf):
            return _overwrites(o, buf)
    return True


def find(op, cc, overwrite: bool):
    """The `Epilogue` for contraction `op` writing `cc` (see the module docstring), or None."""
    op = op.operation
    ops = [o.operation for o in op.block.operations]
    later = ops[ops.index(op) + 1:]
    for use in cc.uses:  # C (or a view of it made earlier) read anywhere but after the contraction
        owner = use.owner.operation
        if owner != op and owner not in later:
            return None
    for i, o in enumerate(later):
        if _touches(o, cc):
            return _match(o, cc, overwrite, later[:i])
    return None


def _match(g, cc, overwrite: bool, between: list):
    """`find`'s answer for `g`, the first op after the contraction that touches C."""
    if g.name != "linalg.generic" or len(g.results) != 0:
        return None
    rank = ir.MemRefType(cc.type).rank
    n_in = _num_inputs(g)
    operands = list(g.operands)
    ins, outs = operands[:n_in], operands[n_in:]
    if len(outs) != 1 or not 1 <= len(ins) <= 2 or ins.count(cc) != 1 or _reads_out(g, n_in):
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
        bt, ct = ir.MemRefType(bias.type), ir.MemRefType(cc.type)
        if (bt.rank != 1 or bt.shape[0] != ct.shape[-1] or not _last_dim(maps[b_pos], rank)
                or str(bt.element_type) != str(ct.element_type)):
            return None
    flags = _body(g, c_pos, b_pos)
    if flags is None:
        return None
    out, move = outs[0], None
    watched = [v for v in (bias, out) if v is not None and v != cc]  # nothing in between may touch them
    if any(_touches(o, v) for o in between for v in watched):
        return None
    if out != cc:
        owner = cc.owner
        if (not overwrite or str(out.type) != str(cc.type) or isinstance(owner, ir.Block)
                or owner.name != "memref.alloc" or not _dead_after(g, cc)):
            return None
        definer = out.owner
        if not isinstance(definer, ir.Block) and definer.operation in between:  # made after the contraction
            if definer.name != "memref.alloc":
                return None
            move = definer.operation
    return Epilogue(g, out, bias, flags, move)
