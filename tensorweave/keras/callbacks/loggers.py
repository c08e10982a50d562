"""Callbacks that record or react to the logs: ``CSVLogger``, ``TerminateOnNaN``,
``LambdaCallback`` and ``RemoteMonitor`` (unsupported)."""

import csv
import os

import numpy as np

from .callback import Callback, _print

__all__ = ["CSVLogger", "TerminateOnNaN", "LambdaCallback", "RemoteMonitor"]


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
            if not val_keys and self.keys:  # Keras: val_ columns anyway (NA until filled)
                self.keys += ["val_" + k for k in self.keys]
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
            setattr(self, name, _positional(fn))


def _positional(fn):
    """The hook with the logs passed positionally, whichever way it is called (batch hooks
    get ``logs=`` as a keyword), so ``lambda batch, l: …`` works too."""
    def hook(*args, **kwargs):
        return fn(*args, *kwargs.values())
    return hook


class RemoteMonitor(Callback):
    """Not available: tensorweave does not send training logs over the network."""

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("RemoteMonitor is not supported by tensorweave.keras.")
