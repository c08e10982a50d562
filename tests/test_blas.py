"""Products on tensorweave's threads (tensorweave/blas.py): the rows of a large product split
between threads give np.dot's bits; a product split along its inner dimension is the
product to rounding, with the same bits however its halves run; plans of convolutions use
them, plans of small products keep OpenBLAS's threads."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import blas, onednn, parallel

needs_local = pytest.mark.skipif(not blas.owns_threads(),
                                 reason="no openblas_set_num_threads_local in this BLAS")


@pytest.fixture
def inner_splits(monkeypatch):
    """The calls of blas.split_inner_dot made while the test runs (one entry each)."""
    calls = []
    split = blas.split_inner_dot
    monkeypatch.setattr(blas, "split_inner_dot",
                        lambda *a, **k: calls.append(1) or split(*a, **k))
    return calls


def _operands(m=27, k=65536, n=32, dtype=np.float32, seed=0):
    rng = np.random.default_rng(seed)
    cols = rng.standard_normal((k, m)).astype(dtype)
    g = rng.standard_normal((k, n)).astype(dtype)
    return cols.T, g  # a transposed view, as the filter gradient passes it


def test_which_products_are_split():
    assert blas.splits_inner(27, 65536, 32)      # W3's first filter gradient
    assert blas.splits_inner(288, 16384, 64)     # and its second
    assert not blas.splits_inner(27, 1000, 32)   # too short
    assert not blas.splits_inner(784, 8192, 512)  # a large result: rows split it better
    assert blas._splits_rows(16384, 288, 64)     # a convolution's product
    assert not blas._splits_rows(128, 784, 512)  # an MLP's: OpenBLAS's threads do better


@needs_local
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(16384, 288, 64), (8192, 64, 288), (4099, 5000, 7),
                                   (65536, 27, 32), (5001, 9, 33)])  # the last two in blocks
def test_row_split_product_has_np_dots_bits(shape, dtype):
    m, k, n = shape
    rng = np.random.default_rng(1)
    a = rng.standard_normal((m, k)).astype(dtype)
    b = rng.standard_normal((k, n)).astype(dtype)
    want = np.dot(a, b)
    with parallel.own_blas:
        assert parallel._count() > 1 or parallel._cores() == 1
        got = blas.dot(a, b)
        out = np.empty((m, n), dtype)
        assert blas.dot(a, b, out) is out
    assert got.tobytes() == want.tobytes() and out.tobytes() == want.tobytes()


def test_outside_an_owning_run_dot_is_nps():
    a, b = np.ones((5000, 300), np.float32), np.ones((300, 40), np.float32)
    assert not parallel.owns_blas()
    np.testing.assert_array_equal(blas.dot(a, b), np.dot(a, b))
    ints = np.arange(6).reshape(2, 3)
    with parallel.own_blas:  # not a BLAS type: NumPy's own loop, as np.dot
        np.testing.assert_array_equal(blas.dot(ints, ints.T), ints @ ints.T)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_split_inner_product_is_the_product_to_rounding(dtype):
    a, b = _operands(dtype=dtype)
    got = blas.split_inner_dot(a, b)
    exact = a.astype(np.float64) @ b.astype(np.float64)
    tol = 1e-4 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(got, exact, rtol=tol, atol=tol * np.abs(exact).max())
    out = np.empty((27, 32), dtype)
    assert blas.split_inner_dot(a, b, out=out) is out
    assert out.tobytes() == got.tobytes()


def test_split_inner_same_bits_on_two_threads_and_in_one(monkeypatch):
    a, b = _operands()
    threaded = blas.split_inner_dot(a, b)
    monkeypatch.setattr(blas, "_local", [None])  # no per-thread BLAS setting: serial halves
    serial = blas.split_inner_dot(a, b)
    assert threaded.tobytes() == serial.tobytes()
    with parallel._POOL.lock:  # the pool busy: the halves run in the calling thread
        monkeypatch.setattr(blas, "_local", [])
        busy = blas.split_inner_dot(a, b)
    assert busy.tobytes() == threaded.tobytes()


def _convnet_plan(batch):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (batch, 32, 32, 3))
        f = tf.Variable(tf.random_normal((3, 3, 3, 32), seed=1))
        w = tf.Variable(tf.random_normal((32 * 32 * 32, 10), seed=2))
        y = tf.matmul(tf.reshape(tf.nn.relu(tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME")),
                                 (-1, 32 * 32 * 32)), w)
        loss = tf.reduce_sum(y * y)
        train = tf.train.GradientDescentOptimizer(1e-6).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        feed = {x: np.random.default_rng(0).standard_normal((batch, 32, 32, 3))
                .astype(np.float32)}
        losses = [sess.run([loss, train], feed)[0] for _ in range(3)]
    return list(sess._plans.values())[-1], losses


def _mlp_plan():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (128, 784))
        w = tf.Variable(tf.zeros((784, 512)))
        loss = tf.reduce_sum(tf.matmul(x, w))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(train, {x: np.ones((128, 784), np.float32)})
    return list(sess._plans.values())[-1]


@pytest.mark.numpy_only
@needs_local
def test_conv_plans_own_their_threads_mlp_plans_do_not():
    plan, _ = _convnet_plan(16)
    assert plan.own_threads
    assert not _mlp_plan().own_threads


@pytest.mark.numpy_only
@needs_local
def test_owning_a_plans_threads_changes_no_value(monkeypatch):
    monkeypatch.setattr(onednn, "ENABLED", False)  # OpenBLAS's products in both runs
    _, owned = _convnet_plan(8)
    monkeypatch.setattr(blas, "ENABLED", False)
    plan, plain = _convnet_plan(8)
    assert not plan.own_threads
    # the same bits, but for the filter gradients, whose inner halves are added (rounding)
    assert owned[0] == plain[0]
    np.testing.assert_allclose(owned, plain, rtol=1e-5)


@pytest.mark.numpy_only
def test_first_layer_filter_gradient_uses_the_inner_split(inner_splits):
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
    assert inner_splits
    # the filter gradient of sum(y^2): im2col(x)' @ 2y, in float64
    xp = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0))).astype(np.float64)
    cols = np.stack([xp[:, i:i + 32, j:j + 32, :] for i in range(3) for j in range(3)], 3)
    want = cols.reshape(-1, 27).T @ (2 * yv.astype(np.float64)).reshape(-1, 8)
    np.testing.assert_allclose(got.reshape(27, 8), want, rtol=1e-4, atol=1e-2)


@needs_local
@pytest.mark.parametrize("shape,lead", [((64, 32, 32, 32), 3), ((16384, 64), 1), ((9000, 7), 1)])
def test_bias_gradient_sums_as_split_products_in_owning_runs(shape, lead, monkeypatch):
    from tensorweave.ops.reduce import sum_leading
    g = np.random.default_rng(4).standard_normal(shape).astype(np.float32)
    exact = g.astype(np.float64).sum(axis=tuple(range(lead)))
    plain = sum_leading(np, g, lead)
    with parallel.own_blas:
        owned = sum_leading(np, g, lead)
        with parallel._POOL.lock:  # halves in the calling thread: the same bits
            serial = sum_leading(np, g, lead)
    assert owned.shape == plain.shape == shape[lead:]
    assert owned.tobytes() == serial.tobytes()
    for got in (plain, owned):
        np.testing.assert_allclose(got, exact, rtol=1e-4, atol=1e-3)


@pytest.mark.parametrize("keepdims", [False, True])
def test_sum_over_leading_axes_keeps_its_shape(keepdims):
    x = np.random.default_rng(5).standard_normal((40, 3, 4)).astype(np.float32)
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.float32, x.shape)
        s1 = tf.reduce_sum(p, axis=0, keepdims=keepdims)
        s2 = tf.reduce_sum(p, axis=[0, 1], keepdims=keepdims)
        with tf.Session() as sess:
            a, b = sess.run([s1, s2], {p: x})
    np.testing.assert_allclose(a, x.sum(0, keepdims=keepdims), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(b, x.sum((0, 1), keepdims=keepdims), rtol=1e-5, atol=1e-5)
    assert a.shape == x.sum(0, keepdims=keepdims).shape


@needs_local
def test_large_product_of_few_rows_splits_along_k_in_owning_runs(monkeypatch):
    rng = np.random.default_rng(6)
    a = rng.standard_normal((64, 8192)).astype(np.float32)
    b = rng.standard_normal((8192, 64)).astype(np.float32)  # 33.5M multiply-adds, 64 rows
    monkeypatch.setattr(blas, "ONEDNN_UNSPLIT", False)  # (oneDNN's row blocks: below)
    with parallel.own_blas:
        got = blas.dot(a, b)
        with parallel._POOL.lock:  # inside a split pass: one call, NumPy's bits
            nested = blas.dot(a, b)
    np.testing.assert_array_equal(got, blas.split_inner_dot(a, b))
    assert nested.tobytes() == np.dot(a, b).tobytes()
    exact = a.astype(np.float64) @ b.astype(np.float64)
    np.testing.assert_allclose(got, exact, rtol=1e-4, atol=1e-3)


def test_large_product_of_few_rows_is_one_thread_onednn_row_blocks(monkeypatch):
    # with oneDNN: row blocks on tensorweave's threads, one one-thread oneDNN call each (its
    # OpenMP threads would spin on while the next steps run on tensorweave's)
    from tensorweave import onednn
    with parallel.own_blas:
        threads = parallel._count()
    if not onednn.available() or threads < 2:
        pytest.skip("needs oneDNN and two cores")
    rng = np.random.default_rng(6)
    a = rng.standard_normal((64, 4096)).astype(np.float32)
    w = rng.standard_normal((256, 4096)).astype(np.float32)
    calls = []
    real = onednn.dot

    def spy(x, y, out=None, threads=None):
        calls.append((x.shape[0], threads))
        return real(x, y, out, threads=threads)
    monkeypatch.setattr(onednn, "dot", spy)
    with parallel.own_blas:
        got = blas.dot(a, w.T)  # a dense layer's input gradient shape: g @ W'
    assert len(calls) >= 2 and all(t == 1 for _, t in calls) and sum(r for r, _ in calls) == 64
    exact = a.astype(np.float64) @ w.T.astype(np.float64)
    np.testing.assert_allclose(got, exact, rtol=1e-4, atol=1e-3)


@needs_local
def test_parts_of_a_split_pass_make_their_products_on_their_own_thread(inner_splits):
    rng = np.random.default_rng(7)
    a = rng.standard_normal((2048, 8192)).astype(np.float32)
    b = rng.standard_normal((8192, 16)).astype(np.float32)
    seen = {}

    def part(lo, hi, k):
        seen[k] = parallel.owns_blas()
        blas.dot(a[lo:hi], b, out[lo:hi])
    out = np.empty((2048, 16), np.float32)
    with parallel.own_blas:
        parallel.parallel_for(part, 2048, 2)
    assert seen == {0: True, 1: True}  # the workers run as the calling run does
    assert not inner_splits  # inside the pass: no further split
    np.testing.assert_array_equal(out, np.dot(a, b))


def test_one_intra_op_thread_runs_the_halves_here(monkeypatch):
    a, b = _operands()
    both = blas.split_inner_dot(a, b)
    parallel.set_intra_op_parallelism_threads(1)
    try:
        monkeypatch.setattr(parallel, "parallel_for",
                            lambda *args: pytest.fail("split between threads"))
        monkeypatch.setattr(blas, "parallel_for",
                            lambda *args: pytest.fail("split between threads"))
        one = blas.split_inner_dot(a, b)
    finally:
        parallel.set_intra_op_parallelism_threads(0)
    assert one.tobytes() == both.tobytes()


@pytest.mark.skipif(blas.sgemm() is None, reason="no cblas_sgemm in this BLAS")
def test_split_inner_blocks_compiled_or_in_python_same_bits(monkeypatch):
    from tensorweave import jit
    if not jit.works("inner_sum"):
        pytest.skip("numba is not installed (or switched off)")
    monkeypatch.setattr(blas, "_inner", [])  # not what an earlier test left
    a, b = _operands(k=10_001)  # halves of 5000 and 5001 rows: blocks and a short last one
    loop = blas._inner_sum_loop()
    assert loop is not None
    compiled = blas.split_inner_dot(a, b)
    monkeypatch.setattr(blas, "_inner", [None])
    plain = blas.split_inner_dot(a, b)
    assert compiled.tobytes() == plain.tobytes()
