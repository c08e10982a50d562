"""``tf.py_func`` / ``tf.numpy_function`` / ``tf.py_function``: a Python function as an op.

Graph mode, as TF 1 runs them (behaviour recorded from TF 2.21): the function is called
with the inputs' values as NumPy arrays each time the op runs; the outputs have unknown
static shape and the dtypes of ``Tout`` (one tensor when ``Tout`` is a DType, a list when it
is a list, the Operation when it is ``[]``). ``py_func``/``numpy_function`` check each
result's dtype exactly (after ``np.asarray``, so a Python float is float64 and fails against
``tf.float32``): "0-th value returned by pyfunc_0 is double, but expects float". A list or
tuple returned counts as that many results. ``py_function`` converts its results to
``Tout``. An exception in the function fails the run: ValueError/TypeError as
InvalidArgumentError, StopIteration as OutOfRangeError, MemoryError as
ResourceExhaustedError, NotImplementedError as UnimplementedError, anything else as
UnknownError, with "ExcType: message" and the function's traceback in the message.

Gradients: ``py_func``/``numpy_function`` have none (``tf.gradients`` gives None through
them, as TF's). TF differentiates ``py_function`` by running the function under a tape;
tensorweave cannot, so ``tf.gradients`` through a ``py_function`` raises LookupError.

In ``py_function`` TF hands the function EagerTensors; here it gets NumPy arrays that also
answer ``.numpy()``; TF ops on them inside the function are not supported.

These ops hold a Python function, so ``export_meta_graph`` (and ``Saver``'s ``.meta`` file)
refuse graphs that contain them.
"""

import itertools

import numpy as np

from .. import dtypes as _dt
from .. import errors as _errors
from ..backend import to_numpy
from .creation import convert_to_tensor
from .registry import Op, Spec, register

__all__ = ["numpy_function", "py_func", "py_function"]

_tokens = itertools.count()

# TF's DataType names, as its messages spell them
_TF_NAMES = {"float32": "float", "float64": "double", "float16": "half", "string": "string"}


def _tf_name(np_dtype):
    np_dtype = np.dtype(np_dtype)
    if np_dtype.kind in "SUO":
        return "string"
    try:
        name = _dt.as_dtype(np_dtype).name
    except TypeError:
        return str(np_dtype)
    return _TF_NAMES.get(name, name)


_EXCEPTIONS = [((ValueError, TypeError), _errors.InvalidArgumentError),
               ((StopIteration,), _errors.OutOfRangeError),
               ((MemoryError,), _errors.ResourceExhaustedError),
               ((NotImplementedError,), _errors.UnimplementedError)]


class _Array(np.ndarray):
    """A NumPy array that also answers ``.numpy()`` (what ``py_function``'s EagerTensors
    offer)."""

    def numpy(self):
        return np.asarray(self)


class _PyFuncBase(Op):
    stateful = True  # never folded, merged or run at build time: it calls Python
    fresh_output = False
    eager = False

    def __init__(self, func, Tout, token):
        self.func, self.Tout, self.token = func, list(Tout), token

    def infer(self, *inputs):
        return [Spec(None, d) for d in self.Tout]

    def make_kernel(self, ctx, node):
        xp = ctx.xp
        func, touts, token, eager = self.func, self.Tout, self.token, self.eager

        def kernel(*arrays):
            args = [to_numpy(a) for a in arrays]
            if eager:
                args = [np.asarray(a).view(_Array) for a in args]
            try:
                ret = func(*args)
            except Exception as e:
                cls = next((c for types, c in _EXCEPTIONS if isinstance(e, types)),
                           _errors.UnknownError)
                import traceback
                tb = "".join(traceback.format_exception(type(e), e, e.__traceback__))
                raise cls(None, node, f"{type(e).__name__}: {e}\n{tb}\n\t [[node "
                                      f"{node.name} (op: {node.type})]]") from e
            if not touts and ret is None:
                values = []
            elif isinstance(ret, (list, tuple)):
                values = list(ret)
            else:
                values = [ret]
            if len(values) != len(touts):
                raise _errors.InvalidArgumentError(
                    None, node, f"{token} returns {len(values)} values, but expects to see "
                    f"{len(touts)} values.\n\t [[node {node.name} (op: {node.type})]]")
            out = [_result(v, i, d, token, node, eager, xp) for i, (v, d) in
                   enumerate(zip(values, touts))]
            if not out:
                return None
            return out[0] if len(out) == 1 else tuple(out)
        return kernel


def _result(value, i, dtype, token, node, convert, xp):
    if dtype == _dt.string:
        arr = np.asarray(value)
        if arr.dtype.kind in "SUO":
            out = np.empty(arr.shape, dtype=object)
            for idx, x in np.ndenumerate(arr):
                out[idx] = x.encode("utf-8") if isinstance(x, str) else x
            return out
    else:
        arr = np.asarray(value)
        if arr.dtype == dtype._np:
            return arr if xp is np else xp.asarray(arr)
        if convert and arr.dtype.kind in "biuf":
            arr = arr.astype(dtype._np)
            return arr if xp is np else xp.asarray(arr)
    raise _errors.InvalidArgumentError(
        None, node, f"{i}-th value returned by {token} is {_tf_name(arr.dtype)}, but "
        f"expects {_tf_name(dtype._np)}\n\t [[node "
        f"{node.name} (op: {node.type})]]")


@register
class PyFunc(_PyFuncBase):
    """``tf.py_func`` / ``tf.numpy_function`` (``stateful=True``)."""

    differentiable = False


@register
class PyFuncStateless(_PyFuncBase):
    """``tf.py_func(..., stateful=False)``. Still never folded or merged here (TF may merge
    two identical stateless calls; running the function each time is what it does too)."""

    differentiable = False


@register
class EagerPyFunc(_PyFuncBase):
    """``tf.py_function``: results converted to ``Tout``."""

    eager = True

    def gradient(self, g, y, *inputs):
        raise LookupError(
            "tf.py_function has no gradient in tensorweave: TensorFlow differentiates it by "
            "running the Python function under a GradientTape, which graph mode cannot do. "
            "Wrap its output in tf.stop_gradient, or write the computation with tf ops.")


def _build(cls, func, inp, Tout, name, default_name):
    if not callable(func):
        raise TypeError(f"Expected func to be callable, got func of type {type(func)}")
    if inp is None:
        inp = []
    if not isinstance(inp, (list, tuple)):
        inp = [inp]
    tensors = [convert_to_tensor(x) for x in inp]
    single = not isinstance(Tout, (list, tuple))
    touts = [_dt.as_dtype(Tout)] if single else [_dt.as_dtype(t) for t in Tout]
    op = cls(func, touts, f"pyfunc_{next(_tokens)}")
    out = op.bind(*tensors, name=name or default_name)
    if not touts:
        return out  # the Operation, as TF returns it
    return out[0] if single else list(out)


def py_func(func, inp, Tout, stateful=True, name=None):
    """Wraps ``func`` (NumPy arrays in, NumPy arrays out) as an op.

    Returns one tensor when ``Tout`` is a DType, a list when it is a list (the Operation
    when it is empty). The function runs each time the op runs; its results must have
    exactly ``Tout``'s dtypes. No gradient flows through it.

    Example:
        >>> y = tf.py_func(lambda a: np.sort(a), [x], tf.float32)
    """
    return _build(PyFunc if stateful else PyFuncStateless, func, inp, Tout, name, "PyFunc")


def numpy_function(func, inp, Tout, stateful=True, name=None):
    """``py_func`` under its TF 2 name."""
    return py_func(func, inp, Tout, stateful=stateful, name=name)


def py_function(func, inp, Tout, name=None):
    """Like ``py_func``, but the function's inputs also answer ``.numpy()`` and its results
    are converted to ``Tout``; ``tf.gradients`` through it raises (see the module doc)."""
    return _build(EagerPyFunc, func, inp, Tout, name, "EagerPyFunc")
