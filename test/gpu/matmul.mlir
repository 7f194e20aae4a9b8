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

// Matmuls become a shared-memory tiled kernel: 64x64 output tiles per block of 16x16
// threads (4x4 outputs each), K tiles of 16 staged through workgroup memory between
// barriers; the result is accumulated into the output buffer (its fill).

// The fill of C is folded into the kernel (C = 0 + A B is stored, not accumulated).
// GPU-LABEL: func.func @jit_mm(
// GPU-NOT:     gpu.launch_func @jit_mm_loop
// GPU:         gpu.launch_func @jit_mm_matmul0::@jit_mm_matmul0 blocks in (%c3, %c2, %c1) threads in (%c16, %c16, %c1)
// GPU-SAME:      args(%arg0 : memref<128x256xf32>, %arg1 : memref<256x192xf32>, %arg2 : memref<128x192xf32>)
// GPU-NEXT:    return
// GPU:         gpu.func @jit_mm_matmul0(%arg0: memref<128x256xf32>, %arg1: memref<256x192xf32>, %arg2: memref<128x192xf32>)
// GPU-SAME:      workgroup(%[[AS:.*]] : memref<16x64xf32, #gpu.address_space<workgroup>>, %[[BS:.*]] : memref<16x64xf32, #gpu.address_space<workgroup>>)
// GPU-SAME:      known_block_size = array<i32: 16, 16, 1>, known_grid_size = array<i32: 3, 2, 1>
// GPU:           scf.for %[[K0:.*]] = %c0 to %c256 step %c16 iter_args(
// GPU-NOT:         scf.if
// GPU:             memref.load %arg0[
// GPU:             memref.store %{{.*}}, %[[AS]][
// GPU:             memref.load %arg1[
// GPU:             memref.store %{{.*}}, %[[BS]][
// GPU:             gpu.barrier
// GPU:             memref.load %[[AS]][
// GPU:             memref.load %[[BS]][
// GPU:             arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// GPU:             arith.addf %{{.*}}, %{{.*}} fastmath<contract> : f32
// GPU:             gpu.barrier
// GPU:             scf.yield
// GPU-NOT:       memref.load %arg2[
// GPU:           arith.addf
// GPU:           memref.store %{{.*}}, %arg2[

// PTX: gpu.binary @jit_mm_matmul0
// PTX-SAME: .visible .entry jit_mm_matmul0(
// PTX-SAME: .maxntid 16, 16, 1
// PTX-SAME: .shared .align 4 .b8 __wg_jit_mm_matmul0_0[4096]
// PTX-SAME: bar.sync
// PTX-SAME: ld.shared
// PTX-SAME: fma.rn.f32

#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#b = affine_map<(d0, d1, d2) -> (d2, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @jit_mm(%A: memref<128x256xf32>, %B: memref<256x192xf32>, %C: memref<128x192xf32>) attributes {llvm.emit_c_interface} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%C : memref<128x192xf32>)
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%A, %B : memref<128x256xf32>, memref<256x192xf32>) outs(%C : memref<128x192xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Sizes that the tiles do not divide: loads outside the operands read zeros, stores are guarded.
// B is read transposed (A @ B.T).
// GPU-LABEL: func.func @jit_mm_t(
// GPU:         gpu.launch_func @jit_mm_t_matmul0::@jit_mm_t_matmul0 blocks in (%c2, %c2, %c1) threads in (%c16, %c16, %c1)
// GPU:         gpu.func @jit_mm_t_matmul0(
// GPU:           %[[IN:.*]] = arith.andi
// GPU:           scf.if %[[IN]] -> (f64) {
// GPU:             memref.load %arg0[
// GPU:           } else {
// GPU:             scf.yield %cst : f64
// GPU:           scf.if
// GPU:             memref.load %arg1[%{{.*}}, %{{.*}}] : memref<70x50xf64>
// GPU:           gpu.barrier
// GPU:           arith.mulf %{{.*}} fastmath<contract> : f64
// GPU:         scf.if
// GPU:           memref.load %arg2[
// GPU:           memref.store %{{.*}}, %arg2[

// PTX: gpu.binary @jit_mm_t_matmul0
// PTX-SAME: .visible .entry jit_mm_t_matmul0(
// PTX-SAME: fma.rn.f64

#a2 = affine_map<(d0, d1, d2) -> (d0, d2)>
#b2 = affine_map<(d0, d1, d2) -> (d1, d2)>
#c2 = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @jit_mm_t(%A: memref<100x50xf64>, %B: memref<70x50xf64>, %C: memref<100x70xf64>) attributes {llvm.emit_c_interface} {
  linalg.generic {indexing_maps = [#a2, #b2, #c2], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%A, %B : memref<100x50xf64>, memref<70x50xf64>) outs(%C : memref<100x70xf64>) {
  ^bb0(%x: f64, %y: f64, %acc: f64):
    %p = arith.mulf %x, %y : f64
    %s = arith.addf %acc, %p : f64
    linalg.yield %s : f64
  }
  return
}

// -----

// A batch dimension maps to the grid's z.
// GPU-LABEL: func.func @jit_bmm(
// GPU:         gpu.launch_func @jit_bmm_matmul0::@jit_bmm_matmul0 blocks in (%c1, %c1, %c4) threads in (%c16, %c16, %c1)
// GPU:         gpu.func @jit_bmm_matmul0(
// GPU:           memref.load %arg0[%block_id_z,
// GPU:           memref.load %arg1[%block_id_z,
// GPU:           memref.store %{{.*}}, %arg2[%block_id_z,

// PTX: gpu.binary @jit_bmm_matmul0
// PTX-SAME: .visible .entry jit_bmm_matmul0(

#a3 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
#b3 = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
#c3 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
func.func @jit_bmm(%A: memref<4x64x32xf32>, %B: memref<4x32x64xf32>, %C: memref<4x64x64xf32>) attributes {llvm.emit_c_interface} {
  linalg.generic {indexing_maps = [#a3, #b3, #c3], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
      ins(%A, %B : memref<4x64x32xf32>, memref<4x32x64xf32>) outs(%C : memref<4x64x64xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
