"""``tf.layers.Layer``: the TF1 layer base class and the helpers the layers share.

A layer owns a variable scope. ``tf.layers.dense(x, 4, name="fc")`` captures the scope
``fc`` when the layer is made (opening the name scope ``fc/``, or ``fc_1/`` the second time);
a layer without a name captures a unique scope from its class name (``dense``, ``dense_1`` …)
on first use. Its variables are made with ``get_variable`` inside that scope (so
``reuse=True`` shares them), its ops are named in the name scope the scope was first opened
with, and a built layer reuses its variables on every later call.

Update ops (batch normalization's moving averages) are added to ``tf.GraphKeys.UPDATE_OPS``
and weight/activity regularization losses to ``REGULARIZATION_LOSSES``, as in TF1.
"""

import re

from .. import dtypes as _dt
from .. import graph as _g
from ..graph import GraphKeys
from ..ops.creation import convert_to_tensor
from ..ops.registry import constant_value
from ..variable_scope import variable_scope, get_variable

__all__ = ["Layer"]


def _snake_case(name):
    s = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", s).lower()


def _add_to_collection(elements, key):
    """Appends each element not already in the collection (compared by identity)."""
    collection = _g.get_collection_ref(key)
    for e in elements:
        if not any(e is c for c in collection):
            collection.append(e)


class Layer:
    """Base class of TF1 layers: ``layer(inputs)`` builds the variables once, then calls.

    Args:
        trainable: whether the layer's variables are trainable (added to
            ``TRAINABLE_VARIABLES``).
        name: the layer's (and its variable scope's) name; default the class name in snake
            case, made unique (``"dense"``, ``"dense_1"``).
        dtype: the variables' dtype (default: the first input's).
        activity_regularizer: ``fn(output) -> loss``; the loss divided by the batch size is
            added to ``REGULARIZATION_LOSSES`` on each call.

    Properties: ``variables``/``weights``, ``trainable_variables``/``trainable_weights``,
    ``non_trainable_variables``/``non_trainable_weights``, ``updates``, ``losses``,
    ``scope_name``.

    Subclasses implement ``build(input_shape)`` (make variables with ``add_weight``) and
    ``call(inputs, ...)``.
    """

    def __init__(self, trainable=True, name=None, dtype=None, activity_regularizer=None,
                 **kwargs):
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        for key in kwargs:
            if key not in ("input_shape", "batch_input_shape", "batch_size", "weights",
                           "autocast"):
                raise TypeError(f"Keyword argument not understood: {key}")
        self.trainable = trainable
        self.dtype = None if dtype is None else _dt.as_dtype(dtype)
        self.built = False
        self._activity_regularizer = activity_regularizer
        self._base_name = name or _snake_case(type(self).__name__)
        self._name = name
        self._trainable_weights = []
        self._non_trainable_weights = []
        self._updates = []
        self._losses = []
        self._current_scope = None
        self._scope = None
        if scope:
            with variable_scope(scope) as captured:
                self._scope = captured

    # -- properties ----------------------------------------------------------------------------
    @property
    def name(self):
        """The layer's name: its scope's once it has one, else the given (or base) name."""
        if self._scope is not None:
            return self._scope.name
        return self._name or self._base_name

    @property
    def scope_name(self):
        if self._scope is None:
            raise ValueError(f'No name available for layer scope because the layer "'
                             f'{self.name}" has not been used yet. The scope name is '
                             "determined the first time the layer instance is called. You "
                             "must therefore call the layer before querying `scope_name`.")
        return self._scope.name

    @property
    def trainable_weights(self):
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self):
        if self.trainable:
            return list(self._non_trainable_weights)
        return self._trainable_weights + self._non_trainable_weights

    @property
    def weights(self):
        return self.trainable_weights + self.non_trainable_weights

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    @property
    def updates(self):
        return list(self._updates)

    @property
    def losses(self):
        return list(self._losses)

    @property
    def activity_regularizer(self):
        return self._activity_regularizer

    # -- building blocks for subclasses ------------------------------------------------------------
    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None,
                   trainable=None, constraint=None, partitioner=None, **kwargs):
        """Gets or creates the variable ``<layer scope>/name``; returns it.

        A new variable's ``regularizer(variable)`` loss is added to the layer's losses and
        to ``REGULARIZATION_LOSSES`` (named ``"<layer>/<name>/Regularizer/..."``).
        """
        if trainable is None:
            trainable = True
        existing = set(map(id, _g.get_collection(GraphKeys.GLOBAL_VARIABLES)))
        dtype = _dt.as_dtype(dtype or self.dtype or _dt.float32)
        self._set_scope(None)
        reuse = self.built or self._reuse
        with variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with _g.name_scope(scope.original_name_scope):
                var = get_variable(name, shape, dtype=dtype, initializer=initializer,
                                   trainable=trainable and self.trainable,
                                   constraint=constraint, partitioner=partitioner)
                if regularizer is not None and id(var) not in existing:
                    with _g.name_scope(name + "/Regularizer"):
                        loss = regularizer(var)
                    if loss is not None:
                        self.add_loss(loss)
        if not any(var is v for v in self._trainable_weights + self._non_trainable_weights):
            (self._trainable_weights if var.trainable else self._non_trainable_weights).append(
                var)
        return var

    add_variable = add_weight  # TF1's older name

    def add_update(self, updates, inputs=None):
        """Registers update ops (run by ``tf.GraphKeys.UPDATE_OPS``); tensors count by op."""
        if not isinstance(updates, (list, tuple)):
            updates = [updates]
        for u in updates:
            if callable(u) and not isinstance(u, (_g.Tensor, _g.Operation)):
                u = u()
            if isinstance(u, _g.Tensor):
                u = u.op
            self._updates.append(u)

    def add_loss(self, losses, inputs=None):
        """Adds loss tensors to the layer and to ``REGULARIZATION_LOSSES``."""
        if not isinstance(losses, (list, tuple)):
            losses = [losses]
        new = []
        for loss in losses:
            if callable(loss) and not isinstance(loss, _g.Tensor):
                loss = loss()
            if loss is not None:
                new.append(loss)
        self._losses.extend(new)
        _add_to_collection(new, GraphKeys.REGULARIZATION_LOSSES)

    def build(self, input_shape):
        self.built = True

    def call(self, inputs, **kwargs):
        return inputs

    def compute_output_shape(self, input_shape):
        raise NotImplementedError

    # -- calling -------------------------------------------------------------------------------
    def _set_scope(self, scope=None):
        if self._scope is None:
            if self._reuse:
                with variable_scope(scope if scope is not None else self._base_name) as s:
                    self._scope = s
            else:
                with variable_scope(scope, default_name=self._base_name) as s:
                    self._scope = s

    def __call__(self, inputs, *args, **kwargs):
        """Builds the layer on its first call, then applies ``call``.

        Raises:
            ValueError: from ``build`` for inputs of the wrong rank or unknown dimensions,
                or from ``get_variable`` when variables exist and ``reuse`` is not set.
        """
        scope = kwargs.pop("scope", None)
        self._set_scope(scope)
        reuse = True if self.built else self._reuse  # a built layer always reuses
        with variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as vs:
            self._current_scope = vs
            with _g.name_scope(vs.original_name_scope):
                inputs = _convert_inputs(inputs)
                if not self.built:
                    first = inputs[0] if isinstance(inputs, (list, tuple)) else inputs
                    if self.dtype is None and first.dtype.is_floating:
                        self.dtype = first.dtype
                    self.build(first.shape if not isinstance(inputs, (list, tuple))
                               else [t.shape for t in inputs])
                    self.built = True
                outputs = self.call(inputs, *args, **kwargs)
                if outputs is None:
                    raise ValueError("A layer's `call` method should return a Tensor or a "
                                     f"list of Tensors, not None (layer: {self.name}).")
                self._activity_regularization(outputs)
        _add_to_collection(self._updates, GraphKeys.UPDATE_OPS)
        return outputs

    apply = __call__

    def _activity_regularization(self, outputs):
        if self._activity_regularizer is None:
            return
        from ..ops.math import cast, realdiv
        from ..ops.shape import shape
        with _g.name_scope("ActivityRegularizer"):
            for out in (outputs if isinstance(outputs, (list, tuple)) else [outputs]):
                loss = self._activity_regularizer(out)
                if loss is None:
                    continue
                batch = cast(shape(out)[0], loss.dtype)
                self.add_loss(realdiv(loss, batch))  # batch-size independent strength


def _convert_inputs(inputs):
    if isinstance(inputs, (list, tuple)):
        return type(inputs)(convert_to_tensor(t) for t in inputs)
    return convert_to_tensor(inputs)


# -- shared argument handling -----------------------------------------------------------------
def smart_cond(pred, true_fn, false_fn, name=None):
    """``true_fn()`` or ``false_fn()`` now when ``pred`` is known at build time (a Python
    bool, 0/1, or a constant tensor); else a ``tf.cond`` choosing at run time."""
    value = smart_constant_value(pred)
    if value is True:
        return true_fn()
    if value is False:
        return false_fn()
    from ..ops.control import cond
    return cond(pred, true_fn, false_fn, name=name)


def smart_constant_value(pred):
    """True/False when ``pred`` is known at build time, None for a run-time tensor.

    Raises:
        TypeError: for anything but a bool tensor, a Python bool, or 1/0.
    """
    if isinstance(pred, bool):
        return pred
    if isinstance(pred, int) and pred in (0, 1):
        return bool(pred)
    if hasattr(pred, "_as_tensor"):  # a Variable: its value can change
        return None
    if isinstance(pred, _g.Tensor):
        value = constant_value(pred)
        return None if value is None else bool(value)
    raise TypeError(f"`pred` must be a Tensor, or a Python bool, or 1 or 0. Found instead: "
                    f"{type(pred)}")


def normalize_tuple(value, n, name):
    """An int → ``(value,) * n``; a sequence of ``n`` ints → a tuple (ValueError otherwise)."""
    if isinstance(value, int):
        return (value,) * n
    try:
        out = tuple(value)
    except TypeError:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: "
                         f"{value}") from None
    if len(out) != n or not all(isinstance(v, int) for v in out):
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: "
                         f"{value}")
    return out


def normalize_padding(value):
    padding = value.lower() if isinstance(value, str) else value
    if padding not in ("valid", "same"):
        raise ValueError(f'The `padding` argument must be one of "valid", "same". '
                         f"Received: {value}")
    return padding


def normalize_data_format(value):
    data_format = (value or "channels_last").lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(f'The `data_format` argument must be one of "channels_first", '
                         f'"channels_last". Received: {value}')
    return data_format
