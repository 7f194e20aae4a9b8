// --mlir-print-debuginfo prints locations: the input file's name, line and
// column (stdin is "<stdin>"), kept by the lowered ops. --mlir-print-op-generic
// prints every op in generic form.
// RUN: %descend-opt %s --mlir-print-debuginfo | FileCheck %s
// RUN: %descend-opt %s --dsc-to-linalg --mlir-print-debuginfo | FileCheck %s --check-prefix=LOWER
// RUN: %descend-opt --mlir-print-debuginfo < %s | FileCheck %s --check-prefix=STDIN
// RUN: %descend-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: %descend-opt %s | FileCheck %s --check-prefix=NOLOC

// CHECK: "dsc.add"(%arg0, %arg1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> loc(#[[ADD:loc[0-9]+]])
// CHECK: "dsc.exp"(%0) : (tensor<4xf32>) -> tensor<4xf32> loc(#[[EXP:loc[0-9]+]])
// CHECK-DAG: #[[ADD]] = loc("{{.*}}debuginfo.mlir":27:8)
// CHECK-DAG: #[[EXP]] = loc("{{.*}}debuginfo.mlir":28:8)

// LOWER: arith.addf %arg0, %arg1 : tensor<4xf32> loc(#[[ADD:loc[0-9]+]])
// LOWER: math.exp %0 : tensor<4xf32> loc(#[[EXP:loc[0-9]+]])
// LOWER-DAG: #[[ADD]] = loc("{{.*}}debuginfo.mlir":27:8)
// LOWER-DAG: #[[EXP]] = loc("{{.*}}debuginfo.mlir":28:8)

// STDIN: loc("<stdin>":27:8)

// GENERIC: "func.func"() <{function_type = (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>, sym_name = "f"}>
// GENERIC: "func.return"

// NOLOC-NOT: loc(
func.func @f(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.add"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "dsc.exp"(%0) : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
