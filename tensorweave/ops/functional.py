"""``map_fn``, ``scan``, ``foldl`` and ``foldr`` over the first dimension of tensors.

TensorFlow builds these as ``while_loop``s. Here they unroll the loop into the graph (each
step's ops are then plain graph ops that the compiler's passes see): they need the length of the first dimension at build time
(a static shape), and they raise ``ValueError`` (saying so) when it is unknown. Values and
gradients are the same as TF's; the graph simply holds one copy of ``fn`` per element.
"""

import builtins as _builtins

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
            raise ValueError(
                f"{what}: tensorweave unrolls the loop into the graph, so the first dimension "
                f"of the elements must be known when the graph is built, but {t.name} has "
                f"shape {t.shape}. Give the placeholder a fixed batch size (or use a Python "
                f"loop).")
        if n is not None and d != n:
            raise ValueError(f"{what}: all elements must have the same first dimension, "
                             f"got {n} and {d}")
        n = d
    return n


def _slices(elems, what):
    from .shape import unstack
    flat = [convert_to_tensor(e) for e in _flatten(elems)]
    n = _length(flat, what)
    per_tensor = [unstack(t, num=n) for t in flat]
    return n, [_pack(elems, [p[i] for p in per_tensor]) for i in range(n)]


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
    with _g.name_scope(name, "map", _flatten(elems)):
        n, items = _slices(elems, "map_fn")
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
    with _g.name_scope(name, "scan", _flatten(elems)):
        n, items = _slices(elems, "scan")
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


def _fold(fn, elems, initializer, name, default, reverse):
    with _g.name_scope(name, default, _flatten(elems)):
        n, items = _slices(elems, default)
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
