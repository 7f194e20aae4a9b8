// Fuzz seed: memref-level IR for the upstream lowering passes, with i1 and i8 buffers,
// subviews, copies and a function returning one buffer twice.
func.func @store_bool(%m: memref<4xi1>, %v: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c4 step %c1 {
    %x = memref.load %v[%i] : memref<4xf32>
    %b = arith.cmpf olt, %x, %z : f32
    memref.store %b, %m[%i] : memref<4xi1>
  }
  return
}
func.func @copy_sub(%a: memref<4x4xf32>, %b: memref<2x2xf32>) {
  %s = memref.subview %a[0, 0][2, 2][2, 2] : memref<4x4xf32> to memref<2x2xf32, strided<[8, 2]>>
  memref.copy %s, %b : memref<2x2xf32, strided<[8, 2]>> to memref<2x2xf32>
  return
}
func.func @twice() -> (memref<3xi8>, memref<3xi8>) {
  %0 = memref.alloc() : memref<3xi8>
  return %0, %0 : memref<3xi8>, memref<3xi8>
}
