"""``tf.train``: optimizers and (with the training toolkit) schedules and checkpoints."""

from .optimizer import Optimizer, GradientDescentOptimizer
from .step import get_global_step, get_or_create_global_step, create_global_step, \
    global_step

__all__ = ["Optimizer", "GradientDescentOptimizer", "get_global_step",
           "get_or_create_global_step", "create_global_step", "global_step"]
