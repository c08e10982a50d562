"""``keras.Model``: a layer with training (``compile``/``fit`` …), ``summary`` and saving.

``keras.Model(inputs, outputs)`` makes a functional model; subclass ``Model`` and define
``call`` for a model of your own::

    class MLP(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = keras.layers.Dense(64, activation="relu")
            self.out = keras.layers.Dense(10)

        def call(self, x, training=None):
            return self.out(self.hidden(x))
"""

import json

from ..layers.layer import Layer
from ..trainers.trainer import Trainer
from . import summary as _summary

__all__ = ["Model"]


class Model(Trainer, Layer):
    """A model: layers plus training. See the module docstring."""

    def __new__(cls, *args, **kwargs):
        if cls is Model and (len(args) >= 2 or "inputs" in kwargs or
                             (len(args) == 1 and "outputs" in kwargs)):
            from .functional import Functional
            return Functional.__new__(Functional)
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        if args or "inputs" in kwargs:
            raise TypeError("Model(inputs, outputs) builds a functional model; subclasses of "
                            "Model call super().__init__() without them.")
        trainable = kwargs.pop("trainable", True)
        name = kwargs.pop("name", None)
        dtype = kwargs.pop("dtype", None)
        Layer.__init__(self, trainable=trainable, name=name, dtype=dtype, **kwargs)
        self._init_trainer()

    def _is_model(self):
        return True

    @property
    def layers(self):
        """The layers of the model (tracked attributes, in assignment order)."""
        return list(self._layers)

    def get_layer(self, name=None, index=None):
        """A layer by ``name`` or by ``index`` (into ``layers``).

        Raises:
            ValueError: if there is no such layer.
        """
        if index is not None and name is not None:
            raise ValueError("Provide only a layer name or a layer index. Received: "
                             f"index={index}, name={name}.")
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(f"Was asked to retrieve layer at index {index} but model "
                                 f"only has {len(self.layers)} layers.")
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError(f"No such layer: {name}. Existing layers are: "
                             f"{[layer.name for layer in self.layers]}.")
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        """Prints the table of layers (Layer (type), Output Shape, Param #) and the
        parameter counts, as Keras 3 does; a ``print_fn`` is called once with the whole
        rendered text (ending in a newline)."""
        _summary.print_summary(self, line_length=line_length, positions=positions,
                               print_fn=print_fn, expand_nested=expand_nested,
                               show_trainable=show_trainable, layer_range=layer_range)

    # -- saving (``tensorweave.keras.saving``) -------------------------------------------------
    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Saves the model (architecture, weights, optimizer) to a ``.keras`` file."""
        from .. import saving
        return saving.save_model(self, filepath, overwrite=overwrite)

    def save_weights(self, filepath, overwrite=True, **kwargs):
        """Saves the weights to a ``.weights.h5`` file."""
        from .. import saving
        return saving.save_weights(self, filepath, overwrite=overwrite)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Loads weights saved by ``save_weights`` (or Keras 3)."""
        from .. import saving
        return saving.load_weights(self, filepath, skip_mismatch=skip_mismatch)

    def to_json(self, **kwargs):
        """The model's serialized config as JSON, as Keras 3 writes it: module, class_name,
        config, registered_name, build_config and compile_config (``{}`` before
        ``compile``)."""
        from ..saving import serialize_keras_object
        return json.dumps(serialize_keras_object(self), default=_json_default, **kwargs)

    def get_config(self):
        return {"name": self.name, "trainable": self.trainable}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        if "layers" in config and "input_layers" in config:
            from .functional import Functional
            return Functional.from_config(config, custom_objects=custom_objects)
        return cls(**{k: v for k, v in config.items() if k in ("name", "trainable")})

    def _maybe_build(self, inputs):
        # a model's layers build themselves during its call; a subclass's own ``build``
        # (making weights of the model itself) runs first
        if not self.built:
            from ..layers.layer import _map
            from ... import graph as _g
            shapes = _map(lambda t: t.shape.as_tuple() if isinstance(t, _g.Tensor) else None,
                          inputs)
            self._build_shapes = shapes
            if not type(self).build.__module__.startswith("tensorweave.keras.models"):
                with _g.get_default_graph().control_dependencies(None):
                    self.build(shapes)
            self.built = True

    def build(self, input_shape):
        """Builds the model by calling it on placeholders of ``input_shape`` (batch
        dimension included; a list of shapes for several inputs)."""
        if self.built and self._data_inputs is not None:
            return
        from ...ops.state import placeholder
        from .. import backend
        graph = self._model_graph()
        shapes = input_shape if isinstance(input_shape, list) and input_shape and \
            isinstance(input_shape[0], (list, tuple)) else [input_shape]
        with graph.as_default():
            if self._data_inputs is None:
                self._data_inputs = [placeholder(self.dtype, tuple(s)) for s in shapes]
            with backend.model_internal():
                self(self._call_structure(self._data_inputs))
        self._build_shapes = input_shape


def _json_default(value):
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"Not JSON serializable: {value!r}")
