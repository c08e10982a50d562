"""``tf.gfile`` (TF 1's CamelCase names) and ``tf.io.gfile`` (snake_case) on local files,
with TF's error types and messages (recorded from TF 2.21).

As in TF: a missing path raises ``tf.errors.NotFoundError("<path>; No such file or
directory")``; ``MkDir``/``MakeDirs`` of an existing path do nothing, ``MakeDirs`` through a
file raises ``FailedPreconditionError``; ``Copy``/``Rename`` onto an existing file raise
``AlreadyExistsError("file already exists")`` unless ``overwrite=True``; ``Remove`` of a
directory raises ``FailedPreconditionError``; ``ListDirectory`` of a missing path or a file
raises ``NotFoundError("Could not find directory <path>")``; ``Walk`` of a missing path
yields nothing. ``GFile`` opens its file on first use (a reader of a missing file fails at
the first read; a writer creates its file at the first write), takes ``str`` or ``bytes`` to
``write`` in any mode, returns ``str`` in text modes and ``bytes`` in ``"b"`` modes, and
raises ``PermissionDeniedError`` for reading a writer or writing a reader. Other file
systems (``gs://``, ``hdfs://`` …) raise ``UnimplementedError``.
"""

import contextlib as _contextlib
import errno as _errno
import glob as _glob
import os as _os
import shutil as _shutil

from .. import errors as _errors

__all__ = [
    "Copy",
    "DeleteRecursively",
    "Exists",
    "FastGFile",
    "FileStatistics",
    "GFile",
    "Glob",
    "IsDirectory",
    "ListDirectory",
    "MakeDirs",
    "MkDir",
    "Open",
    "Remove",
    "Rename",
    "Stat",
    "Walk",
    "copy",
    "exists",
    "glob",
    "isdir",
    "join",
    "listdir",
    "makedirs",
    "mkdir",
    "remove",
    "rename",
    "rmtree",
    "stat",
    "walk",
]


def _path(path):
    path = _os.fspath(path)
    if isinstance(path, bytes):
        path = path.decode("utf-8")
    scheme, sep, rest = path.partition("://")
    if sep and scheme.isidentifier():
        if scheme == "file":
            return rest
        raise _errors.UnimplementedError(
            None, None, f"File system scheme '{scheme}' not implemented (file: '{path}')")
    return path


def _os_error(e, path):
    """TF's error for an OSError on ``path``."""
    reason = _os.strerror(e.errno) if e.errno else str(e)
    message = f"{path}; {reason}"
    cls = {_errno.ENOENT: _errors.NotFoundError, _errno.EEXIST: _errors.AlreadyExistsError,
           _errno.EACCES: _errors.PermissionDeniedError,
           _errno.EPERM: _errors.PermissionDeniedError,
           _errno.EISDIR: _errors.FailedPreconditionError,
           _errno.ENOTDIR: _errors.FailedPreconditionError,
           _errno.ENOTEMPTY: _errors.FailedPreconditionError}.get(e.errno,
                                                                  _errors.UnknownError)
    return cls(None, None, message)


def _not_found(path):
    return _errors.NotFoundError(None, None, f"{path}; No such file or directory")


# -- queries ---------------------------------------------------------------------------------
def exists(path):
    """Whether ``path`` exists (file or directory)."""
    return _os.path.exists(_path(path))


def isdir(path):
    """Whether ``path`` is a directory."""
    return _os.path.isdir(_path(path))


def listdir(path):
    """The names in directory ``path`` (no ``.``/``..``), in the file system's order."""
    p = _path(path)
    if not _os.path.isdir(p):
        raise _errors.NotFoundError(None, None, f"Could not find directory {p}")
    try:
        return _os.listdir(p)
    except OSError as e:
        raise _os_error(e, p) from None


def glob(pattern):
    """The paths matching ``pattern`` (or any of a list of patterns)."""
    patterns = [pattern] if isinstance(pattern, (str, bytes, _os.PathLike)) else pattern
    out = []
    for p in patterns:
        out.extend(sorted(_glob.glob(_path(p))))
    return out


class FileStatistics:
    """What ``stat`` returns: ``length`` (bytes), ``mtime_nsec``, ``is_directory``."""

    def __init__(self, length=None, mtime_nsec=None, is_directory=None):
        self.length, self.mtime_nsec, self.is_directory = length, mtime_nsec, is_directory

    def __repr__(self):
        return (f"FileStatistics(length={self.length}, mtime_nsec={self.mtime_nsec}, "
                f"is_directory={self.is_directory})")


def stat(path):
    """``FileStatistics`` of ``path``."""
    p = _path(path)
    try:
        st = _os.stat(p)
    except OSError as e:
        raise _os_error(e, p) from None
    return FileStatistics(int(st.st_size), int(st.st_mtime_ns), _os.path.isdir(p))


def walk(top, topdown=True, onerror=None):
    """``(dirname, subdirs, files)`` for ``top`` and every directory under it; nothing
    when ``top`` is not a directory."""
    top = _path(top)
    try:
        names = listdir(top)
    except _errors.NotFoundError as e:
        if onerror is not None:
            onerror(e)
        return
    dirs, files = [], []
    for n in names:
        (dirs if _os.path.isdir(_os.path.join(top, n)) else files).append(n)
    here = (top, dirs, files)
    if topdown:
        yield here
    for d in dirs:
        yield from walk(_os.path.join(top, d), topdown, onerror)
    if not topdown:
        yield here


def join(path, *paths):
    return _os.path.join(_path(path), *[_os.fspath(p) for p in paths])


# -- changes ---------------------------------------------------------------------------------
def mkdir(path):
    """Creates directory ``path``; its parent must exist; nothing if ``path`` exists."""
    p = _path(path)
    if _os.path.exists(p):
        return
    try:
        _os.mkdir(p)
    except FileExistsError:
        return
    except OSError as e:
        raise _os_error(e, p) from None


def makedirs(path):
    """Creates ``path`` and its missing parents; nothing if it is a directory already."""
    p = _path(path)
    if _os.path.isdir(p):
        return
    head = p
    while head and not _os.path.exists(head):
        head = _os.path.dirname(head.rstrip("/"))
    if head and not _os.path.isdir(head):
        raise _errors.FailedPreconditionError(None, None, f"{head} is not a directory")
    try:
        _os.makedirs(p, exist_ok=True)
    except OSError as e:
        raise _os_error(e, p) from None


def remove(path):
    """Deletes file ``path`` (a directory raises FailedPreconditionError)."""
    p = _path(path)
    if _os.path.isdir(p) and not _os.path.islink(p):
        raise _errors.FailedPreconditionError(None, None, f"{p}; Is a directory")
    try:
        _os.remove(p)
    except OSError as e:
        raise _os_error(e, p) from None


def rmtree(path):
    """Deletes ``path`` and everything under it (a file: just the file)."""
    p = _path(path)
    if not _os.path.lexists(p):
        raise _errors.NotFoundError(None, None, f"{p} not found")
    try:
        if _os.path.isdir(p) and not _os.path.islink(p):
            _shutil.rmtree(p)
        else:
            _os.remove(p)
    except OSError as e:
        raise _os_error(e, getattr(e, "filename", None) or p) from None


def copy(src, dst, overwrite=False):
    """Copies file ``src`` to ``dst`` (an existing ``dst`` needs ``overwrite=True``)."""
    s, d = _path(src), _path(dst)
    if not overwrite and _os.path.exists(d):
        raise _errors.AlreadyExistsError(None, None, "file already exists")
    if not _os.path.exists(s):
        raise _not_found(s)
    try:
        _shutil.copyfile(s, d)
    except OSError as e:
        raise _os_error(e, getattr(e, "filename", None) or s) from None


def rename(src, dst, overwrite=False):
    """Renames (moves) ``src`` to ``dst`` (an existing ``dst`` needs ``overwrite=True``)."""
    s, d = _path(src), _path(dst)
    if not overwrite and _os.path.exists(d):
        raise _errors.AlreadyExistsError(None, None, "file already exists")
    if not _os.path.lexists(s):
        raise _not_found(s)
    try:
        _os.replace(s, d)
    except OSError as e:
        raise _os_error(e, s) from None


# -- GFile -----------------------------------------------------------------------------------
_MODES = {"r": "rb", "w": "wb", "a": "ab", "r+": "r+b", "w+": "w+b", "a+": "a+b"}


class GFile:
    """A file, TF's ``GFile``: modes ``r w a r+ w+ a+`` with an optional ``b``; ``read``,
    ``readline``, ``readlines``, iteration, ``write``, ``seek``, ``tell``, ``size``,
    ``flush``, ``close``, and ``with``.

    Example:
        >>> with tf.gfile.GFile(path, "w") as f:
        ...     f.write("hello\\n")
    """

    def __init__(self, name, mode="r"):
        self.__name = _os.fspath(name)
        base = mode.replace("b", "")
        if base not in _MODES:
            raise _errors.InvalidArgumentError(
                None, None, "mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+'")
        self.__mode = mode
        self.__binary = "b" in mode
        self.__os_mode = _MODES[base]
        self.__readable = base.startswith("r") or "+" in base
        self.__writable = base != "r"
        self.__f = None

    name = property(lambda self: self.__name)
    mode = property(lambda self: self.__mode)

    def __file(self):
        if self.__f is None:
            p = _path(self.__name)
            try:
                self.__f = open(p, self.__os_mode)  # noqa: SIM115 - closed by close()
            except OSError as e:
                raise _os_error(e, p) from None
        return self.__f

    def __reader(self):
        if not self.__readable:
            raise _errors.PermissionDeniedError(None, None, "File isn't open for reading")
        return self.__file()

    def __value(self, data):
        return data if self.__binary else data.decode("utf-8")

    def size(self):
        """The file's length in bytes."""
        p = _path(self.__name)
        try:
            return _os.stat(p).st_size
        except OSError as e:
            raise _os_error(e, p) from None

    def write(self, file_content):
        """Writes ``file_content`` (str, encoded as UTF-8, or bytes)."""
        if not self.__writable:
            raise _errors.PermissionDeniedError(None, None, "File isn't open for writing")
        if isinstance(file_content, str):
            file_content = file_content.encode("utf-8")
        self.__file().write(bytes(file_content))

    def read(self, n=-1):
        """``n`` bytes (all that is left when ``n`` is -1), as str in text modes."""
        return self.__value(self.__reader().read(-1 if n is None else n))

    def readline(self):
        return self.__value(self.__reader().readline())

    def readlines(self):
        return [self.__value(line) for line in self.__reader().readlines()]

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    next = __next__

    def seek(self, offset=None, whence=0, position=None):
        """Moves to ``offset`` (``position`` is TF 1's old name for it)."""
        if position is not None:
            offset = position
        if offset is None:
            raise TypeError("seek(): offset argument required")
        self.__file().seek(offset, whence)

    def tell(self):
        return self.__file().tell()

    def seekable(self):
        return True

    def flush(self):
        if self.__f is not None:
            self.__f.flush()

    def close(self):
        """Closes the file; a later read opens it afresh (as TF's GFile does)."""
        if self.__f is not None:
            f, self.__f = self.__f, None
            f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        with _contextlib.suppress(Exception):  # never raise from a finalizer
            self.close()


FastGFile = GFile
Open = GFile

# TF 1's CamelCase names
Exists, IsDirectory, ListDirectory, Glob, Stat = exists, isdir, listdir, glob, stat
MakeDirs, MkDir, Remove, DeleteRecursively, Copy, Rename = (makedirs, mkdir, remove, rmtree,
                                                           copy, rename)


def Walk(top, in_order=True):
    """TF 1's ``Walk``: ``walk(top, topdown=in_order)``."""
    return walk(top, topdown=in_order)
