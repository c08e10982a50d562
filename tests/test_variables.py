"""Variables: creation, names, collections, initialization, assignment, per-session values."""
import numpy as np
import pytest

import tensorweave.compat.v1 as tf


pytestmark = pytest.mark.usefixtures("fresh_graph")


def test_variable_names_and_ops():
    v = tf.Variable(1.0)
    v1 = tf.Variable(2.0)
    w = tf.Variable(tf.zeros((3, 4)), name="w")
    assert v.name == "Variable:0"
    assert v1.name == "Variable_1:0"
    assert w.name == "w:0"
    assert w.op.name == "w"
    assert w.initializer.name == "w/Assign"
    assert w.value().name == "w/read:0"
    with tf.name_scope("layer"):
        s = tf.Variable(0.0, name="b")
    assert s.name == "layer/b:0"


def test_variable_shape_and_dtype():
    w = tf.Variable(tf.zeros((3, 4)), name="w")
    assert w.shape.as_list() == [3, 4]
    assert w.get_shape().as_list() == [3, 4]
    assert w.dtype == tf.float32
    d = tf.Variable([1, 2, 3], dtype=tf.float64)
    assert d.dtype == tf.float64
    i = tf.Variable([1, 2, 3])
    assert i.dtype == tf.int32
    n = tf.Variable(np.zeros((2, 2)))
    assert n.dtype == tf.float64
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(d)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [1.0, 2.0, 3.0])


def test_variable_requires_initial_value():
    with pytest.raises(ValueError, match="initial_value"):
        tf.Variable()


def test_callable_initial_value():
    v = tf.Variable(lambda: tf.ones((2,)) * 3.0, name="c")
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(v), [3.0, 3.0])


def test_collections_and_trainable():
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b", trainable=False)
    with tf.variable_scope("scope"):
        c = tf.Variable(3.0, name="c")
    assert tf.global_variables() == [a, b, c]
    assert tf.trainable_variables() == [a, c]
    assert tf.global_variables(scope="scope") == [c]
    assert tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) == [a, b, c]
    assert tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES) == [a, c]
    assert a.trainable and not b.trainable
    d = tf.Variable(4.0, collections=[tf.GraphKeys.LOCAL_VARIABLES], trainable=False)
    assert d not in tf.global_variables()
    assert tf.local_variables() == [d]


def test_global_variables_initializer():
    a = tf.Variable(tf.fill((2,), 7.0))
    b = tf.Variable([[1, 2]], dtype=tf.int64)
    init = tf.global_variables_initializer()
    assert init.name == "init"
    assert init.type == "NoOp"
    with tf.Session() as sess:
        assert sess.run(init) is None
        a_val, b_val = sess.run([a, b])
    np.testing.assert_array_equal(a_val, [7.0, 7.0])
    np.testing.assert_array_equal(b_val, [[1, 2]])
    assert b_val.dtype == np.int64


def test_global_variables_initializer_with_no_variables():
    init = tf.global_variables_initializer()
    with tf.Session() as sess:
        assert sess.run(init) is None


def test_variables_initializer_only_initializes_its_list():
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    with tf.Session() as sess:
        sess.run(tf.variables_initializer([a]))
        assert sess.run(a) == 1.0
        with pytest.raises(tf.errors.FailedPreconditionError, match="b"):
            sess.run(b)
        assert list(sess.run(tf.report_uninitialized_variables())) == [b"b"]  # TF returns the names as bytes
        assert sess.run(tf.is_variable_initialized(a))
        assert not sess.run(tf.is_variable_initialized(b))


def test_initializer_runs_once_random_value_is_stable():
    w = tf.Variable(tf.random_normal((3, 3)))
    with tf.Session() as sess:
        sess.run(w.initializer)
        first = sess.run(w)
        second = sess.run(w)
        np.testing.assert_array_equal(first, second)
        sess.run(w.initializer)  # re-running the initializer draws again
        assert not np.array_equal(sess.run(w), first)


def test_initialized_value():
    w = tf.Variable(tf.random_normal((4,)), name="w")
    w2 = tf.Variable(w.initialized_value() * 2.0, name="w2")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        wv, w2v = sess.run([w, w2])
    np.testing.assert_allclose(w2v, 2.0 * wv)


def test_initialized_value_when_initializing_the_dependent_alone():
    w = tf.Variable([1.0, 2.0], name="w")
    w2 = tf.Variable(w.initialized_value() + 1.0, name="w2")
    with tf.Session() as sess:
        sess.run(w2.initializer)  # w is not initialized: its initial value is used
        np.testing.assert_array_equal(sess.run(w2), [2.0, 3.0])


# -- assignment -------------------------------------------------------------------------------
def test_assign_methods():
    v = tf.Variable([1.0, 2.0])
    set_op = v.assign([5.0, 6.0])
    add_op = v.assign_add([1.0, 1.0])
    sub_op = v.assign_sub([0.5, 0.5])
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(set_op), [5.0, 6.0])
        np.testing.assert_array_equal(sess.run(v), [5.0, 6.0])
        np.testing.assert_array_equal(sess.run(add_op), [6.0, 7.0])
        np.testing.assert_array_equal(sess.run(add_op), [7.0, 8.0])
        np.testing.assert_array_equal(sess.run(sub_op), [6.5, 7.5])
        np.testing.assert_array_equal(sess.run(v), [6.5, 7.5])


def test_assign_functions():
    v = tf.Variable(10.0)
    a = tf.assign(v, 3.0)
    b = tf.assign_add(v, 2.0)
    c = tf.assign_sub(v, 1.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(a) == 3.0
        assert sess.run(b) == 5.0
        assert sess.run(c) == 4.0
        assert sess.run(v) == 4.0


def test_assign_with_tensor_value_and_dtype_conversion():
    v = tf.Variable(tf.zeros((2,), tf.float64))
    x = tf.placeholder(tf.float64, shape=(2,))
    upd = v.assign(v + x)
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(upd, {x: [1.0, 2.0]})
        out = sess.run(upd, {x: [1.0, 2.0]})
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [2.0, 4.0])


def test_assign_wrong_shape_is_a_build_error():
    v = tf.Variable(tf.zeros((2, 3)))
    with pytest.raises(ValueError):
        v.assign(tf.zeros((3, 2)))


def test_assign_wrong_dtype_is_a_build_error():
    v = tf.Variable(tf.zeros((2,)))
    with pytest.raises(TypeError):
        v.assign(tf.constant([1, 2], dtype=tf.int64))


def test_read_value_sees_earlier_assignments():
    v = tf.Variable(1.0)
    upd = v.assign(5.0)
    with tf.control_dependencies([upd]):
        r = v.read_value()
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(r) == 5.0
        sess.run(v.assign(1.0))
        assert sess.run(v.read_value()) == 1.0


def test_variable_in_expressions():
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    m = tf.constant([[1.0], [1.0]])
    exprs = [v + 1.0, 2.0 * v, v @ m, tf.matmul(v, m), v[0], -v, tf.reduce_sum(v)]
    with tf.Session() as sess:
        sess.run(v.initializer)
        out = sess.run(exprs)
    np.testing.assert_array_equal(out[0], [[2, 3], [4, 5]])
    np.testing.assert_array_equal(out[1], [[2, 4], [6, 8]])
    np.testing.assert_array_equal(out[2], [[3], [7]])
    np.testing.assert_array_equal(out[3], [[3], [7]])
    np.testing.assert_array_equal(out[4], [1, 2])
    np.testing.assert_array_equal(out[5], [[-1, -2], [-3, -4]])
    assert out[6] == 10.0


def test_update_is_visible_in_the_next_run_not_before():
    v = tf.Variable(0.0)
    inc = v.assign_add(1.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        for expected in (1.0, 2.0, 3.0):
            assert sess.run(inc) == expected
        assert sess.run(v) == 3.0


def test_values_live_in_the_session():
    v = tf.Variable(1.0)
    upd = v.assign(2.0)
    with tf.Session() as s1:
        s1.run(v.initializer)
        s1.run(upd)
        with tf.Session() as s2:
            s2.run(v.initializer)
            assert s2.run(v) == 1.0
            assert s1.run(v) == 2.0
    with tf.Session() as s3:
        with pytest.raises(tf.errors.FailedPreconditionError):
            s3.run(v)


def test_eval_and_load():
    v = tf.Variable([1.0, 2.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(v.eval(), [1.0, 2.0])
        v.load([3.0, 4.0])
        np.testing.assert_array_equal(v.eval(), [3.0, 4.0])
        np.testing.assert_array_equal(v.eval(session=sess), [3.0, 4.0])
        with pytest.raises(ValueError):
            v.load([1.0, 2.0, 3.0])


def test_variable_as_fetch_and_feed_by_name():
    v = tf.Variable([1.0, 2.0], name="v")
    y = v * 2.0
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run("v:0"), [1.0, 2.0])
        np.testing.assert_array_equal(sess.run(y, {v: [5.0, 5.0]}), [10.0, 10.0])
        np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])  # feeding does not assign


def test_session_state_never_aliases_fetches_or_feeds():
    v = tf.Variable([1.0, 2.0])
    x = tf.placeholder(tf.float32, shape=(2,))
    inc = v.assign_add([1.0, 1.0])
    set_x = v.assign(x)
    with tf.Session() as sess:
        sess.run(v.initializer)
        out = sess.run(inc)
        out += 100.0  # mutating a fetched result does not touch the variable
        np.testing.assert_array_equal(sess.run(v), [2.0, 3.0])
        feed = np.array([5.0, 6.0], np.float32)
        sess.run(set_x, {x: feed})
        feed += 100.0  # nor does mutating the array that was fed
        np.testing.assert_array_equal(sess.run(v), [5.0, 6.0])
        before = sess.run(v)
        sess.run(inc)  # nor does an update change a value fetched earlier
        np.testing.assert_array_equal(before, [5.0, 6.0])


def test_variable_made_under_control_dependencies_initializes_alone():
    a = tf.Variable(0.0, name="a")
    bump = a.assign_add(1.0)
    with tf.control_dependencies([bump]):
        b = tf.Variable(5.0, name="b")
        c = b + 1.0
    with tf.Session() as sess:
        sess.run(b.initializer)  # does not need a: the initializer ignores the context
        assert sess.run(b) == 5.0
        sess.run(a.initializer)
        assert sess.run(c) == 6.0
        assert sess.run(a) == 1.0  # ops made in the context do depend on it
