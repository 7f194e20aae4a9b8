// The CPU pipeline vectorizes for the host's SIMD width: an elementwise chain
// (with exp as a polynomial: no libm call) becomes vector ops in one loop, and
// sum(x + y*z) is ONE loop nest with a vector accumulator, no temporary buffer.
// The vector width follows the host (16 f32 lanes with AVX-512); the checks do
// not pin it. One thread, so that no parallel chunking splits the loop.
// RUN: env DESCEND_NUM_THREADS=1 %descend-opt %s --pass-pipeline='%pipeline-upto-loops' | FileCheck %s
// RUN: env DESCEND_NUM_THREADS=1 DESCEND_VECTORIZE=0 %descend-opt %s --pass-pipeline='%pipeline-upto-loops' | FileCheck %s --check-prefix=PLAIN

// CHECK-LABEL: func.func @chain(
// CHECK: affine.for %[[I:.*]] = 0 to 1024 step {{[0-9]+}} {
// CHECK: vector.transfer_read {{.*}}{in_bounds = [true]} : memref<1024xf32>, vector<[[N:[0-9]+]]xf32>
// CHECK: arith.mulf {{.*}} : vector<[[N]]xf32>
// CHECK: math.roundeven {{.*}} : vector<[[N]]xf32>
// CHECK-NOT: math.exp
// CHECK: vector.transfer_write {{.*}} : vector<[[N]]xf32>, memref<1024xf32>
// CHECK: return
// PLAIN-LABEL: func.func @chain(
// PLAIN-NOT: vector.
// PLAIN: affine.for
// PLAIN: return
func.func @chain(%a: tensor<1024xf32>, %b: tensor<1024xf32>) -> tensor<1024xf32> {
  %0 = "dsc.mul"(%a, %b) : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  %1 = "dsc.add"(%0, %a) : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  %2 = "dsc.exp"(%1) : (tensor<1024xf32>) -> tensor<1024xf32>
  return %2 : tensor<1024xf32>
}

// x, y, z are read in ONE loop nest (vectorized, the product and sum fused into the
// accumulation, which split-reduction-accumulators may unroll into several independent
// vector accumulators); no temporary of the input's size (a sum blocked for accuracy may
// fill a small buffer of partial sums that a short loop adds up).
// CHECK-LABEL: func.func @fused_sum(
// CHECK-SAME: %[[X:[a-z0-9]+]]: memref<4096xf32>, %[[Y:[a-z0-9]+]]: memref<4096xf32>, %[[Z:[a-z0-9]+]]: memref<4096xf32>
// CHECK-NOT: memref.alloc() {{.*}} memref<4096xf32>
// CHECK: affine.for {{.*}} iter_args(%[[ACC:[a-z0-9_]+]] = {{.*}}) -> (vector<[[M:[0-9]+]]xf32>{{.*}}) {
// CHECK-NEXT: vector.transfer_read
// CHECK-NEXT: vector.transfer_read
// CHECK-NEXT: vector.transfer_read
// CHECK-NEXT: arith.mulf {{.*}} : vector<[[M]]xf32>
// CHECK-NEXT: arith.addf {{.*}} : vector<[[M]]xf32>
// CHECK-NEXT: arith.addf %[[ACC]], {{.*}} : vector<[[M]]xf32>
// CHECK: affine.yield
// CHECK: vector.reduction <add>
// CHECK-NOT: %[[X]]
// CHECK-NOT: %[[Y]]
// CHECK-NOT: %[[Z]]
// CHECK: return
func.func @fused_sum(%x: tensor<4096xf32>, %y: tensor<4096xf32>, %z: tensor<4096xf32>) -> tensor<f32> {
  %0 = "dsc.mul"(%y, %z) : (tensor<4096xf32>, tensor<4096xf32>) -> tensor<4096xf32>
  %1 = "dsc.add"(%x, %0) : (tensor<4096xf32>, tensor<4096xf32>) -> tensor<4096xf32>
  %2 = "dsc.reduce"(%1) {axes = array<i64: 0>, kind = "sum"} : (tensor<4096xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
