"""Traced runs: RunOptions(trace_level=FULL_TRACE) fills RunMetadata with per-op timings."""

import json

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import timeline


def _net():
    rng = np.random.default_rng(0)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (8, 5))
        w = tf.Variable(rng.standard_normal((5, 3)).astype(np.float32), name="w")
        loss = tf.reduce_sum(tf.nn.relu(tf.matmul(x, w, name="product")) ** 2)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    return sess, x, loss, train, {x: rng.standard_normal((8, 5)).astype(np.float32)}


def test_traced_run_records_every_step_and_computes_the_same():
    sess, x, loss, train, feed = _net()
    other, _, loss2, train2, _ = _net()
    meta = tf.RunMetadata()
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    for _ in range(3):  # traced and untraced runs of one plan agree
        traced = sess.run([loss, train], {x: feed[x]}, options=options, run_metadata=meta)
        plain = other.run([loss2, train2], {other.graph.get_tensor_by_name(x.name): feed[x]})
        assert traced[0] == plain[0]
    (dev,) = meta.step_stats.dev_stats
    assert dev.device.endswith("device:CPU:0")
    names = [n.node_name for n in dev.node_stats]
    assert "product" in names and len(names) == len(list(sess._plans.values())[-1].step_ops)
    starts = [n.all_start_micros for n in dev.node_stats]
    assert starts == sorted(starts) and all(n.all_end_rel_micros >= 0 for n in dev.node_stats)
    product = dev.node_stats[names.index("product")]
    assert product.timeline_label == "product = MatMul"


def test_no_trace_leaves_run_metadata_alone():
    sess, x, loss, _, feed = _net()
    meta = tf.RunMetadata()
    sess.run(loss, feed, options=tf.RunOptions(), run_metadata=meta)
    assert meta.step_stats.dev_stats == []
    sess.run(loss, feed, run_metadata=meta)  # no options: not traced either
    assert meta.step_stats.dev_stats == []


def test_failed_traced_run_still_reports_what_ran():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (None,))
        y = tf.sqrt(x)
        with tf.control_dependencies([tf.Assert(tf.reduce_all(x > 0), [x])]):
            z = y + 1.0
        sess = tf.Session()
    meta = tf.RunMetadata()
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.run(z, {x: [-1.0, 4.0]},
                 options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                 run_metadata=meta)
    assert meta.step_stats.dev_stats[0].node_stats  # the steps before the failure


def test_chrome_trace_format():
    sess, x, loss, train, feed = _net()
    meta = tf.RunMetadata()
    sess.run(train, feed, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
             run_metadata=meta)
    trace = json.loads(timeline.Timeline(meta.step_stats).generate_chrome_trace_format())
    ops = [e for e in trace["traceEvents"] if e["ph"] == "X"]
    assert len(ops) == len(meta.step_stats.dev_stats[0].node_stats)
    assert {"MatMul", "Relu"} <= {e["name"] for e in ops}
    assert all(e["dur"] >= 0 and "name" in e["args"] for e in ops)


def test_run_metadata_proto_round_trip():
    pytest.importorskip("tensorboard")
    sess, x, loss, _, feed = _net()
    meta = tf.RunMetadata()
    sess.run(loss, feed, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
             run_metadata=meta)
    proto = meta.to_proto()
    nodes = proto.step_stats.dev_stats[0].node_stats
    assert [n.node_name for n in nodes] == \
        [n.node_name for n in meta.step_stats.dev_stats[0].node_stats]


@pytest.mark.numpy_only
def test_a_fused_group_is_one_entry_naming_its_ops():
    from tensorweave.compiler import fuse
    saved = fuse.CHUNK, fuse.MIN_SIZE
    fuse.CHUNK, fuse.MIN_SIZE = 4, 8
    try:
        sess, x, loss, _, feed = _net()
        with sess.graph.as_default():
            train = tf.train.AdamOptimizer(0.01).minimize(loss)
            sess.run(tf.global_variables_initializer())
        meta = tf.RunMetadata()
        sess.run(train, feed, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                 run_metadata=meta)
    finally:
        fuse.CHUNK, fuse.MIN_SIZE = saved
    labels = [n.timeline_label for n in meta.step_stats.dev_stats[0].node_stats]
    fused = [lab for lab in labels if "= Fused(" in lab]
    assert any("AssignAdd" in lab and "AssignSub" in lab for lab in fused), labels
