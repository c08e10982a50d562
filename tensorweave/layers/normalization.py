"""``tf.layers.batch_normalization`` / ``BatchNormalization``, as TensorFlow 1.15 does it.

Variables (in this order): ``gamma`` and ``beta`` (trainable), ``moving_mean`` and
``moving_variance`` (non-trainable, in ``GLOBAL_VARIABLES``). In training the batch's
statistics normalize the input and two update ops move the averages,
``moving -= (moving - batch_value) * (1 - momentum)``; they are *not* run by the layer's
output but put in ``tf.GraphKeys.UPDATE_OPS``, so a training step must depend on them:

    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train_op = optimizer.minimize(loss)

In inference (``training=False``, the default) the moving averages normalize and no update
ops are made. ``training`` may be a bool tensor: both paths are built under ``tf.cond`` and
the updates then use momentum 1 (no change) when it is False.

4-D inputs normalized over axis 1 or 3 use ``tf.nn.fused_batch_norm``, whose batch variance is
the unbiased one: the moving variance then averages unbiased variances (TF's default,
``_bessels_correction_test_only``). Other inputs use ``tf.nn.moments`` (biased variance).
"""

from .. import dtypes as _dt
from .. import initializers as _init
from ..ops.creation import convert_to_tensor, constant
from ..ops.math import subtract, multiply, cast
from ..ops.normalization import fused_batch_norm, moments, batch_normalization as _bn
from ..ops.shape import reshape
from .. import graph as _g
from .base import Layer, smart_cond, smart_constant_value

__all__ = ["BatchNormalization", "batch_normalization"]


class BatchNormalization(Layer):
    """Batch normalization (Ioffe and Szegedy, 2015).

    Args:
        axis: the feature axis (or a list of axes) whose entries get their own statistics;
            -1 for channels_last images and dense features, 1 for channels_first images.
        momentum: of the moving averages. epsilon: added to the variance.
        center / scale: learn ``beta`` / ``gamma``.
        beta_initializer, gamma_initializer, moving_mean_initializer,
        moving_variance_initializer: zeros, ones, zeros, ones by default.
        beta_regularizer, gamma_regularizer, beta_constraint, gamma_constraint: optional.
        fused: None/True to use the fused kernel when possible (4-D input, axis 1 or 3),
            False for the composite.

    ``call(inputs, training=False)``.

    Raises:
        ValueError: for an input of unknown rank or feature dimension, an invalid axis, or
            ``renorm``/``virtual_batch_size``/``adjustment`` (not supported).
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=_init.Zeros(), gamma_initializer=_init.Ones(),
                 moving_mean_initializer=_init.Zeros(),
                 moving_variance_initializer=_init.Ones(), beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 renorm=False, renorm_clipping=None, renorm_momentum=0.99, fused=None,
                 trainable=True, virtual_batch_size=None, adjustment=None, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise ValueError("BatchNormalization: renorm, virtual_batch_size and adjustment "
                             "are not supported by tensorweave")
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = beta_initializer
        self.gamma_initializer = gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.beta_regularizer = beta_regularizer
        self.gamma_regularizer = gamma_regularizer
        self.beta_constraint = beta_constraint
        self.gamma_constraint = gamma_constraint
        self.fused = True if fused is None else fused

    def build(self, input_shape):
        if not input_shape.ndims:
            raise ValueError(f"Input has undefined rank: {input_shape}")
        ndims = input_shape.ndims
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        if not all(isinstance(a, int) for a in axes):
            raise TypeError(f"axis must be int or list, type given: {type(self.axis)}")
        axes = [a + ndims if a < 0 else a for a in axes]
        for a in axes:
            if a < 0 or a >= ndims:
                raise ValueError(f"Invalid axis: {a}")
        if len(axes) != len(set(axes)):
            raise ValueError(f"Duplicate axis: {axes}")
        self.axis = axes
        self.fused = bool(self.fused) and ndims == 4 and axes in ([1], [3])
        self._data_format = "NCHW" if axes == [1] else "NHWC"
        dims = {a: input_shape[a].value for a in axes}
        if any(d is None for d in dims.values()):
            raise ValueError(f"Input has undefined `axis` dimension. Input shape: "
                             f"{input_shape}")
        if len(axes) == 1:
            param_shape = [dims[axes[0]]]
        else:
            param_shape = [dims.get(i, 1) for i in range(ndims)]
        param_dtype = _dt.float32 if self.dtype in (None, _dt.float16) else self.dtype
        if self.scale:
            self.gamma = self.add_weight("gamma", param_shape, dtype=param_dtype,
                                         initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        else:
            self.gamma = None
        if self.center:
            self.beta = self.add_weight("beta", param_shape, dtype=param_dtype,
                                        initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer,
                                        constraint=self.beta_constraint)
        else:
            self.beta = None
        self.moving_mean = self.add_weight("moving_mean", param_shape, dtype=param_dtype,
                                           initializer=self.moving_mean_initializer,
                                           trainable=False)
        self.moving_variance = self.add_weight("moving_variance", param_shape,
                                               dtype=param_dtype,
                                               initializer=self.moving_variance_initializer,
                                               trainable=False)
        self._param_shape = param_shape
        self._param_dtype = param_dtype
        self.built = True

    def _assign_moving_average(self, variable, value, momentum):
        """``variable -= (variable - value) * (1 - momentum)``, named ``AssignMovingAvg``."""
        with _g.name_scope(None, "AssignMovingAvg", [variable, value, momentum]) as scope:
            if isinstance(momentum, _g.Tensor):
                decay = subtract(constant(1.0, dtype=momentum.dtype), momentum)
            else:
                decay = convert_to_tensor(1.0 - momentum, name="decay")
            if decay.dtype != variable.dtype:
                decay = cast(decay, variable.dtype)
            delta = multiply(subtract(variable, cast(value, variable.dtype)), decay)
            return variable.assign_sub(delta, name=scope)

    def _fused(self, inputs, training):
        gamma = self.gamma if self.scale else constant(1.0, self._param_dtype,
                                                       self._param_shape)
        beta = self.beta if self.center else constant(0.0, self._param_dtype,
                                                      self._param_shape)

        def train():
            return tuple(fused_batch_norm(inputs, gamma, beta, epsilon=self.epsilon,
                                          data_format=self._data_format))

        def infer():
            return tuple(fused_batch_norm(inputs, gamma, beta, mean=self.moving_mean,
                                          variance=self.moving_variance,
                                          epsilon=self.epsilon, is_training=False,
                                          data_format=self._data_format))
        output, mean, variance = smart_cond(training, train, infer)
        value = smart_constant_value(training)
        if value is None:
            momentum = smart_cond(training, lambda: constant(self.momentum),
                                  lambda: constant(1.0))
        else:
            momentum = self.momentum
        if value is None or value:
            self.add_update(self._assign_moving_average(self.moving_mean, mean, momentum))
            self.add_update(self._assign_moving_average(self.moving_variance, variance,
                                                        momentum))
        return output

    def call(self, inputs, training=False):
        if self.fused:
            return self._fused(inputs, training)
        ndims = inputs.shape.ndims
        reduction_axes = [i for i in range(ndims) if i not in self.axis]
        broadcast_shape = [1] * ndims
        broadcast_shape[self.axis[0]] = inputs.shape[self.axis[0]].value

        def _broadcast(v):
            if v is not None and v.shape.ndims != ndims and \
                    reduction_axes != list(range(ndims - 1)):
                return reshape(v, broadcast_shape)
            return v

        scale, offset = _broadcast(self.gamma), _broadcast(self.beta)
        if smart_constant_value(training) is False:
            mean, variance = self.moving_mean, self.moving_variance
        else:
            keep_dims = len(self.axis) > 1
            batch_mean, batch_var = moments(inputs, reduction_axes, keep_dims=keep_dims)
            moving_mean, moving_var = self.moving_mean, self.moving_variance
            mean = smart_cond(training, lambda: batch_mean,
                              lambda: convert_to_tensor(moving_mean))
            variance = smart_cond(training, lambda: batch_var,
                                  lambda: convert_to_tensor(moving_var))
            new_mean, new_variance = mean, variance
            mean_update = smart_cond(
                training, lambda: self._assign_moving_average(moving_mean, new_mean,
                                                              self.momentum),
                lambda: convert_to_tensor(moving_mean))
            variance_update = smart_cond(
                training, lambda: self._assign_moving_average(moving_var, new_variance,
                                                              self.momentum),
                lambda: convert_to_tensor(moving_var))
            self.add_update(mean_update)
            self.add_update(variance_update)
        mean = cast(convert_to_tensor(mean), inputs.dtype)
        variance = cast(convert_to_tensor(variance), inputs.dtype)
        if offset is not None:
            offset = cast(convert_to_tensor(offset), inputs.dtype)
        if scale is not None:
            scale = cast(convert_to_tensor(scale), inputs.dtype)
        out = _bn(inputs, _broadcast(mean), _broadcast(variance), offset, scale, self.epsilon)
        out.set_shape(inputs.shape)
        return out

    def compute_output_shape(self, input_shape):
        return input_shape


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True,
                        scale=True, beta_initializer=_init.Zeros(),
                        gamma_initializer=_init.Ones(), moving_mean_initializer=_init.Zeros(),
                        moving_variance_initializer=_init.Ones(), beta_regularizer=None,
                        gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                        training=False, trainable=True, name=None, reuse=None, renorm=False,
                        renorm_clipping=None, renorm_momentum=0.99, fused=None,
                        virtual_batch_size=None, adjustment=None):
    """``tf.layers.batch_normalization`` (see ``BatchNormalization``).

    Remember the update ops: with ``training=True`` the moving averages change only when
    the ops in ``tf.GraphKeys.UPDATE_OPS`` run.

    Example:
        >>> h = tf.layers.batch_normalization(h, training=is_training)
        >>> with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        ...     train_op = tf.train.AdamOptimizer().minimize(loss)
    """
    layer = BatchNormalization(
        axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
        beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
        moving_mean_initializer=moving_mean_initializer,
        moving_variance_initializer=moving_variance_initializer,
        beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
        beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, renorm=renorm,
        renorm_clipping=renorm_clipping, renorm_momentum=renorm_momentum, fused=fused,
        trainable=trainable, virtual_batch_size=virtual_batch_size, adjustment=adjustment,
        name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs, training=training)
