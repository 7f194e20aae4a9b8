"""Tracing Python functions into dsc.

A `Trace` owns an MLIR context, a module and one `func.func` under
construction; while it is active (`with trace:`), `bind(op, *tracers, ...)`
appends `dsc.<op>` to the function body at the user's source location and
returns a new `Tracer` for its result. `trace_function` turns a Python function
on abstract inputs into a module holding one traced `func.func`.

A `Tracer` stands for a value inside the function being traced: it knows its
shape and dtype (and whether it is weakly typed, like a Python scalar), but not
its contents, so Python control flow on it raises `TracerBoolConversionError`.
"""

from __future__ import annotations

import os
import sys
import threading

import numpy as np
from mlir import ir
from mlir.dialects import func

from descend.dialects import dsc
from descend.dialects.shape_rules import DscTypeError
from descend.dialects.types import TType, to_mlir

from .array_ops import ArrayOps

_PACKAGE_DIRS = tuple(
    os.path.dirname(os.path.abspath(p)) + os.sep
    for p in (__file__, dsc.__file__, os.path.join(os.path.dirname(dsc.__file__), "..", "lowering", "x"))
)
_state = threading.local()


class TracerBoolConversionError(TypeError):
    """Python control flow (`if`, `while`, `bool()`) on a traced value."""


class TracerArrayConversionError(TypeError):
    """A traced value was turned into a concrete NumPy array or Python number."""


class EscapedTracerError(RuntimeError):
    """A traced value was used outside the trace it belongs to."""


def current_trace() -> Trace | None:
    """The innermost active trace of this thread, or None."""
    stack = getattr(_state, "stack", None)
    return stack[-1] if stack else None


def _user_frame():
    """The innermost Python frame outside the descend package."""
    f = sys._getframe(1)
    while f is not None and os.path.abspath(f.f_code.co_filename).startswith(_PACKAGE_DIRS):
        f = f.f_back
    return f


def _column(frame) -> int:
    try:
        positions = list(frame.f_code.co_positions())
        col = positions[frame.f_lasti // 2][2]
        return (col or 0) + 1
    except (IndexError, AttributeError, ValueError):
        return 0


def user_location() -> tuple[str, int, int, str]:
    """(file, line, column, function name) of the user's code that called into descend."""
    f = _user_frame()
    if f is None:
        return ("<unknown>", 0, 0, "<unknown>")
    return (f.f_code.co_filename, f.f_lineno, _column(f), f.f_code.co_name)


def describe_location(loc) -> str:
    file, line, col, fn = loc
    return f"{file}:{line}:{col} (in {fn})"


class Tracer(ArrayOps):
    """A value of the function being traced: an SSA value with a shape and dtype."""

    __array_priority__ = 100

    def __init__(self, trace: Trace, value: ir.Value, aval: TType, weak: bool = False):
        self._trace = trace
        self.value = value
        self.aval = aval
        self.weak = weak

    shape = property(lambda self: tuple(self.aval.shape))
    dtype = property(lambda self: np.dtype(self.aval.dtype))
    ndim = property(lambda self: len(self.aval.shape))
    size = property(lambda self: int(np.prod(self.aval.shape, dtype=np.int64)))

    def __repr__(self) -> str:
        return f"Traced<{self.aval.dtype}{list(self.aval.shape)}>"

    def _concrete_error(self, what: str, cls):
        file, line, col, fn = user_location()
        raise cls(
            f"{what} of a traced value {self!r} at {file}:{line}:{col} (in {fn}). Values computed "
            f"inside descend.jit are abstract (only shape and dtype are known while tracing). Use "
            f"descend.numpy.where / descend.lax.select for data-dependent choices (descend.lax "
            f"control flow: cond, while_loop, fori_loop, scan), or mark the argument static with "
            f"jit(..., static_argnums=...)."
        )

    def __bool__(self):
        self._concrete_error("Python control flow (bool conversion)", TracerBoolConversionError)

    def __int__(self):
        self._concrete_error("int() conversion", TracerArrayConversionError)

    def __float__(self):
        self._concrete_error("float() conversion", TracerArrayConversionError)

    def __index__(self):
        self._concrete_error("Using as an index (__index__)", TracerArrayConversionError)

    def __array__(self, dtype=None, copy=None):
        self._concrete_error("NumPy conversion (np.asarray)", TracerArrayConversionError)

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        return (self[i] for i in range(self.shape[0]))

    def __len__(self):
        if self.ndim == 0:
            raise TypeError("len() of unsized object")
        return self.shape[0]

    def __hash__(self):
        raise TypeError("unhashable type: traced array")


class Trace:
    """One function being traced into dsc (see the module docstring)."""

    def __init__(self, name: str, context=None):
        self.name = name
        self.context = context or dsc.new_context()
        self.module = None
        self.block = None
        self.ops: list = []  # every op bound so far, in order (transformations read it)
        self.custom_regions: list = []  # traced calls of custom_jvp/custom_vjp functions
        self._locations: list = []  # location overrides (see `at`)

    def __enter__(self):
        stack = getattr(_state, "stack", None)
        if stack is None:
            stack = _state.stack = []
        stack.append(self)
        return self

    def __exit__(self, *exc):
        _state.stack.pop()

    def at(self, location: ir.Location):
        """Context manager: ops bound inside get `location` (transformations use the
        location of the op they differentiate or batch)."""
        trace = self

        class _At:
            def __enter__(self):
                trace._locations.append(location)

            def __exit__(self, *exc):
                trace._locations.pop()

        return _At()

    def location(self, loc_tuple) -> ir.Location:
        file, line, col, fn = loc_tuple
        with self.context:
            return ir.Location.file(file, line, col)

    def bind(self, op: str, operands, attrs=None, out: TType | None = None, weak: bool = False) -> Tracer:
        """Append `dsc.<op>` to the traced function; returns its result as a Tracer.

        Shape errors become TypeErrors naming the op, the shapes and the user's line."""
        for t in operands:
            if t._trace is not self:
                raise EscapedTracerError(
                    f"dsc.{op}: a traced value {t!r} from another trace (a leaked tracer, e.g. "
                    f"stored in a global or closed over from an outer jit) was used in {self.name}"
                )
        where = user_location()
        loc = self._locations[-1] if self._locations else self.location(where)
        with self.context, loc, ir.InsertionPoint(self.block):
            try:
                value = dsc.build(op, [t.value for t in operands], attrs, out=out)
            except DscTypeError as e:
                raise TypeError(f"{e}\n  at {describe_location(where)}") from None
        self.ops.append(value.owner.operation)
        return Tracer(self, value, dsc.from_mlir(value.type), weak)

    def emit(self, build):
        """Build a non-dsc op (scf, tensor glue) at the end of the current block, at the
        user's location; records and returns it."""
        loc = self._locations[-1] if self._locations else self.location(user_location())
        with self.context, loc, ir.InsertionPoint(self.block):
            op = build()
        self.ops.append(op.operation)
        return op

    def region(self, block):
        """Context manager: bind into `block` (a region of a control-flow op) with a fresh
        op list, restoring the current block afterwards."""
        trace = self

        class _Region:
            def __enter__(self):
                self.saved = (trace.block, trace.ops)
                trace.block, trace.ops = block, []
                return trace.ops

            def __exit__(self, *exc):
                trace.block, trace.ops = self.saved

        return _Region()

    def tracer(self, value: ir.Value) -> Tracer:
        """A Tracer for an existing SSA value of this trace."""
        return Tracer(self, value, dsc.from_mlir(value.type))


def bind(op: str, *operands: Tracer, out: TType | None = None, weak: bool = False, **attrs) -> Tracer:
    """Append `dsc.<op>` to the current trace (see `Trace.bind`)."""
    trace = current_trace()
    if trace is None:
        raise RuntimeError(f"dsc.{op}: bind outside of a trace")
    return trace.bind(op, list(operands), attrs, out, weak)


def trace_function(fun, in_avals: list, name: str, wrap_outputs, source=None):
    """Trace `fun(*tracers)` for inputs of types `in_avals` (a list of (TType, weak)).

    `fun` returns a flat list of outputs; `wrap_outputs(outputs)` turns them into
    Tracers (it materializes constants). Returns `(trace, out_tracers)` where
    `trace.module` holds `func.func @name` with the `llvm.emit_c_interface`
    attribute. `source` is the (file, line) of the Python function, used as
    the location of the func.func and its arguments."""
    trace = Trace(name)
    with trace, trace.context, ir.Location.unknown() as unknown:
        fn_loc = ir.Location.file(source[0], source[1], 1) if source else unknown
        trace.module = ir.Module.create()
        arg_types = [to_mlir(t) for t, _ in in_avals]
        with ir.InsertionPoint(trace.module.body):
            fn = func.FuncOp(name, ir.FunctionType.get(arg_types, []), loc=fn_loc)
            fn.attributes["llvm.emit_c_interface"] = ir.UnitAttr.get()
            trace.block = fn.add_entry_block(arg_locs=[fn_loc] * len(arg_types))
        args = [Tracer(trace, a, t, w) for a, (t, w) in zip(trace.block.arguments, in_avals)]
        flat_out = fun(*args)
        outs = wrap_outputs(flat_out)
        with ir.InsertionPoint(trace.block), fn_loc:
            func.ReturnOp([t.value for t in outs])
        fn.attributes["function_type"] = ir.TypeAttr.get(
            ir.FunctionType.get(arg_types, [t.value.type for t in outs])
        )
    return trace, outs
