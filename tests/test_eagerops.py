"""Eager tensors' arithmetic operators: compiled (tensorweave/_eagerops.c, EagerTensor's C
base, built at install where a C compiler is found) or in Python (eager._fast_operator);
``make test`` runs this file both ways (``TENSORWEAVE_CEXT=0``). Either way they give the
general path's values, dtypes and errors, quietly, and step aside for tapes and graphs."""

import copy
import importlib.util
import os
import pickle
import threading
import warnings

import numpy as np
import pytest

import tensorweave as tw
import tensorweave.compat.v1 as v1
from tensorweave import context, eager
from tensorweave.eager import EagerTensor

pytestmark = pytest.mark.numpy_only

OPS = [("+", np.add, tw.add), ("-", np.subtract, tw.subtract), ("*", np.multiply, tw.multiply),
       ("/", np.true_divide, tw.truediv)]


def _apply(sym, a, b):
    return {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: a / b}[sym]()


def test_the_compiled_operators_are_used_where_they_were_built():
    built = importlib.util.find_spec("tensorweave._eagerops") is not None
    wanted = os.environ.get("TENSORWEAVE_CEXT", "1").strip() != "0"
    assert eager.COMPILED_OPERATORS == (built and wanted)
    if eager.COMPILED_OPERATORS:  # the C slots, not Python methods, serve + - * /
        assert "__add__" not in EagerTensor.__dict__
        assert type(EagerTensor.__mul__).__name__ == "wrapper_descriptor"


@pytest.mark.parametrize("sym,ufunc,op", OPS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_same_values_as_the_general_path(sym, ufunc, op, dtype):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 4)).astype(dtype)
    for y in (rng.standard_normal((3, 4)), rng.standard_normal(4), np.float64(1.5)):
        a, b = tw.constant(x), tw.constant(np.asarray(y, dtype))
        assert context._fast[0]
        got, want = _apply(sym, a, b), op(a, b)
        assert type(got) is EagerTensor and got.dtype == want.dtype == tw.as_dtype(dtype)
        assert type(got._value) is np.ndarray and got.shape == want.shape
        assert got.numpy().tobytes() == want.numpy().tobytes()
        assert got.numpy().tobytes() == ufunc(x, np.asarray(y, dtype)).tobytes()
    s = tw.constant(dtype(3))
    r = _apply(sym, s, s)  # 0-d: an array (NumPy's ufunc gives a scalar)
    assert type(r._value) is np.ndarray and r.shape == () and r.dtype == tw.as_dtype(dtype)


def test_other_operands_take_the_general_path():
    f, i = tw.constant([1.0, 2.0]), tw.constant([1, 2])
    assert (i + i).dtype == tw.int32 and (i * i).numpy().tolist() == [1, 4]
    assert (f + 1).numpy().tolist() == [2.0, 3.0] and (1 + f).numpy().tolist() == [2.0, 3.0]
    assert (2.0 / f).numpy().tolist() == [2.0, 1.0] and (f - 1.0).numpy().tolist() == [0, 1]
    arr = np.ones(2, np.float32)
    assert type(arr + f) is EagerTensor and (arr - f).numpy().tolist() == [0.0, -1.0]
    assert (f / arr).numpy().tolist() == [1.0, 2.0]
    with pytest.raises(tw.errors.InvalidArgumentError):
        f + tw.constant([1.0, 2.0, 3.0])  # shapes that do not broadcast: TF's error
    with pytest.raises((TypeError, tw.errors.InvalidArgumentError)):
        f + tw.constant([1.0, 2.0], dtype=tw.float64)  # dtypes differ: TF refuses


def test_quiet_as_tf_whatever_numpys_settings():
    zeros, big = tw.constant(np.zeros(3, np.float32)), tw.constant(np.float32(3e38))
    ones, inf = tw.constant(np.ones(3, np.float32)), tw.constant(np.float32(np.inf))
    with warnings.catch_warnings(record=True) as shown:  # the filters as they are
        assert np.isinf((ones / zeros).numpy()).all() and np.isinf((big * big).numpy())
        assert np.isnan((inf - inf).numpy())
    assert not shown
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # -W error: no error either
        assert np.isinf((ones / zeros).numpy()).all() and np.isnan((inf - inf).numpy())
    with np.errstate(all="raise"):
        assert np.isinf((ones / zeros).numpy()).all()
        with pytest.raises(FloatingPointError):  # the user's own NumPy still raises
            np.ones(1) / np.zeros(1)
    with warnings.catch_warnings(record=True) as shown:  # and warns, as it did
        warnings.simplefilter("always")
        np.ones(1) / np.zeros(1)
    assert len(shown) == 1


def test_tapes_and_graphs_still_see_the_ops():
    x = tw.constant([1.0, 2.0])
    with tw.GradientTape() as tape:
        tape.watch(x)
        y = x * x + x / x
    assert tape.gradient(y, x).numpy().tolist() == [2.0, 4.0]
    g = tw.Graph()
    with g.as_default():
        p = v1.placeholder(tw.float32, (2,))
        t = p * x  # an eager operand becomes a constant of the graph
        assert t.graph is g
        with v1.Session() as sess:
            assert sess.run(t, {p: [3.0, 4.0]}).tolist() == [3.0, 8.0]


def test_copy_and_pickle_keep_the_value_dtype_class_and_attributes():
    a = tw.constant([[1.5, -2.0]], dtype=tw.float64)
    for b in (copy.copy(a), copy.deepcopy(a), pickle.loads(pickle.dumps(a))):
        assert type(b) is EagerTensor and b.dtype == tw.float64
        assert b.numpy().tolist() == [[1.5, -2.0]]
    assert copy.deepcopy(a)._value is not a._value
    masked = tw.constant([1.0, 2.0])
    masked._keras_mask = tw.constant([True, False])  # as Keras sets on eager outputs
    back = pickle.loads(pickle.dumps(masked))
    assert back._keras_mask.numpy().tolist() == [True, False]
    # a pickle made before the C base (value and dtype in the instance's __dict__)
    old = EagerTensor.__new__(EagerTensor)
    old.__setstate__({"_value": np.array([1.5, 2.5], np.float32), "_dtype": tw.float32})
    assert (old + old).numpy().tolist() == [3.0, 5.0]


def test_an_eager_subclass_operand_takes_the_fast_path_as_the_methods_do():
    class Sub(EagerTensor):
        pass
    s, e = Sub(np.array([1.0, 2.0], np.float32)), tw.constant([3.0, 4.0])
    assert context._fast[0]
    for got in (s + e, s * e):  # (the subclass on the left, as the Python methods take it)
        assert type(got) is EagerTensor and got.dtype == tw.float32
    assert (s - e).numpy().tolist() == [-2.0, -2.0]
    assert (s / e).numpy().tolist() == [np.float32(1) / np.float32(3), 0.5]


def test_threads_computing_at_once_get_their_own_results():
    """NumPy lets go of the GIL inside large ufunc loops: another thread's operators run
    meanwhile (the compiled ones: their quiet context busy, the general path serves)."""
    big = tw.constant(np.ones(1 << 20, np.float32))
    errors, done = [], []

    def work(k):
        try:
            total = big
            for _ in range(20):
                total = total + big * tw.constant(np.float32(k))
            done.append((k, float(total.numpy()[0]), float(total.numpy()[-1])))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
    threads = [threading.Thread(target=work, args=(k,)) for k in (1, 2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(done) == [(k, 1.0 + 20 * k, 1.0 + 20 * k) for k in (1, 2, 3)]
