"""FtrlOptimizer, ProximalGradientDescentOptimizer, ProximalAdagradOptimizer: four steps on a
small least-squares problem give the weights TF 2.21 gave (tf.compat.v1 under
disable_v2_behavior, recorded 2026-12-06), with TF's slot variables."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

W0 = np.array([[0.5, -1.0], [2.0, 0.1]], np.float32)
X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.3, -2.0]], np.float32)
Y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], np.float32)

CASES = {
    "ftrl": (lambda: tf.train.FtrlOptimizer(0.3),
             [0.0164672, -0.240997, 1.145206, -0.1533769], ["w/Ftrl:0", "w/Ftrl_1:0"]),
    "ftrl_l1_l2_shrinkage_power": (
        lambda: tf.train.FtrlOptimizer(0.2, learning_rate_power=-0.7,
                                       l1_regularization_strength=0.05,
                                       l2_regularization_strength=0.1,
                                       l2_shrinkage_regularization_strength=0.02),
        [-0.0350345, -0.2545268, 1.7129933, -0.1519219], ["w/Ftrl:0", "w/Ftrl_1:0"]),
    "proximal_gd": (lambda: tf.train.ProximalGradientDescentOptimizer(0.1, 0.05, 0.2),
                    [0.3525055, -0.7581767, 0.4671046, -0.0300545], []),
    "proximal_gd_plain": (lambda: tf.train.ProximalGradientDescentOptimizer(0.1),
                          [0.3944141, -0.8370849, 0.5186641, -0.0312888], []),
    "proximal_adagrad": (lambda: tf.train.ProximalAdagradOptimizer(0.3, 0.1, 0.02, 0.1),
                         [0.0387233, -0.3502007, 1.2143162, -0.1230986],
                         ["w/ProximalAdagrad:0"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_four_steps_as_in_tensorflow(case):
    make, want, slots = CASES[case]
    with tf.Graph().as_default():
        w = tf.Variable(W0, name="w")
        loss = tf.reduce_mean(tf.square(tf.matmul(X, w) - Y))
        train = make().minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(4):
                sess.run(train)
            got = sess.run(w).ravel()
        names = sorted(v.name for v in tf.global_variables())
    np.testing.assert_allclose(got, want, rtol=2e-6, atol=1e-7)
    assert names == sorted(["w:0"] + slots)


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="learning_rate_power"):
        tf.train.FtrlOptimizer(0.1, learning_rate_power=0.5)
    with pytest.raises(ValueError, match="l1_regularization_strength"):
        tf.train.FtrlOptimizer(0.1, l1_regularization_strength=-1.0)
    with pytest.raises(ValueError, match="initial_accumulator_value"):
        tf.train.ProximalAdagradOptimizer(0.1, initial_accumulator_value=0.0)
