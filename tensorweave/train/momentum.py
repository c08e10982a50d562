"""``MomentumOptimizer``: heavy-ball (or Nesterov) momentum, TF 1.15's ``ApplyMomentum``."""

from ..ops.creation import convert_to_tensor
from .optimizer import Optimizer, cast_to

__all__ = ["MomentumOptimizer"]


class MomentumOptimizer(Optimizer):
    """Gradient descent with momentum.

    Per step, with ``accum`` the slot ``"momentum"`` (``"<var>/Momentum"``, zeros at first)::

        accum = accum * momentum + grad
        var -= lr * accum                                   # use_nesterov=False
        var -= grad * lr + accum * momentum * lr            # use_nesterov=True

    Args:
        learning_rate: a float, a scalar tensor, or a callable returning either.
        momentum: a float or a scalar tensor (or a callable).
        use_locking: accepted for compatibility.
        name: the name scope of the update ops and the slots (default ``"Momentum"``).
        use_nesterov: use Nesterov momentum (the gradient is still computed at ``var``).

    Example:
        >>> opt = tf.train.MomentumOptimizer(learning_rate=0.01, momentum=0.9)
        >>> train_op = opt.minimize(loss, global_step=tf.train.get_or_create_global_step())
    """

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum",
                 use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov
        self._learning_rate_tensor = None
        self._momentum_tensor = None

    _sparse_rows = True  # TF's SparseApplyMomentum leaves unread rows alone

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        learning_rate = self._call_if_callable(self._learning_rate)
        momentum = self._call_if_callable(self._momentum)
        self._learning_rate_tensor = convert_to_tensor(learning_rate, name="learning_rate")
        self._momentum_tensor = convert_to_tensor(momentum, name="momentum")

    def _apply_dense(self, grad, var):
        accum = self.get_slot(var, "momentum")
        lr = cast_to(self._learning_rate_tensor, var)
        momentum = cast_to(self._momentum_tensor, var)
        accum_t = accum.assign(self._rows(accum * momentum + grad, accum))
        if self._use_nesterov:
            step = grad * lr + accum_t * momentum * lr
        else:
            step = accum_t * lr
        return var.assign_sub(self._rows(step, 0 * step), name="ApplyMomentum").op
