// Fuzzer finding: a function returning one value twice (here the two compares are
// merged by dsc-canonicalize) segfaulted in MLIR 22's
// buffer-results-to-out-params{hoist-static-allocs}: it erases the alloc of the first
// returned buffer and then reads it for the second. descend-run and descend-opt run a
// copy-repeated-results pass before it: the repeated buffer is copied.
// RUN: %descend-run %s --random-inputs --seed 3 | FileCheck %s
// RUN: %descend-opt %s --pass-pipeline='%pipeline-upto-buffers' | FileCheck %s --check-prefix=BUF

// CHECK: output 0: float32[3]
// CHECK-NEXT: [[E:\[.*\]]]
// CHECK-NEXT: output 1: float32[3]
// CHECK-NEXT: [[E]]
// CHECK-NEXT: output 2: bool[3]
// CHECK-NEXT: [[C:\[.*\]]]
// CHECK-NEXT: output 3: bool[3]
// CHECK-NEXT: [[C]]

// BUF-LABEL: func.func @main(
// BUF-COUNT-2: memref.copy
// BUF: return
func.func @main(%a: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xi1>, tensor<3xi1>) {
  %0 = "dsc.exp"(%a) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "dsc.exp"(%a) : (tensor<3xf32>) -> tensor<3xf32>
  %2 = "dsc.compare"(%a, %b) {direction = "LT"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  %3 = "dsc.compare"(%a, %b) {direction = "LT"} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<3xf32>, tensor<3xi1>, tensor<3xi1>
}
