"""``AdadeltaOptimizer``: TF 1.15's ``ApplyAdadelta``."""

from ..ops.creation import convert_to_tensor
from ..ops.math import rsqrt, sqrt, square
from .optimizer import Optimizer, cast_to

__all__ = ["AdadeltaOptimizer"]


class AdadeltaOptimizer(Optimizer):
    """Adadelta (Zeiler, 2012).

    Per step, with slots ``"accum"`` (``"<var>/Adadelta"``) and ``"accum_update"``
    (``"<var>/Adadelta_1"``), both zeros at first::

        accum = accum * rho + grad ** 2 * (1 - rho)
        update = sqrt(accum_update + epsilon) * rsqrt(accum + epsilon) * grad
        accum_update = accum_update * rho + update ** 2 * (1 - rho)
        var -= update * lr

    Args:
        learning_rate: a float, a scalar tensor, or a callable (TF's default 0.001; the
            paper's method corresponds to 1.0).
        rho: the decay rate.
        epsilon: the constant that conditions the update.
        use_locking: accepted for compatibility.
        name: the name scope of the update ops and the slots (default ``"Adadelta"``).

    Example:
        >>> train_op = tf.train.AdadeltaOptimizer(1.0).minimize(loss)
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False,
                 name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._rho = rho
        self._epsilon = epsilon
        self._lr_t = None
        self._rho_t = None
        self._epsilon_t = None

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "accum", self._name)
            self._zeros_slot(v, "accum_update", self._name)

    def _prepare(self):
        lr = self._call_if_callable(self._lr)
        rho = self._call_if_callable(self._rho)
        epsilon = self._call_if_callable(self._epsilon)
        self._lr_t = convert_to_tensor(lr, name="lr")
        self._rho_t = convert_to_tensor(rho, name="rho")
        self._epsilon_t = convert_to_tensor(epsilon, name="epsilon")

    _sparse_rows = True  # TF's SparseApplyAdadelta leaves unread rows alone

    def _apply_dense(self, grad, var):
        accum = self.get_slot(var, "accum")
        accum_update = self.get_slot(var, "accum_update")
        lr = cast_to(self._lr_t, var)
        rho = cast_to(self._rho_t, var)
        epsilon = cast_to(self._epsilon_t, var)
        accum_t = accum.assign(self._rows(accum * rho + square(grad) * (1 - rho), accum))
        update = sqrt(accum_update + epsilon) * rsqrt(accum_t + epsilon) * grad
        accum_update_t = accum_update.assign(self._rows(
            accum_update * rho + square(update) * (1 - rho), accum_update))
        with var.graph.control_dependencies([accum_update_t]):
            step = update * lr
            return var.assign_sub(self._rows(step, 0 * step), name="ApplyAdadelta").op
