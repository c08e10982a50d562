"""tf.summary.FileWriter: what a TF1 training loop writes, read back with TensorBoard's own
readers (EventAccumulator, EventFileLoader)."""
import os
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

from .conftest import REPO_ROOT, accumulator, event_files, events, train

pytest.importorskip("tensorboard")


def test_training_run_reads_back(tmp_path):
    losses = train(tmp_path)
    (path,) = event_files(tmp_path)
    acc = accumulator(tmp_path)
    tags = acc.Tags()
    assert tags["scalars"] == ["loss"]
    assert tags["histograms"] == ["layer1/weights"]
    assert tags["images"] == ["inputs/image/0", "inputs/image/1"]
    assert tags["graph"]

    scalars = acc.Scalars("loss")
    assert [e.step for e in scalars] == list(range(10))
    np.testing.assert_allclose([e.value for e in scalars], losses, rtol=1e-6)
    assert all(b.wall_time >= a.wall_time for a, b in zip(scalars, scalars[1:]))

    histos = acc.Histograms("layer1/weights")
    assert [h.step for h in histos] == list(range(10))
    first, last = histos[0].histogram_value, histos[-1].histogram_value
    assert (first.min, first.max, first.num) == (0.0, 0.0, 3)  # zeros before the first step
    assert list(first.bucket) == [0.0, 3.0, 0.0]  # run of empties, [0, 1e-12), run of empties
    assert first.bucket_limit[1] == 1e-12
    assert last.num == 3 and sum(last.bucket) == 3 and last.min < 0 < last.max

    images = acc.Images("inputs/image/0")
    assert len(images) == 10 and {(i.width, i.height) for i in images} == {(3, 1)}

    graph = acc.Graph()
    names = {n.name for n in graph.node}
    assert {"x", "y", "layer1/w", "layer1/MatMul", "mse", "loss", "layer1/weights",
            "Merge/MergeSummary"} <= names
    assert any(n.startswith("gradients/") for n in names)

    first_event = events(path)[0]
    assert first_event.file_version == "brain.Event:2"


def test_add_summary_accepts_protos_and_strips_repeated_metadata(tmp_path):
    writer = tf.summary.FileWriter(tmp_path)
    proto = tf.Summary(value=[tf.Summary.Value(tag="acc", simple_value=0.5)])  # TF1's spelling
    assert tf.summary.Summary is tf.Summary
    writer.add_summary(proto, 1)
    writer.add_summary(proto.SerializeToString(), global_step=np.int64(2))
    text = tf.summary.text("notes", tf.constant("hi"))
    with tf.Session() as sess:
        blob = sess.run(text)
    writer.add_summary(blob, 3)
    writer.add_summary(blob, 4)
    with pytest.raises(TypeError, match="sess.run"):
        writer.add_summary(text)
    writer.close()
    evs = [e for e in events(event_files(tmp_path)[0]) if e.HasField("summary")]
    assert [(e.step, e.summary.value[0].tag) for e in evs] == \
        [(1, "acc"), (2, "acc"), (3, "notes"), (4, "notes")]
    assert evs[2].summary.value[0].HasField("metadata")
    assert not evs[3].summary.value[0].HasField("metadata")
    assert accumulator(tmp_path).Tensors("notes")[1].tensor_proto.string_val == [b"hi"]


def test_flush_close_and_reopen(tmp_path):
    writer = tf.summary.FileWriter(tmp_path / "run", flush_secs=0.2)
    assert writer.get_logdir() == str(tmp_path / "run")
    writer.add_summary(tf.summary.Summary(value=[tf.summary.Summary.Value(
        tag="a", simple_value=1.0)]), 0)
    writer.flush()
    assert len(accumulator(tmp_path / "run").Scalars("a")) == 1
    writer.close()
    writer.close()  # a second close does nothing
    with pytest.warns(UserWarning, match="reopen"):
        writer.add_summary(tf.summary.Summary(), 1)
    writer.reopen()
    writer.add_summary(tf.summary.Summary(value=[tf.summary.Summary.Value(
        tag="a", simple_value=2.0)]), 1)
    writer.close()
    assert len(event_files(tmp_path / "run")) == 2
    assert [e.value for e in accumulator(tmp_path / "run").Scalars("a")] == [1.0, 2.0]


def test_events_reach_disk_within_flush_secs(tmp_path):
    writer = tf.summary.FileWriter(tmp_path, flush_secs=0.1)
    writer.add_summary(tf.summary.Summary(value=[tf.summary.Summary.Value(
        tag="a", simple_value=1.0)]), 7)
    deadline = time.time() + 5
    while time.time() < deadline:
        if any(e.step == 7 for e in events(event_files(tmp_path)[0])):
            break
        time.sleep(0.05)
    else:
        pytest.fail("the event was not on disk 5 s after add_summary with flush_secs=0.1")
    writer.close()


def test_graph_given_as_graph_def_and_session_log(tmp_path):
    tf.constant(1.0, name="c")
    from tensorweave.summary import graph_def
    writer = tf.summary.FileWriter(tmp_path, graph_def=graph_def())
    writer.add_session_log(tf.summary.SessionLog(status=tf.summary.SessionLog.START), 0)
    with pytest.raises(ValueError, match="not both"):
        writer.add_graph(tf.get_default_graph(), graph_def=graph_def())
    writer.close()
    assert [n.name for n in accumulator(tmp_path).Graph().node] == ["c"]


def test_file_writer_cache(tmp_path):
    a = tf.summary.FileWriterCache.get(str(tmp_path))
    assert tf.summary.FileWriterCache.get(str(tmp_path)) is a
    tf.summary.FileWriterCache.clear()
    assert tf.summary.FileWriterCache.get(str(tmp_path)) is not a
    tf.summary.FileWriterCache.clear()


def run_script(body, logdir):
    script = textwrap.dedent("""
        import os, signal, sys
        import tensorweave.compat.v1 as tf
        writer = tf.summary.FileWriter(sys.argv[1], max_queue=10000, flush_secs=3600)
        def add(step):
            writer.add_summary(tf.summary.Summary(value=[tf.summary.Summary.Value(
                tag="loss", simple_value=float(step))]), step)
    """) + textwrap.dedent(body)
    env = dict(os.environ, PYTHONPATH=REPO_ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-c", script, str(logdir)], env=env,
                          capture_output=True, text=True, timeout=60)


def test_exit_without_close_flushes(tmp_path):
    # a deep queue: without the at-exit close most of it would die with the writer thread
    done = run_script("for step in range(2000): add(step)\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert [e.step for e in accumulator(tmp_path).Scalars("loss")] == list(range(2000))


def test_killed_process_leaves_a_readable_file(tmp_path):
    done = run_script("""
        for step in range(3): add(step)
        writer.flush()
        for step in range(3, 6): add(step)
        os.kill(os.getpid(), signal.SIGKILL)
    """, tmp_path)
    assert done.returncode == -9
    steps = [e.step for e in accumulator(tmp_path).Scalars("loss")]
    assert steps[:3] == [0, 1, 2] and steps == list(range(len(steps)))


def test_run_metadata_reaches_tensorboard(tmp_path):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (4, 3))
        w = tf.Variable(np.ones((3, 2), np.float32))
        y = tf.nn.relu(tf.matmul(x, w, name="product"))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    meta = tf.RunMetadata()
    sess.run(y, {x: np.ones((4, 3), np.float32)},
             options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=meta)
    with tf.summary.FileWriter(str(tmp_path), g) as writer:
        writer.add_run_metadata(meta, "step1", global_step=1)
        with pytest.raises(ValueError, match="already used"):
            writer.add_run_metadata(meta, "step1")
    acc = accumulator(tmp_path)
    assert acc.Tags()["run_metadata"] == ["step1"]
    nodes = acc.RunMetadata("step1").step_stats.dev_stats[0].node_stats
    assert "product" in [n.node_name for n in nodes]
