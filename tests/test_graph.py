"""Graph, Operation and Tensor: names, scopes, default graphs, lookups, collections."""
import numpy as np
import pytest

import tensorweave.compat.v1 as tf


pytestmark = pytest.mark.usefixtures("fresh_graph")


# -- names ------------------------------------------------------------------------------------
def test_default_op_names():
    a = tf.placeholder(tf.float32, shape=(2, 2))
    b = tf.placeholder(tf.float32, shape=(2, 2))
    assert a.name == "Placeholder:0"
    assert b.name == "Placeholder_1:0"
    assert tf.constant(1.0).name == "Const:0"
    assert tf.constant(2.0).name == "Const_1:0"
    m = tf.matmul(a, b)
    assert m.name == "MatMul:0"
    assert m.op.name == "MatMul"
    assert m.op.type == "MatMul"
    assert tf.matmul(a, b).name == "MatMul_1:0"


def test_operator_names_follow_tensorflow():
    a = tf.placeholder(tf.float32, shape=(2, 2), name="a")
    b = tf.placeholder(tf.float32, shape=(2, 2), name="b")
    assert (a + b).name == "add:0"
    assert (a * b).name == "mul:0"
    assert (a - b).name == "sub:0"
    assert (a / b).name == "truediv:0"
    assert (a ** b).name == "pow:0"
    assert (a @ b).name == "matmul:0"
    assert (a + b).name == "add_1:0"
    assert (a + 1.0).name == "add_2:0"
    assert (1.0 + a).name == "add_3:0"
    assert (1.0 - a).name == "sub_1:0"
    assert (-a).op.type == "Neg"


def test_explicit_names_and_unique_suffixes():
    x = tf.placeholder(tf.float32, name="x")
    x1 = tf.placeholder(tf.float32, name="x")
    x2 = tf.placeholder(tf.float32, name="x")
    assert (x.name, x1.name, x2.name) == ("x:0", "x_1:0", "x_2:0")
    assert tf.identity(x, name="loss").name == "loss:0"
    # an explicitly used suffixed name is skipped when uniquifying
    tf.constant(0, name="c_1")
    assert tf.constant(0, name="c").name == "c:0"
    assert tf.constant(0, name="c").name == "c_2:0"


def test_name_scope_nesting_and_reentry():
    with tf.name_scope("layer1") as scope:
        assert scope == "layer1/"
        c = tf.constant(1.0, name="c")
        with tf.name_scope("inner") as inner:
            assert inner == "layer1/inner/"
            d = tf.constant(1.0)
    assert c.name == "layer1/c:0"
    assert d.name == "layer1/inner/Const:0"
    with tf.name_scope("layer1") as scope2:
        e = tf.constant(1.0, name="c")
    assert scope2 == "layer1_1/"
    assert e.name == "layer1_1/c:0"
    with tf.name_scope("layer1/"):  # a trailing slash re-enters the exact scope
        f = tf.constant(1.0, name="c")
    assert f.name == "layer1/c_1:0"
    with tf.name_scope("layer1"):
        with tf.name_scope(None):  # None resets to the top level
            g = tf.constant(1.0, name="top")
    assert g.name == "top:0"
    assert tf.constant(1.0, name="c").name == "c:0"


def test_name_scope_default_name():
    with tf.name_scope(None, "default") as s1:
        pass
    with tf.name_scope(None, "default") as s2:
        pass
    assert (s1, s2) == ("default/", "default_1/")


def test_get_name_scope():
    g = tf.get_default_graph()
    with tf.name_scope("outer"):
        with tf.name_scope("inner"):
            assert g.get_name_scope() == "outer/inner"
    assert g.get_name_scope() == ""


def test_invalid_scope_name():
    with pytest.raises(ValueError):
        with tf.name_scope("bad name!"):
            pass


# -- tensors and operations -------------------------------------------------------------------
def test_tensor_and_operation_links():
    a = tf.placeholder(tf.float32, shape=(3,), name="a")
    b = tf.constant([1.0, 2.0, 3.0], name="b")
    c = tf.add(a, b, name="c")
    assert c.op.inputs == (a, b) or list(c.op.inputs) == [a, b]
    assert c.op.outputs == [c]
    assert c.value_index == 0
    assert c.graph is tf.get_default_graph()
    assert c.op.graph is tf.get_default_graph()
    assert a.consumers() == [c.op]
    assert c in c.op.outputs
    assert "c" in repr(c.op)
    assert repr(c) == "<tf.Tensor 'c:0' shape=(3,) dtype=float32>"
    assert c.dtype == tf.float32


def test_tensor_in_python_bool_context_is_an_error():
    x = tf.constant(1.0)
    with pytest.raises(TypeError):
        if x:
            pass


def test_tensor_iteration_and_len_need_a_known_first_dim():
    x = tf.placeholder(tf.float32, shape=(3, 2))
    assert len(x) == 3
    rows = list(x)
    assert len(rows) == 3
    assert rows[0].shape.as_list() == [2]
    y = tf.placeholder(tf.float32, shape=(None, 2))
    with pytest.raises(TypeError):
        iter(y)
    with pytest.raises(TypeError):
        len(y)


def test_a_tensor_that_needs_a_feed_cannot_become_a_numpy_array():
    x = tf.placeholder(tf.float32, [2], name="x")
    with pytest.raises(NotImplementedError, match="placeholder x:0.*Session"):
        np.asarray(x * 2.0)
    with pytest.raises(NotImplementedError, match="placeholder x:0"):
        float(tf.reduce_sum(x))


def test_a_tensor_without_feeds_is_computed_when_converted():
    x = tf.constant([1.0, 2.0])
    y = x * 3.0
    np.testing.assert_array_equal(np.asarray(y), [3.0, 6.0])
    np.testing.assert_array_equal(y.numpy(), [3.0, 6.0])
    assert float(tf.reduce_sum(y)) == 9.0 and int(tf.reduce_sum(y)) == 9
    assert np.asarray(y, dtype=np.float64).dtype == np.float64
    r = tf.random_normal([4], seed=1)  # kept once computed, as an eager tensor's value
    np.testing.assert_array_equal(np.asarray(r), np.asarray(r))
    a = np.asarray(y)
    a[0] = 100.0  # the caller's copy
    np.testing.assert_array_equal(np.asarray(y), [3.0, 6.0])


def test_a_converted_tensor_that_reads_a_variable_follows_it():
    v = tf.Variable([1.0, 2.0])
    doubled = v * 2.0
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(np.asarray(doubled), [2.0, 4.0])
        sess.run(v.assign([3.0, 4.0]))
        np.testing.assert_array_equal(np.asarray(doubled), [6.0, 8.0])


def test_indexing_builds_ops():
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
    with tf.Session() as sess:
        out = sess.run([x[0], x[:, 1], x[1:, ::2], x[-1, -1]])
    np.testing.assert_array_equal(out[0], [0, 1, 2, 3])
    np.testing.assert_array_equal(out[1], [1, 5, 9])
    np.testing.assert_array_equal(out[2], [[4, 6], [8, 10]])
    assert out[3] == 11


# -- default graph ----------------------------------------------------------------------------
def test_ops_go_to_the_default_graph():
    g = tf.get_default_graph()
    assert tf.get_default_graph() is g
    c = tf.constant(1.0)
    assert c.graph is g
    assert c.op in g.get_operations()


def test_graph_as_default():
    outer = tf.get_default_graph()
    g = tf.Graph()
    with g.as_default() as entered:
        assert entered is g
        assert tf.get_default_graph() is g
        c = tf.constant(1.0)
        inner = tf.Graph()
        with inner.as_default():
            assert tf.get_default_graph() is inner
        assert tf.get_default_graph() is g
    assert c.graph is g
    assert tf.get_default_graph() is outer
    assert c.op not in outer.get_operations()
    # each graph has its own namespace
    assert tf.constant(1.0).name == "Const:0"


def test_reset_default_graph():
    g = tf.get_default_graph()
    c = tf.constant(1.0)
    tf.reset_default_graph()
    g2 = tf.get_default_graph()
    assert g2 is not g
    assert g2.get_operations() == []
    assert tf.constant(1.0).name == "Const:0"
    assert c.graph is g


def test_reset_default_graph_inside_a_graph_block_fails():
    with tf.Graph().as_default():
        with pytest.raises(AssertionError, match="nested graphs"):
            tf.reset_default_graph()


def test_finalized_graph_rejects_new_ops():
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0)
        g.finalize()
        assert g.finalized
        with pytest.raises(RuntimeError, match="finalized"):
            tf.constant(2.0)


# -- lookups ----------------------------------------------------------------------------------
def test_get_tensor_and_operation_by_name():
    g = tf.get_default_graph()
    x = tf.placeholder(tf.float32, name="x")
    with tf.name_scope("s"):
        y = tf.identity(x, name="y")
    assert g.get_tensor_by_name("x:0") is x
    assert g.get_tensor_by_name("s/y:0") is y
    assert g.get_operation_by_name("s/y") is y.op
    assert g.as_graph_element("x:0") is x
    assert g.as_graph_element("x") is x.op
    with pytest.raises(KeyError):
        g.get_tensor_by_name("nope:0")
    with pytest.raises(KeyError):
        g.get_tensor_by_name("x:1")
    with pytest.raises(ValueError):
        g.get_tensor_by_name("x")  # an operation name, not a tensor name
    with pytest.raises(KeyError):
        g.get_operation_by_name("nope")
    with pytest.raises(TypeError):
        g.get_tensor_by_name(3)


def test_get_operations_in_creation_order():
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    c = tf.add(a, b, name="c")
    assert [op.name for op in tf.get_default_graph().get_operations()] == ["a", "b", "c"]
    assert c.op.get_attr is not None


# -- collections ------------------------------------------------------------------------------
def test_collections():
    a = tf.constant(1.0, name="a")
    with tf.name_scope("scope"):
        b = tf.constant(2.0, name="b")
    tf.add_to_collection("mine", a)
    tf.add_to_collection("mine", b)
    assert tf.get_collection("mine") == [a, b]
    assert tf.get_collection("mine", scope="scope") == [b]
    assert tf.get_collection("missing") == []
    # get_collection returns a copy, get_collection_ref the live list
    tf.get_collection("mine").append("x")
    assert tf.get_collection("mine") == [a, b]
    ref = tf.get_collection_ref("mine")
    ref.append(a)
    assert tf.get_collection("mine") == [a, b, a]
    tf.add_to_collections(["one", "two"], b)
    assert tf.get_collection("one") == [b] and tf.get_collection("two") == [b]
    g = tf.get_default_graph()
    assert "mine" in g.get_all_collection_keys()
    assert g.get_collection("mine") == tf.get_collection("mine")


def test_graph_keys_names():
    assert tf.GraphKeys.GLOBAL_VARIABLES == "variables"
    assert tf.GraphKeys.TRAINABLE_VARIABLES == "trainable_variables"
    assert tf.GraphKeys.LOSSES == "losses"
    assert tf.GraphKeys.UPDATE_OPS == "update_ops"


def test_collections_are_per_graph():
    tf.add_to_collection("k", 1)
    with tf.Graph().as_default():
        assert tf.get_collection("k") == []
    assert tf.get_collection("k") == [1]


# -- control dependencies at build time -------------------------------------------------------
def test_control_dependencies_add_control_inputs():
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    with tf.control_dependencies([a, b.op]):
        c = tf.identity(a, name="c")
        with tf.control_dependencies(None):
            d = tf.identity(a, name="d")
    e = tf.identity(a, name="e")
    assert set(c.op.control_inputs) == {a.op, b.op}
    assert d.op.control_inputs == []
    assert e.op.control_inputs == []


def test_build_time_errors_name_the_op():
    a = tf.placeholder(tf.float32, shape=(2, 3))
    b = tf.placeholder(tf.float32, shape=(4, 5))
    with pytest.raises(ValueError, match=r"MatMul.*\[2,3\], \[4,5\]"):
        tf.matmul(a, b)


# -- compat.v1 --------------------------------------------------------------------------------
def test_compat_v1_switches_keep_graph_mode():
    tf.disable_eager_execution()
    tf.disable_v2_behavior()
    assert tf.executing_eagerly() is False
    x = tf.constant(2.0) * 3.0
    assert isinstance(x, tf.Tensor)
    with tf.Session() as sess:
        assert sess.run(x) == 6.0


def test_get_static_value_and_is_tensor():
    """tf.get_static_value: the value known at graph build time (constants, fully known
    shapes), None for anything computed at run time; tf.is_tensor for Tensors and Variables."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2, 3])
        v = tf.Variable(1.0)
        np.testing.assert_array_equal(tf.get_static_value(tf.shape(x)), [2, 3])
        np.testing.assert_array_equal(tf.get_static_value(tf.constant([1, 2])), [1, 2])
        assert tf.get_static_value(x) is None
        assert tf.get_static_value(v) is None
        assert tf.get_static_value(tf.zeros_like(x)) is None  # TF does not fold it either
        assert tf.get_static_value(tf.shape(tf.placeholder(tf.float32, [None, 3]))) is None
        assert tf.get_static_value(3) == 3
        assert tf.is_tensor(x) and tf.is_tensor(v)
        assert not tf.is_tensor(np.ones(2)) and not tf.is_tensor([1.0])
