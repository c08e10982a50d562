"""A convolution's bias and ReLU run inside the convolution: ``relu(conv2d(x, f) + b)``
becomes one kernel (``ops/conv.py``'s ``Conv2DBiasRelu``), as TensorFlow's oneDNN build
fuses them into ``_MklNativeFusedConv2D``.

Unfused, the bias add and the ReLU are a pass of their own over the convolution's whole
output after the product (W3's first layer: 8 MB, 0.43 ms on two threads). Fused, each
block of output rows gets them right after its product, while the block is in the cache
of the core that computed it. The additions and the ``maximum`` are the same, so are the
bits. The convolution's and the sum's values then have no reader left and are not
computed; the ReLU's output (which the gradients read) is.

Matched: ``Relu`` of ``AddV2``/``Add``/``BiasAdd`` (NHWC) of an NHWC ``Conv2D`` and a 1-D
bias of the output's depth, the convolution and the sum each read by nothing else, fetched
by nobody, without control dependencies, in the same ``tf.cond`` branch. The convolution
may also be read by ``Shape``/``Size``/``Rank`` ops that run after the ReLU (the add's
gradient takes the convolution's shape when the batch size is unknown, as in a ``tf.layers``
net fed through a ``(None, H, W, C)`` placeholder): they read the ReLU's output instead,
whose shape is the same.

A max pooling of the ReLU's output with windows that tile it (2x2, strides 2: a conv net's)
is computed per block too, when the convolution streams (ops/conv.py): its step
(``PooledInConv``) then hands on the pooled block results instead of reading the whole
output again (W3: 0.3 and 0.2 ms for its two poolings); the same loop, the same bits. The
ReLU's output is still computed: the gradients read it.
"""

from .pool_relu import reader_counts

ENABLED = True

_ADDS = ("AddV2", "Add", "BiasAdd")
_SHAPE_ONLY = ("Shape", "Size", "Rank")


def fold_bias_relu_into_conv(ops, fed_ids, alias, rewritten, fetched):
    """{Relu op: (Conv2DBiasRelu primitive, [x, filter, bias])}."""
    from ..ops.conv import Conv2D, Conv2DBiasRelu, _cols_key
    from ..ops.pool import PooledInConv
    out = {}
    if not ENABLED:
        return out
    readers = reader_counts(ops, alias, rewritten)
    position = {id(op): i for i, op in enumerate(ops)}
    shape_readers = {}  # id(tensor) -> the Shape/Size/Rank ops that read it
    for op in ops:
        if op.type in _SHAPE_ONLY and op not in rewritten and len(op.inputs) == 1:
            t = alias.get(id(op.inputs[0]), op.inputs[0])
            shape_readers.setdefault(id(t), []).append(op)

    def single(t, after=None):
        """Whether only its one reader reads ``t`` and nobody fetches or feeds it; with
        ``after`` (the ReLU op), readers of its shape alone that run after the ReLU are
        allowed too (an add's gradient takes ``shape(conv)`` when the batch is unknown)."""
        if id(t) in fetched or id(t) in fed_ids:
            return False
        extra = [r for r in shape_readers.get(id(t), ())
                 if after is not None and position[id(r)] > position[id(after)]]
        return readers.get(id(t)) == 1 + len(extra)

    for op in ops:
        if op.type != "Relu" or op in rewritten or op._control_inputs:
            continue
        total = alias.get(id(op.inputs[0]), op.inputs[0])
        add = total.op
        if add.type not in _ADDS or add in rewritten or add._control_inputs or \
                getattr(add.primitive, "data_format", "NHWC") != "NHWC" or not single(total):
            continue
        a, b = (alias.get(id(t), t) for t in add.inputs)
        if a.op.type != "Conv2D" and add.type != "BiasAdd":
            a, b = b, a  # bias + conv
        conv = a.op
        prim = conv.primitive
        if type(prim) is not Conv2D or prim.data_format != "NHWC" or conv in rewritten or \
                conv._control_inputs or not single(a, op) or \
                not (conv._cond_ctx is add._cond_ctx is op._cond_ctx):
            continue
        depth = a.shape.as_tuple()[-1] if a.shape.ndims == 4 else None
        if depth is None or b.shape.as_tuple() != (depth,) or b.dtype != a.dtype or \
                not a.dtype.is_floating:
            continue
        x, f = conv.inputs
        key = _cols_key(prim, x, f.shape.as_tuple())  # as Conv2D's kernel makes it
        h = op.outputs[0]
        pool = _pool_after(h, ops, alias, rewritten, fed_ids, fetched, op)
        fused = Conv2DBiasRelu(prim, key, conv)
        if pool is not None:
            kh, kw = pool.primitive.ksize
            fused.pool = (kh, kw, ("pooled_in_conv", pool.name))
            out[pool] = (PooledInConv(pool.primitive, fused.pool[2]), [h])
        out[op] = (fused, [alias.get(id(x), x), alias.get(id(f), f), b])
        for reader in shape_readers.get(id(a), ()):  # the ReLU's output has a's shape
            if position[id(reader)] > position[id(op)]:
                out[reader] = (reader.primitive, [h])
    return out


def _pool_after(h, ops, alias, rewritten, fed_ids, fetched, relu):
    """The one max pooling of ``h`` (the ReLU's output) that the fused convolution can
    compute per block: KHxKW windows with KH, KW strides, no padding, NHWC, over a height
    and width known when the plan is built (the batch may be ``None``), whose output
    nobody fetches, feeds or keeps beyond the run (it will be a kept buffer); else None."""
    from ..ops.pool import MaxPool
    pools = []
    for op in ops:
        inputs = rewritten.get(op, (None, op.inputs))[1]
        if any(alias.get(id(t), t) is h for t in inputs) and op.type == "MaxPool":
            pools.append(op)
    if len(pools) != 1:
        return None
    pool = pools[0]
    prim, dims = pool.primitive, h.shape.as_tuple()
    y = pool.outputs[0]
    if type(prim) is not MaxPool or pool in rewritten or pool._control_inputs or \
            pool._cond_ctx is not relu._cond_ctx or prim.data_format != "NHWC" or \
            prim.ksize != prim.strides or id(y) in fetched or id(y) in fed_ids or \
            dims is None or None in dims[1:3] or \
            dims[1] % prim.ksize[0] or dims[2] % prim.ksize[1]:
        return None
    return pool if _stays_in_run(y, ops, alias, rewritten, fed_ids, fetched) else None


def _stays_in_run(y, ops, alias, rewritten, fed_ids, fetched, depth=0):
    """Whether no reader may keep ``y`` (the pooled array, a kept buffer that changes at the
    next run) beyond the run: each reader makes a fresh array without storing into state,
    or is a view or identity (W3's ``Reshape`` before its dense layer) whose outputs nobody
    fetches or feeds and whose readers in turn keep nothing."""
    if depth > 16:  # a long chain of views: not worth following
        return False
    for op in ops:
        prim, inputs = rewritten.get(op, (op.primitive, op.inputs))
        if not any(alias.get(id(t), t) is y for t in inputs):
            continue
        writes = getattr(prim, "writes_state", False)
        if prim.fresh_output and not writes:
            continue
        if writes or getattr(prim, "stateful", False):
            return False  # a variable's assignment, a check that hands its input on
        for out in op.outputs:
            if id(out) in fetched or id(out) in fed_ids or not _stays_in_run(
                    out, ops, alias, rewritten, fed_ids, fetched, depth + 1):
                return False
    return True
