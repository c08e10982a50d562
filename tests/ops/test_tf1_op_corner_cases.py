"""TensorFlow 1.15 corner cases of the core ops, where NumPy and TensorFlow disagree or where
programs depend on exact results: integer division and modulo, casts, overflow, NaN and inf,
``argmax``, reductions of empty tensors, ``where`` with one and three arguments, indexing,
padding, slicing, ``range``/``linspace``, ``top_k``, ``matmul`` flags, and dtype conversion.

The table-driven suite (``optable.py`` and ``cases_*.py``) checks ops against NumPy
references; this file pins the TF-specific behaviour with small fixed inputs and exact
expected values, dtypes and error types. The expected values follow TensorFlow's kernels and
Python wrappers (``core/kernels/cwise_ops*.h``, ``sequence_ops.cc``, ``slice_op.cc``,
``mirror_pad_op.cc``, ``core/ops/math_ops.cc``, ``python/ops/math_ops.py``,
``array_ops.py``, ``framework/tensor_util.py``), not NumPy. Known deviations are strict
xfails whose reason starts with ``BUG:``.

Where TF 1.15's source and today's TensorFlow (2.21, run as ``tf.compat.v1`` graphs, checked
on 2026-12-05) disagree, the expectations follow the latter, which is what programs run on:
``tf.sign(nan)`` is NaN, ``reduce_max``/``reduce_min`` propagate NaN, ``tf.slice`` of a block
past the end is an InvalidArgumentError when run, ``linspace`` with ``num=0`` is empty, and a
Python int ``on_value`` takes ``one_hot``'s ``dtype``.
"""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf

RUN_OR_BUILD_ERRORS = (ValueError, TypeError, tf.errors.InvalidArgumentError)


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def check(got, expected, dtype):
    """``got`` has exactly ``expected``'s values (NaN where NaN) and NumPy dtype ``dtype``."""
    got = np.asarray(got)
    assert got.dtype == np.dtype(dtype), f"dtype {got.dtype}, expected {np.dtype(dtype)}"
    np.testing.assert_array_equal(got, np.asarray(expected, dtype=dtype))


def build_or_run_error(build, errors=RUN_OR_BUILD_ERRORS, match=None):
    """TensorFlow reports some errors while building (shape functions: ValueError) and the
    rest while running (kernels: InvalidArgumentError); either is accepted here."""
    with pytest.raises(errors, match=match):
        run(build())


# -- division and modulo ---------------------------------------------------------------------

X_INT = [7, -7, 7, -7]
Y_INT = [2, 2, -2, -2]


def test_tf1_div_on_ints_is_floor_division_and_true_division_on_floats():
    check(run(tf.div(tf.constant(X_INT), tf.constant(Y_INT))), [3, -4, -4, 3], np.int32)
    check(run(tf.div(tf.constant(X_INT, tf.int64), tf.constant(Y_INT, tf.int64))),
          [3, -4, -4, 3], np.int64)
    check(run(tf.div(tf.constant([7.0, -7.0]), tf.constant([2.0, 2.0]))), [3.5, -3.5],
          np.float32)


def test_floordiv_spellings_on_ints_round_toward_minus_infinity():
    x, y = tf.constant(X_INT), tf.constant(Y_INT)
    for out in run([x // y, tf.floordiv(x, y), tf.floor_div(x, y), tf.math.floordiv(x, y)]):
        check(out, [3, -4, -4, 3], np.int32)
    check(run(x // 2), [3, -4, 3, -4], np.int32)  # a Python operand takes the tensor's dtype


def test_floordiv_on_floats_is_floor_of_the_quotient_with_ieee_zero_division():
    x = tf.constant([7.0, -7.0, 1.0, -1.0, 0.0])
    y = tf.constant([2.0, 2.0, 0.0, 0.0, 0.0])
    check(run(x // y), [3.0, -4.0, np.inf, -np.inf, np.nan], np.float32)


def test_true_division_of_ints_casts_to_float64_or_float32_by_width():
    x, y = tf.constant([7, -7]), tf.constant([2, 2])
    for out in run([x / y, tf.truediv(x, y), tf.divide(x, y), tf.math.divide(x, y), x / 2]):
        check(out, [3.5, -3.5], np.float64)
    check(run(7 / tf.constant([2, -4])), [3.5, -1.75], np.float64)  # reflected, Python int
    check(run(tf.constant([7], tf.int64) / tf.constant([2], tf.int64)), [3.5], np.float64)
    check(run(tf.constant([7], tf.int16) / tf.constant([2], tf.int16)), [3.5], np.float32)
    check(run(tf.constant([7], tf.uint8) / tf.constant([2], tf.uint8)), [3.5], np.float32)


def test_true_division_of_ints_by_zero_gives_inf_and_nan():
    out = run(tf.constant([7, -7, 0]) / tf.constant([0, 0, 0]))
    check(out, [np.inf, -np.inf, np.nan], np.float64)


def test_mod_takes_the_sign_of_the_divisor():
    check(run(tf.mod(tf.constant([7, -7, 7, -7]), tf.constant([3, 3, -3, -3]))),
          [1, 2, -2, -1], np.int32)
    check(run(tf.constant([-7], tf.int64) % tf.constant([3], tf.int64)), [2], np.int64)
    xf, yf = tf.constant([7.0, -7.0, 7.0, -7.0]), tf.constant([3.0, 3.0, -3.0, -3.0])
    check(run(tf.floormod(xf, yf)), [1.0, 2.0, -2.0, -1.0], np.float32)
    check(run(tf.constant([5.0, -5.0]) % np.inf), [5.0, np.inf], np.float32)


def test_float_mod_with_zero_remainder_keeps_the_sign_of_fmod():
    # TF: trunc_mod = fmod(x, y); returned unchanged when it is zero (google_floor_fmod).
    out = run(tf.constant([-6.0, 6.0]) % tf.constant([3.0, -3.0]))
    assert list(np.signbit(out)) == [True, False]


@pytest.mark.parametrize("op", ["floordiv_operator", "mod_operator", "div", "floordiv",
                                "floormod"])
def test_integer_division_by_zero_is_an_invalid_argument_error(op):
    x, y = tf.constant([7, -7]), tf.constant([2, 0])
    out = {"floordiv_operator": lambda: x // y, "mod_operator": lambda: x % y,
           "div": lambda: tf.div(x, y), "floordiv": lambda: tf.floordiv(x, y),
           "floormod": lambda: tf.floormod(x, y)}[op]()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
        run(out)


def test_truncating_division_and_modulo():
    x, y = tf.constant([7, -7, 7, -7]), tf.constant([2, 2, -2, -2])
    check(run(tf.truncatediv(x, y)), [3, -3, -3, 3], np.int32)
    check(run(tf.truncatemod(tf.constant([7, -7]), tf.constant([3, 3]))), [1, -1], np.int32)
    check(run(tf.truncatemod(tf.constant([-7.0]), tf.constant([3.0]))), [-1.0], np.float32)
    check(run(tf.math.floormod(tf.constant([-7]), tf.constant([3]))), [2], np.int32)


# -- cast, overflow, rounding, signs -------------------------------------------------------

def test_cast_float_to_int_truncates_toward_zero():
    out = run(tf.cast(tf.constant([1.7, -1.7, 2.5, -0.5, -2.9]), tf.int32))
    check(out, [1, -1, 2, 0, -2], np.int32)
    check(run(tf.to_int64(tf.constant([-3.99]))), [-3], np.int64)


def test_cast_to_and_from_bool():
    check(run(tf.cast(tf.constant([0.0, -0.0, 0.1, np.nan, np.inf]), tf.bool)),
          [False, False, True, True, True], np.bool_)
    check(run(tf.cast(tf.constant([0, 3, -1]), tf.bool)), [False, True, True], np.bool_)
    check(run(tf.cast(tf.constant([True, False]), tf.float32)), [1.0, 0.0], np.float32)
    check(run(tf.cast(tf.constant([True, False]), tf.int32)), [1, 0], np.int32)


def test_integer_overflow_wraps_around():
    imin, imax = np.iinfo(np.int32).min, np.iinfo(np.int32).max
    check(run(tf.constant([imax]) + 1), [imin], np.int32)
    check(run(tf.constant([imin]) - 1), [imax], np.int32)
    check(run(tf.abs(tf.constant([imin]))), [imin], np.int32)
    check(run(tf.negative(tf.constant([imin]))), [imin], np.int32)
    check(run(tf.square(tf.constant([65536]))), [0], np.int32)
    check(run(tf.abs(tf.constant([-128], tf.int8))), [-128], np.int8)
    check(run(tf.cast(tf.constant([2 ** 32 + 5], tf.int64), tf.int32)), [5], np.int32)
    check(run(tf.reduce_sum(tf.constant([2 ** 30] * 4))), 0, np.int32)


def test_round_is_half_to_even():
    out = run(tf.round(tf.constant([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.9, -4.5])))
    check(out, [0.0, 2.0, 2.0, -0.0, -2.0, -2.0, 1.0, -4.0], np.float32)


def test_round_of_an_int_tensor_is_the_same_int_tensor():
    # TF 1.15 math_ops.round: ``if x.dtype.is_integer: return x``.
    x = tf.constant([1, -2, 3])
    y = tf.round(x)
    assert y.dtype == tf.int32
    check(run(y), [1, -2, 3], np.int32)


def test_sign_of_zero_and_ints():
    check(run(tf.sign(tf.constant([0.0, -2.5, 3.0]))), [0.0, -1.0, 1.0], np.float32)
    check(run(tf.sign(tf.constant([0, -7, 9]))), [0, -1, 1], np.int32)


def test_nan_and_inf_from_elementwise_math():
    out = run([tf.sqrt(tf.constant([-1.0, 4.0])), tf.log(tf.constant([0.0, -1.0])),
               tf.exp(tf.constant([100.0, -np.inf])), tf.rsqrt(tf.constant([0.0])),
               tf.reciprocal(tf.constant([0.0, -0.0])), tf.log1p(tf.constant([-1.0]))])
    check(out[0], [np.nan, 2.0], np.float32)
    check(out[1], [-np.inf, np.nan], np.float32)
    check(out[2], [np.inf, 0.0], np.float32)
    check(out[3], [np.inf], np.float32)
    check(out[4], [np.inf, -np.inf], np.float32)
    check(out[5], [-np.inf], np.float32)


def test_zero_to_the_zero_is_one():
    check(run(tf.pow(tf.constant([0.0, 0.0]), tf.constant([0.0, -0.0]))), [1.0, 1.0],
          np.float32)
    check(run(tf.pow(tf.constant([0, 3]), tf.constant([0, 0]))), [1, 1], np.int32)


def test_int_to_a_negative_power_is_an_invalid_argument_error():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Integers to negative integer powers are not allowed"):
        run(tf.pow(tf.constant([2]), tf.constant([-1])))


# -- argmax / argmin -------------------------------------------------------------------------

def test_argmax_argmin_defaults_ties_and_aliases():
    x = tf.constant([[1.0, 5.0, 5.0], [3.0, 2.0, 5.0]])
    a0 = tf.argmax(x)  # TF1: axis None means axis 0
    assert a0.dtype == tf.int64 and a0.shape.as_list() == [3]
    check(run(a0), [1, 0, 0], np.int64)  # the tie in column 2 goes to the first index
    check(run(tf.argmax(x, 1)), [1, 2], np.int64)
    check(run(tf.argmin(x, axis=1)), [0, 1], np.int64)
    check(run(tf.argmin(tf.constant([2, 1, 1, 1]), dimension=0)), 1, np.int64)
    out = tf.argmax(x, -1, output_type=tf.int32)
    assert out.dtype == tf.int32
    check(run(out), [1, 2], np.int32)
    with pytest.raises(ValueError):
        tf.argmax(x, axis=0, dimension=0)


def test_argmax_of_a_scalar_is_an_argument_error():
    # TF: ArgOpShape returns a scalar shape for rank <= 1; the kernel then fails with
    # "Expected dimension in the range [0, 0), but got 0" (InvalidArgumentError).
    build_or_run_error(lambda: tf.argmax(tf.constant(3.0)))


def test_argmax_and_argmin_skip_nan():
    check(run(tf.argmax(tf.constant([1.0, np.nan, 3.0, 2.0]), 0)), 2, np.int64)
    check(run(tf.argmin(tf.constant([1.0, np.nan, -3.0, 2.0]), 0)), 2, np.int64)


# -- reductions ------------------------------------------------------------------------------

def test_reductions_of_empty_tensors():
    e = tf.zeros([0, 3])
    out = run([tf.reduce_sum(e, 0), tf.reduce_prod(e, 0), tf.reduce_max(e, 0),
               tf.reduce_min(e, 0), tf.reduce_mean(e, 0), tf.reduce_mean(e)])
    check(out[0], [0.0] * 3, np.float32)
    check(out[1], [1.0] * 3, np.float32)
    check(out[2], [-np.inf] * 3, np.float32)
    check(out[3], [np.inf] * 3, np.float32)
    check(out[4], [np.nan] * 3, np.float32)
    check(out[5], np.nan, np.float32)
    ei = tf.zeros([0], tf.int32)
    out = run([tf.reduce_max(ei), tf.reduce_min(ei), tf.reduce_sum(ei), tf.reduce_prod(ei),
               tf.reduce_mean(ei)])
    for got, want in zip(out, [np.iinfo(np.int32).min, np.iinfo(np.int32).max, 0, 1, 0]):
        check(got, want, np.int32)
    eb = tf.zeros([0], tf.bool)
    check(run(tf.reduce_any(eb)), False, np.bool_)
    check(run(tf.reduce_all(eb)), True, np.bool_)


def test_reduction_argument_aliases():
    x = tf.ones([2, 3])
    for y in [tf.reduce_sum(x, 1, keepdims=True), tf.reduce_sum(x, 1, keep_dims=True),
              tf.reduce_sum(x, reduction_indices=[1], keep_dims=True),
              tf.reduce_sum(x, axis=-1, keepdims=True)]:
        assert y.shape.as_list() == [2, 1]
        check(run(y), [[3.0], [3.0]], np.float32)
    with pytest.raises(ValueError):
        tf.reduce_sum(x, axis=1, reduction_indices=1)
    with pytest.raises(ValueError):
        tf.reduce_sum(x, 1, keepdims=True, keep_dims=True)


def test_reduce_mean_of_ints_truncates_toward_zero_without_overflow():
    check(run(tf.reduce_mean(tf.constant([[-3, 4, 0], [1, 1, 3], [-1, -2, 0]]), axis=1)),
          [0, 1, -1], np.int32)  # 1/3 -> 0, 5/3 -> 1, -3/3 -> -1
    check(run(tf.reduce_mean(tf.constant([-1, -2]))), -1, np.int32)  # trunc(-1.5), not -2
    check(run(tf.reduce_mean(tf.constant([1, 2]))), 1, np.int32)
    # int32 means sum in int64 (CASTING_SPECIALIZATION(int32, int64) in reduction_ops.h)
    check(run(tf.reduce_mean(tf.constant([2 ** 30] * 4))), 2 ** 30, np.int32)


def test_reduce_mean_of_int64_is_exact():
    big = 2 ** 53 + 1
    check(run(tf.reduce_mean(tf.constant([big, big], tf.int64))), big, np.int64)


# -- where -----------------------------------------------------------------------------------

def test_where_with_one_argument_gives_int64_coordinates():
    c = tf.constant([[True, False, True], [False, False, True]])
    w = tf.where(c)
    assert w.dtype == tf.int64 and w.shape.as_list() == [None, 2]
    check(run(w), [[0, 0], [0, 2], [1, 2]], np.int64)  # row-major order
    check(run(tf.where(tf.constant([0, 3, 0, -1]))), [[1], [3]], np.int64)  # numeric input
    scalar = run(tf.where(tf.constant(True)))
    assert scalar.shape == (1, 0) and scalar.dtype == np.int64
    none = run(tf.where(tf.zeros([2, 3], tf.bool)))
    assert none.shape == (0, 2) and none.dtype == np.int64


def test_where_one_argument_static_shapes():
    assert tf.where(tf.placeholder(tf.bool, [None, None, None])).shape.as_list() == \
        [None, 3]
    assert tf.where(tf.placeholder(tf.bool, [4])).shape.as_list() == [None, 1]
    assert tf.where(tf.placeholder(tf.bool)).shape.as_list() == [None, None]


def test_where_three_arguments_same_shape_and_scalar_condition():
    x, y = tf.constant([[1, 2], [3, 4]]), tf.constant([[5, 6], [7, 8]])
    check(run(tf.where(tf.constant([[True, False], [False, True]]), x, y)),
          [[1, 6], [7, 4]], np.int32)
    check(run(tf.where(tf.constant(False), x, y)), [[5, 6], [7, 8]], np.int32)


def test_tf1_where_with_a_vector_condition_selects_rows():
    x, y = tf.constant([[1, 2], [3, 4]]), tf.constant([[5, 6], [7, 8]])
    check(run(tf.where(tf.constant([True, False]), x, y)), [[1, 2], [7, 8]], np.int32)


def test_tf1_where_decides_rows_at_run_time_for_unknown_ranks():
    c, x, y = tf.placeholder(tf.bool), tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    out = tf.where(c, x, y)
    a, b = np.arange(6, dtype=np.float32).reshape(3, 2), -np.ones((3, 2), np.float32)
    with tf.Session() as sess:
        check(sess.run(out, {c: [True, False, True], x: a, y: b}), np.where(
            np.array([True, False, True])[:, None], a, b), np.float32)  # a vector: rows
        mask = np.array([[True, False], [False, True], [True, True]])
        check(sess.run(out, {c: mask, x: a, y: b}), np.where(mask, a, b), np.float32)
        check(sess.run(out, {c: False, x: a, y: b}), b, np.float32)
        for cond, xv in [([True, False], a), ([[True], [False], [True]], a),
                         ([True], np.float32(1.0))]:
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(out, {c: cond, x: xv, y: np.zeros_like(xv)})
    dx, dy = tf.gradients(out, [x, y])
    with tf.Session() as sess:
        gx, gy = sess.run([dx, dy], {c: [True, False, True], x: a, y: b})
    check(gx, [[1, 1], [0, 0], [1, 1]], np.float32)
    check(gy, [[0, 0], [1, 1], [0, 0]], np.float32)


def test_tf1_where_does_not_broadcast():
    build_or_run_error(lambda: tf.where(tf.constant([[True], [False]]), tf.constant([[1, 2]]),
                                        tf.constant([[5, 6], [7, 8]])))
    build_or_run_error(lambda: tf.where(tf.constant([True, False]), tf.constant([1.0, 2.0]),
                                        0.5))


def test_where_v2_broadcasts():
    out = tf.where_v2(tf.constant([[True], [False]]), tf.constant([[1, 2]]),
                      tf.constant([[5, 6], [7, 8]]))
    assert out.shape.as_list() == [2, 2]
    check(run(out), [[1, 2], [7, 8]], np.int32)
    check(run(tf.where_v2(tf.constant([True, False]), tf.constant([1.0, 2.0]), 0.5)),
          [1.0, 0.5], np.float32)


# -- gather, one_hot -------------------------------------------------------------------------

def test_gather_axis_and_index_shapes():
    p = tf.constant([[1, 2, 3], [4, 5, 6]])
    g = tf.gather(p, [[1], [0]])
    assert g.shape.as_list() == [2, 1, 3]
    check(run(g), [[[4, 5, 6]], [[1, 2, 3]]], np.int32)
    check(run(tf.gather(p, [2, 0], axis=-1)), [[3, 1], [6, 4]], np.int32)
    check(run(tf.gather(p, tf.constant(1, tf.int64))), [4, 5, 6], np.int32)


@pytest.mark.parametrize("index", [-1, 3])
def test_gather_out_of_range_index_is_an_invalid_argument_error(index):
    # TF CPU: "indices[0] = -1 is not in [0, 3)" (negative indices are errors too).
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"is not in \[0, 3\)"):
        run(tf.gather(tf.constant([1, 2, 3]), [index]))


def test_one_hot_out_of_range_indices_give_all_off_rows():
    out = tf.one_hot([-1, 3, 1], 3, on_value=5.0, off_value=-1.0)
    assert out.dtype == tf.float32 and out.shape.as_list() == [3, 3]
    check(run(out), [[-1, -1, -1], [-1, -1, -1], [-1, 5, -1]], np.float32)
    check(run(tf.one_hot([0, 2], 3)), [[1, 0, 0], [0, 0, 1]], np.float32)
    by_col = tf.one_hot([[0, 2]], 3, axis=0)
    assert by_col.shape.as_list() == [3, 1, 2]
    check(run(by_col), [[[1, 0]], [[0, 0]], [[0, 1]]], np.float32)


def test_one_hot_dtype_follows_on_and_off_values():
    # TF 1.15 array_ops.one_hot: "dtype not provided: automatically assign it".
    a = tf.one_hot([0, 1], 2, on_value=5, off_value=0)
    b = tf.one_hot([0, 1], 2, off_value=-1)
    assert a.dtype == tf.int32 and b.dtype == tf.int32
    check(run(a), [[5, 0], [0, 5]], np.int32)
    check(run(b), [[1, -1], [-1, 1]], np.int32)


# -- joining, splitting, tiling, padding -----------------------------------------------------

def test_concat_of_one_tensor_and_split_errors():
    c = tf.concat([tf.constant([[1, 2]])], 0)
    assert c.shape.as_list() == [1, 2]
    check(run(c), [[1, 2]], np.int32)
    with pytest.raises(ValueError):
        tf.split(tf.zeros([5]), 2)  # 5 is not divisible by 2
    with pytest.raises(ValueError):
        tf.split(tf.zeros([5]), [2, 2])  # sizes add up to 4
    parts = tf.split(tf.zeros([5, 2]), [2, -1])
    assert [p.shape.as_list() for p in parts] == [[2, 2], [3, 2]]


def test_tile_transpose_expand_dims_and_squeeze():
    t = tf.tile(tf.constant([[1, 2]]), [2, 2])
    assert t.shape.as_list() == [2, 4]
    check(run(t), [[1, 2, 1, 2], [1, 2, 1, 2]], np.int32)
    assert tf.transpose(tf.zeros([2, 3, 4])).shape.as_list() == [4, 3, 2]  # reversed dims
    check(run(tf.transpose(tf.constant([[1, 2, 3]]))), [[1], [2], [3]], np.int32)
    assert tf.expand_dims(tf.zeros([2, 3]), -1).shape.as_list() == [2, 3, 1]
    assert tf.expand_dims(tf.zeros([2, 3]), -3).shape.as_list() == [1, 2, 3]
    with pytest.raises(ValueError):
        tf.expand_dims(tf.zeros([2]), 2)
    with pytest.raises(ValueError):
        tf.squeeze(tf.zeros([2, 1]), [0])  # not a length-1 dim
    assert tf.squeeze(tf.zeros([1, 2, 1]), []).shape.as_list() == [2]  # [] squeezes all


def test_pad_modes_and_constant_values():
    x = tf.constant([1, 2, 3])
    check(run(tf.pad(x, [[1, 2]], constant_values=9)), [9, 1, 2, 3, 9, 9], np.int32)
    check(run(tf.pad(x, [[2, 2]], mode="REFLECT")), [3, 2, 1, 2, 3, 2, 1], np.int32)
    check(run(tf.pad(x, [[3, 1]], mode="symmetric")), [3, 2, 1, 1, 2, 3, 3], np.int32)
    m = tf.pad(tf.constant([[1, 2], [3, 4]]), [[1, 0], [0, 1]], mode="REFLECT")
    check(run(m), [[3, 4, 3], [1, 2, 1], [3, 4, 3]], np.int32)


@pytest.mark.parametrize("mode,before", [("REFLECT", 3), ("SYMMETRIC", 4)])
def test_mirror_pad_paddings_larger_than_the_dimension_are_errors(mode, before):
    build_or_run_error(lambda: tf.pad(tf.constant([1, 2, 3]), [[before, 0]], mode=mode))


# -- slicing ---------------------------------------------------------------------------------

def test_slice_with_minus_one_size_takes_the_rest():
    s = tf.slice(tf.constant([[1, 2, 3], [4, 5, 6]]), [1, 1], [-1, -1])
    assert s.shape.as_list() == [1, 2]
    check(run(s), [[5, 6]], np.int32)


def test_slice_past_the_end_is_an_error_when_run():
    x = tf.constant([[1, 2, 3], [4, 5, 6]])
    assert tf.slice(x, [1, 1], [5, 5]).shape.as_list() == [5, 5]  # as TF: size is trusted
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Expected size\[0\] in \[0, 1\]"):
        run(tf.slice(x, [1, 0], [2, -1]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Expected begin\[1\] in \[0, 3\]"):
        run(tf.slice(x, [0, 4], [1, 0]))
    with pytest.raises(ValueError):
        tf.slice(x, [0, 0], [1, -2])
    with pytest.raises(ValueError):
        tf.slice(x, [0], [1])


def test_slice_shape_comes_from_size_when_the_input_is_unknown():
    p = tf.placeholder(tf.float32)
    s = tf.slice(p, [1, 0], [2, -1])
    assert s.shape.as_list() == [2, None]
    v = np.arange(12, dtype=np.float32).reshape(3, 4)
    g, = tf.gradients(tf.reduce_sum(s * s), p)
    with tf.Session() as sess:
        got, grad = sess.run([s, g], {p: v})
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(s, {p: v[None]})  # a rank-3 input for a 2-entry begin
    check(got, v[1:3], np.float32)
    want = np.zeros_like(v)
    want[1:3] = 2 * v[1:3]
    check(grad, want, np.float32)


def test_transpose_by_a_fed_permutation():
    x, perm = tf.placeholder(tf.float64, [2, 3, 4]), tf.placeholder(tf.int32, [3])
    t = tf.transpose(x, perm)
    assert t.shape.as_list() == [None, None, None]
    w = np.arange(24.0).reshape(4, 2, 3)
    g, = tf.gradients(tf.reduce_sum(t * w), x)
    v = np.arange(24.0).reshape(2, 3, 4)
    with tf.Session() as sess:
        check(sess.run(t, {x: v, perm: [2, 0, 1]}), v.transpose(2, 0, 1), np.float64)
        check(sess.run(g, {x: v, perm: [2, 0, 1]}), w.transpose(1, 2, 0), np.float64)
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(t, {x: v, perm: [0, 0, 1]})


def test_strided_slice_negative_strides_and_getitem():
    x = tf.constant([1, 2, 3, 4, 5])
    check(run(tf.strided_slice(x, [-1], [-4], [-1])), [5, 4, 3], np.int32)
    check(run(tf.strided_slice(x, [4], [0], [-2])), [5, 3], np.int32)
    check(run(x[::-2]), [5, 3, 1], np.int32)
    check(run(x[1:100]), [2, 3, 4, 5], np.int32)  # slice bounds clamp
    with pytest.raises(ValueError):
        x.__getitem__(5)  # an integer index out of range is an error


def test_strided_slice_masks():
    x = tf.constant([[1, 2, 3], [4, 5, 6]])
    ss = tf.strided_slice
    check(run(ss(x, [5, 0], [0, 2], [1, 1], begin_mask=1, end_mask=1)),
          [[1, 2], [4, 5]], np.int32)
    shrunk = ss(x, [1, 0], [2, 3], [1, 1], shrink_axis_mask=1)
    assert shrunk.shape.as_list() == [3]
    check(run(shrunk), [4, 5, 6], np.int32)
    assert ss(x, [0, 0, 0], [2, 0, 3], [1, 1, 1], new_axis_mask=2).shape.as_list() == \
        [2, 1, 3]
    check(run(ss(x, [0, 1], [0, 3], [1, 1], ellipsis_mask=1)), [[2, 3], [5, 6]], np.int32)
    check(run(ss(x, [0, -1], [0, 0], [1, -1], begin_mask=1, end_mask=3)),
          [[3, 2, 1], [6, 5, 4]], np.int32)


# -- ops missing from compat.v1 ----------------------------------------------------------------

def test_reverse():
    x = tf.constant([[1, 2, 3], [4, 5, 6]])
    check(run(tf.reverse(x, [1])), [[3, 2, 1], [6, 5, 4]], np.int32)
    check(run(tf.reverse(x, [-2])), [[4, 5, 6], [1, 2, 3]], np.int32)


def test_gather_nd():
    p = tf.constant([[1, 2], [3, 4]])
    check(run(tf.gather_nd(p, [[1, 0], [0, 1]])), [3, 2], np.int32)
    check(run(tf.gather_nd(p, [[1]])), [[3, 4]], np.int32)


def test_unique_keeps_first_occurrence_order():
    y, idx = tf.unique(tf.constant([1, 1, 2, 4, 4, 4, 7, 8, 8]))
    check(run(y), [1, 2, 4, 7, 8], np.int32)
    check(run(idx), [0, 0, 1, 2, 2, 2, 3, 4, 4], np.int32)
    y, idx = tf.unique(tf.constant([3, 1, 3]))
    check(run(y), [3, 1], np.int32)  # not sorted, unlike np.unique
    check(run(idx), [0, 1, 0], np.int32)


def test_tensordot_and_einsum():
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    b = tf.constant([[5.0], [6.0]])
    check(run(tf.tensordot(a, b, axes=1)), [[17.0], [39.0]], np.float32)
    assert tf.tensordot(a, b, axes=0).shape.as_list() == [2, 2, 2, 1]
    check(run(tf.einsum("ij,jk->ik", a, b)), [[17.0], [39.0]], np.float32)


# -- range, linspace, fill ---------------------------------------------------------------------

def test_range_dtype_and_direction():
    r = tf.range(5, 0, -2)
    assert r.shape.as_list() == [3]
    check(run(r), [5, 3, 1], np.int32)
    check(run(tf.range(1.0, -1.0, -0.5)), [1.0, 0.5, 0.0, -0.5], np.float32)
    check(run(tf.range(0, 3.0)), [0.0, 1.0, 2.0], np.float32)  # int32 < float32
    check(run(tf.range(3, dtype=tf.float64)), [0.0, 1.0, 2.0], np.float64)
    check(run(tf.range(tf.constant(2, tf.int64), 5)), [2, 3, 4], np.int64)
    check(run(tf.range(3, 3)), np.zeros(0), np.int32)
    build_or_run_error(lambda: tf.range(0, 5, 0))  # "Requires delta != 0"


@pytest.mark.parametrize("args", [(5, 0), (0, 5, -1)])
def test_range_in_the_wrong_direction_is_an_error(args):
    # sequence_ops.cc: "Requires start <= limit when delta > 0: 5/0"
    build_or_run_error(lambda: tf.range(*args))


def _tf_float32_range(start, limit, delta):
    """TensorFlow's RangeOp for float: size = ceil(|(limit - start) / delta|) computed in
    float32, and the values accumulate ``val += delta`` in float32."""
    f = np.float32
    size = int(np.ceil(np.abs((f(limit) - f(start)) / f(delta))))
    out, val = [], f(start)
    for _ in range(size):
        out.append(val)
        val = f(val + f(delta))
    return np.array(out, dtype=np.float32)


def test_float32_range_length_is_computed_in_float32():
    r = tf.range(0.0, 0.3, 0.1)
    expected = _tf_float32_range(0.0, 0.3, 0.1)
    assert len(expected) == 3  # 0.3f / 0.1f rounds to exactly 3.0 in float32
    assert r.shape.as_list() == [3]
    check(run(r), expected, np.float32)


def test_linspace_endpoints_and_single_point():
    out = run(tf.linspace(0.0, 1.0, 5))
    check(out, [0.0, 0.25, 0.5, 0.75, 1.0], np.float32)
    check(run(tf.lin_space(2.0, 3.0, 1)), [2.0], np.float32)
    check(run(tf.linspace(tf.constant(-1.0, tf.float64), 3.0, 3)), [-1.0, 1.0, 3.0],
          np.float64)


def _tf_float32_linspace(start, stop, num):
    """TensorFlow's LinSpaceOp: step = (stop - start) / (num - 1) in float32, then
    start + step * i in float32 (the last value is ``stop``)."""
    f = np.float32
    step = (f(stop) - f(start)) / f(num - 1)
    out = np.array([f(start) + step * f(i) for i in range(num)], dtype=np.float32)
    out[-1] = f(stop)
    return out


def test_linspace_interior_values_are_computed_in_the_output_dtype():
    for start, stop, num in [(0.0, 1.0, 7), (1.0, 2.0, 11)]:
        check(run(tf.linspace(start, stop, num)), _tf_float32_linspace(start, stop, num),
              np.float32)


def test_fill_and_like_ops_keep_or_set_dtypes():
    check(run(tf.fill([2], 7)), [7, 7], np.int32)
    check(run(tf.fill([2], 7.5)), [7.5, 7.5], np.float32)
    check(run(tf.zeros_like(tf.constant([1.5, 2.5]), dtype=tf.int32)), [0, 0], np.int32)
    check(run(tf.ones_like(tf.constant([True, False]))), [True, True], np.bool_)
    check(run(tf.zeros_like(tf.constant([True, False]))), [False, False], np.bool_)
    check(run(tf.ones_like(tf.constant([3], tf.int64))), [1], np.int64)


# -- top_k, in_top_k, matmul, scans, clip ---------------------------------------------------

def test_top_k_lists_ties_lower_index_first():
    values, indices = tf.nn.top_k(tf.constant([[1.0, 3.0, 2.0, 3.0, 1.0]]), 3)
    assert values.shape.as_list() == [1, 3] and indices.dtype == tf.int32
    v, i = run([values, indices])
    check(v, [[3.0, 3.0, 2.0]], np.float32)
    check(i, [[1, 3, 2]], np.int32)
    v, i = run(tf.nn.top_k(tf.constant([5, 5, 5]), 2))
    check(v, [5, 5], np.int32)
    check(i, [0, 1], np.int32)


def test_in_top_k_counts_boundary_ties_and_rejects_invalid_rows():
    preds = tf.constant([[1.0, 3.0, 3.0, 3.0], [0.5, 0.2, 0.1, 0.9],
                         [np.nan, 1.0, 0.0, 0.0], [1.0, 2.0, 3.0, 4.0]])
    out = tf.nn.in_top_k(preds, tf.constant([3, 0, 1, 7]), 1)
    # row 0: the target ties the maximum; row 1: 0.9 is higher; row 2: a NaN in the row;
    # row 3: an out-of-range target
    check(run(out), [True, False, False, False], np.bool_)


def test_matmul_transpose_and_adjoint_flags():
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    b = tf.constant([[1.0, 0.0], [0.0, 2.0]])
    check(run(tf.matmul(a, b, transpose_a=True)), [[1.0, 6.0], [2.0, 8.0]], np.float32)
    check(run(tf.matmul(a, b, adjoint_b=True)), [[1.0, 4.0], [3.0, 8.0]], np.float32)
    check(run(tf.matmul(a, b, adjoint_a=True, transpose_b=True)), [[1.0, 6.0], [2.0, 8.0]],
          np.float32)
    with pytest.raises(ValueError):
        tf.matmul(tf.constant([1.0, 2.0]), tf.constant([[1.0], [2.0]]))  # rank 1


def test_matmul_transpose_and_adjoint_of_one_operand_is_an_error():
    a = tf.constant([[1.0, 2.0]])
    with pytest.raises(ValueError, match="Only one of .transpose_a. and .adjoint_a."):
        tf.matmul(a, a, transpose_a=True, adjoint_a=True)
    with pytest.raises(ValueError, match="Only one of .transpose_b. and .adjoint_b."):
        tf.matmul(a, a, transpose_b=True, adjoint_b=True)


def test_cumsum_and_cumprod_exclusive_and_reverse():
    x = tf.constant([1, 2, 3])
    check(run(tf.cumsum(x)), [1, 3, 6], np.int32)
    check(run(tf.cumsum(x, exclusive=True)), [0, 1, 3], np.int32)
    check(run(tf.cumsum(x, reverse=True)), [6, 5, 3], np.int32)
    check(run(tf.cumsum(x, exclusive=True, reverse=True)), [5, 3, 0], np.int32)
    check(run(tf.cumprod(tf.constant([2, 3, 4]), exclusive=True)), [1, 2, 6], np.int32)
    check(run(tf.cumprod(tf.constant([2.0, 3.0, 4.0]), exclusive=True, reverse=True)),
          [12.0, 4.0, 1.0], np.float32)
    check(run(tf.cumsum(tf.constant([[1, 2], [3, 4]]), axis=1, exclusive=True)),
          [[0, 1], [0, 3]], np.int32)


def test_clip_by_value_on_ints():
    check(run(tf.clip_by_value(tf.constant([-5, 0, 5]), -2, 3)), [-2, 0, 3], np.int32)
    with pytest.raises(TypeError):
        tf.clip_by_value(tf.constant([1, 2]), 0.5, 3)  # 0.5 is not an int32


# -- nn --------------------------------------------------------------------------------------

def test_softmax_rows_with_minus_inf():
    out = run(tf.nn.softmax(tf.constant([[-np.inf, 0.0, 0.0], [-np.inf, -np.inf, -np.inf]])))
    check(out, [[0.0, 0.5, 0.5], [np.nan, np.nan, np.nan]], np.float32)
    check(run(tf.nn.log_softmax(tf.constant([[-np.inf, 0.0]]))), [[-np.inf, 0.0]], np.float32)


def test_l2_normalize_floors_the_squared_norm_at_epsilon():
    small, zero, big = run([tf.nn.l2_normalize(tf.constant([1e-7, 0.0]), 0),
                            tf.nn.l2_normalize(tf.constant([0.0, 0.0]), 0),
                            tf.nn.l2_normalize(tf.constant([3.0, 4.0]), 0, epsilon=100.0)])
    np.testing.assert_allclose(small, [0.1, 0.0], rtol=1e-5)  # 1e-7 * rsqrt(1e-12)
    check(zero, [0.0, 0.0], np.float32)
    np.testing.assert_allclose(big, [0.3, 0.4], rtol=1e-6)  # 3 * rsqrt(max(25, 100))
    rows = run(tf.nn.l2_normalize(tf.constant([[3.0, 4.0], [0.0, 5.0]]), axis=1))
    np.testing.assert_allclose(rows, [[0.6, 0.8], [0.0, 1.0]], rtol=1e-6)


def test_moments_are_the_biased_mean_and_variance():
    mean, var = run(tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 6.0]]), axes=[0]))
    check(mean, [2.0, 4.0], np.float32)
    check(var, [1.0, 4.0], np.float32)
    m, v = tf.nn.moments(tf.constant([1.0, 2.0, 4.0], tf.float16), [0], keep_dims=True)
    assert m.dtype == tf.float16 and v.dtype == tf.float16 and m.shape.as_list() == [1]


def test_relu_on_ints_and_at_zero():
    check(run(tf.nn.relu(tf.constant([-3, 0, 2]))), [0, 0, 2], np.int32)
    check(run(tf.nn.relu(tf.constant([-1.0, -0.0, 0.0, 2.0]))), [0.0, 0.0, 0.0, 2.0],
          np.float32)


# -- dtype conversion ------------------------------------------------------------------------

def test_no_implicit_dtype_promotion():
    i32, f32, i64 = tf.constant([1]), tf.constant([1.0]), tf.constant([1], tf.int64)
    for build in [lambda: i32 + f32, lambda: i64 + i32, lambda: tf.add(f32, i32),
                  lambda: i32 + 2.5, lambda: tf.constant([True]) + tf.constant([True]),
                  lambda: tf.add_n([i32, f32]), lambda: tf.matmul([[1]], [[1.5]]),
                  lambda: tf.maximum(i32, 0.5)]:
        with pytest.raises(TypeError):
            build()


def test_python_scalars_take_the_tensor_dtype():
    check(run(tf.constant([1], tf.int64) + 2 ** 40), [2 ** 40 + 1], np.int64)
    check(run(tf.constant([1.0], tf.float64) + 0.1), [1.1], np.float64)  # 0.1 as float64
    check(run(2 * tf.constant([1.5], tf.float16)), [3.0], np.float16)
    check(run(tf.constant([1.0]) + 1), [2.0], np.float32)


def test_python_float_never_converts_to_an_int_dtype():
    # tensor_util._AssertCompatible: "Expected int32, got 2.0 of type 'float' instead."
    with pytest.raises(TypeError, match="Expected int32"):
        tf.constant(2.0, dtype=tf.int32)
    with pytest.raises(TypeError):
        tf.constant([1, 2.0], dtype=tf.int32)
    with pytest.raises(TypeError):
        tf.constant([1]) + 2.0
    with pytest.raises(TypeError):  # matmul converts a and b separately: int32 vs float32
        tf.matmul([[1]], [[1.0]])


def test_numpy_float_array_with_an_int_dtype_is_cast():
    check(run(tf.constant(np.array([1.5, -1.5]), dtype=tf.int32)), [1, -1], np.int32)
    check(run(tf.constant(np.float64(2.7), dtype=tf.int64)), 2, np.int64)


# -- TF1 symbols that were missing (values recorded from TensorFlow 2.21, tf.compat.v1 graphs) --
_X = np.array([[0.3, -0.7, 0.9], [0.1, 0.5, -0.2]], np.float32)


def test_inverse_trig_hyperbolic_and_erf_values_gradients_and_names():
    x = tf.constant(_X)
    erf = tf.erf(x)
    tan_grad = tf.gradients(tf.reduce_sum(tf.tan(x) * x), x)[0]
    a2 = tf.atan2(x, tf.constant([[1.0], [-2.0]]))
    a2_grad = tf.gradients(tf.reduce_sum(a2), x)[0]
    ls = tf.log_sigmoid(tf.constant([-100.0, 100.0]))
    got = run([erf, tan_grad, a2, a2_grad, ls])
    np.testing.assert_allclose(got[0], [[0.32862678, -0.6778012, 0.7969082],
                                        [0.112462915, 0.5204999, -0.2227026]], rtol=1e-6)
    np.testing.assert_allclose(got[1], [[0.6380429, -2.0389032, 3.589357],
                                        [0.20134136, 1.1955256, -0.41092828]], rtol=1e-6)
    np.testing.assert_allclose(got[2], [[0.29145682, -0.61072594, 0.7328151],
                                        [3.0916343, 2.896614, -3.041924]], rtol=1e-6)
    np.testing.assert_allclose(got[3], [[0.9174312, 0.6711409, 0.5524862],
                                        [-0.4987531, -0.47058824, -0.4950495]], rtol=1e-6)
    np.testing.assert_allclose(got[4], [-100.0, 0.0], atol=1e-30)
    assert [erf.name, a2.name, ls.name] == ["Erf:0", "Atan2:0", "LogSigmoid:0"]
    assert tf.math.acosh(x).name == "Acosh:0"
    for fn in (tf.tan, tf.asin, tf.acos, tf.atan, tf.sinh, tf.cosh, tf.asinh, tf.atanh,
               tf.erfc):
        assert fn(x).dtype == tf.float32


def test_reduce_variance_and_std():
    x = tf.constant(_X)
    v, v1 = tf.math.reduce_variance(x), tf.math.reduce_variance(x, 1, keepdims=True)
    s = tf.math.reduce_std(x, axis=[0])
    s2 = tf.math.reduce_std(tf.cast(x, tf.float64))
    got = run([v, v1, s, s2, tf.gradients(s, x)[0]])
    np.testing.assert_allclose(got[0], 0.2591667, rtol=1e-6)
    np.testing.assert_allclose(got[1], [[0.43555555], [0.08222222]], rtol=1e-6)
    np.testing.assert_allclose(got[2], [0.10000001, 0.6, 0.54999995], rtol=1e-6)
    np.testing.assert_allclose(got[3], 0.509084136707785, rtol=1e-12)
    np.testing.assert_allclose(got[4], [[0.5, -0.5, 0.5], [-0.5, 0.5, -0.5]], rtol=1e-5)
    assert got[1].shape == (2, 1)
    with pytest.raises(TypeError):
        tf.math.reduce_variance(tf.constant([1, 2]))


def test_zero_fraction_is_float32_named_fraction_and_nan_when_empty():
    a = tf.nn.zero_fraction(tf.constant([[0., 1.], [2., 0.], [0., 0.]]))
    b = tf.nn.zero_fraction(tf.constant([0, 3, 0, 0], tf.int32), name="zf")
    c = tf.nn.zero_fraction(tf.zeros([0]))
    d = tf.math.zero_fraction(tf.constant([True, False]))
    got = run([a, b, c, d])
    assert got[0] == np.float32(0.6666667)  # rounded once from float64, as TF does
    assert got[1] == 0.75 and np.isnan(got[2]) and got[3] == 0.5
    assert got[0].dtype == np.float32 and a.shape == ()
    assert [a.name, b.name, c.name] == ["zero_fraction/fraction:0", "zf/fraction:0",
                                        "zero_fraction_1/fraction:0"]
    x = tf.constant([1.0, 2.0])
    assert tf.gradients(tf.nn.zero_fraction(x), x) == [None]


def test_accumulate_n_checks_and_single_input():
    a = tf.accumulate_n([tf.constant([1., 2.]), tf.constant([3., 4.])])
    b = tf.accumulate_n([tf.constant([1, 2])], name="acc")
    one = tf.constant(1.)
    assert tf.math.accumulate_n([one], shape=[], tensor_dtype=tf.float32) is one
    assert [a.name, b.name] == ["AddN:0", "acc:0"]
    np.testing.assert_array_equal(run(a), [4., 6.])
    msg = "inputs must be a list of at least one Tensor with the same dtype and shape"
    with pytest.raises(ValueError, match=msg):
        tf.accumulate_n([])
    with pytest.raises(ValueError, match=msg):
        tf.accumulate_n([tf.constant([1.]), tf.constant([1, 2])])
    with pytest.raises(ValueError, match=r"Shapes \(2,\) and \(1,\) are not compatible"):
        tf.accumulate_n([tf.constant([1.])], shape=[2])
    with pytest.raises(TypeError, match="The `tensor_dtype` argument is <dtype: 'int32'>"):
        tf.accumulate_n([tf.constant([1.])], tensor_dtype=tf.int32)


@pytest.mark.parametrize("make, results", [
    (lambda x: tf.assert_greater(x, 0.0), ["ok", "ok", "error"]),
    (lambda x: tf.assert_greater_equal(x, 1.0), ["ok", "error", "error"]),
    (lambda x: tf.assert_less_equal(x, 2.0), ["ok", "error", "ok"]),
    (lambda x: tf.assert_none_equal(x, 1.5), ["ok", "ok", "ok"]),
    (lambda x: tf.assert_negative(-x), ["ok", "ok", "error"]),
    (lambda x: tf.assert_non_negative(x), ["ok", "ok", "ok"]),
    (lambda x: tf.debugging.assert_non_positive(-x), ["ok", "ok", "ok"]),
])
def test_more_asserts_fail_the_run_as_in_tf(make, results):
    x = tf.placeholder(tf.float32, [None])
    op = make(x)
    got = []
    with tf.Session() as sess:
        for v in ([1.0, 2.0], [0.5, 3.0], [0.0]):
            try:
                sess.run(op, {x: v})
                got.append("ok")
            except tf.errors.InvalidArgumentError:
                got.append("error")
    assert got == results


_S = np.array([[1., 2., 0.5], [0.3, -1., 2.], [0., 0., 0.], [3., 1., -2.]], np.float32)


def test_sufficient_statistics_normalize_and_weighted_moments():
    x = tf.constant(_S)
    c, ms, vs, shift = tf.nn.sufficient_statistics(x, [0])
    c2, ms2, vs2, sh2 = tf.nn.sufficient_statistics(x, [0, 1], shift=tf.constant(0.5),
                                                    keep_dims=True)
    m, v = tf.nn.normalize_moments(c, ms, vs, None)
    m2, v2 = tf.nn.normalize_moments(c2, ms2, vs2, sh2)
    wm, wv = tf.nn.weighted_moments(x, [0], tf.constant([[1.], [2.], [0.], [1.]]))
    wm2, wv2 = tf.nn.weighted_moments(x, [1], tf.constant([1., 2., 0.]), keepdims=True)
    got = run([c, ms, vs, c2, ms2, vs2, m, v, m2, v2, wm, wv, wm2, wv2])
    want = [4.0, [4.3, 2., 0.5], [10.09, 6., 8.25], 12.0, [[0.79999995]], [[20.54]],
            [1.075, 0.5, 0.125], [1.3668749, 1.25, 2.046875], [[0.56666666]], [[1.7072223]],
            [1.15, 0.25, 0.625], [1.2225001, 1.6875, 2.671875],
            [[1.6666666], [-0.56666666], [0.], [1.6666666]],
            [[0.22222221], [0.3755556], [0.], [0.8888889]]]
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-7)
    assert shift is None
    names = [t.name for t in (c, ms, vs, m, v, m2, wm, wv, wm2)]
    assert names == ["sufficient_statistics/Const:0", "sufficient_statistics/mean_ss:0",
                     "sufficient_statistics/var_ss:0", "normalize/mean:0",
                     "normalize/variance:0", "normalize_1/mean:0", "weighted_moments/Squeeze:0",
                     "weighted_moments/Squeeze_1:0", "weighted_moments_1/div_no_nan:0"]


def test_relu_layer_and_pool2d_spellings():
    x = tf.constant(_S)
    rl = tf.nn.relu_layer(x, tf.ones([3, 2]), tf.constant([0.5, -4.0]))
    np.testing.assert_allclose(run(rl), [[4., 0.], [1.8, 0.], [0.5, 0.], [2.5, 0.]], rtol=1e-6)
    assert rl.name == "relu_layer:0"
    img = tf.constant(np.arange(32, dtype=np.float32).reshape(1, 4, 4, 2))
    a = tf.nn.max_pool2d(img, 2, 2, "VALID")
    b = tf.nn.avg_pool2d(img, [1, 3, 3, 1], 1, "SAME")
    va, vb = run([a, b])
    np.testing.assert_array_equal(va[0, :, :, 0], [[10., 14.], [26., 30.]])
    np.testing.assert_array_equal(vb[0, :, :, 1], [[6., 7., 9., 10.], [10., 11., 13., 14.],
                                                   [18., 19., 21., 22.], [22., 23., 25., 26.]])
    assert [a.name, b.name] == ["MaxPool2d:0", "AvgPool:0"]


def test_gather_with_batch_dims():
    p = tf.constant(np.arange(24).reshape(2, 3, 4))
    a = tf.gather(p, [[0, 1], [2, 0]], axis=1, batch_dims=1)
    b = tf.gather(p, [[0, 3], [1, 2]], axis=2, batch_dims=1)
    c = tf.gather(p, [[[0], [1], [3]], [[2], [2], [0]]], axis=2, batch_dims=2)
    d = tf.gather(p, [[0, 1], [2, 0]], batch_dims=-1)   # axis defaults to -1 as well
    va, vb, vc, vd = run([a, b, c, d])
    np.testing.assert_array_equal(va, [[[0, 1, 2, 3], [4, 5, 6, 7]],
                                       [[20, 21, 22, 23], [12, 13, 14, 15]]])
    np.testing.assert_array_equal(vb, [[[0, 3], [4, 7], [8, 11]],
                                       [[13, 14], [17, 18], [21, 22]]])
    np.testing.assert_array_equal(vc, [[[0], [5], [11]], [[14], [18], [20]]])
    np.testing.assert_array_equal(vd, [[[0, 1], [4, 5], [8, 9]],
                                       [[14, 12], [18, 16], [22, 20]]])
    assert [t.shape.as_list() for t in (a, b, c, d)] == [[2, 2, 4], [2, 3, 2], [2, 3, 1],
                                                         [2, 3, 2]]
    pf = tf.constant(np.arange(24.).reshape(2, 3, 4))
    g = tf.gradients(tf.reduce_sum(tf.gather(pf, [[0, 1, 0], [2, 0, 0]], axis=1,
                                             batch_dims=1) ** 2), pf)[0]
    np.testing.assert_array_equal(run(g), [[[0., 4., 8., 12.], [8., 10., 12., 14.], [0.] * 4],
                                           [[48., 52., 56., 60.], [0.] * 4,
                                            [40., 42., 44., 46.]]])


def test_variable_scatter_ops_update_in_order():
    updates = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    expected = {  # rows 0 and 2 (twice) of [[1, 2], [3, 4], [5, 6], [7, 8]], recorded in TF
        "scatter_update": [[3., 4.], [3., 4.], [5., 6.], [7., 8.]],
        "scatter_add": [[4., 6.], [3., 4.], [11., 14.], [7., 8.]],
        "scatter_sub": [[-2., -2.], [3., 4.], [-1., -2.], [7., 8.]],
        "scatter_mul": [[3., 8.], [3., 4.], [25., 72.], [7., 8.]],
        "scatter_div": [[0.33333334, 0.5], [3., 4.], [1., 0.5], [7., 8.]],
        "scatter_max": [[3., 4.], [3., 4.], [5., 6.], [7., 8.]],
        "scatter_min": [[1., 2.], [3., 4.], [1., 2.], [7., 8.]],
    }
    for fn, want in expected.items():
        v = tf.Variable(np.arange(8, dtype=np.float32).reshape(4, 2) + 1, name="v_" + fn)
        op = getattr(tf, fn)(v, [2, 0, 2], updates)
        assert op.shape.as_list() == [4, 2] and op.dtype == tf.float32
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run(op)
            np.testing.assert_allclose(got, want, rtol=1e-6)
            np.testing.assert_allclose(sess.run(v), want, rtol=1e-6)
    iv = tf.Variable([1, 2, 3], name="iv")
    ops = [tf.scatter_update(iv, 1, 9), tf.scatter_nd_update(iv, [[0], [2]], [7, 8]),
           tf.scatter_nd_add(iv, [[0]], [100])]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert [sess.run(op).tolist() for op in ops] == [[1, 9, 3], [7, 9, 8], [107, 9, 8]]
    bad = tf.scatter_update(tf.Variable([1., 2., 3.]), [5], [1.])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(bad)


def test_tensor_scatter_nd_values_gradients_and_names():
    t = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    a = tf.tensor_scatter_nd_update(t, [[0], [2]], [[9., 9.], [8., 8.]])
    b = tf.tensor_scatter_nd_add(t, [[0, 1], [0, 1]], [10., 20.])
    c = tf.tensor_scatter_nd_sub(t, [[1]], [[1., 1.]])
    g = tf.gradients(tf.reduce_sum(a * a) + tf.reduce_sum(b * b), t)[0]
    va, vb, vc, vg = run([a, b, c, g])
    np.testing.assert_array_equal(va, [[9., 9.], [3., 4.], [8., 8.]])
    np.testing.assert_array_equal(vb, [[1., 32.], [3., 4.], [5., 6.]])
    np.testing.assert_array_equal(vc, [[1., 2.], [2., 3.], [5., 6.]])
    np.testing.assert_array_equal(vg, [[2., 64.], [12., 16.], [10., 12.]])
    assert [a.name, b.name, c.name] == ["TensorScatterUpdate:0", "TensorScatterAdd:0",
                                        "TensorScatterSub:0"]
    u = tf.constant([[9., 9.], [8., 8.]])
    gu = tf.gradients(tf.reduce_sum(tf.tensor_scatter_nd_update(t, [[0], [2]], u) * 3.), u)[0]
    np.testing.assert_array_equal(run(gu), [[3., 3.], [3., 3.]])


def test_an_empty_list_is_a_constant_of_any_dtype():
    # TF 2.21: tf.constant([], tf.int32) is an empty int32 tensor; [[], []] has shape (2, 0)
    with tf.Graph().as_default():
        t, u = tf.constant([], tf.int32), tf.constant([[], []], tf.int64)
        assert t.shape.as_list() == [0] and u.shape.as_list() == [2, 0]
        got = tf.Session().run([t, u])
    assert got[0].dtype == np.int32 and got[1].dtype == np.int64 and got[1].shape == (2, 0)
    with pytest.raises(TypeError, match="Expected int32"):
        tf.constant([1.5], tf.int32)  # Python floats still never become integers


def test_reduce_logsumexp_of_infinities_as_tf():
    # TF 2.21: a row of -inf gives -inf, one holding +inf gives +inf (the maximum is only
    # subtracted where it is finite); NaN before
    with tf.Graph().as_default(), tf.Session() as sess:
        rows = tf.reduce_logsumexp(tf.constant([[-np.inf, -np.inf], [0., -np.inf]]), axis=1)
        kept = tf.reduce_logsumexp(tf.constant([[-np.inf, -np.inf]], tf.float64), axis=1,
                                   keepdims=True)
        top = tf.reduce_logsumexp(tf.constant([np.inf, 1.]))
        finite = tf.reduce_logsumexp(tf.constant([[1., 2.], [3., -np.inf]]), axis=1)
        g = tf.gradients(tf.reduce_sum(finite), [])  # nothing to differentiate
        r, k, t, f = sess.run([rows, kept, top, finite])
    np.testing.assert_array_equal(r, [-np.inf, 0.])
    assert k.shape == (1, 1) and k[0, 0] == -np.inf and t == np.inf
    np.testing.assert_allclose(f, [2.3132617, 3.], rtol=1e-6)
    assert g == []
