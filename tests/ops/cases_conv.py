"""Op-table rows for the gradient ops of convolutions and pooling, called as functions.

``optable.py`` has the forward rows (``conv2d``, ``depthwise_conv2d``, ``max_pool``,
``avg_pool`` …), whose gradient checks exercise the backprop ops only through their
consistency with the forward op. Here each backprop op's own output is compared with a NumPy
reference (the adjoint written from the definition), and its gradient (``MaxPoolGradGrad``,
``AvgPool``, ``Conv2D`` …) is checked numerically in turn.

Inputs are tiny (a 1x5x5x2 image, 3x3 kernels) so that the numerical gradients stay fast.
The references loop over kernel taps, with TensorFlow's SAME padding: ``ceil(in / stride)``
outputs, the odd pixel padded after.
"""

import numpy as np

import tensorweave.compat.v1 as tf
from optable import A, case, distinct

# -- NumPy references --------------------------------------------------------------------------


def _pads(size, k, stride, dilation, padding):
    eff = (k - 1) * dilation + 1
    if padding == "VALID":
        return (size - eff) // stride + 1, 0, 0
    out = -(-size // stride)
    total = max((out - 1) * stride + eff - size, 0)
    return out, total // 2, total - total // 2


def _geometry(x_shape, kh, kw, strides, dilations, padding):
    _, h, w, _ = x_shape
    oh, pt, pb = _pads(h, kh, strides[0], dilations[0], padding)
    ow, pl, pr = _pads(w, kw, strides[1], dilations[1], padding)
    return oh, ow, ((pt, pb), (pl, pr))


def _tap(xpad, i, j, oh, ow, strides, dilations):
    """The input pixels that kernel tap (i, j) sees for every output position."""
    sh, sw = strides
    dh, dw = dilations
    return xpad[:, i * dh:i * dh + (oh - 1) * sh + 1:sh, j * dw:j * dw + (ow - 1) * sw + 1:sw, :]


def np_conv2d_backprop_input(x_shape, f, g, strides=(1, 1), padding="VALID",
                             dilations=(1, 1)):
    """The adjoint of ``np_conv2d`` in its input: each output gradient spread over its taps."""
    kh, kw = f.shape[:2]
    oh, ow, ((pt, pb), (pl, pr)) = _geometry(x_shape, kh, kw, strides, dilations, padding)
    n, h, w, c = x_shape
    dx = np.zeros((n, h + pt + pb, w + pl + pr, c))
    for i in range(kh):
        for j in range(kw):
            _tap(dx, i, j, oh, ow, strides, dilations)[...] += g @ f[i, j].T
    return dx[:, pt:pt + h, pl:pl + w, :]


def np_conv2d_backprop_filter(x, f_shape, g, strides=(1, 1), padding="VALID",
                              dilations=(1, 1)):
    kh, kw = f_shape[:2]
    oh, ow, pads = _geometry(x.shape, kh, kw, strides, dilations, padding)
    xpad = np.pad(x, ((0, 0),) + pads + ((0, 0),))
    df = np.zeros(f_shape)
    for i in range(kh):
        for j in range(kw):
            t = _tap(xpad, i, j, oh, ow, strides, dilations)
            df[i, j] = np.einsum("nhwc,nhwo->co", t, g)
    return df


def _pool_windows(x, k, s, padding, fill):
    oh, ow, pads = _geometry(x.shape, k[0], k[1], s, (1, 1), padding)
    xpad = np.pad(x, ((0, 0),) + pads + ((0, 0),), constant_values=fill)
    taps = [_tap(xpad, i, j, oh, ow, s, (1, 1)) for i in range(k[0]) for j in range(k[1])]
    return np.stack(taps, axis=-1), pads  # (N, OH, OW, C, KH*KW)


def np_max_pool_grad(x, g, k, s, padding):
    """Each window's gradient goes to the first position of its maximum."""
    oh, ow, ((pt, pb), (pl, pr)) = _geometry(x.shape, k[0], k[1], s, (1, 1), padding)
    win, _ = _pool_windows(x, k, s, padding, -np.inf)
    arg = win.argmax(axis=-1)
    n, h, w, c = x.shape
    dx = np.zeros((n, h + pt + pb, w + pl + pr, c))
    for b in range(n):
        for p in range(oh):
            for q in range(ow):
                for ch in range(c):
                    i, j = divmod(arg[b, p, q, ch], k[1])
                    dx[b, p * s[0] + i, q * s[1] + j, ch] += g[b, p, q, ch]
    return dx[:, pt:pt + h, pl:pl + w, :]


def nchw(fn):
    """A reference for NCHW tensors from one for NHWC (4-D inputs are transposed)."""
    def ref(*args):
        args = [np.transpose(a, (0, 2, 3, 1)) if np.ndim(a) == 4 else a for a in args]
        return np.transpose(fn(*args), (0, 3, 1, 2))
    return ref


def np_avg_pool_grad(x_shape, g, k, s, padding):
    """Each window's gradient spread evenly over the real (unpadded) pixels it covers."""
    oh, ow, ((pt, pb), (pl, pr)) = _geometry(x_shape, k[0], k[1], s, (1, 1), padding)
    counts, _ = _pool_windows(np.ones(x_shape[:3] + (1,)), k, s, padding, 0.0)
    share = g / counts.sum(axis=-1)
    n, h, w, c = x_shape
    dx = np.zeros((n, h + pt + pb, w + pl + pr, c))
    for i in range(k[0]):
        for j in range(k[1]):
            _tap(dx, i, j, oh, ow, s, (1, 1))[...] += share
    return dx[:, pt:pt + h, pl:pl + w, :]


def np_depthwise_backprop_input(x_shape, f, g, strides=(1, 1), padding="VALID"):
    kh, kw, c, m = f.shape
    oh, ow, ((pt, pb), (pl, pr)) = _geometry(x_shape, kh, kw, strides, (1, 1), padding)
    n, h, w, _ = x_shape
    g = g.reshape(n, oh, ow, c, m)
    dx = np.zeros((n, h + pt + pb, w + pl + pr, c))
    for i in range(kh):
        for j in range(kw):
            _tap(dx, i, j, oh, ow, strides, (1, 1))[...] += (g * f[i, j]).sum(-1)
    return dx[:, pt:pt + h, pl:pl + w, :]


def np_depthwise_backprop_filter(x, f_shape, g, strides=(1, 1), padding="VALID"):
    kh, kw, c, m = f_shape
    oh, ow, pads = _geometry(x.shape, kh, kw, strides, (1, 1), padding)
    xpad = np.pad(x, ((0, 0),) + pads + ((0, 0),))
    g = g.reshape(g.shape[:3] + (c, m))
    df = np.zeros(f_shape)
    for i in range(kh):
        for j in range(kw):
            df[i, j] = np.einsum("nhwc,nhwcm->cm", _tap(xpad, i, j, oh, ow, strides, (1, 1)), g)
    return df


def _grad_of(forward):
    """A builder for ``d forward(x, f) / d wrt`` given the output gradient ``g``."""
    def build(x, f, g, wrt):
        return tf.gradients(forward(x, f), [x, f][wrt], grad_ys=g)[0]
    return build


# -- pooling gradients ----------------------------------------------------------------------------
# MaxPoolGrad as a function of its incoming gradient g (linear in g, piecewise constant in x,
# whose values are distinct so every window has one maximum): its gradient is MaxPoolGradGrad,
# and the gradient of that is MaxPoolGrad again (the Hessian-vector check).
case("max_pool_grad_same",
     lambda x, g: tf.gradients(tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"), x,
                               grad_ys=g)[0],
     lambda x, g: np_max_pool_grad(x, g, (3, 3), (2, 2), "SAME"),
     [A(1, 5, 5, 2, gen=distinct()), A(1, 3, 3, 2)], ["MaxPoolGrad", "MaxPoolGradGrad"],
     grad=(1,))
case("max_pool_grad_valid_overlap",
     lambda x, g: tf.gradients(tf.nn.max_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"), x,
                               grad_ys=g)[0],
     lambda x, g: np_max_pool_grad(x, g, (2, 2), (1, 1), "VALID"),
     [A(1, 3, 4, 1, gen=distinct()), A(1, 2, 3, 1)], ["MaxPoolGrad", "MaxPoolGradGrad"],
     grad=(1,))
case("max_pool_grad_nchw",
     lambda x, g: tf.gradients(tf.nn.max_pool(x, [1, 1, 2, 2], [1, 1, 2, 2], "SAME",
                                              data_format="NCHW"), x, grad_ys=g)[0],
     lambda x, g: nchw(lambda a, b: np_max_pool_grad(a, b, (2, 2), (2, 2), "SAME"))(x, g),
     [A(1, 2, 3, 3, gen=distinct()), A(1, 2, 2, 2)], ["MaxPoolGrad", "MaxPoolGradGrad"],
     grad=(1,))
case("avg_pool_grad_same",
     lambda x, g: tf.gradients(tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"), x,
                               grad_ys=g)[0],
     lambda x, g: np_avg_pool_grad(x.shape, g, (3, 3), (2, 2), "SAME"),
     [A(1, 5, 5, 2), A(1, 3, 3, 2)], ["AvgPoolGrad", "AvgPool"], grad=(1,))

# -- convolution gradients --------------------------------------------------------------------------
case("conv2d_backprop_input_dilated",
     lambda f, g: tf.nn.conv2d_backprop_input([1, 5, 5, 2], f, g, [1, 1, 1, 1], "SAME",
                                              dilations=[1, 2, 2, 1]),
     lambda f, g: np_conv2d_backprop_input((1, 5, 5, 2), f, g, padding="SAME",
                                           dilations=(2, 2)),
     [A(2, 2, 2, 3), A(1, 5, 5, 3)], ["Conv2DBackpropInput", "Conv2D", "Conv2DBackpropFilter"],
     none_shape=(1, 5, 5, 2))
case("conv2d_backprop_filter_strided_same",
     lambda x, g: tf.nn.conv2d_backprop_filter(x, [2, 3, 2, 2], g, [1, 2, 2, 1], "SAME"),
     lambda x, g: np_conv2d_backprop_filter(x, (2, 3, 2, 2), g, (2, 2), "SAME"),
     [A(1, 5, 4, 2), A(1, 3, 2, 2)], ["Conv2DBackpropFilter", "Conv2D", "Conv2DBackpropInput"],
     none_shape=(2, 3, 2, 2))
_depthwise = (lambda x, f: tf.nn.depthwise_conv2d(x, f, [1, 2, 2, 1], "SAME"))
case("depthwise_backprop_input",
     lambda x, f, g: _grad_of(_depthwise)(x, f, g, 0),
     lambda x, f, g: np_depthwise_backprop_input(x.shape, f, g, (2, 2), "SAME"),
     [A(1, 5, 4, 2), A(3, 3, 2, 2), A(1, 3, 2, 4)],
     ["DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter",
      "DepthwiseConv2dNative"], grad=(1, 2))
case("depthwise_backprop_filter",
     lambda x, f, g: _grad_of(_depthwise)(x, f, g, 1),
     lambda x, f, g: np_depthwise_backprop_filter(x, f.shape, g, (2, 2), "SAME"),
     [A(1, 5, 4, 2), A(3, 3, 2, 2), A(1, 3, 2, 4)],
     ["DepthwiseConv2dNativeBackpropFilter", "DepthwiseConv2dNativeBackpropInput",
      "DepthwiseConv2dNative"], grad=(0, 2))
