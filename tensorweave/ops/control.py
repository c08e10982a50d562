"""Grouping and ordering: ``no_op``, ``group``, ``tuple``, ``with_dependencies``."""

from .. import graph as _g
from .registry import Op, register

__all__ = ["no_op", "group", "tuple", "with_dependencies"]

_builtin_tuple = tuple


@register
class NoOp(Op):
    """Does nothing; used for its control inputs (``tf.group``)."""

    differentiable = False

    def infer(self):
        return []

    def forward(self, xp):
        return ()


def no_op(name=None):
    """An operation that does nothing (its control inputs still run)."""
    return _bind_noop(name or "NoOp", ())


def _bind_noop(name, controls):
    graph = _g.get_default_graph()
    for c in controls:
        if c.graph is not graph and not _g._has_explicit_default():
            graph = c.graph
    return graph._create_op(NoOp(), (), graph.unique_name(name), [], controls)


def _flatten(inputs):
    out = []
    for x in inputs:
        if isinstance(x, (list, _builtin_tuple)):
            out.extend(_flatten(x))
        elif isinstance(x, dict):
            out.extend(_flatten(list(x.values())))
        elif x is not None:
            out.append(x)
    return out


def group(*inputs, name=None):
    """An operation that runs all ``inputs`` (ops or tensors) when it runs; no output.

    Example:
        >>> updates = tf.group(w1.assign(new_w1), w2.assign(new_w2))
        >>> sess.run(updates)   # both assignments run
    """
    controls = []
    for x in _flatten(inputs):
        op = _g._as_control_op(x, None)
        if op not in controls:
            controls.append(op)
    return _bind_noop(name or "group_deps", controls)


def with_dependencies(dependencies, output_tensor, name=None):
    """``output_tensor``'s value, produced only after ``dependencies`` ran."""
    from .math import identity
    with _g.name_scope(name, "control_dependency"):
        with _g.control_dependencies(dependencies):
            return identity(output_tensor)


def tuple(tensors, name=None, control_inputs=None):  # noqa: A001
    """Identities of ``tensors`` that are each available only after all of them (and
    ``control_inputs``) are computed."""
    from .math import identity
    with _g.name_scope(name, "tuple"):
        gate = group(*[t for t in tensors if t is not None], *(control_inputs or []))
        with _g.control_dependencies([gate]):
            return [None if t is None else identity(t) for t in tensors]
