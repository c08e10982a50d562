"""The encoders: NumPy values → Summary protos, checked against TensorFlow's rules."""
import bisect
import io
import sys
import wave

import numpy as np
import pytest

pytest.importorskip("tensorboard")

from tensorweave.summary import encode  # noqa: E402

DBL_MAX = sys.float_info.max


def tf_histogram_reference(values):
    """TF's histogram.cc, transcribed loop by loop: (limits, counts) as EncodeToProto writes
    them with preserve_zero_buckets=False."""
    limits = list(encode.histogram_bucket_limits())
    counts = [0.0] * len(limits)
    for v in values:
        counts[bisect.bisect_right(limits, v)] += 1.0
    out_limits, out_counts = [], []
    i = 0
    while i < len(counts):
        end, count = limits[i], counts[i]
        i += 1
        if count <= 0.0:
            while i < len(counts) and counts[i] <= 0.0:
                end, count = limits[i], counts[i]
                i += 1
        out_limits.append(end)
        out_counts.append(count)
    return out_limits, out_counts


# -- histograms ---------------------------------------------------------------------------------
def test_default_bucket_limits_follow_tensorflow():
    limits = encode.histogram_bucket_limits()
    n = len(limits)
    assert n % 2 == 1
    mid = n // 2
    assert limits[mid] == 0.0
    assert limits[mid + 1] == 1e-12 and limits[mid - 1] == -1e-12
    assert limits[-1] == DBL_MAX and limits[0] == -DBL_MAX
    assert np.all(np.diff(limits) > 0)
    np.testing.assert_allclose(limits[mid + 2:-2] / limits[mid + 1:-3], 1.1, rtol=1e-12)
    assert limits[-2] >= 1e20 / 1.1 and limits[-2] < 1e20
    np.testing.assert_array_equal(limits[:mid], -limits[mid + 1:][::-1])


@pytest.mark.parametrize("values", [
    [0.0, 1.0, -1.0, 2.5, 2.5, 1e-13, -3e5, 7.0],
    np.random.default_rng(0).normal(0, 1, 1000),
    np.random.default_rng(1).uniform(-1e6, 1e6, 200),
    [1.0] * 5,
    [0.0],
], ids=["mixed", "normal", "wide", "constant", "zero"])
def test_histogram_buckets_match_tensorflow(values):
    histo = encode.histogram_v1("h", values).value[0].histo
    limits, counts = tf_histogram_reference(np.asarray(values, np.float64))
    assert list(histo.bucket_limit) == limits
    assert list(histo.bucket) == counts
    values = np.asarray(values, np.float64)
    assert histo.num == len(values) and sum(histo.bucket) == len(values)
    assert histo.min == values.min() and histo.max == values.max()
    assert histo.sum == pytest.approx(values.sum())
    assert histo.sum_squares == pytest.approx((values ** 2).sum())


def test_histogram_bucket_edges_are_half_open():
    limits = encode.histogram_bucket_limits()
    edge = limits[len(limits) // 2 + 10]  # a positive limit: values equal to it go right
    histo = encode.histogram_v1("h", [edge]).value[0].histo
    nonzero = [lim for lim, c in zip(histo.bucket_limit, histo.bucket) if c > 0]
    assert nonzero == [limits[len(limits) // 2 + 11]]


def test_empty_histogram_is_one_empty_bucket():
    histo = encode.histogram_v1("h", np.zeros((0, 3))).value[0].histo
    assert list(histo.bucket_limit) == [DBL_MAX] and list(histo.bucket) == [0.0]
    assert histo.num == 0 and histo.min == DBL_MAX and histo.max == -DBL_MAX


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_histogram_rejects_non_finite(bad):
    with pytest.raises(ValueError, match="Nan in summary histogram for: w"):
        encode.histogram_v1("w", [1.0, bad])


# -- images -------------------------------------------------------------------------------------
def decode_png(data):
    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(data)))


def test_float_image_without_negatives_scales_max_to_255():
    img = np.array([[[0.0], [0.5], [2.0]]], np.float32)  # h=1, w=3, c=1
    out = encode.normalize_image_v1(img)
    np.testing.assert_array_equal(out[..., 0], [[0, 63, 255]])


def test_float_image_with_negatives_centers_at_128():
    img = np.array([[[-2.0], [0.0], [1.0], [2.0]]], np.float32)
    out = encode.normalize_image_v1(img)
    np.testing.assert_array_equal(out[..., 0], [[1, 128, 191, 255]])


def test_non_finite_pixels_get_bad_color():
    img = np.array([[[0.0, 0.0, 0.0], [1.0, np.nan, 1.0], [1.0, 1.0, 1.0]]], np.float32)
    out = encode.normalize_image_v1(img)
    np.testing.assert_array_equal(out[0], [[0, 0, 0], [255, 0, 0], [255, 255, 255]])


@pytest.mark.parametrize("channels", [1, 3, 4])
def test_image_summary_tags_sizes_and_png(channels):
    images = np.random.default_rng(0).integers(0, 256, (5, 6, 7, channels), dtype=np.uint8)
    summary = encode.image_v1("inputs", images, max_outputs=3)
    assert [v.tag for v in summary.value] == [f"inputs/image/{i}" for i in range(3)]
    for i, v in enumerate(summary.value):
        assert (v.image.height, v.image.width, v.image.colorspace) == (6, 7, channels)
        decoded = decode_png(v.image.encoded_image_string)
        np.testing.assert_array_equal(decoded.reshape(images[i].shape), images[i])


def test_single_image_tag_has_no_index():
    summary = encode.image_v1("x", np.zeros((4, 2, 2, 1), np.float32), max_outputs=1)
    assert [v.tag for v in summary.value] == ["x/image"]


def test_image_summary_rejects_bad_rank():
    with pytest.raises(ValueError, match="4-D"):
        encode.image_v1("x", np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="1, 3 or 4 channels"):
        encode.image_v1("x", np.zeros((1, 2, 2, 2)))


# -- audio, text, merge -------------------------------------------------------------------------
def test_audio_summary_is_wav():
    t = np.linspace(0, 1, 800, dtype=np.float32)
    clips = np.stack([np.sin(2 * np.pi * 5 * t), 0.5 * np.cos(2 * np.pi * 5 * t)])
    summary = encode.audio_v1("snd", clips, 8000, max_outputs=1)
    (value,) = summary.value
    assert value.tag == "snd/audio"
    assert value.audio.sample_rate == 8000 and value.audio.num_channels == 1
    assert value.audio.length_frames == 800 and value.audio.content_type == "audio/wav"
    with wave.open(io.BytesIO(value.audio.encoded_audio_string)) as w:
        assert (w.getnchannels(), w.getframerate(), w.getnframes()) == (1, 8000, 800)
        pcm = np.frombuffer(w.readframes(800), "<i2")
    np.testing.assert_allclose(pcm / 32767, clips[0], atol=1e-4)


def test_text_summary_uses_the_text_plugin():
    summary = encode.tensor_v1("notes", np.array(["a", "**b**"], dtype=object), "text")
    (value,) = summary.value
    assert value.metadata.plugin_data.plugin_name == "text"
    assert list(value.tensor.string_val) == [b"a", b"**b**"]


def test_merge_concatenates_and_rejects_duplicate_tags():
    a = encode.scalar_v1("a", 1.0).SerializeToString()
    b = encode.scalar_v1("b", 2.0).SerializeToString()
    merged = encode.as_summary(encode.merge([a, b]))
    assert [(v.tag, v.simple_value) for v in merged.value] == [("a", 1.0), ("b", 2.0)]
    with pytest.raises(ValueError, match="Duplicate tag a found in summary inputs"):
        encode.merge([a, b, a])


def test_as_summary_explains_a_summary_op_passed_by_mistake():
    with pytest.raises(TypeError, match=r"sess.run\(summary_op\)"):
        encode.as_summary(object())
