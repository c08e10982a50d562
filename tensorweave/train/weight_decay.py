"""Decoupled weight decay (Loshchilov & Hutter): ``tf.contrib.opt``'s ``AdamWOptimizer``,
``MomentumWOptimizer`` and ``extend_with_decoupled_weight_decay``.

As in TF 1.15's contrib, each variable is first decayed by ``var -= weight_decay * var``
(the decay is NOT multiplied by the learning rate), then the base optimizer's update is
applied to the decayed variable with the gradient computed at the old value.
"""

import numbers

from ..ops import control as _control
from ..ops.creation import convert_to_tensor
from ..ops.math import multiply
from .adam import AdamOptimizer
from .momentum import MomentumOptimizer
from .optimizer import Optimizer, cast_to, require_gradients

__all__ = ["DecoupledWeightDecayExtension", "extend_with_decoupled_weight_decay",
           "AdamWOptimizer", "MomentumWOptimizer"]


class DecoupledWeightDecayExtension:
    """Mixin adding decoupled weight decay to an ``Optimizer`` subclass.

    Put it first among the bases: ``class MyW(DecoupledWeightDecayExtension, MyOpt)``.
    ``minimize`` and ``apply_gradients`` take ``decay_var_list``: the variables to decay
    (default: every variable that is updated).

    Args:
        weight_decay: a float, a scalar tensor or a callable: the fraction of each variable
            removed per step.
        **kwargs: the base optimizer's arguments.
    """

    def __init__(self, weight_decay, **kwargs):
        self._decay_var_list = None
        self._weight_decay = weight_decay
        self._weight_decay_tensor = None
        super().__init__(**kwargs)

    def minimize(self, loss, global_step=None, var_list=None,
                 gate_gradients=Optimizer.GATE_OP, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None,
                 decay_var_list=None):
        """``Optimizer.minimize`` that also decays ``decay_var_list`` (default: every
        updated variable).

        TF 1.15's contrib drops ``decay_var_list`` here (its ``minimize`` calls
        ``apply_gradients`` without it, which resets it); this one passes it on, as
        documented.
        """
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        require_gradients(grads_and_vars, loss)
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name,
                                    decay_var_list=decay_var_list)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None,
                        decay_var_list=None):
        """``Optimizer.apply_gradients`` that also decays ``decay_var_list`` (default:
        every variable with a gradient)."""
        self._decay_var_list = set(decay_var_list) if decay_var_list else False
        return super().apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def _prepare(self):
        weight_decay = self._call_if_callable(self._weight_decay)
        self._weight_decay_tensor = convert_to_tensor(weight_decay, name="weight_decay")
        super()._prepare()

    def _decay_weights_op(self, var):
        if not self._decay_var_list or var in self._decay_var_list:
            if isinstance(self._weight_decay, numbers.Real):
                decay = multiply(self._weight_decay, var)  # the Python number in var's dtype
            else:
                decay = multiply(cast_to(self._weight_decay_tensor, var), var)
            return var.assign_sub(decay).op
        return _control.no_op()

    def _apply_dense(self, grad, var):
        with var.graph.control_dependencies([self._decay_weights_op(var)]):
            return super()._apply_dense(grad, var)


def extend_with_decoupled_weight_decay(base_optimizer):
    """A subclass of ``base_optimizer`` taking ``weight_decay`` as its first argument.

    Example:
        >>> AdamW = tf.contrib.opt.extend_with_decoupled_weight_decay(tf.train.AdamOptimizer)
        >>> opt = AdamW(weight_decay=1e-4, learning_rate=1e-3)
    """

    class OptimizerWithDecoupledWeightDecay(DecoupledWeightDecayExtension, base_optimizer):
        def __init__(self, weight_decay, *args, **kwargs):
            super().__init__(weight_decay, *args, **kwargs)

    OptimizerWithDecoupledWeightDecay.__name__ = base_optimizer.__name__ + "WithDecay"
    return OptimizerWithDecoupledWeightDecay


class AdamWOptimizer(DecoupledWeightDecayExtension, AdamOptimizer):
    """Adam with decoupled weight decay (``tf.contrib.opt.AdamWOptimizer``).

    Per step: ``var -= weight_decay * var``, then the Adam update (see ``AdamOptimizer``).
    Slots are ``"<var>/AdamW"`` and ``"<var>/AdamW_1"``.

    Args:
        weight_decay: fraction of each variable removed per step (not scaled by the
            learning rate).
        learning_rate, beta1, beta2, epsilon: as ``AdamOptimizer``.
        use_locking: accepted for compatibility.
        name: default ``"AdamW"``.

    Example:
        >>> opt = tf.contrib.opt.AdamWOptimizer(weight_decay=1e-4, learning_rate=1e-3)
        >>> train_op = opt.minimize(loss)
    """

    def __init__(self, weight_decay, learning_rate=0.001, beta1=0.9, beta2=0.999,
                 epsilon=1e-8, use_locking=False, name="AdamW"):
        super().__init__(weight_decay, learning_rate=learning_rate, beta1=beta1, beta2=beta2,
                         epsilon=epsilon, use_locking=use_locking, name=name)


class MomentumWOptimizer(DecoupledWeightDecayExtension, MomentumOptimizer):
    """Momentum with decoupled weight decay (``tf.contrib.opt.MomentumWOptimizer``).

    Per step: ``var -= weight_decay * var``, then the momentum update.

    Args:
        weight_decay: fraction of each variable removed per step.
        learning_rate, momentum, use_nesterov: as ``MomentumOptimizer``.
        use_locking: accepted for compatibility.
        name: default ``"MomentumW"``.

    Example:
        >>> opt = tf.contrib.opt.MomentumWOptimizer(1e-4, learning_rate=0.1, momentum=0.9)
    """

    def __init__(self, weight_decay, learning_rate, momentum, use_locking=False,
                 name="MomentumW", use_nesterov=False):
        super().__init__(weight_decay, learning_rate=learning_rate, momentum=momentum,
                         use_locking=use_locking, name=name, use_nesterov=use_nesterov)
