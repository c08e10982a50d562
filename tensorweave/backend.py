"""The one seam between tensorweave and an array library: NumPy by default, CuPy on a GPU.

Ops never import numpy or cupy; they receive the array module (``xp``) to compute with.

Choosing the backend: ``Session(backend="cupy")`` for one session, or
``tensorweave.backend.set_backend("cupy")`` (or the environment variable
``TENSORWEAVE_BACKEND=cupy``) for every session created afterwards, Keras models included.
Whatever the backend, feeds may be NumPy arrays (copied to the device) and fetched values come
back as NumPy arrays, as in TensorFlow.
"""

import os
import types

import numpy as np

from .errors import require

__all__ = ["get_array_module", "numpy_backend", "cupy_backend", "to_numpy", "set_backend",
           "get_backend"]

_default = [None]  # the backend set_backend chose (None: the environment's, else NumPy)


def numpy_backend():
    return np


def cupy_backend():
    """The CuPy module; raises MissingExtraError naming ``pip install tensorweave[gpu]``."""
    return require("cupy", "gpu")


def get_array_module(name="numpy"):
    """``"numpy"`` or ``"cupy"`` (or an array module itself) → the array module; None → the
    default backend (``set_backend``)."""
    if name is None:
        return get_backend()
    if isinstance(name, types.ModuleType):
        return name
    if name in ("numpy", "cpu"):
        return np
    if name in ("cupy", "gpu", "cuda"):
        return cupy_backend()
    raise ValueError(f"Unknown backend {name!r}; expected 'numpy' or 'cupy'.")


def set_backend(name):
    """Makes ``name`` (``"numpy"``, ``"cupy"``, or an array module with NumPy's API) the
    backend of every session created from now on; returns the module. Raises
    MissingExtraError when CuPy is asked for and not installed."""
    module = get_array_module("numpy" if name is None else name)
    _default[0] = module
    return module


def get_backend():
    """The default array module: the one ``set_backend`` chose, else the environment
    variable ``TENSORWEAVE_BACKEND`` (``numpy`` or ``cupy``), else NumPy."""
    if _default[0] is None:
        _default[0] = get_array_module(os.environ.get("TENSORWEAVE_BACKEND") or "numpy")
    return _default[0]


def to_numpy(array):
    """A NumPy array (copied off the GPU when ``array`` is a CuPy array)."""
    if isinstance(array, (np.ndarray, np.generic)):
        return array
    get = getattr(array, "get", None)
    if get is not None:
        return get()
    return array
