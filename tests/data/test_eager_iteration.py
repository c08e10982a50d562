"""tf.data in eager mode: ``for x, y in dataset`` gives eager tensors, one pass per loop."""

import numpy as np
import pytest

import tensorweave as tw
from tensorweave.eager import EagerTensor

X = np.arange(10, dtype=np.float32).reshape(5, 2)
Y = np.arange(5)


def test_for_loop_gives_eager_batches_in_order():
    batches = list(tw.data.Dataset.from_tensor_slices((X, Y)).batch(2))
    assert [b[1].numpy().tolist() for b in batches] == [[0, 1], [2, 3], [4]]
    xb, yb = batches[0]
    assert isinstance(xb, EagerTensor) and xb.dtype == tw.float32 and yb.dtype == tw.int64
    np.testing.assert_array_equal(xb.numpy(), X[:2])


def test_map_repeat_and_structures():
    ds = tw.data.Dataset.from_tensor_slices({"a": X, "b": Y}) \
        .map(lambda d: (d["a"] * 2, d["b"] + 1)).repeat(2).batch(4)
    got = [(a.numpy(), b.numpy()) for a, b in ds]
    assert [len(b) for _, b in got] == [4, 4, 2]
    np.testing.assert_array_equal(np.concatenate([a for a, _ in got]), np.tile(X * 2, (2, 1)))


def test_each_loop_is_a_new_pass_and_seeded_shuffles_repeat():
    def orders():
        tw.random.set_seed(3)
        ds = tw.data.Dataset.range(8).shuffle(8, seed=1)
        return [[int(v) for v in ds] for _ in range(2)]
    first = orders()
    assert sorted(first[0]) == list(range(8)) and first[0] != first[1]
    assert orders() == first


def test_training_loop_over_a_dataset_with_a_compiled_step():
    w = tw.Variable(tw.zeros((2, 1)))
    target = np.array([[1.0], [-1.0]], np.float32)
    xs = np.random.default_rng(0).normal(size=(20, 2)).astype(np.float32)
    ds = tw.data.Dataset.from_tensor_slices((xs, xs @ target)).batch(5)

    @tw.function
    def step(x, y):
        with tw.GradientTape() as tape:
            loss = tw.reduce_mean((tw.matmul(x, w) - y) ** 2)
        w.assign_sub(0.2 * tape.gradient(loss, w))
        return loss
    losses = [float(step(x, y)) for _ in range(30) for x, y in ds]
    assert losses[-1] < 1e-4 * losses[0]
    np.testing.assert_allclose(w.numpy(), target, atol=0.05)


def test_graph_mode_still_refuses_python_iteration():
    import tensorweave.compat.v1 as tf
    ds = tf.data.Dataset.range(3)
    with pytest.raises(RuntimeError, match="only supports Python-style iteration in eager"):
        iter(ds)


def test_iterating_inside_a_function_runs_it_eagerly():
    ds = tw.data.Dataset.from_tensor_slices(X).batch(2)

    @tw.function
    def total(dataset):
        s = tw.constant(0.0)
        for batch in dataset:
            s += tw.reduce_sum(batch)
        return s
    assert float(total(ds)) == float(X.sum())
    assert float(total(ds)) == float(X.sum())


def test_as_numpy_iterator_and_reduce():
    ds = tw.data.Dataset.from_tensor_slices((X, Y)).batch(2)
    got = list(ds.as_numpy_iterator())
    assert len(got) == 3 and isinstance(got[0][0], np.ndarray)
    np.testing.assert_array_equal(got[1][0], X[2:4])
    total = tw.data.Dataset.range(5).reduce(tw.constant(0, tw.int64), lambda s, x: s + x)
    assert int(total) == 10
    pairs = tw.data.Dataset.from_tensor_slices((X, Y))
    count = pairs.reduce(tw.constant(0), lambda s, e: s + tw.cast(e[1], tw.int32))
    assert int(count) == int(Y.sum())


def test_py_function_on_scalars():
    out = tw.py_function(lambda x: x * 2, [tw.constant(1.5)], tw.float32)
    assert float(out) == 3.0
