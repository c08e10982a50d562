"""``keras.callbacks.TensorBoard``: training logs, weight histograms and the model graph as
TensorBoard event files, laid out the way Keras 3 writes them.

Under ``log_dir`` there are two runs:

- ``train/``: ``epoch_<metric>`` scalars at step ``epoch`` (``epoch_loss``,
  ``epoch_accuracy`` …, plus ``epoch_learning_rate``); ``batch_<metric>`` scalars at step
  "batches trained so far" when ``update_freq`` is ``"batch"`` or an int; weight histograms
  ``<weight path>/histogram`` (e.g. ``dense/kernel/histogram``) every ``histogram_freq``
  epochs; ``<weight path>/image`` with ``write_images``; the model's conceptual graph
  (tag ``keras``) and its op graph (Graphs dashboard).
- ``validation/``: the validation metrics under the same ``epoch_<metric>`` tags, so
  TensorBoard draws train and validation on one chart, and ``evaluation_<metric>_vs_iterations``
  at step ``optimizer.iterations`` after each evaluation.

Everything is written through ``tensorweave.summary`` (one ``SummaryWriter`` per run).
Differences from Keras 3: epoch-level summaries are written every epoch whatever
``update_freq`` is (Keras 3.15 skips them when the epoch's last batch number is not a
multiple of an integer ``update_freq``); batch-level writing does not make the writer the
default for other code; profiling is not available.
"""

import os
import time
import warnings

import numpy as np

from ... import errors as _errors
from .callback import Callback

__all__ = ["TensorBoard"]

# The tensor name Keras gives the projector for the first layer with weights.
_EMBEDDING_TENSOR = "layer_with_weights-0/embeddings/.ATTRIBUTES/VARIABLE_VALUE"


class TensorBoard(Callback):
    """Writes logs for TensorBoard: metric curves, weight histograms and the model graph.

    Args:
        log_dir: directory of the logs; ``train/`` and ``validation/`` runs go under it.
        histogram_freq: every how many epochs to write weight histograms (0: never).
        write_graph: write the model's graph (conceptual and op-level) to the ``train`` run.
        write_images: also write each weight as an image.
        write_steps_per_second: also write the training speed (``*_steps_per_second``).
        update_freq: ``"epoch"`` (scalars once per epoch), ``"batch"`` (also after every
            batch) or an int ``n`` (also after every ``n``-th batch).
        profile_batch: must be 0: tensorweave has no profiler.
        embeddings_freq: every how many epochs to save the weights for TensorBoard's
            projector (needs the ``h5`` extra); ``embeddings_metadata`` maps ``Embedding``
            layer names (or one file for all) to metadata files.

    Raises:
        MissingExtraError: the ``tensorboard`` package is not installed.
        ValueError: ``profile_batch`` is not 0, or ``update_freq`` is not ``"epoch"``,
            ``"batch"`` or a positive int.

    Example:
        >>> board = keras.callbacks.TensorBoard(log_dir="logs", histogram_freq=1)
        >>> model.fit(x_train, y_train, epochs=5, validation_split=0.1, callbacks=[board])
        >>> # then: tensorweave board logs   (or: tensorboard --logdir logs)
    """

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True,
                 write_images=False, write_steps_per_second=False, update_freq="epoch",
                 profile_batch=0, embeddings_freq=0, embeddings_metadata=None):
        super().__init__()
        _errors.require("tensorboard", "tensorboard")
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = int(histogram_freq or 0)
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        if self.update_freq != "epoch" and not (
                isinstance(self.update_freq, (int, np.integer)) and self.update_freq > 0):
            raise ValueError(f"update_freq must be 'epoch', 'batch' or a positive integer. "
                             f"Received: update_freq={update_freq!r}")
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        _check_profile_batch(profile_batch)
        self._writers = {}
        self._global_train_batch = 0
        self._epoch_batches = 0
        self._epoch_start_time = None
        self._batch_start_time = None
        self._should_write_train_graph = False
        self._in_fit = False

    # -- writers -------------------------------------------------------------------------------
    def set_model(self, model):
        """Sets the model; writes its conceptual graph when ``write_graph``."""
        super().set_model(model)
        self._close_writers()
        self._train_dir = os.path.join(self.log_dir, "train")
        self._val_dir = os.path.join(self.log_dir, "validation")
        self._should_write_train_graph = bool(self.write_graph)
        if self.write_graph:
            self._write_keras_model_summary()
        if self.embeddings_freq:
            self._configure_embeddings()

    def _writer(self, run):
        # Created on first use, so a run without validation gets no validation/ directory.
        if run not in self._writers:
            from ... import summary
            path = self._train_dir if run == "train" else self._val_dir
            self._writers[run] = summary.create_file_writer(path)
        return self._writers[run]

    def _close_writers(self):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    # -- hooks ------------------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self._global_train_batch = 0
        self._in_fit = True

    def on_train_end(self, logs=None):
        self._in_fit = False
        self._close_writers()

    def on_predict_end(self, logs=None):
        self._close_writers()

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_batches = 0
        self._epoch_start_time = time.time()

    def on_train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1
        self._epoch_batches += 1
        self._batch_start_time = time.time()

    def on_train_batch_end(self, batch, logs=None):
        if self._should_write_train_graph:
            # After the first batch, so the train step's graph exists.
            self._write_op_graph()
            self._should_write_train_graph = False
        if self.update_freq == "epoch" or self._global_train_batch % self.update_freq:
            return
        values = dict(logs) if isinstance(logs, dict) else {}
        if self.write_steps_per_second and self._batch_start_time is not None:
            values["steps_per_second"] = 1.0 / max(time.time() - self._batch_start_time, 1e-9)
        self._scalars("train", "batch_", values, self._global_train_batch)

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        # An optimizer that never ran has no step counter yet (reading it would make one).
        if logs and getattr(optimizer, "built", False) and hasattr(optimizer, "iterations"):
            step = int(optimizer.iterations)
            values = {f"evaluation_{k}_vs_iterations": v for k, v in logs.items()}
            self._scalars("validation", "", values, step)
        if not self._in_fit:  # model.evaluate(callbacks=[board]): nothing more to write
            self._close_writers()

    def on_epoch_end(self, epoch, logs=None):
        """Writes the epoch's scalars, and the weights every ``histogram_freq`` epochs."""
        self._log_epoch_metrics(epoch, logs or {})
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)
        if self.embeddings_freq and epoch % self.embeddings_freq == 0:
            self._log_embeddings(epoch)
        for writer in self._writers.values():
            writer.flush()

    # -- scalars ----------------------------------------------------------------------------------
    def _scalars(self, run, prefix, values, step):
        from ... import summary
        values = {k: v for k, v in values.items() if np.ndim(v) == 0}
        if not values:
            return
        with self._writer(run).as_default():
            for name, value in values.items():
                summary.scalar(prefix + name, float(value), step=step)

    def _log_epoch_metrics(self, epoch, logs):
        if not logs:
            return
        train = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        train.update(self._learning_rates())
        if self.write_steps_per_second and self._epoch_start_time is not None:
            elapsed = max(time.time() - self._epoch_start_time, 1e-9)
            train["steps_per_second"] = self._epoch_batches / elapsed
        self._scalars("train", "epoch_", train, epoch)
        self._scalars("validation", "epoch_", val, epoch)

    def _learning_rates(self):
        optimizer = getattr(self.model, "optimizer", None)
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)  # a loss-scale wrapper
        if optimizer is None:
            return {}
        if hasattr(optimizer, "optimizers"):
            return {f"learning_rate_{o.name}": float(o.learning_rate)
                    for o in optimizer.optimizers}
        if hasattr(optimizer, "learning_rate"):
            return {"learning_rate": float(optimizer.learning_rate)}
        return {}

    # -- weights ----------------------------------------------------------------------------------
    def _layer_weights(self):
        return [w for layer in self.model.layers for w in layer.weights]

    def _log_weights(self, epoch):
        from ... import summary
        from .. import backend
        weights = self._layer_weights()
        if not weights:
            return
        values = backend.batch_get_value(weights)
        with self._writer("train").as_default():
            for weight, value in zip(weights, values):
                # the layer-local path ("dense/kernel"), without the model's prefix
                name = getattr(weight, "_graph_name", weight.path).replace(":", "_")
                summary.histogram(f"{name}/histogram", value, step=epoch)
                if self.write_images:
                    image = _weight_image(value)
                    if image is not None:
                        summary.image(f"{name}/image", image, step=epoch)

    # -- graphs -----------------------------------------------------------------------------------
    def _write_keras_model_summary(self):
        """The model's configuration (JSON) under tag ``keras``, which TensorBoard's Graphs
        dashboard shows as the conceptual graph (layers and their connections)."""
        if type(self.model).__name__ not in ("Sequential", "Functional"):
            return
        try:
            config = self.model.to_json()
        except Exception as exc:  # noqa: BLE001 - a model that cannot be serialized is fine
            warnings.warn(f"Model failed to serialize as JSON. Ignoring... {exc}",
                          stacklevel=2)
            return
        from ...summary import encode
        summary = encode.tensor_v1("keras", np.array(config.encode("utf-8"), dtype=object),
                                   plugin_name="graph_keras_model")
        summary.value[0].metadata.plugin_data.content = b"1"
        self._writer("train").write_summary(summary, step=0)

    def _write_op_graph(self):
        graph = getattr(self.model, "_graph_for_summary", lambda: None)()
        if graph is not None:
            self._writer("train").write_graph(graph)

    # -- embeddings -------------------------------------------------------------------------------
    def _configure_embeddings(self):
        from ..layers import Embedding
        lines = []
        metadata = self.embeddings_metadata
        remaining = dict(metadata) if isinstance(metadata, dict) else {}
        for layer in self.model.layers:
            if not isinstance(layer, Embedding):
                continue
            lines.append("embeddings {")
            lines.append(f'  tensor_name: "{_EMBEDDING_TENSOR}"')
            path = metadata if isinstance(metadata, str) else remaining.pop(layer.name, None)
            if path is not None:
                lines.append(f'  metadata_path: "{path}"')
            lines.append("}")
        if remaining:
            raise ValueError("Unrecognized `Embedding` layer names passed to "
                             "`keras.callbacks.TensorBoard` `embeddings_metadata` argument: "
                             f"{list(remaining)}")
        os.makedirs(self.log_dir, exist_ok=True)
        with open(os.path.join(self.log_dir, "projector_config.pbtxt"), "w") as f:
            f.write("\n".join(lines) + ("\n" if lines else ""))

    def _log_embeddings(self, epoch):
        path = os.path.join(self.log_dir, "train", f"keras_embedding.ckpt-{epoch}.weights.h5")
        self.model.save_weights(path)


def _check_profile_batch(profile_batch):
    if isinstance(profile_batch, str):
        profile_batch = [int(p) for p in profile_batch.split(",")]
    if isinstance(profile_batch, (list, tuple)) and len(profile_batch) == 2:
        start, stop = profile_batch
    elif isinstance(profile_batch, (int, np.integer)):
        start = stop = profile_batch
    else:
        start, stop = -1, -1
    if start < 0 or stop < start:
        raise ValueError("profile_batch must be a non-negative integer or 2-tuple of positive "
                         "integers. A pair of positive integers signifies a range of batches "
                         f"to profile. Found: {profile_batch}")
    if stop > 0:
        raise ValueError("Profiling is not available in tensorweave. Received: "
                         f"profile_batch={profile_batch} (must be 0)")


def _weight_image(value):
    """A weight as images [k, height, width, 1] as Keras draws it (bias: one row; dense
    kernel: wider than tall; conv kernel: one image per output channel), or None."""
    w = np.squeeze(np.asarray(value, dtype=np.float32))
    if w.ndim == 1:
        w = w.reshape(1, w.shape[0], 1, 1)
    elif w.ndim == 2:
        if w.shape[0] > w.shape[1]:
            w = w.T
        w = w.reshape(1, w.shape[0], w.shape[1], 1)
    elif w.ndim == 3:
        w = np.transpose(w, (2, 0, 1))[..., None]  # channels last: one image per channel
    if w.ndim == 4 and w.shape[-1] in (1, 3, 4):
        return w
    return None
