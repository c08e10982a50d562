"""Elementwise fusion: fused plans give bit-identical results to unfused ones.

Real groups need arrays of at least ``fuse.MIN_SIZE`` elements; most tests shrink the chunk
to a few elements so that small arrays are fused, cut into many chunks and a partial last
chunk, which exercises the same code as large arrays. Every test runs twice: with groups as
compiled loops where numba can compile them (compiler/fuse_loop.py), and chunked only.
"""

import contextlib

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave.compiler import fuse, fuse_loop

pytestmark = pytest.mark.numpy_only  # fusion is the NumPy backend's pass


@pytest.fixture(autouse=True, params=["loops", "chunks"])
def group_kernels(request):
    """Fused groups as compiled loops (needs numba), or as the chunked NumPy body."""
    loops = request.param == "loops"
    if loops and not fuse_loop.available():
        pytest.skip("numba is not installed (pip install 'tensorweave[fast]')")
    saved = fuse_loop.ENABLED
    fuse_loop.ENABLED = loops
    yield request.param
    fuse_loop.ENABLED = saved


@contextlib.contextmanager
def chunking(chunk=5, min_size=8, enabled=True):
    saved = fuse.CHUNK, fuse.MIN_SIZE, fuse.ENABLED
    fuse.CHUNK, fuse.MIN_SIZE, fuse.ENABLED = chunk, min_size, enabled
    try:
        yield
    finally:
        fuse.CHUNK, fuse.MIN_SIZE, fuse.ENABLED = saved


def _plan(sess):
    return list(sess._plans.values())[-1]


def _fused_groups(sess):
    return [op for op in _plan(sess).step_ops if op.type == "Fused"]


def _both(build, runs=4):
    """Runs ``build()`` -> (sess, fetches, feed) with fusion on (small chunks) and off;
    returns the two lists of per-run results and the fused session."""
    results, sessions = [], []
    for enabled in (True, False):
        with chunking(enabled=enabled):
            sess, fetches, feed = build()
            results.append([sess.run(fetches, feed) for _ in range(runs)])
            sessions.append(sess)
    return results[0], results[1], sessions[0]


def _assert_identical(a, b):
    for x, y in zip(a, b):
        if isinstance(x, (list, tuple)):
            _assert_identical(x, y)
        elif x is None:
            assert y is None
        else:
            np.testing.assert_array_equal(np.asarray(x), np.asarray(y))


def _mlp(optimizer, seed=0, fetch_variables=False):
    def build():
        rng = np.random.default_rng(seed)
        g = tf.Graph()
        with g.as_default():
            tf.set_random_seed(1)
            x = tf.placeholder(tf.float32, (6, 5))
            y = tf.placeholder(tf.int32, (6,))
            w1 = tf.Variable(rng.standard_normal((5, 7)).astype(np.float32))
            b1 = tf.Variable(np.zeros(7, np.float32))
            w2 = tf.Variable(rng.standard_normal((7, 3)).astype(np.float32))
            h = tf.nn.relu(tf.matmul(x, w1) + b1)
            loss = tf.losses.sparse_softmax_cross_entropy(y, tf.matmul(h, w2))
            train = optimizer().minimize(loss)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        feed = {x: rng.standard_normal((6, 5)).astype(np.float32), y: rng.integers(0, 3, 6)}
        # fetching the variables keeps their updates out of place (see compiler/inplace.py)
        return sess, [loss, train] + ([w1, w2] if fetch_variables else []), feed
    return build


@pytest.mark.parametrize("optimizer", [
    lambda: tf.train.AdamOptimizer(0.01),
    lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.9, centered=True),
    lambda: tf.train.MomentumOptimizer(0.01, 0.9, use_nesterov=True),
    lambda: tf.train.GradientDescentOptimizer(0.1),
    lambda: tf.train.AdagradOptimizer(0.1),
], ids=["adam", "rmsprop", "nesterov", "sgd", "adagrad"])
@pytest.mark.parametrize("fetch_variables", [False, True])
def test_training_identical_with_and_without_fusion(optimizer, fetch_variables):
    fused, plain, sess = _both(_mlp(optimizer, fetch_variables=fetch_variables), runs=5)
    _assert_identical(fused, plain)
    if not fetch_variables:  # fetched, SGD's update is a lone multiply: nothing to fuse
        assert _fused_groups(sess)


def _small_convnet():
    """The CIFAR tutorial's shape with TF 1 Adam (as tests/test_cifar_acceptance.py): with
    ``chunking(min_size=16384)`` only the dense kernel's update is fused. Its gradient comes
    early in the backward pass, so its first members run early, while its scalars
    (``1 - beta1``, ``lr_t`` ...) sit in planned buffers that the other variables' updates
    reuse before the group, placed at its last member, runs."""
    def build():
        rng = np.random.default_rng(4)
        g = tf.Graph()
        with g.as_default():
            tf.set_random_seed(0)
            x = tf.placeholder(tf.float32, (16, 32, 32, 3))
            y = tf.placeholder(tf.int64, (16,))
            h = x
            for filters in (4, 8):
                h = tf.layers.conv2d(h, filters, 3, padding="same", use_bias=False)
                h = tf.layers.batch_normalization(h, training=True)
                h = tf.layers.max_pooling2d(tf.nn.relu(h), 2, 2)
            h = tf.layers.dense(tf.layers.flatten(h), 32, activation=tf.nn.relu)
            loss = tf.losses.sparse_softmax_cross_entropy(y, tf.layers.dense(h, 10))
            with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
                train = tf.train.AdamOptimizer(3e-3).minimize(loss)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        feed = {x: rng.standard_normal((16, 32, 32, 3)).astype(np.float32),
                y: rng.integers(0, 10, 16)}
        return sess, [loss, train], feed
    return build


def test_group_reads_no_buffer_the_memory_plan_reused():
    results = []
    for enabled in (True, False):
        with chunking(chunk=4096, min_size=16384, enabled=enabled):
            sess, fetches, feed = _small_convnet()()
            results.append([sess.run(fetches, feed)[0] for _ in range(3)])
            if enabled:
                assert _fused_groups(sess)
    _assert_identical(results[0], results[1])


def test_adam_update_is_one_fused_group_per_variable():
    _, _, sess = _both(_mlp(lambda: tf.train.AdamOptimizer(0.01)), runs=2)
    groups = _fused_groups(sess)
    assert groups, _plan(sess).runner.source
    members = [op.type for g in groups for op in g.members]
    assert "AssignAdd" in members or "AssignSub" in members


def test_keras_adam_fit_identical_with_and_without_fusion():
    from tensorweave import keras
    histories = []
    for enabled in (True, False):
        with chunking(enabled=enabled):
            keras.utils.set_random_seed(3)
            rng = np.random.default_rng(0)
            x = rng.standard_normal((64, 12)).astype(np.float32)
            y = rng.integers(0, 4, 64)
            model = keras.Sequential([keras.Input((12,)), keras.layers.Dense(16, "relu"),
                                      keras.layers.Dense(4)])
            model.compile(keras.optimizers.Adam(0.01),
                          keras.losses.SparseCategoricalCrossentropy(from_logits=True))
            h = model.fit(x, y, batch_size=16, epochs=3, verbose=0, shuffle=False)
            histories.append((h.history["loss"], [w.copy() for w in model.get_weights()]))
    assert histories[0][0] == histories[1][0]
    _assert_identical(histories[0][1], histories[1][1])


def test_bias_add_and_relu_are_one_group():
    def build():
        rng = np.random.default_rng(5)
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, (6, 7))
            b = tf.Variable(rng.standard_normal(7).astype(np.float32))
            h = tf.nn.relu(tf.nn.bias_add(x * 2.0, b))
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        return sess, [h], {x: rng.standard_normal((6, 7)).astype(np.float32)}
    fused, plain, sess = _both(build)
    _assert_identical(fused, plain)
    assert [op.type for g in _fused_groups(sess) for op in g.members] == \
        ["Mul", "BiasAdd", "Relu"]


def test_broadcast_row_and_scalar_operands():
    def build():
        rng = np.random.default_rng(1)
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, (9, 4))
            b = tf.placeholder(tf.float32, (4,))
            s = tf.placeholder(tf.float32, ())
            u = (x * b + s) * x
            v = tf.sqrt(tf.abs(u - b)) / (s + 1.0)
            sess = tf.Session()
        feed = {x: rng.standard_normal((9, 4)).astype(np.float32),
                b: rng.standard_normal(4).astype(np.float32), s: np.float32(0.5)}
        return sess, [v], feed
    fused, plain, sess = _both(build)
    _assert_identical(fused, plain)
    assert _fused_groups(sess)


def test_broadcast_column_operands():
    """(n, 1) columns against (n, m): a mean's gradient times 2 * (y - t), as in the
    lecture's net; with a row and a scalar in the same group, and fed (not constant)."""
    def build():
        rng = np.random.default_rng(2)
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, (7, 6))
            col = tf.placeholder(tf.float32, (7, 1))
            b = tf.constant(rng.standard_normal(6).astype(np.float32))
            d = x - 0.5
            u = col * (2.0 * d)
            v = tf.maximum(u + b, col) / (tf.abs(col) + 1.0)
            sess = tf.Session()
        feed = {x: rng.standard_normal((7, 6)).astype(np.float32),
                col: rng.standard_normal((7, 1)).astype(np.float32)}
        return sess, [u, v], feed
    fused, plain, sess = _both(build)
    _assert_identical(fused, plain)
    assert _fused_groups(sess)


def test_fetched_intermediates_are_whole_and_private():
    def build():
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, (23,))
            a = x * 2.0
            b = a + 1.0
            c = b * b
            sess = tf.Session()
        return sess, [a, c], x
    with chunking():
        sess, fetches, x = build()
        first = sess.run(fetches, {x: np.arange(23, dtype=np.float32)})
        kept = [v.copy() for v in first]
        second = sess.run(fetches, {x: np.ones(23, np.float32)})
        assert _fused_groups(sess)
    _assert_identical(first, kept)  # not overwritten by the second run
    xs = np.arange(23, dtype=np.float32)
    np.testing.assert_array_equal(first[0], xs * 2)
    np.testing.assert_array_equal(first[1], (xs * 2 + 1) ** 2)
    np.testing.assert_array_equal(second[1], np.full(23, 9.0, np.float32))


def test_falls_back_when_the_variable_array_is_not_writeable():
    def build():
        g = tf.Graph()
        with g.as_default():
            v = tf.Variable(np.arange(12, dtype=np.float32))
            m = tf.Variable(np.ones(12, np.float32))
            grad = tf.placeholder(tf.float32, (12,))
            m_new = m.assign_add((grad - m) * 0.5)
            upd = v.assign_sub(m_new * 0.1)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        return sess, [upd.op, v], {grad: np.linspace(-1, 1, 12).astype(np.float32)}
    results = []
    for readonly in (False, True):
        with chunking():
            sess, fetches, feed = build()
            if readonly:
                for arr in sess._ctx.variables.values():
                    arr.flags.writeable = False
            results.append([sess.run(fetches, feed) for _ in range(3)])
            assert _fused_groups(sess)
    _assert_identical(results[0], results[1])


def test_operand_that_views_a_written_variable():
    def build():
        g = tf.Graph()
        with g.as_default():
            v = tf.Variable(np.arange(16, dtype=np.float32).reshape(4, 4))
            flipped = tf.transpose(v)  # a view of the variable's array, another layout
            new = v - 0.5 * flipped
            step = v.assign(new)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        return sess, [step.op, v], {}
    fused, plain, _ = _both(build)
    _assert_identical(fused, plain)


def test_group_does_not_move_a_read_past_an_in_place_write():
    """``a`` reads ``v`` before ``v -= col`` writes into v's array (not fusible: ``col``
    broadcasts along the other axis); ``b`` and ``c`` come after. A group holding ``a`` and
    ``c`` must run before the write."""
    def build():
        g = tf.Graph()
        with g.as_default():
            v = tf.Variable(np.arange(24, dtype=np.float32).reshape(6, 4))
            col = tf.placeholder(tf.float32, (6, 1))
            other = tf.placeholder(tf.float32, (6, 4))
            a = v * 2.0
            with tf.control_dependencies([a]):
                upd = v.assign(v - col)
            b = other * 3.0 + a
            with tf.control_dependencies([upd]):
                c = b + 1.0
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        feed = {col: np.arange(6, dtype=np.float32).reshape(6, 1),
                other: np.ones((6, 4), np.float32)}
        return sess, [c, upd.op], feed
    fused, plain, _ = _both(build)
    _assert_identical(fused, plain)


@pytest.mark.parametrize("seed", range(25))
def test_random_elementwise_programs(seed):
    """Random DAGs of elementwise ops over full, row, column and scalar operands, with some
    values fetched, some variables updated in place and some assigned: fused == unfused."""
    def build():
        rng = np.random.default_rng(seed)
        shape = (int(rng.integers(2, 6)), int(rng.integers(2, 7)))
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, shape)
            row = tf.constant(rng.standard_normal(shape[1]).astype(np.float32))
            col = tf.constant(rng.standard_normal((shape[0], 1)).astype(np.float32))
            variables = [tf.Variable(rng.standard_normal(shape).astype(np.float32))
                         for _ in range(3)]
            values = [x, variables[0].read_value(), variables[1] * 1.5]
            for _ in range(int(rng.integers(4, 14))):
                a = values[rng.integers(len(values))]
                b = values[rng.integers(len(values))]
                kind = rng.integers(10)
                if kind == 9:
                    values.append(a * col - b)
                elif kind == 0:
                    values.append(a + b)
                elif kind == 8:
                    values.append(tf.nn.relu(tf.nn.bias_add(a, row)))
                elif kind == 1:
                    values.append(a - row)
                elif kind == 2:
                    values.append(a * b)
                elif kind == 3:
                    values.append(a / (tf.abs(b) + 1.0))
                elif kind == 4:
                    values.append(tf.sqrt(tf.abs(a)))
                elif kind == 5:
                    values.append(tf.square(a) * 0.25)
                elif kind == 6:
                    values.append(tf.maximum(a, b))
                else:
                    values.append(-a)
            updates = [variables[0].assign_add(values[-1] * 0.01),
                       variables[1].assign(variables[1] - 0.1 * values[-2]),
                       variables[2].assign_sub(values[len(values) // 2])]
            picked = [values[i] for i in rng.choice(len(values), 2, replace=False)]
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        feed = {x: rng.standard_normal(shape).astype(np.float32)}
        return sess, [picked, tf.group(*updates), variables[0].value(),
                      variables[2].value()], feed
    fused, plain, _ = _both(build)
    _assert_identical(fused, plain)


def test_large_arrays_use_the_default_chunks():
    rng = np.random.default_rng(0)
    n = fuse.MIN_SIZE + 1234  # several default chunks and a partial one
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(rng.standard_normal(n).astype(np.float32))
        grad = tf.placeholder(tf.float32, (n,))
        step = v.assign(v - 0.01 * tf.sqrt(tf.abs(grad)) * grad)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    gv = rng.standard_normal(n).astype(np.float32)
    start = sess.run(v)
    sess.run(step.op, {grad: gv})
    assert _fused_groups(sess)
    expected = start - np.float32(0.01) * np.sqrt(np.abs(gv)) * gv
    np.testing.assert_array_equal(sess.run(v), expected)
