"""TensorFlow 1.15 semantics of ``tf.losses``, the ``tf.nn`` cross-entropies and the clipping
ops, against NumPy evaluations of TF's documented formulas on small fixed inputs.

Complements tests/test_tf_losses.py (values of every loss x weights x reduction),
tests/test_nn.py and tests/train/test_clip.py: this file covers the default reduction,
degenerate and run-time weights, gradients (analytic and by central differences), label
handling, numerical range, dtypes, error types and the loss collections. Known deviations
from TensorFlow are kept as strict xfails whose reason starts with ``BUG:``.
"""

import inspect

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

R = tf.losses.Reduction


pytestmark = pytest.mark.usefixtures("fresh_graph")


def run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def numeric_gradient(build, x0, eps=1e-6):
    """(tf.gradients, central differences) of ``sum(build(x))`` at ``x0`` (float64)."""
    x = tf.placeholder(tf.float64, x0.shape)
    y = tf.reduce_sum(build(x))
    g, = tf.gradients(y, [x])
    with tf.Session() as sess:
        analytic = sess.run(g, {x: x0})
        numeric = np.zeros_like(x0)
        for i in np.ndindex(*x0.shape):
            xp, xm = x0.copy(), x0.copy()
            xp[i] += eps
            xm[i] -= eps
            numeric[i] = (sess.run(y, {x: xp}) - sess.run(y, {x: xm})) / (2 * eps)
    return analytic, numeric


def np_log_softmax(z, axis=-1):
    z = z - z.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


def np_softmax(z, axis=-1):
    return np.exp(np_log_softmax(z, axis))


def np_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def np_sigmoid_xent(z, x):
    return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))


rng = np.random.RandomState(42)
B, D = 4, 3
LABELS = rng.randn(B, D)
PRED = rng.randn(B, D)
PROBS = rng.uniform(0.05, 0.95, (B, D))
BINARY = (rng.rand(B, D) > 0.5).astype(np.float64)
ONEHOT = np.eye(D)[[1, 0, 2, 2]]
SPARSE = np.array([1, 0, 2, 2])
ROW_W = np.array([[2.0], [0.0], [1.0], [0.5]])  # per-example, with a zero
FULL_W = np.array([[1.0, 0.0, 2.0], [0.0, 0.0, 0.0], [3.0, 1.0, 0.0], [0.5, 0.5, 0.5]])


# -- Reduction and the default ------------------------------------------------------------------
def test_reduction_keys_match_tensorflow():
    assert (R.NONE, R.SUM, R.MEAN, R.SUM_OVER_BATCH_SIZE, R.SUM_BY_NONZERO_WEIGHTS) == (
        "none", "weighted_sum", "weighted_mean", "weighted_sum_over_batch_size",
        "weighted_sum_by_nonzero_weights")
    assert R.SUM_OVER_NONZERO_WEIGHTS == R.SUM_BY_NONZERO_WEIGHTS
    assert R.all() == (R.NONE, R.SUM, R.MEAN, R.SUM_OVER_BATCH_SIZE,
                       R.SUM_OVER_NONZERO_WEIGHTS, R.SUM_BY_NONZERO_WEIGHTS)
    for key in R.all():
        R.validate(key)
    with pytest.raises(ValueError):
        R.validate("sum")


# name: (fn, call(weights) without a reduction, elementwise reference, per-row losses?)
DEFAULT_CASES = {
    "compute_weighted_loss": (
        tf.losses.compute_weighted_loss,
        lambda w: tf.losses.compute_weighted_loss(tf.constant(LABELS ** 2), w),
        LABELS ** 2, False),
    "absolute_difference": (
        tf.losses.absolute_difference,
        lambda w: tf.losses.absolute_difference(LABELS, PRED, w), np.abs(PRED - LABELS), False),
    "mean_squared_error": (
        tf.losses.mean_squared_error,
        lambda w: tf.losses.mean_squared_error(LABELS, PRED, w), (PRED - LABELS) ** 2, False),
    "huber_loss": (
        tf.losses.huber_loss,
        lambda w: tf.losses.huber_loss(LABELS, PRED, w, delta=0.7),
        np.where(np.abs(PRED - LABELS) <= 0.7, 0.5 * (PRED - LABELS) ** 2,
                 0.5 * 0.7 ** 2 + 0.7 * (np.abs(PRED - LABELS) - 0.7)), False),
    "log_loss": (
        tf.losses.log_loss,
        lambda w: tf.losses.log_loss(BINARY, PROBS, w),
        -BINARY * np.log(PROBS + 1e-7) - (1 - BINARY) * np.log(1 - PROBS + 1e-7), False),
    "hinge_loss": (
        tf.losses.hinge_loss,
        lambda w: tf.losses.hinge_loss(BINARY, PRED, w),
        np.maximum(0.0, 1 - (2 * BINARY - 1) * PRED), False),
    "cosine_distance": (
        tf.losses.cosine_distance,
        lambda w: tf.losses.cosine_distance(LABELS, PRED, axis=1, weights=w),
        1 - (LABELS * PRED).sum(1, keepdims=True), "col"),
    "sigmoid_cross_entropy": (
        tf.losses.sigmoid_cross_entropy,
        lambda w: tf.losses.sigmoid_cross_entropy(BINARY, PRED, w),
        np_sigmoid_xent(BINARY, PRED), False),
    "softmax_cross_entropy": (
        tf.losses.softmax_cross_entropy,
        lambda w: tf.losses.softmax_cross_entropy(ONEHOT, PRED, w),
        -(ONEHOT * np_log_softmax(PRED)).sum(-1), True),
    "sparse_softmax_cross_entropy": (
        tf.losses.sparse_softmax_cross_entropy,
        lambda w: tf.losses.sparse_softmax_cross_entropy(SPARSE, PRED, w),
        -np_log_softmax(PRED)[np.arange(B), SPARSE], True),
}


@pytest.mark.parametrize("name", DEFAULT_CASES)
def test_every_loss_defaults_to_sum_by_nonzero_weights(name):
    fn, call, elementwise, per_row = DEFAULT_CASES[name]
    assert inspect.signature(fn).parameters["reduction"].default == R.SUM_BY_NONZERO_WEIGHTS
    if per_row is True:
        weights = ROW_W[:, 0]
    elif per_row == "col":
        weights = ROW_W
    else:
        weights = FULL_W
    w = np.broadcast_to(weights, elementwise.shape)
    want = (elementwise * w).sum() / np.count_nonzero(w)
    np.testing.assert_allclose(run(call(weights)), want, rtol=2e-6)
    # a Python scalar weight counts every element: the plain mean times the weight
    np.testing.assert_allclose(run(call(1.5)), 1.5 * elementwise.mean(), rtol=2e-6)


def test_mean_pairwise_squared_error_has_no_reduction_argument():
    # TF 1.15's signature: (labels, predictions, weights=1.0, scope=None, loss_collection=...)
    params = list(inspect.signature(tf.losses.mean_pairwise_squared_error).parameters)
    assert params == ["labels", "predictions", "weights", "scope", "loss_collection"]


def test_reduction_none_returns_the_broadcast_weighted_losses():
    mse = tf.losses.mean_squared_error(LABELS, PRED, ROW_W, reduction=R.NONE)
    cos = tf.losses.cosine_distance(LABELS, PRED, axis=1, weights=ROW_W, reduction=R.NONE)
    xent = tf.losses.softmax_cross_entropy(ONEHOT, PRED, ROW_W[:, 0], reduction=R.NONE)
    scalar_w = tf.losses.absolute_difference(LABELS, PRED, 3.0, reduction=R.NONE)
    assert mse.shape.as_list() == [B, D] and cos.shape.as_list() == [B, 1]
    assert xent.shape.as_list() == [B] and scalar_w.shape.as_list() == [B, D]
    got = run([mse, cos, xent, scalar_w])
    np.testing.assert_allclose(got[0], (PRED - LABELS) ** 2 * ROW_W, rtol=2e-6, atol=1e-7)
    np.testing.assert_allclose(got[1], (1 - (LABELS * PRED).sum(1, keepdims=True)) * ROW_W,
                               rtol=2e-6, atol=1e-7)
    np.testing.assert_allclose(got[2], -(ONEHOT * np_log_softmax(PRED)).sum(-1) * ROW_W[:, 0],
                               rtol=2e-6, atol=1e-7)
    np.testing.assert_allclose(got[3], 3.0 * np.abs(PRED - LABELS), rtol=2e-6)


@pytest.mark.parametrize("reduction", [R.SUM, R.MEAN, R.SUM_OVER_BATCH_SIZE,
                                       R.SUM_BY_NONZERO_WEIGHTS])
def test_all_zero_weights_give_zero_loss_and_zero_gradient(reduction):
    pred = tf.constant(PRED, tf.float32)
    loss = tf.losses.mean_squared_error(LABELS, pred, np.zeros((B, 1)), reduction=reduction)
    g, = tf.gradients(loss, [pred])
    value, grad = run([loss, g])
    assert value == 0.0
    np.testing.assert_array_equal(grad, np.zeros((B, D)))  # finite: no 0/0 in the gradient


def test_nan_losses_are_not_masked_by_zero_weights():
    # TF multiplies the losses by the weights: nan * 0 is nan, so the loss is nan.
    loss = tf.losses.mean_squared_error([0.0, 0.0], [np.nan, 1.0], weights=[0.0, 1.0])
    assert np.isnan(run(loss))


def test_weights_are_differentiable():
    losses = tf.constant([2.0, 6.0, 1.0])
    w = tf.Variable([1.0, 3.0, 0.0])
    mean = tf.losses.compute_weighted_loss(losses, w, reduction=R.MEAN)
    by_nonzero = tf.losses.compute_weighted_loss(losses, w)
    g_mean, = tf.gradients(mean, [w])
    g_nonzero, = tf.gradients(by_nonzero, [w])
    got = run([mean, g_mean, by_nonzero, g_nonzero])
    assert got[0] == pytest.approx(20.0 / 4.0)
    # d/dw_i sum(l w) / sum(w) = (l_i - mean) / sum(w)
    np.testing.assert_allclose(got[1], (np.array([2.0, 6.0, 1.0]) - 5.0) / 4.0, rtol=1e-6)
    assert got[2] == pytest.approx(20.0 / 2.0)
    # the number of non-zero weights is a count: no gradient flows through it
    np.testing.assert_allclose(got[3], np.array([2.0, 6.0, 1.0]) / 2.0, rtol=1e-6)


def test_integer_and_tensor_weights():
    losses = tf.constant(LABELS ** 2, tf.float32)
    int_w = tf.losses.compute_weighted_loss(losses, tf.constant([[1], [0], [2], [0]]))
    scalar_t = tf.losses.compute_weighted_loss(losses, tf.constant(2.0))
    w = tf.placeholder(tf.float32, [])
    fed = tf.losses.compute_weighted_loss(losses, w)
    got = run([int_w, scalar_t], None)
    want = (LABELS[0] ** 2).sum() + 2 * (LABELS[2] ** 2).sum()
    assert got[0] == pytest.approx(want / (2 * D), rel=2e-6)
    assert got[1] == pytest.approx(2 * (LABELS ** 2).mean(), rel=2e-6)
    assert run(fed, {w: 0.0}) == 0.0  # a zero scalar weight: no present element, 0 not nan
    assert run(fed, {w: 4.0}) == pytest.approx(4 * (LABELS ** 2).mean(), rel=2e-6)


def test_weights_of_the_wrong_rank_are_rejected_at_build_time():
    with pytest.raises(ValueError, match="weights can not be broadcast"):
        tf.losses.mean_squared_error(LABELS, PRED, weights=np.ones(B))  # per-example as [B]
    with pytest.raises(ValueError, match="weights can not be broadcast"):
        tf.losses.softmax_cross_entropy(ONEHOT, PRED, weights=np.ones((B, 1)))  # losses: [B]
    with pytest.raises(ValueError, match="weights can not be broadcast"):
        tf.losses.cosine_distance(LABELS, PRED, axis=1, weights=np.ones((B, D)))  # [B, 1]
    with pytest.raises(ValueError, match="weights can not be broadcast"):
        tf.losses.absolute_difference(LABELS, PRED, weights=np.ones((B, D, 1)))
    with pytest.raises(ValueError, match="weights can not be broadcast"):
        tf.losses.mean_pairwise_squared_error(LABELS, PRED, weights=np.ones((B, 2)))


def test_weights_of_unknown_shape_are_checked_at_run_time():
    w = tf.placeholder(tf.float32)  # unknown rank
    loss = tf.losses.compute_weighted_loss(tf.ones([4, 3]), w)
    assert run(loss, {w: np.full((4, 1), 2.0)}) == pytest.approx(2.0)  # valid: [4, 1]
    assert run(loss, {w: np.full((1, 3), 2.0)}) == pytest.approx(2.0)  # valid: [1, 3]
    with pytest.raises(tf.errors.InvalidArgumentError):
        run(loss, {w: np.ones(3)})  # rank 1 against rank-2 losses
    values = tf.placeholder(tf.float32)
    loss2 = tf.losses.compute_weighted_loss(values, tf.constant([1.0, 0.0, 1.0]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        run(loss2, {values: np.ones((4, 3))})


# -- individual tf.losses --------------------------------------------------------------------------
def test_huber_loss_pieces_and_gradient_at_the_kink():
    errors = np.array([-2.0, -0.5, -0.2, 0.0, 0.2, 0.5, 2.0])
    pred = tf.constant(errors, tf.float32)
    loss = tf.losses.huber_loss(np.zeros(7), pred, delta=0.5, reduction=R.NONE)
    total = tf.losses.huber_loss(np.zeros(7), pred, delta=0.5, reduction=R.SUM)
    g, = tf.gradients(total, [pred])
    values, grad = run([loss, g])
    np.testing.assert_allclose(values, [0.875, 0.125, 0.02, 0.0, 0.02, 0.125, 0.875],
                               rtol=1e-6)
    # quadratic inside |e| <= delta, slope delta outside; exactly delta at the kink (no double
    # counting of the linear piece), and 0 at e == 0
    np.testing.assert_allclose(grad, [-0.5, -0.5, -0.2, 0.0, 0.2, 0.5, 0.5], rtol=1e-6)


def test_huber_loss_accepts_a_tensor_delta():
    delta = tf.placeholder(tf.float32, [])
    loss = tf.losses.huber_loss([0.0, 0.0], [0.5, 3.0], delta=delta, reduction=R.SUM)
    assert run(loss, {delta: 2.0}) == pytest.approx(0.125 + (2.0 + 2.0 * 1.0))


def test_log_loss_epsilon_keeps_extreme_probabilities_finite():
    labels = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    probs = np.array([0.0, 1.0, 0.3, 0.0, 0.8])
    default = tf.losses.log_loss(labels, probs, reduction=R.NONE)
    custom = tf.losses.log_loss(labels, probs, epsilon=1e-3, reduction=R.NONE)
    d, c = run([default, custom])

    def ref(eps):
        p, y = probs.astype(np.float32), labels.astype(np.float32)
        e = np.float32(eps)
        return -y * np.log(p + e) - (1 - y) * np.log(1 - p + e)
    np.testing.assert_allclose(d, ref(1e-7), rtol=1e-6, atol=1e-6)
    assert d[0] == pytest.approx(-np.log(1e-7), rel=1e-6)  # 16.118: epsilon defaults to 1e-7
    np.testing.assert_allclose(c, ref(1e-3), rtol=1e-6, atol=1e-6)
    assert c[1] == pytest.approx(-np.log(1e-3), rel=1e-5)


def test_log_loss_gradient():
    labels = np.array([1.0, 0.0, 1.0, 0.0])
    probs = np.array([0.2, 0.7, 0.9, 0.05])
    p = tf.constant(probs, tf.float32)
    loss = tf.losses.log_loss(labels, p, epsilon=1e-2)
    g, = tf.gradients(loss, [p])
    want = (-labels / (probs + 1e-2) + (1 - labels) / (1 - probs + 1e-2)) / 4
    np.testing.assert_allclose(run(g), want, rtol=1e-5)


def test_log_loss_accepts_a_tensor_epsilon():
    eps = tf.constant(1e-3)
    loss = tf.losses.log_loss([1.0], [0.0], epsilon=eps)
    assert run(loss) == pytest.approx(-np.log(1e-3), rel=1e-5)


def test_hinge_loss_converts_01_labels_to_signs():
    labels = np.array([0.0, 1.0, 0.0, 1.0, 1.0])
    logits = tf.constant([-2.0, 2.0, 0.5, 0.25, 1.0])
    loss = tf.losses.hinge_loss(labels, logits, reduction=R.NONE)
    g, = tf.gradients(tf.reduce_sum(loss), [logits])
    values, grad = run([loss, g])
    np.testing.assert_allclose(values, [0.0, 0.0, 1.5, 0.75, 0.0], rtol=1e-7)
    # -(2y - 1) where the margin is positive; the ReLU's gradient is 0 at a zero margin
    np.testing.assert_array_equal(grad, [0.0, 0.0, 1.0, -1.0, 0.0])


def test_cosine_distance_axis_dim_and_gradient():
    labels = LABELS / np.linalg.norm(LABELS, axis=0, keepdims=True)
    preds = PRED / np.linalg.norm(PRED, axis=0, keepdims=True)
    a0 = tf.losses.cosine_distance(labels, preds, axis=0, reduction=R.NONE)
    d0 = tf.losses.cosine_distance(labels, preds, dim=0, reduction=R.NONE)
    neg = tf.losses.cosine_distance(labels, preds, axis=-1, reduction=R.NONE)
    assert a0.shape.as_list() == [1, D] and neg.shape.as_list() == [B, 1]
    p = tf.constant(preds, tf.float32)
    loss = tf.losses.cosine_distance(labels, p, axis=1, weights=ROW_W, reduction=R.SUM)
    g, = tf.gradients(loss, [p])
    got = run([a0, d0, neg, g])
    want = 1 - (labels * preds).sum(0, keepdims=True)
    np.testing.assert_allclose(got[0], want, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(got[1], got[0])
    np.testing.assert_allclose(got[2], 1 - (labels * preds).sum(1, keepdims=True),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[3], -labels * ROW_W, rtol=1e-6)
    with pytest.raises(ValueError, match="Cannot specify both 'axis' and 'dim'"):
        tf.losses.cosine_distance(labels, preds, axis=0, dim=0)


def np_mean_pairwise(labels, preds, weights):
    """TF 1.15's formula: per batch row, 2 * sum(d^2) / (n - 1) - 2 * sum(d)^2 / (n (n - 1))
    (0 where a denominator is 0), times the broadcast weights, summed."""
    d = preds - labels
    w = np.asarray(weights, np.float64)
    present = np.broadcast_to((w != 0).astype(np.float64), d.shape)
    axes = tuple(range(1, d.ndim))
    n = present.sum(axis=axes, keepdims=True)
    sum_sq = (d ** 2).sum(axis=axes, keepdims=True)
    sum_d = d.sum(axis=axes, keepdims=True)

    def div_no_nan(a, b):
        return np.where(b == 0, 0.0, a / np.where(b == 0, 1.0, b))
    term1 = 2 * div_no_nan(sum_sq, np.maximum(n - 1, 0))
    term2 = 2 * div_no_nan(sum_d ** 2, np.maximum(n * (n - 1), 0))
    loss = ((term1 - term2) * w).sum()
    return loss if n.sum() > 0 else 0.0


MP_LABELS = np.arange(12, dtype=np.float64).reshape(3, 2, 2) / 4.0
MP_PREDS = np.cos(np.arange(12, dtype=np.float64)).reshape(3, 2, 2)


@pytest.mark.parametrize("weights", [
    1.0, 2.5, 0.0,
    np.array([[[2.0]], [[0.0]], [[0.5]]]),
    np.array([[[1.0, 0.0], [1.0, 1.0]], [[0.0, 0.0], [0.0, 3.0]], [[1.0, 2.0], [0.0, 0.0]]]),
], ids=["one", "scalar", "zero", "per_row", "elementwise"])
def test_mean_pairwise_squared_error_matches_tf_formula(weights):
    loss = tf.losses.mean_pairwise_squared_error(MP_LABELS, MP_PREDS, weights)
    got = run(loss)
    np.testing.assert_allclose(got, np_mean_pairwise(MP_LABELS, MP_PREDS, weights),
                               rtol=2e-6, atol=1e-7)
    assert tf.losses.get_losses() == [loss]


def test_mean_pairwise_squared_error_is_the_mean_over_pairs_and_its_gradient():
    d = MP_PREDS - MP_LABELS
    pairs = [np.mean([(r[i] - r[j]) ** 2 for i in range(4) for j in range(4) if i != j])
             for r in d.reshape(3, 4)]
    w = np.array([[[2.0]], [[1.0]], [[0.5]]])
    pred = tf.constant(MP_PREDS, tf.float32)
    loss = tf.losses.mean_pairwise_squared_error(MP_LABELS, pred, w)
    g, = tf.gradients(loss, [pred])
    value, grad = run([loss, g])
    assert value == pytest.approx(np.dot(w.ravel(), pairs), rel=2e-6)  # summed, not averaged
    n = 4
    rows = d.reshape(3, 4)
    want = w.reshape(3, 1) * (4 * rows / (n - 1) - 4 * rows.sum(1, keepdims=True) / (n * (n - 1)))
    np.testing.assert_allclose(grad, want.reshape(3, 2, 2), rtol=1e-5, atol=1e-6)


def test_sigmoid_cross_entropy_label_smoothing_gradient():
    logits = tf.constant(PRED, tf.float32)
    loss = tf.losses.sigmoid_cross_entropy(BINARY, logits, ROW_W, label_smoothing=0.2)
    g, = tf.gradients(loss, [logits])
    value, grad = run([loss, g])
    smoothed = BINARY * 0.8 + 0.1  # toward 1/2
    present = np.count_nonzero(np.broadcast_to(ROW_W, (B, D)))
    assert value == pytest.approx((np_sigmoid_xent(smoothed, PRED) * ROW_W).sum() / present,
                                  rel=2e-6)
    np.testing.assert_allclose(grad, (np_sigmoid(PRED) - smoothed) * ROW_W / present,
                               rtol=1e-5, atol=1e-7)


def test_softmax_cross_entropy_label_smoothing_gradient():
    logits = tf.constant(PRED, tf.float32)
    w = ROW_W[:, 0]
    loss = tf.losses.softmax_cross_entropy(ONEHOT, logits, w, label_smoothing=0.3)
    g, = tf.gradients(loss, [logits])
    value, grad = run([loss, g])
    smoothed = ONEHOT * 0.7 + 0.3 / D  # toward 1/num_classes
    present = np.count_nonzero(w)
    assert value == pytest.approx(
        (-(smoothed * np_log_softmax(PRED)).sum(-1) * w).sum() / present, rel=2e-6)
    np.testing.assert_allclose(grad, (np_softmax(PRED) - smoothed) * w[:, None] / present,
                               rtol=1e-5, atol=1e-7)


def test_sparse_softmax_cross_entropy_sequence_mask():
    logits = np.sin(np.arange(24, dtype=np.float64)).reshape(2, 3, 4) * 3
    labels = np.array([[0, 3, 1], [2, 2, 0]])
    mask = np.array([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    per_token = -np.take_along_axis(np_log_softmax(logits), labels[..., None], -1)[..., 0]
    want = (per_token * mask).sum() / 3
    a = tf.losses.sparse_softmax_cross_entropy(labels, logits, mask)
    b = tf.losses.sparse_softmax_cross_entropy(labels, logits, mask[..., None])  # squeezed
    c = tf.losses.sparse_softmax_cross_entropy(labels[..., None], logits, mask[..., None])
    got = run([a, b, c])
    np.testing.assert_allclose(got, [want] * 3, rtol=2e-6)


F32_PRED = PRED.astype(np.float32)  # float64 logits/losses end with a Cast back (in TF too)
LOSS_NAMES = {
    "weighted_loss": lambda: tf.losses.compute_weighted_loss(LABELS.astype(np.float32)),
    "absolute_difference": lambda: tf.losses.absolute_difference(LABELS, PRED),
    "mean_squared_error": lambda: tf.losses.mean_squared_error(LABELS, PRED),
    "huber_loss": lambda: tf.losses.huber_loss(LABELS, PRED),
    "log_loss": lambda: tf.losses.log_loss(BINARY, PROBS),
    "hinge_loss": lambda: tf.losses.hinge_loss(BINARY, PRED),
    "cosine_distance_loss": lambda: tf.losses.cosine_distance(LABELS, PRED, axis=1),
    "sigmoid_cross_entropy_loss": lambda: tf.losses.sigmoid_cross_entropy(BINARY, F32_PRED),
    "softmax_cross_entropy_loss": lambda: tf.losses.softmax_cross_entropy(ONEHOT, F32_PRED),
    "sparse_softmax_cross_entropy_loss":
        lambda: tf.losses.sparse_softmax_cross_entropy(SPARSE, F32_PRED),
}


@pytest.mark.parametrize("scope", LOSS_NAMES)
def test_default_loss_tensor_is_named_scope_slash_value(scope):
    # TF: the reduced loss is div_no_nan(..., name="value") in the loss's name scope
    assert LOSS_NAMES[scope]().op.name == f"{scope}/value"


LOSS_CALLS = {
    "compute_weighted_loss": lambda c: tf.losses.compute_weighted_loss(
        LABELS, loss_collection=c),
    "absolute_difference": lambda c: tf.losses.absolute_difference(
        LABELS, PRED, loss_collection=c),
    "mean_squared_error": lambda c: tf.losses.mean_squared_error(
        LABELS, PRED, loss_collection=c),
    "huber_loss": lambda c: tf.losses.huber_loss(LABELS, PRED, loss_collection=c),
    "log_loss": lambda c: tf.losses.log_loss(BINARY, PROBS, loss_collection=c),
    "hinge_loss": lambda c: tf.losses.hinge_loss(BINARY, PRED, loss_collection=c),
    "cosine_distance": lambda c: tf.losses.cosine_distance(
        LABELS, PRED, axis=1, loss_collection=c),
    "mean_pairwise_squared_error": lambda c: tf.losses.mean_pairwise_squared_error(
        LABELS, PRED, loss_collection=c),
    "sigmoid_cross_entropy": lambda c: tf.losses.sigmoid_cross_entropy(
        BINARY, PRED, loss_collection=c),
    "softmax_cross_entropy": lambda c: tf.losses.softmax_cross_entropy(
        ONEHOT, PRED, loss_collection=c),
    "sparse_softmax_cross_entropy": lambda c: tf.losses.sparse_softmax_cross_entropy(
        SPARSE, PRED, loss_collection=c),
}


@pytest.mark.parametrize("name", LOSS_CALLS)
def test_every_loss_honours_loss_collection(name):
    default = LOSS_CALLS[name](tf.GraphKeys.LOSSES)
    custom = LOSS_CALLS[name]("my_losses")
    nowhere = LOSS_CALLS[name](None)
    assert tf.losses.get_losses() == [default]
    assert tf.losses.get_losses(loss_collection="my_losses") == [custom]
    assert tf.get_collection("my_losses") == [custom]
    assert nowhere not in tf.get_collection(tf.GraphKeys.LOSSES)
    assert run(tf.losses.get_total_loss()) == pytest.approx(run(default), rel=1e-6)


def test_total_and_regularization_losses_filter_by_scope():
    l2 = tf.contrib.layers.l2_regularizer(0.5)
    with tf.variable_scope("a"):
        tf.get_variable("w", initializer=tf.constant([1.0, 2.0]), regularizer=l2)
        la = tf.losses.absolute_difference([0.0], [3.0])
    with tf.variable_scope("b"):
        tf.get_variable("w", initializer=tf.constant([3.0]), regularizer=l2)
        lb = tf.losses.mean_squared_error([0.0], [2.0])
    assert tf.losses.get_losses(scope="a") == [la]
    assert tf.losses.get_losses(scope="b") == [lb]
    assert len(tf.losses.get_regularization_losses()) == 2
    assert len(tf.losses.get_regularization_losses(scope="b")) == 1
    got = run([tf.losses.get_total_loss(scope="a"),
               tf.losses.get_total_loss(),
               tf.losses.get_regularization_loss(scope="b"),
               tf.losses.get_total_loss(add_regularization_losses=False)])
    reg_a, reg_b = 0.5 * (1 + 4) / 2, 0.5 * 9 / 2  # scale * l2_loss = scale * sum(w^2) / 2
    np.testing.assert_allclose(got, [3.0 + reg_a, 3.0 + 4.0 + reg_a + reg_b, reg_b, 7.0],
                               rtol=1e-6)


# -- tf.nn softmax cross-entropies -----------------------------------------------------------------
X = np.array([[1.0, 2.0, -1.0], [0.5, -0.5, 3.0]])
P = np.array([[0.2, 0.5, 0.3], [0.0, 0.0, 1.0]])
G = np.array([1.0, 2.0])  # per-example upstream gradient


def test_softmax_xent_v2_differentiates_labels_and_v1_does_not():
    logits = tf.constant(X)
    labels = tf.constant(P)
    v2 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    v1 = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    g2_logits, g2_labels = tf.gradients(v2 * G, [logits, labels])
    g1_logits, g1_labels = tf.gradients(v1 * G, [logits, labels])
    assert g1_labels is None  # v1 stops the gradient into the labels
    got = run([v1, v2, g2_logits, g2_labels, g1_logits])
    want = -(P * np_log_softmax(X)).sum(-1)
    np.testing.assert_allclose(got[0], want, rtol=1e-12)
    np.testing.assert_allclose(got[1], want, rtol=1e-12)
    np.testing.assert_allclose(got[2], G[:, None] * (np_softmax(X) - P), rtol=1e-12)
    np.testing.assert_allclose(got[3], -G[:, None] * np_log_softmax(X), rtol=1e-12)
    np.testing.assert_allclose(got[4], got[2], rtol=1e-12)


def test_softmax_xent_logits_gradient_numerically():
    analytic, numeric = numeric_gradient(
        lambda x: tf.nn.softmax_cross_entropy_with_logits_v2(labels=P, logits=x) * G, X)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)


def test_softmax_xent_gradient_for_rows_not_summing_to_one_is_tf_backprop():
    labels = np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 0.0]])  # padding row, multi-hot row
    logits = tf.constant(X)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    g, = tf.gradients(loss, [logits])
    np.testing.assert_allclose(run(g), np_softmax(X) - labels, rtol=1e-12)


def test_cross_entropies_stay_finite_for_huge_logits():
    big = np.array([[1e4, 0.0, -1e4], [-3e4, 3e4, 0.0]], np.float32)
    logits = tf.constant(big)
    dense = tf.nn.softmax_cross_entropy_with_logits_v2(labels=np.eye(3)[[2, 1]], logits=logits)
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 0], logits=logits)
    logsm = tf.nn.log_softmax(logits)
    sig = tf.nn.sigmoid_cross_entropy_with_logits(
        labels=np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.5]], np.float32), logits=logits)
    grads = tf.gradients(tf.reduce_sum(dense) + tf.reduce_sum(sparse) + tf.reduce_sum(sig)
                         + tf.reduce_sum(logsm), [logits])
    d, s, ls, sg, g = run([dense, sparse, logsm, sig, grads[0]])
    np.testing.assert_array_equal(d, [2e4, 0.0])
    np.testing.assert_array_equal(s, [0.0, 6e4])
    np.testing.assert_array_equal(ls, big - big.max(-1, keepdims=True))
    np.testing.assert_allclose(sg, [[1e4, np.log(2.0), 1e4], [3e4, 3e4, np.log(2.0)]],
                               rtol=1e-7)
    assert np.all(np.isfinite(g))


def test_softmax_xent_axis_and_dim():
    x = np.sin(np.arange(24, dtype=np.float64)).reshape(2, 3, 4)
    p = np_softmax(np.cos(np.arange(24, dtype=np.float64)).reshape(2, 3, 4), axis=1)
    v2 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=p, logits=x, axis=1)
    v2_dim = tf.nn.softmax_cross_entropy_with_logits_v2(labels=p, logits=x, dim=1)
    v1 = tf.nn.softmax_cross_entropy_with_logits(labels=p, logits=x, dim=1)
    last = tf.nn.softmax_cross_entropy_with_logits_v2(labels=np.swapaxes(p, 1, 2),
                                                      logits=np.swapaxes(x, 1, 2))
    assert v2.shape.as_list() == [2, 4]
    got = run([v2, v2_dim, v1, last])
    want = -(p * np_log_softmax(x, axis=1)).sum(1)
    for value in got:
        np.testing.assert_allclose(value, want, rtol=1e-12)


def test_softmax_xent_v2_casts_labels_to_the_logits_dtype():
    labels = tf.one_hot([1, 0], 3, dtype=tf.int32)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=tf.constant(X))
    np.testing.assert_allclose(run(loss), -np_log_softmax(X)[[0, 1], [1, 0]], rtol=1e-12)


F16_LOGITS = (np.random.RandomState(3).randn(64, 1000) * 4).astype(np.float16)
F16_LABELS = np.random.RandomState(4).randint(0, 1000, 64)


@pytest.mark.parametrize("kind", ["sparse", "dense"])
def test_float16_cross_entropy_is_computed_in_float32(kind):
    logits = tf.constant(F16_LOGITS)
    if kind == "sparse":
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=F16_LABELS, logits=logits)
    else:
        onehot = np.eye(1000, dtype=np.float16)[F16_LABELS]
        loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=onehot, logits=logits)
    assert loss.dtype == tf.float16
    got = run(loss).astype(np.float64)
    exact = -np_log_softmax(F16_LOGITS.astype(np.float64))[np.arange(64), F16_LABELS]
    ulp = np.spacing(exact.astype(np.float16)).astype(np.float64)
    # float32 arithmetic rounded once to float16: within half an ulp (+ float32 noise)
    assert np.max(np.abs(got - exact) / ulp) <= 0.51


def test_sparse_xent_values_gradient_and_ranks():
    x3 = np.sin(np.arange(24, dtype=np.float64)).reshape(2, 3, 4)
    labels3 = np.array([[0, 3, 1], [2, 2, 0]], np.int64)
    loss3 = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels3, logits=x3)
    assert loss3.shape.as_list() == [2, 3] and loss3.dtype == tf.float64
    want = -np.take_along_axis(np_log_softmax(x3), labels3[..., None], -1)[..., 0]
    np.testing.assert_allclose(run(loss3), want, rtol=1e-12)
    analytic, numeric = numeric_gradient(
        lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 2], logits=x) * G,
        X)
    np.testing.assert_allclose(analytic, G[:, None] * (np_softmax(X) - np.eye(3)[[1, 2]]),
                               rtol=1e-12)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("bad", [[0, 3], [-1, 0]])
def test_sparse_xent_out_of_range_label_is_invalid_argument(bad):
    labels = tf.placeholder(tf.int32, [2])
    logits = tf.placeholder(tf.float32, [2, 3])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    with pytest.raises(tf.errors.InvalidArgumentError, match="outside the valid range"):
        run(loss, {labels: bad, logits: np.zeros((2, 3))})
    wrapped = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    with pytest.raises(tf.errors.InvalidArgumentError):
        run(wrapped, {labels: bad, logits: np.zeros((2, 3))})


def test_sparse_xent_out_of_range_constant_label_is_invalid_argument():
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 5], logits=tf.zeros([2, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        run(loss)


def test_sparse_xent_static_errors():
    logits = tf.zeros([2, 4])
    with pytest.raises(ValueError):  # rank of labels must be rank of logits - 1
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([2, 4], tf.int32),
                                                       logits=logits)
    with pytest.raises(ValueError):  # shape must match logits without the class dimension
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([3], tf.int32),
                                                       logits=logits)
    with pytest.raises(ValueError):  # logits cannot be scalars
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant(0),
                                                       logits=tf.constant(1.0))
    with pytest.raises(TypeError):  # labels must be int32/int64
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([2]), logits=logits)
    with pytest.raises(ValueError, match="named arguments"):
        tf.nn.sparse_softmax_cross_entropy_with_logits([0, 1], logits)


# -- sigmoid / weighted cross-entropy -------------------------------------------------------------
def test_sigmoid_xent_values_and_gradients_away_from_zero():
    z = np.array([[0.0, 1.0, 0.3], [1.0, 0.0, 0.7]])
    logits = tf.constant(X)
    labels = tf.constant(z)
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
    g_logits, g_labels = tf.gradients(loss, [logits, labels])
    value, gx, gz = run([loss, g_logits, g_labels])
    np.testing.assert_allclose(value, z * -np.log(np_sigmoid(X))
                               + (1 - z) * -np.log(1 - np_sigmoid(X)), rtol=1e-12)
    np.testing.assert_allclose(gx, np_sigmoid(X) - z, rtol=1e-12)
    np.testing.assert_allclose(gz, -X, rtol=1e-12)
    analytic, numeric = numeric_gradient(
        lambda x: tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x), X)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)


def test_sigmoid_xent_gradient_at_zero_logits():
    logits = tf.zeros([3])
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=[0.0, 1.0, 0.25], logits=logits)
    g, = tf.gradients(loss, [logits])
    np.testing.assert_allclose(run(g), [0.5, -0.5, 0.25], rtol=1e-7)


XENT_MISSING = {
    "sigmoid": lambda: tf.nn.sigmoid_cross_entropy_with_logits(logits=1.0),
    "softmax_v1": lambda: tf.nn.softmax_cross_entropy_with_logits(logits=[[1.0, 2.0]]),
    "sparse": lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(logits=[[1.0, 2.0]]),
}


@pytest.mark.parametrize("name", [
    "sigmoid",
    "softmax_v1",
    "sparse",
])
def test_cross_entropies_require_labels_and_logits(name):
    with pytest.raises(ValueError):
        XENT_MISSING[name]()


def test_weighted_cross_entropy_with_logits():
    z = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.5]])
    q = 3.0
    logits = tf.constant(X)
    loss = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=logits, pos_weight=q)
    g, = tf.gradients(loss, [logits])
    value, grad = run([loss, g])
    want = q * z * -np.log(np_sigmoid(X)) + (1 - z) * -np.log(1 - np_sigmoid(X))
    np.testing.assert_allclose(value, want, rtol=1e-12)
    np.testing.assert_allclose(grad, (1 - z) * np_sigmoid(X) - q * z * (1 - np_sigmoid(X)),
                               rtol=1e-12)


# -- l2_loss / log_softmax -------------------------------------------------------------------------
def test_l2_loss_value_dtype_and_gradient():
    t = tf.constant([[1.0, -2.0], [3.0, 0.5]], tf.float64)
    loss = tf.nn.l2_loss(t)
    assert loss.op.name == "L2Loss" and loss.dtype == tf.float64 and loss.shape.as_list() == []
    g, = tf.gradients(loss, [t])
    value, grad = run([loss, g])
    assert value == 7.125  # sum(t^2) / 2, no sqrt
    np.testing.assert_array_equal(grad, [[1.0, -2.0], [3.0, 0.5]])


def test_log_softmax_axis_dim_and_gradient():
    x = np.sin(np.arange(12, dtype=np.float64)).reshape(3, 4)
    a0 = tf.nn.log_softmax(x, axis=0)
    d0 = tf.nn.log_softmax(x, dim=0)
    got = run([a0, d0])
    np.testing.assert_allclose(got[0], np_log_softmax(x, axis=0), rtol=1e-12)
    np.testing.assert_array_equal(got[1], got[0])
    w = np.cos(np.arange(12, dtype=np.float64)).reshape(3, 4)
    analytic, numeric = numeric_gradient(lambda t: tf.nn.log_softmax(t, axis=0) * w, x)
    np.testing.assert_allclose(analytic, w - np_softmax(x, axis=0) * w.sum(0, keepdims=True),
                               rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)


def test_log_softmax_axis_out_of_range_is_invalid_argument():
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.nn.log_softmax(tf.zeros([2, 3]), axis=2)


# -- clipping -------------------------------------------------------------------------------------
def test_clip_by_value_values_and_gradient_at_the_bounds():
    t = tf.constant([-2.0, -1.0, 0.0, 1.0, 2.0])
    y = tf.clip_by_value(t, -1.0, 1.0)
    g, = tf.gradients(tf.reduce_sum(y * [1.0, 2.0, 3.0, 4.0, 5.0]), [t])
    lo = tf.constant([0.0, 0.0, -1.0, 2.0, 0.0])  # elementwise bounds of t's shape
    elementwise = tf.clip_by_value(t, lo, 1.5)
    value, grad, e = run([y, g, elementwise])
    np.testing.assert_array_equal(value, [-1.0, -1.0, 0.0, 1.0, 1.0])
    # TF's Minimum/Maximum gradients pass at ties: the bounds themselves are inside
    np.testing.assert_array_equal(grad, [0.0, 2.0, 3.0, 4.0, 0.0])
    np.testing.assert_array_equal(e, [0.0, 0.0, 0.0, 2.0, 1.5])


def test_clip_by_value_rejects_bounds_that_broadcast_t_larger():
    with pytest.raises(ValueError):
        tf.clip_by_value(tf.zeros([3]), tf.zeros([2, 3]), 1.0)


def test_clip_by_norm_gradient():
    t0 = np.array([[3.0, 4.0], [1.0, -2.0]])  # norm sqrt(30)
    w = np.array([[1.0, -1.0], [0.5, 2.0]])
    analytic, numeric = numeric_gradient(lambda t: tf.clip_by_norm(t, 2.0) * w, t0)
    n = np.linalg.norm(t0)
    want = 2.0 / n * (w - (w * t0).sum() * t0 / n ** 2)
    np.testing.assert_allclose(analytic, want, rtol=1e-12)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)
    below, _ = numeric_gradient(lambda t: tf.clip_by_norm(t, 10.0) * w, t0)
    np.testing.assert_allclose(below, w, rtol=1e-15)  # under the threshold: identity
    with pytest.raises(ValueError):
        tf.clip_by_norm(tf.zeros([3]), tf.ones([2, 3]))  # would broadcast t


def test_clip_by_global_norm_of_zeros_tuple_input_and_gradient():
    clipped, norm = tf.clip_by_global_norm((tf.zeros([2]), None, tf.zeros([3])), 1.0)
    assert isinstance(clipped, list) and clipped[1] is None
    a, b, n = run([clipped[0], clipped[2], norm])
    assert n == 0.0  # a zero norm leaves the zeros as they are (no 0/0)
    np.testing.assert_array_equal(a, [0.0, 0.0])
    np.testing.assert_array_equal(b, [0.0, 0.0, 0.0])

    t0 = np.array([3.0, 4.0, 1.0, -2.0])  # global norm of [3, 4] and [1, -2]: sqrt(30)
    w = np.array([1.0, -1.0, 0.5, 2.0])

    def build(t):
        c, _ = tf.clip_by_global_norm([t[:2], t[2:]], 2.0)
        return tf.concat(c, 0) * w
    analytic, numeric = numeric_gradient(build, t0)
    n = np.linalg.norm(t0)
    np.testing.assert_allclose(analytic, 2.0 / n * (w - (w * t0).sum() * t0 / n ** 2),
                               rtol=1e-12)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-7, atol=1e-9)


def test_clip_by_global_norm_nan_in_one_tensor_poisons_all():
    clipped, norm = tf.clip_by_global_norm([tf.constant([np.nan, 1.0]),
                                            tf.constant([2.0, 3.0])], 5.0)
    a, b, n = run([clipped[0], clipped[1], norm])
    assert np.isnan(n)
    assert np.all(np.isnan(a)) and np.all(np.isnan(b))


def test_clip_by_average_norm():
    t = np.arange(1.0, 9.0)  # l2norm / size = sqrt(204) / 8 = 1.785...
    clipped = tf.clip_by_average_norm(tf.constant(t, tf.float32), 1.5)
    kept = tf.clip_by_average_norm(tf.constant(t, tf.float32), 2.0)
    c, k = run([clipped, kept])
    np.testing.assert_allclose(c, t * 1.5 / (np.sqrt(204.0) / 8), rtol=1e-6)
    np.testing.assert_allclose(k, t, rtol=1e-6)
