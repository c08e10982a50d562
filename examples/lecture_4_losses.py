"""Stage 4 of the cs231n "Deep Learning Software" lecture: use a predefined loss.

`tf.losses.mean_squared_error` replaces the hand-written loss. Note that it averages over *all*
N * D elements, while stage 3's loss summed over the D outputs and averaged over the N examples
only; the new loss is D = 1000 times smaller, and so are its gradients. The lecture kept the
learning rate at 1e-5, under which the loss barely moves in 50 steps; here it is scaled up by D
to 1e-2, which makes this run follow stage 3's exactly (each loss 1000 times smaller).

Run:  python examples/lecture_4_losses.py
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
        loss = tf.losses.mean_squared_error(y_pred, y)

        optimizer = tf.train.GradientDescentOptimizer(1e-2)
        updates = optimizer.minimize(loss)

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


if __name__ == "__main__":
    main()
