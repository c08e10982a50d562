"""``Variable`` in eager mode: a value held by the Python object, changed by ``assign``.

``tw.Variable(...)`` made while executing eagerly is an ``EagerVariable`` (a subclass of
``Variable``, as TF 2's resource variables are): it holds its array, reading it gives an
``EagerTensor`` (watched by an active ``GradientTape`` when trainable), and ``assign``,
``assign_add`` and ``assign_sub`` change it at once. Inside ``tw.function`` the same calls
build graph ops on a node that stands for the variable; the function's run reads and writes
the variable's array through it (``function.py``), in program order.

A read is a snapshot: readers get a read-only view of the variable's array, and once one
did, the next update makes a new array. Eager ``assign*`` calls always do; a ``tw.function``
run writes an array that no reader holds in place (its training step then allocates
nothing), holding the variable's lock meanwhile, so a read in another thread waits for the
run instead of seeing a half-written value.

Example:
    >>> v = tw.Variable([1.0, 2.0])
    >>> v.assign_add([1.0, 1.0]).numpy()
    array([2., 3.], dtype=float32)
"""

import itertools
import threading

import numpy as np

from . import context as _context
from . import errors as _errors
from . import graph as _g
from . import tape as _tape
from .eager import EagerTensor, ElementwiseEquality, numpy_text
from .ops.creation import convert_to_tensor
from .ops.registry import Spec
from .ops.state import Assign, AssignAdd, AssignSub, ReadVariable, VariableV2
from .variables import Variable

__all__ = ["EagerVariable", "init_scope"]

_ids = itertools.count(1)


class init_scope:  # noqa: N801 - TF's name (tf.init_scope)
    """Leaves any graph being built (a ``tw.function`` trace) for the block: ops in it run
    eagerly, as variable initial values do."""

    def __enter__(self):
        stack = _g._state.stack
        self._saved = list(stack)
        stack[:] = [g for g in self._saved if not g._is_function]
        _g._adjust_entered(len(stack) - len(self._saved))
        return None

    def __exit__(self, *exc):
        stack = _g._state.stack
        before = len(stack)
        stack[:] = self._saved
        _g._adjust_entered(len(stack) - before)
        return False


def _frozen(arr):
    if type(arr) is np.ndarray and arr.flags.writeable:
        arr = arr.view()
        arr.flags.writeable = False
    return arr


class EagerVariable(ElementwiseEquality, Variable):
    """A variable of eager mode (see the module docstring). Made by ``tw.Variable``; takes
    the arguments of ``tf.Variable`` (``initial_value``, ``trainable``, ``name``, ``dtype``,
    ``shape``, ``constraint`` …)."""

    _unhashable = "Variable is unhashable. Instead, use variable.ref() as the key."
    __hash__ = ElementwiseEquality.__hash__

    def __init__(self, initial_value=None, trainable=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None,
                 import_scope=None, constraint=None, synchronization=None, aggregation=None,
                 shape=None, collections=None, expected_shape=None, use_resource=None,
                 experimental_enable_variable_lifting=True):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        with init_scope():
            if callable(initial_value):
                initial_value = initial_value()
            value = convert_to_tensor(initial_value, dtype=dtype)
            if type(value) is not EagerTensor:
                value = EagerTensor(np.asarray(value.numpy()), value.dtype)
            scope = _g.get_default_graph().get_name_scope()
        self._store(value._value, shared=True)  # the initial value's tensor holds it too
        # held by reads and updates, and by a tw.function run that may write the array in
        # place (a py_func in that run may read it: re-entrant)
        self._lock = threading.RLock()
        self._dtype = value._dtype
        if shape is not None:
            self._shape = _g.TensorShape(shape)
        elif not validate_shape:
            self._shape = _g.TensorShape(None)
        else:
            self._shape = _g.TensorShape(self._value.shape)
        if not self._shape.is_compatible_with(self._value.shape):
            raise ValueError(f"The initial value's shape ({self._value.shape}) is not "
                             f"compatible with the explicitly supplied `shape` argument "
                             f"({self._shape}).")
        self._trainable = True if trainable is None else bool(trainable)
        self._constraint = constraint
        base = name or "Variable"
        self._handle_name = f"{scope}/{base}" if scope else base
        self._unique_id = next(_ids)
        self._initial_value = value

    def _store(self, arr, shared):
        """Holds ``arr``: readers get a read-only view of it (``_value``). Unless ``shared``
        (something else may hold the array), or it is read-only, the variable owns it and
        a ``tw.function`` run may update it in place until a read hands the view out
        (``_shared``)."""
        self._base = arr
        self._value = _frozen(arr)
        self._shared = shared or type(arr) is not np.ndarray or not arr.flags.writeable

    def writing(self):
        """``with var.writing() as own:`` around a run that may write the array in place:
        ``own`` is the array if no reader holds it (else None: the run makes a new one).
        Reads and updates in other threads wait for the block to end."""
        return _Writing(self)

    # -- copies (TF's: copy.copy is the variable itself, deepcopy a new one) ----------------------
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        with _context.eager_mode():
            copied = EagerVariable(self.numpy(), trainable=self._trainable,
                                   name=self._handle_name, dtype=self._dtype,
                                   constraint=self._constraint)
        memo[id(self)] = copied
        return copied

    def __reduce__(self):
        return _rebuilt, (self.numpy(), self._trainable, self._handle_name, self._dtype.name)

    # -- identity --------------------------------------------------------------------------------
    @property
    def name(self):
        return self._handle_name + ":0"

    @property
    def op(self):
        raise AttributeError("Variable.op is undefined when eager execution is enabled.")

    @property
    def graph(self):
        raise AttributeError("Variable.graph is undefined when eager execution is enabled.")

    @property
    def dtype(self):
        return self._dtype

    @property
    def shape(self):
        return self._shape

    def get_shape(self):
        return self._shape

    def set_shape(self, shape):
        self._shape = self._shape.merge_with(shape)

    @property
    def device(self):
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    @property
    def initializer(self):
        return None

    def __repr__(self):
        shape = tuple(self._shape.as_list()) if self._shape.ndims is not None else None
        return f"<tf.Variable '{self.name}' shape={shape} dtype={self._dtype.name}, " \
               f"numpy={numpy_text(self.numpy())}>"

    # -- reading ---------------------------------------------------------------------------------
    def _as_tensor(self):
        graph = _g.function_graph()
        if graph is not None:
            return graph._eager_capture(self).read()
        if not _context._mode["eager"] or _g._state.stack:
            # a graph op outside tw.function would keep a snapshot, and training would
            # silently change nothing: say so instead
            raise TypeError(
                f"The variable '{self.name}' was made eagerly (tensorweave's TF 2 API) and "
                "cannot be used by a graph op: make graph variables with "
                "tensorweave.compat.v1.Variable, or inside `with graph.as_default():`; or "
                "use it eagerly (read its value with .numpy()).")
        t = self._snapshot_tensor()
        if _tape._recording:
            _tape.variable_read(self, t)
        return t

    def _snapshot_tensor(self):
        """Its current value as an eager tensor, whatever the mode (a Session fetch): the
        array is shared from now on (no run writes it in place)."""
        with self._lock:
            self._shared = True
            value = self._value
        return EagerTensor(value, self._dtype)

    _as_graph_element = _as_tensor

    def value(self):
        return self._as_tensor()

    def read_value(self):
        return self._as_tensor()

    def initialized_value(self):
        return self._as_tensor()

    def numpy(self):
        """The current value (a copy; a NumPy scalar for a 0-d variable, as TF 2 gives)."""
        with self._lock:
            value = np.array(self._value)
        return value[()] if value.ndim == 0 else value

    def eval(self, session=None):
        raise NotImplementedError("eval is not supported when eager execution is enabled, is "
                                  ".numpy() what you're looking for?")

    def load(self, value, session=None):
        self.assign(value)

    def __iadd__(self, other):
        raise RuntimeError("Variable += value not supported. Use variable.assign_add(value) "
                           "to modify the variable value and variable = variable + value to "
                           "get the new Tensor object.")

    def __isub__(self, other):
        raise RuntimeError("Variable -= value not supported. Use variable.assign_sub(value) "
                           "to modify the variable value and variable = variable - value to "
                           "get the new Tensor object.")

    def _graph_reads(self):
        """The reads of this variable in the function being traced (for ``tape.gradient``)."""
        graph = _g.function_graph()
        return graph._eager_capture(self).reads if graph is not None else [self._as_tensor()]

    def __getitem__(self, key):
        """A slice of the value; eagerly, one with ``assign(value)``, which writes the
        slice of the variable (``v[0].assign([9., 9.])``, TF's sliced assignment)."""
        out = self._as_tensor()[key]
        if type(out) is EagerTensor:
            out.assign = _SliceAssign(self, key, out._value.shape)
        return out

    def __iter__(self):
        return iter(self._snapshot_tensor())

    def __len__(self):
        return len(self._snapshot_tensor())

    def __bool__(self):
        return bool(self._snapshot_tensor())

    def __array__(self, dtype=None, copy=None):
        return self.numpy() if dtype is None else self.numpy().astype(dtype, copy=False)

    def __float__(self):
        with self._lock:
            return float(self._value)

    def __int__(self):
        with self._lock:
            return int(self._value)

    def __index__(self):
        return self._snapshot_tensor().__index__()

    def __format__(self, spec):
        return format(self._snapshot_tensor(), spec)

    # -- writing ----------------------------------------------------------------------------------
    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Sets the variable to ``value`` now; returns the variable (None with
        ``read_value=False``). Inside ``tw.function``: an assign op, run in program order."""
        return self._update(Assign, None, value, read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        """Adds ``delta`` to the variable now (see ``assign``)."""
        return self._update(AssignAdd, np.add, delta, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        """Subtracts ``delta`` from the variable now (see ``assign``)."""
        return self._update(AssignSub, np.subtract, delta, read_value)

    def _update(self, op_class, combine, value, read_value):
        graph = _g.function_graph()
        if graph is not None:
            return graph._eager_capture(self).write(op_class, value, read_value)
        # TF's errors: ValueError "Tensor conversion requested dtype ..." for a tensor of
        # another dtype, TypeError for a Python value that does not fit
        value = convert_to_tensor(value, dtype=self._dtype)
        arr = value._value if type(value) is EagerTensor else np.asarray(value.numpy())
        with self._lock:
            return self._updated(op_class, combine, arr, read_value)

    def _updated(self, op_class, combine, arr, read_value):
        if combine is not None:
            if arr.shape != self._value.shape:
                raise _errors.InvalidArgumentError(
                    None, None, f"Cannot update variable with shape {list(self._value.shape)} "
                    f"using a Tensor with shape {list(arr.shape)}, shapes must be equal. "
                    f"[Op:{op_class.type_name}VariableOp]")
            # a new array (of its own): a reader in another thread never sees half of one
            arr = combine(self._value, arr).astype(self._value.dtype, copy=False)
            shared = False
        else:
            shared = True  # the assigned tensor's
        if not self._shape.is_compatible_with(arr.shape):
            raise ValueError(f"Cannot assign value to variable ' {self.name}': Shape mismatch."
                             f"The variable shape {self._shape}, and the assigned value shape "
                             f"{arr.shape} are incompatible.")
        self._store(arr, shared)
        return self if read_value else None


class Capture:
    """An eager variable as a ``tw.function`` graph sees it: a variable node, and the reads
    and writes made of it, chained by control dependencies in the order the Python code
    made them (TF 2's automatic control dependencies)."""

    def __init__(self, graph, var):
        self.var = var
        shape = var._shape.as_tuple()
        name = graph.unique_name(var._handle_name.replace(":", "_"))
        self.node = graph._create_op(VariableV2(var._dtype, shape), (), name,
                                     [Spec(shape, var._dtype)]).outputs[0]
        self.name = name
        self.graph = graph
        self.reads = []          # every read made (gradients sum over them)
        self._read = None        # the read since the last write, shared by later reads
        self._after = []         # what the next write must follow: last write, reads since

    def read(self):
        if self._read is None:
            with self.graph.control_dependencies(self._after[:1]):
                self._read = ReadVariable(self.name).bind(self.node, name=self.name + "/read")
            self.reads.append(self._read)
            self._after.append(self._read.op)
        return self._read

    def write(self, op_class, value, read_value):
        if not isinstance(value, _g.Tensor) and not hasattr(value, "_as_tensor"):
            value = convert_to_tensor(value, dtype=self.var._dtype)
        value = convert_to_tensor(value)
        args = (self.name, self.var._shape.is_fully_defined()) if op_class is Assign else \
            (self.name,)
        with self.graph.control_dependencies(self._after):
            out = op_class(*args).bind(self.node, value)
        self._after = [out.op]
        self._read = None
        self.graph._side_effects.append(out.op)
        return out if read_value else out.op


class _SliceAssign:
    """``variable[key].assign(value)`` executing eagerly: writes that slice of the variable
    (the slice is a plain eager tensor that carries this as its ``assign``)."""

    def __init__(self, var, key, shape):
        self._var, self._key, self._shape = var, key, shape

    def __call__(self, value, use_locking=None, name=None, read_value=True):
        value = convert_to_tensor(value, dtype=self._var.dtype)
        with self._var._lock:
            arr = np.array(self._var._value)
        try:
            arr[self._key] = np.broadcast_to(value._value, self._shape)
        except (ValueError, IndexError) as e:
            raise ValueError(f"Cannot assign a value of shape {tuple(value._value.shape)} to "
                             f"the slice of shape {tuple(self._shape)}: {e}") from None
        return self._var.assign(arr, read_value=read_value)


class _Writing:
    """See ``EagerVariable.writing``."""

    def __init__(self, var):
        self.var = var

    def __enter__(self):
        var = self.var
        var._lock.acquire()
        return None if var._shared else var._base

    def __exit__(self, *exc):
        self.var._lock.release()
        return False


def _rebuilt(value, trainable, name, dtype):
    """A pickled eager variable, made again (a new variable with the value it had)."""
    with _context.eager_mode():
        return EagerVariable(value, trainable=trainable, name=name, dtype=dtype)
