// Fuzzer finding: a second block label in the region of a linalg.generic, with a value of
// the region used outside it, made MLIR 22's parser abort ("Cannot destroy a value that
// still has uses!"). Rejected before parsing.
// RUN: not %descend-opt %s 2>&1 | FileCheck %s --implicit-check-not=Assertion

#map = affine_map<(d0) -> (d0)>
%9 = arith.addf %out, %in : f32
%2 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]} ins(%a : tensor<4xf32>) outs(%b : tensor<4xf32>) {
^bb0(%in: f32, %out: f32):
// CHECK: linalg-generic-two-blocks.mlir:[[# @LINE + 1]]:1: error: linalg.generic: the region must be one block
^bb0(%in: f32, %out: f32):
