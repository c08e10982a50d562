"""Sums and means over leading axes (a batch norm's statistics and their gradients, a bias's
gradient) run as ``sum_leading``'s blocked sums (ops/reduce.py): NumPy's reduce over the
first three axes of a 64x32x32x32 activation took 1.25 ms, the blocked sum 0.28. The values
are the sums to float32 rounding (another order of additions)."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave.ops import reduce as reduce_ops

pytestmark = pytest.mark.numpy_only


@pytest.fixture
def blocked(monkeypatch):
    """The calls of sum_leading made while the test runs."""
    calls = []
    original = reduce_ops.sum_leading
    monkeypatch.setattr(reduce_ops, "sum_leading",
                        lambda xp, g, lead: calls.append((g.shape, lead)) or
                        original(xp, g, lead))
    import tensorweave.ops.shape as shape_ops
    monkeypatch.setattr(shape_ops, "sum_leading", reduce_ops.sum_leading)
    return calls


def _run(fn, x):
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, x.shape)
        out = fn(p)
        with tf.Session() as sess:
            return sess.run(out, {p: x})


def test_batch_statistics_and_their_gradients(blocked):
    x = np.random.default_rng(0).standard_normal((8, 6, 5, 7)).astype(np.float32) + 3
    mean = _run(lambda p: tf.reduce_mean(p, axis=[0, 1, 2], keepdims=True), x)
    assert mean.shape == (1, 1, 1, 7) and blocked[-1] == ((8, 6, 5, 7), 3)
    np.testing.assert_allclose(mean, x.mean(axis=(0, 1, 2), keepdims=True), rtol=1e-6)
    flat = _run(lambda p: tf.reduce_mean(p, axis=[0, 1]), x)
    assert flat.shape == (5, 7) and blocked[-1] == ((8, 6, 5, 7), 2)
    np.testing.assert_allclose(flat, x.mean(axis=(0, 1)), rtol=1e-6)
    blocked.clear()
    # the gradient of a (1, 1, 1, C) parameter broadcast over the batch: a leading-axes sum
    scale = np.linspace(0.5, 2, 7, dtype=np.float32).reshape(1, 1, 1, 7)
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, x.shape)
        s = tf.Variable(scale)
        grad, = tf.gradients(tf.reduce_sum(p * s * p), [s])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run(grad, {p: x})
    assert any(lead == 3 for _, lead in blocked)
    np.testing.assert_allclose(got, (x * x).sum(axis=(0, 1, 2), keepdims=True), rtol=1e-5)
    # not leading (axis 1 only), or a non-contiguous input: NumPy's reduce
    blocked.clear()
    np.testing.assert_allclose(_run(lambda p: tf.reduce_mean(p, axis=1), x), x.mean(axis=1),
                               rtol=1e-6)
    assert not blocked


def test_fused_batch_norm_statistics(blocked):
    """tf.layers.batch_normalization's FusedBatchNormV3 in training (NHWC): the batch mean
    and variance as leading-axes sums (5.6 -> 3.4 ms on 64x32x32x32), TF's outputs."""
    x = np.random.default_rng(2).standard_normal((4, 5, 6, 3)).astype(np.float32) * 3 + 1
    scale = np.array([1.0, 2.0, 0.5], np.float32)
    offset = np.array([0.0, -1.0, 3.0], np.float32)
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, x.shape)
        y, mean, var = tf.nn.fused_batch_norm(p, scale, offset, epsilon=0.001)
        with tf.Session() as sess:
            got_y, got_mean, got_var = sess.run([y, mean, var], {p: x})
    assert ((4, 5, 6, 3), 3) in blocked
    m = x.mean(axis=(0, 1, 2))
    v = x.var(axis=(0, 1, 2))
    np.testing.assert_allclose(got_mean, m, rtol=1e-5)
    np.testing.assert_allclose(got_var, v * 120 / 119, rtol=1e-5)  # unbiased, as TF
    np.testing.assert_allclose(got_y, (x - m) / np.sqrt(v + 0.001) * scale + offset,
                               rtol=1e-4, atol=1e-5)


def test_float16_means_sum_in_float32():
    """A float16 mean sums and divides in float32 (as NumPy's mean and TF do): summed in
    float16 it gave 0.0625, inf or NaN for 65536 values of 1.5."""
    import tensorweave as tw
    x = np.full((64, 32, 32, 4), 1.5, np.float16)
    got = _run(lambda p: tf.reduce_mean(tf.cast(p, tf.float16), axis=[0, 1, 2]), x)
    assert got.dtype == np.float16 and got.tolist() == [1.5] * 4
    assert _run(lambda p: tf.reduce_mean(tf.cast(p, tf.float16)), x * 8) == 12.0
    eager = tw.reduce_mean(tw.constant(x), [0, 1, 2])
    assert eager.dtype == tw.float16 and eager.numpy().tolist() == [1.5] * 4
