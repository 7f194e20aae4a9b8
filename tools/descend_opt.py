"""`descend-opt`: mlir-opt for descend.

Reads MLIR (a file or stdin), runs a pass pipeline that mixes descend's passes
(`dsc-verify`, `dsc-to-linalg`, ...) with any upstream MLIR pass, and prints
the result. Every dialect upstream MLIR registers is accepted, plus `dsc`.

    descend-opt in.mlir --pass-pipeline='builtin.module(dsc-to-linalg, canonicalize)'
    descend-opt in.mlir --dsc-to-linalg --canonicalize -o out.mlir
    descend-opt in.mlir --split-input-file --verify-diagnostics

dsc ops are checked against their shape rules after parsing. Errors are
printed as `file:line:col: error: message`; the exit code is 1 on any error.
"""

from __future__ import annotations

import argparse
import io
import sys

from mlir import ir, passmanager

from descend.dialects.dsc import new_context
from descend.dialects.verifier import verify_module
from descend.lowering.passes import PASSES
from descend.lowering.pipeline import STAGES, add_elements, parse_pipeline

from .common import add_pipeline, parse_chunk, print_diagnostics, read_input, run_tool, split_input
from .diagnostics import DiagnosticCollector, check_expected, parse_expected

TOOL = "descend-opt"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=TOOL,
        description="Run descend and MLIR passes over .mlir files (like mlir-opt). Any other "
        "--<pass-name>[=<options>] flag adds that pass (descend's or upstream MLIR's) to the pipeline.",
    )
    p.add_argument("input", nargs="?", default="-", help="input file (default: stdin)")
    p.add_argument("-o", dest="output", default="-", help="output file (default: stdout)")
    p.add_argument("--pass-pipeline", default=None, help="textual pass pipeline, e.g. 'builtin.module(dsc-to-linalg)'")
    p.add_argument("--split-input-file", action="store_true", help="process chunks separated by '// -----' independently")
    p.add_argument("--verify-diagnostics", action="store_true", help="check diagnostics against expected-* comments")
    p.add_argument("--mlir-print-ir-after-all", action="store_true", help="print the IR after every pass (to stderr)")
    p.add_argument("--mlir-print-debuginfo", action="store_true", help="print locations in the output")
    p.add_argument("--mlir-print-op-generic", action="store_true", help="print every op in generic form")
    p.add_argument("--list-passes", action="store_true", help="list descend's passes and pipelines, then exit")
    return p


def _pass_flags(unknown: list[str]) -> list[str]:
    """Turn `--name` / `--name=opts` flags into pipeline elements; exits on stray arguments."""
    elements = []
    for flag in unknown:
        if not flag.startswith("--") or len(flag) < 3:
            print(f"{TOOL}: unknown argument '{flag}'", file=sys.stderr)
            sys.exit(1)
        name, eq, opts = flag[2:].partition("=")
        opts = opts.strip("'\"")
        elements.append(f"{name}{{{opts}}}" if eq and opts else name)
    return elements


def list_passes() -> str:
    lines = ["descend passes:"]
    for name, info in PASSES.items():
        lines.append(f"  --{name:22s} {info.description}")
    lines.append("descend pipeline stages (jit(f).lower(...).as_text(stage)):")
    for name, elements in STAGES:
        lines.append(f"  {name:24s} {', '.join(elements)}")
    lines.append("Every upstream MLIR pass is also available (see `mlir-opt --help`).")
    return "\n".join(lines)


def _print_module(module, args) -> str:
    buf = io.StringIO()
    module.operation.print(
        file=buf, enable_debug_info=args.mlir_print_debuginfo, print_generic_op_form=args.mlir_print_op_generic
    )
    return buf.getvalue()


def process_chunk(chunk, elements, args, filename) -> tuple[str | None, bool]:
    """Parse, verify and transform one chunk. Returns (output text or None, ok)."""
    ctx = new_context()
    collector = DiagnosticCollector(ctx)
    out, ok = None, True
    module = parse_chunk(chunk, ctx, collector, filename)
    if module is None:
        ok = False
    else:
        with ctx, ir.Location.unknown():
            if verify_module(module.operation):
                ok = False
            else:
                try:
                    pm = passmanager.PassManager("builtin.module")
                    add_pipeline(pm, elements)
                    if args.mlir_print_ir_after_all:
                        pm.enable_ir_printing(print_after_all=True, enable_debug_info=args.mlir_print_debuginfo)
                    pm.run(module.operation)
                    if verify_module(module.operation):
                        ok = False
                    else:
                        out = _print_module(module, args)
                except ir.MLIRError as e:
                    collector.add_error(e)
                    ok = False
    collector.detach()
    if args.verify_diagnostics:
        expected = parse_expected(chunk.text, chunk.first_line)
        problems = check_expected(expected, collector.diagnostics, filename)
        for p in problems:
            print(p, file=sys.stderr)
        return out, not problems
    print_diagnostics(collector, filename)
    return out, ok


def main(argv: list[str] | None = None) -> int:
    args, unknown = _parser().parse_known_args(argv)
    if args.list_passes:
        print(list_passes())
        return 0
    elements = []
    if args.pass_pipeline is not None:
        try:
            elements = parse_pipeline(args.pass_pipeline)
        except ValueError as e:
            print(f"{TOOL}: invalid pass pipeline: {e}", file=sys.stderr)
            return 1
    elements += _pass_flags(unknown)
    if not _check_pipeline(elements):
        return 1
    filename = "<stdin>" if args.input == "-" else args.input
    text = read_input(args.input, TOOL)
    outputs, all_ok = [], True
    for chunk in split_input(text, args.split_input_file):
        out, ok = process_chunk(chunk, elements, args, filename)
        all_ok &= ok
        if out is not None:
            outputs.append(out)
    result = "// -----\n".join(outputs)
    if args.output == "-":
        sys.stdout.write(result)
    else:
        try:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(result)
        except OSError as e:
            print(f"{TOOL}: could not write '{args.output}': {e.strerror}", file=sys.stderr)
            return 1
    return 0 if all_ok else 1


def _check_pipeline(elements) -> bool:
    """Reject unknown passes and bad options before reading any input."""
    ctx = new_context()
    collector = DiagnosticCollector(ctx)
    try:
        with ctx:
            add_elements(passmanager.PassManager("builtin.module"), elements)
        return True
    except (ValueError, KeyError) as e:
        msg = str(e).strip() or "invalid pass pipeline"
        print(f"{TOOL}: invalid pass pipeline: {msg}", file=sys.stderr)
        print_diagnostics(collector, "<pipeline>")
        return False
    finally:
        collector.detach()


def run() -> None:
    """Console-script entry point: never a Python traceback."""
    run_tool(main, TOOL)



if __name__ == "__main__":
    run()
