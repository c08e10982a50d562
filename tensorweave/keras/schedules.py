"""``keras.optimizers.schedules``: learning rates as functions of the step.

A schedule is called with the step (a float graph tensor) and returns the learning rate as a
graph tensor, so the optimizer's update ops compute it each step.

Example:
    >>> lr = keras.optimizers.schedules.ExponentialDecay(1e-2, decay_steps=1000,
    ...                                                  decay_rate=0.9)
    >>> opt = keras.optimizers.SGD(learning_rate=lr)
"""

import math

from ..ops import math as _m
from ..ops.creation import constant, convert_to_tensor
from . import _serialization

__all__ = ["LearningRateSchedule", "ExponentialDecay", "InverseTimeDecay",
           "PiecewiseConstantDecay", "PolynomialDecay", "CosineDecay", "serialize",
           "deserialize"]


def _as_step(step):
    """The step as a float32 tensor, as Keras casts it (a Python or NumPy int, an int
    tensor, the optimizer's iterations)."""
    step = convert_to_tensor(step)
    return step if step.dtype.is_floating else _m.cast(step, "float32")


def _f(value, like):
    return constant(float(value), dtype=like.dtype)


class LearningRateSchedule:
    """Base class: ``__call__(step)`` returns the learning rate at ``step``."""

    def __call__(self, step):
        raise NotImplementedError

    def get_config(self):
        raise NotImplementedError

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class ExponentialDecay(LearningRateSchedule):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)`` (floored with
    ``staircase``)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        if decay_steps <= 0:
            raise ValueError(f"Argument `decay_steps` must be > 0. Received: "
                             f"decay_steps={decay_steps}")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        step = _as_step(step)
        p = _m.divide(step, _f(self.decay_steps, step))
        if self.staircase:
            p = _m.floor(p)
        return _m.multiply(_f(self.initial_learning_rate, step),
                           _m.pow(_f(self.decay_rate, step), p))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


class InverseTimeDecay(LearningRateSchedule):
    """``initial_learning_rate / (1 + decay_rate * step / decay_steps)``."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        step = _as_step(step)
        p = _m.divide(step, _f(self.decay_steps, step))
        if self.staircase:
            p = _m.floor(p)
        return _m.divide(_f(self.initial_learning_rate, step),
                         _m.add(_f(1.0, step), _m.multiply(_f(self.decay_rate, step), p)))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


class PiecewiseConstantDecay(LearningRateSchedule):
    """``values[i]`` for steps in ``(boundaries[i-1], boundaries[i]]``."""

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError("The length of boundaries should be 1 less than the length of "
                             f"values. Received: boundaries={boundaries} of length "
                             f"{len(boundaries)}, and values={values} of length "
                             f"{len(values)}.")
        self.boundaries = list(boundaries)
        self.values = list(values)
        self.name = name

    def __call__(self, step):
        step = _as_step(step)
        out = _f(self.values[-1], step)
        for b, v in reversed(list(zip(self.boundaries, self.values[:-1]))):
            out = _m.where(_m.less_equal(step, _f(b, step)), _f(v, step), out)
        return out

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """From ``initial_learning_rate`` to ``end_learning_rate`` over ``decay_steps`` as
    ``(1 - step / decay_steps) ** power``."""

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001,
                 power=1.0, cycle=False, name="PolynomialDecay"):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        step = _as_step(step)
        steps = _f(self.decay_steps, step)
        if self.cycle:
            mult = _m.maximum(_m.ceil(_m.divide(step, steps)), _f(1.0, step))
            steps = _m.multiply(steps, mult)
        else:
            step = _m.minimum(step, steps)
        frac = _m.subtract(_f(1.0, step), _m.divide(step, steps))
        span = self.initial_learning_rate - self.end_learning_rate
        return _m.add(_m.multiply(_f(span, step), _m.pow(frac, _f(self.power, step))),
                      _f(self.end_learning_rate, step))

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "end_learning_rate": self.end_learning_rate,
                "power": self.power, "cycle": self.cycle, "name": self.name}


class CosineDecay(LearningRateSchedule):
    """Cosine decay from ``initial_learning_rate`` to ``alpha * initial_learning_rate``
    over ``decay_steps`` (after an optional linear warmup to ``warmup_target``)."""

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def __call__(self, step):
        step = _as_step(step)
        start = self.initial_learning_rate if self.warmup_target is None \
            else self.warmup_target
        t = _m.minimum(_m.maximum(_m.subtract(step, _f(self.warmup_steps, step)),
                                  _f(0.0, step)), _f(self.decay_steps, step))
        cosine = _m.multiply(_f(0.5, step), _m.add(_f(1.0, step), _m.cos(
            _m.multiply(_f(math.pi / self.decay_steps, step), t))))
        decayed = _m.add(_m.multiply(_f(1.0 - self.alpha, step), cosine),
                         _f(self.alpha, step))
        out = _m.multiply(_f(start, step), decayed)
        if self.warmup_target is None or not self.warmup_steps:
            return out
        warm = _m.add(_f(self.initial_learning_rate, step), _m.multiply(
            _f((self.warmup_target - self.initial_learning_rate) / self.warmup_steps, step),
            step))
        return _m.where(_m.less(step, _f(self.warmup_steps, step)), warm, out)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "alpha": self.alpha, "name": self.name,
                "warmup_target": self.warmup_target, "warmup_steps": self.warmup_steps}


_BY_NAME = {c.__name__: c for c in (ExponentialDecay, InverseTimeDecay,
                                    PiecewiseConstantDecay, PolynomialDecay, CosineDecay)}


def serialize(schedule):
    return _serialization.serialize(schedule, "keras.optimizers.schedules")


def deserialize(config, custom_objects=None):
    return _serialization.deserialize(config, _BY_NAME, "learning rate schedule",
                                      custom_objects)
