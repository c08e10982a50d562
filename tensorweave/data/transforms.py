"""``tf.data``'s transformations: ``map``/``filter`` (functions traced into the graph and run
per element as plans), batching, shuffling, counting and combining datasets."""

import itertools

import numpy as np

from .. import dtypes as _dt
from .. import graph as _g
from ..shapes import TensorShape, as_shape
from .dataset import INFINITE, UNKNOWN, Dataset
from .structure import (
    TensorSpec,
    flatten,
    flatten_shapes,
    item,
    map_structure,
    normalize,
    pack,
)


# -- element-wise functions ---------------------------------------------------------------
class _Traced:
    """A function traced once on symbolic element tensors; run per element as a plan."""

    def __init__(self, fn, input_spec, what):
        from ..ops.creation import convert_to_tensor
        from ..ops.iterator import DatasetElement
        from ..ops.loop import _outside_values
        from ..ops.math import identity
        if not callable(fn):
            raise TypeError(f"`{what}` must be callable, got {type(fn).__name__}")
        graph = _g.get_default_graph()
        start = graph._last_id
        # traced as a graph function, as TF does (in a TF 2 program too: constants and random
        # draws the function makes are graph ops of it, not eager values)
        with graph.as_default(), _g.name_scope(None, what), _g.tf2_function_body():
            elems = [DatasetElement(s.dtype, s.shape.as_tuple()).bind(name="element")
                     for s in flatten(input_spec)]
            args = pack(input_spec, elems)
            result = fn(*args) if type(args) is tuple else fn(args)
            result = _tuples(result)
            outs = []
            for v in flatten(result):
                t = convert_to_tensor(v)
                if t.op._id <= start or any(t is e for e in elems):
                    t = identity(t)  # computed by the plan, not handed through
                outs.append(t)
        self.structure = result
        self.elems, self.outs = elems, outs
        self.captured, _ = _outside_values(outs, elems, start)

    def runner(self, env):
        """``f(flat element) -> flat results`` for this pass's session."""
        from ..backend import to_numpy
        from ..compiler.plan import compile_plan
        from ..ops.iterator import iterator_state, to_device
        ctx = env.ctx
        plans = iterator_state(ctx)
        run = plans.get(self)  # compiled once per session
        if run is None:
            run = plans[self] = compile_plan(
                ctx, list(self.outs), list(self.elems) + list(self.captured)).runner
        xp = ctx.xp
        outside = to_device(xp, [env.value(t) for t in self.captured])

        def apply(element):
            # the plan's buffers are reused by its next run: each result is copied
            return [np.array(to_numpy(v)) for v in run(to_device(xp, element) + outside)]
        return apply


def _tuples(value):
    """A function's result with lists as tuples (as TF's tf.data does)."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, tuple):
        items = [_tuples(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


class MapDataset(Dataset):
    def __init__(self, input_dataset, fn):
        self._fn = _Traced(fn, input_dataset.element_spec, "map")
        specs = [TensorSpec(t.shape, t.dtype) for t in self._fn.outs]
        super().__init__(pack(self._fn.structure, specs), [input_dataset],
                         self._fn.captured)

    def _cardinality(self):
        return self._inputs[0]._cardinality()

    def _generate(self, env):
        apply = self._fn.runner(env)
        for element in self._inputs[0]._generate(env):
            yield apply(element)


class FilterDataset(Dataset):
    def __init__(self, input_dataset, predicate):
        self._fn = _Traced(predicate, input_dataset.element_spec, "filter")
        outs = self._fn.outs
        if len(outs) != 1 or outs[0].dtype != _dt.bool or outs[0].shape.ndims not in (0, None):
            got = ", ".join(f"TensorSpec(shape={t.shape}, dtype=tf.{t.dtype.name})"
                            for t in outs)
            raise ValueError(f"Invalid `predicate`. `predicate` must return a `tf.bool` "
                             f"scalar tensor, but its return type is {got}.")
        super().__init__(input_dataset.element_spec, [input_dataset], self._fn.captured)

    def _generate(self, env):
        apply = self._fn.runner(env)
        for element in self._inputs[0]._generate(env):
            if bool(apply(element)[0]):
                yield element


# -- batching ---------------------------------------------------------------------------------
def _batched_spec(spec, size):
    if spec.shape.ndims is None:
        return TensorSpec(TensorShape(None), spec.dtype)
    return TensorSpec((size,) + spec.shape.as_tuple(), spec.dtype)


def _positive(value, what):
    value = int(value)
    if value <= 0:
        from .. import errors
        raise errors.InvalidArgumentError(None, None, f"{what} must be greater than zero.")
    return value


class BatchDataset(Dataset):
    def __init__(self, input_dataset, batch_size, drop_remainder):
        self._size = _positive(batch_size, "Batch size")
        self._drop = bool(drop_remainder)
        size = self._size if self._drop else None
        super().__init__(map_structure(lambda s: _batched_spec(s, size),
                                       input_dataset.element_spec), [input_dataset])

    def _groups(self, env):
        group = []
        for element in self._inputs[0]._generate(env):
            group.append(element)
            if len(group) == self._size:
                yield group
                group = []
        if group and not self._drop:
            yield group

    def _cardinality(self):
        n = self._inputs[0]._cardinality()
        if n < 0:
            return n
        return n // self._size if self._drop else -(-n // self._size)

    def _generate(self, env):
        source = self._inputs[0]
        if isinstance(source, ShuffleDataset):
            rows = source._shuffled_rows(env)
            if rows is not None:  # each batch's rows gathered at once (np.stack's values)
                arrays, blocks = rows
                yield from self._gathered(arrays, blocks)
                return
        else:
            found = source._slices(env)
            if found is not None:
                arrays, n = found
                for start in range(0, n, self._size):
                    stop = min(start + self._size, n)
                    if stop - start == self._size or not self._drop:
                        yield [np.array(a[start:stop]) for a in arrays]  # (not a view)
                return
        yield from self._generate_elements(env)

    def _gathered(self, arrays, blocks):
        """Batches of the rows ``blocks`` (arrays of row indices, in order) name."""
        size, pending = self._size, np.empty(0, np.intp)
        for block in blocks:
            pending = np.concatenate([pending, block]) if len(pending) else block
            start = 0
            while len(pending) - start >= size:
                yield [a[pending[start:start + size]] for a in arrays]
                start += size
            pending = pending[start:]
        if len(pending) and not self._drop:
            yield [a[pending] for a in arrays]

    def _generate_elements(self, env):
        from .. import errors
        for group in self._groups(env):
            out = []
            for c in range(len(group[0])):
                first = group[0][c].shape
                for k, e in enumerate(group[1:], 1):
                    if e[c].shape != first:
                        raise errors.InvalidArgumentError(
                            None, None, f"Cannot batch tensors with different shapes in "
                            f"component {c}. First element had shape {list(first)} and "
                            f"element {k} had shape {list(e[c].shape)}.")
                out.append(np.stack([e[c] for e in group]))
            yield out


class PaddedBatchDataset(BatchDataset):
    def __init__(self, input_dataset, batch_size, padded_shapes, padding_values,
                 drop_remainder):
        spec = input_dataset.element_spec
        flat_specs = flatten(spec)
        if padded_shapes is None:
            shapes = [s.shape for s in flat_specs]
            if any(s.ndims is None for s in shapes):
                raise ValueError("You must provide `padded_shapes` argument because component "
                                 "has unknown rank.")
        else:
            shapes = [as_shape(s) for s in flatten_shapes(padded_shapes)]
        if len(shapes) != len(flat_specs):
            raise ValueError("`padded_shapes` must have the structure of the elements.")
        shapes = [TensorShape([None if d is not None and d < 0 else d
                               for d in s.as_tuple()]) for s in shapes]
        for s, e in zip(shapes, flat_specs):
            if not s.is_compatible_with(TensorShape([None] * s.ndims)) or (
                    e.shape.ndims is not None and e.shape.ndims != s.ndims):
                raise ValueError(f"The padded shape {s} is not compatible with the "
                                 f"shape {e.shape} of the corresponding input component.")
        if padding_values is None:
            values = [b"" if e.dtype == _dt.string else 0 for e in flat_specs]
        else:
            values = flatten(normalize(padding_values))
        self._shapes, self._values = shapes, values
        super().__init__(input_dataset, batch_size, drop_remainder)
        size = self._size if self._drop else None
        self._element_spec = pack(spec, [
            TensorSpec((size,) + s.as_tuple(), e.dtype) for s, e in zip(shapes, flat_specs)])

    def _generate(self, env):
        from .. import errors
        for group in self._groups(env):
            out = []
            for c, (shape, value) in enumerate(zip(self._shapes, self._values)):
                parts = [e[c] for e in group]
                longest = [max(p.shape[d] for p in parts) for d in range(shape.ndims)]
                target = [longest[d] if n is None else n for d, n in enumerate(shape.as_tuple())]
                batch = np.full([len(parts)] + target, value, dtype=parts[0].dtype)
                for k, p in enumerate(parts):
                    if any(a > b for a, b in zip(p.shape, target)):
                        raise errors.InvalidArgumentError(
                            None, None, "Attempted to pad to a smaller size than the input "
                            "element.")
                    batch[(k,) + tuple(slice(0, n) for n in p.shape)] = p
                out.append(batch)
            yield out


class UnbatchDataset(Dataset):
    def __init__(self, input_dataset):
        def unbatched(s):
            if s.shape.ndims == 0:
                raise ValueError("Cannot unbatch an input with scalar components.")
            return TensorSpec(None if s.shape.ndims is None else s.shape.as_tuple()[1:],
                              s.dtype)
        super().__init__(map_structure(unbatched, input_dataset.element_spec),
                         [input_dataset])

    def _generate(self, env):
        for element in self._inputs[0]._generate(env):
            for i in range(len(element[0]) if element else 0):
                yield [item(a, i) for a in element]


# -- order and counts --------------------------------------------------------------------------
class ShuffleDataset(Dataset):
    def __init__(self, input_dataset, buffer_size, seed, reshuffle):
        from ..ops.random import get_seed
        self._buffer = _positive(buffer_size, "buffer_size")
        self._seeds = get_seed(seed)
        self._reshuffle = bool(reshuffle)
        super().__init__(input_dataset.element_spec, [input_dataset])

    def _rng(self, env):
        """This pass's generator: one draw from the dataset's stream seeds it (a new order
        each epoch continues that stream; without reshuffling each epoch starts it anew)."""
        key = ("shuffle", id(self))
        if key not in env.kept:
            if self._seeds[0] is None:
                seed = np.random.SeedSequence().entropy
            else:
                seed = [int(s) & 0xFFFFFFFF for s in self._seeds]
            env.kept[key] = (seed, np.random.default_rng(seed))
        seed, rng = env.kept[key]
        stream = rng if self._reshuffle else np.random.default_rng(seed)
        return np.random.default_rng(int(stream.integers(2 ** 63)))

    def _cardinality(self):
        return self._inputs[0]._cardinality()

    def _generate(self, env):
        yield from self._buffered(iter(self._inputs[0]._generate(env)), self._rng(env))

    def _buffered(self, source, rng):
        """The buffer (TF's): the first ``buffer_size`` items of ``source``; each step takes
        the one at a uniformly drawn position (``floor(u * k)``, u the pass's next
        ``random()``, k the buffer's size) and puts the next item in its place (at the end:
        the last one). Elements, or row indices where the input is rows of arrays: the same
        order."""
        draws = _Draws(rng)
        buffer = list(itertools.islice(source, self._buffer))
        while buffer:
            i = int(draws.next() * len(buffer))
            item = buffer[i]
            nxt = next(source, None)
            if nxt is None:
                buffer[i] = buffer[-1]
                buffer.pop()
            else:
                buffer[i] = nxt
            yield item

    ORDER_BLOCK = 1 << 14

    def _shuffled_rows(self, env):
        """(arrays, blocks of this pass's row order) where the input is rows of arrays (see
        Dataset._slices): ``_buffered`` over the row indices, made block by block as it is
        read (memory: the buffer's indices and one block); else None."""
        found = self._inputs[0]._slices(env)
        if found is None:
            return None
        arrays, n = found
        return arrays, self._blocks(self._buffered(iter(range(n)), self._rng(env)))

    def _blocks(self, order):
        while True:
            block = np.fromiter(itertools.islice(order, self.ORDER_BLOCK), np.intp)
            if not block.size:
                return
            yield block


class _Draws:
    """``rng.random()`` one value at a time, drawn in blocks (the same sequence)."""

    BLOCK = 1024

    def __init__(self, rng):
        self._rng = rng
        self._block = []
        self._pos = 0

    def next(self):
        if self._pos == len(self._block):
            self._block = self._rng.random(self.BLOCK).tolist()
            self._pos = 0
        self._pos += 1
        return self._block[self._pos - 1]


class RepeatDataset(Dataset):
    def __init__(self, input_dataset, count):
        self._count = -1 if count is None else int(count)
        super().__init__(input_dataset.element_spec, [input_dataset])

    def _cardinality(self):
        n = self._inputs[0]._cardinality()
        if n == 0 or self._count == 0:
            return 0
        if self._count < 0:  # as TF's: endless unless the input is known to be empty
            return INFINITE
        return n * self._count if n >= 0 else n

    def _generate(self, env):
        epochs = itertools.count() if self._count < 0 else range(self._count)
        for _ in epochs:
            empty = True
            for element in self._inputs[0]._generate(env):
                empty = False
                yield element
            if empty:
                return  # an empty dataset repeated forever is empty


class TakeDataset(Dataset):
    def __init__(self, input_dataset, count):
        self._count = int(count)
        super().__init__(input_dataset.element_spec, [input_dataset])

    def _cardinality(self):
        n = self._inputs[0]._cardinality()
        if self._count < 0:
            return n
        if n == INFINITE:
            return self._count
        return min(n, self._count) if n >= 0 else UNKNOWN

    def _generate(self, env):
        source = self._inputs[0]._generate(env)
        return source if self._count < 0 else itertools.islice(source, self._count)


class SkipDataset(Dataset):
    def __init__(self, input_dataset, count):
        self._count = int(count)
        super().__init__(input_dataset.element_spec, [input_dataset])

    def _cardinality(self):
        n = self._inputs[0]._cardinality()
        if n < 0:
            return n
        return 0 if self._count < 0 else max(n - self._count, 0)

    def _generate(self, env):
        source = iter(self._inputs[0]._generate(env))
        if self._count < 0:
            for _ in source:
                pass
            return iter(())
        return itertools.islice(source, self._count, None)


class ShardDataset(Dataset):
    def __init__(self, input_dataset, num_shards, index):
        self._n, self._index = int(num_shards), int(index)
        if self._n <= 0 or not 0 <= self._index < self._n:
            raise ValueError(f"Invalid shard: num_shards={num_shards}, index={index}")
        super().__init__(input_dataset.element_spec, [input_dataset])

    def _cardinality(self):
        n = self._inputs[0]._cardinality()
        if n < 0:
            return n
        return n // self._n + (1 if self._index < n % self._n else 0)

    def _generate(self, env):
        return itertools.islice(self._inputs[0]._generate(env), self._index, None, self._n)


class CacheDataset(Dataset):
    def __init__(self, input_dataset):
        super().__init__(input_dataset.element_spec, [input_dataset])

    def _cardinality(self):
        return self._inputs[0]._cardinality()

    def _generate(self, env):
        key = ("cache", id(self))
        kept = env.kept.get(key)
        if kept is not None:
            yield from kept
            return
        seen = []
        for element in self._inputs[0]._generate(env):
            seen.append(element)
            yield element
        env.kept[key] = seen


# -- combining -----------------------------------------------------------------------------
class ZipDataset(Dataset):
    def __init__(self, datasets):
        datasets = normalize(datasets)
        flat = flatten(datasets)
        for d in flat:
            if not isinstance(d, Dataset):
                raise TypeError("Invalid `datasets`. `datasets` is expected to be a "
                                "(nested) structure of `tf.data.Dataset` objects. Python "
                                "`list` is not supported and you should use `tuple` "
                                "instead.")
        super().__init__(map_structure(lambda d: d.element_spec, datasets), flat)

    def _cardinality(self):  # as TF's: an unknown input makes it unknown
        sizes = [d._cardinality() for d in self._inputs]
        if UNKNOWN in sizes:
            return UNKNOWN
        known = [n for n in sizes if n >= 0]
        return min(known) if known else INFINITE

    def _generate(self, env):
        for parts in zip(*[d._generate(env) for d in self._inputs]):
            yield [a for p in parts for a in p]


def _most_specific(a, b):
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.as_tuple(), b.as_tuple())])


class ConcatenateDataset(Dataset):
    def __init__(self, first, second):
        a, b = first.element_spec, second.element_spec
        fa, fb = flatten(a), flatten(b)
        if len(fa) != len(fb) or map_structure(lambda s: 0, a) != map_structure(lambda s: 0, b) \
                or any(x.dtype != y.dtype for x, y in zip(fa, fb)):
            raise TypeError(f"Incompatible dataset elements:\n  {a} vs.   {b}")
        specs = [TensorSpec(_most_specific(x.shape, y.shape), x.dtype) for x, y in zip(fa, fb)]
        super().__init__(pack(a, specs), [first, second])

    def _cardinality(self):
        a, b = (d._cardinality() for d in self._inputs)
        if INFINITE in (a, b):
            return INFINITE
        return UNKNOWN if UNKNOWN in (a, b) else a + b

    def _generate(self, env):
        yield from self._inputs[0]._generate(env)
        yield from self._inputs[1]._generate(env)
