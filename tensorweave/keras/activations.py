"""``keras.activations``: activation functions on graph tensors, and ``get(identifier)``.

Each is a composite of tensorweave ops (so gradients come for free). Formulas and defaults
follow Keras 3: ``relu(x, negative_slope=0.0, max_value=None, threshold=0.0)``,
``elu(x, alpha=1.0)``, ``gelu(x, approximate=False)``, ``hard_sigmoid = relu6(x + 3) / 6``,
``leaky_relu(x, negative_slope=0.2)``.

Example:
    >>> act = keras.activations.get("relu")
    >>> y = act(x)
"""

import math

from ..ops import math as _m
from ..ops import nn as _nn
from ..ops.creation import convert_to_tensor, constant
from . import _serialization

__all__ = ["relu", "relu6", "leaky_relu", "sigmoid", "tanh", "softmax", "log_softmax",
           "linear", "elu", "selu", "softplus", "softsign", "gelu", "swish", "silu",
           "exponential", "hard_sigmoid", "hard_silu", "hard_swish", "mish", "get",
           "serialize", "deserialize"]


def _c(value, x):
    return constant(value, dtype=x.dtype)


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """``max(x, 0)``; with ``negative_slope`` below ``threshold``, clipped at ``max_value``."""
    x = convert_to_tensor(x)
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return _nn.relu(x)
    shifted = _m.subtract(x, _c(threshold, x)) if threshold else x
    out = _m.where(_m.greater(x, _c(threshold, x)), x,
                   _m.multiply(shifted, _c(negative_slope, x)) if negative_slope
                   else _m.multiply(x, _c(0.0, x)))
    if max_value is not None:
        out = _m.minimum(out, _c(max_value, x))
    return out


def relu6(x):
    """``min(max(x, 0), 6)``."""
    x = convert_to_tensor(x)
    return _m.minimum(_nn.relu(x), _c(6.0, x))


def leaky_relu(x, negative_slope=0.2):
    """``x`` for positive values, ``negative_slope * x`` otherwise."""
    x = convert_to_tensor(x)
    return _m.maximum(x, _m.multiply(x, _c(negative_slope, x)))


def sigmoid(x):
    return _m.sigmoid(convert_to_tensor(x))


def tanh(x):
    return _m.tanh(convert_to_tensor(x))


def softmax(x, axis=-1):
    """Softmax along ``axis`` (default the last)."""
    return _nn.softmax(convert_to_tensor(x), axis=axis)


def log_softmax(x, axis=-1):
    return _nn.log_softmax(convert_to_tensor(x), axis=axis)


def linear(x):
    """The identity (``activation=None`` means this)."""
    return convert_to_tensor(x)


def exponential(x):
    return _m.exp(convert_to_tensor(x))


def elu(x, alpha=1.0):
    """``x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``."""
    x = convert_to_tensor(x)
    # exp of the non-positive part only: no overflow in the branch that is not taken
    neg = _m.multiply(_m.expm1(_m.minimum(x, _c(0.0, x))), _c(alpha, x))
    return _m.where(_m.greater(x, _c(0.0, x)), x, neg)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(x):
    """Scaled ELU (Klambauer et al., 2017)."""
    x = convert_to_tensor(x)
    return _m.multiply(elu(x, _SELU_ALPHA), _c(_SELU_SCALE, x))


def softplus(x):
    """``log(exp(x) + 1)``, computed without overflow."""
    return _nn.softplus(convert_to_tensor(x))


def softsign(x):
    """``x / (abs(x) + 1)``."""
    x = convert_to_tensor(x)
    return _m.divide(x, _m.add(_m.abs(x), _c(1.0, x)))


def _erf(x):
    # Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7, below float32 resolution);
    # a composite, so it needs no gradient rule of its own
    a1, a2, a3, a4, a5, p = (0.254829592, -0.284496736, 1.421413741, -1.453152027,
                             1.061405429, 0.3275911)
    s = _m.sign(x)
    ax = _m.abs(x)
    t = _m.reciprocal(_m.add(_m.multiply(ax, _c(p, x)), _c(1.0, x)))
    poly = _c(a5, x)
    for a in (a4, a3, a2, a1):
        poly = _m.add(_m.multiply(poly, t), _c(a, x))
    poly = _m.multiply(poly, t)
    y = _m.subtract(_c(1.0, x), _m.multiply(poly, _m.exp(_m.negative(_m.square(ax)))))
    return _m.multiply(s, y)


def gelu(x, approximate=False):
    """Gaussian error linear unit: ``x * P(X <= x)`` for standard normal ``X``; with
    ``approximate=True`` the tanh approximation."""
    x = convert_to_tensor(x)
    if approximate:
        c = math.sqrt(2.0 / math.pi)
        inner = _m.multiply(_c(c, x), _m.add(x, _m.multiply(_c(0.044715, x),
                                                               _m.pow(x, _c(3.0, x)))))
        return _m.multiply(_m.multiply(_c(0.5, x), x), _m.add(_c(1.0, x), _m.tanh(inner)))
    cdf = _m.multiply(_c(0.5, x), _m.add(_c(1.0, x),
                                         _erf(_m.multiply(x, _c(1.0 / math.sqrt(2.0), x)))))
    return _m.multiply(x, cdf)


def swish(x):
    """``x * sigmoid(x)`` (also called silu)."""
    x = convert_to_tensor(x)
    return _m.multiply(x, _m.sigmoid(x))


silu = swish


def hard_sigmoid(x):
    """``relu6(x + 3) / 6``: a piecewise linear sigmoid."""
    x = convert_to_tensor(x)
    return _m.divide(relu6(_m.add(x, _c(3.0, x))), _c(6.0, x))


def hard_silu(x):
    x = convert_to_tensor(x)
    return _m.multiply(x, hard_sigmoid(x))


hard_swish = hard_silu


def mish(x):
    """``x * tanh(softplus(x))``."""
    x = convert_to_tensor(x)
    return _m.multiply(x, _m.tanh(_nn.softplus(x)))


_BY_NAME = {f.__name__: f for f in (
    relu, relu6, leaky_relu, sigmoid, tanh, softmax, log_softmax, linear, elu, selu, softplus,
    softsign, gelu, swish, exponential, hard_sigmoid, hard_silu, mish)}
_BY_NAME.update(silu=swish, hard_swish=hard_silu)


def serialize(activation):
    """An activation function → its name (``"relu"``)."""
    if activation is None:
        return "linear"
    name = getattr(activation, "__name__", None)
    if name in _BY_NAME and _BY_NAME[name] is activation:
        return name
    for key, fn in _BY_NAME.items():
        if fn is activation:
            return key
    if hasattr(activation, "get_config"):
        return _serialization.serialize(activation, "keras.layers")
    return name


def deserialize(config, custom_objects=None):
    return _serialization.deserialize(config, _BY_NAME, "activation function", custom_objects)


def get(identifier):
    """An activation function from a name (``"relu"``), a function, or None (linear).

    Raises:
        ValueError: for an unknown name.
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        fn = _serialization.get_custom_objects().get(identifier) or _BY_NAME.get(identifier)
        if fn is None:
            raise ValueError(f"Could not interpret activation function identifier: "
                             f"{identifier!r}. Known: {sorted(_BY_NAME)}")
        return fn
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret activation function identifier: {identifier!r}")
