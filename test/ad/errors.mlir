// Errors of dsc-grad / dsc-vjp / dsc-jvp: diagnostics at the function (or op), exit code 1.
// RUN: not %descend-opt %s --dsc-grad=func=nope 2>&1 | FileCheck %s --check-prefix=NOFUNC
// RUN: not %descend-opt %s --dsc-jvp=func=nope 2>&1 | FileCheck %s --check-prefix=NOFUNC-JVP
// RUN: not %descend-opt %s --dsc-grad='func=f wrt=1' 2>&1 | FileCheck %s --check-prefix=INTWRT
// RUN: not %descend-opt %s --dsc-vjp='func=f wrt=0,1' 2>&1 | FileCheck %s --check-prefix=INTWRT-VJP
// RUN: not %descend-opt %s --dsc-grad='func=f wrt=7' 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: not %descend-opt %s --dsc-grad='func=f wrt=x' 2>&1 | FileCheck %s --check-prefix=NOTINT
// RUN: not %descend-opt %s --dsc-grad='func=f bogus=1' 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: not %descend-opt %s --dsc-grad=func=vec 2>&1 | FileCheck %s --check-prefix=NONSCALAR
// RUN: not %descend-opt %s --dsc-vjp=func=upstream 2>&1 | FileCheck %s --check-prefix=NONDSC
// A second dsc-grad of a gradient that is not a scalar is rejected (use dsc-vjp/dsc-jvp).
// RUN: not %descend-opt %s --dsc-grad=func=g --dsc-grad=func=g_grad 2>&1 | FileCheck %s --check-prefix=SECOND

// NOFUNC: error: dsc-grad: no function @nope in the module
// NOFUNC-JVP: error: dsc-jvp: no function @nope in the module
// INTWRT: errors.mlir:[[# @LINE + 10]]:1: error: dsc-grad: argument 1 of @f is int32: only floating-point arguments are differentiable
// INTWRT-VJP: errors.mlir:[[# @LINE + 9]]:1: error: dsc-vjp: argument 1 of @f is int32: only floating-point arguments are differentiable
// RANGE: error: dsc-grad: wrt index 7 out of range for 2 arguments
// NOTINT: error: dsc-grad: wrt must be comma-separated integers, got 'x'
// OPTION: invalid pass pipeline: pass 'dsc-grad': unknown option 'bogus' (options: func, wrt)
// NONSCALAR: errors.mlir:[[# @LINE + 11]]:1: error: dsc-grad: dsc-grad needs @vec to return one real scalar, got tensor<2xf64>
// NONDSC: errors.mlir:[[# @LINE + 16]]:8: error: dsc-vjp: can only differentiate dsc ops and scf control flow, found 'arith.addf'
// SECOND: error: dsc-grad: dsc-grad needs @g_grad to return one real scalar, got tensor<2xf64>
// SECOND-NOT: func.func

func.func @f(%x: tensor<f64>, %n: tensor<i32>) -> tensor<f64> {
  %0 = "dsc.convert"(%n) : (tensor<i32>) -> tensor<f64>
  %1 = "dsc.mul"(%x, %0) : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %1 : tensor<f64>
}

func.func @vec(%x: tensor<2xf64>) -> tensor<2xf64> {
  %0 = "dsc.exp"(%x) : (tensor<2xf64>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

func.func @upstream(%x: tensor<2xf64>) -> tensor<2xf64> {
  %0 = arith.addf %x, %x : tensor<2xf64>
  return %0 : tensor<2xf64>
}

func.func @g(%x: tensor<2xf64>) -> tensor<f64> {
  %0 = "dsc.reduce"(%x) {axes = array<i64: 0>, kind = "prod"} : (tensor<2xf64>) -> tensor<f64>
  return %0 : tensor<f64>
}
