"""Regularization layers of Keras 3 besides ``Dropout``: ``SpatialDropout1D/2D`` (whole
feature maps dropped), ``GaussianNoise`` (additive), ``GaussianDropout`` (multiplicative)
and ``ActivityRegularization`` (a penalty on the layer's input added to the losses). The
noise layers are the identity at inference, as in Keras.

Example:
    >>> x = keras.layers.SpatialDropout2D(0.2)(x)     # after a Conv2D
    >>> x = keras.layers.GaussianNoise(0.1)(x)
"""

import math

from ...ops import math as _m
from ...ops import random as _random
from ...ops import shape as _s
from ...ops.creation import constant
from .. import backend
from .. import regularizers as _regularizers
from .core import Dropout
from .layer import InputSpec, Layer

__all__ = ["SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
           "ActivityRegularization"]


class SpatialDropout1D(Dropout):
    """Dropout of whole channels of a (batch, steps, channels) input: one draw per sample
    and channel, shared by every step."""

    def __init__(self, rate, seed=None, name=None, dtype=None, **kwargs):
        super().__init__(rate=rate, seed=seed, name=name, dtype=dtype, **kwargs)
        self.noise_shape = (None, 1, None)  # Dropout's mask: one draw per sample and channel
        self.input_spec = InputSpec(ndim=3)

    def get_config(self):
        config = super().get_config()
        config.pop("noise_shape", None)
        return config


class SpatialDropout2D(Dropout):
    """Dropout of whole feature maps of an image batch: one draw per sample and channel."""

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None, **kwargs):
        super().__init__(rate=rate, seed=seed, name=name, dtype=dtype, **kwargs)
        self.data_format = data_format or backend.image_data_format()
        self.noise_shape = (None, 1, 1, None)  # (read through _noise_shape below)
        self.input_spec = InputSpec(ndim=4)

    def _noise_shape(self, inputs):
        dyn = _s.shape(inputs)
        one = constant(1)
        if self.data_format == "channels_first":
            return _s.stack([dyn[0], dyn[1], one, one])
        return _s.stack([dyn[0], one, one, dyn[3]])

    def get_config(self):
        config = super().get_config()
        config.pop("noise_shape", None)
        config["data_format"] = self.data_format
        return config


class GaussianNoise(Layer):
    """Adds zero-mean normal noise of ``stddev`` in training; the identity at inference."""
    _built_at_init = True

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= stddev <= 1:
            raise ValueError(f"Invalid value received for argument `stddev`. Expected a float "
                             f"value between 0 and 1. Received: stddev={stddev}")
        self.stddev, self.seed = stddev, seed
        self.supports_masking = True

    def call(self, inputs, training=False):
        if not training or self.stddev == 0:
            return inputs
        noise = _random.random_normal(_s.shape(inputs), 0.0, self.stddev, dtype=inputs.dtype,
                                      seed=backend.next_op_seed(self.seed))
        return _m.add(inputs, noise)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(stddev=self.stddev, seed=self.seed)
        return config


class GaussianDropout(Layer):
    """Multiplies by normal noise of mean 1 and standard deviation
    ``sqrt(rate / (1 - rate))`` in training; the identity at inference."""
    _built_at_init = True

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(f"Invalid value received for argument `rate`. Expected a float "
                             f"value between 0 and 1. Received: rate={rate}")
        self.rate, self.seed = rate, seed
        self.supports_masking = True

    def call(self, inputs, training=False):
        if not training or not 0 < self.rate < 1:
            return inputs
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        noise = _random.random_normal(_s.shape(inputs), 1.0, stddev, dtype=inputs.dtype,
                                      seed=backend.next_op_seed(self.seed))
        return _m.multiply(inputs, noise)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(rate=self.rate, seed=self.seed)
        return config


class ActivityRegularization(Layer):
    """The identity, adding ``l1 * sum(|x|) + l2 * sum(x ** 2)`` of its input to the
    model's losses."""
    _built_at_init = True

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(activity_regularizer=_regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.l1, self.l2 = l1, l2
        self.supports_masking = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.pop("activity_regularizer", None)
        config.update(l1=self.l1, l2=self.l2)
        return config
