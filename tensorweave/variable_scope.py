"""``variable_scope`` and ``get_variable``: variables named by scope, created once, shared
with ``reuse=True`` or ``reuse=tf.AUTO_REUSE``.

The rules are TensorFlow 1's:

* A variable's name depends only on the variable scopes (``"layer1/w"``), never on name
  scopes; ops made inside a variable scope get a name scope too (``auxiliary_name_scope``).
  Entering ``variable_scope("foo")`` twice gives the variable scope ``foo`` both times but
  the name scopes ``foo/`` and ``foo_1/``; re-entering a scope object opens a new name scope
  named after its last component.
* ``reuse`` is inherited by nested scopes once set (``False`` means "inherit"); re-entering a
  scope object keeps that scope's own reuse unless ``reuse=`` is given.
* ``default_name`` is made unique among the variable scopes opened in the current one
  (``"dense"``, ``"dense_1"`` …); leaving a scope resets the counts of its sub-scopes, so
  re-entering it with ``reuse=True`` names them the same way again.
* Initializer, regularizer, dtype, custom getter (and constraint) defaults are inherited by
  nested scopes. Partitioners and caching devices are accepted and ignored.
"""

import contextlib
import copy
import functools
import inspect

from . import dtypes as _dt
from . import graph as _g
from . import initializers as _init
from .variables import Variable

__all__ = ["variable_scope", "get_variable", "get_local_variable", "get_variable_scope",
           "VariableScope", "AUTO_REUSE", "no_regularizer", "make_template", "Template"]


class _ReuseMode:
    def __repr__(self):
        return "tf.AUTO_REUSE"


AUTO_REUSE = _ReuseMode()
"""``reuse=tf.AUTO_REUSE``: ``get_variable`` creates a variable if it does not exist yet and
returns the existing one otherwise."""


def no_regularizer(_):
    """Use as ``regularizer=tf.no_regularizer`` to switch off a scope's default regularizer."""
    return None


class VariableScope:
    """A variable scope: the name prefix, reuse mode and defaults for ``get_variable``.

    Attributes (read-only properties): ``name``, ``original_name_scope`` (the name scope
    opened when the scope was first entered), ``reuse``, ``initializer``, ``regularizer``,
    ``dtype``, ``custom_getter``, ``constraint``, ``partitioner``, ``caching_device``.
    """

    def __init__(self, reuse, name="", initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, name_scope="", dtype=_dt.float32,
                 use_resource=None, constraint=None):
        self._name = name
        self._reuse = reuse
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = _dt.as_dtype(dtype)
        self._use_resource = use_resource
        self._constraint = constraint

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    regularizer = property(lambda self: self._regularizer)
    caching_device = property(lambda self: self._caching_device)
    partitioner = property(lambda self: self._partitioner)
    custom_getter = property(lambda self: self._custom_getter)
    dtype = property(lambda self: self._dtype)
    use_resource = property(lambda self: self._use_resource)
    constraint = property(lambda self: self._constraint)

    def reuse_variables(self):
        """From now on ``get_variable`` in this scope returns existing variables."""
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def set_dtype(self, dtype):
        self._dtype = _dt.as_dtype(dtype)

    def set_custom_getter(self, custom_getter):
        self._custom_getter = custom_getter

    def set_partitioner(self, partitioner):
        self._partitioner = partitioner

    def set_caching_device(self, caching_device):
        self._caching_device = caching_device

    def set_use_resource(self, use_resource):
        self._use_resource = use_resource

    def get_variable(self, name, shape=None, dtype=None, initializer=None, regularizer=None,
                     reuse=None, trainable=None, collections=None, caching_device=None,
                     partitioner=None, validate_shape=True, use_resource=None,
                     custom_getter=None, constraint=None, synchronization=None,
                     aggregation=None):
        """``get_variable`` with this scope's prefix, reuse mode and defaults."""
        if regularizer is None:
            regularizer = self._regularizer
        if custom_getter is None:
            custom_getter = self._custom_getter
        if reuse is None:
            reuse = self._reuse
        full_name = self._name + "/" + name if self._name else name
        if dtype is not None and initializer is not None and not callable(initializer) \
                and not isinstance(initializer, str):
            from .ops.creation import convert_to_tensor
            init_dtype = convert_to_tensor(initializer).dtype
            if init_dtype != _dt.as_dtype(dtype):
                raise ValueError(f"Initializer type '{init_dtype.name}' and explicit dtype "
                                 f"'{_dt.as_dtype(dtype).name}' don't match.")
        if initializer is None:
            initializer = self._initializer
        if constraint is None:
            constraint = self._constraint
        if dtype is None:
            dtype = self._dtype
        # Variable names depend only on variable scopes: no name scope while creating.
        with _g.get_default_graph().name_scope(None):
            return _store().get_variable(
                full_name, shape=shape, dtype=dtype, initializer=initializer,
                regularizer=regularizer, reuse=reuse, trainable=trainable,
                collections=collections, validate_shape=validate_shape,
                custom_getter=custom_getter, constraint=constraint)

    def global_variables(self):
        """The global variables whose names start with this scope's."""
        return self.get_collection(_g.GraphKeys.GLOBAL_VARIABLES)

    def trainable_variables(self):
        return self.get_collection(_g.GraphKeys.TRAINABLE_VARIABLES)

    def local_variables(self):
        return self.get_collection(_g.GraphKeys.LOCAL_VARIABLES)

    def get_collection(self, name):
        scope = self._name + "/" if self._name else ""
        return _g.get_collection(name, scope)

    def __repr__(self):
        return f"<tf.VariableScope {self._name!r} reuse={self._reuse}>"


class _VariableStore:
    """Per graph: the variables made by ``get_variable``, the current scope and the counts
    of opened scopes (for ``default_name``)."""

    def __init__(self):
        self.vars = {}
        self.scope = VariableScope(False)
        self.scope_counts = {}

    def open_scope(self, name):
        self.scope_counts[name] = self.scope_counts.get(name, 0) + 1

    def close_subscopes(self, name):
        for k in self.scope_counts:  # None: all (TF); "" (the root) resets none
            if name is None or k.startswith(name + "/"):
                self.scope_counts[k] = 0

    def count(self, name):
        return self.scope_counts.get(name, 0)

    def get_variable(self, name, shape=None, dtype=_dt.float32, initializer=None,
                     regularizer=None, reuse=None, trainable=None, collections=None,
                     validate_shape=True, custom_getter=None, constraint=None):
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError(f"Passed a custom_getter which is not callable: {custom_getter}")
        if trainable is None:
            trainable = True

        def true_getter(name, shape=None, dtype=_dt.float32, initializer=None,
                        regularizer=None, reuse=None, trainable=None, collections=None,
                        caching_device=None, partitioner=None, validate_shape=True,
                        use_resource=None, constraint=None, synchronization=None,
                        aggregation=None):
            return self._get_single_variable(
                name, shape, dtype, initializer, regularizer, reuse,
                True if trainable is None else trainable, collections, validate_shape,
                constraint)

        if custom_getter is None:
            return true_getter(name, shape=shape, dtype=dtype, initializer=initializer,
                               regularizer=regularizer, reuse=reuse, trainable=trainable,
                               collections=collections, validate_shape=validate_shape,
                               constraint=constraint)
        kwargs = dict(getter=true_getter, name=name, shape=shape, dtype=dtype,
                      initializer=initializer, regularizer=regularizer, reuse=reuse,
                      trainable=trainable, collections=collections, caching_device=None,
                      partitioner=None, validate_shape=validate_shape, use_resource=None,
                      synchronization=None, aggregation=None)
        if _accepts(custom_getter, "constraint"):
            kwargs["constraint"] = constraint
        return custom_getter(**kwargs)

    def _get_single_variable(self, name, shape, dtype, initializer, regularizer, reuse,
                             trainable, collections, validate_shape, constraint):
        if isinstance(initializer, str):
            initializer = _init.get(initializer)  # ("ones"): a tensorweave convenience
        from_value = initializer is not None and not callable(initializer)
        if shape is not None and from_value:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = _dt.as_dtype(dtype)
        shape = None if shape is None else _g.TensorShape(shape)
        existing = self.vars.get(name)
        if existing is not None:
            if reuse is False:
                raise ValueError(f"Variable {name} already exists, disallowed. Did you mean to "
                                 "set reuse=True or reuse=tf.AUTO_REUSE in VarScope?")
            if shape is not None and not shape.is_compatible_with(existing.shape):
                raise ValueError(f"Trying to share variable {name}, but specified shape "
                                 f"{shape} and found shape {existing.shape}.")
            if dtype != existing.dtype:
                raise ValueError(f"Trying to share variable {name}, but specified dtype "
                                 f"{dtype.name} and found dtype {existing.dtype.name}.")
            return existing
        if reuse is True:
            raise ValueError(f"Variable {name} does not exist, or was not created with "
                             "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
                             "VarScope?")
        if initializer is None:
            initializer = _default_initializer(name, dtype)
        if from_value:
            init_val, var_dtype = initializer, None
        else:
            if inspect.isclass(initializer):
                initializer = initializer()  # TF1 accepts the class: tf.zeros_initializer
            if shape is not None and shape.is_fully_defined():
                dims = shape.as_list()

                def init_val():
                    return initializer(dims, dtype=dtype)
                var_dtype = dtype
            elif _takes_no_arguments(initializer):
                init_val, var_dtype = initializer, None
            else:
                raise ValueError(
                    f"The initializer passed is not valid for variable {name}. It should be a "
                    "callable with no arguments and the shape should not be provided or an "
                    "instance of `tf.keras.initializers.*' and `shape` should be fully "
                    f"defined (the shape of a new variable must be fully defined, but instead "
                    f"was {shape}).")
        graph = _g.get_default_graph()
        with graph.name_scope(None):
            var = Variable(init_val, trainable=trainable, collections=collections, name=name,
                           dtype=var_dtype, validate_shape=validate_shape,
                           constraint=constraint)
        self.vars[name] = var
        if regularizer:
            with graph.name_scope(name + "/Regularizer/"), \
                    graph.control_dependencies(None), graph._cond_scope(None):
                loss = regularizer(var)
            if loss is not None:
                graph.add_to_collection(_g.GraphKeys.REGULARIZATION_LOSSES, loss)
        return var


def _default_initializer(name, dtype):
    if dtype.is_floating:
        return _init.GlorotUniform()
    if dtype.is_integer or dtype.is_bool or dtype == _dt.string:
        return _init.Zeros()
    raise ValueError(f"An initializer for variable {name} of {dtype.name} is required")


def _takes_no_arguments(fn):
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in params)


def _accepts(fn, arg):
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return arg in params or any(p.kind == p.VAR_KEYWORD for p in params.values())


def _store():
    graph = _g.get_default_graph()
    if graph._variable_store is None:
        graph._variable_store = _VariableStore()
    return graph._variable_store


def get_variable_scope():
    """The current ``VariableScope``."""
    return _store().scope


def _unique_scope_name(prefix):
    """``prefix``, or ``prefix_N`` with the smallest N unused in the current scope."""
    store = _store()
    current = store.scope.name
    name = current + "/" + prefix if current else prefix
    if store.count(name) == 0:
        return prefix
    idx = 1
    while store.count(f"{name}_{idx}") > 0:
        idx += 1
    return f"{prefix}_{idx}"


def _wrap_custom_getter(custom_getter, old_getter):
    """Nests custom getters (TF's rule): the new one is called with a getter that calls the
    outer one, which gets the real getter."""
    if old_getter is None:
        return custom_getter

    def wrapped(getter, *args, **kwargs):  # called as custom_getter(getter=…, …)
        return custom_getter(functools.partial(old_getter, getter), *args, **kwargs)
    return wrapped


class variable_scope:  # noqa: N801 - TensorFlow's name
    """A context manager that prefixes ``get_variable`` names (and op names) with a scope.

    Args:
        name_or_scope: the scope's name, or a ``VariableScope`` to re-enter; if None,
            ``default_name`` made unique (``"dense"``, ``"dense_1"`` …) is used.
        default_name: the name to uniquify when ``name_or_scope`` is None.
        values: tensors passed to the op (for the graph; may be None).
        initializer, regularizer, dtype, custom_getter, constraint: defaults for
            ``get_variable`` inside (inherited by nested scopes).
        reuse: True to require existing variables, ``tf.AUTO_REUSE`` to create or reuse,
            None/False to inherit the enclosing scope's mode.
        auxiliary_name_scope: also open a name scope for the ops made inside (default).
        caching_device, partitioner, use_resource: accepted and ignored.

    Raises:
        TypeError: without both ``name_or_scope`` and ``default_name``, or a name that is
            neither a string nor a VariableScope.
        ValueError: for ``reuse=True`` with only a ``default_name``, or a ``reuse`` value
            other than True/False/None/AUTO_REUSE.

    Example:
        >>> with tf.variable_scope("layer1"):
        ...     w = tf.get_variable("w", [784, 100])   # "layer1/w:0"
        >>> with tf.variable_scope("layer1", reuse=True):
        ...     assert tf.get_variable("w") is w
    """

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None,
                 regularizer=None, caching_device=None, partitioner=None, custom_getter=None,
                 reuse=None, dtype=None, use_resource=None, constraint=None,
                 auxiliary_name_scope=True):
        if default_name is None and name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if name_or_scope is not None and not isinstance(name_or_scope, (VariableScope, str)):
            raise TypeError("VariableScope: name_or_scope must be a string or VariableScope.")
        if reuse is False:
            reuse = None  # False means "inherit", as in TF1: scopes cannot un-reuse
        if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError(f"The auxiliary_name_scope must be `True` or `False`, while get "
                            f"{auxiliary_name_scope}")
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError(f"Passed a custom_getter which is not callable: {custom_getter}")
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._values = values
        self._defaults = dict(initializer=initializer, regularizer=regularizer,
                              custom_getter=custom_getter, dtype=dtype, constraint=constraint,
                              partitioner=partitioner, caching_device=caching_device)
        self._reuse = reuse
        self._auxiliary = auxiliary_name_scope
        self._exit = None

    def __enter__(self):
        graph = _g._graph_of(self._values) if self._values else _g.get_default_graph()
        stack = contextlib.ExitStack()
        if graph is not _g.get_default_graph():  # the graph of `values` becomes the default
            stack.enter_context(graph.as_default())
        try:
            scope = self._enter(graph, stack)
        except BaseException:
            stack.close()
            raise
        self._exit = stack
        return scope

    def __exit__(self, *exc):
        stack, self._exit = self._exit, None
        return stack.__exit__(*exc)

    def _enter(self, graph, stack):
        if self._auxiliary:
            name_scope = None  # opened below
        else:  # re-enter the current name scope
            current = graph.get_name_scope()
            name_scope = graph.name_scope(current + "/" if current else None)
        target = self._name_or_scope
        if target is None:
            if self._reuse:
                raise ValueError("reuse=True cannot be used without a name_or_scope")
            opened = stack.enter_context(name_scope or graph.name_scope(self._default_name))
            return self._enter_pure(stack, _unique_scope_name(self._default_name), opened)
        leaf = target if isinstance(target, str) else target.name.split("/")[-1]
        if not leaf and name_scope is None:  # entering the root scope
            return self._enter_pure(stack, target, None)
        opened = stack.enter_context(name_scope or graph.name_scope(leaf))
        old_name_scope = opened if isinstance(target, str) else target.original_name_scope
        return self._enter_pure(stack, target, old_name_scope)

    def _enter_pure(self, stack, name_or_scope, old_name_scope):
        """Makes the new VariableScope current (TF's ``_pure_variable_scope``)."""
        store = _store()
        old = store.scope
        d = self._defaults
        if isinstance(name_or_scope, VariableScope):
            new_name = name_or_scope.name
            reuse = self._reuse if self._reuse else name_or_scope.reuse
            scope = copy.copy(name_or_scope)
            scope._reuse = reuse
            if d["custom_getter"] is not None:
                scope.set_custom_getter(_wrap_custom_getter(d["custom_getter"],
                                                            name_or_scope.custom_getter))
            store.open_scope(new_name)
            saved_counts = dict(store.scope_counts)

            def restore():
                store.scope_counts = saved_counts  # leaving a jumped-to scope: old counts
        else:
            new_name = old.name + "/" + name_or_scope if old.name else name_or_scope
            reuse = self._reuse or old.reuse  # reuse is inherited by sub-scopes
            scope = VariableScope(
                reuse, new_name, initializer=old.initializer, regularizer=old.regularizer,
                caching_device=old.caching_device, partitioner=old.partitioner,
                custom_getter=old.custom_getter, dtype=old.dtype,
                name_scope=name_or_scope if old_name_scope is None else old_name_scope,
                constraint=d["constraint"])
            if d["custom_getter"] is not None:
                scope.set_custom_getter(_wrap_custom_getter(d["custom_getter"],
                                                            old.custom_getter))
            store.open_scope(new_name)

            def restore():
                store.close_subscopes(new_name)
        for key, setter in (("initializer", scope.set_initializer),
                            ("regularizer", scope.set_regularizer),
                            ("partitioner", scope.set_partitioner),
                            ("caching_device", scope.set_caching_device),
                            ("dtype", scope.set_dtype)):
            if d[key] is not None:
                setter(d[key])
        if d["constraint"] is not None:
            scope._constraint = d["constraint"]
        store.scope = scope

        def leave():
            if store.scope is not scope:
                raise RuntimeError("Improper nesting of variable_scope.")
            restore()
            store.scope = old
        stack.callback(leave)
        return scope


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                 synchronization=None, aggregation=None):
    """Gets the variable ``<current variable scope>/name``, or creates it.

    Args:
        name: the variable's name within the current variable scope.
        shape: its shape (required for a new variable unless ``initializer`` is a value).
        dtype: default the scope's (float32).
        initializer: an initializer (default the scope's, else Glorot uniform for floats and
            zeros for integers), an initializer class, a name such as ``"zeros"``, or a
            value (Tensor/array/list) whose shape becomes the variable's.
        regularizer: ``fn(variable) -> loss tensor or None``; the loss is added to
            ``REGULARIZATION_LOSSES`` (as ``"<name>/Regularizer/..."``).
        trainable: default True; collections: default ``[GLOBAL_VARIABLES]``.
        custom_getter: ``fn(getter, name, *args, **kwargs)`` wrapping the creation.

    Raises:
        ValueError: when it exists and the scope does not allow reuse; when it does not exist
            and ``reuse=True``; when the requested shape/dtype differ from the existing; for a
            new variable without a fully defined shape; for a value initializer together with
            a shape.

    Example:
        >>> with tf.variable_scope("layer1"):
        ...     w = tf.get_variable("w", [784, 100])   # Glorot uniform, "layer1/w:0"
    """
    return get_variable_scope().get_variable(
        name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
        trainable=trainable, collections=collections, caching_device=caching_device,
        partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
        custom_getter=custom_getter, constraint=constraint)


def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                       trainable=False, collections=None, caching_device=None,
                       partitioner=None, validate_shape=True, use_resource=None,
                       custom_getter=None, constraint=None, synchronization=None,
                       aggregation=None):
    """``get_variable`` for a non-trainable variable in ``LOCAL_VARIABLES`` (counters …)."""
    collections = list(collections or []) + [_g.GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                        regularizer=regularizer, trainable=False, collections=collections,
                        validate_shape=validate_shape, custom_getter=custom_getter,
                        constraint=constraint)


class Template:
    """A function whose ``get_variable`` calls share variables across calls (what
    ``make_template`` returns): the first call creates the variables under a unique
    variable scope (``"name"``, ``"name_1"`` …), later calls reuse them.

    Raises:
        ValueError: when a later call creates a new trainable variable (a ``tf.Variable``
            where ``tf.get_variable`` was meant).
    """

    def __init__(self, name, func, create_scope_now=False, unique_name=None,
                 custom_getter=None):
        self._name = name
        self._func = func
        self._unique_name = unique_name
        self._custom_getter = custom_getter
        self._variable_scope = None
        self._variables_created = False
        if create_scope_now:
            with variable_scope(unique_name, default_name=None if unique_name else name,
                                custom_getter=custom_getter,
                                auxiliary_name_scope=False) as vs:
                self._variable_scope = vs

    def _call_func(self, args, kwargs):
        graph = _g.get_default_graph()
        before = len(graph.get_collection(_g.GraphKeys.TRAINABLE_VARIABLES))
        result = self._func(*args, **kwargs)
        if self._variables_created:
            trainable = graph.get_collection(_g.GraphKeys.TRAINABLE_VARIABLES)
            if len(trainable) != before:
                raise ValueError(
                    "Trainable variable created when calling a template after the first "
                    "time, perhaps you used tf.Variable when you meant tf.get_variable: "
                    f"{[v.name for v in trainable[before:]]}")
        self._variables_created = True
        return result

    def __call__(self, *args, **kwargs):
        if self._variable_scope is not None:
            reuse = True if self._variables_created else None
            with variable_scope(self._variable_scope, reuse=reuse):
                return self._call_func(args, kwargs)
        with variable_scope(self._unique_name, default_name=self._name,
                            custom_getter=self._custom_getter) as vs:
            self._variable_scope = vs
            return self._call_func(args, kwargs)

    @property
    def name(self):
        return self._name

    @property
    def func(self):
        return self._func

    @property
    def variable_scope(self):
        return self._variable_scope

    @property
    def variable_scope_name(self):
        """The scope's name with a trailing slash (``"outer/name/"``), as TF shows it."""
        return self._variable_scope.name + "/" if self._variable_scope is not None else None

    var_scope = variable_scope

    def _collection(self, key):
        if self._variable_scope is None:
            return []
        return _g.get_default_graph().get_collection(key, self._variable_scope.name + "/")

    @property
    def variables(self):
        return self.global_variables + self.local_variables

    @property
    def trainable_variables(self):
        return self._collection(_g.GraphKeys.TRAINABLE_VARIABLES)

    @property
    def global_variables(self):
        return self._collection(_g.GraphKeys.GLOBAL_VARIABLES)

    @property
    def local_variables(self):
        return self._collection(_g.GraphKeys.LOCAL_VARIABLES)


def make_template(name_, func_, create_scope_now_=False, unique_name_=None,
                  custom_getter_=None, **kwargs):
    """Wraps ``func_`` so that every call shares the variables the first call made with
    ``get_variable``; extra keyword arguments are bound to ``func_``.

    Example:
        >>> scale = tf.make_template("scale", lambda x: x * tf.get_variable("s", []))
        >>> y1, y2 = scale(a), scale(b)          # one variable, "scale/s:0"
    """
    if kwargs:
        func_ = functools.partial(func_, **kwargs)
    return Template(name_, func_, create_scope_now=create_scope_now_,
                    unique_name=unique_name_, custom_getter=custom_getter_)
