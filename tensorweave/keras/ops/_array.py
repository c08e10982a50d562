"""``keras.ops``: shapes and arrays: reshaping, joining, indexing, padding, creation (see
the package's docstring)."""

import builtins
import itertools
import numbers

import numpy as np

from ... import graph as _g
from ...ops import creation as _cr
from ...ops import indexing as _ix
from ...ops import math as _m
from ...ops import shape as _s
from .. import backend as _kb
from ._core import (_flat, _float_name, _is_tensor, _is_weak, _kind, _name, _promoted, _py_max,
                    _py_min, _result_type, _tensor)


# -- shapes and arrays -------------------------------------------------------------------------
def reshape(x, newshape):
    """``x`` with shape ``newshape`` (one entry may be -1)."""
    if isinstance(newshape, numbers.Integral):
        newshape = [int(newshape)]
    return _s.reshape(_tensor(x), newshape)


def transpose(x, axes=None):
    """``x`` with its axes permuted (reversed when ``axes`` is None)."""
    return _s.transpose(_tensor(x), perm=None if axes is None else list(axes))


def expand_dims(x, axis):
    """``x`` with a new axis of length 1 at ``axis`` (or at each of several axes)."""
    x = _tensor(x)
    if isinstance(axis, (list, tuple)):
        out_rank = x.shape.ndims + len(axis)
        for a in sorted(int(a) % out_rank for a in axis):
            x = _s.expand_dims(x, a)
        return x
    return _s.expand_dims(x, int(axis))


def squeeze(x, axis=None):
    """``x`` without its length-1 axes (or only ``axis``)."""
    x = _tensor(x)
    if axis is None:
        return _s.squeeze(x)
    axis = [int(axis)] if isinstance(axis, numbers.Integral) else [int(a) for a in axis]
    return _s.squeeze(x, axis)


def concatenate(xs, axis=0):
    """The tensors ``xs`` joined along ``axis`` (promoted to one dtype)."""
    return _s.concat(_promoted(*xs), axis=int(axis))


def stack(x, axis=0):
    """The tensors ``x`` stacked along a new axis ``axis``."""
    return _s.stack(_promoted(*x), axis=int(axis))


def split(x, indices_or_sections, axis=0):
    """A list of parts of ``x`` along ``axis``: ``n`` equal parts, or cut at the listed
    indices (as ``np.split``)."""
    x = _tensor(x)
    axis = int(axis)
    if isinstance(indices_or_sections, numbers.Integral):
        return list(_s.split(x, int(indices_or_sections), axis=axis))
    cuts = [int(i) for i in np.ravel(indices_or_sections)]
    dim = x.shape.as_tuple()[axis]
    if dim is None:
        raise ValueError("split at indices needs the size of the split axis to be known")
    bounds = [0] + [_py_min(_py_max(c if c >= 0 else c + dim, 0), dim) for c in cuts] + [dim]
    sizes = [_py_max(b - a, 0) for a, b in itertools.pairwise(bounds)]
    return list(_s.split(x, sizes, axis=axis))


def tile(x, repeats):
    """``x`` repeated ``repeats[i]`` times along each axis (as ``np.tile``)."""
    x = _tensor(x)
    reps = [int(repeats)] if isinstance(repeats, numbers.Integral) else \
        [int(r) for r in np.ravel(repeats)]
    rank = x.shape.ndims
    if len(reps) < rank:
        reps = [1] * (rank - len(reps)) + reps
    while rank < len(reps):
        x = _s.expand_dims(x, 0)
        rank += 1
    return _s.tile(x, reps)


def repeat(x, repeats, axis=None):
    """Each element repeated ``repeats`` times along ``axis`` (of the flattened ``x`` when
    None); ``repeats`` may list a count per element."""
    x = _tensor(x)
    if axis is None:
        x, axis = _s.reshape(x, [-1]), 0
    rank = x.shape.ndims
    axis = int(axis) % rank
    if isinstance(repeats, numbers.Integral) or np.ndim(repeats) == 0 and not _is_tensor(
            repeats):
        n = int(repeats)
        y = _s.expand_dims(x, axis + 1)
        mult = [1] * (rank + 1)
        mult[axis + 1] = n
        y = _s.tile(y, mult)
        dims = x.shape.as_tuple()
        new = [(-1 if d is None else d) for d in dims]
        if None in dims and dims.count(None) > 1:
            sh = _s.shape(x)
            parts = [sh[i] for i in range(rank)]
            parts[axis] = _m.multiply(parts[axis], n)
            return _s.reshape(y, _s.stack(parts))
        new[axis] = -1 if dims[axis] is None else dims[axis] * n
        return _s.reshape(y, new)
    counts = np.ravel(np.asarray(repeats)).astype(np.int64)
    idx = np.repeat(np.arange(len(counts)), counts).astype(np.int32)
    return _s.gather(x, _cr.constant(idx), axis=axis)


def flip(x, axis=None):
    """``x`` with the order of elements reversed along ``axis`` (all axes when None)."""
    x = _tensor(x)
    if axis is None:
        axis = list(range(x.shape.ndims))
    elif isinstance(axis, numbers.Integral):
        axis = [int(axis)]
    return _ix.reverse(x, [int(a) for a in axis])


def _fix_negative(indices, dim):
    """Indices with negative entries counted from ``dim`` (the axis length)."""
    if not _is_tensor(indices):
        idx = np.asarray(indices)
        if idx.dtype.kind not in "iu":
            idx = idx.astype(np.int64)
        if dim is not None and not isinstance(dim, _g.Tensor):
            idx = np.where(idx < 0, idx + dim, idx)
            return _cr.constant(idx.astype(np.int32))
        idx = _cr.constant(idx)
    else:
        idx = _cr.convert_to_tensor(indices)
    if _kind(_name(idx)) not in "iu":
        idx = _m.cast(idx, "int32")
    d = _m.cast(dim if dim is not None else 0, _name(idx)) if isinstance(dim, _g.Tensor) \
        else _cr.constant(dim, dtype=_name(idx))
    return _m.where(_m.less(idx, _cr.constant(0, dtype=_name(idx))), _m.add(idx, d), idx)


def _dim(x, axis):
    d = x.shape.as_tuple()[axis]
    return d if d is not None else _s.shape(x)[axis]


def take(x, indices, axis=None):
    """The elements of ``x`` at ``indices`` along ``axis`` (of the flattened ``x`` when
    None); negative indices count from the end."""
    x = _tensor(x)
    if axis is None:
        x, axis = _s.reshape(x, [-1]), 0
    axis = int(axis) % x.shape.ndims
    idx = _fix_negative(indices, _dim(x, axis))
    return _s.gather(x, idx, axis=axis)


def take_along_axis(x, indices, axis=None):
    """The elements of ``x`` at ``indices`` along ``axis``, index arrays matched with ``x``
    in the other axes (as ``np.take_along_axis``); the flattened ``x`` when ``axis`` is
    None."""
    x = _tensor(x)
    if axis is None:
        x, axis = _s.reshape(x, [-1]), 0
        if _is_tensor(indices):
            indices = _s.reshape(_cr.convert_to_tensor(indices), [-1])
        else:
            indices = np.ravel(indices)
    rank = x.shape.ndims
    axis = int(axis) % rank
    idx = _fix_negative(indices, _dim(x, axis))
    xd, idd = x.shape.as_tuple(), idx.shape.as_tuple()
    # broadcast x and indices against each other in every axis but ``axis``
    if None not in xd and None not in idd:
        xb = list(xd)
        ib = list(idd)
        xb[axis] = ib[axis] = 1
        common = list(np.broadcast_shapes(tuple(xb), tuple(ib)))
        xs, ishape = list(common), list(common)
        xs[axis], ishape[axis] = xd[axis], idd[axis]
        if tuple(xs) != xd:
            x = _s.broadcast_to(x, xs)
        if tuple(ishape) != idd:
            idx = _s.broadcast_to(idx, ishape)
    # move ``axis`` last, flatten the rest, and gather row by row
    perm = [i for i in range(rank) if i != axis] + [axis]
    xt = _s.transpose(x, perm) if axis != rank - 1 else x
    it = _s.transpose(idx, perm) if axis != rank - 1 else idx
    k = _dim(xt, rank - 1)
    j = _dim(it, rank - 1)
    x2 = _s.reshape(xt, _s.stack([-1, k]) if isinstance(k, _g.Tensor) else [-1, k])
    i2 = _s.reshape(it, _s.stack([-1, j]) if isinstance(j, _g.Tensor) else [-1, j])
    out = _s.gather(x2, i2, axis=1, batch_dims=1)
    out = _s.reshape(out, _s.shape(it))
    out.set_shape(it.shape)
    if axis != rank - 1:
        inv = [0] * rank
        for i, p in enumerate(perm):
            inv[p] = i
        out = _s.transpose(out, inv)
    return out


def slice(inputs, start_indices, shape):  # noqa: A001 - Keras's name
    """The block of ``inputs`` of size ``shape`` starting at ``start_indices``."""
    return _s.slice(_tensor(inputs), start_indices, shape)


def pad(x, pad_width, mode="constant", constant_values=None):
    """``x`` padded by ``pad_width`` (``((before, after), …)`` per axis, or one pair or one
    number for all) with ``mode`` ``"constant"`` (``constant_values``, default 0),
    ``"reflect"`` or ``"symmetric"``."""
    x = _tensor(x)
    rank = x.shape.ndims
    widths = np.asarray(pad_width, dtype=np.int64)
    if widths.ndim == 0:
        widths = np.full((rank, 2), int(widths))
    elif widths.ndim == 1:
        widths = np.tile(widths.reshape(1, -1) if widths.size == 2 else
                         np.repeat(widths, 2).reshape(-1, 2), (rank if widths.size == 2
                                                               else 1, 1))
    elif widths.shape[0] == 1 and rank > 1:
        widths = np.tile(widths, (rank, 1))
    mode = mode.lower()
    if mode not in ("constant", "reflect", "symmetric"):
        raise ValueError(f"Unsupported padding mode: {mode!r}; expected 'constant', "
                         "'reflect' or 'symmetric'")
    if constant_values is not None and mode != "constant":
        raise ValueError("Argument `constant_values` can only be provided when `mode == "
                         f"'constant'`. Received: mode={mode}")
    value = 0 if constant_values is None else constant_values
    if mode == "constant":
        return _s.pad(x, widths.tolist(), mode="CONSTANT",
                      constant_values=_tensor(value, _name(x)))
    return _s.pad(x, widths.tolist(), mode=mode.upper())


def broadcast_to(x, shape):
    """``x`` broadcast to ``shape``."""
    return _s.broadcast_to(_tensor(x), list(shape) if isinstance(shape, (list, tuple))
                           else shape)


def shape(x):
    """The shape as a tuple: ints where known when the graph is built, else scalar int32
    tensors (read at run time)."""
    if isinstance(x, _kb.Variable):
        return tuple(x.shape)
    if not _is_tensor(x):
        return tuple(np.shape(x))
    x = _cr.convert_to_tensor(x)
    dims = x.shape.as_tuple()
    if dims is None:
        raise ValueError(f"The rank of {x.name} is not known")
    if None not in dims:
        return tuple(int(d) for d in dims)
    dyn = _s.shape(x)
    return tuple(int(d) if d is not None else dyn[i] for i, d in enumerate(dims))


def ndim(x):
    """The number of dimensions (an int)."""
    if isinstance(x, _kb.Variable):
        return len(x.shape)
    if not _is_tensor(x):
        return np.ndim(x)
    return _cr.convert_to_tensor(x).shape.ndims


def size(x):
    """The number of elements (a scalar int32 tensor)."""
    return _s.size(_tensor(x))


def cast(x, dtype):
    """``x`` converted to ``dtype``."""
    return _tensor(_tensor(x), _kb.standardize_dtype(dtype))


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """``x`` (an array, list, scalar or tensor) as a tensor; cast to ``dtype`` if given."""
    if dtype is not None:
        dtype = _kb.standardize_dtype(dtype)
    return _tensor(x, dtype)


def is_tensor(x):
    """Whether ``x`` is a backend tensor (a tensorweave tensor or variable)."""
    return _is_tensor(x)


def dtype(x):
    """The dtype name of ``x`` (``"float32"``)."""
    return _name(_tensor(x)) if _is_tensor(x) else _kb.standardize_dtype(np.asarray(x).dtype)


def convert_to_numpy(x):
    """``x`` as a NumPy array: arrays and scalars as they are; a tensor is evaluated in its
    graph's Keras session (its variables with their current values)."""
    if isinstance(x, (np.ndarray, np.generic)):
        return x
    if isinstance(x, _kb.Variable):
        return x.numpy()
    if isinstance(x, (list, tuple)) and not builtins.any(_is_tensor(v) for v in _flat(x)):
        return np.asarray(x)
    if isinstance(x, (list, tuple)):
        x = _tensor(x)
    if _is_tensor(x):
        t = _cr.convert_to_tensor(x)
        if hasattr(t, "numpy"):
            return np.asarray(t.numpy())
        return np.asarray(_kb.get_session(t.graph).run(t))
    return np.asarray(x)


def stop_gradient(variable):
    """The same values, with no gradient flowing back through it."""
    return _m.stop_gradient(_tensor(variable))


def _shape_list(shape):
    if isinstance(shape, numbers.Integral):
        return [int(shape)]
    if _is_tensor(shape):
        return shape
    return [d if _is_tensor(d) else int(d) for d in shape]


def _filled(shape, value, dtype):
    sh = _shape_list(shape)
    if isinstance(sh, list) and not builtins.any(_is_tensor(d) for d in sh):
        if _is_tensor(value):
            return _s.broadcast_to(_tensor(value, dtype), sh)
        return _cr.constant(np.full(sh, value, dtype=dtype if dtype != "bool" else bool))
    dims = _s.stack([_tensor(d, "int32") for d in sh]) if isinstance(sh, list) else sh
    out = _cr.fill(dims, _tensor(value, dtype))
    if isinstance(sh, list):  # keep the dims known when the graph is built
        out.set_shape([None if _is_tensor(d) else d for d in sh])
    return out


def zeros(shape, dtype=None):
    """A tensor of zeros (default dtype ``floatx()``)."""
    return _filled(shape, 0, _kb.standardize_dtype(dtype))


def ones(shape, dtype=None):
    """A tensor of ones (default dtype ``floatx()``)."""
    return _filled(shape, 1, _kb.standardize_dtype(dtype))


def full(shape, fill_value, dtype=None):
    """A tensor of ``fill_value`` (default dtype ``floatx()``, whatever the value's type)."""
    return _filled(shape, fill_value, _kb.standardize_dtype(dtype))


def _like(x, value, dtype):
    x = _tensor(x)
    dt = _name(x) if dtype is None else _kb.standardize_dtype(dtype)
    dims = x.shape.as_tuple()
    if dims is not None and None not in dims:
        return _filled(list(dims), value, dt)
    if _is_tensor(value):
        return _m.add(_cr.zeros_like(x, dtype=dt), _tensor(value, dt))
    if dt == "bool":
        zero = _cr.zeros_like(x, dtype=dt)
        return _m.logical_not(zero) if value else zero
    if value == 1:
        return _cr.ones_like(x, dtype=dt)
    zero = _cr.zeros_like(x, dtype=dt)
    return zero if value == 0 else _m.add(zero, _tensor(value, dt))


def zeros_like(x, dtype=None):
    """Zeros of the shape (and, by default, dtype) of ``x``."""
    return _like(x, 0, dtype)


def ones_like(x, dtype=None):
    """Ones of the shape (and, by default, dtype) of ``x``."""
    return _like(x, 1, dtype)


def full_like(x, fill_value, dtype=None):
    """``fill_value`` in the shape (and, by default, dtype) of ``x``."""
    return _like(x, fill_value, dtype)


def eye(N, M=None, k=0, dtype=None):  # noqa: N803 - Keras's names
    """An ``N x M`` matrix with ones on diagonal ``k`` (default dtype ``floatx()``)."""
    dtype = _kb.standardize_dtype(dtype)
    return _cr.constant(np.eye(int(N), None if M is None else int(M), int(k),
                               dtype=dtype if dtype != "bool" else bool))


def _scalar_dtype(v):
    if v is None:
        return None
    if _is_tensor(v):
        return _name(_cr.convert_to_tensor(v))
    if _is_weak(v):
        return v
    return np.asarray(v).dtype.name


def arange(start, stop=None, step=None, dtype=None):
    """``start, start + step, …`` below ``stop`` (``arange(n)``: ``0 … n - 1``); the dtype
    follows the arguments (ints → int32, floats → ``floatx()``) unless given."""
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    if dtype is None:
        dtype = _result_type(*[_scalar_dtype(v) if not _is_weak(v) else v
                              for v in (start, stop, step)])
    dtype = _kb.standardize_dtype(dtype)
    if builtins.any(_is_tensor(v) for v in (start, stop, step)):
        return _cr.range(_tensor(start, dtype), _tensor(stop, dtype), _tensor(step, dtype),
                         dtype=dtype)
    npdt = np.dtype(dtype)
    s, e, d = (np.asarray(v).astype(npdt) for v in (start, stop, step))
    if npdt.kind in "iu":
        n = _py_max(0, -((int(s) - int(e)) // int(d)))
    else:
        n = _py_max(0, int(np.ceil(np.abs((e - s) / d))))
    values = (s + np.arange(n).astype(npdt) * d).astype(npdt)
    return _cr.constant(values)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """``num`` evenly spaced values from ``start`` to ``stop`` (included if ``endpoint``);
    with ``retstep`` also the spacing. The dtype is ``floatx()`` unless given."""
    if dtype is None:
        dtype = _float_name(_result_type(*[_scalar_dtype(v) if not _is_weak(v) else v
                                          for v in (start, stop)], float))
    dtype = _kb.standardize_dtype(dtype)
    num = int(num)
    calc = np.float64 if dtype == "float64" else np.float32
    if _is_tensor(start) or _is_tensor(stop):
        lo, hi = _tensor(start, calc.__name__), _tensor(stop, calc.__name__)
        div = (num - 1) if endpoint else num
        step = _m.divide(_m.subtract(hi, lo), _tensor(_py_max(div, 1), calc.__name__))
        if not endpoint:
            hi = _m.subtract(hi, step)
        values = _cr.linspace(lo, hi, num, axis=axis)
        values = _tensor(values, dtype)
        return (values, step) if retstep else values
    lo = np.asarray(start, calc)
    hi = np.asarray(stop, calc)
    div = (num - 1) if endpoint else num
    step = ((hi - lo) / calc(div)).astype(calc) if div > 0 else calc(np.nan)
    values = (lo[..., None] + np.arange(num, dtype=calc) * step[..., None]).astype(calc) \
        if np.ndim(lo) else (lo + np.arange(num, dtype=calc) * step).astype(calc)
    if endpoint and num > 1:
        values[..., -1] = hi
    if np.ndim(values) > 1 and axis != 0:
        values = np.moveaxis(values, -1, axis)
    elif np.ndim(values) > 1:
        values = np.moveaxis(values, -1, 0)
    out = _cr.constant(values.astype(np.dtype(dtype) if dtype != "bool" else bool))
    return (out, _cr.constant(np.asarray(step, np.dtype(dtype)))) if retstep else out


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """One-hot vectors of ``num_classes`` for integer ``x`` (out-of-range indices give all
    zeros); default dtype ``floatx()``."""
    if sparse:
        raise NotImplementedError("one_hot(sparse=True) is not supported by tensorweave")
    dtype = _kb.standardize_dtype(dtype)
    x = _tensor(x)
    if _kind(_name(x)) not in "iu":
        x = _m.cast(x, "int32")
    return _s.one_hot(x, int(num_classes), axis=int(axis), dtype=dtype)
