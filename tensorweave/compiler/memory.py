"""Memory planning: intermediates written into buffers allocated once per plan.

A step whose kernel can write into a given array (a NumPy ufunc, or a kernel marked
``accepts_out``) and whose output has a fully known static shape gets a buffer, provided
the value cannot escape the run: it is not fetched, and every consumer makes a fresh array
of its own (no views, identities, stores into variables, or ``tf.cond`` merges). Buffers are
shared between values whose lifetimes do not overlap; an elementwise step (a ufunc, ReLU,
BiasAdd …) may write over an input it is the last reader of (exact in-place: a conv's
output becomes its ReLU's without a second array to stream through). Buffers persist
across runs, so a warm plan allocates nothing for these values and touches no new memory.
"""

import numpy as np

from ..backend import empty_aligned

ENABLED = True


def _accepts_out(kernel):
    return isinstance(kernel, np.ufunc) or getattr(kernel, "accepts_out", False)


def _elementwise(kernel):
    """Whether ``kernel`` computes each output element from the same element of its inputs
    only (a ufunc, or a kernel declaring a ``chunk``: ReLU, its gradient, BiasAdd), so that
    it may write over an input it reads for the last time."""
    return isinstance(kernel, np.ufunc) or getattr(kernel, "chunk", None) is not None


def _retains(op):
    """Whether ``op``'s output may share memory with its inputs (or store them)."""
    prim = op.primitive
    return (not prim.fresh_output) or getattr(prim, "writes_state", False) or \
        getattr(prim, "merge", False)


def plan_buffers(steps, step_ops, fetch_slots, xp):
    """{step index: buffer array} for the steps that write into planned buffers."""
    if not ENABLED:
        return {}
    fetched = {s for s in fetch_slots if s is not None}
    producer, last_use, retained = {}, {}, set()
    for i, (step, op) in enumerate(zip(steps, step_ops)):
        ins, outs = step[1], step[2]
        for s in ins:
            last_use[s] = i
            if _retains(op):
                retained.add(s)
        for s in outs:
            producer[s] = i
    eligible = {}
    for i, (step, op) in enumerate(zip(steps, step_ops)):
        kernel, ins, outs = step[0], step[1], step[2]
        if len(outs) != 1 or not _accepts_out(kernel) or (len(step) > 4 and step[4]):
            continue
        s = outs[0]
        t = op.outputs[0]
        dims = t.shape.as_tuple()
        if s in fetched or s in retained or s not in last_use or dims is None \
                or None in dims:
            continue
        eligible[i] = (s, (tuple(dims), t.dtype.as_numpy_dtype))
    free = {}       # (shape, dtype) -> ids of buffers nobody holds
    owner = {}      # slot -> id of the buffer holding its value
    buffers = []    # id -> (shape, dtype)
    releases = {}   # step index -> ids freed once that step has run
    assigned = {}   # step index -> id of the buffer it writes
    for i, step in enumerate(steps):
        if i in eligible:
            s, key = eligible[i]
            choice = None
            if _elementwise(step[0]):
                for x in step[1]:  # exact in-place: this step is the input's last reader
                    b = owner.get(x)
                    if b is not None and last_use[x] == i and buffers[b] == key:
                        releases[i].remove(b)
                        choice = b
                        break
            if choice is None:
                pool = free.get(key)
                if pool:
                    choice = pool.pop()
                else:
                    buffers.append(key)
                    choice = len(buffers) - 1
            assigned[i] = choice
            owner[s] = choice
            releases.setdefault(last_use[s], []).append(choice)
        for b in releases.pop(i, []):
            free.setdefault(buffers[b], []).append(b)
    arrays = [empty_aligned(xp, shape, dtype) for shape, dtype in buffers]
    return {i: arrays[b] for i, b in assigned.items()}
