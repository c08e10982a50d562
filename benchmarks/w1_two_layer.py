"""W1: the lecture's two-layer ReLU net, one SGD step per run (see shared/WORKLOADS.md)."""

import numpy as np

from common import try_import

N, D, H = 64, 1000, 100
LR = 1e-5


def data(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((N, D)).astype(np.float32)
    y = rng.standard_normal((N, D)).astype(np.float32)
    w1 = (rng.standard_normal((D, H)) * 0.05).astype(np.float32)
    w2 = (rng.standard_normal((H, D)) * 0.05).astype(np.float32)
    return x, y, w1, w2


def _session_step(tf):
    """The lecture's TF1 program, built and run with ``tf`` (tensorweave's or TF's compat.v1)."""
    x0, y0, w10, w20 = data()
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=(N, D))
        y = tf.placeholder(tf.float32, shape=(N, D))
        w1 = tf.Variable(w10)
        w2 = tf.Variable(w20)
        h = tf.maximum(tf.matmul(x, w1), 0)
        y_pred = tf.matmul(h, w2)
        loss = tf.reduce_mean(tf.reduce_sum((y_pred - y) ** 2, axis=1))
        gw1, gw2 = tf.gradients(loss, [w1, w2])
        updates = tf.group(w1.assign(w1 - LR * gw1), w2.assign(w2 - LR * gw2))
        sess = tf.Session(graph=g)
        sess.run(tf.global_variables_initializer())
    feed = {x: x0, y: y0}
    return lambda: sess.run([loss, updates], feed_dict=feed)[0]


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
    torch.set_num_threads(2)
    x0, y0, w10, w20 = data()
    x, y = torch.from_numpy(x0), torch.from_numpy(y0)
    w1 = torch.from_numpy(w10.copy()).requires_grad_()
    w2 = torch.from_numpy(w20.copy()).requires_grad_()

    def step():
        loss = ((x.mm(w1).clamp(min=0).mm(w2) - y) ** 2).sum(1).mean()
        loss.backward()
        with torch.no_grad():
            w1.sub_(LR * w1.grad)
            w2.sub_(LR * w2.grad)
            w1.grad = None
            w2.grad = None
        return float(loss.detach())
    return step


def jax_jit():
    jax = try_import("jax")
    if jax is None:
        return None
    import jax.numpy as jnp
    x0, y0, w10, w20 = data()
    x, y = jnp.asarray(x0), jnp.asarray(y0)
    state = [jnp.asarray(w10), jnp.asarray(w20)]

    def loss_fn(w1, w2):
        return jnp.mean(jnp.sum((jnp.maximum(x @ w1, 0) @ w2 - y) ** 2, axis=1))

    @jax.jit
    def update(w1, w2):
        loss, (g1, g2) = jax.value_and_grad(loss_fn, argnums=(0, 1))(w1, w2)
        return loss, w1 - LR * g1, w2 - LR * g2

    def step():
        loss, state[0], state[1] = update(*state)
        return float(loss)
    return step


def numpy_by_hand():
    x, y, w10, w20 = data()
    w = [w10.copy(), w20.copy()]

    def step():
        w1, w2 = w
        hp = x @ w1
        h = np.maximum(hp, 0)
        d = h @ w2 - y
        loss = (d ** 2).sum(1).mean()
        gy = 2.0 * d / N
        gw2 = h.T @ gy
        gh = gy @ w2.T
        gh[hp < 0] = 0
        gw1 = x.T @ gh
        w[0] = w1 - LR * gw1
        w[1] = w2 - LR * gw2
        return float(loss)
    return step


def numpy_floor():
    """Hand-tuned: preallocated buffers, in-place updates, no temporaries."""
    x, y, w10, w20 = data()
    w1, w2 = w10.copy(), w20.copy()
    hp = np.empty((N, H), np.float32)
    h = np.empty((N, H), np.float32)
    d = np.empty((N, D), np.float32)
    sq = np.empty((N, D), np.float32)
    gh = np.empty((N, H), np.float32)
    gw1 = np.empty((D, H), np.float32)
    gw2 = np.empty((H, D), np.float32)
    mask = np.empty((N, H), bool)
    scale = np.float32(2.0 / N)

    def step():  # np.dot, not matmul: matmul is several times slower on transposed operands
        np.dot(x, w1, out=hp)
        np.maximum(hp, 0, out=h)
        np.dot(h, w2, out=d)
        np.subtract(d, y, out=d)
        np.multiply(d, d, out=sq)
        loss = sq.sum() / N
        np.multiply(d, scale, out=d)
        np.dot(h.T, d, out=gw2)
        np.dot(d, w2.T, out=gh)
        np.less(hp, 0, out=mask)
        gh[mask] = 0
        np.dot(x.T, gh, out=gw1)
        np.multiply(gw1, LR, out=gw1)
        np.multiply(gw2, LR, out=gw2)
        np.subtract(w1, gw1, out=w1)
        np.subtract(w2, gw2, out=w2)
        return float(loss)
    return step


IMPLEMENTATIONS = {
    "tensorweave Session": tensorweave_session,
    "TF compat.v1 Session": tf_session,
    "PyTorch eager": torch_eager,
    "JAX jit": jax_jit,
    "NumPy by hand": numpy_by_hand,
    "NumPy floor": numpy_floor,
}
BASELINES = ["NumPy floor", "JAX jit", "PyTorch eager", "TF compat.v1 Session",
             "NumPy by hand"]
BLOCK_ITERS = 50
