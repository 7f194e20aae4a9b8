// The dsc dialect: descend's tensor-level ops, modelled on JAX's lax primitives.
//
// This file is the declarative definition (IRDL), loaded at run time by
// `descend.dialects.dsc.load_dsc_dialect` and by `mlir-opt --irdl-file=`.
// IRDL checks base types (tensor operands, attribute kinds) and, where one
// constraint variable is reused, that types are equal. Shapes, dtypes and
// attribute values are checked by the shape rules in `shape_rules.py`
// (the `dsc-verify` pass), because IRDL cannot express them.
irdl.dialect @dsc {
  // ---- elementwise unary: result has the operand's type ----
  // neg(x), elementwise
  irdl.operation @neg {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // abs(x), elementwise
  irdl.operation @abs {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // sign(x), elementwise
  irdl.operation @sign {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // exp(x), elementwise
  irdl.operation @exp {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // log(x), elementwise
  irdl.operation @log {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // log1p(x), elementwise
  irdl.operation @log1p {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // expm1(x), elementwise
  irdl.operation @expm1 {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // sqrt(x), elementwise
  irdl.operation @sqrt {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // rsqrt(x), elementwise
  irdl.operation @rsqrt {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // sin(x), elementwise
  irdl.operation @sin {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // cos(x), elementwise
  irdl.operation @cos {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // tan(x), elementwise
  irdl.operation @tan {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // tanh(x), elementwise
  irdl.operation @tanh {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // logistic(x), elementwise
  irdl.operation @logistic {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // floor(x), elementwise
  irdl.operation @floor {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // ceil(x), elementwise
  irdl.operation @ceil {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // round(x), elementwise
  irdl.operation @round {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // not(x), elementwise
  irdl.operation @not {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // stop_gradient(x): the identity, whose derivative is zero (as lax.stop_gradient)
  irdl.operation @stop_gradient {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // ---- elementwise binary: operands and result share one type ----
  // add(lhs, rhs), elementwise
  irdl.operation @add {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // sub(lhs, rhs), elementwise
  irdl.operation @sub {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // mul(lhs, rhs), elementwise
  irdl.operation @mul {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // div(lhs, rhs), elementwise
  irdl.operation @div {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // rem(lhs, rhs), elementwise
  irdl.operation @rem {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // pow(lhs, rhs), elementwise
  irdl.operation @pow {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // max(lhs, rhs), elementwise
  irdl.operation @max {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // min(lhs, rhs), elementwise
  irdl.operation @min {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // atan2(lhs, rhs), elementwise
  irdl.operation @atan2 {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // and(lhs, rhs), elementwise
  irdl.operation @and {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // or(lhs, rhs), elementwise
  irdl.operation @or {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // xor(lhs, rhs), elementwise
  irdl.operation @xor {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // elementwise comparison; direction is one of "EQ", "NE", "LT", "LE", "GT", "GE"; result is i1
  irdl.operation @compare {
    %lhs = irdl.base "!builtin.tensor"
    %rhs = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %direction = irdl.base "#builtin.string"
    irdl.operands(lhs: %lhs, rhs: %rhs)
    irdl.results(result: %result)
    irdl.attributes { "direction" = %direction }
  }
  // select(pred, on_true, on_false), elementwise; pred is i1
  irdl.operation @select {
    %pred = irdl.base "!builtin.tensor"
    %on_true = irdl.base "!builtin.tensor"
    %on_false = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(pred: %pred, on_true: %on_true, on_false: %on_false)
    irdl.results(result: %result)
  }
  // dtype cast, elementwise; the result type names the new element type
  irdl.operation @convert {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }
  // a constant tensor
  irdl.operation @constant {
    %result = irdl.base "!builtin.tensor"
    %value = irdl.base "#builtin.dense_int_or_fp_elements"
    irdl.results(result: %result)
    irdl.attributes { "value" = %value }
  }
  // iota along `dimension` of the result shape
  irdl.operation @iota {
    %result = irdl.base "!builtin.tensor"
    %dimension = irdl.base "#builtin.integer"
    irdl.results(result: %result)
    irdl.attributes { "dimension" = %dimension }
  }
  // operand dim i becomes result dim broadcast_dimensions[i] (size 1 or equal)
  irdl.operation @broadcast_in_dim {
    %operand = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %broadcast_dimensions = irdl.base "#builtin.dense_array"
    irdl.operands(operand: %operand)
    irdl.results(result: %result)
    irdl.attributes { "broadcast_dimensions" = %broadcast_dimensions }
  }
  // row-major reshape to the result type's shape (same element count)
  irdl.operation @reshape {
    %operand = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(operand: %operand)
    irdl.results(result: %result)
  }
  // result dim i is operand dim permutation[i]
  irdl.operation @transpose {
    %operand = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %permutation = irdl.base "#builtin.dense_array"
    irdl.operands(operand: %operand)
    irdl.results(result: %result)
    irdl.attributes { "permutation" = %permutation }
  }
  // reverse the order of elements along each of `dimensions` (as lax.rev)
  irdl.operation @rev {
    %operand = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %dimensions = irdl.base "#builtin.dense_array"
    irdl.operands(operand: %operand)
    irdl.results(result: %result)
    irdl.attributes { "dimensions" = %dimensions }
  }
  // slice of static size `slice_sizes` at run-time start indices (rank-0 integer tensors,
  // one per dimension), clamped so that the slice fits (as lax.dynamic_slice)
  irdl.operation @dynamic_slice {
    %operand = irdl.base "!builtin.tensor"
    %index = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %slice_sizes = irdl.base "#builtin.dense_array"
    irdl.operands(operand: %operand, start_indices: variadic %index)
    irdl.results(result: %result)
    irdl.attributes { "slice_sizes" = %slice_sizes }
  }
  // operand with `update` written at run-time start indices, clamped so that it fits
  // (as lax.dynamic_update_slice)
  irdl.operation @dynamic_update_slice {
    %operand = irdl.base "!builtin.tensor"
    %update = irdl.base "!builtin.tensor"
    %index = irdl.base "!builtin.tensor"
    irdl.operands(operand: %operand, update: %update, start_indices: variadic %index)
    irdl.results(result: %operand)
  }
  // strided static slice
  irdl.operation @slice {
    %operand = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %start_indices = irdl.base "#builtin.dense_array"
    %limit_indices = irdl.base "#builtin.dense_array"
    %strides = irdl.base "#builtin.dense_array"
    irdl.operands(operand: %operand)
    irdl.results(result: %result)
    irdl.attributes { "start_indices" = %start_indices, "limit_indices" = %limit_indices, "strides" = %strides }
  }
  // concatenation of lhs and rhs along `dimension`. Binary, because IRDL makes all
  // members of a variadic operand group share one type; lax.concatenate folds left.
  irdl.operation @concatenate {
    %lhs = irdl.base "!builtin.tensor"
    %rhs = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %dimension = irdl.base "#builtin.integer"
    irdl.operands(lhs: %lhs, rhs: %rhs)
    irdl.results(result: %result)
    irdl.attributes { "dimension" = %dimension }
  }
  // pad with a scalar; low/high may be negative, interior >= 0 (as lax.pad)
  irdl.operation @pad {
    %operand = irdl.base "!builtin.tensor"
    %padding_value = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %edge_padding_low = irdl.base "#builtin.dense_array"
    %edge_padding_high = irdl.base "#builtin.dense_array"
    %interior_padding = irdl.base "#builtin.dense_array"
    irdl.operands(operand: %operand, padding_value: %padding_value)
    irdl.results(result: %result)
    irdl.attributes { "edge_padding_low" = %edge_padding_low, "edge_padding_high" = %edge_padding_high, "interior_padding" = %interior_padding }
  }
  // reduction over `axes`; kind is one of "sum", "prod", "max", "min", "and", "or"
  irdl.operation @reduce {
    %operand = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %axes = irdl.base "#builtin.dense_array"
    %kind = irdl.base "#builtin.string"
    irdl.operands(operand: %operand)
    irdl.results(result: %result)
    irdl.attributes { "axes" = %axes, "kind" = %kind }
  }
  // contraction: result dims are batch, lhs free, rhs free (as lax.dot_general)
  irdl.operation @dot_general {
    %lhs = irdl.base "!builtin.tensor"
    %rhs = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %lhs_contracting_dimensions = irdl.base "#builtin.dense_array"
    %rhs_contracting_dimensions = irdl.base "#builtin.dense_array"
    %lhs_batch_dimensions = irdl.base "#builtin.dense_array"
    %rhs_batch_dimensions = irdl.base "#builtin.dense_array"
    irdl.operands(lhs: %lhs, rhs: %rhs)
    irdl.results(result: %result)
    irdl.attributes { "lhs_contracting_dimensions" = %lhs_contracting_dimensions, "rhs_contracting_dimensions" = %rhs_contracting_dimensions, "lhs_batch_dimensions" = %lhs_batch_dimensions, "rhs_batch_dimensions" = %rhs_batch_dimensions }
  }
  // index of the first maximum along `axis` (NaN counts as maximal); result is integer
  irdl.operation @argmax {
    %operand = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %axis = irdl.base "#builtin.integer"
    irdl.operands(operand: %operand)
    irdl.results(result: %result)
    irdl.attributes { "axis" = %axis }
  }
  // index of the first minimum along `axis` (NaN counts as minimal); result is integer
  irdl.operation @argmin {
    %operand = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %axis = irdl.base "#builtin.integer"
    irdl.operands(operand: %operand)
    irdl.results(result: %result)
    irdl.attributes { "axis" = %axis }
  }
  // ---- more elementwise ops (math, bits): result has the operand's type ----
  // asin(x), elementwise (arcsine)
  irdl.operation @asin {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // acos(x), elementwise (arccosine)
  irdl.operation @acos {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // atan(x), elementwise (arctangent)
  irdl.operation @atan {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // sinh(x), elementwise
  irdl.operation @sinh {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // cosh(x), elementwise
  irdl.operation @cosh {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // asinh(x), elementwise
  irdl.operation @asinh {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // acosh(x), elementwise
  irdl.operation @acosh {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // atanh(x), elementwise
  irdl.operation @atanh {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // erf(x), elementwise (the error function)
  irdl.operation @erf {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // erfc(x) = 1 - erf(x), elementwise
  irdl.operation @erfc {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // erf_inv(x), elementwise (the inverse error function, as lax.erf_inv)
  irdl.operation @erf_inv {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // cbrt(x), elementwise (the real cube root)
  irdl.operation @cbrt {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // exp2(x) = 2**x, elementwise
  irdl.operation @exp2 {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // lgamma(x) = log|gamma(x)|, elementwise
  irdl.operation @lgamma {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // digamma(x) = d/dx lgamma(x), elementwise
  irdl.operation @digamma {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // population_count(x): the number of set bits, elementwise, integers
  irdl.operation @population_count {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // clz(x): the number of leading zero bits, elementwise, integers
  irdl.operation @clz {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // shift_left(lhs, rhs), integers; shifts of rhs >= bit width (or < 0) give 0 (as lax)
  irdl.operation @shift_left {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // shift_right_logical(lhs, rhs), integers; zero-filling; out-of-range shifts give 0
  irdl.operation @shift_right_logical {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // shift_right_arithmetic(lhs, rhs), integers; sign-filling; out-of-range shifts give 0 or -1
  irdl.operation @shift_right_arithmetic {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // is_finite(x): neither inf nor nan, elementwise; float operand, i1 result
  irdl.operation @is_finite {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }
  // reinterpret the bits of each element as the result's element type, of the same
  // width (as lax.bitcast_convert_type, e.g. f32 <-> i32)
  irdl.operation @bitcast_convert_type {
    %x = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    irdl.operands(x: %x)
    irdl.results(result: %result)
  }
  // gather: `indices` has shape batch + [K] (integers); row b of it gives the positions in the
  // K operand dims `dims`. Result: batch shape + the operand's other dims, in order:
  // result[b, r] = operand[dims <- clamp(indices[b, :], 0, size - 1), other dims <- r].
  // Out-of-bounds indices are clamped (as JAX's gather), so no read is out of bounds.
  irdl.operation @gather {
    %operand = irdl.base "!builtin.tensor"
    %indices = irdl.base "!builtin.tensor"
    %result = irdl.base "!builtin.tensor"
    %dims = irdl.base "#builtin.dense_array"
    irdl.operands(operand: %operand, indices: %indices)
    irdl.results(result: %result)
    irdl.attributes { "dims" = %dims }
  }
  // scatter: operand with `updates` combined in at the positions of `indices` (shapes as
  // gather: updates = batch shape + the operand's other dims); `mode` is one of "set", "add",
  // "mul", "min", "max". Updates are applied in row-major batch order (a later duplicate
  // wins for "set"); rows with an out-of-bounds index are dropped (as JAX's default).
  irdl.operation @scatter {
    %operand = irdl.base "!builtin.tensor"
    %indices = irdl.base "!builtin.tensor"
    %updates = irdl.base "!builtin.tensor"
    %dims = irdl.base "#builtin.dense_array"
    %mode = irdl.base "#builtin.string"
    irdl.operands(operand: %operand, indices: %indices, updates: %updates)
    irdl.results(result: %operand)
    irdl.attributes { "dims" = %dims, "mode" = %mode }
  }
}
