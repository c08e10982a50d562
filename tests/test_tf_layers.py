"""tf.layers (conv2d, pooling, flatten, dropout, batch_normalization) and the
tf.contrib.layers regularizers: values against NumPy, TF1 variable and op names, reuse,
UPDATE_OPS and the moving averages of batch normalization. (Dense is in test_training.py.)"""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf


pytestmark = pytest.mark.usefixtures("fresh_graph")


def run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def np_conv_same(x, k):
    """Stride-1 SAME cross-correlation of NHWC ``x`` with an odd (kh, kw, c, o) kernel."""
    kh, kw = k.shape[:2]
    xp = np.pad(x, ((0, 0), (kh // 2, kh // 2), (kw // 2, kw // 2), (0, 0)))
    h, w = x.shape[1:3]
    return sum(xp[:, i:i + h, j:j + w, :] @ k[i, j] for i in range(kh) for j in range(kw))


# -- conv2d ----------------------------------------------------------------------------------------
def test_conv2d_names_shapes_and_values():
    x = tf.placeholder(tf.float32, [None, 6, 6, 3])
    y = tf.layers.conv2d(x, 4, 3, padding="same", activation=tf.nn.relu,
                         bias_initializer=tf.constant_initializer(0.1))
    z = tf.layers.conv2d(y, 2, (2, 3), strides=2)
    assert [v.name for v in tf.trainable_variables()] == [
        "conv2d/kernel:0", "conv2d/bias:0", "conv2d_1/kernel:0", "conv2d_1/bias:0"]
    assert tf.trainable_variables()[0].shape.as_list() == [3, 3, 3, 4]
    assert tf.trainable_variables()[2].shape.as_list() == [2, 3, 4, 2]
    assert y.name == "conv2d/Relu:0" and y.op.inputs[0].op.name == "conv2d/BiasAdd"
    assert y.op.inputs[0].op.inputs[0].op.name == "conv2d/Conv2D"
    assert y.shape.as_list() == [None, 6, 6, 4]
    assert z.shape.as_list() == [None, 3, 2, 2]  # VALID: (6 - 2) // 2 + 1, (6 - 3) // 2 + 1
    xv = np.random.RandomState(0).randn(2, 6, 6, 3).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        yv, kv = sess.run([y, tf.trainable_variables()[0]], {x: xv})
    np.testing.assert_allclose(yv, np.maximum(np_conv_same(xv, kv) + 0.1, 0), rtol=1e-4,
                               atol=1e-5)


def test_conv2d_channels_first_matches_channels_last():
    xv = np.random.RandomState(1).randn(2, 5, 5, 3).astype(np.float32)
    init = tf.constant_initializer(np.random.RandomState(2).randn(3, 3, 3, 2))
    a = tf.layers.conv2d(xv, 2, 3, kernel_initializer=init)
    b = tf.layers.conv2d(np.transpose(xv, (0, 3, 1, 2)), 2, 3, data_format="channels_first",
                         kernel_initializer=init)
    av, bv = run([a, b])
    np.testing.assert_allclose(np.transpose(bv, (0, 2, 3, 1)), av, rtol=1e-5, atol=1e-5)


def test_conv2d_argument_errors():
    x = tf.zeros([1, 5, 5, 2])
    with pytest.raises(ValueError, match='`padding` argument must be one of "valid", "same"'):
        tf.layers.conv2d(x, 2, 3, padding="full")
    with pytest.raises(ValueError, match="`kernel_size` argument must be a tuple of 2 "
                                         "integers"):
        tf.layers.conv2d(x, 2, (3, 3, 3))
    with pytest.raises(ValueError, match="strides > 1 not supported in conjunction with "
                                         "dilation_rate > 1"):
        tf.layers.conv2d(x, 2, 3, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="expected ndim=4, found ndim=2"):
        tf.layers.conv2d(tf.zeros([3, 4]), 2, 3)
    with pytest.raises(ValueError, match="channel dimension of the inputs should be defined"):
        tf.layers.conv2d(tf.placeholder(tf.float32, [None, 5, 5, None]), 2, 3)
    with pytest.raises(ValueError, match='`data_format` argument must be one of'):
        tf.layers.conv2d(x, 2, 3, data_format="NHWC")


def test_conv2d_reuse_and_regularizer():
    x = tf.placeholder(tf.float32, [None, 4, 4, 1])
    a = tf.layers.conv2d(x, 2, 3, name="c", kernel_regularizer=tf.contrib.layers.l2_regularizer(
        0.5))
    b = tf.layers.conv2d(x, 2, 3, name="c", reuse=True,
                         kernel_regularizer=tf.contrib.layers.l2_regularizer(0.5))
    assert [v.name for v in tf.global_variables()] == ["c/kernel:0", "c/bias:0"]
    assert a.name == "c/BiasAdd:0" and b.name == "c_1/BiasAdd:0"
    losses = tf.losses.get_regularization_losses()
    assert [t.name for t in losses] == ["c/kernel/Regularizer/l2_regularizer:0"]  # once
    with pytest.raises(ValueError, match="Variable c/kernel already exists, disallowed"):
        tf.layers.conv2d(x, 2, 3, name="c")
    xv = np.random.RandomState(3).randn(2, 4, 4, 1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        av, bv, loss, k = sess.run([a, b, losses[0], tf.global_variables()[0]], {x: xv})
    np.testing.assert_array_equal(av, bv)
    assert loss == pytest.approx(0.5 * np.sum(k ** 2) / 2, rel=1e-5)


# -- pooling and flatten --------------------------------------------------------------------------
def test_pooling_layers():
    xv = np.random.RandomState(4).randn(2, 5, 5, 3).astype(np.float32)
    m = tf.layers.max_pooling2d(xv, 2, 2)
    a = tf.layers.average_pooling2d(xv, pool_size=(3, 3), strides=2, padding="same")
    m2 = tf.layers.MaxPooling2D(2, 1)(xv)
    assert m.name == "max_pooling2d/MaxPool:0" and a.name == "average_pooling2d/AvgPool:0"
    assert m2.name == "max_pooling2d_1/MaxPool:0"
    assert m.shape.as_list() == [2, 2, 2, 3] and a.shape.as_list() == [2, 3, 3, 3]
    mv, av = run([m, a])
    np.testing.assert_array_equal(mv, xv[:, :4, :4].reshape(2, 2, 2, 2, 2, 3).max(axis=(2, 4)))
    # SAME: the corner window covers rows/cols 0..1 only (padding does not count)
    np.testing.assert_allclose(av[:, 0, 0], xv[:, :2, :2].mean(axis=(1, 2)), rtol=1e-6)
    np.testing.assert_allclose(av[:, 1, 1], xv[:, 1:4, 1:4].mean(axis=(1, 2)), rtol=1e-6)
    with pytest.raises(ValueError, match="`pool_size` argument must be a tuple of 2"):
        tf.layers.max_pooling2d(xv, (2, 2, 2), 2)


def test_flatten():
    x = tf.placeholder(tf.float32, [None, 2, 3, 4])
    y = tf.layers.flatten(x)
    assert y.shape.as_list() == [None, 24] and y.op.name == "flatten/Reshape"
    xv = np.arange(48, dtype=np.float32).reshape(2, 2, 3, 4)
    np.testing.assert_array_equal(run(y, {x: xv}), xv.reshape(2, 24))
    nchw = tf.layers.flatten(np.transpose(xv, (0, 3, 1, 2)), data_format="channels_first")
    np.testing.assert_array_equal(run(nchw), xv.reshape(2, 24))  # the same element order
    z = tf.layers.flatten(tf.placeholder(tf.float32, [None, None, 3]))
    assert z.shape.as_list() == [None, None]
    assert run(z, {z.op.inputs[0]: np.zeros((2, 5, 3))}).shape == (2, 15)


# -- dropout -----------------------------------------------------------------------------------------
def test_dropout_layer():
    x = tf.ones([1000, 10])
    off = tf.layers.dropout(x, rate=0.4)  # TF1's default: training=False
    on = tf.layers.dropout(x, rate=0.4, training=True, seed=1)
    assert off.name == "dropout/Identity:0"
    is_training = tf.placeholder(tf.bool, [])
    switch = tf.layers.Dropout(0.4, name="drop")(x, training=is_training)
    offv, onv = run([off, on])
    np.testing.assert_array_equal(offv, np.ones((1000, 10)))
    assert set(np.unique(onv)) == {0.0, np.float32(1 / 0.6)}
    assert (onv == 0).mean() == pytest.approx(0.4, abs=0.02)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(switch, {is_training: False}), np.ones((1000, 10)))
        assert (sess.run(switch, {is_training: True}) == 0).mean() == pytest.approx(0.4,
                                                                                     abs=0.02)


# -- batch normalization ------------------------------------------------------------------------------
def test_batch_norm_variables_and_collections():
    x = tf.placeholder(tf.float32, [None, 4, 4, 3])
    tf.layers.batch_normalization(x)
    assert [v.name for v in tf.global_variables()] == [
        "batch_normalization/gamma:0", "batch_normalization/beta:0",
        "batch_normalization/moving_mean:0", "batch_normalization/moving_variance:0"]
    assert [v.name for v in tf.trainable_variables()] == [
        "batch_normalization/gamma:0", "batch_normalization/beta:0"]
    assert all(v.shape.as_list() == [3] for v in tf.global_variables())
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []  # inference: no updates
    tf.layers.batch_normalization(x, center=False, scale=False, training=True)
    assert [v.name for v in tf.global_variables()[4:]] == [
        "batch_normalization_1/moving_mean:0", "batch_normalization_1/moving_variance:0"]
    assert [op.name for op in tf.get_collection(tf.GraphKeys.UPDATE_OPS)] == [
        "batch_normalization_1/AssignMovingAvg", "batch_normalization_1/AssignMovingAvg_1"]


def test_batch_norm_inference_uses_the_moving_statistics():
    xv = np.random.RandomState(5).randn(3, 2, 2, 4).astype(np.float32)
    y = tf.layers.batch_normalization(xv, gamma_initializer=tf.constant_initializer(2.0),
                                      beta_initializer=tf.constant_initializer(0.5))
    np.testing.assert_allclose(run(y), xv / np.sqrt(1 + 1e-3) * 2.0 + 0.5, rtol=1e-5)


def _simulate(batches, momentum, unbiased, axes):
    mean, var = 0.0, 1.0
    for b in batches:
        n = b.size // b.shape[-1]
        v = b.var(axis=axes) * (n / (n - 1) if unbiased else 1.0)
        decay = np.float32(1.0 - momentum)
        mean = mean - (mean - b.mean(axis=axes)) * decay
        var = var - (var - v) * decay
    return mean, var


@pytest.mark.parametrize("shape, fused", [((4, 3, 3, 2), True), ((6, 2), False),
                                          ((2, 3, 2, 2), False)],
                         ids=["images_fused", "dense_features", "images_not_fused"])
def test_batch_norm_training_and_update_ops(shape, fused):
    x = tf.placeholder(tf.float32, shape)
    y = tf.layers.batch_normalization(x, momentum=0.9, training=True,
                                      fused=None if fused else False)
    assert (y.op.type == "FusedBatchNormV3") == fused
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert len(updates) == 2
    rng = np.random.RandomState(6)
    batches = [(rng.randn(*shape) * 3 + 1).astype(np.float32) for _ in range(4)]
    axes = tuple(range(len(shape) - 1))
    moving = tf.global_variables()[2:]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        yv = sess.run(y, {x: batches[0]})
        for b in batches:
            sess.run(updates, {x: b})
        mean, var = sess.run(moving)
    b = batches[0]
    want = (b - b.mean(axis=axes)) / np.sqrt(b.var(axis=axes) + 1e-3)  # the biased variance
    np.testing.assert_allclose(yv, want, rtol=1e-4, atol=1e-4)
    # The fused kernel returns the unbiased variance, and TF1 averages that one.
    want_mean, want_var = _simulate(batches, 0.9, fused, axes)
    np.testing.assert_allclose(mean, want_mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(var, want_var, rtol=1e-5)


@pytest.mark.parametrize("shape", [(4, 2, 2, 3), (5, 3)], ids=["fused", "not_fused"])
def test_batch_norm_training_tensor(shape):
    x = tf.placeholder(tf.float32, shape)
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.batch_normalization(x, momentum=0.5, training=training)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert len(updates) == 2
    xv = (np.random.RandomState(7).randn(*shape) + 2).astype(np.float32)
    axes = tuple(range(len(shape) - 1))
    moving = tf.global_variables()[2:]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out_eval = sess.run([y] + updates, {x: xv, training: False})[0]
        np.testing.assert_allclose(out_eval, xv / np.sqrt(1 + 1e-3), rtol=1e-5)
        mean, var = sess.run(moving)
        np.testing.assert_array_equal(mean, 0.0)  # momentum 1 when not training
        np.testing.assert_array_equal(var, 1.0)
        out_train = sess.run([y] + updates, {x: xv, training: True})[0]
        mean, var = sess.run(moving)
    want = (xv - xv.mean(axis=axes)) / np.sqrt(xv.var(axis=axes) + 1e-3)
    np.testing.assert_allclose(out_train, want, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(mean, 0.5 * xv.mean(axis=axes), rtol=1e-5)


def test_batch_norm_axis_1_and_reuse():
    x = tf.placeholder(tf.float32, [None, 3, 4, 4])
    a = tf.layers.batch_normalization(x, axis=1, training=True, name="bn")
    b = tf.layers.batch_normalization(x, axis=1, training=True, name="bn", reuse=True)
    assert len(tf.global_variables()) == 4
    assert tf.global_variables()[0].shape.as_list() == [3]
    xv = np.random.RandomState(8).randn(2, 3, 4, 4).astype(np.float32)
    av, bv = run([a, b], {x: xv})
    np.testing.assert_array_equal(av, bv)
    want = (xv - xv.mean(axis=(0, 2, 3), keepdims=True)) / np.sqrt(
        xv.var(axis=(0, 2, 3), keepdims=True) + 1e-3)
    np.testing.assert_allclose(av, want, rtol=1e-4, atol=1e-4)
    with pytest.raises(ValueError, match="undefined `axis` dimension"):
        tf.layers.batch_normalization(tf.placeholder(tf.float32, [None, None]))


def test_layer_objects_reuse_their_variables_and_collect_updates():
    bn = tf.layers.BatchNormalization(name="norm")
    x1 = tf.placeholder(tf.float32, [None, 2])
    x2 = tf.placeholder(tf.float32, [None, 2])
    y1 = bn(x1, training=True)
    y2 = bn(x2, training=True)
    assert len(bn.variables) == 4 and len(bn.trainable_variables) == 2
    assert len(bn.updates) == 4 and len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == 4
    assert y1.name.startswith("norm/") and y2.name.startswith("norm/")
    assert bn.scope_name == "norm"


# -- regularizers ----------------------------------------------------------------------------------
def test_contrib_regularizers():
    w = tf.constant([[1.0, -2.0], [3.0, 0.5]])
    l1 = tf.contrib.layers.l1_regularizer(0.1)(w)
    l2 = tf.contrib.layers.l2_regularizer(0.2)(w)
    both = tf.contrib.layers.l1_l2_regularizer(0.1, 0.2)(w)
    assert l2.op.name == "l2_regularizer" and l1.op.name == "l1_regularizer"
    got = run([l1, l2, both])
    np.testing.assert_allclose(got, [0.1 * 6.5, 0.2 * 14.25 / 2, 0.65 + 1.425], rtol=1e-6)
    assert tf.contrib.layers.l2_regularizer(0.0)(w) is None
    with pytest.raises(ValueError, match="scale cannot be an integer"):
        tf.contrib.layers.l2_regularizer(1)
    with pytest.raises(ValueError, match="less than 0"):
        tf.contrib.layers.l1_regularizer(-0.1)
    assert tf.contrib.layers.sum_regularizer([None]) is None
    total = tf.contrib.layers.apply_regularization(tf.contrib.layers.l1_regularizer(1.0), [w])
    assert run(total) == pytest.approx(6.5)
    assert total in tf.losses.get_regularization_losses()


def test_dense_regularizers_name_and_activity():
    x = tf.constant(np.ones((2, 3), np.float32))
    tf.layers.dense(x, 2, kernel_regularizer=tf.contrib.layers.l2_regularizer(1.0),
                    bias_regularizer=tf.contrib.layers.l1_regularizer(1.0),
                    activity_regularizer=lambda h: tf.reduce_sum(tf.abs(h)),
                    kernel_initializer=tf.ones_initializer(),
                    bias_initializer=tf.constant_initializer(-1.0))
    names = [t.op.name for t in tf.losses.get_regularization_losses()]
    assert names[:2] == ["dense/kernel/Regularizer/l2_regularizer",
                         "dense/bias/Regularizer/l1_regularizer"]
    assert names[2].startswith("dense/ActivityRegularizer/")
    # kernel: sum(1) * 6 / 2 = 3; bias: |-1| * 2 = 2; activity: sum |3 - 1| over 2x2 / batch 2
    np.testing.assert_allclose(run(tf.losses.get_regularization_losses()), [3.0, 2.0, 4.0])
