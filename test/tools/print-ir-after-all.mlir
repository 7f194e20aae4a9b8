// --mlir-print-ir-after-all prints the module after every pass, descend's
// (named by their argument) and upstream ones, to stderr, as mlir-opt does.
// RUN: %descend-opt %s --dsc-to-linalg --convert-elementwise-to-linalg --canonicalize --mlir-print-ir-after-all -o %t 2>&1 | FileCheck %s
// The dumps go to stderr only: stdout (-o) holds just the final module.
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t

// CHECK: // -----// IR Dump After dsc-to-linalg (dsc-to-linalg) //----- //
// CHECK-NEXT: module {
// CHECK: %[[S:.+]] = arith.addf %{{.*}}, %{{.*}} : tensor<4xf32>
// CHECK-NEXT: math.exp %[[S]] : tensor<4xf32>
// CHECK: // -----// IR Dump After ConvertElementwiseToLinalgPass (convert-elementwise-to-linalg) //----- //
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: // -----// IR Dump After Canonicalizer (canonicalize) //----- //
// CHECK-NOT: IR Dump

// OUT-NOT: IR Dump
// OUT: linalg.generic
// OUT-NOT: IR Dump

func.func @f(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.add"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "dsc.exp"(%0) : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
