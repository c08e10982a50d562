"""Acceptance: a CIFAR-shaped convolutional network trains in graph mode, and a checkpoint
restored into a freshly built graph in a new process reproduces its predictions exactly.

The network is the classic TF1 tutorial shape — (conv, batch norm, relu, max pool) twice,
dense, dropout, softmax cross-entropy — on synthetic but learnable 32x32x3 images: each of the
10 classes is a fixed smooth random template, and each example adds unit Gaussian noise.
Small batches and few channels keep it to a few seconds on two cores.
"""

import json
import os
import subprocess
import sys

import numpy as np

import tensorweave.compat.v1 as tf

NUM_CLASSES = 10
BATCH = 16
STEPS = 60


def make_data(seed, n):
    """``n`` noisy examples of the 10 class templates (the templates do not depend on seed)."""
    templates = np.random.RandomState(1234).randn(NUM_CLASSES, 4, 4, 3)
    templates = np.repeat(np.repeat(templates, 8, axis=1), 8, axis=2)  # smooth 32x32x3
    rng = np.random.RandomState(seed)
    labels = rng.randint(0, NUM_CLASSES, n)
    images = templates[labels] + rng.randn(n, 32, 32, 3)
    return images.astype(np.float32), labels.astype(np.int64)


def build_model():
    """The network in the default graph: (inputs, labels, training, logits, loss, train_op)."""
    tf.set_random_seed(0)
    images = tf.placeholder(tf.float32, [None, 32, 32, 3], name="images")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    training = tf.placeholder_with_default(False, [], name="training")
    h = images
    for filters in (4, 8):
        h = tf.layers.conv2d(h, filters, 3, padding="same", use_bias=False)
        h = tf.layers.batch_normalization(h, momentum=0.9, training=training)
        h = tf.nn.relu(h)
        h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.flatten(h)
    h = tf.layers.dense(h, 32, activation=tf.nn.relu)
    h = tf.layers.dropout(h, rate=0.25, training=training)
    logits = tf.layers.dense(h, NUM_CLASSES, name="logits")
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    if hasattr(tf.train, "AdamOptimizer"):
        optimizer = tf.train.AdamOptimizer(3e-3)
    else:
        optimizer = tf.train.MomentumOptimizer(0.02, 0.9)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train_op = optimizer.minimize(loss)
    return images, labels, training, logits, loss, train_op


# Run in a new process: rebuild the graph, restore the checkpoint, predict.
RESTORE_SCRIPT = """
import importlib.util, json, sys
import numpy as np
import tensorweave.compat.v1 as tf
spec = importlib.util.spec_from_file_location("cifar_acceptance", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
args = json.loads(sys.argv[2])
images, labels, training, logits, loss, train_op = module.build_model()
saver = tf.train.Saver()
data = np.load(args["data"])
with tf.Session() as sess:
    saver.restore(sess, args["checkpoint"])
    predictions = sess.run(logits, {images: data["images"]})
np.save(args["out"], predictions)
"""


def test_cifar_shaped_network_trains_and_restores_in_a_new_process(tmp_path):
    graph = tf.Graph()
    with graph.as_default():
        images, labels, training, logits, loss, train_op = build_model()
        correct = tf.nn.in_top_k(logits, labels, 1)
        saver = tf.train.Saver()
        assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == 4
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = []
            for step in range(STEPS):
                x, y = make_data(step, BATCH)
                value, _ = sess.run([loss, train_op], {images: x, labels: y, training: True})
                losses.append(value)
            eval_x, eval_y = make_data(10_000, 100)
            hits = sess.run(correct, {images: eval_x, labels: eval_y})
            predictions = sess.run(logits, {images: eval_x})
            checkpoint = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=STEPS)
    start, end = np.mean(losses[:3]), np.mean(losses[-10:])
    assert start > 1.5, losses[:3]
    assert end < 0.25 * start, (start, end)
    assert hits.mean() >= 0.9  # inference mode: moving averages and no dropout

    np.savez(tmp_path / "data.npz", images=eval_x)
    args = {"checkpoint": checkpoint, "data": str(tmp_path / "data.npz"),
            "out": str(tmp_path / "restored.npy")}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", RESTORE_SCRIPT, os.path.abspath(__file__),
                           json.dumps(args)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    restored = np.load(tmp_path / "restored.npy")
    assert np.array_equal(restored, predictions)


def test_scalar_variables_keep_their_shape_in_a_checkpoint(tmp_path):
    # Adam's beta1_power/beta2_power are scalars: a checkpoint once stored them as shape [1]
    with tf.Graph().as_default():
        v = tf.Variable(0.5, name="scalar")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(v.initializer)
            path = saver.save(sess, str(tmp_path / "s.ckpt"))
        assert tf.train.NewCheckpointReader(path).get_variable_to_shape_map() == {"scalar": []}
        with tf.Session() as sess:
            saver.restore(sess, path)
            assert sess.run(v) == 0.5
