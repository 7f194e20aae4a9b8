"""Principle 2: a dsc primitive is complete or absent.

For every op declared in `dialects/dsc.irdl.mlir`, each rule table has its
entry (shape rule, lowering, jvp, vjp, batching) and the lit suite mentions
it in a round-trip/invalid test and a lowering test. Adding an op without one
of these fails here, naming the op and the missing piece.
"""

import re
from pathlib import Path

import pytest

from descend.ad.jvp_rules import JVP_RULES, ZERO_DERIVATIVE
from descend.ad.vjp_rules import VJP_RULES
from descend.batching.rules import BATCH_RULES, UNBATCHED
from descend.dialects.dsc import IRDL_PATH
from descend.dialects.shape_rules import RULES
from descend.lowering.dsc_to_linalg import LOWERINGS

ROOT = Path(__file__).resolve().parents[2]
OPS = re.findall(r"irdl\.operation @(\w+)", IRDL_PATH.read_text())


def _lit_text(*dirs):
    return "\n".join(p.read_text() for d in dirs for p in (ROOT / "test" / d).glob("*.mlir"))


DSC_TESTS = _lit_text("dsc")
LOWERING_TESTS = _lit_text("lowering")


def test_the_op_list_is_the_irdl_file():
    assert len(OPS) == len(set(OPS)) >= 40
    assert set(RULES) == set(OPS), "shape rules and IRDL declarations differ"


@pytest.mark.parametrize("op", OPS)
def test_op_is_complete(op):
    missing = []
    if op not in RULES:
        missing.append("shape rule (dialects/shape_rules.py)")
    if op not in LOWERINGS:
        missing.append("lowering (lowering/dsc_to_linalg.py)")
    if op not in JVP_RULES and op not in ZERO_DERIVATIVE:
        missing.append("jvp rule (ad/jvp_rules.py) or a zero-derivative declaration")
    if op not in VJP_RULES and op not in ZERO_DERIVATIVE:
        missing.append("vjp rule (ad/vjp_rules.py) or a zero-derivative declaration")
    if op not in BATCH_RULES and op not in UNBATCHED:
        missing.append("batching rule (batching/rules.py)")
    if f'"dsc.{op}"' not in DSC_TESTS:
        missing.append("round-trip/invalid FileCheck test (test/dsc)")
    if f'"dsc.{op}"' not in LOWERING_TESTS:
        missing.append("lowering FileCheck test (test/lowering)")
    assert not missing, f"dsc.{op} is incomplete: missing " + "; ".join(missing)
