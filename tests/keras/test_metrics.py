"""keras.metrics: Keras 3 results on arrays (update_state) and in graphs (graph_update).

REFERENCE holds what Keras 3.15.1 (JAX backend) returned for the cases below, computed once
with real Keras over two batches, unweighted and with sample weights; tensorweave must agree
to float32 rounding on both paths.
"""
import numpy as np
import pytest

import tensorweave as tw
from tensorweave.keras import metrics as M


def _data():
    rng = np.random.RandomState(0)
    n, c = 37, 6
    probs = rng.rand(n, c).astype("float32")
    probs /= probs.sum(1, keepdims=True)
    probs[3] = probs[3, 0]  # a row of ties
    sparse = rng.randint(0, c, n)
    onehot = np.eye(c, dtype="float32")[sparse]
    bin_true = rng.randint(0, 2, (n, 1)).astype("float32")
    bin_pred = rng.rand(n, 1).astype("float32")
    bin_pred[:5] = [[0.], [1.], [0.5], [0.25], [0.75]]  # values on thresholds
    reg_true = rng.randn(n, 3).astype("float32")
    reg_pred = rng.randn(n, 3).astype("float32")
    sw = rng.rand(n).astype("float32")
    ml_true = rng.randint(0, 2, (n, 3)).astype("float32")
    ml_pred = rng.rand(n, 3).astype("float32")
    cases = [
        ("Accuracy", {}, sparse[:, None].astype("float32"),
         np.argmax(probs, 1)[:, None].astype("float32")),
        ("BinaryAccuracy", {}, bin_true, bin_pred),
        ("BinaryAccuracy", {"threshold": 0.7}, bin_true[:, 0], bin_pred[:, 0]),
        ("CategoricalAccuracy", {}, onehot, probs),
        ("SparseCategoricalAccuracy", {}, sparse, probs),
        ("SparseCategoricalAccuracy", {}, sparse[:, None], probs),
        ("TopKCategoricalAccuracy", {"k": 2}, onehot, probs),
        ("SparseTopKCategoricalAccuracy", {"k": 3}, sparse, probs),
        ("SparseTopKCategoricalAccuracy", {"k": 1}, sparse[:, None], probs),
        ("MeanSquaredError", {}, reg_true, reg_pred),
        ("MeanAbsoluteError", {}, reg_true, reg_pred),
        ("Precision", {}, bin_true, bin_pred),
        ("Precision", {"thresholds": [0.0, 0.5, 1.0]}, bin_true, bin_pred),
        ("Precision", {"thresholds": [0.3, 0.6, 0.65]}, bin_true, bin_pred),
        ("Precision", {"top_k": 2}, onehot, probs),
        ("Precision", {"class_id": 2}, onehot, probs),
        ("Recall", {}, bin_true, bin_pred),
        ("Recall", {"thresholds": [0.2, 0.8]}, bin_true, bin_pred),
        ("Recall", {"top_k": 1, "class_id": 1}, onehot, probs),
        ("AUC", {}, bin_true, bin_pred),
        ("AUC", {"num_thresholds": 7}, bin_true, bin_pred),
        ("AUC", {"curve": "PR"}, bin_true, bin_pred),
        ("AUC", {"curve": "PR", "summation_method": "minoring"}, bin_true, bin_pred),
        ("AUC", {"summation_method": "majoring"}, bin_true, bin_pred),
        ("AUC", {"thresholds": [0.1, 0.4, 0.45, 0.8]}, bin_true, bin_pred),
        ("AUC", {"multi_label": True}, ml_true, ml_pred),
        ("AUC", {"multi_label": True, "label_weights": [0.2, 1.0, 0.5], "curve": "PR"},
         ml_true, ml_pred),
        ("AUC", {"label_weights": [0.2, 1.0, 0.5]}, ml_true, ml_pred),
        ("AUC", {"from_logits": True}, bin_true, (bin_pred - 0.5) * 8),
        ("AUC", {"multi_label": True, "thresholds": [0.3, 0.5]}, ml_true, ml_pred),
    ]
    return cases, sw


CASES, SW = _data()

# Keras 3.15.1 results: [unweighted, weighted] per case, in CASES order.
REFERENCE = [
    [0.1621622, 0.1864302], [0.4324324, 0.4827966], [0.5135135, 0.5638705],
    [0.1621622, 0.1864302], [0.1621622, 0.1864302], [0.1621622, 0.1864302],
    [0.3513514, 0.4055235], [0.5135135, 0.5807046], [0.1621622, 0.1864302],
    [2.1766336, 2.14856], [1.2139733, 1.2226111], [0.3888889, 0.4096003],
    [[0.4444444, 0.3888889, 0.0], [0.4159963, 0.4096003, 0.0]],
    [[0.4827586, 0.4375, 0.4666667], [0.4571583, 0.4613536, 0.4881859]],
    [0.1756757, 0.2027618], [0.0, 0.0], [0.4117647, 0.48409],
    [[0.9411765, 0.0588235], [0.9592209, 0.0720226]], [0.3333333, 0.2486471],
    [0.4735294, 0.5136497], [0.4470588, 0.4866411], [0.4114803, 0.400762],
    [0.3751118, 0.3557206], [0.4764706, 0.5158806], [0.457353, 0.4847633],
    [0.4638011, 0.4766438], [0.5717946, 0.5805538], [0.44984, 0.4824257],
    [0.4735294, 0.5145004], [0.4505839, 0.4586701],
]

BATCHES = (slice(0, 20), slice(20, None))
IDS = [f"{i}-{cls}-{kw}" for i, (cls, kw, _, _) in enumerate(CASES)]


def _update_arrays(metric, y_true, y_pred, weights):
    for part in BATCHES:
        metric.update_state(y_true[part], y_pred[part],
                            sample_weight=None if weights is None else weights[part])
    return np.asarray(metric.result())


def _update_graph(metric, y_true, y_pred, weights):
    graph = tw.Graph()
    with graph.as_default():
        t = tw.placeholder(tw.as_dtype(y_true.dtype), (None,) + y_true.shape[1:])
        p = tw.placeholder(tw.float32, (None,) + y_pred.shape[1:])
        w = None if weights is None else tw.placeholder(tw.float32, [None])
        increments = metric.graph_update(t, p, w)
        assert len(increments) == len(metric.state)
        with tw.Session() as sess:
            for part in BATCHES:
                feed = {t: y_true[part], p: y_pred[part]}
                if w is not None:
                    feed[w] = weights[part]
                metric.accumulate(sess.run(list(increments), feed))
    return np.asarray(metric.result())


@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_matches_keras_on_arrays(index):
    cls, kwargs, y_true, y_pred = CASES[index]
    for weights, expected in zip((None, SW), REFERENCE[index]):
        got = _update_arrays(getattr(M, cls)(**kwargs), y_true, y_pred, weights)
        np.testing.assert_allclose(got, expected, atol=2e-6)


@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_graph_update_matches_arrays(index):
    cls, kwargs, y_true, y_pred = CASES[index]
    for weights, expected in zip((None, SW), REFERENCE[index]):
        got = _update_graph(getattr(M, cls)(**kwargs), y_true, y_pred, weights)
        np.testing.assert_allclose(got, expected, atol=2e-6)


# -- Keras's documented examples ----------------------------------------------------------

def test_keras_docstring_examples():
    m = M.BinaryAccuracy()
    m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
    assert float(m.result()) == pytest.approx(0.75)
    m.reset_state()
    m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]],
                   sample_weight=[1, 0, 0, 1])
    assert float(m.result()) == pytest.approx(0.5)

    m = M.CategoricalAccuracy()
    m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    assert float(m.result()) == pytest.approx(0.5)

    m = M.TopKCategoricalAccuracy(k=1)
    m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    assert float(m.result()) == pytest.approx(0.5)

    m = M.Precision(top_k=2)
    m.update_state([0, 0, 1, 1], [1, 1, 1, 1])
    assert float(m.result()) == pytest.approx(0.0)  # top 2 are indices 0, 1: both negative

    m = M.AUC(num_thresholds=3)
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    assert float(m.result()) == pytest.approx(0.75)

    m = M.Mean()
    m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    assert float(m.result()) == pytest.approx(2.0)
    m = M.Sum()
    m.update_state([1, 3, 5, 7])
    assert float(m.result()) == pytest.approx(16.0)


def test_mean_and_sum_in_graphs():
    graph = tw.Graph()
    with graph.as_default():
        values = tw.placeholder(tw.float32, [None, 2])
        weights = tw.placeholder(tw.float32, [None])
        mean, total = M.Mean(), M.Sum()
        mean_inc = mean.graph_update(values, weights)
        sum_inc = total.graph_update(values)
        with tw.Session() as sess:
            batch = {values: [[1., 3.], [5., 7.]], weights: [1., 0.]}
            a, b = sess.run([list(mean_inc), list(sum_inc)], batch)
    mean.accumulate(a)
    total.accumulate(b)
    assert float(mean.result()) == pytest.approx(2.0)  # Keras: mean over axis 1, then weights
    assert float(total.result()) == pytest.approx(16.0)
    assert mean.state_names == ("total", "count")


# -- state protocol ------------------------------------------------------------------------

def test_state_reset_and_aliases():
    m = M.SparseCategoricalAccuracy()
    assert m([1, 2], [[0.1, 0.9, 0.0], [0.8, 0.1, 0.1]]) == pytest.approx(0.5)
    assert [float(s) for s in m.state] == [1.0, 2.0]
    m.reset_states()
    assert [float(s) for s in m.state] == [0.0, 0.0]
    assert float(m.result()) == 0.0  # divide_no_nan
    m.set_state([3.0, 4.0])
    assert float(m.result()) == pytest.approx(0.75)
    with pytest.raises(ValueError, match="state arrays"):
        m.set_state([1.0])
    with pytest.raises(ValueError, match="expects 2 values"):
        m.accumulate([1.0])


def test_precision_state_shapes_and_multi_label_auc_learns_labels():
    m = M.Precision(thresholds=[0.2, 0.5, 0.8])
    assert m.state_names == ("true_positives", "false_positives")
    assert [s.shape for s in m.state] == [(3,), (3,)]
    auc = M.AUC(multi_label=True)
    assert float(auc.result()) == 0.0
    auc.update_state([[0, 1], [1, 0]], [[0.2, 0.7], [0.6, 0.4]])
    assert auc.state[0].shape == (200, 2)
    assert float(auc.result()) == pytest.approx(1.0)


def test_custom_function_metric_works_on_arrays_only():
    m = M.MeanMetricWrapper(lambda t, p: np.abs(np.asarray(t) - np.asarray(p)), name="l1")
    m.update_state([1.0, 2.0], [1.5, 2.0])
    assert float(m.result()) == pytest.approx(0.25)
    graph = tw.Graph()
    with graph.as_default():
        x = tw.placeholder(tw.float32, [None])
        with pytest.raises(TypeError, match="arrays only"):
            m.graph_update(x, x)


# -- lookup, resolution, config ----------------------------------------------------------------

@pytest.mark.parametrize("name, cls", [
    ("AUC", M.AUC), ("auc", M.AUC), ("precision", M.Precision), ("Recall", M.Recall),
    ("mse", M.MeanSquaredError), ("MAE", M.MeanAbsoluteError),
    ("mean_squared_error", M.MeanSquaredError), ("accuracy", M.Accuracy),
    ("sparse_top_k_categorical_accuracy", M.SparseTopKCategoricalAccuracy),
])
def test_get_by_name(name, cls):
    assert type(M.get(name)) is cls


def test_get_errors_and_passthrough():
    m = M.Mean()
    assert M.get(m) is m and M.get(None) is None
    with pytest.raises(ValueError, match="Could not interpret metric identifier"):
        M.get("no_such_metric")


@pytest.mark.parametrize("loss, expected", [
    ("binary_crossentropy", "BinaryAccuracy"),
    ("sparse_categorical_crossentropy", "SparseCategoricalAccuracy"),
    ("categorical_crossentropy", "CategoricalAccuracy"),
    ("mse", "CategoricalAccuracy"),
])
def test_resolve_accuracy_by_loss(loss, expected):
    for name in ("accuracy", "acc"):
        metric = M.resolve(name, loss)
        assert type(metric).__name__ == expected and metric.name == name


@pytest.mark.parametrize("y_true, y_pred, expected", [
    ((None, 1), (None, 1), "BinaryAccuracy"),
    ((None,), (None, 1), "BinaryAccuracy"),
    ((None,), (None, 10), "SparseCategoricalAccuracy"),
    ((None, 1), (None, 10), "SparseCategoricalAccuracy"),
    ((None, 10), (None, 10), "CategoricalAccuracy"),
])
def test_resolve_accuracy_by_shapes_as_keras3(y_true, y_pred, expected):
    # the shapes win over the loss, as in Keras 3's compile
    metric = M.resolve("accuracy", "binary_crossentropy", y_true, y_pred)
    assert type(metric).__name__ == expected


def test_resolve_other_names():
    assert type(M.resolve("auc", "binary_crossentropy")) is M.AUC
    with pytest.raises(ValueError, match="None"):
        M.resolve(None)


def test_config_round_trip():
    for metric in (M.AUC(num_thresholds=50, curve="PR", thresholds=None),
                   M.AUC(thresholds=[0.2, 0.6]), M.Precision(thresholds=[0.3], top_k=2),
                   M.BinaryAccuracy(threshold=0.7, name="ba"),
                   M.SparseTopKCategoricalAccuracy(k=3)):
        again = M.deserialize(M.serialize(metric))
        assert type(again) is type(metric) and again.get_config() == metric.get_config()


def test_argument_errors():
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        M.Precision(thresholds=[1.5])
    with pytest.raises(ValueError, match="num_thresholds"):
        M.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="curve"):
        M.AUC(curve="XY")
    with pytest.raises(ValueError, match="summation"):
        M.AUC(summation_method="simpson")
    with pytest.raises(ValueError, match="class_id"):
        M.Precision(class_id=0).update_state([1, 0], [0.3, 0.8])


def test_mean_iou_graph_update_matches_arrays_with_weights_and_ignore_class():
    y_true = np.array([[0, 1, 2], [2, 1, 255]])
    y_pred = np.array([[0, 2, 2], [1, 1, 0]])
    weights = np.array([[1.0, 0.5, 2.0], [1.0, 1.0, 3.0]], np.float32)
    arrays = M.MeanIoU(num_classes=3, ignore_class=255)
    arrays.update_state(y_true, y_pred, sample_weight=weights)
    cm = np.zeros((3, 3))
    for t, p, w in zip(y_true.ravel(), y_pred.ravel(), weights.ravel()):
        if t != 255:
            cm[t, p] += w
    tp = np.diag(cm)
    iou = tp / (cm.sum(0) + cm.sum(1) - tp)
    np.testing.assert_allclose(arrays.result(), iou.mean(), rtol=1e-6)
    graph_metric = M.MeanIoU(num_classes=3, ignore_class=255)
    graph = tw.Graph()
    with graph.as_default():
        t = tw.placeholder(tw.int64, [None, 3])
        p = tw.placeholder(tw.int64, [None, 3])
        w = tw.placeholder(tw.float32, [None, 3])
        increments = graph_metric.graph_update(t, p, w)
        with tw.Session() as sess:
            graph_metric.accumulate(sess.run(list(increments),
                                             {t: y_true, p: y_pred, w: weights}))
    np.testing.assert_allclose(graph_metric.state[0], cm, rtol=1e-6)
    np.testing.assert_allclose(graph_metric.result(), arrays.result(), rtol=1e-6)


def test_result_is_an_eager_tensor_for_user_code():
    """As Keras 3 on TensorFlow: ``metric.result().numpy()`` in a custom training loop."""
    from tensorweave.eager import EagerTensor
    m = M.Mean()
    m.update_state([1.0, 2.0])
    r = m.result()
    assert isinstance(r, EagerTensor) and r.dtype.name == "float32"
    assert r.numpy() == np.float32(1.5) and float(r) == 1.5


def test_confusion_matrix_counts_as_keras():
    # recorded from Keras 3.15: default threshold 0.5; thresholds [0.3, 0.65] with weights
    from tensorweave import keras
    y, p, w = [0, 1, 1, 1, 0, 0], [0.9, 0.2, 0.7, 0.6, 0.1, 0.55], [1, 2, 1, 0.5, 1, 3]
    want = {"TruePositives": (2.0, [1.5, 1.0]), "FalsePositives": (2.0, [4.0, 1.0]),
            "TrueNegatives": (1.0, [1.0, 4.0]), "FalseNegatives": (1.0, [2.0, 2.5])}
    for name, (single, several) in want.items():
        m = getattr(M, name)()
        m.update_state(y, p)
        assert float(m.result()) == single
        m2 = getattr(M, name)(thresholds=[0.3, 0.65])
        m2.update_state(y, p, sample_weight=w)
        assert np.asarray(m2.result()).tolist() == several
        assert m2.get_config()["thresholds"] == [0.3, 0.65]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((20, 3)).astype(np.float32)
    labels = (x[:, 0] > 0).astype(np.float32)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(
        1, activation="sigmoid", kernel_initializer="ones")])
    model.compile("sgd", "binary_crossentropy",
                  metrics=[M.TruePositives(name="tp"), M.FalseNegatives(name="fn"),
                           "true_positives"])
    history = model.fit(x, labels, epochs=1, batch_size=5, verbose=0, shuffle=False)
    assert {k: round(v[0], 4) for k, v in history.history.items()} == \
        {"fn": 2.0, "loss": 0.5034, "tp": 9.0, "true_positives": 9.0}
