// dsc-to-linalg on bfloat16: each op is computed in f32 (arith.extf) and rounded back to
// bf16 to nearest even by bit arithmetic (LLVM's fptrunc to bfloat flushes subnormals on
// x86); a contraction accumulates in f32 and rounds once.
// RUN: %descend-opt %s --dsc-to-linalg | FileCheck %s --implicit-check-not=dsc.
// RUN: %descend-run %s --entry main | FileCheck %s --check-prefix=EXEC

// CHECK-LABEL: func.func @add_bf16(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xbf16>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xbf16>) -> tensor<4xbf16>
// CHECK-DAG: %[[XW:[a-zA-Z0-9_-]+]] = arith.extf %[[X]] : tensor<4xbf16> to tensor<4xf32>
// CHECK-DAG: %[[YW:[a-zA-Z0-9_-]+]] = arith.extf %[[Y]] : tensor<4xbf16> to tensor<4xf32>
// CHECK: %[[S:[a-zA-Z0-9_-]+]] = arith.addf %[[XW]], %[[YW]] : tensor<4xf32>
// CHECK: %[[B:[a-zA-Z0-9_-]+]] = arith.bitcast %[[S]] : tensor<4xf32> to tensor<4xi32>
// CHECK: arith.cmpf uno, %[[S]], %[[S]]
// CHECK: %[[H:[a-zA-Z0-9_-]+]] = arith.trunci %{{.+}} : tensor<4xi32> to tensor<4xi16>
// CHECK: %[[R:[a-zA-Z0-9_-]+]] = arith.bitcast %[[H]] : tensor<4xi16> to tensor<4xbf16>
// CHECK: return %[[R]] : tensor<4xbf16>
func.func @add_bf16(%x: tensor<4xbf16>, %y: tensor<4xbf16>) -> tensor<4xbf16> {
  %0 = "dsc.add"(%x, %y) : (tensor<4xbf16>, tensor<4xbf16>) -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// CHECK-LABEL: func.func @dot_bf16(
// CHECK: linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<2xf32>)
// CHECK: ^bb0(%[[A:[a-zA-Z0-9_-]+]]: bf16, %[[B:[a-zA-Z0-9_-]+]]: bf16, %[[ACC:[a-zA-Z0-9_-]+]]: f32):
// CHECK: arith.extf %[[A]] : bf16 to f32
// CHECK: arith.mulf
// CHECK: arith.addf %[[ACC]]
// CHECK: arith.bitcast %{{.+}} : tensor<2xi16> to tensor<2xbf16>
func.func @dot_bf16(%a: tensor<2x3xbf16>, %b: tensor<3xbf16>) -> tensor<2xbf16> {
  %0 = "dsc.dot_general"(%a, %b) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x3xbf16>, tensor<3xbf16>) -> tensor<2xbf16>
  return %0 : tensor<2xbf16>
}

// [1, 1.5, -1e-38, 3e38] * [1.0078125, 1, 0.5, 2] (expected values from ml_dtypes: f32 products rounded
// to bf16): a subnormal result survives, an overflow is inf
// EXEC: output 0: bfloat16[4]
// EXEC-NEXT: [1.00781 1.5 -4.95912e-39 inf]
func.func @main() -> tensor<4xbf16> {
  %x = "dsc.constant"() {value = dense<[1.0, 1.5, -1.0e-38, 3.0e38]> : tensor<4xbf16>} : () -> tensor<4xbf16>
  %y = "dsc.constant"() {value = dense<[1.0078125, 1.0, 0.5, 2.0]> : tensor<4xbf16>} : () -> tensor<4xbf16>
  %0 = "dsc.mul"(%x, %y) : (tensor<4xbf16>, tensor<4xbf16>) -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}
