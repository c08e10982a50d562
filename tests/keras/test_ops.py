"""``keras.ops`` against Keras 3: values, dtypes, shapes and signatures of each function on
fixed inputs, and ops used inside models (a custom loss, a ``Lambda`` layer, a metric).

The expected values were recorded from real Keras 3.15.1 on TensorFlow 2.21
(``KERAS_BACKEND=tensorflow``, eager); Keras is not installed in the test environment, so
they are hard-coded here.
"""
import inspect
import subprocess
import sys

import numpy as np
import pytest

from tensorweave import keras
from tensorweave.keras import ops

A = np.array([[1., -2., 3.], [-4., 5., -6.]], dtype=np.float32)
B = np.array([[0.5, 2., -1.], [3., -0.5, 2.]], dtype=np.float32)
IA = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int32)
IB = np.array([[2, 2, 2], [3, 3, 3]], dtype=np.int32)
P = np.array([[0.25, 2.5, 1.5], [0.5, 4.0, 9.0]], dtype=np.float32)
S = np.array([[-1.5, -0.5, 0.5], [1.5, 2.5, -2.5]], dtype=np.float32)
NANS = np.array([1., np.nan, np.inf, -np.inf], dtype=np.float32)
L = np.array([[0.1, 2.0, -1.0], [1.5, 0.3, 0.2]], dtype=np.float32)
Y1 = np.array([[0., 1., 0.], [1., 0., 0.]], dtype=np.float32)
PR = np.array([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]], dtype=np.float32)
BT = np.array([[1., 0.], [0., 1.]], dtype=np.float32)
BP = np.array([[0.8, 0.3], [0.4, 0.9]], dtype=np.float32)

CASES = {
    "add": lambda: ops.add(A, B),
    "add_scalar": lambda: ops.add(IA, 1),
    "add_int_float_scalar": lambda: ops.add(IA, 1.5),
    "add_int_float": lambda: ops.add(IA, B),
    "subtract": lambda: ops.subtract(A, B),
    "multiply": lambda: ops.multiply(A, B),
    "multiply_int": lambda: ops.multiply(IA, IB),
    "divide": lambda: ops.divide(A, B),
    "divide_int": lambda: ops.divide(IA, IB),
    "true_divide_int": lambda: ops.true_divide(IA, IB),
    "true_divide": lambda: ops.true_divide(A, 4.0),
    "power": lambda: ops.power(A, 2),
    "power_int": lambda: ops.power(IA, IB),
    "power_float": lambda: ops.power(P, 0.5),
    "negative": lambda: ops.negative(A),
    "abs": lambda: ops.abs(A),
    "absolute_int": lambda: ops.absolute(-IA),
    "square": lambda: ops.square(A),
    "square_int": lambda: ops.square(IA),
    "sqrt": lambda: ops.sqrt(P),
    "sqrt_int": lambda: ops.sqrt(IA),
    "exp": lambda: ops.exp(A),
    "exp_int": lambda: ops.exp(IA),
    "log": lambda: ops.log(P),
    "log_int": lambda: ops.log(IA),
    "log1p": lambda: ops.log1p(P),
    "expm1": lambda: ops.expm1(A),
    "sign": lambda: ops.sign(A),
    "sign_int": lambda: ops.sign(-IA),
    "floor": lambda: ops.floor(S),
    "ceil": lambda: ops.ceil(S),
    "floor_int": lambda: ops.floor(IA),
    "round": lambda: ops.round(S),
    "round_decimals": lambda: ops.round(np.array([1.234, 5.678, -2.345], np.float32), 2),
    "round_int": lambda: ops.round(IA),
    "clip": lambda: ops.clip(A, -2.0, 3.0),
    "clip_int": lambda: ops.clip(IA, 2, 5),
    "maximum": lambda: ops.maximum(A, B),
    "maximum_scalar": lambda: ops.maximum(A, 0.0),
    "minimum": lambda: ops.minimum(A, B),
    "mean": lambda: ops.mean(A),
    "mean_axis0": lambda: ops.mean(A, axis=0),
    "mean_axis1_keep": lambda: ops.mean(A, axis=1, keepdims=True),
    "mean_int": lambda: ops.mean(IA),
    "mean_int_axis": lambda: ops.mean(IA, axis=-1),
    "mean_tuple_axis": lambda: ops.mean(A, axis=(0, 1)),
    "sum": lambda: ops.sum(A),
    "sum_axis": lambda: ops.sum(A, axis=1),
    "sum_int": lambda: ops.sum(IA, axis=0),
    "sum_bool": lambda: ops.sum(np.array([True, False, True])),
    "max": lambda: ops.max(A),
    "max_axis": lambda: ops.max(A, axis=0),
    "max_initial": lambda: ops.max(A, axis=1, initial=2.0),
    "min": lambda: ops.min(A),
    "min_axis_keep": lambda: ops.min(IA, axis=1, keepdims=True),
    "prod": lambda: ops.prod(A),
    "prod_axis": lambda: ops.prod(IA, axis=1),
    "std": lambda: ops.std(A),
    "std_axis": lambda: ops.std(A, axis=1),
    "std_int": lambda: ops.std(IA),
    "var": lambda: ops.var(A),
    "var_axis_keep": lambda: ops.var(A, axis=0, keepdims=True),
    "var_int": lambda: ops.var(IA, axis=1),
    "argmax": lambda: ops.argmax(A),
    "argmax_axis": lambda: ops.argmax(A, axis=1),
    "argmax_keep": lambda: ops.argmax(A, axis=0, keepdims=True),
    "argmin": lambda: ops.argmin(A),
    "argmin_axis": lambda: ops.argmin(A, axis=-1),
    "cumsum": lambda: ops.cumsum(A),
    "cumsum_axis": lambda: ops.cumsum(A, axis=1),
    "cumsum_int": lambda: ops.cumsum(IA, axis=0),
    "cumsum_bool": lambda: ops.cumsum(np.array([True, False, True])),
    "any": lambda: ops.any(A > 4),
    "any_axis": lambda: ops.any(A > 4, axis=1),
    "all": lambda: ops.all(IA),
    "all_axis_keep": lambda: ops.all(A > -5, axis=0, keepdims=True),
    "matmul": lambda: ops.matmul(A, B.T),
    "matmul_int": lambda: ops.matmul(IA, IB.T),
    "matmul_vec": lambda: ops.matmul(A, np.array([1., 2., 3.], np.float32)),
    "matmul_batch": lambda: ops.matmul(np.stack([A, B]), np.stack([B.T, A.T])),
    "dot": lambda: ops.dot(A, B.T),
    "dot_vec":
        lambda: ops.dot(np.array([1., 2., 3.], np.float32), np.array([4., 5., 6.], np.float32)),
    "dot_scalar": lambda: ops.dot(A, 2.0),
    "tensordot": lambda: ops.tensordot(A, B),
    "tensordot_1": lambda: ops.tensordot(A, B.T, axes=1),
    "tensordot_pairs": lambda: ops.tensordot(A, B, axes=([1], [1])),
    "einsum": lambda: ops.einsum("ij,kj->ik", A, B),
    "einsum_trace": lambda: ops.einsum("ij->j", A),
    "where": lambda: ops.where(A > 0, A, B),
    "where_scalar": lambda: ops.where(A > 0, A, 0.0),
    "where_int_float": lambda: ops.where(IA > 2, IA, 0.5),
    "where_nonzero": lambda: ops.where(np.array([[1, 0], [0, 1]])),
    "equal": lambda: ops.equal(A, np.array([1., 5., 3.], np.float32)),
    "not_equal": lambda: ops.not_equal(IA, 2),
    "less": lambda: ops.less(A, B),
    "less_equal": lambda: ops.less_equal(IA, IB),
    "greater": lambda: ops.greater(A, 0),
    "greater_equal": lambda: ops.greater_equal(A, B),
    "logical_and": lambda: ops.logical_and(A > 0, B > 0),
    "logical_or": lambda: ops.logical_or(A > 0, B > 0),
    "logical_not": lambda: ops.logical_not(A > 0),
    "logical_and_num": lambda: ops.logical_and(IA - 1, IB),
    "isnan": lambda: ops.isnan(NANS),
    "isinf": lambda: ops.isinf(NANS),
    "isfinite": lambda: ops.isfinite(NANS),
    "isnan_int": lambda: ops.isnan(IA),
    # shape/array
    "reshape": lambda: ops.reshape(A, (3, 2)),
    "reshape_neg": lambda: ops.reshape(A, (-1,)),
    "transpose": lambda: ops.transpose(A),
    "transpose_axes":
        lambda: ops.transpose(np.arange(24, dtype=np.float32).reshape(2, 3, 4), (1, 0, 2)),
    "expand_dims": lambda: ops.expand_dims(A, 1),
    "expand_dims_neg": lambda: ops.expand_dims(A, -1),
    "squeeze": lambda: ops.squeeze(np.ones((1, 3, 1), np.float32)),
    "squeeze_axis": lambda: ops.squeeze(np.ones((1, 3, 1), np.float32), axis=0),
    "concatenate": lambda: ops.concatenate([A, B]),
    "concatenate_axis": lambda: ops.concatenate([A, B], axis=-1),
    "concatenate_mixed": lambda: ops.concatenate([IA, B], axis=0),
    "stack": lambda: ops.stack([A, B]),
    "stack_axis": lambda: ops.stack([A, B], axis=1),
    "split": lambda: ops.split(np.arange(6, dtype=np.float32), 3),
    "split_indices": lambda: ops.split(np.arange(6, dtype=np.float32), [1, 4]),
    "split_axis": lambda: ops.split(A, 3, axis=1),
    "tile": lambda: ops.tile(A, (2, 1)),
    "tile_int": lambda: ops.tile(np.array([1, 2], np.int32), 2),
    "repeat": lambda: ops.repeat(A, 2),
    "repeat_axis": lambda: ops.repeat(A, 2, axis=0),
    "repeat_list": lambda: ops.repeat(A, [1, 2, 0], axis=1),
    "flip": lambda: ops.flip(A),
    "flip_axis": lambda: ops.flip(A, axis=1),
    "take": lambda: ops.take(A, np.array([0, 4, 5])),
    "take_axis": lambda: ops.take(A, np.array([2, 0]), axis=1),
    "take_neg": lambda: ops.take(A, np.array([-1]), axis=0),
    "take_2d": lambda: ops.take(A, np.array([[0, 1], [1, 0]]), axis=0),
    "take_along_axis": lambda: ops.take_along_axis(A, np.array([[0, 2], [1, 1]]), axis=1),
    "take_along_axis_none": lambda: ops.take_along_axis(A, np.array([5, 0, 1])),
    "slice": lambda: ops.slice(A, (0, 1), (2, 2)),
    "pad": lambda: ops.pad(A, ((1, 0), (0, 2))),
    "pad_const": lambda: ops.pad(A, ((1, 1), (1, 1)), constant_values=9.0),
    "pad_reflect": lambda: ops.pad(A, ((0, 0), (2, 1)), mode="reflect"),
    "pad_symmetric": lambda: ops.pad(A, ((1, 1), (1, 1)), mode="symmetric"),
    "broadcast_to": lambda: ops.broadcast_to(np.array([1., 2., 3.], np.float32), (2, 3)),
    "shape": lambda: ops.shape(A),
    "ndim": lambda: ops.ndim(A),
    "size": lambda: ops.size(A),
    "cast": lambda: ops.cast(A, "int32"),
    "cast_bool": lambda: ops.cast(A, "bool"),
    "cast_float16": lambda: ops.cast(IA, "float16"),
    "convert_to_tensor_list": lambda: ops.convert_to_tensor([1.0, 2.0]),
    "convert_to_tensor_intlist": lambda: ops.convert_to_tensor([1, 2]),
    "convert_to_tensor_f64": lambda: ops.convert_to_tensor(np.array([1.0, 2.0])),
    "convert_to_tensor_i64": lambda: ops.convert_to_tensor(np.array([1, 2])),
    "convert_to_tensor_dtype": lambda: ops.convert_to_tensor([1, 2], dtype="float32"),
    "convert_to_tensor_scalar": lambda: ops.convert_to_tensor(3.0),
    "zeros": lambda: ops.zeros((2, 3)),
    "zeros_int": lambda: ops.zeros(3, dtype="int32"),
    "ones": lambda: ops.ones((2,)),
    "zeros_like": lambda: ops.zeros_like(IA),
    "ones_like": lambda: ops.ones_like(A),
    "ones_like_dtype": lambda: ops.ones_like(A, dtype="int32"),
    "full": lambda: ops.full((2, 2), 7.0),
    "full_int": lambda: ops.full((2,), 7),
    "full_like": lambda: ops.full_like(A, 7),
    "full_like_int": lambda: ops.full_like(IA, 2.5),
    "eye": lambda: ops.eye(3),
    "eye_rect": lambda: ops.eye(2, 3, k=1),
    "eye_neg_k": lambda: ops.eye(3, k=-1, dtype="int32"),
    "arange": lambda: ops.arange(5),
    "arange_float": lambda: ops.arange(0.0, 1.0, 0.25),
    "arange_start_stop": lambda: ops.arange(2, 7, 2),
    "arange_dtype": lambda: ops.arange(3, dtype="float32"),
    "linspace": lambda: ops.linspace(0, 1, 5),
    "linspace_noend": lambda: ops.linspace(0.0, 1.0, 4, endpoint=False),
    "linspace_default": lambda: ops.linspace(0, 49, dtype="float32"),
    "one_hot": lambda: ops.one_hot(np.array([0, 2, 1]), 3),
    "one_hot_axis": lambda: ops.one_hot(np.array([0, 2]), 3, axis=0),
    "one_hot_neg": lambda: ops.one_hot(np.array([-1, 1]), 2),
    "one_hot_dtype": lambda: ops.one_hot(np.array([1, 0]), 2, dtype="int32"),
    # nn
    "relu": lambda: ops.relu(A),
    "relu6": lambda: ops.relu6(A * 2),
    "sigmoid": lambda: ops.sigmoid(A),
    "tanh": lambda: ops.tanh(A),
    "softmax": lambda: ops.softmax(L),
    "softmax_axis0": lambda: ops.softmax(L, axis=0),
    "log_softmax": lambda: ops.log_softmax(L),
    "softplus": lambda: ops.softplus(A),
    "softsign": lambda: ops.softsign(A),
    "elu": lambda: ops.elu(A),
    "elu_alpha": lambda: ops.elu(A, alpha=0.5),
    "selu": lambda: ops.selu(A),
    "gelu": lambda: ops.gelu(A),
    "gelu_exact": lambda: ops.gelu(A, approximate=False),
    "silu": lambda: ops.silu(A),
    "swish": lambda: ops.swish(A),
    "leaky_relu": lambda: ops.leaky_relu(A),
    "leaky_relu_slope": lambda: ops.leaky_relu(A, negative_slope=0.1),
    "hard_sigmoid": lambda: ops.hard_sigmoid(A),
    "logsumexp": lambda: ops.logsumexp(L),
    "logsumexp_axis": lambda: ops.logsumexp(L, axis=1),
    "logsumexp_keep": lambda: ops.logsumexp(L, axis=0, keepdims=True),
    "relu_int": lambda: ops.relu(IA - 3),
    "categorical_crossentropy": lambda: ops.categorical_crossentropy(Y1, PR),
    "categorical_crossentropy_logits":
        lambda: ops.categorical_crossentropy(Y1, L, from_logits=True),
    "categorical_crossentropy_unnorm": lambda: ops.categorical_crossentropy(Y1, P),
    "sparse_categorical_crossentropy":
        lambda: ops.sparse_categorical_crossentropy(np.array([1, 0]), PR),
    "sparse_categorical_crossentropy_logits":
        lambda: ops.sparse_categorical_crossentropy(np.array([2, 1]), L, from_logits=True),
    "sparse_categorical_crossentropy_col":
        lambda: ops.sparse_categorical_crossentropy(np.array([[1], [0]]), PR),
    "binary_crossentropy": lambda: ops.binary_crossentropy(BT, BP),
    "binary_crossentropy_logits":
        lambda: ops.binary_crossentropy(BT,
                                np.array([[2., -1.], [0.5, 3.]], np.float32), from_logits=True),
    "moments": lambda: ops.moments(A, axes=[0]),
    "moments_keep": lambda: ops.moments(A, axes=[0, 1], keepdims=True),
    "moments_axis1": lambda: ops.moments(A, axes=1),
    "stop_gradient": lambda: ops.stop_gradient(A),
    "where_int_scalars": lambda: ops.where(A > 0, 1, 2),
    "maximum_int_float": lambda: ops.maximum(IA, 1.5),
    "matmul_int8": lambda: ops.matmul(IA.astype(np.int8), IB.T.astype(np.int8)),
    "sum_int8": lambda: ops.sum(IA.astype(np.int8)),
    "sum_uint8": lambda: ops.sum(IA.astype(np.uint8), axis=1),
    "mean_bool": lambda: ops.mean(A > 0),
    "mean_float16": lambda: ops.mean(A.astype(np.float16), axis=0),
    "divide_int64": lambda: ops.divide(IA.astype(np.int64), 2),
    "add_float64": lambda: ops.add(A.astype(np.float64), 1.0),
    "add_int64_float32": lambda: ops.add(IA.astype(np.int64), B),
    "add_uint8_int8": lambda: ops.add(IA.astype(np.uint8), IB.astype(np.int8)),
    "add_bool_int": lambda: ops.add(A > 0, 1),
    "abs_bool": lambda: ops.abs(A > 0),
    "square_bool": lambda: ops.square(A > 0),
    "exp_float64": lambda: ops.exp(A.astype(np.float64)),
    "arange_float_stop": lambda: ops.arange(1, 5.5),
    "linspace_retstep": lambda: ops.linspace(0, 1, 3, retstep=True),
    "argmax_none_keep": lambda: ops.argmax(A, keepdims=True),
    "round_int_neg": lambda: ops.round(np.array([123, 155, 125], np.int32), -1),
    "round_half_even": lambda: ops.round(np.array([0.5, 1.5, 2.5, -0.5], np.float32)),
    "moments_int": lambda: ops.moments(np.array([[1, 2], [3, 4]], np.int32), axes=[0]),
    "convert_to_tensor_big": lambda: ops.convert_to_tensor(2 ** 40),
    "convert_to_tensor_bool": lambda: ops.convert_to_tensor(True),
    "full_bool_value": lambda: ops.full((2,), True),
    "cumsum_int8": lambda: ops.cumsum(IA.astype(np.int8), axis=1),
    "max_empty_initial": lambda: ops.max(np.zeros((0,), np.float32), initial=0.0),
    "one_hot_bool": lambda: ops.one_hot(np.array([0, 1]), 3, dtype="bool"),
    "eye_bool": lambda: ops.eye(2, dtype="bool"),
    "concatenate_int64": lambda: ops.concatenate([IA, IA.astype(np.int64)], axis=1),
    "take_scalar": lambda: ops.take(A, 1),
    "squeeze_tuple": lambda: ops.squeeze(np.ones((1, 3, 1), np.float32), axis=(0, 2)),
    "flip_tuple": lambda: ops.flip(A, axis=(0, 1)),
    "expand_dims_tuple": lambda: ops.expand_dims(np.array([1., 2.], np.float32), (0, 2)),
    "transpose_3d": lambda: ops.transpose(np.arange(24, dtype=np.float32).reshape(2, 3, 4)),
    "tensordot_int_float": lambda: ops.tensordot(IA, B, axes=([0, 1], [0, 1])),
    "einsum_int_float":
        lambda: ops.einsum("i,i->", np.array([1, 2], np.int32), np.array([1., 2.], np.float32)),
    "dot_3d":
        lambda: ops.dot(np.arange(12, dtype=np.float32).reshape(2, 2, 3),
                np.arange(6, dtype=np.float32).reshape(3, 2)),
    "softmax_3d": lambda: ops.softmax(np.stack([L, L * 2]), axis=1),
    "std_float64": lambda: ops.std(A.astype(np.float64), axis=0),
    "var_bool": lambda: ops.var(A > 0),
    "prod_bool": lambda: ops.prod(A > -5),
    "any_int": lambda: ops.any(IA - 1, axis=1),
    "clip_bool": lambda: ops.clip(A > 0, 0, 1),
    "sign_zero": lambda: ops.sign(np.array([0.0, -0.0, 2.0, -3.0], np.float32)),
}

# Recorded from Keras 3.15.1 on TensorFlow 2.21: (dtype, value) for a tensor result,
# ("seq", "list" | "tuple", [...]) for a sequence of results, ("py", type, value) for a
# Python value.
EXPECTED = {
    "add": ('float32', [[1.5, 0.0, 2.0], [-1.0, 4.5, -4.0]]),
    "add_scalar": ('int32', [[2, 3, 4], [5, 6, 7]]),
    "add_int_float_scalar": ('float32', [[2.5, 3.5, 4.5], [5.5, 6.5, 7.5]]),
    "add_int_float": ('float32', [[1.5, 4.0, 2.0], [7.0, 4.5, 8.0]]),
    "subtract": ('float32', [[0.5, -4.0, 4.0], [-7.0, 5.5, -8.0]]),
    "multiply": ('float32', [[0.5, -4.0, -3.0], [-12.0, -2.5, -12.0]]),
    "multiply_int": ('int32', [[2, 4, 6], [12, 15, 18]]),
    "divide": ('float32', [[2.0, -1.0, -3.0], [-1.3333334, -10.0, -3.0]]),
    "divide_int": ('float32', [[0.5, 1.0, 1.5], [1.3333334, 1.6666666, 2.0]]),
    "true_divide_int": ('float32', [[0.5, 1.0, 1.5], [1.3333334, 1.6666666, 2.0]]),
    "true_divide": ('float32', [[0.25, -0.5, 0.75], [-1.0, 1.25, -1.5]]),
    "power": ('float32', [[1.0, 4.0, 9.0], [16.0, 25.0, 36.0]]),
    "power_int": ('int32', [[1, 4, 9], [64, 125, 216]]),
    "power_float": ('float32', [[0.5, 1.5811388, 1.2247449], [0.70710677, 2.0, 3.0]]),
    "negative": ('float32', [[-1.0, 2.0, -3.0], [4.0, -5.0, 6.0]]),
    "abs": ('float32', [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
    "absolute_int": ('int32', [[1, 2, 3], [4, 5, 6]]),
    "square": ('float32', [[1.0, 4.0, 9.0], [16.0, 25.0, 36.0]]),
    "square_int": ('int32', [[1, 4, 9], [16, 25, 36]]),
    "sqrt": ('float32', [[0.5, 1.5811388, 1.2247449], [0.70710677, 2.0, 3.0]]),
    "sqrt_int": ('float32', [[1.0, 1.4142135, 1.7320508], [2.0, 2.236068, 2.4494898]]),
    "exp":
        ('float32', [[2.7182817, 0.13533528, 20.085537], [0.01831564, 148.41316, 0.0024787523]]),
    "exp_int": ('float32', [[2.7182817, 7.389056, 20.085537], [54.59815, 148.41316, 403.4288]]),
    "log": ('float32', [[-1.3862944, 0.91629076, 0.4054651], [-0.6931472, 1.3862944, 2.1972246]]),
    "log_int": ('float32', [[0.0, 0.6931472, 1.0986123], [1.3862944, 1.609438, 1.7917595]]),
    "log1p": ('float32', [[0.22314355, 1.252763, 0.91629076], [0.4054651, 1.609438, 2.3025851]]),
    "expm1":
        ('float32', [[1.7182817, -0.86466473, 19.085537], [-0.9816844, 147.41316, -0.9975212]]),
    "sign": ('float32', [[1.0, -1.0, 1.0], [-1.0, 1.0, -1.0]]),
    "sign_int": ('int32', [[-1, -1, -1], [-1, -1, -1]]),
    "floor": ('float32', [[-2.0, -1.0, 0.0], [1.0, 2.0, -3.0]]),
    "ceil": ('float32', [[-1.0, -0.0, 1.0], [2.0, 3.0, -2.0]]),
    "floor_int": ('float32', [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
    "round": ('float32', [[-2.0, -0.0, 0.0], [2.0, 2.0, -2.0]]),
    "round_decimals": ('float32', [1.23, 5.68, -2.34]),
    "round_int": ('int32', [[1, 2, 3], [4, 5, 6]]),
    "clip": ('float32', [[1.0, -2.0, 3.0], [-2.0, 3.0, -2.0]]),
    "clip_int": ('int32', [[2, 2, 3], [4, 5, 5]]),
    "maximum": ('float32', [[1.0, 2.0, 3.0], [3.0, 5.0, 2.0]]),
    "maximum_scalar": ('float32', [[1.0, 0.0, 3.0], [0.0, 5.0, 0.0]]),
    "minimum": ('float32', [[0.5, -2.0, -1.0], [-4.0, -0.5, -6.0]]),
    "mean": ('float32', -0.5),
    "mean_axis0": ('float32', [-1.5, 1.5, -1.5]),
    "mean_axis1_keep": ('float32', [[0.6666667], [-1.6666666]]),
    "mean_int": ('float32', 3.5),
    "mean_int_axis": ('float32', [2.0, 5.0]),
    "mean_tuple_axis": ('float32', -0.5),
    "sum": ('float32', -3.0),
    "sum_axis": ('float32', [2.0, -5.0]),
    "sum_int": ('int32', [5, 7, 9]),
    "sum_bool": ('int32', 2),
    "max": ('float32', 5.0),
    "max_axis": ('float32', [1.0, 5.0, 3.0]),
    "max_initial": ('float32', [3.0, 5.0]),
    "min": ('float32', -6.0),
    "min_axis_keep": ('int32', [[1], [4]]),
    "prod": ('float32', -720.0),
    "prod_axis": ('int32', [6, 120]),
    "std": ('float32', 3.86221),
    "std_axis": ('float32', [2.0548048, 4.7842336]),
    "std_int": ('float32', 1.7078252),
    "var": ('float32', 14.916667),
    "var_axis_keep": ('float32', [[6.25, 12.25, 20.25]]),
    "var_int": ('float32', [0.6666667, 0.6666667]),
    "argmax": ('int32', 4),
    "argmax_axis": ('int32', [2, 1]),
    "argmax_keep": ('int32', [[0, 1, 0]]),
    "argmin": ('int32', 5),
    "argmin_axis": ('int32', [1, 2]),
    "cumsum": ('float32', [1.0, -1.0, 2.0, -2.0, 3.0, -3.0]),
    "cumsum_axis": ('float32', [[1.0, -1.0, 2.0], [-4.0, 1.0, -5.0]]),
    "cumsum_int": ('int32', [[1, 2, 3], [5, 7, 9]]),
    "cumsum_bool": ('int32', [1, 1, 2]),
    "any": ('bool', True),
    "any_axis": ('bool', [False, True]),
    "all": ('bool', True),
    "all_axis_keep": ('bool', [[True, True, False]]),
    "matmul": ('float32', [[-6.5, 10.0], [14.0, -26.5]]),
    "matmul_int": ('int32', [[12, 18], [30, 45]]),
    "matmul_vec": ('float32', [6.0, -12.0]),
    "matmul_batch": ('float32', [[[-6.5, 10.0], [14.0, -26.5]], [[-6.5, 14.0], [10.0, -26.5]]]),
    "dot": ('float32', [[-6.5, 10.0], [14.0, -26.5]]),
    "dot_vec": ('float32', 32.0),
    "dot_scalar": ('float32', [[2.0, -4.0, 6.0], [-8.0, 10.0, -12.0]]),
    "tensordot": ('float32', -33.0),
    "tensordot_1": ('float32', [[-6.5, 10.0], [14.0, -26.5]]),
    "tensordot_pairs": ('float32', [[-6.5, 10.0], [14.0, -26.5]]),
    "einsum": ('float32', [[-6.5, 10.0], [14.0, -26.5]]),
    "einsum_trace": ('float32', [-3.0, 3.0, -3.0]),
    "where": ('float32', [[1.0, 2.0, 3.0], [3.0, 5.0, 2.0]]),
    "where_scalar": ('float32', [[1.0, 0.0, 3.0], [0.0, 5.0, 0.0]]),
    "where_int_float": ('float32', [[0.5, 0.5, 3.0], [4.0, 5.0, 6.0]]),
    "where_nonzero": ('seq', 'list', [('int32', [0, 1]), ('int32', [0, 1])]),
    "equal": ('bool', [[True, False, True], [False, True, False]]),
    "not_equal": ('bool', [[True, False, True], [True, True, True]]),
    "less": ('bool', [[False, True, False], [True, False, True]]),
    "less_equal": ('bool', [[True, True, False], [False, False, False]]),
    "greater": ('bool', [[True, False, True], [False, True, False]]),
    "greater_equal": ('bool', [[True, False, True], [False, True, False]]),
    "logical_and": ('bool', [[True, False, False], [False, False, False]]),
    "logical_or": ('bool', [[True, True, True], [True, True, True]]),
    "logical_not": ('bool', [[False, True, False], [True, False, True]]),
    "logical_and_num": ('bool', [[False, True, True], [True, True, True]]),
    "isnan": ('bool', [False, True, False, False]),
    "isinf": ('bool', [False, False, True, True]),
    "isfinite": ('bool', [True, False, False, False]),
    "isnan_int": ('bool', [[False, False, False], [False, False, False]]),
    "reshape": ('float32', [[1.0, -2.0], [3.0, -4.0], [5.0, -6.0]]),
    "reshape_neg": ('float32', [1.0, -2.0, 3.0, -4.0, 5.0, -6.0]),
    "transpose": ('float32', [[1.0, -4.0], [-2.0, 5.0], [3.0, -6.0]]),
    "transpose_axes":
        ('float32',
         [[[0.0, 1.0, 2.0, 3.0], [12.0, 13.0, 14.0, 15.0]],
          [[4.0, 5.0, 6.0, 7.0], [16.0, 17.0, 18.0, 19.0]],
          [[8.0, 9.0, 10.0, 11.0], [20.0, 21.0, 22.0, 23.0]]]),
    "expand_dims": ('float32', [[[1.0, -2.0, 3.0]], [[-4.0, 5.0, -6.0]]]),
    "expand_dims_neg": ('float32', [[[1.0], [-2.0], [3.0]], [[-4.0], [5.0], [-6.0]]]),
    "squeeze": ('float32', [1.0, 1.0, 1.0]),
    "squeeze_axis": ('float32', [[1.0], [1.0], [1.0]]),
    "concatenate":
        ('float32', [[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0], [0.5, 2.0, -1.0], [3.0, -0.5, 2.0]]),
    "concatenate_axis":
        ('float32', [[1.0, -2.0, 3.0, 0.5, 2.0, -1.0], [-4.0, 5.0, -6.0, 3.0, -0.5, 2.0]]),
    "concatenate_mixed":
        ('float32', [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [0.5, 2.0, -1.0], [3.0, -0.5, 2.0]]),
    "stack":
        ('float32',
         [[[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]], [[0.5, 2.0, -1.0], [3.0, -0.5, 2.0]]]),
    "stack_axis":
        ('float32',
         [[[1.0, -2.0, 3.0], [0.5, 2.0, -1.0]], [[-4.0, 5.0, -6.0], [3.0, -0.5, 2.0]]]),
    "split":
        ('seq', 'list',
         [('float32', [0.0, 1.0]), ('float32', [2.0, 3.0]), ('float32', [4.0, 5.0])]),
    "split_indices":
        ('seq', 'list',
         [('float32', [0.0]), ('float32', [1.0, 2.0, 3.0]), ('float32', [4.0, 5.0])]),
    "split_axis":
        ('seq', 'list',
         [('float32', [[1.0], [-4.0]]), ('float32', [[-2.0], [5.0]]),
          ('float32', [[3.0], [-6.0]])]),
    "tile":
        ('float32', [[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0], [1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]]),
    "tile_int": ('int32', [1, 2, 1, 2]),
    "repeat": ('float32', [1.0, 1.0, -2.0, -2.0, 3.0, 3.0, -4.0, -4.0, 5.0, 5.0, -6.0, -6.0]),
    "repeat_axis":
        ('float32', [[1.0, -2.0, 3.0], [1.0, -2.0, 3.0], [-4.0, 5.0, -6.0], [-4.0, 5.0, -6.0]]),
    "repeat_list": ('float32', [[1.0, -2.0, -2.0], [-4.0, 5.0, 5.0]]),
    "flip": ('float32', [[-6.0, 5.0, -4.0], [3.0, -2.0, 1.0]]),
    "flip_axis": ('float32', [[3.0, -2.0, 1.0], [-6.0, 5.0, -4.0]]),
    "take": ('float32', [1.0, 5.0, -6.0]),
    "take_axis": ('float32', [[3.0, 1.0], [-6.0, -4.0]]),
    "take_neg": ('float32', [[-4.0, 5.0, -6.0]]),
    "take_2d":
        ('float32',
         [[[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]], [[-4.0, 5.0, -6.0], [1.0, -2.0, 3.0]]]),
    "take_along_axis": ('float32', [[1.0, 3.0], [5.0, 5.0]]),
    "take_along_axis_none": ('float32', [-6.0, 1.0, -2.0]),
    "slice": ('float32', [[-2.0, 3.0], [5.0, -6.0]]),
    "pad":
        ('float32',
         [[0.0, 0.0, 0.0, 0.0, 0.0], [1.0, -2.0, 3.0, 0.0, 0.0], [-4.0, 5.0, -6.0, 0.0, 0.0]]),
    "pad_const":
        ('float32',
         [[9.0, 9.0, 9.0, 9.0, 9.0], [9.0, 1.0, -2.0, 3.0, 9.0], [9.0, -4.0, 5.0, -6.0, 9.0],
          [9.0, 9.0, 9.0, 9.0, 9.0]]),
    "pad_reflect":
        ('float32', [[3.0, -2.0, 1.0, -2.0, 3.0, -2.0], [-6.0, 5.0, -4.0, 5.0, -6.0, 5.0]]),
    "pad_symmetric":
        ('float32',
         [[1.0, 1.0, -2.0, 3.0, 3.0], [1.0, 1.0, -2.0, 3.0, 3.0], [-4.0, -4.0, 5.0, -6.0, -6.0],
          [-4.0, -4.0, 5.0, -6.0, -6.0]]),
    "broadcast_to": ('float32', [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]),
    "shape": ('seq', 'tuple', [('py', 'int', 2), ('py', 'int', 3)]),
    "ndim": ('py', 'int', 2),
    "size": ('int32', 6),
    "cast": ('int32', [[1, -2, 3], [-4, 5, -6]]),
    "cast_bool": ('bool', [[True, True, True], [True, True, True]]),
    "cast_float16": ('float16', [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
    "convert_to_tensor_list": ('float32', [1.0, 2.0]),
    "convert_to_tensor_intlist": ('int32', [1, 2]),
    "convert_to_tensor_f64": ('float64', [1.0, 2.0]),
    "convert_to_tensor_i64": ('int64', [1, 2]),
    "convert_to_tensor_dtype": ('float32', [1.0, 2.0]),
    "convert_to_tensor_scalar": ('float32', 3.0),
    "zeros": ('float32', [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]),
    "zeros_int": ('int32', [0, 0, 0]),
    "ones": ('float32', [1.0, 1.0]),
    "zeros_like": ('int32', [[0, 0, 0], [0, 0, 0]]),
    "ones_like": ('float32', [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]),
    "ones_like_dtype": ('int32', [[1, 1, 1], [1, 1, 1]]),
    "full": ('float32', [[7.0, 7.0], [7.0, 7.0]]),
    "full_int": ('float32', [7.0, 7.0]),
    "full_like": ('float32', [[7.0, 7.0, 7.0], [7.0, 7.0, 7.0]]),
    "full_like_int": ('int32', [[2, 2, 2], [2, 2, 2]]),
    "eye": ('float32', [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]),
    "eye_rect": ('float32', [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]),
    "eye_neg_k": ('int32', [[0, 0, 0], [1, 0, 0], [0, 1, 0]]),
    "arange": ('int32', [0, 1, 2, 3, 4]),
    "arange_float": ('float32', [0.0, 0.25, 0.5, 0.75]),
    "arange_start_stop": ('int32', [2, 4, 6]),
    "arange_dtype": ('float32', [0.0, 1.0, 2.0]),
    "linspace": ('float32', [0.0, 0.25, 0.5, 0.75, 1.0]),
    "linspace_noend": ('float32', [0.0, 0.25, 0.5, 0.75]),
    "linspace_default":
        ('float32',
         [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0,
          16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0,
          30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0, 38.0, 39.0, 40.0, 41.0, 42.0, 43.0,
          44.0, 45.0, 46.0, 47.0, 48.0, 49.0]),
    "one_hot": ('float32', [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]),
    "one_hot_axis": ('float32', [[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]]),
    "one_hot_neg": ('float32', [[0.0, 0.0], [0.0, 1.0]]),
    "one_hot_dtype": ('int32', [[0, 1], [1, 0]]),
    "relu": ('float32', [[1.0, 0.0, 3.0], [0.0, 5.0, 0.0]]),
    "relu6": ('float32', [[2.0, 0.0, 6.0], [0.0, 6.0, 0.0]]),
    "sigmoid":
        ('float32',
         [[0.7310586, 0.11920292, 0.95257413], [0.01798621, 0.9933072, 0.0024726233]]),
    "tanh":
        ('float32', [[0.7615942, -0.9640276, 0.9950547], [-0.99932927, 0.99990916, -0.9999877]]),
    "softmax":
        ('float32', [[0.124707475, 0.833781, 0.04151151], [0.6354346, 0.19138922, 0.17317612]]),
    "softmax_axis0":
        ('float32', [[0.19781613, 0.8455348, 0.23147522], [0.8021839, 0.15446527, 0.7685248]]),
    "log_softmax":
        ('float32',
         [[-2.0817845, -0.18178442, -3.1817844], [-0.45344603, -1.6534461, -1.753446]]),
    "softplus":
        ('float32', [[1.3132616, 0.126928, 3.0485873], [0.01814993, 5.0067153, 0.0024756852]]),
    "softsign": ('float32', [[0.5, -0.6666667, 0.75], [-0.8, 0.8333333, -0.85714287]]),
    "elu": ('float32', [[1.0, -0.86466473, 3.0], [-0.9816844, 5.0, -0.9975212]]),
    "elu_alpha": ('float32', [[1.0, -0.43233237, 3.0], [-0.4908422, 5.0, -0.4987606]]),
    "selu": ('float32', [[1.050701, -1.5201665, 3.152103], [-1.7258986, 5.253505, -1.7537414]]),
    "gelu": ('float32', [[0.841192, -0.04540223, 2.9963627], [-7.021427e-05, 5.0, -0.0]]),
    "gelu_exact":
        ('float32',
         [[0.8413447, -0.045500264, 2.9959502], [-0.00012668502, 4.9999986, -5.9195355e-09]]),
    "silu":
        ('float32',
         [[0.7310586, -0.23840584, 2.8577223], [-0.07194484, 4.966536, -0.0148357395]]),
    "swish":
        ('float32',
         [[0.7310586, -0.23840584, 2.8577223], [-0.07194484, 4.966536, -0.0148357395]]),
    "leaky_relu": ('float32', [[1.0, -0.4, 3.0], [-0.8, 5.0, -1.2]]),
    "leaky_relu_slope": ('float32', [[1.0, -0.2, 3.0], [-0.4, 5.0, -0.6]]),
    "hard_sigmoid": ('float32', [[0.6666667, 0.16666667, 1.0], [0.0, 1.0, 0.0]]),
    "logsumexp": ('float32', 2.7672656),
    "logsumexp_axis": ('float32', [2.1817844, 1.953446]),
    "logsumexp_keep": ('float32', [[1.7204174, 2.167786, 0.46328247]]),
    "relu_int": ('int32', [[0, 0, 0], [1, 2, 3]]),
    "categorical_crossentropy": ('float32', [0.35667497, 0.5108256]),
    "categorical_crossentropy_logits": ('float32', [0.18178442, 0.45344603]),
    "categorical_crossentropy_unnorm": ('float32', [0.5306282, 3.295837]),
    "sparse_categorical_crossentropy": ('float32', [0.35667497, 0.5108256]),
    "sparse_categorical_crossentropy_logits": ('float32', [3.1817844, 1.6534461]),
    "sparse_categorical_crossentropy_col": ('float32', [0.35667497, 0.5108256]),
    "binary_crossentropy": ('float32', [[0.22314353, 0.35667497], [0.5108256, 0.105360545]]),
    "binary_crossentropy_logits": ('float32', [[0.126928, 0.3132617], [0.974077, 0.048587352]]),
    "moments":
        ('seq', 'tuple', [('float32', [-1.5, 1.5, -1.5]), ('float32', [6.25, 12.25, 20.25])]),
    "moments_keep": ('seq', 'tuple', [('float32', [[-0.5]]), ('float32', [[14.916667]])]),
    "moments_axis1":
        ('seq', 'tuple',
         [('float32', [0.6666667, -1.6666666]), ('float32', [4.2222223, 22.888891])]),
    "stop_gradient": ('float32', [[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]]),
    "where_int_scalars": ('int32', [[1, 2, 1], [2, 1, 2]]),
    "maximum_int_float": ('float32', [[1.5, 2.0, 3.0], [4.0, 5.0, 6.0]]),
    "matmul_int8": ('int32', [[12, 18], [30, 45]]),
    "sum_int8": ('int32', 21),
    "sum_uint8": ('uint32', [6, 15]),
    "mean_bool": ('float32', 0.5),
    "mean_float16": ('float16', [-1.5, 1.5, -1.5]),
    "divide_int64": ('float32', [[0.5, 1.0, 1.5], [2.0, 2.5, 3.0]]),
    "add_float64": ('float64', [[2.0, -1.0, 4.0], [-3.0, 6.0, -5.0]]),
    "add_int64_float32": ('float32', [[1.5, 4.0, 2.0], [7.0, 4.5, 8.0]]),
    "add_uint8_int8": ('int16', [[3, 4, 5], [7, 8, 9]]),
    "add_bool_int": ('int32', [[2, 1, 2], [1, 2, 1]]),
    "abs_bool": ('bool', [[True, False, True], [False, True, False]]),
    "square_bool": ('int32', [[1, 0, 1], [0, 1, 0]]),
    "exp_float64":
        ('float64', [[2.7182817, 0.13533528, 20.085537], [0.01831564, 148.41316, 0.0024787523]]),
    "arange_float_stop": ('float32', [1.0, 2.0, 3.0, 4.0, 5.0]),
    "linspace_retstep": ('seq', 'tuple', [('float32', [0.0, 0.5, 1.0]), ('float32', 0.5)]),
    "argmax_none_keep": ('int32', [[4]]),
    "round_int_neg": ('int32', [120, 160, 120]),
    "round_half_even": ('float32', [0.0, 2.0, 2.0, -0.0]),
    "moments_int": ('seq', 'tuple', [('int32', [2, 3]), ('int32', [1, 1])]),
    "convert_to_tensor_big": ('int64', 1099511627776),
    "convert_to_tensor_bool": ('bool', True),
    "full_bool_value": ('float32', [1.0, 1.0]),
    "cumsum_int8": ('int8', [[1, 3, 6], [4, 9, 15]]),
    "max_empty_initial": ('float32', 0.0),
    "one_hot_bool": ('bool', [[True, False, False], [False, True, False]]),
    "eye_bool": ('bool', [[True, False], [False, True]]),
    "concatenate_int64": ('int64', [[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]]),
    "take_scalar": ('float32', -2.0),
    "squeeze_tuple": ('float32', [1.0, 1.0, 1.0]),
    "flip_tuple": ('float32', [[-6.0, 5.0, -4.0], [3.0, -2.0, 1.0]]),
    "expand_dims_tuple": ('float32', [[[1.0], [2.0]]]),
    "transpose_3d":
        ('float32',
         [[[0.0, 12.0], [4.0, 16.0], [8.0, 20.0]], [[1.0, 13.0], [5.0, 17.0], [9.0, 21.0]],
          [[2.0, 14.0], [6.0, 18.0], [10.0, 22.0]], [[3.0, 15.0], [7.0, 19.0], [11.0, 23.0]]]),
    "tensordot_int_float": ('float32', 23.0),
    "einsum_int_float": ('float32', 5.0),
    "dot_3d": ('float32', [[[10.0, 13.0], [28.0, 40.0]], [[46.0, 67.0], [64.0, 94.0]]]),
    "softmax_3d":
        ('float32',
         [[[0.19781613, 0.8455348, 0.23147522], [0.8021839, 0.15446527, 0.7685248]],
          [[0.05732418, 0.9677046, 0.083172694], [0.9426758, 0.03229546, 0.9168273]]]),
    "std_float64": ('float64', [2.5, 3.5, 4.5]),
    "var_bool": ('float32', 0.25),
    "prod_bool": ('int32', 0),
    "any_int": ('bool', [True, True]),
    "clip_bool": ('int32', [[1, 0, 1], [0, 1, 0]]),
    "sign_zero": ('float32', [0.0, 0.0, 1.0, -1.0]),
}

# inspect.signature of each function in Keras 3.15.1's keras.ops
SIGNATURES = {
    'add': '(x1, x2)',
    'subtract': '(x1, x2)',
    'multiply': '(x1, x2)',
    'divide': '(x1, x2)',
    'true_divide': '(x1, x2)',
    'power': '(x1, x2)',
    'negative': '(x)',
    'abs': '(x)',
    'absolute': '(x)',
    'square': '(x)',
    'sqrt': '(x)',
    'exp': '(x)',
    'log': '(x)',
    'log1p': '(x)',
    'expm1': '(x)',
    'sign': '(x)',
    'floor': '(x)',
    'ceil': '(x)',
    'round': '(x, decimals=0)',
    'clip': '(x, x_min, x_max)',
    'maximum': '(x1, x2)',
    'minimum': '(x1, x2)',
    'mean': '(x, axis=None, keepdims=False)',
    'sum': '(x, axis=None, keepdims=False)',
    'max': '(x, axis=None, keepdims=False, initial=None)',
    'min': '(x, axis=None, keepdims=False, initial=None)',
    'prod': '(x, axis=None, keepdims=False, dtype=None)',
    'std': '(x, axis=None, keepdims=False)',
    'var': '(x, axis=None, keepdims=False)',
    'argmax': '(x, axis=None, keepdims=False)',
    'argmin': '(x, axis=None, keepdims=False)',
    'cumsum': '(x, axis=None, dtype=None)',
    'any': '(x, axis=None, keepdims=False)',
    'all': '(x, axis=None, keepdims=False)',
    'matmul': '(x1, x2)',
    'dot': '(x1, x2)',
    'tensordot': '(x1, x2, axes=2)',
    'einsum': '(subscripts, *operands, **kwargs)',
    'where': '(condition, x1=None, x2=None)',
    'equal': '(x1, x2)',
    'not_equal': '(x1, x2)',
    'less': '(x1, x2)',
    'less_equal': '(x1, x2)',
    'greater': '(x1, x2)',
    'greater_equal': '(x1, x2)',
    'logical_and': '(x1, x2)',
    'logical_or': '(x1, x2)',
    'logical_not': '(x)',
    'isnan': '(x)',
    'isinf': '(x)',
    'isfinite': '(x)',
    'reshape': '(x, newshape)',
    'transpose': '(x, axes=None)',
    'expand_dims': '(x, axis)',
    'squeeze': '(x, axis=None)',
    'concatenate': '(xs, axis=0)',
    'stack': '(x, axis=0)',
    'split': '(x, indices_or_sections, axis=0)',
    'tile': '(x, repeats)',
    'repeat': '(x, repeats, axis=None)',
    'flip': '(x, axis=None)',
    'take': '(x, indices, axis=None)',
    'take_along_axis': '(x, indices, axis=None)',
    'slice': '(inputs, start_indices, shape)',
    'pad': "(x, pad_width, mode='constant', constant_values=None)",
    'broadcast_to': '(x, shape)',
    'shape': '(x)',
    'ndim': '(x)',
    'size': '(x)',
    'cast': '(x, dtype)',
    'convert_to_tensor': '(x, dtype=None, sparse=None, ragged=None)',
    'convert_to_numpy': '(x)',
    'stop_gradient': '(variable)',
    'zeros': '(shape, dtype=None)',
    'ones': '(shape, dtype=None)',
    'zeros_like': '(x, dtype=None)',
    'ones_like': '(x, dtype=None)',
    'full': '(shape, fill_value, dtype=None)',
    'full_like': '(x, fill_value, dtype=None)',
    'eye': '(N, M=None, k=0, dtype=None)',
    'arange': '(start, stop=None, step=None, dtype=None)',
    'linspace': '(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0)',
    'one_hot': '(x, num_classes, axis=-1, dtype=None, sparse=False)',
    'is_tensor': '(x)',
    'dtype': '(x)',
    'relu': '(x)',
    'relu6': '(x)',
    'sigmoid': '(x)',
    'tanh': '(x)',
    'softmax': '(x, axis=-1)',
    'log_softmax': '(x, axis=-1)',
    'softplus': '(x)',
    'softsign': '(x)',
    'elu': '(x, alpha=1.0)',
    'selu': '(x)',
    'gelu': '(x, approximate=True)',
    'silu': '(x)',
    'swish': '(x)',
    'leaky_relu': '(x, negative_slope=0.2)',
    'hard_sigmoid': '(x)',
    'logsumexp': '(x, axis=None, keepdims=False)',
    'categorical_crossentropy': '(target, output, from_logits=False, axis=-1)',
    'sparse_categorical_crossentropy': '(target, output, from_logits=False, axis=-1)',
    'binary_crossentropy': '(target, output, from_logits=False)',
    'moments': '(x, axes, keepdims=False, synchronized=False)',
}


def _check(expected, got, where):
    if expected[0] == "seq":
        _, kind, items = expected
        assert type(got).__name__ == kind, where
        assert len(got) == len(items), where
        for i, (e, g) in enumerate(zip(items, got)):
            _check(e, g, f"{where}[{i}]")
        return
    if expected[0] == "py":
        _, kind, value = expected
        assert type(got).__name__ == kind and got == value, (where, got)
        return
    dtype, value = expected
    arr = ops.convert_to_numpy(got)
    assert isinstance(arr, np.ndarray), where
    assert str(arr.dtype) == dtype, (where, arr.dtype, dtype)
    want = np.array(value, dtype=dtype)
    assert arr.shape == want.shape, (where, arr.shape, want.shape)
    if want.dtype.kind == "f":
        np.testing.assert_allclose(arr, want, rtol=2e-6, atol=1e-6, err_msg=where)
    else:
        np.testing.assert_array_equal(arr, want, err_msg=where)


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_keras(name):
    _check(EXPECTED[name], CASES[name](), name)


def test_every_case_has_a_recorded_value():
    assert set(CASES) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_signature_matches_keras(name):
    assert str(inspect.signature(getattr(ops, name))) == SIGNATURES[name]


def test_module_wiring_is_lazy():
    assert keras.ops is ops
    code = ("import sys, tensorweave; "
            "assert 'tensorweave.keras' not in sys.modules; "
            "from tensorweave import keras; "
            "assert 'tensorweave.keras.ops' not in sys.modules; "
            "keras.ops.add; assert 'tensorweave.keras.ops' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_defaults_reduce_everything():
    # axis=None, keepdims=False: a scalar of the whole array
    for fn in (ops.mean, ops.sum, ops.max, ops.min, ops.prod, ops.std, ops.var,
               ops.logsumexp, ops.argmax, ops.argmin, ops.any, ops.all):
        assert ops.convert_to_numpy(fn(A)).shape == (), fn.__name__


def test_shape_and_ndim_are_python_values():
    assert ops.shape(A) == (2, 3) and all(type(d) is int for d in ops.shape(A))
    assert ops.ndim(A) == 2 and type(ops.ndim(A)) is int
    inp = keras.Input((3,))
    dims = ops.shape(inp)
    assert dims[1] == 3 and ops.is_tensor(dims[0])  # the batch size is known at run time
    assert ops.ndim(inp) == 2


def test_symbolic_inputs_keep_static_shapes():
    inp = keras.Input((3,))
    assert ops.zeros_like(inp).shape.as_list() == [None, 3]
    assert ops.full_like(inp, 2.0).shape.as_list() == [None, 3]
    assert ops.ones(ops.shape(inp)).shape.as_list() == [None, 3]
    assert ops.repeat(inp, 2, axis=1).shape.as_list() == [None, 6]
    idx = ops.argmax(inp, axis=-1, keepdims=True)
    assert ops.take_along_axis(inp, idx, axis=-1).shape.as_list() == [None, 1]


def test_convert_to_numpy():
    arr = np.arange(3.0)
    assert ops.convert_to_numpy(arr) is arr  # NumPy values as they are
    assert ops.convert_to_numpy(np.float32(2.5)) == np.float32(2.5)
    assert ops.convert_to_numpy([1, 2]).tolist() == [1, 2]
    v = keras.Variable(np.array([1.0, 2.0], np.float32))
    doubled = ops.multiply(v, 2.0)
    np.testing.assert_array_equal(ops.convert_to_numpy(doubled), [2.0, 4.0])
    v.assign(np.array([3.0, 4.0], np.float32))
    # a Keras program runs eagerly, as Keras 3 does: the product was computed at once
    np.testing.assert_array_equal(ops.convert_to_numpy(doubled), [2.0, 4.0])
    np.testing.assert_array_equal(ops.convert_to_numpy(v), [3.0, 4.0])


def test_convert_to_numpy_without_tensor_numpy(monkeypatch):
    # the fallback for tensors without ``numpy()``: the graph's Keras session
    from tensorweave import graph
    t = ops.add(A, 1.0)
    monkeypatch.delattr(graph.Tensor, "numpy", raising=False)
    np.testing.assert_array_equal(ops.convert_to_numpy(t), A + 1.0)


def test_where_needs_both_or_neither():
    with pytest.raises(ValueError):
        ops.where(A > 0, A)


def test_gradients_flow_through_ops():
    import tensorweave.compat.v1 as tf
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder("float32", (2, 3))
        loss = ops.sum(ops.take_along_axis(x, np.array([[0, 2], [1, 1]]), axis=1)) + \
            ops.mean(ops.square(ops.relu(x))) + ops.logsumexp(ops.flip(x, axis=1))
        grad = tf.gradients(loss, x)[0]
        with tf.Session() as sess:
            got = sess.run(grad, {x: A})
    lse = np.exp(A) / np.exp(A).sum()
    want = np.array([[1, 0, 1], [0, 2, 0]], np.float32) + np.maximum(A, 0) / 3 + lse
    np.testing.assert_allclose(got, want, rtol=1e-5)


# -- inside models --------------------------------------------------------------------------
_RNG = np.random.default_rng(0)
X = _RNG.normal(size=(32, 4)).astype("float32")
Y = _RNG.normal(size=(32, 2)).astype("float32")
W0 = np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6], [0.7, -0.8]], "float32")
B0 = np.array([0.05, -0.05], "float32")


def _fit(loss, metrics=(), epochs=3):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    model.layers[0].set_weights([W0, B0])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss=loss, metrics=list(metrics))
    history = model.fit(X, Y, batch_size=8, epochs=epochs, shuffle=False, verbose=0)
    return history.history, model.layers[0].get_weights()[0]


def custom_mse(y, p):
    return keras.ops.mean(keras.ops.square(y - p), axis=-1)


def test_custom_loss_function_trains_as_mse():
    mse_history, mse_kernel = _fit("mse")
    history, kernel = _fit(custom_mse)
    np.testing.assert_allclose(history["loss"], mse_history["loss"], rtol=1e-6)
    np.testing.assert_allclose(kernel, mse_kernel, rtol=1e-6)


def test_custom_lambda_loss_trains_as_mse():
    mse_history, _ = _fit("mse")
    history, _ = _fit(lambda y, p: keras.ops.mean(keras.ops.square(y - p), axis=-1))
    np.testing.assert_allclose(history["loss"], mse_history["loss"], rtol=1e-6)


def test_custom_loss_history_matches_keras():
    # recorded from Keras 3.15.1 on TensorFlow 2.21 with the same data, weights and SGD
    history, kernel = _fit(custom_mse)
    np.testing.assert_allclose(history["loss"], [1.5948521, 1.3102334, 1.171375], rtol=1e-5)
    np.testing.assert_allclose(kernel, [[0.09385085, -0.2727088], [0.03736293, 0.24598373],
                                        [-0.17701334, 0.29193953], [0.28146943, -0.4022865]],
                               rtol=1e-5, atol=1e-6)


def test_metric_function_with_ops():
    def mae_metric(y, p):
        return keras.ops.mean(keras.ops.abs(y - p), axis=-1)
    history, _ = _fit("mse", metrics=[mae_metric], epochs=2)
    # recorded from Keras 3.15.1 on TensorFlow 2.21
    np.testing.assert_allclose(history["mae_metric"], [0.9525578, 0.8690398], rtol=1e-5)


def test_lambda_layer_with_ops():
    inp = keras.Input((3,))
    doubled = keras.layers.Lambda(lambda t: keras.ops.relu(t) * 2)(inp)
    summed = keras.layers.Lambda(
        lambda t: keras.ops.sum(t, axis=-1, keepdims=True) +
        keras.ops.max(t, axis=-1, keepdims=True))(doubled)
    model = keras.Model(inp, [doubled, summed])
    x = np.array([[1., -2., 3.], [-0.5, 0.5, 0.]], "float32")
    out_doubled, out_summed = model.predict(x, verbose=0)
    # recorded from Keras 3.15.1 on TensorFlow 2.21
    np.testing.assert_allclose(out_doubled, [[2.0, 0.0, 6.0], [0.0, 1.0, 0.0]])
    np.testing.assert_allclose(out_summed, [[14.0], [2.0]])
    assert [tuple(s) for s in model.output_shape] == [(None, 3), (None, 1)]


def test_lambda_layer_reshape_with_dynamic_batch():
    inp = keras.Input((3,))
    out = keras.layers.Lambda(
        lambda t: keras.ops.reshape(t, (keras.ops.shape(t)[0], 3, 1)))(inp)
    model = keras.Model(inp, out)
    x = np.array([[1., -2., 3.], [-0.5, 0.5, 0.]], "float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), x[:, :, None])
    assert tuple(model.output_shape) == (None, 3, 1)


def test_custom_layer_with_ops_and_weights():
    class Scale(keras.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], 2), initializer="ones", name="w")
            self.b = self.add_weight(shape=(2,), initializer="zeros", name="b")

        def call(self, x):
            gate = keras.ops.sigmoid(keras.ops.sum(x, axis=-1, keepdims=True))
            return keras.ops.tanh(keras.ops.matmul(x, self.w) + self.b) * gate

    inp = keras.Input((3,))
    model = keras.Model(inp, Scale()(inp))
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="mse")
    x = np.array([[0.1, -0.2, 0.3], [0.5, 0.1, -0.4], [0.2, 0.2, 0.2], [-0.3, 0.1, 0.0]],
                 "float32")
    y = np.array([[0.1, 0.2], [0.0, -0.1], [0.3, 0.3], [-0.2, 0.1]], "float32")
    history = model.fit(x, y, batch_size=2, epochs=2, shuffle=False, verbose=0)
    # recorded from Keras 3.15.1 on TensorFlow 2.21
    np.testing.assert_allclose(history.history["loss"], [0.014446743, 0.01299057], rtol=1e-5)
    np.testing.assert_allclose(model.predict(x, verbose=0),
                               [[0.08055107, 0.11265688], [0.07437474, 0.09309516],
                                [0.31992269, 0.34586748], [-0.11180837, -0.08322788]],
                               rtol=1e-5, atol=1e-7)
