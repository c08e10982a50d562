"""``tensorweave.summary.experimental``: the default step, as in ``tf.summary.experimental``."""

from .writer import get_step, set_step  # noqa: F401

__all__ = ["get_step", "set_step"]
