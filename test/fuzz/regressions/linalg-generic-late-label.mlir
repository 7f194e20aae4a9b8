// Fuzzer finding: ops before the block label in the region of a linalg.generic (custom
// form), with a value defined there used outside the region, made MLIR 22's parser abort
// the process while discarding the op ("LLVM ERROR: operation destroyed but still has
// uses"; from the Python bindings, mlir-opt reports an error). Such a region is always
// invalid (its one block carries the arguments): the tools reject it before parsing.
// RUN: not %descend-opt %s 2>&1 | FileCheck %s --implicit-check-not="LLVM ERROR"
// RUN: not %descend-run %s 2>&1 | FileCheck %s --implicit-check-not="LLVM ERROR"

#map = affine_map<(d0) -> (d0)>
func.func @f(%arg0: tensor<2xf32>, %0: tensor<2xf32>) -> f32 {
  func.return %2 : f32
  %1 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]} ins(%arg0 : tensor<2xf32>) outs(%0 : tensor<2xf32>) attrs = {foo} {
    %2 = arith.constant 1.0 : f32
  // CHECK: linalg-generic-late-label.mlir:[[# @LINE + 1]]:3: error: linalg.generic: the region must be one block that begins with its label and arguments (^bb0(...):)
  ^bb0(%in: f32, %out: f32):
