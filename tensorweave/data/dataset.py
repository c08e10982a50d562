"""``tf.data.Dataset``: input pipelines as Python iterators of NumPy arrays.

A dataset is a description: its element structure (``element_spec``: shapes and dtypes as
TF gives them) and how to produce its elements. Nothing runs until an iterator's ops run in
a session (ops/iterator.py): then ``_start(ctx, captured values)`` begins a pass, a chain
of Python generators, each element a flat list of NumPy arrays in ``element_spec``'s order.

``map`` and ``filter`` trace their function once, when called, on symbolic element tensors
(``DatasetElement``) into the default graph; each pass compiles those ops into a plan of
their own (once per session) and runs it per element, fed with the element's values and the
outside tensors the function reads (computed when the iterator is initialized).

``shuffle`` keeps TF's buffer algorithm (fill ``buffer_size`` elements, hand out a random
one and put the next input element in its place) and its seeding rules (graph and op seed;
a fixed seed gives the same orders in every session and at every initialization; with
``reshuffle_each_iteration`` each epoch of a ``repeat`` has a new order), not TF's random
stream (Philox): the orders themselves differ from TF's.

The datasets themselves are in sources.py (arrays, ranges, generators) and transforms.py.
"""

import numpy as np

from .. import dtypes as _dt
from .structure import Structured, flatten, map_structure, pack

__all__ = ["Dataset"]

AUTOTUNE = -1


class _Env:
    """One pass's context: the session's kernel context, the captured tensors' values, and
    what the pass keeps (shuffle streams, caches)."""

    def __init__(self, ctx, values):
        self.ctx = ctx
        self.values = values  # id(tensor) -> NumPy array
        self.kept = {}

    def value(self, tensor):
        return self.values[id(tensor)]


INFINITE = -1  # tf.data.INFINITE_CARDINALITY
UNKNOWN = -2   # tf.data.UNKNOWN_CARDINALITY


class _EagerIterator:
    """``iter(dataset)`` executing eagerly: a Python iterator with TF 2's ``get_next()``."""

    def __init__(self, elements, element_spec):
        self._elements = elements
        self.element_spec = element_spec

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._elements)

    def get_next(self):
        """The next element; ``OutOfRangeError`` after the last (``next(it)`` raises
        StopIteration)."""
        try:
            return next(self._elements)
        except StopIteration:
            from ..errors import OutOfRangeError
            raise OutOfRangeError(None, None, "End of sequence") from None


class Dataset(Structured):
    """A sequence of elements (nested tuples/dicts of arrays), built from arrays and
    transformed in a pipeline; read it through an iterator in a session.

    Example:
        >>> ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100, seed=1).batch(32)
        >>> xb, yb = ds.make_one_shot_iterator().get_next()
    """

    def __init__(self, element_spec, inputs=(), captured=()):
        self._element_spec = element_spec
        self._inputs = list(inputs)
        self._captured = list(captured)

    # -- structure (element_spec, output_types/shapes/classes: structure.Structured) ------
    def _flat_specs(self):
        return flatten(self._element_spec)

    def _all_captured(self):
        """Every tensor the pipeline reads from the graph, each once."""
        seen, out = set(), []
        for ds in self._walk():
            for t in ds._captured:
                if id(t) not in seen:
                    seen.add(id(t))
                    out.append(t)
        return out

    def _walk(self):
        yield self
        for ds in self._inputs:
            yield from ds._walk()

    def _start(self, ctx, captured_values, kept=None):
        """A new pass (a Python iterator of flat element lists) in the session of ``ctx``;
        ``kept``: what passes keep (shuffle streams, caches), when it outlives this pass."""
        env = _Env(ctx, {id(t): v for t, v in zip(self._all_captured(), captured_values)})
        if kept is not None:
            env.kept = kept
        return iter(self._generate(env))

    def _generate(self, env):
        raise NotImplementedError

    def _slices(self, env):
        """(flat component arrays, n) when this pass's elements are the n rows of arrays
        (``from_tensor_slices``): ``shuffle`` then orders row indices and ``batch`` gathers
        each batch's rows at once, the same values as element by element. Else None."""
        return None

    def __iter__(self):
        """Executing eagerly: the elements as eager tensors, one pass per ``for`` loop
        (``for x, y in dataset:``), as in TF 2; the iterator also has TF's ``get_next()``
        (``OutOfRangeError`` at the end) and ``get_next_as_optional``-free ``next``."""
        from ..context import executing_eagerly
        from ..function import fallback_if_tracing
        # inside tw.function (without AutoGraph's loop conversion): run the function eagerly
        fallback_if_tracing("iteration over a tf.data.Dataset")
        if not executing_eagerly():
            raise RuntimeError("`tf.data.Dataset` only supports Python-style iteration in "
                               "eager mode or within tf.function.")
        return _EagerIterator(self._eager_pass(), self._element_spec)

    # -- size ----------------------------------------------------------------------------------
    def _cardinality(self):
        """The number of elements when known before a pass (``INFINITE``, ``UNKNOWN``):
        each dataset's own rule; unknown unless a class knows better."""
        return UNKNOWN

    def cardinality(self):
        """The number of elements as an int64 scalar tensor: ``tf.data.INFINITE_CARDINALITY``
        (-1) for an endless dataset (``repeat()``), ``tf.data.UNKNOWN_CARDINALITY`` (-2) when
        it depends on the data (``filter``, generators), as TF 2 computes it statically."""
        from ..ops.creation import constant
        return constant(self._cardinality(), dtype="int64")

    def __len__(self):
        """The number of elements (``len(ds)``, executing eagerly); TypeError for an
        infinite dataset or one of unknown length, as in TF 2."""
        from ..context import executing_eagerly
        if not executing_eagerly():
            raise TypeError("`tf.data.Dataset` only supports `len` in eager mode. Use "
                            "`tf.data.Dataset.cardinality()` instead.")
        n = self._cardinality()
        if n == INFINITE:
            raise TypeError("The dataset is infinite.")
        if n == UNKNOWN:
            raise TypeError("The dataset length is unknown.")
        return n

    def as_numpy_iterator(self):
        """Executing eagerly: the elements as NumPy values (``list(ds.as_numpy_iterator())``)."""
        from ..context import executing_eagerly
        if not executing_eagerly():
            raise RuntimeError("`tf.data.Dataset.as_numpy_iterator()` is only supported in "
                               "eager mode.")
        for element in self._eager_pass():
            yield map_structure(lambda t: t.numpy(), element)

    def reduce(self, initial_state, reduce_func, name=None):
        """Executing eagerly: ``reduce_func(state, element)`` over every element, from
        ``initial_state``; returns the final state."""
        from ..ops.creation import convert_to_tensor
        from .. import nest
        state = nest.map_structure(convert_to_tensor, initial_state)
        for element in self:
            state = nest.map_structure(convert_to_tensor, reduce_func(state, element))
        return state

    def _eager_pass(self):
        from ..eager import EagerTensor, eager_context
        values = [np.asarray(t.numpy()) for t in self._all_captured()]
        # what passes keep (shuffle streams, caches) lives with the dataset: each loop is a
        # new epoch of the same streams, as in TF 2
        kept = self.__dict__.setdefault("_eager_kept", {})
        specs = self._flat_specs()
        for flat in self._start(eager_context, values, kept):
            yield pack(self._element_spec,
                       [EagerTensor(np.asarray(v, dtype=s.dtype.as_numpy_dtype), s.dtype)
                        for v, s in zip(flat, specs)])

    def __repr__(self):
        return f"<{type(self).__name__} element_spec={self._element_spec}>"

    # -- sources -----------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors, name=None):
        """The slices of ``tensors`` along their first dimension, one element each.

        ``tensors``: an array, tensor, or tuple/dict of them (a list is one tensor). All
        components must have the same first dimension.
        """
        return _src.TensorSliceDataset(tensors)

    @staticmethod
    def from_tensors(tensors, name=None):
        """A dataset of one element: ``tensors`` itself."""
        return _src.TensorDataset(tensors)

    @staticmethod
    def range(*args, output_type=_dt.int64, name=None):
        """``range(stop)``, ``range(start, stop[, step])``: int64 scalars, as Python's range."""
        return _src.RangeDataset(*args, output_type=output_type)

    @staticmethod
    def zip(datasets, *more, name=None):
        """Elements of the given datasets side by side (a tuple, or dict, of datasets);
        ends with the shortest."""
        if more:
            datasets = (datasets,) + more
        return _tr.ZipDataset(datasets)

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None,
                       output_signature=None, name=None):
        """Elements from calling ``generator()`` (with ``args``) at each pass, converted
        to ``output_types`` (and checked against ``output_shapes``)."""
        return _src.GeneratorDataset(generator, output_types, output_shapes, args, output_signature)

    # -- transformations ---------------------------------------------------------------------
    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        """Applies ``map_func`` (traced once with tf ops on the element's tensors; a tuple
        element is passed as positional arguments) to each element."""
        return _tr.MapDataset(self, map_func)

    def filter(self, predicate, name=None):
        """The elements for which ``predicate`` (a function returning a scalar tf.bool,
        traced as in ``map``) is true."""
        return _tr.FilterDataset(self, predicate)

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None,
              deterministic=None, name=None):
        """Stacks ``batch_size`` consecutive elements; the last batch may be smaller unless
        ``drop_remainder`` (then the batch dimension is static)."""
        return _tr.BatchDataset(self, batch_size, drop_remainder)

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None,
                     drop_remainder=False, name=None):
        """Like ``batch``, padding each component to ``padded_shapes`` (unknown dims: to
        the longest in the batch) with ``padding_values`` (default 0 or b'')."""
        return _tr.PaddedBatchDataset(self, batch_size, padded_shapes, padding_values,
                                      drop_remainder)

    def unbatch(self, name=None):
        """Splits each element along its first dimension."""
        return _tr.UnbatchDataset(self)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None, name=None):
        """Randomly shuffles the elements through a buffer of ``buffer_size`` elements."""
        return _tr.ShuffleDataset(self, buffer_size, seed,
                        True if reshuffle_each_iteration is None else reshuffle_each_iteration)

    def repeat(self, count=None, name=None):
        """Repeats the dataset ``count`` times (forever when ``count`` is None or -1)."""
        return _tr.RepeatDataset(self, count)

    def take(self, count, name=None):
        """At most ``count`` elements (all when -1)."""
        return _tr.TakeDataset(self, count)

    def skip(self, count, name=None):
        """All but the first ``count`` elements (none when -1)."""
        return _tr.SkipDataset(self, count)

    def shard(self, num_shards, index, name=None):
        """Every ``num_shards``-th element, starting with element ``index``."""
        return _tr.ShardDataset(self, num_shards, index)

    def concatenate(self, dataset, name=None):
        """This dataset's elements, then ``dataset``'s (same structure and dtypes)."""
        return _tr.ConcatenateDataset(self, dataset)

    def enumerate(self, start=0, name=None):
        """Pairs ``(i, element)`` with an int64 counter from ``start``."""
        return _tr.ZipDataset((_src.RangeDataset(start, np.iinfo(np.int64).max), self))

    def prefetch(self, buffer_size, name=None):
        """Accepted for compatibility; elements are produced when asked for."""
        return self

    def cache(self, filename="", name=None):
        """Keeps the elements of the first full pass (in memory) and replays them in the
        next passes of the same iterator (``repeat``); ``filename`` is ignored."""
        return _tr.CacheDataset(self)

    def with_options(self, options, name=None):
        return self

    def apply(self, transformation_func):
        """``transformation_func(self)``."""
        return transformation_func(self)

    # -- iterators ---------------------------------------------------------------------------
    def make_one_shot_iterator(self):
        """An iterator that starts on its first ``get_next`` run (no initializer).

        Raises:
            ValueError: the dataset reads a placeholder (use an initializable iterator).
        """
        from .iterator import Iterator
        return Iterator._one_shot(self)

    def make_initializable_iterator(self, shared_name=None):
        """An iterator started (and restarted) by running its ``initializer``, which
        computes the tensors the dataset reads (placeholders fed then)."""
        from .iterator import Iterator
        return Iterator._initializable(self)


# the datasets subclass Dataset, so they come after it
from . import sources as _src  # noqa: E402
from . import transforms as _tr  # noqa: E402
