"""Linear algebra (``tf.linalg``): band parts, diagonals, triangular and general solves,
inverse, determinants, Cholesky and QR factorizations with their gradients, plus the
composites ``eye``, ``trace``, ``matrix_transpose``, ``logdet`` and ``norm``.

Every op works on the inner-most two dims and is batched over the leading ones. Gradients
are TensorFlow's (``linalg_grad`` / ``array_grad``) and are built from graph ops, so second
derivatives exist.
"""

import numbers
from collections import namedtuple

import numpy as np

from .. import dtypes as _dt
from .. import errors as _errors
from .. import graph as _g
from ..shapes import broadcast_shapes
from .creation import convert_to_tensor, constant, ones, zeros, ones_like, zeros_like
from .indexing import einsum
from .math import matmul, multiply, sqrt, log, pow, abs as _abs, negative
from .reduce import reduce_sum, reduce_max
from .registry import Op, Spec, dtype_error, register
from .shape import transpose, concat, reshape, squeeze, shape as _shape

__all__ = ["qr", "band_part", "matrix_band_part", "triangular_solve",
           "matrix_triangular_solve", "solve", "matrix_solve", "inv", "matrix_inverse", "det",
           "matrix_determinant", "slogdet", "log_matrix_determinant", "logdet", "cholesky",
           "eye", "diag", "matrix_diag", "diag_part", "matrix_diag_part", "set_diag",
           "matrix_set_diag", "tensor_diag", "tensor_diag_part", "trace", "matrix_transpose",
           "adjoint", "norm"]

_ALLOWED = "float64, float32, float16, complex64, complex128"


def _check_float(x, what="input"):
    if not x.dtype.is_floating:
        raise dtype_error(what, x.dtype, _ALLOWED)


def _at_least(x, rank):
    if x.shape is not None and len(x.shape) < rank:
        raise ValueError(f"Shape must be at least rank {rank} but is rank {len(x.shape)}")


def _merge_dim(a, b):
    if a is not None and b is not None and a != b:
        raise ValueError(f"Dimensions must be equal, but are {a} and {b}")
    return a if a is not None else b


def _square(x, cols_first=False):
    """The checked ``[..., n, n]`` shape of a float matrix spec (None for unknown rank);
    ``cols_first`` orders the dims in the mismatch message as TF's determinant ops do."""
    _check_float(x)
    _at_least(x, 2)
    if x.shape is None:
        return None
    m, n = x.shape[-2:]
    n = _merge_dim(n, m) if cols_first else _merge_dim(m, n)
    return tuple(x.shape[:-2]) + (n, n)


def _wide(xp, x):
    """float16 has no LAPACK kernels: factor in float32 (the result is cast back)."""
    return x.astype(xp.float32) if x.dtype == xp.float16 else x


def _check_square(a, what="Input matrix"):
    """Run-time check (the static one misses unknown dims): the solvers would otherwise
    mistake a non-square input for a singular one."""
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise _errors.InvalidArgumentError(
            None, None, f"{what} must be square, got shape {list(a.shape)}")
    return a


def _dims(shape):
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def _is_singular_error(e):
    return isinstance(e, np.linalg.LinAlgError) or type(e).__name__ == "LinAlgError"


# -- band part -------------------------------------------------------------------------------------
@register
class MatrixBandPart(Op):
    """Keeps the band ``-num_lower <= j - i <= num_upper`` of each matrix (a negative bound
    keeps that whole triangle) and zeroes the rest."""

    fresh_output = True
    host_inputs = (1, 2)  # read as numbers: kept on the host (compiler/placement.py)

    def infer(self, x, num_lower, num_upper):
        _at_least(x, 2)
        for s, what in ((num_lower, "num_lower"), (num_upper, "num_upper")):
            if not s.dtype.is_integer:
                raise dtype_error(what, s.dtype, "int32, int64")
            if s.shape is not None and len(s.shape) != 0:
                raise ValueError(f"Shape must be rank 0 but is rank {len(s.shape)}")
        return Spec(x.shape, x.dtype)

    def forward(self, xp, x, num_lower, num_upper):
        if x.ndim < 2:
            raise _errors.InvalidArgumentError(
                None, None, f"input must be at least 2-dim, received shape: {list(x.shape)}")
        m, n = x.shape[-2:]
        lo, up = int(num_lower), int(num_upper)
        if lo > m:
            raise _errors.InvalidArgumentError(
                None, None, f"num_lower must be negative or less or equal to number of rows "
                f"({m}) got: {lo}")
        if up > n:
            raise _errors.InvalidArgumentError(
                None, None, f"num_upper must be negative or less or equal to number of "
                f"columns ({n}) got: {up}")
        d = xp.arange(n)[None, :] - xp.arange(m)[:, None]  # j - i
        keep = ((lo < 0) | (d >= -lo)) & ((up < 0) | (d <= up))
        return xp.where(keep, x, xp.zeros((), x.dtype))

    def gradient(self, g, y, x, num_lower, num_upper):
        return band_part(g, num_lower, num_upper), None, None


def band_part(input, num_lower, num_upper, name=None):  # noqa: A002
    """Zeroes everything outside a band of each inner-most matrix; ``-1`` keeps a whole
    triangle: ``band_part(x, -1, 0)`` is the lower triangle, ``band_part(x, 0, 0)`` the
    diagonal.

    Example:
        >>> tf.linalg.band_part(tf.ones([3, 3]), 0, -1)   # upper triangle
        [[1, 1, 1], [0, 1, 1], [0, 0, 1]]
    """
    x = convert_to_tensor(input)
    lo = convert_to_tensor(num_lower, dtype=None if _is_tensor(num_lower) else _dt.int64)
    up = convert_to_tensor(num_upper, dtype=None if _is_tensor(num_upper) else _dt.int64)
    return MatrixBandPart().bind(x, lo, up, name=name or "MatrixBandPart")


matrix_band_part = band_part


def _is_tensor(v):
    return isinstance(v, _g.Tensor)


# -- solves ----------------------------------------------------------------------------------------
def _solve_specs(a, b, broadcast):
    if a.dtype != b.dtype:
        raise TypeError(f"Input 'rhs' has type {b.dtype.name} that does not match type "
                        f"{a.dtype.name} of argument 'matrix'.")
    sq = _square(a)
    _at_least(b, 2)
    if sq is None or b.shape is None:
        return Spec(None, a.dtype)
    m = _merge_dim(sq[-1], b.shape[-2])
    if broadcast:
        batch = tuple(broadcast_shapes(sq[:-2], b.shape[:-2]))
    else:
        if len(sq) != len(b.shape):
            raise ValueError(f"Shapes must be equal rank, but are {len(sq) - 2} and "
                             f"{len(b.shape) - 2}")
        batch = tuple(_merge_dim(p, q) for p, q in zip(sq[:-2], b.shape[:-2]))
    return Spec(batch + (m, b.shape[-1]), a.dtype)


def _substitute(xp, a, b, lower):
    """Forward/back substitution (inf/nan where a diagonal entry is 0, as TensorFlow)."""
    n = a.shape[-1]
    shape = tuple(np.broadcast_shapes(a.shape[:-2], b.shape[:-2])) + b.shape[-2:]
    x = xp.zeros(shape, b.dtype)
    with np.errstate(all="ignore"):
        for i in (range(n) if lower else range(n - 1, -1, -1)):
            acc = b[..., i, :] - xp.sum(a[..., i, :, None] * x, axis=-2)
            x[..., i, :] = acc / a[..., i, i, None]
    return x


def _solve_matrix_grad(x, grad_rhs, adjoint):
    """The gradient of a solve's matrix, from its solution ``x`` and the gradient of its
    right-hand side: ``-grad_rhs @ x^H`` (``-x @ grad_rhs^H`` for an adjoint solve)."""
    if adjoint:
        return negative(matmul(x, grad_rhs, adjoint_b=True))
    return negative(matmul(grad_rhs, x, adjoint_b=True))


@register
class MatrixTriangularSolve(Op):
    """``x`` with ``matrix @ x = rhs`` for triangular ``matrix`` (only the ``lower`` or upper
    triangle is read); ``adjoint`` solves with the matrix's adjoint. Batch dims broadcast."""

    fresh_output = True

    def __init__(self, lower=True, adjoint=False):
        self.lower = lower
        self.adjoint = adjoint

    def infer(self, matrix, rhs):
        return _solve_specs(matrix, rhs, broadcast=True)

    def forward(self, xp, matrix, rhs):
        dtype = rhs.dtype
        a, b = _wide(xp, _check_square(matrix)), _wide(xp, rhs)
        a = xp.tril(a) if self.lower else xp.triu(a)
        if self.adjoint:
            a = xp.swapaxes(a, -1, -2)
        batch = tuple(np.broadcast_shapes(a.shape[:-2], b.shape[:-2]))
        if a.shape[:-2] != batch or b.shape[:-2] != batch:  # not every solver broadcasts
            a = xp.broadcast_to(a, batch + a.shape[-2:])
            b = xp.broadcast_to(b, batch + b.shape[-2:])
        try:
            out = xp.linalg.solve(a, b)
        except Exception as e:  # a zero on the diagonal: substitute, giving inf/nan
            if not _is_singular_error(e):
                raise
            out = _substitute(xp, a, b, self.lower != self.adjoint)
        return out.astype(dtype, copy=False)

    def gradient(self, g, y, matrix, rhs):
        grad_b = triangular_solve(matrix, g, lower=self.lower, adjoint=not self.adjoint)
        grad_a = _solve_matrix_grad(y, grad_b, self.adjoint)
        grad_a = band_part(grad_a, -1, 0) if self.lower else band_part(grad_a, 0, -1)
        return grad_a, grad_b  # autodiff sums broadcast batch dims back


def triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """Solves ``matrix @ x = rhs`` for ``x`` with a (batch of) triangular ``matrix``; only
    the lower (``lower=True``) or upper triangle of ``matrix`` is read.

    Example:
        >>> a = tf.constant([[2., 0.], [1., 4.]])
        >>> tf.linalg.triangular_solve(a, tf.constant([[2.], [9.]]))   # [[1.], [2.]]
    """
    matrix, rhs = convert_to_tensor(matrix), convert_to_tensor(rhs)
    return MatrixTriangularSolve(bool(lower), bool(adjoint)).bind(
        matrix, rhs, name=name or "MatrixTriangularSolve")


matrix_triangular_solve = triangular_solve


@register
class MatrixSolve(Op):
    """``x`` with ``matrix @ x = rhs`` (``adjoint(matrix) @ x = rhs`` with ``adjoint``)."""

    fresh_output = True

    def __init__(self, adjoint=False):
        self.adjoint = adjoint

    def infer(self, matrix, rhs):
        return _solve_specs(matrix, rhs, broadcast=False)

    def forward(self, xp, matrix, rhs):
        a = _wide(xp, _check_square(matrix))
        if self.adjoint:
            a = xp.swapaxes(a, -1, -2)
        try:
            out = xp.linalg.solve(a, _wide(xp, rhs))
        except Exception as e:
            if not _is_singular_error(e):
                raise
            raise _errors.InvalidArgumentError(None, None,
                                               "Input matrix is not invertible.") from None
        return out.astype(rhs.dtype, copy=False)

    def gradient(self, g, y, matrix, rhs):
        grad_b = solve(matrix, g, adjoint=not self.adjoint)
        return _solve_matrix_grad(y, grad_b, self.adjoint), grad_b


def solve(matrix, rhs, adjoint=False, name=None):
    """Solves ``matrix @ x = rhs`` for square, invertible ``matrix`` (batch dims must match).

    Raises:
        InvalidArgumentError: at run time when a matrix is singular.

    Example:
        >>> tf.linalg.solve(tf.constant([[2., 0.], [0., 4.]]), tf.constant([[2.], [8.]]))
        [[1.], [2.]]
    """
    matrix, rhs = convert_to_tensor(matrix), convert_to_tensor(rhs)
    return MatrixSolve(bool(adjoint)).bind(matrix, rhs, name=name or "MatrixSolve")


matrix_solve = solve


# -- inverse and determinants ----------------------------------------------------------------------
@register
class MatrixInverse(Op):
    """The inverse (of the adjoint, with ``adjoint``) of each square matrix."""

    fresh_output = True

    def __init__(self, adjoint=False):
        self.adjoint = adjoint

    def infer(self, x):
        return Spec(_square(x), x.dtype)

    def forward(self, xp, x):
        a = _wide(xp, _check_square(x))
        if self.adjoint:
            a = xp.swapaxes(a, -1, -2)
        try:
            out = xp.linalg.inv(a)
        except Exception as e:
            if not _is_singular_error(e):
                raise
            raise _errors.InvalidArgumentError(None, None, "Input is not invertible.") from None
        return out.astype(x.dtype, copy=False)

    def gradient(self, g, y, x):
        adj = self.adjoint
        inner = matmul(g, y, adjoint_a=adj, adjoint_b=not adj)
        return (negative(matmul(y, inner, adjoint_a=not adj)),)


def inv(input, adjoint=False, name=None):  # noqa: A002
    """The inverse of each inner-most square matrix.

    Raises:
        InvalidArgumentError: at run time when a matrix is singular.

    Example:
        >>> tf.linalg.inv(tf.constant([[2., 0.], [0., 4.]]))   # [[0.5, 0.], [0., 0.25]]
    """
    return MatrixInverse(bool(adjoint)).bind(convert_to_tensor(input),
                                             name=name or "MatrixInverse")


matrix_inverse = inv


def _times_adj_inv(scale, a, like):
    """``scale[..., None, None] * inverse(adjoint(a))``, the shared tail of the det
    gradients (``like`` gives the batch shape of ``scale``)."""
    multipliers = reshape(scale, concat([_shape(like), [1, 1]], 0))
    return multiply(multipliers, inv(a, adjoint=True))


@register
class MatrixDeterminant(Op):
    """The determinant of each square matrix."""

    fresh_output = True

    def infer(self, x):
        sq = _square(x, cols_first=True)
        return Spec(None if sq is None else sq[:-2], x.dtype)

    def forward(self, xp, x):
        return xp.asarray(xp.linalg.det(_wide(xp, _check_square(x))), dtype=x.dtype)

    def gradient(self, g, y, x):
        return (_times_adj_inv(multiply(g, y), x, y),)


def det(input, name=None):  # noqa: A002
    """The determinant of each inner-most square matrix.

    Example:
        >>> tf.linalg.det(tf.constant([[1., 2.], [3., 4.]]))   # -2.0
    """
    return MatrixDeterminant().bind(convert_to_tensor(input),
                                    name=name or "MatrixDeterminant")


matrix_determinant = det


@register
class LogMatrixDeterminant(Op):
    """``(sign, log|det|)`` of each square matrix (a singular one gives ``(0, -inf)``)."""

    fresh_output = True

    def infer(self, x):
        sq = _square(x, cols_first=True)
        batch = None if sq is None else sq[:-2]
        return [Spec(batch, x.dtype), Spec(batch, x.dtype)]

    def forward(self, xp, x):
        sign, logabs = xp.linalg.slogdet(_wide(xp, _check_square(x)))
        return xp.asarray(sign, dtype=x.dtype), xp.asarray(logabs, dtype=x.dtype)

    def gradient(self, g, y, x):
        return (_times_adj_inv(g[1], x, y[1]),)


SlogdetResult = namedtuple("LogMatrixDeterminant", "sign log_abs_determinant")


def slogdet(input, name=None):  # noqa: A002
    """``(sign, log_abs_determinant)`` of each inner-most square matrix: ``det = sign *
    exp(log_abs_determinant)`` without overflow.

    Example:
        >>> tf.linalg.slogdet(tf.constant([[1., 2.], [3., 4.]]))   # (-1.0, log 2)
    """
    sign, logabs = LogMatrixDeterminant().bind(convert_to_tensor(input),
                                               name=name or "LogMatrixDeterminant")
    return SlogdetResult(sign, logabs)


log_matrix_determinant = slogdet


def logdet(matrix, name=None):
    """``log(det(matrix))`` of Hermitian positive-definite matrices, through a Cholesky
    factorization: ``2 * sum(log(diag(cholesky(matrix))))``.

    Example:
        >>> tf.linalg.logdet(tf.constant([[2., 1.], [1., 4.]]))   # log 7 = 1.9459...
    """
    with _g.name_scope(name, "logdet", [matrix]):
        chol = cholesky(matrix)
        total = reduce_sum(log(diag_part(chol)), axis=[-1])
        return multiply(constant(2.0, dtype=chol.dtype), total)


# -- Cholesky and QR -------------------------------------------------------------------------------
@register
class Cholesky(Op):
    """The lower-triangular ``l`` with ``l @ adjoint(l) = x`` for each Hermitian
    positive-definite matrix (only the lower triangle of ``x`` is read; a matrix that is not
    positive definite gives NaNs, as in TensorFlow)."""

    fresh_output = True

    def infer(self, x):
        return Spec(_square(x), x.dtype)

    def forward(self, xp, x):
        low = xp.tril(_wide(xp, _check_square(x)))
        a = low + xp.swapaxes(xp.tril(low, -1), -1, -2)  # the symmetric matrix the triangle means
        try:
            out = xp.linalg.cholesky(a)
        except Exception as e:
            if not _is_singular_error(e):
                raise
            out = self._each(xp, a)
        return out.astype(x.dtype, copy=False)

    @staticmethod
    def _each(xp, a):
        n = a.shape[-1]
        flat = a.reshape((-1, n, n))
        out = xp.empty_like(flat)
        nan_lower = xp.where(xp.tril(xp.ones((n, n), dtype=bool)), xp.nan, 0.0)
        for i in range(flat.shape[0]):
            try:
                out[i] = xp.linalg.cholesky(flat[i])
            except Exception as e:
                if not _is_singular_error(e):
                    raise
                out[i] = nan_lower
        return out.reshape(a.shape)

    def gradient(self, g, y, x):
        identity = matrix_diag(ones_like(matrix_diag_part(y)))
        l_inverse = triangular_solve(y, identity)
        middle = matmul(y, g, adjoint_a=True)
        middle = set_diag(middle, multiply(constant(0.5, dtype=y.dtype),
                                           matrix_diag_part(middle)))
        middle = band_part(middle, -1, 0)
        grad = matmul(matmul(l_inverse, middle, adjoint_a=True), l_inverse)
        grad = grad + adjoint(grad)
        return (multiply(grad, constant(0.5, dtype=y.dtype)),)


def cholesky(input, name=None):  # noqa: A002
    """The Cholesky factor ``l`` (lower triangular, ``l @ l^T = input``) of each inner-most
    symmetric positive-definite matrix; only the lower triangle of ``input`` is read.

    Example:
        >>> tf.linalg.cholesky(tf.constant([[4., 2.], [2., 5.]]))   # [[2., 0.], [1., 2.]]
    """
    return Cholesky().bind(convert_to_tensor(input), name=name or "Cholesky")


def _tri_solve_right(x, r):
    """``x @ inverse(adjoint(r))`` for upper-triangular ``r``, by a triangular solve."""
    return adjoint(triangular_solve(r, adjoint(x), lower=False, adjoint=False))


def _qr_grad_tall(q, r, dq, dr):
    """The QR gradient for ``m >= n`` with reduced factors (Roberts and Roberts' derivation,
    as TensorFlow computes it)."""
    qdq = matmul(q, dq, adjoint_a=True)
    rdr = matmul(r, dr, adjoint_b=True)
    tril = band_part((qdq - adjoint(qdq)) + (rdr - adjoint(rdr)), -1, 0)
    grad_a = matmul(q, dr + _tri_solve_right(tril, r))
    grad_b = _tri_solve_right(dq - matmul(q, qdq), r)
    return grad_a + grad_b


@register
class Qr(Op):
    """QR decomposition of the inner-most 2 dims: ``q @ r = input``, q orthonormal columns,
    r upper triangular."""

    fresh_output = True

    def __init__(self, full_matrices=False):
        self.full_matrices = full_matrices

    def infer(self, x):
        if not x.dtype.is_floating:
            raise TypeError(f"qr needs a floating input, got {x.dtype.name}")
        if x.shape is None:
            return [Spec(None, x.dtype), Spec(None, x.dtype)]
        if len(x.shape) < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {len(x.shape)}")
        *batch, m, n = x.shape
        batch = tuple(batch)
        if self.full_matrices:
            return [Spec(batch + (m, m), x.dtype), Spec(batch + (m, n), x.dtype)]
        p = None if m is None or n is None else min(m, n)
        return [Spec(batch + (m, p), x.dtype), Spec(batch + (p, n), x.dtype)]

    def forward(self, xp, x):
        q, r = xp.linalg.qr(_wide(xp, x), mode="complete" if self.full_matrices else "reduced")
        return q.astype(x.dtype, copy=False), r.astype(x.dtype, copy=False)

    def gradient(self, g, y, x):
        (dq, dr), (q, r) = g, y
        rs, qs = r.shape.as_tuple(), q.shape.as_tuple()
        if rs is None or None in rs[-2:]:
            # Shapes known only at run time (TensorFlow raises here): the wide-matrix split
            # below also covers m >= n (then y and dv are empty and u = r), so one graph
            # serves both; full factors of a tall matrix fail at run time instead.
            m = _shape(q)[-2]
            if self.full_matrices:
                from .check import Assert
                from .control import with_dependencies
                from .math import less_equal
                message = "QrGrad not implemented when nrows > ncols and full_matrices is true."
                ok = Assert(less_equal(m, _shape(r)[-1]), [message])
                m = with_dependencies([ok], m)
            return (self._wide_grad(x, q, r, dq, dr, m),)
        if rs[-2] > rs[-1] and qs[-2] == qs[-1]:
            raise NotImplementedError(
                "QrGrad not implemented when nrows > ncols and full_matrices is true. "
                f"Received r.shape={r.shape} with nrows={rs[-2]}and ncols={rs[-1]}.")
        m, n = qs[-2], rs[-1]
        if m >= n:
            return (_qr_grad_tall(q, r, dq, dr),)
        return (self._wide_grad(x, q, r, dq, dr, m),)

    @staticmethod
    def _wide_grad(a, q, r, dq, dr, m):
        """m < n: with ``a = [x, y]`` and ``r = [u, v]`` split after column m, the gradient
        of x is the square case's and that of y is ``q @ dv``."""
        y = a[..., :, m:]
        u = r[..., :, :m]
        dv = dr[..., :, m:]
        du = dr[..., :, :m]
        dx = _qr_grad_tall(q, u, dq + matmul(y, dv, adjoint_b=True), du)
        return concat([dx, matmul(q, dv)], axis=-1)


QrResult = namedtuple("Qr", "q r")


def qr(input, full_matrices=False, name=None):  # noqa: A002
    """``(q, r)`` with ``q @ r == input`` (batched over leading dims).

    Differentiable like TensorFlow's: reduced factors of any shape; ``full_matrices=True``
    only when rows <= columns (otherwise the gradient raises NotImplementedError).

    Example:
        >>> q, r = tf.linalg.qr(tf.random_normal([4, 3]))   # q: [4, 3], r: [3, 3]
    """
    q, r = Qr(bool(full_matrices)).bind(convert_to_tensor(input), name=name or "Qr")
    return QrResult(q, r)


# -- diagonals -------------------------------------------------------------------------------------
def _only_main_diagonal(fn, k, **defaults):
    for what, (value, default) in defaults.items():
        if not (_is_tensor(value) or np.array_equal(value, default)):
            raise NotImplementedError(f"{fn}: only {what}={default!r} is supported, got "
                                      f"{what}={value!r}")
    if _is_tensor(k) or np.any(np.asarray(k) != 0):
        raise NotImplementedError(f"{fn}: only the main diagonal (k=0) is supported, got "
                                  f"k={k!r}")


@register
class MatrixDiag(Op):
    """``[..., n]`` diagonals to ``[..., n, n]`` matrices (zero off the diagonal)."""

    fresh_output = True

    def infer(self, d):
        _at_least(d, 1)
        return Spec(None if d.shape is None else tuple(d.shape) + (d.shape[-1],), d.dtype)

    def forward(self, xp, d):
        n = d.shape[-1]
        out = xp.zeros(d.shape + (n,), d.dtype)
        i = xp.arange(n)
        out[..., i, i] = d
        return out

    def gradient(self, g, y, d):
        return (matrix_diag_part(g),)


@register
class MatrixDiagPart(Op):
    """The main diagonal ``[..., min(m, n)]`` of each ``[..., m, n]`` matrix."""

    fresh_output = True

    def infer(self, x):
        _at_least(x, 2)
        if x.shape is None:
            return Spec(None, x.dtype)
        m, n = x.shape[-2:]
        p = None if m is None or n is None else min(m, n)
        return Spec(tuple(x.shape[:-2]) + (p,), x.dtype)

    def forward(self, xp, x):
        return xp.diagonal(x, axis1=-2, axis2=-1).copy()

    def gradient(self, g, y, x):
        dims = x.shape.as_tuple()
        if dims is not None and None not in dims[-2:] and dims[-2] == dims[-1]:
            return (matrix_diag(g),)
        return (set_diag(zeros_like(x), g),)


@register
class MatrixSetDiag(Op):
    """Each ``[..., m, n]`` matrix with its main diagonal replaced by ``diagonal``."""

    fresh_output = True

    def infer(self, x, d):
        if x.dtype != d.dtype:
            raise TypeError(f"Input 'diagonal' has type {d.dtype.name} that does not match "
                            f"type {x.dtype.name} of argument 'input'.")
        _at_least(x, 2)
        _at_least(d, 1)
        if x.shape is None or d.shape is None:
            return Spec(x.shape, x.dtype)
        if len(d.shape) != len(x.shape) - 1:
            raise ValueError(f"Shape must be rank {len(x.shape) - 1} but is rank "
                             f"{len(d.shape)}")
        m, n = x.shape[-2:]
        p = None if m is None or n is None else min(m, n)
        want = tuple(x.shape[:-2]) + (p,)
        if any(a is not None and b is not None and a != b for a, b in zip(want, d.shape)):
            raise ValueError("diagonal must have shape input.shape[:-2] + [min(m, n)]. "
                             f"Input shape: {_dims(x.shape)}, diagonal shape: "
                             f"{_dims(d.shape)}, expected diagonal shape: {_dims(want)}")
        batch = tuple(_merge_dim(a, b) for a, b in zip(x.shape[:-2], d.shape[:-1]))
        return Spec(batch + tuple(x.shape[-2:]), x.dtype)

    def forward(self, xp, x, d):
        p = min(x.shape[-2:])
        if d.shape != x.shape[:-2] + (p,):
            raise _errors.InvalidArgumentError(
                None, None, f"diagonal must have shape {list(x.shape[:-2]) + [p]} (the batch "
                f"dims of input and the length of its main diagonal), got {list(d.shape)}")
        out = x.copy()
        i = xp.arange(p)
        out[..., i, i] = d
        return out

    def gradient(self, g, y, x, d):
        part = matrix_diag_part(g)
        return set_diag(g, zeros_like(part)), part


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0,
         align="RIGHT_LEFT"):
    """Square matrices ``[..., n, n]`` with ``diagonal`` (``[..., n]``) on the main diagonal.

    Example:
        >>> tf.linalg.diag([1., 2.])   # [[1., 0.], [0., 2.]]
    """
    _only_main_diagonal("tf.linalg.diag", k, num_rows=(num_rows, -1),
                        num_cols=(num_cols, -1), padding_value=(padding_value, 0))
    return MatrixDiag().bind(convert_to_tensor(diagonal), name=name or "MatrixDiag")


matrix_diag = diag


def diag_part(input, name="diag_part", k=0, padding_value=0,  # noqa: A002
              align="RIGHT_LEFT"):
    """The main diagonal ``[..., min(m, n)]`` of each inner-most ``[m, n]`` matrix.

    Example:
        >>> tf.linalg.diag_part(tf.constant([[1., 2.], [3., 4.]]))   # [1., 4.]
    """
    _only_main_diagonal("tf.linalg.diag_part", k, padding_value=(padding_value, 0))
    return MatrixDiagPart().bind(convert_to_tensor(input), name=name or "MatrixDiagPart")


matrix_diag_part = diag_part


def set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):  # noqa: A002
    """``input`` with the main diagonal of each inner-most matrix replaced by ``diagonal``
    (shape ``input.shape[:-2] + [min(m, n)]``).

    Example:
        >>> tf.linalg.set_diag(tf.zeros([2, 2]), [1., 2.])   # [[1., 0.], [0., 2.]]
    """
    _only_main_diagonal("tf.linalg.set_diag", k)
    x = convert_to_tensor(input)
    return MatrixSetDiag().bind(x, convert_to_tensor(diagonal, dtype=x.dtype),
                                name=name or "MatrixSetDiag")


matrix_set_diag = set_diag


@register
class Diag(Op):
    """A rank-2k tensor with ``out[i..., i...] = d[i...]``, zero elsewhere (TF1's
    ``tf.diag``)."""

    fresh_output = True

    def infer(self, d):
        if d.shape is not None and len(d.shape) == 0:
            raise ValueError("Shape must be at least rank 1 but is rank 0")
        return Spec(None if d.shape is None else tuple(d.shape) * 2, d.dtype)

    def forward(self, xp, d):
        n = d.size
        out = xp.zeros((n, n), d.dtype)
        i = xp.arange(n)
        out[i, i] = d.reshape(-1)
        return out.reshape(d.shape * 2)

    def gradient(self, g, y, d):
        return (tensor_diag_part(g),)


@register
class DiagPart(Op):
    """The inverse of ``Diag``: ``out[i...] = x[i..., i...]`` for ``x`` of rank 2k."""

    fresh_output = True

    def infer(self, x):
        if x.shape is None:
            return Spec(None, x.dtype)
        r = len(x.shape)
        if r == 0 or r % 2:
            raise ValueError(f"Input must have even and non-zero rank, input rank is {r}")
        half = r // 2
        return Spec(tuple(_merge_dim(a, b) for a, b in zip(x.shape[:half], x.shape[half:])),
                    x.dtype)

    def forward(self, xp, x):
        half = x.ndim // 2
        n = int(np.prod(x.shape[:half], dtype=np.int64))
        return xp.diagonal(x.reshape(n, n)).reshape(x.shape[:half]).copy()

    def gradient(self, g, y, x):
        return (tensor_diag(g),)


def tensor_diag(diagonal, name=None):
    """TF1's ``tf.diag``: a rank-2k tensor with ``diagonal`` (rank k) on its diagonal.

    Example:
        >>> tf.diag([1., 2.])   # [[1., 0.], [0., 2.]]
    """
    return Diag().bind(convert_to_tensor(diagonal), name=name or "Diag")


def tensor_diag_part(input, name=None):  # noqa: A002
    """TF1's ``tf.diag_part``: ``out[i...] = input[i..., i...]`` for ``input`` of rank 2k.

    Example:
        >>> tf.diag_part(tf.constant([[1., 2.], [3., 4.]]))   # [1., 4.]
    """
    return DiagPart().bind(convert_to_tensor(input), name=name or "DiagPart")


def trace(x, name=None):
    """The sum of the main diagonal of each inner-most matrix.

    Example:
        >>> tf.linalg.trace(tf.constant([[1., 2.], [3., 4.]]))   # 5.0
    """
    with _g.name_scope(name, "Trace", [x]):
        return reduce_sum(diag_part(x), axis=[-1])


# -- identity, transpose ---------------------------------------------------------------------------
def _int_dim(v):
    return isinstance(v, numbers.Integral) and not isinstance(v, bool)


def eye(num_rows, num_columns=None, batch_shape=None, dtype=_dt.float32, name=None):
    """Identity matrices ``[*batch_shape, num_rows, num_columns]`` (ones on the main
    diagonal); the sizes may be Python ints or scalar int tensors.

    Example:
        >>> tf.eye(2, 3)                    # [[1., 0., 0.], [0., 1., 0.]]
        >>> tf.eye(2, batch_shape=[4]).shape.as_list()
        [4, 2, 2]
    """
    dtype = _dt.as_dtype(dtype)
    with _g.name_scope(name, "eye"):
        square = num_columns is None
        cols = num_rows if square else num_columns
        batch = [] if batch_shape is None else batch_shape
        static = (_int_dim(num_rows) and _int_dim(cols) and not _is_tensor(batch)
                  and all(_int_dim(b) for b in batch))
        if static:
            batch = [int(b) for b in batch]
            diag_shape = batch + [min(num_rows, cols)]
            matrix_shape = batch + [num_rows, cols]
        else:
            rows, cols = (convert_to_tensor(v, dtype=_dt.int32) for v in (num_rows, cols))
            size = rows if square else _min_scalar(rows, cols)
            batch = convert_to_tensor(np.asarray(batch, np.int32) if not _is_tensor(batch)
                                      and len(batch) == 0 else batch, dtype=_dt.int32)
            diag_shape = concat([batch, reshape(size, [1])], 0)
            matrix_shape = concat([batch, reshape(rows, [1]), reshape(cols, [1])], 0)
        ones_on_diag = ones(diag_shape, dtype=dtype)
        if square:
            return diag(ones_on_diag)
        return set_diag(zeros(matrix_shape, dtype=dtype), ones_on_diag)


def _min_scalar(a, b):
    from .math import minimum
    return minimum(a, b)


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Swaps the two inner-most dims of ``a`` (rank >= 2); ``conjugate`` is a no-op for
    real dtypes.

    Example:
        >>> tf.linalg.matrix_transpose(tf.ones([5, 2, 3])).shape.as_list()
        [5, 3, 2]
    """
    with _g.name_scope(name, "matrix_transpose", [a]):
        a = convert_to_tensor(a)
        rank = a.shape.ndims
        if rank is None:  # the perm depends on the run-time rank
            return einsum("...ij->...ji", a)
        if rank < 2:
            raise ValueError("Argument `a` should be a (batch) matrix with rank >= 2.  "
                             f"Received `a` = {a} with shape: {a.shape}")
        return transpose(a, list(range(rank - 2)) + [rank - 1, rank - 2])


def adjoint(matrix, name=None):
    """The conjugate transpose of each inner-most matrix (the transpose for real dtypes).

    Example:
        >>> tf.linalg.adjoint(tf.constant([[1., 2.], [3., 4.]]))   # [[1., 3.], [2., 4.]]
    """
    return matrix_transpose(matrix, name=name or "adjoint", conjugate=True)


# -- norm ------------------------------------------------------------------------------------------
_MATRIX_ORDS = ["euclidean", "fro", 1, 2, np.inf]


def _is_ord(ord, value):  # noqa: A002
    return not isinstance(ord, (str, bool)) and isinstance(ord, numbers.Real) and ord == value


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None,  # noqa: A002
         keep_dims=None):
    """Vector norms (``ord`` 'euclidean', 1, 2, inf or any p > 0) over ``axis`` (None: the
    whole tensor as one vector) and matrix norms ('euclidean'/'fro', 1, inf) over an
    ``axis`` pair.

    Raises:
        ValueError: for an unsupported ``ord`` or ``axis``.
        NotImplementedError: for the spectral norm (``ord=2`` over two axes).

    Example:
        >>> tf.norm(tf.constant([3., -4.]))                    # 5.0
        >>> tf.norm(tf.constant([[1., -2.], [3., 4.]]), ord=1, axis=[-2, -1])   # 6.0
    """
    keepdims = bool(keep_dims if keepdims is None else keepdims)
    is_matrix = isinstance(axis, (tuple, list)) and len(axis) == 2
    bad_axis = ("'axis' must be None, an integer, or a tuple of 2 unique integers, "
                f"got {tuple(axis) if isinstance(axis, (tuple, list)) else axis}")
    if is_matrix:
        axis = tuple(axis)
        if not all(_int_dim(a) for a in axis) or axis[0] == axis[1]:
            raise ValueError(bad_axis)
        if not (ord in ("euclidean", "fro") or any(_is_ord(ord, v) for v in (1, 2, np.inf))):
            raise ValueError(f"'ord' must be a supported matrix norm in {_MATRIX_ORDS}, "
                             f"got {ord}")
    else:
        if not (axis is None or _int_dim(axis)):
            raise ValueError(bad_axis)
        positive = (not isinstance(ord, (str, bool)) and isinstance(ord, numbers.Real)
                    and ord > 0)
        if ord != "euclidean" and not positive:
            raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
        if axis is not None:
            axis = (axis,)
    with _g.name_scope(name, "norm", [tensor]):
        x = convert_to_tensor(tensor)
        if not x.dtype.is_floating:
            raise TypeError(f"Value passed to parameter 'x' has DataType {x.dtype.name} not "
                            "in list of allowed values: float16, float32, float64")
        red = None if axis is None else list(axis)
        if ord in ("euclidean", "fro") or _is_ord(ord, 2):
            if is_matrix and _is_ord(ord, 2):
                raise NotImplementedError("tf.norm: the spectral norm (ord=2 over an axis "
                                          "pair) needs an SVD, which tensorweave lacks")
            result = sqrt(reduce_sum(multiply(x, x), red, keepdims=True))
        else:
            result = _abs(x)
            if _is_ord(ord, 1):
                if is_matrix:
                    result = reduce_sum(result, axis[0], keepdims=True)
                    result = reduce_max(result, axis[1], keepdims=True)
                else:
                    result = reduce_sum(result, red, keepdims=True)
            elif _is_ord(ord, np.inf):
                if is_matrix:
                    result = reduce_sum(result, axis[1], keepdims=True)
                    result = reduce_max(result, axis[0], keepdims=True)
                else:
                    result = reduce_max(result, red, keepdims=True)
            else:
                p = constant(ord, dtype=x.dtype)
                inv_p = constant(1.0 / ord, dtype=x.dtype)
                result = pow(reduce_sum(pow(result, p), red, keepdims=True), inv_p)
        if not keepdims:
            result = squeeze(result, red)
        return result
