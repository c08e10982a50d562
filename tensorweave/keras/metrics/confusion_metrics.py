"""Confusion-matrix metrics: ``Precision``, ``Recall`` and ``AUC``, with Keras 3's
threshold handling, O(T + N) bucketing for evenly spaced thresholds, and Riemann sums."""

import numpy as np

from ._ops import EPSILON, NEG_INF, _divide_no_nan, _rank_align, _static_shape
from .metric import Metric


def _to_list(x):
    if isinstance(x, (list, tuple)):
        return list(x)
    if isinstance(x, np.ndarray):
        return x.tolist()
    return [x]


def _parse_thresholds(thresholds, default):
    if thresholds is not None:
        bad = [t for t in _to_list(thresholds) if t is None or t < 0 or t > 1]
        if bad:
            raise ValueError(f"Threshold values must be in [0, 1]. Received: {bad}")
    return [float(t) for t in _to_list(default if thresholds is None else thresholds)]


def _evenly_distributed(thresholds):
    n = len(thresholds)
    if n < 3:
        return False
    even = np.arange(n, dtype=np.float32) / (n - 1)
    return bool(np.allclose(thresholds, even, atol=EPSILON))


def _filter_top_k(ops, x, k):
    """Keeps the ``k`` largest entries of the last axis (ties: lower index first, as
    ``top_k`` orders them) and sets the rest to NEG_INF."""
    depth = ops.dim(x, -1)
    a = ops.expand_dims(x, -1)          # x_i along axis -2
    b = ops.expand_dims(x, -2)          # x_j along axis -1
    lower = np.tril(np.ones((depth, depth), np.float32), -1)  # [i, j] = 1 where j < i
    ahead = ops.cast(ops.greater(b, a), np.float32) + \
        ops.cast(ops.equal(b, a), np.float32) * ops.constant(lower)
    mask = ops.cast(ops.greater(ops.constant(float(k)), ops.sum(ahead, -1)), np.float32)
    return x * mask + ops.constant(NEG_INF) * (ops.constant(1.0) - mask)


def _confusion_stats(ops, y_true, y_pred, thresholds, evenly, sample_weight=None, top_k=None,
                     class_id=None, multi_label=False, label_weights=None):
    """Keras's update_confusion_matrix_variables, returning the increments (tp, fp, tn, fn),
    each ``(num_thresholds,)`` or ``(num_thresholds, num_labels)``."""
    y_true = ops.convert(y_true, np.float32)
    y_pred = ops.convert(y_pred, np.float32)
    with_epsilon = evenly and (thresholds[0] < 0.0 or thresholds[-1] > 1.0)
    y_pred, y_true = _rank_align(ops, y_pred, y_true)
    if sample_weight is not None:
        sample_weight = ops.expand_dims(ops.convert(sample_weight, np.float32), -1)
        _, sample_weight = _rank_align(ops, y_true, sample_weight, expand_rank_1=False)
    if top_k is not None:
        y_pred = _filter_top_k(ops, y_pred, top_k)
    if class_id is not None:
        if ops.ndim(y_pred) == 1:
            raise ValueError("When class_id is provided, y_pred must be a 2D array with shape "
                             f"(num_samples, num_classes), found shape: "
                             f"{_static_shape(ops, y_pred)}")
        depth = ops.dim(y_pred, -1)
        pick = ops.constant(np.eye(depth, dtype=np.float32)[class_id])
        y_true = ops.sum(y_true * pick, -1, keepdims=True)
        y_pred = ops.sum(y_pred * pick, -1, keepdims=True)
    if evenly:
        return _confusion_bucketed(ops, y_true, y_pred, len(thresholds), multi_label,
                                   sample_weight, label_weights, with_epsilon)
    return _confusion_compared(ops, y_true, y_pred, thresholds, multi_label, sample_weight,
                               label_weights)


def _weights(ops, y_pred, sample_weight, label_weights, flatten):
    """Sample weights times label weights, broadcast to ``y_pred`` (flattened unless
    multi-label), or None."""
    weights = None
    if sample_weight is not None:
        weights = sample_weight * ops.ones_like(y_pred)
    if label_weights is not None:
        lw = ops.constant(np.asarray(label_weights, np.float32)) * ops.ones_like(y_pred)
        weights = lw if weights is None else weights * lw
    if weights is not None and flatten:
        weights = ops.reshape(weights, [-1])
    return weights


def _confusion_bucketed(ops, y_true, y_pred, num_thresholds, multi_label, sample_weight,
                        label_weights, with_epsilon):
    """O(T + N): each prediction falls in one bucket between evenly spaced thresholds;
    reversed cumulative sums of the buckets give the counts above each threshold."""
    weights = _weights(ops, y_pred, sample_weight, label_weights, flatten=not multi_label)
    y_pred = ops.clip(y_pred, 0.0, 1.0)
    y_true = ops.cast(ops.greater(ops.abs(y_true), ops.constant(0.0)), np.float32)
    if not multi_label:
        y_true = ops.reshape(y_true, [-1])
        y_pred = ops.reshape(y_pred, [-1])
    true_labels = y_true if weights is None else y_true * weights
    false_labels = (ops.constant(1.0) - y_true) if weights is None else \
        (ops.constant(1.0) - y_true) * weights
    # A prediction must be strictly above a threshold: bucket = ceil(p * (T - 1)) - 1.
    buckets = ops.ceil(y_pred * ops.constant(float(num_thresholds - 1))) - ops.constant(1.0)
    if with_epsilon:
        buckets = ops.maximum(buckets, ops.constant(0.0))
    buckets = ops.cast(buckets, np.int64)
    tp = ops.reverse_cumsum(ops.segment_sum(true_labels, buckets, num_thresholds), 0)
    fp = ops.reverse_cumsum(ops.segment_sum(false_labels, buckets, num_thresholds), 0)
    axis = 0 if multi_label else None  # per label (T, L), or over everything (T,)
    total_true = ops.sum(true_labels, axis)
    total_false = ops.sum(false_labels, axis)
    return tp, fp, total_false - fp, total_true - tp


def _confusion_compared(ops, y_true, y_pred, thresholds, multi_label, sample_weight,
                        label_weights):
    """O(T × N): compares every prediction with every threshold."""
    weights = _weights(ops, y_pred, sample_weight, label_weights if not multi_label else None,
                       flatten=not multi_label)
    if multi_label:
        preds = ops.expand_dims(y_pred, 0)                                   # (1, N, L)
        labels = ops.greater(ops.abs(ops.expand_dims(y_true, 0)), ops.constant(0.0))
        thresh = ops.constant(np.asarray(thresholds, np.float32).reshape(-1, 1, 1))
        if weights is not None:
            weights = ops.expand_dims(weights, 0)
    else:
        preds = ops.reshape(y_pred, [1, -1])                                 # (1, M)
        labels = ops.greater(ops.abs(ops.reshape(y_true, [1, -1])), ops.constant(0.0))
        thresh = ops.constant(np.asarray(thresholds, np.float32).reshape(-1, 1))
        if weights is not None:
            weights = ops.reshape(weights, [1, -1])
    pred_pos = ops.greater(preds, thresh)                                    # (T, ...)
    pred_neg = ops.logical_not(pred_pos)
    label_neg = ops.logical_not(labels)

    def count(label, pred):
        both = ops.cast(ops.logical_and(label, pred), np.float32)
        if weights is not None:
            both = both * weights
        return ops.sum(both, 1)

    return (count(labels, pred_pos), count(label_neg, pred_pos), count(label_neg, pred_neg),
            count(labels, pred_neg))


class _ThresholdMetric(Metric):
    """Precision and Recall: counts at one or more thresholds."""

    _kinds = ()

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else NEG_INF
        self.thresholds = _parse_thresholds(thresholds, default) if thresholds is not None \
            else [default]
        self._evenly = _evenly_distributed(self.thresholds)

    def _state_shapes(self):
        return {kind: (len(self.thresholds),) for kind in self._kinds}

    def _stats(self, ops, y_true, y_pred, sample_weight=None):
        tp, fp, tn, fn = _confusion_stats(ops, y_true, y_pred, self.thresholds, self._evenly,
                                          sample_weight, self.top_k, self.class_id)
        table = {"true_positives": tp, "false_positives": fp, "true_negatives": tn,
                 "false_negatives": fn}
        return tuple(table[kind] for kind in self._kinds)

    def result(self):
        tp, other = self.state
        out = _divide_no_nan(tp, tp + other)
        return np.float32(out[0]) if len(self.thresholds) == 1 else out

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds,
                "top_k": self.top_k, "class_id": self.class_id}


class Precision(_ThresholdMetric):
    """``true_positives / (true_positives + false_positives)`` at each threshold.

    Args:
        thresholds: a float or list of floats in [0, 1]; a prediction counts as positive when
            strictly above it. Default 0.5 (or, with ``top_k``, any of the top k).
        top_k: count only the ``k`` largest predictions of each sample as positive.
        class_id: compute the metric for this class of a ``(n, num_classes)`` prediction.

    Example:
        >>> m = Precision(); m.update_state([0, 1, 1, 1], [1, 0, 1, 1]); float(m.result())
        0.6666666865348816
    """

    _kinds = ("true_positives", "false_positives")


class Recall(_ThresholdMetric):
    """``true_positives / (true_positives + false_negatives)`` at each threshold.

    Arguments as for ``Precision``.

    Example:
        >>> m = Recall(); m.update_state([0, 1, 1, 1], [1, 0, 1, 1]); float(m.result())
        0.6666666865348816
    """

    _kinds = ("true_positives", "false_negatives")


class _ConditionCount(_ThresholdMetric):
    """One cell of the confusion matrix, counted at one or more thresholds (Keras's
    ``accumulator``): a float, or an array for several thresholds."""

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(thresholds=thresholds, name=name, dtype=dtype)

    def _state_shapes(self):
        return {"accumulator": (len(self.thresholds),)}

    def result(self):
        (count,) = self.state
        return np.float32(count[0]) if len(self.thresholds) == 1 else \
            np.asarray(count, np.float32)

    def get_config(self):
        return {"name": self.name, "dtype": self._dtype, "thresholds": self.init_thresholds}


class TruePositives(_ConditionCount):
    """The (weighted) number of positive predictions of positive labels: predictions
    strictly above ``thresholds`` (default 0.5) count as positive.

    Example:
        >>> m = TruePositives(); m.update_state([0, 1, 1, 1], [1, 0, 1, 1]); float(m.result())
        2.0
    """

    _kinds = ("true_positives",)


class FalsePositives(_ConditionCount):
    """The (weighted) number of positive predictions of negative labels."""

    _kinds = ("false_positives",)


class TrueNegatives(_ConditionCount):
    """The (weighted) number of negative predictions of negative labels."""

    _kinds = ("true_negatives",)


class FalseNegatives(_ConditionCount):
    """The (weighted) number of negative predictions of positive labels."""

    _kinds = ("false_negatives",)


_CURVES = {"roc": "ROC", "pr": "PR"}
_SUMMATIONS = ("interpolation", "majoring", "minoring")


class AUC(Metric):
    """Area under the ROC or PR curve, from counts at ``num_thresholds`` thresholds.

    Keras 3's algorithm: thresholds ``[0 - eps, 1/(T-1), ..., (T-2)/(T-1), 1 + eps]``, counts
    kept per threshold (bucketed in O(T + N) when evenly spaced), and a Riemann sum over the
    curve's points; ``"interpolation"`` uses the trapezoid for ROC and Davis & Goadrich's
    interpolation for PR.

    Args:
        num_thresholds: number of thresholds (> 1).
        curve: ``"ROC"`` or ``"PR"``.
        summation_method: ``"interpolation"``, ``"minoring"`` or ``"majoring"``.
        thresholds: explicit thresholds in [0, 1] instead of ``num_thresholds``.
        multi_label: keep separate counts per label of a ``(n, num_labels)`` prediction and
            average the AUCs (weighted by ``label_weights``).
        num_labels: number of labels (multi_label only; else taken from the first batch).
        label_weights: per-label weights.
        from_logits: apply a sigmoid to predictions first.

    Example:
        >>> m = AUC(num_thresholds=3); m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
        >>> float(m.result())
        0.75
    """

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation",
                 name=None, dtype=None, thresholds=None, multi_label=False, num_labels=None,
                 label_weights=None, from_logits=False):
        super().__init__(name=name, dtype=dtype)
        if str(curve).lower() not in _CURVES:
            raise ValueError(f'Invalid AUC curve value: "{curve}". Expected values are '
                             '["PR", "ROC"]')
        if str(summation_method).lower() not in _SUMMATIONS:
            raise ValueError(f'Invalid AUC summation method value: "{summation_method}". '
                             'Expected values are ["interpolation", "majoring", "minoring"]')
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            inner = sorted(_parse_thresholds(thresholds, None))
            self.num_thresholds = len(inner) + 2
            self._evenly = _evenly_distributed(np.array([0.0] + inner + [1.0]))
        else:
            if num_thresholds <= 1:
                raise ValueError("Argument `num_thresholds` must be an integer > 1. "
                                 f"Received: num_thresholds={num_thresholds}")
            self.num_thresholds = int(num_thresholds)
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._evenly = True
        self._thresholds = [0.0 - EPSILON] + inner + [1.0 + EPSILON]
        self.curve = _CURVES[str(curve).lower()]
        self.summation_method = str(summation_method).lower()
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = None if label_weights is None else \
            np.asarray(label_weights, np.float32)
        self._from_logits = from_logits
        if num_labels and not multi_label:
            raise ValueError("`num_labels` is needed only when `multi_label` is True.")
        self._num_labels = num_labels

    @property
    def thresholds(self):
        """The thresholds used, including the two end points."""
        return list(self._thresholds)

    def _state_shapes(self):
        if self.multi_label:
            if self._num_labels is None:
                raise ValueError("AUC(multi_label=True) learns num_labels from the first "
                                 "batch; pass num_labels=... or update it first.")
            shape = (self.num_thresholds, self._num_labels)
        else:
            shape = (self.num_thresholds,)
        return {"true_positives": shape, "false_positives": shape, "true_negatives": shape,
                "false_negatives": shape}

    def _stats(self, ops, y_true, y_pred, sample_weight=None):
        y_pred = ops.convert(y_pred, np.float32)
        if self.multi_label:
            if ops.ndim(y_pred) != 2:
                raise ValueError("`y_pred` must have rank 2 when `multi_label=True`. Found "
                                 f"rank {ops.ndim(y_pred)}.")
            if self._num_labels is None:
                self._num_labels = ops.dim(y_pred, 1)
        if self._from_logits:
            y_pred = ops.sigmoid(y_pred)
        label_weights = None if self.multi_label else self.label_weights
        return _confusion_stats(ops, y_true, y_pred, self._thresholds, self._evenly,
                                sample_weight, multi_label=self.multi_label,
                                label_weights=label_weights)

    def reset_state(self):
        if self.multi_label and self._num_labels is None:
            self._state = None
            return
        super().reset_state()

    @property
    def state(self):
        if self._state is None and self.multi_label and self._num_labels is None:
            return ()
        return super().state

    def accumulate(self, increments):
        if self.multi_label and self._num_labels is None:
            self._num_labels = int(np.shape(increments[0])[1])
        super().accumulate(increments)

    def _interpolate_pr_auc(self, tp, fp, fn):
        n = self.num_thresholds
        dtp = tp[: n - 1] - tp[1:]
        p = tp + fp
        dp = p[: n - 1] - p[1:]
        slope = _divide_no_nan(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        both = (p[: n - 1] > 0) & (p[1:] > 0)
        ratio = np.where(both, _divide_no_nan(p[: n - 1], np.maximum(p[1:], 0)),
                         np.ones_like(p[1:]))
        with np.errstate(divide="ignore"):
            log_ratio = np.log(ratio).astype(np.float32)
        increment = _divide_no_nan(slope * (dtp + intercept * log_ratio),
                                   np.maximum(tp[1:] + fn[1:], 0))
        return self._combine(increment)

    def _combine(self, terms):
        if not self.multi_label:
            return np.float32(np.sum(terms, dtype=np.float32))
        by_label = np.sum(terms, axis=0, dtype=np.float32)
        if self.label_weights is None:
            return np.float32(np.mean(by_label, dtype=np.float32))
        return np.float32(_divide_no_nan(np.sum(by_label * self.label_weights),
                                         np.sum(self.label_weights)))

    def result(self):
        if not self.state:
            return np.float32(0.0)
        tp, fp, tn, fn = self.state
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolate_pr_auc(tp, fp, fn)
        recall = _divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = _divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, _divide_no_nan(tp, tp + fp)
        n = self.num_thresholds
        if self.summation_method == "interpolation":
            heights = (y[: n - 1] + y[1:]) / np.float32(2.0)
        elif self.summation_method == "minoring":
            heights = np.minimum(y[: n - 1], y[1:])
        else:
            heights = np.maximum(y[: n - 1], y[1:])
        return self._combine((x[: n - 1] - x[1:]) * heights)

    def get_config(self):
        config = {**super().get_config(), "num_thresholds": self.num_thresholds,
                  "curve": self.curve, "summation_method": self.summation_method,
                  "multi_label": self.multi_label, "num_labels": self.num_labels,
                  "label_weights": None if self.label_weights is None
                  else self.label_weights.tolist(),
                  "from_logits": self._from_logits}
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config
