"""Products split along their inner dimension (tensorweave/blas.py): the value of ``a @ b``
to rounding, the same bits however the halves run, and used by a first layer's filter
gradient."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import blas, parallel


def _operands(m=27, k=65536, n=32, dtype=np.float32, seed=0):
    rng = np.random.default_rng(seed)
    cols = rng.standard_normal((k, m)).astype(dtype)
    g = rng.standard_normal((k, n)).astype(dtype)
    return cols.T, g  # a transposed view, as the filter gradient passes it


def test_only_long_products_with_small_results_are_split():
    assert blas.splits_inner(27, 65536, 32)
    assert not blas.splits_inner(288, 16384, 64)  # OpenBLAS's threads serve that one well
    assert not blas.splits_inner(27, 1000, 32)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_split_product_is_the_product_to_rounding(dtype):
    a, b = _operands(dtype=dtype)
    got = blas.split_inner_dot(a, b)
    exact = a.astype(np.float64) @ b.astype(np.float64)
    tol = 1e-4 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(got, exact, rtol=tol, atol=tol * np.abs(exact).max())
    out = np.empty((27, 32), dtype)
    assert blas.split_inner_dot(a, b, out=out) is out
    assert out.tobytes() == got.tobytes()


def test_same_bits_on_two_threads_and_in_one(monkeypatch):
    a, b = _operands()
    threaded = blas.split_inner_dot(a, b)
    monkeypatch.setattr(blas, "_local", [None])  # no per-thread BLAS setting: serial halves
    serial = blas.split_inner_dot(a, b)
    assert threaded.tobytes() == serial.tobytes()
    with parallel._POOL.lock:  # the pool busy: the halves run in the calling thread
        monkeypatch.setattr(blas, "_local", [])
        busy = blas.split_inner_dot(a, b)
    assert busy.tobytes() == threaded.tobytes()


@pytest.mark.numpy_only
def test_first_layer_filter_gradient_uses_it(monkeypatch):
    calls = []
    split = blas.split_inner_dot
    monkeypatch.setattr(blas, "split_inner_dot",
                        lambda *a, **k: calls.append(1) or split(*a, **k))
    rng = np.random.default_rng(3)
    x = rng.standard_normal((16, 32, 32, 3)).astype(np.float32)  # 16384 output pixels
    f = rng.standard_normal((3, 3, 3, 8)).astype(np.float32)
    g = tf.Graph()
    with g.as_default():
        ft = tf.constant(f)
        xt = tf.placeholder(tf.float32, x.shape)
        y = tf.nn.conv2d(xt, ft, [1, 1, 1, 1], "SAME")
        df, = tf.gradients(tf.reduce_sum(y * y), [ft])
        with tf.Session() as sess:
            got, yv = sess.run([df, y], {xt: x})
    assert calls
    # the filter gradient of sum(y^2): im2col(x)' @ 2y, in float64
    xp = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0))).astype(np.float64)
    cols = np.stack([xp[:, i:i + 32, j:j + 32, :] for i in range(3) for j in range(3)], 3)
    want = cols.reshape(-1, 27).T @ (2 * yv.astype(np.float64)).reshape(-1, 8)
    np.testing.assert_allclose(got.reshape(27, 8), want, rtol=1e-4, atol=1e-2)
