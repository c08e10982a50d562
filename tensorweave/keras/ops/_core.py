"""``keras.ops``: conversion of values to tensors and Keras's type promotion (see the
package's docstring)."""

import builtins

import numpy as np

from ... import dtypes as _dt
from ... import graph as _g
from ...ops import creation as _cr
from ...ops import math as _m
from .. import backend as _kb


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
