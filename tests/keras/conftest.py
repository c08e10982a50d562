"""Each Keras test starts from a fresh Keras session (new default graph, layer names from
``dense`` again) and, unless it seeds otherwise, a fixed seed."""
import numpy as np
import pytest


@pytest.fixture(autouse=True)
def fresh_keras_session():
    from tensorweave import keras
    keras.backend.clear_session()
    keras.backend.set_global_seed(None)
    yield
    keras.backend.clear_session()
    keras.backend.set_global_seed(None)


@pytest.fixture
def keras():
    from tensorweave import keras as k
    return k


@pytest.fixture
def blobs():
    """A small 3-class problem: 300 samples of 8 features around 3 centres."""
    rng = np.random.default_rng(0)
    centres = rng.normal(scale=3.0, size=(3, 8)).astype("float32")
    y = rng.integers(0, 3, 300)
    x = centres[y] + rng.normal(size=(300, 8)).astype("float32")
    return x, y
