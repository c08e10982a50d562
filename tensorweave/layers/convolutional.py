"""``tf.layers.conv2d`` / ``Conv2D`` (a 2-D convolution with a bias and an activation),
``tf.layers.conv1d`` / ``Conv1D``, ``tf.layers.separable_conv2d`` / ``SeparableConv2D`` and
``tf.layers.conv2d_transpose`` / ``Conv2DTranspose``."""

from .. import initializers as _init
from ..ops import nn as _nn
from ..ops.conv import conv2d as _conv2d
from ..ops.nn_more import conv1d as _conv1d, separable_conv2d as _separable_conv2d
from .base import Layer, normalize_tuple, normalize_padding, normalize_data_format

__all__ = ["Conv2D", "conv2d", "Conv1D", "conv1d", "SeparableConv2D", "separable_conv2d",
           "Conv2DTranspose", "conv2d_transpose"]


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

    _rank = 2  # spatial dimensions (Conv1D: 1)

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", dilation_rate=(1, 1), activation=None,
                 use_bias=True, kernel_initializer=None, bias_initializer=_init.Zeros(),
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
                 **kwargs):
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=activity_regularizer, **kwargs)
        rank = self._rank
        self.filters = int(filters)
        self.kernel_size = normalize_tuple(kernel_size, rank, "kernel_size")
        self.strides = normalize_tuple(strides, rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)
        self.dilation_rate = normalize_tuple(dilation_rate, rank, "dilation_rate")
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
        ndim = self._rank + 2
        if input_shape.ndims is not None and input_shape.ndims != ndim:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: "
                             f"expected ndim={ndim}, found ndim={input_shape.ndims}. Full "
                             f"shape received: {input_shape}")
        channels = input_shape[self._channel_axis()].value if input_shape.ndims else None
        if channels is None:
            raise ValueError("The channel dimension of the inputs should be defined. Found "
                             "`None`.")
        self._build_kernels(channels)
        self.bias = self.add_weight("bias", [self.filters], initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def _build_kernels(self, channels):
        self.kernel = self.add_weight("kernel", self._kernel_shape(channels),
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)

    def _kernel_shape(self, channels):
        return list(self.kernel_size) + [channels, self.filters]

    def _convolve(self, inputs, fmt):
        return _conv2d(inputs, self.kernel, strides=self.strides, padding=self.padding.upper(),
                       data_format=fmt, dilations=self.dilation_rate)

    def call(self, inputs):
        fmt = "NCHW" if self.data_format == "channels_first" else "NHWC"
        out = self._convolve(inputs, fmt)
        if self.use_bias:
            out = _nn.bias_add(out, self.bias, data_format=fmt)
        if self.activation is not None:
            out = self.activation(out)
        return out


class Conv1D(Conv2D):
    """``activation(conv1d(inputs, kernel) + bias)`` on (batch, length, channels) inputs
    (``"channels_first"``: (batch, channels, length)).

    Same arguments as ``Conv2D`` with ints (or 1-tuples) for kernel_size, strides and
    dilation_rate. Variables: ``<name>/kernel`` of shape ``[k, in_channels, filters]`` and
    ``<name>/bias``.
    """

    _rank = 1

    def __init__(self, filters, kernel_size, strides=1, padding="valid",
                 data_format="channels_last", dilation_rate=1, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, **kwargs)

    def _convolve(self, inputs, fmt):
        return _conv1d(inputs, self.kernel, self.strides[0], self.padding.upper(),
                       data_format="NCW" if fmt == "NCHW" else "NWC",
                       dilations=self.dilation_rate[0])


class SeparableConv2D(Conv2D):
    """``activation(separable_conv2d(inputs, depthwise_kernel, pointwise_kernel) + bias)``: a
    per-channel convolution (``depth_multiplier`` outputs per input channel) followed by a
    1x1 convolution to ``filters`` channels.

    Same arguments as ``Conv2D`` plus ``depth_multiplier`` and depthwise_/pointwise_
    initializer, regularizer and constraint. Variables: ``<name>/depthwise_kernel``
    ``[kh, kw, in_channels, depth_multiplier]``, ``<name>/pointwise_kernel``
    ``[1, 1, in_channels * depth_multiplier, filters]`` and ``<name>/bias``.
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", dilation_rate=(1, 1), depth_multiplier=1,
                 depthwise_initializer=None, pointwise_initializer=None,
                 depthwise_regularizer=None, pointwise_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, **kwargs)
        self.depth_multiplier = int(depth_multiplier)
        self.depthwise_initializer = depthwise_initializer
        self.pointwise_initializer = pointwise_initializer
        self.depthwise_regularizer = depthwise_regularizer
        self.pointwise_regularizer = pointwise_regularizer
        self.depthwise_constraint = depthwise_constraint
        self.pointwise_constraint = pointwise_constraint

    def _build_kernels(self, channels):
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", list(self.kernel_size) + [channels, self.depth_multiplier],
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel", [1, 1, channels * self.depth_multiplier, self.filters],
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint)

    def _convolve(self, inputs, fmt):
        four = ((1, 1) + self.strides) if fmt == "NCHW" else ((1,) + self.strides + (1,))
        return _separable_conv2d(inputs, self.depthwise_kernel, self.pointwise_kernel,
                                 list(four), self.padding.upper(), rate=self.dilation_rate,
                                 data_format=fmt)


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


def conv1d(inputs, filters, kernel_size, strides=1, padding="valid",
           data_format="channels_last", dilation_rate=1, activation=None, use_bias=True,
           kernel_initializer=None, bias_initializer=_init.Zeros(), kernel_regularizer=None,
           bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
           bias_constraint=None, trainable=True, name=None, reuse=None):
    """A 1-D convolution layer (see ``Conv1D``); variables ``conv1d/kernel``
    ``[kernel_size, in_channels, filters]`` and ``conv1d/bias``.

    Example:
        >>> h = tf.layers.conv1d(seq, filters=16, kernel_size=3, padding="same")
    """
    layer = Conv1D(filters, kernel_size, strides=strides, padding=padding,
                   data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                   use_bias=use_bias, kernel_initializer=kernel_initializer,
                   bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                   bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                   kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
                   trainable=trainable, name=name, _scope=name, _reuse=reuse)
    return layer.apply(inputs)


def separable_conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid",
                     data_format="channels_last", dilation_rate=(1, 1), depth_multiplier=1,
                     activation=None, use_bias=True, depthwise_initializer=None,
                     pointwise_initializer=None, bias_initializer=_init.Zeros(),
                     depthwise_regularizer=None, pointwise_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None,
                     depthwise_constraint=None, pointwise_constraint=None,
                     bias_constraint=None, trainable=True, name=None, reuse=None):
    """A depthwise-separable 2-D convolution layer (see ``SeparableConv2D``); variables
    ``separable_conv2d/depthwise_kernel``, ``.../pointwise_kernel`` and ``.../bias``.

    Example:
        >>> h = tf.layers.separable_conv2d(images, filters=32, kernel_size=3, padding="same")
    """
    layer = SeparableConv2D(filters, kernel_size, strides=strides, padding=padding,
                            data_format=data_format, dilation_rate=dilation_rate,
                            depth_multiplier=depth_multiplier, activation=activation,
                            use_bias=use_bias, depthwise_initializer=depthwise_initializer,
                            pointwise_initializer=pointwise_initializer,
                            bias_initializer=bias_initializer,
                            depthwise_regularizer=depthwise_regularizer,
                            pointwise_regularizer=pointwise_regularizer,
                            bias_regularizer=bias_regularizer,
                            activity_regularizer=activity_regularizer,
                            depthwise_constraint=depthwise_constraint,
                            pointwise_constraint=pointwise_constraint,
                            bias_constraint=bias_constraint, trainable=trainable, name=name,
                            _scope=name, _reuse=reuse)
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
