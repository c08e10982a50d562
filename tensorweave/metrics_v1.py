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
from .ops.reduce import reduce_mean, reduce_sum
from .ops.shape import broadcast_to, size
from .variable_scope import variable_scope
from .variables import Variable

__all__ = ["mean", "accuracy", "mean_squared_error", "mean_absolute_error",
           "root_mean_squared_error", "true_positives", "false_positives", "false_negatives",
           "precision", "recall", "auc", "true_negatives", "mean_iou",
           "mean_per_class_accuracy", "precision_at_k", "recall_at_k"]


def _local(name, dtype=_dt.float32, shape=()):
    """A local variable of zeros (a scalar by default), collected as TF's metric variables."""
    return Variable(zeros(list(shape), dtype=dtype), trainable=False, name=name,
                    collections=[_g.GraphKeys.LOCAL_VARIABLES, _g.GraphKeys.METRIC_VARIABLES])


def _collect(collections, value):
    for key in collections or ():
        _g.add_to_collection(key, value)


def _check_same_shape(a, b):
    """``(a, b)`` (predictions, labels) with a squeezable last dimension of size 1 taken
    off the one whose rank is one more (TF's ``remove_squeezable_dimensions``: labels of
    shape [N, 1] against predictions [N]); ValueError if the shapes still differ."""
    from .ops.shape import squeeze
    sa, sb = a.shape, b.shape
    if sa.ndims is not None and sb.ndims is not None:
        last = (sa if sa.ndims > sb.ndims else sb).as_tuple()[-1:] if sa.ndims != sb.ndims \
            else ()
        if sa.ndims == sb.ndims + 1 and last == (1,):
            a = squeeze(a, [-1])
        elif sb.ndims == sa.ndims + 1 and last == (1,):
            b = squeeze(b, [-1])
        sa, sb = a.shape, b.shape
        if not sa.is_compatible_with(sb):
            raise ValueError(f"Shapes {sa} and {sb} are incompatible")
    return a, b


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
    predictions, labels = _check_same_shape(predictions, labels)
    if labels.dtype != predictions.dtype:
        predictions = _m.cast(predictions, labels.dtype)
    correct = _m.cast(_m.equal(predictions, labels), _dt.float32)
    return mean(correct, weights, metrics_collections, updates_collections,
                name or "accuracy")


def mean_squared_error(labels, predictions, weights=None, metrics_collections=None,
                       updates_collections=None, name=None):
    """The mean of ``(labels - predictions) ** 2`` over everything seen."""
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    predictions, labels = _check_same_shape(predictions, labels)
    err = _m.squared_difference(_m.cast(labels, _dt.float32),
                                _m.cast(predictions, _dt.float32))
    return mean(err, weights, metrics_collections, updates_collections,
                name or "mean_squared_error")


def mean_absolute_error(labels, predictions, weights=None, metrics_collections=None,
                        updates_collections=None, name=None):
    """The mean of ``|labels - predictions|`` over everything seen."""
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    predictions, labels = _check_same_shape(predictions, labels)
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
        value = _m.identity(count)  # a read of the count ("<name>/Identity", as in TF)
    return value, update


def _as_bool(labels, predictions):
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    predictions, labels = _check_same_shape(predictions, labels)
    return _m.cast(labels, _dt.bool), _m.cast(predictions, _dt.bool)


def _confusion(labels, predictions, weights, cell, name, metrics_collections,
               updates_collections):
    """A streaming count of the (labels, predictions) pairs ``cell(labels, predictions)``
    picks, both cast to bool."""
    labels, predictions = _as_bool(labels, predictions)
    value, update = _count(cell(labels, predictions), weights, name)
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def true_positives(labels, predictions, weights=None, metrics_collections=None,
                   updates_collections=None, name=None):
    """A streaming count of labels and predictions both true."""
    return _confusion(labels, predictions, weights, _m.logical_and, name or "true_positives",
                      metrics_collections, updates_collections)


def false_positives(labels, predictions, weights=None, metrics_collections=None,
                    updates_collections=None, name=None):
    """A streaming count of predictions true where labels are false."""
    return _confusion(labels, predictions, weights,
                      lambda t, p: _m.logical_and(_m.logical_not(t), p),
                      name or "false_positives", metrics_collections, updates_collections)


def false_negatives(labels, predictions, weights=None, metrics_collections=None,
                    updates_collections=None, name=None):
    """A streaming count of predictions false where labels are true."""
    return _confusion(labels, predictions, weights,
                      lambda t, p: _m.logical_and(t, _m.logical_not(p)),
                      name or "false_negatives", metrics_collections, updates_collections)


def true_negatives(labels, predictions, weights=None, metrics_collections=None,
                   updates_collections=None, name=None):
    """A streaming count of labels and predictions both false."""
    return _confusion(labels, predictions, weights,
                      lambda t, p: _m.logical_and(_m.logical_not(t), _m.logical_not(p)),
                      name or "true_negatives", metrics_collections, updates_collections)


def _flat(t, dtype=None):
    from .ops.shape import reshape
    t = convert_to_tensor(t)
    if dtype is not None and t.dtype != dtype:
        t = _m.cast(t, dtype)
    return reshape(t, [-1])


def mean_iou(labels, predictions, num_classes, weights=None, metrics_collections=None,
             updates_collections=None, name=None):
    """The mean intersection-over-union of the classes seen: ``(mean_iou, update_op)``.

    A float64 ``num_classes x num_classes`` confusion matrix (local variable
    ``<name>/total_confusion_matrix``) accumulates ``(label, prediction)`` pairs;
    ``update_op`` returns it. The value is the mean, over the classes whose row plus column
    is non-zero, of ``cm[i, i] / (row_i + col_i - cm[i, i])``, computed in float32 (0 when
    nothing was counted).

    Args:
        labels, predictions: integer class ids of one shape (flattened).
        num_classes: the number of classes (a Python int).
        weights: None, or weights of ``labels``' shape.
        metrics_collections, updates_collections: collections for the value and update.
        name: the variable scope (default ``"mean_iou"``).
    """
    from .ops.array_more import confusion_matrix
    from .ops.creation import ones_like
    from .ops.linalg import tensor_diag_part
    with variable_scope(name, "mean_iou", [predictions, labels, weights]):
        labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
        predictions, labels = _check_same_shape(predictions, labels)
        total_cm = _local("total_confusion_matrix", _dt.float64, (num_classes, num_classes))
        w = None if weights is None else _flat(weights)
        current = confusion_matrix(_flat(labels), _flat(predictions), num_classes, weights=w,
                                   dtype=_dt.float64)
        update = total_cm.assign_add(current)

        def compute(cm, name):
            cols = _m.cast(reduce_sum(cm, 0), _dt.float32)
            rows = _m.cast(reduce_sum(cm, 1), _dt.float32)
            diag = _m.cast(tensor_diag_part(cm), _dt.float32)
            denominator = _m.subtract(_m.add(cols, rows), diag)
            valid = reduce_sum(_m.cast(_m.not_equal(denominator, 0.0), _dt.float32))
            denominator = _m.where(_m.greater(denominator, 0.0), denominator,
                                   ones_like(denominator))
            iou = _m.divide(diag, denominator)
            return _m.where(_m.greater(valid, 0.0),
                            _m.divide(reduce_sum(iou), _m.maximum(valid, 1.0)),
                            convert_to_tensor(0.0), name=name)
        value = compute(total_cm, "Select_1")  # TF's name for the value: <scope>/Select_1
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def mean_per_class_accuracy(labels, predictions, num_classes, weights=None,
                            metrics_collections=None, updates_collections=None, name=None):
    """The mean over all ``num_classes`` classes of each class's accuracy (the weighted
    fraction of its labels predicted right; 0 for a class never seen).

    Local variables ``<name>/total`` and ``<name>/count`` (float32, one entry per class)
    accumulate; ``update_op`` returns the per-class accuracies, the value their mean.

    Args:
        labels, predictions: integer class ids of one shape (flattened).
        num_classes: the number of classes (a Python int).
        weights: None, or weights of ``labels``' shape.
        metrics_collections, updates_collections: collections for the value and update.
        name: the variable scope (default ``"mean_accuracy"``).
    """
    from .ops.array_more import unsorted_segment_sum
    from .ops.creation import ones_like
    with variable_scope(name, "mean_accuracy", [predictions, labels, weights]):
        labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
        predictions, labels = _check_same_shape(predictions, labels)
        labels = _flat(labels, _dt.int64)
        predictions = _flat(predictions, _dt.int64)
        total = _local("total", shape=(num_classes,))
        count = _local("count", shape=(num_classes,))
        ones = ones_like(labels, dtype=_dt.float32)
        if weights is not None:
            ones = _m.multiply(ones, _flat(weights, _dt.float32))
        correct = _m.multiply(_m.cast(_m.equal(labels, predictions), _dt.float32), ones)
        update_total = total.assign_add(unsorted_segment_sum(correct, labels, num_classes))
        update_count = count.assign_add(unsorted_segment_sum(ones, labels, num_classes))
        per_class = _m.div_no_nan(total, count)
        value = reduce_mean(per_class, name="mean_accuracy")
        update = _m.div_no_nan(update_total, update_count, name="update_op")
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def _at_k_masks(labels, predictions, k, class_id):
    """Per-class 0/1 masks (float64, ``[batch, num_classes]``) of the top-``k`` predicted
    classes and of the label set of each row; only column ``class_id`` when given."""
    from .ops.reduce import reduce_max
    from .ops.shape import expand_dims, one_hot
    from .ops.topk import top_k
    predictions = convert_to_tensor(predictions)
    num_classes = predictions.shape[-1]
    num_classes = getattr(num_classes, "value", num_classes)
    if num_classes is None:
        raise ValueError(f"precision_at_k/recall_at_k need the number of classes (the last "
                         f"dimension of predictions) at build time; got shape "
                         f"{predictions.shape}")
    labels = _m.cast(convert_to_tensor(labels), _dt.int64)
    if labels.shape.ndims == predictions.shape.ndims - 1:
        labels = expand_dims(labels, -1)
    top = top_k(predictions, k).indices
    predicted = reduce_max(one_hot(top, num_classes, dtype=_dt.float64), axis=-2)
    truth = reduce_max(one_hot(labels, num_classes, dtype=_dt.float64), axis=-2)
    if class_id is not None:
        return predicted[..., class_id], truth[..., class_id], None
    return predicted, truth, _distinct_per_row(labels)


def _distinct_per_row(labels):
    """The number of distinct ids in each row of ``labels`` (float64, ``[batch]``), ids
    outside the class range included (TF counts those as labels never predicted), or None
    when the row length is unknown at build time."""
    import numpy as np
    from .ops.creation import constant
    from .ops.reduce import reduce_any
    from .ops.shape import expand_dims
    n = labels.shape[-1]
    n = getattr(n, "value", n)
    if n is None:
        return None
    earlier = constant(np.triu(np.ones((n, n), bool), 1))   # [i, j]: i < j
    same = _m.equal(expand_dims(labels, -1), expand_dims(labels, -2))
    repeated = reduce_any(_m.logical_and(same, earlier), axis=-2)
    return reduce_sum(_m.cast(_m.logical_not(repeated), _dt.float64), axis=-1)


def _at_k(kind, labels, predictions, k, class_id, weights, metrics_collections,
          updates_collections, name):
    suffix = f"at_{k}" + ("" if class_id is None else f"_class{class_id}")
    from .ops.shape import expand_dims
    with _g.name_scope(name, f"{kind}_{suffix}", [predictions, labels, weights]) as scope:
        predicted, truth, distinct = _at_k_masks(labels, predictions, k, class_id)
        tp_cells = _m.multiply(predicted, truth)
        other = "false_positive" if kind == "precision" else "false_negative"
        if kind == "precision":
            other_cells = _m.multiply(predicted, _m.subtract(1.0, truth))
        elif distinct is not None:   # per row: every label not among the top k
            other_cells = _m.subtract(distinct, reduce_sum(tp_cells, axis=-1))
        else:
            other_cells = _m.multiply(truth, _m.subtract(1.0, predicted))
        if weights is not None:
            w = _m.cast(convert_to_tensor(weights), _dt.float64)
            w_cells = (expand_dims(w, -1) if class_id is None
                       and w.shape.ndims == tp_cells.shape.ndims - 1 else w)
            tp_cells = _m.multiply(tp_cells, w_cells)
            other_cells = _m.multiply(other_cells, w_cells if other_cells.shape.ndims
                                      == tp_cells.shape.ndims else w)
        tp_var = _local(f"true_positive_{suffix}", _dt.float64)
        other_var = _local(f"{other}_{suffix}", _dt.float64)
        tp_update = tp_var.assign_add(reduce_sum(tp_cells))
        other_update = other_var.assign_add(reduce_sum(other_cells))
        value = _m.divide(tp_var, _m.add(tp_var, other_var), name=scope)
        update = _m.divide(tp_update, _m.add(tp_update, other_update), name="update")
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def precision_at_k(labels, predictions, k, class_id=None, weights=None,
                   metrics_collections=None, updates_collections=None, name=None):
    """Of the top-``k`` classes predicted per row, the fraction that are in the row's labels
    (or, with ``class_id``, how often that class is right when it is in the top ``k``).

    Args:
        labels: int class ids, ``[batch]`` or ``[batch, num_labels]`` (ids outside
            ``[0, num_classes)`` match nothing).
        predictions: scores ``[batch, num_classes]``.
        k: how many top classes count as predicted.
        class_id: None, or the one class to score.
        weights: None, or per-row weights.
        name: the name scope (default ``"precision_at_<k>[_class<id>]"``); the float64 local
            variables are ``true_positive_at_<k>`` and ``false_positive_at_<k>`` in it.

    Returns:
        ``(precision, update_op)``; NaN while nothing was counted (0 / 0), as in TF.
    """
    return _at_k("precision", labels, predictions, k, class_id, weights,
                 metrics_collections, updates_collections, name)


def recall_at_k(labels, predictions, k, class_id=None, weights=None,
                metrics_collections=None, updates_collections=None, name=None):
    """Of each row's labels, the fraction among its top-``k`` predicted classes (or, with
    ``class_id``, how often that class is in the top ``k`` when it is a label).

    Args and returns as ``precision_at_k``; the local variables are
    ``true_positive_at_<k>`` and ``false_negative_at_<k>``.
    """
    return _at_k("recall", labels, predictions, k, class_id, weights,
                 metrics_collections, updates_collections, name)


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


def auc(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None,
        updates_collections=None, curve="ROC", name=None, summation_method="trapezoidal",
        thresholds=None):
    """The area under the ROC (or precision-recall) curve, from confusion counts kept at
    ``num_thresholds`` thresholds spread over [0, 1] (TF's Riemann sum of the curve).

    Args:
        labels: cast to bool; predictions: scores in [0, 1], of labels' shape.
        weights: None, or broadcastable to labels.
        num_thresholds: default 200 (the first and last lie just outside [0, 1]).
        curve: ``"ROC"`` or ``"PR"``. summation_method: ``"trapezoidal"`` (default),
            ``"careful_interpolation"``, ``"minoring"`` or ``"majoring"``.
        thresholds: explicit thresholds in [0, 1] instead of ``num_thresholds``.

    Example:
        >>> auc, update = tf.metrics.auc(labels, tf.sigmoid(logits))
    """
    from .ops.shape import reshape, tile
    with variable_scope(name, "auc", [labels, predictions, weights]):
        if curve not in ("ROC", "PR"):
            raise ValueError(f"Curve must be either ROC or PR. Curve {curve} is unknown.")
        if summation_method not in ("trapezoidal", "careful_interpolation", "minoring",
                                    "majoring"):
            raise ValueError(f"Invalid summation_method: {summation_method} "
                             "summation_method should be 'trapezoidal', "
                             "'careful_interpolation', 'minoring', or 'majoring'.")
        eps = 1e-7
        if thresholds is not None:
            cuts = sorted(float(t) for t in thresholds)
        else:
            cuts = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        cuts = [0.0 - eps] + cuts + [1.0 + eps]
        n = len(cuts)
        labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
        predictions, labels = _check_same_shape(predictions, labels)
        scores = reshape(_m.cast(predictions, _dt.float32), [1, -1])
        positive = reshape(_m.cast(labels, _dt.bool), [1, -1])
        above = _m.greater(tile(scores, [n, 1]),
                           reshape(convert_to_tensor(cuts, dtype=_dt.float32), [n, 1]))
        truth = tile(positive, [n, 1])
        w = None
        if weights is not None:
            w = _m.cast(convert_to_tensor(weights), _dt.float32)
            w = tile(reshape(broadcast_to(w, _shape_of(predictions)), [1, -1]), [n, 1])
        cells = {"tp": (truth, above), "fn": (truth, _m.logical_not(above)),
                 "tn": (_m.logical_not(truth), _m.logical_not(above)),
                 "fp": (_m.logical_not(truth), above)}
        names = {"tp": "true_positives", "fn": "false_negatives", "tn": "true_negatives",
                 "fp": "false_positives"}
        values, updates = {}, {}
        for key in ("tp", "fn", "tn", "fp"):
            var = _local(names[key], shape=(n,))
            hits = _m.cast(_m.logical_and(*cells[key]), _dt.float32)
            if w is not None:
                hits = _m.multiply(hits, w)
            updates[key] = var.assign_add(reduce_sum(hits, 1))
            values[key] = var
        value = _area(values, curve, summation_method, "value")
        update = _area(updates, curve, summation_method, "update_op")
    _collect(metrics_collections, value)
    _collect(updates_collections, update)
    return value, update


def _area(c, curve, method, name):
    """TF's sum over threshold intervals of the curve from confusion counts ``c``."""
    tp, fn, tn, fp = c["tp"], c["fn"], c["tn"], c["fp"]
    eps = 1e-6
    if curve == "PR" and method == "careful_interpolation":
        return _pr_auc_interpolated(tp, fp, fn, name)
    recall_ = _m.divide(_m.add(tp, eps), _m.add(_m.add(tp, fn), eps))
    if curve == "ROC":
        x, y = _m.divide(fp, _m.add(_m.add(fp, tn), eps)), recall_
    else:
        x, y = recall_, _m.divide(_m.add(tp, eps), _m.add(_m.add(tp, fp), eps))
    dx = _m.subtract(x[:-1], x[1:])
    if method == "minoring":
        height = _m.minimum(y[:-1], y[1:])
    elif method == "majoring":
        height = _m.maximum(y[:-1], y[1:])
    else:
        height = _m.divide(_m.add(y[:-1], y[1:]), 2.0)
    return reduce_sum(_m.multiply(dx, height), name=name)


def _pr_auc_interpolated(tp, fp, fn, name):
    """The precision-recall area with precision interpolated between thresholds as TF's
    ``careful_interpolation`` does (Davis & Goadrich 2006)."""
    from .ops.creation import ones_like
    dtp = _m.subtract(tp[:-1], tp[1:])
    p = _m.add(tp, fp)
    slope = _m.div_no_nan(dtp, _m.maximum(_m.subtract(p[:-1], p[1:]), 0.0))
    intercept = _m.subtract(tp[1:], _m.multiply(slope, p[1:]))
    ratio = _m.where(_m.logical_and(_m.greater(p[:-1], 0.0), _m.greater(p[1:], 0.0)),
                     _m.div_no_nan(p[:-1], _m.maximum(p[1:], 0.0)), ones_like(p[1:]))
    increments = _m.div_no_nan(
        _m.multiply(slope, _m.add(dtp, _m.multiply(intercept, _m.log(ratio)))),
        _m.maximum(_m.add(tp[1:], fn[1:]), 0.0))
    return reduce_sum(increments, name=name)
