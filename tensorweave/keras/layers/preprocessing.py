"""Preprocessing layers of Keras 3: ``Normalization`` (with ``adapt``) and ``Resizing``.

``Normalization`` standardizes its inputs with a mean and variance per position of the kept
``axis`` (default the last): given as ``mean=``/``variance=``, or computed from data by
``adapt`` (NumPy's mean and variance over the other axes, as Keras computes them for
arrays). The values live in non-trainable weights ``mean``, ``variance`` (and Keras's
``count``), so they are saved and loaded with the model.

Example (the TF 2 "basic regression" tutorial):
    >>> normalizer = keras.layers.Normalization(axis=-1)
    >>> normalizer.adapt(np.array(train_features))
    >>> model = keras.Sequential([normalizer, keras.layers.Dense(1)])
"""

import numpy as np

from ...ops import math as _m
from ...ops import shape as _s
from ...ops.creation import constant
from .. import backend
from .layer import Layer

__all__ = ["Normalization", "Resizing"]


class Normalization(Layer):
    """``(x - mean) / max(sqrt(variance), epsilon)`` per position of ``axis`` (or, with
    ``invert=True``, ``mean + x * max(sqrt(variance), epsilon)``).

    Args:
        axis: the axis (or axes) kept: one mean and variance per position along them
            (default -1); None: one scalar mean and variance.
        mean, variance: fixed values (both or neither); else ``adapt`` computes them.
        invert: undo a normalization instead.
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        self.axis = tuple(axis)
        if (mean is not None) != (variance is not None):
            raise ValueError("When setting values directly, both `mean` and `variance` must "
                             f"be set. Received: mean={mean} and variance={variance}")
        if mean is not None and np.shape(mean) != np.shape(variance):
            raise ValueError("When setting values directly, `mean` and `variance` must have "
                             f"the same shape. Received: mean shape {np.shape(mean)} and "
                             f"variance shape {np.shape(variance)}")
        self.input_mean, self.input_variance = mean, variance
        self.invert = bool(invert)
        self.supports_masking = True
        self.adapt_mean = self.adapt_variance = None

    def build(self, input_shape):
        ndim = len(input_shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(f"All `axis` values must be in the range [-ndim, ndim). "
                             f"Received inputs with ndim={ndim}, while axis={self.axis}")
        self._keep_axis = tuple(sorted(d if d >= 0 else d + ndim for d in self.axis))
        for d in self._keep_axis:
            if input_shape[d] is None:
                raise ValueError(f"All `axis` values to be kept must have a known shape. "
                                 f"Received axis={self.axis}, inputs.shape={input_shape}, "
                                 f"with unknown axis at index {d}")
        self._reduce_axis = tuple(d for d in range(ndim) if d not in self._keep_axis)
        self._broadcast_shape = [input_shape[d] if d in self._keep_axis else 1
                                 for d in range(ndim)]
        shape = tuple(input_shape[d] for d in self._keep_axis)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(name="mean", shape=shape, initializer="zeros",
                                              trainable=False)
            self.adapt_variance = self.add_weight(name="variance", shape=shape,
                                                  initializer="ones", trainable=False)
            self.count = self.add_weight(name="count", shape=(), dtype="int64",
                                         initializer="zeros", trainable=False)
        self.built = True

    def adapt(self, data, batch_size=None, steps=None):
        """Computes the mean and variance of ``data`` (an array, or a ``tf.data`` dataset
        of batches) over the axes not kept, and stores them in the layer's weights."""
        data = self._as_array(data)
        if not self.built:
            self.build((None,) + tuple(data.shape[1:]))
        if self.input_mean is not None:
            raise ValueError("Normalization: `adapt` needs a layer made without fixed "
                             "`mean` and `variance`.")
        self.adapt_mean.assign(np.mean(data, axis=self._reduce_axis).astype(np.float32))
        self.adapt_variance.assign(np.var(data, axis=self._reduce_axis).astype(np.float32))

    @staticmethod
    def _as_array(data):
        if hasattr(data, "as_numpy_iterator") or (hasattr(data, "__iter__") and
                                                  not hasattr(data, "__array__") and
                                                  not isinstance(data, (list, tuple))):
            batches = [np.asarray(b[0] if isinstance(b, tuple) else b) for b in
                       (data.as_numpy_iterator() if hasattr(data, "as_numpy_iterator")
                        else data)]
            return np.concatenate(batches, 0)
        return np.asarray(data)

    def _statistics(self, dtype):
        if self.input_mean is not None:
            mean = np.asarray(self.input_mean, np.float64)
            variance = np.asarray(self.input_variance, np.float64)
            if mean.ndim:  # aligned with the kept axes from the right, as Keras does
                expanded = [1] * len(self._broadcast_shape)
                for i in range(1, mean.ndim + 1):
                    expanded[self._keep_axis[-i]] = mean.shape[-i]
                mean, variance = mean.reshape(expanded), variance.reshape(expanded)
            mean = np.broadcast_to(mean, self._broadcast_shape)
            variance = np.broadcast_to(variance, self._broadcast_shape)
            return constant(mean.astype(dtype)), constant(variance.astype(dtype))
        mean = _s.reshape(self.adapt_mean.value, self._broadcast_shape)
        variance = _s.reshape(self.adapt_variance.value, self._broadcast_shape)
        if mean.dtype.name != dtype:
            mean, variance = _m.cast(mean, dtype), _m.cast(variance, dtype)
        return mean, variance

    def call(self, inputs):
        dtype = self.dtype or "float32"
        x = inputs if inputs.dtype.name == dtype else _m.cast(inputs, dtype)
        mean, variance = self._statistics(dtype)
        scale = _m.maximum(_m.sqrt(variance), constant(backend.epsilon(), dtype=dtype))
        if self.invert:
            return _m.add(mean, _m.multiply(x, scale))
        return _m.divide(_m.subtract(x, mean), scale)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"axis": self.axis, "invert": self.invert,
                       "mean": np.array(self.input_mean).tolist(),
                       "variance": np.array(self.input_variance).tolist()})
        return config


class Resizing(Layer):
    """Resizes image batches to (height, width) as ``tf.image.resize`` does (half-pixel
    centres; ``"bilinear"`` or ``"nearest"``); with ``crop_to_aspect_ratio`` the largest
    central window of the target's aspect ratio is resized. Integer images come back in
    their dtype, rounded (as Keras 3 on TensorFlow gives them)."""
    _built_at_init = True

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0,
                 data_format=None, **kwargs):
        super().__init__(**kwargs)
        if pad_to_aspect_ratio:
            raise NotImplementedError("Resizing(pad_to_aspect_ratio=True) is not available "
                                      "in tensorweave")
        self.height, self.width = int(height), int(width)
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = bool(crop_to_aspect_ratio)
        self.pad_to_aspect_ratio = False
        self.fill_mode, self.fill_value = fill_mode, fill_value
        self.data_format = data_format or backend.image_data_format()

    def call(self, inputs):
        from ...ops import image_more
        x = inputs
        if self.data_format == "channels_first":
            x = _s.transpose(x, [0, 2, 3, 1] if x.shape.ndims == 4 else [1, 2, 0])
        if self.crop_to_aspect_ratio:
            rank = x.shape.ndims
            h, w = x.shape.as_tuple()[rank - 3], x.shape.as_tuple()[rank - 2]
            crop_h = max(min(h, int(float(w * self.height) / self.width)), 1)
            crop_w = max(min(w, int(float(h * self.width) / self.height)), 1)
            x = image_more.crop_to_bounding_box(x, int(float(h - crop_h) / 2),
                                                int(float(w - crop_w) / 2), crop_h, crop_w)
        out = image_more.resize(x, [self.height, self.width], method=self.interpolation)
        if inputs.dtype.is_integer:
            out = out if out.dtype == inputs.dtype else _m.cast(_m.round(out), inputs.dtype)
        if self.data_format == "channels_first":
            out = _s.transpose(out, [0, 3, 1, 2] if out.shape.ndims == 4 else [2, 0, 1])
        return out

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        if self.data_format == "channels_first":
            shape[-2], shape[-1] = self.height, self.width
        else:
            shape[-3], shape[-2] = self.height, self.width
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update({"height": self.height, "width": self.width,
                       "interpolation": self.interpolation,
                       "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                       "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
                       "fill_mode": self.fill_mode, "fill_value": self.fill_value,
                       "data_format": self.data_format})
        return config
