"""Keras 3's reshaping, activation and noise layers (``ZeroPadding2D``, ``UpSampling2D``,
``TimeDistributed``, ``PReLU``, ``SpatialDropout2D`` …): values against NumPy, configs and
output shapes as Keras 3.15 records them (TF backend; Keras is not needed here)."""

import numpy as np
import pytest

from tensorweave import keras

L = keras.layers
RNG = np.random.default_rng(0)
X4 = RNG.standard_normal((2, 5, 6, 3)).astype(np.float32)
X3 = RNG.standard_normal((2, 7, 4)).astype(np.float32)
X2 = RNG.standard_normal((2, 4)).astype(np.float32)


def _cases():
    return {
        "zp2": (L.ZeroPadding2D(1), X4), "zp2b": (L.ZeroPadding2D(((1, 2), (0, 3))), X4),
        "zp2c": (L.ZeroPadding2D((2, 1), data_format="channels_first"), X4),
        "zp1": (L.ZeroPadding1D((1, 2)), X3), "crop2": (L.Cropping2D(((1, 0), (2, 1))), X4),
        "crop1": (L.Cropping1D((2, 1)), X3), "up2": (L.UpSampling2D(), X4),
        "up2b": (L.UpSampling2D((2, 3), interpolation="bilinear"), X4),
        "up2c": (L.UpSampling2D(3, interpolation="bilinear"), X4),
        "up1": (L.UpSampling1D(3), X3), "rep": (L.RepeatVector(3), X2),
        "perm": (L.Permute((2, 1)), X3), "perm3": (L.Permute((3, 1, 2)), X4),
        "elu": (L.ELU(0.7), X3),
        "prelu": (L.PReLU(alpha_initializer=keras.initializers.Constant(0.25)), X3),
        "prelu_sh": (L.PReLU(alpha_initializer=keras.initializers.Constant(0.1),
                             shared_axes=[1, 2]), X4),
        "resc": (L.Rescaling(1 / 255.0, offset=-0.5), X3), "ident": (L.Identity(), X3),
        "sdrop": (L.SpatialDropout2D(0.3), X4), "gnoise": (L.GaussianNoise(0.2), X3),
        "gdrop": (L.GaussianDropout(0.2), X3), "actreg": (L.ActivityRegularization(0.1, 0.01), X3),
    }


# recorded from Keras 3.15: get_config() without name/dtype/trainable, compute_output_shape
CONFIGS = {'zp2': {'padding': [[1, 1], [1, 1]], 'data_format': 'channels_last'},
           'zp2b': {'padding': [[1, 2], [0, 3]], 'data_format': 'channels_last'},
           'zp2c': {'padding': [[2, 2], [1, 1]], 'data_format': 'channels_first'},
           'zp1': {'padding': [1, 2], 'data_format': 'channels_last'},
           'crop2': {'cropping': [[1, 0], [2, 1]], 'data_format': 'channels_last'},
           'crop1': {'cropping': [2, 1]},
           'up2': {'size': [2, 2], 'data_format': 'channels_last', 'interpolation': 'nearest'},
           'up2b': {'size': [2, 3], 'data_format': 'channels_last', 'interpolation': 'bilinear'},
           'up2c': {'size': [3, 3], 'data_format': 'channels_last', 'interpolation': 'bilinear'},
           'up1': {'size': 3},
           'rep': {'n': 3},
           'perm': {'dims': [2, 1]},
           'perm3': {'dims': [3, 1, 2]},
           'elu': {'alpha': 0.7},
           'prelu': {'alpha_initializer': {'module': 'keras.initializers',
                                           'class_name': 'Constant',
                                           'config': {'value': 0.25},
                                           'registered_name': None},
                     'alpha_regularizer': None,
                     'alpha_constraint': None,
                     'shared_axes': None},
           'prelu_sh': {'alpha_initializer': {'module': 'keras.initializers',
                                              'class_name': 'Constant',
                                              'config': {'value': 0.1},
                                              'registered_name': None},
                        'alpha_regularizer': None,
                        'alpha_constraint': None,
                        'shared_axes': [1, 2]},
           'resc': {'scale': 0.00392156862745098, 'offset': -0.5},
           'ident': {},
           'sdrop': {'rate': 0.3, 'seed': None, 'data_format': 'channels_last'},
           'gnoise': {'stddev': 0.2, 'seed': None},
           'gdrop': {'rate': 0.2, 'seed': None},
           'actreg': {'l1': 0.1, 'l2': 0.01}}
SHAPES = {'zp2': [2, 7, 8, 3],
          'zp2b': [2, 8, 9, 3],
          'zp2c': [2, 5, 10, 5],
          'zp1': [2, 10, 4],
          'crop2': [2, 4, 3, 3],
          'crop1': [2, 4, 4],
          'up2': [2, 10, 12, 3],
          'up2b': [2, 10, 18, 3],
          'up2c': [2, 15, 18, 3],
          'up1': [2, 21, 4],
          'rep': [2, 3, 4],
          'perm': [2, 4, 7],
          'perm3': [2, 3, 5, 6],
          'elu': [2, 7, 4],
          'prelu': [2, 7, 4],
          'prelu_sh': [2, 5, 6, 3],
          'resc': [2, 7, 4],
          'ident': [2, 7, 4],
          'sdrop': [2, 5, 6, 3],
          'gnoise': [2, 7, 4],
          'gdrop': [2, 7, 4],
          'actreg': [2, 7, 4]}


def json_like(value):
    if isinstance(value, (list, tuple)):
        return [json_like(v) for v in value]
    if isinstance(value, dict):
        return {k: json_like(v) for k, v in value.items()}
    return value


def test_configs_and_output_shapes_as_keras_3():
    for name, (layer, x) in _cases().items():
        y = np.asarray(layer(x))
        config = {k: v for k, v in layer.get_config().items()
                  if k not in ("name", "dtype", "trainable")}
        assert json_like(config) == CONFIGS[name], name
        shape = [None if d is None else int(d) for d in layer.compute_output_shape(x.shape)]
        assert shape == SHAPES[name] and list(y.shape) == SHAPES[name], name
        same = type(layer).from_config(layer.get_config())
        assert json_like(same.get_config()) == json_like(layer.get_config())


def test_values_against_numpy():
    np.testing.assert_array_equal(L.ZeroPadding2D(((1, 2), (0, 3)))(X4),
                                  np.pad(X4, ((0, 0), (1, 2), (0, 3), (0, 0))))
    np.testing.assert_array_equal(L.Cropping2D(((1, 0), (2, 1)))(X4), X4[:, 1:, 2:-1])
    np.testing.assert_array_equal(L.Cropping1D((2, 1))(X3), X3[:, 2:-1])
    np.testing.assert_array_equal(L.UpSampling2D((2, 3))(X4),
                                  X4.repeat(2, axis=1).repeat(3, axis=2))
    np.testing.assert_array_equal(L.UpSampling1D(3)(X3), X3.repeat(3, axis=1))
    np.testing.assert_array_equal(L.RepeatVector(3)(X2), np.stack([X2] * 3, 1))
    np.testing.assert_array_equal(L.Permute((3, 1, 2))(X4), X4.transpose(0, 3, 1, 2))
    np.testing.assert_allclose(L.ELU(0.7)(X3), np.where(X3 > 0, X3, 0.7 * np.expm1(X3)),
                               rtol=1e-6, atol=1e-7)
    prelu = L.PReLU(alpha_initializer=keras.initializers.Constant(0.25))
    np.testing.assert_allclose(prelu(X3), np.where(X3 > 0, X3, 0.25 * X3), rtol=1e-6)
    assert prelu.get_weights()[0].shape == (7, 4)
    shared = L.PReLU(shared_axes=[1, 2])
    shared(X4)
    assert shared.get_weights()[0].shape == (1, 1, 3)
    np.testing.assert_allclose(L.Rescaling(1 / 255.0, offset=-0.5)(np.uint8([[0, 255]])),
                               [[-0.5, 0.5]], rtol=1e-6)


def test_bilinear_upsampling_as_tf_image_resize():
    x = np.arange(6, dtype=np.float32).reshape(1, 2, 3, 1) ** 2
    # recorded from Keras 3.15 (tf.image.resize, half-pixel centres)
    want = [[0.0, 0.0, 0.333333, 0.666667, 1.0, 2.0, 3.0, 4.0, 4.0],
            [2.25, 2.25, 3.083334, 3.916667, 4.75, 6.25, 7.75, 9.25, 9.25],
            [6.75, 6.75, 8.583334, 10.416667, 12.25, 14.75, 17.25, 19.75, 19.75],
            [9.0, 9.0, 11.333334, 13.666667, 16.0, 19.0, 22.0, 25.0, 25.0]]
    out = L.UpSampling2D((2, 3), interpolation="bilinear")(x)
    np.testing.assert_allclose(np.asarray(out)[0, :, :, 0], want, rtol=1e-6, atol=1e-6)


def test_noise_layers_train_only():
    x = np.ones((64, 4, 4, 8), np.float32)
    for layer in (L.SpatialDropout2D(0.5, seed=1), L.GaussianNoise(0.3, seed=2),
                  L.GaussianDropout(0.3, seed=3)):
        np.testing.assert_array_equal(layer(x), x)
    dropped = np.asarray(L.SpatialDropout2D(0.5, seed=1)(x, training=True))
    per_map = dropped.reshape(64, 16, 8)
    assert (per_map == per_map[:, :1]).all()  # whole feature maps kept or dropped
    assert 0.3 < (per_map[:, 0] == 0).mean() < 0.7 and set(np.unique(dropped)) <= {0.0, 2.0}
    noisy = np.asarray(L.GaussianNoise(0.3, seed=2)(x, training=True))
    assert 0.25 < (noisy - 1).std() < 0.35
    scaled = np.asarray(L.GaussianDropout(0.3, seed=3)(x, training=True))
    assert abs(scaled.mean() - 1) < 0.05 and 0.6 < scaled.std() < 0.7  # sqrt(.3/.7) = .65


def test_activity_regularization_adds_its_penalty():
    layer = L.ActivityRegularization(0.1, 0.01)
    layer(X3)
    # Keras divides an activity penalty by the batch size (2 here)
    want = (0.1 * np.abs(X3).sum() + 0.01 * np.square(X3).sum()) / 2
    np.testing.assert_allclose(float(np.asarray(layer.losses[0])), want, rtol=1e-5)


def test_time_distributed_applies_the_layer_to_each_step():
    dense = L.Dense(2, kernel_initializer="ones")
    td = L.TimeDistributed(dense)
    y = np.asarray(td(X3))
    np.testing.assert_allclose(y, np.repeat(X3.sum(-1, keepdims=True), 2, -1), rtol=1e-5)
    assert td.compute_output_shape((None, 7, 4)) == (None, 7, 2)
    model = keras.Sequential([keras.Input((None, 4)), L.TimeDistributed(L.Dense(3)),
                              L.GlobalAveragePooling1D(), L.Dense(1)])
    model.compile("adam", "mse")
    model.fit(X3, np.ones((2, 1)), epochs=1, verbose=0)
    assert model.predict(X3[:, :5], verbose=0).shape == (2, 1)
    clone = L.TimeDistributed.from_config(td.get_config())
    assert isinstance(clone.layer, L.Dense) and clone.layer.units == 2
    with pytest.raises(ValueError, match="keras.layers.Layer"):
        L.TimeDistributed(lambda x: x)


def test_normalization_adapts_as_keras():
    # recorded from Keras 3.15 on the same data
    rng = np.random.default_rng(0)
    data = (rng.standard_normal((50, 4)) * [1, 10, 100, 0.1] + [0, 5, -3, 2]).astype(np.float32)
    norm = L.Normalization(axis=-1)
    norm.adapt(data)
    mean, variance, count = norm.get_weights()
    np.testing.assert_allclose(mean, [0.0012, 5.969, -17.2837, 2.0106], atol=1e-4)
    np.testing.assert_allclose(variance, [0.8597, 70.7139, 10108.365, 0.0108], rtol=5e-3)
    assert count == 0
    np.testing.assert_allclose(norm(data[:2]), [[0.13426, -0.27233, 0.77905, -0.00081],
                                                [-0.57908, 0.31477, 1.43906, 0.81042]],
                               atol=2e-5)
    whole = L.Normalization(axis=None)
    whole.adapt(data)
    np.testing.assert_allclose(whole(data[:1]), [[0.04785, 0.11722, 1.23701, 0.08465]],
                               atol=2e-5)
    fixed = L.Normalization(mean=[1., 2., 3., 4.], variance=[1., 4., 9., 16.])
    np.testing.assert_allclose(fixed(np.ones((1, 4), np.float32)),
                               [[0.0, -0.5, -0.66667, -0.75]], atol=1e-5)
    undo = L.Normalization(mean=2.0, variance=4.0, invert=True)
    np.testing.assert_allclose(undo(np.ones((1, 3), np.float32)), [[4.0, 4.0, 4.0]])
    model = keras.Sequential([keras.Input((4,)), norm, L.Dense(1, kernel_initializer="ones")])
    model.compile("sgd", "mse")
    np.testing.assert_allclose(model.predict(data[:2], verbose=0), [[0.6402], [1.9852]],
                               atol=1e-4)
    assert norm.get_config()["axis"] == (-1,) and norm.get_config()["mean"] is None
    with pytest.raises(ValueError, match="both `mean` and `variance`"):
        L.Normalization(mean=1.0)


def test_upsampling_keeps_static_shapes_with_an_unknown_batch():
    model = keras.Sequential([keras.Input((8, 8, 3)), L.UpSampling2D(2), L.Conv2D(4, 3)])
    assert model.output_shape == (None, 14, 14, 4)
    seq = keras.Sequential([keras.Input((10, 2)), L.UpSampling1D(2), L.Dense(3)])
    assert seq.output_shape == (None, 20, 3)
    assert seq.predict(np.ones((2, 10, 2), np.float32), verbose=0).shape == (2, 20, 3)


def test_masking_skips_all_zero_steps_as_keras():
    # recorded from Keras 3.15 (an LSTM of ones after Masking; a masked average)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 5, 2)).astype(np.float32)
    x[0, 3:] = 0
    x[1, :2] = 0
    inp = keras.Input((5, 2))
    lstm = L.LSTM(3, kernel_initializer="ones", recurrent_initializer="ones")
    model = keras.Model(inp, lstm(L.Masking(0.0)(inp)))
    np.testing.assert_allclose(model.predict(x, verbose=0)[:, 0], [0.40511, 0.29964, 0.87344],
                               atol=2e-5)
    pooled = keras.Sequential([keras.Input((5, 2)), L.Masking(), L.GlobalAveragePooling1D()])
    np.testing.assert_allclose(pooled.predict(x, verbose=0),
                               [[0.07683, 0.11146], [-0.45951, -0.00202], [-0.2183, 0.22209]],
                               atol=2e-5)
    assert L.Masking(mask_value=-1.0).get_config()["mask_value"] == -1.0


def test_resizing_as_keras():
    # recorded from Keras 3.15 (TF backend)
    img = np.arange(2 * 4 * 6 * 1, dtype=np.float32).reshape(2, 4, 6, 1) ** 1.3
    u8 = (img % 255).astype(np.uint8)
    want = {"bilinear": ([[2.318, 5.458, 9.447], [19.043, 24.257, 29.767],
                          [41.446, 47.673, 54.097]],
                         [[67, 74, 81], [96, 104, 110], [126, 134, 143]]),
            "nearest": ([[1.0, 4.171, 8.103], [28.062, 33.8, 39.773], [45.96, 52.346, 58.918]],
                        [[65, 72, 79], [109, 117, 124], [132, 140, 149]]),
            "crop": ([[3.194, 5.458, 8.044], [20.741, 24.257, 27.896], [43.496, 47.673, 51.932]],
                     [[69, 74, 79], [98, 104, 108], [129, 134, 140]])}
    for name, (floats, ints) in want.items():
        layer = L.Resizing(3, 3, interpolation="nearest") if name == "nearest" else \
            L.Resizing(3, 3, crop_to_aspect_ratio=name == "crop")
        y, y8 = np.asarray(layer(img)), np.asarray(layer(u8))
        assert y.dtype == np.float32 and y8.dtype == np.uint8 and y.shape == (2, 3, 3, 1)
        np.testing.assert_allclose(y[0, :, :, 0], floats, atol=1e-3)
        assert y8[1, :, :, 0].tolist() == ints
    model = keras.Sequential([keras.Input((4, 6, 1)), L.Resizing(2, 3), L.Flatten()])
    assert model.output_shape == (None, 6)
