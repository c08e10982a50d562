"""Compatibility namespaces: ``tensorweave.compat.v1`` runs TensorFlow 1 programs."""
