"""Lowerings of dsc.gather and dsc.scatter (registered in `dsc_to_linalg.LOWERINGS`).

Both ops take `indices` of shape batch + [K] whose last dim holds the positions in
the operand dims `dims`; the other operand dims ("window" dims) are kept whole.

- gather -> one `linalg.generic` over the result (batch dims, then window dims)
  whose body reads the K indices with `tensor.extract`, clamps each to
  [0, size - 1] (JAX's gather semantics) and reads the operand element with
  `tensor.extract`. No read is ever out of bounds.
- scatter -> a nest of `scf.for` loops over the updates (batch dims outer,
  window dims inner, so duplicates apply in row-major order and a later "set"
  wins) carrying the result tensor in `iter_args`. Each step clamps the
  position, reads the old element, combines it with the update and writes
  back `select(in_bounds, combined, old)`: an out-of-bounds row is dropped
  (JAX's default) without a branch and without an out-of-bounds access.
  Bufferization turns the iter_args chain into in-place stores on one buffer
  (a copy of the operand only where the operand is still needed afterwards or
  is a function argument). Functions with scf loops are not given to
  affine-super-vectorize (`loop_opts._has_control_flow`).
"""

from __future__ import annotations

from mlir import ir
from mlir.dialects import arith, scf, tensor

from descend.dialects.types import element_type, from_mlir

from . import elementwise as ew
from .linalg_builders import PARALLEL, affine_map, empty, generic, index

_COMBINE = {"add": "add", "mul": "mul", "min": "min", "max": "max"}


def _idx(v: int) -> ir.Value:
    return arith.constant(ir.IndexType.get(), v)


def _positions(indices, batch_ivs, dims, shape):
    """The K operand positions of batch element `batch_ivs`: (clamped index values, in-bounds flag)."""
    idx_t = ir.IndexType.get()
    cast = arith.index_castui if from_mlir(indices.type).dtype.startswith("uint") else arith.index_cast
    clamped, ok = {}, None
    for k, d in enumerate(dims):
        v = cast(idx_t, tensor.extract(indices, list(batch_ivs) + [_idx(k)]))
        inside = arith.cmpi(arith.CmpIPredicate.ult, v, _idx(shape[d]))  # 0 <= v < n (unsigned)
        ok = inside if ok is None else arith.andi(ok, inside)
        clamped[d] = arith.minsi(arith.maxsi(v, _idx(0)), _idx(max(shape[d] - 1, 0)))
    return clamped, ok


def _operand_position(clamped, window_ivs, rank):
    it = iter(window_ivs)
    return [clamped[d] if d in clamped else next(it) for d in range(rank)]


def _bool_as_i8(lower):
    """Run `lower` on i8 copies of boolean operands and narrow the result back to i1:
    `bool-storage-to-i8` widens linalg.generic bodies, not tensor.extract/insert in loops."""

    def wrapped(op, xs, attrs):
        if str(ir.RankedTensorType(xs[0].type).element_type) != "i1":
            return lower(op, xs, attrs)
        i8 = ir.IntegerType.get_signless(8)

        def widen(v):
            t = ir.RankedTensorType(v.type)
            return arith.extui(ir.RankedTensorType.get(list(t.shape), i8), v)

        xs = [widen(xs[0]), xs[1]] + [widen(v) for v in xs[2:]]
        out = ir.RankedTensorType(op.results[0].type)
        r = lower(op, xs, attrs, ir.RankedTensorType.get(list(out.shape), i8))
        return arith.trunci(out, r)

    return wrapped


def lower_gather(op, xs, attrs, result_type=None):
    """dsc.gather -> linalg.generic with clamped tensor.extract reads (see the module docstring)."""
    x, indices = xs
    src, out = from_mlir(x.type), from_mlir(result_type or op.results[0].type)
    dims = list(attrs["dims"])
    nb = from_mlir(indices.type).rank - 1
    elt = element_type(out.dtype)
    init = empty(out.shape, elt)
    if 0 in out.shape:
        return init
    rank = len(out.shape)

    def body(_):
        ivs = [index(i) for i in range(rank)]
        clamped, _ok = _positions(indices, ivs[:nb], dims, src.shape)
        return [tensor.extract(x, _operand_position(clamped, ivs[nb:], src.rank))]

    return generic([], [init], [affine_map(rank, list(range(rank)))], [PARALLEL] * rank, body)[0]


_FRESH = {"arith.constant", "tensor.empty", "tensor.from_elements", "dsc.constant", "dsc.iota"}
# ops whose result is their first operand updated in place, or a view of it (when lowered)
_UPDATES_FIRST = {"dsc.scatter", "dsc.dynamic_update_slice"}
_VIEWS = {
    "dsc.reshape", "dsc.slice", "dsc.dynamic_slice", "dsc.stop_gradient", "dsc.convert", "dsc.bitcast_convert_type",
    "tensor.extract_slice", "tensor.collapse_shape", "tensor.expand_shape", "tensor.cast", "tensor.reshape",
    "tensor.bitcast",
}


def _argument_roots(value, fn, seen) -> set | None:
    """The indices of the arguments of `fn` whose buffer `value` may be (or view, or be
    updated in place from); None when that cannot be told (then: all of them)."""
    if value in seen:
        return set()
    seen.add(value)
    if not isinstance(value.type, ir.RankedTensorType):
        return set()
    value = value.maybe_downcast()
    if isinstance(value, ir.BlockArgument):
        parent = value.owner.owner
        parent = parent.operation if parent is not None and hasattr(parent, "operation") else parent
        name = parent.name if parent is not None else ""
        if name == "func.func" and parent == fn:
            return {value.arg_number}
        if name == "scf.for":
            k = value.arg_number
            if k == 0:
                return set()
            body = parent.regions[0].blocks[0]
            found = [parent.operands[3 + k - 1], body.operations[len(body.operations) - 1].operands[k - 1]]
            return _union(found, fn, seen)
        return None
    op = value.owner
    op = op.operation if hasattr(op, "operation") else op
    name = op.name
    if name in _FRESH:
        return set()
    if name == "scf.for":
        j = ir.OpResult(value).result_number
        body = op.regions[0].blocks[0]
        return _union([op.operands[3 + j], body.operations[len(body.operations) - 1].operands[j]], fn, seen)
    if name == "scf.if":
        j = ir.OpResult(value).result_number
        ys = [r.blocks[0].operations[len(r.blocks[0].operations) - 1].operands[j] for r in op.regions if len(r.blocks)]
        return _union(ys, fn, seen)
    if name.startswith("scf."):
        return None
    if name in _UPDATES_FIRST or name in _VIEWS:
        return _union([op.operands[0]], fn, seen)
    if name in ("tensor.insert", "tensor.insert_slice"):
        return _union([op.operands[1]], fn, seen)
    if name.startswith(("dsc.", "arith.", "math.")):
        return set()  # every other dsc op, and elementwise arith/math on tensors, make a new tensor
    if name.startswith("linalg."):  # destination style: the results are the inits, updated
        return _union(list(op.operands)[len(op.operands) - len(op.results):], fn, seen)
    return _union(list(op.operands), fn, seen)


def _union(values, fn, seen):
    out = set()
    for v in values:
        r = _argument_roots(v, fn, seen)
        if r is None:
            return None
        out |= r
    return out


def protect_arguments(op, value=None) -> None:
    """Mark the arguments of the func.func around `op` that `value` (default: the op's first
    operand, the tensor it updates) may come from `bufferization.writable = false`.

    An in-place update (scatter's tensor.insert chain, dynamic_update_slice's insert_slice)
    of a value that is, views, or is carried by a loop from a function argument would
    otherwise be bufferized into the caller's buffer: the user's input array would change.
    Non-writable arguments make one-shot-bufferize copy first, only where needed."""
    fn = op.operation.parent
    while fn is not None and fn.name != "func.func":
        fn = fn.parent
    if fn is None:
        return
    n = len(ir.FunctionType(ir.TypeAttr(fn.attributes["function_type"]).value).inputs)
    roots = _argument_roots(value if value is not None else op.operation.operands[0], fn, set())
    roots = set(range(n)) if roots is None else roots
    if not roots:
        return
    old = list(ir.ArrayAttr(fn.attributes["arg_attrs"])) if "arg_attrs" in fn.attributes else [ir.DictAttr.get({})] * n
    new = []
    for i, d in enumerate(old):
        d = ir.DictAttr(d)
        entries = {d[k].name: d[k].attr for k in range(len(d))}
        if i in roots:
            entries["bufferization.writable"] = ir.BoolAttr.get(False)
        new.append(ir.DictAttr.get(entries))
    fn.attributes["arg_attrs"] = ir.ArrayAttr.get(new)


def lower_scatter(op, xs, attrs, result_type=None):
    """dsc.scatter -> scf.for nest with tensor iter_args (see the module docstring)."""
    x, indices, updates = xs
    protect_arguments(op)
    src, upd = from_mlir(x.type), from_mlir(updates.type)
    dims, mode = list(attrs["dims"]), attrs["mode"]
    nb = from_mlir(indices.type).rank - 1
    if 0 in upd.shape or any(src.shape[d] == 0 for d in dims):  # nothing to write, or every row out of bounds
        return x

    def step(ivs, acc):
        clamped, ok = _positions(indices, ivs[:nb], dims, src.shape)
        pos = _operand_position(clamped, ivs[nb:], src.rank)
        u = tensor.extract(updates, ivs)
        old = tensor.extract(acc, pos)
        new = u if mode == "set" else ew.BINARY[_COMBINE[mode]](old, u, src.dtype)
        if ok is not None:
            new = arith.select(ok, new, old)
        return tensor.insert(new, acc, pos)

    def nest(d, ivs, acc):
        if d == upd.rank:
            return step(ivs, acc)
        loop = scf.ForOp(_idx(0), _idx(upd.shape[d]), _idx(1), [acc])
        with ir.InsertionPoint(loop.body):
            r = nest(d + 1, ivs + [loop.induction_variable], loop.inner_iter_args[0])
            scf.YieldOp([r])
        return loop.results[0]

    return nest(0, [], x)


LOWERINGS = {"gather": _bool_as_i8(lower_gather), "scatter": _bool_as_i8(lower_scatter)}
