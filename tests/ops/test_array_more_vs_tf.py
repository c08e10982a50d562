"""``boolean_mask``, segment reductions, ``sort``, ``dynamic_partition``/``dynamic_stitch``,
``space_to_depth``, ``hessians``, ``check_numerics`` and ``Print`` against values, static
shapes and messages recorded from TensorFlow 2.21 (``tf.compat.v1`` graph mode)."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

D = [[1., 5.], [3., 5.], [2., 0.], [3., 1.]]
W3 = [[1., 2.], [3., 4.], [5., 6.]]


def run(fetch):
    with tf.Session() as sess:
        return sess.run(fetch)


def grad_of(fn, x, w):
    with tf.Graph().as_default():
        xt = tf.constant(x)
        return run(tf.gradients(fn(xt) * w, xt)[0])


@pytest.mark.parametrize("fn, w, expected", [
    (lambda d: tf.boolean_mask(d, [True, False, True, True]), W3,
     [[1, 2], [0, 0], [3, 4], [5, 6]]),
    (lambda d: tf.math.segment_max(d, [0, 0, 1, 1]), W3[:2], [[0, 1], [1, 1], [0, 0], [3, 4]]),
    (lambda d: tf.math.unsorted_segment_max(d, [1, 1, -1, 0], 3), W3,
     [[0, 2], [3, 2], [0, 0], [1, 2]]),
    (lambda d: tf.math.unsorted_segment_sum(d, [1, 1, -1, 0], 3), W3,
     [[3, 4], [3, 4], [0, 0], [1, 2]]),
    (lambda d: tf.math.unsorted_segment_mean(d, [1, 1, -1, 0], 3), W3,
     [[1.5, 2], [1.5, 2], [0, 0], [1, 2]]),
    (lambda d: tf.math.segment_mean(d, [0, 0, 0, 2]), W3,
     [[1 / 3, 2 / 3], [1 / 3, 2 / 3], [1 / 3, 2 / 3], [5, 6]]),
])
def test_gradients_match_tf(fn, w, expected):
    np.testing.assert_allclose(grad_of(fn, np.array(D, np.float32), w), expected, rtol=1e-6)


def test_other_gradients_match_tf():
    v = [1., 2., 3., 4.]
    np.testing.assert_allclose(grad_of(lambda x: tf.dynamic_stitch(
        [[0, 1], [1, 2]], [x[:2], x[2:]]), v, [1., 2., 3.]), [1, 2, 2, 3])
    np.testing.assert_allclose(grad_of(lambda x: tf.dynamic_partition(
        x, [1, 0, 1, 2], 3)[1], v, [5., 7.]), [5, 0, 7, 0])
    np.testing.assert_allclose(grad_of(lambda x: tf.sort(x[::-1] * [1., 1., 5., 0.]), v,
                                       [1., 2., 3., 4.]), [0, 20, 2, 3])
    with tf.Graph().as_default():
        x = tf.constant(v)
        h, = tf.hessians(tf.reduce_sum(x ** 3), x)
        assert h.shape.as_list() == [4, 4]
        np.testing.assert_allclose(run(h), np.diag([6., 12., 18., 24.]))


def test_values_match_tf():
    with tf.Graph().as_default():
        d = tf.constant(np.arange(12, dtype=np.float32).reshape(6, 2))
        got = run([tf.math.unsorted_segment_max(d, [0, -1, 2, 1, 0, 1], 4),
                   tf.math.unsorted_segment_mean(d, [0, -1, 2, 1, 0, 1], 4),
                   tf.math.segment_sum(d, [0, 0, 2, 2, 3, 7]),
                   tf.math.segment_max(d, [0, 0, 2, 2, 3, 3]),
                   tf.math.segment_mean(d, [1, 1, 2, 2, 3, 3]),
                   tf.math.unsorted_segment_max(tf.constant([[1, 2]]), [1], 3),
                   tf.dynamic_stitch([[0, 1], [1, 2]], [[1., 2.], [3., 4.]]),
                   tf.dynamic_stitch([[0, 3], [1, 5]], [[1., 2.], [3., 4.]]),
                   tf.argsort([3., 1., 2., 1.]),
                   tf.argsort([3., 1., 2., 1.], direction="DESCENDING", stable=True),
                   tf.sort([[3, 1, 2], [0, -2147483648, 5]], axis=1),
                   tf.sort([[3, 1, 2], [0, 9, 5]], axis=0, direction="DESCENDING"),
                   tf.sort(tf.constant([3, 1, 2], tf.uint8)),
                   tf.space_to_depth(np.arange(16.).reshape(1, 4, 4, 1), 2),
                   tf.depth_to_space(np.arange(8.).reshape(1, 1, 1, 8), 2),
                   tf.sequence_mask([1, 3, 2], 2)])
    low = np.finfo(np.float32).min
    expected = [[[8, 9], [10, 11], [4, 5], [low, low]],
                [[4, 5], [8, 9], [4, 5], [0, 0]],
                [[2, 4], [0, 0], [10, 12], [8, 9], [0, 0], [0, 0], [0, 0], [10, 11]],
                [[2, 3], [0, 0], [6, 7], [10, 11]],
                [[0, 0], [1, 2], [5, 6], [9, 10]],
                [[-2147483648] * 2, [1, 2], [-2147483648] * 2],
                [1, 3, 4], [1, 3, 0, 2, 0, 4], [1, 3, 2, 0], [0, 2, 1, 3],
                [[1, 2, 3], [-2147483648, 0, 5]], [[3, 9, 5], [0, 1, 2]], [1, 2, 3],
                [[[[0, 1, 4, 5], [2, 3, 6, 7]], [[8, 9, 12, 13], [10, 11, 14, 15]]]],
                [[[[0, 1], [2, 3]], [[4, 5], [6, 7]]]],
                [[True, False], [True, True], [True, True]]]
    for g, e in zip(got, expected):
        np.testing.assert_array_equal(g, np.array(e, dtype=np.asarray(g).dtype))
    assert got[10].dtype == np.int32 and got[8].dtype == np.int32


def _shape(t):
    return None if t.shape.ndims is None else tuple(t.shape.as_list())


def test_static_shapes_match_tf():
    ph = tf.placeholder
    x, m = ph(tf.float32, [3, 4, 5]), ph(tf.bool, [3, 4])
    d, ids = ph(tf.float32, [6, 2]), ph(tf.int32, [6])
    cases = [
        (tf.boolean_mask(x, m), (None, 5)),
        (tf.boolean_mask(x, ph(tf.bool, [4]), axis=1), (3, None, 5)),
        (tf.boolean_mask(ph(tf.float32), m), None),
        (tf.boolean_mask(ph(tf.float32, [None, None]), ph(tf.bool, [None])), (None, None)),
        (tf.sequence_mask([1, 3, 2], 5), (3, 5)),
        (tf.sequence_mask([1, 3, 2]), (3, 3)),
        (tf.sequence_mask(ph(tf.int32, [None, 2])), (None, 2, None)),
        (tf.sequence_mask([1, 2], ph(tf.int32, [])), (2, None)),
        (tf.math.unsorted_segment_sum(d, ids, 4), (4, 2)),
        (tf.math.unsorted_segment_sum(d, ids, ph(tf.int32, [])), (None, 2)),
        (tf.math.unsorted_segment_sum(ph(tf.float32, [2, 3, 4]), ph(tf.int32, [2, 3]), 5),
         (5, 4)),
        (tf.math.segment_sum(d, ids), (None, 2)),
        (tf.math.segment_mean(d, ids), (None, 2)),
        (tf.math.segment_max(d, ids), (None, 2)),
        (tf.math.unsorted_segment_mean(d, ids, 4), (4, 2)),
        (tf.math.unsorted_segment_max(d, ids, 4), (4, 2)),
        (tf.space_to_depth(ph(tf.float32, [None, 4, None, 3]), 2), (None, 2, None, 12)),
        (tf.depth_to_space(ph(tf.float32, [None, 4, None, 8]), 2), (None, 8, None, 2)),
        (tf.depth_to_space(ph(tf.float32, [None, 4, None, None]), 2), (None, 8, None, None)),
        (tf.dynamic_partition(ph(tf.float32, [5, 3]), ph(tf.int32, [5]), 3)[0], (None, 3)),
        (tf.dynamic_partition(ph(tf.float32, [5, 3]), ph(tf.int32, [5, 3]), 3)[0], (None,)),
        (tf.dynamic_partition(ph(tf.float32), ph(tf.int32), 3)[0], None),
        (tf.dynamic_stitch([ph(tf.int32, [2]), ph(tf.int32, [3])],
                           [ph(tf.float32, [2, 4]), ph(tf.float32, [3, 4])]), (None, 4)),
        (tf.dynamic_stitch([tf.constant([0, 2]), tf.constant([1])],
                           [ph(tf.float32, [2, 4]), ph(tf.float32, [1, 4])]), (3, 4)),
        (tf.sort(ph(tf.float32, [None, 3]), axis=0), (None, 3)),
        (tf.argsort(ph(tf.float32, [None, 3]), axis=0), (None, 3)),
        (tf.meshgrid([1, 2, 3], [4, 5], [6, 7, 8, 9])[0], (2, 3, 4)),
        (tf.meshgrid([1, 2, 3], [4, 5], [6, 7, 8, 9], indexing="ij")[2], (3, 2, 4)),
        (tf.meshgrid(ph(tf.float32, [None]), [4., 5])[1], (2, None)),
        (tf.meshgrid([[1, 2]], [3])[0], (1, 2)),
    ]
    for t, shape in cases:
        assert _shape(t) == shape, (t, shape)
    assert tf.sequence_mask([1, 2], 4, dtype=tf.float32).dtype == tf.float32
    assert tf.meshgrid() == []


@pytest.mark.parametrize("build, error, message", [
    (lambda: tf.boolean_mask(tf.zeros([3, 4]), tf.placeholder(tf.bool)), ValueError,
     "Number of mask dimensions must be specified, even if some dimensions are None.  E.g. "
     "shape=[None] is ok, but shape=None is not."),
    (lambda: tf.boolean_mask(tf.zeros([3, 4]), True), ValueError, "mask cannot be scalar."),
    (lambda: tf.boolean_mask(tf.zeros([3, 4, 5]), tf.zeros([4], tf.bool)), ValueError,
     "Shapes (3,) and (4,) are incompatible"),
    (lambda: tf.sequence_mask([1, 2], [4]), ValueError,
     "Argument `maxlen` must be scalar for sequence_mask"),
    (lambda: tf.math.unsorted_segment_sum(tf.zeros([6, 2]), tf.zeros([5], tf.int32), 3),
     ValueError, "Dimensions must be equal, but are 6 and 5"),
    (lambda: tf.math.segment_sum(tf.zeros([6, 2]), tf.zeros([6, 1], tf.int32)), ValueError,
     "Shape must be rank 1 but is rank 2"),
    (lambda: tf.math.unsorted_segment_sum(tf.zeros([6]), tf.zeros([6]), 3), TypeError,
     "Value passed to parameter 'segment_ids' has DataType float32 not in list of allowed "
     "values: int16, int32, int64"),
    (lambda: tf.space_to_depth(tf.zeros([1, 3, 4, 1]), 2), ValueError,
     "Dimension size must be evenly divisible by 2 but is 3"),
    (lambda: tf.space_to_depth(tf.zeros([1, 4, 4, 1]), 1), ValueError,
     "Attr 'block_size' of 'SpaceToDepth' Op passed 1 less than minimum 2."),
    (lambda: tf.depth_to_space(tf.zeros([1, 2, 2, 3]), 2), ValueError,
     "Dimension size must be evenly divisible by 4 but is 3"),
    (lambda: tf.space_to_depth(tf.zeros([4, 4, 1]), 2), ValueError,
     "Shape must be rank 4 but is rank 3"),
    (lambda: tf.dynamic_partition(tf.zeros([5, 3]), tf.zeros([4], tf.int32), 3), ValueError,
     "Dimensions must be equal, but are 5 and 4"),
    (lambda: tf.dynamic_stitch([tf.zeros([2], tf.int32)], [tf.zeros([3, 4])]), ValueError,
     "Dimensions must be equal, but are 3 and 2"),
    (lambda: tf.meshgrid([1, 2], [3], indexing="foo"), ValueError,
     "Argument `indexing` parameter must be either 'xy' or 'ij', got 'foo'"),
    (lambda: tf.sort([1., 2.], direction="up"), ValueError,
     "Argument `direction` should be one of ASCENDING, DESCENDING. Received: direction=up"),
    (lambda: tf.argsort([True, False]), TypeError,
     "Value passed to parameter 'x' has DataType bool not in list of allowed values"),
    (lambda: tf.check_numerics(tf.constant([1, 2]), "boom"), TypeError,
     "Value passed to parameter 'tensor' has DataType int32 not in list of allowed values: "
     "bfloat16, float16, float32, float64"),
    (lambda: tf.hessians(tf.reduce_sum(tf.constant([1., 2.])), [tf.constant([3.])]),
     ValueError, "None values not supported."),
])
def test_build_errors_match_tf(build, error, message):
    with tf.Graph().as_default():
        with pytest.raises(error) as info:
            build()
    assert message in str(info.value)


@pytest.mark.parametrize("build, message", [
    (lambda: tf.math.unsorted_segment_sum(tf.zeros([6, 2]), [0, 1, 2, 3, 0, 1], 3),
     "segment_ids[3] = 3 is out of range [0, 3)"),
    (lambda: tf.math.segment_sum(tf.zeros([6, 2]), [0, 0, 2, 1, 3, 3]),
     "segment ids are not increasing"),
    (lambda: tf.math.segment_max(tf.zeros([6, 2]), [0, 0, 2, 1, 3, 3]),
     "segment ids are not increasing"),
    (lambda: tf.math.segment_sum(tf.zeros([6, 2]), [-1, 0, 2, 2, 3, 3]),
     "Segment id -1 out of range [0, 4), possibly because 'segment_ids' input is not sorted."),
    (lambda: tf.dynamic_partition([1., 2., 3.], [0, 2, 1], 2),
     "partitions[1] = 2 is not in [0, 2)"),
    (lambda: tf.check_numerics(tf.constant([1., np.nan, np.inf]), "boom"),
     "boom : Tensor had Inf and NaN values"),
    (lambda: tf.check_numerics(tf.constant([1., np.nan]), "boom"),
     "boom : Tensor had NaN values"),
    (lambda: tf.check_numerics(tf.constant([1., np.inf]), "boom"),
     "boom : Tensor had Inf values"),
    (lambda: tf.verify_tensor_all_finite(tf.constant([1., np.inf]), "vv"),
     "vv : Tensor had Inf values"),
    (lambda: _grad_of_checked(np.inf),
     "Not a number (NaN) or infinity (Inf) values detected in gradient. m : Tensor had"),
])
def test_run_errors_match_tf(build, message):
    with tf.Graph().as_default():
        t = build()
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            run(t)
    assert message in str(info.value)


def _grad_of_checked(scale):
    x = tf.constant([1., 2.])
    return tf.gradients(tf.check_numerics(x, "m") * scale, x)[0]


def test_print_matches_tf(capfd):
    with tf.Graph().as_default():
        x = tf.constant([1., 2.])
        once = tf.Print(x, [x], "once ", first_n=1)
        fetches = [tf.Print(x, [x, 3, "s"], "msg: "),
                   tf.Print(x, [tf.range(20)], summarize=4),
                   tf.Print(x, [tf.reshape(tf.range(12), [3, 4])], "2d "),
                   tf.Print(x, [tf.reshape(tf.range(12), [3, 4])], "2d ", summarize=2)]
        with tf.Session() as sess:
            for f in fetches:
                np.testing.assert_array_equal(sess.run(f), [1., 2.])
            for _ in range(3):
                sess.run(once)
            np.testing.assert_array_equal(
                sess.run(tf.gradients(tf.Print(x, [x]) * 3., x)[0]), [3., 3.])
    err = capfd.readouterr().err.splitlines()
    assert err[:5] == ["msg: [1 2][3][s]", "[0 1 2 3...]", "2d [[0 1 2...]...]",
                       "2d [[0 1...]...]", "once [1 2]"]
    assert "once [1 2]" not in err[5:]
