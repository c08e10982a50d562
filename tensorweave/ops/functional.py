"""``map_fn``, ``scan``, ``foldl`` and ``foldr`` over the first dimension of tensors.

TensorFlow builds these as ``while_loop``s. Here, when the length of the first dimension is
known at build time, they unroll the loop into the graph (each step's ops are then plain
graph ops that the compiler's passes see; the graph holds one copy of ``fn`` per element).
When it is unknown (a placeholder's ``None`` batch), they run a ``tf.while_loop``: the first
element's ``fn`` is computed before the loop (it gives the results' structure, dtypes and
shapes), the rest inside it, each result appended
to the stacked ones (``concat``: copying grows with the square of the length). Values and
gradients are the same as TF's either way. Calls of ``fn`` after the first reuse the
variables it made (``tf.get_variable``; TF builds ``fn`` once). Looped, an empty input
raises the error of reading its element 0 when the graph runs (TF returns an empty result).
"""

import builtins as _builtins

from .. import dtypes as _dt
from .. import graph as _g
from .creation import convert_to_tensor

__all__ = ["map_fn", "scan", "foldl", "foldr"]


def _flatten(struct):
    if isinstance(struct, dict):
        return [x for k in sorted(struct) for x in _flatten(struct[k])]
    if isinstance(struct, (list, _builtins.tuple)):
        return [x for s in struct for x in _flatten(s)]
    return [struct]


def _pack(struct, flat):
    it = iter(flat)

    def build(s):
        if isinstance(s, dict):
            return {k: build(s[k]) for k in sorted(s)}
        if isinstance(s, (list, _builtins.tuple)):
            items = [build(x) for x in s]
            return items if isinstance(s, list) else type(s)(*items) \
                if hasattr(s, "_fields") else _builtins.tuple(items)
        return next(it)
    return build(struct)


def _length(flat, what):
    n = None
    for t in flat:
        d = t.shape[0] if t.shape.ndims else None
        d = getattr(d, "value", d)
        if t.shape.ndims == 0:
            raise ValueError(f"{what}: elements must be tensors of rank >= 1 (they are "
                             f"sliced along their first dimension); got a scalar {t.name}")
        if d is None:
            return None  # a loop at run time
        if n is not None and d != n:
            raise ValueError(f"{what}: all elements must have the same first dimension, "
                             f"got {n} and {d}")
        n = d
    return n


def _slices(elems, what):
    """(n, the slices) when the first dimension is known; (None, (flat, length tensor))
    when it is not (the caller loops)."""
    from .shape import unstack
    flat = [convert_to_tensor(e) for e in _flatten(elems)]
    n = _length(flat, what)
    if n is None:
        from .shape import shape
        return None, (flat, shape(flat[0], out_type=_dt.int32)[0])
    per_tensor = [unstack(t, num=n) for t in flat]
    return n, [_pack(elems, [p[i] for p in per_tensor]) for i in range(n)]


def _reusing(fn):
    """``fn`` whose calls after the first reuse the variables the first one made: TF builds
    ``fn`` once, as a loop body; here it is called once per element (unrolled) or twice
    (looped), with one set of variables. A later call runs with ``reuse=True`` and with the
    variable scopes' name counts as the first call found them, so ``tf.get_variable("w")``
    and ``tf.layers.dense`` (default name ``dense`` again) find the first call's variables;
    afterwards the counts are those the first call left."""
    from ..variable_scope import _store
    state = {}

    def call(*args):
        from ..variable_scope import get_variable_scope, variable_scope
        store = _store()
        if "before" not in state:
            state["before"] = dict(store.scope_counts)
            out = fn(*args)
            state["after"] = dict(store.scope_counts)
            return out
        store.scope_counts = dict(state["before"])
        try:
            with variable_scope(get_variable_scope(), reuse=True):
                return fn(*args)
        finally:
            store.scope_counts = dict(state["after"])
    return call


def _item(elems, flat, i):
    """Slice ``i`` (a scalar tensor or int) of every tensor of ``flat``, in ``elems``'
    structure."""
    return _pack(elems, [t[i] for t in flat])


def looped(length, start, acc, step, stacked_first=None):
    """``acc = step(i, acc)`` for i from ``start`` while i < ``length`` (a tf.while_loop);
    with ``stacked_first`` (a structure of tensors), each step also returns a structure
    like it whose tensors are appended to the stacked results. Returns ``(acc, stacked)``."""
    from ..shapes import TensorShape
    from .loop import while_loop
    from .shape import concat, expand_dims
    acc_flat = [convert_to_tensor(a) for a in _flatten(acc)] if acc is not None else []
    first = [convert_to_tensor(y) for y in _flatten(stacked_first)] \
        if stacked_first is not None else []
    stacks = [expand_dims(y, 0) for y in first]
    k = len(acc_flat)

    def body(i, *vals):
        a = _pack(acc, vals[:k]) if acc is not None else None
        new_acc, out = step(i, a)
        new_flat = [convert_to_tensor(v) for v in _flatten(new_acc)] \
            if acc is not None else []
        grown = [concat([s, expand_dims(convert_to_tensor(y), 0)], 0)
                 for s, y in zip(vals[k:], _flatten(out))] if stacked_first is not None \
            else []
        return [i + 1] + new_flat + grown

    invariants = [TensorShape([])] + [a.shape for a in acc_flat] + \
        [TensorShape([None]).concatenate(y.shape) for y in first]
    result = while_loop(lambda i, *vals: i < length, body,
                        [convert_to_tensor(start, dtype=_dt.int32)] + acc_flat + stacks,
                        shape_invariants=invariants, return_same_structure=True)
    acc_out = _pack(acc, result[1:1 + k]) if acc is not None else None
    stacked = _pack(stacked_first, result[1 + k:]) if stacked_first is not None else None
    return acc_out, stacked


def _stack_results(results):
    from .shape import stack
    flat = [_flatten(r) for r in results]
    stacked = [stack([convert_to_tensor(f[j]) for f in flat]) for j in range(len(flat[0]))]
    return _pack(results[0], stacked)


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True,
           swap_memory=False, infer_shape=True, name=None, fn_output_signature=None):
    """``fn`` applied to each slice of ``elems`` along its first dimension, results stacked.

    Args:
        fn: a callable taking one slice (or a structure of slices when ``elems`` is a
            tuple/list/dict of tensors) and returning a tensor or a structure of them.
        elems: a tensor or a structure of tensors with the same first dimension, which must
            be known at build time (the loop is unrolled).
        dtype, fn_output_signature, parallel_iterations, back_prop, swap_memory,
            infer_shape: accepted for compatibility (the output structure is ``fn``'s).
        name: the name scope (default ``"map"``).

    Raises:
        ValueError: the first dimension is unknown, or differs between the elements.

    Example:
        >>> tf.map_fn(lambda row: tf.reduce_sum(row), tf.constant([[1, 2], [3, 4]]))  # [3, 7]
    """
    fn = _reusing(fn)
    with _g.name_scope(name, "map", _flatten(elems)):
        n, items = _slices(elems, "map_fn")
        if n is None:  # unknown length: a while_loop
            flat, length = items
            first = fn(_item(elems, flat, 0))
            return looped(length, 1, None,
                           lambda i, _: (None, fn(_item(elems, flat, i))), first)[1]
        if n == 0:
            raise ValueError("map_fn: the elements have length 0; tensorweave cannot infer "
                             "the output shape of fn without calling it")
        return _stack_results([fn(x) for x in items])


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
         swap_memory=False, infer_shape=True, reverse=False, name=None):
    """The running accumulation ``a = fn(a, x)`` over the slices ``x`` of ``elems``; returns
    every ``a``, stacked.

    Without ``initializer`` the first slice is the starting value (and the first output).
    With ``reverse=True`` the slices are taken from last to first (the outputs keep the
    elements' order). The first dimension must be known at build time (the loop is
    unrolled).

    Example:
        >>> tf.scan(lambda a, x: a + x, tf.constant([1, 2, 3, 4]))   # [1, 3, 6, 10]
    """
    fn = _reusing(fn)
    with _g.name_scope(name, "scan", _flatten(elems)):
        n, items = _slices(elems, "scan")
        if n is None:  # unknown length: a while_loop
            return _scan_looped(fn, elems, items, initializer, reverse)
        order = list(range(n))[::-1] if reverse else list(range(n))
        outputs = [None] * n
        if initializer is None:
            if n == 0:
                raise ValueError("scan: the elements are empty and there is no initializer")
            acc = items[order[0]]
            outputs[order[0]] = acc
            order = order[1:]
        else:
            acc = initializer
        for i in order:
            acc = fn(acc, items[i])
            outputs[i] = acc
        return _stack_results(outputs)


def _looped_start(fn, elems, items, initializer, reverse):
    """For scan and the folds over a length known only at run time: ``(flat, length,
    acc)``, the element tensors (reversed along the first dimension for ``reverse``) and
    the accumulator after element 0 (element 0 itself without an initializer)."""
    from .indexing import reverse as flip
    flat, length = items
    if reverse:
        flat = [flip(t, [0]) for t in flat]
    first = _item(elems, flat, 0)
    return flat, length, first if initializer is None else fn(initializer, first)


def _scan_looped(fn, elems, items, initializer, reverse):
    """``scan`` over a first dimension known only at run time."""
    from .indexing import reverse as flip
    flat, length, acc = _looped_start(fn, elems, items, initializer, reverse)

    def step(i, a):
        a = fn(a, _item(elems, flat, i))
        return a, a
    _, stacked = looped(length, 1, acc, step, acc)
    if reverse:
        stacked = _pack(stacked, [flip(t, [0]) for t in _flatten(stacked)])
    return stacked


def _fold(fn, elems, initializer, name, default, reverse):
    fn = _reusing(fn)
    with _g.name_scope(name, default, _flatten(elems)):
        n, items = _slices(elems, default)
        if n is None:  # unknown length: a while_loop
            flat, length, acc = _looped_start(fn, elems, items, initializer, reverse)
            return looped(length, 1, acc,
                           lambda i, a: (fn(a, _item(elems, flat, i)), None))[0]
        order = list(range(n))[::-1] if reverse else list(range(n))
        if initializer is None:
            if n == 0:
                raise ValueError(f"{default}: the elements are empty and there is no "
                                 f"initializer")
            acc, order = items[order[0]], order[1:]
        else:
            acc = initializer
        for i in order:
            acc = fn(acc, items[i])
        return acc


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
          swap_memory=False, name=None):
    """``fn(...fn(fn(initializer, x0), x1)..., xn)`` over the slices of ``elems`` (the first
    slice is the start when there is no ``initializer``); the first dimension must be known
    at build time.

    Example:
        >>> tf.foldl(lambda a, x: a + x, tf.constant([1, 2, 3]))   # 6
    """
    return _fold(fn, elems, initializer, name, "foldl", False)


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True,
          swap_memory=False, name=None):
    """As ``foldl``, from the last slice to the first.

    Example:
        >>> tf.foldr(lambda a, x: a - x, tf.constant([1, 2, 3]), initializer=0)   # -6
    """
    return _fold(fn, elems, initializer, name, "foldr", True)
