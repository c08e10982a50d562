"""``tf.map_fn``, ``tf.scan``, ``tf.foldl`` and ``tf.foldr`` (unrolled over a static first
dimension). Expected values were recorded from TensorFlow 2.21 (``tf.compat.v1`` graphs)
running the same program; TensorFlow is not needed to run these tests."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def test_map_fn_scan_and_folds_match_tf():
    x = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    a = tf.map_fn(lambda r: tf.reduce_sum(r * r), x)
    b = tf.map_fn(lambda t: (t[0] * 2, t[1] + 1), (x, tf.constant([1, 2, 3])),
                  dtype=(tf.float32, tf.int32))
    c = tf.scan(lambda acc, r: acc + r, x)
    d = tf.scan(lambda acc, r: acc * r, x, initializer=tf.ones([2]), reverse=True)
    e = tf.foldl(lambda acc, r: acc - r, tf.constant([1, 2, 3]))
    f = tf.foldr(lambda acc, r: acc - r, tf.constant([1, 2, 3]), initializer=0)
    g = tf.gradients(tf.reduce_sum(a) + tf.reduce_sum(c), x)[0]
    h = tf.scan(lambda acc, r: (acc[0] + r, acc[1] * 2), x,
                initializer=(tf.zeros([2]), tf.constant(1.)))
    with tf.Session() as s:
        va, vb, vc, vd, ve, vf, vg, vh = s.run([a, b, c, d, e, f, g, h])
    np.testing.assert_array_equal(va, [5., 25., 61.])
    np.testing.assert_array_equal(vb[0], [[2., 4.], [6., 8.], [10., 12.]])
    np.testing.assert_array_equal(vb[1], [2, 3, 4])
    assert isinstance(vb, tuple) and vb[1].dtype == np.int32
    np.testing.assert_array_equal(vc, [[1., 2.], [4., 6.], [9., 12.]])
    np.testing.assert_array_equal(vd, [[15., 48.], [15., 24.], [5., 6.]])
    assert ve == -4 and vf == -6 and ve.dtype == np.int32
    np.testing.assert_array_equal(vg, [[5., 7.], [8., 10.], [11., 13.]])
    np.testing.assert_array_equal(vh[0], [[1., 2.], [4., 6.], [9., 12.]])
    np.testing.assert_array_equal(vh[1], [2., 4., 8.])
    assert [t.shape.as_list() for t in (a, c, d, e)] == [[3], [3, 2], [3, 2], []]


def test_unknown_length_loops_at_run_time_with_tf_values():
    # the same program on placeholders of unknown length: a tf.while_loop, not unrolled
    x = tf.placeholder(tf.float32, [None, 2])
    k = tf.placeholder(tf.int32, [None])
    v = tf.placeholder(tf.int32, [None])
    a = tf.map_fn(lambda r: tf.reduce_sum(r * r), x)
    b = tf.map_fn(lambda t: (t[0] * 2, t[1] + 1), (x, k), dtype=(tf.float32, tf.int32))
    c = tf.scan(lambda acc, r: acc + r, x)
    d = tf.scan(lambda acc, r: acc * r, x, initializer=tf.ones([2]), reverse=True)
    e = tf.foldl(lambda acc, r: acc - r, v)
    f = tf.foldr(lambda acc, r: acc - r, v, initializer=0)
    g = tf.gradients(tf.reduce_sum(a) + tf.reduce_sum(c), x)[0]
    h = tf.scan(lambda acc, r: (acc[0] + r, acc[1] * 2), x,
                initializer=(tf.zeros([2]), tf.constant(1.)))
    m = tf.map_fn(lambda d_: d_["p"] + d_["q"], {"p": x, "q": x * 3})
    gm = tf.gradients(tf.reduce_sum(m), x)[0]  # x and 3x both read in the loop: 1 + 3
    assert a.shape.as_list() == [None] and c.shape.as_list() == [None, 2]
    feed = {x: [[1., 2.], [3., 4.], [5., 6.]], k: [1, 2, 3], v: [1, 2, 3]}
    with tf.Session() as s:
        va, vb, vc, vd, ve, vf, vg, vh, vgm = s.run([a, b, c, d, e, f, g, h, gm], feed)
        short = s.run([a, c], {x: [[1., 2.]]})  # a loop of one element: the body never runs
    np.testing.assert_array_equal(va, [5., 25., 61.])
    np.testing.assert_array_equal(vb[0], [[2., 4.], [6., 8.], [10., 12.]])
    np.testing.assert_array_equal(vb[1], [2, 3, 4])
    np.testing.assert_array_equal(vc, [[1., 2.], [4., 6.], [9., 12.]])
    np.testing.assert_array_equal(vd, [[15., 48.], [15., 24.], [5., 6.]])
    assert ve == -4 and vf == -6 and ve.dtype == np.int32
    np.testing.assert_array_equal(vg, [[5., 7.], [8., 10.], [11., 13.]])
    np.testing.assert_array_equal(vh[0], [[1., 2.], [4., 6.], [9., 12.]])
    np.testing.assert_array_equal(vh[1], [2., 4., 8.])
    np.testing.assert_array_equal(vgm, np.full((3, 2), 4.))
    np.testing.assert_array_equal(short[0], [5.])
    np.testing.assert_array_equal(short[1], [[1., 2.]])


@pytest.mark.parametrize("length", [4, None])
def test_fn_s_variables_are_made_once(length):
    # TF builds fn once: one set of variables, whether the loop is unrolled or run
    x = tf.placeholder(tf.float32, [length, 3])
    dense = tf.map_fn(lambda r: tf.layers.dense(r[None], 2)[0], x)

    def weighted(r):
        w = tf.get_variable("w", [3], initializer=tf.ones_initializer())
        return tf.reduce_sum(r * w)
    summed = tf.map_fn(weighted, x)
    total = tf.foldl(lambda a, r: a + tf.reduce_sum(r * tf.get_variable(
        "v", [3], initializer=tf.ones_initializer())), x, initializer=0.0)
    assert sorted(v.name for v in tf.global_variables()) == \
        ["dense/bias:0", "dense/kernel:0", "v:0", "w:0"]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        d, sm, t = s.run([dense, summed, total], {x: np.ones((4, 3), np.float32)})
    assert (d == d[0]).all() and sm.tolist() == [3.0] * 4 and t == 12.0
