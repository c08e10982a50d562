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
