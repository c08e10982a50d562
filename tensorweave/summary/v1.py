"""``tf.summary`` of TensorFlow 1 (``tensorweave.compat.v1.summary``): summary ops, merging,
and ``FileWriter``.

The protobuf classes ``Summary``, ``SummaryMetadata``, ``HistogramProto``, ``Event``,
``SessionLog`` and ``GraphDef`` are tensorboard's copies of TensorFlow's, loaded on first
access (they need the ``tensorboard`` extra)::

    s = tf.summary.Summary(value=[tf.summary.Summary.Value(tag="acc", simple_value=0.9)])
    writer.add_summary(s, step)
"""

from .ops import (scalar, histogram, image, audio, text, tensor_summary, merge,  # noqa: F401
                  merge_all)
from .writer import FileWriter, FileWriterCache  # noqa: F401

__all__ = ["scalar", "histogram", "image", "audio", "text", "tensor_summary", "merge",
           "merge_all", "FileWriter", "FileWriterCache", "Summary", "SummaryMetadata",
           "SummaryDescription", "HistogramProto", "Event", "SessionLog", "GraphDef"]

_PROTOS = {
    "Summary": "summary_pb2", "SummaryMetadata": "summary_pb2",
    "SummaryDescription": "summary_pb2", "HistogramProto": "summary_pb2",
    "Event": "event_pb2", "SessionLog": "event_pb2", "GraphDef": "graph_pb2",
}


def __getattr__(name):
    module = _PROTOS.get(name)
    if module is None:
        raise AttributeError(f"module 'tensorweave.compat.v1.summary' has no attribute {name!r}")
    from .encode import proto
    return getattr(proto(module), name)
