"""tensorweave: a readable deep-learning framework with TensorFlow's two ways to run.

``import tensorweave as tw`` is the TensorFlow 2-style namespace: ops run eagerly
(``tw.constant([1., 2.]) * 2`` is a value), ``tw.GradientTape`` records them for gradients
and ``tw.function`` compiles Python into a graph. ``import tensorweave.compat.v1 as tf`` runs
TensorFlow 1 programs (placeholders, Variables, ``tf.gradients``, ``Session``). The
namespace a program reads selects the mode (see ``tensorweave.context``); the graph API
(``Graph``, ``Session``, ``placeholder``) stays here too, for code that enters a graph.
"""

# flake8: noqa: F401,F403
from ._api import *
from ._api import (bool, range, round, abs, pow, slice, tuple, errors, train, layers,
                   initializers, newaxis)
from . import nest
from .context import executing_eagerly
from .tensor_spec import TensorSpec
from .eager_variables import init_scope
from .function import function
from .module import Module
from .tape import GradientTape, UnconnectedGradients, custom_gradient
from .tensor_array import TensorArray
from .ops.math import where_v2 as where  # TF 2's tf.where broadcasts (compat.v1's: Select)
from .ops.math import (tan, asin, acos, atan, sinh, cosh, asinh, acosh, atanh,  # noqa: F401
                       atan2)  # TF 2 keeps these at the top level too
from .v2_signatures import shape, size, argmax, argmin, pad, gather, while_loop  # TF 2's
from .v2_signatures import ensure_shape
from .v2_signatures import nn_namespace as _nn_namespace

nn = _nn_namespace()  # TF 1's nn with TF 2's signatures (tf.nn.dropout(x, rate))

__version__ = "0.1.0"

# TF 2 names that live in the compat.v1 module (built there once), loaded on first use
_FROM_V1 = ("linalg", "dtypes", "bitwise", "debugging", "print", "map_fn", "scan",
            "foldl", "foldr", "roll", "repeat", "unique_with_counts", "py_function",
            "numpy_function", "tensor_scatter_nd_update", "tensor_scatter_nd_add",
            "tensor_scatter_nd_sub", "tensor_scatter_nd_max", "tensor_scatter_nd_min",
            "data", "get_logger")


def __getattr__(name):
    # imported on first use, so that ``import tensorweave`` stays fast
    import importlib
    if name == "keras":
        value = importlib.import_module(".keras", __name__)
    elif name in ("optimizers", "losses", "metrics"):  # TF 2's tf.losses …: Keras's
        value = importlib.import_module(f".keras.{name}", __name__)
    elif name == "math":
        from .v2_signatures import math_namespace
        value = math_namespace(importlib.import_module(".compat.v1", __name__).math)
    elif name in _FROM_V1:
        value = getattr(importlib.import_module(".compat.v1", __name__), name)
    elif name == "random":
        from .v2_signatures import random_namespace
        value = random_namespace(importlib.import_module(".compat.v1", __name__).random)
    elif name == "image":  # TF 2's: resize with half-pixel centres, string method names
        import types
        from .ops import image_more
        v1 = importlib.import_module(".compat.v1", __name__).image
        value = types.ModuleType("tensorweave.image", v1.__doc__)
        value.__dict__.update({k: v for k, v in vars(v1).items() if k not in (
            "resize_images", "resize_bilinear", "resize_nearest_neighbor",
            "resize_image_with_crop_or_pad", "transpose_image", "__name__", "__doc__")})
        value.resize, value.ResizeMethod = image_more.resize, image_more.ResizeMethod
    elif name == "compat":  # tf.compat.v1 / tf.compat.v2 / tf.compat.dimension_value
        value = importlib.import_module(".compat", __name__)
    elif name == "config":
        value = importlib.import_module(".config", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


# tw.losses is TF 2's (Keras's); the TF 1 module stays tensorweave.compat.v1.losses
globals().pop("losses", None)
from .context import selecting_module as _selecting_module  # noqa: E402

_selecting_module(__name__, eager=True,
                  neutral=("keras", "compat", "optimizers", "losses", "metrics"))
del _selecting_module
