// matmul-schedule fuses the elementwise op after a contraction into the kernel's stores
// (lowering/matmul_epilogue.py): C + bias[n] (flag 1), max(C + bias, 0) (flag 3),
// max(C, 0) (flag 2), in place or into another buffer when C's values are dead after it.
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(matmul-schedule{threads=1})' | FileCheck %s
// RUN: env DESCEND_MATMUL_EPILOGUES=0 %descend-opt %s --split-input-file --pass-pipeline='builtin.module(matmul-schedule{threads=1})' | FileCheck %s --check-prefix=OFF

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
#id = affine_map<(m, n) -> (m, n)>
#row = affine_map<(m, n) -> (n)>

// The kernel: the bias row is read under a mask that is all false unless the epilogue adds
// it; the sum and the max are selected in the last k block only.
// CHECK-LABEL: func.func private @__descend_matmul_0(
// CHECK-SAME: %[[BIAS:[^:]*]]: memref<?xf32, strided<[?], offset: ?>>, %[[EPI:[^:]*]]: i32)
// CHECK: arith.andi %[[EPI]]
// CHECK: %[[LAST:.*]] = arith.cmpi sge
// CHECK: %[[DOB:.*]] = arith.andi %[[LAST]], %{{.*}} : i1
// CHECK: %[[DOR:.*]] = arith.andi %[[LAST]], %{{.*}} : i1
// CHECK: arith.select %[[DOB]], %{{.*}}, %{{.*}} : vector<{{[0-9]+}}xi1>
// CHECK: vector.maskedload %[[BIAS]][
// CHECK: arith.addf
// CHECK: arith.select %[[DOB]]
// CHECK: arith.maximumf
// CHECK: arith.select %[[DOR]]
// CHECK: vector.maskedstore

// In place: relu(C + b) into C.
// CHECK-LABEL: func.func @in_place(
// CHECK-SAME: %[[B:[^:]*]]: memref<48xf32>, %[[O:[^:]*]]: memref<64x48xf32>)
// CHECK: %[[OC:.*]] = memref.cast %[[O]]
// CHECK: %[[BC:.*]] = memref.cast %[[B]] : memref<48xf32> to memref<?xf32, strided<[?], offset: ?>>
// CHECK: %[[F:.*]] = arith.constant 3 : i32
// CHECK: call @__descend_matmul_0(%{{.*}}, %{{.*}}, %[[OC]], %{{.*}}, %[[BC]], %[[F]])
// CHECK-NOT: linalg.generic
// CHECK: return
// OFF-LABEL: func.func @in_place(
// OFF: arith.constant 0 : i32
// OFF: linalg.generic
func.func @in_place(%x: memref<64x40xf32>, %w: memref<40x48xf32>, %bias: memref<48xf32>, %o: memref<64x48xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%o : memref<64x48xf32>)
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : memref<64x40xf32>, memref<40x48xf32>) outs(%o : memref<64x48xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%o, %bias : memref<64x48xf32>, memref<48xf32>) outs(%o : memref<64x48xf32>) {
  ^bb0(%c: f32, %b: f32, %out: f32):
    %s = arith.addf %c, %b : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
#id = affine_map<(m, n) -> (m, n)>
#row = affine_map<(m, n) -> (n)>

// Into another buffer: C is a temporary whose values are dead after the bias add (only
// deallocated), so the kernel writes D directly (D's alloc moves before the call).
// CHECK-LABEL: func.func @into_other(
// CHECK-SAME: %[[B:[^:]*]]: memref<48xf32>
// CHECK: %[[D:.*]] = memref.alloc() : memref<64x48xf32>
// CHECK: %[[DC:.*]] = memref.cast %[[D]]
// CHECK: %[[F:.*]] = arith.constant 1 : i32
// CHECK: call @__descend_matmul_0(%{{.*}}, %{{.*}}, %[[DC]], %true, %{{.*}}, %[[F]])
// CHECK-NOT: linalg.generic
// CHECK: memref.copy %[[D]]
func.func @into_other(%x: memref<64x40xf32>, %w: memref<40x48xf32>, %bias: memref<48xf32>, %o: memref<64x48xf32>) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<64x48xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<64x48xf32>)
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : memref<64x40xf32>, memref<40x48xf32>) outs(%c : memref<64x48xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  %d = memref.alloc() : memref<64x48xf32>
  linalg.generic {indexing_maps = [#row, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%bias, %c : memref<48xf32>, memref<64x48xf32>) outs(%d : memref<64x48xf32>) {
  ^bb0(%b: f32, %cv: f32, %out: f32):
    %s = arith.addf %b, %cv : f32
    linalg.yield %s : f32
  }
  memref.dealloc %c : memref<64x48xf32>
  memref.copy %d, %o : memref<64x48xf32> to memref<64x48xf32>
  memref.dealloc %d : memref<64x48xf32>
  return
}

// -----

#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
#id = affine_map<(m, n) -> (m, n)>
#row = affine_map<(m, n) -> (n)>

// Not fused: C is read again after the bias add (its values are still needed), and an
// epilogue that is not a bias row (a 2-D addend) stays a generic too.
// CHECK-LABEL: func.func @kept(
// CHECK: %[[Z:.*]] = arith.constant 0 : i32
// CHECK: call @__descend_matmul_0({{.*}}, %[[Z]])
// CHECK: linalg.generic
// CHECK: memref.copy
// CHECK: %[[Z2:.*]] = arith.constant 0 : i32
// CHECK: call @__descend_matmul_0({{.*}}, %[[Z2]])
// CHECK: linalg.generic
func.func @kept(%x: memref<64x40xf32>, %w: memref<40x48xf32>, %bias: memref<48xf32>, %o: memref<64x48xf32>,
                %o2: memref<64x48xf32>, %add: memref<64x48xf32>) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<64x48xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<64x48xf32>)
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : memref<64x40xf32>, memref<40x48xf32>) outs(%c : memref<64x48xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%c, %bias : memref<64x48xf32>, memref<48xf32>) outs(%o : memref<64x48xf32>) {
  ^bb0(%cv: f32, %b: f32, %out: f32):
    %s = arith.addf %cv, %b : f32
    linalg.yield %s : f32
  }
  memref.copy %c, %o2 : memref<64x48xf32> to memref<64x48xf32>
  memref.dealloc %c : memref<64x48xf32>
  linalg.fill ins(%zero : f32) outs(%o2 : memref<64x48xf32>)
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : memref<64x40xf32>, memref<40x48xf32>) outs(%o2 : memref<64x48xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%o2, %add : memref<64x48xf32>, memref<64x48xf32>) outs(%o2 : memref<64x48xf32>) {
  ^bb0(%cv: f32, %a: f32, %out: f32):
    %s = arith.addf %cv, %a : f32
    linalg.yield %s : f32
  }
  return
}
