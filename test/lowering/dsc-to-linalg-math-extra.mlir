// dsc-to-linalg on the math and bit ops (lowering/special_math.py): ops that
// `math` has become one math op on the whole tensor (RUN 1), which
// convert-elementwise-to-linalg turns into a linalg.generic (RUN 2, GEN);
// erf_inv, lgamma and digamma become arith/math sequences (polynomials,
// Lanczos sums and reflections); shifts guard out-of-range amounts.
// RUN: %descend-opt %s --dsc-to-linalg | FileCheck %s --implicit-check-not=dsc.
// RUN: %descend-opt %s --dsc-to-linalg --convert-elementwise-to-linalg | FileCheck %s --check-prefix=GEN --implicit-check-not=dsc.

// GEN-DAG: #[[$ID1:map[0-9]*]] = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @asin(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.asin %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
// GEN-LABEL: func.func @asin(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xf32>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: f32):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = math.asin %[[IN0]] : f32
// GEN-NEXT: linalg.yield %[[V]] : f32
func.func @asin(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.asin"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @acos(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf64>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.acos %[[X]] : tensor<4xf64>
// CHECK-NEXT: return %[[R]] : tensor<4xf64>
// GEN-LABEL: func.func @acos(
// GEN: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%{{.+}} : tensor<4xf64>) outs(%{{.+}}
// GEN-NEXT: ^bb0(%[[IN0:[a-zA-Z0-9_-]+]]: f64, %{{[a-zA-Z0-9_-]+}}: f64):
// GEN-NEXT: %[[V:[a-zA-Z0-9_-]+]] = math.acos %[[IN0]] : f64
// GEN-NEXT: linalg.yield %[[V]] : f64
func.func @acos(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "dsc.acos"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// CHECK-LABEL: func.func @atan(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.atan %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @atan(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.atan"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @sinh(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf64>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.sinh %[[X]] : tensor<4xf64>
// CHECK-NEXT: return %[[R]] : tensor<4xf64>
func.func @sinh(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "dsc.sinh"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// CHECK-LABEL: func.func @cosh(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.cosh %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @cosh(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.cosh"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @asinh(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf64>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.asinh %[[X]] : tensor<4xf64>
// CHECK-NEXT: return %[[R]] : tensor<4xf64>
func.func @asinh(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "dsc.asinh"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// CHECK-LABEL: func.func @acosh(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.acosh %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @acosh(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.acosh"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @atanh(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf64>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.atanh %[[X]] : tensor<4xf64>
// CHECK-NEXT: return %[[R]] : tensor<4xf64>
func.func @atanh(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "dsc.atanh"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// CHECK-LABEL: func.func @erf(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.erf %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @erf(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.erf"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @erfc(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf64>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.erfc %[[X]] : tensor<4xf64>
// CHECK-NEXT: return %[[R]] : tensor<4xf64>
func.func @erfc(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "dsc.erfc"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// CHECK-LABEL: func.func @cbrt(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.cbrt %[[X]] : tensor<4xf32>
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func @cbrt(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.cbrt"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @exp2(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf64>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.exp2 %[[X]] : tensor<4xf64>
// CHECK-NEXT: return %[[R]] : tensor<4xf64>
func.func @exp2(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "dsc.exp2"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// ---- integer bit counts ----

// CHECK-LABEL: func.func @population_count(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.ctpop %[[X]] : tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
// GEN-LABEL: func.func @population_count(
// GEN: linalg.generic
// GEN: math.ctpop %{{.+}} : i32
func.func @population_count(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.population_count"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @clz(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi64>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = math.ctlz %[[X]] : tensor<4xi64>
// CHECK-NEXT: return %[[R]] : tensor<4xi64>
func.func @clz(%x: tensor<4xi64>) -> tensor<4xi64> {
  %0 = "dsc.clz"(%x) : (tensor<4xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// ---- shifts: amounts outside [0, bits) (compared unsigned) select 0 or the sign fill ----

// CHECK-LABEL: func.func @shift_left(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi32>
// CHECK-DAG: %[[ZERO:[a-zA-Z0-9_-]+]] = arith.constant dense<0> : tensor<4xi32>
// CHECK-DAG: %[[BITS:[a-zA-Z0-9_-]+]] = arith.constant dense<32> : tensor<4xi32>
// CHECK: %[[BIG:[a-zA-Z0-9_-]+]] = arith.cmpi uge, %[[Y]], %[[BITS]] : tensor<4xi32>
// CHECK-NEXT: %[[SAFE:[a-zA-Z0-9_-]+]] = arith.select %[[BIG]], %[[ZERO]], %[[Y]]
// CHECK-NEXT: %[[S:[a-zA-Z0-9_-]+]] = arith.shli %[[X]], %[[SAFE]] : tensor<4xi32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.select %[[BIG]], %[[ZERO]], %[[S]]
// CHECK-NEXT: return %[[R]]
func.func @shift_left(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "dsc.shift_left"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @shift_right_logical(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi64>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi64>
// CHECK-DAG: %[[BITS:[a-zA-Z0-9_-]+]] = arith.constant dense<64> : tensor<4xi64>
// CHECK: %[[BIG:[a-zA-Z0-9_-]+]] = arith.cmpi uge, %[[Y]], %[[BITS]] : tensor<4xi64>
// CHECK: arith.shrui %[[X]], %{{.+}} : tensor<4xi64>
// CHECK-NEXT: arith.select %[[BIG]]
func.func @shift_right_logical(%x: tensor<4xi64>, %y: tensor<4xi64>) -> tensor<4xi64> {
  %0 = "dsc.shift_right_logical"(%x, %y) : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// CHECK-LABEL: func.func @shift_right_arithmetic(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xi8>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xi8>
// CHECK-DAG: %[[SEVEN:[a-zA-Z0-9_-]+]] = arith.constant dense<7> : tensor<4xi8>
// CHECK-DAG: %[[BITS:[a-zA-Z0-9_-]+]] = arith.constant dense<8> : tensor<4xi8>
// CHECK: %[[BIG:[a-zA-Z0-9_-]+]] = arith.cmpi uge, %[[Y]], %[[BITS]] : tensor<4xi8>
// CHECK: %[[FILL:[a-zA-Z0-9_-]+]] = arith.shrsi %[[X]], %[[SEVEN]] : tensor<4xi8>
// CHECK-NEXT: %[[S:[a-zA-Z0-9_-]+]] = arith.shrsi %[[X]], %{{.+}} : tensor<4xi8>
// CHECK-NEXT: arith.select %[[BIG]], %[[FILL]], %[[S]]
func.func @shift_right_arithmetic(%x: tensor<4xi8>, %y: tensor<4xi8>) -> tensor<4xi8> {
  %0 = "dsc.shift_right_arithmetic"(%x, %y) : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// ---- is_finite: |x| < inf (false for inf and nan); bitcast ----

// CHECK-LABEL: func.func @is_finite(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf64>
// CHECK-DAG: %[[INF:[a-zA-Z0-9_-]+]] = arith.constant dense<0x7FF0000000000000> : tensor<4xf64>
// CHECK-DAG: %[[A:[a-zA-Z0-9_-]+]] = math.absf %[[X]] : tensor<4xf64>
// CHECK: %[[R:[a-zA-Z0-9_-]+]] = arith.cmpf olt, %[[A]], %[[INF]] : tensor<4xf64>
// CHECK-NEXT: return %[[R]] : tensor<4xi1>
func.func @is_finite(%x: tensor<4xf64>) -> tensor<4xi1> {
  %0 = "dsc.is_finite"(%x) : (tensor<4xf64>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @bitcast_convert_type(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = arith.bitcast %[[X]] : tensor<4xf32> to tensor<4xi32>
// CHECK-NEXT: return %[[R]] : tensor<4xi32>
// GEN-LABEL: func.func @bitcast_convert_type(
// GEN: linalg.generic
// GEN: arith.bitcast %{{.+}} : f32 to i32
func.func @bitcast_convert_type(%x: tensor<4xf32>) -> tensor<4xi32> {
  %0 = "dsc.bitcast_convert_type"(%x) : (tensor<4xf32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// ---- erf_inv: Giles' polynomial in w = -log1p(-x^2) (or sqrt(w) - 3 in the tails) ----

// CHECK-LABEL: func.func @erf_inv_f32(
// CHECK-SAME: %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>
// CHECK-DAG: %[[FIVE:[a-zA-Z0-9_-]+]] = arith.constant dense<5.000000e+00> : tensor<4xf32>
// CHECK-DAG: arith.constant dense<1.50140941> : tensor<4xf32>
// CHECK-DAG: arith.constant dense<2.83297682> : tensor<4xf32>
// CHECK: %[[SQ:[a-zA-Z0-9_-]+]] = arith.mulf %[[X]], %[[X]]
// CHECK-NEXT: %[[NSQ:[a-zA-Z0-9_-]+]] = arith.negf %[[SQ]]
// CHECK-NEXT: %[[L:[a-zA-Z0-9_-]+]] = math.log1p %[[NSQ]]
// CHECK-NEXT: %[[W:[a-zA-Z0-9_-]+]] = arith.negf %[[L]]
// CHECK-NEXT: math.sqrt %[[W]]
// CHECK-NEXT: arith.cmpf olt, %[[W]], %[[FIVE]]
// CHECK-COUNT-9: arith.select
// CHECK: math.copysign
// CHECK-NEXT: arith.select
// CHECK-NEXT: return
func.func @erf_inv_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.erf_inv"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// f64: three branches (w < 6.25, w < 16, else)
// CHECK-LABEL: func.func @erf_inv_f64(
// CHECK-DAG: arith.constant dense<6.250000e+00> : tensor<4xf64>
// CHECK-DAG: arith.constant dense<1.600000e+01> : tensor<4xf64>
// CHECK-DAG: arith.constant dense<1.6536545626831027> : tensor<4xf64>
// CHECK: math.log1p
// CHECK: math.copysign
func.func @erf_inv_f64(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "dsc.erf_inv"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// ---- lgamma, digamma: Lanczos sums (8 terms), log1p of the shifted argument, reflection ----

// CHECK-LABEL: func.func @lgamma(
// CHECK-DAG: arith.constant dense<676.5203681218851> : tensor<4xf64>
// CHECK: arith.cmpf olt
// CHECK-COUNT-8: arith.divf
// CHECK: math.log1p
// CHECK: math.log
// CHECK: math.sin
// CHECK: math.log
// CHECK: return
func.func @lgamma(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "dsc.lgamma"(%x) : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// CHECK-LABEL: func.func @digamma(
// CHECK-DAG: arith.constant dense<0x7FC00000> : tensor<4xf32>
// CHECK: math.log1p
// CHECK: math.cos
// CHECK: math.sin
// CHECK: math.floor
// CHECK: return
func.func @digamma(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.digamma"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
