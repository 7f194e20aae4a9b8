"""`descend-run`: compile a function in a .mlir file for the CPU and run it
(like mlir-runner, on NumPy data).

    descend-run model.mlir --entry f --input a.npy --input b.npy
    descend-run model.mlir --random-inputs --seed 0 -o out.npz

The function's arguments and results must be static tensors (dsc or
linalg/tensor level). Inputs come from `.npy` files (in argument order) or are
generated (`--random-inputs`: uniform [0, 1) floats, small integers, random
bools). Outputs are printed, or saved with `-o` (`.npy` for one output,
`.npz` for several). Errors are MLIR diagnostics or one-line messages; the
exit code is 1 on any error.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
from mlir import ir, passmanager

from descend.dialects.dsc import new_context
from descend.dialects.types import TType, from_mlir
from descend.dialects.verifier import verify_module
from descend.lowering.pipeline import stages_upto
from descend.runtime import Executable

from .common import Chunk, add_pipeline, parse_chunk, print_diagnostics, read_input, run_tool
from .diagnostics import DiagnosticCollector

TOOL = "descend-run"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=TOOL, description="Compile a function of a .mlir file and run it on the CPU.")
    p.add_argument("input", help="the .mlir file ('-' for stdin)")
    p.add_argument("--entry", default=None, help="function to run (default: 'main', else the first function)")
    p.add_argument("--input", dest="inputs", action="append", default=[], help="a .npy file per argument, in order")
    p.add_argument("--random-inputs", action="store_true", help="generate the arguments")
    p.add_argument("--seed", type=int, default=0, help="seed for --random-inputs")
    p.add_argument("-o", dest="output", default=None, help="save outputs (.npy for one, .npz for several)")
    p.add_argument("--opt-level", type=int, default=3, choices=[0, 1, 2, 3], help="LLVM optimization level")
    return p


def _fail(msg: str) -> int:
    print(f"{TOOL}: {msg}", file=sys.stderr)
    return 1


def _find_entry(module, name):
    funcs = [op for op in module.body.operations if op.operation.name == "func.func"]
    names = [ir.StringAttr(f.attributes["sym_name"]).value for f in funcs]
    if name is None:
        name = "main" if "main" in names else (names[0] if names else None)
    if name not in names:
        return None, name, names
    return funcs[names.index(name)], name, names


def _signature(fn) -> tuple[list, list]:
    ft = ir.FunctionType(ir.TypeAttr(fn.attributes["function_type"]).value)
    return [from_mlir(t) for t in ft.inputs], [from_mlir(t) for t in ft.results]


def _random(t: TType, rng) -> np.ndarray:
    if t.dtype == "bool":
        return rng.random(t.shape) < 0.5
    if t.dtype.startswith("int"):
        return rng.integers(-10, 10, t.shape).astype(t.dtype)
    return rng.random(t.shape).astype(t.dtype)


def _load_inputs(args, in_types) -> list:
    if args.inputs and args.random_inputs:
        raise ValueError("give either --input files or --random-inputs, not both")
    if args.random_inputs:
        rng = np.random.default_rng(args.seed)
        return [_random(t, rng) for t in in_types]
    if len(args.inputs) != len(in_types):
        raise ValueError(f"the function takes {len(in_types)} arguments, but {len(args.inputs)} --input files were given")
    arrays = []
    for i, (path, t) in enumerate(zip(args.inputs, in_types)):
        try:
            a = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as e:
            raise ValueError(f"could not load input {i} from '{path}': {e}") from None
        if tuple(a.shape) != t.shape or a.dtype.name != t.dtype:
            raise ValueError(f"input {i} ('{path}') is {a.dtype.name}{list(a.shape)}, expected {t.dtype}{list(t.shape)}")
        arrays.append(np.ascontiguousarray(a))
    return arrays


def _save(outputs, path) -> None:
    if path.endswith(".npz"):
        np.savez(path, *outputs)
    elif len(outputs) == 1:
        np.save(path, outputs[0])
    else:
        raise ValueError(f"{len(outputs)} outputs need an .npz file, got '{path}'")


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    filename = "<stdin>" if args.input == "-" else args.input
    text = read_input(args.input, TOOL)
    ctx = new_context()
    collector = DiagnosticCollector(ctx)
    module = parse_chunk(Chunk(text, 1), ctx, collector, filename)
    if module is None or verify_module(module.operation):
        collector.detach()
        print_diagnostics(collector, filename)
        return 1
    with ctx, ir.Location.unknown():
        fn, name, names = _find_entry(module, args.entry)
        if fn is None:
            return _fail(f"no function '{name}' in {filename} (functions: {', '.join(names) or 'none'})")
        try:
            in_types, out_types = _signature(fn)
        except ValueError as e:
            return _fail(f"function '{name}': {e} (arguments and results must be static tensors)")
        try:
            inputs = _load_inputs(args, in_types)
        except ValueError as e:
            return _fail(str(e))
        except MemoryError as e:  # a huge tensor<...> argument (found by test/fuzz)
            return _fail(f"not enough memory for the inputs of '{name}': {e}")
        fn.attributes["llvm.emit_c_interface"] = ir.UnitAttr.get()
        try:
            pm = passmanager.PassManager("builtin.module")
            add_pipeline(pm, stages_upto("llvm"))
            pm.run(module.operation)
        except ir.MLIRError as e:
            collector.add_error(e)
            collector.detach()
            print_diagnostics(collector, filename)
            return 1
    collector.detach()
    try:
        exe = Executable(module, name, in_types, out_types, opt_level=args.opt_level)
    except RuntimeError as e:  # LLVM could not translate or link it (an undefined external function, ...)
        return _fail(f"could not compile '{name}': {e}")
    try:
        outputs = exe(inputs)
    except (MemoryError, ValueError) as e:  # the outputs cannot be allocated (a huge result type)
        return _fail(f"could not allocate the outputs of '{name}': {e}")
    if args.output:
        try:
            _save(outputs, args.output)
        except (OSError, ValueError) as e:
            return _fail(f"could not save outputs: {e}")
    else:
        with np.printoptions(threshold=200):
            for i, o in enumerate(outputs):
                print(f"output {i}: {o.dtype}{list(o.shape)}")
                print(o)
    return 0


def run() -> None:
    """Console-script entry point: never a Python traceback."""
    run_tool(main, TOOL)



if __name__ == "__main__":
    run()
