"""``variable_scope`` and ``get_variable``: variables named by scope, created once, shared
with ``reuse=True`` or ``reuse=tf.AUTO_REUSE``."""

import contextlib

from . import dtypes as _dt
from . import graph as _g
from . import initializers as _init
from .variables import Variable

__all__ = ["variable_scope", "get_variable", "get_variable_scope", "VariableScope",
           "AUTO_REUSE"]


class _ReuseMode:
    def __repr__(self):
        return "tf.AUTO_REUSE"


AUTO_REUSE = _ReuseMode()


class VariableScope:
    """The current prefix, reuse mode and defaults for ``get_variable``."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, dtype=_dt.float32,
                 name_scope=""):
        self.name = name
        self.reuse = reuse
        self.initializer = initializer
        self.regularizer = regularizer
        self.dtype = _dt.as_dtype(dtype)
        self.original_name_scope = name_scope

    def reuse_variables(self):
        self.reuse = True

    def set_initializer(self, initializer):
        self.initializer = initializer

    def set_regularizer(self, regularizer):
        self.regularizer = regularizer

    def get_variable(self, name, *args, **kwargs):
        return get_variable(name, *args, **kwargs)


class _Store:
    """Per-graph: the variables made by get_variable and the current scope stack."""

    def __init__(self):
        self.vars = {}
        self.scope = VariableScope(False)
        self.scope_counts = {}


def _store():
    graph = _g.get_default_graph()
    if graph._variable_store is None:
        graph._variable_store = _Store()
    return graph._variable_store


def get_variable_scope():
    """The current ``VariableScope``."""
    return _store().scope


@contextlib.contextmanager
def variable_scope(name_or_scope, default_name=None, values=None, initializer=None,
                   regularizer=None, reuse=None, dtype=None, auxiliary_name_scope=True,
                   **kwargs):
    """Prefixes ``get_variable`` names (and op names) with a scope.

    Args:
        name_or_scope: the scope's name or a ``VariableScope`` to re-enter; if None,
            ``default_name`` made unique (``"dense"``, ``"dense_1"`` …) is used.
        reuse: True to require existing variables, ``tf.AUTO_REUSE`` to create or reuse;
            inherited by nested scopes once set.
        initializer, regularizer, dtype: defaults for ``get_variable`` inside.

    Example:
        >>> with tf.variable_scope("layer1"):
        ...     w = tf.get_variable("w", [784, 100])   # "layer1/w:0"
    """
    store = _store()
    parent = store.scope
    if name_or_scope is None and default_name is None:
        raise TypeError("If default_name is None then name_or_scope is required")
    if isinstance(name_or_scope, VariableScope):
        full = name_or_scope.name
        ns_name = (name_or_scope.original_name_scope or full + "/")
    else:
        if name_or_scope is None:
            base = (parent.name + "/" if parent.name else "") + default_name
            count = store.scope_counts.get(base, 0)
            store.scope_counts[base] = count + 1
            leaf = default_name if count == 0 else f"{default_name}_{count}"
        else:
            leaf = name_or_scope
        full = (parent.name + "/" if parent.name else "") + leaf
        store.scope_counts.setdefault(full, 1)
        ns_name = leaf
    if reuse is False or reuse is None:
        new_reuse = parent.reuse if reuse is None else False
        if reuse is False and parent.reuse is True:
            new_reuse = True  # TF: reuse is inherited once set
    else:
        new_reuse = reuse
    if isinstance(name_or_scope, VariableScope) and reuse is None:
        new_reuse = name_or_scope.reuse or parent.reuse
    scope = VariableScope(
        new_reuse, full,
        initializer if initializer is not None else
        (name_or_scope.initializer if isinstance(name_or_scope, VariableScope)
         else parent.initializer),
        regularizer if regularizer is not None else parent.regularizer,
        dtype if dtype is not None else parent.dtype)
    graph = _g.get_default_graph()
    ns = graph.name_scope(ns_name) if auxiliary_name_scope else contextlib.nullcontext("")
    with ns as opened:
        scope.original_name_scope = opened or scope.original_name_scope
        store.scope = scope
        try:
            yield scope
        finally:
            store.scope = parent


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
                 trainable=None, collections=None, caching_device=None, partitioner=None,
                 validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                 synchronization=None, aggregation=None):
    """Gets the variable ``scope/name`` or creates it.

    Raises:
        ValueError: when it exists and the scope does not allow reuse, when it does not exist
            and ``reuse=True``, or when the requested shape/dtype differ from the existing.
    """
    store = _store()
    scope = store.scope
    full = (scope.name + "/" if scope.name else "") + name
    existing = store.vars.get(full)
    if existing is not None:
        if scope.reuse is False:
            raise ValueError(f"Variable {full} already exists, disallowed. Did you mean to set "
                             "reuse=True or reuse=tf.AUTO_REUSE in VarScope?")
        if shape is not None and not existing.shape.is_compatible_with(shape):
            raise ValueError(f"Trying to share variable {full}, but specified shape "
                             f"{_g.TensorShape(shape)} and found shape {existing.shape}.")
        if dtype is not None and _dt.as_dtype(dtype) != existing.dtype:
            raise ValueError(f"Trying to share variable {full}, but specified dtype "
                             f"{_dt.as_dtype(dtype).name} and found dtype "
                             f"{existing.dtype.name}.")
        return existing
    if scope.reuse is True:
        raise ValueError(f"Variable {full} does not exist, or was not created with "
                         "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
                         "VarScope?")
    dtype = _dt.as_dtype(dtype) if dtype is not None else scope.dtype
    if initializer is None:
        initializer = scope.initializer
    if initializer is None:
        initializer = _init.GlorotUniform() if dtype.is_floating else _init.Zeros()
    initializer = _init.get(initializer)
    if callable(initializer) and not isinstance(initializer, type):
        if shape is None and not hasattr(initializer, "__call__"):
            raise ValueError(f"Shape of a new variable ({full}) must be fully defined")
        if shape is None:
            raise ValueError(f"Shape of a new variable ({full}) must be fully defined, but "
                             "instead was None.")
        shape = _g.TensorShape(shape).as_list()

        def init_value():
            return initializer(shape, dtype=dtype)
        value = init_value
    else:
        value = initializer  # a Tensor or array: its own shape
    graph = _g.get_default_graph()
    with graph.name_scope(None):
        var = Variable(value, trainable=trainable if trainable is not None else True,
                       collections=collections, name=full, dtype=dtype,
                       validate_shape=validate_shape, constraint=constraint)
    store.vars[full] = var
    if regularizer is None:
        regularizer = scope.regularizer
    if regularizer is not None:
        with graph.name_scope(full + "/Regularizer/"):
            loss = regularizer(var)
        if loss is not None:
            graph.add_to_collection(_g.GraphKeys.REGULARIZATION_LOSSES, loss)
    return var
