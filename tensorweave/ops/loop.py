"""``tf.while_loop``: repeat ``body`` while ``cond`` holds, deciding at run time.

The condition and the body are built once, into the same graph, on loop variables
(``LoopVar`` ops, one per loop variable, of the shape invariant's static shape). A ``While``
op takes the loop variables' first values and the outside tensors the two functions read;
when its plan is made it compiles two plans of its own (compiler/plan.py), one computing
the condition and one computing the body's results from the loop variables and those
outside values, and at run time it runs them in turn until the condition is false (or
``maximum_iterations`` is reached). Its outputs are the loop variables' last values, each
through an ``Identity`` named as TensorFlow 2 names them (``while/Identity_2:0`` …).

Outside tensors are computed once, before the loop (as TensorFlow does); a variable's value
is read again at each iteration (the plans read it), so assignments in the body are seen.
Ops in the body with side effects (``assign``) run once per iteration.

Gradients: ``While.gradient`` builds the body's gradient once, on its own loop variables
(``GradVar``: the gradients arriving from the next iteration); the forward op then keeps
each iteration's loop values in the run's scratch, and ``WhileGrad`` walks them backwards,
one plan of the body's gradient per iteration, summing what flows to outside values and
variables. Loops (and their gradients) are written into ``.meta`` files and imported back
(train/meta_graph.py: tensors in a primitive's fields are stored by name). Not yet:
``TensorArray`` loop variables; loops inside ``tf.cond`` branches are untested.
"""

from .. import dtypes as _dt
from .. import errors as _errors
from .. import graph as _g
from .registry import Op, Spec, register
from .state import SubPlanInput, variable_of

__all__ = ["while_loop"]


@register
class LoopVar(SubPlanInput):
    """One loop variable of a ``tf.while_loop`` inside its condition and body: its value in
    the current iteration (fed by the ``While`` op's plans)."""

    where = ("{name} is a loop variable of a tf.while_loop: it has a value only inside the "
             "loop's condition and body. Fetch the loop's results instead.")


@register
class While(Op):
    """Runs the loop (see the module's docstring). Inputs: the loop variables' first
    values, the outside values the loop reads, the variables' reads it makes (their values
    are read by its plans at each iteration; as inputs they carry gradients), then the
    iteration limit when given."""

    stateful = True  # the body may assign or draw random numbers: never folded or merged

    def __init__(self, loop_vars, cond_out, body_outs, captured, var_reads, limited, name):
        self.loop_vars = loop_vars    # the LoopVar tensors
        self.cond_out = cond_out      # the condition's scalar bool
        self.body_outs = body_outs    # the body's results, one per loop variable
        self.captured = captured      # outside tensors read inside (fed)
        self.var_reads = var_reads    # variables' reads inside (not fed)
        self.limited = limited        # whether the last input is maximum_iterations
        self.loop_name = name
        self.record = False           # set by ``gradient``: keep each iteration's values

    def infer(self, *inputs):
        return [Spec(v.shape.as_tuple(), v.dtype) for v in self.loop_vars]

    def make_kernel(self, ctx, node):
        from ..compiler.plan import compile_plan
        fed = list(self.loop_vars) + list(self.captured)
        cond_run = compile_plan(ctx, [self.cond_out], fed).runner
        body_run = compile_plan(ctx, list(self.body_outs), fed).runner
        n, m, limited = len(self.loop_vars), len(self.captured), self.limited
        record, scratch, key = self.record, ctx.scratch, ("while_history", node.name)

        device = _to_device(ctx.xp)

        def kernel(*inputs):
            values = device(inputs[:n])
            outside = device(inputs[n:n + m])
            limit = int(inputs[-1]) if limited else None
            history = [] if record else None
            count = 0
            while (limit is None or count < limit) and bool(cond_run(values + outside)[0]):
                if record:
                    history.append(values)
                values = device(body_run(values + outside))
                count += 1
            if record:  # for WhileGrad, later in this run
                scratch[key] = history
            return values if n > 1 else values[0]
        return kernel

    def gradient(self, grads, ys, *inputs):
        from ..autodiff import gradients
        from .creation import zeros_like
        if len(self.loop_vars) == 1:
            grads, ys = [grads], [ys]
        n, m, r = len(self.loop_vars), len(self.captured), len(self.var_reads)
        floats = [k for k, v in enumerate(self.loop_vars) if v.dtype.is_floating]
        wrt_idx = [n + j for j, c in enumerate(self.captured) if c.dtype.is_floating] + \
            [n + m + j for j in range(r) if self.var_reads[j].dtype.is_floating]
        if not floats:
            return [None] * len(inputs)
        self.record = True
        inner_wrt = [self.loop_vars[k] for k in floats] + \
            [(list(self.captured) + list(self.var_reads))[i - n] for i in wrt_idx]
        with _g.name_scope("body_grad"):
            gvars = [LoopVar(self.loop_vars[k].dtype,
                             self.loop_vars[k].shape.as_tuple()).bind(name="GradVar")
                     for k in floats]
            # the outside values are leaves of the body: one computed from another outside
            # (b = 3 * x, both read in the body) must not pass its gradient on to x here,
            # where the graph's gradient of b does so once more
            parts = gradients([self.body_outs[k] for k in floats], inner_wrt, grad_ys=gvars,
                              stop_gradients=inner_wrt)
            parts = [d if d is not None else zeros_like(w) for d, w in zip(parts, inner_wrt)]
        specs = [Spec(t.shape.as_tuple(), t.dtype) for t in inner_wrt]
        prim = WhileGrad(self, floats, gvars, parts, wrt_idx, specs)
        incoming = [grads[k] for k in floats]
        outs = prim.bind(ys[0], *inputs, *incoming, name="WhileGrad")
        outs = outs if isinstance(outs, list) else [outs]
        result = [None] * len(inputs)
        for k, g in zip(floats, outs[:len(floats)]):
            result[k] = g
        for i, g in zip(wrt_idx, outs[len(floats):]):
            result[i] = g
        return result


@register
class WhileGrad(Op):
    """The gradient of a ``While`` loop: walks its iterations backwards (the values the
    forward op kept in this run), each step a plan of the body's gradient, and sums the
    gradients of the outside values and variables' reads over the iterations. Inputs: the
    loop's first output (it runs first), the loop's inputs, the gradients of its float
    results. Outputs: the gradients of its float loop variables' first values, then of
    the float outside values and reads (``wrt``: their positions among the loop's inputs)."""

    stateful = True

    def __init__(self, loop, floats, gvars, parts, wrt, specs):
        self.loop, self.floats, self.gvars, self.parts = loop, floats, gvars, parts
        self.wrt, self.specs = wrt, specs

    def infer(self, *inputs):
        return list(self.specs)

    def make_kernel(self, ctx, node):
        from ..compiler.plan import compile_plan
        loop = self.loop
        fed = list(loop.loop_vars) + list(loop.captured) + list(self.gvars)
        grad_run = compile_plan(ctx, list(self.parts), fed).runner
        n, m, nf = len(loop.loop_vars), len(loop.captured), len(self.floats)
        scratch, key = ctx.scratch, ("while_history", node.inputs[0].op.name)
        xp, wrt = ctx.xp, self.wrt

        device = _to_device(xp)

        def kernel(_first, *rest):
            outside = device(rest[n:n + m])
            history = scratch.pop(key, None)
            if history is None:
                raise _errors.InternalError(
                    None, node, f"{node.name}: the loop's values were not kept in this run")
            g = device(rest[len(rest) - nf:])
            sums = None
            for values in reversed(history):
                out = grad_run(list(values) + outside + g)
                g = device(out[:nf])
                parts = device(out[nf:])
                sums = parts if sums is None else [a + b for a, b in zip(sums, parts)]
            if sums is None:  # the body never ran: nothing flows to the outside values
                sums = [xp.zeros_like(xp.asarray(rest[i])) for i in wrt]
            result = g + sums
            return result if len(result) > 1 else result[0]
        return kernel


def _to_device(xp):
    """``values -> list``: on a device backend, the numeric host arrays among a loop's fed
    values moved to the device (its plans place fed values there: a shape computed on the
    host before the loop, a host gradient), others as they are."""
    import numpy as np
    if xp is np:
        return list

    def move(values):
        return [xp.asarray(v) if isinstance(v, (np.ndarray, np.generic)) and
                v.dtype.kind in "biuf" else v for v in values]
    return move


def _eager_loop(cond, body, loop_vars, maximum_iterations, single, same_structure):
    """``while_loop`` executing eagerly: a Python loop, as in TF 2."""
    from .creation import convert_to_tensor
    from .. import nest
    spread = isinstance(loop_vars, (list, tuple)) and not single

    def call(fn, args):
        return fn(*args) if spread else fn(args)
    state = nest.map_structure(convert_to_tensor, loop_vars)
    i = 0
    while (maximum_iterations is None or i < int(maximum_iterations)) and \
            bool(call(cond, state)):
        new = call(body, state)
        if single and isinstance(new, (list, tuple)) and len(new) == 1:
            new = new[0]
        if spread and not isinstance(new, (list, tuple)):
            new = [new]
        state = nest.map_structure(convert_to_tensor, new)
        i += 1
    if spread and not same_structure and len(state) == 1:
        return state[0]
    return state


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, name=None, maximum_iterations=None,
               return_same_structure=False):
    """Repeats ``body`` while ``cond`` is true: ``loop_vars = body(*loop_vars)``.

    Args:
        cond: a function of the loop variables returning a scalar bool tensor.
        body: a function of the loop variables returning new values of the same structure,
            dtypes and (unless ``shape_invariants`` relaxes them) static shapes.
        loop_vars: a tensor, or a (nested) list, tuple or dict of tensors and Python values.
        shape_invariants: the shapes the loop variables keep, in ``loop_vars``' structure
            (``tf.TensorShape([None])`` for a vector whose length changes).
        maximum_iterations: stop after this many iterations at the latest.
        return_same_structure: when False, a single loop variable in a list comes back as
            the tensor itself (TF's default).
        parallel_iterations, back_prop, swap_memory: accepted for compatibility.

    Returns:
        The loop variables' values after the last iteration, in ``loop_vars``' structure.

    Raises:
        TypeError: ``cond`` or ``body`` is not callable, or the body changes a dtype.
        ValueError: empty ``loop_vars``, a body result of another structure, or a shape
            that changes beyond its invariant.

    Example:
        >>> i = tf.constant(0)
        >>> r = tf.while_loop(lambda i: tf.less(i, 10), lambda i: tf.add(i, 1), [i])
    """
    from .control import _rebuild
    from .creation import convert_to_tensor
    from .math import identity
    from ..shapes import TensorShape, as_shape
    if not callable(cond):
        raise TypeError("cond must be callable.")
    if not callable(body):
        raise TypeError("body must be callable.")
    single = not isinstance(loop_vars, (list, tuple, dict))
    flat, struct = _flatten_structure(loop_vars)
    if not flat:
        raise ValueError("No loop variables provided")
    from ..context import executing_eagerly
    if executing_eagerly():  # a Python loop, as in TF 2
        return _eager_loop(cond, body, loop_vars, maximum_iterations, single,
                           return_same_structure)
    flat = [convert_to_tensor(v) for v in flat]
    if shape_invariants is not None:
        shapes, shapes_struct = _flatten_structure(shape_invariants, leaf=_is_shape)
        if shapes_struct != struct:
            raise ValueError(f"shape_invariants must have the structure of loop_vars: "
                             f"{shapes_struct} vs {struct}")
        shapes = [as_shape(s) for s in shapes]
        for t, s in zip(flat, shapes):
            if not s.is_compatible_with(t.shape):
                raise ValueError(f"The shape invariant specified for {t.name} is not "
                                 f"compatible with the initial shape of the loop variable. "
                                 f"It enters the loop with shape {t.shape}, but the "
                                 f"specified shape invariant is {s}.")
    else:
        shapes = [t.shape for t in flat]
    graph = flat[0].graph
    with graph.as_default(), _g.name_scope(name, "while") as scope:
        limit = None
        if maximum_iterations is not None:
            limit = convert_to_tensor(maximum_iterations, name="maximum_iterations")
            if limit.dtype not in (_dt.int32, _dt.int64) or limit.shape.ndims not in (None, 0):
                raise ValueError("maximum_iterations must be a scalar int32 or int64 tensor")
        start = graph._last_id
        with _g.name_scope("loop_vars"):
            inner = [LoopVar(t.dtype, TensorShape(s).as_tuple()).bind(name="LoopVar")
                     for t, s in zip(flat, shapes)]
        args = _rebuild(struct, iter(inner))
        with _g.name_scope("cond"):
            pred = cond(*args) if isinstance(args, (list, tuple)) and not single and \
                not isinstance(loop_vars, dict) else cond(args)
            pred = convert_to_tensor(pred)
        if pred.dtype != _dt.bool or pred.shape.ndims not in (None, 0):
            raise TypeError(f"cond must return a scalar bool tensor, got {pred.dtype.name} of "
                            f"shape {pred.shape}")
        with _g.name_scope("body"):
            result = body(*args) if isinstance(args, (list, tuple)) and not single and \
                not isinstance(loop_vars, dict) else body(args)
            if single and isinstance(result, (list, tuple)) and len(result) == 1:
                result = result[0]
            out_flat, out_struct = _flatten_structure(result)
            if _shape_of(out_struct) != _shape_of(struct) and not (
                    len(out_flat) == len(flat) == 1):
                raise ValueError(f"The two structures don't have the same nested structure: "
                                 f"loop_vars {struct} and the body's results {out_struct}.")
            outs = []
            for v, t, s, first in zip(out_flat, inner, shapes, flat):
                v = convert_to_tensor(v, dtype=t.dtype) if not isinstance(v, _g.Tensor) else v
                if v.dtype != t.dtype:
                    raise TypeError(f"Loop variable {first.name} enters the loop as "
                                    f"{t.dtype.name} but the body returns {v.dtype.name}.")
                if not TensorShape(s).is_compatible_with(v.shape):
                    raise ValueError(
                        f"Input tensor `{first.name}` enters the loop with shape {first.shape}, "
                        f"but has shape {v.shape} after one iteration. To allow the shape to "
                        "vary across iterations, use the `shape_invariants` argument of "
                        "tf.while_loop to specify a less-specific shape.")
                if v.op._id <= start or v in inner:
                    v = identity(v)  # a result the plan computes (not a fed value)
                outs.append(v)
        captured, var_reads = _outside_values([pred] + outs, inner, start)
        inputs = flat + captured + var_reads + ([limit] if limit is not None else [])
        prim = While(inner, pred, outs, captured, var_reads, limit is not None,
                     scope.rstrip("/"))
        results = prim.bind(*inputs, name=scope)
        results = results if isinstance(results, list) else [results]
        named = [identity(r, name=f"Identity_{k + 2}") for k, r in enumerate(results)]
    value = _rebuild(struct, iter(named))
    if not return_same_structure and isinstance(value, (list, tuple)) and len(value) == 1 \
            and not single:
        return value[0]
    return value


def _shape_of(struct):
    """A structure with lists and tuples alike (the body may return either)."""
    if struct in ("t", "op"):
        return struct
    kind, items = struct
    if kind == "dict":
        return ("dict", [(k, _shape_of(s)) for k, s in items])
    return ("seq", [_shape_of(s) for s in items])


def _is_shape(v):
    from ..shapes import TensorShape
    return isinstance(v, TensorShape) or v is None or (
        isinstance(v, (list, tuple)) and all(d is None or isinstance(d, int) for d in v))


def _flatten_structure(value, leaf=None):
    """(leaves, structure) of a nested list/tuple/dict, for ``control._rebuild``."""
    flat = []

    def walk(v):
        if leaf is not None and leaf(v):
            flat.append(v)
            return "t"
        if isinstance(v, (list, tuple)):  # a namedtuple comes back as a tuple
            return ("list" if isinstance(v, list) else "tuple", [walk(x) for x in v])
        if isinstance(v, dict):
            return ("dict", [(k, walk(v[k])) for k in sorted(v)])
        flat.append(v)
        return "t"
    return flat, walk(value)


def _outside_values(results, inner, start):
    """(tensors made before the loop that its condition or body read, fed to the plans
    with the value computed before the loop; variables' reads among them, left to the
    plans, which read the variable at each iteration)."""
    seen, captured, reads, stack = set(), [], [], [t.op for t in results]
    inner_ids = {id(t) for t in inner}
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        stack.extend(c for c in op.control_inputs if c._id > start)  # outside ones: as TF
        for t in op.inputs:
            if id(t) in inner_ids:
                continue
            if t.op._id <= start:
                kept = reads if variable_of(t) is not None else captured
                if all(t is not c for c in kept):
                    kept.append(t)
                continue
            stack.append(t.op)
    return captured, reads
