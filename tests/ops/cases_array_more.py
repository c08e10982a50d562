"""Op-table rows for ``boolean_mask``/``sequence_mask``, the segment reductions, ``meshgrid``,
``sort``/``argsort``, ``dynamic_partition``/``dynamic_stitch``, ``space_to_depth``/
``depth_to_space`` and ``check_numerics``/``Print``."""

import numpy as np

import tensorweave.compat.v1 as tf
from optable import A, I, case, distinct

MASK = [[True, False, True, True], [False, False, True, False], [True, True, False, True]]
IDS = [0, 2, 0, 3, 2, 2]          # unsorted, segment 1 empty
SORTED = [0, 0, 2, 2, 2, 3]       # sorted, segment 1 empty


def _np_segments(data, ids, n, reduce, empty):
    out = np.full((n,) + data.shape[np.ndim(ids):], empty, data.dtype)
    flat = data.reshape((-1,) + data.shape[np.ndim(ids):])
    for i in range(n):
        rows = flat[np.ravel(ids) == i]
        if len(rows):
            out[i] = reduce(rows, axis=0)
    return out


# -- boolean_mask / sequence_mask --------------------------------------------------------------
case("boolean_mask_2d", lambda x, m: tf.boolean_mask(x, m), lambda x, m: x[m],
     [A(3, 4, 2), I(MASK, tf.bool)], ["Where", "GatherV2", "GatherGrad", "Reshape", "Squeeze"],
     exact=False, unknown_rank=False)
case("boolean_mask_axis1", lambda x, m: tf.boolean_mask(x, m, axis=1),
     lambda x, m: x[:, m], [A(2, 4, 3), I([True, False, True, True], tf.bool)],
     ["Where", "GatherV2", "GatherGrad"], exact=False, unknown_rank=False)
case("sequence_mask", lambda n: tf.sequence_mask(n, 5, dtype=tf.float32),
     lambda n: (np.arange(5) < n[..., None]).astype(np.float32), [I([[1, 3], [0, 5]])],
     ["Range", "Less", "Cast", "ExpandDims"], grad=(), keeps_rank=False)
case("sequence_mask_default_maxlen", lambda n: tf.sequence_mask(n),
     lambda n: np.arange(n.max()) < n[:, None], [I([2, 4, 1])], ["Range", "Less", "Max"],
     grad=(), exact=False, keeps_rank=False)

# -- segment reductions ------------------------------------------------------------------------
case("unsorted_segment_sum", lambda x, i: tf.math.unsorted_segment_sum(x, i, 5),
     lambda x, i: _np_segments(x, i, 5, np.sum, 0), [A(6, 3), I(IDS)],
     ["UnsortedSegmentSum", "GatherV2", "ConcatV2"], keeps_rank=False)
case("unsorted_segment_sum_2d_ids", lambda x, i: tf.unsorted_segment_sum(x, i, 4),
     lambda x, i: _np_segments(x, i, 4, np.sum, 0), [A(2, 3, 2), I([[0, 3, -1], [3, 1, 0]])],
     ["UnsortedSegmentSum", "GatherV2"], keeps_rank=False)
case("unsorted_segment_mean", lambda x, i: tf.math.unsorted_segment_mean(x, i, 5),
     lambda x, i: _np_segments(x, i, 5, np.mean, 0), [A(6, 3), I(IDS)],
     ["UnsortedSegmentSum", "Maximum", "RealDiv"], keeps_rank=False)
case("unsorted_segment_max", lambda x, i: tf.math.unsorted_segment_max(x, i, 3),
     lambda x, i: _np_segments(x, i, 3, np.max, np.finfo(x.dtype).min),
     [A(6, 3, gen=distinct()), I([0, 2, 0, 2, -1, 1])],
     ["UnsortedSegmentMax", "Equal", "SelectV2", "UnsortedSegmentSum"], keeps_rank=False)
case("segment_sum", lambda x, i: tf.math.segment_sum(x, i),
     lambda x, i: _np_segments(x, i, 4, np.sum, 0), [A(6, 3), I(SORTED)],
     ["SegmentSum", "GatherV2"], exact=False, keeps_rank=False)
case("segment_mean", lambda x, i: tf.math.segment_mean(x, i),
     lambda x, i: _np_segments(x, i, 4, np.mean, 0), [A(6, 3), I(SORTED)],
     ["SegmentMean", "SegmentSum", "GatherV2"], exact=False, keeps_rank=False)
case("segment_max", lambda x, i: tf.math.segment_max(x, i),
     lambda x, i: _np_segments(x, i, 4, np.max, 0), [A(6, 3, gen=distinct()), I(SORTED)],
     ["SegmentMax", "SegmentSum", "Equal"], exact=False, keeps_rank=False)

# -- meshgrid / sort / argsort -----------------------------------------------------------------
case("meshgrid_xy", lambda x, y, z: tf.meshgrid(x, y, z), lambda x, y, z: np.meshgrid(x, y, z),
     [A(3), A(2), A(4)], ["Reshape", "Mul", "Fill"], unknown_rank=False)
case("meshgrid_ij", lambda x, y: tf.meshgrid(x, y, indexing="ij"),
     lambda x, y: np.meshgrid(x, y, indexing="ij"), [A(3), A(2)], ["Reshape", "Mul"],
     unknown_rank=False)
case("sort_last_axis", lambda x: tf.sort(x), lambda x: np.sort(x, -1),
     [A(3, 5, gen=distinct())], ["TopKV2", "Neg"], keeps_rank=False)
case("sort_descending_axis0", lambda x: tf.sort(x, axis=0, direction="DESCENDING"),
     lambda x: -np.sort(-x, 0), [A(4, 3, gen=distinct())], ["TopKV2", "Transpose"],
     keeps_rank=False, unknown_rank=False)
case("argsort_ties", lambda x: tf.argsort(x, stable=True),
     lambda x: np.argsort(x, -1, kind="stable").astype(np.int32),
     [I([[3, 1, 2, 1], [0, 0, -5, 7]])], ["TopKV2"], grad=(), keeps_rank=False)
case("argsort_descending_axis0", lambda x: tf.argsort(x, axis=0, direction="DESCENDING"),
     lambda x: np.argsort(-x, 0, kind="stable").astype(np.int32),
     [A(4, 3, gen=distinct())], ["TopKV2", "Transpose"], grad=(), keeps_rank=False,
     unknown_rank=False)

# -- dynamic_partition / dynamic_stitch --------------------------------------------------------
case("dynamic_partition", lambda x, p: tf.dynamic_partition(x, p, 3),
     lambda x, p: [x[p == i] for i in range(3)], [A(5, 2), I([2, 0, 2, 1, 2])],
     ["DynamicPartition", "DynamicStitch", "Range"], exact=False, keeps_rank=False)
case("dynamic_partition_2d", lambda x, p: tf.dynamic_partition(x, p, 2),
     lambda x, p: [x[p == i] for i in range(2)], [A(2, 3), I([[1, 0, 1], [1, 1, 0]])],
     ["DynamicPartition", "DynamicStitch"], exact=False, keeps_rank=False)
case("dynamic_stitch", lambda a, b, i, j: tf.dynamic_stitch([i, j], [a, b]),
     lambda a, b, i, j: np.stack([a[0], b[0], b[1], a[1]]), [A(2, 3), A(2, 3), I([0, 3]),
                                                            I([1, 2])],
     ["DynamicStitch", "GatherV2"], exact=False, keeps_rank=False)

# -- space_to_depth / depth_to_space -----------------------------------------------------------
case("space_to_depth", lambda x: tf.space_to_depth(x, 2),
     lambda x: x.reshape(2, 2, 2, 3, 2, 3).transpose(0, 1, 3, 2, 4, 5).reshape(2, 2, 3, 12),
     [A(2, 4, 6, 3)], ["SpaceToDepth", "DepthToSpace"])
case("depth_to_space", lambda x: tf.depth_to_space(x, 3),
     lambda x: x.reshape(1, 2, 1, 3, 3, 2).transpose(0, 1, 3, 2, 4, 5).reshape(1, 6, 3, 2),
     [A(1, 2, 1, 18)], ["DepthToSpace", "SpaceToDepth"])

# -- debugging ops -----------------------------------------------------------------------------
case("check_numerics", lambda x: tf.check_numerics(x * 2.0, "x"), lambda x: x * 2,
     [A(3, 4)], ["CheckNumerics"])
case("print_identity", lambda x: tf.Print(x, [x, tf.shape(x)], "x: ", summarize=2) * 3.0,
     lambda x: x * 3, [A(2, 3)], ["Print"])
case("hessians", lambda x: tf.hessians(tf.reduce_sum(x ** 3) * tf.reduce_sum(x), x)[0],
     lambda x: np.diag(6 * x * x.sum()) + 3 * x[:, None] ** 2 + 3 * x[None, :] ** 2,
     [A(3)], ["Unpack", "Pack"], unknown_dims=False, second=False)
