// dsc-tree-sum: a long float sum becomes block sums of block sums (accuracy on the CPU);
// short sums and integer sums are left alone.
// RUN: %descend-opt %s --split-input-file --dsc-tree-sum | FileCheck %s

// CHECK-LABEL: func.func @long
// CHECK: "dsc.reshape"(%{{.*}}) : (tensor<100000xf32>) -> tensor<625x160xf32>
// CHECK: "dsc.reduce"(%{{.*}}) {axes = array<i64: 1>, kind = "sum"} : (tensor<625x160xf32>) -> tensor<625xf32>
// CHECK: "dsc.reshape"(%{{.*}}) : (tensor<625xf32>) -> tensor<5x125xf32>
// CHECK: "dsc.reduce"(%{{.*}}) {axes = array<i64: 1>, kind = "sum"} : (tensor<5x125xf32>) -> tensor<5xf32>
// CHECK: "dsc.reduce"(%{{.*}}) {axes = array<i64: 0>, kind = "sum"} : (tensor<5xf32>) -> tensor<f32>
func.func @long(%x: tensor<100000xf32>) -> tensor<f32> {
  %0 = "dsc.reduce"(%x) {axes = array<i64: 0>, kind = "sum"} : (tensor<100000xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// CHECK-LABEL: func.func @short_and_int
// CHECK-NOT: dsc.reshape
// CHECK: "dsc.reduce"(%arg0) {axes = array<i64: 0>, kind = "sum"} : (tensor<100xf32>) -> tensor<f32>
// CHECK: "dsc.reduce"(%arg1) {axes = array<i64: 0>, kind = "sum"} : (tensor<100000xi32>) -> tensor<i32>
func.func @short_and_int(%x: tensor<100xf32>, %n: tensor<100000xi32>) -> (tensor<f32>, tensor<i32>) {
  %0 = "dsc.reduce"(%x) {axes = array<i64: 0>, kind = "sum"} : (tensor<100xf32>) -> tensor<f32>
  %1 = "dsc.reduce"(%n) {axes = array<i64: 0>, kind = "sum"} : (tensor<100000xi32>) -> tensor<i32>
  return %0, %1 : tensor<f32>, tensor<i32>
}
