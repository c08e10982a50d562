"""``tf.layers.conv2d`` / ``Conv2D`` (a 2-D convolution with a bias and an activation) and
``tf.layers.conv2d_transpose`` / ``Conv2DTranspose``."""

from .. import initializers as _init
from ..ops import nn as _nn
from ..ops.conv import conv2d as _conv2d
from .base import Layer, normalize_tuple, normalize_padding, normalize_data_format

__all__ = ["Conv2D", "conv2d", "Conv2DTranspose", "conv2d_transpose"]


class Conv2D(Layer):
    """``activation(conv2d(inputs, kernel) + bias)``.

    Args:
        filters: the number of output channels.
        kernel_size: an int or a pair (height, width).
        strides: an int or a pair; padding: ``"valid"`` (default) or ``"same"`` (any case).
        data_format: ``"channels_last"`` (NHWC, default) or ``"channels_first"`` (NCHW).
        dilation_rate: an int or a pair (not together with strides > 1).
        activation, use_bias, kernel_initializer (default Glorot uniform), bias_initializer
        (default zeros), kernel_regularizer, bias_regularizer, activity_regularizer,
        kernel_constraint, bias_constraint: as ``Dense``.

    Variables: ``<name>/kernel`` of shape ``[kh, kw, in_channels, filters]``, ``<name>/bias``.

    Raises:
        ValueError: for malformed arguments, strides and dilation both above 1, inputs that
            are not 4-D, or an unknown channel dimension.
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", dilation_rate=(1, 1), activation=None,
                 use_bias=True, kernel_initializer=None, bias_initializer=_init.Zeros(),
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        self.filters = int(filters)
        self.kernel_size = normalize_tuple(kernel_size, 2, "kernel_size")
        self.strides = normalize_tuple(strides, 2, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, 2, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError("strides > 1 not supported in conjunction with dilation_rate > 1")
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint

    def _channel_axis(self):
        return 1 if self.data_format == "channels_first" else -1

    def build(self, input_shape):
        if input_shape.ndims is not None and input_shape.ndims != 4:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: "
                             f"expected ndim=4, found ndim={input_shape.ndims}. Full shape "
                             f"received: {input_shape}")
        channels = input_shape[self._channel_axis()].value if input_shape.ndims else None
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found "
                             "`None`.")
        self.kernel = self.add_weight("kernel", self._kernel_shape(channels),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight("bias", [self.filters], initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def _kernel_shape(self, channels):
        return list(self.kernel_size) + [channels, self.filters]

    def call(self, inputs):
        fmt = "NCHW" if self.data_format == "channels_first" else "NHWC"
        out = _conv2d(inputs, self.kernel, strides=self.strides, padding=self.padding.upper(),
                      data_format=fmt, dilations=self.dilation_rate)
        if self.use_bias:
            out = _nn.bias_add(out, self.bias, data_format=fmt)
        if self.activation is not None:
            out = self.activation(out)
        return out


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
           data_format="channels_last", dilation_rate=(1, 1), activation=None, use_bias=True,
           kernel_initializer=None, bias_initializer=_init.Zeros(), kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
           bias_constraint=None, trainable=True, name=None, reuse=None):
    """A 2-D convolution layer (see ``Conv2D``); variables ``conv2d/kernel``, ``conv2d/bias``
    (scope ``"conv2d"`` made unique, or ``name``).

    Example:
        >>> h = tf.layers.conv2d(images, filters=32, kernel_size=3, padding="same",
        ...                      activation=tf.nn.relu)
    """
    layer = Conv2D(filters, kernel_size, strides=strides, padding=padding,
                   data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                   use_bias=use_bias, kernel_initializer=kernel_initializer,
                   bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                   bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                   kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                   trainable=trainable, name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs)


def _deconv_length(size, k, padding, stride):
    """The output length of a transposed convolution (Keras's ``deconv_output_length``);
    ``size`` is an int or a scalar tensor."""
    if padding == "valid":
        return size * stride + max(k - stride, 0)
    return size * stride


class Conv2DTranspose(Conv2D):
    """``activation(conv2d_transpose(inputs, kernel) + bias)``: the transposed ("de-")
    convolution, upsampling by ``strides``.

    Same arguments as ``Conv2D``. Variables: ``<name>/kernel`` of shape
    ``[kh, kw, filters, in_channels]`` (TF's layout for a transposed convolution) and
    ``<name>/bias``. Output size per spatial dimension: ``in * stride`` with ``"same"``
    padding, ``in * stride + max(k - stride, 0)`` with ``"valid"``.
    """

    def build(self, input_shape):
        if input_shape.ndims is not None and input_shape.ndims != 4:
            raise ValueError(f"Inputs should have rank 4. Received input shape: "
                             f"{input_shape}")
        super().build(input_shape)

    def _kernel_shape(self, channels):
        return list(self.kernel_size) + [self.filters, channels]

    def call(self, inputs):
        from ..ops.conv import conv2d_transpose as _conv2d_transpose
        from ..ops.shape import shape as _shape, stack as _stack
        first = self.data_format == "channels_first"
        fmt = "NCHW" if first else "NHWC"
        dims, dyn = inputs.shape.as_tuple(), _shape(inputs)
        h, w = (dims[a] if dims[a] is not None else dyn[a] for a in ((2, 3) if first else (1, 2)))
        (kh, kw), (sh, sw) = self.kernel_size, self.strides
        oh = _deconv_length(h, kh, self.padding, sh)
        ow = _deconv_length(w, kw, self.padding, sw)
        batch = dyn[0]
        parts = [batch, self.filters, oh, ow] if first else [batch, oh, ow, self.filters]
        out = _conv2d_transpose(inputs, self.kernel, _stack(parts),
                                strides=self.strides, padding=self.padding.upper(),
                                data_format=fmt)
        if self.use_bias:
            out = _nn.bias_add(out, self.bias, data_format=fmt)
        if self.activation is not None:
            out = self.activation(out)
        return out


def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
                     data_format="channels_last", activation=None, use_bias=True,
                     kernel_initializer=None, bias_initializer=_init.Zeros(),
                     kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                     kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                     reuse=None):
    """A transposed 2-D convolution layer (see ``Conv2DTranspose``); variables
    ``conv2d_transpose/kernel`` and ``conv2d_transpose/bias``.

    Example:
        >>> up = tf.layers.conv2d_transpose(h, filters=64, kernel_size=4, strides=2,
        ...                                 padding="same", activation=tf.nn.relu)
    """
    layer = Conv2DTranspose(filters, kernel_size, strides=strides, padding=padding,
                            data_format=data_format, activation=activation, use_bias=use_bias,
                            kernel_initializer=kernel_initializer,
                            bias_initializer=bias_initializer,
                            kernel_regularizer=kernel_regularizer,
                            bias_regularizer=bias_regularizer,
                            activity_regularizer=activity_regularizer,
                            kernel_constraint=kernel_constraint,
                            bias_constraint=bias_constraint, trainable=trainable, name=name,
                            _scope=name, _reuse=reuse)
    return layer.apply(inputs)
