// Pipelines mix descend's passes with upstream MLIR passes, as a textual
// --pass-pipeline (with nesting) or as one flag per pass, in the order given.
// The two exps lower to two math.exp that only CSE merges.
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-to-linalg, canonicalize, cse)' | FileCheck %s --check-prefix=CSE
// RUN: %descend-opt %s --dsc-to-linalg --canonicalize --cse | FileCheck %s --check-prefix=CSE
// RUN: %descend-opt %s --pass-pipeline='builtin.module(dsc-to-linalg, func.func(cse))' | FileCheck %s --check-prefix=CSE
// An upstream pass with options, as a flag.
// RUN: %descend-opt %s --dsc-to-linalg --canonicalize=max-iterations=1 --cse | FileCheck %s --check-prefix=CSE
// Without cse both exps stay.
// RUN: %descend-opt %s --dsc-to-linalg --canonicalize | FileCheck %s --check-prefix=NOCSE
// A descend pass after upstream ones: canonicalize leaves dsc ops alone, dsc-canonicalize merges them.
// RUN: %descend-opt %s --pass-pipeline='builtin.module(canonicalize, dsc-canonicalize, dsc-to-linalg)' | FileCheck %s --check-prefix=CSE
// RUN: %descend-opt %s --canonicalize --cse | FileCheck %s --check-prefix=DSC

// CSE-LABEL: func.func @f(
// CSE-SAME: %[[A:[a-zA-Z0-9_-]+]]: tensor<4xf32>)
// CSE-COUNT-1: math.exp %[[A]]
// CSE-NOT: math.exp
// CSE: return

// NOCSE-LABEL: func.func @f(
// NOCSE-COUNT-2: math.exp
// NOCSE-NOT: math.exp

// DSC-LABEL: func.func @f(
// DSC-COUNT-2: "dsc.exp"
// DSC-NOT: math.exp
func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "dsc.exp"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "dsc.exp"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  %2 = "dsc.add"(%0, %1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}
