"""Data types: the TensorFlow names (``float32``, ``int64`` …) over NumPy dtypes."""

import builtins as _builtins

import numpy as np

__all__ = [
    "DType", "as_dtype", "float16", "half", "float32", "float64", "double", "int8", "int16",
    "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool", "string",
]


class DType:
    """A tensor element type, named as TensorFlow names it.

    Compares equal to another ``DType``, to the matching NumPy dtype and to its name,
    so ``x.dtype == tf.float32``, ``x.dtype == np.float32`` and ``x.dtype == "float32"``
    all hold for a float32 tensor.
    """

    __slots__ = ("name", "_np")

    def __init__(self, name, np_dtype):
        self.name = name
        self._np = np.dtype(np_dtype)

    @property
    def as_numpy_dtype(self):
        """The NumPy scalar type (``np.float32`` for ``tf.float32``)."""
        return self._np.type

    @property
    def base_dtype(self):
        return self

    @property
    def real_dtype(self):
        return self

    @property
    def kind_code(self):
        """NumPy's one-letter kind: "f" float, "i"/"u" integer, "b" bool, "c" complex."""
        return self._np.kind

    @property
    def is_floating(self):
        return self._np.kind == "f"

    @property
    def is_integer(self):
        return self._np.kind in "iu"

    @property
    def is_unsigned(self):
        return self._np.kind == "u"

    @property
    def is_bool(self):
        return self._np.kind == "b"

    @property
    def is_complex(self):
        return self._np.kind == "c"

    @property
    def is_numeric(self):
        return self._np.kind in "iufc"

    @property
    def size(self):
        return self._np.itemsize

    @property
    def min(self):
        if self.is_floating:  # a NumPy scalar of the type, as TF gives it
            return np.finfo(self._np).min
        if self.is_bool:
            return False
        return int(np.iinfo(self._np).min)

    @property
    def max(self):
        if self.is_floating:
            return np.finfo(self._np).max
        if self.is_bool:
            return True
        return int(np.iinfo(self._np).max)

    def is_compatible_with(self, other):
        return self == other

    def __eq__(self, other):
        if self is other:  # the usual case (one DType object per type): no name compare
            return True
        if isinstance(other, DType):
            return self.name == other.name
        if other is None:
            return False
        try:
            return self.name == as_dtype(other).name
        except TypeError:
            return False

    def __ne__(self, other):
        return self is not other and not self == other

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return f"tf.{self.name}"

    def __str__(self):  # print(tf.float32): <dtype: 'float32'>, as TensorFlow prints it
        return f"<dtype: '{self.name}'>"

    def __reduce__(self):
        return as_dtype, (self.name,)


float16 = half = DType("float16", np.float16)
float32 = DType("float32", np.float32)
float64 = double = DType("float64", np.float64)
int8 = DType("int8", np.int8)
int16 = DType("int16", np.int16)
int32 = DType("int32", np.int32)
int64 = DType("int64", np.int64)
uint8 = DType("uint8", np.uint8)
uint16 = DType("uint16", np.uint16)
uint32 = DType("uint32", np.uint32)
uint64 = DType("uint64", np.uint64)
bool = DType("bool", np.bool_)  # noqa: A001 - the TensorFlow name
string = DType("string", np.object_)

_ALL = [float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
        bool, string]
_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update({"half": float16, "double": float64, "float": float32, "int": int32,
                 "bool_": bool})
_BY_NP = {d._np: d for d in _ALL}


def as_dtype(value):
    """Converts a ``DType``, NumPy dtype or type, or name into a ``DType``.

    Raises:
        TypeError: if ``value`` names no supported type.
    """
    if isinstance(value, DType):
        return value
    if isinstance(value, str):
        try:
            return _BY_NAME[value]
        except KeyError:
            raise TypeError(f"Cannot convert value {value!r} to a tensorweave DType; "
                            f"known names: {sorted(_BY_NAME)}") from None
    if value is float:
        return float32
    if value is int:
        return int32
    if value is _builtins.bool:
        return bool
    try:
        npd = np.dtype(value)
    except TypeError:
        raise TypeError(f"Cannot convert value {value!r} to a tensorweave DType.") from None
    if npd.kind in "US":
        return string
    try:
        return _BY_NP[npd]
    except KeyError:
        raise TypeError(f"NumPy dtype {npd} has no tensorweave DType.") from None

