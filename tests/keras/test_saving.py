"""keras.saving: the Keras 3 ``.keras`` / ``.weights.h5`` layout, atomic writes, clear errors.

The plumbing is tested with small stand-in model classes written here in NumPy (named like
Keras's classes, so paths such as ``layers/dense_1/vars/0`` come out as Keras writes them),
and against real Keras 3.15.1 files in tests/keras/data (see make_keras3_fixtures.py there).
"""
import json
import os
import pathlib
import subprocess
import sys
import warnings
import zipfile

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")

from tensorweave.errors import MissingExtraError  # noqa: E402
from tensorweave.keras import saving  # noqa: E402
from tensorweave.keras.saving import (CorruptFileError, deserialize_keras_object,  # noqa: E402
                                      load_model, load_weights, read_archive, save_model,
                                      save_weights, serialize_keras_object)

DATA = pathlib.Path(__file__).resolve().parent / "data"
HERE = pathlib.Path(__file__).resolve().parent


# -- stand-in model classes (NumPy forward passes, Keras 3 configs) --------------------------

class Var:
    """A variable: an array with ``numpy()`` and ``assign``."""

    def __init__(self, value, name):
        self.value = np.array(value, dtype=np.float32)
        self.name = name

    @property
    def shape(self):
        return self.value.shape

    def numpy(self):
        return self.value.copy()

    def assign(self, value):
        value = np.asarray(value, dtype=np.float32)
        assert value.shape == self.value.shape, (value.shape, self.value.shape)
        self.value = value.copy()


def _act(name, x):
    if name == "relu":
        return np.maximum(x, 0)
    if name == "tanh":
        return np.tanh(x)
    if name == "softmax":
        e = np.exp(x - x.max(-1, keepdims=True))
        return e / e.sum(-1, keepdims=True)
    assert name in (None, "linear"), name
    return x


class StandInLayer:
    _keras_module = "keras.layers"
    _counts = {}

    def __init__(self, name=None, trainable=True, dtype=None, **kwargs):
        base = saving.to_snake_case(type(self).__name__)
        n = StandInLayer._counts.get(base, 0)
        StandInLayer._counts[base] = n + 1
        self.name = name or (base if n == 0 else f"{base}_{n}")
        self.trainable = trainable
        self.built = False
        self._trainable_variables = []
        self._non_trainable_variables = []
        self._input_shape = None

    def add(self, shape, init, name, trainable=True):
        var = Var(init(shape), name)
        (self._trainable_variables if trainable else self._non_trainable_variables).append(var)
        return var

    def build(self, input_shape):
        self.built = True

    def build_from_config(self, config):
        self._input_shape = tuple(config["input_shape"])
        self.build(self._input_shape)
        self.built = True

    def get_build_config(self):
        return {"input_shape": list(self._input_shape)} if self._input_shape else None

    def get_config(self):
        return {"name": self.name, "trainable": self.trainable, "dtype": "float32"}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def get_weights(self):
        return [v.numpy() for v in self._trainable_variables + self._non_trainable_variables]


def _glorot(shape):
    return np.random.RandomState(sum(shape)).uniform(-0.5, 0.5, shape)


class Dense(StandInLayer):
    def __init__(self, units, activation=None, use_bias=True, **kwargs):
        super().__init__(**{k: v for k, v in kwargs.items() if k in ("name", "trainable")})
        self.units, self.activation, self.use_bias = units, activation, use_bias

    def build(self, input_shape):
        self.kernel = self.add((input_shape[-1], self.units), _glorot, "kernel")
        if self.use_bias:
            self.bias = self.add((self.units,), np.zeros, "bias")
        self.built = True

    def get_config(self):
        return {**super().get_config(), "units": self.units, "activation": self.activation,
                "use_bias": self.use_bias}

    def __call__(self, x):
        y = x @ self.kernel.value
        return _act(self.activation, y + self.bias.value if self.use_bias else y)


class BatchNormalization(StandInLayer):
    def __init__(self, epsilon=1e-3, **kwargs):
        super().__init__(**{k: v for k, v in kwargs.items() if k in ("name", "trainable")})
        self.epsilon = epsilon

    def build(self, input_shape):
        n = (input_shape[-1],)
        self.gamma = self.add(n, np.ones, "gamma")
        self.beta = self.add(n, np.zeros, "beta")
        self.moving_mean = self.add(n, np.zeros, "moving_mean", trainable=False)
        self.moving_variance = self.add(n, np.ones, "moving_variance", trainable=False)
        self.built = True

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}

    def __call__(self, x):
        inv = self.gamma.value / np.sqrt(self.moving_variance.value + self.epsilon)
        return (x - self.moving_mean.value) * inv + self.beta.value


class LayerNormalization(StandInLayer):
    def __init__(self, epsilon=1e-3, **kwargs):
        super().__init__(**{k: v for k, v in kwargs.items() if k in ("name", "trainable")})
        self.epsilon = epsilon

    def build(self, input_shape):
        self.gamma = self.add((input_shape[-1],), np.ones, "gamma")
        self.beta = self.add((input_shape[-1],), np.zeros, "beta")
        self.built = True

    def __call__(self, x):
        mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.epsilon) * self.gamma.value + self.beta.value


class Conv2D(StandInLayer):
    """Valid padding, stride 1, channels last."""

    def __init__(self, filters, kernel_size, activation=None, **kwargs):
        super().__init__(**{k: v for k, v in kwargs.items() if k in ("name", "trainable")})
        self.filters, self.kernel_size, self.activation = filters, tuple(kernel_size), activation

    def build(self, input_shape):
        self.kernel = self.add(self.kernel_size + (input_shape[-1], self.filters), _glorot,
                               "kernel")
        self.bias = self.add((self.filters,), np.zeros, "bias")
        self.built = True

    def __call__(self, x):
        kh, kw = self.kernel_size
        h, w = x.shape[1] - kh + 1, x.shape[2] - kw + 1
        out = np.zeros((x.shape[0], h, w, self.filters), np.float32)
        for i in range(kh):
            for j in range(kw):
                out += x[:, i:i + h, j:j + w, :] @ self.kernel.value[i, j]
        return _act(self.activation, out + self.bias.value)


class Embedding(StandInLayer):
    def __init__(self, input_dim, output_dim, **kwargs):
        super().__init__(**{k: v for k, v in kwargs.items() if k in ("name", "trainable")})
        self.input_dim, self.output_dim = input_dim, output_dim

    def build(self, input_shape):
        self.embeddings = self.add((self.input_dim, self.output_dim), _glorot, "embeddings")
        self.built = True

    def __call__(self, x):
        return self.embeddings.value[np.asarray(x, dtype=np.int64)]


class Dropout(StandInLayer):
    def __call__(self, x):
        return x


class Flatten(StandInLayer):
    def __call__(self, x):
        return x.reshape(len(x), -1)


class Optimizer:
    """Adam/SGD/RMSprop-like: iterations, learning_rate, then one or two slots per variable."""

    def __init__(self, name="adam", learning_rate=0.001, slots=2):
        self.name, self.learning_rate, self.slots = name, learning_rate, slots
        self.variables = []

    def build(self, var_list):
        self.variables = [Var(0, "iteration"), Var(self.learning_rate, "learning_rate")]
        for var in var_list:
            self.variables += [Var(np.zeros(var.shape), f"{var.name}_slot{s}")
                               for s in range(self.slots)]

    def get_config(self):
        return {"name": self.name, "learning_rate": self.learning_rate}


class Sequential:
    def __init__(self, layers=(), name="sequential"):
        self.name = name
        self.layers = list(layers)
        self.built = all(getattr(layer, "built", True) for layer in self.layers)
        self._trainable_variables, self._non_trainable_variables = [], []

    def build(self, input_shape):
        shape = tuple(input_shape)
        for layer in self.layers:
            layer.build(shape)
            layer._input_shape = shape
            shape = layer(np.zeros((1,) + shape[1:], np.float32)).shape
            shape = (None,) + tuple(shape[1:])
        self.built = True

    @property
    def trainable_variables(self):
        return [v for layer in self.layers for v in layer._trainable_variables]

    def compile(self, optimizer):
        self.optimizer = optimizer

    def get_compile_config(self):
        opt = getattr(self, "optimizer", None)
        if opt is None:
            return None
        return {"optimizer": {"module": "keras.optimizers", "class_name": "Adam",
                              "config": opt.get_config(), "registered_name": None},
                "loss": "mse"}

    def compile_from_config(self, config):
        opt = config["optimizer"]
        name = opt["config"].get("name", "adam") if isinstance(opt, dict) else opt
        kind = opt["class_name"] if isinstance(opt, dict) else opt
        slots = {"Adam": 2, "SGD": 0, "RMSprop": 1}.get(kind, 2)
        self.optimizer = Optimizer(name, opt["config"].get("learning_rate", 0.001)
                                   if isinstance(opt, dict) else 0.001, slots)
        self.optimizer.build(self.trainable_variables)

    def get_config(self):
        return {"name": self.name, "layers": [serialize_keras_object(l) for l in self.layers]}

    @classmethod
    def from_config(cls, config):
        layers = [deserialize_keras_object(c, STANDINS) for c in config["layers"]
                  if c["class_name"] != "InputLayer"]
        return cls(layers, name=config.get("name", "sequential"))

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    predict = __call__


STANDINS = {cls.__name__: cls for cls in (Sequential, Dense, BatchNormalization, Conv2D,
                                          Dropout, Flatten, LayerNormalization, Embedding)}


def make_model(compiled=True):
    model = Sequential([Dense(5, activation="relu"), BatchNormalization(), Dropout(),
                        Dense(3, activation="softmax")])
    model.build((None, 4))
    rng = np.random.RandomState(1)
    for layer in model.layers:
        for var in layer._trainable_variables + layer._non_trainable_variables:
            var.assign(rng.uniform(0.5, 1.5, var.shape))
    if compiled:
        model.compile(Optimizer())
        model.optimizer.build(model.trainable_variables)
        for var in model.optimizer.variables:
            var.assign(rng.uniform(0, 1, var.shape))
    return model


X = np.random.RandomState(2).rand(6, 4).astype(np.float32)


@pytest.fixture
def saved(tmp_path):
    model = make_model()
    path = tmp_path / "model.keras"
    save_model(model, path)
    return model, path


# -- layout --------------------------------------------------------------------------------

def test_archive_members_and_metadata(saved):
    _, path = saved
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
        metadata = json.loads(zf.read("metadata.json"))
    assert metadata["keras_version"] == saving.KERAS_VERSION
    assert metadata["tensorweave_version"]
    assert len(metadata["date_saved"]) == len("2026-01-31@12:00:00")


def test_config_is_keras_serialized(saved):
    config, _, _ = read_archive(saved[1])
    assert config["class_name"] == "Sequential" and config["module"] == "keras"
    assert config["compile_config"]["optimizer"]["class_name"] == "Adam"
    first = config["config"]["layers"][0]
    assert first["class_name"] == "Dense" and first["module"] == "keras.layers"
    assert first["config"]["units"] == 5 and first["build_config"] == {"input_shape": [None, 4]}


def test_weights_use_keras_h5_paths(saved):
    model, path = saved
    with zipfile.ZipFile(path) as zf:
        data = zf.read("model.weights.h5")
    import io
    with h5py.File(io.BytesIO(data), "r") as h5:
        names = []
        h5.visititems(lambda name, obj: names.append(name))
        assert "vars" in h5 and h5["vars"].attrs["name"] == "sequential"
        assert h5["layers/dense/vars"].attrs["name"] == model.layers[0].name
        np.testing.assert_array_equal(h5["layers/dense/vars/0"][()], model.layers[0].kernel.value)
        np.testing.assert_array_equal(h5["layers/dense_1/vars/1"][()], model.layers[3].bias.value)
        bn = model.layers[1]
        for i, var in enumerate([bn.gamma, bn.beta, bn.moving_mean, bn.moving_variance]):
            np.testing.assert_array_equal(h5[f"layers/batch_normalization/vars/{i}"][()],
                                          var.value)
        assert "layers/dropout/vars" in h5 and len(h5["layers/dropout/vars"]) == 0
        assert len(h5["optimizer/vars"]) == 2 + 2 * 6
        assert h5["optimizer/vars/0"].shape == ()


# -- round trips ---------------------------------------------------------------------------

def test_save_load_model_round_trip(saved):
    model, path = saved
    loaded = load_model(path, custom_objects=STANDINS)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    for a, b in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_array_equal(a.value, b.value)


def test_load_model_compile_false_keeps_fresh_optimizer_state(saved):
    model, path = saved
    loaded = load_model(path, custom_objects=STANDINS, compile=False)
    assert not hasattr(loaded, "optimizer")
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


def test_save_and_load_weights(tmp_path):
    model = make_model()
    path = tmp_path / "model.weights.h5"
    save_weights(model, path)
    fresh = make_model(compiled=False)
    fresh.layers[0].kernel.assign(np.zeros((4, 5)))
    fresh.compile(Optimizer())
    load_weights(fresh, path)
    np.testing.assert_array_equal(fresh.predict(X), model.predict(X))
    # the optimizer was built from the model's variables to take the saved state
    assert len(fresh.optimizer.variables) == len(model.optimizer.variables)


def test_load_weights_from_keras_archive(saved):
    model, path = saved
    fresh = make_model(compiled=False)
    load_weights(fresh, path)
    np.testing.assert_array_equal(fresh.predict(X), model.predict(X))


def test_load_in_a_new_process_gives_identical_predictions(saved, tmp_path):
    model, path = saved
    out = tmp_path / "pred.npy"
    code = (f"import sys, numpy as np; sys.path.insert(0, {str(HERE)!r}); "
            "import test_saving as t; from tensorweave.keras.saving import load_model; "
            f"m = load_model({str(path)!r}, custom_objects=t.STANDINS); "
            f"np.save({str(out)!r}, m.predict(t.X))")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    np.testing.assert_array_equal(np.load(out), model.predict(X))


# -- atomic writes and errors --------------------------------------------------------------

def test_failed_save_keeps_the_previous_file(saved):
    model, path = saved
    before = path.read_bytes()

    class Broken(Sequential):
        def get_config(self):
            raise RuntimeError("config failed")
    broken = Broken(model.layers)
    with pytest.raises(RuntimeError, match="config failed"):
        save_model(broken, path)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["model.keras"]


def test_truncated_archive_gives_clear_error(saved):
    _, path = saved
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFileError, match="damaged or truncated") as info:
        load_model(path, custom_objects=STANDINS)
    assert str(path) in str(info.value)


def test_flipped_bytes_in_weights_give_clear_error(saved):
    _, path = saved
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("model.weights.h5")
    offset = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.file_size // 2
    data[offset:offset + 8] = bytes(8 - i for i in range(8))
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptFileError, match="damaged"):
        load_model(path, custom_objects=STANDINS)


def test_truncated_weights_file_gives_clear_error(tmp_path):
    path = tmp_path / "m.weights.h5"
    save_weights(make_model(), path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(CorruptFileError, match="damaged or truncated"):
        load_weights(make_model(), path)


def test_archive_without_weights_member(tmp_path):
    path = tmp_path / "m.keras"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("config.json", "{}")
    with pytest.raises(CorruptFileError, match="model.weights.h5"):
        load_model(path)


def test_extension_and_overwrite_errors(saved, tmp_path):
    model, path = saved
    # recorded from Keras 3.15 on TF 2.21: `.keras` or legacy `.h5` for save(), only
    # `.weights.h5` for save_weights(); a missing `.keras` file is a ValueError, a missing
    # `.h5` (read with h5py) a FileNotFoundError
    with pytest.raises(ValueError, match=r"\.keras"):
        save_model(model, tmp_path / "m.ckpt")
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        save_weights(model, tmp_path / "m.h5")
    with pytest.raises(ValueError, match="File not found"):
        load_model(tmp_path / "missing.keras")
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "missing.h5")
    with pytest.raises(FileNotFoundError):
        load_weights(model, tmp_path / "missing.h5")
    with pytest.raises(FileExistsError):
        save_model(model, path, overwrite=False)


def test_shape_mismatch_names_the_layer(saved):
    _, path = saved
    other = Sequential([Dense(5, activation="relu"), BatchNormalization(), Dropout(),
                        Dense(2, activation="softmax")])
    other.build((None, 4))
    with pytest.raises(ValueError, match=r"Dense 'dense_\d+' \(at layers/dense_1\): variable 0 "
                                         r"\(kernel\) has shape \(5, 2\).*\(5, 3\)"):
        load_weights(other, path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_weights(other, path, skip_mismatch=True)
    assert any("could not be loaded" in str(w.message) for w in caught)
    # the layers that fit were loaded
    np.testing.assert_array_equal(other.layers[0].kernel.value, saved[0].layers[0].kernel.value)


def test_optimizer_with_other_variable_count_is_skipped_with_warning(saved):
    model, path = saved
    fresh = make_model(compiled=False)
    fresh.compile(Optimizer(slots=1))
    fresh.optimizer.build(fresh.trainable_variables)
    with pytest.warns(UserWarning, match="Skipping variable loading for optimizer"):
        load_weights(fresh, path)
    np.testing.assert_array_equal(fresh.predict(X), model.predict(X))


def test_unknown_class_error_suggests_custom_objects(tmp_path):
    class FrobModel(Sequential):
        pass
    model = FrobModel([Dense(2)])
    model.build((None, 3))
    save_model(model, tmp_path / "frob.keras")
    with pytest.raises(ValueError, match="custom_objects.*FrobModel"):
        load_model(tmp_path / "frob.keras")


def test_missing_h5py_names_the_extra(saved, monkeypatch):
    monkeypatch.setitem(sys.modules, "h5py", None)
    with pytest.raises(MissingExtraError, match=r"tensorweave\[h5\]"):
        save_model(saved[0], saved[1])


# -- files written by Keras 3 --------------------------------------------------------------

@pytest.mark.parametrize("name", ["keras3_mlp", "keras3_cnn", "keras3_embedding"])
def test_reads_keras3_files(name):
    expected = np.load(DATA / f"{name}_expected.npz")
    model = load_model(DATA / f"{name}.keras", custom_objects=STANDINS)
    np.testing.assert_allclose(model.predict(expected["x"]), expected["y"], rtol=1e-5,
                               atol=1e-6)
    assert len(model.optimizer.variables) > 0


def test_keras3_metadata_and_paths():
    config, metadata, weights = read_archive(DATA / "keras3_cnn.keras")
    assert metadata["keras_version"] == "3.15.1"
    assert sorted(weights) == ["", "layers/batch_normalization", "layers/conv2d",
                               "layers/dense", "layers/dense_1", "layers/flatten",
                               "layers/layer_normalization", "optimizer"]
    assert weights["layers/conv2d"]["0"].shape == (3, 3, 2, 3)
    assert config["compile_config"]["optimizer"]["class_name"] == "SGD"


def test_round_trip_of_a_keras3_file_keeps_its_layout(tmp_path):
    model = load_model(DATA / "keras3_cnn.keras", custom_objects=STANDINS)
    path = tmp_path / "again.keras"
    save_model(model, path)
    _, _, ours = read_archive(path)
    _, _, theirs = read_archive(DATA / "keras3_cnn.keras")
    assert sorted(ours) == sorted(theirs)
    for key in theirs:
        assert sorted(ours[key]) == sorted(theirs[key])
        for i in theirs[key]:
            np.testing.assert_array_equal(ours[key][i], theirs[key][i])
    assert os.path.getsize(path) > 0


# -- with tensorweave.keras models -------------------------------------------------------------

def _keras():
    return pytest.importorskip("tensorweave.keras")


def _tw_mlp(keras, dropout=True):
    layers = [keras.Input((4,)), keras.layers.Dense(3, activation="relu"),
              keras.layers.BatchNormalization()]
    if dropout:
        layers.append(keras.layers.Dropout(0.25))
    layers.append(keras.layers.Dense(2, activation="softmax"))
    model = keras.Sequential(layers)
    model.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


XY = (np.random.RandomState(3).rand(32, 4).astype("float32"),
      np.random.RandomState(4).randint(0, 2, 32))


def test_tensorweave_model_layout_matches_keras(tmp_path):
    keras = _keras()
    model = _tw_mlp(keras)
    model.fit(*XY, epochs=1, batch_size=8, verbose=0)
    path = tmp_path / "tw.keras"
    model.save(path)
    config, metadata, ours = read_archive(path)
    _, _, theirs = read_archive(DATA / "keras3_mlp.keras")
    assert sorted(ours) == sorted(theirs)
    for key in theirs:
        assert {k: v.shape for k, v in ours[key].items()} == \
            {k: v.shape for k, v in theirs[key].items()}, key
    assert config["class_name"] == "Sequential" and metadata["keras_version"] == "3.15.1"


def test_tensorweave_model_reloads_in_a_new_process(tmp_path):
    keras = _keras()
    model = _tw_mlp(keras)
    model.fit(*XY, epochs=2, batch_size=8, verbose=0)
    path = tmp_path / "tw.keras"
    model.save(path)
    x = XY[0][:7]
    out = tmp_path / "pred.npy"
    np.save(tmp_path / "x.npy", x)
    code = ("import numpy as np; from tensorweave import keras; "
            f"m = keras.models.load_model({str(path)!r}); "
            f"np.save({str(out)!r}, m.predict(np.load({str(tmp_path / 'x.npy')!r}), verbose=0))")
    env = dict(os.environ, PYTHONPATH=str(HERE.parent.parent))
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, env=env)
    np.testing.assert_array_equal(np.load(out), model.predict(x, verbose=0))


def test_optimizer_state_survives_so_training_continues_identically(tmp_path):
    keras = _keras()
    model = _tw_mlp(keras, dropout=False)
    model.fit(*XY, epochs=2, batch_size=8, shuffle=False, verbose=0)
    path = tmp_path / "tw.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    model.fit(*XY, epochs=1, batch_size=8, shuffle=False, verbose=0)
    loaded.fit(*XY, epochs=1, batch_size=8, shuffle=False, verbose=0)
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


def test_tensorweave_save_and_load_weights(tmp_path):
    keras = _keras()
    model = _tw_mlp(keras)
    model.fit(*XY, epochs=1, batch_size=8, verbose=0)
    path = tmp_path / "tw.weights.h5"
    model.save_weights(path)
    other = _tw_mlp(keras)
    other.build((None, 4))
    other.load_weights(path)
    x = XY[0][:5]
    np.testing.assert_array_equal(other.predict(x, verbose=0), model.predict(x, verbose=0))


@pytest.mark.parametrize("name", ["keras3_mlp", "keras3_cnn", "keras3_embedding"])
def test_tensorweave_loads_keras3_files(name):
    keras = _keras()
    expected = np.load(DATA / f"{name}_expected.npz")
    model = keras.models.load_model(DATA / f"{name}.keras")
    np.testing.assert_allclose(model.predict(expected["x"], verbose=0), expected["y"],
                               rtol=1e-5, atol=1e-6)
    _, _, saved = read_archive(DATA / f"{name}.keras")
    assert len(model.optimizer.variables) == len(saved["optimizer"])


def test_tensorweave_truncated_model_file(tmp_path):
    keras = _keras()
    path = tmp_path / "tw.keras"
    _tw_mlp(keras).save(path)
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(CorruptFileError, match="damaged or truncated"):
        keras.models.load_model(path)


def test_subclassed_model_paths_follow_keras(tmp_path):
    keras = _keras()

    class MLP(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.hidden = keras.layers.Dense(4, activation="relu")
            self.out = keras.layers.Dense(2)
            self.blocks = [keras.layers.Dense(4), keras.layers.Dense(4)]

        def call(self, x):
            x = self.hidden(x)
            for block in self.blocks:
                x = block(x)
            return self.out(x)

    model = MLP()
    model(np.zeros((1, 3), "float32"))
    path = tmp_path / "sub.weights.h5"
    model.save_weights(path)
    with h5py.File(path, "r") as h5:
        names = []
        h5.visititems(lambda name, obj: names.append(name) if name.endswith("vars") else None)
    # What Keras 3.15.1 writes for this model: "out" sorts after "layers", so Keras reaches
    # it through the model's layers list, as its second Dense.
    assert sorted(names) == ["blocks/dense/vars", "blocks/dense_1/vars", "hidden/vars",
                             "layers/dense_1/vars", "vars"]
    other = MLP()
    other(np.zeros((1, 3), "float32"))
    other.load_weights(path)
    x = np.ones((2, 3), "float32")
    np.testing.assert_array_equal(other.predict(x, verbose=0), model.predict(x, verbose=0))


def test_legacy_h5_model_round_trip(tmp_path):
    # Keras 3.15 (TF 2.21) saves `model.save("m.h5")` in the legacy HDF5 format and loads it
    # back compiled: same predictions and evaluate, the optimizer's class, learning rate and
    # iterations (8 after 2 epochs of 4 batches); compile=False gives an uncompiled model;
    # load_weights reads the file; load_model of a weights-only file has no model config
    keras = _keras()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 5)).astype("float32")
    y = (x[:, :1] > 0).astype("float32")
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.BatchNormalization(),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(0.01), "binary_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=8, epochs=2, verbose=0, shuffle=False)
    path = tmp_path / "m.h5"
    model.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_array_equal(loaded.predict(x[:4], verbose=0),
                                  model.predict(x[:4], verbose=0))
    assert [layer.name for layer in loaded.layers] == [layer.name for layer in model.layers]
    assert loaded.compiled and type(loaded.optimizer).__name__ == "Adam"
    assert int(np.asarray(loaded.optimizer.iterations)) == 8
    np.testing.assert_allclose(float(np.asarray(loaded.optimizer.learning_rate)), 0.01)
    np.testing.assert_allclose(loaded.evaluate(x, y, verbose=0),
                               model.evaluate(x, y, verbose=0), rtol=1e-6)
    assert not keras.models.load_model(path, compile=False).compiled
    fresh = keras.models.clone_model(model)
    fresh.load_weights(path)
    for a, b in zip(fresh.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)
    model.save_weights(tmp_path / "w.weights.h5")
    with pytest.raises(ValueError, match="No model config"):
        keras.models.load_model(tmp_path / "w.weights.h5")


def _legacy_model():
    keras = _keras()
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.BatchNormalization(), keras.layers.Dense(2)])
    model.compile("adam", "mse")
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 6)).astype(np.float32)
    model.fit(x, rng.standard_normal((8, 2)).astype(np.float32), epochs=2, verbose=0)
    return model, x


def test_h5_files_carry_keras_s_legacy_model_weights(tmp_path):
    # model.save("m.h5") also writes Keras's model_weights layout (real Keras 3 loads the file:
    # checked against Keras 3.15), as hard links to tensorweave's datasets (no second copy)
    import h5py
    model, x = _legacy_model()
    path = str(tmp_path / "m.h5")
    model.save(path)
    with h5py.File(path, "r") as f:
        group = f["model_weights"]
        assert [n.decode() for n in group.attrs["layer_names"]] == \
            ["dense", "batch_normalization", "dense_1"]
        names = [n.decode() for n in group["batch_normalization"].attrs["weight_names"]]
        assert [n.rsplit("/", 1)[1] for n in names] == \
            ["gamma", "beta", "moving_mean", "moving_variance"]
        linked = group["dense"][[n.decode() for n in group["dense"].attrs["weight_names"]][0]]
        assert h5py.h5o.get_info(linked.id).addr == \
            h5py.h5o.get_info(f["layers/dense/vars/0"].id).addr
    keras = _keras()
    # a file in Keras's layout alone (what Keras writes) loads through it
    with h5py.File(path, "a") as f:
        for own in ("layers", "vars", "optimizer"):
            if own in f:
                del f[own]
    loaded = keras.models.load_model(path, compile=False)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6, atol=1e-6)
    # Keras 2's save_weights("w.h5"): the layer groups at the root
    weights_only = str(tmp_path / "w.h5")
    with h5py.File(path, "r") as src, h5py.File(weights_only, "w") as dst:
        for name in src["model_weights"]:
            src.copy(src["model_weights"][name], dst, name=name)
        dst.attrs["layer_names"] = src["model_weights"].attrs["layer_names"]
    fresh, _ = _legacy_model()
    fresh.load_weights(weights_only)
    np.testing.assert_allclose(fresh.predict(x, verbose=0), model.predict(x, verbose=0),
                               rtol=1e-6, atol=1e-6)
