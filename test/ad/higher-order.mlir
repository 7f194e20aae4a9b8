// The passes compose: dsc-grad{func=f} then dsc-grad{func=f_grad} is the second
// derivative of a scalar function of a scalar (f_grad returns one real scalar
// again). dsc-jvp of f_grad is the forward-over-reverse second derivative.
// RUN: %descend-opt %s --dsc-grad=func=f --dsc-grad=func=f_grad | FileCheck %s
// RUN: %descend-opt %s --dsc-grad=func=f --dsc-jvp=func=f_grad | FileCheck %s --check-prefix=FWD

// Numerically, f = x^3 + 3 x^2 at x = 2: f' = 3x^2 + 6x = 24, f'' = 6x + 6 = 18,
// and the jvp of f' with tangent 0.5 is 9.
// RUN: %python -c "import numpy as np; np.save('%t.x.npy', np.float64(2.0)); np.save('%t.t.npy', np.float64(0.5))"
// RUN: %descend-opt %s --dsc-grad=func=f --dsc-grad=func=f_grad --dsc-jvp=func=f_grad -o %t.mlir
// RUN: %descend-run %t.mlir --entry f_grad --input %t.x.npy | FileCheck %s --check-prefix=D1
// RUN: %descend-run %t.mlir --entry f_grad_grad --input %t.x.npy | FileCheck %s --check-prefix=D2
// RUN: %descend-run %t.mlir --entry f_grad_jvp --input %t.x.npy --input %t.t.npy | FileCheck %s --check-prefix=JVP

// CHECK-LABEL: func.func @f(
// CHECK-LABEL: func.func @f_grad(
// CHECK-SAME: %{{[a-z0-9_]+}}: tensor<f64>) -> tensor<f64>
// CHECK-LABEL: func.func @f_grad_grad(
// CHECK-SAME: %{{[a-z0-9_]+}}: tensor<f64>) -> tensor<f64>
// CHECK: "dsc.mul"
// CHECK: return %{{[0-9]+}} : tensor<f64>

// FWD-LABEL: func.func @f_grad_jvp(
// FWD-SAME: %{{[a-z0-9_]+}}: tensor<f64>, %{{[a-z0-9_]+}}: tensor<f64>) -> (tensor<f64>, tensor<f64>)

// D1: output 0: float64[]
// D1-NEXT: 24.0
// D2: output 0: float64[]
// D2-NEXT: 18.0
// JVP: output 0: float64[]
// JVP-NEXT: 24.0
// JVP-NEXT: output 1: float64[]
// JVP-NEXT: 9.0
func.func @f(%x: tensor<f64>) -> tensor<f64> {
  %three = "dsc.constant"() {value = dense<3.0> : tensor<f64>} : () -> tensor<f64>
  %0 = "dsc.mul"(%x, %x) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %1 = "dsc.mul"(%0, %x) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %2 = "dsc.mul"(%three, %0) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %3 = "dsc.add"(%1, %2) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %3 : tensor<f64>
}
