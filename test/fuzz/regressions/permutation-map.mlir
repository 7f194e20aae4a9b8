// Fuzzer finding: `permutation_map = <anything but an affine map>` in vector.transfer_read
// or vector.transfer_write made MLIR 22's parser abort on cast<AffineMapAttr> (mlir-opt
// too). The tools reject it before parsing; maps and aliases of maps are accepted.
// RUN: not %descend-opt %s --split-input-file 2>&1 | FileCheck %s
// RUN: not %descend-opt %s --split-input-file 2>/dev/null | FileCheck %s --check-prefix=OK

// CHECK: permutation-map.mlir:[[# @LINE + 2]]:59: error: permutation_map must be an affine map
func.func @symbol(%m: memref<4xf32>, %i: index, %p: f32) -> vector<4xf32> {
  %v = vector.transfer_read %m[%i], %p {permutation_map = @f} : memref<4xf32>, vector<4xf32>
  return %v : vector<4xf32>
}

// -----

#n = 1
// CHECK: permutation-map.mlir:[[# @LINE + 2]]:55: error: permutation_map must be an affine map
func.func @alias_of_int(%m: memref<4xf32>, %i: index, %w: vector<4xf32>) {
  vector.transfer_write %w, %m[%i] {permutation_map = #n} : vector<4xf32>, memref<4xf32>
  return
}

// -----

#map = affine_map<(d0) -> (d0)>
// OK-LABEL: func.func @alias_of_map(
// OK: vector.transfer_read
func.func @alias_of_map(%m: memref<4xf32>, %i: index, %p: f32) -> vector<4xf32> {
  %v = vector.transfer_read %m[%i], %p {permutation_map = #map} : memref<4xf32>, vector<4xf32>
  return %v : vector<4xf32>
}
