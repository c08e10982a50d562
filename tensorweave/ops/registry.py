"""The ``Op`` base class: one primitive = attributes + shape rule + forward + gradient.

Every primitive subclasses ``Op`` and is decorated with ``@register``. Its constructor
arguments are its attributes; ``infer`` checks inputs and returns output specs at build time;
``forward`` computes with the array module it is handed; ``gradient`` builds the gradient
from public ops, so it is itself a graph. ``bind`` applies an op to inputs and returns the
output tensor(s) of the new graph node.
"""

from collections import namedtuple

from .. import graph as _g

__all__ = ["Op", "Spec", "register", "REGISTRY", "NotDifferentiable", "dtype_error",
           "wants_gradient"]

REGISTRY = {}


class Spec(namedtuple("Spec", "shape dtype value")):
    """What ``infer`` sees of a tensor: ``shape`` (tuple of int/None, or None for unknown
    rank), ``dtype`` (a DType) and ``value`` (the NumPy value when known at build time)."""

    __slots__ = ()

    def __new__(cls, shape, dtype, value=None):
        return super().__new__(cls, shape, dtype, value)

    @property
    def rank(self):
        return None if self.shape is None else len(self.shape)


def register(cls):
    """Class decorator: adds a primitive to ``REGISTRY`` under its type name."""
    if "type_name" not in cls.__dict__ or cls.type_name is None:
        cls.type_name = cls.__name__
    if cls.type_name in REGISTRY:
        raise ValueError(f"Op type {cls.type_name!r} registered twice")
    REGISTRY[cls.type_name] = cls
    return cls


class NotDifferentiable(Exception):
    pass


_wanted = [None]  # which inputs' gradients a GradientTape needs now (None: every input)


def wants_gradient(i):
    """Whether the gradient rule being applied must compute input ``i``'s gradient. A tape
    applying a rule eagerly says which inputs it needs (the data of a model needs none); in
    a graph every gradient is built (the compiler prunes what is not fetched). Rules whose
    gradients cost much (products, convolutions) ask; the others compute them all."""
    wanted = _wanted[0]
    return wanted is None or wanted[i]


class Op:
    """Base class of primitives. Subclasses override ``infer``, ``forward``, ``gradient``.

    Class attributes:
        type_name: the TensorFlow op type (``"MatMul"``); defaults to the class name.
        differentiable: False for ops whose outputs carry no gradient (comparisons, argmax,
            shape queries); ``tf.gradients`` then treats them as constants.
        fresh_output: True when ``forward`` always returns newly allocated arrays that no one
            else holds; the session may then hand them out or store them without copying.
        stateful: True for ops that read or write session state (variables, random seeds);
            they build their kernel with ``make_kernel(ctx)`` and are never folded or merged.
        shaped_by: where the output's run-time shape comes from, when that is fixed by
            construction: ``("like", i)`` (the shape of input ``i``) or ``("value", i)``
            (input ``i`` holds the shape). Gradient ops declare it, so that the
            unbroadcasting ``tf.gradients`` adds (``reduce_to_shape``) is skipped for a
            gradient that already has its input's shape, even one unknown at build time.
        exact_gradient_shapes: True when ``gradient`` returns, for every input, a tensor of
            that input's run-time shape by construction (the op does not broadcast): then
            ``tf.gradients`` adds no ``reduce_to_shape`` after it (TF adds none either).
            ``gradient_shapes_exact(op)`` may decide per node (MatMul: only 2-D operands).
        graph_only: True for ops that only mean something in a graph (placeholders, the
            variable node): they build a node in the default graph even in eager mode.
    """

    type_name = None
    differentiable = True
    fresh_output = False
    stateful = False
    shaped_by = None
    exact_gradient_shapes = False
    graph_only = False

    def gradient_shapes_exact(self, node):
        """Whether ``gradient`` gives each input of ``node`` a tensor of its shape (see
        ``exact_gradient_shapes``)."""
        return self.exact_gradient_shapes

    # -- the rules ----------------------------------------------------------------------
    def infer(self, *inputs):
        """Specs in, spec (or list of specs) out. Never touches data."""
        raise NotImplementedError

    def forward(self, xp, *arrays):
        """Arrays in, array (or tuple of arrays) out, using the array module ``xp``."""
        raise NotImplementedError

    def gradient(self, g, y, *inputs):
        """Gradient tensors for each input (``None`` where none flows), built from public
        ops. ``g``/``y`` are the output gradient and output (lists for multi-output ops)."""
        raise LookupError(f"No gradient defined for operation type '{self.type_name}'. "
                          "If this path should not be differentiated, wrap the input in "
                          "tf.stop_gradient.")

    # -- running ------------------------------------------------------------------------
    def make_kernel(self, ctx, node):
        """A callable ``f(*arrays)`` for the executor. Stateful ops bind ``ctx`` (the
        session's state) here; pure ops bind the backend's array module."""
        forward, xp = self.forward, ctx.xp
        return lambda *arrays: forward(xp, *arrays)

    # -- identity -----------------------------------------------------------------------
    def attrs(self):
        """The op's attributes (its constructor arguments) as a dict."""
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.attrs().items())
        return f"{type(self).__name__}({args})"

    def bind(self, *inputs, name=None, control_inputs=()):
        """Adds a node applying this op to ``inputs`` (Tensors) to their graph.

        Returns the output Tensor, or a list of them for multi-output ops. Raises ValueError
        or TypeError from ``infer`` at the line that built the op.
        """
        if _context._mode["eager"] and not _g._state.stack and not self.graph_only:
            for t in inputs:
                if type(t) is not _EagerTensor:
                    break
            else:
                return _eager.execute(self, inputs)
        graph, inputs = _graph_for(inputs)
        specs = [Spec(t.shape.as_tuple(), t.dtype, constant_value(t)) for t in inputs]
        try:
            out = self.infer(*specs)
        except ValueError as e:
            where = name[:-1] if name and name.endswith("/") else \
                graph.unique_name(name or self.type_name, mark_as_used=False)
            shapes = ", ".join(_fmt_shape(s.shape) for s in specs)
            raise ValueError(f"{e} for '{where}' (op: '{self.type_name}') with input shapes: "
                             f"{shapes}.") from None
        multi = isinstance(out, (list, tuple)) and not isinstance(out, Spec)
        out_specs = list(out) if multi else [out]
        if name and name.endswith("/"):
            op_name = name[:-1]  # an opened name scope: use its name as is (TF's rule)
        else:
            op_name = graph.unique_name(name or self.type_name)
        operation = graph._create_op(self, inputs, op_name, out_specs, control_inputs)
        if not out_specs:
            return operation  # no outputs (e.g. Assert): the operation itself
        return operation.outputs if multi else operation.outputs[0]


def dtype_error(what, dtype, allowed):
    """TensorFlow's TypeError for input ``what`` of a dtype the op does not take;
    ``allowed``: the dtype names TF lists, as one string."""
    return TypeError(f"Value passed to parameter '{what}' has DataType {dtype.name} not in "
                     f"list of allowed values: {allowed}")


def _graph_for(inputs):
    """The graph a new node goes to, and its inputs there (an eager tensor used in a graph
    becomes a constant of its value)."""
    graph, eager = None, False
    for t in inputs:
        if not isinstance(t, _g.Tensor):
            raise TypeError(f"Op inputs must be Tensors, got {type(t).__name__}: {t!r}")
        if type(t) is _EagerTensor:
            eager = True
            continue
        if graph is None:
            graph = t.graph
        elif t.graph is not graph:
            raise ValueError(f"Tensor {t} must be from the same graph as Tensor "
                             f"{inputs[0]}.")
    default = _g.get_default_graph()
    if graph is None:
        graph = default
    elif graph is not default and _g._has_explicit_default():
        raise ValueError(f"Tensor {inputs[0]} must be from the same graph as the default "
                         "graph of this `with graph.as_default():` block.")
    if eager:
        inputs = [_eager.to_graph(t, graph) if type(t) is _EagerTensor else t for t in inputs]
    return graph, inputs


def _fmt_shape(shape):
    if shape is None:
        return "<unknown>"
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def constant_value(tensor):
    """The tensor's value if it is known at build time (a constant, a fully known shape …)."""
    op = tensor.op
    fn = getattr(op._op, "static_value", None)
    if fn is None:
        return None
    return fn(op, tensor.value_index)


from .. import context as _context  # noqa: E402 - they import this module
from .. import eager as _eager  # noqa: E402
_EagerTensor = _eager.EagerTensor
