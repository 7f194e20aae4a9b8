"""The CLI fuzzer (test/fuzz/fuzz_cli.py) in its short mode, and checks of its harness.

Short mode: a fixed seed, a bounded number of cases (mutated lit inputs and random
pass pipelines through `descend-opt` and `descend-run`, most in-process in worker
subprocesses, a few through the console entry points), all of which must end in
output or a diagnostic with exit code 0 or 1. The long mode runs outside CI:

    python test/fuzz/fuzz_cli.py --long --minutes 10 --crash-dir /tmp/crashes

Budget: FUZZ_CLI_CASES (default 600) cases or FUZZ_CLI_SECONDS (default 40) seconds (a long
run through pytest: FUZZ_CLI_CASES=100000 FUZZ_CLI_SECONDS=600).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "test" / "fuzz"))

import fuzz_cli  # noqa: E402

CASES = int(os.environ.get("FUZZ_CLI_CASES", "600"))
SECONDS = float(os.environ.get("FUZZ_CLI_SECONDS", "40"))


def _report(stats) -> str:
    lines = []
    for f in stats["findings"]:
        lines.append(f"case {f['index']}: {f['kind']}: {f['tool']} {' '.join(f['args'])} "
                     f"(mutations {f['mutations']})\n{f['detail'][-1200:]}")
    return "\n\n".join(lines)


def test_fuzz_cli_short_mode():
    stats = fuzz_cli.fuzz(
        seed=0, max_cases=CASES, seconds=SECONDS, run_fraction=0.08, subprocess_cases=3, jobs=2,
        case_timeout=60, crash_dir=None, verbose=False, lowered_limit=6,
    )
    print(f"fuzz_cli short mode: {stats['cases']} cases ({stats['opt']} descend-opt, {stats['run']} descend-run, "
          f"{stats['subprocess']} via the console entry points) in {stats['seconds']} s; "
          f"{stats['guarded']} parser aborts caught by the parse probe")
    assert stats["cases"] >= min(CASES, 60), stats
    assert stats["opt"] > 0 and stats["run"] > 0
    assert not stats["findings"], _report(stats)


@pytest.mark.parametrize(
    "what, kind", [("abort", "crash"), ("hang", "hang"), ("raise", "internal-error"), ("exit3", "bad-exit")]
)
def test_harness_reports_failures(tmp_path, what, kind):
    """A case that aborts, hangs, raises or exits with another code is found and named,
    and the cases after it still run (the worker is restarted)."""
    runner = fuzz_cli.Runner(tmp_path, case_timeout=3 if what == "hang" else 60)
    cases = [(0, {"tool": "selftest", "args": ["ok"]}), (1, {"tool": "selftest", "args": [what]}),
             (2, {"tool": "selftest", "args": ["ok"]})]
    found = runner.run(cases, slot=0)
    assert set(found) == {1}, found
    assert found[1][0] == kind


def test_classify():
    assert fuzz_cli.classify(0, "") == "ok"
    assert fuzz_cli.classify(1, "f.mlir:1:2: error: bad") == "ok"
    assert fuzz_cli.classify(1, "") == "silent-failure"
    assert fuzz_cli.classify(-6, "") == "crash"
    assert fuzz_cli.classify(2, "usage") == "bad-exit"
    assert fuzz_cli.classify(1, "Traceback (most recent call last):\n") == "traceback"
    assert fuzz_cli.classify(1, "descend-opt: internal error: KeyError") == "internal-error"
    assert fuzz_cli.classify(1, "LLVM ERROR: out of memory") == "llvm-error"
    # the tools' parse probe caught a parser abort: reported as an error, counted apart
    assert fuzz_cli.classify(1, "f.mlir:1:1: error: could not parse the input: MLIR's parser aborts on it "
                                "(an MLIR bug: Assertion `x' failed.)") == "guarded"


def test_mutations_are_deterministic():
    """Short mode replays the same cases on every run (fixed seed)."""
    a = fuzz_cli.Generator(0, lowered_limit=0)
    b = fuzz_cli.Generator(0, lowered_limit=0)
    assert [a.case(0.1) for _ in range(50)] == [b.case(0.1) for _ in range(50)]
