"""Shared pieces of the summary tests: a fresh default graph per test, and readers that load
event files back with TensorBoard's own code."""
import glob
import os

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

EVERYTHING = {"scalars": 0, "histograms": 0, "images": 0, "audio": 0, "tensors": 0,
              "distributions": 0}


@pytest.fixture(autouse=True)
def _fresh_graph_each_test(fresh_graph):
    """Every test in this folder starts on a new default graph (tests/conftest.py)."""


def event_files(logdir):
    return sorted(glob.glob(os.path.join(str(logdir), "events.out.tfevents.*")))


def accumulator(logdir):
    """TensorBoard's (legacy) EventAccumulator over ``logdir``, loaded, keeping everything."""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    acc = EventAccumulator(str(logdir), size_guidance=EVERYTHING)
    acc.Reload()
    return acc


def plugin_accumulator(logdir):
    """TensorBoard's plugin EventAccumulator (everything migrated to tensors), loaded."""
    from tensorboard.backend.event_processing.plugin_event_accumulator import EventAccumulator
    acc = EventAccumulator(str(logdir), size_guidance=EVERYTHING)
    acc.Reload()
    return acc


def events(path):
    """Every Event in one event file, read with TensorBoard's event file loader."""
    from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
    return list(EventFileLoader(str(path)).Load())


REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def train(logdir, steps=10):
    """A small regression whose loop writes merged summaries and the graph to ``logdir``;
    returns the losses."""
    x = tf.placeholder(tf.float32, (None, 3), name="x")
    y = tf.placeholder(tf.float32, (None, 1), name="y")
    with tf.name_scope("layer1"):
        w = tf.Variable(tf.zeros((3, 1)), name="w")
        pred = tf.matmul(x, w)
    loss = tf.reduce_mean(tf.square(pred - y), name="mse")
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("layer1/weights", w)
    tf.summary.image("inputs", tf.reshape(x, (-1, 1, 3, 1)), max_outputs=2)
    merged = tf.summary.merge_all()
    rng = np.random.default_rng(0)
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with tf.summary.FileWriter(logdir, sess.graph) as writer:
            for step in range(steps):
                xv = rng.normal(size=(8, 3))
                feed = {x: xv, y: xv @ [[1.0], [-2.0], [0.5]]}
                summary, value, _ = sess.run([merged, loss, train_op], feed)
                writer.add_summary(summary, step)
                losses.append(float(value))
    return losses
