// Fuzzer finding: memref.load/store of i1 (or any integer narrower than 8 bits) made
// MLIR 22's memref-to-llvm lowering abort on `integralElementType.getWidth() >= 8`
// (finalize-memref-to-llvm and convert-to-llvm; mlir-opt too). descend-opt checks
// before those passes; descend's own pipeline stores booleans as i8 (memref-i1-to-i8).
// RUN: not %descend-opt %s --finalize-memref-to-llvm 2>&1 | FileCheck %s
// RUN: not %descend-opt %s --convert-to-llvm 2>&1 | FileCheck %s
// RUN: %descend-opt %s --memref-i1-to-i8 --finalize-memref-to-llvm | FileCheck %s --check-prefix=WIDE

// WIDE: llvm.store {{.*}} : i8, !llvm.ptr
func.func @f(%m: memref<4xi1>, %b: i1, %i: index) {
  // CHECK: sub-byte-memref.mlir:[[# @LINE + 1]]:3: error: 'memref.store' of memref<4xi1>: memrefs of integers narrower than 8 bits cannot be lowered to LLVM
  memref.store %b, %m[%i] : memref<4xi1>
  return
}
