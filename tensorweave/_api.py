"""The op functions and graph API shared by ``tensorweave`` and ``tensorweave.compat.v1``."""

# flake8: noqa: F401
from .dtypes import (DType, as_dtype, float16, half, float32, float64, double, int8, int16,
                     int32, int64, uint8, uint16, uint32, uint64, bool, string)
from .shapes import TensorShape, Dimension, dimension_value, dimension_at_index
from .graph import (Graph, Operation, Tensor, GraphKeys, get_default_graph,
                    reset_default_graph, name_scope, control_dependencies, add_to_collection,
                    add_to_collections, get_collection, get_collection_ref, device,
                    colocate_with)
from .ops.creation import (constant, convert_to_tensor, zeros, ones, fill, zeros_like,
                           ones_like, range, linspace, lin_space, is_tensor, get_static_value)
from .ops.math import (add, subtract, multiply, divide, truediv, realdiv, div, floordiv,
                       floor_div, mod, floormod, pow, maximum, minimum, negative, neg, exp,
                       log, sqrt, rsqrt, square, abs, sign, floor, ceil, round, reciprocal,
                       sigmoid, tanh, log1p, expm1, sin, cos, squared_difference, less,
                       less_equal, greater, greater_equal, equal, not_equal, logical_and,
                       logical_or, logical_not, logical_xor, cast, to_float, to_int32,
                       to_int64, to_double, where_v2, div_no_nan, clip_by_value, matmul, add_n,
                       is_nan, is_inf, is_finite, scalar_mul, identity, stop_gradient)
from .ops.reduce import (reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod,
                         reduce_any, reduce_all, reduce_logsumexp, argmax, argmin,
                         count_nonzero)
from .ops.shape import (shape, shape_n, size, rank, reshape, transpose, expand_dims, squeeze,
                        broadcast_to, concat, stack, unstack, split, tile, pad, slice, gather,
                        one_hot, strided_slice)
from .ops.scan import cumsum, cumprod
from .ops.nn import softmax, log_softmax
from .ops.random import (random_normal, random_uniform, truncated_normal, set_random_seed,
                         random_shuffle)
from .ops.state import placeholder, placeholder_with_default
from .ops.control import no_op, group, tuple, with_dependencies, cond, case
from .ops.loop import while_loop
from .ops.check import Assert, assert_equal, assert_less, assert_positive, assert_rank
from .autodiff import gradients
from .ops.math import where_v1 as where  # TF 1's Select semantics (no broadcasting)
from .ops.indexing import (reverse, reverse_v2, gather_nd, scatter_nd, unique, einsum,
                           tensordot, truncatediv, truncatemod)
from .ops.array_more import (boolean_mask, sequence_mask, meshgrid, sort, argsort,
                             dynamic_partition, dynamic_stitch)
from .ops.numerics import hessians, check_numerics
from .train.clip import clip_by_norm, global_norm, clip_by_global_norm, clip_by_average_norm
from .variables import (Variable, global_variables, trainable_variables, local_variables,
                        model_variables, moving_average_variables, all_variables,
                        global_variables_initializer, variables_initializer,
                        local_variables_initializer, initialize_all_variables,
                        initialize_variables, initialize_local_variables,
                        is_variable_initialized, report_uninitialized_variables, assign,
                        assign_add, assign_sub)
from .variable_scope import (variable_scope, get_variable, get_variable_scope, VariableScope,
                             AUTO_REUSE)
from .variable_scope import get_local_variable, no_regularizer, make_template, Template
from .session import Session, InteractiveSession, get_default_session
from .initializers import (zeros_initializer, ones_initializer, constant_initializer,
                           random_normal_initializer, random_uniform_initializer,
                           truncated_normal_initializer, variance_scaling_initializer,
                           glorot_uniform_initializer, glorot_normal_initializer)
from .initializers import orthogonal_initializer
from .ops.linalg import qr, eye, norm
from . import errors, nn, train, losses, layers, initializers, summary
newaxis = None
