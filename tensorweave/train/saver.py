"""Checkpoints: ``tf.train.Saver`` writes and restores variable values.

File format (one checkpoint = a prefix such as ``model.ckpt-100``):

* ``<prefix>.data-00000-of-00001`` — the variables' raw little-endian bytes, one after another
  (a string variable: each element as an 8-byte little-endian length, then its bytes).
* ``<prefix>.index`` — JSON: ``{"format": "tensorweave-checkpoint", "version": 1,
  "tensors": {name: {"dtype", "shape", "offset", "nbytes", "crc32"}}, "data_bytes": N}``.
  It is written last, so a checkpoint without its index is incomplete by construction.
* ``checkpoint`` (in the directory) — TensorFlow's text format naming the latest checkpoint
  and the ones kept: ``model_checkpoint_path: "model.ckpt-100"`` and
  ``all_model_checkpoint_paths: "..."`` lines, so ``latest_checkpoint`` works as in TF.
* ``<prefix>.meta`` (with ``write_meta_graph=True``, the default) — the graph, its
  collections and this saver, in tensorweave's JSON meta-graph format (see
  ``tensorweave/train/meta_graph.py``), for ``tf.train.import_meta_graph``. A graph that
  cannot be described as data (an op holding a Python function) gets a warning, once per
  Saver, and no ``.meta``; the checkpoint is written all the same.

Every file is written to a temporary name and renamed into place (atomic on POSIX). Reading
checks sizes and CRC-32 checksums, and names the variable whose data is missing, damaged or
of the wrong shape.
"""

import json
import os
import re
import time
import warnings
import zlib

import numpy as np

from .. import errors as _errors
from .. import graph as _g
from ..graph import GraphKeys

__all__ = ["Saver", "latest_checkpoint", "get_checkpoint_state", "checkpoint_exists",
           "list_variables", "load_variable", "NewCheckpointReader", "CheckpointState"]

_FORMAT = "tensorweave-checkpoint"
_DATA_SUFFIX = ".data-00000-of-00001"


def _write_tmp(path, data, mode="wb"):
    """``data`` in a temporary file beside ``path``, flushed to disk; returns its name."""
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, mode) as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


def _atomic_write(path, data, mode="wb"):
    tmp = _write_tmp(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def _write_checkpoint(prefix, data, index):
    """Writes a checkpoint's data and index files so that a failure at any point leaves the
    checkpoint that was at ``prefix`` before (or none) and no other file."""
    data_path, index_path = prefix + _DATA_SUFFIX, prefix + ".index"
    data_tmp = _write_tmp(data_path, data)
    try:
        index_tmp = _write_tmp(index_path, index, mode="w")
    except BaseException:
        _remove(data_tmp)
        raise
    backup = None
    try:
        if os.path.exists(data_path):  # an earlier save to this prefix: keep it until done
            backup = f"{data_path}.old{os.getpid()}"
            os.replace(data_path, backup)
        os.replace(data_tmp, data_path)
        os.replace(index_tmp, index_path)
    except BaseException:
        _remove(data_tmp)
        _remove(index_tmp)
        if backup is not None and os.path.exists(backup):
            os.replace(backup, data_path)  # the earlier checkpoint, whole again
        elif not os.path.exists(index_path):
            _remove(data_path)
        raise
    if backup is not None:
        _remove(backup)


def _escape(text):
    """A string field of protobuf's text format (what TF writes in ``checkpoint``)."""
    out = []
    for b in text.encode("utf-8"):
        c = chr(b)
        if c in "\\\"'":
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif 32 <= b < 127:
            out.append(c)
        else:
            out.append(f"\\{b:03o}")
    return "".join(out)


_UNESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.S)
_SIMPLE = {"n": b"\n", "r": b"\r", "t": b"\t", "a": b"\a", "b": b"\b", "f": b"\f",
           "v": b"\v"}


def _unescape(text):
    def one(m):
        if m.group(1):
            return bytes([int(m.group(1), 8) & 0xFF])
        if m.group(2):
            return bytes([int(m.group(2), 16)])
        return _SIMPLE.get(m.group(3), m.group(3).encode("utf-8"))
    raw, pos = bytearray(), 0
    for m in _UNESCAPE.finditer(text):
        raw += text[pos:m.start()].encode("utf-8") + one(m)
        pos = m.end()
    raw += text[pos:].encode("utf-8")
    return raw.decode("utf-8", errors="surrogateescape")


class CheckpointState:
    """The contents of a ``checkpoint`` state file."""

    def __init__(self, model_checkpoint_path, all_model_checkpoint_paths):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths)

    def __repr__(self):
        return (f"model_checkpoint_path: {self.model_checkpoint_path!r}\n"
                f"all_model_checkpoint_paths: {self.all_model_checkpoint_paths!r}")


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The ``CheckpointState`` in ``checkpoint_dir``, or None when there is none.

    Raises:
        ValueError: the state file names no ``model_checkpoint_path``.
    """
    path = os.path.join(checkpoint_dir, latest_filename or "checkpoint")
    if not os.path.exists(path):
        return None
    latest, everything = None, []
    with open(path) as f:
        for line in f:
            m = re.match(r'\s*(\w+)\s*:\s*"((?:[^"\\]|\\.)*)"\s*$', line)
            if not m:
                continue
            key, value = m.group(1), _unescape(m.group(2))
            if not os.path.isabs(value):
                value = os.path.join(checkpoint_dir, value)
            if key == "model_checkpoint_path":
                latest = value
            elif key == "all_model_checkpoint_paths":
                everything.append(value)
    if not latest:
        raise ValueError(f"Invalid checkpoint state loaded from {checkpoint_dir}")
    return CheckpointState(latest, everything or [latest])


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint in ``checkpoint_dir`` (None if there is none)."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is None:
        return None
    if checkpoint_exists(state.model_checkpoint_path):
        return state.model_checkpoint_path
    return None


def checkpoint_exists(checkpoint_prefix):
    """Whether a checkpoint exists at ``checkpoint_prefix`` (its index file, as in TF; a
    checkpoint whose data file is missing then fails to restore with DataLossError)."""
    return os.path.exists(os.fspath(checkpoint_prefix) + ".index")


class NewCheckpointReader:
    """Reads a checkpoint's tensors: ``get_tensor(name)``, ``get_variable_to_shape_map()``.

    Raises:
        NotFoundError: when no complete checkpoint exists at ``prefix``.
        DataLossError: when the index is unreadable or the data file is truncated.
    """

    def __init__(self, prefix):
        prefix = os.fspath(prefix)
        index_path = prefix + ".index"
        data_path = prefix + _DATA_SUFFIX
        if not os.path.exists(index_path):
            hint = " (its data file exists: the save did not finish)" \
                if os.path.exists(data_path) else ""
            raise _errors.NotFoundError(
                None, None, f"Unsuccessful TensorSliceReader constructor: Failed to find any "
                f"matching files for {prefix}{hint}. The passed save_path is not a valid "
                "checkpoint prefix; use tf.train.latest_checkpoint(dir) to find one.")
        try:
            with open(index_path) as f:
                index = json.load(f)
        except (OSError, ValueError) as e:
            raise _errors.DataLossError(None, None, f"Checkpoint index {index_path} is "
                                        f"damaged and cannot be read: {e}") from None
        if index.get("format") != _FORMAT:
            raise _errors.DataLossError(None, None, f"{index_path} is not a tensorweave "
                                        "checkpoint index.")
        if not os.path.exists(data_path):
            raise _errors.DataLossError(None, None, f"Checkpoint {prefix} is missing its data "
                                        f"file {data_path}.")
        size = os.path.getsize(data_path)
        if size != index["data_bytes"]:
            cut = sorted(k for k, e in index["tensors"].items()
                         if e["offset"] + e["nbytes"] > size)
            what = f" (the data of {', '.join(cut)} is cut off)" if cut else ""
            raise _errors.DataLossError(None, None, f"Checkpoint data file {data_path} has "
                                        f"{size} bytes, expected {index['data_bytes']}: it is "
                                        f"truncated or damaged{what}.")
        self._prefix = prefix
        self._data_path = data_path
        self._entries = index["tensors"]

    def has_tensor(self, name):
        return name in self._entries

    def get_variable_to_shape_map(self):
        return {k: list(v["shape"]) for k, v in self._entries.items()}

    def get_variable_to_dtype_map(self):
        from .. import dtypes
        return {k: dtypes.as_dtype(v["dtype"]) for k, v in self._entries.items()}

    def get_tensor(self, name):
        entry = self._entries.get(name)
        if entry is None:
            raise _errors.NotFoundError(None, None, f"Key {name} not found in checkpoint "
                                        f"{self._prefix}")
        with open(self._data_path, "rb") as f:
            f.seek(entry["offset"])
            raw = f.read(entry["nbytes"])
        if len(raw) != entry["nbytes"] or zlib.crc32(raw) != entry["crc32"]:
            raise _errors.DataLossError(None, None, f"Checksum mismatch for variable {name} in "
                                        f"checkpoint {self._prefix}: the data is damaged.")
        if entry["dtype"] == "string":
            return _decode_strings(raw, entry["shape"])
        arr = np.frombuffer(raw, dtype=np.dtype(entry["dtype"]).newbyteorder("<"))
        return arr.astype(np.dtype(entry["dtype"]), copy=True).reshape(entry["shape"])


def _encode_strings(arr):
    parts = []
    for v in arr.ravel():
        b = v.encode("utf-8") if isinstance(v, str) else bytes(v)
        parts.append(len(b).to_bytes(8, "little"))
        parts.append(b)
    return b"".join(parts)


def _decode_strings(raw, shape):
    out = np.empty(int(np.prod(shape)), dtype=object)
    pos = 0
    for i in range(out.size):
        n = int.from_bytes(raw[pos:pos + 8], "little")
        out[i] = bytes(raw[pos + 8:pos + 8 + n])
        pos += 8 + n
    return out.reshape(shape)


def list_variables(ckpt_dir_or_file):
    """``[(name, shape), …]`` of the checkpoint (a prefix or a directory)."""
    reader = NewCheckpointReader(_resolve(ckpt_dir_or_file))
    return sorted((k, v) for k, v in reader.get_variable_to_shape_map().items())


def load_variable(ckpt_dir_or_file, name):
    """One variable's value from a checkpoint (``name`` may be a tensor name: ``"w:0"``)."""
    if name.endswith(":0"):
        name = name[:-2]
    return NewCheckpointReader(_resolve(ckpt_dir_or_file)).get_tensor(name)


def _tf_type_name(dtype):
    """TensorFlow's C++ name of a dtype (as its kernels print it: float, double, half)."""
    return {"float32": "float", "float64": "double", "float16": "half"}.get(dtype.name,
                                                                          dtype.name)


def _is_variable(v):
    from ..variables import Variable
    return isinstance(v, Variable) or \
        getattr(getattr(v, "op", None), "type", None) in ("VariableV2", "VarHandleOp")


def _named_variables(var_list):
    """{checkpoint name: variable} from a list or dict, checked as TF checks it."""
    if isinstance(var_list, dict):
        items = list(var_list.items())
    elif isinstance(var_list, (list, tuple, set)):
        items = [(getattr(getattr(v, "op", None), "name", None), v) for v in var_list]
    else:
        raise TypeError(f"Variables to save should be passed in a dict or a list: {var_list}")
    named, seen = {}, {}
    for key, v in items:
        if not _is_variable(v):
            raise TypeError(f"Variable to save is not a Variable: {v}")
        if key in named and named[key] is not v:
            raise ValueError(f"At least two variables have the same name: {key}")
        if id(v) in seen and seen[id(v)] != key:
            raise ValueError(f"The same saveable will be restored with two names: {key}")
        named[key] = v
        seen[id(v)] = key
    return named


def _resolve(path):
    if os.path.isdir(path):
        found = latest_checkpoint(path)
        if found is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given "
                             f"directory {path}")
        return found
    return path


class Saver:
    """Saves and restores variables.

    Args:
        var_list: variables to save (a list, or a dict from checkpoint name to variable);
            default: all global variables (and saveable objects).
        max_to_keep: how many recent checkpoints to keep (None or 0: keep all).
        keep_checkpoint_every_n_hours: also keep one checkpoint per this many hours.
        allow_empty: allow a Saver with nothing to save.

    Raises:
        ValueError: when there are no variables to save (unless ``allow_empty``) or two
            variables share a checkpoint name.

    Example:
        >>> saver = tf.train.Saver()
        >>> path = saver.save(sess, "ckpt/model.ckpt", global_step=100)
        >>> saver.restore(sess, tf.train.latest_checkpoint("ckpt"))
    """

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5,
                 keep_checkpoint_every_n_hours=10000.0, name=None, restore_sequentially=False,
                 saver_def=None, builder=None, defer_build=False, allow_empty=False,
                 write_version=2, pad_step_number=False, save_relative_paths=False,
                 filename=None):
        if var_list is None:
            var_list = _g.get_collection(GraphKeys.GLOBAL_VARIABLES)
        named = _named_variables(var_list)
        self._is_empty = not named
        if self._is_empty and not allow_empty:
            raise ValueError("No variables to save")
        self._vars = named
        self._max_to_keep = max_to_keep
        self._keep_hours = keep_checkpoint_every_n_hours
        # TF's rule: a checkpoint due for deletion is kept when it was written after this
        # time, which then moves on by keep_checkpoint_every_n_hours
        self._next_keep_time = time.time() + keep_checkpoint_every_n_hours * 3600
        self._kept = []  # (prefix, timestamp), oldest first
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._meta_suffixes = {"meta"}  # of the meta graphs written: deleted with their ckpt
        self._meta_refused = None  # (graph, version) whose export failed: warned once

    def save(self, sess, save_path, global_step=None, latest_filename=None,
             meta_graph_suffix="meta", write_meta_graph=True, write_state=True,
             strip_default_attrs=False, save_debug_info=False):
        """Writes the variables' current values in ``sess``; returns the checkpoint prefix
        (None for an empty Saver). A failed save leaves the files as they were.

        With ``write_meta_graph`` (the default, as in TF) it also writes the graph to
        ``<prefix>.<meta_graph_suffix>`` for ``tf.train.import_meta_graph``; a graph with an
        op that cannot be stored as data gets a warning (once per Saver) and no such file.

        Raises:
            FailedPreconditionError: when a variable is not initialized in ``sess``.
            ValueError: when the directory of ``save_path`` does not exist, or
                ``latest_filename`` has path components or is ``save_path``'s file name.
        """
        latest_filename = latest_filename or "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must not contain path components")
        save_path = os.fspath(save_path)
        if global_step is not None:
            if not isinstance(global_step, (int, np.integer)):
                global_step = int(sess.run(global_step))
            step = f"{int(global_step):08d}" if self._pad_step_number else str(int(global_step))
            prefix = f"{save_path}-{step}"
        else:
            prefix = save_path
            if os.path.basename(save_path) == latest_filename:
                raise ValueError(f"'latest_filename' collides with 'save_path': "
                                 f"'{latest_filename}' and '{save_path}'")
        if self._is_empty:
            if write_meta_graph:  # TF writes the graph even for an empty Saver
                self._write_meta_graph(sess.graph, prefix, meta_graph_suffix)
            return None
        directory = os.path.dirname(os.path.abspath(prefix))
        if not os.path.isdir(directory):
            # TF's checkpoint writer makes the last directory of the path when the one
            # above it exists (Saver().save(sess, "ckpt/model") works in a fresh folder);
            # a path missing two or more levels is refused.
            if not os.path.isdir(os.path.dirname(directory)) or os.path.exists(directory):
                raise ValueError(f"Parent directory of {save_path} doesn't exist, can't save.")
            os.mkdir(directory)
        values = sess._ctx.variables
        entries, chunks, offset = {}, [], 0
        for name, var in sorted(self._vars.items()):
            key = var.op.name
            if key not in values:
                raise _errors.FailedPreconditionError(
                    None, var.op, f"Attempting to use uninitialized value {key} while saving "
                    "a checkpoint; run the variables' initializer first.")
            # np.require, not ascontiguousarray: that one turns a scalar into shape (1,)
            arr = np.require(np.asarray(values[key].get() if hasattr(
                values[key], "get") and not isinstance(values[key], np.ndarray)
                else values[key]), requirements="C")
            if arr.dtype.kind in "OSU":  # strings: their bytes, not the object pointers
                raw, dtype = _encode_strings(arr), "string"
            else:
                raw = arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
                dtype = arr.dtype.name
            entries[name] = {"dtype": dtype, "shape": list(arr.shape),
                             "offset": offset, "nbytes": len(raw), "crc32": zlib.crc32(raw)}
            chunks.append(raw)
            offset += len(raw)
        index = {"format": _FORMAT, "version": 1, "tensors": entries, "data_bytes": offset}
        _write_checkpoint(prefix, b"".join(chunks), json.dumps(index, indent=1))
        if write_meta_graph:
            self._meta_suffixes.add(meta_graph_suffix)
        if write_state:
            self._record(prefix, directory, latest_filename)
        if write_meta_graph:
            self._write_meta_graph(sess.graph, prefix, meta_graph_suffix)
        return prefix

    def _write_meta_graph(self, graph, prefix, suffix):
        """Writes ``<prefix>.<suffix>``; for a graph that cannot be exported, warns (once per
        Saver) and removes a stale file of that name from an earlier save instead."""
        from . import meta_graph as _mg
        path = _mg.meta_graph_filename(prefix, suffix)
        if self._meta_refused is not None and self._meta_refused[0] is graph and \
                self._meta_refused[1] == graph.version:
            _remove(path)
            return
        try:
            meta = _mg.export_meta_graph(graph=graph, saver_def=self.as_saver_def())
        except _mg.UnsupportedGraphError as e:
            if self._meta_refused is None:
                warnings.warn(f"Saver.save wrote the checkpoint {prefix} without a meta graph "
                              f"({path}): {e}", stacklevel=3)
            self._meta_refused = (graph, graph.version)
            _remove(path)
            return
        _mg.write_meta_graph(path, meta)

    def export_meta_graph(self, filename=None, collection_list=None, as_text=False,
                          export_scope=None, clear_devices=False,
                          clear_extraneous_savers=False, strip_default_attrs=False,
                          save_debug_info=False):
        """``tf.train.export_meta_graph`` of the default graph, with this saver in it."""
        from . import meta_graph as _mg
        return _mg.export_meta_graph(filename=filename, saver_def=self.as_saver_def(),
                                     collection_list=collection_list, as_text=as_text,
                                     export_scope=export_scope, clear_devices=clear_devices)

    def _record(self, prefix, directory, latest_filename):
        """TF's bookkeeping: the state file lists the kept checkpoints (only the newest when
        max_to_keep is None or 0, which keeps every file); beyond max_to_keep the oldest is
        deleted, unless keep_checkpoint_every_n_hours says to keep it."""
        doomed = None
        if self._max_to_keep:
            self._kept = [(p, t) for p, t in self._kept if p != prefix]
            self._kept.append((prefix, time.time()))
            if len(self._kept) > self._max_to_keep:
                doomed = self._kept.pop(0)
        listed = [p for p, _ in self._kept]
        if prefix not in listed:
            listed.append(prefix)
        lines = [f'model_checkpoint_path: "{_escape(self._rel(prefix, directory))}"']
        lines += [f'all_model_checkpoint_paths: "{_escape(self._rel(p, directory))}"'
                  for p in listed]
        _atomic_write(os.path.join(directory, latest_filename),
                      "\n".join(lines) + "\n", mode="w")
        if doomed is not None:
            old, stamp = doomed
            if stamp > self._next_keep_time:
                self._next_keep_time += self._keep_hours * 3600
                return
            for suffix in [".index", _DATA_SUFFIX] + ["." + s for s in self._meta_suffixes]:
                _remove(old + suffix)

    @staticmethod
    def _rel(prefix, directory):
        # relative to the directory, so a checkpoint directory can be moved or copied
        return os.path.relpath(os.path.abspath(prefix), directory)

    def restore(self, sess, save_path):
        """Sets the variables in ``sess`` to the values saved at ``save_path``.

        All values are read and checked before any variable changes.

        Raises:
            ValueError: when ``save_path`` is None or names no checkpoint.
            NotFoundError: when a variable is missing from the checkpoint.
            InvalidArgumentError: when a saved shape differs from the variable's.
            DataLossError: when the checkpoint is damaged.
        """
        if self._is_empty:
            return
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        save_path = os.fspath(save_path)
        if not checkpoint_exists(save_path):
            hint = " (its data file exists: the save did not finish)" \
                if os.path.exists(save_path + _DATA_SUFFIX) else ""
            if hint:
                raise ValueError(f"The passed save_path is not a valid checkpoint: "
                                 f"{save_path}{hint}")
            raise ValueError(f"The passed save_path is not a valid checkpoint: {save_path}")
        reader = NewCheckpointReader(save_path)
        dtypes = reader.get_variable_to_dtype_map()
        staged = {}
        for name, var in self._vars.items():
            if not reader.has_tensor(name):
                raise _errors.NotFoundError(
                    None, var.op, f"Key {name} not found in checkpoint {save_path}. The "
                    "checkpoint was written by a different model (or under other variable "
                    "names); restore only matching variables with Saver(var_list=...).")
            if dtypes[name] != var.dtype.base_dtype:
                raise _errors.InvalidArgumentError(
                    None, var.op, f"tensor_name = {name}; expected dtype "
                    f"{_tf_type_name(var.dtype.base_dtype)} does not equal original dtype "
                    f"{_tf_type_name(dtypes[name])} (checkpoint {save_path})")
            value = reader.get_tensor(name)
            if not var.shape.is_compatible_with(value.shape):
                raise _errors.InvalidArgumentError(
                    None, var.op, f"Assign requires shapes of both tensors to match. lhs "
                    f"shape= {var.shape.as_list()} rhs shape= {list(value.shape)} (variable "
                    f"{name} in checkpoint {save_path})")
            staged[var] = value
        for var, value in staged.items():
            sess._load_variable(var, value)

    @property
    def last_checkpoints(self):
        return [p for p, _ in self._kept]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time):
        self._kept = list(last_checkpoints_with_time)

    def recover_last_checkpoints(self, checkpoint_paths):
        self._kept = [(p, time.time()) for p in checkpoint_paths if checkpoint_exists(p)]

    def as_saver_def(self):
        """This saver as data (what a meta graph stores): the checkpoint name of each
        variable node, and the settings ``import_meta_graph`` rebuilds the Saver with."""
        if self._is_empty:
            return None
        return {"var_list": {name: var.op.name for name, var in sorted(self._vars.items())},
                "max_to_keep": self._max_to_keep,
                "keep_checkpoint_every_n_hours": self._keep_hours,
                "pad_step_number": self._pad_step_number,
                "save_relative_paths": self._save_relative_paths}
