"""TF2-style summaries: ``tensorweave.summary.scalar(name, data, step=…)`` and friends.

Each function writes one summary to the default writer (``with writer.as_default():``) and
returns True, or returns False and does nothing when there is no default writer (or
recording is off), as in TensorFlow 2. ``data`` is a concrete value: a Python number, list,
NumPy array, eager tensor or variable made eagerly. For a graph Tensor use the TF1 ops
(``tf.compat.v1.summary.scalar``) and ``FileWriter.add_summary``.
"""

from .. import graph as _g
from . import encode as _enc
from .writer import write_to_default

__all__ = ["scalar", "histogram", "image", "text", "audio", "graph"]


def _concrete(data, fn):
    if type(data).__name__ in ("EagerTensor", "EagerVariable"):
        return data.numpy()
    if isinstance(data, (_g.Tensor, _g.Operation)) or hasattr(data, "_as_graph_element"):
        raise TypeError(
            f"tensorweave.summary.{fn} takes concrete values (Python or NumPy), got the graph "
            f"tensor {getattr(data, 'name', data)!r}. In graph mode build a summary op with "
            f"tf.compat.v1.summary.{fn} and write sess.run(op) with FileWriter.add_summary.")
    return data


def scalar(name, data, step=None, description=None):
    """Writes a scalar ``data`` under tag ``name`` at ``step`` to the default writer.

    Args:
        name: the tag.
        data: a real number (Python, NumPy scalar or 0-d array).
        step: int step (default: ``summary.experimental.get_step()``).
        description: optional Markdown description.

    Returns:
        True if written, False if there is no default writer.

    Raises:
        ValueError: no ``step`` is given or set, or ``data`` is not a scalar.

    Example:
        >>> with tw.summary.create_file_writer("logs").as_default():
        ...     tw.summary.scalar("loss", 0.5, step=1)
        True
    """
    data = _concrete(data, "scalar")
    return write_to_default(lambda: _enc.scalar_v2(name, data, description), step)


def histogram(name, data, step=None, buckets=None, description=None):
    """Writes a histogram of ``data`` (any shape) with ``buckets`` equal-width buckets
    (default 30). Returns True if written."""
    data = _concrete(data, "histogram")
    return write_to_default(lambda: _enc.histogram_v2(name, data, buckets, description), step)


def image(name, data, step=None, max_outputs=3, description=None):
    """Writes up to ``max_outputs`` images of ``data`` [k, height, width, channels]
    (channels 1, 3 or 4; floats in [0, 1] or uint8). Returns True if written."""
    data = _concrete(data, "image")
    return write_to_default(lambda: _enc.image_v2(name, data, max_outputs, description), step)


def text(name, data, step=None, description=None):
    """Writes a string (or array of strings; Markdown is rendered). Returns True if written."""
    data = _concrete(data, "text")
    return write_to_default(lambda: _enc.text_v2(name, data, description), step)


def audio(name, data, sample_rate, step=None, max_outputs=3, encoding=None, description=None):
    """Writes up to ``max_outputs`` clips of ``data`` [k, frames, channels] (floats in
    [-1, 1]) as WAV at ``sample_rate`` Hz. Returns True if written."""
    data = _concrete(data, "audio")
    if encoding not in (None, "wav"):
        raise ValueError(f"Unknown audio encoding {encoding!r}; only 'wav' is supported")
    return write_to_default(
        lambda: _enc.audio_v2(name, data, sample_rate, max_outputs, description), step)


def graph(graph_data):
    """Writes a ``tf.Graph`` (or ``GraphDef``) to the default writer for TensorBoard's
    Graphs dashboard. Returns True if written."""
    from .writer import get_default_writer, should_record_summaries
    if not should_record_summaries():
        return False
    get_default_writer().write_graph(graph_data)
    return True
