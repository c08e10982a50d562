"""``tf.train.ExponentialMovingAverage`` against TensorFlow.

Every expected number and name here was recorded from TensorFlow 2.21 (``tf.compat.v1``,
graph mode) running the same program; TensorFlow is not needed to run these tests.
"""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def test_variable_averages_follow_num_updates_and_the_chained_step():
    w = tf.Variable([1.0, 2.0], name="w")
    with tf.variable_scope("outer"):
        u = tf.get_variable("u", [2], initializer=tf.constant_initializer(3.0))
    gs = tf.Variable(0, trainable=False, name="gs")
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=gs)
    # the update must see the doubled w and the incremented gs (fresh reads)
    with tf.control_dependencies([tf.assign(w, w * 2), tf.assign_add(gs, 1)]):
        with tf.name_scope("ns"):
            op = ema.apply([w, u])
    av, au = ema.average(w), ema.average(u)
    expected = [[1.8181818, 3.6363635], [3.4545455, 6.909091], [6.6013985, 13.202797]]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for want in expected:
            s.run(op)
            got_w, got_u = s.run([av, au])
            np.testing.assert_allclose(got_w, want, rtol=1e-6)
            np.testing.assert_array_equal(got_u, [3.0, 3.0])
    assert av.op.name == "w/ExponentialMovingAverage"
    assert au.op.name == "outer/u/ExponentialMovingAverage"
    assert op.name == "ns/ExponentialMovingAverage" and op.type == "NoOp"
    assert ema.name == "ExponentialMovingAverage"
    assert [v.op.name for v in tf.global_variables()] == [
        "w", "outer/u", "gs", "w/ExponentialMovingAverage", "outer/u/ExponentialMovingAverage"]
    assert [v.op.name for v in tf.trainable_variables()] == ["w", "outer/u"]
    assert [v.op.name for v in tf.moving_average_variables()] == ["w", "outer/u"]
    assert ema.average(gs) is None
    restore = {k: v.op.name for k, v in ema.variables_to_restore().items()}
    assert restore == {"gs": "gs", "outer/u/ExponentialMovingAverage": "outer/u",
                       "w/ExponentialMovingAverage": "w"}


def test_tensor_averages_start_at_zero_and_zero_debias():
    x = tf.placeholder(tf.float32, [])
    l1 = tf.square(x, name="l1")
    l2 = tf.add(x, 1.0, name="l2")
    ema = tf.train.ExponentialMovingAverage(0.9, name="avg")
    op = ema.apply([l1, l2])
    ema2 = tf.train.ExponentialMovingAverage(0.5, zero_debias=True)
    op2 = ema2.apply([l1])
    expected = [[0.100000024, 0.20000005, 1.0], [0.49000013, 0.4800001, 3.0],
                [1.3410003, 0.8320002, 6.428571]]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for v, want in zip([1.0, 2.0, 3.0], expected):
            s.run([op, op2], {x: v})
            got = s.run([ema.average(l1), ema.average(l2), ema2.average(l1)])
            np.testing.assert_allclose(got, want, rtol=1e-6)
    assert [op.name, op2.name] == ["avg", "ExponentialMovingAverage"]
    assert [v.op.name for v in tf.global_variables()] == [
        "l1/avg", "l2/avg", "l1/ExponentialMovingAverage",
        "l1/ExponentialMovingAverage/biased", "l1/ExponentialMovingAverage/local_step"]
    assert tf.moving_average_variables() == [] and tf.trainable_variables() == []


def test_cifar10_tutorial_pattern():
    w = tf.get_variable("weights", [3, 2], initializer=tf.constant_initializer(0.5))
    x = tf.constant([[1., 2., 3.]])
    loss = tf.reduce_sum(tf.matmul(x, w) ** 2, name="loss")
    tf.add_to_collection("losses", loss)
    total = tf.add_n(tf.get_collection("losses"), name="total_loss")
    gs = tf.train.get_or_create_global_step()
    loss_averages = tf.train.ExponentialMovingAverage(0.9, name="avg")
    loss_averages_op = loss_averages.apply(tf.get_collection("losses") + [total])
    with tf.control_dependencies([loss_averages_op]):
        opt = tf.train.GradientDescentOptimizer(0.01)
        grads = opt.compute_gradients(total)
    apply_op = opt.apply_gradients(grads, global_step=gs)
    variable_averages = tf.train.ExponentialMovingAverage(0.9999, gs)
    with tf.control_dependencies([apply_op]):
        variables_averages_op = variable_averages.apply(tf.trainable_variables())
    train_op = tf.group(variables_averages_op, name="train")
    expected = [(1.8000004, [0.45090908, 0.4018182, 0.35272726]),
                (2.5531206, [0.41032726, 0.32065454, 0.23098181]),
                (2.781538, [0.37942868, 0.2588574, 0.13828608])]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for want_loss, want_w in expected:
            s.run(train_op)
            la, ta, wa = s.run([loss_averages.average(loss), loss_averages.average(total),
                                variable_averages.average(w)])
            np.testing.assert_allclose([la, ta], [want_loss, want_loss], rtol=1e-6)
            np.testing.assert_allclose(wa, np.repeat(np.array(want_w)[:, None], 2, 1),
                                       rtol=1e-6)
    assert [v.op.name for v in tf.global_variables()] == [
        "weights", "global_step", "loss/avg", "total_loss/avg",
        "weights/ExponentialMovingAverage"]
    assert sorted(variable_averages.variables_to_restore()) == [
        "global_step", "loss/avg", "total_loss/avg", "weights/ExponentialMovingAverage"]


def test_scopes_reapply_names_and_restore_maps():
    w = tf.Variable([1.0, 2.0], name="w")
    with tf.variable_scope("vs"):
        t = tf.add(w, 1.0, name="t")
        ema = tf.train.ExponentialMovingAverage(0.9)
        op = ema.apply([w, t])
    ema2 = tf.train.ExponentialMovingAverage(0.9)
    op2 = ema2.apply([w])
    op3 = ema2.apply([w])  # no second shadow
    assert [v.op.name for v in tf.global_variables()] == [
        "w", "vs/w/ExponentialMovingAverage", "vs/vs/t/ExponentialMovingAverage",
        "w/ExponentialMovingAverage"]
    assert [op.name, op2.name, op3.name] == [
        "vs/ExponentialMovingAverage", "ExponentialMovingAverage",
        "ExponentialMovingAverage_1"]
    assert ema.average_name(w) == "vs/w/ExponentialMovingAverage"
    assert ema.average_name(t) == "vs/vs/t/ExponentialMovingAverage"
    assert [v.op.name for v in tf.moving_average_variables()] == ["w", "w"]
    assert tf.train.ExponentialMovingAverage(0.9, name="foo").average_name(
        tf.Variable(1.0, name="q")) == "q/foo"


def test_default_var_list_and_variables_to_restore():
    tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b", trainable=False)
    ema = tf.train.ExponentialMovingAverage(0.5)
    assert ema.apply().name == "ExponentialMovingAverage"
    assert [v.op.name for v in tf.global_variables()] == ["a", "b", "a/ExponentialMovingAverage"]
    assert {k: v.op.name for k, v in ema.variables_to_restore().items()} == {
        "a/ExponentialMovingAverage": "a", "b": "b"}
    assert {k: v.op.name for k, v in ema.variables_to_restore([b]).items()} == {
        "a": "a", "a/ExponentialMovingAverage": "a/ExponentialMovingAverage",
        "b/ExponentialMovingAverage": "b"}


def test_decay_rounding_int_num_updates_and_float64():
    a = tf.Variable([1.0, 2.0], dtype=tf.float64, name="a")
    d = tf.placeholder(tf.float32, [])
    ema = tf.train.ExponentialMovingAverage(d)
    op = ema.apply([a])
    w = tf.Variable([1.0, 2.0], name="w")
    ema5 = tf.train.ExponentialMovingAverage(0.99, num_updates=5)  # decay min(.99, 6/15)
    op5 = ema5.apply([w])
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run([tf.assign(a, [5.0, 7.0]), tf.assign(w, [3.0, 3.0])])
        s.run([op, op5], {d: 0.3})
        got = s.run(ema.average(a))
        # 1 - decay is taken in float32, then cast: 1 + 4 * float32(0.7) in float64
        np.testing.assert_allclose(got, [3.799999952, 5.49999994], rtol=0, atol=1e-9)
        assert got.dtype == np.float64
        np.testing.assert_allclose(s.run(ema5.average(w)), [2.2, 2.6], rtol=1e-6)


def test_bad_values_raise_as_in_tf():
    ema = tf.train.ExponentialMovingAverage(0.9)
    with pytest.raises(TypeError, match=r"The variables must be half, float, or double: "
                                        r"Const:0"):
        ema.apply([tf.constant([1, 2])])
    with pytest.raises(TypeError, match="half, float, or double: w:0"):
        ema.apply([tf.Variable([1, 2], name="w")])
    with pytest.raises(AttributeError, match="'float' object has no attribute 'dtype'"):
        ema.apply([tf.constant(1.0) + 1.0, 3.0])
