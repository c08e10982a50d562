"""Core layers: ``Dense``, ``Activation``, ``Dropout``, ``Flatten``, ``Reshape``, ``Lambda``,
``Embedding``.

Keras 1 spellings (``Dense(output_dim=…, init=…)``, ``Dropout(p=…)``) are accepted with a
DeprecationWarning naming the Keras 3 argument; ``keras.layers.core.Dense`` imports work.
"""

import warnings

import numpy as np

from ... import graph as _g
from ...ops import math as _m
from ...ops import nn as _nn
from ...ops import random as _random
from ...ops import shape as _s
from ...ops.creation import constant
from ...ops.reduce import reduce_any as _reduce_any
from .. import activations as _activations
from .. import constraints as _constraints
from .. import initializers as _initializers
from .. import regularizers as _regularizers
from .. import backend
from .._serialization import deprecated_argument
from .layer import Layer, InputSpec

__all__ = ["Dense", "Activation", "Dropout", "Flatten", "Reshape", "Lambda", "Embedding",
           "ELU", "PReLU", "Rescaling", "Identity", "Masking"]

_KERAS1_DENSE = (("output_dim", "units"), ("init", "kernel_initializer"),
                 ("W_regularizer", "kernel_regularizer"), ("b_regularizer", "bias_regularizer"),
                 ("W_constraint", "kernel_constraint"), ("b_constraint", "bias_constraint"),
                 ("bias", "use_bias"))


def _legacy_input_dim(kwargs, owner):
    if "input_dim" in kwargs:
        warnings.warn(f"`input_dim` is deprecated in {owner}; use `input_shape=("
                      f"{kwargs['input_dim']},)` or a `keras.Input(shape=("
                      f"{kwargs['input_dim']},))` first layer instead.", DeprecationWarning,
                      stacklevel=3)


class Dense(Layer):
    """A densely connected layer: ``activation(inputs @ kernel + bias)``.

    Args:
        units: the output size.
        activation: name or function (default: none, i.e. linear).
        use_bias: add a bias vector.
        kernel_initializer: default ``"glorot_uniform"``; bias_initializer: ``"zeros"``.
        kernel_regularizer, bias_regularizer, activity_regularizer: optional penalties.
        kernel_constraint, bias_constraint: optional projections after each update.

    Inputs of rank > 2 are multiplied along their last axis: ``(batch, t, d)`` →
    ``(batch, t, units)``.

    Example:
        >>> layer = keras.layers.Dense(512, activation="relu", input_shape=(784,))
    """

    def __init__(self, units=None, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None,
                 quantization_config=None, **kwargs):
        if quantization_config is not None:
            raise NotImplementedError("Dense: quantization is not supported; "
                                      "`quantization_config` must be None.")
        given = dict(units=units, kernel_initializer=kernel_initializer,
                     kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                     kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                     use_bias=use_bias)
        defaults = dict(units=None, kernel_initializer="glorot_uniform",
                        kernel_regularizer=None, bias_regularizer=None,
                        kernel_constraint=None, bias_constraint=None, use_bias=True)
        for old, new in _KERAS1_DENSE:
            if old in kwargs:
                if given[new] != defaults[new]:
                    raise TypeError(f"Dense got both `{old}` and its new name `{new}`.")
                holder = {old: kwargs.pop(old)}
                given.update(deprecated_argument(holder, old, new, "Dense"))
        _legacy_input_dim(kwargs, "Dense")
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if given["units"] is None:
            raise TypeError("Dense() missing 1 required argument: 'units'")
        self.units = int(given["units"])
        if self.units <= 0:
            raise ValueError(f"Received an invalid value for `units`, expected a positive "
                             f"integer. Received: units={units}")
        self.activation = _activations.get(activation)
        self.use_bias = bool(given["use_bias"])
        self.kernel_initializer = _initializers.get(given["kernel_initializer"])
        self.bias_initializer = _initializers.get(bias_initializer)
        self.kernel_regularizer = _regularizers.get(given["kernel_regularizer"])
        self.bias_regularizer = _regularizers.get(given["bias_regularizer"])
        self.kernel_constraint = _constraints.get(given["kernel_constraint"])
        self.bias_constraint = _constraints.get(given["bias_constraint"])
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape):
        last = input_shape[-1]
        if last is None:
            raise ValueError("The last dimension of the inputs to a Dense layer should be "
                             f"defined. Found None. Full input shape received: {input_shape}")
        self.kernel = self.add_weight(shape=(last, self.units), name="kernel",
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight(shape=(self.units,), name="bias",
                                    initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last})
        self.built = True

    def call(self, inputs):
        rank = inputs.shape.ndims
        if rank is not None and rank > 2:
            flat = _s.reshape(inputs, [-1, int(inputs.shape[-1])])
            out = _m.matmul(flat, self.kernel.value)
            out = _s.reshape(out, _s.concat([_s.shape(inputs)[:-1], [self.units]], 0))
            out.set_shape(inputs.shape[:-1].concatenate([self.units]))
        else:
            out = _m.matmul(inputs, self.kernel.value)
        if self.use_bias:
            out = _nn.bias_add(out, self.bias.value)
        if self.activation is not None and self.activation is not _activations.linear:
            out = self.activation(out)
        return out

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = super().get_config()
        config.update({
            "units": self.units,
            "activation": _activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": _initializers.serialize(self.kernel_initializer),
            "bias_initializer": _initializers.serialize(self.bias_initializer),
            "kernel_regularizer": _regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": _regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": _constraints.serialize(self.kernel_constraint),
            "bias_constraint": _constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        })
        return config


class Activation(Layer):
    """Applies an activation function: ``Activation("relu")``."""
    _built_at_init = True

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = _activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["activation"] = _activations.serialize(self.activation)
        return config


class ReLU(Layer):
    """``relu`` as a layer: ``max(x, 0)``, capped at ``max_value``, with slope
    ``negative_slope`` below ``threshold``."""
    _built_at_init = True

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        if max_value is not None and max_value < 0:
            raise ValueError(f"max_value of a ReLU layer cannot be a negative value. "
                             f"Received: max_value={max_value}")
        if negative_slope is None or negative_slope < 0:
            raise ValueError(f"negative_slope of a ReLU layer cannot be a negative value. "
                             f"Received: negative_slope={negative_slope}")
        self.supports_masking = True
        self.max_value, self.negative_slope, self.threshold = max_value, negative_slope, \
            threshold

    def call(self, inputs):
        return _activations.relu(inputs, negative_slope=self.negative_slope,
                                 max_value=self.max_value, threshold=self.threshold)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(max_value=self.max_value, negative_slope=self.negative_slope,
                      threshold=self.threshold)
        return config


class LeakyReLU(Layer):
    """``x`` for ``x >= 0``, ``negative_slope * x`` below (Keras 3's default slope: 0.3)."""
    _built_at_init = True

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:  # the Keras 2 name
            negative_slope = kwargs.pop("alpha")
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError("The negative_slope value of a Leaky ReLU layer cannot be None "
                             f"or negative. Received: negative_slope={negative_slope}")
        self.supports_masking = True
        self.negative_slope = negative_slope

    def call(self, inputs):
        return _activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["negative_slope"] = self.negative_slope
        return config


class ELU(Layer):
    """``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` below."""
    _built_at_init = True

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True

    def call(self, inputs):
        return _activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["alpha"] = self.alpha
        return config


class PReLU(Layer):
    """A leaky ReLU whose slopes are weights: ``relu(x) - alpha * relu(-x)``, ``alpha`` of
    the input's shape without the batch (axes in ``shared_axes`` share one slope)."""

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None,
                 alpha_constraint=None, shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = _initializers.get(alpha_initializer)
        self.alpha_regularizer = _regularizers.get(alpha_regularizer)
        self.alpha_constraint = _constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            param_shape[axis - 1] = 1
        self.alpha = self.add_weight(shape=tuple(param_shape), name="alpha",
                                     initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer,
                                     constraint=self.alpha_constraint)
        axes = {i: input_shape[i] for i in range(1, len(input_shape))
                if i not in (self.shared_axes or ())}
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)
        self.built = True

    def call(self, inputs):
        pos = _nn.relu(inputs)
        neg = _m.multiply(_m.negative(self.alpha.value), _nn.relu(_m.negative(inputs)))
        return _m.add(pos, neg)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({
            "alpha_initializer": _initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": _regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": _constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes})
        return config


class Rescaling(Layer):
    """``x * scale + offset`` in the layer's dtype (float32): images from [0, 255] to
    [0, 1] with ``Rescaling(1 / 255)``."""
    _built_at_init = True

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale, self.offset = scale, offset
        self.supports_masking = True

    def call(self, inputs):
        dtype = self.dtype or "float32"
        x = inputs if inputs.dtype.name == dtype else _m.cast(inputs, dtype)
        scale = constant(np.asarray(self.scale, dtype=dtype))
        offset = constant(np.asarray(self.offset, dtype=dtype))
        return _m.add(_m.multiply(x, scale), offset)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(scale=self.scale, offset=self.offset)
        return config


class Masking(Layer):
    """Masks the time steps whose features all equal ``mask_value`` (default 0): later
    layers that support masking (RNNs, pooling, losses) skip them, and their outputs here
    are zeros."""
    _built_at_init = True

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True

    def compute_mask(self, inputs, mask=None):
        if isinstance(inputs, _g.Tensor):
            return _reduce_any(_m.not_equal(inputs, constant(self.mask_value,
                                                               dtype=inputs.dtype)), -1)
        return np.any(np.not_equal(np.asarray(inputs), self.mask_value), axis=-1)

    def call(self, inputs):
        keep = _reduce_any(_m.not_equal(inputs, constant(self.mask_value,
                                                           dtype=inputs.dtype)),
                             -1, keepdims=True)
        return _m.multiply(inputs, _m.cast(keep, inputs.dtype))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["mask_value"] = self.mask_value
        return config


class Identity(Layer):
    """Returns its input unchanged (a placeholder in a model)."""
    _built_at_init = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape


class Softmax(Layer):
    """``softmax`` along ``axis`` (default the last)."""
    _built_at_init = True

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.axis = axis

    def call(self, inputs, mask=None):
        if mask is not None:   # masked positions get a large negative logit, as in Keras
            mask = mask if mask.dtype.is_bool else _m.greater(
                mask, constant(0.5, dtype=mask.dtype))
            low = -3e4 if inputs.dtype.name == "float16" else -1e9
            inputs = _m.where(mask, inputs, constant(low, dtype=inputs.dtype))
        return _activations.softmax(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


class Dropout(Layer):
    """Sets a fraction ``rate`` of the inputs to 0 during training, scaling the rest by
    ``1 / (1 - rate)``; the identity at inference.

    Args:
        rate: float in [0, 1). noise_shape: optional shape of the binary mask (broadcast to
            the input). seed: optional int (else drawn from the Keras seed sequence).
    """
    _built_at_init = True

    def __init__(self, rate=None, noise_shape=None, seed=None, **kwargs):
        if "p" in kwargs:
            rate = deprecated_argument({"p": kwargs.pop("p")}, "p", "rate", "Dropout")["rate"]
        super().__init__(**kwargs)
        if rate is None:
            raise TypeError("Dropout() missing 1 required argument: 'rate'")
        if not 0 <= rate <= 1:
            raise ValueError(f"Invalid value received for argument `rate`. Expected a float "
                             f"value between 0 and 1. Received: rate={rate}")
        self.rate = float(rate)
        self.noise_shape = noise_shape
        self.seed = seed
        self.supports_masking = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        if self.rate >= 1:
            return _m.multiply(inputs, constant(0.0, dtype=inputs.dtype))
        keep = 1.0 - self.rate
        shape = _s.shape(inputs) if self.noise_shape is None else \
            self._noise_shape(inputs)
        draw = _random.random_uniform(shape, dtype=inputs.dtype,
                                      seed=backend.next_op_seed(self.seed))
        mask = _m.cast(_m.less(draw, constant(keep, dtype=inputs.dtype)), inputs.dtype)
        return _m.multiply(inputs, _m.multiply(mask, constant(1.0 / keep,
                                                              dtype=inputs.dtype)))

    def _noise_shape(self, inputs):
        dims = []
        dyn = _s.shape(inputs)
        for i, d in enumerate(self.noise_shape):
            dims.append(dyn[i] if d is None else constant(int(d)))
        return _s.stack(dims)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape})
        return config


class Flatten(Layer):
    """Flattens all but the batch dimension: ``(None, 28, 28)`` → ``(None, 784)``."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or backend.image_data_format()
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        if self.data_format == "channels_first" and inputs.shape.ndims and \
                inputs.shape.ndims > 2:
            rank = inputs.shape.ndims
            inputs = _s.transpose(inputs, [0] + list(range(2, rank)) + [1])
        rest = inputs.shape.as_tuple()[1:]
        if rest and None not in rest:
            size = int(np.prod(rest))
            out = _s.reshape(inputs, [-1, size])
            out.set_shape((inputs.shape.as_tuple()[0], size))
            return out
        out = _s.reshape(inputs, _s.stack([_s.shape(inputs)[0], constant(-1)]))
        return out

    def compute_output_shape(self, input_shape):
        rest = input_shape[1:]
        size = None if None in rest else int(np.prod(rest))
        return (input_shape[0], size)

    def get_config(self):
        config = super().get_config()
        config["data_format"] = self.data_format
        return config


class Reshape(Layer):
    """Reshapes to ``(batch,) + target_shape`` (one entry may be -1)."""
    _built_at_init = True

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)

    def call(self, inputs):
        target = self.target_shape
        if -1 in target:
            rest = inputs.shape.as_tuple()[1:]
            if None in rest:
                shp = _s.concat([_s.shape(inputs)[:1], constant(list(target))], 0)
                return _s.reshape(inputs, shp)
            known = int(np.prod([d for d in target if d != -1]))
            total = int(np.prod(rest))
            target = tuple(total // known if d == -1 else d for d in target)
        out = _s.reshape(inputs, [-1] + list(target))
        return out

    def compute_output_shape(self, input_shape):
        target = list(self.target_shape)
        if -1 in target and None not in input_shape[1:]:
            known = int(np.prod([d for d in target if d != -1]))
            total = int(np.prod(input_shape[1:]))
            target = [total // known if d == -1 else d for d in target]
        return (input_shape[0],) + tuple(None if d == -1 else d for d in target)

    def get_config(self):
        config = super().get_config()
        config["target_shape"] = self.target_shape
        return config


class Lambda(Layer):
    """Wraps a function of tensors as a layer: ``Lambda(lambda x: x * 2)``.

    Args:
        function: called as ``function(inputs, **arguments)``.
        output_shape: optional shape (or function of the input shape) for
            ``compute_output_shape``.
        arguments: extra keyword arguments for ``function``.
        mask: the outputs' mask: a function ``mask(inputs, previous_mask)`` or a fixed
            mask; None (default): the layer does not support masking.
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function = function
        self._output_shape_arg = output_shape
        self.arguments = arguments or {}
        self.mask = mask
        self.supports_masking = mask is not None

    def call(self, inputs):
        return self.function(inputs, **self.arguments)

    def compute_mask(self, inputs, mask=None):
        """``mask(inputs, mask)`` for a mask function, else the fixed mask given."""
        return self.mask(inputs, mask) if callable(self.mask) else self.mask

    def compute_output_shape(self, input_shape):
        if self._output_shape_arg is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape_arg):
            return self._output_shape_arg(input_shape)
        return (input_shape[0],) + tuple(self._output_shape_arg)

    def get_config(self):
        config = super().get_config()
        config.update({"function": getattr(self.function, "__name__", repr(self.function)),
                       "arguments": self.arguments, "output_shape": self._output_shape_arg})
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        fn = config.pop("function")
        if isinstance(fn, str):
            found = (custom_objects or {}).get(fn)
            if found is None:
                raise ValueError(f"Lambda.from_config cannot rebuild the function {fn!r}; "
                                 "pass it in custom_objects.")
            fn = found
        return cls(fn, **config)


class Embedding(Layer):
    """Maps integer indices to dense vectors: ``(batch, n)`` → ``(batch, n, output_dim)``.

    Args:
        input_dim: vocabulary size. output_dim: vector size.
        embeddings_initializer: default ``"uniform"`` (±0.05).
        mask_zero: index 0 is padding: the outputs carry the mask ``inputs != 0``, which
            layers that support masking pass on and losses and metrics use as weights.
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 quantization_config=None, **kwargs):
        if quantization_config is not None:
            raise NotImplementedError("Embedding: quantization is not supported; "
                                      "`quantization_config` must be None.")
        if "input_length" in kwargs:
            length = kwargs.pop("input_length")
            warnings.warn("`input_length` is deprecated in Embedding; use "
                          f"`input_shape=({length},)` or a `keras.Input(shape=({length},))` "
                          "first layer instead.", DeprecationWarning, stacklevel=2)
            if length is not None and "input_shape" not in kwargs:
                kwargs["input_shape"] = (length,)
        super().__init__(**kwargs)
        self.input_dim = int(input_dim)
        self.output_dim = int(output_dim)
        self.embeddings_initializer = _initializers.get(embeddings_initializer)
        self.embeddings_regularizer = _regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = _constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = bool(mask_zero)

    def build(self, input_shape=None):
        self.embeddings = self.add_weight(shape=(self.input_dim, self.output_dim),
                                          initializer=self.embeddings_initializer,
                                          name="embeddings",
                                          regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)
        self.built = True

    def call(self, inputs):
        if not inputs.dtype.is_integer:
            inputs = _m.cast(inputs, "int32")
        return _s.gather(self.embeddings.value, inputs)

    def compute_mask(self, inputs, mask=None):
        """``inputs != 0`` with ``mask_zero``, else None (a tensor for a tensor, an array
        for an array)."""
        if not self.mask_zero:
            return None
        if isinstance(inputs, _g.Tensor):
            return _m.not_equal(inputs, constant(0, dtype=inputs.dtype))
        return np.not_equal(np.asarray(inputs), 0)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({
            "input_dim": self.input_dim, "output_dim": self.output_dim,
            "embeddings_initializer": _initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": _regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": _regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": _constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        })
        return config

