"""A multilayer perceptron on handwritten digits, TensorFlow 1 style.

Two fully connected hidden layers of ReLU units (built with ``tf.layers.dense``) and a linear
output layer of 10 logits, trained with Adam on minibatches of the 8x8 digits bundled with
tensorweave. The labels stay integers in the feed; ``tf.one_hot`` turns them into one-hot rows
inside the graph for ``tf.losses.softmax_cross_entropy``. After the default 500 steps
(about 22 passes over the 1,437 training images) about 97% of the test images are right.

Run:  python examples/tf1_mlp.py
"""
import collections

import numpy as np

import tensorweave.compat.v1 as tf
from tensorweave.keras.datasets import digits

NUM_PIXELS, NUM_CLASSES = 64, 10
N_HIDDEN_1, N_HIDDEN_2 = 64, 64
LEARNING_RATE = 0.003
BATCH_SIZE = 64

Result = collections.namedtuple("Result", ["losses", "test_accuracy"])
Result.__doc__ = """What `main` returns: the minibatch loss at every step and the test
accuracy of the trained model."""


def load_digits():
    """The digits as float32 (n, 64) images in [0, 1] and int64 (n,) labels."""
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    x_train = x_train.reshape(-1, NUM_PIXELS).astype(np.float32) / 16.0
    x_test = x_test.reshape(-1, NUM_PIXELS).astype(np.float32) / 16.0
    return (x_train, y_train), (x_test, y_test)


def minibatches(images, labels, batch_size):
    """Yields (images, labels) minibatches forever, reshuffling at the start of each epoch."""
    while True:
        order = np.random.permutation(len(images))
        for start in range(0, len(images) - batch_size + 1, batch_size):
            batch = order[start:start + batch_size]
            yield images[batch], labels[batch]


def multilayer_perceptron(x):
    """64 -> 64 (ReLU) -> 64 (ReLU) -> 10 logits."""
    layer_1 = tf.layers.dense(x, N_HIDDEN_1, activation=tf.nn.relu, name="hidden_1")
    layer_2 = tf.layers.dense(layer_1, N_HIDDEN_2, activation=tf.nn.relu, name="hidden_2")
    return tf.layers.dense(layer_2, NUM_CLASSES, name="logits")


def main(steps=500, verbose=True):
    """Train for `steps` minibatch steps; returns a `Result` (losses as Python floats)."""
    np.random.seed(0)
    (train_x, train_y), (test_x, test_y) = load_digits()
    with tf.Graph().as_default():
        tf.set_random_seed(0)

        x = tf.placeholder(tf.float32, [None, NUM_PIXELS], name="x")
        labels = tf.placeholder(tf.int64, [None], name="labels")

        logits = multilayer_perceptron(x)
        loss = tf.losses.softmax_cross_entropy(
            onehot_labels=tf.one_hot(labels, NUM_CLASSES), logits=logits)
        train_op = tf.train.AdamOptimizer(LEARNING_RATE).minimize(loss)

        correct = tf.equal(tf.argmax(logits, 1), labels)
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

        losses = []
        batches = minibatches(train_x, train_y, BATCH_SIZE)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(steps):
                batch_x, batch_y = next(batches)
                _, loss_val = sess.run([train_op, loss],
                                       feed_dict={x: batch_x, labels: batch_y})
                losses.append(float(loss_val))
                if verbose and (step % 50 == 0 or step == steps - 1):
                    train_acc = sess.run(accuracy, feed_dict={x: batch_x, labels: batch_y})
                    print(f"step {step:4d}  loss {loss_val:.4f}  "
                          f"batch accuracy {train_acc:.3f}")
            test_accuracy = float(sess.run(accuracy, feed_dict={x: test_x, labels: test_y}))

    if verbose:
        print(f"Test accuracy: {test_accuracy:.4f}")
    return Result(losses, test_accuracy)


if __name__ == "__main__":
    main()
