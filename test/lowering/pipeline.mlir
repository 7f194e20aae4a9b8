// The CPU pipeline of lowering/pipeline.py, stage by stage (the lit
// substitutions %pipeline-upto-<stage> are built from pipeline.STAGES):
//   dsc      dsc-canonicalize drops the dead neg and merges the two exps
//   linalg   one fused linalg.generic on tensors; the i1 result stored as i8
//   buffers  memrefs, the result is a caller-provided out-param, no allocs
//   loops    an affine loop nest (possibly vectorized)
//   llvm     only the llvm dialect is left
// RUN: %descend-opt %s --pass-pipeline='%pipeline-upto-dsc' | FileCheck %s --check-prefix=DSC
// RUN: %descend-opt %s --pass-pipeline='%pipeline-upto-linalg' | FileCheck %s --check-prefix=LINALG --implicit-check-not=dsc.
// RUN: %descend-opt %s --pass-pipeline='%pipeline-upto-buffers' | FileCheck %s --check-prefix=BUFFERS --implicit-check-not=tensor --implicit-check-not=memref.alloc --implicit-check-not=memref.copy
// RUN: %descend-opt %s --pass-pipeline='%pipeline-upto-loops' | FileCheck %s --check-prefix=LOOPS --implicit-check-not=linalg.
// RUN: %descend-opt %s --pass-pipeline='%pipeline-upto-llvm' | FileCheck %s --check-prefix=LLVM --implicit-check-not=dsc. --implicit-check-not=linalg. --implicit-check-not=tensor --implicit-check-not=memref --implicit-check-not=affine. --implicit-check-not=scf. --implicit-check-not=arith. --implicit-check-not=math. --implicit-check-not=func.

// DSC-LABEL: func.func @main(
// DSC-SAME: %[[A:[a-zA-Z0-9_-]+]]: tensor<1024xf32>, %[[B:[a-zA-Z0-9_-]+]]: tensor<1024xf32>) -> tensor<1024xi1>
// DSC-NEXT: %[[E:[0-9]+]] = "dsc.exp"(%[[A]]) : (tensor<1024xf32>) -> tensor<1024xf32>
// DSC-NEXT: %[[S:[0-9]+]] = "dsc.add"(%[[E]], %[[E]]) : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
// DSC-NEXT: %[[C:[0-9]+]] = "dsc.compare"(%[[S]], %[[B]]) {direction = "LT"} : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xi1>
// DSC-NEXT: return %[[C]] : tensor<1024xi1>

// LINALG-LABEL: func.func @main(
// LINALG-SAME: %[[A:[a-zA-Z0-9_-]+]]: tensor<1024xf32>, %[[B:[a-zA-Z0-9_-]+]]: tensor<1024xf32>) -> tensor<1024xi8>
// LINALG: %[[E:[a-zA-Z0-9_-]+]] = tensor.empty() : tensor<1024xi8>
// LINALG-NEXT: %[[R:[a-zA-Z0-9_-]+]] = linalg.generic {{.*}} ins(%[[A]], %[[B]] : tensor<1024xf32>, tensor<1024xf32>) outs(%[[E]] : tensor<1024xi8>)
// LINALG: %[[X:[a-zA-Z0-9_-]+]] = math.exp %{{.*}} : f32
// LINALG-NEXT: %[[D:[a-zA-Z0-9_-]+]] = arith.addf %[[X]], %[[X]] : f32
// LINALG-NEXT: %[[LT:[a-zA-Z0-9_-]+]] = arith.cmpf olt, %[[D]], %{{.*}} : f32
// LINALG-NEXT: %[[W:[a-zA-Z0-9_-]+]] = arith.extui %[[LT]] : i1 to i8
// LINALG-NEXT: linalg.yield %[[W]] : i8
// LINALG-NOT: linalg.generic
// LINALG: return %[[R]] : tensor<1024xi8>

// BUFFERS-LABEL: func.func @main(
// BUFFERS-SAME: %[[A:[a-zA-Z0-9_-]+]]: memref<1024xf32>, %[[B:[a-zA-Z0-9_-]+]]: memref<1024xf32>, %[[OUT:[a-zA-Z0-9_-]+]]: memref<1024xi8>) {
// BUFFERS-NEXT: linalg.generic {{.*}} ins(%[[A]], %[[B]] : memref<1024xf32>, memref<1024xf32>) outs(%[[OUT]] : memref<1024xi8>)
// BUFFERS: return{{$}}

// The loop reads both inputs and writes the out-param at the loop index (scalar or
// vector accesses: the loops stage may vectorize).
// LOOPS-LABEL: func.func @main(
// LOOPS-SAME: %[[A:[a-zA-Z0-9_-]+]]: memref<1024xf32>, %[[B:[a-zA-Z0-9_-]+]]: memref<1024xf32>, %[[OUT:[a-zA-Z0-9_-]+]]: memref<1024xi8>) {
// LOOPS: affine.for %[[I:[a-zA-Z0-9_-]+]] = 0 to 1024
// LOOPS-DAG: %[[A]][%[[I]]]
// LOOPS-DAG: %[[B]][%[[I]]]
// LOOPS: %[[OUT]][%[[I]]]
// LOOPS: return

// Three memref descriptors (pointer, aligned pointer, offset, size, stride) in, nothing out.
// LLVM-LABEL: llvm.func @main({{%[a-z0-9]+: !llvm.ptr, %[a-z0-9]+: !llvm.ptr, %[a-z0-9]+: i64, %[a-z0-9]+: i64, %[a-z0-9]+: i64, %[a-z0-9]+: !llvm.ptr, %[a-z0-9]+: !llvm.ptr, %[a-z0-9]+: i64, %[a-z0-9]+: i64, %[a-z0-9]+: i64, %[a-z0-9]+: !llvm.ptr, %[a-z0-9]+: !llvm.ptr, %[a-z0-9]+: i64, %[a-z0-9]+: i64, %[a-z0-9]+: i64}}) {
// LLVM: llvm.fadd
// LLVM: llvm.fcmp "olt"
// LLVM: llvm.zext %{{.*}} : {{i1 to i8|vector<[0-9]+xi1> to vector<[0-9]+xi8>}}
// LLVM: {{llvm.store|llvm.intr.masked.store}} %{{.*}}, %{{.*}} : {{i8|vector<[0-9]+xi8>}}
// LLVM: llvm.return{{$}}
func.func @main(%a: tensor<1024xf32>, %b: tensor<1024xf32>) -> tensor<1024xi1> {
  %dead = "dsc.neg"(%a) : (tensor<1024xf32>) -> tensor<1024xf32>
  %0 = "dsc.exp"(%a) : (tensor<1024xf32>) -> tensor<1024xf32>
  %1 = "dsc.exp"(%a) : (tensor<1024xf32>) -> tensor<1024xf32>
  %2 = "dsc.add"(%0, %1) : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xf32>
  %3 = "dsc.compare"(%2, %b) {direction = "LT"} : (tensor<1024xf32>, tensor<1024xf32>) -> tensor<1024xi1>
  return %3 : tensor<1024xi1>
}
