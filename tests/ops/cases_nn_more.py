"""Op-table rows for ``tensorweave/ops/nn_more.py``: ``conv1d`` (conv2d on a height-1 image),
``lrn``, ``separable_conv2d``, ``atrous_conv2d`` and ``swish``/``silu``.

The convolution references reuse ``np_conv2d``/``np_depthwise`` of ``cases_nn_core``; the
LRN reference is the definition (a loop over the channel window).
"""

import numpy as np

import tensorweave.compat.v1 as tf
from cases_nn_core import np_conv2d, np_depthwise
from optable import A, case, normal, np_sigmoid

_CONV = ["Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"]


def np_conv1d(x, f, stride=1, padding="VALID", dilation=1, ncw=False):
    if ncw:
        x = x.transpose(0, 2, 1)
    y = np_conv2d(x[:, None], f[None], (1, stride), padding, (1, dilation))[:, 0]
    return y.transpose(0, 2, 1) if ncw else y


case("conv1d_same_stride2", lambda x, f: tf.nn.conv1d(x, f, 2, "SAME"),
     lambda x, f: np_conv1d(x, f, 2, "SAME"), [A(2, 7, 3), A(3, 3, 4)],
     _CONV + ["ExpandDims", "Squeeze"])
case("conv1d_valid_dilated", lambda x, f: tf.nn.conv1d(x, f, 1, "VALID", dilations=2),
     lambda x, f: np_conv1d(x, f, 1, "VALID", 2), [A(1, 9, 2), A(3, 2, 3)], _CONV)
case("conv1d_ncw", lambda x, f: tf.nn.conv1d(input=x, filters=f, stride=[1, 1, 2],
                                            padding="SAME", data_format="NCW"),
     lambda x, f: np_conv1d(x, f, 2, "SAME", ncw=True), [A(2, 2, 6), A(2, 2, 3)], _CONV)


def np_lrn(x, r=5, bias=1.0, alpha=1.0, beta=0.5):
    c = x.shape[-1]
    s = np.zeros_like(x)
    for k in range(c):
        s[..., k] = (x[..., max(k - r, 0):k + r + 1] ** 2).sum(-1)
    return x / (bias + alpha * s) ** beta


case("lrn_default", tf.nn.lrn, np_lrn, [A(2, 2, 3, 8)], ["LRN", "Pad", "AddN"])
case("lrn_params", lambda x: tf.nn.local_response_normalization(x, 2, 2.0, 0.3, 0.75),
     lambda x: np_lrn(x, 2, 2.0, 0.3, 0.75), [A(1, 3, 2, 6, gen=normal(1.5))], ["LRN"])
case("lrn_radius0", lambda x: tf.nn.lrn(x, 0, 0.5, 2.0, 1.0),
     lambda x: np_lrn(x, 0, 0.5, 2.0, 1.0), [A(1, 2, 2, 3)], ["LRN"])


def np_separable(x, d, p, strides=(1, 1), padding="SAME", rate=(1, 1)):
    return np_conv2d(np_depthwise(x, d, strides, padding, rate), p)


_DW = ["DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput",
       "DepthwiseConv2dNativeBackpropFilter", "Conv2D"]
case("separable_conv2d_same",
     lambda x, d, p: tf.nn.separable_conv2d(x, d, p, [1, 1, 1, 1], "SAME"),
     lambda x, d, p: np_separable(x, d, p), [A(1, 5, 5, 2), A(3, 3, 2, 2), A(1, 1, 4, 3)], _DW)
case("separable_conv2d_rate",
     lambda x, d, p: tf.nn.separable_conv2d(x, d, p, [1, 1, 1, 1], "VALID", rate=[2, 2]),
     lambda x, d, p: np_separable(x, d, p, padding="VALID", rate=(2, 2)),
     [A(1, 6, 6, 2), A(2, 2, 2, 1), A(1, 1, 2, 2)], _DW)
case("separable_conv2d_stride",
     lambda x, d, p: tf.nn.separable_conv2d(x, d, p, [1, 2, 2, 1], "SAME"),
     lambda x, d, p: np_separable(x, d, p, strides=(2, 2)),
     [A(2, 5, 5, 2), A(3, 3, 2, 1), A(1, 1, 2, 3)], _DW)
case("atrous_conv2d_same", lambda x, f: tf.nn.atrous_conv2d(x, f, 2, "SAME"),
     lambda x, f: np_conv2d(x, f, (1, 1), "SAME", (2, 2)), [A(1, 6, 6, 2), A(3, 3, 2, 2)],
     _CONV)
case("atrous_conv2d_valid", lambda x, f: tf.nn.atrous_conv2d(x, f, 3, "VALID"),
     lambda x, f: np_conv2d(x, f, (1, 1), "VALID", (3, 3)), [A(1, 8, 7, 1), A(2, 2, 1, 2)],
     _CONV)
case("swish", tf.nn.swish, lambda x: x * np_sigmoid(x), [A(3, 4, gen=normal(2.0))],
     ["Sigmoid", "Mul"])
case("silu_beta", lambda x: tf.nn.silu(x, beta=0.5), lambda x: x * np_sigmoid(0.5 * x),
     [A(3, 4, gen=normal(2.0))], ["Sigmoid", "Mul"])

# tf.image flips (ReverseV2 along the width or height axis; the rank must be known).
case("image_flip_left_right", tf.image.flip_left_right, lambda x: x[:, ::-1], [A(3, 4, 2)],
     ["ReverseV2"], unknown_rank=False)
case("image_flip_left_right_batch", tf.image.flip_left_right, lambda x: x[:, :, ::-1],
     [A(2, 3, 4, 1)], ["ReverseV2"], unknown_rank=False)
case("image_flip_up_down", tf.image.flip_up_down, lambda x: x[::-1], [A(3, 4, 2)],
     ["ReverseV2"], unknown_rank=False)
case("image_flip_up_down_batch", tf.image.flip_up_down, lambda x: x[:, ::-1],
     [A(2, 3, 2, 2)], ["ReverseV2"], unknown_rank=False)
