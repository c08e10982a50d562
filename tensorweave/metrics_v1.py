"""TF1's streaming metrics (``tf.metrics``): each returns ``(value, update_op)``.

``update_op`` adds one batch to running totals kept in *local* variables (collections
``LOCAL_VARIABLES`` and ``METRIC_VARIABLES``, named ``<metric>/total``, ``<metric>/count`` …
as in TensorFlow) and returns the metric so far; ``value`` reads it without updating. Run
``tf.local_variables_initializer()`` first (and again to reset)::

    acc, acc_update = tf.metrics.accuracy(labels, predictions)
    sess.run(tf.local_variables_initializer())
    for batch in batches:
        sess.run(acc_update, feed_dict=batch)
    print(sess.run(acc))

Ratios are TF's safe divisions: 0 while nothing has been counted.
"""

from . import dtypes as _dt
from . import graph as _g
from .ops import math as _m
from .ops.creation import convert_to_tensor, zeros
from .ops.reduce import reduce_sum
from .ops.shape import broadcast_to, size
from .variable_scope import variable_scope
from .variables import Variable

__all__ = ["mean", "accuracy", "mean_squared_error", "mean_absolute_error",
           "root_mean_squared_error", "true_positives", "false_positives", "false_negatives",
           "precision", "recall"]


def _local(name, dtype=_dt.float32):
    """A scalar local variable starting at 0, collected as TF's metric variables."""
    return Variable(zeros([], dtype=dtype), trainable=False, name=name,
                    collections=[_g.GraphKeys.LOCAL_VARIABLES, _g.GraphKeys.METRIC_VARIABLES])


def _collect(collections, value):
    for key in collections or ():
        _g.add_to_collection(key, value)


def _check_same_shape(a, b):
    sa, sb = a.shape, b.shape
    if sa.ndims is not None and sb.ndims is not None and not sa.is_compatible_with(sb):
        raise ValueError(f"Shapes {sa} and {sb} are incompatible")


def mean(values, weights=None, metrics_collections=None, updates_collections=None,
         name=None):
    """The (weighted) mean of every value seen: ``(mean, update_op)``.

    Args:
        values: a tensor of any shape (cast to float32).
        weights: None, or a tensor broadcastable to ``values``.
        metrics_collections, updates_collections: collections to add the value and the
            update to.
        name: the variable scope (default ``"mean"``).
    """
    with variable_scope(name, "mean", [values, weights]):
        values = _m.cast(convert_to_tensor(values), _dt.float32)
        total, count = _local("total"), _local("count")
        if weights is None:
            num = _m.cast(size(values), _dt.float32)
        else:
            weights = _m.cast(convert_to_tensor(weights), _dt.float32)
            weights = broadcast_to(weights, _shape_of(values))
            values = _m.multiply(values, weights)
            num = reduce_sum(weights)
        update_total = total.assign_add(reduce_sum(values))
        update_count = count.assign_add(num)
        value = _m.div_no_nan(total, count, name="value")
        update = _m.div_no_nan(update_total, update_count, name="update_op")
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def _shape_of(t):
    from .ops.shape import shape
    return shape(t)


def accuracy(labels, predictions, weights=None, metrics_collections=None,
             updates_collections=None, name=None):
    """How often ``predictions`` equals ``labels``: ``(accuracy, update_op)``.

    Example:
        >>> acc, update = tf.metrics.accuracy(labels, tf.argmax(logits, 1))
    """
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    _check_same_shape(predictions, labels)
    if labels.dtype != predictions.dtype:
        predictions = _m.cast(predictions, labels.dtype)
    correct = _m.cast(_m.equal(predictions, labels), _dt.float32)
    return mean(correct, weights, metrics_collections, updates_collections,
                name or "accuracy")


def mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                       updates_collections=None, name=None):
    """The mean of ``(labels - predictions) ** 2`` over everything seen."""
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    _check_same_shape(predictions, labels)
    err = _m.squared_difference(_m.cast(labels, _dt.float32),
                                _m.cast(predictions, _dt.float32))
    return mean(err, weights, metrics_collections, updates_collections,
                name or "mean_squared_error")


def mean_absolute_error(labels, predictions, weights=None, metrics_collections=None,
                        updates_collections=None, name=None):
    """The mean of ``|labels - predictions|`` over everything seen."""
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    _check_same_shape(predictions, labels)
    err = _m.abs(_m.subtract(_m.cast(labels, _dt.float32), _m.cast(predictions, _dt.float32)))
    return mean(err, weights, metrics_collections, updates_collections,
                name or "mean_absolute_error")


def root_mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    """The square root of the streaming mean squared error."""
    mse, update = mean_squared_error(labels, predictions, weights, None, None,
                                     name or "root_mean_squared_error")
    value, update = _m.sqrt(mse), _m.sqrt(update)
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def _count(condition, weights, name):
    """A streaming count of where boolean ``condition`` holds (weighted)."""
    with variable_scope(None, name, [condition, weights]):
        hits = _m.cast(condition, _dt.float32)
        if weights is not None:
            weights = _m.cast(convert_to_tensor(weights), _dt.float32)
            hits = _m.multiply(hits, broadcast_to(weights, _shape_of(hits)))
        count = _local("count")
        update = count.assign_add(reduce_sum(hits))
        value = _m.add(count, 0.0)  # a read of the count
    return value, update


def _as_bool(labels, predictions):
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    _check_same_shape(predictions, labels)
    return _m.cast(labels, _dt.bool), _m.cast(predictions, _dt.bool)


def true_positives(labels, predictions, weights=None, metrics_collections=None,
                   updates_collections=None, name=None):
    """A streaming count of labels and predictions both true."""
    labels, predictions = _as_bool(labels, predictions)
    value, update = _count(_m.logical_and(labels, predictions), weights,
                           name or "true_positives")
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def false_positives(labels, predictions, weights=None, metrics_collections=None,
                    updates_collections=None, name=None):
    """A streaming count of predictions true where labels are false."""
    labels, predictions = _as_bool(labels, predictions)
    value, update = _count(_m.logical_and(_m.logical_not(labels), predictions), weights,
                           name or "false_positives")
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def false_negatives(labels, predictions, weights=None, metrics_collections=None,
                    updates_collections=None, name=None):
    """A streaming count of predictions false where labels are true."""
    labels, predictions = _as_bool(labels, predictions)
    value, update = _count(_m.logical_and(labels, _m.logical_not(predictions)), weights,
                           name or "false_negatives")
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def _ratio(name, labels, predictions, weights, other, metrics_collections,
           updates_collections):
    with variable_scope(name):
        tp, tp_update = true_positives(labels, predictions, weights)
        xp, xp_update = other(labels, predictions, weights)
        value = _m.div_no_nan(tp, _m.add(tp, xp), name="value")
        update = _m.div_no_nan(tp_update, _m.add(tp_update, xp_update), name="update_op")
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def precision(labels, predictions, weights=None, metrics_collections=None,
              updates_collections=None, name=None):
    """``true_positives / (true_positives + false_positives)`` over everything seen."""
    return _ratio(name or "precision", labels, predictions, weights, false_positives,
                  metrics_collections, updates_collections)


def recall(labels, predictions, weights=None, metrics_collections=None,
           updates_collections=None, name=None):
    """``true_positives / (true_positives + false_negatives)`` over everything seen."""
    return _ratio(name or "recall", labels, predictions, weights, false_negatives,
                  metrics_collections, updates_collections)
