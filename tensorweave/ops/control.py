"""Grouping and ordering: ``no_op``, ``group``, ``tuple``, ``with_dependencies``."""

from .. import graph as _g
from .registry import Op, register

__all__ = ["no_op", "group", "tuple", "with_dependencies", "cond", "case"]

_builtin_tuple = tuple


@register
class NoOp(Op):
    """Does nothing; used for its control inputs (``tf.group``)."""

    differentiable = False

    def infer(self):
        return []

    def forward(self, xp):
        return ()


def no_op(name=None):
    """An operation that does nothing (its control inputs still run)."""
    return _bind_noop(name or "NoOp", ())


def _bind_noop(name, controls):
    graph = _g.get_default_graph()
    for c in controls:
        if c.graph is not graph and not _g._has_explicit_default():
            graph = c.graph
    # a name ending in "/" is an opened name scope: the op takes its name as is (TF's rule)
    op_name = name[:-1] if name.endswith("/") else graph.unique_name(name)
    return graph._create_op(NoOp(), (), op_name, [], controls)


def _flatten(inputs):
    out = []
    for x in inputs:
        if isinstance(x, (list, _builtin_tuple)):
            out.extend(_flatten(x))
        elif isinstance(x, dict):
            out.extend(_flatten(list(x.values())))
        elif x is not None:
            out.append(x)
    return out


def group(*inputs, name=None):
    """An operation that runs all ``inputs`` (ops or tensors) when it runs; no output.

    Example:
        >>> updates = tf.group(w1.assign(new_w1), w2.assign(new_w2))
        >>> sess.run(updates)   # both assignments run
    """
    controls = []
    for x in _flatten(inputs):
        op = _g._as_control_op(x, None)
        if op not in controls:
            controls.append(op)
    return _bind_noop(name or "group_deps", controls)


def with_dependencies(dependencies, output_tensor, name=None):
    """``output_tensor``'s value, produced only after ``dependencies`` ran."""
    from .math import identity
    with _g.name_scope(name, "control_dependency"):
        with _g.control_dependencies(dependencies):
            return identity(output_tensor)


def tuple(tensors, name=None, control_inputs=None):  # noqa: A001
    """Identities of ``tensors`` that are each available only after all of them (and
    ``control_inputs``) are computed."""
    from .math import identity
    with _g.name_scope(name, "tuple"):
        gate = group(*[t for t in tensors if t is not None], *(control_inputs or []))
        with _g.control_dependencies([gate]):
            return [None if t is None else identity(t) for t in tensors]


# -- conditional execution ---------------------------------------------------------------------
@register
class Switch(Op):
    """Passes a tensor made outside a ``tf.cond`` branch into it (identity; runs only with
    the branch). Its gradient leaves the branch through a ``Merge`` with zeros."""

    def infer(self, x):
        from .registry import Spec
        return Spec(x.shape, x.dtype)

    def forward(self, xp, x):
        return x

    def make_kernel(self, ctx, node):
        return _passthrough

    def gradient(self, g, y, x):
        from .creation import zeros_like
        graph = y.graph
        ctx = y.op._cond_ctx
        with graph._cond_scope(ctx.parent):
            # The zero is made in the other branch, so that both inputs of the Merge are
            # branch values: the Merge's own gradient (second order) then gives each input
            # its gradient in that input's branch, never a branch tensor for an outside one.
            with graph._cond_branch(ctx.pred, not ctx.branch):
                zero = zeros_like(x)
            pair = (g, zero) if ctx.branch else (zero, g)
            return (Merge().bind(ctx.pred, *pair, name="cond_grad"),)


def _passthrough(x):
    return x


@register
class Merge(Op):
    """``a if pred else b``: joins the outputs of a ``tf.cond``'s two branches. The
    executor evaluates only the taken side."""

    merge = True

    def infer(self, pred, a, b):
        from .registry import Spec
        if a.dtype != b.dtype:
            raise TypeError(f"Outputs of true_fn and false_fn must have the same type: "
                            f"{a.dtype.name}, {b.dtype.name}")
        if a.shape is None or b.shape is None or len(a.shape) != len(b.shape):
            return Spec(None, a.dtype)
        return Spec(_builtin_tuple(x if x == y else None for x, y in zip(a.shape, b.shape)),
                    a.dtype)

    def forward(self, xp, pred, a, b):
        return a if pred else b

    def make_kernel(self, ctx, node):
        return _select

    def gradient(self, g, y, pred, a, b):
        from .math import identity
        with _branch_of(a, pred, True):
            ga = identity(g)
        with _branch_of(b, pred, False):
            gb = identity(g)
        return None, ga, gb


def _branch_of(t, pred, branch):
    """The branch context that made ``t`` (so gradients join it), else a new one."""
    ctx = t.op._cond_ctx
    if ctx is not None and ctx.pred is pred and ctx.branch == branch:
        return t.graph._cond_scope(ctx)
    return t.graph._cond_branch(pred, branch)


def _eager_value(t):
    from ..eager import EagerTensor
    return type(t) is EagerTensor


def _branch_outputs_eager(out, strict):
    if not strict and isinstance(out, (list, _builtin_tuple)) and len(out) == 1 and \
            not hasattr(out, "_fields"):
        return out[0]
    return out


def _select(pred, a, b):
    return a if pred else b


def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """``true_fn()`` if ``pred`` else ``false_fn()``, deciding at run time.

    Only the ops of the taken branch run; tensors made outside and used inside are computed
    regardless (as in TensorFlow). Both functions must return the same structure of
    tensors (or operations) with the same dtypes. Gradients flow through the taken branch.

    Args:
        pred: a scalar bool tensor (or Python bool).
        true_fn, false_fn: functions building each branch (``fn1``/``fn2`` in old code).
        strict: when False, a branch returning a one-element list returns its element.

    Raises:
        TypeError: if a function is missing or the branches' dtypes differ.
        ValueError: if the branches return different structures.

    Example:
        >>> out = tf.cond(is_training, lambda: tf.nn.dropout(h, 0.5), lambda: h)
    """
    from .creation import convert_to_tensor
    from .. import dtypes as _dt
    true_fn = true_fn if true_fn is not None else fn1
    false_fn = false_fn if false_fn is not None else fn2
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("true_fn and false_fn must be callable.")
    if isinstance(pred, bool):
        pred = convert_to_tensor(pred)
    pred = convert_to_tensor(pred)
    if pred.dtype != _dt.bool or (pred.shape.ndims not in (None, 0)):
        raise TypeError(f"pred must be a scalar bool tensor, got {pred.dtype.name} of shape "
                        f"{pred.shape}")
    if _eager_value(pred):  # executing eagerly: only the taken branch runs, now
        return _branch_outputs_eager(true_fn() if bool(pred) else false_fn(), strict)
    graph = pred.graph
    with _g.name_scope(name, "cond"):
        with graph._cond_branch(pred, True):
            t_flat, t_struct = _branch_outputs(true_fn(), "true_fn")
        with graph._cond_branch(pred, False):
            f_flat, f_struct = _branch_outputs(false_fn(), "false_fn")
        if t_struct != f_struct:
            raise ValueError(f"true_fn and false_fn must return the same structure: "
                             f"{t_struct} vs {f_struct}")
        merged = []
        for (a, a_is_op), (b, _) in zip(t_flat, f_flat):
            m = Merge().bind(pred, a, b, name="Merge")
            merged.append(m.op if a_is_op else m)
    result = _rebuild(t_struct, iter(merged))
    if not strict and isinstance(result, list) and len(result) == 1:
        return result[0]
    return result


def _branch_outputs(value, which):
    """Flattens a branch's result into (tensor made in the branch, was an op) pairs."""
    from .creation import convert_to_tensor, constant
    from .math import identity
    flat = []

    def walk(v):
        if v is None:
            raise ValueError(f"{which} must return a value (tensor, op or a structure of "
                             "them), got None")
        if isinstance(v, _g.Operation):
            with _g.control_dependencies([v]):
                flat.append((constant(True), True))
            return "op"
        if isinstance(v, (list, _builtin_tuple)):
            return (type(v).__name__, [walk(x) for x in v])
        if isinstance(v, dict):
            return ("dict", [(k, walk(v[k])) for k in sorted(v)])
        flat.append((identity(convert_to_tensor(v)), False))
        return "t"

    struct = walk(value)
    return flat, struct


def _rebuild(struct, it):
    if struct in ("t", "op"):
        return next(it)
    kind, items = struct
    if kind == "dict":
        return {k: _rebuild(s, it) for k, s in items}
    seq = [_rebuild(s, it) for s in items]
    return seq if kind == "list" else _builtin_tuple(seq)


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The result of the fn of the first true predicate (in order), else of ``default``.

    Args:
        pred_fn_pairs: a list of ``(pred, fn)`` pairs (or a dict).
        default: the function used when no predicate holds; when omitted, the last pair's
            function serves as the default.
        exclusive: also check at run time that at most one predicate is true
            (InvalidArgumentError otherwise).

    Example:
        >>> y = tf.case([(x < 0, lambda: -x)], default=lambda: x)
    """
    from .math import cast, less_equal
    from .reduce import reduce_sum
    from .shape import stack
    from .check import Assert
    from .. import dtypes as _dt
    pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else \
        list(pred_fn_pairs)
    if not pairs:
        raise ValueError("pred_fn_pairs must not be empty")
    for p, f in pairs:
        if not callable(f):
            raise TypeError(f"fn for pred {p} must be callable.")
    if default is None:
        default = pairs[-1][1]
        pairs = pairs[:-1]
    from .creation import convert_to_tensor
    preds = [convert_to_tensor(p) for p, _ in pairs]
    if preds and all(_eager_value(p) for p in preds):  # executing eagerly: decide now
        taken = [f for p, (_, f) in zip(preds, pairs) if bool(p)]
        if exclusive and len(taken) > 1:
            from ..errors import InvalidArgumentError
            raise InvalidArgumentError(None, None, "Input error: exclusive=True and more "
                                       f"than 1 conditions ({len(taken)}) evaluated as True")
        return _branch_outputs_eager((taken[0] if taken else default)(), strict)
    with _g.name_scope(name, "case"):
        checks = []
        if exclusive and len(pairs) > 1:
            count = reduce_sum(cast(stack([p for p, _ in pairs]), _dt.int32))
            checks.append(Assert(less_equal(count, 1), [
                "More than one condition evaluated as True but exclusive=True."]))
        with _g.control_dependencies(checks):
            fn = default
            for p, f in reversed(pairs):
                fn = (lambda p=p, f=f, rest=fn: cond(p, f, rest, strict=strict))
            return fn()
