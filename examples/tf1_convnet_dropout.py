"""A convolutional network with dropout on handwritten digits, TensorFlow 1 style.

The shape of the classic "deep MNIST" tutorial, scaled to the 8x8 digits bundled with
tensorweave: two blocks of 3x3 convolution + ReLU + 2x2 max pooling (8x8 -> 4x4 -> 2x2), a
fully connected ReLU layer, dropout, and a linear layer of 10 logits. The dropout keep
probability is a placeholder, fed 0.5 while training and 1.0 when measuring accuracy, so one
graph serves both. Adam minimizes the softmax cross-entropy; after the default 300 steps
about 98% of the test images are right.

Run:  python examples/tf1_convnet_dropout.py
"""
import collections

import numpy as np

import tensorweave.compat.v1 as tf
from tensorweave.keras.datasets import digits

IMAGE_SIZE, NUM_CLASSES = 8, 10
CONV_1, CONV_2, FC = 16, 32, 128
LEARNING_RATE = 0.005
BATCH_SIZE = 64
KEEP_PROB = 0.5

Result = collections.namedtuple("Result", ["losses", "test_accuracy"])
Result.__doc__ = """What `main` returns: the minibatch loss at every step and the test
accuracy of the trained model (dropout off)."""


def load_digits():
    """The digits as float32 (n, 8, 8, 1) images in [0, 1] and float32 (n, 10) one-hot labels."""
    (x_train, y_train), (x_test, y_test) = digits.load_data()

    def prepare(images, labels):
        images = images.reshape(-1, IMAGE_SIZE, IMAGE_SIZE, 1).astype(np.float32) / 16.0
        return images, np.eye(NUM_CLASSES, dtype=np.float32)[labels]

    return prepare(x_train, y_train), prepare(x_test, y_test)


def minibatches(images, labels, batch_size):
    """Yields (images, labels) minibatches forever, reshuffling at the start of each epoch."""
    while True:
        order = np.random.permutation(len(images))
        for start in range(0, len(images) - batch_size + 1, batch_size):
            batch = order[start:start + batch_size]
            yield images[batch], labels[batch]


def weight_variable(shape):
    """Weights start from a small truncated normal, breaking the symmetry between units."""
    return tf.Variable(tf.truncated_normal(shape, stddev=0.1), name="weights")


def bias_variable(shape):
    """Biases start slightly positive, so the ReLUs start out active."""
    return tf.Variable(tf.constant(0.1, shape=shape), name="biases")


def conv2d(x, W):
    """3x3 convolution, stride 1, zero padding: the output has the input's height and width."""
    return tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding="SAME")


def max_pool_2x2(x):
    """2x2 max pooling: halves the height and the width."""
    return tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")


def convnet(x, keep_prob):
    """(n, 8, 8, 1) images -> (n, 10) logits."""
    with tf.name_scope("conv1"):
        W = weight_variable([3, 3, 1, CONV_1])
        h = tf.nn.relu(conv2d(x, W) + bias_variable([CONV_1]))
        h = max_pool_2x2(h)                                   # (n, 4, 4, CONV_1)
    with tf.name_scope("conv2"):
        W = weight_variable([3, 3, CONV_1, CONV_2])
        h = tf.nn.relu(conv2d(h, W) + bias_variable([CONV_2]))
        h = max_pool_2x2(h)                                   # (n, 2, 2, CONV_2)
    with tf.name_scope("fc1"):
        flat = tf.reshape(h, [-1, 2 * 2 * CONV_2])
        W = weight_variable([2 * 2 * CONV_2, FC])
        h = tf.nn.relu(tf.matmul(flat, W) + bias_variable([FC]))
    with tf.name_scope("dropout"):
        h = tf.nn.dropout(h, keep_prob)
    with tf.name_scope("fc2"):
        W = weight_variable([FC, NUM_CLASSES])
        return tf.matmul(h, W) + bias_variable([NUM_CLASSES])


def main(steps=300, verbose=True):
    """Train for `steps` minibatch steps; returns a `Result` (losses as Python floats)."""
    np.random.seed(0)
    (train_x, train_y), (test_x, test_y) = load_digits()
    with tf.Graph().as_default():
        tf.set_random_seed(0)

        x = tf.placeholder(tf.float32, [None, IMAGE_SIZE, IMAGE_SIZE, 1], name="x")
        y = tf.placeholder(tf.float32, [None, NUM_CLASSES], name="y")
        keep_prob = tf.placeholder(tf.float32, name="keep_prob")

        logits = convnet(x, keep_prob)
        loss = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
        train_op = tf.train.AdamOptimizer(LEARNING_RATE).minimize(loss)

        correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
        accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

        losses = []
        batches = minibatches(train_x, train_y, BATCH_SIZE)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(steps):
                batch_x, batch_y = next(batches)
                _, loss_val = sess.run([train_op, loss], feed_dict={
                    x: batch_x, y: batch_y, keep_prob: KEEP_PROB})
                losses.append(float(loss_val))
                if verbose and (step % 50 == 0 or step == steps - 1):
                    train_acc = sess.run(accuracy, feed_dict={
                        x: batch_x, y: batch_y, keep_prob: 1.0})
                    print(f"step {step:4d}  loss {loss_val:.4f}  "
                          f"batch accuracy {train_acc:.3f}")
            test_accuracy = float(sess.run(accuracy, feed_dict={
                x: test_x, y: test_y, keep_prob: 1.0}))

    if verbose:
        print(f"Test accuracy: {test_accuracy:.4f}")
    return Result(losses, test_accuracy)


if __name__ == "__main__":
    main()
