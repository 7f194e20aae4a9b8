// Round-trip of the elementwise dsc ops (unary, binary, compare, select,
// convert): parse, verify (descend-opt runs dsc-verify after parsing), print,
// and parse the printed form again. Each CHECK pins the op name, its operands
// and its full operand and result types.
// RUN: %descend-opt %s | %descend-opt | FileCheck %s
// RUN: %descend-opt %s --mlir-print-op-generic | %descend-opt | FileCheck %s

// ---- elementwise unary ----

// CHECK-LABEL: func.func @unary_f32(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.neg"(%[[X]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V1:[0-9]+]] = "dsc.abs"(%[[V0]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V2:[0-9]+]] = "dsc.sign"(%[[V1]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V3:[0-9]+]] = "dsc.exp"(%[[V2]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V4:[0-9]+]] = "dsc.log"(%[[V3]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V5:[0-9]+]] = "dsc.log1p"(%[[V4]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V6:[0-9]+]] = "dsc.expm1"(%[[V5]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V7:[0-9]+]] = "dsc.sqrt"(%[[V6]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V8:[0-9]+]] = "dsc.rsqrt"(%[[V7]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V9:[0-9]+]] = "dsc.sin"(%[[V8]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V10:[0-9]+]] = "dsc.cos"(%[[V9]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V11:[0-9]+]] = "dsc.tan"(%[[V10]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V12:[0-9]+]] = "dsc.tanh"(%[[V11]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V13:[0-9]+]] = "dsc.logistic"(%[[V12]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V14:[0-9]+]] = "dsc.floor"(%[[V13]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V15:[0-9]+]] = "dsc.ceil"(%[[V14]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V16:[0-9]+]] = "dsc.round"(%[[V15]]) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return %[[V16]] : tensor<2x3xf32>
func.func @unary_f32(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "dsc.neg"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = "dsc.abs"(%0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = "dsc.sign"(%1) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = "dsc.exp"(%2) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = "dsc.log"(%3) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = "dsc.log1p"(%4) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = "dsc.expm1"(%5) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = "dsc.sqrt"(%6) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %8 = "dsc.rsqrt"(%7) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %9 = "dsc.sin"(%8) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %10 = "dsc.cos"(%9) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %11 = "dsc.tan"(%10) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %12 = "dsc.tanh"(%11) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %13 = "dsc.logistic"(%12) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %14 = "dsc.floor"(%13) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %15 = "dsc.ceil"(%14) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %16 = "dsc.round"(%15) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %16 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @unary_i32(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.neg"(%[[X]]) : (tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: %[[V1:[0-9]+]] = "dsc.abs"(%[[V0]]) : (tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: %[[V2:[0-9]+]] = "dsc.sign"(%[[V1]]) : (tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: %[[V3:[0-9]+]] = "dsc.not"(%[[V2]]) : (tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: return %[[V3]] : tensor<4xi32>
func.func @unary_i32(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.neg"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  %1 = "dsc.abs"(%0) : (tensor<4xi32>) -> tensor<4xi32>
  %2 = "dsc.sign"(%1) : (tensor<4xi32>) -> tensor<4xi32>
  %3 = "dsc.not"(%2) : (tensor<4xi32>) -> tensor<4xi32>
  return %3 : tensor<4xi32>
}

// CHECK-LABEL: func.func @unary_f64_rank0(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<f64>) -> tensor<f64>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.exp"(%[[X]]) : (tensor<f64>) -> tensor<f64>
// CHECK-NEXT: %[[V1:[0-9]+]] = "dsc.neg"(%[[V0]]) : (tensor<f64>) -> tensor<f64>
// CHECK-NEXT: return %[[V1]] : tensor<f64>
func.func @unary_f64_rank0(%x: tensor<f64>) -> tensor<f64> {
  %0 = "dsc.exp"(%x) : (tensor<f64>) -> tensor<f64>
  %1 = "dsc.neg"(%0) : (tensor<f64>) -> tensor<f64>
  return %1 : tensor<f64>
}

// CHECK-LABEL: func.func @not_i1(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<3xi1>) -> tensor<3xi1>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.not"(%[[X]]) : (tensor<3xi1>) -> tensor<3xi1>
// CHECK-NEXT: return %[[V0]] : tensor<3xi1>
func.func @not_i1(%x: tensor<3xi1>) -> tensor<3xi1> {
  %0 = "dsc.not"(%x) : (tensor<3xi1>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// ---- elementwise binary ----

// CHECK-LABEL: func.func @binary_f32(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x3xf32>, %[[Y:[a-z0-9_]+]]: tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.add"(%[[X]], %[[Y]]) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V1:[0-9]+]] = "dsc.sub"(%[[V0]], %[[Y]]) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V2:[0-9]+]] = "dsc.mul"(%[[V1]], %[[Y]]) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V3:[0-9]+]] = "dsc.div"(%[[V2]], %[[Y]]) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V4:[0-9]+]] = "dsc.rem"(%[[V3]], %[[Y]]) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V5:[0-9]+]] = "dsc.pow"(%[[V4]], %[[Y]]) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V6:[0-9]+]] = "dsc.max"(%[[V5]], %[[Y]]) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V7:[0-9]+]] = "dsc.min"(%[[V6]], %[[Y]]) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V8:[0-9]+]] = "dsc.atan2"(%[[V7]], %[[Y]]) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return %[[V8]] : tensor<2x3xf32>
func.func @binary_f32(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "dsc.add"(%x, %y) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = "dsc.sub"(%0, %y) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = "dsc.mul"(%1, %y) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = "dsc.div"(%2, %y) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = "dsc.rem"(%3, %y) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = "dsc.pow"(%4, %y) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = "dsc.max"(%5, %y) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = "dsc.min"(%6, %y) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %8 = "dsc.atan2"(%7, %y) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %8 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @binary_i64(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<5xi64>, %[[Y:[a-z0-9_]+]]: tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.add"(%[[X]], %[[Y]]) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT: %[[V1:[0-9]+]] = "dsc.sub"(%[[V0]], %[[Y]]) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT: %[[V2:[0-9]+]] = "dsc.mul"(%[[V1]], %[[Y]]) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT: %[[V3:[0-9]+]] = "dsc.div"(%[[V2]], %[[Y]]) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT: %[[V4:[0-9]+]] = "dsc.rem"(%[[V3]], %[[Y]]) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT: %[[V5:[0-9]+]] = "dsc.pow"(%[[V4]], %[[Y]]) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT: %[[V6:[0-9]+]] = "dsc.max"(%[[V5]], %[[Y]]) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT: %[[V7:[0-9]+]] = "dsc.min"(%[[V6]], %[[Y]]) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT: %[[V8:[0-9]+]] = "dsc.and"(%[[V7]], %[[Y]]) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT: %[[V9:[0-9]+]] = "dsc.or"(%[[V8]], %[[Y]]) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT: %[[V10:[0-9]+]] = "dsc.xor"(%[[V9]], %[[Y]]) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
// CHECK-NEXT: return %[[V10]] : tensor<5xi64>
func.func @binary_i64(%x: tensor<5xi64>, %y: tensor<5xi64>) -> tensor<5xi64> {
  %0 = "dsc.add"(%x, %y) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %1 = "dsc.sub"(%0, %y) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %2 = "dsc.mul"(%1, %y) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %3 = "dsc.div"(%2, %y) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %4 = "dsc.rem"(%3, %y) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %5 = "dsc.pow"(%4, %y) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %6 = "dsc.max"(%5, %y) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %7 = "dsc.min"(%6, %y) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %8 = "dsc.and"(%7, %y) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %9 = "dsc.or"(%8, %y) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  %10 = "dsc.xor"(%9, %y) : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  return %10 : tensor<5xi64>
}

// CHECK-LABEL: func.func @binary_i1(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x2xi1>, %[[Y:[a-z0-9_]+]]: tensor<2x2xi1>) -> tensor<2x2xi1>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.and"(%[[X]], %[[Y]]) : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
// CHECK-NEXT: %[[V1:[0-9]+]] = "dsc.or"(%[[V0]], %[[Y]]) : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
// CHECK-NEXT: %[[V2:[0-9]+]] = "dsc.xor"(%[[V1]], %[[Y]]) : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
// CHECK-NEXT: %[[V3:[0-9]+]] = "dsc.max"(%[[V2]], %[[Y]]) : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
// CHECK-NEXT: %[[V4:[0-9]+]] = "dsc.min"(%[[V3]], %[[Y]]) : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
// CHECK-NEXT: return %[[V4]] : tensor<2x2xi1>
func.func @binary_i1(%x: tensor<2x2xi1>, %y: tensor<2x2xi1>) -> tensor<2x2xi1> {
  %0 = "dsc.and"(%x, %y) : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
  %1 = "dsc.or"(%0, %y) : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
  %2 = "dsc.xor"(%1, %y) : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
  %3 = "dsc.max"(%2, %y) : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
  %4 = "dsc.min"(%3, %y) : (tensor<2x2xi1>, tensor<2x2xi1>) -> tensor<2x2xi1>
  return %4 : tensor<2x2xi1>
}

// CHECK-LABEL: func.func @binary_f16(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<8xf16>, %[[Y:[a-z0-9_]+]]: tensor<8xf16>) -> tensor<8xf16>
// CHECK-NEXT: %[[V0:[0-9]+]] = "dsc.add"(%[[X]], %[[Y]]) : (tensor<8xf16>, tensor<8xf16>) -> tensor<8xf16>
// CHECK-NEXT: %[[V1:[0-9]+]] = "dsc.mul"(%[[V0]], %[[Y]]) : (tensor<8xf16>, tensor<8xf16>) -> tensor<8xf16>
// CHECK-NEXT: return %[[V1]] : tensor<8xf16>
func.func @binary_f16(%x: tensor<8xf16>, %y: tensor<8xf16>) -> tensor<8xf16> {
  %0 = "dsc.add"(%x, %y) : (tensor<8xf16>, tensor<8xf16>) -> tensor<8xf16>
  %1 = "dsc.mul"(%0, %y) : (tensor<8xf16>, tensor<8xf16>) -> tensor<8xf16>
  return %1 : tensor<8xf16>
}
// ---- compare ----

// CHECK-LABEL: func.func @compare(
// CHECK-SAME: %[[A:[a-z0-9_]+]]: tensor<2x3xf32>, %[[B:[a-z0-9_]+]]: tensor<2x3xf32>, %[[I:[a-z0-9_]+]]: tensor<4xi8>, %[[P:[a-z0-9_]+]]: tensor<4xi1>)
// CHECK-NEXT: "dsc.compare"(%[[A]], %[[B]]) {direction = "EQ"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT: "dsc.compare"(%[[A]], %[[B]]) {direction = "NE"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT: "dsc.compare"(%[[A]], %[[B]]) {direction = "LT"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT: "dsc.compare"(%[[A]], %[[B]]) {direction = "LE"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT: "dsc.compare"(%[[I]], %[[I]]) {direction = "GT"} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi1>
// CHECK-NEXT: "dsc.compare"(%[[P]], %[[P]]) {direction = "GE"} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
// CHECK-NEXT: return
func.func @compare(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %i: tensor<4xi8>, %p: tensor<4xi1>) -> (tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = "dsc.compare"(%a, %b) {direction = "EQ"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %1 = "dsc.compare"(%a, %b) {direction = "NE"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %2 = "dsc.compare"(%a, %b) {direction = "LT"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %3 = "dsc.compare"(%a, %b) {direction = "LE"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %4 = "dsc.compare"(%i, %i) {direction = "GT"} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi1>
  %5 = "dsc.compare"(%p, %p) {direction = "GE"} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<2x3xi1>, tensor<4xi1>, tensor<4xi1>
}

// ---- select ----

// CHECK-LABEL: func.func @select(
// CHECK-SAME: %[[P:[a-z0-9_]+]]: tensor<3xi1>, %[[T:[a-z0-9_]+]]: tensor<3xi32>, %[[F:[a-z0-9_]+]]: tensor<3xi32>)
// CHECK-NEXT: %[[R:[0-9]+]] = "dsc.select"(%[[P]], %[[T]], %[[F]]) : (tensor<3xi1>, tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
// CHECK-NEXT: return %[[R]] : tensor<3xi32>
func.func @select(%p: tensor<3xi1>, %t: tensor<3xi32>, %f: tensor<3xi32>) -> tensor<3xi32> {
  %0 = "dsc.select"(%p, %t, %f) : (tensor<3xi1>, tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// ---- convert ----

// CHECK-LABEL: func.func @convert(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x2xf32>)
// CHECK-NEXT: %[[A:[0-9]+]] = "dsc.convert"(%[[X]]) : (tensor<2x2xf32>) -> tensor<2x2xi32>
// CHECK-NEXT: %[[B:[0-9]+]] = "dsc.convert"(%[[A]]) : (tensor<2x2xi32>) -> tensor<2x2xi1>
// CHECK-NEXT: %[[C:[0-9]+]] = "dsc.convert"(%[[B]]) : (tensor<2x2xi1>) -> tensor<2x2xf64>
// CHECK-NEXT: %[[D:[0-9]+]] = "dsc.convert"(%[[C]]) : (tensor<2x2xf64>) -> tensor<2x2xf16>
// CHECK-NEXT: return %[[D]] : tensor<2x2xf16>
func.func @convert(%x: tensor<2x2xf32>) -> tensor<2x2xf16> {
  %0 = "dsc.convert"(%x) : (tensor<2x2xf32>) -> tensor<2x2xi32>
  %1 = "dsc.convert"(%0) : (tensor<2x2xi32>) -> tensor<2x2xi1>
  %2 = "dsc.convert"(%1) : (tensor<2x2xi1>) -> tensor<2x2xf64>
  %3 = "dsc.convert"(%2) : (tensor<2x2xf64>) -> tensor<2x2xf16>
  return %3 : tensor<2x2xf16>
}

// ---- stop_gradient (the identity; its derivative is zero) ----

// CHECK-LABEL: func.func @stop_gradient(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<3xf32>, %[[I:[a-z0-9_]+]]: tensor<2xi32>)
// CHECK-NEXT: %[[A:[0-9]+]] = "dsc.stop_gradient"(%[[X]]) : (tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT: %[[B:[0-9]+]] = "dsc.stop_gradient"(%[[I]]) : (tensor<2xi32>) -> tensor<2xi32>
// CHECK-NEXT: return %[[A]], %[[B]]
func.func @stop_gradient(%x: tensor<3xf32>, %i: tensor<2xi32>) -> (tensor<3xf32>, tensor<2xi32>) {
  %0 = "dsc.stop_gradient"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "dsc.stop_gradient"(%i) : (tensor<2xi32>) -> tensor<2xi32>
  return %0, %1 : tensor<3xf32>, tensor<2xi32>
}
