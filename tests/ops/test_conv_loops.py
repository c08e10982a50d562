"""The compiled im2col and col2im (tensorweave/ops/conv_loops.py, need numba) give the NumPy
kernels' bits: the column matrix, the convolution and its filter gradient, and the input
gradient through one product, over strides, dilations, paddings, kernel and channel sizes."""

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


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("x_shape,f_shape,stride,rate,padding", CASES)
def test_im2col_matches_the_numpy_copies(x_shape, f_shape, stride, rate, padding, dtype):
    from tensorweave.ops import conv, kept
    x = np.random.default_rng(1).standard_normal(x_shape).astype(dtype)
    kh, kw = f_shape[:2]
    args = (kh, kw, (stride, stride), (rate, rate), padding)
    compiled = conv._im2col(np, x, *args, bufs=kept.KeptBuffers(np))
    plain = conv._im2col(np, x, *args)  # no kept buffers: the NumPy path
    assert compiled[1:] == plain[1:]
    assert compiled[0].tobytes() == plain[0].tobytes()
    # a second call into the same kept buffer: every element is written again
    again = conv._im2col(np, x[::-1].copy(), *args, bufs=kept.KeptBuffers(np))[0]
    assert again.tobytes() == conv._im2col(np, x[::-1].copy(), *args)[0].tobytes()


def _conv_and_filter_gradient(x_shape, f_shape, stride, rate, padding):
    rng = np.random.default_rng(2)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, x_shape)
        f = tf.Variable(rng.standard_normal(f_shape).astype(np.float32))
        y = tf.nn.conv2d(x, f, [1, stride, stride, 1], padding, dilations=[1, rate, rate, 1])
        w = tf.constant(rng.standard_normal(y.shape.as_tuple()).astype(np.float32))
        df, = tf.gradients(tf.reduce_sum(y * w), [f])
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    value = rng.standard_normal(x_shape).astype(np.float32)
    return [sess.run([y, df], {x: value}) for _ in range(2)]


@pytest.mark.parametrize("x_shape,f_shape,stride,rate,padding", CASES)
def test_convolution_and_filter_gradient_bit_identical(x_shape, f_shape, stride, rate,
                                                       padding, monkeypatch):
    loops = _conv_and_filter_gradient(x_shape, f_shape, stride, rate, padding)
    monkeypatch.setattr(jit, "ENABLED", False)
    plain = _conv_and_filter_gradient(x_shape, f_shape, stride, rate, padding)
    for run_a, run_b in zip(loops, plain):
        for a, b in zip(run_a, run_b):
            assert a.tobytes() == b.tobytes()
