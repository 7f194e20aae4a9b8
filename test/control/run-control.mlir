// Execution of traced control flow on the CPU (descend-run), through the whole
// pipeline. Inputs are constants; expected values from a Python loop over NumPy
// (exp within an ulp of NumPy's float32):
//   fori:  c = [1, 2, 3]; for i in range(5): c = 2 * c + i
//   cond:  [0, 1, 2] -> exp if p > 0 else neg, for p = 1 and p = -1
//   scan:  c = [1, 2, 3], xs = [[1, 2, 3], [0, -1, 1], [2, 2, 2], [1, 0, -1]];
//          for x in xs: y = c * x; c = c + x
//   while: c = [1, 2, 3]; while sum(c) < 100: c = 3 * c
// RUN: %descend-run %s --entry fori | FileCheck %s --check-prefix=FORI
// RUN: %descend-run %s --entry cond | FileCheck %s --check-prefix=COND
// RUN: %descend-run %s --entry scan | FileCheck %s --check-prefix=SCAN
// RUN: %descend-run %s --entry while | FileCheck %s --check-prefix=WHILE

// FORI: output 0: float32[3]
// FORI-NEXT: [ 58.  90. 122.]
func.func @fori() -> tensor<3xf32> {
  %x = "dsc.constant"() {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %c0 = arith.constant 0 : index
  %c5 = arith.constant 5 : index
  %c1 = arith.constant 1 : index
  %0 = scf.for %i = %c0 to %c5 step %c1 iter_args(%c = %x) -> (tensor<3xf32>) {
    %1 = arith.index_cast %i : index to i32
    %it = tensor.from_elements %1 : tensor<i32>
    %2 = "dsc.constant"() {value = dense<2.000000e+00> : tensor<f32>} : () -> tensor<f32>
    %3 = "dsc.broadcast_in_dim"(%2) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<3xf32>
    %4 = "dsc.mul"(%c, %3) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %5 = "dsc.convert"(%it) : (tensor<i32>) -> tensor<f32>
    %6 = "dsc.broadcast_in_dim"(%5) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<3xf32>
    %7 = "dsc.add"(%4, %6) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    scf.yield %7 : tensor<3xf32>
  }
  return %0 : tensor<3xf32>
}

// COND: output 0: float32[3]
// COND-NEXT: [1. {{ *}}2.71828{{[0-9]*}} {{ *}}7.38905{{[0-9]*}}{{ *}}]
// COND-NEXT: output 1: float32[3]
// COND-NEXT: [-0. -1. -2.]
func.func @cond() -> (tensor<3xf32>, tensor<3xf32>) {
  %x = "dsc.constant"() {value = dense<[0.0, 1.0, 2.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %zero = "dsc.constant"() {value = dense<0.000000e+00> : tensor<f32>} : () -> tensor<f32>
  %pos = "dsc.constant"() {value = dense<1.000000e+00> : tensor<f32>} : () -> tensor<f32>
  %neg = "dsc.constant"() {value = dense<-1.000000e+00> : tensor<f32>} : () -> tensor<f32>
  %1 = "dsc.compare"(%pos, %zero) {direction = "GT"} : (tensor<f32>, tensor<f32>) -> tensor<i1>
  %p1 = tensor.extract %1[] : tensor<i1>
  %r1 = scf.if %p1 -> (tensor<3xf32>) {
    %3 = "dsc.exp"(%x) : (tensor<3xf32>) -> tensor<3xf32>
    scf.yield %3 : tensor<3xf32>
  } else {
    %3 = "dsc.neg"(%x) : (tensor<3xf32>) -> tensor<3xf32>
    scf.yield %3 : tensor<3xf32>
  }
  %2 = "dsc.compare"(%neg, %zero) {direction = "GT"} : (tensor<f32>, tensor<f32>) -> tensor<i1>
  %p2 = tensor.extract %2[] : tensor<i1>
  %r2 = scf.if %p2 -> (tensor<3xf32>) {
    %3 = "dsc.exp"(%x) : (tensor<3xf32>) -> tensor<3xf32>
    scf.yield %3 : tensor<3xf32>
  } else {
    %3 = "dsc.neg"(%x) : (tensor<3xf32>) -> tensor<3xf32>
    scf.yield %3 : tensor<3xf32>
  }
  return %r1, %r2 : tensor<3xf32>, tensor<3xf32>
}

// SCAN: output 0: float32[3]
// SCAN-NEXT: [5. 5. 8.]
// SCAN-NEXT: output 1: float32[4, 3]
// SCAN-NEXT: {{\[\[}} 1.  4.  9.]
// SCAN-NEXT: [ 0. -4.  6.]
// SCAN-NEXT: [ 4.  6. 14.]
// SCAN-NEXT: [ 4.  0. -9.]]
func.func @scan() -> (tensor<3xf32>, tensor<4x3xf32>) {
  %init = "dsc.constant"() {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %xs = "dsc.constant"() {value = dense<[[1.0, 2.0, 3.0], [0.0, -1.0, 1.0], [2.0, 2.0, 2.0], [1.0, 0.0, -1.0]]> : tensor<4x3xf32>} : () -> tensor<4x3xf32>
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %0 = "dsc.constant"() {value = dense<0.000000e+00> : tensor<f32>} : () -> tensor<f32>
  %1 = "dsc.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x3xf32>
  %2:2 = scf.for %i = %c0 to %c4 step %c1 iter_args(%c = %init, %ys = %1) -> (tensor<3xf32>, tensor<4x3xf32>) {
    %3 = arith.index_cast %i : index to i32
    %it = tensor.from_elements %3 : tensor<i32>
    %4 = "dsc.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %5 = "dsc.dynamic_slice"(%xs, %it, %4) {slice_sizes = array<i64: 1, 3>} : (tensor<4x3xf32>, tensor<i32>, tensor<i32>) -> tensor<1x3xf32>
    %6 = "dsc.reshape"(%5) : (tensor<1x3xf32>) -> tensor<3xf32>
    %7 = "dsc.add"(%c, %6) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %8 = "dsc.mul"(%c, %6) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %9 = "dsc.reshape"(%8) : (tensor<3xf32>) -> tensor<1x3xf32>
    %10 = "dsc.dynamic_update_slice"(%ys, %9, %it, %4) : (tensor<4x3xf32>, tensor<1x3xf32>, tensor<i32>, tensor<i32>) -> tensor<4x3xf32>
    scf.yield %7, %10 : tensor<3xf32>, tensor<4x3xf32>
  }
  return %2#0, %2#1 : tensor<3xf32>, tensor<4x3xf32>
}

// WHILE: output 0: float32[3]
// WHILE-NEXT: [27. 54. 81.]
func.func @while() -> tensor<3xf32> {
  %x = "dsc.constant"() {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %0 = scf.while (%c = %x) : (tensor<3xf32>) -> tensor<3xf32> {
    %1 = "dsc.reduce"(%c) {axes = array<i64: 0>, kind = "sum"} : (tensor<3xf32>) -> tensor<f32>
    %2 = "dsc.constant"() {value = dense<1.000000e+02> : tensor<f32>} : () -> tensor<f32>
    %3 = "dsc.compare"(%1, %2) {direction = "LT"} : (tensor<f32>, tensor<f32>) -> tensor<i1>
    %pred = tensor.extract %3[] : tensor<i1>
    scf.condition(%pred) %c : tensor<3xf32>
  } do {
  ^bb0(%c: tensor<3xf32>):
    %1 = "dsc.constant"() {value = dense<3.000000e+00> : tensor<f32>} : () -> tensor<f32>
    %2 = "dsc.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<3xf32>
    %3 = "dsc.mul"(%c, %2) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    scf.yield %3 : tensor<3xf32>
  }
  return %0 : tensor<3xf32>
}
