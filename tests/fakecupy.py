"""A stand-in for CuPy on machines without a GPU: NumPy underneath, CuPy's rules on top.

The CuPy backend (``tensorweave.backend``) must be testable in CI, where no GPU exists. This
module behaves like ``cupy`` where tensorweave could go wrong:

- its arrays (``ndarray``) are not NumPy arrays: ``isinstance(a, numpy.ndarray)`` is False,
  and turning one into a NumPy array implicitly (``numpy.asarray(a)``) raises TypeError, as
  CuPy does; ``a.get()`` / ``asnumpy(a)`` copy it to the host explicitly;
- a function or operator given a NumPy array where a device array is expected raises
  TypeError ("Unsupported type"), as CuPy's kernels do: host data must be moved with
  ``asarray`` first. NumPy and Python scalars are accepted, as in CuPy;
- reductions return 0-d arrays, not scalars;
- ``numpy.<function>(device_array)`` dispatches here (CuPy implements the same protocols).

Arithmetic is NumPy's, so results equal the NumPy backend's bit for bit.
"""

import functools
import sys
import types

import numpy as np

_HOST_OK = {"asarray", "array", "asanyarray", "ascontiguousarray", "asnumpy"}


def _unwrap(x, where):
    """The NumPy value behind ``x``; a NumPy array (not a scalar) is an error."""
    if type(x) is ndarray:
        return x._a
    if isinstance(x, np.ndarray):
        raise TypeError(f"Unsupported type {type(x)} (a NumPy array passed to {where}; "
                        "move it to the device with cupy.asarray first)")
    if type(x) in (list, tuple):
        return type(x)(_unwrap(v, where) for v in x)
    if isinstance(x, slice):
        return slice(_unwrap(x.start, where), _unwrap(x.stop, where), _unwrap(x.step, where))
    return x


def _wrap(x):
    if type(x) is np.ndarray:
        return ndarray(x)
    if isinstance(x, np.generic):
        return ndarray(np.asarray(x))
    if type(x) in (list, tuple):
        return type(x)(_wrap(v) for v in x)
    if isinstance(x, tuple) and hasattr(x, "_fields"):  # linalg's named results
        return type(x)(*map(_wrap, x))
    return x


def _device_fn(fn, name):
    @functools.wraps(fn)
    def call(*args, **kwargs):
        args = _unwrap(args, name)
        kwargs = {k: _unwrap(v, name) for k, v in kwargs.items()}
        return _wrap(fn(*args, **kwargs))
    return call


class _Flags:
    def __init__(self, a):
        self.c_contiguous = a.flags.c_contiguous
        self.f_contiguous = a.flags.f_contiguous
        self.owndata = a.flags.owndata


class ndarray:  # noqa: N801 - CuPy's name
    """A device array: a NumPy array that refuses to be mixed with host arrays."""

    __slots__ = ("_a",)
    __array_priority__ = 100

    def __init__(self, a):
        self._a = a

    # -- what CuPy forbids ----------------------------------------------------------------
    def __array__(self, *args, **kwargs):
        raise TypeError("Implicit conversion to a NumPy array is not allowed. Please use "
                        "`.get()` to construct a NumPy array explicitly.")

    def get(self):
        return self._a.copy()

    # -- NumPy's protocols: numpy.f(device array) runs on the device ----------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        where = f"numpy.{ufunc.__name__}"
        inputs = _unwrap(inputs, where)
        out = kwargs.pop("out", None)
        kwargs = {k: _unwrap(v, where) for k, v in kwargs.items()}
        if out is not None:
            kwargs["out"] = tuple(_unwrap(list(out), where))
        result = getattr(ufunc, method)(*inputs, **kwargs)
        if out is not None and len(out) == 1 and result is kwargs["out"][0]:
            return out[0]
        return _wrap(result)

    def __array_function__(self, func, types_, args, kwargs):
        where = f"numpy.{func.__name__}"
        return _wrap(func(*_unwrap(args, where),
                          **{k: _unwrap(v, where) for k, v in kwargs.items()}))

    # -- attributes -----------------------------------------------------------------------
    shape = property(lambda self: self._a.shape)
    dtype = property(lambda self: self._a.dtype)
    ndim = property(lambda self: self._a.ndim)
    size = property(lambda self: self._a.size)
    strides = property(lambda self: self._a.strides)
    itemsize = property(lambda self: self._a.itemsize)
    nbytes = property(lambda self: self._a.nbytes)
    flags = property(lambda self: _Flags(self._a))
    T = property(lambda self: ndarray(self._a.T))
    base = property(lambda self: None if self._a.base is None else _wrap(self._a.base))

    def __getattr__(self, name):
        if name.startswith("__"):  # no __array_interface__ etc.: no implicit conversion
            raise AttributeError(name)
        value = getattr(self._a, name)
        if callable(value):
            return _device_fn(value, f"ndarray.{name}")
        return _wrap(value)

    def __getitem__(self, index):
        return _wrap(self._a[_unwrap(index, "ndarray.__getitem__")])

    def __setitem__(self, index, value):
        self._a[_unwrap(index, "ndarray.__setitem__")] = _unwrap(value, "ndarray.__setitem__")

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        return (_wrap(v) for v in self._a)

    def __float__(self):
        return float(self._a)

    def __int__(self):
        return int(self._a)

    def __index__(self):
        return self._a.__index__()

    def __bool__(self):
        return bool(self._a)

    def __complex__(self):
        return complex(self._a)

    def __repr__(self):
        return "fakecupy." + repr(self._a)

    def __copy__(self):
        return ndarray(self._a.copy())

    def __deepcopy__(self, memo):
        return ndarray(self._a.copy())

    def __reduce__(self):  # pickling copies to the host and back, as CuPy's does
        return (_from_host, (self._a,))

    __hash__ = None


def _from_host(a):
    return ndarray(np.array(a))


def _binary(ufunc):
    return (lambda self, other: ufunc(self, other),
            lambda self, other: ufunc(other, self))


for _name, _uf in [("add", np.add), ("sub", np.subtract), ("mul", np.multiply),
                   ("truediv", np.true_divide), ("floordiv", np.floor_divide),
                   ("mod", np.remainder), ("pow", np.power), ("matmul", np.matmul),
                   ("and", np.bitwise_and), ("or", np.bitwise_or), ("xor", np.bitwise_xor),
                   ("lshift", np.left_shift), ("rshift", np.right_shift),
                   ("divmod", np.divmod)]:
    _fwd, _rev = _binary(_uf)
    setattr(ndarray, f"__{_name}__", _fwd)
    setattr(ndarray, f"__r{_name}__", _rev)
    if _name != "divmod":
        setattr(ndarray, f"__i{_name}__",
                (lambda uf: lambda self, other: uf(self, other, out=(self,)))(_uf))
for _name, _uf in [("lt", np.less), ("le", np.less_equal), ("gt", np.greater),
                   ("ge", np.greater_equal), ("eq", np.equal), ("ne", np.not_equal)]:
    setattr(ndarray, f"__{_name}__", (lambda uf: lambda self, other: uf(self, other))(_uf))
for _name, _uf in [("neg", np.negative), ("pos", np.positive), ("abs", np.absolute),
                   ("invert", np.invert)]:
    setattr(ndarray, f"__{_name}__", (lambda uf: lambda self: uf(self))(_uf))


class _Ufunc:
    """A ufunc that runs on device arrays only (CuPy's ufuncs are not NumPy's)."""

    def __init__(self, uf):
        self._uf = uf
        self.__name__ = uf.__name__
        self.nin, self.nout = uf.nin, uf.nout

    def __call__(self, *args, **kwargs):
        _unwrap(args, self.__name__)  # raises on a NumPy array
        _unwrap(tuple(kwargs.values()), self.__name__)
        return _wrap(self._uf(*args, **kwargs))  # device arrays: __array_ufunc__

    def __getattr__(self, name):  # reduce, accumulate, at, outer
        return _device_fn(getattr(self._uf, name), f"{self.__name__}.{name}")


class _Namespace(types.ModuleType):
    def __init__(self, name, source):
        super().__init__(name)
        self._source = source

    def __getattr__(self, name):
        value = getattr(self._source, name)
        if isinstance(value, np.ufunc):
            value = _Ufunc(value)
        elif isinstance(value, types.ModuleType):
            value = _Namespace(f"{self.__name__}.{name}", value)
        elif callable(value) and not isinstance(value, type):
            value = _device_fn(value, f"cupy.{name}")
        setattr(self, name, value)
        return value


class _Module(_Namespace):
    ndarray = ndarray

    def asarray(self, a, dtype=None, order=None):
        if type(a) is ndarray:
            return a if dtype is None or a.dtype == dtype else ndarray(a._a.astype(dtype))
        return ndarray(np.array(a, dtype=dtype, order=order or "K"))

    def array(self, a, dtype=None, copy=True, order="K", ndmin=0):
        if type(a) is ndarray:
            a = a._a
        return ndarray(np.array(a, dtype=dtype, copy=True, order=order, ndmin=ndmin))

    def ascontiguousarray(self, a, dtype=None):
        if type(a) is ndarray:
            return ndarray(np.ascontiguousarray(a._a, dtype=dtype))
        return ndarray(np.array(a, dtype=dtype, order="C"))

    asanyarray = asarray

    def asnumpy(self, a):
        return a.get() if type(a) is ndarray else np.asarray(a)

    def get_array_module(self, *args):
        return self if any(type(a) is ndarray for a in args) else np


def _as_strided(x, shape=None, strides=None):  # CuPy's signature: no ``writeable``
    return ndarray(np.lib.stride_tricks.as_strided(_unwrap(x, "as_strided"), shape, strides))


fakecupy = _Module("fakecupy", np)
fakecupy.lib = types.SimpleNamespace(stride_tricks=types.SimpleNamespace(as_strided=_as_strided))
sys.modules.setdefault("fakecupy", fakecupy)
