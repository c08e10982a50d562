"""Op-table rows for ``tf.linalg``: band parts, diagonals (``diag``/``diag_part``/``set_diag``,
TF1's rank-doubling ``tf.diag``/``tf.diag_part``), ``trace``, ``eye``, ``matrix_transpose``,
``triangular_solve``, ``solve``, ``inv``, ``det``, ``slogdet``, ``cholesky``, ``logdet``,
``norm`` and the QR gradient for wide matrices (the tall QR rows are in cases_math).
"""

import numpy as np

import tensorweave.compat.v1 as tf
from optable import A, case, away, distinct, normal


def dominant(scale=4.0):
    """Random matrices plus ``scale`` times the identity: well conditioned, for inverses,
    solves and determinants (and triangles with a diagonal far from 0)."""
    def gen(rng, shape):
        return rng.normal(0.0, 1.0, shape) + scale * np.eye(shape[-2], shape[-1])
    return gen


def _band(x, lo, up):
    i, j = np.indices(x.shape[-2:])
    keep = ((lo < 0) | (i - j <= lo)) & ((up < 0) | (j - i <= up))
    return np.where(keep, x, 0.0)


def _spd(x):
    """A symmetric positive-definite matrix made from any square ``x`` (graph side)."""
    n = x.shape.as_list()[-1] if x.shape.ndims is not None else None
    n = n if n is not None else tf.shape(x)[-1]
    return tf.matmul(x, x, transpose_b=True) + 3.0 * tf.eye(n, dtype=x.dtype)


def _np_spd(x):
    return x @ np.swapaxes(x, -1, -2) + 3.0 * np.eye(x.shape[-1])


def _np_diag(d):
    out = np.zeros(d.shape + (d.shape[-1],))
    i = np.arange(d.shape[-1])
    out[..., i, i] = d
    return out


def _np_set_diag(x, d):
    out = x.copy()
    i = np.arange(d.shape[-1])
    out[..., i, i] = d
    return out


def _np_tensor_diag(d):
    return np.diag(d.ravel()).reshape(d.shape * 2)


def _np_tensor_diag_part(x):
    half = x.ndim // 2
    n = int(np.prod(x.shape[:half]))
    return np.diagonal(x.reshape(n, n)).reshape(x.shape[:half])


def _np_qr(full=False):
    return lambda x: list(np.linalg.qr(x, mode="complete" if full else "reduced"))


# Band parts and diagonals.
case("band_part_lower", lambda x: tf.linalg.band_part(x, -1, 0), np.tril, [A(3, 4)],
     ["MatrixBandPart"])
case("band_part_band", lambda x: tf.matrix_band_part(x, 1, 2), lambda x: _band(x, 1, 2),
     [A(2, 4, 5)], ["MatrixBandPart"])
case("linalg_diag", tf.linalg.diag, _np_diag, [A(2, 3)], ["MatrixDiag", "MatrixDiagPart"])
case("linalg_diag_part_square", tf.linalg.diag_part,
     lambda x: np.diagonal(x, axis1=-2, axis2=-1), [A(2, 3, 3)],
     ["MatrixDiagPart", "MatrixDiag"])
case("linalg_diag_part_wide", tf.matrix_diag_part,
     lambda x: np.diagonal(x, axis1=-2, axis2=-1), [A(2, 3, 4)],
     ["MatrixDiagPart", "MatrixSetDiag", "ZerosLike"])
case("linalg_set_diag", tf.linalg.set_diag, _np_set_diag, [A(2, 4, 3), A(2, 3)],
     ["MatrixSetDiag", "MatrixDiagPart"])
case("tensor_diag", tf.diag, _np_tensor_diag, [A(2, 3)], ["Diag", "DiagPart"])
case("tensor_diag_part", tf.diag_part, _np_tensor_diag_part, [A(2, 3, 2, 3)],
     ["DiagPart", "Diag"])
case("trace", tf.linalg.trace, lambda x: np.trace(x, axis1=-2, axis2=-1), [A(2, 3, 4)],
     ["MatrixDiagPart", "Sum"])
case("eye_batched", lambda x: x + tf.eye(3, batch_shape=[2], dtype=x.dtype),
     lambda x: x + np.eye(3), [A(2, 3, 3)], ["MatrixDiag", "Fill"])
case("eye_rect", lambda x: x * tf.eye(2, 3, dtype=x.dtype), lambda x: x * np.eye(2, 3),
     [A(2, 3)], ["MatrixSetDiag", "Fill"])
case("matrix_transpose", tf.linalg.matrix_transpose, lambda x: np.swapaxes(x, -1, -2),
     [A(2, 3, 4)], ["Transpose"])
case("linalg_adjoint", tf.linalg.adjoint, lambda x: np.swapaxes(x, -1, -2), [A(3, 2)],
     ["Transpose"])

# Solves, inverse, determinants, factorizations.
case("triangular_solve_lower", tf.linalg.triangular_solve,
     lambda a, b: np.linalg.solve(np.tril(a), b), [A(3, 3, gen=dominant()), A(3, 2)],
     ["MatrixTriangularSolve", "MatrixBandPart", "MatMul"])
case("triangular_solve_upper_adjoint",
     lambda a, b: tf.matrix_triangular_solve(a, b, lower=False, adjoint=True),
     lambda a, b: np.linalg.solve(np.swapaxes(np.triu(a), -1, -2), b),
     [A(2, 3, 3, gen=dominant()), A(2, 3, 2)], ["MatrixTriangularSolve", "MatrixBandPart"])
case("triangular_solve_broadcast", tf.linalg.triangular_solve,
     lambda a, b: np.linalg.solve(np.tril(a), b), [A(2, 3, 3, gen=dominant()), A(3, 2)],
     ["MatrixTriangularSolve", "ReduceToShape"])
case("solve", tf.linalg.solve, np.linalg.solve, [A(3, 3, gen=dominant()), A(3, 2)],
     ["MatrixSolve", "MatMul"])
case("solve_adjoint_batched", lambda a, b: tf.matrix_solve(a, b, adjoint=True),
     lambda a, b: np.linalg.solve(np.swapaxes(a, -1, -2), b),
     [A(2, 3, 3, gen=dominant()), A(2, 3, 1)], ["MatrixSolve"])
case("inv", tf.linalg.inv, np.linalg.inv, [A(2, 3, 3, gen=dominant())], ["MatrixInverse"])
case("inv_adjoint", lambda x: tf.matrix_inverse(x, adjoint=True),
     lambda x: np.linalg.inv(x.T), [A(3, 3, gen=dominant())], ["MatrixInverse"])
case("det", tf.linalg.det, np.linalg.det, [A(2, 3, 3, gen=dominant(2.0))],
     ["MatrixDeterminant", "MatrixInverse"])
case("slogdet", lambda x: list(tf.linalg.slogdet(x)), lambda x: list(np.linalg.slogdet(x)),
     [A(2, 3, 3, gen=dominant(1.0))], ["LogMatrixDeterminant", "MatrixInverse"])
case("cholesky", lambda x: tf.linalg.cholesky(_spd(x)),
     lambda x: np.linalg.cholesky(_np_spd(x)), [A(2, 3, 3)],
     ["Cholesky", "MatrixTriangularSolve", "MatrixSetDiag", "MatrixBandPart"])
case("logdet", lambda x: tf.linalg.logdet(_spd(x)),
     lambda x: np.linalg.slogdet(_np_spd(x))[1], [A(3, 3)], ["Cholesky", "Log"])
case("qr_wide", lambda x: list(tf.linalg.qr(x)), _np_qr(), [A(3, 5)],
     ["Qr", "MatrixTriangularSolve", "MatrixBandPart", "ConcatV2"])
case("qr_full_wide", lambda x: list(tf.linalg.qr(x, full_matrices=True)), _np_qr(True),
     [A(2, 3, 4)], ["Qr", "MatrixTriangularSolve"])

# Norms: entries away from 0 (the kink of abs), no ties for the maxima.
case("norm_euclidean", tf.norm, lambda x: np.sqrt(np.sum(x * x)), [A(3, 4)],
     ["Sqrt", "Sum", "Squeeze"])
case("norm_axis_keepdims", lambda x: tf.norm(x, axis=1, keepdims=True),
     lambda x: np.linalg.norm(x, axis=1, keepdims=True), [A(3, 4)], ["Sqrt", "Sum"])
case("norm_l1", lambda x: tf.norm(x, ord=1, axis=-1),
     lambda x: np.abs(x).sum(-1), [A(3, 4, gen=away())], ["Abs", "Sum", "Squeeze"])
case("norm_inf", lambda x: tf.linalg.norm(x, ord=np.inf, axis=0),
     lambda x: np.abs(x).max(0), [A(3, 4, gen=distinct())], ["Abs", "Max"])
case("norm_p3", lambda x: tf.norm(x, ord=3), lambda x: np.sum(np.abs(x) ** 3) ** (1 / 3),
     [A(2, 3, gen=away())], ["Pow", "Abs"])
case("norm_fro_batched", lambda x: tf.norm(x, ord="fro", axis=[-2, -1]),
     lambda x: np.linalg.norm(x, "fro", axis=(-2, -1)), [A(2, 3, 4)], ["Sqrt", "Sum"])
case("norm_matrix_1", lambda x: tf.norm(x, ord=1, axis=(0, 1)),
     lambda x: np.linalg.norm(x, 1), [A(3, 4, gen=away())], ["Abs", "Sum", "Max"])
case("norm_matrix_inf", lambda x: tf.norm(x, ord=np.inf, axis=[0, 1], keepdims=True),
     lambda x: np.linalg.norm(x, np.inf, keepdims=True), [A(3, 4, gen=away())],
     ["Abs", "Sum", "Max"])
case("norm_normal_entries", lambda x: tf.norm(x, axis=0), lambda x: np.linalg.norm(x, axis=0),
     [A(4, 2, gen=normal(2.0))], ["Sqrt"])

# Squared variants of the linear ops above (as in cases_squared): the Hessian of a linear op
# is zero, so squaring makes the Hessian-vector check differentiate their gradient rules.
for _name, _fn, _ref, _args, _ops in [
    ("band_part_sq", lambda x: tf.linalg.band_part(x, 0, 1), lambda x: _band(x, 0, 1),
     [A(3, 4)], ["MatrixBandPart"]),
    ("linalg_diag_sq", tf.linalg.diag, _np_diag, [A(2, 3)], ["MatrixDiag", "MatrixDiagPart"]),
    ("linalg_diag_part_wide_sq", tf.linalg.diag_part,
     lambda x: np.diagonal(x, axis1=-2, axis2=-1), [A(3, 2)],
     ["MatrixDiagPart", "MatrixSetDiag"]),
    ("linalg_set_diag_sq", tf.linalg.set_diag, _np_set_diag, [A(3, 3), A(3)],
     ["MatrixSetDiag", "MatrixDiagPart"]),
    ("tensor_diag_sq", tf.diag, _np_tensor_diag, [A(3)], ["Diag", "DiagPart"]),
    ("tensor_diag_part_sq", tf.diag_part, _np_tensor_diag_part, [A(3, 3)],
     ["DiagPart", "Diag"]),
]:
    case(_name, lambda *a, _fn=_fn: tf.square(_fn(*a)),
         lambda *a, _ref=_ref: np.square(_ref(*a)), _args, _ops + ["Square"])
