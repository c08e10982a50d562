"""Python operators on Tensors and Variables (``a + b``, ``a @ b``, ``-a``, ``a < b`` …).

Binary operators name their op as TensorFlow 1 does (``"add"``, ``"mul"``, ``"truediv"``…),
and convert a Python or NumPy operand to the tensor's dtype.
"""

from . import math as _m
from .nn import relu as _relu  # noqa: F401 - keeps nn registered before operators

__all__ = ["install"]


def _binary(fn, name):
    def op(self, other):
        return fn(self, other, name=name)

    def rop(self, other):
        return fn(other, self, name=name)
    return op, rop


def _by_dtype(logical, bitwise):
    """``&``, ``|``, ``^`` as TF has them: logical on bools, bitwise on integers."""
    def fn(x, y, name=None):
        first = x if hasattr(x, "dtype") and hasattr(x, "op") else y
        dtype = getattr(first, "dtype", None)
        if dtype is not None and dtype.is_integer:
            return bitwise(x, y, name=name)
        return logical(x, y, name=name)
    return fn


_BINARY = {
    "add": (_m.add, "add"), "sub": (_m.subtract, "sub"), "mul": (_m.multiply, "mul"),
    "truediv": (_m.truediv, "truediv"), "floordiv": (_m.floordiv, "floordiv"),
    "mod": (_m.mod, "mod"), "pow": (_m.pow, "pow"), "matmul": (_m.matmul, "matmul"),
    "and": (_by_dtype(_m.logical_and, _m.bitwise_and), "and"),
    "or": (_by_dtype(_m.logical_or, _m.bitwise_or), "or"),
    "xor": (_by_dtype(_m.logical_xor, _m.bitwise_xor), "xor"),
}


def install(cls):
    """Adds the operator methods to ``cls`` (Tensor and Variable share them)."""
    for key, (fn, name) in _BINARY.items():
        op, rop = _binary(fn, name)
        setattr(cls, f"__{key}__", op)
        setattr(cls, f"__r{key}__", rop)
    cls.__div__ = cls.__truediv__
    cls.__rdiv__ = cls.__rtruediv__
    cls.__neg__ = lambda self: _m.negative(self)
    cls.__pos__ = lambda self: self
    cls.__abs__ = lambda self: _m.abs(self)
    cls.__invert__ = lambda self: _m.invert(self) if self.dtype.is_integer else \
        _m.logical_not(self)

    cls.__lt__ = lambda self, other: _m.less(self, other)
    cls.__le__ = lambda self, other: _m.less_equal(self, other)
    cls.__gt__ = lambda self, other: _m.greater(self, other)
    cls.__ge__ = lambda self, other: _m.greater_equal(self, other)
