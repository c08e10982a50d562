"""Op-table rows for ``reverse``, ``gather_nd``/``scatter_nd``, ``unique``, ``einsum``,
``tensordot`` and the truncating ``truncatediv``/``truncatemod``."""

import numpy as np

import tensorweave.compat.v1 as tf
from optable import A, I, case, away, ints

case("reverse_axis1", lambda x: tf.reverse(x, [1]), lambda x: x[:, ::-1], [A(3, 4)],
     ["ReverseV2"])
case("reverse_two_axes", lambda x: tf.reverse(x, [0, -1]), lambda x: x[::-1, :, ::-1],
     [A(2, 3, 2)], ["ReverseV2"])
case("gather_nd_elements", lambda p, i: tf.gather_nd(p, i),
     lambda p, i: p[i[:, 0], i[:, 1]], [A(3, 4), I([[2, 1], [0, 3], [2, 1]])],
     ["GatherNd", "ScatterNd"], keeps_rank=False)
case("gather_nd_rows", lambda p, i: tf.gather_nd(p, i), lambda p, i: p[i[..., 0]],
     [A(3, 4), I([[[1], [0]], [[2], [2]]])], ["GatherNd", "ScatterNd"], keeps_rank=False)
case("scatter_nd_repeats", lambda u, i: tf.scatter_nd(i, u, [4, 2]),
     lambda u, i: _np_scatter(i, u, (4, 2)), [A(3, 2), I([[1], [3], [1]])],
     ["ScatterNd", "GatherNd"])
case("unique", lambda x: list(tf.unique(x)),
     lambda x: [np.array([3, 1, 7], np.int32), np.array([0, 1, 0, 2, 1], np.int32)],
     [I([3, 1, 3, 7, 1])], ["Unique"], grad=(), exact=False)
case("einsum_matmul", lambda a, b: tf.einsum("ij,jk->ik", a, b), lambda a, b: a @ b,
     [A(3, 4), A(4, 2)], ["Einsum"])
case("einsum_batch", lambda a, b: tf.einsum("bij,bjk->bik", a, b), np.matmul,
     [A(2, 3, 4), A(2, 4, 2)], ["Einsum"])
case("einsum_row_sums", lambda a: tf.einsum("ij->i", a), lambda a: a.sum(1), [A(3, 4)],
     ["Einsum", "BroadcastTo"])
case("einsum_dot_implicit", lambda a, b: tf.einsum("i,i", a, b), lambda a, b: a @ b,
     [A(5), A(5)], ["Einsum"])
# With unknown dims or ranks the shapes and (for an unknown rank) the axes are read at run time.
case("tensordot_axes1", lambda a, b: tf.tensordot(a, b, 1), lambda a, b: np.tensordot(a, b, 1),
     [A(2, 3), A(3, 4)], ["MatMul", "Transpose"])
case("tensordot_pairs", lambda a, b: tf.tensordot(a, b, [[0, 2], [2, 0]]),
     lambda a, b: np.tensordot(a, b, [[0, 2], [2, 0]]), [A(2, 3, 4), A(4, 5, 2)],
     ["MatMul", "Transpose"])
case("tensordot_negative_axes", lambda a, b: tf.tensordot(a, b, [[-1, 0], [0, -1]]),
     lambda a, b: np.tensordot(a, b, [[-1, 0], [0, -1]]), [A(2, 3, 4), A(4, 5, 2)],
     ["MatMul", "Transpose"])
case("tensordot_axes2_3d", lambda a, b: tf.tensordot(a, b, 2),
     lambda a, b: np.tensordot(a, b, 2), [A(2, 3, 4), A(3, 4, 5)], ["MatMul", "Transpose"])
case("tensordot_outer", lambda a, b: tf.tensordot(a, b, 0), lambda a, b: np.tensordot(a, b, 0),
     [A(2, 3), A(4)], ["MatMul"])
case("truncatediv_int", tf.truncatediv,
     lambda x, y: (np.abs(x) // np.abs(y) * np.sign(x) * np.sign(y)).astype(np.int32),
     [I([7, -7, 7, -7, 0]), I([2, 2, -2, -2, 3])], ["TruncateDiv"], grad=())
case("truncatediv_float", tf.truncatediv, lambda x, y: np.trunc(x / y),
     [A(3, 4, gen=away(0.5, 3.0)), A(3, 4, gen=away(0.5, 1.5))], ["TruncateDiv"], grad=())
case("truncatemod", tf.truncatemod, np.fmod, [I([7, -7, 7, -7]), I([3, 3, -3, -3])],
     ["TruncateMod"], grad=())
case("truncatemod_float", tf.truncatemod, np.fmod,
     [A(3, 4, gen=away(0.5, 3.0)), A(3, 4, gen=away(0.5, 1.5))], ["TruncateMod"], grad=())


def _np_scatter(i, u, shape):
    out = np.zeros(shape, u.dtype)
    np.add.at(out, i[:, 0], u)
    return out


del ints
