"""Fused groups as compiled loops (compiler/fuse_loop.py, needs numba): when they are used,
that they give the unfused plan's bits (special values included), the aliasing patterns that
decide which loop runs, and the fallbacks (no numba, a loop numba cannot compile). Training
with loops against fusion off (Adam in Keras and TF1 included) runs in test_fuse.py, whose
every test runs once with loops and once chunked."""

import contextlib

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import onednn, parallel
from tensorweave.compiler import fuse, fuse_loop

pytestmark = pytest.mark.numpy_only  # fusion is the NumPy backend's pass

needs_numba = pytest.mark.skipif(not fuse_loop.available(),
                                 reason="numba is not installed (pip install "
                                        "'tensorweave[fast]')")


@contextlib.contextmanager
def settings(loops=True, min_size=8, loop_min_size=8):
    saved = fuse.MIN_SIZE, fuse.LOOP_MIN_SIZE, fuse.ENABLED, fuse_loop.ENABLED
    fuse.MIN_SIZE, fuse.LOOP_MIN_SIZE = min_size, loop_min_size
    fuse.ENABLED, fuse_loop.ENABLED = True, loops
    try:
        yield
    finally:
        fuse.MIN_SIZE, fuse.LOOP_MIN_SIZE, fuse.ENABLED, fuse_loop.ENABLED = saved


def _groups(sess):
    plan = list(sess._plans.values())[-1]
    return [op for op in plan.step_ops if op.type == "Fused"]


def _fused_runners(sess):
    """The runners of the fused groups in the session's last plan."""
    namespace = list(sess._plans.values())[-1].runner.__globals__
    return [k.__globals__["_runner"] for name, k in namespace.items()
            if name.startswith("k") and "def fused(" in getattr(k, "source", "")]


def _as_loop(runner):
    return isinstance(runner, fuse._LoopRunner) and bool(runner._loops) and \
        all(loop is not None for loop, _ in runner._loops.values())


def _ran_as_loops(sess, every=True):
    """Whether every (or some) fused group ran as a compiled loop."""
    runners = _fused_runners(sess)
    return bool(runners) and (all if every else any)(_as_loop(r) for r in runners)


def _run_both(build, runs=3):
    """``build()`` -> (sess, fetches, feed), run with loops and with fusion off."""
    results = []
    for mode in ("loops", "off"):
        with settings(loops=mode == "loops"):
            fuse.ENABLED = mode != "off"
            sess, fetches, feed = build()
            results.append(([sess.run(fetches, feed) for _ in range(runs)], sess))
    return results[0], results[1]


def _identical(a, b):
    """Bit for bit, except a NaN's sign and payload: IEEE leaves open which operand's NaN an
    operation returns, and LLVM may swap the operands of ``+`` and ``*`` (NumPy's SIMD loops
    order them as they like too)."""
    for x, y in zip(a, b):
        if isinstance(x, (list, tuple)):
            _identical(x, y)
        elif x is not None:
            x, y = np.asarray(x), np.asarray(y)
            nan = np.isnan(x)
            assert np.array_equal(nan, np.isnan(y))
            assert x[~nan].tobytes() == y[~nan].tobytes()


SPECIAL = np.array([0.0, -0.0, 1.5, -2.0, np.inf, -np.inf, np.nan, 3e-39, -7.25, 1e30, -1e-30,
                    0.5], np.float32)


@needs_numba
@pytest.mark.parametrize("dtype", [tf.float32, tf.float64])
def test_special_values_bit_identical(dtype):
    """maximum/minimum (NaN from either side, ties), relu and its gradient, division by zero,
    square roots of negatives, abs and negation of signed zeros: the loop's bits are NumPy's."""
    def build():
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(dtype, (12, 12))
            y = tf.placeholder(dtype, (12, 12))
            lo = tf.minimum(y, x)  # fetched: the sign of a tie's zero is seen
            m = tf.maximum(x, y) - lo * 0.5
            r = tf.nn.relu(x * y) + tf.sqrt(x) / (y * 0.0 + y)
            a = tf.abs(-x) + tf.square(y) / x
            loss = tf.reduce_sum(tf.nn.relu(m + r + a))
            grads = tf.gradients(loss, [x, y])
            sess = tf.Session()
        # every pair of special values (adding zeros would turn -0.0 into 0.0)
        vx = np.repeat(SPECIAL[:, None], 12, axis=1).astype(dtype.as_numpy_dtype)
        vy = np.repeat(SPECIAL[None, :], 12, axis=0).astype(dtype.as_numpy_dtype)
        assert np.signbit(vx[1, 0]) and np.signbit(vy[0, 1])
        return sess, [lo, m, r, a, grads], {x: vx, y: vy}
    (loops, sess), (plain, _) = _run_both(build)
    assert _ran_as_loops(sess, every=False)  # the forward pass; the gradient has Sign
    _identical(loops, plain)


def _tf1_adam(n, lr):
    """(session, [train op, loss, w], x placeholder): TF1 Adam on an n x n weight."""
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable(np.linspace(-1, 1, n * n, dtype=np.float32).reshape(n, n))
        x = tf.placeholder(tf.float32, (n, n))
        loss = tf.reduce_sum(tf.square(tf.matmul(x, w)))
        train = tf.train.AdamOptimizer(lr).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    return sess, [train, loss, w], x


@needs_numba
def test_loops_are_compiled_per_aliasing_pattern():
    """Adam's group reads m and v, which it also writes: the loop reads them through the
    written variables (distinct arrays, so LLVM vectorizes it); the source shows it."""
    fuse_loop._compiled.clear()
    sess, (train, _, _), x = _tf1_adam(8, 0.1)
    with settings():
        for _ in range(2):
            sess.run(train, {x: np.eye(8, dtype=np.float32)})
    sources = [src for src, _ in fuse_loop._compiled]
    assert sources, "no loop was compiled"
    adam = [s for s in sources if "np.sqrt" in s]
    assert len(adam) == 1
    # the variables are written (fW) and read back through themselves, never passed twice
    header = adam[0].splitlines()[0]
    assert header.count("fW") == 3
    assert "= (fW0[i] +" in adam[0] or "fW0[i] -" in adam[0]


@needs_numba
def test_a_numpy_scalar_operand_does_not_stop_the_loop():
    """TF1 Adam's step size ``lr * sqrt(1 - beta2^t) / (1 - beta1^t)`` is computed from 0-d
    values, and NumPy's ufuncs give a NumPy scalar for those, not a 0-d array: the group
    still runs as a compiled loop (it ran chunked, 5x slower on a 784x512 weight, when the
    loop indexed the scalar as an array), with the unfused plan's bits."""
    def build():
        sess, fetches, x = _tf1_adam(16, 0.01)
        feed = {x: np.random.default_rng(3).standard_normal((16, 16)).astype(np.float32)}
        return sess, fetches, feed
    (loops, sess), (plain, _) = _run_both(build, runs=4)
    _identical(loops, plain)
    assert _ran_as_loops(sess)


@needs_numba
def test_buffer_reusing_an_operand_is_read_through_the_buffer():
    """W1's loss: ``d = y_pred - y`` goes into the planned buffer of y_pred (its last reader),
    then ``d * d``: the loop gets that buffer once and reads y_pred through it."""
    def build():
        g = tf.Graph()
        with g.as_default():
            a = tf.placeholder(tf.float32, (16, 16))
            b = tf.placeholder(tf.float32, (16, 16))
            w = tf.Variable(np.full((16, 16), 0.25, np.float32))
            pred = tf.matmul(a, w)
            diff = pred - b
            loss = tf.reduce_sum(diff ** 2)
            gw, = tf.gradients(loss, [w])
            step = w.assign(w - 1e-3 * gw)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        rng = np.random.default_rng(2)
        feed = {a: rng.standard_normal((16, 16)).astype(np.float32),
                b: rng.standard_normal((16, 16)).astype(np.float32)}
        return sess, [loss, step.op], feed
    (loops, sess), (plain, _) = _run_both(build, runs=4)
    _identical(loops, plain)
    assert _ran_as_loops(sess)
    patterns = [p for r in _fused_runners(sess) for p in r._loops]
    assert any(any(p) for p in patterns), patterns  # some operand was a written buffer


def test_without_numba_groups_are_chunked_and_small_ones_unfused(monkeypatch):
    from tensorweave import jit
    monkeypatch.setattr(jit, "_module", [None])
    assert not fuse_loop.available()
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(np.ones(64, np.float32))
        x = tf.placeholder(tf.float32, (64,))
        step = v.assign(v - 0.5 * tf.sqrt(x) * x)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    with settings(min_size=1 << 20, loop_min_size=8):  # a loop would fuse it, chunks not
        sess.run(step.op, {x: np.full(64, 4.0, np.float32)})
        assert not _groups(sess)
    np.testing.assert_array_equal(sess.run(v), np.full(64, -3.0, np.float32))


@needs_numba
def test_a_loop_numba_cannot_compile_falls_back_to_the_chunks(monkeypatch):
    def broken(text, dtype):
        def loop(*args):
            raise RuntimeError("numba could not compile this")
        loop.source = text
        return loop
    monkeypatch.setattr(fuse_loop, "compile_loop", broken)

    def build():
        g = tf.Graph()
        with g.as_default():
            v = tf.Variable(np.linspace(0, 1, 40, dtype=np.float32))
            x = tf.placeholder(tf.float32, (40,))
            step = v.assign(v * 0.5 + tf.sqrt(x) / (x + 1.0))
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
        return sess, [step, v], {x: np.linspace(0, 3, 40, dtype=np.float32)}
    (loops, sess), (plain, _) = _run_both(build)
    assert _groups(sess) and not _ran_as_loops(sess)  # fused, but chunked
    _identical(loops, plain)


def test_switched_off_by_the_environment(monkeypatch):
    import importlib
    from tensorweave import jit
    monkeypatch.setenv("TENSORWEAVE_NUMBA", "0")
    fresh = importlib.reload(jit)
    try:
        assert not fresh.ENABLED and not fresh.available() and not fuse_loop.available()
    finally:
        monkeypatch.delenv("TENSORWEAVE_NUMBA")
        importlib.reload(jit)
    assert jit.ENABLED


def test_a_broken_numba_install_warns_and_runs_without_loops(monkeypatch):
    import builtins
    from tensorweave import jit
    real_import = builtins.__import__

    def failing(name, *args, **kwargs):
        if name == "numba":
            raise OSError("libllvmlite.so: cannot open shared object file")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(jit, "_module", [])
    monkeypatch.setattr(builtins, "__import__", failing)
    with pytest.warns(RuntimeWarning, match="cannot be imported.*TENSORWEAVE_NUMBA=0"):
        assert jit.numba() is None
    assert not jit.available()


def _adam_step_graph(rows=96, cols=64):
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable(np.linspace(-1, 1, rows * cols, dtype=np.float32).reshape(rows, cols))
        x = tf.placeholder(tf.float32, (32, rows))
        loss = tf.reduce_sum(tf.square(tf.matmul(x, w)))
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    feed = {x: np.random.default_rng(0).standard_normal((32, rows)).astype(np.float32)}
    return sess, [train, loss, w], feed


@needs_numba
@pytest.mark.skipif(not onednn.available(), reason="oneDNN is not installed")
@pytest.mark.parametrize("threads", [0, 1])
def test_large_groups_share_openmps_threads_with_onednn(threads, monkeypatch):
    """With oneDNN's products, a large compiled group runs over rows shared out between
    OpenMP's threads (the products' own): the same bits as fusion off; not with
    intra_op_parallelism_threads=1."""
    monkeypatch.setattr(fuse, "OPENMP_MIN_BYTES", 1)
    parallel.set_intra_op_parallelism_threads(threads)
    try:
        (loops, sess), (plain, _) = _run_both(_adam_step_graph)
    finally:
        parallel.set_intra_op_parallelism_threads(0)
    _identical(loops, plain)
    openmp = [loop for r in _fused_runners(sess) if isinstance(r, fuse._LoopRunner)
              for loop in r._openmp.values()]
    if threads == 1:
        assert not openmp
    else:
        assert openmp and all(loop is not None for loop in openmp)
        assert any("_prange(n)" in loop.source for loop in openmp)


@needs_numba
def test_a_parallel_loop_that_cannot_run_turns_them_off(monkeypatch):
    from tensorweave import jit
    monkeypatch.setattr(jit, "_openmp", [])

    def refused(*args):
        raise RuntimeError("No threading layer could be loaded.")

    assert jit.openmp_usable()
    assert jit.run_parallel(refused, 0) is False
    assert not jit.openmp_usable()  # the serial loops serve from now on
    ran = []
    assert jit.run_parallel(lambda *a: ran.append(a), 0) is False and not ran
