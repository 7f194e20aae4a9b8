// dsc-grad{func=f wrt=...}: adds @f_grad(primals...) -> (gradients of the wrt
// arguments...) for a function returning one real scalar; @f is kept as is.
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-grad{func=f wrt=0,1})' | FileCheck %s
// RUN: %descend-opt %s --dsc-grad=func=f | FileCheck %s --check-prefix=WRT0
// RUN: %descend-opt %s --dsc-grad='func=f wrt=1' | FileCheck %s --check-prefix=WRT1

// The original function is untouched.
// CHECK-LABEL: func.func @f(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<3xf32>, %[[Y:[a-z0-9_]+]]: tensor<3xf32>) -> tensor<f32>
// CHECK-NEXT: %[[P:[0-9]+]] = "dsc.mul"(%[[X]], %[[Y]])
// CHECK-NEXT: %[[S:[0-9]+]] = "dsc.sin"(%[[P]])
// CHECK-NEXT: %[[R:[0-9]+]] = "dsc.reduce"(%[[S]]) {axes = array<i64: 0>, kind = "sum"}
// CHECK-NEXT: return %[[R]] : tensor<f32>

// d/dx sum(sin(x*y)) = cos(x*y) * y, d/dy = x * cos(x*y): the cotangent of the sum
// (ones) is broadcast, multiplied by cos of the recomputed product, then by y and x.
// The primal sin and reduce are dead in the gradient and removed.
// CHECK-LABEL: func.func @f_grad(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<3xf32>, %[[Y:[a-z0-9_]+]]: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT: %[[P:[0-9]+]] = "dsc.mul"(%[[X]], %[[Y]])
// CHECK-NEXT: %[[ONE:[0-9]+]] = "dsc.constant"() {value = dense<1.000000e+00> : tensor<f32>}
// CHECK-NEXT: %[[CT:[0-9]+]] = "dsc.broadcast_in_dim"(%[[ONE]]) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<3xf32>
// CHECK-NEXT: %[[C:[0-9]+]] = "dsc.cos"(%[[P]])
// CHECK-NEXT: %[[CTP:[0-9]+]] = "dsc.mul"(%[[CT]], %[[C]])
// CHECK-NEXT: %[[GX:[0-9]+]] = "dsc.mul"(%[[CTP]], %[[Y]])
// CHECK-NEXT: %[[GY:[0-9]+]] = "dsc.mul"(%[[X]], %[[CTP]])
// CHECK-NEXT: return %[[GX]], %[[GY]] : tensor<3xf32>, tensor<3xf32>
// CHECK-NOT: dsc.sin
// CHECK-NOT: func.func

// WRT0-LABEL: func.func @f_grad(
// WRT0-SAME: -> tensor<3xf32>
// WRT0: %[[C:[0-9]+]] = "dsc.cos"
// WRT0-NEXT: %[[CTP:[0-9]+]] = "dsc.mul"(%{{[0-9]+}}, %[[C]])
// WRT0-NEXT: %[[GX:[0-9]+]] = "dsc.mul"(%[[CTP]], %arg1)
// WRT0-NEXT: return %[[GX]] : tensor<3xf32>

// WRT1-LABEL: func.func @f_grad(
// WRT1-SAME: -> tensor<3xf32>
// WRT1: %[[C:[0-9]+]] = "dsc.cos"
// WRT1-NEXT: %[[CTP:[0-9]+]] = "dsc.mul"(%{{[0-9]+}}, %[[C]])
// WRT1-NEXT: %[[GY:[0-9]+]] = "dsc.mul"(%arg0, %[[CTP]])
// WRT1-NEXT: return %[[GY]] : tensor<3xf32>
func.func @f(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<f32> {
  %0 = "dsc.mul"(%x, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = "dsc.sin"(%0) : (tensor<3xf32>) -> tensor<3xf32>
  %2 = "dsc.reduce"(%1) {axes = array<i64: 0>, kind = "sum"} : (tensor<3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
