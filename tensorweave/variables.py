"""``Variable``: named state that lives in a Session and changes only through assign ops.

Building a Variable adds three ops to the graph, named as TensorFlow names them: the
variable node (``"Variable"``), its initializer (``"Variable/Assign"``) and a snapshot read
(``"Variable/read"``). Using a Variable in an op uses its snapshot: the value at the start of
the run, or after the assignments it depends on through control dependencies.
"""

from . import context as _context
from . import graph as _g
from .graph import GraphKeys
from .ops import control as _control
from .ops import operators as _operators
from .ops.creation import convert_to_tensor
from .ops.math import Identity
from .ops.state import Assign, AssignAdd, AssignSub, ReadVariable, VariableV2, \
    IsVariableInitialized
from .ops.registry import Spec

__all__ = [
    "Variable", "global_variables", "trainable_variables", "local_variables",
    "model_variables", "moving_average_variables", "all_variables",
    "global_variables_initializer", "variables_initializer", "local_variables_initializer",
    "initialize_all_variables", "initialize_variables", "initialize_local_variables",
    "is_variable_initialized", "report_uninitialized_variables", "assign", "assign_add",
    "assign_sub",
]


class Variable:
    """A variable: a tensor-like value kept in the Session across ``run`` calls.

    Args:
        initial_value: a Tensor, array, Python value, or a callable returning one.
        trainable: add to ``TRAINABLE_VARIABLES`` (what optimizers update). Default True.
        collections: graph collections to add to (default ``[GLOBAL_VARIABLES]``).
        validate_shape: when False the shape may change through ``assign``.
        name: name of the variable node (default ``"Variable"``, made unique).
        dtype: converts the initial value to this type.

    Raises:
        ValueError: if ``initial_value`` is missing.

    Example:
        >>> w = tf.Variable(tf.random_normal((1000, 100)), name="w1")
        >>> step = w.assign(w - 1e-5 * grad)
    """

    def __new__(cls, *args, **kwargs):
        # made while executing eagerly (or while tw.function traces): TF 2's kind
        if cls is Variable and (_context.executing_eagerly() or _in_function()):
            from .eager_variables import EagerVariable
            cls = EagerVariable
        return object.__new__(cls)

    @classmethod
    def in_graph(cls, *args, **kwargs):
        """A graph variable in the default graph, whatever the mode (Keras keeps its state
        in such variables, even while a ``tw.function`` traces)."""
        self = object.__new__(cls)
        self.__init__(*args, **kwargs)
        return self

    def __init__(self, initial_value=None, trainable=None, collections=None,
                 validate_shape=True, caching_device=None, name=None, variable_def=None,
                 dtype=None, expected_shape=None, import_scope=None, constraint=None,
                 use_resource=None, synchronization=None, aggregation=None, shape=None):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if trainable is None:
            trainable = True
        self._trainable = bool(trainable)
        self._constraint = constraint
        graph = _g.get_default_graph()
        with graph.name_scope(name or "Variable") as scope:
            with graph.control_dependencies(None), graph._cond_scope(None):
                if callable(initial_value):
                    with graph.name_scope("Initializer"):
                        value = convert_to_tensor(initial_value(), dtype=dtype,
                                                  name="initial_value")
                else:
                    value = convert_to_tensor(initial_value, dtype=dtype, name="initial_value")
                var_shape = value.shape.as_tuple() if validate_shape else None
                if shape is not None:
                    var_shape = _g.TensorShape(shape).as_tuple()
                self._var_name = scope[:-1]
                self._variable = graph._create_op(
                    VariableV2(value.dtype, var_shape), (), self._var_name,
                    [Spec(var_shape, value.dtype)]).outputs[0]
                self._initializer_op = Assign(self._var_name, validate_shape).bind(
                    self._variable, value, name="Assign").op
                self._initializer_op._initializes = True  # (not a step's write: function.py)
                self._snapshot = Identity().bind(self._variable, name="read")
        self._initial_value = value
        self._graph = graph
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        collections = list(collections)
        if self._trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        graph.add_to_collections(collections, self)

    @classmethod
    def _from_graph(cls, variable, initializer_op, snapshot, initial_value, trainable):
        """A Variable over ops already in the graph (``import_meta_graph``): ``variable`` is
        the variable node's output, ``initializer_op`` its ``Assign``, ``snapshot`` its
        ``read`` tensor. Adds it to no collection."""
        self = cls.__new__(cls)
        self._trainable = bool(trainable)
        self._constraint = None
        self._var_name = variable.op.name
        self._variable = variable
        self._initializer_op = initializer_op
        self._snapshot = snapshot
        self._initial_value = initial_value
        self._graph = variable.graph
        return self

    # -- identity ----------------------------------------------------------------------------
    @property
    def name(self):
        return self._variable.name

    @property
    def op(self):
        return self._variable.op

    @property
    def graph(self):
        return self._graph

    @property
    def dtype(self):
        return self._variable.dtype

    @property
    def shape(self):
        return self._variable.shape

    def get_shape(self):
        return self._variable.shape

    @property
    def trainable(self):
        return self._trainable

    @property
    def device(self):
        return ""

    @property
    def constraint(self):
        return self._constraint

    @property
    def initializer(self):
        """The op that assigns the initial value."""
        return self._initializer_op

    @property
    def initial_value(self):
        return self._initial_value

    def _as_tensor(self):
        return self._snapshot

    def _as_graph_element(self):
        return self._snapshot

    def value(self):
        """The snapshot tensor (``"Variable/read:0"``) that ops use."""
        return self._snapshot

    def read_value(self):
        """A new read of the variable, ordered after the current control dependencies."""
        return _read(self)

    def initialized_value(self):
        """The value if initialized, else the initial value (for initializing others)."""
        return InitializedValue(self._var_name).bind(self._variable, self._initial_value,
                                                     name=self._var_name + "/initialized_value")

    def set_shape(self, shape):
        self._variable.set_shape(shape)
        self._snapshot.set_shape(shape)

    # -- assignment ------------------------------------------------------------------------------
    def assign(self, value, use_locking=None, name=None, read_value=True):
        """An op that sets the variable to ``value`` when run; returns the new value."""
        return _assign(Assign, self, value, name or "Assign", read_value,
                       validate_shape=self._variable.op.primitive.shape is not None)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        """An op that adds ``delta`` to the variable when run; returns the new value."""
        return _assign(AssignAdd, self, delta, name or "AssignAdd", read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        """An op that subtracts ``delta`` from the variable when run; returns the new value."""
        return _assign(AssignSub, self, delta, name or "AssignSub", read_value)

    # -- running -----------------------------------------------------------------------------------
    def eval(self, session=None):
        """The variable's value in ``session`` (default: the default session)."""
        return self._snapshot.eval(session=session)

    def load(self, value, session=None):
        """Sets the variable's value in ``session`` directly from a NumPy value."""
        from .session import _session_for
        sess = _session_for(self._graph, session, "Variable.load()")
        sess._load_variable(self, value)

    def __repr__(self):
        return (f"<tf.Variable '{self.name}' shape={self.shape} "
                f"dtype={self.dtype.name}_ref>")

    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __getitem__(self, key):
        return self._snapshot[key]

    def __iter__(self):
        return iter(self._snapshot)

    def __len__(self):
        return len(self._snapshot)

    def __bool__(self):
        return self._snapshot.__bool__()

    def __array__(self, dtype=None, copy=None):
        return self._snapshot.__array__(dtype)

    __array_priority__ = 100


_operators.install(Variable)


def _in_function():
    return _g.function_graph() is not None


def _read(var):
    return ReadVariable(var._var_name).bind(var._variable, name=var._var_name + "/read_value")


def _assign(cls, var, value, name, read_value, validate_shape=True):
    graph = var._graph
    with graph.as_default() if graph is not _g.get_default_graph() else _nullcontext():
        if isinstance(value, _g.Tensor) or hasattr(value, "_as_tensor"):
            value = convert_to_tensor(value)  # a dtype mismatch: TypeError from infer, as TF
        else:
            value = convert_to_tensor(value, dtype=var.dtype)
        args = (var._var_name, validate_shape) if cls is Assign else (var._var_name,)
        out = cls(*args).bind(var._variable, value, name=name)
    return out if read_value else out.op


class _nullcontext:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


from .ops.registry import Op, register  # noqa: E402


@register
class InitializedValue(Op):
    """The variable's value when initialized, else its initial value."""

    stateful = True
    ref_inputs = (0,)

    def __init__(self, var_name):
        self.var_name = var_name

    def infer(self, ref, init):
        return Spec(init.shape, init.dtype)

    def make_kernel(self, ctx, node):
        variables, key = ctx.variables, self.var_name
        return lambda init: variables.get(key, init)

    def gradient(self, g, y, ref, init):
        return None, g


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """``ref.assign(value)`` as a function."""
    if validate_shape is None:
        return ref.assign(value, name=name)
    return _assign(Assign, ref, value, name or "Assign", True, validate_shape)


def assign_add(ref, value, use_locking=None, name=None):
    """``ref.assign_add(value)`` as a function."""
    return ref.assign_add(value, name=name)


def assign_sub(ref, value, use_locking=None, name=None):
    """``ref.assign_sub(value)`` as a function."""
    return ref.assign_sub(value, name=name)


# -- collections and initializers ----------------------------------------------------------
def global_variables(scope=None):
    """Variables in the ``GLOBAL_VARIABLES`` collection (optionally filtered by ``scope``)."""
    return _g.get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


all_variables = global_variables


def trainable_variables(scope=None):
    """Variables created with ``trainable=True``: what optimizers update by default."""
    return _g.get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    return _g.get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None):
    return _g.get_collection(GraphKeys.MODEL_VARIABLES, scope)


def moving_average_variables(scope=None):
    return _g.get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)


def variables_initializer(var_list, name="init"):
    """An op that runs the initializers of ``var_list``."""
    if var_list:
        return _control.group(*[v.initializer for v in var_list], name=name)
    return _control.no_op(name=name)


def global_variables_initializer():
    """An op (named ``"init"``) that initializes every global variable.

    Example:
        >>> sess.run(tf.global_variables_initializer())
    """
    return variables_initializer(global_variables())


initialize_all_variables = global_variables_initializer
initialize_variables = variables_initializer


def local_variables_initializer():
    return variables_initializer(local_variables())  # named "init", made unique, as in TF


initialize_local_variables = local_variables_initializer


def is_variable_initialized(variable):
    """A bool tensor: whether ``variable`` has a value in the session."""
    return IsVariableInitialized(variable._var_name).bind(variable._variable,
                                                          name="IsVariableInitialized")


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A string tensor with the names of the uninitialized variables of ``var_list``."""
    from .ops.shape import stack
    from .ops.math import logical_not
    from .ops.creation import constant
    import numpy as np
    if var_list is None:
        var_list = global_variables() + local_variables()
    with _g.name_scope(name):
        if not var_list:
            return constant(np.array([], dtype=object))
        flags = stack([logical_not(is_variable_initialized(v)) for v in var_list])
        return _BooleanMask().bind(constant(np.array([v.op.name.encode() for v in var_list],
                                                     dtype=object)), flags)


@register
class _BooleanMask(Op):
    type_name = "BooleanMask"
    fresh_output = True
    differentiable = False

    def infer(self, x, mask):
        return Spec((None,), x.dtype)

    def forward(self, xp, x, mask):
        return x[mask]
