"""``AdamOptimizer``: TF 1.15's ``ApplyAdam`` (epsilon outside the bias correction)."""

from .. import graph as _g
from ..ops import control as _control
from ..ops.creation import convert_to_tensor
from ..ops.math import sqrt, square
from .optimizer import Optimizer, cast_to

__all__ = ["AdamOptimizer"]


class AdamOptimizer(Optimizer):
    """Adam (Kingma & Ba, 2014) in TensorFlow 1's formulation.

    Per step ``t`` (``beta1_power = beta1 ** t`` and ``beta2_power = beta2 ** t`` are
    non-slot variables, ``"beta1_power"``/``"beta2_power"``; ``m`` and ``v`` are the slots
    ``"<var>/Adam"`` and ``"<var>/Adam_1"``)::

        lr_t = lr * sqrt(1 - beta2_power) / (1 - beta1_power)
        m += (grad - m) * (1 - beta1)
        v += (grad ** 2 - v) * (1 - beta2)
        var -= m * lr_t / (sqrt(v) + epsilon)

    ``epsilon`` is the paper's "epsilon hat": it is added to ``sqrt(v)``, not to the
    bias-corrected ``sqrt(v_hat)``. After the updates both powers are multiplied by their
    beta (in float32, cast to each variable's dtype when used).

    Args:
        learning_rate: a float, a scalar tensor, or a callable returning either.
        beta1: decay rate of the first-moment estimates.
        beta2: decay rate of the second-moment estimates.
        epsilon: small constant for numerical stability.
        use_locking: accepted for compatibility.
        name: the name scope of the update ops and the slots (default ``"Adam"``).

    Example:
        >>> train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8,
                 use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._beta1 = beta1
        self._beta2 = beta2
        self._epsilon = epsilon
        self._lr_t = None
        self._beta1_t = None
        self._beta2_t = None
        self._epsilon_t = None

    def _get_beta_accumulators(self):
        graph = _g.get_default_graph()
        return (self._get_non_slot_variable("beta1_power", graph=graph),
                self._get_non_slot_variable("beta2_power", graph=graph))

    def _create_slots(self, var_list):
        first_var = min(var_list, key=lambda x: x.name)
        self._create_non_slot_variable(initial_value=self._beta1, name="beta1_power",
                                       colocate_with=first_var)
        self._create_non_slot_variable(initial_value=self._beta2, name="beta2_power",
                                       colocate_with=first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self):
        lr = self._call_if_callable(self._lr)
        beta1 = self._call_if_callable(self._beta1)
        beta2 = self._call_if_callable(self._beta2)
        epsilon = self._call_if_callable(self._epsilon)
        self._lr_t = convert_to_tensor(lr, name="learning_rate")
        self._beta1_t = convert_to_tensor(beta1, name="beta1")
        self._beta2_t = convert_to_tensor(beta2, name="beta2")
        self._epsilon_t = convert_to_tensor(epsilon, name="epsilon")

    def _apply_dense(self, grad, var):
        m = self.get_slot(var, "m")
        v = self.get_slot(var, "v")
        beta1_power, beta2_power = self._get_beta_accumulators()
        beta1_power = cast_to(beta1_power.value(), var)
        beta2_power = cast_to(beta2_power.value(), var)
        lr = cast_to(self._lr_t, var)
        beta1 = cast_to(self._beta1_t, var)
        beta2 = cast_to(self._beta2_t, var)
        epsilon = cast_to(self._epsilon_t, var)
        alpha = lr * sqrt(1 - beta2_power) / (1 - beta1_power)
        m_t = m.assign_add((grad - m) * (1 - beta1))
        v_t = v.assign_add((square(grad) - v) * (1 - beta2))
        return var.assign_sub((m_t * alpha) / (sqrt(v_t) + epsilon), name="ApplyAdam").op

    def _finish(self, update_ops, name_scope):
        with _g.control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators()
            update_beta1 = beta1_power.assign(beta1_power * self._beta1_t)
            update_beta2 = beta2_power.assign(beta2_power * self._beta2_t)
        return _control.group(*update_ops, update_beta1, update_beta2, name=name_scope)
