// Input of errors.mlir: a function whose body is not closed.
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
