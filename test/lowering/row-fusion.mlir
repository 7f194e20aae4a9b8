// Row reductions run as ONE parallel loop over rows: the max, exp, sum and divide
// passes of a row softmax are fused (fuse-row-loops) so a row is read from memory
// once; each pass is vectorized with a vector accumulator and one horizontal
// reduction per row (vector.reduction after the loop, not per element); the row
// statistics live in a one-row alloca per iteration, not a buffer of all rows;
// exp(x - max) is written straight into the output (no temporary, no copy).
// The second RUN leaves the nests apart (what DESCEND_ROW_FUSION=0 does).
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-to-linalg, convert-elementwise-to-linalg, linalg-fuse-elementwise-ops, canonicalize, cse, linalg-innermost-contiguous, duplicate-shared-fills, one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops}, buffer-results-to-out-params{hoist-static-allocs=true modify-public-functions=true}, buffer-deallocation-pipeline, canonicalize, elide-output-copies, func.func(convert-linalg-to-affine-loops), canonicalize, promote-accumulators, fuse-row-loops, func.func(affine-parallelize{max-nested=1}), parallel-chunks{threads=2 threshold=1024 vector-size=16}, hoist-loop-allocas, split-vector-remainder{vector-size=16}, affine-strided-to-memref, guarded-super-vectorize{vector-size=16}, vector-transfer-in-bounds, canonicalize)' | FileCheck %s
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-to-linalg, convert-elementwise-to-linalg, linalg-fuse-elementwise-ops, canonicalize, cse, one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-return-allocs-from-loops}, buffer-results-to-out-params{hoist-static-allocs=true modify-public-functions=true}, buffer-deallocation-pipeline, canonicalize, func.func(convert-linalg-to-affine-loops), canonicalize, promote-accumulators, func.func(affine-parallelize{max-nested=1}), parallel-chunks{threads=2 threshold=1024 vector-size=16})' | FileCheck %s --check-prefix=APART

// CHECK-LABEL: func.func @softmax(
// CHECK-SAME: %[[X:[a-z0-9]+]]: memref<64x256xf32>, %[[OUT:[a-z0-9]+]]: memref<64x256xf32>
// CHECK-NOT: memref.alloc(
// CHECK: affine.parallel (%[[R:.*]]) = (0) to (64) {
// CHECK-NEXT: %[[ROW:.*]] = memref.alloca() {{.*}} : memref<1xf32>
// CHECK: affine.for {{.*}} = 0 to 256 step 16 iter_args({{.*}}) -> (vector<16xf32>) {
// CHECK: vector.transfer_read %[[X]][%[[R]], {{.*}} : memref<64x256xf32>, vector<16xf32>
// CHECK: arith.maximumf {{.*}} : vector<16xf32>
// CHECK: vector.reduction <maximumf>
// CHECK: affine.store {{.*}}, %[[ROW]][0]
// CHECK: affine.for {{.*}} = 0 to 256 step 16 {
// CHECK: vector.transfer_read %[[X]][%[[R]]
// CHECK: math.exp {{.*}} : vector<16xf32>
// CHECK: vector.transfer_write {{.*}}, %[[OUT]][%[[R]], {{.*}} : vector<16xf32>, memref<64x256xf32>
// CHECK: affine.for {{.*}} = 0 to 256 step 16 iter_args({{.*}}) -> (vector<16xf32>) {
// CHECK: vector.transfer_read %[[OUT]][%[[R]]
// CHECK: vector.reduction <add>
// CHECK: affine.for {{.*}} = 0 to 256 step 16 {
// CHECK: arith.divf {{.*}} : vector<16xf32>
// CHECK: vector.transfer_write {{.*}}, %[[OUT]][%[[R]]
// CHECK-NOT: affine.parallel
// CHECK-NOT: affine.for
// CHECK: return

// APART-LABEL: func.func @softmax(
// APART: memref.alloc() {{.*}} : memref<64xf32>
// APART: affine.parallel
// APART: affine.parallel
// APART: affine.parallel
// APART: affine.parallel
// APART: return
func.func @softmax(%arg0: tensor<64x256xf32>) -> tensor<64x256xf32> {
  %0 = "dsc.reduce"(%arg0) {axes = array<i64: 1>, kind = "max"} : (tensor<64x256xf32>) -> tensor<64xf32>
  %3 = "dsc.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64: 0>} : (tensor<64xf32>) -> tensor<64x256xf32>
  %4 = "dsc.sub"(%arg0, %3) : (tensor<64x256xf32>, tensor<64x256xf32>) -> tensor<64x256xf32>
  %5 = "dsc.exp"(%4) : (tensor<64x256xf32>) -> tensor<64x256xf32>
  %6 = "dsc.reduce"(%5) {axes = array<i64: 1>, kind = "sum"} : (tensor<64x256xf32>) -> tensor<64xf32>
  %9 = "dsc.broadcast_in_dim"(%6) {broadcast_dimensions = array<i64: 0>} : (tensor<64xf32>) -> tensor<64x256xf32>
  %10 = "dsc.div"(%5, %9) : (tensor<64x256xf32>, tensor<64x256xf32>) -> tensor<64x256xf32>
  return %10 : tensor<64x256xf32>
}
