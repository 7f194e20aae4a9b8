"""Shared plumbing of `descend-opt` and `descend-run`: reading inputs,
splitting them, parsing them into modules with diagnostics."""

from __future__ import annotations

import re
import sys
from typing import NamedTuple

from mlir import ir

from .diagnostics import Diag, DiagnosticCollector, format_diagnostic

SPLIT_MARKER = "// -----"


class Chunk(NamedTuple):
    text: str
    first_line: int  # 1-based line of the chunk's first line in the input


def read_input(path: str, tool: str) -> str:
    """The text of `path` (or stdin for "-"); exits 1 with a one-line error if unreadable."""
    try:
        if path == "-":
            return sys.stdin.read()
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        print(f"{tool}: could not open input file '{path}': {reason}", file=sys.stderr)
        sys.exit(1)


def split_input(text: str, split: bool) -> list[Chunk]:
    """The chunks of the input (one unless `split`), with their starting lines."""
    if not split:
        return [Chunk(text, 1)]
    chunks, current, start = [], [], 1
    for i, line in enumerate(text.split("\n"), start=1):
        if line.strip() == SPLIT_MARKER:
            chunks.append(Chunk("\n".join(current), start))
            current, start = [], i + 1
        else:
            current.append(line)
    chunks.append(Chunk("\n".join(current), start))
    return chunks


def parse_chunk(chunk: Chunk, context: ir.Context, collector: DiagnosticCollector, filename: str | None = None):
    """Parse a chunk so that locations keep the input's line numbers; None on error
    (the diagnostics are added to `collector`). Locations name `filename`, as mlir-opt's do."""
    padded = "\n" * (chunk.first_line - 1) + chunk.text
    seen = len(collector.diagnostics)
    try:
        module = ir.Module.parse(padded, context)
    except ir.MLIRError as e:
        collector.add_error(e)
        if len(collector.diagnostics) == seen:  # MLIR failed without saying why
            collector.diagnostics.append(_silent_parse_failure(chunk))
        return None
    if filename:
        _name_locations(module, filename)
    return module


# A dsc op in custom (pretty) form, e.g. `%0 = dsc.neg %x : tensor<2xf32>`: IRDL ops
# have no custom parser, and MLIR's IRDL parse hook fails without a diagnostic.
_CUSTOM_DSC_OP = re.compile(r'(^|[=\s(])(dsc\.[A-Za-z_]\w*)(?!["\w])')


def _silent_parse_failure(chunk: Chunk) -> Diag:
    """The diagnostic for a parse failure that MLIR reported with no message."""
    for i, line in enumerate(chunk.text.split("\n")):
        code = line.split("//", 1)[0]
        m = _CUSTOM_DSC_OP.search(code)
        if m:
            op = m.group(2)
            msg = (
                f"custom assembly format of '{op}' is not supported: dsc ops are written in "
                f'MLIR\'s generic form, e.g. %0 = "{op}"(%x) : (tensor<4xf32>) -> tensor<4xf32>'
            )
            return Diag("error", "-", chunk.first_line + i, m.start(2) + 1, msg, ())
    return Diag("error", "-", chunk.first_line, 1, "could not parse the input (MLIR gave no reason)", ())


def _name_locations(module, filename: str) -> None:
    """Replace the anonymous buffer name "-" that `Module.parse` gives file locations by `filename`."""

    def renamed(loc):
        if loc.is_a_file() and loc.filename in ("-", ""):
            return ir.Location.file(filename, loc.start_line, loc.start_col, context=loc.context)
        return None

    def visit(op):
        new = renamed(op.location)
        if new is not None:
            op.location = new
        for region in op.regions:
            for block in region.blocks:
                for arg in block.arguments:
                    new = renamed(arg.location)
                    if new is not None:
                        arg.set_location(new)
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit, ir.WalkOrder.PRE_ORDER)


def print_diagnostics(collector: DiagnosticCollector, filename: str) -> None:
    for d in collector.diagnostics:
        print(format_diagnostic(d, filename), file=sys.stderr)
