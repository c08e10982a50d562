"""TF1 streaming metrics (``tf.metrics``): names, collections and values recorded from
TensorFlow 2.21 (``tf.compat.v1``) running the same program."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

pytestmark = pytest.mark.usefixtures("fresh_graph")


def _program():
    labels = tf.placeholder(tf.int64, [None])
    preds = tf.placeholder(tf.int64, [None])
    yt = tf.placeholder(tf.float32, [None])
    yp = tf.placeholder(tf.float32, [None])
    metrics = {
        "accuracy": tf.metrics.accuracy(labels, preds),
        "mean": tf.metrics.mean(tf.constant([1., 2., 3.]), weights=tf.constant([1., 0., 2.])),
        "precision": tf.metrics.precision(yt, yp),
        "recall": tf.metrics.recall(yt, yp),
        "rmse": tf.metrics.root_mean_squared_error(yt, yp, weights=[1., 2., 1., 0.]),
        "mae": tf.metrics.mean_absolute_error(yt, yp),
    }
    return (labels, preds, yt, yp), metrics


def test_names_and_collections_as_tensorflow():
    _, m = _program()
    assert [m["accuracy"][0].name, m["accuracy"][1].name] == ["accuracy/value:0",
                                                              "accuracy/update_op:0"]
    assert [m["precision"][0].name, m["mean"][1].name] == ["precision/value:0",
                                                           "mean/update_op:0"]
    expected = ['accuracy/count:0', 'accuracy/total:0', 'mean/count:0', 'mean/total:0',
                'mean_absolute_error/count:0', 'mean_absolute_error/total:0',
                'precision/false_positives/count:0', 'precision/true_positives/count:0',
                'recall/false_negatives/count:0', 'recall/true_positives/count:0',
                'root_mean_squared_error/count:0', 'root_mean_squared_error/total:0']
    assert sorted(v.name for v in tf.local_variables()) == expected
    assert sorted(v.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)) == \
        expected
    assert tf.trainable_variables() == [] and tf.global_variables() == []


def test_streaming_values_as_tensorflow():
    (labels, preds, yt, yp), m = _program()
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert sess.run([m[k][0] for k in ("accuracy", "precision", "recall", "rmse")]) == \
            [0.0, 0.0, 0.0, 0.0]  # safe divisions before anything is counted
        acc, acc_update = m["accuracy"]
        assert sess.run(acc_update, {labels: [1, 2, 3], preds: [1, 2, 0]}) == \
            pytest.approx(0.6666667)
        assert sess.run(acc_update, {labels: [1], preds: [0]}) == pytest.approx(0.5)
        assert sess.run(acc) == pytest.approx(0.5)
        sess.run(m["mean"][1])
        assert sess.run(m["mean"][0]) == pytest.approx(2.3333333)
        feed = {yt: [1., 0., 1., 1.], yp: [1., 1., 0., 1.]}
        keys = ("precision", "recall", "rmse", "mae")
        updated = sess.run([m[k][1] for k in keys], feed)
        np.testing.assert_allclose(updated, [0.6666667, 0.6666667, 0.8660254, 0.5], rtol=1e-6)
        np.testing.assert_allclose(sess.run([m[k][0] for k in keys]), updated, rtol=1e-6)
        sess.run(tf.local_variables_initializer())  # resets
        assert sess.run(acc) == 0.0


def test_collections_arguments_and_shape_check():
    v, u = tf.metrics.mean([1.0, 3.0], metrics_collections=["my_metrics"],
                           updates_collections=["my_updates"])
    assert tf.get_collection("my_metrics") == [v] and tf.get_collection("my_updates") == [u]
    with pytest.raises(ValueError, match="incompatible"):
        tf.metrics.accuracy(tf.constant([1, 2]), tf.constant([1, 2, 3]))


def test_auc_as_tensorflow():
    """ROC and PR areas (trapezoidal, careful interpolation, minoring, majoring, weighted)
    after two batches, recorded from TF 2.21."""
    rng = np.random.RandomState(0)
    y = (rng.rand(50) > 0.5).astype(np.int64)
    p = np.clip(y * 0.3 + rng.rand(50) * 0.7, 0, 1).astype(np.float32)
    w = rng.rand(50).astype(np.float32)
    lab = tf.placeholder(tf.int64, [None])
    pr = tf.placeholder(tf.float32, [None])
    wt = tf.placeholder(tf.float32, [None])
    outs = [tf.metrics.auc(lab, pr),
            tf.metrics.auc(lab, pr, curve="PR", name="pr"),
            tf.metrics.auc(lab, pr, curve="PR", summation_method="careful_interpolation",
                           name="prc"),
            tf.metrics.auc(lab, pr, num_thresholds=20, summation_method="minoring",
                           name="mino"),
            tf.metrics.auc(lab, pr, weights=wt, summation_method="majoring", name="w")]
    assert sorted(v.name for v in tf.local_variables())[:4] == [
        'auc/false_negatives:0', 'auc/false_positives:0', 'auc/true_negatives:0',
        'auc/true_positives:0']
    assert tf.local_variables()[0].shape.as_list() == [200]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        first = [sess.run(u, {lab: y[:30], pr: p[:30], wt: w[:30]}) for _, u in outs]
        second = [sess.run(u, {lab: y[30:], pr: p[30:], wt: w[30:]}) for _, u in outs]
        final = [sess.run(v) for v, _ in outs]
    np.testing.assert_allclose(first, [0.7749999165534973, 0.8647514581680298,
                                       0.8650429248809814, 0.7749999165534973,
                                       0.7152515649795532], rtol=1e-6)
    want = [0.7924999594688416, 0.8523747324943542, 0.8524675965309143, 0.7749999761581421,
            0.7657768130302429]
    np.testing.assert_allclose(second, want, rtol=1e-6)
    np.testing.assert_allclose(final, want, rtol=1e-6)
    with pytest.raises(ValueError, match="Curve must be either ROC or PR"):
        tf.metrics.auc(lab, pr, curve="XY")
