"""The command-line tools as a user runs them: exit codes, messages, files.

`descend-opt` and `descend-run` run as subprocesses (`python -m
descend.tools.descend_opt`, and the installed console scripts), from a
directory outside the repository. Errors must be MLIR diagnostics
(`file:line:col: error: ...`) or one-line messages, never a traceback, with exit
code 1. descend-run's saved outputs are compared with NumPy, computed here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

BIN = Path(sys.executable).parent

ADD_EXP = """\
func.func @main(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.add"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "dsc.exp"(%0) : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
"""

# line 3, column 8: a float-only op on integers
BAD_DTYPE = """\
func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // exp of an integer tensor
  %0 = "dsc.exp"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}
"""

# two functions: matmul with a transposed rhs, and an integer one with two results
RUN_MODULE = """\
func.func @main(%x: tensor<3x4xf32>, %w: tensor<2x4xf32>) -> tensor<3x2xf32> {
  %0 = "dsc.dot_general"(%x, %w) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 1>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x2xf32>
  %1 = "dsc.tanh"(%0) : (tensor<3x2xf32>) -> tensor<3x2xf32>
  return %1 : tensor<3x2xf32>
}
func.func @ints(%a: tensor<5xi32>, %b: tensor<5xi32>) -> (tensor<5xi32>, tensor<5xi1>) {
  %0 = "dsc.mul"(%a, %b) : (tensor<5xi32>, tensor<5xi32>) -> tensor<5xi32>
  %1 = "dsc.compare"(%a, %b) {direction = "LT"} : (tensor<5xi32>, tensor<5xi32>) -> tensor<5xi1>
  return %0, %1 : tensor<5xi32>, tensor<5xi1>
}
func.func @echo_exp(%x: tensor<2x3xf64>) -> (tensor<2x3xf64>, tensor<2x3xf64>) {
  %0 = "dsc.exp"(%x) : (tensor<2x3xf64>) -> tensor<2x3xf64>
  return %x, %0 : tensor<2x3xf64>, tensor<2x3xf64>
}
"""

DIAG = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.*)$", re.M)


def run_tool(tool: str, *args, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run `python -m descend.tools.<tool>` with `args` in `cwd`."""
    return subprocess.run(
        [sys.executable, "-m", f"descend.tools.{tool}", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def opt(*args, cwd, stdin=None):
    return run_tool("descend_opt", *args, cwd=cwd, stdin=stdin)


def drun(*args, cwd, stdin=None):
    return run_tool("descend_run", *args, cwd=cwd, stdin=stdin)


def assert_clean_failure(proc: subprocess.CompletedProcess) -> None:
    """Exit code 1, something on stderr, no Python traceback anywhere."""
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stderr.strip(), "an error must be reported on stderr"
    for stream in (proc.stdout, proc.stderr):
        assert "Traceback" not in stream
        assert "internal error" not in stream


@pytest.fixture
def files(tmp_path):
    """A directory (outside the repository) holding the test modules."""
    (tmp_path / "add_exp.mlir").write_text(ADD_EXP)
    (tmp_path / "bad_dtype.mlir").write_text(BAD_DTYPE)
    (tmp_path / "run.mlir").write_text(RUN_MODULE)
    return tmp_path


# ---- descend-opt ------------------------------------------------------------------


def test_opt_valid_input(files):
    proc = opt("add_exp.mlir", cwd=files)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert '"dsc.add"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>' in proc.stdout
    assert '"dsc.exp"(%0) : (tensor<4xf32>) -> tensor<4xf32>' in proc.stdout


def test_opt_lowering_from_another_directory(files, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    proc = opt(files / "add_exp.mlir", "--dsc-to-linalg", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert "arith.addf %arg0, %arg1 : tensor<4xf32>" in proc.stdout
    assert "math.exp" in proc.stdout
    assert "dsc." not in proc.stdout


def test_opt_invalid_ir_is_a_diagnostic(files):
    proc = opt("bad_dtype.mlir", cwd=files)
    assert_clean_failure(proc)
    assert proc.stdout == ""
    diags = DIAG.findall(proc.stderr)
    assert diags == [("bad_dtype.mlir", "3", "8", "dsc.exp: requires a floating-point operand, got int32")]


def test_opt_syntax_error_is_a_diagnostic(files):
    (files / "syntax.mlir").write_text('func.func @f(%a: tensor<2xf32>) {\n  %0 = "dsc.neg"(%a) :\n}\n')
    proc = opt("syntax.mlir", cwd=files)
    assert_clean_failure(proc)
    m = DIAG.search(proc.stderr)
    assert m and m["file"] == "syntax.mlir" and m["line"] in ("2", "3"), proc.stderr


def test_opt_custom_form_dsc_op_is_reported(files):
    # MLIR's IRDL parse hook fails without a message; descend-opt must still say where and why.
    (files / "custom.mlir").write_text(
        "func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {\n  %0 = dsc.neg %a : tensor<2xf32>\n"
        "  return %0 : tensor<2xf32>\n}\n"
    )
    proc = opt("custom.mlir", cwd=files)
    assert_clean_failure(proc)
    m = DIAG.search(proc.stderr)
    assert m and (m["line"], m["col"]) == ("2", "8"), proc.stderr
    assert "generic form" in m["msg"]


def test_opt_missing_input_file(files):
    proc = opt("no_such_file.mlir", cwd=files)
    assert_clean_failure(proc)
    lines = proc.stderr.strip().splitlines()
    assert lines == ["descend-opt: could not open input file 'no_such_file.mlir': No such file or directory"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--no-such-pass"], "'no-such-pass' does not refer to a registered pass"),
        (["--pass-pipeline=builtin.module(dsc-to-linalg, bogus-pass)"], "'bogus-pass' does not refer to a registered pass"),
        (["--pass-pipeline=builtin.module(cse"], "unbalanced"),
        (["--dsc-to-linalg=x=1"], "unknown option 'x'"),
    ],
)
def test_opt_bad_pipeline(files, args, message):
    proc = opt("add_exp.mlir", *args, cwd=files)
    assert_clean_failure(proc)
    assert proc.stderr.startswith("descend-opt: invalid pass pipeline:")
    assert message in proc.stderr
    assert proc.stdout == ""


def test_opt_verify_diagnostics(files):
    good = BAD_DTYPE.replace(
        "  // exp of an integer tensor\n", "  // expected-error@+1 {{requires a floating-point operand}}\n"
    )
    (files / "expected.mlir").write_text(good)
    proc = opt("expected.mlir", "--verify-diagnostics", cwd=files)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""

    wrong = BAD_DTYPE.replace("  // exp of an integer tensor\n", "  // expected-error@+1 {{some other message}}\n")
    (files / "mismatch.mlir").write_text(wrong)
    proc = opt("mismatch.mlir", "--verify-diagnostics", cwd=files)
    assert_clean_failure(proc)
    assert "mismatch.mlir:3:8: error: unexpected error: dsc.exp: requires a floating-point operand" in proc.stderr
    assert 'mismatch.mlir:3: error: expected error "some other message" was not produced' in proc.stderr

    # an expectation with no error at all also fails
    (files / "nothing.mlir").write_text("// expected-error@+1 {{boom}}\n" + ADD_EXP)
    proc = opt("nothing.mlir", "--verify-diagnostics", cwd=files)
    assert_clean_failure(proc)
    assert 'expected error "boom" was not produced' in proc.stderr


def test_opt_stdin(files):
    proc = opt(cwd=files, stdin=ADD_EXP)
    assert proc.returncode == 0, proc.stderr
    assert '"dsc.exp"' in proc.stdout
    proc = opt("-", "--mlir-print-debuginfo", cwd=files, stdin=ADD_EXP)
    assert proc.returncode == 0, proc.stderr
    assert 'loc("<stdin>":2:8)' in proc.stdout
    proc = opt(cwd=files, stdin=BAD_DTYPE)
    assert_clean_failure(proc)
    assert proc.stderr.startswith("<stdin>:3:8: error: dsc.exp:")


def test_opt_output_file(files):
    out = files / "out" / "lowered.mlir"
    out.parent.mkdir()
    proc = opt("add_exp.mlir", "--dsc-to-linalg", "-o", out, cwd=files)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    text = out.read_text()
    assert "math.exp" in text and "dsc." not in text
    # the output is valid input
    proc = opt(out, "--convert-elementwise-to-linalg", cwd=files)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("linalg.generic") == 2


def test_opt_unwritable_output(files):
    proc = opt("add_exp.mlir", "-o", files / "no_dir" / "out.mlir", cwd=files)
    assert_clean_failure(proc)
    assert "descend-opt: could not write" in proc.stderr


def test_opt_split_input_file(files):
    (files / "split.mlir").write_text(ADD_EXP + "\n// -----\n\n" + BAD_DTYPE + "\n// -----\n" + ADD_EXP.replace("@main", "@g"))
    proc = opt("split.mlir", "--split-input-file", cwd=files)
    assert_clean_failure(proc)
    # the error is at its line in the whole file (chunk 2 starts after line 7)
    assert DIAG.findall(proc.stderr) == [("split.mlir", "11", "8", "dsc.exp: requires a floating-point operand, got int32")]
    # the valid chunks are still printed, separated by the marker
    assert proc.stdout.count("// -----") == 1
    assert "func.func @main" in proc.stdout and "func.func @g" in proc.stdout


def test_opt_print_ir_after_all_goes_to_stderr(files):
    proc = opt("add_exp.mlir", "--dsc-to-linalg", "--cse", "--mlir-print-ir-after-all", cwd=files)
    assert proc.returncode == 0, proc.stderr
    assert "// -----// IR Dump After dsc-to-linalg (dsc-to-linalg) //----- //" in proc.stderr
    assert "IR Dump After CSE (cse)" in proc.stderr
    assert "IR Dump" not in proc.stdout


def test_opt_list_passes(files):
    proc = opt("--list-passes", cwd=files)
    assert proc.returncode == 0, proc.stderr
    for name in ("dsc-verify", "dsc-canonicalize", "dsc-to-linalg", "bool-storage-to-i8"):
        assert f"--{name}" in proc.stdout


def test_opt_closed_pipe_is_quiet(files):
    # A reader that stops early (`descend-opt big.mlir | head -1`) must not produce an error report.
    funcs = "\n".join(ADD_EXP.replace("@main", f"@f{i}") for i in range(600))
    (files / "big.mlir").write_text(funcs)
    proc = subprocess.Popen(
        [sys.executable, "-m", "descend.tools.descend_opt", "big.mlir"],
        cwd=files,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=300)
    assert proc.returncode in (0, 1), proc.returncode
    assert "Traceback" not in err and "internal error" not in err and "BrokenPipe" not in err, err


@pytest.mark.parametrize("script", ["descend-opt", "descend-run"])
def test_console_scripts(files, script):
    exe = BIN / script
    if not exe.exists():
        pytest.skip(f"{script} is not installed next to {sys.executable}")
    proc = subprocess.run([exe, "--help"], cwd=files, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert script in proc.stdout
    proc = subprocess.run([exe, "bad_dtype.mlir"], cwd=files, capture_output=True, text=True, timeout=300)
    assert_clean_failure(proc)
    assert proc.stderr.startswith("bad_dtype.mlir:3:8: error: dsc.exp:")


# ---- descend-run ------------------------------------------------------------------


def test_run_npy_inputs_to_npy_output(files):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4)).astype(np.float32)
    w = rng.standard_normal((2, 4)).astype(np.float32)
    np.save(files / "x.npy", x)
    np.save(files / "w.npy", w)
    proc = drun("run.mlir", "--input", "x.npy", "--input", "w.npy", "-o", "out.npy", cwd=files)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    out = np.load(files / "out.npy")
    assert out.dtype == np.float32 and out.shape == (3, 2)
    np.testing.assert_allclose(out, np.tanh(x @ w.T), rtol=1e-5, atol=1e-6)


def test_run_entry_and_npz_outputs(files):
    a = np.array([3, -2, 0, 7, -5], np.int32)
    b = np.array([4, -2, 9, 1, 6], np.int32)
    np.save(files / "a.npy", a)
    np.save(files / "b.npy", b)
    proc = drun("run.mlir", "--entry", "ints", "--input", "a.npy", "--input", "b.npy", "-o", "out.npz", cwd=files)
    assert proc.returncode == 0, proc.stderr
    with np.load(files / "out.npz") as out:
        assert sorted(out.files) == ["arr_0", "arr_1"]
        assert out["arr_0"].dtype == np.int32
        np.testing.assert_array_equal(out["arr_0"], a * b)
        assert out["arr_1"].dtype == np.bool_
        np.testing.assert_array_equal(out["arr_1"], a < b)


def test_run_prints_outputs(files):
    np.save(files / "a.npy", np.array([1, 2, 3, 4, 5], np.int32))
    np.save(files / "b.npy", np.array([5, 4, 3, 2, 1], np.int32))
    proc = drun("run.mlir", "--entry", "ints", "--input", "a.npy", "--input", "b.npy", cwd=files)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "output 0: int32[5]",
        "[5 8 9 8 5]",
        "output 1: bool[5]",
        "[ True  True False False False]",
    ]


def test_run_generated_inputs(files):
    # The inputs are generated (uniform [0, 1) floats): the function echoes them, so the
    # second output can be checked against NumPy on the first.
    proc = drun("run.mlir", "--entry", "echo_exp", "--random-inputs", "--seed", "7", "-o", "out.npz", cwd=files)
    assert proc.returncode == 0, proc.stderr
    with np.load(files / "out.npz") as out:
        x, y = out["arr_0"], out["arr_1"]
    assert x.dtype == np.float64 and x.shape == (2, 3)
    assert np.all((0 <= x) & (x < 1)) and len(np.unique(x)) == 6
    np.testing.assert_allclose(y, np.exp(x), rtol=1e-13)
    # the same seed gives the same inputs, another seed others
    again = drun("run.mlir", "--entry", "echo_exp", "--random-inputs", "--seed", "7", "-o", "again.npz", cwd=files)
    other = drun("run.mlir", "--entry", "echo_exp", "--random-inputs", "--seed", "8", "-o", "other.npz", cwd=files)
    assert again.returncode == 0 and other.returncode == 0
    with np.load(files / "again.npz") as a, np.load(files / "other.npz") as o:
        np.testing.assert_array_equal(a["arr_0"], x)
        assert not np.array_equal(o["arr_0"], x)


def test_run_without_arguments_uses_constants(files):
    (files / "const.mlir").write_text(
        "func.func @main() -> tensor<3xf32> {\n"
        '  %a = "dsc.constant"() {value = dense<[1.0, 4.0, 9.0]> : tensor<3xf32>} : () -> tensor<3xf32>\n'
        '  %0 = "dsc.sqrt"(%a) : (tensor<3xf32>) -> tensor<3xf32>\n'
        "  return %0 : tensor<3xf32>\n}\n"
    )
    proc = drun("const.mlir", "-o", "out.npy", cwd=files)
    assert proc.returncode == 0, proc.stderr
    np.testing.assert_array_equal(np.load(files / "out.npy"), np.sqrt(np.array([1, 4, 9], np.float32)))


@pytest.mark.parametrize(
    "make_inputs, message",
    [
        (lambda d: ["--input", d("x", np.zeros((3, 4), np.float32))],
         "the function takes 2 arguments, but 1 --input files were given"),
        (lambda d: ["--input", d("x", np.zeros((3, 4), np.float32)), "--input", d("w", np.zeros((4, 2), np.float32))],
         "input 1 ('w.npy') is float32[4, 2], expected float32[2, 4]"),
        (lambda d: ["--input", d("x", np.zeros((3, 4), np.float64)), "--input", d("w", np.zeros((2, 4), np.float32))],
         "input 0 ('x.npy') is float64[3, 4], expected float32[3, 4]"),
        (lambda d: ["--input", "missing.npy", "--input", d("w", np.zeros((2, 4), np.float32))],
         "could not load input 0 from 'missing.npy'"),
        (lambda d: ["--random-inputs", "--input", d("x", np.zeros((3, 4), np.float32))],
         "give either --input files or --random-inputs, not both"),
        (lambda d: ["--entry", "nope"], "no function 'nope' in run.mlir (functions: main, ints, echo_exp)"),
        (lambda d: ["--entry", "ints", "--random-inputs", "-o", "one.npy"], "2 outputs need an .npz file"),
    ],
)
def test_run_bad_inputs(files, make_inputs, message):
    def save(name, array):
        np.save(files / f"{name}.npy", array)
        return f"{name}.npy"

    proc = drun("run.mlir", *make_inputs(save), cwd=files)
    assert_clean_failure(proc)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("descend-run: ")
    assert message in lines[0]


def test_run_invalid_ir(files):
    proc = drun("bad_dtype.mlir", "--random-inputs", cwd=files)
    assert_clean_failure(proc)
    assert DIAG.findall(proc.stderr) == [("bad_dtype.mlir", "3", "8", "dsc.exp: requires a floating-point operand, got int32")]


def test_run_missing_file(files):
    proc = drun("nope.mlir", cwd=files)
    assert_clean_failure(proc)
    assert proc.stderr.strip() == "descend-run: could not open input file 'nope.mlir': No such file or directory"
