"""compiler/select_mask.py: ``where(a cmp b, g, 0)`` as one kernel (TF's gradient of maximum
and minimum), bit for bit the comparison and select it replaces, with compiled loops and
without, and only where the mask has no other reader."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import jit
from tensorweave.compiler import select_mask

pytestmark = pytest.mark.numpy_only

SPECIAL = np.array([0.0, -0.0, 1.5, -2.0, np.inf, -np.inf, np.nan, 3e-39, -7.25, 0.5],
                   np.float32)


def _plan_types(sess):
    return [op.type for op in list(sess._plans.values())[-1].step_ops]


def _build(kind):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (20, 10))
        y = tf.placeholder(tf.float32, (20, 10))
        up = tf.placeholder(tf.float32, (20, 10))
        if kind == "maximum_scalar":  # the lecture's ReLU
            out = tf.maximum(x, 0.0)
        elif kind == "minimum_full":
            out = tf.minimum(x, y)
        else:
            out = tf.maximum(x, y)
        grads = tf.gradients(out, [x, y] if kind != "maximum_scalar" else [x], grad_ys=up)
        sess = tf.Session()
    rng = np.random.default_rng(0)
    feed = {x: rng.choice(SPECIAL, (20, 10)), y: rng.choice(SPECIAL, (20, 10)),
            up: rng.choice(SPECIAL, (20, 10))}
    return sess, grads, feed


def _same(a, b):
    for u, v in zip(a, b):
        assert u.dtype == v.dtype and u.tobytes() == v.tobytes()


@pytest.mark.parametrize("kind", ["maximum_scalar", "minimum_full", "maximum_full"])
@pytest.mark.parametrize("loops", [True, False])
def test_same_bits_as_compare_then_select(kind, loops, monkeypatch):
    if loops and not jit.available():
        pytest.skip("numba is not installed")
    monkeypatch.setattr(jit, "ENABLED", loops)
    sess, grads, feed = _build(kind)
    folded = sess.run(grads, feed)
    assert not {"GreaterEqual", "LessEqual"} & set(_plan_types(sess))  # folded
    monkeypatch.setattr(select_mask, "ENABLED", False)
    sess2, grads2, feed2 = _build(kind)
    plain = sess2.run(grads2, {t2: feed[t1] for t1, t2 in zip(feed, feed2)})
    assert {"GreaterEqual", "LessEqual"} & set(_plan_types(sess2))
    _same(folded, plain)


def test_rewritten_steps_and_kept_mask():
    """Both selects of maximum's gradient read the mask: each becomes a CompareSelect (the
    comparison then has no reader left); a fetched mask keeps the comparison and select."""
    sess, grads, feed = _build("maximum_full")
    sess.run(grads, feed)
    types = _plan_types(sess)
    assert "GreaterEqual" not in types and types.count("SelectV2") == 2
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (4,))
        mask = x >= 0.0
        sel = tf.where_v2(mask, x, tf.zeros_like(x))
        s = tf.Session()
        out, m = s.run([sel, mask], {x: [1.0, -1.0, 0.0, np.nan]})
    assert "GreaterEqual" in _plan_types(s)
    np.testing.assert_array_equal(out, [1.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(m, [True, False, True, False])


@pytest.mark.filterwarnings("error::RuntimeWarning")  # the loop must not fall back
@pytest.mark.parametrize("folded", [True, False])
def test_scalar_computed_by_a_kernel(folded):
    """``b`` a 0-d value a kernel computed: a NumPy scalar (a ufunc's 0-d result, here
    constant-folded) or a 0-d array (in a planned buffer)."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (30, 4))
        z = tf.placeholder(tf.float32, (5,))
        bound = tf.sqrt(tf.constant(0.0625)) * 2.0 if folded else tf.reduce_mean(z) * 0.5
        loss = tf.reduce_sum(tf.minimum(x, bound) * tf.range(4, dtype=tf.float32))
        gx, = tf.gradients(loss, [x])
        sess = tf.Session()
    xv = np.random.default_rng(1).standard_normal((30, 4)).astype(np.float32)
    zv = np.linspace(-1, 2, 5).astype(np.float32)
    got = sess.run(gx, {x: xv, z: zv})
    assert "LessEqual" not in _plan_types(sess)
    limit = 0.5 if folded else zv.mean() * 0.5
    want = np.where(xv <= limit, np.arange(4, dtype=np.float32), 0)
    np.testing.assert_allclose(got, want)
