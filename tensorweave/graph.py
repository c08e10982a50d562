"""The static graph: ``Graph``, ``Operation`` and ``Tensor``, names, scopes and collections.

A ``Graph`` owns its operations. Each ``Operation`` holds one ``Op`` (the primitive: its
attributes, shape rule, forward and gradient), its input tensors, its control inputs and its
output tensors. Nothing here computes: values exist only inside a ``Session`` run.
"""

import contextlib
import os
import re
import sys
import threading

from .shapes import KerasShape, TensorShape

__all__ = [
    "Graph", "Operation", "Tensor", "GraphKeys", "get_default_graph", "reset_default_graph",
    "name_scope", "control_dependencies", "add_to_collection", "add_to_collections",
    "get_collection", "get_collection_ref", "device", "colocate_with",
]

_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
_VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")


class GraphKeys:
    """Standard collection names (``tf.GraphKeys``)."""

    GLOBAL_VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    TRAIN_OP = "train_op"
    GLOBAL_STEP = "global_step"
    VARIABLES = GLOBAL_VARIABLES


class Tensor:
    """A symbolic value: output ``value_index`` of an ``Operation``.

    Tensors carry a static ``shape`` (dims may be unknown) and a ``dtype``; they have no value
    until a ``Session`` runs them. Python operators build ops: ``a + b``, ``a @ b``, ``a[0]``.
    """

    __array_priority__ = 100  # so that ndarray (op) Tensor defers to the Tensor's operator
    _keras_history = None     # set on Keras symbolic tensors (keras/layers/layer.py)

    def __init__(self, op, value_index, dtype, shape):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = shape if isinstance(shape, TensorShape) else TensorShape(shape)
        self._consumers = []

    # -- identity --------------------------------------------------------------------------
    @property
    def op(self):
        return self._op

    @property
    def value_index(self):
        return self._value_index

    @property
    def graph(self):
        return self._op.graph

    @property
    def name(self):
        return f"{self._op.name}:{self._value_index}"

    @property
    def dtype(self):
        return self._dtype

    @property
    def device(self):
        return ""

    @property
    def shape(self):
        """The static shape: a ``TensorShape``; for a Keras symbolic tensor seen from user
        code, a ``KerasShape`` (a tuple of ints and None, as Keras 3 gives)."""
        if self._keras_history is not None and self._shape._dims is not None and \
                not sys._getframe(1).f_globals.get("__name__", "").startswith("tensorweave"):
            return KerasShape(self._shape._dims)
        return self._shape

    def get_shape(self):
        return self._shape

    def set_shape(self, shape):
        """Narrows the static shape; raises ValueError if ``shape`` is incompatible."""
        self._shape = self._shape.merge_with(shape)

    def consumers(self):
        return list(self._consumers)

    # -- running -----------------------------------------------------------------------------
    def eval(self, feed_dict=None, session=None):
        """Runs the graph to compute this tensor in ``session`` (default: the default session)."""
        from .session import _session_for
        return _session_for(self.graph, session, "Tensor.eval()").run(self, feed_dict)

    def __repr__(self):
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def __str__(self):
        return (f'Tensor("{self.name}", shape={self._shape}, dtype={self._dtype.name})')

    __hash__ = object.__hash__

    def __eq__(self, other):
        # TF 1 graph tensors compare by identity (they are dict keys); in a TF 2 program
        # (a tw.function's trace, a tf.data map function, a Keras layer's call) user code's
        # ``==`` is elementwise, as TF 2's, while tensorweave's own code keeps identity
        if _elementwise_equality():
            from .ops.math import equal
            return _compare(equal, self, other, False)
        return self is other

    def __ne__(self, other):
        if _elementwise_equality():
            from .ops.math import not_equal
            return _compare(not_equal, self, other, True)
        return self is not other

    __hash__ = object.__hash__  # (defining __eq__ would drop it)

    def __bool__(self):
        _fallback_if_tracing("a Python condition on a tensor")
        raise TypeError("Using a `tf.Tensor` as a Python `bool` is not allowed in graph mode. "
                        "Use `if t is not None:` to test for None, or tf.cond to branch on "
                        "its value.")

    def __iter__(self):
        dims = self._shape.as_tuple()
        if not dims or dims[0] is None:
            _fallback_if_tracing("a Python loop over a tensor")
            raise TypeError(f"Tensor {self.name} with shape {self._shape} is not iterable: its "
                            "first dimension must be known. Use tf.unstack or tf.map_fn.")
        return iter([self[i] for i in range(dims[0])])

    def __len__(self):
        dims = self._shape.as_tuple()
        if not dims or dims[0] is None:
            raise TypeError(f"len is not well defined for Tensor {self.name} with shape "
                            f"{self._shape}; use tf.shape(x)[0].")
        return dims[0]

    def numpy(self):
        """This tensor's value as a NumPy array, computed now, when it needs no feed: for
        Keras-style code on arrays (``keras.losses.MeanSquaredError()(y, p).numpy()``,
        ``float(...)``, ``np.asarray(...)``), as an eager tensor answers. It runs in the
        default session when that is this graph's, else in the graph's Keras session
        (``tensorweave.keras.backend.get_session``, which initializes Keras's variables).
        A value made of constants and random ops only is computed once and kept (a second
        call gives the same random numbers, as an eager tensor would); one that reads
        variables is computed again at each call. Raises ``NotImplementedError`` when the
        value depends on a placeholder (feed it: ``sess.run(tensor, feed_dict)``)."""
        kept = getattr(self, "_numpy_value", None)
        if kept is not None:
            return kept.copy()
        needs, reads_state = needed_feed_and_state(self)
        if needs is not None:
            _fallback_if_tracing("a tensor's value in Python")
            raise NotImplementedError(
                f"Cannot convert a symbolic Tensor ({self.name}) to a numpy array: its value "
                f"depends on the placeholder {needs.name}, which must be fed. Run it in a "
                "Session with a feed: sess.run(tensor, feed_dict={placeholder: value}).")
        import numpy as np

        from . import session as _session
        sess = _session.get_default_session()
        if sess is None or sess.graph is not self.graph:
            from .keras import backend as _kb
            sess = _kb.get_session(self.graph)
        value = np.asarray(sess.run(self))
        if not reads_state:
            self._numpy_value = value
            return value.copy()
        return value

    def __array__(self, dtype=None, copy=None):
        value = self.numpy()  # a fresh array: copy or not, nobody else holds it
        return value if dtype is None else value.astype(dtype, copy=False)

    def __float__(self):
        return float(self.numpy())

    def __int__(self):
        return int(self.numpy())

    # -- operators (defined in ops/operators.py to keep this module free of op code) ------
    def __getitem__(self, key):
        from .ops import shape as _s
        return _s.getitem(self, key)


_mode = {"eager": False}  # context.py's mode (set when it is imported)
# how deep the thread is in TF 2 function bodies traced as graphs: a tf.data function, a
# Keras layer's ``call`` (tw.function traces are recognized by their graph)
_tf2_bodies = threading.local()


@contextlib.contextmanager
def tf2_function_body():
    """Marks a block that traces TF 2 code into a graph (``==`` elementwise there)."""
    _tf2_bodies.depth = getattr(_tf2_bodies, "depth", 0) + 1
    try:
        yield
    finally:
        _tf2_bodies.depth -= 1


def _own_module(name):
    return name == "tensorweave" or name.startswith("tensorweave.")


def _elementwise_equality():
    """Whether ``==`` on a graph tensor is elementwise here, as TF 2's: a TF 2 program
    (eager mode selected), a caller outside tensorweave's own code, and inside a function
    body traced as a graph (a tw.function, a tf.data function, a Keras layer's ``call``).
    Elsewhere graph tensors compare by identity: TF 1 graphs, an explicit ``with
    graph.as_default()`` block, and Keras 3's symbolic tensors (``b in [a, b]``)."""
    if not _mode["eager"]:
        return False
    if not getattr(_tf2_bodies, "depth", 0) and function_graph() is None:
        return False
    return not _own_module(sys._getframe(2).f_globals.get("__name__", ""))


def _compare(op, a, b, otherwise):
    """``op(a, b)`` (tf.equal / tf.not_equal), or ``otherwise`` when the two cannot be
    compared (None, another kind of object, shapes that do not broadcast), as TF 2 does."""
    from . import errors as _errors
    if b is None:
        return otherwise
    try:
        return op(a, b)
    except (TypeError, ValueError, _errors.InvalidArgumentError):
        return otherwise


def _fallback_if_tracing(what):
    """Inside a ``tw.function`` trace, Python code that needs a tensor's value (``if t:``,
    ``float(t)``) makes the function run eagerly instead (function.EagerFallback)."""
    from .function import fallback_if_tracing
    fallback_if_tracing(what)


def needed_feed_and_state(t):
    """(a placeholder without default that ``t``'s value depends on, or None; whether the
    value reads session state: a variable). Used by ``Tensor.numpy`` and by tf.data's
    one-shot iterators (which cannot capture a placeholder)."""
    seen, stack, state = set(), [t.op], False
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type == "Placeholder":
            return op.outputs[0], state
        if op.type in ("VariableV2", "Variable", "VarHandleOp", "ReadVariableOp") or \
                getattr(op.primitive, "writes_state", False):
            state = True
        stack.extend(i.op for i in op.inputs)
        stack.extend(op.control_inputs)
    return None, state


class Operation:
    """A node of the graph: one primitive ``Op`` applied to input tensors.

    Attributes:
        name: unique name in the graph (``"layer1/MatMul"``).
        type: the primitive's TensorFlow type name (``"MatMul"``).
        inputs: the input tensors; ``control_inputs``: operations that must run first.
        outputs: the output tensors.
    """

    def __init__(self, graph, op, name, inputs, control_inputs, out_specs):
        self._graph = graph
        self._op = op
        self._name = name
        self._inputs = tuple(inputs)
        self._control_inputs = list(control_inputs)
        self._outputs = [Tensor(self, i, s.dtype, s.shape) for i, s in enumerate(out_specs)]
        self._id = graph._next_id()
        self._control_outputs = []
        for t in self._inputs:
            t._consumers.append(self)
        for c in self._control_inputs:
            c._control_outputs.append(self)
        self._traceback_line = None
        self._cond_ctx = None

    @property
    def name(self):
        return self._name

    @property
    def type(self):
        return self._op.type_name

    @property
    def op_def(self):
        return self._op

    @property
    def primitive(self):
        """The ``Op`` instance: attributes and the rules for shape, forward and gradient."""
        return self._op

    @property
    def graph(self):
        return self._graph

    @property
    def inputs(self):
        return self._inputs

    @property
    def control_inputs(self):
        return list(self._control_inputs)

    @property
    def outputs(self):
        return list(self._outputs)

    @property
    def device(self):
        return ""

    def get_attr(self, name):
        attrs = self._op.attrs()
        if name not in attrs:
            raise ValueError(f"Operation '{self._name}' ({self.type}) has no attr named "
                             f"'{name}'; it has {sorted(attrs)}")
        return attrs[name]

    @property
    def node_def(self):
        """A dict in the shape of TF's NodeDef: name, op, input, attr."""
        return {
            "name": self._name, "op": self.type,
            "input": [t.name if t.value_index else t.op.name for t in self._inputs]
            + ["^" + c.name for c in self._control_inputs],
            "attr": self._op.attrs(),
        }

    def _add_control_input(self, op):
        if op not in self._control_inputs:
            self._control_inputs.append(op)
            op._control_outputs.append(self)
            self._graph._version += 1

    def run(self, feed_dict=None, session=None):
        """Runs this operation in ``session`` (default: the default session)."""
        from .session import _session_for
        _session_for(self._graph, session, "Operation.run()").run(self, feed_dict)

    def __repr__(self):
        return f"<tf.Operation '{self._name}' type={self.type}>"

    def __str__(self):
        return f"name: \"{self._name}\"\nop: \"{self.type}\""


class Graph:
    """A TensorFlow graph: operations, name scopes, control-dependency scopes, collections."""

    _is_function = False  # a tw.function trace's graph (function.FuncGraph) says True

    def __init__(self):
        self._ops_by_name = {}
        self._ops = []
        self._names_in_use = {}
        self._name_stack = ""
        self._control_stack = []
        self._collections = {}
        self._id_counter = 0
        self._version = 0
        self._finalized = False
        self.seed = None
        self._variable_store = None  # variable_scope's store, created on demand
        self._cond_ctx = None  # the innermost tf.cond branch being built
        self._lock = threading.RLock()

    # -- building ------------------------------------------------------------------------
    def _next_id(self):
        self._id_counter += 1
        return self._id_counter

    @property
    def _last_id(self):
        return self._id_counter

    @property
    def version(self):
        return self._version

    @property
    def finalized(self):
        return self._finalized

    def finalize(self):
        """Makes this graph read-only: adding an op afterwards raises RuntimeError."""
        self._finalized = True

    def _unsafe_unfinalize(self):
        self._finalized = False

    def _create_op(self, op, inputs, name, out_specs, control_inputs=()):
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        controls = []
        for frame in self._control_stack:
            for c in frame:
                if c not in controls:
                    controls.append(c)
        for c in control_inputs:
            if c not in controls:
                controls.append(c)
        ctx = self._cond_ctx
        if ctx is not None or any(t.op._cond_ctx is not None for t in inputs):
            inputs = self._enter_cond(op, inputs, ctx)
        operation = Operation(self, op, name, inputs, controls, out_specs)
        operation._traceback_line = _user_location()
        operation._cond_ctx = ctx
        self._ops_by_name[name] = operation
        self._ops.append(operation)
        self._version += 1
        return operation

    def _add_imported_op(self, op, inputs, name, out_specs, control_inputs=(), cond_ctx=None):
        """Adds an operation exactly as described (``import_meta_graph``): this ``name``,
        these inputs, control inputs and branch context, ignoring the current control
        dependencies and ``tf.cond`` branch. ``name`` must be free; it is marked as used."""
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        assert name not in self._ops_by_name, name
        operation = Operation(self, op, name, inputs, control_inputs, out_specs)
        operation._cond_ctx = cond_ctx
        self._ops_by_name[name] = operation
        self._ops.append(operation)
        self._names_in_use.setdefault(name.lower(), 1)  # as TF marks imported names
        self._version += 1
        return operation

    # -- conditional execution (tf.cond) ---------------------------------------------------
    def _enter_cond(self, op, inputs, ctx):
        """Routes inputs made outside the current branch through ``Switch`` ops (one per
        tensor and branch), so the branch only sees values when it runs and gradients leave
        it through a ``Merge``. Raises ValueError for a tensor of another branch."""
        kind = op.type_name
        if kind == "Merge":
            return inputs  # joins its branches' outputs by design
        out = []
        for t in inputs:
            tctx = t.op._cond_ctx
            if tctx is ctx or kind == "Switch":
                out.append(t)
            elif _is_ancestor(tctx, ctx):
                out.append(self._switched(t, ctx))
            else:
                raise ValueError(
                    f"Tensor {t.name} was created in a tf.cond branch and cannot be used "
                    "outside it. Return it from the branch function and use the output of "
                    "tf.cond instead.")
        return out

    def _switched(self, t, ctx):
        if t.op._cond_ctx is ctx:
            return t
        cached = ctx.switches.get(id(t))
        if cached is not None:
            return cached
        outer = self._switched(t, ctx.parent) if ctx.parent is not None else t
        from .ops.control import Switch
        saved, self._cond_ctx = self._cond_ctx, ctx
        try:
            spec = Switch().infer(_spec_of(outer))
            sw = self._create_op(Switch(), [outer], self.unique_name("Switch"), [spec])
        finally:
            self._cond_ctx = saved
        ctx.switches[id(t)] = sw.outputs[0]
        return sw.outputs[0]

    @contextlib.contextmanager
    def _cond_branch(self, pred, branch):
        """Ops made inside run only when ``pred`` (a bool scalar) equals ``branch``."""
        ctx = CondContext(pred, branch, self._cond_ctx)
        saved, self._cond_ctx = self._cond_ctx, ctx
        try:
            yield ctx
        finally:
            self._cond_ctx = saved

    @contextlib.contextmanager
    def _cond_scope(self, ctx):
        """Makes ``ctx`` (None: unconditional) the current branch context."""
        saved, self._cond_ctx = self._cond_ctx, ctx
        try:
            yield
        finally:
            self._cond_ctx = saved

    def unique_name(self, name, mark_as_used=True):
        """``name`` under the current name scope, suffixed ``_1``, ``_2`` … if already used."""
        if self._name_stack:
            name = self._name_stack + "/" + name
        key = name.lower()
        i = self._names_in_use.get(key, 0)
        if mark_as_used:
            self._names_in_use[key] = i + 1
        if i > 0:
            base = key
            while key in self._names_in_use:
                key = f"{base}_{i}"
                i += 1
            if mark_as_used:
                self._names_in_use[key] = 1
            name = f"{name}_{i - 1}"
        return name

    def get_name_scope(self):
        return self._name_stack

    @contextlib.contextmanager
    def name_scope(self, name):
        """Opens a name scope; ``None`` or ``""`` resets to the top, a trailing ``/`` reuses it."""
        old = self._name_stack
        if name:
            if name.endswith("/"):
                new = name[:-1]
            else:
                if not _VALID_SCOPE_NAME.match(name):
                    raise ValueError(f"'{name}' is not a valid scope name")
                new = self.unique_name(name)
        else:
            new = ""
        self._name_stack = new
        try:
            yield (new + "/") if new else ""
        finally:
            self._name_stack = old

    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created inside depend on ``control_inputs`` (ops or tensors); ``None`` clears."""
        if control_inputs is None:
            saved, self._control_stack = self._control_stack, []
            try:
                yield
            finally:
                self._control_stack = saved
            return
        frame = []
        for c in control_inputs:
            c = _as_control_op(c, self)
            if c not in frame:
                frame.append(c)
        self._control_stack.append(frame)
        try:
            yield
        finally:
            self._control_stack.pop()

    @contextlib.contextmanager
    def as_default(self):
        """Makes this graph the default graph inside the ``with`` block."""
        _default_stack().append(self)
        _adjust_entered(1)
        try:
            yield self
        finally:
            stack = _default_stack()
            if stack and stack[-1] is self:
                stack.pop()
                _adjust_entered(-1)
            elif self in stack:
                stack.remove(self)
                _adjust_entered(-1)

    @contextlib.contextmanager
    def device(self, device_name_or_function):
        yield

    @contextlib.contextmanager
    def colocate_with(self, op, ignore_existing=False):
        yield

    @contextlib.contextmanager
    def gradient_override_map(self, op_type_map):
        yield

    # -- lookups --------------------------------------------------------------------------
    def get_operations(self):
        return list(self._ops)

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not {type(name)}.")
        try:
            return self._ops_by_name[name]
        except KeyError:
            raise KeyError(f"The name '{name}' refers to an Operation not in the graph.") \
                from None

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings (or similar), not {type(name)}.")
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """Resolves a Tensor, Operation, Variable or name to an element of this graph."""
        if isinstance(obj, str):
            name = obj
            if ":" in name:
                if not allow_tensor:
                    raise ValueError(f"Name '{name}' appears to refer to a Tensor, not an "
                                     "Operation.")
                op_name, _, idx = name.rpartition(":")
                try:
                    idx = int(idx)
                except ValueError:
                    raise ValueError(f"The name '{name}' looks like a Tensor name, but is "
                                     "not a valid one. Tensor names must be of the form "
                                     "\"<op_name>:<output_index>\".") from None
                op = self._ops_by_name.get(op_name)
                if op is None:
                    raise KeyError(f"The name '{name}' refers to a Tensor which does not "
                                   f"exist. The operation, '{op_name}', does not exist in the "
                                   "graph.")
                if idx >= len(op._outputs):
                    raise KeyError(f"The name '{name}' refers to a Tensor which does not "
                                   f"exist. The operation, '{op_name}', exists but only has "
                                   f"{len(op._outputs)} outputs.")
                return op._outputs[idx]
            if not allow_operation:
                raise ValueError(f"The name '{name}' looks like an (invalid) Operation name, "
                                 "not a Tensor. Tensor names must be of the form "
                                 "\"<op_name>:<output_index>\".")
            op = self._ops_by_name.get(name)
            if op is None:
                raise KeyError(f"The name '{name}' refers to an Operation not in the graph.")
            return op
        if hasattr(obj, "_as_graph_element"):
            obj = obj._as_graph_element()
        if isinstance(obj, Tensor):
            if not allow_tensor:
                raise TypeError(f"Can not convert a Tensor into an Operation: {obj}")
            if obj.graph is not self:
                raise ValueError(f"Tensor {obj} is not an element of this graph.")
            return obj
        if isinstance(obj, Operation):
            if not allow_operation:
                raise TypeError(f"Can not convert an Operation into a Tensor: {obj}")
            if obj.graph is not self:
                raise ValueError(f"Operation {obj!r} is not an element of this graph.")
            return obj
        kinds = " or ".join(k for k, ok in (("Tensor", allow_tensor),
                                            ("Operation", allow_operation)) if ok)
        raise TypeError(f"Can not convert a {type(obj).__name__} into a {kinds}.")

    # -- collections ---------------------------------------------------------------------
    def add_to_collection(self, name, value):
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        if isinstance(names, str):
            names = [names]
        for n in set(names):
            self.add_to_collection(n, value)

    def get_collection_ref(self, key):
        return self._collections.setdefault(key, [])

    def get_collection(self, key, scope=None):
        items = list(self._collections.get(key, []))
        if scope is None:
            return items
        pattern = re.compile(scope)
        out = []
        for item in items:
            name = getattr(item, "name", None)
            if name is not None and pattern.match(name):
                out.append(item)
        return out

    def get_all_collection_keys(self):
        return [k for k, v in self._collections.items() if v]

    def clear_collection(self, name):
        self._collections.pop(name, None)

    def __repr__(self):
        return f"<tensorweave.Graph with {len(self._ops)} ops>"


class CondContext:
    """One branch of a ``tf.cond``: its ops run only when ``pred`` equals ``branch``."""

    def __init__(self, pred, branch, parent):
        self.pred = pred
        self.branch = bool(branch)
        self.parent = parent
        self.switches = {}

    def chain(self):
        """(pred, branch) pairs from this context out to the outermost."""
        out, c = [], self
        while c is not None:
            out.append((c.pred, c.branch))
            c = c.parent
        return out


def _is_ancestor(outer, inner):
    """True when context ``outer`` (None = top level) encloses context ``inner``."""
    if outer is None:
        return True
    c = inner
    while c is not None:
        if c is outer:
            return True
        c = c.parent
    return False


def _spec_of(t):
    from .ops.registry import Spec
    return Spec(t.shape.as_tuple(), t.dtype)


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _user_location():
    """``file:line`` of the innermost caller outside tensorweave (where the user built it)."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
    if frame is None:
        return None
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"


def _as_control_op(c, graph):
    if hasattr(c, "_as_graph_element"):
        c = c._as_graph_element()
    if isinstance(c, Tensor):
        return c.op
    if isinstance(c, Operation):
        return c
    if hasattr(c, "op") and isinstance(c.op, Operation):  # e.g. a Variable
        return c.op
    raise TypeError(f"Control input must be an Operation or a Tensor, got "
                    f"{type(c).__name__}: {c!r}")


# -- the default graph ------------------------------------------------------------------------
class _State(threading.local):
    def __init__(self):
        self.stack = []


_state = _State()
_global_default = [None]
# Graphs entered with ``as_default()`` (and changed by ``init_scope``) in all threads: while
# none is, no thread builds a graph and the eager operators may take their fast path
# (``context._fast``, kept current by the hook ``context`` installs here).
_entered = [0]
_entered_lock = threading.Lock()
_entered_changed = [lambda: None]


def _adjust_entered(n):
    if n:
        with _entered_lock:
            _entered[0] += n
        _entered_changed[0]()


def _default_stack():
    return _state.stack


def get_default_graph():
    """The graph that new ops go to: the innermost ``as_default()`` one, else the global one."""
    stack = _state.stack
    if stack:
        return stack[-1]
    if _global_default[0] is None:
        _global_default[0] = Graph()
    return _global_default[0]


def _has_explicit_default():
    return bool(_state.stack)


def function_graph():
    """The ``tw.function`` graph (``FuncGraph``) new ops go to, or None."""
    stack = _state.stack
    return stack[-1] if stack and stack[-1]._is_function else None


def reset_default_graph():
    """Clears the global default graph (not allowed inside a ``with graph.as_default()``)."""
    if _state.stack:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. "
                             "If you need a cleared graph, exit the nesting and create a "
                             "new graph.")
    _global_default[0] = Graph()


class name_scope:  # noqa: N801 - TensorFlow's name
    """``with tf.name_scope("layer1") as scope:`` prefixes the names of the ops made inside.

    Accepts TF1's ``(name, default_name=None, values=None)``: with ``name=None`` the
    ``default_name`` is used (made unique).
    """

    def __init__(self, name, default_name=None, values=None):
        self._name = default_name if name is None else name
        self._values = values
        self._cm = None

    def __enter__(self):
        graph = _graph_of(self._values) if self._values else get_default_graph()
        name = self._name
        from .context import executing_eagerly
        if name and not name.endswith("/") and executing_eagerly():
            # eager mode names nothing uniquely (TF 2): the scope is the name, nested
            if not _VALID_SCOPE_NAME.match(name):
                raise ValueError(f"'{name}' is not a valid scope name")
            name = f"{graph._name_stack}/{name}/" if graph._name_stack else name + "/"
        self._cm = graph.name_scope(name)
        return self._cm.__enter__()

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


def _graph_of(values):
    for v in values:
        g = getattr(v, "graph", None)
        if isinstance(g, Graph):
            return g
    return get_default_graph()


def control_dependencies(control_inputs):
    """``with tf.control_dependencies([a, b]):`` ops made inside run after ``a`` and ``b``.
    Executing eagerly, ops run in program order: it does nothing (as in TF 2)."""
    from .context import executing_eagerly
    if executing_eagerly():
        return contextlib.nullcontext()
    return get_default_graph().control_dependencies(control_inputs)


def device(device_name):
    """Accepted for compatibility; tensorweave places all ops on the session's backend."""
    return get_default_graph().device(device_name)


def colocate_with(op, ignore_existing=False):
    return get_default_graph().colocate_with(op, ignore_existing)


def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    get_default_graph().add_to_collections(names, value)


def get_collection(key, scope=None):
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)
