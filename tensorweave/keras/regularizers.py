"""``keras.regularizers``: penalties on weights (``l1``, ``l2``, ``l1_l2``, ``orthogonal``)
and ``keras.constraints`` used after each optimizer step.

A regularizer is a callable ``r(weight) -> scalar tensor``; a layer adds it to its losses and
``fit`` adds those to the loss it minimizes (and reports). Keras 3 defaults: ``l1=0.01``,
``l2=0.01``; ``L1L2`` defaults to 0 for both.

Example:
    >>> keras.layers.Dense(64, kernel_regularizer=keras.regularizers.l2(1e-4))
"""

from ..ops import math as _m
from ..ops.creation import constant, convert_to_tensor
from ..ops.reduce import reduce_sum
from . import _serialization

__all__ = ["Regularizer", "L1", "L2", "L1L2", "l1", "l2", "l1_l2", "get", "serialize",
           "deserialize"]


class Regularizer:
    """Base class: ``__call__(x)`` returns the penalty of weight ``x``."""

    def __call__(self, x):
        return constant(0.0)

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class L1L2(Regularizer):
    """``l1 * sum(|x|) + l2 * sum(x ** 2)``."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = float(l1)
        self.l2 = float(l2)

    def __call__(self, x):
        x = convert_to_tensor(x)
        total = None
        if self.l1:
            total = _m.multiply(constant(self.l1, dtype=x.dtype), reduce_sum(_m.abs(x)))
        if self.l2:
            term = _m.multiply(constant(self.l2, dtype=x.dtype), reduce_sum(_m.square(x)))
            total = term if total is None else _m.add(total, term)
        return total if total is not None else constant(0.0, dtype=x.dtype)

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(L1L2):
    """``l1 * sum(|x|)`` (default ``l1=0.01``)."""

    def __init__(self, l1=0.01):
        super().__init__(l1=l1)

    def get_config(self):
        return {"l1": self.l1}


class L2(L1L2):
    """``l2 * sum(x ** 2)`` (default ``l2=0.01``)."""

    def __init__(self, l2=0.01):
        super().__init__(l2=l2)

    def get_config(self):
        return {"l2": self.l2}


def l1_l2(l1=0.01, l2=0.01):
    """An ``L1L2`` regularizer (both factors default to 0.01, as the Keras function)."""
    return L1L2(l1=l1, l2=l2)


l1 = L1
l2 = L2

_BY_NAME = {"L1L2": L1L2, "L1": L1, "L2": L2, "l1": L1, "l2": L2, "l1_l2": l1_l2,
            "Regularizer": Regularizer}


def serialize(regularizer):
    return _serialization.serialize(regularizer, "keras.regularizers")


def deserialize(config, custom_objects=None):
    return _serialization.deserialize(config, _BY_NAME, "regularizer", custom_objects)


def get(identifier):
    """A regularizer from a name (``"l2"``), a config dict, an instance/callable, or None."""
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret regularizer identifier: {identifier!r}")
