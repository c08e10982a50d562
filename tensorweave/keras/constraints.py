"""``keras.constraints``: projections applied to a weight after each optimizer step.

Example:
    >>> keras.layers.Dense(64, kernel_constraint=keras.constraints.MaxNorm(2.0))
"""

from ..ops import math as _m
from ..ops.creation import constant
from ..ops.reduce import reduce_sum
from . import _serialization

__all__ = ["Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "get", "serialize",
           "deserialize"]


class Constraint:
    """Base class: ``__call__(w)`` returns the projected weight (a graph tensor)."""

    def __call__(self, w):
        return w

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _norm(w, axis):
    return _m.sqrt(reduce_sum(_m.square(w), axis=axis, keepdims=True))


class MaxNorm(Constraint):
    """Rescales weights whose norm along ``axis`` exceeds ``max_value``."""

    def __init__(self, max_value=2, axis=0):
        self.max_value, self.axis = max_value, axis

    def __call__(self, w):
        norms = _norm(w, self.axis)
        desired = _m.clip_by_value(norms, 0.0, float(self.max_value))
        return _m.multiply(w, _m.divide(desired, _m.add(norms, constant(1e-7, w.dtype))))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class MinMaxNorm(Constraint):
    """Keeps the norm along ``axis`` in ``[min_value, max_value]`` (blended by ``rate``)."""

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def __call__(self, w):
        norms = _norm(w, self.axis)
        clipped = _m.clip_by_value(norms, float(self.min_value), float(self.max_value))
        desired = _m.add(_m.multiply(constant(self.rate, w.dtype), clipped),
                         _m.multiply(constant(1.0 - self.rate, w.dtype), norms))
        return _m.multiply(w, _m.divide(desired, _m.add(norms, constant(1e-7, w.dtype))))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


class NonNeg(Constraint):
    """Sets negative weights to zero."""

    def __call__(self, w):
        return _m.maximum(w, constant(0.0, w.dtype))


class UnitNorm(Constraint):
    """Scales weights to unit norm along ``axis``."""

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        return _m.divide(w, _m.add(_norm(w, self.axis), constant(1e-7, w.dtype)))

    def get_config(self):
        return {"axis": self.axis}


max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm

_BY_NAME = {"MaxNorm": MaxNorm, "MinMaxNorm": MinMaxNorm, "NonNeg": NonNeg,
            "UnitNorm": UnitNorm, "max_norm": MaxNorm, "min_max_norm": MinMaxNorm,
            "non_neg": NonNeg, "unit_norm": UnitNorm}


def serialize(constraint):
    return _serialization.serialize(constraint, "keras.constraints")


def deserialize(config, custom_objects=None):
    return _serialization.deserialize(config, _BY_NAME, "constraint", custom_objects)


def get(identifier):
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret constraint identifier: {identifier!r}")
