"""``keras.ops``: NumPy-style arithmetic, reductions, products, comparisons and logic (see
the package's docstring)."""

import numpy as np

from ...ops import creation as _cr
from ...ops import indexing as _ix
from ...ops import math as _m
from ...ops import reduce as _r
from ...ops import scan as _scan
from ...ops import shape as _s
from .. import backend as _kb
from ._core import (_as_float, _axes, _float_name, _kind, _name, _promoted, _py_max, _py_min,
                    _result_type, _tensor)


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
