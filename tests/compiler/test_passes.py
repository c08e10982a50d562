"""The compiler passes: each on its own, and results identical with every pass on and off."""

import contextlib
import os
import sys

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave.compiler import (broadcast, conv_epilogue, cse, fold, fuse, gemm_update,
                                  inplace, memory, pool_relu, select_mask, simplify, transpose)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "ops"))
import optable  # noqa: E402


PASSES = (fold, cse, simplify, transpose, broadcast, pool_relu, select_mask, conv_epilogue,
          inplace, gemm_update, memory, fuse)


@contextlib.contextmanager
def passes(enabled):
    saved = [p.ENABLED for p in PASSES]
    for p in PASSES:
        p.ENABLED = enabled
    try:
        yield
    finally:
        for p, was in zip(PASSES, saved):
            p.ENABLED = was


def _plan(sess):
    """The plan of the most recent new (fetches, feeds) signature."""
    return list(sess._plans.values())[-1]


# -- pruning -------------------------------------------------------------------------------------
def test_prune_runs_only_what_the_fetch_needs():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [3])
        a = tf.exp(x)
        tf.log(x)  # not needed
        sess = tf.Session()
        sess.run(a, {x: np.ones(3)})
    assert [op.type for op in _plan(sess).ops] == ["Exp"]


def test_prune_stops_at_fed_tensors():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [3])
        h = tf.exp(x)
        y = h * 2.0
        sess = tf.Session()
        out = sess.run(y, {h: [1.0, 2.0, 3.0]})  # x need not be fed
    np.testing.assert_array_equal(out, [2.0, 4.0, 6.0])
    assert "Exp" not in [op.type for op in _plan(sess).ops]


# -- constant folding ------------------------------------------------------------------------------
def test_fold_computes_constant_subgraphs_once():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2])
        c = tf.exp(tf.constant([0.0, 1.0])) * 3.0  # all constant
        y = x + c + tf.cast(tf.shape(x)[0], tf.float32)  # shape of a known shape: constant
        sess = tf.Session()
        out = sess.run(y, {x: [1.0, 1.0]})
    np.testing.assert_allclose(out, [1 + 3 + 2, 1 + 3 * np.e + 2], rtol=1e-6)
    source = _plan(sess).runner.source
    assert source.count("= k") == 2  # only the two adds run


def test_fold_leaves_random_and_stateful_ops_alone():
    g = tf.Graph()
    with g.as_default():
        r = tf.random_normal([2]) * 2.0
        v = tf.Variable(1.0)
        sess = tf.Session()
        sess.run(v.initializer)
        first, second = sess.run(r), sess.run(r)
    assert not np.array_equal(first, second)


def test_folded_fetch_is_a_private_copy():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant([1.0, 2.0]) * 2.0
        sess = tf.Session()
        a = sess.run(c)
        a[0] = 100.0
        np.testing.assert_array_equal(sess.run(c), [2.0, 4.0])


def test_gradient_of_a_mean_folds_to_a_constant():
    """zeros_like/ones_like of a known shape are constants when the plan is built (as
    Grappler materializes them): the mean's gradient chain (OnesLike, Reshape, BroadcastTo,
    RealDiv) and the maximum's ZerosLike do not run; the numbers are those of the unfolded
    plan. At graph build time they stay unknown, as in TF."""
    def run():
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, [4, 3])
            w = tf.constant(np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4))
            loss = tf.reduce_mean(tf.maximum(tf.matmul(x, w), 0.0))
            grad, = tf.gradients(loss, [x])
            assert tf.get_static_value(tf.zeros_like(x)) is None
            sess = tf.Session()
            out = sess.run([loss, grad], {x: np.arange(12, dtype=np.float32).reshape(4, 3) - 5})
        return out, {op.type for op in _plan(sess).step_ops}
    (loss, grad), types = run()
    assert not types & {"OnesLike", "ZerosLike", "BroadcastTo", "RealDiv"}
    with passes(False):
        (loss0, grad0), types0 = run()
    assert {"OnesLike", "ZerosLike"} <= types0
    assert loss.tobytes() == loss0.tobytes() and grad.tobytes() == grad0.tobytes()


# -- common subexpressions ----------------------------------------------------------------------------
def test_cse_computes_duplicates_once():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [3])
        a = tf.exp(x) + 1.0
        b = tf.exp(x) + 1.0  # the same computation, built twice
        c = tf.exp(x) * 2.0
        sess = tf.Session()
        out = sess.run([a, b, c], {x: [0.0, 1.0, 2.0]})
    np.testing.assert_allclose(out[0], np.exp([0.0, 1.0, 2.0]) + 1, rtol=1e-6)
    np.testing.assert_array_equal(out[0], out[1])
    out[0][0] = 99.0  # fetches of merged tensors are still separate arrays
    assert out[1][0] != 99.0
    types = [op.type for op in _plan(sess).ops]
    assert types.count("Exp") == 1 and types.count("AddV2") == 1


def test_cse_never_merges_random_draws():
    g = tf.Graph()
    with g.as_default():
        a = tf.random_uniform([4], seed=1)
        b = tf.random_uniform([4], seed=1)  # same seed, but two ops: two streams
        sess = tf.Session()
        va, vb = sess.run([a, b])
    assert len([op for op in _plan(sess).ops if op.type == "RandomUniform"]) == 2
    np.testing.assert_array_equal(va, vb)


# -- transpose folding ----------------------------------------------------------------------------------
def test_transpose_folds_into_matmul():
    rng = np.random.default_rng(0)
    av, bv = rng.standard_normal((4, 3)), rng.standard_normal((4, 5))
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float64, [4, 3])
        b = tf.placeholder(tf.float64, [4, 5])
        y = tf.matmul(tf.transpose(a), b)
        sess = tf.Session()
        out = sess.run(y, {a: av, b: bv})
    np.testing.assert_allclose(out, av.T @ bv, rtol=1e-12)
    assert "Transpose" not in [op.type for op in _plan(sess).ops]


def test_transpose_kept_when_also_fetched():
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float64, [2, 3])
        t = tf.transpose(a)
        y = tf.matmul(t, a)
        sess = tf.Session()
        tv, yv = sess.run([t, y], {a: np.arange(6.0).reshape(2, 3)})
    np.testing.assert_array_equal(tv, np.arange(6.0).reshape(2, 3).T)
    np.testing.assert_allclose(yv, tv @ tv.T)


# -- broadcast elimination ----------------------------------------------------------------------------------
def test_broadcast_feeding_an_elementwise_op_is_dropped():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float64, [3, 4])
        v = tf.placeholder(tf.float64, [3, 1])
        y = x * tf.broadcast_to(v, [3, 4])
        z = tf.broadcast_to(v, [3, 4]) + 1.0  # the other operand is a scalar: kept
        sess = tf.Session()
        xv, vv = np.arange(12.0).reshape(3, 4), np.array([[1.0], [2.0], [3.0]])
        yv, zv = sess.run([y, z], {x: xv, v: vv})
    np.testing.assert_array_equal(yv, xv * vv)
    np.testing.assert_array_equal(zv, np.broadcast_to(vv, (3, 4)) + 1.0)
    assert [op.type for op in _plan(sess).ops].count("BroadcastTo") == 1


# -- algebraic simplification ------------------------------------------------------------------------------
def _step_types(sess):
    return [op.type for op in _plan(sess).step_ops]


def test_multiply_by_one_chain_runs_only_the_additions():
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, (4,))
        one = tf.constant(np.ones(4, np.float32))
        t = a
        for _ in range(5):
            t = (t * one) / 1.0 - 0.0
            t = t + one
        sess = tf.Session()
    av = np.array([1.5, -0.0, np.nan, np.inf], np.float32)
    out = sess.run(t, {a: av})
    expected = av
    for _ in range(5):
        expected = expected * np.float32(1) + np.float32(1)
    np.testing.assert_array_equal(out, expected)
    assert _step_types(sess) == ["AddV2"] * 5


def test_simplified_fetch_of_a_feed_is_a_private_copy():
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, (3,))
        y = a * 1.0
        sess = tf.Session()
    av = np.array([1.0, 2.0, 3.0], np.float32)
    out = sess.run(y, {a: av})
    np.testing.assert_array_equal(out, av)
    assert out is not av and not np.shares_memory(out, av)
    assert _step_types(sess) == []


def test_inexact_or_broadcasting_identities_are_kept():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (None, 1))
        add_zero = x + 0.0                           # -0.0 + 0.0 is +0.0: kept
        widen = x * tf.ones((1, 4))                  # broadcasts x to (?, 4): kept
        unknown = tf.placeholder(tf.float32, None) * tf.ones((3,))  # rank unknown: kept
        sub_neg_zero = x - tf.constant(-0.0)         # -0.0 - -0.0 is +0.0: kept
        add_neg_zero = x + tf.constant(-0.0)         # exact: simplified
        sess = tf.Session()
    xv = np.array([[-0.0], [2.0]], np.float32)
    r = sess.run([add_zero, widen, sub_neg_zero, add_neg_zero], {x: xv})
    assert not np.signbit(r[0][0, 0]) and np.signbit(r[3][0, 0])
    assert not np.signbit(r[2][0, 0])
    np.testing.assert_array_equal(r[1], np.broadcast_to(xv, (2, 4)))
    assert _step_types(sess) == ["AddV2", "Mul", "Sub"]
    np.testing.assert_array_equal(
        sess.run(unknown, {unknown.op.inputs[0]: np.ones((2, 3), np.float32)}), np.ones((2, 3)))


def test_integer_add_zero_is_simplified():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.int32, (2,))
        y = (x + 0) * 3
        sess = tf.Session()
    np.testing.assert_array_equal(sess.run(y, {x: [1, -2]}), [3, -6])
    assert _step_types(sess) == ["Mul"]


def test_simplified_variable_read_is_fetched_from_before_the_update():
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(np.ones(3, np.float32))
        seen = v * 1.0
        step = v.assign(v - 0.5)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    before, _ = sess.run([seen, step])
    np.testing.assert_array_equal(before, np.ones(3))
    np.testing.assert_array_equal(sess.run(v), np.full(3, 0.5))


# -- relu gradient folded into the max-pool gradient ---------------------------------------------------
@pytest.mark.parametrize("ksize, strides, padding", [
    (2, 2, "VALID"), (2, 2, "SAME"), (3, 3, "SAME"), (2, 3, "VALID"), (3, 2, "SAME")])
def test_relu_grad_folds_into_max_pool_grad_bit_for_bit(ksize, strides, padding):
    rng = np.random.default_rng(ksize * 10 + strides)
    z = rng.standard_normal((2, 7, 7, 3)).astype(np.float32)
    z[0, :2] = 0.0                      # windows whose maximum is 0 (ReLU's kink)
    z[1, 2:4, 2:4] = -1.0               # all-negative windows
    z[0, 4, 4:6] = z[0, 4, 3]           # ties: the first maximum wins
    results, gv = [], None
    for enabled in (True, False):
        pool_relu.ENABLED = enabled
        try:
            g = tf.Graph()
            with g.as_default():
                zt = tf.placeholder(tf.float32, z.shape)
                h = tf.nn.relu(zt)
                p = tf.nn.max_pool(h, [1, ksize, ksize, 1], [1, strides, strides, 1], padding)
                gp = tf.placeholder(tf.float32, p.shape)
                (dz,) = tf.gradients(p, zt, grad_ys=gp)
                sess = tf.Session()
            if gv is None:
                gv = rng.standard_normal(p.shape.as_list()).astype(np.float32)
                gv.flat[::7] = -0.0
                gv.flat[3] = np.nan
            results.append(sess.run(dz, {zt: z, gp: gv}))
            types = [op.type for op in _plan(sess).step_ops]
        finally:
            pool_relu.ENABLED = True
        if enabled:
            folded = "MaxPoolGrad" not in types
            assert folded == (ksize <= strides), types
    on, off = results
    np.testing.assert_array_equal(on, off)
    np.testing.assert_array_equal(np.signbit(on), np.signbit(off))


def test_relu_grad_not_folded_when_the_pool_gradient_is_fetched():
    g = tf.Graph()
    with g.as_default():
        z = tf.placeholder(tf.float32, (1, 4, 4, 2))
        h = tf.nn.relu(z)
        p = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        dh, dz = tf.gradients(tf.reduce_sum(p), [h, z])
        sess = tf.Session()
    zv = np.random.default_rng(0).standard_normal((1, 4, 4, 2)).astype(np.float32)
    dhv, dzv = sess.run([dh, dz], {z: zv})
    np.testing.assert_array_equal(dzv, dhv * (zv > 0))
    assert "MaxPoolGrad" in [op.type for op in _plan(sess).step_ops]


# -- in-place variable updates -----------------------------------------------------------------------------
@pytest.mark.numpy_only
def test_assign_of_an_update_writes_into_the_variable():
    sess, loss, train, (h, y_pred, g1, w1), feed = _lecture_step()
    before = sess._ctx.variables[w1.op.name]
    sess.run([loss, train], feed)
    assert "_vout(" in _plan(sess).runner.source
    assert sess._ctx.variables[w1.op.name] is before  # same array, new values


def test_fetched_variable_value_is_from_the_end_of_the_run():
    # TF1's reference variables (TF 2.21 under disable_v2_behavior): a fetched variable, or
    # an identity of it, is handed out after the run's updates (its resource variables,
    # without that header, give a value read at a racy point of the run)
    sess, loss, train, (h, y_pred, g1, w1), feed = _lecture_step()
    start = sess.run(w1)
    w_seen, snapshot, _ = sess.run([w1, w1.value(), train], feed)
    after = sess.run(w1)
    assert not np.array_equal(after, start)
    np.testing.assert_array_equal(w_seen, after)
    np.testing.assert_array_equal(snapshot, after)
    w_seen[...] = 0  # the caller's own copy
    np.testing.assert_array_equal(sess.run(w1), after)


def test_optimizer_updates_identical_with_and_without_inplace():
    results = []
    for enabled in (True, False):
        inplace.ENABLED = enabled
        try:
            g = tf.Graph()
            with g.as_default():
                tf.set_random_seed(3)
                x = tf.placeholder(tf.float32, (4, 3))
                w = tf.Variable(tf.random_normal((3, 2)))
                loss = tf.reduce_sum(tf.square(tf.matmul(x, w)))
                train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
                sess = tf.Session()
                sess.run(tf.global_variables_initializer())
                xv = np.arange(12.0).reshape(4, 3)
                results.append([sess.run([loss, train], {x: xv})[0] for _ in range(4)]
                                + [sess.run(w).tolist()])
        finally:
            inplace.ENABLED = True
    assert results[0] == results[1]


def test_variables_initialized_from_one_merged_value_do_not_share_memory():
    g = tf.Graph()
    with g.as_default():
        a = tf.Variable(tf.zeros([3]))
        b = tf.Variable(tf.zeros([3]))  # the same computation: CSE merges the two zeros
        step = a.assign_add([1.0, 2.0, 3.0])
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        np.testing.assert_array_equal(sess.run(a), [1.0, 2.0, 3.0])
        np.testing.assert_array_equal(sess.run(b), [0.0, 0.0, 0.0])


@pytest.mark.numpy_only
def test_adam_moments_update_in_place_with_identical_results():
    results = []
    for enabled in (True, False):
        inplace.ENABLED = enabled
        try:
            g = tf.Graph()
            with g.as_default():
                w = tf.Variable(np.array([1.0, -2.0, 0.5]))
                loss = tf.reduce_sum(w * w * np.array([1.0, 3.0, 0.5]))
                opt = tf.train.AdamOptimizer(0.1)
                train = opt.minimize(loss)
                sess = tf.Session()
                sess.run(tf.global_variables_initializer())
                m_key = opt.get_slot(w, "m").op.name
                sess.run([loss, train])
                m_array = sess._ctx.variables[m_key]
                losses = [sess.run([loss, train])[0] for _ in range(4)]
                results.append(losses + sess.run(w).tolist())
                # in place: the moment keeps its array (and gets new values) when enabled
                assert (sess._ctx.variables[m_key] is m_array) == enabled
        finally:
            inplace.ENABLED = True
    assert results[0] == results[1]


def test_failed_run_leaves_inplace_updated_variables_unchanged():
    sess, loss, train, (h, y_pred, g1, w1), feed = _lecture_step()
    with sess.graph.as_default():
        idx = tf.placeholder(tf.int32, [1])
        bad = tf.gather(tf.constant([1.0, 2.0]), idx)
    start = sess.run(w1)
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.run([loss, train, bad], {**feed, idx: [5]})
    np.testing.assert_array_equal(sess.run(w1), start)


# -- memory plan -------------------------------------------------------------------------------------
def _lecture_step(seed=0):
    rng = np.random.default_rng(seed)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (8, 20))
        y = tf.placeholder(tf.float32, (8, 20))
        w1 = tf.Variable(rng.standard_normal((20, 5)).astype(np.float32))
        w2 = tf.Variable(rng.standard_normal((5, 20)).astype(np.float32))
        h = tf.maximum(tf.matmul(x, w1), 0)
        y_pred = tf.matmul(h, w2)
        loss = tf.reduce_mean(tf.reduce_sum((y_pred - y) ** 2, axis=1))
        g1, g2 = tf.gradients(loss, [w1, w2])
        train = tf.group(w1.assign(w1 - 1e-3 * g1), w2.assign(w2 - 1e-3 * g2))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    feed = {x: rng.standard_normal((8, 20)), y: rng.standard_normal((8, 20))}
    return sess, loss, train, (h, y_pred, g1, w1), feed


def test_memory_plan_assigns_buffers_and_reuses_them():
    sess, loss, train, _, feed = _lecture_step()
    sess.run([loss, train], feed)
    source = _plan(sess).runner.source
    assert "out=b" in source


def test_relu_writes_over_the_matmul_output_it_reads_last():
    """An elementwise kernel (ReLU here, not a ufunc) that reads a value for the last time
    gets that value's buffer: one array instead of two, same numbers as without the plan."""
    def run():
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, (6, 5))
            w = tf.constant(np.linspace(-1, 1, 20, dtype=np.float32).reshape(5, 4))
            h = tf.nn.relu(tf.matmul(x, w))
            out = tf.reduce_sum(h * 3.0)
            sess = tf.Session()
            value = sess.run(out, {x: np.linspace(-2, 2, 30).reshape(6, 5)})
        return value, _plan(sess)
    value, plan = run()
    step_ops = [op.type for op in plan.step_ops]
    bufs = plan.runner.__defaults__
    names = plan.runner.__code__.co_varnames[:plan.runner.__code__.co_argcount]
    buffer_of = {int(n[1:]): v for n, v in zip(names[1:], bufs) if n.startswith("b")}
    matmul, relu = step_ops.index("MatMul"), step_ops.index("Relu")
    assert buffer_of[relu] is buffer_of[matmul]
    with passes(False):
        unplanned, _ = run()
    assert value.tobytes() == unplanned.tobytes()


def test_fetched_and_stored_values_are_not_overwritten_by_later_runs():
    sess, loss, train, (h, y_pred, g1, w1), feed = _lecture_step()
    first = sess.run([h, y_pred, g1, loss, train], feed)
    kept = [np.array(v, copy=True) for v in first[:4]]
    w_after_first = sess.run(w1)
    sess.run([h, y_pred, g1, loss, train], feed)  # a second run reuses the plan's buffers
    for before, now in zip(kept, first[:4]):
        np.testing.assert_array_equal(before, now)
    assert not np.array_equal(w_after_first, sess.run(w1))  # the variable moved …
    w_copy = np.array(w_after_first, copy=True)
    sess.run(train, feed)
    np.testing.assert_array_equal(w_after_first, w_copy)  # … but handed-out values did not


@pytest.mark.parametrize("enabled", [True, False])
def test_training_is_identical_with_and_without_passes(enabled):
    with passes(enabled):
        sess, loss, train, _, feed = _lecture_step()
        losses = [sess.run([loss, train], feed)[0] for _ in range(5)]
    with passes(not enabled):
        sess, loss, train, _, feed = _lecture_step()
        other = [sess.run([loss, train], feed)[0] for _ in range(5)]
    assert losses == other


FORWARD_CASES = [pytest.param(c, id=c.name) for c in optable.CASES]


@pytest.mark.parametrize("case", FORWARD_CASES)
def test_op_table_forward_identical_without_passes(case):
    values = optable.make_inputs(case)
    results = []
    for enabled in (True, False):
        with passes(enabled):
            b = optable.Built(case)
            results.append(b.run(b.outputs, values))
            b.session.close()
    for on, off in zip(*results):
        np.testing.assert_array_equal(np.asarray(on), np.asarray(off))


# -- kernels that keep buffers between runs ------------------------------------------------------------------
def _conv_step(seed):
    rng = np.random.default_rng(seed)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (3, 8, 8, 2))
        w1 = tf.Variable(rng.standard_normal((3, 3, 2, 4)).astype(np.float32))
        w2 = tf.Variable(rng.standard_normal((3, 3, 4, 5)).astype(np.float32))
        h1 = tf.nn.relu(tf.nn.conv2d(x, w1, [1, 1, 1, 1], "SAME") + 0.1)
        p1 = tf.nn.max_pool(h1, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        h2 = tf.nn.conv2d(p1, w2, [1, 2, 2, 1], "SAME")
        p2 = tf.nn.max_pool(h2, [1, 3, 3, 1], [1, 1, 1, 1], "SAME")
        loss = tf.reduce_sum(p2 ** 2)
        grads = tf.gradients(loss, [x, w1, w2, h1])
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    return sess, x, [h1, p1, h2, p2] + grads


def test_kept_kernel_buffers_are_never_handed_out():
    sess, x, fetches = _conv_step(0)
    rng = np.random.default_rng(1)
    xs = [rng.standard_normal((3, 8, 8, 2)).astype(np.float32) for _ in range(3)]
    first = sess.run(fetches, {x: xs[0]})
    kept = [v.copy() for v in first]
    later = [sess.run(fetches, {x: v}) for v in xs[1:]]
    for a, b in zip(first, kept):  # later runs did not write into what the first returned
        np.testing.assert_array_equal(a, b)
    for v, result in zip(xs[1:], later):  # and each run equals a fresh session's first run
        fresh, fx, ff = _conv_step(0)
        for a, b in zip(result, fresh.run(ff, {fx: v})):
            np.testing.assert_array_equal(a, b)


EXAMPLES = ["lecture_1_placeholders", "lecture_2_variables", "lecture_3_optimizer",
            "lecture_4_losses", "lecture_5_layers", "lecture_two_layer_net", "tf1_mlp",
            "tf1_logistic_regression", "tf1_convnet_dropout", "keras_lecture"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_identical_with_every_pass_on_and_off(load_example, name):
    main = load_example(name).main
    with passes(True):
        on = main(steps=3, verbose=False)
    with passes(False):
        off = main(steps=3, verbose=False)
    assert on == off


def test_kept_buffers_stop_at_the_sessions_budget():
    results = []
    for budget in (None, 0, 10_000):
        sess, x, fetches = _conv_step(0)
        if budget is not None:
            sess._ctx.kept_budget.left = budget
        before = sess._ctx.kept_budget.left
        xv = np.random.default_rng(2).standard_normal((3, 8, 8, 2)).astype(np.float32)
        results.append([sess.run(fetches, {x: xv}) for _ in range(2)])
        spent = before - sess._ctx.kept_budget.left
        assert 0 <= spent <= before
        if budget == 0:
            assert spent == 0
        if budget is None:
            assert spent > 10_000  # enough kept that the 10 kB budget runs out part way
    for other in results[1:]:
        for a, b in zip(results[0], other):
            for u, v in zip(a, b):
                np.testing.assert_array_equal(u, v)
