"""``tw.Module``: a named container of variables and other modules (TF 2's ``tf.Module``).

Its ``variables``, ``trainable_variables`` and ``submodules`` are found by walking the
object's attributes (in sorted attribute order, into lists, tuples and dicts, then into the
submodules found, each value once), so a model written as plain Python classes hands its
weights to a ``GradientTape`` and an optimizer without registering them.

Example:
    >>> class Dense(tw.Module):
    ...     def __init__(self, n_in, n_out, name=None):
    ...         super().__init__(name=name)
    ...         self.w = tw.Variable(tw.ones((n_in, n_out)), name="w")
    ...         self.b = tw.Variable(tw.zeros((n_out,)), name="b")
    ...     def __call__(self, x):
    ...         return tw.matmul(x, self.w) + self.b
    >>> [v.name for v in Dense(3, 2).trainable_variables]
    ['b:0', 'w:0']
"""

import functools
import re

from . import graph as _g
from . import nest as _nest

__all__ = ["Module"]

_VALID_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _snake(name):
    name = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


class Module:
    """Base class of models and layers written as plain Python classes.

    Args:
        name: the module's name (default: the class name in snake_case); a valid Python
            identifier.
    """

    def __init__(self, name=None):
        if name is None:
            name = _snake(type(self).__name__)
        elif not _VALID_NAME.match(name):
            raise ValueError(f"{name!r} is not a valid module name. Module names must be "
                             "valid Python 3 identifiers.")
        self._name = name
        with _g.name_scope(name) as scope:
            self._scope_name = scope

    @property
    def name(self):
        return self._name

    @property
    def name_scope(self):
        """The module's name scope: ``with self.name_scope:`` prefixes names made inside."""
        return _g.name_scope(self._scope_name or self._name + "/")

    @property
    def variables(self):
        """Every variable of this module and its submodules, each once."""
        return tuple(self._flatten(_is_variable))

    @property
    def trainable_variables(self):
        return tuple(self._flatten(lambda v: _is_variable(v) and v.trainable))

    @property
    def non_trainable_variables(self):
        return tuple(self._flatten(lambda v: _is_variable(v) and not v.trainable))

    @property
    def submodules(self):
        """The modules this module holds, and theirs (found breadth first)."""
        return tuple(self._flatten(lambda v: isinstance(v, Module)))

    def _flatten(self, predicate, seen=None, walking=None):
        """The values under this module's attributes that ``predicate`` accepts: its own
        attributes (sorted by name) first, then those of each submodule found there."""
        seen = set() if seen is None else seen
        walking = set() if walking is None else walking
        walking.add(id(self))
        found = []
        for key in sorted(vars(self)):
            for leaf in _nest.flatten(vars(self)[key]):
                if id(leaf) in seen:
                    continue
                seen.add(id(leaf))
                if predicate(leaf):
                    yield leaf
                if isinstance(leaf, Module):
                    found.append(leaf)
        for module in found:
            if id(module) not in walking:
                yield from module._flatten(predicate, seen, walking)
        walking.discard(id(self))

    @classmethod
    def with_name_scope(cls, method):
        """Decorates a method to run inside the module's name scope."""
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        return wrapped

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} object named {self._name!r}>"


def _is_variable(v):
    return hasattr(v, "_as_tensor") and hasattr(v, "trainable") and hasattr(v, "assign")
