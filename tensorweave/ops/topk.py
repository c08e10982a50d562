"""Selecting the largest entries: ``top_k`` and ``in_top_k``.

Both are primitives: ranking is not an elementwise or reduction composite. Ties follow
TensorFlow: ``top_k`` lists equal values lower index first; ``in_top_k`` counts a target as in
the top k unless ``k`` or more classes score strictly higher (so ties at the boundary are in),
and answers False for a row with a non-finite prediction or an out-of-range target.
"""

from collections import namedtuple

import numpy as np

from .. import dtypes as _dt
from .. import graph as _g
from .creation import convert_to_tensor
from .registry import Op, Spec, register

__all__ = ["top_k", "in_top_k"]


def _k_of(spec):
    return None if spec.value is None else int(np.ravel(spec.value)[0])


@register
class TopKV2(Op):
    """The ``k`` largest entries of the last dimension (values and int32 indices)."""

    host_inputs = (1,)  # read as numbers: kept on the host (compiler/placement.py)
    fresh_output = True

    def __init__(self, sorted=True):  # noqa: A002 - TF's attribute name
        self.sorted = sorted

    def infer(self, x, k):
        if not (x.dtype.is_floating or x.dtype.is_integer):
            raise TypeError(f"top_k needs a real-valued input, got {x.dtype.name}")
        if not k.dtype.is_integer or (k.shape is not None and len(k.shape) != 0):
            raise ValueError("k must be a scalar int32")
        kv = _k_of(k)
        if kv is not None and kv < 0:
            raise ValueError(f"Need k >= 0, got {kv}")
        if x.shape is None:
            return [Spec(None, x.dtype), Spec(None, _dt.int32)]
        if len(x.shape) < 1:
            raise ValueError("input must be at least 1-D")
        n = x.shape[-1]
        if kv is not None and n is not None and n < kv:
            raise ValueError(f"input must have at least k columns. Had {n}, needed {kv}")
        shape = tuple(x.shape[:-1]) + (kv,)
        return [Spec(shape, x.dtype), Spec(shape, _dt.int32)]

    def forward(self, xp, x, k):
        k = int(k)
        n = x.shape[-1]
        if n < k:
            raise ValueError(f"input must have at least k columns. Had {n}, needed {k}")
        # Descending with ties in index order: a stable ascending sort of the reversed row,
        # read backwards, lists equal values by increasing original index.
        order = xp.argsort(x[..., ::-1], axis=-1, kind="stable")[..., ::-1][..., :k]
        indices = (n - 1 - order).astype(np.int32)
        values = xp.take_along_axis(x, indices.astype(np.intp), axis=-1)
        return values, indices

    def gradient(self, g, y, x, k):
        """Scatters the values' gradient back to the positions they came from."""
        from .shape import shape, size, reshape, stack, GatherGrad, expand_dims
        from .creation import range as range_
        from .math import add, multiply, floordiv
        depth = shape(x)[-1]
        rows = floordiv(size(x), depth)
        indices = reshape(y[1], stack([rows, shape(y[1])[-1]]))  # one row per top_k row
        row_start = multiply(range_(rows), depth)
        flat = reshape(add(indices, expand_dims(row_start, -1)), [-1])
        scattered = GatherGrad(0).bind(reshape(size(x), [1]), flat, reshape(g[0], [-1]))
        return reshape(scattered, shape(x)), None


TopKV2Result = namedtuple("TopKV2", "values indices")


def top_k(input, k=1, sorted=True, name=None):  # noqa: A002
    """The ``k`` largest entries along the last dimension, and their indices.

    Equal values are listed lower index first. Gradients flow into the selected values.

    Args:
        input: a real tensor with at least one dimension (last dim >= k).
        k: a Python int or a scalar int32 tensor.
        sorted: the results are always sorted in descending order here (TensorFlow's order
            is unspecified when False).

    Returns:
        ``(values, indices)`` (a namedtuple): shape ``input.shape[:-1] + [k]``; indices int32.

    Example:
        >>> values, indices = tf.nn.top_k([1., 3., 2., 3.], k=2)   # [3, 3], [1, 3]
    """
    x = convert_to_tensor(input)
    kt = convert_to_tensor(k, dtype=_dt.int32, name="k") if not isinstance(k, _g.Tensor) \
        else k
    values, indices = TopKV2(bool(sorted)).bind(x, kt, name=name or "TopKV2")
    return TopKV2Result(values, indices)


@register
class InTopKV2(Op):
    """Per row: whether ``predictions[row, targets[row]]`` is among the ``k`` largest."""

    fresh_output = True
    differentiable = False

    def infer(self, predictions, targets, k):
        if not predictions.dtype.is_floating:
            raise TypeError(f"predictions must be floating, got {predictions.dtype.name}")
        if not targets.dtype.is_integer:
            raise TypeError(f"targets must be int32 or int64, got {targets.dtype.name}")
        if k.dtype != targets.dtype:
            raise TypeError(f"k must have the dtype of targets ({targets.dtype.name}), got "
                            f"{k.dtype.name}")
        if predictions.shape is not None and len(predictions.shape) != 2:
            raise ValueError(f"predictions must be 2-dimensional, got shape "
                             f"{list(predictions.shape)}")
        if targets.shape is not None and len(targets.shape) != 1:
            raise ValueError(f"targets must be 1-dimensional, got shape {list(targets.shape)}")
        if k.shape is not None and len(k.shape) != 0:
            raise ValueError("k must be a scalar")
        batch = None
        if predictions.shape is not None:
            batch = predictions.shape[0]
        if targets.shape is not None:
            t = targets.shape[0]
            if batch is not None and t is not None and batch != t:
                raise ValueError(f"First dimension of predictions {batch} must match length "
                                 f"of targets {t}")
            batch = batch if batch is not None else t
        return Spec((batch,), _dt.bool)

    def forward(self, xp, predictions, targets, k):
        n_rows, n_classes = predictions.shape
        if targets.shape[0] != n_rows:
            raise ValueError(f"First dimension of predictions {n_rows} must match length of "
                             f"targets {targets.shape[0]}")
        valid = (targets >= 0) & (targets < n_classes)
        safe = xp.where(valid, targets, 0).astype(np.intp)
        target_pred = xp.take_along_axis(predictions, safe[:, None], axis=1)
        higher = (predictions > target_pred).sum(axis=1)
        finite = xp.isfinite(predictions).all(axis=1)
        return valid & finite & (higher < int(k))


def in_top_k(predictions, targets, k, name=None):
    """Whether each target class is among the ``k`` highest ``predictions`` of its row.

    A target tied with others at the k-th place counts as in the top k (TensorFlow's rule:
    fewer than ``k`` classes score strictly higher). Rows with a non-finite prediction, or a
    target outside ``[0, num_classes)``, give False.

    Args:
        predictions: float ``[batch, classes]``; targets: int32/int64 ``[batch]``; k: int.

    Returns:
        A bool ``[batch]`` tensor.

    Example:
        >>> correct = tf.nn.in_top_k(logits, labels, 1)
        >>> accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    """
    with _g.name_scope(name, "in_top_k"):
        predictions = convert_to_tensor(predictions, name="predictions")
        targets = convert_to_tensor(targets, name="targets", dtype_hint=_dt.int32)
        k = convert_to_tensor(k, dtype=targets.dtype, name="k") \
            if not isinstance(k, _g.Tensor) else k
        return InTopKV2().bind(predictions, targets, k, name=name or "InTopKV2")
