// A gradient computed end to end: dsc-grad, then compiled and run by descend-run.
// f(x) = sum(c * x * x) + max(x) with c = [1, -1, 0.5]; at x = [1, 2, 3]:
// f = 1 - 4 + 4.5 + 3 = 4.5 and grad f = 2 c x + onehot(argmax x) = [2, -4, 3 + 1].
// RUN: %python -c "import numpy as np; np.save('%t.npy', np.array([1.0, 2.0, 3.0]))"
// RUN: %descend-opt %s --dsc-grad=func=f -o %t.mlir
// RUN: %descend-run %t.mlir --entry f --input %t.npy | FileCheck %s --check-prefix=VALUE
// RUN: %descend-run %t.mlir --entry f_grad --input %t.npy | FileCheck %s --check-prefix=GRAD
// The vjp with cotangent 2 doubles it.
// RUN: %python -c "import numpy as np; np.save('%t.ct.npy', np.float64(2.0))"
// RUN: %descend-opt %s --dsc-vjp=func=f | %descend-run - --entry f_vjp --input %t.npy --input %t.ct.npy | FileCheck %s --check-prefix=VJP

// VALUE: output 0: float64[]
// VALUE-NEXT: 4.5
// GRAD: output 0: float64[3]
// GRAD-NEXT: [ 2. -4.  4.]
// VJP: output 0: float64[3]
// VJP-NEXT: [ 4. -8.  8.]
func.func @f(%x: tensor<3xf64>) -> tensor<f64> {
  %c = "dsc.constant"() {value = dense<[1.0, -1.0, 0.5]> : tensor<3xf64>} : () -> tensor<3xf64>
  %0 = "dsc.mul"(%x, %x) : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  %1 = "dsc.mul"(%c, %0) : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  %2 = "dsc.reduce"(%1) {axes = array<i64: 0>, kind = "sum"} : (tensor<3xf64>) -> tensor<f64>
  %3 = "dsc.reduce"(%x) {axes = array<i64: 0>, kind = "max"} : (tensor<3xf64>) -> tensor<f64>
  %4 = "dsc.add"(%2, %3) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %4 : tensor<f64>
}
