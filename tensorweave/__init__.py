"""tensorweave: a readable deep-learning framework with TensorFlow's graph model.

``import tensorweave.compat.v1 as tf`` runs TensorFlow 1 programs (placeholders, Variables,
``tf.gradients``, ``Session``). The top-level package exposes the same ops and graph API.
"""

# flake8: noqa: F401,F403
from ._api import *
from ._api import (bool, range, round, abs, pow, slice, tuple, errors, nn, train, losses,
                   layers, initializers, newaxis)

__version__ = "0.1.0"


def __getattr__(name):
    # ``tensorweave.keras`` is imported on first use, so ``import tensorweave`` stays fast
    if name == "keras":
        import importlib
        module = importlib.import_module(".keras", __name__)
        globals()["keras"] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
