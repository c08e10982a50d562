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
by nobody, without control dependencies, in the same ``tf.cond`` branch.
"""

from .pool_relu import reader_counts

ENABLED = True

_ADDS = ("AddV2", "Add", "BiasAdd")


def fold_bias_relu_into_conv(ops, fed_ids, alias, rewritten, fetched):
    """{Relu op: (Conv2DBiasRelu primitive, [x, filter, bias])}."""
    from ..ops.conv import Conv2D, Conv2DBiasRelu, _cols_key
    out = {}
    if not ENABLED:
        return out
    readers = reader_counts(ops, alias, rewritten)

    def single(t):  # a value only its one reader reads, and nobody fetches or feeds
        return readers.get(id(t)) == 1 and id(t) not in fetched and id(t) not in fed_ids

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
                conv._control_inputs or not single(a) or \
                not (conv._cond_ctx is add._cond_ctx is op._cond_ctx):
            continue
        depth = a.shape.as_tuple()[-1] if a.shape.ndims == 4 else None
        if depth is None or b.shape.as_tuple() != (depth,) or b.dtype != a.dtype or \
                not a.dtype.is_floating:
            continue
        x, f = conv.inputs
        key = _cols_key(prim, x, f.shape.as_tuple())  # as Conv2D's kernel makes it
        out[op] = (Conv2DBiasRelu(prim, key, conv),
                   [alias.get(id(x), x), alias.get(id(f), f), b])
    return out
