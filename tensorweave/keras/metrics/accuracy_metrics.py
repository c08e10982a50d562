"""Accuracy metrics: the per-sample functions (``keras.metrics.accuracy`` …) and their
mean-over-samples classes (``Accuracy``, ``BinaryAccuracy`` …)."""

import numpy as np

from ._ops import _NP, _rank_align, _static_shape
from .reduction_metrics import MeanMetricWrapper


def _accuracy(ops, y_true, y_pred):
    y_pred = ops.convert(y_pred, np.float32)
    y_true = ops.convert(y_true, np.float32)
    y_true, y_pred = _rank_align(ops, y_true, y_pred)
    return ops.cast(ops.equal(y_true, y_pred), np.float32)


def _binary_accuracy(ops, y_true, y_pred, threshold=0.5):
    y_pred = ops.convert(y_pred, np.float32)
    y_true = ops.convert(y_true, np.float32)
    y_true, y_pred = _rank_align(ops, y_true, y_pred)
    predicted = ops.cast(ops.greater(y_pred, ops.constant(threshold)), np.float32)
    # elementwise, as Keras 3.15 returns it (recorded in tests/keras/test_metrics.py: a
    # mean over the last axis would average each batch of rank-1 labels to one value)
    return ops.cast(ops.equal(y_true, predicted), np.float32)


def _categorical_accuracy(ops, y_true, y_pred):
    y_true = ops.argmax(ops.convert(y_true), -1)
    y_pred = ops.convert(y_pred)
    reshape_matches = ops.ndim(y_true) == ops.ndim(y_pred)
    if reshape_matches:
        y_true = ops.squeeze(y_true, -1)
    matches = ops.cast(ops.equal(ops.cast(y_true, np.int64),
                                 ops.cast(ops.argmax(y_pred, -1), np.int64)), np.float32)
    return ops.expand_dims(matches, -1) if reshape_matches else matches


def _sparse_categorical_accuracy(ops, y_true, y_pred):
    y_pred = ops.convert(y_pred, np.float32)
    y_true = ops.convert(y_true, np.float32)
    if ops.ndim(y_true) == ops.ndim(y_pred) and ops.dim(y_true, -1) == 1:
        y_true = ops.squeeze(y_true, -1)
    predicted = ops.cast(ops.argmax(y_pred, -1), np.float32)
    return ops.cast(ops.equal(y_true, predicted), np.float32)


def _in_top_k(ops, targets, predictions, k):
    """Whether each target's prediction is among the top ``k`` (ties count as in, as in
    Keras's ``ops.in_top_k``): fewer than ``k`` predictions are strictly greater."""
    depth = ops.dim(predictions, -1)
    if depth is None:
        raise ValueError("Top-k accuracy needs a known number of classes (last dim of y_pred).")
    target_value = ops.sum(predictions * ops.one_hot(targets, depth), -1, keepdims=True)
    greater = ops.sum(ops.cast(ops.greater(predictions, target_value), np.float32), -1)
    return ops.greater(ops.constant(float(k)), greater)


def _top_k_core(ops, y_true_idx, y_pred, k):
    if ops.ndim(y_pred) > 2:
        y_pred = ops.reshape(y_pred, [-1, ops.dim(y_pred, -1)])
    reshape_back = ops.ndim(y_true_idx) > 1
    flat = ops.reshape(y_true_idx, [-1]) if reshape_back else y_true_idx
    matches = ops.cast(_in_top_k(ops, flat, y_pred, k), np.float32)
    if reshape_back:
        matches = ops.reshape(matches, [-1] + [d if d is not None else -1
                                               for d in _static_shape(ops, y_true_idx)[1:]])
    return matches



def _top_k_categorical_accuracy(ops, y_true, y_pred, k=5):
    y_pred = ops.convert(y_pred, np.float32)
    return _top_k_core(ops, ops.argmax(ops.convert(y_true), -1), y_pred, k)


def _sparse_top_k_categorical_accuracy(ops, y_true, y_pred, k=5):
    y_pred = ops.convert(y_pred, np.float32)
    return _top_k_core(ops, ops.convert(y_true, np.int64), y_pred, k)


def _public(fn, doc):
    def metric_fn(y_true, y_pred, **kwargs):
        return fn(_NP, y_true, y_pred, **kwargs)
    metric_fn.__name__ = fn.__name__.lstrip("_")
    metric_fn.__qualname__ = metric_fn.__name__
    metric_fn.__doc__ = doc
    metric_fn._stats_fn = fn
    return metric_fn


accuracy = _public(_accuracy, "1.0 where ``y_true == y_pred``, elementwise (NumPy).")
binary_accuracy = _public(_binary_accuracy, "1.0 where ``(y_pred > threshold) == y_true``, "
                          "elementwise; ``threshold=0.5`` (NumPy).")
categorical_accuracy = _public(_categorical_accuracy, "1.0 where ``argmax(y_true) == "
                               "argmax(y_pred)``, per sample (NumPy).")
sparse_categorical_accuracy = _public(_sparse_categorical_accuracy, "1.0 where the class "
                                      "index ``y_true == argmax(y_pred)``, per sample (NumPy).")
top_k_categorical_accuracy = _public(_top_k_categorical_accuracy, "1.0 where "
                                     "``argmax(y_true)`` is in the top ``k=5`` of ``y_pred``.")
sparse_top_k_categorical_accuracy = _public(_sparse_top_k_categorical_accuracy, "1.0 where the "
                                            "class index ``y_true`` is in the top ``k=5``.")


class Accuracy(MeanMetricWrapper):
    """How often ``y_pred`` equals ``y_true`` exactly.

    Example:
        >>> m = Accuracy(); m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
        >>> float(m.result())
        0.75
    """

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often ``y_pred > threshold`` matches the binary label ``y_true``.

    Args:
        threshold: predictions strictly above it count as 1.

    Example:
        >>> m = BinaryAccuracy(); m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
        >>> float(m.result())
        0.75
    """

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        if threshold is not None and (threshold <= 0 or threshold >= 1):
            raise ValueError("Invalid value for argument `threshold`. Expected a value in "
                             f"interval (0, 1). Received: threshold={threshold}")
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold


class CategoricalAccuracy(MeanMetricWrapper):
    """How often ``argmax(y_pred)`` equals ``argmax(y_true)`` (one-hot labels)."""

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often ``argmax(y_pred)`` equals the integer label ``y_true``."""

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot target is among the ``k`` largest predictions (ties count)."""

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer target is among the ``k`` largest predictions (ties count)."""

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None):
        super().__init__(sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
        self.k = k
