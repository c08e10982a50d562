"""Gradient clipping by norm: ``tf.clip_by_norm``, ``tf.global_norm``,
``tf.clip_by_global_norm`` (TF 1.15's ``clip_ops``).

Example:
    >>> grads, variables = zip(*opt.compute_gradients(loss))
    >>> grads, norm = tf.clip_by_global_norm(grads, 5.0)
    >>> train_op = opt.apply_gradients(zip(grads, variables))
"""

from .. import graph as _g
from ..ops.creation import constant, convert_to_tensor, ones_like
from ..ops.math import greater, identity, maximum, minimum, multiply, sqrt, square, where
from ..ops.reduce import reduce_sum
from ..ops.shape import stack

__all__ = ["clip_by_norm", "global_norm", "clip_by_global_norm", "clip_by_average_norm"]


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """``t * clip_norm / max(l2norm(t), clip_norm)``: rescales ``t`` so that its L2 norm
    (over ``axes``, default all) is at most ``clip_norm``.

    Args:
        t: a tensor.
        clip_norm: a positive scalar (number or tensor).
        axes: dimensions to compute the norm over (default: all); each slice along the
            other dimensions is clipped on its own.
        name: name of the result (default ``"clip_by_norm"``).

    Returns:
        A tensor like ``t``.

    Raises:
        ValueError: if ``clip_norm`` broadcasting would change ``t``'s shape.

    Example:
        >>> tf.clip_by_norm([3.0, 4.0], 1.0)     # -> [0.6, 0.8]
    """
    with _g.name_scope(name, "clip_by_norm") as scope:
        values = convert_to_tensor(t, name="t")
        l2sum = reduce_sum(values * values, axes, keepdims=True)
        pred = greater(l2sum, 0)
        # two wheres so that the gradient of sqrt is never taken at zero
        l2sum_safe = where(pred, l2sum, ones_like(l2sum))
        l2norm = where(pred, sqrt(l2sum_safe), l2sum)
        intermediate = multiply(values, clip_norm)
        if not values.shape.is_compatible_with(intermediate.shape):
            raise ValueError(f"clip_norm of shape {intermediate.shape} would change the "
                             f"shape {values.shape} of t")
        return identity(intermediate / maximum(l2norm, clip_norm), name=scope)


def global_norm(t_list, name=None):
    """``sqrt(sum(l2norm(t) ** 2 for t in t_list))``; None entries are ignored.

    Args:
        t_list: a list (or tuple) of tensors, possibly with Nones.
        name: name scope (default ``"global_norm"``).

    Returns:
        A scalar tensor.

    Raises:
        TypeError: if ``t_list`` is not a sequence.

    Example:
        >>> tf.global_norm([[3.0], [4.0]])        # -> 5.0
    """
    if not isinstance(t_list, (list, tuple)):
        raise TypeError("t_list should be a sequence")
    t_list = list(t_list)
    with _g.name_scope(name, "global_norm"):
        values = [convert_to_tensor(t, name=f"t_{i}") if t is not None else None
                  for i, t in enumerate(t_list)]
        # TF sums L2Loss (half squared norms) and doubles the total: exact in binary
        half_squared_norms = [reduce_sum(square(v)) * 0.5 for v in values if v is not None]
        half_squared_norm = reduce_sum(stack(half_squared_norms))
        return sqrt(half_squared_norm * constant(2.0, dtype=half_squared_norm.dtype),
                    name="global_norm")


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Rescales the tensors so that their global norm is at most ``clip_norm``.

    Every tensor is multiplied by ``clip_norm / max(global_norm, clip_norm)`` (computed as
    ``clip_norm * min(1 / global_norm, 1 / clip_norm)``); when the global norm is infinite
    or NaN every entry becomes NaN.

    Args:
        t_list: a list (or tuple) of tensors, possibly with Nones (kept as None).
        clip_norm: a positive scalar (number or tensor).
        use_norm: a precomputed global norm (default: ``global_norm(t_list)``).
        name: name scope (default ``"clip_by_global_norm"``).

    Returns:
        ``(list_clipped, global_norm)``: the rescaled tensors and the global norm used.

    Raises:
        TypeError: if ``t_list`` is not a sequence.

    Example:
        >>> grads, norm = tf.clip_by_global_norm(grads, 5.0)
    """
    if not isinstance(t_list, (list, tuple)):
        raise TypeError("t_list should be a sequence")
    t_list = list(t_list)
    if use_norm is None:
        use_norm = global_norm(t_list, name)
    use_norm = convert_to_tensor(use_norm)
    with _g.name_scope(name, "clip_by_global_norm") as scope:
        one = constant(1.0, dtype=use_norm.dtype)
        scale_for_finite = multiply(clip_norm, minimum(1.0 / use_norm, one / clip_norm))
        # a no-op for a finite norm; NaN for inf/NaN
        scale = scale_for_finite + (use_norm - use_norm)
        values = [convert_to_tensor(t, name=f"t_{i}") if t is not None else None
                  for i, t in enumerate(t_list)]
        clipped = [None if v is None else identity(v * scale, name=f"{scope}_{i}")
                   for i, v in enumerate(values)]
    return clipped, use_norm


def clip_by_average_norm(t, clip_norm, name=None):
    """``t * clip_norm / max(l2norm(t) / size(t), clip_norm)`` (TF 1's deprecated
    ``clip_by_average_norm``: the L2 norm averaged over the elements is at most
    ``clip_norm``)."""
    from ..ops.math import cast, rsqrt
    from ..ops.shape import size
    with _g.name_scope(name, "clip_by_average_norm") as scope:
        t = convert_to_tensor(t, name="t")
        clip_norm = convert_to_tensor(clip_norm, dtype=t.dtype, name="clip_norm")
        n = cast(size(t), t.dtype)
        inv = rsqrt(reduce_sum(square(t)))
        one = constant(1, dtype=t.dtype)
        scale = multiply(clip_norm, minimum(multiply(inv, n), _div(one, clip_norm)))
        return identity(multiply(t, scale), name=scope)


def _div(a, b):
    from ..ops.math import divide
    return divide(a, b)
