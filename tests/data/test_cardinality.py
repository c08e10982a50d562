"""``Dataset.cardinality()``, ``len(ds)`` and the eager iterator's ``get_next()``: the
values TensorFlow 2.21 gives for the same pipelines (recorded; TF is not needed here)."""

import numpy as np
import pytest

import tensorweave as tf

# recorded from TF 2.21 (``int(ds.cardinality())``)
WANT = {"slices": 10, "range": 3, "tensors": 1, "batch": 4, "batch_drop": 3, "repeat": -1,
        "repeat2": 6, "take": 5, "skip": 6, "filter": -2, "map": 4, "shard": 3, "zip": 4,
        "zipinf": 6, "concat": 7, "shuffle": 5, "enumerate": 5, "skipinf": -1,
        "take_filter": -2, "repeat0": 0, "prefetch": 5, "cache": 5, "unbatch": -2,
        "padded": 3, "zipfilter": -2, "filter_repeat": -1, "filter_repeat2": -2}


def _cases():
    D = tf.data.Dataset  # (reading tf.* selects TF 2's eager mode for the test)
    x = np.arange(10)
    return {
        "slices": D.from_tensor_slices(x), "range": D.range(2, 11, 3),
        "tensors": D.from_tensors(x), "batch": D.range(10).batch(3),
        "batch_drop": D.range(10).batch(3, drop_remainder=True),
        "repeat": D.range(3).repeat(), "repeat2": D.range(3).repeat(2),
        "take": D.range(3).repeat().take(5), "skip": D.range(10).skip(4),
        "filter": D.range(10).filter(lambda v: v > 3), "map": D.range(4).map(lambda v: v * 2),
        "shard": D.range(10).shard(3, 1), "zip": D.zip((D.range(4), D.range(6))),
        "zipinf": D.zip((D.range(4).repeat(), D.range(6))),
        "concat": D.range(3).concatenate(D.range(4)), "shuffle": D.range(5).shuffle(3),
        "enumerate": D.range(5).enumerate(), "skipinf": D.range(2).repeat().skip(3),
        "take_filter": D.range(10).filter(lambda v: v > 3).take(2),
        "repeat0": D.range(0).repeat(), "prefetch": D.range(5).prefetch(2),
        "cache": D.range(5).cache(), "unbatch": D.range(6).batch(2).unbatch(),
        "padded": D.range(5).padded_batch(2),
        "zipfilter": D.zip((D.range(4), D.range(6).filter(lambda v: v > 2))),
        "filter_repeat": D.range(10).filter(lambda v: v > 3).repeat(),
        "filter_repeat2": D.range(10).filter(lambda v: v > 3).repeat(2),
    }


def test_cardinality_as_tf():
    got = {name: int(ds.cardinality()) for name, ds in _cases().items()}
    assert got == WANT
    assert tf.data.INFINITE_CARDINALITY == -1 and tf.data.UNKNOWN_CARDINALITY == -2
    assert tf.data.experimental.cardinality(tf.data.Dataset.range(4)).numpy() == 4


def test_len_and_get_next_as_tf():
    D = tf.data.Dataset
    assert len(D.range(5)) == 5 and len(D.range(10).batch(4)) == 3
    with pytest.raises(TypeError, match="The dataset is infinite."):
        len(D.range(2).repeat())
    with pytest.raises(TypeError, match="The dataset length is unknown."):
        len(D.range(4).filter(lambda v: v > 1))
    it = iter(D.range(2))
    assert int(it.get_next()) == 0 and int(next(it)) == 1
    with pytest.raises(tf.errors.OutOfRangeError):
        it.get_next()
    assert [int(e) for e in D.range(3)] == [0, 1, 2]
