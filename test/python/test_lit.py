"""Run the lit/FileCheck regression suite (test/**/*.mlir) from pytest, so that
one `pytest` command runs both suites. The same suite runs with `lit test/` or
`cmake --build <dir> --target check-descend`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("lit")

ROOT = Path(__file__).resolve().parents[2]

# lit 23 has no `__main__`, so `python -m lit` fails; call its entry point as the `lit` script does.
LIT = [sys.executable, "-c", "import sys; from lit.main import main; sys.argv[0] = 'lit'; main()"]


def test_lit_suite():
    proc = subprocess.run(
        [*LIT, "-sv", "test/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, f"lit failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
