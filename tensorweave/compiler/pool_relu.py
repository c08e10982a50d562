"""ReLU gradient folded into the max-pool gradient: for pooling windows that do not overlap,
``relu_grad(max_pool_grad(h, y, g), h)`` is ``max_pool_grad(h, y, relu_grad(g, y))``.

A conv net's ``relu → max_pool`` backward pass first routes each window's gradient to its
maximum, then masks the full-size result with ``h > 0``. The gradient reaches only the
window's maximum, where ``h`` equals the pooled ``y``; so masking the pooled gradient with
``y > 0`` first gives the same values (signed zeros and NaNs included) and the full-size
mask pass disappears (it is a quarter of the size for 2x2 pools). The max-pool gradient then
has no reader left and is dropped.
"""

ENABLED = True


def reader_counts(ops, alias, rewritten):
    """{id(tensor): how many inputs of ``ops`` read it}, after CSE (``alias``) and the
    rewrites so far (``rewritten``): a fold may drop a value only its own reader reads."""
    readers = {}
    for op in ops:
        for t in rewritten.get(op, (None, op.inputs))[1]:
            t = alias.get(id(t), t)
            readers[id(t)] = readers.get(id(t), 0) + 1
    return readers


def fold_relu_into_pool_grad(ops, fed_ids, alias, rewritten, fetched):
    """{ReluGrad op: (MaxPoolGrad primitive masking its gradient, inputs)}."""
    from ..ops.pool import MaxPoolGrad
    out = {}
    if not ENABLED:
        return out
    readers = reader_counts(ops, alias, rewritten)
    for op in ops:
        if op.type != "ReluGrad" or op in rewritten or op._control_inputs:
            continue
        d, h = (alias.get(id(t), t) for t in op.inputs)
        pool = d.op
        prim = pool.primitive
        if type(prim) is not MaxPoolGrad or id(d) in fed_ids or id(d) in fetched \
                or readers.get(id(d)) != 1 or pool._control_inputs \
                or pool._cond_ctx is not op._cond_ctx \
                or not all(k <= s for k, s in zip(prim.ksize, prim.strides)):
            continue
        x, y, g = (alias.get(id(t), t) for t in pool.inputs)
        if x is not h:
            continue
        out[op] = (MaxPoolGrad(prim.ksize, prim.strides, prim.padding, prim.data_format,
                               relu_mask=True), [x, y, g])
    return out
