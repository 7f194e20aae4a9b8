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

// Elementwise chains: each fused linalg.generic becomes one kernel over the flattened
// iteration space, 256 threads per block, the innermost dimension fastest (coalesced).

// GPU-LABEL: func.func @jit_chain(
// GPU:         gpu.launch_func @jit_chain_loop0::@jit_chain_loop0 blocks in (%c251, %c1, %c1) threads in (%c256, %c1, %c1)
// GPU-SAME:      args(%arg0 : memref<64x1001xf32>, %arg1 : memref<64x1001xf32>, %arg2 : memref<64x1001xf32>)
// GPU:         gpu.module @jit_chain_loop0
// GPU:         gpu.func @jit_chain_loop0({{.*}}) kernel attributes {known_block_size = array<i32: 256, 1, 1>, known_grid_size = array<i32: 251, 1, 1>}
// GPU:           %[[B:.*]] = arith.muli %block_id_x, %c256
// GPU:           %[[I:.*]] = arith.addi %[[B]], %thread_id_x
// GPU:           %[[OK:.*]] = arith.cmpi ult, %[[I]], %c64064
// GPU:           scf.if %[[OK]] {
// GPU:             %[[COL:.*]] = arith.remui %[[I]], %c1001
// GPU:             %[[ROW:.*]] = arith.divui %[[I]], %c1001
// GPU:             memref.load %arg0[%[[ROW]], %[[COL]]]
// GPU:             math.exp
// GPU:             memref.store %{{.*}}, %arg2[%[[ROW]], %[[COL]]]

// PTX-LABEL: llvm.func @_mlir_ciface_jit_chain(
// PTX:       gpu.binary @jit_chain_loop0 [#gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">
// PTX-SAME:    .target sm_90
// PTX-SAME:    .visible .entry jit_chain_loop0(
// PTX-SAME:    .maxntid 256, 1, 1
// PTX-SAME:    ld.global
// PTX-SAME:    st.global

#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @jit_chain(%a: memref<64x1001xf32>, %b: memref<64x1001xf32>, %out: memref<64x1001xf32>) attributes {llvm.emit_c_interface} {
  linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : memref<64x1001xf32>, memref<64x1001xf32>) outs(%out : memref<64x1001xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %0 = arith.mulf %x, %y : f32
    %1 = arith.addf %0, %x : f32
    %2 = math.exp %1 : f32
    linalg.yield %2 : f32
  }
  return
}

// -----

// A broadcast and a transposed read in a rank-3 loop nest; integers.
// GPU-LABEL: func.func @jit_bcast(
// GPU:         gpu.launch_func @jit_bcast_loop0::@jit_bcast_loop0 blocks in (%c4, %c1, %c1) threads in (%c256, %c1, %c1)
// GPU:         gpu.func @jit_bcast_loop0(
// GPU-NOT:       scf.if
// GPU:           %[[I:.*]] = arith.addi
// GPU:           %[[D2:.*]] = arith.remui %[[I]], %c32
// GPU:           %[[R:.*]] = arith.divui %[[I]], %c32
// GPU:           %[[D1:.*]] = arith.remui %[[R]], %c8
// GPU:           %[[D0:.*]] = arith.divui %[[R]], %c8
// GPU:           memref.load %arg0[%[[D2]], %[[D1]]] : memref<32x8xi32>
// GPU:           memref.load %arg1[%[[D2]]] : memref<32xi32>
// GPU:           memref.store %{{.*}}, %arg2[%[[D0]], %[[D1]], %[[D2]]] : memref<4x8x32xi32>

// PTX: gpu.binary @jit_bcast_loop0
// PTX-SAME: .visible .entry jit_bcast_loop0(

#in = affine_map<(d0, d1, d2) -> (d2, d1)>
#bc = affine_map<(d0, d1, d2) -> (d2)>
#id = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
func.func @jit_bcast(%a: memref<32x8xi32>, %b: memref<32xi32>, %out: memref<4x8x32xi32>) attributes {llvm.emit_c_interface} {
  linalg.generic {indexing_maps = [#in, #bc, #id], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%a, %b : memref<32x8xi32>, memref<32xi32>) outs(%out : memref<4x8x32xi32>) {
  ^bb0(%x: i32, %y: i32, %o: i32):
    %0 = arith.muli %x, %y : i32
    linalg.yield %0 : i32
  }
  return
}

// -----

// A 0-d computation runs as a single-thread kernel: the host never touches device memory.
// GPU-LABEL: func.func @jit_scalar(
// GPU-NOT:     memref.load
// GPU:         gpu.launch_func @jit_scalar_serial0::@jit_scalar_serial0 blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
// GPU-SAME:      args(%arg0 : memref<f64>, %arg1 : memref<f64>)
// GPU-NEXT:    return
// GPU:         gpu.func @jit_scalar_serial0(
// GPU:           %[[X:.*]] = memref.load %arg0[]
// GPU:           %[[Y:.*]] = arith.mulf %[[X]], %[[X]] : f64
// GPU:           memref.store %[[Y]], %arg1[]

// PTX: gpu.binary @jit_scalar_serial0
// PTX-SAME: .visible .entry jit_scalar_serial0(
// PTX-SAME: .maxntid 1, 1, 1
// PTX-SAME: mul.rn.f64

func.func @jit_scalar(%a: memref<f64>, %out: memref<f64>) attributes {llvm.emit_c_interface} {
  linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []}
      ins(%a : memref<f64>) outs(%out : memref<f64>) {
  ^bb0(%x: f64, %o: f64):
    %0 = arith.mulf %x, %x : f64
    linalg.yield %0 : f64
  }
  return
}
