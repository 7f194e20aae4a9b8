"""`descend.jit`: trace once per abstract signature, compile, cache, call.

    f = descend.jit(fn, static_argnums=..., static_argnames=...)
    f(*args)                    # trace + compile on a new signature, then run
    f.lower(*args).as_text(s)   # the IR at stage s ("dsc", "linalg", "buffers", "loops", "llvm")
    f.lower(*args).compile()    # a `Compiled` callable

The signature of a call is the pytree structure of the dynamic arguments, the
shape/dtype/weak-type of each leaf, and the values of the static arguments.
Leaves may be NumPy arrays, `descend.Array`s, NumPy scalars or Python scalars
(weakly typed, as in JAX). Each jitted function keeps at most `CACHE_SIZE`
compiled signatures (least recently used are dropped).
"""

from __future__ import annotations

import functools
import inspect
import sys
import threading
import time
import types
from collections import OrderedDict

import numpy as np
from mlir import ir, passmanager

from descend.dialects.types import TType
from descend.lowering.pipeline import STAGE_NAMES, add_elements, cpu_stages, run_stages

from . import compile_cache, compile_log, dtypes
from .array import Array
from .dispatch import fast_caller
from .runtime import Executable
from .tracing import Tracer, bind, current_trace, describe_location, trace_function, user_location
from .tracing import _state as _trace_state
from .tree import tree_flatten, tree_unflatten

CACHE_SIZE = 256

# MLIR's Python bindings, wrapping an op, import `mlir.dialects.<its dialect>` and remember
# only success: for dsc (no such module) every wrapped op paid a failed import (~35 us,
# a third of the time to trace the MLP step). A stub module is found once and remembered.
sys.modules.setdefault("mlir.dialects.dsc", types.ModuleType("mlir.dialects.dsc"))


# (shape, dtype) of a NumPy array leaf -> its (TType, weak): a call with a pytree of arrays
# looks each leaf up here instead of naming its dtype again (~1 us per leaf).
_NDARRAY_AVALS: dict = {}
_NDARRAY_AVALS_MAX = 4096


def _leaf_aval(x, where: str) -> tuple[TType, bool]:
    """(TType, weak) of a dynamic argument leaf; TypeError for anything that is not an array.

    A Python float is a weakly typed float32 value, but it is passed as float64 (and narrowed
    inside the function, see `_narrow_weak_float`): where it meets a float64 array it must
    keep all its digits (`x64 * 0.1` is exact, as in NumPy)."""
    if type(x) is np.ndarray:
        hit = _NDARRAY_AVALS.get((x.shape, x.dtype))
        if hit is not None:
            return hit
    if isinstance(x, Array):
        return TType(x.shape, x.dtype.name), False
    if isinstance(x, float) and not isinstance(x, np.generic):
        return TType((), "float64"), True
    if isinstance(x, (bool, int, float)) and not isinstance(x, np.generic):
        dt = dtypes.python_scalar_dtype(x)
        if isinstance(x, int) and not isinstance(x, bool):
            info = np.iinfo(dt)
            if not info.min <= x <= info.max:
                raise OverflowError(f"{where}: Python int {x} is too large for {dt}")
        return TType((), dt), True
    if isinstance(x, (np.ndarray, np.generic)):
        if x.dtype == object or (x.dtype.kind in "USVO" and x.dtype.name != "bfloat16"):
            raise TypeError(f"{where}: arrays of dtype {x.dtype} are not supported")
        aval = TType(tuple(x.shape), dtypes.dtype_name(x.dtype)), False
        if type(x) is np.ndarray and len(_NDARRAY_AVALS) < _NDARRAY_AVALS_MAX:
            _NDARRAY_AVALS[(x.shape, x.dtype)] = aval
        return aval
    raise TypeError(
        f"{where}: argument of type {type(x).__name__} is not a valid descend array type "
        f"(pass NumPy arrays, descend Arrays or Python scalars, or mark it static)"
    )


def _const_tracer(x):
    from . import numpy as dnp

    return dnp.asarray(x)


def _wrap_outputs(flat):
    out = []
    for x in flat:
        if isinstance(x, Tracer):
            out.append(x)
        else:
            t = _const_tracer(x)
            out.append(t)
    return out


class Lowered:
    """A traced function: its dsc module and how to print or compile it."""

    def __init__(self, trace, in_types, out_types, out_tree, name, dsc_done: bool = True):
        self._ctx = trace.context
        self._dsc_text = _print(trace.module, debug_info=True)
        self._dsc_done = dsc_done  # False: _dsc_text is the traced module, before the dsc stage
        self.in_types = in_types
        self.out_types = out_types
        self.out_tree = out_tree
        self.name = name
        self._texts: dict[str, str] = {}
        self._out_index = None  # set by _module_at: result index of each output (see _dedupe_results)

    @property
    def _context(self):
        """The MLIR context to parse the traced module in (a fresh one once compile() released it)."""
        if self._ctx is None:
            from descend.dialects.dsc import new_context

            self._ctx = new_context()
        return self._ctx

    def _module_at(self, stage: str):
        module = ir.Module.parse(self._dsc_text, self._context)
        if stage == "dsc" or not self._dsc_done:
            _run_dsc_stage(module, self.name)
            if stage == "dsc":
                return module
        # _dsc_text is already after the dsc stage (lower_flat ran it): start from there
        if STAGE_NAMES.index(stage) <= STAGE_NAMES.index("linalg"):
            _run_timed(module, "dsc", stage, self.name)
            return module
        # on tensors, before bufferization: see _dedupe_results
        _run_timed(module, "dsc", "linalg", self.name)
        self._out_index = _dedupe_results(module, self.name)
        _run_timed(module, "linalg", stage, self.name)
        return module

    def as_text(self, stage: str = "dsc", debug_info: bool | None = None) -> str:
        """The IR after `stage` (one of STAGE_NAMES). `dsc` prints source locations by default."""
        if stage not in STAGE_NAMES:
            raise ValueError(f"unknown stage {stage!r}; stages are {', '.join(STAGE_NAMES)}")
        if debug_info is None:
            debug_info = stage == "dsc"
        key = f"{stage}:{debug_info}"
        if key not in self._texts:
            self._texts[key] = _print(self._module_at(stage), debug_info)
        return self._texts[key]

    def compile(self) -> Compiled:
        """Lower to LLVM and JIT-compile (or load from the on-disk cache, descend.compile_cache);
        returns a `Compiled` callable."""
        key = None
        if compile_cache.enabled():
            logging = compile_log.level() > 0
            with compile_log.phase(self.name, "cache lookup", logging):
                key = compile_cache.cache_key(self._dsc_text, self.name)
                hit = compile_cache.load(key, self)
            if hit is not None:
                exe, self._out_index = hit
                return self._compiled(exe)
        module = self._module_at("llvm")
        index = self._out_index
        types = self.out_types if index is None else [self.out_types[index.index(k)] for k in range(max(index) + 1)]
        exe = Executable(module, self.name, self.in_types, types, object_dump=key is not None, shared_kernels=True)
        if key is not None:
            with compile_log.phase(self.name, "cache store"):
                compile_cache.store(key, exe, self, index, self.out_types)
        return self._compiled(exe)

    def _compiled(self, exe) -> Compiled:
        out_dtypes = [np.dtype(t.dtype) for t in self.out_types]
        compiled = Compiled(exe, self.out_tree, self.name, self._out_index, out_dtypes)
        compiled._lowered = self  # for export()
        # A cached Compiled keeps its Lowered: without this it would keep the MLIR context
        # too, ~2.3 MiB per cache entry (test_leaks.py); export()/as_text() parse anew.
        self._ctx = None
        return compiled


def _run_dsc_stage(module, name: str) -> None:
    try:
        with compile_log.phase(name, "dsc"):
            run_stages(module, upto="dsc")
    except ir.MLIRError as e:  # a dsc op that the tracer built wrongly: a bug in descend
        raise RuntimeError(f"descend internal error: traced IR failed verification:\n{e}") from None


def _run_timed(module, start: str, upto: str, name: str) -> None:
    """`run_stages(module, upto, start)`; with DESCEND_LOG_COMPILE, pass by pass (each in its
    own pass manager), logged per stage with the time in descend's Python passes and in
    upstream MLIR passes (and at level 2 per pass too): see descend.compile_log."""
    lvl = compile_log.level()
    if lvl == 0:
        run_stages(module, upto=upto, start=start)
        return
    from descend.lowering.passes import PASSES

    stages = dict(cpu_stages())
    for i in range(STAGE_NAMES.index(start) + 1, STAGE_NAMES.index(upto) + 1):
        stage = STAGE_NAMES[i]
        spent = {"python": [0.0, 0.0], "upstream": [0.0, 0.0]}
        for element in stages[stage]:
            kind = "python" if element.partition("{")[0] in PASSES else "upstream"
            t0, c0 = time.perf_counter(), time.process_time()
            with module.context:
                pm = passmanager.PassManager("builtin.module")
                add_elements(pm, [element])
                pm.run(module.operation)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            spent[kind][0] += wall
            spent[kind][1] += cpu
            if lvl >= 2:
                compile_log.log(name, f"pass {stage}/{element} [{kind}]", wall, cpu)
        py, up = spent["python"], spent["upstream"]
        compile_log.log(name, f"stage {stage}", py[0] + up[0], py[1] + up[1],
                        f"python passes {py[0] * 1e3:.1f} ms, upstream {up[0] * 1e3:.1f} ms")


def _print(module, debug_info: bool) -> str:
    import io

    buf = io.StringIO()
    module.operation.print(file=buf, enable_debug_info=debug_info)
    return buf.getvalue()


class Compiled:
    """A compiled function of flat array arguments."""

    def __init__(self, exe: Executable, out_tree, name: str, out_index=None, out_dtypes=None):
        self._exe = exe
        self.out_tree = out_tree
        self.name = name
        self._out_index = out_index
        # per output (before deduplication): int32 and uint32 outputs of the same bits share one
        # buffer once the lowering drops signedness; each is viewed as its own dtype
        self._out_dtypes = out_dtypes
        self._in_dtypes = [np.dtype(t.dtype) for t in exe.in_types]
        fast = fast_caller(self)  # generated for this function's types: see descend.dispatch
        if fast is not None:
            self.call_flat = fast

    def call_flat(self, leaves):
        """Run on a sequence of argument leaves of the compiled types; returns the output pytree.
        (Replaced per instance by the generated fast caller.)"""
        raise NotImplementedError(f"{self.name}: this compiled function has no CPU call path")

    def __call__(self, *args):
        leaves, _ = tree_flatten(args)
        if len(leaves) != len(self._exe.in_types):
            raise TypeError(f"{self.name}: expected {len(self._exe.in_types)} array arguments, got {len(leaves)}")
        for i, (x, t) in enumerate(zip(leaves, self._exe.in_types)):
            got, _ = _leaf_aval(x, f"{self.name} argument {i}")
            if got != t:
                raise TypeError(f"{self.name}: argument {i} has type {got}, but was compiled for {t}")
        return self.call_flat(leaves)

    def export(self, path, **options):
        """Write this function as a shared library plus `manifest.json` into directory `path`,
        callable with only NumPy and ctypes (`descend.export_loader.load`); see `descend.export`."""
        from .export import export_compiled

        return export_compiled(self, path, **options)


def lower_flat(fun, in_tree, static_leaves, dyn_avals, name, for_compile: bool = False) -> Lowered:
    """Trace `fun` on arguments rebuilt from `in_tree`: positions with a static
    value take it, the others become Tracers of `dyn_avals` (in order).

    `for_compile`: the caller compiles at once; with the on-disk cache on, the dsc stage is left
    to the compilation (the cache key is the traced text: a hit skips the stage)."""
    out_tree_box = []
    # Python floats arrive as weak float64 (see _leaf_aval): fun sees their weak float32 value
    narrow = {i for i, (t, weak) in enumerate(dyn_avals) if weak and t.dtype == "float64"}

    def flat_fun(*tracers):
        if narrow:
            tracers = [_narrow_weak_float(t) if i in narrow else t for i, t in enumerate(tracers)]
        it = iter(tracers)
        leaves = [next(it) if s is _DYNAMIC else s for s in static_leaves]
        args, kwargs = tree_unflatten(in_tree, leaves)
        out = fun(*args, **kwargs)
        flat, out_tree = tree_flatten(out)
        out_tree_box.append(out_tree)
        return flat

    code = getattr(fun, "__code__", None)
    source = (code.co_filename, code.co_firstlineno) if code is not None else None
    # The symbol gets a prefix, as JAX's `jit_f`: a bare `fmod`, `exp`, ... would shadow the
    # C library function that LLVM lowers frem/exp/... to, and the generated code would call itself.
    symbol = f"jit_{name}"
    logging = compile_log.level() > 0
    with compile_log.phase(symbol, "trace", logging):
        trace, outs = trace_function(flat_fun, dyn_avals, symbol, _wrap_outputs, source)
    defer = for_compile and compile_cache.enabled()
    if not defer:
        _run_dsc_stage(trace.module, symbol)
    return Lowered(trace, [t for t, _ in dyn_avals], [t.aval for t in outs], out_tree_box[0], symbol, dsc_done=not defer)


def _narrow_weak_float(t: Tracer) -> Tracer:
    """The weak float32 value of a Python float given as float64. The float64 original stays
    reachable (`_wide`), so a conversion back to float64 (meeting a float64 array) is exact."""
    narrow = bind("convert", t, out=TType((), "float32"), weak=True)
    narrow._wide = t
    return narrow


def _dedupe_results(module, symbol: str):
    """Make @symbol return each value once; returns, per original result, its index among
    the new results (None when nothing was repeated).

    A function returning one computed tensor twice (`return (y, y)`, or two outputs that
    canonicalization merged) crashes or miscompiles `buffer-results-to-out-params` (MLIR 22):
    before bufferization each value is made to be returned once, and `Compiled` repeats it."""
    for op in module.body.operations:
        if op.operation.name == "func.func" and ir.StringAttr(op.attributes["sym_name"]).value == symbol:
            fn = op.operation
            break
    else:
        return None
    ret = list(fn.regions[0].blocks[0].operations)[-1].operation
    unique, index = [], []
    for v in ret.operands:
        k = next((k for k, u in enumerate(unique) if u == v), None)
        if k is None:
            k = len(unique)
            unique.append(v)
        index.append(k)
    if len(unique) == len(index):
        return None
    from mlir.dialects import func

    with module.context, ret.location, ir.InsertionPoint(ret):
        func.ReturnOp(unique)
        ret.erase()
        ft = ir.FunctionType(ir.TypeAttr(fn.attributes["function_type"]).value)
        fn.attributes["function_type"] = ir.TypeAttr.get(ir.FunctionType.get(ft.inputs, [v.type for v in unique]))
    return index


class _Dynamic:
    def __repr__(self):
        return "<dynamic>"


_DYNAMIC = _Dynamic()


def _static_key(v):
    """A hashable key for a static leaf that tells 1, 1.0 and True apart."""
    try:
        hash(v)
    except TypeError:
        raise TypeError(f"static argument {v!r} of type {type(v).__name__} is not hashable") from None
    return (type(v), v)


class Jitted:
    """A function compiled per abstract signature (see the module docstring)."""

    def __init__(self, fun, static_argnums=(), static_argnames=(), name=None, target=None):
        functools.update_wrapper(self, fun)
        self._target = target  # None: the CPU; else a descend.devices.GpuTarget
        self._fun = fun
        self._name = name or getattr(fun, "__name__", "fn")
        if not self._name.isidentifier():
            self._name = "fn"
        if isinstance(static_argnums, int):
            static_argnums = (static_argnums,)
        if isinstance(static_argnames, str):
            static_argnames = (static_argnames,)
        self._static_argnums = tuple(static_argnums)
        self._static_argnames = set(static_argnames)
        try:
            params = list(inspect.signature(fun).parameters)
        except (TypeError, ValueError):
            params = []
        for i in self._static_argnums:
            if i < len(params):
                self._static_argnames.add(params[i])
        for n in list(self._static_argnames):
            if n in params:
                self._static_argnums += (params.index(n),)
        self._cache: OrderedDict = OrderedDict()
        self._fast_cache: dict = {}  # (shape, dtype) per positional ndarray -> Compiled
        self._lock = threading.Lock()
        self._compile_locks: dict = {}
        self.trace_count = 0

    def _signature(self, args, kwargs):
        nargs = len(args)
        static_nums = {i if i >= 0 else nargs + i for i in self._static_argnums}
        leaves, in_tree = tree_flatten((list(args), kwargs))
        # mark which leaves are static: whole static positional args / kwargs
        if not static_nums and not self._static_argnames:
            static_mask = [False] * len(leaves)
        else:
            static_mask = []
            for i, a in enumerate(args):
                n = len(tree_flatten(a)[0])
                static_mask += [i in static_nums] * n
            for k in sorted(kwargs):
                n = len(tree_flatten(kwargs[k])[0])
                static_mask += [k in self._static_argnames] * n
        static_leaves, dyn, avals, key = [], [], [], [in_tree]
        for i, (x, is_static) in enumerate(zip(leaves, static_mask)):
            if is_static:
                static_leaves.append(x)
                key.append(_static_key(x))
            else:
                aval = _leaf_aval(x, f"jit({self._name}) argument {i}")
                static_leaves.append(_DYNAMIC)
                dyn.append(x)
                avals.append(aval)
                key.append(aval)
        return tuple(key), in_tree, static_leaves, dyn, avals

    def lower(self, *args, **kwargs) -> Lowered:
        """Trace for these arguments; returns a `Lowered`."""
        _, in_tree, static_leaves, _, avals = self._signature(args, kwargs)
        self.trace_count += 1
        return _on_target(lower_flat(self._fun, in_tree, static_leaves, avals, self._name), self._target)

    def _compiled(self, key, in_tree, static_leaves, avals) -> Compiled:
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
            lock = self._compile_locks.setdefault(key, threading.Lock())
        with lock:  # one compilation per signature, even with concurrent first calls
            with self._lock:
                hit = self._cache.get(key)
            if hit is not None:
                return hit
            with self._lock:  # signatures compile concurrently: count under the lock
                self.trace_count += 1
            try:
                with compile_log.phase(f"jit_{self._name}", "total"):
                    lowered = lower_flat(self._fun, in_tree, static_leaves, avals, self._name, for_compile=self._target is None)
                    compiled = _on_target(lowered, self._target).compile()
            except BaseException:  # no lock left behind per failing signature
                with self._lock:
                    self._compile_locks.pop(key, None)
                raise
            with self._lock:
                self._cache[key] = compiled
                self._compile_locks.pop(key, None)
                while len(self._cache) > CACHE_SIZE:
                    _, evicted = self._cache.popitem(last=False)
                    # the fast-path table must not keep an evicted function (its engine) alive
                    for fast, c in list(self._fast_cache.items()):
                        if c is evicted:
                            self._fast_cache.pop(fast, None)
        return compiled

    def __call__(self, *args, **kwargs):
        if _trace_state.__dict__.get("stack"):  # nested jit: inline into the outer trace
            return self._fun(*args, **kwargs)
        # fast path: positional NumPy arrays / descend Arrays only, a signature seen before
        # (type, shape and dtype of each is all of it); the fast caller copies non-contiguous ones
        fast = None
        if not kwargs and not self._static_argnums:
            try:
                if len(args) == 1:  # the common case without a list comprehension's frame
                    a = args[0]
                    fast = (type(a), a.shape, a.dtype)
                else:
                    fast = tuple([(type(a), a.shape, a.dtype) for a in args])
                compiled = self._fast_cache.get(fast)
            except Exception:  # noqa: BLE001 - a Python scalar, a pytree, ...: the general path says what is wrong
                fast = None
            else:
                if compiled is not None:
                    return compiled.call_flat(args)  # the generated fast caller (descend.dispatch)
                if not all(type(a) is np.ndarray or type(a) is Array for a in args):
                    fast = None
        key, in_tree, static_leaves, dyn, avals = self._signature(args, kwargs)
        compiled = self._compiled(key, in_tree, static_leaves, avals)
        if fast is not None and len(self._fast_cache) < CACHE_SIZE:
            self._fast_cache[fast] = compiled
        return compiled.call_flat(dyn)

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()
            self._fast_cache.clear()


def jit(fun=None, *, static_argnums=(), static_argnames=(), backend=None, device=None, **unsupported):
    """Compile `fun` with descend (usable as `@jit` or `@jit(static_argnums=...)`).

    `backend="gpu"` or `device=descend.devices("gpu")[0]` compiles for an NVIDIA GPU
    (see `descend.devices`); the default is `descend.default_backend()`."""
    if unsupported:
        name = next(iter(unsupported))
        raise NotImplementedError(f"jit: argument {name!r} is not supported")
    from .devices import resolve_target

    target = resolve_target(backend, device)
    if fun is None:
        return lambda f: Jitted(f, static_argnums, static_argnames, target=target)
    if not callable(fun):
        raise TypeError(f"jit: expected a function, got {type(fun).__name__}")
    return Jitted(fun, static_argnums, static_argnames, target=target)


def _on_target(lowered: Lowered, target) -> Lowered:
    """`lowered` retargeted to the GPU when `target` is a GpuTarget (descend.devices)."""
    if target is None:
        return lowered
    from .devices import gpu_lowered

    return gpu_lowered(lowered, target)


# ---- eager execution of descend.numpy functions --------------------------------

_EAGER_CACHE: OrderedDict = OrderedDict()
_EAGER_LOCK = threading.Lock()
EAGER_CACHE_SIZE = 512


def _is_array_leaf(x) -> bool:
    return isinstance(x, (np.ndarray, np.generic, Array))


class _Scalar:
    """A Python scalar argument of an eager call, passed as a (weakly typed) value."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _dynamic_scalar(x):
    """Python scalars given for array parameters are run-time values (weakly typed, as under
    jit), so `x + 1` and `x + 2` share one compiled function; ints beyond int32 stay constants."""
    if isinstance(x, (bool, float)) or (isinstance(x, int) and -(2**31) <= x < 2**31):
        if not isinstance(x, np.generic):
            return _Scalar(x)
    return x


def eager_call(fun, args, kwargs, name: str | None = None):
    """Run `fun(*args, **kwargs)` outside of any trace: array leaves are dynamic,
    all other leaves static; compiled once per signature and cached."""
    leaves, in_tree = tree_flatten((list(args), kwargs))
    static_leaves, dyn, avals, key = [], [], [], [fun, in_tree]
    name = name or getattr(fun, "__name__", "op")
    for x in leaves:
        if isinstance(x, _Scalar):
            x = x.value
            aval = _leaf_aval(x, f"descend.numpy.{name}")
            static_leaves.append(_DYNAMIC)
            dyn.append(x)
            avals.append(aval)
            key.append(aval)
        elif _is_array_leaf(x):
            aval = _leaf_aval(x, f"descend.numpy.{name}")
            static_leaves.append(_DYNAMIC)
            dyn.append(x)
            avals.append(aval)
            key.append(aval)
        else:
            static_leaves.append(x)
            key.append(_static_key(x))
    key = tuple(key)
    with _EAGER_LOCK:
        compiled = _EAGER_CACHE.get(key)
        if compiled is not None:
            _EAGER_CACHE.move_to_end(key)
    if compiled is None:
        compiled = lower_flat(fun, in_tree, static_leaves, avals, name.strip("_") or "op", for_compile=True).compile()
        with _EAGER_LOCK:
            _EAGER_CACHE[key] = compiled
            while len(_EAGER_CACHE) > EAGER_CACHE_SIZE:
                _EAGER_CACHE.popitem(last=False)
    return compiled.call_flat(dyn)


def _concrete(x):
    """NumPy / descend scalars and arrays inside a static argument (a shape, an axis) as Python values."""
    if isinstance(x, (np.ndarray, np.generic, Array)):
        return np.asarray(x).tolist()
    if isinstance(x, list):
        return [_concrete(v) for v in x]
    if isinstance(x, tuple) and not hasattr(x, "_fields"):
        return tuple(_concrete(v) for v in x)
    return x


def api(fun=None, *, static_argnames=()):
    """Decorator for descend.numpy functions: stage into the current trace, or run eagerly.

    Eagerly, array leaves and Python scalar arguments are run-time values (one compiled
    function per shape/dtype signature), except in the parameters named in `static_argnames`
    (shapes, axes, counts, flags): those are compile-time constants, and NumPy integers and
    arrays there are turned into Python values, so `zeros(np.int64(3))` or
    `sum(x, axis=np.int32(0))` work."""
    if fun is None:
        return lambda f: api(f, static_argnames=static_argnames)
    static = frozenset(static_argnames)
    params = []  # the parameters positional arguments bind to, up to a *args
    for p in inspect.signature(fun).parameters.values():
        if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            break
        params.append(p.name)
    static_pos = frozenset(i for i, p in enumerate(params) if p in static)

    @functools.wraps(fun)
    def wrapper(*args, **kwargs):
        if current_trace() is not None:
            return fun(*args, **kwargs)
        args = tuple(_concrete(a) if i in static_pos else _dynamic_scalar(a) for i, a in enumerate(args))
        kwargs = {k: _concrete(v) if k in static else _dynamic_scalar(v) for k, v in kwargs.items()}
        return eager_call(fun, args, kwargs, wrapper.__name__)

    wrapper._impl = fun
    return wrapper


__all__ = ["jit", "Jitted", "Lowered", "Compiled", "api", "eager_call", "describe_location", "user_location"]
