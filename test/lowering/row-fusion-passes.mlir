// fuse-row-loops, hoist-loop-allocas and elide-output-copies on affine loops.
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(fuse-row-loops)' | FileCheck %s
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(fuse-row-loops, hoist-loop-allocas)' | FileCheck %s --check-prefix=HOIST
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(elide-output-copies)' | FileCheck %s --check-prefix=ELIDE

// Two nests over the same 8 rows, the temporary read and written only at row %i:
// one nest, the temporary one row long inside it (moved out of the sequential loop).
// CHECK-LABEL: func.func @row_local(
// CHECK-NOT: memref.alloc(
// CHECK: affine.for %[[I:.*]] = 0 to 8 {
// CHECK-NEXT: %[[T:.*]] = memref.alloca() {{.*}} : memref<1x4xf32>
// CHECK: affine.store {{.*}}, %[[T]][0, {{.*}}]
// CHECK: affine.load %[[T]][0, {{.*}}]
// CHECK-NOT: affine.for %{{.*}} = 0 to 8
// CHECK: return
// HOIST-LABEL: func.func @row_local(
// HOIST-NEXT: memref.alloca() {{.*}} : memref<1x4xf32>
// HOIST-NEXT: affine.for {{.*}} = 0 to 8 {
// ELIDE-LABEL: func.func @row_local(
// ELIDE: memref.alloc
func.func @row_local(%x: memref<8x4xf32>, %out: memref<8x4xf32>) {
  %t = memref.alloc() : memref<8x4xf32>
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 4 {
      %v = affine.load %x[%i, %j] : memref<8x4xf32>
      %w = arith.mulf %v, %v : f32
      affine.store %w, %t[%i, %j] : memref<8x4xf32>
    }
  }
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 4 {
      %v = affine.load %t[%i, %j] : memref<8x4xf32>
      %w = affine.load %x[%i, %j] : memref<8x4xf32>
      %s = arith.addf %v, %w : f32
      affine.store %s, %out[%i, %j] : memref<8x4xf32>
    }
  }
  memref.dealloc %t : memref<8x4xf32>
  return
}

// -----

// The second nest reads the temporary at another row (7 - %i): not fused.
// CHECK-LABEL: func.func @other_row(
// CHECK: memref.alloc() : memref<8x4xf32>
// CHECK: affine.for %{{.*}} = 0 to 8 {
// CHECK: affine.for %{{.*}} = 0 to 8 {
func.func @other_row(%x: memref<8x4xf32>, %out: memref<8x4xf32>) {
  %t = memref.alloc() : memref<8x4xf32>
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 4 {
      %v = affine.load %x[%i, %j] : memref<8x4xf32>
      affine.store %v, %t[%i, %j] : memref<8x4xf32>
    }
  }
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 4 {
      %v = affine.load %t[7 - %i, %j] : memref<8x4xf32>
      affine.store %v, %out[%i, %j] : memref<8x4xf32>
    }
  }
  memref.dealloc %t : memref<8x4xf32>
  return
}

// -----

// A result computed in a temporary of another shape and copied out: computed in
// a view of the output instead (no alloc, no copy, no dealloc).
// ELIDE-LABEL: func.func @reshaped_result(
// ELIDE-SAME: %{{.*}}: memref<8x4xf32>, %[[OUT:.*]]: memref<32xf32>)
// ELIDE-NOT: memref.alloc
// ELIDE: %[[V:.*]] = memref.expand_shape %[[OUT]] {{\[\[}}0, 1]] output_shape [8, 4] : memref<32xf32> into memref<8x4xf32>
// ELIDE: affine.store {{.*}}, %[[V]]
// ELIDE-NOT: memref.copy
// ELIDE-NOT: memref.dealloc
// ELIDE: return
func.func @reshaped_result(%x: memref<8x4xf32>, %out: memref<32xf32>) {
  %t = memref.alloc() : memref<8x4xf32>
  affine.for %i = 0 to 8 {
    affine.for %j = 0 to 4 {
      %v = affine.load %x[%i, %j] : memref<8x4xf32>
      affine.store %v, %t[%i, %j] : memref<8x4xf32>
    }
  }
  %c = memref.collapse_shape %t [[0, 1]] : memref<8x4xf32> into memref<32xf32>
  memref.copy %c, %out : memref<32xf32> to memref<32xf32>
  memref.dealloc %t : memref<8x4xf32>
  return
}

// -----

// Two 1-D nests (elements, not rows): left apart, each vectorizes on its own.
// CHECK-LABEL: func.func @elements(
// CHECK: memref.alloc() : memref<4096xf32>
// CHECK: affine.for %{{.*}} = 0 to 4096 {
// CHECK: affine.for %{{.*}} = 0 to 4096 {
func.func @elements(%x: memref<4096xf32>, %out: memref<4096xf32>) {
  %t = memref.alloc() : memref<4096xf32>
  affine.for %i = 0 to 4096 {
    %v = affine.load %x[%i] : memref<4096xf32>
    %w = arith.mulf %v, %v : f32
    affine.store %w, %t[%i] : memref<4096xf32>
  }
  affine.for %i = 0 to 4096 {
    %v = affine.load %t[%i] : memref<4096xf32>
    %w = affine.load %x[%i] : memref<4096xf32>
    %s = arith.addf %v, %w : f32
    affine.store %s, %out[%i] : memref<4096xf32>
  }
  memref.dealloc %t : memref<4096xf32>
  return
}
