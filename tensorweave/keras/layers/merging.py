"""Merging layers: ``Concatenate``, ``Add``, ``Subtract``, ``Multiply``, ``Average``,
``Maximum``, ``Minimum`` and their functional forms (``keras.layers.concatenate([a, b])``)."""

from ...ops import math as _m
from ...ops.creation import constant, ones_like, zeros_like
from ...ops.reduce import reduce_any
from ...ops.shape import concat, expand_dims
from .layer import Layer

__all__ = ["Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
           "concatenate", "add", "subtract", "multiply", "average", "maximum", "minimum"]


class _Merge(Layer):
    min_inputs = 2

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) < self.min_inputs \
                or not isinstance(input_shape[0], (list, tuple)):
            raise ValueError(f"A merge layer should be called on a list of at least "
                             f"{self.min_inputs} inputs. Got: input_shape={input_shape}")
        self.built = True

    def call(self, inputs):
        out = inputs[0]
        for x in inputs[1:]:
            out = self._merge(out, x)
        return out

    def compute_mask(self, inputs, mask=None):
        """Masked where every input is masked (the OR of the masks); no mask unless every
        input has one."""
        if mask is None or not isinstance(mask, (list, tuple)) or \
                any(m is None for m in mask):
            return None
        out = mask[0]
        for m in mask[1:]:
            out = _m.logical_or(out, m)
        return out

    def compute_output_shape(self, input_shape):
        out = list(input_shape[0])
        for shape in input_shape[1:]:
            for i, d in enumerate(shape):
                if out[i] is None:
                    out[i] = d
        return tuple(out)


class Add(_Merge):
    """Sums a list of same-shaped inputs."""

    def _merge(self, a, b):
        return _m.add(a, b)


class Subtract(_Merge):
    """``inputs[0] - inputs[1]`` (exactly two inputs)."""

    def build(self, input_shape):
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(f"A `Subtract` layer should be called on exactly 2 inputs. "
                             f"Received: input_shape={input_shape}")

    def _merge(self, a, b):
        return _m.subtract(a, b)


class Multiply(_Merge):
    """Elementwise product of a list of inputs."""

    def _merge(self, a, b):
        return _m.multiply(a, b)


class Maximum(_Merge):
    def _merge(self, a, b):
        return _m.maximum(a, b)


class Minimum(_Merge):
    def _merge(self, a, b):
        return _m.minimum(a, b)


class Average(_Merge):
    """Elementwise mean of a list of inputs."""

    def call(self, inputs):
        total = inputs[0]
        for x in inputs[1:]:
            total = _m.add(total, x)
        return _m.divide(total, constant(float(len(inputs)), dtype=total.dtype))


class Concatenate(_Merge):
    """Concatenates a list of inputs along ``axis`` (default -1)."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = int(axis)

    def build(self, input_shape):
        super().build(input_shape)
        ranks = {len(s) for s in input_shape}
        if len(ranks) != 1:
            raise ValueError("A `Concatenate` layer requires inputs with matching shapes "
                             f"except for the concatenation axis. Received: input_shape="
                             f"{input_shape}")

    def call(self, inputs):
        return concat(list(inputs), axis=self.axis)

    def compute_mask(self, inputs, mask=None):
        """The inputs' masks (all true for an unmasked input, widened to the input's rank)
        concatenated along ``axis``, then any() over the last axis."""
        if mask is None or not isinstance(mask, (list, tuple)) or \
                all(m is None for m in mask):
            return None
        masks = []
        for x, m in zip(inputs, mask):
            if m is None:
                m = _m.cast(ones_like(x), "bool")
            elif m.shape.ndims is not None and x.shape.ndims is not None and \
                    m.shape.ndims < x.shape.ndims:
                m = _m.logical_or(expand_dims(m, -1), _m.cast(zeros_like(x), "bool"))
            masks.append(m)
        return reduce_any(concat(masks, axis=self.axis), axis=-1)

    def compute_output_shape(self, input_shape):
        out = list(input_shape[0])
        axis = self.axis % len(out)
        total = 0
        for shape in input_shape:
            if shape[axis] is None or total is None:
                total = None
            else:
                total += shape[axis]
        out[axis] = total
        return tuple(out)

    def get_config(self):
        config = super().get_config()
        config["axis"] = self.axis
        return config


def _functional(cls):
    def fn(inputs, **kwargs):
        return cls(**kwargs)(inputs)
    fn.__name__ = cls.__name__.lower()
    fn.__doc__ = f"Functional form of ``{cls.__name__}``: ``{fn.__name__}([a, b])``."
    return fn


add = _functional(Add)
subtract = _functional(Subtract)
multiply = _functional(Multiply)
average = _functional(Average)
maximum = _functional(Maximum)
minimum = _functional(Minimum)


def concatenate(inputs, axis=-1, **kwargs):
    """Functional form of ``Concatenate``: ``concatenate([a, b], axis=-1)``."""
    return Concatenate(axis=axis, **kwargs)(inputs)
