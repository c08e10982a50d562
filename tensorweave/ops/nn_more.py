"""More ``tf.nn``: ``conv1d``, ``local_response_normalization`` (``lrn``), ``separable_conv2d``,
``atrous_conv2d`` and ``swish``/``silu``.

Everything but LRN is a composite of existing ops (conv1d is conv2d on a height-1 image, as
TensorFlow builds it), so gradients come from those ops. ``LRN`` is a primitive: its window
sum over channels is one loop in NumPy; its gradient is written with public ops (the exact
derivative, which is what TensorFlow's ``LRNGrad`` computes), so it has second derivatives.
"""

from .. import graph as _g
from .conv import conv2d, depthwise_conv2d_native, _four
from .creation import convert_to_tensor
from .math import add_n, multiply, pow as _pow, sigmoid
from .registry import Op, Spec, dtype_error, register
from .shape import expand_dims, pad, squeeze

__all__ = ["conv1d", "local_response_normalization", "lrn", "separable_conv2d",
           "atrous_conv2d", "swish", "silu"]


# -- conv1d ----------------------------------------------------------------------------------------

def _conv1d_seq(value, name, channel_first):
    """An int or a 1- or 3-sequence as the 4-element conv2d argument (height 1)."""
    if value is None:
        value = 1
    seq = [int(value)] if isinstance(value, int) else [int(v) for v in value]
    if len(seq) == 1:
        seq = [1, 1, seq[0]] if channel_first else [1, seq[0], 1]
    elif len(seq) != 3:
        raise ValueError(f"{name} should be of length 1 or 3. Received: {name}={value} of "
                         f"length {len(seq)}")
    return [1] + seq


def conv1d(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None,
           data_format=None, name=None, input=None, dilations=None):  # noqa: A002
    """1-D convolution: ``value`` (N, W, C) (or (N, C, W) with ``"NCW"``) with ``filters``
    (K, C, O); built as ``conv2d`` on a height-1 image, as TensorFlow does.

    Args:
        stride: an int or a list of 1 or 3 ints; padding: ``"SAME"`` or ``"VALID"``;
        data_format: ``"NWC"`` (default) or ``"NCW"``; dilations: like stride.

    Example:
        >>> y = tf.nn.conv1d(x, w, stride=2, padding="SAME")   # x (N, 10, 3), w (3, 3, 8)
        >>> y.shape
        TensorShape([Dimension(None), Dimension(5), Dimension(8)])
    """
    value = input if value is None else value
    if data_format in (None, "NWC", "NHWC"):  # NHWC/NCHW: TF's deprecated spellings
        fmt, axis = "NHWC", -3
    elif data_format in ("NCW", "NCHW"):
        fmt, axis = "NCHW", -2
    else:
        raise ValueError('data_format must be "NWC" or "NCW".')
    first = fmt == "NCHW"
    strides = _conv1d_seq(stride, "stride", first)
    dilations = _conv1d_seq(dilations, "dilations", first)
    with _g.name_scope(name, "conv1d", [value, filters]):
        x = expand_dims(convert_to_tensor(value), axis, name="ExpandDims")
        f = expand_dims(convert_to_tensor(filters, dtype=x.dtype), 0, name="ExpandDims_1")
        y = conv2d(x, f, strides, padding, data_format=fmt, dilations=dilations)
        return squeeze(y, [axis])


# -- local response normalization ------------------------------------------------------------------

def _window_sum_np(xp, s, r):
    """Sum over channels ``c - r .. c + r`` (clipped at the edges) along the last axis."""
    c = s.shape[-1]
    padded = xp.pad(s, [(0, 0)] * (s.ndim - 1) + [(r, r)])
    out = xp.zeros_like(s)
    for k in range(2 * r + 1):
        out += padded[..., k:k + c]
    return out


def _window_sum(t, r):
    """The graph form of ``_window_sum_np`` (public ops, so differentiable to any order; the
    window is symmetric, so this sum is its own adjoint)."""
    p = pad(t, [[0, 0], [0, 0], [0, 0], [r, r]])
    # p has C + 2r channels: slice k keeps channels k .. k + C (no need to know C).
    parts = [p[:, :, :, k:(k - 2 * r) or None] for k in range(2 * r + 1)]
    return parts[0] if len(parts) == 1 else add_n(parts)


@register
class LRN(Op):
    """Local response normalization over the last axis of a 4-D input:
    ``x / (bias + alpha * sum(x[..., c-r:c+r+1] ** 2)) ** beta``."""

    def __init__(self, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5):
        self.depth_radius = int(depth_radius)
        self.bias = float(bias)
        self.alpha = float(alpha)
        self.beta = float(beta)

    def infer(self, x):
        if x.shape is not None and len(x.shape) != 4:
            dims = ",".join("?" if d is None else str(d) for d in x.shape)
            raise ValueError(f"Shape must be rank 4 but is rank {len(x.shape)} for 'LRN' "
                             f"(op: 'LRN') with input shapes: [{dims}].")
        if not x.dtype.is_floating:
            raise dtype_error("input", x.dtype, "float16, bfloat16, float32")
        return Spec(x.shape, x.dtype)

    def forward(self, xp, x):
        n = self.bias + self.alpha * _window_sum_np(xp, x * x, self.depth_radius)
        return (x * n ** -self.beta).astype(x.dtype, copy=False)

    def gradient(self, g, y, x):
        # y = x * N ** -beta, N = bias + alpha * W(x ** 2) with W the (self-adjoint) window
        # sum: dx = g * N ** -beta - 2 * alpha * beta * x * W(g * x * N ** (-beta - 1)).
        r, a, b = self.depth_radius, self.alpha, self.beta
        n = self.bias + a * _window_sum(x * x, r)
        scale = _pow(n, -b)
        inner = _window_sum(g * x * _pow(n, -b - 1.0), r)
        return (g * scale - (2.0 * a * b) * x * inner,)


def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5,  # noqa: A002
                                 name=None):
    """Local response normalization (AlexNet): each channel of a 4-D ``input`` divided by
    ``(bias + alpha * sqr_sum) ** beta``, ``sqr_sum`` the sum of squares over the channels
    within ``depth_radius`` of it.

    Example:
        >>> y = tf.nn.lrn(images, depth_radius=2, bias=2.0, alpha=1e-4, beta=0.75)
    """
    return LRN(depth_radius, bias, alpha, beta).bind(convert_to_tensor(input),
                                                      name=name or "LRN")


lrn = local_response_normalization


# -- separable and atrous convolutions -------------------------------------------------------------

def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding,  # noqa: A002
                     rate=None, name=None, data_format=None, dilations=None):
    """A depthwise convolution (``depthwise_filter`` (KH, KW, C, M)) followed by a 1x1
    convolution mixing channels (``pointwise_filter`` (1, 1, C * M, O)).

    Example:
        >>> y = tf.nn.separable_conv2d(x, dw, pw, strides=[1, 1, 1, 1], padding="SAME")
    """
    rate = dilations if rate is None else rate
    with _g.name_scope(name, "separable_conv2d",
                       [input, depthwise_filter, pointwise_filter]) as scope:
        x = convert_to_tensor(input, name="input")
        dw = convert_to_tensor(depthwise_filter, dtype=x.dtype, name="depthwise_filter")
        pw = convert_to_tensor(pointwise_filter, dtype=x.dtype, name="pointwise_filter")
        pshape = pw.shape.as_tuple()
        if pshape is not None:
            if len(pshape) != 4:
                raise ValueError(f"Shape must be rank 4 but is rank {len(pshape)}")
            for d in pshape[:2]:
                if d is not None and d != 1:
                    raise ValueError(f"Dimensions {d} and 1 are not compatible")
        fmt = data_format or "NHWC"
        rate = (1, 1) if rate is None else rate
        depthwise = depthwise_conv2d_native(x, dw, strides, padding, data_format=fmt,
                                            dilations=_four(rate, fmt, "rate"),
                                            name="depthwise")
        return conv2d(depthwise, pw, [1, 1, 1, 1], "VALID", data_format=fmt, name=scope)


def atrous_conv2d(value, filters, rate, padding, name=None):
    """Dilated ("atrous") 2-D convolution: ``conv2d`` with every kernel tap ``rate`` pixels
    apart (NHWC, stride 1).

    Example:
        >>> y = tf.nn.atrous_conv2d(x, w, rate=2, padding="SAME")
    """
    if int(rate) < 1:
        raise ValueError(f"all values of `dilation_rate` must be positive. Received: "
                         f"dilation_rate=[{int(rate)} {int(rate)}]")
    with _g.name_scope(name, "convolution", [value, filters]) as scope:
        x = convert_to_tensor(value, name="input")
        f = convert_to_tensor(filters, dtype=x.dtype, name="filter")
        r = int(rate)
        return conv2d(x, f, [1, 1, 1, 1], padding, dilations=[1, r, r, 1], name=scope)


# -- activations -----------------------------------------------------------------------------------

def swish(features, beta=1.0, name=None):
    """``features * sigmoid(beta * features)`` (also ``tf.nn.silu``).

    Example:
        >>> tf.nn.swish([0.0, 1.0])    # [0.0, 0.7310586]
    """
    with _g.name_scope(name, "swish", [features]):
        x = convert_to_tensor(features, name="features")
        if isinstance(beta, (int, float)) and beta == 1.0:
            return multiply(x, sigmoid(x))
        b = convert_to_tensor(beta, dtype=x.dtype, name="beta")
        return multiply(x, sigmoid(multiply(b, x)))


silu = swish


def zero_fraction(value, name=None):
    """The fraction of entries of ``value`` that are zero, as a float32 scalar.

    TF1 programs log it for activations (``tf.summary.scalar('sparsity',
    tf.nn.zero_fraction(x))``). An empty ``value`` gives NaN (0 / 0), and no gradient flows
    through it. The result is named ``<scope>/fraction``.

    Example:
        >>> tf.nn.zero_fraction([[0.0, 1.0], [2.0, 0.0]])    # 0.5
    """
    from .. import dtypes as _dt
    from .math import cast, subtract, truediv
    from .reduce import count_nonzero
    from .shape import size
    with _g.name_scope(name, "zero_fraction", [value]):
        x = convert_to_tensor(value, name="value")
        # int64 / int64 divides in float64; rounding once to float32 at the end is TF's value
        nonzero = count_nonzero(x, dtype=_dt.int64)
        total = size(x, out_type=_dt.int64)
        return cast(subtract(1.0, truediv(nonzero, total)), _dt.float32, name="fraction")


def relu_layer(x, weights, biases, name=None):
    """``relu(matmul(x, weights) + biases)``, named ``relu_layer`` (TF1's fused layer).

    Example:
        >>> h = tf.nn.relu_layer(x, w, b)
    """
    from .nn import relu, xw_plus_b
    with _g.name_scope(name, "relu_layer", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return relu(xw_plus_b(x, weights, biases), name=scope)


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):  # noqa: A002
    """``tf.nn.max_pool2d``: ``max_pool`` on 4-D input; ``ksize``/``strides`` may be ints or
    lists of 1, 2 or 4 (the op is named ``MaxPool2d`` by default)."""
    from .pool import max_pool
    return max_pool(input, ksize, strides, padding, data_format=data_format,
                    name=name or "MaxPool2d")


def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):  # noqa: A002
    """``tf.nn.avg_pool2d``: ``avg_pool`` on 4-D input; ``ksize``/``strides`` may be ints or
    lists of 1, 2 or 4."""
    from .pool import avg_pool
    return avg_pool(input, ksize, strides, padding, data_format=data_format, name=name)

