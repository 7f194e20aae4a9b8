// --verify-diagnostics fails (exit 1) when a diagnostic is not expected, when
// an expectation is not met (wrong text, wrong line, no error at all), and
// says which, at the file's line numbers.
// RUN: not %descend-opt %S/Inputs/verify-mismatch.mlir --split-input-file --verify-diagnostics -o %t 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not=Traceback

// CHECK: verify-mismatch.mlir:4:8: error: unexpected error: dsc.exp: requires a floating-point operand, got int32
// CHECK-NEXT: verify-mismatch.mlir:4: error: expected error "requires an integer operand" was not produced
// CHECK-NEXT: verify-mismatch.mlir:11:8: error: unexpected error: dsc.log: requires a floating-point operand, got int32
// CHECK-NEXT: verify-mismatch.mlir:19:8: error: unexpected error: dsc.sin: requires a floating-point operand, got int32
// CHECK-NEXT: verify-mismatch.mlir:20: error: expected error "dsc.sin: requires a floating-point operand" was not produced
// CHECK-NEXT: verify-mismatch.mlir:27: error: expected error "this op is fine" was not produced
