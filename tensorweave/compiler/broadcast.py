"""Broadcast elimination: ``x * broadcast_to(g, shape)`` runs as ``x * g`` when NumPy's own
broadcasting gives the same result (the other operand already has the full shape), so the
broadcast view and its op disappear. Gradients of reductions produce this pattern."""

ENABLED = True


def eliminate_broadcasts(ops, fed_ids, alias, rewritten):
    """{elementwise op: (primitive, inputs)} reading a BroadcastTo's input directly."""
    from ..ops.math import _Binary
    out = {}
    if not ENABLED:
        return out
    for op in ops:
        prim = op.primitive
        if not isinstance(prim, _Binary) or op in rewritten or len(op.inputs) != 2:
            continue
        dims = op.outputs[0].shape.as_tuple()
        if dims is None or None in dims:
            continue
        inputs = [alias.get(id(t), t) for t in op.inputs]
        for k in (0, 1):
            t, other = inputs[k], inputs[1 - k]
            src = t.op
            if src.type == "BroadcastTo" and id(t) not in fed_ids and \
                    src._cond_ctx is op._cond_ctx and other.shape.as_tuple() == dims:
                inputs[k] = alias.get(id(src.inputs[0]), src.inputs[0])
                out[op] = (prim, inputs)
                break
    return out
