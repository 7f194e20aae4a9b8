// guarded-super-vectorize vectorizes each function on a copy in a module of its own; a
// function that calls another one (e.g. a matmul-schedule kernel) gets declarations of
// its callees there (and copies of the memref.globals it reads), so it verifies and is
// vectorized (it used to stay scalar).
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(guarded-super-vectorize{vector-size=8})' | FileCheck %s

// CHECK-LABEL: func.func private @kernel(
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK-LABEL: func.func @caller(
// CHECK: call @kernel(%arg0, %arg1)
// CHECK: vector.transfer_read %arg1
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK: vector.transfer_write
// CHECK: call @external(%arg1)
// CHECK: func.func private @external(memref<64xf32>)
func.func private @kernel(%a: memref<64xf32>, %b: memref<64xf32>) {
  affine.for %i = 0 to 64 {
    %x = affine.load %a[%i] : memref<64xf32>
    %y = arith.addf %x, %x : f32
    affine.store %y, %b[%i] : memref<64xf32>
  }
  return
}
func.func @caller(%a: memref<64xf32>, %b: memref<64xf32>, %c: memref<64xf32>) {
  call @kernel(%a, %b) : (memref<64xf32>, memref<64xf32>) -> ()
  affine.for %i = 0 to 64 {
    %x = affine.load %b[%i] : memref<64xf32>
    %y = arith.addf %x, %x : f32
    affine.store %y, %c[%i] : memref<64xf32>
  }
  call @external(%b) : (memref<64xf32>) -> ()
  return
}
func.func private @external(memref<64xf32>)

// -----

// CHECK-LABEL: memref.global "private" constant @table : memref<64xf32> = dense<2.000000e+00>
// CHECK-LABEL: func.func @reads_global(
// CHECK: memref.get_global @table
// CHECK: vector.transfer_read
// CHECK: arith.mulf %{{.*}}, %{{.*}} : vector<8xf32>
memref.global "private" constant @table : memref<64xf32> = dense<2.0>
func.func @reads_global(%a: memref<64xf32>, %b: memref<64xf32>) {
  %t = memref.get_global @table : memref<64xf32>
  affine.for %i = 0 to 64 {
    %x = affine.load %a[%i] : memref<64xf32>
    %y = affine.load %t[%i] : memref<64xf32>
    %z = arith.mulf %x, %y : f32
    affine.store %z, %b[%i] : memref<64xf32>
  }
  return
}
