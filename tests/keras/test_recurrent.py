"""keras.layers recurrent layers: SimpleRNN, LSTM, GRU (and cells), RNN, Bidirectional.

The expected numbers were recorded from real Keras 3.15 on TensorFlow 2.21
(KERAS_BACKEND=tensorflow, CPU) by running the same models with the same weights (set with
``set_weights``); Keras is not installed in the test environment, so they are hard-coded.
"""
import numpy as np
import pytest

from tensorweave import keras
from tensorweave.keras import layers as L

X = (np.sin(np.arange(2 * 4 * 3).reshape(2, 4, 3) * 0.7) * 1.5).astype("float32")
TOK = np.array([[3, 1, 4, 0], [2, 0, 5, 0]], "int32")   # padding at the end and in the middle
Y = np.array([[0.5], [-0.3]], "float32")


def _weights(model):
    """Deterministic weights for every variable of ``model`` (the same in the Keras run)."""
    out = []
    for i, w in enumerate(model.get_weights()):
        n = int(np.prod(w.shape))
        out.append((np.cos(np.arange(n) * 1.3 + i) * 0.5).reshape(w.shape).astype("float32"))
    return out


_LAYERS = {
    "simple_state": lambda: L.SimpleRNN(2, return_sequences=True, return_state=True),
    "lstm_state": lambda: L.LSTM(2, return_state=True),
    "gru_seq": lambda: L.GRU(2, return_sequences=True),
    "gru_before_state": lambda: L.GRU(2, reset_after=False, return_state=True),
    "lstm_back_seq": lambda: L.LSTM(2, go_backwards=True, return_sequences=True),
    "rnn_cell": lambda: L.RNN(L.GRUCell(2), return_sequences=True),
    "bi_lstm_seq": lambda: L.Bidirectional(L.LSTM(2, return_sequences=True)),
    "bi_gru_state": lambda: L.Bidirectional(L.GRU(2, return_state=True), merge_mode="sum"),
    "emb_lstm_seq_state": lambda: L.LSTM(2, return_sequences=True, return_state=True),
    "emb_gru_back": lambda: L.GRU(2, go_backwards=True),
    "emb_simple": lambda: L.SimpleRNN(2),
    "emb_bi_lstm_seq": lambda: L.Bidirectional(L.LSTM(2, return_sequences=True)),
    "emb_bi_gru": lambda: L.Bidirectional(L.GRU(2)),
}

# predict outputs (output, then the states for return_state) of each case in _LAYERS
PREDICT = {'bi_gru_state': [[[-0.315713, -0.4712544], [-0.127794, -0.0185255]],
                  [[0.0296545, -0.7112892], [0.2482529, -0.0734918]],
                  [[-0.3453674, 0.2400348], [-0.3760469, 0.0549663]]],
 'bi_lstm_seq': [[[[0.0293958, -0.12419, -0.2170613, 0.1891083],
                   [0.0862827, 0.0334424, -0.0728162, 0.0384334],
                   [0.0905068, -0.0336246, -0.1928712, 0.1758139],
                   [0.0778546, -0.1466642, -0.1852485, 0.1865322]],
                  [[0.0561795, 0.0785549, -0.0760214, 0.0380833],
                   [0.078296, 0.001785, -0.2029807, 0.1736883],
                   [0.071212, -0.1175085, -0.2125292, 0.1755182],
                   [0.1177733, 0.0375787, -0.0263235, -0.1027376]]]],
 'emb_bi_gru': [[[-0.6683348, -0.409077, 0.1907297, 0.5821271],
                 [-0.1003421, -0.1296119, 0.0626205, 0.1902668]]],
 'emb_bi_lstm_seq': [[[[-0.0295975, -0.0717994, 0.0826919, 0.150409],
                       [-0.0969217, -0.2573838, 0.1496478, 0.1502966],
                       [-0.1238945, -0.3769823, 0.1107027, 0.1209224], [0.0, 0.0, 0.0, 0.0]],
                      [[0.0055968, -0.1064339, -0.0583273, 0.1194383], [0.0, 0.0, 0.0, 0.0],
                       [0.0297837, -0.1185731, -0.0601246, 0.0560471], [0.0, 0.0, 0.0, 0.0]]]],
 'emb_gru_back': [[[-0.4456674, -0.366694], [-0.17576, -0.1408044]]],
 'emb_lstm_seq_state': [[[[-0.0295975, -0.0717994], [-0.0969217, -0.2573838],
                          [-0.1238945, -0.3769823], [-0.1238945, -0.3769823]],
                         [[0.0055968, -0.1064339], [0.0055968, -0.1064339],
                          [0.0297837, -0.1185731], [0.0297837, -0.1185731]]],
                        [[-0.1238945, -0.3769823], [0.0297837, -0.1185731]],
                        [[-0.2548843, -0.5843039], [0.0700809, -0.2265166]]],
 'emb_simple': [[[-0.2855175, 0.2486099], [-0.4251145, -0.3614126]]],
 'gru_before_state': [[[0.2980017, -0.6293762], [0.3800076, 0.074226]],
                      [[0.2980017, -0.6293762], [0.3800076, 0.074226]]],
 'gru_seq': [[[[0.1657077, -0.6851808], [0.3489099, -0.0469991], [-0.2794231, -0.2526215],
               [0.0296545, -0.7112892]],
              [[0.2843989, 0.1939618], [-0.3323207, -0.1708872], [0.0184876, -0.6968423],
               [0.2482529, -0.0734918]]]],
 'lstm_back_seq': [[[[0.0294429, -0.1240013], [0.0759677, -0.1336942], [0.1182439, 0.0220148],
                     [0.0750114, -0.0933998]],
                    [[0.0566691, 0.0792473], [0.0505475, -0.0346471], [0.0857227, -0.0843363],
                     [0.1223951, 0.0445187]]]],
 'lstm_state': [[[0.0778546, -0.1466642], [0.1177733, 0.0375787]],
                [[0.0778546, -0.1466642], [0.1177733, 0.0375787]],
                [[0.2616415, -0.246069], [0.2481136, 0.0943087]]],
 'rnn_cell': [[[[0.1657077, -0.6851808], [0.3489099, -0.0469991], [-0.2794231, -0.2526215],
                [0.0296545, -0.7112892]],
               [[0.2843989, 0.1939618], [-0.3323207, -0.1708872], [0.0184876, -0.6968423],
                [0.2482529, -0.0734918]]]],
 'simple_state': [[[[-0.2690282, -0.1220881], [0.0826615, -0.5925801], [-0.1626945, -0.5907832],
                    [-0.0494731, -0.1245324]],
                   [[0.0987033, -0.643687], [-0.1395684, -0.5933198], [-0.036735, -0.1340042],
                    [0.1462812, -0.6464633]]],
                  [[-0.0494731, -0.1245324], [0.1462812, -0.6464633]]]}

# (model, optimizer): (loss per epoch of fit, the first 6 values of the LSTM/GRU kernel after)
FIT = {('bi_lstm', 'adam'): ([0.1927466, 0.1288991, 0.0858466, 0.0469879],
                       [0.5096412, -0.6752576, -0.1907143, -0.279654, 0.1739452, 0.4754816]),
 ('bi_lstm', 'sgd'): ([0.2049721, 0.1892889, 0.1769992, 0.1662226],
                      [0.275445, -0.347629, -0.446283, 0.0864616, 0.4732166, 0.1974056]),
 ('gru', 'adam'): ([0.4349214, 0.2042609, 0.1595079, 0.1583254],
                   [0.5795877, -0.3625346, -0.1503339, -0.249677, 0.8691978, -0.1715866]),
 ('gru', 'sgd'): ([0.402023, 0.2191653, 0.1960454, 0.1783465],
                  [0.2738673, -0.3301265, -0.4352565, 0.0902004, 0.5010447, 0.1668203]),
 ('lstm', 'adam'): ([0.2024699, 0.1521065, 0.1320265, 0.100179],
                    [-0.06194, -0.6605901, -0.7956587, -0.2295002, 0.1517791, -0.1860718]),
 ('lstm', 'sgd'): ([0.2131403, 0.1761853, 0.1716057, 0.1690886],
                   [0.2677794, -0.3386641, -0.4581313, 0.0924146, 0.4951246, 0.166621])}


@pytest.mark.parametrize("name", sorted(PREDICT))
def test_predict_matches_keras(name):
    if name.startswith("emb_"):     # Embedding(mask_zero=True): masked steps are skipped
        inp = keras.Input((4,), dtype="int32")
        h = L.Embedding(6, 3, mask_zero=True)(inp)
    else:
        inp = keras.Input((4, 3))
        h = inp
    out = _LAYERS[name]()(h)
    model = keras.Model(inp, list(out) if isinstance(out, (list, tuple)) else out)
    model.set_weights(_weights(model))
    got = model.predict(TOK if name.startswith("emb_") else X, verbose=0)
    got = got if isinstance(got, (list, tuple)) else [got]
    assert len(got) == len(PREDICT[name])
    for g, want in zip(got, PREDICT[name]):
        np.testing.assert_allclose(g, np.array(want, "float32"), atol=2e-6)


@pytest.mark.parametrize("kind,opt", sorted(FIT))
def test_fit_matches_keras(kind, opt):
    inp = keras.Input((4,), dtype="int32")
    h = L.Embedding(6, 3, mask_zero=True)(inp)
    h = {"lstm": lambda: L.LSTM(3), "gru": lambda: L.GRU(3),
         "bi_lstm": lambda: L.Bidirectional(L.LSTM(2))}[kind]()(h)
    model = keras.Model(inp, L.Dense(1)(h))
    model.set_weights(_weights(model))
    model.compile(keras.optimizers.Adam(0.05) if opt == "adam" else keras.optimizers.SGD(0.2),
                  "mse")
    hist = model.fit(np.concatenate([TOK, TOK[::-1]]), np.concatenate([Y, -Y]), epochs=4,
                     batch_size=2, shuffle=False, verbose=0)
    losses, kernel_head = FIT[(kind, opt)]
    np.testing.assert_allclose(hist.history["loss"], losses, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.get_weights()[1].ravel()[:6], kernel_head, atol=1e-5)


# -- weights, names, configs (as Keras 3 prints them) ----------------------------------------
def test_weight_names_paths_and_shapes():
    model = keras.Sequential([keras.Input((5, 3)), L.LSTM(4)])
    assert [(w.name, w.path, w.shape) for w in model.weights] == [
        ("kernel", "sequential/lstm/lstm_cell/kernel", (3, 16)),
        ("recurrent_kernel", "sequential/lstm/lstm_cell/recurrent_kernel", (4, 16)),
        ("bias", "sequential/lstm/lstm_cell/bias", (16,))]
    assert model.count_params() == 128
    # unit_forget_bias: the forget gate's bias starts at 1
    np.testing.assert_array_equal(model.get_weights()[2], [0] * 4 + [1] * 4 + [0] * 8)
    x = keras.Input((5, 3))
    shapes = {}
    for layer in [L.SimpleRNN(2), L.GRU(2), L.GRU(2, reset_after=False),
                  L.Bidirectional(L.LSTM(2, return_sequences=True))]:
        layer(x)
        shapes[layer.name] = [(w.path, w.shape) for w in layer.weights]
    assert shapes == {
        "simple_rnn": [("simple_rnn/simple_rnn_cell/kernel", (3, 2)),
                       ("simple_rnn/simple_rnn_cell/recurrent_kernel", (2, 2)),
                       ("simple_rnn/simple_rnn_cell/bias", (2,))],
        "gru": [("gru/gru_cell/kernel", (3, 6)), ("gru/gru_cell/recurrent_kernel", (2, 6)),
                ("gru/gru_cell/bias", (2, 6))],
        "gru_1": [("gru_1/gru_cell/kernel", (3, 6)), ("gru_1/gru_cell/recurrent_kernel", (2, 6)),
                  ("gru_1/gru_cell/bias", (6,))],
        "bidirectional": [
            ("bidirectional/forward_lstm_1/lstm_cell/kernel", (3, 8)),
            ("bidirectional/forward_lstm_1/lstm_cell/recurrent_kernel", (2, 8)),
            ("bidirectional/forward_lstm_1/lstm_cell/bias", (8,)),
            ("bidirectional/backward_lstm_1/lstm_cell/kernel", (3, 8)),
            ("bidirectional/backward_lstm_1/lstm_cell/recurrent_kernel", (2, 8)),
            ("bidirectional/backward_lstm_1/lstm_cell/bias", (8,))]}


def _dtype_policy():
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
            "registered_name": None}


def _init(name, config):
    return {"module": "keras.initializers", "class_name": name, "config": config,
            "registered_name": None}


def test_lstm_config_matches_keras():
    layer = L.LSTM(4)
    layer(keras.Input((5, 3)))
    config = layer.get_config()
    assert config == {
        "name": "lstm", "trainable": True, "dtype": _dtype_policy(),
        "return_sequences": False, "return_state": False, "go_backwards": False,
        "stateful": False, "unroll": False, "zero_output_for_mask": False, "units": 4,
        "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
        "kernel_initializer": _init("GlorotUniform", {"seed": None, "input_axes": None,
                                                      "output_axes": None}),
        "recurrent_initializer": _init("Orthogonal", {"seed": None, "gain": 1.0}),
        "bias_initializer": _init("Zeros", {}), "unit_forget_bias": True,
        "kernel_regularizer": None, "recurrent_regularizer": None, "bias_regularizer": None,
        "activity_regularizer": None, "kernel_constraint": None, "recurrent_constraint": None,
        "bias_constraint": None, "dropout": 0.0, "recurrent_dropout": 0.0, "seed": None}
    assert list(config)[:10] == ["name", "trainable", "dtype", "return_sequences",
                                 "return_state", "go_backwards", "stateful", "unroll",
                                 "zero_output_for_mask", "units"]


def test_other_configs_match_keras():
    simple = L.SimpleRNN(3).get_config()
    assert "seed" not in simple and simple["activity_regularizer"] is None
    gru = L.GRU(3).get_config()
    assert list(gru)[-2:] == ["reset_after", "seed"] and gru["reset_after"] is True
    cell = L.SimpleRNNCell(3).get_config()
    assert list(cell) == ["name", "trainable", "dtype", "units", "activation", "use_bias",
                          "kernel_initializer", "recurrent_initializer", "bias_initializer",
                          "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                          "kernel_constraint", "recurrent_constraint", "bias_constraint",
                          "dropout", "recurrent_dropout", "seed"]
    rnn = L.RNN(L.LSTMCell(3)).get_config()
    assert rnn["name"] == "rnn" and rnn["cell"]["class_name"] == "LSTMCell"
    assert rnn["cell"]["config"]["name"] == "lstm_cell"
    bi = L.Bidirectional(L.GRU(3)).get_config()
    assert bi["name"] == "bidirectional" and bi["merge_mode"] == "concat"
    assert bi["layer"]["config"]["name"] == "forward_gru_1"   # "gru" was taken above
    assert bi["backward_layer"]["config"]["name"] == "backward_gru_1"
    assert bi["backward_layer"]["config"]["go_backwards"] is True


@pytest.mark.parametrize("make", [
    lambda: L.SimpleRNN(3), lambda: L.LSTM(3, return_state=True),
    lambda: L.GRU(2, reset_after=False), lambda: L.RNN(L.GRUCell(2)),
    lambda: L.Bidirectional(L.LSTM(3, return_sequences=True), merge_mode="ave")])
def test_serialize_round_trip(make):
    layer = make()
    layer(keras.Input((5, 3)))
    new = L.deserialize(L.serialize(layer))
    assert type(new) is type(layer) and new.get_config() == layer.get_config()


def test_compute_output_shape_matches_keras():
    assert L.LSTM(3, return_state=True, return_sequences=True).compute_output_shape(
        (None, 5, 2)) == ((None, 5, 3), (None, 3), (None, 3))
    assert L.Bidirectional(L.GRU(3)).compute_output_shape((None, 5, 2)) == (None, 6)
    assert L.Bidirectional(L.LSTM(3, return_state=True)).compute_output_shape(
        (None, 5, 2)) == ((None, 6), (None, 3), (None, 3), (None, 3), (None, 3))
    assert L.SimpleRNN(4).compute_output_shape((8, 5, 2)) == (8, 4)


# -- behaviour -------------------------------------------------------------------------------
def _variable_length_model(steps, kind, tokens, **kw):
    if tokens:  # the usual text model: Input((None,)) -> Embedding(mask_zero) -> LSTM
        inp = keras.Input((steps,))
        h = L.Embedding(10, 5, mask_zero=True)(inp)
    else:
        inp = h = keras.Input((steps, 5))
    layer = {"lstm": L.LSTM, "gru": L.GRU, "rnn": L.SimpleRNN}[kind]
    out = L.Bidirectional(layer(3, **kw))(h) if kw.pop("bi", False) else layer(3, **kw)(h)
    if isinstance(out, (list, tuple)):
        out = L.Concatenate()(list(out))
    if len(out.shape) == 3:
        out = L.GlobalAveragePooling1D()(out)
    return keras.Model(inp, L.Dense(3)(out))


@pytest.mark.parametrize("kind,tokens,kw", [
    ("lstm", False, {}), ("gru", False, {"return_sequences": True}),
    ("rnn", True, {"go_backwards": True, "return_sequences": True}),
    ("lstm", True, {"return_state": True}), ("gru", True, {"bi": True}),
    ("gru", False, {"reset_after": False, "go_backwards": True})])
def test_unknown_number_of_steps_loops_with_the_unrolled_values(kind, tokens, kw):
    # Input((None, features)): a tf.while_loop over the steps; predictions, training losses
    # and the trained weights are those of the same model unrolled over 7 known steps
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 7, 5)).astype(np.float32)
    tok = rng.integers(1, 9, (4, 7))
    tok[1, 4:] = 0
    tok[2, 2:] = 0
    y = rng.standard_normal((4, 3)).astype(np.float32)
    data = tok if tokens else x
    results, weights = [], None
    for steps in (7, None):
        model = _variable_length_model(steps, kind, tokens, **kw)
        if weights is None:
            weights = model.get_weights()
        else:
            model.set_weights(weights)
        model.compile("adam", "mse")
        pred = model.predict(data, verbose=0)
        loss = model.fit(data, y, epochs=2, batch_size=2, shuffle=False,
                         verbose=0).history["loss"]
        results.append((pred, loss, model.get_weights()))
    (p7, l7, w7), (pn, ln, wn) = results
    np.testing.assert_allclose(pn, p7, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ln, l7, rtol=1e-5)
    for a, b in zip(wn, w7):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
    if tokens:  # other lengths run through the same model
        assert model.predict(data[:, :3], verbose=0).shape == (4, 3)
        assert model.predict(np.concatenate([data, data], 1), verbose=0).shape == (4, 3)


def test_stateful_not_supported():
    with pytest.raises(NotImplementedError, match="stateful"):
        L.GRU(2, stateful=True)


def test_dropout_only_in_training():
    model = keras.Sequential([keras.Input((4, 3)),
                              L.LSTM(3, dropout=0.5, recurrent_dropout=0.5, seed=1),
                              L.Dense(1)])
    model.compile("sgd", "mse")
    a, b = model.predict(X, verbose=0), model.predict(X, verbose=0)
    np.testing.assert_array_equal(a, b)
    model.fit(X, Y, epochs=2, verbose=0)      # the dropout masks build and train


def test_initial_state_in_functional_model():
    inp, h0, c0 = keras.Input((4, 3)), keras.Input((2,)), keras.Input((2,))
    out, h, c = L.LSTM(2, return_state=True)(inp, initial_state=[h0, c0])
    model = keras.Model([inp, h0, c0], [out, h, c])
    zeros = np.zeros((2, 2), "float32")
    got = model.predict([X, zeros, zeros], verbose=0)
    assert [g.shape for g in got] == [(2, 2)] * 3
    np.testing.assert_allclose(got[0], got[1])


def test_cell_called_alone():
    cell = L.LSTMCell(3)
    out, states = cell(np.ones((2, 4), "float32"), [np.zeros((2, 3), "float32")] * 2)
    assert out.shape == (2, 3) and len(states) == 2


@pytest.mark.parametrize("make", [
    lambda: L.SimpleRNN(2, return_sequences=True, dtype="float64"),
    lambda: L.LSTM(2, return_sequences=True, dtype="float64"),
    lambda: L.GRU(2, return_sequences=True, dtype="float64"),
    lambda: L.GRU(2, return_sequences=True, reset_after=False, dtype="float64"),
    lambda: L.Bidirectional(L.LSTM(2, dtype="float64", return_sequences=True),
                            dtype="float64")])
def test_gradients_match_numerical_differences(make):
    """Backpropagation through the unrolled steps (with a mask) vs central differences."""
    import tensorweave.compat.v1 as tf
    from tensorweave.ops.reduce import reduce_sum
    rng = np.random.default_rng(3)
    x = tf.placeholder("float64", (2, 3, 2))
    mask = tf.placeholder("bool", (2, 3))
    layer = make()
    out = layer(x, mask=mask)
    coeff = rng.normal(size=(2, 3, out.shape.as_tuple()[-1]))
    loss = reduce_sum(out * coeff)
    weights = layer.weights
    grads = tf.gradients(loss, [x] + [w.value for w in weights])
    sess = keras.backend.get_session()
    xv = rng.normal(size=(2, 3, 2))
    feed = {x: xv, mask: np.array([[True, True, False], [True, False, True]])}
    values = [rng.normal(scale=0.5, size=w.shape) for w in weights]
    layer.set_weights(values)
    analytic = sess.run(grads, feed)

    def loss_at(xval, wvals):
        layer.set_weights(wvals)
        return sess.run(loss, {**feed, x: xval})

    eps = 1e-6
    params = [xv] + values
    for k, p in enumerate(params):
        direction = rng.normal(size=p.shape)
        plus = [q + eps * direction if i == k else q for i, q in enumerate(params)]
        minus = [q - eps * direction if i == k else q for i, q in enumerate(params)]
        numeric = (loss_at(plus[0], plus[1:]) - loss_at(minus[0], minus[1:])) / (2 * eps)
        np.testing.assert_allclose(np.sum(analytic[k] * direction), numeric, rtol=1e-6,
                                   atol=1e-8)
