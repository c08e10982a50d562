"""``RMSPropOptimizer``: TF 1.15's ``ApplyRMSProp`` / ``ApplyCenteredRMSProp``."""

from .. import initializers as _init
from ..ops.creation import convert_to_tensor
from ..ops.math import sqrt, square
from .optimizer import Optimizer, cast_to

__all__ = ["RMSPropOptimizer"]


class RMSPropOptimizer(Optimizer):
    """RMSProp (Tieleman & Hinton, 2012), with plain momentum.

    Per step, with slots ``"rms"`` (``"<var>/RMSProp"``, initialized to ONES as in
    TensorFlow 1), ``"mg"`` (centered only, zeros) and ``"momentum"`` (zeros)::

        ms += (grad ** 2 - ms) * (1 - decay)
        mg += (grad - mg) * (1 - decay)                                  # centered only
        denom = ms + epsilon                   # centered: (ms - mg ** 2) + epsilon
        mom = mom * momentum + grad * lr / sqrt(denom)
        var -= mom

    Args:
        learning_rate: a float, a scalar tensor, or a callable returning either.
        decay: discounting factor for the history of squared gradients.
        momentum: a float or a scalar tensor.
        epsilon: small value added to the mean square inside the square root.
        use_locking: accepted for compatibility.
        centered: normalize by the estimated variance of the gradient instead of its
            uncentered second moment.
        name: the name scope of the update ops and the slots (default ``"RMSProp"``).

    Example:
        >>> train_op = tf.train.RMSPropOptimizer(0.001, decay=0.9).minimize(loss)
    """

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10,
                 use_locking=False, centered=False, name="RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._decay = decay
        self._momentum = momentum
        self._epsilon = epsilon
        self._centered = centered
        self._learning_rate_tensor = None
        self._decay_tensor = None
        self._momentum_tensor = None
        self._epsilon_tensor = None

    def _create_slots(self, var_list):
        for v in var_list:
            if v.get_shape().is_fully_defined():
                self._get_or_make_slot_with_initializer(
                    v, _init.ones_initializer(dtype=v.dtype), v.get_shape(), v.dtype, "rms",
                    self._name)
            else:
                from ..ops.creation import ones_like
                self._get_or_make_slot(v, ones_like(v.initialized_value()), "rms",
                                       self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        lr = self._call_if_callable(self._learning_rate)
        decay = self._call_if_callable(self._decay)
        momentum = self._call_if_callable(self._momentum)
        epsilon = self._call_if_callable(self._epsilon)
        self._learning_rate_tensor = convert_to_tensor(lr, name="learning_rate")
        self._decay_tensor = convert_to_tensor(decay, name="decay")
        self._momentum_tensor = convert_to_tensor(momentum, name="momentum")
        self._epsilon_tensor = convert_to_tensor(epsilon, name="epsilon")

    _sparse_rows = True  # TF's SparseApplyRMSProp leaves unread rows alone

    def _apply_dense(self, grad, var):
        ms = self.get_slot(var, "rms")
        mom = self.get_slot(var, "momentum")
        lr = cast_to(self._learning_rate_tensor, var)
        rho = cast_to(self._decay_tensor, var)
        momentum = cast_to(self._momentum_tensor, var)
        epsilon = cast_to(self._epsilon_tensor, var)
        d_ms = (square(grad) - ms) * (1 - rho)
        ms_t = ms.assign_add(self._rows(d_ms, 0 * d_ms))
        if self._centered:
            mg = self.get_slot(var, "mg")
            d_mg = (grad - mg) * (1 - rho)
            mg_t = mg.assign_add(self._rows(d_mg, 0 * d_mg))
            denom = (ms_t - square(mg_t)) + epsilon
            kernel = "ApplyCenteredRMSProp"
        else:
            denom = ms_t + epsilon
            kernel = "ApplyRMSProp"
        mom_t = mom.assign(self._rows(mom * momentum + (grad * lr) / sqrt(denom), mom))
        return var.assign_sub(self._rows(mom_t, 0 * mom_t), name=kernel).op
