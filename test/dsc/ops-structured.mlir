// Round-trip of the structured dsc ops (constant, iota, broadcast_in_dim,
// reshape, transpose, rev, slice, concatenate, pad, reduce, dot_general,
// argmax, argmin, dynamic_slice, dynamic_update_slice): parse, verify, print,
// parse the printed form again. The printer sorts attributes by name. Each
// CHECK pins the op, its operands, its attributes and its types.
// RUN: %descend-opt %s | %descend-opt | FileCheck %s
// RUN: %descend-opt %s --mlir-print-op-generic | %descend-opt | FileCheck %s

// CHECK-LABEL: func.func @constant()
// CHECK-NEXT: "dsc.constant"() {value = dense<[1.000000e+00, 2.500000e+00]> : tensor<2xf32>} : () -> tensor<2xf32>
// CHECK-NEXT: "dsc.constant"() {value = dense<true> : tensor<2xi1>} : () -> tensor<2xi1>
// CHECK-NEXT: "dsc.constant"() {value = dense<{{\[\[}}1, 2], [3, 4]]> : tensor<2x2xi64>} : () -> tensor<2x2xi64>
// CHECK-NEXT: "dsc.constant"() {value = dense<-7> : tensor<i32>} : () -> tensor<i32>
// CHECK-NEXT: "dsc.constant"() {value = dense<[true, false, true]> : tensor<3xi1>} : () -> tensor<3xi1>
func.func @constant() -> (tensor<2xf32>, tensor<2xi1>, tensor<2x2xi64>, tensor<i32>, tensor<3xi1>) {
  %0 = "dsc.constant"() {value = dense<[1.0, 2.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %1 = "dsc.constant"() {value = dense<true> : tensor<2xi1>} : () -> tensor<2xi1>
  %2 = "dsc.constant"() {value = dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>} : () -> tensor<2x2xi64>
  %3 = "dsc.constant"() {value = dense<-7> : tensor<i32>} : () -> tensor<i32>
  %4 = "dsc.constant"() {value = dense<[true, false, true]> : tensor<3xi1>} : () -> tensor<3xi1>
  return %0, %1, %2, %3, %4 : tensor<2xf32>, tensor<2xi1>, tensor<2x2xi64>, tensor<i32>, tensor<3xi1>
}

// CHECK-LABEL: func.func @iota()
// CHECK-NEXT: "dsc.iota"() {dimension = 1 : i64} : () -> tensor<2x3xi32>
// CHECK-NEXT: "dsc.iota"() {dimension = 0 : i64} : () -> tensor<5xf32>
func.func @iota() -> (tensor<2x3xi32>, tensor<5xf32>) {
  %0 = "dsc.iota"() {dimension = 1 : i64} : () -> tensor<2x3xi32>
  %1 = "dsc.iota"() {dimension = 0 : i64} : () -> tensor<5xf32>
  return %0, %1 : tensor<2x3xi32>, tensor<5xf32>
}

// CHECK-LABEL: func.func @broadcast_in_dim(
// CHECK-SAME: %[[S:[a-z0-9_]+]]: tensor<f32>, %[[V:[a-z0-9_]+]]: tensor<3xf32>, %[[O:[a-z0-9_]+]]: tensor<1x3xf32>)
// CHECK-NEXT: "dsc.broadcast_in_dim"(%[[S]]) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x3xf32>
// CHECK-NEXT: "dsc.broadcast_in_dim"(%[[V]]) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: "dsc.broadcast_in_dim"(%[[O]]) {broadcast_dimensions = array<i64: 0, 2>} : (tensor<1x3xf32>) -> tensor<4x5x3xf32>
func.func @broadcast_in_dim(%s: tensor<f32>, %v: tensor<3xf32>, %o: tensor<1x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x5x3xf32>) {
  %0 = "dsc.broadcast_in_dim"(%s) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x3xf32>
  %1 = "dsc.broadcast_in_dim"(%v) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<2x3xf32>
  %2 = "dsc.broadcast_in_dim"(%o) {broadcast_dimensions = array<i64: 0, 2>} : (tensor<1x3xf32>) -> tensor<4x5x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<4x5x3xf32>
}

// CHECK-LABEL: func.func @reshape(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x3xf32>, %[[S:[a-z0-9_]+]]: tensor<1x1xi32>)
// CHECK-NEXT: "dsc.reshape"(%[[X]]) : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: "dsc.reshape"(%[[X]]) : (tensor<2x3xf32>) -> tensor<6xf32>
// CHECK-NEXT: "dsc.reshape"(%[[S]]) : (tensor<1x1xi32>) -> tensor<i32>
func.func @reshape(%x: tensor<2x3xf32>, %s: tensor<1x1xi32>) -> (tensor<3x2xf32>, tensor<6xf32>, tensor<i32>) {
  %0 = "dsc.reshape"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = "dsc.reshape"(%x) : (tensor<2x3xf32>) -> tensor<6xf32>
  %2 = "dsc.reshape"(%s) : (tensor<1x1xi32>) -> tensor<i32>
  return %0, %1, %2 : tensor<3x2xf32>, tensor<6xf32>, tensor<i32>
}

// CHECK-LABEL: func.func @transpose(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x3x4xf32>)
// CHECK-NEXT: "dsc.transpose"(%[[X]]) {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = "dsc.transpose"(%x) {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// CHECK-LABEL: func.func @rev(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x3xi64>)
// CHECK-NEXT: "dsc.rev"(%[[X]]) {dimensions = array<i64: 1>} : (tensor<2x3xi64>) -> tensor<2x3xi64>
// CHECK-NEXT: "dsc.rev"(%[[X]]) {dimensions = array<i64: 0, 1>} : (tensor<2x3xi64>) -> tensor<2x3xi64>
func.func @rev(%x: tensor<2x3xi64>) -> (tensor<2x3xi64>, tensor<2x3xi64>) {
  %0 = "dsc.rev"(%x) {dimensions = array<i64: 1>} : (tensor<2x3xi64>) -> tensor<2x3xi64>
  %1 = "dsc.rev"(%x) {dimensions = array<i64: 0, 1>} : (tensor<2x3xi64>) -> tensor<2x3xi64>
  return %0, %1 : tensor<2x3xi64>, tensor<2x3xi64>
}

// CHECK-LABEL: func.func @slice(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<4x6xf32>)
// CHECK-NEXT: "dsc.slice"(%[[X]]) {limit_indices = array<i64: 3, 6>, start_indices = array<i64: 1, 0>, strides = array<i64: 1, 2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: "dsc.slice"(%[[X]]) {limit_indices = array<i64: 4, 5>, start_indices = array<i64: 0, 0>, strides = array<i64: 3, 2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
func.func @slice(%x: tensor<4x6xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = "dsc.slice"(%x) {start_indices = array<i64: 1, 0>, limit_indices = array<i64: 3, 6>, strides = array<i64: 1, 2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
  %1 = "dsc.slice"(%x) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 4, 5>, strides = array<i64: 3, 2>} : (tensor<4x6xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @concatenate(
// CHECK-SAME: %[[A:[a-z0-9_]+]]: tensor<2x3xf32>, %[[B:[a-z0-9_]+]]: tensor<2x1xf32>)
// CHECK-NEXT: "dsc.concatenate"(%[[A]], %[[B]]) {dimension = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
func.func @concatenate(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<2x4xf32> {
  %0 = "dsc.concatenate"(%a, %b) {dimension = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func.func @pad(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x3xf32>, %[[V:[a-z0-9_]+]]: tensor<f32>)
// CHECK-NEXT: "dsc.pad"(%[[X]], %[[V]]) {edge_padding_high = array<i64: 0, -1>, edge_padding_low = array<i64: 1, 0>, interior_padding = array<i64: 0, 1>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<3x4xf32>
func.func @pad(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<3x4xf32> {
  %0 = "dsc.pad"(%x, %v) {edge_padding_low = array<i64: 1, 0>, edge_padding_high = array<i64: 0, -1>, interior_padding = array<i64: 0, 1>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// CHECK-LABEL: func.func @reduce(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x3x4xf32>, %[[B:[a-z0-9_]+]]: tensor<5xi1>)
// CHECK-NEXT: "dsc.reduce"(%[[X]]) {axes = array<i64: 1>, kind = "sum"} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: "dsc.reduce"(%[[X]]) {axes = array<i64: 0, 2>, kind = "prod"} : (tensor<2x3x4xf32>) -> tensor<3xf32>
// CHECK-NEXT: "dsc.reduce"(%[[X]]) {axes = array<i64: 0, 1, 2>, kind = "max"} : (tensor<2x3x4xf32>) -> tensor<f32>
// CHECK-NEXT: "dsc.reduce"(%[[X]]) {axes = array<i64>, kind = "min"} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT: "dsc.reduce"(%[[B]]) {axes = array<i64: 0>, kind = "and"} : (tensor<5xi1>) -> tensor<i1>
// CHECK-NEXT: "dsc.reduce"(%[[B]]) {axes = array<i64: 0>, kind = "or"} : (tensor<5xi1>) -> tensor<i1>
func.func @reduce(%x: tensor<2x3x4xf32>, %b: tensor<5xi1>) -> (tensor<2x4xf32>, tensor<3xf32>, tensor<f32>, tensor<2x3x4xf32>, tensor<i1>, tensor<i1>) {
  %0 = "dsc.reduce"(%x) {axes = array<i64: 1>, kind = "sum"} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %1 = "dsc.reduce"(%x) {axes = array<i64: 0, 2>, kind = "prod"} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %2 = "dsc.reduce"(%x) {axes = array<i64: 0, 1, 2>, kind = "max"} : (tensor<2x3x4xf32>) -> tensor<f32>
  %3 = "dsc.reduce"(%x) {axes = array<i64>, kind = "min"} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %4 = "dsc.reduce"(%b) {axes = array<i64: 0>, kind = "and"} : (tensor<5xi1>) -> tensor<i1>
  %5 = "dsc.reduce"(%b) {axes = array<i64: 0>, kind = "or"} : (tensor<5xi1>) -> tensor<i1>
  return %0, %1, %2, %3, %4, %5 : tensor<2x4xf32>, tensor<3xf32>, tensor<f32>, tensor<2x3x4xf32>, tensor<i1>, tensor<i1>
}

// CHECK-LABEL: func.func @dot_general(
// CHECK-SAME: %[[A:[a-z0-9_]+]]: tensor<2x3xf32>, %[[B:[a-z0-9_]+]]: tensor<3x4xf32>, %[[C:[a-z0-9_]+]]: tensor<5x2x3xf32>, %[[D:[a-z0-9_]+]]: tensor<5x3x4xf32>)
// CHECK-NEXT: "dsc.dot_general"(%[[A]], %[[B]]) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: "dsc.dot_general"(%[[C]], %[[D]]) {lhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_batch_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
// CHECK-NEXT: "dsc.dot_general"(%[[A]], %[[A]]) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3x2x3xf32>
func.func @dot_general(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<5x2x3xf32>, %d: tensor<5x3x4xf32>) -> (tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<2x3x2x3xf32>) {
  %0 = "dsc.dot_general"(%a, %b) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = "dsc.dot_general"(%c, %d) {lhs_contracting_dimensions = array<i64: 2>, rhs_contracting_dimensions = array<i64: 1>, lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 0>} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  %2 = "dsc.dot_general"(%a, %a) {lhs_contracting_dimensions = array<i64>, rhs_contracting_dimensions = array<i64>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3x2x3xf32>
  return %0, %1, %2 : tensor<2x4xf32>, tensor<5x2x4xf32>, tensor<2x3x2x3xf32>
}

// CHECK-LABEL: func.func @argmax_argmin(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<2x3xf32>, %[[I:[a-z0-9_]+]]: tensor<4xi16>)
// CHECK-NEXT: "dsc.argmax"(%[[X]]) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
// CHECK-NEXT: "dsc.argmin"(%[[X]]) {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<3xi64>
// CHECK-NEXT: "dsc.argmax"(%[[I]]) {axis = 0 : i64} : (tensor<4xi16>) -> tensor<i32>
func.func @argmax_argmin(%x: tensor<2x3xf32>, %i: tensor<4xi16>) -> (tensor<2xi32>, tensor<3xi64>, tensor<i32>) {
  %0 = "dsc.argmax"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
  %1 = "dsc.argmin"(%x) {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<3xi64>
  %2 = "dsc.argmax"(%i) {axis = 0 : i64} : (tensor<4xi16>) -> tensor<i32>
  return %0, %1, %2 : tensor<2xi32>, tensor<3xi64>, tensor<i32>
}

// CHECK-LABEL: func.func @dynamic_slices(
// CHECK-SAME: %[[X:[a-z0-9_]+]]: tensor<4x5xf32>, %[[I:[a-z0-9_]+]]: tensor<i32>, %[[J:[a-z0-9_]+]]: tensor<i32>, %[[U:[a-z0-9_]+]]: tensor<2x2xf32>, %[[K:[a-z0-9_]+]]: tensor<i64>)
// CHECK-NEXT: "dsc.dynamic_slice"(%[[X]], %[[I]], %[[J]]) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xf32>, tensor<i32>, tensor<i32>) -> tensor<2x3xf32>
// CHECK-NEXT: "dsc.dynamic_update_slice"(%[[X]], %[[U]], %[[I]], %[[J]]) : (tensor<4x5xf32>, tensor<2x2xf32>, tensor<i32>, tensor<i32>) -> tensor<4x5xf32>
// CHECK-NEXT: "dsc.dynamic_slice"(%[[X]], %[[K]], %[[K]]) {slice_sizes = array<i64: 0, 5>} : (tensor<4x5xf32>, tensor<i64>, tensor<i64>) -> tensor<0x5xf32>
func.func @dynamic_slices(%x: tensor<4x5xf32>, %i: tensor<i32>, %j: tensor<i32>, %u: tensor<2x2xf32>, %k: tensor<i64>) -> (tensor<2x3xf32>, tensor<4x5xf32>, tensor<0x5xf32>) {
  %0 = "dsc.dynamic_slice"(%x, %i, %j) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xf32>, tensor<i32>, tensor<i32>) -> tensor<2x3xf32>
  %1 = "dsc.dynamic_update_slice"(%x, %u, %i, %j) : (tensor<4x5xf32>, tensor<2x2xf32>, tensor<i32>, tensor<i32>) -> tensor<4x5xf32>
  %2 = "dsc.dynamic_slice"(%x, %k, %k) {slice_sizes = array<i64: 0, 5>} : (tensor<4x5xf32>, tensor<i64>, tensor<i64>) -> tensor<0x5xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<4x5xf32>, tensor<0x5xf32>
}
