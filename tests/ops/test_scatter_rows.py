"""Gather's gradient (``GatherGrad``, an embedding's) as a compiled scatter-add along the
first axis (ops/shape.py ``_scatter_rows``, needs numba): the bits of ``np.add.at`` (the same
additions in the same order), and NumPy's own call where it does not apply."""

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import jit
from tensorweave.ops import shape as shape_ops
from tensorweave.ops.shape import GatherGrad

pytestmark = [pytest.mark.numpy_only,
              pytest.mark.skipif(not jit.available(), reason="numba is not installed (pip "
                                 "install 'tensorweave[fast]')")]


def _reference(shape, indices, g, axis=0):
    out = np.zeros(shape, g.dtype)
    moved = np.moveaxis(out, axis, 0)
    gm = g.reshape(g.shape[:axis] + (indices.size,) + g.shape[axis + indices.ndim:])
    np.add.at(moved, indices.ravel(), np.moveaxis(gm, axis, 0))
    return out


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
def test_same_bits_as_add_at_with_repeated_indices(dtype, index_dtype, monkeypatch):
    rng = np.random.default_rng(0)
    indices = rng.integers(0, 50, (16, 7)).astype(index_dtype)  # many repeats
    g = (rng.standard_normal((16, 7, 3, 4)) * 10.0 ** rng.integers(-3, 4, (16, 7, 3, 4))
         ).astype(dtype)  # magnitudes apart: the order of additions shows in the bits
    called = []
    loop = shape_ops._scatter_rows
    monkeypatch.setattr(shape_ops, "_scatter_rows",
                        lambda *a: called.append(1) or loop(*a))
    got = GatherGrad(0).forward(np, np.array([50, 3, 4]), indices, g)
    assert called and got.dtype == dtype
    assert got.tobytes() == _reference((50, 3, 4), indices, g).tobytes()


def test_where_it_does_not_apply_numpy_decides():
    g = np.ones((3, 2), np.float32)
    wrapped = GatherGrad(0).forward(np, np.array([4, 2]), np.array([-1, 0, -1]), g)
    assert wrapped[3].tolist() == [2.0, 2.0] and wrapped[0].tolist() == [1.0, 1.0]
    with pytest.raises(IndexError):
        GatherGrad(0).forward(np, np.array([4, 2]), np.array([0, 4, 1]), g)
    other_axis = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    idx = np.array([1, 1, 0])
    got = GatherGrad(1).forward(np, np.array([2, 2, 4]), idx, other_axis)
    assert got.tobytes() == _reference((2, 2, 4), idx, other_axis, axis=1).tobytes()


def test_embedding_gradient_in_a_graph():
    rng = np.random.default_rng(1)
    table = rng.standard_normal((20, 4)).astype(np.float32)
    ids = rng.integers(0, 20, (6, 5))
    with tf.Graph().as_default():
        w = tf.Variable(table)
        loss = tf.reduce_sum(tf.nn.embedding_lookup(w, ids) ** 2)
        grad, = tf.gradients(loss, [w])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            got = sess.run(tf.convert_to_tensor(grad))
    want = np.zeros_like(table)
    np.add.at(want, ids.ravel(), 2 * table[ids.ravel()])
    np.testing.assert_allclose(got, want, rtol=1e-6)
