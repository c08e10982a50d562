"""Saving a trained model and restoring it in a fresh graph, TensorFlow 1 style.

Part 1 trains a small network on the 8x8 digits bundled with tensorweave and saves its
variables every SAVE_EVERY steps and at the end with
``tf.train.Saver().save(sess, path, global_step=...)``: each save writes a checkpoint
``model.ckpt-<step>`` and updates the ``checkpoint`` file that names the newest one.

Part 2 starts over in a new, empty graph, as a separate program would: it rebuilds the same
model (the variables get the same names, which is what a checkpoint is keyed by), leaves out
the optimizer, finds the newest checkpoint with ``tf.train.latest_checkpoint`` and restores it.
No initializer runs: every value comes from the checkpoint. The restored model's predictions
on the test images are identical to the trained model's.

Run:  python examples/tf1_save_restore.py [checkpoint directory]
"""
import collections
import os
import sys
import tempfile

import numpy as np

import tensorweave.compat.v1 as tf
from tensorweave.keras.datasets import digits

NUM_PIXELS, NUM_CLASSES = 64, 10
N_HIDDEN = 32
LEARNING_RATE = 0.01
BATCH_SIZE = 64
SAVE_EVERY = 100

Result = collections.namedtuple("Result", [
    "losses", "predictions", "restored_predictions", "test_accuracy", "restored_step",
    "checkpoint"])
Result.__doc__ = """What `main` returns: the training losses; the test-set logits of the
trained model and of the restored one; the trained model's test accuracy; the global step
read back from the checkpoint; and the checkpoint prefix that was restored (deleted with its
directory when `main` made a temporary one)."""


def load_digits():
    """The digits as float32 (n, 64) images in [0, 1] and int64 (n,) labels."""
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    x_train = x_train.reshape(-1, NUM_PIXELS).astype(np.float32) / 16.0
    x_test = x_test.reshape(-1, NUM_PIXELS).astype(np.float32) / 16.0
    return (x_train, y_train), (x_test, y_test)


def build_model():
    """The inputs and the network: the same code builds it for training and for restoring.

    Returns:
        (x, logits): the image placeholder and the (n, 10) logits.
    """
    x = tf.placeholder(tf.float32, [None, NUM_PIXELS], name="x")
    hidden = tf.layers.dense(x, N_HIDDEN, activation=tf.nn.relu, name="hidden")
    logits = tf.layers.dense(hidden, NUM_CLASSES, name="logits")
    return x, logits


def train_and_save(ckpt_dir, steps, verbose):
    """Part 1: train, saving along the way.

    Returns (losses, test logits, test accuracy, the last checkpoint prefix).
    """
    (train_x, train_y), (test_x, test_y) = load_digits()
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        x, logits = build_model()
        labels = tf.placeholder(tf.int64, [None], name="labels")
        loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
        global_step = tf.train.get_or_create_global_step()
        train_op = tf.train.AdamOptimizer(LEARNING_RATE).minimize(loss, global_step=global_step)
        accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), labels), tf.float32))

        # The Saver saves every global variable: the weights, the global step and Adam's
        # moment estimates (so training could resume exactly where it stopped).
        saver = tf.train.Saver()

        losses, prefix = [], None
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(steps):
                batch = np.random.choice(len(train_x), BATCH_SIZE, replace=False)
                _, loss_val = sess.run([train_op, loss],
                                       feed_dict={x: train_x[batch], labels: train_y[batch]})
                losses.append(float(loss_val))
                if verbose and (step % 50 == 0 or step == steps - 1):
                    print(f"step {step:4d}  loss {loss_val:.4f}")
                if (step + 1) % SAVE_EVERY == 0 or step == steps - 1:
                    prefix = saver.save(sess, os.path.join(ckpt_dir, "model.ckpt"),
                                        global_step=global_step)
                    if verbose:
                        print(f"Model saved in {prefix}")

            predictions, test_accuracy = sess.run([logits, accuracy],
                                                  feed_dict={x: test_x, labels: test_y})
    if verbose:
        print(f"Test accuracy of the trained model: {test_accuracy:.4f}")
    return losses, predictions, float(test_accuracy), prefix


def restore_and_predict(ckpt_dir, verbose):
    """Part 2: a new graph, the same model, values from the newest checkpoint.

    Returns (test logits, restored global step, the checkpoint prefix restored).
    """
    _, (test_x, _) = load_digits()
    with tf.Graph().as_default():
        x, logits = build_model()
        global_step = tf.train.get_or_create_global_step()
        # No optimizer in this graph, so the Saver covers only the model's weights and the
        # global step; the checkpoint's Adam slots are simply not read.
        saver = tf.train.Saver()

        checkpoint = tf.train.latest_checkpoint(ckpt_dir)
        with tf.Session() as sess:
            saver.restore(sess, checkpoint)
            predictions, step = sess.run([logits, global_step], feed_dict={x: test_x})
    if verbose:
        print(f"Restored {checkpoint} (global step {step})")
    return predictions, int(step), checkpoint


def main(ckpt_dir=None, steps=200, verbose=True):
    """Train for `steps` steps, save, restore in a new graph; returns a `Result`.

    Args:
        ckpt_dir: the directory for the checkpoints; None: a temporary directory, deleted
            before `main` returns.
        steps: training steps before the model is saved.
        verbose: print the progress.
    """
    if ckpt_dir is None:
        with tempfile.TemporaryDirectory(prefix="tf1_save_restore_") as tmp:
            return main(tmp, steps, verbose)

    np.random.seed(0)
    losses, predictions, test_accuracy, _ = train_and_save(ckpt_dir, steps, verbose)
    restored, restored_step, checkpoint = restore_and_predict(ckpt_dir, verbose)

    if verbose:
        same = np.array_equal(predictions, restored)
        print(f"Restored predictions identical to the trained model's: {same}")
    return Result(losses, predictions, restored, test_accuracy, restored_step, checkpoint)


if __name__ == "__main__":
    main(ckpt_dir=sys.argv[1] if len(sys.argv) > 1 else None)
