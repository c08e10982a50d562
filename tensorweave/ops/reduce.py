"""Reductions (``reduce_sum`` … ``reduce_all``) and ``argmax``/``argmin``.

The reduced axes are a static attribute: a Python int or list, or a constant tensor.
"""

import functools
import math

import numpy as np

from .. import blas as _blas
from .. import dtypes as _dt
from .. import graph as _g
from .. import parallel as _parallel
from .creation import convert_to_tensor, constant
from .registry import Op, Spec, register, constant_value

__all__ = [
    "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any",
    "reduce_all", "reduce_logsumexp", "argmax", "argmin", "count_nonzero",
    "reduce_variance", "reduce_std",
]


def _norm_axes(axis, rank):
    """Attribute ``axis`` → sorted tuple of non-negative axes (all axes for None)."""
    if axis is None:
        if rank is None:
            return None
        return tuple(range(rank))
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    out = []
    for a in axes:
        a = int(a)
        if rank is not None:
            if not -rank <= a < rank:
                raise ValueError(f"Invalid reduction dimension {a} for input with {rank} "
                                 "dimensions")
            a %= rank
        out.append(a)
    return tuple(sorted(set(out)))


class _Reduce(Op):
    fresh_output = True
    kinds = "fciu"

    def __init__(self, axis=None, keepdims=False):
        self.axis = axis
        self.keepdims = keepdims

    def infer(self, x):
        if x.dtype._np.kind not in self.kinds:
            raise TypeError(f"{self.type_name} does not accept {x.dtype.name} input.")
        if x.shape is None:  # reducing every axis without keepdims gives a scalar anyway
            return Spec(() if self.axis is None and not self.keepdims else None,
                        self._out_dtype(x.dtype))
        axes = _norm_axes(self.axis, len(x.shape))
        if any(a < 0 for a in axes):
            return Spec(None, self._out_dtype(x.dtype))
        if self.keepdims:
            shape = tuple(1 if i in axes else d for i, d in enumerate(x.shape))
        else:
            shape = tuple(d for i, d in enumerate(x.shape) if i not in axes)
        return Spec(shape, self._out_dtype(x.dtype))

    def _out_dtype(self, dtype):
        return dtype

    def _axes(self, x):
        if self.axis is None:
            return None
        return _norm_axes(self.axis, x.ndim)

    ufunc = None  # the NumPy ufunc whose .reduce computes this reduction (fast kernel)

    def make_kernel(self, ctx, node):
        # With NumPy and a known rank, call ``ufunc.reduce`` directly with precomputed axes:
        # the same computation as np.sum/np.max (which wrap it), without their Python layers.
        rank = node.inputs[0].shape.ndims
        if self.ufunc is None or ctx.xp is not np or rank is None or \
                node.inputs[0].dtype.kind_code not in "fc":
            return Op.make_kernel(self, ctx, node)
        reduce = getattr(np, self.ufunc).reduce
        axes = None if self.axis is None else _norm_axes(self.axis, rank)
        keep = self.keepdims
        return self._fast(reduce, axes, keep, Op.make_kernel(self, ctx, node))

    def _fast(self, reduce, axes, keep, slow):
        def kernel(x):
            return np.asarray(reduce(x, axes, x.dtype, None, keep))
        return kernel

    def _grad_broadcast(self, g, x):
        """``g`` (the reduced gradient) expanded back to ``x``'s shape."""
        from .shape import reshape, broadcast_to, shape as shape_of, _kept_shape
        if not self.keepdims:
            g = reshape(g, _kept_shape(x, self.axis))
        return broadcast_to(g, shape_of(x))


_ONES = {}  # (rows, dtype) -> a read-only (1, rows) row of ones (sum_leading's products)


@functools.lru_cache(maxsize=256)
def _blocks(m, t):
    """How many rows of ``t`` values ``sum_leading`` adds as one (1: row by row): up to 1024
    values, and at least 16 of those long rows (a class gradient, 128x10: 2.3 us in blocks of
    8 rows, 3.1 in blocks of 64, 3.7 row by row)."""
    if 0 < t < 256:
        for cand in range(min(m // 16, 1024 // t), 1, -1):
            if m % cand == 0:
                return cand
    return 1


def sum_leading(xp, g, lead):
    """C-contiguous ``g`` summed over its first ``lead`` axes (a bias gradient), of shape
    ``g.shape[lead:]``.

    NumPy adds rows of the trailing size one after another, which is slow when rows are short
    (32 channels): rows of ``k`` trailing blocks at once (k*T >= 256 values) run ~4x faster,
    and the k partial sums are then added. In a run whose products are on tensorweave's
    threads (tensorweave/blas.py), a large sum is the product ``ones @ g`` split into two
    halves instead (W3's first bias gradient, 65536 rows of 32: 0.4 ms as blocked rows, 0.13
    ms as two one-thread products; the same bits however the halves run)."""
    m = math.prod(g.shape[:lead])  # (np.prod of a tuple: 2 us)
    t = g.size // m if m else 0
    if xp is np and m >= _blas.MIN_INNER and 0 < t <= 1024 and \
            g.dtype.type in (np.float32, np.float64) and _parallel.owns_blas() and \
            _blas.owns_threads():
        ones = _ONES.get((m, g.dtype))
        if ones is None:
            if len(_ONES) >= 8:  # a few batch sizes at a time
                _ONES.clear()
            ones = _ONES[(m, g.dtype)] = np.ones((1, m), g.dtype)
            ones.setflags(write=False)
        return _blas.split_inner_dot(ones, g.reshape(m, t)).reshape(g.shape[lead:])
    k = _blocks(m, t)
    add = np.add.reduce if xp is np else xp.sum  # (np.sum's own wrapper: 1.5 us a call)
    if k == 1:
        return add(g, axis=tuple(range(lead)), dtype=g.dtype)
    return add(add(g.reshape(m // k, k * t), axis=0, dtype=g.dtype).reshape(k, t),
               axis=0).reshape(g.shape[lead:])


@register
class Sum(_Reduce):
    """Sum over ``axis`` (all axes when None)."""

    ufunc = "add"
    exact_gradient_shapes = True  # the gradient is broadcast to shape(x)

    def _fast(self, reduce, axes, keep, slow):
        plain = _Reduce._fast(self, reduce, axes, keep, slow)
        if not axes or axes != tuple(range(len(axes))):
            return plain
        lead = len(axes)

        def kernel(x):  # over leading axes (a bias gradient): see sum_leading
            if x.ndim <= lead or not x.flags.c_contiguous:
                return plain(x)
            r = sum_leading(np, x, lead)
            return np.asarray(r.reshape((1,) * lead + r.shape) if keep else r)
        return kernel

    def forward(self, xp, x):
        return xp.asarray(xp.sum(x, axis=self._axes(x), keepdims=self.keepdims, dtype=x.dtype))

    def gradient(self, g, y, x):
        return (self._grad_broadcast(g, x),)


@register
class Mean(_Reduce):
    """Mean over ``axis``; integer means truncate toward zero, as TensorFlow's do."""

    ufunc = "add"
    exact_gradient_shapes = True  # the gradient is broadcast to shape(x)

    def _fast(self, reduce, axes, keep, slow):
        lead = len(axes) if axes and axes == tuple(range(len(axes))) else 0

        def kernel(x):  # np.mean's own steps: a float sum, then one division by the count
            if x.dtype == np.float16:  # summed and divided in float32, as NumPy and TF do
                return np.asarray(kernel(x.astype(np.float32)).astype(np.float16))
            if lead and x.ndim > lead and x.flags.c_contiguous:
                # over leading axes (a batch norm's statistics): see sum_leading (64x32x32x32
                # over the first three: 1.25 ms in NumPy's reduce, 0.28 so)
                total = sum_leading(np, x, lead)
                if keep:
                    total = total.reshape((1,) * lead + total.shape)
            else:
                total = reduce(x, axes, x.dtype, None, keep)
            n = x.size // max(np.size(total), 1)
            return np.asarray(np.true_divide(total, n, dtype=x.dtype))
        return kernel

    def forward(self, xp, x):
        axes = self._axes(x)
        if x.dtype.kind in "iu":
            total = xp.sum(x, axis=axes, keepdims=self.keepdims, dtype=np.int64)
            n = x.size // max(total.size, 1) if x.size else 1
            # exact integer division, truncating toward zero (as TF's kernel)
            q = xp.floor_divide(xp.abs(total), n) * xp.sign(total)
            return xp.asarray(q).astype(x.dtype)
        if x.dtype == np.float16:  # summed and divided in float32, as NumPy and TF do
            return xp.asarray(xp.mean(x, axis=axes, keepdims=self.keepdims,
                                      dtype=np.float32).astype(np.float16))
        return xp.asarray(xp.mean(x, axis=axes, keepdims=self.keepdims, dtype=x.dtype))

    def gradient(self, g, y, x):
        from .math import realdiv, cast
        from .shape import size
        gb = self._grad_broadcast(g, x)
        xs, ys = x.shape.as_tuple(), y.shape.as_tuple()
        if xs is not None and ys is not None and None not in xs and None not in ys:
            n = int(np.prod(xs, dtype=np.int64)) // max(int(np.prod(ys, dtype=np.int64)), 1)
            count = constant(max(n, 1), dtype=g.dtype)
        else:
            from .math import maximum
            count = realdiv(cast(size(x), g.dtype), cast(maximum(size(y), 1), g.dtype))
        return (realdiv(gb, count),)


class _MinMax(_Reduce):
    exact_gradient_shapes = True  # the gradient is broadcast to shape(x)

    def _fast(self, reduce, axes, keep, slow):
        def kernel(x):
            if x.size == 0:
                return slow(x)  # TensorFlow's answer for zero elements
            return np.asarray(reduce(x, axes, None, None, keep))
        return kernel

    def _empty(self, xp, x, lowest):
        """The reduction of zero elements, as TensorFlow gives it (NumPy raises): the lowest
        value of the dtype for max, the highest for min."""
        if x.dtype.kind == "f":
            fill = -np.inf if lowest else np.inf
        else:
            fill = np.iinfo(x.dtype).min if lowest else np.iinfo(x.dtype).max
        shaped = xp.sum(x, axis=self._axes(x), keepdims=self.keepdims, dtype=x.dtype)
        return xp.full_like(xp.asarray(shaped), fill)

    def gradient(self, g, y, x):
        from .math import equal, cast, realdiv, multiply
        from .shape import reshape, _kept_shape
        y_kept = y if self.keepdims else reshape(y, _kept_shape(x, self.axis))
        indicators = cast(equal(x, y_kept), g.dtype)
        count = reduce_sum(indicators, self.axis, keepdims=True)
        gb = self._grad_broadcast(g, x)
        return (multiply(realdiv(indicators, count), gb),)


@register
class Max(_MinMax):
    """Maximum over ``axis``; ties share the gradient equally."""

    ufunc = "maximum"

    def forward(self, xp, x):
        if x.size == 0:
            return self._empty(xp, x, lowest=True)
        return xp.asarray(xp.max(x, axis=self._axes(x), keepdims=self.keepdims))


@register
class Min(_MinMax):
    """Minimum over ``axis``; ties share the gradient equally."""

    ufunc = "minimum"

    def forward(self, xp, x):
        if x.size == 0:
            return self._empty(xp, x, lowest=False)
        return xp.asarray(xp.min(x, axis=self._axes(x), keepdims=self.keepdims))


@register
class Prod(_Reduce):
    """Product over ``axis``."""

    def forward(self, xp, x):
        return xp.asarray(xp.prod(x, axis=self._axes(x), keepdims=self.keepdims,
                                  dtype=x.dtype))

    def gradient(self, g, y, x):
        # d prod / d x_i = product of the other elements, computed without dividing by x
        # (so zeros are handled): exclusive cumulative products from both ends.
        from .math import multiply
        from .shape import _moveaxes_front, _moveaxes_back
        from .scan import cumprod
        gb = self._grad_broadcast(g, x)
        flat, restore = _moveaxes_front(x, self.axis)
        left = cumprod(flat, axis=0, exclusive=True)
        right = cumprod(flat, axis=0, exclusive=True, reverse=True)
        others = _moveaxes_back(multiply(left, right), restore)
        return (multiply(gb, others),)


class _BoolReduce(_Reduce):
    kinds = "b"
    differentiable = False


@register
class Any(_BoolReduce):
    """Logical or over ``axis``."""

    def forward(self, xp, x):
        return xp.asarray(xp.any(x, axis=self._axes(x), keepdims=self.keepdims))


@register
class All(_BoolReduce):
    """Logical and over ``axis``."""

    def forward(self, xp, x):
        return xp.asarray(xp.all(x, axis=self._axes(x), keepdims=self.keepdims))


def _axis_arg(axis, reduction_indices, fn):
    if axis is not None and reduction_indices is not None:
        raise ValueError(f"{fn}: cannot specify both 'axis' and 'reduction_indices'.")
    if axis is None:
        axis = reduction_indices
    if isinstance(axis, _g.Tensor):
        value = constant_value(axis)
        if value is None:
            raise NotImplementedError(f"{fn}: the axis must be known when the graph is built "
                                      f"(a Python int/list or a constant), got {axis}.")
        axis = value
    if axis is None:
        return None
    if isinstance(axis, (list, tuple, np.ndarray)):
        return tuple(int(a) for a in np.ravel(axis))
    return int(axis)


def _keep_arg(keepdims, keep_dims, fn):
    if keepdims is not None and keep_dims is not None:
        raise ValueError(f"{fn}: cannot specify both 'keepdims' and 'keep_dims'.")
    return bool(keepdims if keepdims is not None else keep_dims)


def _reducer(cls, default_name, summary):
    def fn(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
           keep_dims=None):
        axis = _axis_arg(axis, reduction_indices, default_name)
        keep = _keep_arg(keepdims, keep_dims, default_name)
        return cls(axis, keep).bind(convert_to_tensor(input_tensor), name=name or default_name)
    fn.__doc__ = f"""{summary}

    Args:
        input_tensor: the tensor to reduce.
        axis: int or list of ints to reduce (``reduction_indices`` is the TF1 spelling);
            None reduces all dimensions.
        keepdims: keep reduced dimensions with length 1 (``keep_dims`` in TF1).
        name: op name.
    """
    return fn


reduce_sum = _reducer(Sum, "Sum", "Sum of elements across dimensions.")
reduce_mean = _reducer(Mean, "Mean", "Mean of elements across dimensions.")
reduce_max = _reducer(Max, "Max", "Maximum of elements across dimensions.")
reduce_min = _reducer(Min, "Min", "Minimum of elements across dimensions.")
reduce_prod = _reducer(Prod, "Prod", "Product of elements across dimensions.")
reduce_any = _reducer(Any, "Any", "Logical or of elements across dimensions.")
reduce_all = _reducer(All, "All", "Logical and of elements across dimensions.")


def reduce_logsumexp(input_tensor, axis=None, keepdims=None, name=None,
                     reduction_indices=None, keep_dims=None):
    """``log(sum(exp(x)))`` across dimensions, computed stably: the maximum is subtracted
    first where it is finite (as TF does), so a row of -inf gives -inf and one holding +inf
    gives +inf, not NaN."""
    from .math import add, exp, is_finite, log, subtract, stop_gradient, where
    from .creation import zeros_like
    from .shape import squeeze
    axis = _axis_arg(axis, reduction_indices, "reduce_logsumexp")
    keep = _keep_arg(keepdims, keep_dims, "reduce_logsumexp")
    with _g.name_scope(name, "ReduceLogSumExp"):
        x = convert_to_tensor(input_tensor)
        raw = reduce_max(x, axis, keepdims=True)
        m = stop_gradient(where(is_finite(raw), raw, zeros_like(raw)))
        out = add(log(reduce_sum(exp(subtract(x, m)), axis, keepdims=True)), m)
        if not keep:
            out = squeeze(out, axis) if axis is not None else reduce_sum(out)
        return out


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """The (biased) variance ``mean(|x - mean(x)| ** 2)`` across dimensions (floats).

    Args:
        input_tensor: a floating tensor.
        axis: int or list of ints to reduce; None reduces all dimensions.
        keepdims: keep reduced dimensions with length 1.
        name: the name scope (default ``"reduce_variance"``).

    Raises:
        TypeError: an integer or bool input (cast it to a float type first).
    """
    from .math import squared_difference
    axis = _axis_arg(axis, None, "reduce_variance")
    with _g.name_scope(name, "reduce_variance"):
        x = convert_to_tensor(input_tensor, name="input_tensor")
        if not x.dtype.is_floating:
            raise TypeError(f"Input must be either real or complex. Received integer input "
                            f"{x.dtype.name}; cast it to a float type first.")
        means = reduce_mean(x, axis, keepdims=True)
        return reduce_mean(squared_difference(x, means), axis, keepdims=bool(keepdims))


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """The (biased) standard deviation ``sqrt(reduce_variance(x))`` across dimensions.

    Args and errors as ``reduce_variance`` (the name scope defaults to ``"reduce_std"``).
    """
    from .math import sqrt
    with _g.name_scope(name, "reduce_std"):
        return sqrt(reduce_variance(input_tensor, axis=axis, keepdims=keepdims))


def count_nonzero(input_tensor, axis=None, keepdims=None, dtype=_dt.int64, name=None,
                  reduction_indices=None, keep_dims=None):
    """Number of non-zero elements across dimensions."""
    from .math import cast, not_equal
    axis = _axis_arg(axis, reduction_indices, "count_nonzero")
    keep = _keep_arg(keepdims, keep_dims, "count_nonzero")
    with _g.name_scope(name, "count_nonzero"):
        x = convert_to_tensor(input_tensor)
        nz = cast(not_equal(x, constant(0, dtype=x.dtype) if not x.dtype.is_bool
                            else constant(False)), _dt.int64)
        return cast(reduce_sum(nz, axis, keepdims=keep), dtype)


class _ArgReduce(Op):
    fresh_output = True
    differentiable = False

    def __init__(self, axis, output_type):
        self.axis = axis
        self.output_type = output_type

    def infer(self, x):
        if x.shape is None:
            return Spec(None, self.output_type)
        rank = len(x.shape)
        if rank == 0:  # TF builds it and fails when it runs
            return Spec((), self.output_type)
        if not -rank <= self.axis < rank:
            raise ValueError(f"Expected dimension in the range [{-rank}, {rank}), but got "
                             f"{self.axis}")
        a = self.axis % rank
        return Spec(tuple(d for i, d in enumerate(x.shape) if i != a), self.output_type)

    def _arg(self, xp, x, pick, fill):
        if x.ndim == 0:
            from ..errors import InvalidArgumentError
            raise InvalidArgumentError(None, None, f"Expected dimension in the range [0, 0), "
                                       f"but got {self.axis}")
        if x.dtype.kind == "f":
            nan = xp.isnan(x)
            if nan.any():  # TF's kernel never picks a NaN (unless all are: index 0)
                x = xp.where(nan, x.dtype.type(fill), x)
        return xp.asarray(pick(x, axis=self.axis)).astype(self.output_type.as_numpy_dtype)


@register
class ArgMax(_ArgReduce):
    """Index of the largest value along ``axis`` (the first one on ties)."""

    def forward(self, xp, x):
        return self._arg(xp, x, xp.argmax, -np.inf)


@register
class ArgMin(_ArgReduce):
    """Index of the smallest value along ``axis`` (the first one on ties)."""

    def forward(self, xp, x):
        return self._arg(xp, x, xp.argmin, np.inf)


def _arg_fn(cls, default_name):
    def fn(input, axis=None, name=None, dimension=None, output_type=_dt.int64):  # noqa: A002
        if axis is not None and dimension is not None:
            raise ValueError("Cannot specify both 'axis' and 'dimension'")
        axis = dimension if axis is None else axis
        axis = 0 if axis is None else _axis_arg(axis, None, default_name)
        return cls(int(axis), _dt.as_dtype(output_type)).bind(
            convert_to_tensor(input), name=name or default_name)
    return fn


argmax = _arg_fn(ArgMax, "ArgMax")
argmax.__doc__ = "Index of the largest value along ``axis`` (default 0), as int64."
argmin = _arg_fn(ArgMin, "ArgMin")
argmin.__doc__ = "Index of the smallest value along ``axis`` (default 0), as int64."
