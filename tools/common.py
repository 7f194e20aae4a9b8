"""Shared plumbing of `descend-opt` and `descend-run`: reading inputs,
splitting them, parsing them into modules with diagnostics."""

from __future__ import annotations

import sys
from typing import NamedTuple

from mlir import ir

from .diagnostics import DiagnosticCollector, format_diagnostic

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


def parse_chunk(chunk: Chunk, context: ir.Context, collector: DiagnosticCollector):
    """Parse a chunk so that locations keep the input's line numbers; None on error
    (the diagnostics are added to `collector`)."""
    padded = "\n" * (chunk.first_line - 1) + chunk.text
    try:
        return ir.Module.parse(padded, context)
    except ir.MLIRError as e:
        collector.add_error(e)
        return None


def print_diagnostics(collector: DiagnosticCollector, filename: str) -> None:
    for d in collector.diagnostics:
        print(format_diagnostic(d, filename), file=sys.stderr)
