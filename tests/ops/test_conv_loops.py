"""The convolution input gradient through one product and a compiled col2im
(tensorweave/ops/conv_loops.py, needs numba) gives the per-tap NumPy kernel's bits, over
strides, dilations, paddings, kernel and channel sizes."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import jit

pytestmark = [pytest.mark.numpy_only,
              pytest.mark.skipif(not jit.available(), reason="numba is not installed (pip "
                                 "install 'tensorweave[fast]')")]

CASES = [  # (x shape NHWC, filter shape, strides, dilations, padding)
    ((2, 8, 8, 3), (3, 3, 3, 4), 1, 1, "SAME"),
    ((3, 7, 9, 5), (3, 3, 5, 2), 1, 1, "VALID"),
    ((2, 9, 7, 4), (3, 2, 4, 6), 2, 1, "SAME"),
    ((2, 10, 10, 3), (5, 5, 3, 3), 2, 1, "VALID"),
    ((1, 9, 9, 2), (3, 3, 2, 3), 1, 2, "SAME"),
    ((2, 11, 8, 1), (2, 3, 1, 7), 1, 2, "VALID"),
    ((4, 6, 6, 8), (1, 1, 8, 16), 1, 1, "SAME"),
    ((2, 12, 12, 32), (3, 3, 32, 64), 1, 1, "SAME"),  # W3's second layer, smaller batch
]


def _input_gradient(x_shape, f_shape, stride, rate, padding, dtype, seed=0):
    rng = np.random.default_rng(seed)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(dtype, x_shape)
        f = tf.constant(rng.standard_normal(f_shape).astype(dtype.as_numpy_dtype))
        y = tf.nn.conv2d(x, f, [1, stride, stride, 1], padding, dilations=[1, rate, rate, 1])
        w = tf.constant(rng.standard_normal(y.shape.as_tuple()).astype(dtype.as_numpy_dtype))
        dx, = tf.gradients(tf.reduce_sum(y * w), [x])
        sess = tf.Session()
    value = rng.standard_normal(x_shape).astype(dtype.as_numpy_dtype)
    return [sess.run(dx, {x: value}) for _ in range(2)]  # the second run reuses buffers


@pytest.mark.parametrize("dtype", [tf.float32, tf.float64])
@pytest.mark.parametrize("x_shape,f_shape,stride,rate,padding", CASES)
def test_input_gradient_bit_identical(x_shape, f_shape, stride, rate, padding, dtype,
                                      monkeypatch):
    loops = _input_gradient(x_shape, f_shape, stride, rate, padding, dtype)
    monkeypatch.setattr(jit, "ENABLED", False)
    plain = _input_gradient(x_shape, f_shape, stride, rate, padding, dtype)
    for a, b in zip(loops, plain):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()
    np.testing.assert_array_equal(loops[0], loops[1])
