"""``keras.callbacks``: hooks into ``fit``/``evaluate``/``predict``.

Every hook of Keras 3 exists on ``Callback``: ``on_train_begin/end``,
``on_epoch_begin/end``, ``on_train_batch_begin/end`` (``on_batch_*`` are aliases),
``on_test_begin/end``, ``on_test_batch_begin/end``, ``on_predict_begin/end``,
``on_predict_batch_begin/end``. ``logs`` are dicts of Python floats, keys sorted as Keras
shows them (``accuracy``, ``loss``, ``val_accuracy``, ``val_loss``). ``self.model`` is the
model, ``self.params`` holds ``epochs``, ``steps`` and ``verbose``.

A TensorBoard-style callback needs only these hooks: the logs of each epoch
(``on_epoch_end``) and of each batch (``on_train_batch_end``), and the model (its graph,
weights via ``get_weights``).
"""

from .callback import Callback, CallbackList, History, ProgbarLogger
from .monitors import EarlyStopping, ModelCheckpoint, LearningRateScheduler, ReduceLROnPlateau
from .loggers import CSVLogger, TerminateOnNaN, LambdaCallback, RemoteMonitor, TensorBoard

__all__ = ["Callback", "CallbackList", "History", "ProgbarLogger", "EarlyStopping",
           "ModelCheckpoint", "LearningRateScheduler", "ReduceLROnPlateau", "CSVLogger",
           "TerminateOnNaN", "LambdaCallback", "RemoteMonitor", "TensorBoard"]
