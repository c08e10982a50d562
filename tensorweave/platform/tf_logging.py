"""``tf.logging`` (TF 2.21's ``tf.compat.v1.logging``), on the Python ``logging`` logger
named ``tensorflow``, configured as TF configures it.

As in TF: the levels are Python's (``DEBUG`` 10, ``INFO`` 20, ``WARN`` 30, ``ERROR`` 40,
``FATAL`` 50; there is no ``WARNING`` constant); the logger keeps the root logger's level
(``get_verbosity()`` is 30 until ``set_verbosity``) and, when the root logger has no handlers
the first time it is used, gets a stderr handler with ``logging.BASIC_FORMAT``
(``INFO:tensorflow:message``); in an interactive session it logs INFO and up to stdout.
``fatal`` logs at CRITICAL and returns (it does not exit); ``vlog(level, ...)`` logs at the
numeric ``level``; ``flush`` raises NotImplementedError.

One difference: ``log_every_n``/``log_first_n`` count per call site (file and line). TF 2.21
keys its counters on the caller's caller, so all calls at a module's top level share one
counter there; absl (and TF's documentation) count per call site, as here.

Example:
    >>> tf.logging.set_verbosity(tf.logging.INFO)
    >>> tf.logging.info("step %d", 10)        # stderr: INFO:tensorflow:step 10
"""

import logging as _logging
import sys as _sys
import threading as _threading
from logging import DEBUG, ERROR, FATAL, INFO, WARN

__all__ = [
    "DEBUG",
    "ERROR",
    "FATAL",
    "INFO",
    "WARN",
    "TaskLevelStatusMessage",
    "debug",
    "error",
    "fatal",
    "flush",
    "get_logger",
    "get_verbosity",
    "info",
    "log",
    "log_every_n",
    "log_first_n",
    "log_if",
    "set_verbosity",
    "vlog",
    "warn",
    "warning",
]

_logger = None
_lock = _threading.Lock()
_counts = {}


def get_logger():
    """The ``tensorflow`` logger, configured on first use as TF configures it."""
    global _logger
    if _logger is not None:
        return _logger
    with _lock:
        if _logger is not None:
            return _logger
        logger = _logging.getLogger("tensorflow")
        if not _logging.getLogger().handlers:  # as TF: no double logging under a root config
            interactive = bool(getattr(_sys, "ps1", None)) or bool(_sys.flags.interactive)
            if interactive:
                logger.setLevel(INFO)
            handler = _logging.StreamHandler(_sys.stdout if interactive else _sys.stderr)
            handler.setFormatter(_logging.Formatter(_logging.BASIC_FORMAT, None))
            logger.addHandler(handler)
        _logger = logger
        return logger


def log(level, msg, *args, **kwargs):
    get_logger().log(level, msg, *args, **kwargs)


def debug(msg, *args, **kwargs):
    get_logger().debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    get_logger().info(msg, *args, **kwargs)


def warn(msg, *args, **kwargs):
    get_logger().warning(msg, *args, **kwargs)


def warning(msg, *args, **kwargs):
    get_logger().warning(msg, *args, **kwargs)


def error(msg, *args, **kwargs):
    get_logger().error(msg, *args, **kwargs)


def fatal(msg, *args, **kwargs):
    """Logs at FATAL (CRITICAL) and returns, as TF's does."""
    get_logger().fatal(msg, *args, **kwargs)


def vlog(level, msg, *args, **kwargs):
    """Logs at the numeric ``level`` (``vlog(1, ...)`` shows once verbosity <= 1)."""
    get_logger().log(level, msg, *args, **kwargs)


def TaskLevelStatusMessage(msg):
    error(msg)


def flush():
    raise NotImplementedError()


def log_if(level, msg, condition, *args):
    """Logs ``msg % args`` at ``level`` only if ``condition``."""
    if condition:
        vlog(level, msg, *args)


def _next_count():
    frame = _sys._getframe(2)  # the caller of log_every_n / log_first_n
    key = (frame.f_code.co_filename, frame.f_lineno)
    with _lock:
        _counts[key] = count = _counts.get(key, -1) + 1
    return count


def log_every_n(level, msg, n, *args):
    """Logs on the 1st, (n+1)th, (2n+1)th … call from this line."""
    log_if(level, msg, not (_next_count() % n), *args)


def log_first_n(level, msg, n, *args):
    """Logs on the first ``n`` calls from this line."""
    log_if(level, msg, _next_count() < n, *args)


def get_verbosity():
    """The logger's effective level (30, WARN, until ``set_verbosity``)."""
    return get_logger().getEffectiveLevel()


def set_verbosity(v):
    """Sets the level of the ``tensorflow`` logger (a number or a name such as "INFO")."""
    get_logger().setLevel(v)
