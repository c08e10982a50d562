"""Cumulative sums and products along an axis (``cumsum``, ``cumprod``)."""


from .creation import convert_to_tensor
from .registry import Op, Spec, register

__all__ = ["cumsum", "cumprod"]


class _Scan(Op):
    fresh_output = True

    def __init__(self, axis=0, exclusive=False, reverse=False):
        self.axis = axis
        self.exclusive = exclusive
        self.reverse = reverse

    def infer(self, x):
        if x.shape is not None and not -len(x.shape) <= self.axis < max(len(x.shape), 1):
            raise ValueError(f"{self.type_name}: axis {self.axis} out of range for rank "
                             f"{len(x.shape)}")
        return Spec(x.shape, x.dtype)

    def forward(self, xp, x):
        a = self.axis
        if self.reverse:
            x = xp.flip(x, a)
        out = self.scan(xp, x, a)
        if self.exclusive and out.shape[a]:  # (an empty axis stays empty)
            lead = (slice(None),) * (a % out.ndim)
            ident = xp.full_like(out[lead + (slice(0, 1),)], self.identity)
            out = xp.concatenate([ident, out[lead + (slice(0, -1),)]], axis=a)
        if self.reverse:
            out = xp.flip(out, a)
        return xp.ascontiguousarray(out)


@register
class Cumsum(_Scan):
    """Running sum along ``axis``."""

    identity = 0

    def scan(self, xp, x, a):
        return xp.cumsum(x, axis=a, dtype=x.dtype)

    def gradient(self, g, y, x):
        return (cumsum(g, self.axis, exclusive=self.exclusive, reverse=not self.reverse),)


@register
class Cumprod(_Scan):
    """Running product along ``axis``."""

    identity = 1

    def scan(self, xp, x, a):
        return xp.cumprod(x, axis=a, dtype=x.dtype)

    def gradient(self, g, y, x):
        # TensorFlow's formula (2.x): exact for non-zero x, and 0 where x is 0 (div_no_nan)
        from .math import multiply, div_no_nan
        return (div_no_nan(cumsum(multiply(y, g), self.axis, exclusive=self.exclusive,
                                  reverse=not self.reverse), x),)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum: ``tf.cumsum([a, b, c])`` → ``[a, a + b, a + b + c]``."""
    return Cumsum(int(axis), bool(exclusive), bool(reverse)).bind(
        convert_to_tensor(x), name=name or "Cumsum")


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative product: ``tf.cumprod([a, b, c])`` → ``[a, a * b, a * b * c]``."""
    return Cumprod(int(axis), bool(exclusive), bool(reverse)).bind(
        convert_to_tensor(x), name=name or "Cumprod")
