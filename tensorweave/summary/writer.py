"""Event files: TF1's ``FileWriter``, TF2's ``SummaryWriter`` and the default writer.

Every event goes through tensorboard's own ``EventFileWriter`` (the writer
``torch.utils.tensorboard`` uses too): it opens ``events.out.tfevents.<time>.<host>.<pid>.<n>``
in the log directory, writes the ``brain.Event:2`` header, and appends each event as one
length- and CRC-framed record from a background thread, flushing at least every
``flush_secs``. A record is whole or absent, so a process that dies mid-run leaves a file
that TensorBoard reads up to the last flush. Writers are flushed and closed by ``close()``,
by leaving a ``with`` block, and at interpreter exit.

Layering: ``FileWriter`` writes protos to one file; ``SummaryWriter`` (TF2,
``create_file_writer``) owns a ``FileWriter`` and is what ``tensorweave.summary.scalar`` …
write to while it is the default (``with writer.as_default(step=…):``). A Keras
``TensorBoard`` callback is meant to be a thin layer over ``SummaryWriter``: one writer per
``train``/``validation`` subdirectory, ``write_summary`` / ``scalar`` per epoch or batch,
``write_graph`` once.
"""

import atexit
import contextlib
import os
import threading
import time
import warnings

from .. import errors as _errors
from .. import graph as _g
from . import encode as _enc

__all__ = ["FileWriter", "FileWriterCache", "SummaryWriter", "create_file_writer",
           "create_noop_writer", "flush", "get_step", "set_step", "record_if",
           "should_record_summaries", "get_default_writer"]

# -- open event files, closed (so flushed) at interpreter exit ----------------------------------

_open_files = set()
_open_lock = threading.Lock()
_atexit_registered = []


def _open_event_file(logdir, max_queue, flush_secs, filename_suffix):
    module = _errors.require("tensorboard.summary.writer.event_file_writer", "tensorboard")
    events = module.EventFileWriter(logdir, max_queue_size=max(1, int(max_queue)),
                                    flush_secs=flush_secs, filename_suffix=filename_suffix or "")
    with _open_lock:
        _open_files.add(events)
        if not _atexit_registered:
            atexit.register(_close_all_event_files)
            _atexit_registered.append(True)
    return events


def _close_event_file(events):
    with _open_lock:
        _open_files.discard(events)
    events.close()


def _close_all_event_files():
    for events in list(_open_files):
        try:
            _close_event_file(events)
        except Exception:  # noqa: BLE001 - at exit, one broken file must not stop the rest
            pass


# -- TF1 -----------------------------------------------------------------------------------------

class FileWriter:
    """Writes summaries and the graph to an event file in ``logdir`` (``tf.summary.FileWriter``).

    Args:
        logdir: the log directory (created if missing). TensorBoard shows each directory
            holding event files as one run.
        graph: optional ``tf.Graph`` (e.g. ``sess.graph``) written at once for the Graphs
            dashboard.
        max_queue: events queued before ``add_*`` waits for the writer thread.
        flush_secs: the longest time an added event waits before it is flushed to disk.
        graph_def: a ``GraphDef`` proto, the TF1 alternative to ``graph``.
        filename_suffix: appended to the event file's name.
        session: accepted for compatibility; unused.

    Example:
        >>> merged = tf.summary.merge_all()
        >>> with tf.summary.FileWriter("logs/run1", sess.graph) as writer:
        ...     for step in range(100):
        ...         summary, _ = sess.run([merged, train_op], feed_dict=feed)
        ...         writer.add_summary(summary, step)
    """

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None,
                 filename_suffix=None, session=None):
        self._logdir = os.fspath(logdir)
        self._max_queue = max_queue
        self._flush_secs = flush_secs
        self._filename_suffix = filename_suffix
        self._events = _open_event_file(self._logdir, max_queue, flush_secs, filename_suffix)
        self._closed = False
        self._warned_closed = False
        self._seen_summary_tags = set()
        self._run_metadata_tags = set()
        if graph is not None or graph_def is not None:
            self.add_graph(graph, graph_def=graph_def)
            # TF's FileWriter follows a graph given to its constructor (not one given to a
            # later add_graph) with a meta_graph_def event.
            self.add_meta_graph(_meta_graph_def(graph if graph is not None else graph_def))

    def get_logdir(self):
        """The directory the event file is in."""
        return self._logdir

    # -- adding ---------------------------------------------------------------------------------
    def add_summary(self, summary, global_step=None):
        """Adds a summary (the bytes ``sess.run(summary_op)`` returns, or a ``Summary``
        proto) at step ``global_step``.

        Raises:
            TypeError: ``summary`` is neither (for instance the summary op itself).
        """
        summary = _enc.as_summary(summary)
        # TensorBoard reads a tag's plugin metadata from its first value: later values of
        # the same tag need not repeat it (TF's writer strips it the same way).
        for value in summary.value:
            if not value.HasField("metadata"):
                continue
            if value.tag in self._seen_summary_tags:
                value.ClearField("metadata")
            else:
                self._seen_summary_tags.add(value.tag)
        self.add_event(_enc.proto("event_pb2").Event(summary=summary), global_step)

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Adds a graph for TensorBoard's Graphs dashboard: a ``tf.Graph`` (exported with
        ``graph_export.graph_def``) or a ``GraphDef`` proto (or its bytes)."""
        if graph is not None and graph_def is not None:
            raise ValueError("Please pass only graph, or graph_def (deprecated), but not both.")
        graph = graph if graph is not None else graph_def
        if isinstance(graph, _g.Graph):
            from .graph_export import graph_def as export
            data = export(graph).SerializeToString()
        elif isinstance(graph, (bytes, bytearray)):
            data = bytes(graph)
        elif hasattr(graph, "SerializeToString"):
            data = graph.SerializeToString()
        else:
            raise TypeError(f"add_graph needs a tf.Graph or a GraphDef, got "
                            f"{type(graph).__name__}")
        self.add_event(_enc.proto("event_pb2").Event(graph_def=data), global_step)

    def add_meta_graph(self, meta_graph_def, global_step=None):
        """Adds a ``MetaGraphDef`` proto (or its serialized bytes) as a ``meta_graph_def``
        event."""
        data = meta_graph_def if isinstance(meta_graph_def, (bytes, bytearray)) else \
            meta_graph_def.SerializeToString()
        self.add_event(_enc.proto("event_pb2").Event(meta_graph_def=bytes(data)), global_step)

    def add_run_metadata(self, run_metadata, tag, global_step=None):
        """Adds the per-op timings of a traced ``Session.run`` (``tf.RunMetadata``, see
        ``tensorweave.timeline``) under ``tag``: TensorBoard's graph view then offers the run
        and colours nodes by compute time.

        Raises:
            ValueError: ``tag`` was already used in this file (TensorBoard keeps one run
                per tag).
        """
        if tag in self._run_metadata_tags:
            raise ValueError(f"The provided tag {tag!r} was already used for this event type")
        self._run_metadata_tags.add(tag)
        data = run_metadata.to_proto() if hasattr(run_metadata, "to_proto") else run_metadata
        data = data.SerializeToString() if hasattr(data, "SerializeToString") else bytes(data)
        tagged = _enc.proto("event_pb2").TaggedRunMetadata(tag=tag, run_metadata=data)
        self.add_event(_enc.proto("event_pb2").Event(tagged_run_metadata=tagged), global_step)

    def add_session_log(self, session_log, global_step=None):
        """Adds a ``SessionLog`` proto (e.g. ``SessionLog(status=SessionLog.START)``)."""
        self.add_event(_enc.proto("event_pb2").Event(session_log=session_log), global_step)

    def add_event(self, event, global_step=None):
        """Adds an ``Event`` proto; its ``wall_time`` is set to now when unset. Events added
        after ``close()`` are dropped with a warning (as TF1 drops them); ``reopen()``
        first."""
        if self._closed:
            if not self._warned_closed:
                warnings.warn(f"FileWriter for {self._logdir!r} is closed; the event is "
                              "dropped. Call writer.reopen() to write again.", stacklevel=3)
                self._warned_closed = True
            return
        if not event.wall_time:
            event.wall_time = time.time()
        if global_step is not None:
            event.step = int(global_step)
        self._events.add_event(event)

    # -- lifetime ---------------------------------------------------------------------------------
    def flush(self):
        """Writes every added event to disk."""
        if not self._closed:
            self._events.flush()

    def close(self):
        """Flushes and closes the event file. Later events are dropped until ``reopen()``."""
        if not self._closed:
            self._closed = True
            _close_event_file(self._events)

    def reopen(self):
        """After ``close()``: opens a new event file in the same directory. Otherwise does
        nothing."""
        if self._closed:
            self._events = _open_event_file(self._logdir, self._max_queue, self._flush_secs,
                                            self._filename_suffix)
            self._closed = False
            self._warned_closed = False
            self._seen_summary_tags = set()
            self._run_metadata_tags = set()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class FileWriterCache:
    """One ``FileWriter`` per log directory (``tf.summary.FileWriterCache``)."""

    _cache = {}
    _lock = threading.Lock()

    @staticmethod
    def get(logdir):
        """The cached FileWriter for ``logdir``, created on first use."""
        with FileWriterCache._lock:
            writer = FileWriterCache._cache.get(logdir)
            if writer is None:
                writer = FileWriterCache._cache[logdir] = FileWriter(logdir)
            return writer

    @staticmethod
    def clear():
        """Closes and forgets every cached writer."""
        with FileWriterCache._lock:
            for writer in FileWriterCache._cache.values():
                writer.close()
            FileWriterCache._cache.clear()


# -- TF2 -------------------------------------------------------------------------------------------

class _State(threading.local):
    """Per thread, as in TensorFlow: the default writer, the default step, recording."""

    def __init__(self):
        self.writer = None
        self.step = None
        self.recording = True


_state = _State()


class SummaryWriter:
    """A TF2 summary writer (``tf.summary.create_file_writer``): summaries written while it
    is the default go to its event file.

    Use ``create_file_writer`` to make one. ``write_summary`` / ``write_graph`` are the
    lower-level entry points the summary functions (and a Keras callback) use.
    """

    def __init__(self, logdir, max_queue=10, flush_millis=120000, filename_suffix=None):
        self._file = FileWriter(logdir, max_queue=max_queue, flush_secs=flush_millis / 1000.0,
                                filename_suffix=filename_suffix)
        self._closed = False

    @property
    def logdir(self):
        return self._file.get_logdir()

    @contextlib.contextmanager
    def as_default(self, step=None):
        """Makes this the default writer inside the ``with`` block (and ``step`` the default
        step, when given); flushes on exit.

        Example:
            >>> writer = tw.summary.create_file_writer("logs/train")
            >>> with writer.as_default(step=3):
            ...     tw.summary.scalar("loss", 0.25)
            True
        """
        old_writer, old_step = _state.writer, _state.step
        _state.writer = self
        if step is not None:
            _state.step = int(step)
        try:
            yield self
        finally:
            _state.writer = old_writer
            if step is not None:
                _state.step = old_step
            self.flush()

    def set_as_default(self, step=None):
        """Makes this the default writer of this thread from now on (and ``step`` the
        default step, when given)."""
        _state.writer = self
        if step is not None:
            _state.step = int(step)

    def init(self):
        """Kept for TF2 compatibility: the event file is open from construction on."""

    def write_summary(self, summary, step):
        """Writes a ``Summary`` proto (or its bytes) at ``step``."""
        self._check_open()
        self._file.add_summary(summary, int(step))

    def write_graph(self, graph, step=0):
        """Writes a ``tf.Graph`` (or ``GraphDef``) for TensorBoard's Graphs dashboard."""
        self._check_open()
        self._file.add_graph(graph, global_step=step)

    def flush(self):
        """Writes every pending event to disk."""
        if not self._closed:
            self._file.flush()

    def close(self):
        """Flushes and closes the writer; writing afterwards raises RuntimeError."""
        if not self._closed:
            self._closed = True
            self._file.close()
            if _state.writer is self:
                _state.writer = None

    def _check_open(self):
        if self._closed:
            raise RuntimeError(f"The summary writer for {self.logdir!r} is closed; create a "
                               "new one with tw.summary.create_file_writer.")


class _NoopSummaryWriter:
    """A writer that writes nothing (``create_noop_writer``): summaries return False."""

    logdir = None

    @contextlib.contextmanager
    def as_default(self, step=None):
        old_writer, old_step = _state.writer, _state.step
        _state.writer = self
        if step is not None:
            _state.step = int(step)
        try:
            yield self
        finally:
            _state.writer = old_writer
            if step is not None:
                _state.step = old_step

    def set_as_default(self, step=None):
        _state.writer = self
        if step is not None:
            _state.step = int(step)

    def init(self):
        pass

    def flush(self):
        pass

    def close(self):
        pass


def create_file_writer(logdir, max_queue=None, flush_millis=None, filename_suffix=None,
                       name=None, experimental_trackable=False):
    """A ``SummaryWriter`` writing to a new event file in ``logdir``.

    Args:
        logdir: the log directory (created if missing).
        max_queue: events queued before a write waits (default 10).
        flush_millis: the longest time an event waits before it is flushed (default 120000).
        filename_suffix: appended to the event file's name.
        name, experimental_trackable: accepted for compatibility.

    Raises:
        MissingExtraError: the ``tensorboard`` extra is not installed.

    Example:
        >>> writer = tw.summary.create_file_writer("logs/run1")
        >>> with writer.as_default():
        ...     for step in range(3):
        ...         tw.summary.scalar("loss", 1.0 / (step + 1), step=step)
    """
    return SummaryWriter(logdir, max_queue=10 if max_queue is None else max_queue,
                         flush_millis=120000 if flush_millis is None else flush_millis,
                         filename_suffix=filename_suffix)


def create_noop_writer():
    """A writer that writes nothing; summaries written under it return False."""
    return _NoopSummaryWriter()


def get_default_writer():
    """The default writer of this thread, or None."""
    return _state.writer


def flush(writer=None, name=None):
    """Flushes ``writer`` (default: the default writer, if any)."""
    writer = _state.writer if writer is None else writer
    if writer is not None:
        writer.flush()


def get_step():
    """The default step (``set_step``, or the ``step`` of ``as_default``), or None."""
    return _state.step


def set_step(step):
    """Sets the default step used by summaries written without ``step=``."""
    _state.step = None if step is None else int(step)


@contextlib.contextmanager
def record_if(condition):
    """Inside the block, summaries are written only when ``condition`` (a bool, or a
    callable returning one, evaluated at each write) holds."""
    old = _state.recording
    _state.recording = condition
    try:
        yield
    finally:
        _state.recording = old


def should_record_summaries():
    """Whether a summary written now would be written: a real default writer exists and
    recording is on."""
    writer = _state.writer
    if writer is None or isinstance(writer, _NoopSummaryWriter):
        return False
    recording = _state.recording
    return bool(recording() if callable(recording) else recording)


def _resolve_step(step):
    if step is None:
        step = _state.step
    if step is None:
        raise ValueError("No step set. Please specify one either through the `step` argument "
                         "or through tw.summary.experimental.set_step()")
    return int(step)


def write_to_default(make_summary, step):
    """Writes ``make_summary()`` at ``step`` (default: the default step) to the default
    writer. Returns False, computing nothing, when no summary would be recorded."""
    if not should_record_summaries():
        return False
    step = _resolve_step(step)
    _state.writer.write_summary(make_summary(), step)
    return True


def _meta_graph_def(graph):
    """A TensorBoard ``MetaGraphDef`` for ``graph`` (a ``tf.Graph``, or a ``GraphDef`` whose
    collections come from the default graph): its GraphDef, a meta info header, and the
    collections TF records — variables as ``VariableDef``s, tensors and ops by name."""
    from .. import __version__
    mg = _enc.proto("meta_graph_pb2")
    meta = mg.MetaGraphDef()
    meta.meta_info_def.tensorflow_version = str(__version__)
    meta.meta_info_def.tensorflow_git_version = "tensorweave"
    if isinstance(graph, _g.Graph):
        from .graph_export import graph_def as export
        meta.graph_def.CopyFrom(export(graph))
    else:
        data = bytes(graph) if isinstance(graph, (bytes, bytearray)) else \
            graph.SerializeToString()
        meta.graph_def.ParseFromString(data)
        graph = _g.get_default_graph()
    from ..variables import Variable
    for key in sorted(k for k in graph.get_all_collection_keys() if isinstance(k, str)):
        items = graph.get_collection(key)
        if not items:
            continue
        if all(isinstance(v, Variable) for v in items):
            vdef = _enc.proto("variable_pb2")
            blist = meta.collection_def[key].bytes_list
            for v in items:
                d = vdef.VariableDef(variable_name=v.name, initializer_name=v.initializer.name,
                                     snapshot_name=v.value().name, trainable=v.trainable)
                init = getattr(v, "_initial_value", None)
                if init is not None and hasattr(init, "name"):
                    d.initial_value_name = init.name
                blist.value.append(d.SerializeToString())
        elif all(hasattr(v, "name") and hasattr(v, "graph") for v in items):
            meta.collection_def[key].node_list.value.extend(str(v.name) for v in items)
    return meta
