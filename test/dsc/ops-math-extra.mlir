// Round-trip of the math and bit dsc ops (asin ... digamma, population_count, clz,
// the shifts, is_finite, bitcast_convert_type): parse, verify (descend-opt runs
// dsc-verify after parsing), print, and parse the printed form again.
// RUN: %descend-opt %s | %descend-opt | FileCheck %s
// RUN: %descend-opt %s --mlir-print-op-generic | %descend-opt | FileCheck %s

// ---- float unary ----

// CHECK-LABEL: func.func @math_f32(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.asin"(%[[X]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V1:[0-9]+]] = "dsc.acos"(%[[V0]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V2:[0-9]+]] = "dsc.atan"(%[[V1]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V3:[0-9]+]] = "dsc.sinh"(%[[V2]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V4:[0-9]+]] = "dsc.cosh"(%[[V3]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V5:[0-9]+]] = "dsc.asinh"(%[[V4]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V6:[0-9]+]] = "dsc.acosh"(%[[V5]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V7:[0-9]+]] = "dsc.atanh"(%[[V6]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V8:[0-9]+]] = "dsc.erf"(%[[V7]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V9:[0-9]+]] = "dsc.erfc"(%[[V8]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V10:[0-9]+]] = "dsc.erf_inv"(%[[V9]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V11:[0-9]+]] = "dsc.cbrt"(%[[V10]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V12:[0-9]+]] = "dsc.exp2"(%[[V11]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V13:[0-9]+]] = "dsc.lgamma"(%[[V12]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V14:[0-9]+]] = "dsc.digamma"(%[[V13]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return %[[V14]] : tensor<2x3xf32>
func.func @math_f32(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "dsc.asin"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = "dsc.acos"(%0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = "dsc.atan"(%1) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = "dsc.sinh"(%2) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = "dsc.cosh"(%3) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = "dsc.asinh"(%4) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = "dsc.acosh"(%5) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = "dsc.atanh"(%6) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %8 = "dsc.erf"(%7) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %9 = "dsc.erfc"(%8) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %10 = "dsc.erf_inv"(%9) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %11 = "dsc.cbrt"(%10) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %12 = "dsc.exp2"(%11) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %13 = "dsc.lgamma"(%12) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %14 = "dsc.digamma"(%13) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %14 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @math_f64(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.asin"(%[[X]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V1:[0-9]+]] = "dsc.acos"(%[[V0]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V2:[0-9]+]] = "dsc.atan"(%[[V1]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V3:[0-9]+]] = "dsc.sinh"(%[[V2]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V4:[0-9]+]] = "dsc.cosh"(%[[V3]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V5:[0-9]+]] = "dsc.asinh"(%[[V4]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V6:[0-9]+]] = "dsc.acosh"(%[[V5]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V7:[0-9]+]] = "dsc.atanh"(%[[V6]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V8:[0-9]+]] = "dsc.erf"(%[[V7]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V9:[0-9]+]] = "dsc.erfc"(%[[V8]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V10:[0-9]+]] = "dsc.erf_inv"(%[[V9]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V11:[0-9]+]] = "dsc.cbrt"(%[[V10]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V12:[0-9]+]] = "dsc.exp2"(%[[V11]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V13:[0-9]+]] = "dsc.lgamma"(%[[V12]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: %[[V14:[0-9]+]] = "dsc.digamma"(%[[V13]]) : (tensor<4xf64>) -> tensor<4xf64>
// CHECK-NEXT: return %[[V14]] : tensor<4xf64>
func.func @math_f64(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "dsc.asin"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  %1 = "dsc.acos"(%0) : (tensor<4xf64>) -> tensor<4xf64>
  %2 = "dsc.atan"(%1) : (tensor<4xf64>) -> tensor<4xf64>
  %3 = "dsc.sinh"(%2) : (tensor<4xf64>) -> tensor<4xf64>
  %4 = "dsc.cosh"(%3) : (tensor<4xf64>) -> tensor<4xf64>
  %5 = "dsc.asinh"(%4) : (tensor<4xf64>) -> tensor<4xf64>
  %6 = "dsc.acosh"(%5) : (tensor<4xf64>) -> tensor<4xf64>
  %7 = "dsc.atanh"(%6) : (tensor<4xf64>) -> tensor<4xf64>
  %8 = "dsc.erf"(%7) : (tensor<4xf64>) -> tensor<4xf64>
  %9 = "dsc.erfc"(%8) : (tensor<4xf64>) -> tensor<4xf64>
  %10 = "dsc.erf_inv"(%9) : (tensor<4xf64>) -> tensor<4xf64>
  %11 = "dsc.cbrt"(%10) : (tensor<4xf64>) -> tensor<4xf64>
  %12 = "dsc.exp2"(%11) : (tensor<4xf64>) -> tensor<4xf64>
  %13 = "dsc.lgamma"(%12) : (tensor<4xf64>) -> tensor<4xf64>
  %14 = "dsc.digamma"(%13) : (tensor<4xf64>) -> tensor<4xf64>
  return %14 : tensor<4xf64>
}

// ---- integer unary ----

// CHECK-LABEL: func.func @bits_i32(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<3xi32>) -> tensor<3xi32>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.population_count"(%[[X]]) : (tensor<3xi32>) -> tensor<3xi32>
// CHECK-NEXT: %[[V1:[0-9]+]] = "dsc.clz"(%[[V0]]) : (tensor<3xi32>) -> tensor<3xi32>
// CHECK-NEXT: return %[[V1]] : tensor<3xi32>
func.func @bits_i32(%x: tensor<3xi32>) -> tensor<3xi32> {
  %0 = "dsc.population_count"(%x) : (tensor<3xi32>) -> tensor<3xi32>
  %1 = "dsc.clz"(%0) : (tensor<3xi32>) -> tensor<3xi32>
  return %1 : tensor<3xi32>
}

// CHECK-LABEL: func.func @bits_i64(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x2xi64>) -> tensor<2x2xi64>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.population_count"(%[[X]]) : (tensor<2x2xi64>) -> tensor<2x2xi64>
// CHECK-NEXT: %[[V1:[0-9]+]] = "dsc.clz"(%[[V0]]) : (tensor<2x2xi64>) -> tensor<2x2xi64>
// CHECK-NEXT: return %[[V1]] : tensor<2x2xi64>
func.func @bits_i64(%x: tensor<2x2xi64>) -> tensor<2x2xi64> {
  %0 = "dsc.population_count"(%x) : (tensor<2x2xi64>) -> tensor<2x2xi64>
  %1 = "dsc.clz"(%0) : (tensor<2x2xi64>) -> tensor<2x2xi64>
  return %1 : tensor<2x2xi64>
}

// ---- shifts ----

// CHECK-LABEL: func.func @shifts(
// CHECK-SAME: %[[A:[a-z0-9_]+]]: tensor<4xi32>, %[[B:[a-z0-9_]+]]: tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.shift_left"(%[[A]], %[[B]]) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: %[[V1:[0-9]+]] = "dsc.shift_right_logical"(%[[V0]], %[[B]]) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: %[[V2:[0-9]+]] = "dsc.shift_right_arithmetic"(%[[V1]], %[[B]]) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: return %[[V2]] : tensor<4xi32>
func.func @shifts(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.shift_left"(%a, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = "dsc.shift_right_logical"(%0, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = "dsc.shift_right_arithmetic"(%1, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %2 : tensor<4xi32>
}

// CHECK-LABEL: func.func @shifts_i8(
// CHECK: "dsc.shift_left"(%{{.+}}, %{{.+}}) : (tensor<i8>, tensor<i8>) -> tensor<i8>
func.func @shifts_i8(%a: tensor<i8>, %b: tensor<i8>) -> tensor<i8> {
  %0 = "dsc.shift_left"(%a, %b) : (tensor<i8>, tensor<i8>) -> tensor<i8>
  return %0 : tensor<i8>
}

// ---- is_finite, bitcast_convert_type ----

// CHECK-LABEL: func.func @is_finite(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x2xf64>) -> tensor<2x2xi1>
// CHECK-NEXT: %[[R:[0-9]+]] = "dsc.is_finite"(%[[X]]) : (tensor<2x2xf64>) -> tensor<2x2xi1>
// CHECK-NEXT: return %[[R]] : tensor<2x2xi1>
func.func @is_finite(%x: tensor<2x2xf64>) -> tensor<2x2xi1> {
  %0 = "dsc.is_finite"(%x) : (tensor<2x2xf64>) -> tensor<2x2xi1>
  return %0 : tensor<2x2xi1>
}

// CHECK-LABEL: func.func @bitcast(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<3xf32>, %[[Y:[a-z0-9_]+]]: tensor<2xi64>, %[[Z:[a-z0-9_]+]]: tensor<f16>)
// CHECK-NEXT: %[[A:[0-9]+]] = "dsc.bitcast_convert_type"(%[[X]]) : (tensor<3xf32>) -> tensor<3xi32>
// CHECK-NEXT: %[[B:[0-9]+]] = "dsc.bitcast_convert_type"(%[[A]]) : (tensor<3xi32>) -> tensor<3xf32>
// CHECK-NEXT: %[[C:[0-9]+]] = "dsc.bitcast_convert_type"(%[[Y]]) : (tensor<2xi64>) -> tensor<2xf64>
// CHECK-NEXT: %[[D:[0-9]+]] = "dsc.bitcast_convert_type"(%[[Z]]) : (tensor<f16>) -> tensor<i16>
// CHECK-NEXT: return %[[B]], %[[C]], %[[D]] : tensor<3xf32>, tensor<2xf64>, tensor<i16>
func.func @bitcast(%x: tensor<3xf32>, %y: tensor<2xi64>, %z: tensor<f16>) -> (tensor<3xf32>, tensor<2xf64>, tensor<i16>) {
  %0 = "dsc.bitcast_convert_type"(%x) : (tensor<3xf32>) -> tensor<3xi32>
  %1 = "dsc.bitcast_convert_type"(%0) : (tensor<3xi32>) -> tensor<3xf32>
  %2 = "dsc.bitcast_convert_type"(%y) : (tensor<2xi64>) -> tensor<2xf64>
  %3 = "dsc.bitcast_convert_type"(%z) : (tensor<f16>) -> tensor<i16>
  return %1, %2, %3 : tensor<3xf32>, tensor<2xf64>, tensor<i16>
}
