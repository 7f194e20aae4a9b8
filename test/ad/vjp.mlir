// dsc-vjp{func=f wrt=...}: adds @f_vjp(primals..., cotangents...) -> (cotangents of
// the wrt arguments...), one cotangent argument per floating-point result. By
// default every floating-point argument is differentiated.
// RUN: %descend-opt %s --dsc-vjp=func=h | FileCheck %s
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-vjp{func=h wrt=2})' | FileCheck %s --check-prefix=WRT2
// RUN: %descend-opt %s --dsc-vjp=func=m | FileCheck %s --check-prefix=MULTI

// y = (x*n) @ w: ct_x = (ct @ w^T) * n and ct_w = (x*n)^T @ ct, each one
// dot_general already in the layout of its operand (no transpose). No cotangent
// for the integer %n or for the boolean result.
// CHECK-LABEL: func.func @h_vjp(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x3xf32>, %[[N:[a-z0-9_]+]]: tensor<2x3xi32>, %[[W:[a-z0-9_]+]]: tensor<3x4xf32>, %[[CT:[a-z0-9_]+]]: tensor<2x4xf32>)
// CHECK-SAME: -> (tensor<2x3xf32>, tensor<3x4xf32>)
// CHECK-NEXT: %[[NF:[0-9]+]] = "dsc.convert"(%[[N]])
// CHECK-NEXT: %[[XN:[0-9]+]] = "dsc.mul"(%[[X]], %[[NF]])
// CHECK-NEXT: %[[CXN:[0-9]+]] = "dsc.dot_general"(%[[CT]], %[[W]]) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[CW:[0-9]+]] = "dsc.dot_general"(%[[XN]], %[[CT]]) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
// CHECK-NEXT: %[[CX:[0-9]+]] = "dsc.mul"(%[[CXN]], %[[NF]])
// CHECK-NEXT: return %[[CX]], %[[CW]] : tensor<2x3xf32>, tensor<3x4xf32>
// CHECK-NOT: dsc.transpose

// wrt=2: only the weight cotangent; the x-cotangent work is not emitted.
// WRT2-LABEL: func.func @h_vjp(
// WRT2-SAME: -> tensor<3x4xf32>
// WRT2-NOT: "dsc.dot_general"(%arg3, %arg2)
// WRT2: %[[CW:[0-9]+]] = "dsc.dot_general"(%{{[0-9]+}}, %arg3)
// WRT2-NEXT: return %[[CW]] : tensor<3x4xf32>
func.func @h(%x: tensor<2x3xf32>, %n: tensor<2x3xi32>, %w: tensor<3x4xf32>) -> (tensor<2x4xf32>, tensor<2x3xi1>) {
  %0 = "dsc.convert"(%n) : (tensor<2x3xi32>) -> tensor<2x3xf32>
  %1 = "dsc.mul"(%x, %0) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = "dsc.dot_general"(%1, %w) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %3 = "dsc.compare"(%x, %0) {direction = "GT"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  return %2, %3 : tensor<2x4xf32>, tensor<2x3xi1>
}

// Two results that share the input: their cotangents are summed into ct_x.
// d/dx (exp(x), x*x) with cotangents (a, b): a*exp(x) + 2*b*x, as b*x + x*b.
// MULTI-LABEL: func.func @m_vjp(
// MULTI-SAME: %[[X:[a-z0-9_]+]]: tensor<4xf64>, %[[A:[a-z0-9_]+]]: tensor<4xf64>, %[[B:[a-z0-9_]+]]: tensor<4xf64>) -> tensor<4xf64>
// MULTI-DAG: %[[E:[0-9]+]] = "dsc.exp"(%[[X]])
// MULTI-DAG: %[[BX:[0-9]+]] = "dsc.mul"(%[[B]], %[[X]])
// MULTI-DAG: %[[XB:[0-9]+]] = "dsc.mul"(%[[X]], %[[B]])
// MULTI-DAG: %[[AE:[0-9]+]] = "dsc.mul"(%[[A]], %[[E]])
// MULTI-DAG: %[[BB:[0-9]+]] = "dsc.add"(%[[BX]], %[[XB]])
// MULTI: %[[SUM:[0-9]+]] = "dsc.add"(%[[BB]], %[[AE]])
// MULTI-NEXT: return %[[SUM]] : tensor<4xf64>
func.func @m(%x: tensor<4xf64>) -> (tensor<4xf64>, tensor<4xf64>) {
  %0 = "dsc.exp"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  %1 = "dsc.mul"(%x, %x) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %0, %1 : tensor<4xf64>, tensor<4xf64>
}
