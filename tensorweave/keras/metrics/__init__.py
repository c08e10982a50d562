"""``keras.metrics``: Keras 3's metrics, as stateful objects usable on arrays and in graphs.

Each metric is written once, as a *statistics* function of the batch that is run either
with NumPy (``update_state``) or with tensorweave graph ops (``graph_update``); the running
state itself always lives in NumPy arrays on the metric. Semantics follow Keras 3.15 (rank
squeezing, sample weights, ``BinaryAccuracy``'s strict ``>``, ``in_top_k`` ties, and AUC's
bucketing and Riemann sums), with float32 state as in Keras.

Protocol for the training loop
------------------------------

``metric.state`` is a tuple of NumPy arrays (``metric.state_names`` names them), e.g.
``Mean``: ``(total, count)``; ``Precision``: ``(true_positives, false_positives)``;
``AUC``: ``(true_positives, false_positives, true_negatives, false_negatives)``, each of shape
``(num_thresholds,)``. A compiled train step uses it in three calls:

1. at graph-build time, once per metric::

       increments = metric.graph_update(y_true, y_pred, sample_weight)   # graph Tensors

   ``increments`` is a tuple of float32 tensors with the same length and shapes as
   ``metric.state``: this batch's contribution (for ``Mean``: the weighted sum and the
   weight count of the batch). ``sample_weight`` may be None. ``Mean``/``Sum`` take
   ``graph_update(values, sample_weight=None)``, as their ``update_state`` does.
2. after each ``Session.run`` that fetched ``increments`` with the train op::

       metric.accumulate(fetched_values)      # state[i] += fetched_values[i]

3. whenever logs are needed: ``metric.result()`` (a float, or an array for several
   thresholds); ``metric.reset_state()`` at the start of each epoch / evaluation.

A loop that prefers the state in graph variables can create one zero variable per
``metric.state`` entry, ``assign_add`` the increments in the step, and hand the variables'
values to ``metric.set_state(values)`` before ``result()``. Without a graph,
``update_state(y_true, y_pred, sample_weight=None)`` does steps 1–2 on arrays.

``resolve("accuracy", loss_name, y_true_shape, y_pred_shape)`` turns ``"accuracy"``/``"acc"``
into the binary, categorical or sparse categorical accuracy as ``compile`` does.

Example:
    >>> m = SparseCategoricalAccuracy()
    >>> m.update_state([1, 2], [[0.1, 0.9, 0.0], [0.8, 0.1, 0.1]])
    >>> float(m.result())
    0.5
"""

from .accuracy_metrics import (Accuracy, BinaryAccuracy, CategoricalAccuracy,
                               SparseCategoricalAccuracy, SparseTopKCategoricalAccuracy,
                               TopKCategoricalAccuracy, accuracy, binary_accuracy,
                               categorical_accuracy, sparse_categorical_accuracy,
                               sparse_top_k_categorical_accuracy, top_k_categorical_accuracy)
from .confusion_metrics import (AUC, Precision, Recall, TruePositives, FalsePositives,
                                TrueNegatives, FalseNegatives)
from .iou_metrics import MeanIoU
from .loss_metrics import (BinaryCrossentropy, CategoricalCrossentropy, CategoricalHinge,
                           CosineSimilarity, Hinge, KLDivergence, LogCoshError,
                           MeanAbsolutePercentageError, MeanSquaredLogarithmicError, Poisson,
                           RootMeanSquaredError, SparseCategoricalCrossentropy, SquaredHinge)
from .metric import Metric, _snake
from .reduction_metrics import Mean, MeanMetricWrapper, Sum
from .regression_metrics import (MeanAbsoluteError, MeanSquaredError, mean_absolute_error,
                                 mean_squared_error)

__all__ = [
    "Metric", "Mean", "Sum", "MeanMetricWrapper", "Accuracy", "BinaryAccuracy",
    "CategoricalAccuracy", "SparseCategoricalAccuracy", "TopKCategoricalAccuracy",
    "SparseTopKCategoricalAccuracy", "MeanSquaredError", "MeanAbsoluteError", "Precision",
    "Recall", "AUC", "TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives",
    "MeanIoU", "Hinge", "SquaredHinge", "CategoricalHinge", "KLDivergence",
    "Poisson", "MeanSquaredLogarithmicError", "MeanAbsolutePercentageError", "LogCoshError",
    "CosineSimilarity", "RootMeanSquaredError", "BinaryCrossentropy", "CategoricalCrossentropy",
    "SparseCategoricalCrossentropy", "accuracy", "binary_accuracy", "categorical_accuracy",
    "sparse_categorical_accuracy", "top_k_categorical_accuracy",
    "sparse_top_k_categorical_accuracy", "mean_squared_error", "mean_absolute_error", "get",
    "serialize", "deserialize", "resolve",
]


# -- lookup ----------------------------------------------------------------------------------

_CLASSES = (Mean, Sum, Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
            TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, MeanSquaredError,
            MeanAbsoluteError, Precision, Recall, AUC, TruePositives, FalsePositives,
            TrueNegatives, FalseNegatives, MeanIoU, Hinge, SquaredHinge,
            CategoricalHinge, KLDivergence, Poisson, MeanSquaredLogarithmicError,
            MeanAbsolutePercentageError, LogCoshError, CosineSimilarity, RootMeanSquaredError,
            BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy)
_BY_NAME = {cls.__name__: cls for cls in _CLASSES}
_BY_NAME.update({_snake(cls.__name__): cls for cls in _CLASSES})
_BY_NAME.update({"mse": MeanSquaredError, "MSE": MeanSquaredError, "mae": MeanAbsoluteError,
                 "MAE": MeanAbsoluteError, "msle": MeanSquaredLogarithmicError,
                 "MSLE": MeanSquaredLogarithmicError, "mape": MeanAbsolutePercentageError,
                 "MAPE": MeanAbsolutePercentageError})
_BY_NAME.pop("log_cosh_error", None)  # Keras knows LogCoshError by its class name only
_FUNCTIONS = {fn.__name__: fn for fn in (
    accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
    top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, mean_squared_error,
    mean_absolute_error)}


def serialize(metric):
    """A metric → Keras's ``{"module", "class_name", "config", "registered_name"}``."""
    return {"module": "keras.metrics", "class_name": type(metric).__name__,
            "config": metric.get_config(), "registered_name": None}


def deserialize(config, custom_objects=None):
    """Keras's serialized metric dict → the metric object."""
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or _BY_NAME.get(name)
    if cls is None:
        raise ValueError(f"Unknown metric class {name!r}; pass it in custom_objects.")
    return cls.from_config(config.get("config") or {})


def get(identifier):
    """A metric object from a name (``"AUC"``, ``"auc"``, ``"mse"``, ``"precision"``), a
    serialized dict, a class, or an instance (returned as is). Names are Keras's: class
    names and their snake case. ``"accuracy"`` gives ``Accuracy`` here; ``compile`` resolves
    it by shapes instead (see ``resolve``).

    Raises:
        ValueError: the identifier is unknown.
    """
    if identifier is None or isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        if identifier in _BY_NAME:
            return _BY_NAME[identifier]()
        if identifier in _FUNCTIONS:
            return MeanMetricWrapper(_FUNCTIONS[identifier], name=identifier)
        raise ValueError(f"Could not interpret metric identifier: {identifier!r}. Known "
                         f"names: {sorted(set(_BY_NAME) | set(_FUNCTIONS))}")
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    if callable(identifier):
        return MeanMetricWrapper(identifier)
    raise ValueError(f"Could not interpret metric identifier: {identifier!r}")


_BINARY_LOSSES = {"binary_crossentropy", "BinaryCrossentropy", "bce", "BCE",
                  "binary_focal_crossentropy", "BinaryFocalCrossentropy", "hinge",
                  "squared_hinge"}
_SPARSE_LOSSES = {"sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"}


def _loss_name(loss):
    if loss is None or isinstance(loss, str):
        return loss
    return getattr(loss, "__name__", None) or type(loss).__name__


def resolve(name, loss_name=None, y_true_shape=None, y_pred_shape=None):
    """A ``compile(metrics=[...])`` entry → a metric object, resolving ``"accuracy"``/``"acc"``.

    Keras 3 picks the accuracy from the shapes of ``y_true`` and ``y_pred`` (when both are
    given, that rule is used, exactly): binary if ``y_pred``'s last dim is 1; sparse
    categorical if ``y_true`` has lower rank, or its last dim is 1 while ``y_pred``'s is not;
    otherwise categorical. Without shapes, the loss decides, as tf.keras did: binary for a
    binary cross-entropy or hinge loss, sparse for a sparse categorical cross-entropy, else
    categorical. The metric keeps the name the user wrote (``"acc"`` stays ``"acc"``).

    Args:
        name: a metric identifier (string, class, instance, function or dict).
        loss_name: the model's loss (name, function or object), used without shapes.
        y_true_shape, y_pred_shape: static shapes of the targets and outputs.

    Returns:
        A ``Metric``.

    Example:
        >>> type(resolve("accuracy", "sparse_categorical_crossentropy")).__name__
        'SparseCategoricalAccuracy'
        >>> type(resolve("acc", y_true_shape=(None, 1), y_pred_shape=(None, 1))).__name__
        'BinaryAccuracy'
    """
    if name is None:
        raise ValueError("Expected metric, received `None`")
    if not (isinstance(name, str) and name.lower() in ("accuracy", "acc")):
        return get(name)
    if y_true_shape is not None and y_pred_shape is not None:
        y_true_shape, y_pred_shape = tuple(y_true_shape), tuple(y_pred_shape)
        is_binary = y_pred_shape[-1] == 1
        is_sparse = len(y_true_shape) < len(y_pred_shape) or (
            y_true_shape[-1] == 1 and y_pred_shape[-1] is not None and y_pred_shape[-1] > 1)
    else:
        loss = _loss_name(loss_name)
        is_binary = loss in _BINARY_LOSSES
        is_sparse = loss in _SPARSE_LOSSES
    if is_binary:
        return BinaryAccuracy(name=name)
    if is_sparse:
        return SparseCategoricalAccuracy(name=name)
    return CategoricalAccuracy(name=name)
