"""``Sum``, ``Mean`` and ``MeanMetricWrapper``: Keras's reduction metrics."""

import numpy as np

from ._ops import _NP, _divide_no_nan, _rank_align
from .metric import Metric


def _samplewise(ops, values, sample_weight, reduce_fn):
    """Keras's reduce_to_samplewise_values: per-sample values times weights, and weights."""
    values = ops.cast(values, np.float32)
    if sample_weight is not None:
        sample_weight = ops.convert(sample_weight, np.float32)
        values, sample_weight = _rank_align(ops, values, sample_weight)
        weight_ndim, values_ndim = ops.ndim(sample_weight), ops.ndim(values)
        if values_ndim > weight_ndim:
            values = reduce_fn(values, list(range(weight_ndim, values_ndim)))
        sample_weight = sample_weight * ops.ones_like(values)  # broadcast_to(values' shape)
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, list(range(1, weight_ndim)))
    values_ndim = ops.ndim(values)
    if values_ndim > 1:
        values = reduce_fn(values, list(range(1, values_ndim)))
    return values, sample_weight


class Sum(Metric):
    """The (weighted) sum of the values seen. State: ``(total,)``.

    Example:
        >>> m = Sum(); m.update_state([1, 3, 5, 7]); float(m.result())
        16.0
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def _state_shapes(self):
        return {"total": ()}

    def _stats(self, ops, values, sample_weight=None):
        values, _ = _samplewise(ops, ops.convert(values), sample_weight, ops.sum)
        return (ops.sum(values),)

    def result(self):
        return np.float32(self.state[0])


class Mean(Metric):
    """The (weighted) mean of the values seen. State: ``(total, count)``.

    Example:
        >>> m = Mean(); m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
        >>> float(m.result())
        2.0
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def _state_shapes(self):
        return {"total": (), "count": ()}

    def _stats(self, ops, values, sample_weight=None):
        return self._mean_stats(ops, ops.convert(values), sample_weight)

    @staticmethod
    def _mean_stats(ops, values, sample_weight):
        values, sample_weight = _samplewise(ops, values, sample_weight, ops.mean)
        if sample_weight is not None:
            count = ops.sum(sample_weight)
        elif ops.ndim(values) >= 1:
            count = ops.sum(ops.ones_like(values))
        else:
            count = ops.constant(1.0)
        return ops.sum(values), ops.cast(count, np.float32)

    def result(self):
        total, count = self.state
        return np.float32(_divide_no_nan(total, count))


def _is_graph_tensor(value):
    from ... import graph as _g
    return isinstance(value, _g.Tensor)


def _call_on_arrays(fn, y_true, y_pred, kwargs):
    """``fn`` on arrays → an array. A function of graph tensors (``keras.losses``' functions
    are) is built in a scratch graph and run there, so the default graph stays clean."""
    from ... import graph as _g
    from ...session import Session
    graph = _g.Graph()
    with graph.as_default():
        values = fn(y_true, y_pred, **kwargs)
        if not _is_graph_tensor(values):
            return np.asarray(values)
        with Session(graph=graph) as sess:
            return np.asarray(sess.run(values))


def _call_on_tensors(name, fn, y_true, y_pred, kwargs):
    """``fn`` on graph tensors → a graph tensor, or TypeError when ``fn`` only takes arrays
    (the training loop then runs the metric on the fetched arrays instead)."""
    try:
        values = fn(y_true, y_pred, **kwargs)
    except Exception as exc:  # noqa: BLE001 - any failure means "no graph form"
        raise TypeError(f"{name}: {fn!r} works on arrays only; it has no graph form "
                        f"({type(exc).__name__}: {exc}). Update this metric with arrays "
                        "(update_state).") from exc
    if not _is_graph_tensor(values):
        raise TypeError(f"{name}: {fn!r} returned {type(values).__name__}, not a graph "
                        "tensor; update this metric with arrays (update_state).")
    return values


class MeanMetricWrapper(Mean):
    """The mean over samples of a per-sample function ``fn(y_true, y_pred, **kwargs)``.

    ``fn`` is one of this module's functions (those run in graphs too) or any function of
    NumPy arrays (then ``graph_update`` is unavailable).
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", None), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def _stats(self, ops, y_true, y_pred, sample_weight=None):
        stats_fn = getattr(self._fn, "_stats_fn", None)
        if stats_fn is not None:
            values = stats_fn(ops, y_true, y_pred, **self._fn_kwargs)
        elif ops is _NP:
            values = _call_on_arrays(self._fn, y_true, y_pred, self._fn_kwargs)
        else:
            values = _call_on_tensors(self.name, self._fn, y_true, y_pred, self._fn_kwargs)
        mask = getattr(y_pred, "_keras_mask", None)
        if mask is not None and ops is not _NP:   # Keras 3: masked entries weigh nothing
            mask = ops.cast(mask, np.float32)
            if sample_weight is None:
                sample_weight = mask
            else:
                mask, sample_weight = _rank_align(ops, mask,
                                                  ops.convert(sample_weight, np.float32))
                while ops.ndim(sample_weight) < ops.ndim(mask):   # (batch,) over steps
                    sample_weight = ops.expand_dims(sample_weight, -1)
                sample_weight = sample_weight * mask
        return self._mean_stats(ops, values, sample_weight)

    def get_config(self):
        return {**super().get_config(), **self._fn_kwargs}
