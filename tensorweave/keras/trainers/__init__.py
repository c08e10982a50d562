"""The training machinery of ``keras.Model``: compile, fit, evaluate, predict."""

from .trainer import Trainer

__all__ = ["Trainer"]
