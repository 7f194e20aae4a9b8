// Invalid uses of the math and bit dsc ops, with the messages of their shape
// rules (dialects/shape_rules.py, run by dsc-verify after parsing).
// RUN: %descend-opt %s --split-input-file --verify-diagnostics

// asin on an integer
func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.asin: requires a floating-point operand, got int32}}
  %0 = "dsc.asin"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// acos on an integer
func.func @f(%a: tensor<3xi64>) -> tensor<3xi64> {
  // expected-error@+1 {{dsc.acos: requires a floating-point operand, got int64}}
  %0 = "dsc.acos"(%a) : (tensor<3xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// atan on an integer
func.func @f(%a: tensor<2xi8>) -> tensor<2xi8> {
  // expected-error@+1 {{dsc.atan: requires a floating-point operand, got int8}}
  %0 = "dsc.atan"(%a) : (tensor<2xi8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// sinh on an integer
func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.sinh: requires a floating-point operand, got int32}}
  %0 = "dsc.sinh"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// cosh on an integer
func.func @f(%a: tensor<3xi64>) -> tensor<3xi64> {
  // expected-error@+1 {{dsc.cosh: requires a floating-point operand, got int64}}
  %0 = "dsc.cosh"(%a) : (tensor<3xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// asinh on an integer
func.func @f(%a: tensor<2xi8>) -> tensor<2xi8> {
  // expected-error@+1 {{dsc.asinh: requires a floating-point operand, got int8}}
  %0 = "dsc.asinh"(%a) : (tensor<2xi8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// acosh on an integer
func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.acosh: requires a floating-point operand, got int32}}
  %0 = "dsc.acosh"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// atanh on an integer
func.func @f(%a: tensor<3xi64>) -> tensor<3xi64> {
  // expected-error@+1 {{dsc.atanh: requires a floating-point operand, got int64}}
  %0 = "dsc.atanh"(%a) : (tensor<3xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// erf on an integer
func.func @f(%a: tensor<2xi8>) -> tensor<2xi8> {
  // expected-error@+1 {{dsc.erf: requires a floating-point operand, got int8}}
  %0 = "dsc.erf"(%a) : (tensor<2xi8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// erfc on an integer
func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.erfc: requires a floating-point operand, got int32}}
  %0 = "dsc.erfc"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// erf_inv on an integer
func.func @f(%a: tensor<3xi64>) -> tensor<3xi64> {
  // expected-error@+1 {{dsc.erf_inv: requires a floating-point operand, got int64}}
  %0 = "dsc.erf_inv"(%a) : (tensor<3xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// cbrt on an integer
func.func @f(%a: tensor<2xi8>) -> tensor<2xi8> {
  // expected-error@+1 {{dsc.cbrt: requires a floating-point operand, got int8}}
  %0 = "dsc.cbrt"(%a) : (tensor<2xi8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// exp2 on an integer
func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{dsc.exp2: requires a floating-point operand, got int32}}
  %0 = "dsc.exp2"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// lgamma on an integer
func.func @f(%a: tensor<3xi64>) -> tensor<3xi64> {
  // expected-error@+1 {{dsc.lgamma: requires a floating-point operand, got int64}}
  %0 = "dsc.lgamma"(%a) : (tensor<3xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// digamma on an integer
func.func @f(%a: tensor<2xi8>) -> tensor<2xi8> {
  // expected-error@+1 {{dsc.digamma: requires a floating-point operand, got int8}}
  %0 = "dsc.digamma"(%a) : (tensor<2xi8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

// population_count on a float, on a bool
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.population_count: requires an integer operand, got float32}}
  %0 = "dsc.population_count"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.population_count: does not accept boolean operands}}
  %0 = "dsc.population_count"(%a) : (tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// clz on a float, on a bool
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.clz: requires an integer operand, got float32}}
  %0 = "dsc.clz"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.clz: does not accept boolean operands}}
  %0 = "dsc.clz"(%a) : (tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// shift_left on floats, on booleans
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.shift_left: requires an integer operand, got float32}}
  %0 = "dsc.shift_left"(%a, %a) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.shift_left: does not accept boolean operands}}
  %0 = "dsc.shift_left"(%a, %a) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// shift_right_logical on floats, on booleans
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.shift_right_logical: requires an integer operand, got float32}}
  %0 = "dsc.shift_right_logical"(%a, %a) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.shift_right_logical: does not accept boolean operands}}
  %0 = "dsc.shift_right_logical"(%a, %a) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// shift_right_arithmetic on floats, on booleans
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{dsc.shift_right_arithmetic: requires an integer operand, got float32}}
  %0 = "dsc.shift_right_arithmetic"(%a, %a) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.shift_right_arithmetic: does not accept boolean operands}}
  %0 = "dsc.shift_right_arithmetic"(%a, %a) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// IRDL: operand count, equal operand types
func.func @f(%a: tensor<2xi32>, %b: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{op expects exactly 2 operands, but got 1}}
  %0 = "dsc.shift_left"(%a) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// is_finite: float operand, boolean result
func.func @f(%a: tensor<2xi32>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.is_finite: requires a floating-point operand, got int32}}
  %0 = "dsc.is_finite"(%a) : (tensor<2xi32>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'dsc.is_finite' result type should be tensor<2xi1>, but is tensor<2xf32>}}
  %0 = "dsc.is_finite"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// bitcast_convert_type: same bit width, same shape, no booleans
func.func @f(%a: tensor<2xf32>) -> tensor<2xi64> {
  // expected-error@+1 {{dsc.bitcast_convert_type: needs element types of one bit width (not bool), got float32 and int64}}
  %0 = "dsc.bitcast_convert_type"(%a) : (tensor<2xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @f(%a: tensor<2xi1>) -> tensor<2xi8> {
  // expected-error@+1 {{dsc.bitcast_convert_type: needs element types of one bit width (not bool), got bool and int8}}
  %0 = "dsc.bitcast_convert_type"(%a) : (tensor<2xi1>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

func.func @f(%a: tensor<2xf32>) -> tensor<3xi32> {
  // expected-error@+1 {{'dsc.bitcast_convert_type' result type should be tensor<2xi32>, but is tensor<3xi32>}}
  %0 = "dsc.bitcast_convert_type"(%a) : (tensor<2xf32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

func.func @f(%a: tensor<2xi32>, %b: tensor<3xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{expected 'tensor<2xi32>' but got 'tensor<3xi32>'}}
  %0 = "dsc.shift_right_arithmetic"(%a, %b) : (tensor<2xi32>, tensor<3xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}
