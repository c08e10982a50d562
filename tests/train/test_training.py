"""A small regression model trains with every optimizer: the loss falls."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

OPTIMIZERS = {
    "sgd": lambda: tf.train.GradientDescentOptimizer(0.1),
    "momentum": lambda: tf.train.MomentumOptimizer(0.05, 0.9),
    "nesterov": lambda: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    "adam": lambda: tf.train.AdamOptimizer(0.05),
    "adamw": lambda: tf.contrib.opt.AdamWOptimizer(1e-4, learning_rate=0.05),
    "rmsprop": lambda: tf.train.RMSPropOptimizer(0.01),
    "rmsprop_centered": lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.5, centered=True),
    "adagrad": lambda: tf.train.AdagradOptimizer(0.3),
    "adadelta": lambda: tf.train.AdadeltaOptimizer(10.0, rho=0.9, epsilon=1e-4),
}


def _data():
    rng = np.random.default_rng(42)
    x = rng.normal(size=(64, 3)).astype(np.float32)
    y = (np.tanh(x @ np.array([[1.5], [-2.0], [0.5]])) + 0.3).astype(np.float32)
    return x, y


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_small_regression_model_trains(name):
    x_data, y_data = _data()
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None, 1])
    with tf.variable_scope("model"):
        w1 = tf.get_variable("w1", [3, 8])
        b1 = tf.get_variable("b1", [8], initializer=tf.zeros_initializer())
        w2 = tf.get_variable("w2", [8, 1])
        b2 = tf.get_variable("b2", [1], initializer=tf.zeros_initializer())
    pred = tf.matmul(tf.tanh(tf.matmul(x, w1) + b1), w2) + b2
    loss = tf.reduce_mean(tf.square(pred - y))
    step = tf.train.get_or_create_global_step()
    train = OPTIMIZERS[name]().minimize(loss, global_step=step)
    feed = {x: x_data, y: y_data}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, feed)
        for _ in range(60):
            sess.run(train, feed)
        last = sess.run(loss, feed)
        assert sess.run(step) == 60
    assert np.isfinite(last)
    assert last < 0.2 * first, (name, first, last)
