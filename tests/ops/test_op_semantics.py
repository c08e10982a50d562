"""Op behaviour the numeric table cannot state: where gradients are None or split at ties,
and the errors ``infer`` raises at build time for mismatched inputs."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf


def run(fetches, feed=None, graph=None):
    with tf.Session(graph=graph or tf.get_default_graph()) as sess:
        return sess.run(fetches, feed)


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


# -- gradient semantics ----------------------------------------------------------------------------

def test_stop_gradient_blocks_the_gradient():
    x = tf.placeholder(tf.float64, [3])
    assert tf.gradients(tf.stop_gradient(x), x) == [None]
    assert tf.gradients(tf.reduce_sum(tf.stop_gradient(x * x)), x) == [None]


def test_stop_gradient_holds_one_path_constant():
    x = tf.placeholder(tf.float64, [3])
    y = tf.reduce_sum(x * tf.stop_gradient(x) + tf.stop_gradient(x * x))
    g, = tf.gradients(y, x)
    xv = np.array([1.0, -2.0, 3.0])
    np.testing.assert_allclose(run(g, {x: xv}), xv)  # d/dx of x * c is c = x, not 2x


def test_gather_gradient_counts_repeated_indices():
    x = tf.placeholder(tf.float64, [3, 2])
    g, = tf.gradients(tf.reduce_sum(tf.gather(x, [0, 2, 0, 0])), x)
    np.testing.assert_array_equal(run(g, {x: np.zeros((3, 2))}),
                                  [[3.0, 3.0], [0.0, 0.0], [1.0, 1.0]])


def test_reduce_max_ties_share_the_gradient():
    x = tf.placeholder(tf.float64, [2, 3])
    g, = tf.gradients(tf.reduce_max(x, axis=1), x)
    got = run(g, {x: [[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]]})
    np.testing.assert_allclose(got, [[0.0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]])


def test_maximum_and_minimum_ties_send_the_gradient_to_x():
    x = tf.placeholder(tf.float64, [2])
    y = tf.placeholder(tf.float64, [2])
    feed = {x: [1.0, 2.0], y: [1.0, 2.0]}
    for fn in (tf.maximum, tf.minimum):
        gx, gy = tf.gradients(fn(x, y), [x, y])
        np.testing.assert_array_equal(run(gx, feed), [1.0, 1.0])
        np.testing.assert_array_equal(run(gy, feed), [0.0, 0.0])


def test_relu_and_abs_gradients_at_zero_are_zero():
    x = tf.placeholder(tf.float64, [3])
    g_relu, = tf.gradients(tf.nn.relu(x), x)
    g_abs, = tf.gradients(tf.abs(x), x)
    got = run([g_relu, g_abs], {x: [-1.0, 0.0, 2.0]})
    np.testing.assert_array_equal(got[0], [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(got[1], [-1.0, 0.0, 1.0])


@pytest.mark.parametrize("build", [
    lambda x, y: x // y, lambda x, y: tf.floor(x * y), lambda x, y: tf.round(x + y),
    lambda x, y: tf.ceil(x), lambda x, y: tf.cast(tf.argmax(x, 0), tf.float64),
    lambda x, y: tf.zeros_like(x) + tf.ones_like(y),
    lambda x, y: tf.cast(tf.less(x, y), tf.float64),
], ids=["floordiv", "floor", "round", "ceil", "argmax", "zeros_like", "less"])
def test_piecewise_constant_ops_have_no_gradient(build):
    x = tf.placeholder(tf.float64, [3])
    y = tf.placeholder(tf.float64, [3])
    assert tf.gradients(build(x, y), [x, y]) == [None, None]


def test_integer_inputs_get_no_gradient():
    x = tf.placeholder(tf.float64, [3])
    i = tf.placeholder(tf.int32, [3])
    y = x * tf.cast(i, tf.float64)
    gx, gi = tf.gradients(y, [x, i])
    assert gi is None
    np.testing.assert_array_equal(run(gx, {x: [1.0, 2.0, 3.0], i: [4, 5, 6]}), [4, 5, 6])


def test_mirror_pad_gradient_adds_each_mirrored_entry_back():
    x = tf.placeholder(tf.float64, [4])
    y = tf.pad(x, [[2, 1]], mode="REFLECT")      # [x2, x1, x0, x1, x2, x3, x2]
    z = tf.pad(x, [[2, 1]], mode="SYMMETRIC")    # [x1, x0, x0, x1, x2, x3, x3]
    w = np.array([1.0, 10.0, 100.0, 1000.0, 1e4, 1e5, 1e6])
    gy = tf.gradients(tf.reduce_sum(y * w), x)[0]
    gz = tf.gradients(tf.reduce_sum(z * w), x)[0]
    with tf.Session() as sess:
        a, b = sess.run([gy, gz], {x: np.zeros(4)})
    np.testing.assert_array_equal(a, [100.0, 10.0 + 1000.0, 1.0 + 1e4 + 1e6, 1e5])
    np.testing.assert_array_equal(b, [10.0 + 100.0, 1.0 + 1000.0, 1e4, 1e5 + 1e6])


def test_shape_of_known_input_is_a_build_time_constant():
    from tensorweave.ops.registry import constant_value
    x = tf.placeholder(tf.float32, [2, 3])
    np.testing.assert_array_equal(constant_value(tf.shape(x)), [2, 3])
    assert constant_value(tf.size(x)) == 6
    assert constant_value(tf.rank(x)) == 2
    assert constant_value(tf.shape(tf.placeholder(tf.float32, [None, 3]))) is None


def test_op_without_gradient_is_named_with_the_way_out():
    from tensorweave.ops.registry import Op

    class NoRule(Op):  # not registered: every registered op has a rule now (Qr included)
        type_name = "NoRule"

        def infer(self, x):
            return x

        def forward(self, xp, x):
            return x

    x = tf.placeholder(tf.float64, [3, 3])
    y = NoRule().bind(x)
    with pytest.raises(LookupError, match="NoRule") as info:
        tf.gradients(tf.reduce_sum(y), x)
    assert "stop_gradient" in str(info.value)


def test_failed_assert_stops_the_run_and_shows_the_data():
    x = tf.placeholder(tf.float64, [3])
    check = tf.Assert(tf.reduce_all(x > 0), ["x must be positive", x])
    with tf.control_dependencies([check]):
        y = tf.identity(x)
    assert list(run(y, {x: [1.0, 2.0, 3.0]})) == [1.0, 2.0, 3.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="x must be positive") as info:
        run(y, {x: [1.0, -2.0, 3.0]})
    assert "-2.0" in str(info.value)


def test_cond_gradient_flows_only_through_the_taken_branch():
    p = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float64, [2])
    y = tf.cond(p, lambda: 3.0 * x, lambda: x * x)
    g, = tf.gradients(y, x)
    xv = np.array([1.0, 2.0])
    np.testing.assert_array_equal(run(g, {p: True, x: xv}), [3.0, 3.0])
    np.testing.assert_array_equal(run(g, {p: False, x: xv}), 2 * xv)


def test_in_top_k_non_finite_rows_and_out_of_range_targets_are_false():
    p = tf.constant([[1.0, np.nan, 0.0], [0.0, 1.0, 2.0], [0.0, 1.0, 2.0], [2.0, 2.0, 2.0]])
    t = tf.constant([0, 3, 2, 1])
    assert list(run(tf.nn.in_top_k(p, t, 1))) == [False, False, True, True]


# -- build-time errors from infer ------------------------------------------------------------

def ph(*shape, dtype=tf.float32):
    return tf.placeholder(dtype, shape)


# name, builder, exception, fragment of the message
INFER_ERRORS = [
    ("add_shapes", lambda: tf.add(ph(3, 4), ph(2, 4)), ValueError,
     "Dimensions must be equal, but are 3 and 2 for 'Add' (op: 'AddV2') with input shapes: "
     "[3,4], [2,4]"),
    ("add_dtypes", lambda: tf.add(ph(3), ph(3, dtype=tf.float64)), TypeError,
     "has type float64 that does not match type float32"),
    ("matmul_inner", lambda: tf.matmul(ph(3, 4), ph(5, 2)), ValueError,
     "Dimensions must be equal, but are 4 and 5"),
    ("matmul_rank", lambda: tf.matmul(ph(3), ph(3, 2)), ValueError, "rank >= 2"),
    ("matmul_batch", lambda: tf.matmul(ph(2, 3, 4), ph(3, 4, 2)), ValueError,
     "Dimensions must be equal"),
    ("reshape_size", lambda: tf.reshape(ph(2, 3), [4, 2]), ValueError,
     "Cannot reshape a tensor with 6 elements"),
    ("reshape_infer_size", lambda: tf.reshape(ph(2, 3), [4, -1]), ValueError,
     "Cannot reshape a tensor with 6 elements"),
    ("reshape_two_minus_one", lambda: tf.reshape(ph(2, 3), [-1, -1]), ValueError,
     "at most one dimension may be -1"),
    ("concat_rank", lambda: tf.concat([ph(2, 3), ph(2)], 0), ValueError, "rank"),
    ("concat_dims", lambda: tf.concat([ph(2, 3), ph(2, 4)], 0), ValueError,
     "Dimension 1 in both shapes must be equal"),
    ("concat_axis", lambda: tf.concat([ph(2, 3), ph(2, 3)], 2), ValueError, "out of range"),
    ("where_dtypes", lambda: tf.where(ph(3, dtype=tf.bool), ph(3), ph(3, dtype=tf.float64)),
     TypeError, "same dtype"),
    ("where_condition", lambda: tf.where(ph(3), ph(3), ph(3)), TypeError, "must be bool"),
    ("where_shapes", lambda: tf.where(ph(3, dtype=tf.bool), ph(4), ph(4)), ValueError,
     "Dimensions must be equal"),
    ("squeeze_not_one", lambda: tf.squeeze(ph(3, 2), [1]), ValueError,
     "Can not squeeze dim[1]"),
    ("squeeze_axis", lambda: tf.squeeze(ph(2, 1), [2]), ValueError, "out of range"),
    ("transpose_perm", lambda: tf.transpose(ph(2, 3), [0, 0]), ValueError,
     "not a permutation"),
    ("split_uneven", lambda: tf.split(ph(3, 4), 3, axis=1), ValueError,
     "evenly divisible"),
    ("split_sizes", lambda: tf.split(ph(3, 4), [1, 2], axis=1), ValueError,
     "Got: 3 vs 4"),
    ("tile_multiples", lambda: tf.tile(ph(2, 3), [2]), ValueError, "one entry per dimension"),
    ("pad_paddings", lambda: tf.pad(ph(2, 3), [[1, 1]]), ValueError, "rank of inputs"),
    ("gather_float_indices", lambda: tf.gather(ph(3), ph(2)), TypeError, "int32 or int64"),
    ("one_hot_float_indices", lambda: tf.one_hot(ph(3), 4), TypeError, "integers"),
    ("reduce_axis", lambda: tf.reduce_sum(ph(2, 3), axis=2), ValueError,
     "Invalid reduction dimension 2"),
    ("reduce_bool", lambda: tf.reduce_sum(ph(3, dtype=tf.bool)), TypeError, "bool"),
    ("reduce_any_float", lambda: tf.reduce_any(ph(3)), TypeError, "float32"),
    ("argmax_axis", lambda: tf.argmax(ph(2, 3), axis=-3), ValueError,
     "Expected dimension in the range [-2, 2)"),
    ("bias_add_channels", lambda: tf.nn.bias_add(ph(2, 3), ph(4)), ValueError,
     "Dimensions must be equal, but are 3 and 4"),
    ("bias_add_bias_rank", lambda: tf.nn.bias_add(ph(2, 3), ph(3, 1)), ValueError,
     "must be rank 1"),
    ("cumsum_axis", lambda: tf.cumsum(ph(2, 3), axis=2), ValueError, "out of range"),
    ("softmax_int", lambda: tf.nn.softmax(ph(3, dtype=tf.int32)), TypeError, "floating"),
    ("softmax_axis", lambda: tf.nn.softmax(ph(2, 3), axis=2), tf.errors.InvalidArgumentError,
     "Dimension (2) must be in the range [-2, 2)"),
    ("expand_dims_axis", lambda: tf.expand_dims(ph(2, 3), 4), ValueError, "out of range"),
    ("log_int", lambda: tf.log(ph(3, dtype=tf.int32)), TypeError, "Use tf.cast first"),
    ("realdiv_int", lambda: tf.realdiv(ph(3, dtype=tf.int32), ph(3, dtype=tf.int32)),
     TypeError, "floating"),
    ("logical_float", lambda: tf.logical_and(ph(3), ph(3)), TypeError, "bool"),
    ("relu_bool", lambda: tf.nn.relu(ph(3, dtype=tf.bool)), TypeError, "bool"),
    ("matmul_bool", lambda: tf.matmul(ph(2, 2, dtype=tf.bool), ph(2, 2, dtype=tf.bool)),
     TypeError, "bool"),
    ("stack_shapes", lambda: tf.stack([ph(2, 3), ph(3, 2)]), ValueError, "compatible"),
    ("unstack_num", lambda: tf.unstack(ph(3, 2), num=2), ValueError, "does not match"),
    ("add_n_shapes", lambda: tf.add_n([ph(2, 3), ph(3, 2)]), ValueError,
     "Shapes must be equal"),
    ("getitem_too_many", lambda: ph(2, 3)[0, 0, 0], ValueError, "too many"),
    ("getitem_out_of_bounds", lambda: ph(2, 3)[2], ValueError, "out of bounds"),
    ("getitem_step_zero", lambda: ph(2, 3)[::0], ValueError, "step cannot be zero"),
    ("fill_value_not_scalar", lambda: tf.fill([2], ph(2)), ValueError, "must be a scalar"),
    ("broadcast_to_shapes", lambda: tf.broadcast_to(ph(3, 2), [3, 4]), ValueError,
     "Dimensions must be equal"),
]


@pytest.mark.parametrize("build, error, fragment",
                         [pytest.param(b, e, f, id=n) for n, b, e, f in INFER_ERRORS])
def test_infer_rejects_mismatched_inputs(build, error, fragment):
    with pytest.raises(error) as info:
        build()
    assert fragment in str(info.value)


def test_infer_errors_are_raised_before_the_node_exists(fresh_graph):
    a, b = ph(3, 4), ph(2, 4)
    n_ops = len(fresh_graph.get_operations())
    with pytest.raises(ValueError):
        tf.add(a, b)
    assert len(fresh_graph.get_operations()) == n_ops
