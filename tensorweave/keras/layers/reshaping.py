"""Reshaping layers of Keras 3: ``ZeroPadding1D/2D``, ``Cropping1D/2D``, ``UpSampling1D/2D``,
``RepeatVector``, ``Permute``; and ``TimeDistributed``, which applies a layer to every time
step.

Arguments, defaults, configs and output shapes are Keras 3's (``ZeroPadding2D(1)`` pads one
row and column on each side; ``UpSampling2D`` repeats rows and columns, or with
``interpolation="bilinear"`` resizes as ``tf.image.resize`` does, half-pixel centres).

Example:
    >>> model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.ZeroPadding2D(1),
    ...                           keras.layers.Conv2D(4, 3), keras.layers.UpSampling2D()])
"""

from ...ops import math as _m
from ...ops import shape as _s
from ...ops.creation import constant
from .. import backend
from .layer import InputSpec, Layer

__all__ = ["ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D", "UpSampling1D",
           "UpSampling2D", "RepeatVector", "Permute", "TimeDistributed"]


def _pair(value, what):
    """``value`` as (before, after): an int for both sides, or a pair."""
    if isinstance(value, int):
        return (value, value)
    value = tuple(int(v) for v in value)
    if len(value) != 2:
        raise ValueError(f"`{what}` should have two elements. Received: {what}={value}.")
    return value


def _pairs(value, what):
    """``value`` as ((top, bottom), (left, right)): an int, a pair of ints (symmetric per
    axis) or a pair of pairs."""
    if isinstance(value, int):
        return ((value, value), (value, value))
    value = tuple(value)
    if len(value) != 2:
        raise ValueError(f"`{what}` should have two elements. Received: {what}={value}.")
    return tuple(_pair(v, what) for v in value)


def _data_format(data_format):
    data_format = data_format or backend.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"The `data_format` argument must be one of 'channels_first', "
                         f"'channels_last'. Received: {data_format}")
    return data_format


def _spatial_axes(data_format, rank):
    """The spatial axes of a (batch, ..., channels) or (batch, channels, ...) input."""
    return list(range(1, rank - 1)) if data_format == "channels_last" else \
        list(range(2, rank))


def _add(d, extra):
    return None if d is None else d + extra


class ZeroPadding1D(Layer):
    """Zeros before and after the steps of a (batch, steps, features) input."""
    _built_at_init = True

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.padding = _pair(padding, "padding")
        self.data_format = _data_format(data_format)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        pads = [[0, 0], [0, 0], [0, 0]]
        pads[1 if self.data_format == "channels_last" else 2] = list(self.padding)
        return _s.pad(inputs, pads)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        axis = 1 if self.data_format == "channels_last" else 2
        shape[axis] = _add(shape[axis], sum(self.padding))
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update(padding=self.padding, data_format=self.data_format)
        return config


class ZeroPadding2D(Layer):
    """Zero rows above and below, zero columns left and right of an image batch."""
    _built_at_init = True

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.padding = _pairs(padding, "padding")
        self.data_format = _data_format(data_format)
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        pads = [[0, 0]] * 4
        for axis, pair in zip(_spatial_axes(self.data_format, 4), self.padding):
            pads[axis] = list(pair)
        return _s.pad(inputs, pads)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, pair in zip(_spatial_axes(self.data_format, 4), self.padding):
            shape[axis] = _add(shape[axis], sum(pair))
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update(padding=self.padding, data_format=self.data_format)
        return config


class Cropping1D(Layer):
    """Drops steps at the start and end of a (batch, steps, features) input."""
    _built_at_init = True

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self.cropping = _pair(cropping, "cropping")
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        start, end = self.cropping
        steps = inputs.shape.as_tuple()[1]
        if steps is not None and start + end >= steps:
            raise ValueError(f"`cropping` parameter of `Cropping1D` layer must be smaller "
                             f"than the input length. Received: inputs.shape={inputs.shape}, "
                             f"and cropping={self.cropping}")
        return inputs[:, start:(-end if end else None), :]

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        shape[1] = _add(shape[1], -sum(self.cropping))
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config["cropping"] = self.cropping
        return config


class Cropping2D(Layer):
    """Drops rows and columns at the edges of an image batch."""
    _built_at_init = True

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.cropping = _pairs(cropping, "cropping")
        self.data_format = _data_format(data_format)
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        index = [slice(None)] * 4
        dims = inputs.shape.as_tuple()
        for axis, (start, end) in zip(_spatial_axes(self.data_format, 4), self.cropping):
            if dims[axis] is not None and start + end >= dims[axis]:
                raise ValueError(f"Values in `cropping` argument should be smaller than the "
                                 f"corresponding spatial dimension of the input. Received: "
                                 f"inputs.shape={inputs.shape}, cropping={self.cropping}")
            index[axis] = slice(start, -end if end else None)
        return inputs[tuple(index)]

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, pair in zip(_spatial_axes(self.data_format, 4), self.cropping):
            shape[axis] = _add(shape[axis], -sum(pair))
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update(cropping=self.cropping, data_format=self.data_format)
        return config


def _repeat(x, times, axis):
    """Each entry of ``x`` along ``axis`` ``times`` times in a row (``np.repeat``)."""
    if times == 1:
        return x
    dims = x.shape.as_tuple()
    expanded = _s.expand_dims(x, axis + 1)
    tiles = [1] * (len(dims) + 1)
    tiles[axis + 1] = times
    tiled = _s.tile(expanded, tiles)
    if None in dims:
        dyn = _s.shape(x)
        parts = [dyn[i:i + 1] for i in range(len(dims))]
        parts[axis] = parts[axis] * times
        out = _s.reshape(tiled, _s.concat(parts, 0))
        known = list(dims)
        known[axis] = None if dims[axis] is None else dims[axis] * times
        out.set_shape(tuple(known))  # the static dimensions the reshape cannot know
        return out
    new = list(dims)
    new[axis] = dims[axis] * times
    return _s.reshape(tiled, new)


class UpSampling1D(Layer):
    """Repeats each step ``size`` times: (batch, steps, features) → (batch, steps * size,
    features)."""
    _built_at_init = True

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        self.size = int(size)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        return _repeat(inputs, self.size, 1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], None if input_shape[1] is None else input_shape[1] * self.size,
                input_shape[2])

    def get_config(self):
        config = super().get_config()
        config["size"] = self.size
        return config


class UpSampling2D(Layer):
    """Enlarges an image batch ``size`` times: rows and columns repeated
    (``interpolation="nearest"``, the default) or interpolated (``"bilinear"``)."""
    _built_at_init = True

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.size = _pair(size, "size") if not isinstance(size, int) else (size, size)
        self.data_format = _data_format(data_format)
        if interpolation not in ("nearest", "bilinear"):
            raise NotImplementedError(f"UpSampling2D: interpolation={interpolation!r} is not "
                                      "available in tensorweave ('nearest', 'bilinear')")
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        axes = _spatial_axes(self.data_format, 4)
        if self.interpolation == "nearest":
            out = inputs
            for axis, times in zip(axes, self.size):
                out = _repeat(out, times, axis)
            return out
        dims = inputs.shape.as_tuple()
        if dims[axes[0]] is None or dims[axes[1]] is None:
            raise ValueError("UpSampling2D(interpolation='bilinear') needs the input's height "
                             f"and width when the model is built; got shape {dims}")
        x = inputs if inputs.dtype.name == "float32" else _m.cast(inputs, "float32")
        from ...ops.image_more import bilinear_matrix  # tf.image.resize's weights
        rows = constant(bilinear_matrix(dims[axes[0]], dims[axes[0]] * self.size[0]))
        cols = constant(bilinear_matrix(dims[axes[1]], dims[axes[1]] * self.size[1]))
        from ...ops.indexing import einsum
        if self.data_format == "channels_last":
            out = einsum("ih,nhwc->niwc", rows, x)
            out = einsum("jw,niwc->nijc", cols, out)
        else:
            out = einsum("ih,nchw->nciw", rows, x)
            out = einsum("jw,nciw->ncij", cols, out)
        return out if inputs.dtype.name == "float32" else _m.cast(out, inputs.dtype)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, times in zip(_spatial_axes(self.data_format, 4), self.size):
            shape[axis] = None if shape[axis] is None else shape[axis] * times
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update(size=self.size, data_format=self.data_format,
                      interpolation=self.interpolation)
        return config


class RepeatVector(Layer):
    """Repeats a (batch, features) input ``n`` times: (batch, n, features)."""
    _built_at_init = True

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = n
        if not isinstance(n, int):
            raise TypeError(f"Expected an integer value for `n`, got {type(n)}.")
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        return _s.tile(_s.expand_dims(inputs, 1), [1, self.n, 1])

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        config = super().get_config()
        config["n"] = self.n
        return config


class Permute(Layer):
    """Permutes the non-batch axes: ``Permute((2, 1))`` swaps the two of a 3-D input."""
    _built_at_init = True

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(f"Invalid permutation argument `dims` for Permute Layer. The set "
                             f"of indices in `dims` must be consecutive and start from 1. "
                             f"Received dims={dims}")
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def call(self, inputs):
        return _s.transpose(inputs, [0] + list(self.dims))

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self):
        config = super().get_config()
        config["dims"] = self.dims
        return config


class TimeDistributed(Layer):
    """Applies ``layer`` to every time step of a (batch, steps, ...) input: the steps are
    folded into the batch, the layer runs once, and the result is unfolded."""

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(f"Please initialize `TimeDistributed` layer with a "
                             f"`keras.layers.Layer` instance. Received: {layer}")
        super().__init__(**kwargs)
        self.layer = layer
        self.supports_masking = True

    def build(self, input_shape):
        if len(input_shape) < 3:
            raise ValueError(f"`TimeDistributed` Layer should be passed an `input_shape` with "
                             f"at least 3 dimensions, received: {input_shape}")
        self.built = True

    def call(self, inputs, training=None, mask=None):
        dims = inputs.shape.as_tuple()
        inner = dims[2:]
        if None in inner:
            folded = _s.reshape(inputs, _s.concat([constant([-1]), _s.shape(inputs)[2:]], 0))
        else:
            folded = _s.reshape(inputs, [-1] + list(inner))
        kwargs = {"training": training} if training is not None else {}
        out = self.layer(folded, **kwargs)
        out_inner = out.shape.as_tuple()[1:]
        if None in out_inner or dims[1] is None:
            lead = _s.shape(inputs)[:2]
            result = _s.reshape(out, _s.concat([lead, _s.shape(out)[1:]], 0))
            result.set_shape((dims[0], dims[1]) + tuple(out_inner))
            return result
        return _s.reshape(out, [-1, dims[1]] + list(out_inner))

    def compute_output_shape(self, input_shape):
        inner = self.layer.compute_output_shape((input_shape[0],) + tuple(input_shape[2:]))
        return (input_shape[0], input_shape[1]) + tuple(inner[1:])

    def get_config(self):
        from . import serialize
        config = super().get_config()
        config["layer"] = serialize(self.layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from . import deserialize
        config = dict(config)
        layer = deserialize(config.pop("layer"), custom_objects=custom_objects)
        return cls(layer, **config)
