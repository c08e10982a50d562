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


def _tensor_result(result):
    """``result()`` as user code sees it: an eager tensor, as Keras 3 on TensorFlow gives
    (``m.result().numpy()``); tensorweave's own code (fit's logs) keeps NumPy values."""
    @functools.wraps(result)
    def wrapped(self):
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
            self.reset_state()
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
        self._state = [np.zeros(s, np.float32) for s in self._state_shapes().values()]

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
        return numpy_function(accumulate, increments, [], name=f"{self.name}_update")

    def graph_update(self, *args, **kwargs):
        """Builds graph ops for one batch; returns a tuple of tensors, one per state array
        (same arguments as ``update_state``, with graph tensors)."""
        return tuple(self._stats(_GraphOps(), *args, **kwargs))

    def result(self):
        raise NotImplementedError

    def __call__(self, *args, **kwargs):
        """``update_state`` then ``result`` (in a graph: a tensor of the result after the
        update, computed on the host when it runs)."""
        if _symbolic(args, kwargs):
            from ...graph import get_default_graph
            from ...ops.py_func import numpy_function
            update = self._graph_accumulate(*args, **kwargs)
            with get_default_graph().control_dependencies([update]):
                return numpy_function(lambda: np.asarray(self.result(), np.float32), [],
                                      self._float32(), name=f"{self.name}_result")
        self.update_state(*args, **kwargs)
        return self.result()

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
