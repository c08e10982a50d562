"""The pipeline from graph to plan: the passes of this package in order, then the plan's
steps, buffers and generated runner (see executor.py).

``compile_plan(ctx, fetches, fed)`` is what ``Session.run`` calls once per (fetches, fed
tensors) signature; ``ctx`` is the session's state (array module, variables, random streams).
"""

import numpy as np

from .. import blas as _blas
from .. import graph as _g
from .. import timeline as _timeline
from ..executor import Plan, build_runner
from ..ops.state import variable_of
from .broadcast import eliminate_broadcasts
from .conv_epilogue import fold_bias_relu_into_conv
from .cse import cse
from .fold import fold
from .fuse import fuse, static_shape
from .gemm_update import fuse_gemm_updates
from .inplace import plan_inplace
from .memory import plan_buffers
from .placement import place
from .pool_relu import fold_relu_into_pool_grad
from .select_mask import fold_compare_into_select
from .prune import prune
from .simplify import simplify
from .transpose import fold_transposes

__all__ = ["compile_plan"]


def compile_plan(ctx, flat, fed):
    """The plan that computes ``flat`` (fetched tensors and operations) from the ``fed``
    tensors, whose values the run passes in this order."""
    fed_ids = {id(t): i for i, t in enumerate(fed)}
    requested = list(flat)
    # a fetched tensor that is also fed is just handed back: its op does not run
    targets = [item.op if isinstance(item, _g.Tensor) else item for item in flat
               if id(item) not in fed_ids]
    ops = prune(targets, fed)
    known = fold(ops, fed, ctx.host)  # on the host: placement moves what devices need
    alias = cse(ops, fed_ids)
    same = simplify(ops, fed_ids, alias, known)
    if same:
        alias = {k: same.get(id(v), v) for k, v in alias.items()}
        alias.update(same)
    rewritten = fold_transposes(ops, fed_ids, alias)
    rewritten.update(eliminate_broadcasts(ops, fed_ids, alias, rewritten))
    fetched = {id(alias.get(id(x), x)) for x in flat} | {id(x) for x in flat}
    rewritten.update(fold_relu_into_pool_grad(ops, fed_ids, alias, rewritten, fetched))
    rewritten.update(fold_compare_into_select(ops, fed_ids, alias, rewritten, fetched, known))
    rewritten.update(fold_bias_relu_into_conv(ops, fed_ids, alias, rewritten, fetched))
    flat_fetches = [alias.get(id(x), x) if isinstance(x, _g.Tensor) else x for x in flat]
    ops = _live(ops, flat_fetches, fed_ids, alias, rewritten, known)
    slot_of = dict(fed_ids)
    n_slots = len(fed)
    constants = {}
    steps, step_ops = [], []
    has_writes = False
    for op in ops:
        prim, inputs = rewritten.get(op, (op.primitive, op.inputs))
        if op.type == "NoOp":
            continue
        if op.outputs and all(id(t) in known for t in op.outputs):
            for t in op.outputs:
                slot_of[id(t)] = n_slots
                constants[n_slots] = known[id(t)]
                n_slots += 1
            continue
        ref = getattr(prim, "ref_inputs", ())
        ins = [slot_of[id(alias.get(id(t), t))] for i, t in enumerate(inputs)
               if i not in ref]
        outs = []
        for t in op.outputs:
            if id(t) not in slot_of:
                slot_of[id(t)] = n_slots
            # a fed output: the op still runs (for its other outputs or side effects)
            # but writes a slot nobody reads
            outs.append(n_slots)
            n_slots += 1
        steps.append((prim.make_kernel(ctx, op), ins, outs,
                      _guard(op, slot_of), getattr(prim, "merge", False)))
        step_ops.append(op)
        has_writes = has_writes or getattr(prim, "writes_state", False)
    flat = flat_fetches
    fetch_slots, posts = [], []
    for item, asked in zip(flat, requested):
        if isinstance(item, _g.Tensor):
            slot = slot_of[id(item)]
            # a slot handed out twice (the same or merged tensors) is copied the
            # second time, so every fetched array is the caller's own
            shared = id(item) in fed_ids or id(item) in known or slot in fetch_slots
            fetch_slots.append(slot)
            # TF 1: a fetched variable gives its end-of-run value; a tw.function's reads
            # are snapshots in program order (TF 2)
            var = None if id(asked) in fed_ids or asked.graph._is_function \
                else variable_of(asked)
            posts.append(_post_for(item, shared) if var is None else
                         _end_of_run_value(ctx.variables, var))
        else:
            fetch_slots.append(None)
            posts.append(_none)
    _unshare_assigned_values(steps, step_ops, fetch_slots, ctx)
    order, into_var, assign_inplace = plan_inplace(steps, step_ops, fetch_slots)
    for i in assign_inplace:
        op = step_ops[i]
        if op.type in ("AssignAdd", "AssignSub"):
            steps[i] = (op.primitive.make_inplace_kernel(ctx, op),) + \
                tuple(steps[i][1:])
    position = {old: new for new, old in enumerate(order)}
    steps = [steps[i] for i in order]
    step_ops = [step_ops[i] for i in order]
    var_outs = {position[i]: key for i, key in into_var.items()}
    inplace_steps = {position[i] for i in assign_inplace}
    if ctx.xp is np:
        steps, step_ops, var_outs, inplace_steps = fuse_gemm_updates(
            steps, step_ops, var_outs, inplace_steps, constants, fetch_slots, ctx.variables,
            fed)
    steps, constants, host_steps = place(steps, step_ops, constants, ctx)
    buffers = plan_buffers(steps, step_ops, fetch_slots, ctx.xp)
    if ctx.xp is np:
        specs = {i: (static_shape(t.shape), t.dtype.as_numpy_dtype)
                 for i, t in enumerate(fed)}
        specs.update({s: (np.shape(v), np.asarray(v).dtype) for s, v in constants.items()
                      if isinstance(v, (np.ndarray, np.generic))})
        steps, step_ops, buffers, var_outs = fuse(
            steps, step_ops, fetch_slots, buffers, var_outs, inplace_steps, specs,
            ctx.variables)
    runner = build_runner(steps, len(fed), fetch_slots, step_ops, constants, buffers,
                          var_outs, ctx.variables, ctx.xp)
    plan = Plan(ops, runner, posts, has_writes)
    plan.step_ops = step_ops
    # products on tensorweave's threads, OpenBLAS's kept idle (tensorweave/blas.py)
    plan.own_threads = ctx.xp is np and _blas.plan_owns_threads(
        [getattr(rewritten.get(op, (None,))[0], "source", op) for op in step_ops])
    plan.on_host = {step_ops[i].name for i in host_steps}  # device backends: placement.py
    traced = []

    def traced_runner():
        """(runner timing each step into ``records``, records), built on first use."""
        if not traced:
            records = []
            traced.append((build_runner(
                _timeline.traced_steps(steps, step_ops, records), len(fed), fetch_slots,
                step_ops, constants, buffers, var_outs, ctx.variables, ctx.xp), records))
        return traced[0]
    plan.traced = traced_runner
    plan.rngs = [ctx.rngs[op.name] for op in step_ops if op.name in ctx.rngs]
    return plan


def _live(ops, fetches, fed_ids, alias, rewritten, known):
    """The ops that still need to run after CSE and transpose folding: those producing a
    fetch (or a value a live op reads), fetched operations, stateful ops, control inputs
    and tf.cond predicates of live ops."""
    by_tensor = {}
    for op in ops:
        for t in op.outputs:
            by_tensor[id(t)] = op
    live, stack = set(), []
    for x in fetches:
        op = x.op if isinstance(x, _g.Tensor) else x
        if id(x) not in fed_ids:
            stack.append(op)
    stack += [op for op in ops if op.primitive.stateful]
    while stack:
        op = stack.pop()
        if op in live:
            continue
        live.add(op)
        inputs = rewritten.get(op, (None, op.inputs))[1]
        ref = getattr(op.primitive, "ref_inputs", ())
        deps = [alias.get(id(t), t) for i, t in enumerate(inputs) if i not in ref]
        ctx = op._cond_ctx
        while ctx is not None:
            deps.append(ctx.pred)
            ctx = ctx.parent
        for t in deps:
            if id(t) in fed_ids:
                continue
            src = by_tensor.get(id(t))
            if src is None or src in live:
                continue
            if id(t) in known:
                live.add(src)  # becomes a constant slot; its inputs are not needed
            else:
                stack.append(src)
        stack.extend(c for c in op._control_inputs if c not in live)
    return [op for op in ops if op in live]


def _unshare_assigned_values(steps, step_ops, fetch_slots, ctx):
    """A variable owns its array: an Assign whose value other steps (or the caller) also
    receive — e.g. one zeros tensor, merged by CSE, initializing two variables — copies it."""
    uses = {}
    for step in steps:
        for s in step[1]:
            uses[s] = uses.get(s, 0) + 1
    for s in fetch_slots:
        if s is not None:
            uses[s] = uses.get(s, 0) + 1
    for i, (step, op) in enumerate(zip(steps, step_ops)):
        if op.type == "Assign" and uses.get(step[1][0], 0) > 1:
            steps[i] = (op.primitive.make_kernel(ctx, op, shared=True),) + tuple(step[1:])


def _guard(op, slot_of):
    """The condition under which a tf.cond branch op runs (None: always)."""
    terms = []
    ctx = op._cond_ctx
    while ctx is not None:
        v = f"v{slot_of[id(ctx.pred)]}"
        terms.append(v if ctx.branch else f"not {v}")
        ctx = ctx.parent
    return " and ".join(reversed(terms)) or None


def _none(_value=None):
    return None


def _end_of_run_value(variables, name):
    """A fetched variable (or identity of one) gives its value at the end of the run, as
    TF1's reference variables do: ``sess.run([train_op, global_step])`` returns the step
    after this run's increment (TF 2.21 under ``disable_v2_behavior``; its resource
    variables without it give a value read at some point of the run)."""
    def post(_v):
        return _copy_to_output(variables[name])
    return post


def _post_for(tensor, fed):
    """How to hand out a fetched value: copied when it may alias session state (a variable,
    a constant, a feed), 0-d as a NumPy scalar, on the host."""
    if tensor.op.primitive.fresh_output and not fed:
        return _to_output
    return _copy_to_output


def _to_output(v):
    if not isinstance(v, np.ndarray):
        v = v.get() if hasattr(v, "get") else np.asarray(v)
    return v[()] if v.ndim == 0 else v


def _copy_to_output(v):
    if not isinstance(v, np.ndarray):
        v = v.get() if hasattr(v, "get") else np.asarray(v)
    else:
        v = v.copy()
    return v[()] if v.ndim == 0 else v
