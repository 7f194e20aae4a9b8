"""Shared plumbing of `descend-opt` and `descend-run`: reading inputs,
splitting them, parsing them into modules with diagnostics."""

from __future__ import annotations

import os
import re
import sys
from typing import NamedTuple

from mlir import ir

from descend.dialects.types import MAX_ELEMENTS

from .diagnostics import Diag, DiagnosticCollector, format_diagnostic

BUFFER_RESULTS_TO_OUT_PARAMS = "buffer-results-to-out-params"

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
    crash = (
        _dialect_only_op_name(chunk)
        or _bad_linalg_iterator_types(chunk)
        or _late_linalg_generic_label(chunk)
        or _bad_permutation_map(chunk)
        or _huge_shape(chunk)
    )
    if crash is not None:  # inputs MLIR 22's parser aborts the process on (see below)
        collector.diagnostics.append(crash)
        return None
    padded = "\n" * (chunk.first_line - 1) + chunk.text
    aborted = PARSE_PROBE.check(padded)
    if aborted is not None:
        msg = f"could not parse the input: MLIR's parser aborts on it (an MLIR bug: {aborted})"
        collector.diagnostics.append(Diag("error", "-", chunk.first_line, 1, msg, ()))
        return None
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


class ParseProbe:
    """Parses each input first in a forked child process, a "parse server" kept for the
    next inputs: MLIR 22's parser aborts the whole process on some invalid inputs (failed
    assertions while it discards a half-built op, casts of wrong attribute kinds in custom
    parsers, ...). The checks below reject the ones test/fuzz found with a precise message;
    this catches the others. An input the child survives (parsed or rejected with a
    diagnostic) is then parsed here. `check` returns None, or the child's last words when
    it died. POSIX only; DESCEND_PARSE_PROBE=0 turns it off."""

    def __init__(self):
        self.pid = None

    def _start(self) -> bool:
        import tempfile

        try:
            self.err = tempfile.TemporaryFile()
            from_parent, to_child = os.pipe()  # (read end, write end)
            from_child, to_parent = os.pipe()
            pid = os.fork()
        except (OSError, AttributeError):
            return False
        if pid == 0:  # the child: parse what comes, answer 0/1, until EOF
            try:
                os.close(to_child)
                os.close(from_child)
                os.dup2(self.err.fileno(), 2)
                os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
                from descend.dialects.dsc import new_context

                ctx = new_context()
                while True:
                    head = _read_exactly(from_parent, 8)
                    if head is None:
                        break
                    text = _read_exactly(from_parent, int.from_bytes(head, "little"))
                    try:
                        ir.Module.parse(text.decode("utf-8"), ctx)
                        ok = b"0"
                    except Exception:
                        ok = b"1"
                    os.write(to_parent, ok)
            finally:
                os._exit(0)
        os.close(from_parent)
        os.close(to_parent)
        self.pid, self.to_child, self.from_child = pid, to_child, from_child
        return True

    def _stop(self) -> None:
        for fd in (self.to_child, self.from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.pid = None

    def check(self, text: str, timeout: float = 60.0) -> str | None:
        if os.environ.get("DESCEND_PARSE_PROBE", "1") == "0" or not hasattr(os, "fork"):
            return None
        if self.pid is None and not self._start():
            return None
        import select

        data = text.encode("utf-8")
        try:
            os.write(self.to_child, len(data).to_bytes(8, "little"))
            view = memoryview(data)
            while view:
                view = view[os.write(self.to_child, view) :]
            ready, _, _ = select.select([self.from_child], [], [], timeout)
            answer = os.read(self.from_child, 1) if ready else None
        except OSError:
            answer = b""
        if answer in (b"0", b"1"):
            return None
        if answer is None:  # no answer in time (a deadlocked child): parse here as before
            os.kill(self.pid, 9)
            self._stop()
            return None
        self._stop()  # the child died on this input
        self.err.seek(0)
        lines = [line for line in self.err.read().decode("utf-8", "replace").splitlines() if line.strip()]
        self.err.close()
        for marker in ("Assertion", "LLVM ERROR", "UNREACHABLE"):
            line = next((line for line in lines if marker in line), None)
            if line is not None:
                return line[line.index(marker) :].strip()[:300]
        return (lines[0] if lines else "it crashed").strip()[:300]


def _read_exactly(fd: int, n: int) -> bytes | None:
    chunks = []
    while n:
        data = os.read(fd, n)
        if not data:
            return None
        chunks.append(data)
        n -= len(data)
    return b"".join(chunks)


PARSE_PROBE = ParseProbe()


# A quoted op name that starts an op in generic form: `= "name"(`, or `"name"(` first on a line.
_GENERIC_OP_NAME = re.compile(r'(?:^|[={:])\s*"([^"\\]*(?:\\.[^"\\]*)*)"\s*\(')


def _code_part(line: str) -> str:
    """`line` without its `//` comment (a `//` inside a string literal is kept)."""
    in_string = escaped = False
    for i, ch in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif line.startswith("//", i):
            return line[:i]
    return line


def _dialect_only_op_name(chunk: Chunk) -> Diag | None:
    """A diagnostic for a generic op named without an op part (`"func"()`, `"arith."()`).

    MLIR 22's parser accepts such a name when its prefix is a dialect that can be
    loaded, then aborts the whole process in Operation::create ("LLVM ERROR: func
    created with unregistered dialect"); mlir-opt aborts too. Found by test/fuzz."""
    for i, line in enumerate(chunk.text.split("\n")):
        if '"' not in line:
            continue
        for m in _GENERIC_OP_NAME.finditer(_code_part(line)):
            dialect, dot, op = m.group(1).partition(".")
            if not dialect or not op:
                msg = f"invalid operation name '{m.group(1)}': expected '<dialect>.<operation>'"
                return Diag("error", "-", chunk.first_line + i, m.start(1), msg, ())
    return None


_LINALG_GENERIC_ITERATORS = re.compile(r"linalg\.generic\s*\{[^{}]*?\biterator_types\s*=\s*")


def _bad_linalg_iterator_types(chunk: Chunk) -> Diag | None:
    """A diagnostic for `linalg.generic {..., iterator_types = [...]}` (custom form) whose entries
    are not all string literals: MLIR 22's parser casts each entry to a string attribute and
    aborts the process otherwise (`[@f]`, `[1]`, even `[#linalg.iterator_type<parallel>]`).
    Found by test/fuzz."""
    code = "\n".join(_code_part(line) for line in chunk.text.split("\n"))
    for m in _LINALG_GENERIC_ITERATORS.finditer(code):
        value = _bracketed(code, m.end())
        if value is None:  # not an array, or unterminated: MLIR's parser says so
            continue
        items = [v.strip() for v in _split_top_level(value[1:-1])]
        if not all(re.fullmatch(r'"[^"\\]*"', v) for v in items if v):
            line = chunk.first_line + code.count("\n", 0, m.end())
            col = m.end() - (code.rfind("\n", 0, m.end()) + 1) + 1
            msg = 'linalg.generic: iterator_types must be an array of strings ("parallel" or "reduction")'
            return Diag("error", "-", line, col, msg, ())
    return None


_SHAPED = re.compile(r"\b(?:tensor|memref|vector)<((?:(?:\[?\d+\]?|\?)\s*x\s*)+)")


def _huge_shape(chunk: Chunk) -> Diag | None:
    """A diagnostic for a shaped type of more than MAX_ELEMENTS elements: MLIR 22 computes
    element counts and sizes in int64 and aborts on overflow ("integer overflow in element
    count computation", in convert-func-to-llvm, memref-to-llvm, ...). Found by test/fuzz."""
    for i, line in enumerate(chunk.text.split("\n")):
        for m in _SHAPED.finditer(_code_part(line)):
            count = 1
            for d in re.findall(r"\d+", m.group(1)):
                count *= max(int(d), 1)  # (2^60, 2^60, 0) overflows MLIR's strides too
            if count > MAX_ELEMENTS:
                msg = f"shaped type too large: more than the {MAX_ELEMENTS} (2^56) elements supported"
                return Diag("error", "-", chunk.first_line + i, m.start() + 1, msg, ())
    return None


_PERMUTATION_MAP = re.compile(r"\bpermutation_map\s*=\s*")
_MAP_ALIAS = re.compile(r"^\s*(#[\w.$-]+)\s*=\s*affine_map<", re.M)


def _bad_permutation_map(chunk: Chunk) -> Diag | None:
    """A diagnostic for `permutation_map = <not an affine map>` (vector.transfer_read/write):
    MLIR 22's parser casts it to AffineMapAttr and aborts the process otherwise
    (`permutation_map = @f`, `= 1`, ...; mlir-opt too). Found by test/fuzz."""
    code = "\n".join(_code_part(line) for line in chunk.text.split("\n"))
    maps = set(_MAP_ALIAS.findall(code))
    for m in _PERMUTATION_MAP.finditer(code):
        rest = code[m.end() :]
        alias = re.match(r"#[\w.$-]+", rest)
        if rest.startswith("affine_map<") or (alias and alias.group(0) in maps):
            continue
        line = chunk.first_line + code.count("\n", 0, m.end())
        col = m.end() - (code.rfind("\n", 0, m.end()) + 1) + 1
        return Diag("error", "-", line, col, "permutation_map must be an affine map", ())
    return None


_LINALG_GENERIC = re.compile(r'(?<!")\blinalg\.generic\s*\{')


def _late_linalg_generic_label(chunk: Chunk) -> Diag | None:
    """A diagnostic for a block label that is not the first thing in the region of a
    `linalg.generic` (custom form), or a second block: always invalid (its one block has the
    arguments), and when a value of the region is used outside it, MLIR 22's parser aborts
    the process while discarding the op ("operation destroyed but still has uses", "Cannot
    destroy a value that still has uses"; mlir-opt reports an error). Found by test/fuzz."""
    code = "\n".join(_code_part(line) for line in chunk.text.split("\n"))
    for m in _LINALG_GENERIC.finditer(code):
        region = _generic_region(code, m.end() - 1)
        if region is None:
            continue
        start, end = region
        depth, seen_op, seen_label, k = 0, False, False, start + 1
        while k < end:
            ch = code[k]
            if ch == '"':  # skip a string literal
                k += 1
                while k < end and (code[k] != '"' or code[k - 1] == "\\"):
                    k += 1
            elif ch in "({[":
                depth += 1
            elif ch in ")}]":
                depth -= 1
            elif ch == "^" and depth == 0 and (seen_op or seen_label):  # ops before, or a second block
                line = chunk.first_line + code.count("\n", 0, k)
                col = k - (code.rfind("\n", 0, k) + 1) + 1
                msg = "linalg.generic: the region must be one block that begins with its label and arguments (^bb0(...):)"
                return Diag("error", "-", line, col, msg, ())
            elif not ch.isspace() and depth == 0:
                seen_op = seen_op or ch != "^"
                if ch == "^":  # the first label: skip to the end of its line
                    seen_label = True
                    k = code.find("\n", k)
                    k = end if k < 0 else k
                    continue
            k += 1
    return None


def _generic_region(code: str, i: int) -> tuple[int, int] | None:
    """(start, end) of the region of the linalg.generic whose attribute dictionary opens at
    code[i]: the first `{` at bracket depth 0 after it, not the `attrs = {...}` dictionary."""
    depth, k, n = 0, i, len(code)
    # skip the attribute dictionary
    while k < n:
        if code[k] == "{":
            depth += 1
        elif code[k] == "}":
            depth -= 1
            if depth == 0:
                break
        k += 1
    k += 1
    depth = 0
    while k < n:
        ch = code[k]
        if ch == '"':
            k = code.find('"', k + 1)
            if k < 0:
                return None
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "<" :
            depth += 1
        elif ch == ">" and code[k - 1] != "-":
            depth -= 1
        elif ch == "{" and depth == 0:
            if re.search(r"attrs\s*=\s*$", code[max(0, k - 40) : k]):  # attrs = {...}: skip it
                inner = 1
                k += 1
                while k < n and inner:
                    inner += {"{": 1, "}": -1}.get(code[k], 0)
                    k += 1
                continue
            inner, j = 1, k + 1
            while j < n and inner:
                inner += {"{": 1, "}": -1}.get(code[j], 0)
                j += 1
            return k, (j - 1 if inner == 0 else n)
        elif ch in "\n" and depth < 0:
            return None
        k += 1
    return None


def _bracketed(text: str, i: int) -> str | None:
    """The `[...]` starting at text[i] (nested brackets and strings skipped), or None."""
    if i >= len(text) or text[i] != "[":
        return None
    depth, in_string = 0, False
    for j in range(i, len(text)):
        ch = text[j]
        if in_string:
            in_string = ch != '"' or text[j - 1] == "\\"
        elif ch == '"':
            in_string = True
        elif ch in "[(<{":
            depth += 1
        elif ch in "])>}":
            depth -= 1
            if depth == 0:
                return text[i : j + 1] if ch == "]" else None
    return None


def _split_top_level(text: str) -> list[str]:
    parts, depth, in_string, cur = [], 0, False, []
    for j, ch in enumerate(text):
        if in_string:
            in_string = ch != '"' or text[j - 1] == "\\"
        elif ch == '"':
            in_string = True
        elif ch in "[(<{":
            depth += 1
        elif ch in "])>}":
            depth -= 1
        if ch == "," and depth == 0 and not in_string:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


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


# ---- pipelines -------------------------------------------------------------------


def copy_repeated_results_pass(op, pass_) -> None:
    """Make every function return distinct buffers: a memref returned a second time by
    one `func.return` is replaced by a copy (memref.alloc + memref.copy).

    MLIR 22's `buffer-results-to-out-params{hoist-static-allocs}` erases the alloc of a
    returned buffer when it turns it into an out-param, and a second use of that buffer
    in the same return reads the erased op: a segfault (`return %0, %0` after
    bufferization, e.g. two equal results merged by cse). Found by test/fuzz."""
    from mlir.dialects import memref

    returns = []

    def visit(o):
        if o.name == "func.return" and o.parent is not None and o.parent.name == "func.func":
            returns.append(o)
        return ir.WalkResult.ADVANCE

    op.walk(visit, ir.WalkOrder.PRE_ORDER)
    for ret in returns:
        seen = []
        for i, v in enumerate(list(ret.operands)):
            t = v.type
            if isinstance(t, ir.MemRefType) and any(v == s for s in seen):
                if t.has_static_shape and t == ir.MemRefType.get(t.shape, t.element_type, memory_space=t.memory_space):
                    with ir.InsertionPoint(ret), ret.location:
                        copy = memref.AllocOp(t, [], []).result
                        memref.CopyOp(v, copy)
                    ret.operands[i] = copy
            seen.append(v)


# ops that affine-loop-fusion handles inside affine.for: any other op on a memref there
# (vector.transfer_read/write, memref.copy, ...) makes MLIR 22's MemRefAccess hit
# `UNREACHABLE "unexpected op"` (Affine/Analysis/Utils.cpp:255) and abort; mlir-opt too.
_FUSION_MEMREF_OPS = {
    "affine.load", "affine.store", "affine.vector_load", "affine.vector_store", "affine.prefetch",
    "memref.load", "memref.store", "memref.dim", "memref.subview", "memref.cast", "memref.get_global",
}


def affine_loop_fusion_guard_pass(op, pass_) -> None:
    """Fail with a diagnostic, instead of aborting the process in affine-loop-fusion, on an
    affine.for that accesses a memref with an op the pass cannot analyze. Found by test/fuzz."""
    bad = []

    def visit(o):
        if o.name == "affine.for":
            def inner(n):
                if n.name not in _FUSION_MEMREF_OPS and any(isinstance(v.type, ir.MemRefType) for v in n.operands):
                    bad.append(n)
                return ir.WalkResult.ADVANCE

            o.walk(inner, ir.WalkOrder.PRE_ORDER)
            return ir.WalkResult.SKIP
        return ir.WalkResult.ADVANCE

    op.walk(visit, ir.WalkOrder.PRE_ORDER)
    if bad:
        bad[0].location.emit_error(
            f"affine-loop-fusion cannot analyze '{bad[0].name}' on a memref inside an affine loop "
            "(MLIR 22 aborts on it); not running the pass"
        )
        pass_.signal_pass_failure()


def sub_byte_memref_guard_pass(op, pass_) -> None:
    """Fail with a diagnostic, instead of aborting the process in memref-to-llvm, on a
    memref.load/store of i1..i7 (MLIR 22: `integralElementType.getWidth() >= 8` assertion;
    mlir-opt too). descend itself stores booleans as i8 (memref-i1-to-i8). Found by test/fuzz."""
    bad = []

    def visit(o):
        if o.name in ("memref.load", "memref.store"):
            t = o.operands[0 if o.name == "memref.load" else 1].type
            et = t.element_type if isinstance(t, ir.MemRefType) else None
            if isinstance(et, ir.IntegerType) and et.width < 8:
                bad.append((o, t))
        return ir.WalkResult.ADVANCE

    op.walk(visit, ir.WalkOrder.PRE_ORDER)
    if bad:
        o, t = bad[0]
        o.location.emit_error(
            f"'{o.name}' of {t}: memrefs of integers narrower than 8 bits cannot be lowered to LLVM "
            "(MLIR 22 aborts on them); store booleans as i8 (the memref-i1-to-i8 pass)"
        )
        pass_.signal_pass_failure()


# upstream passes that crash the process on some valid inputs: a descend pass runs before
# each of them (anywhere in a pipeline, nested or not) that fixes the IR or rejects it
_GUARDS = {
    BUFFER_RESULTS_TO_OUT_PARAMS: (copy_repeated_results_pass, "copy-repeated-results"),
    "affine-loop-fusion": (affine_loop_fusion_guard_pass, "affine-loop-fusion-guard"),
    "finalize-memref-to-llvm": (sub_byte_memref_guard_pass, "sub-byte-memref-guard"),
    "convert-to-llvm": (sub_byte_memref_guard_pass, "sub-byte-memref-guard"),
}


def add_pipeline(pm, elements: list[str]) -> None:
    """`add_elements`, with the guards of `_GUARDS` before the elements that run their passes."""
    from descend.lowering.pipeline import add_elements

    for element in elements:
        for pass_name, (guard, name) in _GUARDS.items():
            if re.search(rf"(^|[(,\s]){re.escape(pass_name)}($|[{{(),\s])", element):
                pm.add(guard, name=name, argument=name)
        add_elements(pm, [element])


def run_tool(main, tool: str) -> None:
    """Run a console-script `main()` and exit with its code: never a Python traceback
    (a bug is one "internal error" line), quiet on a closed pipe."""
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # the reader went away (`descend-opt ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except SystemExit:
        raise
    except Exception as e:  # a bug in descend: report it without a traceback
        print(f"{tool}: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
