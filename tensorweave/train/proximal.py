"""TF1's ``FtrlOptimizer``, ``ProximalGradientDescentOptimizer`` and
``ProximalAdagradOptimizer``: the update rules of TF's ``ApplyFtrlV2``,
``ApplyProximalGradientDescent`` and ``ApplyProximalAdagrad`` kernels, with TF's slot names.

The two proximal rules take a gradient step, then shrink it (L1: soft threshold; L2: scale)::

    prox = var - lr * grad
    var = sign(prox) * max(|prox| - lr * l1, 0) / (1 + lr * l2)

Their sparse kernels (a ``tf.gather``'s gradient) leave the rows it did not read alone, as
here (the shrinking would otherwise move them).
"""

import numbers

from .. import initializers as _init
from ..ops.creation import convert_to_tensor
from ..ops.math import abs as _abs
from ..ops.math import maximum, pow as _pow, rsqrt, sign, sqrt, square, where_v2
from .optimizer import Optimizer, cast_to

__all__ = ["FtrlOptimizer", "ProximalGradientDescentOptimizer", "ProximalAdagradOptimizer"]


def _shrink(prox, lr, l1, l2):
    """The proximal step: soft threshold by ``lr * l1``, then scale by ``1 / (1 + lr * l2)``."""
    scale = 1.0 + lr * l2
    if l1 is None:
        return prox / scale
    return sign(prox) * maximum(_abs(prox) - lr * l1, 0.0) / scale


def _positive(value, what, allow_zero=True):
    if isinstance(value, numbers.Real) and (value < 0.0 or (value == 0.0 and not allow_zero)):
        raise ValueError(f"{what} {value} must be {'non-negative' if allow_zero else 'positive'}")


class ProximalGradientDescentOptimizer(Optimizer):
    """Gradient descent followed by a proximal step (see the module's docstring).

    Args:
        learning_rate: a float, a scalar tensor, or a callable returning either.
        l1_regularization_strength, l2_regularization_strength: non-negative floats.
        use_locking: accepted for compatibility.
        name: the name scope of the update ops (default ``"ProximalGradientDescent"``).
    """

    _sparse_rows = True  # TF's SparseApplyProximalGradientDescent leaves unread rows alone

    def __init__(self, learning_rate, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False,
                 name="ProximalGradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._l1 = l1_regularization_strength
        self._l2 = l2_regularization_strength

    def _prepare(self):
        self._lr_t = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                       name="learning_rate")
        self._l1_t = convert_to_tensor(self._call_if_callable(self._l1), name="l1")
        self._l2_t = convert_to_tensor(self._call_if_callable(self._l2), name="l2")

    def _apply_dense(self, grad, var):
        lr, l1, l2 = (cast_to(t, var) for t in (self._lr_t, self._l1_t, self._l2_t))
        new = _shrink(var - lr * grad, lr, l1, l2)
        return var.assign(self._rows(new, var), name="ApplyProximalGradientDescent").op


class ProximalAdagradOptimizer(Optimizer):
    """Adagrad's per-element learning rate ``lr / sqrt(accum)`` (``accum += grad ** 2``)
    with the proximal step (see the module's docstring). Slot ``"accumulator"``
    (``"<var>/ProximalAdagrad"``, starting at ``initial_accumulator_value``)."""

    _sparse_rows = True  # TF's SparseApplyProximalAdagrad leaves unread rows alone

    def __init__(self, learning_rate, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="ProximalAdagrad"):
        _positive(initial_accumulator_value, "initial_accumulator_value", allow_zero=False)
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value
        self._l1 = l1_regularization_strength
        self._l2 = l2_regularization_strength

    def _create_slots(self, var_list):
        for v in var_list:
            init = _init.constant_initializer(self._initial_accumulator_value, dtype=v.dtype)
            self._get_or_make_slot_with_initializer(v, init, v.get_shape(), v.dtype,
                                                    "accumulator", self._name)

    _prepare = ProximalGradientDescentOptimizer._prepare

    def _apply_dense(self, grad, var):
        accum = self.get_slot(var, "accumulator")
        lr, l1, l2 = (cast_to(t, var) for t in (self._lr_t, self._l1_t, self._l2_t))
        accum_t = accum.assign(self._rows(accum + square(grad), accum))
        step = lr * rsqrt(accum_t)
        new = _shrink(var - step * grad, step, l1, l2)
        return var.assign(self._rows(new, var), name="ApplyProximalAdagrad").op


class FtrlOptimizer(Optimizer):
    """FTRL-Proximal (McMahan et al., 2013), TF1's ``FtrlOptimizer``. Slots ``"accum"``
    (``"<var>/Ftrl"``, starting at ``initial_accumulator_value``) and ``"linear"``
    (``"<var>/Ftrl_1"``, zeros). Per step, with ``p = -learning_rate_power``::

        g = grad + 2 * l2_shrinkage * var
        new_accum = accum + grad ** 2
        linear += g - (new_accum ** p - accum ** p) / lr * var
        quadratic = new_accum ** p / lr + 2 * l2
        var = (sign(linear) * l1 - linear) / quadratic  if |linear| > l1  else 0
        accum = new_accum

    Args:
        learning_rate: a positive float (or scalar tensor, or callable).
        learning_rate_power: at most 0 (``-0.5``: Adagrad-like).
        initial_accumulator_value: positive.
        l1_regularization_strength, l2_regularization_strength,
        l2_shrinkage_regularization_strength: non-negative.
        accum_name, linear_name: the slots' variable names (default: the optimizer's name).
    """

    _sparse_rows = True  # TF's SparseApplyFtrl leaves unread rows alone

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="Ftrl", accum_name=None, linear_name=None,
                 l2_shrinkage_regularization_strength=0.0, beta=None):
        super().__init__(use_locking, name)
        _positive(initial_accumulator_value, "initial_accumulator_value", allow_zero=True)
        if isinstance(learning_rate_power, numbers.Real) and learning_rate_power > 0:
            raise ValueError(f"learning_rate_power {learning_rate_power} must be a "
                             "non-positive number")
        for value, what in ((l1_regularization_strength, "l1_regularization_strength"),
                            (l2_regularization_strength, "l2_regularization_strength"),
                            (l2_shrinkage_regularization_strength,
                             "l2_shrinkage_regularization_strength")):
            _positive(value, what)
        self._learning_rate = learning_rate
        self._power = learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1 = l1_regularization_strength
        self._l2 = l2_regularization_strength
        self._shrinkage = l2_shrinkage_regularization_strength
        self._beta = 0.0 if beta is None else beta
        self._accum_name, self._linear_name = accum_name, linear_name

    def _create_slots(self, var_list):
        for v in var_list:
            init = _init.constant_initializer(self._initial_accumulator_value, dtype=v.dtype)
            self._get_or_make_slot_with_initializer(v, init, v.get_shape(), v.dtype, "accum",
                                                    self._accum_name or self._name)
            self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _prepare(self):
        def tensor(value, name):
            return convert_to_tensor(self._call_if_callable(value), name=name)
        self._lr_t = tensor(self._learning_rate, "learning_rate")
        self._l1_t = tensor(self._l1, "l1_regularization_strength")
        # TF adds beta / (2 * lr) to the L2 strength
        self._l2_t = tensor(self._l2, "l2_regularization_strength") + \
            self._beta / (2.0 * self._lr_t)
        self._power_t = tensor(self._power, "learning_rate_power")
        self._shrinkage_t = tensor(self._shrinkage, "l2_shrinkage_regularization_strength")

    def _apply_dense(self, grad, var):
        accum, linear = self.get_slot(var, "accum"), self.get_slot(var, "linear")
        lr, l1, l2, power, shrinkage = (cast_to(t, var) for t in (
            self._lr_t, self._l1_t, self._l2_t, self._power_t, self._shrinkage_t))
        g = grad + 2.0 * shrinkage * var
        new_accum = accum + square(grad)
        if isinstance(self._power, numbers.Real) and self._power == -0.5:
            old_p, new_p = sqrt(accum), sqrt(new_accum)
        else:
            old_p, new_p = _pow(accum, -power), _pow(new_accum, -power)
        linear_t = linear.assign(self._rows(linear + g - (new_p - old_p) / lr * var, linear))
        quadratic = new_p / lr + 2.0 * l2
        new = where_v2(_abs(linear_t) > l1, (sign(linear_t) * l1 - linear_t) / quadratic,
                       0.0 * linear_t)
        with _deps([linear_t]):
            accum_t = accum.assign(self._rows(new_accum, accum))
        with _deps([accum_t]):
            return var.assign(self._rows(new, var), name="ApplyFtrl").op


def _deps(ops):
    from ..graph import control_dependencies
    return control_dependencies(ops)
