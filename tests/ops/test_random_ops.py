"""Random ops (listed in ``optable.COVERED_ELSEWHERE``): shapes, seeding and distributions.

Seeding follows TensorFlow: with a graph-level seed (``set_random_seed``) or an op seed, a new
session repeats the same sequence; runs within one session draw new numbers; with no seed at
all, sessions differ.
"""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

N = 20000  # samples for the distribution checks: standard error of a mean ~ 0.007 sigma

# name, builder(shape, **seed) -> tensor, op type, dtype
SAMPLERS = [
    ("random_normal", lambda shape, **kw: tf.random_normal(shape, **kw), "RandomStandardNormal",
     np.float32),
    ("random_normal_float64",
     lambda shape, **kw: tf.random_normal(shape, mean=1.0, stddev=2.0, dtype=tf.float64, **kw),
     "RandomStandardNormal", np.float64),
    ("random_uniform", lambda shape, **kw: tf.random_uniform(shape, **kw), "RandomUniform",
     np.float32),
    ("random_uniform_int",
     lambda shape, **kw: tf.random_uniform(shape, minval=-3, maxval=5, dtype=tf.int32, **kw),
     "RandomUniformInt", np.int32),
    ("truncated_normal", lambda shape, **kw: tf.truncated_normal(shape, **kw), "TruncatedNormal",
     np.float32),
    ("random_shuffle",
     lambda shape, **kw: tf.random_shuffle(
         tf.reshape(tf.range(int(np.prod(shape)), dtype=tf.float32), shape), **kw),
     "RandomShuffle", np.float32),
]
SHAPE = (6, 5)


def params():
    return [pytest.param(b, op, dt, id=name) for name, b, op, dt in SAMPLERS]


def draw(build, seed_graph=None, seed_op=None, runs=1, sessions=1):
    """Builds the sampler in a fresh graph and returns ``[[run values] per session]``."""
    g = tf.Graph()
    with g.as_default():
        if seed_graph is not None:
            tf.set_random_seed(seed_graph)
        kw = {} if seed_op is None else {"seed": seed_op}
        t = build(SHAPE, **kw)
    out = []
    for _ in range(sessions):
        with tf.Session(graph=g) as sess:
            out.append([sess.run(t) for _ in range(runs)])
    return t, out


@pytest.mark.parametrize("build, op_type, dtype", params())
def test_static_shape_dtype_and_op_type(build, op_type, dtype):
    t, [[v]] = draw(build, seed_graph=1)
    assert t.shape.as_tuple() == SHAPE == v.shape
    assert v.dtype == dtype and t.dtype.as_numpy_dtype == dtype
    assert op_type in {op.type for op in t.graph.get_operations()}


@pytest.mark.parametrize("build, op_type, dtype", params())
def test_graph_seed_repeats_across_sessions_and_graphs(build, op_type, dtype):
    _, [[a1, a2], [b1, b2]] = draw(build, seed_graph=1234, runs=2, sessions=2)
    np.testing.assert_array_equal(a1, b1)
    np.testing.assert_array_equal(a2, b2)
    assert not np.array_equal(a1, a2), "a second run in one session must draw new numbers"
    _, [[c1, _]] = draw(build, seed_graph=1234, runs=2)  # the same program, rebuilt
    np.testing.assert_array_equal(a1, c1)
    _, [[d1]] = draw(build, seed_graph=4321)
    assert not np.array_equal(a1, d1)


@pytest.mark.parametrize("build, op_type, dtype", params())
def test_op_seed_alone_is_deterministic(build, op_type, dtype):
    _, [[a], [b]] = draw(build, seed_op=7, sessions=2)
    np.testing.assert_array_equal(a, b)
    _, [[c]] = draw(build, seed_op=8)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("build, op_type, dtype", params())
def test_no_seed_differs_between_sessions(build, op_type, dtype):
    _, [[a], [b]] = draw(build, sessions=2)
    assert not np.array_equal(a, b)


def test_ops_in_one_graph_get_different_streams():
    with tf.Graph().as_default() as g:
        tf.set_random_seed(5)
        a = tf.random_normal([100])
        b = tf.random_normal([100])
    with tf.Session(graph=g) as sess:
        va, vb = sess.run([a, b])
    assert not np.array_equal(va, vb)


def sample(fn):
    with tf.Graph().as_default() as g:
        tf.set_random_seed(99)
        t = fn()
    with tf.Session(graph=g) as sess:
        return sess.run(t)


def test_random_normal_moments():
    v = sample(lambda: tf.random_normal([N], mean=2.0, stddev=3.0, dtype=tf.float64))
    assert abs(v.mean() - 2.0) < 0.1
    assert abs(v.std() - 3.0) < 0.1


def test_truncated_normal_within_two_stddev():
    v = sample(lambda: tf.truncated_normal([N], mean=1.0, stddev=2.0, dtype=tf.float64))
    assert v.min() >= 1.0 - 4.0 and v.max() <= 1.0 + 4.0
    assert abs(v.mean() - 1.0) < 0.1
    # the standard deviation of N(0, 1) truncated to [-2, 2] is 0.8796
    assert abs(v.std() - 2.0 * 0.8796) < 0.1
    assert v.max() > 1.0 + 3.5 and v.min() < 1.0 - 3.5  # the tails are used


def test_random_uniform_range_and_moments():
    v = sample(lambda: tf.random_uniform([N], minval=-1.0, maxval=3.0))
    assert v.min() >= -1.0 and v.max() < 3.0
    assert abs(v.mean() - 1.0) < 0.1
    assert abs(v.std() - 4.0 / np.sqrt(12.0)) < 0.1


def test_random_uniform_int_covers_its_range():
    v = sample(lambda: tf.random_uniform([N], minval=-3, maxval=5, dtype=tf.int64))
    assert v.dtype == np.int64
    assert set(np.unique(v)) == set(range(-3, 5))
    counts = np.bincount(v + 3)
    assert counts.min() > N / 8 * 0.8


def test_random_uniform_int_needs_maxval():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="maxval"):
            tf.random_uniform([3], dtype=tf.int32)


def test_random_normal_rejects_integer_dtype():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="int32"):
            tf.random_normal([3], dtype=tf.int32)


def test_random_shuffle_permutes_rows():
    x = np.arange(12.0).reshape(6, 2)
    v = sample(lambda: tf.random_shuffle(tf.constant(x)))
    assert v.shape == x.shape
    assert sorted(map(tuple, v)) == sorted(map(tuple, x))  # whole rows move together
    assert not np.array_equal(v, x)


def test_shape_from_a_tensor():
    with tf.Graph().as_default() as g:
        tf.set_random_seed(3)
        x = tf.placeholder(tf.float32, [None, 4])
        t = tf.random_normal(tf.shape(x))
    assert t.shape.ndims == 2 and t.shape.is_compatible_with([None, 4])
    with tf.Session(graph=g) as sess:
        assert sess.run(t, {x: np.zeros((3, 4))}).shape == (3, 4)


def test_gradient_flows_around_the_noise():
    with tf.Graph().as_default() as g:
        tf.set_random_seed(11)
        x = tf.placeholder(tf.float64, [5])
        noise = tf.random_normal([5], dtype=tf.float64)
        gx, = tf.gradients(tf.reduce_sum(x * noise), x)
        gn = tf.gradients(tf.reduce_sum(x * noise), noise)
    with tf.Session(graph=g) as sess:
        got_g, got_noise = sess.run([gx, noise], {x: np.ones(5)})
    np.testing.assert_array_equal(got_g, got_noise)  # one run: the same sample in both
    assert gn[0] is not None  # the noise is a value like any other below the random op
