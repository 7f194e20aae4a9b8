// --verify-diagnostics: every diagnostic must be expected and every
// expectation met; then the exit code is 0. The forms of MLIR's convention:
// an expected-error on the op's line, @+N, @-N, @above, @below, several
// errors in one chunk, syntax errors (one that MLIR reports itself, one that
// it fails on silently: a dsc op in custom form), an IRDL verifier error
// (whose "see current operation" note is not printed under
// --verify-diagnostics, as in mlir-opt), and a chunk with no diagnostics.
// RUN: %descend-opt %s --split-input-file --verify-diagnostics
// Without --verify-diagnostics the same file fails, with one error per bad op.
// RUN: not %descend-opt %s --split-input-file 2>&1 | FileCheck %s
// RUN: not %descend-opt %s --split-input-file -o %t 2>&1 | count 12

// CHECK-COUNT-2: error: dsc.exp: requires a floating-point operand, got int32
// CHECK-NEXT: error: dsc.log: requires a floating-point operand, got int32
// CHECK-NEXT: error: dsc.sin: requires a floating-point operand, got int32
// CHECK-NEXT: error: dsc.reshape: cannot reshape (2,) (2 elements) to (3,)
// CHECK-NEXT: error: dsc.mul: does not accept boolean operands
// CHECK-NEXT: error: expected ')' to end operand list
// CHECK-NEXT: error: custom assembly format of 'dsc.neg' is not supported
// CHECK-NEXT: error: op expects exactly 2 operands, but got 1
// CHECK-NEXT: note: see current operation:
// CHECK-NEXT: error: dsc.tan: requires a floating-point operand, got int32
// CHECK-NEXT: error: dsc.cos: requires a floating-point operand, got int32

func.func @same_line(%x: tensor<2xi32>) -> tensor<2xi32> {
  %0 = "dsc.exp"(%x) : (tensor<2xi32>) -> tensor<2xi32> // expected-error {{requires a floating-point operand}}
  return %0 : tensor<2xi32>
}

// -----

func.func @offsets(%x: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+2 {{dsc.exp: requires a floating-point operand, got int32}}
  // a comment in between
  %0 = "dsc.exp"(%x) : (tensor<2xi32>) -> tensor<2xi32>
  %1 = "dsc.log"(%0) : (tensor<2xi32>) -> tensor<2xi32>
  // expected-error@-1 {{dsc.log: requires a floating-point operand, got int32}}
  // expected-error@below {{dsc.sin}}
  %2 = "dsc.sin"(%1) : (tensor<2xi32>) -> tensor<2xi32>
  %3 = "dsc.reshape"(%2) : (tensor<2xi32>) -> tensor<3xi32>
  // expected-error@above {{cannot reshape (2,) (2 elements) to (3,)}}
  return %2 : tensor<2xi32>
}

// -----

func.func @bools(%x: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error@+1 {{dsc.mul: does not accept boolean operands}}
  %0 = "dsc.mul"(%x, %x) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %x : tensor<2xi1>
}

// -----

func.func @syntax(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{expected ')' to end operand list}}
  %0 = "dsc.neg"(, %x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @custom_form(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{custom assembly format of 'dsc.neg' is not supported}}
  %0 = dsc.neg %x : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @irdl(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{op expects exactly 2 operands, but got 1}}
  %0 = "dsc.add"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @valid(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "dsc.neg"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Two functions in one chunk: both bad ops are reported.
func.func @two_a(%x: tensor<2xi32>) -> tensor<2xi32> {
  %0 = "dsc.tan"(%x) : (tensor<2xi32>) -> tensor<2xi32> // expected-error {{dsc.tan}}
  return %0 : tensor<2xi32>
}
func.func @two_b(%x: tensor<2xi32>) -> tensor<2xi32> {
  %0 = "dsc.cos"(%x) : (tensor<2xi32>) -> tensor<2xi32> // expected-error {{dsc.cos}}
  return %0 : tensor<2xi32>
}
