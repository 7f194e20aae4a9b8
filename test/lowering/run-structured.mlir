// Execution of the data-movement ops on the CPU (descend-run). Inputs are
// constants; expected values computed with NumPy (x = [[1, 2, 3], [4, 5, 6]]).
// RUN: %descend-run %s | FileCheck %s
// RUN: %descend-run %s --entry dynamic | FileCheck %s --check-prefix=DYN

// iota along dim 1 of a 2x3, iota of 5 floats
// CHECK: output 0: int32[2, 3]
// CHECK-NEXT: {{\[\[}}0 1 2]
// CHECK-NEXT: [0 1 2]]
// CHECK-NEXT: output 1: float32[5]
// CHECK-NEXT: [0. 1. 2. 3. 4.]
// broadcast_in_dim of [10, 20, 30] into dim 1 of a 2x3
// CHECK-NEXT: output 2: int32[2, 3]
// CHECK-NEXT: {{\[\[}}10 20 30]
// CHECK-NEXT: [10 20 30]]
// x.reshape(3, 2) (row-major), x.T
// CHECK-NEXT: output 3: int32[3, 2]
// CHECK-NEXT: {{\[\[}}1 2]
// CHECK-NEXT: [3 4]
// CHECK-NEXT: [5 6]]
// CHECK-NEXT: output 4: int32[3, 2]
// CHECK-NEXT: {{\[\[}}1 4]
// CHECK-NEXT: [2 5]
// CHECK-NEXT: [3 6]]
// x[:, ::-1]
// CHECK-NEXT: output 5: int32[2, 3]
// CHECK-NEXT: {{\[\[}}3 2 1]
// CHECK-NEXT: [6 5 4]]
// arange(10)[1:9:3]
// CHECK-NEXT: output 6: int32[3]
// CHECK-NEXT: [1 4 7]
// concatenate([x, [[7], [8]]], axis=1)
// CHECK-NEXT: output 7: int32[2, 4]
// CHECK-NEXT: {{\[\[}}1 2 3 7]
// CHECK-NEXT: [4 5 6 8]]
// pad [1, 2, 3] with 0: low 1, high 2, interior 1
// CHECK-NEXT: output 8: int32[8]
// CHECK-NEXT: [0 1 0 2 0 3 0 0]
// pad x.ravel() with 9: low -2, high 1
// CHECK-NEXT: output 9: int32[5]
// CHECK-NEXT: [3 4 5 6 9]
// pad [1, 2, 3] with 0: low -1 (cuts the leading 1), high 1, interior 1
// CHECK-NEXT: output 10: int32[5]
// CHECK-NEXT: [0 2 0 3 0]
// CHECK-NOT: output
func.func @main() -> (tensor<2x3xi32>, tensor<5xf32>, tensor<2x3xi32>, tensor<3x2xi32>, tensor<3x2xi32>, tensor<2x3xi32>, tensor<3xi32>, tensor<2x4xi32>, tensor<8xi32>, tensor<5xi32>, tensor<5xi32>) {
  %x = "dsc.constant"() {value = dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>} : () -> tensor<2x3xi32>
  %iota = "dsc.iota"() {dimension = 1 : i64} : () -> tensor<2x3xi32>
  %iotaf = "dsc.iota"() {dimension = 0 : i64} : () -> tensor<5xf32>
  %row = "dsc.constant"() {value = dense<[10, 20, 30]> : tensor<3xi32>} : () -> tensor<3xi32>
  %bcast = "dsc.broadcast_in_dim"(%row) {broadcast_dimensions = array<i64: 1>} : (tensor<3xi32>) -> tensor<2x3xi32>
  %reshape = "dsc.reshape"(%x) : (tensor<2x3xi32>) -> tensor<3x2xi32>
  %transpose = "dsc.transpose"(%x) {permutation = array<i64: 1, 0>} : (tensor<2x3xi32>) -> tensor<3x2xi32>
  %rev = "dsc.rev"(%x) {dimensions = array<i64: 1>} : (tensor<2x3xi32>) -> tensor<2x3xi32>
  %r10 = "dsc.iota"() {dimension = 0 : i64} : () -> tensor<10xi32>
  %slice = "dsc.slice"(%r10) {start_indices = array<i64: 1>, limit_indices = array<i64: 9>, strides = array<i64: 3>} : (tensor<10xi32>) -> tensor<3xi32>
  %col = "dsc.constant"() {value = dense<[[7], [8]]> : tensor<2x1xi32>} : () -> tensor<2x1xi32>
  %concat = "dsc.concatenate"(%x, %col) {dimension = 1 : i64} : (tensor<2x3xi32>, tensor<2x1xi32>) -> tensor<2x4xi32>
  %v3 = "dsc.constant"() {value = dense<[1, 2, 3]> : tensor<3xi32>} : () -> tensor<3xi32>
  %zero = "dsc.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
  %nine = "dsc.constant"() {value = dense<9> : tensor<i32>} : () -> tensor<i32>
  %pad1 = "dsc.pad"(%v3, %zero) {edge_padding_low = array<i64: 1>, edge_padding_high = array<i64: 2>, interior_padding = array<i64: 1>} : (tensor<3xi32>, tensor<i32>) -> tensor<8xi32>
  %v6 = "dsc.reshape"(%x) : (tensor<2x3xi32>) -> tensor<6xi32>
  %pad2 = "dsc.pad"(%v6, %nine) {edge_padding_low = array<i64: -2>, edge_padding_high = array<i64: 1>, interior_padding = array<i64: 0>} : (tensor<6xi32>, tensor<i32>) -> tensor<5xi32>
  %pad3 = "dsc.pad"(%v3, %zero) {edge_padding_low = array<i64: -1>, edge_padding_high = array<i64: 1>, interior_padding = array<i64: 1>} : (tensor<3xi32>, tensor<i32>) -> tensor<5xi32>
  return %iota, %iotaf, %bcast, %reshape, %transpose, %rev, %slice, %concat, %pad1, %pad2, %pad3 : tensor<2x3xi32>, tensor<5xf32>, tensor<2x3xi32>, tensor<3x2xi32>, tensor<3x2xi32>, tensor<2x3xi32>, tensor<3xi32>, tensor<2x4xi32>, tensor<8xi32>, tensor<5xi32>, tensor<5xi32>
}

// Dynamic slices clamp their start indices so that the slice fits (as lax):
// y = arange(20).reshape(4, 5); y[2:4, 0:3] for starts (3, -1) clamped to (2, 0);
// y with [[-1, -2], [-3, -4]] written at (1, 9) clamped to (1, 3); stop_gradient(y) = y.
// DYN: output 0: int32[2, 3]
// DYN-NEXT: {{\[\[}}10 11 12]
// DYN-NEXT: [15 16 17]]
// DYN-NEXT: output 1: int32[4, 5]
// DYN-NEXT: {{\[\[}} 0  1  2  3  4]
// DYN-NEXT: [ 5  6  7 -1 -2]
// DYN-NEXT: [10 11 12 -3 -4]
// DYN-NEXT: [15 16 17 18 19]]
// DYN-NEXT: output 2: int32[4]
// DYN-NEXT: [ 5  6  7 -1]
// DYN-NOT: output
func.func @dynamic() -> (tensor<2x3xi32>, tensor<4x5xi32>, tensor<4xi32>) {
  %r = "dsc.iota"() {dimension = 0 : i64} : () -> tensor<20xi32>
  %y = "dsc.reshape"(%r) : (tensor<20xi32>) -> tensor<4x5xi32>
  %three = "dsc.constant"() {value = dense<3> : tensor<i64>} : () -> tensor<i64>
  %minus1 = "dsc.constant"() {value = dense<-1> : tensor<i64>} : () -> tensor<i64>
  %0 = "dsc.dynamic_slice"(%y, %three, %minus1) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xi32>, tensor<i64>, tensor<i64>) -> tensor<2x3xi32>
  %u = "dsc.constant"() {value = dense<[[-1, -2], [-3, -4]]> : tensor<2x2xi32>} : () -> tensor<2x2xi32>
  %one = "dsc.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
  %nine = "dsc.constant"() {value = dense<9> : tensor<i32>} : () -> tensor<i32>
  %1 = "dsc.dynamic_update_slice"(%y, %u, %one, %nine) : (tensor<4x5xi32>, tensor<2x2xi32>, tensor<i32>, tensor<i32>) -> tensor<4x5xi32>
  %2 = "dsc.stop_gradient"(%1) : (tensor<4x5xi32>) -> tensor<4x5xi32>
  %3 = "dsc.slice"(%2) {start_indices = array<i64: 1, 0>, limit_indices = array<i64: 2, 4>, strides = array<i64: 1, 1>} : (tensor<4x5xi32>) -> tensor<1x4xi32>
  %4 = "dsc.reshape"(%3) : (tensor<1x4xi32>) -> tensor<4xi32>
  return %0, %2, %4 : tensor<2x3xi32>, tensor<4x5xi32>, tensor<4xi32>
}
