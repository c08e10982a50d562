"""``tensorweave.keras``: the Keras API on tensorweave graphs.

Ordinary Keras code runs as is::

    from tensorweave import keras
    model = keras.Sequential()
    model.add(keras.layers.Dense(512, activation="relu", input_shape=(784,)))
    model.add(keras.layers.Dropout(0.2))
    model.add(keras.layers.Dense(10, activation="softmax"))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, batch_size=128, epochs=5, validation_split=0.1)

Layers build ops in the default tensorweave graph; ``fit`` compiles one train-step graph and
runs it once per batch through a ``Session``. Names, defaults and printed formats follow
Keras 3; Keras 1 spellings (``Dense(output_dim=…)``, ``SGD(lr=…)``, ``fit(nb_epoch=…)``) are
accepted with a DeprecationWarning.
"""

import importlib as _importlib

from . import activations, backend, callbacks, constraints, initializers, layers, losses
from . import optimizers, regularizers, utils
from .backend import Variable, clear_session
from .layers import Input, InputSpec, Layer
from .models import Model, Sequential, Functional
from . import models
from .constraints import Constraint
from .initializers import Initializer
from .losses import Loss
from .optimizers import Optimizer
from .regularizers import Regularizer

__version__ = "3.15.1-tensorweave"

__all__ = ["Sequential", "Model", "Functional", "Input", "Layer", "InputSpec", "Variable",
           "layers", "models", "optimizers", "losses", "metrics", "activations",
           "initializers", "regularizers", "constraints", "callbacks", "utils", "backend",
           "datasets", "saving", "ops", "clear_session", "Loss", "Metric", "Optimizer",
           "Initializer", "Regularizer", "Constraint"]

_LAZY = ("metrics", "datasets", "saving", "ops")


def __getattr__(name):
    if name == "Metric":  # keras.Metric, the base class (keras.metrics is loaded lazily)
        return __getattr__("metrics").Metric
    if name in _LAZY:
        try:
            module = _importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as e:
            if name == "metrics" and e.name == f"{__name__}.metrics":
                from . import _metrics as module
            else:
                raise
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# A Keras program runs eagerly, as Keras 3 does (``model(x).numpy()``, ``keras.ops`` on
# arrays), unless a TF 1 program's graph mode was selected first (tensorweave/context.py)
from ..context import selecting_module as _selecting_module  # noqa: E402

_selecting_module(__name__, eager=True, first=True)
del _selecting_module
