"""Regression metrics: ``MeanSquaredError`` and ``MeanAbsoluteError`` (and their functions)."""

import numpy as np

from ._ops import _rank_align
from .accuracy_metrics import _public
from .reduction_metrics import MeanMetricWrapper


def _mean_squared_error(ops, y_true, y_pred):
    y_pred = ops.convert(y_pred, np.float32)
    y_true, y_pred = _rank_align(ops, ops.convert(y_true, np.float32), y_pred)
    return ops.mean(ops.square(y_true - y_pred), -1)


def _mean_absolute_error(ops, y_true, y_pred):
    y_pred = ops.convert(y_pred, np.float32)
    y_true, y_pred = _rank_align(ops, ops.convert(y_true, np.float32), y_pred)
    return ops.mean(ops.abs(y_true - y_pred), -1)


mean_squared_error = _public(_mean_squared_error, "``mean(square(y_true - y_pred), axis=-1)``.")
mean_absolute_error = _public(_mean_absolute_error, "``mean(abs(y_true - y_pred), axis=-1)``.")


class MeanSquaredError(MeanMetricWrapper):
    """The mean of ``mean(square(y_true - y_pred), axis=-1)`` over samples."""

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, name=name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    """The mean of ``mean(abs(y_true - y_pred), axis=-1)`` over samples."""

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name=name, dtype=dtype)
