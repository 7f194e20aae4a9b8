// Round-trip of dsc ops on unsigned integer tensors (descend's uint8 ... uint64 are
// tensor<...xui8> ... tensor<...xui64> at the dsc level): parse, verify, print, parse again.
// RUN: %descend-opt %s | %descend-opt | FileCheck %s

// CHECK-LABEL: func.func @ops(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xui8>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xui8>, %[[Z:[a-zA-Z0-9_-]+]]: tensor<2x3xui64>
// CHECK: "dsc.div"(%[[X]], %[[Y]]) : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
// CHECK: "dsc.compare"(%[[X]], %[[Y]]) {direction = "LT"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
// CHECK: "dsc.convert"(%[[X]]) : (tensor<4xui8>) -> tensor<4xf32>
// CHECK: "dsc.population_count"(%[[X]]) : (tensor<4xui8>) -> tensor<4xui8>
// CHECK: "dsc.reduce"(%[[Z]]) {axes = array<i64: 1>, kind = "sum"} : (tensor<2x3xui64>) -> tensor<2xui64>
// CHECK: "dsc.constant"() {value = dense<[255, 0, 1, 128]> : tensor<4xui8>} : () -> tensor<4xui8>
func.func @ops(%x: tensor<4xui8>, %y: tensor<4xui8>, %z: tensor<2x3xui64>) -> (tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<4xui8>, tensor<2xui64>, tensor<4xui8>) {
  %0 = "dsc.div"(%x, %y) : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = "dsc.compare"(%x, %y) {direction = "LT"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %2 = "dsc.convert"(%x) : (tensor<4xui8>) -> tensor<4xf32>
  %3 = "dsc.population_count"(%x) : (tensor<4xui8>) -> tensor<4xui8>
  %4 = "dsc.reduce"(%z) {kind = "sum", axes = array<i64: 1>} : (tensor<2x3xui64>) -> tensor<2xui64>
  %5 = "dsc.constant"() {value = dense<[255, 0, 1, 128]> : tensor<4xui8>} : () -> tensor<4xui8>
  return %0, %1, %2, %3, %4, %5 : tensor<4xui8>, tensor<4xi1>, tensor<4xf32>, tensor<4xui8>, tensor<2xui64>, tensor<4xui8>
}
