"""Compatibility namespaces: ``tensorweave.compat.v1`` runs TensorFlow 1 programs."""

from ..shapes import dimension_at_index, dimension_value  # noqa: E402,F401 (tf.compat.*)
