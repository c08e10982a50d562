"""keras.layers: shapes, parameter counts, weight names, configs, lazy building, Keras 1
spellings."""
import warnings

import numpy as np
import pytest

from tensorweave import keras
from tensorweave.keras import layers


def _f32(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


# (layer factory, input shape without batch, expected output shape without batch, params)
CASES = [
    (lambda: layers.Dense(5), (3,), (5,), 20),
    (lambda: layers.Dense(5, use_bias=False), (3,), (5,), 15),
    (lambda: layers.Dense(4), (6, 3), (6, 4), 16),
    (lambda: layers.Activation("tanh"), (3,), (3,), 0),
    (lambda: layers.Dropout(0.5), (7,), (7,), 0),
    (lambda: layers.Flatten(), (2, 3, 4), (24,), 0),
    (lambda: layers.Reshape((3, -1)), (12,), (3, 4), 0),
    (lambda: layers.Reshape((2, 6)), (3, 4), (2, 6), 0),
    (lambda: layers.Conv2D(4, 3), (8, 8, 2), (6, 6, 4), 3 * 3 * 2 * 4 + 4),
    (lambda: layers.Conv2D(4, 3, strides=2, padding="same"), (8, 8, 2), (4, 4, 4), 76),
    (lambda: layers.Conv2DTranspose(3, 3, strides=2, padding="same"), (4, 4, 2), (8, 8, 3),
     3 * 3 * 3 * 2 + 3),
    (lambda: layers.Conv2DTranspose(3, 3, strides=2), (4, 4, 2), (9, 9, 3), 57),
    (lambda: layers.Conv1D(6, 3), (10, 2), (8, 6), 3 * 2 * 6 + 6),
    (lambda: layers.Conv1D(6, 3, padding="causal"), (10, 2), (10, 6), 42),
    (lambda: layers.MaxPooling2D(), (8, 8, 3), (4, 4, 3), 0),
    (lambda: layers.AveragePooling2D(3, strides=1, padding="same"), (5, 5, 2), (5, 5, 2), 0),
    (lambda: layers.GlobalAveragePooling2D(), (5, 5, 2), (2,), 0),
    (lambda: layers.GlobalMaxPooling1D(), (5, 2), (2,), 0),
    (lambda: layers.MaxPooling1D(2), (6, 2), (3, 2), 0),
    (lambda: layers.BatchNormalization(), (5,), (5,), 20),
    (lambda: layers.LayerNormalization(), (4, 6), (4, 6), 12),
    (lambda: layers.Embedding(10, 3), (5,), (5, 3), 30),
    (lambda: layers.Lambda(lambda x: x * 2.0), (3,), (3,), 0),
]


@pytest.mark.parametrize("factory, in_shape, out_shape, params", CASES)
def test_symbolic_shape_params_and_compute_output_shape(factory, in_shape, out_shape, params):
    layer = factory()
    dtype = "int32" if isinstance(layer, layers.Embedding) else "float32"
    x = keras.Input(shape=in_shape, dtype=dtype)
    y = layer(x)
    assert y.shape.as_tuple() == (None,) + out_shape
    assert layer.count_params() == params
    assert tuple(layer.compute_output_shape((None,) + in_shape)) == (None,) + out_shape


@pytest.mark.parametrize("factory, in_shape, out_shape, params", CASES)
def test_call_on_arrays_runs_at_once(factory, in_shape, out_shape, params):
    layer = factory()
    if isinstance(layer, layers.Embedding):
        x = np.random.default_rng(0).integers(0, 10, (2,) + in_shape)
    else:
        x = _f32(2, *in_shape)
    out = layer(x)  # a tensor, computed at once, as Keras 3 gives it
    assert isinstance(out.numpy(), np.ndarray)
    assert out.numpy().shape == (2,) + out_shape


def test_dense_matches_numpy_and_names_its_weights():
    layer = layers.Dense(4, activation="relu")
    x = _f32(3, 5)
    out = layer(x)
    kernel, bias = layer.get_weights()
    np.testing.assert_allclose(out, np.maximum(x @ kernel + bias, 0), rtol=1e-5, atol=1e-6)
    assert [w.path for w in layer.weights] == ["dense/kernel", "dense/bias"]
    assert [w.name for w in layer.weights] == ["kernel", "bias"]
    assert layer.kernel.shape == (5, 4) and layer.kernel.dtype == "float32"
    np.testing.assert_array_equal(bias, np.zeros(4, "float32"))
    limit = np.sqrt(6.0 / (5 + 4))  # glorot_uniform
    assert np.all(np.abs(kernel) <= limit)


def test_layer_names_are_unique_and_restart_after_clear_session():
    names = [layers.Dense(1).name, layers.Dense(1).name, layers.Conv2D(1, 1).name,
             layers.BatchNormalization().name]
    assert names == ["dense", "dense_1", "conv2d", "batch_normalization"]
    keras.backend.clear_session()
    assert layers.Dense(1).name == "dense"


def test_building_is_lazy():
    layer = layers.Dense(3)
    assert not layer.built and layer.weights == []
    with pytest.raises(ValueError, match="isn't built"):
        layer.count_params()
    layer(keras.Input((7,)))
    assert layer.built and layer.count_params() == 24


def test_input_spec_rejects_a_wrong_last_dimension():
    layer = layers.Dense(3)
    layer(keras.Input((4,)))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 4"):
        layer(keras.Input((5,)))


def test_activation_strings(keras):
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]], "float32")
    expected = {
        "relu": np.maximum(x, 0), "sigmoid": 1 / (1 + np.exp(-x)), "tanh": np.tanh(x),
        "linear": x, "softplus": np.log1p(np.exp(x)), "softsign": x / (1 + np.abs(x)),
        "elu": np.where(x > 0, x, np.expm1(x)),
        "selu": 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(x)),
        "swish": x / (1 + np.exp(-x)), "exponential": np.exp(x),
        "softmax": np.exp(x) / np.exp(x).sum(),
        "relu6": np.clip(x, 0, 6), "hard_sigmoid": np.clip(x + 3, 0, 6) / 6,
        "leaky_relu": np.where(x > 0, x, 0.2 * x),
    }
    from math import erf
    expected["gelu"] = x * 0.5 * (1 + np.vectorize(erf)(x / np.sqrt(2)))
    for name, want in expected.items():
        got = layers.Activation(name)(x)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, err_msg=name)
    with pytest.raises(ValueError, match="activation"):
        keras.activations.get("nope")


def test_dropout_is_identity_at_inference_and_scales_in_training():
    layer = layers.Dropout(0.5, seed=3)
    x = np.ones((200, 50), "float32")
    np.testing.assert_array_equal(layer(x), x)
    out = np.asarray(layer(x, training=True))
    kept = out != 0
    assert 0.4 < kept.mean() < 0.6
    np.testing.assert_allclose(out[kept], 2.0)


def test_batch_normalization_training_and_inference():
    layer = layers.BatchNormalization(momentum=0.5, epsilon=1e-3)
    x = _f32(64, 3) * 3 + 1
    out = np.asarray(layer(x, training=True))
    np.testing.assert_allclose(out.mean(0), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(0), np.sqrt(x.var(0) / (x.var(0) + 1e-3)), rtol=1e-4)
    # the training call moved the statistics from 0 and 1 (Keras 3 updates them in call);
    # inference uses them
    mm, mv = 0.5 * x.mean(0), 0.5 + 0.5 * x.var(0)
    np.testing.assert_allclose(layer.moving_mean.numpy(), mm, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(layer.moving_variance.numpy(), mv, rtol=1e-5)
    inf = layer(x)
    np.testing.assert_allclose(inf, (x - mm) / np.sqrt(mv + 1e-3), rtol=1e-4, atol=1e-5)
    gamma, beta, mean, var = layer.get_weights()
    assert [w.trainable for w in layer.weights] == [True, True, False, False]
    assert len(layer.trainable_weights) == 2 and len(layer.non_trainable_weights) == 2


def test_layer_normalization_matches_numpy():
    x = _f32(4, 6)
    out = layers.LayerNormalization()(x)
    want = (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-3)
    np.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-5)


def test_merging_layers():
    a, b = _f32(2, 3), _f32(2, 3, seed=1)
    np.testing.assert_allclose(layers.Add()([a, b]), a + b, rtol=1e-6)
    np.testing.assert_allclose(layers.Subtract()([a, b]), a - b, rtol=1e-6)
    np.testing.assert_allclose(layers.Multiply()([a, b]), a * b, rtol=1e-6)
    np.testing.assert_allclose(layers.Average()([a, b]), (a + b) / 2, rtol=1e-6)
    np.testing.assert_allclose(layers.Maximum()([a, b]), np.maximum(a, b), rtol=1e-6)
    np.testing.assert_allclose(layers.Concatenate()([a, b]), np.concatenate([a, b], -1))
    np.testing.assert_allclose(layers.concatenate([a, b], axis=0), np.concatenate([a, b]))


def test_conv2d_matches_a_numpy_correlation():
    layer = layers.Conv2D(2, 3, padding="valid", use_bias=False)
    x = _f32(1, 5, 5, 2)
    out = layer(x)
    (k,) = layer.get_weights()
    want = np.zeros((1, 3, 3, 2), "float32")
    for i in range(3):
        for j in range(3):
            want[0, i, j] = np.tensordot(x[0, i:i + 3, j:j + 3, :], k, axes=3)
    np.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-5)


def test_embedding_looks_up_rows():
    layer = layers.Embedding(6, 2)
    idx = np.array([[0, 5, 5]])
    out = layer(idx)
    (table,) = layer.get_weights()
    np.testing.assert_array_equal(out[0], table[[0, 5, 5]])
    assert np.all(np.abs(table) <= 0.05)  # "uniform" is ±0.05


CONFIG_LAYERS = [
    lambda: layers.Dense(3, activation="relu", kernel_regularizer="l2", name="d"),
    lambda: layers.Conv2D(4, (3, 2), strides=2, padding="same", activation="tanh"),
    lambda: layers.Conv2DTranspose(2, 3, strides=2, padding="same"),
    lambda: layers.Conv1D(2, 3, dilation_rate=2),
    lambda: layers.Dropout(0.3, seed=1),
    lambda: layers.BatchNormalization(momentum=0.9, epsilon=1e-5),
    lambda: layers.LayerNormalization(epsilon=1e-6),
    lambda: layers.Embedding(7, 2),
    lambda: layers.MaxPooling2D(3, strides=2, padding="same"),
    lambda: layers.GlobalAveragePooling2D(keepdims=True),
    lambda: layers.Reshape((2, 3)),
    lambda: layers.Flatten(),
    lambda: layers.Activation("softmax"),
    lambda: layers.Concatenate(axis=1),
]


@pytest.mark.parametrize("factory", CONFIG_LAYERS)
def test_config_round_trip(factory):
    layer = factory()
    config = layer.get_config()
    clone = type(layer).from_config(config)
    again = clone.get_config()
    config.pop("name")
    again.pop("name")
    assert again == config


def test_dense_config_uses_keras_names_and_serialized_initializers():
    config = layers.Dense(3, activation="relu").get_config()
    assert config["units"] == 3 and config["activation"] == "relu"
    assert config["kernel_initializer"]["class_name"] == "GlorotUniform"
    assert config["kernel_initializer"]["module"] == "keras.initializers"
    assert config["bias_initializer"]["class_name"] == "Zeros"
    assert config["use_bias"] is True and config["kernel_regularizer"] is None
    serialized = layers.serialize(layers.Dense(2))
    assert serialized["class_name"] == "Dense" and serialized["module"] == "keras.layers"
    assert isinstance(layers.deserialize(serialized), layers.Dense)


def test_custom_layer_with_add_weight_and_training_flag():
    class Scale(layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones",
                                     name="w")

        def call(self, x, training=None):
            return x * self.w * (2.0 if training else 1.0)

    layer = Scale()
    x = _f32(2, 3)
    np.testing.assert_allclose(layer(x), x)
    np.testing.assert_allclose(layer(x, training=True), 2 * x)
    assert [w.path for w in layer.weights] == ["scale/w"]
    layer.w.assign(np.full(3, 3.0))
    np.testing.assert_allclose(layer(x), 3 * x, rtol=1e-6)


def test_keras1_dense_spellings_warn_with_the_new_names():
    with pytest.warns(DeprecationWarning) as record:
        layer = layers.Dense(input_dim=4, output_dim=3)
    messages = [str(w.message) for w in record]
    assert "`output_dim` is deprecated in Dense; use `units` instead." in messages
    assert any(m.startswith("`input_dim` is deprecated in Dense; use `input_shape=(4,)`")
               for m in messages)
    assert layer.units == 3 and layer._batch_input_shape == (None, 4)
    with pytest.warns(DeprecationWarning, match="`init` is deprecated.*`kernel_initializer`"):
        layers.Dense(3, init="zeros")
    with pytest.warns(DeprecationWarning, match="`p` is deprecated.*`rate`"):
        assert layers.Dropout(p=0.25).rate == 0.25
    with pytest.warns(DeprecationWarning, match="`border_mode`.*`padding`"):
        assert layers.Conv2D(2, 3, border_mode="same").padding == "same"


def test_keras1_import_paths():
    from tensorweave.keras.layers.core import Dense, Activation, Dropout, Flatten  # noqa: F401
    from tensorweave.keras.layers import Convolution2D, MaxPool2D
    assert Convolution2D is layers.Conv2D and MaxPool2D is layers.MaxPooling2D
    assert Dense is layers.Dense


def test_initializer_strings_and_keras3_defaults(keras):
    init = keras.initializers
    assert isinstance(init.get("glorot_uniform"), init.GlorotUniform)
    assert isinstance(init.get("he_normal"), init.HeNormal)
    assert init.RandomNormal().stddev == 0.05
    assert init.RandomUniform().get_config() == {"minval": -0.05, "maxval": 0.05,
                                                   "seed": None}
    layer = layers.Dense(400, kernel_initializer=init.HeNormal(seed=1),
                         bias_initializer=init.Constant(0.5))
    layer(_f32(1, 100))
    kernel, bias = layer.get_weights()
    np.testing.assert_allclose(kernel.std(), np.sqrt(2 / 100), rtol=0.1)
    np.testing.assert_array_equal(bias, 0.5)


def test_regularizers_add_losses(keras):
    layer = layers.Dense(2, kernel_regularizer=keras.regularizers.l2(0.1),
                         kernel_initializer="ones")
    layer(_f32(1, 3))
    (loss,) = layer.losses
    value = keras.backend.get_session().run(loss)
    np.testing.assert_allclose(value, 0.1 * 6, rtol=1e-6)
    assert keras.regularizers.get("l1").l1 == 0.01


def test_variable_assign_and_numpy(keras):
    v = keras.Variable(np.arange(3, dtype="float32"), name="v")
    np.testing.assert_array_equal(v.numpy(), [0, 1, 2])
    v.assign([5, 6, 7])
    np.testing.assert_array_equal(np.asarray(v), [5, 6, 7])
    v.assign_add(np.ones(3))
    assert v.numpy().tolist() == [6, 7, 8]
    with pytest.raises(ValueError, match="must match"):
        v.assign(np.zeros(4))


def test_no_warning_for_keras3_arguments():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        layers.Dense(3, activation="relu", input_shape=(4,))
        layers.Dropout(0.1)


def test_keras_layers_on_tf1_placeholders_run_in_a_tf1_session():
    import tensorweave.compat.v1 as tf
    x = tf.placeholder(tf.float32, (None, 4))
    dense = layers.Dense(3, activation="relu")
    y = dense(x)
    assert y.shape.as_list() == [None, 3]
    assert dense.kernel.variable in tf.trainable_variables()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        kernel, bias = sess.run([dense.kernel.value, dense.bias.value])
        data = np.ones((2, 4), "float32")
        np.testing.assert_allclose(sess.run(y, {x: data}),
                                   np.maximum(data @ kernel + bias, 0), rtol=1e-6)


def test_symbolic_shapes_are_tuples_as_in_keras_3():
    import json
    x = keras.Input((3,))
    y = keras.layers.Dense(7)(x)
    assert x.shape == (None, 3) and x.shape[0] is None and y.shape[-1] == 7
    assert isinstance(y.shape[-1], int) and repr(y.shape) == "(None, 7)"
    assert json.dumps(list(y.shape)) == "[null, 7]"
    assert y.shape[1:] == (7,) and y.shape.as_list() == [None, 7] and y.shape.ndims == 2
    z = keras.layers.Reshape((y.shape[-1], 1))(y)
    assert keras.Model(x, z).output.shape == (None, 7, 1)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5)])
    assert model.layers[0].output.shape == (None, 5)
    with pytest.raises(AttributeError, match="never been called"):
        keras.Sequential([keras.layers.Dense(2)]).output
    import tensorweave.compat.v1 as tf  # graph tensors keep TF's TensorShape
    assert isinstance(tf.placeholder(tf.float32, [None, 3]).shape, tf.TensorShape)
