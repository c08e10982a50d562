"""Common-subexpression elimination: a pure op applied to the same inputs with the same
attributes is computed once.

Two ops merge when they have the same type, attributes, inputs (after earlier merges),
tf.cond branch and no control inputs, and neither is stateful (random ops, variables and
assignments are never merged: each draw and each read is its own event).
"""

import numpy as np

ENABLED = True


def _attr_key(prim):
    items = []
    for k, v in sorted(prim.attrs().items()):
        if isinstance(v, np.ndarray):
            v = ("ndarray", v.dtype.str, v.shape, v.tobytes())
        items.append((k, repr(v) if not isinstance(v, tuple) or not v or
                      v[0] != "ndarray" else v))
    return tuple(items)


def cse(ops, fed_ids):
    """{id(tensor): canonical tensor} for outputs of ops that duplicate an earlier op."""
    alias = {}
    if not ENABLED:
        return alias
    seen = {}
    for op in ops:
        prim = op.primitive
        if prim.stateful or op._control_inputs or not op.outputs or op.type == "Placeholder" \
                or any(id(t) in fed_ids for t in op.outputs):
            continue
        try:
            key = (op.type, _attr_key(prim),
                   tuple(id(alias.get(id(t), t)) for t in op.inputs), id(op._cond_ctx))
            hash(key)
        except TypeError:
            continue  # an attribute that cannot be compared: leave the op alone
        first = seen.setdefault(key, op)
        if first is not op:
            for t, u in zip(op.outputs, first.outputs):
                alias[id(t)] = u
    return alias
