// Execution of the math and bit ops on the CPU (descend-run: the whole pipeline,
// then the ExecutionEngine). Expected values from NumPy and SciPy (scipy.special
// erfinv, erf, erfc, gammaln, digamma); the last printed digit of transcendental
// results may differ by an ulp and is matched loosely.
// RUN: %descend-run %s | FileCheck %s
// RUN: %descend-run %s --entry bits | FileCheck %s --check-prefix=BITS

// u = [0, 0.5, -0.5, 1] (f32): asin, acos, atan, atanh, erf_inv (+inf at 1)
// CHECK: output 0: float32[4]
// CHECK-NEXT: [ 0.         0.523598{{[0-9]}} -0.523598{{[0-9]}}  1.570796{{[0-9]}}]
// CHECK-NEXT: output 1: float32[4]
// CHECK-NEXT: [1.570796{{[0-9]}} 1.047197{{[0-9]}} 2.094395{{[0-9]}} 0.       ]
// CHECK-NEXT: output 2: float32[4]
// CHECK-NEXT: [ 0.         0.463647{{[0-9]}} -0.463647{{[0-9]}}  0.785398{{[0-9]}}]
// CHECK-NEXT: output 3: float32[4]
// CHECK-NEXT: [ 0.          0.5493061{{[0-9]}} -0.5493061{{[0-9]}}         inf]
// CHECK-NEXT: output 4: float32[4]
// CHECK-NEXT: [ 0.          0.4769362{{[0-9]}} -0.4769362{{[0-9]}}         inf]
// v = [0, 1, -2, 8] (f32): sinh, cosh, cbrt
// CHECK-NEXT: output 5: float32[4]
// CHECK-NEXT: [ 0.0000000e+00  1.175201{{[0-9]}}e+00 -3.626860{{[0-9]}}e+00  1.490478{{[0-9]}}e+03]
// CHECK-NEXT: output 6: float32[4]
// CHECK-NEXT: [1.0000000e+00 1.543080{{[0-9]}}e+00 3.762195{{[0-9]}}e+00 1.490479{{[0-9]}}e+03]
// CHECK-NEXT: output 7: float32[4]
// CHECK-NEXT: [ 0.         1.        -1.259921{{[0-9]}}  2.       ]
// w = [1, 2, 10, 0.5] (f64): asinh, acosh (nan below 1), erf, erfc (no cancellation at 10), exp2
// CHECK-NEXT: output 8: float64[4]
// CHECK-NEXT: [0.88137359 1.44363548 2.99822295 0.48121183]
// CHECK-NEXT: output 9: float64[4]
// CHECK-NEXT: [0.         1.3169579  2.99322285        nan]
// CHECK-NEXT: output 10: float64[4]
// CHECK-NEXT: [0.84270079 0.99532227 1.         0.52049988]
// CHECK-NEXT: output 11: float64[4]
// CHECK-NEXT: [1.57299207e-01 4.67773498e-03 2.08848758e-45 4.79500122e-01]
// CHECK-NEXT: output 12: float64[4]
// CHECK-NEXT: [   2.            4.         1024.            1.41421356]
// g = [1, 5, 0.5, -1.5] (f64): lgamma (log 24 at 5, log sqrt(pi) at 0.5, reflected at -1.5), digamma (-euler_gamma at 1)
// CHECK-NEXT: output 13: float64[4]
// CHECK-NEXT: [0.         3.17805383 0.57236494 0.86004702]
// CHECK-NEXT: output 14: float64[4]
// CHECK-NEXT: [-0.57721566  1.50611767 -1.96351003  0.70315664]
// CHECK-NOT: output

// x = [1, -1, 255, MIN, 0], s = [4, 1, 32, 31, -1]: popcount, clz; shifts by 32 or -1 give 0 (or -1, arithmetic, for negative x)
// BITS: output 0: int32[5]
// BITS-NEXT: [ 1 32  8  1  0]
// BITS-NEXT: output 1: int32[5]
// BITS-NEXT: [31  0 24  0 32]
// BITS-NEXT: output 2: int32[5]
// BITS-NEXT: [16 -2  0  0  0]
// BITS-NEXT: output 3: int32[5]
// BITS-NEXT: [         0 2147483647          0          1          0]
// BITS-NEXT: output 4: int32[5]
// BITS-NEXT: [ 0 -1  0 -1  0]
// f = [1, inf, -inf, nan]: is_finite, and the bits of f (numpy's view as int32); i64 bits of [1.0, -2.0] as f64
// BITS-NEXT: output 5: bool[4]
// BITS-NEXT: [ True False False False]
// BITS-NEXT: output 6: int32[4]
// BITS-NEXT: [1065353216 2139095040   -8388608 2143289344]
// BITS-NEXT: output 7: float64[2]
// BITS-NEXT: [ 1. -2.]
// BITS-NOT: output
func.func @main() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>) {
  %u = "dsc.constant"() {value = dense<[0.0, 0.5, -0.5, 1.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %asin = "dsc.asin"(%u) : (tensor<4xf32>) -> tensor<4xf32>
  %acos = "dsc.acos"(%u) : (tensor<4xf32>) -> tensor<4xf32>
  %atan = "dsc.atan"(%u) : (tensor<4xf32>) -> tensor<4xf32>
  %atanh = "dsc.atanh"(%u) : (tensor<4xf32>) -> tensor<4xf32>
  %erfinv = "dsc.erf_inv"(%u) : (tensor<4xf32>) -> tensor<4xf32>
  %v = "dsc.constant"() {value = dense<[0.0, 1.0, -2.0, 8.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %sinh = "dsc.sinh"(%v) : (tensor<4xf32>) -> tensor<4xf32>
  %cosh = "dsc.cosh"(%v) : (tensor<4xf32>) -> tensor<4xf32>
  %cbrt = "dsc.cbrt"(%v) : (tensor<4xf32>) -> tensor<4xf32>
  %w = "dsc.constant"() {value = dense<[1.0, 2.0, 10.0, 0.5]> : tensor<4xf64>} : () -> tensor<4xf64>
  %asinh = "dsc.asinh"(%w) : (tensor<4xf64>) -> tensor<4xf64>
  %acosh = "dsc.acosh"(%w) : (tensor<4xf64>) -> tensor<4xf64>
  %erf = "dsc.erf"(%w) : (tensor<4xf64>) -> tensor<4xf64>
  %erfc = "dsc.erfc"(%w) : (tensor<4xf64>) -> tensor<4xf64>
  %exp2 = "dsc.exp2"(%w) : (tensor<4xf64>) -> tensor<4xf64>
  %g = "dsc.constant"() {value = dense<[1.0, 5.0, 0.5, -1.5]> : tensor<4xf64>} : () -> tensor<4xf64>
  %lgamma = "dsc.lgamma"(%g) : (tensor<4xf64>) -> tensor<4xf64>
  %digamma = "dsc.digamma"(%g) : (tensor<4xf64>) -> tensor<4xf64>
  return %asin, %acos, %atan, %atanh, %erfinv, %sinh, %cosh, %cbrt, %asinh, %acosh, %erf, %erfc, %exp2, %lgamma, %digamma : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<4xf64>
}

func.func @bits() -> (tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<4xi1>, tensor<4xi32>, tensor<2xf64>) {
  %x = "dsc.constant"() {value = dense<[1, -1, 255, -2147483648, 0]> : tensor<5xi32>} : () -> tensor<5xi32>
  %s = "dsc.constant"() {value = dense<[4, 1, 32, 31, -1]> : tensor<5xi32>} : () -> tensor<5xi32>
  %pop = "dsc.population_count"(%x) : (tensor<5xi32>) -> tensor<5xi32>
  %clz = "dsc.clz"(%x) : (tensor<5xi32>) -> tensor<5xi32>
  %shl = "dsc.shift_left"(%x, %s) : (tensor<5xi32>, tensor<5xi32>) -> tensor<5xi32>
  %shrl = "dsc.shift_right_logical"(%x, %s) : (tensor<5xi32>, tensor<5xi32>) -> tensor<5xi32>
  %shra = "dsc.shift_right_arithmetic"(%x, %s) : (tensor<5xi32>, tensor<5xi32>) -> tensor<5xi32>
  %f = "dsc.constant"() {value = dense<[1.0, 0x7F800000, 0xFF800000, 0x7FC00000]> : tensor<4xf32>} : () -> tensor<4xf32>
  %fin = "dsc.is_finite"(%f) : (tensor<4xf32>) -> tensor<4xi1>
  %bits = "dsc.bitcast_convert_type"(%f) : (tensor<4xf32>) -> tensor<4xi32>
  %i = "dsc.constant"() {value = dense<[4607182418800017408, -4611686018427387904]> : tensor<2xi64>} : () -> tensor<2xi64>
  %d = "dsc.bitcast_convert_type"(%i) : (tensor<2xi64>) -> tensor<2xf64>
  return %pop, %clz, %shl, %shrl, %shra, %fin, %bits, %d : tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<4xi1>, tensor<4xi32>, tensor<2xf64>
}
