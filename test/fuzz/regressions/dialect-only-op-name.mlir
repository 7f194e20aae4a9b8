// Fuzzer finding (test/fuzz/fuzz_cli.py): a generic op named by a dialect alone
// ("dsc", "func", "arith.") made MLIR 22's parser abort the whole process
// ("LLVM ERROR: dsc created with unregistered dialect"); mlir-opt aborts too.
// The tools reject such names before parsing, with a diagnostic and exit code 1.
// RUN: not %descend-opt %s --split-input-file 2>&1 | FileCheck %s --implicit-check-not="LLVM ERROR"
// RUN: not %descend-run %s 2>&1 | FileCheck %s --check-prefix=RUNNER --implicit-check-not="LLVM ERROR"
// A name location that looks like an op name is not an op: no false alarm.
// RUN: not %descend-opt %s --split-input-file 2>/dev/null | FileCheck %s --check-prefix=OK

// RUNNER: dialect-only-op-name.mlir:[[# @LINE + 3]]:8: error: invalid operation name 'dsc': expected '<dialect>.<operation>'
// CHECK: dialect-only-op-name.mlir:[[# @LINE + 2]]:8: error: invalid operation name 'dsc': expected '<dialect>.<operation>'
func.func @f() -> tensor<3xi1> {
  %0 = "dsc"() {dimension = 0 : i64} : () -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

// CHECK: dialect-only-op-name.mlir:[[# @LINE + 2]]:8: error: invalid operation name 'func': expected '<dialect>.<operation>'
func.func @g(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "func"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK: dialect-only-op-name.mlir:[[# @LINE + 2]]:3: error: invalid operation name 'arith.': expected '<dialect>.<operation>'
func.func @h() {
  "arith."() : () -> ()
  return
}

// -----

// OK: "dsc.neg"
func.func @named_location(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "dsc.neg"(%a) : (tensor<2xf32>) -> tensor<2xf32> loc("func"("x.py":1:2))
  return %0 : tensor<2xf32>
}
