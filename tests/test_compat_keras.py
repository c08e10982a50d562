"""``tf.keras`` in ``tensorweave.compat.v1``: the Keras package, loaded on first use."""
import subprocess
import sys

import numpy as np
import pytest

import tensorweave.compat.v1 as tf


def test_import_does_not_load_keras():
    code = ("import sys, tensorweave.compat.v1 as tf\n"
            "assert not [m for m in sys.modules if m.startswith('tensorweave.keras')], 'eager'\n"
            "keras = tf.keras\n"
            "assert 'tensorweave.keras' in sys.modules\n"
            "assert keras is sys.modules['tensorweave.keras']\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_tf_keras_is_tensorweave_keras():
    from tensorweave import keras
    assert tf.keras is keras
    assert tf.keras.layers.Dense is keras.layers.Dense
    from tensorweave.compat.v1 import keras as imported
    assert imported is keras
    assert "keras" in dir(tf)  # cached as a module attribute after first use


def test_other_lazy_attributes_still_work():
    pytest.importorskip("tensorboard")
    assert tf.Summary is tf.summary.Summary
    assert tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)]).value[0].tag == "a"
    with pytest.raises(AttributeError, match="no attribute 'no_such_thing'"):
        tf.no_such_thing  # noqa: B018
    assert not hasattr(tf, "Keras")


def test_tf_keras_model_trains():
    tf.keras.backend.clear_session()
    tf.keras.utils.set_random_seed(0)
    model = tf.keras.Sequential([tf.keras.Input((2,)), tf.keras.layers.Dense(1)])
    model.compile(tf.keras.optimizers.SGD(0.1), "mse")
    x = np.random.default_rng(0).normal(size=(64, 2)).astype("float32")
    y = x @ np.array([[2.0], [-1.0]], "float32")
    history = model.fit(x, y, epochs=20, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 0.01 * history.history["loss"][0]
    tf.keras.backend.clear_session()
