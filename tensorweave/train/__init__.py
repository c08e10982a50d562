"""``tf.train``: optimizers and (with the training toolkit) schedules and checkpoints."""

from .optimizer import Optimizer, GradientDescentOptimizer
from .step import get_global_step, get_or_create_global_step, create_global_step, \
    global_step

__all__ = ["Optimizer", "GradientDescentOptimizer", "get_global_step",
           "get_or_create_global_step", "create_global_step", "global_step"]

from .saver import (Saver, latest_checkpoint, get_checkpoint_state, checkpoint_exists,  # noqa: E402
                    list_variables, load_variable, NewCheckpointReader, CheckpointState)

__all__ += ["Saver", "latest_checkpoint", "get_checkpoint_state", "checkpoint_exists",
            "list_variables", "load_variable", "NewCheckpointReader", "CheckpointState"]
