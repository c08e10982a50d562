"""TF2-style summaries on Python/NumPy values: create_file_writer, as_default, steps."""
import numpy as np
import pytest

import tensorweave as tw
import tensorweave.compat.v1 as tf

from .conftest import plugin_accumulator

pytest.importorskip("tensorboard")


def values(acc, tag):
    from tensorboard.util import tensor_util
    return [(e.step, tensor_util.make_ndarray(e.tensor_proto)) for e in acc.Tensors(tag)]


def test_scalars_histograms_images_text_audio(tmp_path):
    writer = tw.summary.create_file_writer(str(tmp_path))
    rng = np.random.default_rng(0)
    with writer.as_default():
        for step in range(3):
            assert tw.summary.scalar("loss", 1.0 / (step + 1), step=step)
            assert tw.summary.histogram("w", rng.normal(size=100), step=step, buckets=10)
        assert tw.summary.image("img", rng.random((4, 5, 6, 3)), step=2, max_outputs=2)
        assert tw.summary.text("notes", "lr = **0.1**", step=0)
        assert tw.summary.audio("snd", np.zeros((1, 50, 1)), 8000, step=0)
    writer.close()
    acc = plugin_accumulator(tmp_path)
    assert acc.PluginTagToContent("scalars").keys() == {"loss"}
    assert acc.PluginTagToContent("histograms").keys() == {"w"}
    assert acc.PluginTagToContent("images").keys() == {"img"}
    assert acc.PluginTagToContent("text").keys() == {"notes"}
    assert acc.PluginTagToContent("audio").keys() == {"snd"}

    loss = values(acc, "loss")
    assert [s for s, _ in loss] == [0, 1, 2]
    np.testing.assert_allclose([float(v) for _, v in loss], [1.0, 0.5, 1 / 3], rtol=1e-6)

    (_, buckets), *_ = values(acc, "w")
    assert buckets.shape == (10, 3) and buckets[:, 2].sum() == 100
    np.testing.assert_allclose(buckets[1:, 0], buckets[:-1, 1])

    ((step, img),) = values(acc, "img")
    assert step == 2 and len(img) == 4 and (img[0], img[1]) == (b"6", b"5")  # width, height

    ((_, text),) = values(acc, "notes")
    assert text == b"lr = **0.1**"


def test_without_default_writer_nothing_is_written():
    assert tw.summary.scalar("loss", 1.0, step=0) is False
    with tw.summary.create_noop_writer().as_default():
        assert tw.summary.scalar("loss", 1.0, step=0) is False
        assert not tw.summary.should_record_summaries()


def test_default_step(tmp_path):
    writer = tw.summary.create_file_writer(tmp_path)
    with writer.as_default():
        with pytest.raises(ValueError, match="No step set"):
            tw.summary.scalar("a", 1.0)
    with writer.as_default(step=5):
        assert tw.summary.experimental.get_step() == 5
        tw.summary.scalar("a", 1.0)
    assert tw.summary.experimental.get_step() is None
    tw.summary.experimental.set_step(7)
    try:
        with writer.as_default():
            tw.summary.scalar("a", 2.0)
            tw.summary.scalar("a", 3.0, step=9)
    finally:
        tw.summary.experimental.set_step(None)
    writer.close()
    assert [s for s, _ in values(plugin_accumulator(tmp_path), "a")] == [5, 7, 9]


def test_record_if_and_flush(tmp_path):
    writer = tw.summary.create_file_writer(tmp_path)
    with writer.as_default(step=0):
        with tw.summary.record_if(False):
            assert tw.summary.scalar("a", 1.0) is False
        with tw.summary.record_if(lambda: True):
            assert tw.summary.scalar("a", 2.0) is True
        tw.summary.flush()
        assert len(values(plugin_accumulator(tmp_path), "a")) == 1
    writer.close()


def test_set_as_default_and_graph(tmp_path):
    tf.constant(1.0, name="c")
    writer = tw.summary.create_file_writer(tmp_path)
    writer.set_as_default(step=0)
    try:
        assert tw.summary.graph(tf.get_default_graph())
    finally:
        writer.close()  # also stops it being the default
    assert tw.summary.scalar("a", 1.0, step=0) is False
    assert [n.name for n in plugin_accumulator(tmp_path).Graph().node] == ["c"]


def test_errors(tmp_path):
    writer = tw.summary.create_file_writer(tmp_path)
    with writer.as_default(step=0):
        with pytest.raises(TypeError, match="compat.v1.summary.scalar"):
            tw.summary.scalar("a", tf.constant(1.0))
        with pytest.raises(ValueError, match="scalar"):
            tw.summary.scalar("a", [1.0, 2.0])
        with pytest.raises(ValueError, match="NaN"):
            tw.summary.histogram("h", [np.nan])
    writer.close()
    with pytest.raises(RuntimeError, match="closed"):
        writer.write_summary(b"", 0)


def test_eager_tensors_and_variables_are_values(tmp_path):
    writer = tw.summary.create_file_writer(str(tmp_path))
    v = tw.Variable(2.5)
    with writer.as_default():
        for step in range(2):
            assert tw.summary.scalar("loss", tw.constant(1.0) / (step + 1), step=step)
            assert tw.summary.scalar("v", v, step=step)
            assert tw.summary.histogram("w", tw.random.normal((50,)), step=step)
    writer.close()
    acc = plugin_accumulator(tmp_path)
    np.testing.assert_allclose([float(x) for _, x in values(acc, "loss")], [1.0, 0.5])
    assert [float(x) for _, x in values(acc, "v")] == [2.5, 2.5]
