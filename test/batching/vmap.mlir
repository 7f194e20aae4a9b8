// The dsc-vmap pass: `dsc-vmap{func=f in_axes=0,none axis_size=N}` adds @f_vmap, whose
// mapped arguments (in_axes 0) carry a leading batch dimension of size N, shared ones
// (none) keep their type, and whose results all carry the batch dimension in front.
// Each op is re-emitted by its batching rule with its dimension attributes shifted
// by one; a dot_general of two batched operands becomes one dot_general with an extra
// batch dimension (a batched matmul, not a loop).
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=elementwise axis_size=8})' | FileCheck %s --check-prefix=EW
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=elementwise in_axes=0,none axis_size=8})' | FileCheck %s --check-prefix=EW-NONE
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=matvec axis_size=4})' | FileCheck %s --check-prefix=DOT
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=matvec in_axes=0,none axis_size=4})' | FileCheck %s --check-prefix=DOT-LHS
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=matvec in_axes=none,0 axis_size=4})' | FileCheck %s --check-prefix=DOT-RHS
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=matmul axis_size=4})' | FileCheck %s --check-prefix=MATMUL
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=reduce axis_size=5})' | FileCheck %s --check-prefix=REDUCE
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=bcast in_axes=none,0 axis_size=4})' | FileCheck %s --check-prefix=BCAST
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=fori axis_size=4}, dsc-vmap{func=cond axis_size=4})' | FileCheck %s --check-prefix=CONTROL
// The batched functions are dsc like the others: they lower and fuse.
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=matmul axis_size=4}, dsc-to-linalg)' | FileCheck %s --check-prefix=LINALG
//
// Errors: an MLIR diagnostic and exit code 1.
// RUN: not %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=elementwise})' 2>&1 | FileCheck %s --check-prefix=NOSIZE
// RUN: not %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=nope axis_size=2})' 2>&1 | FileCheck %s --check-prefix=NOFUNC
// RUN: not %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=elementwise in_axes=0 axis_size=2})' 2>&1 | FileCheck %s --check-prefix=NAXES
// RUN: not %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=elementwise in_axes=1,0 axis_size=2})' 2>&1 | FileCheck %s --check-prefix=BADAXIS
// RUN: not %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=elementwise axis_size=two})' 2>&1 | FileCheck %s --check-prefix=BADSIZE
// RUN: not %descend-opt %s --pass-pipeline='builtin.module(dsc-vmap{func=elementwise axis_size=0})' 2>&1 | FileCheck %s --check-prefix=ZEROSIZE

// NOSIZE: error: dsc-vmap: axis_size is required
// NOFUNC: error: dsc-vmap: no function @nope in the module
// NAXES: vmap.mlir:[[# @LINE + 6]]:{{[0-9]+}}: error: dsc-vmap: @elementwise: in_axes has 1 entries for 2 arguments
// BADAXIS: vmap.mlir:[[# @LINE + 5]]:{{[0-9]+}}: error: dsc-vmap: @elementwise: in_axes entries must be 0 or none, got '1'
// BADSIZE: error: dsc-vmap: axis_size must be an integer, got 'two'
// ZEROSIZE: error: dsc-vmap: axis_size must be positive, got 0

// ---- elementwise --------------------------------------------------------------------------
func.func @elementwise(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "dsc.mul"(%x, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = "dsc.exp"(%0) : (tensor<3xf32>) -> tensor<3xf32>
  return %1 : tensor<3xf32>
}
// The original is kept; the batched function follows it.
// EW-LABEL: func.func @elementwise(
// EW-SAME: tensor<3xf32>, %{{.*}}: tensor<3xf32>) -> tensor<3xf32>
// EW-LABEL: func.func @elementwise_vmap(
// EW-SAME: %[[X:[a-z0-9_]+]]: tensor<8x3xf32>, %[[Y:[a-z0-9_]+]]: tensor<8x3xf32>) -> tensor<8x3xf32>
// EW-NEXT: %[[M:[0-9]+]] = "dsc.mul"(%[[X]], %[[Y]]) : (tensor<8x3xf32>, tensor<8x3xf32>) -> tensor<8x3xf32>
// EW-NEXT: %[[E:[0-9]+]] = "dsc.exp"(%[[M]]) : (tensor<8x3xf32>) -> tensor<8x3xf32>
// EW-NEXT: return %[[E]] : tensor<8x3xf32>

// A shared (none) argument keeps its type and is broadcast along the batch dimension.
// EW-NONE-LABEL: func.func @elementwise_vmap(
// EW-NONE-SAME: %[[X:[a-z0-9_]+]]: tensor<8x3xf32>, %[[Y:[a-z0-9_]+]]: tensor<3xf32>) -> tensor<8x3xf32>
// EW-NONE-NEXT: %[[B:[0-9]+]] = "dsc.broadcast_in_dim"(%[[Y]]) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<8x3xf32>
// EW-NONE-NEXT: %[[M:[0-9]+]] = "dsc.mul"(%[[X]], %[[B]]) : (tensor<8x3xf32>, tensor<8x3xf32>) -> tensor<8x3xf32>
// EW-NONE-NEXT: %[[E:[0-9]+]] = "dsc.exp"(%[[M]]) : (tensor<8x3xf32>) -> tensor<8x3xf32>
// EW-NONE-NEXT: return %[[E]] : tensor<8x3xf32>

// ---- dot_general ----------------------------------------------------------------------------
func.func @matvec(%a: tensor<2x3xf32>, %x: tensor<3xf32>) -> tensor<2xf32> {
  %0 = "dsc.dot_general"(%a, %x) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
// Both batched: the vmapped dimension becomes batch dimension 0 of both operands.
// DOT-LABEL: func.func @matvec_vmap(
// DOT-SAME: %[[A:[a-z0-9_]+]]: tensor<4x2x3xf32>, %[[X:[a-z0-9_]+]]: tensor<4x3xf32>) -> tensor<4x2xf32>
// DOT-NEXT: %[[R:[0-9]+]] = "dsc.dot_general"(%[[A]], %[[X]]) {lhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_batch_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<4x2x3xf32>, tensor<4x3xf32>) -> tensor<4x2xf32>
// DOT-NEXT: return %[[R]] : tensor<4x2xf32>

// Only the matrix batched: a free lhs dimension, already in front, no transpose.
// DOT-LHS-LABEL: func.func @matvec_vmap(
// DOT-LHS-SAME: %[[A:[a-z0-9_]+]]: tensor<4x2x3xf32>, %[[X:[a-z0-9_]+]]: tensor<3xf32>) -> tensor<4x2xf32>
// DOT-LHS-NEXT: %[[R:[0-9]+]] = "dsc.dot_general"(%[[A]], %[[X]]) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 2>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<4x2x3xf32>, tensor<3xf32>) -> tensor<4x2xf32>
// DOT-LHS-NEXT: return %[[R]] : tensor<4x2xf32>

// Only the vector batched: a free rhs dimension lands after the lhs rows; one transpose
// brings the batch dimension to the front.
// DOT-RHS-LABEL: func.func @matvec_vmap(
// DOT-RHS-SAME: %[[A:[a-z0-9_]+]]: tensor<2x3xf32>, %[[X:[a-z0-9_]+]]: tensor<4x3xf32>) -> tensor<4x2xf32>
// DOT-RHS-NEXT: %[[D:[0-9]+]] = "dsc.dot_general"(%[[A]], %[[X]]) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
// DOT-RHS-NEXT: %[[T:[0-9]+]] = "dsc.transpose"(%[[D]]) {permutation = array<i64: 1, 0>} : (tensor<2x4xf32>) -> tensor<4x2xf32>
// DOT-RHS-NEXT: return %[[T]] : tensor<4x2xf32>

// A batched matmul with a batch dimension already: the vmapped one is added in front.
func.func @matmul(%a: tensor<2x3x5xf32>, %b: tensor<2x5x4xf32>) -> tensor<2x3x4xf32> {
  %0 = "dsc.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_batch_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<2x3x5xf32>, tensor<2x5x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
// MATMUL-LABEL: func.func @matmul_vmap(
// MATMUL-SAME: %[[A:[a-z0-9_]+]]: tensor<4x2x3x5xf32>, %[[B:[a-z0-9_]+]]: tensor<4x2x5x4xf32>) -> tensor<4x2x3x4xf32>
// MATMUL-NEXT: %[[R:[0-9]+]] = "dsc.dot_general"(%[[A]], %[[B]]) {lhs_batch_dimensions = array<i64: 0, 1>, lhs_contracting_dimensions = array<i64: 3>, rhs_batch_dimensions = array<i64: 0, 1>, rhs_contracting_dimensions = array<i64: 2>} : (tensor<4x2x3x5xf32>, tensor<4x2x5x4xf32>) -> tensor<4x2x3x4xf32>
// MATMUL-NEXT: return %[[R]] : tensor<4x2x3x4xf32>

// Lowered: one linalg.generic, five loops (two batch, rows, columns, the contraction).
// LINALG-LABEL: func.func @matmul_vmap(
// LINALG: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// LINALG-SAME: ins(%{{.*}}, %{{.*}} : tensor<4x2x3x5xf32>, tensor<4x2x5x4xf32>) outs(%{{.*}} : tensor<4x2x3x4xf32>)
// LINALG: arith.mulf
// LINALG-NEXT: arith.addf
// LINALG-NOT: linalg.generic
// LINALG-NOT: scf.for
// LINALG-LABEL: func.func @reduce(

// ---- reduce ---------------------------------------------------------------------------------
func.func @reduce(%x: tensor<2x3xf32>) -> (tensor<3xf32>, tensor<f32>) {
  %0 = "dsc.reduce"(%x) {axes = array<i64: 0>, kind = "sum"} : (tensor<2x3xf32>) -> tensor<3xf32>
  %1 = "dsc.reduce"(%x) {axes = array<i64: 0, 1>, kind = "max"} : (tensor<2x3xf32>) -> tensor<f32>
  return %0, %1 : tensor<3xf32>, tensor<f32>
}
// REDUCE-LABEL: func.func @reduce_vmap(
// REDUCE-SAME: %[[X:[a-z0-9_]+]]: tensor<5x2x3xf32>) -> (tensor<5x3xf32>, tensor<5xf32>)
// REDUCE-NEXT: %[[S:[0-9]+]] = "dsc.reduce"(%[[X]]) {axes = array<i64: 1>, kind = "sum"} : (tensor<5x2x3xf32>) -> tensor<5x3xf32>
// REDUCE-NEXT: %[[M:[0-9]+]] = "dsc.reduce"(%[[X]]) {axes = array<i64: 1, 2>, kind = "max"} : (tensor<5x2x3xf32>) -> tensor<5xf32>
// REDUCE-NEXT: return %[[S]], %[[M]] : tensor<5x3xf32>, tensor<5xf32>

// ---- broadcast_in_dim -------------------------------------------------------------------------
func.func @bcast(%x: tensor<3xf32>, %s: tensor<f32>) -> tensor<2x3xf32> {
  %0 = "dsc.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<2x3xf32>
  %1 = "dsc.broadcast_in_dim"(%s) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x3xf32>
  %2 = "dsc.add"(%0, %1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}
// The shared %x is broadcast as before and then along the batch; the batched scalar %s
// (now tensor<4xf32>) maps to dimension 0.
// BCAST-LABEL: func.func @bcast_vmap(
// BCAST-SAME: %[[X:[a-z0-9_]+]]: tensor<3xf32>, %[[S:[a-z0-9_]+]]: tensor<4xf32>) -> tensor<4x2x3xf32>
// BCAST-NEXT: %[[XB:[0-9]+]] = "dsc.broadcast_in_dim"(%[[X]]) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<2x3xf32>
// BCAST-NEXT: %[[SB:[0-9]+]] = "dsc.broadcast_in_dim"(%[[S]]) {broadcast_dimensions = array<i64: 0>} : (tensor<4xf32>) -> tensor<4x2x3xf32>
// BCAST-NEXT: %[[XBB:[0-9]+]] = "dsc.broadcast_in_dim"(%[[XB]]) {broadcast_dimensions = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<4x2x3xf32>
// BCAST-NEXT: %[[R:[0-9]+]] = "dsc.add"(%[[XBB]], %[[SB]]) : (tensor<4x2x3xf32>, tensor<4x2x3xf32>) -> tensor<4x2x3xf32>
// BCAST-NEXT: return %[[R]] : tensor<4x2x3xf32>

// ---- control flow -----------------------------------------------------------------------------
// fori_loop(0, 5, lambda i, c: c * 2 + i, x): the carry becomes batched loop state,
// still one scf.for.
func.func @fori(%x: tensor<3xf32>) -> tensor<3xf32> {
  %c0 = arith.constant 0 : index
  %c5 = arith.constant 5 : index
  %c1 = arith.constant 1 : index
  %0 = scf.for %i = %c0 to %c5 step %c1 iter_args(%c = %x) -> (tensor<3xf32>) {
    %1 = arith.index_cast %i : index to i32
    %it = tensor.from_elements %1 : tensor<i32>
    %2 = "dsc.constant"() {value = dense<2.000000e+00> : tensor<f32>} : () -> tensor<f32>
    %3 = "dsc.broadcast_in_dim"(%2) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<3xf32>
    %4 = "dsc.mul"(%c, %3) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %5 = "dsc.convert"(%it) : (tensor<i32>) -> tensor<f32>
    %6 = "dsc.broadcast_in_dim"(%5) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<3xf32>
    %7 = "dsc.add"(%4, %6) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    scf.yield %7 : tensor<3xf32>
  }
  return %0 : tensor<3xf32>
}
// CONTROL-LABEL: func.func @fori_vmap(
// CONTROL-SAME: %[[X:[a-z0-9_]+]]: tensor<4x3xf32>) -> tensor<4x3xf32>
// CONTROL: %[[R:[0-9]+]] = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[C:[a-z0-9_]+]] = %[[X]]) -> (tensor<4x3xf32>) {
// CONTROL: %[[M:[0-9]+]] = "dsc.mul"(%[[C]], %{{.*}}) : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
// CONTROL: %[[A:[0-9]+]] = "dsc.add"(%[[M]], %{{.*}}) : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
// CONTROL-NEXT: scf.yield %[[A]] : tensor<4x3xf32>
// CONTROL-NEXT: }
// CONTROL-NEXT: return %[[R]] : tensor<4x3xf32>

// cond(p > 0, exp, neg, x) with a per-example predicate: both branches, then a select.
func.func @cond(%p: tensor<f32>, %x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "dsc.constant"() {value = dense<0.000000e+00> : tensor<f32>} : () -> tensor<f32>
  %1 = "dsc.compare"(%p, %0) {direction = "GT"} : (tensor<f32>, tensor<f32>) -> tensor<i1>
  %pred = tensor.extract %1[] : tensor<i1>
  %2 = scf.if %pred -> (tensor<3xf32>) {
    %3 = "dsc.exp"(%x) : (tensor<3xf32>) -> tensor<3xf32>
    scf.yield %3 : tensor<3xf32>
  } else {
    %3 = "dsc.neg"(%x) : (tensor<3xf32>) -> tensor<3xf32>
    scf.yield %3 : tensor<3xf32>
  }
  return %2 : tensor<3xf32>
}
// CONTROL-LABEL: func.func @cond_vmap(
// CONTROL-SAME: %[[P:[a-z0-9_]+]]: tensor<4xf32>, %[[X:[a-z0-9_]+]]: tensor<4x3xf32>) -> tensor<4x3xf32>
// CONTROL-NOT: scf.if
// CONTROL: %[[CMP:[0-9]+]] = "dsc.compare"(%[[P]], %{{.*}}) {direction = "GT"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
// CONTROL-DAG: %[[E:[0-9]+]] = "dsc.exp"(%[[X]]) : (tensor<4x3xf32>) -> tensor<4x3xf32>
// CONTROL-DAG: %[[N:[0-9]+]] = "dsc.neg"(%[[X]]) : (tensor<4x3xf32>) -> tensor<4x3xf32>
// CONTROL-DAG: %[[MASK:[0-9]+]] = "dsc.broadcast_in_dim"(%[[CMP]]) {broadcast_dimensions = array<i64: 0>} : (tensor<4xi1>) -> tensor<4x3xi1>
// CONTROL: %[[R:[0-9]+]] = "dsc.select"(%[[MASK]], %[[E]], %[[N]]) : (tensor<4x3xi1>, tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
// CONTROL-NOT: scf.if
// CONTROL: return %[[R]] : tensor<4x3xf32>
