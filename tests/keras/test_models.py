"""keras.Sequential, functional and subclassed models: building, summary(), weights,
configs."""
import importlib.util
import json
import pathlib

import numpy as np
import pytest

from tensorweave import keras
from tensorweave.keras import layers

SEQUENTIAL_SUMMARY = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ dense (Dense)                   │ (None, 512)            │       401,920 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dropout (Dropout)               │ (None, 512)            │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 10)             │         5,130 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 407,050 (1.55 MB)
 Trainable params: 407,050 (1.55 MB)
 Non-trainable params: 0 (0.00 B)
"""


def mnist_mlp():
    model = keras.Sequential()
    model.add(layers.Dense(512, activation="relu", input_shape=(784,)))
    model.add(layers.Dropout(0.2))
    model.add(layers.Dense(10, activation="softmax"))
    return model


@pytest.fixture
def terminal_80(monkeypatch):
    # Keras sizes the table to the terminal: 80 columns (the non-terminal default) → 76
    monkeypatch.setenv("COLUMNS", "80")


def test_sequential_summary_is_keras3_table(capsys, terminal_80):
    mnist_mlp().summary()
    assert capsys.readouterr().out == SEQUENTIAL_SUMMARY


def test_summary_print_fn_and_line_length(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")     # a console wide enough for the whole table
    lines = []
    mnist_mlp().summary(print_fn=lambda text: lines.extend(text.splitlines()), line_length=88)
    assert lines[0] == 'Model: "sequential"'
    assert all(len(line) == 88 for line in lines[1:10])
    assert lines[-3:] == [" Total params: 407,050 (1.55 MB)",
                          " Trainable params: 407,050 (1.55 MB)",
                          " Non-trainable params: 0 (0.00 B)"]


# Recorded from Keras 3.15 on TF 2.21 (stdout a pipe, COLUMNS unset: an 80-column console):
# a table wider than the console is cut at its edge, line by line.
CUT_AT_80 = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━
┃ Layer (type)                            ┃ Output Shape                   ┃    
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━
│ conv2d (Conv2D)                         │ (None, 6, 6, 4)                │    
├─────────────────────────────────────────┼────────────────────────────────┼────
│ max_pooling2d (MaxPooling2D)            │ (None, 3, 3, 4)                │    
├─────────────────────────────────────────┼────────────────────────────────┼────
│ flatten (Flatten)                       │ (None, 36)                     │    
├─────────────────────────────────────────┼────────────────────────────────┼────
│ dense (Dense)                           │ (None, 3)                      │    
└─────────────────────────────────────────┴────────────────────────────────┴────
 Total params: 151 (604.00 B)
 Trainable params: 151 (604.00 B)
 Non-trainable params: 0 (0.00 B)
"""


def _small_cnn():
    return keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(4, 3, activation="relu"),
                             layers.MaxPooling2D(), layers.Flatten(), layers.Dense(3)])


def test_summary_wider_than_the_console_is_cut_at_its_width(terminal_80):
    calls = []
    _small_cnn().summary(print_fn=lambda text, *a, **k: calls.append(text), line_length=95)
    assert calls == [CUT_AT_80]
    calls = []
    _small_cnn().summary(print_fn=lambda text, *a, **k: calls.append(text), line_length=81)
    lines = calls[0].splitlines()
    assert lines[1].endswith("┳" + "━" * 16) and len(lines[1]) == 80   # the "┓" is cut off
    assert lines[2].endswith("Param # ")


def test_summary_after_compile_and_fit_counts_optimizer_params(terminal_80):
    model = mnist_mlp()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(np.zeros((4, 784), "float32"), np.zeros(4, "int64"), verbose=0)
    lines = []
    model.summary(print_fn=lambda text: lines.extend(text.splitlines()))
    # Adam: a momentum and a velocity per weight, plus iterations and learning_rate
    assert lines[-1] == " Optimizer params: 814,102 (3.11 MB)"
    assert lines[-4] == " Total params: 1,221,152 (4.66 MB)"


def test_functional_summary_has_connected_to_column(terminal_80):
    a = keras.Input((8,), name="a")
    b = keras.Input((4,), name="b")
    h = layers.Dense(16)(a)
    out = layers.Dense(1)(layers.Concatenate()([h, b]))
    model = keras.Model([a, b], out)
    lines = []
    model.summary(print_fn=lambda text: lines.extend(text.splitlines()))
    assert lines[0] == 'Model: "functional"'
    assert lines[2].split("┃")[1:5] == [" Layer (type)        ", " Output Shape      ",
                                        "    Param # ", " Connected to      "]
    text = "\n".join(lines)
    assert "│ a (InputLayer)      │ (None, 8)         │          0 │ -" in text
    assert "concatenate[0][0]" in text and "dense[0][0]," in text
    assert lines[-3] == " Total params: 165 (660.00 B)"


def test_unbuilt_sequential_summary():
    model = keras.Sequential([layers.Dense(3)])
    lines = []
    model.summary(print_fn=lambda text: lines.extend(text.splitlines()))
    assert "0 (unbuilt)" in "\n".join(lines) and "?" in lines[4]


def test_sequential_ways_to_give_the_input_shape():
    a = keras.Sequential([keras.Input((5,)), layers.Dense(2)])
    b = keras.Sequential([layers.Dense(2, input_shape=(5,))])
    c = keras.Sequential()
    c.add(layers.InputLayer(shape=(5,)))
    c.add(layers.Dense(2))
    d = keras.Sequential([layers.Dense(2)])
    d.build((None, 5))
    for model in (a, b, c, d):
        assert model.built and model.count_params() == 12
        assert model.output_shape == (None, 2)
        assert len(model.layers) == 1  # the input layer is not listed


def test_sequential_builds_from_data():
    model = keras.Sequential([layers.Dense(4, activation="relu"), layers.Dense(1)])
    assert not model.built
    out = model.predict(np.ones((3, 6), "float32"), verbose=0)
    assert out.shape == (3, 1) and model.built and model.count_params() == 28 + 5


def test_sequential_rejects_duplicate_names():
    model = keras.Sequential([layers.Dense(1, name="x")])
    with pytest.raises(ValueError, match="unique names"):
        model.add(layers.Dense(1, name="x"))


def test_functional_multi_input_multi_output():
    a = keras.Input((3,), name="a")
    b = keras.Input((2,), name="b")
    x = layers.Concatenate()([a, b])
    out1 = layers.Dense(1, name="out1")(x)
    out2 = layers.Dense(2, name="out2")(x)
    model = keras.Model(inputs=[a, b], outputs=[out1, out2])
    assert isinstance(model, keras.Model) and type(model).__name__ == "Functional"
    assert [l.name for l in model.layers] == ["a", "b", "concatenate", "out1", "out2"]
    assert model.output_names == ["out1", "out2"]
    xa, xb = np.ones((4, 3), "float32"), np.ones((4, 2), "float32")
    p1, p2 = model.predict([xa, xb], verbose=0)
    assert p1.shape == (4, 1) and p2.shape == (4, 2)
    q1, q2 = model.predict({"a": xa, "b": xb}, verbose=0)
    np.testing.assert_allclose(q1, p1)
    # called on arrays directly
    r1, r2 = model([xa, xb])
    np.testing.assert_allclose(r2, p2, rtol=1e-6)


def test_functional_model_as_a_layer():
    inner_in = keras.Input((4,))
    inner = keras.Model(inner_in, layers.Dense(3, name="inner_dense")(inner_in),
                        name="inner")
    x = keras.Input((4,))
    y = layers.Dense(1)(inner(x))
    outer = keras.Model(x, y)
    assert outer.count_params() == 15 + 4
    assert len(outer.weights) == 4
    data = np.ones((2, 4), "float32")
    h = data @ inner.layers[1].get_weights()[0] + inner.layers[1].get_weights()[1]
    want = h @ outer.layers[-1].get_weights()[0] + outer.layers[-1].get_weights()[1]
    np.testing.assert_allclose(outer.predict(data, verbose=0), want, rtol=1e-5)


def test_disconnected_graph_is_an_error():
    a = keras.Input((3,))
    b = keras.Input((3,))
    out = layers.Dense(1)(b)
    with pytest.raises(ValueError, match="disconnected"):
        keras.Model(a, out)


def test_subclassed_model():
    class TwoLayer(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = layers.Dense(8, activation="relu")
            self.out = layers.Dense(2)

        def call(self, x, training=None):
            return self.out(self.hidden(x))

    model = TwoLayer()
    assert model.name == "two_layer"
    y = model(np.ones((3, 5), "float32"))
    assert y.shape == (3, 2)
    # built inside the model's call: under its name, as in Keras 3.15
    assert [w.path for w in model.weights] == ["two_layer/dense/kernel", "two_layer/dense/bias",
                                               "two_layer/dense_1/kernel",
                                               "two_layer/dense_1/bias"]
    assert model.layers == [model.hidden, model.out]
    assert model.count_params() == 48 + 18


def test_get_set_weights_and_trainable_flags():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2), layers.BatchNormalization()])
    weights = model.get_weights()
    assert [w.shape for w in weights] == [(3, 2), (2,), (2,), (2,), (2,), (2,)]
    assert len(model.trainable_weights) == 4 and len(model.non_trainable_weights) == 2
    new = [np.full(w.shape, i, "float32") for i, w in enumerate(weights)]
    model.set_weights(new)
    for got, want in zip(model.get_weights(), new):
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match="expecting 6 weights"):
        model.set_weights(new[:2])
    model.layers[0].trainable = False
    assert len(model.trainable_weights) == 2 and len(model.non_trainable_weights) == 4


def test_sequential_config_round_trip():
    model = mnist_mlp()
    config = model.get_config()
    assert config["name"] == "sequential"
    assert [c["class_name"] for c in config["layers"]] == ["InputLayer", "Dense", "Dropout",
                                                           "Dense"]
    assert config["layers"][0]["config"]["batch_shape"] == (None, 784)
    clone = keras.Sequential.from_config(config)
    assert clone.count_params() == model.count_params()
    assert [type(l) for l in clone.layers] == [type(l) for l in model.layers]


def test_functional_config_round_trip_and_json():
    a = keras.Input((3,), name="x")
    h = layers.Dense(4, activation="relu")(a)
    out = layers.Dense(1)(layers.Add()([h, layers.Dense(4)(a)]))
    model = keras.Model(a, out, name="net")
    config = model.get_config()
    # Keras 3.15 (TF 2.21): a bare input tensor is one flat reference
    assert config["input_layers"] == ["x", 0, 0]
    clone = keras.Model.from_config(config)
    assert clone.name == "net" and clone.count_params() == model.count_params()
    clone.set_weights(model.get_weights())
    data = np.random.default_rng(0).normal(size=(5, 3)).astype("float32")
    np.testing.assert_allclose(clone.predict(data, verbose=0), model.predict(data, verbose=0),
                               rtol=1e-6)
    again = keras.models.model_from_json(model.to_json())
    assert again.count_params() == model.count_params()


def test_get_layer():
    model = mnist_mlp()
    assert model.get_layer("dropout") is model.layers[1]
    assert model.get_layer(index=2).name == "dense_1"
    with pytest.raises(ValueError, match="No such layer"):
        model.get_layer("nope")


def test_model_needs_compile_before_fit():
    with pytest.raises(ValueError, match="compile"):  # Keras 3 raises ValueError
        mnist_mlp().fit(np.zeros((2, 784)), np.zeros(2))


needs_h5py = pytest.mark.skipif(importlib.util.find_spec("h5py") is None,
                                reason="needs the h5 extra")
DATA = pathlib.Path(__file__).resolve().parent / "data"


@needs_h5py
def test_save_and_load_a_trained_model(tmp_path, blobs):
    x, y = blobs
    model = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"),
                              layers.BatchNormalization(), layers.Dense(3, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, verbose=0)
    model.save(str(tmp_path / "model.keras"))
    model.save_weights(str(tmp_path / "model.weights.h5"))
    loaded = keras.models.load_model(str(tmp_path / "model.keras"))
    assert isinstance(loaded, keras.Sequential)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert loaded.evaluate(x, y, verbose=0) == model.evaluate(x, y, verbose=0)
    fresh = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"),
                              layers.BatchNormalization(), layers.Dense(3, activation="softmax")])
    fresh.load_weights(str(tmp_path / "model.weights.h5"))
    np.testing.assert_array_equal(fresh.predict(x, verbose=0), model.predict(x, verbose=0))


@needs_h5py
@pytest.mark.parametrize("name", ["keras3_mlp", "keras3_cnn", "keras3_embedding"])
def test_models_saved_by_keras3_predict_the_same(name):
    model = keras.models.load_model(str(DATA / f"{name}.keras"))
    expected = np.load(DATA / f"{name}_expected.npz")
    np.testing.assert_allclose(model.predict(expected["x"], verbose=0), expected["y"],
                               rtol=1e-5, atol=1e-6)


def test_sequential_and_lambda_inside_a_functional_model():
    inner = keras.Sequential([layers.Dense(3, activation="relu"), layers.Dense(2)],
                             name="inner")
    inp = keras.Input((4,))
    out = layers.Lambda(lambda t: t * 2.0)(inner(inp))
    model = keras.Model(inp, out)
    x = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), 2 * inner.predict(x, verbose=0),
                               rtol=1e-6)
    lines = []
    model.summary(print_fn=lambda text: lines.extend(text.splitlines()), expand_nested=True,
                  line_length=80)
    text = "\n".join(lines)
    assert "inner (Sequential)" in text and "   └ dense (Dense)" in text
    assert model.count_params() == 15 + 8


def test_summary_show_trainable_column_is_centred(monkeypatch):
    # recorded from Keras 3.15 on TF 2.21 (COLUMNS=200)
    monkeypatch.setenv("COLUMNS", "200")
    model = keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(4, 3, activation="relu"),
                              layers.BatchNormalization(), layers.MaxPooling2D(),
                              layers.Flatten(), layers.Dropout(0.5), layers.Dense(3)])
    model.layers[0].trainable = False
    calls = []
    model.summary(print_fn=lambda text, *a, **k: calls.append(text), show_trainable=True)
    lines = calls[0].splitlines()
    assert lines[2] == ("┃ Layer (type)                          ┃ Output Shape                  "
                        "┃        Param # ┃ Traina… ┃")
    assert lines[4] == ("│ conv2d (Conv2D)                       │ (None, 6, 6, 4)               "
                        "│             40 │    N    │")
    assert lines[6].endswith("│             16 │    Y    │")
    assert lines[9].endswith("│              0 │    -    │")


def test_functional_layer_order_config_refs_and_model_from_json():
    # recorded from Keras 3.15 on TF 2.21: model.layers (so get_weights) by decreasing depth,
    # ties in depth-first order from the outputs, inputs not forced first
    i = keras.Input((4,), name="i")
    p = layers.Dense(3, name="p")(i)
    g = layers.Dense(2, name="g")(p)
    f2 = layers.Dense(2, name="f2")(layers.Dense(2, name="f1")(p))
    model = keras.Model(i, layers.Concatenate(name="cat")([g, f2]))
    assert [layer.name for layer in model.layers] == ["i", "p", "f1", "g", "f2", "cat"]
    assert [w.path for w in model.weights][:6] == ["p/kernel", "p/bias", "f1/kernel",
                                                   "f1/bias", "g/kernel", "g/bias"]
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    d2 = layers.Dense(2, name="d2")(layers.Dense(4, name="d1")(a))
    two = keras.Model([b, a], layers.Concatenate(name="c3")([b, d2]))
    assert [layer.name for layer in two.layers] == ["a", "d1", "b", "d2", "c3"]
    config = two.get_config()
    assert config["input_layers"] == [["b", 0, 0], ["a", 0, 0]]
    assert config["output_layers"] == ["c3", 0, 0]
    x1 = layers.Dense(3, name="x1")(i)
    x3 = layers.Dense(3, name="x3")(layers.Dense(3, name="x2")(i))
    t = layers.Dense(1, name="t")(layers.Add(name="s")([x1, x3]))
    multi = keras.Model(i, [t, layers.Dense(1, name="u")(x1)])
    assert [layer.name for layer in multi.layers] == ["i", "x2", "x1", "x3", "s", "t", "u"]
    assert multi.get_config()["output_layers"] == [["t", 0, 0], ["u", 0, 0]]
    # to_json: registered_name "Functional", build_config without a shape; model_from_json
    # compiles from the compile_config, clone_model does not
    model.compile("adam", "mse", metrics=["mae"])
    js = json.loads(model.to_json())
    assert js["registered_name"] == "Functional"
    assert js["build_config"] == {"input_shape": None}
    assert js["compile_config"]["optimizer"]["config"]["learning_rate"] == 0.0010000000474974513
    again = keras.models.model_from_json(model.to_json())
    assert again.compiled and type(again.optimizer).__name__ == "Adam"
    assert again.metrics_names == ["loss", "compile_metrics"]
    assert [layer.name for layer in again.layers] == [layer.name for layer in model.layers]
    assert not keras.models.clone_model(model).compiled


def test_functional_model_with_dropout_and_identity_layers():
    # an identity at inference (Dropout) used to hand back its input tensor, which made the
    # functional graph look cyclic; Keras 3.15 builds such models
    a = keras.Input((6,))
    f = layers.Dense(3)(a)
    d = layers.Dropout(0.2)(f)
    model = keras.Model(a, layers.Concatenate()([f, d, layers.Activation("linear")(d)]))
    assert [layer.name for layer in model.layers][-3:] == ["dropout", "activation",
                                                           "concatenate"]
    out = model.predict(np.ones((2, 6), "float32"), verbose=0)
    np.testing.assert_allclose(out[:, :3], out[:, 3:6])
    rebuilt = keras.Model.from_config(model.get_config())
    assert len(rebuilt.layers) == len(model.layers)
