"""Run the lit/FileCheck regression suite (test/**/*.mlir) from pytest, so that
one `pytest` command runs both suites. The same suite runs with `lit test/` or
`cmake --build <dir> --target check-descend`."""

from __future__ import annotations

import re
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


def _dsc_ops() -> list[str]:
    text = (ROOT / "dialects" / "dsc.irdl.mlir").read_text()
    return re.findall(r"^\s*irdl\.operation @(\w+)", text, re.M)


# Every dsc op has its round-trip, invalid-IR, lowering and execution lit tests
# (DESIGN.md: "a primitive is complete or absent").
LIT_AREAS = {
    "round-trip (test/dsc/ops-*.mlir)": "dsc/ops-*.mlir",
    "invalid IR (test/dsc/invalid*.mlir)": "dsc/invalid*.mlir",
    "lowering (test/lowering/dsc-to-linalg-*.mlir)": "lowering/dsc-to-linalg-*.mlir",
    "execution (test/lowering/run-*.mlir)": "lowering/run-*.mlir",
}


@pytest.mark.parametrize("area", LIT_AREAS)
def test_every_dsc_op_has_lit_tests(area):
    ops = _dsc_ops()
    assert len(ops) > 40, ops
    text = "\n".join(p.read_text() for p in sorted((ROOT / "test").glob(LIT_AREAS[area])))
    missing = [op for op in ops if f'"dsc.{op}"' not in text]
    assert not missing, f"dsc ops with no {area} test: {', '.join(missing)}"
