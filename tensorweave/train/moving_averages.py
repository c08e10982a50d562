"""``tf.train.ExponentialMovingAverage``: shadow copies of variables (or tensors) that track
their exponential moving average, as TF1 tutorials use for evaluation weights and for smoothed
loss curves.

Per ``apply`` run, for every averaged value ``x`` with its shadow variable ``s``::

    decay = min(decay, (1 + num_updates) / (10 + num_updates))   # only with num_updates
    s -= (s - x) * (1 - decay)

``1 - decay`` is computed in float32 (the decay's dtype) and then cast to ``x``'s dtype.
A variable's shadow starts at the variable's initial value; a tensor's starts at zeros (and,
with ``zero_debias=True``, is kept as ``biased / (1 - decay ** step)``).
"""

from .. import dtypes as _dt
from .. import graph as _g
from .. import initializers as _init
from ..graph import GraphKeys
from ..ops import control as _control
from ..ops import math as _m
from ..ops.creation import convert_to_tensor
from ..variable_scope import get_variable, variable_scope
from ..variables import Variable

__all__ = ["ExponentialMovingAverage"]

_FLOATS = (_dt.float16, _dt.float32, _dt.float64)


def _key(value):
    return id(value)


class ExponentialMovingAverage:
    """Keeps exponential moving averages of variables or tensors in shadow variables.

    Args:
        decay: a float (or float32 scalar tensor) in [0, 1], typically close to 1 (0.999).
        num_updates: None, or an integer count (a tensor such as the global step, or a
            Python int); with it the decay used is ``min(decay, (1 + n) / (10 + n))``, so
            early averages move faster.
        zero_debias: for averaged *tensors*, correct the zero start (variables start from
            their initial value and are never debiased).
        name: the name of the update op and the suffix of shadow variables
            (``"<var>/ExponentialMovingAverage"``).

    Example:
        >>> ema = tf.train.ExponentialMovingAverage(0.999, num_updates=global_step)
        >>> with tf.control_dependencies([train_step]):
        ...     train_op = ema.apply(tf.trainable_variables())
        >>> saver = tf.train.Saver(ema.variables_to_restore())   # evaluate with the averages
    """

    def __init__(self, decay, num_updates=None, zero_debias=False,
                 name="ExponentialMovingAverage"):
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages = {}      # id(var or tensor) -> (var or tensor, shadow Variable)
        self._debias = {}        # id(tensor) -> (biased Variable, local_step Variable)

    @property
    def name(self):
        """The name given at construction (the update op's name and the shadow suffix)."""
        return self._name

    def _check(self, value):
        if isinstance(value, (int, float, bool)) or not hasattr(value, "dtype"):
            # Python's own message for ``value.dtype``, as TF raises it
            raise AttributeError(f"'{type(value).__name__}' object has no attribute 'dtype'")
        if value.dtype.base_dtype not in _FLOATS:
            raise TypeError(f"The variables must be half, float, or double: {value.name}")

    def _create_shadow(self, value):
        primary_name = value.op.name
        with variable_scope(None, default_name=primary_name + "/" + self._name):
            if isinstance(value, Variable):
                init_value = value.initialized_value()

                def initial_value(shape=None, dtype=None, partition_info=None):
                    return init_value
                shape = value.get_shape()
                shadow = get_variable("", shape=shape.as_list() if shape.ndims is not None
                                      else [], dtype=value.dtype.base_dtype,
                                      initializer=initial_value, trainable=False,
                                      validate_shape=shape.is_fully_defined())
                return shadow, None
            shape = value.get_shape()
            if not shape.is_fully_defined():
                raise ValueError(
                    f"ExponentialMovingAverage needs a fully defined shape to average the "
                    f"tensor {value.name}, but its shape is {shape}; set its shape (or "
                    f"average a Variable) first")
            dtype = value.dtype.base_dtype
            shadow = get_variable("", shape=shape.as_list(), dtype=dtype,
                                  initializer=_init.zeros_initializer(), trainable=False)
            debias = None
            if self._zero_debias:
                biased = get_variable("biased", shape=shape.as_list(), dtype=dtype,
                                      initializer=_init.zeros_initializer(), trainable=False)
                step = get_variable("local_step", shape=[], dtype=dtype,
                                    initializer=_init.zeros_initializer(), trainable=False)
                debias = (biased, step)
            return shadow, debias

    def apply(self, var_list=None):
        """Creates the shadow variables (once per value) and returns the op updating them.

        Args:
            var_list: Variables and/or float Tensors to average; default
                ``tf.trainable_variables()``. Averaged Variables are added to
                ``GraphKeys.MOVING_AVERAGE_VARIABLES``.

        Returns:
            An Operation (named like the average, ``"ExponentialMovingAverage"``) that
            updates every shadow variable once. Wrap it in ``tf.control_dependencies`` on
            the training step so the averages see the updated weights.

        Raises:
            TypeError: a value that is not half, float or double.
        """
        if var_list is None:
            var_list = _g.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        var_list = list(var_list)
        for value in var_list:
            self._check(value)
        for value in var_list:
            if _key(value) in self._averages:
                continue
            # shadows are created outside any control_dependencies block (their initializers
            # must not wait for the training step the update is usually chained to)
            with _g.get_default_graph().control_dependencies(None):
                shadow, debias = self._create_shadow(value)
            self._averages[_key(value)] = (value, shadow)
            if debias is not None:
                self._debias[_key(value)] = debias
            if isinstance(value, Variable):
                _g.add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, value)

        with _g.name_scope(self._name) as scope:
            decay = convert_to_tensor(self._decay, dtype=_dt.float32, name="decay")
            if self._num_updates is not None:
                n = self._num_updates
                n = n.read_value() if isinstance(n, Variable) else convert_to_tensor(n)
                n = _m.cast(n, _dt.float32, name="num_updates")
                decay = _m.minimum(decay, _m.truediv(_m.add(1.0, n), _m.add(10.0, n)))
            one_minus_decay = _m.subtract(1.0, decay)
            updates = []
            for value in var_list:
                _, shadow = self._averages[_key(value)]
                updates.append(self._update(value, shadow, one_minus_decay))
            return _control.group(*updates, name=scope)

    def _update(self, value, shadow, one_minus_decay):
        dtype = shadow.dtype.base_dtype
        with _g.name_scope(None, "AssignMovingAvg", [value, shadow]):
            rate = one_minus_decay if dtype == _dt.float32 else _m.cast(one_minus_decay,
                                                                           dtype)
            # a fresh read, so the update sees the step it is chained to by control deps
            x = value.read_value() if isinstance(value, Variable) else value
            debias = self._debias.get(_key(value))
            if debias is None:
                return shadow.assign_sub(_m.multiply(_m.subtract(shadow.value(), x), rate))
            biased, step = debias
            new_biased = biased.assign_sub(_m.multiply(_m.subtract(biased.value(), x), rate))
            new_step = step.assign_add(_m.cast(1, dtype))
            decay = _m.subtract(_m.cast(1, dtype), rate)
            factor = _m.subtract(_m.cast(1, dtype), _m.pow(decay, new_step))
            return shadow.assign(_m.truediv(new_biased, factor))

    def average(self, var):
        """The shadow variable of ``var`` (a Variable or Tensor passed to ``apply``), or None."""
        entry = self._averages.get(_key(var))
        return None if entry is None else entry[1]

    def average_name(self, var):
        """The name of ``var``'s shadow variable: its real name once ``apply`` made it,
        otherwise ``"<var op name>/<name>"`` (the name a checkpoint of it would use)."""
        shadow = self.average(var)
        if shadow is not None:
            return shadow.op.name
        return var.op.name + "/" + self._name

    def variables_to_restore(self, moving_avg_variables=None):
        """A ``{checkpoint name: Variable}`` map for ``tf.train.Saver`` that loads each
        averaged variable from its shadow's checkpoint entry.

        Args:
            moving_avg_variables: the variables to map to their averages; default the
                trainable variables plus ``GraphKeys.MOVING_AVERAGE_VARIABLES``. Every
                other global variable maps to its own name.
        """
        if moving_avg_variables is None:
            moving_avg_variables = (_g.get_collection(GraphKeys.TRAINABLE_VARIABLES)
                                    + _g.get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES))
        moving_avg_variables = list(moving_avg_variables)
        averaged = {id(v) for v in moving_avg_variables}
        name_map = {}
        for v in _g.get_collection(GraphKeys.GLOBAL_VARIABLES):
            if id(v) not in averaged:
                name_map[v.op.name] = v
        for v in moving_avg_variables:
            name_map[self.average_name(v)] = v
        return name_map
