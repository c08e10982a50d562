"""Matrix products through oneDNN (tensorweave/onednn.py), where the fast extra installed it."""

import os
import subprocess
import sys

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import blas, onednn, parallel

needs_onednn = pytest.mark.skipif(not onednn.available(),
                                  reason="oneDNN is not installed (pip install tensorweave[fast])")


def _operands(rng, m, k, n):
    return (rng.standard_normal((m, k)).astype(np.float32),
            rng.standard_normal((k, n)).astype(np.float32))


@needs_onednn
@pytest.mark.parametrize("layout", ["rows", "a transposed", "b transposed", "both transposed",
                                    "row slices"])
def test_products_agree_with_numpy_for_every_layout(layout):
    rng = np.random.default_rng(0)
    m, k, n = 64, 300, 100
    a, b = _operands(rng, m, k, n)
    if layout in ("a transposed", "both transposed"):
        a = np.ascontiguousarray(a.T).T  # column-contiguous: passed as transposed
    if layout in ("b transposed", "both transposed"):
        b = np.ascontiguousarray(b.T).T
    if layout == "row slices":  # rows contiguous, leading dimension wider than the matrix
        a = np.pad(a, ((0, 0), (0, 17)))[:, :k]
        b = np.pad(b, ((0, 0), (0, 5)))[:, :n]
    out = onednn.dot(a, b)
    assert out is not None and out.shape == (m, n) and out.dtype == np.float32
    want = a.astype(np.float64) @ b.astype(np.float64)
    np.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-4)
    again = np.empty((m, n), np.float32)
    assert onednn.dot(a, b, again) is again
    np.testing.assert_array_equal(again, out)  # the same sums at every call


@needs_onednn
def test_what_it_does_not_serve_is_left_to_numpy():
    rng = np.random.default_rng(1)
    a, b = _operands(rng, 64, 300, 100)
    assert onednn.dot(a.astype(np.float64), b.astype(np.float64)) is None  # float32 only
    assert onednn.dot(a[:4, :8], b[:8, :4]) is None  # too small to be worth a call
    assert onednn.dot(a[:, ::2], b[::2]) is None  # neither rows nor columns contiguous
    assert onednn.dot(a, b, np.empty((100, 64), np.float32).T) is None  # out not C-ordered
    shared = np.zeros((64, 300), np.float32)
    assert onednn.dot(shared, b[:, :100].copy().repeat(3, 0)[:300], shared[:, :100]) is None
    # blas.dot computes them all the same
    for x, y in ((a[:, ::2], b[::2]), (a[:4, :8], b[:8, :4])):
        np.testing.assert_allclose(blas.dot(x, y), x @ y, rtol=1e-5, atol=1e-5)


def test_a_forked_child_does_not_use_the_parents_library(monkeypatch):
    onednn._sgemm()  # looked up in this process
    fn, _ = onednn._found[0]
    monkeypatch.setattr(onednn, "_found", [(fn, os.getpid() + 1)])  # as a fork's child sees it
    assert not onednn.available()
    rng = np.random.default_rng(2)
    a, b = _operands(rng, 64, 300, 100)
    assert onednn.dot(a, b) is None
    np.testing.assert_allclose(blas.dot(a, b), a @ b, rtol=1e-5, atol=1e-5)


def test_the_environment_switch_turns_it_off():
    code = "from tensorweave import onednn; print(onednn.available())"
    env = dict(os.environ, TENSORWEAVE_ONEDNN="0")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.numpy_only  # CuPy's products are cuBLAS's
@needs_onednn
def test_session_matmuls_go_through_it(monkeypatch):
    calls = []
    real = onednn.dot

    def counting(a, b, out=None):
        got = real(a, b, out)
        calls.append(got is not None)
        return got

    monkeypatch.setattr(onednn, "dot", counting)
    rng = np.random.default_rng(3)
    xv, wv = _operands(rng, 128, 200, 50)  # (128x200 @ 200x50: 1.28M multiply-adds)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, (None, 200))
        w = tf.Variable(wv)
        y = tf.matmul(x, w)
        gw, = tf.gradients(tf.reduce_sum(y * y), [w])  # x' @ (2y): a transposed operand
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got_y, got_gw = sess.run([y, gw], {x: xv})
    assert calls and all(calls)
    x64, w64 = xv.astype(np.float64), wv.astype(np.float64)
    np.testing.assert_allclose(got_y, x64 @ w64, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(got_gw, x64.T @ (2 * x64 @ w64), rtol=1e-4, atol=1e-3)


@needs_onednn
def test_runs_on_tensorweaves_own_threads_keep_openblas(monkeypatch):
    if not blas.owns_threads():
        pytest.skip("this OpenBLAS has no per-thread setting")
    used = []
    monkeypatch.setattr(onednn, "dot", lambda *a: used.append(1))
    rng = np.random.default_rng(4)
    a, b = _operands(rng, 64, 300, 100)
    with parallel.own_blas:
        np.testing.assert_allclose(blas.dot(a, b), a @ b, rtol=1e-5, atol=1e-5)
    assert not used


@needs_onednn
def test_intra_op_parallelism_threads_sets_openmps_count(monkeypatch):
    asked = []
    monkeypatch.setattr(onednn, "_omp_threads", [asked.append, 7])  # 7: OpenMP's default
    monkeypatch.setattr(onednn._asked, "n", None, raising=False)
    rng = np.random.default_rng(5)
    a, b = _operands(rng, 64, 300, 100)
    parallel.set_intra_op_parallelism_threads(1)
    try:
        onednn.dot(a, b)
        onednn.dot(a, b)  # told once per change
        parallel.set_intra_op_parallelism_threads(0)
        onednn.dot(a, b)
    finally:
        parallel.set_intra_op_parallelism_threads(0)
    assert asked == [1, 7]


@needs_onednn
def test_omp_num_threads_is_left_as_the_user_set_it():
    code = ("import numpy as np, ctypes; from tensorweave import onednn; "
            "a = np.ones((64, 300), np.float32); onednn.dot(a, a.T.copy()); "
            "g = ctypes.CDLL('libgomp.so.1'); g.omp_get_max_threads.restype = ctypes.c_int; "
            "print(g.omp_get_max_threads())")
    env = dict(os.environ, OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "1"


@needs_onednn
def test_small_products_are_numpys_unless_their_right_operand_is_transposed():
    """Below ~1M multiply-adds NumPy's call is faster than oneDNN's (a small MLP's 64x64 @
    64x128: 5.5 us against 13.4), except with a transposed right operand, which OpenBLAS
    reads slowly (W2's class layer g @ W': 41 us against 23)."""
    rng = np.random.default_rng(3)
    a, b = _operands(rng, 64, 64, 128)
    assert 64 * 64 * 128 < onednn.MIN_MACS
    assert onednn.dot(a, b) is None
    bt = np.ascontiguousarray(b.T).T  # the same values, columns contiguous
    got = onednn.dot(a, bt)
    assert got is not None
    np.testing.assert_allclose(got, a @ b, rtol=1e-5, atol=1e-5)
    big_a, big_b = _operands(rng, 128, 128, 128)  # 2M multiply-adds
    assert onednn.dot(big_a, big_b) is not None
