"""``tf.losses``: weighted losses reduced as TensorFlow 1 reduces them.

Every loss computes elementwise losses (in float32, as TF casts its inputs), multiplies them by
``weights`` and reduces with ``reduction`` — by default ``SUM_BY_NONZERO_WEIGHTS``: the
weighted sum divided by the number of elements whose broadcast weight is non-zero. The result
is cast back to the input's dtype and added to ``loss_collection`` (``LOSSES``).

``weights`` must be a scalar or have the losses' rank with each dimension 1 or equal to the
losses' (``[batch, 1]`` for per-example weights of ``[batch, d]`` losses); anything else is
a ValueError at build time, as in TensorFlow.
"""

from . import dtypes as _dt
from . import graph as _g
from .graph import GraphKeys
from .ops import nn as _nn
from .ops.creation import convert_to_tensor, ones_like, zeros_like, constant
from .ops.math import (cast, multiply, subtract, add, squared_difference, where, equal,
                       realdiv, greater, abs as abs_, minimum, maximum, log, square,
                       stop_gradient, add_n, negative, div_no_nan)
from .ops.reduce import reduce_sum
from .ops.shape import size, shape, squeeze

__all__ = ["Reduction", "compute_weighted_loss", "absolute_difference", "cosine_distance",
           "hinge_loss", "huber_loss", "log_loss", "mean_pairwise_squared_error",
           "mean_squared_error", "sigmoid_cross_entropy", "softmax_cross_entropy",
           "sparse_softmax_cross_entropy", "add_loss", "get_losses", "get_total_loss",
           "get_regularization_losses", "get_regularization_loss"]


class Reduction:
    """How ``tf.losses`` reduce the weighted elementwise losses.

    ``NONE``: no reduction (the weighted losses). ``SUM``: their sum. ``MEAN``: the sum
    divided by the sum of the (broadcast) weights. ``SUM_OVER_BATCH_SIZE``: the sum divided
    by the number of loss elements. ``SUM_BY_NONZERO_WEIGHTS`` (the default, also spelled
    ``SUM_OVER_NONZERO_WEIGHTS``): the sum divided by the number of non-zero weights.
    Divisions by zero give 0.
    """

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE,
                cls.SUM_OVER_NONZERO_WEIGHTS, cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}.")


# -- weighting and reduction ---------------------------------------------------------------------
def _assert_broadcastable(weights, values):
    """TF's rule: scalar weights, or weights of the values' rank whose dims are 1 or equal.

    Checked now as far as the static shapes tell (ValueError); what they leave open is
    checked when the loss runs (InvalidArgumentError): returns ``weights`` made to depend
    on that check, or ``weights`` itself."""
    w, v = weights.shape.as_tuple(), values.shape.as_tuple()
    if w is not None and len(w) == 0:
        return weights
    prefix = "weights can not be broadcast to values."
    if w is not None and v is not None:
        if len(w) != len(v):
            raise ValueError(f"{prefix} values.rank={len(v)}. weights.rank={len(w)}. "
                             f"values.shape={values.shape}. weights.shape={weights.shape}.")
        for i, (wd, vd) in enumerate(zip(w, v)):
            if wd is not None and vd is not None and wd not in (1, vd):
                raise ValueError(f"{prefix} Mismatch at dim {i}. values.shape={values.shape} "
                                 f"weights.shape={weights.shape}.")
        if None not in w and None not in v:
            return weights
    from .ops.check import AssertBroadcastable
    from .ops.math import identity
    check = AssertBroadcastable().bind(weights, values, name="assert_broadcastable")
    with _g.control_dependencies([check]):
        return identity(weights)


def _num_present(losses, weights, per_batch=False):
    """The number of loss elements whose broadcast weight is non-zero (per batch row when
    ``per_batch``, keeping dims), as float32."""
    with _g.name_scope(None, "num_present", [losses, weights]) as scope:
        weights = cast(weights, _dt.float32)
        present = where(equal(weights, constant(0.0)), zeros_like(weights), ones_like(weights))
        present = multiply(present, ones_like(losses))  # broadcast to the losses' shape
        if per_batch:
            rank = present.shape.ndims
            return reduce_sum(present, list(range(1, rank)), keepdims=True, name=scope)
        return reduce_sum(present, name=scope)


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weights and reduces elementwise ``losses``; adds the result to ``loss_collection``.

    Args:
        losses: the elementwise losses.
        weights: a scalar, or a tensor of the losses' rank whose dims are 1 or equal.
        reduction: a ``tf.losses.Reduction`` (default ``SUM_BY_NONZERO_WEIGHTS``).

    Returns:
        A tensor of the losses' dtype: a scalar, or the weighted losses for ``NONE``.

    Raises:
        ValueError: for an unknown ``reduction`` or weights that do not broadcast.

    Example:
        >>> per_example = tf.square(pred - y)
        >>> loss = tf.losses.compute_weighted_loss(per_example, weights=mask)
    """
    Reduction.validate(reduction)
    with _g.name_scope(scope, "weighted_loss", [losses, weights]):
        losses = convert_to_tensor(losses)
        weights = convert_to_tensor(weights, dtype_hint=_dt.float32)
        weights = _assert_broadcastable(weights, losses)
        input_dtype = losses.dtype
        losses = cast(losses, _dt.float32)
        weights = cast(weights, _dt.float32)
        weighted = multiply(losses, weights)
        if reduction == Reduction.NONE:
            loss = weighted
        else:
            loss = reduce_sum(weighted)
            if reduction == Reduction.MEAN:
                loss = div_no_nan(loss, reduce_sum(multiply(ones_like(losses), weights)),
                                   name="value")
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                loss = div_no_nan(loss, _num_present(losses, weights), name="value")
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                loss = div_no_nan(loss, cast(size(losses), _dt.float32), name="value")
        loss = cast(loss, input_dtype)
        add_loss(loss, loss_collection)
        return loss


def _floats(predictions, labels):
    """Both cast to float32; their static shapes must be compatible (ValueError)."""
    predictions = cast(convert_to_tensor(predictions), _dt.float32)
    labels = cast(convert_to_tensor(labels), _dt.float32)
    _check_compatible(predictions, labels)
    return predictions, labels


def _check_compatible(a, b):
    if not a.shape.is_compatible_with(b.shape):
        raise ValueError(f"Shapes {a.shape} and {b.shape} are incompatible")


def _required(**args):
    for name, value in args.items():
        if value is None:
            raise ValueError(f"{name} must not be None.")


# -- regression losses ----------------------------------------------------------------------------
def absolute_difference(labels, predictions, weights=1.0, scope=None,
                        loss_collection=GraphKeys.LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted ``|predictions - labels|`` (L1 loss).

    Raises:
        ValueError: for None or shape-incompatible ``labels``/``predictions``, or invalid
            ``weights``.
    """
    _required(labels=labels, predictions=predictions)
    with _g.name_scope(scope, "absolute_difference", [predictions, labels, weights]) as name:
        predictions, labels = _floats(predictions, labels)
        losses = abs_(subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def mean_squared_error(labels, predictions, weights=1.0, scope=None,
                       loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted ``(predictions - labels) ** 2`` (by default the mean over all elements).

    Raises:
        ValueError: when ``labels`` and ``predictions`` have incompatible shapes.

    Example:
        >>> loss = tf.losses.mean_squared_error(labels=y, predictions=pred)
    """
    _required(labels=labels, predictions=predictions)
    with _g.name_scope(scope, "mean_squared_error", [predictions, labels, weights]) as name:
        predictions, labels = _floats(predictions, labels)
        losses = squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None,
               loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted Huber loss: ``0.5 * e ** 2`` for ``|e| <= delta``, else
    ``0.5 * delta ** 2 + delta * (|e| - delta)``, with ``e = predictions - labels``."""
    _required(labels=labels, predictions=predictions)
    with _g.name_scope(scope, "huber_loss", [predictions, labels, weights]) as name:
        predictions, labels = _floats(predictions, labels)
        abs_error = abs_(subtract(predictions, labels))
        delta = convert_to_tensor(delta, dtype=_dt.float32)  # a number or a tensor
        quadratic = minimum(abs_error, delta)
        linear = subtract(abs_error, quadratic)
        losses = add(multiply(constant(0.5), multiply(quadratic, quadratic)),
                     multiply(delta, linear))
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None,
             loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted binary cross-entropy of probabilities:
    ``-labels * log(p + eps) - (1 - labels) * log(1 - p + eps)``."""
    _required(labels=labels, predictions=predictions)
    with _g.name_scope(scope, "log_loss", [predictions, labels, weights]) as name:
        predictions, labels = _floats(predictions, labels)
        eps = convert_to_tensor(epsilon, dtype=_dt.float32)  # a number or a tensor
        one = constant(1.0)
        losses = subtract(
            negative(multiply(labels, log(add(predictions, eps)))),
            multiply(subtract(one, labels), log(add(subtract(one, predictions), eps))))
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted hinge loss ``max(0, 1 - (2 * labels - 1) * logits)`` for 0/1 labels."""
    _required(labels=labels, logits=logits)
    with _g.name_scope(scope, "hinge_loss", [logits, labels, weights]) as name:
        logits, labels = _floats(logits, labels)
        all_ones = ones_like(labels)
        signed = subtract(multiply(constant(2.0), labels), all_ones)
        losses = _nn.relu(subtract(all_ones, multiply(signed, logits)))
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def cosine_distance(labels, predictions, axis=None, weights=1.0, scope=None,
                    loss_collection=GraphKeys.LOSSES,
                    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS, dim=None):
    """Weighted ``1 - sum(labels * predictions, axis)`` for unit-normalized inputs (the
    reduced axis is kept with length 1 before weighting).

    Raises:
        ValueError: without ``axis`` (or its old name ``dim``), or for mismatched shapes.
    """
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'axis' and 'dim'")
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("You must specify 'axis'.")
    _required(labels=labels, predictions=predictions)
    with _g.name_scope(scope, "cosine_distance_loss", [predictions, labels, weights]) as name:
        predictions, labels = _floats(predictions, labels)
        radial = multiply(predictions, labels)
        losses = subtract(constant(1.0), reduce_sum(radial, [axis], keepdims=True))
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def mean_pairwise_squared_error(labels, predictions, weights=1.0, scope=None,
                                loss_collection=GraphKeys.LOSSES):
    """Weighted mean of the squared differences between all pairs of ``predictions - labels``
    elements within each batch row (invariant to a per-row shift).

    Per row with ``n`` present elements and ``d = predictions - labels``:
    ``2 * sum(d ** 2) / (n - 1) - 2 * sum(d) ** 2 / (n * (n - 1))``, times the row's weight,
    summed over rows. ``weights`` is a scalar or one weight per row (of the labels' rank).
    """
    _required(labels=labels, predictions=predictions)
    with _g.name_scope(scope, "mean_pairwise_squared_error",
                       [predictions, labels, weights]) as name:
        weights = cast(convert_to_tensor(weights, dtype_hint=_dt.float32), _dt.float32)
        labels = cast(convert_to_tensor(labels), _dt.float32)
        weights = _assert_broadcastable(weights, labels)
        predictions = cast(convert_to_tensor(predictions), _dt.float32)
        _check_compatible(predictions, labels)
        diffs = subtract(predictions, labels)
        rank = diffs.shape.ndims
        if rank is None:
            raise ValueError("mean_pairwise_squared_error needs the rank of predictions")
        axes = list(range(1, rank))
        sum_squares = reduce_sum(square(diffs), axes, keepdims=True)
        n = _num_present(diffs, weights, per_batch=True)
        zero, one, two = constant(0.0), constant(1.0), constant(2.0)
        term1 = multiply(two, div_no_nan(sum_squares, maximum(subtract(n, one), zero),
                                          name="value"))
        sum_diff = reduce_sum(diffs, axes, keepdims=True)
        term2 = multiply(two, div_no_nan(square(sum_diff),
                                          maximum(multiply(n, subtract(n, one)), zero),
                                          name="value"))
        loss = reduce_sum(multiply(subtract(term1, term2), weights))
        mean_loss = where(greater(reduce_sum(n), zero), loss, zeros_like(loss), name=name)
        add_loss(mean_loss, loss_collection)
        return mean_loss


# -- classification losses ----------------------------------------------------------------------
def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0,
                          scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted ``sigmoid_cross_entropy_with_logits``; ``label_smoothing`` moves the labels
    toward 1/2: ``labels * (1 - s) + 0.5 * s``.

    Example:
        >>> loss = tf.losses.sigmoid_cross_entropy(multi_hot_labels, logits)
    """
    if multi_class_labels is None:
        raise ValueError("multi_class_labels must not be None.")
    if logits is None:
        raise ValueError("logits must not be None.")
    with _g.name_scope(scope, "sigmoid_cross_entropy_loss",
                       [logits, multi_class_labels, weights]) as name:
        logits = convert_to_tensor(logits)
        labels = cast(convert_to_tensor(multi_class_labels), logits.dtype)
        _check_compatible(logits, labels)
        if label_smoothing > 0:
            labels = add(multiply(labels, constant(1 - label_smoothing, dtype=logits.dtype)),
                         constant(0.5 * label_smoothing, dtype=logits.dtype))
        losses = _nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits,
                                                       name="xentropy")
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted softmax cross-entropy of one-hot (or probability) labels; one loss per row.

    ``label_smoothing`` ``s`` uses ``labels * (1 - s) + s / num_classes``. No gradient flows
    into the labels. ``weights`` is a scalar or one weight per row.

    Example:
        >>> loss = tf.losses.softmax_cross_entropy(tf.one_hot(y, 10), logits)
    """
    _required(onehot_labels=onehot_labels, logits=logits)
    with _g.name_scope(scope, "softmax_cross_entropy_loss",
                       [logits, onehot_labels, weights]) as name:
        logits = convert_to_tensor(logits)
        labels = cast(convert_to_tensor(onehot_labels), logits.dtype)
        _check_compatible(logits, labels)
        if label_smoothing > 0:
            num_classes = cast(shape(labels)[-1], logits.dtype)
            labels = add(multiply(labels, constant(1.0 - label_smoothing, dtype=logits.dtype)),
                         realdiv(constant(label_smoothing, dtype=logits.dtype), num_classes))
        labels = stop_gradient(labels, name="labels_stop_gradient")
        losses = _nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits,
                                                          name="xentropy")
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None,
                                 loss_collection=GraphKeys.LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted softmax cross-entropy of integer class ``labels`` (``[batch]``, or
    ``[batch, 1]`` which is squeezed); ``weights`` is a scalar or one weight per row.

    Raises:
        ValueError: for shapes that do not match ``logits`` less its last dimension.
        InvalidArgumentError: at run time, for a label outside ``[0, num_classes)``.

    Example:
        >>> loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    """
    _required(labels=labels, logits=logits)
    with _g.name_scope(scope, "sparse_softmax_cross_entropy_loss",
                       [logits, labels, weights]) as name:
        logits = convert_to_tensor(logits)
        labels = convert_to_tensor(labels, dtype_hint=_dt.int32)
        weights = convert_to_tensor(weights, dtype_hint=_dt.float32)
        labels, weights = _remove_squeezable_dimensions(labels, logits, weights)
        losses = _nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                              name="xentropy")
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def _remove_squeezable_dimensions(labels, logits, weights):
    """Squeezes a trailing 1 of ``labels`` (``[batch, 1]`` against ``[batch, classes]``
    logits), then of ``weights`` when it is one rank above the labels (static ranks)."""
    with _g.name_scope(None, "remove_squeezable_dimensions", [labels, logits]):
        lr, pr = labels.shape.ndims, logits.shape.ndims
        if lr is not None and pr is not None and pr - lr == 0:
            last = labels.shape[-1].value
            if last in (1, None):
                labels = squeeze(labels, [-1])
        lr, wr = labels.shape.ndims, weights.shape.ndims
        if lr is not None and wr is not None and wr - lr == 1:
            weights = squeeze(weights, [-1])
    return labels, weights


# -- the LOSSES collection ------------------------------------------------------------------------
def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    """Adds ``loss`` to ``loss_collection`` (nothing when the collection is None)."""
    if loss_collection:
        _g.add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    """The losses in ``loss_collection`` (whose names match ``scope``, when given)."""
    return _g.get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    """The losses in ``REGULARIZATION_LOSSES`` (from ``regularizer=`` arguments)."""
    return _g.get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """Sum of the regularization losses (a constant 0.0 when there are none)."""
    losses = get_regularization_losses(scope)
    if losses:
        return add_n(losses, name=name)
    return constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """Sum of the ``LOSSES`` collection plus (by default) the regularization losses.

    Raises:
        ValueError: when there are no losses at all.

    Example:
        >>> tf.losses.softmax_cross_entropy(labels, logits)
        >>> train_op = optimizer.minimize(tf.losses.get_total_loss())
    """
    losses = get_losses(scope)
    if add_regularization_losses:
        losses = losses + get_regularization_losses(scope)
    if not losses:
        raise ValueError("No losses were added to the LOSSES collection; build a tf.losses "
                         "loss first.")
    return add_n(losses, name=name)
