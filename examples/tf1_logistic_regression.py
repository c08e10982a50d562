"""Softmax (multinomial logistic) regression on handwritten digits, TensorFlow 1 style.

The classic MNIST tutorial, on the 8x8 digits bundled with tensorweave: each image is
flattened to 64 pixel values scaled to [0, 1], the model is one matrix W (64 x 10) and one bias
b (10), and the 10 logits x W + b go through softmax cross-entropy against one-hot labels.
Plain gradient descent on minibatches trains it; the accuracy on the held-out test images is
printed at the end: about 95% after the default 300 steps (a linear model's ceiling here is
not far above that).

Run:  python examples/tf1_logistic_regression.py
"""
import collections

import numpy as np

import tensorweave.compat.v1 as tf
from tensorweave.keras.datasets import digits

NUM_PIXELS, NUM_CLASSES = 64, 10
LEARNING_RATE = 0.5
BATCH_SIZE = 100

Result = collections.namedtuple("Result", ["losses", "test_accuracy"])
Result.__doc__ = """What `main` returns: the minibatch loss at every step and the test
accuracy of the trained model."""


def load_digits():
    """The digits as float32 (n, 64) images in [0, 1] and float32 (n, 10) one-hot labels."""
    (x_train, y_train), (x_test, y_test) = digits.load_data()

    def prepare(images, labels):
        images = images.reshape(-1, NUM_PIXELS).astype(np.float32) / 16.0
        one_hot = np.eye(NUM_CLASSES, dtype=np.float32)[labels]
        return images, one_hot

    return prepare(x_train, y_train), prepare(x_test, y_test)


def minibatches(images, labels, batch_size):
    """Yields (images, labels) minibatches forever, reshuffling at the start of each epoch."""
    while True:
        order = np.random.permutation(len(images))
        for start in range(0, len(images) - batch_size + 1, batch_size):
            batch = order[start:start + batch_size]
            yield images[batch], labels[batch]


def main(steps=300, verbose=True):
    """Train for `steps` minibatch steps; returns a `Result` (losses as Python floats)."""
    np.random.seed(0)
    (train_x, train_y), (test_x, test_y) = load_digits()
    with tf.Graph().as_default():
        tf.set_random_seed(0)

        # Graph input: a batch of flattened images and their one-hot labels.
        x = tf.placeholder(tf.float32, [None, NUM_PIXELS], name="x")
        y = tf.placeholder(tf.float32, [None, NUM_CLASSES], name="y")

        # Model weights, starting at zero (fine for a model with no hidden layer).
        W = tf.Variable(tf.zeros([NUM_PIXELS, NUM_CLASSES]), name="W")
        b = tf.Variable(tf.zeros([NUM_CLASSES]), name="b")

        logits = tf.matmul(x, W) + b
        loss = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
        train_op = tf.train.GradientDescentOptimizer(LEARNING_RATE).minimize(loss)

        correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

        losses = []
        batches = minibatches(train_x, train_y, BATCH_SIZE)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(steps):
                batch_x, batch_y = next(batches)
                _, loss_val = sess.run([train_op, loss], feed_dict={x: batch_x, y: batch_y})
                losses.append(float(loss_val))
                if verbose and (step % 50 == 0 or step == steps - 1):
                    print(f"step {step:4d}  loss {loss_val:.4f}")
            test_accuracy = float(sess.run(accuracy, feed_dict={x: test_x, y: test_y}))

    if verbose:
        print(f"Test accuracy: {test_accuracy:.4f}")
    return Result(losses, test_accuracy)


if __name__ == "__main__":
    main()
