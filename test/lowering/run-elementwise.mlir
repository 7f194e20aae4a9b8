// Execution of elementwise ops on the CPU (descend-run: the whole pipeline,
// then the ExecutionEngine). The inputs are constants in the function; the
// expected values were computed with NumPy (and by hand for the integer
// division conventions, which follow XLA: x / 0 = -1, x % 0 = x, MIN / -1 = MIN).
// RUN: %descend-run %s | FileCheck %s
// RUN: %descend-run %s --entry math | FileCheck %s --check-prefix=MATH

// a = [1, 2, 3, 4], b = [0.5, -1, 2, 8]: a + b, a - b, a * b, a / b
// CHECK: output 0: float32[4]
// CHECK-NEXT: [ 1.5  1.   5.  12. ]
// CHECK-NEXT: output 1: float32[4]
// CHECK-NEXT: [ 0.5  3.   1.  -4. ]
// CHECK-NEXT: output 2: float32[4]
// CHECK-NEXT: [ 0.5 -2.   6.  32. ]
// CHECK-NEXT: output 3: float32[4]
// CHECK-NEXT: [ 2.  -2.   1.5  0.5]
// x = [7, -7, 7, MIN, 5], y = [2, 2, 0, -1, -1]: truncating x / y and x % y, never a trap
// CHECK-NEXT: output 4: int32[5]
// CHECK-NEXT: [          3          -3          -1 -2147483648          -5]
// CHECK-NEXT: output 5: int32[5]
// CHECK-NEXT: [ 1 -1  7  0  0]
// [2, 3, -2, 1, -1, 2] ** [10, 0, 3, -1, -3, -1]
// CHECK-NEXT: output 6: int32[6]
// CHECK-NEXT: [1024    1   -8    1   -1    0]
// n = [1, nan, -3, 2], m = [2, 1, nan, 2]: max, min propagate NaN; n != m, n <= m
// CHECK-NEXT: output 7: float32[4]
// CHECK-NEXT: [ 2. nan nan  2.]
// CHECK-NEXT: output 8: float32[4]
// CHECK-NEXT: [ 1. nan nan  2.]
// CHECK-NEXT: output 9: bool[4]
// CHECK-NEXT: [ True  True  True False]
// CHECK-NEXT: output 10: bool[4]
// CHECK-NEXT: [ True False False  True]
// s = [-2.5, 0, 3, -0]: sign (keeps -0, as lax.sign); round half to even of
// [0.5, 1.5, 2.5, -0.5]; floor(s)
// CHECK-NEXT: output 11: float32[4]
// CHECK-NEXT: [-1.  0.  1. -0.]
// CHECK-NEXT: output 12: float32[4]
// CHECK-NEXT: [ 0.  2.  2. -0.]
// CHECK-NEXT: output 13: float32[4]
// CHECK-NEXT: [-3.  0.  3. -0.]
// c = [1.7, -1.7, 2.5, -0.2]: ceil(c), int32(c) truncates; bool(s); select(bool(s), a, b)
// CHECK-NEXT: output 14: float32[4]
// CHECK-NEXT: [ 2. -1.  3. -0.]
// CHECK-NEXT: output 15: int32[4]
// CHECK-NEXT: [ 1 -1  2  0]
// CHECK-NEXT: output 16: bool[4]
// CHECK-NEXT: [ True False  True False]
// CHECK-NEXT: output 17: float32[4]
// CHECK-NEXT: [ 1. -1.  3.  8.]
// i = [-5, 0, 5, 12]: abs(i), ~i
// CHECK-NEXT: output 18: int32[4]
// CHECK-NEXT: [ 5  0  5 12]
// CHECK-NEXT: output 19: int32[4]
// CHECK-NEXT: [  4  -1  -6 -13]
// logistic([0, 4, -4, 1])
// CHECK-NEXT: output 20: float32[4]
// CHECK-NEXT: [0.5        0.982013{{[0-9]*}} 0.017986{{[0-9]*}} 0.731058{{[0-9]* *}}]
// -a; with j = [3, 7, 6, 10]: i & j, i | j, i ^ j; p = [T, F, T, F], q = [T, T, F, F]: p & q, p | q, p ^ q
// CHECK-NEXT: output 21: float32[4]
// CHECK-NEXT: [-1. -2. -3. -4.]
// CHECK-NEXT: output 22: int32[4]
// CHECK-NEXT: [3 0 4 8]
// CHECK-NEXT: output 23: int32[4]
// CHECK-NEXT: [-5  7  7 14]
// CHECK-NEXT: output 24: int32[4]
// CHECK-NEXT: [-8  7  3  6]
// CHECK-NEXT: output 25: bool[4]
// CHECK-NEXT: [ True False False False]
// CHECK-NEXT: output 26: bool[4]
// CHECK-NEXT: [ True  True  True False]
// CHECK-NEXT: output 27: bool[4]
// CHECK-NEXT: [False  True  True False]
// CHECK-NOT: output
func.func @main() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<5xi32>, tensor<5xi32>, tensor<6xi32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %a = "dsc.constant"() {value = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %b = "dsc.constant"() {value = dense<[0.5, -1.0, 2.0, 8.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %add = "dsc.add"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %sub = "dsc.sub"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %mul = "dsc.mul"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %div = "dsc.div"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %x = "dsc.constant"() {value = dense<[7, -7, 7, -2147483648, 5]> : tensor<5xi32>} : () -> tensor<5xi32>
  %y = "dsc.constant"() {value = dense<[2, 2, 0, -1, -1]> : tensor<5xi32>} : () -> tensor<5xi32>
  %idiv = "dsc.div"(%x, %y) : (tensor<5xi32>, tensor<5xi32>) -> tensor<5xi32>
  %irem = "dsc.rem"(%x, %y) : (tensor<5xi32>, tensor<5xi32>) -> tensor<5xi32>
  %pb = "dsc.constant"() {value = dense<[2, 3, -2, 1, -1, 2]> : tensor<6xi32>} : () -> tensor<6xi32>
  %pe = "dsc.constant"() {value = dense<[10, 0, 3, -1, -3, -1]> : tensor<6xi32>} : () -> tensor<6xi32>
  %ipow = "dsc.pow"(%pb, %pe) : (tensor<6xi32>, tensor<6xi32>) -> tensor<6xi32>
  %n = "dsc.constant"() {value = dense<[1.0, 0x7FC00000, -3.0, 2.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %m = "dsc.constant"() {value = dense<[2.0, 1.0, 0x7FC00000, 2.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %max = "dsc.max"(%n, %m) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %min = "dsc.min"(%n, %m) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %ne = "dsc.compare"(%n, %m) {direction = "NE"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %le = "dsc.compare"(%n, %m) {direction = "LE"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %s = "dsc.constant"() {value = dense<[-2.5, 0.0, 3.0, -0.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %sign = "dsc.sign"(%s) : (tensor<4xf32>) -> tensor<4xf32>
  %r = "dsc.constant"() {value = dense<[0.5, 1.5, 2.5, -0.5]> : tensor<4xf32>} : () -> tensor<4xf32>
  %round = "dsc.round"(%r) : (tensor<4xf32>) -> tensor<4xf32>
  %floor = "dsc.floor"(%s) : (tensor<4xf32>) -> tensor<4xf32>
  %c = "dsc.constant"() {value = dense<[1.7, -1.7, 2.5, -0.2]> : tensor<4xf32>} : () -> tensor<4xf32>
  %ceil = "dsc.ceil"(%c) : (tensor<4xf32>) -> tensor<4xf32>
  %toint = "dsc.convert"(%c) : (tensor<4xf32>) -> tensor<4xi32>
  %tobool = "dsc.convert"(%s) : (tensor<4xf32>) -> tensor<4xi1>
  %sel = "dsc.select"(%tobool, %a, %b) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %i = "dsc.constant"() {value = dense<[-5, 0, 5, 12]> : tensor<4xi32>} : () -> tensor<4xi32>
  %abs = "dsc.abs"(%i) : (tensor<4xi32>) -> tensor<4xi32>
  %not = "dsc.not"(%i) : (tensor<4xi32>) -> tensor<4xi32>
  %z = "dsc.constant"() {value = dense<[0.0, 4.0, -4.0, 1.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %log = "dsc.logistic"(%z) : (tensor<4xf32>) -> tensor<4xf32>
  %neg = "dsc.neg"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  %j = "dsc.constant"() {value = dense<[3, 7, 6, 10]> : tensor<4xi32>} : () -> tensor<4xi32>
  %and = "dsc.and"(%i, %j) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %or = "dsc.or"(%i, %j) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %xor = "dsc.xor"(%i, %j) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %p = "dsc.constant"() {value = dense<[true, false, true, false]> : tensor<4xi1>} : () -> tensor<4xi1>
  %q = "dsc.constant"() {value = dense<[true, true, false, false]> : tensor<4xi1>} : () -> tensor<4xi1>
  %pand = "dsc.and"(%p, %q) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %por = "dsc.or"(%p, %q) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %pxor = "dsc.xor"(%p, %q) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %add, %sub, %mul, %div, %idiv, %irem, %ipow, %max, %min, %ne, %le, %sign, %round, %floor, %ceil, %toint, %tobool, %sel, %abs, %not, %log, %neg, %and, %or, %xor, %pand, %por, %pxor : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<5xi32>, tensor<5xi32>, tensor<6xi32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi1>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi1>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// float64 math functions (NumPy prints 8 significant digits): the first element
// of each is exact, the second is the libm value rounded for printing.
// exp [0, 1], log [1, 10], log1p [0, 1], expm1 [0, 1], sqrt [2.25, 2], rsqrt [0.25, 2],
// sin, cos, tan, tanh of [0, 1], [2, 9] ** 0.5, atan2([1, 0], [1, -1]), fmod([5.5, -5.5], 2)
// MATH: output 0: float64[2]
// MATH-NEXT: [1.         2.71828183]
// MATH-NEXT: output 1: float64[2]
// MATH-NEXT: [0.         2.30258509]
// MATH-NEXT: output 2: float64[2]
// MATH-NEXT: [0.         0.69314718]
// MATH-NEXT: output 3: float64[2]
// MATH-NEXT: [0.         1.71828183]
// MATH-NEXT: output 4: float64[2]
// MATH-NEXT: [1.5        1.41421356]
// MATH-NEXT: output 5: float64[2]
// MATH-NEXT: [2.         0.70710678]
// MATH-NEXT: output 6: float64[2]
// MATH-NEXT: [0.         0.84147098]
// MATH-NEXT: output 7: float64[2]
// MATH-NEXT: [1.         0.54030231]
// MATH-NEXT: output 8: float64[2]
// MATH-NEXT: [0.         1.55740772]
// MATH-NEXT: output 9: float64[2]
// MATH-NEXT: [0.         0.76159416]
// MATH-NEXT: output 10: float64[2]
// MATH-NEXT: [1.41421356 3.        ]
// MATH-NEXT: output 11: float64[2]
// MATH-NEXT: [0.78539816 3.14159265]
// MATH-NEXT: output 12: float64[2]
// MATH-NEXT: [ 1.5 -1.5]
// MATH-NOT: output
func.func @math() -> (tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) {
  %exp_in = "dsc.constant"() {value = dense<[0.0, 1.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %exp = "dsc.exp"(%exp_in) : (tensor<2xf64>) -> tensor<2xf64>
  %log_in = "dsc.constant"() {value = dense<[1.0, 10.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %log = "dsc.log"(%log_in) : (tensor<2xf64>) -> tensor<2xf64>
  %log1p_in = "dsc.constant"() {value = dense<[0.0, 1.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %log1p = "dsc.log1p"(%log1p_in) : (tensor<2xf64>) -> tensor<2xf64>
  %expm1_in = "dsc.constant"() {value = dense<[0.0, 1.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %expm1 = "dsc.expm1"(%expm1_in) : (tensor<2xf64>) -> tensor<2xf64>
  %sqrt_in = "dsc.constant"() {value = dense<[2.25, 2.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %sqrt = "dsc.sqrt"(%sqrt_in) : (tensor<2xf64>) -> tensor<2xf64>
  %rsqrt_in = "dsc.constant"() {value = dense<[0.25, 2.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %rsqrt = "dsc.rsqrt"(%rsqrt_in) : (tensor<2xf64>) -> tensor<2xf64>
  %sin_in = "dsc.constant"() {value = dense<[0.0, 1.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %sin = "dsc.sin"(%sin_in) : (tensor<2xf64>) -> tensor<2xf64>
  %cos_in = "dsc.constant"() {value = dense<[0.0, 1.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %cos = "dsc.cos"(%cos_in) : (tensor<2xf64>) -> tensor<2xf64>
  %tan_in = "dsc.constant"() {value = dense<[0.0, 1.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %tan = "dsc.tan"(%tan_in) : (tensor<2xf64>) -> tensor<2xf64>
  %tanh_in = "dsc.constant"() {value = dense<[0.0, 1.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %tanh = "dsc.tanh"(%tanh_in) : (tensor<2xf64>) -> tensor<2xf64>
  %pow_x = "dsc.constant"() {value = dense<[2.0, 9.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %pow_y = "dsc.constant"() {value = dense<[0.5, 0.5]> : tensor<2xf64>} : () -> tensor<2xf64>
  %pow = "dsc.pow"(%pow_x, %pow_y) : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
  %atan2_x = "dsc.constant"() {value = dense<[1.0, 0.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %atan2_y = "dsc.constant"() {value = dense<[1.0, -1.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %atan2 = "dsc.atan2"(%atan2_x, %atan2_y) : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
  %rem_x = "dsc.constant"() {value = dense<[5.5, -5.5]> : tensor<2xf64>} : () -> tensor<2xf64>
  %rem_y = "dsc.constant"() {value = dense<[2.0, 2.0]> : tensor<2xf64>} : () -> tensor<2xf64>
  %rem = "dsc.rem"(%rem_x, %rem_y) : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
  return %exp, %log, %log1p, %expm1, %sqrt, %rsqrt, %sin, %cos, %tan, %tanh, %pow, %atan2, %rem : tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>, tensor<2xf64>
}
