// bool-storage-to-i8: every tensor<...xi1> becomes tensor<...xi8> holding 0/1
// (NumPy's bool layout): signatures, constants (non-splat values kept, in
// order), fills (the i1 scalar widened with extui), tensor.extract of a bool
// scalar (narrowed back with trunci); generic bodies trunci their i8
// arguments to i1 and extui their i1 results.
// RUN: %descend-opt %s --dsc-to-linalg --convert-elementwise-to-linalg --linalg-fuse-elementwise-ops --bool-storage-to-i8 | FileCheck %s --implicit-check-not=xi1

// CHECK-LABEL: func.func @logic(
// CHECK-SAME: %[[P:[a-zA-Z0-9_-]+]]: tensor<4xi8>, %[[X:[a-zA-Z0-9_-]+]]: tensor<4xf32>, %[[Y:[a-zA-Z0-9_-]+]]: tensor<4xf32>) -> (tensor<4xi8>, tensor<4xf32>)
// CHECK: %[[C:[a-zA-Z0-9_-]+]] = arith.constant dense<[1, 0, 1, 0]> : tensor<4xi8>
// CHECK: %[[N:[a-zA-Z0-9_-]+]] = linalg.generic {{.*}} ins(%[[P]], %[[C]] : tensor<4xi8>, tensor<4xi8>) outs(%{{.*}} : tensor<4xi8>)
// CHECK-NEXT: ^bb0(%[[A:[a-zA-Z0-9_-]+]]: i8, %[[B:[a-zA-Z0-9_-]+]]: i8, %{{[a-zA-Z0-9_-]+}}: i8):
// CHECK-NEXT: %[[A1:[a-zA-Z0-9_-]+]] = arith.trunci %[[A]] : i8 to i1
// CHECK-NEXT: %[[B1:[a-zA-Z0-9_-]+]] = arith.trunci %[[B]] : i8 to i1
// CHECK: %[[XOR:[a-zA-Z0-9_-]+]] = arith.xori %[[A1]], %[[B1]] : i1
// CHECK-NEXT: %[[W:[a-zA-Z0-9_-]+]] = arith.extui %[[XOR]] : i1 to i8
// CHECK-NEXT: linalg.yield %[[W]] : i8
// CHECK: %[[S:[a-zA-Z0-9_-]+]] = linalg.generic {{.*}} ins(%[[N]], %[[X]], %[[Y]] : tensor<4xi8>, tensor<4xf32>, tensor<4xf32>) outs(%{{.*}} : tensor<4xf32>)
// CHECK-NEXT: ^bb0(%[[PI:[a-zA-Z0-9_-]+]]: i8, %[[XI:[a-zA-Z0-9_-]+]]: f32, %[[YI:[a-zA-Z0-9_-]+]]: f32, %{{[a-zA-Z0-9_-]+}}: f32):
// CHECK-NEXT: %[[PB:[a-zA-Z0-9_-]+]] = arith.trunci %[[PI]] : i8 to i1
// CHECK-NEXT: %[[SEL:[a-zA-Z0-9_-]+]] = arith.select %[[PB]], %[[XI]], %[[YI]] : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: return %[[N]], %[[S]] : tensor<4xi8>, tensor<4xf32>
func.func @logic(%p: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xf32>) {
  %c = "dsc.constant"() {value = dense<[true, false, true, false]> : tensor<4xi1>} : () -> tensor<4xi1>
  %n = "dsc.xor"(%p, %c) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %s = "dsc.select"(%n, %x, %y) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %n, %s : tensor<4xi1>, tensor<4xf32>
}

// CHECK-LABEL: func.func @any(
// CHECK-SAME: %[[P:[a-zA-Z0-9_-]+]]: tensor<2x3xi8>) -> tensor<2xi8>
// CHECK: %[[F:[a-zA-Z0-9_-]+]] = arith.constant false
// CHECK: %[[F8:[a-zA-Z0-9_-]+]] = arith.extui %[[F]] : i1 to i8
// CHECK-NEXT: %[[INIT:[a-zA-Z0-9_-]+]] = linalg.fill ins(%[[F8]] : i8) outs(%{{.*}} : tensor<2xi8>) -> tensor<2xi8>
// CHECK-NEXT: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[P]] : tensor<2x3xi8>) outs(%[[INIT]] : tensor<2xi8>)
// CHECK-NEXT: ^bb0(%[[IN:[a-zA-Z0-9_-]+]]: i8, %[[ACC:[a-zA-Z0-9_-]+]]: i8):
// CHECK-NEXT: %[[IN1:[a-zA-Z0-9_-]+]] = arith.trunci %[[IN]] : i8 to i1
// CHECK-NEXT: %[[ACC1:[a-zA-Z0-9_-]+]] = arith.trunci %[[ACC]] : i8 to i1
// CHECK-NEXT: %[[OR:[a-zA-Z0-9_-]+]] = arith.ori %[[ACC1]], %[[IN1]] : i1
// CHECK-NEXT: %[[W:[a-zA-Z0-9_-]+]] = arith.extui %[[OR]] : i1 to i8
// CHECK-NEXT: linalg.yield %[[W]] : i8
func.func @any(%p: tensor<2x3xi1>) -> tensor<2xi1> {
  %0 = "dsc.reduce"(%p) {axes = array<i64: 1>, kind = "or"} : (tensor<2x3xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// CHECK-LABEL: func.func @pad_bool(
// CHECK-SAME: %[[P:[a-zA-Z0-9_-]+]]: tensor<2xi8>, %[[V:[a-zA-Z0-9_-]+]]: tensor<i8>) -> tensor<4xi8>
// CHECK-NEXT: %[[E:[a-zA-Z0-9_-]+]] = tensor.extract %[[V]][] : tensor<i8>
// CHECK-NEXT: %[[E1:[a-zA-Z0-9_-]+]] = arith.trunci %[[E]] : i8 to i1
// CHECK: %[[E8:[a-zA-Z0-9_-]+]] = arith.extui %[[E1]] : i1 to i8
// CHECK-NEXT: %[[F:[a-zA-Z0-9_-]+]] = linalg.fill ins(%[[E8]] : i8) outs(%{{.*}} : tensor<4xi8>) -> tensor<4xi8>
// CHECK-NEXT: %[[R:[a-zA-Z0-9_-]+]] = tensor.insert_slice %[[P]] into %[[F]][1] [2] [1] : tensor<2xi8> into tensor<4xi8>
// CHECK-NEXT: return %[[R]] : tensor<4xi8>
func.func @pad_bool(%p: tensor<2xi1>, %v: tensor<i1>) -> tensor<4xi1> {
  %0 = "dsc.pad"(%p, %v) {edge_padding_low = array<i64: 1>, edge_padding_high = array<i64: 1>, interior_padding = array<i64: 0>} : (tensor<2xi1>, tensor<i1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}
