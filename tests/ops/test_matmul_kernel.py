"""The MatMul kernel's transposed product for wide outputs (ops/math.py, ``SWAP_WIDE``):
taken for M < N <= K with a transposed operand (OpenBLAS's products; not oneDNN's), same
values as the plain product, correct with and without a planned output buffer, and off with
the switch."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import onednn
from tensorweave.ops import math as tw_math

pytestmark = pytest.mark.numpy_only  # a NumPy-backend kernel choice


@pytest.mark.parametrize("ta,tb", [(False, True), (True, False), (True, True)])
@pytest.mark.parametrize("swap", [True, False])
@pytest.mark.parametrize("with_onednn", [False, True])
def test_wide_products_with_a_transposed_operand(ta, tb, swap, with_onednn, monkeypatch):
    if with_onednn and not onednn.available():
        pytest.skip("oneDNN is not installed")
    monkeypatch.setattr(tw_math, "SWAP_WIDE", swap)
    monkeypatch.setattr(onednn, "ENABLED", with_onednn)  # oneDNN's products need no swap
    rng = np.random.default_rng(0)
    m, n, k = 24, 40, 64  # wide (M < N <= K): computed as the transposed product
    a = rng.standard_normal((k, m) if ta else (m, k)).astype(np.float32)
    b = rng.standard_normal((n, k) if tb else (k, n)).astype(np.float32)
    want = (a.T if ta else a).astype(np.float64) @ (b.T if tb else b).astype(np.float64)
    g = tf.Graph()
    with g.as_default():
        pa = tf.placeholder(tf.float32, a.shape)
        pb = tf.placeholder(tf.float32, b.shape)
        prod = tf.matmul(pa, pb, transpose_a=ta, transpose_b=tb)
        planned = tf.reduce_sum(prod * 2.0, axis=0)  # prod gets a planned buffer here
        sess = tf.Session()
    for _ in range(2):  # the second run reuses the kept array
        got, s = sess.run([prod, planned], {pa: a, pb: b})
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-4)
        np.testing.assert_allclose(s, 2 * want.sum(0), rtol=1e-4, atol=1e-3)
        assert got.flags.c_contiguous and got.shape == (m, n)
    kernel = next(k for k in list(sess._plans.values())[-1].runner.__defaults__
                  if getattr(k, "__qualname__", "").startswith("MatMul.make_kernel"))
    kept = kernel.__closure__ and [c.cell_contents for c in kernel.__closure__
                                   if type(c.cell_contents).__name__ == "KeptBuffers"]
    assert bool(kept and kept[0]._arrays) == (swap and not with_onednn)
