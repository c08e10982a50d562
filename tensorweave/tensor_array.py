"""``tw.TensorArray``: a list of tensors of one dtype, written and read by index (TF 2).

Executing eagerly it holds the written eager tensors, so a ``GradientTape`` sees ``read`` and
``stack`` as the ops they are. Inside ``tw.function`` the typical use (a loop over
``tf.range`` filling it) needs AutoGraph: such a function runs eagerly (``EagerFallback``).
In graph mode (TF 1 code) it is not available yet.

Example:
    >>> ta = tw.TensorArray(tw.float32, size=3)
    >>> for i in range(3):
    ...     ta = ta.write(i, tw.constant(float(i)) * 2)
    >>> ta.stack().numpy()
    array([0., 2., 4.], dtype=float32)
"""

from . import dtypes as _dt
from . import errors as _errors
from .context import executing_eagerly
from .function import fallback_if_tracing
from .shapes import TensorShape

__all__ = ["TensorArray"]


class TensorArray:
    """A list of tensors (``write``, ``read``, ``stack``, ``unstack``, ``gather``,
    ``scatter``, ``concat``, ``size``), with TF 2's arguments.

    Args:
        dtype: the elements' dtype.
        size: the number of elements (default 0); writes beyond it need ``dynamic_size``.
        dynamic_size: allow writes past ``size`` (the array grows).
        element_shape: the elements' shape (checked at each write; the shape ``stack``
            gives an empty array).
    """

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None,
                 tensor_array_name=None, handle=None, flow=None, infer_shape=True,
                 element_shape=None, colocate_with_first_write_call=True, name=None):
        fallback_if_tracing("tf.TensorArray")
        if not executing_eagerly():
            raise NotImplementedError(
                "tf.TensorArray is available executing eagerly (and in tw.function, which "
                "then runs eagerly); in graph mode use Python lists of tensors with tf.stack, "
                "or tf.while_loop's loop variables.")
        self._dtype = _dt.as_dtype(dtype)
        self._size = int(size or 0)
        self._dynamic = bool(dynamic_size)
        self._shape = TensorShape(element_shape)
        self._items = [None] * self._size

    @property
    def dtype(self):
        return self._dtype

    @property
    def dynamic_size(self):
        return self._dynamic

    @property
    def element_shape(self):
        return self._shape

    def size(self, name=None):
        from .ops.creation import constant
        return constant(len(self._items), dtype=_dt.int32)

    def _index(self, index):
        i = int(index)
        if i < 0:
            raise _errors.InvalidArgumentError(None, None, f"Index {i} must be non-negative")
        return i

    def write(self, index, value, name=None):
        """Sets element ``index`` to ``value``; returns the array (``ta = ta.write(i, v)``)."""
        from .ops.creation import convert_to_tensor
        i = self._index(index)
        value = convert_to_tensor(value, dtype=self._dtype)
        if i >= len(self._items):
            if not self._dynamic:
                raise _errors.InvalidArgumentError(
                    None, None, f"Tried to write to index {i} but array is not resizeable and "
                    f"size is: {len(self._items)}")
            self._items.extend([None] * (i + 1 - len(self._items)))
        if not self._shape.is_compatible_with(value.shape):
            raise _errors.InvalidArgumentError(
                None, None, f"Incompatible shape for value ({value.shape}), expected "
                f"({self._shape})")
        if self._shape.ndims is None or not self._shape.is_fully_defined():
            self._shape = self._shape.merge_with(value.shape)
        self._items[i] = value
        return self

    def read(self, index, name=None):
        """Element ``index`` (zeros of the element shape if never written, as TF)."""
        i = self._index(index)
        if i >= len(self._items):
            raise _errors.InvalidArgumentError(
                None, None, f"Tried to read from index {i} but array size is: "
                f"{len(self._items)}")
        return self._item(i)

    def _item(self, i):
        item = self._items[i]
        if item is None:
            from .ops.creation import zeros
            if not self._shape.is_fully_defined():
                raise _errors.InvalidArgumentError(
                    None, None, f"Could not read from TensorArray index {i}: it was never "
                    "written and the element shape is not known.")
            return zeros(self._shape.as_list(), dtype=self._dtype)
        return item

    def stack(self, name=None):
        """The elements stacked along a new first dimension."""
        from .ops.creation import zeros
        from .ops.shape import stack
        if not self._items:
            dims = self._shape.as_list() if self._shape.is_fully_defined() else []
            return zeros([0] + dims, dtype=self._dtype)
        return stack([self._item(i) for i in range(len(self._items))])

    def gather(self, indices, name=None):
        from .ops.shape import stack
        return stack([self.read(i) for i in _ints(indices)])

    def concat(self, name=None):
        from .ops.shape import concat
        return concat([self._item(i) for i in range(len(self._items))], axis=0)

    def unstack(self, value, name=None):
        """Sets the elements to the rows of ``value``."""
        from .ops.creation import convert_to_tensor
        from .ops.shape import unstack
        rows = unstack(convert_to_tensor(value, dtype=self._dtype))
        if len(rows) > len(self._items) and not self._dynamic and self._items:
            raise _errors.InvalidArgumentError(
                None, None, f"Tried to write {len(rows)} elements to an array of size "
                f"{len(self._items)}")
        self._items = list(rows) + self._items[len(rows):]
        return self

    def scatter(self, indices, value, name=None):
        from .ops.shape import unstack
        for i, row in zip(_ints(indices), unstack(value)):
            self.write(i, row)
        return self

    def identity(self):
        return self

    def close(self, name=None):
        self._items = []


def _ints(indices):
    import numpy as np
    return [int(i) for i in np.asarray(indices).ravel()]
