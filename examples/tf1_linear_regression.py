"""Linear regression, the first program of every TensorFlow 1 tutorial.

Noisy points are drawn around the line y = 3x + 2. The model has two Variables, a weight W and
a bias b, both starting at zero; its prediction is W * x + b. Gradient descent on the mean
squared error moves W and b towards the line that made the data, and the program prints them
as they approach the true values.

Run:  python examples/tf1_linear_regression.py
"""
import collections

import numpy as np

import tensorweave.compat.v1 as tf

TRUE_W, TRUE_B = 3.0, 2.0
N_SAMPLES = 100
NOISE = 0.1
LEARNING_RATE = 0.1

Result = collections.namedtuple("Result", ["losses", "W", "b"])
Result.__doc__ = """What `main` returns: the loss at every step and the learned W and b."""


def make_data(n=N_SAMPLES):
    """`n` points x in [-1, 1) with y = TRUE_W * x + TRUE_B plus Gaussian noise."""
    x = np.random.uniform(-1.0, 1.0, size=n).astype(np.float32)
    y = (TRUE_W * x + TRUE_B + NOISE * np.random.randn(n)).astype(np.float32)
    return x, y


def main(steps=300, verbose=True):
    """Fit the line for `steps` steps; returns a `Result` (losses as Python floats)."""
    np.random.seed(0)
    train_x, train_y = make_data()
    with tf.Graph().as_default():
        tf.set_random_seed(0)

        # The inputs: fed with the whole data set on every step.
        X = tf.placeholder(tf.float32, shape=[None], name="X")
        Y = tf.placeholder(tf.float32, shape=[None], name="Y")

        # The model's parameters.
        W = tf.Variable(0.0, name="weight")
        b = tf.Variable(0.0, name="bias")

        # The linear model and its mean squared error.
        pred = tf.add(tf.multiply(X, W), b)
        cost = tf.reduce_mean(tf.square(pred - Y))

        train_op = tf.train.GradientDescentOptimizer(LEARNING_RATE).minimize(cost)

        losses = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {X: train_x, Y: train_y}
            for step in range(steps):
                _, c = sess.run([train_op, cost], feed_dict=feed)
                losses.append(float(c))
                if verbose and (step % 25 == 0 or step == steps - 1):
                    w_val, b_val = sess.run([W, b])
                    print(f"step {step:4d}  cost {c:.6f}  W {w_val:.4f}  b {b_val:.4f}")
            w_val, b_val = sess.run([W, b])

    if verbose:
        print(f"Learned W = {w_val:.4f}, b = {b_val:.4f} "
              f"(the data was made with W = {TRUE_W}, b = {TRUE_B})")
    return Result(losses, float(w_val), float(b_val))


if __name__ == "__main__":
    main()
