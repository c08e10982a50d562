"""tf.while_loop: values, names and errors as TensorFlow 2.21 gives them (recorded from
tf.compat.v1 graphs), loop-carried state, outside values, variables and side effects."""

import collections

import numpy as np
import pytest

import tensorweave.compat.v1 as tf


@pytest.fixture(autouse=True)
def _graph():
    with tf.Graph().as_default():
        yield


def _run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def test_counting_and_doubling_as_in_tensorflow():
    i, s = tf.constant(0), tf.constant(1.0)
    r = tf.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s * 2.0), [i, s])
    single = tf.while_loop(lambda i: tf.less(i, 10), lambda i: tf.add(i, 1), [i])
    capped = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [i], maximum_iterations=3)
    # TF 2.21: [while/Identity_2:0, while/Identity_3:0] and while_1/Identity_2:0
    assert [t.name for t in r] == ["while/Identity_2:0", "while/Identity_3:0"]
    assert isinstance(single, tf.Tensor) and single.name == "while_1/Identity_2:0"
    got = _run([r, single, capped])
    assert got[0][0] == 5 and got[0][1] == np.float32(32.0)
    assert got[1] == 10 and got[2] == 3
    assert got[0][0].dtype == np.int32 and got[0][1].dtype == np.float32


def test_a_shape_that_grows_needs_a_shape_invariant():
    x = tf.constant([1.0])
    with pytest.raises(ValueError, match=r"enters the loop with shape \(1,\), but has shape "
                                         r"\(2,\) after one iteration.*shape_invariants"):
        tf.while_loop(lambda x: tf.reduce_sum(x) < 10, lambda x: tf.concat([x, x], 0), [x])
    grown = tf.while_loop(lambda x: tf.reduce_sum(x) < 10, lambda x: tf.concat([x, x], 0),
                          [x], shape_invariants=[tf.TensorShape([None])])
    assert grown.shape.as_list() == [None]
    np.testing.assert_array_equal(_run(grown), np.ones(16, np.float32))


def test_outside_values_placeholders_and_structures():
    x = tf.placeholder(tf.float32, [2])
    Pair = collections.namedtuple("Pair", "n v")

    def body(n, v):
        return n + 1, v * x
    out = tf.while_loop(lambda n, v: n < 3, body, Pair(0, tf.ones([2])))
    d = tf.while_loop(lambda s: s["k"] < 4, lambda s: {"k": s["k"] + 1, "acc": s["acc"] + 0.5},
                      {"k": tf.constant(0), "acc": tf.constant(0.0)})
    one = tf.while_loop(lambda k: k < 2, lambda k: [k + 1], [tf.constant(0)],
                        return_same_structure=True)
    got = _run([out, d, one], {x: [1.0, 2.0]})
    assert got[0][0] == 3
    np.testing.assert_array_equal(got[0][1], [1.0, 8.0])
    assert got[1] == {"k": 4, "acc": 2.0}
    assert isinstance(got[2], list) and got[2] == [2]


def test_the_body_sees_assignments_and_runs_side_effects_each_iteration():
    var = tf.Variable(0.0)
    p = tf.placeholder(tf.float32, [])

    def body(k):
        with tf.control_dependencies([var.assign_add(p)]):
            return k + 1
    loop = tf.while_loop(lambda k: k < 4, body, [0])
    reads = tf.while_loop(lambda k, seen: k < 3,
                          lambda k, seen: (k + 1, seen + var.read_value()),
                          [0, 0.0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(loop, {p: 2.5}) == 4
        assert sess.run(var) == 10.0
        assert sess.run(reads)[1] == 30.0


def test_nested_loops_and_a_cond_in_the_body():
    def outer_body(i, total):
        inner = tf.while_loop(lambda j, t: j < i, lambda j, t: (j + 1, t + j), [0, 0])[1]
        return i + 1, total + tf.cond(tf.equal(i % 2, 0), lambda: inner, lambda: -inner)
    result = tf.while_loop(lambda i, total: i < 6, outer_body, [0, 0])
    want = sum((1 if i % 2 == 0 else -1) * sum(range(i)) for i in range(6))
    assert _run(result)[1] == want


def test_errors_say_what_is_wrong():
    with pytest.raises(TypeError, match="cond must be callable"):
        tf.while_loop(None, lambda i: i, [0])
    with pytest.raises(TypeError, match="enters the loop as int32 but the body returns "
                                        "float32"):
        tf.while_loop(lambda i: i < 3, lambda i: tf.cast(i, tf.float32), [0])
    with pytest.raises(ValueError, match="same nested structure"):
        tf.while_loop(lambda a, b: a < 3, lambda a, b: (a + 1,), [0, 1])
    with pytest.raises(ValueError, match="No loop variables"):
        tf.while_loop(lambda: True, lambda: (), [])
    tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0])
    inner = [op for op in tf.get_default_graph().get_operations()
             if op.type == "LoopVar"][-1].outputs[0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="loop variable"):
        _run(inner)


def test_gradients_through_the_loop():
    # TF 2.21 gives [3, 12] for d(x^3)/dx and None for the integer counter
    x = tf.constant([1.0, 2.0])
    w = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x), [0, tf.ones([2])])
    assert tf.gradients(w[0], x) == [None]
    np.testing.assert_array_equal(_run(tf.gradients(w[1], x))[0], [3.0, 12.0])
    # a variable read in the body: v4 = a^4 + a^3 + a^2 + a + 1, dv4/da = 49 at a = 2
    a = tf.Variable(2.0)
    h = tf.while_loop(lambda i, v: i < 4, lambda i, v: (i + 1, v * a + 1.0),
                      [0, tf.constant(1.0)])[1]
    (ga,) = tf.gradients(h, [a])
    step = tf.train.GradientDescentOptimizer(0.01).minimize(h)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run([h, ga]) == [31.0, 49.0]
        sess.run(step)
        np.testing.assert_allclose(sess.run(a), 1.51, rtol=1e-6)


def test_gradients_of_a_chain_nested_loops_and_a_loop_that_never_runs():
    x = tf.placeholder(tf.float32, [])
    k = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, tf.sin(v)), [0, x])[1]
    (gk,) = tf.gradients(k, x)

    def outer_body(i, v):
        return i + 1, tf.while_loop(lambda j, u: j < 2, lambda j, u: (j + 1, u * x),
                                    [0, v])[1]
    six = tf.while_loop(lambda i, v: i < 3, outer_body, [0, tf.constant(1.0)])[1]
    (g6,) = tf.gradients(six, x)
    never = tf.while_loop(lambda i, v: i < 0, lambda i, v: (i + 1, v * x), [0, x * 2.0])[1]
    (gn,) = tf.gradients(never, x)
    got = _run([k, gk, six, g6, never, gn], {x: 0.5})
    z, d = 0.5, 1.0
    for _ in range(3):
        d *= np.cos(z)
        z = np.sin(z)
    np.testing.assert_allclose(got[:2], [z, d], rtol=1e-6)
    np.testing.assert_allclose(got[2:4], [0.5 ** 6, 6 * 0.5 ** 5], rtol=1e-6)
    assert got[4:] == [1.0, 2.0]


def test_gradient_of_outside_values_computed_from_each_other():
    # b = 3x and x both read in the body: d/dx of sum over rows of (x[i] + b[i]) is 1 + 3
    # (the body's gradient treats its outside values as leaves; the graph adds b's path once)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        b = x * 3
        n = tf.shape(x)[0]
        _, out = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, a + x[i] + b[i] * x[i]),
                               [tf.constant(0), tf.zeros([3])])
        gx, gb = tf.gradients(tf.reduce_sum(out), [x, b])
        xv = np.arange(6, dtype=np.float32).reshape(2, 3)
        with tf.Session() as s:
            vx, vb = s.run([gx, gb], {x: xv})
    np.testing.assert_allclose(vb, xv)                  # d/db: x
    np.testing.assert_allclose(vx, 1 + 3 * xv + 3 * xv)  # 1 + b (direct) + 3 * x (via b)
