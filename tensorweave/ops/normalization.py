"""Normalization: ``moments``, ``batch_normalization``, ``fused_batch_norm``, ``l2_normalize``.

``moments``, ``batch_normalization`` and ``l2_normalize`` are composites with TensorFlow's
formulas. ``FusedBatchNormV3`` is a primitive for speed: one kernel computes the batch
statistics and the normalized output of a 4-D input, where the composite needs about ten
full-size ops (this is what ``tf.layers.batch_normalization`` uses on image batches).
Its gradient is a graph of public ops, so it has second derivatives too.
"""

from collections import namedtuple

import numpy as np

from .. import dtypes as _dt
from .. import graph as _g
from .creation import convert_to_tensor, constant
from .math import (add, subtract, multiply, realdiv, rsqrt, maximum, squared_difference,
                   stop_gradient, cast, negative)
from .reduce import reduce_sum, reduce_mean
from .registry import Op, Spec, register

__all__ = ["moments", "batch_normalization", "fused_batch_norm", "l2_normalize",
           "sufficient_statistics", "normalize_moments", "weighted_moments"]


def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """The mean and (biased) variance of ``x`` over ``axes``.

    ``variance = mean((x - stop_gradient(mean)) ** 2)``, as TensorFlow computes it; float16
    input is reduced in float32. ``shift`` is accepted and unused (as in TF 1.15).

    Args:
        x: a tensor; axes: the axes to reduce (``[0]`` for a batch of vectors, ``[0, 1, 2]``
            for NHWC images); keep_dims (or keepdims): keep the reduced axes with length 1.

    Returns:
        ``(mean, variance)``.

    Example:
        >>> mean, var = tf.nn.moments(x, axes=[0])
    """
    if keep_dims is not None and keepdims is not None:
        raise ValueError("Cannot specify both 'keepdims' and 'keep_dims'")
    keep = bool(keepdims if keepdims is not None else keep_dims)
    from .shape import squeeze
    axes = [int(a) for a in np.ravel(axes)]
    with _g.name_scope(name, "moments", [x]):
        x = convert_to_tensor(x, name="x")
        y = cast(x, _dt.float32) if x.dtype == _dt.float16 else x
        mean = reduce_mean(y, axes, keepdims=True, name="mean")
        # stop_gradient: d variance / d mean is 0 at the mean, so nothing is lost
        variance = reduce_mean(squared_difference(y, stop_gradient(mean)), axes,
                               keepdims=True, name="variance")
        if not keep:
            mean = squeeze(mean, axes)
            variance = squeeze(variance, axes)
        if x.dtype == _dt.float16:
            return cast(mean, _dt.float16), cast(variance, _dt.float16)
        return mean, variance


def _keep(keep_dims, keepdims):
    if keep_dims is not None and keepdims is not None:
        raise ValueError("Cannot specify both 'keepdims' and 'keep_dims'")
    return bool(keepdims if keepdims is not None else keep_dims)


def sufficient_statistics(x, axes, shift=None, keep_dims=None, name=None, keepdims=None):
    """The sums from which ``normalize_moments`` gets the mean and variance of ``x``.

    Args:
        x: a tensor; axes: the axes to reduce.
        shift: None, or a value subtracted from ``x`` first (for numerical stability).
        keep_dims (or keepdims): keep the reduced axes with length 1.
        name: the name scope (default ``"sufficient_statistics"``).

    Returns:
        ``(count, mean_ss, var_ss, shift)``: the number of reduced elements (in ``x``'s
        dtype), ``sum(x - shift)``, ``sum((x - shift) ** 2)``, and ``shift`` as given.
    """
    from .math import square
    from .shape import shape as _shape, gather
    from .reduce import reduce_prod
    keep = _keep(keep_dims, keepdims)
    axes = [int(a) for a in np.ravel(axes)]
    with _g.name_scope(name, "sufficient_statistics", [x, shift]):
        x = convert_to_tensor(x, name="x")
        dims = x.shape.as_list() if x.shape.ndims is not None else None
        if dims is not None and all(dims[a] is not None for a in axes):
            count = constant(float(np.prod([dims[a] for a in axes])), dtype=x.dtype,
                             name="Const")
        else:
            count = cast(reduce_prod(gather(_shape(x), axes)), x.dtype, name="count")
        if shift is not None:
            shift = convert_to_tensor(shift, dtype=x.dtype, name="shift")
            m_ss = subtract(x, shift)
            v_ss = squared_difference(x, shift)
        else:
            m_ss, v_ss = x, square(x)
        m_ss = reduce_sum(m_ss, axes, keepdims=keep, name="mean_ss")
        v_ss = reduce_sum(v_ss, axes, keepdims=keep, name="var_ss")
    return count, m_ss, v_ss, shift


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """The mean and (biased) variance from ``sufficient_statistics``' sums.

    ``mean = mean_ss / counts + shift`` and ``variance = variance_ss / counts -
    (mean_ss / counts) ** 2``.

    Returns:
        ``(mean, variance)``, named ``normalize/mean`` and ``normalize/variance``.
    """
    from .math import reciprocal, square
    with _g.name_scope(name, "normalize", [counts, mean_ss, variance_ss, shift]):
        divisor = reciprocal(counts, name="divisor")
        if shift is not None:
            shifted_mean = multiply(mean_ss, divisor, name="shifted_mean")
            mean = add(shifted_mean, shift, name="mean")
        else:
            shifted_mean = multiply(mean_ss, divisor, name="mean")
            mean = shifted_mean
        variance = subtract(multiply(variance_ss, divisor), square(shifted_mean),
                            name="variance")
    return mean, variance


def weighted_moments(x, axes, frequency_weights, name=None, keep_dims=None, keepdims=None):
    """The mean and variance of ``x`` over ``axes`` with each element counted
    ``frequency_weights`` times (broadcast against ``x``).

    ``mean = sum(w * x) / sum(w)`` and ``variance = sum(w * (x - mean) ** 2) / sum(w)``
    (both 0 where the weights sum to 0).

    Returns:
        ``(mean, variance)``.
    """
    from .creation import zeros_like
    from .math import div_no_nan
    from .shape import squeeze
    keep = _keep(keep_dims, keepdims)
    axes = [int(a) for a in np.ravel(axes)]
    with _g.name_scope(name, "weighted_moments", [x, frequency_weights, axes]):
        x = convert_to_tensor(x, name="x")
        w = convert_to_tensor(frequency_weights, name="frequency_weights")
        weighted_sum = reduce_sum(multiply(w, x), axes, keepdims=True)
        weight_sum = reduce_sum(add(w, zeros_like(x)), axes, keepdims=True)
        mean = div_no_nan(weighted_sum, weight_sum)
        distsq = reduce_sum(multiply(w, squared_difference(x, stop_gradient(mean))), axes,
                            keepdims=True)
        variance = div_no_nan(distsq, weight_sum)
        if not keep:
            mean, variance = squeeze(mean, axes), squeeze(variance, axes)
    return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """``scale * (x - mean) / sqrt(variance + variance_epsilon) + offset``.

    Computed as TensorFlow does: ``inv = rsqrt(variance + eps) * scale``, then
    ``x * inv + (offset - mean * inv)``. ``offset`` and ``scale`` may be None.

    Example:
        >>> mean, var = tf.nn.moments(x, [0])
        >>> y = tf.nn.batch_normalization(x, mean, var, beta, gamma, 1e-3)
    """
    with _g.name_scope(name, "batchnorm", [x, mean, variance, scale, offset]):
        x = convert_to_tensor(x, name="x")
        mean = convert_to_tensor(mean, name="mean")
        variance = convert_to_tensor(variance, name="variance")
        # ``+`` as TF writes it: the ops are named "add", "add_1" (tf.add would say "Add")
        inv = rsqrt(variance + constant(variance_epsilon, dtype=variance.dtype))
        if scale is not None:
            inv = multiply(inv, convert_to_tensor(scale, name="scale", dtype=inv.dtype))
        if offset is not None:
            shift = subtract(convert_to_tensor(offset, name="offset", dtype=inv.dtype),
                             multiply(mean, inv))
        else:
            shift = multiply(negative(mean), inv)
        return multiply(x, cast(inv, x.dtype)) + cast(shift, x.dtype)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """``x / sqrt(max(sum(x ** 2, axis), epsilon))``.

    Example: ``tf.nn.l2_normalize([3., 4.], 0)`` → ``[0.6, 0.8]``.
    """
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'dim' and 'axis'")
    axis = dim if axis is None else axis
    from .math import square
    with _g.name_scope(name, "l2_normalize", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        square_sum = reduce_sum(square(x), axis, keepdims=True)
        x_inv_norm = rsqrt(maximum(square_sum, constant(epsilon, dtype=square_sum.dtype)))
        return multiply(x, x_inv_norm, name=scope)


# -- fused batch norm ------------------------------------------------------------------------------
@register
class FusedBatchNormV3(Op):
    """Batch normalization of a 4-D input over all but its channel axis.

    Inputs: x, scale, offset, mean, variance (the last two are used only when not training).
    Outputs: y, batch_mean, batch_var. Training normalizes with the batch's biased variance
    but returns the unbiased (Bessel-corrected, ``* n / (n - 1)``) one as ``batch_var``, as
    TensorFlow's kernel does; inference normalizes with ``mean``/``variance`` and returns them.
    """

    fresh_output = True

    def __init__(self, epsilon=0.001, data_format="NHWC", is_training=True):
        self.epsilon = epsilon
        self.data_format = data_format
        self.is_training = is_training

    def _c_axis(self):
        return 1 if self.data_format == "NCHW" else 3

    def infer(self, x, scale, offset, mean, variance):
        if x.dtype not in (_dt.float16, _dt.float32, _dt.float64):
            raise TypeError(f"FusedBatchNorm needs a float16/32/64 input, got {x.dtype.name}")
        params = [scale, offset] + ([] if self.is_training else [mean, variance])
        for p in params:
            if p.dtype != scale.dtype:
                raise TypeError(f"scale, offset, mean and variance must share a dtype, got "
                                f"{scale.dtype.name} and {p.dtype.name}")
        if x.shape is not None and len(x.shape) != 4:
            raise ValueError(f"input must be 4-dimensional, got shape {list(x.shape)}")
        c = None if x.shape is None else x.shape[self._c_axis()]
        for p, what in zip(params, ("scale", "offset", "mean", "variance")):
            if p.shape is None:
                continue
            if len(p.shape) != 1:
                raise ValueError(f"{what} must be 1-dimensional, got shape {list(p.shape)}")
            if c is not None and p.shape[0] is not None and p.shape[0] != c:
                raise ValueError(f"{what} must have as many elements as the channel "
                                 f"dimension of x ({c}), got {p.shape[0]}")
            c = c if c is not None else p.shape[0]
        vec = Spec((c,), scale.dtype)
        return [Spec(x.shape if x.shape is not None else (None,) * 4, x.dtype), vec, vec]

    def forward(self, xp, x, scale, offset, mean, variance):
        shape = (1, -1, 1, 1) if self.data_format == "NCHW" else (1, 1, 1, -1)
        axes = (0, 2, 3) if self.data_format == "NCHW" else (0, 1, 2)
        wide = x.astype(scale.dtype) if x.dtype != scale.dtype else x
        if self.is_training:
            n = x.size // max(x.shape[self._c_axis()], 1)
            if xp is np and self.data_format != "NCHW" and wide.flags.c_contiguous and n and \
                    wide.dtype in (np.float32, np.float64):
                # the channel is the last axis: sums over the leading ones (sum_leading:
                # 64x32x32x32 in 0.28 ms, NumPy's mean over three axes 1.25 ms)
                from .reduce import sum_leading
                mean = np.true_divide(sum_leading(np, wide, 3), n, dtype=wide.dtype)
                centered = wide - mean
                var = np.true_divide(sum_leading(np, np.square(centered), 3), n,
                                     dtype=wide.dtype)
            else:
                mean = wide.mean(axis=axes)
                centered = wide - mean.reshape(shape)
                var = xp.square(centered).mean(axis=axes)
            inv = 1.0 / xp.sqrt(var + scale.dtype.type(self.epsilon))
            y = xp.multiply(centered, (inv * scale).reshape(shape), out=centered)  # (its own)
            y += offset.reshape(shape)
            unbiased = var * (scale.dtype.type(n) / scale.dtype.type(max(n - 1, 1)))
            return y.astype(x.dtype, copy=False), mean, unbiased.astype(scale.dtype, copy=False)
        inv = 1.0 / xp.sqrt(variance + scale.dtype.type(self.epsilon))
        y = (wide - mean.reshape(shape)) * (inv * scale).reshape(shape) + offset.reshape(shape)
        return y.astype(x.dtype, copy=False), mean.copy(), variance.copy()

    def gradient(self, g, y, x, scale, offset, mean, variance):
        # As TensorFlow (nn_grad's fused batch-norm gradient, 1.x and 2.x): only the gradient
        # of y flows back. Gradients reaching batch_mean and batch_variance are dropped, and
        # the population mean and variance of inference get none.
        gy = g[0]
        if self.is_training:
            return self._training_gradient(gy, x, scale) + (None, None)
        return self._inference_gradient(gy, x, scale, mean, variance) + (None, None)

    # Gradient helpers. ``_bc`` reshapes a per-channel vector to broadcast against x.
    def _bc(self, v):
        if self.data_format == "NCHW":
            from .shape import reshape
            return reshape(v, [1, -1, 1, 1])
        return v

    def _axes(self):
        return [0, 2, 3] if self.data_format == "NCHW" else [0, 1, 2]

    def _count(self, x, dtype):
        """(n, max(n - 1, 1)): the number of values per channel, as tensors of ``dtype``."""
        from .shape import shape, size
        n = realdiv(cast(size(x), dtype), cast(shape(x)[self._c_axis()], dtype))
        return n, maximum(subtract(n, constant(1, dtype=dtype)), constant(1, dtype=dtype))

    def _training_gradient(self, gy, x, scale):
        axes = self._axes()
        dtype = scale.dtype
        xw = cast(x, dtype)
        gy = cast(gy, dtype)
        n, _ = self._count(x, dtype)
        # the batch statistics again from x, not from the op's outputs: TF drops gradients
        # reaching those, so second derivatives would miss the terms through them
        mean = reduce_mean(xw, axes, keepdims=True)
        centered = subtract(xw, mean)
        var = reduce_mean(multiply(centered, centered), axes)
        r = rsqrt(add(var, constant(self.epsilon, dtype=dtype)))
        xhat = multiply(centered, self._bc(r))
        d_offset = reduce_sum(gy, axes)
        d_scale = reduce_sum(multiply(gy, xhat), axes)
        # dx = r * scale * (gy - mean(gy) - xhat * mean(gy * xhat))
        inner = subtract(subtract(gy, self._bc(realdiv(d_offset, n))),
                         multiply(xhat, self._bc(realdiv(d_scale, n))))
        dx = multiply(inner, self._bc(multiply(r, scale)))
        return cast(dx, x.dtype), d_scale, d_offset

    def _inference_gradient(self, gy, x, scale, mean, variance):
        axes = self._axes()
        dtype = scale.dtype
        gy = cast(gy, dtype)
        r = rsqrt(add(variance, constant(self.epsilon, dtype=dtype)))
        centered = subtract(cast(x, dtype), self._bc(mean))
        d_offset = reduce_sum(gy, axes)
        dx = multiply(gy, self._bc(multiply(r, scale)))
        d_scale = multiply(reduce_sum(multiply(gy, centered), axes), r)
        return cast(dx, x.dtype), d_scale, d_offset


FusedBatchNormResult = namedtuple("FusedBatchNormResult", "y batch_mean batch_var")


def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001,
                     data_format="NHWC", is_training=True, name=None):
    """Batch normalization of a 4-D tensor in one op (TF's ``tf.nn.fused_batch_norm``).

    Args:
        x: a 4-D float tensor in ``data_format`` (``"NHWC"`` or ``"NCHW"``).
        scale, offset: per-channel vectors (gamma and beta).
        mean, variance: per-channel population statistics; required when not training and
            must be None when training.
        epsilon: added to the variance, as given (TF 1.15 raised it to 1.001e-5; TF 2 does
            not).
        is_training: normalize with the batch statistics (True) or ``mean``/``variance``.

    Returns:
        ``(y, batch_mean, batch_var)``. In training ``batch_var`` is the *unbiased* variance
        (``n / (n - 1)`` times the biased one used to normalize), as TensorFlow returns it.

    Raises:
        ValueError: for a missing (or superfluous) mean/variance, or mismatched shapes.

    Example:
        >>> y, m, v = tf.nn.fused_batch_norm(x, gamma, beta)
    """
    x = convert_to_tensor(x, name="input")
    scale = convert_to_tensor(scale, name="scale")
    offset = convert_to_tensor(offset, name="offset")
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"data_format must be 'NHWC' or 'NCHW', got {data_format!r}")
    if is_training and (mean is not None or variance is not None):
        raise ValueError("Both 'mean' and 'variance' must be None if is_training is True.")
    if not is_training and (mean is None or variance is None):
        raise ValueError("Both 'mean' and 'variance' must be a 1-D tensor when is_training "
                         "is False.")
    mean = constant([], dtype=scale.dtype) if mean is None else \
        convert_to_tensor(mean, name="mean")
    variance = constant([], dtype=scale.dtype) if variance is None else \
        convert_to_tensor(variance, name="variance")
    epsilon = float(epsilon)  # TF 2 passes it through (TF 1.15 raised it to 1.001e-5)
    y, batch_mean, batch_var = FusedBatchNormV3(epsilon, data_format, bool(is_training)).bind(
        x, scale, offset, mean, variance, name=name or "FusedBatchNormV3")
    return FusedBatchNormResult(y, batch_mean, batch_var)
