// The safety net for MLIR parser aborts no specific check knows: descend-opt and
// descend-run parse each input first in a forked child (tools/common.py, ParseProbe);
// when the child dies, the input is reported as an error with the child's last words.
// Fuzzer finding: an llvm.insertvalue position of 2^40 aborts MLIR 22's parser on an
// ArrayRef bound (a position of 5 is a proper diagnostic).
// RUN: not %descend-opt %s 2>&1 | FileCheck %s
// RUN: not %descend-run %s 2>&1 | FileCheck %s

// CHECK: parse-probe.mlir:1:1: error: could not parse the input: MLIR's parser aborts on it (an MLIR bug: Assertion `Index < Length && "Invalid index!"' failed.)
llvm.func @f(%s: !llvm.struct<(i64, i64)>, %v: i64) -> !llvm.struct<(i64, i64)> {
  %0 = llvm.insertvalue %v, %s[1099511627776] : !llvm.struct<(i64, i64)>
  llvm.return %0 : !llvm.struct<(i64, i64)>
}
