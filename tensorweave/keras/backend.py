"""The Keras backend on tensorweave graphs: the session that holds a graph's Keras state,
``Variable`` (a layer weight with ``numpy()`` and ``assign``), names, seeds and the call
context that carries ``training`` and collects updates and losses.

Keras objects live in the default tensorweave graph (as ``tf.keras`` did in TensorFlow 1), so
``set_random_seed`` on that graph makes them reproducible and their ops mix with TF1 code.
The values of their variables live in one ``Session`` per graph (``get_session()``); new
variables are initialized the first time that session is asked for.
"""

import contextlib
import re
import threading

import numpy as np

from .. import dtypes as _dt
from .. import graph as _g
from ..ops import operators as _operators
from ..session import Session
from ..variables import Variable as _TwVariable
from ..function import fallback_if_tracing as _fallback_if_tracing
from ..function import EagerFallback as _EagerFallback
from ..function import keras_read as _keras_read
from ..function import keras_trace as _keras_trace
from ..function import keras_wrote as _keras_wrote
from .. import tape as _tape
from ..context import executing_eagerly as _executing_eagerly
from ..eager import EagerTensor as _EagerTensor
from ..eager_variables import _ids as _variable_ids

__all__ = [
    "Variable", "get_session", "set_session", "clear_session", "floatx", "set_floatx",
    "epsilon", "set_epsilon", "image_data_format", "set_image_data_format", "get_uid",
    "reset_uids", "get_value", "set_value", "batch_get_value", "batch_set_value",
    "is_keras_tensor", "standardize_dtype", "backend", "int_shape", "count_params",
]

_FLOATX = ["float32"]
_EPSILON = [1e-7]
_IMAGE_DATA_FORMAT = ["channels_last"]


def backend():
    """The name of the backend: ``"tensorweave"``."""
    return "tensorweave"


def floatx():
    """The default float type of new weights and inputs: ``"float32"``."""
    return _FLOATX[0]


def set_floatx(value):
    if value not in ("float16", "float32", "float64"):
        raise ValueError(f"Unknown floatx type: {value!r}; expected 'float16', 'float32' "
                         "or 'float64'")
    _FLOATX[0] = value


def epsilon():
    """The fuzz factor of losses and metrics (``1e-7``)."""
    return _EPSILON[0]


def set_epsilon(value):
    _EPSILON[0] = float(value)


def image_data_format():
    return _IMAGE_DATA_FORMAT[0]


def set_image_data_format(data_format):
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"Unknown data_format: {data_format!r}")
    _IMAGE_DATA_FORMAT[0] = data_format


def standardize_dtype(dtype):
    """A dtype (string, NumPy or tensorweave) → its name (``"float32"``); None → floatx."""
    if dtype is None:
        return floatx()
    if isinstance(dtype, str) and dtype == "int":
        return "int32"
    return _dt.as_dtype(np.dtype(dtype) if not isinstance(dtype, (str, _dt.DType))
                        else dtype).name


# -- names ---------------------------------------------------------------------------------
_UIDS = {}


def get_uid(prefix=""):
    """1, 2, 3 … for each call with the same ``prefix`` (reset by ``clear_session``)."""
    _UIDS[prefix] = _UIDS.get(prefix, 0) + 1
    return _UIDS[prefix]


def reset_uids():
    _UIDS.clear()


def unique_name(base):
    """``base`` the first time, then ``base_1``, ``base_2`` … (Keras's layer names)."""
    n = get_uid(base)
    return base if n == 1 else f"{base}_{n - 1}"


def auto_name(class_name):
    """A unique snake-case name from a class name, as Keras names optimizers (``RMSprop`` →
    ``rm_sprop``, a second ``Adam`` → ``adam_1``); counts shared with :func:`unique_name`."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return unique_name(re.sub("([a-z])([A-Z])", r"\1_\2", name).lower())


# -- seeds -----------------------------------------------------------------------------------
class _SeedState:
    seed = None
    counter = 0


def set_global_seed(seed):
    """Makes the op seeds of Keras initializers and dropout a fixed sequence from ``seed``."""
    _SeedState.seed = None if seed is None else int(seed)
    _SeedState.counter = 0


def next_op_seed(seed=None):
    """The op seed for a new random op: ``seed`` if given; with a global Keras seed the next
    of a deterministic sequence; else None (tensorweave's graph-level seed rules apply)."""
    if seed is not None:
        return int(seed)
    if _SeedState.seed is None:
        return None
    _SeedState.counter += 1
    return (_SeedState.seed * 1000003 + _SeedState.counter) % (2 ** 31 - 1)


# -- sessions ----------------------------------------------------------------------------------
# A graph carries its Keras session (``graph._keras_session``) and the Keras variables not
# yet initialized in it (``graph._keras_pending``): both go when the graph goes.


def _pending(graph):
    pending = getattr(graph, "_keras_pending", None)
    if pending is None:
        pending = graph._keras_pending = []
    return pending


def get_session(graph=None):
    """The session holding the Keras state of ``graph`` (default: the default graph), with
    every Keras variable made so far initialized."""
    graph = graph if graph is not None else _g.get_default_graph()
    sess = getattr(graph, "_keras_session", None)
    if sess is None or sess._closed:
        sess = graph._keras_session = Session(graph=graph)
    pending = _pending(graph)
    if pending:
        todo = list(pending)
        pending.clear()
        sess.run([v._var.initializer for v in todo])
    return sess


def set_session(session):
    """Makes ``session`` hold the Keras state of its graph (TF1's ``K.set_session``)."""
    session.graph._keras_session = session


def clear_session(free_memory=True):
    """Forgets Keras state: layer names restart (``dense``, ``dense_1`` …), and the default
    graph is replaced by a new one (unless a graph is entered with ``as_default()``)."""
    reset_uids()
    if not _g._has_explicit_default():
        old = _g.get_default_graph()
        sess = getattr(old, "_keras_session", None)
        if sess is not None:
            sess.close()
            old._keras_session = None
        _g.reset_default_graph()
        if _SeedState.seed is not None:
            from ..ops.random import set_random_seed
            set_random_seed(_SeedState.seed)


def run(fetches, feed_dict=None, graph=None):
    """``get_session(graph).run(fetches, feed_dict)``."""
    return get_session(graph).run(fetches, feed_dict)


# -- variables ---------------------------------------------------------------------------------
class Variable:
    """A Keras weight: a tensorweave Variable named ``path`` (``"dense/kernel"``) whose value
    lives in the Keras session.

    Use it in ops like a tensor (``ops.matmul(x, layer.kernel)``); read it with ``numpy()``;
    set it with ``assign(array)`` (at once) — ``assign(tensor)`` instead returns the graph op.

    Args:
        initializer: a callable ``init(shape, dtype)`` returning a tensor, or an array.
        shape: the shape (a tuple of ints); taken from ``initializer`` when it is an array.
        dtype: the element type (default ``floatx()``).
        trainable: whether optimizers update it.
        name: the short name (``"kernel"``); path: the full name (``"dense/kernel"``, or
            ``"sequential/dense/kernel"`` for a layer built inside a model).
        graph_name: the name of the underlying graph variable (default: ``path``).
    """

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, name="variable",
                 path=None, regularizer=None, constraint=None, aggregation=None,
                 synchronization=None, graph_name=None):
        dtype = standardize_dtype(dtype)
        graph = _g.get_default_graph()
        if callable(initializer):
            if shape is None:
                raise ValueError(f"Variable {name!r}: a shape is needed with an initializer")
            shape = tuple(int(d) for d in shape)

            def initial_value():
                return initializer(shape, dtype=dtype)
        else:
            initial_value = np.asarray(initializer, dtype=dtype)
            shape = initial_value.shape if shape is None else tuple(int(d) for d in shape)
        self._name = name
        self._path = path or name
        self._graph_name = graph_name or self._path
        self._shape = tuple(shape)
        self._dtype = dtype
        self._trainable = bool(trainable)
        self.regularizer = regularizer
        self.constraint = constraint
        self._graph = graph
        # entered explicitly: a graph variable even while executing eagerly (Keras state
        # lives in the graph's Keras session)
        with graph.as_default(), graph.name_scope(None):
            self._var = _TwVariable.in_graph(initial_value, trainable=trainable,
                                             name=self._graph_name, dtype=dtype)
        _pending(graph).append(self)
        self._unique_id = next(_variable_ids)  # what a GradientTape knows it by

    # -- identity ----------------------------------------------------------------------------
    @property
    def name(self):
        return self._name

    @property
    def path(self):
        return self._path

    @property
    def shape(self):
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def ndim(self):
        return len(self._shape)

    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = bool(value)

    @property
    def graph(self):
        return self._graph

    @property
    def variable(self):
        """The tensorweave ``Variable``."""
        return self._var

    @property
    def value(self):
        """The variable's value as a graph tensor (its snapshot at the start of a run);
        executing eagerly, its current value (an eager tensor a GradientTape watches)."""
        if _executing_eagerly():
            return self._eager_read()
        _keras_read(self)
        return self._var.value()

    def read_value(self):
        """A read of the variable ordered after the current control dependencies."""
        if _executing_eagerly():
            return self._eager_read()
        _keras_read(self)
        return self._var.read_value()

    def _as_tensor(self):
        if _executing_eagerly():
            return self._eager_read()
        _fallback_if_tracing(f"Keras variable {self._path}", keras=True, graph=self._graph)
        _keras_read(self)
        return self._var.value()

    def _eager_read(self):
        """The current value as an eager tensor (a copy: the Keras session updates its
        arrays in place), recorded as a read of this variable by active tapes."""
        value = np.array(self.numpy_view(), copy=True)
        t = _EagerTensor(value, _dt.as_dtype(self._dtype))
        if _tape._recording:
            _tape.variable_read(self, t)
        return t

    def numpy_view(self):
        """The session's own array of the value (no copy; do not change it)."""
        sess = get_session(self._graph)
        value = sess._ctx.variables.get(self._var.op.name)
        if value is None:
            return self.numpy()
        return value if type(value) is np.ndarray else np.asarray(value.get())

    def _as_graph_element(self):
        return self._var.value()

    # -- values ------------------------------------------------------------------------------
    def numpy(self):
        """The current value as a NumPy array (a copy)."""
        trace = _keras_trace()
        if trace is not None and not trace.internal:
            raise _EagerFallback(f"the value of Keras variable {self._path}")
        return np.array(get_session(self._graph).run(self._var.value()))

    def _traced_write(self, value):
        """In a trace into this variable's graph (tw.function): a value becomes a constant
        of the graph, so that the write happens at each call, not once while tracing."""
        # in a tw.function trace of its own graph: traced into the Keras graph instead
        _fallback_if_tracing(f"Keras variable {self._path}", keras=True, graph=self._graph)
        trace = _keras_trace()
        if trace is None or trace.internal or _is_symbolic(value):
            return value
        from ..ops.creation import constant
        return constant(np.asarray(value, dtype=self._dtype))

    def assign(self, value):
        """Sets the value now (an array), or returns the assign op (a graph tensor)."""
        value = self._traced_write(value)
        if _is_symbolic(value):
            _keras_wrote([self])
            return self._var.assign(value)
        self._load(value)
        return self

    def assign_add(self, value):
        value = self._traced_write(value)
        if _is_symbolic(value):
            _keras_wrote([self])
            return self._var.assign_add(value)
        self._load(self.numpy() + np.asarray(value, dtype=self._dtype))
        return self

    def assign_sub(self, value):
        value = self._traced_write(value)
        if _is_symbolic(value):
            _keras_wrote([self])
            return self._var.assign_sub(value)
        self._load(self.numpy() - np.asarray(value, dtype=self._dtype))
        return self

    def _load(self, value):
        arr = np.asarray(value, dtype=self._dtype)
        if arr.shape != self._shape:
            if arr.size == int(np.prod(self._shape)) and arr.ndim == 0:
                arr = arr.reshape(self._shape)
            else:
                raise ValueError(f"The shape of the target variable and the shape of the "
                                 f"target value in `variable.assign(value)` must match. "
                                 f"variable.shape={self._shape}, Received: value.shape="
                                 f"{arr.shape}. Target variable: {self}")
        pending = _pending(self._graph)
        if self in pending:
            pending.remove(self)
        sess = get_session(self._graph)
        self._var.load(arr, session=sess)

    def __array__(self, dtype=None, copy=None):
        arr = self.numpy()
        return arr if dtype is None else arr.astype(dtype)

    def __float__(self):
        return float(self.numpy())

    def __int__(self):
        return int(self.numpy())

    def __repr__(self):
        return (f"<KerasVariable shape={self._shape}, dtype={self._dtype}, "
                f"path={self._path}>")

    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    def __bool__(self):
        raise TypeError("A Keras Variable has no truth value; compare `variable.numpy()`.")

    def __getitem__(self, key):
        return self._var.value()[key]

    __array_priority__ = 100


_operators.install(Variable)


def _is_symbolic(value):
    if type(value) is _EagerTensor:
        return False  # a value: assigned at once
    return isinstance(value, (_g.Tensor, _TwVariable)) or (
        hasattr(value, "_as_tensor") and not isinstance(value, Variable))


def get_value(x):
    """The value of a Keras variable (or any fetchable) as a NumPy array."""
    if isinstance(x, Variable):
        return x.numpy()
    if isinstance(x, (int, float, np.ndarray, np.generic)):
        return np.asarray(x)
    return get_session().run(x)


def set_value(x, value):
    """Sets a Keras variable's value from a NumPy value."""
    x.assign(np.asarray(value))


def batch_get_value(xs):
    """The values of several variables, read in one session run."""
    if not xs:
        return []
    graph = xs[0].graph
    return [np.array(v) for v in get_session(graph).run([x._var.value() for x in xs])]


def batch_set_value(tuples):
    for x, value in tuples:
        x.assign(value)


def is_keras_tensor(x):
    """Whether ``x`` is a symbolic tensor made by a Keras layer or ``keras.Input``."""
    return isinstance(x, _g.Tensor) and getattr(x, "_keras_history", None) is not None


def int_shape(x):
    """The static shape as a tuple (None for unknown dims)."""
    if isinstance(x, Variable):
        return x.shape
    if isinstance(x, _g.Tensor):
        return x.shape.as_tuple()
    return tuple(np.shape(x))


def count_params(x):
    return int(np.prod(int_shape(x)))


# -- the call context --------------------------------------------------------------------------
class _CallState(threading.local):
    def __init__(self):
        self.training = []      # the training flag of each enclosing layer call
        self.captures = []      # collectors of updates and losses (innermost last)
        self.in_model = 0       # >0 while a model runs its layers (no nodes recorded)
        self.path_scopes = []   # names of the enclosing layer calls (weight paths)
        self.batch_specific = 0  # >0 while a training step for one batch size is built


_state = _CallState()


def current_training():
    """The ``training`` flag of the innermost enclosing layer call (None outside)."""
    for value in reversed(_state.training):
        if value is not None:
            return value
    return None


@contextlib.contextmanager
def training_scope(training):
    _state.training.append(training)
    try:
        yield
    finally:
        _state.training.pop()


class Capture:
    """What a forward pass adds besides its outputs: ``updates`` (ops such as the moving
    averages of BatchNormalization) and ``losses`` (activity regularization, ``add_loss``)."""

    def __init__(self):
        self.updates = []
        self.losses = []


@contextlib.contextmanager
def capture():
    """Collects the updates and losses added by layer calls inside the block."""
    cap = Capture()
    _state.captures.append(cap)
    try:
        yield cap
    finally:
        _state.captures.pop()


def add_update(op):
    for cap in _state.captures:
        cap.updates.append(op)


def add_loss(loss):
    for cap in _state.captures:
        cap.losses.append(loss)


@contextlib.contextmanager
def model_internal():
    """Layer calls inside run as part of a model: they record no functional nodes."""
    _state.in_model += 1
    try:
        yield
    finally:
        _state.in_model -= 1


@contextlib.contextmanager
def path_scope(name):
    """Layers built inside get weight paths under ``name`` (as Keras 3: a layer built while
    a ``Sequential`` named ``"sequential"`` runs has ``"sequential/dense/kernel"``)."""
    _state.path_scopes.append(name)
    try:
        yield
    finally:
        _state.path_scopes.pop()


def current_path_scopes():
    """The names of the enclosing ``path_scope`` blocks, outermost first."""
    return list(_state.path_scopes)


@contextlib.contextmanager
def recording_scope(record):
    """Layer calls inside record functional nodes if ``record``, else none (as in
    ``model_internal``)."""
    if record:
        yield
        return
    with model_internal():
        yield


def recording_nodes():
    return _state.in_model == 0


@contextlib.contextmanager
def batch_specific():
    """Layer calls inside build a training step for one batch size (see the trainer): they
    leave the layers' recorded output shapes (``summary``, ``output_shape``) as they were."""
    _state.batch_specific += 1
    try:
        yield
    finally:
        _state.batch_specific -= 1


def in_batch_specific():
    return _state.batch_specific > 0
