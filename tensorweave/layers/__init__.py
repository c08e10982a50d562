"""``tf.layers``: TF1 functional layers (``tf.layers.dense`` …) and their classes."""

from .core import Layer, Dense, dense

__all__ = ["Layer", "Dense", "dense"]
