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


# -- streamed blocks (conv_loops.forward_stream / input_grad_stream) ---------------------------
STREAM_CASES = CASES + [
    ((32, 32, 32, 3), (3, 3, 3, 32), 1, 1, "SAME"),    # rows shared by two threads
    ((20, 16, 16, 32), (3, 3, 32, 64), 1, 1, "SAME"),  # blocks of 4 images, one short
    ((5, 9, 9, 4), (3, 3, 4, 8), 2, 2, "VALID"),
]


def _streamed_and_plain(run):
    """``run()`` inside a run on tensorweave's threads, streamed and not: both results."""
    from tensorweave import parallel
    from tensorweave.ops import conv
    out = []
    with parallel.own_blas:
        for stream in (True, False):
            saved, conv.STREAM = conv.STREAM, stream
            try:
                out.append(run())
            finally:
                conv.STREAM = saved
    return out


@pytest.mark.skipif(not __import__("tensorweave.ops.conv_loops", fromlist=["x"]).streams(),
                    reason="no cblas_sgemm in this BLAS")
@pytest.mark.parametrize("x_shape,f_shape,stride,rate,padding", STREAM_CASES)
def test_streamed_convolution_and_input_gradient_bit_identical(x_shape, f_shape, stride,
                                                               rate, padding, monkeypatch):
    from tensorweave.ops import conv, conv_loops, kept, winograd
    monkeypatch.setattr(winograd, "ENABLED", False)  # the direct product's loops (Winograd's
    calls = []                                       # own: tests/ops/test_winograd.py)
    for name in ("forward_stream", "input_grad_stream"):
        loop = getattr(conv_loops, name)
        monkeypatch.setattr(conv_loops, name,
                            lambda *a, _loop=loop, _n=name: calls.append(_n) or _loop(*a))
    rng = np.random.default_rng(3)
    x = rng.standard_normal(x_shape).astype(np.float32)
    x.flat[::97] = np.nan
    f = rng.standard_normal(f_shape).astype(np.float32)
    b = rng.standard_normal(f_shape[3]).astype(np.float32)
    attrs = ((stride, stride), padding, "NHWC", (rate, rate))
    fwd, fused = conv.Conv2D(*attrs), conv.Conv2DBiasRelu(conv.Conv2D(*attrs), "k", None)
    oh, ow, _ = conv._geometry(x_shape, f_shape[0], f_shape[1], attrs[0], attrs[3], padding)
    g = rng.standard_normal((x_shape[0], oh, ow, f_shape[3])).astype(np.float32)
    bi = conv.Conv2DBackpropInput(*attrs)

    def run():
        scratch = {}
        y = fwd.forward(np, x, f, scratch, "k", None, kept.KeptBuffers(np))
        cols = scratch["k"].copy()
        z = fused.forward(np, x, f, b, {}, "k", None, kept.KeptBuffers(np))
        dx = bi.forward(np, np.array(x_shape), f, g, None, kept.KeptBuffers(np))
        return y, cols, z, dx
    streamed, plain = _streamed_and_plain(run)
    for a, c in zip(streamed, plain):
        assert a.shape == c.shape and a.tobytes() == c.tobytes()
    assert np.isnan(streamed[2]).any()
    channels = f_shape[2]  # one input channel: the per-tap input gradient (see the module)
    assert calls.count("forward_stream") >= 2 and \
        ("input_grad_stream" in calls) == (channels > 1)


def test_streamed_loops_leave_float64_to_the_plain_path():
    from tensorweave.ops import conv, kept
    rng = np.random.default_rng(4)
    x = rng.standard_normal((32, 16, 16, 8))
    f = rng.standard_normal((3, 3, 8, 64))
    prim = conv.Conv2D((1, 1), "SAME")
    streamed, plain = _streamed_and_plain(
        lambda: prim.forward(np, x, f, None, None, None, kept.KeptBuffers(np)))
    assert streamed.dtype == np.float64 and streamed.tobytes() == plain.tobytes()
