"""Constants and tensor creation: ``constant``, ``convert_to_tensor``, ``zeros``, ``fill`` …"""

import numbers

import numpy as np

from ..errors import InvalidArgumentError

from .. import dtypes as _dt
from .. import graph as _g
from .registry import Op, Spec, register

__all__ = [
    "constant", "convert_to_tensor", "zeros", "ones", "fill", "zeros_like", "ones_like",
    "range", "linspace", "lin_space",
]

_builtin_range = range


def _as_dtype(dtype):
    return None if dtype is None else _dt.as_dtype(dtype)


def _as_bytes(arr):
    """A NumPy str/bytes array as TF's string values: an object array of ``bytes``
    (``tf.constant("ab").numpy()`` is ``b'ab'``), str encoded as UTF-8."""
    out = np.empty(arr.shape, dtype=object)
    for i, v in np.ndenumerate(arr):
        out[i] = v if isinstance(v, bytes) else str(v).encode("utf-8")
    return out


def _holds_float64(value):
    """Whether a (nested) list holds NumPy float64 scalars (TF keeps their dtype)."""
    if isinstance(value, np.float64):
        return True
    return isinstance(value, (list, tuple)) and any(_holds_float64(v) for v in value)


def _np_value(value, dtype=None, hint=None):
    """Python/NumPy value → ndarray with TensorFlow's dtype rules.

    Python floats become float32 and ints int32 (int64 when they do not fit); NumPy values
    keep their dtype. With ``dtype`` the value is converted; Python floats never convert to
    integers (TF's rule), NumPy float arrays are cast.
    """
    if dtype is not None:
        arr = np.asarray(value)
        target = dtype.as_numpy_dtype
        if arr.dtype.kind in "fc" and np.dtype(target).kind in "iub":
            if isinstance(value, (np.ndarray, np.generic)) or arr.size == 0:
                # an empty list holds no float (tf.constant([], tf.int32) is an empty int32)
                return arr.astype(target)  # TF casts NumPy arrays (make_tensor_proto)
            # Python floats never become integers, whole or not (TF's _FilterInt)
            raise TypeError(f"Expected {dtype.name}, got {value!r} of type "
                            f"'{type(value).__name__}' instead.")
        if arr.dtype.kind in "US" and dtype != _dt.string:
            raise TypeError(f"Expected {dtype.name}, got {value!r} of type "
                            f"'{type(value).__name__}' instead.")
        if dtype == _dt.string:
            return _as_bytes(arr)
        if np.dtype(target).kind in "iu" and arr.dtype.kind in "iu" and arr.size:
            info = np.iinfo(target)
            if arr.min() < info.min or arr.max() > info.max:
                raise ValueError(f"Value {value!r} is out of range for {dtype.name}.")
        return np.array(arr, dtype=target)
    if isinstance(value, (np.ndarray, np.generic)):
        arr = np.array(value)
        if arr.dtype.kind in "US":
            arr = _as_bytes(arr)
        return arr
    try:
        arr = np.array(value)
    except ValueError as e:
        raise ValueError(f"Can't convert non-rectangular Python sequence to Tensor: "
                         f"{value!r}") from e
    if arr.dtype == object:
        raise TypeError(f"Failed to convert object of type {type(value).__name__} to Tensor. "
                        f"Contents: {value!r}. Consider casting elements to a supported type.")
    if arr.dtype.kind in "US":
        return _as_bytes(arr)
    if hint is not None and hint.is_numeric and arr.size == 0:
        return arr.astype(hint.as_numpy_dtype)  # an empty list takes the hinted type (TF)
    if hint is not None and hint.is_numeric and arr.dtype.kind in "iub" \
            and not (arr.dtype.kind == "b" and not hint.is_bool):
        if hint.is_floating or hint.is_integer:
            try:
                return _np_value(value, hint)
            except (TypeError, ValueError):
                pass
    if hint is not None and hint.is_floating and arr.dtype.kind == "f":
        return arr.astype(hint.as_numpy_dtype)
    if arr.dtype == np.float64 and not _holds_float64(value):
        return arr.astype(np.float32)  # Python floats: float32 (NumPy float64s stay)
    if arr.dtype.kind == "i" and arr.dtype != np.int32:
        if arr.size == 0 or (arr.min() >= -2**31 and arr.max() < 2**31):
            return arr.astype(np.int32)
        return arr.astype(np.int64)
    return arr


@register
class Const(Op):
    """A value fixed when the graph is built."""

    def __init__(self, value, dtype):
        self.value = value
        self.dtype = dtype

    def infer(self):
        return Spec(self.value.shape, self.dtype, self.value)

    def forward(self, xp):
        return self.value if xp is np else xp.asarray(self.value)

    def make_kernel(self, ctx, node):
        value = ctx.xp.asarray(self.value) if ctx.xp is not np else self.value
        return lambda: value

    def static_value(self, operation, index):
        return self.value

    differentiable = False


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    """A constant tensor.

    Args:
        value: a Python scalar, nested list or NumPy array.
        dtype: element type; inferred (float → float32, int → int32) when omitted.
        shape: optional shape; a scalar ``value`` is broadcast to it, a value with as many
            elements is reshaped to it, a shorter list is padded with its last value (TF 1).
        verify_shape: require ``value``'s own shape to be ``shape`` (TypeError otherwise).
        name: op name (default ``"Const"``).

    Example:
        >>> tf.constant([[1., 2.]]).shape.as_list()
        [1, 2]
    """
    dtype = _as_dtype(dtype)
    arr = _np_value(value, dtype)
    if shape is not None:
        shape = tuple(int(d) for d in (shape if isinstance(shape, (list, tuple)) else
                                       _g.TensorShape(shape).as_list()))
        size = int(np.prod(shape))
        if verify_shape and arr.shape != shape:
            raise TypeError(f"Expected Tensor's shape: {shape}, got {arr.shape}.")
        if arr.size == 1:
            arr = np.broadcast_to(arr.reshape(()), shape).copy()
        elif arr.size == size:
            arr = arr.reshape(shape)
        elif arr.size > size:
            raise ValueError(f"Too many elements provided. Needed at most {size}, but "
                             f"received {arr.size}")
        elif arr.size == 0:
            raise ValueError(f"tf.constant of shape {shape} needs at least one value; got "
                             "an empty list")
        else:  # TF 1: the last value fills the remaining entries
            flat = arr.ravel()
            arr = np.concatenate([flat, np.repeat(flat[-1:], size - flat.size)]).reshape(
                shape)
    arr.setflags(write=False)
    return Const(arr, dtype or _dt.as_dtype(arr.dtype)).bind(name=name)


def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None, dtype_hint=None):
    """Converts Tensors, Variables, NumPy arrays, lists and scalars to a Tensor.

    Raises:
        TypeError: when ``value`` is a Tensor of another dtype than ``dtype``, or cannot be
            represented in ``dtype`` without loss.
    """
    dtype = _as_dtype(dtype)
    hint = _as_dtype(dtype_hint or preferred_dtype)
    if isinstance(value, _g.Tensor):
        if dtype is not None and value.dtype != dtype:
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with "
                             f"dtype {value.dtype.name}: {value!r}")
        return value
    to_tensor = getattr(value, "_as_tensor", None)
    if to_tensor is not None:
        return convert_to_tensor(to_tensor(), dtype=dtype, name=name)
    if isinstance(value, _g.Operation):
        raise TypeError(f"Can't convert Operation '{value.name}' to Tensor (target dtype="
                        f"{dtype}, name={name!r}, as_ref=False)")
    if isinstance(value, (list, tuple)) and any(_contains_tensor(v) for v in value):
        from .shape import stack
        return stack([convert_to_tensor(v, dtype=dtype, dtype_hint=hint) for v in value],
                     name=name or "packed")
    if isinstance(value, _g.TensorShape):
        value = value.as_list()
    arr = _np_value(value, dtype, hint)
    arr.setflags(write=False)
    if _mode["eager"] and not _g._state.stack:  # what a Const gives eagerly (no tape
        return _wrap(arr, dtype or _dt.as_dtype(arr.dtype))  # records an op of no inputs)
    return Const(arr, dtype or _dt.as_dtype(arr.dtype)).bind(name=name or "Const")


def is_tensor(x):
    """Whether ``x`` is a Tensor or a Variable (``tf.is_tensor``), not a value to convert."""
    return isinstance(x, _g.Tensor) or hasattr(x, "_as_tensor")


def get_static_value(tensor, partial=False):
    """The value of ``tensor`` as a NumPy array if it is known when the graph is built (a
    constant, the shape of a fully known shape, and what TF computes from those), else None;
    ``tf.get_static_value``. A value that is not a tensor is returned as it is."""
    if not is_tensor(tensor):
        return tensor
    t = convert_to_tensor(tensor)
    from .registry import constant_value
    value = constant_value(t)
    return None if value is None else np.array(value)


def _contains_tensor(v):
    if isinstance(v, _g.Tensor) or hasattr(v, "_as_tensor"):
        return True
    if isinstance(v, (list, tuple)):
        return any(_contains_tensor(x) for x in v)
    return False


def _shape_arg(shape, name="shape"):
    """A shape given as list/tuple/TensorShape/Tensor → an int32 (or int64) Tensor."""
    if isinstance(shape, _g.TensorShape):
        shape = shape.as_list()
    if isinstance(shape, numbers.Integral):
        shape = [shape]
    t = convert_to_tensor(shape, dtype_hint=_dt.int32, name=name)
    if not t.dtype.is_integer:
        raise TypeError(f"A shape must be a list of ints or an integer tensor, got {shape!r}")
    return t


@register
class Fill(Op):
    """A tensor of shape ``dims`` filled with the scalar ``value``."""

    host_inputs = (0,)  # read as numbers: kept on the host (compiler/placement.py)
    fresh_output = True

    def infer(self, dims, value):
        if value.shape is not None and len(value.shape) != 0:
            raise ValueError(f"value must be a scalar, but got shape {value.shape}")
        if dims.value is not None:
            return Spec(tuple(int(d) for d in dims.value), value.dtype)
        n = dims.shape[0] if dims.shape else None
        return Spec(None if n is None else (None,) * n, value.dtype)

    def forward(self, xp, dims, value):
        return xp.full(tuple(int(d) for d in dims), value, dtype=value.dtype)

    def gradient(self, g, y, dims, value):
        from .reduce import reduce_sum
        return None, reduce_sum(g)


def fill(dims, value, name=None):
    """A tensor of shape ``dims`` whose every element is ``value``."""
    return Fill().bind(_shape_arg(dims), convert_to_tensor(value), name=name or "Fill")


def zeros(shape, dtype=_dt.float32, name=None):
    """A tensor of zeros. Example: ``tf.zeros([2, 3])``."""
    dtype = _dt.as_dtype(dtype)
    zero = constant(b"", dtype=dtype) if dtype == _dt.string else constant(0, dtype=dtype)
    return fill(shape, zero, name=name or "zeros")


def ones(shape, dtype=_dt.float32, name=None):
    """A tensor of ones. Example: ``tf.ones([2, 3], tf.int32)``."""
    dtype = _dt.as_dtype(dtype)
    return fill(shape, constant(1, dtype=dtype), name=name or "ones")


# ``zeros_like``/``ones_like`` of a tensor whose static shape is fully known are constants
# when a plan is built (compiler/fold.py), as Grappler materializes them (at graph build time
# they are not: ``tf.get_static_value`` gives None, as in TF). The gradient of a mean then
# folds to one constant instead of running OnesLike, Reshape, BroadcastTo and RealDiv at
# every step. Up to this many elements (a larger one would sit in the plan for good).
_FOLD_LIKE_MAX = 1 << 20


def _filled_like(operation, value):
    t = operation.outputs[0]
    dims = t.shape.as_tuple()
    if dims is None or None in dims or int(np.prod(dims)) > _FOLD_LIKE_MAX:
        return None
    dtype = t.dtype.as_numpy_dtype
    if np.dtype(dtype).kind not in "biufc":
        return None
    return np.full(dims, value, dtype=dtype)


@register
class ZerosLike(Op):
    """Zeros with the shape and dtype of ``x``."""

    fresh_output = True
    differentiable = False

    def infer(self, x):
        return Spec(x.shape, x.dtype)

    def forward(self, xp, x):
        return xp.zeros_like(x)

    def fold_value(self, operation, index):  # compiler/fold.py only: not a build-time value
        return _filled_like(operation, 0)


@register
class OnesLike(Op):
    """Ones with the shape and dtype of ``x``."""

    fresh_output = True
    differentiable = False

    def infer(self, x):
        return Spec(x.shape, x.dtype)

    def forward(self, xp, x):
        return xp.ones_like(x)

    def fold_value(self, operation, index):  # compiler/fold.py only: not a build-time value
        return _filled_like(operation, 1)


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    """Zeros shaped like ``tensor`` (optionally of another ``dtype``)."""
    t = convert_to_tensor(tensor)
    out = ZerosLike().bind(t, name=name or "zeros_like")
    if dtype is not None and _dt.as_dtype(dtype) != t.dtype:
        from .math import cast
        out = cast(out, dtype)
    return out


def ones_like(tensor, dtype=None, name=None, optimize=True):
    """Ones shaped like ``tensor`` (optionally of another ``dtype``)."""
    t = convert_to_tensor(tensor)
    out = OnesLike().bind(t, name=name or "ones_like")
    if dtype is not None and _dt.as_dtype(dtype) != t.dtype:
        from .math import cast
        out = cast(out, dtype)
    return out


def _range_size(start, limit, delta, error=ValueError):
    """TF's rule: the direction must match ``delta``'s sign; the size is
    ``ceil(|(limit - start) / delta|)`` computed in the range's own dtype."""
    start, limit, delta = (np.asarray(v) for v in (start, limit, delta))
    if delta == 0:
        raise _err(error, "Requires delta != 0")
    if delta > 0 and start > limit:
        raise _err(error, f"Requires start <= limit when delta > 0: {start}/{limit}")
    if delta < 0 and start < limit:
        raise _err(error, f"Requires start >= limit when delta < 0: {start}/{limit}")
    if start.dtype.kind in "iu":
        return int((abs(int(limit) - int(start)) + abs(int(delta)) - 1) // abs(int(delta)))
    return int(np.ceil(np.abs((limit - start) / delta)))


def _err(error, message):
    return error(None, None, message) if error is not ValueError else error(message)


@register
class Range(Op):
    """``[start, start + delta, …)`` below ``limit``."""

    fresh_output = True
    differentiable = False
    host_inputs = (0, 1, 2)  # scalars read as numbers (compiler/placement.py)

    def infer(self, start, limit, delta):
        vals = [s.value for s in (start, limit, delta)]
        if all(v is not None for v in vals):
            return Spec((_range_size(*(np.asarray(v, start.dtype.as_numpy_dtype)
                                       for v in vals)),), start.dtype)
        return Spec((None,), start.dtype)

    def forward(self, xp, start, limit, delta):
        n = _range_size(start, limit, delta, InvalidArgumentError)
        # start + i * delta in the range's dtype (host scalars: any backend takes them)
        return (xp.arange(n, dtype=start.dtype) * delta[()] + start[()]).astype(start.dtype)


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001
    """Like Python's ``range``, as a tensor: ``tf.range(5)`` → ``[0, 1, 2, 3, 4]``."""
    if limit is None:
        start, limit = 0, start
    dtype = _as_dtype(dtype)
    if dtype is None:
        kinds = []
        for v in (start, limit, delta):
            if isinstance(v, _g.Tensor):
                kinds.append(v.dtype)
            else:
                kinds.append(_dt.as_dtype(_np_value(v).dtype))
        order = [_dt.int32, _dt.int64, _dt.float16, _dt.float32, _dt.float64]
        dtype = max(kinds, key=lambda d: order.index(d) if d in order else 0)
    args = [convert_to_tensor(v, dtype=dtype) if not isinstance(v, _g.Tensor) else v
            for v in (start, limit, delta)]
    if any(a.dtype != dtype for a in args):
        from .math import cast
        args = [cast(a, dtype) for a in args]
    return Range().bind(*args, name=name)


@register
class LinSpace(Op):
    """``num`` evenly spaced values from ``start`` to ``stop`` inclusive; differentiable in
    ``start`` and ``stop`` (as TF 2's composite ``lin_space`` is)."""

    fresh_output = True
    host_inputs = (0, 1, 2)  # scalars read as numbers (compiler/placement.py)

    def gradient(self, g, y, start, stop, num):
        # out[i] = start + i / (num - 1) * (stop - start): d/dstop = t_i, d/dstart = 1 - t_i
        from .math import cast, maximum, multiply, realdiv, subtract
        from .reduce import reduce_sum
        n = cast(num, start.dtype)
        i = cast(range(0, num, 1), start.dtype)
        t = realdiv(i, maximum(subtract(n, constant(1, dtype=start.dtype)),
                               constant(1, dtype=start.dtype)))
        d_stop = reduce_sum(multiply(g, t))
        d_start = subtract(reduce_sum(g), d_stop)
        return d_start, d_stop, None

    def infer(self, start, stop, num):
        if num.value is not None:
            return Spec((int(num.value),), start.dtype)
        return Spec((None,), start.dtype)

    def forward(self, xp, start, stop, num):
        n = int(num)
        if n <= 1:
            return xp.full((max(n, 0),), start[()], dtype=start.dtype)
        # TF's kernel: start + i * step, in the output dtype
        step = ((stop - start) / start.dtype.type(n - 1)).astype(start.dtype)[()]
        return (xp.arange(n).astype(start.dtype) * step + start[()]).astype(start.dtype)


def linspace(start, stop, num, name="LinSpace", axis=0):
    """``num`` evenly spaced values in ``[start, stop]``: ``tf.linspace(0., 1., 5)``."""
    start = convert_to_tensor(start, dtype_hint=_dt.float32)
    if not start.dtype.is_floating:
        raise TypeError(f"linspace needs a floating start value, got {start.dtype.name}")
    stop = convert_to_tensor(stop, dtype=start.dtype)
    num = convert_to_tensor(num, dtype_hint=_dt.int32)
    return LinSpace().bind(start, stop, num, name=name)


lin_space = linspace


from ..context import _mode  # noqa: E402 - (executing eagerly: registry.bind's test)
from ..eager import _wrap  # noqa: E402
