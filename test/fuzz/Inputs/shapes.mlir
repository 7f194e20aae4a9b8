// Fuzz seed: 0-d, empty and size-1 tensors, every element type the tools accept.
func.func @main(%s: tensor<f32>, %e: tensor<0x3xf32>, %o: tensor<1x1xi32>, %d: tensor<2xf64>, %b: tensor<2xi1>, %h: tensor<2xf16>, %l: tensor<2xi64>) -> (tensor<f32>, tensor<3xf32>, tensor<i32>, tensor<2xf64>, tensor<2xi1>, tensor<2xf16>, tensor<2xi64>) {
  %0 = "dsc.exp"(%s) : (tensor<f32>) -> tensor<f32>
  %1 = "dsc.reduce"(%e) {axes = array<i64: 0>, kind = "sum"} : (tensor<0x3xf32>) -> tensor<3xf32>
  %2 = "dsc.reshape"(%o) : (tensor<1x1xi32>) -> tensor<i32>
  %3 = "dsc.sqrt"(%d) : (tensor<2xf64>) -> tensor<2xf64>
  %4 = "dsc.xor"(%b, %b) : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  %5 = "dsc.add"(%h, %h) : (tensor<2xf16>, tensor<2xf16>) -> tensor<2xf16>
  %6 = "dsc.div"(%l, %l) : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<f32>, tensor<3xf32>, tensor<i32>, tensor<2xf64>, tensor<2xi1>, tensor<2xf16>, tensor<2xi64>
}
