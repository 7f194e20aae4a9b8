// Execution on an NVIDIA GPU against NumPy, in process and through an exported library.
// REQUIRES: cuda
// RUN: %python %S/Inputs/run_gpu.py | FileCheck %s
// CHECK: chain OK
// CHECK: rowsum OK
// CHECK: colsum OK
// CHECK: total OK
// CHECK: softmax OK
// CHECK: matmul OK
// CHECK: int OK
// CHECK: scalar OK
