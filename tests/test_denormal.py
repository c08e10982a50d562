"""Denormals flush to zero during runs, as in TensorFlow (tensorweave/denormal.py).

The expected values are TensorFlow 2.21's: a Session (and tf.function, and JAX's jit)
returns 0 for ``x * 0.5`` and ``sqrt(x)`` with ``x = 1e-39``, and for a product that
underflows into the denormal range; NumPy outside a run keeps IEEE denormals.
"""

import platform
import sys

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import denormal, parallel

# a device computes as the device does (CUDA keeps float32 denormals unless built to flush)
pytestmark = pytest.mark.numpy_only

TINY = np.float32(np.finfo(np.float32).tiny)  # the smallest normal float32
DENORMALS = np.array([1e-39, 3e-41, -2e-40], np.float32)


def _ieee_half(x):
    return x * np.float32(0.5)  # computed outside any run: IEEE denormals


@pytest.fixture
def enabled():
    saved = denormal.ENABLED
    denormal.ENABLED = True
    yield
    denormal.ENABLED = saved


def test_this_platform_is_supported():
    if sys.platform.startswith("linux") and platform.machine().lower() in ("x86_64", "aarch64"):
        assert denormal.supported()


def test_numpy_outside_a_run_keeps_denormals():
    assert np.all(_ieee_half(DENORMALS) != 0)
    assert _ieee_half(TINY) == np.float32(TINY / 2) != 0


@pytest.mark.skipif(not denormal.supported(), reason="no flush-to-zero control here")
def test_a_session_run_flushes_denormal_inputs_and_results(enabled):
    x = tf.placeholder(tf.float32, [3])
    n = tf.placeholder(tf.float32, [])
    with tf.Session() as sess:
        half, root, under = sess.run([x * 0.5, tf.sqrt(tf.abs(x)), n * 0.5],
                                     {x: DENORMALS, n: TINY})
    np.testing.assert_array_equal(half, [0, 0, 0])     # denormal operands read as zero
    np.testing.assert_array_equal(root, [0, 0, 0])
    assert under == 0                                  # a denormal result is written as zero
    assert _ieee_half(TINY) != 0                       # and NumPy after the run is IEEE again


@pytest.mark.skipif(not denormal.supported(), reason="no flush-to-zero control here")
def test_folded_constants_get_the_runs_values(enabled):
    c = tf.constant(DENORMALS) * 0.5  # folded at plan time
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(c), [0, 0, 0])


@pytest.mark.skipif(not denormal.supported(), reason="no flush-to-zero control here")
def test_a_failed_run_puts_the_modes_back(enabled):
    x = tf.placeholder(tf.float32, [None])
    bad = tf.debugging.check_numerics(x * 0.5, "boom")
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError):
        sess.run(bad, {x: np.array([np.nan], np.float32)})
    assert _ieee_half(TINY) != 0


def test_switched_off_runs_keep_ieee_denormals():
    saved = denormal.ENABLED
    denormal.ENABLED = False
    try:
        x = tf.placeholder(tf.float32, [3])
        with tf.Session() as sess:
            got = sess.run(x * 0.5, {x: DENORMALS})
    finally:
        denormal.ENABLED = saved
    np.testing.assert_array_equal(got, _ieee_half(DENORMALS))


@pytest.mark.skipif(not denormal.supported(), reason="no flush-to-zero control here")
def test_kernel_threads_flush_too(enabled):
    src = np.full(1 << 20, TINY, np.float32)  # 4 MB: split in two
    out = np.ones_like(src)

    def half(a, b, _part):
        np.multiply(src[a:b], np.float32(0.5), out=out[a:b])
    saved = denormal.begin()
    try:
        parallel.parallel_for(half, src.size, 2)
    finally:
        denormal.end(saved)
    assert not out.any()  # both halves, the pool thread's included


def test_begin_and_end_nest():
    outer = denormal.begin()
    inner = denormal.begin()
    assert inner is None  # already on: nothing for the inner end to put back
    denormal.end(inner)
    if denormal.supported() and denormal.ENABLED:
        assert (np.array([TINY]) * np.float32(0.5))[0] == 0
    denormal.end(outer)
    assert _ieee_half(TINY) != 0


def test_threads_starting_their_first_runs_together(monkeypatch):
    """The modes are made once even when several threads' first runs begin at the same time
    (two sessions in two threads: ``end`` failed with AttributeError when each thread had
    made its own and ``end`` put back through another's)."""
    import threading
    import time
    monkeypatch.setattr(denormal, "_impl", False)
    make = denormal._make
    monkeypatch.setattr(denormal, "_make", lambda: time.sleep(0.02) or make())  # (the race)
    start, errors = threading.Barrier(6), []

    def run():
        try:
            start.wait(10)
            for _ in range(50):
                denormal.end(denormal.begin())
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert _ieee_half(TINY) != 0  # each thread put its modes back
