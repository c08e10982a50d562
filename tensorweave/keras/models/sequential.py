"""``keras.Sequential``: a plain stack of layers, each feeding the next.

The input shape comes from a first ``keras.Input``/``InputLayer``, from ``input_shape`` (or
Keras 1's ``input_dim``) on the first layer, or from the first data the model sees. Once it
is known the model is built at once, so ``summary()`` shows every output shape.
"""

from ... import graph as _g
from .. import backend
from ..layers.input_layer import InputLayer
from ..layers.layer import Layer
from .model import Model

__all__ = ["Sequential"]


class Sequential(Model):
    """A stack of layers.

    Args:
        layers: a list of layers to add.
        name: default ``"sequential"`` (made unique).

    Example:
        >>> model = keras.Sequential()
        >>> model.add(keras.layers.Dense(512, activation="relu", input_shape=(784,)))
        >>> model.add(keras.layers.Dense(10, activation="softmax"))
    """

    def __init__(self, layers=None, trainable=True, name=None):
        Layer.__init__(self, trainable=trainable,
                       name=name or backend.unique_name("sequential"))
        self._init_trainer()
        self._input_layer = None
        self._stack = []
        self._nodes_recorded = False
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_build_now()

    # -- layers ------------------------------------------------------------------------------
    def add(self, layer, rebuild=True):
        """Appends ``layer`` (a ``keras.Input`` tensor sets the input shape).

        Raises:
            ValueError: for something that is not a layer, or a duplicate layer name.
        """
        if isinstance(layer, _g.Tensor) and getattr(layer, "_keras_history", None):
            layer = layer._keras_history.operation
        if not isinstance(layer, Layer):
            raise ValueError("Only instances of `keras.Layer` can be added to a Sequential "
                             f"model. Received: {layer} (of type {type(layer)})")
        if isinstance(layer, InputLayer):
            if self._input_layer is not None or self._stack:
                raise ValueError("Sequential model already has an input / layers; an "
                                 "InputLayer must come first.")
            self._input_layer = layer
            self._layers.append(layer)
            return
        names = {lay.name for lay in self._stack}
        if layer.name in names:
            raise ValueError(f"All layers added to a Sequential model should have unique "
                             f"names. Name '{layer.name}' is already the name of a layer in "
                             "this model. Update the `name` argument to pass a unique name.")
        if not self._stack and self._input_layer is None and \
                layer._batch_input_shape is not None:
            self._input_layer = InputLayer(batch_shape=layer._batch_input_shape,
                                           dtype=layer.dtype)
            self._layers.append(self._input_layer)
        self._stack.append(layer)
        if layer not in self._layers:
            self._layers.append(layer)
        self.built = False
        self._steps = {}
        if rebuild:
            self._maybe_build_now()

    def pop(self):
        """Removes the last layer."""
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        layer = self._stack.pop()
        self._layers.remove(layer)
        self.built = False
        self._steps = {}
        self._maybe_build_now()
        return layer

    @property
    def layers(self):
        """The layers, without the input layer."""
        return list(self._stack)

    def _maybe_build_now(self):
        if self._input_layer is not None and self._stack:
            self._build_graph(self._input_layer.output)

    @staticmethod
    def _take_functional_name():
        # Keras builds a Sequential as an inner Functional model, which takes the next
        # default "functional" name: a keras.Model made afterwards is "functional_1".
        backend.unique_name("functional")

    def _build_graph(self, x):
        graph = x.graph
        if getattr(self, "_built_path", None) is None:
            self._built_path = "/".join(backend.current_path_scopes() + [self.name])
        # Keras 3 builds a Sequential with a known input as a functional model: each layer
        # records a node, so ``layer.output`` / ``layer.input`` exist (a feature extractor
        # ``Model(model.inputs, [l.output for l in model.layers])`` works).
        with graph.as_default(), backend.recording_scope(
                getattr(x, "_keras_history", None) is not None and not self._nodes_recorded), \
                backend.path_scope(self.name):
            for layer in self._stack:
                x = layer(x)
        self._nodes_recorded = True
        self.built = True
        self._take_functional_name()
        self._build_shapes = self._input_layer.batch_shape if self._input_layer else None

    def build(self, input_shape=None):
        """Builds the model for inputs of ``input_shape`` (batch dimension included)."""
        if input_shape is None:
            if self._input_layer is None:
                raise ValueError("You must provide an `input_shape` argument.")
        elif self._input_layer is None:
            self._input_layer = InputLayer(batch_shape=tuple(input_shape))
            self._layers.insert(0, self._input_layer)
        self._maybe_build_now()

    def _declared_inputs(self):
        if self._input_layer is not None:
            return [self._input_layer.output]
        return None

    def _ensure_inputs(self, xs):
        phs = super()._ensure_inputs(xs)
        if not self.built and self._stack:
            graph = phs[0].graph
            with graph.as_default(), backend.model_internal(), backend.path_scope(self.name):
                x = phs[0]
                for layer in self._stack:
                    x = layer(x)
            self.built = True
            self._take_functional_name()
        return phs

    def call(self, inputs, training=None, mask=None):
        if mask is not None and isinstance(inputs, _g.Tensor):
            inputs._keras_mask = mask      # passed on by the layers, as in Keras 3
        x = inputs
        for layer in self._stack:
            x = layer(x, training=training)
        return x

    @property
    def input_names(self):
        if self._input_layer is not None:
            return [self._input_layer.name]
        return None

    @property
    def output_names(self):
        return [self._stack[-1].name] if self._stack else None

    @property
    def inputs(self):
        return [self._input_layer.output] if self._input_layer is not None else None

    @property
    def outputs(self):
        """The last layer's symbolic output, in a list (``keras.Model(m.inputs,
        m.outputs)``); AttributeError before the model has an input, as in Keras 3."""
        if self._input_layer is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined outputs "
                                 "yet.")
        if not self._stack:
            return self.inputs
        return [self._stack[-1].output]

    @property
    def input(self):
        if self._input_layer is None:
            return super().input  # (Keras 3's error: never called)
        return self.inputs[0]

    @property
    def output(self):
        if self._input_layer is None:
            return super().output
        return self.outputs[0]

    @property
    def input_shape(self):
        if self._input_layer is not None:
            return self._input_layer.batch_shape
        return super().input_shape

    @property
    def output_shape(self):
        if self._stack and self._stack[-1]._output_shape is not None:
            return self._stack[-1]._output_shape
        raise AttributeError(f"Sequential model '{self.name}' has no defined output shape "
                             "yet.")

    # -- config -------------------------------------------------------------------------------
    def get_config(self):
        from ..layers.layer import dtype_policy_config, serialize_layer
        layers = []
        if self._input_layer is not None:
            layers.append(serialize_layer(self._input_layer))
        layers.extend(serialize_layer(layer) for layer in self._stack)
        config = {"name": self.name, "trainable": self.trainable,
                  "dtype": dtype_policy_config(self.dtype),
                  "layers": layers}
        if self._input_layer is not None:
            config["build_input_shape"] = self._input_layer.batch_shape
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ..layers import deserialize
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for cfg in config["layers"]:
            model.add(deserialize(cfg, custom_objects=custom_objects), rebuild=False)
        shape = config.get("build_input_shape")
        if shape is not None and model._input_layer is None:
            model.build(tuple(shape))
        model._maybe_build_now()
        return model
