"""Symbolic reverse-mode differentiation: ``gradients(ys, xs)`` adds gradient ops to the graph.

The rules live with their ops (``Op.gradient``). This module does everything that is the same
for every op, once: finding the ops between ``ys`` and ``xs``, summing the gradients of a value
used several times, reducing a broadcast gradient back to its input's shape, stopping at
``stop_gradient``/``stop_gradients``, and returning ``None`` for unconnected ``xs``.
"""

from . import graph as _g
from .ops.creation import convert_to_tensor, ones_like, zeros_like
from .ops.math import add_n
from .ops.shape import reduce_to_shape, shape as shape_of

__all__ = ["gradients"]


def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False,
              gate_gradients=False, aggregation_method=None, stop_gradients=None,
              unconnected_gradients="none"):
    """Symbolic derivatives of ``sum(ys)`` with respect to each of ``xs``.

    Args:
        ys: a tensor or list of tensors to differentiate.
        xs: a tensor, Variable, or list of them.
        grad_ys: optional initial gradients for ``ys`` (default: ones).
        stop_gradients: tensors to hold constant (no gradient flows through them).
        unconnected_gradients: ``"none"`` (default: None for an unconnected x) or ``"zero"``.

    Returns:
        A list with one gradient tensor (or None) per element of ``xs``.

    Raises:
        LookupError: when a needed op has no gradient rule (the message names it).
        ValueError: when ``grad_ys`` does not match ``ys``.

    Example:
        >>> grad_w1, grad_w2 = tf.gradients(loss, [w1, w2])
    """
    from .context import executing_eagerly
    if executing_eagerly():
        raise RuntimeError("tf.gradients is not supported when eager execution is enabled. "
                           "Use tf.GradientTape instead.")
    ys = _as_list(ys)
    xs = _as_list(xs)
    ys = [convert_to_tensor(y) for y in ys]
    xs = [_as_x(x) for x in xs]
    stops = {id(convert_to_tensor(s)) for s in _as_list(stop_gradients or [])}
    if grad_ys is None:
        grad_ys = [None] * len(ys)
    grad_ys = _as_list(grad_ys)
    if len(grad_ys) != len(ys):
        raise ValueError(f"Passed {len(grad_ys)} grad_ys for {len(ys)} ys")
    if unconnected_gradients not in ("none", "zero"):
        raise ValueError(f"Unknown value for unconnected_gradients: {unconnected_gradients!r}")

    graph = ys[0].graph
    first_new = graph._last_id + 1  # ops from here on are this call's own
    with graph.as_default(), graph.name_scope(name):
        between = _ops_between(ys, xs, stops)
        grads = {}  # id(tensor) -> list of gradient tensors
        for i, (y, gy) in enumerate(zip(ys, grad_ys)):
            if gy is None:
                if not y.dtype.is_floating:
                    continue  # an integer y passes no gradient back (TF: None for its xs)
                with graph._cond_scope(y.op._cond_ctx):
                    gy = ones_like(y, name=f"grad_ys_{i}")
            else:
                gy = convert_to_tensor(gy, dtype=y.dtype)
                if not gy.shape.is_compatible_with(y.shape):
                    raise ValueError(f"grad_ys[{i}] has shape {gy.shape}, which is "
                                     f"incompatible with ys[{i}] {y.name} of shape {y.shape}")
            grads.setdefault(id(y), []).append(gy)

        between_set = set(between)
        for op in reversed(between):
            with graph._cond_scope(op._cond_ctx):
                out_grads = [_aggregate(grads.get(id(t))) for t in op.outputs]
            for t, g in zip(op.outputs, out_grads):
                if g is not None:
                    grads[id(t)] = [g]
            # a stopped tensor receives its gradient (it may be an x) but passes none on
            out_grads = [None if id(t) in stops else g for t, g in zip(op.outputs, out_grads)]
            if all(g is None for g in out_grads):
                continue
            if not any(t.op in between_set for t in op.inputs):
                continue  # an x's own op with nothing to differentiate above it
            with graph._cond_scope(op._cond_ctx):
                in_grads = _apply_rule(op, out_grads)
            exact = op.primitive.gradient_shapes_exact(op)
            for t, g in zip(op.inputs, in_grads):
                if g is None or not t.dtype.is_floating:
                    continue
                if exact:
                    g = _known_shape(g, t, first_new)
                else:
                    with graph._cond_scope(t.op._cond_ctx):
                        g = _match_shape(g, t)
                grads.setdefault(id(t), []).append(g)

        result = []
        for x in xs:
            with graph._cond_scope(x.op._cond_ctx):
                result.append(_aggregate(grads.get(id(x))))
    if unconnected_gradients == "zero":  # outside the scope: zeros_like:0, as TF names it
        with graph.as_default():
            result = [zeros_like(x) if g is None else g for x, g in zip(xs, result)]
    return result


def _as_list(v):
    if isinstance(v, (list, tuple)):
        return list(v)
    return [v]


def _as_x(x):
    to_tensor = getattr(x, "_as_tensor", None)
    if to_tensor is not None:
        return to_tensor()
    if not isinstance(x, _g.Tensor):
        raise TypeError(f"xs must be Tensors or Variables, got {type(x).__name__}: {x!r}")
    return x


def _ops_between(ys, xs, stops):
    """Ops on some path from an x to a y, in topological order."""
    # backward reachability from ys (data edges only)
    back, stopped = set(), set()
    stack = [y.op for y in ys]
    while stack:
        op = stack.pop()
        if op in back:
            continue
        back.add(op)
        for t in op.inputs:
            if id(t) in stops:
                stopped.add(t.op)  # reached (a stopped x still gets its gradient), not passed
            elif t.op not in back:
                stack.append(t.op)
    back |= stopped
    # forward reachability from xs, restricted to back
    x_ops = {x.op for x in xs}
    fwd = set()
    stack = [op for op in x_ops if op in back]
    while stack:
        op = stack.pop()
        if op in fwd:
            continue
        fwd.add(op)
        for t in op.outputs:
            for c in t._consumers:
                if c in back and c not in fwd:
                    stack.append(c)
    between = [op for op in fwd]
    between.sort(key=lambda o: o._id)  # creation order is a topological order
    return between


def _aggregate(gs):
    if not gs:
        return None
    if len(gs) == 1:
        return gs[0]
    return add_n(gs)


def _apply_rule(op, out_grads):
    prim = op.primitive
    n_in = len(op.inputs)
    if not prim.differentiable:
        return [None] * n_in
    multi = len(op.outputs) != 1
    with _g.name_scope(op.name + "_grad"):
        if multi:
            filled = [g if g is not None else zeros_like(t)
                      for g, t in zip(out_grads, op.outputs)]
            res = prim.gradient(filled, op.outputs, *op.inputs)
        else:
            res = prim.gradient(out_grads[0], op.outputs[0], *op.inputs)
    res = list(res)
    if len(res) != n_in:
        raise AssertionError(f"gradient of {op.type} returned {len(res)} values for {n_in} "
                             "inputs")
    return res


def _known_shape(g, x, first_new):
    """``g``, of ``x``'s run-time shape by construction, with the dims of ``x`` known at
    build time when ``g`` knows fewer (only for a tensor this call made: the caller's own
    tensors, a ``grad_ys`` passed through, keep their static shapes)."""
    gs, xs = g.shape, x.shape
    if gs.as_tuple() != xs.as_tuple() and xs.as_tuple() is not None and \
            g.op._id >= first_new and gs.is_compatible_with(xs):
        g.set_shape(xs)
    return g


def _match_shape(g, x):
    """Reduces ``g`` (shaped like an op's possibly broadcast output) to ``x``'s shape."""
    gs, xs = g.shape.as_tuple(), x.shape.as_tuple()
    if gs is not None and gs == xs and None not in xs:
        return g
    out = reduce_to_shape(g, shape_of(x))
    out.set_shape(x.shape)  # keeps the dims of x known at build time: (?, 3), not (?, ?)
    return out
