"""``tf.py_func``, ``tf.numpy_function`` and ``tf.py_function`` in graph mode.

Op types and names, static shapes, returned structures, run-time values and dtypes, the
dtype-mismatch and result-count messages, the error class each Python exception becomes,
and the gradients (None through ``py_func``) were recorded from TensorFlow 2.21
(``tf.compat.v1``, ``disable_v2_behavior()``) and are hard-coded here. Where tensorweave
differs on purpose (``tf.gradients`` through ``py_function`` raises instead of taping the
function; ``export_meta_graph`` refuses the Python function), the test says so.
"""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave.train.meta_graph import UnsupportedGraphError

pytestmark = pytest.mark.usefixtures("fresh_graph")

ONES = np.ones((2, 3), np.float32)


def run(fetch, feed=None):
    with tf.Session() as sess:
        return sess.run(fetch, feed)


@pytest.fixture
def x():
    return tf.placeholder(tf.float32, [None, 3])


def test_py_func_calls_function_with_numpy_arrays(x):
    seen = []

    def f(a):
        seen.append((type(a), a.dtype, a.shape))
        return a * 2
    y = tf.py_func(f, [x], tf.float32)
    # TF: Tensor("PyFunc:0", dtype=float32), shape <unknown>, op type PyFunc
    assert y.op.type == "PyFunc" and y.op.name == "PyFunc" and y.dtype == tf.float32
    assert y.shape.ndims is None
    out = run(y, {x: ONES})
    assert out.dtype == np.float32 and np.array_equal(out, 2 * ONES)
    assert seen == [(np.ndarray, np.dtype(np.float32), (2, 3))]


def test_runs_each_time(x):
    calls = []
    y = tf.py_func(lambda a: (calls.append(1), a)[1], [x], tf.float32)
    with tf.Session() as sess:
        sess.run(y, {x: ONES})
        sess.run(y, {x: ONES})
    assert len(calls) == 2


def test_structure_follows_tout(x):
    # TF: a DType gives one tensor; a list (even of one) gives a list; [] gives the Operation
    y2 = tf.py_func(lambda a: [a, a + 1], [x], [tf.float32, tf.float32])
    assert isinstance(y2, list) and [t.name for t in y2] == ["PyFunc:0", "PyFunc:1"]
    y1 = tf.py_func(lambda a: a, [x], [tf.float32])
    assert isinstance(y1, list) and len(y1) == 1
    op = tf.py_func(lambda a: None, [x], [])
    assert isinstance(op, tf.Operation) and op.type == "PyFunc"
    a, b = run(y2, {x: ONES})
    assert np.array_equal(a, ONES) and np.array_equal(b, ONES + 1)
    assert np.array_equal(run(y1, {x: ONES})[0], ONES)
    assert run(op, {x: ONES}) is None


def test_tuple_of_one_is_one_result(x):
    # TF: returning (a,) for a single DType Tout gives a
    y = tf.py_func(lambda a: (a,), [x], tf.float32)
    assert np.array_equal(run(y, {x: ONES}), ONES)


def test_names_and_stateless_type(x):
    assert tf.py_func(lambda a: a, [x], tf.float32, name="mine").op.name == "mine"
    # TF: stateful=False builds PyFuncStateless
    assert tf.py_func(lambda a: a, [x], tf.float32, stateful=False).op.type == \
        "PyFuncStateless"
    assert tf.numpy_function(lambda a: a, [x], tf.float32).op.type == "PyFunc"
    assert tf.py_function(lambda a: a, [x], tf.float32).op.type == "EagerPyFunc"
    # TF accepts a dtype name for Tout
    assert tf.py_func(lambda a: a, [x], "float").dtype == tf.float32


def test_constant_and_python_inputs():
    # TF: np.float32(1.0) + 2.0 -> np.float32(3.0) (the Python float becomes a float32 const)
    y = tf.py_func(lambda a, b: a + b, [np.float32(1.0), 2.0], tf.float32)
    out = run(y)
    assert out == 3.0 and np.asarray(out).dtype == np.float32


def test_python_int_result_is_int64(x):
    # TF: lambda: 3 with Tout=int64 -> np.int64(3)
    y = tf.py_func(lambda a: 3, [x], tf.int64)
    assert run(y, {x: ONES}) == 3


@pytest.mark.parametrize("fn, tout, got, want", [
    (lambda a: a.astype(np.float64), tf.float32, "double", "float"),
    (lambda a: a.astype(np.int32), tf.float32, "int32", "float"),
    (lambda a: a, tf.int32, "float", "int32"),
    (lambda a: 3.5, tf.float32, "double", "float"),
    (lambda a: 3, tf.int32, "int64", "int32"),
])
def test_wrong_result_dtype_raises(x, fn, tout, got, want):
    # TF: InvalidArgumentError "0-th value returned by pyfunc_N is double, but expects float"
    y = tf.py_func(fn, [x], tout)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=rf"0-th value returned by pyfunc_\d+ is {got}, but expects "
                             rf"{want}"):
        run(y, {x: ONES})


@pytest.mark.parametrize("fn, tout", [
    (lambda a: [1.0, 2.0], tf.float32),  # a list counts as two results
    (lambda a: (a, a), [tf.float32]),
])
def test_wrong_result_count_raises(x, fn, tout):
    # TF: "pyfunc_11 returns 2 values, but expects to see 1 values."
    y = tf.py_func(fn, [x], tout)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"pyfunc_\d+ returns 2 values, but expects to see 1 values\."):
        run(y, {x: ONES})


def test_string_and_bool_results(x):
    # TF: str/bytes arrays come back as object arrays of bytes
    s = tf.py_func(lambda a: np.array(["ab", "c"]), [x], tf.string)
    sb = tf.py_func(lambda a: b"xy", [x], tf.string)
    b = tf.py_func(lambda a: a > 0, [x], tf.bool)
    sv, sbv, bv = run([s, sb, b], {x: ONES})
    assert sv.dtype == object and list(sv) == [b"ab", b"c"]
    assert sbv == b"xy"
    assert bv.dtype == np.bool_ and bv.all()


def _raiser(exc):
    def f(a):
        raise exc
    return f


@pytest.mark.parametrize("exc, cls", [
    (ZeroDivisionError("division by zero"), tf.errors.UnknownError),
    (ValueError("bad value here"), tf.errors.InvalidArgumentError),
    (TypeError("tt"), tf.errors.InvalidArgumentError),
    (StopIteration(), tf.errors.OutOfRangeError),
    (NotImplementedError("nn"), tf.errors.UnimplementedError),
    # TF 2.21 does not map an OpError raised in the function back to its class
    (tf.errors.OutOfRangeError(None, None, "done"), tf.errors.UnknownError),
])
def test_exception_becomes_run_error(x, exc, cls):
    y = tf.py_func(_raiser(exc), [x], tf.float32, name="boom")
    with pytest.raises(cls) as info:
        run(y, {x: ONES})
    assert type(info.value) is cls
    text = str(info.value)
    # TF's message: "ZeroDivisionError: division by zero\nTraceback (most recent call last):"
    assert text.startswith(f"{type(exc).__name__}: {exc}\nTraceback (most recent call last)")
    assert "boom" in text and info.value.op.name == "boom"
    assert info.value.__cause__ is exc


def test_numpy_function_and_py_function_errors(x):
    y = tf.numpy_function(_raiser(ValueError("nv")), [x], tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="ValueError: nv"):
        run(y, {x: ONES})
    z = tf.py_function(_raiser(ValueError("vv")), [x], tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="ValueError: vv"):
        run(z, {x: ONES})


def test_py_function_converts_results(x):
    # TF: py_function converts float64 -> float32 and int32 -> float32 (py_func would raise)
    y = tf.py_function(lambda a: a.numpy().astype(np.float64) * 3, [x], tf.float32)
    z = tf.py_function(lambda a: np.int32(3), [x], tf.float32)
    yv, zv = run([y, z], {x: ONES})
    assert yv.dtype == np.float32 and np.array_equal(yv, 3 * ONES)
    assert zv == 3.0 and np.asarray(zv).dtype == np.float32


def test_py_function_list_tout(x):
    # TF: Tout=[tf.float32] gives a list of one tensor
    y = tf.py_function(lambda a: a, [x], Tout=[tf.float32])
    assert isinstance(y, list) and len(y) == 1
    assert np.array_equal(run(y, {x: ONES})[0], ONES)


def test_no_gradient_through_py_func(x):
    # TF: tf.gradients(reduce_sum(py_func(...)), x) == [None] (numpy_function too)
    y = tf.py_func(lambda a: a * 2, [x], tf.float32)
    n = tf.numpy_function(lambda a: a, [x], tf.float32)
    assert tf.gradients(tf.reduce_sum(y), x) == [None]
    assert tf.gradients(tf.reduce_sum(n), x) == [None]
    # a path around the py_func still gets its gradient
    g, = tf.gradients(tf.reduce_sum(y) + tf.reduce_sum(3.0 * x), x)
    assert np.allclose(run(g, {x: ONES}), 3.0)


def test_py_function_gradient_raises(x):
    # TF tapes the function to differentiate py_function; tensorweave cannot and says so
    y = tf.py_function(lambda a: a * 3, [x], tf.float32)
    with pytest.raises(LookupError, match="py_function has no gradient"):
        tf.gradients(tf.reduce_sum(y), x)
    g, = tf.gradients(tf.reduce_sum(tf.stop_gradient(y)) + tf.reduce_sum(x), x)
    assert np.allclose(run(g, {x: ONES}), 1.0)


def test_not_callable():
    with pytest.raises(TypeError, match="callable"):
        tf.py_func(3, [], tf.float32)


def test_meta_graph_export_refuses_python_function(x, tmp_path):
    tf.py_func(lambda a: a, [x], tf.float32)
    with pytest.raises(UnsupportedGraphError) as info:
        tf.train.export_meta_graph(str(tmp_path / "m.meta"))
    text = str(info.value)
    assert "operation 'PyFunc' (type PyFunc)" in text and "field 'func'" in text
    assert "Graphs with Python functions in ops cannot be saved as .meta files" in text
    assert not (tmp_path / "m.meta").exists()
