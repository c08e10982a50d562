"""TensorBoard summaries: ``tensorweave.summary`` (TF2 style) and ``.v1`` (TF1 style).

TF2 style, on concrete values, writing to the default writer::

    writer = tw.summary.create_file_writer("logs/run1")
    with writer.as_default():
        tw.summary.scalar("loss", 0.25, step=10)
        tw.summary.histogram("weights", w_values, step=10)

TF1 style (``import tensorweave.compat.v1 as tf``), as graph ops::

    tf.summary.scalar("loss", loss)
    merged = tf.summary.merge_all()
    writer = tf.summary.FileWriter("logs/run1", sess.graph)   # graph → Graphs dashboard
    writer.add_summary(sess.run(merged, feed_dict), step)

View with ``tensorweave board logs`` (or ``tensorboard --logdir logs``). Writing needs the
optional extra: ``pip install 'tensorweave[tensorboard]'``; importing this package does not.
"""

from . import ops as _ops  # noqa: F401  (registers the summary primitives)
from . import experimental, v1  # noqa: F401
from .graph_export import graph_def  # noqa: F401
from .v2 import scalar, histogram, image, text, audio, graph  # noqa: F401
from .writer import (SummaryWriter, create_file_writer, create_noop_writer, flush,  # noqa: F401
                     record_if, should_record_summaries)

__all__ = ["scalar", "histogram", "image", "text", "audio", "graph", "SummaryWriter",
           "create_file_writer", "create_noop_writer", "flush", "record_if",
           "should_record_summaries", "experimental", "v1", "graph_def"]
