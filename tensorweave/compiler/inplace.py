"""In-place variable updates: ``w.assign(w - lr * g)`` and ``w.assign_sub(lr * g)`` write
into the variable's own array instead of allocating a new one each step.

The value op writes straight into the variable's array (``np.subtract(w, t, out=w)``), and
the assignment then stores the same array. This is only done when it cannot be observed:
the variable is written once in the plan; no value that may share its memory (its snapshot,
views of it, a read) is fetched, or read by any step placed after the update; the update
is in no tf.cond branch and nothing waits on it through a control dependency. The updates
are then moved to the end of the plan, after every other step, so a run that fails fails
before any variable changed (the session restores the variables it replaced).
"""

import numpy as np

ENABLED = True

_ASSIGN_TYPES = ("Assign", "AssignAdd", "AssignSub")


def plan_inplace(steps, step_ops, fetch_slots):
    """(new step order, {value step: variable}, {assign step: variable} done in place)."""
    order = list(range(len(steps)))
    if not ENABLED:
        return order, {}, {}
    fetched = {s for s in fetch_slots if s is not None}
    producer, consumers = {}, {}
    for i, step in enumerate(steps):
        for s in step[1]:
            consumers.setdefault(s, []).append(i)
        for s in step[2]:
            producer[s] = i
    controlled = set()
    for op in step_ops:
        controlled.update(id(c) for c in op._control_inputs)
    writes = {}
    for i, op in enumerate(step_ops):
        if op.type in _ASSIGN_TYPES:
            writes.setdefault(op.primitive.var_name, []).append(i)
    aliases = _aliases(steps, step_ops, writes)

    pairs = []  # (value step or None, assign step, variable)
    for key, idxs in writes.items():
        if len(idxs) != 1:
            continue
        a = idxs[0]
        op = step_ops[a]
        if _guarded(steps[a]) or id(op) in controlled or \
                any(consumers.get(s) for s in steps[a][2]):
            continue
        var_dims = op.inputs[0].shape.as_tuple()
        if var_dims is None or None in var_dims:
            continue
        alias = aliases.get(key, set())
        if alias & fetched:
            continue
        v = None
        if op.type == "Assign":
            (s,) = steps[a][1]
            v = producer.get(s)
            vop = step_ops[v] if v is not None else None
            if v is None or not isinstance(steps[v][0], np.ufunc) or _guarded(steps[v]) \
                    or consumers.get(s) != [a] or s in fetched or id(vop) in controlled \
                    or vop.outputs[0].shape.as_tuple() != var_dims \
                    or vop.outputs[0].dtype != op.inputs[0].dtype:
                continue
        # moving the update to the end must not change what any read sees: everything that
        # reads the variable's memory must already run before the update does
        first = v if v is not None else a
        if all(c < first or c in (v, a) for s in alias for c in consumers.get(s, ())):
            pairs.append((v, a, key))
    # a moved step may read no variable that another moved step updates
    updated = set()
    for _, _, key in pairs:
        updated |= aliases.get(key, set())
    safe = []
    for v, a, key in pairs:
        own = aliases.get(key, set())
        reads = set(steps[a][1]) | (set(steps[v][1]) if v is not None else set())
        if (reads - own) & updated:
            continue
        safe.append((v, a, key))
    if not safe:
        return order, {}, {}
    moved = set()
    for v, a, _ in safe:
        moved.update(x for x in (v, a) if x is not None)
    tail = sorted(moved)
    order = [i for i in order if i not in moved] + tail
    into_var = {v: key for v, _, key in safe if v is not None}
    assign_inplace = {a: key for _, a, key in safe}
    return order, into_var, assign_inplace


def _guarded(step):
    return len(step) > 3 and bool(step[3])


def _aliases(steps, step_ops, writes):
    """{variable: slots that may share memory with its array} for the written variables."""
    out = {}
    for key in writes:
        alias = set()
        for i, op in enumerate(step_ops):
            prim = op.primitive
            if (op.type == "VariableV2" and op.name == key) or \
                    (op.type in ("ReadVariable",) + _ASSIGN_TYPES and
                     getattr(prim, "var_name", None) == key):
                alias.update(steps[i][2])
        changed = True
        while changed:  # views and identities of an alias are aliases
            changed = False
            for i, op in enumerate(step_ops):
                if op.primitive.fresh_output or not (set(steps[i][1]) & alias):
                    continue
                new = set(steps[i][2]) - alias
                if new:
                    alias |= new
                    changed = True
        out[key] = alias
    return out
