"""Transpose folding: ``matmul(transpose(a), b)`` runs as ``matmul(a, b, transpose_a=True)``.

The product reads the untransposed operand directly (BLAS handles the transposed layout), and
the transpose itself is dropped when nothing else uses it.
"""

ENABLED = True


def _swaps_last_two(op):
    if len(op.inputs) > 1:  # a perm read at run time
        return False
    perm = op.primitive.perm
    dims = op.inputs[0].shape.ndims
    if dims is None or dims < 2:
        return False
    if perm is None:
        return dims == 2
    return tuple(perm) == tuple(range(dims - 2)) + (dims - 1, dims - 2)


def fold_transposes(ops, fed_ids, alias):
    """{matmul op: (new MatMul primitive, new input tensors)} for foldable transposes."""
    from ..ops.math import MatMul
    out = {}
    if not ENABLED:
        return out
    for op in ops:
        if op.type != "MatMul":
            continue
        prim = op.primitive
        flags = [prim.transpose_a, prim.transpose_b]
        inputs = [alias.get(id(t), t) for t in op.inputs]
        changed = False
        for k, t in enumerate(inputs):
            src = t.op
            if src.type == "Transpose" and id(t) not in fed_ids and _swaps_last_two(src) \
                    and src._cond_ctx is op._cond_ctx:
                inputs[k] = alias.get(id(src.inputs[0]), src.inputs[0])
                flags[k] = not flags[k]
                changed = True
        if changed:
            out[op] = (MatMul(*flags), inputs)
    return out
