"""``keras.ops``: neural-network functions: activations, softmax, cross-entropies and
moments (see the package's docstring)."""

import builtins
import math as _pymath

from ...ops import math as _m
from ...ops import nn as _nn
from ...ops import reduce as _r
from ...ops import shape as _s
from .. import activations as _act
from .. import backend as _kb
from .. import losses as _losses
from ._core import _as_float, _axes, _kind, _name, _tensor


# -- nn -----------------------------------------------------------------------------------------
def relu(x):
    """``max(x, 0)``."""
    x = _tensor(x)
    if _kind(_name(x)) != "f":
        return _m.maximum(x, _tensor(0, _name(x)))
    return _act.relu(x)


def relu6(x):
    """``min(max(x, 0), 6)``."""
    x = _tensor(x)
    if _kind(_name(x)) != "f":
        return _m.minimum(_m.maximum(x, _tensor(0, _name(x))), _tensor(6, _name(x)))
    return _act.relu6(x)


def _float_act(fn, name, doc):
    def op(x):
        return fn(_as_float(x))
    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    return op


sigmoid = _float_act(_act.sigmoid, "sigmoid", "``1 / (1 + exp(-x))``.")
tanh = _float_act(_act.tanh, "tanh", "Hyperbolic tangent.")
softplus = _float_act(_act.softplus, "softplus", "``log(exp(x) + 1)``.")
softsign = _float_act(_act.softsign, "softsign", "``x / (abs(x) + 1)``.")
selu = _float_act(_act.selu, "selu", "Scaled exponential linear unit.")
silu = _float_act(_act.silu, "silu", "``x * sigmoid(x)``.")
hard_sigmoid = _float_act(_act.hard_sigmoid, "hard_sigmoid", "``relu6(x + 3) / 6``.")


def swish(x):
    """``x * sigmoid(x)`` (the same as :func:`silu`)."""
    return silu(x)


def _along(fn, x, axis):
    """``fn(x, axis=axis)`` on float ``x``; ``axis=None``: over all elements, as one axis."""
    x = _as_float(x)
    if axis is None:
        return _s.reshape(fn(_s.reshape(x, [-1]), axis=0), _s.shape(x))
    return fn(x, axis=axis)


def softmax(x, axis=-1):
    """``exp(x) / sum(exp(x))`` along ``axis`` (default the last)."""
    return _along(_act.softmax, x, axis)


def log_softmax(x, axis=-1):
    """``log(softmax(x))`` along ``axis``, computed stably."""
    return _along(_act.log_softmax, x, axis)


def elu(x, alpha=1.0):
    """``x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``."""
    return _act.elu(_as_float(x), alpha=alpha)


def gelu(x, approximate=True):
    """Gaussian error linear unit; by default (unlike ``keras.activations.gelu``) the tanh
    approximation."""
    x = _as_float(x)
    if approximate:
        return _act.gelu(x, approximate=True)
    half = _tensor(0.5, _name(x))
    cdf = _m.multiply(half, _m.add(_tensor(1.0, _name(x)),
                                   _m.erf(_m.multiply(x, _tensor(1.0 / _pymath.sqrt(2.0),
                                                                 _name(x))))))
    return _m.multiply(x, cdf)


def leaky_relu(x, negative_slope=0.2):
    """``x`` for positive values, ``negative_slope * x`` otherwise."""
    return _act.leaky_relu(_as_float(x), negative_slope=negative_slope)


def logsumexp(x, axis=None, keepdims=False):
    """``log(sum(exp(x)))`` over ``axis`` (None: all), computed stably."""
    return _r.reduce_logsumexp(_as_float(x), axis=_axes(axis), keepdims=bool(keepdims))


def _check_same_shape(target, output):
    ts, os_ = target.shape.as_tuple(), output.shape.as_tuple()
    if ts is None or os_ is None:
        return
    if len(ts) != len(os_) or builtins.any(a is not None and b is not None and a != b
                                           for a, b in zip(ts, os_)):
        raise ValueError(f"Arguments `target` and `output` must have the same shape. "
                         f"Received: target.shape={ts}, output.shape={os_}")


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """``-sum(target * log(output), axis)`` per sample, ``output`` normalized to sum to 1
    (and clipped to [epsilon, 1 - epsilon]); with ``from_logits``, ``output`` are logits."""
    output = _as_float(output)
    target = _tensor(target, _name(output))
    _check_same_shape(target, output)
    return _losses.categorical_crossentropy(target, output, from_logits=from_logits,
                                            axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """``-log(output[target])`` per sample for integer class indices ``target``."""
    output = _as_float(output)
    return _losses.sparse_categorical_crossentropy(target, output, from_logits=from_logits,
                                                   axis=axis)


def binary_crossentropy(target, output, from_logits=False):
    """The elementwise ``-(target * log(output) + (1 - target) * log(1 - output))`` (output
    clipped to [epsilon, 1 - epsilon]); with ``from_logits`` the stable logistic loss."""
    output = _as_float(output)
    target = _tensor(target, _name(output))
    _check_same_shape(target, output)
    if not from_logits:
        logits = _losses._logits_under(output, "Sigmoid")
        if logits is not None:
            output, from_logits = logits, True
    if from_logits:
        return _nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    eps = _kb.epsilon()
    p = _m.clip_by_value(output, eps, 1.0 - eps)
    one = _tensor(1.0, _name(p))
    return _m.negative(_m.add(_m.multiply(target, _m.log(p)),
                              _m.multiply(_m.subtract(one, target),
                                          _m.log(_m.subtract(one, p)))))


def moments(x, axes, keepdims=False, synchronized=False):
    """``(mean, variance)`` of ``x`` over ``axes``, the variance as ``E[x²] - E[x]²`` (as
    Keras computes it); float16 input is reduced in float32."""
    x = _tensor(x)
    dt = _name(x)
    if dt == "float16":
        x = _m.cast(x, "float32")
    axes = _axes(axes)
    m = _r.reduce_mean(x, axis=axes, keepdims=bool(keepdims))
    v = _m.subtract(_r.reduce_mean(_m.square(x), axis=axes, keepdims=bool(keepdims)),
                    _m.square(_m.stop_gradient(m)))
    if dt == "float16":
        m, v = _m.cast(m, dt), _m.cast(v, dt)
    return m, v
