// Execution of reductions and contractions on the CPU (descend-run). Inputs
// are constants; expected values computed with NumPy (x = [[1, 2, 3], [4, 5, 6]]).
// RUN: %descend-run %s | FileCheck %s

// x.sum(0), x.prod(1), x.max(), x.min(1)
// CHECK: output 0: float32[3]
// CHECK-NEXT: [5. 7. 9.]
// CHECK-NEXT: output 1: float32[2]
// CHECK-NEXT: [  6. 120.]
// CHECK-NEXT: output 2: float32[]
// CHECK-NEXT: 6.0
// CHECK-NEXT: output 3: float32[2]
// CHECK-NEXT: [1. 4.]
// all / any along axis 1
// CHECK-NEXT: output 4: bool[2]
// CHECK-NEXT: [ True False]
// CHECK-NEXT: output 5: bool[2]
// CHECK-NEXT: [False  True]
// max along axis 1 of [[-5, -9, -7], [3, -1, 2]] (all-negative row: the init is INT_MIN, not 0)
// CHECK-NEXT: output 6: int32[2]
// CHECK-NEXT: [-5  3]
// x @ x.T
// CHECK-NEXT: output 7: float32[2, 2]
// CHECK-NEXT: {{\[\[}}14. 32.]
// CHECK-NEXT: [32. 77.]]
// batched: each row of x with itself
// CHECK-NEXT: output 8: float32[2, 1, 1]
// CHECK-NEXT: {{\[\[\[}}14.]]
// CHECK-EMPTY:
// CHECK-NEXT: {{\[\[}}77.]]]
// e.T @ e for int8 e = [[100, -100], [100, 100]], accumulated in int32
// CHECK-NEXT: output 9: int32[2, 2]
// CHECK-NEXT: {{\[\[}}20000     0]
// CHECK-NEXT: [    0 20000]]
// argmax along 1 of [[1, 3, 3], [nan, 5, nan]]: the first maximum, the first NaN
// CHECK-NEXT: output 10: int32[2]
// CHECK-NEXT: [1 0]
// argmin along 1 of [[2, 1, 1], [0, nan, -1]]
// CHECK-NEXT: output 11: int64[2]
// CHECK-NEXT: [1 1]
// argmin along 0 of [[3, -9, 2], [3, -1, -7]] (a tie picks the first)
// CHECK-NEXT: output 12: int32[3]
// CHECK-NEXT: [0 0 1]
// CHECK-NOT: output
func.func @main() -> (tensor<3xf32>, tensor<2xf32>, tensor<f32>, tensor<2xf32>, tensor<2xi1>, tensor<2xi1>, tensor<2xi32>, tensor<2x2xf32>, tensor<2x1x1xf32>, tensor<2x2xi32>, tensor<2xi32>, tensor<2xi64>, tensor<3xi32>) {
  %x = "dsc.constant"() {value = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %sum = "dsc.reduce"(%x) {axes = array<i64: 0>, kind = "sum"} : (tensor<2x3xf32>) -> tensor<3xf32>
  %prod = "dsc.reduce"(%x) {axes = array<i64: 1>, kind = "prod"} : (tensor<2x3xf32>) -> tensor<2xf32>
  %max = "dsc.reduce"(%x) {axes = array<i64: 0, 1>, kind = "max"} : (tensor<2x3xf32>) -> tensor<f32>
  %min = "dsc.reduce"(%x) {axes = array<i64: 1>, kind = "min"} : (tensor<2x3xf32>) -> tensor<2xf32>
  %p = "dsc.constant"() {value = dense<[[true, true, true], [true, false, true]]> : tensor<2x3xi1>} : () -> tensor<2x3xi1>
  %all = "dsc.reduce"(%p) {axes = array<i64: 1>, kind = "and"} : (tensor<2x3xi1>) -> tensor<2xi1>
  %q = "dsc.constant"() {value = dense<[[false, false, false], [false, true, false]]> : tensor<2x3xi1>} : () -> tensor<2x3xi1>
  %any = "dsc.reduce"(%q) {axes = array<i64: 1>, kind = "or"} : (tensor<2x3xi1>) -> tensor<2xi1>
  %i = "dsc.constant"() {value = dense<[[-5, -9, -7], [3, -1, 2]]> : tensor<2x3xi32>} : () -> tensor<2x3xi32>
  %imax = "dsc.reduce"(%i) {axes = array<i64: 1>, kind = "max"} : (tensor<2x3xi32>) -> tensor<2xi32>
  %mm = "dsc.dot_general"(%x, %x) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 1>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>
  %x3 = "dsc.reshape"(%x) : (tensor<2x3xf32>) -> tensor<2x1x3xf32>
  %bmm = "dsc.dot_general"(%x3, %x3) {lhs_contracting_dimensions = array<i64: 2>, rhs_contracting_dimensions = array<i64: 2>, lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 0>} : (tensor<2x1x3xf32>, tensor<2x1x3xf32>) -> tensor<2x1x1xf32>
  %e = "dsc.constant"() {value = dense<[[100, -100], [100, 100]]> : tensor<2x2xi8>} : () -> tensor<2x2xi8>
  %dot8 = "dsc.dot_general"(%e, %e) {lhs_contracting_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x2xi8>, tensor<2x2xi8>) -> tensor<2x2xi32>
  %a = "dsc.constant"() {value = dense<[[1.0, 3.0, 3.0], [0x7FC00000, 5.0, 0x7FC00000]]> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %argmax = "dsc.argmax"(%a) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
  %b = "dsc.constant"() {value = dense<[[2.0, 1.0, 1.0], [0.0, 0x7FC00000, -1.0]]> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %argmin = "dsc.argmin"(%b) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi64>
  %j = "dsc.constant"() {value = dense<[[3, -9, 2], [3, -1, -7]]> : tensor<2x3xi32>} : () -> tensor<2x3xi32>
  %argmin0 = "dsc.argmin"(%j) {axis = 0 : i64} : (tensor<2x3xi32>) -> tensor<3xi32>
  return %sum, %prod, %max, %min, %all, %any, %imax, %mm, %bmm, %dot8, %argmax, %argmin, %argmin0 : tensor<3xf32>, tensor<2xf32>, tensor<f32>, tensor<2xf32>, tensor<2xi1>, tensor<2xi1>, tensor<2xi32>, tensor<2x2xf32>, tensor<2x1x1xf32>, tensor<2x2xi32>, tensor<2xi32>, tensor<2xi64>, tensor<3xi32>
}
