"""TF1 summary ops: graph nodes whose value is a serialized ``Summary`` protobuf.

Each op outputs a 0-d ``tf.string`` tensor (a 0-d object array holding ``bytes``), exactly
what TensorFlow's summary ops output, so the TF1 idiom works unchanged::

    tf.summary.scalar("loss", loss)
    tf.summary.histogram("weights", w)
    merged = tf.summary.merge_all()
    writer = tf.summary.FileWriter(logdir, sess.graph)
    writer.add_summary(sess.run(merged, feed_dict), step)

The tag of a summary is its op's name: ``name`` under the current name scope, made unique
(``loss``, ``loss_1`` …), with ``family`` prepended when given. Each public function adds its
op's output to ``collections`` (default ``[GraphKeys.SUMMARIES]``), which ``merge_all``
reads. The ops are pure (same inputs, same bytes) and carry no gradient. Their ``forward``
imports the protobuf classes from the ``tensorboard`` extra on first use.
"""

import contextlib
import re

import numpy as np

from .. import dtypes as _dt
from .. import graph as _g
from ..ops.creation import convert_to_tensor
from ..ops.registry import Op, Spec, register
from . import encode as _enc

__all__ = ["scalar", "histogram", "image", "audio", "text", "tensor_summary", "merge",
           "merge_all"]

_INVALID_TAG_CHARACTERS = re.compile(r"[^-/A-Za-z0-9_.]")


def _host(x):
    """A NumPy array of ``x`` (copied from the GPU when the backend is CuPy)."""
    return x.get() if hasattr(x, "get") else np.asarray(x)


def _string_scalar(data):
    out = np.empty((), dtype=object)
    out[()] = data
    return out


def _check_real(spec, what):
    if not (spec.dtype.is_floating or spec.dtype.is_integer):
        raise TypeError(f"{what} needs a real number tensor, got dtype {spec.dtype.name}")


class _SummaryOp(Op):
    """A summary primitive: its output is one serialized Summary (a 0-d tf.string)."""

    differentiable = False
    fresh_output = True
    host_output = True  # a serialized proto, made on the host from any backend's arrays

    def infer(self, *inputs):
        return Spec((), _dt.string)

    def summarize(self, *arrays):
        """NumPy arrays in, ``Summary`` proto out."""
        raise NotImplementedError

    def make_kernel(self, ctx, node):
        _require_tensorboard()
        return super().make_kernel(ctx, node)

    def forward(self, xp, *arrays):
        summary = self.summarize(*[_host(a) for a in arrays])
        return _string_scalar(summary.SerializeToString())


def _require_tensorboard():
    """Checks for the extra when a plan is compiled, so a missing one raises
    MissingExtraError (naming the pip install) before anything runs."""
    _enc.proto("summary_pb2")


@register
class ScalarSummary(_SummaryOp):
    """A ``Summary`` with the single value of a real scalar tensor (``simple_value``)."""

    def __init__(self, tag):
        self.tag = tag

    def infer(self, values):
        _check_real(values, f"Scalar summary '{self.tag}'")
        if values.shape is not None and any(d is not None and d != 1 for d in values.shape):
            raise ValueError(f"A scalar summary needs a scalar tensor, got shape "
                             f"{list(values.shape)}")
        return Spec((), _dt.string)

    def summarize(self, values):
        return _enc.scalar_v1(self.tag, values)


@register
class HistogramSummary(_SummaryOp):
    """A ``Summary`` with a histogram of all values (TF's exponential bucket layout)."""

    def __init__(self, tag):
        self.tag = tag

    def infer(self, values):
        _check_real(values, f"Histogram summary '{self.tag}'")
        return Spec((), _dt.string)

    def summarize(self, values):
        return _enc.histogram_v1(self.tag, values)


@register
class ImageSummary(_SummaryOp):
    """A ``Summary`` with up to ``max_images`` PNG images of a [batch, h, w, c] tensor."""

    def __init__(self, tag, max_images=3, bad_color=(255, 0, 0, 255)):
        self.tag = tag
        self.max_images = max_images
        self.bad_color = tuple(bad_color)

    def infer(self, tensor):
        if tensor.dtype not in (_dt.uint8, _dt.float16, _dt.float32, _dt.float64):
            raise TypeError(f"Image summary '{self.tag}' needs a uint8, float16, float32 or "
                            f"float64 tensor, got {tensor.dtype.name}")
        shape = tensor.shape
        if shape is not None and (len(shape) != 4 or shape[3] not in (None, 1, 3, 4)):
            raise ValueError(f"Tensor must be 4-D [batch, height, width, channels] with 1, 3 "
                             f"or 4 channels, not {list(shape)}")
        return Spec((), _dt.string)

    def summarize(self, tensor):
        return _enc.image_v1(self.tag, tensor, self.max_images, self.bad_color)


@register
class AudioSummaryV2(_SummaryOp):
    """A ``Summary`` with up to ``max_outputs`` WAV clips of a [batch, frames(, channels)]
    float32 tensor in [-1, 1]; input 1 is the sample rate in Hz."""

    def __init__(self, tag, max_outputs=3):
        self.tag = tag
        self.max_outputs = max_outputs

    def infer(self, tensor, sample_rate):
        if tensor.dtype != _dt.float32:
            raise TypeError(f"Audio summary '{self.tag}' needs a float32 tensor, got "
                            f"{tensor.dtype.name}")
        if tensor.shape is not None and len(tensor.shape) not in (2, 3):
            raise ValueError(f"Audio must be 3-D [batch, frames, channels] or 2-D [batch, "
                             f"frames], not {list(tensor.shape)}")
        if sample_rate.shape is not None and len(sample_rate.shape) != 0:
            raise ValueError(f"sample_rate must be a scalar, got shape "
                             f"{list(sample_rate.shape)}")
        return Spec((), _dt.string)

    def summarize(self, tensor, sample_rate):
        return _enc.audio_v1(self.tag, tensor, sample_rate, self.max_outputs)


@register
class TensorSummaryV2(_SummaryOp):
    """A ``Summary`` with a whole tensor and plugin metadata (``tf.summary.text`` uses the
    ``"text"`` plugin)."""

    def __init__(self, tag, plugin_name=None, display_name=None, description=None):
        self.tag = tag
        self.plugin_name = plugin_name
        self.display_name = display_name
        self.description = description

    def summarize(self, tensor):
        return _enc.tensor_v1(self.tag, tensor, self.plugin_name, self.display_name,
                              self.description)


@register
class MergeSummary(Op):
    """One serialized ``Summary`` with the values of all input summaries; two values with
    the same tag are an error (as in TensorFlow)."""

    differentiable = False
    fresh_output = True
    host_output = True

    def infer(self, *inputs):
        for i, spec in enumerate(inputs):
            if spec.dtype != _dt.string:
                raise TypeError(f"merge needs serialized summaries (tf.string tensors); input "
                                f"{i} has dtype {spec.dtype.name}")
        return Spec((), _dt.string)

    def make_kernel(self, ctx, node):
        _require_tensorboard()
        return super().make_kernel(ctx, node)

    def forward(self, xp, *inputs):
        blobs = [b for x in inputs for b in _host(x).ravel()]
        return _string_scalar(_enc.merge(blobs))


# -- the TF1 functions -------------------------------------------------------------------------

def _clean_tag(name):
    """``name`` with characters TensorBoard does not allow in tags replaced by ``_``."""
    if name is None:
        return None
    return _INVALID_TAG_CHARACTERS.sub("_", str(name)).lstrip("/")


@contextlib.contextmanager
def _summary_scope(name, family, values):
    """Opens the name scope of a summary op; yields (tag, scope). The tag is the unique
    scope name, prefixed by ``family`` when given (TensorBoard groups tags by prefix)."""
    name, family = _clean_tag(name), _clean_tag(family)
    if not name:
        raise ValueError("A summary needs a non-empty name")
    base = name if family is None else f"{family}/{name}"
    with _g.name_scope(base, values=[v for v in values if hasattr(v, "graph")]) as scope:
        tag = scope.rstrip("/") if family is None else f"{family}/{scope.rstrip('/')}"
        yield tag, scope


def _collect(tensor, collections, default=(_g.GraphKeys.SUMMARIES,)):
    for key in (default if collections is None else collections):
        tensor.graph.add_to_collection(key, tensor)


def scalar(name, tensor, collections=None, family=None):
    """A summary op holding the value of a real scalar ``tensor`` (TensorBoard's Scalars).

    Args:
        name: the summary's name; its tag is the name under the current name scope.
        tensor: a real scalar Tensor (or Python number).
        collections: graph collections to add the op to (default ``[GraphKeys.SUMMARIES]``).
        family: optional tag prefix, shown as a group in TensorBoard.

    Returns:
        A scalar ``tf.string`` Tensor: the serialized ``Summary``.

    Raises:
        TypeError: ``tensor`` is not a real number type. ValueError: it is not a scalar.

    Example:
        >>> tf.summary.scalar("loss", loss)
        <tf.Tensor 'loss:0' shape=() dtype=string>
    """
    with _summary_scope(name, family, [tensor]) as (tag, scope):
        out = ScalarSummary(tag).bind(convert_to_tensor(tensor), name=scope)
    _collect(out, collections)
    return out


def histogram(name, values, collections=None, family=None):
    """A summary op holding a histogram of ``values`` (any real tensor; TensorBoard's
    Histograms and Distributions). NaN or infinity in ``values`` fails the run.

    Example:
        >>> tf.summary.histogram("layer1/weights", w)
    """
    with _summary_scope(name, family, [values]) as (tag, scope):
        out = HistogramSummary(tag).bind(convert_to_tensor(values), name=scope)
    _collect(out, collections)
    return out


def image(name, tensor, max_outputs=3, collections=None, family=None):
    """A summary op holding up to ``max_outputs`` images of a [batch, height, width, channels]
    tensor (1, 3 or 4 channels). uint8 values are kept; float images are rescaled to
    [0, 255] per image (TF1's rule). Tags are ``name/image/0`` … (``name/image`` when
    ``max_outputs`` is 1).

    Example:
        >>> tf.summary.image("inputs", tf.reshape(x, [-1, 28, 28, 1]), max_outputs=4)
    """
    with _summary_scope(name, family, [tensor]) as (tag, scope):
        out = ImageSummary(tag, int(max_outputs)).bind(convert_to_tensor(tensor), name=scope)
    _collect(out, collections)
    return out


def audio(name, tensor, sample_rate, max_outputs=3, collections=None, family=None):
    """A summary op holding up to ``max_outputs`` clips of a float32 [batch, frames,
    channels] (or [batch, frames]) tensor with values in [-1, 1], as WAV at ``sample_rate``
    Hz. Tags are ``name/audio/0`` … (``name/audio`` when ``max_outputs`` is 1)."""
    with _summary_scope(name, family, [tensor]) as (tag, scope):
        rate = convert_to_tensor(sample_rate, dtype=_dt.float32, name="sample_rate")
        out = AudioSummaryV2(tag, int(max_outputs)).bind(
            convert_to_tensor(tensor, dtype_hint=_dt.float32), rate, name=scope)
    _collect(out, collections)
    return out


def tensor_summary(name, tensor, summary_description=None, collections=None,
                   summary_metadata=None, family=None, display_name=None):
    """A summary op holding a whole tensor. ``summary_metadata`` (a ``SummaryMetadata``
    proto) names the TensorBoard plugin that shows it; its plugin name, display name and
    description are kept."""
    plugin_name = None
    if summary_metadata is not None:
        plugin_name = summary_metadata.plugin_data.plugin_name or None
        display_name = display_name or summary_metadata.display_name or None
        summary_description = summary_description or \
            summary_metadata.summary_description or None
    with _summary_scope(name, family, [tensor]) as (tag, scope):
        out = TensorSummaryV2(tag, plugin_name, display_name, summary_description).bind(
            convert_to_tensor(tensor), name=scope)
    _collect(out, collections)
    return out


def text(name, tensor, collections=None):
    """A summary op holding a string tensor (any shape), shown by TensorBoard's Text
    dashboard (Markdown is rendered).

    Example:
        >>> tf.summary.text("config", tf.constant("lr = 0.1, batch = 64"))
    """
    tensor = convert_to_tensor(tensor)
    if tensor.dtype != _dt.string:
        raise ValueError(f"tf.summary.text needs a string tensor, got dtype "
                         f"{tensor.dtype.name}")
    with _summary_scope(name, None, [tensor]) as (tag, scope):
        out = TensorSummaryV2(tag, "text").bind(tensor, name=scope)
    _collect(out, collections)
    return out


def merge(inputs, collections=None, name=None):
    """One summary op holding the values of all the summaries in ``inputs``.

    Args:
        inputs: a list of summary Tensors (``tf.string``).
        collections: graph collections to add the result to (default: none).
        name: op name (default ``"Merge/MergeSummary"``).

    Raises:
        ValueError: ``inputs`` is empty. At run time, an InvalidArgumentError when two
            inputs hold the same tag.
    """
    inputs = [convert_to_tensor(x) for x in inputs]
    if not inputs:
        raise ValueError("tf.summary.merge needs at least one summary")
    with _g.name_scope(name, "Merge", inputs):
        out = MergeSummary().bind(*inputs, name=name or "MergeSummary")
    _collect(out, collections, default=())
    return out


def merge_all(key=_g.GraphKeys.SUMMARIES, scope=None, name=None):
    """Merges every summary in the default graph's collection ``key`` (optionally only those
    whose name matches the regex ``scope``). Returns None when there are none.

    Example:
        >>> merged = tf.summary.merge_all()
        >>> writer.add_summary(sess.run(merged, feed_dict=feed), step)
    """
    summaries = _g.get_collection(key, scope=scope)
    if not summaries:
        return None
    return merge(summaries, name=name)
