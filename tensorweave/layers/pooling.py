"""``tf.layers`` pooling: ``MaxPooling2D``/``max_pooling2d``,
``AveragePooling2D``/``average_pooling2d`` and their 1-D forms ``MaxPooling1D``/
``max_pooling1d``, ``AveragePooling1D``/``average_pooling1d`` (no variables)."""

from ..ops.pool import max_pool, avg_pool
from ..ops.shape import expand_dims, squeeze
from .base import Layer, normalize_tuple, normalize_padding, normalize_data_format

__all__ = ["MaxPooling2D", "AveragePooling2D", "max_pooling2d", "average_pooling2d",
           "MaxPooling1D", "AveragePooling1D", "max_pooling1d", "average_pooling1d"]


class _Pooling(Layer):
    """Arguments and input checks shared by the 1-D and 2-D pooling layers."""

    _pool = None
    _rank = 2

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last",
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if strides is None:
            strides = pool_size
        self.pool_size = normalize_tuple(pool_size, self._rank, "pool_size")
        self.strides = normalize_tuple(strides, self._rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)

    def build(self, input_shape):
        ndim = self._rank + 2
        if input_shape.ndims is not None and input_shape.ndims != ndim:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: "
                             f"expected ndim={ndim}, found ndim={input_shape.ndims}. Full "
                             f"shape received: {input_shape}")
        self.built = True


class _Pooling2D(_Pooling):

    def call(self, inputs):
        if self.data_format == "channels_last":
            ksize = (1,) + self.pool_size + (1,)
            strides = (1,) + self.strides + (1,)
            fmt = "NHWC"
        else:
            ksize = (1, 1) + self.pool_size
            strides = (1, 1) + self.strides
            fmt = "NCHW"
        return type(self)._pool(inputs, ksize, strides, self.padding.upper(), data_format=fmt)


class MaxPooling2D(_Pooling2D):
    """Max pooling over ``pool_size`` windows every ``strides`` pixels.

    Args:
        pool_size, strides: ints or pairs; padding: ``"valid"`` (default) or ``"same"``;
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
    """

    _pool = staticmethod(max_pool)


class AveragePooling2D(_Pooling2D):
    """Average pooling (with ``"same"`` padding, only the real pixels of a window count)."""

    _pool = staticmethod(avg_pool)


def max_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                  name=None):
    """``tf.layers.max_pooling2d``: ops named ``max_pooling2d/MaxPool`` (made unique).

    Example:
        >>> h = tf.layers.max_pooling2d(h, pool_size=2, strides=2)
    """
    return MaxPooling2D(pool_size, strides, padding=padding, data_format=data_format,
                        name=name).apply(inputs)


def average_pooling2d(inputs, pool_size, strides, padding="valid",
                      data_format="channels_last", name=None):
    """``tf.layers.average_pooling2d``."""
    return AveragePooling2D(pool_size, strides, padding=padding, data_format=data_format,
                            name=name).apply(inputs)


class _Pooling1D(_Pooling):
    """Pools (batch, length, channels) inputs as (batch, length, 1, channels) images, as
    Keras does (``"channels_first"``: (batch, channels, length, 1))."""

    _rank = 1

    def call(self, inputs):
        last = self.data_format == "channels_last"
        axis = 2 if last else 3
        x = expand_dims(inputs, axis)
        if last:
            ksize, strides, fmt = (1,) + self.pool_size + (1, 1), (1,) + self.strides + (1, 1), \
                "NHWC"
        else:
            ksize, strides, fmt = (1, 1) + self.pool_size + (1,), (1, 1) + self.strides + (1,), \
                "NCHW"
        y = type(self)._pool(x, ksize, strides, self.padding.upper(), data_format=fmt)
        return squeeze(y, [axis])


class MaxPooling1D(_Pooling1D):
    """Max pooling over windows of ``pool_size`` steps every ``strides`` steps.

    Args:
        pool_size, strides: ints; padding: ``"valid"`` (default) or ``"same"``;
        data_format: ``"channels_last"`` (default) or ``"channels_first"``.
    """

    _pool = staticmethod(max_pool)


class AveragePooling1D(_Pooling1D):
    """Average pooling over windows of ``pool_size`` steps (``"same"``: real steps only)."""

    _pool = staticmethod(avg_pool)


def max_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last",
                  name=None):
    """``tf.layers.max_pooling1d`` on (batch, length, channels) inputs.

    Example:
        >>> h = tf.layers.max_pooling1d(seq, pool_size=2, strides=2)   # length halves
    """
    return MaxPooling1D(pool_size, strides, padding=padding, data_format=data_format,
                        name=name).apply(inputs)


def average_pooling1d(inputs, pool_size, strides, padding="valid",
                      data_format="channels_last", name=None):
    """``tf.layers.average_pooling1d`` on (batch, length, channels) inputs.

    Example:
        >>> h = tf.layers.average_pooling1d(seq, pool_size=3, strides=1, padding="same")
    """
    return AveragePooling1D(pool_size, strides, padding=padding, data_format=data_format,
                            name=name).apply(inputs)
