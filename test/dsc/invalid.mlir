// Invalid dsc IR: at least one case per op, with the message of its shape
// rule (dialects/shape_rules.py, run by dsc-verify after parsing), plus
// IRDL-level errors (dialects/dsc.irdl.mlir: operand/result count, base
// types, attribute kinds, missing attributes, unknown ops) and the type
// conversions every op shares (dynamic shapes, unsupported element types).
// RUN: %descend-opt %s --split-input-file --verify-diagnostics

// unary float-only on int
func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.exp: requires a floating-point operand, got int32}}
  %0 = "dsc.exp"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2xi64>) -> tensor<2xi64> {
  // expected-error@+1 {{dsc.log: requires a floating-point operand, got int64}}
  %0 = "dsc.log"(%a) : (tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.log1p: requires a floating-point operand, got int32}}
  %0 = "dsc.log1p"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.expm1: requires a floating-point operand, got int32}}
  %0 = "dsc.expm1"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.sqrt: requires a floating-point operand, got int32}}
  %0 = "dsc.sqrt"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2xi8>) -> tensor<2xi8> {
  // expected-error@+1 {{dsc.rsqrt: requires a floating-point operand, got int8}}
  %0 = "dsc.rsqrt"(%a) : (tensor<2xi8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.sin: requires a floating-point operand, got int32}}
  %0 = "dsc.sin"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.cos: requires a floating-point operand, got int32}}
  %0 = "dsc.cos"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.tan: requires a floating-point operand, got int32}}
  %0 = "dsc.tan"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2xi16>) -> tensor<2xi16> {
  // expected-error@+1 {{dsc.tanh: requires a floating-point operand, got int16}}
  %0 = "dsc.tanh"(%a) : (tensor<2xi16>) -> tensor<2xi16>
  return %0 : tensor<2xi16>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.logistic: requires a floating-point operand, got bool}}
  %0 = "dsc.logistic"(%a) : (tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.floor: requires a floating-point operand, got int32}}
  %0 = "dsc.floor"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.ceil: requires a floating-point operand, got int32}}
  %0 = "dsc.ceil"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.round: requires a floating-point operand, got int32}}
  %0 = "dsc.round"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// bool not accepted
func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.neg: does not accept boolean operands}}
  %0 = "dsc.neg"(%a) : (tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.abs: does not accept boolean operands}}
  %0 = "dsc.abs"(%a) : (tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.sign: does not accept boolean operands}}
  %0 = "dsc.sign"(%a) : (tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// not on floats
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.not: requires an integer or boolean operand, got float32}}
  %0 = "dsc.not"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// IRDL: unary result type differs from operand
func.func @f(%a: tensor<2xf32>) -> tensor<3xf32> {
  // expected-error@+1 {{expected 'tensor<2xf32>' but got 'tensor<3xf32>'}}
  %0 = "dsc.neg"(%a) : (tensor<2xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// IRDL: wrong operand count
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{op expects exactly 1 operands, but got 2}}
  %0 = "dsc.exp"(%a, %a) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// IRDL: non-tensor operand
func.func @f(%a: f32) -> f32 {
  // expected-error@+1 {{expected base type 'builtin.tensor' but got 'builtin.f32'}}
  %0 = "dsc.abs"(%a) : (f32) -> f32
  return %0 : f32
}

// -----

// IRDL: two results
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{op expects exactly 1 results, but got 2}}
  %0:2 = "dsc.neg"(%a) : (tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  return %0#0 : tensor<2xf32>
}

// -----

// dynamic shape
func.func @f(%a: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{dsc.neg: expected a static shape, got tensor<?xf32>}}
  %0 = "dsc.neg"(%a) : (tensor<?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// unsupported dtype (uint8 is ui8; explicitly signed integers are not a dtype)
func.func @f(%a: tensor<2xsi8>) -> tensor<2xsi8> {
  // expected-error@+1 {{dsc.abs: unsupported element type si8 in tensor<2xsi8>}}
  %0 = "dsc.abs"(%a) : (tensor<2xsi8>) -> tensor<2xsi8>
  return %0 : tensor<2xsi8>
}

// -----

func.func @f(%a: tensor<2xf8E4M3FN>) -> tensor<2xf8E4M3FN> {
  // expected-error@+1 {{dsc.exp: unsupported element type f8E4M3FN in tensor<2xf8E4M3FN>}}
  %0 = "dsc.exp"(%a) : (tensor<2xf8E4M3FN>) -> tensor<2xf8E4M3FN>
  return %0 : tensor<2xf8E4M3FN>
}

// -----

// binary: IRDL shape mismatch
func.func @f(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{expected 'tensor<2xf32>' but got 'tensor<3xf32>'}}
  %0 = "dsc.add"(%a, %b) : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{op expects exactly 2 operands, but got 1}}
  %0 = "dsc.sub"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.mul: does not accept boolean operands}}
  %0 = "dsc.mul"(%a, %a) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.div: does not accept boolean operands}}
  %0 = "dsc.div"(%a, %a) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.rem: does not accept boolean operands}}
  %0 = "dsc.rem"(%a, %a) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.pow: does not accept boolean operands}}
  %0 = "dsc.pow"(%a, %a) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2xf32>, %b: tensor<2xf64>) -> tensor<2xf32> {
  // expected-error@+1 {{expected 'tensor<2xf32>' but got 'tensor<2xf64>'}}
  %0 = "dsc.max"(%a, %b) : (tensor<2xf32>, tensor<2xf64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{op expects exactly 2 operands, but got 3}}
  %0 = "dsc.min"(%a, %a, %a) : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.atan2: requires a floating-point operand, got int32}}
  %0 = "dsc.atan2"(%a, %a) : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.and: requires an integer or boolean operand, got float32}}
  %0 = "dsc.and"(%a, %a) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2xf16>) -> tensor<2xf16> {
  // expected-error@+1 {{dsc.or: requires an integer or boolean operand, got float16}}
  %0 = "dsc.or"(%a, %a) : (tensor<2xf16>, tensor<2xf16>) -> tensor<2xf16>
  return %0 : tensor<2xf16>
}

// -----

func.func @f(%a: tensor<2xf64>) -> tensor<2xf64> {
  // expected-error@+1 {{dsc.xor: requires an integer or boolean operand, got float64}}
  %0 = "dsc.xor"(%a, %a) : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

// compare
func.func @f(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.compare: operands must have equal types, got tensor<2xf32> and tensor<3xf32>}}
  %0 = "dsc.compare"(%a, %b) {direction = "LT"} : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2xf32>, %b: tensor<2xi32>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.compare: operands must have equal types, got tensor<2xf32> and tensor<2xi32>}}
  %0 = "dsc.compare"(%a, %b) {direction = "EQ"} : (tensor<2xf32>, tensor<2xi32>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2xf32>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.compare: direction must be one of ('EQ', 'NE', 'LT', 'LE', 'GT', 'GE'), got 'lt'}}
  %0 = "dsc.compare"(%a, %a) {direction = "lt"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'dsc.compare' result type should be tensor<2xi1>, but is tensor<2xf32>}}
  %0 = "dsc.compare"(%a, %a) {direction = "GT"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2xf32>) -> tensor<2xi1> {
  // expected-error@+1 {{expected base attribute 'builtin.string' but got 'builtin.integer'}}
  %0 = "dsc.compare"(%a, %a) {direction = 1 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2xf32>) -> tensor<2xi1> {
  // expected-error@+1 {{'dsc.compare' op attribute "direction" is expected but not provided}}
  %0 = "dsc.compare"(%a, %a) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// select
func.func @f(%p: tensor<2xi32>, %a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.select: predicate must be boolean, got int32}}
  %0 = "dsc.select"(%p, %a, %a) : (tensor<2xi32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%p: tensor<2xi1>, %a: tensor<2xf32>, %b: tensor<2xf64>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.select: operands must have equal shapes and branch dtypes, got tensor<2xi1>, tensor<2xf32>, tensor<2xf64>}}
  %0 = "dsc.select"(%p, %a, %b) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%p: tensor<3xi1>, %a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.select: operands must have equal shapes and branch dtypes, got tensor<3xi1>, tensor<2xf32>, tensor<2xf32>}}
  %0 = "dsc.select"(%p, %a, %a) : (tensor<3xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%p: tensor<2xi1>, %a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{op expects exactly 3 operands, but got 2}}
  %0 = "dsc.select"(%p, %a) : (tensor<2xi1>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// convert
func.func @f(%a: tensor<2xf32>) -> tensor<3xi32> {
  // expected-error@+1 {{'dsc.convert' result type should be tensor<2xi32>, but is tensor<3xi32>}}
  %0 = "dsc.convert"(%a) : (tensor<2xf32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @f(%a: tensor<2xf32>) -> tensor<2xi32> {
  // expected-error@+1 {{op expects exactly 1 operands, but got 2}}
  %0 = "dsc.convert"(%a, %a) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// constant
func.func @f() -> tensor<3xf32> {
  // expected-error@+1 {{'dsc.constant' result type should be tensor<2xf32>, but is tensor<3xf32>}}
  %0 = "dsc.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @f() -> tensor<2xi32> {
  // expected-error@+1 {{'dsc.constant' result type should be tensor<2xf32>, but is tensor<2xi32>}}
  %0 = "dsc.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f() -> tensor<2xf32> {
  // expected-error@+1 {{'dsc.constant' op attribute "value" is expected but not provided}}
  %0 = "dsc.constant"() : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f() -> tensor<2xf32> {
  // expected-error@+1 {{expected base attribute 'builtin.dense_int_or_fp_elements' but got 'builtin.float'}}
  %0 = "dsc.constant"() {value = 1.0 : f32} : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{op expects exactly 0 operands, but got 1}}
  %0 = "dsc.constant"(%a) {value = dense<1.0> : tensor<2xf32>} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// iota
func.func @f() -> tensor<2x3xi32> {
  // expected-error@+1 {{dsc.iota: dimension 2 out of range for shape (2, 3)}}
  %0 = "dsc.iota"() {dimension = 2 : i64} : () -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

func.func @f() -> tensor<3xi1> {
  // expected-error@+1 {{dsc.iota: result cannot be boolean}}
  %0 = "dsc.iota"() {dimension = 0 : i64} : () -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @f() -> tensor<3xi32> {
  // expected-error@+1 {{expected base attribute 'builtin.integer' but got 'builtin.string'}}
  %0 = "dsc.iota"() {dimension = "0"} : () -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @f() -> tensor<i32> {
  // expected-error@+1 {{dsc.iota: dimension 0 out of range for shape ()}}
  %0 = "dsc.iota"() {dimension = 0 : i64} : () -> tensor<i32>
  return %0 : tensor<i32>
}

// -----

// broadcast_in_dim
func.func @f(%a: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{dsc.broadcast_in_dim: cannot broadcast shape (3,) to (2, 4) (operand dim 0 of size 3 vs result dim 1 of size 4)}}
  %0 = "dsc.broadcast_in_dim"(%a) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @f(%a: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{dsc.broadcast_in_dim: `broadcast_dimensions` has 2 entries, expected 1}}
  %0 = "dsc.broadcast_in_dim"(%a) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%a: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{dsc.broadcast_in_dim: broadcast_dimensions (2,) invalid for result shape (2, 3)}}
  %0 = "dsc.broadcast_in_dim"(%a) {broadcast_dimensions = array<i64: 2>} : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<3x2x3xf32> {
  // expected-error@+1 {{dsc.broadcast_in_dim: broadcast_dimensions (2, 1) must be increasing}}
  %0 = "dsc.broadcast_in_dim"(%a) {broadcast_dimensions = array<i64: 2, 1>} : (tensor<2x3xf32>) -> tensor<3x2x3xf32>
  return %0 : tensor<3x2x3xf32>
}

// -----

func.func @f(%a: tensor<3xf32>) -> tensor<2x3xi32> {
  // expected-error@+1 {{'dsc.broadcast_in_dim' result type should be tensor<2x3xf32>, but is tensor<2x3xi32>}}
  %0 = "dsc.broadcast_in_dim"(%a) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

func.func @f(%a: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'dsc.broadcast_in_dim' op attribute "broadcast_dimensions" is expected but not provided}}
  %0 = "dsc.broadcast_in_dim"(%a) : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// reshape
func.func @f(%a: tensor<2x3xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{dsc.reshape: cannot reshape (2, 3) (6 elements) to (4,)}}
  %0 = "dsc.reshape"(%a) : (tensor<2x3xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<6xi32> {
  // expected-error@+1 {{'dsc.reshape' result type should be tensor<6xf32>, but is tensor<6xi32>}}
  %0 = "dsc.reshape"(%a) : (tensor<2x3xf32>) -> tensor<6xi32>
  return %0 : tensor<6xi32>
}

// -----

// transpose
func.func @f(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+1 {{dsc.transpose: permutation (1, 1) is not a permutation of 2 dims}}
  %0 = "dsc.transpose"(%a) {permutation = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+1 {{dsc.transpose: `permutation` has 1 entries, expected 2}}
  %0 = "dsc.transpose"(%a) {permutation = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'dsc.transpose' result type should be tensor<3x2xf32>, but is tensor<2x3xf32>}}
  %0 = "dsc.transpose"(%a) {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+1 {{expected base attribute 'builtin.dense_array' but got 'builtin.array'}}
  %0 = "dsc.transpose"(%a) {permutation = [1, 0]} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+1 {{dsc.transpose: attribute `permutation` has the wrong kind: array<i32: 1, 0>}}
  %0 = "dsc.transpose"(%a) {permutation = array<i32: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// rev
func.func @f(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{dsc.rev: dimensions (2,) invalid for shape (2, 3)}}
  %0 = "dsc.rev"(%a) {dimensions = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{dsc.rev: dimensions (0, 0) invalid for shape (2, 3)}}
  %0 = "dsc.rev"(%a) {dimensions = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+1 {{'dsc.rev' result type should be tensor<2x3xf32>, but is tensor<3x2xf32>}}
  %0 = "dsc.rev"(%a) {dimensions = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// slice
func.func @f(%a: tensor<4xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.slice: invalid slice [3:5:1] of dim 0 (size 4) of shape (4,)}}
  %0 = "dsc.slice"(%a) {start_indices = array<i64: 3>, limit_indices = array<i64: 5>, strides = array<i64: 1>} : (tensor<4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<4xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.slice: invalid slice [0:4:0] of dim 0 (size 4) of shape (4,)}}
  %0 = "dsc.slice"(%a) {start_indices = array<i64: 0>, limit_indices = array<i64: 4>, strides = array<i64: 0>} : (tensor<4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<4xf32>) -> tensor<1xf32> {
  // expected-error@+1 {{'dsc.slice' result type should be tensor<2xf32>, but is tensor<1xf32>}}
  %0 = "dsc.slice"(%a) {start_indices = array<i64: 0>, limit_indices = array<i64: 4>, strides = array<i64: 3>} : (tensor<4xf32>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

func.func @f(%a: tensor<4x4xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{dsc.slice: `start_indices` has 1 entries, expected 2}}
  %0 = "dsc.slice"(%a) {start_indices = array<i64: 0>, limit_indices = array<i64: 2, 4>, strides = array<i64: 1, 1>} : (tensor<4x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @f(%a: tensor<4xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'dsc.slice' op attribute "strides" is expected but not provided}}
  %0 = "dsc.slice"(%a) {start_indices = array<i64: 0>, limit_indices = array<i64: 2>} : (tensor<4xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// concatenate
func.func @f(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{dsc.concatenate: operands must agree except in dimension 0, got tensor<2x3xf32>, tensor<2x4xf32>}}
  %0 = "dsc.concatenate"(%a, %b) {dimension = 0 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{dsc.concatenate: dimension 2 out of range for rank 2}}
  %0 = "dsc.concatenate"(%a, %a) {dimension = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<2x3xi32>) -> tensor<4x3xf32> {
  // expected-error@+1 {{dsc.concatenate: operands must agree except in dimension 0, got tensor<2x3xf32>, tensor<2x3xi32>}}
  %0 = "dsc.concatenate"(%a, %b) {dimension = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xi32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<5x3xf32> {
  // expected-error@+1 {{'dsc.concatenate' result type should be tensor<4x3xf32>, but is tensor<5x3xf32>}}
  %0 = "dsc.concatenate"(%a, %a) {dimension = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<6x3xf32> {
  // expected-error@+1 {{op expects exactly 2 operands, but got 3}}
  %0 = "dsc.concatenate"(%a, %a, %a) {dimension = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<6x3xf32>
  return %0 : tensor<6x3xf32>
}

// -----

// pad
func.func @f(%a: tensor<2xf32>, %v: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{dsc.pad: padding value must be a scalar of dtype float32, got tensor<1xf32>}}
  %0 = "dsc.pad"(%a, %v) {edge_padding_low = array<i64: 1>, edge_padding_high = array<i64: 1>, interior_padding = array<i64: 0>} : (tensor<2xf32>, tensor<1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%a: tensor<2xf32>, %v: tensor<f64>) -> tensor<4xf32> {
  // expected-error@+1 {{dsc.pad: padding value must be a scalar of dtype float32, got tensor<f64>}}
  %0 = "dsc.pad"(%a, %v) {edge_padding_low = array<i64: 1>, edge_padding_high = array<i64: 1>, interior_padding = array<i64: 0>} : (tensor<2xf32>, tensor<f64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%a: tensor<2xf32>, %v: tensor<f32>) -> tensor<4xf32> {
  // expected-error@+1 {{dsc.pad: interior padding must be >= 0, got (-1,)}}
  %0 = "dsc.pad"(%a, %v) {edge_padding_low = array<i64: 1>, edge_padding_high = array<i64: 1>, interior_padding = array<i64: -1>} : (tensor<2xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%a: tensor<2xf32>, %v: tensor<f32>) -> tensor<0xf32> {
  // expected-error@+1 {{dsc.pad: padding (-2,)/(-1,) of shape (2,) gives a negative size}}
  %0 = "dsc.pad"(%a, %v) {edge_padding_low = array<i64: -2>, edge_padding_high = array<i64: -1>, interior_padding = array<i64: 0>} : (tensor<2xf32>, tensor<f32>) -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

func.func @f(%a: tensor<2xf32>, %v: tensor<f32>) -> tensor<4xf32> {
  // expected-error@+1 {{'dsc.pad' result type should be tensor<5xf32>, but is tensor<4xf32>}}
  %0 = "dsc.pad"(%a, %v) {edge_padding_low = array<i64: 1>, edge_padding_high = array<i64: 2>, interior_padding = array<i64: 0>} : (tensor<2xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%a: tensor<2x2xf32>, %v: tensor<f32>) -> tensor<4x2xf32> {
  // expected-error@+1 {{dsc.pad: `edge_padding_low` has 1 entries, expected 2}}
  %0 = "dsc.pad"(%a, %v) {edge_padding_low = array<i64: 1>, edge_padding_high = array<i64: 1, 0>, interior_padding = array<i64: 0, 0>} : (tensor<2x2xf32>, tensor<f32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// reduce
func.func @f(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.reduce: kind must be one of ('sum', 'prod', 'max', 'min', 'and', 'or'), got 'mean'}}
  %0 = "dsc.reduce"(%a) {axes = array<i64: 1>, kind = "mean"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.reduce: kind 'and' needs a boolean operand, got float32}}
  %0 = "dsc.reduce"(%a) {axes = array<i64: 1>, kind = "and"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2x3xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.reduce: kind 'sum' does not accept a boolean operand}}
  %0 = "dsc.reduce"(%a) {axes = array<i64: 1>, kind = "sum"} : (tensor<2x3xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.reduce: axes (2,) invalid for rank 2}}
  %0 = "dsc.reduce"(%a) {axes = array<i64: 2>, kind = "sum"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<f32> {
  // expected-error@+1 {{dsc.reduce: axes (1, 1) invalid for rank 2}}
  %0 = "dsc.reduce"(%a) {axes = array<i64: 1, 1>, kind = "max"} : (tensor<2x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error@+1 {{'dsc.reduce' result type should be tensor<2xf32>, but is tensor<3xf32>}}
  %0 = "dsc.reduce"(%a) {axes = array<i64: 1>, kind = "min"} : (tensor<2x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{expected base attribute 'builtin.string' but got 'builtin.symbol_ref'}}
  %0 = "dsc.reduce"(%a) {axes = array<i64: 1>, kind = @sum} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// dot_general
func.func @f(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error@+1 {{dsc.dot_general: lhs dim 1 (size 3) does not match rhs dim 0 (size 4) (lhs (2, 3), rhs (4, 5))}}
  %0 = "dsc.dot_general"(%a, %b) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x5xf64>) -> tensor<2x5xf32> {
  // expected-error@+1 {{dsc.dot_general: operands must have equal dtypes, got float32 and float64}}
  %0 = "dsc.dot_general"(%a, %b) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<3x5xf64>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) -> tensor<2x5xf32> {
  // expected-error@+1 {{dsc.dot_general: contracting/batch dimension lists differ in length (lhs (2, 3), rhs (3, 5))}}
  %0 = "dsc.dot_general"(%a, %b) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) -> tensor<2x5xf32> {
  // expected-error@+1 {{dsc.dot_general: lhs contracting/batch dimensions (2,) invalid (lhs (2, 3), rhs (3, 5))}}
  %0 = "dsc.dot_general"(%a, %b) {lhs_contracting_dimensions = array<i64: 2>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) -> tensor<5x2xf32> {
  // expected-error@+1 {{'dsc.dot_general' result type should be tensor<2x5xf32>, but is tensor<5x2xf32>}}
  %0 = "dsc.dot_general"(%a, %b) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<5x2xf32>
  return %0 : tensor<5x2xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) -> tensor<2x5xf32> {
  // expected-error@+1 {{'dsc.dot_general' op attribute "lhs_batch_dimensions" is expected but not provided}}
  %0 = "dsc.dot_general"(%a, %b) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// argmax / argmin
func.func @f(%a: tensor<2x3xf32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.argmax: axis 2 out of range for shape (2, 3)}}
  %0 = "dsc.argmax"(%a) {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.argmax: index dtype must be an integer type, got float32}}
  %0 = "dsc.argmax"(%a) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2x0xf32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.argmin: cannot take argmin of an empty axis (shape (2, 0))}}
  %0 = "dsc.argmin"(%a) {axis = 1 : i64} : (tensor<2x0xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<3xi32> {
  // expected-error@+1 {{'dsc.argmin' result type should be tensor<2xi32>, but is tensor<3xi32>}}
  %0 = "dsc.argmin"(%a) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<2xi32> {
  // expected-error@+1 {{expected base attribute 'builtin.integer' but got 'builtin.dense_array'}}
  %0 = "dsc.argmin"(%a) {axis = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// unknown op
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{unregistered operation 'dsc.frobnicate' found in dialect ('dsc') that does not allow unknown operations}}
  %0 = "dsc.frobnicate"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// stop_gradient: IRDL result type must equal the operand type
func.func @f(%a: tensor<2xf32>) -> tensor<2xf64> {
  // expected-error@+1 {{expected 'tensor<2xf32>' but got 'tensor<2xf64>'}}
  %0 = "dsc.stop_gradient"(%a) : (tensor<2xf32>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

// dynamic_slice
func.func @f(%a: tensor<4x5xf32>, %i: tensor<i32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{dsc.dynamic_slice: needs 2 start indices for shape (4, 5), got 1}}
  %0 = "dsc.dynamic_slice"(%a, %i) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xf32>, tensor<i32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%a: tensor<4x5xf32>, %i: tensor<1xi32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{dsc.dynamic_slice: start indices must be rank-0 integer tensors, got tensor<1xi32>}}
  %0 = "dsc.dynamic_slice"(%a, %i, %i) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xf32>, tensor<1xi32>, tensor<1xi32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%a: tensor<4x5xf32>, %i: tensor<f32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{dsc.dynamic_slice: start indices must be rank-0 integer tensors, got tensor<f32>}}
  %0 = "dsc.dynamic_slice"(%a, %i, %i) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%a: tensor<4x5xf32>, %i: tensor<i32>, %j: tensor<i64>) -> tensor<2x3xf32> {
  // expected-error@+1 {{expected 'tensor<i32>' but got 'tensor<i64>'}}
  %0 = "dsc.dynamic_slice"(%a, %i, %j) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xf32>, tensor<i32>, tensor<i64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%a: tensor<4x5xf32>, %i: tensor<i32>) -> tensor<2x6xf32> {
  // expected-error@+1 {{dsc.dynamic_slice: slice size 6 of dim 1 does not fit shape (4, 5)}}
  %0 = "dsc.dynamic_slice"(%a, %i, %i) {slice_sizes = array<i64: 2, 6>} : (tensor<4x5xf32>, tensor<i32>, tensor<i32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @f(%a: tensor<4x5xf32>, %i: tensor<i32>) -> tensor<3x3xf32> {
  // expected-error@+1 {{'dsc.dynamic_slice' result type should be tensor<2x3xf32>, but is tensor<3x3xf32>}}
  %0 = "dsc.dynamic_slice"(%a, %i, %i) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xf32>, tensor<i32>, tensor<i32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @f(%a: tensor<4x5xf32>, %i: tensor<i32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'dsc.dynamic_slice' op attribute "slice_sizes" is expected but not provided}}
  %0 = "dsc.dynamic_slice"(%a, %i, %i) : (tensor<4x5xf32>, tensor<i32>, tensor<i32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%a: tensor<4x5xf32>, %i: tensor<i32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{dsc.dynamic_slice: `slice_sizes` has 1 entries, expected 2}}
  %0 = "dsc.dynamic_slice"(%a, %i, %i) {slice_sizes = array<i64: 2>} : (tensor<4x5xf32>, tensor<i32>, tensor<i32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// dynamic_update_slice
func.func @f(%a: tensor<4x5xf32>, %u: tensor<5x1xf32>, %i: tensor<i32>) -> tensor<4x5xf32> {
  // expected-error@+1 {{dsc.dynamic_update_slice: update tensor<5x1xf32> does not fit operand tensor<4x5xf32>}}
  %0 = "dsc.dynamic_update_slice"(%a, %u, %i, %i) : (tensor<4x5xf32>, tensor<5x1xf32>, tensor<i32>, tensor<i32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @f(%a: tensor<4x5xf32>, %u: tensor<2x2xi32>, %i: tensor<i32>) -> tensor<4x5xf32> {
  // expected-error@+1 {{dsc.dynamic_update_slice: update tensor<2x2xi32> does not fit operand tensor<4x5xf32>}}
  %0 = "dsc.dynamic_update_slice"(%a, %u, %i, %i) : (tensor<4x5xf32>, tensor<2x2xi32>, tensor<i32>, tensor<i32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @f(%a: tensor<4x5xf32>, %u: tensor<2x2xf32>, %i: tensor<i32>) -> tensor<4x5xf32> {
  // expected-error@+1 {{dsc.dynamic_update_slice: needs 2 start indices for shape (4, 5), got 3}}
  %0 = "dsc.dynamic_update_slice"(%a, %u, %i, %i, %i) : (tensor<4x5xf32>, tensor<2x2xf32>, tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @f(%a: tensor<4x5xf32>, %u: tensor<2xf32>, %i: tensor<i32>) -> tensor<4x5xf32> {
  // expected-error@+1 {{dsc.dynamic_update_slice: update tensor<2xf32> does not fit operand tensor<4x5xf32>}}
  %0 = "dsc.dynamic_update_slice"(%a, %u, %i, %i) : (tensor<4x5xf32>, tensor<2xf32>, tensor<i32>, tensor<i32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// IRDL: the result type is the operand's
func.func @f(%a: tensor<4x5xf32>, %u: tensor<2x2xf32>, %i: tensor<i32>) -> tensor<2x2xf32> {
  // expected-error@+1 {{expected 'tensor<4x5xf32>' but got 'tensor<2x2xf32>'}}
  %0 = "dsc.dynamic_update_slice"(%a, %u, %i, %i) : (tensor<4x5xf32>, tensor<2x2xf32>, tensor<i32>, tensor<i32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
