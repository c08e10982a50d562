"""``TensorSpec``: the shape and dtype a tensor must have (``tf.TensorSpec``): the
components of a dataset's elements, and a ``tw.function``'s ``input_signature``.

Example:
    >>> tw.TensorSpec([None, 3], tw.float32)
    TensorSpec(shape=(None, 3), dtype=tf.float32, name=None)
"""

from . import dtypes as _dt
from .shapes import TensorShape

__all__ = ["TensorSpec"]


class TensorSpec:
    """The shape (dims may be None) and dtype (default float32) of a tensor."""

    def __init__(self, shape, dtype=_dt.float32, name=None):
        self.shape = TensorShape(shape)
        self.dtype = _dt.as_dtype(dtype)
        self.name = name

    @classmethod
    def from_tensor(cls, tensor, name=None):
        """The spec of ``tensor`` (its shape and dtype)."""
        return cls(tensor.shape, tensor.dtype, name)

    def is_compatible_with(self, spec_or_tensor):
        """Same dtype and compatible shapes (None dims match anything)."""
        return self.dtype == spec_or_tensor.dtype and \
            self.shape.is_compatible_with(spec_or_tensor.shape)

    def __eq__(self, other):
        return isinstance(other, TensorSpec) and self.dtype == other.dtype and \
            self.shape.as_tuple() == other.shape.as_tuple()

    def __hash__(self):
        return hash(self.dtype.name)

    def __repr__(self):
        dims = self.shape.as_list() if self.shape.ndims is not None else None
        shape = "<unknown>" if dims is None else "(" + ", ".join(map(str, dims)) + \
            ("," if len(dims) == 1 else "") + ")"
        return f"TensorSpec(shape={shape}, dtype=tf.{self.dtype.name}, name={self.name!r})"
