"""keras layers, optimizers and the compile/fit/evaluate/predict loop against Keras 3
semantics, value by value.

Expected values are computed here with NumPy from Keras 3's documented rules
(``keras/src/layers/**``, ``keras/src/optimizers/*.py``, ``keras/src/trainers/trainer.py``,
``keras/src/backend/tensorflow/trainer.py``, ``trainers/data_adapters``). Known deviations
are strict xfails whose reason says what Keras does and what tensorweave does instead.
"""
import warnings

import numpy as np
import pytest

from tensorweave import keras
from tensorweave.keras import layers
from tensorweave.ops.creation import constant
from tensorweave.ops.state import placeholder

TIGHT = {"rtol": 1e-5, "atol": 1e-6}


def _f32(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


def close(got, want, **kw):
    np.testing.assert_allclose(np.asarray(got, np.float64), np.asarray(want, np.float64),
                               **{**TIGHT, **kw})


def run(t):
    return keras.backend.get_session().run(t)


# ================================================================================= layers ====

def test_dense_forward_initializers_and_config_defaults():
    x = _f32(4, 200)
    layer = layers.Dense(300, activation="tanh")
    out = layer(x)
    kernel, bias = layer.get_weights()
    close(out, np.tanh(x.astype(np.float64) @ kernel + bias))
    # glorot_uniform: U(-l, l), l = sqrt(6 / (fan_in + fan_out)); bias zeros
    limit = np.sqrt(6.0 / (200 + 300))
    assert np.abs(kernel).max() <= limit and np.abs(kernel).max() > 0.95 * limit
    assert kernel.std() == pytest.approx(limit / np.sqrt(3), rel=0.03)
    np.testing.assert_array_equal(bias, np.zeros(300, "float32"))
    config = layers.Dense(3).get_config()
    assert config["units"] == 3 and config["activation"] == "linear"
    assert config["use_bias"] is True and config["trainable"] is True
    for key in ("kernel_regularizer", "bias_regularizer", "kernel_constraint",
                "bias_constraint"):
        assert config[key] is None, key
    assert config["kernel_initializer"]["class_name"] == "GlorotUniform"
    assert config["bias_initializer"]["class_name"] == "Zeros"


def test_dense_without_bias_and_on_rank3_inputs():
    layer = layers.Dense(2, use_bias=False, kernel_initializer="ones")
    x = _f32(3, 5, 4)
    out = layer(x)
    assert layer.bias is None and [w.name for w in layer.weights] == ["kernel"]
    assert layer.count_params() == 8
    assert out.shape == (3, 5, 2)
    close(out, np.repeat(x.sum(-1, keepdims=True), 2, axis=-1))


def _same_pads(n, k, s, d):
    eff = (k - 1) * d + 1
    out = -(-n // s)
    total = max((out - 1) * s + eff - n, 0)
    return out, total // 2, total - total // 2  # TF "SAME": the extra pixel goes after


def _np_conv2d(x, w, strides, padding, dilation):
    n, h, wd, _ = x.shape
    kh, kw, _, f = w.shape
    (sh, sw), (dh, dw) = strides, dilation
    if padding == "same":
        oh, top, bottom = _same_pads(h, kh, sh, dh)
        ow, left, right = _same_pads(wd, kw, sw, dw)
        x = np.pad(x, [(0, 0), (top, bottom), (left, right), (0, 0)])
    else:
        oh = (h - ((kh - 1) * dh + 1)) // sh + 1
        ow = (wd - ((kw - 1) * dw + 1)) // sw + 1
    out = np.zeros((n, oh, ow, f))
    for i in range(oh):
        for j in range(ow):
            patch = x[:, i * sh:i * sh + (kh - 1) * dh + 1:dh,
                      j * sw:j * sw + (kw - 1) * dw + 1:dw, :]
            out[:, i, j] = np.tensordot(patch, w, axes=3)
    return out


CONV_CASES = [  # (h, w, kernel, strides, padding, dilation, expected (oh, ow))
    (5, 5, 2, 1, "same", 1, (5, 5)),        # even kernel: pad 0 before, 1 after
    (6, 6, 3, 2, "same", 1, (3, 3)),        # stride 2 on even size: pad 0 / 1
    (7, 6, 4, 2, "same", 1, (4, 3)),
    (6, 7, (2, 3), (2, 1), "same", 1, (3, 7)),
    (8, 8, 3, 3, "valid", 1, (2, 2)),
    (7, 7, 3, 1, "valid", 2, (3, 3)),       # dilated: effective kernel 5
    (7, 7, 3, 1, "same", 2, (7, 7)),
]


@pytest.mark.parametrize("h, w, k, s, padding, d, hw", CONV_CASES)
def test_conv2d_padding_strides_dilation_match_numpy(h, w, k, s, padding, d, hw):
    layer = layers.Conv2D(2, k, strides=s, padding=padding, dilation_rate=d,
                          bias_initializer="ones")
    x = _f32(2, h, w, 3)
    out = layer(x)
    kernel, bias = layer.get_weights()
    ks = (k, k) if isinstance(k, int) else k
    ss = (s, s) if isinstance(s, int) else s
    assert kernel.shape == ks + (3, 2)
    assert out.shape == (2,) + hw + (2,)
    assert tuple(layer.compute_output_shape((None, h, w, 3))) == (None,) + hw + (2,)
    want = _np_conv2d(x.astype(np.float64), kernel.astype(np.float64), ss, padding,
                      (d, d)) + bias
    close(out, want)


def test_conv2d_defaults_and_channels_first_agree():
    layer = layers.Conv2D(2, 3, padding="same", strides=2)
    config = layer.get_config()
    assert (config["strides"], config["padding"], config["data_format"],
            config["dilation_rate"], config["groups"]) == ((2, 2), "same", "channels_last",
                                                           (1, 1), 1)
    default = layers.Conv2D(1, 1).get_config()
    assert (default["strides"], default["padding"], default["data_format"]) == \
        ((1, 1), "valid", "channels_last")
    x = _f32(2, 6, 6, 3)
    last = layer(x)
    first = layers.Conv2D(2, 3, padding="same", strides=2, data_format="channels_first")
    first(x.transpose(0, 3, 1, 2))
    first.set_weights(layer.get_weights())
    close(np.asarray(first(x.transpose(0, 3, 1, 2))).transpose(0, 2, 3, 1), last)


def test_pooling_defaults_and_same_padding_average():
    x = np.arange(25, dtype="float32").reshape(1, 5, 5, 1)
    pool = layers.MaxPooling2D()
    assert (pool.pool_size, pool.strides, pool.padding) == ((2, 2), (2, 2), "valid")
    np.testing.assert_array_equal(pool(x)[0, :, :, 0], [[6, 8], [16, 18]])
    np.testing.assert_array_equal(layers.AveragePooling2D(2)(x)[0, :, :, 0],
                                  [[3, 5], [13, 15]])
    # Keras 3.15 has no default pool_size for the average poolings (recorded: TypeError)
    with pytest.raises(TypeError):
        layers.AveragePooling2D()
    with pytest.raises(TypeError):
        layers.AveragePooling1D()
    # strides=None means strides=pool_size
    three = layers.MaxPooling2D(3)
    assert three.strides == (3, 3)
    assert three(x).shape == (1, 1, 1, 1) and three(x)[0, 0, 0, 0] == 12
    # "same": 5x5 → 3x3, one padded row/column after (TF rule); the average counts only
    # the real cells
    avg = layers.AveragePooling2D(2, padding="same")(x)[0, :, :, 0]
    np.testing.assert_allclose(avg, [[3, 5, 6.5], [13, 15, 16.5], [20.5, 22.5, 24]])
    mx = layers.MaxPooling2D(2, padding="same")(x)[0, :, :, 0]
    np.testing.assert_array_equal(mx, [[6, 8, 9], [16, 18, 19], [21, 23, 24]])


def test_global_average_pooling_flatten_and_reshape_values():
    x = _f32(2, 3, 4, 5)
    close(layers.GlobalAveragePooling2D()(x), x.mean(axis=(1, 2)))
    close(layers.GlobalAveragePooling2D(keepdims=True)(x), x.mean(axis=(1, 2), keepdims=True))
    np.testing.assert_array_equal(layers.Flatten()(x), x.reshape(2, -1))
    np.testing.assert_array_equal(layers.Reshape((-1, 5))(x), x.reshape(2, 12, 5))
    np.testing.assert_array_equal(layers.Reshape((5, 12))(x), x.reshape(2, 5, 12))


def test_dropout_rate_training_flag_and_noise_shape():
    x = np.ones((400, 4), "float32")
    layer = layers.Dropout(0.25, seed=5)
    np.testing.assert_array_equal(layer(x), x)
    np.testing.assert_array_equal(layer(x, training=False), x)
    out = np.asarray(layer(x, training=True))
    close(np.unique(out), [0.0, 1 / 0.75])
    assert 0.2 < (out == 0).mean() < 0.3
    np.testing.assert_array_equal(layers.Dropout(0.0)(x, training=True), x)
    # noise_shape (None, 1): one draw per row, broadcast over the features
    rows = np.asarray(layers.Dropout(0.5, noise_shape=(None, 1), seed=2)(x, training=True))
    assert all(len(set(r.tolist())) == 1 for r in rows)
    assert 0.35 < (rows[:, 0] == 0).mean() < 0.65
    config = layers.Dropout(0.3, noise_shape=(None, 1), seed=7).get_config()
    assert (config["rate"], config["noise_shape"], config["seed"]) == (0.3, (None, 1), 7)


def test_batch_normalization_defaults_and_weight_names():
    layer = layers.BatchNormalization()
    assert (layer.momentum, layer.epsilon, layer.axis, layer.center, layer.scale) == \
        (0.99, 1e-3, -1, True, True)
    layer(_f32(2, 3))
    assert [w.name for w in layer.weights] == ["gamma", "beta", "moving_mean",
                                               "moving_variance"]
    plain = layers.BatchNormalization(center=False, scale=False)
    plain(_f32(2, 3))
    assert [w.name for w in plain.weights] == ["moving_mean", "moving_variance"]
    assert plain.count_params() == 6 and plain.trainable_weights == []


def test_batch_normalization_training_and_inference_formulas():
    layer = layers.BatchNormalization(axis=-1, epsilon=0.01)
    x = _f32(4, 3, 2, 5) * 2 + 3
    layer(x)
    gamma = np.linspace(0.5, 2.0, 5).astype("float32")
    beta = np.linspace(-1, 1, 5).astype("float32")
    mm = np.linspace(1, 4, 5).astype("float32")
    mv = np.linspace(0.5, 3, 5).astype("float32")
    layer.set_weights([gamma, beta, mm, mv])
    x64 = x.astype(np.float64)
    close(layer(x), gamma * (x64 - mm) / np.sqrt(mv + 0.01) + beta)
    mean, var = x64.mean(axis=(0, 1, 2)), x64.var(axis=(0, 1, 2))  # biased variance
    close(layer(x, training=True), gamma * (x64 - mean) / np.sqrt(var + 0.01) + beta,
          rtol=1e-4, atol=1e-5)
    # axis=1 normalizes per channel of (batch, channels, h, w)
    first = layers.BatchNormalization(axis=1, center=False, scale=False)
    xt = x.transpose(0, 3, 1, 2).astype(np.float64)
    m1, v1 = xt.mean(axis=(0, 2, 3), keepdims=True), xt.var(axis=(0, 2, 3), keepdims=True)
    close(first(xt.astype("float32"), training=True), (xt - m1) / np.sqrt(v1 + 1e-3),
          rtol=1e-4, atol=1e-5)


def _bn_model(momentum=0.99):
    bn = layers.BatchNormalization(momentum=momentum)
    model = keras.Sequential([keras.Input((3,)), bn])
    model.compile(keras.optimizers.SGD(0.0), "mse")
    return model, bn


def test_batch_normalization_moving_statistics_follow_the_keras3_rule_in_fit():
    model, bn = _bn_model()
    x = (_f32(16, 3, seed=3) * np.array([1.0, 2.0, 3.0]) + np.array([5, -1, 2])).astype(
        "float32")
    model.fit(x, np.zeros_like(x), batch_size=8, shuffle=False, verbose=0)
    mean, var = np.zeros(3), np.ones(3)
    for batch in (x[:8], x[8:]):
        b = batch.astype(np.float64)
        mean = mean * 0.99 + b.mean(0) * 0.01
        var = var * 0.99 + b.var(0) * 0.01  # the biased (divide by n) batch variance
    close(bn.moving_mean.numpy(), mean)
    close(bn.moving_variance.numpy(), var)
    # inference (predict/evaluate) uses the moving statistics and leaves them alone
    close(model.predict(x, verbose=0), (x - mean) / np.sqrt(var + 1e-3), rtol=1e-4)
    model.evaluate(x, np.zeros_like(x), verbose=0)
    close(bn.moving_mean.numpy(), mean)


def test_frozen_batch_normalization_runs_in_inference_mode():
    bn = layers.BatchNormalization(momentum=0.5)
    model = keras.Sequential([keras.Input((3,)), bn, layers.Dense(1)])
    bn.trainable = False
    model.compile(keras.optimizers.SGD(0.1), "mse")
    x = _f32(16, 3) * 3 + 2
    model.fit(x, np.zeros((16, 1), "float32"), batch_size=8, verbose=0)
    np.testing.assert_array_equal(bn.moving_mean.numpy(), np.zeros(3))
    np.testing.assert_array_equal(bn.moving_variance.numpy(), np.ones(3))
    close(bn(x, training=True), x / np.sqrt(1 + 1e-3))


def test_batch_normalization_direct_training_call_updates_moving_statistics():
    layer = layers.BatchNormalization(momentum=0.5)
    x = _f32(32, 3) * 2 + 1
    layer(x, training=True)
    close(layer.moving_mean.numpy(), 0.5 * x.astype(np.float64).mean(0))
    close(layer.moving_variance.numpy(), 0.5 + 0.5 * x.astype(np.float64).var(0))


def test_embedding_lookup_with_mask_zero_still_returns_row_zero():
    layer = layers.Embedding(5, 3, mask_zero=True)
    idx = np.array([[0, 2, 4], [1, 0, 0]])
    out = layer(idx)
    (table,) = layer.get_weights()
    np.testing.assert_array_equal(out, table[idx])
    assert layer.get_config()["mask_zero"] is True
    assert [w.path for w in layer.weights] == ["embedding/embeddings"]


def test_embedding_mask_zero_computes_the_mask():
    layer = layers.Embedding(5, 3, mask_zero=True)
    idx = np.array([[0, 2, 4], [1, 0, 0]])
    np.testing.assert_array_equal(np.asarray(layer.compute_mask(idx)), idx != 0)
    assert layers.Embedding(5, 3).compute_mask(idx) is None


_TOKENS = np.array([[3, 5, 0, 0], [1, 2, 7, 0], [4, 0, 0, 0], [6, 2, 3, 1]], "int32")


def _seeded_weights(model, seed):
    rng = np.random.default_rng(seed)
    model.set_weights([(rng.normal(size=w.shape) * 0.3).astype("float32")
                       for w in model.get_weights()])


def test_embedding_mask_flows_to_the_loss_and_metrics():
    # Keras 3.15: the mask of Embedding(mask_zero=True) passes through Dense/Dropout to the
    # model output; the loss and accuracy skip the padded steps (values recorded from Keras;
    # the JAX backend's fit-time accuracy drops the mask, the TF backend's gives 0.3 too)
    model = keras.Sequential([keras.Input((4,), dtype="int32"),
                              layers.Embedding(8, 3, mask_zero=True),
                              layers.Dense(5, activation="relu"), layers.Dropout(0.0),
                              layers.Dense(3)])
    _seeded_weights(model, 0)
    model.compile(keras.optimizers.SGD(0.1),
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    targets = (_TOKENS % 3).astype("int64")
    history = model.fit(_TOKENS, targets, batch_size=2, epochs=2, verbose=0, shuffle=False)
    close(history.history["loss"], [1.1283331, 1.1153877], rtol=1e-5)
    close(history.history["accuracy"], [0.3, 0.3], rtol=1e-6)
    close(model.evaluate(_TOKENS, targets, verbose=0), [1.1051985, 0.3], rtol=1e-5)


def test_global_average_pooling_1d_averages_the_unmasked_steps():
    inp = keras.Input((4,), dtype="int32")
    emb = layers.Embedding(8, 3, mask_zero=True)(inp)
    out = layers.Dense(1, activation="sigmoid")(layers.GlobalAveragePooling1D()(emb))
    model = keras.Model(inp, out)
    _seeded_weights(model, 1)
    close(model.predict(_TOKENS, verbose=0).ravel(),
          [0.43944988, 0.46961737, 0.52206594, 0.48913166], rtol=1e-5)


def test_a_layer_without_mask_support_warns_and_drops_the_mask():
    inp = keras.Input((4,), dtype="int32")
    emb = layers.Embedding(8, 3, mask_zero=True)(inp)
    assert emb._keras_mask is not None
    with pytest.warns(UserWarning, match="does not support masking"):
        flat = layers.Flatten()(emb)
    assert getattr(flat, "_keras_mask", None) is None


def test_relu_layer():
    x = np.array([[-3.0, -1.0, 0.0, 0.5, 2.0, 8.0]], "float32")
    close(layers.ReLU()(x), np.maximum(x, 0))
    close(layers.ReLU(max_value=6.0)(x), np.clip(x, 0, 6))
    close(layers.ReLU(negative_slope=0.1, threshold=1.0)(x),
          np.where(x > 1.0, x, 0.1 * (x - 1.0)))


def test_leaky_relu_layer_default_slope_is_0_3():
    x = np.array([[-2.0, -0.5, 0.0, 1.5]], "float32")
    layer = layers.LeakyReLU()
    assert layer.negative_slope == pytest.approx(0.3)
    close(layer(x), np.where(x > 0, x, 0.3 * x))
    close(layers.LeakyReLU(negative_slope=0.1)(x), np.where(x > 0, x, 0.1 * x))


def test_softmax_layer_axis():
    x = _f32(2, 3, 4)

    def softmax(v, axis):
        e = np.exp(v - v.max(axis, keepdims=True))
        return e / e.sum(axis, keepdims=True)
    close(layers.Softmax()(x), softmax(x, -1))
    close(layers.Softmax(axis=1)(x), softmax(x, 1))


def test_activation_layer_softmax_on_rank3_is_over_the_last_axis():
    x = _f32(2, 3, 4).astype(np.float64)
    e = np.exp(x - x.max(-1, keepdims=True))
    close(layers.Activation("softmax")(x.astype("float32")), e / e.sum(-1, keepdims=True))


def test_concatenate_axis_and_add_of_three_inputs():
    a, b = _f32(2, 3, 4), _f32(2, 5, 4, seed=1)
    layer = layers.Concatenate(axis=1)
    np.testing.assert_array_equal(layer([a, b]), np.concatenate([a, b], axis=1))
    assert tuple(layer.compute_output_shape([(None, 3, 4), (None, 5, 4)])) == (None, 8, 4)
    c = _f32(2, 3, 4, seed=2)
    d = _f32(2, 3, 4, seed=3)
    close(layers.Add()([a, c, d]), a.astype(np.float64) + c + d)
    ia, ic = keras.Input((3, 4)), keras.Input((3, 4))
    assert layers.Add()([ia, ic]).shape.as_tuple() == (None, 3, 4)
    assert layers.Concatenate()([ia, ic]).shape.as_tuple() == (None, 3, 8)


def test_layer_and_weight_naming_count_params_and_summary_shapes(monkeypatch):
    # a 90-column table is only printed whole on a console at least that wide (Keras cuts
    # summary lines at the console width: the terminal's, COLUMNS, else 80)
    monkeypatch.setenv("COLUMNS", "120")
    names = [layers.Conv2D(1, 1).name, layers.MaxPooling2D().name,
             layers.AveragePooling2D(2).name, layers.GlobalAveragePooling2D().name,
             layers.Conv2DTranspose(1, 1).name, layers.Dense(1).name, layers.Dense(1).name,
             layers.Embedding(2, 2).name, layers.Concatenate().name, layers.Add().name,
             layers.Conv2D(1, 1).name]
    assert names == ["conv2d", "max_pooling2d", "average_pooling2d",
                     "global_average_pooling2d", "conv2d_transpose", "dense", "dense_1",
                     "embedding", "concatenate", "add", "conv2d_1"]
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(8, 3),
                              layers.MaxPooling2D(), layers.BatchNormalization(),
                              layers.Flatten(), layers.Dense(10)])
    # layers built inside the Sequential have weight paths under its name (recorded from
    # Keras 3.15 on TF 2.21: "sequential/dense/kernel"); the short names stay "kernel" …
    assert [w.path for w in model.weights] == [
        "sequential/conv2d/kernel", "sequential/conv2d/bias",
        "sequential/batch_normalization/gamma", "sequential/batch_normalization/beta",
        "sequential/batch_normalization/moving_mean",
        "sequential/batch_normalization/moving_variance", "sequential/dense/kernel",
        "sequential/dense/bias"]
    assert [w.name for w in model.weights][:2] == ["kernel", "bias"]
    assert [layer.count_params() for layer in model.layers] == [80, 0, 32, 0, 13530]
    assert model.count_params() == 13642
    lines = []
    model.summary(print_fn=lambda text: lines.extend(text.splitlines()), line_length=90)
    text = "\n".join(lines)
    for row in ("(None, 26, 26, 8)", "(None, 13, 13, 8)", "(None, 1352)", "(None, 10)",
                "13,530"):
        assert row in text, row
    assert " Total params: 13,642 (53.29 KB)" in lines
    assert " Trainable params: 13,626 (53.23 KB)" in lines
    assert " Non-trainable params: 16 (64.00 B)" in lines


# ============================================================================== optimizers ====

W0 = [np.array([[0.5, -1.0], [2.0, 0.1]], "float32"), np.array([0.3, -0.7, 1.2], "float32")]
GRADS = [[np.array([[0.4, -2.0], [1.0, 0.3]], "float32") * (1 + k) * (-1) ** k,
          np.array([3.0, -0.2, 0.5], "float32") / (1 + k)] for k in range(4)]


def run_steps(optimizer, grads=GRADS, w0=W0):
    """Applies each step's gradients to variables starting at ``w0``; returns the values
    after each step."""
    variables = [keras.Variable(w, name=n) for w, n in zip(w0, ("kernel", "bias"))]
    phs = [placeholder("float32", w.shape) for w in w0]
    step = optimizer.apply_gradients(list(zip(phs, variables)))
    sess = keras.backend.get_session()
    out = []
    for gs in grads:
        sess.run(step, dict(zip(phs, gs)))
        out.append([v.numpy() for v in variables])
    return out


def reference(update, grads=GRADS, w0=W0):
    """``update(ws, gs, t, state) -> ws`` on float64 lists, one call per step."""
    ws = [w.astype(np.float64) for w in w0]
    state, out = {}, []
    for t, gs in enumerate(grads, start=1):
        ws = update(ws, [g.astype(np.float64) for g in gs], t, state)
        out.append(ws)
    return out


def check(optimizer, update, rtol=1e-5):
    for step, (got, want) in enumerate(zip(run_steps(optimizer), reference(update)), 1):
        for a, b in zip(got, want):
            np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-6, err_msg=f"step {step}")


def per_var(fn):
    """An update applied variable by variable with its own state dict."""
    def update(ws, gs, t, state):
        return [fn(w, g, t, state.setdefault(i, {})) for i, (w, g) in enumerate(zip(ws, gs))]
    return update


def _sgd_nesterov_clipnorm(w, g, t, s):
    g = g * min(1.0, 1.0 / np.linalg.norm(g))
    m = 0.9 * s.get("m", 0.0) - 0.1 * g
    s["m"] = m
    return w + 0.9 * m - 0.1 * g


def _global_clip(ws, gs, t, state):
    norm = np.sqrt(sum((g * g).sum() for g in gs))
    return [w - 0.1 * g * min(1.0, 2.0 / norm) for w, g in zip(ws, gs)]


def _rmsprop_centered_momentum(w, g, t, s):
    v = 0.8 * s.get("v", 0.0) + 0.2 * g * g
    a = 0.8 * s.get("a", 0.0) + 0.2 * g
    inc = 0.01 * g / np.sqrt(v - a * a + 1e-7)
    m = 0.5 * s.get("m", 0.0) + inc
    s.update(v=v, a=a, m=m)
    return w - m


def _adagrad_custom(w, g, t, s):
    acc = s.get("acc", 1.0) + g * g
    s["acc"] = acc
    return w - 0.5 * g / np.sqrt(acc + 1e-3)


# Keras casts beta_1/beta_2 to the variable dtype before taking powers: 1 - 0.999**t in
# float32 differs from the float64 value by ~1e-5 relative at t=1, so mirror the cast
B1, B2 = float(np.float32(0.9)), float(np.float32(0.999))


def _adam_exp_schedule(w, g, t, s):
    lr = 0.1 * 0.5 ** ((t - 1) / 2)  # the schedule sees iterations before the increment
    m = s.get("m", 0.0) + (g - s.get("m", 0.0)) * 0.1
    v = s.get("v", 0.0) + (g * g - s.get("v", 0.0)) * 0.001
    s.update(m=m, v=v)
    alpha = lr * np.sqrt(1 - B2 ** t) / (1 - B1 ** t)
    return w - alpha * m / (np.sqrt(v) + 1e-7)


def _adamw_excluding_bias(ws, gs, t, state):
    out = []
    for i, (w, g) in enumerate(zip(ws, gs)):
        s = state.setdefault(i, {})
        if i == 0:  # the kernel decays, the bias is excluded
            w = w - w * 0.1 * 0.01
        out.append(_adam(0.01)(w, g, t, s))
    return out


def _adam(lr):
    def update(w, g, t, s):
        m = s.get("m", 0.0) + (g - s.get("m", 0.0)) * 0.1
        v = s.get("v", 0.0) + (g * g - s.get("v", 0.0)) * 0.001
        s.update(m=m, v=v)
        return w - lr * np.sqrt(1 - B2 ** t) / (1 - B1 ** t) * m / (np.sqrt(v) + 1e-7)
    return update


def _adadelta_default(w, g, t, s):
    ag = 0.95 * s.get("ag", 0.0) + 0.05 * g * g
    delta = -np.sqrt(s.get("ad", 0.0) + 1e-7) * g / np.sqrt(ag + 1e-7)
    s["ad"] = 0.95 * s.get("ad", 0.0) + 0.05 * delta * delta
    s["ag"] = ag
    return w + 0.001 * delta


def _adamax(w, g, t, s):
    m = s.get("m", 0.0) + (g - s.get("m", 0.0)) * 0.1
    u = np.maximum(0.999 * s.get("u", 0.0), np.abs(g))
    s.update(m=m, u=u)
    return w - 0.01 * m / ((1 - B1 ** t) * (u + 1e-7))


def _nadam(ws, gs, t, state):
    b1, b2, lr = 0.9, 0.999, 0.01
    u_t = b1 * (1 - 0.5 * 0.96 ** t)
    u_t1 = b1 * (1 - 0.5 * 0.96 ** (t + 1))
    prod = state.get("prod", 1.0) * u_t
    state["prod"] = prod
    out = []
    for i, (w, g) in enumerate(zip(ws, gs)):
        s = state.setdefault(i, {})
        m = s.get("m", 0.0) + (g - s.get("m", 0.0)) * (1 - b1)
        v = s.get("v", 0.0) + (g * g - s.get("v", 0.0)) * (1 - b2)
        s.update(m=m, v=v)
        m_hat = u_t1 * m / (1 - prod * u_t1) + (1 - u_t) * g / (1 - prod)
        v_hat = v / (1 - B2 ** t)
        out.append(w - lr * m_hat / (np.sqrt(v_hat) + 1e-7))
    return out


OPT_CASES = [
    ("SGD nesterov + clipnorm per variable",
     lambda: keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True, clipnorm=1.0),
     per_var(_sgd_nesterov_clipnorm)),
    ("SGD global_clipnorm over both variables",
     lambda: keras.optimizers.SGD(0.1, global_clipnorm=2.0), _global_clip),
    ("SGD clipvalue", lambda: keras.optimizers.SGD(0.1, clipvalue=0.5),
     per_var(lambda w, g, t, s: w - 0.1 * np.clip(g, -0.5, 0.5))),
    ("RMSprop centered + momentum",
     lambda: keras.optimizers.RMSprop(0.01, rho=0.8, momentum=0.5, centered=True),
     per_var(_rmsprop_centered_momentum)),
    ("Adagrad custom accumulator and epsilon",
     lambda: keras.optimizers.Adagrad(0.5, initial_accumulator_value=1.0, epsilon=1e-3),
     per_var(_adagrad_custom)),
    ("Adadelta defaults", lambda: keras.optimizers.Adadelta(), per_var(_adadelta_default)),
    ("Adam with ExponentialDecay",
     lambda: keras.optimizers.Adam(keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5)),
     per_var(_adam_exp_schedule)),
]


@pytest.mark.parametrize("make, update", [c[1:] for c in OPT_CASES],
                         ids=[c[0] for c in OPT_CASES])
def test_optimizer_steps_match_keras3_rules(make, update):
    check(make(), update)


def test_adamw_decays_before_the_update_and_honours_exclusions():
    opt = keras.optimizers.AdamW(0.01, weight_decay=0.1)
    opt.exclude_from_weight_decay(var_names=["bias"])
    check(opt, _adamw_excluding_bias)
    assert keras.optimizers.AdamW().weight_decay == 0.004


def test_adamax_matches_keras3_rule():
    check(keras.optimizers.Adamax(0.01), per_var(_adamax))


def test_nadam_matches_keras3_rule():
    check(keras.optimizers.Nadam(0.01), _nadam)


def test_learning_rate_schedules_values():
    S = keras.optimizers.schedules

    def at(schedule, step):
        return float(run(schedule(constant(float(step)))))
    exp = S.ExponentialDecay(0.1, decay_steps=4, decay_rate=0.5, staircase=True)
    assert [at(exp, s) for s in (0, 3, 4, 9)] == pytest.approx([0.1, 0.1, 0.05, 0.025])
    smooth = S.ExponentialDecay(0.1, decay_steps=4, decay_rate=0.5)
    assert at(smooth, 3) == pytest.approx(0.1 * 0.5 ** 0.75, rel=1e-6)
    pc = S.PiecewiseConstantDecay([2, 5], [1.0, 0.5, 0.1])
    assert [at(pc, s) for s in (0, 2, 3, 5, 6, 100)] == pytest.approx(
        [1.0, 1.0, 0.5, 0.5, 0.1, 0.1])
    cos = S.CosineDecay(1.0, decay_steps=10, alpha=0.1)
    want = [0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * min(s, 10) / 10)) for s in (0, 3, 10, 15)]
    assert [at(cos, s) for s in (0, 3, 10, 15)] == pytest.approx(want, rel=1e-6)
    warm = S.CosineDecay(0.0, decay_steps=10, warmup_target=1.0, warmup_steps=4)
    assert at(warm, 2) == pytest.approx(0.5, rel=1e-6)  # linear warmup 0 → 1
    assert at(warm, 4) == pytest.approx(1.0, rel=1e-6)
    assert at(warm, 9) == pytest.approx(0.5 * (1 + np.cos(np.pi * 5 / 10)), abs=1e-6)


def test_iterations_and_the_scheduled_learning_rate_advance_per_step():
    schedule = keras.optimizers.schedules.PiecewiseConstantDecay([2], [0.1, 0.01])
    opt = keras.optimizers.SGD(schedule)
    out = run_steps(opt, grads=GRADS[:3])
    assert int(opt.iterations.numpy()) == 3
    assert opt.learning_rate == pytest.approx(0.01)
    # step t sees iterations = t - 1: steps 1-3 see 0, 1, 2 <= 2, all at 0.1
    want = W0[0].astype(np.float64) - 0.1 * sum(g[0] for g in GRADS[:3])
    close(out[-1][0], want)


# ================================================================================ training ====

class Recorder(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.batches, self.epochs = [], []

    def on_train_batch_end(self, batch, logs=None):
        self.batches.append((batch, dict(logs)))

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append((epoch, dict(logs)))


def identity_model(metrics=("mae",), weighted_metrics=None):
    """y_pred = x exactly and a zero learning rate: the per-sample mse is x², so every
    reported number is a known function of which samples were seen."""
    model = keras.Sequential([keras.Input((1,)), layers.Dense(
        1, kernel_initializer="ones", bias_initializer="zeros")])
    model.compile(keras.optimizers.SGD(0.0), "mse", metrics=list(metrics),
                  weighted_metrics=weighted_metrics)
    return model


X10 = np.arange(10, dtype="float32").reshape(10, 1)
Y10 = np.zeros((10, 1), "float32")


def test_fit_logs_are_batch_size_weighted_running_means_in_order():
    rec = Recorder()
    history = identity_model().fit(X10, Y10, batch_size=4, shuffle=False, callbacks=[rec],
                                   verbose=0)
    sq = X10[:, 0].astype(np.float64) ** 2
    # batches [0..3], [4..7], [8, 9]: the running mean weights each batch by its size
    assert [b for b, _ in rec.batches] == [0, 1, 2]
    close([logs["loss"] for _, logs in rec.batches],
          [sq[:4].mean(), sq[:8].mean(), sq.mean()])
    close([logs["mae"] for _, logs in rec.batches], [1.5, 3.5, 4.5])
    assert history.history == {"loss": [pytest.approx(sq.mean())], "mae": [pytest.approx(4.5)]}
    assert all(isinstance(v, float) for v in history.history["loss"])


def test_fit_default_batch_size_is_32_with_a_last_partial_batch():
    x = (np.arange(70, dtype="float32") / 10).reshape(70, 1)
    model = identity_model()
    rec = Recorder()
    history = model.fit(x, np.zeros_like(x), shuffle=False, callbacks=[rec], verbose=0)
    sq = x[:, 0].astype(np.float64) ** 2
    assert len(rec.batches) == 3
    close([logs["loss"] for _, logs in rec.batches], [sq[:32].mean(), sq[:64].mean(),
                                                      sq.mean()])
    close(history.history["loss"], [sq.mean()])
    assert int(model.optimizer.iterations.numpy()) == 3


def test_validation_split_takes_the_last_fraction_before_shuffling():
    history = identity_model().fit(X10, Y10, batch_size=3, validation_split=0.3,
                                   shuffle=True, verbose=0)
    sq = X10[:, 0].astype(np.float64) ** 2
    assert list(history.history) == ["loss", "mae", "val_loss", "val_mae"]
    close(history.history["loss"], [sq[:7].mean()])
    close(history.history["val_loss"], [sq[7:].mean()])
    close(history.history["val_mae"], [X10[7:].mean()])


def test_sample_weight_validation_data_weights_and_weighted_metrics():
    w = np.linspace(0.5, 2.0, 10).astype("float32")
    model = identity_model(metrics=["mae"], weighted_metrics=["mse"])
    history = model.fit(X10, Y10, sample_weight=w, batch_size=4, shuffle=False,
                        validation_data=(X10[:5], Y10[:5], w[:5]), verbose=0)
    sq = X10[:, 0].astype(np.float64) ** 2
    # the loss is sum(w * l) / n per batch ("sum_over_batch_size"), batches weighted by size
    close(history.history["loss"], [np.sum(w * sq) / 10])
    close(history.history["mae"], [X10.mean()])            # `metrics` ignore sample_weight
    close(history.history["mse"], [np.sum(w * sq) / w.sum()])   # `weighted_metrics` do not
    close(history.history["val_loss"], [np.sum(w[:5] * sq[:5]) / 5])
    close(history.history["val_mse"], [np.sum(w[:5] * sq[:5]) / w[:5].sum()])


def test_class_weight_becomes_per_sample_weights():
    model = keras.Sequential([keras.Input((1,)), layers.Dense(
        3, kernel_initializer="zeros", bias_initializer="zeros")])
    model.compile(keras.optimizers.SGD(0.0),
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    y = (np.arange(10) % 3).astype("int64")
    cw = {0: 1.0, 1: 2.0, 2: 0.5}
    history = model.fit(X10, y, class_weight=cw, batch_size=4, verbose=0)
    w = np.array([cw[c] for c in y])
    close(history.history["loss"], [np.log(3.0) * w.sum() / 10])
    # one-hot targets map to the same classes (argmax)
    onehot = keras.utils.to_categorical(y, 3)
    model2 = keras.Sequential([keras.Input((1,)), layers.Dense(
        3, kernel_initializer="zeros", bias_initializer="zeros")])
    model2.compile(keras.optimizers.SGD(0.0),
                   keras.losses.CategoricalCrossentropy(from_logits=True))
    close(model2.fit(X10, onehot, class_weight=cw, verbose=0).history["loss"],
          [np.log(3.0) * w.sum() / 10])


def test_fit_a_fully_frozen_model_still_reports_the_loss():
    model = identity_model()
    model.layers[0].trainable = False
    model.compile(keras.optimizers.SGD(0.1), "mse")
    with pytest.warns(UserWarning, match="does not have any trainable weights"):
        history = model.fit(X10, Y10, batch_size=4, verbose=0)
    close(history.history["loss"], [np.mean(X10.astype(np.float64) ** 2)])
    np.testing.assert_array_equal(model.get_weights()[0], [[1.0]])


def test_epochs_and_initial_epoch():
    model = identity_model()
    rec = Recorder()
    history = model.fit(X10, Y10, batch_size=5, epochs=5, initial_epoch=2, callbacks=[rec],
                        verbose=0)
    assert history.epoch == [2, 3, 4]
    assert [e for e, _ in rec.epochs] == [2, 3, 4]
    assert len(history.history["loss"]) == 3
    assert int(model.optimizer.iterations.numpy()) == 6
    assert history.params["epochs"] == 5 and history.params["steps"] == 2


def test_evaluate_return_values_and_metric_order():
    sq = X10[:, 0].astype(np.float64) ** 2
    model = identity_model(metrics=["mae", "mse"])
    loss, mae, mse = model.evaluate(X10, Y10, batch_size=3, verbose=0)
    close([loss, mae, mse], [sq.mean(), X10.mean(), sq.mean()])
    # Keras 3.15 (TF 2.21) lists the compiled metrics as one container "compile_metrics"
    assert model.metrics_names == ["loss", "compile_metrics"]
    keras.backend.clear_session()
    model = identity_model(metrics=[])
    only = model.evaluate(X10, Y10, batch_size=4, verbose=0)
    assert isinstance(only, float)
    close(only, sq.mean())
    assert model.evaluate(X10, Y10, verbose=0, return_dict=True) == {
        "loss": pytest.approx(sq.mean())}


def test_predict_concatenates_batches_in_order():
    model = identity_model()
    out = model.predict(X10, batch_size=4, verbose=0)
    assert out.shape == (10, 1)
    np.testing.assert_array_equal(out, X10)


def test_predict_batch_callback_receives_the_batch_outputs():
    seen = []

    class Outputs(keras.callbacks.Callback):
        def on_predict_batch_end(self, batch, logs=None):
            seen.append((batch, np.shape(logs["outputs"])))

    identity_model().predict(X10, batch_size=4, verbose=0, callbacks=[Outputs()])
    assert seen == [(0, (4, 1)), (1, (4, 1)), (2, (2, 1))]


def test_train_and_test_on_batch_return_this_batch_metrics():
    sq = X10[:, 0].astype(np.float64) ** 2
    model = identity_model()
    first = model.train_on_batch(X10[:2], Y10[:2])
    close(first, [sq[:2].mean(), X10[:2].mean()])
    # Keras 3.15 (checked on TF 2.21) resets the metrics at the start of each *_on_batch
    # call: the values are this batch's own, not running means
    second = model.train_on_batch(X10[2:6], Y10[2:6], return_dict=True)
    assert list(second) == ["loss", "mae"]
    close([second["loss"], second["mae"]], [sq[2:6].mean(), X10[2:6].mean()])
    close(model.test_on_batch(X10[6:], Y10[6:]), [sq[6:].mean(), X10[6:].mean()])
    close(model.test_on_batch(X10[6:], Y10[6:]), [sq[6:].mean(), X10[6:].mean()])
    assert int(model.optimizer.iterations.numpy()) == 2


def test_input_shape_is_not_in_the_layer_config():
    """Keras 3.15: ``Dense(4, input_shape=(3,))`` keeps the shape out of its config; a
    Sequential records it as its InputLayer instead (older configs still load)."""
    layer = layers.Dense(4, input_shape=(3,))
    assert "batch_input_shape" not in layer.get_config()
    model = keras.Sequential([layers.Dense(4, input_shape=(3,))])
    config = model.get_config()
    assert config["layers"][0]["class_name"] == "InputLayer"
    assert tuple(config["layers"][0]["config"]["batch_shape"]) == (None, 3)
    assert "batch_input_shape" not in config["layers"][1]["config"]
    rebuilt = keras.Sequential.from_config(config)
    assert rebuilt.layers[0].get_config()["units"] == 4
    old = dict(layer.get_config(), batch_input_shape=[None, 3])
    assert layers.Dense.from_config(old)._batch_input_shape == (None, 3)


def test_batch_normalization_moments_skip_masked_steps():
    """Keras 3.15 (TensorFlow backend), recorded: with a mask, the batch statistics count
    only the unmasked steps (sums over (count + 1e-7))."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4, 5)).astype("float32")
    mask = np.array([[1, 1, 0, 0], [1, 1, 1, 0], [1, 0, 0, 0]], bool)
    bn = layers.BatchNormalization(momentum=0.5)
    y = bn(x, training=True, mask=mask)
    np.testing.assert_allclose(np.asarray(y)[0, :2], [
        [0.702207, -0.719428, 0.52851, 0.003867, -0.726927],
        [1.088842, 0.873241, 0.894733, -1.522127, -1.782354]], rtol=1e-5, atol=2e-6)
    np.testing.assert_allclose(bn.moving_mean.numpy(), [
        -0.1513234, 0.2583006, 0.0989362, 0.0514255, -0.0165259], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(bn.moving_variance.numpy(), [
        0.6855769, 0.9060283, 0.8500814, 0.6399009, 0.7385366], rtol=1e-5)
    with pytest.raises(ValueError, match="one dimension less than the inputs"):
        layers.BatchNormalization()(x, training=True, mask=np.ones((3, 4, 5), bool))


def test_batch_normalization_config_has_keras_3_renorm_keys():
    config = layers.BatchNormalization().get_config()
    assert (config["renorm"], config["renorm_clipping"], config["renorm_momentum"]) == \
        (False, None, 0.99)
    assert layers.BatchNormalization.from_config(config).momentum == 0.99
    with pytest.raises(NotImplementedError, match="renorm"):
        layers.BatchNormalization(renorm=True)


# ========================================== recorded from real Keras (Keras 3.15, TF 2.21) ====
# The expected numbers below were recorded from Keras 3.15 on TensorFlow 2.21 (CPU, float32)
# running the same code with ``import keras``.

_RX = np.random.default_rng(1).normal(size=(22, 6)).astype("float32")
_RY = (np.arange(22) % 3).astype("int64")
_RYB = (_RX[:, 0] > 0).astype("float32")
_RSW = np.linspace(0.2, 2, 22).astype("float32")


def _seeded(model, seed=1):
    rng = np.random.default_rng(seed)
    model.set_weights([(rng.normal(size=w.shape) * 0.3).astype("float32")
                       for w in model.get_weights()])
    return model


def test_repeated_metric_names_get_suffixes_and_weighted_prefix_like_keras():
    model = _seeded(keras.Sequential([keras.Input((6,)),
                                      layers.Dense(3, activation="softmax")]))
    model.compile(keras.optimizers.SGD(0.1), "sparse_categorical_crossentropy",
                  metrics=["accuracy", keras.metrics.SparseCategoricalAccuracy(name="accuracy"),
                           "sparse_top_k_categorical_accuracy",
                           keras.metrics.SparseTopKCategoricalAccuracy(k=1)],
                  weighted_metrics=["accuracy", "sparse_categorical_accuracy"])
    h = model.fit(_RX, _RY, batch_size=5, epochs=1, verbose=0, shuffle=False,
                  sample_weight=_RSW)
    want = {"accuracy": [0.3636364], "accuracy_1": [0.3636364], "loss": [1.357766],
            "sparse_categorical_accuracy": [0.3353011],
            "sparse_top_k_categorical_accuracy": [1.0],
            "sparse_top_k_categorical_accuracy_1": [0.3636364],
            "weighted_accuracy": [0.3353011]}
    assert list(h.history) == list(want)
    for key, values in want.items():
        close(h.history[key], values, err_msg=key)
    # evaluate's list: loss, each metric by its own (repeated) name, then the other keys sorted
    close(model.evaluate(_RX, _RY, verbose=0, sample_weight=_RSW),
          [1.1818924, 0.4545455, 0.4545455, 1.0, 1.0, 0.4545455, 0.4262101, 0.4545455,
           0.4545455, 0.4262101])


def test_multi_output_losses_are_unweighted_batch_means_and_sample_weight_covers_all():
    inp = keras.Input((6,))
    model = _seeded(keras.Model(inp, [layers.Dense(3, activation="softmax", name="a")(inp),
                                      layers.Dense(1, activation="sigmoid", name="b")(inp)]))
    model.compile(keras.optimizers.SGD(0.1),
                  loss=["sparse_categorical_crossentropy", "binary_crossentropy"],
                  loss_weights=[0.3, 2.0], metrics=[["accuracy"], ["mae"]])
    h = model.fit(_RX, [_RY, _RYB], batch_size=8, epochs=2, verbose=0, shuffle=False,
                  validation_data=(_RX[:9], [_RY[:9], _RYB[:9]]), validation_batch_size=4)
    want = {"a_accuracy": [0.3636364, 0.3636364], "a_loss": [1.2156391, 1.1934509],
            "b_loss": [0.9204467, 0.7158253], "b_mae": [0.5231445, 0.465271],
            "loss": [2.1611097, 1.7607692], "val_a_accuracy": [0.3333333, 0.3333333],
            "val_a_loss": [1.1444488, 1.1224103], "val_b_loss": [0.55462, 0.4591065],
            "val_b_mae": [0.4011874, 0.3635763], "val_loss": [1.5843617, 1.3592657]}
    assert sorted(h.history) == sorted(want)
    for key, values in want.items():
        close(h.history[key], values, err_msg=key)
    # one sample_weight array for two outputs weights both outputs' losses
    h2 = model.fit(_RX, [_RY, _RYB], batch_size=5, epochs=1, verbose=0, shuffle=False,
                   sample_weight=_RSW)
    want2 = {"a_accuracy": [0.3636364], "a_loss": [1.4136697], "b_loss": [0.725778],
             "b_mae": [0.4039021], "loss": [1.6565541]}
    for key, values in want2.items():
        close(h2.history[key], values, err_msg=key)
    got = model.evaluate(_RX, [_RY, _RYB], batch_size=8, verbose=0, return_dict=True)
    want3 = {"a_accuracy": 0.5454545617103577, "a_loss": 1.1283398866653442,
             "b_loss": 0.3819299042224884, "b_mae": 0.30258023738861084,
             "loss": 1.0926997661590576}
    for key, value in want3.items():
        close(got[key], value, err_msg=key)


@pytest.mark.parametrize("name, loss, rows", [
    ("adam", [0.4302077, 0.1478114],
     [[0.363805, 0.027756, -0.00823], [-0.384675, 0.401369, 0.303014],
      [-0.563506, 0.414355, -0.313847]]),
    ("rmsprop", [0.7460105, 0.3656754],
     [[0.57085, -0.075053, -0.157107], [-0.353715, -0.099312, 0.198437],
      [-0.559604, 0.127372, -0.584206]]),
    ("adagrad", [0.3986539, 0.297154],
     [[0.191275, 0.156489, 0.053924], [-0.380356, 0.333902, 0.199714],
      [-0.34475, 0.264421, 0.032561]]),
])
def test_embedding_squared_gradients_are_summed_per_lookup_as_keras_on_tensorflow(
        name, loss, rows):
    # Keras on TensorFlow gets an IndexedSlices gradient for the embedding table and squares
    # each looked-up row's slice before repeated rows are summed.
    xt = np.array([[1, 2, 3, 4], [0, 0, 1, 9], [5, 5, 5, 5], [2, 3, 1, 0], [7, 7, 8, 1],
                   [0, 1, 2, 3]], "int32")
    yt = np.random.default_rng(1).normal(size=(6, 2)).astype("float32")
    opt = {"adam": keras.optimizers.Adam(0.1), "rmsprop": keras.optimizers.RMSprop(0.1),
           "adagrad": keras.optimizers.Adagrad(0.1)}[name]
    model = _seeded(keras.Sequential([keras.Input((4,), dtype="int32"),
                                      layers.Embedding(10, 3), layers.Flatten(),
                                      layers.Dense(2)]))
    model.compile(opt, "mse")
    h = model.fit(xt, yt, batch_size=3, epochs=2, verbose=0, shuffle=False)
    close(h.history["loss"], loss)
    close(model.get_weights()[0][:3], rows, atol=2e-6)


def test_sequential_layer_outputs_make_a_feature_extractor():
    model = _seeded(keras.Sequential([keras.Input((5,)), layers.Dense(4, activation="relu"),
                                      layers.Dense(2)]))
    extractor = keras.Model(inputs=model.inputs, outputs=[l.output for l in model.layers])
    first, second = extractor.predict(_RX[:2, :5], verbose=0)
    close(first, [[0.596272, 0.125939, 0.269055, 0.060373],
                  [0.079838, 0.0, 0.19528, 0.723691]])
    close(second, [[-0.549259, 0.256371], [0.294097, 0.338891]])


def test_fit_before_compile_raises_value_error():
    model = keras.Sequential([keras.Input((6,)), layers.Dense(3)])
    with pytest.raises(ValueError, match="compile"):
        model.fit(_RX, _RX[:, :3], verbose=0)


def test_weight_paths_follow_the_model_that_built_the_layer():
    # recorded from Keras 3.15 on TF 2.21
    keras.backend.clear_session()
    seq = keras.Sequential([keras.Input((3,)), layers.Dense(2), layers.Dense(1)])
    assert [w.path for w in seq.weights] == ["sequential/dense/kernel", "sequential/dense/bias",
                                             "sequential/dense_1/kernel",
                                             "sequential/dense_1/bias"]
    inp = keras.Input((3,))
    func = keras.Model(inp, layers.Dense(2)(inp))        # built outside any model
    assert [w.path for w in func.weights] == ["dense_2/kernel", "dense_2/bias"]
    inner = keras.Sequential([layers.Dense(2)], name="inner")
    outer = keras.Sequential([keras.Input((3,)), inner, layers.Dense(1)], name="outer")
    assert [w.path for w in outer.weights] == ["outer/inner/dense_3/kernel",
                                               "outer/inner/dense_3/bias",
                                               "outer/dense_4/kernel", "outer/dense_4/bias"]
    opt = keras.optimizers.Adam()
    seq.compile(opt, "mse")
    seq.fit(np.ones((2, 3), "float32"), np.ones((2, 1), "float32"), verbose=0)
    assert [v.path for v in opt.variables][:4] == [
        "adam/iteration", "adam/learning_rate", "adam/sequential_dense_kernel_momentum",
        "adam/sequential_dense_kernel_velocity"]


# ---- recorded from Keras 3.15 on TF 2.21 (second audit) -------------------------------------

def _zero_mae_model():
    """Predicts 0 and never learns: each batch's loss is the mean of its targets."""
    model = keras.Sequential([keras.Input((5,)), layers.Dense(1)])
    model.set_weights([np.zeros((5, 1), "float32"), np.zeros(1, "float32")])
    model.compile(keras.optimizers.SGD(0.0), "mae")
    return model


@pytest.mark.parametrize("steps, epochs, losses, epoch2_batches", [
    (4, 4, [7.5, 23.5, 7.5, 23.5], [(0, 1.5), (1, 3.5), (2, 5.5), (3, 7.5)]),
    (8, 2, [15.5, 15.5], None),
    (3, 4, [5.5, 17.5, 27.5, 5.5], [(0, 25.5), (1, 27.5)]),   # ran out: epoch 2 ends early
    (5, 3, [9.5, 25.5, 9.5], [(0, 1.5), (1, 3.5), (2, 5.5), (3, 7.5), (4, 9.5)]),
])
def test_steps_per_epoch_goes_on_through_the_data(steps, epochs, losses, epoch2_batches):
    # Keras 3.15 (TF 2.21): with steps_per_epoch an epoch continues where the previous one
    # stopped; when the data runs out the epoch ends (a warning) and the next starts over
    x = np.zeros((32, 5), "float32")
    y = np.arange(32, dtype="float32").reshape(-1, 1)
    rec = Recorder()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # running out of data warns (tested below)
        h = _zero_mae_model().fit(x, y, batch_size=4, epochs=epochs, steps_per_epoch=steps,
                                  shuffle=False, verbose=0, callbacks=[rec])
    close(h.history["loss"], losses)
    assert h.params["steps"] == steps
    if epoch2_batches:
        per_epoch, current = [], []
        for b, logs in rec.batches:
            if b == 0 and current:
                per_epoch.append(current)
                current = []
            current.append((b, logs["loss"]))
        per_epoch.append(current)
        assert per_epoch[2] == epoch2_batches


def test_steps_per_epoch_beyond_the_data_is_one_pass_per_epoch():
    x = np.zeros((30, 5), "float32")
    y = np.arange(30, dtype="float32").reshape(-1, 1)
    with pytest.warns(UserWarning):
        h = _zero_mae_model().fit(x, y, batch_size=4, epochs=2, steps_per_epoch=20,
                                  shuffle=False, verbose=0)
    close(h.history["loss"], [14.5, 14.5])      # Keras 3.15: no cycling within an epoch


def test_validation_freq_as_a_list_of_epochs():
    model = identity_model()
    h = model.fit(X10, Y10, batch_size=4, epochs=4, verbose=0, shuffle=False,
                  validation_data=(X10[:4], Y10[:4]), validation_freq=[1, 3])
    assert len(h.history["loss"]) == 4
    assert len(h.history["val_loss"]) == 2 and len(h.history["val_mae"]) == 2


def test_metrics_names_list_the_compiled_metrics_as_one_container():
    inp = keras.Input((3,))
    model = keras.Model(inp, {"a": layers.Dense(1, name="a")(inp),
                              "b": layers.Dense(2, name="b")(inp)})
    assert model.metrics_names == []
    model.compile("sgd", {"a": "mse", "b": "mse"}, metrics={"a": ["mae"]})
    assert model.metrics_names == ["loss", "compile_metrics"]
    x = np.ones((4, 3), "float32")
    h = model.fit(x, {"a": np.ones((4, 1)), "b": np.ones((4, 2))}, verbose=0)
    assert model.metrics_names == ["loss", "compile_metrics", "a_loss", "b_loss"]
    assert [m.name for m in model.metrics] == ["loss", "compile_metrics", "a_loss", "b_loss"]
    assert list(model.metrics[1].result()) == ["a_mae"]
    assert list(h.history) == ["a_loss", "a_mae", "b_loss", "loss"]
    single = identity_model(metrics=[])
    assert single.metrics_names == ["loss", "compile_metrics"]     # even an empty list
    single = keras.Sequential([keras.Input((1,)), layers.Dense(1)])
    single.compile("sgd", "mse")
    assert single.metrics_names == ["loss"]


def test_lambda_metric_is_named_lambda():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2, activation="softmax")])

    def my_metric(a, b):
        return b[:, 0]
    model.compile("sgd", "sparse_categorical_crossentropy",
                  metrics=["accuracy", lambda a, b: b[:, 1], my_metric])
    h = model.fit(np.ones((2, 3), "float32"), np.zeros(2), verbose=0)
    assert list(h.history) == ["accuracy", "lambda", "loss", "my_metric"]


def test_weightless_layers_are_built_at_construction_and_have_no_build_config():
    built_at_init = {"Activation": layers.Activation("relu"), "Dropout": layers.Dropout(0.1),
                     "MaxPooling2D": layers.MaxPooling2D(2),
                     "AveragePooling2D": layers.AveragePooling2D(2),
                     "GlobalAveragePooling2D": layers.GlobalAveragePooling2D(),
                     "GlobalMaxPooling2D": layers.GlobalMaxPooling2D(),
                     "MaxPooling1D": layers.MaxPooling1D(2), "ReLU": layers.ReLU(),
                     "LeakyReLU": layers.LeakyReLU(), "Softmax": layers.Softmax(),
                     "Reshape": layers.Reshape((-1,))}
    not_at_init = {"Flatten": layers.Flatten(), "Dense": layers.Dense(2),
                   "Conv2D": layers.Conv2D(2, 2), "BatchNormalization":
                   layers.BatchNormalization(), "Concatenate": layers.Concatenate(),
                   "LayerNormalization": layers.LayerNormalization()}
    assert all(layer.built for layer in built_at_init.values())
    assert not any(layer.built for layer in not_at_init.values())
    inp = keras.Input((6, 6, 2))
    for name, layer in built_at_init.items():
        if name == "MaxPooling1D":
            continue
        layer(inp)
        assert layer.get_build_config() is None, name
    assert layers.Flatten()(inp) is not None
    flat = layers.Flatten()
    flat(inp)
    assert flat.get_build_config() == {"input_shape": (None, 6, 6, 2)}
    model = keras.Sequential([keras.Input((6, 6, 2)), layers.MaxPooling2D(), layers.Flatten(),
                              layers.Dropout(0.2), layers.Dense(2)])
    keys = [sorted(layer) for layer in model.get_config()["layers"]]
    assert ["build_config" in k for k in keys] == [False, False, True, False, True]
    reloaded = keras.models.model_from_json(model.to_json())
    assert reloaded.output_shape == (None, 2)


def test_model_losses_hold_the_latest_call_added_losses_first():
    # recorded from Keras 3.15 on TF 2.21: building the functional graph keeps no activity
    # losses (only the kernel penalty); after an eager call the activity losses of that call
    # come first, then the weight penalties; predict/fit/evaluate leave one set, not more
    inp = keras.Input((3,))
    h = layers.Dense(2, activity_regularizer="l2", kernel_regularizer="l1")(inp)
    out = layers.Dense(1, activity_regularizer=keras.regularizers.l1(0.5))(h)
    model = keras.Model(inp, out)
    model.set_weights([np.full((3, 2), 0.1, "float32"), np.zeros(2, "float32"),
                       np.ones((2, 1), "float32"), np.zeros(1, "float32")])
    assert len(model.losses) == 1
    x = np.ones((4, 3), "float32")
    model(x)
    close([float(np.asarray(v)) for v in model.losses], [0.0018, 0.3, 0.006])
    model(x)
    model.predict(x, verbose=0)
    assert len(model.losses) == 3
    model.compile("sgd", "mse")
    model.fit(x, np.zeros((4, 1)), verbose=0, epochs=2, batch_size=2)
    model.evaluate(x, np.zeros((4, 1)), verbose=0)
    assert len(model.losses) == 3
    assert [len(model.layers[1].losses), len(model.layers[2].losses)] == [2, 1]
