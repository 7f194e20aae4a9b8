// Execution of unsigned integer ops on the CPU (descend-run: the whole pipeline, then the
// ExecutionEngine). Expected values computed with NumPy (x // 0 follows XLA: all ones;
// float -> uint saturates as XLA: -1.5 -> 0, 300 -> 255, nan -> 0).
// RUN: %descend-run %s | FileCheck %s

// a = [7, 255, 200, 0], b = [2, 16, 0, 3] (uint8): a // b, max(a, b), a < b, a + b (wraps)
// CHECK: output 0: uint8[4]
// CHECK-NEXT: [  3  15 255   0]
// CHECK-NEXT: output 1: uint8[4]
// CHECK-NEXT: [  7 255 200   3]
// CHECK-NEXT: output 2: bool[4]
// CHECK-NEXT: [False False False  True]
// CHECK-NEXT: output 3: uint8[4]
// CHECK-NEXT: [  9  15 200   3]
// a as float32, as uint32; max over a
// CHECK-NEXT: output 4: float32[4]
// CHECK-NEXT: [  7. 255. 200.   0.]
// CHECK-NEXT: output 5: uint32[4]
// CHECK-NEXT: [  7 255 200   0]
// CHECK-NEXT: output 6: uint8[]
// CHECK-NEXT: 255
// [2.7, -1.5, 300, nan] as uint8
// CHECK-NEXT: output 7: uint8[4]
// CHECK-NEXT: [  2   0 255   0]
func.func @main() -> (tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xui8>, tensor<4xf32>, tensor<4xui32>, tensor<ui8>, tensor<4xui8>) {
  %a = "dsc.constant"() {value = dense<[7, 255, 200, 0]> : tensor<4xui8>} : () -> tensor<4xui8>
  %b = "dsc.constant"() {value = dense<[2, 16, 0, 3]> : tensor<4xui8>} : () -> tensor<4xui8>
  %q = "dsc.div"(%a, %b) : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %m = "dsc.max"(%a, %b) : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %c = "dsc.compare"(%a, %b) {direction = "LT"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %s = "dsc.add"(%a, %b) : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %f = "dsc.convert"(%a) : (tensor<4xui8>) -> tensor<4xf32>
  %w = "dsc.convert"(%a) : (tensor<4xui8>) -> tensor<4xui32>
  %r = "dsc.reduce"(%a) {kind = "max", axes = array<i64: 0>} : (tensor<4xui8>) -> tensor<ui8>
  %x = "dsc.constant"() {value = dense<[2.7, -1.5, 300.0, 0x7FC00000]> : tensor<4xf32>} : () -> tensor<4xf32>
  %u = "dsc.convert"(%x) : (tensor<4xf32>) -> tensor<4xui8>
  return %q, %m, %c, %s, %f, %w, %r, %u : tensor<4xui8>, tensor<4xui8>, tensor<4xi1>, tensor<4xui8>, tensor<4xf32>, tensor<4xui32>, tensor<ui8>, tensor<4xui8>
}
