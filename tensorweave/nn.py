"""The ``tf.nn`` namespace: activations, softmax, cross-entropies, convolutions and pooling,
normalization, dropout, ``top_k``/``in_top_k`` and ``embedding_lookup``."""

from .ops.math import sigmoid, tanh
from .ops.nn import (relu, relu6, elu, selu, leaky_relu, crelu, softsign, softmax, log_softmax,
                     softplus, bias_add, xw_plus_b, sparse_softmax_cross_entropy_with_logits,
                     softmax_cross_entropy_with_logits, softmax_cross_entropy_with_logits_v2,
                     sigmoid_cross_entropy_with_logits, weighted_cross_entropy_with_logits,
                     l2_loss, log_poisson_loss, dropout, embedding_lookup)
from .ops.normalization import (moments, batch_normalization, fused_batch_norm, l2_normalize,
                                sufficient_statistics, normalize_moments, weighted_moments)
from .ops.topk import top_k, in_top_k
from .ops.conv import (conv2d, conv2d_transpose, conv2d_backprop_input, conv2d_backprop_filter,
                       depthwise_conv2d, depthwise_conv2d_native)
from .ops.pool import max_pool, avg_pool
from .ops.nn_more import (conv1d, local_response_normalization, lrn, separable_conv2d,
                          atrous_conv2d, swish, silu, zero_fraction, relu_layer,
                          max_pool2d, avg_pool2d)
from .rnn import (rnn_cell, static_rnn, dynamic_rnn, bidirectional_dynamic_rnn,
                  static_bidirectional_rnn)

__all__ = ["relu", "relu6", "elu", "selu", "leaky_relu", "crelu", "softsign", "softmax",
           "log_softmax", "softplus", "bias_add", "xw_plus_b", "sigmoid", "tanh",
           "conv2d", "conv2d_transpose", "conv2d_backprop_input", "conv2d_backprop_filter",
           "depthwise_conv2d", "depthwise_conv2d_native", "max_pool", "avg_pool",
           "sparse_softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits",
           "softmax_cross_entropy_with_logits_v2", "sigmoid_cross_entropy_with_logits",
           "weighted_cross_entropy_with_logits", "l2_loss", "log_poisson_loss", "dropout",
           "embedding_lookup", "moments",
           "batch_normalization", "fused_batch_norm", "l2_normalize", "top_k", "in_top_k",
           "conv1d", "local_response_normalization", "lrn", "separable_conv2d",
           "atrous_conv2d", "swish", "silu", "zero_fraction", "sufficient_statistics",
           "normalize_moments", "weighted_moments", "relu_layer", "max_pool2d", "avg_pool2d",
           "rnn_cell", "static_rnn", "dynamic_rnn", "bidirectional_dynamic_rnn",
           "static_bidirectional_rnn"]
