"""Graph → plan: the passes that turn the part of a graph one ``run`` needs into a plan.

Today: ``prune`` (only the ops the fetches need, stopping at fed tensors, in a valid order)
``fold`` (values known before the run computed once, when the plan is built) and
``plan_buffers`` (intermediates written into buffers allocated once and reused).
The performance work adds constant folding, CSE, fusion and memory planning here, each a
small module with its own switch.
"""

from .fold import fold
from .memory import plan_buffers
from .prune import prune

__all__ = ["prune", "fold", "plan_buffers"]
