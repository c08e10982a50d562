"""Session: fetch and feed handling, plans, default sessions, state, random streams."""
import collections

import numpy as np
import pytest

import tensorweave.compat.v1 as tf


pytestmark = pytest.mark.usefixtures("fresh_graph")


Pair = collections.namedtuple("Pair", "first second")


def _simple_graph():
    x = tf.placeholder(tf.float32, shape=(None, 2), name="x")
    w = tf.constant([[1.0], [2.0]], name="w")
    y = tf.matmul(x, w, name="y")
    loss = tf.reduce_sum(y, name="loss")
    return x, y, loss


# -- fetches ----------------------------------------------------------------------------------
def test_run_single_tensor_returns_numpy():
    a = tf.constant([1.0, 2.0])
    b = a * 2.0
    with tf.Session() as sess:
        out = sess.run(b)
        scalar = sess.run(tf.reduce_sum(b))
    assert isinstance(out, np.ndarray)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [2.0, 4.0])
    assert isinstance(scalar, np.float32)
    assert scalar == 6.0


def test_run_nested_fetch_structures():
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    c = a + b
    op = tf.no_op()
    with tf.Session() as sess:
        assert sess.run([a, b]) == [1.0, 2.0]
        assert isinstance(sess.run([a, b]), list)
        t = sess.run((a, b))
        assert isinstance(t, tuple) and t == (1.0, 2.0)
        p = sess.run(Pair(a, c))
        assert isinstance(p, Pair) and p.first == 1.0 and p.second == 3.0
        d = sess.run({"a": a, "sum": c})
        assert d == {"a": 1.0, "sum": 3.0}
        nested = sess.run({"xs": [a, (b, c)], "pair": Pair(a, [c]), "op": op})
        assert nested["xs"][0] == 1.0
        assert isinstance(nested["xs"][1], tuple) and nested["xs"][1] == (2.0, 3.0)
        assert isinstance(nested["pair"], Pair) and nested["pair"].second == [3.0]
        assert nested["op"] is None
        assert sess.run(op) is None
        assert sess.run([op, a]) == [None, 1.0]
        assert sess.run([a, a]) == [1.0, 1.0]
        assert sess.run([]) == []
        od = sess.run(collections.OrderedDict([("z", c), ("a", a)]))
        assert isinstance(od, collections.OrderedDict) and list(od) == ["z", "a"]


def test_fetch_by_name():
    x, y, loss = _simple_graph()
    init = tf.no_op(name="init_thing")
    feed = {x: [[1.0, 1.0], [2.0, 0.0]]}
    with tf.Session() as sess:
        assert sess.run("loss:0", feed) == 5.0
        assert sess.run(["loss:0", loss], feed) == [5.0, 5.0]
        assert sess.run("init_thing") is None
        assert sess.run(init) is None
        np.testing.assert_array_equal(sess.run("y:0", feed), [[3.0], [2.0]])


def test_feed_keyed_by_name_string():
    x, y, loss = _simple_graph()
    with tf.Session() as sess:
        assert sess.run(loss, feed_dict={"x:0": [[1.0, 1.0]]}) == 3.0
        assert sess.run("loss:0", {"x:0": np.ones((4, 2))}) == 12.0


def test_feed_intermediate_tensor_overrides_it():
    x = tf.placeholder(tf.float32, shape=(), name="x")
    y = x * 2.0
    z = y + 1.0
    c = tf.constant(5.0)
    d = c * 3.0
    with tf.Session() as sess:
        assert sess.run(z, {x: 1.0}) == 3.0
        assert sess.run(z, {y: 10.0}) == 11.0  # x is not needed once y is fed
        assert sess.run(d) == 15.0
        assert sess.run(d, {c: 1.0}) == 3.0
        assert sess.run(y, {y: 7.0}) == 7.0


def test_feed_values_converted_to_placeholder_dtype():
    f = tf.placeholder(tf.float32, shape=(None,))
    i = tf.placeholder(tf.int32, shape=())
    s = tf.placeholder(tf.float32, shape=())
    with tf.Session() as sess:
        out = sess.run(f, {f: [1, 2, 3]})
        assert out.dtype == np.float32
        np.testing.assert_array_equal(out, [1, 2, 3])
        out64 = sess.run(f * 2.0, {f: np.array([0.5, 1.5], dtype=np.float64)})
        assert out64.dtype == np.float32
        np.testing.assert_array_equal(out64, [1.0, 3.0])
        iv = sess.run(i + 1, {i: 41})
        assert iv == 42 and iv.dtype == np.int32
        assert sess.run(s, {s: 2}) == 2.0
        assert sess.run(s, {s: np.float64(0.25)}) == 0.25


def test_feed_array_is_not_modified_and_fetch_is_not_aliased():
    x = tf.placeholder(tf.float32, shape=(3,))
    y = tf.identity(x)
    value = np.array([1.0, 2.0, 3.0], np.float32)
    with tf.Session() as sess:
        out = sess.run(y, {x: value})
        out[0] = 100.0
        out2 = sess.run(x, {x: value})
        out2[1] = 100.0
    np.testing.assert_array_equal(value, [1.0, 2.0, 3.0])


def test_fetched_variable_value_is_a_copy():
    v = tf.Variable([1.0, 2.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        out = sess.run(v)
        out[0] = 99.0
        np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])


def test_same_graph_element_fetched_and_fed():
    x = tf.placeholder(tf.float32, shape=(2,))
    with tf.Session() as sess:
        a, b = sess.run([x, x * 2.0], {x: [1.0, 2.0]})
    np.testing.assert_array_equal(a, [1.0, 2.0])
    np.testing.assert_array_equal(b, [2.0, 4.0])


def test_placeholder_with_default():
    x = tf.placeholder_with_default(tf.constant([1.0, 2.0]), shape=(None,))
    y = x * 10.0
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y), [10.0, 20.0])
        np.testing.assert_array_equal(sess.run(y, {x: [3.0]}), [30.0])


# -- grouping and ordering ----------------------------------------------------------------------
def test_group_runs_all_inputs():
    a = tf.Variable(0.0)
    b = tf.Variable(0.0)
    both = tf.group(a.assign(1.0), b.assign(2.0))
    assert both.type == "NoOp"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(both) is None
        assert sess.run([a, b]) == [1.0, 2.0]


def test_group_name():
    g = tf.group(tf.no_op(), name="updates")
    assert g.name == "updates"
    assert isinstance(g, tf.Operation)


def test_control_dependencies_order_execution():
    v = tf.Variable(1.0)
    inc = v.assign_add(1.0)
    with tf.control_dependencies([inc]):
        after = tf.identity(v.read_value())
        plain = tf.no_op()
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(after) == 2.0
        assert sess.run(after) == 3.0
        sess.run(plain)
        assert sess.run(v) == 4.0


def test_identity_and_no_op():
    x = tf.constant([1.0, 2.0])
    y = tf.identity(x, name="ident")
    assert y.name == "ident:0"
    assert y.op.type == "Identity"
    n = tf.no_op(name="nothing")
    assert n.type == "NoOp" and n.name == "nothing"
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y), [1.0, 2.0])
        assert sess.run(n) is None


# -- lifetime and defaults ----------------------------------------------------------------------
def test_context_manager_closes_and_sets_default():
    c = tf.constant(3.0)
    assert tf.get_default_session() is None
    with tf.Session() as sess:
        assert tf.get_default_session() is sess
        assert c.eval() == 3.0
        assert sess.run(c) == 3.0
    assert tf.get_default_session() is None
    with pytest.raises(RuntimeError, match="closed Session"):
        sess.run(c)


def test_close_explicitly():
    c = tf.constant(3.0)
    sess = tf.Session()
    assert sess.run(c) == 3.0
    sess.close()
    with pytest.raises(RuntimeError, match="closed Session"):
        sess.run(c)


def test_session_with_explicit_graph_and_config():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(4.0, name="c")
    other = tf.constant(1.0)  # default graph
    config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
    with tf.Session(graph=g, config=config) as sess:
        assert sess.graph is g
        assert tf.get_default_graph() is g
        assert sess.run(c) == 4.0
        assert sess.run("c:0") == 4.0
        with pytest.raises(ValueError):
            sess.run(other)
    assert tf.get_default_graph() is not g
    default_sess = tf.Session()
    assert default_sess.graph is tf.get_default_graph()
    default_sess.close()


def test_session_as_default_and_eval():
    c = tf.constant(2.0)
    op = tf.no_op()
    sess = tf.Session()
    with sess.as_default():
        assert tf.get_default_session() is sess
        assert c.eval() == 2.0
        op.run()
    assert c.eval(session=sess) == 2.0
    with pytest.raises(ValueError, match="default session"):
        c.eval()
    sess.close()


def test_interactive_session():
    x = tf.placeholder(tf.float32, shape=())
    v = tf.Variable(5.0)
    y = v * x
    sess = tf.InteractiveSession()
    try:
        assert tf.get_default_session() is sess
        tf.global_variables_initializer().run()
        assert y.eval(feed_dict={x: 2.0}) == 10.0
        assert v.eval() == 5.0
        v.assign(7.0).op.run()
        assert v.eval() == 7.0
    finally:
        sess.close()
    assert tf.get_default_session() is None


def test_interactive_session_on_other_graph():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(9.0)
    sess = tf.InteractiveSession(graph=g)
    try:
        assert tf.get_default_graph() is g
        assert c.eval() == 9.0
    finally:
        sess.close()
    assert tf.get_default_session() is None
    assert tf.get_default_graph() is not g


def test_make_callable():
    x, y, loss = _simple_graph()
    with tf.Session() as sess:
        f = sess.make_callable(loss, feed_list=[x])
        assert f([[1.0, 1.0]]) == 3.0
        assert f(np.ones((2, 2))) == 6.0


# -- plans ------------------------------------------------------------------------------------
def test_plan_is_cached_per_signature():
    x, y, loss = _simple_graph()
    with tf.Session() as sess:
        sess.run(loss, {x: [[1.0, 1.0]]})
        plan = next(iter(sess._plans.values()))
        assert sess.run(loss, {x: [[2.0, 2.0], [3.0, 3.0]]}) == 15.0
        assert len(sess._plans) == 1
        assert next(iter(sess._plans.values())) is plan
        sess.run([loss, y], {x: [[1.0, 1.0]]})
        assert len(sess._plans) == 2
        sess.run([loss, y], {"x:0": [[1.0, 1.0]]})  # the same tensor keyed by name
        sess.run(["loss:0", y], {x: [[1.0, 1.0]]})  # the same tensor fetched by name
        assert len(sess._plans) == 2
        assert sess.run(loss, {y: [[1.0], [2.0]]}) == 3.0
        assert len(sess._plans) == 3


def test_plan_gives_fresh_results_each_run():
    x = tf.placeholder(tf.float32, shape=(2,))
    y = x * 3.0
    with tf.Session() as sess:
        a = sess.run(y, {x: [1.0, 2.0]})
        b = sess.run(y, {x: [5.0, 6.0]})
    np.testing.assert_array_equal(a, [3.0, 6.0])
    np.testing.assert_array_equal(b, [15.0, 18.0])


def test_plan_sees_ops_added_after_first_run():
    x = tf.placeholder(tf.float32, shape=())
    y = x + 1.0
    with tf.Session() as sess:
        assert sess.run(y, {x: 1.0}) == 2.0
        z = y * 10.0
        assert sess.run(z, {x: 1.0}) == 20.0


# -- state ------------------------------------------------------------------------------------
def test_running_without_the_update_does_not_learn():
    x = tf.placeholder(tf.float32, shape=(4, 1))
    w = tf.Variable([[0.5]])
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - 1.0))
    grad_w, = tf.gradients(loss, [w])
    new_w = w.assign(w - 0.1 * grad_w)
    feed = {x: np.ones((4, 1))}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, feed)
        for _ in range(3):
            sess.run([loss, grad_w], feed)  # the lecture's trap: the update is not fetched
        assert sess.run(loss, feed) == first
        assert sess.run(w)[0, 0] == 0.5
        sess.run([loss, new_w], feed)
        assert sess.run(loss, feed) < first


def test_two_sessions_hold_independent_values():
    v = tf.Variable(1.0)
    inc = v.assign_add(1.0)
    s1 = tf.Session()
    s2 = tf.Session()
    s1.run(v.initializer)
    s2.run(v.initializer)
    s1.run(inc)
    s1.run(inc)
    assert s1.run(v) == 3.0
    assert s2.run(v) == 1.0
    s1.close()
    s3 = tf.Session()
    with pytest.raises(tf.errors.FailedPreconditionError):
        s3.run(v)
    assert s2.run(v) == 1.0
    s2.close()
    s3.close()


# -- random streams ---------------------------------------------------------------------------
def test_random_ops_draw_new_values_each_run():
    r = tf.random_normal((5,))
    u = tf.random_uniform((5,))
    with tf.Session() as sess:
        a, b = sess.run(r), sess.run(r)
        c, d = sess.run(u), sess.run(u)
    assert not np.array_equal(a, b)
    assert not np.array_equal(c, d)
    assert ((0 <= c) & (c < 1)).all()


def test_random_value_is_shared_within_one_run():
    r = tf.random_normal((4,))
    with tf.Session() as sess:
        a, b = sess.run([r, r + 0.0])
    np.testing.assert_array_equal(a, b)


def test_set_random_seed_repeats_the_sequence_in_a_new_session():
    tf.set_random_seed(1234)
    r = tf.random_normal((3,))
    u = tf.random_uniform((3,), seed=7)
    with tf.Session() as s1:
        first = [s1.run([r, u]) for _ in range(3)]
    with tf.Session() as s2:
        second = [s2.run([r, u]) for _ in range(3)]
    for (r1, u1), (r2, u2) in zip(first, second):
        np.testing.assert_array_equal(r1, r2)
        np.testing.assert_array_equal(u1, u2)
    assert not np.array_equal(first[0][0], first[1][0])


def test_set_random_seed_reproduces_across_graphs():
    def build_and_draw():
        with tf.Graph().as_default():
            tf.set_random_seed(42)
            r = tf.random_normal((4,))
            with tf.Session() as sess:
                return sess.run(r)
    np.testing.assert_array_equal(build_and_draw(), build_and_draw())


def test_op_seed_without_graph_seed_is_reproducible():
    r = tf.random_normal((4,), seed=3)
    with tf.Session() as s1:
        a = s1.run(r)
    with tf.Session() as s2:
        b = s2.run(r)
    np.testing.assert_array_equal(a, b)


def test_random_ops_in_one_graph_differ():
    tf.set_random_seed(0)
    a = tf.random_normal((4,))
    b = tf.random_normal((4,))
    with tf.Session() as sess:
        va, vb = sess.run([a, b])
    assert not np.array_equal(va, vb)


def test_concurrent_runs_from_threads_give_each_its_own_results():
    """Plans keep buffers between runs; runs from several threads must not mix them."""
    import threading
    rng = np.random.default_rng(0)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (2, 12, 12, 3))
        w = tf.Variable(rng.standard_normal((3, 3, 3, 8)).astype(np.float32))
        h = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")),
                           [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        gx, gw = tf.gradients(tf.reduce_sum(h * h), [x, w])
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
    feeds = [rng.standard_normal((2, 12, 12, 3)).astype(np.float32) for _ in range(4)]
    expected = [sess.run([h, gx, gw], {x: f}) for f in feeds]
    errors = []

    def worker(k):
        for _ in range(30):
            got = sess.run([h, gx, gw], {x: feeds[k]})
            if not all(np.array_equal(a, b) for a, b in zip(got, expected[k])):
                errors.append(k)
                return

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_fetched_variables_give_their_value_after_the_runs_updates():
    # recorded from TF 2.21 under tf.disable_v2_behavior() (reference variables)
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        w = tf.Variable(1.0, name="w")
        train = tf.train.GradientDescentOptimizer(0.1).minimize(w * w, global_step=step)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = [sess.run([train, step, w, w.value(), w.read_value()]) for _ in range(3)]
    want = [[None, 1, 0.8, 0.8, 0.8], [None, 2, 0.64, 0.64, 0.64],
            [None, 3, 0.51199996, 0.51199996, 0.51199996]]
    for g, e in zip(got, want):
        assert g[0] is None and g[1] == e[1]
        np.testing.assert_allclose(g[2:], e[2:], rtol=1e-6)
