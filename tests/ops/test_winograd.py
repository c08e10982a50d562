"""ops/winograd.py: 3x3 stride-1 convolutions as Winograd F(2x2, 3x3), forward and both
gradients, against float64 references of the direct convolution; the same bits from run to
run and with one or two threads; graphs that use it (streamed runs) and graphs that do not."""

import contextlib

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import onednn, parallel
from tensorweave.ops import conv, kept, winograd

pytestmark = [
    pytest.mark.numpy_only,
    pytest.mark.skipif(not winograd.works(), reason="needs numba and cblas_sgemm"),
]

# (x shape, filter shape, padding): odd sizes (partial tiles), VALID, a batch of one (an
# empty half in the filter gradient's sum), channel counts that are not powers of two
CASES = [
    ((4, 16, 16, 32), (3, 3, 32, 64), "SAME"),
    ((3, 9, 7, 16), (3, 3, 16, 24), "VALID"),
    ((5, 15, 13, 16), (3, 3, 16, 16), "SAME"),
    ((1, 6, 5, 20), (3, 3, 20, 17), "SAME"),
    ((2, 3, 4, 16), (3, 3, 16, 16), "VALID"),  # one row of outputs
]


def _reference(x, f, padding):
    """(conv, pads) in float64: the direct convolution of TF's definition."""
    x, f = x.astype(np.float64), f.astype(np.float64)
    oh, ow, pads = conv._geometry(x.shape, 3, 3, (1, 1), (1, 1), padding)
    (pt, pb), (pl, pr) = pads
    xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
    y = np.zeros((x.shape[0], oh, ow, f.shape[3]))
    for i in range(3):
        for j in range(3):
            y += xp[:, i:i + oh, j:j + ow] @ f[i, j]
    return y, (pt, pl), xp


def _grads_reference(x, f, g, padding):
    """(input gradient, filter gradient) of sum(conv(x, f) * g) in float64."""
    _, (pt, pl), xp = _reference(x, f, padding)
    g, f64 = g.astype(np.float64), f.astype(np.float64)
    oh, ow = g.shape[1:3]
    dxp = np.zeros_like(xp)
    df = np.zeros(f.shape)
    for i in range(3):
        for j in range(3):
            dxp[:, i:i + oh, j:j + ow] += g @ f64[i, j].T
            df[i, j] = np.einsum("nhwc,nhwo->co", xp[:, i:i + oh, j:j + ow], g)
    h, w = x.shape[1:3]
    return dxp[:, pt:pt + h, pl:pl + w], df


def _close(got, want):
    """Within float32 rounding of sums of a few hundred products (measured: below 1e-6 of
    the largest value; a wrong transform is off by the values themselves)."""
    assert got.shape == want.shape and got.dtype == np.float32
    assert np.abs(got - want).max() <= 5e-6 * np.abs(want).max()


def _data(x_shape, f_shape, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(x_shape).astype(np.float32)
    f = (rng.standard_normal(f_shape) / np.sqrt(9 * f_shape[2])).astype(np.float32)
    return x, f


def _threads(n):
    """A block with ``n`` intra-op threads (0: one per core)."""
    @contextlib.contextmanager
    def block():
        saved = parallel.get_intra_op_parallelism_threads()
        parallel.set_intra_op_parallelism_threads(n)
        try:
            yield
        finally:
            parallel.set_intra_op_parallelism_threads(saved)
    return block()


def _run_kernels(x, f, g, padding, b=None):
    """(forward, fused forward + bias + ReLU, input gradient, filter gradient) through the
    streamed kernels of ops/conv.py, with the filter gradient reading the forward's tiles."""
    attrs = ((1, 1), padding, "NHWC", (1, 1))
    fwd, bi, bf = conv.Conv2D(*attrs), conv.Conv2DBackpropInput(*attrs), \
        conv.Conv2DBackpropFilter(*attrs)
    fused = conv.Conv2DBiasRelu(conv.Conv2D(*attrs), "k", None)
    with parallel.own_blas:
        scratch = {}
        y = fwd.forward(np, x, f, scratch, "k", None, kept.KeptBuffers(np))
        tiles = scratch["k"]
        dw = bf.forward(np, x, np.array(f.shape), g, tiles, None, kept.KeptBuffers(np))
        dw_alone = bf.forward(np, x, np.array(f.shape), g, None, None, kept.KeptBuffers(np))
        z = None if b is None else \
            fused.forward(np, x, f, b, {}, "k", None, kept.KeptBuffers(np))
        dx = bi.forward(np, np.array(x.shape), f, g, None, kept.KeptBuffers(np))
    return y, z, dx, dw, dw_alone, tiles


@pytest.mark.parametrize("x_shape,f_shape,padding", CASES)
def test_forward_and_gradients_match_the_direct_convolution(x_shape, f_shape, padding):
    x, f = _data(x_shape, f_shape)
    want, _, _ = _reference(x, f, padding)
    g = np.random.default_rng(1).standard_normal(want.shape).astype(np.float32)
    b = np.random.default_rng(2).standard_normal(f_shape[3]).astype(np.float32)
    y, z, dx, dw, dw_alone, tiles = _run_kernels(x, f, g, padding, b)
    assert isinstance(tiles, winograd.Tiles)  # it ran as Winograd
    _close(y, want)
    np.testing.assert_array_equal(z, np.maximum(y + b, 0))  # the epilogue on the same y
    want_dx, want_dw = _grads_reference(x, f, g, padding)
    _close(dx, want_dx)
    _close(dw, want_dw)
    np.testing.assert_array_equal(dw, dw_alone)  # kept tiles or its own: the same bits


def test_the_same_bits_with_one_or_two_threads_and_from_run_to_run():
    x, f = _data((6, 12, 10, 16), (3, 3, 16, 32))
    g = np.random.default_rng(3).standard_normal((6, 12, 10, 32)).astype(np.float32)
    with _threads(1):
        one = _run_kernels(x, f, g, "SAME")
    with _threads(2):
        two = _run_kernels(x, f, g, "SAME")
        again = _run_kernels(x, f, g, "SAME")
    for a, b, c in zip(one[:5], two[:5], again[:5]):
        if a is not None:
            assert a.tobytes() == b.tobytes() == c.tobytes()


def test_nan_stays_in_its_receptive_field():
    x, f = _data((2, 8, 8, 16), (3, 3, 16, 16))
    x[0, 0, 0, 3] = np.nan  # a corner: only output (0, 0)'s field and its neighbours'
    y = _run_kernels(x, f, np.zeros((2, 8, 8, 16), np.float32), "SAME")[0]
    nan = np.isnan(y).any(axis=3)
    want = np.zeros_like(nan)
    want[0, :2, :2] = True
    np.testing.assert_array_equal(nan, want)


def test_transforms_of_a_filter_and_its_gradient():
    rng = np.random.default_rng(4)
    f = rng.standard_normal((3, 3, 2, 5)).astype(np.float32)
    u = winograd.filter_transform(f)
    g = np.array([[1, 0, 0], [.5, .5, .5], [.5, -.5, .5], [0, 0, 1]])
    want = np.einsum("ai,ijco,bj->abco", g, f.astype(np.float64), g).reshape(16, 2, 5)
    np.testing.assert_allclose(u, want, rtol=1e-6, atol=1e-6)
    m = rng.standard_normal((16, 2, 5)).astype(np.float32)
    want = np.einsum("ai,ijco,bj->abco", g.T, m.reshape(4, 4, 2, 5).astype(np.float64), g.T)
    np.testing.assert_allclose(winograd.filter_grad_transform(m), want, rtol=1e-6,
                               atol=1e-6)


@pytest.mark.parametrize("kw", [
    dict(f_shape=(3, 3, 8, 16)),                        # too few input channels
    dict(f_shape=(3, 3, 16, 8)),                        # too few output channels
    dict(f_shape=(5, 5, 16, 16)),                       # not 3x3
    dict(strides=(2, 2)),
    dict(dilations=(2, 2)),
    dict(dtype=np.float64),
])
def test_what_it_applies_to(kw):
    args = dict(x_shape=(2, 8, 8, 16), f_shape=(3, 3, 16, 16), strides=(1, 1),
                dilations=(1, 1), dtype=np.float32)
    assert winograd.applies(**args)
    args.update(kw)
    assert not winograd.applies(**args)


def _train_step(enabled, own):
    """A conv layer's forward and gradients through a session: (y, dx, df, db)."""
    rng = np.random.default_rng(5)
    xv = rng.standard_normal((8, 16, 16, 16)).astype(np.float32)
    fv = (rng.standard_normal((3, 3, 16, 32)) / 12).astype(np.float32)
    saved, winograd.ENABLED = winograd.ENABLED, enabled
    try:
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, xv.shape)
            f, b = tf.Variable(fv), tf.Variable(np.full(32, 0.1, np.float32))
            y = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME") + b),
                               [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
            loss = tf.reduce_sum(tf.square(y))
            fetches = [y] + tf.gradients(loss, [x, f, b])
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            with parallel.own_blas if own else contextlib.nullcontext():
                return sess.run(fetches, {x: xv})
    finally:
        winograd.ENABLED = saved


def test_a_session_step_within_float32_rounding_of_the_direct_convolution(monkeypatch):
    monkeypatch.setattr(onednn, "ENABLED", False)  # OpenBLAS's products in both runs
    fast, direct, plain = _train_step(True, True), _train_step(False, True), \
        _train_step(True, False)
    for a, b, c in zip(fast, direct, plain):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5 * np.abs(b).max())
        assert b.tobytes() == c.tobytes()  # outside a streamed run: the direct product
