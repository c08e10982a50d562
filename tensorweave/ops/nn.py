"""Activations and normalised exponentials: ``relu``, ``softmax``, ``log_softmax``,
``softplus``.

``Softmax`` and ``LogSoftmax`` are primitives (not composites of exp/sum) because they must
subtract the row maximum to stay finite for large logits.
"""

import numpy as np

from .creation import convert_to_tensor, constant
from .math import multiply, subtract, exp, sigmoid, cast, greater, _Unary
from .reduce import reduce_sum
from .registry import Op, Spec, register

__all__ = ["relu", "softmax", "log_softmax", "softplus", "bias_add",
           "sparse_softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits",
           "softmax_cross_entropy_with_logits_v2", "sigmoid_cross_entropy_with_logits",
           "l2_loss"]


@register
class Relu(_Unary):
    """``max(x, 0)``."""

    kinds = "fi"

    def forward(self, xp, x):
        return xp.maximum(x, 0)

    def make_kernel(self, ctx, node):
        maximum, zero = ctx.xp.maximum, node.inputs[0].dtype.as_numpy_dtype(0)

        def kernel(x, out=None):
            return maximum(x, zero, out=out)
        kernel.accepts_out = True
        return kernel

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


# -- cross-entropy losses -------------------------------------------------------------------------
@register
class SparseSoftmaxCrossEntropyWithLogits(Op):
    """``-log(softmax(logits)[label])`` per row, fused so that large logits stay finite."""

    fresh_output = True

    def infer(self, logits, labels):
        if not logits.dtype.is_floating:
            raise TypeError(f"logits must be floating, got {logits.dtype.name}")
        if not labels.dtype.is_integer:
            raise TypeError(f"labels must be int32 or int64, got {labels.dtype.name}")
        if logits.shape is None:
            return Spec(labels.shape, logits.dtype)
        if labels.shape is not None:
            if len(labels.shape) != len(logits.shape) - 1 or any(
                    a is not None and b is not None and a != b
                    for a, b in zip(labels.shape, logits.shape[:-1])):
                raise ValueError(f"Rank mismatch: labels {list(labels.shape)} must have the "
                                 f"shape of logits {list(logits.shape)} without its last "
                                 "dimension")
        return Spec(logits.shape[:-1], logits.dtype)

    def forward(self, xp, logits, labels):
        n = logits.shape[-1]
        if labels.size and (labels.min() < 0 or labels.max() >= n):
            bad = labels[(labels < 0) | (labels >= n)].ravel()[0]
            raise ValueError(f"Received a label value of {bad} which is outside the valid "
                             f"range of [0, {n}).")
        z = logits - logits.max(axis=-1, keepdims=True)
        lse = xp.log(xp.exp(z).sum(axis=-1))
        picked = xp.take_along_axis(z, labels[..., None].astype(np.intp), axis=-1)[..., 0]
        return lse - picked

    def gradient(self, g, y, logits, labels):
        from .shape import one_hot, expand_dims
        depth = logits.shape[-1].value
        if depth is None:
            raise ValueError("The gradient of sparse_softmax_cross_entropy_with_logits needs "
                             "the number of classes (the last dimension of logits) to be known")
        onehot = one_hot(labels, depth, dtype=logits.dtype)
        return multiply(subtract(softmax(logits), onehot), expand_dims(g, -1)), None


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None,
                                             name=None):
    """Per-example ``-log softmax(logits)[labels]`` (labels are class indices).

    Raises:
        ValueError: when not called with named ``labels=`` and ``logits=`` arguments, or
            their shapes do not match.
        InvalidArgumentError: at run time, for a label outside ``[0, num_classes)``.
    """
    if _sentinel is not None:
        raise ValueError("Only call `sparse_softmax_cross_entropy_with_logits` with named "
                         "arguments (labels=..., logits=..., ...).")
    if labels is None or logits is None:
        raise ValueError("Both labels= and logits= must be provided.")
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels)
    return SparseSoftmaxCrossEntropyWithLogits().bind(
        logits, labels, name=name or "SparseSoftmaxCrossEntropyWithLogits")


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=-1, name=None, dim=None):
    """Per-example ``-sum(labels * log_softmax(logits))``; gradients reach the labels too."""
    from .. import graph as _g
    axis = dim if dim is not None else axis
    with _g.name_scope(name, "softmax_cross_entropy_with_logits") as scope:
        logits = convert_to_tensor(logits)
        labels = convert_to_tensor(labels, dtype=logits.dtype)
        from .math import negative
        return negative(reduce_sum(multiply(labels, log_softmax(logits, axis)), axis),
                        name=scope)


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1,
                                      name=None, axis=None):
    """TF1's version: like ``_v2`` but no gradient flows into ``labels``."""
    if _sentinel is not None:
        raise ValueError("Only call `softmax_cross_entropy_with_logits` with named arguments "
                         "(labels=..., logits=..., ...).")
    from .math import stop_gradient
    labels = stop_gradient(convert_to_tensor(labels))
    return softmax_cross_entropy_with_logits_v2(labels, logits, axis if axis is not None
                                                else dim, name)


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """Per-element ``max(x, 0) - x * z + log(1 + exp(-|x|))``: stable logistic loss."""
    if _sentinel is not None:
        raise ValueError("Only call `sigmoid_cross_entropy_with_logits` with named arguments "
                         "(labels=..., logits=..., ...).")
    from .. import graph as _g
    from .math import add, abs as abs_, log1p, maximum, negative, exp
    with _g.name_scope(name, "logistic_loss") as scope:
        logits = convert_to_tensor(logits)
        labels = convert_to_tensor(labels, dtype=logits.dtype)
        if not logits.shape.is_compatible_with(labels.shape):
            raise ValueError(f"logits and labels must have the same shape ({logits.shape} vs "
                             f"{labels.shape})")
        zeros = constant(0, dtype=logits.dtype)
        relu_logits = maximum(logits, zeros)
        return add(subtract(relu_logits, multiply(logits, labels)),
                   log1p(exp(negative(abs_(logits)))), name=scope)


def l2_loss(t, name=None):
    """``sum(t ** 2) / 2``."""
    from .math import square
    t = convert_to_tensor(t)
    return multiply(reduce_sum(square(t)), constant(0.5, dtype=t.dtype), name=name or "L2Loss")
