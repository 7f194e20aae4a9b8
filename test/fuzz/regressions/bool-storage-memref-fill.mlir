// Fuzzer finding: bool-storage-to-i8 run after bufferization (a pipeline in another
// order) raised ValueError rebuilding a linalg.fill of an i1 memref ("internal error").
// It rewrites tensors only; i1 memrefs are memref-i1-to-i8's.
// RUN: %descend-opt %s --bool-storage-to-i8 | FileCheck %s

// CHECK: linalg.fill ins(%{{.*}} : i1) outs(%{{.*}} : memref<4xi1>)
func.func @f(%m: memref<4xi1>) {
  %true = arith.constant true
  linalg.fill ins(%true : i1) outs(%m : memref<4xi1>)
  return
}
