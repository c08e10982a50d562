"""``tf.losses``: weighted losses reduced as TensorFlow 1 reduces them.

Every loss computes elementwise losses, multiplies by ``weights`` and reduces with
``reduction`` (default ``SUM_BY_NONZERO_WEIGHTS``: the weighted sum divided by the number of
non-zero weights, broadcast to the losses' shape). Losses are computed in float32 and cast
back to the input's dtype, and added to the ``LOSSES`` collection.
"""

from . import dtypes as _dt
from . import graph as _g
from .graph import GraphKeys
from .ops.creation import convert_to_tensor, ones_like, zeros_like
from .ops.math import cast, multiply, squared_difference, where, equal, realdiv, greater
from .ops.reduce import reduce_sum
from .ops.shape import size

__all__ = ["Reduction", "compute_weighted_loss", "mean_squared_error", "add_loss",
           "get_losses", "get_total_loss", "get_regularization_losses",
           "get_regularization_loss"]


class Reduction:
    """How ``tf.losses`` reduce the weighted elementwise losses."""

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


def _safe_div(num, den):
    """``num / den``, 0 where ``den`` is 0 (``div_no_nan``)."""
    zero = zeros_like(den)
    safe = where(equal(den, zero), ones_like(den), den)
    return where(greater(den, zero), realdiv(num, safe), zeros_like(num))


def _num_present(losses, weights):
    with _g.name_scope(None, "num_present"):
        present = where(equal(weights, 0.0), zeros_like(weights), ones_like(weights))
        present = multiply(present, ones_like(losses))
        return reduce_sum(present)


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weights and reduces elementwise ``losses``; adds the result to ``loss_collection``.

    Raises:
        ValueError: for an unknown ``reduction`` or weights that do not broadcast.
    """
    Reduction.validate(reduction)
    with _g.name_scope(scope, "weighted_loss"):
        losses = convert_to_tensor(losses)
        input_dtype = losses.dtype
        losses = cast(losses, _dt.float32)
        weights = cast(convert_to_tensor(weights, dtype_hint=_dt.float32), _dt.float32)
        weighted = multiply(losses, weights)
        if reduction == Reduction.NONE:
            loss = weighted
        else:
            loss = reduce_sum(weighted)
            if reduction == Reduction.MEAN:
                loss = _safe_div(loss, reduce_sum(multiply(ones_like(losses), weights)))
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                loss = _safe_div(loss, _num_present(losses, weights))
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                loss = _safe_div(loss, cast(size(losses), _dt.float32))
        loss = cast(loss, input_dtype)
        add_loss(loss, loss_collection)
        return loss


def mean_squared_error(labels, predictions, weights=1.0, scope=None,
                       loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted mean of ``(predictions - labels) ** 2`` (by default over all elements).

    Raises:
        ValueError: when ``labels`` and ``predictions`` have incompatible shapes.
    """
    if labels is None:
        raise ValueError("labels must not be None.")
    if predictions is None:
        raise ValueError("predictions must not be None.")
    with _g.name_scope(scope, "mean_squared_error") as name:
        predictions = cast(convert_to_tensor(predictions), _dt.float32)
        labels = cast(convert_to_tensor(labels), _dt.float32)
        if not predictions.shape.is_compatible_with(labels.shape):
            raise ValueError(f"Shapes {predictions.shape} and {labels.shape} are incompatible")
        losses = squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, name, loss_collection, reduction)


def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    """Adds ``loss`` to ``loss_collection`` (unless the collection is None)."""
    if loss_collection:
        _g.add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    return _g.get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    return _g.get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """Sum of the regularization losses (0.0 when there are none)."""
    from .ops.math import add_n
    from .ops.creation import constant
    losses = get_regularization_losses(scope)
    if losses:
        return add_n(losses, name=name)
    return constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """Sum of the ``LOSSES`` collection plus (by default) the regularization losses.

    Raises:
        ValueError: when there are no losses at all.
    """
    from .ops.math import add_n
    losses = get_losses(scope)
    if add_regularization_losses:
        losses = losses + get_regularization_losses(scope)
    if not losses:
        raise ValueError("No losses were added to the LOSSES collection; build a tf.losses "
                         "loss first.")
    return add_n(losses, name=name)
