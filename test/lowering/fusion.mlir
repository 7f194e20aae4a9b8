// Elementwise fusion after dsc-to-linalg: chains of elementwise ops, the
// broadcasts feeding them and the reduction consuming them become ONE
// linalg.generic (no temporaries), with the whole computation in its body.
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-to-linalg, convert-elementwise-to-linalg, linalg-fuse-elementwise-ops)' | FileCheck %s --implicit-check-not=dsc.

// CHECK-DAG: #[[$ID1:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ALL:map[0-9]*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[$COL:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>

// exp(a * b + a)
// CHECK-LABEL: func.func @exp_ab_a(
// CHECK-SAME: %[[A:[a-zA-Z0-9_-]+]]: tensor<16xf32>, %[[B:[a-zA-Z0-9_-]+]]: tensor<16xf32>)
// CHECK-COUNT-1: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%[[A]], %[[B]] : tensor<16xf32>, tensor<16xf32>)
// CHECK-NEXT: ^bb0(%[[X:[a-zA-Z0-9_-]+]]: f32, %[[Y:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: f32):
// CHECK-NEXT: %[[M:[a-zA-Z0-9_-]+]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK-NEXT: %[[S:[a-zA-Z0-9_-]+]] = arith.addf %[[M]], %[[X]] : f32
// CHECK-NEXT: %[[E:[a-zA-Z0-9_-]+]] = math.exp %[[S]] : f32
// CHECK-NEXT: linalg.yield %[[E]] : f32
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @exp_ab_a(%a: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<16xf32> {
  %0 = "dsc.mul"(%a, %b) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %1 = "dsc.add"(%0, %a) : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %2 = "dsc.exp"(%1) : (tensor<16xf32>) -> tensor<16xf32>
  return %2 : tensor<16xf32>
}

// sum(x + y * z): the reduction reads x, y and z directly
// CHECK-LABEL: func.func @sum_x_plus_yz(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4x8xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4x8xf32>, %[[Z:[a-zA-Z0-9_-]+]]: tensor<4x8xf32>)
// CHECK: %[[INIT:[a-zA-Z0-9_-]+]] = linalg.fill
// CHECK-COUNT-1: linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]], #[[$ID2]], #[[$ALL]]], iterator_types = ["reduction", "reduction"]} ins(%[[X]], %[[Y]], %[[Z]] : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x8xf32>) outs(%[[INIT]] : tensor<f32>)
// CHECK-NEXT: ^bb0(%[[XI:[a-zA-Z0-9_-]+]]: f32, %[[YI:[a-zA-Z0-9_-]+]]: f32, %[[ZI:[a-zA-Z0-9_-]+]]: f32, %[[ACC:[a-zA-Z0-9_-]+]]: f32):
// CHECK-NEXT: %[[M:[a-zA-Z0-9_-]+]] = arith.mulf %[[YI]], %[[ZI]] : f32
// CHECK-NEXT: %[[S:[a-zA-Z0-9_-]+]] = arith.addf %[[XI]], %[[M]] : f32
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.addf %[[ACC]], %[[S]] : f32
// CHECK-NEXT: linalg.yield %[[R]] : f32
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @sum_x_plus_yz(%x: tensor<4x8xf32>, %y: tensor<4x8xf32>, %z: tensor<4x8xf32>) -> tensor<f32> {
  %0 = "dsc.mul"(%y, %z) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = "dsc.add"(%x, %0) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %2 = "dsc.reduce"(%1) {axes = array<i64: 0, 1>, kind = "sum"} : (tensor<4x8xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}

// relu(x + broadcast(bias)): the broadcast becomes an indexing map of the fused op
// CHECK-LABEL: func.func @bias_relu(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4x8xf32>, %[[BIAS:[a-zA-Z0-9_-]+]]: tensor<8xf32>)
// CHECK-COUNT-1: linalg.generic {indexing_maps = [#[[$ID2]], #[[$COL]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[BIAS]] : tensor<4x8xf32>, tensor<8xf32>)
// CHECK: arith.addf
// CHECK-NEXT: arith.maximumf
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @bias_relu(%x: tensor<4x8xf32>, %bias: tensor<8xf32>) -> tensor<4x8xf32> {
  %b = "dsc.broadcast_in_dim"(%bias) {broadcast_dimensions = array<i64: 1>} : (tensor<8xf32>) -> tensor<4x8xf32>
  %zero = "dsc.constant"() {value = dense<0.0> : tensor<4x8xf32>} : () -> tensor<4x8xf32>
  %0 = "dsc.add"(%x, %b) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %1 = "dsc.max"(%0, %zero) : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}
