// Execution of dsc.gather and dsc.scatter on the CPU (descend-run), with the
// default pipeline and without the vectorizer. x = [[1, 2, 3], [4, 5, 6],
// [7, 8, 9], [10, 11, 12]]; expected values worked out with NumPy.
// RUN: %descend-run %s | FileCheck %s
// RUN: env DESCEND_VECTORIZE=0 %descend-run %s | FileCheck %s

// gather rows [2, -1]: -1 is clamped to row 0 (as JAX's gather)
// CHECK: output 0: float32[2, 3]
// CHECK-NEXT: {{\[\[}}7. 8. 9.]
// CHECK-NEXT: [1. 2. 3.]]
// scatter-add rows [1, 1, 7] of ones, twos, fives: duplicates accumulate (np.add.at),
// row 7 is out of bounds and dropped
// CHECK-NEXT: output 1: float32[4, 3]
// CHECK-NEXT: {{\[\[}} 1.  2.  3.]
// CHECK-NEXT: [ 7.  8.  9.]
// CHECK-NEXT: [ 7.  8.  9.]
// CHECK-NEXT: [10. 11. 12.]]
// scatter-set of True at (0, 1) and (2, 3) into a false 3x4 boolean
// CHECK-NEXT: output 2: bool[3, 4]
// CHECK-NEXT: {{\[\[}}False  True False False]
// CHECK-NEXT: [False False False False]
// CHECK-NEXT: [False False False  True]]
// gather of elements (r, c) = (3, 2), (0, 0), (1, 2) of x (both dims indexed), int64 indices
// CHECK-NEXT: output 3: float32[3]
// CHECK-NEXT: [12.  1.  6.]
// scatter-max and scatter-min of [5, 20] at rows [0, 0] of int32 column [3, 9]; scatter-mul of [2, 3] at [1, 1]
// CHECK-NEXT: output 4: int32[2]
// CHECK-NEXT: [20  9]
// CHECK-NEXT: output 5: int32[2]
// CHECK-NEXT: [3 9]
// CHECK-NEXT: output 6: int32[2]
// CHECK-NEXT: [ 3 54]
func.func @main() -> (tensor<2x3xf32>, tensor<4x3xf32>, tensor<3x4xi1>, tensor<3xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) {
  %x = "dsc.constant"() {value = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [10.0, 11.0, 12.0]]> : tensor<4x3xf32>} : () -> tensor<4x3xf32>
  %i = "dsc.constant"() {value = dense<[[2], [-1]]> : tensor<2x1xi32>} : () -> tensor<2x1xi32>
  %0 = "dsc.gather"(%x, %i) {dims = array<i64: 0>} : (tensor<4x3xf32>, tensor<2x1xi32>) -> tensor<2x3xf32>
  %j = "dsc.constant"() {value = dense<[[1], [1], [7]]> : tensor<3x1xi64>} : () -> tensor<3x1xi64>
  %u = "dsc.constant"() {value = dense<[[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [5.0, 5.0, 5.0]]> : tensor<3x3xf32>} : () -> tensor<3x3xf32>
  %1 = "dsc.scatter"(%x, %j, %u) {dims = array<i64: 0>, mode = "add"} : (tensor<4x3xf32>, tensor<3x1xi64>, tensor<3x3xf32>) -> tensor<4x3xf32>
  %b = "dsc.constant"() {value = dense<false> : tensor<3x4xi1>} : () -> tensor<3x4xi1>
  %bi = "dsc.constant"() {value = dense<[[0, 1], [2, 3]]> : tensor<2x2xi32>} : () -> tensor<2x2xi32>
  %bu = "dsc.constant"() {value = dense<true> : tensor<2xi1>} : () -> tensor<2xi1>
  %2 = "dsc.scatter"(%b, %bi, %bu) {dims = array<i64: 0, 1>, mode = "set"} : (tensor<3x4xi1>, tensor<2x2xi32>, tensor<2xi1>) -> tensor<3x4xi1>
  %e = "dsc.constant"() {value = dense<[[3, 2], [0, 0], [1, 2]]> : tensor<3x2xi64>} : () -> tensor<3x2xi64>
  %3 = "dsc.gather"(%x, %e) {dims = array<i64: 0, 1>} : (tensor<4x3xf32>, tensor<3x2xi64>) -> tensor<3xf32>
  %c = "dsc.constant"() {value = dense<[3, 9]> : tensor<2xi32>} : () -> tensor<2xi32>
  %k = "dsc.constant"() {value = dense<[[0], [0]]> : tensor<2x1xi32>} : () -> tensor<2x1xi32>
  %m = "dsc.constant"() {value = dense<[[1], [1]]> : tensor<2x1xi32>} : () -> tensor<2x1xi32>
  %v = "dsc.constant"() {value = dense<[5, 20]> : tensor<2xi32>} : () -> tensor<2xi32>
  %w = "dsc.constant"() {value = dense<[2, 3]> : tensor<2xi32>} : () -> tensor<2xi32>
  %4 = "dsc.scatter"(%c, %k, %v) {dims = array<i64: 0>, mode = "max"} : (tensor<2xi32>, tensor<2x1xi32>, tensor<2xi32>) -> tensor<2xi32>
  %5 = "dsc.scatter"(%c, %k, %v) {dims = array<i64: 0>, mode = "min"} : (tensor<2xi32>, tensor<2x1xi32>, tensor<2xi32>) -> tensor<2xi32>
  %6 = "dsc.scatter"(%c, %m, %w) {dims = array<i64: 0>, mode = "mul"} : (tensor<2xi32>, tensor<2x1xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<2x3xf32>, tensor<4x3xf32>, tensor<3x4xi1>, tensor<3xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>
}

// Edge shapes: a scatter into an operand whose indexed dim is empty drops every row (and
// reads nothing); a gather with an empty batch gives an empty result.
// RUN: %descend-run %s --entry edges | FileCheck %s --check-prefix=EDGE
// EDGE: output 0: float32[0, 2]
// EDGE-NEXT: []
// EDGE-NEXT: output 1: float32[0, 3]
// EDGE-NEXT: []
func.func @edges() -> (tensor<0x2xf32>, tensor<0x3xf32>) {
  %x = "dsc.constant"() {value = dense<0.0> : tensor<0x2xf32>} : () -> tensor<0x2xf32>
  %i = "dsc.constant"() {value = dense<[[0], [5]]> : tensor<2x1xi32>} : () -> tensor<2x1xi32>
  %u = "dsc.constant"() {value = dense<1.0> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
  %0 = "dsc.scatter"(%x, %i, %u) {dims = array<i64: 0>, mode = "add"} : (tensor<0x2xf32>, tensor<2x1xi32>, tensor<2x2xf32>) -> tensor<0x2xf32>
  %y = "dsc.constant"() {value = dense<1.0> : tensor<4x3xf32>} : () -> tensor<4x3xf32>
  %e = "dsc.constant"() {value = dense<0> : tensor<0x1xi32>} : () -> tensor<0x1xi32>
  %1 = "dsc.gather"(%y, %e) {dims = array<i64: 0>} : (tensor<4x3xf32>, tensor<0x1xi32>) -> tensor<0x3xf32>
  return %0, %1 : tensor<0x2xf32>, tensor<0x3xf32>
}
