// Fuzz seed: jit(...).lower(...).as_text("dsc") of a traced program (vmap).
module {
  func.func @jit_fn(%arg0: tensor<3x4xf32>) -> tensor<3xf32> attributes {llvm.emit_c_interface} {
    %0 = "dsc.argmax"(%arg0) {axis = 1 : i64} : (tensor<3x4xf32>) -> tensor<3xi32>
    %1 = "dsc.reduce"(%arg0) {axes = array<i64: 1>, kind = "max"} : (tensor<3x4xf32>) -> tensor<3xf32>
    %2 = "dsc.convert"(%0) : (tensor<3xi32>) -> tensor<3xf32>
    %3 = "dsc.add"(%2, %1) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    return %3 : tensor<3xf32>
  }
}
