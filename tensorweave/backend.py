"""The one seam between tensorweave and an array library: NumPy by default, CuPy on a GPU.

Ops never import numpy or cupy; they receive the array module (``xp``) to compute with.
"""

import numpy as np

from .errors import require

__all__ = ["get_array_module", "numpy_backend", "cupy_backend", "to_numpy"]


def numpy_backend():
    return np


def cupy_backend():
    """The CuPy module; raises MissingExtraError naming ``pip install tensorweave[gpu]``."""
    return require("cupy", "gpu")


def get_array_module(name="numpy"):
    """``"numpy"`` or ``"cupy"`` → the array module."""
    if name in (None, "numpy", "cpu"):
        return np
    if name in ("cupy", "gpu", "cuda"):
        return cupy_backend()
    raise ValueError(f"Unknown backend {name!r}; expected 'numpy' or 'cupy'.")


def to_numpy(array):
    """A NumPy array (copied off the GPU when ``array`` is a CuPy array)."""
    get = getattr(array, "get", None)
    if get is not None and not isinstance(array, np.ndarray):
        return get()
    return array
