// Fuzz seed: jit(...).lower(...).as_text("dsc") of a traced program (fori).
module {
  func.func @jit_fn(%arg0: tensor<4xf32>) -> tensor<4xf32> attributes {llvm.emit_c_interface} {
    %c0 = arith.constant 0 : index
    %c3 = arith.constant 3 : index
    %c1 = arith.constant 1 : index
    %0 = scf.for %arg1 = %c0 to %c3 step %c1 iter_args(%arg2 = %arg0) -> (tensor<4xf32>) {
      %1 = "dsc.constant"() {value = dense<2.000000e+00> : tensor<f32>} : () -> tensor<f32>
      %2 = "dsc.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
      %3 = "dsc.mul"(%arg2, %2) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      %4 = "dsc.constant"() {value = dense<1.000000e+00> : tensor<f32>} : () -> tensor<f32>
      %5 = "dsc.broadcast_in_dim"(%4) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
      %6 = "dsc.add"(%3, %5) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      scf.yield %6 : tensor<4xf32>
    }
    return %0 : tensor<4xf32>
  }
}
