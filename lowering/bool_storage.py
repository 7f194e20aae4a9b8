"""`bool-storage-to-i8`: store booleans as bytes.

In: tensor-level IR after `dsc-to-linalg` and fusion, where booleans are
`tensor<...xi1>`. Out: the same computation with every `tensor<...xi1>`
replaced by `tensor<...xi8>` holding 0 or 1: linalg.generic bodies truncate
i8 inputs to i1 on entry and extend i1 results to i8 on yield, fills and
constants are widened, and the function signature changes to match.

Why: NumPy's bool is one byte, and LLVM 22's memref-to-llvm lowering asserts
(aborting the process) on stores to `memref<...xi1>`. After this pass no i1
memref is ever created; i1 remains the scalar type of every comparison.
"""

from __future__ import annotations

import numpy as np
from mlir import ir
from mlir.dialects import arith, linalg


def _is_bool_tensor(t) -> bool:
    return isinstance(t, ir.RankedTensorType) and str(t.element_type) == "i1"


def _widened(t):
    return ir.RankedTensorType.get(list(t.shape), ir.IntegerType.get_signless(8))


def _fix_generic_body(op):
    block = op.regions[0].blocks[0]
    i1 = ir.IntegerType.get_signless(1)
    i8 = ir.IntegerType.get_signless(8)
    first = block.operations[0] if len(block.operations) else None
    for arg in block.arguments:
        if str(arg.type) == "i1":
            arg.set_type(i8)
            with ir.InsertionPoint(first), arg.location:
                narrow = arith.trunci(i1, arg)
            arg.replace_all_uses_except(narrow, narrow.owner.operation)
    yield_op = block.operations[len(block.operations) - 1]
    for i, v in enumerate(list(yield_op.operands)):
        if str(v.type) == "i1":
            with ir.InsertionPoint(yield_op), yield_op.location:
                yield_op.operands[i] = arith.extui(i8, v)


def _fix_op(op):
    name = op.name
    if name == "arith.constant" and _is_bool_tensor(op.results[0].type):
        value = op.attributes["value"]
        ty = _widened(op.results[0].type)
        if ir.DenseElementsAttr(value).is_splat:
            bit = ir.IntegerAttr(ir.DenseElementsAttr(value).get_splat_value()).value & 1
            new = ir.DenseElementsAttr.get_splat(ty, ir.IntegerAttr.get(ir.IntegerType.get_signless(8), bit))
        else:
            from descend.dialects.dsc import dense_to_numpy

            arr = dense_to_numpy(ir.DenseElementsAttr(value)).astype(np.int8)
            new = ir.DenseElementsAttr.get(np.ascontiguousarray(arr), type=ty)
        op.attributes["value"] = new
    elif name == "linalg.generic":
        _fix_generic_body(op)
    elif name == "linalg.fill" and str(op.operands[0].type) == "i1" and isinstance(op.operands[1].type, ir.RankedTensorType):
        # (on tensors only: a fill of an i1 memref, after bufferization, is memref-i1-to-i8's; found by test/fuzz)
        # a fill's (implicit) region has i1 block arguments: rebuild the op
        with ir.InsertionPoint(op), op.location:
            wide = arith.extui(ir.IntegerType.get_signless(8), op.operands[0])
            out = op.operands[1]
            if _is_bool_tensor(out.type):
                out.set_type(_widened(out.type))
            new = linalg.fill(wide, outs=[out])
        op.results[0].replace_all_uses_with(new)
        op.erase()
        return
    elif name == "tensor.extract" and str(op.results[0].type) == "i1":
        res = op.results[0]
        res.set_type(ir.IntegerType.get_signless(8))
        with ir.InsertionPoint.after(op), op.location:
            narrow = arith.trunci(ir.IntegerType.get_signless(1), res)
        res.replace_all_uses_except(narrow, narrow.owner.operation)
    for r in op.results:
        if _is_bool_tensor(r.type):
            r.set_type(_widened(r.type))


def _fix_function(fn):
    for entry in list(fn.regions[0].blocks)[:1]:  # none in a declaration (found by test/fuzz)
        for arg in entry.arguments:
            if _is_bool_tensor(arg.type):
                arg.set_type(_widened(arg.type))
    ft = ir.FunctionType(ir.TypeAttr(fn.attributes["function_type"]).value)
    ins = [_widened(t) if _is_bool_tensor(t) else t for t in ft.inputs]
    outs = [_widened(t) if _is_bool_tensor(t) else t for t in ft.results]
    fn.attributes["function_type"] = ir.TypeAttr.get(ir.FunctionType.get(ins, outs))


def bool_storage_pass(module_op, pass_) -> None:
    """The `bool-storage-to-i8` pass."""
    ops = []

    def visit(op):
        ops.append(op)
        # fills are rebuilt (erased): never visit their region
        return ir.WalkResult.SKIP if op.name == "linalg.fill" else ir.WalkResult.ADVANCE

    module_op.walk(visit, ir.WalkOrder.PRE_ORDER)
    with module_op.location:
        _fix_all(ops)


def _fix_all(ops) -> None:
    for op in ops:
        # loop-carried and branch values (scf regions) of boolean tensor type
        for region in op.regions:
            for block in region.blocks:
                for arg in block.arguments:
                    if _is_bool_tensor(arg.type):
                        arg.set_type(_widened(arg.type))
        if op.name == "func.func":
            _fix_function(op)
        elif op.name != "builtin.module":
            _fix_op(op)
