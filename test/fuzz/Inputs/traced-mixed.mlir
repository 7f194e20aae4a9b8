// Fuzz seed: jit(...).lower(...).as_text("dsc") of a traced program (mixed).
module {
  func.func @jit_fn(%arg0: tensor<4xf32>, %arg1: tensor<4xi1>, %arg2: tensor<4xi32>) -> (tensor<4xf32>, tensor<i32>, tensor<f32>, tensor<f32>) attributes {llvm.emit_c_interface} {
    %0 = "dsc.constant"() {value = dense<0.000000e+00> : tensor<f32>} : () -> tensor<f32>
    %1 = "dsc.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4xf32>
    %2 = "dsc.select"(%arg1, %arg0, %1) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %3 = "dsc.reduce"(%arg2) {axes = array<i64: 0>, kind = "sum"} : (tensor<4xi32>) -> tensor<i32>
    %4 = "dsc.reshape"(%arg0) : (tensor<4xf32>) -> tensor<1x4xf32>
    %5 = "dsc.reshape"(%arg0) : (tensor<4xf32>) -> tensor<4x1xf32>
    %6 = "dsc.dot_general"(%4, %5) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<1x4xf32>, tensor<4x1xf32>) -> tensor<1x1xf32>
    %7 = "dsc.reshape"(%6) : (tensor<1x1xf32>) -> tensor<1xf32>
    %8 = "dsc.reshape"(%7) : (tensor<1xf32>) -> tensor<f32>
    %9 = "dsc.reduce"(%arg0) {axes = array<i64: 0>, kind = "sum"} : (tensor<4xf32>) -> tensor<f32>
    %10 = "dsc.constant"() {value = dense<4.000000e+00> : tensor<f32>} : () -> tensor<f32>
    %11 = "dsc.div"(%9, %10) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    return %2, %3, %8, %11 : tensor<4xf32>, tensor<i32>, tensor<f32>, tensor<f32>
  }
}
