// dsc-to-linalg on the reductions and contractions: reduce (each kind, with
// its identity as the fill value), dot_general (matmul, batched, outer
// product, mixed precision), argmax and argmin (a two-result generic whose
// body keeps the first extremum and the first NaN).
// RUN: %descend-opt %s --dsc-to-linalg | FileCheck %s --implicit-check-not=dsc.

// CHECK-DAG: #[[$ID1:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ID3:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$DROP1OF3:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$KEEP1OF3:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG: #[[$TO_SCALAR3:map[0-9]*]] = affine_map<(d0, d1, d2) -> ()>
// CHECK-DAG: #[[$TO_SCALAR1:map[0-9]*]] = affine_map<(d0) -> ()>
// CHECK-DAG: #[[$KEEP0OF2:map[0-9]*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$KEEP1OF2:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// matmul over (i, j, k): lhs (i, k), rhs (k, j), out (i, j)
// CHECK-DAG: #[[$MM_RHS:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[$MM_OUT:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// batched over (b, i, j, k): lhs (b, i, k), rhs (b, k, j), out (b, i, j)
// CHECK-DAG: #[[$BMM_LHS:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[$BMM_RHS:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[$BMM_OUT:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// outer product over (i, j, k, l): lhs (i, j), rhs (k, l)
// CHECK-DAG: #[[$OUTER_LHS:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-DAG: #[[$OUTER_RHS:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[$ID4:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// contraction of dim 0 with dim 0 over (i, j, k): lhs (k, i), rhs (k, j)
// CHECK-DAG: #[[$TN_LHS:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2, d0)>

// CHECK-LABEL: func.func @reduce_sum(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<2x3x4xf32>)
// CHECK-DAG: %[[ZERO:[a-zA-Z0-9_-]+]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[E:[a-zA-Z0-9_-]+]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[INIT:[a-zA-Z0-9_-]+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[E]] : tensor<2x4xf32>)
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = linalg.generic {indexing_maps = [#[[$ID3]], #[[$DROP1OF3]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[IN:[a-zA-Z0-9_-]+]]: f32, %[[ACC:[a-zA-Z0-9_-]+]]: f32):
// CHECK-NEXT: %[[S:[a-zA-Z0-9_-]+]] = arith.addf %[[ACC]], %[[IN]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[R]] : tensor<2x4xf32>
func.func @reduce_sum(%x: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
  %0 = "dsc.reduce"(%x) {axes = array<i64: 1>, kind = "sum"} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @reduce_prod(
// CHECK-DAG: %[[ONE:[a-zA-Z0-9_-]+]] = arith.constant 1.000000e+00 : f32
// CHECK: linalg.fill ins(%[[ONE]] : f32) outs(%{{[a-zA-Z0-9_-]+}} : tensor<3xf32>)
// CHECK-NEXT: linalg.generic {indexing_maps = [#[[$ID3]], #[[$KEEP1OF3]]], iterator_types = ["reduction", "parallel", "reduction"]}
// CHECK: arith.mulf
func.func @reduce_prod(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = "dsc.reduce"(%x) {axes = array<i64: 0, 2>, kind = "prod"} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// max/min of floats start from -inf/+inf and propagate NaN (maximumf/minimumf)
// CHECK-LABEL: func.func @reduce_max_f32(
// CHECK-DAG: %[[NINF:[a-zA-Z0-9_-]+]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NINF]] : f32) outs(%{{[a-zA-Z0-9_-]+}} : tensor<f32>)
// CHECK-NEXT: linalg.generic {indexing_maps = [#[[$ID3]], #[[$TO_SCALAR3]]], iterator_types = ["reduction", "reduction", "reduction"]}
// CHECK: arith.maximumf
func.func @reduce_max_f32(%x: tensor<2x3x4xf32>) -> tensor<f32> {
  %0 = "dsc.reduce"(%x) {axes = array<i64: 0, 1, 2>, kind = "max"} : (tensor<2x3x4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// CHECK-LABEL: func.func @reduce_min_f64(
// CHECK-DAG: %[[INF:[a-zA-Z0-9_-]+]] = arith.constant 0x7FF0000000000000 : f64
// CHECK: linalg.fill ins(%[[INF]] : f64)
// CHECK: arith.minimumf
func.func @reduce_min_f64(%x: tensor<4xf64>) -> tensor<f64> {
  %0 = "dsc.reduce"(%x) {axes = array<i64: 0>, kind = "min"} : (tensor<4xf64>) -> tensor<f64>
  return %0 : tensor<f64>
}

// CHECK-LABEL: func.func @reduce_max_i32(
// CHECK-DAG: %[[MIN:[a-zA-Z0-9_-]+]] = arith.constant -2147483648 : i32
// CHECK: linalg.fill ins(%[[MIN]] : i32) outs(%{{[a-zA-Z0-9_-]+}} : tensor<2xi32>)
// CHECK-NEXT: linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP1OF2]]], iterator_types = ["reduction", "parallel"]}
// CHECK: arith.maxsi
func.func @reduce_max_i32(%x: tensor<3x2xi32>) -> tensor<2xi32> {
  %0 = "dsc.reduce"(%x) {axes = array<i64: 0>, kind = "max"} : (tensor<3x2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// CHECK-LABEL: func.func @reduce_min_i8(
// CHECK-DAG: %[[MAX:[a-zA-Z0-9_-]+]] = arith.constant 127 : i8
// CHECK: linalg.fill ins(%[[MAX]] : i8) outs(%{{[a-zA-Z0-9_-]+}} : tensor<3xi8>)
// CHECK-NEXT: linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP0OF2]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.minsi
func.func @reduce_min_i8(%x: tensor<3x2xi8>) -> tensor<3xi8> {
  %0 = "dsc.reduce"(%x) {axes = array<i64: 1>, kind = "min"} : (tensor<3x2xi8>) -> tensor<3xi8>
  return %0 : tensor<3xi8>
}

// CHECK-LABEL: func.func @reduce_and_or(
// CHECK-DAG: %[[T:[a-zA-Z0-9_-]+]] = arith.constant true
// CHECK-DAG: %[[F:[a-zA-Z0-9_-]+]] = arith.constant false
// CHECK: linalg.fill ins(%[[T]] : i1)
// CHECK-NEXT: linalg.generic {indexing_maps = [#[[$ID1]], #[[$TO_SCALAR1]]], iterator_types = ["reduction"]}
// CHECK: arith.andi
// CHECK: linalg.fill ins(%[[F]] : i1)
// CHECK-NEXT: linalg.generic {indexing_maps = [#[[$ID1]], #[[$TO_SCALAR1]]], iterator_types = ["reduction"]}
// CHECK: arith.ori
func.func @reduce_and_or(%b: tensor<5xi1>) -> (tensor<i1>, tensor<i1>) {
  %0 = "dsc.reduce"(%b) {axes = array<i64: 0>, kind = "and"} : (tensor<5xi1>) -> tensor<i1>
  %1 = "dsc.reduce"(%b) {axes = array<i64: 0>, kind = "or"} : (tensor<5xi1>) -> tensor<i1>
  return %0, %1 : tensor<i1>, tensor<i1>
}

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[A:[a-zA-Z0-9_-]+]]: tensor<2x3xf32>, %[[B:[a-zA-Z0-9_-]+]]: tensor<3x4xf32>)
// CHECK-DAG: %[[ZERO:[a-zA-Z0-9_-]+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:[a-zA-Z0-9_-]+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{[a-zA-Z0-9_-]+}} : tensor<2x4xf32>)
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = linalg.generic {indexing_maps = [#[[$DROP1OF3]], #[[$MM_RHS]], #[[$MM_OUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>)
// CHECK-NEXT: ^bb0(%[[X:[a-zA-Z0-9_-]+]]: f32, %[[Y:[a-zA-Z0-9_-]+]]: f32, %[[ACC:[a-zA-Z0-9_-]+]]: f32):
// CHECK-NEXT: %[[P:[a-zA-Z0-9_-]+]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK-NEXT: %[[S:[a-zA-Z0-9_-]+]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[R]]
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = "dsc.dot_general"(%a, %b) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @batch_matmul(
// CHECK: linalg.generic {indexing_maps = [#[[$BMM_LHS]], #[[$BMM_RHS]], #[[$BMM_OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}} : tensor<5x2x3xf32>, tensor<5x3x4xf32>) outs(%{{.*}} : tensor<5x2x4xf32>)
func.func @batch_matmul(%c: tensor<5x2x3xf32>, %d: tensor<5x3x4xf32>) -> tensor<5x2x4xf32> {
  %0 = "dsc.dot_general"(%c, %d) {lhs_contracting_dimensions = array<i64: 2>, rhs_contracting_dimensions = array<i64: 1>, lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 0>} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// CHECK-LABEL: func.func @outer(
// CHECK: linalg.generic {indexing_maps = [#[[$OUTER_LHS]], #[[$OUTER_RHS]], #[[$ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
func.func @outer(%a: tensor<2x3xf32>) -> tensor<2x3x2x3xf32> {
  %0 = "dsc.dot_general"(%a, %a) {lhs_contracting_dimensions = array<i64>, rhs_contracting_dimensions = array<i64>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3x2x3xf32>
  return %0 : tensor<2x3x2x3xf32>
}

// i8 x i8 accumulated in i32: operands are sign-extended before the multiply
// CHECK-LABEL: func.func @dot_i8_i32(
// CHECK-DAG: %[[ZERO:[a-zA-Z0-9_-]+]] = arith.constant 0 : i32
// CHECK: linalg.fill ins(%[[ZERO]] : i32) outs(%{{[a-zA-Z0-9_-]+}} : tensor<2x2xi32>)
// CHECK-NEXT: linalg.generic {indexing_maps = [#[[$TN_LHS]], #[[$MM_RHS]], #[[$MM_OUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-NEXT: ^bb0(%[[X:[a-zA-Z0-9_-]+]]: i8, %[[Y:[a-zA-Z0-9_-]+]]: i8, %[[ACC:[a-zA-Z0-9_-]+]]: i32):
// CHECK-NEXT: %[[X32:[a-zA-Z0-9_-]+]] = arith.extsi %[[X]] : i8 to i32
// CHECK-NEXT: %[[Y32:[a-zA-Z0-9_-]+]] = arith.extsi %[[Y]] : i8 to i32
// CHECK-NEXT: %[[P:[a-zA-Z0-9_-]+]] = arith.muli %[[X32]], %[[Y32]] : i32
// CHECK-NEXT: %[[S:[a-zA-Z0-9_-]+]] = arith.addi %[[ACC]], %[[P]] : i32
// CHECK-NEXT: linalg.yield %[[S]] : i32
func.func @dot_i8_i32(%e: tensor<3x2xi8>) -> tensor<2x2xi32> {
  %0 = "dsc.dot_general"(%e, %e) {lhs_contracting_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<3x2xi8>, tensor<3x2xi8>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// argmax along axis 1: values start at -inf, indices at 0; take the element if
// it is strictly greater (so the first maximum wins) or if it is the first NaN.
// CHECK-LABEL: func.func @argmax_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<2x3xf32>)
// CHECK-DAG: %[[NINF:[a-zA-Z0-9_-]+]] = arith.constant 0xFF800000 : f32
// CHECK-DAG: %[[I0:[a-zA-Z0-9_-]+]] = arith.constant 0 : i32
// CHECK: %[[VINIT:[a-zA-Z0-9_-]+]] = linalg.fill ins(%[[NINF]] : f32) outs(%{{[a-zA-Z0-9_-]+}} : tensor<2xf32>)
// CHECK: %[[IINIT:[a-zA-Z0-9_-]+]] = linalg.fill ins(%[[I0]] : i32) outs(%{{[a-zA-Z0-9_-]+}} : tensor<2xi32>)
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]]:2 = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP0OF2]], #[[$KEEP0OF2]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<2x3xf32>) outs(%[[VINIT]], %[[IINIT]] : tensor<2xf32>, tensor<2xi32>)
// CHECK-NEXT: ^bb0(%[[IN:[a-zA-Z0-9_-]+]]: f32, %[[BEST:[a-zA-Z0-9_-]+]]: f32, %[[BESTI:[a-zA-Z0-9_-]+]]: i32):
// CHECK-NEXT: %[[GT:[a-zA-Z0-9_-]+]] = arith.cmpf ogt, %[[IN]], %[[BEST]] : f32
// CHECK-NEXT: %[[INNAN:[a-zA-Z0-9_-]+]] = arith.cmpf uno, %[[IN]], %[[IN]] : f32
// CHECK-NEXT: %[[BESTNUM:[a-zA-Z0-9_-]+]] = arith.cmpf ord, %[[BEST]], %[[BEST]] : f32
// CHECK-NEXT: %[[FIRSTNAN:[a-zA-Z0-9_-]+]] = arith.andi %[[INNAN]], %[[BESTNUM]] : i1
// CHECK-NEXT: %[[TAKE:[a-zA-Z0-9_-]+]] = arith.ori %[[GT]], %[[FIRSTNAN]] : i1
// CHECK-NEXT: %[[IDX:[a-zA-Z0-9_-]+]] = linalg.index 1 : index
// CHECK-NEXT: %[[IDX32:[a-zA-Z0-9_-]+]] = arith.index_cast %[[IDX]] : index to i32
// CHECK-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.select %[[TAKE]], %[[IN]], %[[BEST]] : f32
// CHECK-NEXT: %[[I:[a-zA-Z0-9_-]+]] = arith.select %[[TAKE]], %[[IDX32]], %[[BESTI]] : i32
// CHECK-NEXT: linalg.yield %[[V]], %[[I]] : f32, i32
// CHECK: return %[[R]]#1 : tensor<2xi32>
func.func @argmax_f32(%x: tensor<2x3xf32>) -> tensor<2xi32> {
  %0 = "dsc.argmax"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// CHECK-LABEL: func.func @argmin_f32(
// CHECK-DAG: %[[INF:[a-zA-Z0-9_-]+]] = arith.constant 0x7F800000 : f32
// CHECK-DAG: %[[I0:[a-zA-Z0-9_-]+]] = arith.constant 0 : i64
// CHECK: linalg.fill ins(%[[INF]] : f32) outs(%{{[a-zA-Z0-9_-]+}} : tensor<3xf32>)
// CHECK: linalg.fill ins(%[[I0]] : i64) outs(%{{[a-zA-Z0-9_-]+}} : tensor<3xi64>)
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]]:2 = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP1OF2]], #[[$KEEP1OF2]]], iterator_types = ["reduction", "parallel"]}
// CHECK-NEXT: ^bb0(%[[IN:[a-zA-Z0-9_-]+]]: f32, %[[BEST:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: i64):
// CHECK-NEXT: arith.cmpf olt, %[[IN]], %[[BEST]] : f32
// CHECK: linalg.index 0 : index
// CHECK: return %[[R]]#1 : tensor<3xi64>
func.func @argmin_f32(%x: tensor<2x3xf32>) -> tensor<3xi64> {
  %0 = "dsc.argmin"(%x) {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// integers: no NaN handling; the value accumulator starts at the type's minimum
// CHECK-LABEL: func.func @argmax_i16(
// CHECK-DAG: %[[MIN:[a-zA-Z0-9_-]+]] = arith.constant -32768 : i16
// CHECK: linalg.fill ins(%[[MIN]] : i16) outs(%{{[a-zA-Z0-9_-]+}} : tensor<i16>)
// CHECK: %[[R:[a-zA-Z0-9_-]+]]:2 = linalg.generic {indexing_maps = [#[[$ID1]], #[[$TO_SCALAR1]], #[[$TO_SCALAR1]]], iterator_types = ["reduction"]}
// CHECK-NEXT: ^bb0(%[[IN:[a-zA-Z0-9_-]+]]: i16, %[[BEST:[a-zA-Z0-9_-]+]]: i16, %{{[a-zA-Z0-9_-]+}}: i32):
// CHECK-NEXT: %[[GT:[a-zA-Z0-9_-]+]] = arith.cmpi sgt, %[[IN]], %[[BEST]] : i16
// CHECK-NEXT: linalg.index 0 : index
// CHECK-NOT: cmpf
// CHECK: return %[[R]]#1 : tensor<i32>
func.func @argmax_i16(%i: tensor<4xi16>) -> tensor<i32> {
  %0 = "dsc.argmax"(%i) {axis = 0 : i64} : (tensor<4xi16>) -> tensor<i32>
  return %0 : tensor<i32>
}
