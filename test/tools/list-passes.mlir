// --list-passes names descend's passes and the stages of the CPU pipeline, then exits 0.
// RUN: %descend-opt --list-passes | FileCheck %s

// CHECK: descend passes:
// CHECK-DAG: --dsc-verify
// CHECK-DAG: --dsc-canonicalize
// CHECK-DAG: --dsc-to-linalg
// CHECK-DAG: --bool-storage-to-i8
// CHECK: descend pipeline stages
// CHECK-NEXT: dsc dsc-verify, dsc-canonicalize
// CHECK-NEXT: linalg dsc-to-linalg, convert-elementwise-to-linalg, linalg-fuse-elementwise-ops
// CHECK-NEXT: buffers linalg-innermost-contiguous, {{.*}}one-shot-bufferize
// CHECK-NEXT: loops {{.*}}func.func(convert-linalg-to-affine-loops)
// CHECK-NEXT: llvm {{.*}}reconcile-unrealized-casts
// CHECK: Every upstream MLIR pass is also available
