"""A small interpreter for descend's `gpu` stage, to check the GPU kernels without a GPU.

    out = emulate(jit(f, backend="gpu").lower(*args), *args)

runs the IR after the `gpu` stage (host function + outlined `gpu.module`s)
in Python: memrefs are NumPy arrays, the host function runs op by op, each
`gpu.launch_func` runs every block of its grid, and within a block every
thread is a generator that runs until it reaches a `gpu.barrier` or a
`gpu.all_reduce`, where the block's threads meet (threads run in order
between barriers, a valid schedule for race-free kernels). Workgroup memory
is per block. It checks what descend generates (the mapping of loops to
threads, the reductions, the tiled matmul, the host-side memory handling);
what it cannot check is everything after the `gpu` stage (NVVM, PTX, the
driver). Slow: meant for small shapes.
"""

from __future__ import annotations

import math
import re

import numpy as np
from mlir import ir

_NP = {
    "f16": np.float16,
    "f32": np.float32,
    "f64": np.float64,
    "i8": np.int8,
    "i16": np.int16,
    "i32": np.int32,
    "i64": np.int64,
}
_UNSIGNED = {np.int8: np.uint8, np.int16: np.uint16, np.int32: np.uint32, np.int64: np.uint64}


def _scalar_type(t):
    s = str(t)
    if s == "index":
        return int
    if s == "i1":
        return bool
    return _NP[s]


def _cast(v, t):
    """A Python int as a value of scalar type `t` (wrapping like the hardware)."""
    if t is int:
        return int(v)
    if t is bool:
        return bool(int(v) & 1)
    return np.array(int(v)).astype(np.int64).astype(t)[()]


def _u(v):
    """The unsigned view of an integer value."""
    if isinstance(v, (bool, np.bool_)):
        return int(v)
    if isinstance(v, int):
        return v % (1 << 64)
    return np.array(v).view(_UNSIGNED[type(v)])[()]


def _signed_like(x, like):
    """An unsigned result back in the signless representation of `like`."""
    if isinstance(like, int):
        x = int(x) % (1 << 64)
        return x - (1 << 64) if x >= 1 << 63 else x
    return np.array(x).astype(_UNSIGNED[type(like)]).view(type(like))[()]


def _tdiv(a, b):
    q = abs(int(a)) // abs(int(b))
    return -q if (int(a) < 0) != (int(b) < 0) else q


_FLOAT_BIN = {
    "arith.addf": lambda a, b: a + b,
    "arith.subf": lambda a, b: a - b,
    "arith.mulf": lambda a, b: a * b,
    "arith.divf": lambda a, b: a / b,
    "arith.remf": lambda a, b: np.fmod(a, b),
    "arith.maximumf": lambda a, b: np.maximum(a, b),
    "arith.minimumf": lambda a, b: np.minimum(a, b),
    "arith.maxnumf": lambda a, b: np.fmax(a, b),
    "arith.minnumf": lambda a, b: np.fmin(a, b),
    "math.powf": lambda a, b: np.power(a, b),
    "math.atan2": lambda a, b: np.arctan2(a, b),
    "math.copysign": lambda a, b: np.copysign(a, b),
}
_INT_BIN = {
    "arith.addi": lambda a, b: a + b,
    "arith.subi": lambda a, b: a - b,
    "arith.muli": lambda a, b: a * b,
    "arith.andi": lambda a, b: a & b,
    "arith.ori": lambda a, b: a | b,
    "arith.xori": lambda a, b: a ^ b,
    "arith.maxsi": lambda a, b: max(a, b),
    "arith.minsi": lambda a, b: min(a, b),
    "arith.shli": lambda a, b: a << b,
    "arith.shrsi": lambda a, b: a >> b,
    "arith.divsi": _tdiv,
    "arith.remsi": lambda a, b: int(a) - int(b) * _tdiv(a, b),
    "arith.floordivsi": lambda a, b: a // b,
}
_UINT_BIN = {
    "arith.divui": lambda a, b: a // b,
    "arith.remui": lambda a, b: a % b,
    "arith.maxui": lambda a, b: max(a, b),
    "arith.minui": lambda a, b: min(a, b),
    "arith.shrui": lambda a, b: a >> b,
}
_MATH_UN = {
    "math.exp": np.exp,
    "math.exp2": np.exp2,
    "math.expm1": np.expm1,
    "math.log": np.log,
    "math.log2": np.log2,
    "math.log10": np.log10,
    "math.log1p": np.log1p,
    "math.tanh": np.tanh,
    "math.sqrt": np.sqrt,
    "math.rsqrt": lambda x: type(x)(1) / np.sqrt(x),
    "math.sin": np.sin,
    "math.cos": np.cos,
    "math.tan": np.tan,
    "math.atan": np.arctan,
    "math.asin": np.arcsin,
    "math.acos": np.arccos,
    "math.sinh": np.sinh,
    "math.cosh": np.cosh,
    "math.absf": np.abs,
    "math.floor": np.floor,
    "math.ceil": np.ceil,
    "math.round": lambda x: type(x)(np.sign(x) * np.floor(np.abs(x) + type(x)(0.5))),
    "math.roundeven": np.rint,
    "math.trunc": np.trunc,
    "arith.negf": np.negative,
    "math.erf": lambda x: type(x)(math.erf(float(x))),
}
_CMPI = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "slt": lambda a, b: a < b,
    "sle": lambda a, b: a <= b,
    "sgt": lambda a, b: a > b,
    "sge": lambda a, b: a >= b,
    "ult": lambda a, b: _u(a) < _u(b),
    "ule": lambda a, b: _u(a) <= _u(b),
    "ugt": lambda a, b: _u(a) > _u(b),
    "uge": lambda a, b: _u(a) >= _u(b),
}
_CMPI_CODES = ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"]
_CMPF_CODES = ["false", "oeq", "ogt", "oge", "olt", "ole", "one", "ord", "ueq", "ugt", "uge", "ult", "ule", "une", "uno", "true"]


def _cmpf(pred, a, b):
    unordered = bool(np.isnan(a) or np.isnan(b))
    base = pred[1:] if pred not in ("false", "true", "ord", "uno") else pred
    if pred == "false":
        return False
    if pred == "true":
        return True
    if pred == "ord":
        return not unordered
    if pred == "uno":
        return unordered
    if unordered:
        return pred[0] == "u"
    return {"eq": a == b, "gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b, "ne": a != b}[base]


class _Sync:
    """A request a thread makes at a block-wide synchronization point."""

    __slots__ = ("kind", "value")

    def __init__(self, kind, value=None):
        self.kind = kind
        self.value = value


_YIELD = -1  # env slot of the values a region's terminator yields


class _Code:
    """A compiled block: ops as closures; `sync` when a barrier/all_reduce is inside."""

    __slots__ = ("ops", "sync")

    def __init__(self, ops, sync):
        self.ops = ops
        self.sync = sync


def _run_plain(code, env, ctx):
    for _is_gen, fn in code.ops:
        fn(env, ctx)


def _run_gen(code, env, ctx):
    for is_gen, fn in code.ops:
        if is_gen:
            yield from fn(env, ctx)
        else:
            fn(env, ctx)


class Emulator:
    def __init__(self, module):
        self.module = module
        self.kernels = {}
        self.globals = {}
        self._ids = {}
        self._code = {}
        for op in module.body.operations:
            op = op.operation
            if op.name == "gpu.module":
                mod_name = ir.StringAttr(op.attributes["sym_name"]).value
                for inner in op.regions[0].blocks[0].operations:
                    inner = inner.operation
                    if inner.name == "gpu.func":
                        self.kernels[(mod_name, ir.StringAttr(inner.attributes["sym_name"]).value)] = inner
                    elif inner.name == "memref.global":
                        self._add_global(inner, prefix=mod_name)
            elif op.name == "memref.global":
                self._add_global(op)

    def _add_global(self, op, prefix=None):
        name = ir.StringAttr(op.attributes["sym_name"]).value
        t = ir.MemRefType(ir.TypeAttr(op.attributes["type"]).value)
        value = ir.DenseElementsAttr(op.attributes["initial_value"])
        dt = _NP.get(str(t.element_type), np.int8)
        arr = np.array(value, dtype=dt) if not value.is_splat else np.full(t.shape, np.array(value.get_splat_value().value, dtype=dt))
        self.globals[(prefix, name)] = arr.reshape(t.shape)

    def _id(self, v) -> int:
        i = self._ids.get(v)
        if i is None:
            i = self._ids[v] = len(self._ids)
        return i

    # ------------------------------------------------------------ running

    def run(self, fn_name: str, args: list) -> None:
        for op in self.module.body.operations:
            op = op.operation
            if op.name == "func.func" and ir.StringAttr(op.attributes["sym_name"]).value == fn_name:
                block = op.regions[0].blocks[0]
                env = {self._id(a): v for a, v in zip(block.arguments, args)}
                code = self._compile(block)
                if code.sync:
                    raise RuntimeError("host code reached a GPU synchronization")
                _run_plain(code, env, {"prefix": None})
                return
        raise KeyError(fn_name)

    def _launch(self, op):
        seg = list(ir.DenseI32ArrayAttr(op.attributes["operandSegmentSizes"]))
        operands = [self._id(v) for v in op.operands]
        starts = np.cumsum([0] + seg)
        grid_ids = [operands[starts[i]] for i in (1, 2, 3)]
        block_ids = [operands[starts[i]] for i in (4, 5, 6)]
        karg_ids = operands[starts[11] : starts[12]]
        mod_name, fn_name = re.findall(r"@\"?([\w$.]+)\"?", str(op.attributes["kernel"]))
        fn = self.kernels[(mod_name, fn_name)]
        entry = fn.regions[0].blocks[0]
        n_in = len(ir.FunctionType(ir.TypeAttr(fn.attributes["function_type"]).value).inputs)
        n_wg = ir.IntegerAttr(fn.attributes["workgroup_attributions"]).value if "workgroup_attributions" in fn.attributes else 0
        args = list(entry.arguments)
        in_ids = [self._id(a) for a in args[:n_in]]
        wg = [(self._id(a), ir.MemRefType(a.type)) for a in args[n_in : n_in + n_wg]]
        priv = [(self._id(a), ir.MemRefType(a.type)) for a in args[n_in + n_wg :]]
        code = self._compile(entry)

        def run(env, ctx):
            grid = [env[i] for i in grid_ids]
            block = [env[i] for i in block_ids]
            base = dict(zip(in_ids, [env[i] for i in karg_ids]))
            for bz in range(grid[2]):
                for by in range(grid[1]):
                    for bx in range(grid[0]):
                        shared = {i: _garbage(t.shape, np.dtype(_NP[str(t.element_type)])) for i, t in wg}
                        threads = []
                        for tz in range(block[2]):
                            for ty in range(block[1]):
                                for tx in range(block[0]):
                                    tenv = dict(base)
                                    tenv.update(shared)
                                    for i, t in priv:
                                        tenv[i] = _garbage(t.shape, np.dtype(_NP[str(t.element_type)]))
                                    tctx = {
                                        "prefix": mod_name,
                                        "block_id": (bx, by, bz),
                                        "thread_id": (tx, ty, tz),
                                        "grid_dim": tuple(grid),
                                        "block_dim": tuple(block),
                                    }
                                    if code.sync:
                                        threads.append(_run_gen(code, tenv, tctx))
                                    else:
                                        _run_plain(code, tenv, tctx)
                        if threads:
                            self._run_block_of_threads(threads)

        return run

    @staticmethod
    def _run_block_of_threads(threads):
        pending = [(t, None) for t in threads]
        while pending:
            requests, alive = [], []
            for gen, send in pending:
                try:
                    req = gen.send(send)
                except StopIteration:
                    continue
                requests.append(req)
                alive.append(gen)
            if not alive:
                return
            if len(alive) != len(threads):
                raise RuntimeError("divergent barrier: some threads of a block finished while others wait")
            kinds = {r.kind for r in requests}
            if len(kinds) != 1:
                raise RuntimeError(f"threads of a block wait at different synchronizations: {kinds}")
            kind = kinds.pop()
            if kind == "barrier":
                pending = [(g, None) for g in alive]
            else:
                combine = _ALL_REDUCE[kind.split(":")[1]]
                vals = [r.value for r in requests]
                total = vals[0]
                for v in vals[1:]:
                    total = combine(total, v)
                pending = [(g, total) for g in alive]

    # ------------------------------------------------------------ compiling

    def _compile(self, block) -> _Code:
        code = self._code.get(block)
        if code is None:
            ops, sync = [], False
            for op in block.operations:
                is_gen, fn = self._compile_op(op.operation)
                sync |= is_gen
                if fn is not None:
                    ops.append((is_gen, fn))
            code = self._code[block] = _Code(ops, sync)
        return code

    def _compile_op(self, op):
        name = op.name
        ids = [self._id(v) for v in op.operands]
        rids = [self._id(r) for r in op.results]
        if name in ("gpu.return", "gpu.terminator", "func.return"):
            return False, None
        if name in ("scf.yield", "scf.condition"):
            return False, lambda env, ctx: env.__setitem__(_YIELD, [env[i] for i in ids])
        if name == "scf.for":
            body_block = op.regions[0].blocks[0]
            body = self._compile(body_block)
            bargs = [self._id(a) for a in body_block.arguments]
            lb, ub, st, inits = ids[0], ids[1], ids[2], ids[3:]

            def loop(env, ctx):
                i, u, s = env[lb], env[ub], env[st]
                carried = [env[x] for x in inits]
                while i < u:
                    env[bargs[0]] = i
                    for a, v in zip(bargs[1:], carried):
                        env[a] = v
                    if body.sync:
                        yield from _run_gen(body, env, ctx)
                    else:
                        _run_plain(body, env, ctx)
                    carried = env.pop(_YIELD, ())
                    i += s
                for r, v in zip(rids, carried):
                    env[r] = v

            return self._maybe_plain(loop, body.sync)
        if name == "scf.if":
            codes = [self._compile(r.blocks[0]) if len(r.blocks) else None for r in op.regions]
            sync = any(c is not None and c.sync for c in codes)
            cond = ids[0]

            def branch(env, ctx):
                code = codes[0] if env[cond] else codes[1]
                if code is not None:
                    if code.sync:
                        yield from _run_gen(code, env, ctx)
                    else:
                        _run_plain(code, env, ctx)
                    vals = env.pop(_YIELD, ())
                    for r, v in zip(rids, vals):
                        env[r] = v

            return self._maybe_plain(branch, sync)
        if name == "scf.while":
            before_b, after_b = op.regions[0].blocks[0], op.regions[1].blocks[0]
            before, after = self._compile(before_b), self._compile(after_b)
            bargs = [self._id(a) for a in before_b.arguments]
            aargs = [self._id(a) for a in after_b.arguments]

            def loop(env, ctx):
                vals = [env[i] for i in ids]
                while True:
                    for a, v in zip(bargs, vals):
                        env[a] = v
                    yield from _run_gen(before, env, ctx)
                    cond, *rest = env.pop(_YIELD)
                    if not cond:
                        for r, v in zip(rids, rest):
                            env[r] = v
                        return
                    for a, v in zip(aargs, rest):
                        env[a] = v
                    yield from _run_gen(after, env, ctx)
                    vals = env.pop(_YIELD)

            return self._maybe_plain(loop, before.sync or after.sync)
        if name == "gpu.barrier":

            def barrier(env, ctx):
                yield _Sync("barrier")

            return True, barrier
        if name == "gpu.all_reduce":
            kind = "all_reduce:" + str(op.attributes["op"]).split()[-1].rstrip(">")
            x, r = ids[0], rids[0]

            def all_reduce(env, ctx):
                env[r] = yield _Sync(kind, env[x])

            return True, all_reduce
        if name == "gpu.launch_func":
            return False, self._launch(op)
        return False, self._compile_simple(op, name, ids, rids)

    @staticmethod
    def _maybe_plain(genfn, sync):
        if sync:
            return True, genfn

        def plain(env, ctx):
            for _ in genfn(env, ctx):
                raise RuntimeError("unexpected synchronization")

        return False, plain

    def _compile_simple(self, op, name, ids, rids):
        r = rids[0] if rids else None
        a = ids[0] if ids else None
        b = ids[1] if len(ids) > 1 else None
        if name == "arith.constant":
            attr = op.attributes["value"]
            t = _scalar_type(op.results[0].type)
            if isinstance(attr, ir.FloatAttr):
                value = t(attr.value)
            elif isinstance(attr, ir.IntegerAttr):
                value = _cast(attr.value, t)
            elif isinstance(attr, ir.BoolAttr):
                value = bool(attr.value)
            else:
                raise NotImplementedError(f"gpu emulator: constant {attr}")
            return lambda env, ctx: env.__setitem__(r, value)
        if name in _FLOAT_BIN:
            f = _FLOAT_BIN[name]

            def fbin(env, ctx):
                x = env[a]
                env[r] = type(x)(f(x, env[b]))

            return fbin
        if name in _INT_BIN:
            f = _INT_BIN[name]

            def ibin(env, ctx):
                x = env[a]
                v = f(x, env[b])
                if isinstance(x, (bool, np.bool_)):
                    env[r] = bool(v)
                elif isinstance(x, int):
                    env[r] = int(v)
                else:
                    env[r] = _cast(int(v), type(x))

            return ibin
        if name in _UINT_BIN:
            f = _UINT_BIN[name]

            def ubin(env, ctx):
                x = env[a]
                v = f(_u(x), _u(env[b]))
                env[r] = v if isinstance(x, int) and not isinstance(x, bool) and v < (1 << 63) else _signed_like(v, x)

            return ubin
        if name in _MATH_UN:
            f = _MATH_UN[name]

            def un(env, ctx):
                x = env[a]
                env[r] = type(x)(f(x))

            return un
        if name == "math.fma":
            c = ids[2]
            return lambda env, ctx: env.__setitem__(r, type(env[a])(env[a] * env[b] + env[c]))
        if name == "math.absi":
            return lambda env, ctx: env.__setitem__(r, abs(env[a]))
        if name == "arith.cmpi":
            f = _CMPI[_CMPI_CODES[ir.IntegerAttr(op.attributes["predicate"]).value]]
            return lambda env, ctx: env.__setitem__(r, bool(f(env[a], env[b])))
        if name == "arith.cmpf":
            pred = _CMPF_CODES[ir.IntegerAttr(op.attributes["predicate"]).value]
            return lambda env, ctx: env.__setitem__(r, _cmpf(pred, env[a], env[b]))
        if name == "arith.select":
            c = ids[2]
            return lambda env, ctx: env.__setitem__(r, env[b] if env[a] else env[c])
        if name in ("arith.extui", "arith.extsi", "arith.trunci", "arith.index_cast", "arith.index_castui"):
            t = _scalar_type(op.results[0].type)
            unsigned = name in ("arith.extui", "arith.index_castui")

            def conv(env, ctx):
                v = env[a]
                v = int(v) if isinstance(v, (bool, np.bool_)) or not unsigned else int(_u(v))
                env[r] = _cast(v, t)

            return conv
        if name in ("arith.extf", "arith.truncf", "arith.sitofp"):
            t = _scalar_type(op.results[0].type)
            return lambda env, ctx: env.__setitem__(r, t(env[a]))
        if name == "arith.uitofp":
            t = _scalar_type(op.results[0].type)
            return lambda env, ctx: env.__setitem__(r, t(_u(env[a])))
        if name in ("arith.fptosi", "arith.fptoui"):
            t = _scalar_type(op.results[0].type)
            return lambda env, ctx: env.__setitem__(r, _cast(int(np.trunc(env[a])), t))
        if name == "arith.bitcast":
            t = _scalar_type(op.results[0].type)
            return lambda env, ctx: env.__setitem__(r, np.array(env[a]).view(t)[()])
        if name == "affine.apply":
            amap = ir.AffineMapAttr(op.attributes["map"]).value
            expr, nd = amap.results[0], amap.n_dims
            return lambda env, ctx: env.__setitem__(r, _affine(expr, [env[i] for i in ids[:nd]], [env[i] for i in ids[nd:]]))
        if name in ("gpu.thread_id", "gpu.block_id", "gpu.grid_dim", "gpu.block_dim"):
            dim = "xyz".index(str(op.attributes["dimension"]).split()[-1].rstrip(">"))
            key = name.split(".")[1]
            return lambda env, ctx: env.__setitem__(r, ctx[key][dim])
        if name == "memref.load":
            idx = ids[1:]

            def load(env, ctx):
                env[r] = _item(env[a][tuple(int(env[i]) for i in idx)])

            return load
        if name == "memref.store":
            m, idx = ids[1], ids[2:]

            def store(env, ctx):
                env[m][tuple(int(env[i]) for i in idx)] = env[a]

            return store
        if name in ("memref.alloca", "memref.alloc", "gpu.alloc"):
            t = ir.MemRefType(op.results[0].type)
            dt = np.dtype(_NP[str(t.element_type)])
            sizes = [i for i, v in zip(ids, op.operands) if str(v.type) == "index"]

            def alloc(env, ctx):
                dyn = iter(int(env[i]) for i in sizes)
                shape = [d if d >= 0 else next(dyn) for d in t.shape]
                env[r] = _garbage(shape, dt)
                for extra in rids[1:]:
                    env[extra] = None

            return alloc
        if name in ("memref.dealloc", "gpu.dealloc", "gpu.wait"):

            def nothing(env, ctx):
                for x in rids:
                    env[x] = None

            return nothing
        if name == "gpu.memcpy":
            mems = [i for i, v in zip(ids, op.operands) if isinstance(v.type, ir.MemRefType)]

            def memcpy(env, ctx):
                env[mems[0]][...] = env[mems[1]]
                for x in rids:
                    env[x] = None

            return memcpy
        if name == "memref.copy":

            def copy(env, ctx):
                env[b][...] = env[a]

            return copy
        if name == "memref.get_global":
            sym = ir.FlatSymbolRefAttr(op.attributes["name"]).value

            def get_global(env, ctx):
                env[r] = self.globals.get((ctx.get("prefix"), sym), self.globals.get((None, sym)))

            return get_global
        if name in ("memref.cast", "memref.memory_space_cast", "memref.assume_alignment"):
            return lambda env, ctx: env.__setitem__(r, env[a])
        if name == "memref.subview":
            return lambda env, ctx: env.__setitem__(r, _subview(op, [env[i] for i in ids]))
        if name in ("memref.collapse_shape", "memref.expand_shape", "memref.reshape"):
            shape = ir.MemRefType(op.results[0].type).shape
            return lambda env, ctx: env.__setitem__(r, env[a].reshape(shape))
        if name == "memref.extract_strided_metadata":

            def meta(env, ctx):
                env[r] = env[a]
                for x in rids[1:]:
                    env[x] = 0

            return meta
        if name == "memref.dim":
            return lambda env, ctx: env.__setitem__(r, env[a].shape[int(env[b])])
        raise NotImplementedError(f"gpu emulator: op {name}")


def _garbage(shape, dtype):
    """Fresh memory: filled with 0xCD bytes, so that reading what was never written shows."""
    n = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    return np.frombuffer(b"\xcd" * n, dtype=dtype).reshape(shape).copy()


def _item(x):
    return x.item() if isinstance(x, np.ndarray) and x.dtype == np.bool_ else (x[()] if isinstance(x, np.ndarray) else x)


def _subview(op, ins):
    src = ins[0]
    dyn = iter(int(v) for v in ins[1:])
    offs = [o if o != ir.ShapedType.get_dynamic_stride_or_offset() else next(dyn) for o in ir.DenseI64ArrayAttr(op.attributes["static_offsets"])]
    sizes = [s if s != ir.ShapedType.get_dynamic_size() else next(dyn) for s in ir.DenseI64ArrayAttr(op.attributes["static_sizes"])]
    strides = [s if s != ir.ShapedType.get_dynamic_stride_or_offset() else next(dyn) for s in ir.DenseI64ArrayAttr(op.attributes["static_strides"])]
    view = src[tuple(slice(o, o + s * st, st) if s else slice(o, o) for o, s, st in zip(offs, sizes, strides))]
    rt = ir.MemRefType(op.results[0].type)
    return view.reshape(rt.shape) if len(rt.shape) != view.ndim else view


def _affine(e, dims, syms):
    if isinstance(e, ir.AffineDimExpr):
        return int(dims[e.position])
    if isinstance(e, ir.AffineSymbolExpr):
        return int(syms[e.position])
    if isinstance(e, ir.AffineConstantExpr):
        return e.value
    if isinstance(e, ir.AffineAddExpr):
        return _affine(e.lhs, dims, syms) + _affine(e.rhs, dims, syms)
    if isinstance(e, ir.AffineMulExpr):
        return _affine(e.lhs, dims, syms) * _affine(e.rhs, dims, syms)
    if isinstance(e, ir.AffineModExpr):
        return _affine(e.lhs, dims, syms) % _affine(e.rhs, dims, syms)
    if isinstance(e, ir.AffineFloorDivExpr):
        return _affine(e.lhs, dims, syms) // _affine(e.rhs, dims, syms)
    if isinstance(e, ir.AffineCeilDivExpr):
        return -(-_affine(e.lhs, dims, syms) // _affine(e.rhs, dims, syms))
    raise NotImplementedError(str(e))


_ALL_REDUCE = {
    "add": lambda a, b: a + b,
    "mul": lambda a, b: a * b,
    "maximumf": lambda a, b: type(a)(np.maximum(a, b)),
    "minimumf": lambda a, b: type(a)(np.minimum(a, b)),
    "maxnumf": lambda a, b: type(a)(np.fmax(a, b)),
    "minnumf": lambda a, b: type(a)(np.fmin(a, b)),
    "maxsi": max,
    "minsi": min,
    "maxui": lambda a, b: a if _u(a) >= _u(b) else b,
    "minui": lambda a, b: a if _u(a) <= _u(b) else b,
    "and": lambda a, b: a & b,
    "or": lambda a, b: a | b,
    "xor": lambda a, b: a ^ b,
}


def _signless_view(a):
    """An unsigned array as the signed integers of the same bits (the same memory)."""
    return a.view(a.dtype.str.replace("u", "i")) if a.dtype.kind == "u" else a


def emulate(lowered, *args):
    """Run a GPU `Lowered` (jit(f, backend="gpu").lower(*args)) on `args` in the emulator;
    returns the outputs as `Compiled` would (a pytree of NumPy arrays)."""
    from descend.tree import tree_flatten, tree_unflatten

    module = lowered._module_at("gpu")
    index = lowered._out_index
    out_types = lowered.out_types
    buffers = out_types if index is None else [out_types[index.index(k)] for k in range(max(index) + 1)]
    leaves, _ = tree_flatten(list(args))
    ins = [np.array(np.asarray(x, dtype=t.dtype)) for x, t in zip(leaves, lowered.in_types)]
    outs = [_garbage(t.shape, np.dtype(t.dtype)) for t in buffers]
    with np.errstate(all="ignore"):  # (unsigned buffers are signless integers in the IR: signed views)
        Emulator(module).run(lowered.name, [_signless_view(a) for a in ins + outs])
    if index is not None:
        outs = [outs[k].copy() for k in index]
    return tree_unflatten(lowered.out_tree, outs)
