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
// Each stage of the GPU pipeline prints; the chip is an option of nvvm-attach-target.
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(%{gpu})' | FileCheck %s --check-prefix=GPU
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(%{gpu}, %{nvvm})' | FileCheck %s --check-prefix=NVVM
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(%{gpu}, %{nvvm}, %{binary})' \
// RUN:   | FileCheck %s --check-prefix=BIN
// REDEFINE: %{nvvm} = nvvm-attach-target{chip=sm_80 features=+ptx70 O=3}, \
// REDEFINE:   gpu.module(lower-affine, convert-scf-to-cf, expand-strided-metadata, convert-gpu-to-nvvm, \
// REDEFINE:   canonicalize, cse, reconcile-unrealized-casts)
// RUN: %descend-opt %s --split-input-file --pass-pipeline='builtin.module(%{gpu}, %{nvvm}, %{binary})' \
// RUN:   | FileCheck %s --check-prefix=SM80

// Host code never touches device memory: temporaries are gpu.alloc'd, constants are
// re-materialized inside the kernels that read them (and outlining copies the global into
// the kernel's module), a branch on a computed value copies that value to the host.

// GPU-LABEL: func.func @jit_host(
// GPU-NOT:     memref.get_global
// GPU:         %[[TMP:.*]] = gpu.alloc () : memref<4xf32>
// GPU:         gpu.launch_func @jit_host_loop0::@jit_host_loop0 blocks in (%c1, %c1, %c1) threads in (%c32, %c1, %c1) args(%arg0 : memref<4xf32>, %[[TMP]] : memref<4xf32>)
// GPU:         %[[H:.*]] = memref.alloca() : memref<i8>
// GPU:         gpu.memcpy %[[H]], %arg1 : memref<i8>, memref<i8>
// GPU:         %[[F:.*]] = memref.load %[[H]][]
// GPU:         %[[B:.*]] = arith.trunci %[[F]]
// GPU:         scf.if %[[B]] {
// GPU:           gpu.launch_func @jit_host_loop1::@jit_host_loop1 {{.*}} args(%[[TMP]] : memref<4xf32>, %arg2 : memref<4xf32>)
// GPU:         } else {
// GPU:           gpu.launch_func @jit_host_loop2::@jit_host_loop2 {{.*}} args(%arg0 : memref<4xf32>, %arg2 : memref<4xf32>)
// GPU:         gpu.dealloc %[[TMP]]
// GPU:       gpu.module @jit_host_loop0 {
// GPU:         gpu.func @jit_host_loop0(
// GPU:           %[[C:.*]] = memref.get_global @__constant_4xf32
// GPU:           memref.load %[[C]][
// GPU:         memref.global "private" constant @__constant_4xf32

// NVVM:      gpu.module @jit_host_loop0 [#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">] {
// NVVM:        llvm.func @jit_host_loop0({{.*}}) attributes {gpu.kernel, {{.*}}nvvm.kernel
// NVVM:          nvvm.read.ptx.sreg.tid.x
// NVVM:        llvm.mlir.global private constant @__constant_4xf32

// BIN:       llvm.func @jit_host(
// BIN:         llvm.call @mgpuStreamCreate()
// BIN:         llvm.call @mgpuMemAlloc(
// BIN:         gpu.launch_func <%{{.*}} : !llvm.ptr> @jit_host_loop0::@jit_host_loop0
// BIN:         llvm.call @mgpuMemcpy(
// BIN:         llvm.call @mgpuStreamSynchronize(
// BIN:         llvm.cond_br
// BIN:         llvm.call @mgpuMemFree(
// BIN:       llvm.func @_mlir_ciface_jit_host(
// BIN:       gpu.binary @jit_host_loop0 [#gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">
// BIN-SAME:    .target sm_90
// BIN-SAME:    .global .align 64 .b8 __constant_4xf32[16]
// BIN-SAME:    .visible .entry jit_host_loop0(
// BIN:       gpu.binary @jit_host_loop1
// BIN:       gpu.binary @jit_host_loop2

// SM80:      gpu.binary @jit_host_loop0 [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx70">
// SM80-SAME:   .version 7.0
// SM80-SAME:   .target sm_80

#id = affine_map<(d0) -> (d0)>
memref.global "private" constant @__constant_4xf32 : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]> {alignment = 64 : i64}
func.func @jit_host(%a: memref<4xf32>, %flag: memref<i8>, %out: memref<4xf32>) attributes {llvm.emit_c_interface} {
  %c = memref.get_global @__constant_4xf32 : memref<4xf32>
  %tmp = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%a, %c : memref<4xf32>, memref<4xf32>) outs(%tmp : memref<4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %0 = arith.addf %x, %y : f32
    linalg.yield %0 : f32
  }
  %f = memref.load %flag[] : memref<i8>
  %b = arith.trunci %f : i8 to i1
  scf.if %b {
    memref.copy %tmp, %out : memref<4xf32> to memref<4xf32>
  } else {
    memref.copy %a, %out : memref<4xf32> to memref<4xf32>
  }
  memref.dealloc %tmp : memref<4xf32>
  return
}
