"""``tf.contrib.layers`` regularizers: functions ``weights -> scalar loss`` to pass as
``regularizer=`` (to ``get_variable``, a variable scope or a layer's ``kernel_regularizer``).

The loss ops are named as TensorFlow names them: ``<variable>/Regularizer/l2_regularizer``.
"""

import numbers

from .. import graph as _g
from ..graph import GraphKeys
from ..ops.creation import convert_to_tensor
from ..ops.math import multiply, abs as abs_, add_n
from ..ops.nn import l2_loss
from ..ops.reduce import reduce_sum

__all__ = ["l1_regularizer", "l2_regularizer", "l1_l2_regularizer", "sum_regularizer",
           "apply_regularization"]


def _check_scale(scale):
    """Returns False when the scale disables the regularizer (0.0).

    Raises:
        ValueError: for an integer or negative scale.
    """
    if isinstance(scale, numbers.Integral):
        raise ValueError(f"scale cannot be an integer: {scale}")
    if isinstance(scale, numbers.Real):
        if scale < 0.0:
            raise ValueError(f"Setting a scale less than 0 on a regularizer: {scale:g}.")
        if scale == 0.0:
            return False
    return True


def l2_regularizer(scale, scope=None):
    """``scale * l2_loss(weights)`` = ``scale * sum(weights ** 2) / 2``.

    Args:
        scale: a non-negative float (0.0 disables: the regularizer returns None).
        scope: the name scope of the loss op (default ``"l2_regularizer"``).

    Raises:
        ValueError: for an integer or negative ``scale``.

    Example:
        >>> h = tf.layers.dense(x, 100, kernel_regularizer=tf.contrib.layers.l2_regularizer(1e-4))
    """
    if not _check_scale(scale):
        return lambda _: None

    def l2(weights):
        with _g.name_scope(scope, "l2_regularizer", [weights]) as name:
            weights = convert_to_tensor(weights)
            my_scale = convert_to_tensor(scale, dtype=weights.dtype, name="scale")
            return multiply(my_scale, l2_loss(weights), name=name)
    return l2


def l1_regularizer(scale, scope=None):
    """``scale * sum(|weights|)`` (see ``l2_regularizer`` for the arguments)."""
    if not _check_scale(scale):
        return lambda _: None

    def l1(weights):
        with _g.name_scope(scope, "l1_regularizer", [weights]) as name:
            weights = convert_to_tensor(weights)
            my_scale = convert_to_tensor(scale, dtype=weights.dtype, name="scale")
            return multiply(my_scale, reduce_sum(abs_(weights)), name=name)
    return l1


def sum_regularizer(regularizer_list, scope=None):
    """The sum of several regularizers' losses (None entries and None losses skipped)."""
    regularizer_list = [r for r in regularizer_list if r is not None]
    if not regularizer_list:
        return None

    def sum_reg(weights):
        with _g.name_scope(scope, "sum_regularizer", [weights]) as name:
            tensors = [t for t in (r(weights) for r in regularizer_list) if t is not None]
            return add_n(tensors, name=name) if tensors else None
    return sum_reg


def l1_l2_regularizer(scale_l1=1.0, scale_l2=1.0, scope=None):
    """``l1_regularizer(scale_l1) + l2_regularizer(scale_l2)``."""
    if isinstance(scale_l1, numbers.Integral):
        raise ValueError(f"scale_l1 cannot be an integer: {scale_l1}")
    if isinstance(scale_l2, numbers.Integral):
        raise ValueError(f"scale_l2 cannot be an integer: {scale_l2}")
    scope = scope or "l1_l2_regularizer"
    if scale_l1 == 0.0:
        return l2_regularizer(scale_l2, scope)
    if scale_l2 == 0.0:
        return l1_regularizer(scale_l1, scope)
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope=scope)


def apply_regularization(regularizer, weights_list=None):
    """The sum of ``regularizer(w)`` over ``weights_list`` (default the ``WEIGHTS``
    collection), also added to ``REGULARIZATION_LOSSES``.

    Raises:
        ValueError: without a regularizer, without weights, or when no loss results.
    """
    if not weights_list:
        weights_list = _g.get_collection(GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    if regularizer is None:
        raise ValueError("No regularizer given.")
    with _g.name_scope(None, "get_regularization_penalty", weights_list) as scope:
        penalties = [p for p in (regularizer(w) for w in weights_list) if p is not None]
        if not penalties:
            raise ValueError("No regularization penalties were computed.")
        summed = add_n(penalties, name=scope)
        _g.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, summed)
        return summed
