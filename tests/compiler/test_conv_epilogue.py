"""compiler/conv_epilogue.py: ``relu(conv2d(x, f) + b)`` runs as one kernel with the bits of
the three ops, and is left alone where another reader needs the convolution or the sum."""

import contextlib

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import parallel
from tensorweave.compiler import conv_epilogue


@contextlib.contextmanager
def _epilogue(enabled):
    """The pass switched on or off for the block."""
    conv_epilogue.ENABLED = enabled
    try:
        yield
    finally:
        conv_epilogue.ENABLED = True


@contextlib.contextmanager
def _pool_args():
    """A list of the ``pool`` argument of every streamed convolution call in the block."""
    from tensorweave.ops import conv_loops
    seen, stream = [], conv_loops.forward_stream

    def spy(*args, **kwargs):
        seen.append(args[14] if len(args) > 14 else kwargs.get("pool"))
        return stream(*args, **kwargs)
    conv_loops.forward_stream = spy
    try:
        yield seen
    finally:
        conv_loops.forward_stream = stream


def _plan_types(sess):
    return [op.type for op in list(sess._plans.values())[-1].step_ops]


def _inputs(n=8, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 32, 32, 3)).astype(np.float32)
    x[0, 3, 3] = np.nan                  # a NaN stays NaN through the ReLU
    x[1, :4] = 0.0
    f = rng.standard_normal((3, 3, 3, 16)).astype(np.float32)
    b = rng.standard_normal(16).astype(np.float32)
    return x, f, b


def _build(form, x, f, b):
    if form == "add":
        return tf.nn.relu(tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME") + b)
    if form == "bias_first":
        return tf.nn.relu(b + tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME"))
    if form == "bias_add":
        return tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, f, [1, 2, 2, 1], "VALID"), b))
    raise ValueError(form)


def _run_step(enabled, form, own):
    """(ReLU output, filter gradient, bias gradient, plan's step types) of one run."""
    xv, fv, bv = _inputs()
    with _epilogue(enabled):
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, xv.shape)
            f, b = tf.Variable(fv), tf.Variable(bv)
            h = _build(form, x, f, b)
            loss = tf.reduce_sum(tf.square(h))
            gf, gb = tf.gradients(loss, [f, b])
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        with parallel.own_blas if own else contextlib.nullcontext():
            out = sess.run([h, gf, gb], {x: xv})  # own: products in blocks, with epilogue
        return out + [_plan_types(sess)]


@pytest.mark.parametrize("own", [False, True])
@pytest.mark.parametrize("form", ["add", "bias_first", "bias_add"])
def test_conv_bias_relu_fused_bit_for_bit(form, own):
    *on, types_on = _run_step(True, form, own)
    *off, types_off = _run_step(False, form, own)
    assert "Conv2D" in types_off and "Conv2D" not in types_on, types_on
    for a, b in zip(on, off):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(np.signbit(a), np.signbit(b))
    assert np.isnan(on[0]).any()


def _unfusable(case, x, f, b):
    """(ReLU output, what else the run fetches) for a graph the pass must leave alone."""
    if case == "nchw":
        c = tf.nn.conv2d(tf.transpose(x, [0, 3, 1, 2]), f, [1, 1, 1, 1], "SAME",
                         data_format="NCHW")
        return tf.nn.relu(tf.nn.bias_add(c, b, data_format="NCHW")), []
    c = tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME")
    if case == "bias_of_rows":  # broadcast over rows: not a bias
        return tf.nn.relu(c + np.ones((32, 16), np.float32)), []
    z = c + b
    h = tf.nn.relu(z)
    return h, {"conv_fetched": [c], "sum_fetched": [z], "conv_read": [tf.reduce_sum(c)]}[case]


@pytest.mark.parametrize("case", ["conv_fetched", "sum_fetched", "conv_read", "nchw",
                                  "bias_of_rows"])
def test_not_fused_where_another_reader_needs_the_parts_or_the_layout_differs(case):
    xv, fv, bv = _inputs(n=2)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, xv.shape)
        h, others = _unfusable(case, x, tf.constant(fv), tf.constant(bv))
        sess = tf.Session()
        got = sess.run([h] + others, {x: xv})[0]
        assert "Conv2D" in _plan_types(sess)
        with _epilogue(False):  # a new plan (fetches h alone), unfused
            want = sess.run(h, {x: xv})
    np.testing.assert_array_equal(got, want)


def test_layers_conv2d_with_relu_is_fused():
    xv, _, _ = _inputs(n=4)
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(3)
        x = tf.placeholder(tf.float32, xv.shape)
        h = tf.layers.conv2d(x, 8, 3, padding="same", activation=tf.nn.relu,
                             bias_initializer=tf.random_normal_initializer(seed=4))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        fused = sess.run(h, {x: xv})
        assert "Conv2D" not in _plan_types(sess)
        k, b = sess.run(tf.trainable_variables())
    with tf.Graph().as_default():
        conv = tf.Session().run(tf.nn.conv2d(xv, k, [1, 1, 1, 1], "SAME"))
    want = np.maximum(conv + b, 0)
    np.testing.assert_allclose(fused, want, rtol=1e-6, atol=1e-6)


def _pool_net(enabled, own, fetch_pool=False, seed=0, any_batch=False):
    """(pooled, ReLU output, filter gradient, bias gradient) of relu(conv + b) -> 2x2 max
    pooling -> loss, and the pooling arguments the streamed convolution got. ``any_batch``:
    the input's batch dimension is None and the second run feeds a smaller batch."""
    rng = np.random.default_rng(seed)
    xv = rng.standard_normal((16, 16, 16, 3)).astype(np.float32)
    xv[0, 2, 2] = np.nan
    fv = rng.standard_normal((3, 3, 3, 32)).astype(np.float32)
    bv = rng.standard_normal(32).astype(np.float32)
    with _epilogue(enabled), _pool_args() as pools:
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, (None,) + xv.shape[1:] if any_batch else xv.shape)
            f, b = tf.Variable(fv), tf.Variable(bv)
            h = tf.nn.relu(tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME") + b)
            p = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
            loss = tf.reduce_sum(tf.square(p))
            gf, gb = tf.gradients(loss, [f, b])
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        fetches = [p, h, gf, gb] if fetch_pool else [loss, h, gf, gb]
        with parallel.own_blas if own else contextlib.nullcontext():
            first = sess.run(fetches, {x: xv})
            # a second run reuses the buffers (with another batch size: new ones)
            sess.run(fetches, {x: xv[:5].copy() if any_batch else xv[::-1].copy()})
            again = sess.run(fetches, {x: xv})
    return first, again, pools


@pytest.mark.parametrize("own", [True, False])
def test_max_pooling_in_the_streamed_convolution_bit_for_bit(own):
    first_on, again_on, _ = _pool_net(True, own)
    first_off, again_off, _ = _pool_net(False, own)
    for a, b, c in zip(first_on, again_on, first_off):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(np.signbit(a), np.signbit(c))
        np.testing.assert_array_equal(a, b)


@pytest.mark.numpy_only
@pytest.mark.parametrize("own", [True, False])
def test_the_streamed_convolution_pools_only_when_it_streams(own):
    from tensorweave.ops import conv_loops
    pools = _pool_net(True, own)[2]
    assert any(p is not None for p in pools) == (own and conv_loops.streams())


@pytest.mark.numpy_only
def test_pooling_in_the_convolution_with_an_unknown_batch_bit_for_bit():
    # tf.layers programs feed placeholders of shape (None, H, W, C): the pooling still runs
    # in the convolution (a separate pass over the ReLU's output cost ~1 ms per layer)
    from tensorweave.ops import conv_loops
    first_on, again_on, pools = _pool_net(True, True, any_batch=True)
    first_off, _, _ = _pool_net(False, True, any_batch=True)
    assert any(p is not None for p in pools) == conv_loops.streams()
    for a, b, c in zip(first_on, again_on, first_off):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(a, b)


def test_a_fetched_pooling_is_not_computed_in_the_convolution():
    first, again, pools = _pool_net(True, True, fetch_pool=True)
    assert all(p is None for p in pools)
    want, _, _ = _pool_net(False, True, fetch_pool=True)
    np.testing.assert_array_equal(first[0], want[0])
    np.testing.assert_array_equal(first[0], again[0])


def test_a_pooling_that_a_variable_keeps_is_not_computed_in_the_convolution():
    rng = np.random.default_rng(5)
    xv = rng.standard_normal((16, 16, 16, 3)).astype(np.float32)
    with _pool_args() as pools:
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, xv.shape)
            f = tf.Variable(rng.standard_normal((3, 3, 3, 32)).astype(np.float32))
            b = tf.Variable(np.zeros(32, np.float32))
            p = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME") + b),
                               [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
            keep = tf.Variable(tf.zeros(p.shape))
            save = keep.assign(p)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        with parallel.own_blas:
            sess.run(save.op, {x: xv})
            kept = sess.run(keep)
            sess.run(save.op, {x: xv})
            np.testing.assert_array_equal(sess.run(keep), kept)
    assert all(p is None for p in pools)  # (none at all without numba or on CuPy)


def _flat_pool_net(enabled, fetch, keep=False, seed=6):
    """A conv layer whose pooling is reshaped for a dense layer (W3's second layer); returns
    the fetched values of three runs (the second on other inputs) and the pooling arguments
    the streamed convolution got. ``fetch``: "loss" or "flat" (the reshaped pooling);
    ``keep``: a variable also stores the reshaped pooling."""
    rng = np.random.default_rng(seed)
    xv = rng.standard_normal((8, 16, 16, 4)).astype(np.float32)
    with _epilogue(enabled), _pool_args() as pools:
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, xv.shape)
            f = tf.Variable(rng.standard_normal((3, 3, 4, 16)).astype(np.float32))
            b = tf.Variable(rng.standard_normal(16).astype(np.float32))
            w = tf.Variable(rng.standard_normal((8 * 8 * 16, 5)).astype(np.float32))
            p = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME") + b),
                               [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
            flat = tf.reshape(p, [8, -1])
            loss = tf.reduce_sum(tf.square(tf.matmul(flat, w)))
            grads = tf.gradients(loss, [f, b, w])
            fetches = [loss if fetch == "loss" else flat] + grads
            if keep:
                store = tf.Variable(tf.zeros(flat.shape))
                fetches.append(store.assign(tf.identity(flat)).op)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        with parallel.own_blas:
            runs = [sess.run(fetches, {x: v}) for v in (xv, xv[::-1].copy(), xv)]
            if keep:
                runs.append(sess.run(store))
    return runs, pools


@pytest.mark.parametrize("fetch", ["loss", "flat"])
def test_a_pooling_read_through_a_view_bit_for_bit(fetch):
    runs, pools = _flat_pool_net(True, fetch)
    want, _ = _flat_pool_net(False, fetch)
    for got, ref in zip(runs, want):
        for a, b in zip(got, ref):
            np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(runs[0][0], runs[2][0])
    if fetch == "flat":  # a fetched view of the pooling: the kept buffer would escape
        assert all(p is None for p in pools)


@pytest.mark.numpy_only
def test_a_pooling_read_through_a_view_is_computed_in_the_convolution():
    from tensorweave.ops import conv_loops
    pools = _flat_pool_net(True, "loss")[1]
    assert any(p is not None for p in pools) == conv_loops.streams()


def test_a_pooling_stored_through_a_view_is_not_computed_in_the_convolution():
    runs, pools = _flat_pool_net(True, "loss", keep=True)
    want, _ = _flat_pool_net(False, "loss", keep=True)
    np.testing.assert_array_equal(runs[-1], want[-1])
    assert all(p is None for p in pools)
