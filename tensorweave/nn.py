"""The ``tf.nn`` namespace: activations, softmax, bias_add and (with the training toolkit)
losses and convolutions."""

from .ops.math import sigmoid, tanh
from .ops.nn import relu, softmax, log_softmax, softplus, bias_add

__all__ = ["relu", "softmax", "log_softmax", "softplus", "bias_add", "sigmoid", "tanh"]
