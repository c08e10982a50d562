"""Stage 2 of the cs231n "Deep Learning Software" lecture: weights live in the graph.

The weights become variables, so they stay inside the session between steps, and the graph
updates them itself with `assign`. `tf.group` bundles the two updates into one op that must be
fetched on every step.

`main_trap` is the lecture's "why doesn't it learn?" moment: the assign ops are built but never
fetched, so they never run and the loss stays where it started.

Run:  python examples/lecture_2_variables.py
"""
import numpy as np

import tensorweave.compat.v1 as tf

N, D, H = 64, 1000, 100


def main(steps=50, verbose=True):
    """Train for `steps` steps and return the list of losses (Python floats)."""
    np.random.seed(0)
    with tf.Graph().as_default():
        tf.set_random_seed(0)

        x = tf.placeholder(tf.float32, shape=(N, D))
        y = tf.placeholder(tf.float32, shape=(N, D))
        w1 = tf.Variable(tf.random_normal((D, H)))
        w2 = tf.Variable(tf.random_normal((H, D)))

        h = tf.maximum(tf.matmul(x, w1), 0)
        y_pred = tf.matmul(h, w2)
        diff = y_pred - y
        loss = tf.reduce_mean(tf.reduce_sum(diff ** 2, axis=1))

        grad_w1, grad_w2 = tf.gradients(loss, [w1, w2])

        learning_rate = 1e-5
        new_w1 = w1.assign(w1 - learning_rate * grad_w1)
        new_w2 = w2.assign(w2 - learning_rate * grad_w2)
        updates = tf.group(new_w1, new_w2)

        losses = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = {x: np.random.randn(N, D),
                      y: np.random.randn(N, D)}
            for t in range(steps):
                loss_val, _ = sess.run([loss, updates], feed_dict=values)
                losses.append(float(loss_val))
                if verbose:
                    print(f"step {t:3d}  loss {loss_val:14.4f}")
    return losses


def main_trap(steps=50, verbose=True):
    """The same graph, but only the loss is fetched: the updates never run.

    Returns the list of losses, which are all equal.
    """
    np.random.seed(0)
    with tf.Graph().as_default():
        tf.set_random_seed(0)

        x = tf.placeholder(tf.float32, shape=(N, D))
        y = tf.placeholder(tf.float32, shape=(N, D))
        w1 = tf.Variable(tf.random_normal((D, H)))
        w2 = tf.Variable(tf.random_normal((H, D)))

        h = tf.maximum(tf.matmul(x, w1), 0)
        y_pred = tf.matmul(h, w2)
        diff = y_pred - y
        loss = tf.reduce_mean(tf.reduce_sum(diff ** 2, axis=1))

        grad_w1, grad_w2 = tf.gradients(loss, [w1, w2])

        learning_rate = 1e-5
        new_w1 = w1.assign(w1 - learning_rate * grad_w1)  # noqa: F841 - never run: that's the bug
        new_w2 = w2.assign(w2 - learning_rate * grad_w2)  # noqa: F841

        losses = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = {x: np.random.randn(N, D),
                      y: np.random.randn(N, D)}
            for t in range(steps):
                # Only the loss is fetched; new_w1 and new_w2 are not needed for it, so the
                # session never runs them and the weights never change.
                loss_val, = sess.run([loss], feed_dict=values)
                losses.append(float(loss_val))
                if verbose:
                    print(f"step {t:3d}  loss {loss_val:14.4f}")
    return losses


if __name__ == "__main__":
    print("Fetching the updates: the loss falls")
    main()
    print()
    print("Not fetching the updates: the loss stays put")
    main_trap(steps=5)
