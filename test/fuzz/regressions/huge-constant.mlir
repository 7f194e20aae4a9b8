// Fuzzer finding: the dsc verifier expanded a splat constant of 700 TiB to check it
// ("internal error: MemoryError" in descend-opt); it is now a diagnostic.
// RUN: not %descend-opt %s 2>&1 | FileCheck %s

// CHECK: huge-constant.mlir:[[# @LINE + 2]]:8: error: dsc.constant: Unable to allocate
func.func @splat() -> tensor<7x5x1099511627776x5xi32> {
  %0 = "dsc.constant"() {value = dense<1> : tensor<7x5x1099511627776x5xi32>} : () -> tensor<7x5x1099511627776x5xi32>
  return %0 : tensor<7x5x1099511627776x5xi32>
}
