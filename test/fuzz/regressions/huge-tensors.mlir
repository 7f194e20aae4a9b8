// Fuzzer finding: descend-run on a function of huge tensors (2^40 elements) failed with
// "internal error: MemoryError"; it is now a one-line error and exit code 1, for the
// generated inputs and for the outputs alike.
// RUN: not %descend-run %s --random-inputs --entry big_input 2>&1 | FileCheck %s --check-prefix=IN
// RUN: not %descend-run %s --random-inputs --entry big_output 2>&1 | FileCheck %s --check-prefix=OUT

// IN: descend-run: not enough memory for the inputs of 'big_input': {{.*}}
func.func @big_input(%a: tensor<1099511627776xf32>) -> tensor<1099511627776xf32> {
  %0 = "dsc.exp"(%a) : (tensor<1099511627776xf32>) -> tensor<1099511627776xf32>
  return %0 : tensor<1099511627776xf32>
}

// OUT: descend-run: could not allocate the outputs of 'big_output': {{.*}}
func.func @big_output(%a: tensor<f32>) -> tensor<1099511627776xf32> {
  %0 = "dsc.broadcast_in_dim"(%a) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<1099511627776xf32>
  return %0 : tensor<1099511627776xf32>
}
