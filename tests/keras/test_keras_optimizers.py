"""keras.optimizers: the first steps of each optimizer against NumPy implementations of
Keras 3's update rules."""
import numpy as np
import pytest

from tensorweave import keras
from tensorweave.ops.state import placeholder

W0 = np.array([[0.5, -1.0, 2.0], [0.1, 0.0, -0.3]], "float32")
GRADS = [np.array([[0.2, -0.1, 0.4], [1.5, -2.0, 0.05]], "float32") * (k + 1) * (-1) ** k
         for k in range(4)]


def run_steps(optimizer, grads=GRADS, w0=W0, constraint=None):
    """Applies ``grads`` one step each to a variable starting at ``w0``; returns the
    values after each step."""
    var = keras.Variable(w0, name="w")
    var.constraint = constraint
    g = placeholder("float32", w0.shape)
    step = optimizer.apply_gradients([(g, var)])
    sess = keras.backend.get_session()
    out = []
    for grad in grads:
        sess.run(step, {g: grad})
        out.append(var.numpy())
    return out


def reference(update, grads=GRADS, w0=W0, state=None):
    w = w0.astype("float64")
    state = dict(state or {})
    out = []
    for t, g in enumerate(grads, start=1):
        w = update(w, g.astype("float64"), t, state)
        out.append(w)
    return out


def check(optimizer, update, rtol=1e-5, **kwargs):
    got = run_steps(optimizer, **{k: v for k, v in kwargs.items() if k != "state"})
    want = reference(update, state=kwargs.get("state"),
                     **{k: v for k, v in kwargs.items() if k in ("grads", "w0")})
    for step, (a, b) in enumerate(zip(got, want)):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-6, err_msg=f"step {step + 1}")


def sgd(lr=0.01, momentum=0.0, nesterov=False):
    def update(w, g, t, s):
        if momentum == 0:
            return w - lr * g
        m = s.get("m", 0.0)
        m = momentum * m - lr * g
        s["m"] = m
        return w + (momentum * m - lr * g if nesterov else m)
    return update


def adam(lr=0.001, b1=0.9, b2=0.999, eps=1e-7, amsgrad=False, wd=None):
    def update(w, g, t, s):
        if wd is not None:
            w = w - w * wd * lr
        m = s.get("m", 0.0) + (g - s.get("m", 0.0)) * (1 - b1)
        v = s.get("v", 0.0) + (g * g - s.get("v", 0.0)) * (1 - b2)
        s["m"], s["v"] = m, v
        if amsgrad:
            v = np.maximum(s.get("vhat", 0.0), v)
            s["vhat"] = v
        alpha = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        return w - m * alpha / (np.sqrt(v) + eps)
    return update


def rmsprop(lr=0.001, rho=0.9, momentum=0.0, eps=1e-7, centered=False):
    def update(w, g, t, s):
        v = rho * s.get("v", 0.0) + (1 - rho) * g * g
        s["v"] = v
        if centered:
            a = rho * s.get("a", 0.0) + (1 - rho) * g
            s["a"] = a
            denom = v - a * a + eps
        else:
            denom = v + eps
        inc = lr * g / np.sqrt(denom)
        if momentum > 0:
            m = momentum * s.get("m", 0.0) + inc
            s["m"] = m
            return w - m
        return w - inc
    return update


def adagrad(lr=0.001, init=0.1, eps=1e-7):
    def update(w, g, t, s):
        acc = s.get("acc", init) + g * g
        s["acc"] = acc
        return w - lr * g / np.sqrt(acc + eps)
    return update


def adadelta(lr=0.001, rho=0.95, eps=1e-7):
    def update(w, g, t, s):
        ag = rho * s.get("ag", 0.0) + (1 - rho) * g * g
        delta = -np.sqrt(s.get("ad", 0.0) + eps) * g / np.sqrt(ag + eps)
        s["ad"] = rho * s.get("ad", 0.0) + (1 - rho) * delta * delta
        s["ag"] = ag
        return w + lr * delta
    return update


CASES = [
    ("SGD default", lambda: keras.optimizers.SGD(), sgd()),
    ("SGD momentum", lambda: keras.optimizers.SGD(0.1, momentum=0.9), sgd(0.1, 0.9)),
    ("SGD nesterov", lambda: keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
     sgd(0.1, 0.9, True)),
    ("Adam default", lambda: keras.optimizers.Adam(), adam()),
    ("Adam custom", lambda: keras.optimizers.Adam(0.05, beta_1=0.8, beta_2=0.99,
                                                  epsilon=1e-3), adam(0.05, 0.8, 0.99, 1e-3)),
    ("Adam amsgrad", lambda: keras.optimizers.Adam(0.01, amsgrad=True),
     adam(0.01, amsgrad=True)),
    ("AdamW", lambda: keras.optimizers.AdamW(0.01), adam(0.01, wd=0.004)),
    ("RMSprop default", lambda: keras.optimizers.RMSprop(), rmsprop()),
    ("RMSprop momentum", lambda: keras.optimizers.RMSprop(0.01, momentum=0.5),
     rmsprop(0.01, momentum=0.5)),
    ("RMSprop centered", lambda: keras.optimizers.RMSprop(0.01, centered=True),
     rmsprop(0.01, centered=True)),
    ("Adagrad", lambda: keras.optimizers.Adagrad(0.1), adagrad(0.1)),
    ("Adadelta", lambda: keras.optimizers.Adadelta(1.0), adadelta(1.0)),
]


@pytest.mark.parametrize("make, update", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_first_steps_match_keras3_rules(make, update):
    check(make(), update)


def test_string_names_give_keras3_defaults():
    adam_ = keras.optimizers.get("adam")
    assert isinstance(adam_, keras.optimizers.Adam)
    assert (adam_.beta_1, adam_.beta_2, adam_.epsilon) == (0.9, 0.999, 1e-7)
    rms = keras.optimizers.get("rmsprop")
    assert (rms.rho, rms.epsilon, rms.momentum) == (0.9, 1e-7, 0.0)
    sgd_ = keras.optimizers.get("sgd")
    assert float(sgd_.learning_rate) == pytest.approx(0.01)
    assert keras.optimizers.get("adagrad").initial_accumulator_value == 0.1
    assert keras.optimizers.get("adadelta").rho == 0.95
    with pytest.raises(ValueError, match="optimizer"):
        keras.optimizers.get("nope")


def test_weight_decay_on_any_optimizer():
    check(keras.optimizers.SGD(0.1, weight_decay=0.5),
          lambda w, g, t, s: (w - w * 0.5 * 0.1) - 0.1 * g)


def test_gradient_clipping():
    def clipped(fn):
        return lambda w, g, t, s: w - 0.1 * fn(g)
    norm = np.linalg.norm
    check(keras.optimizers.SGD(0.1, clipnorm=1.0),
          clipped(lambda g: g * min(1.0, 1.0 / norm(g))))
    check(keras.optimizers.SGD(0.1, clipvalue=0.3), clipped(lambda g: np.clip(g, -0.3, 0.3)))
    check(keras.optimizers.SGD(0.1, global_clipnorm=0.5),
          clipped(lambda g: g * min(1.0, 0.5 / norm(g))))


def test_constraint_applied_after_the_update():
    got = run_steps(keras.optimizers.SGD(1.0), constraint=keras.constraints.NonNeg())
    assert all((w >= 0).all() for w in got)


def test_learning_rate_variable_can_be_set_and_iterations_count():
    opt = keras.optimizers.SGD(0.1)
    var = keras.Variable(np.zeros(2, "float32"), name="v")
    g = placeholder("float32", (2,))
    step = opt.apply_gradients([(g, var)])
    sess = keras.backend.get_session()
    sess.run(step, {g: np.ones(2)})
    np.testing.assert_allclose(var.numpy(), [-0.1, -0.1])
    opt.learning_rate = 0.5
    assert float(opt.learning_rate) == 0.5
    sess.run(step, {g: np.ones(2)})
    np.testing.assert_allclose(var.numpy(), [-0.6, -0.6], rtol=1e-6)
    assert int(opt.iterations.numpy()) == 2
    # "iteration", as Keras 3.15 names it (recorded on Keras 3.15 / TF 2.21)
    assert [v.path for v in opt.variables] == ["sgd/iteration", "sgd/learning_rate"]


def test_adam_slots_are_named_like_keras3():
    opt = keras.optimizers.Adam()
    run_steps(opt, grads=GRADS[:1])
    assert [v.path for v in opt.variables] == [
        "adam/iteration", "adam/learning_rate", "adam/w_momentum", "adam/w_velocity"]


def test_learning_rate_schedule():
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=2, decay_rate=0.5)

    def update(w, g, t, s):
        return w - 0.1 * 0.5 ** ((t - 1) / 2) * g
    check(keras.optimizers.SGD(schedule), update)
    pc = keras.optimizers.schedules.PiecewiseConstantDecay([1], [0.1, 0.01])
    check(keras.optimizers.SGD(pc), lambda w, g, t, s: w - (0.1 if t <= 2 else 0.01) * g)


def test_keras1_lr_spelling():
    with pytest.warns(DeprecationWarning, match="`lr` is deprecated.*`learning_rate`"):
        opt = keras.optimizers.SGD(lr=1.0)
    assert float(opt.learning_rate) == 1.0
    opt.lr = 0.25
    assert float(opt.lr) == 0.25


def test_config_round_trip():
    opt = keras.optimizers.Adam(0.002, beta_1=0.8, amsgrad=True, clipnorm=1.0)
    config = opt.get_config()
    # Keras 3.15 on TF 2.21 reports the float32 variable's value: 0.0020000000949949026
    assert config["learning_rate"] == float(np.float32(0.002)) and config["beta_1"] == 0.8
    assert config["amsgrad"] is True and config["clipnorm"] == 1.0
    again = keras.optimizers.Adam.from_config(config)
    assert again.get_config() == config
    serialized = keras.optimizers.serialize(opt)
    assert serialized["class_name"] == "Adam"
    assert isinstance(keras.optimizers.deserialize(serialized), keras.optimizers.Adam)


def test_fit_with_each_optimizer_lowers_the_loss(blobs):
    x, y = blobs
    for name in ("sgd", "adam", "rmsprop", "adagrad", "adamw"):
        keras.backend.clear_session()
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3)])
        opt = keras.optimizers.get(name)
        opt.learning_rate = 0.05
        model.compile(opt, keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        history = model.fit(x, y, batch_size=50, epochs=3, verbose=0)
        assert history.history["loss"][-1] < history.history["loss"][0], name


# -- use_ema (expected values recorded from Keras 3.15 on TensorFlow 2.21) -----------------------

def _ema_fit(optimizer):
    x = np.linspace(-1, 1, 20).reshape(-1, 1).astype("float32")
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.set_weights([np.array([[0.1]], "float32"), np.array([0.0], "float32")])
    model.compile(optimizer, "mse")
    history = model.fit(x, 3 * x, epochs=2, batch_size=5, verbose=0, shuffle=False)
    return model, history, x


def test_use_ema_sets_the_weights_to_their_moving_average_after_fit():
    model, history, x = _ema_fit(keras.optimizers.SGD(0.1, use_ema=True, ema_momentum=0.5))
    np.testing.assert_allclose(history.history["loss"], [3.0018317699432373, 1.5685971975326538],
                               rtol=1e-5)
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(kernel, [[1.3608661890029907]], rtol=1e-5)
    np.testing.assert_allclose(bias, [0.017612621188163757], rtol=1e-5)
    np.testing.assert_allclose(model.evaluate(x, 3 * x, verbose=0), 0.9901689291000366,
                               rtol=1e-5)


def test_use_ema_overwrite_frequency():
    model, history, _ = _ema_fit(keras.optimizers.Adam(
        0.1, use_ema=True, ema_momentum=0.9, ema_overwrite_frequency=3))
    np.testing.assert_allclose(history.history["loss"], [3.127254009246826, 2.684506893157959],
                               rtol=1e-5)
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(kernel, [[0.2887529134750366]], rtol=1e-5)
    np.testing.assert_allclose(bias, [-0.120466448366642], rtol=1e-5, atol=1e-6)
