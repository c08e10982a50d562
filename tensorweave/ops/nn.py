"""Activations, softmax, ``bias_add``, cross-entropies, ``dropout`` and ``embedding_lookup``.

``Relu``, ``Softplus``, ``Softmax``, ``LogSoftmax``, ``BiasAdd`` and the sparse softmax
cross-entropy are primitives: the softmax family must subtract the row maximum to stay finite
for large logits. Everything else here (``elu``, ``selu``, ``relu6``, ``leaky_relu``,
``dropout`` …) is a composite of public ops with TensorFlow's formula and output name.
"""

import numbers

import numpy as np

from .. import dtypes as _dt
from .. import graph as _g
from .. import jit
from .. import parallel
from . import kept as _kept
from .creation import convert_to_tensor, constant
from .math import (multiply, subtract, exp, sigmoid, cast, greater, greater_equal, less, where,
                   minimum,
                   expm1, _Unary)
from .reduce import reduce_sum
from .registry import Op, Spec, register, constant_value
from ..shapes import broadcast_shapes

__all__ = ["relu", "relu6", "elu", "selu", "leaky_relu", "crelu", "softsign", "softmax",
           "log_softmax", "softplus", "bias_add", "xw_plus_b",
           "sparse_softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits",
           "softmax_cross_entropy_with_logits_v2", "sigmoid_cross_entropy_with_logits",
           "weighted_cross_entropy_with_logits", "l2_loss", "log_poisson_loss", "dropout",
           "embedding_lookup"]


@register
class Relu(_Unary):
    """``max(x, 0)``."""

    kinds = "fi"

    def forward(self, xp, x):
        return xp.maximum(x, 0)

    def make_kernel(self, ctx, node):
        maximum, zero = ctx.xp.maximum, node.inputs[0].dtype.as_numpy_dtype(0)

        def chunk(x, out=None):  # elementwise: compiler/fuse.py may run it chunk by chunk
            return maximum(x, zero, out=out)
        chunk.scalar = "_max({0}, _z)"  # per element, for compiler/fuse_loop.py

        def kernel(x, out=None):
            if out is None or ctx.xp is not np:
                return maximum(x, zero, out=out)
            return parallel.elementwise(chunk, out, x)
        kernel.accepts_out = True
        kernel.chunk = chunk
        return kernel

    def gradient(self, g, y, x):
        return (ReluGrad().bind(g, y),)


# ReLU gradients from this many elements run as one compiled loop (the ``fast`` extra)
LOOP_MIN_SIZE = 1 << 14


def _relu_grad_loop(g, y, out):
    one, zero = out.dtype.type(1), out.dtype.type(0)
    for i in range(g.shape[0]):  # NumPy's g * (y > 0): a product, signed zeros and NaNs kept
        out[i] = g[i] * (one if y[i] > zero else zero)


# Writing over an operand (the memory plan's in-place reuse), the loop reads it through the
# output: with the same array passed twice LLVM's overlap check picks its scalar loop, 2.5x
# slower (see compiler/fuse_loop.py).
def _relu_grad_over_g(y, out):
    one, zero = out.dtype.type(1), out.dtype.type(0)
    for i in range(y.shape[0]):
        out[i] = out[i] * (one if y[i] > zero else zero)


def _relu_grad_over_y(g, out):
    one, zero = out.dtype.type(1), out.dtype.type(0)
    for i in range(g.shape[0]):
        out[i] = g[i] * (one if out[i] > zero else zero)


def _relu_grad_compiled(g, y, out):
    """``out = g * (y > 0)`` as one compiled loop over flat views; raises jit.Unavailable."""
    gf, yf, of = g.reshape(-1), y.reshape(-1), out.reshape(-1)
    if out is g:
        jit.call("relu_grad_over_g", _relu_grad_over_g, yf, of)
    elif out is y:
        jit.call("relu_grad_over_y", _relu_grad_over_y, gf, of)
    else:
        jit.call("relu_grad", _relu_grad_loop, gf, yf, of)


@register
class ReluGrad(Op):
    """``g`` where the ReLU's output ``y`` is positive, else 0: Relu's gradient in one pass
    (instead of compare, cast and multiply)."""

    fresh_output = True

    def infer(self, g, y):
        return Spec(g.shape if g.shape is not None else y.shape, g.dtype)

    def forward(self, xp, g, y):
        return xp.multiply(g, y > 0)  # as TF: a product (so -0.0 for negative g), and 4x
        # faster than where() in NumPy

    def make_kernel(self, ctx, node):
        xp, bufs = ctx.xp, _kept.for_kernel(ctx)
        multiply, greater = xp.multiply, xp.greater

        def masked(g, y, mask, out):
            greater(y, 0, out=mask)
            return multiply(g, mask, out=out)

        def kernel(g, y, out=None):
            if out is None or g.shape != y.shape:
                return multiply(g, greater(y, 0), out=out)
            if xp is np and g.size >= LOOP_MIN_SIZE and g.dtype == y.dtype == out.dtype and \
                    g.dtype in (np.float32, np.float64) and jit.works("relu_grad") and \
                    g.flags.c_contiguous and y.flags.c_contiguous and out.flags.c_contiguous:
                try:  # one compiled pass instead of compare, then multiply (the same bits)
                    _relu_grad_compiled(g, y, out)
                    return out
                except jit.Unavailable:
                    pass
            mask = bufs.get("mask", y.shape, bool)  # kept from run to run: no fresh pages
            if xp is not np:
                return masked(g, y, mask, out)
            return parallel.elementwise(masked, out, g, y, mask)

        def chunk(g, y, out=None):  # elementwise: compiler/fuse.py runs it chunk by chunk
            return multiply(g, greater(y, 0), out=out)
        chunk.scalar = "({0} * (_one if {1} > _z else _z))"  # compiler/fuse_loop.py
        kernel.accepts_out = True
        kernel.chunk = chunk
        return kernel

    def gradient(self, gg, z, g, y):
        return ReluGrad().bind(gg, y), None


@register
class Softplus(_Unary):
    """``log(1 + e ** x)``, computed without overflow."""

    def forward(self, xp, x):
        return xp.logaddexp(x.dtype.type(0), x)

    def gradient(self, g, y, x):
        return (multiply(g, sigmoid(x)),)


class _AxisSoftmax(Op):
    fresh_output = True
    exact_gradient_shapes = True

    def __init__(self, axis=-1):
        self.axis = axis

    def infer(self, x):
        if not x.dtype.is_floating:
            raise TypeError(f"{self.type_name} needs floating logits, got {x.dtype.name}")
        if x.shape is not None:
            r = len(x.shape)
            if r == 0:
                raise ValueError("logits must have at least 1 dimension")
            if not -r <= self.axis < r:
                from ..errors import InvalidArgumentError  # TF 1's type and words
                raise InvalidArgumentError(
                    None, None, f"Dimension ({self.axis}) must be in the range [{-r}, {r}) "
                    f"where {r} is the number of dimensions in the input.")
        return Spec(x.shape, x.dtype)


@register
class Softmax(_AxisSoftmax):
    """``exp(x) / sum(exp(x))`` along ``axis``."""

    def forward(self, xp, x):
        last = self.axis in (-1, x.ndim - 1)
        e = x - (_last_axis_max(xp, x) if last else x.max(axis=self.axis, keepdims=True))
        xp.exp(e, out=e)
        e /= e.sum(axis=self.axis, keepdims=True)
        return e

    def gradient(self, g, y, x):
        s = reduce_sum(multiply(g, y), self.axis, keepdims=True)
        return (multiply(subtract(g, s), y),)


@register
class LogSoftmax(_AxisSoftmax):
    """``x - log(sum(exp(x)))`` along ``axis``."""

    def forward(self, xp, x):
        z = x - x.max(axis=self.axis, keepdims=True)
        z -= xp.log(xp.exp(z).sum(axis=self.axis, keepdims=True))
        return z

    def gradient(self, g, y, x):
        s = reduce_sum(g, self.axis, keepdims=True)
        return (subtract(g, multiply(exp(y), s)),)


def relu(features, name=None):
    """Rectified linear unit: ``max(features, 0)``."""
    return Relu().bind(convert_to_tensor(features), name=name or "Relu")


def softplus(features, name=None):
    """``log(exp(features) + 1)``."""
    return Softplus().bind(convert_to_tensor(features), name=name or "Softplus")


def _softmax_fn(cls, default_name):
    def fn(logits, axis=None, name=None, dim=None):
        if axis is not None and dim is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'")
        axis = -1 if axis is None and dim is None else (dim if axis is None else axis)
        return cls(int(axis)).bind(convert_to_tensor(logits), name=name or default_name)
    return fn


softmax = _softmax_fn(Softmax, "Softmax")
softmax.__doc__ = """Softmax along ``axis`` (default the last; ``dim`` is the TF1 spelling).

    Example: ``tf.nn.softmax([[1., 1.]])`` → ``[[0.5, 0.5]]``."""
log_softmax = _softmax_fn(LogSoftmax, "LogSoftmax")
log_softmax.__doc__ = "Log of the softmax along ``axis``, computed stably."



@register
class BiasAdd(Op):
    """``value + bias`` with ``bias`` (1-D) added along the channel dimension."""

    fresh_output = True
    exact_gradient_shapes = True

    def __init__(self, data_format="NHWC"):
        self.data_format = data_format

    def infer(self, value, bias):
        if value.dtype != bias.dtype:
            raise TypeError(f"Input 'bias' of 'BiasAdd' Op has type {bias.dtype.name} that "
                            f"does not match type {value.dtype.name} of argument 'value'.")
        if bias.shape is not None and len(bias.shape) != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {len(bias.shape)}")
        if value.shape is not None:
            if len(value.shape) < 2:
                raise ValueError(f"Shape must be at least rank 2 but is rank "
                                 f"{len(value.shape)}")
            c = value.shape[self._axis(len(value.shape))]
            b = None if bias.shape is None else bias.shape[0]
            if c is not None and b is not None and c != b:
                raise ValueError(f"Dimensions must be equal, but are {c} and {b}")
        return Spec(value.shape, value.dtype)

    def _axis(self, rank):
        return 1 if self.data_format.startswith("NC") else rank - 1

    def forward(self, xp, value, bias):
        if self.data_format.startswith("NC"):
            bias = bias.reshape((-1,) + (1,) * (value.ndim - 2))
        return xp.add(value, bias)

    def make_kernel(self, ctx, node):
        if self.data_format.startswith("NC"):
            return Op.make_kernel(self, ctx, node)
        add = ctx.xp.add

        def kernel(value, bias, out=None):  # the bias broadcasts along the last axis
            return add(value, bias, out=out)
        kernel.accepts_out = True  # a planned buffer (compiler/memory.py) …
        kernel.chunk = kernel      # … and elementwise over rows (compiler/fuse.py, with ReLU)
        kernel.scalar = "({0} + {1})"  # per element (compiler/fuse_loop.py)
        return kernel

    def gradient(self, g, y, value, bias):
        rank = g.shape.ndims
        if rank is None:
            raise ValueError("BiasAdd gradient needs the rank of its input")
        axis = self._axis(rank)
        return g, reduce_sum(g, [i for i in range(rank) if i != axis])


def bias_add(value, bias, data_format=None, name=None):
    """Adds a 1-D ``bias`` to ``value`` along its last (channel) dimension."""
    value = convert_to_tensor(value)
    bias = convert_to_tensor(bias, dtype=value.dtype)
    return BiasAdd(data_format or "NHWC").bind(value, bias, name=name or "BiasAdd")


# -- cross-entropy losses -------------------------------------------------------------------------
@register
class SparseSoftmaxCrossEntropyWithLogits(Op):
    """TF's fused op: ``(loss, backprop)`` with ``loss = -log(softmax(logits)[label])`` per
    row (computed so that large logits stay finite) and ``backprop = softmax(logits) -
    one_hot(label)``, the loss's gradient for the logits, computed in the same pass. As in TF,
    the gradient is ``backprop`` times the incoming gradient (no softmax again at every
    training step); unlike TF, second derivatives work (TF refuses them)."""

    fresh_output = True
    exact_gradient_shapes = True

    def infer(self, logits, labels):
        if not logits.dtype.is_floating:
            raise TypeError(f"logits must be floating, got {logits.dtype.name}")
        if not labels.dtype.is_integer:
            raise TypeError(f"labels must be int32 or int64, got {labels.dtype.name}")
        if logits.shape is None:
            return [Spec(labels.shape, logits.dtype), Spec(None, logits.dtype)]
        if labels.shape is not None:
            if len(labels.shape) != len(logits.shape) - 1 or any(
                    a is not None and b is not None and a != b
                    for a, b in zip(labels.shape, logits.shape[:-1])):
                raise ValueError(f"Rank mismatch: labels {list(labels.shape)} must have the "
                                 f"shape of logits {list(logits.shape)} without its last "
                                 "dimension")
        return [Spec(logits.shape[:-1], logits.dtype), Spec(logits.shape, logits.dtype)]

    def forward(self, xp, logits, labels):
        n = logits.shape[-1]
        if labels.size * n != logits.size:
            raise ValueError("logits and labels must have the same first dimension, got "
                             f"logits shape {list(logits.shape)} and labels shape "
                             f"{list(labels.shape)}")
        if labels.size and (labels.min() < 0 or labels.max() >= n):
            bad = int(labels[(labels < 0) | (labels >= n)].ravel()[0])
            raise ValueError(f"Received a label value of {bad} which is outside the valid "
                             f"range of [0, {n}).")
        z = logits - _last_axis_max(xp, logits)
        e = xp.exp(z)
        total = e.sum(axis=-1, keepdims=True)
        rows = xp.arange(labels.size)
        flat = labels.reshape(-1)
        loss = xp.log(total).reshape(-1) - z.reshape(-1, n)[rows, flat]
        backprop = xp.divide(e, total, out=e)
        if n:
            backprop.reshape(-1, n)[rows, flat] -= 1
        return loss.reshape(labels.shape), backprop

    def gradient(self, g, y, logits, labels):
        return _fused_xent_logits_grad(g, y, logits), None


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None,
                                             name=None):
    """Per-example ``-log softmax(logits)[labels]`` (labels are class indices).

    Raises:
        ValueError: when not called with named ``labels=`` and ``logits=`` arguments, or
            their shapes do not match.
        InvalidArgumentError: at run time, for a label outside ``[0, num_classes)``.
    """
    if _sentinel is not None:
        raise ValueError("Only call `sparse_softmax_cross_entropy_with_logits` with named "
                         "arguments (labels=..., logits=..., ...).")
    if labels is None or logits is None:
        raise ValueError("Both labels= and logits= must be provided.")
    from .. import graph as _g
    # named as TF names it: "<scope>/<name or SparseSoftmaxCrossEntropyWithLogits>" for
    # rank-2 logits, "<scope>/Reshape_2" otherwise, "<scope>/Cast_1" for float16 logits
    with _g.name_scope(name, "SparseSoftmaxCrossEntropyWithLogits", [labels, logits]):
        logits = convert_to_tensor(logits)
        labels = convert_to_tensor(labels)
        inner = (name or "SparseSoftmaxCrossEntropyWithLogits") if logits.shape.ndims == 2 \
            else "Reshape_2"
        if logits.dtype == _dt.float16:  # TF computes it in float32 and casts the cost back
            cost, _ = SparseSoftmaxCrossEntropyWithLogits().bind(
                cast(logits, _dt.float32), labels, name=inner)
            return cast(cost, _dt.float16, name="Cast_1")
        cost, _ = SparseSoftmaxCrossEntropyWithLogits().bind(logits, labels, name=inner)
        return cost


@register
class SoftmaxCrossEntropyWithLogits(Op):
    """TF's fused op: ``(loss, backprop)`` with ``loss = -sum(labels * log_softmax(features),
    -1)`` and ``backprop = softmax(features) - labels``, which is also the gradient TF gives
    the features (the exact one when each row of labels sums to 1, as it should)."""

    def infer(self, features, labels):
        if not features.dtype.is_floating:
            raise TypeError(f"logits must be floating, got {features.dtype.name}")
        if labels.dtype != features.dtype:
            raise TypeError(f"labels ({labels.dtype.name}) and logits "
                            f"({features.dtype.name}) must have the same dtype")
        shape = broadcast_shapes(features.shape, labels.shape)
        if shape is not None and len(shape) == 0:
            raise ValueError("logits and labels must have at least 1 dimension")
        return [Spec(None if shape is None else shape[:-1], features.dtype),
                Spec(shape, features.dtype)]

    def forward(self, xp, x, labels):
        z = x - _last_axis_max(xp, x)
        e = xp.exp(z)
        total = e.sum(axis=-1, keepdims=True)
        loss = (labels * (xp.log(total) - z)).sum(axis=-1)
        return loss, e / total - labels

    def gradient(self, g, y, x, labels):
        from .shape import expand_dims
        from .math import negative
        return (_fused_xent_logits_grad(g, y, x),
                multiply(expand_dims(g[0], -1), negative(log_softmax(x))))


def _last_axis_max(xp, x):
    """``x.max(axis=-1, keepdims=True)``. NumPy reduces a short last axis row by row: class
    logits (128x10) took 7.5 us so, 1.6 as the maximum over the rows of the transposed copy.
    The same values (a maximum is exact, NaN propagates either way; a tie between -0.0 and
    0.0 may pick the other zero, and ``x - max`` then gives a zero of the other sign, which
    changes neither ``exp`` nor the cross-entropies)."""
    if xp is np and x.ndim >= 2 and 0 < x.shape[-1] < 64 and x.size >= 256:
        rows = np.ascontiguousarray(x.reshape(-1, x.shape[-1]).T)
        return np.maximum.reduce(rows, axis=0).reshape(x.shape[:-1] + (1,))
    return x.max(axis=-1, keepdims=True)


def _fused_xent_logits_grad(g, y, logits):
    """The logits' gradient of a fused cross-entropy op with outputs (loss, backprop): the
    loss's gradient times ``backprop`` (TF's formula), plus, when ``backprop`` itself is
    differentiated (second derivatives), its softmax Jacobian applied to that gradient."""
    from .shape import expand_dims
    from .math import add
    g_loss, g_backprop = g
    grad = multiply(expand_dims(g_loss, -1), y[1])
    if g_backprop.op.type != "ZerosLike":  # the backprop output is differentiated too
        sm = softmax(logits)
        inner = reduce_sum(multiply(g_backprop, sm), -1, keepdims=True)
        grad = add(grad, multiply(subtract(g_backprop, inner), sm))
    return grad


def _axis_last_perm(x, axis):
    """The permutation moving ``axis`` of ``x`` last: a list, or a tensor built from the
    run-time rank when the rank is unknown (then ``axis`` must lie in ``[-rank, rank)``)."""
    rank = x.shape.ndims
    if rank is not None:
        a = axis % rank
        return [d for d in range(rank) if d != a] + [a]
    from .creation import range as _range
    from .math import floormod
    from .shape import concat, reshape
    from .shape import rank as rank_of
    r = rank_of(x)
    a = floormod(constant(axis, _dt.int32), r)
    return concat([_range(a), _range(a + 1, r), reshape(a, [1])], 0)


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=-1, name=None, dim=None):
    """Per-example ``-sum(labels * log_softmax(logits))``; gradients reach the labels too."""
    from .. import graph as _g
    _ensure_xent_args("softmax_cross_entropy_with_logits", None, labels, logits)
    axis = dim if dim is not None else axis
    with _g.name_scope(name, "softmax_cross_entropy_with_logits") as scope:
        logits = convert_to_tensor(logits)
        labels = convert_to_tensor(labels)
        wide = _precise(logits)  # TF computes float16 in float32
        widened = wide is not logits
        if labels.dtype != wide.dtype:
            labels = cast(labels, wide.dtype)  # TF casts the labels to the logits' dtype
        rank = wide.shape.ndims
        last = axis in (-1, None) or (rank is not None and axis % rank == rank - 1)
        if not last:  # TF moves the class axis last
            from .shape import transpose
            perm = _axis_last_perm(wide, axis)
            wide, labels = transpose(wide, perm), transpose(labels, perm)
        # TF's result is "<scope>/Reshape_2" (its cost reshaped back to the batch shape), or
        # "<scope>/Cast_1" for float16 logits
        if not widened:
            cost, _ = SoftmaxCrossEntropyWithLogits().bind(wide, labels, name="Reshape_2")
            return cost
        cost, _ = SoftmaxCrossEntropyWithLogits().bind(wide, labels)
        return cast(cost, logits.dtype, name="Cast_1")


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1,
                                      name=None, axis=None):
    """TF1's version: like ``_v2`` but no gradient flows into ``labels``."""
    _ensure_xent_args("softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    from .. import graph as _g
    from .math import stop_gradient
    with _g.name_scope(name, "softmax_cross_entropy_with_logits_sg", [logits, labels]) as scope:
        labels = stop_gradient(convert_to_tensor(labels), name="labels_stop_gradient")
        return softmax_cross_entropy_with_logits_v2(labels, logits, axis if axis is not None
                                                    else dim, scope)


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """Per-element ``max(x, 0) - x * z + log(1 + exp(-|x|))``: stable logistic loss."""
    _ensure_xent_args("sigmoid_cross_entropy_with_logits", _sentinel, labels, logits)
    from .. import graph as _g
    from .math import add, greater_equal, log1p, negative, exp, where
    from .creation import zeros_like
    with _g.name_scope(name, "logistic_loss") as scope:
        labels, logits = _logistic_args(labels, logits)
        # TF's selects (not max/abs), so that the gradient at logits == 0 is 0.5 - labels
        zeros = zeros_like(logits)
        cond = greater_equal(logits, zeros)
        relu_logits = where(cond, logits, zeros)
        neg_abs_logits = where(cond, negative(logits), logits)
        return add(subtract(relu_logits, multiply(logits, labels)),
                   log1p(exp(neg_abs_logits)), name=scope)


def weighted_cross_entropy_with_logits(labels=None, logits=None, pos_weight=None, name=None,
                                       targets=None):
    """Sigmoid cross-entropy with the positive term weighted by ``pos_weight``:
    ``(1 - z) * x + (1 + (q - 1) * z) * (log(1 + exp(-|x|)) + max(-x, 0))``."""
    from .. import graph as _g
    from .math import add, abs as abs_, log1p, maximum, negative, exp
    labels = targets if labels is None else labels
    _ensure_xent_args("weighted_cross_entropy_with_logits", None, labels, logits)
    if pos_weight is None:
        raise ValueError("pos_weight must be provided.")
    with _g.name_scope(name, "logistic_loss") as scope:
        labels, logits = _logistic_args(labels, logits)
        q = convert_to_tensor(pos_weight, dtype=logits.dtype)
        one = constant(1, dtype=logits.dtype)
        log_weight = add(one, multiply(subtract(q, one), labels))
        zeros = constant(0, dtype=logits.dtype)
        return add(multiply(subtract(one, labels), logits),
                   multiply(log_weight, add(log1p(exp(negative(abs_(logits)))),
                                            maximum(negative(logits), zeros))), name=scope)


def _logistic_args(labels, logits):
    """(labels, logits) as tensors of the logits' dtype and one shape (the logistic losses)."""
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels, dtype=logits.dtype)
    if not logits.shape.is_compatible_with(labels.shape):
        raise ValueError(f"logits and labels must have the same shape ({logits.shape} vs "
                         f"{labels.shape})")
    return labels, logits


def _ensure_xent_args(name, sentinel, labels, logits):
    if sentinel is not None:
        raise ValueError(f"Only call `{name}` with named arguments (labels=..., logits=..., "
                         "...).")
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided.")


def _precise(logits):
    """float16 logits as float32 (TF's ``precise_logits``), others as they are."""
    return cast(logits, _dt.float32) if logits.dtype == _dt.float16 else logits


def _identity(t, name):
    from .math import identity
    return identity(t, name=name)


def l2_loss(t, name=None):
    """``sum(t ** 2) / 2``."""
    from .math import square
    t = convert_to_tensor(t)
    return multiply(reduce_sum(square(t)), constant(0.5, dtype=t.dtype), name=name or "L2Loss")


# -- composite activations ------------------------------------------------------------------------
def _float_features(features, fn):
    x = convert_to_tensor(features, name="features")
    if not x.dtype.is_floating:
        raise TypeError(f"{fn} needs floating features, got {x.dtype.name}; use tf.cast first.")
    return x


def relu6(features, name=None):
    """``min(max(features, 0), 6)``; the gradient is zero at 0 and at 6, as TensorFlow's.

    Example: ``tf.nn.relu6([-1., 3., 8.])`` → ``[0, 3, 6]``.
    """
    with _g.name_scope(name, "Relu6", [features]) as scope:
        x = convert_to_tensor(features, name="features")
        six = constant(6, dtype=x.dtype)
        return where(less(x, six), relu(x), six, name=scope)


def elu(features, name=None):
    """Exponential linear unit: ``x`` if ``x > 0`` else ``exp(x) - 1``."""
    with _g.name_scope(name, "Elu", [features]) as scope:
        x = _float_features(features, "elu")
        zero = constant(0, dtype=x.dtype)
        # expm1 of min(x, 0): the unselected branch stays finite, so its gradient is 0, not nan
        return where(greater(x, zero), x, expm1(minimum(x, zero)), name=scope)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(features, name=None):
    """Scaled ELU: ``scale * (x if x > 0 else alpha * (exp(x) - 1))`` with the constants of
    Klambauer et al. (2017)."""
    with _g.name_scope(name, "Selu", [features]) as scope:
        x = _float_features(features, "selu")
        zero = constant(0, dtype=x.dtype)
        neg = multiply(constant(_SELU_ALPHA, dtype=x.dtype), expm1(minimum(x, zero)))
        # x >= 0 takes the linear branch: the gradient at 0 is scale, as TF's SeluGrad
        return multiply(constant(_SELU_SCALE, dtype=x.dtype),
                        where(greater_equal(x, zero), x, neg), name=scope)


def leaky_relu(features, alpha=0.2, name=None):
    """``x`` if ``x > 0`` else ``alpha * x`` (integer features are cast to float32)."""
    with _g.name_scope(name, "LeakyRelu", [features]) as scope:
        x = convert_to_tensor(features, name="features")
        if x.dtype.is_integer:
            x = cast(x, _dt.float32)
        if isinstance(alpha, np.ndarray):
            alpha = alpha.item()
        zero = constant(0, dtype=x.dtype)
        return where(greater(x, zero), x, multiply(constant(alpha, dtype=x.dtype), x),
                     name=scope)


def crelu(features, name=None, axis=-1):
    """Concatenated ReLU: ``relu(concat([x, -x], axis))`` (twice the depth along ``axis``)."""
    from .shape import concat
    from .math import negative
    with _g.name_scope(name, "CRelu", [features]):
        x = convert_to_tensor(features, name="features")
        return relu(concat([x, negative(x)], axis, name="concat"))


def softsign(features, name=None):
    """``x / (|x| + 1)``."""
    from .math import abs as abs_, add, realdiv
    with _g.name_scope(name, "Softsign", [features]) as scope:
        x = _float_features(features, "softsign")
        return realdiv(x, add(abs_(x), constant(1, dtype=x.dtype)), name=scope)


def xw_plus_b(x, weights, biases, name=None):
    """``matmul(x, weights) + biases`` (a dense layer without variables)."""
    from .math import matmul
    with _g.name_scope(name, "xw_plus_b", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        mm = matmul(x, convert_to_tensor(weights, name="weights"))
        return bias_add(mm, convert_to_tensor(biases, name="biases", dtype=mm.dtype),
                        name=scope)


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """Per-element negative log Poisson likelihood: ``exp(log_input) - log_input * targets``.

    With ``compute_full_loss`` the Stirling term ``t log t - t + 0.5 log(2 pi t)`` is added
    where ``targets > 1`` (it is 0 for targets in [0, 1]).

    Raises:
        ValueError: when ``targets`` and ``log_input`` have incompatible shapes.
    """
    from .math import add, log
    from .creation import zeros_like, ones_like
    from .math import logical_and, greater_equal, less_equal
    with _g.name_scope(name, "log_poisson_loss", [targets, log_input]) as scope:
        log_input = convert_to_tensor(log_input, name="log_input")
        targets = convert_to_tensor(targets, name="targets")
        if not log_input.shape.is_compatible_with(targets.shape):
            raise ValueError(f"log_input and targets must have the same shape "
                             f"({log_input.shape} vs {targets.shape})")
        result = subtract(exp(log_input), multiply(log_input, targets))
        if not compute_full_loss:
            return result
        half = constant(0.5, dtype=targets.dtype)
        two_pi = constant(2 * np.pi, dtype=targets.dtype)
        stirling = add(subtract(multiply(targets, log(targets)), targets),
                       multiply(half, log(multiply(two_pi, targets))))
        zeros, ones = zeros_like(targets), ones_like(targets)
        small = logical_and(greater_equal(targets, zeros), less_equal(targets, ones))
        return add(result, where(small, zeros, stirling), name=scope)


# -- dropout -------------------------------------------------------------------------------------
def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """TF1's ``tf.nn.dropout``: zeros each element with probability ``rate = 1 - keep_prob``
    and scales the kept ones by ``1 / keep_prob``, so the expected sum is unchanged.

    Args:
        x: a floating tensor.
        keep_prob: the probability to keep each element (a float or a scalar tensor, e.g. a
            placeholder fed 0.5 in training and 1.0 in evaluation). Give it or ``rate``.
        noise_shape: the shape of the keep/drop mask, broadcast against ``x``
            (``[batch, 1, 1, channels]`` drops whole feature maps); None dims take x's.
        seed: op-level seed (with ``tf.set_random_seed`` the mask sequence is reproducible).
        rate: the probability to drop each element (TF2's argument).

    Raises:
        ValueError: with both ``keep_prob`` and ``rate``, neither, a non-floating ``x``, or a
            Python ``rate`` outside ``[0, 1)``.

    Example:
        >>> h = tf.nn.dropout(h, keep_prob)   # keep_prob = tf.placeholder(tf.float32)
    """
    if keep_prob is not None and rate is not None:
        raise ValueError("Cannot specify both 'keep_prob' and 'rate'")
    if keep_prob is not None:
        try:
            rate = 1. - keep_prob
        except TypeError:
            raise ValueError(f"keep_prob must be a floating point number or Tensor "
                             f"(got {keep_prob!r})") from None
    if rate is None:
        raise ValueError("You must provide a rate to dropout.")
    return _dropout(x, rate, noise_shape, seed, name)


def _dropout(x, rate, noise_shape, seed, name):
    from .math import greater_equal, realdiv
    from .random import random_uniform
    with _g.name_scope(name, "dropout", [x]):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError(f"x has to be a floating point tensor since it's going to be "
                             f"scaled. Got a {x.dtype.name} tensor instead.")
        if isinstance(rate, numbers.Real) and not isinstance(rate, bool):
            if not 0 <= rate < 1:
                raise ValueError(f"rate must be a scalar tensor or a float in the range "
                                 f"[0, 1), got {rate:g}")
        rate = convert_to_tensor(rate, dtype=x.dtype, name="rate")
        if rate.shape.ndims not in (None, 0):
            raise ValueError(f"rate must be a scalar, got shape {rate.shape}")
        known = constant_value(rate)
        if known is not None and known == 0:
            return x
        random_tensor = random_uniform(_noise_shape(x, noise_shape), seed=seed, dtype=x.dtype)
        one = constant(1, dtype=x.dtype)
        scale = realdiv(one, subtract(one, rate))
        # keep where u >= rate: P(keep) = 1 - rate exactly for u uniform in [0, 1)
        keep_mask = greater_equal(random_tensor, rate)
        # a select, as TF: a dropped inf or nan gives 0 (a multiply by a 0/1 mask gives nan)
        from .creation import zeros_like
        from .math import where_v2
        scaled = multiply(x, scale)
        ret = where_v2(keep_mask, scaled, zeros_like(scaled))
        ret.set_shape(x.shape)
        return ret


def _noise_shape(x, noise_shape):
    """The mask's shape: ``x``'s, or ``noise_shape`` with its None dims taken from ``x``."""
    from .shape import shape, stack
    if noise_shape is None:
        return shape(x)
    if isinstance(noise_shape, _g.Tensor):
        return noise_shape
    dims = list(_g.TensorShape(noise_shape).as_list())
    xdims = x.shape.as_tuple()
    if xdims is not None and len(xdims) == len(dims):
        dims = [x_d if d is None and x_d is not None else d for d, x_d in zip(dims, xdims)]
    if None not in dims:
        return dims
    if xdims is None or len(xdims) != len(dims):
        raise ValueError(f"noise_shape {noise_shape} has unknown dimensions that cannot be "
                         f"taken from x of shape {x.shape}")
    xs = shape(x)
    return stack([xs[i] if d is None else constant(d) for i, d in enumerate(dims)])


# -- embeddings -----------------------------------------------------------------------------------
def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True,
                     max_norm=None):
    """Rows of ``params`` at ``ids`` (``tf.gather``); repeated ids accumulate their gradients.

    Args:
        params: a tensor (or Variable), or a list of them sharded along dimension 0.
        ids: int32/int64 ids of any shape; the result has shape ``ids.shape + params.shape[1:]``.
        partition_strategy: how ids map to a list of shards: ``"mod"`` (id ``i`` lives in
            shard ``i % n``) or ``"div"`` (contiguous blocks).
        max_norm: if given, each looked-up row with a larger L2 norm is scaled down to it.

    Raises:
        ValueError: for an empty ``params`` list or an unknown ``partition_strategy``.

    Example:
        >>> emb = tf.get_variable("emb", [vocab, 64]); vectors = tf.nn.embedding_lookup(emb, ids)
    """
    from .shape import gather, concat
    if isinstance(params, (list, tuple)):
        params = list(params)
    else:
        params = [params]
    if not params:
        raise ValueError("Need at least one param")
    if partition_strategy not in ("mod", "div"):
        raise ValueError(f"Unrecognized partition strategy: {partition_strategy}")
    with _g.name_scope(name, "embedding_lookup", params + [ids]) as scope:
        tables = [convert_to_tensor(p, name="params") for p in params]
        ids = convert_to_tensor(ids, name="ids", dtype_hint=_dt.int32)
        if len(tables) == 1:
            out = gather(tables[0], ids, name=scope.rstrip("/").split("/")[-1])
        else:
            out = gather(concat(tables, 0), _sharded_ids(tables, ids, partition_strategy))
        if max_norm is not None:
            out = _clip_rows(out, ids, max_norm, None)
        # TF ends the lookup with an Identity: the result is "<scope>/Identity"
        from .math import identity
        return identity(out, name="Identity")


def _sharded_ids(tables, ids, strategy):
    """Positions in ``concat(tables)`` of ``ids`` under the partition ``strategy``; shard
    sizes unknown when building are read at run time."""
    from .math import add, floordiv, mod
    from .shape import gather, shape, stack
    if strategy == "div":
        return ids  # shards of contiguous rows: concatenation is the full table
    n = len(tables)
    sizes = [None if not t.shape.as_tuple() else t.shape.as_tuple()[0] for t in tables[:-1]]
    if None not in sizes:
        offsets = constant(np.concatenate([[0], np.cumsum(sizes)]).astype(
            ids.dtype.as_numpy_dtype))
    else:  # where each shard starts in the concatenation, from the run-time row counts
        starts = [constant(0, dtype=ids.dtype)]
        for t in tables[:-1]:
            starts.append(add(starts[-1], shape(t, out_type=ids.dtype)[0]))
        offsets = stack(starts)
    shard = mod(ids, constant(n, dtype=ids.dtype))
    return add(gather(offsets, shard), floordiv(ids, constant(n, dtype=ids.dtype)))


def _clip_rows(rows, ids, max_norm, scope):
    """Each embedding row (the dims after ``ids``' dims) rescaled to L2 norm <= ``max_norm``.
    Rows are flattened to ``[size(ids), -1]`` so that no rank needs to be known."""
    from .math import sqrt, maximum, realdiv
    from .creation import ones_like
    from .shape import reshape, shape, size, stack
    flat = reshape(rows, stack([size(ids), constant(-1)]))
    sq = reduce_sum(multiply(flat, flat), 1, keepdims=True)
    nonzero = greater(sq, constant(0, dtype=sq.dtype))
    # sqrt only of positive sums: a zero row would otherwise give a nan gradient
    norm = where(nonzero, sqrt(where(nonzero, sq, ones_like(sq))), sq)
    limit = constant(max_norm, dtype=rows.dtype)
    clipped = reshape(multiply(flat, realdiv(limit, maximum(norm, limit))), shape(rows),
                      name=scope)
    clipped.set_shape(rows.shape)
    return clipped
