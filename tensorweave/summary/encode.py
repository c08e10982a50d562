"""NumPy values → TensorBoard ``Summary`` protobufs: the encoders behind every summary.

The graph-mode summary ops (``ops.py``) call the ``*_v1`` encoders from their ``forward``
and produce TF1's classic protos (``simple_value``, ``histo``, ``image``, ``audio``); the
TF2-style functions (``v2.py``) call the ``*_v2`` encoders, which produce the tensor-based
protos with plugin metadata that ``tf.summary`` writes in TensorFlow 2. TensorBoard reads both.

Protobuf classes, PNG encoding (Pillow) and TensorBoard's helpers come from the
``tensorboard`` extra, imported on first use so that ``import tensorweave`` stays fast and
works without it; a missing extra raises ``MissingExtraError`` naming the ``pip install``.
"""

import io
import sys

import numpy as np

from .. import errors as _errors

__all__ = [
    "proto", "histogram_bucket_limits", "scalar_v1", "histogram_v1", "image_v1", "audio_v1",
    "tensor_v1", "merge", "scalar_v2", "histogram_v2", "image_v2", "audio_v2", "text_v2",
    "as_summary", "tensor_proto",
]

DBL_MAX = sys.float_info.max
_EXTRA = "tensorboard"


def proto(name):
    """The module ``tensorboard.compat.proto.<name>`` (``"summary_pb2"``, ``"event_pb2"`` …)."""
    return _errors.require(f"tensorboard.compat.proto.{name}", _EXTRA)


def _module(name):
    return _errors.require(name, _EXTRA)


def _summary():
    return proto("summary_pb2").Summary()


def as_summary(value):
    """A ``Summary`` proto from a serialized summary (bytes, or a 0-d object array holding
    bytes, as ``sess.run(summary_op)`` returns) or a ``Summary`` proto (copied)."""
    summary_pb2 = proto("summary_pb2")
    if isinstance(value, np.ndarray) and value.dtype == object and value.size == 1:
        value = value.reshape(())[()]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return summary_pb2.Summary.FromString(bytes(value))
    if isinstance(value, summary_pb2.Summary):
        copy = summary_pb2.Summary()
        copy.CopyFrom(value)
        return copy
    if hasattr(value, "SerializeToString"):  # a Summary of another protobuf runtime (TF's)
        return summary_pb2.Summary.FromString(value.SerializeToString())
    raise TypeError(f"Expected a serialized Summary (bytes, the value of a summary op) or a "
                    f"Summary proto, got {type(value).__name__}. Did you pass the summary op "
                    "itself? Pass its value: writer.add_summary(sess.run(summary_op), step).")


# -- TF1 protos ------------------------------------------------------------------------------

def scalar_v1(tag, value):
    """``Summary`` with one ``simple_value`` (TF1 ``ScalarSummary``)."""
    value = np.asarray(value)
    if value.size != 1:
        raise ValueError(f"A scalar summary needs a single value; '{tag}' got shape "
                         f"{list(value.shape)}")
    summary = _summary()
    summary.value.add(tag=tag, simple_value=float(value.reshape(())))
    return summary


_LIMITS = []


def histogram_bucket_limits():
    """TensorFlow's default histogram bucket right edges (``histogram.cc``): 0, ±1e-12
    growing by 10% per bucket up to ±1e20, and ±DBL_MAX at the ends. 1549 edges."""
    if not _LIMITS:
        positive = []
        v = 1.0e-12
        while v < 1.0e20:  # the same float64 products as TF, so the edges are identical
            positive.append(v)
            v *= 1.1
        positive.append(DBL_MAX)
        negative = [-x for x in reversed(positive)]
        _LIMITS.append(np.array(negative + [0.0] + positive))
    return _LIMITS[0]


def histogram_v1(tag, values):
    """``Summary`` with one ``HistogramProto`` laid out like TF1's ``HistogramSummary``.

    Bucket ``i`` counts values in ``[limit[i-1], limit[i])`` (the edges of
    ``histogram_bucket_limits``); each run of empty buckets is collapsed into its last one,
    as TensorFlow encodes them. Raises ValueError on NaN or infinity.
    """
    values = np.asarray(values, dtype=np.float64).ravel()
    if not np.all(np.isfinite(values)):
        raise ValueError(f"Nan in summary histogram for: {tag} (the values contain NaN or "
                         "infinity)")
    limits = histogram_bucket_limits()
    index = np.minimum(np.searchsorted(limits, values, side="right"), len(limits) - 1)
    counts = np.bincount(index, minlength=len(limits))
    # keep every non-empty bucket, and the last bucket of each run of empty ones
    keep = (counts > 0) | np.append(counts[1:] > 0, True)
    histo = proto("summary_pb2").HistogramProto(
        min=float(values.min()) if values.size else DBL_MAX,
        max=float(values.max()) if values.size else -DBL_MAX,
        num=float(values.size), sum=float(values.sum()),
        sum_squares=float(np.dot(values, values)))
    histo.bucket_limit.extend(limits[keep].tolist())
    histo.bucket.extend(counts[keep].astype(np.float64).tolist())
    summary = _summary()
    summary.value.add(tag=tag, histo=histo)
    return summary


def _check_images(images, what):
    if images.ndim != 4 or images.shape[3] not in (1, 3, 4):
        raise ValueError(f"{what} must be 4-D [batch, height, width, channels] with 1, 3 or 4 "
                         f"channels, not {list(images.shape)}")


def normalize_image_v1(image, bad_color=(255, 0, 0, 255)):
    """One float image [h, w, c] → uint8, as TF1's ``ImageSummary`` does it: without
    negative values scaled so the largest is 255; otherwise scaled by the largest magnitude
    and centered at 128. Pixels with a non-finite channel become ``bad_color``."""
    x = np.asarray(image, dtype=np.float32)
    finite = np.all(np.isfinite(x), axis=-1)
    good = x[finite]
    lo = float(good.min()) if good.size else np.inf
    hi = float(good.max()) if good.size else -np.inf
    if lo < 0:
        max_val = max(abs(lo), abs(hi))
        scale, offset = (0.0 if max_val < 1e-6 else 127.0 / max_val), 128.0
    else:
        scale, offset = (0.0 if hi < 1e-6 else 255.0 / hi), 0.0
    with np.errstate(invalid="ignore"):
        scaled = x * np.float32(scale) + np.float32(offset)
    out = np.clip(np.nan_to_num(scaled), 0, 255).astype(np.uint8)
    out[~finite] = np.asarray(bad_color, dtype=np.uint8)[:x.shape[-1]]
    return out


def encode_png(image):
    """PNG bytes of a uint8 image [h, w, c] with c in 1, 3, 4 (grayscale, RGB, RGBA)."""
    pil = _module("PIL.Image")
    image = np.ascontiguousarray(image, dtype=np.uint8)
    if image.shape[-1] == 1:
        image = image[..., 0]
    buf = io.BytesIO()
    pil.fromarray(image).save(buf, format="PNG")
    return buf.getvalue()


def image_v1(tag, images, max_outputs=3, bad_color=(255, 0, 0, 255)):
    """``Summary`` with up to ``max_outputs`` PNG images, tagged ``tag/image/0`` … (or
    ``tag/image`` when ``max_outputs`` is 1), as TF1's ``ImageSummary``. uint8 images are
    kept; float images are normalized by ``normalize_image_v1``."""
    images = np.asarray(images)
    _check_images(images, "Image summary input")
    summary_pb2 = proto("summary_pb2")
    summary = summary_pb2.Summary()
    _, h, w, c = images.shape
    for i in range(min(max_outputs, images.shape[0])):
        img = images[i] if images.dtype == np.uint8 else normalize_image_v1(images[i], bad_color)
        summary.value.add(
            tag=f"{tag}/image/{i}" if max_outputs > 1 else f"{tag}/image",
            image=summary_pb2.Summary.Image(height=h, width=w, colorspace=c,
                                            encoded_image_string=encode_png(img)))
    return summary


def _audio_array(audio):
    audio = np.asarray(audio, dtype=np.float32)
    if audio.ndim == 2:
        audio = audio[:, :, None]
    if audio.ndim != 3:
        raise ValueError("Audio summary input must be 3-D [batch, frames, channels] or 2-D "
                         f"[batch, frames], not {list(audio.shape)}")
    return audio


def _sample_rate(sample_rate):
    rate = float(np.asarray(sample_rate).reshape(()))
    if not rate > 0:
        raise ValueError(f"sample_rate must be positive, got {rate}")
    return rate


def encode_wav(clip, sample_rate):
    """16-bit PCM WAV bytes of a float clip [frames, channels] with values in [-1, 1]."""
    import wave
    pcm = (np.clip(clip, -1.0, 1.0) * 32767.0).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(clip.shape[1])
        w.setsampwidth(2)
        w.setframerate(int(round(sample_rate)))
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def audio_v1(tag, audio, sample_rate, max_outputs=3):
    """``Summary`` with up to ``max_outputs`` WAV clips, tagged ``tag/audio/0`` … (or
    ``tag/audio`` when ``max_outputs`` is 1), as TF1's ``AudioSummaryV2``."""
    audio, rate = _audio_array(audio), _sample_rate(sample_rate)
    summary_pb2 = proto("summary_pb2")
    summary = summary_pb2.Summary()
    _, frames, channels = audio.shape
    for i in range(min(max_outputs, audio.shape[0])):
        summary.value.add(
            tag=f"{tag}/audio/{i}" if max_outputs > 1 else f"{tag}/audio",
            audio=summary_pb2.Summary.Audio(
                sample_rate=rate, num_channels=channels, length_frames=frames,
                encoded_audio_string=encode_wav(audio[i], rate), content_type="audio/wav"))
    return summary


def _plugin_metadata(plugin_name, display_name=None, description=None):
    summary_pb2 = proto("summary_pb2")
    if plugin_name == "text":
        return _module("tensorboard.plugins.text.metadata").create_summary_metadata(
            display_name=display_name, description=description)
    return summary_pb2.SummaryMetadata(
        display_name=display_name, summary_description=description,
        plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name=plugin_name or ""))


def tensor_proto(value):
    """A ``TensorProto`` of a NumPy value (strings become ``DT_STRING``)."""
    value = np.asarray(value)
    util = _module("tensorboard.util.tensor_util")
    if value.dtype == object or value.dtype.kind in "US":
        return util.make_tensor_proto(value.astype(object), dtype=np.object_)
    return util.make_tensor_proto(value)


def tensor_v1(tag, value, plugin_name=None, display_name=None, description=None):
    """``Summary`` with the whole tensor ``value`` and plugin metadata (TF1's
    ``TensorSummaryV2``; ``tf.summary.text`` uses plugin ``"text"``)."""
    summary = _summary()
    summary.value.add(tag=tag, tensor=tensor_proto(value),
                      metadata=_plugin_metadata(plugin_name, display_name, description))
    return summary


def merge(serialized):
    """One serialized ``Summary`` holding the values of all ``serialized`` summaries
    (TF1's ``MergeSummary``). Raises ValueError when two values share a tag."""
    summary = _summary()
    for blob in serialized:
        summary.MergeFromString(bytes(blob))
    seen = set()
    for value in summary.value:
        if value.tag in seen:
            raise ValueError(f"Duplicate tag {value.tag} found in summary inputs")
        seen.add(value.tag)
    return summary.SerializeToString()


# -- TF2 protos (tensor + plugin metadata) -----------------------------------------------------

def scalar_v2(tag, value, description=None):
    """``Summary`` of a scalar as TF2's ``tf.summary.scalar`` writes it (float32 tensor)."""
    value = np.asarray(value)
    if value.shape != ():
        raise ValueError(f"summary.scalar needs a scalar value; '{tag}' got shape "
                         f"{list(value.shape)}")
    return _module("tensorboard.plugins.scalar.summary_v2").scalar_pb(tag, value, description)


def histogram_v2(tag, values, buckets=None, description=None):
    """``Summary`` of a histogram as TF2 writes it: ``buckets`` (default 30) equal-width
    buckets between min and max, as a [buckets, 3] tensor of (left, right, count)."""
    values = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(values)):
        raise ValueError(f"NaN or infinity in the values of histogram '{tag}'")
    return _module("tensorboard.plugins.histogram.summary_v2").histogram_pb(
        tag, values, buckets=buckets, description=description)


def _to_uint8_v2(images):
    if images.dtype == np.uint8:
        return images
    if images.dtype.kind == "f":  # TF2: floats in [0, 1], converted with saturation
        return (np.clip(np.nan_to_num(images), 0.0, 1.0) * 255.5).astype(np.uint8)
    raise TypeError(f"summary.image needs uint8 or float images, got {images.dtype}")


def image_v2(tag, images, max_outputs=3, description=None):
    """``Summary`` of images as TF2 writes them: one tensor ``[width, height, png, …]``.
    Float values are taken to lie in [0, 1]; uint8 values in [0, 255]."""
    images = np.asarray(images)
    _check_images(images, "summary.image data")
    images = _to_uint8_v2(images)
    _, h, w, _ = images.shape
    data = [str(w).encode(), str(h).encode()]
    data += [encode_png(img) for img in images[:max_outputs]]
    metadata = _module("tensorboard.plugins.image.metadata").create_summary_metadata(
        display_name=None, description=description)
    summary = _summary()
    summary.value.add(tag=tag, metadata=metadata,
                      tensor=tensor_proto(np.array(data, dtype=object)))
    return summary


def audio_v2(tag, audio, sample_rate, max_outputs=3, description=None):
    """``Summary`` of audio as TF2 writes it: a [k, 2] tensor of (WAV bytes, label)."""
    audio, rate = _audio_array(audio), _sample_rate(sample_rate)
    meta = _module("tensorboard.plugins.audio.metadata")
    data = np.array([[encode_wav(clip, rate), b""] for clip in audio[:max_outputs]],
                    dtype=object).reshape(-1, 2)
    summary = _summary()
    summary.value.add(tag=tag, tensor=tensor_proto(data), metadata=meta.create_summary_metadata(
        display_name=None, description=description, encoding=meta.Encoding.Value("WAV")))
    return summary


def text_v2(tag, value, description=None):
    """``Summary`` of a string (or array of strings) as TF2's ``tf.summary.text``."""
    value = np.asarray(value)
    if value.dtype != object and value.dtype.kind not in "US":
        raise TypeError(f"summary.text needs strings, got {value.dtype}")
    return _module("tensorboard.plugins.text.summary_v2").text_pb(
        tag, value.astype(object), description)
