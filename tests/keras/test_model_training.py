"""compile / fit / evaluate / predict on small synthetic problems."""
import math

import numpy as np
import pytest

import tensorweave as tw
from tensorweave import keras
from tensorweave.keras import layers


def classifier(n_in=8, n_classes=3, dropout=0.0, activation="softmax"):
    model = keras.Sequential([keras.Input((n_in,)), layers.Dense(16, activation="relu")])
    if dropout:
        model.add(layers.Dropout(dropout))
    model.add(layers.Dense(n_classes, activation=activation))
    return model


class BatchCounter(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.batches = []
        self.epoch_logs = []

    def on_train_batch_end(self, batch, logs=None):
        self.batches.append((batch, dict(logs)))

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_logs.append(dict(logs))


def test_fit_evaluate_predict_on_blobs(blobs):
    x, y = blobs
    keras.utils.set_random_seed(0)
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, batch_size=32, epochs=8, verbose=0)
    loss, acc = history.history["loss"], history.history["accuracy"]
    assert sorted(history.history) == ["accuracy", "loss"]
    assert history.epoch == list(range(8)) and model.history is history
    assert loss[-1] < 0.5 * loss[0] and acc[-1] > max(0.8, acc[0] + 0.3)
    ev_loss, ev_acc = model.evaluate(x, y, verbose=0)
    probs = model.predict(x, verbose=0)
    assert probs.shape == (300, 3)
    np.testing.assert_allclose(probs.sum(1), 1, rtol=1e-5)
    np.testing.assert_allclose(ev_acc, np.mean(probs.argmax(1) == y), rtol=1e-6)
    want = -np.mean(np.log(np.clip(probs[np.arange(300), y], 1e-7, 1)))
    np.testing.assert_allclose(ev_loss, want, rtol=1e-4)
    assert model.evaluate(x, y, verbose=0, return_dict=True) == {"accuracy": ev_acc,
                                                                 "loss": ev_loss}


def test_one_compiled_plan_per_step_kind(blobs):
    """Later fits, predictions and evaluations reuse the steps and plans the first ones made:
    one per kind, the training step one per batch size (32 and the last, partial one)."""
    x, y = blobs
    model = classifier(dropout=0.2)
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=1, validation_split=0.2, verbose=0)
    model.predict(x, verbose=0)
    sess = keras.backend.get_session()
    plans = len(sess._plans)
    ops = len(sess.graph.get_operations())
    model.fit(x, y, epochs=2, validation_split=0.2, verbose=0)
    model.predict(x, verbose=0)
    model.evaluate(x, y, verbose=0)
    assert len(sess._plans) == plans and len(sess.graph.get_operations()) == ops
    assert sorted(k[0] for k in model._steps) == ["predict", "test", "train", "train"]
    assert sorted(k[-1] for k in model._steps if k[0] == "train") == [16, 32]


def test_training_steps_for_the_batch_size_give_the_same_numbers(blobs, monkeypatch):
    """The training steps built for one batch size each (static shapes: no shape
    arithmetic at run time, planned buffers, fused passes) train exactly as the one step
    for any batch size; sizes past ``SPECIALIZED_BATCHES`` share that one step."""
    from tensorweave.keras.trainers import trainer
    x, y = blobs

    def train(specialized):
        monkeypatch.setattr(trainer, "SPECIALIZED_BATCHES", specialized)
        keras.utils.set_random_seed(3)
        model = classifier()
        model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        history = model.fit(x, y, batch_size=64, epochs=2, shuffle=False, verbose=0)
        model.fit(x[:50], y[:50], batch_size=50, epochs=1, verbose=0)  # a third size
        return model, history.history
    model, hist = train(2)
    generic, hist0 = train(0)
    assert hist == hist0
    for a, b in zip(model.get_weights(), generic.get_weights()):
        assert a.tobytes() == b.tobytes()
    assert sorted((k[0], k[-1] or 0) for k in model._steps) == [("train", 0), ("train", 44),
                                                                ("train", 64)]
    step = model._steps[("train",) + next(k[1:-1] for k in model._steps) + (64,)]
    assert step.x_phs[0].shape.as_list() == [64, 8]
    assert [k[-1] for k in generic._steps] == [None]
    assert model.output_shape == (None, 3)  # as built, not as trained


def test_validation_split_holds_out_the_last_samples(blobs):
    x, y = blobs
    keras.utils.set_random_seed(1)
    model = classifier()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    counter = BatchCounter()
    history = model.fit(x, y, batch_size=50, epochs=1, validation_split=0.1, shuffle=True,
                        callbacks=[counter], verbose=0)
    assert len(counter.batches) == math.ceil(270 / 50)
    val = model.evaluate(x[270:], y[270:], verbose=0, return_dict=True)
    np.testing.assert_allclose(history.history["val_loss"], [val["loss"]], rtol=1e-6)
    np.testing.assert_allclose(history.history["val_accuracy"], [val["accuracy"]], rtol=1e-6)
    assert list(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]


def test_validation_data_and_freq(blobs):
    x, y = blobs
    model = classifier()
    model.compile("adam", "sparse_categorical_crossentropy")
    history = model.fit(x[:200], y[:200], epochs=4, validation_data=(x[200:], y[200:]),
                        validation_freq=2, verbose=0)
    counter = BatchCounter()
    assert len(history.history["loss"]) == 4
    assert len(history.history["val_loss"]) == 2
    model.fit(x, y, epochs=3, initial_epoch=1, verbose=0, callbacks=[counter])
    assert len(counter.epoch_logs) == 2


def test_shuffling_changes_each_epoch_and_follows_the_seed():
    from tensorweave.keras.trainers.data import ArrayData
    xs = [np.arange(10).reshape(10, 1)]
    data = ArrayData(xs, batch_size=4, shuffle=True)
    rng = np.random.default_rng(0)
    first = np.concatenate([b[0][0] for b in data.epoch(rng)]).ravel()
    second = np.concatenate([b[0][0] for b in data.epoch(rng)]).ravel()
    assert sorted(first) == list(range(10)) and not np.array_equal(first, second)
    ordered = ArrayData(xs, batch_size=4, shuffle=False)
    assert [len(b[0][0]) for b in ordered.epoch()] == [4, 4, 2]
    chunks = ArrayData(xs, batch_size=4, shuffle="batch")
    batches = [b[0][0].ravel().tolist() for b in chunks.epoch(np.random.default_rng(1))]
    assert sorted(map(tuple, batches)) == [(0, 1, 2, 3), (4, 5, 6, 7), (8, 9)]


def _train_once(seed_fn, x, y):
    keras.backend.clear_session()
    seed_fn()
    model = classifier(dropout=0.3)
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    initial = model.get_weights()
    history = model.fit(x, y, batch_size=32, epochs=2, verbose=0)
    return initial, history.history, model.get_weights()


@pytest.mark.parametrize("seed_fn", [lambda: keras.utils.set_random_seed(42),
                                     lambda: tw.set_random_seed(42)],
                         ids=["keras.utils.set_random_seed", "tensorweave.set_random_seed"])
def test_seeded_training_is_reproducible(blobs, seed_fn):
    x, y = blobs
    a = _train_once(seed_fn, x, y)
    b = _train_once(seed_fn, x, y)
    for wa, wb in zip(a[0], b[0]):
        np.testing.assert_array_equal(wa, wb)
    assert a[1] == b[1]
    for wa, wb in zip(a[2], b[2]):
        np.testing.assert_array_equal(wa, wb)


def test_different_seeds_give_different_weights(blobs):
    keras.utils.set_random_seed(1)
    w1 = classifier().get_weights()[0]
    keras.backend.clear_session()
    keras.utils.set_random_seed(2)
    w2 = classifier().get_weights()[0]
    assert not np.array_equal(w1, w2)


def test_regression_with_1d_targets_and_mae_metric():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 4)).astype("float32")
    y = x @ np.array([1.0, -2.0, 0.5, 3.0], "float32") + 0.5
    model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    history = model.fit(x, y, batch_size=32, epochs=30, verbose=0)
    assert history.history["mse" if "mse" in history.history else "loss"][-1] < 1e-3
    assert history.history["mae"][-1] < 0.03
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(kernel.ravel(), [1.0, -2.0, 0.5, 3.0], atol=0.02)
    np.testing.assert_allclose(bias, [0.5], atol=0.02)


def test_sample_weight_and_class_weight_weight_the_loss(blobs):
    x, y = blobs
    model = classifier()
    model.compile("sgd", "sparse_categorical_crossentropy")
    probs = model.predict(x, verbose=0)
    per_sample = -np.log(probs[np.arange(300), y])
    w = np.random.default_rng(0).uniform(size=300).astype("float32")
    got = model.evaluate(x, y, sample_weight=w, batch_size=300, verbose=0)
    # "sum_over_batch_size": the weighted sum divided by the number of samples
    np.testing.assert_allclose(got, np.sum(w * per_sample) / 300, rtol=1e-5)
    a = model.train_on_batch(x, y, class_weight={0: 0.0, 1: 1.0, 2: 2.0})
    model2 = classifier()
    model2.compile("sgd", "sparse_categorical_crossentropy")
    model2.set_weights(model.get_weights())
    with pytest.raises(ValueError, match="class_weight` and `sample_weight"):
        model.fit(x, y, sample_weight=w, class_weight={0: 1.0}, verbose=0)
    assert np.isfinite(a)


def test_on_batch_methods(blobs):
    x, y = blobs
    model = classifier()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    before = model.test_on_batch(x[:64], y[:64])
    for _ in range(30):
        logs = model.train_on_batch(x[:64], y[:64], return_dict=True)
    assert sorted(logs) == ["accuracy", "loss"]
    model.reset_metrics()
    after = model.test_on_batch(x[:64], y[:64])
    assert after[0] < before[0]
    out = model.predict_on_batch(x[:5])
    np.testing.assert_allclose(out, model.predict(x[:5], verbose=0), rtol=1e-6)


def test_categorical_and_binary_accuracy_are_picked_by_shape():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(128, 8)).astype("float32")
    labels = (x[:, 0] > 0).astype("int64")
    onehot = keras.utils.to_categorical(labels, 2)
    model = classifier(n_classes=2)
    model.compile(keras.optimizers.Adam(0.01), "categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, onehot, epochs=10, verbose=0)
    acc = model.evaluate(x, onehot, verbose=0)[1]
    assert acc > 0.8
    entry = model._metric_entries[0][1]
    assert type(entry).__name__ == "CategoricalAccuracy"
    binary = classifier(n_classes=1, activation="sigmoid")
    binary.compile(keras.optimizers.Adam(0.01), "binary_crossentropy", metrics=["acc"])
    history = binary.fit(x, labels.astype("float32"), epochs=10, verbose=0)
    assert type(binary._metric_entries[0][1]).__name__ == "BinaryAccuracy"
    assert history.history["acc"][-1] > 0.8


def test_multi_output_losses_weights_and_metric_names():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32")
    inp = keras.Input((4,))
    h = layers.Dense(8, activation="relu")(inp)
    reg = layers.Dense(1, name="reg")(h)
    cls = layers.Dense(2, activation="softmax", name="cls")(h)
    model = keras.Model(inp, [reg, cls])
    model.compile("adam", loss={"reg": "mse", "cls": "sparse_categorical_crossentropy"},
                  loss_weights={"reg": 2.0, "cls": 1.0},
                  metrics={"cls": ["accuracy"], "reg": ["mae"]})
    y_reg, y_cls = x.sum(1, keepdims=True), (x[:, 0] > 0).astype("int64")
    history = model.fit(x, [y_reg, y_cls], epochs=2, verbose=0)
    assert sorted(history.history) == ["cls_accuracy", "cls_loss", "loss", "reg_loss",
                                       "reg_mae"]
    logs = model.evaluate(x, {"reg": y_reg, "cls": y_cls}, verbose=0, return_dict=True)
    np.testing.assert_allclose(logs["loss"], 2 * logs["reg_loss"] + logs["cls_loss"],
                               rtol=1e-5)


def test_regularization_losses_are_added_to_the_loss():
    x = np.ones((4, 3), "float32")
    y = np.zeros((4, 2), "float32")
    model = keras.Sequential([keras.Input((3,)), layers.Dense(
        2, kernel_initializer="ones", bias_initializer="zeros",
        kernel_regularizer=keras.regularizers.l2(0.5))])
    model.compile("sgd", "mse")
    # mse: (3 - 0)^2 per output; penalty 0.5 * 6 ones
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), 9.0 + 3.0, rtol=1e-6)


def test_batch_normalization_moving_statistics_update_during_fit():
    rng = np.random.default_rng(0)
    x = (rng.normal(size=(256, 3)) * 2 + 5).astype("float32")
    model = keras.Sequential([keras.Input((3,)), layers.BatchNormalization(momentum=0.9),
                              layers.Dense(1)])
    model.compile("sgd", "mse")
    bn = model.layers[0]
    model.fit(x, np.zeros(256, "float32"), batch_size=32, epochs=3, verbose=0)
    moving_mean, moving_var = bn.moving_mean.numpy(), bn.moving_variance.numpy()
    np.testing.assert_allclose(moving_mean, x.mean(0), rtol=0.1)
    np.testing.assert_allclose(moving_var, x.var(0), rtol=0.3)
    before = model.predict(x, verbose=0)
    model.evaluate(x, np.zeros(256), verbose=0)  # inference does not touch the statistics
    np.testing.assert_array_equal(bn.moving_mean.numpy(), moving_mean)
    np.testing.assert_array_equal(model.predict(x, verbose=0), before)


def test_generator_and_pydataset_inputs(blobs):
    x, y = blobs

    def batches():
        while True:
            for i in range(0, 300, 50):
                yield x[i:i + 50], y[i:i + 50]

    class Data(keras.utils.PyDataset):
        def __len__(self):
            return 6

        def __getitem__(self, i):
            return x[i * 50:(i + 1) * 50], y[i * 50:(i + 1) * 50]

    model = classifier()
    model.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    counter = BatchCounter()
    model.fit(batches(), steps_per_epoch=6, epochs=2, verbose=0, callbacks=[counter])
    assert len(counter.batches) == 12
    history = model.fit(Data(), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert model.evaluate(Data(), verbose=0)[1] > 0.5


def test_fit_shuffles_a_py_dataset_s_batches_unless_told_not_to(blobs):
    # Keras 3: fit(PyDataset) reads the batches in a new order each epoch (shuffle=True)
    x, y = blobs
    seen = []

    class Data(keras.utils.PyDataset):
        def __len__(self):
            return 6

        def __getitem__(self, i):
            seen.append(i)
            return x[i * 50:(i + 1) * 50], y[i * 50:(i + 1) * 50]

    model = classifier()
    model.compile("sgd", "sparse_categorical_crossentropy")
    model.fit(Data(), epochs=3, verbose=0)
    epochs = [seen[i:i + 6] for i in range(0, 18, 6)]
    assert all(sorted(e) == list(range(6)) for e in epochs)
    assert any(e != list(range(6)) for e in epochs)
    seen.clear()
    model.fit(Data(), epochs=2, shuffle=False, verbose=0)
    assert seen == list(range(6)) * 2
    seen.clear()
    model.evaluate(Data(), verbose=0)  # evaluation reads in order
    assert seen == list(range(6))


def test_batch_logs_are_running_means(blobs):
    x, y = blobs
    model = classifier()
    model.compile("sgd", "sparse_categorical_crossentropy")
    counter = BatchCounter()
    model.fit(x, y, batch_size=100, epochs=1, shuffle=False, callbacks=[counter], verbose=0)
    assert [b for b, _ in counter.batches] == [0, 1, 2]
    assert counter.batches[-1][1]["loss"] == pytest.approx(counter.epoch_logs[0]["loss"])


def test_keras1_fit_spelling_warns():
    model = classifier()
    model.compile("sgd", "sparse_categorical_crossentropy")
    with pytest.warns(DeprecationWarning, match="`nb_epoch` is deprecated.*`epochs`"):
        history = model.fit(np.zeros((4, 8), "float32"), np.zeros(4, "int64"), nb_epoch=2,
                            verbose=0)
    assert len(history.history["loss"]) == 2


def test_dropout_is_active_only_in_training():
    model = keras.Sequential([keras.Input((100,)), layers.Dropout(0.5)])
    model.compile("sgd", "mse")
    x = np.ones((8, 100), "float32")
    np.testing.assert_array_equal(model.predict(x, verbose=0), x)
    assert model.evaluate(x, x, verbose=0) == 0.0


def test_custom_loss_and_metric_functions_get_float_labels():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32")
    y = (x[:, :1] > 0).astype("int64")

    def my_loss(y_true, y_pred):  # y_true arrives as float32, as in Keras
        return tw.reduce_mean(tw.square(y_true - y_pred), axis=-1)

    def my_metric(y_true, y_pred):
        return tw.reduce_mean(tw.abs(tw.cast(y_true, "float32") - y_pred), axis=-1)

    model = keras.Sequential([keras.Input((4,)), layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(0.05), my_loss,
                  metrics=[my_metric, "accuracy", keras.metrics.AUC()])
    history = model.fit(x, y, epochs=5, verbose=0)
    assert sorted(history.history) == ["accuracy", "auc", "loss", "my_metric"]
    assert history.history["loss"][-1] < history.history["loss"][0]
    probs = model.predict(x, verbose=0)
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    np.testing.assert_allclose(logs["my_metric"], np.abs(y - probs).mean(), rtol=1e-5)
    np.testing.assert_allclose(logs["loss"], ((y - probs) ** 2).mean(), rtol=1e-5)


def test_subclassed_model_with_its_own_build_and_weights():
    class Linear(keras.Model):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], 1), initializer="zeros",
                                     name="w")

        def call(self, x):
            return tw.matmul(x, self.w.value)

    rng = np.random.default_rng(0)
    x = rng.normal(size=(128, 3)).astype("float32")
    y = x @ np.array([[1.0], [2.0], [-1.0]], "float32")
    model = Linear()
    model.compile(keras.optimizers.SGD(0.1), "mse")
    model.fit(x, y, epochs=20, verbose=0)
    assert [w.path for w in model.weights] == ["linear/w"]
    np.testing.assert_allclose(model.w.numpy().ravel(), [1, 2, -1], atol=1e-2)
