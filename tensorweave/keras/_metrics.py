"""The metrics ``compile``/``fit`` need (the loss tracker, accuracies, metric functions),
kept as graph state: used until ``tensorweave.keras.metrics`` provides them.

The protocol ``fit`` relies on (Keras 3's ``Metric`` API, in graph form):

- ``update_state(y_true, y_pred, sample_weight=None)`` called with graph tensors returns
  the op (or list of ops) that accumulates one batch into the metric's variables;
- ``result()`` returns a graph tensor reading the variables (built under control
  dependencies on the update ops, so it sees the batch);
- ``reset_state()`` sets the variables back at once; ``name`` is the key in the logs.

A metric whose ``update_state`` cannot take graph tensors is run on the host instead: the
step fetches ``y_true``/``y_pred`` and calls ``update_state`` and ``result`` with arrays.
"""

import numpy as np

from ..ops import control as _control
from ..ops import math as _m
from ..ops import shape as _s
from ..ops.creation import constant, convert_to_tensor, ones_like
from ..ops.reduce import argmax, reduce_mean, reduce_sum
from . import backend
from . import losses as _losses

__all__ = ["Metric", "Mean", "Sum", "MeanMetricWrapper", "Accuracy", "BinaryAccuracy",
           "CategoricalAccuracy", "SparseCategoricalAccuracy", "accuracy", "binary_accuracy",
           "categorical_accuracy", "sparse_categorical_accuracy", "get"]


class Metric:
    """Base class of graph-state metrics (see the module docstring)."""

    def __init__(self, name=None, dtype=None):
        from .layers.layer import to_snake_case
        self.name = name or to_snake_case(type(self).__name__)
        self._dtype = backend.standardize_dtype(dtype)
        self._variables = []

    @property
    def dtype(self):
        return self._dtype

    @property
    def variables(self):
        return list(self._variables)

    def add_variable(self, shape, initializer="zeros", dtype=None, name=None):
        from . import initializers
        var = backend.Variable(initializers.get(initializer), shape=shape,
                               dtype=dtype or self._dtype, trainable=False, name=name,
                               path=f"{self.name}/{name}")
        self._variables.append(var)
        return var

    def update_state(self, *args, **kwargs):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def reset_state(self):
        for v in self._variables:
            v.assign(np.zeros(v.shape, dtype=v.dtype))

    def get_config(self):
        return {"name": self.name, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


class _Reduce(Metric):
    def __init__(self, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), name="total")
        self.count = self.add_variable((), name="count")

    def _accumulate(self, values, sample_weight):
        values = _m.cast(convert_to_tensor(values), self._dtype)
        if sample_weight is not None:
            sw = _m.cast(convert_to_tensor(sample_weight), self._dtype)
            values, sw = _losses.squeeze_or_expand_to_same_rank(values, sw)
            if values.shape.ndims is not None and sw.shape.ndims is not None and \
                    values.shape.ndims > sw.shape.ndims:
                values = reduce_mean(values, axis=list(range(sw.shape.ndims,
                                                             values.shape.ndims)))
            weighted = _m.multiply(values, sw)
            count = reduce_sum(_m.multiply(sw, ones_like(weighted)))
        else:
            weighted = values
            count = _m.cast(_s.size(values), self._dtype)
        return _control.group(self.total.assign_add(reduce_sum(weighted)),
                              self.count.assign_add(count))


class Mean(_Reduce):
    """The (weighted) mean of the values seen: ``total / count``."""

    def update_state(self, values, sample_weight=None):
        return self._accumulate(values, sample_weight)

    def result(self):
        total, count = self.total.read_value(), self.count.read_value()
        zero = constant(0.0, dtype=count.dtype)
        safe = _m.where(_m.equal(count, zero), constant(1.0, dtype=count.dtype), count)
        return _m.divide(total, safe)


class Sum(_Reduce):
    """The (weighted) sum of the values seen."""

    def update_state(self, values, sample_weight=None):
        return self._accumulate(values, sample_weight)

    def result(self):
        return self.total.read_value()


class MeanMetricWrapper(Mean):
    """The mean over samples of ``fn(y_true, y_pred, **kwargs)``."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", None), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        return self._accumulate(values, sample_weight)

    def get_config(self):
        config = super().get_config()
        config.update(self._fn_kwargs)
        return config


def accuracy(y_true, y_pred):
    """1.0 where ``y_true == y_pred``, per element."""
    y_true, y_pred = _losses.squeeze_or_expand_to_same_rank(convert_to_tensor(y_true),
                                                            convert_to_tensor(y_pred))
    y_true = _m.cast(y_true, y_pred.dtype)
    return _m.cast(_m.equal(y_true, y_pred), backend.floatx())


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """The fraction of outputs on the right side of ``threshold``, per sample."""
    y_pred = convert_to_tensor(y_pred)
    y_true = convert_to_tensor(y_true)
    y_true, y_pred = _losses.squeeze_or_expand_to_same_rank(y_true, y_pred)
    predicted = _m.cast(_m.greater(y_pred, constant(threshold, dtype=y_pred.dtype)),
                        y_pred.dtype)
    return reduce_mean(_m.cast(_m.equal(_m.cast(y_true, y_pred.dtype), predicted),
                               backend.floatx()), axis=-1)


def categorical_accuracy(y_true, y_pred):
    """1.0 where ``argmax(y_true) == argmax(y_pred)``."""
    y_true = convert_to_tensor(y_true)
    y_pred = convert_to_tensor(y_pred)
    return _m.cast(_m.equal(argmax(y_true, -1), argmax(y_pred, -1)), backend.floatx())


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where ``y_true`` (class indices) equals ``argmax(y_pred)``."""
    y_true = convert_to_tensor(y_true)
    y_pred = convert_to_tensor(y_pred)
    if y_true.shape.ndims is not None and y_pred.shape.ndims is not None and \
            y_true.shape.ndims == y_pred.shape.ndims and y_true.shape.as_tuple()[-1] == 1:
        y_true = _s.squeeze(y_true, [-1])
    pred = argmax(y_pred, -1)
    return _m.cast(_m.equal(_m.cast(y_true, pred.dtype), pred), backend.floatx())


def _wrapper(class_name, fn, default_name, params=()):
    def __init__(self, name=default_name, dtype=None, **kwargs):
        values = dict(params)
        values.update(kwargs)
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype, **values)
    return type(class_name, (MeanMetricWrapper,), {"__init__": __init__,
                                                   "__module__": __name__})


Accuracy = _wrapper("Accuracy", accuracy, "accuracy")
BinaryAccuracy = _wrapper("BinaryAccuracy", binary_accuracy, "binary_accuracy",
                          (("threshold", 0.5),))
CategoricalAccuracy = _wrapper("CategoricalAccuracy", categorical_accuracy,
                               "categorical_accuracy")
SparseCategoricalAccuracy = _wrapper("SparseCategoricalAccuracy", sparse_categorical_accuracy,
                                     "sparse_categorical_accuracy")

_FUNCTIONS = {
    "accuracy": accuracy, "binary_accuracy": binary_accuracy,
    "categorical_accuracy": categorical_accuracy,
    "sparse_categorical_accuracy": sparse_categorical_accuracy,
}
_FUNCTIONS.update(_losses._FUNCTIONS)
_CLASSES = {"Mean": Mean, "Sum": Sum, "Accuracy": Accuracy, "BinaryAccuracy": BinaryAccuracy,
            "CategoricalAccuracy": CategoricalAccuracy,
            "SparseCategoricalAccuracy": SparseCategoricalAccuracy}


def get(identifier):
    """A metric object or function from a name, an instance or a function."""
    if isinstance(identifier, str):
        if identifier in _CLASSES:
            return _CLASSES[identifier]()
        if identifier in _FUNCTIONS:
            return _FUNCTIONS[identifier]
        raise ValueError(f"Could not interpret metric identifier: {identifier!r}")
    return identifier
