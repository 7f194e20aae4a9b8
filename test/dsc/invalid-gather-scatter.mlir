// Invalid dsc.gather / dsc.scatter: the messages of their shape rules
// (dialects/shape_rules.py) and IRDL's checks (dialects/dsc.irdl.mlir).
// RUN: %descend-opt %s --split-input-file --verify-diagnostics

func.func @f(%x: tensor<4x5xf32>, %i: tensor<3x2xi32>) -> tensor<3xf32> {
  // expected-error@+1 {{dsc.gather: indices of shape (3, 2) must end in a dim of size 1 (one per entry of dims (0,))}}
  %0 = "dsc.gather"(%x, %i) {dims = array<i64: 0>} : (tensor<4x5xf32>, tensor<3x2xi32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @f(%x: tensor<4x5xf32>, %i: tensor<3x1xf32>) -> tensor<3x5xf32> {
  // expected-error@+1 {{dsc.gather: indices must be integers, got float32}}
  %0 = "dsc.gather"(%x, %i) {dims = array<i64: 0>} : (tensor<4x5xf32>, tensor<3x1xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

func.func @f(%x: tensor<4x5xf32>, %i: tensor<3x1xi32>) -> tensor<3x5xf32> {
  // expected-error@+1 {{dsc.gather: dims (2,) invalid for operand shape (4, 5)}}
  %0 = "dsc.gather"(%x, %i) {dims = array<i64: 2>} : (tensor<4x5xf32>, tensor<3x1xi32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

func.func @f(%x: tensor<0x5xf32>, %i: tensor<3x1xi32>) -> tensor<3x5xf32> {
  // expected-error@+1 {{dsc.gather: cannot gather from an empty dim of operand shape (0, 5) (dims (0,))}}
  %0 = "dsc.gather"(%x, %i) {dims = array<i64: 0>} : (tensor<0x5xf32>, tensor<3x1xi32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

func.func @f(%x: tensor<4x5xf32>, %i: tensor<3x1xi32>) -> tensor<3x4xf32> {
  // expected-error@+1 {{'dsc.gather' result type should be tensor<3x5xf32>, but is tensor<3x4xf32>}}
  %0 = "dsc.gather"(%x, %i) {dims = array<i64: 0>} : (tensor<4x5xf32>, tensor<3x1xi32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @f(%x: tensor<4x5xf32>, %i: tensor<3x1xi32>, %u: tensor<3x4xf32>) -> tensor<4x5xf32> {
  // expected-error@+1 {{dsc.scatter: updates of shape (3, 4) must have shape (3, 5) (indices (3, 1), operand (4, 5), dims (0,))}}
  %0 = "dsc.scatter"(%x, %i, %u) {dims = array<i64: 0>, mode = "add"} : (tensor<4x5xf32>, tensor<3x1xi32>, tensor<3x4xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @f(%x: tensor<4x5xf32>, %i: tensor<3x1xi32>, %u: tensor<3x5xf32>) -> tensor<4x5xf32> {
  // expected-error@+1 {{dsc.scatter: mode must be one of ('set', 'add', 'mul', 'min', 'max'), got 'sub'}}
  %0 = "dsc.scatter"(%x, %i, %u) {dims = array<i64: 0>, mode = "sub"} : (tensor<4x5xf32>, tensor<3x1xi32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @f(%x: tensor<4x5xf32>, %i: tensor<3x1xi32>, %u: tensor<3x5xi32>) -> tensor<4x5xf32> {
  // expected-error@+1 {{dsc.scatter: updates must have the operand's dtype float32, got int32}}
  %0 = "dsc.scatter"(%x, %i, %u) {dims = array<i64: 0>, mode = "set"} : (tensor<4x5xf32>, tensor<3x1xi32>, tensor<3x5xi32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @f(%x: tensor<4x5xi1>, %i: tensor<3x1xi32>, %u: tensor<3x5xi1>) -> tensor<4x5xi1> {
  // expected-error@+1 {{dsc.scatter: mode 'add' does not accept a boolean operand}}
  %0 = "dsc.scatter"(%x, %i, %u) {dims = array<i64: 0>, mode = "add"} : (tensor<4x5xi1>, tensor<3x1xi32>, tensor<3x5xi1>) -> tensor<4x5xi1>
  return %0 : tensor<4x5xi1>
}

// -----

// IRDL: the result type is the operand's
func.func @f(%x: tensor<4x5xf32>, %i: tensor<3x1xi32>, %u: tensor<3x5xf32>) -> tensor<3x5xf32> {
  // expected-error@+1 {{expected 'tensor<4x5xf32>' but got 'tensor<3x5xf32>'}}
  %0 = "dsc.scatter"(%x, %i, %u) {dims = array<i64: 0>, mode = "set"} : (tensor<4x5xf32>, tensor<3x1xi32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}
