// Fuzzer finding: `expected-error@<word>` (not +N, -N, above or below) raised
// ValueError in descend-opt --verify-diagnostics ("internal error"); the annotation now
// stands for its own line, and a mismatch is reported as usual.
// RUN: not %descend-opt %s --verify-diagnostics 2>&1 | FileCheck %s --implicit-check-not="internal error"

// CHECK: verify-diagnostics-bad-offset.mlir:[[# @LINE + 2]]: error: expected error "requires a floating-point operand" was not produced
func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@main {{requires a floating-point operand}}
  %0 = "dsc.exp"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}
