"""``keras.ops``: Keras 3's backend-neutral tensor functions on tensorweave graph tensors.

NumPy-style math (``add``, ``mean``, ``matmul``, ``where`` …), array ops (``reshape``,
``concatenate``, ``take``, ``pad``, ``arange`` …), neural-network ops (``relu``, ``softmax``,
``logsumexp``, the cross-entropies, ``moments``) and ``convert_to_numpy``. Each returns a
symbolic tensor in the default graph (built from tensorweave ops, so gradients come for
free); ``convert_to_numpy`` evaluates one.

Names, signatures, defaults and result dtypes follow Keras 3, including its type promotion:
Python scalars are "weak" (``add(int32_tensor, 1)`` stays int32, ``add(int32_tensor, 1.5)``
is float32), ``int32`` with ``float32`` gives ``float32``, ``mean``/``divide``/``sqrt`` of
integers give ``floatx()``, ``argmax`` gives ``int32``, ``sum`` of bools gives ``int32``.

Example:
    >>> from tensorweave import keras
    >>> loss = lambda y, p: keras.ops.mean(keras.ops.square(y - p), axis=-1)
    >>> keras.ops.convert_to_numpy(keras.ops.mean([1, 2, 3, 4]))
    2.5
"""

import builtins
import itertools
import math as _pymath
import numbers

import numpy as np

from .. import dtypes as _dt
from .. import graph as _g
from ..ops import creation as _cr
from ..ops import indexing as _ix
from ..ops import math as _m
from ..ops import nn as _nn
from ..ops import reduce as _r
from ..ops import scan as _scan
from ..ops import shape as _s
from . import activations as _act
from . import backend as _kb
from . import losses as _losses

__all__ = [
    # numpy-style math
    "add", "subtract", "multiply", "divide", "true_divide", "power", "negative", "abs",
    "absolute", "square", "sqrt", "exp", "log", "log1p", "expm1", "sign", "floor", "ceil",
    "round", "clip", "maximum", "minimum", "mean", "sum", "max", "min", "prod", "std", "var",
    "argmax", "argmin", "cumsum", "any", "all", "matmul", "dot", "tensordot", "einsum",
    "where", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_not", "isnan", "isinf", "isfinite",
    # shapes and arrays
    "reshape", "transpose", "expand_dims", "squeeze", "concatenate", "stack", "split", "tile",
    "repeat", "flip", "take", "take_along_axis", "slice", "pad", "broadcast_to", "shape",
    "ndim", "size", "cast", "convert_to_tensor", "convert_to_numpy", "stop_gradient", "zeros",
    "ones", "zeros_like", "ones_like", "full", "full_like", "eye", "arange", "linspace",
    "one_hot", "is_tensor", "dtype",
    # nn
    "relu", "relu6", "sigmoid", "tanh", "softmax", "log_softmax", "softplus", "softsign",
    "elu", "selu", "gelu", "silu", "swish", "leaky_relu", "hard_sigmoid", "logsumexp",
    "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
    "moments",
]

_py_max, _py_min = builtins.max, builtins.min  # ``max``/``min`` here are the Keras ops


# -- conversion and Keras's type promotion ----------------------------------------------------
def _is_tensor(x):
    return isinstance(x, _g.Tensor) or hasattr(x, "_as_tensor")


def _is_weak(x):
    """A Python scalar (not a NumPy scalar): it takes the other operand's type when it can."""
    return isinstance(x, (bool, int, float)) and not isinstance(x, np.generic)


def _tensor(x, dtype=None):
    """``x`` as a tensor (cast to ``dtype`` if given)."""
    if _is_tensor(x):
        t = _cr.convert_to_tensor(x)
        if dtype is not None and t.dtype.name != _kb.standardize_dtype(dtype):
            t = _m.cast(t, _kb.standardize_dtype(dtype))
        return t
    if isinstance(x, (list, tuple)) and builtins.any(_is_tensor(v) for v in _flat(x)):
        return _tensor(_cr.convert_to_tensor(x), dtype)  # a list holding tensors: stacked
    if dtype is not None:
        return _cr.constant(np.asarray(x, dtype=_kb.standardize_dtype(dtype)))
    return _cr.convert_to_tensor(x)


def _flat(x):
    for v in x:
        if isinstance(v, (list, tuple)):
            yield from _flat(v)
        else:
            yield v


def _name(t):
    return t.dtype.name


def _kind(name):
    if name == "bool":
        return "b"
    return np.dtype(name).kind


def _promote2(a, b):
    """Keras's (JAX-style) promotion of two dtype names."""
    if a == b:
        return a
    ka, kb = _kind(a), _kind(b)
    if ka == "b":
        return b
    if kb == "b":
        return a
    sa, sb = np.dtype(a).itemsize, np.dtype(b).itemsize
    if ka == "f" or kb == "f":
        if ka != "f":
            return b
        if kb != "f":
            return a
        return a if sa >= sb else b
    if ka == kb:  # both signed or both unsigned
        return a if sa >= sb else b
    signed, ssize, usize = (a, sa, sb) if ka == "i" else (b, sb, sa)
    if ssize > usize:
        return signed
    return f"int{_py_min(8 * usize * 2, 64)}"


def _result_type(*values):
    """The dtype name Keras gives an op on ``values`` (tensors, arrays, Python scalars)."""
    strong, weak = [], []
    for v in values:
        if v is None:
            continue
        if _is_weak(v):
            weak.append(v)
        elif isinstance(v, type) and v in (bool, int, float):
            weak.append(v(0))
        elif isinstance(v, (str, _dt.DType, np.dtype, type)):
            strong.append(_kb.standardize_dtype(v))
        elif _is_tensor(v):
            strong.append(_name(_cr.convert_to_tensor(v)))
        elif isinstance(v, (np.ndarray, np.generic)) and v.dtype.kind in "biuf":
            strong.append(v.dtype.name)
        else:
            strong.append(_name(_tensor(v)))
    if strong:
        out = strong[0]
        for d in strong[1:]:
            out = _promote2(out, d)
        if builtins.any(isinstance(w, float) for w in weak) and _kind(out) in "biu":
            out = _kb.floatx()
        elif out == "bool" and builtins.any(not isinstance(w, bool) for w in weak):
            out = "int32"
        return out
    if builtins.any(isinstance(w, float) for w in weak):
        return _kb.floatx()
    if builtins.any(not isinstance(w, bool) for w in weak):
        return "int32"
    return "bool" if weak else _kb.floatx()


def _promoted(*values):
    dt = _result_type(*values)
    return [_tensor(v, dt) for v in values]


def _float_name(name):
    """``name`` if a float type, else ``floatx()`` (Keras: ints become floats)."""
    return name if _kind(name) == "f" else _kb.floatx()


def _as_float(x):
    t = _tensor(x)
    return _tensor(t, _float_name(_name(t)))


def _axes(axis):
    if axis is None:
        return None
    if isinstance(axis, (list, tuple)):
        return [int(a) for a in axis]
    return int(axis)


# -- numpy-style arithmetic -------------------------------------------------------------------
def add(x1, x2):
    """``x1 + x2`` elementwise, with broadcasting and Keras's type promotion."""
    return _m.add(*_promoted(x1, x2))


def subtract(x1, x2):
    return _m.subtract(*_promoted(x1, x2))


def multiply(x1, x2):
    return _m.multiply(*_promoted(x1, x2))


def divide(x1, x2):
    """``x1 / x2``; integer (and bool) operands give ``floatx()``."""
    dt = _float_name(_result_type(x1, x2, float))
    return _m.realdiv(_tensor(x1, dt), _tensor(x2, dt))


def true_divide(x1, x2):
    """The same as :func:`divide`."""
    return divide(x1, x2)


def power(x1, x2):
    """``x1 ** x2`` elementwise."""
    return _m.pow(*_promoted(x1, x2))


def negative(x):
    return _m.negative(_tensor(x))


def abs(x):  # noqa: A001 - Keras's name
    """Absolute value (bool stays bool)."""
    x = _tensor(x)
    return x if _name(x) == "bool" or _kind(_name(x)) == "u" else _m.abs(x)


absolute = abs


def square(x):
    """``x * x`` (bool becomes int32)."""
    x = _tensor(x)
    if _name(x) == "bool":
        x = _m.cast(x, "int32")
    return _m.square(x)


def _float_unary(fn):
    def op(x):
        return fn(_as_float(x))
    return op


sqrt = _float_unary(_m.sqrt)
exp = _float_unary(_m.exp)
log = _float_unary(_m.log)
log1p = _float_unary(_m.log1p)
expm1 = _float_unary(_m.expm1)
floor = _float_unary(_m.floor)
ceil = _float_unary(_m.ceil)
for _f, _n, _d in ((sqrt, "sqrt", "Square root"), (exp, "exp", "``e ** x``"),
                   (log, "log", "Natural logarithm"), (log1p, "log1p", "``log(1 + x)``"),
                   (expm1, "expm1", "``exp(x) - 1``"), (floor, "floor", "Round down"),
                   (ceil, "ceil", "Round up")):
    _f.__name__ = _f.__qualname__ = _n
    _f.__doc__ = f"{_d}, elementwise; integer input gives ``floatx()``."


def sign(x):
    """-1, 0 or 1 by the sign of each element (same dtype)."""
    x = _tensor(x)
    if _kind(_name(x)) in "bu":
        return _m.cast(_m.not_equal(x, _tensor(0, _name(x))), _name(x))
    return _m.sign(x)


def round(x, decimals=0):  # noqa: A001 - Keras's name
    """Round half to even, to ``decimals`` decimal places (integers stay integers)."""
    x = _tensor(x)
    dt = _name(x)
    if _kind(dt) in "iub":
        if decimals >= 0:
            return x
        factor = 10.0 ** (-decimals)
        xf = _m.cast(x, _kb.floatx())
        scaled = _m.multiply(_m.round(_m.divide(xf, _tensor(factor, _name(xf)))),
                             _tensor(factor, _name(xf)))
        return _m.cast(scaled, dt)
    if decimals == 0:
        return _m.round(x)
    factor = _tensor(10.0 ** decimals, dt)
    return _m.divide(_m.round(_m.multiply(x, factor)), factor)


def clip(x, x_min, x_max):
    """``x`` limited to ``[x_min, x_max]`` (bool input becomes int32)."""
    x = _tensor(x)
    if _name(x) == "bool":
        x = _m.cast(x, "int32")
    lo = _tensor(x_min, _name(x))
    hi = _tensor(x_max, _name(x))
    return _m.minimum(_m.maximum(x, lo), hi)


def maximum(x1, x2):
    return _m.maximum(*_promoted(x1, x2))


def minimum(x1, x2):
    return _m.minimum(*_promoted(x1, x2))


# -- reductions -------------------------------------------------------------------------------
def _sum_dtype(name):
    if name == "bool":
        return "int32"
    if name in ("int8", "int16"):
        return "int32"
    if name in ("uint8", "uint16"):
        return "uint32"
    return name


def mean(x, axis=None, keepdims=False):
    """The mean over ``axis`` (None: all); integer input gives ``floatx()``."""
    return _r.reduce_mean(_as_float(x), axis=_axes(axis), keepdims=bool(keepdims))


def sum(x, axis=None, keepdims=False):  # noqa: A001 - Keras's name
    """The sum over ``axis`` (None: all); bool and small ints are summed as int32."""
    x = _tensor(x)
    x = _tensor(x, _sum_dtype(_name(x)))
    return _r.reduce_sum(x, axis=_axes(axis), keepdims=bool(keepdims))


def prod(x, axis=None, keepdims=False, dtype=None):
    """The product over ``axis`` (None: all)."""
    x = _tensor(x)
    x = _tensor(x, dtype if dtype is not None else _sum_dtype(_name(x)))
    return _r.reduce_prod(x, axis=_axes(axis), keepdims=bool(keepdims))


def _extreme(reduce_fn, pick, x, axis, keepdims, initial):
    x = _tensor(x)
    out = reduce_fn(x, axis=_axes(axis), keepdims=bool(keepdims))
    if initial is not None:
        out = pick(out, _tensor(initial, _name(out)))
    return out


def max(x, axis=None, keepdims=False, initial=None):  # noqa: A001 - Keras's name
    """The maximum over ``axis`` (None: all), at least ``initial`` if given."""
    return _extreme(_r.reduce_max, _m.maximum, x, axis, keepdims, initial)


def min(x, axis=None, keepdims=False, initial=None):  # noqa: A001 - Keras's name
    """The minimum over ``axis`` (None: all), at most ``initial`` if given."""
    return _extreme(_r.reduce_min, _m.minimum, x, axis, keepdims, initial)


def var(x, axis=None, keepdims=False):
    """The (biased) variance over ``axis``; integer input gives ``floatx()``."""
    x = _as_float(x)
    axis = _axes(axis)
    centered = _m.subtract(x, _r.reduce_mean(x, axis=axis, keepdims=True))
    return _r.reduce_mean(_m.square(centered), axis=axis, keepdims=bool(keepdims))


def std(x, axis=None, keepdims=False):
    """The (biased) standard deviation over ``axis``."""
    return _m.sqrt(var(x, axis=axis, keepdims=keepdims))


def _arg(fn, x, axis, keepdims):
    x = _tensor(x)
    rank = x.shape.ndims
    if axis is None:
        out = fn(_s.reshape(x, [-1]), axis=0, output_type="int32")
        if keepdims:
            out = _s.reshape(out, [1] * (rank or 0))
        return out
    out = fn(x, axis=int(axis), output_type="int32")
    return _s.expand_dims(out, int(axis)) if keepdims else out


def argmax(x, axis=None, keepdims=False):
    """The index of the largest value (of the flattened ``x`` when ``axis`` is None), int32."""
    return _arg(_r.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    """The index of the smallest value (of the flattened ``x`` when ``axis`` is None), int32."""
    return _arg(_r.argmin, x, axis, keepdims)


def cumsum(x, axis=None, dtype=None):
    """The running sum along ``axis`` (of the flattened ``x`` when None); bool → int32."""
    x = _tensor(x)
    if dtype is not None:
        x = _tensor(x, dtype)
    elif _name(x) == "bool":
        x = _m.cast(x, "int32")
    if axis is None:
        x, axis = _s.reshape(x, [-1]), 0
    return _scan.cumsum(x, axis=int(axis))


def _bool(x):
    return _tensor(x, "bool")


def any(x, axis=None, keepdims=False):  # noqa: A001 - Keras's name
    """Whether any element (over ``axis``) is true (non-zero)."""
    return _r.reduce_any(_bool(x), axis=_axes(axis), keepdims=bool(keepdims))


def all(x, axis=None, keepdims=False):  # noqa: A001 - Keras's name
    """Whether all elements (over ``axis``) are true (non-zero)."""
    return _r.reduce_all(_bool(x), axis=_axes(axis), keepdims=bool(keepdims))


# -- products ---------------------------------------------------------------------------------
def _product_operands(*values):
    dt = _result_type(*values)
    if dt in ("bool", "int8", "int16", "uint8", "uint16"):
        dt = "int32"
    return [_tensor(v, dt) for v in values]


def matmul(x1, x2):
    """The matrix product, as ``np.matmul``: batched over leading dims, 1-D operands are
    vectors."""
    x1, x2 = _product_operands(x1, x2)
    r1, r2 = x1.shape.ndims, x2.shape.ndims
    if r1 == 1:
        x1 = _s.expand_dims(x1, 0)
    if r2 == 1:
        x2 = _s.expand_dims(x2, -1)
    if r1 is not None and r2 is not None and r1 != r2 and _py_min(r1, r2) >= 2:
        out_batch = _broadcast_dims(x1.shape.as_tuple()[:-2], x2.shape.as_tuple()[:-2])
        if out_batch is not None:
            x1 = _s.broadcast_to(x1, list(out_batch) + list(x1.shape.as_tuple()[-2:]))
            x2 = _s.broadcast_to(x2, list(out_batch) + list(x2.shape.as_tuple()[-2:]))
    out = _m.matmul(x1, x2)
    if r1 == 1:
        out = _s.squeeze(out, [-2])
    if r2 == 1:
        out = _s.squeeze(out, [-1])
    return out


def _broadcast_dims(a, b):
    if None in a or None in b:
        return None
    try:
        return tuple(np.broadcast_shapes(tuple(a), tuple(b)))
    except ValueError:
        return None


def dot(x1, x2):
    """``np.dot``: a scalar operand multiplies; vectors give their inner product; otherwise
    a sum over the last axis of ``x1`` and the second-to-last of ``x2``."""
    x1, x2 = _product_operands(x1, x2)
    r1, r2 = x1.shape.ndims, x2.shape.ndims
    if r1 == 0 or r2 == 0:
        return _m.multiply(x1, x2)
    if r1 <= 2 and r2 <= 2:
        return matmul(x1, x2)
    return _ix.tensordot(x1, x2, [[r1 - 1], [_py_max(r2 - 2, 0)]])


def tensordot(x1, x2, axes=2):
    """The sum of products over ``axes`` (an int: the last ``axes`` of ``x1`` with the first
    of ``x2``; or two lists of axes)."""
    x1, x2 = _product_operands(x1, x2)
    return _ix.tensordot(x1, x2, axes)


def einsum(subscripts, *operands, **kwargs):
    """Einstein summation, as ``np.einsum`` (``einsum("ij,jk->ik", a, b)``)."""
    ops = _product_operands(*operands)
    return _ix.einsum(subscripts, *ops)


# -- selection, comparisons, logic ----------------------------------------------------------
def where(condition, x1=None, x2=None):
    """``x1`` where ``condition`` holds, else ``x2`` (broadcasting); with only
    ``condition``, a list of int32 index vectors of its true elements, one per dimension."""
    cond = _bool(condition)
    if x1 is None and x2 is None:
        coords = _m.cast(_m.where(cond), "int32")
        rank = cond.shape.ndims
        return [coords[:, i] for i in range(rank)]
    if x1 is None or x2 is None:
        raise ValueError("`x1` and `x2` either both should be `None` or both should have "
                         "non-None value.")
    x1, x2 = _promoted(x1, x2)
    return _m.where(cond, x1, x2)


def _compare(fn):
    def op(x1, x2):
        return fn(*_promoted(x1, x2))
    return op


equal = _compare(_m.equal)
not_equal = _compare(_m.not_equal)
less = _compare(_m.less)
less_equal = _compare(_m.less_equal)
greater = _compare(_m.greater)
greater_equal = _compare(_m.greater_equal)
for _f, _n, _d in ((equal, "equal", "=="), (not_equal, "not_equal", "!="), (less, "less", "<"),
                   (less_equal, "less_equal", "<="), (greater, "greater", ">"),
                   (greater_equal, "greater_equal", ">=")):
    _f.__name__ = _f.__qualname__ = _n
    _f.__doc__ = f"``x1 {_d} x2`` elementwise, with broadcasting (bool result)."


def logical_and(x1, x2):
    return _m.logical_and(_bool(x1), _bool(x2))


def logical_or(x1, x2):
    return _m.logical_or(_bool(x1), _bool(x2))


def logical_not(x):
    return _m.logical_not(_bool(x))


def _float_test(fn, int_value):
    def op(x):
        x = _tensor(x)
        if _kind(_name(x)) != "f":
            return _cr.fill(_s.shape(x), int_value) if x.shape.ndims != 0 else \
                _cr.constant(int_value)
        return fn(x)
    return op


isnan = _float_test(_m.is_nan, False)
isinf = _float_test(_m.is_inf, False)
isfinite = _float_test(_m.is_finite, True)
isnan.__name__, isinf.__name__, isfinite.__name__ = "isnan", "isinf", "isfinite"


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


# -- nn -----------------------------------------------------------------------------------------
def relu(x):
    """``max(x, 0)``."""
    x = _tensor(x)
    if _kind(_name(x)) != "f":
        return _m.maximum(x, _tensor(0, _name(x)))
    return _act.relu(x)


def relu6(x):
    """``min(max(x, 0), 6)``."""
    x = _tensor(x)
    if _kind(_name(x)) != "f":
        return _m.minimum(_m.maximum(x, _tensor(0, _name(x))), _tensor(6, _name(x)))
    return _act.relu6(x)


def _float_act(fn, name, doc):
    def op(x):
        return fn(_as_float(x))
    op.__name__ = op.__qualname__ = name
    op.__doc__ = doc
    return op


sigmoid = _float_act(_act.sigmoid, "sigmoid", "``1 / (1 + exp(-x))``.")
tanh = _float_act(_act.tanh, "tanh", "Hyperbolic tangent.")
softplus = _float_act(_act.softplus, "softplus", "``log(exp(x) + 1)``.")
softsign = _float_act(_act.softsign, "softsign", "``x / (abs(x) + 1)``.")
selu = _float_act(_act.selu, "selu", "Scaled exponential linear unit.")
silu = _float_act(_act.silu, "silu", "``x * sigmoid(x)``.")
hard_sigmoid = _float_act(_act.hard_sigmoid, "hard_sigmoid", "``relu6(x + 3) / 6``.")


def swish(x):
    """``x * sigmoid(x)`` (the same as :func:`silu`)."""
    return silu(x)


def softmax(x, axis=-1):
    """``exp(x) / sum(exp(x))`` along ``axis`` (default the last)."""
    x = _as_float(x)
    if axis is None:
        flat = _act.softmax(_s.reshape(x, [-1]), axis=0)
        return _s.reshape(flat, _s.shape(x))
    return _act.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    """``log(softmax(x))`` along ``axis``, computed stably."""
    x = _as_float(x)
    if axis is None:
        flat = _act.log_softmax(_s.reshape(x, [-1]), axis=0)
        return _s.reshape(flat, _s.shape(x))
    return _act.log_softmax(x, axis=axis)


def elu(x, alpha=1.0):
    """``x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``."""
    return _act.elu(_as_float(x), alpha=alpha)


def gelu(x, approximate=True):
    """Gaussian error linear unit; by default (unlike ``keras.activations.gelu``) the tanh
    approximation."""
    x = _as_float(x)
    if approximate:
        return _act.gelu(x, approximate=True)
    half = _tensor(0.5, _name(x))
    cdf = _m.multiply(half, _m.add(_tensor(1.0, _name(x)),
                                   _m.erf(_m.multiply(x, _tensor(1.0 / _pymath.sqrt(2.0),
                                                                 _name(x))))))
    return _m.multiply(x, cdf)


def leaky_relu(x, negative_slope=0.2):
    """``x`` for positive values, ``negative_slope * x`` otherwise."""
    return _act.leaky_relu(_as_float(x), negative_slope=negative_slope)


def logsumexp(x, axis=None, keepdims=False):
    """``log(sum(exp(x)))`` over ``axis`` (None: all), computed stably."""
    return _r.reduce_logsumexp(_as_float(x), axis=_axes(axis), keepdims=bool(keepdims))


def _check_same_shape(target, output):
    ts, os_ = target.shape.as_tuple(), output.shape.as_tuple()
    if ts is None or os_ is None:
        return
    if len(ts) != len(os_) or builtins.any(a is not None and b is not None and a != b
                                           for a, b in zip(ts, os_)):
        raise ValueError(f"Arguments `target` and `output` must have the same shape. "
                         f"Received: target.shape={ts}, output.shape={os_}")


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """``-sum(target * log(output), axis)`` per sample, ``output`` normalized to sum to 1
    (and clipped to [epsilon, 1 - epsilon]); with ``from_logits``, ``output`` are logits."""
    output = _as_float(output)
    target = _tensor(target, _name(output))
    _check_same_shape(target, output)
    return _losses.categorical_crossentropy(target, output, from_logits=from_logits,
                                            axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """``-log(output[target])`` per sample for integer class indices ``target``."""
    output = _as_float(output)
    return _losses.sparse_categorical_crossentropy(target, output, from_logits=from_logits,
                                                   axis=axis)


def binary_crossentropy(target, output, from_logits=False):
    """The elementwise ``-(target * log(output) + (1 - target) * log(1 - output))`` (output
    clipped to [epsilon, 1 - epsilon]); with ``from_logits`` the stable logistic loss."""
    output = _as_float(output)
    target = _tensor(target, _name(output))
    _check_same_shape(target, output)
    if not from_logits:
        logits = _losses._logits_under(output, "Sigmoid")
        if logits is not None:
            output, from_logits = logits, True
    if from_logits:
        return _nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    eps = _kb.epsilon()
    p = _m.clip_by_value(output, eps, 1.0 - eps)
    one = _tensor(1.0, _name(p))
    return _m.negative(_m.add(_m.multiply(target, _m.log(p)),
                              _m.multiply(_m.subtract(one, target),
                                          _m.log(_m.subtract(one, p)))))


def moments(x, axes, keepdims=False, synchronized=False):
    """``(mean, variance)`` of ``x`` over ``axes``, the variance as ``E[x²] - E[x]²`` (as
    Keras computes it); float16 input is reduced in float32."""
    x = _tensor(x)
    dt = _name(x)
    if dt == "float16":
        x = _m.cast(x, "float32")
    axes = _axes(axes)
    m = _r.reduce_mean(x, axis=axes, keepdims=bool(keepdims))
    v = _m.subtract(_r.reduce_mean(_m.square(x), axis=axes, keepdims=bool(keepdims)),
                    _m.square(_m.stop_gradient(m)))
    if dt == "float16":
        m, v = _m.cast(m, dt), _m.cast(v, dt)
    return m, v
