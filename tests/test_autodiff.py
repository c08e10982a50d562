"""tf.gradients: reverse mode over the graph, checked against hand-computed NumPy."""
import numpy as np
import pytest

import tensorweave.compat.v1 as tf


pytestmark = pytest.mark.usefixtures("fresh_graph")


def _run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def test_simple_gradient():
    x = tf.placeholder(tf.float64, shape=(3,))
    y = tf.reduce_sum(x * x)
    g, = tf.gradients(y, [x])
    assert g.shape.as_list() == [3]
    assert g.dtype == tf.float64
    xv = np.array([1.0, -2.0, 3.0])
    np.testing.assert_allclose(_run(g, {x: xv}), 2 * xv)


def test_gradients_returns_a_list_for_a_single_x_and_names_its_scope():
    x = tf.placeholder(tf.float32, shape=())
    out = tf.gradients(x * 3.0, x)
    assert isinstance(out, list) and len(out) == 1
    assert out[0].name.startswith("gradients/")
    again = tf.gradients(x * 3.0, x)
    assert again[0].name.startswith("gradients_1/")
    assert _run(out[0], {x: 2.0}) == 3.0


def test_matmul_gradients_match_numpy():
    rng = np.random.RandomState(0)
    xv, wv = rng.randn(4, 3), rng.randn(3, 2)
    x = tf.placeholder(tf.float64, shape=(None, 3))
    w = tf.Variable(wv)
    y = tf.matmul(x, w)
    loss = tf.reduce_sum(tf.square(y))
    gx, gw = tf.gradients(loss, [x, w])
    assert gx.shape.as_list() == [None, 3]
    assert gw.shape.as_list() == [3, 2]
    gx_v, gw_v = _run([gx, gw], {x: xv})
    dy = 2 * xv @ wv
    np.testing.assert_allclose(gx_v, dy @ wv.T)
    np.testing.assert_allclose(gw_v, xv.T @ dy)


def test_two_layer_net_gradients_match_numpy():
    # the lecture's network: h = relu(x w1), y_pred = h w2, loss = sum((y_pred - y)^2)
    rng = np.random.RandomState(1)
    N, D, H = 5, 4, 3
    xv, yv = rng.randn(N, D), rng.randn(N, D)
    w1v, w2v = rng.randn(D, H), rng.randn(H, D)
    x = tf.placeholder(tf.float64, shape=(N, D))
    y = tf.placeholder(tf.float64, shape=(N, D))
    w1 = tf.placeholder(tf.float64, shape=(D, H))
    w2 = tf.placeholder(tf.float64, shape=(H, D))
    h = tf.maximum(tf.matmul(x, w1), 0.0)
    diff = tf.matmul(h, w2) - y
    loss = tf.reduce_mean(tf.reduce_sum(diff ** 2, axis=1))
    g1, g2 = tf.gradients(loss, [w1, w2])
    g1_v, g2_v = _run([g1, g2], {x: xv, y: yv, w1: w1v, w2: w2v})
    hv = np.maximum(xv @ w1v, 0)
    d = 2.0 * (hv @ w2v - yv) / N
    np.testing.assert_allclose(g2_v, hv.T @ d)
    dh = (d @ w2v.T) * (xv @ w1v > 0)
    np.testing.assert_allclose(g1_v, xv.T @ dh)


def test_hessian_vector_product_against_numpy():
    # f(x) = sum(tanh(A x)) + 0.5 x^T B x: H = A^T diag(f'') A + (B + B^T) / 2
    rng = np.random.RandomState(2)
    n, m = 4, 3
    av, bv = rng.randn(m, n), rng.randn(n, n)
    xv, vv = rng.randn(n, 1), rng.randn(n, 1)
    a = tf.constant(av)
    b = tf.constant(bv)
    x = tf.placeholder(tf.float64, shape=(n, 1))
    v = tf.placeholder(tf.float64, shape=(n, 1))
    f = tf.reduce_sum(tf.tanh(tf.matmul(a, x))) + \
        0.5 * tf.reduce_sum(x * tf.matmul(b, x))
    g, = tf.gradients(f, [x])
    hv, = tf.gradients(tf.reduce_sum(g * v), [x])
    # the same product through grad_ys instead of a sum
    hv2, = tf.gradients(g, [x], grad_ys=[v])
    g_v, hv_v, hv2_v = _run([g, hv, hv2], {x: xv, v: vv})
    t = np.tanh(av @ xv)
    np.testing.assert_allclose(g_v, av.T @ (1 - t ** 2) + 0.5 * (bv + bv.T) @ xv)
    hess = av.T @ np.diag((-2 * t * (1 - t ** 2)).ravel()) @ av + 0.5 * (bv + bv.T)
    np.testing.assert_allclose(hv_v, hess @ vv, rtol=1e-10)
    np.testing.assert_allclose(hv2_v, hess @ vv, rtol=1e-10)


def test_second_derivative_of_scalar_function():
    x = tf.placeholder(tf.float64, shape=())
    y = x ** 3 + tf.sin(x)
    d1, = tf.gradients(y, x)
    d2, = tf.gradients(d1, x)
    d3, = tf.gradients(d2, x)
    xv = 0.7
    out = _run([d1, d2, d3], {x: xv})
    np.testing.assert_allclose(out, [3 * xv ** 2 + np.cos(xv), 6 * xv - np.sin(xv),
                                     6 - np.cos(xv)])


def test_unconnected_x_gives_none():
    x = tf.placeholder(tf.float32, shape=(2,))
    z = tf.placeholder(tf.float32, shape=(2,))
    y = tf.reduce_sum(x * 2.0)
    gx, gz = tf.gradients(y, [x, z])
    assert gz is None
    assert gx is not None
    v = tf.Variable(1.0)
    assert tf.gradients(y, v) == [None]
    gz0, = tf.gradients(y, [z], unconnected_gradients="zero")
    np.testing.assert_array_equal(_run(gz0, {z: [1.0, 1.0]}), [0.0, 0.0])


def test_fan_out_sums_gradients():
    x = tf.placeholder(tf.float64, shape=(3,))
    y = tf.reduce_sum(x * x + 3.0 * x + tf.exp(x))
    g, = tf.gradients(y, [x])
    xv = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(_run(g, {x: xv}), 2 * xv + 3 + np.exp(xv))


def test_gradient_keeps_known_dims_of_x():
    x = tf.placeholder(tf.float32, shape=(None, 2))
    gx, = tf.gradients(tf.reduce_sum(x * x) + tf.reduce_sum(x), x)
    assert gx.shape.as_list() == [None, 2]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(gx, {x: [[1.0, 2.0]]}), [[3.0, 5.0]])


def test_fan_out_through_shared_intermediate():
    x = tf.placeholder(tf.float64, shape=())
    h = x * 2.0
    y = h * h + h
    g, = tf.gradients(y, x)
    assert _run(g, {x: 1.5}) == pytest.approx(2 * (2 * 3.0 + 1))


def test_broadcast_gradients_are_reduced_to_input_shape():
    x = tf.placeholder(tf.float64, shape=(3, 1))
    b = tf.placeholder(tf.float64, shape=(1, 4))
    s = tf.placeholder(tf.float64, shape=())
    y = tf.reduce_sum((x + b) * s)
    gx, gb, gs = tf.gradients(y, [x, b, s])
    assert gx.shape.as_list() == [3, 1]
    assert gb.shape.as_list() == [1, 4]
    assert gs.shape.as_list() == []
    xv, bv = np.arange(3.0).reshape(3, 1), np.arange(4.0).reshape(1, 4)
    gx_v, gb_v, gs_v = _run([gx, gb, gs], {x: xv, b: bv, s: 2.0})
    np.testing.assert_allclose(gx_v, np.full((3, 1), 8.0))
    np.testing.assert_allclose(gb_v, np.full((1, 4), 6.0))
    assert gs_v == pytest.approx((xv + bv).sum())


def test_broadcast_gradient_with_unknown_batch_dim():
    x = tf.placeholder(tf.float32, shape=(None, 4))
    bias = tf.Variable(np.zeros(4, np.float32))
    y = tf.reduce_sum(x + bias)
    gb, = tf.gradients(y, [bias])
    assert gb.shape.as_list() == [4]
    np.testing.assert_allclose(_run(gb, {x: np.ones((6, 4))}), np.full(4, 6.0))
    np.testing.assert_allclose(_run(gb, {x: np.ones((2, 4))}), np.full(4, 2.0))


def test_grad_ys():
    x = tf.placeholder(tf.float64, shape=(3,))
    y = 3.0 * x
    g, = tf.gradients(y, [x], grad_ys=[tf.constant([1.0, 2.0, 3.0], tf.float64)])
    np.testing.assert_allclose(_run(g, {x: np.zeros(3)}), [3.0, 6.0, 9.0])
    g2, = tf.gradients(y, [x], grad_ys=np.array([1.0, 0.0, -1.0]))
    np.testing.assert_allclose(_run(g2, {x: np.zeros(3)}), [3.0, 0.0, -3.0])
    with pytest.raises(ValueError):
        tf.gradients(y, [x], grad_ys=[tf.constant([1.0, 2.0], tf.float64)])


def test_multiple_ys_are_summed():
    x = tf.placeholder(tf.float64, shape=())
    g, = tf.gradients([x * 2.0, x * x], [x])
    assert _run(g, {x: 3.0}) == 8.0


def test_stop_gradients_argument():
    # TensorFlow's documented example: the total derivative with a and b held constant
    a = tf.constant(0.0)
    b = 2 * a
    ga, gb = tf.gradients(a + b, [a, b], stop_gradients=[a, b])
    assert _run([ga, gb]) == [1.0, 1.0]
    ga_full, = tf.gradients(a + b, [a])
    assert _run(ga_full) == 3.0


def test_stop_gradient_op():
    x = tf.placeholder(tf.float64, shape=())
    y = x * tf.stop_gradient(x * 5.0)
    g, = tf.gradients(y, x)
    assert _run(g, {x: 2.0}) == 10.0
    assert tf.gradients(tf.stop_gradient(x), x) == [None]


def test_gradient_with_respect_to_variable_and_intermediate():
    w = tf.Variable([1.0, 2.0])
    h = w * 3.0
    loss = tf.reduce_sum(h * h)
    gw, gh = tf.gradients(loss, [w, h])
    gw_v, gh_v = _run([gw, gh])
    np.testing.assert_allclose(gh_v, [6.0, 12.0])
    np.testing.assert_allclose(gw_v, [18.0, 36.0])


def test_gradients_through_reductions_and_reshape():
    x = tf.placeholder(tf.float64, shape=(2, 3))
    y = tf.reduce_mean(tf.reshape(x, [3, 2]) * tf.constant([1.0, 2.0], tf.float64))
    g, = tf.gradients(y, x)
    expected = (np.array([[1.0, 2.0]] * 3) / 6.0).reshape(2, 3)
    np.testing.assert_allclose(_run(g, {x: np.ones((2, 3))}), expected)


def test_gradient_of_indexing():
    x = tf.placeholder(tf.float64, shape=(3, 2))
    y = tf.reduce_sum(x[1] * 2.0) + tf.reduce_sum(x[:, 0])
    g, = tf.gradients(y, x)
    np.testing.assert_allclose(_run(g, {x: np.zeros((3, 2))}),
                               [[1.0, 0.0], [3.0, 2.0], [1.0, 0.0]])


def test_integer_paths_carry_no_gradient():
    x = tf.placeholder(tf.float32, shape=(3,))
    idx = tf.argmax(x)
    y = tf.cast(idx, tf.float32) + tf.reduce_sum(x)
    g, = tf.gradients(y, x)
    np.testing.assert_allclose(_run(g, {x: [1.0, 5.0, 2.0]}), [1.0, 1.0, 1.0])


def test_gradients_are_graph_ops_that_rerun_with_new_feeds():
    x = tf.placeholder(tf.float32, shape=())
    g, = tf.gradients(x * x, x)
    with tf.Session() as sess:
        assert sess.run(g, {x: 1.0}) == 2.0
        assert sess.run(g, {x: 4.0}) == 8.0


def test_no_unbroadcasting_after_ops_that_do_not_broadcast():
    """As in TF: the gradients of MatMul (2-D), BiasAdd, ReLU, softmax cross-entropy and
    reshapes have their inputs' shapes by construction, so no ReduceToShape follows them,
    even with an unknown batch size; a broadcasting add still gets one, and is right."""
    x = tf.placeholder(tf.float32, [None, 4])
    labels = tf.placeholder(tf.int32, [None])
    w = tf.Variable(np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3))
    b = tf.Variable(np.zeros(3, np.float32))
    h = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w), b))
    logits = tf.reshape(tf.reshape(h, [-1]), [-1, 3])
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    gx, gw, gb = tf.gradients(loss, [x, w, b])
    made = [op.type for op in tf.get_default_graph().get_operations()
            if op.name.startswith("gradients")]
    assert "ReduceToShape" not in made
    assert gx.shape.as_list() == [None, 4] and gw.shape.as_list() == [4, 3]
    bias = tf.placeholder(tf.float32, [None, 3])
    g2, = tf.gradients(tf.reduce_sum(h + bias), [bias])  # bias may broadcast: reduced
    assert any(op.type == "ReduceToShape" for op in tf.get_default_graph().get_operations()
               if op.name.startswith("gradients_1"))
    xv = np.arange(8, dtype=np.float32).reshape(2, 4) / 8
    out = _run([gx, gw, gb, g2], {x: xv, labels: [0, 2], bias: np.ones((1, 3), np.float32)})
    hv = np.maximum(xv @ np.linspace(-1, 1, 12).reshape(4, 3), 0)
    sm = np.exp(hv - hv.max(1, keepdims=True))
    sm /= sm.sum(1, keepdims=True)
    dlogits = (sm - np.eye(3)[[0, 2]]) / 2 * (hv > 0)
    np.testing.assert_allclose(out[1], xv.T @ dlogits, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(out[2], dlogits.sum(0), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(out[3], [[2.0, 2.0, 2.0]])


def test_an_integer_y_gives_no_gradient_as_in_tensorflow():
    # TF 2.21: [None]; with unconnected_gradients="zero": zeros named zeros_like:0
    x = tf.placeholder(tf.float32, [None, 3])
    counted = tf.reduce_sum(tf.cast(x, tf.int32))
    assert tf.gradients(counted, x) == [None]
    (z,) = tf.gradients(counted, x, unconnected_gradients="zero")
    assert z.name == "zeros_like:0"
    (g,) = tf.gradients([counted, tf.reduce_sum(2.0 * x)], x)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(g, {x: np.ones((2, 3))}), np.full((2, 3), 2.0))
