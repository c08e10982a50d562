"""keras.callbacks: hook order, History, EarlyStopping, ReduceLROnPlateau, CSVLogger,
TerminateOnNaN, LearningRateScheduler, LambdaCallback, ModelCheckpoint."""
import csv
import importlib.util

import numpy as np
import pytest

from tensorweave import keras
from tensorweave.keras import callbacks, layers


def small_model(lr=0.01):
    model = keras.Sequential([keras.Input((8,)), layers.Dense(3, activation="softmax")])
    model.compile(keras.optimizers.SGD(lr), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


class Script(callbacks.Callback):
    """Writes scripted values of ``key`` into each epoch's logs (callbacks share the logs
    dict, in order) and records the weights at each epoch's end."""

    def __init__(self, key, values):
        super().__init__()
        self.key, self.values, self.weights = key, values, []

    def on_epoch_end(self, epoch, logs=None):
        logs[self.key] = self.values[epoch]
        self.weights.append(self.model.get_weights())


class Recorder(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def __getattribute__(self, name):
        if name.startswith("on_") and not name.startswith("on_batch"):
            calls = object.__getattribute__(self, "calls")
            return lambda *args, **kwargs: calls.append((name,) + tuple(
                a for a in args if isinstance(a, int)))
        return object.__getattribute__(self, name)


def test_hook_order_in_fit_evaluate_predict(blobs):
    x, y = blobs
    model = small_model()
    rec = Recorder()
    model.fit(x[:40], y[:40], batch_size=20, epochs=2, validation_data=(x[:20], y[:20]),
              callbacks=[rec], verbose=0)
    assert rec.calls == [
        ("on_train_begin",),
        ("on_epoch_begin", 0),
        ("on_train_batch_begin", 0), ("on_train_batch_end", 0),
        ("on_train_batch_begin", 1), ("on_train_batch_end", 1),
        ("on_test_begin",), ("on_test_batch_begin", 0), ("on_test_batch_end", 0),
        ("on_test_end",),
        ("on_epoch_end", 0),
        ("on_epoch_begin", 1),
        ("on_train_batch_begin", 0), ("on_train_batch_end", 0),
        ("on_train_batch_begin", 1), ("on_train_batch_end", 1),
        ("on_test_begin",), ("on_test_batch_begin", 0), ("on_test_batch_end", 0),
        ("on_test_end",),
        ("on_epoch_end", 1),
        ("on_train_end",)]
    rec.calls.clear()
    model.evaluate(x[:20], y[:20], callbacks=[rec], verbose=0)
    model.predict(x[:20], callbacks=[rec], verbose=0)
    assert rec.calls == [("on_test_begin",), ("on_test_batch_begin", 0),
                         ("on_test_batch_end", 0), ("on_test_end",),
                         ("on_predict_begin",), ("on_predict_batch_begin", 0),
                         ("on_predict_batch_end", 0), ("on_predict_end",)]


def test_callback_sees_params_and_model(blobs):
    x, y = blobs
    model = small_model()
    seen = {}

    class Look(callbacks.Callback):
        def on_train_begin(self, logs=None):
            seen.update(self.params)
            seen["model"] = self.model

    model.fit(x, y, batch_size=100, epochs=3, callbacks=[Look()], verbose=0)
    assert seen["epochs"] == 3 and seen["steps"] == 3 and seen["model"] is model


def test_early_stopping_restores_best_weights(blobs):
    x, y = blobs
    model = small_model()
    script = Script("val_loss", [1.0, 0.5, 0.7, 0.6, 0.9, 0.8, 0.4])
    stop = callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    history = model.fit(x, y, epochs=7, callbacks=[script, stop], verbose=0)
    # best at epoch 1; epochs 2 and 3 do not improve: stop after epoch 3
    assert len(history.history["loss"]) == 4
    assert stop.stopped_epoch == 3 and stop.best == 0.5 and stop.best_epoch == 1
    for got, want in zip(model.get_weights(), script.weights[1]):
        np.testing.assert_array_equal(got, want)


def test_early_stopping_mode_min_delta_baseline_and_start(blobs):
    x, y = blobs
    model = small_model()
    acc = Script("val_accuracy", [0.5, 0.6, 0.605, 0.61, 0.9])
    stop = callbacks.EarlyStopping(monitor="val_accuracy", min_delta=0.05, patience=1)
    history = model.fit(x, y, epochs=5, callbacks=[acc, stop], verbose=0)
    assert stop.monitor_op is np.greater  # "auto" for an accuracy
    assert len(history.history["loss"]) == 3
    base = Script("val_loss", [1.0, 1.0, 1.0, 1.0])  # never better than the baseline
    stop = callbacks.EarlyStopping(patience=2, baseline=0.5)
    history = model.fit(x, y, epochs=4, callbacks=[base, stop], verbose=0)
    assert len(history.history["loss"]) == 2
    late = Script("val_loss", [1.0, 2.0, 3.0, 4.0, 5.0])
    stop = callbacks.EarlyStopping(patience=0, start_from_epoch=3)
    history = model.fit(x, y, epochs=5, callbacks=[late, stop], verbose=0)
    assert len(history.history["loss"]) == 5


def test_early_stopping_warns_on_a_missing_metric(blobs):
    x, y = blobs
    with pytest.warns(UserWarning, match="val_loss.*not available"):
        small_model().fit(x, y, epochs=1, callbacks=[callbacks.EarlyStopping()], verbose=0)


def test_reduce_lr_on_plateau_changes_the_learning_rate(blobs):
    x, y = blobs
    model = small_model(lr=0.1)
    script = Script("val_loss", [1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5])
    reduce = callbacks.ReduceLROnPlateau(factor=0.5, patience=2, min_lr=0.02)
    history = model.fit(x, y, epochs=8, callbacks=[script, reduce], verbose=0)
    # lr read at each epoch end, before the callback changes it
    np.testing.assert_allclose(history.history["learning_rate"],
                               [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.025], rtol=1e-6)
    np.testing.assert_allclose(float(model.optimizer.learning_rate), 0.02, rtol=1e-6)


def test_learning_rate_scheduler(blobs):
    x, y = blobs
    model = small_model()
    sched = callbacks.LearningRateScheduler(lambda epoch, lr: 0.1 / (epoch + 1))
    history = model.fit(x, y, epochs=3, callbacks=[sched], verbose=0)
    np.testing.assert_allclose(history.history["learning_rate"], [0.1, 0.05, 0.1 / 3],
                               rtol=1e-6)


def test_csv_logger_writes_one_row_per_epoch(blobs, tmp_path):
    x, y = blobs
    path = tmp_path / "log.csv"
    small_model().fit(x, y, epochs=3, validation_split=0.2,
                      callbacks=[callbacks.CSVLogger(str(path))], verbose=0)
    rows = list(csv.reader(path.open()))
    assert rows[0] == ["epoch", "accuracy", "loss", "val_accuracy", "val_loss"]
    assert [r[0] for r in rows[1:]] == ["0", "1", "2"]
    assert all(0 <= float(v) for r in rows[1:] for v in r)
    # append=True continues without a second header
    small_model().fit(x, y, epochs=1, callbacks=[callbacks.CSVLogger(str(path), append=True)],
                      verbose=0)
    rows = list(csv.reader(path.open()))
    assert len(rows) == 5 and rows[4][0] == "0"


def test_terminate_on_nan(blobs, capsys):
    x, y = blobs
    bad = x.copy()
    bad[5] = np.nan
    model = small_model()
    counter = []
    cb = callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: counter.append(b))
    history = model.fit(bad, y, batch_size=10, epochs=3, shuffle=False,
                        callbacks=[cb, callbacks.TerminateOnNaN()], verbose=0)
    assert counter == [0] and len(history.history["loss"]) == 1
    assert "Batch 0: Invalid loss, terminating training" in capsys.readouterr().out


def test_lambda_callback_and_history(blobs):
    x, y = blobs
    epochs = []
    cb = callbacks.LambdaCallback(on_epoch_end=lambda e, logs: epochs.append((e, logs["loss"])))
    history = small_model().fit(x, y, epochs=2, callbacks=[cb], verbose=0)
    assert [e for e, _ in epochs] == [0, 1]
    assert [v for _, v in epochs] == history.history["loss"]
    assert isinstance(history, callbacks.History)
    with pytest.raises(TypeError, match="unknown hook"):
        callbacks.LambdaCallback(on_nothing=print)


def test_model_checkpoint_save_best_only(blobs, tmp_path):
    x, y = blobs
    model = small_model()
    saved = []
    model.save_weights = lambda path, overwrite=True: saved.append(path)
    script = Script("val_loss", [1.0, 0.5, 0.7, 0.3])
    ckpt = callbacks.ModelCheckpoint(str(tmp_path / "w-{epoch:02d}.weights.h5"),
                                     save_best_only=True, save_weights_only=True)
    model.fit(x, y, epochs=4, callbacks=[script, ckpt], verbose=0)
    assert [p.rsplit("/", 1)[1] for p in saved] == ["w-01.weights.h5", "w-02.weights.h5",
                                                     "w-04.weights.h5"]
    with pytest.raises(ValueError, match=r"\.keras"):
        callbacks.ModelCheckpoint(str(tmp_path / "model.ckpt"))
    callbacks.ModelCheckpoint(str(tmp_path / "model.h5"))     # legacy HDF5: Keras 3.15 takes it
    with pytest.raises(ValueError, match="save_freq"):
        callbacks.ModelCheckpoint(str(tmp_path / "model.keras"), save_freq="batch")


@pytest.mark.skipif(importlib.util.find_spec("h5py") is None, reason="needs h5py")
def test_model_checkpoint_writes_files(blobs, tmp_path):
    x, y = blobs
    model = small_model()
    path = tmp_path / "best.weights.h5"
    model.fit(x, y, epochs=2, validation_split=0.2, verbose=0,
              callbacks=[callbacks.ModelCheckpoint(str(path), save_weights_only=True)])
    fresh = small_model()
    fresh.load_weights(str(path))
    for a, b in zip(fresh.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)


# ---- recorded from Keras 3.15 on TF 2.21 (second audit) -------------------------------------

def _function_metric_model():
    def my_metric(y_true, y_pred):
        return y_pred[:, 0]
    model = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.SGD(0.01), "binary_crossentropy",
                  metrics=["accuracy", "mae", my_metric])
    return model


@pytest.mark.parametrize("make", [
    lambda **k: callbacks.EarlyStopping(**k),
    lambda **k: callbacks.ReduceLROnPlateau(**k),
    lambda **k: callbacks.ModelCheckpoint("unused.keras", save_best_only=True, **k),
])
def test_auto_mode_needs_loss_or_a_compiled_metric_with_a_direction(blobs, make, tmp_path,
                                                                     monkeypatch):
    monkeypatch.chdir(tmp_path)     # where the checkpoint lands
    # mode="auto": "loss"/"val_loss" decrease; other names are looked up among the compiled
    # metrics (accuracy up, mae down); a plain function metric has no direction, so Keras
    # raises ValueError at the first epoch end
    x, y = blobs
    y = (y == 0).astype("float32").reshape(-1, 1)
    for monitor, op in [("val_loss", np.less), ("val_accuracy", np.greater),
                        ("mae", np.less)]:
        cb = make(monitor=monitor)
        _function_metric_model().fit(x[:20], y[:20], epochs=1, verbose=0,
                                     validation_split=0.5, callbacks=[cb])
        assert (cb.monitor_op if hasattr(cb, "monitor_op") and cb.monitor_op in
                (np.less, np.greater) else cb._op) is op, monitor
    with pytest.raises(ValueError, match="monitor=my_metric"):
        _function_metric_model().fit(x[:20], y[:20], epochs=1, verbose=0,
                                     callbacks=[make(monitor="my_metric")])
    _function_metric_model().fit(x[:20], y[:20], epochs=1, verbose=0,
                                 callbacks=[make(monitor="my_metric", mode="min")])


def test_model_checkpoint_verbose_messages(blobs, tmp_path, capsys):
    x, y = blobs
    model = small_model()
    model.save_weights = lambda path, overwrite=True: None
    script = Script("val_loss", [1.0, 0.5, 0.7])
    ckpt = callbacks.ModelCheckpoint(str(tmp_path / "w.weights.h5"), save_best_only=True,
                                     save_weights_only=True, verbose=1)
    model.fit(x, y, epochs=3, callbacks=[script, ckpt], verbose=0)
    path = str(tmp_path / "w.weights.h5")
    assert capsys.readouterr().out == (
        f"\nEpoch 1: val_loss improved from None to 1.00000, saving model to {path}\n"
        f"\nEpoch 1: finished saving model to {path}\n"
        f"\nEpoch 2: val_loss improved from 1.00000 to 0.50000, saving model to {path}\n"
        f"\nEpoch 2: finished saving model to {path}\n"
        "\nEpoch 3: val_loss did not improve from 0.50000\n")


def test_model_checkpoint_without_the_monitored_value_warns_and_saves(blobs, tmp_path):
    x, y = blobs
    model = small_model()
    saved = []
    model.save_weights = lambda path, overwrite=True: saved.append(path)
    ckpt = callbacks.ModelCheckpoint(str(tmp_path / "w{epoch}.weights.h5"), monitor="nope",
                                     mode="min", save_best_only=True, save_weights_only=True)
    with pytest.warns(UserWarning, match="nope"):
        model.fit(x, y, epochs=2, callbacks=[ckpt], verbose=0)
    assert [p.rsplit("/", 1)[1] for p in saved] == ["w1.weights.h5", "w2.weights.h5"]


def test_callback_additions_to_epoch_logs_reach_history_not_on_train_end(blobs):
    # Keras 3.15 (TF 2.21): ReduceLROnPlateau writes learning_rate into the epoch logs the
    # callbacks see (so History has it), but on_train_end gets the trainer's own logs
    x, y = blobs
    seen = {}

    class End(callbacks.Callback):
        def on_train_end(self, logs=None):
            seen["keys"] = list(logs)
    model = small_model()
    h = model.fit(x[:40], y[:40], batch_size=16, epochs=2, verbose=0, validation_split=0.2,
                  callbacks=[End(), callbacks.ReduceLROnPlateau()])
    assert list(h.history) == ["accuracy", "loss", "val_accuracy", "val_loss",
                               "learning_rate"]
    assert seen["keys"] == ["accuracy", "loss", "val_accuracy", "val_loss"]


def test_hooks_always_get_a_logs_dict_batch_hooks_by_keyword():
    # recorded from Keras 3.15 on TF 2.21: logs is {} where there is nothing to report;
    # the batch hooks receive it as ``logs=``, the others positionally
    seen = []

    class Spy(callbacks.Callback):
        pass

    def make(hook):
        def f(self, *args, **kwargs):
            logs = kwargs["logs"] if "logs" in kwargs else args[-1]
            seen.append((hook, "kw" if "logs" in kwargs else "pos", sorted(logs)))
        return f
    for hook in ["on_train_begin", "on_epoch_begin", "on_train_batch_begin",
                 "on_train_batch_end", "on_test_begin", "on_epoch_end", "on_predict_begin",
                 "on_predict_batch_end", "on_predict_end"]:
        setattr(Spy, hook, make(hook))
    x, y = np.zeros((4, 5), "float32"), np.zeros((4, 1), "float32")
    model = keras.Sequential([keras.Input((5,)), layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(x, y, batch_size=4, verbose=0, validation_data=(x, y), callbacks=[Spy()])
    model.predict(x, verbose=0, callbacks=[Spy()])
    assert seen == [("on_train_begin", "pos", []), ("on_epoch_begin", "pos", []),
                    ("on_train_batch_begin", "kw", []), ("on_train_batch_end", "kw", ["loss"]),
                    ("on_test_begin", "pos", []), ("on_epoch_end", "pos", ["loss", "val_loss"]),
                    ("on_predict_begin", "pos", []), ("on_predict_batch_end", "kw", ["outputs"]),
                    ("on_predict_end", "pos", [])]
    lam = []
    cb = callbacks.LambdaCallback(on_train_batch_end=lambda b, l: lam.append(sorted(l)))
    model.fit(x, y, batch_size=4, verbose=0, callbacks=[cb])
    assert lam == [["loss"]]
