// Fuzz seed: declarations, calls, private functions, bool signatures, no results.
func.func private @ext(f32) -> f32
func.func private @helper(%a: tensor<4xi1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.neg"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "dsc.select"(%a, %x, %0) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
func.func @main(%m: tensor<4xi1>, %x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>) {
  %0 = func.call @helper(%m, %x) : (tensor<4xi1>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "dsc.not"(%m) : (tensor<4xi1>) -> tensor<4xi1>
  return %0, %1 : tensor<4xf32>, tensor<4xi1>
}
func.func @scalar(%a: tensor<2xf32>) -> tensor<2xf32> {
  %c0 = arith.constant 0 : index
  %x = tensor.extract %a[%c0] : tensor<2xf32>
  %y = func.call @ext(%x) : (f32) -> f32
  %t = tensor.from_elements %y, %y : tensor<2xf32>
  return %t : tensor<2xf32>
}
func.func @nothing() {
  return
}
