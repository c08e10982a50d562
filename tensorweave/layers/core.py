"""Core TF1 layers: ``Dense``/``dense``, ``Dropout``/``dropout``, ``Flatten``/``flatten``."""

import numpy as np

from .. import initializers as _init
from ..ops import nn as _nn
from ..ops.math import matmul, identity
from ..ops.shape import reshape, shape, concat, transpose
from .base import Layer, smart_cond

__all__ = ["Layer", "Dense", "dense", "Dropout", "dropout", "Flatten", "flatten"]


class Dense(Layer):
    """``activation(inputs @ kernel + bias)``; inputs of rank > 2 are multiplied along their
    last dimension.

    Args:
        units: output size. activation: a function (``tf.nn.relu``) or None.
        use_bias: add a bias. kernel_initializer: default Glorot uniform (or the variable
            scope's initializer); bias_initializer: default zeros.
        kernel_regularizer / bias_regularizer / activity_regularizer: optional.
        kernel_constraint / bias_constraint: optional projections after each update.

    Variables: ``<name>/kernel`` of shape ``[in, units]`` and ``<name>/bias``.
    """

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=_init.Zeros(), kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint

    def build(self, input_shape):
        if input_shape.ndims is not None and input_shape.ndims < 2:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: "
                             f"expected min_ndim=2, found ndim={input_shape.ndims}. Full "
                             f"shape received: {input_shape}")
        last = input_shape[-1].value if input_shape.ndims else None
        if last is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. "
                             "Found `None`.")
        self.kernel = self.add_weight("kernel", [last, self.units],
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight("bias", [self.units], initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def call(self, inputs):
        rank = inputs.shape.ndims
        if rank is not None and rank > 2:
            flat = reshape(inputs, [-1, inputs.shape[-1].value])
            out = matmul(flat, self.kernel)
            out = reshape(out, concat([shape(inputs)[:-1], [self.units]], 0))
            out.set_shape(inputs.shape[:-1].concatenate([self.units]))  # e.g. (?, 5, units)
        else:
            out = matmul(inputs, self.kernel)
        if self.use_bias:
            out = _nn.bias_add(out, self.bias)
        if self.activation is not None:
            out = self.activation(out)
        return out

    def compute_output_shape(self, input_shape):
        return input_shape[:-1].concatenate([self.units])


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=_init.Zeros(), kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
          trainable=True, name=None, reuse=None):
    """A fully connected layer: ``activation(inputs @ kernel + bias)``.

    Creates ``<scope>/kernel`` and ``<scope>/bias`` variables (scope ``"dense"``, made unique,
    or ``name``). With ``reuse=True`` an existing scope's variables are used.

    Raises:
        ValueError: when the inputs' last dimension is unknown, or the variables exist and
            ``reuse`` is not set.

    Example:
        >>> h = tf.layers.dense(inputs=x, units=100, activation=tf.nn.relu)
    """
    layer = Dense(units, activation=activation, use_bias=use_bias,
                  kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                  kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                  activity_regularizer=activity_regularizer,
                  kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                  trainable=trainable, name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs)


class Dropout(Layer):
    """Dropout when ``training``: ``tf.nn.dropout(inputs, rate=rate)``; identity otherwise.

    Args:
        rate: the fraction of units to drop (kept ones are scaled by ``1 / (1 - rate)``).
        noise_shape: the mask's shape (None dims take the input's), e.g. ``[batch, 1, 1, c]``.
        seed: op-level seed.

    ``call(inputs, training=False)``: ``training`` is a Python bool or a bool tensor
    (then ``tf.cond`` chooses at run time).
    """

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed

    def _get_noise_shape(self, inputs):
        if self.noise_shape is None:
            return None
        from ..ops.shape import stack
        from ..ops.creation import constant
        dims = shape(inputs)
        return stack([dims[i] if d is None else constant(int(d))
                      for i, d in enumerate(self.noise_shape)])

    def call(self, inputs, training=False):
        def dropped():
            return _nn.dropout(inputs, noise_shape=self._get_noise_shape(inputs),
                               seed=self.seed, rate=self.rate)
        return smart_cond(training, dropped, lambda: identity(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """``tf.layers.dropout``: drops units with probability ``rate`` when ``training``.

    Note the TF1 default ``training=False``: pass ``training=True`` (or a bool placeholder)
    to drop.

    Example:
        >>> h = tf.layers.dropout(h, rate=0.5, training=is_training)
    """
    layer = Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)
    return layer.apply(inputs, training=training)


class Flatten(Layer):
    """Reshapes ``[batch, d1, d2, ...]`` to ``[batch, d1 * d2 * ...]``.

    Args:
        data_format: ``"channels_last"`` (default) or ``"channels_first"`` (the channel axis
            is moved last first, so the flattened order matches channels_last).
    """

    def __init__(self, data_format=None, name=None, **kwargs):
        from .base import normalize_data_format
        super().__init__(name=name, **kwargs)
        self.data_format = normalize_data_format(data_format)

    def call(self, inputs):
        rank = inputs.shape.ndims
        if self.data_format == "channels_first" and rank is not None and rank > 1:
            inputs = transpose(inputs, [0] + list(range(2, rank)) + [1])
        if rank == 1:
            from ..ops.shape import expand_dims
            return expand_dims(inputs, 1)
        rest = inputs.shape[1:]
        if rest.ndims is not None and rest.is_fully_defined():
            out = reshape(inputs, [-1, int(np.prod(rest.as_list(), dtype=np.int64))])
        else:
            batch = inputs.shape[0].value if rank else None
            out = reshape(inputs, [batch if batch else shape(inputs)[0], -1])
        out.set_shape(self.compute_output_shape(inputs.shape))
        return out

    def compute_output_shape(self, input_shape):
        from ..graph import TensorShape
        if input_shape.ndims is None:
            return TensorShape([None, None])
        dims = input_shape.as_list()
        rest = dims[1:]
        flat = None if None in rest else int(np.prod(rest, dtype=np.int64))
        return TensorShape([dims[0], flat])


def flatten(inputs, name=None, data_format="channels_last"):
    """``tf.layers.flatten``: ``[batch, ...]`` → ``[batch, prod(...)]``.

    Example:
        >>> tf.layers.flatten(tf.zeros([4, 8, 8, 16])).shape.as_list()
        [4, 1024]
    """
    return Flatten(data_format=data_format, name=name).apply(inputs)
