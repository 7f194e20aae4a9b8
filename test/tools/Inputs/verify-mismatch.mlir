// Input of verify-diagnostics-mismatch.mlir: every chunk breaks --verify-diagnostics.
func.func @wrong_text(%x: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{requires an integer operand}}
  %0 = "dsc.exp"(%x) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @unexpected(%x: tensor<2xi32>) -> tensor<2xi32> {
  %0 = "dsc.log"(%x) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @wrong_line(%x: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+2 {{dsc.sin: requires a floating-point operand}}
  %0 = "dsc.sin"(%x) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @never(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{this op is fine}}
  %0 = "dsc.neg"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
