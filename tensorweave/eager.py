"""Eager execution: ops run at once on arrays and return ``EagerTensor`` values.

An op applied in eager mode (``context.executing_eagerly()``) goes through the same ``Op``
object as in a graph: ``infer`` checks its inputs (with their values known), ``forward``
computes the result with the backend's array module, and a ``GradientTape`` that watches an
input records the application, so that the op's ``gradient`` rule (public ops, run eagerly
in turn) can be replayed backwards later.

Example:
    >>> import tensorweave as tw
    >>> x = tw.constant([1.0, 2.0])
    >>> (x * x + 1).numpy()
    array([2., 5.], dtype=float32)
"""

import contextlib
import itertools
import os

import numpy as np

from . import dtypes as _dt
from . import errors as _errors
from . import graph as _g
from . import tape as _tape
from .ops.registry import Spec

__all__ = ["EagerTensor", "execute", "eager_context"]

_CPU = "/job:localhost/replica:0/task:0/device:CPU:0"
FRESH_STREAM = 2**32  # op seeds from here on are used once: their streams are not kept


def _undefined(what):
    return AttributeError(f"Tensor.{what} is undefined when eager execution is enabled.")


class ElementwiseEquality:
    """TF 2's ``==`` and ``!=`` for eager values: elementwise (False / True when the shapes
    or dtypes cannot be compared), so they are unhashable: ``ref()`` gives a hashable key."""

    _unhashable = "Tensor is unhashable. Instead, use tensor.ref() as the key."

    def __eq__(self, other):
        from .ops.math import equal
        try:
            return equal(self, other)
        except (TypeError, ValueError, _errors.InvalidArgumentError):
            return False

    def __ne__(self, other):
        from .ops.math import not_equal
        try:
            return not_equal(self, other)
        except (TypeError, ValueError, _errors.InvalidArgumentError):
            return True

    def __hash__(self):
        raise TypeError(self._unhashable)

    def ref(self):
        """A hashable reference (``x.ref().deref() is x``)."""
        return _Ref(self)

    experimental_ref = ref


def _c_bases():
    """(tensorweave._eagerops.EagerBase,): the compiled operators (see _eagerops.c) when they
    were built and ``TENSORWEAVE_CEXT`` is not ``0``; else ()."""
    if os.environ.get("TENSORWEAVE_CEXT", "1").strip() == "0" or \
            int(np.__version__.split(".")[0]) < 2:  # (NumPy 1's error state is no
        return ()                                    # context variable: see _eagerops.c)
    try:
        from ._eagerops import EagerBase
    except ImportError:  # not built (no C compiler at install): the Python operators
        return ()
    return (EagerBase,)


_C_BASES = _c_bases()
COMPILED_OPERATORS = bool(_C_BASES)


class EagerTensor(*_C_BASES, ElementwiseEquality, _g.Tensor):
    """A tensor with a value: the result of an op run eagerly.

    Behaves like TF 2's ``EagerTensor``: ``numpy()``, ``np.asarray(t)``, ``float(t)``,
    ``bool(t)``, ``len(t)`` and iteration read the value; Python operators run ops eagerly;
    ``==`` compares elementwise, so eager tensors are unhashable (use ``t.ref()`` as a key).
    It has no ``op``, ``graph`` or ``name``: those belong to graph tensors.
    """

    __hash__ = ElementwiseEquality.__hash__

    def __init__(self, value, dtype=None):
        self._value = value
        self._dtype = dtype if dtype is not None else _dt.as_dtype(value.dtype)

    def __reduce__(self):  # (its value and dtype are not in __dict__ with the C base)
        return _rebuild, (type(self), self._value, self._dtype), (self.__dict__ or None)

    def __setstate__(self, state):  # (also a pickle from before the C base: in __dict__)
        for key, value in state.items():
            setattr(self, key, value)

    # -- what a graph tensor has and an eager one has not --------------------------------------
    @property
    def op(self):
        """A stand-in for the op that made it: a constant of its value, so that shape
        arithmetic and gradient rules that look for known values find this one."""
        return _ValueOp(self)

    @property
    def graph(self):
        raise _undefined("graph")

    @property
    def name(self):
        raise _undefined("name")

    value_index = 0  # of its stand-in op

    def consumers(self):
        raise _undefined("consumers")

    def eval(self, feed_dict=None, session=None):
        raise NotImplementedError("eval is not supported when eager execution is enabled, is "
                                  ".numpy() what you're looking for?")

    # -- the value ----------------------------------------------------------------------------
    @property
    def _shape(self):
        return _g.TensorShape(self._value.shape)

    @property
    def shape(self):
        return _g.TensorShape(self._value.shape)

    def get_shape(self):
        return self.shape

    def set_shape(self, shape):
        if not self.shape.is_compatible_with(shape):
            raise ValueError(f"Tensor's shape {self.shape} is not compatible with supplied "
                             f"shape {_g.TensorShape(shape)}.")

    @property
    def ndim(self):
        return self._value.ndim

    @property
    def device(self):
        return _CPU

    def numpy(self):
        """The value as a NumPy array (a copy: changing it does not change the tensor); a
        NumPy scalar for a 0-d tensor (``np.float32(3.0)``), as TF 2 gives."""
        value = self._value
        if type(value) is not np.ndarray:
            value = np.asarray(value.get() if hasattr(value, "get") else value)
        return value[()] if value.ndim == 0 else value.copy()

    def cpu(self):
        return self

    def __array__(self, dtype=None, copy=None):
        value = self._value
        if type(value) is not np.ndarray:
            value = self.numpy()
        return value if dtype is None else value.astype(dtype, copy=False)

    def __bool__(self):
        return bool(self._value)

    def __index__(self):
        if not self._dtype.is_integer or self._value.ndim:
            raise TypeError(f"Only integer scalar tensors can be used as an index; this one "
                            f"has shape {tuple(self._value.shape)} and dtype "
                            f"{self._dtype.name}.")
        return int(self._value)

    def __float__(self):
        return float(self._value)

    def __int__(self):
        return int(self._value)

    def __complex__(self):
        return complex(self._value)

    def __len__(self):
        if not self._value.ndim:
            raise TypeError("Scalar tensor has no `len()`")
        return self._value.shape[0]

    def __iter__(self):
        if not self._value.ndim:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(self._value.shape[0]))

    def __format__(self, spec):
        """As TF: the value formatted (``f"{t:.2f}"`` for a scalar; ``f"{t}"`` -> ``[1.5]``)."""
        value = self.numpy()
        return format(value.item() if np.ndim(value) == 0 else value, spec)

    def __repr__(self):
        return (f"<tf.Tensor: shape={tuple(self._value.shape)}, dtype={self._dtype.name}, "
                f"numpy={numpy_text(self.numpy())}>")

    def __str__(self):
        text = str(np.asarray(self.numpy()))
        sep = "\n" if "\n" in text else ""
        return f"tf.Tensor({sep}{text}, shape={tuple(self._value.shape)}, " \
               f"dtype={self._dtype.name})"


def numpy_text(value):
    """A value as TF 2's reprs show it: a scalar as Python writes it
    (``numpy=0.10000000149011612``), an array by its repr, on a new line if it takes several."""
    value = np.asarray(value)
    text = repr(value) if value.ndim else repr(value.item())
    return "\n" + text if "\n" in text else text


class _ValueOp:
    """What ``EagerTensor.op`` answers: an op without inputs whose output value is known."""

    type = "Const"
    inputs = ()
    control_inputs = ()
    _cond_ctx = None

    def __init__(self, t):
        self._t = t

    @property
    def outputs(self):
        return [self._t]

    @property
    def _op(self):
        return self

    primitive = _op

    @property
    def name(self):
        raise _undefined("op.name")

    def static_value(self, operation, index):
        return self._t._value


class _Ref:
    __slots__ = ("_t",)

    def __init__(self, t):
        self._t = t

    def deref(self):
        return self._t

    def __hash__(self):
        return id(self._t)

    def __eq__(self, other):
        return isinstance(other, _Ref) and other._t is self._t


# -- the eager runtime's state: random streams and the array module ---------------------------
class _EagerContext:
    """What stateful kernels see in eager mode (the counterpart of a Session's context)."""

    def __init__(self):
        self.variables = {}
        self.rngs = {}
        self.scratch = {}
        self.seed = None
        self.seed_epoch = 0
        self._ids = itertools.count(1)
        self._fresh = None  # made on first use: numpy.random stays unimported (W5)

    # eager values live on the host: NumPy, whatever the graph backend (see execute)
    xp = np

    @property
    def host(self):
        return self

    def set_seed(self, seed):
        """The global seed (``tf.random.set_seed``): later random ops repeat their numbers."""
        self.seed = None if seed is None else int(seed)
        self._ids = itertools.count(1)
        self.rngs.clear()
        self.seed_epoch += 1  # tw.function plans restart their random streams too

    def next_op_id(self):
        return next(self._ids)

    @contextlib.contextmanager
    def fresh_streams(self):
        """Random ops with seeds start their streams afresh inside the block and leave the
        process's streams as they were (a seeded Keras 3 initializer gives the same values
        at every call)."""
        saved, self.rngs = self.rngs, {}
        try:
            yield
        finally:
            self.rngs = saved

    def rng_for(self, key, seed, seed2):
        if seed is None:
            if self._fresh is None:
                self._fresh = np.random.default_rng()
            return self._fresh
        if seed2 >= FRESH_STREAM:
            return np.random.default_rng([int(seed) & 0xFFFFFFFF, int(seed2) & 0xFFFFFFFF,
                                          int(seed2) >> 32])
        rng = self.rngs.get((seed, seed2))
        if rng is None:
            rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, int(seed2) & 0xFFFFFFFF])
            self.rngs[(seed, seed2)] = rng
        return rng


eager_context = _EagerContext()


class _EagerNode:
    """What ``make_kernel`` of a stateful op reads of its node, for one eager application."""

    def __init__(self, prim, inputs):
        self.primitive = prim
        self.type = prim.type_name
        self.inputs = inputs
        self.name = f"{prim.type_name}_{eager_context.next_op_id()}"


# -- running one op --------------------------------------------------------------------------------
_spec = tuple.__new__  # Spec(shape, dtype, value) without Spec.__new__'s defaults: per op


def _quiet_state():
    """NumPy's floating-point error state as a context variable, and its value with every
    error ignored: eager ops give inf and NaN without warnings, as TF does and as the graph
    executor runs (``np.errstate`` costs 0.9 µs an op; setting the variable 0.1). None where
    this NumPy keeps it elsewhere: then warnings show."""
    try:
        from numpy._core import _ufunc_config
        var = _ufunc_config._extobj_contextvar
        with np.errstate(all="ignore"):
            return var, var.get()
    except (ImportError, AttributeError):
        return None, None


_errstate, _QUIET = _quiet_state()


def execute(prim, inputs):
    """Runs ``prim`` on eager ``inputs`` now; returns an EagerTensor (a list for a
    multi-output op; None for an op without outputs).

    Raises:
        InvalidArgumentError: the inputs do not fit the op (what its shape rule says, with
            ``[Op:<type>]``, as TF 2's eager errors end).
    """
    values = [t._value for t in inputs]
    try:
        out = prim.infer(*[_spec(Spec, (v.shape, t._dtype, v)) for t, v in zip(inputs, values)])
    except (ValueError, TypeError) as e:
        shapes = ", ".join(str(list(v.shape)) for v in values)
        raise _errors.InvalidArgumentError(
            None, None, f"{e} with input shapes: {shapes} [Op:{prim.type_name}]") from None
    # eager mode runs on NumPy (a GPU backend serves Sessions and graphs), quietly as TF
    token = _errstate.set(_QUIET) if _errstate is not None else None
    try:
        if prim.stateful:
            result = prim.make_kernel(eager_context, _EagerNode(prim, inputs))(*values)
        else:
            result = prim.forward(np, *values)
    except (IndexError, ValueError) as e:
        # a kernel's complaint about the values (an index out of range, a label past the
        # classes): TF 2's eager InvalidArgumentError, ending in [Op:<type>]
        if isinstance(e, _errors.OpError):
            raise
        raise _errors.InvalidArgumentError(
            None, None, f"{e} [Op:{prim.type_name}]") from None
    finally:
        if token is not None:
            _errstate.reset(token)
    if type(out) is Spec:
        outputs = [_wrap(result, out.dtype)]
    elif out is None or not out:
        return None
    else:
        if len(out) == 1 and not isinstance(result, (tuple, list)):
            result = (result,)  # a kernel of one output in a list of specs (py_func)
        outputs = [_wrap(r, s.dtype) for r, s in zip(result, out)]
    if _tape._recording:
        _tape.record(prim, inputs, outputs)
    return outputs[0] if type(out) is Spec else outputs


def _wrap(value, dtype):
    if type(value) is not np.ndarray:
        value = np.asarray(value)
    if value.dtype is not dtype._np and value.dtype != dtype._np and dtype is not _dt.string:
        value = value.astype(dtype._np)
    t = _new(EagerTensor)
    t._value = value
    t._dtype = dtype
    return t


def to_graph(t, graph):
    """An eager tensor used by a graph op: a constant of its value in ``graph``."""
    from .ops.creation import Const
    value = t.numpy()
    value.setflags(write=False)
    with graph.as_default():
        return Const(value, t._dtype).bind(name="Const")


# -- the operators' fast path ----------------------------------------------------------------------
def _fast_operator(prim, swap, generic):
    """``a + b`` (etc.) of two float eager tensors of one dtype, with nothing to record and no
    graph being built anywhere (``context._fast``): the ufunc the op's ``forward`` applies to
    floats, without the general dispatch (no conversion, no shape rule: NumPy broadcasts as
    TensorFlow does, and shapes that do not broadcast go to the general path, which says so).
    Else ``generic``. W4's eager chain of 100 ops on a (4,) vector: 49 us (the general
    dispatch: 365; the least a Python-level wrapper around NumPy's call costs: 38 us; NumPy
    alone 25).

    Quiet, as the general path and TF are (overflow, ``inf - inf``, ``x / 0`` give inf or NaN
    without a warning), without paying for NumPy's error state on every op (a sixth of the
    op): NumPy's floating-point warnings raised here are filtered out (a ``warnings``
    filter for this module, placed after the user's whenever the fast path turns on:
    ``context._refresh``), and where the user's settings turn them into errors
    (``np.errstate(all="raise")``, ``-W error``) the op runs on the general path."""
    from .context import _fast as fast
    floats, ndarray, asarray = _FLOATS, np.ndarray, np.asarray
    ufunc = getattr(np, prim.fn)
    if swap:  # __radd__ etc. (reached with two eager tensors only through a subclass)
        ufunc = _swapped(ufunc)

    def method(self, other):
        if fast[0] and type(other) is EagerTensor:
            dtype = self._dtype
            if other._dtype is dtype and dtype in floats:
                try:
                    value = ufunc(self._value, other._value)
                except (ValueError, ArithmeticError, RuntimeWarning):
                    # shapes that do not broadcast, or floating-point errors the user's
                    # settings raise: the general path says so, or computes quietly
                    return generic(self, other)
                if type(value) is not ndarray:  # 0-d: NumPy gives a scalar
                    value = asarray(value)
                t = _new(EagerTensor)
                t._value = value
                t._dtype = dtype
                return t
        return generic(self, other)
    method.__name__ = generic.__name__
    return method


def _swapped(fn):
    return lambda a, b: fn(b, a)


_new = (_C_BASES or (object,))[0].__new__  # (object.__new__ refuses a class with a C base)
_FLOATS = (_dt.float32, _dt.float64, _dt.float16)  # float32 first: found by identity


def _rebuild(cls, value, dtype):
    t = _new(cls)
    t._value = value
    t._dtype = dtype
    return t


def _quiet_context():
    """A ``contextvars.Context`` in which NumPy's error state ignores everything: the
    compiled operators run NumPy's ufunc in one such of each thread (quiet, as TF; see
    _eagerops.c)."""
    import contextvars
    with np.errstate(all="ignore"):
        return contextvars.copy_context()


def install_fast_operators():
    """Called by ``tensorweave.ops`` once ``Tensor`` has its operators: the compiled ones
    (EagerTensor's C base, told what they need) or the Python ones (``_fast_operator``)."""
    from .ops import math as _m
    from .context import _fast
    table = (("add", _m.AddV2), ("sub", _m.Sub), ("mul", _m.Mul), ("truediv", _m.RealDiv))
    if COMPILED_OPERATORS:
        from . import _eagerops
        _eagerops.setup(EagerTensor, _fast, _FLOATS,
                        (ValueError, ArithmeticError, RuntimeWarning), np.asarray,
                        np.ndarray, tuple((getattr(np, cls().fn),
                                           getattr(_g.Tensor, f"__{key}__"),
                                           getattr(_g.Tensor, f"__r{key}__"))
                                          for key, cls in table), _quiet_context)
        return
    for key, cls in table:
        for name, swap in ((f"__{key}__", False), (f"__r{key}__", True)):
            setattr(EagerTensor, name, _fast_operator(cls(), swap, getattr(_g.Tensor, name)))

