// dsc-to-linalg on the elementwise ops: each becomes arith/math ops on whole
// tensors (RUN 1); convert-elementwise-to-linalg then turns each into a
// linalg.generic with identity maps and parallel iterators (RUN 2, GEN).
// One function per op, with distinct arguments, so that nothing folds away.
// RUN: %descend-opt %s --dsc-to-linalg | FileCheck %s --implicit-check-not=dsc.
// RUN: %descend-opt %s --dsc-to-linalg --convert-elementwise-to-linalg | FileCheck %s --check-prefix=GEN --implicit-check-not=dsc.

// GEN-DAG: #[[$ID1:map[0-9]*]] = affine_map<(d0) -> (d0)>
// GEN-DAG: #[[$ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>

// ---- unary, float ----

// CHECK-LABEL: func.func @neg_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.negf %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
// GEN-LABEL: func.func @neg_f32(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xf32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: f32):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.negf %[[IN0]] : f32
// GEN-NEXT: linalg.yield %[[V]] : f32
func.func @neg_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.neg"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @abs_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.absf %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @abs_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.abs"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @exp_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.exp %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
// GEN-LABEL: func.func @exp_f32(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xf32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: f32):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = math.exp %[[IN0]] : f32
// GEN-NEXT: linalg.yield %[[V]] : f32
func.func @exp_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @log_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.log %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @log_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.log"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// log1p and expm1 as Kahan's formulas (math.log1p/expm1 become log(1 + x) and
// exp(x) - 1 in convert-math-to-llvm: no precision for small x).
// CHECK-LABEL: func.func @log1p_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK: %[[U:[a-zA-Z0-9_-]+]] = arith.addf %[[X]], %{{.*}} : tensor<4xf32>
// CHECK-NEXT: %[[D:[a-zA-Z0-9_-]+]] = arith.subf %[[U]], %{{.*}} : tensor<4xf32>
// CHECK-NEXT: %[[L:[a-zA-Z0-9_-]+]] = math.log %[[U]] : tensor<4xf32>
// CHECK-NEXT: %[[Q:[a-zA-Z0-9_-]+]] = arith.divf %[[X]], %[[D]] : tensor<4xf32>
// CHECK-NEXT: arith.mulf %[[L]], %[[Q]] : tensor<4xf32>
// CHECK-NOT: math.log1p
// CHECK: return
func.func @log1p_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.log1p"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @expm1_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK: %[[U:[a-zA-Z0-9_-]+]] = math.exp %[[X]] : tensor<4xf32>
// CHECK-NEXT: %[[M:[a-zA-Z0-9_-]+]] = arith.subf %[[U]], %{{.*}} : tensor<4xf32>
// CHECK-NEXT: %[[P:[a-zA-Z0-9_-]+]] = arith.mulf %[[M]], %[[X]] : tensor<4xf32>
// CHECK-NEXT: %[[L:[a-zA-Z0-9_-]+]] = math.log %[[U]] : tensor<4xf32>
// CHECK-NEXT: arith.divf %[[P]], %[[L]] : tensor<4xf32>
// CHECK-NOT: math.expm1
// CHECK: return
func.func @expm1_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.expm1"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @sqrt_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.sqrt %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @sqrt_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.sqrt"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @rsqrt_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.rsqrt %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @rsqrt_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.rsqrt"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @sin_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.sin %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @sin_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.sin"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @cos_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.cos %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @cos_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.cos"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @tan_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.tan %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @tan_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.tan"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @tanh_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.tanh %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @tanh_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.tanh"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @floor_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.floor %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @floor_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.floor"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @ceil_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.ceil %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @ceil_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.ceil"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @round_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.roundeven %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
// GEN-LABEL: func.func @round_f32(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xf32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: f32):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = math.roundeven %[[IN0]] : f32
// GEN-NEXT: linalg.yield %[[V]] : f32
func.func @round_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.round"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @exp_f64_2d(
// CHECK: math.exp %{{[a-zA-Z0-9_-]+}} : tensor<2x3xf64>
// GEN-LABEL: func.func @exp_f64_2d(
// GEN: linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%{{.+}} : tensor<2x3xf64>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: f64, %{{[a-zA-Z0-9_-]+}}: f64):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = math.exp %[[IN0]] : f64
// GEN-NEXT: linalg.yield %[[V]] : f64
func.func @exp_f64_2d(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
  %0 = "dsc.exp"(%x) : (tensor<2x3xf64>) -> tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

// CHECK-LABEL: func.func @sign_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-DAG: %[[ONE:[a-zA-Z0-9_-]+]] = arith.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK-DAG: %[[ZERO:[a-zA-Z0-9_-]+]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: %[[NZ:[a-zA-Z0-9_-]+]] = arith.cmpf one, %[[X]], %[[ZERO]] : tensor<4xf32>
// CHECK-NEXT: %[[CS:[a-zA-Z0-9_-]+]] = math.copysign %[[ONE]], %[[X]] : tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.select %[[NZ]], %[[CS]], %[[X]] : tensor<4xi1>, tensor<4xf32>
// CHECK-NEXT: return %[[R]]
func.func @sign_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.sign"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @logistic_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-DAG: %[[ONE:[a-zA-Z0-9_-]+]] = arith.constant dense<1.000000e+00> : tensor<4xf32>
// CHECK: %[[NEG:[a-zA-Z0-9_-]+]] = arith.negf %[[X]] : tensor<4xf32>
// CHECK-NEXT: %[[E:[a-zA-Z0-9_-]+]] = math.exp %[[NEG]] : tensor<4xf32>
// CHECK-NEXT: %[[D:[a-zA-Z0-9_-]+]] = arith.addf %[[E]], %[[ONE]] : tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.divf %[[ONE]], %[[D]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]]
func.func @logistic_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.logistic"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// ---- unary, integer and boolean ----

// CHECK-LABEL: func.func @neg_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK: %[[ZERO:[a-zA-Z0-9_-]+]] = arith.constant dense<0> : tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.subi %[[ZERO]], %[[X]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]]
func.func @neg_i32(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.neg"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @abs_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.absi %[[X]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]]
func.func @abs_i32(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.abs"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @sign_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-DAG: %[[ONE:[a-zA-Z0-9_-]+]] = arith.constant dense<1> : tensor<4xi32>
// CHECK-DAG: %[[ZERO:[a-zA-Z0-9_-]+]] = arith.constant dense<0> : tensor<4xi32>
// CHECK: %[[GT:[a-zA-Z0-9_-]+]] = arith.cmpi sgt, %[[X]], %[[ZERO]] : tensor<4xi32>
// CHECK-NEXT: %[[P:[a-zA-Z0-9_-]+]] = arith.select %[[GT]], %[[ONE]], %[[ZERO]]
// CHECK-NEXT: %[[LT:[a-zA-Z0-9_-]+]] = arith.cmpi slt, %[[X]], %[[ZERO]] : tensor<4xi32>
// CHECK-NEXT: %[[M:[a-zA-Z0-9_-]+]] = arith.select %[[LT]], %[[ONE]], %[[ZERO]]
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.subi %[[P]], %[[M]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]]
func.func @sign_i32(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.sign"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @not_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK: %[[ALL:[a-zA-Z0-9_-]+]] = arith.constant dense<-1> : tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.xori %[[X]], %[[ALL]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]]
func.func @not_i32(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.not"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @not_i1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi1>
// CHECK: %[[T:[a-zA-Z0-9_-]+]] = arith.constant dense<true> : tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.xori %[[X]], %[[T]] : tensor<4xi1>
// CHECK-NEXT: return %[[R]]
// GEN-LABEL: func.func @not_i1(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xi1>, tensor<4xi1>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: i1, %[[IN1:[a-zA-Z0-9_-]+]]: i1, %{{[a-zA-Z0-9_-]+}}: i1):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.xori %[[IN0]], %[[IN1]] : i1
// GEN-NEXT: linalg.yield %[[V]] : i1
func.func @not_i1(%x: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "dsc.not"(%x) : (tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// ---- binary, float ----

// CHECK-LABEL: func.func @add_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.addf %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
// GEN-LABEL: func.func @add_f32(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xf32>, tensor<4xf32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: f32, %[[IN1:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: f32):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.addf %[[IN0]], %[[IN1]] : f32
// GEN-NEXT: linalg.yield %[[V]] : f32
func.func @add_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.add"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @sub_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.subf %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @sub_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.sub"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @mul_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.mulf %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @mul_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.mul"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @div_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.divf %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @div_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.div"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @rem_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.remf %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @rem_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.rem"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @pow_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.powf %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
// GEN-LABEL: func.func @pow_f32(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xf32>, tensor<4xf32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: f32, %[[IN1:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: f32):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = math.powf %[[IN0]], %[[IN1]] : f32
// GEN-NEXT: linalg.yield %[[V]] : f32
func.func @pow_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.pow"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @max_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.maximumf %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
// GEN-LABEL: func.func @max_f32(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xf32>, tensor<4xf32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: f32, %[[IN1:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: f32):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.maximumf %[[IN0]], %[[IN1]] : f32
// GEN-NEXT: linalg.yield %[[V]] : f32
func.func @max_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.max"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @min_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.minimumf %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @min_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.min"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @atan2_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.atan2 %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @atan2_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.atan2"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// ---- binary, integer and boolean ----

// CHECK-LABEL: func.func @add_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.addi %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
func.func @add_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.add"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @sub_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.subi %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
func.func @sub_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.sub"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @mul_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.muli %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
// GEN-LABEL: func.func @mul_i32(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xi32>, tensor<4xi32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: i32, %[[IN1:[a-zA-Z0-9_-]+]]: i32, %{{[a-zA-Z0-9_-]+}}: i32):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.muli %[[IN0]], %[[IN1]] : i32
// GEN-NEXT: linalg.yield %[[V]] : i32
func.func @mul_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.mul"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// 0 ** negative: the base is replaced by 2 (giving 0) before math.ipowi, whose
// expansion divides by zero there.
// CHECK-LABEL: func.func @pow_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK: %[[B:[a-zA-Z0-9_-]+]] = arith.select %{{.*}}, %{{.*}}, %[[X]] : tensor<4xi1>, tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.ipowi %[[B]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
func.func @pow_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.pow"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @max_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.maxsi %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
func.func @max_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.max"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @min_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.minsi %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
// GEN-LABEL: func.func @min_i32(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xi32>, tensor<4xi32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: i32, %[[IN1:[a-zA-Z0-9_-]+]]: i32, %{{[a-zA-Z0-9_-]+}}: i32):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.minsi %[[IN0]], %[[IN1]] : i32
// GEN-NEXT: linalg.yield %[[V]] : i32
func.func @min_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.min"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @and_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.andi %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
func.func @and_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.and"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @or_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.ori %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
func.func @or_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.or"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @xor_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.xori %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
func.func @xor_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.xor"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @and_i1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi1>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.andi %[[X]], %[[Y]] : tensor<4xi1>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @and_i1(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "dsc.and"(%x, %y) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @or_i1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi1>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.ori %[[X]], %[[Y]] : tensor<4xi1>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @or_i1(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "dsc.or"(%x, %y) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @xor_i1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi1>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.xori %[[X]], %[[Y]] : tensor<4xi1>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @xor_i1(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "dsc.xor"(%x, %y) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @max_i1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi1>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.ori %[[X]], %[[Y]] : tensor<4xi1>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @max_i1(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "dsc.max"(%x, %y) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @min_i1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi1>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.andi %[[X]], %[[Y]] : tensor<4xi1>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @min_i1(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "dsc.min"(%x, %y) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @div_i64(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<3xi64>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<3xi64>
// CHECK-DAG: %[[M1:[a-zA-Z0-9_-]+]] = arith.constant dense<-1> : tensor<3xi64>
// CHECK-DAG: %[[ONE:[a-zA-Z0-9_-]+]] = arith.constant dense<1> : tensor<3xi64>
// CHECK-DAG: %[[ZERO:[a-zA-Z0-9_-]+]] = arith.constant dense<0> : tensor<3xi64>
// CHECK: %[[YZ:[a-zA-Z0-9_-]+]] = arith.cmpi eq, %[[Y]], %[[ZERO]] : tensor<3xi64>
// CHECK-NEXT: %[[YM1:[a-zA-Z0-9_-]+]] = arith.cmpi eq, %[[Y]], %[[M1]] : tensor<3xi64>
// CHECK-NEXT: %[[BAD:[a-zA-Z0-9_-]+]] = arith.ori %[[YZ]], %[[YM1]] : tensor<3xi1>
// CHECK-NEXT: %[[SAFE:[a-zA-Z0-9_-]+]] = arith.select %[[BAD]], %[[ONE]], %[[Y]] : tensor<3xi1>, tensor<3xi64>
// CHECK-NEXT: %[[Q:[a-zA-Z0-9_-]+]] = arith.divsi %[[X]], %[[SAFE]] : tensor<3xi64>
// CHECK-NEXT: %[[NEGX:[a-zA-Z0-9_-]+]] = arith.subi %[[ZERO]], %[[X]] : tensor<3xi64>
// CHECK-NEXT: %[[Q2:[a-zA-Z0-9_-]+]] = arith.select %[[YM1]], %[[NEGX]], %[[Q]] : tensor<3xi1>, tensor<3xi64>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.select %[[YZ]], %[[M1]], %[[Q2]] : tensor<3xi1>, tensor<3xi64>
// CHECK-NEXT: return %[[R]]
func.func @div_i64(%x: tensor<3xi64>, %y: tensor<3xi64>) -> tensor<3xi64> {
  %0 = "dsc.div"(%x, %y) : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// CHECK-LABEL: func.func @rem_i64(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<3xi64>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<3xi64>
// CHECK-DAG: %[[M1:[a-zA-Z0-9_-]+]] = arith.constant dense<-1> : tensor<3xi64>
// CHECK-DAG: %[[ONE:[a-zA-Z0-9_-]+]] = arith.constant dense<1> : tensor<3xi64>
// CHECK-DAG: %[[ZERO:[a-zA-Z0-9_-]+]] = arith.constant dense<0> : tensor<3xi64>
// CHECK: %[[YZ:[a-zA-Z0-9_-]+]] = arith.cmpi eq, %[[Y]], %[[ZERO]] : tensor<3xi64>
// CHECK-NEXT: %[[YM1:[a-zA-Z0-9_-]+]] = arith.cmpi eq, %[[Y]], %[[M1]] : tensor<3xi64>
// CHECK-NEXT: %[[BAD:[a-zA-Z0-9_-]+]] = arith.ori %[[YZ]], %[[YM1]] : tensor<3xi1>
// CHECK-NEXT: %[[SAFE:[a-zA-Z0-9_-]+]] = arith.select %[[BAD]], %[[ONE]], %[[Y]] : tensor<3xi1>, tensor<3xi64>
// CHECK-NEXT: %[[REM:[a-zA-Z0-9_-]+]] = arith.remsi %[[X]], %[[SAFE]] : tensor<3xi64>
// CHECK-NEXT: %[[R2:[a-zA-Z0-9_-]+]] = arith.select %[[YM1]], %[[ZERO]], %[[REM]] : tensor<3xi1>, tensor<3xi64>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.select %[[YZ]], %[[X]], %[[R2]] : tensor<3xi1>, tensor<3xi64>
// CHECK-NEXT: return %[[R]]
func.func @rem_i64(%x: tensor<3xi64>, %y: tensor<3xi64>) -> tensor<3xi64> {
  %0 = "dsc.rem"(%x, %y) : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// ---- compare: ordered predicates for floats (NE unordered, as NumPy), signed for
// integers, unsigned for booleans (true > false) ----

// CHECK-LABEL: func.func @compare_eq_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpf oeq, %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_eq_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "EQ"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_ne_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpf une, %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_ne_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "NE"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_lt_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpf olt, %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
// GEN-LABEL: func.func @compare_lt_f32(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xf32>, tensor<4xf32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: f32, %[[IN1:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: i1):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.cmpf olt, %[[IN0]], %[[IN1]] : f32
// GEN-NEXT: linalg.yield %[[V]] : i1
func.func @compare_lt_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "LT"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_le_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpf ole, %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_le_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "LE"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_gt_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpf ogt, %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_gt_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "GT"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_ge_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpf oge, %[[X]], %[[Y]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_ge_f32(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "GE"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_eq_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpi eq, %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_eq_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "EQ"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_ne_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpi ne, %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_ne_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "NE"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_lt_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpi slt, %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_lt_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "LT"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_le_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpi sle, %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_le_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "LE"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_gt_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpi sgt, %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_gt_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "GT"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_ge_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpi sge, %[[X]], %[[Y]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
// GEN-LABEL: func.func @compare_ge_i32(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xi32>, tensor<4xi32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: i32, %[[IN1:[a-zA-Z0-9_-]+]]: i32, %{{[a-zA-Z0-9_-]+}}: i1):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.cmpi sge, %[[IN0]], %[[IN1]] : i32
// GEN-NEXT: linalg.yield %[[V]] : i1
func.func @compare_ge_i32(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "GE"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_lt_i1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi1>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpi ult, %[[X]], %[[Y]] : tensor<4xi1>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_lt_i1(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "LT"} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_le_i1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi1>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpi ule, %[[X]], %[[Y]] : tensor<4xi1>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_le_i1(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "LE"} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_gt_i1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi1>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpi ugt, %[[X]], %[[Y]] : tensor<4xi1>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_gt_i1(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "GT"} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_ge_i1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi1>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpi uge, %[[X]], %[[Y]] : tensor<4xi1>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @compare_ge_i1(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "dsc.compare"(%x, %y) {direction = "GE"} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// ---- select ----

// CHECK-LABEL: func.func @select(
// CHECK-SAME: %[[P:[a-zA-Z0-9_-]+]]: tensor<4xi1>, %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.select %[[P]], %[[X]], %[[Y]] : tensor<4xi1>, tensor<4xf32>
// CHECK-NEXT: return %[[R]]
// GEN-LABEL: func.func @select(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: i1, %[[IN1:[a-zA-Z0-9_-]+]]: f32, %[[IN2:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: f32):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.select %[[IN0]], %[[IN1]], %[[IN2]] : f32
// GEN-NEXT: linalg.yield %[[V]] : f32
func.func @select(%p: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.select"(%p, %x, %y) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// ---- convert ----

// CHECK-LABEL: func.func @convert_f32_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.fptosi %[[X]] : tensor<4xf32> to tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
// GEN-LABEL: func.func @convert_f32_i32(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xf32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: i32):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = arith.fptosi %[[IN0]] : f32 to i32
// GEN-NEXT: linalg.yield %[[V]] : i32
func.func @convert_f32_i32(%x: tensor<4xf32>) -> tensor<4xi32> {
  %0 = "dsc.convert"(%x) : (tensor<4xf32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @convert_i32_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.sitofp %[[X]] : tensor<4xi32> to tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @convert_i32_f32(%x: tensor<4xi32>) -> tensor<4xf32> {
  %0 = "dsc.convert"(%x) : (tensor<4xi32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @convert_i1_f64(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.uitofp %[[X]] : tensor<4xi1> to tensor<4xf64>
// CHECK-NEXT: return %[[R]] : tensor<4xf64>
func.func @convert_i1_f64(%x: tensor<4xi1>) -> tensor<4xf64> {
  %0 = "dsc.convert"(%x) : (tensor<4xi1>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// CHECK-LABEL: func.func @convert_i1_i32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi1>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.extui %[[X]] : tensor<4xi1> to tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
func.func @convert_i1_i32(%x: tensor<4xi1>) -> tensor<4xi32> {
  %0 = "dsc.convert"(%x) : (tensor<4xi1>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @convert_f16_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf16>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.extf %[[X]] : tensor<4xf16> to tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @convert_f16_f32(%x: tensor<4xf16>) -> tensor<4xf32> {
  %0 = "dsc.convert"(%x) : (tensor<4xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @convert_f64_f16(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf64>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.truncf %[[X]] : tensor<4xf64> to tensor<4xf16>
// CHECK-NEXT: return %[[R]] : tensor<4xf16>
func.func @convert_f64_f16(%x: tensor<4xf64>) -> tensor<4xf16> {
  %0 = "dsc.convert"(%x) : (tensor<4xf64>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// CHECK-LABEL: func.func @convert_i8_i64(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi8>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.extsi %[[X]] : tensor<4xi8> to tensor<4xi64>
// CHECK-NEXT: return %[[R]] : tensor<4xi64>
func.func @convert_i8_i64(%x: tensor<4xi8>) -> tensor<4xi64> {
  %0 = "dsc.convert"(%x) : (tensor<4xi8>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// CHECK-LABEL: func.func @convert_i64_i16(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi64>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.trunci %[[X]] : tensor<4xi64> to tensor<4xi16>
// CHECK-NEXT: return %[[R]] : tensor<4xi16>
func.func @convert_i64_i16(%x: tensor<4xi64>) -> tensor<4xi16> {
  %0 = "dsc.convert"(%x) : (tensor<4xi64>) -> tensor<4xi16>
  return %0 : tensor<4xi16>
}

// CHECK-LABEL: func.func @convert_f32_i1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[Z:[a-zA-Z0-9_-]+]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpf une, %[[X]], %[[Z]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]]
func.func @convert_f32_i1(%x: tensor<4xf32>) -> tensor<4xi1> {
  %0 = "dsc.convert"(%x) : (tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @convert_i32_i1(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[Z:[a-zA-Z0-9_-]+]] = arith.constant dense<0> : tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpi ne, %[[X]], %[[Z]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]]
func.func @convert_i32_i1(%x: tensor<4xi32>) -> tensor<4xi1> {
  %0 = "dsc.convert"(%x) : (tensor<4xi32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @convert_same(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: return %[[X]] : tensor<4xf32>
func.func @convert_same(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.convert"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

