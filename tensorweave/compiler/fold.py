"""Constant folding: values known before the run are computed once, at plan time.

A tensor is known when its op is pure (not stateful), not fed, and either reports a static
value (a constant; ``shape(x)``, ``zeros_like(x)`` of a fully known shape …) or has only
known inputs. Folded values are computed with the op's own kernel, so results are identical
with and without the pass.
"""

import numpy as np

from .. import denormal as _denormal

ENABLED = True


def fold(ops, fed, ctx):
    """{id(tensor): value} for every tensor of ``ops`` that can be computed now, with the
    kernels of ``ctx`` (the session's host context: NumPy)."""
    known = {}
    if not ENABLED:
        return known
    fed_ids = {id(t) for t in fed}
    for op in ops:
        prim = op.primitive
        outs = op.outputs
        if not outs or prim.stateful or any(id(t) in fed_ids for t in outs):
            continue
        # ``fold_value``: known when the plan is built, not at graph build time (zeros_like)
        static = getattr(prim, "static_value", None) or getattr(prim, "fold_value", None)
        if static is not None:
            values = [static(op, i) for i in range(len(outs))]
            if all(v is not None for v in values):
                for t, v in zip(outs, values):
                    known[id(t)] = np.asarray(v)
                continue
        if op.type in ("Placeholder", "PlaceholderWithDefault") or not op.inputs:
            continue
        if op._control_inputs:
            continue
        if all(id(t) in known for t in op.inputs):
            args = [known[id(t)] for t in op.inputs]
            modes = _denormal.begin()  # the values the run would compute (see denormal.py)
            try:
                with np.errstate(all="ignore"):
                    result = prim.make_kernel(ctx, op)(*args)
            except Exception:  # noqa: BLE001 - e.g. a label out of range: the op runs
                continue       # in the plan and fails there, with its node in the error
            finally:
                _denormal.end(modes)
            if len(outs) == 1:
                result = (result,)
            for t, v in zip(outs, result):
                known[id(t)] = v
    return known
