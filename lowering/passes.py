"""The registry of descend's passes: name -> (callable, description).

Every descend pass is a Python function `(op, pass_) -> None` over a module,
usable in a `PassManager` next to upstream passes (`add_pass`), from
`descend-opt` (as `--<name>` or inside `--pass-pipeline=`) and from the
pipeline stages in `pipeline.py`. A new pass costs one file, one line here and
one `.mlir` test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from descend.dialects.canonicalize import dsc_canonicalize_pass
from descend.dialects.verifier import dsc_verify_pass

from .bool_storage import bool_storage_pass
from .dsc_to_linalg import dsc_to_linalg_pass


class PassInfo(NamedTuple):
    run: Callable
    description: str


PASSES: dict[str, PassInfo] = {
    "dsc-verify": PassInfo(dsc_verify_pass, "Check every dsc op against its shape/type rule"),
    "dsc-canonicalize": PassInfo(dsc_canonicalize_pass, "CSE and DCE of dsc ops"),
    "dsc-to-linalg": PassInfo(dsc_to_linalg_pass, "Lower dsc ops to linalg/tensor/arith/math on tensors"),
    "bool-storage-to-i8": PassInfo(bool_storage_pass, "Store boolean tensors as i8 (0/1), as NumPy does"),
}


def add_pass(pm, name: str, options: str = "") -> None:
    """Append descend pass `name` to PassManager `pm` (options are not taken yet)."""
    if options.strip():
        raise ValueError(f"pass '{name}' takes no options, got '{{{options}}}'")
    info = PASSES[name]
    pm.add(info.run, name=name, argument=name, description=info.description)
