"""The ``tf.nn`` namespace: activations, softmax, bias_add and (with the training toolkit)
losses and convolutions."""

from .ops.math import sigmoid, tanh
from .ops.nn import (relu, softmax, log_softmax, softplus, bias_add,
                     sparse_softmax_cross_entropy_with_logits, softmax_cross_entropy_with_logits,
                     softmax_cross_entropy_with_logits_v2, sigmoid_cross_entropy_with_logits,
                     l2_loss)
from .ops.conv import (conv2d, conv2d_transpose, conv2d_backprop_input, conv2d_backprop_filter,
                       depthwise_conv2d, depthwise_conv2d_native, max_pool, avg_pool)

__all__ = ["relu", "softmax", "log_softmax", "softplus", "bias_add", "sigmoid", "tanh",
           "conv2d", "conv2d_transpose", "conv2d_backprop_input", "conv2d_backprop_filter",
           "depthwise_conv2d", "depthwise_conv2d_native", "max_pool", "avg_pool",
           "sparse_softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits",
           "softmax_cross_entropy_with_logits_v2", "sigmoid_cross_entropy_with_logits",
           "l2_loss"]
