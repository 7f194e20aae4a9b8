// linalg-innermost-contiguous: a contraction's innermost loop is the dimension that most
// operands walk contiguously. x^T @ ct (dims m, n, k; x read as [k, m]) becomes (m, k, n);
// x @ W^T (B read as [n, k]) keeps k innermost.
// RUN: %descend-opt %s --split-input-file --linalg-innermost-contiguous | FileCheck %s

// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2) -> (d1, d0)>
// CHECK-DAG: #[[CT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @xt_ct
// CHECK: linalg.generic {indexing_maps = [#[[X]], #[[CT]], #[[OUT]]], iterator_types = ["parallel", "reduction", "parallel"]}
#a = affine_map<(m, n, k) -> (k, m)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @xt_ct(%x: tensor<4x3xf32>, %y: tensor<4x5xf32>, %o: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %r = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %y : tensor<4x3xf32>, tensor<4x5xf32>) outs(%o : tensor<3x5xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<3x5xf32>
  return %r : tensor<3x5xf32>
}

// -----

// CHECK-LABEL: func.func @x_wt
// CHECK: iterator_types = ["parallel", "parallel", "reduction"]
#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @x_wt(%x: tensor<3x4xf32>, %w: tensor<5x4xf32>, %o: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %r = linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : tensor<3x4xf32>, tensor<5x4xf32>) outs(%o : tensor<3x5xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<3x5xf32>
  return %r : tensor<3x5xf32>
}
