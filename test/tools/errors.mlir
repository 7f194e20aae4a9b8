// Errors are MLIR diagnostics (file:line:col: error: message) or one-line
// messages, never a Python traceback, and the exit code is 1.
// RUN: not %descend-opt %s 2>&1 | FileCheck %s --check-prefix=SHAPE --implicit-check-not=Traceback
// RUN: not %descend-opt %S/Inputs/syntax-error.mlir 2>&1 | FileCheck %s --check-prefix=SYNTAX --implicit-check-not=Traceback
// RUN: not %descend-opt %s --no-such-pass 2>&1 | FileCheck %s --check-prefix=UNKNOWN --implicit-check-not=Traceback
// RUN: not %descend-opt %s --dsc-to-linalg='foo=1' 2>&1 | FileCheck %s --check-prefix=OPTION --implicit-check-not=Traceback
// RUN: not %descend-opt %s --canonicalize=bogus=1 2>&1 | FileCheck %s --check-prefix=UPSTREAM-OPTION --implicit-check-not=Traceback
// RUN: not %descend-opt %s --pass-pipeline='builtin.module(cse' 2>&1 | FileCheck %s --check-prefix=UNBALANCED --implicit-check-not=Traceback
// RUN: not %descend-opt %t.does-not-exist.mlir 2>&1 | FileCheck %s --check-prefix=MISSING --implicit-check-not=Traceback
// RUN: not %descend-opt %s stray-argument 2>&1 | FileCheck %s --check-prefix=STRAY --implicit-check-not=Traceback
// The error is in the file: the output is empty.
// RUN: not %descend-opt %s 2>/dev/null | count 0

// SYNTAX: syntax-error.mlir:2:51: error: expected operation name in quotes

// UNKNOWN: descend-opt: invalid pass pipeline: {{.*}}'no-such-pass' does not refer to a registered pass or pass pipeline
// OPTION: descend-opt: invalid pass pipeline: pass 'dsc-to-linalg': unknown option 'foo' (options: none)
// UPSTREAM-OPTION: descend-opt: invalid pass pipeline: {{.*}}no such option bogus
// UNBALANCED: descend-opt: invalid pass pipeline: unbalanced brackets in pass pipeline
// MISSING: descend-opt: could not open input file '{{.*}}.does-not-exist.mlir': No such file or directory
// STRAY: descend-opt: unknown argument 'stray-argument'

func.func @f(%a: tensor<2x3xf32>, %b: tensor<4x2xf32>) -> tensor<2x2xf32> {
  // SHAPE: errors.mlir:[[# @LINE + 2]]:8: error: dsc.dot_general: lhs dim 1 (size 3) does not match rhs dim 0 (size 4) (lhs (2, 3), rhs (4, 2))
  // SHAPE-NOT: error
  %0 = "dsc.dot_general"(%a, %b) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<4x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
