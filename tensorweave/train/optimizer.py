"""Optimizers: ``compute_gradients`` → ``apply_gradients`` (= ``minimize``), as in TF 1.15.

``minimize`` adds gradient ops and update ops to the graph and returns the training op; the
variables change only when that op runs. The graph matches TensorFlow's:

- slots are created first (outside any control dependency), named ``"w/Momentum"``,
  ``"w/Adam"``, ``"w/Adam_1"`` … and non-slot variables such as ``"beta1_power"``;
- hyperparameters become tensors in ``_prepare`` inside the optimizer's name scope
  (``"Adam/learning_rate"``) and are cast to each variable's dtype;
- each variable's update lives in ``"<name>/update_<var>/"``, ending in the op TensorFlow's
  fused kernel is named after (``"Adam/update_w/ApplyAdam"``);
- ``_finish`` groups the updates into the returned op (``"Adam"``), or into ``"Adam/update"``
  followed by ``global_step += 1`` (named ``"Adam"``) when a ``global_step`` is given.

The updates are built from public ops and ``Variable.assign``/``assign_add``/``assign_sub``,
so the fused kernels' formulas are written here as graph expressions, in the kernels' order
of operations (which fixes the rounding).
"""

from .. import dtypes as _dt
from .. import graph as _g
from ..autodiff import gradients
from ..graph import GraphKeys
from ..ops import control as _control
from ..ops.creation import convert_to_tensor
from ..ops.math import cast, multiply
from ..variables import Variable
from . import slot_creator

__all__ = ["Optimizer", "GradientDescentOptimizer"]


class Optimizer:
    """Base class of the ``tf.train`` optimizers.

    Subclasses implement ``_create_slots(var_list)``, ``_prepare()``,
    ``_apply_dense(grad, var)`` (returning an Operation) and optionally
    ``_finish(update_ops, name_scope)``. Users call ``minimize`` or the pair
    ``compute_gradients`` / ``apply_gradients``.

    Args:
        use_locking: accepted for compatibility (updates never race here).
        name: name of the optimizer: the name scope of its update ops and of its slots.

    Raises:
        ValueError: if ``name`` is empty.

    Example:
        >>> class SignSGD(tf.train.Optimizer):
        ...     def __init__(self, learning_rate, name="SignSGD"):
        ...         super().__init__(False, name)
        ...         self._lr = learning_rate
        ...     def _apply_dense(self, grad, var):
        ...         return var.assign_sub(self._lr * tf.sign(grad)).op
        >>> train_op = SignSGD(0.01).minimize(loss)
    """

    GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}  # slot name -> {variable: slot variable}
        self._non_slot_dict = {}  # (name, graph) -> variable (``beta1_power`` …)

    def get_name(self):
        """The optimizer's name (``"Adam"`` …)."""
        return self._name

    # -- the public API ------------------------------------------------------------------------
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        """Adds the ops that minimize ``loss`` by updating ``var_list``; returns the train op.

        ``apply_gradients(compute_gradients(loss, var_list))`` in one call.

        Args:
            loss: the scalar tensor to minimize (or a callable returning it).
            global_step: optional variable incremented by one after the updates.
            var_list: variables to update (default: the ``TRAINABLE_VARIABLES`` collection).
            gate_gradients: ``GATE_NONE``, ``GATE_OP`` or ``GATE_GRAPH``.
            aggregation_method, colocate_gradients_with_ops: accepted for compatibility.
            name: name of the returned operation (default: the optimizer's name).
            grad_loss: optional gradient of ``loss`` to start from.

        Returns:
            An Operation that applies one step (and increments ``global_step``).

        Raises:
            ValueError: when no variable receives a gradient from ``loss``, or there are no
                variables to optimize.
            TypeError: when ``var_list`` holds something other than Variables.

        Example:
            >>> train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
            >>> sess.run(train_op, feed_dict=...)
        """
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        require_gradients(grads_and_vars, loss)
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP,
                          aggregation_method=None, colocate_gradients_with_ops=False,
                          grad_loss=None):
        """The gradients of ``loss`` for the variables in ``var_list``.

        Args:
            loss: the scalar tensor to minimize (or a callable returning it).
            var_list: variables (default: the graph's ``TRAINABLE_VARIABLES``).
            gate_gradients: ``GATE_NONE``, ``GATE_OP`` or ``GATE_GRAPH`` (with
                ``GATE_GRAPH`` every gradient is available only after all are computed).
            aggregation_method, colocate_gradients_with_ops: accepted for compatibility.
            grad_loss: optional gradient of ``loss`` to start from.

        Returns:
            A list of ``(gradient, variable)`` pairs; the gradient is None for a variable
            that ``loss`` does not depend on.

        Raises:
            ValueError: when there are no variables to optimize, ``gate_gradients`` is
                invalid, or ``loss`` (or a variable) is not of a floating type.
            TypeError: when ``var_list`` holds something other than Variables.

        Example:
            >>> grads_and_vars = opt.compute_gradients(loss, var_list=[w, b])
            >>> clipped = [(tf.clip_by_norm(g, 1.0), v) for g, v in grads_and_vars]
            >>> train_op = opt.apply_gradients(clipped)
        """
        if callable(loss):
            loss = loss()
        loss = convert_to_tensor(loss)
        if gate_gradients not in (Optimizer.GATE_NONE, Optimizer.GATE_OP,
                                  Optimizer.GATE_GRAPH):
            raise ValueError("gate_gradients must be one of: Optimizer.GATE_NONE, "
                             f"Optimizer.GATE_OP, Optimizer.GATE_GRAPH.  Not {gate_gradients}")
        self._assert_valid_dtypes([loss])
        if grad_loss is not None:
            grad_loss = convert_to_tensor(grad_loss)
            self._assert_valid_dtypes([grad_loss])
        if var_list is None:
            var_list = loss.graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        else:
            var_list = _flatten(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        for v in var_list:  # variables, or tensors (their gradients only: TF's rule)
            if not isinstance(v, (Variable, _g.Tensor)):
                raise TypeError(f"Trying to optimize unsupported type {type(v).__name__}: "
                                f"{v!r}; var_list must hold tf.Variable objects.")
        grads = gradients(loss, var_list, grad_ys=None if grad_loss is None else [grad_loss],
                          gate_gradients=gate_gradients == Optimizer.GATE_OP,
                          aggregation_method=aggregation_method,
                          colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gate_gradients == Optimizer.GATE_GRAPH:
            grads = _control.tuple(grads)
        grads_and_vars = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in grads_and_vars if g is not None])
        return grads_and_vars

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """An operation that applies the gradients (and then increments ``global_step``).

        Args:
            grads_and_vars: ``(gradient, variable)`` pairs, as ``compute_gradients`` returns;
                pairs whose gradient is None are skipped.
            global_step: optional variable incremented by one after the updates.
            name: name of the returned operation (default: the optimizer's name).

        Returns:
            The training Operation (also added to the ``TRAIN_OP`` collection).

        Raises:
            TypeError: if ``grads_and_vars`` is malformed.
            ValueError: if it is empty or no variable has a gradient.

        Example:
            >>> grads_and_vars = opt.compute_gradients(loss)
            >>> train_op = opt.apply_gradients(grads_and_vars, global_step=step)
        """
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        converted = []
        for pair in grads_and_vars:
            try:
                g, v = pair
            except (TypeError, ValueError):
                raise TypeError("grads_and_vars must be a list of (gradient, variable) pairs, "
                                f"got {pair!r}") from None
            if g is not None:
                try:
                    g = convert_to_tensor(g)
                except (TypeError, ValueError):
                    raise TypeError("Gradient must be convertible to a Tensor or "
                                    f"IndexedSlices, or None: {g!r}") from None
            if not isinstance(v, Variable):
                raise TypeError(f"Trying to update unsupported type {type(v).__name__}: "
                                f"{v!r}; expected a tf.Variable.")
            converted.append((g, v))
        var_list = [v for g, v in converted if g is not None]
        if not var_list:
            raise ValueError("No gradients provided for any variable: "
                             f"{[str(v) for _, v in converted]}.")
        graph = var_list[0].graph
        with graph.as_default():
            with graph.control_dependencies(None):  # TF's init_scope
                self._create_slots(var_list)
            update_ops = []
            with graph.name_scope(name or self._name) as scope:
                self._prepare()
                for g, v in converted:
                    if g is None:
                        continue
                    with graph.name_scope("update_" + v.op.name):
                        self._row_mask = _gathered_rows(g, v) if self._sparse_rows else None
                        try:
                            update = self._apply_dense(g, v)
                        finally:
                            self._row_mask = None
                        if getattr(v, "constraint", None) is not None:
                            # TF applies a variable's constraint to its updated value
                            with graph.control_dependencies([update]):
                                update = v.assign(v.constraint(v.read_value()))
                        update_ops.append(update)
                if global_step is None:
                    apply_updates = self._finish(update_ops, scope)
                else:
                    with graph.control_dependencies([self._finish(update_ops, "update")]):
                        apply_updates = global_step.assign_add(1, name=scope).op
            train_ops = graph.get_collection_ref(GraphKeys.TRAIN_OP)
            if apply_updates not in train_ops:
                train_ops.append(apply_updates)
        return apply_updates

    def get_slot(self, var, name):
        """The slot variable ``name`` (``"m"``, ``"momentum"`` …) made for ``var``, or None.

        Example:
            >>> opt.minimize(loss)
            >>> opt.get_slot(w, "momentum")     # <tf.Variable 'w/Momentum:0' ...>
        """
        return self._slots.get(name, {}).get(var)

    def get_slot_names(self):
        """The sorted names of the slots this optimizer creates (``["m", "v"]`` for Adam)."""
        return sorted(self._slots)

    def variables(self):
        """The optimizer's variables in the default graph (slots and non-slot variables such
        as ``beta1_power``), sorted by name."""
        graph = _g.get_default_graph()
        found = [v for (_, g), v in self._non_slot_dict.items() if g is graph]
        for slots in self._slots.values():
            found.extend(v for v in slots.values() if v.graph is graph)
        return sorted(found, key=lambda v: v.name)

    # -- for subclasses ------------------------------------------------------------------------
    def _create_slots(self, var_list):
        """Creates the slots ``var_list`` needs (called once per ``apply_gradients``)."""

    def _prepare(self):
        """Creates the hyperparameter tensors, inside the optimizer's name scope."""

    def _apply_dense(self, grad, var):
        """The Operation that updates ``var`` given its (dense) gradient ``grad``."""
        raise NotImplementedError()

    # Optimizers whose TF kernels have sparse versions that leave the rows a tf.gather did
    # not read untouched (SparseApplyMomentum, SparseApplyRMSProp, SparseApplyAdadelta) set
    # this; their updates go through ``_rows`` (for GD, Adagrad and Adam the dense update
    # already leaves those rows as TF's sparse one does).
    _sparse_rows = False
    _row_mask = None

    def _rows(self, value, current):
        """``value`` on the rows of the current sparse gradient, ``current`` elsewhere."""
        if self._row_mask is None:
            return value
        from ..ops.math import where_v2
        return where_v2(self._row_mask, value, current)

    def _finish(self, update_ops, name_scope):
        """The Operation grouping ``update_ops`` (named ``name_scope``)."""
        return _control.group(*update_ops, name=name_scope)

    def _valid_dtypes(self):
        return {_dt.float16, _dt.float32, _dt.float64}

    def _assert_valid_dtypes(self, tensors):
        valid = self._valid_dtypes()
        for t in tensors:
            if t.dtype not in valid:
                raise ValueError(
                    f"Invalid type {t.dtype!r} for {t.name}, expected: "
                    f"{sorted(valid, key=lambda d: d.name)}.")

    @staticmethod
    def _call_if_callable(param):
        return param() if callable(param) else param

    def _slot_dict(self, slot_name):
        return self._slots.setdefault(slot_name, {})

    def _get_or_make_slot(self, var, val, slot_name, op_name):
        """The slot ``slot_name`` of ``var``, created from the tensor ``val`` if missing."""
        named_slots = self._slot_dict(slot_name)
        if var not in named_slots:
            named_slots[var] = slot_creator.create_slot(var, val, op_name)
        return named_slots[var]

    def _get_or_make_slot_with_initializer(self, var, initializer, shape, dtype, slot_name,
                                           op_name):
        """The slot ``slot_name`` of ``var``, created with ``initializer`` if missing."""
        named_slots = self._slot_dict(slot_name)
        if var not in named_slots:
            named_slots[var] = slot_creator.create_slot_with_initializer(
                var, initializer, _g.TensorShape(shape), dtype, op_name)
        return named_slots[var]

    def _zeros_slot(self, var, slot_name, op_name):
        """The slot ``slot_name`` of ``var``, created as zeros if missing."""
        named_slots = self._slot_dict(slot_name)
        if var not in named_slots:
            named_slots[var] = slot_creator.create_zeros_slot(var, op_name)
        return named_slots[var]

    def _create_non_slot_variable(self, initial_value, name, colocate_with):
        """A variable of the optimizer itself (``beta1_power``), one per graph."""
        graph = colocate_with.graph
        key = (name, graph)
        v = self._non_slot_dict.get(key)
        if v is None:
            with graph.as_default(), graph.control_dependencies(None):
                v = Variable(initial_value, name=name, trainable=False)
            self._non_slot_dict[key] = v
        return v

    def _get_non_slot_variable(self, name, graph=None):
        return self._non_slot_dict.get((name, graph or _g.get_default_graph()))

    def _non_slot_variables(self):
        return list(self._non_slot_dict.values())


def _flatten(values):
    if isinstance(values, (list, tuple)):
        out = []
        for v in values:
            out.extend(_flatten(v))
        return out
    if isinstance(values, (set, frozenset)) or hasattr(values, "__next__"):
        return _flatten(list(values))
    return [values]


def require_gradients(grads_and_vars, loss):
    """Raises ValueError (naming the variables and ``loss``) when no gradient is given."""
    if not any(g is not None for g, _ in grads_and_vars):
        loss_text = getattr(loss, "__name__", repr(loss)) if callable(loss) else loss
        raise ValueError(
            "No gradients provided for any variable, check your graph for ops that do not "
            "support gradients, between variables "
            f"{[str(v) for _, v in grads_and_vars]} and loss {loss_text}.")


def _gathered_rows(grad, var):
    """For the gradient of ``tf.gather(var, indices)`` (a GatherGrad op, as TF's
    IndexedSlices): a bool tensor, True on the rows the gather read, shaped to broadcast
    against ``var``; else None."""
    op = grad.op
    if op.type != "GatherGrad" or op.primitive.axis != 0 or var.shape.ndims is None:
        return None
    from ..ops.shape import GatherGrad, shape, reshape
    from ..ops.creation import ones_like
    from ..ops.math import greater, cast
    indices = reshape(op.inputs[1], [-1])
    rows = shape(var, out_type=indices.dtype)[:1]
    counts = GatherGrad(0).bind(rows, indices, ones_like(cast(indices, var.dtype)))
    mask = greater(counts, cast(0, var.dtype))
    return reshape(mask, [-1] + [1] * (var.shape.ndims - 1))


def cast_to(value, var):
    """``value`` (a tensor made in ``_prepare``) as ``var``'s dtype (TF casts every
    hyperparameter to the variable's base dtype)."""
    return cast(value, var.dtype)


class GradientDescentOptimizer(Optimizer):
    """Plain gradient descent: ``var -= learning_rate * grad``.

    Args:
        learning_rate: a float, a scalar tensor, or a callable returning either (called
            when the update ops are built).
        use_locking: accepted for compatibility.
        name: the name scope of the update ops (default ``"GradientDescent"``).

    Example:
        >>> opt = tf.train.GradientDescentOptimizer(learning_rate=0.1)
        >>> train_op = opt.minimize(loss)
    """

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._learning_rate_tensor = None

    def _prepare(self):
        lr = self._call_if_callable(self._learning_rate)
        self._learning_rate_tensor = convert_to_tensor(lr, name="learning_rate")

    def _apply_dense(self, grad, var):
        lr = cast_to(self._learning_rate_tensor, var)
        return var.assign_sub(multiply(grad, lr), name="ApplyGradientDescent").op
