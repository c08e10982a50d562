"""tf.data in graph mode (tensorweave/data/, ops/iterator.py).

Expected values, dtypes, static shapes, error types and messages were recorded from
TensorFlow 2.21 running the same programs as ``tf.compat.v1`` graphs
(``tf.disable_v2_behavior()``). Shuffled orders are not TF's (TF's random stream is not
reproduced); the shuffle tests check its semantics instead.
"""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as g:
        yield g


def run_all(ds, limit=1000):
    """Every element of a one-shot iterator over ``ds``, until OutOfRangeError."""
    g = tf.data.make_one_shot_iterator(ds).get_next()
    out = []
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                out.append(sess.run(g))
            except tf.errors.OutOfRangeError:
                return out
    raise AssertionError("no OutOfRangeError")


X = np.arange(12, dtype=np.float32).reshape(6, 2)
Y = np.arange(6)


# -- structure: dtypes and static shapes (as TF 2.21 reports them) --------------------------
def test_output_types_and_shapes():
    D = tf.data.Dataset
    types, shapes = tf.data.get_output_types, tf.data.get_output_shapes
    assert types(D.from_tensor_slices([1.0, 2.0])) == tf.float32   # Python floats
    assert types(D.from_tensor_slices([1, 2])) == tf.int32          # Python ints
    ds = D.from_tensor_slices(np.zeros((5, 3)))
    assert types(ds) == tf.float64 and shapes(ds).as_list() == [3]
    ds = D.from_tensor_slices({"a": np.zeros((5, 3), np.float32), "b": np.arange(5)})
    assert types(ds) == {"a": tf.float32, "b": tf.int64}
    assert shapes(ds)["a"].as_list() == [3] and shapes(ds)["b"].as_list() == []
    assert types(D.range(5)) == tf.int64
    assert D.range(5).batch(2).output_shapes.as_list() == [None]
    assert D.range(5).batch(2, drop_remainder=True).output_shapes.as_list() == [2]
    ds = D.from_tensors(([1, 2], 3.0))
    assert types(ds) == (tf.int32, tf.float32)
    assert [s.as_list() for s in shapes(ds)] == [[2], []]
    assert types(D.range(5).enumerate()) == (tf.int64, tf.int64)
    assert types(D.zip((D.range(5), D.from_tensor_slices([1., 2.])))) == (tf.int64, tf.float32)
    assert D.range(6).batch(2).unbatch().output_shapes.as_list() == []
    ds = D.range(4).map(lambda x: tf.fill([x], x)).padded_batch(2, padded_shapes=[None])
    assert ds.output_shapes.as_list() == [None, None]
    ds = D.range(4).map(lambda x: (x, tf.cast(x, tf.float32) * 2.))
    assert types(ds) == (tf.int64, tf.float32)
    assert D.range(3).map(lambda x: [x, x]).output_types == (tf.int64, tf.int64)


def test_element_spec_and_get_next_tensors():
    ds = tf.data.Dataset.from_tensor_slices((X, Y))
    assert repr(ds.element_spec) == (
        "(TensorSpec(shape=(2,), dtype=tf.float32, name=None), "
        "TensorSpec(shape=(), dtype=tf.int64, name=None))")
    xb, yb = ds.batch(2).make_one_shot_iterator().get_next()
    assert xb.name == "IteratorGetNext:0" and yb.name == "IteratorGetNext:1"
    assert xb.op.type == "IteratorGetNext"
    assert xb.shape.as_list() == [None, 2] and yb.shape.as_list() == [None]
    assert xb.dtype == tf.float32 and yb.dtype == tf.int64


def test_mismatched_first_dimensions():
    with pytest.raises(ValueError, match="Dimensions 5 and 4 are not compatible"):
        tf.data.Dataset.from_tensor_slices((np.zeros(5), np.zeros(4)))


# -- values of deterministic pipelines (TF 2.21's) ------------------------------------------
def test_batch_values_and_last_partial_batch():
    out = run_all(tf.data.Dataset.from_tensor_slices((X, Y)).batch(4))
    assert len(out) == 2
    np.testing.assert_array_equal(out[0][0], X[:4])
    np.testing.assert_array_equal(out[0][1], [0, 1, 2, 3])
    np.testing.assert_array_equal(out[1][0], X[4:])
    assert out[1][0].dtype == np.float32 and out[1][1].dtype == np.int64
    out = run_all(tf.data.Dataset.from_tensor_slices(Y).batch(4, drop_remainder=True))
    assert [o.tolist() for o in out] == [[0, 1, 2, 3]]


def test_map_filter_batch():
    ds = tf.data.Dataset.range(10).map(lambda v: v * v) \
        .filter(lambda v: tf.equal(v % 2, 0)).batch(2)
    assert [o.tolist() for o in run_all(ds)] == [[0, 4], [16, 36], [64]]


def test_repeat_skip_take_counts():
    ds = tf.data.Dataset.range(3).repeat(3).skip(2).take(5)
    assert run_all(ds) == [2, 0, 1, 2, 0]
    assert len(run_all(tf.data.Dataset.range(3).repeat(4))) == 12
    assert run_all(tf.data.Dataset.range(3).take(-1)) == [0, 1, 2]
    assert run_all(tf.data.Dataset.range(3).skip(-1)) == []
    assert run_all(tf.data.Dataset.range(10).shard(3, 1)) == [1, 4, 7]
    assert run_all(tf.data.Dataset.range(0).repeat()) == []  # empty forever: empty


def test_padded_batch():
    ds = tf.data.Dataset.range(1, 5).map(lambda v: tf.fill([v], v)).padded_batch(
        2, padded_shapes=[None])
    out = run_all(ds)
    assert [o.tolist() for o in out] == [[[1, 0], [2, 2]], [[3, 3, 3, 0], [4, 4, 4, 4]]]
    ds = tf.data.Dataset.range(1, 4).map(lambda v: tf.fill([v], tf.cast(v, tf.float32))) \
        .padded_batch(2, padded_shapes=[4], padding_values=-1.)
    assert [o.tolist() for o in run_all(ds)] == [
        [[1, -1, -1, -1], [2, 2, -1, -1]], [[3, 3, 3, -1]]]


def test_zip_enumerate_unbatch_concatenate():
    D = tf.data.Dataset
    out = run_all(D.zip((D.range(3), D.range(10, 20))).enumerate(5))
    assert out == [(5, (0, 10)), (6, (1, 11)), (7, (2, 12))]
    out = run_all(D.range(6).batch(4).unbatch().concatenate(D.range(2)))
    assert out == [0, 1, 2, 3, 4, 5, 0, 1]
    with pytest.raises(TypeError, match="Incompatible dataset elements"):
        D.range(3).concatenate(D.from_tensor_slices([1.0]))


def test_map_with_tf_ops():
    out = run_all(tf.data.Dataset.from_tensor_slices(X).map(
        lambda r: (tf.reduce_sum(r), tf.nn.relu(r - 5.) * 2.)))
    assert [float(s) for s, _ in out] == [1., 5., 9., 13., 17., 21.]
    assert [r.tolist() for _, r in out] == [[0, 0], [0, 0], [0, 0], [2, 4], [6, 8], [10, 12]]


def test_map_on_dicts_and_nested_tuples():
    ds = tf.data.Dataset.from_tensor_slices({"a": X, "b": Y}).map(
        lambda d: {"s": d["a"][0] + tf.cast(d["b"], tf.float32), "b": d["b"]}).batch(3)
    out = run_all(ds)
    assert out[0]["s"].tolist() == [0, 3, 6] and out[1]["s"].tolist() == [9, 12, 15]
    assert out[1]["b"].tolist() == [3, 4, 5]
    ds = tf.data.Dataset.from_tensor_slices(((Y, Y * 2), Y * 3)).map(
        lambda ab, c: ab[0] + ab[1] + c)
    assert run_all(ds)[:3] == [0, 6, 12]


def test_map_reads_outside_tensors_and_variables():
    c = tf.constant(10.0)
    assert run_all(tf.data.Dataset.from_tensor_slices([1., 2.]).map(lambda v: v * c)) == [10., 20.]
    w = tf.Variable(2.0)
    g = tf.data.Dataset.from_tensor_slices([1., 2., 3.]).map(
        lambda e: e * w).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        sess.run(w.initializer)
        first = sess.run(g)
        sess.run(w.assign(10.))
        assert (first, sess.run(g)) == (2.0, 20.0)  # the variable is read per element


def test_from_tensors_and_generator():
    out = run_all(tf.data.Dataset.from_tensors(([1, 2], 3.0)).repeat(2))
    assert len(out) == 2 and out[0][0].tolist() == [1, 2] and out[0][0].dtype == np.int32
    assert out[1][1] == 3.0 and out[1][1].dtype == np.float32

    def gen():
        for i in range(3):
            yield i, [float(i)] * i
    ds = tf.data.Dataset.from_generator(gen, (tf.int64, tf.float32), ((), (None,)))
    out = run_all(ds)
    assert [int(a) for a, _ in out] == [0, 1, 2]
    assert [b.tolist() for _, b in out] == [[], [1.], [2., 2.]]


def test_strings():
    ds = tf.data.Dataset.from_tensor_slices(["a", "bc"])
    assert ds.output_types == tf.string
    assert run_all(ds) == [b"a", b"bc"]


# -- iterators ----------------------------------------------------------------------------
def test_end_of_sequence_and_one_run_advances_once():
    it = tf.data.Dataset.from_tensor_slices((X[:5], Y[:5])).batch(2).make_one_shot_iterator()
    xb, yb = it.get_next()
    with tf.Session() as sess:
        a, b = sess.run([xb, yb])  # one element for both
        assert a.tolist() == [[0, 1], [2, 3]] and b.tolist() == [0, 1]
        assert sess.run(xb).tolist() == [[4, 5], [6, 7]]
        assert sess.run(yb).tolist() == [4]  # each run advances
        for _ in range(2):  # and it stays at the end
            with pytest.raises(tf.errors.OutOfRangeError) as e:
                sess.run(xb)
            assert e.value.message == "End of sequence\n\t [[{{node IteratorGetNext}}]]"
    g = tf.data.Dataset.range(4).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        assert sess.run([g, g * 2, g + 1]) == [0, 0, 1]
        assert sess.run(g) == 1


def test_sessions_iterate_independently():
    g = tf.data.Dataset.range(5).make_one_shot_iterator().get_next()
    s1, s2 = tf.Session(), tf.Session()
    assert [s1.run(g), s1.run(g), s2.run(g), s1.run(g)] == [0, 1, 0, 2]


def test_initializable_iterator_refed_with_placeholders():
    p = tf.placeholder(tf.float32, [None])
    q = tf.placeholder(tf.int32, [])
    ds = tf.data.Dataset.from_tensor_slices(p).map(lambda v: v + tf.cast(q, tf.float32))
    it = tf.data.make_initializable_iterator(ds.batch(2))
    nx = it.get_next()
    assert nx.shape.as_list() == [None] and it.initializer.type == "MakeIterator"
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError,
                           match="GetNext\\(\\) failed because the iterator has not been "
                                 "initialized"):
            sess.run(nx)
        results = []
        for values, offset in (([1., 2., 3.], 10), ([5., 6.], 0)):
            sess.run(it.initializer, feed_dict={p: values, q: offset})
            out = []
            while True:
                try:
                    out.append(sess.run(nx).tolist())
                except tf.errors.OutOfRangeError:
                    break
            results.append(out)
        assert results == [[[11., 12.], [13.]], [[5., 6.]]]
        sess.run(it.initializer, feed_dict={p: [7.], q: 1})  # restarts mid-way too
        assert sess.run(nx).tolist() == [8.]


def test_one_shot_iterator_cannot_capture_placeholder():
    p = tf.placeholder(tf.float32, [None])
    with pytest.raises(ValueError, match=r"Cannot capture a placeholder "
                                         r"\(name:Placeholder, type:Placeholder\) by value."):
        tf.data.Dataset.from_tensor_slices(p).make_one_shot_iterator()
    it = tf.data.Dataset.range(2).make_one_shot_iterator()
    with pytest.raises(ValueError, match="does not have an initializer"):
        _ = it.initializer


def test_reinitializable_iterator_from_structure():
    it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
    nx = it.get_next()
    first = it.make_initializer(tf.data.Dataset.range(3))
    second = it.make_initializer(tf.data.Dataset.range(10, 12))
    assert first.type == "MakeIterator" and first.name == "make_initializer"
    with tf.Session() as sess:
        sess.run(first)
        assert [sess.run(nx), sess.run(nx)] == [0, 1]
        sess.run(second)
        assert [sess.run(nx), sess.run(nx)] == [10, 11]
    with pytest.raises(TypeError):
        it.make_initializer(tf.data.Dataset.from_tensor_slices([1.0]))


def test_python_iteration_is_refused():
    with pytest.raises(RuntimeError, match="only supports Python-style iteration"):
        iter(tf.data.Dataset.range(3))


# -- shuffle: TF's semantics (its random stream is not reproduced) --------------------------
def test_shuffle_semantics():
    ds = tf.data.Dataset.range(6).shuffle(6, seed=1).repeat(2)
    a, b = run_all(ds), run_all(ds)
    assert a == b                                        # a seed: the same in every session
    assert sorted(a[:6]) == sorted(a[6:]) == list(range(6))  # each epoch a permutation
    assert a[:6] != a[6:]                                # a new order each epoch
    same = run_all(tf.data.Dataset.range(6).shuffle(6, seed=1,
                                                    reshuffle_each_iteration=False).repeat(2))
    assert same[:6] == same[6:]
    assert run_all(tf.data.Dataset.range(5).shuffle(1)) == [0, 1, 2, 3, 4]  # buffer of 1
    out = run_all(tf.data.Dataset.range(50).shuffle(4, seed=7))
    assert sorted(out) == list(range(50))
    assert all(v <= i + 3 for i, v in enumerate(out))  # only 4 elements are ever buffered


def test_batches_of_slices_are_gathered_at_once_with_the_element_by_element_values(
        monkeypatch):
    """``from_tensor_slices(arrays)[.shuffle(b)].batch(n)``: the rows of each batch are
    gathered by index at once (a Keras epoch over 60k MNIST-sized rows: 0.30 -> 0.05 s to
    iterate), the same batches, bit for bit and in the same shuffled order, as the
    element-by-element pipeline gives (here forced by a ``take(-1)`` between)."""
    from tensorweave.data import transforms
    rng = np.random.default_rng(0)
    x = rng.standard_normal((300, 3)).astype(np.float32)
    labels = rng.integers(0, 5, 300)
    names = np.array([f"n{i}" for i in range(300)], dtype=object)
    gathered = []
    shuffled_rows = transforms.ShuffleDataset._shuffled_rows
    monkeypatch.setattr(transforms.ShuffleDataset, "_shuffled_rows",
                        lambda self, env: gathered.append(1) or shuffled_rows(self, env))

    def batches(ds):
        return [[v.tobytes() if v.dtype != object else v.tolist() for v in b]
                for b in run_all(ds.repeat(2))]
    for buffer in (1, 7, 64, 300, 1000):
        for drop in (False, True):
            def make(via_elements):
                ds = tf.data.Dataset.from_tensor_slices((x, labels, names))
                if via_elements:
                    ds = ds.take(-1)
                return ds.shuffle(buffer, seed=5).batch(32, drop_remainder=drop)
            gathered.clear()
            fast = batches(make(False))
            assert gathered  # the rows were ordered by index
            assert fast == batches(make(True))
            assert len(fast) == (18 if drop else 20)
    plain = run_all(tf.data.Dataset.from_tensor_slices(x).batch(128))
    assert [b.shape for b in plain] == [(128, 3), (128, 3), (44, 3)]
    np.testing.assert_array_equal(np.concatenate(plain), x)
    plain[0][:] = 0  # a batch is its own array, not a view of the data
    assert x.any()


def test_shuffle_with_seed_repeats_at_reinitialization():
    p = tf.placeholder(tf.float32, [None])
    it = tf.data.Dataset.from_tensor_slices(p).shuffle(10, seed=3).make_initializable_iterator()
    nx = it.get_next()
    orders = []
    with tf.Session() as sess:
        for _ in range(2):
            sess.run(it.initializer, feed_dict={p: np.arange(8.)})
            orders.append([float(sess.run(nx)) for _ in range(8)])
    assert orders[0] == orders[1] and sorted(orders[0]) == list(range(8))


def test_cache_replays_first_pass():
    ds = tf.data.Dataset.range(3).map(
        lambda v: tf.random_uniform([], seed=1) + tf.cast(v, tf.float32)).cache().repeat(2)
    out = run_all(ds)
    assert out[:3] == out[3:]


# -- a training loop (TF 2.21: 15 steps, final loss 0.021655802, b 0.20874831) ---------------
def _regression_data():
    rng = np.random.RandomState(0)
    x = rng.randn(40, 3).astype(np.float32)
    return x, x @ np.array([[1.], [-2.], [0.5]], np.float32) + 0.3


def _model(xb, yb):
    w = tf.Variable(tf.zeros([3, 1]))
    b = tf.Variable(0.)
    loss = tf.reduce_mean(tf.square(tf.matmul(xb, w) + b - yb))
    return loss, b, tf.train.GradientDescentOptimizer(0.1).minimize(loss)


def test_training_loop_matches_feed_dict_and_tf():
    x, y = _regression_data()
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(8).repeat(3)
    xb, yb = ds.make_one_shot_iterator().get_next()
    loss, b, train = _model(xb, yb)
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        while True:
            try:
                losses.append(sess.run([train, loss])[1])
            except tf.errors.OutOfRangeError:
                break
        b_data = sess.run(b)
    assert len(losses) == 15
    np.testing.assert_allclose(losses[-1], 0.021655802, rtol=1e-4)
    np.testing.assert_allclose(b_data, 0.20874831, rtol=1e-5)

    with tf.Graph().as_default():
        xp = tf.placeholder(tf.float32, [None, 3])
        yp = tf.placeholder(tf.float32, [None, 1])
        loss, b, train = _model(xp, yp)
        fed = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                for i in range(0, 40, 8):
                    fed.append(sess.run([train, loss], {xp: x[i:i + 8], yp: y[i:i + 8]})[1])
    np.testing.assert_array_equal(losses, fed)


def test_training_with_shuffle_runs_every_example_each_epoch():
    x, y = _regression_data()
    seen = tf.Variable(tf.zeros([40]))
    ds = tf.data.Dataset.from_tensor_slices((x, y, np.arange(40))).shuffle(
        1000, seed=1).batch(32).repeat(2)
    xb, yb, ib = ds.make_one_shot_iterator().get_next()
    _, _, train = _model(xb, yb)
    count = tf.scatter_add(seen, ib, tf.ones_like(tf.cast(ib, tf.float32)))
    steps = 0
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        while True:
            try:
                sess.run([train, count])
                steps += 1
            except tf.errors.OutOfRangeError:
                break
        assert steps == 4 and sess.run(seen).tolist() == [2.0] * 40
