"""Initializers: TensorFlow 1.15's formulas (fans, VarianceScaling and its He/LeCun/Glorot
presets, orthogonal, identity), argument checks and seeding."""

import math

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import initializers as init


pytestmark = pytest.mark.usefixtures("fresh_graph")


def draw(initializer, shape, dtype=tf.float32):
    t = initializer(shape, dtype=dtype)
    with tf.Session() as sess:
        return sess.run(t)


TRUNC_STD = 0.87962566103423978  # stddev of a unit normal truncated to [-2, 2]


@pytest.mark.parametrize("make, scale, fan", [
    (tf.initializers.he_normal, 2.0, "in"),
    (tf.initializers.lecun_normal, 1.0, "in"),
    (lambda seed=None: tf.variance_scaling_initializer(3.0, "fan_out", seed=seed), 3.0, "out"),
    (lambda seed=None: tf.glorot_normal_initializer(seed=seed), 1.0, "avg"),
], ids=["he_normal", "lecun_normal", "variance_scaling_fan_out", "glorot_normal"])
def test_truncated_normal_presets(make, scale, fan):
    shape = (3, 3, 40, 60)  # receptive field 9: fan_in 360, fan_out 540
    n = {"in": 360, "out": 540, "avg": 450}[fan]
    v = draw(make(seed=1), shape)
    std = math.sqrt(scale / n)
    # truncated at 2 stddevs of the underlying normal, whose stddev is std / 0.8796...
    assert np.abs(v).max() <= 2 * std / TRUNC_STD + 1e-6
    assert v.std() == pytest.approx(std, rel=0.03)
    assert abs(v.mean()) < 0.05 * std


@pytest.mark.parametrize("make, scale, fan", [
    (tf.initializers.he_uniform, 2.0, "in"),
    (tf.initializers.lecun_uniform, 1.0, "in"),
    (lambda seed=None: tf.glorot_uniform_initializer(seed=seed), 1.0, "avg"),
    (lambda seed=None: tf.variance_scaling_initializer(2.0, "fan_avg", "uniform", seed), 2.0,
     "avg"),
], ids=["he_uniform", "lecun_uniform", "glorot_uniform", "variance_scaling_uniform"])
def test_uniform_presets(make, scale, fan):
    fan_in, fan_out = 300, 100
    n = {"in": fan_in, "avg": (fan_in + fan_out) / 2}[fan]
    v = draw(make(seed=2), (fan_in, fan_out))
    limit = math.sqrt(3.0 * scale / n)  # glorot: sqrt(6 / (fan_in + fan_out))
    assert np.abs(v).max() <= limit
    assert np.abs(v).max() > 0.99 * limit
    assert v.std() == pytest.approx(limit / math.sqrt(3), rel=0.03)


def test_untruncated_normal_and_fans_of_vectors():
    v = draw(tf.variance_scaling_initializer(4.0, distribution="untruncated_normal", seed=3),
             (20000,))  # a vector: fan_in = fan_out = its length
    assert v.std() == pytest.approx(math.sqrt(4.0 / 20000), rel=0.03)
    s = draw(tf.variance_scaling_initializer(seed=3), ())  # a scalar: fans of 1
    assert abs(float(s)) <= 2 / TRUNC_STD


@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (3, 3, 2, 5)], ids=["tall", "wide", "conv"])
def test_orthogonal(shape):
    v = draw(tf.orthogonal_initializer(gain=1.5, seed=4), shape)
    assert v.shape == shape
    flat = v.reshape(-1, shape[-1])
    if flat.shape[0] >= flat.shape[1]:
        np.testing.assert_allclose(flat.T @ flat, 1.5 ** 2 * np.eye(shape[-1]), atol=1e-5)
    else:
        np.testing.assert_allclose(flat @ flat.T, 1.5 ** 2 * np.eye(flat.shape[0]), atol=1e-5)


def test_orthogonal_and_identity_errors():
    with pytest.raises(ValueError, match="at least two-dimensional"):
        tf.orthogonal_initializer()([5])
    with pytest.raises(ValueError, match="only be used for 2D matrices"):
        tf.initializers.identity()([2, 2, 2])
    with pytest.raises(ValueError, match="Expected floating point type"):
        tf.orthogonal_initializer(dtype=tf.int32)
    with pytest.raises(ValueError, match="`scale` must be positive"):
        tf.variance_scaling_initializer(scale=0.0)
    with pytest.raises(ValueError, match="Invalid `mode`"):
        tf.variance_scaling_initializer(mode="fan_sum")


def test_identity():
    np.testing.assert_array_equal(draw(tf.initializers.identity(gain=2.0), (2, 3)),
                                  [[2, 0, 0], [0, 2, 0]])
    assert draw(tf.initializers.identity(), (3, 3), tf.float64).dtype == np.float64


def test_seeded_initializers_repeat():
    def values():
        with tf.Graph().as_default():
            return draw(tf.initializers.he_normal(seed=7), (4, 4)), \
                draw(tf.orthogonal_initializer(seed=7), (4, 4))
    a, b = values(), values()
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_names_and_get():
    assert tf.initializers.zeros is init.Zeros
    assert tf.initializers.glorot_uniform is tf.glorot_uniform_initializer
    assert isinstance(tf.initializers.he_normal(), tf.initializers.variance_scaling)
    assert isinstance(init.get("orthogonal"), init.Orthogonal)
    he = init.get("he_uniform")
    assert (he.scale, he.mode, he.distribution) == (2.0, "fan_in", "uniform")
    with pytest.raises(ValueError, match="Unknown initializer"):
        init.get("bogus")


def test_initializers_namespace_ops():
    v = tf.get_variable("v", [2], initializer=tf.initializers.ones())
    with tf.Session() as sess:
        sess.run(tf.initializers.global_variables())
        np.testing.assert_array_equal(sess.run(v), [1, 1])
    assert tf.initializers.variables([v]).type == "NoOp"


def test_get_variable_with_keras_style_names():
    w = tf.get_variable("w", [50, 40], initializer="he_normal")
    with tf.Session() as sess:
        sess.run(w.initializer)
        assert sess.run(w).std() == pytest.approx(math.sqrt(2 / 50), rel=0.1)
