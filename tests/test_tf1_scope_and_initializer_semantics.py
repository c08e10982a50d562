"""TensorFlow 1.x semantics of variable_scope / get_variable / name_scope and of the v1
initializers, checked against TF 1.15 (tensorflow/python/ops/variable_scope.py, init_ops.py,
variables.py, array_ops.py, constant_op.py).

Complements test_variable_scope.py, test_initializers.py, test_variables.py and the
get_variable part of test_training.py: exact error texts, dtype handling, scope inheritance,
name interplay, collections, fan computations for every kernel rank, the truncation
correction, v1 defaults, constant_initializer's list rules and seeding.

Random initializers are checked on large samples with fixed seeds (so every run draws the same
numbers) and bounds far outside sampling noise; deterministic ones exactly. Deviations from TF
are kept as ``xfail(strict=True)`` tests whose reason starts with ``BUG:``.
"""

import math
import re

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import dtypes as tw_dtypes

TRUNC_STD = 0.87962566103423978  # stddev of a unit normal truncated to [-2, 2] (TF's constant)


pytestmark = pytest.mark.usefixtures("fresh_graph")


def draw(initializer, shape, dtype=None):
    t = initializer(shape) if dtype is None else initializer(shape, dtype=dtype)
    with tf.Session() as sess:
        return sess.run(t)


def init_and_run(*fetches):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(list(fetches))


# ================================================================================================
# get_variable: default initializer by dtype
# ================================================================================================
@pytest.mark.parametrize("dtype, np_dtype", [
    (tf.float16, np.float16), (tf.float32, np.float32), (tf.float64, np.float64),
], ids=["float16", "float32", "float64"])
def test_default_initializer_for_floats_is_glorot_uniform_in_the_variable_dtype(dtype, np_dtype):
    tf.set_random_seed(3)
    v = tf.get_variable("w", [300, 500], dtype=dtype)
    assert v.dtype == dtype
    (val,) = init_and_run(v)
    assert val.dtype == np_dtype
    limit = math.sqrt(6.0 / (300 + 500))
    absmax = float(np.abs(val.astype(np.float64)).max())
    assert absmax <= limit * (1 + 1e-3)          # float16 rounding of the limit
    assert absmax > 0.99 * limit                 # not a narrower distribution
    assert float(val.astype(np.float64).std()) == pytest.approx(limit / math.sqrt(3), rel=0.02)


@pytest.mark.parametrize("dtype, expected", [
    (tf.int32, np.zeros(3, np.int32)), (tf.int64, np.zeros(3, np.int64)),
    (tf.uint8, np.zeros(3, np.uint8)), (tf.int8, np.zeros(3, np.int8)),
    (tf.bool, np.zeros(3, np.bool_)),
], ids=["int32", "int64", "uint8", "int8", "bool"])
def test_default_initializer_for_integers_and_bools_is_zeros(dtype, expected):
    v = tf.get_variable("v", [3], dtype=dtype)
    (val,) = init_and_run(v)
    assert val.dtype == expected.dtype
    np.testing.assert_array_equal(val, expected)


def test_default_initializer_for_strings_is_empty_strings():
    # TF: zeros_initializer -> array_ops.zeros, whose fill value for tf.string is "".
    v = tf.get_variable("s", [2], dtype=tf.string)
    (val,) = init_and_run(v)
    assert list(val) == [b"", b""]


def test_default_initializer_for_other_dtypes_is_an_error():
    # tensorweave has no complex dtype in its table; a DType of complex kind reaches the
    # "neither floating nor integer/bool/string" branch exactly as tf.complex64 does in TF.
    complex64 = tw_dtypes.DType("complex64", np.complex64)
    with pytest.raises(ValueError, match=r"^An initializer for variable c of .*complex64.* "
                                         r"is required$"):
        tf.get_variable("c", [2], dtype=complex64)
    assert tf.global_variables() == []


def test_initializer_value_dtype_rules():
    a = tf.get_variable("a", initializer=np.array([1.0, 2.0]))   # float64 array
    b = tf.get_variable("b", initializer=[1.0, 2.0])             # Python floats -> float32
    c = tf.get_variable("c", initializer=lambda: tf.ones([2, 2], tf.int64))  # no-arg callable
    assert (a.dtype, b.dtype, c.dtype) == (tf.float64, tf.float32, tf.int64)
    assert c.shape.as_list() == [2, 2]
    # TF formats the DTypes with str(): "<dtype: 'float32'>"
    with pytest.raises(ValueError, match=r"^Initializer type '(<dtype: ')?float32('>)?' and "
                                         r"explicit dtype '(<dtype: ')?float64('>)?' don't "
                                         r"match\.$"):
        tf.get_variable("d", initializer=[1.0, 2.0], dtype=tf.float64)
    with tf.variable_scope("s", dtype=tf.float64):  # the scope dtype is no explicit dtype
        e = tf.get_variable("e", initializer=tf.constant([1.0]))
    assert e.dtype == tf.float32


# ================================================================================================
# get_variable: reuse rules and their exact messages
# ================================================================================================
def test_reuse_false_error_message_is_tfs():
    with tf.variable_scope("x"):
        tf.get_variable("w", [1])
    with tf.variable_scope("x"):
        with pytest.raises(ValueError) as err:
            tf.get_variable("w", [1])
    # TF appends " Originally defined at: ..." for ref variables; the message starts like this
    assert str(err.value).startswith(
        "Variable x/w already exists, disallowed. Did you mean to set reuse=True or "
        "reuse=tf.AUTO_REUSE in VarScope?")


def test_reuse_true_missing_variable_error_message_is_tfs():
    tf.Variable(1.0, name="x/w")  # made by tf.Variable: unknown to get_variable
    with tf.variable_scope("x", reuse=True):
        with pytest.raises(ValueError) as err:
            tf.get_variable("w", [])
    assert str(err.value) == (
        "Variable x/w does not exist, or was not created with tf.get_variable(). Did you "
        "mean to set reuse=tf.AUTO_REUSE in VarScope?")


def test_shape_and_dtype_mismatch_messages_and_compatible_partial_shapes():
    with tf.variable_scope("s"):
        v = tf.get_variable("v", [2, 3])
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        with pytest.raises(ValueError) as err:
            tf.get_variable("v", [3, 2])
        assert str(err.value) == ("Trying to share variable s/v, but specified shape (3, 2) "
                                  "and found shape (2, 3).")
        with pytest.raises(ValueError) as err:
            tf.get_variable("v", [2, 3], dtype=tf.float64)
        # TF 1's ref variables report "float32_ref"
        assert re.fullmatch(r"Trying to share variable s/v, but specified dtype float64 and "
                            r"found dtype float32(_ref)?\.", str(err.value))
        assert tf.get_variable("v", [None, 3]) is v      # compatible, not equal: shared
        assert tf.get_variable("v") is v                 # no shape: shared
    assert len(tf.global_variables()) == 1


def test_auto_reuse_is_truthy_for_inheritance_and_default_names():
    with tf.variable_scope("r"):
        tf.get_variable("a", [1])
    with tf.variable_scope("r", reuse=True):
        with tf.variable_scope("sub", reuse=tf.AUTO_REUSE) as sub:  # AUTO_REUSE or True
            assert sub.reuse is tf.AUTO_REUSE
            assert tf.get_variable("new", [1]).name == "r/sub/new:0"
    with tf.variable_scope("r", reuse=tf.AUTO_REUSE):
        with tf.variable_scope("t", reuse=True) as t:  # True or AUTO_REUSE
            assert t.reuse is True
        with tf.variable_scope("u") as u:                # inherited
            assert u.reuse is tf.AUTO_REUSE
    with pytest.raises(ValueError, match="reuse=True cannot be used without a name_or_scope"):
        with tf.variable_scope(None, default_name="d", reuse=tf.AUTO_REUSE):
            pass
    assert tf.get_variable_scope().name == ""


def test_reuse_variables_on_the_root_scope_is_inherited_by_new_scopes():
    v = tf.get_variable("v", [1])
    assert tf.get_variable_scope().reuse is False
    tf.get_variable_scope().reuse_variables()
    assert tf.get_variable("v") is v
    with tf.variable_scope("later") as later:
        assert later.reuse is True
        with pytest.raises(ValueError, match="does not exist"):
            tf.get_variable("w", [1])


def test_reentering_a_scope_object_with_new_defaults_leaves_the_object_alone():
    with tf.variable_scope("m", initializer=tf.ones_initializer()) as m:
        pass
    with tf.variable_scope(m, initializer=tf.constant_initializer(3.0)) as again:
        v = tf.get_variable("v", [2])
        assert again.name == "m" and again is not m
    with tf.variable_scope(m):  # the object still carries its own initializer
        w = tf.get_variable("w", [2])
    vv, wv = init_and_run(v, w)
    np.testing.assert_array_equal(vv, [3.0, 3.0])
    np.testing.assert_array_equal(wv, [1.0, 1.0])


# ================================================================================================
# names: name_scope vs variable_scope, uniquification
# ================================================================================================
def test_name_scope_inside_variable_scope_names_ops_not_get_variable():
    with tf.variable_scope("foo"):
        with tf.name_scope("bar"):
            v = tf.get_variable("v", [1])
            x = 1.0 + v
            w = tf.Variable(1.0, name="w")
    assert v.name == "foo/v:0"
    assert x.op.name == "foo/bar/add"
    assert w.name == "foo/bar/w:0"  # tf.Variable follows name scopes
    assert v.initializer.name == "foo/v/Assign"
    assert v.initial_value.op.name.startswith("foo/v/Initializer/")


def test_variable_scope_inside_name_scope():
    with tf.name_scope("ns"):
        with tf.variable_scope("vs") as vs:
            v = tf.get_variable("v", [1])
            y = tf.add(v, 1.0)
    assert vs.name == "vs" and vs.original_name_scope == "ns/vs/"
    assert v.name == "vs/v:0"
    assert y.op.name == "ns/vs/Add"


def test_default_name_uniquification_is_per_variable_scope_and_name_scopes_separately():
    with tf.name_scope("layer"):
        pass
    with tf.variable_scope(None, default_name="layer") as s:  # no variable scope "layer" yet
        c = tf.constant(0.0, name="c")
        v = tf.get_variable("w", [1])
    assert s.name == "layer" and v.name == "layer/w:0"
    assert s.original_name_scope == "layer_1/" and c.name == "layer_1/c:0"
    with tf.variable_scope("a"):
        with tf.variable_scope(None, default_name="d") as ad:
            pass
    with tf.variable_scope("b"):
        with tf.variable_scope(None, default_name="d") as bd:
            pass
        with tf.variable_scope(None, default_name="d") as bd1:
            pass
    assert (ad.name, bd.name, bd1.name) == ("a/d", "b/d", "b/d_1")
    with tf.variable_scope("e"):
        pass
    with tf.variable_scope(None, default_name="e") as e1:  # "e" was opened by name
        pass
    assert e1.name == "e_1"


def test_variable_scope_entered_twice_shares_variables_but_not_op_or_variable_names():
    with tf.variable_scope("foo"):
        a = tf.Variable(1.0, name="w")
        v = tf.get_variable("v", [1])
    with tf.variable_scope("foo", reuse=True):
        b = tf.Variable(1.0, name="w")
        assert tf.get_variable("v") is v
    assert (a.name, b.name) == ("foo/w:0", "foo_1/w:0")


def test_tf_variable_names_are_uniquified():
    names = [tf.Variable(0.0).name for _ in range(3)]
    assert names == ["Variable:0", "Variable_1:0", "Variable_2:0"]
    tf.Variable(0.0, name="v_1")
    assert [tf.Variable(0.0, name="v").name for _ in range(2)] == ["v:0", "v_2:0"]


def test_get_variable_after_a_tf_variable_of_the_same_name_gets_a_unique_op_name():
    q = tf.Variable(1.0, name="q")
    g = tf.get_variable("q", [])
    assert q.name == "q:0" and g.name == "q_1:0"  # the store knows "q", the graph "q_1"
    with tf.variable_scope("", reuse=True):
        assert tf.get_variable("q") is g
    h = tf.get_variable("h", [])
    assert tf.Variable(1.0, name="h").name == "h_1:0" and h.name == "h:0"


# ================================================================================================
# scope defaults: initializer / regularizer / dtype / custom getter
# ================================================================================================
def test_scope_dtype_and_initializer_are_inherited_and_overridable():
    with tf.variable_scope("a", dtype=tf.float64, initializer=tf.constant_initializer(2.0)):
        with tf.variable_scope("b", initializer=tf.ones_initializer()):
            x = tf.get_variable("x", [2])
            y = tf.get_variable("y", [2], dtype=tf.int32)  # scope initializer, given dtype
        z = tf.get_variable("z", [2])
    assert (x.dtype, y.dtype, z.dtype) == (tf.float64, tf.int32, tf.float64)
    xv, yv, zv = init_and_run(x, y, z)
    assert xv.dtype == np.float64 and yv.dtype == np.int32
    np.testing.assert_array_equal(xv, [1.0, 1.0])
    np.testing.assert_array_equal(yv, [1, 1])
    np.testing.assert_array_equal(zv, [2.0, 2.0])


def test_regularizer_runs_once_per_created_variable_and_names_its_ops_absolutely():
    calls = []

    def reg(w):
        calls.append(w.name)
        return tf.reduce_sum(w)
    with tf.variable_scope("foo"):
        pass
    with tf.variable_scope("foo", regularizer=reg, reuse=tf.AUTO_REUSE):  # name scope foo_1/
        with tf.name_scope("extra"):
            a = tf.get_variable("a", initializer=tf.constant([1.0, 2.0]))
            n_calls = len(calls)
            assert tf.get_variable("a") is a                 # reuse: no second loss
        tf.get_variable("b", [1], regularizer=tf.no_regularizer)  # returns None: no loss
    assert n_calls >= 1 and set(calls) == {"foo/a:0"} and len(calls) == n_calls
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert len(losses) == 1
    assert losses[0].op.name.startswith("foo/a/Regularizer/")
    (loss,) = init_and_run(losses[0])
    assert loss == 3.0


def test_nested_custom_getters_compose_inner_first():
    # TF (_maybe_wrap_custom_getter): the inner scope's getter is called with a getter that
    # calls the outer scope's getter, which calls the true getter.
    order = []

    def outer(getter, name, *args, **kwargs):
        order.append("outer")
        kwargs["trainable"] = False
        return getter(name, *args, **kwargs)

    def inner(getter, name, *args, **kwargs):
        order.append("inner")
        return getter(name + "_x", *args, **kwargs)
    with tf.variable_scope("o", custom_getter=outer):
        with tf.variable_scope("i", custom_getter=inner):
            v = tf.get_variable("v", [1])
    assert order == ["inner", "outer"]
    assert v.name == "o/i/v_x:0"
    assert v not in tf.trainable_variables()


def test_custom_getter_runs_on_every_call_and_an_explicit_one_replaces_the_scopes():
    log = []

    def scope_getter(getter, name, *args, **kwargs):
        log.append(("scope", name, kwargs["reuse"]))
        return getter(name, *args, **kwargs)

    def explicit(getter, name, *args, **kwargs):
        log.append(("explicit", name))
        return getter(name, *args, **kwargs)
    with tf.variable_scope("g", custom_getter=scope_getter, reuse=tf.AUTO_REUSE):
        v = tf.get_variable("v", [1])
        assert tf.get_variable("v", [1]) is v
        tf.get_variable("w", [1], custom_getter=explicit)
    assert log == [("scope", "g/v", tf.AUTO_REUSE), ("scope", "g/v", tf.AUTO_REUSE),
                   ("explicit", "g/w")]
    with pytest.raises(ValueError, match="not callable"):
        tf.get_variable("bad", [1], custom_getter=3)


# ================================================================================================
# collections, trainable, scope filters
# ================================================================================================
def test_trainable_and_collections_combinations():
    a = tf.get_variable("a", [1])
    b = tf.get_variable("b", [1], trainable=False)
    c = tf.get_variable("c", [1], collections=[tf.GraphKeys.LOCAL_VARIABLES])  # trainable!
    d = tf.get_variable("d", [1], collections=["mine"], trainable=False)
    e = tf.get_local_variable("e", [1])
    f = tf.Variable(1.0, name="f", collections=[tf.GraphKeys.GLOBAL_VARIABLES, "mine"])
    assert tf.global_variables() == [a, b, f]
    assert tf.trainable_variables() == [a, c, f]
    assert tf.local_variables() == [c, e]
    assert tf.get_collection("mine") == [d, f]
    assert (a.trainable, b.trainable, c.trainable, e.trainable) == (True, False, True, False)


def test_scope_filters_are_regex_prefix_matches():
    with tf.variable_scope("net"):
        n = tf.get_variable("w", [1])
        nb = tf.get_variable("b", [1], trainable=False)
    with tf.variable_scope("network"):
        nw = tf.get_variable("w", [1])
    with tf.variable_scope("net", reuse=True) as net:
        pass
    # get_collection(key, scope) is re.match on the name: "net" also matches "network/..."
    assert tf.global_variables(scope="net") == [n, nb, nw]
    assert tf.global_variables("net/") == [n, nb]
    assert tf.trainable_variables("net") == [n, nw]
    assert tf.trainable_variables(".*/w:0$") == [n, nw]
    assert tf.global_variables("w") == []          # match, not search
    # a VariableScope's own lists add the "/" boundary
    assert net.global_variables() == [n, nb]
    assert net.trainable_variables() == [n]


def test_local_variables_need_the_local_initializer():
    g = tf.get_variable("g", [2], initializer=tf.ones_initializer())
    loc = tf.get_local_variable("l", [2], initializer=tf.ones_initializer())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(g), [1.0, 1.0])
        assert not sess.run(tf.is_variable_initialized(loc))
        sess.run(tf.local_variables_initializer())
        np.testing.assert_array_equal(sess.run(loc), [1.0, 1.0])


def test_local_variables_initializer_is_named_like_variables_initializer():
    # TF: local_variables_initializer() == variables_initializer(local_variables()), name "init"
    tf.get_local_variable("l", [1])
    assert tf.local_variables_initializer().name == "init"
    assert tf.global_variables_initializer().name == "init_1"


def test_variables_initializer_and_initialized_value_order_independence():
    assert tf.variables_initializer([]).type == "NoOp"
    w = tf.Variable(tf.random_normal([5], seed=1), name="w")
    # depends on w's value although created (and listed) before w is initialized
    w2 = tf.Variable(w.initialized_value() + 1.0, name="w2")
    w3 = tf.Variable(w2.initialized_value() * 2.0, name="w3")
    init = tf.variables_initializer([w3, w2, w])
    assert init.name == "init_1" and init.type == "NoOp"  # "init" went to the first one
    with tf.Session() as sess:
        sess.run(init)
        wv, w2v, w3v = sess.run([w, w2, w3])
    np.testing.assert_allclose(w2v, wv + 1.0, rtol=1e-6)
    np.testing.assert_allclose(w3v, (wv + 1.0) * 2.0, rtol=1e-6)


# ================================================================================================
# initializers: v1 defaults
# ================================================================================================
def test_random_uniform_initializer_defaults_to_zero_one():
    init = tf.random_uniform_initializer(seed=11)
    assert (init.minval, init.maxval) == (0, None)
    v = draw(init, [200000])
    assert v.dtype == np.float32
    assert v.min() >= 0.0 and v.max() < 1.0
    assert v.mean() == pytest.approx(0.5, abs=0.005)
    assert v.std() == pytest.approx(1 / math.sqrt(12), rel=0.02)
    ints = draw(tf.random_uniform_initializer(-3, 4, seed=2, dtype=tf.int32), [20000])
    assert ints.dtype == np.int32 and set(np.unique(ints)) == set(range(-3, 4))
    with pytest.raises(ValueError, match="maxval"):
        tf.random_uniform_initializer(dtype=tf.int32)([3])


def test_random_uniform_initializer_never_reaches_maxval():
    # TF's [minval, maxval) is strict: the float kernel's largest draw is 1 - 2**-23.
    # With this fixed seed tensorweave's 59138th draw rounds up to exactly 1.0.
    v = draw(tf.random_uniform_initializer(seed=305), [65536])
    assert v.max() < 1.0


def test_truncated_and_random_normal_initializer_defaults():
    t_init = tf.truncated_normal_initializer(seed=5)
    assert (t_init.mean, t_init.stddev) == (0.0, 1.0)
    t = draw(t_init, [200000])
    assert np.abs(t).max() <= 2.0
    assert np.abs(t).max() > 1.99
    assert t.std() == pytest.approx(TRUNC_STD, rel=0.02)   # a truncated unit normal
    assert abs(t.mean()) < 0.01
    n = draw(tf.random_normal_initializer(seed=5), [200000])
    assert n.std() == pytest.approx(1.0, rel=0.02) and abs(n.mean()) < 0.01
    assert (np.abs(n) > 2).mean() == pytest.approx(0.0455, abs=0.005)  # not truncated
    for make in (tf.truncated_normal_initializer, tf.random_normal_initializer):
        with pytest.raises(ValueError, match="Expected floating point type"):
            make(dtype=tf.int32)


def test_zeros_ones_dtype_handling():
    z = tf.zeros_initializer(dtype=tf.int32)
    assert draw(z, [2]).dtype == np.int32
    assert draw(z, [2], dtype=tf.float64).dtype == np.float64   # call dtype wins
    np.testing.assert_array_equal(draw(tf.ones_initializer(), [2], dtype=tf.bool),
                                  [True, True])
    v = tf.get_variable("v", [2, 2], dtype=tf.int64, initializer=tf.ones_initializer())
    (val,) = init_and_run(v)
    assert val.dtype == np.int64
    np.testing.assert_array_equal(val, np.ones((2, 2)))


# ================================================================================================
# constant_initializer
# ================================================================================================
VALUE8 = [0, 1, 2, 3, 4, 5, 6, 7]


def test_constant_initializer_fitting_shapes_and_dtypes():
    x = tf.get_variable("x", [2, 4], initializer=tf.constant_initializer(VALUE8))
    a = tf.get_variable("a", [4, 2],
                        initializer=tf.constant_initializer(np.arange(8).reshape(2, 4)))
    s = tf.get_variable("s", [2, 3], dtype=tf.int32, initializer=tf.constant_initializer(7))
    t = tf.get_variable("t", [3], initializer=tf.constant_initializer((1.5, 2.5, 3.5)))
    xv, av, sv, tv = init_and_run(x, a, s, t)
    np.testing.assert_array_equal(xv, np.arange(8, dtype=np.float32).reshape(2, 4))
    assert xv.dtype == np.float32
    np.testing.assert_array_equal(av, np.arange(8).reshape(4, 2))   # row-major reshape
    np.testing.assert_array_equal(sv, np.full((2, 3), 7, np.int32))
    assert sv.dtype == np.int32
    np.testing.assert_array_equal(tv, [1.5, 2.5, 3.5])
    with pytest.raises(TypeError, match=re.escape("Expected Tensor's shape: (4, 2), "
                                                  "got (2, 4).")):
        tf.constant_initializer(np.arange(8).reshape(2, 4), verify_shape=True)([4, 2])


def test_constant_initializer_pads_with_the_last_value():
    # TF 1 init_ops.Constant docstring, "larger shape" example.
    y = tf.get_variable("y", [3, 4], initializer=tf.constant_initializer(VALUE8))
    (val,) = init_and_run(y)
    np.testing.assert_array_equal(val, [[0, 1, 2, 3], [4, 5, 6, 7], [7, 7, 7, 7]])


def test_constant_initializer_too_many_values_is_a_value_error():
    # TF 1 init_ops.Constant docstring, "smaller shape" example.
    with pytest.raises(ValueError, match=re.escape("Too many elements provided. Needed at most "
                                                   "6, but received 8")):
        tf.get_variable("z", [2, 3], initializer=tf.constant_initializer(VALUE8))


def test_constant_initializer_verify_shape_with_another_size():
    # TF 1 init_ops.Constant docstring, "shape verification" example.
    with pytest.raises(TypeError, match=re.escape("Expected Tensor's shape: (3, 4), got (8,).")):
        tf.get_variable("u", [3, 4], initializer=tf.constant_initializer(VALUE8,
                                                                         verify_shape=True))


def test_constant_initializer_verify_shape_with_a_scalar():
    # TF make_tensor_proto (allow_broadcast=False): verify_shape compares shapes first.
    with pytest.raises(TypeError, match=re.escape("Expected Tensor's shape: (3, 4), got ().")):
        tf.constant_initializer(1.0, verify_shape=True)([3, 4])


def test_constant_initializer_rejects_non_array_values():
    with pytest.raises(TypeError, match="Invalid type for initial value"):
        tf.constant_initializer({"a": 1})


def test_constant_initializer_value_must_fit_the_dtype():
    with pytest.raises(TypeError, match="Expected int32, got 1.5"):
        tf.constant_initializer(1.5)([2], dtype=tf.int32)


# ================================================================================================
# variance scaling: fans, modes, distributions
# ================================================================================================
@pytest.mark.parametrize("shape, fan_in, fan_out", [
    ((100000,), 100000, 100000),          # a vector: both fans are its length
    ((400, 600), 400, 600),               # dense kernel
    ((5, 200, 300), 1000, 1500),          # conv1d: receptive field 5
    ((3, 3, 64, 128), 576, 1152),         # conv2d: receptive field 9
    ((2, 2, 2, 32, 64), 256, 512),        # conv3d: receptive field 8
], ids=["vector", "dense", "conv1d", "conv2d", "conv3d"])
@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "fan_avg"])
def test_variance_scaling_uniform_fans_and_modes(shape, fan_in, fan_out, mode):
    scale = 2.5
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    v = draw(tf.variance_scaling_initializer(scale, mode, "uniform", seed=8), shape)
    assert v.shape == shape and v.dtype == np.float32
    limit = math.sqrt(3.0 * scale / n)
    absmax = float(np.abs(v).max())
    assert absmax <= limit * (1 + 1e-6)
    assert absmax > 0.99 * limit
    assert v.std() == pytest.approx(limit / math.sqrt(3), rel=0.02)


@pytest.mark.parametrize("distribution", ["truncated_normal", "normal", "TRUNCATED_NORMAL"])
def test_variance_scaling_truncated_normal_is_corrected(distribution):
    shape, fan_out = (3, 3, 64, 128), 1152
    v = draw(tf.variance_scaling_initializer(3.0, "fan_out", distribution, seed=9), shape)
    std = math.sqrt(3.0 / fan_out)
    bound = 2 * std / TRUNC_STD  # two stddevs of the underlying (wider) normal
    absmax = float(np.abs(v).max())
    assert absmax <= bound * (1 + 1e-6)
    assert absmax > 0.98 * bound   # an uncorrected draw would stop at 2 * std = 0.88 * bound
    assert v.std() == pytest.approx(std, rel=0.02)
    assert abs(v.mean()) < 0.02 * std


def test_variance_scaling_untruncated_normal():
    v = draw(tf.variance_scaling_initializer(2.0, "fan_avg", "untruncated_normal", seed=4),
             (300, 500))
    std = math.sqrt(2.0 / 400)
    assert v.std() == pytest.approx(std, rel=0.02)
    assert (np.abs(v) > 2 * std).mean() == pytest.approx(0.0455, abs=0.005)


def test_variance_scaling_dtype_and_argument_checks():
    assert tf.variance_scaling_initializer().distribution == "truncated_normal"  # v1 default
    assert tf.variance_scaling_initializer().mode == "fan_in"
    assert tf.variance_scaling_initializer().scale == 1.0
    assert draw(tf.variance_scaling_initializer(seed=1), (4, 4), tf.float64).dtype == np.float64
    with pytest.raises(ValueError, match="Expected floating point type"):
        tf.variance_scaling_initializer(dtype=tf.int32)
    with pytest.raises(ValueError, match="Invalid `distribution` argument"):
        tf.variance_scaling_initializer(distribution="laplace")
    with pytest.raises(ValueError, match="`scale` must be positive"):
        tf.variance_scaling_initializer(scale=-1.0)


@pytest.mark.parametrize("make, scale, mode, distribution", [
    (tf.glorot_uniform_initializer, 1.0, "fan_avg", "uniform"),
    (tf.glorot_normal_initializer, 1.0, "fan_avg", "truncated_normal"),
    (tf.initializers.he_normal, 2.0, "fan_in", "truncated_normal"),
    (tf.initializers.he_uniform, 2.0, "fan_in", "uniform"),
    (tf.initializers.lecun_normal, 1.0, "fan_in", "truncated_normal"),
    (tf.initializers.lecun_uniform, 1.0, "fan_in", "uniform"),
], ids=["glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "lecun_normal",
        "lecun_uniform"])
def test_presets_draw_what_their_variance_scaling_draws(make, scale, mode, distribution):
    shape = (5, 5, 16, 24)
    preset = make(seed=21)
    assert (preset.scale, preset.mode, preset.distribution) == (scale, mode, distribution)
    same = tf.variance_scaling_initializer(scale, mode, distribution, seed=21)
    with tf.Graph().as_default():
        a = draw(preset, shape)
    with tf.Graph().as_default():
        b = draw(same, shape)
    np.testing.assert_array_equal(a, b)


def test_contrib_xavier_and_variance_scaling_formulas():
    # tf.contrib.layers: truncated normal with stddev sqrt(1.3 * factor / n) before truncation
    shape = (3, 3, 64, 128)
    fan_in = 576
    v = draw(tf.contrib.layers.variance_scaling_initializer(seed=6), shape)  # factor 2, FAN_IN
    raw = math.sqrt(1.3 * 2.0 / fan_in)
    assert np.abs(v).max() <= 2 * raw * (1 + 1e-6)
    assert v.std() == pytest.approx(raw * TRUNC_STD, rel=0.02)
    with pytest.raises(TypeError, match="Unknown mode"):
        tf.contrib.layers.variance_scaling_initializer(mode="fan_in")


# ================================================================================================
# orthogonal / identity
# ================================================================================================
@pytest.mark.parametrize("shape", [(8, 8), (3, 5, 4), (2, 3, 3, 12)], ids=["square", "conv1d",
                                                                          "conv2d_wide"])
def test_orthogonal_float64_and_gain(shape):
    v = draw(tf.orthogonal_initializer(gain=0.5, seed=12, dtype=tf.float64), shape)
    assert v.dtype == np.float64 and v.shape == shape
    flat = v.reshape(-1, shape[-1])
    gram = flat.T @ flat if flat.shape[0] >= flat.shape[1] else flat @ flat.T
    np.testing.assert_allclose(gram, 0.25 * np.eye(gram.shape[0]), atol=1e-12)


def test_orthogonal_and_identity_shape_and_dtype_checks():
    for shape in ([], [7]):
        with pytest.raises(ValueError, match="at least two-dimensional"):
            tf.orthogonal_initializer()(shape)
    with pytest.raises(ValueError, match="Expected floating point type"):
        tf.initializers.identity(dtype=tf.int32)
    with pytest.raises(ValueError, match="only be used for 2D matrices"):
        tf.initializers.identity()([4])
    i = tf.get_variable("i", [3, 2], dtype=tf.float64,
                        initializer=tf.initializers.identity(gain=3.0))
    (val,) = init_and_run(i)
    assert val.dtype == np.float64
    np.testing.assert_array_equal(val, [[3, 0], [0, 3], [0, 0]])


# ================================================================================================
# seeds
# ================================================================================================
def _seeded_graph_values(graph_seed, op_seed=None):
    with tf.Graph().as_default():
        if graph_seed is not None:
            tf.set_random_seed(graph_seed)
        a = tf.get_variable("a", [20, 30])                                      # glorot
        b = tf.get_variable("b", [20, 30],
                            initializer=tf.truncated_normal_initializer(seed=op_seed))
        c = tf.get_variable("c", [6, 6], initializer=tf.orthogonal_initializer(seed=op_seed))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return sess.run([a, b, c])


def test_set_random_seed_reproduces_initial_values_across_graphs():
    first, second = _seeded_graph_values(17), _seeded_graph_values(17)
    for x, y in zip(first, second):
        np.testing.assert_array_equal(x, y)
    other = _seeded_graph_values(18)
    for x, y in zip(first, other):
        assert not np.array_equal(x, y)
    # two variables with the same initializer in one graph still differ (distinct op seeds)
    with tf.Graph().as_default():
        tf.set_random_seed(17)
        u = tf.get_variable("u", [10])
        w = tf.get_variable("w", [10])
        vals = init_and_run(u, w)
    assert not np.array_equal(vals[0], vals[1])


def test_op_seed_alone_reproduces_and_no_seed_does_not():
    seeded = _seeded_graph_values(None, op_seed=4), _seeded_graph_values(None, op_seed=4)
    np.testing.assert_array_equal(seeded[0][1], seeded[1][1])
    np.testing.assert_array_equal(seeded[0][2], seeded[1][2])
    unseeded = _seeded_graph_values(None), _seeded_graph_values(None)
    for x, y in zip(*unseeded):
        assert not np.array_equal(x, y)
    assert tf.get_default_graph().seed is None  # set_random_seed only touched those graphs


def test_entering_the_root_scope_by_empty_name_keeps_default_name_counts():
    # TF 1.15 _VariableScopeStore.close_variable_subscopes resets only keys under
    # scope_name + "/" unless scope_name is None; "" + "/" matches no scope name.
    with tf.variable_scope(None, default_name="layer"):
        tf.get_variable("w", [1])
    with tf.variable_scope("") as root:
        assert root.name == ""
    with tf.variable_scope(None, default_name="layer") as second:
        assert second.name == "layer_1"
        tf.get_variable("w", [1])


@pytest.mark.parametrize("shape, limit", [
    # limit = factor * sqrt(3 / prod(shape[:-1])); TF 2.21 drew max |value| 2.4766667,
    # 0.24766667, 0.2918108, 0.22603568 for these shapes (factor 1.43)
    ([5000], 1.43 * math.sqrt(3.0)),
    ([100, 50], 1.43 * math.sqrt(3.0 / 100)),
    ([3, 3, 8, 16], 1.43 * math.sqrt(3.0 / 72)),
    ([2, 3, 4, 5, 6], 1.43 * math.sqrt(3.0 / 120)),
])
def test_uniform_unit_scaling_initializer_limit(shape, limit):
    v = tf.get_variable("v", shape, initializer=tf.uniform_unit_scaling_initializer(
        factor=1.43, seed=1))
    (value,) = init_and_run(v)
    assert value.dtype == np.float32
    assert np.abs(value).max() < limit
    assert np.abs(value).max() > 0.95 * limit
    np.testing.assert_allclose(value.std(), limit / math.sqrt(3.0), rtol=0.1)


def test_uniform_unit_scaling_initializer_dtype_and_config():
    v = tf.get_variable("v64", [100, 50], dtype=tf.float64,
                        initializer=tf.initializers.uniform_unit_scaling(seed=1))
    assert init_and_run(v)[0].dtype == np.float64
    with pytest.raises(ValueError, match="Argument `dtype` is expected to be floating point. "
                                         "Received: <dtype: 'int32'>."):
        tf.uniform_unit_scaling_initializer(dtype=tf.int32)
    assert tf.uniform_unit_scaling_initializer().get_config() == {
        "factor": 1.0, "seed": None, "dtype": "float32"}
