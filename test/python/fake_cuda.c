/* A stand-in for the NVIDIA driver (libcuda.so.1) for tests on machines without a GPU.
 *
 * It runs no kernel: "device" memory is host memory (malloc), copies are memcpy, a
 * launch appends "<kernel> <grid x y z> <block x y z>" to the file named by
 * $FAKE_CUDA_LOG. Loading a module checks that the image is PTX with an .entry point;
 * with $FAKE_CUDA_FAIL_JIT set it fails like a PTX JIT error (CUDA_ERROR_INVALID_PTX,
 * with a message in the JIT error log). With $FAKE_CUDA_NO_DEVICE set, cuInit fails.
 * It checks what surrounds the kernels: device discovery, the CUDA runtime wrappers
 * (descend's bundled shim and MLIR's libmlir_cuda_runtime.so), module loading,
 * launch configuration, memory and copies, error reporting. Built by test_gpu.py.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;

CUresult cuInit(unsigned flags) {
  (void)flags;
  return getenv("FAKE_CUDA_NO_DEVICE") ? 100 /* CUDA_ERROR_NO_DEVICE */ : 0;
}
CUresult cuDeviceGetCount(int *n) { *n = 1; return 0; }
CUresult cuDeviceGet(int *dev, int ordinal) { *dev = ordinal; return ordinal == 0 ? 0 : 101; }
CUresult cuDeviceGetName(char *name, int len, int dev) {
  (void)dev;
  snprintf(name, len, "Fake GPU");
  return 0;
}
CUresult cuDeviceGetAttribute(int *v, int attr, int dev) {
  (void)dev;
  *v = attr == 75 ? 9 : 0; /* compute capability 9.0 */
  return 0;
}
CUresult cuDeviceTotalMem_v2(size_t *bytes, int dev) { (void)dev; *bytes = (size_t)1 << 30; return 0; }
CUresult cuDevicePrimaryCtxRetain(void **ctx, int dev) { (void)dev; *ctx = (void *)0x1; return 0; }
CUresult cuCtxSetCurrent(void *ctx) { (void)ctx; return 0; }
CUresult cuCtxPushCurrent_v2(void *ctx) { (void)ctx; return 0; }
CUresult cuCtxPopCurrent_v2(void **ctx) { if (ctx) *ctx = (void *)0x1; return 0; }
CUresult cuGetErrorName(CUresult r, const char **name) {
  *name = r == 218 ? "CUDA_ERROR_INVALID_PTX" : r == 100 ? "CUDA_ERROR_NO_DEVICE" : "CUDA_ERROR_FAKE";
  return 0;
}

static CUresult load(void **module, const void *image, unsigned n, int *options, void **values) {
  if (getenv("FAKE_CUDA_FAIL_JIT")) {
    for (unsigned i = 0; i < n; i++)
      if (options[i] == 5 /* CU_JIT_ERROR_LOG_BUFFER */)
        snprintf((char *)values[i], 64, "ptxas fatal   : fake JIT failure");
    return 218;
  }
  if (!strstr((const char *)image, ".entry"))
    return 200; /* CUDA_ERROR_INVALID_IMAGE */
  *module = (void *)0x2;
  return 0;
}
CUresult cuModuleLoadData(void **module, const void *image) { return load(module, image, 0, 0, 0); }
CUresult cuModuleLoadDataEx(void **module, const void *image, unsigned n, int *options, void **values) {
  return load(module, image, n, options, values);
}
CUresult cuModuleUnload(void *module) { (void)module; return 0; }
CUresult cuModuleGetFunction(void **fn, void *module, const char *name) {
  (void)module;
  *fn = strdup(name);
  return 0;
}
CUresult cuFuncSetAttribute(void *fn, int attr, int value) { (void)fn; (void)attr; (void)value; return 0; }

CUresult cuLaunchKernel(void *fn, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned smem, void *stream, void **params, void **extra) {
  (void)smem; (void)stream; (void)params; (void)extra;
  const char *path = getenv("FAKE_CUDA_LOG");
  if (path) {
    FILE *f = fopen(path, "a");
    if (f) {
      fprintf(f, "%s %u %u %u %u %u %u\n", (const char *)fn, gx, gy, gz, bx, by, bz);
      fclose(f);
    }
  }
  return 0;
}
CUresult cuLaunchKernelEx(const void *config, void *fn, void **params, void **extra) {
  (void)config; (void)fn; (void)params; (void)extra;
  return 0;
}

CUresult cuStreamCreate(void **stream, unsigned flags) { (void)flags; *stream = (void *)0x3; return 0; }
CUresult cuStreamDestroy_v2(void *stream) { (void)stream; return 0; }
CUresult cuStreamSynchronize(void *stream) { (void)stream; return 0; }
CUresult cuStreamWaitEvent(void *stream, void *event, unsigned flags) { (void)stream; (void)event; (void)flags; return 0; }
CUresult cuEventCreate(void **event, unsigned flags) { (void)flags; *event = (void *)0x4; return 0; }
CUresult cuEventDestroy_v2(void *event) { (void)event; return 0; }
CUresult cuEventRecord(void *event, void *stream) { (void)event; (void)stream; return 0; }
CUresult cuEventSynchronize(void *event) { (void)event; return 0; }

CUresult cuMemAlloc_v2(uint64_t *ptr, size_t size) {
  void *p = malloc(size ? size : 1);
  memset(p, 0xCD, size);
  *ptr = (uint64_t)(uintptr_t)p;
  return p ? 0 : 2;
}
CUresult cuMemAllocManaged(uint64_t *ptr, size_t size, unsigned flags) { (void)flags; return cuMemAlloc_v2(ptr, size); }
CUresult cuMemFree_v2(uint64_t ptr) { free((void *)(uintptr_t)ptr); return 0; }
CUresult cuMemcpy(uint64_t dst, uint64_t src, size_t n) {
  memcpy((void *)(uintptr_t)dst, (const void *)(uintptr_t)src, n);
  return 0;
}
CUresult cuMemcpyAsync(uint64_t dst, uint64_t src, size_t n, void *stream) { (void)stream; return cuMemcpy(dst, src, n); }
CUresult cuMemsetD32Async(uint64_t dst, unsigned v, size_t n, void *stream) {
  (void)stream;
  for (size_t i = 0; i < n; i++) ((unsigned *)(uintptr_t)dst)[i] = v;
  return 0;
}
CUresult cuMemsetD16Async(uint64_t dst, unsigned short v, size_t n, void *stream) {
  (void)stream;
  for (size_t i = 0; i < n; i++) ((unsigned short *)(uintptr_t)dst)[i] = v;
  return 0;
}
CUresult cuMemHostRegister_v2(void *p, size_t n, unsigned flags) { (void)p; (void)n; (void)flags; return 0; }
CUresult cuMemHostUnregister(void *p) { (void)p; return 0; }
CUresult cuTensorMapEncodeTiled(void) { return 0; }
