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


# -- metrics that were missing; expected values recorded from TensorFlow 2.21 (tf.compat.v1) ---
def _local_vars():
    return [(v.op.name, v.dtype.base_dtype.name, tuple(v.shape.as_list()))
            for v in tf.local_variables()]


def test_confusion_matrix_values_dtypes_names_and_errors():
    lab, pred = tf.constant([0, 1, 2, 1, 0]), tf.constant([0, 2, 2, 1, 1])
    a = tf.confusion_matrix(lab, pred)
    b = tf.confusion_matrix(lab, pred, num_classes=4, weights=tf.constant([1., 2., 3., 4., 5.]))
    c = tf.math.confusion_matrix(tf.constant([0, 1], tf.int64), tf.constant([1, 1], tf.int64),
                                 dtype=tf.float64, name="cmx")
    with tf.Session() as s:
        va, vb, vc = s.run([a, b, c])
    np.testing.assert_array_equal(va, [[1, 1, 0], [0, 1, 1], [0, 0, 1]])
    np.testing.assert_array_equal(vb, [[1, 5, 0, 0], [0, 4, 2, 0], [0, 0, 3, 0], [0, 0, 0, 0]])
    np.testing.assert_array_equal(vc, [[0., 1.], [0., 1.]])
    assert [va.dtype, vb.dtype, vc.dtype] == [np.int32, np.int32, np.float64]
    assert [a.name, b.name, c.name] == ["confusion_matrix/ScatterNd:0",
                                        "confusion_matrix_1/ScatterNd:0", "cmx/ScatterNd:0"]
    assert a.shape.as_list() == [3, 3] and b.shape.as_list() == [4, 4]
    with tf.Session() as s:
        for bad in (tf.confusion_matrix(tf.constant([0, 5]), tf.constant([0, 1]), 3),
                    tf.confusion_matrix(tf.constant([0, -1]), tf.constant([0, 1]))):
            with pytest.raises(tf.errors.InvalidArgumentError):
                s.run(bad)


def test_mean_iou_mean_per_class_accuracy_and_true_negatives():
    labels, preds = tf.placeholder(tf.int64, [None]), tf.placeholder(tf.int64, [None])
    w = tf.placeholder(tf.float32, [None])
    m, mu = tf.metrics.mean_iou(labels, preds, 3)
    m2, mu2 = tf.metrics.mean_iou(labels, preds, 3, weights=w, name="wmiou")
    pc, pcu = tf.metrics.mean_per_class_accuracy(labels, preds, 3)
    pc2, pcu2 = tf.metrics.mean_per_class_accuracy(labels, preds, 3, weights=w)
    tn, tnu = tf.metrics.true_negatives(labels > 0, preds > 0)
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        assert s.run([m, m2, pc, pc2, tn]) == [0.0] * 5
        r1 = s.run([mu, mu2, pcu, pcu2, tnu], {labels: [0, 1, 2, 1, 0, 2],
                                               preds: [0, 2, 2, 1, 1, 0],
                                               w: [1, 0.5, 2, 1, 0, 1]})
        r2 = s.run([mu, mu2, pcu, pcu2, tnu], {labels: [1, 1], preds: [1, 1], w: [1, 1]})
        r3 = s.run([m, m2, pc, pc2, tn])
    np.testing.assert_array_equal(r1[0], [[1, 1, 0], [0, 1, 1], [1, 0, 1]])
    np.testing.assert_array_equal(r1[1], [[1, 0, 0], [0, 1, 0.5], [1, 0, 2]])
    np.testing.assert_allclose(r1[2], [0.5, 0.5, 0.5])
    np.testing.assert_allclose(r1[3], [1.0, 0.6666667, 0.6666667], rtol=1e-6)
    assert r1[4] == 1.0 and r1[0].dtype == np.float64
    np.testing.assert_array_equal(r2[0], [[1, 1, 0], [0, 3, 1], [1, 0, 1]])
    np.testing.assert_allclose(r2[3], [1.0, 0.85714287, 0.6666667], rtol=1e-6)
    # the mean IoU sums the float32 per-class IoUs in order: 0.42222226, not 0.42222223
    assert r3[0] == np.float32(0.42222226)
    np.testing.assert_allclose(r3[1:], [0.64285713, 0.5833333, 0.8412699, 1.0], rtol=1e-6)
    assert _local_vars() == [
        ("mean_iou/total_confusion_matrix", "float64", (3, 3)),
        ("wmiou/total_confusion_matrix", "float64", (3, 3)),
        ("mean_accuracy/total", "float32", (3,)), ("mean_accuracy/count", "float32", (3,)),
        ("mean_accuracy_1/total", "float32", (3,)), ("mean_accuracy_1/count", "float32", (3,)),
        ("true_negatives/count", "float32", ())]
    assert [m.name, m2.name] == ["mean_iou/Select_1:0", "wmiou/Select_1:0"]
    assert [pc.name, pcu.name, tn.name] == ["mean_accuracy/mean_accuracy:0",
                                            "mean_accuracy/update_op:0",
                                            "true_negatives/Identity:0"]


def test_mean_iou_skips_absent_classes_and_per_class_accuracy_does_not():
    m, mu = tf.metrics.mean_iou(tf.constant([0, 0]), tf.constant([0, 0]), 3)
    pc, pcu = tf.metrics.mean_per_class_accuracy(tf.constant([0, 0]), tf.constant([0, 1]), 3)
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        s.run([mu, pcu])
        got = s.run([m, pc])
    assert got[0] == 1.0 and got[1] == np.float32(0.16666667)


def test_precision_and_recall_at_k():
    labels = tf.constant([[1], [2], [0]], tf.int64)
    logits = tf.constant([[0.1, 0.8, 0.1, 0.0], [0.5, 0.3, 0.2, 0.0], [0.3, 0.3, 0.3, 0.1]])
    p, pu = tf.metrics.precision_at_k(labels, logits, k=2)
    r, ru = tf.metrics.recall_at_k(labels, logits, k=2)
    p1, pu1 = tf.metrics.precision_at_k(tf.constant([1, 2, 0], tf.int64), logits, k=1)
    r3, ru3 = tf.metrics.recall_at_k(tf.constant([1, 2, 0], tf.int64), logits, k=3, class_id=2)
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        assert np.isnan(s.run([p, r, p1, r3])).all()   # 0 / 0 before any update
        np.testing.assert_allclose(s.run([pu, ru, pu1, ru3]), [1 / 3, 2 / 3, 2 / 3, 1.0])
    assert _local_vars() == [
        ("precision_at_2/true_positive_at_2", "float64", ()),
        ("precision_at_2/false_positive_at_2", "float64", ()),
        ("recall_at_2/true_positive_at_2", "float64", ()),
        ("recall_at_2/false_negative_at_2", "float64", ()),
        ("precision_at_1/true_positive_at_1", "float64", ()),
        ("precision_at_1/false_positive_at_1", "float64", ()),
        ("recall_at_3_class2/true_positive_at_3_class2", "float64", ()),
        ("recall_at_3_class2/false_negative_at_3_class2", "float64", ())]
    assert [p.name, pu.name, r3.name] == ["precision_at_2:0", "precision_at_2/update:0",
                                          "recall_at_3_class2:0"]


def test_recall_at_k_counts_out_of_range_labels_as_missed():
    labels = tf.constant([[1, 3], [2, -1], [0, 7]], tf.int64)
    logits = tf.constant([[0.1, 0.8, 0.1, 0.0], [0.5, 0.3, 0.2, 0.0], [0.3, 0.35, 0.3, 0.1]])
    w = tf.constant([1.0, 2.0, 0.5])
    _, pu = tf.metrics.precision_at_k(labels, logits, k=2, weights=w)
    _, ru = tf.metrics.recall_at_k(labels, logits, k=2, weights=w)
    _, pu1 = tf.metrics.precision_at_k(labels, logits, k=1, class_id=1)
    _, ru3 = tf.metrics.recall_at_k(labels, logits, k=3, class_id=0,
                                    weights=tf.constant([1.0, 2.0, 3.0]))
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        np.testing.assert_allclose(s.run([pu, ru, pu1, ru3]),
                                   [0.21428571428571427, 0.21428571428571427, 0.5, 1.0])


def test_labels_with_a_trailing_dimension_of_one_are_squeezed_as_tf_does():
    # labels [N, 1] against predictions [N] (a labels placeholder beside tf.argmax(logits, 1));
    # values recorded from TF 2.21's tf.compat.v1.metrics
    want = {"accuracy": 0.5, "precision": 2 / 3, "recall": 2 / 3, "auc": 0.33333322,
            "mean_squared_error": 0.5, "true_positives": 2.0}
    for name, expected in want.items():
        with tf.Graph().as_default():
            lab = tf.placeholder(tf.int64, [None, 1])
            pred = tf.placeholder(tf.int64, [None])
            if name in ("precision", "recall", "true_positives", "auc"):
                p = tf.cast(pred, tf.float32) if name == "auc" else tf.cast(pred, tf.bool)
                value, update = getattr(tf.metrics, name)(tf.cast(lab, tf.bool), p)
            else:
                value, update = getattr(tf.metrics, name)(labels=lab, predictions=pred)
            with tf.Session() as sess:
                sess.run(tf.local_variables_initializer())
                sess.run(update, {lab: [[1], [0], [1], [1]], pred: [1, 1, 0, 1]})
                np.testing.assert_allclose(sess.run(value), expected, rtol=1e-6, err_msg=name)
    with tf.Graph().as_default(), pytest.raises(ValueError, match="incompatible"):
        tf.metrics.accuracy(tf.zeros([4, 2]), tf.zeros([4]))
