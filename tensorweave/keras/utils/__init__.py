"""``keras.utils``: ``set_random_seed``, ``to_categorical``, ``normalize``, ``Progbar``,
``PyDataset``/``Sequence``, custom-object registration."""

import contextlib
import random

import numpy as np

from .. import backend as _backend
from .._serialization import register_keras_serializable, get_custom_objects
from .progbar import Progbar
from ..datasets.file_utils import get_file

__all__ = ["get_file", "set_random_seed", "to_categorical", "normalize", "Progbar", "PyDataset",
           "Sequence", "register_keras_serializable", "get_custom_objects",
           "custom_object_scope", "unpack_x_y_sample_weight", "pack_x_y_sample_weight"]


def set_random_seed(seed):
    """Seeds Python's ``random``, NumPy's global generator, the default graph
    (``tensorweave.set_random_seed``) and Keras's sequence of op seeds, so initial weights,
    dropout masks and shuffling repeat from run to run.

    Raises:
        ValueError: if ``seed`` is not an int.

    Example:
        >>> keras.utils.set_random_seed(1337)
    """
    if not isinstance(seed, (int, np.integer)):
        raise ValueError(f"Expected `seed` argument to be an integer. Received: seed={seed} "
                         f"(of type {type(seed)})")
    from ...ops.random import set_random_seed as _graph_seed
    random.seed(int(seed))
    np.random.seed(int(seed) % (2 ** 32))
    _graph_seed(int(seed))
    _backend.set_global_seed(int(seed))


def to_categorical(x, num_classes=None):
    """Class indices → one-hot rows (float32); ``num_classes`` defaults to ``max(x) + 1``.

    Example:
        >>> keras.utils.to_categorical([0, 2], 3)
        array([[1., 0., 0.], [0., 0., 1.]], dtype=float32)
    """
    x = np.asarray(x, dtype="int64")
    shape = x.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    x = x.reshape(-1)
    if num_classes is None:
        num_classes = int(np.max(x)) + 1
    out = np.zeros((x.shape[0], num_classes), dtype="float32")
    out[np.arange(x.shape[0]), x] = 1
    return out.reshape(shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """``x`` divided by its ``order``-norm along ``axis``."""
    x = np.asarray(x, dtype="float32")
    norm = np.atleast_1d(np.linalg.norm(x, order, axis))
    norm[norm == 0] = 1
    return x / np.expand_dims(norm, axis)


class PyDataset:
    """Base class for batch sources: implement ``__len__`` (batches per epoch) and
    ``__getitem__(index)`` returning ``(x, y)`` or ``(x, y, sample_weight)``;
    ``on_epoch_end`` is called after each epoch."""

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self.workers = workers
        self.use_multiprocessing = use_multiprocessing
        self.max_queue_size = max_queue_size

    def __len__(self):
        raise NotImplementedError

    def __getitem__(self, index):
        raise NotImplementedError

    def on_epoch_end(self):
        pass

    @property
    def num_batches(self):
        return len(self)


Sequence = PyDataset


@contextlib.contextmanager
def custom_object_scope(*objects):
    """Makes the names in the given dicts known to ``deserialize``/``from_config``."""
    table = get_custom_objects()
    saved = dict(table)
    for obj in objects:
        table.update(obj)
    try:
        yield
    finally:
        table.clear()
        table.update(saved)


CustomObjectScope = custom_object_scope


def unpack_x_y_sample_weight(data):
    """``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)`` → a triple (None when missing)."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError("Data is expected to be in format `x`, `(x,)`, `(x, y)`, or "
                     f"`(x, y, sample_weight)`, found: {data}")


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    if y is None:
        return x if not isinstance(x, (tuple, list)) else (x,)
    if sample_weight is None:
        return x, y
    return x, y, sample_weight
