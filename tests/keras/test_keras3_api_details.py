"""Keras 3 details found by differential tests against Keras 3.15 (TF backend): schedules
called with integer steps, ``Sequential.outputs``, seeded initializers that repeat their
values, and the base classes at the top of the namespace. Expected values recorded from
Keras 3.15."""

import numpy as np
import pytest

from tensorweave import keras


def test_schedules_take_integer_steps():
    s = keras.optimizers.schedules
    cases = [(s.ExponentialDecay(0.1, 3, 0.5), 3, 0.05),
             (s.ExponentialDecay(0.1, 3, 0.5, staircase=True), np.int64(4), 0.05),
             (s.PiecewiseConstantDecay([2, 4], [1.0, 0.5, 0.1]), 3, 0.5),
             (s.CosineDecay(0.1, 100), 0, 0.1),
             (s.InverseTimeDecay(0.1, 10, 0.5), 5, 0.08),
             (s.PolynomialDecay(0.1, 10), 5, 0.05005)]
    for schedule, step, want in cases:
        np.testing.assert_allclose(float(schedule(step)), want, rtol=1e-6)
    assert [round(float(s.ExponentialDecay(1.0, 1, 0.5)(i)), 4) for i in range(3)] == \
        [1.0, 0.5, 0.25]


def test_sequential_inputs_and_outputs_build_a_functional_model():
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(4), keras.layers.Dense(2)])
    assert len(model.outputs) == 1 and model.output.shape == (None, 2)
    assert model.input.shape == (None, 6)
    same = keras.Model(model.inputs, model.outputs)
    x = np.random.default_rng(0).standard_normal((3, 6)).astype(np.float32)
    np.testing.assert_allclose(same.predict(x, verbose=0), model.predict(x, verbose=0))
    with pytest.raises(AttributeError, match="has no defined outputs yet"):
        keras.Sequential([keras.layers.Dense(2)]).outputs
    # outputs=[y]: one output, unpacked as Keras 3 does (predict gives an array, call a tensor)
    x_in = keras.Input((6,))
    y_out = keras.layers.Dense(2)(x_in)
    single = keras.Model([x_in], [y_out])
    assert single.predict(x, verbose=0).shape == (3, 2)
    assert single(x).shape == (3, 2)
    with pytest.raises(AttributeError, match="never been called"):
        keras.Sequential([keras.layers.Dense(2)]).output


def test_a_seeded_initializer_repeats_its_values():
    for init in (keras.initializers.GlorotUniform(seed=1), keras.initializers.RandomNormal(seed=3),
                 keras.initializers.Orthogonal(seed=2), keras.initializers.HeNormal(seed=4)):
        a, b = np.asarray(init((3, 3))), np.asarray(init((3, 3)))
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, np.asarray(type(init)(seed=init.seed)((3, 3))))
    unseeded = keras.initializers.GlorotUniform()
    assert not np.array_equal(np.asarray(unseeded((3, 3))), np.asarray(unseeded((3, 3))))


def test_base_classes_at_the_top_of_the_namespace():
    assert keras.Loss is keras.losses.Loss and keras.Metric is keras.metrics.Metric
    assert keras.Optimizer is keras.optimizers.Optimizer
    assert keras.Initializer is keras.initializers.Initializer
    assert keras.Regularizer is keras.regularizers.Regularizer
    assert keras.Constraint is keras.constraints.Constraint

    class Squared(keras.Loss):
        def call(self, y_true, y_pred):
            return keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)
    assert float(Squared()(np.ones((2, 2)), np.zeros((2, 2)))) == 1.0


def test_inputs_fitted_to_the_model_as_keras_3_does():
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(2)])
    model.compile("sgd", "mse")
    # a trailing axis of 1 too many is squeezed (Keras 3 trains on (10, 6, 1) for (None, 6))
    model.fit(np.ones((10, 6, 1)), np.ones((10, 2)), verbose=0)
    assert model.predict(np.ones((3, 6, 1)), verbose=0).shape == (3, 2)
    for bad in (np.ones((10, 5)), np.ones((10, 6, 2))):
        with pytest.raises(ValueError, match=r'Input 0 of layer "sequential.*" is incompatible '
                                             r"with the layer: expected shape=\(None, 6\)"):
            model.fit(bad, np.ones((10, 2)), verbose=0)
    flat = keras.Sequential([keras.Input((4, 1)), keras.layers.Flatten(), keras.layers.Dense(2)])
    assert flat.predict(np.ones((3, 4)), verbose=0).shape == (3, 2)  # one axis added


def test_dict_outputs_in_sorted_key_order_as_keras_flattens_them():
    # Keras 3.15 recorded: layers ['x', 'hid', 'cls_head', 'reg_head'], weights in that
    # order; predict gives the dict as built ('reg' first); history keys by output name
    inp = keras.Input((4,), name="x")
    h = keras.layers.Dense(3, name="hid")(inp)
    model = keras.Model(inp, {"reg": keras.layers.Dense(1, name="reg_head")(h),
                              "cls": keras.layers.Dense(2, name="cls_head")(h)})
    assert [layer.name for layer in model.layers] == ["x", "hid", "cls_head", "reg_head"]
    assert [w.shape for w in model.get_weights()] == [(4, 3), (3,), (3, 2), (2,), (3, 1), (1,)]
    pred = model.predict(np.ones((2, 4)), verbose=0)
    assert list(pred) == ["reg", "cls"] and pred["reg"].shape == (2, 1)
    model.compile("sgd", {"reg": "mse", "cls": "mse"})
    history = model.fit(np.ones((4, 4)), {"reg": np.ones((4, 1)), "cls": np.ones((4, 2))},
                        verbose=0)
    assert sorted(history.history) == ["cls_loss", "loss", "reg_loss"]
