// dsc-to-linalg on dsc.gather and dsc.scatter (lowering/gather_scatter.py).
// gather: one linalg.generic over the result whose body reads the index, clamps it
// to [0, size - 1] and reads the operand with tensor.extract.
// scatter: scf.for over the updates (batch dims outer, window dims inner) carrying
// the result; each step clamps the position, combines old and update, and writes
// select(in_bounds, new, old) with tensor.insert (an out-of-bounds row is dropped).
// The argument the scattered value comes from becomes non-writable, so bufferization
// never updates the caller's input buffer in place (it copies it first).
// RUN: %descend-opt %s --dsc-to-linalg | FileCheck %s --implicit-check-not=dsc.

// CHECK-LABEL: func.func @gather(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4x5xf32>, %[[I:[a-zA-Z0-9_-]+]]: tensor<3x1xi32>)
// CHECK-DAG: %[[C3:[a-zA-Z0-9_-]+]] = arith.constant 3 : index
// CHECK-DAG: %[[C0:[a-zA-Z0-9_-]+]] = arith.constant 0 : index
// CHECK: %[[E:[a-zA-Z0-9_-]+]] = tensor.empty() : tensor<3x5xf32>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<3x5xf32>)
// CHECK: %[[B:[a-zA-Z0-9_-]+]] = linalg.index 0 : index
// CHECK-NEXT: %[[W:[a-zA-Z0-9_-]+]] = linalg.index 1 : index
// CHECK-NEXT: %[[IV:[a-zA-Z0-9_-]+]] = tensor.extract %[[I]][%[[B]], %[[C0]]] : tensor<3x1xi32>
// CHECK-NEXT: %[[II:[a-zA-Z0-9_-]+]] = arith.index_cast %[[IV]] : i32 to index
// CHECK-NEXT: %[[LO:[a-zA-Z0-9_-]+]] = arith.maxsi %[[II]], %[[C0]] : index
// CHECK-NEXT: %[[P:[a-zA-Z0-9_-]+]] = arith.minsi %[[LO]], %[[C3]] : index
// CHECK-NEXT: %[[V:[a-zA-Z0-9_-]+]] = tensor.extract %[[X]][%[[P]], %[[W]]] : tensor<4x5xf32>
// CHECK-NEXT: linalg.yield %[[V]] : f32
func.func @gather(%x: tensor<4x5xf32>, %i: tensor<3x1xi32>) -> tensor<3x5xf32> {
  %0 = "dsc.gather"(%x, %i) {dims = array<i64: 0>} : (tensor<4x5xf32>, tensor<3x1xi32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// CHECK-LABEL: func.func @scatter(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4x5xf32> {bufferization.writable = false}, %[[I:[a-zA-Z0-9_-]+]]: tensor<3x1xi32>, %[[U:[a-zA-Z0-9_-]+]]: tensor<3x5xf32>)
// CHECK-DAG: %[[C4:[a-zA-Z0-9_-]+]] = arith.constant 4 : index
// CHECK-DAG: %[[C5:[a-zA-Z0-9_-]+]] = arith.constant 5 : index
// CHECK-DAG: %[[C3:[a-zA-Z0-9_-]+]] = arith.constant 3 : index
// CHECK: %[[R:[a-zA-Z0-9_-]+]] = scf.for %[[B:[a-zA-Z0-9_-]+]] = %{{.*}} to %[[C3]] step %{{.*}} iter_args(%[[A0:[a-zA-Z0-9_-]+]] = %[[X]]) -> (tensor<4x5xf32>)
// CHECK-NEXT: scf.for %[[W:[a-zA-Z0-9_-]+]] = %{{.*}} to %[[C5]] step %{{.*}} iter_args(%[[A1:[a-zA-Z0-9_-]+]] = %[[A0]]) -> (tensor<4x5xf32>)
// CHECK-NEXT: %[[IV:[a-zA-Z0-9_-]+]] = tensor.extract %[[I]][%[[B]], %{{.*}}] : tensor<3x1xi32>
// CHECK-NEXT: %[[II:[a-zA-Z0-9_-]+]] = arith.index_cast %[[IV]] : i32 to index
// CHECK-NEXT: %[[OK:[a-zA-Z0-9_-]+]] = arith.cmpi ult, %[[II]], %[[C4]] : index
// CHECK-NEXT: %[[LO:[a-zA-Z0-9_-]+]] = arith.maxsi %[[II]], %{{.*}} : index
// CHECK-NEXT: %[[P:[a-zA-Z0-9_-]+]] = arith.minsi %[[LO]], %[[C3]] : index
// CHECK-NEXT: %[[UV:[a-zA-Z0-9_-]+]] = tensor.extract %[[U]][%[[B]], %[[W]]] : tensor<3x5xf32>
// CHECK-NEXT: %[[OLD:[a-zA-Z0-9_-]+]] = tensor.extract %[[A1]][%[[P]], %[[W]]] : tensor<4x5xf32>
// CHECK-NEXT: %[[NEW:[a-zA-Z0-9_-]+]] = arith.addf %[[OLD]], %[[UV]] : f32
// CHECK-NEXT: %[[SEL:[a-zA-Z0-9_-]+]] = arith.select %[[OK]], %[[NEW]], %[[OLD]] : f32
// CHECK-NEXT: %[[INS:[a-zA-Z0-9_-]+]] = tensor.insert %[[SEL]] into %[[A1]][%[[P]], %[[W]]] : tensor<4x5xf32>
// CHECK-NEXT: scf.yield %[[INS]] : tensor<4x5xf32>
// CHECK: return %[[R]] : tensor<4x5xf32>
func.func @scatter(%x: tensor<4x5xf32>, %i: tensor<3x1xi32>, %u: tensor<3x5xf32>) -> tensor<4x5xf32> {
  %0 = "dsc.scatter"(%x, %i, %u) {dims = array<i64: 0>, mode = "add"} : (tensor<4x5xf32>, tensor<3x1xi32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// Through a view (a reshape) and a loop carry, the argument is still found; an operand
// computed from the arguments (exp) leaves them writable.
// CHECK-LABEL: func.func @scatter_roots(
// CHECK-SAME: %{{[a-zA-Z0-9_-]+}}: tensor<20xf32> {bufferization.writable = false}, %{{[a-zA-Z0-9_-]+}}: tensor<4x5xf32>, %{{[a-zA-Z0-9_-]+}}: tensor<3x1xi32>, %{{[a-zA-Z0-9_-]+}}: tensor<3x5xf32>)
func.func @scatter_roots(%v: tensor<20xf32>, %y: tensor<4x5xf32>, %i: tensor<3x1xi32>, %u: tensor<3x5xf32>) -> (tensor<4x5xf32>, tensor<4x5xf32>) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c1 = arith.constant 1 : index
  %x = "dsc.reshape"(%v) : (tensor<20xf32>) -> tensor<4x5xf32>
  %0 = scf.for %k = %c0 to %c2 step %c1 iter_args(%acc = %x) -> (tensor<4x5xf32>) {
    %s = "dsc.scatter"(%acc, %i, %u) {dims = array<i64: 0>, mode = "add"} : (tensor<4x5xf32>, tensor<3x1xi32>, tensor<3x5xf32>) -> tensor<4x5xf32>
    scf.yield %s : tensor<4x5xf32>
  }
  %e = "dsc.exp"(%y) : (tensor<4x5xf32>) -> tensor<4x5xf32>
  %1 = "dsc.scatter"(%e, %i, %u) {dims = array<i64: 0>, mode = "set"} : (tensor<4x5xf32>, tensor<3x1xi32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  return %0, %1 : tensor<4x5xf32>, tensor<4x5xf32>
}
