"""The graph side of ``tf.data`` (tensorweave/data/): the ops an iterator adds to the graph.

A dataset is a Python object that yields elements (flat lists of NumPy arrays); what it
needs from the graph (tensors given to ``from_tensor_slices``, values a ``map`` function
reads from outside) are its *captured* tensors. Three ops connect it to a session:

- ``MakeIterator`` (``iterator.initializer``) takes the captured tensors' values and starts a
  new pass over the dataset, kept in the session (so two sessions iterate independently);
- ``IteratorGetNext`` (``iterator.get_next()``) hands out the next element, one output per
  component, and raises ``OutOfRangeError`` ("End of sequence") at the end. A one-shot
  iterator's ``IteratorGetNext`` takes the captured tensors itself and starts its pass on
  its first run;
- ``DatasetElement`` stands for one component of an element inside a ``map``/``filter``
  function, which is traced once into the graph and run per element as a plan of its own
  (compiler/plan.py), fed with the element's values.
"""

import numpy as np

from .. import errors as _errors
from ..backend import to_numpy
from .registry import Op, Spec, register
from .state import SubPlanInput

__all__ = ["iterator_state", "to_device"]


def iterator_state(ctx):
    """What tf.data keeps in the session whose kernels see ``ctx``: each iterator's current
    pass (a Python iterator of elements) under its key, and the plans of map functions.
    It lives on the context (not in a global table), so it goes away with the session."""
    state = getattr(ctx, "_tf_data_state", None)
    if state is None:
        state = ctx._tf_data_state = {}
    return state


def to_device(xp, arrays):
    """Element arrays for the session's array module (strings stay NumPy objects)."""
    if xp is np:
        return list(arrays)
    return [a if a.dtype == object else xp.asarray(a) for a in arrays]


@register
class DatasetElement(SubPlanInput):
    """One component of a dataset element inside a ``map``/``filter`` function (fed by the
    function's plan)."""

    where = ("{name} is an element of a tf.data dataset inside a function given to map or "
             "filter: it has a value only while the dataset runs that function. Fetch the "
             "iterator's get_next() instead.")


@register
class MakeIterator(Op):
    """``iterator.initializer``: starts a new pass of ``dataset`` for ``iterator`` in this
    session. Inputs: the dataset's captured tensors."""

    stateful = True
    differentiable = False

    def __init__(self, iterator, dataset):
        self.iterator = iterator  # the tf.data Iterator (its ``key`` names its state)
        self.dataset = dataset

    def infer(self, *inputs):
        return []

    def make_kernel(self, ctx, node):
        state, key, dataset = iterator_state(ctx), self.iterator.key, self.dataset

        def kernel(*captured):
            state[key] = dataset._start(ctx, [to_numpy(v) for v in captured])
        return kernel


@register
class IteratorGetNext(Op):
    """``iterator.get_next()``: the next element of the iterator's pass, one output per
    component. Inputs: a one-shot iterator's captured tensors (none otherwise)."""

    stateful = True
    differentiable = False

    def __init__(self, iterator, specs):
        self.iterator = iterator
        self.specs = list(specs)  # (shape tuple or None, DType) per component

    def infer(self, *inputs):
        return [Spec(shape, dtype) for shape, dtype in self.specs]

    def make_kernel(self, ctx, node):
        state, iterator, xp = iterator_state(ctx), self.iterator, ctx.xp
        key, one_shot = iterator.key, iterator.one_shot
        where = f"\n\t [[{{{{node {node.name}}}}}]]"

        def kernel(*captured):
            current = state.get(key)
            if current is None:
                if not one_shot:
                    raise _errors.FailedPreconditionError(
                        None, node, "GetNext() failed because the iterator has not been "
                        "initialized. Ensure that you have run the initializer operation "
                        "for this iterator before getting the next element." + where)
                current = state[key] = iterator.dataset._start(
                    ctx, [to_numpy(v) for v in captured])
            try:
                element = next(current)
            except StopIteration:
                raise _errors.OutOfRangeError(None, node, "End of sequence" + where) from None
            except _errors.OpError:
                raise
            except Exception as e:  # a from_generator generator failed, say
                raise _errors.InvalidArgumentError(
                    None, node, f"{type(e).__name__}: {e}{where}") from e
            element = to_device(xp, element)
            return element[0] if len(element) == 1 else tuple(element)
        return kernel
