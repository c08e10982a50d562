"""Op-table rows for elementwise math: binary arithmetic with broadcasting, Python operators,
comparisons and logic, unary functions, ``cast``, ``where``, ``clip_by_value``, ``matmul``,
``add_n`` and ``qr``.
"""

import math

import numpy as np

import tensorweave.compat.v1 as tf
from optable import (A, B, case, normal, uniform, positive, away, lattice, avoid, ints, fixed,
                     np_matmul, np_sigmoid)

# Binary elementwise arithmetic: each over same shapes, (3,1)+(1,4), rank broadcasting and
# scalars on either side.
BROADCASTS = [
    ("same", (3, 4), (3, 4)),
    ("bcast", (3, 1), (1, 4)),
    ("rank", (2, 3, 4), (4,)),
    ("scalar_y", (2, 3), ()),
    ("scalar_x", (), (3,)),
    ("scalars", (), ()),  # 0-d results: NumPy scalars, which take no ``out=``
]

BINARY = [
    # name, function, reference, op types, x generator, y generator, extra Case arguments
    ("add", tf.add, np.add, ["AddV2", "ReduceToShape"], normal(), normal(), {}),
    ("subtract", tf.subtract, np.subtract, ["Sub", "Neg"], normal(), normal(), {}),
    ("multiply", tf.multiply, np.multiply, ["Mul"], normal(), normal(), {}),
    ("divide", tf.divide, np.divide, ["RealDiv"], normal(), away(0.5, 1.5), {}),
    ("realdiv", tf.realdiv, np.divide, ["RealDiv"], normal(), away(0.5, 1.5), {}),
    ("div", tf.div, np.divide, ["Div"], normal(), away(0.5, 1.5), {}),
    ("floordiv", tf.floordiv, lambda x, y: np.floor(x / y), ["RealDiv", "Floor"],
     normal(), away(0.5, 1.5), dict(grad=(), f32=False)),
    # |x / y| in [0.08, 0.87]: away from the jumps of x % y at integer quotients.
    ("mod", tf.mod, np.mod, ["FloorMod"], away(0.2, 1.3), away(1.5, 2.5), {}),
    ("pow", tf.pow, np.power, ["Pow"], positive(), normal(), {}),
    ("maximum", tf.maximum, np.maximum, ["Maximum"], lattice(0.0), lattice(0.5), {}),
    ("minimum", tf.minimum, np.minimum, ["Minimum"], lattice(0.0), lattice(0.5), {}),
    ("squared_difference", tf.squared_difference, lambda x, y: (x - y) ** 2,
     ["SquaredDifference"], normal(), normal(), {}),
    ("atan2", tf.atan2, np.arctan2, ["Atan2"], normal(), away(0.5, 1.5), {}),
]

for _name, _fn, _ref, _ops, _gx, _gy, _kw in BINARY:
    for _label, _sx, _sy in BROADCASTS:
        _ops_here = [o for o in _ops if o != "ReduceToShape" or _sx != _sy]
        case(f"{_name}_{_label}", (lambda fn: lambda x, y: fn(x, y))(_fn), _ref,
             [A(*_sx, gen=_gx), A(*_sy, gen=_gy)], _ops_here, **_kw)

# Integer arithmetic (forward only: no gradients for integers).
_i = dict(dtype=tf.int32)
case("int_add", tf.add, np.add, [A(3, 1, gen=ints(-5, 5), **_i), A(4, gen=ints(-5, 5), **_i)],
     ["AddV2"])
case("int_multiply", tf.multiply, np.multiply,
     [A(3, 4, gen=ints(-5, 5), **_i), A(3, 4, gen=ints(-5, 5), **_i)], ["Mul"])
case("int_floordiv", lambda x, y: x // y, np.floor_divide,
     [A(3, 4, gen=ints(-9, 9), **_i), A(3, 4, gen=ints(-4, 4, nonzero=True), **_i)],
     ["FloorDiv"])
case("int_mod", lambda x, y: x % y, np.mod,
     [A(3, 4, gen=ints(-9, 9), **_i), A(3, 4, gen=ints(-4, 4, nonzero=True), **_i)],
     ["FloorMod"])
case("int_div", tf.div, np.floor_divide,
     [A(3, 4, gen=ints(-9, 9), **_i), A(4, gen=ints(-4, 4, nonzero=True), **_i)], ["Div"])
case("int_truediv", lambda x, y: x / y, lambda x, y: x.astype(np.float64) / y,
     [A(3, 4, gen=ints(-9, 9), **_i), A(3, 4, gen=ints(-4, 4, nonzero=True), **_i)],
     ["Cast", "RealDiv"])
case("int_pow", lambda x, y: x ** y, np.power,
     [A(3, 4, gen=ints(-4, 4), **_i), A(3, 4, gen=ints(0, 4), **_i)], ["Pow"])
case("int_maximum", tf.maximum, np.maximum,
     [A(3, 4, gen=ints(-5, 5), **_i), A(gen=ints(-1, 1), **_i)], ["Maximum"])
case("int_squared_difference", tf.squared_difference, lambda x, y: (x - y) ** 2,
     [A(3, 4, gen=ints(-5, 5), **_i), A(3, 4, gen=ints(-5, 5), **_i)], ["SquaredDifference"])
case("int64_subtract", tf.subtract, np.subtract,
     [A(2, 3, gen=ints(-5, 5), dtype=tf.int64), A(2, 3, gen=ints(-5, 5), dtype=tf.int64)],
     ["Sub"])
case("bool_multiply", tf.multiply, np.logical_and, [B(3, 4), B(3, 4)], ["Mul"])

# Python operators on tensors, including the reflected forms with a Python operand.
case("op_add", lambda x, y: x + y, np.add, [A(3, 1), A(1, 4)], ["AddV2"])
case("op_radd", lambda x: 2.0 + x, lambda x: 2.0 + x, [A(3, 4)], ["AddV2"])
case("op_sub", lambda x, y: x - y, np.subtract, [A(3, 1), A(1, 4)], ["Sub"])
case("op_rsub", lambda x: 1.5 - x, lambda x: 1.5 - x, [A(3, 4)], ["Sub"])
case("op_mul", lambda x, y: x * y, np.multiply, [A(3, 1), A(1, 4)], ["Mul"])
case("op_rmul", lambda x: 3.0 * x, lambda x: 3.0 * x, [A(3, 4)], ["Mul"])
case("op_truediv", lambda x, y: x / y, np.divide, [A(3, 1), A(1, 4, gen=away(0.5, 1.5))],
     ["RealDiv"])
case("op_rtruediv", lambda x: 2.0 / x, lambda x: 2.0 / x, [A(3, 4, gen=away(0.5, 1.5))],
     ["RealDiv"])
case("op_floordiv", lambda x, y: x // y, lambda x, y: np.floor(x / y),
     [A(3, 4), A(3, 4, gen=away(0.5, 1.5))], ["Floor"], grad=(), f32=False)
case("op_rfloordiv", lambda x: 7.0 // x, lambda x: np.floor(7.0 / x),
     [A(3, 4, gen=away(0.5, 1.5))], ["Floor"], grad=(), f32=False)
case("op_mod", lambda x, y: x % y, np.mod, [A(3, 4, gen=away(0.2, 1.3)),
                                            A(1, 4, gen=away(1.5, 2.5))], ["FloorMod"])
# 5 / y in [2.08, 2.94]: away from the jumps of 5 % y.
case("op_rmod", lambda y: 5.0 % y, lambda y: np.mod(5.0, y), [A(3, 4, gen=uniform(1.7, 2.4))],
     ["FloorMod"])
case("op_pow", lambda x, y: x ** y, np.power, [A(3, 4, gen=positive()), A(3, 4)], ["Pow"])
case("op_pow_scalar", lambda x: x ** 2, lambda x: x ** 2, [A(3, 4)], ["Pow"])
case("op_rpow", lambda x: 2.0 ** x, lambda x: 2.0 ** x, [A(3, 4)], ["Pow"])
case("op_matmul", lambda a, b: a @ b, np.matmul, [A(3, 4), A(4, 2)], ["MatMul"])
case("op_neg", lambda x: -x, np.negative, [A(3, 4)], ["Neg"])
case("op_abs", lambda x: abs(x), np.abs, [A(3, 4, gen=away())], ["Abs", "Sign"])
case("op_lt", lambda x, y: x < y, np.less, [A(3, 1), A(1, 4)], ["Less"])
case("op_le", lambda x, y: x <= y, np.less_equal, [A(3, 4, gen=ints(-2, 2)),
                                                   A(3, 4, gen=ints(-2, 2))], ["LessEqual"])
case("op_gt", lambda x: x > 0.25, lambda x: x > 0.25, [A(3, 4)], ["Greater"])
case("op_ge", lambda x, y: x >= y, np.greater_equal, [A(3, 4, gen=ints(-2, 2)),
                                                      A(4, gen=ints(-2, 2))], ["GreaterEqual"])
case("op_rlt", lambda x: 0.5 < x, lambda x: 0.5 < x, [A(3, 4)], ["Greater"])
case("op_and", lambda x, y: x & y, np.logical_and, [B(3, 4), B(3, 4)], ["LogicalAnd"])
case("op_or", lambda x, y: x | y, np.logical_or, [B(3, 1), B(1, 4)], ["LogicalOr"])
case("op_invert", lambda x: ~x, np.logical_not, [B(3, 4)], ["LogicalNot"])
case("op_xor", lambda x, y: x ^ y, np.logical_xor, [B(3, 4), B(3, 4)],
     ["LogicalOr", "LogicalAnd", "LogicalNot"])
# On integers the operators are bitwise (TF's tf.bitwise ops).
case("op_int_and", lambda x, y: x & y, np.bitwise_and,
     [A(3, 4, gen=ints(-9, 9), dtype=tf.int32), A(3, 4, gen=ints(0, 9), dtype=tf.int32)],
     ["BitwiseAnd"], grad=())
case("op_int_or", lambda x, y: x | y, np.bitwise_or,
     [A(3, 4, gen=ints(-9, 9), dtype=tf.int64), A(1, 4, gen=ints(0, 9), dtype=tf.int64)],
     ["BitwiseOr"], grad=())
case("op_int_xor", lambda x, y: x ^ y, np.bitwise_xor,
     [A(3, 4, gen=ints(-9, 9), dtype=tf.int32), A(3, 4, gen=ints(-9, 9), dtype=tf.int32)],
     ["BitwiseXor"], grad=())
case("op_int_invert", lambda x: ~x, np.invert, [A(3, 4, gen=ints(-9, 9), dtype=tf.int32)],
     ["Invert"], grad=())
case("left_shift", tf.bitwise.left_shift, np.left_shift,
     [A(3, 4, gen=ints(-9, 9), dtype=tf.int32), A(3, 4, gen=ints(0, 5), dtype=tf.int32)],
     ["LeftShift"], grad=())
case("right_shift", tf.bitwise.right_shift, np.right_shift,
     [A(3, 4, gen=ints(-99, 99), dtype=tf.int32), A(3, 4, gen=ints(0, 5), dtype=tf.int32)],
     ["RightShift"], grad=())
case("op_int_floordiv_python", lambda x: x // 3, lambda x: x // 3,
     [A(3, 4, gen=ints(-9, 9), dtype=tf.int32)], ["FloorDiv"])
case("op_int_rmod_python", lambda x: 7 % x, lambda x: 7 % x,
     [A(3, 4, gen=ints(-4, 4, nonzero=True), dtype=tf.int32)], ["FloorMod"])

# Comparisons and logic as functions.
for _name, _fn, _ref, _op in [("less", tf.less, np.less, "Less"),
                              ("less_equal", tf.less_equal, np.less_equal, "LessEqual"),
                              ("greater", tf.greater, np.greater, "Greater"),
                              ("greater_equal", tf.greater_equal, np.greater_equal,
                               "GreaterEqual"),
                              ("equal", tf.equal, np.equal, "Equal"),
                              ("not_equal", tf.not_equal, np.not_equal, "NotEqual")]:
    case(_name, _fn, _ref, [A(3, 1, gen=ints(-2, 2)), A(1, 4, gen=ints(-2, 2))], [_op])
case("equal_int", tf.equal, np.equal, [A(3, 4, gen=ints(-2, 2), dtype=tf.int32),
                                       A(gen=ints(0, 1), dtype=tf.int32)], ["Equal"])
case("equal_bool", tf.equal, np.equal, [B(3, 4), B(3, 4)], ["Equal"])
case("logical_and", tf.logical_and, np.logical_and, [B(3, 1), B(1, 4)], ["LogicalAnd"])
case("logical_or", tf.logical_or, np.logical_or, [B(3, 4), B()], ["LogicalOr"])
case("logical_not", tf.logical_not, np.logical_not, [B(2, 3)], ["LogicalNot"])
case("logical_xor", tf.logical_xor, np.logical_xor, [B(3, 1), B(1, 4)],
     ["LogicalAnd", "LogicalOr", "LogicalNot"])

# Unary math.
UNARY = [
    # name, function, reference, op types, generator, extra Case arguments
    ("negative", tf.negative, np.negative, ["Neg"], normal(), {}),
    ("exp", tf.exp, np.exp, ["Exp"], normal(), {}),
    ("expm1", tf.expm1, np.expm1, ["Expm1", "Exp"], normal(), {}),
    ("log", tf.log, np.log, ["Log", "Reciprocal"], positive(), {}),
    ("log1p", tf.log1p, np.log1p, ["Log1p", "Reciprocal"], uniform(-0.5, 2.0), {}),
    ("sqrt", tf.sqrt, np.sqrt, ["Sqrt"], positive(), {}),
    ("rsqrt", tf.rsqrt, lambda x: 1 / np.sqrt(x), ["Rsqrt", "Square"], positive(), {}),
    ("square", tf.square, np.square, ["Square"], normal(), {}),
    ("abs", tf.abs, np.abs, ["Abs", "Sign"], away(), {}),
    ("sign", tf.sign, np.sign, ["Sign", "ZerosLike"], away(), {}),
    ("reciprocal", tf.reciprocal, lambda x: 1 / x, ["Reciprocal", "Square"], away(0.5, 1.5),
     {}),
    ("sigmoid", tf.sigmoid, np_sigmoid, ["Sigmoid"], normal(2.0), {}),
    ("tanh", tf.tanh, np.tanh, ["Tanh"], normal(), {}),
    ("sin", tf.sin, np.sin, ["Sin", "Cos"], normal(), {}),
    ("cos", tf.cos, np.cos, ["Cos", "Sin"], normal(), {}),
    ("floor", tf.floor, np.floor, ["Floor"], normal(2.0), dict(grad=())),
    ("ceil", tf.ceil, np.ceil, ["Ceil"], normal(2.0), dict(grad=())),
    ("round", tf.round, np.rint, ["Round"], normal(2.0), dict(grad=())),
    ("relu", tf.nn.relu, lambda x: np.maximum(x, 0), ["Relu", "ReluGrad"], away(), {}),
    ("softplus", tf.nn.softplus, lambda x: np.logaddexp(0, x), ["Softplus", "Sigmoid"],
     normal(2.0), {}),
    ("identity", tf.identity, lambda x: x, ["Identity"], normal(), {}),
    ("nn_sigmoid", tf.nn.sigmoid, np_sigmoid, ["Sigmoid"], normal(), {}),
    ("nn_tanh", tf.nn.tanh, np.tanh, ["Tanh"], normal(), {}),
    ("tan", tf.tan, np.tan, ["Tan", "Cos", "Reciprocal", "Square"], uniform(-1.2, 1.2), {}),
    ("asin", tf.asin, np.arcsin, ["Asin", "Rsqrt"], uniform(-0.8, 0.8), {}),
    ("acos", tf.acos, np.arccos, ["Acos", "Rsqrt"], uniform(-0.8, 0.8), {}),
    ("atan", tf.atan, np.arctan, ["Atan", "Reciprocal"], normal(), {}),
    ("sinh", tf.sinh, np.sinh, ["Sinh", "Cosh"], normal(), {}),
    ("cosh", tf.cosh, np.cosh, ["Cosh", "Sinh"], normal(), {}),
    ("asinh", tf.asinh, np.arcsinh, ["Asinh", "Cosh"], normal(), {}),
    ("acosh", tf.acosh, np.arccosh, ["Acosh", "Sinh"], uniform(1.2, 3.0), {}),
    ("atanh", tf.atanh, np.arctanh, ["Atanh", "Reciprocal"], uniform(-0.8, 0.8), {}),
    ("erf", tf.erf, np.vectorize(math.erf), ["Erf", "Exp"], normal(), {}),
    ("erfc", tf.erfc, np.vectorize(math.erfc), ["Erfc", "Exp"], normal(), {}),
]
for _name, _fn, _ref, _ops, _gen, _kw in UNARY:
    case(_name, (lambda fn: lambda x: fn(x))(_fn), _ref, [A(3, 4, gen=_gen)], _ops, **_kw)
    # 0-d: NumPy's ufuncs give scalars there, which kernels must not write into
    case(f"{_name}_scalar", (lambda fn: lambda x: fn(x))(_fn), _ref, [A(gen=_gen)], _ops,
         **_kw)
    if _name in ("exp", "log", "tanh", "relu", "square"):
        case(f"{_name}_3d", (lambda fn: lambda x: fn(x))(_fn), _ref, [A(2, 3, 2, gen=_gen)],
             _ops, **_kw)
case("round_half_even", tf.round, np.rint, [A(6, gen=fixed([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]))],
     ["Round"], grad=())
case("stop_gradient", tf.stop_gradient, lambda x: x, [A(3, 4)], ["StopGradient"], grad=())
case("int_negative", tf.negative, np.negative, [A(3, 4, gen=ints(-5, 5), dtype=tf.int32)],
     ["Neg"])
case("int_abs", tf.abs, np.abs, [A(3, 4, gen=ints(-5, 5), dtype=tf.int32)], ["Abs"])
case("int_square", tf.square, np.square, [A(3, 4, gen=ints(-5, 5), dtype=tf.int64)],
     ["Square"])
case("int_sign", tf.sign, np.sign, [A(3, 4, gen=ints(-2, 2), dtype=tf.int32)], ["Sign"])
case("int_relu", tf.nn.relu, lambda x: np.maximum(x, 0),
     [A(3, 4, gen=ints(-3, 3), dtype=tf.int32)], ["Relu"])
_special = [[0.0, np.nan, np.inf], [-np.inf, 1.5, -2.0]]
case("is_nan", tf.is_nan, np.isnan, [A(2, 3, gen=fixed(_special))], ["IsNan"], grad=())
case("is_inf", tf.is_inf, np.isinf, [A(2, 3, gen=fixed(_special))], ["IsInf"], grad=())
case("is_finite", tf.is_finite, np.isfinite, [A(2, 3, gen=fixed(_special))], ["IsFinite"],
     grad=())

# Cast. Float -> float is differentiable; the float32 round trip only needs a coarse step.
case("cast_f64_f32_f64", lambda x: tf.cast(tf.cast(x, tf.float32), tf.float64),
     lambda x: x.astype(np.float32).astype(np.float64), [A(3, 4)], ["Cast"], f32=False,
     fd_eps=1e-2, grad_rtol=1e-5)
case("cast_float_to_int32", lambda x: tf.cast(x, tf.int32), lambda x: x.astype(np.int32),
     [A(3, 4, gen=normal(3.0))], ["Cast"], grad=())
case("cast_int_to_float", lambda x: tf.cast(x, tf.float64), lambda x: x.astype(np.float64),
     [A(3, 4, gen=ints(-5, 5), dtype=tf.int32)], ["Cast"])
case("cast_bool_to_float", lambda x: tf.cast(x, tf.float32), lambda x: x.astype(np.float32),
     [B(3, 4)], ["Cast"])
case("cast_float_to_bool", lambda x: tf.cast(x, tf.bool), lambda x: x.astype(bool),
     [A(3, 4, gen=ints(-1, 2))], ["Cast"], grad=())
case("cast_int64_to_int32", lambda x: tf.cast(x, tf.int32), lambda x: x.astype(np.int32),
     [A(3, 4, gen=ints(-5, 5), dtype=tf.int64)], ["Cast"])
case("to_float", tf.to_float, lambda x: x.astype(np.float32),
     [A(3, gen=ints(-5, 5), dtype=tf.int32)], ["Cast"])
case("to_int64", tf.to_int64, lambda x: x.astype(np.int64), [A(3, gen=normal(3.0))], ["Cast"],
     grad=())

# where: TF 1's select (one shape, or a vector choosing rows), where_v2 with broadcasting,
# and one-argument coordinates.
case("where_rows", tf.where, lambda c, x, y: np.where(c[:, None], x, y),
     [B(3), A(3, 4), A(3, 4)], ["Select"])  # TF 1's Select: the vector picks rows
case("where_same", tf.where, np.where, [B(3, 4), A(3, 4), A(3, 4)], ["SelectV2", "ZerosLike"])
case("where_bcast", tf.where_v2, np.where, [B(3, 1), A(1, 4), A(3, 4)],
     ["SelectV2", "ReduceToShape"])
case("where_scalar_x", tf.where_v2, np.where, [B(2, 3), A(), A(2, 3)], ["SelectV2"])
case("where_python_y", lambda c, x: tf.where_v2(c, x, 0.5), lambda c, x: np.where(c, x, 0.5),
     [B(2, 3), A(2, 3)], ["SelectV2"])
case("where_v2", tf.where_v2, np.where, [B(3, 1, 1), A(2, 1), A(1, 3)], ["SelectV2"])
case("where_coords", tf.where, np.argwhere, [B(3, 4)], ["Where"], exact=False,
     none_shape=(None, 2))
case("where_coords_3d", tf.where, np.argwhere, [B(2, 3, 2)], ["Where"], exact=False,
     none_shape=(None, 3))

# clip_by_value: inputs kept away from the bounds, where the gradient jumps.
case("clip_by_value", lambda x: tf.clip_by_value(x, -0.5, 0.5), lambda x: np.clip(x, -0.5, 0.5),
     [A(3, 4, gen=avoid([-0.5, 0.5]))], ["Minimum", "Maximum"])
case("clip_by_value_tensor_bounds", tf.clip_by_value, lambda x, lo, hi: np.clip(x, lo, hi),
     [A(3, 4, gen=avoid([-0.5, 0.5])), A(gen=fixed(-0.5)), A(gen=fixed(0.5))],
     ["Minimum", "Maximum"])

# matmul. (The last field: whether batch dims broadcast, so the gradient is reduced.)
for _name, _sa, _sb, _kw, _bcast in [
        ("matmul", (3, 4), (4, 2), {}, False),
        ("matmul_ta", (4, 3), (4, 2), dict(transpose_a=True), False),
        ("matmul_tb", (3, 4), (2, 4), dict(transpose_b=True), False),
        ("matmul_ta_tb", (4, 3), (2, 4), dict(transpose_a=True, transpose_b=True), False),
        ("matmul_adjoint_a", (4, 3), (4, 2), dict(adjoint_a=True), False),
        ("matmul_batched", (2, 3, 4), (2, 4, 2), {}, False),
        ("matmul_batch_bcast", (2, 1, 3, 4), (3, 4, 2), {}, True),
        ("matmul_batch_rank2", (2, 3, 4), (4, 2), {}, True),
        ("matmul_rank2_batch", (3, 4), (2, 4, 2), {}, True),
        ("matmul_batch_ta_tb", (2, 4, 3), (1, 2, 4), dict(transpose_a=True, transpose_b=True),
         True),
        ("matmul_batch_ta", (1, 4, 3), (2, 4, 2), dict(transpose_a=True), True),
]:
    _ta = _kw.get("transpose_a", False) or _kw.get("adjoint_a", False)
    _tb = _kw.get("transpose_b", False)
    case(_name, (lambda kw: lambda a, b: tf.matmul(a, b, **kw))(_kw),
         (lambda ta, tb: lambda a, b: np_matmul(a, b, ta, tb))(_ta, _tb),
         [A(*_sa), A(*_sb)], ["MatMul"] + (["ReduceToShape"] if _bcast else []))
case("matmul_int", tf.matmul, np.matmul,
     [A(2, 3, gen=ints(-3, 3), dtype=tf.int32), A(3, 2, gen=ints(-3, 3), dtype=tf.int32)],
     ["MatMul"])

# add_n.
case("add_n", lambda a, b, c: tf.add_n([a, b, c]), lambda a, b, c: a + b + c,
     [A(2, 3), A(2, 3), A(2, 3)], ["AddN"])
case("add_n_two", lambda a, b: tf.add_n([a, b]), np.add, [A(3), A(3)], ["AddN"])
case("add_n_repeated", lambda a, b: tf.add_n([a, b, a]), lambda a, b: 2 * a + b,
     [A(2, 3), A(2, 3)], ["AddN"])
case("add_n_single", lambda a: tf.add_n([a]), lambda a: a, [A(2, 3)], [])
case("add_n_int", lambda a, b: tf.add_n([a, b]), np.add,
     [A(2, 2, gen=ints(-3, 3), dtype=tf.int32), A(2, 2, gen=ints(-3, 3), dtype=tf.int32)],
     ["AddN"])

# NumPy operands on the left, and ties.
case("op_ndarray_radd", lambda x: np.ones((3, 4)) + x, lambda x: 1.0 + x, [A(3, 4)], ["AddV2"])
case("op_ndarray_rmatmul", lambda x: np.full((2, 3), 0.5) @ x,
     lambda x: np.full((2, 3), 0.5) @ x, [A(3, 4)], ["MatMul"])
case("op_numpy_scalar_rmul", lambda x: np.float64(2.0) * x, lambda x: 2.0 * x, [A(3)], ["Mul"])
case("maximum_ties", tf.maximum, np.maximum,
     [A(3, gen=fixed([1.0, 2.0, 3.0])), A(3, gen=fixed([1.0, 0.0, 3.0]))], ["Maximum"],
     grad=())
case("relu_at_zero", tf.nn.relu, lambda x: np.maximum(x, 0),
     [A(4, gen=fixed([-1.0, 0.0, 0.0, 2.0]))], ["Relu"], grad=())


# Linear algebra.
def _qr(x, full_matrices=False):
    from tensorweave.ops.linalg import qr
    return list(qr(x, full_matrices=full_matrices))


case("qr", _qr, lambda x: list(np.linalg.qr(x)), [A(4, 3)],
     ["Qr", "MatrixTriangularSolve", "MatrixBandPart"])
case("qr_full", lambda x: _qr(x, True), lambda x: list(np.linalg.qr(x, mode="complete")),
     [A(4, 3)], ["Qr"], grad=())
case("qr_batched", _qr, lambda x: list(np.linalg.qr(x)), [A(2, 3, 3)],
     ["Qr", "MatrixTriangularSolve", "MatrixBandPart"])
