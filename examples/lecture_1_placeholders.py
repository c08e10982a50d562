"""Stage 1 of the cs231n "Deep Learning Software" lecture: a two-layer ReLU net in TF1 style.

Everything is a placeholder, the weights included. The graph computes the loss and its
gradients; the weight update happens in NumPy, outside the graph, and the new weights are
fed back in on the next step. (Copying weights between NumPy and the graph on every step is
the problem that stage 2 solves with variables.)

Run:  python examples/lecture_1_placeholders.py
"""
import numpy as np

import tensorweave.compat.v1 as tf

N, D, H = 64, 1000, 100


def main(steps=50, verbose=True):
    """Train for `steps` steps and return the list of losses (Python floats)."""
    np.random.seed(0)
    with tf.Graph().as_default():
        tf.set_random_seed(0)

        # 1. Define the computational graph.
        x = tf.placeholder(tf.float32, shape=(N, D))
        y = tf.placeholder(tf.float32, shape=(N, D))
        w1 = tf.placeholder(tf.float32, shape=(D, H))
        w2 = tf.placeholder(tf.float32, shape=(H, D))

        h = tf.maximum(tf.matmul(x, w1), 0)
        y_pred = tf.matmul(h, w2)
        diff = y_pred - y
        loss = tf.reduce_mean(tf.reduce_sum(diff ** 2, axis=1))

        grad_w1, grad_w2 = tf.gradients(loss, [w1, w2])

        # 2. Run the graph many times.
        losses = []
        with tf.Session() as sess:
            values = {x: np.random.randn(N, D),
                      w1: np.random.randn(D, H),
                      w2: np.random.randn(H, D),
                      y: np.random.randn(N, D)}
            learning_rate = 1e-5
            for t in range(steps):
                out = sess.run([loss, grad_w1, grad_w2], feed_dict=values)
                loss_val, grad_w1_val, grad_w2_val = out
                values[w1] -= learning_rate * grad_w1_val
                values[w2] -= learning_rate * grad_w2_val
                losses.append(float(loss_val))
                if verbose:
                    print(f"step {t:3d}  loss {loss_val:14.4f}")
    return losses


if __name__ == "__main__":
    main()
