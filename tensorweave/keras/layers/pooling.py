"""Pooling layers: ``MaxPooling1D/2D``, ``AveragePooling1D/2D``, ``GlobalAveragePooling1D/2D``,
``GlobalMaxPooling1D/2D``."""

from ...ops import math as _m
from ...ops import pool as _pool
from ...ops import shape as _s
from ...ops.reduce import reduce_mean, reduce_max, reduce_sum
from .. import backend
from .._serialization import deprecated_argument
from .convolutional import _tuple, conv_output_length
from .layer import Layer, InputSpec

__all__ = ["MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
           "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D",
           "GlobalMaxPooling2D"]


class _Pooling(Layer):
    _built_at_init = True
    rank = 2
    kind = "max"

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None,
                 **kwargs):
        if "border_mode" in kwargs:
            padding = deprecated_argument({"border_mode": kwargs.pop("border_mode")},
                                          "border_mode", "padding",
                                          type(self).__name__)["padding"]
        if "pool_length" in kwargs:
            pool_size = deprecated_argument({"pool_length": kwargs.pop("pool_length")},
                                            "pool_length", "pool_size",
                                            type(self).__name__)["pool_size"]
        super().__init__(**kwargs)
        self.pool_size = _tuple(pool_size, self.rank, "pool_size")
        self.strides = self.pool_size if strides is None else \
            _tuple(strides, self.rank, "strides")
        self.padding = padding.lower()
        self.data_format = data_format or backend.image_data_format()
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _pool(self, x, pool, strides, fmt):
        fn = _pool.max_pool if self.kind == "max" else _pool.avg_pool
        return fn(x, pool, strides, self.padding.upper(), data_format=fmt)

    def call(self, inputs):
        fmt = "NCHW" if self.data_format == "channels_first" else "NHWC"
        if self.rank == 2:
            return self._pool(inputs, self.pool_size, self.strides, fmt)
        x = inputs
        if self.data_format == "channels_first":
            x = _s.transpose(x, [0, 2, 1])
        x = _s.expand_dims(x, 1)
        out = _s.squeeze(self._pool(x, (1, self.pool_size[0]), (1, self.strides[0]), "NHWC"),
                         [1])
        if self.data_format == "channels_first":
            out = _s.transpose(out, [0, 2, 1])
        return out

    def compute_output_shape(self, input_shape):
        first = self.data_format == "channels_first"
        spatial = input_shape[2:] if first else input_shape[1:-1]
        out = tuple(conv_output_length(d, p, self.padding, s)
                    for d, p, s in zip(spatial, self.pool_size, self.strides))
        if first:
            return (input_shape[0], input_shape[1]) + out
        return (input_shape[0],) + out + (input_shape[-1],)

    def get_config(self):
        config = super().get_config()
        config.update({"pool_size": self.pool_size, "padding": self.padding,
                       "strides": self.strides, "data_format": self.data_format})
        return config


class MaxPooling2D(_Pooling):
    """Max over ``pool_size`` windows (default 2×2, strides = pool_size, ``"valid"``)."""

    rank, kind = 2, "max"


class AveragePooling2D(_Pooling):
    """Average over ``pool_size`` windows (strides default to ``pool_size``).

    ``pool_size`` is required, as in Keras 3 (only the max poolings default to 2)."""

    rank, kind = 2, "avg"

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding,
                         data_format=data_format, **kwargs)


class MaxPooling1D(_Pooling):
    """Max over windows of ``pool_size`` steps of ``(batch, steps, channels)`` inputs."""

    rank, kind = 1, "max"


class AveragePooling1D(_Pooling):
    """Average over windows of ``pool_size`` steps (required, as in Keras 3)."""

    rank, kind = 1, "avg"

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides=strides, padding=padding,
                         data_format=data_format, **kwargs)


class _GlobalPooling(Layer):
    _built_at_init = True
    rank = 2
    kind = "avg"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or backend.image_data_format()
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _axes(self):
        if self.data_format == "channels_first":
            return list(range(2, self.rank + 2))
        return list(range(1, self.rank + 1))

    def call(self, inputs):
        fn = reduce_mean if self.kind == "avg" else reduce_max
        return fn(inputs, axis=self._axes(), keepdims=self.keepdims)

    def compute_output_shape(self, input_shape):
        axes = self._axes()
        if self.keepdims:
            return tuple(1 if i in axes else d for i, d in enumerate(input_shape))
        return tuple(d for i, d in enumerate(input_shape) if i not in axes)

    def get_config(self):
        config = super().get_config()
        config.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return config


class GlobalAveragePooling2D(_GlobalPooling):
    """Mean over height and width: ``(b, h, w, c)`` → ``(b, c)``."""

    rank, kind = 2, "avg"


class GlobalMaxPooling2D(_GlobalPooling):
    rank, kind = 2, "max"


class GlobalAveragePooling1D(_GlobalPooling):
    """Mean over steps: ``(b, steps, c)`` → ``(b, c)``; with a mask (``(b, steps)``, from
    ``Embedding(mask_zero=True)`` say) the mean of the unmasked steps only."""

    rank, kind = 1, "avg"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        steps = self._axes()[0]
        weights = _m.cast(_s.expand_dims(mask, 2 if steps == 1 else 1), inputs.dtype)
        total = reduce_sum(_m.multiply(inputs, weights), axis=steps, keepdims=self.keepdims)
        count = reduce_sum(weights, axis=steps, keepdims=self.keepdims)
        return _m.divide(total, count)

    def compute_mask(self, inputs, mask=None):
        """None: the steps, and their mask, are reduced away."""


class GlobalMaxPooling1D(_GlobalPooling):
    rank, kind = 1, "max"


MaxPool1D, MaxPool2D = MaxPooling1D, MaxPooling2D
AvgPool1D, AvgPool2D = AveragePooling1D, AveragePooling2D
GlobalAvgPool1D, GlobalAvgPool2D = GlobalAveragePooling1D, GlobalAveragePooling2D
GlobalMaxPool1D, GlobalMaxPool2D = GlobalMaxPooling1D, GlobalMaxPooling2D
