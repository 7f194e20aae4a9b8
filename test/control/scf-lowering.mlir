// Lowering of traced control flow. lax.fori_loop / scan are one scf.for, lax.cond one
// scf.if, lax.while_loop one scf.while, with dsc ops in their regions; the inputs below
// are written in the form `descend.jit(f).lower(x).as_text("dsc")` prints them.
// dsc-to-linalg lowers the dsc ops inside the regions and leaves each loop a single
// loop (no unrolling, no second loop); bufferization keeps it one loop over memrefs
// with the elementwise work as an affine nest inside it.
// RUN: %descend-opt %s --dsc-to-linalg | FileCheck %s --check-prefix=LINALG --implicit-check-not=dsc.
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-to-linalg, convert-elementwise-to-linalg, linalg-fuse-elementwise-ops, canonicalize, cse, bool-storage-to-i8, one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops}, func.func(convert-linalg-to-affine-loops), canonicalize)' \
// RUN:   | FileCheck %s --check-prefix=LOOPS --implicit-check-not=dsc. --implicit-check-not=tensor. --implicit-check-not=linalg.

// ---- fori_loop(0, 5, lambda i, c: c * 2 + i, x): one scf.for ---------------------------
// LINALG-LABEL: func.func @fori(
// LINALG-SAME: %[[X:[a-z0-9_]+]]: tensor<3xf32>) -> tensor<3xf32>
// LINALG-DAG: %[[C0:[a-z0-9_]+]] = arith.constant 0 : index
// LINALG-DAG: %[[C5:[a-z0-9_]+]] = arith.constant 5 : index
// LINALG-DAG: %[[C1:[a-z0-9_]+]] = arith.constant 1 : index
// LINALG: %[[R:[0-9]+]] = scf.for %[[I:[a-z0-9_]+]] = %[[C0]] to %[[C5]] step %[[C1]] iter_args(%[[C:[a-z0-9_]+]] = %[[X]]) -> (tensor<3xf32>) {
// LINALG-NEXT: %[[I32:[0-9]+]] = arith.index_cast %[[I]] : index to i32
// LINALG-NEXT: %[[IT:[a-z0-9_]+]] = tensor.from_elements %[[I32]] : tensor<i32>
// LINALG: %[[M:[0-9]+]] = arith.mulf %[[C]], %{{.*}} : tensor<3xf32>
// LINALG: arith.sitofp %[[IT]] : tensor<i32> to tensor<f32>
// LINALG: %[[S:[0-9]+]] = arith.addf %[[M]], %{{.*}} : tensor<3xf32>
// LINALG-NEXT: scf.yield %[[S]] : tensor<3xf32>
// LINALG-NEXT: }
// LINALG-NEXT: return %[[R]] : tensor<3xf32>
// LINALG-NOT: scf.for

// LOOPS-LABEL: func.func @fori(
// LOOPS-SAME: %[[X:[a-z0-9_]+]]: memref<3xf32>) -> memref<3xf32>
// LOOPS: %[[R:[0-9]+]] = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[C:[a-z0-9_]+]] = %[[X]]) -> (memref<3xf32>) {
// LOOPS: %[[OUT:[a-z0-9_]+]] = memref.alloc() {{.*}} : memref<3xf32>
// LOOPS-NEXT: affine.for %[[J:[a-z0-9_]+]] = 0 to 3 {
// LOOPS-NEXT: affine.load %[[C]][%[[J]]] : memref<3xf32>
// LOOPS: arith.mulf
// LOOPS: arith.sitofp
// LOOPS: arith.addf
// LOOPS: affine.store %{{.*}}, %[[OUT]][%[[J]]] : memref<3xf32>
// LOOPS-NEXT: }
// LOOPS-NEXT: scf.yield %[[OUT]] : memref<3xf32>
// LOOPS-NEXT: }
// LOOPS-NEXT: return %[[R]] : memref<3xf32>
// LOOPS-NOT: scf.for

// ---- cond(p > 0, exp, neg, x): one scf.if ----------------------------------------------
// LINALG-LABEL: func.func @cond(
// LINALG-SAME: %[[P:[a-z0-9_]+]]: tensor<f32>, %[[X:[a-z0-9_]+]]: tensor<3xf32>) -> tensor<3xf32>
// LINALG: %[[CMP:[0-9]+]] = arith.cmpf ogt, %[[P]], %{{.*}} : tensor<f32>
// LINALG-NEXT: %[[PRED:[a-z0-9_]+]] = tensor.extract %[[CMP]][] : tensor<i1>
// LINALG-NEXT: %[[R:[0-9]+]] = scf.if %[[PRED]] -> (tensor<3xf32>) {
// LINALG-NEXT: %[[E:[0-9]+]] = math.exp %[[X]] : tensor<3xf32>
// LINALG-NEXT: scf.yield %[[E]] : tensor<3xf32>
// LINALG-NEXT: } else {
// LINALG-NEXT: %[[N:[0-9]+]] = arith.negf %[[X]] : tensor<3xf32>
// LINALG-NEXT: scf.yield %[[N]] : tensor<3xf32>
// LINALG-NEXT: }
// LINALG-NEXT: return %[[R]] : tensor<3xf32>
// LINALG-NOT: scf.if

// LOOPS-LABEL: func.func @cond(
// LOOPS: arith.cmpf ogt
// LOOPS: %[[PRED:[0-9]+]] = arith.trunci %{{.*}} : i8 to i1
// LOOPS-NEXT: scf.if %[[PRED]] -> (memref<3xf32, strided<[?], offset: ?>>) {
// LOOPS: affine.for
// LOOPS: math.exp
// LOOPS: } else {
// LOOPS: affine.for
// LOOPS: arith.negf
// LOOPS-NOT: scf.if
// LOOPS-NOT: scf.for

// ---- scan(lambda c, x: (c + x, c * x), init, xs): one scf.for ---------------------------
// x_t is read with a (clamped) tensor.extract_slice at the loop index, y_t written with a
// tensor.insert_slice into the stacked ys carried by the loop.
// LINALG-LABEL: func.func @scan(
// LINALG-SAME: %[[INIT:[a-z0-9_]+]]: tensor<3xf32>, %[[XS:[a-z0-9_]+]]: tensor<4x3xf32>)
// LINALG: %[[R:[0-9]+]]:2 = scf.for %[[I:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[C:[a-z0-9_]+]] = %[[INIT]], %[[YS:[a-z0-9_]+]] = %{{.*}}) -> (tensor<3xf32>, tensor<4x3xf32>) {
// LINALG: %[[ROW:[a-z0-9_]+]] = tensor.extract_slice %[[XS]][%{{.*}}, %{{.*}}] [1, 3] [1, 1] : tensor<4x3xf32> to tensor<1x3xf32>
// LINALG-NEXT: %[[X:[a-z0-9_]+]] = tensor.collapse_shape %[[ROW]] {{\[\[}}0, 1]] : tensor<1x3xf32> into tensor<3xf32>
// LINALG-NEXT: %[[ADD:[0-9]+]] = arith.addf %[[C]], %[[X]] : tensor<3xf32>
// LINALG-NEXT: %[[MUL:[0-9]+]] = arith.mulf %[[C]], %[[X]] : tensor<3xf32>
// LINALG-NEXT: %[[Y:[a-z0-9_]+]] = tensor.expand_shape %[[MUL]]
// LINALG: %[[NEWYS:[a-z0-9_]+]] = tensor.insert_slice %[[Y]] into %[[YS]][%{{.*}}, %{{.*}}] [1, 3] [1, 1] : tensor<1x3xf32> into tensor<4x3xf32>
// LINALG-NEXT: scf.yield %[[ADD]], %[[NEWYS]] : tensor<3xf32>, tensor<4x3xf32>
// LINALG-NEXT: }
// LINALG-NEXT: return %[[R]]#0, %[[R]]#1 : tensor<3xf32>, tensor<4x3xf32>
// LINALG-NOT: scf.for

// After bufferization the ys buffer is written in place: only the carry is loop state.
// LOOPS-LABEL: func.func @scan(
// LOOPS-SAME: %[[INIT:[a-z0-9_]+]]: memref<3xf32>, %[[XS:[a-z0-9_]+]]: memref<4x3xf32>) -> (memref<3xf32>, memref<4x3xf32>)
// LOOPS: %[[YS:[a-z0-9_]+]] = memref.alloc() {{.*}} : memref<4x3xf32>
// LOOPS: %[[R:[0-9]+]] = scf.for %{{.*}} iter_args(%{{.*}} = %[[INIT]]) -> (memref<3xf32>) {
// LOOPS: memref.subview %[[XS]]
// LOOPS: %[[DST:[a-z0-9_]+]] = memref.subview %[[YS]]
// LOOPS-NEXT: memref.copy %{{.*}}, %[[DST]]
// LOOPS: scf.yield
// LOOPS-NEXT: }
// LOOPS-NEXT: return %[[R]], %[[YS]] : memref<3xf32>, memref<4x3xf32>
// LOOPS-NOT: scf.for

// ---- while_loop(lambda c: sum(c) < 100, lambda c: c * 3, x): one scf.while ---------------
// LINALG-LABEL: func.func @while(
// LINALG-SAME: %[[X:[a-z0-9_]+]]: tensor<3xf32>) -> tensor<3xf32>
// LINALG: %[[R:[0-9]+]] = scf.while (%[[C:[a-z0-9_]+]] = %[[X]]) : (tensor<3xf32>) -> tensor<3xf32> {
// LINALG: %[[SUM:[0-9]+]] = linalg.generic {{.*}}iterator_types = ["reduction"]{{.*}} ins(%[[C]] : tensor<3xf32>)
// LINALG: %[[LT:[0-9]+]] = arith.cmpf olt, %[[SUM]], %{{.*}} : tensor<f32>
// LINALG-NEXT: %[[PRED:[a-z0-9_]+]] = tensor.extract %[[LT]][] : tensor<i1>
// LINALG-NEXT: scf.condition(%[[PRED]]) %[[C]] : tensor<3xf32>
// LINALG-NEXT: } do {
// LINALG-NEXT: ^bb0(%[[B:[a-z0-9_]+]]: tensor<3xf32>):
// LINALG: %[[M:[0-9]+]] = arith.mulf %[[B]], %{{.*}} : tensor<3xf32>
// LINALG-NEXT: scf.yield %[[M]] : tensor<3xf32>
// LINALG-NEXT: }
// LINALG-NEXT: return %[[R]] : tensor<3xf32>
// LINALG-NOT: scf.while

// LOOPS-LABEL: func.func @while(
// LOOPS: scf.while (%{{.*}} = %{{.*}}) : (memref<3xf32>) -> memref<3xf32> {
// LOOPS: affine.for
// LOOPS: arith.cmpf olt
// LOOPS: scf.condition(%{{.*}}) %{{.*}} : memref<3xf32>
// LOOPS: } do {
// LOOPS: affine.for
// LOOPS: arith.mulf
// LOOPS-NOT: scf.while
// LOOPS-NOT: scf.for

// fori_loop(0, 5, lambda i, c: c * 2 + i, x)
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

// cond(p > 0, exp, neg, x)
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

// scan(lambda c, x: (c + x, c * x), c, xs)
func.func @scan(%init: tensor<3xf32>, %xs: tensor<4x3xf32>) -> (tensor<3xf32>, tensor<4x3xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %0 = "dsc.constant"() {value = dense<0.000000e+00> : tensor<f32>} : () -> tensor<f32>
  %1 = "dsc.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<4x3xf32>
  %2:2 = scf.for %i = %c0 to %c4 step %c1 iter_args(%c = %init, %ys = %1) -> (tensor<3xf32>, tensor<4x3xf32>) {
    %3 = arith.index_cast %i : index to i32
    %it = tensor.from_elements %3 : tensor<i32>
    %4 = "dsc.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %5 = "dsc.dynamic_slice"(%xs, %it, %4) {slice_sizes = array<i64: 1, 3>} : (tensor<4x3xf32>, tensor<i32>, tensor<i32>) -> tensor<1x3xf32>
    %6 = "dsc.reshape"(%5) : (tensor<1x3xf32>) -> tensor<3xf32>
    %7 = "dsc.add"(%c, %6) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %8 = "dsc.mul"(%c, %6) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %9 = "dsc.reshape"(%8) : (tensor<3xf32>) -> tensor<1x3xf32>
    %10 = "dsc.dynamic_update_slice"(%ys, %9, %it, %4) : (tensor<4x3xf32>, tensor<1x3xf32>, tensor<i32>, tensor<i32>) -> tensor<4x3xf32>
    scf.yield %7, %10 : tensor<3xf32>, tensor<4x3xf32>
  }
  return %2#0, %2#1 : tensor<3xf32>, tensor<4x3xf32>
}

// while_loop(lambda c: sum(c) < 100, lambda c: c * 3, x)
func.func @while(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = scf.while (%c = %x) : (tensor<3xf32>) -> tensor<3xf32> {
    %1 = "dsc.reduce"(%c) {axes = array<i64: 0>, kind = "sum"} : (tensor<3xf32>) -> tensor<f32>
    %2 = "dsc.constant"() {value = dense<1.000000e+02> : tensor<f32>} : () -> tensor<f32>
    %3 = "dsc.compare"(%1, %2) {direction = "LT"} : (tensor<f32>, tensor<f32>) -> tensor<i1>
    %pred = tensor.extract %3[] : tensor<i1>
    scf.condition(%pred) %c : tensor<3xf32>
  } do {
  ^bb0(%c: tensor<3xf32>):
    %1 = "dsc.constant"() {value = dense<3.000000e+00> : tensor<f32>} : () -> tensor<f32>
    %2 = "dsc.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<3xf32>
    %3 = "dsc.mul"(%c, %2) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    scf.yield %3 : tensor<3xf32>
  }
  return %0 : tensor<3xf32>
}
