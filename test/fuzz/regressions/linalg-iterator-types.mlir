// Fuzzer finding: `linalg.generic {iterator_types = [...]}` (custom form) with an entry
// that is not a string literal (a symbol, an integer, even #linalg.iterator_type<...>)
// made MLIR 22's parser abort on `cast<StringAttr>`; mlir-opt aborts too. The tools
// reject it with a diagnostic first.
// RUN: not %descend-opt %s --split-input-file 2>&1 | FileCheck %s --implicit-check-not=Assertion

#map = affine_map<(d0) -> (d0)>
// CHECK: linalg-iterator-types.mlir:[[# @LINE + 2]]:71: error: linalg.generic: iterator_types must be an array of strings ("parallel" or "reduction")
func.func @f(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = linalg.generic {indexing_maps = [#map, #map], iterator_types = [@rsqrt_f32]} ins(%a : tensor<4xi32>) outs(%b : tensor<4xi32>) {
  ^bb0(%in: i32, %out: i32):
    linalg.yield %in : i32
  } -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

#map = affine_map<(d0) -> (d0)>
// CHECK: linalg-iterator-types.mlir:[[# @LINE + 2]]:71: error: linalg.generic: iterator_types must be an array of strings
func.func @g(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = linalg.generic {indexing_maps = [#map, #map], iterator_types = [#linalg.iterator_type<parallel>]} ins(%a : tensor<4xi32>) outs(%b : tensor<4xi32>) {
  ^bb0(%in: i32, %out: i32):
    linalg.yield %in : i32
  } -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
