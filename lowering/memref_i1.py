"""`memref-i1-to-i8`: widen every `memref<...xi1>` to `memref<...xi8>`.

In: IR after bufferization and deallocation lowering. Out: the same IR where
no memref has i1 elements: every value of such a type (block arguments and
op results: allocs, casts, calls, subviews) is retyped to i8, loads of
widened memrefs are truncated back to i1 and stores extend i1 to i8, and
function signatures follow.

Why: LLVM 22's memref-to-llvm lowering asserts (aborts the process) on
stores to i1 memrefs. descend's own booleans never reach memory as i1
(`bool-storage-to-i8`), but the ownership-based deallocation pipeline builds
i1 memrefs of its own (the `dealloc_helper` of loops that yield buffers).
"""

from __future__ import annotations

from mlir import ir
from mlir.dialects import arith


def _widen(t):
    if isinstance(t, ir.MemRefType) and str(t.element_type) == "i1":
        return ir.MemRefType.get(list(t.shape), ir.IntegerType.get_signless(8), t.layout, t.memory_space)
    return None


def _retype(value) -> None:
    new = _widen(value.type)
    if new is not None:
        value.set_type(new)


def _fix_load(op, i1) -> None:
    res = op.results[0]
    if str(res.type) != "i1" or str(ir.MemRefType(op.operands[0].type).element_type) != "i8":
        return
    res.set_type(ir.IntegerType.get_signless(8))
    with ir.InsertionPoint.after(op), op.location:
        narrow = arith.trunci(i1, res)
    res.replace_all_uses_except(narrow, narrow.owner.operation)


def _fix_store(op) -> None:
    if str(op.operands[0].type) == "i1" and str(ir.MemRefType(op.operands[1].type).element_type) == "i8":
        with ir.InsertionPoint(op), op.location:
            op.operands[0] = arith.extui(ir.IntegerType.get_signless(8), op.operands[0])


def _fix_function_type(op) -> None:
    ft = ir.FunctionType(ir.TypeAttr(op.attributes["function_type"]).value)
    ins = [_widen(t) or t for t in ft.inputs]
    outs = [_widen(t) or t for t in ft.results]
    op.attributes["function_type"] = ir.TypeAttr.get(ir.FunctionType.get(ins, outs))


def memref_i1_pass(module_op, pass_) -> None:
    """The `memref-i1-to-i8` pass."""
    ops = []

    def visit(op):
        ops.append(op)
        return ir.WalkResult.ADVANCE

    module_op.walk(visit, ir.WalkOrder.PRE_ORDER)
    with module_op.location:
        i1 = ir.IntegerType.get_signless(1)
        for op in ops:
            for region in op.regions:
                for block in region.blocks:
                    for arg in block.arguments:
                        _retype(arg)
            for r in op.results:
                _retype(r)
            if op.name == "func.func":
                _fix_function_type(op)
        for op in ops:
            if op.name in ("memref.load", "affine.load"):
                _fix_load(op, i1)
            elif op.name in ("memref.store", "affine.store"):
                _fix_store(op)
