"""The fast call path of a compiled function: one generated Python function per `Compiled`.

`fast_caller(compiled)` returns `call(leaves)` for a sequence of argument leaves
(NumPy arrays, descend `Array`s, scalars) of the compiled shapes and dtypes (the
caller has checked them: the jit fast path through its cache key). Per call it
only: takes each buffer (copying one that is not C-contiguous or of another
dtype), allocates the outputs with `np.empty` (large ones from `buffer_pool`), writes the data pointers into this
thread's descriptor block (`Executable.slots`), calls the packed entry point
through ctypes and wraps the outputs as read-only `Array`s.

The function is generated as source (as `collections.namedtuple` does) so that
the loop over arguments is unrolled: each Python-level step on this path costs a
measurable fraction of the ~1-3 us a call takes (see benchmarks `dispatch x+1`).
"""

from __future__ import annotations

import ctypes

import numpy as np

from . import buffer_pool
from .array import Array
from .runtime import _DATA_OFFSET, data_pointer
from .tree import tree_unflatten

__all__ = ["fast_caller"]


def _convert(x, dtype):
    """The C-contiguous NumPy buffer of `dtype` for an argument leaf that is not one already
    (a descend Array, a scalar, a strided or reversed view, another dtype): copied only if it must be."""
    if type(x) is Array:
        x = x._buffer
        if x.dtype == dtype and x.flags.c_contiguous:
            return x
    return np.ascontiguousarray(np.asarray(x, dtype=dtype))


def _wrap(buffer: np.ndarray) -> Array:
    buffer.setflags(write=False)
    out = Array.__new__(Array)
    out._buffer = buffer
    return out


def fast_caller(compiled):
    """The generated `call(args)` of `compiled` (a `descend.jit.Compiled` whose `_exe` is a
    CPU `Executable`), or None when it has no such fast path."""
    exe = compiled._exe
    slots = getattr(exe, "thread_slots", None)
    if slots is None:
        return None
    n_in, n_out = len(exe.in_types), len(exe.out_types)
    env = {
        "_ndarray": np.ndarray, "_Array": Array, "_empty": np.empty, "_convert": _convert,
        "_pooled_empty": buffer_pool.empty,
        "_wrap": _wrap, "_slots": slots, "_fn": exe._call, "_tree_unflatten": tree_unflatten,
        "_out_tree": compiled.out_tree, "_from_address": ctypes.c_void_p.from_address,
        "_ptr": data_pointer, "_new": Array.__new__,
    }
    lines = ["def call(args):"]
    ins = [f"x{i}" for i in range(n_in)]
    if n_in:
        lines.append(f"    {', '.join(ins)}, = args")
    for i, x in enumerate(ins):
        env[f"_dt{i}"] = compiled._in_dtypes[i]
        lines += [
            f"    if type({x}) is _ndarray:",
            f"        if ({x}.dtype is not _dt{i} and {x}.dtype != _dt{i}) or not {x}.flags.c_contiguous:",
            f"            {x} = _convert({x}, _dt{i})",
            "    else:",
            f"        {x} = _convert({x}, _dt{i})",
        ]
    outs = [f"o{k}" for k in range(n_out)]
    for k, (shape, dt) in enumerate(exe._out_specs):
        env[f"_shape{k}"], env[f"_odt{k}"] = shape, dt
        alloc = "_pooled_empty" if buffer_pool.pooled(shape, dt) else "_empty"
        lines.append(f"    {outs[k]} = {alloc}(_shape{k}, _odt{k})")
    lines.append("    block, argv = _slots.value")  # this thread's descriptors (runtime._ThreadSlots)
    for v, off in zip(ins + outs, exe._offsets):
        ptr = f"_from_address(id({v}) + {_DATA_OFFSET}).value" if _DATA_OFFSET is not None else f"_ptr({v})"
        lines.append(f"    block[{off}] = block[{off + 1}] = {ptr}")
    lines.append("    _fn(argv)")
    index = compiled._out_index
    if index is None and compiled.out_tree is not None and compiled.out_tree.kind == "leaf" and n_out == 1:
        lines += ["    o0.setflags(write=False)", "    r = _new(_Array)", "    r._buffer = o0", "    return r"]
    else:
        if index is None:
            leaves = [f"_wrap({o})" for o in outs]
        else:  # a buffer returned several times: the repeats are copies
            seen, leaves = set(), []
            dts = getattr(compiled, "_out_dtypes", None)
            for j, k in enumerate(index):
                v = outs[k] if k not in seen else f"{outs[k]}.copy()"
                if dts is not None and dts[j] != exe._out_specs[k][1]:  # same bits, other signedness
                    env[f"_vdt{j}"] = dts[j]
                    v = f"{v}.view(_vdt{j})"
                leaves.append(f"_wrap({v})")
                seen.add(k)
        lines.append(f"    return _tree_unflatten(_out_tree, [{', '.join(leaves)}])")
    exec(compile("\n".join(lines) + "\n", f"<descend fast call {compiled.name}>", "exec"), env)  # noqa: S102
    return env["call"]
