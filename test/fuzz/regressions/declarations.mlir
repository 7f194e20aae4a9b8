// Fuzzer findings on function declarations (no body) and non-tensor signatures:
// bool-storage-to-i8 raised IndexError on a declaration; dsc-jvp/vjp/grad raised
// IndexError/ValueError ("internal error") on a declaration, a memref/scalar signature or
// a function with no arguments; descend-run raised RuntimeError when the JIT could not
// link an undefined external function. Each is now a diagnostic with exit code 1.
// RUN: %descend-opt %s --bool-storage-to-i8 | FileCheck %s --check-prefix=BOOL
// RUN: not %descend-opt %s '--dsc-jvp=func=ext' 2>&1 | FileCheck %s --check-prefix=DECL
// RUN: not %descend-opt %s '--dsc-grad=func=ext' 2>&1 | FileCheck %s --check-prefix=DECL
// RUN: not %descend-opt %s '--dsc-vjp=func=buffers' 2>&1 | FileCheck %s --check-prefix=MEMREF
// RUN: not %descend-opt %s '--dsc-grad=func=nothing' 2>&1 | FileCheck %s --check-prefix=NOARGS
// RUN: not %descend-run %s --random-inputs 2>&1 | FileCheck %s --check-prefix=LINK --implicit-check-not="internal error"

// BOOL: func.func private @bools(tensor<4xi8>) -> tensor<4xi8>
// DECL: declarations.mlir:[[# @LINE + 1]]:1: error: dsc-{{jvp|grad}}: @ext is a declaration: there is no body to transform
func.func private @ext(f32) -> f32
func.func private @bools(tensor<4xi1>) -> tensor<4xi1>

// MEMREF: declarations.mlir:[[# @LINE + 1]]:1: error: dsc-vjp: expected a ranked tensor type, got memref<4xf32>
func.func @buffers(%a: memref<4xf32>) {
  return
}

// NOARGS: declarations.mlir:[[# @LINE + 1]]:1: error: dsc-grad: wrt index 0 out of range for 0 arguments
func.func @nothing() {
  return
}

// LINK: descend-run: could not compile 'main': {{.*}}
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  %c0 = arith.constant 0 : index
  %x = tensor.extract %a[%c0] : tensor<2xf32>
  %y = func.call @ext(%x) : (f32) -> f32
  %t = tensor.from_elements %y, %y : tensor<2xf32>
  return %t : tensor<2xf32>
}
