"""More of TF 1's array ops: ``boolean_mask`` and ``sequence_mask``, the segment reductions,
``meshgrid``, ``sort``/``argsort``, ``dynamic_partition``/``dynamic_stitch`` and
``space_to_depth``/``depth_to_space``.

Composites (``boolean_mask``, ``sequence_mask``, the means, ``meshgrid``, ``sort``) are built
from public ops as TensorFlow builds them, so their gradients and static shapes follow.
Data-dependent sizes (how many entries a mask keeps, how many segments the sorted ids name)
are ``None`` at build time.
"""

import numpy as np

from ..backend import to_numpy

from .. import dtypes as _dt
from .. import errors as _errors
from .. import graph as _g
from .creation import convert_to_tensor, ones_like, zeros_like, range as _range
from .registry import Op, Spec, constant_value, dtype_error, register

__all__ = ["boolean_mask", "sequence_mask", "unsorted_segment_sum", "unsorted_segment_mean",
           "unsorted_segment_max", "segment_sum", "segment_mean", "segment_max", "meshgrid",
           "sort", "argsort", "dynamic_partition", "dynamic_stitch", "space_to_depth",
           "depth_to_space", "confusion_matrix"]

_INDEX_DTYPES = "int16, int32, int64"


def _check_ids(ids, what="segment_ids"):
    if not ids.dtype.is_integer:
        raise dtype_error(what, ids.dtype, _INDEX_DTYPES)


def _check_prefix(data, ids):
    """``ids``' shape must be a prefix of ``data``'s (TF's "Dimensions must be equal")."""
    if data.shape is None or ids.shape is None:
        return
    if len(ids.shape) > len(data.shape):
        raise ValueError(f"Shape must be at least rank {len(ids.shape)} but is rank "
                         f"{len(data.shape)}")
    for d, i in zip(data.shape, ids.shape):
        if d is not None and i is not None and d != i:
            raise ValueError(f"Dimensions must be equal, but are {d} and {i}")


def _lowest(dtype):
    return np.finfo(dtype).min if np.issubdtype(dtype, np.floating) else np.iinfo(dtype).min


# -- boolean_mask / sequence_mask ------------------------------------------------------------------
def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """The entries of ``tensor`` where the boolean ``mask`` is True.

    ``mask`` (rank k, known) covers dims ``axis .. axis+k-1`` of ``tensor``; those dims
    collapse into one of data-dependent size. The gradient scatters back into the kept
    positions (zeros elsewhere).

    Args:
        tensor: N-D tensor.
        mask: K-D bool tensor, K <= N, its static rank known.
        name: name scope.
        axis: the first dim of ``tensor`` the mask covers (default 0).

    Returns:
        A tensor of shape ``tensor.shape[:axis] + [None] + tensor.shape[axis+k:]``.

    Raises:
        ValueError: a scalar mask, a mask of unknown rank, or incompatible shapes.

    Example:
        >>> tf.boolean_mask([[1, 2], [3, 4], [5, 6]], [True, False, True])  # [[1, 2], [5, 6]]
    """
    from .math import where
    from .reduce import reduce_prod
    from .shape import concat, gather, reshape, shape, squeeze
    with _g.name_scope(name, "boolean_mask", [tensor, mask]):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        k = mask.shape.ndims
        if k == 0:
            raise ValueError("mask cannot be scalar.")
        if k is None:
            raise ValueError("Number of mask dimensions must be specified, even if some "
                             "dimensions are None.  E.g. shape=[None] is ok, but shape=None "
                             "is not.")
        axis = 0 if axis is None else int(axis)
        static = tensor.shape
        static[axis:axis + k].assert_is_compatible_with(mask.shape)
        dims = shape(tensor)
        leading = reduce_prod(dims[axis:axis + k], [0], keepdims=True)
        flat = reshape(tensor, concat([dims[:axis], leading, dims[axis + k:]], 0))
        if static.ndims is not None:
            n = static[axis:axis + k].num_elements()
            flat.set_shape(static[:axis].concatenate([n]).concatenate(static[axis + k:]))
        kept = squeeze(where(reshape(mask, [-1])), axis=[1])
        return gather(flat, kept, axis=axis)


def sequence_mask(lengths, maxlen=None, dtype=_dt.bool, name=None):
    """``mask[i..., j] = j < lengths[i...]``, for ``j`` in ``[0, maxlen)``.

    Args:
        lengths: integer tensor.
        maxlen: scalar; default ``max(lengths)``.
        dtype: the result's dtype (default bool).
        name: name scope (default "SequenceMask").

    Returns:
        A tensor of shape ``lengths.shape + [maxlen]``.

    Example:
        >>> tf.sequence_mask([1, 3], 4)  # [[True, False, False, False], [True, True, True, False]]
    """
    from .math import cast, less, maximum
    from .reduce import reduce_max
    from .shape import expand_dims
    with _g.name_scope(name, "SequenceMask", [lengths, maxlen]):
        lengths = convert_to_tensor(lengths)
        known = constant_value(lengths)
        if maxlen is None and known is not None:  # TF folds max(lengths) at build time
            maxlen = convert_to_tensor(max(int(np.max(known, initial=0)), 0),
                                       dtype=lengths.dtype)
        elif maxlen is None:
            maxlen = reduce_max(lengths)
            maxlen = maximum(convert_to_tensor(0, dtype=maxlen.dtype), maxlen)
        else:
            maxlen = convert_to_tensor(maxlen)
        if maxlen.shape.ndims is not None and maxlen.shape.ndims != 0:
            raise ValueError(f"Argument `maxlen` must be scalar for sequence_mask, received "
                             f"`maxlen` = {maxlen} with shape '{maxlen.shape}' instead")
        row = _range(convert_to_tensor(0, dtype=maxlen.dtype), maxlen,
                     convert_to_tensor(1, dtype=maxlen.dtype))
        result = less(row, cast(expand_dims(lengths, -1), maxlen.dtype))
        dtype = _dt.as_dtype(dtype) if dtype is not None else None
        if dtype is None or dtype == _dt.bool:
            return result
        return cast(result, dtype)


# -- segment reductions ----------------------------------------------------------------------------
def _segment_reduce(xp, kind, data, ids, n, empty):
    """``data`` reduced into ``n`` rows by ``ids`` (a prefix of data's shape); ids < 0 dropped."""
    k = ids.ndim
    flat_ids = ids.reshape(-1)
    rows = data.reshape((flat_ids.size,) + data.shape[k:])
    keep = flat_ids >= 0
    flat_ids, rows = flat_ids[keep], rows[keep]
    if kind == "sum":
        out = xp.zeros((n,) + data.shape[k:], data.dtype)
        xp.add.at(out, flat_ids, rows)
        return out
    out = xp.full((n,) + data.shape[k:], _lowest(data.dtype), data.dtype)
    xp.maximum.at(out, flat_ids, rows)
    if empty is not None:  # sorted segment_max: 0 where a segment is empty
        count = xp.bincount(flat_ids, minlength=n)
        out[count == 0] = empty
    return out


class _UnsortedSegment(Op):
    host_inputs = (2,)  # num_segments: read as a number (compiler/placement.py)
    fresh_output = True
    kind = None

    def infer(self, data, ids, num):
        _check_ids(ids)
        if not num.dtype.is_integer or (num.shape is not None and len(num.shape) != 0):
            raise ValueError("num_segments should be a scalar integer")
        _check_prefix(data, ids)
        if data.shape is None or ids.shape is None:
            return Spec(None, data.dtype)
        n = None if num.value is None else int(num.value)
        return Spec((n,) + tuple(data.shape[len(ids.shape):]), data.dtype)

    def forward(self, xp, data, ids, num):
        n = int(num)
        host_ids = to_numpy(ids).reshape(-1)  # checked on the host, as TF's kernel does
        bad = np.flatnonzero(host_ids >= n)
        if bad.size:
            raise _errors.InvalidArgumentError(
                None, None, f"segment_ids[{bad[0]}] = {int(host_ids[bad[0]])} is out "
                f"of range [0, {n})")
        return _segment_reduce(xp, self.kind, data, ids, n, None)


def _gather_drop_negatives(params, ids):
    """``params`` gathered at ``ids``, zero where an id is negative (a dropped entry)."""
    from .math import cast, less, where
    from .shape import concat, gather, shape
    n = cast(shape(params)[0], ids.dtype)
    padded = concat([params, zeros_like(params[:1])], 0)
    return gather(padded, where(less(ids, 0), zeros_like(ids) + n, ids))


def _max_gradient(g, y, data, ids, count):
    """Splits each segment's gradient evenly among the entries equal to its maximum."""
    from .math import cast, equal, less, realdiv, where
    from .shape import concat, gather, shape
    # A NaN row for dropped ids: equal() is never true there.
    nan_row = zeros_like(y[:1]) + convert_to_tensor(np.nan, dtype=y.dtype)
    n = cast(shape(y)[0], ids.dtype)
    safe_ids = where(less(ids, 0), zeros_like(ids) + n, ids)
    chosen = equal(data, gather(concat([y, nan_row], 0), safe_ids))
    share = realdiv(g, count(cast(chosen, g.dtype)))
    return where(chosen, _gather_drop_negatives(share, ids), zeros_like(data))


@register
class UnsortedSegmentSum(_UnsortedSegment):
    """Sums of the rows of ``data`` sharing a segment id (ids < 0 are dropped)."""

    kind = "sum"

    def gradient(self, g, y, data, ids, num):
        return _gather_drop_negatives(g, ids), None, None


@register
class UnsortedSegmentMax(_UnsortedSegment):
    """Maxima of the rows of ``data`` sharing a segment id; the dtype's lowest value for an
    empty segment."""

    kind = "max"

    def gradient(self, g, y, data, ids, num):
        def count(chosen):
            return UnsortedSegmentSum().bind(chosen, ids, num)
        return _max_gradient(g, y, data, ids, count), None, None


def _unsorted(op, data, segment_ids, num_segments, name, default):
    data = convert_to_tensor(data, name="data")
    ids = convert_to_tensor(segment_ids, name="segment_ids")
    num = convert_to_tensor(num_segments, dtype_hint=_dt.int32, name="num_segments")
    return op.bind(data, ids, num, name=name or default)


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """``out[i] = sum of data[j...] over j with segment_ids[j...] == i`` (ids need not be
    sorted; negative ids are dropped).

    Example:
        >>> tf.math.unsorted_segment_sum([1., 2., 3.], [1, 0, 1], 2)  # [2., 4.]
    """
    return _unsorted(UnsortedSegmentSum(), data, segment_ids, num_segments, name,
                     "UnsortedSegmentSum")


def unsorted_segment_max(data, segment_ids, num_segments, name=None):
    """``out[i] = max of data[j...] over j with segment_ids[j...] == i``; the dtype's lowest
    value for an empty segment.

    Example:
        >>> tf.math.unsorted_segment_max([1., 2., 3.], [1, 0, 1], 2)  # [2., 3.]
    """
    return _unsorted(UnsortedSegmentMax(), data, segment_ids, num_segments, name,
                     "UnsortedSegmentMax")


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """``out[i] = mean of data[j...] over j with segment_ids[j...] == i``; 0 for an empty
    segment.

    Example:
        >>> tf.math.unsorted_segment_mean([1., 2., 3.], [1, 0, 1], 2)  # [2., 2.]
    """
    from .math import maximum, realdiv
    with _g.name_scope(name, "UnsortedSegmentMean"):
        data = convert_to_tensor(data, name="data")
        total = unsorted_segment_sum(data, segment_ids, num_segments)
        count = unsorted_segment_sum(ones_like(data), segment_ids, num_segments)
        return realdiv(total, maximum(count, convert_to_tensor(1, dtype=count.dtype)))


class _SortedSegment(Op):
    fresh_output = True
    kind = None

    def infer(self, data, ids):
        _check_ids(ids)
        if ids.shape is not None and len(ids.shape) != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {len(ids.shape)}")
        _check_prefix(data, ids)
        if data.shape is None:
            return Spec(None, data.dtype)
        if len(data.shape) < 1:
            raise ValueError("Shape must be at least rank 1 but is rank 0")
        return Spec((None,) + tuple(data.shape[1:]), data.dtype)

    def forward(self, xp, data, ids):
        if data.shape[:1] != ids.shape:
            raise _errors.InvalidArgumentError(
                None, None, f"segment_ids should be the same size as dimension 0 of input. "
                f"segment_ids shape: {list(ids.shape)} data shape: {list(data.shape)}")
        n = int(ids[-1]) + 1 if ids.size else 0
        if ids.size and int(ids.min()) < 0:
            raise _errors.InvalidArgumentError(
                None, None, f"Segment id {int(ids.min())} out of range [0, {n}), possibly "
                "because 'segment_ids' input is not sorted.")
        if ids.size > 1 and bool((ids[1:] < ids[:-1]).any()):
            raise _errors.InvalidArgumentError(None, None, "segment ids are not increasing")
        if self.kind == "mean":
            total = _segment_reduce(xp, "sum", data, ids, n, None)
            count = xp.bincount(ids, minlength=n).reshape((n,) + (1,) * (data.ndim - 1))
            return (total / xp.maximum(count, 1)).astype(data.dtype)
        return _segment_reduce(xp, self.kind, data, ids, n, 0)


@register
class SegmentSum(_SortedSegment):
    """Sums of the rows of ``data`` in segments given by sorted ids."""

    kind = "sum"

    def gradient(self, g, y, data, ids):
        from .shape import gather
        return gather(g, ids), None


@register
class SegmentMean(_SortedSegment):
    """Means of the rows of ``data`` in segments given by sorted ids (0 for empty ones)."""

    kind = "mean"

    def gradient(self, g, y, data, ids):
        from .math import realdiv
        from .shape import gather
        count = SegmentSum().bind(ones_like(data), ids)
        return gather(realdiv(g, count), ids), None


@register
class SegmentMax(_SortedSegment):
    """Maxima of the rows of ``data`` in segments given by sorted ids (0 for empty ones)."""

    kind = "max"

    def gradient(self, g, y, data, ids):
        def count(chosen):
            return SegmentSum().bind(chosen, ids)
        return _max_gradient(g, y, data, ids, count), None


def _sorted(op, data, segment_ids, name, default):
    data = convert_to_tensor(data, name="data")
    ids = convert_to_tensor(segment_ids, name="segment_ids")
    return op.bind(data, ids, name=name or default)


def segment_sum(data, segment_ids, name=None):
    """Sums over segments given by sorted ``segment_ids`` (1-D, length ``data.shape[0]``);
    the result has ``segment_ids[-1] + 1`` rows, zero for ids that do not occur.

    Example:
        >>> tf.math.segment_sum([1., 2., 3.], [0, 0, 2])  # [3., 0., 3.]
    """
    return _sorted(SegmentSum(), data, segment_ids, name, "SegmentSum")


def segment_mean(data, segment_ids, name=None):
    """Means over segments given by sorted ``segment_ids``; 0 for ids that do not occur.

    Example:
        >>> tf.math.segment_mean([1., 2., 3.], [0, 0, 2])  # [1.5, 0., 3.]
    """
    return _sorted(SegmentMean(), data, segment_ids, name, "SegmentMean")


def segment_max(data, segment_ids, name=None):
    """Maxima over segments given by sorted ``segment_ids``; 0 for ids that do not occur.

    Example:
        >>> tf.math.segment_max([1., 2., 3.], [0, 0, 2])  # [2., 0., 3.]
    """
    return _sorted(SegmentMax(), data, segment_ids, name, "SegmentMax")


# -- meshgrid / sort / argsort ---------------------------------------------------------------------
def meshgrid(*args, **kwargs):
    """N-D coordinate grids from 1-D coordinate vectors.

    Args:
        *args: tensors of one dtype (flattened).
        indexing: "xy" (Cartesian: the first two output dims swapped, the default) or "ij".
        name: name scope (default "meshgrid").

    Returns:
        A list of ``len(args)`` tensors, each of the grid's shape.

    Example:
        >>> X, Y = tf.meshgrid([1, 2, 3], [4, 5])  # X: [[1, 2, 3], [1, 2, 3]], Y: [[4]*3, [5]*3]
    """
    from .creation import ones
    from .math import multiply
    from .shape import reshape, size
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    for key in kwargs:
        raise TypeError(f"'{key}' is an invalid keyword argument for this function")
    if indexing not in ("xy", "ij"):
        raise ValueError(f"Argument `indexing` parameter must be either 'xy' or 'ij', got "
                         f"'{indexing}'")
    with _g.name_scope(name, "meshgrid", list(args)):
        ndim = len(args)
        if not ndim:
            return []
        args = [convert_to_tensor(a) for a in args]
        ones_shape = [1] * ndim
        grids = [reshape(a, ones_shape[:i] + [-1] + ones_shape[i + 1:])
                 for i, a in enumerate(args)]
        sizes = [size(a) for a in args]
        if indexing == "xy" and ndim > 1:
            grids[0] = reshape(grids[0], [1, -1] + [1] * (ndim - 2))
            grids[1] = reshape(grids[1], [-1, 1] + [1] * (ndim - 2))
            sizes[0], sizes[1] = sizes[1], sizes[0]
        full = ones(_shape_list(sizes), args[0].dtype)
        return [multiply(grid, full) for grid in grids]


def _shape_list(sizes):
    """Sizes as Python ints where known at build time (a static shape), else the tensors."""
    from .shape import stack
    values = [constant_value(s) for s in sizes]
    if all(v is not None for v in values):
        return [int(v) for v in values]
    return stack(sizes)


_DIRECTIONS = ("ASCENDING", "DESCENDING")


def _sort(values, axis, direction, want_indices):
    """Sorts with ``top_k`` over the moved-last ``axis`` (ascending: top_k of the mirrored
    values, so equal values keep their order either way)."""
    from .math import negative, subtract
    from .shape import shape, transpose
    from .topk import top_k
    if direction not in _DIRECTIONS:
        raise ValueError(f"Argument `direction` should be one of {', '.join(_DIRECTIONS)}. "
                         f"Received: direction={direction}")
    axis_value = constant_value(convert_to_tensor(axis))
    if axis_value is None or np.ndim(axis_value) != 0:
        raise ValueError(f"Argument `axis` must be a constant scalar. Received: axis={axis}.")
    axis = int(axis_value)
    values = convert_to_tensor(values, name="values")
    dtype = values.dtype
    if not (dtype.is_floating or dtype.is_integer):
        raise TypeError(f"Value passed to parameter 'x' has DataType {dtype.name} not in list "
                        "of allowed values: bfloat16, float16, float32, float64, int8, int16, "
                        "int32, int64")
    rank = values.shape.ndims
    if rank is not None and not -rank <= axis < rank:
        raise ValueError(f"slice index {axis} of dimension 0 out of bounds.")
    if direction == "ASCENDING":
        if dtype.is_unsigned:
            top = convert_to_tensor(np.iinfo(dtype.as_numpy_dtype).max, dtype=dtype)
            mirrored, unmirror = subtract(top, values), (lambda v: subtract(top, v))
        elif dtype.is_integer:  # -x - 1 stays in range for the most negative value
            one = convert_to_tensor(1, dtype=dtype)
            mirrored = subtract(negative(values), one)
            unmirror = (lambda v: subtract(negative(v), one))
        else:
            mirrored, unmirror = negative(values), negative
    else:
        mirrored, unmirror = values, (lambda v: v)
    last = axis == -1 or (rank is not None and axis == rank - 1)
    perm = None
    if not last:
        if rank is None:
            raise ValueError("sort: an axis other than -1 needs an input of known rank")
        axis %= rank
        perm = list(range(axis)) + [rank - 1] + list(range(axis + 1, rank - 1)) + [axis]
        mirrored = transpose(mirrored, perm)
    k = mirrored.shape.as_list()[-1] if mirrored.shape.ndims else None
    k = shape(mirrored)[-1] if k is None else k
    top_values, top_indices = top_k(mirrored, k)
    out = top_indices if want_indices else unmirror(top_values)
    return transpose(out, perm) if perm is not None else out


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """``values`` sorted along ``axis``; gradients flow back to the sorted entries.

    Example:
        >>> tf.sort([3., 1., 2.], direction="DESCENDING")  # [3., 2., 1.]
    """
    with _g.name_scope(name, "sort"):
        return _sort(values, axis, direction, False)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """The int32 indices that sort ``values`` along ``axis`` (always stable here: equal
    values keep their order, as TensorFlow's top_k-based sort does).

    Example:
        >>> tf.argsort([3., 1., 2., 1.])  # [1, 3, 2, 0]
    """
    del stable  # the sort is stable either way
    with _g.name_scope(name, "argsort"):
        return _sort(values, axis, direction, True)


# -- dynamic_partition / dynamic_stitch ------------------------------------------------------------
@register
class DynamicPartition(Op):
    """Splits ``data`` into ``num_partitions`` tensors by the partition of each entry."""

    fresh_output = True

    def __init__(self, num_partitions):
        self.num_partitions = num_partitions

    def infer(self, data, partitions):
        if partitions.dtype != _dt.int32:
            raise dtype_error("partitions", partitions.dtype, "int32")
        _check_prefix(data, partitions)
        if data.shape is None or partitions.shape is None:
            return [Spec(None, data.dtype)] * self.num_partitions
        tail = tuple(data.shape[len(partitions.shape):])
        return [Spec((None,) + tail, data.dtype)] * self.num_partitions

    def forward(self, xp, data, partitions):
        n = self.num_partitions
        bad = np.argwhere((partitions < 0) | (partitions >= n))
        if bad.size:
            where = ",".join(str(int(i)) for i in bad[0])
            raise _errors.InvalidArgumentError(
                None, None, f"partitions[{where}] = {int(partitions[tuple(bad[0])])} is not "
                f"in [0, {n})")
        return tuple(data[partitions == i] for i in range(n))

    def gradient(self, g, y, data, partitions):
        from .shape import reshape, shape, size
        positions = reshape(_range(size(partitions)), shape(partitions))
        parts = DynamicPartition(self.num_partitions).bind(positions, partitions)
        return reshape(dynamic_stitch(parts, g), shape(data)), None


def dynamic_partition(data, partitions, num_partitions, name=None):
    """``num_partitions`` tensors: output ``i`` holds the entries of ``data`` whose partition
    is ``i`` (in order). ``partitions`` (int32) has a prefix of ``data``'s shape.

    Example:
        >>> tf.dynamic_partition([10., 20., 30.], [1, 0, 1], 2)  # [[20.], [10., 30.]]
    """
    num_partitions = int(num_partitions)
    if num_partitions < 1:
        raise ValueError(f"Attr 'num_partitions' of 'DynamicPartition' Op passed "
                         f"{num_partitions} less than minimum 1.")
    return DynamicPartition(num_partitions).bind(
        convert_to_tensor(data, name="data"),
        convert_to_tensor(partitions, dtype_hint=_dt.int32, name="partitions"),
        name=name or "DynamicPartition")


@register
class DynamicStitch(Op):
    """``out[indices[m][i...]] = data[m][i...]``: the inverse of ``dynamic_partition`` (later
    entries win where indices repeat)."""

    fresh_output = True

    def __init__(self, n):
        self.n = n

    def infer(self, *inputs):
        indices, data = inputs[:self.n], inputs[self.n:]
        for i in indices:
            if i.dtype != _dt.int32:
                raise dtype_error("indices", i.dtype, "int32")
        dtype = data[0].dtype
        if any(d.dtype != dtype for d in data):
            raise TypeError("dynamic_stitch: all data tensors must have the same dtype")
        for i, d in zip(indices, data):
            _check_prefix(d, i)
        if indices[0].shape is None or data[0].shape is None:
            return Spec(None, dtype)
        tail = tuple(data[0].shape[len(indices[0].shape):])
        known = [i.value for i in indices]
        rows = None
        if all(v is not None for v in known):
            rows = max([int(np.max(v)) + 1 for v in known if np.size(v)], default=0)
        return Spec((rows,) + tail, dtype)

    def forward(self, xp, *arrays):
        indices, data = arrays[:self.n], arrays[self.n:]
        rows = max([int(i.max()) + 1 for i in indices if i.size], default=0)
        tail = data[0].shape[indices[0].ndim:]
        out = xp.zeros((rows,) + tail, data[0].dtype)
        for i, d in zip(indices, data):
            out[i.reshape(-1)] = d.reshape((i.size,) + tail)
        return out

    def gradient(self, g, y, *inputs):
        from .shape import gather
        indices = inputs[:self.n]
        return (None,) * self.n + tuple(gather(g, i) for i in indices)


def dynamic_stitch(indices, data, name=None):
    """Interleaves the tensors of ``data`` into one: ``out[indices[m][i...], ...] =
    data[m][i..., ...]``; where indices repeat, the later value wins.

    Example:
        >>> tf.dynamic_stitch([[0, 3], [1, 2]], [[1., 2.], [3., 4.]])  # [1., 3., 4., 2.]
    """
    indices = [convert_to_tensor(i, dtype_hint=_dt.int32) for i in indices]
    data = [convert_to_tensor(d) for d in data]
    if len(indices) != len(data):
        raise ValueError(f"List argument 'data' to 'DynamicStitch' Op with length {len(data)} "
                         f"must match length {len(indices)} of argument 'indices'.")
    return DynamicStitch(len(indices)).bind(*indices, *data, name=name or "DynamicStitch")


# -- space_to_depth / depth_to_space ---------------------------------------------------------------
class _BlockMove(Op):
    fresh_output = True

    def __init__(self, block_size):
        self.block_size = block_size

    def _check(self, x):
        if self.block_size < 2:
            raise ValueError(f"Attr 'block_size' of '{self.type_name}' Op passed "
                             f"{self.block_size} less than minimum 2.")
        if x.shape is not None and len(x.shape) != 4:
            raise ValueError(f"Shape must be rank 4 but is rank {len(x.shape)}")

    @staticmethod
    def _divide(d, by):
        if d is None:
            return None
        if d % by:
            raise ValueError(f"Dimension size must be evenly divisible by {by} but is {d}")
        return d // by


@register
class SpaceToDepth(_BlockMove):
    """Moves ``block_size`` x ``block_size`` spatial blocks of an NHWC tensor into depth."""

    def infer(self, x):
        self._check(x)
        if x.shape is None:
            return Spec(None, x.dtype)
        b, h, w, c = x.shape
        bs = self.block_size
        return Spec((b, self._divide(h, bs), self._divide(w, bs),
                     None if c is None else c * bs * bs), x.dtype)

    def forward(self, xp, x):
        b, h, w, c = x.shape
        bs = self.block_size
        if h % bs or w % bs:
            raise _errors.InvalidArgumentError(
                None, None, f"Image height {h} and width {w} should be divisible by "
                f"block_size: {bs}")
        y = x.reshape(b, h // bs, bs, w // bs, bs, c).transpose(0, 1, 3, 2, 4, 5)
        return xp.ascontiguousarray(y).reshape(b, h // bs, w // bs, bs * bs * c)

    def gradient(self, g, y, x):
        return (DepthToSpace(self.block_size).bind(g),)


@register
class DepthToSpace(_BlockMove):
    """Moves depth of an NHWC tensor into ``block_size`` x ``block_size`` spatial blocks."""

    def infer(self, x):
        self._check(x)
        if x.shape is None:
            return Spec(None, x.dtype)
        b, h, w, c = x.shape
        bs = self.block_size
        return Spec((b, None if h is None else h * bs, None if w is None else w * bs,
                     self._divide(c, bs * bs)), x.dtype)

    def forward(self, xp, x):
        b, h, w, c = x.shape
        bs = self.block_size
        if c % (bs * bs):
            raise _errors.InvalidArgumentError(
                None, None, f"Input depth dimension {c} should be divisible by: {bs * bs}")
        y = x.reshape(b, h, w, bs, bs, c // (bs * bs)).transpose(0, 1, 3, 2, 4, 5)
        return xp.ascontiguousarray(y).reshape(b, h * bs, w * bs, c // (bs * bs))

    def gradient(self, g, y, x):
        return (SpaceToDepth(self.block_size).bind(g),)


def _block_move(op, input, data_format, name):  # noqa: A002
    if data_format != "NHWC":
        raise NotImplementedError(f"{op.type_name}: only data_format='NHWC' is supported, "
                                  f"got {data_format!r}")
    return op.bind(convert_to_tensor(input), name=name or op.type_name)


def space_to_depth(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
    """Rearranges ``block_size`` x ``block_size`` blocks of space (NHWC) into depth:
    ``[b, h, w, c] -> [b, h/bs, w/bs, c*bs*bs]``.

    Example:
        >>> tf.space_to_depth(tf.zeros([1, 4, 4, 3]), 2).shape  # (1, 2, 2, 12)
    """
    return _block_move(SpaceToDepth(int(block_size)), input, data_format, name)


def depth_to_space(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
    """Rearranges depth (NHWC) into ``block_size`` x ``block_size`` blocks of space:
    ``[b, h, w, c] -> [b, h*bs, w*bs, c/(bs*bs)]``.

    Example:
        >>> tf.depth_to_space(tf.zeros([1, 2, 2, 12]), 2).shape  # (1, 4, 4, 3)
    """
    return _block_move(DepthToSpace(int(block_size)), input, data_format, name)


def confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype=_dt.int32,
                     name=None):
    """The ``num_classes x num_classes`` matrix counting (weighted) pairs: entry ``[i, j]``
    sums the weights of the examples with label ``i`` predicted as ``j``.

    Args:
        labels, predictions: 1-D integer class ids of the same length.
        num_classes: the matrix size; default ``max(labels, predictions) + 1`` at run time.
        weights: None (each pair counts 1), or a 1-D tensor cast to ``dtype``.
        dtype: the matrix dtype (int32 by default).
        name: the name scope (default ``"confusion_matrix"``).

    Raises at run time ``InvalidArgumentError`` for a negative id, or an id not below
    ``num_classes``.

    Example:
        >>> tf.confusion_matrix([0, 1, 1], [0, 1, 0])   # [[1, 0], [1, 1]]
    """
    from .check import assert_less, assert_non_negative
    from .math import cast, maximum, add
    from .reduce import reduce_max
    from .shape import stack
    from .indexing import scatter_nd
    dtype = _dt.as_dtype(dtype)
    with _g.name_scope(name, "confusion_matrix", [predictions, labels, num_classes, weights]):
        labels = convert_to_tensor(labels, name="labels")
        predictions = convert_to_tensor(predictions, name="predictions")
        known = [constant_value(labels), constant_value(predictions)]
        labels, predictions = cast(labels, _dt.int64), cast(predictions, _dt.int64)
        checks = [assert_non_negative(labels, message="`labels` contains negative values"),
                  assert_non_negative(predictions,
                                      message="`predictions` contains negative values")]
        if num_classes is None:
            n = add(maximum(reduce_max(predictions), reduce_max(labels)),
                    convert_to_tensor(1, dtype=_dt.int64))
        else:
            n = cast(convert_to_tensor(num_classes, name="num_classes"), _dt.int64)
            checks.append(assert_less(labels, n, message="`labels` out of bound"))
            checks.append(assert_less(predictions, n, message="`predictions` out of bound"))
        if weights is None:
            values = ones_like(predictions, dtype=dtype)
        else:
            values = cast(convert_to_tensor(weights, name="weights"), dtype)
        with _g.control_dependencies(checks):
            indices = stack([labels, predictions], axis=1)
        static = None
        if num_classes is not None:
            static = (num_classes if isinstance(num_classes, (int, np.integer))
                      else constant_value(convert_to_tensor(num_classes)))
        elif all(k is not None and np.size(k) for k in known):
            static = max(np.max(k) for k in known) + 1
        shape = [int(static)] * 2 if static is not None else stack([n, n])
        return scatter_nd(indices, values, shape, name="ScatterNd")
