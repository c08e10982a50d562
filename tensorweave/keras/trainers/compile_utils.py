"""What ``compile`` arguments mean per model output: the loss objects and weights, and the
metric objects (``"accuracy"`` resolved to binary, categorical or sparse categorical
accuracy from the shapes of the targets and outputs, as Keras 3 does)."""

import importlib
import warnings

from .. import losses as _losses
from .. import _metrics as _fallback

__all__ = ["resolve_losses", "resolve_metrics", "metrics_module", "serialize_loss",
           "serialize_metrics"]


def metrics_module():
    """``tensorweave.keras.metrics`` when it exists, else the built-in fallback."""
    try:
        return importlib.import_module("tensorweave.keras.metrics")
    except ImportError:
        return _fallback


def _per_output(spec, output_names, what):
    """A loss/metric spec → one entry per output (None where none applies)."""
    n = len(output_names)
    if isinstance(spec, dict):
        unknown = [k for k in spec if k not in output_names]
        if unknown:
            raise ValueError(f"In the dict argument `{what}`, key(s) {unknown} do not "
                             f"correspond to any model output. Received: {what}={spec}. "
                             f"The model outputs are {output_names}.")
        return [spec.get(name) for name in output_names]
    if isinstance(spec, (list, tuple)) and what == "loss":
        if len(spec) != n:
            raise ValueError(f"For a model with {n} outputs, the `loss` list must have "
                             f"{n} entries. Received: loss={spec}")
        return list(spec)
    return [spec] * n


def resolve_losses(loss, loss_weights, output_names):
    """→ [(loss callable or None, weight)] per output, and the loss names."""
    if loss is None:
        return [(None, 1.0)] * len(output_names)
    entries = _per_output(loss, output_names, "loss")
    if loss_weights is None:
        weights = [1.0] * len(output_names)
    elif isinstance(loss_weights, dict):
        weights = [float(loss_weights.get(name, 1.0)) for name in output_names]
    else:
        weights = [float(w) for w in loss_weights]
        if len(weights) != len(output_names):
            raise ValueError(f"`loss_weights` must have one entry per output "
                             f"({len(output_names)}); received {loss_weights}")
    out = []
    for entry, w in zip(entries, weights):
        fn = _losses.get(entry) if entry is not None else None
        if fn is not None and not isinstance(fn, _losses.Loss):
            fn = _losses.LossFunctionWrapper(fn, name=getattr(fn, "__name__", "loss"))
        out.append((fn, w))
    return out


def _is_binary_loss(loss):
    return isinstance(loss, _losses.BinaryCrossentropy) or (
        isinstance(loss, _losses.LossFunctionWrapper)
        and loss.fn is _losses.binary_crossentropy)


def _is_sparse_loss(loss):
    return isinstance(loss, _losses.SparseCategoricalCrossentropy) or (
        isinstance(loss, _losses.LossFunctionWrapper)
        and loss.fn is _losses.sparse_categorical_crossentropy)


def _accuracy_for(name, y_true, y_pred, loss, mod):
    true_shape = y_true.shape.as_tuple() or ()
    pred_shape = y_pred.shape.as_tuple() or ()
    if _is_binary_loss(loss) or (pred_shape and pred_shape[-1] == 1):
        cls = getattr(mod, "BinaryAccuracy", _fallback.BinaryAccuracy)
    elif _is_sparse_loss(loss) or len(true_shape) == len(pred_shape) - 1 or (
            true_shape and true_shape[-1] == 1 and pred_shape and pred_shape[-1] != 1):
        cls = getattr(mod, "SparseCategoricalAccuracy", _fallback.SparseCategoricalAccuracy)
    else:
        cls = getattr(mod, "CategoricalAccuracy", _fallback.CategoricalAccuracy)
    return cls(name=name)


def _make_metric(identifier, y_true, y_pred, loss, mod):
    metric = _make_metric_object(identifier, y_true, y_pred, loss, mod)
    if isinstance(identifier, str):
        try:
            metric.name = identifier  # Keras shows the name as written ("acc", "mae")
        except AttributeError:
            pass
    return metric


def _make_metric_object(identifier, y_true, y_pred, loss, mod):
    if callable(identifier) and not isinstance(identifier, type) and \
            not hasattr(identifier, "update_state"):
        # a user's function of graph tensors: averaged in the graph
        name = getattr(identifier, "__name__", "metric")
        if name == "<lambda>":
            name = "lambda"     # Keras 3's name (and log key) for a lambda metric
        return _fallback.MeanMetricWrapper(identifier, name=name)
    resolve = getattr(mod, "resolve", None)
    if resolve is not None and not (isinstance(identifier, str) and
                                    identifier.lower() in ("crossentropy", "ce")):
        try:
            return resolve(identifier, loss, y_true.shape.as_tuple(), y_pred.shape.as_tuple())
        except ValueError:
            pass  # a name only the built-in fallback knows
    if isinstance(identifier, str):
        key = identifier
        if key.lower() in ("accuracy", "acc"):
            return _accuracy_for(identifier, y_true, y_pred, loss, mod)
        if key.lower() in ("crossentropy", "ce"):
            if _is_binary_loss(loss) or (y_pred.shape.as_tuple() or (0,))[-1] == 1:
                fn = _losses.binary_crossentropy
            elif _is_sparse_loss(loss):
                fn = _losses.sparse_categorical_crossentropy
            else:
                fn = _losses.categorical_crossentropy
            return _fallback.MeanMetricWrapper(fn, name=identifier)
        getter = getattr(mod, "get", _fallback.get)
        try:
            obj = getter(identifier)
        except (ValueError, KeyError):
            obj = _fallback.get(identifier)
        if isinstance(obj, type):
            obj = obj()
        if callable(obj) and not hasattr(obj, "update_state"):
            wrapper = getattr(mod, "MeanMetricWrapper", _fallback.MeanMetricWrapper)
            return wrapper(obj, name=identifier)
        return obj
    if isinstance(identifier, type):
        return identifier()
    if hasattr(identifier, "update_state"):
        return identifier
    if callable(identifier):
        wrapper = getattr(mod, "MeanMetricWrapper", _fallback.MeanMetricWrapper)
        return wrapper(identifier, name=getattr(identifier, "__name__", "metric"))
    raise ValueError(f"Could not interpret metric identifier: {identifier!r}")


def resolve_metrics(metrics, output_names, y_trues, y_preds, losses, seen=None,
                    unweighted=None):
    """→ a list of (output index, metric object, display name).

    ``seen``: the log names already taken (a set, updated); a repeated name gets ``_1``,
    ``_2`` …. ``unweighted``: for ``weighted_metrics``, the entries ``resolve_metrics``
    returned for ``metrics``; a weighted metric named like an unweighted metric of the same
    output is logged as ``weighted_<name>``, as Keras 3 does."""
    if not metrics:
        return []
    seen = set() if seen is None else seen
    taken = {}
    for i, metric, _ in unweighted or ():
        taken.setdefault(i, set()).add(metric.name)
    n = len(output_names)
    if isinstance(metrics, dict):
        per = _per_output(metrics, output_names, "metrics")
    elif isinstance(metrics, (list, tuple)) and n > 1 and len(metrics) == n and all(
            isinstance(m, (list, tuple)) or m is None for m in metrics):
        per = list(metrics)
    else:
        if isinstance(metrics, (list, tuple)) and n > 1 and not all(
                isinstance(m, (list, tuple)) for m in metrics):
            warnings.warn("A flat `metrics` list for a model with several outputs applies "
                          "each metric to every output.", stacklevel=4)
        per = [metrics] * n
    mod = metrics_module()
    out = []
    for i, entry in enumerate(per):
        if entry is None:
            continue
        entry = entry if isinstance(entry, (list, tuple)) else [entry]
        for identifier in entry:
            metric = _make_metric(identifier, y_trues[i], y_preds[i], losses[i][0], mod)
            name = metric.name
            if name in taken.get(i, ()):
                name = f"weighted_{name}"
            name = name if n == 1 else f"{output_names[i]}_{name}"
            out.append((i, metric, _unique(name, seen)))
    return out


def _unique(name, seen):
    """Keras 3 keeps every metric in the logs: a repeated name gets ``_1``, ``_2`` … in the
    order the metrics were given (``["mae", MeanAbsoluteError(name="mae")]`` logs ``mae``
    and ``mae_1``)."""
    unique, k = name, 0
    while unique in seen:
        k += 1
        unique = f"{name}_{k}"
    seen.add(unique)
    return unique


def serialize_loss(loss):
    """``compile``'s ``loss`` argument in JSON-able form (names stay names)."""
    if isinstance(loss, (list, tuple)):
        return [serialize_loss(v) for v in loss]
    if isinstance(loss, dict):
        return {k: serialize_loss(v) for k, v in loss.items()}
    if loss is None or isinstance(loss, str):
        return loss
    if hasattr(loss, "get_config"):
        return _losses.serialize(loss)
    return getattr(loss, "__name__", str(loss))


def serialize_metrics(metrics):
    """``compile``'s ``metrics`` argument in JSON-able form."""
    if metrics is None or isinstance(metrics, str):
        return metrics
    if isinstance(metrics, (list, tuple)):
        return [serialize_metrics(m) for m in metrics]
    if isinstance(metrics, dict):
        return {k: serialize_metrics(v) for k, v in metrics.items()}
    if hasattr(metrics, "get_config"):
        return {"module": "keras.metrics", "class_name": type(metrics).__name__,
                "config": metrics.get_config(), "registered_name": None}
    return getattr(metrics, "__name__", str(metrics))
