// The GPU pipeline of lowering/gpu_pipeline.py after bufferization, one line per stage
// (`python -m descend.lowering.gpu_pipeline --upto <stage>` prints it; test_gpu.py checks that
// these definitions follow it).
// DEFINE: %{gpu} = func.func(linalg-generalize-named-ops), gpu-linalg-to-kernels, \
// DEFINE:   func.func(convert-linalg-to-parallel-loops), canonicalize, gpu-map-parallel-loops-flat, \
// DEFINE:   func.func(convert-parallel-loops-to-gpu), gpu-host-memory, canonicalize, cse, \
// DEFINE:   func.func(gpu-launch-sink-index-computations), gpu-kernel-outlining
// DEFINE: %{nvvm} = nvvm-attach-target{chip=sm_90 features=+ptx80 O=3}, \
// DEFINE:   gpu.module(lower-affine, convert-scf-to-cf, expand-strided-metadata, convert-gpu-to-nvvm, \
// DEFINE:   canonicalize, cse, reconcile-unrealized-casts)
// DEFINE: %{binary} = func.func(gpu-async-region), lower-affine, convert-scf-to-cf, expand-strided-metadata, \
// DEFINE:   finalize-memref-to-llvm, convert-math-to-llvm, convert-arith-to-llvm, convert-index-to-llvm, \
// DEFINE:   convert-func-to-llvm, convert-cf-to-llvm, gpu-to-llvm, gpu-module-to-binary{format=isa}, \
// DEFINE:   convert-ub-to-llvm, canonicalize, cse, reconcile-unrealized-casts
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(%{gpu})' | FileCheck %s --check-prefix=GPU
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(%{gpu}, %{nvvm}, %{binary})' \
// RUN:   | FileCheck %s --check-prefix=PTX

// Reductions over long rows are parallel reductions: a block of threads per output
// element strides over the row and combines with gpu.all_reduce (warp shuffles and
// shared memory in PTX). The output's initial value (the fill) is combined in last.

// The fill before the reduction is folded into it: one kernel, which combines the fill
// value with each row's total.
// GPU-LABEL: func.func @jit_rowsum(
// GPU-NOT:     linalg
// GPU:         gpu.launch_func @jit_rowsum_reduce0::@jit_rowsum_reduce0 blocks in (%c64, %c1, %c1) threads in (%c256, %c1, %c1)
// GPU-NEXT:    return
// GPU:         gpu.func @jit_rowsum_reduce0(
// GPU:           %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// GPU:           %[[ACC:.*]] = scf.for %[[K:.*]] = %thread_id_x to %c1024 step %c256 iter_args(%[[A:.*]] = %[[ZERO]]) -> (f32) {
// GPU:             %[[X:.*]] = memref.load %arg0[%block_id_x, %[[K]]]
// GPU:             %[[E:.*]] = math.exp %[[X]]
// GPU:             %[[S:.*]] = arith.addf %[[A]], %[[E]]
// GPU:             scf.yield %[[S]]
// GPU:           %[[T:.*]] = gpu.all_reduce add %[[ACC]] uniform
// GPU:           %[[FIRST:.*]] = arith.cmpi eq, %thread_id_x, %c0
// GPU:           scf.if %[[FIRST]] {
// GPU:             %[[NEW:.*]] = arith.addf %[[T]], %[[ZERO]]
// GPU:             memref.store %[[NEW]], %arg1[%block_id_x]

// PTX: gpu.binary @jit_rowsum_reduce0
// PTX-SAME: .visible .entry jit_rowsum_reduce0(
// PTX-SAME: .maxntid 256, 1, 1
// PTX-SAME: .shared
// PTX-SAME: shfl.sync.bfly.b32
// PTX-SAME: bar.sync

#x = affine_map<(d0, d1) -> (d0, d1)>
#r = affine_map<(d0, d1) -> (d0)>
func.func @jit_rowsum(%a: memref<64x1024xf32>, %out: memref<64xf32>) attributes {llvm.emit_c_interface} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<64xf32>)
  linalg.generic {indexing_maps = [#x, #r], iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<64x1024xf32>) outs(%out : memref<64xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %e = math.exp %x : f32
    %s = arith.addf %acc, %e : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Few outputs: the reduced range is also split over blocks; a second kernel combines
// the partial results (kept in a gpu.alloc'd buffer).
// GPU-LABEL: func.func @jit_max(
// GPU:         %[[P:.*]] = gpu.alloc () : memref<1x256xf32>
// GPU:         gpu.launch_func @jit_max_reduce0::@jit_max_reduce0 blocks in (%c256, %c1, %c1) threads in (%c256, %c1, %c1) args(%arg0 : memref<512x512xf32>, %[[P]] : memref<1x256xf32>)
// GPU:         gpu.launch_func @jit_max_combine1::@jit_max_combine1 blocks in (%c1, %c1, %c1) threads in (%c256, %c1, %c1) args(%[[P]] : memref<1x256xf32>, %arg1 : memref<f32>)
// GPU:         gpu.dealloc %[[P]]
// GPU:         gpu.func @jit_max_reduce0(
// GPU:           %[[PART:.*]] = arith.remui %block_id_x, %c256
// GPU:           scf.for
// GPU:             arith.maximumf
// GPU:           gpu.all_reduce maximumf
// GPU:           memref.store %{{.*}}, %arg1[%{{.*}}, %[[PART]]] : memref<1x256xf32>
// GPU:         gpu.func @jit_max_combine1(
// GPU:           scf.for %{{.*}} = %thread_id_x to %c256 step %c256
// GPU:           gpu.all_reduce maximumf
// GPU:           memref.store %{{.*}}, %arg1[] : memref<f32>

// PTX: gpu.binary @jit_max_reduce0
// PTX-SAME: .visible .entry jit_max_reduce0(
// PTX-SAME: max.NaN.f32
// PTX: gpu.binary @jit_max_combine1
// PTX-SAME: .visible .entry jit_max_combine1(

#x2 = affine_map<(d0, d1) -> (d0, d1)>
#s2 = affine_map<(d0, d1) -> ()>
func.func @jit_max(%a: memref<512x512xf32>, %out: memref<f32>) attributes {llvm.emit_c_interface} {
  %ninf = arith.constant 0xFF800000 : f32
  linalg.fill ins(%ninf : f32) outs(%out : memref<f32>)
  linalg.generic {indexing_maps = [#x2, #s2], iterator_types = ["reduction", "reduction"]}
      ins(%a : memref<512x512xf32>) outs(%out : memref<f32>) {
  ^bb0(%x: f32, %acc: f32):
    %m = arith.maximumf %acc, %x : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// Short rows and reductions over an outer dimension take one thread per output, which
// keeps consecutive threads on consecutive elements, and accumulate in a register.
// GPU-LABEL: func.func @jit_colsum(
// GPU-NOT:     scf.for
// GPU:         gpu.launch_func @jit_colsum_reduce0::@jit_colsum_reduce0 blocks in (%c1, %c1, %c1) threads in (%c32, %c1, %c1)
// GPU:         gpu.func @jit_colsum_reduce0(
// GPU:           scf.if
// GPU:             %[[ACC:.*]] = scf.for %[[K:.*]] = %c0 to %c1024 step %c1 iter_args(
// GPU:               memref.load %arg0[%[[K]], %thread_id_x] : memref<1024x8xi32>
// GPU:               arith.addi
// GPU:             %[[OLD:.*]] = memref.load %arg1[%thread_id_x]
// GPU:             %[[NEW:.*]] = arith.addi %[[OLD]], %[[ACC]]
// GPU:             memref.store %[[NEW]], %arg1[%thread_id_x]

// PTX: gpu.binary @jit_colsum_reduce0
// PTX-SAME: .visible .entry jit_colsum_reduce0(

#x3 = affine_map<(d0, d1) -> (d0, d1)>
#r3 = affine_map<(d0, d1) -> (d1)>
func.func @jit_colsum(%a: memref<1024x8xi32>, %out: memref<8xi32>) attributes {llvm.emit_c_interface} {
  linalg.generic {indexing_maps = [#x3, #r3], iterator_types = ["reduction", "parallel"]}
      ins(%a : memref<1024x8xi32>) outs(%out : memref<8xi32>) {
  ^bb0(%x: i32, %acc: i32):
    %s = arith.addi %acc, %x : i32
    linalg.yield %s : i32
  }
  return
}
