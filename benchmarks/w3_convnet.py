"""W3: a small conv net step, batch 64 of 32x32x3 NHWC (see shared/WORKLOADS.md)."""

import numpy as np

from common import try_import

N = 64
LR = 0.01


def data(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, 32, 32, 3)).astype(np.float32)
    y = rng.integers(0, 10, N).astype(np.int32)
    w1 = (rng.standard_normal((3, 3, 3, 32)) * 0.1).astype(np.float32)
    w2 = (rng.standard_normal((3, 3, 32, 64)) * 0.05).astype(np.float32)
    w3 = (rng.standard_normal((8 * 8 * 64, 10)) * 0.01).astype(np.float32)
    return x, y, w1, w2, w3


def _graph_program(tf, x0, y0, w10, w20, w30):
    x = tf.placeholder(tf.float32, (N, 32, 32, 3))
    y = tf.placeholder(tf.int32, (N,))
    w1, w2, w3 = tf.Variable(w10), tf.Variable(w20), tf.Variable(w30)
    b1, b2 = tf.Variable(np.zeros(32, np.float32)), tf.Variable(np.zeros(64, np.float32))
    b3 = tf.Variable(np.zeros(10, np.float32))
    h = tf.nn.relu(tf.nn.conv2d(x, w1, [1, 1, 1, 1], "SAME") + b1)
    h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    h = tf.nn.relu(tf.nn.conv2d(h, w2, [1, 1, 1, 1], "SAME") + b2)
    h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    logits = tf.matmul(tf.reshape(h, [N, -1]), w3) + b3
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                                          logits=logits))
    train = tf.train.GradientDescentOptimizer(LR).minimize(loss)
    return x, y, loss, train


def _session_step(tf):
    x0, y0, w10, w20, w30 = data()
    g = tf.Graph()
    with g.as_default():
        x, y, loss, train = _graph_program(tf, x0, y0, w10, w20, w30)
        sess = tf.Session(graph=g)
        sess.run(tf.global_variables_initializer())
    feed = {x: x0, y: y0}
    return lambda: sess.run([loss, train], feed_dict=feed)[0]


def tensorweave_session():
    import tensorweave.compat.v1 as tf
    return _session_step(tf)


def tf_session():
    tf_mod = try_import("tensorflow")
    return None if tf_mod is None else _session_step(tf_mod.compat.v1)


def torch_eager():
    torch = try_import("torch")
    if torch is None:
        return None
    import torch.nn.functional as F
    torch.set_num_threads(2)
    x0, y0, w10, w20, w30 = data()
    x = torch.from_numpy(x0).permute(0, 3, 1, 2).contiguous()
    y = torch.from_numpy(y0).long()
    params = [torch.from_numpy(w10).permute(3, 2, 0, 1).contiguous().requires_grad_(),
              torch.zeros(32, requires_grad=True),
              torch.from_numpy(w20).permute(3, 2, 0, 1).contiguous().requires_grad_(),
              torch.zeros(64, requires_grad=True),
              torch.from_numpy(w30).requires_grad_(), torch.zeros(10, requires_grad=True)]

    def step():
        w1, b1, w2, b2, w3, b3 = params
        h = F.max_pool2d(F.relu(F.conv2d(x, w1, b1, padding=1)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, w2, b2, padding=1)), 2)
        logits = h.permute(0, 2, 3, 1).reshape(N, -1) @ w3 + b3  # NHWC flatten order, as TF
        loss = F.cross_entropy(logits, y)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= LR * p.grad
                p.grad = None
        return float(loss)
    return step


def jax_jit():
    jax = try_import("jax")
    if jax is None:
        return None
    import jax.numpy as jnp
    x0, y0, w10, w20, w30 = data()
    x, y = jnp.asarray(x0), jnp.asarray(y0)
    state = [jnp.asarray(w10), jnp.zeros(32), jnp.asarray(w20), jnp.zeros(64),
             jnp.asarray(w30), jnp.zeros(10)]
    dn = ("NHWC", "HWIO", "NHWC")

    def loss_fn(p):
        w1, b1, w2, b2, w3, b3 = p
        h = jax.nn.relu(jax.lax.conv_general_dilated(x, w1, (1, 1), "SAME",
                                                     dimension_numbers=dn) + b1)
        h = jax.lax.reduce_window(h, -jnp.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")
        h = jax.nn.relu(jax.lax.conv_general_dilated(h, w2, (1, 1), "SAME",
                                                     dimension_numbers=dn) + b2)
        h = jax.lax.reduce_window(h, -jnp.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")
        logits = h.reshape(N, -1) @ w3 + b3
        logp = jax.nn.log_softmax(logits)
        return -jnp.mean(jnp.take_along_axis(logp, y[:, None], axis=1))

    @jax.jit
    def update(p):
        loss, grads = jax.value_and_grad(loss_fn)(p)
        return loss, [a - LR * g for a, g in zip(p, grads)]

    def step():
        loss, new = update(state)
        state[:] = new
        return float(loss)
    return step


IMPLEMENTATIONS = {
    "tensorweave Session": tensorweave_session,
    "TF compat.v1 Session": tf_session,
    "PyTorch eager": torch_eager,
    "JAX jit": jax_jit,
}
BLOCK_ITERS = 5
