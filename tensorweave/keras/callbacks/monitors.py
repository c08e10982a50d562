"""Callbacks that watch a metric: ``EarlyStopping``, ``ModelCheckpoint``,
``ReduceLROnPlateau``, and ``LearningRateScheduler``."""

import os
import warnings

import numpy as np

from .callback import Callback, _print

__all__ = ["EarlyStopping", "ModelCheckpoint", "LearningRateScheduler", "ReduceLROnPlateau"]


# Which way each Keras metric class improves ("mode='auto'" looks the monitored metric up
# among the compiled metrics by name; recorded from Keras 3.15's metric classes)
_UP = {"AUC", "Accuracy", "BinaryAccuracy", "BinaryIoU", "CategoricalAccuracy",
       "ConcordanceCorrelation", "CosineSimilarity", "F1Score", "FBetaScore", "IoU", "MeanIoU",
       "OneHotIoU", "OneHotMeanIoU", "PearsonCorrelation", "Precision", "PrecisionAtRecall",
       "R2Score", "Recall", "RecallAtPrecision", "SensitivityAtSpecificity",
       "SparseCategoricalAccuracy", "SparseTopKCategoricalAccuracy",
       "SpecificityAtSensitivity", "TopKCategoricalAccuracy"}
_DOWN = {"BinaryCrossentropy", "CategoricalCrossentropy", "CategoricalHinge", "Hinge",
         "KLDivergence", "LogCoshError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
         "MeanSquaredError", "MeanSquaredLogarithmicError", "Poisson", "RootMeanSquaredError",
         "SparseCategoricalCrossentropy", "SquaredHinge"}


def _check_mode(mode, what):
    if mode not in ("auto", "min", "max"):
        warnings.warn(f"{what} mode {mode} is unknown, fallback to auto mode.", stacklevel=3)
        mode = "auto"
    return mode


def _metric_direction(metric):
    direction = getattr(metric, "_direction", None)
    if direction is not None:
        return direction
    for cls in type(metric).__mro__:
        if cls.__name__ in _UP:
            return "up"
        if cls.__name__ in _DOWN:
            return "down"
    return None


def _monitor_op(monitor, mode, what, model=None):
    """``np.less`` or ``np.greater``. For ``mode="auto"``, as Keras 3 decides once the
    model's metrics exist (the first ``on_epoch_end``): ``loss``/``val_loss`` decrease;
    another name must be one of the compiled metrics, whose class tells the direction;
    anything else (an output's loss, a plain function metric) is a ValueError."""
    if mode == "min":
        return np.less
    if mode == "max":
        return np.greater
    name = monitor.removeprefix("val_")
    op = np.less if name == "loss" else None
    for _, metric, entry_name, _ in getattr(model, "_metric_entries", None) or []:
        if name in (entry_name, getattr(metric, "name", None)):
            direction = _metric_direction(metric)
            if direction is not None:
                op = np.greater if direction == "up" else np.less
    if op is None:
        raise ValueError(f"{what} callback received monitor={monitor}, but whether it should "
                         "be maximized or minimized cannot be determined automatically. "
                         "Pass `mode='max'` (higher is better) or `mode='min'` (lower is "
                         "better).")
    return op


class EarlyStopping(Callback):
    """Stops training when ``monitor`` has stopped improving.

    Args:
        monitor: the log key (default ``"val_loss"``).
        min_delta: smallest change counted as an improvement.
        patience: epochs without improvement before stopping.
        mode: ``"auto"``, ``"min"`` or ``"max"`` (auto: max for accuracy-like names).
        baseline: a value the metric must beat for training to go on.
        restore_best_weights: restore the weights of the best epoch when stopping.
        start_from_epoch: epochs to wait before monitoring.
    """

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0):
        super().__init__()
        self.monitor = monitor
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.min_delta = abs(min_delta)
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.mode = _check_mode(mode, "EarlyStopping")
        self.monitor_op = None          # decided at the first epoch end (Keras 3)
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def _is_improvement(self, value, reference):
        if reference is None:
            return True
        return bool(self.monitor_op(value - self.min_delta, reference))

    def _set_monitor_op(self):
        self.monitor_op = _monitor_op(self.monitor, self.mode, type(self).__name__,
                                      self.model)
        if self.monitor_op is np.less:
            self.min_delta *= -1

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            _print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                _print("Restoring model weights from the end of the best epoch: "
                       f"{self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        value = (logs or {}).get(self.monitor)
        if value is None:
            warnings.warn(f"Early stopping conditioned on metric `{self.monitor}` which is "
                          "not available. Available metrics are: "
                          f"{','.join(list((logs or {}).keys()))}", stacklevel=2)
        return value


class ModelCheckpoint(Callback):
    """Saves the model (or only its weights) after each epoch.

    Args:
        filepath: may hold ``{epoch}`` and log keys (``"ckpt-{epoch:02d}-{val_loss:.2f}.keras"``);
            must end in ``.keras`` or ``.h5`` (``.weights.h5`` with ``save_weights_only``).
        monitor, mode: the metric and direction for ``save_best_only``.
        save_best_only: save only when ``monitor`` improves.
        save_weights_only: ``model.save_weights`` instead of ``model.save``.
        save_freq: ``"epoch"`` or a number of batches.
        initial_value_threshold: the value to beat first.
    """

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch",
                 initial_value_threshold=None):
        super().__init__()
        self.filepath = os.fspath(filepath)
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self.mode = _check_mode(mode, "ModelCheckpoint")
        self.monitor_op = None          # decided at the first epoch end (Keras 3)
        self.best = initial_value_threshold
        self._batches_seen = 0
        self._current_epoch = 0
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError(f"Unrecognized save_freq: {save_freq}. Expected 'epoch' or an "
                             "integer (a number of batches).")
        if save_weights_only:
            if not self.filepath.endswith(".weights.h5"):
                raise ValueError("When using `save_weights_only=True` in `ModelCheckpoint`, "
                                 "the filepath provided must end in `.weights.h5` (Keras "
                                 f"weights format). Received: filepath={self.filepath}")
        elif not self.filepath.endswith((".keras", ".h5")):    # Keras 3.15 takes both
            raise ValueError("The filepath provided must end in `.keras` (Keras model "
                             f"format). Received: filepath={self.filepath}")

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq != "epoch":
            self._batches_seen += 1
            if self._batches_seen % int(self.save_freq) == 0:
                self._save(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self.monitor_op = _monitor_op(self.monitor, self.mode, type(self).__name__,
                                          self.model)
        if self.save_freq == "epoch":
            self._save(epoch, None, logs)

    def _save(self, epoch, batch, logs):
        logs = logs or {}
        path = self._get_file_path(epoch, batch, logs)
        if self.save_best_only:
            current = logs.get(self.monitor)
            if current is None:
                # Keras 3 warns and saves anyway
                warnings.warn(f"Can save best model only with {self.monitor} available.",
                              stacklevel=2)
            else:
                if self.monitor_op is None:
                    self.monitor_op = _monitor_op(self.monitor, self.mode,
                                                  type(self).__name__, self.model)
                best = "None" if self.best is None else f"{self.best:.5f}"
                if self.best is not None and not self.monitor_op(current, self.best):
                    if self.verbose > 0:
                        _print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from "
                               f"{best}")
                    return
                if self.verbose > 0:
                    _print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {best} to "
                           f"{current:.5f}, saving model to {path}")
                self.best = current
        elif self.verbose > 0:
            _print(f"\nEpoch {epoch + 1}: saving model to {path}")
        directory = os.path.dirname(path)
        if directory:
            os.makedirs(directory, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(path, overwrite=True)
        else:
            self.model.save(path, overwrite=True)
        if self.verbose > 0:
            _print(f"\nEpoch {epoch + 1}: finished saving model to {path}")

    def _get_file_path(self, epoch, batch, logs):
        try:
            if batch is None or "batch" in logs:
                return self.filepath.format(epoch=epoch + 1, **logs)
            return self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as e:
            raise KeyError(f'Failed to format this callback filepath: "{self.filepath}". '
                           f"Reason: {e}") from None


class LearningRateScheduler(Callback):
    """Sets the learning rate at the start of each epoch to ``schedule(epoch, lr)``."""

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        opt = self.model.optimizer
        if not hasattr(opt, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        lr = float(np.asarray(opt.learning_rate))
        try:
            lr = self.schedule(epoch, lr)
        except TypeError:  # the schedule takes only the epoch
            lr = self.schedule(epoch)
        if not isinstance(lr, (float, np.floating, int)) and not hasattr(lr, "__float__"):
            raise ValueError(f"The output of the `schedule` function should be a float. Got: "
                             f"{lr}")
        opt.learning_rate = float(lr)
        if self.verbose > 0:
            _print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to "
                   f"{float(lr)}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = float(np.asarray(self.model.optimizer.learning_rate))


class ReduceLROnPlateau(Callback):
    """Multiplies the learning rate by ``factor`` when ``monitor`` stops improving for
    ``patience`` epochs (not below ``min_lr``; then waits ``cooldown`` epochs)."""

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
                 min_delta=1e-4, cooldown=0, min_lr=0.0, **kwargs):
        super().__init__()
        if factor >= 1.0:
            raise ValueError("ReduceLROnPlateau does not support a factor >= 1.0. Received "
                             f"factor={factor}")
        if "epsilon" in kwargs:
            min_delta = kwargs.pop("epsilon")
            warnings.warn("`epsilon` argument is deprecated and will be removed, use "
                          "`min_delta` instead.", DeprecationWarning, stacklevel=2)
        self.monitor = monitor
        self.factor = factor
        self.min_lr = min_lr
        self.min_delta = min_delta
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0
        self.mode = _check_mode(mode, "ReduceLROnPlateau")
        self._op = None                 # decided at the first epoch end (Keras 3)
        self._reset()

    def _reset(self):
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def _is_improvement(self, current, best):
        if best is None:
            return True
        if self._op is np.less:
            return bool(np.less(current, best - self.min_delta))
        return bool(np.greater(current, best + self.min_delta))

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        if self._op is None:
            self._op = _monitor_op(self.monitor, self.mode, type(self).__name__, self.model)
        logs = logs if logs is not None else {}
        logs["learning_rate"] = float(np.asarray(self.model.optimizer.learning_rate))
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn("Learning rate reduction is conditioned on metric "
                          f"`{self.monitor}` which is not available. Available metrics are: "
                          f"{','.join(list(logs.keys()))}.", stacklevel=2)
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif self.cooldown_counter <= 0:
            self.wait += 1
            if self.wait >= self.patience:
                old = float(np.asarray(self.model.optimizer.learning_rate))
                if old > np.float32(self.min_lr):
                    new = max(old * self.factor, self.min_lr)
                    self.model.optimizer.learning_rate = new
                    if self.verbose > 0:
                        _print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning "
                               f"rate to {new}.")
                    self.cooldown_counter = self.cooldown
                    self.wait = 0
