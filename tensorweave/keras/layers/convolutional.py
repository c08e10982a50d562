"""Convolution layers: ``Conv1D``, ``Conv2D``, ``Conv2DTranspose``.

Kernels are laid out as Keras's: ``(kh, kw, in_channels, filters)`` for ``Conv2D``,
``(kh, kw, filters, in_channels)`` for ``Conv2DTranspose``, ``(k, in_channels, filters)``
for ``Conv1D``. ``padding`` is ``"valid"`` or ``"same"`` (``"causal"`` for ``Conv1D``).
"""

from ...ops import conv as _conv
from ...ops import nn as _nn
from ...ops import shape as _s
from ...ops.creation import constant
from .. import activations as _activations
from .. import constraints as _constraints
from .. import initializers as _initializers
from .. import regularizers as _regularizers
from .. import backend
from .._serialization import deprecated_argument
from .layer import Layer, InputSpec

__all__ = ["Conv1D", "Conv2D", "Conv2DTranspose", "conv_output_length",
           "deconv_output_length"]


def _tuple(value, n, name):
    if isinstance(value, int):
        return (value,) * n
    value = tuple(int(v) for v in value)
    if len(value) != n:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received: "
                         f"{name}={value}")
    return value


def conv_output_length(length, kernel, padding, stride, dilation=1):
    """The output length of a convolution along one axis (None stays None)."""
    if length is None:
        return None
    k = kernel + (kernel - 1) * (dilation - 1)
    if padding in ("same", "causal"):
        out = length
    else:
        out = length - k + 1
    return (out + stride - 1) // stride


def deconv_output_length(length, kernel, padding, stride, dilation=1, output_padding=None):
    """The output length of a transposed convolution along one axis."""
    if length is None:
        return None
    k = kernel + (kernel - 1) * (dilation - 1)
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(k - stride, 0)
        return length * stride
    pad = k // 2 if padding == "same" else 0
    return (length - 1) * stride + k - 2 * pad + output_padding


class _Conv(Layer):
    rank = 2

    def __init__(self, filters=None, kernel_size=None, strides=1, padding="valid",
                 data_format=None, dilation_rate=1, groups=1, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        if "border_mode" in kwargs:
            padding = deprecated_argument({"border_mode": kwargs.pop("border_mode")},
                                          "border_mode", "padding",
                                          type(self).__name__)["padding"]
        if "subsample" in kwargs:
            strides = deprecated_argument({"subsample": kwargs.pop("subsample")},
                                          "subsample", "strides",
                                          type(self).__name__)["strides"]
        if "nb_filter" in kwargs:
            filters = deprecated_argument({"nb_filter": kwargs.pop("nb_filter")},
                                          "nb_filter", "filters",
                                          type(self).__name__)["filters"]
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if filters is None or kernel_size is None:
            raise TypeError(f"{type(self).__name__}() needs `filters` and `kernel_size`.")
        self.filters = int(filters)
        self.kernel_size = _tuple(kernel_size, self.rank, "kernel_size")
        self.strides = _tuple(strides, self.rank, "strides")
        self.padding = padding.lower()
        if self.padding not in ("valid", "same", "causal"):
            raise ValueError(f"Invalid padding {padding!r}; expected 'valid' or 'same'.")
        self.data_format = data_format or backend.image_data_format()
        self.dilation_rate = _tuple(dilation_rate, self.rank, "dilation_rate")
        if groups != 1:
            raise NotImplementedError("Grouped convolutions (groups > 1) are not supported.")
        self.groups = groups
        self.activation = _activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = _initializers.get(kernel_initializer)
        self.bias_initializer = _initializers.get(bias_initializer)
        self.kernel_regularizer = _regularizers.get(kernel_regularizer)
        self.bias_regularizer = _regularizers.get(bias_regularizer)
        self.kernel_constraint = _constraints.get(kernel_constraint)
        self.bias_constraint = _constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=self.rank + 2)

    @property
    def _channel_axis(self):
        return 1 if self.data_format == "channels_first" else -1

    def _kernel_shape(self, in_channels):
        return self.kernel_size + (in_channels, self.filters)

    def build(self, input_shape):
        channels = input_shape[self._channel_axis]
        if channels is None:
            raise ValueError(f"The channel dimension of the inputs to {type(self).__name__} "
                             f"should be defined. Found None. Full shape: {input_shape}")
        self.kernel = self.add_weight(shape=self._kernel_shape(channels), name="kernel",
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight(shape=(self.filters,), name="bias",
                                    initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.input_spec = InputSpec(min_ndim=self.rank + 2,
                                    axes={self._channel_axis: channels})
        self.built = True

    def _finish(self, out):
        if self.use_bias:
            fmt = "NCHW" if self.data_format == "channels_first" else "NHWC"
            out = _nn.bias_add(out, self.bias.value, data_format=fmt)
        if self.activation is not None and self.activation is not _activations.linear:
            out = self.activation(out)
        return out

    def get_config(self):
        config = super().get_config()
        config.update({
            "filters": self.filters, "kernel_size": self.kernel_size,
            "strides": self.strides, "padding": self.padding,
            "data_format": self.data_format, "dilation_rate": self.dilation_rate,
            "groups": self.groups,
            "activation": _activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": _initializers.serialize(self.kernel_initializer),
            "bias_initializer": _initializers.serialize(self.bias_initializer),
            "kernel_regularizer": _regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": _regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": _regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": _constraints.serialize(self.kernel_constraint),
            "bias_constraint": _constraints.serialize(self.bias_constraint),
        })
        return config


class Conv2D(_Conv):
    """2-D convolution over ``(batch, height, width, channels)`` inputs.

    Args:
        filters: output channels. kernel_size: int or (kh, kw). strides: int or pair.
        padding: ``"valid"`` (default) or ``"same"``. data_format: ``"channels_last"``
        (default) or ``"channels_first"``. dilation_rate: int or pair. activation, use_bias,
        initializers, regularizers and constraints as in ``Dense``.

    Example:
        >>> keras.layers.Conv2D(32, 3, padding="same", activation="relu")
    """

    rank = 2

    def call(self, inputs):
        fmt = "NCHW" if self.data_format == "channels_first" else "NHWC"
        out = _conv.conv2d(inputs, self.kernel.value, strides=self.strides,
                           padding=self.padding.upper(), data_format=fmt,
                           dilations=self.dilation_rate)
        return self._finish(out)

    def compute_output_shape(self, input_shape):
        if self.data_format == "channels_first":
            n, _, h, w = input_shape
        else:
            n, h, w, _ = input_shape
        oh = conv_output_length(h, self.kernel_size[0], self.padding, self.strides[0],
                                self.dilation_rate[0])
        ow = conv_output_length(w, self.kernel_size[1], self.padding, self.strides[1],
                                self.dilation_rate[1])
        if self.data_format == "channels_first":
            return (n, self.filters, oh, ow)
        return (n, oh, ow, self.filters)


class Conv1D(_Conv):
    """1-D convolution over ``(batch, steps, channels)`` inputs (``padding`` may also be
    ``"causal"``: output t sees inputs up to t only)."""

    rank = 1

    def call(self, inputs):
        x = inputs
        if self.data_format == "channels_first":
            x = _s.transpose(x, [0, 2, 1])
        padding = self.padding
        if padding == "causal":
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            x = _s.pad(x, [[0, 0], [left, 0], [0, 0]])
            padding = "valid"
        x = _s.expand_dims(x, 1)                                  # (b, 1, steps, c)
        kernel = _s.expand_dims(self.kernel.value, 0)             # (1, k, c, f)
        out = _conv.conv2d(x, kernel, strides=(1, self.strides[0]), padding=padding.upper(),
                           dilations=(1, self.dilation_rate[0]))
        out = _s.squeeze(out, [1])
        if self.use_bias:
            out = _nn.bias_add(out, self.bias.value)
        if self.data_format == "channels_first":
            out = _s.transpose(out, [0, 2, 1])
        if self.activation is not None and self.activation is not _activations.linear:
            out = self.activation(out)
        return out

    def compute_output_shape(self, input_shape):
        if self.data_format == "channels_first":
            n, _, steps = input_shape
        else:
            n, steps, _ = input_shape
        out = conv_output_length(steps, self.kernel_size[0], self.padding, self.strides[0],
                                 self.dilation_rate[0])
        if self.data_format == "channels_first":
            return (n, self.filters, out)
        return (n, out, self.filters)


class Conv2DTranspose(_Conv):
    """Transposed 2-D convolution (upsampling): ``(b, h, w, c)`` → ``(b, h*s, w*s, filters)``
    with ``"same"`` padding.

    Args:
        output_padding: optional int or pair, the extra size added to one side.
    """

    rank = 2

    def __init__(self, filters=None, kernel_size=None, strides=1, padding="valid",
                 output_padding=None, data_format=None, dilation_rate=1, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding,
                         data_format=data_format, dilation_rate=dilation_rate, **kwargs)
        self.output_padding = None if output_padding is None else \
            _tuple(output_padding, 2, "output_padding")

    def _kernel_shape(self, in_channels):
        return self.kernel_size + (self.filters, in_channels)

    def call(self, inputs):
        fmt = "NCHW" if self.data_format == "channels_first" else "NHWC"
        dyn = _s.shape(inputs)
        static = inputs.shape.as_tuple()
        if fmt == "NHWC":
            h, w = static[1], static[2]
        else:
            h, w = static[2], static[3]
        oh, ow = self._out_hw(h, w)
        if fmt == "NHWC":
            out_shape = _s.stack([dyn[0], constant(oh), constant(ow), constant(self.filters)])
        else:
            out_shape = _s.stack([dyn[0], constant(self.filters), constant(oh), constant(ow)])
        out = _conv.conv2d_transpose(inputs, self.kernel.value, out_shape,
                                     strides=self.strides, padding=self.padding.upper(),
                                     data_format=fmt, dilations=self.dilation_rate)
        batch = static[0]
        out.set_shape((batch, oh, ow, self.filters) if fmt == "NHWC"
                      else (batch, self.filters, oh, ow))
        return self._finish(out)

    def _out_hw(self, h, w):
        op = self.output_padding or (None, None)
        if h is None or w is None:
            raise ValueError("Conv2DTranspose needs the spatial size of its inputs.")
        return (deconv_output_length(h, self.kernel_size[0], self.padding, self.strides[0],
                                     self.dilation_rate[0], op[0]),
                deconv_output_length(w, self.kernel_size[1], self.padding, self.strides[1],
                                     self.dilation_rate[1], op[1]))

    def compute_output_shape(self, input_shape):
        if self.data_format == "channels_first":
            n, _, h, w = input_shape
            oh, ow = self._out_hw(h, w)
            return (n, self.filters, oh, ow)
        n, h, w, _ = input_shape
        oh, ow = self._out_hw(h, w)
        return (n, oh, ow, self.filters)

    def get_config(self):
        config = super().get_config()
        config["output_padding"] = self.output_padding
        config.pop("groups", None)
        return config


Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution2DTranspose = Conv2DTranspose
