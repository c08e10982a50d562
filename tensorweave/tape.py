"""``GradientTape``: gradients of eagerly computed values (TensorFlow 2's define-by-run).

While a tape is active, every op run eagerly on a watched value is recorded (the op, its
inputs, its outputs), and its outputs become watched in turn. Trainable variables read
inside the tape are watched automatically. ``tape.gradient(target, sources)`` replays the
recorded ops backwards, applying each op's own ``gradient`` rule (the same rules
``tf.gradients`` uses in a graph; they run eagerly, so an outer tape records them and
gradients of gradients work). Fan-out sums and the reduction of broadcast gradients are done
here, once, as ``autodiff.gradients`` does them for graphs.

In graph mode (inside ``tw.function`` or a ``with graph.as_default():`` block) the tape
records nothing and ``gradient`` adds the gradient ops to the graph with ``tf.gradients``.

Example:
    >>> x = tw.Variable(3.0)
    >>> with tw.GradientTape() as tape:
    ...     y = x * x
    >>> tape.gradient(y, x).numpy()
    6.0
"""

import contextlib
import enum
import functools

import numpy as np

from . import dtypes as _dt
from . import context as _context
from . import graph as _g
from .ops import registry as _registry
from .nest import flatten as _flatten, pack_sequence_as as _pack_like

__all__ = ["GradientTape", "UnconnectedGradients", "stop_recording", "custom_gradient"]

_active = []          # tapes inside their ``with`` block, innermost last
_recording = False    # some active tape records (read on every eager op: kept as one flag)


class UnconnectedGradients(enum.Enum):
    """What ``gradient`` gives a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


def _update_flag():
    global _recording
    _recording = any(t._recording for t in _active)
    _context._recording[0] = _recording
    _context._refresh()


def record(prim, inputs, outputs):
    """Called by ``eager.execute`` for each op run while a tape records."""
    for tape in _active:
        if not tape._recording:
            continue
        watched = tape._watched
        for t in inputs:
            if id(t) in watched:
                break
        else:
            continue
        tape._entries.append((prim, inputs, outputs))
        for o in outputs:
            if o._dtype.is_floating or o._dtype.is_complex:
                watched[id(o)] = o


def variable_read(var, tensor):
    """Called when eager variable ``var`` is read as ``tensor`` while a tape records."""
    for tape in _active:
        if tape._recording and (var._unique_id in tape._watched_vars or (
                tape._watch_accessed and var.trainable)):
            tape._watch_variable(var)
            tape._watched[id(tensor)] = tensor
            tape._reads.setdefault(var._unique_id, []).append(tensor)


class stop_recording:  # noqa: N801 - a context, as GradientTape.stop_recording() returns
    def __init__(self, tape):
        self._tape = tape

    def __enter__(self):
        self._was = self._tape._recording
        self._tape._recording = False
        _update_flag()

    def __exit__(self, *exc):
        self._tape._recording = self._was
        _update_flag()


class GradientTape:
    """Records eager operations for automatic differentiation.

    Args:
        persistent: allow several ``gradient``/``jacobian`` calls (default: one).
        watch_accessed_variables: watch every trainable variable read inside the tape
            (default True); with False, only what ``watch`` names is watched.

    Example:
        >>> w = tw.Variable([[1.0], [2.0]])
        >>> x = tw.constant([[3.0, 4.0]])
        >>> with tw.GradientTape() as tape:
        ...     loss = tw.reduce_sum(tw.matmul(x, w) ** 2)
        >>> tape.gradient(loss, w).numpy().ravel()
        array([66., 88.], dtype=float32)
    """

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = bool(persistent)
        self._watch_accessed = bool(watch_accessed_variables)
        self._recording = False
        self._used = False
        self._clear()

    def _release(self):
        """After a non-persistent tape's one use: the recording goes, ``watched_variables()``
        stays (as TF's)."""
        watched = self._watched_vars
        self._clear()
        self._watched_vars = watched

    def _clear(self):
        self._entries = []
        self._watched = {}       # id(eager tensor) -> tensor
        self._watched_vars = {}  # variable id -> variable, in the order first watched
        self._reads = {}         # variable id -> the eager tensors its reads gave

    # -- the context -------------------------------------------------------------------------
    def __enter__(self):
        if self._recording:
            raise ValueError("Tape is still recording, This can happen if you try to re-enter "
                             "an already-active tape.")
        self._recording = True
        _active.append(self)
        _update_flag()
        return self

    def __exit__(self, *exc):
        self._recording = False
        if self in _active:
            _active.remove(self)
        _update_flag()

    def stop_recording(self):
        """A context in which this tape records nothing (``with tape.stop_recording():``)."""
        if not self._recording:
            raise ValueError("Tape must be recording when stop_recording is called.")
        return stop_recording(self)

    def reset(self):
        """Forgets everything recorded so far (the tape keeps recording if it was)."""
        self._clear()
        self._used = False

    # -- watching ------------------------------------------------------------------------------
    def watch(self, tensor):
        """Watches ``tensor`` (a tensor, a variable, or a nested structure of them)."""
        from .eager import EagerTensor
        for t in _flatten(tensor):
            if hasattr(t, "_unique_id"):  # a variable (tw's made eagerly, or Keras's)
                self._watch_variable(t)
            elif type(t) is EagerTensor:
                self._watched[id(t)] = t
            elif isinstance(t, _g.Tensor) or hasattr(t, "_as_tensor"):
                pass  # graph mode: tf.gradients differentiates with respect to anything
            else:
                raise ValueError(f"Passed in object {t!r} of type {type(t).__name__!r}, not "
                                 "tf.Tensor or tf.Variable or ExtensionType.")

    def _watch_variable(self, var):
        self._watched_vars.setdefault(var._unique_id, var)

    def watched_variables(self):
        """The variables this tape watched, in the order they were made (as TF gives them)."""
        return tuple(sorted(self._watched_vars.values(), key=lambda v: v._unique_id))

    # -- gradients -------------------------------------------------------------------------------
    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """The gradient of ``target`` (summed if it has several elements or is a structure)
        with respect to each of ``sources``, in the structure of ``sources``.

        Args:
            target: a tensor or a nested structure of tensors to differentiate.
            sources: a tensor or variable, or a nested structure of them.
            output_gradients: the gradients of ``target`` to start from (default: ones).
            unconnected_gradients: ``"none"`` (default) or ``"zero"``: what a source the
                target does not depend on gets.

        Raises:
            RuntimeError: a non-persistent tape is asked a second time.
        """
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians)")
        self._used = True
        mode = UnconnectedGradients(getattr(unconnected_gradients, "value",
                                            unconnected_gradients))
        flat_sources = _flatten(sources)
        targets = _flatten(target)
        outs = _flatten(output_gradients) if output_gradients is not None else None
        if outs is not None and len(outs) != len(targets):
            raise ValueError(f"Got {len(outs)} output_gradients for {len(targets)} targets")
        from .eager import EagerTensor
        if not targets or all(type(t) is EagerTensor or hasattr(t, "_unique_id")
                              for t in targets):
            with stop_recording(self) if self._recording else contextlib.nullcontext():
                grads = self._eager_gradient(targets, flat_sources, outs)
        else:
            grads = _graph_gradient(targets, flat_sources, outs)
        if mode is UnconnectedGradients.ZERO:
            from .ops.creation import zeros_like
            grads = [zeros_like(_value_of(s)) if g is None else g
                     for s, g in zip(flat_sources, grads)]
        if not self._persistent:
            self._release()
        return _pack_like(sources, grads)

    def _eager_gradient(self, targets, sources, outs):
        from .autodiff import _aggregate
        from .ops.creation import convert_to_tensor, ones_like
        grads = {}
        for i, y in enumerate(targets):
            if hasattr(y, "_unique_id"):  # a variable as the target: its latest read
                reads = self._reads.get(y._unique_id)
                if not reads:
                    continue
                y = reads[-1]
            if not (y._dtype.is_floating or y._dtype.is_complex):
                continue
            g = ones_like(y) if outs is None or outs[i] is None else \
                convert_to_tensor(outs[i], dtype=y._dtype)
            grads.setdefault(id(y), []).append(g)
        for prim, inputs, outputs in reversed(self._entries):
            out_grads = [_aggregate(grads.pop(id(o), None)) for o in outputs]
            if all(g is None for g in out_grads) or not prim.differentiable:
                continue
            for o, g in zip(outputs, out_grads):
                if g is not None:
                    grads[id(o)] = [g]  # kept: an output may also be a source
            watched = self._watched
            _registry._wanted[0] = [id(x) in watched for x in inputs]
            try:
                in_grads = _apply_rule(prim, inputs, outputs, out_grads)
            finally:
                _registry._wanted[0] = None
            for x, g in zip(inputs, in_grads):
                if g is None or not (x._dtype.is_floating or x._dtype.is_complex):
                    continue
                grads.setdefault(id(x), []).append(_match_shape(g, x))
        result = []
        for s in sources:
            if hasattr(s, "_unique_id"):
                gs = [g for r in self._reads.get(s._unique_id, ()) for g in
                      grads.get(id(r), ())]
            else:
                if not isinstance(s, _g.Tensor):
                    raise ValueError(f"Passed in object {s!r} of type {type(s).__name__!r}, "
                                     "not tf.Tensor or tf.Variable or ExtensionType.")
                gs = grads.get(id(s), ())
            dtype = _dt.as_dtype(s.dtype)  # a Keras variable's is a name
            result.append(_aggregate(list(gs)) if gs and (dtype.is_floating or
                                                          dtype.is_complex) else None)
        return result

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """The Jacobian of ``target`` with respect to each of ``sources``: for each source,
        a tensor of shape ``target.shape + source.shape``."""
        from .ops.creation import zeros_like
        from .ops.shape import reshape, stack
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians)")
        flat_sources = _flatten(sources)
        n = int(np.prod(target.shape.as_list()))
        rows = []
        persistent, self._persistent = self._persistent, True
        try:
            for k in range(n):
                seed = np.zeros(n, dtype=target.dtype.as_numpy_dtype)
                seed[k] = 1
                seed = seed.reshape(target.shape.as_list())
                rows.append(self.gradient(target, flat_sources, output_gradients=seed,
                                          unconnected_gradients=unconnected_gradients))
        finally:
            self._persistent = persistent
        result = []
        for j, s in enumerate(flat_sources):
            col = [r[j] for r in rows]
            if all(c is None for c in col):
                result.append(None)
                continue
            col = [zeros_like(_value_of(s)) if c is None else c for c in col]
            shape = target.shape.as_list() + _value_of(s).shape.as_list()
            result.append(reshape(stack(col), shape))
        if not self._persistent:
            self._release()
        return _pack_like(sources, result)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobians: for ``target`` (batch, ...) and ``source`` (batch, ...),
        a tensor of shape ``target.shape + source.shape[1:]`` whose ``[b]`` holds the
        derivatives of ``target[b]`` with respect to ``source[b]`` (examples independent).
        """
        tshape, sshape = target.shape.as_list(), _value_of(source).shape.as_list()
        if not tshape or not sshape or tshape[0] != sshape[0]:
            raise ValueError(f"Need first dimension of target shape ({tshape}) and source "
                             f"shape ({sshape}) to match.")
        full = self.jacobian(target, source, unconnected_gradients=unconnected_gradients)
        if full is None:
            return None
        return _batch_diagonal(full, len(tshape), tshape[0])


def _batch_diagonal(j, n_target, batch):
    """``j[b, ..., b, ...]`` for each ``b``: the per-example blocks of a full Jacobian of a
    target of rank ``n_target`` whose first dimension is the batch."""
    from .ops.creation import constant
    from .ops.indexing import gather_nd
    from .ops.shape import transpose
    rank = len(j.shape)
    perm = [0, n_target] + [d for d in range(1, rank) if d != n_target]
    moved = transpose(j, perm)  # (batch, batch, target dims..., source dims...)
    index = constant(np.stack([np.arange(batch), np.arange(batch)], axis=1))
    return gather_nd(moved, index)


def _apply_rule(prim, inputs, outputs, out_grads):
    from .ops.creation import zeros_like
    if len(outputs) != 1:
        filled = [g if g is not None else zeros_like(o) for g, o in zip(out_grads, outputs)]
        res = prim.gradient(filled, outputs, *inputs)
    else:
        res = prim.gradient(out_grads[0], outputs[0], *inputs)
    return list(res)


def _match_shape(g, x):
    """Reduces ``g`` (shaped like a possibly broadcast output) to the shape of ``x``."""
    if g._value.shape == x._value.shape:
        return g
    from .ops.shape import reduce_to_shape, shape as shape_of
    return reduce_to_shape(g, shape_of(x))


def _graph_gradient(targets, sources, outs):
    """Graph mode: the gradient ops, added by ``tf.gradients``; a variable that ``tw.function``
    captured has one read per write, and its gradient sums theirs."""
    from .autodiff import gradients, _aggregate
    xs, spans = [], []
    for s in sources:
        reads = s._graph_reads() if hasattr(s, "_graph_reads") else [s]
        spans.append((len(xs), len(reads)))
        xs.extend(reads)
    targets = [t._as_tensor() if hasattr(t, "_as_tensor") else t for t in targets]
    graph = next(t.graph for t in targets if type(t) is _g.Tensor)
    with graph.as_default():
        grads = gradients(targets, xs, grad_ys=outs) if xs else []
    return [_aggregate([g for g in grads[a:a + n] if g is not None]) for a, n in spans]


def _value_of(s):
    return s._as_tensor() if hasattr(s, "_as_tensor") else s



class _CustomGradient:
    """The tape's record of a ``custom_gradient`` call: its own gradient function."""

    differentiable = True
    type_name = "CustomGradient"

    def __init__(self, grad_fn, n_inputs, variables=()):
        self._grad_fn = grad_fn
        self._n = n_inputs
        self._variables = list(variables)  # read in f: their reads follow the inputs

    def gradient(self, g, y, *inputs):
        dys = g if isinstance(g, list) else [g]
        if self._variables:
            result = self._grad_fn(*dys, variables=self._variables)
            if not (isinstance(result, (list, tuple)) and len(result) == 2):
                raise ValueError("A custom gradient function of a function that uses "
                                 "variables must return (input gradients, variable "
                                 "gradients).")
            grads, var_grads = result
            var_grads = list(var_grads)
            if len(var_grads) != len(self._variables):
                raise ValueError(f"The custom gradient function returned {len(var_grads)} "
                                 f"variable gradients for {len(self._variables)} variables.")
        else:
            grads, var_grads = self._grad_fn(*dys), []
        grads = list(grads) if isinstance(grads, (list, tuple)) else [grads]
        if len(grads) != self._n:
            raise ValueError(f"The custom gradient function returned {len(grads)} gradients "
                             f"for {self._n} inputs.")
        from .ops.creation import convert_to_tensor
        return [None if gr is None else convert_to_tensor(gr) for gr in grads + var_grads]


def _takes_variables(fn):
    import inspect
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return "variables" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def custom_gradient(f=None):
    """Decorates ``f(*x) -> (y, grad_fn)`` so that tapes use ``grad_fn(dy) -> dx`` as the
    gradient of ``y`` (``tf.custom_gradient``), executing eagerly (and in ``tw.function``,
    which then runs eagerly). When ``f`` reads trainable variables, ``grad_fn`` takes them
    as ``variables=`` and returns ``(dx, [d variable, ...])``, as in TF 2 (a ``grad_fn``
    without that keyword is a TypeError then).

    Example:
        >>> @tw.custom_gradient
        ... def clip_grad(x):
        ...     return tw.identity(x), lambda dy: tw.clip_by_value(dy, -1.0, 1.0)
    """
    if f is None:
        return custom_gradient

    @functools.wraps(f)
    def decorated(*args, **kwargs):
        from .context import executing_eagerly
        from .function import fallback_if_tracing
        from .ops.creation import convert_to_tensor
        fallback_if_tracing("tf.custom_gradient")
        if not executing_eagerly():
            raise NotImplementedError("tf.custom_gradient works executing eagerly (and in "
                                      "tw.function); in graph mode: not yet.")
        inputs = [convert_to_tensor(a) for a in args]
        paused = [t for t in _active if t._recording]
        for t in paused:
            t._recording = False
        _update_flag()
        spy = GradientTape(persistent=True) if paused else None  # the variables f reads
        try:
            if spy is not None:
                with spy:
                    result, grad_fn = f(*inputs, **kwargs)
            else:
                result, grad_fn = f(*inputs, **kwargs)
        finally:
            for t in paused:
                t._recording = True
            _update_flag()
        outputs = [convert_to_tensor(r) for r in _flatten(result)]
        if _recording:
            variables = list(spy.watched_variables()) if spy is not None else []
            if variables and not _takes_variables(grad_fn):
                raise TypeError("If using @custom_gradient with a function that uses "
                                "variables, then grad_fn must accept a keyword argument "
                                "'variables'.")
            reads = [v.value() for v in variables]  # the outer tapes see these reads
            record(_CustomGradient(grad_fn, len(inputs), variables), inputs + reads, outputs)
        return _pack_like(result, outputs)
    return decorated
