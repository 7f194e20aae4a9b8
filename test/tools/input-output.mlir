// Input from a file, from stdin (no argument or "-"), output to stdout or to a
// file with -o; the text is the same every way.
// RUN: %descend-opt %s | FileCheck %s
// RUN: %descend-opt < %s | FileCheck %s
// RUN: %descend-opt - < %s | FileCheck %s
// RUN: %descend-opt %s -o %t.mlir | count 0
// RUN: FileCheck %s --input-file=%t.mlir
// The output parses again.
// RUN: %descend-opt %t.mlir --dsc-to-linalg | FileCheck %s --check-prefix=LOWER
// Errors in stdin input are reported as <stdin>.
// RUN: not %descend-opt < %S/Inputs/syntax-error.mlir 2>&1 | FileCheck %s --check-prefix=STDIN-ERR

// CHECK: module {
// CHECK-NEXT: func.func @f(%arg0: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT: %0 = "dsc.sqrt"(%arg0) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: return %0 : tensor<4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: }

// LOWER: math.sqrt %arg0 : tensor<4xf32>

// STDIN-ERR: <stdin>:2:51: error: expected operation name in quotes

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.sqrt"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
