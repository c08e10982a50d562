"""W4: overhead of 100 elementwise ops on a (4,) vector (see shared/WORKLOADS.md)."""

import numpy as np

from common import try_import

N_PAIRS = 50


def _session_step(tf):
    """The 100-op chain as a TF1 graph, built and run with ``tf`` (tensorweave's or TF's)."""
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, (4,))
        t = _chain(a, tf.constant(np.ones(4, np.float32)))
        sess = tf.Session(graph=g)
    v = np.ones(4, np.float32)
    return lambda: sess.run(t, {a: v})


def tensorweave_session():
    import tensorweave.compat.v1 as tf
    return _session_step(tf)


def _chain(t, one):
    for _ in range(N_PAIRS):
        t = t * one
        t = t + one
    return t


def _eager_step(v, one):
    """The chain op by op on a framework's eager values."""
    return lambda: _chain(v, one).numpy()


def tensorweave_eager():
    import tensorweave as tw
    return _eager_step(tw.ones(4), tw.ones(4))


def tensorweave_function():
    import tensorweave as tw
    one = tw.ones(4)
    chain = tw.function(lambda t: _chain(t, one))
    v = tw.ones(4)
    return lambda: chain(v).numpy()


def tf_session():
    tf_mod = try_import("tensorflow")
    return None if tf_mod is None else _session_step(tf_mod.compat.v1)


def tf_eager():
    tf = try_import("tensorflow")
    if tf is None:
        return None
    return _eager_step(tf.ones(4), tf.ones(4))


def tf_function():
    tf = try_import("tensorflow")
    if tf is None:
        return None
    one = tf.ones(4)
    chain = tf.function(lambda t: _chain(t, one))
    v = tf.ones(4)
    return lambda: chain(v).numpy()


def torch_eager():
    torch = try_import("torch")
    if torch is None:
        return None
    return _eager_step(torch.ones(4), torch.ones(4))


def jax_jit():
    jax = try_import("jax")
    if jax is None:
        return None
    import jax.numpy as jnp
    one = jnp.ones(4)
    chain = jax.jit(lambda t: _chain(t, one))
    v = jnp.ones(4)
    return lambda: np.asarray(chain(v))


def numpy_op_by_op():
    one = np.ones(4, np.float32)
    v = np.ones(4, np.float32)
    return lambda: _chain(v, one)


IMPLEMENTATIONS = {
    "tensorweave Session": tensorweave_session,
    "tensorweave eager": tensorweave_eager,
    "tensorweave tw.function": tensorweave_function,
    "TF compat.v1 Session": tf_session,
    "TF eager": tf_eager,
    "tf.function": tf_function,
    "PyTorch eager": torch_eager,
    "JAX jit": jax_jit,
    "NumPy op by op": numpy_op_by_op,
}
# tensorweave's eager mode gets a ratio column of its own (its peers: TF eager, PyTorch)
ALSO_OURS = ["tensorweave eager"]
BASELINES = ["NumPy op by op", "TF compat.v1 Session", "JAX jit", "PyTorch eager",
             "tf.function", "TF eager"]
BLOCK_ITERS = 200
