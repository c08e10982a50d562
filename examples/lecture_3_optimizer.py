"""Stage 3 of the cs231n "Deep Learning Software" lecture: let an optimizer do the updates.

`optimizer.minimize(loss)` computes the gradients and builds the assign ops of stage 2 in one
call, returning the op to fetch on every step.

Run:  python examples/lecture_3_optimizer.py
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

        optimizer = tf.train.GradientDescentOptimizer(1e-5)
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
