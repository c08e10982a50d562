"""``tf.data.Iterator`` (TF 1's graph iterators): one-shot, initializable and
reinitializable (``Iterator.from_structure``); the ops they add are in ops/iterator.py."""

import itertools

from .. import graph as _g
from ..shapes import TensorShape, as_shape
from .structure import (
    Structured,
    TensorSpec,
    flatten,
    flatten_shapes,
    map_structure,
    normalize,
    pack,
)

__all__ = ["Iterator"]

_keys = itertools.count()


class Iterator(Structured):
    """Reads a dataset in a session: ``get_next()`` gives the element's tensors, each run
    of them hands out the next element (once per run, however many of them are fetched).

    Example:
        >>> it = ds.make_initializable_iterator()
        >>> x = it.get_next()
        >>> sess.run(it.initializer, feed_dict={data: values})
        >>> sess.run(x)
    """

    def __init__(self, element_spec, dataset=None, one_shot=False):
        self.key = next(_keys)          # names this iterator's state in a session
        self.dataset = dataset          # the one-shot iterator's dataset
        self.one_shot = one_shot
        self._element_spec = element_spec
        self._initializer = None

    @classmethod
    def _one_shot(cls, dataset):
        captured = dataset._all_captured()
        for t in captured:
            placeholder = _g.needed_feed_and_state(t)[0]
            if placeholder is not None:
                raise ValueError(f"Cannot capture a placeholder (name:{placeholder.op.name}, "
                                 f"type:{placeholder.op.type}) by value.")
        return cls(dataset.element_spec, dataset, one_shot=True)

    @classmethod
    def _initializable(cls, dataset):
        it = cls(dataset.element_spec)
        it._initializer = it.make_initializer(dataset, name="MakeIterator")
        return it

    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None,
                       output_classes=None):
        """An iterator of elements of the given types (and shapes) that any dataset of that
        structure can initialize (``make_initializer``)."""
        types = normalize(output_types)
        if output_shapes is None:
            shapes = [TensorShape(None)] * len(flatten(types))
        else:
            shapes = [as_shape(s) for s in flatten_shapes(output_shapes)]
            if len(shapes) != len(flatten(types)):
                raise TypeError("output_shapes must have the structure of output_types")
        specs = [TensorSpec(s, t) for s, t in zip(shapes, flatten(types))]
        return Iterator(pack(types, specs))

    @staticmethod
    def from_string_handle(string_handle, output_types, output_shapes=None,
                           output_classes=None):
        raise NotImplementedError("Feedable iterators (string handles) are not supported by "
                                  "tensorweave's tf.data; use Iterator.from_structure and "
                                  "make_initializer to switch datasets.")

    # -- ops ---------------------------------------------------------------------------------
    @property
    def initializer(self):
        """The op that starts (or restarts) a pass over the dataset."""
        if self._initializer is None:
            raise ValueError("The iterator does not have an initializer. This means it was "
                             "likely created using `tf.data.Dataset.make_one_shot_iterator()`. "
                             "For an initializable iterator, use "
                             "`tf.data.Dataset.make_initializable_iterator()` instead.")
        return self._initializer

    def make_initializer(self, dataset, name=None):
        """An op that starts a pass of ``dataset`` (of this iterator's structure) here.

        Raises:
            TypeError: the dataset's structure or dtypes differ from the iterator's.
        """
        from ..ops.iterator import MakeIterator
        mine, theirs = flatten(self._element_spec), flatten(dataset.element_spec)
        same_structure = map_structure(lambda s: 0, self._element_spec) == \
            map_structure(lambda s: 0, dataset.element_spec)
        if not same_structure or len(mine) != len(theirs):
            raise TypeError(f"Expected output structure {self._element_spec} but got "
                            f"dataset with output structure {dataset.element_spec}.")
        if any(a.dtype != b.dtype for a, b in zip(mine, theirs)):
            raise TypeError(f"Expected output types {self.output_types} but got dataset with "
                            f"output types {dataset.output_types}.")
        if any(not a.shape.is_compatible_with(b.shape) for a, b in zip(mine, theirs)):
            raise TypeError(f"Expected output shapes compatible with {self.output_shapes} but "
                            f"got dataset with output shapes {dataset.output_shapes}.")
        return MakeIterator(self, dataset).bind(*dataset._all_captured(),
                                                name=name or "make_initializer")

    def get_next(self, name=None):
        """The next element's tensors, in the element structure; each run that computes
        them advances the iterator once. At the end, running them raises
        ``tf.errors.OutOfRangeError`` ("End of sequence")."""
        from ..ops.iterator import IteratorGetNext
        flat = flatten(self._element_spec)
        inputs = self.dataset._all_captured() if self.one_shot else []
        prim = IteratorGetNext(self, [(s.shape.as_tuple(), s.dtype) for s in flat])
        outs = prim.bind(*inputs, name=name or "IteratorGetNext")
        return pack(self._element_spec, list(outs))

    def string_handle(self, name=None):
        raise NotImplementedError("Feedable iterators (string handles) are not supported by "
                                  "tensorweave's tf.data.")


def make_one_shot_iterator(dataset):
    """``dataset.make_one_shot_iterator()``."""
    return dataset.make_one_shot_iterator()


def make_initializable_iterator(dataset, shared_name=None):
    """``dataset.make_initializable_iterator()``."""
    return dataset.make_initializable_iterator(shared_name)


def get_output_types(dataset_or_iterator):
    return dataset_or_iterator.output_types


def get_output_shapes(dataset_or_iterator):
    return dataset_or_iterator.output_shapes


def get_output_classes(dataset_or_iterator):
    return dataset_or_iterator.output_classes
