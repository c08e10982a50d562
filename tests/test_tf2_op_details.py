"""TF 2 details found by differential tests against TensorFlow 2.21 (values and exception
types recorded there; TensorFlow is not needed here): eager kernel errors are
InvalidArgumentError, ``& | ^ ~`` are bitwise on integer tensors, dtype limits are NumPy
scalars."""

import numpy as np
import pytest

import tensorweave as tw
import tensorweave.compat.v1 as tf


def test_eager_kernel_errors_are_invalid_argument_errors():
    with pytest.raises(tw.errors.InvalidArgumentError,
                       match=r"indices\[0\] = 5 is not in \[0, 2\) \[Op:GatherV2\]"):
        tw.gather([1., 2.], [5])
    with pytest.raises(tw.errors.InvalidArgumentError, match=r"indices\[1,0\] = -1"):
        tw.gather([1., 2.], [[0], [-1]])
    with pytest.raises(tw.errors.InvalidArgumentError,
                       match="Received a label value of 3 which is outside the valid range"):
        tw.nn.sparse_softmax_cross_entropy_with_logits(labels=[3], logits=[[1., 2., 3.]])


def test_bitwise_operators_on_integers_logical_on_bools():
    a, b = tw.constant([5, 3]), tw.constant([1, 2])
    assert (a & b).numpy().tolist() == [1, 2] and (a | b).numpy().tolist() == [5, 3]
    assert (a ^ b).numpy().tolist() == [4, 1] and (~a).numpy().tolist() == [-6, -4]
    assert (6 & a).numpy().tolist() == [4, 2]
    t, f = tw.constant([True, False]), tw.constant([True, True])
    assert (t & f).numpy().tolist() == [True, False] and (t ^ f).numpy().tolist() == [False, True]
    assert (~t).numpy().tolist() == [False, True]
    assert tw.bitwise.left_shift(a, 1).numpy().tolist() == [10, 6]
    assert tw.bitwise.right_shift(tw.constant([-8, 8]), 2).numpy().tolist() == [-2, 2]
    with tf.Graph().as_default():
        x = tf.placeholder(tf.int64, [2])
        with tf.Session() as sess:
            assert sess.run(x & 6, {x: [5, 3]}).tolist() == [4, 2]
    with pytest.raises(tw.errors.InvalidArgumentError):
        tw.constant([1.5]) & tw.constant([2.5])


def test_dtype_limits_are_numpy_scalars():
    assert type(tw.float32.max) is np.float32 and tw.float32.max == np.finfo(np.float32).max
    assert type(tw.float64.min) is np.float64
    assert tw.int32.max == 2 ** 31 - 1 and tw.uint8.min == 0


def test_tf_compat_v1_reachable_from_the_tf2_namespace():
    import subprocess
    import sys
    code = ("import tensorweave as tf\n"
            "assert tf.compat.v2 is tf and tf.compat.dimension_value(3) == 3\n"
            "x = tf.compat.v1.placeholder(tf.float32, [None, 2])\n"
            "with tf.compat.v1.Session() as s:\n"
            "    print(s.run(x * 2, {x: [[1, 2]]}).tolist())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[[2.0, 4.0]]"
