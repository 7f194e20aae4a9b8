// --split-input-file: each chunk between `// -----` lines is parsed, verified
// and transformed on its own; the outputs are joined by `// -----`.
// RUN: %descend-opt %s --split-input-file | FileCheck %s
// RUN: %descend-opt %s --split-input-file --dsc-to-linalg | FileCheck %s --check-prefix=LOWER
// Without the flag the whole file is one module with all three functions.
// RUN: %descend-opt %s | FileCheck %s --check-prefix=WHOLE

// CHECK: module {
// CHECK-NEXT: func.func @first(
// CHECK: "dsc.neg"
// CHECK: }
// CHECK-NEXT: }
// CHECK-NEXT: // -----
// CHECK-NEXT: module {
// CHECK-NEXT: func.func @second(
// CHECK: "dsc.exp"
// CHECK: // -----
// CHECK-NEXT: module {
// CHECK-NEXT: func.func @third(
// CHECK-NOT: // -----

// LOWER-LABEL: func.func @first(
// LOWER: arith.negf
// LOWER: // -----
// LOWER-LABEL: func.func @second(
// LOWER: math.exp
// LOWER: // -----
// LOWER-LABEL: func.func @third(
// LOWER: arith.addf

// WHOLE: module {
// WHOLE-NEXT: func.func @first(
// WHOLE-NOT: module
// WHOLE: func.func @second(
// WHOLE-NOT: module
// WHOLE: func.func @third(
// WHOLE-NOT: // -----

func.func @first(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "dsc.neg"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @second(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "dsc.exp"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @third(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "dsc.add"(%x, %x) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
