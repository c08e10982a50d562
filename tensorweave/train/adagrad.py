"""``AdagradOptimizer``: TF 1.15's ``ApplyAdagrad``."""

import numbers

from .. import initializers as _init
from ..ops.creation import convert_to_tensor
from ..ops.math import rsqrt, square
from .optimizer import Optimizer, cast_to

__all__ = ["AdagradOptimizer"]


class AdagradOptimizer(Optimizer):
    """Adagrad: per-element learning rates from the sum of squared gradients.

    Per step, with ``accum`` the slot ``"accumulator"`` (``"<var>/Adagrad"``, starting at
    ``initial_accumulator_value``)::

        accum += grad ** 2
        var -= grad * lr * rsqrt(accum)

    Args:
        learning_rate: a float, a scalar tensor, or a callable returning either.
        initial_accumulator_value: the accumulators' starting value; must be positive.
        use_locking: accepted for compatibility.
        name: the name scope of the update ops and the slots (default ``"Adagrad"``).

    Raises:
        ValueError: if ``initial_accumulator_value`` is not positive.

    Example:
        >>> train_op = tf.train.AdagradOptimizer(0.1).minimize(loss)
    """

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False,
                 name="Adagrad"):
        if isinstance(initial_accumulator_value, numbers.Real) and \
                initial_accumulator_value <= 0.0:
            raise ValueError("initial_accumulator_value must be positive: "
                             f"{initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value
        self._learning_rate_tensor = None

    def _create_slots(self, var_list):
        for v in var_list:
            if v.get_shape().is_fully_defined():
                init = _init.constant_initializer(self._initial_accumulator_value,
                                                  dtype=v.dtype)
                self._get_or_make_slot_with_initializer(v, init, v.get_shape(), v.dtype,
                                                        "accumulator", self._name)
            else:
                from ..ops.creation import ones_like
                val = ones_like(v.initialized_value()) * self._initial_accumulator_value
                self._get_or_make_slot(v, val, "accumulator", self._name)

    def _prepare(self):
        learning_rate = self._call_if_callable(self._learning_rate)
        self._learning_rate_tensor = convert_to_tensor(learning_rate, name="learning_rate")

    def _apply_dense(self, grad, var):
        accum = self.get_slot(var, "accumulator")
        lr = cast_to(self._learning_rate_tensor, var)
        accum_t = accum.assign_add(square(grad))
        return var.assign_sub(grad * lr * rsqrt(accum_t), name="ApplyAdagrad").op
