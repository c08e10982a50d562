"""Static shapes with unknown dimensions: ``TensorShape`` and ``Dimension``.

A known dimension is a ``Dimension`` that behaves as an ``int`` (``int(d)``, ``range(d)``,
``d * 2``, ``d == 3``) and also has TF1's ``d.value``. An unknown dimension is ``Dimension(None)``:
its ``value`` is ``None``, it compares equal to ``None`` and arithmetic on it stays unknown.
"""

import sys

import numpy as np

__all__ = ["Dimension", "TensorShape", "KerasShape", "as_shape", "unknown_shape",
           "dimension_value", "dimension_at_index"]


class Dimension:
    """One dimension of a ``TensorShape``: a non-negative int, or unknown (``None``)."""

    __slots__ = ("_value",)

    def __init__(self, value):
        if isinstance(value, Dimension):
            value = value._value
        if value is not None:
            try:
                iv = int(value.__index__()) if hasattr(value, "__index__") else None
            except TypeError:
                iv = None
            if iv is None:
                raise TypeError(f"Dimension value must be an integer or None, got {value!r}")
            if iv < 0:
                raise ValueError(f"Dimension {iv} must be >= 0")
            value = iv
        self._value = value

    @property
    def value(self):
        return self._value

    def is_compatible_with(self, other):
        other = as_dimension(other)
        return self._value is None or other._value is None or self._value == other._value

    def merge_with(self, other):
        other = as_dimension(other)
        if not self.is_compatible_with(other):
            raise ValueError(f"Dimensions {self} and {other} are not compatible")
        return self if self._value is not None else other

    def __int__(self):
        if self._value is None:
            raise TypeError("Cannot convert an unknown Dimension to an int; the size is "
                            "only known at run time (use tf.shape(x) for it).")
        return self._value

    __index__ = __int__

    def __array__(self, dtype=None, copy=None):
        # lets NumPy (and so tf.constant, tf.reshape, tf.zeros …) read a known dimension in a
        # list such as [x.shape[0], -1], as TF1 accepts; an unknown one raises TypeError
        return np.asarray(self.__int__(), dtype=dtype)

    def __eq__(self, other):
        """As TF's: None (unknown) when either dimension is unknown (``shape[0] == None``
        included), else whether the two are equal."""
        if isinstance(other, Dimension):
            other = other._value
        elif other is not None:
            try:
                other = int(other)
            except (TypeError, ValueError):
                return NotImplemented
        if self._value is None or other is None:
            return None
        return self._value == other

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented or r is None else not r

    def __hash__(self):
        return hash(self._value)

    def _arith(self, other, fn):
        try:
            other = as_dimension(other)
        except (TypeError, ValueError):
            return NotImplemented  # e.g. ``[0] * dim``: Python then repeats via __index__
        if self._value is None or other._value is None:
            return Dimension(None)
        return Dimension(fn(self._value, other._value))

    def __add__(self, other):
        return self._arith(other, lambda a, b: a + b)

    __radd__ = __add__

    def __sub__(self, other):
        return self._arith(other, lambda a, b: a - b)

    def __rsub__(self, other):
        return as_dimension(other) - self

    def __mul__(self, other):
        return self._arith(other, lambda a, b: a * b)

    __rmul__ = __mul__

    def __floordiv__(self, other):
        return self._arith(other, lambda a, b: a // b)

    def __rfloordiv__(self, other):
        return as_dimension(other) // self

    def __mod__(self, other):
        return self._arith(other, lambda a, b: a % b)

    def __truediv__(self, other):
        return self // other

    def _cmp(self, other, fn):
        other = as_dimension(other)
        if self._value is None or other._value is None:
            return None
        return fn(self._value, other._value)

    def __lt__(self, other):
        return self._cmp(other, lambda a, b: a < b)

    def __le__(self, other):
        return self._cmp(other, lambda a, b: a <= b)

    def __gt__(self, other):
        return self._cmp(other, lambda a, b: a > b)

    def __ge__(self, other):
        return self._cmp(other, lambda a, b: a >= b)

    def __bool__(self):
        return bool(self._value)

    def __repr__(self):
        return f"Dimension({self._value})"

    def __str__(self):  # "?" as TF 2.21 prints under disable_v2_behavior (TF1's reference)
        return "?" if self._value is None else str(self._value)


_mode = {"eager": False}  # tensorweave.context's mode (it shares its dict on import)


def _v2():
    """TF 2's shape behavior (ints, ``None``) for user code when the TF 2 namespace selected
    eager mode; tensorweave's own code keeps reading ``Dimension``s."""
    return _mode["eager"] and not sys._getframe(2).f_globals.get(
        "__name__", "").startswith("tensorweave")


def dimension_value(dimension):
    """The int (or None) of a shape's entry, whether TF 1's ``Dimension`` or TF 2's plain
    int/None (``tf.compat.dimension_value(x.shape[0])``)."""
    return dimension.value if isinstance(dimension, Dimension) else dimension


def dimension_at_index(shape, index):
    """The ``Dimension`` at ``index`` of ``shape`` (unknown when the rank is unknown)."""
    shape = as_shape(shape)
    if shape.ndims is None:
        return Dimension(None)
    return as_dimension(shape.as_tuple()[index])


def as_dimension(value):
    return value if isinstance(value, Dimension) else Dimension(value)


class TensorShape:
    """The static shape of a tensor: unknown rank (``dims is None``) or a list of dimensions.

    Example:
        >>> s = TensorShape([None, 784]); s[1] == 784, s[0].value, s.as_list()
        (True, None, [None, 784])
    """

    __slots__ = ("_dims",)

    def __init__(self, dims):
        if dims is None:
            self._dims = None
        elif isinstance(dims, TensorShape):
            self._dims = dims._dims
        else:
            try:
                it = iter(dims)
            except TypeError:
                it = iter([dims])
            self._dims = tuple(as_dimension(d).value for d in it)

    # -- queries -------------------------------------------------------------------------
    @property
    def dims(self):
        return None if self._dims is None else [Dimension(d) for d in self._dims]

    @property
    def ndims(self):
        return None if self._dims is None else len(self._dims)

    rank = ndims

    def as_list(self):
        """The dims as ints and ``None``s. Raises ValueError for an unknown rank."""
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def as_tuple(self):
        """Internal: the dims as a tuple of ints/None, or None for unknown rank."""
        return self._dims

    def is_fully_defined(self):
        return self._dims is not None and all(d is not None for d in self._dims)

    def num_elements(self):
        if not self.is_fully_defined():
            return None
        n = 1
        for d in self._dims:
            n *= d
        return n

    def is_compatible_with(self, other):
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return True
        if len(self._dims) != len(other._dims):
            return False
        return all(a is None or b is None or a == b for a, b in zip(self._dims, other._dims))

    def merge_with(self, other):
        other = as_shape(other)
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {other} are not compatible")
        return TensorShape([a if a is not None else b for a, b in zip(self._dims, other._dims)])

    def assert_is_compatible_with(self, other):
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {as_shape(other)} are incompatible")

    def assert_has_rank(self, rank):
        if self._dims is not None and len(self._dims) != rank:
            raise ValueError(f"Shape {self} must have rank {rank}")

    def with_rank(self, rank):
        if self._dims is None:
            return TensorShape([None] * rank)
        self.assert_has_rank(rank)
        return self

    def concatenate(self, other):
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return TensorShape(None)
        return TensorShape(self._dims + other._dims)

    # -- sequence protocol ---------------------------------------------------------------
    def __len__(self):
        if self._dims is None:
            raise ValueError("Cannot take the length of a shape with unknown rank.")
        return len(self._dims)

    def __iter__(self):
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        if _v2():
            return iter(self._dims)
        return iter([Dimension(d) for d in self._dims])

    def __getitem__(self, key):
        """A dimension: a ``Dimension`` (TF 1), or an int or None in TF 2 code (eager mode
        selected, see tensorweave.context); a slice gives a ``TensorShape``."""
        if self._dims is None:
            if isinstance(key, slice):
                return TensorShape(None)
            return None if _v2() else Dimension(None)
        if isinstance(key, slice):
            return TensorShape(self._dims[key])
        return self._dims[key] if _v2() else Dimension(self._dims[key])

    def __bool__(self):
        return self._dims is not None

    def __eq__(self, other):
        try:
            other = as_shape(other)
        except (TypeError, ValueError):
            return NotImplemented
        return self._dims == other._dims

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash(self._dims)

    def __add__(self, other):
        return self.concatenate(other)

    def __radd__(self, other):
        return as_shape(other).concatenate(self)

    def __repr__(self):
        if self._dims is None:
            return "TensorShape(None)"
        if _v2():
            return f"TensorShape({list(self._dims)})"
        return f"TensorShape([{', '.join(f'Dimension({d})' for d in self._dims)}])"

    def __str__(self):
        if self._dims is None:
            return "<unknown>"
        # (?, 784), as TF 2.21 prints it under disable_v2_behavior; TF 2 code: (None, 784)
        unknown = "None" if _v2() else "?"
        inner = ", ".join(unknown if d is None else str(d) for d in self._dims)
        return f"({inner},)" if len(self._dims) == 1 else f"({inner})"


class KerasShape(tuple):
    """A Keras symbolic tensor's shape as user code sees it: a tuple of ints and None, as
    Keras 3 gives (``keras.Input((3,)).shape == (None, 3)``, ``shape[0] is None``), that
    also answers TensorShape's questions (``as_list``, ``ndims``, ``is_compatible_with`` …)
    for code written against ``tf.keras``."""

    __slots__ = ()

    def __getitem__(self, key):
        got = tuple.__getitem__(self, key)
        return KerasShape(got) if isinstance(key, slice) else got

    @property
    def ndims(self):
        return len(self)

    rank = ndims

    @property
    def dims(self):
        return [Dimension(d) for d in self]

    def as_list(self):
        return list(self)

    def as_tuple(self):
        return tuple(self)

    def is_fully_defined(self):
        return None not in self

    def num_elements(self):
        return TensorShape(self).num_elements()

    def is_compatible_with(self, other):
        return TensorShape(self).is_compatible_with(other)

    def merge_with(self, other):
        return TensorShape(self).merge_with(other)

    def assert_is_compatible_with(self, other):
        TensorShape(self).assert_is_compatible_with(other)

    def assert_has_rank(self, rank):
        TensorShape(self).assert_has_rank(rank)

    def with_rank(self, rank):
        return TensorShape(self).with_rank(rank)

    def concatenate(self, other):
        return TensorShape(self).concatenate(other)


def as_shape(shape):
    return shape if isinstance(shape, TensorShape) else TensorShape(shape)


def unknown_shape(rank=None):
    return TensorShape(None if rank is None else [None] * rank)


def broadcast_shapes(a, b):
    """Static NumPy broadcasting of two dim tuples (None = unknown); None for unknown rank.

    Raises ValueError with both shapes when they cannot broadcast.
    """
    if a is None or b is None:
        return None
    if a == b:
        return tuple(a)
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None:
            out.append(y)
        elif y is None or x == y:
            out.append(x)
        else:
            raise ValueError(f"Dimensions must be equal, but are {x} and {y}")
    return tuple(reversed(out))
