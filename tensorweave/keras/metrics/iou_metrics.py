"""``MeanIoU``: the mean over classes of intersection over union, from a confusion matrix
accumulated over batches (Keras 3's definition)."""

import numpy as np

from .metric import Metric


class MeanIoU(Metric):
    """Mean intersection-over-union of class predictions.

    ``IoU = true_positive / (true_positive + false_positive + false_negative)`` per class,
    from a ``(num_classes, num_classes)`` confusion matrix (rows: true, columns: predicted)
    summed over batches (weighted by ``sample_weight``); the result averages the classes
    that occur in labels or predictions.

    Args:
        num_classes: the number of classes (labels are ``0 .. num_classes - 1``).
        ignore_class: a label value whose entries are left out (e.g. a void class).
        sparse_y_true / sparse_y_pred: whether labels / predictions are class indices; when
            False, the class is the argmax over ``axis``.

    Example:
        >>> m = MeanIoU(num_classes=2)
        >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        >>> round(float(m.result()), 4)
        0.3333
    """

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None,
                 sparse_y_true=True, sparse_y_pred=True, axis=-1):
        super().__init__(name=name, dtype=dtype)
        self.num_classes = int(num_classes)
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis

    def _state_shapes(self):
        return {"total_cm": (self.num_classes, self.num_classes)}

    def _stats(self, ops, y_true, y_pred, sample_weight=None):
        if not self.sparse_y_true:
            y_true = ops.argmax(y_true, self.axis)
        if not self.sparse_y_pred:
            y_pred = ops.argmax(y_pred, self.axis)
        y_true = ops.reshape(ops.cast(ops.convert(y_true), np.int64), [-1])
        y_pred = ops.reshape(ops.cast(ops.convert(y_pred), np.int64), [-1])
        if sample_weight is None:
            weight = ops.cast(ops.ones_like(y_true), np.float32)
        else:
            weight = ops.reshape(ops.cast(ops.convert(sample_weight), np.float32), [-1])
        if self.ignore_class is not None:
            keep = ops.cast(ops.logical_not(ops.equal(
                y_true, ops.constant(self.ignore_class, np.int64))), np.float32)
            weight = weight * keep
        n = self.num_classes
        ids = y_true * ops.constant(n, np.int64) + y_pred
        cm = ops.segment_sum(weight, ids, n * n)
        return (ops.reshape(cm, [n, n]),)

    def result(self):
        cm = self.state[0].astype(np.float64)
        tp = np.diag(cm)
        denominator = cm.sum(0) + cm.sum(1) - tp
        valid = np.count_nonzero(denominator)
        iou = np.divide(tp, denominator, out=np.zeros_like(tp), where=denominator != 0)
        return np.float32(iou.sum() / valid) if valid else np.float32(0.0)

    def get_config(self):
        config = super().get_config()
        config.update(num_classes=self.num_classes, ignore_class=self.ignore_class,
                      sparse_y_true=self.sparse_y_true, sparse_y_pred=self.sparse_y_pred,
                      axis=self.axis)
        return config
