// dsc-to-linalg on unsigned integers (tensor<...xui8> ... tensor<...xui64>, descend's
// uint8 ... uint64): the ops are chosen from the sign of the dsc type (divui, cmpi ult,
// uitofp, extui, maxui) and every type is signless afterwards (lowering/signless.py),
// function signatures and constants included.
// RUN: %descend-opt %s --dsc-to-linalg | FileCheck %s --implicit-check-not=dsc. --implicit-check-not=ui

// CHECK-LABEL: func.func @div_u32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>) -> tensor<4xi32>
// CHECK-DAG: %[[M1:[a-zA-Z0-9_-]+]] = arith.constant dense<-1> : tensor<4xi32>
// CHECK-DAG: %[[ONE:[a-zA-Z0-9_-]+]] = arith.constant dense<1> : tensor<4xi32>
// CHECK-DAG: %[[ZERO:[a-zA-Z0-9_-]+]] = arith.constant dense<0> : tensor<4xi32>
// CHECK: %[[Z:[a-zA-Z0-9_-]+]] = arith.cmpi eq, %[[Y]], %[[ZERO]] : tensor<4xi32>
// CHECK: %[[S:[a-zA-Z0-9_-]+]] = arith.select %[[Z]], %[[ONE]], %[[Y]]
// CHECK: %[[Q:[a-zA-Z0-9_-]+]] = arith.divui %[[X]], %[[S]] : tensor<4xi32>
// CHECK: %[[R:[a-zA-Z0-9_-]+]] = arith.select %[[Z]], %[[M1]], %[[Q]]
// CHECK: return %[[R]] : tensor<4xi32>
func.func @div_u32(%x: tensor<4xui32>, %y: tensor<4xui32>) -> tensor<4xui32> {
  %0 = "dsc.div"(%x, %y) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  return %0 : tensor<4xui32>
}

// CHECK-LABEL: func.func @rem_u16(
// CHECK: arith.remui %{{.+}} : tensor<4xi16>
func.func @rem_u16(%x: tensor<4xui16>, %y: tensor<4xui16>) -> tensor<4xui16> {
  %0 = "dsc.rem"(%x, %y) : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
  return %0 : tensor<4xui16>
}

// CHECK-LABEL: func.func @lt_u8(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi8>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi8>) -> tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpi ult, %[[X]], %[[Y]] : tensor<4xi8>
// CHECK-NEXT: return %[[R]]
func.func @lt_u8(%x: tensor<4xui8>, %y: tensor<4xui8>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "LT"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @min_u8(
// CHECK: arith.minui %{{.+}} : tensor<4xi8>
func.func @min_u8(%x: tensor<4xui8>, %y: tensor<4xui8>) -> tensor<4xui8> {
  %0 = "dsc.min"(%x, %y) : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// CHECK-LABEL: func.func @convert_u16(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi16>) -> (tensor<4xf32>, tensor<4xi64>)
// CHECK-NEXT: %[[F:[a-zA-Z0-9_-]+]] = arith.uitofp %[[X]] : tensor<4xi16> to tensor<4xf32>
// CHECK-NEXT: %[[I:[a-zA-Z0-9_-]+]] = arith.extui %[[X]] : tensor<4xi16> to tensor<4xi64>
// CHECK-NEXT: return %[[F]], %[[I]]
func.func @convert_u16(%x: tensor<4xui16>) -> (tensor<4xf32>, tensor<4xi64>) {
  %0 = "dsc.convert"(%x) : (tensor<4xui16>) -> tensor<4xf32>
  %1 = "dsc.convert"(%x) : (tensor<4xui16>) -> tensor<4xi64>
  return %0, %1 : tensor<4xf32>, tensor<4xi64>
}

// float -> uint saturates (as XLA): NaN and negatives to 0, >= 2^8 to 255
// CHECK-LABEL: func.func @convert_f32_u8(
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oge
// CHECK: arith.fptoui %{{.+}} : tensor<4xf32> to tensor<4xi8>
// CHECK: arith.select
func.func @convert_f32_u8(%x: tensor<4xf32>) -> tensor<4xui8> {
  %0 = "dsc.convert"(%x) : (tensor<4xf32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// CHECK-LABEL: func.func @max_reduce_u64(
// CHECK-SAME: tensor<2x3xi64>) -> tensor<2xi64>
// CHECK: %[[INIT:[a-zA-Z0-9_-]+]] = arith.constant 0 : i64
// CHECK: linalg.fill ins(%[[INIT]] : i64)
// CHECK: ^bb0(%[[IN:[a-zA-Z0-9_-]+]]: i64, %[[ACC:[a-zA-Z0-9_-]+]]: i64):
// CHECK-NEXT: %[[M:[a-zA-Z0-9_-]+]] = arith.maxui %[[ACC]], %[[IN]] : i64
func.func @max_reduce_u64(%x: tensor<2x3xui64>) -> tensor<2xui64> {
  %0 = "dsc.reduce"(%x) {kind = "max", axes = array<i64: 1>} : (tensor<2x3xui64>) -> tensor<2xui64>
  return %0 : tensor<2xui64>
}

// a uint64 constant above 2^63 keeps its bits
// CHECK-LABEL: func.func @const_u64(
// CHECK: arith.constant dense<[-1, 1]> : tensor<2xi64>
func.func @const_u64() -> tensor<2xui64> {
  %0 = "dsc.constant"() {value = dense<[18446744073709551615, 1]> : tensor<2xui64>} : () -> tensor<2xui64>
  return %0 : tensor<2xui64>
}
