"""The global step: an int64 variable in the ``GLOBAL_STEP`` collection."""

from .. import dtypes as _dt
from .. import graph as _g
from ..graph import GraphKeys

__all__ = ["get_global_step", "create_global_step", "get_or_create_global_step",
           "global_step"]


def get_global_step(graph=None):
    """The graph's global step variable, or None."""
    graph = graph or _g.get_default_graph()
    found = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(found) > 1:
        raise TypeError("There should be only one global step; found several in the "
                        "GLOBAL_STEP collection.")
    return found[0] if found else None


def create_global_step(graph=None):
    """Creates the global step variable (``"global_step:0"``, int64, not trainable).

    Raises:
        ValueError: if it already exists.
    """
    from ..variable_scope import get_variable
    from ..initializers import Zeros
    graph = graph or _g.get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    with graph.as_default():
        return get_variable("global_step", shape=[], dtype=_dt.int64, initializer=Zeros(),
                            trainable=False, collections=[GraphKeys.GLOBAL_VARIABLES,
                                                          GraphKeys.GLOBAL_STEP])


def get_or_create_global_step(graph=None):
    """The global step variable, created on first use."""
    step = get_global_step(graph)  # a Variable: no truth value, so not ``a or b``
    return step if step is not None else create_global_step(graph)


def global_step(sess, global_step_tensor):
    """The global step's value in ``sess`` as a Python int."""
    return int(sess.run(global_step_tensor))
