"""Small builders for linalg/tensor IR used by the dsc lowerings.

All functions build at the current insertion point and location.
"""

from __future__ import annotations

from mlir import ir
from mlir.dialects import linalg, tensor

PARALLEL = "parallel"
REDUCTION = "reduction"


def empty(shape, elt_type) -> ir.Value:
    """tensor.empty of a static shape."""
    return tensor.EmptyOp(list(shape), elt_type).result


def fill(value: ir.Value, shape, elt_type) -> ir.Value:
    """A tensor of `shape` filled with the scalar `value`."""
    return linalg.fill(value, outs=[empty(shape, elt_type)])


def affine_map(n_dims: int, exprs: list) -> ir.AffineMap:
    """An affine map of `n_dims` dims whose results are dims (ints) or constants (('c', k))."""
    res = []
    for e in exprs:
        if isinstance(e, tuple):
            res.append(ir.AffineConstantExpr.get(e[1]))
        else:
            res.append(ir.AffineDimExpr.get(e))
    return ir.AffineMap.get(n_dims, 0, res)


def generic(inputs, inits, maps, iterators, body) -> list:
    """linalg.generic over `inputs` into `inits`.

    `maps` are AffineMaps (inputs then inits), `iterators` a list of
    "parallel"/"reduction", and `body(*block_args)` builds the region and
    returns the values to yield (one per init). Returns the result values."""
    op = linalg.GenericOp(
        [v.type for v in inits],
        list(inputs),
        list(inits),
        ir.ArrayAttr.get([ir.AffineMapAttr.get(m) for m in maps]),
        ir.ArrayAttr.get([ir.Attribute.parse(f"#linalg.iterator_type<{it}>") for it in iterators]),
    )
    elt_types = [ir.ShapedType(v.type).element_type for v in list(inputs) + list(inits)]
    block = op.regions[0].blocks.append(*elt_types)
    with ir.InsertionPoint(block):
        results = body(*block.arguments)
        linalg.YieldOp(list(results))
    return list(op.results)


def index(dim: int) -> ir.Value:
    """linalg.index of iteration dimension `dim` (inside a generic body)."""
    return linalg.IndexOp(dim).result


def extract_slice(src: ir.Value, offsets, sizes, strides, result_type) -> ir.Value:
    """tensor.extract_slice with static offsets, sizes and strides."""
    return tensor.ExtractSliceOp(result_type, src, [], [], [], offsets, sizes, strides).result


def insert_slice(src: ir.Value, dest: ir.Value, offsets, sizes, strides) -> ir.Value:
    """tensor.insert_slice with static offsets, sizes and strides."""
    return tensor.InsertSliceOp(src, dest, [], [], [], offsets, sizes, strides).result
