"""``keras.Input`` and ``InputLayer``: the symbolic entry points of a functional model.

``keras.Input(shape=(784,))`` makes a placeholder of shape ``(None, 784)`` in the default
graph; layers called on it build the model's graph.
"""

from ... import graph as _g
from ...ops.state import placeholder
from .layer import Layer, Node, KerasHistory

__all__ = ["InputLayer", "Input"]


class InputLayer(Layer):
    """The layer behind ``keras.Input``: holds the input placeholder.

    Args:
        shape: the shape without the batch dimension (``(784,)``).
        batch_size: a fixed batch size (default: any).
        dtype: default ``"float32"``.
        batch_shape: the full shape, batch dimension included (instead of ``shape``).
        input_tensor: an existing tensor to use as the input.
        optional: whether the input may be None (kept in the config, as Keras does).
        name: default ``"input_layer"`` (made unique).
        ragged: Keras's ragged inputs; only False is supported.
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None,
                 batch_shape=None, input_tensor=None, optional=False, name=None, ragged=False,
                 **kwargs):
        if ragged:
            raise NotImplementedError("InputLayer: ragged inputs are not supported.")
        if "input_shape" in kwargs:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name, dtype=dtype, **kwargs)
        if shape is not None and batch_shape is not None:
            raise ValueError("You cannot pass both `shape` and `batch_shape` at the same "
                             "time.")
        if input_tensor is not None:
            batch_shape = input_tensor.shape.as_tuple()
            tensor = input_tensor
        else:
            if batch_shape is None:
                if shape is None:
                    raise ValueError("You must pass a `shape` argument.")
                shape = (shape,) if isinstance(shape, int) else tuple(shape)
                batch_shape = (batch_size,) + shape
            batch_shape = tuple(None if d is None else int(d) for d in batch_shape)
            tensor = placeholder(self._dtype, batch_shape, name=self.name)
        self._batch_shape = tuple(batch_shape)
        self.sparse = bool(sparse)
        self.optional = optional
        self.built = True
        node = Node(self, (), {}, tensor)
        self._inbound_nodes.append(node)
        tensor._keras_history = KerasHistory(self, 0, 0)
        self._output = tensor
        self._output_shape = self._batch_shape

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def output(self):
        return self._output

    def call(self, inputs=None):
        return self._output

    def get_config(self):
        return {"batch_shape": self._batch_shape, "dtype": self._dtype,
                "sparse": self.sparse, "ragged": False, "name": self.name,
                "optional": self.optional}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if config.get("batch_shape") is not None:
            config["batch_shape"] = tuple(config["batch_shape"])
        if "batch_input_shape" in config:
            config["batch_shape"] = tuple(config.pop("batch_input_shape"))
        config.pop("trainable", None)
        return cls(**config)


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,  # noqa: N802
          name=None, tensor=None, optional=False):
    """A symbolic input: ``inputs = keras.Input(shape=(784,))``.

    Returns:
        A placeholder tensor of shape ``(batch_size,) + shape`` carrying Keras history, to
        call layers on and to pass to ``keras.Model(inputs, outputs)``.
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                       batch_shape=batch_shape, input_tensor=tensor, optional=optional,
                       name=name)
    return layer.output


def is_input_tensor(t):
    h = getattr(t, "_keras_history", None)
    return isinstance(t, _g.Tensor) and h is not None and isinstance(h.operation, InputLayer)

