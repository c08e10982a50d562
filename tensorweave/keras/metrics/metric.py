"""``Metric``: the base class of all metrics (state in NumPy, updates on arrays or graphs)."""

import functools
import re
import sys

import numpy as np

from ...eager import EagerTensor

from ._ops import _GraphOps, _NP


def _snake(name):
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _keras_trace():
    from ...function import keras_trace
    return keras_trace()


def _trace_updates():
    """{metric id: its update ops} of the tw.function trace being built (into a Keras graph
    or a graph of its own), or None outside traces."""
    trace = _keras_trace()
    if trace is not None:
        return trace.metric_updates
    from ...graph import function_graph
    graph = function_graph()
    if graph is None or graph._python_function is None:
        return None
    if not hasattr(graph, "_metric_updates"):
        graph._metric_updates = {}
    return graph._metric_updates


def _tensor_result(result):
    """``result()`` as user code sees it: an eager tensor, as Keras 3 on TensorFlow gives
    (``m.result().numpy()``); tensorweave's own code (fit's logs) keeps NumPy values. In a
    tw.function traced into a Keras graph: a tensor computed on the host when it runs,
    after the updates of this metric the function made before."""
    @functools.wraps(result)
    def wrapped(self):
        updates = _trace_updates()
        if updates is not None:
            return self._graph_result(result, updates.get(id(self), []))
        value = result(self)
        if isinstance(value, (np.ndarray, np.generic, float)) and \
                not sys._getframe(1).f_globals.get("__name__", "").startswith("tensorweave"):
            return EagerTensor(np.asarray(value, dtype=np.float32))
        return value
    return wrapped


def _symbolic(args, kwargs):
    """Whether any argument is a graph tensor."""
    from ...graph import Tensor
    return any(isinstance(a, Tensor) and type(a) is not EagerTensor
               for a in (*args, *kwargs.values()))


class Metric:
    """Base class: a running statistic over batches (the protocol: ``keras.metrics``' docstring).

    Subclasses define ``_state_shapes()`` (name → shape, in order), ``_stats(ops, *args)``
    (one increment per state array) and ``result()``.

    Args:
        name: the metric's name (the key in training logs).
        dtype: accepted for Keras compatibility; state and results are float32.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "result" in cls.__dict__:
            cls.result = _tensor_result(cls.__dict__["result"])

    def __init__(self, name=None, dtype=None):
        if not name:  # Keras's auto_name: "auc", then "auc_1" … (reset by clear_session)
            from ..backend import unique_name
            name = unique_name(_snake(type(self).__name__))
        self.name = name
        self._dtype = dtype or "float32"
        self._state = None

    # state ----------------------------------------------------------------------------------
    def _state_shapes(self):
        raise NotImplementedError

    @property
    def state_names(self):
        """Names of the state arrays, in order (``("total", "count")`` for ``Mean``)."""
        return tuple(self._state_shapes())

    @property
    def state(self):
        """The state arrays (float32), in ``state_names`` order."""
        if self._state is None:
            self._state = self._zeros()
        return tuple(self._state)

    def set_state(self, values):
        """Replaces the state with ``values`` (one array per ``state_names`` entry)."""
        shapes = list(self._state_shapes().values())
        if len(values) != len(shapes):
            raise ValueError(f"{type(self).__name__} has {len(shapes)} state arrays "
                             f"{self.state_names}; received {len(values)} values.")
        self._state = [np.array(v, dtype=np.float32).reshape(s)
                       for v, s in zip(values, shapes)]

    def reset_state(self):
        """Sets the state back to zeros."""
        if _trace_updates() is not None:  # (at each call, not once while tracing: eagerly)
            from ...function import EagerFallback
            raise EagerFallback(f"metric {self.name} reset inside a function")
        self._state = self._zeros()

    def _zeros(self):
        return [np.zeros(s, np.float32) for s in self._state_shapes().values()]

    reset_states = reset_state  # the Keras 2 name

    def accumulate(self, increments):
        """Adds one batch's increments (from ``graph_update``, fetched) to the state."""
        state = list(self.state)
        if len(increments) != len(state):
            raise ValueError(f"{type(self).__name__}.accumulate expects {len(state)} values "
                             f"{self.state_names}; received {len(increments)}.")
        self._state = [s + np.asarray(v, dtype=np.float32).reshape(s.shape)
                       for s, v in zip(state, increments)]

    # updates -----------------------------------------------------------------------------
    def _stats(self, ops, *args, **kwargs):
        raise NotImplementedError

    def update_state(self, *args, **kwargs):
        """Accumulates one batch of arrays: ``(y_true, y_pred, sample_weight=None)``.

        Given graph tensors (a ``tw.function`` traced into a Keras graph: a custom training
        loop), it returns an op instead: the batch's increments are computed by graph ops,
        and added to the state on the host each time the op runs."""
        if _symbolic(args, kwargs):
            return self._graph_accumulate(*args, **kwargs)
        self.accumulate(self._stats(_NP, *args, **kwargs))

    def _graph_accumulate(self, *args, **kwargs):
        from ...ops.py_func import numpy_function
        increments = list(self.graph_update(*args, **kwargs))

        def accumulate(*values):
            self.accumulate(values)
        op = numpy_function(accumulate, increments, [], name=f"{self.name}_update")
        updates = _trace_updates()
        if updates is not None:  # what this function's result() reads runs after it
            updates.setdefault(id(self), []).append(op)
        return op

    def _graph_result(self, result, after):
        """``result()`` in a graph: a host op computing it at run time, after the update ops
        ``after`` (in a tw.function trace, a structure other than one number or array makes
        the function run eagerly)."""
        from ...function import EagerFallback
        from ...graph import get_default_graph
        from ...ops.py_func import numpy_function
        probe = result(self)
        if isinstance(probe, dict) or np.asarray(probe).dtype.kind not in "fiub":
            raise EagerFallback(f"the result of metric {self.name}")
        with get_default_graph().control_dependencies(after):
            return numpy_function(lambda: np.asarray(result(self), np.float32), [],
                                  self._float32(), name=f"{self.name}_result")

    def graph_update(self, *args, **kwargs):
        """Builds graph ops for one batch; returns a tuple of tensors, one per state array
        (same arguments as ``update_state``, with graph tensors)."""
        return tuple(self._stats(_GraphOps(), *args, **kwargs))

    def result(self):
        raise NotImplementedError

    def __call__(self, *args, **kwargs):
        """``update_state`` then ``result`` (in a graph: a tensor of the result after the
        update, computed on the host when it runs)."""
        update = self.update_state(*args, **kwargs)
        if _symbolic(args, kwargs) and _trace_updates() is None:  # TF 1 graph code
            from ...graph import Operation
            raw = getattr(type(self).result, "__wrapped__", type(self).result)
            return self._graph_result(raw, [update] if isinstance(update, Operation) else [])
        return self.result()  # (in a tw.function's trace: after the update, see above)

    @staticmethod
    def _float32():
        from ... import dtypes
        return dtypes.float32

    # config --------------------------------------------------------------------------------
    @property
    def dtype(self):
        return self._dtype

    def get_config(self):
        return {"name": self.name, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"
