// Fuzzer finding: a shaped type whose element count overflows int64 made MLIR 22 abort
// ("integer overflow in element count computation", "integer overflow in size
// computation" in convert-func-to-llvm, ...). The tools reject types of more than 2^56
// elements when they read the input.
// RUN: not %descend-opt %s --convert-func-to-llvm 2>&1 | FileCheck %s
// RUN: not %descend-run %s 2>&1 | FileCheck %s

// CHECK: huge-shape.mlir:[[# @LINE + 1]]:18: error: shaped type too large: more than the 72057594037927936 (2^56) elements supported
func.func @f(%a: memref<9223372036854775807x4xf32>) {
  return
}

// -----

// A zero dimension does not help: MLIR computes the strides of the other dimensions.
// RUN: not %descend-opt %s --split-input-file 2>&1 | FileCheck %s --check-prefixes=CHECK,ZERO
// ZERO: huge-shape.mlir:[[# @LINE + 1]]:18: error: shaped type too large
func.func @g(%a: tensor<1152921504606846976x1152921504606846976x0xf32>) {
  return
}
