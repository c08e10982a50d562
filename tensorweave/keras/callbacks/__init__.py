"""``keras.callbacks``: hooks into ``fit``/``evaluate``/``predict``.

Every hook of Keras 3 exists on ``Callback``: ``on_train_begin/end``,
``on_epoch_begin/end``, ``on_train_batch_begin/end`` (``on_batch_*`` are aliases),
``on_test_begin/end``, ``on_test_batch_begin/end``, ``on_predict_begin/end``,
``on_predict_batch_begin/end``. ``logs`` are dicts of Python floats, keys sorted as Keras
shows them (``accuracy``, ``loss``, ``val_accuracy``, ``val_loss``). ``self.model`` is the
model, ``self.params`` holds ``epochs``, ``steps`` and ``verbose``.

``TensorBoard`` (``tensorboard.py``) writes the logs, weight histograms and the model graph
as TensorBoard event files in ``train/`` and ``validation/`` runs, as Keras 3 does.
"""

from .callback import Callback, CallbackList, History, ProgbarLogger
from .monitors import EarlyStopping, ModelCheckpoint, LearningRateScheduler, ReduceLROnPlateau
from .loggers import CSVLogger, TerminateOnNaN, LambdaCallback, RemoteMonitor
from .tensorboard import TensorBoard

__all__ = ["Callback", "CallbackList", "History", "ProgbarLogger", "EarlyStopping",
           "ModelCheckpoint", "LearningRateScheduler", "ReduceLROnPlateau", "CSVLogger",
           "TerminateOnNaN", "LambdaCallback", "RemoteMonitor", "TensorBoard"]
