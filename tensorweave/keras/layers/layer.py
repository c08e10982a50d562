"""``keras.layers.Layer``: weights made in ``build``, a ``call`` on graph tensors, lazy
building, functional-API history, and configs.

A layer called on a symbolic tensor adds ops to that tensor's graph and returns the output
tensor. When the input came from ``keras.Input`` (or another layer), the output carries a
``_keras_history`` (layer, node index, tensor index) from which ``keras.Model(inputs,
outputs)`` recovers the layer graph. A layer called on NumPy arrays runs at once and returns
NumPy arrays (through a graph built once per input signature).

Subclasses override ``build(input_shape)`` (make weights with ``add_weight``),
``call(inputs, training=None)`` and ``compute_output_shape(input_shape)``, and extend
``get_config``.
"""

import inspect
import re
import warnings

import numpy as np

from ... import graph as _g
from ... import dtypes as _dt
from ... import context as _context
from ...function import fallback_if_tracing as _fallback_if_tracing
from ... import tape as _tape
from ...eager import EagerTensor
from ...ops import math as _math
from ...ops.creation import convert_to_tensor
from ...ops.state import placeholder
from .. import backend
from .. import constraints as _constraints
from .. import initializers as _initializers
from .. import regularizers as _regularizers
from .. import _serialization
from .node import (InputSpec, KerasHistory, Node, check_input_spec as _check_input_spec,
                   flatten as _flatten, map_structure as _map)

__all__ = ["Layer", "InputSpec", "Node", "KerasHistory"]


def to_snake_case(name):
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return insecure if insecure[0] != "_" else "private" + insecure


def _is_array_like(x):
    return isinstance(x, (np.ndarray, np.generic, int, float, bool)) or (
        hasattr(x, "__array__") and not isinstance(x, _g.Tensor)
        and not hasattr(x, "_as_tensor"))


def _shape_of(x):
    """Static shape tuple of a tensor (None dims stay None)."""
    return x.shape.as_tuple()


_CALL_DEPTH = [0]     # nesting of Layer.__call__ (0: an outermost call)


class Layer:
    """Base class of Keras layers.

    Args:
        trainable: whether the layer's weights are updated by ``fit``.
        name: a unique name (default: the snake-case class name, made unique: ``dense_1``).
        dtype: the dtype of the weights (default ``"float32"``).
        activity_regularizer: an optional penalty on the layer's outputs.
        input_shape / batch_input_shape / input_dim: (first layer of a ``Sequential``) the
            shape of the inputs, without / with the batch dimension.

    Example:
        >>> class Scale(keras.layers.Layer):
        ...     def build(self, input_shape):
        ...         self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        ...     def call(self, x):
        ...         return x * self.w
    """

    _built_at_init = False   # True: weightless, built from construction (as in Keras 3)

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None,
                 autocast=True, name=None, **kwargs):
        object.__setattr__(self, "_layers", [])
        self._init_args_for_legacy(kwargs)
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments passed to "
                             f"{type(self).__name__}: {kwargs}")
        self._name = name or backend.unique_name(to_snake_case(type(self).__name__))
        self._trainable = bool(trainable)
        self._dtype = backend.standardize_dtype(
            dtype.get("config", {}).get("name") if isinstance(dtype, dict) else dtype)
        self.autocast = autocast
        self.activity_regularizer = _regularizers.get(activity_regularizer)
        # Keras 3 marks its weightless layers (pooling, dropout, activations, reshape) built
        # from the start: ``built`` is True and they have no ``build_config``. The first call
        # still goes through ``_maybe_build`` here to record the input shapes.
        self.built = bool(type(self)._built_at_init)
        self._first_build_pending = self.built
        self.input_spec = None
        # as in Keras 3: a layer that defines compute_mask supports masking
        self.supports_masking = type(self).compute_mask is not Layer.compute_mask
        self._trainable_variables = []
        self._non_trainable_variables = []
        self._inbound_nodes = []
        self._outbound_nodes = []
        self._build_shapes = None
        self._output_shape = None
        self._eager_cache = {}
        self._losses = []
        self._weight_losses = {}
        self._call_has_training = "training" in _call_params(self)
        self._call_has_mask = "mask" in _call_params(self)

    def _init_args_for_legacy(self, kwargs):
        batch = kwargs.pop("batch_input_shape", None)
        batch = kwargs.pop("batch_shape", batch)
        shape = kwargs.pop("input_shape", None)
        dim = kwargs.pop("input_dim", None)
        batch_size = kwargs.pop("batch_size", None)
        object.__setattr__(self, "_initial_weights", kwargs.pop("weights", None))
        if dim is not None and shape is None and batch is None:
            shape = (dim,)
        if shape is not None and batch is None:
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            batch = (batch_size,) + shape
        object.__setattr__(self, "_batch_input_shape",
                           None if batch is None else tuple(batch))

    # -- identity --------------------------------------------------------------------------
    @property
    def name(self):
        return self._name

    @property
    def path(self):
        """Where the layer was built: its name under those of the layers/models whose call
        built it (``"sequential/dense"``); the prefix of its weights' paths."""
        return getattr(self, "_built_path", None) or self._name

    @property
    def dtype(self):
        return self._dtype

    @property
    def compute_dtype(self):
        return self._dtype

    @property
    def variable_dtype(self):
        return self._dtype

    @property
    def dtype_policy(self):
        return _DTypePolicy(self._dtype)

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        value = bool(value)
        object.__setattr__(self, "_trainable", value)
        for layer in self._layers:
            layer.trainable = value

    # -- tracking --------------------------------------------------------------------------
    def __setattr__(self, name, value):
        if name != "_layers" and "_layers" in self.__dict__ and not name.startswith("__"):
            for layer in _flatten(value) if isinstance(value, (list, tuple, dict)) else [value]:
                if isinstance(layer, Layer) and layer is not self and \
                        layer not in self._layers:
                    self._layers.append(layer)
        object.__setattr__(self, name, value)

    def _flatten_layers(self, include_self=True, recursive=True):
        out = [self] if include_self else []
        seen = {id(self)}
        stack = list(self._layers)
        while stack:
            layer = stack.pop(0)
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            out.append(layer)
            if recursive:
                stack = list(layer._layers) + stack
        return out

    # -- weights ---------------------------------------------------------------------------
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True,
                   autocast=True, regularizer=None, constraint=None, aggregation="none",
                   overwrite_with_gradient=False, name=None, **kwargs):
        """Creates a weight of this layer (``"<layer>/<name>"``) and tracks it.

        Args:
            shape: tuple of ints. initializer: name, instance or callable (default
                ``"glorot_uniform"`` for floats, ``"zeros"`` otherwise).
            dtype: default the layer's dtype. trainable: updated by ``fit``.
            regularizer: penalty added to the layer's losses. constraint: applied after
                each optimizer step. name: the short name (``"kernel"``).

        Returns:
            A ``keras.Variable``.
        """
        if isinstance(shape, str):  # Keras 2: add_weight(name, shape, ...)
            shape, name = initializer if initializer is not None else kwargs.pop("shape"), \
                shape
            initializer = kwargs.pop("initializer", None)
        shape = () if shape is None else tuple(int(d) for d in shape)
        dtype = backend.standardize_dtype(dtype or self._dtype)
        if initializer is None:
            initializer = "glorot_uniform" if _dt.as_dtype(dtype).is_floating else "zeros"
        init = _initializers.get(initializer)
        if name is None:
            name = f"variable_{len(self._own_weights())}"
        var = backend.Variable(init, shape=shape, dtype=dtype, trainable=trainable, name=name,
                               path=f"{self.path}/{name}", graph_name=f"{self._name}/{name}",
                               regularizer=_regularizers.get(regularizer),
                               constraint=_constraints.get(constraint))
        if trainable:
            self._trainable_variables.append(var)
        else:
            self._non_trainable_variables.append(var)
        return var

    def _own_weights(self):
        return self._trainable_variables + self._non_trainable_variables

    @property
    def weights(self):
        """All weights: this layer's (trainable first), then its sublayers'."""
        out, seen = [], set()
        for layer in self._flatten_layers():
            for w in layer._own_weights():
                if id(w) not in seen:
                    seen.add(id(w))
                    out.append(w)
        return out

    variables = weights

    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        out, seen = [], set()
        for w in self._trainable_variables:
            if w.trainable and id(w) not in seen:
                seen.add(id(w))
                out.append(w)
        for layer in self._layers:
            for w in layer.trainable_weights:
                if id(w) not in seen:
                    seen.add(id(w))
                    out.append(w)
        return out

    trainable_variables = trainable_weights

    @property
    def non_trainable_weights(self):
        trainable = {id(w) for w in self.trainable_weights}
        return [w for w in self.weights if id(w) not in trainable]

    non_trainable_variables = non_trainable_weights

    def get_weights(self):
        """The values of ``weights``, as NumPy arrays, in order."""
        return backend.batch_get_value(self.weights)

    def set_weights(self, weights):
        """Sets ``weights`` from a list of arrays of matching shapes.

        Raises:
            ValueError: on a count or shape mismatch.
        """
        params = self.weights
        if len(params) != len(weights):
            raise ValueError(f"You called `set_weights(weights)` on layer \"{self.name}\" with "
                             f"a weight list of length {len(weights)}, but the layer was "
                             f"expecting {len(params)} weights.")
        for var, value in zip(params, weights):
            value = np.asarray(value)
            if tuple(value.shape) != var.shape:
                raise ValueError(f"Layer {self.name} weight shape {var.shape} is not "
                                 f"compatible with provided weight shape {value.shape}.")
            var.assign(value)

    def count_params(self):
        """Number of scalars in the weights.

        Raises:
            ValueError: if the layer is not built yet.
        """
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on layer '{self.name}', but "
                             "the layer isn't built. You can build it manually via: "
                             f"`layer.build(input_shape)`.")
        return int(sum(int(np.prod(w.shape)) for w in self.weights))

    # -- losses and updates ----------------------------------------------------------------
    def add_loss(self, loss):
        """Adds a loss tensor (made in ``call``) to the losses minimized by ``fit``."""
        self._losses.append(loss)
        backend.add_loss(loss)

    def add_update(self, update):
        """Registers an op (e.g. a moving-average assign) that ``fit`` runs each step."""
        backend.add_update(update)

    def _weight_regularization_losses(self):
        eager = _context.executing_eagerly()
        out = []
        for layer in self._flatten_layers():
            for w in layer._own_weights():
                if w.regularizer is None:
                    continue
                if eager:  # the current weights' penalty, now (a tape sees the read)
                    out.append(w.regularizer(w.value))
                    continue
                cached = layer._weight_losses.get(id(w))
                if cached is None:
                    with w.graph.as_default(), w.graph.name_scope(None):
                        with w.graph.name_scope(w.path.replace("/", "_") + "_regularizer"):
                            cached = w.regularizer(w.value)
                    layer._weight_losses[id(w)] = cached
                out.append(cached)
        return out

    @property
    def losses(self):
        """Weight regularization penalties plus the losses added by the last call."""
        out = []
        for layer in self._flatten_layers():    # added losses first, as Keras 3 lists them
            out.extend(layer._losses)
        return out + self._weight_regularization_losses()

    # -- building --------------------------------------------------------------------------
    def build(self, input_shape):
        """Creates the weights for inputs of ``input_shape`` (override this)."""
        self.built = True

    def _maybe_build(self, inputs):
        if self.built and not getattr(self, "_first_build_pending", False):
            return
        self._first_build_pending = False
        shapes = _map(lambda t: _shape_of(t) if isinstance(t, _g.Tensor) else None, inputs)
        self._build_shapes = shapes
        self._built_path = "/".join(backend.current_path_scopes() + [self._name])
        graph = _first_graph(inputs)
        with graph.as_default() if graph is not None else _null():
            with _g.get_default_graph().control_dependencies(None):
                self.build(shapes)
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def build_from_config(self, config):
        shape = config.get("input_shape")
        if shape is not None and not self.built:
            self.build(_to_tuples(shape))
            self.built = True

    def get_build_config(self):
        if type(self)._built_at_init:
            return None
        if self._build_shapes is not None:
            return {"input_shape": self._build_shapes}
        return None

    def compute_output_shape(self, input_shape):
        """The output shape for ``input_shape`` (by building the call on placeholders)."""
        graph = _g.get_default_graph()
        with graph.as_default():
            inputs = _map_shapes(lambda s: placeholder(self._dtype, s), input_shape)
            with backend.model_internal():
                out = self(inputs)
        return _map(lambda t: _shape_of(t), out)

    def compute_output_spec(self, *args, **kwargs):
        return self(*args, **kwargs)

    @property
    def input_shape(self):
        if self._inbound_nodes:
            shapes = [_shape_of(t) for t in self._inbound_nodes[0].input_tensors]
            return shapes[0] if len(shapes) == 1 else shapes
        if self._build_shapes is not None:
            return self._build_shapes
        if self._batch_input_shape is not None:
            return self._batch_input_shape
        raise AttributeError(f"The layer {self.name} has never been called and thus has no "
                             "defined input shape.")

    @property
    def output_shape(self):
        if self._output_shape is not None:
            return self._output_shape
        raise AttributeError(f"The layer {self.name} has never been called and thus has no "
                             "defined output shape.")

    @property
    def input(self):
        if not self._inbound_nodes:
            raise AttributeError(f"Layer {self.name} is not connected, no input to return.")
        ts = self._inbound_nodes[0].input_tensors
        return ts[0] if len(ts) == 1 else ts

    @property
    def output(self):
        if not self._inbound_nodes:
            raise AttributeError(f"The layer {self.name} has never been called and thus has "
                                 "no defined output.")  # Keras 3's words
        return self._inbound_nodes[0].outputs

    # -- calling ---------------------------------------------------------------------------
    def call(self, inputs, *args, **kwargs):
        return inputs

    def compute_mask(self, inputs, previous_mask):
        """The mask of the outputs (Keras 3's masking): by default the mask of the inputs,
        passed on unchanged. Used only when ``supports_masking`` is true."""
        return previous_mask

    def _set_output_masks(self, inputs, outputs, previous_mask):
        """Attaches ``compute_mask``'s masks to outputs that carry none yet."""
        flat_outputs = [t for t in _flatten(outputs) if isinstance(t, _g.Tensor)]
        if not flat_outputs or all(getattr(t, "_keras_mask", None) is not None
                                   for t in flat_outputs):
            return
        masks = self.compute_mask(inputs, previous_mask)
        if masks is None:
            return
        for t, m in zip(flat_outputs, _flatten(masks)):
            if m is not None and getattr(t, "_keras_mask", None) is None:
                t._keras_mask = m

    def __call__(self, *args, **kwargs):
        if not args:
            if "inputs" not in kwargs:
                raise TypeError(f"Layer {self.name} was called without inputs.")
            args = (kwargs.pop("inputs"),)
        inputs = args[0]
        flat = _flatten(inputs)
        # a Keras model inside a tw.function: the function traces into its graph instead
        _fallback_if_tracing(f"Keras layer {self.name}", keras=True, graph=self._graph())
        if flat and _tape._recording and _context.executing_eagerly() and all(
                type(t) is EagerTensor or t is None or _is_array_like(t) for t in flat):
            # a GradientTape records: op by op, so that it sees the weights' use
            return self._call_eagerly(*args, **kwargs)
        if flat and (_context.executing_eagerly() or any(
                type(t) is EagerTensor for t in flat)) and all(
                type(t) is EagerTensor or t is None or _is_array_like(t) for t in flat):
            # eager values (or arrays in TF 2 code) in: computed now, as on arrays, and
            # eager values out (Keras 3 on TensorFlow returns tensors)
            args = (_map(lambda t: t.numpy() if type(t) is EagerTensor else t, inputs),) + \
                args[1:]
            return _map(lambda v: v if v is None else EagerTensor(np.asarray(v)),
                        self._call_on_arrays(*args, **kwargs))
        if flat and not any(isinstance(t, _g.Tensor) or hasattr(t, "_as_tensor")
                            for t in flat) and all(_is_array_like(t) or t is None
                                                   for t in flat):
            return self._call_on_arrays(*args, **kwargs)
        inputs = _map(lambda t: convert_to_tensor(t) if t is not None and not
                      isinstance(t, _g.Tensor) else t, inputs)
        args = (inputs,) + args[1:]
        training = self._take_training(kwargs)
        # Keras 3 masking: an explicit ``mask`` or else the masks carried by the inputs
        # (``_keras_mask``) go to ``call`` when it takes a ``mask``
        explicit_mask = kwargs.pop("mask", None)
        mask = explicit_mask if explicit_mask is not None else _input_masks(inputs)
        if self._call_has_mask and mask is not None:
            kwargs["mask"] = mask
        graph = _first_graph(inputs) or _g.get_default_graph()
        record = backend.recording_nodes() and any(
            getattr(t, "_keras_history", None) is not None for t in _flatten(inputs))
        if _CALL_DEPTH[0] == 0:
            # as Keras 3: an outermost call starts afresh, so ``losses`` holds the losses
            # added (activity regularizers, add_loss) by the latest call only
            for layer in self._flatten_layers():
                layer._losses = []
        _CALL_DEPTH[0] += 1
        try:
            with graph.as_default():
                self._maybe_build(inputs)
                _check_input_spec(self, self.input_spec, inputs)
                with graph.name_scope(self.name), backend.training_scope(training):
                    with backend.model_internal(), backend.path_scope(self._name), \
                            _g.tf2_function_body():
                        # nested calls record no nodes; layers they build are under our path
                        outputs = self.call(*args, **kwargs)
                        if self.activity_regularizer is not None:
                            for t in _flatten(outputs):
                                if isinstance(t, _g.Tensor):
                                    self.add_loss(_activity_penalty(
                                        self.activity_regularizer, t))
        finally:
            _CALL_DEPTH[0] -= 1
        if record and _CALL_DEPTH[0] == 0:
            # building a functional graph on symbolic inputs keeps no losses (Keras 3)
            for layer in self._flatten_layers():
                layer._losses = []
        if record:
            # a layer that hands back an input unchanged (Dropout or an activation at
            # inference, ...) still needs an output tensor of its own to carry its node
            in_ids = {id(t) for t in _flatten(inputs)}
            if any(id(t) in in_ids for t in _flatten(outputs)):
                with graph.as_default(), graph.name_scope(self.name):
                    outputs = _map(lambda t: _math.identity(t) if id(t) in in_ids else t,
                                   outputs)
        with graph.as_default():
            if self.supports_masking:
                self._set_output_masks(inputs, outputs, mask)
            elif mask is not None and not self._is_model():
                warnings.warn(f"Layer '{self.name}' ({type(self).__name__}) got an input "
                              "with a mask but does not support masking: its outputs carry "
                              "no mask, so the layers after it will not see one.",
                              stacklevel=2)
        if not backend.in_batch_specific():
            self._output_shape = _output_shape_of(outputs)
        if record:
            if explicit_mask is None:      # a mask read from the inputs is not an argument
                kwargs.pop("mask", None)
            self._record_node(args, kwargs, outputs)
        return outputs

    def _is_model(self):
        return False

    def _record_node(self, args, kwargs, outputs):
        kwargs = {k: v for k, v in kwargs.items() if k != "training"}
        node = Node(self, args, kwargs, outputs)
        index = len(self._inbound_nodes)
        self._inbound_nodes.append(node)
        for parent in node.parent_nodes:
            parent.operation._outbound_nodes.append(node)
        for i, t in enumerate(node.output_tensors):
            t._keras_history = KerasHistory(self, index, i)

    def _take_training(self, kwargs):
        """The call's ``training`` (default: the enclosing scope's), handed on to ``call``
        in ``kwargs`` when it takes one."""
        training = kwargs.pop("training", None)
        if training is None:
            training = backend.current_training()
        if self._call_has_training:
            kwargs["training"] = training
        return training

    def _call_eagerly(self, *args, **kwargs):
        """Runs ``call`` op by op on eager tensors (a GradientTape records it: TF 2's custom
        training loop); the weights are built in the layer's graph and read eagerly."""
        inputs = _map(lambda t: t if t is None or type(t) is EagerTensor else
                      EagerTensor(np.asarray(t)), args[0])
        args = (inputs,) + args[1:]
        training = self._take_training(kwargs)
        graph = self._graph() or _g.get_default_graph()
        with graph.as_default():
            self._maybe_build(inputs)
        _check_input_spec(self, self.input_spec, inputs)
        with _context.eager_mode(), backend.training_scope(training), \
                backend.model_internal(), backend.path_scope(self._name):
            outputs = self.call(*args, **kwargs)
        return outputs

    def _call_on_arrays(self, *args, **kwargs):
        """Runs the layer on NumPy values at once (one cached graph per input signature)."""
        training = kwargs.pop("training", None)
        inputs = _map(lambda v: None if v is None else np.asarray(v), args[0])
        flat = [v for v in _flatten(inputs) if v is not None]
        key = (tuple((v.shape[1:], v.dtype.str) for v in flat), bool(training),
               tuple(sorted(kwargs)))
        entry = self._eager_cache.get(key)
        if entry is None:
            graph = self._graph() or _g.get_default_graph()
            with graph.as_default(), backend.capture() as cap, backend.model_internal():
                phs = _map(lambda v: None if v is None else placeholder(
                    _feed_dtype(v), (None,) + v.shape[1:] if v.ndim else ()), inputs)
                out = self(phs, *args[1:], training=training, **kwargs)
            # the layer's own updates (BatchNormalization's moving statistics in training)
            # run with the call, as Keras 3 applies them inside call()
            updates = [u.op if isinstance(u, _g.Tensor) else u for u in cap.updates]
            # the losses this call adds (activity regularizers, add_loss), layer by layer
            added = [(layer, list(layer._losses)) for layer in self._flatten_layers()
                     if layer._losses]
            entry = (graph, [p for p in _flatten(phs) if p is not None], out, updates, added)
            self._eager_cache[key] = entry
        graph, phs, out, updates, added = entry
        feed = {p: np.asarray(v, dtype=p.dtype.as_numpy_dtype) for p, v in zip(phs, flat)}
        loss_tensors = [t for _, ts in added for t in ts]
        fetched = backend.get_session(graph).run([out, loss_tensors, updates], feed)
        # as after a Keras 3 eager call, ``losses`` holds this call's values
        for layer in self._flatten_layers():
            layer._losses = []
        values = iter(fetched[1])
        for layer, ts in added:
            layer._losses = [next(values) for _ in ts]
        return fetched[0]

    def _graph(self):
        for w in self.weights:
            return w.graph
        return None

    # -- config ----------------------------------------------------------------------------
    def get_config(self):
        """The constructor arguments as a dict (``from_config`` rebuilds the layer).

        As in Keras 3, ``dtype`` is a serialized ``DTypePolicy`` (the constructor takes that
        dict or a plain dtype name), ``activity_regularizer`` appears only when set, and an
        ``input_shape`` given to the layer is not part of it (a ``Sequential`` records it as
        its ``InputLayer``); ``from_config`` still takes the ``batch_input_shape`` of older
        configs.
        """
        config = {"name": self.name, "trainable": self.trainable,
                  "dtype": dtype_policy_config(self._dtype)}
        if self.activity_regularizer is not None:
            config["activity_regularizer"] = _regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "batch_input_shape" in config and config["batch_input_shape"] is not None:
            config["batch_input_shape"] = tuple(config["batch_input_shape"])
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def dtype_policy_config(dtype):
    """Keras 3's serialized ``DTypePolicy`` for a dtype name (how layer configs hold
    ``dtype``)."""
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": str(dtype)},
            "registered_name": None}


class _DTypePolicy:
    def __init__(self, name):
        self.name = name
        self.compute_dtype = name
        self.variable_dtype = name

    def __repr__(self):
        return f'<DTypePolicy "{self.name}">'


class _null:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _call_params(layer):
    try:
        return inspect.signature(layer.call).parameters
    except (TypeError, ValueError):
        return {}


def _input_masks(inputs):
    """The ``_keras_mask`` of each input (same structure), or None when none has one."""
    masks = _map(lambda t: getattr(t, "_keras_mask", None), inputs)
    return masks if any(m is not None for m in _flatten(masks)) else None


def _first_graph(inputs):
    for t in _flatten(inputs):
        if isinstance(t, _g.Tensor) and type(t) is not EagerTensor:
            return t.graph
    return None


def _map_shapes(fn, shape):
    """Applies ``fn`` to each shape of a (possibly nested) shape structure."""
    if isinstance(shape, (list, tuple)) and shape and all(
            isinstance(s, (list, tuple)) or s is None for s in shape) and \
            any(isinstance(s, (list, tuple)) for s in shape):
        return [None if s is None else _map_shapes(fn, s) for s in shape]
    if isinstance(shape, dict):
        return {k: _map_shapes(fn, v) for k, v in shape.items()}
    return fn(tuple(shape))


def _to_tuples(shape):
    if isinstance(shape, list) and shape and isinstance(shape[0], (list, tuple)):
        return [tuple(s) for s in shape]
    return tuple(shape) if isinstance(shape, list) else shape


def _output_shape_of(outputs):
    shapes = [_shape_of(t) for t in _flatten(outputs) if isinstance(t, _g.Tensor)]
    if not shapes:
        return None
    return shapes[0] if len(shapes) == 1 and isinstance(outputs, _g.Tensor) else shapes


def _feed_dtype(value):
    if value.dtype.kind == "f":
        return backend.floatx() if value.dtype == np.float64 else value.dtype.name
    if value.dtype.kind in "iu":
        return value.dtype.name
    if value.dtype.kind == "b":
        return "bool"
    return backend.floatx()


def _activity_penalty(regularizer, t):
    from ...ops import math as _m
    from ...ops.shape import shape as _shape
    from ...ops.math import cast
    penalty = regularizer(t)
    batch = cast(_shape(t)[0], penalty.dtype)
    return _m.divide(penalty, batch)


def serialize_layer(layer):
    """Keras 3's form: module, class_name, config, registered_name (+ build_config)."""
    out = _serialization.serialize(layer, "keras.layers")
    if layer._is_model():
        from ..saving import _keras_module
        out["module"] = _keras_module(layer)       # "keras" for Sequential, as Keras writes
    build = layer.get_build_config() if hasattr(layer, "get_build_config") else None
    if build is not None:
        out["build_config"] = build
    return out


def warn_renamed(old, new, owner):
    warnings.warn(f"`{old}` is deprecated in {owner}; use `{new}` instead.",
                  DeprecationWarning, stacklevel=3)
