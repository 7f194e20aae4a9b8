// Round-trip of dsc.gather and dsc.scatter: parse, verify, print, parse again.
// RUN: %descend-opt %s | %descend-opt | FileCheck %s
// RUN: %descend-opt %s --mlir-print-op-generic | %descend-opt | FileCheck %s

// CHECK-LABEL: func.func @gather(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<4x5x6xf32>, %[[I:[a-z0-9_]+]]: tensor<2x3x2xi32>, %[[J:[a-z0-9_]+]]: tensor<1xi64>)
// CHECK-NEXT: "dsc.gather"(%[[X]], %[[I]]) {dims = array<i64: 0, 2>} : (tensor<4x5x6xf32>, tensor<2x3x2xi32>) -> tensor<2x3x5xf32>
// CHECK-NEXT: "dsc.gather"(%[[X]], %[[J]]) {dims = array<i64: 1>} : (tensor<4x5x6xf32>, tensor<1xi64>) -> tensor<4x6xf32>
func.func @gather(%x: tensor<4x5x6xf32>, %i: tensor<2x3x2xi32>, %j: tensor<1xi64>) -> (tensor<2x3x5xf32>, tensor<4x6xf32>) {
  %0 = "dsc.gather"(%x, %i) {dims = array<i64: 0, 2>} : (tensor<4x5x6xf32>, tensor<2x3x2xi32>) -> tensor<2x3x5xf32>
  %1 = "dsc.gather"(%x, %j) {dims = array<i64: 1>} : (tensor<4x5x6xf32>, tensor<1xi64>) -> tensor<4x6xf32>
  return %0, %1 : tensor<2x3x5xf32>, tensor<4x6xf32>
}

// CHECK-LABEL: func.func @scatter(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<4x5xf32>, %[[I:[a-z0-9_]+]]: tensor<3x1xi32>, %[[U:[a-z0-9_]+]]: tensor<3x5xf32>, %[[B:[a-z0-9_]+]]: tensor<4x5xi1>, %[[K:[a-z0-9_]+]]: tensor<2xi32>, %[[V:[a-z0-9_]+]]: tensor<i1>)
// CHECK-NEXT: "dsc.scatter"(%[[X]], %[[I]], %[[U]]) {dims = array<i64: 0>, mode = "add"} : (tensor<4x5xf32>, tensor<3x1xi32>, tensor<3x5xf32>) -> tensor<4x5xf32>
// CHECK-NEXT: "dsc.scatter"(%[[X]], %[[I]], %[[U]]) {dims = array<i64: 0>, mode = "max"} : (tensor<4x5xf32>, tensor<3x1xi32>, tensor<3x5xf32>) -> tensor<4x5xf32>
// CHECK-NEXT: "dsc.scatter"(%[[B]], %[[K]], %[[V]]) {dims = array<i64: 1, 0>, mode = "set"} : (tensor<4x5xi1>, tensor<2xi32>, tensor<i1>) -> tensor<4x5xi1>
func.func @scatter(%x: tensor<4x5xf32>, %i: tensor<3x1xi32>, %u: tensor<3x5xf32>, %b: tensor<4x5xi1>, %k: tensor<2xi32>, %v: tensor<i1>) -> (tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xi1>) {
  %0 = "dsc.scatter"(%x, %i, %u) {dims = array<i64: 0>, mode = "add"} : (tensor<4x5xf32>, tensor<3x1xi32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %1 = "dsc.scatter"(%x, %i, %u) {dims = array<i64: 0>, mode = "max"} : (tensor<4x5xf32>, tensor<3x1xi32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  %2 = "dsc.scatter"(%b, %k, %v) {dims = array<i64: 1, 0>, mode = "set"} : (tensor<4x5xi1>, tensor<2xi32>, tensor<i1>) -> tensor<4x5xi1>
  return %0, %1, %2 : tensor<4x5xf32>, tensor<4x5xf32>, tensor<4x5xi1>
}
