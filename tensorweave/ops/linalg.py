"""Linear algebra: ``qr`` (used by the orthogonal initializer).

``Qr`` has no gradient rule yet: ``tf.gradients`` through it raises a LookupError that names
it (TensorFlow differentiates it only for tall matrices; nothing here needs that).
"""

from collections import namedtuple

from .creation import convert_to_tensor
from .registry import Op, Spec, register

__all__ = ["qr"]


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
        q, r = xp.linalg.qr(x, mode="complete" if self.full_matrices else "reduced")
        return q.astype(x.dtype, copy=False), r.astype(x.dtype, copy=False)


QrResult = namedtuple("Qr", "q r")


def qr(input, full_matrices=False, name=None):  # noqa: A002
    """``(q, r)`` with ``q @ r == input`` (batched over leading dims).

    Example:
        >>> q, r = tf.linalg.qr(tf.random_normal([4, 3]))   # q: [4, 3], r: [3, 3]
    """
    q, r = Qr(bool(full_matrices)).bind(convert_to_tensor(input), name=name or "Qr")
    return QrResult(q, r)
