// Fuzzer finding: affine-loop-fusion aborts the process (MLIR 22, mlir-opt too:
// UNREACHABLE "unexpected op" in Affine/Analysis/Utils.cpp) on an affine loop that
// accesses a memref with an op it cannot analyze, e.g. vector.transfer_read (what
// affine-super-vectorize produces) or memref.copy. descend-opt runs a guard before it.
// RUN: not %descend-opt %s --pass-pipeline='builtin.module(func.func(affine-loop-fusion))' 2>&1 | FileCheck %s
// Loops it can analyze are fused as before.
// RUN: not %descend-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(affine-loop-fusion))' 2>/dev/null | FileCheck %s --check-prefix=FUSED

func.func @f(%a: memref<4xf32>, %b: memref<4xf32>) {
  %p = ub.poison : f32
  affine.for %i = 0 to 4 {
    affine.store %p, %b[%i] : memref<4xf32>
  }
  affine.for %i = 0 to 4 step 16 {
    // CHECK: affine-loop-fusion.mlir:[[# @LINE + 1]]:10: error: affine-loop-fusion cannot analyze 'vector.transfer_read' on a memref inside an affine loop
    %v = vector.transfer_read %b[%i], %p : memref<4xf32>, vector<16xf32>
  }
  return
}

// -----

// FUSED-LABEL: func.func @g(
// FUSED-COUNT-1: affine.for
// FUSED-NOT: affine.for
func.func @g(%a: memref<4xf32>, %b: memref<4xf32>) {
  %p = ub.poison : f32
  affine.for %i = 0 to 4 {
    affine.store %p, %b[%i] : memref<4xf32>
  }
  affine.for %i = 0 to 4 {
    %x = affine.load %b[%i] : memref<4xf32>
    affine.store %x, %a[%i] : memref<4xf32>
  }
  return
}
