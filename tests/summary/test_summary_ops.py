"""TF1 summary ops in the graph: names and tags, collections, shape/dtype checks, values."""
import subprocess
import sys

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import errors


def parse(blob):
    from tensorweave.summary.encode import as_summary
    return as_summary(blob)


# -- building (no tensorboard needed) -----------------------------------------------------------
def test_tag_names_are_unique_like_op_names():
    # TF's rule, case-insensitive: the op "Mean" takes the name, so the summary is "mean_1"
    tf.summary.scalar("mean", tf.reduce_mean(tf.zeros((2,))))
    assert tf.get_collection(tf.GraphKeys.SUMMARIES)[0].op.get_attr("tag") == "mean_1"


def test_summary_ops_are_string_scalars_named_by_scope():
    x = tf.placeholder(tf.float32, (), name="x")
    s = tf.summary.scalar("loss", x)
    assert s.dtype == tf.string and s.shape.as_list() == []
    assert s.op.type == "ScalarSummary" and s.op.name == "loss"
    assert s.op.get_attr("tag") == "loss"
    with tf.name_scope("train"):
        s2 = tf.summary.scalar("loss", x)
    assert s2.op.name == "train/loss" and s2.op.get_attr("tag") == "train/loss"
    s3 = tf.summary.scalar("loss", x)
    assert s3.op.get_attr("tag") == "loss_1"


def test_family_prefixes_the_tag():
    x = tf.placeholder(tf.float32, (), name="x")
    s = tf.summary.scalar("acc", x, family="eval")
    assert s.op.name == "eval/acc" and s.op.get_attr("tag") == "eval/eval/acc"


def test_invalid_tag_characters_are_replaced():
    s = tf.summary.scalar("loss (train) #1", 1.0)
    assert s.op.get_attr("tag") == "loss__train___1"


def test_collections_and_merge_all():
    assert tf.summary.merge_all() is None
    x = tf.placeholder(tf.float32, (), name="x")
    a = tf.summary.scalar("a", x)
    b = tf.summary.histogram("b", x)
    c = tf.summary.scalar("c", x, collections=["mine"])
    d = tf.summary.scalar("d", x, collections=[])
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [a, b]
    assert tf.get_collection("mine") == [c]
    assert d not in tf.get_collection(tf.GraphKeys.SUMMARIES)
    merged = tf.summary.merge_all()
    assert merged.op.type == "MergeSummary" and merged.op.name == "Merge/MergeSummary"
    assert list(merged.op.inputs) == [a, b]
    assert tf.summary.merge_all("mine").op.inputs[0] is c
    assert tf.summary.merge([a, c], name="picked").op.name == "picked/picked"


def test_build_time_checks():
    with pytest.raises(ValueError, match=r"needs a scalar tensor, got shape \[3\].*'v'"):
        tf.summary.scalar("v", tf.zeros((3,)))
    with pytest.raises(TypeError, match="real number tensor"):
        tf.summary.scalar("s", tf.constant("a"))
    with pytest.raises(TypeError, match="real number tensor"):
        tf.summary.histogram("h", tf.constant([True]))
    with pytest.raises(ValueError, match="4-D"):
        tf.summary.image("i", tf.zeros((2, 2, 2)))
    with pytest.raises(TypeError, match="uint8, float16, float32 or float64"):
        tf.summary.image("i", tf.zeros((1, 2, 2, 1), tf.int32))
    with pytest.raises(ValueError, match="string tensor"):
        tf.summary.text("t", tf.zeros(()))
    with pytest.raises(TypeError, match="serialized summaries"):
        tf.summary.merge([tf.zeros(())])
    with pytest.raises(ValueError, match="at least one"):
        tf.summary.merge([])


def test_summaries_carry_no_gradient():
    w = tf.Variable(1.0, name="w")
    loss = w * w
    tf.summary.scalar("w", w)
    (g,) = tf.gradients(loss, [w])
    assert g is not None
    assert not any("Summary" in op.type for op in tf.get_default_graph().get_operations()
                   if op.name.startswith("gradients/"))


def test_import_does_not_load_tensorboard():
    code = "import sys, tensorweave.compat.v1 as tf; tf.summary.scalar('a', 1.0); " \
           "print('tensorboard' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == "False"


def test_missing_extra_names_the_install(monkeypatch):
    s = tf.summary.scalar("a", 1.0)
    # make `import tensorboard.compat.proto.summary_pb2` fail as if it were not installed
    monkeypatch.setitem(sys.modules, "tensorboard.compat.proto.summary_pb2", None)
    with tf.Session() as sess:
        with pytest.raises(errors.MissingExtraError,
                           match=r"pip install 'tensorweave\[tensorboard\]'"):
            sess.run(s)


# -- running --------------------------------------------------------------------------------------
@pytest.fixture
def tb():
    return pytest.importorskip("tensorboard")


def test_scalar_and_histogram_values(tb):
    x = tf.placeholder(tf.float32, (None,), name="x")
    s = tf.summary.scalar("average", tf.reduce_mean(x))
    h = tf.summary.histogram("values", x)
    with tf.Session() as sess:
        blob_s, blob_h = sess.run([s, h], {x: [1.0, 2.0, 6.0]})
    assert isinstance(blob_s, bytes) and isinstance(blob_h, bytes)
    (v,) = parse(blob_s).value
    assert (v.tag, v.simple_value) == ("average", 3.0)
    (v,) = parse(blob_h).value
    assert v.tag == "values" and v.histo.num == 3 and v.histo.sum == 9.0
    assert (v.histo.min, v.histo.max) == (1.0, 6.0)


def test_image_audio_text_values(tb):
    img = tf.placeholder(tf.float32, (None, 4, 5, 3), name="images")
    clip = tf.placeholder(tf.float32, (None, 100), name="clips")
    si = tf.summary.image("img", img, max_outputs=2)
    sa = tf.summary.audio("clip", clip, 16000)
    st = tf.summary.text("note", tf.constant("hello *world*"))
    with tf.Session() as sess:
        bi, ba, bt = sess.run([si, sa, st], {img: np.random.rand(3, 4, 5, 3),
                                             clip: np.zeros((1, 100))})
    assert [(v.tag, v.image.height, v.image.width, v.image.colorspace)
            for v in parse(bi).value] == [("img/image/0", 4, 5, 3), ("img/image/1", 4, 5, 3)]
    assert [(v.tag, v.audio.sample_rate, v.audio.length_frames) for v in parse(ba).value] == \
        [("clip/audio/0", 16000.0, 100)]
    (v,) = parse(bt).value
    assert v.tag == "note" and v.tensor.string_val == [b"hello *world*"]
    assert v.metadata.plugin_data.plugin_name == "text"


def test_merge_runs_and_rejects_duplicate_tags(tb):
    x = tf.placeholder(tf.float32, (), name="x")
    a = tf.summary.scalar("a", x)
    b = tf.summary.scalar("b", 2 * x)
    merged = tf.summary.merge_all()
    dup = tf.summary.merge([a, b, a])
    with tf.Session() as sess:
        blob = sess.run(merged, {x: 1.5})
        assert [(v.tag, v.simple_value) for v in parse(blob).value] == [("a", 1.5), ("b", 3.0)]
        with pytest.raises(errors.InvalidArgumentError, match="Duplicate tag a"):
            sess.run(dup, {x: 1.0})


def test_nan_histogram_fails_the_run_naming_the_node(tb):
    x = tf.placeholder(tf.float32, (None,), name="x")
    h = tf.summary.histogram("weights", x)
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match="Nan in summary histogram for: "
                                                              "weights(.|\n)*node weights"):
            sess.run(h, {x: [1.0, np.nan]})
