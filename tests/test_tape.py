"""GradientTape: what it watches, what it returns, persistence, nesting, and jacobians
(values as TF 2 gives them)."""

import numpy as np
import pytest

import tensorweave as tw


def test_gradient_of_a_variable_expression():
    x = tw.Variable(3.0)
    with tw.GradientTape() as tape:
        y = x * x
    assert float(tape.gradient(y, x)) == 6.0


def test_constants_are_watched_only_when_asked():
    x = tw.constant(3.0)
    with tw.GradientTape() as tape:
        y = x * x
    assert tape.gradient(y, x) is None
    with tw.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert float(tape.gradient(y, x)) == 6.0


def test_non_persistent_tape_answers_once():
    x = tw.Variable(2.0)
    with tw.GradientTape() as tape:
        y = x ** 3
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="non-persistent GradientTape can only be used"):
        tape.gradient(y, x)


def test_persistent_tape_answers_several_times():
    x = tw.constant(3.0)
    with tw.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert float(tape.gradient(z, x)) == 108.0  # 4 x^3
    assert float(tape.gradient(y, x)) == 6.0


def test_second_derivative_with_nested_tapes():
    x = tw.Variable(2.0)
    with tw.GradientTape() as outer:
        with tw.GradientTape() as inner:
            y = x ** 3
        dy = inner.gradient(y, x)
    assert float(dy) == 12.0
    assert float(outer.gradient(dy, x)) == 12.0  # 6 x


def test_watch_accessed_variables_false_and_watched_variables():
    a, b = tw.Variable(1.0, name="a"), tw.Variable(2.0, name="b")
    with tw.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(b)
        y = a * b
    assert [v.name for v in tape.watched_variables()] == ["b:0"]
    ga, gb = tape.gradient(y, [a, b])
    assert ga is None and float(gb) == 1.0
    with tw.GradientTape() as tape:
        y = b * a  # read b first: still listed in the order they were made
    assert [v.name for v in tape.watched_variables()] == ["a:0", "b:0"]


def test_untrainable_variables_are_not_watched():
    w = tw.Variable(2.0, trainable=False)
    with tw.GradientTape() as tape:
        y = w * w
    assert tape.gradient(y, w) is None


def test_sources_keep_their_structure_and_unconnected_gradients():
    w = tw.Variable([[1.0, 2.0]])
    b = tw.Variable([0.5])
    unused = tw.Variable(7.0)
    x = tw.constant([[3.0], [4.0]])
    with tw.GradientTape(persistent=True) as tape:
        y = tw.reduce_sum(tw.matmul(x, w) + b)
    grads = tape.gradient(y, {"w": w, "b": b, "unused": unused})
    np.testing.assert_array_equal(grads["w"].numpy(), [[7.0, 7.0]])
    np.testing.assert_array_equal(grads["b"].numpy(), [4.0])  # broadcast over 2x2: reduced
    assert grads["unused"] is None
    zero = tape.gradient(y, [unused], unconnected_gradients=tw.UnconnectedGradients.ZERO)
    assert float(zero[0]) == 0.0
    assert float(tape.gradient(y, unused, unconnected_gradients="zero")) == 0.0


def test_a_value_used_twice_sums_its_gradients():
    x = tw.Variable(3.0)
    with tw.GradientTape() as tape:
        y = x * x + tw.sin(x)
    np.testing.assert_allclose(float(tape.gradient(y, x)), 6.0 + np.cos(3.0), rtol=1e-6)


def test_several_targets_and_output_gradients():
    x = tw.constant([1.0, 2.0])
    with tw.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y1, y2 = x * 2, x * x
    np.testing.assert_array_equal(tape.gradient([y1, y2], x).numpy(), [4.0, 6.0])
    g = tape.gradient(y2, x, output_gradients=tw.constant([10.0, 1.0]))
    np.testing.assert_array_equal(g.numpy(), [20.0, 4.0])


def test_integer_values_carry_no_gradient():
    x = tw.constant(3)
    with tw.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert tape.gradient(y, x) is None


def test_stop_recording_and_stop_gradient():
    x = tw.Variable(2.0)
    with tw.GradientTape() as tape:
        y = x * x
        with tape.stop_recording():
            z = x * 10.0
        w = y + tw.stop_gradient(y) + z
    assert float(tape.gradient(w, x)) == 4.0


def test_reset_forgets_what_was_recorded():
    x = tw.Variable(2.0)
    with tw.GradientTape() as tape:
        y = x * x
        tape.reset()
        z = x * 3.0
    assert tape.gradient(y, x) is None or float(tape.gradient(z, x)) == 3.0


def test_jacobian():
    x = tw.constant([1.0, 2.0, 3.0])
    with tw.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    j = tape.jacobian(y, x)
    np.testing.assert_array_equal(j.numpy(), np.diag([2.0, 4.0, 6.0]))


def test_gradients_of_a_small_network_match_numpy():
    rng = np.random.default_rng(0)
    xv = rng.normal(size=(8, 5)).astype(np.float32)
    yv = rng.normal(size=(8, 3)).astype(np.float32)
    w1v = rng.normal(size=(5, 4)).astype(np.float32)
    w2v = rng.normal(size=(4, 3)).astype(np.float32)
    w1, w2 = tw.Variable(w1v), tw.Variable(w2v)
    with tw.GradientTape() as tape:
        h = tw.nn.relu(tw.matmul(xv, w1))
        loss = tw.reduce_mean(tw.reduce_sum((tw.matmul(h, w2) - yv) ** 2, axis=1))
    g1, g2 = tape.gradient(loss, [w1, w2])
    hv = np.maximum(xv @ w1v, 0)
    gy = 2 * (hv @ w2v - yv) / 8
    np.testing.assert_allclose(g2.numpy(), hv.T @ gy, rtol=1e-5)
    np.testing.assert_allclose(g1.numpy(), xv.T @ ((gy @ w2v.T) * (hv > 0)), rtol=1e-5)


def test_eager_training_loop_learns():
    rng = np.random.default_rng(1)
    xv = rng.normal(size=(64, 3)).astype(np.float32)
    yv = xv @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3
    w, b = tw.Variable(tw.zeros((3, 1))), tw.Variable(tw.zeros((1,)))
    for _ in range(200):
        with tw.GradientTape() as tape:
            loss = tw.reduce_mean((tw.matmul(xv, w) + b - yv) ** 2)
        gw, gb = tape.gradient(loss, [w, b])
        w.assign_sub(0.1 * gw)
        b.assign_sub(0.1 * gb)
    np.testing.assert_allclose(w.numpy().ravel(), [1.0, -2.0, 0.5], atol=1e-3)
    np.testing.assert_allclose(b.numpy(), [0.3], atol=1e-3)


def test_tape_in_graph_mode_adds_gradient_ops():
    import tensorweave.compat.v1 as tf
    x = tf.placeholder(tf.float32, ())
    with tw.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    g = tape.gradient(y, x)
    with tf.Session() as sess:
        assert sess.run(g, {x: 3.0}) == 6.0


def test_keras_optimizers_apply_gradients_to_eager_variables():
    from tensorweave import keras

    def run(opt, steps=3):
        v = tw.Variable([1.0, 2.0])
        for _ in range(steps):
            with tw.GradientTape() as tape:
                loss = tw.reduce_sum(v * v)
            opt.apply_gradients(zip(tape.gradient(loss, [v]), [v]))
        return v.numpy(), int(opt.iterations.numpy())
    v, it = run(keras.optimizers.SGD(0.1))
    np.testing.assert_allclose(v, [0.512, 1.024], rtol=1e-6)
    assert it == 3
    # Keras 3 momentum: m = 0.9 m - lr g; v += m
    v, _ = run(tw.optimizers.SGD(0.1, momentum=0.9))
    np.testing.assert_allclose(v, [0.062, 0.124], rtol=1e-5)
    # Adam against its update rule written out
    v, _ = run(keras.optimizers.Adam(0.1), steps=2)
    w, m, s = np.array([1.0, 2.0]), 0.0, 0.0
    for t in (1, 2):
        g = 2 * w
        m, s = 0.9 * m + 0.1 * g, 0.999 * s + 0.001 * g * g
        alpha = 0.1 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
        w = w - alpha * m / (np.sqrt(s) + 1e-7)
    np.testing.assert_allclose(v, w, rtol=1e-5)


def test_an_optimizer_serves_one_set_of_eager_variables():
    from tensorweave import keras
    opt = keras.optimizers.SGD(0.1)
    a, b = tw.Variable(1.0), tw.Variable(2.0)
    opt.apply_gradients([(tw.constant(1.0), a)])
    with pytest.raises(ValueError, match="built for other variables"):
        opt.apply_gradients([(tw.constant(1.0), b)])


def test_keras_custom_training_loop_matches_train_on_batch():
    """TF 2's custom loop (tape over model(x), tape.gradient over trainable_variables,
    optimizer.apply_gradients) takes the same step as Keras's own train_on_batch."""
    from tensorweave import keras
    rng = np.random.default_rng(4)
    x = rng.normal(size=(16, 4)).astype(np.float32)
    y = rng.normal(size=(16, 2)).astype(np.float32)

    def make():
        keras.utils.set_random_seed(7)
        m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(2)])
        return m
    reference, model = make(), make()
    reference.set_weights(model.get_weights())
    reference.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    opt, loss_fn = keras.optimizers.SGD(0.05), keras.losses.MeanSquaredError()
    for _ in range(3):
        want = reference.train_on_batch(x, y)
        with tw.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        assert all(g is not None for g in grads)
        opt.apply_gradients(zip(grads, model.trainable_variables))
        np.testing.assert_allclose(float(loss), float(np.ravel(want)[0]), rtol=1e-5)
    for a, b in zip(model.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    assert int(opt.iterations.numpy()) == 3


def test_keras_functional_model_under_a_tape():
    from tensorweave import keras
    inp = keras.Input((3,))
    out = keras.layers.Dense(1, use_bias=False, kernel_initializer="ones")(inp)
    model = keras.Model(inp, out)
    x = tw.constant([[1.0, 2.0, 3.0]])
    with tw.GradientTape() as tape:
        y = tw.reduce_sum(model(x) ** 2)
    (g,) = tape.gradient(y, model.trainable_variables)
    np.testing.assert_allclose(g.numpy().ravel(), 2 * 6.0 * np.array([1.0, 2.0, 3.0]))


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta",
                                  "Adamax", "Nadam"])
def test_every_keras_optimizer_updates_eager_and_keras_variables_alike(name):
    from tensorweave import keras
    init = np.array([[1.0, 2.0], [3.0, -1.0]], np.float32)
    results = []
    for var in (tw.Variable(init), keras.Variable(init)):
        opt = getattr(keras.optimizers, name)(learning_rate=0.1)
        for _ in range(3):
            with tw.GradientTape() as tape:
                loss = tw.reduce_sum(var * var * tw.constant([[1.0, 2.0], [3.0, 4.0]]))
            opt.apply_gradients(zip(tape.gradient(loss, [var]), [var]))
        results.append(np.asarray(var.numpy()))
        assert int(opt.iterations.numpy()) == 3
    np.testing.assert_allclose(results[0], results[1], rtol=1e-6)
    assert not np.allclose(results[0], init)


def test_batch_jacobian():
    x = tw.constant([[1.0, 2.0], [3.0, 4.0]])
    w = tw.constant([[1.0, 2.0], [0.0, 1.0]])
    with tw.GradientTape() as tape:
        tape.watch(x)
        y = tw.matmul(x, w) * tw.constant([[1.0], [2.0]])
    j = tape.batch_jacobian(y, x)
    # y[b] = c_b * x[b] @ w: dy[b]_i / dx[b]_j = c_b * w[j, i]
    np.testing.assert_array_equal(j.numpy(), [w.numpy().T, 2 * w.numpy().T])


def test_unbuilt_keras_layers_and_models_build_inside_a_tape():
    from tensorweave import keras
    x = tw.constant(np.ones((4, 3), np.float32))

    class Doubled(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(2)

        def call(self, inputs):
            return self.dense(inputs) * 2.0
    for model in (keras.layers.Dense(2),
                  keras.Sequential([keras.layers.Dense(4, activation="relu"),
                                    keras.layers.Dense(1)]),
                  Doubled()):
        with tw.GradientTape() as tape:
            y = tw.reduce_sum(model(x))
        grads = tape.gradient(y, model.trainable_variables)
        assert grads and all(g is not None for g in grads)
        assert [g.shape.as_list() for g in grads] == \
            [list(v.shape) for v in model.trainable_variables]


def test_slices_of_a_variable_are_tensors_under_a_tape():
    v = tw.Variable([1.0, 2.0, 3.0])
    np.testing.assert_array_equal((v[1:] + 1).numpy(), [3.0, 4.0])
    assert float(v[0]) == 1.0
    with tw.GradientTape() as tape:
        z = v[1] * v[2]
    np.testing.assert_array_equal(tape.gradient(z, v).numpy(), [0.0, 3.0, 2.0])


def test_masked_sqrt_rsqrt_reciprocal_have_zero_gradient_where_masked():
    """TF's SqrtGrad, RsqrtGrad and ReciprocalGrad give 0 where the incoming gradient is
    0: where(x > 0, sqrt(x), 0) has gradient 0 at x = 0 (values from TF 2.21)."""
    x = tw.constant([0.0, 4.0])
    for fn, want in ((tw.sqrt, [0.0, 0.25]), (tw.math.rsqrt, [0.0, -0.0625]),
                     (tw.math.reciprocal, [0.0, -0.0625])):
        with tw.GradientTape() as tape:
            tape.watch(x)
            y = tw.where(x > 0, fn(x), 0.0)
        np.testing.assert_array_equal(tape.gradient(y, x).numpy(), want)
    with tw.GradientTape() as tape:
        tape.watch(x)
        y = tw.sqrt(x)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [np.inf, 0.25])
    got = tw.math.multiply_no_nan(tw.constant([np.inf, 2.0]), tw.constant([0.0, 3.0]))
    np.testing.assert_array_equal(got.numpy(), [0.0, 6.0])


def test_watched_variables_stay_after_a_non_persistent_gradient():
    # TF 2.21: watched_variables() still lists them after gradient()
    v = tw.Variable(2.0)
    with tw.GradientTape() as tape:
        y = v * v
    assert float(tape.gradient(y, v)) == 4.0
    assert tape.watched_variables() == (v,)
