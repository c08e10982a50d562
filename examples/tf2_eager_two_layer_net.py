"""The lecture's two-layer net the TensorFlow 2 way: eager ops, GradientTape, tw.function.

The same network as ``lecture_two_layer_net.py`` (N, D, H = 64, 1000, 100; ReLU; the sum of
squared errors averaged over the rows), with no placeholders and no Session: the forward pass
runs at once, ``tw.GradientTape`` records it, ``tape.gradient`` gives the gradients of the
two weight matrices, and ``assign_sub`` applies the step. ``tw.function`` compiles the same
Python step into a graph (traced once) that runs through the graph compiler; both give the
same losses.

Run:  python examples/tf2_eager_two_layer_net.py
"""

import numpy as np

import tensorweave as tw

N, D, H = 64, 1000, 100
LEARNING_RATE = 1e-5


def make_problem(seed=0):
    """Data and initial weights: x, y of shape (N, D); w1 (D, H), w2 (H, D)."""
    rng = np.random.default_rng(seed)
    x, y = (rng.standard_normal((N, D), dtype=np.float32) for _ in range(2))
    w1 = rng.standard_normal((D, H), dtype=np.float32)
    w2 = rng.standard_normal((H, D), dtype=np.float32)
    return x, y, w1, w2


def train_step(x, y, w1, w2):
    """One step of gradient descent; returns the loss before the step."""
    with tw.GradientTape() as tape:
        h = tw.maximum(tw.matmul(x, w1), 0.0)
        y_pred = tw.matmul(h, w2)
        loss = tw.reduce_mean(tw.reduce_sum((y_pred - y) ** 2, axis=1))
    grad_w1, grad_w2 = tape.gradient(loss, [w1, w2])
    w1.assign_sub(LEARNING_RATE * grad_w1)
    w2.assign_sub(LEARNING_RATE * grad_w2)
    return loss


compiled_step = tw.function(train_step)


def main(steps=50, verbose=True, compiled=True):
    """Trains for ``steps`` steps (compiled with tw.function, or eagerly op by op) and
    returns the loss of each step as floats."""
    x, y, w1_init, w2_init = make_problem()
    w1, w2 = tw.Variable(w1_init, name="w1"), tw.Variable(w2_init, name="w2")
    step = compiled_step if compiled else train_step
    losses = []
    for t in range(steps):
        loss = float(step(x, y, w1, w2))
        losses.append(loss)
        if verbose and (t % 10 == 0 or t == steps - 1):
            print(f"step {t:3d}  loss {loss:12.2f}")
    return losses


if __name__ == "__main__":
    main()
