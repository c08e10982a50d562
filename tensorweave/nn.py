"""The ``tf.nn`` namespace: activations, softmax, bias_add and (with the training toolkit)
losses and convolutions."""

from .ops.math import sigmoid, tanh
from .ops.nn import relu, softmax, log_softmax, softplus, bias_add
from .ops.conv import (conv2d, conv2d_transpose, conv2d_backprop_input, conv2d_backprop_filter,
                       depthwise_conv2d, depthwise_conv2d_native, max_pool, avg_pool)

__all__ = ["relu", "softmax", "log_softmax", "softplus", "bias_add", "sigmoid", "tanh",
           "conv2d", "conv2d_transpose", "conv2d_backprop_input", "conv2d_backprop_filter",
           "depthwise_conv2d", "depthwise_conv2d_native", "max_pool", "avg_pool"]
