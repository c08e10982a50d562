"""Squared variants of the table's linear ops (imported last: it reads the other rows).
"""

import numpy as np

import tensorweave.compat.v1 as tf
from optable import CASES, case

# Squared variants of the linear ops. The Hessian of a linear op is zero, so its
# Hessian-vector check never differentiates the op's gradient graph; squaring the output makes
# the first gradient depend on x through that graph (GatherGrad, StridedSliceGrad,
# ReduceToShape, SplitV, Pack/Unpack …), whose own gradient rules are then checked.
SQUARED = [
    "add_bcast", "add_rank", "subtract_scalar_x", "where_bcast", "broadcast_to", "bias_add_4d",
    "bias_add_nchw", "add_n_repeated", "reshape_infer_dim", "transpose_perm",
    "expand_dims_dim", "squeeze_all", "concat_axis1_three", "stack_axis1", "unstack_axis1",
    "unstack_partial_grad", "split_sizes", "split_partial_grad", "tile", "pad", "slice",
    "gather_repeated", "gather_axis1", "gather_2d_indices_axis1", "getitem_mixed",
    "getitem_tensor_index", "getitem_scalar_element", "reduce_sum_axis_list",
    "reduce_mean_axis1_keepdims", "reduce_mean_all", "cumsum_exclusive_reverse", "fill",
    "identity", "placeholder_with_default", "matmul_batch_bcast", "conv2d_valid",
    "conv2d_backprop_input", "conv2d_backprop_filter", "depthwise_conv2d",
    "depthwise_conv2d_strided_dilated", "max_pool_same", "avg_pool_same", "top_k_values",
    "cond_true", "cond_false", "relu",
]


def _squared(fn):
    def sq(*args):
        out = fn(*args)
        return [tf.square(o) for o in out] if isinstance(out, (list, tuple)) else tf.square(out)
    return sq


def _np_squared(fn):
    def sq(*args):
        out = fn(*args)
        return [np.square(o) for o in out] if isinstance(out, (list, tuple)) else np.square(out)
    return sq


# op types that only the squared variant builds (the gradients of gradient ops)
SQUARED_OPS = {"max_pool_same": ("MaxPoolGradGrad",)}

for _name in SQUARED:
    _c = next(c for c in CASES if c.name == _name)
    case(f"{_name}_squared", _squared(_c.build), _np_squared(_c.ref), _c.args,
         _c.ops + ("Square",) + SQUARED_OPS.get(_name, ()),
         f32=False, exact=_c.exact, keeps_rank=_c.keeps_rank, none_shape=_c.none_shape,
         unknown_dims=_c.unknown_dims, unknown_rank=_c.unknown_rank)
