// Fuzz seed: jit(...).lower(...).as_text("dsc") of a traced program (matmul).
module {
  func.func @jit_fn(%arg0: tensor<3x4xf32>, %arg1: tensor<3x4xf32>) -> tensor<5xf32> attributes {llvm.emit_c_interface} {
    %0 = "dsc.transpose"(%arg1) {permutation = array<i64: 1, 0>} : (tensor<3x4xf32>) -> tensor<4x3xf32>
    %1 = "dsc.dot_general"(%arg0, %0) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<3x4xf32>, tensor<4x3xf32>) -> tensor<3x3xf32>
    %2 = "dsc.tanh"(%1) : (tensor<3x3xf32>) -> tensor<3x3xf32>
    %3 = "dsc.reshape"(%2) : (tensor<3x3xf32>) -> tensor<9xf32>
    %4 = "dsc.slice"(%3) {limit_indices = array<i64: 9>, start_indices = array<i64: 0>, strides = array<i64: 2>} : (tensor<9xf32>) -> tensor<5xf32>
    return %4 : tensor<5xf32>
  }
}
