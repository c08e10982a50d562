"""Train the cs231n lecture's two-layer network with tensorweave (what `make demo` runs).

This is the TensorFlow 1 program from the "Deep Learning Software" lecture, unchanged except
for the import: a two-layer ReLU network, 1000 inputs -> 100 hidden units -> 1000 outputs,
fitted to random targets by gradient descent. First the program only *describes* the
computation as a graph; then a Session runs that graph once per training step.

Run:  python examples/lecture_two_layer_net.py
"""
import numpy as np

import tensorweave.compat.v1 as tf

N, D, H = 64, 1000, 100  # batch size, input/output size, hidden size


def summary(losses):
    """One line saying how the loss changed over the run."""
    first, last = losses[0], losses[-1]
    if 0 < last < first:
        return (f"Trained {len(losses)} steps: the loss fell from {first:.4g} to {last:.4g} "
                f"({first / last:.0f}x smaller).")
    return f"Trained {len(losses)} steps: the loss went from {first:.4g} to {last:.4g}."


def main(steps=50, verbose=True, logdir=None):
    """Train for `steps` steps, print the loss, and return the list of losses.

    With `logdir`, also write the loss of each step and the graph there for TensorBoard
    (what examples/demo.py does)."""
    np.random.seed(0)
    with tf.Graph().as_default():
        tf.set_random_seed(0)

        # 1. Define the graph: nothing is computed here yet.
        x = tf.placeholder(tf.float32, shape=(N, D))   # inputs, fed on every run
        y = tf.placeholder(tf.float32, shape=(N, D))   # targets, fed on every run
        w1 = tf.Variable(tf.random_normal((D, H)))      # weights live in the graph
        w2 = tf.Variable(tf.random_normal((H, D)))

        h = tf.maximum(tf.matmul(x, w1), 0)             # ReLU hidden layer
        y_pred = tf.matmul(h, w2)
        loss = tf.reduce_mean(tf.reduce_sum((y_pred - y) ** 2, axis=1))

        grad_w1, grad_w2 = tf.gradients(loss, [w1, w2])  # more graph: the backward pass

        learning_rate = 1e-5
        new_w1 = w1.assign(w1 - learning_rate * grad_w1)
        new_w2 = w2.assign(w2 - learning_rate * grad_w2)
        updates = tf.group(new_w1, new_w2)               # one op that runs both updates
        if logdir is not None:
            loss_summary = tf.summary.scalar("loss", loss)  # a summary op, for TensorBoard

        # 2. Run the graph: one sess.run per training step.
        losses = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            writer = tf.summary.FileWriter(logdir, sess.graph) if logdir is not None else None
            values = {x: np.random.randn(N, D),
                      y: np.random.randn(N, D)}
            if verbose:
                print("step            loss")
            for t in range(steps):
                # Fetching `updates` is what makes the weights change (try leaving it out).
                if writer is None:
                    loss_val, _ = sess.run([loss, updates], feed_dict=values)
                else:
                    loss_val, _, summary_value = sess.run([loss, updates, loss_summary],
                                                          feed_dict=values)
                    writer.add_summary(summary_value, global_step=t)
                losses.append(float(loss_val))
                if verbose:
                    print(f"{t:4d}  {loss_val:14.2f}")
            if writer is not None:
                writer.close()

    if verbose and losses:
        print(summary(losses))
    return losses


if __name__ == "__main__":
    main()
