// dsc-to-linalg on the data-movement ops: constant, iota, broadcast_in_dim,
// reshape, transpose, rev, slice, concatenate, pad, dynamic_slice,
// dynamic_update_slice, stop_gradient. The CHECKs pin the
// indexing maps (with their meaning in a comment), the slice offsets, sizes
// and strides, and the reassociations.
// RUN: %descend-opt %s --dsc-to-linalg | FileCheck %s --implicit-check-not=dsc.

// CHECK-DAG: #[[$ID1:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ID3:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// broadcast_in_dim: a scalar, a vector into dim 1, a 1x3 into dims (0, 2) (size 1 -> constant 0)
// CHECK-DAG: #[[$SCALAR:map[0-9]*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[$ROW:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$EXPAND:map[0-9]*]] = affine_map<(d0, d1, d2) -> (0, d2)>
// transpose (2, 0, 1): result[i, j, k] = operand[j, k, i]
// CHECK-DAG: #[[$PERM:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1, d2, d0)>
// rev of dim 1 / of dims 0 and 1 of a 2x3
// CHECK-DAG: #[[$REV1:map[0-9]*]] = affine_map<(d0, d1) -> (d0, -d1 + 2)>
// CHECK-DAG: #[[$REV01:map[0-9]*]] = affine_map<(d0, d1) -> (-d0 + 1, -d1 + 2)>

// CHECK-LABEL: func.func @constant()
// CHECK-DAG: %[[A:[a-zA-Z0-9_-]+]] = arith.constant dense<[1.000000e+00, 2.500000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[B:[a-zA-Z0-9_-]+]] = arith.constant dense<[true, false, true]> : tensor<3xi1>
// CHECK-DAG: %[[C:[a-zA-Z0-9_-]+]] = arith.constant dense<{{\[\[}}1, 2], [3, 4]]> : tensor<2x2xi64>
// CHECK: return %[[A]], %[[B]], %[[C]]
func.func @constant() -> (tensor<2xf32>, tensor<3xi1>, tensor<2x2xi64>) {
  %0 = "dsc.constant"() {value = dense<[1.0, 2.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %1 = "dsc.constant"() {value = dense<[true, false, true]> : tensor<3xi1>} : () -> tensor<3xi1>
  %2 = "dsc.constant"() {value = dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>} : () -> tensor<2x2xi64>
  return %0, %1, %2 : tensor<2xf32>, tensor<3xi1>, tensor<2x2xi64>
}

// iota: a generic with no inputs that yields linalg.index of `dimension`.
// CHECK-LABEL: func.func @iota_i32_dim1()
// CHECK: %[[E:[a-zA-Z0-9_-]+]] = tensor.empty() : tensor<2x3xi32>
// CHECK: linalg.generic {indexing_maps = [#[[$ID2]]], iterator_types = ["parallel", "parallel"]} outs(%[[E]] : tensor<2x3xi32>)
// CHECK-NEXT: ^bb0(%{{[a-zA-Z0-9_-]+}}: i32):
// CHECK-NEXT: %[[I:[a-zA-Z0-9_-]+]] = linalg.index 1 : index
// CHECK-NEXT: %[[I64:[a-zA-Z0-9_-]+]] = arith.index_cast %[[I]] : index to i64
// CHECK-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.trunci %[[I64]] : i64 to i32
// CHECK-NEXT: linalg.yield %[[V]] : i32
func.func @iota_i32_dim1() -> tensor<2x3xi32> {
  %0 = "dsc.iota"() {dimension = 1 : i64} : () -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// CHECK-LABEL: func.func @iota_f32()
// CHECK: linalg.generic {indexing_maps = [#[[$ID1]]], iterator_types = ["parallel"]} outs(%{{.*}} : tensor<5xf32>)
// CHECK: %[[I:[a-zA-Z0-9_-]+]] = linalg.index 0 : index
// CHECK-NEXT: %[[I64:[a-zA-Z0-9_-]+]] = arith.index_cast %[[I]] : index to i64
// CHECK-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.sitofp %[[I64]] : i64 to f32
// CHECK-NEXT: linalg.yield %[[V]] : f32
func.func @iota_f32() -> tensor<5xf32> {
  %0 = "dsc.iota"() {dimension = 0 : i64} : () -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// CHECK-LABEL: func.func @broadcast_in_dim(
// CHECK-SAME: %[[S:[a-zA-Z0-9_-]+]]: tensor<f32>, %[[V:[a-zA-Z0-9_-]+]]: tensor<3xf32>, %[[O:[a-zA-Z0-9_-]+]]: tensor<1x3xf32>)
// CHECK: %[[E0:[a-zA-Z0-9_-]+]] = tensor.empty() : tensor<2x3xf32>
// CHECK: %[[R0:[a-zA-Z0-9_-]+]] = linalg.generic {indexing_maps = [#[[$SCALAR]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[S]] : tensor<f32>) outs(%[[E0]] : tensor<2x3xf32>)
// CHECK-NEXT: ^bb0(%[[IN:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
// CHECK: %[[R1:[a-zA-Z0-9_-]+]] = linalg.generic {indexing_maps = [#[[$ROW]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[V]] : tensor<3xf32>) outs(%{{[a-zA-Z0-9_-]+}} : tensor<2x3xf32>)
// CHECK: %[[R2:[a-zA-Z0-9_-]+]] = linalg.generic {indexing_maps = [#[[$EXPAND]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[O]] : tensor<1x3xf32>) outs(%{{[a-zA-Z0-9_-]+}} : tensor<4x5x3xf32>)
// CHECK: return %[[R0]], %[[R1]], %[[R2]]
func.func @broadcast_in_dim(%s: tensor<f32>, %v: tensor<3xf32>, %o: tensor<1x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x5x3xf32>) {
  %0 = "dsc.broadcast_in_dim"(%s) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x3xf32>
  %1 = "dsc.broadcast_in_dim"(%v) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<2x3xf32>
  %2 = "dsc.broadcast_in_dim"(%o) {broadcast_dimensions = array<i64: 0, 2>} : (tensor<1x3xf32>) -> tensor<4x5x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x5x3xf32>
}

// reshape: collapse to 1-D, then expand (row-major order); rank 0 <-> all-ones
// shapes use an empty reassociation; an identity reshape disappears.
// CHECK-LABEL: func.func @reshape(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<2x3xf32>, %[[S:[a-zA-Z0-9_-]+]]: tensor<1x1xi32>, %[[V:[a-zA-Z0-9_-]+]]: tensor<6xf32>, %[[Z:[a-zA-Z0-9_-]+]]: tensor<i32>)
// CHECK-NEXT: %[[F:[a-zA-Z0-9_-]+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK-NEXT: %[[R0:[a-zA-Z0-9_-]+]] = tensor.expand_shape %[[F]] {{\[\[}}0, 1]] output_shape [3, 2] : tensor<6xf32> into tensor<3x2xf32>
// CHECK-NEXT: %[[R1:[a-zA-Z0-9_-]+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK-NEXT: %[[R2:[a-zA-Z0-9_-]+]] = tensor.collapse_shape %[[S]] [] : tensor<1x1xi32> into tensor<i32>
// CHECK-NEXT: %[[R3:[a-zA-Z0-9_-]+]] = tensor.expand_shape %[[V]] {{\[\[}}0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
// CHECK-NEXT: %[[R4:[a-zA-Z0-9_-]+]] = tensor.expand_shape %[[Z]] [] output_shape [1, 1, 1] : tensor<i32> into tensor<1x1x1xi32>
// CHECK-NEXT: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[X]] :
func.func @reshape(%x: tensor<2x3xf32>, %s: tensor<1x1xi32>, %v: tensor<6xf32>, %z: tensor<i32>) -> (tensor<3x2xf32>, tensor<6xf32>, tensor<i32>, tensor<2x3xf32>, tensor<1x1x1xi32>, tensor<2x3xf32>) {
  %0 = "dsc.reshape"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = "dsc.reshape"(%x) : (tensor<2x3xf32>) -> tensor<6xf32>
  %2 = "dsc.reshape"(%s) : (tensor<1x1xi32>) -> tensor<i32>
  %3 = "dsc.reshape"(%v) : (tensor<6xf32>) -> tensor<2x3xf32>
  %4 = "dsc.reshape"(%z) : (tensor<i32>) -> tensor<1x1x1xi32>
  %5 = "dsc.reshape"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<3x2xf32>, tensor<6xf32>, tensor<i32>, tensor<2x3xf32>, tensor<1x1x1xi32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @transpose(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<2x3x4xf32>)
// CHECK: %[[E:[a-zA-Z0-9_-]+]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = linalg.generic {indexing_maps = [#[[$PERM]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[E]] : tensor<4x2x3xf32>)
// CHECK-NEXT: ^bb0(%[[IN:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: f32):
// CHECK-NEXT: linalg.yield %[[IN]] : f32
// CHECK: return %[[R]] : tensor<4x2x3xf32>
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = "dsc.transpose"(%x) {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// CHECK-LABEL: func.func @rev(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<2x3xi64>)
// CHECK: linalg.generic {indexing_maps = [#[[$REV1]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<2x3xi64>)
// CHECK: linalg.generic {indexing_maps = [#[[$REV01]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<2x3xi64>)
func.func @rev(%x: tensor<2x3xi64>) -> (tensor<2x3xi64>, tensor<2x3xi64>) {
  %0 = "dsc.rev"(%x) {dimensions = array<i64: 1>} : (tensor<2x3xi64>) -> tensor<2x3xi64>
  %1 = "dsc.rev"(%x) {dimensions = array<i64: 0, 1>} : (tensor<2x3xi64>) -> tensor<2x3xi64>
  return %0, %1 : tensor<2x3xi64>, tensor<2x3xi64>
}

// slice [1:3, 0:6:2] and [0:4:3, 0:5:2]: offsets, sizes ceil((limit - start) / stride), strides
// CHECK-LABEL: func.func @slice(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4x6xf32>)
// CHECK-NEXT: %[[A:[a-zA-Z0-9_-]+]] = tensor.extract_slice %[[X]][1, 0] [2, 3] [1, 2] : tensor<4x6xf32> to tensor<2x3xf32>
// CHECK-NEXT: %[[B:[a-zA-Z0-9_-]+]] = tensor.extract_slice %[[X]][0, 0] [2, 3] [3, 2] : tensor<4x6xf32> to tensor<2x3xf32>
// CHECK-NEXT: return %[[A]], %[[B]]
func.func @slice(%x: tensor<4x6xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = "dsc.slice"(%x) {start_indices = array<i64: 1, 0>, limit_indices = array<i64: 3, 6>, strides = array<i64: 1, 2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
  %1 = "dsc.slice"(%x) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 4, 5>, strides = array<i64: 3, 2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// concatenate along dim 1: lhs at column 0, rhs at column 3
// CHECK-LABEL: func.func @concatenate(
// CHECK-SAME: %[[A:[a-zA-Z0-9_-]+]]: tensor<2x3xf32>, %[[B:[a-zA-Z0-9_-]+]]: tensor<2x1xf32>)
// CHECK-NEXT: %[[E:[a-zA-Z0-9_-]+]] = tensor.empty() : tensor<2x4xf32>
// CHECK-NEXT: %[[I0:[a-zA-Z0-9_-]+]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x4xf32>
// CHECK-NEXT: %[[I1:[a-zA-Z0-9_-]+]] = tensor.insert_slice %[[B]] into %[[I0]][0, 3] [2, 1] [1, 1] : tensor<2x1xf32> into tensor<2x4xf32>
// CHECK-NEXT: return %[[I1]] : tensor<2x4xf32>
func.func @concatenate(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<2x4xf32> {
  %0 = "dsc.concatenate"(%a, %b) {dimension = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// pad 2x3 with low (1, 0), high (0, -1), interior (0, 1) -> 3x4: fill with the
// scalar, then operand element (i, j) lands at (1 + i, 2 * j); j = 2 would land
// at column 4, cut by the negative high padding, so only columns 0..1 are kept.
// CHECK-LABEL: func.func @pad(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<2x3xf32>, %[[V:[a-zA-Z0-9_-]+]]: tensor<f32>)
// CHECK-NEXT: %[[S:[a-zA-Z0-9_-]+]] = tensor.extract %[[V]][] : tensor<f32>
// CHECK-NEXT: %[[E:[a-zA-Z0-9_-]+]] = tensor.empty() : tensor<3x4xf32>
// CHECK-NEXT: %[[F:[a-zA-Z0-9_-]+]] = linalg.fill ins(%[[S]] : f32) outs(%[[E]] : tensor<3x4xf32>) -> tensor<3x4xf32>
// CHECK-NEXT: %[[P:[a-zA-Z0-9_-]+]] = tensor.extract_slice %[[X]][0, 0] [2, 2] [1, 1] : tensor<2x3xf32> to tensor<2x2xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = tensor.insert_slice %[[P]] into %[[F]][1, 0] [2, 2] [1, 2] : tensor<2x2xf32> into tensor<3x4xf32>
// CHECK-NEXT: return %[[R]] : tensor<3x4xf32>
func.func @pad(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<3x4xf32> {
  %0 = "dsc.pad"(%x, %v) {edge_padding_low = array<i64: 1, 0>, edge_padding_high = array<i64: 0, -1>, interior_padding = array<i64: 0, 1>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// negative low padding cuts the front: x[2:6] lands at 0..3, 4..5 are padding
// CHECK-LABEL: func.func @pad_negative_low(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<6xi32>, %[[V:[a-zA-Z0-9_-]+]]: tensor<i32>)
// CHECK: %[[F:[a-zA-Z0-9_-]+]] = linalg.fill ins(%{{[a-zA-Z0-9_-]+}} : i32) outs(%{{[a-zA-Z0-9_-]+}} : tensor<6xi32>) -> tensor<6xi32>
// CHECK-NEXT: %[[P:[a-zA-Z0-9_-]+]] = tensor.extract_slice %[[X]][2] [4] [1] : tensor<6xi32> to tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = tensor.insert_slice %[[P]] into %[[F]][0] [4] [1] : tensor<4xi32> into tensor<6xi32>
// CHECK-NEXT: return %[[R]] : tensor<6xi32>
func.func @pad_negative_low(%x: tensor<6xi32>, %v: tensor<i32>) -> tensor<6xi32> {
  %0 = "dsc.pad"(%x, %v) {edge_padding_low = array<i64: -2>, edge_padding_high = array<i64: 2>, interior_padding = array<i64: 0>} : (tensor<6xi32>, tensor<i32>) -> tensor<6xi32>
  return %0 : tensor<6xi32>
}

// padding that removes every element leaves only the fill
// CHECK-LABEL: func.func @pad_all_cut(
// CHECK: %[[F:[a-zA-Z0-9_-]+]] = linalg.fill
// CHECK-NOT: tensor.insert_slice
// CHECK: return %[[F]] : tensor<2xf32>
func.func @pad_all_cut(%x: tensor<3xf32>, %v: tensor<f32>) -> tensor<2xf32> {
  %0 = "dsc.pad"(%x, %v) {edge_padding_low = array<i64: -3>, edge_padding_high = array<i64: 2>, interior_padding = array<i64: 0>} : (tensor<3xf32>, tensor<f32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// dynamic_slice / dynamic_update_slice: each start index is read from its
// rank-0 tensor and clamped to [0, dim - size] (as lax), then used as a
// dynamic offset of tensor.extract_slice / tensor.insert_slice.
// CHECK-LABEL: func.func @dynamic_slice(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4x5xf32>, %[[I:[a-zA-Z0-9_-]+]]: tensor<i64>, %[[J:[a-zA-Z0-9_-]+]]: tensor<i64>)
// CHECK-DAG: %[[C0:[a-zA-Z0-9_-]+]] = arith.constant 0 : index
// CHECK-DAG: %[[C2:[a-zA-Z0-9_-]+]] = arith.constant 2 : index
// CHECK-DAG: %[[C3:[a-zA-Z0-9_-]+]] = arith.constant 3 : index
// CHECK: %[[IV:[a-zA-Z0-9_-]+]] = tensor.extract %[[I]][] : tensor<i64>
// CHECK-NEXT: %[[II:[a-zA-Z0-9_-]+]] = arith.index_cast %[[IV]] : i64 to index
// CHECK-NEXT: %[[ILO:[a-zA-Z0-9_-]+]] = arith.maxsi %[[II]], %[[C0]] : index
// CHECK-NEXT: %[[IOFF:[a-zA-Z0-9_-]+]] = arith.minsi %[[ILO]], %[[C3]] : index
// CHECK-NEXT: %[[JV:[a-zA-Z0-9_-]+]] = tensor.extract %[[J]][] : tensor<i64>
// CHECK-NEXT: %[[JI:[a-zA-Z0-9_-]+]] = arith.index_cast %[[JV]] : i64 to index
// CHECK-NEXT: %[[JLO:[a-zA-Z0-9_-]+]] = arith.maxsi %[[JI]], %[[C0]] : index
// CHECK-NEXT: %[[JOFF:[a-zA-Z0-9_-]+]] = arith.minsi %[[JLO]], %[[C2]] : index
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = tensor.extract_slice %[[X]][%[[IOFF]], %[[JOFF]]] [1, 3] [1, 1] : tensor<4x5xf32> to tensor<1x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @dynamic_slice(%x: tensor<4x5xf32>, %i: tensor<i64>, %j: tensor<i64>) -> tensor<1x3xf32> {
  %0 = "dsc.dynamic_slice"(%x, %i, %j) {slice_sizes = array<i64: 1, 3>} : (tensor<4x5xf32>, tensor<i64>, tensor<i64>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}

// CHECK-LABEL: func.func @dynamic_update_slice(
// The updated argument becomes non-writable: bufferization copies it rather than update the
// caller's input buffer in place.
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4x5xf32> {bufferization.writable = false}, %[[U:[a-zA-Z0-9_-]+]]: tensor<2x2xf32>, %[[I:[a-zA-Z0-9_-]+]]: tensor<i32>)
// CHECK-DAG: %[[C2:[a-zA-Z0-9_-]+]] = arith.constant 2 : index
// CHECK-DAG: %[[C3:[a-zA-Z0-9_-]+]] = arith.constant 3 : index
// CHECK: %[[IOFF:[a-zA-Z0-9_-]+]] = arith.minsi %{{.*}}, %[[C2]] : index
// CHECK: %[[JOFF:[a-zA-Z0-9_-]+]] = arith.minsi %{{.*}}, %[[C3]] : index
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = tensor.insert_slice %[[U]] into %[[X]][%[[IOFF]], %[[JOFF]]] [2, 2] [1, 1] : tensor<2x2xf32> into tensor<4x5xf32>
// CHECK-NEXT: return %[[R]]
func.func @dynamic_update_slice(%x: tensor<4x5xf32>, %u: tensor<2x2xf32>, %i: tensor<i32>) -> tensor<4x5xf32> {
  %0 = "dsc.dynamic_update_slice"(%x, %u, %i, %i) : (tensor<4x5xf32>, tensor<2x2xf32>, tensor<i32>, tensor<i32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// stop_gradient is the identity
// CHECK-LABEL: func.func @stop_gradient(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<3xf32>)
// CHECK-NEXT: return %[[X]] : tensor<3xf32>
func.func @stop_gradient(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "dsc.stop_gradient"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
