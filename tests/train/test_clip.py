"""tf.clip_by_norm, tf.global_norm, tf.clip_by_global_norm vs NumPy."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 4))
Y = RNG.normal(size=(5,))


def _run(*fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(list(fetches), feed_dict)


def _np_clip_by_norm(t, clip_norm, axes=None):
    l2norm = np.sqrt(np.sum(t * t, axis=axes, keepdims=True))
    return t * clip_norm / np.maximum(l2norm, clip_norm)


@pytest.mark.parametrize("clip_norm", [0.5, 2.0, 100.0])
@pytest.mark.parametrize("axes", [None, 0, 1, [0, 1]])
def test_clip_by_norm_matches_numpy(clip_norm, axes):
    got, = _run(tf.clip_by_norm(tf.constant(X), clip_norm, axes=axes))
    np.testing.assert_allclose(got, _np_clip_by_norm(X, clip_norm,
                                                     None if axes is None else tuple(
                                                         np.atleast_1d(axes))), rtol=1e-14)


def test_clip_by_norm_basics():
    t = tf.clip_by_norm([3.0, 4.0], 1.0)
    assert t.op.name == "clip_by_norm" and t.dtype == tf.float32
    zero = tf.clip_by_norm(tf.zeros([3]), 1.0)  # a zero tensor stays zero (no NaN)
    clip = tf.placeholder(tf.float32, [])
    fed = tf.clip_by_norm([3.0, 4.0], clip)
    got, z, f = _run(t, zero, fed, feed_dict={clip: 10.0})
    np.testing.assert_allclose(got, [0.6, 0.8], rtol=1e-6)
    np.testing.assert_array_equal(z, [0.0, 0.0, 0.0])
    np.testing.assert_allclose(f, [3.0, 4.0])


def test_clip_by_norm_gradient_is_finite_at_zero():
    w = tf.Variable([0.0, 0.0])
    g, = tf.gradients(tf.reduce_sum(tf.clip_by_norm(w, 1.0)), [w])
    with tf.Session() as sess:
        sess.run(w.initializer)
        assert np.all(np.isfinite(sess.run(g)))


def test_global_norm_matches_numpy_and_skips_none():
    norm = tf.global_norm([tf.constant(X), None, tf.constant(Y)])
    assert norm.op.name == "global_norm/global_norm" and norm.shape.as_list() == []
    got, = _run(norm)
    np.testing.assert_allclose(got, np.sqrt(np.sum(X ** 2) + np.sum(Y ** 2)), rtol=1e-14)
    with pytest.raises(TypeError, match="t_list should be a sequence"):
        tf.global_norm(tf.constant(X))


@pytest.mark.parametrize("clip_norm", [0.5, 3.0, 1000.0])
def test_clip_by_global_norm_matches_tf_formula(clip_norm):
    t_list = [tf.constant(X), None, tf.constant(Y)]
    clipped, norm = tf.clip_by_global_norm(t_list, clip_norm)
    assert clipped[1] is None
    assert clipped[0].op.name == "clip_by_global_norm/clip_by_global_norm/_0"
    c0, c2, n = _run(clipped[0], clipped[2], norm)
    global_norm = np.sqrt(np.sum(X ** 2) + np.sum(Y ** 2))
    np.testing.assert_allclose(n, global_norm, rtol=1e-14)
    scale = clip_norm / max(global_norm, clip_norm)
    np.testing.assert_allclose(c0, X * scale, rtol=1e-14)
    np.testing.assert_allclose(c2, Y * scale, rtol=1e-14)
    total = np.sqrt(np.sum(c0 ** 2) + np.sum(c2 ** 2))
    assert total <= clip_norm * (1 + 1e-12)


def test_clip_by_global_norm_use_norm_and_non_finite_norm():
    clipped, norm = tf.clip_by_global_norm([tf.constant([3.0, 4.0])], 1.0,
                                           use_norm=tf.constant(10.0))
    c, n = _run(clipped[0], norm)
    assert n == 10.0
    np.testing.assert_allclose(c, [0.3, 0.4], rtol=1e-6)
    clipped, norm = tf.clip_by_global_norm([tf.constant([np.inf, 1.0])], 1.0)
    c, n = _run(clipped[0], norm)
    assert np.isinf(n) and np.all(np.isnan(c))
    with pytest.raises(TypeError, match="t_list should be a sequence"):
        tf.clip_by_global_norm(tf.constant([1.0]), 1.0)
