"""tf.losses against NumPy references of TensorFlow 1.15's formulas: every loss with scalar,
per-example and full weights under every Reduction, plus the collection, naming and error
rules (``weights`` broadcasting, ``_num_present``, ``div_no_nan``)."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

R = tf.losses.Reduction


pytestmark = pytest.mark.usefixtures("fresh_graph")


def run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def np_reduce(losses, weights, reduction):
    """TF's compute_weighted_loss: weights broadcast to the losses, then reduced."""
    w = np.broadcast_to(np.asarray(weights, np.float64), losses.shape)
    weighted = losses * w
    if reduction == R.NONE:
        return weighted
    total = weighted.sum()
    den = {R.SUM: 1.0, R.MEAN: w.sum(), R.SUM_BY_NONZERO_WEIGHTS: np.count_nonzero(w),
           R.SUM_OVER_BATCH_SIZE: losses.size}[reduction]
    return 0.0 if den == 0 else total / den


def np_log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


rng = np.random.RandomState(0)
B, D = 4, 3
LABELS = rng.randn(B, D)
PRED = rng.randn(B, D)
PROBS = rng.uniform(0.05, 0.95, (B, D))
BINARY = (rng.rand(B, D) > 0.5).astype(np.float64)
ONEHOT = np.eye(D)[[0, 2, 1, 2]]
SPARSE = np.array([0, 2, 1, 2])


def _huber(e, delta):
    a = np.abs(e)
    q = np.minimum(a, delta)
    return 0.5 * q * q + delta * (a - q)


def _sigmoid_xent(z, x):
    return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))


# name: (build(weights, reduction) -> loss tensor, elementwise reference, losses per row?)
LOSSES = {
    "absolute_difference": (
        lambda w, r: tf.losses.absolute_difference(LABELS, PRED, w, reduction=r),
        np.abs(PRED - LABELS), False),
    "mean_squared_error": (
        lambda w, r: tf.losses.mean_squared_error(LABELS, PRED, w, reduction=r),
        (PRED - LABELS) ** 2, False),
    "huber_loss": (
        lambda w, r: tf.losses.huber_loss(LABELS, PRED, w, reduction=r),
        _huber(PRED - LABELS, 1.0), False),
    "huber_loss_delta": (
        lambda w, r: tf.losses.huber_loss(LABELS, PRED, w, delta=0.3, reduction=r),
        _huber(PRED - LABELS, 0.3), False),
    "log_loss": (
        lambda w, r: tf.losses.log_loss(BINARY, PROBS, w, reduction=r),
        -BINARY * np.log(PROBS + 1e-7) - (1 - BINARY) * np.log(1 - PROBS + 1e-7), False),
    "hinge_loss": (
        lambda w, r: tf.losses.hinge_loss(BINARY, PRED, w, reduction=r),
        np.maximum(0, 1 - (2 * BINARY - 1) * PRED), False),
    "sigmoid_cross_entropy": (
        lambda w, r: tf.losses.sigmoid_cross_entropy(BINARY, PRED, w, reduction=r),
        _sigmoid_xent(BINARY, PRED), False),
    "sigmoid_cross_entropy_smoothed": (
        lambda w, r: tf.losses.sigmoid_cross_entropy(BINARY, PRED, w, label_smoothing=0.2,
                                                     reduction=r),
        _sigmoid_xent(BINARY * 0.8 + 0.1, PRED), False),
    "softmax_cross_entropy": (
        lambda w, r: tf.losses.softmax_cross_entropy(ONEHOT, PRED, w, reduction=r),
        -(ONEHOT * np_log_softmax(PRED)).sum(-1), True),
    "softmax_cross_entropy_smoothed": (
        lambda w, r: tf.losses.softmax_cross_entropy(ONEHOT, PRED, w, label_smoothing=0.3,
                                                     reduction=r),
        -((ONEHOT * 0.7 + 0.1) * np_log_softmax(PRED)).sum(-1), True),
    "sparse_softmax_cross_entropy": (
        lambda w, r: tf.losses.sparse_softmax_cross_entropy(SPARSE, PRED, w, reduction=r),
        -np_log_softmax(PRED)[np.arange(B), SPARSE], True),
    "cosine_distance": (
        lambda w, r: tf.losses.cosine_distance(LABELS, PRED, axis=1, weights=w, reduction=r),
        1 - (LABELS * PRED).sum(1, keepdims=True), False),
}

WEIGHTS = {
    "scalar": lambda per_row, shape: 2.5,
    "zero_scalar": lambda per_row, shape: 0.0,
    "per_example": lambda per_row, shape: np.array([1.0, 0.0, 2.0, 0.5]) if per_row
    else np.array([[1.0], [0.0], [2.0], [0.5]]),
    "full": lambda per_row, shape: np.where(np.arange(np.prod(shape)).reshape(shape) % 3 == 0,
                                            0.0, 1.5),
}


@pytest.mark.parametrize("reduction", R.all()[:5], ids=lambda r: r)
@pytest.mark.parametrize("kind", WEIGHTS)
@pytest.mark.parametrize("name", LOSSES)
def test_loss_values(name, kind, reduction):
    build, elementwise, per_row = LOSSES[name]
    weights = WEIGHTS[kind](per_row, elementwise.shape)
    loss = build(weights, reduction)
    want = np_reduce(elementwise, weights, reduction)
    got = run(loss)
    assert np.shape(got) == np.shape(want)
    np.testing.assert_allclose(got, want, rtol=2e-5, atol=1e-6)
    assert tf.losses.get_losses() == [loss]


def test_default_reduction_divides_by_the_number_of_nonzero_weights():
    losses = np.array([[1.0, 2.0], [3.0, 4.0]])
    # per-example weights [[0], [2]] broadcast to 2 nonzero entries: (3 + 4) * 2 / 2
    loss = tf.losses.compute_weighted_loss(losses, weights=[[0.0], [2.0]])
    assert run(loss) == pytest.approx(7.0)
    assert run(tf.losses.compute_weighted_loss(losses, weights=0.0)) == 0.0
    # a scalar weight counts every element; MEAN divides by the weights' sum
    assert run(tf.losses.compute_weighted_loss(losses, weights=3.0)) == pytest.approx(7.5)
    mean = tf.losses.compute_weighted_loss(losses, weights=[[-1.0], [3.0]], reduction=R.MEAN)
    assert run(mean) == pytest.approx((-3.0 + 21.0) / (-2.0 + 6.0))  # broadcast weights' sum


def test_weights_must_broadcast_as_tensorflow_requires():
    losses = tf.zeros([4, 3])
    with pytest.raises(ValueError, match=r"weights can not be broadcast to values\. "
                                         r"values\.rank=2\. weights\.rank=1"):
        tf.losses.compute_weighted_loss(losses, weights=tf.ones([3]))
    with pytest.raises(ValueError, match="Mismatch at dim 1"):
        tf.losses.compute_weighted_loss(losses, weights=tf.ones([4, 2]))
    tf.losses.compute_weighted_loss(losses, weights=tf.ones([1, 3]))  # fine


def test_invalid_reduction_and_missing_arguments():
    with pytest.raises(ValueError, match="Invalid Reduction Key bogus"):
        tf.losses.absolute_difference([1.0], [2.0], reduction="bogus")
    with pytest.raises(ValueError, match="labels must not be None"):
        tf.losses.huber_loss(None, [1.0])
    with pytest.raises(ValueError, match="logits must not be None"):
        tf.losses.sigmoid_cross_entropy([1.0], None)
    with pytest.raises(ValueError, match="You must specify 'axis'"):
        tf.losses.cosine_distance([[1.0]], [[1.0]])
    with pytest.raises(ValueError, match="incompatible"):
        tf.losses.log_loss(tf.zeros([2, 3]), tf.zeros([3, 2]))


def test_loss_collection_scope_and_dtype():
    a = tf.losses.absolute_difference([1.0, 2.0], [1.5, 2.5], scope="l1")
    b = tf.losses.huber_loss([1.0], [1.0], loss_collection=None)
    c = tf.losses.mean_squared_error(np.ones(3), np.zeros(3), loss_collection="extra")
    assert a.op.name.startswith("l1/")
    assert tf.losses.get_losses() == [a]
    assert tf.losses.get_losses(loss_collection="extra") == [c]
    assert b not in tf.losses.get_losses()
    d = tf.losses.mean_squared_error(np.ones(3), np.zeros(3))
    assert d.dtype == tf.float32  # computed in float32 whatever the inputs
    e = tf.losses.compute_weighted_loss(tf.constant([1.0, 3.0], tf.float64))
    assert e.dtype == tf.float64 and run(e) == 2.0  # cast back to the losses' dtype
    assert tf.losses.get_losses(scope="l1") == [a]


def test_sparse_softmax_squeezes_labels_and_weights():
    logits = np.random.RandomState(1).randn(3, 4)
    labels = np.array([[1], [3], [0]])
    weights = np.array([[1.0], [0.0], [2.0]])
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits, weights=weights)
    per_row = -np_log_softmax(logits)[np.arange(3), labels[:, 0]]
    assert run(loss) == pytest.approx((per_row[0] + 2 * per_row[2]) / 2, rel=1e-5)
    with pytest.raises(ValueError):
        tf.losses.sparse_softmax_cross_entropy(np.zeros((3, 2), np.int32), logits)


def test_softmax_cross_entropy_does_not_differentiate_the_labels():
    labels = tf.constant(ONEHOT)
    loss = tf.losses.softmax_cross_entropy(labels, tf.constant(PRED))
    assert tf.gradients(loss, labels) == [None]


def test_mean_pairwise_squared_error():
    labels = np.array([[1.0, 2.0, 4.0], [0.0, 1.0, -1.0]])
    preds = np.array([[0.5, 2.0, 3.0], [1.0, 1.0, 1.0]])
    weights = np.array([[2.0], [1.0]])

    def reference(w_rows):
        total = 0.0
        for d, w in zip(preds - labels, w_rows):
            pairs = [(d[i] - d[j]) ** 2 for i in range(3) for j in range(3) if i != j]
            total += w * np.mean(pairs)  # the mean over ordered pairs of distinct elements
        return total
    got = run(tf.losses.mean_pairwise_squared_error(labels, preds, weights))
    assert got == pytest.approx(reference([2.0, 1.0]), rel=1e-5)
    shifted = run(tf.losses.mean_pairwise_squared_error(labels, preds + 5.0))
    assert shifted == pytest.approx(reference([1.0, 1.0]), rel=1e-5)  # shift-invariant
    assert run(tf.losses.mean_pairwise_squared_error(labels, preds, 0.0)) == 0.0


def test_total_and_regularization_losses():
    assert run(tf.losses.get_regularization_loss()) == 0.0
    with pytest.raises(ValueError, match="No losses"):
        tf.losses.get_total_loss()
    w = tf.get_variable("w", initializer=tf.constant([3.0, 4.0]),
                        regularizer=tf.contrib.layers.l2_regularizer(0.1))
    data_loss = tf.losses.absolute_difference([0.0], [2.0])
    total = tf.losses.get_total_loss()
    reg = tf.losses.get_regularization_loss()
    assert total.op.name == "total_loss" and reg.op.name == "total_regularization_loss"
    assert run(tf.losses.get_total_loss(add_regularization_losses=False)) == 2.0
    with tf.Session() as sess:
        sess.run(w.initializer)
        assert sess.run(reg) == pytest.approx(0.1 * 25 / 2)
        assert sess.run(total) == pytest.approx(2.0 + 1.25)
    assert tf.losses.get_losses() == [data_loss]
