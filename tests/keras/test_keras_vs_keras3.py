"""tensorweave.keras against real Keras 3 on whole models, number by number.

The expected values (``EXPECTED``, at the end of the file) were all
recorded from Keras 3 (JAX backend) on 2026-12-05, Keras 3.15.1 with JAX 0.10.2 on CPU, float32.
The ``scenario_*`` functions below are plain Keras-3 API code: each test runs its scenario on
``tensorweave.keras`` and compares with what the very same function returned on real Keras (after
``keras.backend.clear_session()``, fixed NumPy weights via ``set_weights``, ``shuffle=False``).
This file does not import Keras. Losses, metrics, predictions and weights are compared with
rtol 1e-5 (atol 1e-6 for values near zero).

Deviations from Keras are strict xfails whose reason says what Keras does.
"""
import csv
import io
import json
import os

import numpy as np
import pytest

from tensorweave import keras as tw_keras

RTOL = 1e-5
ATOL = 1e-6


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch):
    """The summaries in EXPECTED were recorded on a console wider than their tables (Keras
    cuts summary lines at the console's width: the terminal's, ``COLUMNS``, else 80)."""
    monkeypatch.setenv("COLUMNS", "200")


# ============================================================ scenarios (BEGIN) ====
# Plain Keras-3 API code, run unchanged on tensorweave (``keras=tensorweave.keras``) here and
# on Keras 3 (``keras=keras``, JAX backend, after ``keras.backend.clear_session()``) to record
# EXPECTED. Each returns plain lists/floats/strings.

def _arr(a):
    return np.asarray(a, dtype=np.float64).tolist()


def _hist(h):
    return {k: [float(v) for v in vs] for k, vs in h.history.items()}


def _init(model, seed, scale=0.3):
    """Fixed weights: N(0, scale) from a seeded NumPy generator, in get_weights() order."""
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=w.shape) * scale).astype("float32") for w in model.get_weights()]


_rng = np.random.default_rng(123)
X8 = _rng.normal(size=(24, 8)).astype("float32")
Y3 = (np.arange(24) * 7 % 3).astype("int64")
XV = _rng.normal(size=(8, 8)).astype("float32")
YV = (np.arange(8) % 3).astype("int64")
SW24 = np.linspace(0.5, 2.0, 24).astype("float32")
_rng = np.random.default_rng(7)
XIMG = _rng.normal(size=(12, 6, 6, 1)).astype("float32")
XB = _rng.normal(size=(12, 8)).astype("float32")
YB = np.array([0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0], "float32").reshape(-1, 1)
XTOK = (np.arange(40).reshape(10, 4) * 3 % 11).astype("int32")
YREG = np.linspace(-1, 1, 10).astype("float32").reshape(-1, 1)
XL = np.linspace(-1, 1, 16).astype("float32").reshape(-1, 1)
YL = (3 * XL + 0.5).astype("float32")


def _mlp(keras, dropout=False):
    layers = keras.layers
    model = keras.Sequential([keras.Input((8,)), layers.Dense(6, activation="relu")]
                             + ([layers.Dropout(0.5)] if dropout else [])
                             + [layers.Dense(3, activation="softmax")])
    model.set_weights(_init(model, 1))
    return model


def _binary(keras):
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation="tanh"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.set_weights(_init(model, 5))
    return model


def _linear(keras, lr=0.05):
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.set_weights([np.array([[0.2]], "float32"), np.array([0.1], "float32")])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="mse", metrics=["mae"])
    return model


def _cnn(keras):
    layers = keras.layers
    inp = keras.Input((6, 6, 1))
    c = layers.Conv2D(3, 3, padding="same", activation="relu")(inp)
    b = layers.BatchNormalization()(c)
    p = layers.MaxPooling2D(2)(b)
    t = layers.Conv2DTranspose(2, 3, strides=2, padding="same")(p)
    g = layers.GlobalAveragePooling2D()(t)
    f = layers.Flatten()(p)
    out = layers.Dense(1, activation="sigmoid")(layers.Concatenate()([g, f]))
    return keras.Model(inp, out)


def scenario_predict_mlp_dropout(keras, tmp):
    model = _mlp(keras, dropout=True)
    return {"pred": _arr(model.predict(X8[:4], verbose=0)),
            "pred_b3": _arr(model.predict(X8[:7], batch_size=3, verbose=0))}


def scenario_sgd_momentum(keras, tmp):
    model = _mlp(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    h = model.fit(X8, Y3, batch_size=8, epochs=3, shuffle=False, verbose=0,
                  validation_data=(XV, YV))
    return {"hist": _hist(h), "weights": [_arr(w) for w in model.get_weights()],
            "evaluate": _arr(model.evaluate(XV, YV, batch_size=3, verbose=0)),
            "pred": _arr(model.predict(XV[:3], verbose=0))}


def scenario_sgd_nesterov_split(keras, tmp):
    model = _mlp(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.5, nesterov=True),
                  loss="sparse_categorical_crossentropy",
                  metrics=["sparse_categorical_accuracy"])
    h = model.fit(X8, Y3, batch_size=5, epochs=2, shuffle=False, verbose=0,
                  validation_split=0.25)
    return {"hist": _hist(h), "weights": [_arr(w) for w in model.get_weights()]}


def scenario_cnn_adam_auc(keras, tmp):
    model = _cnn(keras)
    ws = _init(model, 2)
    ws[2] = 1 + ws[2]                 # BatchNormalization gamma near 1
    ws[5] = np.abs(ws[5]) + 0.5       # moving_variance > 0
    model.set_weights(ws)
    pred0 = model.predict(XIMG[:3], verbose=0)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=["accuracy", keras.metrics.AUC(name="auc")])
    h = model.fit(XIMG, YB, batch_size=4, epochs=3, shuffle=False, verbose=0)
    ev = model.evaluate(XIMG, YB, verbose=0, return_dict=True)
    return {"shapes": [list(w.shape) for w in ws], "count": int(model.count_params()),
            "pred0": _arr(pred0), "hist": _hist(h),
            "weights": [_arr(w) for w in model.get_weights()],
            "evaluate": {k: float(v) for k, v in sorted(ev.items())},
            "pred": _arr(model.predict(XIMG[:3], verbose=0))}


def scenario_embedding_rmsprop(keras, tmp):
    layers = keras.layers
    model = keras.Sequential([keras.Input((4,), dtype="int32"), layers.Embedding(11, 3),
                              layers.LayerNormalization(), layers.Flatten(), layers.Dense(1)])
    ws = _init(model, 3)
    ws[1] = 1 + ws[1]                 # LayerNormalization gamma near 1
    model.set_weights(ws)
    pred0 = model.predict(XTOK[:3], verbose=0)
    model.compile(optimizer=keras.optimizers.RMSprop(0.01), loss="mse", metrics=["mae"])
    h = model.fit(XTOK, YREG, batch_size=3, epochs=3, shuffle=False, verbose=0,
                  validation_split=0.2)
    return {"pred0": _arr(pred0), "hist": _hist(h),
            "weights": [_arr(w) for w in model.get_weights()],
            "evaluate": _arr(model.evaluate(XTOK, YREG, verbose=0))}


def scenario_conv_variants_predict(keras, tmp):
    layers = keras.layers
    inp = keras.Input((5, 5, 2))
    outs = [layers.Conv2D(3, (2, 3), strides=(2, 1), padding="valid", activation="relu")(inp),
            layers.Conv2DTranspose(2, 2, strides=2, padding="valid", output_padding=1)(inp),
            layers.Conv2DTranspose(2, 3, strides=2, padding="same")(inp),
            layers.MaxPooling2D(pool_size=3, strides=2, padding="same")(inp),
            layers.BatchNormalization(momentum=0.9, epsilon=0.01, center=False)(inp),
            layers.LayerNormalization(axis=[1, 2, 3], epsilon=1e-2)(inp)]
    model = keras.Model(inp, layers.Concatenate()([layers.Flatten()(t) for t in outs]))
    ws = _init(model, 11)
    ws[8] = np.abs(ws[8]) + 0.5       # BatchNormalization moving_variance > 0
    model.set_weights(ws)
    x = np.random.default_rng(3).normal(size=(2, 5, 5, 2)).astype("float32")
    pred = model.predict(x, verbose=0)
    return {"shapes": [list(w.shape) for w in ws], "count": int(model.count_params()),
            "width": int(pred.shape[1]), "pred_every_6th": _arr(pred[:, ::6])}


def scenario_sample_weight(keras, tmp):
    model = _mlp(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    h = model.fit(X8, Y3, sample_weight=SW24, batch_size=8, epochs=2, shuffle=False,
                  verbose=0)
    return {"hist": _hist(h), "weights": [_arr(w) for w in model.get_weights()],
            "evaluate": _arr(model.evaluate(X8, Y3, sample_weight=SW24, verbose=0)),
            "evaluate_unweighted": _arr(model.evaluate(X8, Y3, verbose=0))}


def scenario_uneven_batches(keras, tmp):
    model = _mlp(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    sw = np.linspace(0.2, 3.0, 24).astype("float32")
    h = model.fit(X8, Y3, sample_weight=sw, batch_size=7, epochs=2, shuffle=False, verbose=0,
                  validation_split=0.3)
    return {"hist": _hist(h), "weights": [_arr(w) for w in model.get_weights()],
            "evaluate": _arr(model.evaluate(X8, Y3, batch_size=5, verbose=0)),
            "evaluate_sw": _arr(model.evaluate(X8, Y3, sample_weight=sw, batch_size=5,
                                               verbose=0)),
            "pred_tail": _arr(model.predict(X8, batch_size=5, verbose=0)[-3:])}


def scenario_class_weight(keras, tmp):
    model = _mlp(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    vsw = np.array([1, 0, 2, 1, 0.5, 1, 3, 0], "float32")
    h = model.fit(X8, Y3, class_weight={0: 1.0, 1: 3.0, 2: 0.5}, batch_size=8, epochs=2,
                  shuffle=False, verbose=0, validation_data=(XV, YV, vsw))
    return {"hist": _hist(h), "weights": [_arr(w) for w in model.get_weights()]}


def scenario_class_weight_onehot(keras, tmp):
    model = _mlp(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="categorical_crossentropy",
                  metrics=["accuracy", "categorical_accuracy"])
    h = model.fit(X8, np.eye(3, dtype="float32")[Y3], class_weight={0: 2.0, 1: 1.0, 2: 0.25},
                  batch_size=8, epochs=2, shuffle=False, verbose=0)
    return {"hist": _hist(h)}


def scenario_binary_class_weight_auc(keras, tmp):
    model = _binary(keras)
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy",
                  metrics=["accuracy", keras.metrics.AUC(), "mae"])
    h = model.fit(XB, YB, class_weight={0: 0.5, 1: 2.0}, batch_size=5, epochs=3,
                  shuffle=False, verbose=0, validation_split=0.25)
    return {"hist": _hist(h),
            "evaluate": _arr(model.evaluate(XB, YB, verbose=0))}


OPTIMIZERS = {
    "adam_amsgrad": lambda k: k.optimizers.Adam(0.05, amsgrad=True),
    "adam_weight_decay": lambda k: k.optimizers.Adam(0.05, weight_decay=0.1),
    "adam_betas_epsilon": lambda k: k.optimizers.Adam(0.05, beta_1=0.5, beta_2=0.9,
                                                      epsilon=1e-3),
    "adam_global_clipnorm": lambda k: k.optimizers.Adam(0.05, global_clipnorm=0.05),
    "rmsprop_centered_momentum": lambda k: k.optimizers.RMSprop(0.02, rho=0.8, momentum=0.5,
                                                                centered=True),
    "rmsprop_defaults": lambda k: k.optimizers.RMSprop(),
    "sgd_momentum_clipnorm": lambda k: k.optimizers.SGD(0.5, momentum=0.9, clipnorm=0.1),
    "sgd_clipvalue": lambda k: k.optimizers.SGD(0.5, clipvalue=0.01),
    "string_adam": lambda k: "adam",
    "string_rmsprop": lambda k: "rmsprop",
    "string_sgd": lambda k: "sgd",
}


def scenario_optimizer(keras, tmp, which):
    model = _binary(keras)
    model.compile(optimizer=OPTIMIZERS[which](keras), loss="binary_crossentropy")
    h = model.fit(XB, YB, batch_size=4, epochs=3, shuffle=False, verbose=0)
    return {"loss": _hist(h)["loss"], "weights": [_arr(w) for w in model.get_weights()],
            "evaluate": float(model.evaluate(XB, YB, verbose=0))}


def scenario_early_stopping_restore(keras, tmp):
    model = _linear(keras)
    es = keras.callbacks.EarlyStopping(monitor="loss", patience=2, min_delta=0.5,
                                       restore_best_weights=True)
    h = model.fit(XL, YL, batch_size=4, epochs=20, shuffle=False, verbose=0, callbacks=[es])
    return {"hist": _hist(h), "stopped_epoch": es.stopped_epoch, "best_epoch": es.best_epoch,
            "best": float(es.best), "weights": [_arr(w) for w in model.get_weights()]}


def scenario_early_stopping_auto_val_accuracy(keras, tmp):
    model = _mlp(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.5, momentum=0.9),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    es = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=1, mode="auto")
    h = model.fit(X8, Y3, batch_size=8, epochs=10, shuffle=False, verbose=0, callbacks=[es],
                  validation_data=(XV, YV))
    return {"hist": _hist(h), "stopped_epoch": es.stopped_epoch, "best": float(es.best)}


def scenario_early_stopping_val_mae(keras, tmp):
    model = _linear(keras, lr=0.6)
    es = keras.callbacks.EarlyStopping(monitor="val_mae", patience=1, min_delta=0.01,
                                       restore_best_weights=True)
    h = model.fit(XL, YL, batch_size=4, epochs=20, shuffle=False, verbose=0, callbacks=[es],
                  validation_split=0.25)
    return {"hist": _hist(h), "stopped_epoch": es.stopped_epoch, "best_epoch": es.best_epoch,
            "weights": [_arr(w) for w in model.get_weights()]}


def scenario_early_stopping_baseline_and_start(keras, tmp):
    model = _linear(keras)
    es = keras.callbacks.EarlyStopping(monitor="loss", patience=2, baseline=1.0)
    h = model.fit(XL, YL, batch_size=4, epochs=20, shuffle=False, verbose=0, callbacks=[es])
    model2 = _linear(keras)
    es2 = keras.callbacks.EarlyStopping(monitor="loss", patience=0, min_delta=100,
                                        start_from_epoch=2)
    h2 = model2.fit(XL, YL, batch_size=4, epochs=20, shuffle=False, verbose=0, callbacks=[es2])
    return {"epochs": len(h.history["loss"]), "stopped_epoch": es.stopped_epoch,
            "best": float(es.best), "epochs2": len(h2.history["loss"]),
            "stopped_epoch2": es2.stopped_epoch}


class _LRRecorder:
    """Builds a Callback subclass of the given keras that records the lr at each epoch start."""

    @staticmethod
    def make(keras):
        class Rec(keras.callbacks.Callback):
            def __init__(self):
                super().__init__()
                self.lrs = []

            def on_epoch_begin(self, epoch, logs=None):
                self.lrs.append(float(np.asarray(self.model.optimizer.learning_rate)))
        return Rec()


def scenario_reduce_lr_on_plateau(keras, tmp):
    model = _linear(keras, lr=0.1)
    rec = _LRRecorder.make(keras)
    cb = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1,
                                           min_delta=10.0, cooldown=2, min_lr=0.02)
    h = model.fit(XL, YL, batch_size=4, epochs=9, shuffle=False, verbose=0,
                  callbacks=[rec, cb])
    return {"hist": _hist(h), "lrs": rec.lrs, "weights": [_arr(w) for w in model.get_weights()]}


def scenario_reduce_lr_val_loss_csv(keras, tmp):
    model = _linear(keras, lr=0.9)
    path = os.path.join(tmp, "log.csv")
    cb = keras.callbacks.ReduceLROnPlateau(factor=0.2, patience=0, min_lr=0.05)
    h = model.fit(XL, YL, batch_size=4, epochs=6, shuffle=False, verbose=0,
                  validation_split=0.25,
                  callbacks=[cb, keras.callbacks.CSVLogger(path, separator=";")])
    with open(path) as f:
        text = f.read()
    return {"hist": _hist(h), "csv": text}


def scenario_learning_rate_scheduler(keras, tmp):
    model = _linear(keras, lr=0.1)
    rec = _LRRecorder.make(keras)
    cb = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr if epoch < 1 else lr * 0.5)
    h = model.fit(XL, YL, batch_size=4, epochs=3, shuffle=False, verbose=0,
                  callbacks=[cb, rec])
    return {"hist": _hist(h), "lrs": rec.lrs, "weights": [_arr(w) for w in model.get_weights()]}


def scenario_model_checkpoint(keras, tmp):
    model = _mlp(keras)
    model.compile(optimizer=keras.optimizers.SGD(0.5, momentum=0.9),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    a = keras.callbacks.ModelCheckpoint(os.path.join(tmp, "m-{epoch:02d}.keras"),
                                        monitor="val_loss", save_best_only=True)
    b = keras.callbacks.ModelCheckpoint(
        os.path.join(tmp, "acc-{epoch:02d}-{val_accuracy:.3f}.keras"),
        monitor="val_accuracy", save_best_only=True)
    c = keras.callbacks.ModelCheckpoint(os.path.join(tmp, "w.weights.h5"), monitor="loss",
                                        save_best_only=True, save_weights_only=True)
    h = model.fit(X8, Y3, batch_size=8, epochs=6, shuffle=False, verbose=0,
                  callbacks=[a, b, c], validation_data=(XV, YV))
    return {"hist": _hist(h), "files": sorted(os.listdir(tmp)),
            "best": [float(a.best), float(b.best), float(c.best)]}


def scenario_csv_logger(keras, tmp):
    model = _linear(keras, lr=0.1)
    path = os.path.join(tmp, "log.csv")
    model.fit(XL, YL, batch_size=4, epochs=3, shuffle=False, verbose=0, validation_split=0.25,
              callbacks=[keras.callbacks.CSVLogger(path)])
    with open(path) as f:
        text = f.read()
    return {"csv": text}


def scenario_csv_logger_no_validation_append(keras, tmp):
    model = _linear(keras)
    path = os.path.join(tmp, "log.csv")
    model.fit(XL, YL, batch_size=4, epochs=2, shuffle=False, verbose=0,
              callbacks=[keras.callbacks.CSVLogger(path)])
    model.fit(XL, YL, batch_size=4, epochs=1, shuffle=False, verbose=0,
              callbacks=[keras.callbacks.CSVLogger(path, append=True)])
    with open(path) as f:
        text = f.read()
    return {"csv": text}


def scenario_terminate_on_nan(keras, tmp):
    model = _linear(keras, lr=0.1)
    x = XL.copy()
    x[9, 0] = np.nan                  # batch 2 of epoch 0
    h = model.fit(x, YL, batch_size=4, epochs=3, shuffle=False, verbose=0,
                  callbacks=[keras.callbacks.TerminateOnNaN()])
    return {"hist": {k: [repr(v) for v in vs] for k, vs in _hist(h).items()},
            "epoch": list(h.epoch)}


def scenario_history(keras, tmp):
    model = _linear(keras)
    h1 = model.fit(XL, YL, batch_size=4, epochs=2, shuffle=False, verbose=0)
    first_is_model_history = model.history is h1
    h2 = model.fit(XL, YL, batch_size=4, epochs=4, initial_epoch=2, shuffle=False, verbose=0)
    return {"h1": _hist(h1), "h2": _hist(h2), "epoch2": list(h2.epoch),
            "params": dict(h2.params), "first_is_model_history": first_is_model_history,
            "second_is_model_history": model.history is h2, "same_object": h1 is h2,
            "iterations": int(np.asarray(model.optimizer.iterations))}


def scenario_evaluate_without_metrics(keras, tmp):
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.set_weights([np.array([[0.2]], "float32"), np.array([0.1], "float32")])
    model.compile(optimizer="sgd", loss="mse")
    value = model.evaluate(XL, YL, batch_size=5, verbose=0)
    d = model.evaluate(XL, YL, verbose=0, return_dict=True)
    return {"value": float(value), "is_float": isinstance(value, float),
            "dict": {k: float(v) for k, v in d.items()}}


def _capture_summary(model, **kwargs):
    calls = []
    model.summary(print_fn=lambda text, *a, **k: calls.append(text), **kwargs)
    return calls


def scenario_summary_sequential(keras, tmp):
    layers = keras.layers
    model = keras.Sequential([keras.Input((8,)), layers.Dense(6, activation="relu",
                                                              name="hidden"),
                              layers.Dropout(0.5), layers.Dense(3, name="out")], name="small")
    calls = _capture_summary(model, line_length=80)
    return {"text": "\n".join(c.rstrip("\n") for c in calls), "calls": len(calls),
            "count": int(model.count_params())}


def scenario_summary_functional(keras, tmp):
    model = _cnn(keras)
    calls = _capture_summary(model, line_length=100)
    return {"text": "\n".join(c.rstrip("\n") for c in calls), "count": int(model.count_params()),
            "trainable": int(sum(int(np.prod(w.shape)) for w in model.trainable_weights)),
            "non_trainable": int(sum(int(np.prod(w.shape))
                                     for w in model.non_trainable_weights))}


def scenario_summary_after_fit_and_unbuilt(keras, tmp):
    model = _mlp(keras)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(X8, Y3, epochs=1, verbose=0, shuffle=False)
    fitted = _capture_summary(model, line_length=88)
    unbuilt = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(2)])
    lines = _capture_summary(unbuilt, line_length=88)
    try:
        count = unbuilt.count_params()
    except ValueError:
        count = "ValueError"
    return {"fitted": "\n".join(c.rstrip("\n") for c in fitted),
            "unbuilt": "\n".join(c.rstrip("\n") for c in lines), "unbuilt_count": count}


def scenario_config(keras, tmp):
    layers = keras.layers
    model = keras.Sequential([keras.Input((8,)), layers.Dense(6, activation="relu",
                                                              name="hidden"),
                              layers.Dense(3, name="out")], name="small")
    config = json.loads(json.dumps(model.get_config()))   # tuples as lists
    js = json.loads(model.to_json())
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
    js2 = json.loads(model.to_json())
    return {"config": config, "json": js,
            "json_compiled_compile_config": js2.get("compile_config", "<missing>")}


def scenario_save_load(keras, tmp):
    model = _mlp(keras)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(X8, Y3, batch_size=8, epochs=1, shuffle=False, verbose=0)
    path = os.path.join(tmp, "x.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    out = {"pred": _arr(model.predict(XV[:2], verbose=0)),
           "loaded_pred": _arr(loaded.predict(XV[:2], verbose=0)),
           "loaded_weights": [_arr(w) for w in loaded.get_weights()],
           "loaded_names": [layer.name for layer in loaded.layers],
           "loaded_class": type(loaded).__name__,
           "loaded_iterations": int(np.asarray(loaded.optimizer.iterations)),
           "loaded_lr": float(np.asarray(loaded.optimizer.learning_rate))}
    h = loaded.fit(X8, Y3, batch_size=8, epochs=1, shuffle=False, verbose=0)
    out["loaded_fit"] = _hist(h)
    out["loaded_weights_after_fit"] = [_arr(w) for w in loaded.get_weights()]
    return out


def scenario_functional_output_shape(keras, tmp):
    inp = keras.Input((4,))
    model = keras.Model(inp, [keras.layers.Dense(2)(inp), keras.layers.Dense(3)(inp)])
    single = keras.Model(inp, keras.layers.Dense(5)(inp))
    return {"multi": [list(s) for s in model.output_shape], "single": list(single.output_shape),
            "input_shape": list(single.input_shape)}


def scenario_default_model_names(keras, tmp):
    a = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    inp = keras.Input((3,))
    b = keras.Model(inp, keras.layers.Dense(2)(inp))
    return {"names": [a.name, b.name]}


def scenario_optimizer_default_names(keras, tmp):
    opts = [keras.optimizers.SGD(), keras.optimizers.Adam(), keras.optimizers.RMSprop(),
            keras.optimizers.Adam()]
    return {"names": [o.name for o in opts],
            "config_names": [o.get_config()["name"] for o in opts]}

# ============================================================== scenarios (END) ====


# =================================================================================== helpers ====

def close(got, want, rtol=RTOL, atol=ATOL):
    np.testing.assert_allclose(np.asarray(got, np.float64), np.asarray(want, np.float64),
                               rtol=rtol, atol=atol)


def close_weights(got, want):
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        assert np.shape(g) == np.shape(w), i
        close(g, w)


def close_history(got, want):
    assert sorted(got) == sorted(want)
    for key in want:
        assert len(got[key]) == len(want[key]), key
        close(got[key], want[key])


def run(name, tmp_path, *args):
    return globals()["scenario_" + name](tw_keras, str(tmp_path), *args)


def assert_csv_matches(text, want, sep=","):
    """Same header and rows; numbers written as full-precision Python floats of float32
    values (``str(float)``), equal to Keras's within rtol; ``NA`` where Keras wrote ``NA``."""
    got_rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    want_rows = list(csv.reader(io.StringIO(want), delimiter=sep))
    assert got_rows[0] == want_rows[0]
    assert len(got_rows) == len(want_rows)
    assert text.endswith("\n") and "\r" not in text
    for g, w in zip(got_rows[1:], want_rows[1:]):
        assert len(g) == len(w)
        assert g[0] == w[0]                                  # the epoch, an int from 0
        for a, b in zip(g[1:], w[1:]):
            if b == "NA":
                assert a == "NA"
                continue
            assert str(float(a)) == a                         # repr-style, full precision
            assert float(np.float32(float(a))) == float(a)   # a float32 value, widened
            close(float(a), float(b))


# ============================================================================ predict / fit ====

def test_predict_sequential_with_dropout_given_weights(tmp_path):
    got = run("predict_mlp_dropout", tmp_path)
    want = EXPECTED["predict_mlp_dropout"]
    close(got["pred"], want["pred"])
    close(got["pred_b3"], want["pred_b3"])


def test_fit_sgd_momentum_accuracy_validation_data_evaluate_predict(tmp_path):
    got = run("sgd_momentum", tmp_path)
    want = EXPECTED["sgd_momentum"]
    close_history(got["hist"], want["hist"])
    close_weights(got["weights"], want["weights"])
    close(got["evaluate"], want["evaluate"])
    close(got["pred"], want["pred"])


def test_fit_sgd_nesterov_sparse_categorical_accuracy_validation_split(tmp_path):
    got = run("sgd_nesterov_split", tmp_path)
    want = EXPECTED["sgd_nesterov_split"]
    close_history(got["hist"], want["hist"])
    close_weights(got["weights"], want["weights"])


def test_functional_cnn_batchnorm_conv_transpose_concat_adam_accuracy_auc(tmp_path):
    got = run("cnn_adam_auc", tmp_path)
    want = EXPECTED["cnn_adam_auc"]
    assert got["shapes"] == want["shapes"] and got["count"] == want["count"]
    close(got["pred0"], want["pred0"])
    close_history(got["hist"], want["hist"])
    close_weights(got["weights"], want["weights"])       # BatchNorm moving stats included
    assert sorted(got["evaluate"]) == sorted(want["evaluate"])
    close([got["evaluate"][k] for k in sorted(want["evaluate"])],
          [want["evaluate"][k] for k in sorted(want["evaluate"])])
    close(got["pred"], want["pred"])


def test_embedding_layernorm_rmsprop_mae_validation_split(tmp_path):
    got = run("embedding_rmsprop", tmp_path)
    want = EXPECTED["embedding_rmsprop"]
    close(got["pred0"], want["pred0"])
    close_history(got["hist"], want["hist"])
    close_weights(got["weights"], want["weights"])
    close(got["evaluate"], want["evaluate"])


def test_conv_pool_norm_variants_predict(tmp_path):
    got = run("conv_variants_predict", tmp_path)
    want = EXPECTED["conv_variants_predict"]
    assert got["shapes"] == want["shapes"]
    assert got["count"] == want["count"] and got["width"] == want["width"]
    close(got["pred_every_6th"], want["pred_every_6th"])


@pytest.mark.parametrize("which", sorted(OPTIMIZERS))
def test_optimizer_variants_three_epochs(tmp_path, which):
    got = run("optimizer", tmp_path, which)
    want = EXPECTED["optimizer[" + which + "]"]
    close(got["loss"], want["loss"])
    close_weights(got["weights"], want["weights"])
    close(got["evaluate"], want["evaluate"])


# ==================================================================== sample / class weights ====

def test_sample_weight_fit_and_evaluate(tmp_path):
    got = run("sample_weight", tmp_path)
    want = EXPECTED["sample_weight"]
    close_history(got["hist"], want["hist"])
    close_weights(got["weights"], want["weights"])
    close(got["evaluate"], want["evaluate"])
    close(got["evaluate_unweighted"], want["evaluate_unweighted"])


def test_uneven_last_batches_with_sample_weight_and_validation_split(tmp_path):
    got = run("uneven_batches", tmp_path)
    want = EXPECTED["uneven_batches"]
    close_history(got["hist"], want["hist"])
    close_weights(got["weights"], want["weights"])
    close(got["evaluate"], want["evaluate"])
    close(got["evaluate_sw"], want["evaluate_sw"])
    close(got["pred_tail"], want["pred_tail"])


def test_class_weight_with_weighted_validation_data(tmp_path):
    got = run("class_weight", tmp_path)
    want = EXPECTED["class_weight"]
    close_history(got["hist"], want["hist"])
    close_weights(got["weights"], want["weights"])


def test_class_weight_with_one_hot_targets(tmp_path):
    got = run("class_weight_onehot", tmp_path)
    close_history(got["hist"], EXPECTED["class_weight_onehot"]["hist"])


def test_binary_class_weight_accuracy_auc_mae(tmp_path):
    got = run("binary_class_weight_auc", tmp_path)
    want = EXPECTED["binary_class_weight_auc"]
    close_history(got["hist"], want["hist"])
    close(got["evaluate"], want["evaluate"])


def test_evaluate_without_metrics_returns_a_float(tmp_path):
    got = run("evaluate_without_metrics", tmp_path)
    want = EXPECTED["evaluate_without_metrics"]
    assert got["is_float"] is want["is_float"] is True
    close(got["value"], want["value"])
    assert sorted(got["dict"]) == sorted(want["dict"])
    close(got["dict"]["loss"], want["dict"]["loss"])


# ================================================================================= callbacks ====

def test_early_stopping_min_delta_patience_restore_best_weights(tmp_path):
    got = run("early_stopping_restore", tmp_path)
    want = EXPECTED["early_stopping_restore"]
    close_history(got["hist"], want["hist"])
    assert (got["stopped_epoch"], got["best_epoch"]) == (want["stopped_epoch"],
                                                         want["best_epoch"])
    close(got["best"], want["best"])
    close_weights(got["weights"], want["weights"])       # the best epoch's weights


def test_early_stopping_mode_auto_on_val_accuracy_maximises(tmp_path):
    got = run("early_stopping_auto_val_accuracy", tmp_path)
    want = EXPECTED["early_stopping_auto_val_accuracy"]
    close_history(got["hist"], want["hist"])
    assert got["stopped_epoch"] == want["stopped_epoch"]
    close(got["best"], want["best"])


def test_early_stopping_mode_auto_on_val_mae_restores_best(tmp_path):
    got = run("early_stopping_val_mae", tmp_path)
    want = EXPECTED["early_stopping_val_mae"]
    close_history(got["hist"], want["hist"])
    assert (got["stopped_epoch"], got["best_epoch"]) == (want["stopped_epoch"],
                                                         want["best_epoch"])
    close_weights(got["weights"], want["weights"])


def test_early_stopping_baseline_and_start_from_epoch(tmp_path):
    got = run("early_stopping_baseline_and_start", tmp_path)
    want = EXPECTED["early_stopping_baseline_and_start"]
    assert {k: v for k, v in got.items() if k != "best"} == \
        {k: v for k, v in want.items() if k != "best"}
    close(got["best"], want["best"])


def test_reduce_lr_on_plateau_factor_patience_cooldown_min_lr(tmp_path):
    got = run("reduce_lr_on_plateau", tmp_path)
    want = EXPECTED["reduce_lr_on_plateau"]
    close(got["lrs"], want["lrs"])                     # lr at the start of each epoch
    close_history(got["hist"], want["hist"])           # incl. history["learning_rate"]
    close_weights(got["weights"], want["weights"])


def test_reduce_lr_on_val_loss_with_csv_logger_separator(tmp_path):
    got = run("reduce_lr_val_loss_csv", tmp_path)
    want = EXPECTED["reduce_lr_val_loss_csv"]
    close_history(got["hist"], want["hist"])
    assert_csv_matches(got["csv"], want["csv"], sep=";")


def test_learning_rate_scheduler(tmp_path):
    got = run("learning_rate_scheduler", tmp_path)
    want = EXPECTED["learning_rate_scheduler"]
    close(got["lrs"], want["lrs"])
    close_history(got["hist"], want["hist"])
    close_weights(got["weights"], want["weights"])


def test_model_checkpoint_save_best_only_which_epochs_save(tmp_path):
    got = run("model_checkpoint", tmp_path)
    want = EXPECTED["model_checkpoint"]
    close_history(got["hist"], want["hist"])
    assert got["files"] == want["files"]
    close(got["best"], want["best"])


def test_csv_logger_columns_and_formatting_with_validation_split(tmp_path):
    got = run("csv_logger", tmp_path)
    assert_csv_matches(got["csv"], EXPECTED["csv_logger"]["csv"])


def test_csv_logger_without_validation_writes_na_val_columns_and_appends(tmp_path):
    got = run("csv_logger_no_validation_append", tmp_path)
    assert_csv_matches(got["csv"], EXPECTED["csv_logger_no_validation_append"]["csv"])


def test_terminate_on_nan(tmp_path):
    got = run("terminate_on_nan", tmp_path)
    assert got == EXPECTED["terminate_on_nan"]


def test_history_object_params_and_second_fit_with_initial_epoch(tmp_path):
    got = run("history", tmp_path)
    want = EXPECTED["history"]
    close_history(got["h1"], want["h1"])
    close_history(got["h2"], want["h2"])
    for key in ("epoch2", "params", "first_is_model_history", "second_is_model_history",
                "same_object", "iterations"):
        assert got[key] == want[key], key


# ============================================================= summary / config / saving ====

def test_summary_sequential_text_and_count_params(tmp_path):
    got = run("summary_sequential", tmp_path)
    want = EXPECTED["summary_sequential"]
    assert got["text"].splitlines() == want["text"].splitlines()
    assert got["count"] == want["count"] == 75


def test_summary_print_fn_called_once(tmp_path):
    got = run("summary_sequential", tmp_path)
    assert got["calls"] == EXPECTED["summary_sequential"]["calls"] == 1


def test_summary_functional_layers_shapes_params(tmp_path):
    got = run("summary_functional", tmp_path)
    want = EXPECTED["summary_functional"]
    for key in ("count", "trainable", "non_trainable"):
        assert got[key] == want[key], key
    # every line except the Connected-to cells
    strip = [line[:line.rfind("│", 0, len(line) - 1)] if line.startswith("│") else line
             for line in want["text"].splitlines()]
    mine = [line[:line.rfind("│", 0, len(line) - 1)] if line.startswith("│") else line
            for line in got["text"].splitlines()]
    assert mine == strip


def test_summary_functional_connected_to_text(tmp_path):
    got = run("summary_functional", tmp_path)
    assert got["text"].splitlines() == EXPECTED["summary_functional"]["text"].splitlines()


def test_summary_after_fit_and_unbuilt(tmp_path):
    got = run("summary_after_fit_and_unbuilt", tmp_path)
    want = EXPECTED["summary_after_fit_and_unbuilt"]
    assert got["unbuilt"].splitlines() == want["unbuilt"].splitlines()
    assert got["unbuilt_count"] == want["unbuilt_count"] == "ValueError"
    # Keras-JAX counts the int32 iteration variable as 4 bytes (908/608 B); the TF backend
    # and tensorweave use int64 (912/612 B), so only the byte-free part is compared there.
    g, w = got["fitted"].splitlines(), want["fitted"].splitlines()
    assert len(g) == len(w)
    for a, b in zip(g, w):
        if b.startswith((" Total params:", " Optimizer params:")):
            assert a.split("(")[0] == b.split("(")[0]
        else:
            assert a == b


def test_get_config_and_to_json_structure(tmp_path):
    got = run("config", tmp_path)
    want = EXPECTED["config"]
    gc, wc = got["config"], want["config"]
    assert sorted(gc) == sorted(wc)
    assert gc["name"] == wc["name"] == "small"
    assert gc["build_input_shape"] == wc["build_input_shape"]
    assert [lc["class_name"] for lc in gc["layers"]] == [lc["class_name"]
                                                          for lc in wc["layers"]]
    for gl, wl in zip(gc["layers"], wc["layers"]):
        assert gl["module"] == wl["module"] and gl.get("build_config") == wl.get("build_config")
        for key in ("name", "batch_shape", "units", "activation", "use_bias", "trainable",
                    "kernel_regularizer", "bias_constraint"):
            assert gl["config"].get(key) == wl["config"].get(key), key
        if "kernel_initializer" in wl["config"]:
            assert gl["config"]["kernel_initializer"]["class_name"] == "GlorotUniform"
            assert gl["config"]["bias_initializer"] == wl["config"]["bias_initializer"]
    gj, wj = got["json"], want["json"]
    assert gj["class_name"] == wj["class_name"] == "Sequential"
    assert gj["build_config"] == wj["build_config"]
    assert sorted(gj["config"]) == sorted(wj["config"])


def test_get_config_equals_keras(tmp_path):
    got = run("config", tmp_path)
    assert got["config"] == EXPECTED["config"]["config"]


def test_to_json_module_and_compile_config(tmp_path):
    got = run("config", tmp_path)
    want = EXPECTED["config"]
    assert sorted(got["json"]) == sorted(want["json"])
    assert got["json"]["module"] == want["json"]["module"] == "keras"
    assert got["json"].get("compile_config") == want["json"]["compile_config"] == {}
    assert sorted(got["json_compiled_compile_config"]) == \
        sorted(want["json_compiled_compile_config"])


def test_save_keras_file_and_load_model_round_trip(tmp_path):
    got = run("save_load", tmp_path)
    want = EXPECTED["save_load"]
    close(got["pred"], want["pred"])
    close(got["loaded_pred"], want["loaded_pred"])
    close_weights(got["loaded_weights"], want["loaded_weights"])
    for key in ("loaded_names", "loaded_class", "loaded_iterations"):
        assert got[key] == want[key], key
    close(got["loaded_lr"], want["loaded_lr"])
    close_history(got["loaded_fit"], want["loaded_fit"])  # Adam state restored too
    close_weights(got["loaded_weights_after_fit"], want["loaded_weights_after_fit"])


def test_functional_output_shape(tmp_path):
    assert run("functional_output_shape", tmp_path) == EXPECTED["functional_output_shape"]


def test_default_model_names(tmp_path):
    assert run("default_model_names", tmp_path) == EXPECTED["default_model_names"]


def test_optimizer_default_names(tmp_path):
    assert run("optimizer_default_names", tmp_path) == EXPECTED["optimizer_default_names"]


# ============================================================================ recorded data ====
# Everything below was printed from Keras 3.15.1 (JAX backend) running the scenarios above.

EXPECTED = {
    'predict_mlp_dropout': {
        'pred': [
            [0.23143935, 0.4936689, 0.27489167],
            [0.25305972, 0.40635982, 0.34058043],
            [0.4104442, 0.13825493, 0.4513008],
            [0.29429394, 0.5022616, 0.20344451],
        ],
        'pred_b3': [
            [0.23143935, 0.4936689, 0.27489167],
            [0.25305972, 0.40635982, 0.34058043],
            [0.4104442, 0.13825493, 0.4513008],
            [0.29429394, 0.5022616, 0.20344451],
            [0.33595628, 0.3353124, 0.32873133],
            [0.322442, 0.31326944, 0.36428863],
            [0.38581195, 0.37100458, 0.24318351],
        ],
    },
    'sgd_momentum': {
        'hist': {
            'accuracy': [0.41666666, 0.45833334, 0.5],
            'loss': [1.0543436, 1.0145594, 0.96023846],
            'val_accuracy': [0.375, 0.5, 0.5],
            'val_loss': [1.1393528, 1.1254255, 1.1196771],
        },
        'weights': [
            [
                [0.14945531, 0.34316903, 0.09350646, -0.32935035, 0.19854759, 0.123376295],
                [-0.14339842, 0.19113204, 0.080376826, 0.17846638, 0.08783286, 0.13878676],
                [-0.08804074, 0.06576164, -0.21604282, 0.096960194, 0.060632184, -0.17758654],
                [-0.29768017, -0.102538966, 0.033068255, -0.064525075, 0.53677106, 0.38963813],
                [-0.8972995, -0.4969981, 0.012417371, -0.16207491, 0.2356259, 0.06164012],
                [0.54496884, -0.31834817, -0.09734973, 0.5712873, 0.38542387, 0.2771232],
                [-0.117423825, -0.47302535, 0.017949244, 0.04301207, -0.4917974, -0.16378923],
                [0.012471834, -0.36841175, -0.053645484, -0.029672824, -0.15435629, -0.13669701],
            ],
            [0.13537946, 0.33512247, 0.07757358, -0.3006971, 0.2982557, -0.15100873],
            [
                [0.05965166, -0.28167102, 0.4385715],
                [0.065658, -0.41539004, -0.1250815],
                [0.013904991, 0.08483181, -0.2953251],
                [-0.2639343, -0.07173932, -0.07668776],
                [0.30174303, 0.25136346, -0.74923515],
                [0.10671565, 0.43480074, -0.1870639],
            ],
            [-0.15577337, 0.0801385, 0.13409764],
        ],
        'evaluate': [1.1196771, 0.5],
        'pred': [
            [0.38111955, 0.26698455, 0.3518959],
            [0.33991182, 0.514344, 0.14574417],
            [0.25890473, 0.41369307, 0.32740226],
        ],
    },
    'sgd_nesterov_split': {
        'hist': {
            'loss': [1.0559732, 1.0317318],
            'sparse_categorical_accuracy': [0.3888889, 0.5],
            'val_loss': [1.0525115, 1.044927],
            'val_sparse_categorical_accuracy': [0.33333334, 0.33333334],
        },
        'weights': [
            [
                [0.09539217, 0.250209, 0.10422321, -0.37954777, 0.25177205, 0.14540966],
                [-0.14041604, 0.18172328, 0.08722084, 0.10735199, 0.0127058495, 0.1384949],
                [-0.1880018, -0.014717163, -0.16791797, 0.16252016, 0.01413399, -0.120510265],
                [-0.2646869, -0.09072776, 0.01243853, -0.08452843, 0.41944146, 0.32889906],
                [-0.82801384, -0.5547519, -0.035824742, -0.12980495, 0.11536317, 0.06883118],
                [0.59546536, -0.33691365, -0.10734674, 0.5978102, 0.24837029, 0.2306796],
                [-0.13960516, -0.4865513, 0.03632376, 0.03854328, -0.39928705, -0.19426651],
                [-0.024073865, -0.3042729, -0.027961513, 0.021441713, -0.023557127, -0.14153732],
            ],
            [0.17629118, 0.28354874, 0.07796235, -0.26372197, 0.22646654, -0.15072744],
            [
                [0.20590168, -0.28537515, 0.29602557],
                [-0.0030871285, -0.38621706, -0.08550934],
                [0.011061353, 0.080232695, -0.28788236],
                [-0.29667643, 0.042661436, -0.15834641],
                [0.09438981, 0.2572555, -0.547774],
                [0.069508135, 0.3964266, -0.11148225],
            ],
            [-0.23115447, 0.19551568, 0.09410153],
        ],
    },
    'cnn_adam_auc': {
        'shapes': [[3, 3, 1, 3], [3], [3], [3], [3], [3], [3, 3, 2, 3], [2], [29, 1], [1]],
        'count': 128,
        'pred0': [[0.81000364], [0.7964586], [0.7418286]],
        'hist': {
            'accuracy': [0.41666666, 0.5833333, 0.6666667],
            'auc': [0.19444445, 0.52777773, 0.6944444],
            'loss': [1.5038503, 1.0066404, 0.71028453],
        },
        'weights': [
            [
                [
                    [[0.04086824, -0.17860006, -0.05589276]],
                    [[-0.703541, 0.5447814, 0.36672357]],
                    [[-0.032994717, 0.1985601, 0.07819766]],
                ],
                [
                    [[-0.2292283, 0.31340966, -0.112988934]],
                    [[-0.0923197, -0.30944046, 0.09482329]],
                    [[0.009962736, 0.24023393, -0.12576847]],
                ],
                [
                    [[0.11536151, -0.26776585, 0.32937238]],
                    [[0.067908436, 0.1044194, 0.09691115]],
                    [[-0.3207675, 0.20303825, 0.654189]],
                ],
            ],
            [-0.5252654, -0.4499695, -0.3796936],
            [1.2202486, 1.0460461, 1.2615867],
            [0.16714029, 0.12358834, 0.024350422],
            [-0.036950372, 0.24535978, -0.30235326],
            [0.5788602, 0.52762216, 0.95427233],
            [
                [
                    [
                        [-0.16959636, -0.29064834, -0.11885467],
                        [0.35068122, -0.037570734, 0.4470707],
                    ],
                    [
                        [-0.50201607, 0.37162673, 0.36059135],
                        [-0.36570013, 0.07900549, 0.41449386],
                    ],
                    [[0.0816536, 0.35735333, 0.75538224], [0.1375851, -0.02685117, -0.18869744]],
                ],
                [
                    [
                        [0.25416225, -0.025949245, -0.003492429],
                        [0.028321587, 0.22789179, -0.2701353],
                    ],
                    [
                        [-0.39922008, -0.69709325, 0.40973273],
                        [0.08203753, 0.4859667, 0.047079705],
                    ],
                    [
                        [-0.16736872, 0.20082173, 0.019939762],
                        [-0.32085058, -0.20825648, 0.572652],
                    ],
                ],
                [
                    [
                        [0.15923588, 0.12740816, -0.01707879],
                        [-0.1540749, 0.26988178, 0.03451674],
                    ],
                    [
                        [-0.17480172, -0.037746347, -0.2057951],
                        [0.1098547, 0.34115335, -0.18492086],
                    ],
                    [[0.4744, -0.20185523, 0.107030354], [-0.20526728, -0.06831547, 0.07522029]],
                ],
            ],
            [-0.06890022, -0.14984009],
            [
                [-0.13534665],
                [-0.2206443],
                [-0.38861808],
                [-0.04893777],
                [0.14275625],
                [0.23869193],
                [0.2575274],
                [0.66940576],
                [0.02843475],
                [-0.15999041],
                [0.64051795],
                [-0.36594522],
                [0.25235784],
                [-0.36197186],
                [0.07738424],
                [-0.6075843],
                [0.24051797],
                [-0.088442884],
                [-0.28163782],
                [0.42362905],
                [0.19481832],
                [-0.06017388],
                [-0.16751093],
                [-0.08205312],
                [-0.11342585],
                [0.22082174],
                [0.17513655],
                [-0.20284136],
                [-0.09433674],
            ],
            [-0.220415],
        ],
        'evaluate': {'accuracy': 0.5, 'auc': 0.7222222, 'loss': 0.6716363},
        'pred': [[0.5853351], [0.70821726], [0.6601989]],
    },
    # Recorded on Keras 3.15 with the TensorFlow 2.21 backend (not JAX): RMSprop squares an
    # Embedding's IndexedSlices gradient per looked-up row before summing repeated rows.
    'embedding_rmsprop': {'pred0': [[-1.396843433380127], [0.23867285251617432], [0.7488564848899841]],
         'hist': {'loss': [0.4645172953605652, 0.07931029796600342, 0.018670281395316124],
                  'mae': [0.5333001613616943, 0.2098262906074524, 0.08768562972545624],
                  'val_loss': [0.03227841481566429, 0.024715442210435867, 0.03948410227894783],
                  'val_mae': [0.13519340753555298, 0.11913901567459106, 0.18966412544250488]},
         'weights': [[[0.5271576642990112, -0.8418940305709839, 0.207321435213089],
                      [-0.15564478933811188, -0.13158373534679413, -0.13198211789131165],
                      [-0.5422344207763672, -0.016292354092001915, -0.31743064522743225],
                      [1.0499976873397827, -0.0015002703294157982, -0.03442324697971344],
                      [-0.14732205867767334, -0.14494244754314423, -0.36655616760253906],
                      [-0.0822359174489975, 0.18626618385314941, -0.10782302170991898],
                      [0.18503044545650482, -0.07585478574037552, 0.031531088054180145],
                      [0.5017210245132446, 0.12546272575855255, -0.11297804117202759],
                      [0.003797009354457259, 0.10662128031253815, 0.6288267374038696],
                      [-0.13565142452716827, -0.020791631191968918, 0.254420667886734],
                      [-0.23226851224899292, -0.12159079313278198, 0.29953834414482117]],
                     [1.1093976497650146, 1.075556755065918, 1.1620746850967407],
                     [-0.8191800713539124, 0.278552383184433, -0.31593430042266846],
                     [[-0.44470855593681335],
                      [0.011282222345471382],
                      [0.1646135300397873],
                      [-0.08350078761577606],
                      [-0.38463813066482544],
                      [0.05250713229179382],
                      [0.02185845375061035],
                      [0.3434269428253174],
                      [0.1964636892080307],
                      [0.07789919525384903],
                      [0.3826602101325989],
                      [-0.09394685178995132]],
                     [-0.30560925602912903]],
         'evaluate': [0.011680119670927525, 0.07233083248138428]},
    'conv_variants_predict': {
        'shapes': [
            [2, 3, 2, 3],
            [3],
            [2, 2, 2, 2],
            [2],
            [3, 3, 2, 2],
            [2],
            [2],
            [2],
            [2],
            [5, 5, 2],
            [5, 5, 2],
        ],
        'count': 201,
        'width': 578,
        'pred_every_6th': [
            [1.0612439, 0.52850187, 0.0, -1.1642333, -0.44802538, 0.069203645, -0.72572494,
                 -0.37735885, -0.45090103, -0.94132936, -0.39959395, -0.40061846, 0.08460158,
                 -0.65417784, -0.4468658, -0.594688, -0.41908646, -0.20103772, -0.71576345,
                 -0.29859707, -1.0918117, -0.39959395, -0.45891646, -0.34294406, -0.25012463,
                 -0.21367428, -0.8548919, 0.39714956, 0.3014226, -0.6730804, -0.29001752,
                 -0.9047314, -0.39959395, -0.40331033, -0.3991923, -0.3309576, -0.2781831,
                 -0.711857, -0.22793357, -0.14257964, -0.39959395, -0.39959395, -0.39959395,
                 -0.39959395, -0.4076908, 0.133335, -1.2182733, -0.36785814, 0.24322715,
                 -0.25955328, 2.176019, 0.08399011, -0.37866518, 0.5755707, 0.048030093,
                 -0.13667351, 0.09042086, -0.06321412, -1.1260453, 0.49063614, 0.71098757,
                 0.12346917, -0.15276244, 0.5436889, 1.5897995, 0.18294401, 2.0934918,
                 -0.067246705, 0.72988725, 0.060859352, -0.33436766, -0.2276335, -0.9523312,
                 0.7220526, 0.10091615, 0.19608186, 1.019636, 0.4819454, 1.935088, 1.4055982,
                 0.055004515, -0.15957502, -0.191334, -0.010848411, 0.30865666, 0.13266245,
                 -0.1753647, -0.0105365245, 0.5389295, -0.12546894, 0.15733504, -0.12731892,
                 -0.034324847, 0.5358757, -0.8026746, 0.15843466, 0.14028485],
            [0.0, 0.9590123, 0.45598346, -0.44600195, -0.74029946, -0.7156212, -0.7630789,
                 -0.6245376, -0.5316934, -0.812473, -0.39959395, -0.08532643, 0.56583416,
                 0.07513419, -0.4520416, -0.49480024, -0.18957332, -1.0254467, -0.40508485,
                 -0.5954628, -0.9371184, -0.39959395, -0.5278807, -0.5094979, -0.68577313,
                 -0.7315401, -0.91584915, -0.28774834, -0.6377224, 0.1567887, -0.48756677,
                 -0.7475233, -0.39959395, -0.3944071, 0.4251557, -0.56186616, -0.47308064,
                 -0.23591979, -0.20760417, -0.17233233, -0.39959395, -0.39959395, -0.39959395,
                 -0.39959395, -0.10449314, 0.26380593, -0.43281004, -0.17782304, 0.22562511,
                 -0.6880007, 0.1551257, -0.44787487, 0.55423915, -0.6050801, 0.18310496,
                 -0.52020025, 0.73594797, 1.1491358, -0.20026663, 0.09807542, -0.038807884,
                 0.062432244, -0.0684416, -0.5088581, 0.26697806, 0.30215102, 2.4355237,
                 0.81441104, 0.30649316, -0.24306875, 0.6229496, -0.27696192, -0.6439506,
                 -0.16480562, 0.16056077, -0.6795672, 0.3309648, 0.70958, 1.5906402, 0.7535638,
                 0.082754195, 0.10048932, -0.35503304, 0.039942663, 0.22018291, 0.111096814,
                 0.21418174, -0.22376332, 0.3189469, 0.6811379, 0.14782703, 0.41382402,
                 0.18709293, -0.59292185, -0.32202965, -0.10858249, 0.12470156],
        ],
    },
    'sample_weight': {
        'hist': {'accuracy': [0.375, 0.45833334], 'loss': [1.3145944, 1.2898712]},
        'weights': [
            [
                [0.09662465, 0.25407442, 0.09554816, -0.37442696, 0.25945017, 0.13501763],
                [-0.17462042, 0.17636351, 0.10413431, 0.106400535, 0.037119042, 0.15557994],
                [-0.1766795, -0.026112396, -0.16966479, 0.1599381, 0.016800845, -0.111751735],
                [-0.24855758, -0.088390954, 0.021275135, -0.07853251, 0.4272009, 0.33288726],
                [-0.8212368, -0.55192703, -0.049615193, -0.13069339, 0.08682437, 0.06233485],
                [0.6225483, -0.33621335, -0.1026959, 0.6070072, 0.23355773, 0.2216899],
                [-0.14435536, -0.4892053, 0.045262273, 0.028312616, -0.38374773, -0.19618921],
                [-0.01929696, -0.29553878, -0.029087042, 0.013914697, -0.022332255, -0.1506156],
            ],
            [0.1724361, 0.27716872, 0.094859645, -0.2595678, 0.2333255, -0.14651531],
            [
                [0.22163573, -0.30613765, 0.30105403],
                [-0.005077516, -0.36901262, -0.10072339],
                [0.014341221, 0.08682422, -0.29775378],
                [-0.33040643, 0.017286977, -0.09924202],
                [0.0915009, 0.2529074, -0.54053706],
                [0.075499766, 0.39456868, -0.11561597],
            ],
            [-0.22865693, 0.17935134, 0.107768305],
        ],
        'evaluate': [1.2603338, 0.45833334],
        'evaluate_unweighted': [1.015828, 0.45833334],
    },
    'uneven_batches': {
        'hist': {
            'accuracy': [0.5, 0.5],
            'loss': [1.1428559, 1.0910923],
            'val_accuracy': [0.25, 0.25],
            'val_loss': [2.7951806, 2.8472846],
        },
        'weights': [
            [
                [0.10565338, 0.2563179, 0.10711665, -0.37838832, 0.26446846, 0.12640628],
                [-0.2519803, 0.16658105, 0.10531526, 0.11511539, 0.10950327, 0.16756913],
                [-0.20524184, -0.011705826, -0.15554921, 0.15144862, 0.08895252, -0.09537235],
                [-0.18854377, -0.06570153, 0.011258639, -0.08722734, 0.38051552, 0.31482458],
                [-0.8581834, -0.5726741, -0.05131092, -0.11319028, 0.093052514, 0.07196878],
                [0.64017355, -0.30378547, -0.10441667, 0.59487975, 0.2630711, 0.20799212],
                [-0.12990968, -0.4854495, 0.04143888, 0.033536628, -0.3840376, -0.19372477],
                [0.009072168, -0.28890148, -0.031434096, 0.017025996, -0.04903971, -0.1573129],
            ],
            [0.2496279, 0.31367046, 0.08576091, -0.28058764, 0.25189903, -0.1497437],
            [
                [0.3052553, -0.40440157, 0.31569842],
                [0.024903331, -0.37353435, -0.12618254],
                [0.020450223, 0.0771863, -0.29422483],
                [-0.28652638, 0.044236187, -0.17007124],
                [0.14622866, 0.20069431, -0.54305166],
                [0.086179346, 0.3743461, -0.106072985],
            ],
            [-0.15200377, 0.09558484, 0.11488164],
        ],
        'evaluate': [1.0334255, 0.375],
        'evaluate_sw': [1.6529452, 0.375],
        'pred_tail': [
            [0.26806498, 0.3718967, 0.36003825],
            [0.35858256, 0.46898657, 0.17243089],
            [0.29553205, 0.24181004, 0.46265793],
        ],
    },
    'class_weight': {
        'hist': {
            'accuracy': [0.33333334, 0.375],
            'loss': [1.4623027, 1.3270508],
            'val_accuracy': [0.25, 0.375],
            'val_loss': [1.2976487, 1.3696284],
        },
        'weights': [
            [
                [0.10373111, 0.26350152, 0.09267543, -0.39740214, 0.26943198, 0.15101147],
                [-0.1126585, 0.17637484, 0.11410468, 0.13067901, -0.013385334, 0.15528539],
                [-0.20124368, -0.043903425, -0.16296166, 0.16582984, 0.02930079, -0.116580375],
                [-0.27069804, -0.10387571, 0.012263064, -0.057536583, 0.46518096, 0.35281587],
                [-0.8048012, -0.5397237, -0.04041998, -0.13972633, 0.06633485, 0.064251766],
                [0.5822388, -0.33542985, -0.0996866, 0.6119038, 0.25850576, 0.24755988],
                [-0.15252838, -0.4802045, 0.06406, 0.03562269, -0.3794119, -0.18332723],
                [-0.010137209, -0.28935033, -0.037784364, 0.002598857, -0.036740873, -0.15968594],
            ],
            [0.09530761, 0.2487719, 0.12380226, -0.22891334, 0.30010736, -0.12679507],
            [
                [0.1940984, -0.2157668, 0.23822056],
                [-0.024800595, -0.30602828, -0.14398472],
                [0.0084189, 0.09944479, -0.30445206],
                [-0.32490692, 0.063850544, -0.1513051],
                [0.0455621, 0.33411688, -0.5758076],
                [0.05146434, 0.42539284, -0.122404724],
            ],
            [-0.29314142, 0.40138608, -0.04978193],
        ],
    },
    'class_weight_onehot': {
        'hist': {
            'accuracy': [0.45833334, 0.375],
            'categorical_accuracy': [0.45833334, 0.375],
            'loss': [1.1909853, 1.1018116],
        },
    },
    'binary_class_weight_auc': {
        'hist': {
            'accuracy': [0.44444445, 0.5555556, 0.5555556],
            'auc': [0.3, 0.65, 0.625],
            'loss': [0.82305837, 0.7075191, 0.64686275],
            'mae': [0.5068896, 0.47853458, 0.46444967],
            'val_accuracy': [0.33333334, 0.33333334, 0.33333334],
            'val_auc': [0.0, 0.0, 0.0],
            'val_loss': [0.9529044, 1.0541263, 1.1667722],
            'val_mae': [0.59456325, 0.624409, 0.6530116],
        },
        'evaluate': [0.8240419, 0.5, 0.4722222, 0.5026782],
    },
    'optimizer[adam_amsgrad]': {
        'loss': [0.7824835, 0.70404536, 0.6808316],
        'weights': [
            [
                [-0.25880194, -0.31623888, -0.28913414, 0.33542657],
                [0.29159996, -0.043774616, 0.042192712, -0.51074433],
                [0.08905558, 0.27240697, 0.23174253, -0.68818635],
                [-0.39482197, 0.43341392, 0.23153894, -0.6867139],
                [0.19056745, -0.3124078, -0.0660947, -0.011379631],
                [-0.17870112, 0.2646337, -0.14495437, -0.15490715],
                [-0.11291802, 0.16759631, -0.3585027, -0.40001583],
                [-0.4933499, 0.07888759, -0.5782782, 0.07337044],
            ],
            [0.30152154, -0.1628009, -0.405389, -0.053714804],
            [[-0.17755859], [-0.09712018], [-0.08812866], [-0.4443106]],
            [0.018222528],
        ],
        'evaluate': 0.66979533,
    },
    'optimizer[adam_weight_decay]': {
        'loss': [0.7818509, 0.7034071, 0.68122166],
        'weights': [
            [
                [-0.24756594, -0.3011152, -0.27990788, 0.32272366],
                [0.27682117, -0.040800847, 0.044220403, -0.49470246],
                [0.082769744, 0.2560045, 0.22253945, -0.66455233],
                [-0.3802345, 0.41486076, 0.22444922, -0.6567072],
                [0.187637, -0.2953387, -0.056418393, -0.0060241],
                [-0.17127602, 0.2550836, -0.14021917, -0.14765568],
                [-0.11196798, 0.15667501, -0.34196928, -0.388576],
                [-0.4768041, 0.07896559, -0.55499476, 0.07102878],
            ],
            [0.29385856, -0.15948246, -0.3879536, -0.048755746],
            [[-0.16530848], [-0.086818874], [-0.08690135], [-0.426066]],
            [0.012676907],
        ],
        'evaluate': 0.6712975,
    },
    'optimizer[adam_betas_epsilon]': {
        'loss': [0.778008, 0.7078228, 0.6836934],
        'weights': [
            [
                [-0.3260069, -0.35877916, -0.10688281, 0.29070053],
                [0.37366292, -0.025892504, -0.07589949, -0.4603272],
                [0.14071244, 0.31774458, 0.19978033, -0.6366127],
                [-0.31429225, 0.48562962, 0.1422611, -0.5926344],
                [0.2079187, -0.27157712, -0.17645802, 0.0017453395],
                [-0.17650196, 0.23513462, -0.15366729, -0.17396313],
                [-0.026545629, 0.1999533, -0.3892676, -0.3309786],
                [-0.5221427, 0.03427197, -0.34609145, 0.019277662],
            ],
            [0.20775408, -0.11063852, -0.39614835, -0.02445289],
            [[-0.33578944], [-0.17382488], [0.0014393572], [-0.3966365]],
            [0.12961353],
        ],
        'evaluate': 0.6595924,
    },
    'optimizer[adam_global_clipnorm]': {
        'loss': [0.7822633, 0.70313805, 0.6808625],
        'weights': [
            [
                [-0.2855396, -0.30247965, -0.23931018, 0.35078126],
                [0.35746086, -0.055383988, 0.053285815, -0.5117134],
                [0.15037818, 0.3089475, 0.27584964, -0.6822405],
                [-0.3689906, 0.44054043, 0.21827662, -0.661531],
                [0.20315914, -0.29119897, -0.14675732, 0.00975528],
                [-0.22761172, 0.20510827, -0.17062931, -0.20634744],
                [-0.10742529, 0.238176, -0.3179462, -0.4068987],
                [-0.49158219, 0.097876474, -0.51081884, 0.07669255],
            ],
            [0.29412013, -0.13430454, -0.47144604, -0.024561752],
            [[-0.22739625], [-0.080536604], [-0.012484083], [-0.4392162]],
            [0.03612354],
        ],
        'evaluate': 0.6682032,
    },
    'optimizer[rmsprop_centered_momentum]': {
        'loss': [0.78321713, 0.70737, 0.6812272],
        'weights': [
            [
                [-0.30443484, -0.28495148, -0.18970166, 0.35980868],
                [0.38516286, 0.019840796, -0.0012811199, -0.5495893],
                [0.124866396, 0.2805332, 0.17828722, -0.6544771],
                [-0.31487185, 0.4585514, 0.17205547, -0.6685562],
                [0.20314182, -0.2733352, -0.044059828, -0.03876243],
                [-0.14428878, 0.26617083, -0.13384655, -0.14941603],
                [-0.029315343, 0.17081419, -0.44519144, -0.3751904],
                [-0.5004839, 0.15040913, -0.43639886, 0.04210127],
            ],
            [0.23554268, -0.14589174, -0.41647542, -0.017020915],
            [[-0.29073158], [-0.12893714], [-0.04316836], [-0.39133015]],
            [0.11193326],
        ],
        'evaluate': 0.6579708,
    },
    'optimizer[rmsprop_defaults]': {
        'loss': [0.7522356, 0.74817437, 0.745682],
        'weights': [
            [
                [-0.24142578, -0.39535597, -0.0772019, 0.1331927],
                [0.33589315, 0.027086683, -0.15791176, -0.24798526],
                [0.21982586, 0.48340023, 0.09010724, -0.3817888],
                [-0.2898582, 0.47798938, 0.060823828, -0.52071637],
                [-0.016079124, -0.34583995, -0.19762856, -0.14067112],
                [-0.21297191, 0.16795325, -0.02169444, -0.17458399],
                [0.114428334, 0.24564514, -0.48257288, -0.08871595],
                [-0.30368957, -0.050282687, -0.39106387, 0.013713198],
            ],
            [0.0039713453, -0.08742928, -0.32776636, -0.11498861],
            [[-0.32287005], [-0.39745718], [0.0643569], [-0.3349709]],
            [0.33572552],
        ],
        'evaluate': 0.74316317,
    },
    'optimizer[sgd_momentum_clipnorm]': {
        'loss': [0.7595554, 0.71496254, 0.69306666],
        'weights': [
            [
                [-0.3365499, -0.36331594, -0.07661091, 0.28535232],
                [0.35275036, 0.0114910565, -0.15809502, -0.30626434],
                [0.15797605, 0.42242956, 0.110196404, -0.5386119],
                [-0.3517976, 0.46224967, 0.06438608, -0.5179268],
                [0.27211612, -0.31921545, -0.25166625, 0.11524227],
                [-0.20375243, 0.21418189, -0.038664535, -0.14317462],
                [-0.13824654, 0.22235157, -0.42189318, -0.34873122],
                [-0.40774512, -0.04518152, -0.39694673, 0.08382973],
            ],
            [0.28125376, -0.11032855, -0.32088345, -0.11147189],
            [[-0.32212228], [0.17278281], [0.106576815], [-0.38447034]],
            [0.084922284],
        ],
        'evaluate': 0.66241723,
    },
    'optimizer[sgd_clipvalue]': {
        'loss': [0.7529642, 0.74778205, 0.7426837],
        'weights': [
            [
                [-0.22725022, -0.3823077, -0.08927873, 0.14113356],
                [0.3508155, 0.013663691, -0.15169097, -0.26498905],
                [0.2114561, 0.47543493, 0.09804736, -0.41499856],
                [-0.29463902, 0.46500576, 0.050397225, -0.50464046],
                [-0.01010886, -0.33397803, -0.21343285, -0.13140176],
                [-0.19899403, 0.18101352, -0.031599194, -0.1618294],
                [0.102419384, 0.2339566, -0.46416736, -0.092019044],
                [-0.3208303, -0.041679423, -0.3876306, 0.014622041],
            ],
            [0.033634275, -0.076301314, -0.33404872, -0.10385709],
            [[-0.33853662], [-0.39156264], [0.08243573], [-0.33569977]],
            [0.30608886],
        ],
        'evaluate': 0.7345872,
    },
    'optimizer[string_adam]': {
        'loss': [0.75138855, 0.7490425, 0.74727255],
        'weights': [
            [
                [-0.2402253, -0.39593247, -0.076358, 0.13048226],
                [0.33618766, 0.028983718, -0.15961862, -0.24225351],
                [0.22086164, 0.48580417, 0.0877976, -0.37759805],
                [-0.2906224, 0.4780845, 0.06252724, -0.5216286],
                [-0.020252194, -0.34824148, -0.19367719, -0.14296786],
                [-0.21399687, 0.16731851, -0.020275345, -0.17535226],
                [0.11660262, 0.24673156, -0.48572797, -0.08429614],
                [-0.29939112, -0.051516287, -0.39007404, 0.010401531],
            ],
            [-0.0026067286, -0.090407036, -0.32218954, -0.11794368],
            [[-0.3232087], [-0.40012145], [0.064377956], [-0.3357971]],
            [0.34233868],
        ],
        'evaluate': 0.7459411,
    },
    'optimizer[string_rmsprop]': {
        'loss': [0.7522356, 0.74817437, 0.745682],
        'weights': [
            [
                [-0.24142578, -0.39535597, -0.0772019, 0.1331927],
                [0.33589315, 0.027086683, -0.15791176, -0.24798526],
                [0.21982586, 0.48340023, 0.09010724, -0.3817888],
                [-0.2898582, 0.47798938, 0.060823828, -0.52071637],
                [-0.016079124, -0.34583995, -0.19762856, -0.14067112],
                [-0.21297191, 0.16795325, -0.02169444, -0.17458399],
                [0.114428334, 0.24564514, -0.48257288, -0.08871595],
                [-0.30368957, -0.050282687, -0.39106387, 0.013713198],
            ],
            [0.0039713453, -0.08742928, -0.32776636, -0.11498861],
            [[-0.32287005], [-0.39745718], [0.0643569], [-0.3349709]],
            [0.33572552],
        ],
        'evaluate': 0.74316317,
    },
    'optimizer[string_sgd]': {
        'loss': [0.7510905, 0.7495864, 0.748111],
        'weights': [
            [
                [-0.24255103, -0.3983373, -0.07436664, 0.12772207],
                [0.33973107, 0.03186174, -0.16550079, -0.23701876],
                [0.22321787, 0.48895952, 0.08227691, -0.3724435],
                [-0.288832, 0.48035818, 0.060773946, -0.5198083],
                [-0.018431127, -0.3457236, -0.1903536, -0.14105484],
                [-0.21459897, 0.16623373, -0.019011555, -0.17650361],
                [0.11702022, 0.24837244, -0.49161637, -0.081910804],
                [-0.29692298, -0.052576773, -0.3870002, 0.0075515127],
            ],
            [-0.0075767045, -0.08937553, -0.31474137, -0.1179726],
            [[-0.325338], [-0.39545974], [0.06497613], [-0.33508858]],
            [0.3432431],
        ],
        'evaluate': 0.7462456,
    },
    'early_stopping_restore': {
        'hist': {
            'loss': [3.0485559, 2.1649556, 1.5548711, 1.1227987, 0.8125957, 0.58842075, 0.4259867],
            'mae': [1.5090368, 1.274487, 1.0814216, 0.9176872, 0.77879846, 0.66180956, 0.56335944],
        },
        'stopped_epoch': 6,
        'best_epoch': 4,
        'best': 0.8125957,
        'weights': [[[1.7482226]], [0.5323776]],
    },
    'early_stopping_auto_val_accuracy': {
        'hist': {
            'accuracy': [0.375, 0.5416667],
            'loss': [1.0741479, 0.93458015],
            'val_accuracy': [0.5, 0.25],
            'val_loss': [1.1346086, 1.1324029],
        },
        'stopped_epoch': 1,
        'best': 0.5,
    },
    'early_stopping_val_mae': {
        'hist': {
            'loss': [3.077282, 1.9647713, 0.11877078, 0.025114408, 0.002528895, 0.00038692993],
            'mae': [1.4927784, 1.2211968, 0.28905952, 0.1361614, 0.04253222, 0.016799636],
            'val_loss': [0.6262916, 0.10389473, 0.011893152, 0.0016843536, 0.00021093551,
                 2.8354023e-05],
            'val_mae': [0.75617266, 0.31522185, 0.10541564, 0.03995812, 0.014084339, 0.005175948],
        },
        'stopped_epoch': 5,
        'best_epoch': 4,
        'weights': [[[2.976219]], [0.5049405]],
    },
    'early_stopping_baseline_and_start': {
        'epochs': 20,
        'stopped_epoch': 0,
        'best': 0.0061336337,
        'epochs2': 4,
        'stopped_epoch2': 3,
    },
    'reduce_lr_on_plateau': {
        'hist': {
            'loss': [2.9146416, 1.4721162, 0.7731234, 0.55701375, 0.40398374, 0.34434912,
                 0.29388016, 0.25896525, 0.22825286],
            'mae': [1.4923481, 1.048267, 0.75794554, 0.6433579, 0.5484267, 0.5066937, 0.46825024,
                 0.43978572, 0.4130655],
            'learning_rate': [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02],
        },
        'lrs': [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02, 0.02],
        'weights': [[[2.2735817]], [0.54664785]],
    },
    'reduce_lr_val_loss_csv': {
        'hist': {
            'loss': [7.8081994, 2.9103153, 13.17727, 3.4979584, 1.9674467, 1.7368835],
            'mae': [2.6697571, 1.4552951, 3.5092688, 1.5754975, 1.2182269, 1.144746],
            'val_loss': [14.865274, 6.335703, 23.992393, 10.605451, 9.375017, 8.2854185],
            'val_mae': [3.830806, 2.4743567, 4.8746314, 3.2266731, 3.033769, 2.852057],
            'learning_rate': [0.9, 0.9, 0.9, 0.17999999, 0.05, 0.05],
        },
        'csv': (
            'epoch;learning_rate;loss;mae;val_loss;val_mae\n'
            '0;0.8999999761581421;7.808199405670166;2.669757127761841;14.865274429321289;3.830806016921997\n'
            '1;0.8999999761581421;2.9103152751922607;1.4552950859069824;6.335702896118164;2.4743566513061523\n'
            '2;0.8999999761581421;13.17726993560791;3.5092687606811523;23.992393493652344;4.874631404876709\n'
            '3;0.17999999225139618;3.4979584217071533;1.5754975080490112;10.605450630187988;3.226673126220703\n'
            '4;0.05000000074505806;1.9674466848373413;1.2182269096374512;9.375017166137695;3.033768892288208\n'
            '5;0.05000000074505806;1.736883521080017;1.144745945930481;8.285418510437012;2.8520569801330566\n'
        ),
    },
    'learning_rate_scheduler': {
        'hist': {
            'loss': [2.9146416, 1.5124092, 1.1020565],
            'mae': [1.4923481, 1.0627022, 0.9096553],
            'learning_rate': [0.1, 0.05, 0.025],
        },
        'lrs': [0.1, 0.05, 0.025],
        'weights': [[[1.4210664]], [0.5419773]],
    },
    'model_checkpoint': {
        'hist': {
            'accuracy': [0.375, 0.5416667, 0.5833333, 0.6666667, 0.7083333, 0.875],
            'loss': [1.0741479, 0.93458015, 0.79552835, 0.6758704, 0.5736315, 0.41112745],
            'val_accuracy': [0.5, 0.25, 0.375, 0.375, 0.375, 0.5],
            'val_loss': [1.1346086, 1.1324029, 1.3371193, 1.6771836, 2.1254845, 2.83328],
        },
        'files': ['acc-01-0.500.keras', 'm-01.keras', 'm-02.keras', 'w.weights.h5'],
        'best': [1.1324029, 0.5, 0.41112745],
    },
    'csv_logger': {
        'csv': (
            'epoch,loss,mae,val_loss,val_mae\n'
            '0,1.9454139471054077,1.1943808794021606,5.822324752807617,2.386249542236328\n'
            '1,1.3885711431503296,1.0192179679870605,4.608762741088867,2.1243133544921875\n'
            '2,1.0300602912902832,0.8843238949775696,3.5935962200164795,1.8763891458511353\n'
        ),
    },
    'csv_logger_no_validation_append': {
        'csv': (
            'epoch,loss,mae,val_loss,val_mae\n'
            '0,3.048555850982666,1.5090367794036865,NA,NA\n'
            '1,2.1649556159973145,1.274487018585205,NA,NA\n'
            '0,1.5548710823059082,1.0814216136932373,NA,NA\n'
        ),
    },
    'terminate_on_nan': {'hist': {'loss': ['nan'], 'mae': ['nan']}, 'epoch': [0]},
    'history': {
        'h1': {'loss': [3.0485559, 2.1649556], 'mae': [1.5090368, 1.274487]},
        'h2': {'loss': [1.5548711, 1.1227987], 'mae': [1.0814216, 0.9176872]},
        'epoch2': [2, 3],
        'params': {'verbose': 0, 'epochs': 4, 'steps': 4},
        'first_is_model_history': True,
        'second_is_model_history': True,
        'same_object': False,
        'iterations': 16,
    },
    'evaluate_without_metrics': {
        'value': 3.1217778,
        'is_float': True,
        'dict': {'loss': 3.121778},
    },
    'summary_sequential': {
        'text': (
            'Model: "small"\n'
            '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n'
            '┃ Layer (type)                      ┃ Output Shape             ┃       Param # ┃\n'
            '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n'
            '│ hidden (Dense)                    │ (None, 6)                │            54 │\n'
            '├───────────────────────────────────┼──────────────────────────┼───────────────┤\n'
            '│ dropout (Dropout)                 │ (None, 6)                │             0 │\n'
            '├───────────────────────────────────┼──────────────────────────┼───────────────┤\n'
            '│ out (Dense)                       │ (None, 3)                │            21 │\n'
            '└───────────────────────────────────┴──────────────────────────┴───────────────┘\n'
            ' Total params: 75 (300.00 B)\n'
            ' Trainable params: 75 (300.00 B)\n'
            ' Non-trainable params: 0 (0.00 B)'
        ),
        'calls': 1,
        'count': 75,
    },
    'summary_functional': {
        'text': (
            'Model: "functional"\n'
            '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┓\n'
            '┃ Layer (type)                ┃ Output Shape            ┃        Param # ┃ Connected to            ┃\n'
            '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━┩\n'
            '│ input_layer (InputLayer)    │ (None, 6, 6, 1)         │              0 │ -                       │\n'
            '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤\n'
            '│ conv2d (Conv2D)             │ (None, 6, 6, 3)         │             30 │ input_layer[0][0]       │\n'
            '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤\n'
            '│ batch_normalization         │ (None, 6, 6, 3)         │             12 │ conv2d[0][0]            │\n'
            '│ (BatchNormalization)        │                         │                │                         │\n'
            '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤\n'
            '│ max_pooling2d               │ (None, 3, 3, 3)         │              0 │ batch_normalization[0]… │\n'
            '│ (MaxPooling2D)              │                         │                │                         │\n'
            '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤\n'
            '│ conv2d_transpose            │ (None, 6, 6, 2)         │             56 │ max_pooling2d[0][0]     │\n'
            '│ (Conv2DTranspose)           │                         │                │                         │\n'
            '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤\n'
            '│ global_average_pooling2d    │ (None, 2)               │              0 │ conv2d_transpose[0][0]  │\n'
            '│ (GlobalAveragePooling2D)    │                         │                │                         │\n'
            '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤\n'
            '│ flatten (Flatten)           │ (None, 27)              │              0 │ max_pooling2d[0][0]     │\n'
            '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤\n'
            '│ concatenate (Concatenate)   │ (None, 29)              │              0 │ global_average_pooling… │\n'
            '│                             │                         │                │ flatten[0][0]           │\n'
            '├─────────────────────────────┼─────────────────────────┼────────────────┼─────────────────────────┤\n'
            '│ dense (Dense)               │ (None, 1)               │             30 │ concatenate[0][0]       │\n'
            '└─────────────────────────────┴─────────────────────────┴────────────────┴─────────────────────────┘\n'
            ' Total params: 128 (512.00 B)\n'
            ' Trainable params: 122 (488.00 B)\n'
            ' Non-trainable params: 6 (24.00 B)'
        ),
        'count': 128,
        'trainable': 122,
        'non_trainable': 6,
    },
    'summary_after_fit_and_unbuilt': {
        'fitted': (
            'Model: "sequential"\n'
            '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓\n'
            '┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃\n'
            '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩\n'
            '│ dense (Dense)                        │ (None, 6)                   │              54 │\n'
            '├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤\n'
            '│ dense_1 (Dense)                      │ (None, 3)                   │              21 │\n'
            '└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘\n'
            ' Total params: 227 (908.00 B)\n'
            ' Trainable params: 75 (300.00 B)\n'
            ' Non-trainable params: 0 (0.00 B)\n'
            ' Optimizer params: 152 (608.00 B)'
        ),
        'unbuilt': (
            'Model: "sequential_1"\n'
            '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓\n'
            '┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃\n'
            '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩\n'
            '│ dense_2 (Dense)                      │ ?                           │     0 (unbuilt) │\n'
            '├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤\n'
            '│ dense_3 (Dense)                      │ ?                           │     0 (unbuilt) │\n'
            '└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘\n'
            ' Total params: 0 (0.00 B)\n'
            ' Trainable params: 0 (0.00 B)\n'
            ' Non-trainable params: 0 (0.00 B)'
        ),
        'unbuilt_count': 'ValueError',
    },
    'config': {
        'config': {
            'name': 'small',
            'trainable': True,
            'dtype': {
                'module': 'keras',
                'class_name': 'DTypePolicy',
                'config': {'name': 'float32'},
                'registered_name': None,
            },
            'layers': [
                {
                    'module': 'keras.layers',
                    'class_name': 'InputLayer',
                    'config': {
                        'batch_shape': [None, 8],
                        'dtype': 'float32',
                        'sparse': False,
                        'ragged': False,
                        'name': 'input_layer',
                        'optional': False,
                    },
                    'registered_name': None,
                },
                {
                    'module': 'keras.layers',
                    'class_name': 'Dense',
                    'config': {
                        'name': 'hidden',
                        'trainable': True,
                        'dtype': {
                            'module': 'keras',
                            'class_name': 'DTypePolicy',
                            'config': {'name': 'float32'},
                            'registered_name': None,
                        },
                        'units': 6,
                        'activation': 'relu',
                        'use_bias': True,
                        'kernel_initializer': {
                            'module': 'keras.initializers',
                            'class_name': 'GlorotUniform',
                            'config': {'seed': None, 'input_axes': None, 'output_axes': None},
                            'registered_name': None,
                        },
                        'bias_initializer': {
                            'module': 'keras.initializers',
                            'class_name': 'Zeros',
                            'config': {},
                            'registered_name': None,
                        },
                        'kernel_regularizer': None,
                        'bias_regularizer': None,
                        'kernel_constraint': None,
                        'bias_constraint': None,
                        'quantization_config': None,
                    },
                    'registered_name': None,
                    'build_config': {'input_shape': [None, 8]},
                },
                {
                    'module': 'keras.layers',
                    'class_name': 'Dense',
                    'config': {
                        'name': 'out',
                        'trainable': True,
                        'dtype': {
                            'module': 'keras',
                            'class_name': 'DTypePolicy',
                            'config': {'name': 'float32'},
                            'registered_name': None,
                        },
                        'units': 3,
                        'activation': 'linear',
                        'use_bias': True,
                        'kernel_initializer': {
                            'module': 'keras.initializers',
                            'class_name': 'GlorotUniform',
                            'config': {'seed': None, 'input_axes': None, 'output_axes': None},
                            'registered_name': None,
                        },
                        'bias_initializer': {
                            'module': 'keras.initializers',
                            'class_name': 'Zeros',
                            'config': {},
                            'registered_name': None,
                        },
                        'kernel_regularizer': None,
                        'bias_regularizer': None,
                        'kernel_constraint': None,
                        'bias_constraint': None,
                        'quantization_config': None,
                    },
                    'registered_name': None,
                    'build_config': {'input_shape': [None, 6]},
                },
            ],
            'build_input_shape': [None, 8],
        },
        'json': {
            'module': 'keras',
            'class_name': 'Sequential',
            'config': {
                'name': 'small',
                'trainable': True,
                'dtype': {
                    'module': 'keras',
                    'class_name': 'DTypePolicy',
                    'config': {'name': 'float32'},
                    'registered_name': None,
                },
                'layers': [
                    {
                        'module': 'keras.layers',
                        'class_name': 'InputLayer',
                        'config': {
                            'batch_shape': [None, 8],
                            'dtype': 'float32',
                            'sparse': False,
                            'ragged': False,
                            'name': 'input_layer',
                            'optional': False,
                        },
                        'registered_name': None,
                    },
                    {
                        'module': 'keras.layers',
                        'class_name': 'Dense',
                        'config': {
                            'name': 'hidden',
                            'trainable': True,
                            'dtype': {
                                'module': 'keras',
                                'class_name': 'DTypePolicy',
                                'config': {'name': 'float32'},
                                'registered_name': None,
                            },
                            'units': 6,
                            'activation': 'relu',
                            'use_bias': True,
                            'kernel_initializer': {
                                'module': 'keras.initializers',
                                'class_name': 'GlorotUniform',
                                'config': {
                                    'seed': None,
                                    'input_axes': None,
                                    'output_axes': None,
                                },
                                'registered_name': None,
                            },
                            'bias_initializer': {
                                'module': 'keras.initializers',
                                'class_name': 'Zeros',
                                'config': {},
                                'registered_name': None,
                            },
                            'kernel_regularizer': None,
                            'bias_regularizer': None,
                            'kernel_constraint': None,
                            'bias_constraint': None,
                            'quantization_config': None,
                        },
                        'registered_name': None,
                        'build_config': {'input_shape': [None, 8]},
                    },
                    {
                        'module': 'keras.layers',
                        'class_name': 'Dense',
                        'config': {
                            'name': 'out',
                            'trainable': True,
                            'dtype': {
                                'module': 'keras',
                                'class_name': 'DTypePolicy',
                                'config': {'name': 'float32'},
                                'registered_name': None,
                            },
                            'units': 3,
                            'activation': 'linear',
                            'use_bias': True,
                            'kernel_initializer': {
                                'module': 'keras.initializers',
                                'class_name': 'GlorotUniform',
                                'config': {
                                    'seed': None,
                                    'input_axes': None,
                                    'output_axes': None,
                                },
                                'registered_name': None,
                            },
                            'bias_initializer': {
                                'module': 'keras.initializers',
                                'class_name': 'Zeros',
                                'config': {},
                                'registered_name': None,
                            },
                            'kernel_regularizer': None,
                            'bias_regularizer': None,
                            'kernel_constraint': None,
                            'bias_constraint': None,
                            'quantization_config': None,
                        },
                        'registered_name': None,
                        'build_config': {'input_shape': [None, 6]},
                    },
                ],
                'build_input_shape': [None, 8],
            },
            'registered_name': None,
            'build_config': {'input_shape': [None, 8]},
            'compile_config': {},
        },
        'json_compiled_compile_config': {
            'optimizer': {
                'module': 'keras.optimizers',
                'class_name': 'SGD',
                'config': {
                    'name': 'sgd',
                    'learning_rate': 0.1,
                    'weight_decay': None,
                    'clipnorm': None,
                    'global_clipnorm': None,
                    'clipvalue': None,
                    'use_ema': False,
                    'ema_momentum': 0.99,
                    'ema_overwrite_frequency': None,
                    'loss_scale_factor': None,
                    'gradient_accumulation_steps': None,
                    'momentum': 0.0,
                    'nesterov': False,
                },
                'registered_name': None,
            },
            'loss': 'mse',
            'loss_weights': None,
            'metrics': ['mae'],
            'weighted_metrics': None,
            'run_eagerly': False,
            'steps_per_execution': 1,
            'jit_compile': True,
        },
    },
    'save_load': {
        'pred': [[0.32588506, 0.33765334, 0.33646163], [0.24011701, 0.51371, 0.24617296]],
        'loaded_pred': [[0.32588506, 0.33765334, 0.33646163], [0.24011701, 0.51371, 0.24617296]],
        'loaded_weights': [
            [
                [0.122543484, 0.2662849, 0.09044456, -0.36448675, 0.24939309, 0.113751136],
                [-0.15167114, 0.19126648, 0.10696966, 0.11454806, 0.006814289, 0.18116583],
                [-0.20129846, -0.019229686, -0.14746852, 0.15319897, 0.007905848, -0.11668182],
                [-0.24636303, -0.06306456, -0.0033652144, -0.09005718, 0.40924072, 0.30303237],
                [-0.8367236, -0.5446625, -0.034680583, -0.14407715, 0.08689132, 0.057743795],
                [0.6202273, -0.315506, -0.12004498, 0.5864504, 0.22261101, 0.2043569],
                [-0.1581606, -0.49592665, 0.02369539, 0.04960822, -0.3960566, -0.1800085],
                [-0.0064390316, -0.31169343, -0.04774199, 0.0009276094, -0.015556241, -0.1382652],
            ],
            [0.16846299, 0.2922534, 0.096179694, -0.27411085, 0.24297757, -0.16542998],
            [
                [0.24994607, -0.31609958, 0.29420933],
                [0.01594129, -0.3882767, -0.090553],
                [0.033636056, 0.060413904, -0.27206588],
                [-0.30932257, 0.032192487, -0.15576868],
                [0.094272755, 0.21227527, -0.5242692],
                [0.09545017, 0.36086816, -0.11885355],
            ],
            [-0.21944122, 0.22206053, 0.07069607],
        ],
        'loaded_names': ['dense', 'dense_1'],
        'loaded_class': 'Sequential',
        'loaded_iterations': 3,
        'loaded_lr': 0.01,
        'loaded_fit': {'accuracy': [0.5], 'loss': [1.0209638]},
        'loaded_weights_after_fit': [
            [
                [0.12933254, 0.27980232, 0.088594034, -0.33941278, 0.2310105, 0.10452711],
                [-0.14923348, 0.20609453, 0.08848241, 0.13836165, 0.01522212, 0.17825386],
                [-0.18341663, 0.0103418315, -0.16657834, 0.12768485, 0.011763509, -0.14174478],
                [-0.2555536, -0.070915975, 0.0037293197, -0.079844415, 0.42911208, 0.32109714],
                [-0.8541984, -0.52312523, -0.02200059, -0.15972568, 0.10601722, 0.052266065],
                [0.60700226, -0.31247544, -0.11715811, 0.56553215, 0.24975209, 0.22662193],
                [-0.15172622, -0.48649496, 0.0008797962, 0.054738507, -0.4221569, -0.16165638],
                [0.005154063, -0.3383544, -0.058883347, -0.025016569, -0.037633933, -0.13118851],
            ],
            [0.16112138, 0.310658, 0.0862387, -0.29986194, 0.26103726, -0.16917126],
            [
                [0.23775457, -0.31320348, 0.31176305],
                [0.028299876, -0.39491326, -0.095292054],
                [0.040156666, 0.054234553, -0.26740974],
                [-0.29769856, 0.008393478, -0.1482027],
                [0.11163829, 0.21378045, -0.55364054],
                [0.10284739, 0.3723035, -0.14683256],
            ],
            [-0.2051118, 0.2049262, 0.078440584],
        ],
    },
    'functional_output_shape': {
        'multi': [[None, 2], [None, 3]],
        'single': [None, 5],
        'input_shape': [None, 4],
    },
    'default_model_names': {'names': ['sequential', 'functional_1']},
    'optimizer_default_names': {
        'names': ['sgd', 'adam', 'rm_sprop', 'adam_1'],
        'config_names': ['sgd', 'adam', 'rm_sprop', 'adam_1'],
    },
}
