"""The array-module seam (tensorweave.backend) and the CuPy path, tested on a CuPy stand-in.

``fakecupy`` (tests/fakecupy.py) is NumPy behind CuPy's rules: its arrays refuse to mix with
NumPy arrays and to convert implicitly. A session on it must give exactly the NumPy
backend's numbers. (``TW_TEST_BACKEND=fakecupy make test`` runs the whole suite this way;
``TW_TEST_BACKEND=cupy`` on a GPU machine, see benchmarks/gpu_check.sh.)
"""

import os
import subprocess
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fakecupy import fakecupy  # noqa: E402

import tensorweave.compat.v1 as tf  # noqa: E402
from tensorweave import backend  # noqa: E402
from tensorweave.errors import MissingExtraError  # noqa: E402


@pytest.fixture
def default_backend():
    saved = backend._default[0]
    yield
    backend._default[0] = saved


# -- the stand-in is strict (else the tests below prove nothing) -----------------------------------
def test_fakecupy_refuses_host_arrays_and_implicit_conversion():
    a = fakecupy.asarray(np.ones(3))
    with pytest.raises(TypeError, match="Unsupported type"):
        fakecupy.add(a, np.ones(3))
    with pytest.raises(TypeError, match="Unsupported type"):
        a + np.ones(3)
    with pytest.raises(TypeError, match="Implicit conversion"):
        np.asarray(a)
    assert not isinstance(a, np.ndarray)
    assert type(a.sum()) is fakecupy.ndarray  # reductions give 0-d arrays, as CuPy's
    np.testing.assert_array_equal(fakecupy.asnumpy(a * 2.0), [2.0, 2.0, 2.0])


# -- choosing the backend --------------------------------------------------------------------------
def test_set_backend_is_every_new_sessions_default(default_backend):
    backend.set_backend(fakecupy)
    assert tf.Session()._ctx.xp is fakecupy
    assert tf.Session(backend="numpy")._ctx.xp is np
    backend.set_backend("numpy")
    assert tf.Session()._ctx.xp is np


def test_environment_variable_chooses_the_backend():
    code = ("import tensorweave.compat.v1 as tf; print(tf.Session()._ctx.xp.__name__)")
    env = dict(os.environ, TENSORWEAVE_BACKEND="numpy")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "numpy"
    env["TENSORWEAVE_BACKEND"] = "cupy"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True)
    if out.returncode == 0:  # CuPy is installed here
        assert out.stdout.strip() == "cupy"
    else:
        assert "pip install 'tensorweave[gpu]'" in out.stderr


def test_unknown_backend_names_the_choices():
    with pytest.raises(ValueError, match="expected 'numpy' or 'cupy'"):
        backend.get_array_module("tpu")


def test_cupy_without_the_extra_names_the_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "cupy", None)
    with pytest.raises(MissingExtraError, match=r"tensorweave\[gpu\]"):
        tf.Session(backend="cupy")


# -- a session on the device -----------------------------------------------------------------------
def _lecture_net(backend_):
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(0)
        x = tf.placeholder(tf.float32, (None, 20))
        y = tf.placeholder(tf.float32, (None, 5))
        w1 = tf.Variable(tf.random_normal((20, 8)))
        w2 = tf.Variable(tf.random_normal((8, 5)))
        h = tf.nn.relu(tf.matmul(x, w1))
        loss = tf.reduce_mean(tf.reduce_sum((tf.matmul(h, w2) - y) ** 2, axis=1))
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
        n = tf.cast(tf.shape(x)[0], tf.float32)  # shape arithmetic: on the host
        sess = tf.Session(backend=backend_)
        sess.run(tf.global_variables_initializer())
    return sess, x, y, loss, train, n, w1


def test_training_on_the_device_gives_the_numpy_numbers():
    rng = np.random.default_rng(0)
    xv = rng.normal(size=(16, 20)).astype(np.float32)
    yv = rng.normal(size=(16, 5)).astype(np.float32)
    results = []
    for b in ("numpy", fakecupy):
        sess, x, y, loss, train, n, w1 = _lecture_net(b)
        feed = {x: xv, y: yv}
        if b is fakecupy:  # device arrays are fed as they are
            feed = {x: fakecupy.asarray(xv), y: yv}
        losses = [sess.run([loss, train], feed)[0] for _ in range(5)]
        count, w = sess.run([n, w1], feed)
        assert type(losses[0]) is np.float32 and type(w) is np.ndarray and count == 16
        results.append((losses, w))
    assert results[0][0] == results[1][0]
    np.testing.assert_array_equal(results[0][1], results[1][1])


def test_variables_live_on_the_device_and_shape_math_on_the_host():
    sess, x, y, loss, train, n, w1 = _lecture_net(fakecupy)
    assert type(sess._ctx.variables[w1.op.name]) is fakecupy.ndarray
    sess.run(n, {x: np.zeros((3, 20), np.float32)})
    plan = list(sess._plans.values())[-1]
    on_host = {sess.graph.get_operation_by_name(name).type for name in plan.on_host}
    assert on_host == {"Shape", "StridedSlice", "Cast"}


def test_wrong_feed_shape_and_dtype_are_reported_for_device_arrays():
    sess, x, y, loss, train, n, w1 = _lecture_net(fakecupy)
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(4, 3\)"):
        sess.run(loss, {x: fakecupy.asarray(np.zeros((4, 3), np.float32)),
                        y: np.zeros((4, 5), np.float32)})
    # a float64 device array is cast, as a float64 NumPy feed is
    out = sess.run(n, {x: fakecupy.asarray(np.zeros((2, 20)))})
    assert out == 2


def test_string_feeds_and_summaries_stay_on_the_host(tmp_path):
    pytest.importorskip("tensorboard")
    g = tf.Graph()
    with g.as_default():
        tag = tf.placeholder(tf.string, ())
        v = tf.placeholder(tf.float32, ())
        s = tf.summary.scalar("loss", v * 2.0)
        joined = tf.identity(tag)
        sess = tf.Session(backend=fakecupy)
        blob, name = sess.run([s, joined], {v: 1.5, tag: b"run-1"})
    assert name == b"run-1"
    assert isinstance(blob, bytes) and b"loss" in blob


def test_saver_round_trips_device_variables(tmp_path):
    sess, x, y, loss, train, n, w1 = _lecture_net(fakecupy)
    with sess.graph.as_default():
        saver = tf.train.Saver()
        path = saver.save(sess, str(tmp_path / "model"))
        before = sess.run(w1)
        sess.run(w1.assign(tf.zeros_like(w1)))
        saver.restore(sess, path)
    np.testing.assert_array_equal(sess.run(w1), before)
    assert type(sess._ctx.variables[w1.op.name]) is fakecupy.ndarray


def test_keras_fit_on_the_device_gives_the_numpy_numbers(default_backend):
    from tensorweave import keras
    rng = np.random.default_rng(1)
    xv = rng.normal(size=(64, 6)).astype(np.float32)
    yv = rng.integers(0, 3, 64)
    histories = []
    for b in ("numpy", fakecupy):
        backend.set_backend(b)
        keras.backend.clear_session()
        keras.utils.set_random_seed(3)
        model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                                  keras.layers.Dense(3)])
        model.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        h = model.fit(xv, yv, batch_size=16, epochs=2, verbose=0, shuffle=False)
        histories.append((h.history["loss"], model.predict(xv, verbose=0)))
    assert histories[0][0] == histories[1][0]
    np.testing.assert_array_equal(histories[0][1], histories[1][1])


def test_string_variables_stay_on_the_host(tmp_path):
    g = tf.Graph()
    with g.as_default():
        name = tf.Variable(b"first", name="name")
        tf.Variable(np.float32(1.0), name="other")
        update = name.assign(tf.constant(b"second"))
        sess = tf.Session(backend=fakecupy)
        sess.run(tf.global_variables_initializer())
        saver = tf.train.Saver()
        path = saver.save(sess, str(tmp_path / "ckpt"))
        sess.run(update)
        assert sess.run(name) == b"second"
        saver.restore(sess, path)
    assert sess.run(name) == b"first"
    assert type(sess._ctx.variables["other"]) is fakecupy.ndarray


# -- page-aligned arrays (4K aliasing, see backend.ALIGN_MIN_BYTES) -------------------------------

def test_empty_aligned_starts_large_numpy_arrays_on_a_page():
    cases = [((512, 512), np.float32), ((401408,), np.float64), ((3, 7, 4096), np.int8)]
    for shape, dtype in cases:
        a = backend.empty_aligned(np, shape, dtype)
        assert a.shape == shape and a.dtype == dtype
        assert a.flags.c_contiguous and a.flags.writeable
        assert a.ctypes.data % backend.PAGE == 0
        a[...] = 1  # the whole array is usable memory
        assert a.sum() == a.size


def test_small_arrays_and_other_modules_allocate_as_they_do():
    small = backend.empty_aligned(np, (10,), np.float32)
    assert small.shape == (10,) and small.base is None
    dev = backend.empty_aligned(fakecupy, (512, 512), np.float32)
    assert type(dev) is type(fakecupy.empty((1,), np.float32))


def test_copy_aligned_copies_values_into_a_page_aligned_array():
    src = np.arange(300 * 200, dtype=np.float32).reshape(300, 200)[:, ::2]  # not contiguous
    out = backend.copy_aligned(src)
    np.testing.assert_array_equal(out, src)
    assert out.flags.c_contiguous and out.ctypes.data % backend.PAGE == 0
    assert not np.shares_memory(out, src)
    tiny = np.ones(3, np.float32)
    assert backend.copy_aligned(tiny) is not tiny


@pytest.mark.numpy_only
def test_session_variables_and_plan_buffers_are_page_aligned():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [128, 256])
        w = tf.Variable(tf.random_normal([256, 512], seed=1))
        loss = tf.reduce_sum(tf.square(tf.matmul(x, w)))
        train = tf.train.AdamOptimizer(1e-3).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {x: np.ones((128, 256), np.float32)}
            sess.run(train, feed)
            sess.run(train, feed)
            big = {k: v for k, v in sess._ctx.variables.items()
                   if isinstance(v, np.ndarray) and v.nbytes >= backend.ALIGN_MIN_BYTES}
            assert len(big) == 3  # the kernel and Adam's two slots
            assert all(v.ctypes.data % backend.PAGE == 0 for v in big.values())
