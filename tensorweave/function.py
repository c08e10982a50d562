"""``tw.function``: traces a Python function into a graph once per input signature and runs
that graph through the same compiler and executor as ``Session.run``.

Calling a ``Function`` eagerly looks up the trace for the call's signature: the shapes and
dtypes of its tensor (and NumPy array) arguments, the identity of its variable arguments, and
the values of its other Python arguments. A new signature traces again: the Python function
runs once with placeholders in a fresh graph, and what it returns becomes the fetches of a
plan. Eager variables it uses are captured: the plan reads and writes their arrays, and their
reads and writes keep the order the Python code gave them (TF 2's automatic control
dependencies); every assignment runs, even one whose value is not returned.

Keras models, layers, variables, optimizers and metrics keep their state in a graph and
session of their own: a function that reaches one (TF 2's custom training loop: the model
called under a ``GradientTape``, ``optimizer.apply_gradients``, ``train_loss(loss)``) is
traced into that graph instead, and runs there as one plan (its new ops: the writes among
them run at each call, a metric's update adds the batch's statistics on the host and its
``result()`` is computed there after it). The W2 MLP's loop so: 0.9 s an epoch, as ``fit``;
run eagerly it took 1.6. A Keras graph's variable reads are not ordered after the step's
writes as TF 2 orders them: a trace that reads a Keras variable its code wrote before (the
loss again after ``apply_gradients``, two optimizer steps, a learning rate assigned before
the step) runs the function eagerly, as does a metric reset inside it.

Differences from TensorFlow: there is no AutoGraph. A trace that needs a tensor's value in
Python (``if t > 0:``, ``for v in t`` over an unknown length, ``float(t)``) or iterates a
dataset stops, and so does a trace into a Keras graph that reaches an eager variable or
fails there in any way: the function runs its Python code eagerly at every call from then
on (``EagerFallback``): the same numbers at eager speed (Python side effects of the
interrupted trace happen once more). ``tw.cond`` and ``tw.while_loop`` keep a function
compiled. While a ``GradientTape`` records, a call runs the Python function eagerly (so the
tape sees its ops).
Inside a graph (``compat.v1`` code, another function being traced) a ``Function`` is the
Python function, called inline.

Example:
    >>> @tw.function
    ... def step(x):
    ...     return tw.reduce_sum(x * x)
    >>> float(step(tw.constant([1.0, 2.0])))
    5.0
"""

import functools
import inspect
import threading

import numpy as np

from . import context as _context
from . import dtypes as _dt
from . import graph as _g
from . import nest as _nest
from . import tape as _tape
from .tensor_spec import TensorSpec
from .eager import EagerTensor, eager_context
from .eager_variables import EagerVariable

__all__ = ["function", "Function", "ConcreteFunction", "run_functions_eagerly",
           "functions_run_eagerly"]

_run_eagerly = [False]


class EagerFallback(Exception):
    """Raised while a ``Function`` traces by what cannot be traced (a tensor's value needed
    in Python, a dataset iterated): the function then runs its Python code eagerly, at every
    call. Raised by a Keras model, layer, variable or optimizer (``keras``: their state lives
    in a graph and session of their own), it makes the function trace into that graph
    instead (see ``Function``)."""

    def __init__(self, what, keras=False, graph=None):
        super().__init__(what)
        self.keras = keras
        self.graph = graph


def fallback_if_tracing(what, keras=False, graph=None):
    """Raises ``EagerFallback`` when a ``tw.function`` trace is being built now. ``keras``:
    the caller is a Keras object (whose state lives in ``graph``, if known): in a trace
    into a Keras graph it is at home; anything else there raises as in a trace."""
    current = _g.function_graph()
    if current is not None and current._python_function is not None:
        raise EagerFallback(what, keras, graph)
    if not keras and keras_trace() is not None:
        raise EagerFallback(what)


class _KerasTrace(threading.local):
    """This thread's trace into a Keras graph: ``graph`` (None: none running), the Keras
    variables its code has written so far (``written``: their ids), ``internal`` (> 0
    while an optimizer builds its step, whose reads and writes are ordered already) and
    each metric's updates made in it (``metric_updates``)."""
    graph = None
    written = None
    internal = 0
    metric_updates = None


_keras_trace = _KerasTrace()
_keras_trace_lock = threading.Lock()  # one trace into a Keras graph at a time


def keras_trace():
    """The trace into a Keras graph this thread runs now (building in that graph), or None.

    TF 2 orders a function's reads and writes of a variable as the code does; a Keras
    graph's reads are snapshots, unordered with its writes. So a trace stays compiled only
    while no Keras variable is read after the trace's code wrote it (``keras_read``), the
    optimizer's own step excepted; else the function runs eagerly."""
    t = _keras_trace
    return t if t.graph is not None and _g.get_default_graph() is t.graph else None


def keras_read(variable, what="read"):
    """In a Keras trace: raises ``EagerFallback`` if ``variable`` was written before."""
    t = keras_trace()
    if t is not None and not t.internal and id(variable) in t.written:
        raise EagerFallback(f"a Keras variable {what} after a write in the same step")


def keras_wrote(variables):
    """In a Keras trace: ``variables`` are written from here on."""
    t = keras_trace()
    if t is not None:
        t.written.update(id(v) for v in variables)


class keras_internal:
    """Within: reads and writes in a Keras trace are the optimizer's own (ordered)."""

    def __enter__(self):
        t = keras_trace()
        if t is not None:
            t.internal += 1
        self._t = t

    def __exit__(self, *exc):
        if self._t is not None:
            self._t.internal -= 1


def run_functions_eagerly(run_eagerly):
    """Makes every ``tw.function`` call run its Python function eagerly (for debugging),
    ``tf.config.run_functions_eagerly``."""
    _run_eagerly[0] = bool(run_eagerly)


def functions_run_eagerly():
    return _run_eagerly[0]


class FuncGraph(_g.Graph):
    """The graph a ``Function`` traces into: it knows the eager variables the trace used
    (``captures``) and the writes that must run (``side_effects``)."""

    _is_function = True

    def __init__(self, name, python_function=None):
        super().__init__()
        self.name = name
        self._python_function = python_function  # what a tw.function traces (or None)
        self.captures = {}
        self._side_effects = []

    def _eager_capture(self, var):
        cap = self.captures.get(var._unique_id)
        if cap is None:
            from .eager_variables import Capture
            with self.control_dependencies(None), self.name_scope(None):
                cap = self.captures[var._unique_id] = Capture(self, var)
        return cap


class ConcreteFunction:
    """One trace of a ``Function``: its ``graph``, placeholders (``inputs``), ``outputs``
    and a plan, run by calling it with tensors for the traced signature."""

    def __init__(self, graph, inputs, structured_outputs, session=None, variable_args=(),
                 targets=None):
        from .session import Session
        self.graph = graph
        self.inputs = inputs
        self.structured_outputs = structured_outputs
        leaves = _nest.flatten(structured_outputs)
        self._out_slots = [i for i, t in enumerate(leaves) if isinstance(t, _g.Tensor)]
        self.outputs = [leaves[i] for i in self._out_slots]
        # an operation returned runs, and comes back as None (as in TF 2)
        ops = [t for t in leaves if isinstance(t, _g.Operation)]
        self._leaves = [None if isinstance(t, _g.Operation) else t for t in leaves]
        self._targets = ops + (targets if targets is not None else
                               graph._side_effects + _sinks(graph.get_operations()))
        self._fetches = self.outputs + self._targets
        # variables passed as arguments: their captures take the variables of each call
        captures = getattr(graph, "captures", {})  # (a Keras graph has none)
        self._arg_captures = [captures.get(v._unique_id) for v in variable_args]
        # ... except one the traced code also reached itself (a global, a closure's): its
        # capture serves both uses, so this trace serves that variable only
        self._pinned = {}
        taken = {id(c) for c in self._arg_captures if c is not None}
        self._captures = [c for c in captures.values() if id(c) not in taken]
        # on NumPy, where eager values and variables live (a GPU backend: not yet)
        self._session = session or Session(graph=graph, backend="numpy")
        self._variables = self._session._ctx.variables
        self._seed_epoch = eager_context.seed_epoch
        self._own_session = session is None

    def __call__(self, *args):
        flat = _nest.flatten(args)
        return self._call_flat([a for a in flat if not isinstance(a, EagerVariable)] +
                               [a for a in flat if isinstance(a, EagerVariable)])

    def _call_flat(self, values):
        if self._seed_epoch != eager_context.seed_epoch:  # tf.random.set_seed since
            self._seed_epoch = eager_context.seed_epoch
            if self._own_session:  # (a Keras session's generators are the model's)
                self._session._ctx.restart_rngs()
        variables = self._variables
        n = len(self.inputs)
        bound = [(cap, cap.var) for cap in self._captures] + \
            [(cap, v) for cap, v in zip(self._arg_captures, values[n:]) if cap is not None]
        writing = []  # in a fixed order: two threads' calls never wait on each other
        twice = _bound_twice(bound)
        try:
            for cap, var in sorted(bound, key=_by_variable):
                held = var.writing()
                own = held.__enter__()  # its own array when no reader holds it: the run
                writing.append(held)    # updates it in place (readers wait meanwhile)
                if id(var) in twice:    # (not a variable the run sees twice: each of its
                    own = None          # captures writes a new array, the last one stays)
                variables[cap.name] = var._value if own is None else own
            feed = {p: (v._value if type(v) is EagerTensor else v)
                    for p, v in zip(self.inputs, values[:n])}
            got = self._session.run(self._fetches, feed)
            for cap, var in bound:
                new = variables[cap.name]
                if new is not var._base and new is not var._value:  # a new array, the
                    var._store(new, shared=False)  # session's own (Assign copies a value
                    # that anything else receives)
        finally:
            for held in reversed(writing):
                held.__exit__()
        leaves = list(self._leaves)
        for slot, value, t in zip(self._out_slots, got, self.outputs):
            leaves[slot] = EagerTensor(np.asarray(value), t.dtype)
        return _nest.pack_sequence_as(self.structured_outputs, leaves)


def _pinned_fits(concrete, values):
    """Whether ``values`` (tensors, then variables) pass the variables a trace is pinned to
    (``ConcreteFunction._pinned``: variable argument position -> the variable's id)."""
    n = len(concrete.inputs)
    return all(id(values[n + i]) == vid for i, vid in concrete._pinned.items())


def _reached_variables(fn):
    """ids of the eager variables ``fn``'s code names as globals or closure variables."""
    import inspect
    try:
        found = inspect.getclosurevars(fn)
    except (TypeError, ValueError):  # not a plain function (a callable object)
        return set()
    return {id(v) for v in (*found.nonlocals.values(), *found.globals.values())
            if isinstance(v, EagerVariable)}


def _by_variable(bound):
    return bound[1]._unique_id


def _bound_twice(bound):
    """ids of the variables bound to more than one capture (passed twice: ``f(a, a)``)."""
    if len(bound) < 2:
        return ()
    seen, twice = set(), set()
    for _, var in bound:
        (twice if id(var) in seen else seen).add(id(var))
    return twice


def _upstream(ops):
    """The ops ``ops`` depend on (inputs and control inputs), themselves included."""
    seen, stack = set(), list(ops)
    while stack:
        op = stack.pop()
        if op not in seen:
            seen.add(op)
            stack.extend(i.op for i in op.inputs)
            stack.extend(op.control_inputs)
    return seen


def _sinks(ops):
    """The stateful ops among ``ops`` whose outputs nothing uses (prints, asserts, Python
    calls): they run at each call, as in TF."""
    quiet = {"VariableV2", "ReadVariable", "Placeholder", "RandomStandardNormal",
             "RandomUniform", "TruncatedNormal"}
    out = []
    for op in ops:
        if op.primitive.stateful and op.type not in quiet and \
                not getattr(op.primitive, "writes_state", False) and \
                not any(t._consumers for t in op.outputs):
            out.append(op)
    return out


class Function:
    """A Python function compiled into graphs (what ``tw.function`` returns).

    Args:
        python_function: the function to compile.
        input_signature: a list of ``tw.TensorSpec`` fixing the tensor arguments' shapes
            (None for dims that may vary) and dtypes: one trace serves every call.
        reduce_retracing: after a second shape, trace once with the dims that differed
            unknown (``experimental_relax_shapes``: the same).
        autograph, jit_compile: accepted for compatibility.
    """

    def __init__(self, python_function, input_signature=None, autograph=True,
                 jit_compile=None, reduce_retracing=False, experimental_relax_shapes=None,
                 name=None, **ignored):
        functools.update_wrapper(self, python_function)
        self._python_function = python_function
        self._input_signature = None if input_signature is None else list(input_signature)
        self._name = name or getattr(python_function, "__name__", "function")
        self._traces = {}
        self._specs_of = {}  # signature key -> the specs traced for it
        self._reduce_retracing = bool(reduce_retracing or experimental_relax_shapes)
        self._tracing_count = 0
        self._eagerly = False
        self._keras_graph = None  # the Keras graph its traces go to (see Function)
        try:
            self._signature = inspect.signature(python_function)
        except (TypeError, ValueError):
            self._signature = None

    @property
    def python_function(self):
        return self._python_function

    @property
    def input_signature(self):
        return self._input_signature

    def experimental_get_tracing_count(self):
        """How many times the Python function has been traced."""
        return self._tracing_count

    def __get__(self, instance, owner):
        if instance is None:
            return self
        bound = _Bound(self, instance)
        return bound

    def __call__(self, *args, **kwargs):
        if not _context.executing_eagerly() or _run_eagerly[0] or _tape._recording or \
                self._eagerly:
            return self._python_function(*args, **kwargs)
        try:
            concrete, values = self._trace_for(args, kwargs)
            if concrete._pinned and self._input_signature is None and \
                    not _pinned_fits(concrete, values):
                concrete, values = self._pinned_trace_for(args, kwargs, values)
        except EagerFallback as e:
            if not e.keras or self._keras_graph is not None:
                self._eagerly = True  # see EagerFallback
                return self._python_function(*args, **kwargs)
            # a Keras model, variable or optimizer: trace into its graph (see Function)
            self._keras_graph = e.graph if e.graph is not None else _g.get_default_graph()
            self._traces.clear()
            self._specs_of.clear()
            return self._call_keras(args, kwargs)
        except Exception:
            if self._keras_graph is None:
                raise
            return self._eager_instead(args, kwargs)
        return concrete._call_flat(values)

    def _call_keras(self, args, kwargs):
        try:
            concrete, values = self._trace_for(args, kwargs)
        except Exception:  # noqa: BLE001 - what a Keras trace cannot do runs eagerly
            return self._eager_instead(args, kwargs)
        return concrete._call_flat(values)

    def _eager_instead(self, args, kwargs):
        """A trace into the Keras graph failed: the call runs eagerly, and so do the next
        ones if it succeeds (if it raises, the error is the user's: it goes up, and the next
        call traces again, as in TF)."""
        result = self._python_function(*args, **kwargs)
        self._eagerly = True
        return result

    def _pinned_trace_for(self, args, kwargs, values):
        """The trace for these very variables, where the one found was pinned to others (a
        variable passed that the code also reaches itself: ``f(u)`` with ``u`` global, then
        ``f(w)``), made if needed."""
        args, kwargs = self._canonical(args, kwargs)
        flat = _nest.flatten((args, kwargs))
        specs = [_spec_of(v) for v in flat]
        key = ("pinned", _structure_key((args, kwargs)),
               tuple(_leaf_key(s if isinstance(s, TensorSpec) else v)
                     for s, v in zip(specs, flat)),
               tuple(id(v) for v in flat if isinstance(v, EagerVariable)))
        concrete = self._traces.get(key)
        if concrete is None:
            concrete = self._traces[key] = self._trace(args, kwargs, flat, specs)
        return concrete, values

    def get_concrete_function(self, *args, **kwargs):
        """The trace for these arguments (tensors or ``TensorSpec``s), made if needed."""
        with _context.eager_mode():
            return self._trace_for(args, kwargs)[0]

    # -- tracing -----------------------------------------------------------------------------
    def _trace_for(self, args, kwargs):
        quick = None if kwargs or self._input_signature is not None else _quick_key(args)
        concrete = self._traces.get(quick) if quick is not None else None
        if concrete is not None:  # eager tensors and variables, a signature seen before
            if any(type(a) is EagerVariable for a in args):  # the variables go last
                return concrete, [a for a in args if type(a) is EagerTensor] + \
                    [a for a in args if type(a) is EagerVariable]
            return concrete, args
        concrete, values = self._lookup(*self._canonical(args, kwargs))
        if quick is not None:
            self._traces[quick] = concrete
        return concrete, values

    def _canonical(self, args, kwargs):
        """The call's arguments as the function's signature binds them, defaults filled in:
        ``f(x, training=True)`` and ``f(x, True)`` are one signature (as in TF)."""
        sig = self._signature
        if sig is None:
            return args, kwargs
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        return tuple(bound.args), dict(bound.kwargs)

    def _lookup(self, args, kwargs):
        if self._input_signature is not None:
            args = self._converted_to_signature(args)
        flat = _nest.flatten((args, kwargs))
        if self._input_signature is not None:
            specs = self._checked_signature(args, kwargs, flat)
            key = ("signature",)
        else:
            specs = [_spec_of(v) for v in flat]
            key = (_structure_key((args, kwargs)),
                   tuple(_leaf_key(s if isinstance(s, TensorSpec) else v)
                         for s, v in zip(specs, flat)), _aliasing(flat))
        concrete = self._traces.get(key)
        values = [v for v, s in zip(flat, specs) if isinstance(s, TensorSpec)] + \
            [v for v in flat if isinstance(v, EagerVariable)]
        if concrete is None and self._reduce_retracing:
            concrete, specs = self._relaxed(key, specs)
        if concrete is None:
            concrete = self._trace(args, kwargs, flat, specs)
            self._specs_of[key] = specs
        self._traces[key] = concrete
        return concrete, values

    def _relaxed(self, key, specs):
        """``reduce_retracing``: a trace whose shapes accept these (dims that differed
        between calls left unknown), or the relaxed specs to trace with; (None, specs)."""
        def fits(traced):
            return all(not isinstance(a, TensorSpec) or (
                a.dtype == b.dtype and a.shape.is_compatible_with(b.shape))
                for a, b in zip(traced, specs))
        for other, traced in self._specs_of.items():
            if other[0] == key[0] and len(traced) == len(specs) and fits(traced):
                return self._traces[other], traced
        for other, traced in reversed(list(self._specs_of.items())):
            if other[0] == key[0] and len(traced) == len(specs) and all(
                    not isinstance(a, TensorSpec) or (
                        a.dtype == b.dtype and a.shape.ndims == b.shape.ndims)
                    for a, b in zip(traced, specs)):
                return None, [b if not isinstance(a, TensorSpec) else TensorSpec(
                    [x if x == y else None for x, y in zip(a.shape.as_list(),
                                                           b.shape.as_list())], b.dtype)
                    for a, b in zip(traced, specs)]
        return None, specs

    def _arg_names(self, args, kwargs):
        """Flat position -> the parameter's name, for arguments that are one tensor each
        (the traced placeholders are named as in TF: ``x:0``)."""
        params = list(self._signature.parameters) if self._signature is not None else []
        names, pos = {}, 0
        for i, a in enumerate(args):
            n = len(_nest.flatten(a))
            if n == 1 and i < len(params):
                names[pos] = params[i]
            pos += n
        for k in sorted(kwargs):
            n = len(_nest.flatten(kwargs[k]))
            if n == 1:
                names[pos] = k
            pos += n
        return names

    def _converted_to_signature(self, args):
        """Arguments that are Python lists or NumPy values where the ``input_signature``
        has a ``TensorSpec`` become tensors of its dtype (as TF converts them)."""
        from .ops.creation import convert_to_tensor
        out = []
        for a, spec in zip(args, self._input_signature):
            if isinstance(spec, TensorSpec) and not isinstance(a, (EagerTensor, np.ndarray)):
                a = convert_to_tensor(a, dtype=spec.dtype)
            out.append(a)
        return tuple(out) + tuple(args[len(out):])

    def _checked_signature(self, args, kwargs, flat):
        sig = self._input_signature
        specs = _nest.flatten(sig)
        if kwargs or len(flat) != len(specs):
            raise TypeError(f"{self._name}: the call has {len(flat)} arguments; the "
                            f"input_signature has {len(specs)}: {sig}")
        for i, (v, s) in enumerate(zip(flat, specs)):
            got = _spec_of(v)
            if not isinstance(got, TensorSpec) or got.dtype != s.dtype or \
                    not s.shape.is_compatible_with(got.shape):
                raise TypeError(f"{self._name}: argument {i} ({v!r}) does not match the "
                                f"input_signature's {s}.")
        return specs

    def _trace(self, args, kwargs, flat, specs):
        if self._keras_graph is not None:
            return self._trace_keras(args, kwargs, flat, specs)
        self._tracing_count += 1
        graph = FuncGraph(self._name, self._python_function)
        graph.seed = eager_context.seed
        inputs, outputs = self._build(graph, args, kwargs, flat, specs)
        variable_args = [v for v in flat if isinstance(v, EagerVariable)]
        concrete = ConcreteFunction(graph, inputs, outputs, variable_args=variable_args)
        if variable_args:
            reached = _reached_variables(self._python_function)
            concrete._pinned = {i: id(v) for i, v in enumerate(variable_args)
                                if id(v) in reached}
        return concrete

    def _trace_keras(self, args, kwargs, flat, specs):
        """A trace into the graph of the Keras objects the function uses (a custom training
        loop: model, loss, ``GradientTape``, optimizer, metrics), run by their Keras
        session: the ops it adds there, the writes among them (the optimizer's update) run
        at each call. Anything a trace cannot do there (an eager variable, a tensor's value
        in Python) makes the function run eagerly."""
        from .keras import backend as _kb
        if any(isinstance(v, EagerVariable) for v in flat):
            raise EagerFallback("an eager variable passed with Keras objects")
        self._tracing_count += 1
        graph = self._keras_graph
        t = _keras_trace
        if t.graph is not None:
            raise EagerFallback("a function traced inside another's Keras trace")
        with _keras_trace_lock:
            first = len(graph.get_operations())
            t.graph, t.written, t.internal, t.metric_updates = graph, set(), 0, {}
            try:
                inputs, outputs = self._build(graph, args, kwargs, flat, specs)
            finally:
                t.graph = t.written = t.metric_updates = None
                t.internal = 0
            new = graph.get_operations()[first:]
        # the writes and sinks it added (not the initializers of variables it made: an
        # optimizer's slots, made by its first step, are initialized when made)
        targets = [op for op in new if getattr(op.primitive, "writes_state", False) and
                   not getattr(op, "_initializes", False)] + _sinks(new)
        fed = {p.op for p in inputs}
        for op in _upstream([t.op for t in _nest.flatten(outputs) if isinstance(t, _g.Tensor)]
                            + [t for t in _nest.flatten(outputs)
                               if isinstance(t, _g.Operation)] + targets):
            if op.type == "Placeholder" and op not in fed:  # (fit's own, say: not ours)
                raise EagerFallback(f"placeholder {op.name} of the Keras graph")
        return ConcreteFunction(graph, inputs, outputs, session=_kb.get_session(graph),
                                targets=targets)

    def _build(self, graph, args, kwargs, flat, specs):
        """Placeholders for the tensor arguments in ``graph``, the Python function called on
        them there: (placeholders, its outputs as tensors)."""
        from .ops.state import placeholder
        from .ops.creation import convert_to_tensor
        with graph.as_default():
            inputs = []
            leaves = []
            names = self._arg_names(args, kwargs)
            for i, (v, s) in enumerate(zip(flat, specs)):
                if isinstance(s, TensorSpec):
                    p = placeholder(s.dtype, s.shape, name=s.name or names.get(i, f"arg{i}"))
                    inputs.append(p)
                    leaves.append(p)
                else:
                    leaves.append(v)
            call_args, call_kwargs = _nest.pack_sequence_as((args, kwargs), leaves)
            out = self._python_function(*call_args, **call_kwargs)
            out_leaves = [None if v is None else
                          convert_to_tensor(v) if not isinstance(v, _g.Operation) else v
                          for v in _nest.flatten(out)]
            outputs = _nest.pack_sequence_as(out, [v for v in out_leaves]) \
                if _nest.is_nested(out) else out_leaves[0]
        return inputs, outputs


class _Bound:
    """A ``Function`` defined in a class, read from an instance: calls pass the instance."""

    def __init__(self, fn, instance):
        self._fn = fn
        self._instance = instance

    def __call__(self, *args, **kwargs):
        return self._fn(self._instance, *args, **kwargs)

    def get_concrete_function(self, *args, **kwargs):
        return self._fn.get_concrete_function(self._instance, *args, **kwargs)

    def experimental_get_tracing_count(self):
        return self._fn.experimental_get_tracing_count()


def _quick_key(args):
    """The signature of a call whose arguments are all eager tensors or variables (the
    common case: a training step), found without binding or flattening; else None.
    Variables count by shape, dtype and trainability, and by which are the same one."""
    key = []
    seen = None
    for a in args:
        kind = type(a)
        if kind is EagerTensor:
            key.append((a._value.shape, a._dtype))
        elif kind is EagerVariable:
            if seen is None:
                seen = {}
            key.append(("V", a._shape.as_tuple(), a._dtype, a._trainable,
                        seen.setdefault(id(a), len(seen))))
        else:
            return None
    return ("quick", tuple(key))


def _spec_of(v):
    """A TensorSpec for a tensor-like argument (eager tensor, NumPy array, TensorSpec), else
    the argument itself (a Python value: part of the signature by value)."""
    if isinstance(v, TensorSpec):
        return v
    if type(v) is EagerTensor:
        return TensorSpec(v._value.shape, v._dtype)
    if isinstance(v, np.ndarray):
        return TensorSpec(v.shape, _dt.as_dtype(v.dtype))
    if isinstance(v, _g.Tensor):
        raise TypeError(f"A graph tensor ({v}) was passed to a tw.function called eagerly; "
                        "pass eager tensors or arrays.")
    return None


def _aliasing(flat):
    """Which variable arguments are the same variable (f(a, a) is not f(a, b))."""
    first = {}
    return tuple(first.setdefault(id(v), i) for i, v in enumerate(flat)
                 if isinstance(v, EagerVariable))


def _leaf_key(v):
    if isinstance(v, TensorSpec):
        return ("T", v.shape.as_tuple(), v.dtype.name)
    if isinstance(v, EagerVariable):  # an argument: one trace for every such variable
        return ("V", v._shape.as_tuple(), v._dtype.name, v.trainable)
    if hasattr(v, "_unique_id"):
        return ("V", v._unique_id)
    try:
        hash(v)
    except TypeError:
        return ("O", id(v))
    return ("P", type(v).__name__, v)


def _structure_key(x):
    if isinstance(x, dict):
        return ("d",) + tuple((k, _structure_key(x[k])) for k in sorted(x))
    if isinstance(x, (list, tuple)):
        return (type(x).__name__,) + tuple(_structure_key(v) for v in x)
    return "."


def function(func=None, input_signature=None, autograph=True, jit_compile=None,
             reduce_retracing=False, experimental_relax_shapes=None, name=None, **kwargs):
    """Compiles ``func`` into a graph per input signature (``tf.function``); usable as
    ``@tw.function`` or ``@tw.function(input_signature=[...])``. See ``Function``."""
    def wrap(f):
        return Function(f, input_signature=input_signature, autograph=autograph,
                        jit_compile=jit_compile, reduce_retracing=reduce_retracing,
                        experimental_relax_shapes=experimental_relax_shapes, name=name)
    return wrap if func is None else wrap(func)
