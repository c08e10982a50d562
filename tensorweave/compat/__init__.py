"""Compatibility namespaces: ``tensorweave.compat.v1`` runs TensorFlow 1 programs."""

from ..shapes import dimension_at_index, dimension_value  # noqa: E402,F401 (tf.compat.*)


def __getattr__(name):
    """``tf.compat.v1`` (this package's v1 module) and ``tf.compat.v2`` (tensorweave), loaded
    on first use: ``import tensorweave as tf; tf.compat.v1.placeholder`` works without
    importing ``tensorweave.compat.v1`` first."""
    import importlib
    if name == "v1":
        return importlib.import_module(".v1", __name__)
    if name == "v2":
        return importlib.import_module("tensorweave")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
