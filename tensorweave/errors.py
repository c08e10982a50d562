"""Exception types, named and shaped as ``tf.errors``.

User mistakes found while building a graph raise ``ValueError`` / ``TypeError`` at the line
that built the op (as TensorFlow does). Failures found while running raise an ``OpError``
subclass that names the node (``node_def``/``op``) where it happened.
"""

__all__ = [
    "OpError", "CancelledError", "UnknownError", "InvalidArgumentError",
    "DeadlineExceededError", "NotFoundError", "AlreadyExistsError", "PermissionDeniedError",
    "ResourceExhaustedError", "FailedPreconditionError", "AbortedError", "OutOfRangeError",
    "UnimplementedError", "InternalError", "UnavailableError", "DataLossError",
    "UnauthenticatedError", "MissingExtraError",
]


class OpError(Exception):
    """A failure while running a graph; ``op`` is the Operation where it happened (or None)."""

    error_code = 2

    def __init__(self, node_def, op, message, *args):
        super().__init__(message)
        self.node_def = node_def
        self.op = op
        self.message = message

    def __str__(self):
        return self.message


class CancelledError(OpError):
    error_code = 1


class UnknownError(OpError):
    error_code = 2


class InvalidArgumentError(OpError):
    error_code = 3


class DeadlineExceededError(OpError):
    error_code = 4


class NotFoundError(OpError):
    error_code = 5


class AlreadyExistsError(OpError):
    error_code = 6


class PermissionDeniedError(OpError):
    error_code = 7


class ResourceExhaustedError(OpError):
    error_code = 8


class FailedPreconditionError(OpError):
    error_code = 9


class AbortedError(OpError):
    error_code = 10


class OutOfRangeError(OpError):
    error_code = 11


class UnimplementedError(OpError):
    error_code = 12


class InternalError(OpError):
    error_code = 13


class UnavailableError(OpError):
    error_code = 14


class DataLossError(OpError):
    error_code = 15


class UnauthenticatedError(OpError):
    error_code = 16


class MissingExtraError(ImportError):
    """An optional dependency is not installed; the message names the pip command."""


def require(module, extra):
    """Imports ``module`` or raises ``MissingExtraError`` naming ``pip install tensorweave[extra]``."""
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise MissingExtraError(
            f"This feature needs the optional package {module!r}, which is not installed. "
            f"Install it with: pip install 'tensorweave[{extra}]'") from e
