"""Element structures of ``tf.data``: nesting of tuples and dicts, ``TensorSpec``, and the
conversion of Python values to arrays with TF's dtypes.

As in TF, tuples and dicts (and namedtuples) are structure; a list given as a dataset's
input is one tensor (``from_tensor_slices([1., 2.])`` slices a float32 vector). Python floats
become float32 and Python ints int32 (int64 when they do not fit); NumPy arrays keep their
dtype; strings become ``tf.string`` (NumPy object arrays of bytes).
"""

import numpy as np

from .. import dtypes as _dt
from .. import graph as _g
from ..shapes import TensorShape
from ..tensor_spec import TensorSpec

__all__ = ["TensorSpec", "flatten", "flatten_shapes", "item", "pack", "to_array"]


class Structured:
    """What datasets and iterators say of their elements: ``element_spec`` (a structure of
    ``TensorSpec``s, kept in ``_element_spec``) and TF1's ``output_types``,
    ``output_shapes`` and ``output_classes``."""

    @property
    def element_spec(self):
        """The structure of ``TensorSpec``s of the elements."""
        return self._element_spec

    @property
    def output_types(self):
        return map_structure(lambda s: s.dtype, self._element_spec)

    @property
    def output_shapes(self):
        return map_structure(lambda s: s.shape, self._element_spec)

    @property
    def output_classes(self):
        return map_structure(lambda s: _g.Tensor, self._element_spec)


def _is_namedtuple(value):
    return isinstance(value, tuple) and hasattr(value, "_fields")


def flatten(value):
    """The leaves of a nested tuple/dict structure, dicts in sorted key order (TF's)."""
    if isinstance(value, tuple):
        return [x for v in value for x in flatten(v)]
    if isinstance(value, dict):
        return [x for k in sorted(value) for x in flatten(value[k])]
    return [value]


def pack(structure, flat):
    """``flat`` leaves put back into ``structure``'s nesting."""
    it = iter(flat)

    def build(s):
        if _is_namedtuple(s):
            return type(s)(*[build(v) for v in s])
        if isinstance(s, tuple):
            return tuple(build(v) for v in s)
        if isinstance(s, dict):
            out = {k: build(s[k]) for k in sorted(s)}
            return {k: out[k] for k in s}
        return next(it)
    return build(structure)


def map_structure(fn, structure):
    return pack(structure, [fn(x) for x in flatten(structure)])


def normalize(value):
    """A dataset input's structure with lists made leaves (tuples and dicts stay)."""
    if isinstance(value, tuple):
        items = [normalize(v) for v in value]
        return type(value)(*items) if _is_namedtuple(value) else tuple(items)
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    return value


def to_array(value, dtype=None):
    """A Python/NumPy value as a NumPy array with TF's dtype for it."""
    if isinstance(value, (np.ndarray, np.generic)):
        arr = np.asarray(value)
    else:
        arr = np.asarray(value)
        if arr.dtype == np.float64:
            arr = arr.astype(np.float32)
        elif arr.dtype.kind in "iu" and arr.dtype.itemsize == 8 and (
                arr.size == 0 or (arr.min() >= -2**31 and arr.max() < 2**31)):
            arr = arr.astype(np.int32)
    if arr.dtype.kind in "SUO":
        out = np.empty(arr.shape, dtype=object)
        for idx, x in np.ndenumerate(arr):
            out[idx] = x.encode("utf-8") if isinstance(x, str) else x
        arr = out
    if dtype is not None:
        dtype = _dt.as_dtype(dtype)
        if dtype != _dt.string:
            arr = arr.astype(dtype.as_numpy_dtype)
    return arr


def dtype_of(arr):
    if arr.dtype.kind in "SUO":
        return _dt.string
    return _dt.as_dtype(arr.dtype)


def is_tensor(value):
    return isinstance(value, _g.Tensor)


def flatten_shapes(shapes):
    """Shapes given as a structure whose leaves are TensorShapes, lists or tuples of dims."""
    if isinstance(shapes, TensorShape) or shapes is None:
        return [shapes]
    if isinstance(shapes, dict):
        return [x for k in sorted(shapes) for x in flatten_shapes(shapes[k])]
    if isinstance(shapes, (list, tuple)) and all(
            d is None or isinstance(d, (int, np.integer)) for d in shapes):
        return [shapes]
    return [x for s in shapes for x in flatten_shapes(s)]


def item(array, i):
    """``array[i]`` as an array (a 0-d one for a vector's item; strings stay objects)."""
    v = array[i]
    return v if isinstance(v, np.ndarray) else np.array(v, dtype=array.dtype)
