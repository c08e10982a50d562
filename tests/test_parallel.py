"""Intra-op parallelism: kernels split across threads give exactly the single-thread results."""

import contextlib
import time

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import parallel
from tensorweave.compiler import fuse


@contextlib.contextmanager
def threads(n, min_bytes=0):
    saved = parallel.get_intra_op_parallelism_threads(), parallel.MIN_BYTES
    parallel.set_intra_op_parallelism_threads(n)
    parallel.MIN_BYTES = min_bytes
    try:
        yield
    finally:
        parallel.set_intra_op_parallelism_threads(saved[0])
        parallel.MIN_BYTES = saved[1]


def test_parallel_for_covers_the_range_once_and_reports_parts():
    seen = []
    with threads(3):
        parallel.parallel_for(lambda a, b, k: seen.append((a, b, k)), 10, 3)
    assert sorted(seen) == [(0, 4, 0), (4, 8, 1), (8, 10, 2)]


def test_errors_in_a_worker_reach_the_caller():
    def fail(a, b, k):
        if k == 1:
            raise ValueError("part one failed")
    with threads(2), pytest.raises(ValueError, match="part one failed"):
        parallel.parallel_for(fail, 8, 2)
    seen = []  # the pool still works afterwards
    with threads(2):
        parallel.parallel_for(lambda a, b, k: seen.append(k), 8, 2)
    assert sorted(seen) == [0, 1]


def test_nested_calls_run_serially_in_the_worker():
    seen = []

    def outer(a, b, k):
        parallel.parallel_for(lambda c, d, j: seen.append((k, c, d, j)), 4, 2)
    with threads(2):
        parallel.parallel_for(outer, 2, 2)
    assert sorted(seen) == [(0, 0, 4, 0), (1, 0, 4, 0)]


def test_negative_thread_count_is_rejected():
    with pytest.raises(ValueError, match="must be >= 0"):
        parallel.set_intra_op_parallelism_threads(-1)


def test_default_uses_one_thread_unless_blas_is_single_threaded(monkeypatch):
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(parallel, "_cores", lambda: 4)
    monkeypatch.setattr(parallel, "_blas_one", [])  # the environment is read once
    with threads(0):
        assert parallel._count() == 1
        with parallel.own_blas:  # a run whose products are on tensorweave's threads
            assert parallel._count() == 4
            with parallel.own_blas:
                pass
            assert parallel.owns_blas()
        assert not parallel.owns_blas() and parallel._count() == 1
        monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
        assert parallel._count() == 1  # as BLAS, which read it when it loaded
        parallel._blas_one.clear()
        assert parallel._count() == 4


def test_workers_poll_then_sleep_and_still_take_tasks(monkeypatch):
    monkeypatch.setattr(parallel, "SPIN_SECONDS", 0.0005)
    monkeypatch.setattr(parallel, "_POOL", parallel._Pool())
    seen = []

    def record(a, b, part):
        seen.append((a, b, part))
    for pause in (0, 0.002, 0.02):  # within the polling window, and after it (asleep)
        time.sleep(pause)
        seen.clear()
        parallel.parallel_for(record, 10, 2)
        assert sorted(seen) == [(0, 5, 0), (5, 10, 1)]


@pytest.mark.parametrize("wait", [0.05, 0.0])  # the caller polls for the end, or gives up
def test_the_caller_returns_only_when_every_part_is_done(wait, monkeypatch):
    # parts alternately longer and shorter than the caller's polling: a worker's "done" of
    # a part that ended on the event must not end the wait for its next part
    monkeypatch.setattr(parallel, "WAIT_SECONDS", wait)
    monkeypatch.setattr(parallel, "_POOL", parallel._Pool())
    state = np.zeros(3, np.int64)

    def part(a, b, k):
        if k == 1:
            time.sleep(0.003 if state[0] % 2 else 0)
            state[1] = state[0]
        else:
            state[2] = state[0]
    for i in range(60):
        state[0] = i
        parallel.parallel_for(part, 2, 2)
        assert state[1] == i and state[2] == i


def _convnet(seed=0):
    rng = np.random.default_rng(seed)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (6, 12, 12, 3))
        y = tf.placeholder(tf.int32, (6,))
        w1 = tf.Variable(rng.standard_normal((3, 3, 3, 8)).astype(np.float32) * 0.3)
        w2 = tf.Variable(rng.standard_normal((3, 3, 8, 8)).astype(np.float32) * 0.3)
        w3 = tf.Variable(rng.standard_normal((3 * 3 * 8, 4)).astype(np.float32) * 0.1)
        b1 = tf.Variable(np.zeros(8, np.float32))
        h = tf.nn.relu(tf.nn.conv2d(x, w1, [1, 1, 1, 1], "SAME") + b1)
        h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        h = tf.nn.relu(tf.nn.conv2d(h, w2, [1, 1, 1, 1], "SAME"))
        h = tf.nn.max_pool(h, [1, 3, 3, 1], [1, 2, 2, 1], "SAME")
        logits = tf.matmul(tf.reshape(h, [6, -1]), w3)
        loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    feed = {x: rng.standard_normal((6, 12, 12, 3)).astype(np.float32),
            y: rng.integers(0, 4, 6)}
    return sess, [loss, train, w1, w2, w3], feed


def test_conv_net_training_identical_on_one_and_several_threads():
    results = []
    saved = fuse.CHUNK, fuse.MIN_SIZE
    fuse.CHUNK, fuse.MIN_SIZE = 16, 32  # fuse the small Adam updates too
    try:
        for n in (1, 3):
            with threads(n):
                sess, fetches, feed = _convnet()
                results.append([sess.run(fetches, feed) for _ in range(4)])
    finally:
        fuse.CHUNK, fuse.MIN_SIZE = saved
    for one, several in zip(*results):
        for a, b in zip(one, several):
            if a is not None:
                np.testing.assert_array_equal(a, b)


@pytest.mark.numpy_only
def test_config_proto_sets_the_sessions_threads(monkeypatch):
    used = []
    original = parallel._POOL.run
    monkeypatch.setattr(parallel._POOL, "run", lambda fn, bounds: (
        used.append(len(bounds)), original(fn, bounds))[1])
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (64, 100))
        y = tf.nn.relu(x) * 2.0
    feed = {x: np.ones((64, 100), np.float32)}
    with threads(1):
        with tf.Session(graph=g) as sess:
            sess.run(y, feed)
        assert used == []
        config = tf.ConfigProto(intra_op_parallelism_threads=2)
        with tf.Session(graph=g, config=config) as sess:
            np.testing.assert_array_equal(sess.run(y, feed), np.full((64, 100), 2.0))
        assert used and max(used) == 2


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_a_forked_child_gets_its_own_pool():
    import os
    with threads(2):
        parallel.parallel_for(lambda a, b, k: None, 4, 2)  # the parent's pool has a thread
        pid = os.fork()
        if pid == 0:  # child: must not wait on the parent's (absent) worker thread
            import signal
            signal.alarm(10)  # a hang kills the child (and fails the test) instead
            seen = []
            parallel.parallel_for(lambda a, b, k: seen.append(k), 4, 2)
            os._exit(0 if sorted(seen) == [0, 1] else 1)
        _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
