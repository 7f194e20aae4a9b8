// Fuzz seed: jit(...).lower(...).as_text("dsc") of a traced program (cond).
module {
  func.func @jit_fn(%arg0: tensor<i1>, %arg1: tensor<4xf32>) -> tensor<4xf32> attributes {llvm.emit_c_interface} {
    %extracted = tensor.extract %arg0[] : tensor<i1>
    %0 = scf.if %extracted -> (tensor<4xf32>) {
      %1 = "dsc.exp"(%arg1) : (tensor<4xf32>) -> tensor<4xf32>
      scf.yield %1 : tensor<4xf32>
    } else {
      %1 = "dsc.neg"(%arg1) : (tensor<4xf32>) -> tensor<4xf32>
      scf.yield %1 : tensor<4xf32>
    }
    return %0 : tensor<4xf32>
  }
}
