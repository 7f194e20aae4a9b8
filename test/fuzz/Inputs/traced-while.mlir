// Fuzz seed: jit(...).lower(...).as_text("dsc") of a traced program (while).
module {
  func.func @jit_fn(%arg0: tensor<4xf32>) -> tensor<4xf32> attributes {llvm.emit_c_interface} {
    %0 = scf.while (%arg1 = %arg0) : (tensor<4xf32>) -> tensor<4xf32> {
      %1 = "dsc.reduce"(%arg1) {axes = array<i64: 0>, kind = "sum"} : (tensor<4xf32>) -> tensor<f32>
      %2 = "dsc.constant"() {value = dense<1.000000e+02> : tensor<f32>} : () -> tensor<f32>
      %3 = "dsc.compare"(%1, %2) {direction = "LT"} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %extracted = tensor.extract %3[] : tensor<i1>
      scf.condition(%extracted) %arg1 : tensor<4xf32>
    } do {
    ^bb0(%arg1: tensor<4xf32>):
      %1 = "dsc.constant"() {value = dense<2.000000e+00> : tensor<f32>} : () -> tensor<f32>
      %2 = "dsc.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
      %3 = "dsc.mul"(%arg1, %2) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      scf.yield %3 : tensor<4xf32>
    }
    return %0 : tensor<4xf32>
  }
}
