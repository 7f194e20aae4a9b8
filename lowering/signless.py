"""Erase integer signedness: `ui32` -> `i32` everywhere in a module (the last step of
`dsc-to-linalg`).

In: a module whose dsc ops have been lowered, in which unsigned dtypes still appear as
`ui8` ... `ui64` element types (the dsc-level encoding of uint8 ... uint64, see
`dialects/types.py`) on values, block arguments, function types and constants; the
lowering has already picked unsigned arith ops for them. Out: the same module with every
such type signless, as arith, linalg, bufferization and LLVM require. Bits are unchanged.
"""

from __future__ import annotations

import numpy as np
from mlir import ir

from descend.dialects.types import signless


def _changed(ty) -> bool:
    return signless(ty) != ty


def _fix_value(v) -> None:
    if _changed(v.type):
        v.set_type(signless(v.type))


def _signless_attr(attr):
    """A typed constant attribute rebuilt with its type's sign dropped."""
    if isinstance(attr, ir.DenseElementsAttr):
        dense = attr
        ty = signless(dense.type)
        if dense.is_splat:
            elt = ir.ShapedType(ty).element_type
            bits = ir.IntegerType(elt).width
            value = ir.IntegerAttr(dense.get_splat_value()).value % (1 << bits)
            if value >= 1 << (bits - 1):
                value -= 1 << bits
            return ir.DenseElementsAttr.get_splat(ty, ir.IntegerAttr.get(elt, value))
        arr = np.array(dense, copy=True)
        signed = arr.view(arr.dtype.str.replace("u", "i"))
        return ir.DenseElementsAttr.get(np.ascontiguousarray(signed), type=ty)
    if isinstance(attr, ir.IntegerAttr):
        ia = attr
        bits = ir.IntegerType(ia.type).width
        value = ia.value % (1 << bits)
        if value >= 1 << (bits - 1):
            value -= 1 << bits
        return ir.IntegerAttr.get(signless(ia.type), value)
    return attr


def _fix_function(fn) -> None:
    ft = ir.FunctionType(ir.TypeAttr(fn.attributes["function_type"]).value)
    ins = [signless(t) for t in ft.inputs]
    outs = [signless(t) for t in ft.results]
    fn.attributes["function_type"] = ir.TypeAttr.get(ir.FunctionType.get(ins, outs))


def signless_pass(module_op, pass_=None) -> None:
    """Drop the signedness of every integer type in `module_op` (in place)."""
    ops = []
    module_op.walk(lambda op: ops.append(op) or ir.WalkResult.ADVANCE, ir.WalkOrder.PRE_ORDER)
    with module_op.location:
        _fix_all(ops)


def _fix_all(ops) -> None:
    for op in ops:
        for region in op.regions:
            for block in region.blocks:
                for arg in block.arguments:
                    _fix_value(arg)
        for r in op.results:
            _fix_value(r)
        if op.name == "func.func":
            _fix_function(op)
        elif op.name == "arith.constant":
            attr = op.attributes["value"]
            if isinstance(attr, (ir.DenseElementsAttr, ir.IntegerAttr)) and _changed(attr.type):
                op.attributes["value"] = _signless_attr(attr)
