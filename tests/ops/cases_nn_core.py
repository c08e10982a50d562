"""Op-table rows for the core ``tf.nn`` primitives: softmax and log-softmax along any axis,
``bias_add``, convolutions and pooling (forward, with gradients through the backprop
ops), ``fused_batch_norm``, ``top_k``/``in_top_k`` and the sparse softmax cross-entropy.
(``cases_conv.py`` calls the backprop ops directly; ``cases_nn.py`` has the rest of tf.nn.)
"""

import numpy as np

import tensorweave.compat.v1 as tf
from optable import (A, I, case, normal, uniform, positive, distinct, fixed, np_softmax,
                     np_log_softmax)

# Neural-network ops.
for _name, _fn, _ref, _op, _extra in [
        ("softmax", tf.nn.softmax, np_softmax, "Softmax", ["Sum"]),
        ("log_softmax", tf.nn.log_softmax, np_log_softmax, "LogSoftmax", ["Exp"])]:
    case(f"{_name}", _fn, _ref, [A(3, 4, gen=normal(2.0))], [_op] + _extra)
    case(f"{_name}_axis0", (lambda fn: lambda x: fn(x, axis=0))(_fn),
         (lambda ref: lambda x: ref(x, axis=0))(_ref), [A(3, 4)], [_op])
    case(f"{_name}_dim", (lambda fn: lambda x: fn(x, dim=1))(_fn),
         (lambda ref: lambda x: ref(x, axis=1))(_ref), [A(2, 3, 2)], [_op])
    case(f"{_name}_large_logits", _fn, _ref, [A(2, 3, gen=uniform(500.0, 510.0))], [_op],
         f32=False)
case("bias_add", tf.nn.bias_add, lambda v, b: v + b, [A(3, 4), A(4)],
     ["BiasAdd", "Sum"])
case("bias_add_4d", tf.nn.bias_add, lambda v, b: v + b, [A(2, 2, 3, 3), A(3)], ["BiasAdd"])
case("bias_add_nchw", lambda v, b: tf.nn.bias_add(v, b, data_format="NCHW"),
     lambda v, b: v + b.reshape(-1, 1, 1), [A(2, 3, 2, 2), A(3)], ["BiasAdd"])


# Convolutions and pooling. The references are direct loops over kernel taps (for conv) or
# output positions (for pooling), with TensorFlow's SAME padding (the odd pixel after).
def _geometry(size, k, stride, dilation, padding):
    eff = (k - 1) * dilation + 1
    if padding == "VALID":
        return (size - eff) // stride + 1, 0, 0
    out = -(-size // stride)
    total = max((out - 1) * stride + eff - size, 0)
    return out, total // 2, total - total // 2


def _conv_setup(x_shape, kh, kw, strides, padding, dilations):
    n, h, w, c = x_shape
    oh, pt, pb = _geometry(h, kh, strides[0], dilations[0], padding)
    ow, pl, pr = _geometry(w, kw, strides[1], dilations[1], padding)
    taps = {}
    for i in range(kh):
        for j in range(kw):
            taps[i, j] = (slice(i * dilations[0], i * dilations[0] + (oh - 1) * strides[0] + 1,
                                strides[0]),
                          slice(j * dilations[1], j * dilations[1] + (ow - 1) * strides[1] + 1,
                                strides[1]))
    return (oh, ow), ((0, 0), (pt, pb), (pl, pr), (0, 0)), taps


def _to_nhwc(x, nchw):
    return x.transpose(0, 2, 3, 1) if nchw else x


def _from_nhwc(y, nchw):
    return y.transpose(0, 3, 1, 2) if nchw else y


def np_conv2d(x, f, strides=(1, 1), padding="VALID", dilations=(1, 1), nchw=False):
    x = _to_nhwc(x, nchw)
    kh, kw, _, o = f.shape
    (oh, ow), pads, taps = _conv_setup(x.shape, kh, kw, strides, padding, dilations)
    xp = np.pad(x, pads)
    y = np.zeros((x.shape[0], oh, ow, o), x.dtype)
    for (i, j), (si, sj) in taps.items():
        y += xp[:, si, sj, :] @ f[i, j]
    return _from_nhwc(y, nchw)


def np_conv2d_backprop_input(sizes, f, g, strides=(1, 1), padding="VALID", dilations=(1, 1)):
    kh, kw, c, _ = f.shape
    (oh, ow), pads, taps = _conv_setup(sizes, kh, kw, strides, padding, dilations)
    (_, _), (pt, pb), (pl, pr), _ = pads
    n, h, w, _ = sizes
    dx = np.zeros((n, h + pt + pb, w + pl + pr, c), g.dtype)
    for (i, j), (si, sj) in taps.items():
        dx[:, si, sj, :] += g @ f[i, j].T
    return dx[:, pt:pt + h, pl:pl + w, :]


def np_conv2d_backprop_filter(x, sizes, g, strides=(1, 1), padding="VALID", dilations=(1, 1)):
    kh, kw, c, o = sizes
    _, pads, taps = _conv_setup(x.shape, kh, kw, strides, padding, dilations)
    xp = np.pad(x, pads)
    df = np.zeros(sizes, g.dtype)
    for (i, j), (si, sj) in taps.items():
        df[i, j] = np.einsum("nhwc,nhwo->co", xp[:, si, sj, :], g)
    return df


def np_depthwise(x, f, strides=(1, 1), padding="VALID", dilations=(1, 1), nchw=False):
    x = _to_nhwc(x, nchw)
    kh, kw, c, m = f.shape
    (oh, ow), pads, taps = _conv_setup(x.shape, kh, kw, strides, padding, dilations)
    xp = np.pad(x, pads)
    y = np.zeros((x.shape[0], oh, ow, c, m), x.dtype)
    for (i, j), (si, sj) in taps.items():
        y += xp[:, si, sj, :, None] * f[i, j]
    return _from_nhwc(y.reshape(x.shape[0], oh, ow, c * m), nchw)


def np_pool(x, ksize, strides, padding, kind, nchw=False):
    x = _to_nhwc(x, nchw)
    n, h, w, c = x.shape
    oh, pt, pb = _geometry(h, ksize[0], strides[0], 1, padding)
    ow, pl, pr = _geometry(w, ksize[1], strides[1], 1, padding)
    xp = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)), constant_values=np.nan)
    y = np.zeros((n, oh, ow, c), x.dtype)
    for a in range(oh):
        for b in range(ow):
            win = xp[:, a * strides[0]:a * strides[0] + ksize[0],
                     b * strides[1]:b * strides[1] + ksize[1], :]
            y[:, a, b, :] = np.nanmax(win, axis=(1, 2)) if kind == "max" else \
                np.nanmean(win, axis=(1, 2))
    return _from_nhwc(y, nchw)


_CONV_OPS = ["Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"]
for _name, _xs, _fs, _st, _pad, _dil, _nchw in [
        ("conv2d_valid", (2, 5, 5, 2), (3, 3, 2, 3), (1, 1), "VALID", (1, 1), False),
        ("conv2d_same_stride2", (2, 5, 6, 2), (3, 2, 2, 3), (2, 2), "SAME", (1, 1), False),
        ("conv2d_same_even_kernel", (1, 4, 4, 1), (2, 2, 1, 2), (1, 1), "SAME", (1, 1), False),
        ("conv2d_dilated", (1, 6, 6, 1), (2, 2, 1, 2), (1, 1), "SAME", (2, 2), False),
        ("conv2d_strided_valid", (1, 7, 6, 2), (3, 3, 2, 1), (2, 3), "VALID", (1, 1), False),
        ("conv2d_nchw", (2, 2, 5, 4), (3, 3, 2, 2), (1, 2), "SAME", (1, 1), True),
]:
    _fmt = "NCHW" if _nchw else "NHWC"
    case(_name,
         (lambda st, pad, dil, fmt: lambda x, f: tf.nn.conv2d(
             x, f, strides=[1, 1] + list(st) if fmt == "NCHW" else [1] + list(st) + [1],
             padding=pad, dilations=[1, 1] + list(dil) if fmt == "NCHW" else
             [1] + list(dil) + [1], data_format=fmt))(_st, _pad, _dil, _fmt),
         (lambda st, pad, dil, nchw: lambda x, f: np_conv2d(x, f, st, pad, dil, nchw))(
             _st, _pad, _dil, _nchw),
         [A(*_xs), A(*_fs)], _CONV_OPS, grad_rtol=1e-6)
case("conv2d_backprop_input",
     lambda f, g: tf.nn.conv2d_backprop_input([2, 5, 5, 2], f, g, [1, 2, 2, 1], "SAME"),
     lambda f, g: np_conv2d_backprop_input((2, 5, 5, 2), f, g, (2, 2), "SAME"),
     [A(3, 3, 2, 3), A(2, 3, 3, 3)], ["Conv2DBackpropInput", "Conv2D", "Conv2DBackpropFilter"])
case("conv2d_backprop_filter",
     lambda x, g: tf.nn.conv2d_backprop_filter(x, [3, 3, 2, 3], g, [1, 1, 1, 1], "VALID"),
     lambda x, g: np_conv2d_backprop_filter(x, (3, 3, 2, 3), g),
     [A(2, 4, 4, 2), A(2, 2, 2, 3)], ["Conv2DBackpropFilter", "Conv2D", "Conv2DBackpropInput"])
case("conv2d_transpose",
     lambda v, f: tf.nn.conv2d_transpose(v, f, [2, 5, 5, 2], [1, 2, 2, 1], "SAME"),
     lambda v, f: np_conv2d_backprop_input((2, 5, 5, 2), f, v, (2, 2), "SAME"),
     [A(2, 3, 3, 3), A(3, 3, 2, 3)], ["Conv2DBackpropInput"])
_DW_OPS = ["DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput",
           "DepthwiseConv2dNativeBackpropFilter"]
case("depthwise_conv2d", lambda x, f: tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME"),
     lambda x, f: np_depthwise(x, f, (1, 1), "SAME"), [A(2, 5, 5, 2), A(3, 3, 2, 2)], _DW_OPS)
case("depthwise_conv2d_strided_dilated",
     lambda x, f: tf.nn.depthwise_conv2d(x, f, [1, 2, 2, 1], "VALID", rate=[2, 1]),
     lambda x, f: np_depthwise(x, f, (2, 2), "VALID", (2, 1)), [A(1, 7, 6, 3), A(2, 2, 3, 1)],
     _DW_OPS)
case("depthwise_conv2d_native_nchw",
     lambda x, f: tf.nn.depthwise_conv2d_native(x, f, [1, 1, 1, 1], "SAME", data_format="NCHW"),
     lambda x, f: np_depthwise(x, f, (1, 1), "SAME", nchw=True), [A(1, 2, 4, 4), A(2, 2, 2, 2)],
     _DW_OPS)
for _name, _fn, _kind, _ops, _xs, _k, _st, _pad, _nchw in [
        ("max_pool_tiles", tf.nn.max_pool, "max", ["MaxPool", "MaxPoolGrad"], (2, 4, 4, 2),
         (2, 2), (2, 2), "VALID", False),
        ("max_pool_same", tf.nn.max_pool, "max", ["MaxPool", "MaxPoolGrad"], (2, 5, 5, 2),
         (3, 3), (2, 2), "SAME", False),
        ("max_pool_overlap_valid", tf.nn.max_pool, "max", ["MaxPool"], (1, 5, 6, 1), (3, 2),
         (1, 2), "VALID", False),
        ("max_pool_nchw", tf.nn.max_pool, "max", ["MaxPool"], (1, 2, 4, 5), (2, 2), (2, 2),
         "SAME", True),
        ("avg_pool_tiles", tf.nn.avg_pool, "avg", ["AvgPool", "AvgPoolGrad"], (2, 4, 4, 2),
         (2, 2), (2, 2), "VALID", False),
        ("avg_pool_same", tf.nn.avg_pool, "avg", ["AvgPool", "AvgPoolGrad"], (2, 5, 5, 2),
         (3, 3), (2, 2), "SAME", False),
        ("avg_pool_nchw", tf.nn.avg_pool, "avg", ["AvgPool"], (1, 2, 5, 4), (2, 3), (1, 2),
         "SAME", True),
]:
    _fmt = "NCHW" if _nchw else "NHWC"
    _four = (lambda v, fmt: [1, 1] + list(v) if fmt == "NCHW" else [1] + list(v) + [1])
    case(_name,
         (lambda fn, k, st, pad, fmt: lambda x: fn(x, _four(k, fmt), _four(st, fmt), pad,
                                                    data_format=fmt))(_fn, _k, _st, _pad, _fmt),
         (lambda k, st, pad, kind, nchw: lambda x: np_pool(x, k, st, pad, kind, nchw))(
             _k, _st, _pad, _kind, _nchw),
         [A(*_xs, gen=distinct(0.05) if _kind == "max" else normal())], _ops)


# Normalization, ranking and losses.
def np_fused_batch_norm(x, scale, offset, mean=None, variance=None, eps=0.001, nchw=False,
                        training=True):
    axes = (0, 2, 3) if nchw else (0, 1, 2)
    shape = (1, -1, 1, 1) if nchw else (1, 1, 1, -1)
    if training:
        mean, var = x.mean(axes), x.var(axes)
        n = x.size // scale.size
        y = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) * \
            scale.reshape(shape) + offset.reshape(shape)
        return [y, mean, var * n / (n - 1)]
    y = (x - mean.reshape(shape)) / np.sqrt(variance.reshape(shape) + eps) * \
        scale.reshape(shape) + offset.reshape(shape)
    return [y, mean, variance]


case("fused_batch_norm_training",
     lambda x, s, o: list(tf.nn.fused_batch_norm(x, s, o)),
     lambda x, s, o: np_fused_batch_norm(x, s, o), [A(2, 3, 3, 2), A(2), A(2)],
     ["FusedBatchNormV3"], grad_rtol=1e-5, grad_outputs=(0,))  # TF: the gradient of y only
case("fused_batch_norm_training_y_only",
     lambda x, s, o: tf.nn.fused_batch_norm(x, s, o, epsilon=0.01).y,
     lambda x, s, o: np_fused_batch_norm(x, s, o, eps=0.01)[0], [A(3, 2, 2, 3), A(3), A(3)],
     ["FusedBatchNormV3"], grad_rtol=1e-5)
case("fused_batch_norm_nchw",
     lambda x, s, o: list(tf.nn.fused_batch_norm(x, s, o, data_format="NCHW")),
     lambda x, s, o: np_fused_batch_norm(x, s, o, nchw=True), [A(2, 2, 3, 2), A(2), A(2)],
     ["FusedBatchNormV3"], grad_rtol=1e-5, grad_outputs=(0,))  # TF: the gradient of y only
case("fused_batch_norm_inference",
     lambda x, s, o, m, v: list(tf.nn.fused_batch_norm(x, s, o, m, v, is_training=False)),
     lambda x, s, o, m, v: np_fused_batch_norm(x, s, o, m, v, training=False),
     [A(2, 2, 2, 3), A(3), A(3), A(3), A(3, gen=positive())], ["FusedBatchNormV3"],
     grad=(0, 1, 2))  # as TF: no gradient for the population mean and variance


def np_top_k(x, k):
    idx = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    return [np.take_along_axis(x, idx, -1), idx.astype(np.int32)]


case("top_k", lambda x: list(tf.nn.top_k(x, 2)), lambda x: np_top_k(x, 2),
     [A(3, 5, gen=distinct())], ["TopKV2"])
case("top_k_values", lambda x: tf.nn.top_k(x, 3).values, lambda x: np_top_k(x, 3)[0],
     [A(2, 2, 4, gen=distinct())], ["TopKV2", "GatherGrad"])
case("top_k_ties", lambda x: list(tf.nn.top_k(x, 3)), lambda x: np_top_k(x, 3),
     [A(2, 4, gen=fixed([[1.0, 3.0, 2.0, 3.0], [0.0, 0.0, 0.0, 1.0]]))], ["TopKV2"])
case("in_top_k", lambda p, t: tf.nn.in_top_k(p, t, 2),
     lambda p, t: (p > p[np.arange(len(t)), t][:, None]).sum(1) < 2,
     [A(4, 5, gen=distinct()), I([0, 4, 2, 1])], ["InTopKV2"])
case("sparse_softmax_cross_entropy",
     lambda x, t: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=t, logits=x),
     lambda x, t: -np_log_softmax(x)[np.arange(len(t)), t],
     [A(4, 5, gen=normal(2.0)), I([0, 4, 2, 2])], ["SparseSoftmaxCrossEntropyWithLogits"])
case("sparse_softmax_cross_entropy_3d",
     lambda x, t: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=t, logits=x),
     lambda x, t: -np.take_along_axis(np_log_softmax(x), t[..., None], -1)[..., 0],
     [A(2, 3, 4), I([[0, 3, 1], [2, 2, 0]], tf.int64)],
     ["SparseSoftmaxCrossEntropyWithLogits"])


# The fused dense softmax cross-entropy (TF's op: loss and backprop). Its gradient for the
# logits is TF's softmax - labels, exact for labels that are distributions (as here).
_LABELS = np.random.default_rng(7).uniform(0.1, 1.0, (4, 5))
_LABELS /= _LABELS.sum(-1, keepdims=True)


def _np_xent(x, t, axis=-1):
    return -(t * np_log_softmax(x, axis=axis)).sum(axis)


case("softmax_cross_entropy_v2",
     lambda x, t: tf.nn.softmax_cross_entropy_with_logits_v2(labels=t, logits=x),
     _np_xent, [A(4, 5, gen=normal(2.0)), A(4, 5, gen=fixed(_LABELS))],
     ["SoftmaxCrossEntropyWithLogits", "LogSoftmax"], second=False)
case("softmax_cross_entropy_v2_logits_hessian",
     lambda x, t: tf.nn.softmax_cross_entropy_with_logits_v2(labels=t, logits=x),
     _np_xent, [A(4, 5, gen=normal(2.0)), A(4, 5, gen=fixed(_LABELS))],
     ["SoftmaxCrossEntropyWithLogits", "Softmax"], grad=(0,))
case("softmax_cross_entropy_v2_axis0",
     lambda x, t: tf.nn.softmax_cross_entropy_with_logits_v2(labels=t, logits=x, axis=0),
     lambda x, t: _np_xent(x, t, axis=0), [A(5, 4), A(5, 4, gen=fixed(_LABELS.T))],
     ["SoftmaxCrossEntropyWithLogits", "Transpose"], grad=(0,), second=False)
