"""Diagnostics for the command-line tools, in mlir-opt's format.

- `format_diagnostic(d, filename)` prints `file:line:col: error: message`
  (and its notes), as mlir-opt does.
- `DiagnosticCollector` gathers every diagnostic a context emits, plus the
  ones carried by an `MLIRError`.
- `check_expected(source, diagnostics, filename)` implements
  `--verify-diagnostics`: MLIR's `// expected-error {{...}}` convention
  (also `expected-warning`, `expected-note`, `expected-remark`, with `@+N`,
  `@-N`, `@above`, `@below`); returns the list of mismatch messages.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from mlir import ir


class Diag(NamedTuple):
    severity: str  # "error", "warning", "note", "remark"
    file: str
    line: int
    col: int
    message: str
    notes: tuple


def _where(loc) -> tuple[str, int, int]:
    """(file, line, col) of a location, looking through fused/callsite/name locations."""
    try:
        if loc.is_a_file():
            return loc.filename, loc.start_line, loc.start_col
        if loc.is_a_name():
            return _where(loc.child_loc)
        if loc.is_a_callsite():
            return _where(loc.callee)
        if loc.is_a_fused():
            for inner in loc.locations:
                f = _where(inner)
                if f[1]:
                    return f
    except (AttributeError, ValueError, TypeError):
        pass
    return "<unknown>", 0, 0


_SEVERITY = {"ERROR": "error", "WARNING": "warning", "NOTE": "note", "REMARK": "remark"}


def to_diag(info) -> Diag:
    """An MLIR Diagnostic / DiagnosticInfo as a plain `Diag`."""
    sev = _SEVERITY.get(str(info.severity).rsplit(".", 1)[-1], "error")
    file, line, col = _where(info.location)
    notes = tuple(to_diag(n) for n in info.notes)
    return Diag(sev, file, line, col, info.message, notes)


def format_diagnostic(d: Diag, filename: str | None = None) -> str:
    """`file:line:col: severity: message` lines for `d` and its notes.

    Diagnostics located in the anonymous buffer "-" are shown under `filename`."""
    file = filename if filename and d.file in ("-", "") else d.file
    head = f"{file}:{d.line}:{d.col}: {d.severity}: {d.message}" if d.line else f"{file}: {d.severity}: {d.message}"
    return "\n".join([head] + [format_diagnostic(n, filename) for n in d.notes])


class DiagnosticCollector:
    """Collects the diagnostics of a context while attached."""

    def __init__(self, context: ir.Context):
        self.diagnostics: list[Diag] = []
        self._handle = context.attach_diagnostic_handler(self._on_diag)

    def _on_diag(self, d) -> bool:
        self.diagnostics.append(to_diag(d))
        return True

    def add_error(self, err: ir.MLIRError) -> None:
        self.diagnostics.extend(to_diag(d) for d in err.error_diagnostics)

    def detach(self) -> None:
        self._handle.detach()


_EXPECTED = re.compile(r"expected-(error|warning|note|remark)\s*(@[+-]?\w+)?\s*\{\{(.*?)\}\}")


_OP_NOTE = "see current operation:"


class Expected(NamedTuple):
    severity: str
    line: int
    text: str


def parse_expected(source: str, first_line: int = 1) -> list[Expected]:
    """The `expected-*` annotations in `source` (whose first line is `first_line`)."""
    out = []
    lines = source.split("\n")
    for i, text in enumerate(lines):
        lineno = first_line + i
        for m in _EXPECTED.finditer(text):
            sev, offset, msg = m.group(1), m.group(2), m.group(3)
            target = lineno
            if offset == "@above":
                target = _code_line(lines, i, -1, first_line)
            elif offset == "@below":
                target = _code_line(lines, i, +1, first_line)
            elif offset:
                try:
                    target = lineno + int(offset[1:])
                except ValueError:  # `@main` (found by test/fuzz): taken as the annotation's own line
                    target = lineno
            out.append(Expected(sev, target, msg.strip()))
    return out


def _code_line(lines, i, step, first_line) -> int:
    j = i + step
    while 0 <= j < len(lines) and "expected-" in lines[j]:
        j += step
    return first_line + j


def check_expected(expected: list[Expected], diagnostics: list[Diag], filename: str) -> list[str]:
    """Match diagnostics (and their notes) to expectations; return mismatch messages.

    The "see current operation: ..." notes MLIR attaches to verifier errors are
    ignored, as mlir-opt turns them off under --verify-diagnostics."""
    flat = []
    for d in diagnostics:
        flat.append(d)
        flat.extend(n for n in d.notes if not n.message.startswith(_OP_NOTE))
    unmatched = list(expected)
    problems = []
    for d in flat:
        hit = next(
            (e for e in unmatched if e.severity == d.severity and e.line == d.line and e.text in d.message),
            None,
        )
        if hit is None:
            problems.append(f"{filename}:{d.line}:{d.col}: error: unexpected {d.severity}: {d.message}")
        else:
            unmatched.remove(hit)
    for e in unmatched:
        problems.append(f'{filename}:{e.line}: error: expected {e.severity} "{e.text}" was not produced')
    return problems
