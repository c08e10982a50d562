"""tf.nn beyond the op table: TensorFlow 1.15's semantics of dropout, moments, the batch
normalizations, top_k/in_top_k, embedding_lookup and the activations (values, names, errors,
seeding). Gradients of every op are checked numerically in tests/ops."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf


pytestmark = pytest.mark.usefixtures("fresh_graph")


def run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


# -- dropout -------------------------------------------------------------------------------------
def test_dropout_scales_kept_units_by_one_over_keep_prob():
    y = run(tf.nn.dropout(tf.ones([20000]), keep_prob=0.8, seed=1))
    kept = y != 0
    np.testing.assert_allclose(y[kept], 1.25, rtol=1e-6)  # 1 / keep_prob
    assert kept.mean() == pytest.approx(0.8, abs=0.015)
    assert y.mean() == pytest.approx(1.0, abs=0.02)  # the expected sum is unchanged


def test_dropout_rate_is_one_minus_keep_prob():
    a = run(tf.nn.dropout(tf.ones([100]), keep_prob=0.75, seed=4))
    tf.reset_default_graph()
    b = run(tf.nn.dropout(tf.ones([100]), rate=0.25, seed=4))
    np.testing.assert_array_equal(a, b)


def test_dropout_argument_errors():
    x = tf.ones([3])
    with pytest.raises(ValueError, match="Cannot specify both 'keep_prob' and 'rate'"):
        tf.nn.dropout(x, keep_prob=0.5, rate=0.5)
    with pytest.raises(ValueError, match="You must provide a rate to dropout"):
        tf.nn.dropout(x)
    with pytest.raises(ValueError, match=r"range \[0, 1\), got 1"):
        tf.nn.dropout(x, keep_prob=0.0)
    with pytest.raises(ValueError, match="range"):
        tf.nn.dropout(x, rate=-0.1)
    with pytest.raises(ValueError, match="floating point tensor"):
        tf.nn.dropout(tf.ones([3], tf.int32), 0.5)
    with pytest.raises(ValueError, match="keep_prob must be a floating point number"):
        tf.nn.dropout(x, keep_prob="half")


def test_dropout_keep_prob_one_is_the_input_itself():
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.nn.dropout(x, keep_prob=1.0) is x
    assert tf.nn.dropout(x, rate=0.0) is x


def test_dropout_keep_prob_placeholder():
    keep = tf.placeholder(tf.float32, [])
    x = tf.ones([1000, 4])
    y = tf.nn.dropout(x, keep)
    assert y.shape.as_list() == [1000, 4]
    with tf.Session() as sess:
        train = sess.run(y, {keep: 0.5})
        evaluation = sess.run(y, {keep: 1.0})
    assert set(np.unique(train)) == {0.0, 2.0}
    np.testing.assert_array_equal(evaluation, np.ones((1000, 4)))


def test_dropout_noise_shape_drops_whole_columns():
    y = run(tf.nn.dropout(tf.ones([50, 6]), keep_prob=0.5, noise_shape=[1, 6], seed=2))
    for col in y.T:
        assert len(set(col)) == 1  # each column kept (2.0) or dropped (0.0) as a whole
    y = run(tf.nn.dropout(tf.ones([5, 60]), 0.5, noise_shape=[None, 1], seed=2))
    assert all(len(set(row)) == 1 for row in y)


def test_dropout_is_reproducible_with_set_random_seed():
    def masks():
        with tf.Graph().as_default():
            tf.set_random_seed(1234)
            y = tf.nn.dropout(tf.ones([40]), 0.5)
            with tf.Session() as sess:
                first, second = sess.run(y), sess.run(y)
            with tf.Session() as sess:
                again = sess.run(y)
        return first, second, again
    a, b = masks(), masks()
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], a[1])  # a new mask on each run
    np.testing.assert_array_equal(a[0], a[2])  # a new session repeats the sequence


def test_dropout_gradient_is_the_mask_times_scale():
    x = tf.placeholder(tf.float32, [200])
    y = tf.nn.dropout(x, rate=0.3, seed=5)
    g = tf.gradients(tf.reduce_sum(y), x)[0]
    with tf.Session() as sess:
        yv, gv = sess.run([y, g], {x: np.ones(200)})
    np.testing.assert_allclose(gv, yv, rtol=1e-6)  # x = 1: output and gradient agree


# -- moments and batch normalization ------------------------------------------------------------------
def test_moments_are_mean_and_biased_variance():
    xv = np.random.RandomState(0).randn(4, 3, 5)
    mean, var = tf.nn.moments(tf.constant(xv), axes=[0, 2])
    m2, v2 = tf.nn.moments(tf.constant(xv), axes=[1], keep_dims=True)
    got = run([mean, var, m2, v2])
    np.testing.assert_allclose(got[0], xv.mean(axis=(0, 2)))
    np.testing.assert_allclose(got[1], xv.var(axis=(0, 2)))
    assert got[2].shape == (4, 1, 5)
    np.testing.assert_allclose(got[3], xv.var(axis=1, keepdims=True))
    assert mean.op.name == "moments/Squeeze"


def test_moments_of_float16_are_computed_in_float32():
    mean, var = tf.nn.moments(tf.constant([1000.0, 1001.0, 1002.0], tf.float16), [0])
    assert mean.dtype == tf.float16 and var.dtype == tf.float16
    got = run([mean, var])
    assert float(got[0]) == 1001.0 and float(got[1]) == pytest.approx(2 / 3, rel=1e-3)


def test_variance_gradient_matches_the_analytic_one():
    xv = np.random.RandomState(1).randn(6)
    x = tf.constant(xv)
    _, var = tf.nn.moments(x, [0])
    g = run(tf.gradients(var, x)[0])
    np.testing.assert_allclose(g, 2 * (xv - xv.mean()) / 6)


def test_batch_normalization_formula():
    rng = np.random.RandomState(2)
    xv, mv, vv, ov, sv = rng.randn(5, 3), rng.randn(3), rng.rand(3) + 0.5, rng.randn(3), \
        rng.randn(3)
    y = tf.nn.batch_normalization(xv, mv, vv, ov, sv, variance_epsilon=0.01)
    np.testing.assert_allclose(run(y), (xv - mv) / np.sqrt(vv + 0.01) * sv + ov)
    plain = tf.nn.batch_normalization(xv, mv, vv, None, None, 0.01)
    np.testing.assert_allclose(run(plain), (xv - mv) / np.sqrt(vv + 0.01))


def test_fused_batch_norm_training_returns_the_unbiased_variance():
    xv = np.random.RandomState(3).randn(2, 3, 3, 4).astype(np.float32)
    y, mean, var = tf.nn.fused_batch_norm(xv, tf.ones([4]), tf.zeros([4]))
    yv, mv, vv = run([y, mean, var])
    n = 2 * 3 * 3
    np.testing.assert_allclose(mv, xv.mean(axis=(0, 1, 2)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(vv, xv.var(axis=(0, 1, 2)) * n / (n - 1), rtol=1e-5)
    # ... but normalizes with the biased one
    want = (xv - xv.mean(axis=(0, 1, 2))) / np.sqrt(xv.var(axis=(0, 1, 2)) + 0.001)
    np.testing.assert_allclose(yv, want, rtol=1e-4, atol=1e-5)
    assert y.op.type == "FusedBatchNormV3" and y.name == "FusedBatchNormV3:0"


def test_fused_batch_norm_inference_and_nchw():
    rng = np.random.RandomState(4)
    xv = rng.randn(2, 3, 2, 2).astype(np.float32)
    m, v = rng.randn(3).astype(np.float32), rng.rand(3).astype(np.float32) + 0.5
    s, o = rng.randn(3).astype(np.float32), rng.randn(3).astype(np.float32)
    y, bm, bv = tf.nn.fused_batch_norm(xv, s, o, mean=m, variance=v, is_training=False,
                                       data_format="NCHW")
    yv, bmv, bvv = run([y, bm, bv])
    r = (-1, 1, 1)
    np.testing.assert_allclose(yv, (xv - m.reshape(r)) / np.sqrt(v.reshape(r) + 0.001)
                               * s.reshape(r) + o.reshape(r), rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(bmv, m)
    np.testing.assert_array_equal(bvv, v)


def test_fused_batch_norm_argument_errors():
    x = tf.zeros([2, 2, 2, 3])
    with pytest.raises(ValueError, match="must be None if is_training is True"):
        tf.nn.fused_batch_norm(x, tf.ones([3]), tf.zeros([3]), mean=tf.zeros([3]))
    with pytest.raises(ValueError, match="must be a 1-D tensor when is_training is False"):
        tf.nn.fused_batch_norm(x, tf.ones([3]), tf.zeros([3]), is_training=False)
    with pytest.raises(ValueError, match="4-dimensional"):
        tf.nn.fused_batch_norm(tf.zeros([2, 3]), tf.ones([3]), tf.zeros([3]))
    with pytest.raises(ValueError, match="channel dimension"):
        tf.nn.fused_batch_norm(x, tf.ones([4]), tf.zeros([4]))


def test_fused_batch_norm_epsilon_is_used_as_given():
    # TF 2 (run as tf.compat.v1, 2026-12-05) no longer raises epsilon to TF 1.15's 1.001e-5
    xv = np.array([[[[0.0]]], [[[2.0]]]], np.float32)  # mean 1, biased variance 1
    y, _, _ = tf.nn.fused_batch_norm(xv, [1.0], [0.0], epsilon=0.0)
    np.testing.assert_array_equal(run(y).ravel(), [-1.0, 1.0])
    y, _, _ = tf.nn.fused_batch_norm(xv, [1.0], [0.0], epsilon=1e-3)
    np.testing.assert_allclose(run(y).ravel(), [-0.9995003938674927, 0.9995003938674927],
                               rtol=1e-6)


def test_l2_normalize():
    xv = np.array([[3.0, 4.0], [0.0, 0.0]])
    y = tf.nn.l2_normalize(xv, axis=1)
    np.testing.assert_allclose(run(y), [[0.6, 0.8], [0.0, 0.0]])
    assert y.op.name == "l2_normalize"
    tiny = run(tf.nn.l2_normalize([1e-4, 0.0], 0, epsilon=1e-6))
    np.testing.assert_allclose(tiny, [1e-4 / 1e-3, 0.0])  # sqrt(max(1e-8, eps))


# -- top_k, in_top_k ------------------------------------------------------------------------------
def test_top_k_ties_go_to_the_lower_index():
    values, indices = tf.nn.top_k([[1.0, 3.0, 2.0, 3.0], [5.0, 5.0, 5.0, 1.0]], k=3)
    v, i = run([values, indices])
    np.testing.assert_array_equal(v, [[3, 3, 2], [5, 5, 5]])
    np.testing.assert_array_equal(i, [[1, 3, 2], [0, 1, 2]])
    assert indices.dtype == tf.int32
    result = tf.nn.top_k(tf.constant([1.0, 2.0]))
    assert result.values.shape.as_list() == [1] and result.indices.name == "TopKV2_1:1"


def test_top_k_needs_k_columns():
    with pytest.raises(ValueError, match="at least k columns. Had 3, needed 5"):
        tf.nn.top_k(tf.zeros([2, 3]), 5)


def test_top_k_gradient_flows_to_the_selected_values():
    x = tf.constant([[0.5, 2.0, -1.0, 3.0], [1.0, 0.0, 4.0, 2.0]])
    values, _ = tf.nn.top_k(x, 2)
    g = run(tf.gradients(values * tf.constant([[10.0, 1.0], [10.0, 1.0]]), x)[0])
    np.testing.assert_array_equal(g, [[0, 1, 0, 10], [0, 0, 10, 1]])


def test_in_top_k_counts_ties_as_in():
    predictions = [[0.1, 0.3, 0.3, 0.2],    # target 2 ties with class 1 at the top
                   [0.4, 0.3, 0.3, 0.0],    # target 2 ties at 2nd place
                   [0.1, np.nan, 0.5, 0.2],  # a NaN anywhere in the row: False
                   [0.1, 0.2, 0.3, 0.4]]     # target out of range: False
    targets = [2, 2, 2, 7]
    k1 = run(tf.nn.in_top_k(predictions, targets, 1))
    k2 = run(tf.nn.in_top_k(predictions, targets, 2))
    np.testing.assert_array_equal(k1, [True, False, False, False])
    np.testing.assert_array_equal(k2, [True, True, False, False])
    assert tf.nn.in_top_k(predictions, targets, 1).name == "in_top_k_2/InTopKV2:0"


def test_in_top_k_as_accuracy():
    logits = tf.placeholder(tf.float32, [None, 3])
    labels = tf.placeholder(tf.int64, [None])
    acc = tf.reduce_mean(tf.cast(tf.nn.in_top_k(logits, labels, 1), tf.float32))
    got = run(acc, {logits: [[0, 1, 0], [1, 0, 0], [0, 0, 1]], labels: [1, 2, 2]})
    assert got == pytest.approx(2 / 3)


# -- embedding_lookup --------------------------------------------------------------------------------
def test_embedding_lookup_gradient_accumulates_repeated_ids():
    params = tf.Variable(np.arange(12.0).reshape(4, 3))
    ids = tf.constant([[0, 3], [3, 3]])
    rows = tf.nn.embedding_lookup(params, ids)
    assert rows.shape.as_list() == [2, 2, 3]
    grad = tf.gradients(tf.reduce_sum(rows), params)[0]
    rv, gv = run([rows, tf.convert_to_tensor(grad)])
    np.testing.assert_array_equal(rv, np.arange(12.0).reshape(4, 3)[[[0, 3], [3, 3]]])
    np.testing.assert_array_equal(gv, [[1, 1, 1], [0, 0, 0], [0, 0, 0], [3, 3, 3]])


def test_embedding_lookup_sharded_params():
    a, b, c = np.arange(6.0).reshape(3, 2), -np.arange(6.0).reshape(3, 2), np.ones((2, 2))
    ids = [0, 1, 2, 3, 4, 7]
    mod = run(tf.nn.embedding_lookup([a, b, c], ids))
    full = np.empty((8, 2))  # "mod": id i is row i // 3 of shard i % 3
    for i in range(8):
        full[i] = [a, b, c][i % 3][i // 3]
    np.testing.assert_array_equal(mod, full[ids])
    div = run(tf.nn.embedding_lookup([a, b, c], ids, partition_strategy="div"))
    np.testing.assert_array_equal(div, np.concatenate([a, b, c])[ids])


def test_embedding_lookup_max_norm():
    params = np.array([[3.0, 4.0], [0.3, 0.4]])
    got = run(tf.nn.embedding_lookup(params, [0, 1], max_norm=1.0))
    np.testing.assert_allclose(got, [[0.6, 0.8], [0.3, 0.4]])


# -- activations ------------------------------------------------------------------------------------
def test_activation_values_and_names():
    xv = np.array([-3.0, -0.5, 0.0, 0.5, 7.0], np.float32)
    x = tf.constant(xv)
    outs = {"Elu": tf.nn.elu(x), "Selu": tf.nn.selu(x), "Relu6": tf.nn.relu6(x),
            "LeakyRelu": tf.nn.leaky_relu(x), "Softsign": tf.nn.softsign(x)}
    for name, t in outs.items():
        assert t.name == f"{name}:0"
    got = run(outs)
    alpha, scale = 1.6732632423543772, 1.0507009873554805
    np.testing.assert_allclose(got["Elu"], np.where(xv > 0, xv, np.expm1(xv)), rtol=1e-6)
    np.testing.assert_allclose(got["Selu"], scale * np.where(xv > 0, xv, alpha * np.expm1(xv)),
                               rtol=1e-6)
    np.testing.assert_array_equal(got["Relu6"], [0, 0, 0, 0.5, 6])
    np.testing.assert_allclose(got["LeakyRelu"], np.where(xv > 0, xv, 0.2 * xv))
    np.testing.assert_allclose(got["Softsign"], xv / (1 + np.abs(xv)))
    np.testing.assert_array_equal(run(tf.nn.crelu([[1.0, -2.0]])), [[1, 0, 0, 2]])


def test_relu6_gradient_is_zero_at_both_kinks():
    x = tf.constant([0.0, 3.0, 6.0, 7.0])
    np.testing.assert_array_equal(run(tf.gradients(tf.nn.relu6(x), x)[0]), [0, 1, 0, 0])


def test_elu_gradient_is_finite_for_large_inputs():
    x = tf.constant([100.0, -100.0, 0.5])
    np.testing.assert_allclose(run(tf.gradients(tf.nn.elu(x), x)[0]), [1, 0, 1], atol=1e-30)


def test_leaky_relu_casts_integers():
    y = tf.nn.leaky_relu(tf.constant([-5, 5]), alpha=0.1)
    assert y.dtype == tf.float32
    np.testing.assert_allclose(run(y), [-0.5, 5.0])


def test_log_poisson_loss():
    t, x = np.array([0.0, 0.5, 2.0, 5.0]), np.array([0.1, -0.3, 0.7, 1.5])
    base = run(tf.nn.log_poisson_loss(t, x))
    full = run(tf.nn.log_poisson_loss(t, x, compute_full_loss=True))
    np.testing.assert_allclose(base, np.exp(x) - x * t)
    stirling = t * np.log(np.where(t > 0, t, 1)) - t + 0.5 * np.log(2 * np.pi * np.where(
        t > 0, t, 1))
    np.testing.assert_allclose(full, np.exp(x) - x * t + np.where(t > 1, stirling, 0))
    with pytest.raises(ValueError, match="same shape"):
        tf.nn.log_poisson_loss(tf.zeros([3]), tf.zeros([4]))


# -- sparse softmax cross-entropy ----------------------------------------------------------------
def test_sparse_softmax_xent_is_tf_fused_op_with_backprop_output():
    """As TF: one op with outputs (loss, backprop = softmax - one_hot); the gradient for the
    logits is the incoming gradient times backprop, no softmax of its own."""
    logits = tf.placeholder(tf.float32, [None, 4])
    labels = tf.placeholder(tf.int64, [None])
    cost = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    op = cost.op
    assert op.type == "SparseSoftmaxCrossEntropyWithLogits" and len(op.outputs) == 2
    assert op.outputs[1].shape.as_list() == [None, 4]
    grad, = tf.gradients(tf.reduce_sum(cost * 2.0), [logits])
    types = {o.type for o in tf.get_default_graph().get_operations()
             if o.name.startswith("gradients/")}
    assert "Softmax" not in types and "OneHot" not in types
    x = np.array([[1.0, 2.0, 3.0, 4.0], [300.0, 0.0, -300.0, 1.0]], np.float32)
    t = np.array([3, 2])
    c, b, gr = run([cost, op.outputs[1], grad], {logits: x, labels: t})
    sm = np.exp(x - x.max(1, keepdims=True))
    sm /= sm.sum(1, keepdims=True)
    lse = np.log(np.exp(x - x.max(1, keepdims=True)).sum(1)) + x.max(1)
    np.testing.assert_allclose(c, lse - x[[0, 1], t], rtol=1e-6)
    np.testing.assert_allclose(b, sm - np.eye(4)[t], rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(gr, 2 * b, rtol=1e-6)


def test_sparse_softmax_xent_rows_must_match_labels():
    logits = tf.placeholder(tf.float32, [None, 4])
    labels = tf.placeholder(tf.int32, [None])
    cost = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"same first dimension, got logits shape \[3, 4\] and labels "
                             r"shape \[2\]"):
        run(cost, {logits: np.zeros((3, 4)), labels: [1, 2]})
    with pytest.raises(tf.errors.InvalidArgumentError, match="label value of 4"):
        run(cost, {logits: np.zeros((2, 4)), labels: [1, 4]})


# -- names and select semantics recorded from TensorFlow 2.21 (tf.compat.v1 graphs) ---------------
def test_cross_entropy_embedding_and_dropout_tensor_names_are_tfs():
    import tensorweave.compat.v1 as tf1
    with tf1.Graph().as_default():
        lab, x = tf1.constant([[0., 1.], [1., 0.]]), tf1.constant([[1., 2.], [3., 4.]])
        names = [
            tf1.nn.softmax_cross_entropy_with_logits_v2(labels=lab, logits=x, name="xent"),
            tf1.nn.softmax_cross_entropy_with_logits(labels=lab, logits=x, name="xent1"),
            tf1.nn.softmax_cross_entropy_with_logits(labels=lab, logits=x),
            tf1.nn.softmax_cross_entropy_with_logits_v2(labels=tf1.reshape(lab, [1, 2, 2]),
                                                        logits=tf1.reshape(x, [1, 2, 2])),
            tf1.nn.softmax_cross_entropy_with_logits_v2(labels=lab, logits=x, axis=0),
            tf1.nn.softmax_cross_entropy_with_logits_v2(labels=lab,
                                                        logits=tf1.cast(x, tf1.float16)),
            tf1.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 1], logits=x, name="sp"),
            tf1.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 1], logits=x),
            tf1.nn.sparse_softmax_cross_entropy_with_logits(labels=[[0, 1]],
                                                            logits=tf1.reshape(x, [1, 2, 2])),
            tf1.nn.embedding_lookup(x, [0], name="emb"),
            tf1.nn.embedding_lookup(x, [0], max_norm=1.0),
            tf1.nn.dropout(x, rate=0.5, name="dr"),
        ]
        assert [t.name for t in names] == [
            "xent/Reshape_2:0", "xent1/Reshape_2:0",
            "softmax_cross_entropy_with_logits_sg/Reshape_2:0",
            "softmax_cross_entropy_with_logits/Reshape_2:0",
            "softmax_cross_entropy_with_logits_1/Reshape_2:0",
            "softmax_cross_entropy_with_logits_2/Cast_1:0", "sp/sp:0",
            "SparseSoftmaxCrossEntropyWithLogits/SparseSoftmaxCrossEntropyWithLogits:0",
            "SparseSoftmaxCrossEntropyWithLogits_1/Reshape_2:0", "emb/Identity:0",
            "embedding_lookup/Identity:0", "dr/SelectV2:0"]


def test_dropout_selects_so_a_dropped_inf_is_zero():
    import tensorweave.compat.v1 as tf1
    with tf1.Graph().as_default():
        tf1.set_random_seed(1)
        x = tf1.constant([np.inf] * 100 + [np.nan] * 100, tf1.float32)
        with tf1.Session() as sess:
            v = sess.run(tf1.nn.dropout(x, rate=0.5))
    assert set(np.unique(v[:100]).tolist()) == {0.0, np.inf}   # TF: never nan
    assert (v[100:] == 0).any() and np.isnan(v[100:]).any()


def test_the_short_last_axis_maximum_is_numpys():
    from tensorweave.ops.nn import _last_axis_max
    rng = np.random.default_rng(0)
    for shape in [(128, 10), (3, 128, 10), (300, 63), (64, 1), (256, 2), (4, 3), (2, 100)]:
        x = rng.standard_normal(shape).astype(np.float32)
        x.flat[::7] = np.nan if shape == (300, 63) else x.flat[::7]
        got = _last_axis_max(np, x)
        want = x.max(axis=-1, keepdims=True)
        assert got.shape == want.shape and np.array_equal(got, want, equal_nan=True)
