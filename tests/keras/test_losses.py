"""keras.losses: values against NumPy, reductions, from_logits, label handling."""
import numpy as np
import pytest

from tensorweave import keras
from tensorweave.keras import losses

EPS = 1e-7
rng = np.random.default_rng(0)
LOGITS = rng.normal(size=(5, 4)).astype("float32")
PROBS = (np.exp(LOGITS) / np.exp(LOGITS).sum(1, keepdims=True)).astype("float32")
LABELS = np.array([0, 3, 1, 1, 2])
ONEHOT = np.eye(4, dtype="float32")[LABELS]
Y_TRUE = rng.normal(size=(5, 3)).astype("float32")
Y_PRED = rng.normal(size=(5, 3)).astype("float32")
BIN_TRUE = rng.integers(0, 2, size=(5, 1)).astype("float32")
BIN_PRED = rng.uniform(0.05, 0.95, size=(5, 1)).astype("float32")


def run(t):
    return keras.backend.get_session().run(t)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


PER_SAMPLE = [
    ("mean_squared_error", Y_TRUE, Y_PRED, ((Y_TRUE - Y_PRED) ** 2).mean(-1)),
    ("mean_absolute_error", Y_TRUE, Y_PRED, np.abs(Y_TRUE - Y_PRED).mean(-1)),
    ("mean_absolute_percentage_error", Y_TRUE, Y_PRED,
     100 * np.abs((Y_TRUE - Y_PRED) / np.maximum(np.abs(Y_TRUE), EPS)).mean(-1)),
    ("mean_squared_logarithmic_error", np.abs(Y_TRUE), np.abs(Y_PRED),
     ((np.log1p(np.abs(Y_PRED)) - np.log1p(np.abs(Y_TRUE))) ** 2).mean(-1)),
    ("categorical_crossentropy", ONEHOT, PROBS, -np.log(PROBS[np.arange(5), LABELS])),
    ("sparse_categorical_crossentropy", LABELS, PROBS, -np.log(PROBS[np.arange(5), LABELS])),
    ("binary_crossentropy", BIN_TRUE, BIN_PRED,
     -(BIN_TRUE * np.log(BIN_PRED) + (1 - BIN_TRUE) * np.log(1 - BIN_PRED)).mean(-1)),
    ("hinge", BIN_TRUE, Y_PRED[:, :1],
     np.maximum(1 - (2 * BIN_TRUE - 1) * Y_PRED[:, :1], 0).mean(-1)),
    ("kl_divergence", PROBS[::-1].copy(), PROBS,
     (PROBS[::-1] * np.log(PROBS[::-1] / PROBS)).sum(-1)),
    ("poisson", np.abs(Y_TRUE), np.abs(Y_PRED),
     (np.abs(Y_PRED) - np.abs(Y_TRUE) * np.log(np.abs(Y_PRED) + EPS)).mean(-1)),
    ("log_cosh", Y_TRUE, Y_PRED, np.log(np.cosh(Y_PRED - Y_TRUE)).mean(-1)),
]


@pytest.mark.parametrize("name, y_true, y_pred, want", PER_SAMPLE,
                         ids=[c[0] for c in PER_SAMPLE])
def test_loss_functions_match_numpy(name, y_true, y_pred, want):
    fn = losses.get(name)
    got = run(fn(y_true, y_pred))
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)


def test_huber():
    err = np.abs(Y_PRED - Y_TRUE)
    want = np.where(err <= 1.0, 0.5 * err ** 2, err - 0.5).mean(-1)
    np.testing.assert_allclose(run(losses.huber(Y_TRUE, Y_PRED)), want, rtol=1e-5)


def test_from_logits_and_softmax_outputs_agree():
    want = -np.log(PROBS[np.arange(5), LABELS])
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, reduction="none")
    np.testing.assert_allclose(run(loss(LABELS, LOGITS)), want, rtol=1e-5)
    cce = losses.CategoricalCrossentropy(from_logits=True, reduction="none")
    np.testing.assert_allclose(run(cce(ONEHOT, LOGITS)), want, rtol=1e-5)
    bce = losses.BinaryCrossentropy(from_logits=True, reduction="none")
    z = LOGITS[:, :1]
    p = sigmoid(z)
    want_b = -(BIN_TRUE * np.log(p) + (1 - BIN_TRUE) * np.log(1 - p)).mean(-1)
    np.testing.assert_allclose(run(bce(BIN_TRUE, z)), want_b, rtol=1e-5)


def test_huge_softmax_logits_stay_finite_through_the_softmax_op():
    import tensorweave.compat.v1 as tw  # a graph: the loss finds the Softmax op's logits
    logits = tw.constant([[1000.0, 0.0, -1000.0]])
    probs = tw.nn.softmax(logits)
    value = run(losses.sparse_categorical_crossentropy(np.array([1]), probs))
    np.testing.assert_allclose(value, [1000.0], rtol=1e-5)


def test_reductions_and_sample_weight():
    w = np.array([1.0, 0.0, 2.0, 1.0, 0.5], "float32")
    per = ((Y_TRUE - Y_PRED) ** 2).mean(-1)
    mse = losses.MeanSquaredError()
    assert mse.reduction == "sum_over_batch_size" and mse.name == "mean_squared_error"
    np.testing.assert_allclose(run(mse(Y_TRUE, Y_PRED)), per.mean(), rtol=1e-5)
    np.testing.assert_allclose(run(mse(Y_TRUE, Y_PRED, sample_weight=w)), (per * w).sum() / 5,
                               rtol=1e-5)
    s = losses.MeanSquaredError(reduction="sum")
    np.testing.assert_allclose(run(s(Y_TRUE, Y_PRED, sample_weight=w)), (per * w).sum(),
                               rtol=1e-5)
    m = losses.MeanSquaredError(reduction="mean_with_sample_weight")
    np.testing.assert_allclose(run(m(Y_TRUE, Y_PRED, sample_weight=w)),
                               (per * w).sum() / w.sum(), rtol=1e-5)
    n = losses.MeanSquaredError(reduction="none")
    np.testing.assert_allclose(run(n(Y_TRUE, Y_PRED)), per, rtol=1e-5)
    with pytest.raises(ValueError, match="reduction"):
        losses.MeanSquaredError(reduction="bogus")


def test_label_shapes_are_matched_to_the_predictions():
    y = np.array([1.0, 2.0, 3.0], "float32")
    p = np.array([[1.5], [2.0], [2.0]], "float32")
    np.testing.assert_allclose(run(losses.mean_squared_error(y, p)), [0.25, 0.0, 1.0])
    np.testing.assert_allclose(
        run(losses.sparse_categorical_crossentropy(LABELS[:, None], PROBS)),
        -np.log(PROBS[np.arange(5), LABELS]), rtol=1e-5)


def test_label_smoothing():
    cce = losses.CategoricalCrossentropy(label_smoothing=0.1, reduction="none")
    smooth = ONEHOT * 0.9 + 0.1 / 4
    np.testing.assert_allclose(run(cce(ONEHOT, PROBS)), -(smooth * np.log(PROBS)).sum(-1),
                               rtol=1e-5)


def test_get_names_and_aliases():
    assert losses.get("mse") is losses.mean_squared_error
    assert losses.get("MAE") is losses.mean_absolute_error
    assert isinstance(losses.get("MeanSquaredError"), losses.MeanSquaredError)
    config = losses.SparseCategoricalCrossentropy(from_logits=True).get_config()
    assert config == {"name": "sparse_categorical_crossentropy",
                      "reduction": "sum_over_batch_size", "from_logits": True,
                      "ignore_class": None}
    clone = losses.deserialize(losses.serialize(losses.Huber(delta=2.0)))
    assert isinstance(clone, losses.Huber) and clone.delta == 2.0
    with pytest.raises(ValueError, match="loss"):
        losses.get("nope")


def test_losses_and_activations_on_arrays_give_values_as_keras_does():
    # Keras 3 returns eager tensors here: float(), .numpy() and np.asarray() give the value
    y_true, y_pred = np.array([[0.0, 1.0]]), np.array([[1.0, 1.0]])
    loss = keras.losses.MeanSquaredError()(y_true, y_pred)
    assert float(loss) == 0.5 and loss.numpy() == np.float32(0.5)
    np.testing.assert_allclose(
        np.asarray(keras.losses.binary_crossentropy(np.array([[1.0]]), np.array([[0.5]]))),
        [np.log(2.0)], rtol=1e-6)
    np.testing.assert_array_equal(np.asarray(keras.activations.relu(np.array([-1.0, 2.0]))),
                                  [0.0, 2.0])
    kernel = keras.initializers.GlorotUniform(seed=1)((20, 30))
    values = np.asarray(kernel)
    np.testing.assert_array_equal(values, np.asarray(kernel))  # one draw, kept
    assert np.abs(values).max() <= np.sqrt(6.0 / 50.0)
