"""Learning-rate schedules of ``tf.train`` (TF 1.15's ``learning_rate_decay``).

Each function returns a scalar tensor computed from ``global_step`` (usually the global
step variable), of the dtype of ``learning_rate`` (float32 for a Python number). Pass it as
an optimizer's learning rate and the global step to ``minimize``: every run of the train op
uses the rate of the current step, then increments the step.

Example:
    >>> step = tf.train.get_or_create_global_step()
    >>> lr = tf.train.exponential_decay(0.1, step, decay_steps=1000, decay_rate=0.96)
    >>> train_op = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=step)
"""

import math

from .. import dtypes as _dt
from .. import graph as _g
from ..ops.creation import constant, convert_to_tensor
from ..ops.math import (add, cast, ceil, cos, div, equal, exp, floor, less_equal, log,
                        minimum, multiply, negative, pow, where)

__all__ = ["exponential_decay", "piecewise_constant", "polynomial_decay",
           "natural_exp_decay", "inverse_time_decay", "cosine_decay",
           "cosine_decay_restarts", "linear_cosine_decay"]


def _require_step(global_step, message):
    if global_step is None:
        raise ValueError(message)


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                      name=None):
    """``learning_rate * decay_rate ** (global_step / decay_steps)``.

    Args:
        learning_rate: the initial rate: a float or a scalar float tensor.
        global_step: the step: an integer scalar tensor (or variable) or a number.
        decay_steps: the number of steps per factor of ``decay_rate``; positive.
        decay_rate: the decay factor.
        staircase: if True, ``global_step / decay_steps`` is floored (decays in steps).
        name: name scope (default ``"ExponentialDecay"``).

    Returns:
        A scalar tensor of ``learning_rate``'s dtype.

    Raises:
        ValueError: if ``global_step`` is None.

    Example:
        >>> lr = tf.train.exponential_decay(0.1, step, 100000, 0.96, staircase=True)
    """
    _require_step(global_step, "global_step is required for exponential_decay.")
    with _g.name_scope(name, "ExponentialDecay") as scope:
        learning_rate = convert_to_tensor(learning_rate, name="learning_rate")
        dtype = learning_rate.dtype
        global_step = cast(global_step, dtype)
        decay_steps = cast(decay_steps, dtype)
        decay_rate = cast(decay_rate, dtype)
        p = global_step / decay_steps
        if staircase:
            p = floor(p)
        return multiply(learning_rate, pow(decay_rate, p), name=scope)


def piecewise_constant(x, boundaries, values, name=None):
    """A step function: ``values[0]`` while ``x <= boundaries[0]``, ``values[1]`` while
    ``boundaries[0] < x <= boundaries[1]``, …, ``values[-1]`` once ``x > boundaries[-1]``.

    Args:
        x: a scalar tensor (the global step, usually).
        boundaries: increasing numbers or scalar tensors of ``x``'s dtype (Python ints are
            accepted for an int64 ``x``).
        values: one more element than ``boundaries``, all of one dtype.
        name: name scope (default ``"PiecewiseConstant"``).

    Returns:
        A scalar tensor of the values' dtype.

    Raises:
        ValueError: if the lengths do not match, a boundary's dtype differs from ``x``'s, or
            the values' dtypes differ.

    Example:
        >>> lr = tf.train.piecewise_constant(step, [100000, 110000], [1.0, 0.5, 0.1])
    """
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    with _g.name_scope(name, "PiecewiseConstant"):
        x = convert_to_tensor(x)
        boundaries = [convert_to_tensor(b) for b in boundaries]
        for i, b in enumerate(boundaries):
            if b.dtype != x.dtype:
                if b.dtype == _dt.int32 and x.dtype == _dt.int64:
                    boundaries[i] = cast(b, x.dtype)
                else:
                    raise ValueError(f"Boundaries ({b.dtype!r}) must have the same dtype as "
                                     f"x ({x.dtype!r}).")
        values = [convert_to_tensor(v) for v in values]
        for v in values[1:]:
            if v.dtype != values[0].dtype:
                raise ValueError("Values must have elements all with the same dtype "
                                 f"({values[0].dtype!r} vs {v.dtype!r}).")
        # the intervals are exclusive and exhaustive: select from the last one down
        result = values[-1]
        for b, v in reversed(list(zip(boundaries, values[:-1]))):
            result = where(less_equal(x, b), v, result)
        return result


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001,
                     power=1.0, cycle=False, name=None):
    """``(learning_rate - end) * (1 - step / decay_steps) ** power + end``, with the step
    capped at ``decay_steps`` (or, with ``cycle``, ``decay_steps`` stretched to the first
    multiple above the step).

    Args:
        learning_rate: the initial rate: a float or a scalar float tensor.
        global_step: the step: an integer scalar tensor (or variable) or a number.
        decay_steps: steps to reach ``end_learning_rate``; positive.
        end_learning_rate: the final rate.
        power: the polynomial's power (1.0: linear).
        cycle: restart the decay after ``decay_steps`` instead of staying at the end rate.
        name: name scope (default ``"PolynomialDecay"``).

    Returns:
        A scalar tensor of ``learning_rate``'s dtype.

    Raises:
        ValueError: if ``global_step`` is None.

    Example:
        >>> lr = tf.train.polynomial_decay(0.1, step, 10000, 0.01, power=0.5)
    """
    _require_step(global_step, "global_step is required for polynomial_decay.")
    with _g.name_scope(name, "PolynomialDecay") as scope:
        learning_rate = convert_to_tensor(learning_rate, name="learning_rate")
        dtype = learning_rate.dtype
        global_step = cast(global_step, dtype)
        decay_steps = cast(decay_steps, dtype)
        end_learning_rate = cast(end_learning_rate, dtype)
        power = cast(power, dtype)
        if cycle:
            # the first multiple of decay_steps above global_step (1 at step 0)
            multiplier = where(equal(global_step, 0), constant(1.0, dtype=dtype),
                               ceil(global_step / decay_steps))
            decay_steps = multiply(decay_steps, multiplier)
        else:
            global_step = minimum(global_step, decay_steps)
        p = div(global_step, decay_steps)
        return add(multiply(learning_rate - end_learning_rate, pow(1 - p, power)),
                   end_learning_rate, name=scope)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                      name=None):
    """``learning_rate * exp(-decay_rate * global_step / decay_steps)``.

    Args:
        learning_rate: the initial rate: a float or a scalar float tensor.
        global_step: the step: an integer scalar tensor (or variable) or a number.
        decay_steps: how often to apply the decay.
        decay_rate: the decay rate.
        staircase: if True, ``global_step / decay_steps`` is floored.
        name: name scope (default ``"ExponentialDecay"``, as TF 1.15 builds it).

    Returns:
        A scalar tensor of ``learning_rate``'s dtype.

    Raises:
        ValueError: if ``global_step`` is None.

    Example:
        >>> lr = tf.train.natural_exp_decay(0.1, step, decay_steps=1, decay_rate=0.5)
    """
    _require_step(global_step, "global_step is required for natural_exp_decay.")
    # TF 1.15: an exponential decay with base exp(-decay_rate), computed in float32
    from ..ops.creation import constant
    rate = decay_rate if hasattr(decay_rate, "dtype") else constant(float(decay_rate))
    return exponential_decay(learning_rate, global_step, decay_steps, exp(negative(rate)),
                             staircase=staircase, name=name)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False,
                       name=None):
    """``learning_rate / (1 + decay_rate * global_step / decay_steps)``.

    Args:
        learning_rate: the initial rate: a float or a scalar float tensor.
        global_step: the step: an integer scalar tensor (or variable) or a number.
        decay_steps: how often to apply the decay.
        decay_rate: the decay rate.
        staircase: if True, ``global_step / decay_steps`` is floored.
        name: name scope (default ``"InverseTimeDecay"``).

    Returns:
        A scalar tensor of ``learning_rate``'s dtype.

    Raises:
        ValueError: if ``global_step`` is None.

    Example:
        >>> lr = tf.train.inverse_time_decay(0.1, step, decay_steps=1.0, decay_rate=0.5)
    """
    _require_step(global_step, "global_step is required for inverse_time_decay.")
    with _g.name_scope(name, "InverseTimeDecay") as scope:
        learning_rate = convert_to_tensor(learning_rate, name="learning_rate")
        dtype = learning_rate.dtype
        global_step = cast(global_step, dtype)
        decay_steps = cast(decay_steps, dtype)
        decay_rate = cast(decay_rate, dtype)
        p = global_step / decay_steps
        if staircase:
            p = floor(p)
        const = cast(constant(1), dtype)
        denom = add(const, multiply(decay_rate, p))
        return div(learning_rate, denom, name=scope)


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """Cosine decay (SGDR without restarts)::

        step = min(global_step, decay_steps)
        decayed = (1 - alpha) * 0.5 * (1 + cos(pi * step / decay_steps)) + alpha
        return learning_rate * decayed

    Args:
        learning_rate: the initial rate: a float or a scalar float tensor.
        global_step: the step: an integer scalar tensor (or variable) or a number.
        decay_steps: the number of steps to decay over.
        alpha: the final rate as a fraction of ``learning_rate``.
        name: name scope (default ``"CosineDecay"``).

    Returns:
        A scalar tensor of ``learning_rate``'s dtype.

    Raises:
        ValueError: if ``global_step`` is None.

    Example:
        >>> lr = tf.train.cosine_decay(0.1, step, decay_steps=1000)
    """
    _require_step(global_step, "cosine decay requires global_step")
    with _g.name_scope(name, "CosineDecay"):
        learning_rate = convert_to_tensor(learning_rate, name="learning_rate")
        dtype = learning_rate.dtype
        global_step = cast(global_step, dtype)
        decay_steps = cast(decay_steps, dtype)
        global_step = minimum(global_step, decay_steps)
        completed_fraction = global_step / decay_steps
        cosine_decayed = 0.5 * (1.0 + cos(_pi(dtype) * completed_fraction))
        decayed = (1 - alpha) * cosine_decayed + alpha
        return multiply(learning_rate, decayed)


def cosine_decay_restarts(learning_rate, global_step, first_decay_steps, t_mul=2.0,
                          m_mul=1.0, alpha=0.0, name=None):
    """Cosine decay with warm restarts (SGDR): the first period lasts
    ``first_decay_steps``, each next one ``t_mul`` times longer and starting ``m_mul`` times
    lower; within a period the factor falls from 1 to ``alpha`` along a half cosine.

    Args:
        learning_rate: the initial rate: a float or a scalar float tensor.
        global_step: the step: an integer scalar tensor (or variable) or a number.
        first_decay_steps: the length of the first period.
        t_mul: period length multiplier.
        m_mul: initial rate multiplier per period.
        alpha: the minimum rate as a fraction of ``learning_rate``.
        name: name scope (default ``"SGDRDecay"``).

    Returns:
        A scalar tensor of ``learning_rate``'s dtype.

    Raises:
        ValueError: if ``global_step`` is None.

    Example:
        >>> lr = tf.train.cosine_decay_restarts(0.1, step, first_decay_steps=1000)
    """
    _require_step(global_step, "cosine decay restarts requires global_step")
    with _g.name_scope(name, "SGDRDecay") as scope:
        learning_rate = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = learning_rate.dtype
        global_step = cast(global_step, dtype)
        first_decay_steps = cast(first_decay_steps, dtype)
        alpha = cast(alpha, dtype)
        t_mul = cast(t_mul, dtype)
        m_mul = cast(m_mul, dtype)
        completed_fraction = global_step / first_decay_steps

        # periods of equal length (t_mul == 1) or growing geometrically; both are built and
        # the right one is selected, as TF's cond does at run time
        i_flat = floor(completed_fraction)
        fraction_flat = completed_fraction - i_flat
        i_geo = floor(log(1.0 - completed_fraction * (1.0 - t_mul)) / log(t_mul))
        sum_r = (1.0 - pow(t_mul, i_geo)) / (1.0 - t_mul)
        fraction_geo = (completed_fraction - sum_r) / pow(t_mul, i_geo)
        flat = equal(t_mul, 1.0)
        i_restart = where(flat, i_flat, i_geo)
        completed_fraction = where(flat, fraction_flat, fraction_geo)

        m_fac = pow(m_mul, i_restart)
        cosine_decayed = 0.5 * m_fac * (1.0 + cos(_pi(dtype) * completed_fraction))
        decayed = (1 - alpha) * cosine_decayed + alpha
    return multiply(learning_rate, decayed, name=scope)


def linear_cosine_decay(learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0,
                        beta=0.001, name=None):
    """Linear cosine decay (Bello et al., 2017)::

        step = min(global_step, decay_steps)
        linear = (decay_steps - step) / decay_steps
        cosine = 0.5 * (1 + cos(pi * 2 * num_periods * step / decay_steps))
        return learning_rate * ((alpha + linear) * cosine + beta)

    Args:
        learning_rate: the initial rate: a float or a scalar float tensor.
        global_step: the step: an integer scalar tensor (or variable) or a number.
        decay_steps: the number of steps to decay over.
        num_periods: number of periods of the cosine part.
        alpha, beta: see the formula.
        name: name scope (default ``"LinearCosineDecay"``).

    Returns:
        A scalar tensor of ``learning_rate``'s dtype.

    Raises:
        ValueError: if ``global_step`` is None.

    Example:
        >>> lr = tf.train.linear_cosine_decay(0.1, step, decay_steps=1000)
    """
    _require_step(global_step, "linear cosine decay requires global_step")
    with _g.name_scope(name, "LinearCosineDecay") as scope:
        learning_rate = convert_to_tensor(learning_rate, name="learning_rate")
        dtype = learning_rate.dtype
        global_step = cast(global_step, dtype)
        decay_steps = cast(decay_steps, dtype)
        num_periods = cast(num_periods, dtype)
        global_step = minimum(global_step, decay_steps)
        alpha = cast(alpha, dtype)
        beta = cast(beta, dtype)
        linear_decayed = (decay_steps - global_step) / decay_steps
        completed_fraction = global_step / decay_steps
        fraction = 2.0 * num_periods * completed_fraction
        cosine_decayed = 0.5 * (1.0 + cos(_pi(dtype) * fraction))
        linear_cosine_decayed = (alpha + linear_decayed) * cosine_decayed + beta
        return multiply(learning_rate, linear_cosine_decayed, name=scope)


def _pi(dtype):
    # TF multiplies constant(math.pi) (float32) by the fraction, so only float32 schedules
    # work there; here pi takes the schedule's dtype.
    return constant(math.pi, dtype=dtype)


def noisy_linear_cosine_decay(learning_rate, global_step, decay_steps, initial_variance=1.0,
                              variance_decay=0.55, num_periods=0.5, alpha=0.0, beta=0.001,
                              name=None):
    """``linear_cosine_decay`` with Gaussian noise on the linear part, of variance
    ``initial_variance / (1 + step) ** variance_decay`` (TF 1.15's formula; the noise is
    drawn from the graph's seeded random stream).

    Raises:
        ValueError: if ``global_step`` is None.
    """
    from ..ops.random import random_normal
    from ..ops.math import pow as pow_, sqrt
    _require_step(global_step, "noisy linear cosine decay requires global_step")
    with _g.name_scope(name, "NoisyLinearCosineDecay") as scope:
        learning_rate = convert_to_tensor(learning_rate, name="learning_rate")
        dtype = learning_rate.dtype
        decay_steps = cast(decay_steps, dtype)
        global_step = minimum(cast(global_step, dtype), decay_steps)
        linear_decayed = (decay_steps - global_step) / decay_steps
        variance = cast(initial_variance, dtype) / pow_(1.0 + global_step,
                                                        cast(variance_decay, dtype))
        noisy = linear_decayed + random_normal(linear_decayed.shape.as_list(),
                                               stddev=sqrt(variance), dtype=dtype)
        fraction = 2.0 * cast(num_periods, dtype) * (global_step / decay_steps)
        cosine_decayed = 0.5 * (1.0 + cos(_pi(dtype) * fraction))
        decayed = (cast(alpha, dtype) + noisy) * cosine_decayed + cast(beta, dtype)
        return multiply(learning_rate, decayed, name=scope)


piecewise_constant_decay = piecewise_constant  # TF 1.15's other name for it
