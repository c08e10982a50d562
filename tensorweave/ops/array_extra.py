"""Still more of TF 1's ops: ``roll``, ``repeat``, ``unique_with_counts``, ``setdiff1d``,
``bincount``, ``reverse_sequence``, ``lgamma``/``digamma``/``polygamma``, ``gather_nd`` with
``batch_dims`` and ``tf.print``.

``lgamma`` uses the C library's ``lgamma`` (exact to the last bit); ``digamma`` and
``polygamma`` shift ``x`` up by the recurrence ``psi_n(x) = psi_n(x + 1) + (-1)^(n+1) n! /
x^(n+1)`` and sum the asymptotic (Bernoulli) series there: about 1e-15 relative error in
float64.
"""

import math as _pymath
import pprint
import sys
from collections import namedtuple

import numpy as np

from ..backend import to_numpy
from .. import dtypes as _dt
from .. import errors as _errors
from .. import graph as _g
from .creation import convert_to_tensor, zeros_like
from .registry import Op, Spec, dtype_error, register

__all__ = ["roll", "repeat", "unique_with_counts", "setdiff1d", "bincount", "reverse_sequence",
           "lgamma", "digamma", "polygamma", "gather_nd", "print_v2"]


def _host(xp, array):
    """``array`` on the host as NumPy (these kernels are index bookkeeping)."""
    return to_numpy(array) if xp is not np else array


def _device(xp, array):
    return xp.asarray(array) if xp is not np else array


# -- roll -----------------------------------------------------------------------------------------
@register
class Roll(Op):
    """Elements shifted cyclically by ``shift[i]`` along ``axis[i]`` (repeats add up)."""

    host_inputs = (1, 2)
    fresh_output = True
    exact_gradient_shapes = True

    def infer(self, x, shift, axis):
        for what, s in (("shift", shift), ("axis", axis)):
            if not s.dtype.is_integer:
                raise dtype_error(what, s.dtype, "int32, int64")
            if s.shape is not None and len(s.shape) > 1:
                raise ValueError(f"Shape must be at most rank 1 but is rank {len(s.shape)}")
        if shift.shape is not None and axis.shape is not None:
            n_s = shift.shape[0] if shift.shape else 1
            n_a = axis.shape[0] if axis.shape else 1
            if len(shift.shape) != len(axis.shape) or (None not in (n_s, n_a) and n_s != n_a):
                raise ValueError(f"Dimension 0 in both shapes must be equal, but are {n_s} "
                                 f"and {n_a}. Shapes are {list(shift.shape)} and "
                                 f"{list(axis.shape)}.")
        return Spec(x.shape, x.dtype)

    def forward(self, xp, x, shift, axis):
        shift = np.ravel(_host(xp, shift)).astype(np.int64)
        axis = np.ravel(_host(xp, axis)).astype(np.int64)
        for a in axis:
            if not -x.ndim <= a < x.ndim:
                raise _errors.InvalidArgumentError(
                    None, None, f"axis {int(a)} is out of range [-{x.ndim}, {x.ndim})")
        if x.ndim == 0:
            return x.copy()
        return xp.roll(x, tuple(int(s) for s in shift), tuple(int(a) for a in axis))

    def gradient(self, g, y, x, shift, axis):
        from .math import negative
        return Roll().bind(g, negative(shift), axis), None, None


def roll(input, shift, axis, name=None):  # noqa: A002 - TF's argument name
    """Rolls ``input``: elements move ``shift`` places along ``axis`` and wrap around.

    Example:
        >>> tf.roll([1, 2, 3, 4, 5], shift=2, axis=0)  # [4, 5, 1, 2, 3]
    """
    with _g.name_scope(name, "Roll", [input, shift, axis]) as scope:
        x = convert_to_tensor(input, name="input")
        shift = convert_to_tensor(shift, dtype_hint=_dt.int32, name="shift")
        axis = convert_to_tensor(axis, dtype_hint=_dt.int32, name="axis")
        return Roll().bind(x, shift, axis, name=scope)


# -- repeat ---------------------------------------------------------------------------------------
def _repeat_ids(repeats, n):
    reps = np.broadcast_to(np.ravel(repeats).astype(np.int64), (n,)) if np.ndim(repeats) == 0 \
        or np.size(repeats) == 1 else np.ravel(repeats).astype(np.int64)
    if reps.size != n:
        raise _errors.InvalidArgumentError(
            None, None, f"repeats has {reps.size} entries but the axis has {n}")
    if (reps < 0).any():
        raise _errors.InvalidArgumentError(None, None, "repeats must be non-negative")
    return np.repeat(np.arange(n), reps)


@register
class Repeat(Op):
    """Each slice along ``axis`` repeated ``repeats`` times (a scalar, or one count per
    slice). TF builds this from a dozen ops; here it is one, with its gradient ``RepeatGrad``
    (the sum over each slice's copies)."""

    host_inputs = (1,)
    fresh_output = True

    def __init__(self, axis):
        self.axis = axis

    def infer(self, x, repeats):
        if not repeats.dtype.is_integer:
            raise dtype_error("repeats", repeats.dtype, "int32, int64")
        if x.shape is None:
            return Spec(None, x.dtype)
        shape = list(x.shape)
        n = shape[self.axis]
        if repeats.shape is not None and len(repeats.shape) > 1:
            raise ValueError(f"Shape must be at most rank 1 but is rank {len(repeats.shape)}")
        if repeats.shape and None not in (n, repeats.shape[0]) and repeats.shape[0] not in \
                (1, n):
            raise ValueError(f"Dimensions {n} and {repeats.shape[0]} are not compatible")
        size = None
        if repeats.value is not None:
            r = np.ravel(repeats.value)
            if r.size == 1 and n is not None:
                size = int(r[0]) * n
            elif r.size > 1 or n == 1:
                size = int(r.sum())
        shape[self.axis] = size
        return Spec(tuple(shape), x.dtype)

    def forward(self, xp, x, repeats):
        ids = _repeat_ids(_host(xp, repeats), x.shape[self.axis])
        return xp.take(x, _device(xp, ids), axis=self.axis)

    def gradient(self, g, y, x, repeats):
        from .shape import shape
        n = shape(x, out_type=_dt.int32)[self.axis]
        return RepeatGrad(self.axis).bind(g, repeats, n), None


@register
class RepeatGrad(Op):
    """The gradient of ``Repeat``: the sum, for each of the ``n`` input slices, of its copies."""

    host_inputs = (1, 2)
    fresh_output = True

    def __init__(self, axis):
        self.axis = axis

    def infer(self, g, repeats, n):
        if g.shape is None:
            return Spec(None, g.dtype)
        shape = list(g.shape)
        shape[self.axis] = None if n.value is None else int(n.value)
        return Spec(tuple(shape), g.dtype)

    def forward(self, xp, g, repeats, n):
        n = int(n)
        ids = _repeat_ids(_host(xp, repeats), n)
        moved = xp.moveaxis(g, self.axis, 0)
        out = xp.zeros((n,) + moved.shape[1:], g.dtype)
        xp.add.at(out, _device(xp, ids), moved)
        return xp.ascontiguousarray(xp.moveaxis(out, 0, self.axis))

    def gradient(self, gg, y, g, repeats, n):
        return Repeat(self.axis).bind(gg, repeats), None, None


def repeat(input, repeats, axis=None, name=None):  # noqa: A002
    """Repeats each element (``axis=None``: of the flattened input) or each slice along
    ``axis`` ``repeats`` times.

    Raises:
        ValueError: ``repeats`` of a length other than 1 or the axis' size.

    Example:
        >>> tf.repeat([[1, 2], [3, 4]], repeats=[1, 2], axis=0)  # [[1, 2], [3, 4], [3, 4]]
    """
    from .shape import reshape
    with _g.name_scope(name, "Repeat", [input, repeats]) as scope:
        x = convert_to_tensor(input, name="input")
        repeats = convert_to_tensor(repeats, dtype_hint=_dt.int32, name="repeats")
        if axis is None:
            x = reshape(x, [-1])
            axis = 0
        rank = x.shape.ndims
        axis = int(axis)
        if rank is not None:
            if not -rank <= axis < rank:
                raise ValueError(f"axis={axis} out of bounds: expected {-rank}<=axis<{rank}")
            axis %= rank
        elif axis < 0:
            raise ValueError("repeat with a negative axis needs an input of known rank")
        return Repeat(axis).bind(x, repeats, name=scope)


# -- unique_with_counts / setdiff1d ---------------------------------------------------------------
UniqueWithCountsResult = namedtuple("UniqueWithCounts", ["y", "idx", "count"])
ListDiffResult = namedtuple("ListDiff", ["out", "idx"])


@register
class UniqueWithCounts(Op):
    """The distinct values of a vector in order of first appearance, each entry's index among
    them, and how often each occurs. No gradient (as in TF)."""

    fresh_output = True

    def __init__(self, out_idx=_dt.int32):
        self.out_idx = out_idx

    def infer(self, x):
        idx_shape = x.shape if x.shape is not None and len(x.shape) == 1 else (None,)
        return [Spec((None,), x.dtype), Spec(idx_shape, self.out_idx),
                Spec((None,), self.out_idx)]

    def forward(self, xp, x):
        host = _host(xp, x)
        if host.ndim != 1:
            raise _errors.InvalidArgumentError(None, None, "unique expects a 1D vector.")
        values, first, inverse, counts = np.unique(host, return_index=True,
                                                   return_inverse=True, return_counts=True)
        order = np.argsort(first, kind="stable")  # by first appearance
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        dt = self.out_idx.as_numpy_dtype
        y = values[order]
        idx = rank[inverse.ravel()].astype(dt)
        count = counts[order].astype(dt)
        return _device(xp, y), _device(xp, idx), _device(xp, count)


def unique_with_counts(x, out_idx=_dt.int32, name=None):
    """``(y, idx, count)``: the distinct values of the vector ``x`` in order of first
    appearance, ``idx`` with ``x == y[idx]``, and each value's number of occurrences.

    Example:
        >>> tf.unique_with_counts([1, 1, 2, 4, 4, 4])  # y=[1, 2, 4], idx=[0, 0, 1, 2, 2, 2],
        ...                                             # count=[2, 1, 3]
    """
    out = UniqueWithCounts(_dt.as_dtype(out_idx)).bind(convert_to_tensor(x, name="x"),
                                                      name=name or "UniqueWithCounts")
    return UniqueWithCountsResult(*out)


@register
class ListDiff(Op):
    """The entries of vector ``x`` not in vector ``y`` (order and repeats kept), and their
    positions in ``x``."""

    fresh_output = True

    def __init__(self, out_idx=_dt.int32):
        self.out_idx = out_idx

    def infer(self, x, y):
        for s in (x, y):
            if s.shape is not None and len(s.shape) != 1:
                raise ValueError(f"Shape must be rank 1 but is rank {len(s.shape)}")
        if x.dtype != y.dtype:
            raise TypeError(f"Input 'y' of 'ListDiff' Op has type {y.dtype.name} that does "
                            f"not match type {x.dtype.name} of argument 'x'.")
        return [Spec((None,), x.dtype), Spec((None,), self.out_idx)]

    def forward(self, xp, x, y):
        hx, hy = _host(xp, x), _host(xp, y)
        keep = ~np.isin(hx, hy)
        idx = np.flatnonzero(keep).astype(self.out_idx.as_numpy_dtype)
        return _device(xp, hx[keep]), _device(xp, idx)


def setdiff1d(x, y, index_dtype=_dt.int32, name=None):
    """``(out, idx)``: the entries of ``x`` that are not in ``y``, in order, and their
    indices in ``x``.

    Example:
        >>> tf.setdiff1d([1, 2, 3, 4, 5, 6], [1, 3, 5])  # out=[2, 4, 6], idx=[1, 3, 5]
    """
    with _g.name_scope(name, "ListDiff", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype=x.dtype, name="y")
        out = ListDiff(_dt.as_dtype(index_dtype)).bind(x, y, name=scope)
    return ListDiffResult(*out)


# -- bincount -------------------------------------------------------------------------------------
@register
class DenseBincount(Op):
    """``out[v] = number (or summed weights) of entries of arr equal to v``, for ``v`` in
    ``[0, size)``; larger values are dropped, negative ones are an error."""

    host_inputs = (1,)
    fresh_output = True

    def __init__(self, dtype):
        self.dtype = dtype

    def infer(self, arr, size, *weights):
        if not arr.dtype.is_integer:
            raise dtype_error("input", arr.dtype, "int32, int64")
        n = None if size.value is None else int(size.value)
        return Spec((n,), self.dtype)

    def forward(self, xp, arr, size, *weights):
        size = int(size)
        flat = np.ravel(_host(xp, arr)).astype(np.int64)
        if flat.size and flat.min() < 0:
            raise _errors.InvalidArgumentError(None, None,
                                               "Input arr must be non-negative!")
        keep = flat < size
        w = None
        if weights:
            w = np.ravel(_host(xp, weights[0]))
            if w.size != flat.size:
                raise _errors.InvalidArgumentError(
                    None, None, f"Input and weights must have the same shape: {flat.size} "
                    f"vs {w.size}")
            w = w[keep].astype(np.float64)
        out = np.bincount(flat[keep], weights=w, minlength=size)[:size]
        return _device(xp, out.astype(self.dtype.as_numpy_dtype))


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=_dt.int32, name=None,
             axis=None, binary_output=False):
    """Counts the occurrences of each value in the integer tensor ``arr`` (summing
    ``weights`` instead, if given). The length is ``max(arr) + 1`` (0 for an empty ``arr``),
    at least ``minlength`` and at most ``maxlength``.

    Returns:
        A vector of ``dtype`` (``weights``' dtype if given).

    Example:
        >>> tf.math.bincount([1, 1, 3, 5])  # [0, 2, 0, 1, 0, 1]
    """
    from .math import cast, maximum, minimum
    from .reduce import reduce_max
    if axis is not None or binary_output:
        raise NotImplementedError("bincount: axis and binary_output are not supported by "
                                  "tensorweave")
    with _g.name_scope(name, "bincount", [arr, weights, minlength, maxlength]):
        if not isinstance(arr, _g.Tensor) and np.size(arr) == 0:
            arr = np.zeros(np.shape(arr), np.int32)  # [] would otherwise be float32
        arr = convert_to_tensor(arr, name="arr", dtype=_dt.int32)
        if arr.shape.ndims is not None and arr.shape.num_elements() == 0:
            size = convert_to_tensor(0, dtype=_dt.int32)
        else:
            nonempty = cast(_size(arr) > 0, _dt.int32)
            size = nonempty * (reduce_max(arr) + 1)
        if minlength is not None:
            size = maximum(convert_to_tensor(minlength, dtype=_dt.int32, name="minlength"),
                           size)
        if maxlength is not None:
            size = minimum(convert_to_tensor(maxlength, dtype=_dt.int32, name="maxlength"),
                           size)
        inputs = [arr, size]
        out_dtype = _dt.as_dtype(dtype)
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
            out_dtype = weights.dtype
            inputs.append(weights)
        return DenseBincount(out_dtype).bind(*inputs, name="DenseBincount")


def _size(x):
    from .shape import size
    return size(x)


# -- reverse_sequence -----------------------------------------------------------------------------
@register
class ReverseSequence(Op):
    """For each ``i`` along ``batch_axis``: the first ``seq_lengths[i]`` entries along
    ``seq_axis`` reversed, the rest unchanged."""

    host_inputs = (1,)
    fresh_output = True
    exact_gradient_shapes = True

    def __init__(self, seq_axis, batch_axis):
        self.seq_axis, self.batch_axis = seq_axis, batch_axis

    def infer(self, x, lengths):
        if not lengths.dtype.is_integer:
            raise dtype_error("seq_lengths", lengths.dtype, "int32, int64")
        if lengths.shape is not None and len(lengths.shape) != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {len(lengths.shape)}")
        if x.shape is not None:
            rank = len(x.shape)
            for what, a in (("seq_dim", self.seq_axis), ("batch_dim", self.batch_axis)):
                if not 0 <= a < rank:
                    raise ValueError(f"Invalid {what} {a} for input of rank {rank}")
            if self.seq_axis == self.batch_axis:
                raise ValueError(f"seq_dim must not equal batch_dim: {self.seq_axis}")
            b = x.shape[self.batch_axis]
            if lengths.shape is not None and None not in (b, lengths.shape[0]) and \
                    b != lengths.shape[0]:
                raise ValueError(f"Dimensions must be equal, but are {b} and "
                                 f"{lengths.shape[0]}")
        return Spec(x.shape, x.dtype)

    def forward(self, xp, x, lengths):
        lengths = np.ravel(_host(xp, lengths)).astype(np.int64)
        if lengths.size != x.shape[self.batch_axis]:
            raise _errors.InvalidArgumentError(
                None, None, f"Length of seq_lengths != input.dims({self.batch_axis}), "
                f"({lengths.size} vs. {x.shape[self.batch_axis]})")
        out = x.copy()
        n = x.shape[self.seq_axis]
        for i, length in enumerate(lengths):
            if length > n:
                raise _errors.InvalidArgumentError(
                    None, None, f"seq_lens({i}) > input.dims({self.seq_axis})")
            if length < 0:
                raise _errors.InvalidArgumentError(None, None, f"seq_lens({i}) < 0")
            if length <= 1:
                continue
            src = [slice(None)] * x.ndim
            src[self.batch_axis] = i
            dst = list(src)
            src[self.seq_axis] = slice(int(length) - 1, None, -1)
            dst[self.seq_axis] = slice(0, int(length))
            out[tuple(dst)] = x[tuple(src)]
        return out

    def gradient(self, g, y, x, lengths):
        return ReverseSequence(self.seq_axis, self.batch_axis).bind(g, lengths), None


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None,  # noqa
                     seq_dim=None, batch_dim=None):
    """Reverses the first ``seq_lengths[i]`` entries of each sequence ``i``.

    Args:
        input: the tensor.
        seq_lengths: int vector, one length per entry along ``batch_axis``, each at most
            ``input.shape[seq_axis]``.
        seq_axis: the axis to reverse along (``seq_dim`` is its old name).
        batch_axis: the axis of the sequences (default 0; ``batch_dim`` is its old name).

    Example:
        >>> tf.reverse_sequence([[1, 2, 3], [4, 5, 6]], [2, 3], seq_axis=1)  # [[2, 1, 3],
        ...                                                                  #  [6, 5, 4]]
    """
    if seq_axis is not None and seq_dim is not None:
        raise ValueError("Cannot specify both 'seq_axis' and 'seq_dim'")
    if batch_axis is not None and batch_dim is not None:
        raise ValueError("Cannot specify both 'batch_axis' and 'batch_dim'")
    seq_axis = seq_axis if seq_axis is not None else seq_dim
    batch_axis = batch_axis if batch_axis is not None else (batch_dim or 0)
    if seq_axis is None:
        raise TypeError("reverse_sequence() missing required argument: 'seq_axis'")
    with _g.name_scope(name, "ReverseSequence", [input, seq_lengths]) as scope:
        x = convert_to_tensor(input, name="input")
        lengths = convert_to_tensor(seq_lengths, dtype_hint=_dt.int64, name="seq_lengths")
        rank = x.shape.ndims
        seq_axis, batch_axis = int(seq_axis), int(batch_axis)
        if rank is not None:
            seq_axis, batch_axis = seq_axis % rank if seq_axis < 0 else seq_axis, \
                batch_axis % rank if batch_axis < 0 else batch_axis
        return ReverseSequence(seq_axis, batch_axis).bind(x, lengths, name=scope)


# -- lgamma / digamma / polygamma -----------------------------------------------------------------
_FLOATS = "bfloat16, float16, float32, float64"
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510)


def _check_float(x, what="x"):
    if not x.dtype.is_floating:
        raise dtype_error(what, x.dtype, _FLOATS)


def _polygamma(n, x):
    """``psi_n(x)`` (n >= 0 an integer array, x float64 array, broadcast together)."""
    n, x = np.broadcast_arrays(np.asarray(n, np.float64), np.asarray(x, np.float64))
    n = n.copy()
    x = x.copy()
    out = np.zeros(x.shape)
    pole = (x <= 0) & (x == np.floor(x))
    bad = (n < 0) | (n != np.floor(n)) | np.isnan(x)
    x = np.where(pole | bad, 1.0, x)
    sign = np.where(n % 2 == 0, -1.0, 1.0)  # (-1) ** (n + 1)
    fact = np.array([_pymath.gamma(v + 1) for v in n.ravel()]).reshape(n.shape) \
        if n.size else np.zeros(n.shape)
    target = 20.0 + n
    shift = np.maximum(np.ceil(target - x), 0.0)
    steps = int(shift.max()) if shift.size else 0
    for _ in range(min(steps, 1_000_000)):  # the recurrence, up to x >= 20 + n
        low = x < target
        if not low.any():
            break
        term = np.where(n == 0, -1.0 / x, sign * fact / x ** (n + 1))
        out = np.where(low, out + term, out)
        x = np.where(low, x + 1.0, x)
    # the asymptotic series at x
    with np.errstate(all="ignore"):
        series0 = np.log(x) - 0.5 / x
        seriesn = sign * (fact / n / np.where(n == 0, 1.0, x ** n) + fact / (2 * x ** (n + 1)))
        x2k = x ** 2
        k_fact_ratio = None
        for k, b in enumerate(_BERNOULLI, start=1):
            # n = 0: -B_2k / (2k x^2k); n >= 1: (-1)^(n+1) B_2k (2k+n-1)! / ((2k)! x^(2k+n))
            series0 = series0 - b / (2 * k * x2k)
            k_fact_ratio = np.array([_pymath.gamma(2 * k + v) / _pymath.gamma(2 * k + 1)
                                     for v in n.ravel()]).reshape(n.shape) if n.size \
                else np.zeros(n.shape)
            seriesn = seriesn + sign * b * k_fact_ratio / (x2k * x ** n)
            x2k = x2k * x ** 2
        series = np.where(n == 0, series0, seriesn)
    out = out + series
    out = np.where(pole, np.where(n == 0, np.nan, np.inf), out)
    return np.where(bad, np.nan, out)


def _lgamma_host(x):
    def one(v):
        try:
            return _pymath.lgamma(v)
        except (ValueError, OverflowError):
            return np.inf
    flat = np.asarray(x, np.float64).ravel()
    return np.array([one(v) if np.isfinite(v) else (np.inf if v == np.inf or v == -np.inf
                                                    else np.nan) for v in flat]).reshape(
        np.shape(x))


class _Special(Op):
    fresh_output = True
    exact_gradient_shapes = True

    def infer(self, x):
        _check_float(x)
        return Spec(x.shape, x.dtype)


@register
class Lgamma(_Special):
    """``log(|Gamma(x)|)`` elementwise; ``inf`` at 0 and the negative integers."""

    def forward(self, xp, x):
        return _device(xp, _lgamma_host(_host(xp, x)).astype(x.dtype))

    def gradient(self, g, y, x):
        return (g * Digamma().bind(x),)


@register
class Digamma(_Special):
    """``psi(x) = d/dx log(Gamma(x))`` elementwise; NaN at 0 and the negative integers."""

    def forward(self, xp, x):
        return _device(xp, _polygamma(0, _host(xp, x)).astype(x.dtype))

    def gradient(self, g, y, x):
        from .creation import constant
        return (g * Polygamma().bind(constant(1, dtype=x.dtype), x),)


@register
class Polygamma(Op):
    """``psi^(a)(x)``, the ``a``-th derivative of digamma (``a`` a non-negative integer
    value; NaN otherwise), elementwise with broadcasting."""

    fresh_output = True

    def infer(self, a, x):
        _check_float(a, "a")
        if a.dtype != x.dtype:
            raise TypeError(f"Input 'x' of 'Polygamma' Op has type {x.dtype.name} that does "
                            f"not match type {a.dtype.name} of argument 'a'.")
        from ..shapes import broadcast_shapes
        return Spec(broadcast_shapes(a.shape, x.shape), x.dtype)

    def forward(self, xp, a, x):
        return _device(xp, _polygamma(_host(xp, a), _host(xp, x)).astype(x.dtype))

    def gradient(self, g, y, a, x):
        from .creation import constant
        return None, g * Polygamma().bind(a + constant(1, dtype=a.dtype), x)


def lgamma(x, name=None):
    """``log(|Gamma(x)|)`` elementwise. Example: ``tf.lgamma([0.5, 3.])`` → [0.572, 0.693]"""
    return Lgamma().bind(convert_to_tensor(x, name="x"), name=name or "Lgamma")


def digamma(x, name=None):
    """``psi(x)``, the derivative of ``lgamma``. Example: ``tf.math.digamma([1.])`` →
    [-0.5772]"""
    return Digamma().bind(convert_to_tensor(x, name="x"), name=name or "Digamma")


def polygamma(a, x, name=None):
    """``psi^(a)(x)``: the ``a``-th derivative of ``digamma``. Example:
    ``tf.math.polygamma(1., 0.5)`` → 4.9348"""
    with _g.name_scope(name, "Polygamma", [a, x]) as scope:
        a = convert_to_tensor(a, name="a")
        x = convert_to_tensor(x, dtype=a.dtype, name="x")
        return Polygamma().bind(a, x, name=scope)


# -- gather_nd with batch_dims --------------------------------------------------------------------
def gather_nd(params, indices, name=None, batch_dims=0):
    """Slices of ``params`` at the index tuples in the last axis of ``indices``; with
    ``batch_dims = b`` the first ``b`` axes of both are batch axes, indexed in step.

    Raises:
        ValueError: ``batch_dims`` not less than the rank of ``indices``.

    Example:
        >>> tf.gather_nd([[1, 2], [3, 4]], [[1], [0]], batch_dims=1)  # [2, 3]
    """
    from .indexing import gather_nd as _plain
    if not batch_dims:
        return _plain(params, indices, name=name)
    from .creation import range as _range
    from .reduce import reduce_prod
    from .shape import concat, reshape, shape
    with _g.name_scope(name, "GatherNd", [params, indices]):
        params = convert_to_tensor(params, name="params")
        indices = convert_to_tensor(indices, dtype_hint=_dt.int32, name="indices")
        b = int(batch_dims)
        i_rank = indices.shape.ndims
        if b < 0:
            raise ValueError(f"Argument `batch_dims` = {b} must be non-negative")
        if i_rank is None or params.shape.ndims is None:
            raise ValueError("gather_nd with batch_dims needs params and indices of known "
                             "rank")
        if b >= i_rank:
            raise ValueError(f"Argument `batch_dims` = {b} must be less than rank(`indices`) "
                             f"= {i_rank}")
        if b >= params.shape.ndims:
            raise ValueError(f"Argument `batch_dims` = {b} must be less than rank(`params`) "
                             f"= {params.shape.ndims}")
        p_dims = shape(params, out_type=indices.dtype)
        i_dims = shape(indices, out_type=indices.dtype)
        batch = reduce_prod(p_dims[:b], keepdims=True)
        flat_params = reshape(params, concat([batch, p_dims[b:]], 0))
        k = indices.shape[-1].value
        flat_idx = reshape(indices, concat([batch, [-1], i_dims[-1:]], 0))
        rows = reshape(_range(batch[0]), [-1, 1, 1]) + zeros_like(flat_idx[:, :, :1])
        full = concat([rows, flat_idx], 2)
        got = _plain(flat_params, full)
        tail = p_dims[b + k:] if k is not None else p_dims[b + 1:][:0]
        out = reshape(got, concat([i_dims[:-1], tail], 0))
        static = indices.shape[:-1]
        if k is not None:
            static = static.concatenate(params.shape[b + k:])
            out.set_shape(static.merge_with(out.shape) if out.shape.ndims is not None
                          else static)
        return out


# -- tf.print -------------------------------------------------------------------------------------
def _format_float(v, dtype):
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    short, full = (6, 9) if dtype in (np.float32, np.float16) else (15, 17)
    text = f"{float(v):.{short}g}"
    if dtype(text) != v:
        text = f"{float(v):.{full}g}"
    return text


def _format_element(v, dtype):
    if dtype.kind == "f":
        return _format_float(dtype.type(v), dtype.type)
    if dtype.kind == "b":
        return "1" if v else "0"
    if dtype.kind in "SUO":
        s = v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(int(v)) if dtype.kind in "iu" else str(v)


def _format_tensor(value, summarize):
    """TF's ``StringFormat`` of one tensor: numpy-like brackets, the first and last
    ``summarize`` entries of each axis with ``...`` between (all if ``summarize < 0``)."""
    value = np.asarray(value)
    if value.ndim == 0:
        return _format_element(value.item() if value.dtype.kind != "O" else value[()],
                               value.dtype)
    ends = max(value.shape) if summarize < 0 else summarize
    ndim = value.ndim

    def spacing(d):
        if d == ndim - 1:
            return " "
        return "\n" * (ndim - d - 1) + " " * (d + 1)

    def dim(d, index):
        if d == ndim:
            item = value[index]
            return _format_element(item.item() if hasattr(item, "item") and
                                   value.dtype.kind != "O" else item, value.dtype)
        count = value.shape[d]
        parts = [dim(d + 1, index + (i,)) for i in range(min(ends, count))]
        if count > 2 * ends:
            parts.append("...")
        parts += [dim(d + 1, index + (i,)) for i in range(max(ends, count - ends), count)]
        return "[" + spacing(d).join(parts) + "]"
    return dim(0, ())


@register
class PrintV2(Op):
    """Writes ``template`` with each slot filled by a tensor's text when run (``tf.print``);
    no outputs."""

    stateful = True
    differentiable = False

    def __init__(self, template, placeholder, summarize=3, end="\n", output_stream="stderr"):
        self.template, self.placeholder = template, placeholder
        self.summarize, self.end, self.output_stream = summarize, end, output_stream

    def infer(self, *tensors):
        return []

    def make_kernel(self, ctx, node):
        def kernel(*arrays):
            pieces = self.template.split(self.placeholder)
            text = pieces[0]
            for array, piece in zip(arrays, pieces[1:]):
                text += _format_tensor(to_numpy(array), self.summarize) + piece
            _write(self.output_stream, text + self.end)
        return kernel


def _write(stream, text):
    if stream == "stdout":
        sys.stdout.write(text)
        sys.stdout.flush()
    elif stream == "stderr":
        sys.stderr.write(text)
        sys.stderr.flush()
    elif stream.startswith("file://"):
        with open(stream[len("file://"):], "a", encoding="utf-8") as f:
            f.write(text)
    else:  # a logging level name
        import logging
        logging.getLogger("tensorflow").log(getattr(logging, stream.upper()), text.rstrip("\n"))


def _stream_name(stream):
    if stream is sys.stdout or stream == "stdout":
        return "stdout"
    if stream is sys.stderr or stream == "stderr" or stream is None:
        return "stderr"
    if isinstance(stream, str) and stream.startswith("file://"):
        return stream
    import logging
    for level in ("info", "warning", "error", "debug"):
        if stream is getattr(logging, level, None):
            return level
    raise ValueError(f"Unsupported output stream, logging level, or file.{stream}. Supported "
                     f"streams are sys.stdout, sys.stderr, tf.logging.info, "
                     f"tf.logging.warning, tf.logging.error, tf.logging.debug, or a "
                     f"'file://' path.")


def _flatten_print(x):
    if isinstance(x, dict):
        return [leaf for k in sorted(x) for leaf in _flatten_print(x[k])]
    if isinstance(x, (list, tuple)):
        return [leaf for item in x for leaf in _flatten_print(item)]
    return [x]


def _replace_leaves(x, fn):
    if isinstance(x, dict):
        return type(x)((k, _replace_leaves(x[k], fn)) for k in x)
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return type(x)(*[_replace_leaves(v, fn) for v in x])
    if isinstance(x, (list, tuple)):
        return type(x)(_replace_leaves(v, fn) for v in x)
    return fn(x)


def print_v2(*inputs, **kwargs):
    """``tf.print``: an operation that, each time it runs, prints its inputs (tensors as TF
    formats them, other Python objects as ``pprint`` does), separated by ``sep`` and
    followed by ``end``.

    Args:
        *inputs: tensors, strings, numbers and nests of them.
        output_stream: ``sys.stderr`` (default), ``sys.stdout``, a ``"file://path"`` or a
            ``tf.logging`` level function.
        summarize: how many entries to show at each end of each axis (default 3; -1: all).
        sep, end: as for Python's ``print``.
        name: the operation's name.

    Returns:
        The ``PrintV2`` operation: run it, or make other ops depend on it.

    Example:
        >>> with tf.control_dependencies([tf.print("loss:", loss)]):
        ...     train_op = optimizer.minimize(loss)
    """
    allowed = {"output_stream", "summarize", "sep", "end", "name"}
    unknown = set(kwargs) - allowed
    if unknown:
        raise ValueError(f"Unrecognized keyword arguments for tf.print: {sorted(unknown)}")
    stream = _stream_name(kwargs.get("output_stream", sys.stderr))
    summarize = kwargs.get("summarize", 3)
    summarize = 3 if summarize is None else int(summarize)
    sep, end, name = kwargs.get("sep", " "), kwargs.get("end", "\n"), kwargs.get("name")

    def is_tensor(v):
        return isinstance(v, _g.Tensor) or hasattr(v, "_as_tensor")

    free = _replace_leaves(list(inputs), lambda v: "" if is_tensor(v) else v)
    placeholder = "{}"
    free_text = " ".join(pprint.pformat(v) for v in free)
    while placeholder in free_text:  # a slot marker the text itself does not contain
        placeholder = "{" + placeholder + "}"
    tensors, templates = [], []
    for item in inputs:
        if isinstance(item, str):
            templates.append(item)
            continue
        for leaf in _flatten_print(item):
            if is_tensor(leaf):
                tensors.append(convert_to_tensor(leaf))
        if is_tensor(item):
            templates.append(placeholder)
        else:
            templates.append(pprint.pformat(_replace_leaves(
                item, lambda v: placeholder if is_tensor(v) else v)))
    template = sep.join(templates).replace("'" + placeholder + "'", placeholder)
    return PrintV2(template, placeholder, summarize, end, stream).bind(
        *tensors, name=name or "PrintV2")
