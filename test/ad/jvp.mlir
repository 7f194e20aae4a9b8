// dsc-jvp{func=f}: adds @f_jvp(primals..., tangents...) -> (outs..., tangent outs...),
// with one tangent per floating-point argument and per floating-point result.
// RUN: %descend-opt %s --dsc-jvp=func=f --dsc-jvp=func=h | FileCheck %s

// CHECK-LABEL: func.func @f(
// CHECK-SAME: -> tensor<f32>

// d sum(sin(x*y)) = sum(cos(x*y) * (tx*y + x*ty)): the primal is computed first,
// then the product rule, the chain rule through sin and the linear reduce.
// CHECK-LABEL: func.func @f_jvp(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<3xf32>, %[[Y:[a-z0-9_]+]]: tensor<3xf32>, %[[TX:[a-z0-9_]+]]: tensor<3xf32>, %[[TY:[a-z0-9_]+]]: tensor<3xf32>) -> (tensor<f32>, tensor<f32>)
// CHECK-NEXT: %[[P:[0-9]+]] = "dsc.mul"(%[[X]], %[[Y]])
// CHECK-NEXT: %[[S:[0-9]+]] = "dsc.sin"(%[[P]])
// CHECK-NEXT: %[[R:[0-9]+]] = "dsc.reduce"(%[[S]]) {axes = array<i64: 0>, kind = "sum"}
// CHECK-NEXT: %[[T1:[0-9]+]] = "dsc.mul"(%[[TX]], %[[Y]])
// CHECK-NEXT: %[[T2:[0-9]+]] = "dsc.mul"(%[[X]], %[[TY]])
// CHECK-NEXT: %[[TP:[0-9]+]] = "dsc.add"(%[[T1]], %[[T2]])
// CHECK-NEXT: %[[C:[0-9]+]] = "dsc.cos"(%[[P]])
// CHECK-NEXT: %[[TS:[0-9]+]] = "dsc.mul"(%[[TP]], %[[C]])
// CHECK-NEXT: %[[TR:[0-9]+]] = "dsc.reduce"(%[[TS]]) {axes = array<i64: 0>, kind = "sum"}
// CHECK-NEXT: return %[[R]], %[[TR]] : tensor<f32>, tensor<f32>
func.func @f(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<f32> {
  %0 = "dsc.mul"(%x, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = "dsc.sin"(%0) : (tensor<3xf32>) -> tensor<3xf32>
  %2 = "dsc.reduce"(%1) {axes = array<i64: 0>, kind = "sum"} : (tensor<3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// An integer argument and a boolean result get no tangent: @h_jvp takes tangents
// for %x and %w only and returns one tangent (for the matmul). The tangent of the
// matmul is tx*n @ w + (x*n) @ tw; the compare contributes nothing.
// CHECK-LABEL: func.func @h_jvp(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x3xf32>, %[[N:[a-z0-9_]+]]: tensor<2x3xi32>, %[[W:[a-z0-9_]+]]: tensor<3x4xf32>, %[[TX:[a-z0-9_]+]]: tensor<2x3xf32>, %[[TW:[a-z0-9_]+]]: tensor<3x4xf32>)
// CHECK-SAME: -> (tensor<2x4xf32>, tensor<2x3xi1>, tensor<2x4xf32>)
// CHECK-NEXT: %[[NF:[0-9]+]] = "dsc.convert"(%[[N]])
// CHECK-NEXT: %[[XN:[0-9]+]] = "dsc.mul"(%[[X]], %[[NF]])
// CHECK-NEXT: %[[MM:[0-9]+]] = "dsc.dot_general"(%[[XN]], %[[W]])
// CHECK-NEXT: %[[CMP:[0-9]+]] = "dsc.compare"(%[[X]], %[[NF]]) {direction = "GT"}
// CHECK-NEXT: %[[TXN:[0-9]+]] = "dsc.mul"(%[[TX]], %[[NF]])
// CHECK-NEXT: %[[D1:[0-9]+]] = "dsc.dot_general"(%[[TXN]], %[[W]]) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>}
// CHECK-NEXT: %[[D2:[0-9]+]] = "dsc.dot_general"(%[[XN]], %[[TW]]) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>}
// CHECK-NEXT: %[[T:[0-9]+]] = "dsc.add"(%[[D1]], %[[D2]])
// CHECK-NEXT: return %[[MM]], %[[CMP]], %[[T]] : tensor<2x4xf32>, tensor<2x3xi1>, tensor<2x4xf32>
func.func @h(%x: tensor<2x3xf32>, %n: tensor<2x3xi32>, %w: tensor<3x4xf32>) -> (tensor<2x4xf32>, tensor<2x3xi1>) {
  %0 = "dsc.convert"(%n) : (tensor<2x3xi32>) -> tensor<2x3xf32>
  %1 = "dsc.mul"(%x, %0) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = "dsc.dot_general"(%1, %w) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %3 = "dsc.compare"(%x, %0) {direction = "GT"} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  return %2, %3 : tensor<2x4xf32>, tensor<2x3xi1>
}
