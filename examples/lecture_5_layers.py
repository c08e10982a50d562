"""Stage 5 of the cs231n "Deep Learning Software" lecture: layers set up the weights.

`tf.layers.dense` creates each layer's kernel and bias variables and applies them; the kernels
start from Xavier (Glorot uniform) initialization, the biases from zeros. With well-scaled
weights the loss starts near 1 (the variance of the random targets) and a learning rate of 1
is fine.

Run:  python examples/lecture_5_layers.py
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

        init = tf.contrib.layers.xavier_initializer()
        h = tf.layers.dense(inputs=x, units=H,
                            activation=tf.nn.relu, kernel_initializer=init)
        y_pred = tf.layers.dense(inputs=h, units=D, kernel_initializer=init)
        loss = tf.losses.mean_squared_error(y_pred, y)

        optimizer = tf.train.GradientDescentOptimizer(1e0)
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
                    print(f"step {t:3d}  loss {loss_val:10.6f}")
    return losses


if __name__ == "__main__":
    main()
