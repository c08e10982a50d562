"""``BatchNormalization`` and ``LayerNormalization`` (Keras 3 defaults: momentum 0.99,
epsilon 1e-3)."""

from ...ops import math as _m
from ...ops.creation import constant
from ...ops.reduce import reduce_mean
from ...ops.shape import reshape
from .. import constraints as _constraints
from .. import initializers as _initializers
from .. import regularizers as _regularizers
from .layer import Layer, InputSpec

__all__ = ["BatchNormalization", "LayerNormalization"]


def _moments(x, axes):
    mean = reduce_mean(x, axis=axes, keepdims=True)
    var = reduce_mean(_m.square(_m.subtract(x, mean)), axis=axes, keepdims=True)
    return mean, var


def _masked_moments(x, mask, axes):
    """Keras 3's moments over the unmasked steps: ``mask`` (x's shape without the last axis)
    weighs each step; sums divided by (count + ``backend.epsilon()``)."""
    from ...ops.math import cast, where
    from ...ops.reduce import reduce_sum
    from ...ops.shape import broadcast_to, expand_dims, shape
    from .. import backend
    keep = cast(broadcast_to(expand_dims(mask, -1), shape(x)), "bool")
    zero = constant(0, dtype=x.dtype)
    count = _m.add(reduce_sum(cast(keep, x.dtype), axis=axes, keepdims=True),
                   constant(backend.epsilon(), dtype=x.dtype))
    mean = _m.divide(reduce_sum(where(keep, x, zero), axis=axes, keepdims=True), count)
    diff = where(keep, _m.subtract(x, mean), zero)
    var = _m.divide(reduce_sum(_m.square(diff), axis=axes, keepdims=True), count)
    return mean, var


def _normalize(layer, inputs, mean, var, eps, bcast):
    """``(inputs - mean) / sqrt(var + eps)``, scaled by gamma and shifted by beta when the
    layer has them (shared by BatchNormalization and LayerNormalization)."""
    inv = _m.rsqrt(_m.add(var, eps))
    if layer.scale:
        inv = _m.multiply(inv, bcast(layer.gamma.value))
    out = _m.multiply(_m.subtract(inputs, mean), inv)
    if layer.center:
        out = _m.add(out, bcast(layer.beta.value))
    return out


class BatchNormalization(Layer):
    """Normalizes each feature over the batch: in training with the batch's mean and
    variance (and updates ``moving_mean``/``moving_variance`` by ``momentum``), at inference
    with the moving statistics.

    ``y = gamma * (x - mean) / sqrt(var + epsilon) + beta``;
    ``moving = moving * momentum + batch_stat * (1 - momentum)``.

    Args:
        axis: the feature axis (default -1). momentum: default 0.99. epsilon: default 1e-3.
        center, scale: learn ``beta`` / ``gamma``.
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, synchronized=False, renorm=False,
                 renorm_clipping=None, renorm_momentum=0.99, **kwargs):
        if "mode" in kwargs:
            kwargs.pop("mode")  # Keras 1; only feature-wise normalization exists
        super().__init__(**kwargs)
        self.axis = int(axis)
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.beta_initializer = _initializers.get(beta_initializer)
        self.gamma_initializer = _initializers.get(gamma_initializer)
        self.moving_mean_initializer = _initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = _initializers.get(moving_variance_initializer)
        self.beta_regularizer = _regularizers.get(beta_regularizer)
        self.gamma_regularizer = _regularizers.get(gamma_regularizer)
        self.beta_constraint = _constraints.get(beta_constraint)
        self.gamma_constraint = _constraints.get(gamma_constraint)
        self.synchronized = synchronized
        if renorm:
            raise NotImplementedError("BatchNormalization(renorm=True) (batch "
                                      "renormalization) is not supported yet; use "
                                      "renorm=False.")
        self.renorm = False
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.supports_masking = True

    def build(self, input_shape):
        rank = len(input_shape)
        axis = self.axis % rank
        dim = input_shape[axis]
        if dim is None:
            raise ValueError(f"Axis {self.axis} of input tensor should have a defined "
                             f"dimension but the layer received an input with shape "
                             f"{input_shape}.")
        self._axis = axis
        shape = (dim,)
        self.gamma = self.add_weight(shape=shape, name="gamma",
                                     initializer=self.gamma_initializer,
                                     regularizer=self.gamma_regularizer,
                                     constraint=self.gamma_constraint) if self.scale else None
        self.beta = self.add_weight(shape=shape, name="beta",
                                    initializer=self.beta_initializer,
                                    regularizer=self.beta_regularizer,
                                    constraint=self.beta_constraint) if self.center else None
        self.moving_mean = self.add_weight(shape=shape, name="moving_mean",
                                           initializer=self.moving_mean_initializer,
                                           trainable=False)
        self.moving_variance = self.add_weight(shape=shape, name="moving_variance",
                                               initializer=self.moving_variance_initializer,
                                               trainable=False)
        self.input_spec = InputSpec(ndim=rank, axes={self.axis: dim})
        self.built = True

    def call(self, inputs, training=None, mask=None):
        rank = inputs.shape.ndims
        if mask is not None:
            from ...ops.creation import convert_to_tensor
            mask = convert_to_tensor(mask)
        if mask is not None and mask.shape.ndims is not None and rank is not None and \
                mask.shape.ndims != rank - 1:
            raise ValueError(f"The mask provided should be one dimension less than the "
                             f"inputs. Received: mask.shape={mask.shape.as_tuple()}, "
                             f"inputs.shape={inputs.shape.as_tuple()}")
        axis = self._axis
        reduce_axes = [i for i in range(rank) if i != axis]
        shape = [1] * rank
        shape[axis] = -1

        def bcast(v):
            return v if axis == rank - 1 else reshape(v, shape)

        if training and self.trainable:  # a frozen layer runs in inference mode (Keras 3)
            mean, var = _moments(inputs, reduce_axes) if mask is None else \
                _masked_moments(inputs, mask, reduce_axes)
            flat_mean = reshape(mean, [-1])
            flat_var = reshape(var, [-1])
            m = constant(self.momentum, dtype=inputs.dtype)
            one_m = constant(1.0 - self.momentum, dtype=inputs.dtype)
            self.add_update(self.moving_mean.assign(
                _m.add(_m.multiply(self.moving_mean.value, m), _m.multiply(flat_mean, one_m))))
            self.add_update(self.moving_variance.assign(
                _m.add(_m.multiply(self.moving_variance.value, m),
                       _m.multiply(flat_var, one_m))))
        else:
            mean = bcast(self.moving_mean.value)
            var = bcast(self.moving_variance.value)
        return _normalize(self, inputs, mean, var, constant(self.epsilon, dtype=inputs.dtype),
                          bcast)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({
            "axis": self.axis, "momentum": self.momentum, "epsilon": self.epsilon,
            "center": self.center, "scale": self.scale,
            "beta_initializer": _initializers.serialize(self.beta_initializer),
            "gamma_initializer": _initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": _initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer":
                _initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": _regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": _regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": _constraints.serialize(self.beta_constraint),
            "gamma_constraint": _constraints.serialize(self.gamma_constraint),
            "synchronized": self.synchronized, "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping, "renorm_momentum": self.renorm_momentum,
        })
        return config


class LayerNormalization(Layer):
    """Normalizes each sample over ``axis`` (default the last): ``gamma * (x - mean) /
    sqrt(var + epsilon) + beta`` (epsilon default 1e-3)."""

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, rms_scaling=False,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else int(axis)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        self.beta_initializer = _initializers.get(beta_initializer)
        self.gamma_initializer = _initializers.get(gamma_initializer)
        self.beta_regularizer = _regularizers.get(beta_regularizer)
        self.gamma_regularizer = _regularizers.get(gamma_regularizer)
        self.beta_constraint = _constraints.get(beta_constraint)
        self.gamma_constraint = _constraints.get(gamma_constraint)
        self.supports_masking = True

    def build(self, input_shape):
        rank = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        self._axes = sorted(a % rank for a in axes)
        shape = tuple(input_shape[a] for a in self._axes)
        if None in shape:
            raise ValueError(f"LayerNormalization needs the normalized axes to be known; "
                             f"got input shape {input_shape}")
        self.gamma = self.add_weight(shape=shape, name="gamma",
                                     initializer=self.gamma_initializer,
                                     regularizer=self.gamma_regularizer,
                                     constraint=self.gamma_constraint) \
            if self.scale or self.rms_scaling else None
        self.beta = self.add_weight(shape=shape, name="beta",
                                    initializer=self.beta_initializer,
                                    regularizer=self.beta_regularizer,
                                    constraint=self.beta_constraint) \
            if self.center and not self.rms_scaling else None
        self.built = True

    def call(self, inputs):
        rank = inputs.shape.ndims
        axes = self._axes
        shape = [1] * rank
        for a in axes:
            shape[a] = inputs.shape.as_tuple()[a]

        def bcast(v):
            if axes == list(range(rank - len(axes), rank)):
                return v
            return reshape(v, shape)

        eps = constant(self.epsilon, dtype=inputs.dtype)
        if self.rms_scaling:
            var = reduce_mean(_m.square(inputs), axis=axes, keepdims=True)
            return _m.multiply(_m.multiply(inputs, _m.rsqrt(_m.add(var, eps))),
                               bcast(self.gamma.value))
        mean, var = _moments(inputs, axes)
        return _normalize(self, inputs, mean, var, eps, bcast)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({
            "axis": self.axis, "epsilon": self.epsilon, "center": self.center,
            "scale": self.scale, "rms_scaling": self.rms_scaling,
            "beta_initializer": _initializers.serialize(self.beta_initializer),
            "gamma_initializer": _initializers.serialize(self.gamma_initializer),
            "beta_regularizer": _regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": _regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": _constraints.serialize(self.beta_constraint),
            "gamma_constraint": _constraints.serialize(self.gamma_constraint),
        })
        return config

