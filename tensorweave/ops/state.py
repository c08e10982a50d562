"""Placeholders and variable state: ``placeholder``, the variable node, ``assign`` and friends.

A variable's value lives in the Session (``ctx.variables``, keyed by the variable node's
name). ``VariableV2`` reads it when it runs; ``Assign`` stores a new value. Values are stored
by reference when an op produced them fresh in this run, and copied otherwise, so a variable
never shares memory with a constant, a feed or another variable.
"""

import numpy as np

from .. import dtypes as _dt
from ..backend import copy_aligned, page_aligned
from .. import errors as _errors
from .registry import Op, Spec, register

__all__ = ["placeholder", "placeholder_with_default"]


class _Declared(Op):
    """An op without inputs whose value, fed from outside its plan, has a declared dtype and
    static shape (placeholders, and the ``SubPlanInput``s below)."""

    differentiable = False
    graph_only = True

    def __init__(self, dtype, shape):
        self.dtype = dtype
        self.shape = shape

    def infer(self):
        return Spec(self.shape, self.dtype)


@register
class Placeholder(_Declared):
    """A value that must be fed: ``sess.run(..., feed_dict={x: value})``."""

    def make_kernel(self, ctx, node):
        def kernel():  # prune() reports an unfed placeholder before any run; kept as a guard
            raise missing_feed_error(node)
        return kernel


class SubPlanInput(_Declared):
    """Base of ops whose value only a primitive's own plan feeds (a ``tf.while_loop``'s
    loop variables, a ``tf.data`` element inside ``map``): a kernel that says, if the op is
    ever run on its own, where its value comes from (``where``, formatted with the op's
    name)."""

    where = "{name} has a value only inside the plan that feeds it."

    def make_kernel(self, ctx, node):
        message = self.where.format(name=node.name)

        def kernel():
            raise _errors.InvalidArgumentError(None, node, message)
        return kernel


# TensorFlow's C++ names, used in its messages ("with dtype float and shape [?,784]")
_TF_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def missing_feed_error(op):
    """The InvalidArgumentError for a needed placeholder ``op`` that was not fed."""
    from .registry import _fmt_shape
    prim = op.primitive
    loc = getattr(op, "_traceback_line", None)
    where = f" (defined at {loc})" if loc else ""
    return _errors.InvalidArgumentError(
        None, op,
        f"You must feed a value for placeholder tensor '{op.name}' with dtype "
        f"{_TF_TYPE_NAMES.get(prim.dtype.name, prim.dtype.name)} and shape "
        f"{_fmt_shape(prim.shape)}\n\t [[node {op.name}{where}]]\nPass a value for it in "
        "feed_dict: sess.run(fetches, feed_dict={placeholder: value}).")


def placeholder(dtype, shape=None, name=None):
    """A tensor whose value is fed at run time.

    Args:
        dtype: element type (``tf.float32``); fed values are converted to it.
        shape: static shape; ``None`` dims (or ``shape=None``) accept any size.
        name: op name (default ``"Placeholder"``).

    Example:
        >>> x = tf.placeholder(tf.float32, shape=(None, 784))
    """
    from .. import graph as _g
    dtype = _dt.as_dtype(dtype)
    shape = None if shape is None else _g.TensorShape(shape).as_tuple()
    return Placeholder(dtype, shape).bind(name=name or "Placeholder")


@register
class PlaceholderWithDefault(Op):
    """Passes ``input`` through unless a value is fed for it."""

    def __init__(self, shape):
        self.shape = shape

    def infer(self, x):
        if self.shape is not None and x.shape is not None:
            if len(self.shape) != len(x.shape) or any(
                    a is not None and b is not None and a != b
                    for a, b in zip(self.shape, x.shape)):
                raise ValueError(f"Shape of the default {list(x.shape)} is not compatible "
                                 f"with the placeholder shape {list(self.shape)}")
        return Spec(self.shape, x.dtype)

    def forward(self, xp, x):
        return x

    def gradient(self, g, y, x):
        return (g,)


def placeholder_with_default(input, shape, name=None):  # noqa: A002
    """A placeholder that yields ``input`` when it is not fed."""
    from .. import graph as _g
    from .creation import convert_to_tensor
    shape = None if shape is None else _g.TensorShape(shape).as_tuple()
    return PlaceholderWithDefault(shape).bind(convert_to_tensor(input),
                                              name=name or "PlaceholderWithDefault")


@register
class VariableV2(Op):
    """The current value of a variable (stored in the Session)."""

    stateful = True
    graph_only = True
    differentiable = False

    def __init__(self, dtype, shape):
        self.dtype = dtype
        self.shape = shape

    def infer(self, *ignored):
        return Spec(self.shape, self.dtype)

    def make_kernel(self, ctx, node):
        return _reader(ctx, node.name, node)


def _reader(ctx, key, node):
    variables = ctx.variables

    def kernel(*ignored):
        try:
            return variables[key]
        except KeyError:
            raise _errors.FailedPreconditionError(
                None, node,
                f"Attempting to use uninitialized value {key}\n\t [[node {node.name}]]\n"
                "Run the variable's initializer first, e.g. "
                "sess.run(tf.global_variables_initializer()).") from None
    return kernel


def variable_of(tensor):
    """The name of the variable whose value ``tensor`` is: the variable node's output, a
    ``read_value()``, or an identity of either (``v/read``, ``tf.identity(v)``); else None.
    A fetched one gives the end-of-run value (compiler/plan.py); a while loop's plans read
    it afresh at each iteration (ops/loop.py)."""
    op = tensor.op
    while op.type == "Identity" and op.inputs:
        op = op.inputs[0].op
    if op.type == "VariableV2":
        return op.name
    if op.type == "ReadVariable":
        return op.primitive.var_name
    return None


@register
class ReadVariable(Op):
    """A fresh read of a variable (``Variable.read_value()``), ordered by control inputs."""

    stateful = True

    def __init__(self, var_name):
        self.var_name = var_name

    def infer(self, ref):
        return Spec(ref.shape, ref.dtype)

    def make_kernel(self, ctx, node):
        read = _reader(ctx, self.var_name, node)
        return lambda ref=None: read()

    def gradient(self, g, y, ref):
        return (g,)


class _AssignBase(Op):
    """Writes a variable; input 0 is the variable node's tensor (used for ordering only)."""

    stateful = True
    differentiable = False
    writes_state = True
    ref_inputs = (0,)

    def __init__(self, var_name, validate_shape=True):
        self.var_name = var_name
        self.validate_shape = validate_shape

    def infer(self, ref, value):
        if ref.dtype != value.dtype:
            raise TypeError(f"Input 'value' of '{self.type_name}' Op has type "
                            f"{value.dtype.name} that does not match type {ref.dtype.name} of "
                            f"the variable '{self.var_name}'.")
        if self.validate_shape and ref.shape is not None and value.shape is not None:
            if len(ref.shape) != len(value.shape) or any(
                    a is not None and b is not None and a != b
                    for a, b in zip(ref.shape, value.shape)):
                raise ValueError(f"Shapes must be equal: the variable '{self.var_name}' has "
                                 f"shape {list(ref.shape)}, the value {list(value.shape)}")
        shape = ref.shape if self.validate_shape else value.shape
        return Spec(shape, ref.dtype)


@register
class Assign(_AssignBase):
    """``var = value``; outputs the new value."""

    def make_kernel(self, ctx, node, shared=False):
        # the value is stored by reference only when this run made it fresh and nothing else
        # holds it (``shared``: the plan hands it to another op or to the caller too)
        variables, key = ctx.variables, self.var_name
        owned = node.inputs[1].op.primitive.fresh_output and not shared
        validate = self.validate_shape
        expected = node.inputs[0].shape.as_tuple()

        def kernel(value):
            if validate and expected is not None:
                old = variables.get(key)
                shape_ok = value.shape == old.shape if old is not None else \
                    len(value.shape) == len(expected) and all(
                        e is None or e == d for e, d in zip(expected, value.shape))
                if not shape_ok:
                    raise _errors.InvalidArgumentError(
                        None, node,
                        f"Assign requires shapes of both tensors to match. lhs shape= "
                        f"{list(old.shape) if old is not None else list(expected)} rhs "
                        f"shape= {list(value.shape)}")
            if not owned or not getattr(getattr(value, "flags", None), "writeable", True):
                value = copy_aligned(value)
            elif key not in variables and not page_aligned(value):
                value = copy_aligned(value)  # initialization: the array updates will stream
            variables[key] = value
            return value
        return kernel


@register
class AssignAdd(_AssignBase):
    """``var += value``; outputs the new value."""

    name_of_fn = "add"

    def make_inplace_kernel(self, ctx, node):
        """The update written into the variable's own array (see compiler/inplace.py)."""
        variables, key, xp = ctx.variables, self.var_name, ctx.xp
        fn = getattr(xp, self.name_of_fn)
        reader = _reader(ctx, key, node)

        def kernel(value):
            old = reader()
            if type(old) is not np.ndarray or not old.flags.writeable or old.ndim == 0:
                new = xp.asarray(fn(old, value)).astype(old.dtype, copy=False)
                variables[key] = new
                return new
            fn(old, value, out=old)
            return old
        return kernel

    def make_kernel(self, ctx, node):
        variables, key, op, xp = ctx.variables, self.var_name, self.name_of_fn, ctx.xp
        reader = _reader(ctx, key, node)
        fn = getattr(xp, op)

        def kernel(value):
            old = reader()
            new = fn(old, value)
            if new.shape != old.shape:
                raise _errors.InvalidArgumentError(
                    None, node, f"{node.type} requires shapes of both tensors to match. lhs "
                    f"shape= {list(old.shape)} rhs shape= {list(value.shape)}")
            new = new.astype(old.dtype, copy=False)
            variables[key] = new
            return new
        return kernel


@register
class AssignSub(AssignAdd):
    """``var -= value``; outputs the new value."""

    name_of_fn = "subtract"


@register
class IsVariableInitialized(Op):
    """True once the variable has a value in this session."""

    stateful = True
    differentiable = False
    ref_inputs = (0,)
    host_output = True

    def __init__(self, var_name):
        self.var_name = var_name

    def infer(self, ref):
        return Spec((), _dt.bool)

    def make_kernel(self, ctx, node):
        variables, key = ctx.variables, self.var_name
        return lambda ref=None: np.asarray(key in variables)
