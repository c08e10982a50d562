"""Callbacks that record or react to the logs: ``CSVLogger``, ``TerminateOnNaN``,
``LambdaCallback``, ``RemoteMonitor`` (unsupported) and ``TensorBoard``."""

import csv
import os
import time

import numpy as np

from .callback import Callback, _print

__all__ = ["CSVLogger", "TerminateOnNaN", "LambdaCallback", "RemoteMonitor", "TensorBoard"]


class CSVLogger(Callback):
    """Streams each epoch's logs to a CSV file: a header ``epoch,<keys…>`` then one row
    per epoch (``append=True`` continues an existing file)."""

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename) as f:
                    self.append_header = not bool(len(f.readline()))
            mode = "a"
        else:
            mode = "w"
        self.csv_file = open(self.filename, mode, newline="")
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}

        def handle(k):
            if isinstance(k, np.ndarray) and k.ndim == 0:
                return float(k)
            if isinstance(k, (list, tuple, np.ndarray)):
                return f'"[{", ".join(map(str, k))}]"'
            return k

        if self.keys is None:
            self.keys = sorted(logs.keys())
            val_keys = [k for k in self.keys if k.startswith("val_")]
            self.keys = [k for k in self.keys if not k.startswith("val_")] + val_keys
        if not self.writer:
            class Dialect(csv.excel):
                delimiter = self.sep
            fieldnames = ["epoch"] + self.keys
            self.writer = csv.DictWriter(self.csv_file, fieldnames=fieldnames, dialect=Dialect)
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((k, handle(logs.get(k, "NA"))) for k in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file is not None:
            self.csv_file.close()
            self.csv_file = None
        self.writer = None


class TerminateOnNaN(Callback):
    """Stops training as soon as a batch's loss is NaN or infinite."""

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and (np.isnan(loss) or np.isinf(loss)):
            _print(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True


class LambdaCallback(Callback):
    """A callback from functions: ``LambdaCallback(on_epoch_end=lambda epoch, logs: …)``.

    Accepts ``on_epoch_begin/end(epoch, logs)``, ``on_train_batch_begin/end(batch, logs)``
    (``on_batch_begin/end`` too), ``on_train_begin/end(logs)`` and the test/predict hooks.
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None,
                 on_train_end=None, on_train_batch_begin=None, on_train_batch_end=None,
                 **kwargs):
        super().__init__()
        hooks = dict(kwargs)
        hooks.update(on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end,
                     on_train_begin=on_train_begin, on_train_end=on_train_end,
                     on_train_batch_begin=on_train_batch_begin,
                     on_train_batch_end=on_train_batch_end)
        for name, fn in hooks.items():
            if fn is None:
                continue
            if not hasattr(Callback, name):
                raise TypeError(f"LambdaCallback got an unknown hook {name!r}")
            setattr(self, name, fn)


class RemoteMonitor(Callback):
    """Not available: tensorweave does not send training logs over the network."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("RemoteMonitor is not supported by tensorweave.keras.")


class TensorBoard(Callback):
    """Writes the logs of each epoch (and optionally of each batch) as TensorBoard scalars,
    through ``tensorweave.summary``: ``train`` and ``validation`` runs under ``log_dir``,
    tags ``epoch_loss``, ``epoch_accuracy`` … (and ``batch_*`` with ``update_freq`` an int).

    Args:
        log_dir: the directory of the event files.
        histogram_freq: every how many epochs to write weight histograms (0: never).
        write_graph: write the model's graph (to the ``train`` run).
        update_freq: ``"epoch"`` or every how many batches to write batch logs.
    """

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True,
                 write_images=False, write_steps_per_second=False, update_freq="epoch",
                 profile_batch=0, embeddings_freq=0, embeddings_metadata=None):
        super().__init__()
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self._writers = {}
        self._global_batch = 0
        self._epoch_start = None

    def _writer(self, run):
        if run not in self._writers:
            from ... import summary
            self._writers[run] = summary.create_file_writer(os.path.join(self.log_dir, run))
        return self._writers[run]

    def on_train_begin(self, logs=None):
        self._global_batch = 0
        if self.write_graph:
            graph = getattr(self.model, "_graph_for_summary", lambda: None)()
            if graph is not None:
                from ... import summary
                with self._writer("train").as_default():
                    summary.graph(graph)

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.time()

    def on_train_batch_end(self, batch, logs=None):
        self._global_batch += 1
        if isinstance(self.update_freq, int) and self._global_batch % self.update_freq == 0:
            from ... import summary
            with self._writer("train").as_default():
                for k, v in (logs or {}).items():
                    summary.scalar(f"batch_{k}", float(v), step=self._global_batch)

    def on_epoch_end(self, epoch, logs=None):
        from ... import summary
        logs = logs or {}
        train = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        with self._writer("train").as_default():
            for k, v in train.items():
                summary.scalar(f"epoch_{k}", float(v), step=epoch)
            if self.write_steps_per_second and self._epoch_start is not None:
                steps = self.params.get("steps") or 0
                summary.scalar("epoch_steps_per_second",
                               steps / max(time.time() - self._epoch_start, 1e-9), step=epoch)
            if self.histogram_freq and epoch % self.histogram_freq == 0:
                for w, value in zip(self.model.weights, self.model.get_weights()):
                    summary.histogram(w.path, value, step=epoch)
        if val:
            with self._writer("validation").as_default():
                for k, v in val.items():
                    summary.scalar(f"epoch_{k}", float(v), step=epoch)
        for w in self._writers.values():
            w.flush()

    def on_train_end(self, logs=None):
        for w in self._writers.values():
            w.close()
        self._writers = {}
