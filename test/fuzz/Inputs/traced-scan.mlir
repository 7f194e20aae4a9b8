// Fuzz seed: jit(...).lower(...).as_text("dsc") of a traced program (scan).
module {
  func.func @jit_fn(%arg0: tensor<3x4xf32>) -> (tensor<4xf32>, tensor<3x4xf32>) attributes {llvm.emit_c_interface} {
    %0 = "dsc.constant"() {value = dense<0.000000e+00> : tensor<f32>} : () -> tensor<f32>
    %1 = "dsc.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %c0 = arith.constant 0 : index
    %c3 = arith.constant 3 : index
    %c1 = arith.constant 1 : index
    %2 = "dsc.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<3x4xf32>
    %3:2 = scf.for %arg1 = %c0 to %c3 step %c1 iter_args(%arg2 = %1, %arg3 = %2) -> (tensor<4xf32>, tensor<3x4xf32>) {
      %4 = arith.index_cast %arg1 : index to i32
      %from_elements = tensor.from_elements %4 : tensor<i32>
      %5 = "dsc.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
      %6 = "dsc.dynamic_slice"(%arg0, %from_elements, %5) {slice_sizes = array<i64: 1, 4>} : (tensor<3x4xf32>, tensor<i32>, tensor<i32>) -> tensor<1x4xf32>
      %7 = "dsc.reshape"(%6) : (tensor<1x4xf32>) -> tensor<4xf32>
      %8 = "dsc.add"(%arg2, %7) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      %9 = "dsc.mul"(%arg2, %7) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
      %10 = "dsc.reshape"(%9) : (tensor<4xf32>) -> tensor<1x4xf32>
      %11 = "dsc.dynamic_update_slice"(%arg3, %10, %from_elements, %5) : (tensor<3x4xf32>, tensor<1x4xf32>, tensor<i32>, tensor<i32>) -> tensor<3x4xf32>
      scf.yield %8, %11 : tensor<4xf32>, tensor<3x4xf32>
    }
    return %3#0, %3#1 : tensor<4xf32>, tensor<3x4xf32>
  }
}
