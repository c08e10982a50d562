"""Static shapes (TensorShape, Dimension) and dtypes, as TensorFlow 1 code uses them."""
import numpy as np
import pytest

import tensorweave.compat.v1 as tf


pytestmark = pytest.mark.usefixtures("fresh_graph")


# -- shapes usable as ints --------------------------------------------------------------------
def test_known_dimension_behaves_as_int():
    x = tf.placeholder(tf.float32, shape=(None, 10))
    assert list(range(x.shape[1])) == list(range(10))
    assert int(x.shape[1]) == 10
    assert x.shape[1].value == 10
    assert x.shape[1] == 10
    assert x.shape[1] != 11
    assert x.get_shape()[1] == 10
    assert x.shape[1] * 2 == 20
    assert 3 + x.shape[1] == 13
    assert np.zeros(x.shape[1]).shape == (10,)
    assert np.zeros((x.shape[1], 3)).shape == (10, 3)
    assert [0] * 12 == [0] * (x.shape[1] + 2)
    assert "abcdefghijklmnop"[: x.shape[1]] == "abcdefghij"
    batch = tf.placeholder(tf.float32, shape=(32, 10))
    assert int(batch.shape[0]) == 32
    n, d = batch.shape.as_list()
    assert (n, d) == (32, 10)
    assert batch.shape[0] // 4 == 8
    assert batch.shape[0] > 16 and batch.shape[0] <= 32
    assert tf.zeros([batch.shape[1], 3]).shape.as_list() == [10, 3]
    assert tf.reshape(batch, [batch.shape[0], -1, 2]).shape.as_list() == [32, 5, 2]


def test_unknown_dimension():
    x = tf.placeholder(tf.float32, shape=(None, 10))
    assert x.shape[0].value is None
    with pytest.raises(TypeError):
        int(x.shape[0])
    assert (x.shape[0] * 2).value is None
    assert (x.shape[0] + x.shape[1]).value is None
    assert x.shape.as_list() == [None, 10]
    with pytest.raises(TypeError, match="tf.shape"):  # TF1: unknown dims are not values
        tf.reshape(x, [x.shape[0], -1])
    dynamic = tf.reshape(x, [tf.shape(x)[0], -1])
    assert dynamic.shape.ndims == 2 and dynamic.shape.is_compatible_with([None, 10])
    # TF 1's Dimension: a comparison with an unknown side is unknown (None), even with None
    assert (x.shape[0] == None) is None and (x.shape[0] != None) is None  # noqa: E711
    assert (x.shape[0] == 10) is None and (x.shape[1] == 10) is True
    assert (x.shape[1] != 3) is True and (x.shape[1] == x.shape[0]) is None
    assert tf.dimension_value(x.shape[0]) is None and tf.dimension_value(x.shape[1]) == 10
    assert tf.dimension_value(7) == 7 and tf.dimension_at_index(x.shape, 1).value == 10


def test_tensor_shape_queries():
    x = tf.placeholder(tf.float32, shape=(None, 784))
    s = x.shape
    assert s is x.get_shape() or s == x.get_shape()
    assert isinstance(s, tf.TensorShape)
    assert s.as_list() == [None, 784]
    assert s.ndims == 2
    assert len(s) == 2
    assert not s.is_fully_defined()
    assert s.num_elements() is None
    assert [d.value for d in s] == [None, 784]
    assert str(s) == "(?, 784)"  # TF 2.21 under disable_v2_behavior
    assert repr(s) == "TensorShape([Dimension(None), Dimension(784)])"
    assert s[1:].as_list() == [784]
    full = tf.placeholder(tf.float32, shape=(2, 3)).shape
    assert full.is_fully_defined()
    assert full.num_elements() == 6
    assert full == tf.TensorShape([2, 3])
    assert full.as_list() == [2, 3]
    assert tuple(full.as_list()) == (2, 3)
    scalar = tf.constant(1.0).shape
    assert scalar.ndims == 0
    assert scalar.as_list() == []
    assert str(scalar) == "()"


def test_unknown_rank():
    x = tf.placeholder(tf.float32)
    assert x.shape.ndims is None
    assert x.shape.dims is None
    with pytest.raises(ValueError):
        x.shape.as_list()
    assert str(x.shape) == "<unknown>"


def test_tensor_shape_compatibility_and_merge():
    a = tf.TensorShape([None, 3])
    b = tf.TensorShape([4, None])
    assert a.is_compatible_with(b)
    assert a.merge_with(b).as_list() == [4, 3]
    assert not a.is_compatible_with([4, 5])
    assert not a.is_compatible_with([4, 3, 1])
    with pytest.raises(ValueError):
        a.merge_with([4, 5])
    assert tf.TensorShape(None).is_compatible_with([1, 2, 3])
    assert a.concatenate([7]).as_list() == [None, 3, 7]


def test_dimension_class():
    d = tf.Dimension(5)
    assert d.value == 5
    assert int(d) == 5
    assert tf.Dimension(None).value is None
    assert d.is_compatible_with(tf.Dimension(None))
    assert not d.is_compatible_with(6)
    with pytest.raises(ValueError):
        tf.Dimension(-1)


def test_set_shape_narrows_and_checks():
    x = tf.placeholder(tf.float32, shape=(None, 3))
    x.set_shape([8, 3])
    assert x.shape.as_list() == [8, 3]
    with pytest.raises(ValueError):
        x.set_shape([8, 4])


def test_unknown_dims_are_inferred_at_build_time():
    x = tf.placeholder(tf.float32, shape=(None, 784))
    w = tf.placeholder(tf.float32, shape=(784, 100))
    h = tf.matmul(x, w)
    assert h.shape.as_list() == [None, 100]
    assert (h + tf.zeros([100])).shape.as_list() == [None, 100]
    assert tf.reduce_sum(h, axis=1).shape.as_list() == [None]
    assert tf.reduce_sum(h).shape.as_list() == []
    assert tf.reshape(x, [-1, 28, 28]).shape.as_list() == [None, 28, 28]
    assert tf.transpose(h).shape.as_list() == [100, None]
    col = tf.placeholder(tf.float32, shape=(None, 1))
    row = tf.placeholder(tf.float32, shape=(1, 5))
    assert (col + row).shape.as_list() == [None, 5]
    assert (col * 2.0).shape.as_list() == [None, 1]


def test_inferred_shape_matches_run_shape():
    x = tf.placeholder(tf.float32, shape=(None, 4))
    w = tf.constant(np.ones((4, 3), np.float32))
    y = tf.matmul(x, w) + 1.0
    with tf.Session() as sess:
        out = sess.run(y, feed_dict={x: np.zeros((7, 4))})
    assert out.shape == (7, 3)
    assert y.shape.is_compatible_with(out.shape)


# -- dtypes -----------------------------------------------------------------------------------
ALL_DTYPES = [
    (tf.float16, np.float16), (tf.float32, np.float32), (tf.float64, np.float64),
    (tf.int8, np.int8), (tf.int16, np.int16), (tf.int32, np.int32), (tf.int64, np.int64),
    (tf.uint8, np.uint8), (tf.bool, np.bool_),
]


@pytest.mark.parametrize("dtype, np_dtype", ALL_DTYPES, ids=lambda v: getattr(v, "name", None))
def test_dtype_equality_with_numpy_and_strings(dtype, np_dtype):
    assert dtype == np_dtype
    assert dtype == np.dtype(np_dtype)
    assert dtype == dtype.name
    assert dtype.as_numpy_dtype is np_dtype
    assert tf.as_dtype(np_dtype) is dtype
    assert tf.as_dtype(dtype.name) is dtype
    assert tf.as_dtype(dtype) is dtype
    assert hash(dtype) == hash(tf.as_dtype(dtype.name))


@pytest.mark.parametrize("dtype, np_dtype", ALL_DTYPES, ids=lambda v: getattr(v, "name", None))
def test_placeholder_of_each_dtype_runs(dtype, np_dtype):
    x = tf.placeholder(dtype, shape=(3,), name="x")
    y = tf.identity(x)
    assert x.dtype == dtype and y.dtype == dtype
    value = np.array([1, 0, 1]).astype(np_dtype)
    with tf.Session() as sess:
        out = sess.run(y, feed_dict={x: value})
    assert out.dtype == np_dtype
    np.testing.assert_array_equal(out, value)


def test_dtype_inequality_and_properties():
    assert tf.float32 != tf.float64
    assert tf.float32 != np.float64
    assert tf.float32 != "int32"
    assert tf.float32 != None  # noqa: E711
    assert tf.float32.name == "float32"
    assert repr(tf.float32) == "tf.float32"
    assert tf.float32.is_floating and not tf.float32.is_integer
    assert tf.int32.is_integer and not tf.int32.is_floating
    assert tf.uint8.is_unsigned and not tf.int8.is_unsigned
    assert tf.bool.is_bool
    assert tf.float16.size == 2 and tf.int64.size == 8
    assert tf.as_dtype("float") is tf.float32
    assert tf.as_dtype("double") is tf.float64
    assert tf.as_dtype("half") is tf.float16
    assert tf.dtypes.float32 is tf.float32
    with pytest.raises(TypeError):
        tf.as_dtype("not_a_type")


def test_constant_dtype_defaults():
    assert tf.constant(1).dtype == tf.int32
    assert tf.constant(1.0).dtype == tf.float32
    assert tf.constant([1, 2]).dtype == tf.int32
    assert tf.constant(True).dtype == tf.bool
    assert tf.constant(np.zeros(3)).dtype == tf.float64
    assert tf.constant(np.zeros(3, np.float16)).dtype == tf.float16
    assert tf.constant([1, 2], dtype=tf.int64).dtype == tf.int64
    assert tf.constant(1, dtype=tf.float32).dtype == tf.float32


def test_python_operand_takes_the_tensor_dtype():
    x = tf.placeholder(tf.float64, shape=(2,))
    assert (x + 1).dtype == tf.float64
    assert (2 * x).dtype == tf.float64
    i = tf.placeholder(tf.int64, shape=(2,))
    assert (i + 1).dtype == tf.int64


def test_cast_changes_dtype():
    x = tf.constant([1.7, -2.2])
    y = tf.cast(x, tf.int32)
    assert y.dtype == tf.int32
    with tf.Session() as sess:
        out = sess.run(y)
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, [1, -2])


def test_mixed_dtypes_are_rejected_at_build_time():
    a = tf.constant(1.0)
    b = tf.constant(1)
    with pytest.raises(TypeError, match="int32"):
        a + b
    with pytest.raises(TypeError):
        tf.matmul(tf.zeros((2, 2), tf.float32), tf.zeros((2, 2), tf.float64))
