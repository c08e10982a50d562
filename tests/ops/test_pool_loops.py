"""Max pooling and its gradient as compiled loops (tensorweave/ops/pool_loops.py, needs numba):
bit-identical to the NumPy kernels on ties, signed zeros, infinities and NaNs, with and without
the folded ReLU gradient, and only used where they apply."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import jit
from tensorweave.ops import pool_loops
from tensorweave.ops.pool import MaxPool, MaxPoolGrad

pytestmark = [pytest.mark.numpy_only,
              pytest.mark.filterwarnings("ignore::RuntimeWarning"),  # inf * 0 in NumPy's
              pytest.mark.skipif(not jit.available(), reason="numba is not installed (pip "
                                 "install 'tensorweave[fast]')")]

SPECIAL = np.array([0.0, -0.0, 1.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 2.5, -0.0, 0.0, 7.0],
                   np.float32)


def _inputs(dtype, shape=(3, 8, 6, 5), seed=0):
    rng = np.random.default_rng(seed)
    x = rng.choice(SPECIAL, size=shape).astype(dtype)  # many ties, zeros of both signs
    return np.ascontiguousarray(x)


def _both(fn, monkeypatch):
    """``fn()`` with the compiled loops, then with NumPy's kernels."""
    loops = fn()
    monkeypatch.setattr(jit, "ENABLED", False)
    plain = fn()
    monkeypatch.setattr(jit, "ENABLED", True)
    return loops, plain


def _same_bits(a, b):
    assert a.dtype == b.dtype and a.shape == b.shape
    assert a.tobytes() == b.tobytes()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("ksize", [(2, 2), (2, 3), (1, 1)])
@pytest.mark.parametrize("shape", [(3, 8, 6, 5), (3, 9, 7, 5)])  # tiled, and not (cropped)
def test_forward_and_gradient_bit_identical(dtype, ksize, shape, monkeypatch):
    x = _inputs(dtype, shape)
    pool = MaxPool(ksize, ksize, "VALID")
    assert pool._loops(np, x, "max_pool")
    y, y_plain = _both(lambda: pool.forward(np, x), monkeypatch)
    _same_bits(y, y_plain)
    g = np.random.default_rng(1).choice(SPECIAL, size=y.shape).astype(dtype)
    for relu in (False, True):
        grad = MaxPoolGrad(ksize, ksize, "VALID", relu_mask=relu)
        dx, dx_plain = _both(lambda: grad.forward(np, x, y, g), monkeypatch)
        _same_bits(dx, dx_plain)
        stale = np.full(x.shape, np.nan, dtype)  # a planned buffer's old values
        _same_bits(grad.forward(np, x, y, g, out=stale, bufs=_Bufs()), dx_plain)


class _Bufs:
    """The kept-buffer store a plan's kernel passes (ops/kept.py), as fresh arrays."""

    def get(self, key, shape, dtype):
        return np.empty(shape, dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("ksize", [(2, 2), (2, 3), (1, 1)])
def test_gradient_from_the_taps_the_forward_pass_found(dtype, ksize, monkeypatch):
    """In a run that pools and takes the gradient, the pooling leaves the winning taps
    (first maximum; none for a NaN maximum; -0.0 ties 0.0) and the gradient routes by them
    without reading x: the same bits as NumPy's kernels."""
    x = _inputs(dtype, seed=4)
    pool = MaxPool(ksize, ksize, "VALID")
    scratch = {}
    y = pool.forward(np, x, scratch=scratch)
    assert ("max_pool_first", id(y)) in scratch
    y_plain = _both(lambda: pool.forward(np, x), monkeypatch)[1]
    _same_bits(y, y_plain)
    g = np.random.default_rng(2).choice(SPECIAL, size=y.shape).astype(dtype)
    for relu in (False, True):
        grad = MaxPoolGrad(ksize, ksize, "VALID", relu_mask=relu)
        calls = []
        monkeypatch.setattr(pool_loops, "max_pool_grad",
                            lambda *a: calls.append(a) or pytest.fail("read x again"))
        dx = grad.forward(np, x, y, g, scratch=scratch)
        monkeypatch.undo()
        dx_plain = _both(lambda: grad.forward(np, x, y, g), monkeypatch)[1]
        _same_bits(dx, dx_plain)
    other = x.copy()  # another input array: the taps are not reused for it
    assert grad.forward(np, other, y, g, scratch=scratch).tobytes() == \
        grad.forward(np, other, y, g).tobytes()


def test_gradient_goes_to_the_first_maximum():
    x = np.array([[[[1.0], [3.0]], [[3.0], [2.0]]]], np.float32)  # a tie at taps 1 and 2
    y = np.empty((1, 1, 1, 1), np.float32)
    pool_loops.max_pool(x, 2, 2, y)
    out = np.empty_like(x)
    pool_loops.max_pool_grad(x, y, np.array([[[[5.0]]]], np.float32), 2, 2, False, out)
    np.testing.assert_array_equal(out.ravel(), [0.0, 5.0, 0.0, 0.0])


def test_used_only_where_they_apply():
    x = _inputs(np.float32, (2, 7, 6, 3))
    def loops(pool, value):
        return pool._loops(np, value, "max_pool")
    assert loops(MaxPool((2, 2), (2, 2), "VALID"), x)      # 7 rows: the first 6 tiled
    assert not pool_loops.usable(x, (2, 2), (2, 2), ((0, 0), (0, 0)))  # (a conv's stream)
    assert not loops(MaxPool((3, 3), (2, 2), "SAME"), _inputs(np.float32))  # overlapping
    assert not loops(MaxPool((2, 2), (2, 2), "VALID"), _inputs(np.float16))
    assert not loops(MaxPool((2, 2), (2, 2), "VALID"), _inputs(np.float32)[:, :, ::-1])


def test_conv_net_training_identical(monkeypatch):
    """A conv + ReLU + max-pool net (the folded ReLU gradient included) trains to the same
    bits with and without the loops."""
    def train():
        rng = np.random.default_rng(3)
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, (4, 8, 8, 3))
            w = tf.Variable(rng.standard_normal((3, 3, 3, 6)).astype(np.float32) * 0.3)
            h = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")),
                               [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
            loss = tf.reduce_sum(tf.square(h - 0.5))
            step = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            feed = {x: rng.standard_normal((4, 8, 8, 3)).astype(np.float32)}
            losses = [sess.run([loss, step], feed)[0] for _ in range(3)]
            return np.array(losses), sess.run(w)
    (l1, w1), (l2, w2) = _both(train, monkeypatch)
    _same_bits(l1, l2)
    _same_bits(w1, w2)


def test_a_loop_numba_fails_on_warns_once_and_numpy_takes_over(monkeypatch):
    monkeypatch.setattr(jit, "_loops", {})
    monkeypatch.setattr(jit, "_broken", set())

    def broken(fn):
        def loop(*args):
            raise RuntimeError("numba could not compile this")
        return loop
    monkeypatch.setattr(jit, "njit", broken)
    x = _inputs(np.float32)
    pool = MaxPool((2, 2), (2, 2), "VALID")
    with pytest.warns(RuntimeWarning, match="'max_pool' failed"):
        y = pool.forward(np, x)
    assert not pool._loops(np, x, "max_pool")
    monkeypatch.setattr(jit, "ENABLED", False)
    _same_bits(y, pool.forward(np, x))
