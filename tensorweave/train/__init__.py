"""``tf.train``: optimizers, learning-rate schedules, the global step (and, with the training
toolkit, checkpoints)."""

from .optimizer import Optimizer, GradientDescentOptimizer
from .momentum import MomentumOptimizer
from .adam import AdamOptimizer
from .rmsprop import RMSPropOptimizer
from .adagrad import AdagradOptimizer
from .adadelta import AdadeltaOptimizer
from .proximal import (FtrlOptimizer, ProximalGradientDescentOptimizer,
                       ProximalAdagradOptimizer)
from .learning_rate_decay import (exponential_decay, piecewise_constant, polynomial_decay,
                                  natural_exp_decay, inverse_time_decay, cosine_decay,
                                  cosine_decay_restarts, linear_cosine_decay,
                                  noisy_linear_cosine_decay, piecewise_constant_decay)
from .moving_averages import ExponentialMovingAverage
from .step import get_global_step, get_or_create_global_step, create_global_step, \
    global_step

__all__ = ["Optimizer", "GradientDescentOptimizer", "MomentumOptimizer", "AdamOptimizer",
           "RMSPropOptimizer", "AdagradOptimizer", "AdadeltaOptimizer", "FtrlOptimizer",
           "ProximalGradientDescentOptimizer", "ProximalAdagradOptimizer",
           "exponential_decay", "piecewise_constant", "polynomial_decay",
           "natural_exp_decay", "inverse_time_decay", "cosine_decay",
           "cosine_decay_restarts", "linear_cosine_decay", "noisy_linear_cosine_decay",
           "piecewise_constant_decay",
           "get_global_step", "get_or_create_global_step", "create_global_step", "global_step",
           "ExponentialMovingAverage"]

from .saver import (Saver, latest_checkpoint, get_checkpoint_state, checkpoint_exists,  # noqa: E402
                    list_variables, load_variable, NewCheckpointReader, CheckpointState)

__all__ += ["Saver", "latest_checkpoint", "get_checkpoint_state", "checkpoint_exists",
            "list_variables", "load_variable", "NewCheckpointReader", "CheckpointState"]

from .meta_graph import export_meta_graph, import_meta_graph  # noqa: E402

__all__ += ["export_meta_graph", "import_meta_graph"]
