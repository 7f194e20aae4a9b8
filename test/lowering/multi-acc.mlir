// split-reduction-accumulators: a vectorized reduction loop gets 4 independent
// accumulators (step 4x, the first from the init, the others from the identity),
// combined pairwise after the loop; the leftover iterations run in the original loop.
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(split-reduction-accumulators{factor=4})' | FileCheck %s
// With the second pipeline, guarded-super-vectorize keeps a function scalar (and the process alive)
// when a loop it cannot vectorize (indices as data) has a later sibling loop.
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(guarded-super-vectorize{vector-size=8})' | FileCheck %s --check-prefix=GUARD

// CHECK-LABEL: func.func @row_max(
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant dense<0xFF800000> : vector<16xf32>
// CHECK: %[[R:.*]]:4 = affine.for %[[I:.*]] = 0 to 1024 step 64 iter_args(%[[A0:.*]] = %{{.*}}, %[[A1:.*]] = %[[NEGINF]], %[[A2:.*]] = %[[NEGINF]], %[[A3:.*]] = %[[NEGINF]])
// CHECK: arith.maximumf %[[A0]]
// CHECK: arith.maximumf %[[A1]]
// CHECK: arith.maximumf %[[A2]]
// CHECK: arith.maximumf %[[A3]]
// CHECK: affine.yield
// CHECK: %[[P:.*]] = arith.maximumf %[[R]]#0, %[[R]]#1
// CHECK: %[[Q:.*]] = arith.maximumf %[[R]]#2, %[[R]]#3
// CHECK: %[[M:.*]] = arith.maximumf %[[P]], %[[Q]]
// CHECK: affine.for %{{.*}} = 1024 to 1040 step 16 iter_args(%{{.*}} = %[[M]])
// CHECK: vector.reduction <maximumf>
func.func @row_max(%x: memref<1040xf32>, %init: vector<16xf32>) -> f32 {
  %p = ub.poison : f32
  %r = affine.for %i = 0 to 1040 step 16 iter_args(%acc = %init) -> (vector<16xf32>) {
    %v = vector.transfer_read %x[%i], %p {in_bounds = [true]} : memref<1040xf32>, vector<16xf32>
    %m = arith.maximumf %acc, %v : vector<16xf32>
    affine.yield %m : vector<16xf32>
  }
  %s = vector.reduction <maximumf>, %r : vector<16xf32> into f32
  return %s : f32
}

// -----

// A sum whose trip count is a multiple of 4: no leftover loop; -0.0 is the identity.
// CHECK-LABEL: func.func @sum(
// CHECK: arith.constant dense<-0.000000e+00> : vector<16xf32>
// CHECK: affine.for %{{.*}} = 0 to 128 step 64
// CHECK-COUNT-2: arith.addf %{{.*}}#
// CHECK: arith.addf
// CHECK-NOT: affine.for
// CHECK: return
// GUARD-LABEL: func.func @sum(
func.func @sum(%x: memref<128xf32>, %init: vector<16xf32>) -> vector<16xf32> {
  %p = ub.poison : f32
  %r = affine.for %i = 0 to 128 step 16 iter_args(%acc = %init) -> (vector<16xf32>) {
    %v = vector.transfer_read %x[%i], %p {in_bounds = [true]} : memref<128xf32>, vector<16xf32>
    %s = arith.addf %acc, %v : vector<16xf32>
    affine.yield %s : vector<16xf32>
  }
  return %r : vector<16xf32>
}

// -----

// GUARD-LABEL: func.func @risky_siblings(
// GUARD-NOT: vector.
// GUARD: return
func.func @risky_siblings(%a: memref<2x3xf64>, %b: memref<2x3xf64>, %c: memref<2x3xf64>) {
  %cst = arith.constant 0.000000e+00 : f64
  affine.for %i = 0 to 2 {
    affine.for %j = 0 to 3 {
      %0 = affine.load %a[%i, %j] : memref<2x3xf64>
      %1 = arith.index_cast %j : index to i64
      %2 = arith.sitofp %1 : i64 to f64
      %3 = arith.mulf %0, %2 : f64
      affine.store %3, %c[%i, %j] : memref<2x3xf64>
    }
    affine.for %j = 0 to 3 {
      affine.store %cst, %b[%i, %j] : memref<2x3xf64>
    }
  }
  return
}

// -----

// A scan stores every running value: one accumulator stays.
// CHECK-LABEL: func.func @running_sum(
// CHECK: affine.for %{{.*}} = 0 to 128 step 16 iter_args
// CHECK-NOT: step 64
// CHECK: return
func.func @running_sum(%x: memref<128xf32>, %y: memref<128xf32>, %init: vector<16xf32>) -> vector<16xf32> {
  %p = ub.poison : f32
  %r = affine.for %i = 0 to 128 step 16 iter_args(%acc = %init) -> (vector<16xf32>) {
    %v = vector.transfer_read %x[%i], %p {in_bounds = [true]} : memref<128xf32>, vector<16xf32>
    %s = arith.addf %acc, %v : vector<16xf32>
    vector.transfer_write %s, %y[%i] {in_bounds = [true]} : vector<16xf32>, memref<128xf32>
    affine.yield %s : vector<16xf32>
  }
  return %r : vector<16xf32>
}
