"""Op-table rows for shape ops: queries, ``reshape``, ``transpose``, ``expand_dims``,
``squeeze``, ``broadcast_to``, joining and splitting, ``tile``, ``pad``, indexing, ``gather``,
``one_hot``, tensor creation, and zero-size tensors flowing through all kinds of ops.
"""

import numpy as np

import tensorweave.compat.v1 as tf
from optable import A, I, case, ints, fixed, np_one_hot, np_softmax
from tensorweave.ops.shape import invert_permutation

# Shape queries.
case("shape", tf.shape, lambda x: np.asarray(x.shape, np.int32), [A(2, 3, 4)], ["Shape"])
case("shape_int64", lambda x: tf.shape(x, out_type=tf.int64),
     lambda x: np.asarray(x.shape, np.int64), [A(2, 3)], ["Shape"])
case("shape_n", lambda x, y: tf.shape_n([x, y]),
     lambda x, y: [np.asarray(x.shape, np.int32), np.asarray(y.shape, np.int32)],
     [A(2, 3), A(4)], ["Shape"])
case("size", tf.size, lambda x: np.asarray(x.size, np.int32), [A(2, 3, 4)], ["Size"])
case("rank", tf.rank, lambda x: np.asarray(x.ndim, np.int32), [A(2, 3, 4)], ["Rank"])
case("rank_scalar", tf.rank, lambda x: np.asarray(x.ndim, np.int32), [A()], ["Rank"])

# reshape.
case("reshape_infer_dim", lambda x: tf.reshape(x, [4, -1]), lambda x: x.reshape(4, -1),
     [A(2, 3, 4)], ["Reshape", "Shape"], none_shape=(4, None))
case("reshape_flatten", lambda x: tf.reshape(x, [-1]), lambda x: x.reshape(-1),
     [A(2, 3, 4)], ["Reshape"])
case("reshape_known", lambda x: tf.reshape(x, [3, 2, 2]), lambda x: x.reshape(3, 2, 2),
     [A(2, 6)], ["Reshape"], none_shape=(3, 2, 2))
case("reshape_scalar_to_1", lambda x: tf.reshape(x, [1, 1]), lambda x: x.reshape(1, 1),
     [A()], ["Reshape"], none_shape=(1, 1))
case("reshape_to_scalar", lambda x: tf.reshape(x, []), lambda x: x.reshape(()),
     [A(1, 1)], ["Reshape"], none_shape=())
case("reshape_like", lambda x, y: tf.reshape(x, tf.shape(y)), lambda x, y: x.reshape(y.shape),
     [A(2, 6), A(3, 4)], ["Reshape", "Shape"], grad=(0,))

# transpose.
case("transpose_default", tf.transpose, lambda x: x.T, [A(2, 3, 4)], ["Transpose"])
case("transpose_perm", lambda x: tf.transpose(x, [2, 0, 1]),
     lambda x: np.transpose(x, [2, 0, 1]), [A(2, 3, 4)], ["Transpose"])
case("transpose_2d", lambda x: tf.transpose(x, perm=[1, 0]), lambda x: x.T, [A(3, 4)],
     ["Transpose"])
case("transpose_runtime_perm", lambda x, p: tf.transpose(x, p),
     lambda x, p: np.transpose(x, p), [A(2, 3, 4), I([2, 0, 1])],
     ["Transpose", "InvertPermutation"], exact=False)  # a fed perm: read at run time
case("invert_permutation", invert_permutation, lambda p: np.argsort(p).astype(p.dtype),
     [I([3, 0, 2, 4, 1])], ["InvertPermutation"])
case("invert_permutation_int64", invert_permutation, lambda p: np.argsort(p).astype(p.dtype),
     [I([1, 2, 0], tf.int64)], ["InvertPermutation"])

# expand_dims and squeeze.
case("expand_dims_0", lambda x: tf.expand_dims(x, 0), lambda x: x[None], [A(3, 4)],
     ["ExpandDims", "Reshape", "Shape"], none_shape=(1, None, None))
case("expand_dims_neg", lambda x: tf.expand_dims(x, -1), lambda x: x[..., None], [A(3, 4)],
     ["ExpandDims"], none_shape=(None, None, 1))
case("expand_dims_dim", lambda x: tf.expand_dims(x, dim=1), lambda x: x[:, None], [A(3, 4)],
     ["ExpandDims"], none_shape=(None, 1, None))
case("expand_dims_scalar", lambda x: tf.expand_dims(x, 0), lambda x: x[None], [A()],
     ["ExpandDims"])
case("squeeze_all", tf.squeeze, np.squeeze, [A(1, 3, 1, 2)], ["Squeeze", "Reshape"],
     keeps_rank=False)
case("squeeze_axis", lambda x: tf.squeeze(x, [0, 2]), lambda x: np.squeeze(x, (0, 2)),
     [A(1, 3, 1, 2)], ["Squeeze"])
case("squeeze_neg_axis", lambda x: tf.squeeze(x, axis=-1), lambda x: np.squeeze(x, -1),
     [A(3, 1)], ["Squeeze"])
case("squeeze_dims", lambda x: tf.squeeze(x, squeeze_dims=[1]), lambda x: np.squeeze(x, 1),
     [A(3, 1, 2)], ["Squeeze"])

# broadcast_to.
case("broadcast_to", lambda x: tf.broadcast_to(x, [2, 3, 4]),
     lambda x: np.broadcast_to(x, (2, 3, 4)), [A(3, 1)], ["BroadcastTo", "ReduceToShape"],
     none_shape=(2, 3, 4))
case("broadcast_to_rank", lambda x: tf.broadcast_to(x, [3, 4]),
     lambda x: np.broadcast_to(x, (3, 4)), [A(4)], ["BroadcastTo", "ReduceToShape"])

# concat, stack, unstack, split.
case("concat_axis0", lambda a, b: tf.concat([a, b], 0), lambda a, b: np.concatenate([a, b], 0),
     [A(2, 3), A(1, 3)], ["ConcatV2", "SplitV", "Pack"])
case("concat_axis1_three", lambda a, b, c: tf.concat([a, b, c], axis=1),
     lambda a, b, c: np.concatenate([a, b, c], 1), [A(2, 1), A(2, 3), A(2, 2)], ["ConcatV2"])
case("concat_neg_axis", lambda a, b: tf.concat([a, b], -1),
     lambda a, b: np.concatenate([a, b], -1), [A(2, 2, 1), A(2, 2, 3)], ["ConcatV2"])
case("concat_single", lambda a: tf.concat([a], 0), lambda a: a, [A(2, 3)], ["Identity"])
case("stack_axis0", lambda a, b: tf.stack([a, b]), lambda a, b: np.stack([a, b]),
     [A(2, 3), A(2, 3)], ["Pack", "Unpack"])
case("stack_axis1", lambda a, b, c: tf.stack([a, b, c], axis=1),
     lambda a, b, c: np.stack([a, b, c], 1), [A(2, 3), A(2, 3), A(2, 3)], ["Pack"])
case("stack_neg_axis", lambda a, b: tf.stack([a, b], axis=-1),
     lambda a, b: np.stack([a, b], -1), [A(2, 3), A(2, 3)], ["Pack"])
case("stack_scalars", lambda a, b: tf.stack([a, b]), lambda a, b: np.stack([a, b]),
     [A(), A()], ["Pack"])
case("unstack_axis0", lambda x: tf.unstack(x, num=3), lambda x: list(x), [A(3, 4)],
     ["Unpack", "Pack"])
case("unstack_axis1", lambda x: tf.unstack(x, num=4, axis=1),
     lambda x: list(np.moveaxis(x, 1, 0)), [A(2, 4, 3)], ["Unpack"])
case("unstack_static_num", lambda x: tf.unstack(x, axis=-1),
     lambda x: list(np.moveaxis(x, -1, 0)), [A(3, 2)], ["Unpack"], unknown_dims=False)
case("unstack_partial_grad", lambda x: tf.unstack(x, num=3)[1], lambda x: x[1], [A(3, 4)],
     ["Unpack", "ZerosLike"])
case("split_num", lambda x: tf.split(x, 2, axis=1), lambda x: np.split(x, 2, axis=1),
     [A(3, 4)], ["SplitV", "ConcatV2"])
case("split_num_axis0", lambda x: tf.split(x, 3), lambda x: np.split(x, 3), [A(3, 2)],
     ["SplitV"])
case("split_sizes", lambda x: tf.split(x, [1, 3, 2], axis=1),
     lambda x: np.split(x, [1, 4], axis=1), [A(2, 6)], ["SplitV"])
case("split_sizes_infer", lambda x: tf.split(x, [2, -1], axis=0),
     lambda x: np.split(x, [2], axis=0), [A(5, 2)], ["SplitV"])
case("split_partial_grad", lambda x: tf.split(x, [1, 2, 1], 1)[2], lambda x: x[:, 3:],
     [A(2, 4)], ["SplitV", "ZerosLike", "ConcatV2"])

# tile, pad.
case("tile", lambda x: tf.tile(x, [2, 3]), lambda x: np.tile(x, (2, 3)), [A(2, 3)],
     ["Tile", "Sum", "Reshape"])
case("tile_3d", lambda x: tf.tile(x, [1, 2, 1]), lambda x: np.tile(x, (1, 2, 1)),
     [A(2, 1, 3)], ["Tile"])
case("pad", lambda x: tf.pad(x, [[1, 2], [0, 1]]), lambda x: np.pad(x, [(1, 2), (0, 1)]),
     [A(2, 3)], ["Pad", "StridedSlice"])
case("pad_constant_value", lambda x: tf.pad(x, [[0, 0], [2, 1], [1, 0]], constant_values=1.5),
     lambda x: np.pad(x, [(0, 0), (2, 1), (1, 0)], constant_values=1.5), [A(2, 2, 3)], ["Pad"])
case("pad_reflect", lambda x: tf.pad(x, [[1, 1], [2, 1]], mode="REFLECT"),
     lambda x: np.pad(x, [(1, 1), (2, 1)], mode="reflect"), [A(3, 4)], ["Pad", "MirrorPadGrad"])
case("pad_symmetric", lambda x: tf.pad(x, [[1, 1], [2, 1]], mode="symmetric"),
     lambda x: np.pad(x, [(1, 1), (2, 1)], mode="symmetric"), [A(3, 4)],
     ["Pad", "MirrorPadGrad"])
case("pad_reflect_3d", lambda x: tf.pad(x, [[0, 0], [2, 2], [1, 0]], mode="REFLECT"),
     lambda x: np.pad(x, [(0, 0), (2, 2), (1, 0)], mode="reflect"), [A(2, 4, 3)],
     ["Pad", "MirrorPadGrad"])

# Slicing and indexing.
STRIDED = [
    ("slice_rows_step", lambda x: x[1:, ::2], (3, 4)),
    ("newaxis_ellipsis", lambda x: x[..., None], (2, 3)),
    ("int_index", lambda x: x[0], (3, 4)),
    ("neg_int_index", lambda x: x[-1], (3, 4)),
    ("column", lambda x: x[:, 1], (3, 4)),
    ("reverse", lambda x: x[::-1], (4, 2)),
    ("mixed", lambda x: x[1:3, None, ::-2], (4, 5)),
    ("ellipsis_int", lambda x: x[..., 1], (2, 3, 4)),
    ("newaxis_front", lambda x: x[None, :, 2:], (3, 4)),
    ("scalar_element", lambda x: x[1, 2], (3, 4)),
    ("out_of_range_stop", lambda x: x[1:10], (3, 2)),
    ("neg_start", lambda x: x[-2:, :-1], (3, 4)),
]
for _name, _fn, _shape in STRIDED:
    case(f"getitem_{_name}", _fn, _fn, [A(*_shape)], ["StridedSlice", "StridedSliceGrad"])
case("getitem_tensor_index", lambda x, i: x[i], lambda x, i: x[i],
     [A(3, 4), I(np.int32(2))], ["StridedSlice", "StridedSliceGrad"])
case("getitem_tensor_slice", lambda x, i: x[i:, :i], lambda x, i: x[i:, :i],
     [A(3, 4), I(np.int32(1))], ["StridedSlice"], exact=False)
case("strided_slice", lambda x: tf.strided_slice(x, [0, 1], [2, 4], [1, 2]),
     lambda x: x[0:2:1, 1:4:2], [A(3, 4)], ["StridedSlice"])
case("slice", lambda x: tf.slice(x, [1, 0], [2, -1]), lambda x: x[1:3, 0:], [A(3, 4)],
     ["Slice", "StridedSliceGrad"])
case("slice_3d", lambda x: tf.slice(x, [0, 1, 1], [1, 2, 2]), lambda x: x[0:1, 1:3, 1:3],
     [A(2, 3, 4)], ["Slice"])

# gather (repeated indices: the gradient accumulates), one_hot.
case("gather_repeated", tf.gather, lambda p, i: np.take(p, i, axis=0),
     [A(3, 4), I([0, 2, 0, 0])], ["GatherV2", "GatherGrad"])
case("gather_axis1", lambda p, i: tf.gather(p, i, axis=1), lambda p, i: np.take(p, i, axis=1),
     [A(2, 4, 3), I([3, 1, 1])], ["GatherV2", "GatherGrad"])
case("gather_2d_indices", tf.gather, lambda p, i: np.take(p, i, axis=0),
     [A(4, 2), I([[0, 1], [3, 3], [2, 0]])], ["GatherV2", "GatherGrad"])
case("gather_2d_indices_axis1", lambda p, i: tf.gather(p, i, axis=1),
     lambda p, i: np.take(p, i, axis=1), [A(2, 3, 2), I([[0, 2], [2, 2]], tf.int64)],
     ["GatherV2", "GatherGrad"])
case("gather_scalar_index", tf.gather, lambda p, i: np.take(p, i, axis=0),
     [A(3, 2), I(np.int32(1))], ["GatherV2", "GatherGrad"])
case("gather_python_indices", lambda p: tf.gather(p, [1, 1, 0]),
     lambda p: np.take(p, [1, 1, 0], axis=0), [A(2, 3)], ["GatherV2", "GatherGrad"])
case("one_hot", lambda i: tf.one_hot(i, 3), lambda i: np_one_hot(i, 3),
     [I([0, 2, 1, -1])], ["OneHot"], none_shape=(None, 3))
case("one_hot_options",
     lambda i: tf.one_hot(i, 4, on_value=5.0, off_value=-1.0, axis=0, dtype=tf.float64),
     lambda i: np_one_hot(i, 4, 5.0, -1.0, 0, np.float64), [I([[0, 3], [1, 1]])], ["OneHot"],
     none_shape=(4, None, None))

# Creation. (Builders without inputs take no placeholders.)
case("fill", lambda v: tf.fill([2, 3], v), lambda v: np.full((2, 3), v), [A()], ["Fill", "Sum"])
case("fill_int", lambda: tf.fill([3], 7), lambda: np.full(3, 7, np.int32), [], ["Fill"])
case("zeros", lambda: tf.zeros([2, 3]), lambda: np.zeros((2, 3), np.float32), [], ["Fill"])
case("zeros_int", lambda: tf.zeros((4,), tf.int32), lambda: np.zeros(4, np.int32), [], ["Fill"])
case("ones", lambda: tf.ones([3, 1], tf.float64), lambda: np.ones((3, 1)), [], ["Fill"])
case("zeros_like", tf.zeros_like, np.zeros_like, [A(2, 3)], ["ZerosLike"], grad=())
case("ones_like", tf.ones_like, np.ones_like, [A(2, 3)], ["OnesLike"], grad=())
case("zeros_like_dtype", lambda x: tf.zeros_like(x, dtype=tf.int32),
     lambda x: np.zeros(x.shape, np.int32), [A(2, 3)], ["ZerosLike", "Cast"], grad=())
case("ones_like_int", tf.ones_like, np.ones_like, [A(4, gen=ints(0, 3), dtype=tf.int32)],
     ["OnesLike"])
case("range_limit", lambda: tf.range(5), lambda: np.arange(5, dtype=np.int32), [], ["Range"])
case("range_start_limit_delta", lambda: tf.range(1, 10, 3),
     lambda: np.arange(1, 10, 3, dtype=np.int32), [], ["Range"])
case("range_negative_delta", lambda: tf.range(5, 0, -2),
     lambda: np.arange(5, 0, -2, dtype=np.int32), [], ["Range"])
case("range_float", lambda: tf.range(0.0, 1.0, 0.25),
     lambda: np.arange(0, 1, 0.25, dtype=np.float32), [], ["Range"])
case("range_dtype", lambda: tf.range(3, dtype=tf.float64), lambda: np.arange(3.0), [],
     ["Range"])
case("range_tensors", lambda a, b: tf.range(a, b), lambda a, b: np.arange(a, b, dtype=np.int32),
     [I(np.int32(2)), I(np.int32(7))], ["Range"], exact=False, none_shape=(None,))
case("linspace", lambda: tf.linspace(0.0, 1.0, 5),
     lambda: np.linspace(0, 1, 5, dtype=np.float32), [], ["LinSpace"])
case("lin_space_float64", lambda a: tf.lin_space(a, 3.0, 4),
     lambda a: np.linspace(a, 3.0, 4), [A(gen=fixed(-1.0))], ["LinSpace", "Range"])
case("lin_space_start_stop", lambda a, b: tf.lin_space(a, b, 5),
     lambda a, b: np.linspace(a, b, 5), [A(gen=fixed(-1.0)), A(gen=fixed(2.5))],
     ["LinSpace", "Range"])
case("size_int64", lambda x: tf.size(x, out_type=tf.int64),
     lambda x: np.asarray(x.size, np.int64), [A(2, 3)], ["Size"])
case("zeros_shape_of", lambda x: tf.zeros(tf.shape(x), tf.float64),
     lambda x: np.zeros(x.shape), [A(2, 3)], ["Fill", "Shape"], grad=(), f32=False)
case("broadcast_to_shape_of", lambda x, y: tf.broadcast_to(x, tf.shape(y)),
     lambda x, y: np.broadcast_to(x, y.shape), [A(3, 1), A(2, 3, 4)],
     ["BroadcastTo", "Shape", "ReduceToShape"], grad=(0,))
case("one_hot_int", lambda i: tf.one_hot(i, 3, dtype=tf.int32),
     lambda i: np_one_hot(i, 3, 1, 0, -1, np.int32), [I([2, 0])], ["OneHot"])
case("range_float_negative_delta", lambda: tf.range(1.0, -1.0, -0.5),
     lambda: np.arange(1.0, -1.0, -0.5, dtype=np.float32), [], ["Range"])
case("op_newaxis", lambda x: x[tf.newaxis, :, tf.newaxis], lambda x: x[None, :, None], [A(3)],
     ["StridedSlice"])

# Pass-through placeholders.
case("placeholder_with_default", lambda x: tf.placeholder_with_default(x, x.shape),
     lambda x: x, [A(3, 4)], ["PlaceholderWithDefault"])
case("placeholder_with_default_looser", lambda x: tf.placeholder_with_default(x, [None, 4]),
     lambda x: x, [A(3, 4)], ["PlaceholderWithDefault"], exact=False)

# Empty tensors: zero-size dims flow through shapes, values and gradients.
case("empty_add", tf.add, np.add, [A(0, 3), A(3)], ["AddV2"])
case("empty_matmul_inner", tf.matmul, np.matmul, [A(3, 0), A(0, 4)], ["MatMul"])
case("empty_reduce_sum", lambda x: tf.reduce_sum(x, 0), lambda x: np.sum(x, 0), [A(0, 3)],
     ["Sum"])
case("empty_reduce_prod", lambda x: tf.reduce_prod(x, 0), lambda x: np.prod(x, 0), [A(0, 3)],
     ["Prod", "Cumprod"])
case("empty_reduce_max", lambda x: tf.reduce_max(x, 0), lambda x: np.full(3, -np.inf),
     [A(0, 3)], ["Max"], grad=())  # -inf: TensorFlow's max of nothing
case("empty_reduce_min_int", lambda x: tf.reduce_min(x, [0, 1], keepdims=True),
     lambda x: np.full((1, 1), np.iinfo(np.int32).max, np.int32),
     [A(2, 0, gen=ints(0, 3), dtype=tf.int32)], ["Min"])
case("empty_reduce_max_other_axis", lambda x: tf.reduce_max(x, 1), lambda x: np.max(x, 1),
     [A(0, 3)], ["Max"])
case("empty_cumsum_exclusive", lambda x: tf.cumsum(x, 1, exclusive=True),
     lambda x: x.copy(), [A(2, 0)], ["Cumsum"])
case("empty_cumprod_exclusive_reverse", lambda x: tf.cumprod(x, 0, exclusive=True, reverse=True),
     lambda x: x.copy(), [A(0, 2)], ["Cumprod"])
case("empty_concat", lambda a, b: tf.concat([a, b], 0), lambda a, b: np.concatenate([a, b]),
     [A(0, 3), A(2, 3)], ["ConcatV2"])
case("empty_gather_indices", tf.gather, lambda p, i: p[i],
     [A(3, 2), I(np.zeros(0, np.int32))], ["GatherV2"])
case("empty_reshape", lambda x: tf.reshape(x, [-1, 3]), lambda x: x.reshape(-1, 3),
     [A(2, 0, 3)], ["Reshape"])
case("empty_tile_zero_multiple", lambda x: tf.tile(x, [0, 2]), lambda x: np.tile(x, (0, 2)),
     [A(2, 3)], ["Tile"])
case("empty_split_piece", lambda x: tf.split(x, [0, 3], 1), lambda x: np.split(x, [0], 1),
     [A(2, 3)], ["SplitV"])
case("empty_getitem", lambda x: x[2:1], lambda x: x[2:1], [A(3, 2)], ["StridedSlice"])
case("empty_softmax", tf.nn.softmax, np_softmax, [A(0, 3)], ["Softmax"])
