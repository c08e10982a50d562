"""Activations and normalised exponentials: ``relu``, ``softmax``, ``log_softmax``,
``softplus``.

``Softmax`` and ``LogSoftmax`` are primitives (not composites of exp/sum) because they must
subtract the row maximum to stay finite for large logits.
"""


from .creation import convert_to_tensor, constant
from .math import multiply, subtract, exp, sigmoid, cast, greater, _Unary
from .reduce import reduce_sum
from .registry import Op, Spec, register

__all__ = ["relu", "softmax", "log_softmax", "softplus", "bias_add"]


@register
class Relu(_Unary):
    """``max(x, 0)``."""

    kinds = "fi"

    def forward(self, xp, x):
        return xp.maximum(x, 0)

    def gradient(self, g, y, x):
        return (multiply(g, cast(greater(y, constant(0, dtype=y.dtype)), g.dtype)),)


@register
class Softplus(_Unary):
    """``log(1 + e ** x)``, computed without overflow."""

    def forward(self, xp, x):
        return xp.logaddexp(x.dtype.type(0), x)

    def gradient(self, g, y, x):
        return (multiply(g, sigmoid(x)),)


class _AxisSoftmax(Op):
    fresh_output = True

    def __init__(self, axis=-1):
        self.axis = axis

    def infer(self, x):
        if not x.dtype.is_floating:
            raise TypeError(f"{self.type_name} needs floating logits, got {x.dtype.name}")
        if x.shape is not None:
            r = len(x.shape)
            if r == 0:
                raise ValueError("logits must have at least 1 dimension")
            if not -r <= self.axis < r:
                raise ValueError(f"{self.type_name}: axis {self.axis} is out of range for "
                                 f"rank {r}")
        return Spec(x.shape, x.dtype)


@register
class Softmax(_AxisSoftmax):
    """``exp(x) / sum(exp(x))`` along ``axis``."""

    def forward(self, xp, x):
        e = x - x.max(axis=self.axis, keepdims=True)
        xp.exp(e, out=e)
        e /= e.sum(axis=self.axis, keepdims=True)
        return e

    def gradient(self, g, y, x):
        s = reduce_sum(multiply(g, y), self.axis, keepdims=True)
        return (multiply(subtract(g, s), y),)


@register
class LogSoftmax(_AxisSoftmax):
    """``x - log(sum(exp(x)))`` along ``axis``."""

    def forward(self, xp, x):
        z = x - x.max(axis=self.axis, keepdims=True)
        z -= xp.log(xp.exp(z).sum(axis=self.axis, keepdims=True))
        return z

    def gradient(self, g, y, x):
        s = reduce_sum(g, self.axis, keepdims=True)
        return (subtract(g, multiply(exp(y), s)),)


def relu(features, name=None):
    """Rectified linear unit: ``max(features, 0)``."""
    return Relu().bind(convert_to_tensor(features), name=name or "Relu")


def softplus(features, name=None):
    """``log(exp(features) + 1)``."""
    return Softplus().bind(convert_to_tensor(features), name=name or "Softplus")


def _softmax_fn(cls, default_name):
    def fn(logits, axis=None, name=None, dim=None):
        if axis is not None and dim is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'")
        axis = -1 if axis is None and dim is None else (dim if axis is None else axis)
        return cls(int(axis)).bind(convert_to_tensor(logits), name=name or default_name)
    return fn


softmax = _softmax_fn(Softmax, "Softmax")
softmax.__doc__ = """Softmax along ``axis`` (default the last; ``dim`` is the TF1 spelling).

    Example: ``tf.nn.softmax([[1., 1.]])`` → ``[[0.5, 0.5]]``."""
log_softmax = _softmax_fn(LogSoftmax, "LogSoftmax")
log_softmax.__doc__ = "Log of the softmax along ``axis``, computed stably."



@register
class BiasAdd(Op):
    """``value + bias`` with ``bias`` (1-D) added along the channel dimension."""

    fresh_output = True

    def __init__(self, data_format="NHWC"):
        self.data_format = data_format

    def infer(self, value, bias):
        if value.dtype != bias.dtype:
            raise TypeError(f"Input 'bias' of 'BiasAdd' Op has type {bias.dtype.name} that "
                            f"does not match type {value.dtype.name} of argument 'value'.")
        if bias.shape is not None and len(bias.shape) != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {len(bias.shape)}")
        if value.shape is not None:
            if len(value.shape) < 2:
                raise ValueError(f"Shape must be at least rank 2 but is rank "
                                 f"{len(value.shape)}")
            c = value.shape[self._axis(len(value.shape))]
            b = None if bias.shape is None else bias.shape[0]
            if c is not None and b is not None and c != b:
                raise ValueError(f"Dimensions must be equal, but are {c} and {b}")
        return Spec(value.shape, value.dtype)

    def _axis(self, rank):
        return 1 if self.data_format.startswith("NC") else rank - 1

    def forward(self, xp, value, bias):
        if self.data_format.startswith("NC"):
            bias = bias.reshape((-1,) + (1,) * (value.ndim - 2))
        return xp.add(value, bias)

    def gradient(self, g, y, value, bias):
        rank = g.shape.ndims
        if rank is None:
            raise ValueError("BiasAdd gradient needs the rank of its input")
        axis = self._axis(rank)
        return g, reduce_sum(g, [i for i in range(rank) if i != axis])


def bias_add(value, bias, data_format=None, name=None):
    """Adds a 1-D ``bias`` to ``value`` along its last (channel) dimension."""
    value = convert_to_tensor(value)
    bias = convert_to_tensor(bias, dtype=value.dtype)
    return BiasAdd(data_format or "NHWC").bind(value, bias, name=name or "BiasAdd")
