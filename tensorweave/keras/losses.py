"""``keras.losses``: Keras 3's loss classes and functions on graph tensors.

A loss *function* ``fn(y_true, y_pred)`` returns one value per sample (the mean over the last
axis for elementwise losses). A loss *class* wraps it: ``Loss(reduction=
"sum_over_batch_size")(y_true, y_pred, sample_weight)`` weights the per-sample values and
reduces them: ``"sum_over_batch_size"`` (default) divides the weighted sum by the number of
values, ``"sum"`` sums, ``"mean_with_sample_weight"`` divides by the sum of the weights,
``"none"`` keeps them. ``y_true`` and ``y_pred`` are converted to the loss's dtype (default
``floatx()``; class indices, for the sparse losses, go back to int32). When ``y_pred`` comes
straight from a softmax (or sigmoid) op and ``from_logits=False``, the cross-entropies use
the logits under it (as Keras does), which is exact and cheaper.

Example:
    >>> loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    >>> model.compile(optimizer="adam", loss=loss)
"""

import contextlib
import re

from .. import graph as _g
from ..context import executing_eagerly
from ..eager import EagerTensor
from ..ops import math as _m
from ..ops import nn as _nn
from ..ops import shape as _s
from ..ops.creation import constant, convert_to_tensor
from ..ops.reduce import reduce_all, reduce_mean, reduce_sum, reduce_max
from . import _serialization
from .backend import epsilon, floatx

__all__ = [
    "Loss", "LossFunctionWrapper", "MeanSquaredError", "MeanAbsoluteError",
    "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError", "BinaryCrossentropy",
    "CategoricalCrossentropy", "BinaryFocalCrossentropy", "CategoricalFocalCrossentropy",
    "SparseCategoricalCrossentropy", "Hinge", "SquaredHinge",
    "CategoricalHinge", "KLDivergence", "Poisson", "Huber", "LogCosh", "CosineSimilarity",
    "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "binary_crossentropy", "categorical_crossentropy",
    "binary_focal_crossentropy", "categorical_focal_crossentropy",
    "sparse_categorical_crossentropy", "hinge", "squared_hinge", "categorical_hinge",
    "kl_divergence", "poisson", "huber", "log_cosh", "cosine_similarity", "get", "serialize",
    "deserialize",
]

REDUCTIONS = ("sum", "sum_over_batch_size", "mean", "mean_with_sample_weight", "none", None)


def _c(value, like):
    return constant(value, dtype=like.dtype)


def _rank(t):
    return t.shape.ndims


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Keras's rule for ranks that differ by one with a trailing 1: a rank-1 partner is
    expanded (``(batch,)`` → ``(batch, 1)``), otherwise the trailing 1 is squeezed."""
    r1, r2 = _rank(x1), _rank(x2)
    if r1 is None or r2 is None or r1 == r2:
        return x1, x2
    if r1 == r2 + 1 and x1.shape.as_tuple()[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = _s.expand_dims(x2, -1)
        else:
            x1 = _s.squeeze(x1, [-1])
    if r2 == r1 + 1 and x2.shape.as_tuple()[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = _s.expand_dims(x1, -1)
        else:
            x2 = _s.squeeze(x2, [-1])
    return x1, x2


def _as_float(y_true, y_pred):
    y_pred = convert_to_tensor(y_pred)
    y_true = convert_to_tensor(y_true)
    if y_true.dtype != y_pred.dtype:
        y_true = _m.cast(y_true, y_pred.dtype)
    return y_true, y_pred


# -- loss functions (per sample) ---------------------------------------------------------------
def mean_squared_error(y_true, y_pred):
    """``mean(square(y_true - y_pred), axis=-1)``."""
    y_true, y_pred = _as_float(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return reduce_mean(_m.squared_difference(y_pred, y_true), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """``mean(abs(y_true - y_pred), axis=-1)``."""
    y_true, y_pred = _as_float(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return reduce_mean(_m.abs(_m.subtract(y_pred, y_true)), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """``100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)), axis=-1)``."""
    y_true, y_pred = _as_float(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    diff = _m.abs(_m.divide(_m.subtract(y_true, y_pred),
                            _m.maximum(_m.abs(y_true), _c(epsilon(), y_true))))
    return _m.multiply(_c(100.0, diff), reduce_mean(diff, axis=-1))


def mean_squared_logarithmic_error(y_true, y_pred):
    """``mean(square(log(y_true + 1) - log(y_pred + 1)), axis=-1)`` (values clipped at
    epsilon)."""
    y_true, y_pred = _as_float(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    eps = _c(epsilon(), y_pred)
    one = _c(1.0, y_pred)
    a = _m.log(_m.add(_m.maximum(y_pred, eps), one))
    b = _m.log(_m.add(_m.maximum(y_true, eps), one))
    return reduce_mean(_m.squared_difference(a, b), axis=-1)


def _logits_under(y_pred, op_type):
    """The input of the softmax/sigmoid op that produced ``y_pred``, or None."""
    op = getattr(y_pred, "op", None)
    if op is not None and op.type == op_type and len(op.inputs) == 1:
        if op_type != "Softmax" or op.primitive.axis in (-1, (op.inputs[0].shape.ndims or 0) - 1):
            return op.inputs[0]
    return None


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0,
                             axis=-1):
    """``-sum(y_true * log(y_pred), axis)`` for one-hot ``y_true``; with ``from_logits``
    ``y_pred`` are logits. ``label_smoothing`` mixes ``y_true`` with the uniform
    distribution."""
    y_true, y_pred = _as_float(y_true, y_pred)
    if label_smoothing:
        n = _m.cast(_s.shape(y_true)[-1], y_true.dtype)
        y_true = _m.add(_m.multiply(y_true, _c(1.0 - label_smoothing, y_true)),
                        _m.divide(_c(label_smoothing, y_true), n))
    if not from_logits:
        logits = _logits_under(y_pred, "Softmax")
        if logits is not None and axis in (-1, (_rank(y_pred) or 0) - 1):
            y_pred, from_logits = logits, True
    if from_logits:
        return _nn.softmax_cross_entropy_with_logits_v2(labels=y_true, logits=y_pred,
                                                        axis=axis)
    probs = _m.divide(y_pred, reduce_sum(y_pred, axis=axis, keepdims=True))
    probs = _m.clip_by_value(probs, epsilon(), 1.0 - epsilon())
    return _m.negative(reduce_sum(_m.multiply(y_true, _m.log(probs)), axis=axis))


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25,
                              gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1):
    """Binary cross-entropy scaled by ``(1 - p_t) ** gamma`` (``p_t`` the probability of
    the true label; Lin et al. 2017), times ``alpha`` / ``1 - alpha`` for positives /
    negatives when ``apply_class_balancing``; the mean over ``axis``."""
    y_true, y_pred = _as_float(y_true, y_pred)
    if label_smoothing:
        y_true = _m.add(_m.multiply(y_true, _c(1.0 - label_smoothing, y_true)),
                        _c(0.5 * label_smoothing, y_true))
    if from_logits:
        y_pred = _m.sigmoid(y_pred)
    one = _c(1.0, y_pred)
    p = _m.clip_by_value(y_pred, epsilon(), 1.0 - epsilon())
    bce = _m.negative(_m.add(_m.multiply(y_true, _m.log(p)),
                             _m.multiply(_m.subtract(one, y_true), _m.log(_m.subtract(one, p)))))
    p_t = _m.add(_m.multiply(y_true, y_pred),
                 _m.multiply(_m.subtract(one, y_true), _m.subtract(one, y_pred)))
    focal = _m.multiply(_m.pow(_m.subtract(one, p_t), _c(gamma, y_pred)), bce)
    if apply_class_balancing:
        weight = _m.add(_m.multiply(y_true, _c(alpha, y_true)),
                        _m.multiply(_m.subtract(one, y_true), _c(1.0 - alpha, y_true)))
        focal = _m.multiply(weight, focal)
    return reduce_mean(focal, axis=axis)


def categorical_focal_crossentropy(y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False,
                                   label_smoothing=0.0, axis=-1):
    """``sum(alpha * (1 - p) ** gamma * -y_true * log(p), axis)`` with ``p`` the predicted
    distribution (normalized, clipped to [epsilon, 1 - epsilon])."""
    y_true, y_pred = _as_float(y_true, y_pred)
    if label_smoothing:
        n = _m.cast(_s.shape(y_true)[-1], y_true.dtype)
        y_true = _m.add(_m.multiply(y_true, _c(1.0 - label_smoothing, y_true)),
                        _m.divide(_c(label_smoothing, y_true), n))
    if from_logits:
        y_pred = _nn.softmax(y_pred, axis=axis)
    p = _m.divide(y_pred, reduce_sum(y_pred, axis=axis, keepdims=True))
    p = _m.clip_by_value(p, epsilon(), 1.0 - epsilon())
    cce = _m.multiply(_m.negative(y_true), _m.log(p))
    factor = _m.multiply(_m.pow(_m.subtract(_c(1.0, p), p), _c(gamma, p)), _c(alpha, p))
    return reduce_sum(_m.multiply(factor, cce), axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None,
                                    axis=-1):
    """``-log(y_pred[y_true])`` for integer class indices ``y_true`` (shape ``(batch,)``
    or ``(batch, 1)``)."""
    y_pred = convert_to_tensor(y_pred)
    y_true = convert_to_tensor(y_true)
    if _rank(y_true) is not None and _rank(y_pred) is not None and \
            _rank(y_true) == _rank(y_pred) and y_true.shape.as_tuple()[-1] == 1:
        y_true = _s.squeeze(y_true, [-1])
    labels = _m.cast(y_true, "int32") if y_true.dtype.name not in ("int32", "int64") \
        else y_true
    if ignore_class is not None:
        valid = _m.not_equal(labels, constant(ignore_class, dtype=labels.dtype))
        labels = _m.where(valid, labels, _m.multiply(labels, constant(0, labels.dtype)))
    if not from_logits:
        logits = _logits_under(y_pred, "Softmax")
        if logits is not None:
            y_pred, from_logits = logits, True
    if from_logits:
        logits = y_pred
    else:
        probs = _m.divide(y_pred, reduce_sum(y_pred, axis=axis, keepdims=True))
        logits = _m.log(_m.clip_by_value(probs, epsilon(), 1.0 - epsilon()))
    out = _nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    if ignore_class is not None:
        out = _m.multiply(out, _m.cast(valid, out.dtype))
        out._keras_mask = valid  # a loss class then averages over the valid entries only
    return out


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """``mean(-(y * log(p) + (1 - y) * log(1 - p)), axis)`` (``p`` clipped to
    [epsilon, 1 - epsilon]); with ``from_logits`` the stable logistic loss."""
    y_true, y_pred = _as_float(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    if label_smoothing:
        y_true = _m.add(_m.multiply(y_true, _c(1.0 - label_smoothing, y_true)),
                        _c(0.5 * label_smoothing, y_true))
    if not from_logits:
        logits = _logits_under(y_pred, "Sigmoid")
        if logits is not None:
            y_pred, from_logits = logits, True
    if from_logits:
        per = _nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)
    else:
        p = _m.clip_by_value(y_pred, epsilon(), 1.0 - epsilon())
        one = _c(1.0, p)
        per = _m.negative(_m.add(_m.multiply(y_true, _m.log(p)),
                                 _m.multiply(_m.subtract(one, y_true),
                                             _m.log(_m.subtract(one, p)))))
    return reduce_mean(per, axis=axis)


def _hinge_labels(y_true):
    """Keras's rule: when every label is 0 or 1 they become -1 and 1; otherwise (labels
    already -1/1, or any other value) all are kept as they are."""
    one = _c(1.0, y_true)
    binary = reduce_all(_m.logical_or(_m.equal(y_true, _c(0.0, y_true)),
                                      _m.equal(y_true, one)))
    return _m.where(binary, _m.subtract(_m.multiply(_c(2.0, y_true), y_true), one), y_true)


def hinge(y_true, y_pred):
    """``mean(maximum(1 - y_true * y_pred, 0), axis=-1)`` (labels 0/1 mapped to -1/1)."""
    y_true, y_pred = _as_float(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_true = _hinge_labels(y_true)
    return reduce_mean(_m.maximum(_m.subtract(_c(1.0, y_pred), _m.multiply(y_true, y_pred)),
                                  _c(0.0, y_pred)), axis=-1)


def squared_hinge(y_true, y_pred):
    """``mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)``."""
    y_true, y_pred = _as_float(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_true = _hinge_labels(y_true)
    return reduce_mean(_m.square(_m.maximum(
        _m.subtract(_c(1.0, y_pred), _m.multiply(y_true, y_pred)), _c(0.0, y_pred))), axis=-1)


def categorical_hinge(y_true, y_pred):
    """``maximum(neg - pos + 1, 0)`` with ``pos = sum(y_true * y_pred)`` and
    ``neg = max((1 - y_true) * y_pred)``."""
    y_true, y_pred = _as_float(y_true, y_pred)
    pos = reduce_sum(_m.multiply(y_true, y_pred), axis=-1)
    neg = reduce_max(_m.multiply(_m.subtract(_c(1.0, y_true), y_true), y_pred), axis=-1)
    return _m.maximum(_m.add(_m.subtract(neg, pos), _c(1.0, pos)), _c(0.0, pos))


def kl_divergence(y_true, y_pred):
    """``sum(y_true * log(y_true / y_pred), axis=-1)`` (both clipped to [epsilon, 1])."""
    y_true, y_pred = _as_float(y_true, y_pred)
    y_true = _m.clip_by_value(y_true, epsilon(), 1.0)
    y_pred = _m.clip_by_value(y_pred, epsilon(), 1.0)
    return reduce_sum(_m.multiply(y_true, _m.log(_m.divide(y_true, y_pred))), axis=-1)


def poisson(y_true, y_pred):
    """``mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)``."""
    y_true, y_pred = _as_float(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return reduce_mean(_m.subtract(y_pred, _m.multiply(
        y_true, _m.log(_m.add(y_pred, _c(epsilon(), y_pred))))), axis=-1)


def huber(y_true, y_pred, delta=1.0):
    """Quadratic for errors below ``delta``, linear above; mean over the last axis."""
    y_true, y_pred = _as_float(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    err = _m.abs(_m.subtract(y_pred, y_true))
    d = _c(delta, err)
    quad = _m.multiply(_c(0.5, err), _m.square(err))
    lin = _m.subtract(_m.multiply(d, err), _m.multiply(_c(0.5, err), _m.square(d)))
    return reduce_mean(_m.where(_m.less_equal(err, d), quad, lin), axis=-1)


def log_cosh(y_true, y_pred):
    """``mean(log(cosh(y_pred - y_true)), axis=-1)``, computed stably."""
    y_true, y_pred = _as_float(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    x = _m.subtract(y_pred, y_true)
    log2 = _c(0.6931471805599453, x)
    val = _m.subtract(_m.add(x, _nn.softplus(_m.multiply(_c(-2.0, x), x))), log2)
    return reduce_mean(val, axis=-1)


def cosine_similarity(y_true, y_pred, axis=-1):
    """``-sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)``."""
    y_true, y_pred = _as_float(y_true, y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)

    def normalize(x):
        norm = _m.sqrt(_m.maximum(reduce_sum(_m.square(x), axis=axis, keepdims=True),
                                  _c(1e-12, x)))
        return _m.divide(x, norm)
    return _m.negative(reduce_sum(_m.multiply(normalize(y_true), normalize(y_pred)),
                                  axis=axis))


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
logcosh = log_cosh


# -- reduction ------------------------------------------------------------------------------------
def reduce_weighted_values(values, sample_weight=None, reduction="sum_over_batch_size",
                           mask=None):
    """Weights per-sample ``values`` by ``sample_weight`` (and ``mask``: entries it marks
    False count as absent, the mean is over the others) and reduces them, as Keras does."""
    sample_weight = _apply_mask(sample_weight, mask, values.dtype, reduction)
    if sample_weight is not None:
        sample_weight = _m.cast(convert_to_tensor(sample_weight), values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values = _m.multiply(values, sample_weight)
    shape = values.shape.as_tuple()
    if reduction in (None, "none") or shape == () or shape == (0,):
        return values
    total = reduce_sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = reduce_sum(sample_weight)  # the weights as given, not broadcast
    else:
        divisor = _m.cast(_s.size(values), values.dtype)
    return _m.div_no_nan(total, divisor)


def _apply_mask(sample_weight, mask, dtype, reduction):
    """Keras's ``apply_mask``: a mask becomes weights, scaled by total/valid for the means
    so that they average over the valid entries."""
    if mask is None:
        return sample_weight
    mask = _m.cast(convert_to_tensor(mask), dtype)
    if reduction in ("mean", "sum_over_batch_size"):
        total = _m.cast(_s.size(mask), dtype)
        mask = _m.multiply(mask, _m.div_no_nan(total, reduce_sum(mask)))
    if sample_weight is None:
        return mask
    sample_weight = _m.cast(convert_to_tensor(sample_weight), dtype)
    mask, sample_weight = squeeze_or_expand_to_same_rank(mask, sample_weight)
    # per-sample weights (fit always gives a (batch,) vector) spread over a mask of
    # timesteps; Keras would fail to broadcast them
    while _ndims(sample_weight) is not None and _ndims(mask) is not None and \
            _ndims(sample_weight) < _ndims(mask):
        sample_weight = _s.expand_dims(sample_weight, -1)
    return _m.multiply(sample_weight, mask)


def _ndims(t):
    return t.shape.ndims


# -- classes ------------------------------------------------------------------------------------
def _scope_name(name):
    """``name`` as a graph name scope: a lambda's ``<lambda>`` becomes ``lambda``."""
    cleaned = re.sub(r"[^A-Za-z0-9_.\-/]", "_", str(name)).strip("_/")
    return cleaned or "loss"


class Loss:
    """Base class: ``call(y_true, y_pred)`` gives per-sample values; ``__call__`` weights
    and reduces them.

    Args:
        name: the loss's name (used for per-output logs).
        reduction: ``"sum_over_batch_size"`` (default), ``"sum"``, ``"mean"``,
            ``"mean_with_sample_weight"`` or ``"none"``.
        dtype: the dtype of the computation (default ``keras.backend.floatx()``,
            float32); both ``y_true`` and ``y_pred`` are converted to it.
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        if reduction not in REDUCTIONS:
            raise ValueError(f"Invalid value for argument `reduction`. Expected one of "
                             f"{REDUCTIONS}. Received: reduction={reduction}")
        self.name = name or _snake(type(self).__name__)
        self.reduction = reduction
        self.dtype = dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        graph = _graph_of(y_true, y_pred, sample_weight)
        in_mask = getattr(y_pred, "_keras_mask", None)
        dtype = self.dtype or floatx()
        with _scope_in(graph, _scope_name(self.name)):
            # Keras converts both to the loss's dtype (default floatx(): float32); the
            # sparse losses cast the labels back to integers
            y_pred = convert_to_tensor(y_pred)
            if y_pred.dtype.name != dtype:
                y_pred = _m.cast(y_pred, dtype)
            y_true = convert_to_tensor(y_true)
            if y_true.dtype.name != dtype:
                y_true = _m.cast(y_true, dtype)
            values = self.call(y_true, y_pred)
            out_mask = getattr(values, "_keras_mask", None)
            if in_mask is not None and out_mask is not None:
                mask = _m.logical_and(_m.cast(in_mask, "bool"), _m.cast(out_mask, "bool"))
            else:
                mask = in_mask if in_mask is not None else out_mask
            return reduce_weighted_values(values, sample_weight, self.reduction, mask)

    def call(self, y_true, y_pred):
        raise NotImplementedError

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class LossFunctionWrapper(Loss):
    """A ``Loss`` from a per-sample function ``fn(y_true, y_pred, **kwargs)``."""

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", None), reduction=reduction,
                         dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = super().get_config()
        config.update(self._fn_kwargs)
        return config


def _wrapper_class(class_name, fn, default_name, params=(), doc=""):
    """A LossFunctionWrapper subclass taking ``params`` (name, default) keyword args."""
    def __init__(self, *args, reduction="sum_over_batch_size", name=default_name,
                 dtype=None, **kwargs):
        values = dict(params)
        for (key, _), arg in zip(params, args):
            values[key] = arg
        for key in list(kwargs):
            if key not in values:
                raise TypeError(f"{class_name}() got an unexpected keyword argument {key!r}")
            values[key] = kwargs.pop(key)
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=name, dtype=dtype,
                                     **values)
        for key, value in values.items():
            setattr(self, key, value)

    def from_config(cls, config):
        return cls(**config)

    cls = type(class_name, (LossFunctionWrapper,), {
        "__init__": __init__, "from_config": classmethod(from_config),
        "__doc__": doc or f"Loss class of ``{fn.__name__}``.", "__module__": __name__})
    return cls


MeanSquaredError = _wrapper_class("MeanSquaredError", mean_squared_error,
                                  "mean_squared_error")
MeanAbsoluteError = _wrapper_class("MeanAbsoluteError", mean_absolute_error,
                                   "mean_absolute_error")
MeanAbsolutePercentageError = _wrapper_class(
    "MeanAbsolutePercentageError", mean_absolute_percentage_error,
    "mean_absolute_percentage_error")
MeanSquaredLogarithmicError = _wrapper_class(
    "MeanSquaredLogarithmicError", mean_squared_logarithmic_error,
    "mean_squared_logarithmic_error")
BinaryCrossentropy = _wrapper_class(
    "BinaryCrossentropy", binary_crossentropy, "binary_crossentropy",
    (("from_logits", False), ("label_smoothing", 0.0), ("axis", -1)),
    "Binary cross-entropy for 0/1 labels; ``from_logits=True`` for raw scores.")
CategoricalCrossentropy = _wrapper_class(
    "CategoricalCrossentropy", categorical_crossentropy, "categorical_crossentropy",
    (("from_logits", False), ("label_smoothing", 0.0), ("axis", -1)),
    "Cross-entropy for one-hot labels; ``from_logits=True`` for raw scores.")
BinaryFocalCrossentropy = _wrapper_class(
    "BinaryFocalCrossentropy", binary_focal_crossentropy, "binary_focal_crossentropy",
    (("apply_class_balancing", False), ("alpha", 0.25), ("gamma", 2.0), ("from_logits", False),
     ("label_smoothing", 0.0), ("axis", -1)),
    "Binary cross-entropy with the focal factor ``(1 - p_t) ** gamma``.")
CategoricalFocalCrossentropy = _wrapper_class(
    "CategoricalFocalCrossentropy", categorical_focal_crossentropy,
    "categorical_focal_crossentropy",
    (("alpha", 0.25), ("gamma", 2.0), ("from_logits", False), ("label_smoothing", 0.0),
     ("axis", -1)),
    "Categorical cross-entropy with the focal factor ``alpha * (1 - p) ** gamma``.")
SparseCategoricalCrossentropy = _wrapper_class(
    "SparseCategoricalCrossentropy", sparse_categorical_crossentropy,
    "sparse_categorical_crossentropy", (("from_logits", False), ("ignore_class", None)),
    "Cross-entropy for integer class labels; ``from_logits=True`` for raw scores.")
Hinge = _wrapper_class("Hinge", hinge, "hinge")
SquaredHinge = _wrapper_class("SquaredHinge", squared_hinge, "squared_hinge")
CategoricalHinge = _wrapper_class("CategoricalHinge", categorical_hinge, "categorical_hinge")
KLDivergence = _wrapper_class("KLDivergence", kl_divergence, "kl_divergence")
Poisson = _wrapper_class("Poisson", poisson, "poisson")
Huber = _wrapper_class("Huber", huber, "huber_loss", (("delta", 1.0),))
LogCosh = _wrapper_class("LogCosh", log_cosh, "log_cosh")
CosineSimilarity = _wrapper_class("CosineSimilarity", cosine_similarity, "cosine_similarity",
                                  (("axis", -1),))

_CLASSES = {c.__name__: c for c in (
    MeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError, BinaryCrossentropy, CategoricalCrossentropy,
    BinaryFocalCrossentropy, CategoricalFocalCrossentropy,
    SparseCategoricalCrossentropy, Hinge, SquaredHinge, CategoricalHinge, KLDivergence,
    Poisson, Huber, LogCosh, CosineSimilarity)}
_FUNCTIONS = {f.__name__: f for f in (
    mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
    mean_squared_logarithmic_error, binary_crossentropy, categorical_crossentropy,
    binary_focal_crossentropy, categorical_focal_crossentropy,
    sparse_categorical_crossentropy, hinge, squared_hinge, categorical_hinge, kl_divergence,
    poisson, huber, log_cosh, cosine_similarity)}
_FUNCTIONS.update(bce=binary_crossentropy, BCE=binary_crossentropy, mse=mean_squared_error,
                  MSE=mean_squared_error, mae=mean_absolute_error,
                  MAE=mean_absolute_error, mape=mean_absolute_percentage_error,
                  MAPE=mean_absolute_percentage_error,
                  msle=mean_squared_logarithmic_error, MSLE=mean_squared_logarithmic_error,
                  kld=kl_divergence, KLD=kl_divergence,
                  kullback_leibler_divergence=kl_divergence, logcosh=log_cosh)
_BY_NAME = dict(_FUNCTIONS)
_BY_NAME.update(_CLASSES)


def serialize(loss):
    return _serialization.serialize(loss, "keras.losses")


def deserialize(config, custom_objects=None):
    return _serialization.deserialize(config, _BY_NAME, "loss function", custom_objects)


def get(identifier):
    """A loss from a name (``"mse"``, ``"sparse_categorical_crossentropy"``,
    ``"MeanSquaredError"``), a config, an instance or a function.

    Raises:
        ValueError: for an unknown name.
    """
    if identifier is None:
        return None
    if isinstance(identifier, str):
        obj = _serialization.get_custom_objects().get(identifier) or _BY_NAME.get(identifier)
        if obj is None:
            raise ValueError(f"Could not interpret loss identifier: {identifier!r}")
        return obj() if isinstance(obj, type) else obj
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, type):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret loss identifier: {identifier!r}")


def _snake(name):
    import re
    s = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", s).lower()


def _graph_of(*values):
    """The graph of the first graph tensor among ``values``; with none, the default graph,
    or None when executing eagerly (the loss is then computed at once)."""
    for v in values:
        if isinstance(v, _g.Tensor) and type(v) is not EagerTensor:
            return v.graph
    return None if executing_eagerly() else _g.get_default_graph()


@contextlib.contextmanager
def _scope_in(graph, name):
    """The loss's name scope in ``graph`` (nothing to enter when executing eagerly)."""
    if graph is None:
        yield
        return
    with graph.as_default(), graph.name_scope(name):
        yield
