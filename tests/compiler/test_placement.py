"""compiler/placement.py: with a device backend, metadata runs on the host, data on the device.

Runs on ``fakecupy`` (tests/fakecupy.py), which raises as CuPy does when a host array meets a
device array, so a misplaced value fails the run rather than passing silently.
"""

import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from fakecupy import fakecupy  # noqa: E402

import tensorweave.compat.v1 as tf  # noqa: E402


def _run(fetches, feeds, graph):
    sess = tf.Session(graph=graph, backend=fakecupy)
    out = sess.run(fetches, feeds)
    plan = list(sess._plans.values())[-1]
    return out, {graph.get_operation_by_name(n).type for n in plan.on_host}, plan


def test_shape_arithmetic_runs_on_the_host():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (None, 3, 4))
        n = tf.reduce_prod(tf.shape(x)[1:])           # 12, from the dynamic shape
        flat = tf.reshape(x, tf.stack([-1, n]))        # Reshape reads it as numbers
        mean = tf.reduce_sum(flat) / tf.cast(tf.size(x), tf.float32)
    xv = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    (f, m), on_host, _ = _run([flat, mean], {x: xv}, g)
    np.testing.assert_array_equal(f, xv.reshape(2, 12))
    assert m == np.float32(xv.sum() / 24)
    assert {"Shape", "StridedSlice", "Prod", "Pack", "Size", "Cast"} <= on_host
    assert not on_host & {"Reshape", "Sum", "RealDiv"}  # data stays on the device


def test_a_constant_read_on_both_sides_gets_a_device_copy():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.int32, (None,))
        on_device = x + 1                                  # data: the device's
        on_host = tf.maximum(tf.size(x) - 1, 1)            # metadata: the host's
    (a, b), hosted, plan = _run([on_device, on_host], {x: np.array([4, 5, 6], np.int32)}, g)
    np.testing.assert_array_equal(a, [5, 6, 7])
    assert b == 2
    assert {"Size", "Sub", "Maximum"} <= hosted and "AddV2" not in hosted


def test_filling_a_dynamic_shape_makes_device_data():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (None, 2))
        z = tf.fill(tf.shape(x), 3.0) * x                 # Fill's output may be large
    out, on_host, _ = _run(z, {x: np.ones((5, 2), np.float32)}, g)
    np.testing.assert_array_equal(out, np.full((5, 2), 3.0, np.float32))
    assert "Fill" not in on_host


def test_host_inputs_given_device_values_are_copied_back():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (None,))
        k = tf.placeholder(tf.int32, ())               # fed: a device value
        top = tf.nn.top_k(x, k).values                 # top_k reads k as a number
        r = tf.range(tf.cast(k, tf.float32))            # range's scalars too
    (t, rv), _, _ = _run([top, r], {x: np.array([1.0, 5.0, 3.0], np.float32), k: 2}, g)
    np.testing.assert_array_equal(t, [5.0, 3.0])
    np.testing.assert_array_equal(rv, [0.0, 1.0])


def test_numpy_sessions_are_untouched():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (None,))
        y = tf.cast(tf.size(x), tf.float32) * x
        sess = tf.Session(graph=g, backend="numpy")
        sess.run(y, {x: np.ones(3, np.float32)})
    assert list(sess._plans.values())[-1].on_host == set()


@pytest.mark.parametrize("backend", ["numpy", fakecupy], ids=["numpy", "fakecupy"])
def test_gradients_with_unknown_shapes_agree(backend):
    """Gradient graphs of dynamic shapes are full of shape arithmetic (Mean_grad, …)."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float64, (None, None))
        loss = tf.reduce_mean(tf.reduce_logsumexp(x * 2.0, axis=1))
        gx, = tf.gradients(loss, [x])
        sess = tf.Session(graph=g, backend=backend)
    xv = np.random.default_rng(0).normal(size=(4, 3))
    out = sess.run(gx, {x: xv})
    ref = 2.0 * np.exp(2 * xv) / np.exp(2 * xv).sum(1, keepdims=True) / 4
    np.testing.assert_allclose(out, ref, rtol=1e-12)


def test_a_cond_result_from_either_side_reaches_device_ops():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (None,))
        flag = tf.placeholder(tf.bool, ())
        # one branch is shape arithmetic (host), the other device data
        n = tf.cond(flag, lambda: tf.cast(tf.size(x), tf.float32), lambda: tf.reduce_sum(x))
        y = x * n
    sess = tf.Session(graph=g, backend=fakecupy)
    xv = np.array([1.0, 2.0, 3.0], np.float32)
    np.testing.assert_array_equal(sess.run(y, {x: xv, flag: True}), xv * 3)
    np.testing.assert_array_equal(sess.run(y, {x: xv, flag: False}), xv * 6)
