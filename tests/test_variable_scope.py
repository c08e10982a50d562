"""variable_scope / get_variable: TensorFlow 1's naming, reuse and default rules.
(The basics — names, reuse=True, AUTO_REUSE, shape/dtype checks — are in test_training.py.)"""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf


pytestmark = pytest.mark.usefixtures("fresh_graph")


def test_reentering_by_name_gives_a_new_name_scope_but_the_same_variable_scope():
    with tf.variable_scope("foo") as a:
        x = tf.constant(1.0, name="x")
    with tf.variable_scope("foo", reuse=True) as b:
        y = tf.constant(1.0, name="x")
    assert (a.name, b.name) == ("foo", "foo")
    assert (a.original_name_scope, b.original_name_scope) == ("foo/", "foo_1/")
    assert (x.name, y.name) == ("foo/x:0", "foo_1/x:0")


def test_reentering_a_scope_object():
    with tf.variable_scope("model") as scope:
        v = tf.get_variable("v", [1])
    with tf.variable_scope(scope, reuse=True) as again:
        c = tf.constant(0.0, name="c")
        assert tf.get_variable("v") is v
    assert again.name == "model" and again.original_name_scope == "model/"
    assert c.name == "model_1/c:0"  # a new name scope named after the scope's last part
    with tf.variable_scope("outer"):
        with tf.variable_scope(scope, reuse=True):  # jumps out of "outer"
            assert tf.get_variable_scope().name == "model"
            assert tf.get_variable("v") is v


def test_reentering_without_an_auxiliary_name_scope():
    with tf.variable_scope("m") as scope:
        pass
    with tf.variable_scope(scope, auxiliary_name_scope=False) as s:
        with tf.name_scope(s.original_name_scope):
            c = tf.constant(0.0, name="c")
    assert c.name == "m/c:0"


def test_default_name_uniquification():
    names = []
    for _ in range(3):
        with tf.variable_scope(None, default_name="layer") as s:
            names.append(s.name)
    assert names == ["layer", "layer_1", "layer_2"]
    with tf.variable_scope("block_1"):
        pass
    with tf.variable_scope(None, default_name="block") as first:
        pass
    with tf.variable_scope(None, default_name="block") as second:
        pass
    assert (first.name, second.name) == ("block", "block_2")  # "block_1" is taken


def test_default_names_restart_inside_a_reentered_scope():
    def net():
        with tf.variable_scope(None, default_name="dense") as a:
            tf.get_variable("w", [1])
        with tf.variable_scope(None, default_name="dense") as b:
            tf.get_variable("w", [1])
        return a.name, b.name
    with tf.variable_scope("net"):
        first = net()
    with tf.variable_scope("net", reuse=True):
        second = net()
    assert first == second == ("net/dense", "net/dense_1")
    assert len(tf.global_variables()) == 2


def test_reuse_rules():
    with tf.variable_scope("a"):
        v = tf.get_variable("v", [1])
    with tf.variable_scope("a", reuse=True):
        with tf.variable_scope("inner", reuse=False):  # False inherits: still reusing
            assert tf.get_variable_scope().reuse is True
    with tf.variable_scope("b") as b:
        pass
    with tf.variable_scope("a", reuse=True):
        with tf.variable_scope(b):  # a scope object keeps its own reuse
            assert tf.get_variable_scope().reuse is False
    with pytest.raises(ValueError, match="reuse=True cannot be used without a name_or_scope"):
        with tf.variable_scope(None, default_name="x", reuse=True):
            pass
    with pytest.raises(ValueError, match="The reuse parameter must be True or False or None"):
        tf.variable_scope("a", reuse="yes")
    with pytest.raises(TypeError, match="name_or_scope is required"):
        tf.variable_scope(None)
    with tf.variable_scope("a", reuse=tf.AUTO_REUSE):
        assert tf.get_variable("v", [1]) is v
        assert tf.get_variable("new", [1]).name == "a/new:0"


def test_initializer_regularizer_and_dtype_defaults_are_inherited():
    with tf.variable_scope("s", initializer=tf.constant_initializer(2.0),
                           regularizer=lambda w: tf.reduce_sum(w), dtype=tf.float64):
        with tf.variable_scope("t"):
            v = tf.get_variable("v", [3])
            u = tf.get_variable("u", [2], initializer=tf.zeros_initializer(),
                                regularizer=tf.no_regularizer)
    assert v.dtype == tf.float64 and u.dtype == tf.float64
    losses = tf.losses.get_regularization_losses()
    assert len(losses) == 1 and losses[0].op.name.startswith("s/t/v/Regularizer/")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(v), [2, 2, 2])
        assert sess.run(losses[0]) == 6.0
        np.testing.assert_array_equal(sess.run(u), [0, 0])


def test_custom_getter():
    calls = []

    def getter(getter, name, *args, **kwargs):
        calls.append(name)
        kwargs["trainable"] = False
        return getter(name, *args, **kwargs)
    with tf.variable_scope("g", custom_getter=getter):
        v = tf.get_variable("v", [2])
    assert calls == ["g/v"]
    assert v.name == "g/v:0" and v not in tf.trainable_variables()


def test_get_variable_value_initializer_rules():
    with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape"):
        tf.get_variable("c", [2], initializer=tf.constant([1.0, 2.0]))
    with pytest.raises(ValueError, match="Initializer type 'float64' and explicit dtype "
                                         "'float32' don't match"):
        tf.get_variable("d", initializer=np.zeros(2), dtype=tf.float32)
    i = tf.get_variable("i", initializer=tf.constant([1, 2]))
    assert i.dtype == tf.int32  # the value's dtype
    with pytest.raises(ValueError, match="should be fully defined"):
        tf.get_variable("no_shape")


def test_get_local_variable():
    v = tf.get_local_variable("count", [], dtype=tf.int32)
    assert v in tf.local_variables() and v not in tf.global_variables()
    assert not v.trainable


def test_scope_collections():
    with tf.variable_scope("net") as scope:
        a = tf.get_variable("a", [1])
        b = tf.get_variable("b", [1], trainable=False)
    tf.get_variable("other", [1])
    assert scope.global_variables() == [a, b]
    assert scope.trainable_variables() == [a]
