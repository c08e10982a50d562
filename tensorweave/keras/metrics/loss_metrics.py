"""Metrics that average a loss function over samples (``Hinge``, ``KLDivergence``,
``BinaryCrossentropy`` …), ``CosineSimilarity`` and ``RootMeanSquaredError``.

Each is a ``MeanMetricWrapper`` of the ``keras.losses`` function of the same name, so it runs
in the training graph (``graph_update``) as well as on arrays (``update_state``). Names and
configs are Keras 3's (``LogCoshError`` is named ``"logcosh"``).

Example:
    >>> m = Hinge(); m.update_state([[0.0], [1.0]], [[0.3], [0.6]]); float(m.result())
    0.85
"""

import numpy as np

from .. import losses as _losses
from ._ops import _divide_no_nan, _rank_align
from .reduction_metrics import Mean, MeanMetricWrapper


def cosine_similarity(y_true, y_pred, axis=-1):
    """``sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)`` per sample: 1 for the same
    direction, -1 for opposite ones (the loss of the same name is its negative)."""
    from ...ops import math as _m
    return _m.negative(_losses.cosine_similarity(y_true, y_pred, axis=axis))


def _wrapper(class_name, fn, default_name, params=(), doc=""):
    """A ``MeanMetricWrapper`` subclass averaging ``fn``; ``params`` are (name, default)
    keyword arguments passed to ``fn`` and kept in the config."""
    def __init__(self, name=default_name, dtype=None, **kwargs):
        unknown = set(kwargs) - {p for p, _ in params}
        if unknown:
            raise TypeError(f"{class_name}() got unexpected keyword argument(s) "
                            f"{sorted(unknown)}; it accepts name, dtype"
                            + "".join(f", {p}" for p, _ in params) + ".")
        fn_kwargs = {p: kwargs.get(p, default) for p, default in params}
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype, **fn_kwargs)

    cls = type(class_name, (MeanMetricWrapper,), {
        "__init__": __init__, "__module__": __name__,
        "__doc__": doc or f"The mean over samples of ``keras.losses.{fn.__name__}``."})
    return cls


Hinge = _wrapper("Hinge", _losses.hinge, "hinge")
SquaredHinge = _wrapper("SquaredHinge", _losses.squared_hinge, "squared_hinge")
CategoricalHinge = _wrapper("CategoricalHinge", _losses.categorical_hinge, "categorical_hinge")
KLDivergence = _wrapper("KLDivergence", _losses.kl_divergence, "kl_divergence")
Poisson = _wrapper("Poisson", _losses.poisson, "poisson")
MeanSquaredLogarithmicError = _wrapper(
    "MeanSquaredLogarithmicError", _losses.mean_squared_logarithmic_error,
    "mean_squared_logarithmic_error")
MeanAbsolutePercentageError = _wrapper(
    "MeanAbsolutePercentageError", _losses.mean_absolute_percentage_error,
    "mean_absolute_percentage_error")
LogCoshError = _wrapper("LogCoshError", _losses.log_cosh, "logcosh")
CosineSimilarity = _wrapper(
    "CosineSimilarity", cosine_similarity, "cosine_similarity",
    doc="The mean over samples of the cosine of the angle between ``y_true`` and ``y_pred`` "
        "(along the last axis): 1 when they point the same way.")
BinaryCrossentropy = _wrapper(
    "BinaryCrossentropy", _losses.binary_crossentropy, "binary_crossentropy",
    (("from_logits", False), ("label_smoothing", 0)))
CategoricalCrossentropy = _wrapper(
    "CategoricalCrossentropy", _losses.categorical_crossentropy, "categorical_crossentropy",
    (("from_logits", False), ("label_smoothing", 0), ("axis", -1)))
SparseCategoricalCrossentropy = _wrapper(
    "SparseCategoricalCrossentropy", _losses.sparse_categorical_crossentropy,
    "sparse_categorical_crossentropy",
    (("from_logits", False), ("ignore_class", None), ("axis", -1)))


class RootMeanSquaredError(Mean):
    """``sqrt`` of the (weighted) mean of ``square(y_pred - y_true)`` over all values seen.
    State: ``(total, count)``.

    Example:
        >>> m = RootMeanSquaredError(); m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def _stats(self, ops, y_true, y_pred, sample_weight=None):
        y_pred = ops.convert(y_pred, np.float32)
        y_true, y_pred = _rank_align(ops, ops.convert(y_true, np.float32), y_pred)
        return self._mean_stats(ops, ops.square(y_pred - y_true), sample_weight)

    def result(self):
        total, count = self.state
        return np.float32(np.sqrt(_divide_no_nan(total, count)))
