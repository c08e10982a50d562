"""Optimizers: ``compute_gradients`` → ``apply_gradients`` (= ``minimize``).

``minimize`` adds gradient ops and update ops to the graph and returns the training op; the
variables change only when that op runs.
"""

from .. import graph as _g
from ..autodiff import gradients
from ..graph import GraphKeys
from ..ops import control as _control
from ..ops.creation import convert_to_tensor
from ..ops.math import cast, multiply
from ..variables import Variable

__all__ = ["Optimizer", "GradientDescentOptimizer"]


class Optimizer:
    """Base class. Subclasses implement ``_apply_dense(grad, var)`` (and may create slots).

    Args:
        use_locking: accepted for compatibility.
        name: name scope of the update ops (``"GradientDescent"`` …).
    """

    GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}

    def get_name(self):
        return self._name

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP,
                          aggregation_method=None, colocate_gradients_with_ops=False,
                          grad_loss=None):
        """A list of ``(gradient, variable)`` pairs (gradient None where unconnected).

        Raises:
            ValueError: when there is nothing to optimize.
            TypeError: when ``loss`` is not a floating tensor.
        """
        if callable(loss):
            loss = loss()
        loss = convert_to_tensor(loss)
        if not loss.dtype.is_floating:
            raise TypeError(f"loss must be a floating tensor, got {loss.dtype.name} "
                            f"({loss.name})")
        if var_list is None:
            var_list = _g.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        var_list = list(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        for v in var_list:
            if not isinstance(v, Variable):
                raise TypeError(f"Expected tf.Variable in var_list, got {type(v).__name__}: "
                                f"{v!r}")
        grads = gradients(loss, var_list, grad_ys=None if grad_loss is None else [grad_loss])
        return list(zip(grads, var_list))

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """An op applying the updates (and incrementing ``global_step`` after them).

        Raises:
            ValueError: when no variable has a gradient.
        """
        grads_and_vars = list(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        present = [(g, v) for g, v in grads_and_vars if g is not None]
        if not present:
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do not "
                "support gradients, between variables "
                f"{[v.name for _, v in grads_and_vars]} and loss.")
        graph = present[0][1].graph
        with graph.as_default(), graph.name_scope(name or self._name) as scope:
            self._prepare()
            updates = []
            for g, v in present:
                with graph.name_scope("update_" + v.op.name):
                    updates.append(self._apply_dense(g, v))
            if global_step is None:
                return _control.group(*updates, name=scope.rstrip("/").rsplit("/", 1)[-1])
            with graph.control_dependencies([_control.group(*updates, name="update")]):
                return global_step.assign_add(
                    cast(convert_to_tensor(1), global_step.dtype),
                    name=scope.rstrip("/").rsplit("/", 1)[-1]).op

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP,
                 aggregation_method=None, colocate_gradients_with_ops=False, name=None,
                 grad_loss=None):
        """``apply_gradients(compute_gradients(loss))``: the training op.

        Example:
            >>> train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
            >>> sess.run(train_op, feed_dict=...)
        """
        grads_and_vars = self.compute_gradients(loss, var_list, gate_gradients,
                                                aggregation_method,
                                                colocate_gradients_with_ops, grad_loss)
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def _prepare(self):
        pass

    def _apply_dense(self, grad, var):
        raise NotImplementedError

    def _lr(self, var):
        lr = self._learning_rate
        if callable(lr):
            lr = lr()
        lr = convert_to_tensor(lr, dtype_hint=var.dtype)
        return lr if lr.dtype == var.dtype else cast(lr, var.dtype)

    def variables(self):
        return [v for slots in self._slots.values() for v in slots.values()]

    def get_slot_names(self):
        return sorted(self._slots)

    def get_slot(self, var, name):
        return self._slots.get(name, {}).get(var)


class GradientDescentOptimizer(Optimizer):
    """``var -= learning_rate * grad``.

    Args:
        learning_rate: a float or a scalar tensor.
        name: defaults to ``"GradientDescent"``.
    """

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _apply_dense(self, grad, var):
        return var.assign_sub(multiply(self._lr(var), grad), name="ApplyGradientDescent").op
