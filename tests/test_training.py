"""Training pieces: optimizer, global step, losses, tf.layers.dense, initializers,
variable_scope / get_variable."""
import math

import numpy as np
import pytest

import tensorweave.compat.v1 as tf


pytestmark = pytest.mark.usefixtures("fresh_graph")


# -- GradientDescentOptimizer -----------------------------------------------------------------
def _linear_problem():
    rng = np.random.RandomState(0)
    xv = rng.randn(8, 3)
    yv = xv @ np.array([[1.0], [-2.0], [0.5]]) + 0.25
    x = tf.placeholder(tf.float64, shape=(None, 3), name="x")
    y = tf.placeholder(tf.float64, shape=(None, 1), name="y")
    w = tf.Variable(np.zeros((3, 1)), name="w")
    b = tf.Variable(np.zeros(1), name="b")
    pred = tf.matmul(x, w) + b
    loss = tf.reduce_mean(tf.square(pred - y), name="loss")
    return x, y, w, b, loss, {x: xv, y: yv}


def test_minimize_one_step_matches_hand_computed_update():
    x, y, w, b, loss, feed = _linear_problem()
    lr = 0.1
    train = tf.train.GradientDescentOptimizer(lr).minimize(loss)
    assert isinstance(train, tf.Operation)
    assert train.name == "GradientDescent"
    xv, yv = feed[x], feed[y]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(train, feed) is None
        w_v, b_v = sess.run([w, b])
    d = 2.0 * (xv @ np.zeros((3, 1)) - yv) / len(xv)
    np.testing.assert_allclose(w_v, -lr * xv.T @ d)
    np.testing.assert_allclose(b_v, -lr * d.sum(axis=0))


def test_minimize_converges():
    x, y, w, b, loss, feed = _linear_problem()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, feed)
        for _ in range(300):
            _, last = sess.run([train, loss], feed)
        w_v, b_v = sess.run([w, b])
    assert last < first * 1e-4
    np.testing.assert_allclose(w_v.ravel(), [1.0, -2.0, 0.5], atol=1e-2)
    np.testing.assert_allclose(b_v, [0.25], atol=1e-2)


def test_fetching_loss_with_train_op_returns_the_loss_before_the_update():
    x, y, w, b, loss, feed = _linear_problem()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        before = sess.run(loss, feed)
        during, _ = sess.run([loss, train], feed)
        after = sess.run(loss, feed)
    assert during == before
    assert after < before


def test_compute_gradients_and_apply_gradients():
    x, y, w, b, loss, feed = _linear_problem()
    unused = tf.Variable(1.0, name="unused")
    opt = tf.train.GradientDescentOptimizer(0.5)
    gvs = opt.compute_gradients(loss)
    assert [v for _, v in gvs] == [w, b, unused]
    assert gvs[2][0] is None
    assert gvs[0][0].shape.as_list() == [3, 1]
    gvs_wb = opt.compute_gradients(loss, var_list=[w, b])
    assert [v for _, v in gvs_wb] == [w, b]
    # apply modified gradients (as in gradient clipping)
    scaled = [(g * 0.5, v) for g, v in gvs if g is not None]
    apply = opt.apply_gradients(scaled)
    grads = [g for g, _ in gvs_wb]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        gw, gb = sess.run(grads, feed)
        sess.run(apply, feed)
        w_v, b_v, u_v = sess.run([w, b, unused])
    np.testing.assert_allclose(w_v, -0.5 * 0.5 * gw)
    np.testing.assert_allclose(b_v, -0.5 * 0.5 * gb)
    assert u_v == 1.0


def test_minimize_with_var_list_updates_only_those():
    x, y, w, b, loss, feed = _linear_problem()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[b])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train, feed)
        w_v, b_v = sess.run([w, b])
    np.testing.assert_array_equal(w_v, np.zeros((3, 1)))
    assert b_v[0] != 0.0


def test_non_trainable_variables_are_not_updated():
    w = tf.Variable(2.0, name="w")
    frozen = tf.Variable(3.0, name="frozen", trainable=False)
    loss = tf.square(w * frozen)
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        assert sess.run(frozen) == 3.0
        assert sess.run(w) == pytest.approx(2.0 - 0.01 * 2 * 2.0 * 9.0)


def test_learning_rate_as_placeholder():
    w = tf.Variable(1.0)
    lr = tf.placeholder(tf.float32, shape=())
    train = tf.train.GradientDescentOptimizer(lr).minimize(w * 1.0)
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(train, {lr: 0.5})
        sess.run(train, {lr: 0.25})
        assert sess.run(w) == pytest.approx(0.25)


def test_optimizer_errors():
    c = tf.constant(1.0)
    opt = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError, match="No variables to optimize"):
        opt.minimize(c * 2.0)
    v = tf.Variable(1.0, name="v")
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        opt.minimize(c * 2.0, var_list=[v])
    with pytest.raises(ValueError):
        opt.apply_gradients([])


def test_global_step():
    gs = tf.train.get_or_create_global_step()
    assert gs.name == "global_step:0"
    assert gs.dtype == tf.int64
    assert gs.shape.as_list() == []
    assert not gs.trainable
    assert gs not in tf.trainable_variables()
    assert gs in tf.global_variables()
    assert tf.get_collection(tf.GraphKeys.GLOBAL_STEP) == [gs]
    assert tf.train.get_global_step() is gs
    assert tf.train.get_or_create_global_step() is gs
    with pytest.raises(ValueError):
        tf.train.create_global_step()
    w = tf.Variable(5.0)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.square(w), global_step=gs)
    assert train.name == "GradientDescent"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert tf.train.global_step(sess, gs) == 0
        for _ in range(3):
            sess.run(train)
        assert tf.train.global_step(sess, gs) == 3
        assert isinstance(tf.train.global_step(sess, gs), int)
        assert sess.run(w) == pytest.approx(5.0 * 0.8 ** 3)


def test_global_step_increments_after_the_updates():
    gs = tf.train.get_or_create_global_step()
    w = tf.Variable(1.0)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(w * 2.0, global_step=gs)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        assert sess.run(w) == pytest.approx(0.8)
        assert sess.run(gs) == 1


# -- losses -----------------------------------------------------------------------------------
def _mse_inputs():
    labels = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], np.float32)
    preds = np.array([[1.5, 2.0], [2.0, 5.0], [5.0, 3.0]], np.float32)
    return labels, preds, (preds - labels) ** 2


def test_mean_squared_error_default():
    labels, preds, sq = _mse_inputs()
    loss = tf.losses.mean_squared_error(labels=tf.constant(labels), predictions=tf.constant(preds))
    assert loss.dtype == tf.float32
    assert loss.shape.as_list() == []
    assert tf.get_collection(tf.GraphKeys.LOSSES) == [loss]
    with tf.Session() as sess:
        out = sess.run(loss)
    assert out == pytest.approx(sq.mean())


def test_mean_squared_error_with_placeholders_and_positional_args():
    labels, preds, sq = _mse_inputs()
    y = tf.placeholder(tf.float32, shape=(None, 2))
    p = tf.placeholder(tf.float32, shape=(None, 2))
    loss = tf.losses.mean_squared_error(y, p)
    with tf.Session() as sess:
        assert sess.run(loss, {y: labels, p: preds}) == pytest.approx(sq.mean())


def test_mean_squared_error_scalar_weight():
    labels, preds, sq = _mse_inputs()
    loss = tf.losses.mean_squared_error(labels, preds, weights=2.0)
    with tf.Session() as sess:
        assert sess.run(loss) == pytest.approx(2.0 * sq.mean())


def test_mean_squared_error_sum_by_nonzero_weights():
    labels, preds, sq = _mse_inputs()
    weights = np.array([[1.0], [0.0], [2.0]], np.float32)  # broadcast over the 2 columns
    loss = tf.losses.mean_squared_error(labels, preds, weights=weights)
    explicit = tf.losses.mean_squared_error(
        labels, preds, weights=weights, reduction=tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS)
    with tf.Session() as sess:
        out, out2 = sess.run([loss, explicit])
    num_nonzero = np.count_nonzero(np.broadcast_to(weights, sq.shape))
    assert num_nonzero == 4
    expected = (sq * weights).sum() / num_nonzero
    assert out == pytest.approx(expected)
    assert out2 == pytest.approx(expected)


def test_mean_squared_error_elementwise_weights_with_zeros():
    labels, preds, sq = _mse_inputs()
    weights = np.array([[0.0, 1.0], [3.0, 0.0], [0.5, 0.5]], np.float32)
    loss = tf.losses.mean_squared_error(labels, preds, weights=weights)
    with tf.Session() as sess:
        out = sess.run(loss)
    assert out == pytest.approx((sq * weights).sum() / 4)


def test_mean_squared_error_all_zero_weights_is_zero():
    labels, preds, _ = _mse_inputs()
    loss = tf.losses.mean_squared_error(labels, preds, weights=0.0)
    with tf.Session() as sess:
        assert sess.run(loss) == 0.0


@pytest.mark.parametrize("reduction, expected", [
    ("SUM", lambda sq, w: (sq * w).sum()),
    ("MEAN", lambda sq, w: (sq * w).sum() / np.broadcast_to(w, sq.shape).sum()),
    ("SUM_OVER_BATCH_SIZE", lambda sq, w: (sq * w).sum() / sq.size),
    ("NONE", lambda sq, w: sq * w),
])
def test_mean_squared_error_reductions(reduction, expected):
    labels, preds, sq = _mse_inputs()
    weights = np.array([[1.0], [0.0], [2.0]], np.float32)
    loss = tf.losses.mean_squared_error(labels, preds, weights=weights,
                                        reduction=getattr(tf.losses.Reduction, reduction))
    with tf.Session() as sess:
        out = sess.run(loss)
    np.testing.assert_allclose(out, expected(sq, weights), rtol=1e-6)


def test_mean_squared_error_gradient_respects_weights():
    labels, preds, sq = _mse_inputs()
    p = tf.Variable(preds)
    weights = np.array([[1.0], [0.0], [2.0]], np.float32)
    loss = tf.losses.mean_squared_error(labels, p, weights=weights)
    g, = tf.gradients(loss, p)
    with tf.Session() as sess:
        sess.run(p.initializer)
        out = sess.run(g)
    np.testing.assert_allclose(out, 2 * (preds - labels) * weights / 4, rtol=1e-6)


def test_mean_squared_error_shape_mismatch():
    with pytest.raises(ValueError):
        tf.losses.mean_squared_error(tf.zeros((3, 2)), tf.zeros((3, 4)))


def test_invalid_reduction():
    with pytest.raises(ValueError):
        tf.losses.mean_squared_error(tf.zeros((3,)), tf.zeros((3,)), reduction="bogus")


def test_get_total_loss():
    a = tf.losses.mean_squared_error([1.0, 2.0], [1.0, 4.0])
    b = tf.losses.mean_squared_error([0.0], [3.0])
    assert tf.losses.get_losses() == [a, b]
    total = tf.losses.get_total_loss()
    with tf.Session() as sess:
        assert sess.run(total) == pytest.approx(2.0 + 9.0)


# -- tf.layers.dense --------------------------------------------------------------------------
def test_dense_variable_names_and_shapes():
    x = tf.placeholder(tf.float32, shape=(None, 5))
    h = tf.layers.dense(x, 4, activation=tf.nn.relu)
    out = tf.layers.dense(h, 2)
    names = [v.name for v in tf.trainable_variables()]
    assert names == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]
    kernel, bias = tf.trainable_variables()[:2]
    assert kernel.shape.as_list() == [5, 4]
    assert bias.shape.as_list() == [4]
    assert h.shape.as_list() == [None, 4]
    assert out.shape.as_list() == [None, 2]
    assert h.name.startswith("dense/")
    assert out.name.startswith("dense_1/")
    assert h.op.type == "Relu"
    assert h.name == "dense/Relu:0"
    assert out.name == "dense_1/BiasAdd:0"


def test_dense_named_and_reused():
    x = tf.placeholder(tf.float32, shape=(None, 3))
    a = tf.layers.dense(x, 2, name="fc")
    b = tf.layers.dense(x, 2, name="fc", reuse=True)
    assert [v.name for v in tf.global_variables()] == ["fc/kernel:0", "fc/bias:0"]
    with pytest.raises(ValueError, match="Variable fc/kernel already exists, disallowed"):
        tf.layers.dense(x, 2, name="fc")
    xv = np.random.RandomState(0).randn(4, 3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        av, bv = sess.run([a, b], {x: xv})
    np.testing.assert_array_equal(av, bv)


def test_network_function_reused_in_a_variable_scope():
    def net(inputs):
        h = tf.layers.dense(inputs, 4, activation=tf.nn.relu)
        return tf.layers.dense(h, 1)
    a = tf.placeholder(tf.float32, shape=(None, 3))
    b = tf.placeholder(tf.float32, shape=(None, 3))
    with tf.variable_scope("net"):
        out_a = net(a)
    with tf.variable_scope("net", reuse=True):
        out_b = net(b)
    assert [v.name for v in tf.trainable_variables()] == [
        "net/dense/kernel:0", "net/dense/bias:0", "net/dense_1/kernel:0", "net/dense_1/bias:0"]
    assert out_a.name == "net/dense_1/BiasAdd:0"
    assert out_b.name == "net_1/dense_1/BiasAdd:0"
    xv = np.random.RandomState(0).randn(2, 3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        va, vb = sess.run([out_a, out_b], {a: xv, b: xv})
    np.testing.assert_array_equal(va, vb)


def test_dense_layer_object_builds_once():
    x = tf.placeholder(tf.float32, shape=(None, 3))
    layer = tf.layers.Dense(2, name="cls")
    a = layer(x)
    b = layer(x * 2.0)
    assert [v.name for v in layer.variables] == ["cls/kernel:0", "cls/bias:0"]
    assert len(tf.global_variables()) == 2
    assert a.name == "cls/BiasAdd:0"
    assert b.name.startswith("cls/")


def test_dense_on_rank_3_input_keeps_static_shape():
    x = tf.placeholder(tf.float32, shape=(None, 5, 4))
    y = tf.layers.dense(x, 2)
    assert y.shape.as_list() == [None, 5, 2]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(y, {x: np.ones((3, 5, 4))}).shape == (3, 5, 2)


def test_dense_computes_x_kernel_plus_bias():
    x = tf.placeholder(tf.float32, shape=(None, 3))
    y = tf.layers.dense(x, 2, activation=tf.nn.relu,
                        kernel_initializer=tf.constant_initializer([[1, -1], [2, 0], [0, 1]]),
                        bias_initializer=tf.constant_initializer(0.5))
    xv = np.array([[1.0, 1.0, 1.0], [0.0, 0.0, -3.0]], np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(y, {x: xv})
    kv = np.array([[1, -1], [2, 0], [0, 1]], np.float32)
    np.testing.assert_allclose(out, np.maximum(xv @ kv + 0.5, 0))


def test_dense_default_initializers():
    x = tf.placeholder(tf.float32, shape=(None, 300))
    tf.layers.dense(x, 200)
    kernel, bias = tf.trainable_variables()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        k, b = sess.run([kernel, bias])
    limit = math.sqrt(6.0 / (300 + 200))  # glorot uniform
    assert np.abs(k).max() <= limit
    assert np.abs(k).max() > 0.95 * limit
    np.testing.assert_array_equal(b, np.zeros(200))


def test_dense_needs_a_known_last_dimension():
    x = tf.placeholder(tf.float32, shape=(None, None))
    with pytest.raises(ValueError, match="last dimension"):
        tf.layers.dense(x, 3)


def test_dense_trains_with_the_optimizer():
    rng = np.random.RandomState(0)
    xv = rng.randn(32, 4).astype(np.float32)
    yv = (xv @ rng.randn(4, 1)).astype(np.float32)
    x = tf.placeholder(tf.float32, shape=(None, 4))
    y = tf.placeholder(tf.float32, shape=(None, 1))
    pred = tf.layers.dense(x, 1)
    loss = tf.losses.mean_squared_error(y, pred)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, {x: xv, y: yv})
        for _ in range(100):
            sess.run(train, {x: xv, y: yv})
        last = sess.run(loss, {x: xv, y: yv})
    assert last < first * 1e-3


# -- initializers -----------------------------------------------------------------------------
def _draw(init, shape, dtype=tf.float32):
    t = init(shape, dtype=dtype)
    with tf.Session() as sess:
        return sess.run(t)


@pytest.mark.parametrize("make", [
    lambda: tf.contrib.layers.xavier_initializer(),
    lambda: tf.glorot_uniform_initializer(),
    lambda: tf.initializers.GlorotUniform(),
], ids=["xavier", "glorot_uniform_initializer", "GlorotUniform"])
def test_glorot_uniform_limits(make):
    fan_in, fan_out = 1000, 100
    v = _draw(make(), (fan_in, fan_out))
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    assert v.shape == (fan_in, fan_out)
    assert v.dtype == np.float32
    assert np.abs(v).max() <= limit
    assert np.abs(v).max() > 0.99 * limit
    assert abs(v.mean()) < 0.01 * limit * 10
    assert v.std() == pytest.approx(limit / math.sqrt(3), rel=0.03)


@pytest.mark.parametrize("make", [
    lambda: tf.contrib.layers.xavier_initializer(uniform=False),
    lambda: tf.glorot_normal_initializer(),
], ids=["xavier_normal", "glorot_normal"])
def test_glorot_normal_scale(make):
    fan_in, fan_out = 400, 600
    v = _draw(make(), (fan_in, fan_out))
    # both are truncated normals whose resulting stddev is about sqrt(2 / (fan_in + fan_out))
    assert v.std() == pytest.approx(math.sqrt(2.0 / (fan_in + fan_out)), rel=0.05)


def test_conv_kernel_fans():
    # receptive field 3x3: fan_in = 3*3*16, fan_out = 3*3*32
    v = _draw(tf.glorot_uniform_initializer(), (3, 3, 16, 32))
    limit = math.sqrt(6.0 / (9 * 16 + 9 * 32))
    assert np.abs(v).max() <= limit
    assert np.abs(v).max() > 0.95 * limit


def test_simple_initializers():
    np.testing.assert_array_equal(_draw(tf.zeros_initializer(), (2, 3)), np.zeros((2, 3)))
    np.testing.assert_array_equal(_draw(tf.ones_initializer(), (2,)), np.ones(2))
    np.testing.assert_array_equal(_draw(tf.constant_initializer(7.0), (3,)), [7.0, 7.0, 7.0])
    v = _draw(tf.random_normal_initializer(mean=1.0, stddev=0.1), (20000,))
    assert v.mean() == pytest.approx(1.0, abs=0.01)
    assert v.std() == pytest.approx(0.1, rel=0.05)
    u = _draw(tf.random_uniform_initializer(-2.0, 3.0), (20000,))
    assert u.min() >= -2.0 and u.max() < 3.0
    t = _draw(tf.truncated_normal_initializer(stddev=0.5), (20000,))
    assert np.abs(t).max() <= 1.0


def test_initializers_are_deterministic_with_set_random_seed():
    def build():
        with tf.Graph().as_default():
            tf.set_random_seed(0)
            x = tf.placeholder(tf.float32, shape=(None, 10))
            h = tf.layers.dense(x, 8, kernel_initializer=tf.contrib.layers.xavier_initializer())
            tf.layers.dense(h, 3)
            w = tf.get_variable("w", [4, 4])
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                return sess.run(tf.global_variables())
    first, second = build(), build()
    assert len(first) == 5
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0][:3, :3], first[2][:3, :3])  # layers differ


def test_initializers_differ_without_a_seed():
    def build():
        with tf.Graph().as_default():
            v = tf.get_variable("w", [10, 10])
            with tf.Session() as sess:
                sess.run(v.initializer)
                return sess.run(v)
    assert not np.array_equal(build(), build())


# -- variable_scope and get_variable ----------------------------------------------------------
def test_get_variable_names_and_defaults():
    with tf.variable_scope("layer1"):
        w = tf.get_variable("w", [784, 100])
        b = tf.get_variable("b", [100], initializer=tf.zeros_initializer())
        with tf.variable_scope("inner"):
            c = tf.get_variable("c", [2], dtype=tf.float64)
    assert w.name == "layer1/w:0"
    assert b.name == "layer1/b:0"
    assert c.name == "layer1/inner/c:0"
    assert w.dtype == tf.float32 and c.dtype == tf.float64
    assert w.shape.as_list() == [784, 100]
    assert tf.trainable_variables() == [w, b, c]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        wv, bv = sess.run([w, b])
    limit = math.sqrt(6.0 / 884)  # the default initializer is glorot uniform
    assert np.abs(wv).max() <= limit
    np.testing.assert_array_equal(bv, np.zeros(100))


def test_get_variable_twice_without_reuse_fails():
    with tf.variable_scope("s"):
        tf.get_variable("v", [1])
    with pytest.raises(ValueError, match=r"Variable s/v already exists, disallowed\. Did you "
                                         r"mean to set reuse=True or reuse=tf.AUTO_REUSE"):
        with tf.variable_scope("s"):
            tf.get_variable("v", [1])


def test_reuse_true_shares_and_requires_existing():
    with tf.variable_scope("s"):
        v = tf.get_variable("v", [2])
    with tf.variable_scope("s", reuse=True):
        assert tf.get_variable("v", [2]) is v
        assert tf.get_variable("v") is v
        with pytest.raises(ValueError, match=r"Variable s/missing does not exist, or was not "
                                             r"created with tf.get_variable\(\)"):
            tf.get_variable("missing", [2])
        with tf.variable_scope("nested"):  # reuse is inherited
            assert tf.get_variable_scope().reuse
    assert len(tf.global_variables()) == 1


def test_reuse_variables_method():
    with tf.variable_scope("s") as scope:
        v = tf.get_variable("v", [2])
        scope.reuse_variables()
        assert tf.get_variable("v", [2]) is v


def test_reentering_a_scope_object():
    with tf.variable_scope("model") as scope:
        v = tf.get_variable("v", [1])
    with tf.variable_scope(scope, reuse=True):
        assert tf.get_variable("v", [1]) is v


def test_auto_reuse():
    def layer():
        with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
            return tf.get_variable("w", [3], initializer=tf.ones_initializer())
    a = layer()
    b = layer()
    assert a is b
    assert [v.name for v in tf.global_variables()] == ["shared/w:0"]
    with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
        with pytest.raises(ValueError, match="Trying to share variable shared/w"):
            tf.get_variable("w", [4])
        with tf.variable_scope("inner"):  # AUTO_REUSE is inherited and creates new ones
            c = tf.get_variable("c", [1])
            assert tf.get_variable("c", [1]) is c
    assert c.name == "shared/inner/c:0"


def test_reuse_with_different_shape_or_dtype_fails():
    with tf.variable_scope("s"):
        tf.get_variable("v", [2, 3])
    with tf.variable_scope("s", reuse=True):
        with pytest.raises(ValueError, match="shape"):
            tf.get_variable("v", [3, 2])
        with pytest.raises(ValueError, match="dtype"):
            tf.get_variable("v", [2, 3], dtype=tf.float64)


def test_get_variable_ignores_name_scope():
    with tf.name_scope("ns"):
        v = tf.get_variable("v", [1])
        w = tf.Variable(1.0, name="w")
    assert v.name == "v:0"
    assert w.name == "ns/w:0"


def test_get_variable_needs_a_shape():
    with pytest.raises(ValueError, match="fully defined"):
        tf.get_variable("noshape")


def test_get_variable_with_constant_initial_value():
    v = tf.get_variable("v", initializer=tf.constant([1.0, 2.0]))
    assert v.shape.as_list() == [2]
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])


def test_get_variable_takes_dtype_from_a_tensor_initializer():
    v = tf.get_variable("ints", initializer=tf.constant([1, 2]))
    assert v.dtype == tf.int32
    d = tf.get_variable("doubles", initializer=tf.constant([1.5], tf.float64))
    assert d.dtype == tf.float64
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(v), [1, 2])


def test_get_variable_initializer_class_and_name():
    a = tf.get_variable("a", [3], initializer=tf.zeros_initializer)  # the class, as TF1 allows
    b = tf.get_variable("b", [2], initializer="ones")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(a), [0.0, 0.0, 0.0])
        np.testing.assert_array_equal(sess.run(b), [1.0, 1.0])


def test_get_variable_integer_defaults_to_zeros():
    v = tf.get_variable("count", [3], dtype=tf.int32)
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(v), [0, 0, 0])


def test_variable_scope_initializer_default():
    with tf.variable_scope("s", initializer=tf.constant_initializer(0.5)):
        v = tf.get_variable("v", [2])
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(v), [0.5, 0.5])


def test_variable_scope_names_ops_and_reentry():
    with tf.variable_scope("block"):
        v = tf.get_variable("v", [1])
        y = v + 1.0
    with tf.variable_scope("block", reuse=True):
        v2 = tf.get_variable("v", [1])
        z = v2 * 2.0
    assert v2 is v
    assert y.name == "block/add:0"
    assert z.name == "block_1/mul:0"  # ops get a fresh name scope, variables are shared
    assert tf.get_variable_scope().name == ""


def test_variable_scope_default_name_is_made_unique():
    with tf.variable_scope(None, default_name="layer") as s1:
        a = tf.get_variable("w", [1])
    with tf.variable_scope(None, default_name="layer") as s2:
        b = tf.get_variable("w", [1])
    assert (s1.name, s2.name) == ("layer", "layer_1")
    assert (a.name, b.name) == ("layer/w:0", "layer_1/w:0")


def test_get_variable_regularizer_adds_loss():
    with tf.variable_scope("reg"):
        v = tf.get_variable("w", initializer=tf.constant([1.0, -2.0]),
                            regularizer=lambda w: tf.reduce_sum(tf.square(w)))
    losses = tf.losses.get_regularization_losses()
    assert len(losses) == 1
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(losses[0]) == 5.0
        assert sess.run(tf.losses.get_regularization_loss()) == 5.0
