"""keras.losses / keras.metrics against Keras 3 semantics, value by value.

Every expected value is computed here with NumPy from the documented formula (Keras 3
``keras/src/losses/losses.py``, ``losses/loss.py``, ``metrics/*.py``); where Keras's docs or
its own tests quote a number for the same inputs, that number is asserted too (to the
last digit Keras prints). Tests of known deviations are strict xfails whose reason says
what Keras does and what tensorweave does instead.
"""
import numpy as np
import pytest

from tensorweave import keras
from tensorweave.keras import losses as L
from tensorweave.keras import metrics as M

F32 = np.float32
EPS = 1e-7
TIGHT = {"rtol": 1e-6, "atol": 1e-7}


def run(t):
    return keras.backend.get_session().run(t)


def close(got, want, **kw):
    np.testing.assert_allclose(np.asarray(got), np.asarray(want), **{**TIGHT, **kw})


def np_bce_logits(y, x):
    y, x = np.asarray(y, np.float64), np.asarray(x, np.float64)
    return np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))


def np_bce_probs(y, p):
    # Keras clips in float32: p in [eps, 1 - eps]; 1 - p is exact in float32 near 1
    p = np.clip(np.asarray(p, F32), F32(EPS), F32(1) - F32(EPS))
    one_minus = (F32(1) - p).astype(np.float64)
    y = np.asarray(y, np.float64)
    return -(y * np.log(p.astype(np.float64)) + (1 - y) * np.log(one_minus))


def np_log_softmax(x):
    x = np.asarray(x, np.float64)
    m = x.max(-1, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(-1, keepdims=True))


# ================================================================================== losses ====

# Shared inputs of Keras's own loss tests: y_true, y_pred of shape (2, 3).
KT = np.array([[1, 9, 2], [-5, -2, 6]], F32)
KP = np.array([[4, 8, 12], [8, 1, 3]], F32)
HT = np.array([[0.0, 1.0], [0.0, 0.0]], F32)      # hinge tests' labels
HP = np.array([[0.6, 0.4], [0.4, 0.6]], F32)


def test_bce_from_logits_docstring_examples():
    # Keras BinaryCrossentropy docstring: 0.8654, weighted 0.243, sum 1.730, none [.235, 1.496]
    y1, x1 = np.array([0, 1, 0, 0]), np.array([-18.6, 0.51, 2.94, -12.8], F32)
    want1 = np_bce_logits(y1, x1).mean()
    got = run(L.BinaryCrossentropy(from_logits=True)(y1, x1))
    close(got, want1)
    close(got, 0.8654, rtol=0, atol=1e-4)
    y2, x2 = y1.reshape(2, 2), x1.reshape(2, 2)
    per = np_bce_logits(y2, x2).mean(-1)
    close(run(L.BinaryCrossentropy(from_logits=True)(y2, x2)), per.mean())
    w = np.array([0.8, 0.2], F32)
    got_w = run(L.BinaryCrossentropy(from_logits=True)(y2, x2, sample_weight=w))
    close(got_w, (per * w).sum() / 2)
    close(got_w, 0.243, rtol=0, atol=1e-3)
    close(run(L.BinaryCrossentropy(from_logits=True, reduction="sum")(y2, x2)), per.sum())
    got_n = run(L.BinaryCrossentropy(from_logits=True, reduction=None)(y2, x2))
    close(got_n, per)
    close(got_n, [0.235, 1.496], rtol=0, atol=1e-3)


def test_bce_function_clips_probabilities_at_epsilon():
    # binary_crossentropy docstring: [[0,1],[0,0]] vs [[.6,.4],[.4,.6]] -> [0.916, 0.714]
    got = run(L.binary_crossentropy(HT, HP))
    close(got, np_bce_probs(HT, HP).mean(-1))
    close(got, [0.916, 0.714], rtol=0, atol=1e-3)
    # Keras test: predictions of exactly 0 and 1 are clipped to [1e-7, 1 - 1e-7] -> 3.98559
    y = np.array([[1, 0], [1, 0]], F32)
    p = np.array([[1, 1], [1, 0]], F32)
    got = run(L.BinaryCrossentropy()(y, p))
    close(got, np_bce_probs(y, p).mean(), rtol=1e-6)
    close(got, 3.98559, rtol=0, atol=1e-5)


def test_bce_label_smoothing_pulls_labels_towards_half():
    # y -> y * (1 - ls) + 0.5 * ls; Keras test: (10 + 5 * ls) / 3 up to the log1p terms
    x = np.array([[10.0, -10.0, -10.0]], F32)
    y = np.array([[1, 0, 1]], F32)
    ls = 0.1
    want = np_bce_logits(y * (1 - ls) + 0.5 * ls, x).mean()
    close(run(L.BinaryCrossentropy(from_logits=True, label_smoothing=ls)(y, x)), want)
    close(want, (10.0 + 5.0 * ls) / 3.0, rtol=0, atol=2e-4)


def test_cce_docstring_examples_and_normalisation():
    # CategoricalCrossentropy docstring: 1.177, weighted 0.814, sum 2.354, none [.0513, 2.303]
    y = np.array([[0, 1, 0], [0, 0, 1]])
    p = np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]], F32)
    per = -np.log(np.array([0.95, 0.1]))
    got = run(L.CategoricalCrossentropy()(y, p))
    close(got, per.mean())
    close(got, 1.177, rtol=0, atol=1e-3)
    got_w = run(L.CategoricalCrossentropy()(y, p, sample_weight=np.array([0.3, 0.7])))
    close(got_w, (per * [0.3, 0.7]).sum() / 2)
    close(got_w, 0.814, rtol=0, atol=1e-3)
    close(run(L.CategoricalCrossentropy(reduction="sum")(y, p)), per.sum())
    close(run(L.categorical_crossentropy(y, p)), per)
    close(run(L.categorical_crossentropy(y, p)), [0.0513, 2.303], rtol=0, atol=1e-3)
    # probabilities are divided by their sum first (Keras test: 0.3239)
    y3 = np.eye(3, dtype=F32)
    p3 = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]], F32)
    norm = p3 / p3.sum(-1, keepdims=True)
    want = -np.log(np.diag(norm.astype(np.float64))).mean()
    close(run(L.CategoricalCrossentropy()(y3, p3)), want)
    close(want, 0.3239, rtol=0, atol=1e-4)


def test_cce_from_logits_and_label_smoothing():
    y3 = np.eye(3, dtype=F32)
    logits = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]], F32)
    per = -np.diag(np_log_softmax(logits))
    got = run(L.CategoricalCrossentropy(from_logits=True, reduction=None)(y3, logits))
    close(got, per, rtol=1e-6)
    close(got, [0.001822, 0.000459, 0.169846], rtol=0, atol=1e-6)
    # y -> y * (1 - ls) + ls / num_classes; Keras test: 400 * ls / 3
    ls = 0.1
    x = np.array([[100.0, -100.0, -100.0]], F32)
    y = np.array([[1.0, 0.0, 0.0]], F32)
    smooth = y * (1 - ls) + ls / 3
    want = -(smooth * np_log_softmax(x)).sum()
    got = run(L.CategoricalCrossentropy(from_logits=True, label_smoothing=ls)(y, x))
    close(got, want)
    close(got, 400.0 * ls / 3.0, rtol=1e-6)


def test_sparse_cce_matches_docstring_for_both_label_ranks():
    p = np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]], F32)
    per = -np.log(np.array([0.95, 0.1]))
    for labels in (np.array([1, 2]), np.array([[1], [2]]), np.array([1.0, 2.0], F32)):
        close(run(L.SparseCategoricalCrossentropy(reduction=None)(labels, p)), per)
    got = run(L.SparseCategoricalCrossentropy()(np.array([1, 2]), p,
                                                sample_weight=np.array([0.3, 0.7])))
    close(got, (per * [0.3, 0.7]).sum() / 2)
    close(got, 0.814, rtol=0, atol=1e-3)


IGNORE_Y = np.array([[-1, 2]])
IGNORE_LOGITS = np.array([[[0.854, 0.698, 0.598], [0.088, 0.86, 0.018]]], F32)
IGNORE_VALID = -np_log_softmax(IGNORE_LOGITS[0, 1])[2]


def test_sparse_cce_ignore_class_zeroes_ignored_entries():
    # Keras test: [[0.0, 1.480129]] with reduction=None; "sum" ignores the mask's rescaling
    got = run(L.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1,
                                              reduction=None)(IGNORE_Y, IGNORE_LOGITS))
    close(got, [[0.0, IGNORE_VALID]])
    close(got, [[0.0, 1.480129]], rtol=0, atol=1e-6)
    got = run(L.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1,
                                              reduction="sum")(IGNORE_Y, IGNORE_LOGITS))
    close(got, IGNORE_VALID)


def test_sparse_cce_ignore_class_mean_is_over_valid_entries():
    got = run(L.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)(
        IGNORE_Y, IGNORE_LOGITS))
    close(got, IGNORE_VALID)


def test_hinge_losses_match_keras_tests():
    # {0,1} labels become {-1,1}: Hinge [1.1, 1.5], SquaredHinge [1.46, 2.26],
    # CategoricalHinge [1.2, 1.6] (Keras losses_test)
    ys = 2 * HT - 1
    hinge = np.maximum(1 - ys * HP, 0)
    close(run(L.Hinge(reduction=None)(HT, HP)), hinge.mean(-1))
    close(hinge.mean(-1), [1.1, 1.5])
    close(run(L.Hinge()(HT, HP)), 1.3)
    close(run(L.Hinge(reduction="sum")(HT, HP)), 2.6)
    close(run(L.Hinge()(HT, HP, sample_weight=[1, 0])), 0.55)
    close(run(L.SquaredHinge(reduction=None)(HT, HP)), (hinge ** 2).mean(-1))
    close(run(L.SquaredHinge()(HT, HP)), 1.86)
    pos = (HT * HP).sum(-1)
    neg = ((1 - HT) * HP).max(-1)
    close(run(L.CategoricalHinge(reduction=None)(HT, HP)), np.maximum(neg - pos + 1, 0))
    close(run(L.CategoricalHinge()(HT, HP)), 1.4)
    # labels already in {-1, 1} are used as they are
    close(run(L.hinge(ys, HP)), hinge.mean(-1))


@pytest.mark.parametrize("y_true", [[[-1.0, 0.0, 1.0]], [[0.5, 1.0, 0.0]]],
                         ids=["mixed_-1_0_1", "soft_label"])
def test_hinge_keeps_non_binary_labels(y_true):
    y = np.array(y_true, F32)
    p = np.array([[0.3, -0.2, 0.7]], F32)
    close(run(L.hinge(y, p)), np.maximum(1 - y * p, 0).mean(-1))


def test_huber_docstring_and_delta():
    # huber docstring: [[0,1],[0,0]] vs [[.6,.4],[.4,.6]] -> 0.155
    per = run(L.huber(HT, HP))
    close(per, [0.18, 0.13])
    close(run(L.Huber()(HT, HP)), 0.155)
    y = np.array([[0.0, 0.0, 0.0, 0.0]], F32)
    p = np.array([[0.5, -1.5, 3.0, -0.8]], F32)
    for delta in (1.0, 0.8, 2.0):
        err = np.abs(p - y).astype(np.float64)
        want = np.where(err <= delta, 0.5 * err ** 2, delta * err - 0.5 * delta ** 2).mean(-1)
        close(run(L.huber(y, p, delta=delta)), want)
        close(run(L.Huber(delta=delta, reduction=None)(y, p)), want)


def test_log_cosh_is_stable_and_matches_docstring():
    # log_cosh docstring: [[0,1],[0,0]] vs [[1,1],[0,0]] -> 0.108
    close(run(L.LogCosh()(np.array([[0., 1.], [0., 0.]]), np.array([[1., 1.], [0., 0.]]))),
          np.log(np.cosh(1.0)) / 4, rtol=1e-6)
    close(np.log(np.cosh(1.0)) / 4, 0.108, rtol=0, atol=1e-3)
    err = (KP - KT).astype(np.float64)
    close(run(L.log_cosh(KT, KP)), np.log(np.cosh(err)).mean(-1))
    big = np.array([[100.0, -60.0]], F32)
    close(run(L.log_cosh(np.zeros_like(big), big)), (np.abs(big) - np.log(2.0)).mean(-1))


def test_kl_divergence_clips_both_sides_to_epsilon_one():
    # Keras test data, then zeros: y_true, y_pred clipped to [1e-7, 1]
    yp = np.array([[0.4, 0.9, 0.12], [0.36, 0.3, 0.4]], F32)
    yt = np.array([[0.5, 0.8, 0.12], [0.7, 0.43, 0.8]], F32)
    per = (yt * np.log(yt.astype(np.float64) / yp)).sum(-1)
    close(run(L.kl_divergence(yt, yp)), per, rtol=1e-6)
    close(run(L.KLDivergence()(yt, yp)), per.mean(), rtol=1e-6)
    y0 = np.array([[0.0, 1.0]], F32)
    p0 = np.array([[0.5, 0.0]], F32)
    a, b = np.clip(y0, EPS, 1).astype(np.float64), np.clip(p0, EPS, 1).astype(np.float64)
    close(run(L.kl_divergence(y0, p0)), (a * np.log(a / b)).sum(-1))


def test_poisson_adds_epsilon_inside_the_log():
    yp = np.array([[1, 9, 2], [5, 2, 0]], F32)
    yt = np.array([[4, 8, 12], [8, 1, 3]], F32)
    want = (yp - yt * np.log(yp.astype(np.float64) + EPS)).mean(-1)
    close(run(L.poisson(yt, yp)), want)
    close(run(L.Poisson()(yt, yp)), want.mean())


def test_mape_and_msle_use_epsilon():
    # MAPE: 100 * mean(|y - p| / max(|y|, eps)); Keras test: 211.8518
    want = 100 * (np.abs(KT - KP) / np.maximum(np.abs(KT), EPS)).mean(-1)
    close(run(L.MeanAbsolutePercentageError()(KT, KP)), want.mean())
    close(want.mean(), 211.8518, rtol=0, atol=1e-3)
    y0, p0 = np.array([[0.0, 2.0]], F32), np.array([[1.0, 1.0]], F32)
    close(run(L.mean_absolute_percentage_error(y0, p0)), [100 * (1 / EPS + 0.5) / 2])
    # MSLE: values below eps are replaced by eps; Keras test: 1.4370
    first = np.log(np.maximum(KP, EPS) + 1.0)
    second = np.log(np.maximum(KT, EPS) + 1.0)
    want = ((first - second) ** 2).mean(-1)
    close(run(L.MeanSquaredLogarithmicError()(KT, KP)), want.mean())
    close(want.mean(), 1.4370, rtol=0, atol=1e-3)


def test_cosine_similarity_sign_and_zero_vectors():
    # cosine_similarity docstring: [-0., -0.99999994, 0.99999994]
    yt = np.array([[0., 1.], [1., 1.], [1., 1.], [0., 0.]], F32)
    yp = np.array([[1., 0.], [1., 1.], [-1., -1.], [3., 4.]], F32)
    close(run(L.cosine_similarity(yt, yp)), [0.0, -1.0, 1.0, 0.0])
    a = KT / np.linalg.norm(KT, axis=-1, keepdims=True)
    b = KP / np.linalg.norm(KP, axis=-1, keepdims=True)
    close(run(L.CosineSimilarity()(KT, KP)), -(a * b).sum(-1).mean())
    a0 = KT / np.linalg.norm(KT, axis=0, keepdims=True)
    b0 = KP / np.linalg.norm(KP, axis=0, keepdims=True)
    close(run(L.CosineSimilarity(axis=0, reduction=None)(KT, KP)), -(a0 * b0).sum(0))


@pytest.mark.parametrize("form", ["function", "class"])
def test_cosine_similarity_squeezes_trailing_one(form):
    a = KT / np.linalg.norm(KT, axis=-1, keepdims=True)
    b = KP / np.linalg.norm(KP, axis=-1, keepdims=True)
    fn = L.cosine_similarity if form == "function" else L.CosineSimilarity(reduction=None)
    close(run(fn(KT, KP[..., None])), -(a * b).sum(-1))


PER_SAMPLE_FUNCTIONS = [
    "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "binary_crossentropy", "categorical_crossentropy",
    "hinge", "squared_hinge", "categorical_hinge", "kl_divergence", "poisson", "huber",
    "log_cosh", "cosine_similarity",
]


@pytest.mark.parametrize("name", PER_SAMPLE_FUNCTIONS)
def test_loss_functions_reduce_only_the_last_axis(name):
    rng = np.random.default_rng(1)
    y = rng.uniform(0.05, 0.95, size=(2, 3, 4)).astype(F32)
    p = rng.uniform(0.05, 0.95, size=(2, 3, 4)).astype(F32)
    fn = getattr(L, name)
    assert run(fn(y[:, 0], p[:, 0])).shape == (2,)
    assert run(fn(y, p)).shape == (2, 3)


def test_sparse_cce_function_on_rank_3_predictions():
    rng = np.random.default_rng(1)
    p = rng.uniform(0.05, 0.95, size=(2, 3, 4)).astype(F32)
    labels = np.array([[0, 1, 2], [3, 0, 1]])
    norm = p.astype(np.float64) / p.sum(-1, keepdims=True)
    want = -np.log(np.take_along_axis(norm, labels[..., None], -1)[..., 0])
    close(run(L.sparse_categorical_crossentropy(labels, p)), want, rtol=1e-6)


def test_reductions_and_sample_weight_ranks_match_keras_tests():
    per = ((KT - KP) ** 2).mean(-1)                     # [110/3, 187/3]
    mse = L.MeanSquaredError()
    close(run(mse(KT, KP)), 49.5)
    close(run(L.MeanSquaredError(reduction="mean")(KT, KP)), 49.5)
    close(run(mse(KT, KP, sample_weight=2.3)), 113.85)
    close(run(mse(KT, KP, sample_weight=0)), 0.0)
    w = np.array([[1.2], [3.4]], F32)
    close(run(mse(KT, KP, sample_weight=w)), 767.8 / 6)
    close(run(L.MeanSquaredError(reduction="sum")(KT, KP, sample_weight=2.3)), 227.69998)
    close(run(L.MeanSquaredError(reduction=None)(KT, KP, sample_weight=[2.3, 2.3])),
          [84.3333333, 143.3666667])
    close(run(L.MeanSquaredError(reduction="mean_with_sample_weight")(KT, KP, sample_weight=w)),
          (per * w[:, 0]).sum() / w.sum())
    # per-timestep weights: y (2,3,1) gives values (2,3) weighted by (2,3) -> 97.833336
    ts_w = np.array([3, 6, 5, 0, 4, 2], F32).reshape(2, 3)
    got = run(mse(KT.reshape(2, 3, 1), KP.reshape(2, 3, 1), sample_weight=ts_w))
    close(got, (((KT - KP) ** 2) * ts_w).sum() / 6)
    close(got, 97.833336)
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`"):
        L.MeanSquaredError(reduction="auto")


def test_mean_with_sample_weight_divides_by_the_weights_given():
    per = ((KT - KP) ** 2).mean(-1)
    loss = L.MeanSquaredError(reduction="mean_with_sample_weight")
    close(run(loss(KT, KP, sample_weight=2.3)), (per * 2.3).sum() / 2.3)


def test_unreduced_loss_with_column_weights_keeps_the_weights_rank():
    w = np.array([[1.2], [3.4]], F32)
    got = run(L.MeanSquaredError(reduction=None)(KT, KP, sample_weight=w))
    close(got, ((KT - KP) ** 2).mean(-1, keepdims=True) * w)


def test_loss_object_computes_in_floatx():
    t = L.MeanSquaredError()(np.array([[1.0, 2.0]]), np.array([[1.5, 2.0]]))
    assert run(t).dtype == np.float32


def test_loss_names_and_configs():
    names = {
        L.MeanSquaredError: "mean_squared_error", L.MeanAbsoluteError: "mean_absolute_error",
        L.MeanAbsolutePercentageError: "mean_absolute_percentage_error",
        L.MeanSquaredLogarithmicError: "mean_squared_logarithmic_error",
        L.CosineSimilarity: "cosine_similarity", L.Huber: "huber_loss", L.LogCosh: "log_cosh",
        L.Hinge: "hinge", L.SquaredHinge: "squared_hinge",
        L.CategoricalHinge: "categorical_hinge", L.KLDivergence: "kl_divergence",
        L.Poisson: "poisson", L.BinaryCrossentropy: "binary_crossentropy",
        L.CategoricalCrossentropy: "categorical_crossentropy",
        L.SparseCategoricalCrossentropy: "sparse_categorical_crossentropy",
    }
    for cls, name in names.items():
        obj = cls()
        assert (obj.name, obj.reduction) == (name, "sum_over_batch_size"), cls
    assert L.MeanSquaredError(name="m", reduction="sum").get_config() == \
        {"name": "m", "reduction": "sum"}
    for cls in (L.BinaryCrossentropy, L.CategoricalCrossentropy):
        config = cls(from_logits=True, label_smoothing=0.2, name="x").get_config()
        assert config == {"name": "x", "reduction": "sum_over_batch_size",
                          "from_logits": True, "label_smoothing": 0.2, "axis": -1}
    assert L.get("binary_crossentropy") is L.binary_crossentropy
    assert L.get("MSLE") is L.mean_squared_logarithmic_error
    assert L.get("KLD") is L.kl_divergence


def test_losses_get_bce_alias():
    assert L.get("bce") is L.binary_crossentropy
    assert L.get("BCE") is L.binary_crossentropy


def test_categorical_focal_crossentropy_docstring():
    # alpha * (1 - p)^gamma * -y log p, summed over classes: [3.2058331e-05, 4.6627346e-01]
    y = np.array([[0., 1., 0.], [0., 0., 1.]], F32)
    p = np.array([[0.05, 0.95, 0], [0.1, 0.8, 0.1]], F32)
    pc = np.clip(p / p.sum(-1, keepdims=True), EPS, 1 - EPS).astype(np.float64)
    want = (0.25 * (1 - pc) ** 2 * -y * np.log(pc)).sum(-1)
    close(want, [3.2058331e-05, 4.6627346e-01], rtol=1e-6)
    got = run(L.CategoricalFocalCrossentropy(reduction=None)(y, p))
    close(got, want)


def test_binary_focal_crossentropy_docstring():
    # focal factor (1 - p_t)^gamma times BCE; docstring: [0.330, 0.206] for gamma=2
    want = ((1 - (HT * HP + (1 - HT) * (1 - HP))) ** 2 * np_bce_probs(HT, HP)).mean(-1)
    close(want, [0.330, 0.206], rtol=0, atol=1e-3)
    close(run(L.binary_focal_crossentropy(HT, HP, gamma=2)), want)


# ================================================================================= metrics ====

def test_mean_and_sum_weighting_and_streaming():
    m = M.Sum()
    m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    close(m.result(), 4.0)
    m = M.Mean()
    m.update_state([1, 3, 5, 7], sample_weight=2)       # scalar weight: total 8, count 2
    close([float(s) for s in m.state], [8.0, 2.0])
    close(m.result(), 4.0)
    m.update_state([10.0], sample_weight=[6.0])
    close(m.result(), (8.0 + 60.0) / 8.0)
    m.reset_state()
    close([float(s) for s in m.state], [0.0, 0.0])
    # (2,3) values with (2,1) weights: per-sample mean weighted by the sample's weight
    values = np.array([[1, 2, 3], [4, 8, 0]], F32)
    w = np.array([[0.5], [2.0]], F32)
    m.update_state(values, sample_weight=w)
    close(m.result(), (0.5 * 2 + 2.0 * 4) / 2.5)


def test_accuracy_family_docstring_examples():
    m = M.Accuracy()
    m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]], sample_weight=[1, 1, 0, 0])
    close(m.result(), 0.5)
    m = M.Accuracy()
    m.update_state([1.0, 1.0], [0.99, 1.0])            # exact equality, no threshold
    close(m.result(), 0.5)
    yt, yp = [[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]
    for metric, labels in ((M.CategoricalAccuracy(), yt),
                           (M.TopKCategoricalAccuracy(k=1), yt),
                           (M.SparseTopKCategoricalAccuracy(k=1), [2, 1])):
        metric.update_state(labels, yp)
        close(metric.result(), 0.5)
        metric.reset_state()
        metric.update_state(labels, yp, sample_weight=[0.7, 0.3])
        close(metric.result(), 0.3)
    m = M.SparseCategoricalAccuracy()
    m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
    close(m.result(), 0.5)
    m.reset_state()
    m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]], sample_weight=[0.7, 0.3])
    close(m.result(), 0.3)


def test_binary_accuracy_threshold_is_strict():
    m = M.BinaryAccuracy()
    m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], sample_weight=[1, 0, 0, 1])
    close(m.result(), 0.5)
    m = M.BinaryAccuracy(threshold=0.7)
    m.update_state([1, 1, 0, 0], [0.7, 0.71, 0.7, 0.69])  # 0.7 is not above 0.7
    close(m.result(), 0.75)


@pytest.mark.parametrize("threshold", [0.0, 1.0, 1.5])
def test_binary_accuracy_rejects_thresholds_outside_open_unit_interval(threshold):
    with pytest.raises(ValueError, match="threshold"):
        M.BinaryAccuracy(threshold=threshold)


def test_top_k_ties_count_as_in_top_k():
    m = M.SparseTopKCategoricalAccuracy(k=1)
    m.update_state([0, 2], [[0.3, 0.3, 0.3], [0.5, 0.2, 0.3]])
    close(m.result(), 0.5)                              # tie row counts, second misses
    m = M.TopKCategoricalAccuracy(k=2)
    m.update_state([[0, 0, 1], [1, 0, 0]], [[0.5, 0.2, 0.3], [0.1, 0.6, 0.3]])
    close(m.result(), 0.5)


def test_regression_metrics_stream_over_batches_with_weights():
    m = M.MeanSquaredError()
    m.update_state([[0, 1], [1, 1]], [[1, 1], [1, 0]], sample_weight=[1, 0])
    m.update_state([[0, 0]], [[2, 0]], sample_weight=[3])
    close(m.result(), (0.5 * 1 + 2.0 * 3) / 4)
    m = M.MeanAbsoluteError()
    m.update_state([[0, 1], [1, 1]], [[1, 1], [1, 0]])
    m.update_state([[0, 0]], [[2, 0]])
    close(m.result(), (0.5 + 0.5 + 1.0) / 3)


PR_TRUE = np.array([[0, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], F32)
PR_PRED = np.array([[0.2, 0.5, 0.3], [0.1, 0.6, 0.3], [0.3, 0.2, 0.5], [0.1, 0.7, 0.2]], F32)


def test_precision_recall_docstrings():
    for cls in (M.Precision, M.Recall):
        m = cls()
        m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        close(m.result(), 2 / 3)
        m.reset_state()
        m.update_state([0, 1, 1, 1], [1, 0, 1, 1], sample_weight=[0, 0, 1, 0])
        close(m.result(), 1.0)
    m = M.Precision(top_k=2)
    m.update_state([0, 0, 1, 1], [1, 1, 1, 1])
    close(m.result(), 0.0)
    m = M.Precision(top_k=4)
    m.update_state([0, 0, 1, 1], [1, 1, 1, 1])
    close(m.result(), 0.5)


def test_precision_recall_at_several_thresholds_are_strict_and_streaming():
    y = np.array([1, 0, 1, 1, 0, 0], F32)
    p = np.array([0.0, 0.5, 0.5, 1.0, 0.8, 0.3], F32)
    for thresholds in ([0.0, 0.5, 1.0], [0.25, 0.5, 0.9]):  # evenly spaced and not
        t = np.array(thresholds, F32)[:, None]
        tp = ((p > t) & (y > 0)).sum(1)
        fp = ((p > t) & (y == 0)).sum(1)
        fn = ((p <= t) & (y > 0)).sum(1)
        prec, rec = M.Precision(thresholds=thresholds), M.Recall(thresholds=thresholds)
        for m in (prec, rec):
            m.update_state(y[:3], p[:3])
            m.update_state(y[3:], p[3:])
        close(prec.result(), np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 0))
        close(rec.result(), np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1), 0))
        assert np.shape(prec.result()) == (3,)


def test_precision_recall_top_k_and_class_id():
    # top_k=2 over all classes: true labels among each row's two largest: rows 0 and 3
    prec, rec = M.Precision(top_k=2), M.Recall(top_k=2)
    prec.update_state(PR_TRUE, PR_PRED)
    rec.update_state(PR_TRUE, PR_PRED)
    close(prec.result(), 2 / 8)
    close(rec.result(), 2 / 4)
    # class 1 predicted (top-1) in rows 0, 1, 3; class 1 true in rows 0, 2
    prec, rec = M.Precision(top_k=1, class_id=1), M.Recall(top_k=1, class_id=1)
    prec.update_state(PR_TRUE, PR_PRED)
    rec.update_state(PR_TRUE, PR_PRED)
    close(prec.result(), 1 / 3)
    close(rec.result(), 1 / 2)
    # class 2 above 0.25 in rows 0, 1, 2; true only in row 3; weights (4,)
    w = np.array([1.0, 2.0, 3.0, 4.0], F32)
    prec, rec = M.Precision(thresholds=0.25, class_id=2), M.Recall(thresholds=0.25, class_id=2)
    prec.update_state(PR_TRUE, PR_PRED, sample_weight=w)
    rec.update_state(PR_TRUE, PR_PRED, sample_weight=w)
    close(prec.result(), 0.0)
    close(rec.result(), 0.0)
    close([float(s[0]) for s in prec.state], [0.0, 6.0])
    close([float(s[0]) for s in rec.state], [0.0, 4.0])


def _np_auc_counts(y, p, thresholds, w=None):
    y = np.asarray(y).ravel() != 0
    p = np.asarray(p, F32).ravel()
    w = np.ones(p.shape) if w is None else np.broadcast_to(np.asarray(w, np.float64), p.shape)
    above = p[None, :] > np.asarray(thresholds, F32)[:, None]
    tp = (above & y) @ w
    fp = (above & ~y) @ w
    return tp, fp, w[~y].sum() - fp, w[y].sum() - tp


def _div(a, b):
    return np.where(b > 0, a / np.where(b > 0, b, 1), 0.0)


def _np_auc(y, p, num_thresholds=200, curve="ROC", summation="interpolation", w=None):
    inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    tp, fp, tn, fn = _np_auc_counts(y, p, [-EPS] + inner + [1 + EPS], w)
    if curve == "PR" and summation == "interpolation":    # Davis & Goadrich, as documented
        dtp = tp[:-1] - tp[1:]
        pp = tp + fp
        dp = pp[:-1] - pp[1:]
        slope = _div(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * pp[1:]
        ratio = np.where((pp[:-1] > 0) & (pp[1:] > 0), _div(pp[:-1], np.maximum(pp[1:], 0)),
                         1.0)
        return _div(slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0)
                    ).sum()
    recall = _div(tp, tp + fn)
    x, yv = (_div(fp, fp + tn), recall) if curve == "ROC" else (recall, _div(tp, tp + fp))
    heights = {"interpolation": (yv[:-1] + yv[1:]) / 2, "minoring": np.minimum(yv[:-1], yv[1:]),
               "majoring": np.maximum(yv[:-1], yv[1:])}[summation]
    return ((x[:-1] - x[1:]) * heights).sum()


AUC_Y = np.array([0, 0, 1, 1, 0, 1, 1, 0, 1, 0], F32)
AUC_P = np.array([0.123, 0.457, 0.311, 0.883, 0.702, 0.566, 0.918, 0.049, 0.268, 0.635], F32)
AUC_W = np.array([1.0, 0.5, 2.0, 1.0, 3.0, 0.25, 1.0, 2.0, 1.5, 1.0], F32)


def test_auc_docstring_example():
    m = M.AUC(num_thresholds=3)
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    close([s.tolist() for s in m.state], [[2, 1, 0], [2, 0, 0], [0, 2, 2], [0, 1, 2]])
    close(m.result(), 0.75)
    m.reset_state()
    m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], sample_weight=[1, 0, 0, 1])
    close(m.result(), 1.0)
    close(M.AUC(num_thresholds=3).thresholds, [-EPS, 0.5, 1 + EPS])


@pytest.mark.parametrize("curve, summation", [
    ("ROC", "interpolation"), ("ROC", "minoring"), ("ROC", "majoring"),
    ("PR", "interpolation"), ("PR", "minoring"), ("PR", "majoring")])
def test_auc_default_200_thresholds_against_numpy(curve, summation):
    assert len(M.AUC().thresholds) == 200
    for w in (None, AUC_W):
        m = M.AUC(curve=curve, summation_method=summation)
        m.update_state(AUC_Y[:4], AUC_P[:4], sample_weight=None if w is None else w[:4])
        m.update_state(AUC_Y[4:], AUC_P[4:], sample_weight=None if w is None else w[4:])
        close(m.result(), _np_auc(AUC_Y, AUC_P, curve=curve, summation=summation, w=w),
              rtol=1e-6)


def test_auc_from_logits_applies_sigmoid():
    logits = np.array([-2.0, 0.3, 1.7, -0.4, 2.2, -1.1], F32)
    y = np.array([0, 1, 1, 0, 1, 0], F32)
    m = M.AUC(num_thresholds=11, from_logits=True)
    m.update_state(y, logits)
    probs = (1 / (1 + np.exp(-logits.astype(np.float64)))).astype(F32)
    close(m.result(), _np_auc(y, probs, num_thresholds=11))


def test_metric_configs():
    assert M.Precision(thresholds=[0.3, 0.6], class_id=1, name="p").get_config() == {
        "name": "p", "dtype": "float32", "thresholds": [0.3, 0.6], "top_k": None,
        "class_id": 1}
    assert M.Recall(top_k=3, name="r").get_config() == {
        "name": "r", "dtype": "float32", "thresholds": None, "top_k": 3, "class_id": None}
    assert M.AUC(name="a").get_config() == {
        "name": "a", "dtype": "float32", "num_thresholds": 200, "curve": "ROC",
        "summation_method": "interpolation", "multi_label": False, "num_labels": None,
        "label_weights": None, "from_logits": False}
    assert M.BinaryAccuracy(threshold=0.7, name="b").get_config() == {
        "name": "b", "dtype": "float32", "threshold": 0.7}
    assert M.SparseTopKCategoricalAccuracy(k=3, name="k").get_config() == {
        "name": "k", "dtype": "float32", "k": 3}
    assert M.CategoricalAccuracy().get_config() == {"name": "categorical_accuracy",
                                                     "dtype": "float32"}


def test_default_metric_names_are_uniquified():
    keras.backend.clear_session()
    assert [M.AUC().name, M.AUC().name, M.Precision().name, M.Precision().name] == \
        ["auc", "auc_1", "precision", "precision_1"]


def test_mean_iou_docstring():
    # confusion matrix [[1, 1], [1, 1]]: IoU per class 1 / 3 -> 0.33333334; weighted 0.23809525
    m = M.MeanIoU(num_classes=2)
    m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    close(m.result(), 1 / 3)
    m.reset_state()
    m.update_state([0, 0, 1, 1], [0, 1, 0, 1], sample_weight=[0.3, 0.3, 0.3, 0.1])
    cm = np.array([[0.3, 0.3], [0.3, 0.1]])
    iou = np.diag(cm) / (cm.sum(0) + cm.sum(1) - np.diag(cm))
    close(m.result(), iou.mean())
    close(iou.mean(), 0.23809525)


# ============================================== loss-like metrics (recorded from real Keras) ====
# The numbers below were recorded from Keras 3.15 on TensorFlow 2.21 (CPU, float32) running
# the very same code with ``import keras``.

_LM_YT = np.array([[0., 1.], [1., 0.], [0.5, 0.5]], "float32")
_LM_YP = np.array([[0.2, 0.8], [0.6, 0.4], [0.1, 0.9]], "float32")

_LOSS_METRICS_KERAS = {
    "Hinge": (0.8, "hinge"), "SquaredHinge": (0.73625, "squared_hinge"),
    "CategoricalHinge": (0.7749999, "categorical_hinge"),
    "KLDivergence": (0.761504, "kl_divergence"), "Poisson": (0.8135147, "poisson"),
    "MeanSquaredLogarithmicError": (0.0777796, "mean_squared_logarithmic_error"),
    "MeanAbsolutePercentageError": (91666712.0, "mean_absolute_percentage_error"),
    "LogCoshError": (0.0850795, "logcosh"), "CosineSimilarity": (0.8695508, "cosine_similarity"),
    "RootMeanSquaredError": (0.4232808, "root_mean_squared_error"),
    "BinaryCrossentropy": (0.6459807, "binary_crossentropy"),
    "CategoricalCrossentropy": (0.5304561, "categorical_crossentropy"),
}


@pytest.mark.parametrize("cls_name", sorted(_LOSS_METRICS_KERAS))
def test_loss_like_metric_classes_stream_with_weights_like_keras(cls_name):
    metric = getattr(keras.metrics, cls_name)()
    metric.update_state(_LM_YT, _LM_YP)
    metric.update_state(_LM_YT[:2], _LM_YP[:2] * 0.5, sample_weight=np.array([1., 2.], "float32"))
    want, name = _LOSS_METRICS_KERAS[cls_name]
    assert metric.name == name
    close(float(metric.result()), want, rtol=2e-6)


def test_loss_like_metrics_by_name_in_fit_logs_match_keras():
    x = np.random.default_rng(1).normal(size=(22, 6)).astype("float32")
    y = np.eye(3, dtype="float32")[np.arange(22) % 3]
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])
    rng = np.random.default_rng(1)
    model.set_weights([(rng.normal(size=w.shape) * 0.3).astype("float32")
                       for w in model.get_weights()])
    model.compile(keras.optimizers.SGD(0.1), "categorical_crossentropy",
                  metrics=["categorical_crossentropy",
                           keras.metrics.CategoricalCrossentropy(label_smoothing=0.1),
                           "kl_divergence", "poisson", "categorical_hinge",
                           keras.metrics.CosineSimilarity(), keras.metrics.RootMeanSquaredError(),
                           "msle", keras.metrics.LogCoshError()])
    h = model.fit(x, y, batch_size=8, epochs=2, verbose=0, shuffle=False)
    want = {"categorical_crossentropy": [1.2160403, 1.1494282],
            "categorical_crossentropy_1": [1.2090083, 1.1482587],
            "categorical_hinge": [1.0964288, 1.0621572],
            "cosine_similarity": [0.5241542, 0.557623], "kl_divergence": [1.2160373, 1.149425],
            "logcosh": [0.1154175, 0.1092391], "loss": [1.2160404, 1.1494282],
            "msle": [0.1220717, 0.1148862], "poisson": [0.7386799, 0.716476],
            "root_mean_squared_error": [0.4951078, 0.4809284]}
    assert list(h.history) == sorted(want)
    for key, values in want.items():
        close(h.history[key], values, rtol=2e-5, err_msg=key)


def test_metrics_get_knows_keras_loss_metric_names():
    assert type(keras.metrics.get("msle")).__name__ == "MeanSquaredLogarithmicError"
    assert type(keras.metrics.get("mape")).__name__ == "MeanAbsolutePercentageError"
    assert type(keras.metrics.get("kl_divergence")).__name__ == "KLDivergence"
    assert keras.metrics.get("hinge").name == "hinge"
    assert keras.metrics.BinaryCrossentropy().get_config() == {
        "name": "binary_crossentropy", "dtype": "float32", "from_logits": False,
        "label_smoothing": 0}
    assert keras.metrics.SparseCategoricalCrossentropy().get_config() == {
        "name": "sparse_categorical_crossentropy", "dtype": "float32", "from_logits": False,
        "ignore_class": None, "axis": -1}
