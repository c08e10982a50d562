"""Pruning: the ops a set of fetches needs, in an order that respects every dependency."""

from ..ops.state import missing_feed_error

# Pruning is not optional (running unneeded ops would feed unfed placeholders); the flag
# exists for symmetry with the other passes and is always on.
ENABLED = True


def prune(targets, fed):
    """Ops needed to compute ``targets`` (Operations) when tensors ``fed`` are fed.

    Walks data inputs (except fed tensors and ops' ``ref_inputs``, which only order) and
    control inputs. Returns the ops sorted by creation id, which is a topological order
    of the graph: an op can only consume tensors and ops that existed before it.

    Raises:
        InvalidArgumentError: when a needed placeholder is not fed.
    """
    fed_ids = {id(t) for t in fed}
    needed = set()
    stack = list(targets)
    while stack:
        op = stack.pop()
        if op in needed:
            continue
        needed.add(op)
        ref = getattr(op.primitive, "ref_inputs", ())
        for i, t in enumerate(op.inputs):
            if i in ref or id(t) in fed_ids:
                continue
            if t.op not in needed:
                stack.append(t.op)
        for c in op._control_inputs:
            if c not in needed:
                stack.append(c)
        ctx = op._cond_ctx
        while ctx is not None:  # a branch's ops need its predicates
            if id(ctx.pred) not in fed_ids and ctx.pred.op not in needed:
                stack.append(ctx.pred.op)
            ctx = ctx.parent
    order = sorted(needed, key=lambda o: o._id)
    for op in order:
        if op.type == "Placeholder" and not all(id(t) in fed_ids for t in op.outputs):
            raise missing_feed_error(op)
    return order
