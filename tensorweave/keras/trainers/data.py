"""Batches for ``fit``/``evaluate``/``predict``: NumPy arrays (sliced, shuffled each epoch),
Python generators and ``keras.utils.PyDataset`` objects.

Arrays are converted once to the dtype their placeholder takes (float64 → float32); each
step then feeds slices. ``validation_split`` keeps the *last* fraction of the samples for
validation, before any shuffling (Keras's rule).
"""

import math
import warnings

import numpy as np

from .. import backend

__all__ = ["standardize", "ArrayData", "IterableData", "make_data", "split_validation",
           "class_weight_to_sample_weight"]


def _to_array(v):
    if v is None:
        return None
    if hasattr(v, "numpy") and not isinstance(v, np.ndarray):
        v = v.numpy()
    arr = np.asarray(v)
    if arr.dtype == np.float64:
        arr = arr.astype(backend.floatx())
    elif arr.dtype.kind == "O":
        raise TypeError("Model inputs must be numeric arrays; received an object array.")
    return arr


def standardize(data, names, what):
    """An array, list/tuple of arrays or dict by name → a list of arrays (one per name)."""
    if data is None:
        return None
    n = len(names)
    if isinstance(data, dict):
        missing = [k for k in names if k not in data]
        if missing:
            raise ValueError(f"Missing data for {what} {missing}; the model expects "
                             f"{names} and got keys {list(data)}")
        return [_to_array(data[k]) for k in names]
    if isinstance(data, (list, tuple)) and n > 1:
        if len(data) != n:
            raise ValueError(f"The model expects {n} {what} arrays, but received "
                             f"{len(data)}.")
        return [_to_array(d) for d in data]
    if isinstance(data, (list, tuple)) and n == 1 and len(data) == 1 and \
            hasattr(data[0], "shape"):
        return [_to_array(data[0])]
    if what == "sample_weight" and n > 1:
        # Keras 3: one sample-weight array for a model with several outputs weights the
        # loss and the weighted metrics of every output.
        return [_to_array(data)] * n
    return [_to_array(data)]


def split_validation(arrays, validation_split):
    """(train, validation): the last ``validation_split`` fraction of the samples is held
    out (before any shuffling)."""
    flat = [a for group in arrays if group is not None for a in group if a is not None]
    n = int(flat[0].shape[0])
    split_at = int(math.floor(n * (1.0 - validation_split)))
    if split_at == 0 or split_at == n:
        raise ValueError(f"Training data contains {n} samples, which is not sufficient to "
                         "split it into a validation and training set as specified by "
                         f"`validation_split={validation_split}`. Either provide more data, "
                         "or a different value for the `validation_split` argument.")

    def cut(group, lo, hi):
        return None if group is None else [None if a is None else a[lo:hi] for a in group]
    return ([cut(g, 0, split_at) for g in arrays], [cut(g, split_at, n) for g in arrays])


def class_weight_to_sample_weight(y, class_weight):
    """Per-sample weights from a ``{class: weight}`` dict (classes from ``y``: indices, or
    one-hot rows)."""
    try:
        table = {int(k): float(v) for k, v in class_weight.items()}
    except (TypeError, ValueError, AttributeError):
        raise ValueError("`class_weight` must be a dict mapping class indices (integers) to "
                         f"weights. Received: class_weight={class_weight}") from None
    y = np.asarray(y)
    if y.ndim > 1:
        y = np.argmax(y, axis=-1) if y.shape[-1] != 1 else np.squeeze(y, axis=-1)
    y = np.round(y).astype("int64")
    return np.array([table.get(int(c), 1.0) for c in y], dtype=backend.floatx())


class ArrayData:
    """Arrays cut into batches: ``num_batches`` per epoch, ``epoch(rng)`` yields
    ``(xs, ys, sws)`` lists."""

    def __init__(self, xs, ys=None, sws=None, batch_size=32, steps=None, shuffle=False):
        self.xs = xs
        self.ys = ys
        self.sws = sws
        sizes = {int(a.shape[0]) for group in (xs, ys, sws) if group
                 for a in group if a is not None}
        if len(sizes) > 1:
            raise ValueError("Data cardinality is ambiguous. Make sure all arrays contain "
                             f"the same number of samples. Sizes found: {sorted(sizes)}")
        self.n = sizes.pop() if sizes else 0
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        per_epoch = max(1, math.ceil(self.n / self.batch_size)) if self.n else 0
        self.steps = per_epoch if steps is None else int(steps)
        self.persistent = False     # set by ``fit`` when it is given ``steps_per_epoch``
        self._pos = None
        self._order_now = None

    @property
    def num_batches(self):
        return self.steps

    def _order(self, rng):
        if self.shuffle == "batch":
            nb = math.ceil(self.n / self.batch_size)
            chunks = rng.permutation(nb)
            return np.concatenate([np.arange(c * self.batch_size,
                                             min((c + 1) * self.batch_size, self.n))
                                   for c in chunks]) if nb else np.arange(0)
        if self.shuffle:
            return rng.permutation(self.n)
        return None

    def epoch(self, rng=None):
        """One epoch's batches. The data is never cycled within an epoch: when it runs out
        before ``steps`` batches the epoch ends there (Keras 3 does the same). With
        ``persistent`` (``fit`` given ``steps_per_epoch``) an epoch goes on from where the
        previous one stopped, and starts over (reshuffled) once the data was used up."""
        bs, n = self.batch_size, self.n
        if not self.persistent or self._pos is None or self._pos >= n:
            self._pos = 0
            self._order_now = self._order(rng if rng is not None else np.random)
        order = self._order_now
        count = 0
        while count < self.steps:
            start = self._pos
            if start >= n:
                if self.persistent:
                    warnings.warn("Your input ran out of data before `steps_per_epoch` "
                                  "batches; this epoch ends early (the next one starts over "
                                  "from the beginning of the data). Provide at least "
                                  "`steps_per_epoch * epochs` batches to avoid this.",
                                  UserWarning, stacklevel=2)
                break
            stop = min(start + bs, n)
            idx = slice(start, stop) if order is None else order[start:stop]
            self._pos = stop
            yield (self._take(self.xs, idx), self._take(self.ys, idx),
                   self._take(self.sws, idx))
            count += 1

    @staticmethod
    def _take(group, idx):
        if group is None:
            return None
        return [None if a is None else a[idx] for a in group]


class IterableData:
    """Batches from a generator (or any iterable) or a ``PyDataset``; each item is ``x``,
    ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``."""

    def __init__(self, source, input_names, output_names, steps=None, shuffle=False):
        self.source = source
        self.input_names = input_names
        self.output_names = output_names
        if steps is None and hasattr(source, "__len__"):
            steps = len(source)
        self.steps = steps
        self.shuffle = bool(shuffle)  # a PyDataset's batches in a new order each epoch
        self._iter = None

    @property
    def num_batches(self):
        return self.steps

    def _items(self, rng=None):
        src = self.source
        if hasattr(src, "__getitem__") and hasattr(src, "__len__") and \
                not isinstance(src, (list, tuple)):
            order = range(len(src))
            if self.shuffle and rng is not None:  # as Keras 3 shuffles a PyDataset
                order = rng.permutation(len(src)).tolist()
            for i in order:
                yield src[i]
            return
        if self._iter is None:
            self._iter = iter(src)
        # next() rather than ``yield from``: closing this generator at the end of an epoch
        # must not close the user's generator, which the next epoch goes on reading
        while True:
            try:
                item = next(self._iter)
            except StopIteration:
                self._iter = None
                return
            yield item

    def epoch(self, rng=None):
        count = 0
        for item in self._items(rng):
            if not isinstance(item, tuple):
                item = (item,)
            x = item[0]
            y = item[1] if len(item) > 1 else None
            sw = item[2] if len(item) > 2 else None
            yield (standardize(x, self.input_names, "input"),
                   standardize(y, self.output_names, "target"),
                   standardize(sw, self.output_names, "sample_weight"))
            count += 1
            if self.steps is not None and count >= self.steps:
                break
        if hasattr(self.source, "on_epoch_end"):
            self.source.on_epoch_end()


def _is_iterable_source(x):
    if x is None or isinstance(x, (np.ndarray, list, tuple, dict)):
        return False
    if hasattr(x, "__array__") or np.isscalar(x):
        return False
    return hasattr(x, "__iter__") or hasattr(x, "__next__") or (
        hasattr(x, "__getitem__") and hasattr(x, "__len__"))


def make_data(x, y, sample_weight, batch_size, steps, shuffle, input_names, output_names,
              class_weight=None):
    """``(ArrayData or IterableData, xs, ys, sws)`` for the ``fit``-style arguments."""
    if _is_iterable_source(x):
        if y is not None:
            raise ValueError("`y` argument is not supported when using a generator or a "
                             "PyDataset as input; the data must yield (x, y) tuples.")
        return IterableData(x, input_names, output_names, steps, shuffle=shuffle is True)
    xs = standardize(x, input_names, "input")
    ys = standardize(y, output_names, "target")
    sws = None
    if sample_weight is not None:
        if class_weight is not None:
            raise ValueError("You cannot `class_weight` and `sample_weight` at the same "
                             "time.")
        sws = standardize(sample_weight, output_names, "sample_weight")
    elif class_weight is not None:
        if ys is None:
            raise ValueError("`class_weight` needs targets `y`.")
        if len(ys) > 1:
            raise ValueError("`class_weight` is only supported for models with a single "
                             "output.")
        sws = [class_weight_to_sample_weight(ys[0], class_weight)]
    return ArrayData(xs, ys, sws, batch_size=batch_size or 32, steps=steps, shuffle=shuffle)
