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
           "get_backend", "empty_aligned", "copy_aligned", "page_aligned"]

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


# Arrays a plan keeps (its buffers, the variables) start on a page boundary once they are this
# large. malloc places arrays of up to a few MB one after another on its heap, so arrays that
# one pass streams through together (Adam's gradient, m, v and variable) start at unrelated
# offsets within a 4 KiB page; when a stream read just ahead of one being written sits a few
# bytes below it modulo 4 KiB, the CPU takes each load for a possible reload of the pending
# store and waits ("4K aliasing"). Measured on W2's 512x512 Adam update: 127 us with the four
# arrays at equal page offsets, 160-550 us at the heap's offsets. Page-aligned arrays all
# have offset 0, the fast case; the padding costs at most 4 KiB per array (6% at 64 KiB).
ALIGN_MIN_BYTES = 1 << 16
PAGE = 4096


def empty_aligned(xp, shape, dtype):
    """``xp.empty(shape, dtype)``, starting on a page boundary when it is a NumPy array of at
    least ``ALIGN_MIN_BYTES`` (see above); other array modules allocate as they do."""
    dtype = np.dtype(dtype)
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if xp is not np or nbytes < ALIGN_MIN_BYTES:
        return xp.empty(shape, dtype=dtype)
    raw = np.empty(nbytes + PAGE, np.uint8)
    start = -raw.ctypes.data % PAGE
    return raw[start:start + nbytes].view(dtype).reshape(shape)


def page_aligned(array):
    """Whether ``array`` starts where ``empty_aligned`` would have put it (True for small
    arrays and arrays of other modules, which it leaves alone)."""
    return type(array) is not np.ndarray or array.nbytes < ALIGN_MIN_BYTES or \
        array.ctypes.data % PAGE == 0


def copy_aligned(array):
    """A writeable C-contiguous copy of NumPy ``array`` (page-aligned when large, see
    ``empty_aligned``); arrays of other modules are copied by their own ``copy``."""
    if type(array) is not np.ndarray or array.nbytes < ALIGN_MIN_BYTES:
        return array.copy()
    out = empty_aligned(np, array.shape, array.dtype)
    np.copyto(out, array)
    return out
