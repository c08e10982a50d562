"""In-place variable updates: ``w.assign(w - lr * g)`` and ``w.assign_sub(lr * g)`` write
into the variable's own array instead of allocating a new one each step.

The value op writes straight into the variable's array (``np.subtract(w, t, out=w)``), and
the assignment then stores the same array; ``assign_add``/``assign_sub`` add into it. This
is only done when it cannot be observed: the variable is written once in the plan; no value
that may share its old memory (its snapshot, views of it, a read) is fetched, or read by any
step placed after the update; the update is in no tf.cond branch. The updates, with
everything computed from their results or waiting on them through control dependencies
(e.g. Adam's step reads the new moments; its beta powers wait for the step), then move to
the end of the plan, in their original order; those steps are
elementwise kernels that cannot fail on shapes checked at build time, so a run that fails
fails before any variable changed (the session restores the variables it replaced).
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
    producer, consumers = slot_maps(steps)
    index = {id(op): i for i, op in enumerate(step_ops)}
    waiting = {}  # step -> steps that must run after it (they list it as a control input)
    for j, op in enumerate(step_ops):
        for c in op._control_inputs:
            if id(c) in index:
                waiting.setdefault(index[id(c)], []).append(j)
    writes = {}
    for i, op in enumerate(step_ops):
        if op.type in _ASSIGN_TYPES:
            writes.setdefault(op.primitive.var_name, []).append(i)
    # what read the old value: slots that may share the variable's memory before the write
    # (the writes' own outputs are the new value, read after them)
    aliases = variable_slots(steps, step_ops, keys=writes)

    cands = {}  # assign step -> (value step written into the variable, or None; variable)
    for key, idxs in writes.items():
        if len(idxs) != 1:
            continue
        a = idxs[0]
        op = step_ops[a]
        if _guarded(steps[a]):
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
                    or consumers.get(s) != [a] or s in fetched or v in waiting \
                    or vop.outputs[0].shape.as_tuple() != var_dims \
                    or vop.outputs[0].dtype != op.inputs[0].dtype:
                continue
        # what read the old value keeps reading it: every reader of the variable's memory
        # must run before the update writes it
        first = v if v is not None else a
        if all(c < first or c in (v, a) for s in alias for c in consumers.get(s, ())):
            cands[a] = (v, key)

    # The updates move to the end of the plan together with everything computed from their
    # results (the "tail"), so that every step that could fail runs before any variable
    # changes. The tail may hold only steps that cannot fail on shapes checked at build
    # time: the writes and elementwise/matmul kernels, outside tf.cond branches.
    while True:
        tails = {a: _closure(a, v, steps, consumers, waiting) for a, (v, _) in cands.items()}
        bad = [a for a, tail in tails.items()
               if any(not _tail_safe(i, steps, step_ops, cands) for i in tail)]
        if not bad:
            break
        for a in bad:
            del cands[a]
    if not cands:
        return order, {}, {}
    moved = set().union(*tails.values())
    order = [i for i in order if i not in moved] + sorted(moved)
    into_var = {v: key for a, (v, key) in cands.items() if v is not None}
    assign_inplace = {a: key for a, (v, key) in cands.items()}
    return order, into_var, assign_inplace


def slot_maps(steps):
    """({slot: the step that makes it}, {slot: the steps that read it, in order})."""
    producer, consumers = {}, {}
    for i, step in enumerate(steps):
        for s in step[1]:
            consumers.setdefault(s, []).append(i)
        for s in step[2]:
            producer[s] = i
    return producer, consumers


def _closure(a, v, steps, consumers, waiting):
    """The update steps and every step that reads their results or waits for them."""
    tail = {a} | ({v} if v is not None else set())
    stack = list(tail)
    while stack:
        i = stack.pop()
        after = [c for s in steps[i][2] for c in consumers.get(s, ())] + waiting.get(i, [])
        for c in after:
            if c not in tail:
                tail.add(c)
                stack.append(c)
    return tail


def _tail_safe(i, steps, step_ops, cands):
    step, op = steps[i], step_ops[i]
    if _guarded(step) or (len(step) > 4 and step[4]):
        return False
    if i in cands or any(i == v for v, _ in cands.values()):
        return True
    if op.type in _ASSIGN_TYPES:
        return False  # another variable's write that is not itself moved
    kernel = step[0]
    return isinstance(kernel, np.ufunc) or getattr(kernel, "accepts_out", False)


def _guarded(step):
    return len(step) > 3 and bool(step[3])


def variable_slots(steps, step_ops, keys=None, assignments=False):
    """{variable: slots that may share memory with its array}: the variable's own output and
    its reads (with ``assignments``, also the values its assignments return), then every
    identity and view of those. ``keys``: only these variables (default: every one seen)."""
    out = {key: set() for key in keys} if keys is not None else {}
    for i, op in enumerate(step_ops):
        prim = op.primitive
        if op.type == "VariableV2":
            key = op.name
        elif op.type == "ReadVariable" or (assignments and getattr(prim, "writes_state", False)):
            key = getattr(prim, "var_name", None)
        else:
            continue
        if key is not None and (keys is None or key in out):
            out.setdefault(key, set()).update(steps[i][2])
    for alias in out.values():
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
    return out
