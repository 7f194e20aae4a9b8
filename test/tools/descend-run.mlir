// descend-run: inputs from .npy files (in argument order), --entry, outputs
// printed or saved (-o .npy for one output, .npz for several), and one-line
// errors with exit code 1. Expected values computed by hand:
// [[1, 2], [3, 4]] @ [[0, 1], [1, 0]] swaps the columns.
// RUN: %python -c "import numpy as np; np.save(r'%t.a.npy', np.array([[1, 2], [3, 4]], np.float32)); np.save(r'%t.b.npy', np.array([[0, 1], [1, 0]], np.float32)); np.save(r'%t.i.npy', np.array([1, -2, 0], np.int32)); np.save(r'%t.f64.npy', np.zeros(3))"
// RUN: %descend-run %s --input %t.a.npy --input %t.b.npy | FileCheck %s --check-prefix=MAIN
// RUN: %descend-run %s --entry other --input %t.i.npy | FileCheck %s --check-prefix=OTHER
// RUN: %descend-run %s --entry other --input %t.i.npy -o %t.out.npz | count 0
// RUN: %python -c "import numpy as np; d = np.load(r'%t.out.npz'); assert d['arr_0'].tolist() == [-1, 2, 0] and d['arr_0'].dtype == np.int32, d['arr_0']; assert d['arr_1'].tolist() == [True, False, False], d['arr_1']"
// RUN: %descend-run %s --random-inputs --seed 3 | FileCheck %s --check-prefix=RANDOM
// RUN: not %descend-run %s --entry nope 2>&1 | FileCheck %s --check-prefix=NO-ENTRY
// RUN: not %descend-run %s --input %t.a.npy 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not %descend-run %s --entry other --input %t.f64.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// RUN: not %descend-run %s --entry other --input %t.i.npy -o %t.one.npy 2>&1 | FileCheck %s --check-prefix=NPZ
// RUN: not %descend-run %s --entry dynamic --random-inputs 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// RUN: not %descend-run %t.missing.mlir 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not %descend-run %S/Inputs/syntax-error.mlir 2>&1 | FileCheck %s --check-prefix=SYNTAX

// MAIN: output 0: float32[2, 2]
// MAIN-NEXT: {{\[\[}}2. 1.]
// MAIN-NEXT: [4. 3.]]

// -[1, -2, 0] and [1, -2, 0] > 0
// OTHER: output 0: int32[3]
// OTHER-NEXT: [-1  2  0]
// OTHER-NEXT: output 1: bool[3]
// OTHER-NEXT: [ True False False]

// RANDOM: output 0: float32[2, 2]

// NO-ENTRY: descend-run: no function 'nope' in {{.*}}descend-run.mlir (functions: main, other, dynamic)
// COUNT: descend-run: the function takes 2 arguments, but 1 --input files were given
// DTYPE: descend-run: input 0 ('{{.*}}.f64.npy') is float64[3], expected int32[3]
// NPZ: descend-run: could not save outputs: 2 outputs need an .npz file
// DYNAMIC: descend-run: function 'dynamic': expected a static shape, got tensor<?xf32> (arguments and results must be static tensors)
// MISSING: descend-run: could not open input file '{{.*}}.missing.mlir': No such file or directory
// SYNTAX: syntax-error.mlir:2:51: error: expected operation name in quotes

func.func @main(%a: tensor<2x2xf32>, %b: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %0 = "dsc.dot_general"(%a, %b) {lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>, lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

func.func @other(%a: tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi1>) {
  %0 = "dsc.neg"(%a) : (tensor<3xi32>) -> tensor<3xi32>
  %z = "dsc.constant"() {value = dense<0> : tensor<3xi32>} : () -> tensor<3xi32>
  %1 = "dsc.compare"(%a, %z) {direction = "GT"} : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi1>
  return %0, %1 : tensor<3xi32>, tensor<3xi1>
}

func.func @dynamic(%a: tensor<?xf32>) -> tensor<?xf32> {
  return %a : tensor<?xf32>
}
