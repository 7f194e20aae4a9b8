// matmul-schedule: a float contraction on memrefs (plain, transposed or batched) becomes a
// call of a private kernel (any sizes: its arguments are cast to dynamic shapes, one kernel
// per element type, layout and dimension roles): B packed into a buffer, an MR x NV register tile of vector
// accumulators updated with vector.fma, C updated with masked vector loads/stores, the
// work items in an scf.parallel (OpenMP) when threads > 1. Integer contractions and
// tiny ones are left alone.
// A's indices are viewed in a canonical order (batch, rows, k; memref.transpose at the call)
// with run-time strides, so contractions that differ only in A's layout share a kernel; the
// kernel reads A through a flat 1-D view of its buffer (row offsets + k * stride(k)).
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(matmul-schedule{threads=2})' | FileCheck %s
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(matmul-schedule{threads=1})' | FileCheck %s --check-prefix=ONE
// With defer=1 (the pipeline's form) the kernels are declarations carrying their
// parameters, and matmul-kernel-bodies makes the same bodies:
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(matmul-schedule{threads=2 defer=1},matmul-kernel-bodies)' | FileCheck %s
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(matmul-schedule{threads=2 defer=1})' | FileCheck %s --check-prefix=DECL

// CHECK-LABEL: func.func private @__descend_matmul_0(
// CHECK-SAME: %{{.*}}: memref<?x?xf32, strided<[?, ?], offset: ?>>, %{{.*}}: memref<?x?xf32, strided<[?, 1], offset: ?>>, %{{.*}}: memref<?x?xf32, strided<[?, 1], offset: ?>>, %{{.*}}: i1, %{{.*}}: memref<?xf32, strided<[?], offset: ?>>, %{{.*}}: i32)
// CHECK: memref.dim
// CHECK: %[[AB:[^,]*]], %{{.*}} = memref.extract_strided_metadata %{{.*}} : memref<?x?xf32, strided<[?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index
// CHECK: %[[AF:.*]] = memref.reinterpret_cast %[[AB]] to offset: [0], sizes: [%{{.*}}], strides: [1] : memref<f32> to memref<?xf32>
// CHECK: scf.parallel
// CHECK: memref.alloc() {alignment = 64 : i64} : memref<{{[0-9x]+}}xf32>
// CHECK: vector.maskedload {{.*}} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<{{[0-9]+}}xi1>, vector<{{[0-9]+}}xf32> into vector<{{[0-9]+}}xf32>
// CHECK: vector.store {{.*}} : memref<{{[0-9x]+}}xf32>, vector<{{[0-9]+}}xf32>
// CHECK: scf.for {{.*}} iter_args(
// CHECK: vector.load {{.*}} : memref<{{[0-9x]+}}xf32>, vector<{{[0-9]+}}xf32>
// CHECK: memref.load %[[AF]][%{{.*}}] : memref<?xf32>
// CHECK: vector.broadcast {{.*}} : f32 to vector<{{[0-9]+}}xf32>
// CHECK: vector.fma {{.*}} : vector<{{[0-9]+}}xf32>
// CHECK: vector.maskedstore {{.*}} : memref<?x?xf32, strided<[?, 1], offset: ?>>, vector<{{[0-9]+}}xi1>, vector<{{[0-9]+}}xf32>
// CHECK: memref.dealloc
// CHECK-LABEL: func.func @mm(
// CHECK-NOT: linalg.generic
// CHECK: %[[A:.*]] = memref.cast %arg0 : memref<128x200xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: %[[B:.*]] = memref.cast %arg1 : memref<200x96xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
// CHECK: %[[C:.*]] = memref.cast %arg2 : memref<128x96xf32> to memref<?x?xf32, strided<[?, 1], offset: ?>>
// CHECK: %[[OW:.*]] = arith.constant false
// CHECK: %[[NB:.*]] = memref.get_global @__descend_no_bias_f32 : memref<1xf32>
// CHECK: %[[NBC:.*]] = memref.cast %[[NB]]
// CHECK: %[[NOEPI:.*]] = arith.constant 0 : i32
// CHECK: call @__descend_matmul_0(%[[A]], %[[B]], %[[C]], %[[OW]], %[[NBC]], %[[NOEPI]])
// DECL: func.func private @__descend_matmul_0(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, 1], offset: ?>>, memref<?x?xf32, strided<[?, 1], offset: ?>>, i1, memref<?xf32, strided<[?], offset: ?>>, i32)
// DECL-SAME: attributes {descend.matmul_kernel = {a = "m0 k", b = "k n", c = "m0 n", elt = "f32", par = true, threads = 2 : i64, tile = array<i64: {{[0-9, ]+}}>}}
// DECL-NOT: scf.parallel
// DECL-LABEL: func.func @mm(
// DECL: call @__descend_matmul_0(
// ONE-LABEL: func.func private @__descend_matmul_0(
// ONE-NOT: scf.parallel
// ONE: vector.fma
#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @mm(%x: memref<128x200xf32>, %w: memref<200x96xf32>, %o: memref<128x96xf32>) {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : memref<128x200xf32>, memref<200x96xf32>) outs(%o : memref<128x96xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// ct @ W.T (B read as [n, k]): B is packed element by element; x.T @ ct after
// linalg-innermost-contiguous (dims m, k, n): A read as [k, m].
// CHECK-LABEL: func.func private @__descend_matmul_0(
// CHECK-SAME: memref<?x?xf64, strided<[?, ?], offset: ?>>, %{{.*}}: memref<?x?xf64, strided<[?, 1], offset: ?>>, %{{.*}}: memref<?x?xf64, strided<[?, 1], offset: ?>>, %{{.*}}: i1, %{{.*}}: memref<?xf64, strided<[?], offset: ?>>, %{{.*}}: i32)
// CHECK: memref.load {{.*}} : memref<?x?xf64, strided<[?, 1], offset: ?>>
// CHECK: memref.store {{.*}} : memref<{{[0-9x]+}}xf64>
// CHECK: vector.fma {{.*}} : vector<{{[0-9]+}}xf64>
// CHECK-LABEL: func.func private @__descend_matmul_1(
// CHECK-SAME: memref<?x?xf32, strided<[?, ?], offset: ?>>, %{{.*}}: memref<?x?xf32, strided<[?, 1], offset: ?>>, %{{.*}}: memref<?x?xf32, strided<[?, 1], offset: ?>>, %{{.*}}: i1, %{{.*}}: memref<?xf32, strided<[?], offset: ?>>, %{{.*}}: i32)
// CHECK: vector.fma {{.*}} : vector<{{[0-9]+}}xf32>
// CHECK-LABEL: func.func @transposed(
// CHECK: call @__descend_matmul_0
// CHECK: %[[XT:.*]] = memref.transpose %{{.*}} (d0, d1) -> (d1, d0) : memref<20x30xf32> to memref<30x20xf32, strided<[1, 30]>>
// CHECK: memref.cast %[[XT]] : memref<30x20xf32, strided<[1, 30]>> to memref<?x?xf32, strided<[?, ?], offset: ?>>
// CHECK: call @__descend_matmul_1
#a = affine_map<(m, n, k) -> (m, k)>
#bt = affine_map<(m, n, k) -> (n, k)>
#c = affine_map<(m, n, k) -> (m, n)>
#xt = affine_map<(m, k, n) -> (k, m)>
#ct = affine_map<(m, k, n) -> (k, n)>
#o = affine_map<(m, k, n) -> (m, n)>
func.func @transposed(%x: memref<30x20xf64>, %w: memref<50x20xf64>, %o: memref<30x50xf64>,
                      %x2: memref<20x30xf32>, %c2: memref<20x50xf32>, %o2: memref<30x50xf32>) {
  linalg.generic {indexing_maps = [#a, #bt, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : memref<30x20xf64>, memref<50x20xf64>) outs(%o : memref<30x50xf64>) {
  ^bb0(%p: f64, %q: f64, %acc: f64):
    %m = arith.mulf %p, %q : f64
    %s = arith.addf %m, %acc : f64
    linalg.yield %s : f64
  }
  linalg.generic {indexing_maps = [#xt, #ct, #o], iterator_types = ["parallel", "reduction", "parallel"]} ins(%x2, %c2 : memref<20x30xf32>, memref<20x50xf32>) outs(%o2 : memref<30x50xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Integer contractions, tiny ones and bodies that are not a multiply-add stay generics.
// CHECK-LABEL: func.func @left_alone(
// CHECK-NOT: call
// CHECK-COUNT-3: linalg.generic
// CHECK-NOT: __descend_matmul
#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @left_alone(%x: memref<64x40xi32>, %w: memref<40x48xi32>, %o: memref<64x48xi32>,
                      %x2: memref<4x4xf32>, %w2: memref<4x4xf32>, %o2: memref<4x4xf32>,
                      %x3: memref<64x40xf32>, %w3: memref<40x48xf32>, %o3: memref<64x48xf32>) {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : memref<64x40xi32>, memref<40x48xi32>) outs(%o : memref<64x48xi32>) {
  ^bb0(%p: i32, %q: i32, %acc: i32):
    %m = arith.muli %p, %q : i32
    %s = arith.addi %acc, %m : i32
    linalg.yield %s : i32
  }
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x2, %w2 : memref<4x4xf32>, memref<4x4xf32>) outs(%o2 : memref<4x4xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x3, %w3 : memref<64x40xf32>, memref<40x48xf32>) outs(%o3 : memref<64x48xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.maximumf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// C's zero fill right before the contraction is dropped and the kernel is called with
// overwrite = true: in the first k block it loads nothing from C (an all-false mask) and
// stores the tile. A fill of another value stays, and that call accumulates (false).
// CHECK-LABEL: func.func private @__descend_matmul_0(
// CHECK-SAME: %[[OWARG:[^:]*]]: i1, %{{.*}}: memref<?xf32, strided<[?], offset: ?>>, %{{.*}}: i32)
// CHECK: %[[PC0:.*]] = arith.cmpi eq, %{{.*}}, %c0 : index
// CHECK: %[[FIRST:.*]] = arith.andi %[[PC0]], %[[OWARG]] : i1
// CHECK: arith.select %[[FIRST]], %{{.*}}, %{{.*}} : vector<{{[0-9]+}}xi1>
// CHECK: vector.maskedload
// CHECK: arith.addf
// CHECK: vector.maskedstore
// CHECK-NOT: func.func private
// CHECK-LABEL: func.func @fills(
// CHECK-NOT: linalg.fill ins(%cst
// CHECK: %[[T:.*]] = arith.constant true
// CHECK: call @__descend_matmul_0({{.*}}, %[[T]], %{{.*}}, %{{.*}})
// CHECK: linalg.fill ins(%[[V:.*]] : f32)
// CHECK: %[[F:.*]] = arith.constant false
// CHECK: call @__descend_matmul_0({{.*}}, %[[F]], %{{.*}}, %{{.*}})
#a = affine_map<(m, n, k) -> (m, k)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @fills(%x: memref<64x40xf32>, %w: memref<40x48xf32>, %o: memref<64x48xf32>, %o2: memref<64x48xf32>) {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  linalg.fill ins(%zero : f32) outs(%o : memref<64x48xf32>)
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : memref<64x40xf32>, memref<40x48xf32>) outs(%o : memref<64x48xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  linalg.fill ins(%one : f32) outs(%o2 : memref<64x48xf32>)
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : memref<64x40xf32>, memref<40x48xf32>) outs(%o2 : memref<64x48xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// x @ W and h.T @ g (A as [m, k] and as [k, m]) call one kernel: A's view is transposed at
// the call and its strides are run-time values.
// CHECK-COUNT-1: func.func private @__descend_matmul_
// CHECK-NOT: func.func private @__descend_matmul_
// CHECK-LABEL: func.func @both_layouts(
// CHECK: call @__descend_matmul_0(
// CHECK: memref.transpose %arg3 (d0, d1) -> (d1, d0) : memref<200x128xf32> to memref<128x200xf32, strided<[1, 128]>>
// CHECK: call @__descend_matmul_0(
#a = affine_map<(m, n, k) -> (m, k)>
#at = affine_map<(m, n, k) -> (k, m)>
#b = affine_map<(m, n, k) -> (k, n)>
#c = affine_map<(m, n, k) -> (m, n)>
func.func @both_layouts(%x: memref<128x200xf32>, %w: memref<200x96xf32>, %o: memref<128x96xf32>,
                        %h: memref<200x128xf32>, %g: memref<200x96xf32>, %o2: memref<128x96xf32>) {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : memref<128x200xf32>, memref<200x96xf32>) outs(%o : memref<128x96xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#at, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%h, %g : memref<200x128xf32>, memref<200x96xf32>) outs(%o2 : memref<128x96xf32>) {
  ^bb0(%p: f32, %q: f32, %acc: f32):
    %m = arith.mulf %p, %q : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}
