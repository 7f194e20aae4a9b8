// With --split-input-file, an error in one chunk does not stop the others:
// every error is reported at its line in the whole file, the valid chunk is
// still printed, and the exit code is 1.
// RUN: not %descend-opt %s --split-input-file -o %t.out 2> %t.err
// RUN: FileCheck %s --check-prefix=ERR --input-file=%t.err --implicit-check-not=error: --implicit-check-not=Traceback
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t.out

// OUT: func.func @valid(
// OUT-NEXT: "dsc.neg"
// OUT-NOT: // -----
// OUT-NOT: func.func

func.func @bad_dtype(%x: tensor<2xi32>) -> tensor<2xi32> {

  // a blank line and a comment above, to check that line numbers are those of the file
  // ERR: split-input-file-errors.mlir:[[# @LINE + 1]]:8: error: dsc.exp: requires a floating-point operand, got int32
  %0 = "dsc.exp"(%x) : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @valid(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "dsc.neg"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @syntax(%x: tensor<2xf32>) -> tensor<2xf32> {
  // ERR: split-input-file-errors.mlir:[[# @LINE + 1]]:18: error: expected ')' to end operand list
  %0 = "dsc.neg"(, %x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
