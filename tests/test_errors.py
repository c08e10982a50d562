"""Bad input gets a clear error (what, expected, received) before anything runs, and a failed
run leaves the session as it was."""
import numpy as np
import pytest

import tensorweave.compat.v1 as tf


pytestmark = pytest.mark.usefixtures("fresh_graph")


# -- feeds ------------------------------------------------------------------------------------
def test_feed_of_wrong_shape():
    x = tf.placeholder(tf.float32, shape=(None, 4), name="x")
    y = x * 2.0
    with tf.Session() as sess:
        with pytest.raises(ValueError) as e:
            sess.run(y, {x: np.zeros((3, 5))})
    assert str(e.value) == ("Cannot feed value of shape (3, 5) for Tensor x:0, which has "
                            "shape (?, 4)")  # TF 2.21's words (under disable_v2_behavior)


def test_feed_of_wrong_rank():
    x = tf.placeholder(tf.float32, shape=(None, 4), name="x")
    with tf.Session() as sess:
        with pytest.raises(ValueError, match=r"Cannot feed value of shape \(4,\) for Tensor "
                                             r"x:0, which has shape \(\?, 4\)"):
            sess.run(x, {x: np.zeros(4)})


def test_feed_of_wrong_shape_keyed_by_name():
    x = tf.placeholder(tf.float32, shape=(2,), name="x")
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="Cannot feed value of shape.* x:0"):
            sess.run(x * 1.0, {"x:0": [1.0, 2.0, 3.0]})


def test_feed_of_wrong_shape_to_intermediate_tensor():
    x = tf.placeholder(tf.float32, shape=(2,), name="x")
    h = tf.identity(x, name="h")
    with tf.Session() as sess:
        with pytest.raises(ValueError, match=" h:0"):
            sess.run(h * 2.0, {h: [1.0]})


def test_feed_string_to_float_placeholder():
    x = tf.placeholder(tf.float32, shape=(), name="x")
    with tf.Session() as sess:
        with pytest.raises(ValueError) as e:  # NumPy's ValueError, as TensorFlow 1 raises
            sess.run(x, {x: "abc"})
    msg = str(e.value)
    assert "x:0" in msg and "float32" in msg and "abc" in msg


def test_feed_none_to_int_placeholder():
    x = tf.placeholder(tf.int32, shape=(), name="x")
    with tf.Session() as sess:
        with pytest.raises(TypeError) as e:
            sess.run(x, {x: None})
    assert "x:0" in str(e.value) and "int32" in str(e.value)


def test_feed_int_too_large_for_dtype():
    x = tf.placeholder(tf.int32, shape=(), name="x")
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="int32|larger type"):
            sess.run(x, {x: 2 ** 40})


def test_feed_value_cannot_be_a_tensor():
    x = tf.placeholder(tf.float32, shape=(), name="x")
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="cannot be a tf.Tensor"):
            sess.run(x, {x: tf.constant(1.0)})


def test_feed_key_not_in_graph():
    x = tf.placeholder(tf.float32, shape=())
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor"):
            sess.run(x * 1.0, {"nope:0": 1.0})
        with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor"):
            sess.run(x * 1.0, {3: 1.0})


def test_feed_dict_must_be_a_dict():
    x = tf.placeholder(tf.float32, shape=())
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="feed_dict"):
            sess.run(x, [(x, 1.0)])


def test_missing_feed():
    x = tf.placeholder(tf.float32, shape=(None, 4), name="x")
    y = tf.reduce_sum(x * 2.0)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(y)
    msg = str(e.value)
    assert "You must feed a value for placeholder tensor 'x'" in msg
    assert "float" in msg and "[?,4]" in msg
    assert e.value.op is x.op
    assert isinstance(e.value, tf.errors.OpError)


def test_missing_feed_of_one_of_two_placeholders():
    a = tf.placeholder(tf.float32, shape=(), name="a")
    b = tf.placeholder(tf.float32, shape=(), name="b")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="placeholder tensor 'b'"):
            sess.run(a + b, {a: 1.0})


# -- fetches ----------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [3, 1.5, None, object(), np.zeros(2)],
                         ids=["int", "float", "None", "object", "ndarray"])
def test_fetch_that_is_not_a_graph_element(bad):
    x = tf.constant(1.0)
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="Fetch argument"):
            sess.run(bad)
        with pytest.raises(TypeError, match="Fetch argument"):
            sess.run([x, bad])
        with pytest.raises(TypeError, match="Fetch argument"):
            sess.run({"ok": x, "bad": bad})


def test_fetch_by_unknown_name():
    tf.constant(1.0, name="c")
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="nope:0"):
            sess.run("nope:0")
        with pytest.raises(ValueError, match="c:3"):
            sess.run("c:3")


def test_fetch_tensor_from_another_graph():
    g = tf.Graph()
    with g.as_default():
        other = tf.constant(1.0, name="other")
    tf.constant(2.0)
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="not an element of this graph"):
            sess.run(other)
        with pytest.raises(ValueError, match="not an element of this graph"):
            sess.run(other.op)
        with pytest.raises(ValueError, match="not an element of this graph"):
            sess.run([tf.constant(3.0), other])


def test_feed_tensor_from_another_graph():
    g = tf.Graph()
    with g.as_default():
        other = tf.placeholder(tf.float32, shape=())
    x = tf.placeholder(tf.float32, shape=())
    with tf.Session() as sess:
        with pytest.raises(TypeError, match="not an element of this graph"):
            sess.run(x, {other: 1.0, x: 1.0})


def test_building_op_from_two_graphs():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
    b = tf.constant(2.0)
    with pytest.raises(ValueError, match="same graph"):
        tf.add(a, b)


# -- variables --------------------------------------------------------------------------------
def test_uninitialized_variable():
    w = tf.Variable(tf.zeros((2,)), name="weights")
    y = w * 2.0
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError) as e:
            sess.run(y)
    assert "Attempting to use uninitialized value weights" in str(e.value)
    assert isinstance(e.value, tf.errors.OpError)


def test_uninitialized_variable_in_assign_add():
    w = tf.Variable(1.0, name="counter")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="counter"):
            sess.run(w.assign_add(1.0))


# -- closed session ---------------------------------------------------------------------------
def test_run_on_closed_session():
    c = tf.constant(1.0)
    sess = tf.Session()
    sess.close()
    with pytest.raises(RuntimeError, match="Attempted to use a closed Session."):
        sess.run(c)


# -- build-time shape errors ------------------------------------------------------------------
def test_matmul_inner_dimension_mismatch_raises_at_build():
    a = tf.placeholder(tf.float32, shape=(None, 3))
    b = tf.placeholder(tf.float32, shape=(4, 5))
    with pytest.raises(ValueError) as e:
        tf.matmul(a, b)
    msg = str(e.value)
    assert "Dimensions must be equal, but are 3 and 4" in msg
    assert "MatMul" in msg and "[?,3], [4,5]" in msg
    # raised at the line that built the op: the innermost frame of this file is that line
    frames = [f for f in e.traceback if f.path == e.traceback[0].path]
    assert frames[-1].statement.lines[0].strip() == "tf.matmul(a, b)"


def test_matmul_operator_mismatch_raises_at_build():
    a = tf.placeholder(tf.float32, shape=(2, 3))
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        a @ tf.zeros((2, 3))


def test_broadcast_mismatch_raises_at_build():
    a = tf.placeholder(tf.float32, shape=(None, 3))
    b = tf.placeholder(tf.float32, shape=(4,))
    with pytest.raises(ValueError) as e:
        a + b
    msg = str(e.value)
    assert "Dimensions must be equal, but are 3 and 4" in msg
    assert "'add'" in msg and "[?,3], [4]" in msg
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.multiply(a, b)


def test_reshape_mismatch_raises_at_build():
    a = tf.placeholder(tf.float32, shape=(2, 3))
    with pytest.raises(ValueError):
        tf.reshape(a, [4, 2])


def test_unknown_dims_mismatch_raises_at_run_time_naming_the_op():
    a = tf.placeholder(tf.float32, shape=(None, None), name="a")
    b = tf.placeholder(tf.float32, shape=(None, None), name="b")
    c = tf.matmul(a, b, name="prod")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(c, {a: np.zeros((2, 3)), b: np.zeros((4, 5))})
    assert "prod" in str(e.value)
    assert e.value.op is c.op


def test_gradient_of_op_without_gradient_rule_names_it():
    from tensorweave.ops.registry import Op, Spec

    class NoGradientRule(Op):  # not registered: a stand-in for an op without a rule
        type_name = "NoGradientRule"

        def infer(self, x):
            return Spec(x.shape, x.dtype)

        def forward(self, xp, x):
            return x * 2

    x = tf.placeholder(tf.float32, shape=(3,))
    y = tf.reduce_sum(NoGradientRule().bind(x, name="custom"))
    with pytest.raises(LookupError) as e:
        tf.gradients(y, x)
    assert "NoGradientRule" in str(e.value) and "stop_gradient" in str(e.value)
    assert tf.gradients(y + tf.reduce_sum(x), x, stop_gradients=[y])[0] is not None


def test_non_differentiable_path_gives_none():
    x = tf.placeholder(tf.float32, shape=(3,))
    y = tf.cast(tf.argmax(x), tf.float32)
    assert tf.gradients(y, x) == [None]


# -- nothing changes when a run fails ---------------------------------------------------------
def _counter():
    v = tf.Variable(0.0, name="v")
    return v


def test_failed_run_leaves_variables_unchanged_gather_out_of_range():
    v = _counter()
    params = tf.constant([1.0, 2.0, 3.0])
    idx = tf.placeholder(tf.int32, shape=(), name="idx")
    assign = v.assign(5.0)
    with tf.control_dependencies([assign]):
        picked = tf.gather(params, idx, name="pick")
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(picked, {idx: 1}) == 2.0
        assert sess.run(v) == 5.0
        sess.run(v.assign(0.0))
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(picked, {idx: 10})
        assert "pick" in str(e.value)
        assert sess.run(v) == 0.0
        assert sess.run(picked, {idx: 2}) == 3.0  # the session is still usable
        assert sess.run(v) == 5.0


def test_failed_run_leaves_variables_unchanged_reshape_of_wrong_size():
    v = _counter()
    x = tf.placeholder(tf.float32, name="x")  # unknown shape: checked only at run time
    inc = v.assign_add(1.0)
    with tf.control_dependencies([inc]):
        r = tf.reshape(x, [2, 3], name="r")
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(r, {x: np.zeros(6)})
        assert sess.run(v) == 1.0
        with pytest.raises(tf.errors.InvalidArgumentError) as e:
            sess.run(r, {x: np.zeros(5)})
        assert "r" in str(e.value)
        assert sess.run(v) == 1.0


def test_failed_run_leaves_several_variables_unchanged():
    a = tf.Variable([1.0, 2.0], name="a")
    b = tf.Variable(10.0, name="b")
    x = tf.placeholder(tf.float32, name="x")
    updates = tf.group(a.assign_add([1.0, 1.0]), b.assign(20.0))
    with tf.control_dependencies([updates]):
        r = tf.reshape(x, [2, 2])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(r, {x: np.zeros(3)})
        np.testing.assert_array_equal(sess.run(a), [1.0, 2.0])
        assert sess.run(b) == 10.0


def test_failed_feed_validation_runs_nothing():
    v = _counter()
    x = tf.placeholder(tf.float32, shape=(2,), name="x")
    inc = v.assign_add(1.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        with pytest.raises(ValueError):
            sess.run([inc, x * 2.0], {x: [1.0, 2.0, 3.0]})
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run([inc, x * 2.0])  # missing feed
        with pytest.raises(TypeError):
            sess.run([inc, 42])  # bad fetch
        assert sess.run(v) == 0.0


def test_failed_run_of_uninitialized_read_after_assign_changes_nothing():
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    upd = a.assign(100.0)
    with tf.control_dependencies([upd]):
        out = b + 1.0
    with tf.Session() as sess:
        sess.run(a.initializer)
        with pytest.raises(tf.errors.FailedPreconditionError, match="b"):
            sess.run(out)
        assert sess.run(a) == 1.0


def test_failed_initializer_run_adds_no_variable():
    a = tf.Variable(1.0, name="a")
    x = tf.placeholder(tf.float32, name="x")
    b = tf.Variable(tf.reshape(x, [2]), name="b", validate_shape=False)
    init = tf.group(a.initializer, b.initializer)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(init, {x: np.zeros(3)})
        assert not sess.run(tf.is_variable_initialized(a))


def test_failed_run_leaves_random_streams_unchanged():
    tf.set_random_seed(1)
    r = tf.random_normal((3,))
    x = tf.placeholder(tf.float32, name="x")
    with tf.control_dependencies([r]):
        bad = tf.reshape(x, [2])
    with tf.Session() as sess:
        expected = [sess.run(r), sess.run(r)]
    with tf.Session() as sess:
        first = sess.run(r)
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(bad, {x: np.zeros(3)})
        second = sess.run(r)
    np.testing.assert_array_equal(first, expected[0])
    np.testing.assert_array_equal(second, expected[1])
