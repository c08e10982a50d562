"""``tf.layers`` 2-D pooling: ``MaxPooling2D``/``max_pooling2d`` and
``AveragePooling2D``/``average_pooling2d`` (no variables)."""

from ..ops.pool import max_pool, avg_pool
from .base import Layer, normalize_tuple, normalize_padding, normalize_data_format

__all__ = ["MaxPooling2D", "AveragePooling2D", "max_pooling2d", "average_pooling2d"]


class _Pooling2D(Layer):
    _pool = None

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last",
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if strides is None:
            strides = pool_size
        self.pool_size = normalize_tuple(pool_size, 2, "pool_size")
        self.strides = normalize_tuple(strides, 2, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = normalize_data_format(data_format)

    def build(self, input_shape):
        if input_shape.ndims is not None and input_shape.ndims != 4:
            raise ValueError(f"Input 0 of layer {self.name} is incompatible with the layer: "
                             f"expected ndim=4, found ndim={input_shape.ndims}. Full shape "
                             f"received: {input_shape}")
        self.built = True

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
