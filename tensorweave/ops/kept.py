"""Arrays a kernel keeps from run to run (padded copies, column matrices, masks).

A warm plan that writes into arrays it already has touches no newly allocated memory: fresh
pages cost a page fault each, measured at a quarter of a conv net's step. What one session's
kernels keep is capped (``LIMIT`` bytes): past it, a kernel allocates per run as before, so a
deep network's inference does not hold every layer's column matrix at once.
"""

import numpy as np

from ..backend import empty_aligned

LIMIT = 256 << 20


class Budget:
    """The bytes a session's kernels may still keep (shared by all of them)."""

    def __init__(self, limit=None):
        self.left = LIMIT if limit is None else limit


class KeptBuffers:
    """One kernel's kept arrays, by (tag, shape, dtype). Never handed out as a result."""

    def __init__(self, xp, budget=None):
        self.xp = xp
        self.budget = budget if budget is not None else Budget()
        self._arrays = {}
        self._parts = {}

    def part(self, k):
        """The buffers of the ``k``-th thread of a split kernel (see tensorweave.parallel)."""
        if k == 0:
            return self
        if k not in self._parts:
            self._parts[k] = KeptBuffers(self.xp, self.budget)
        return self._parts[k]

    def get(self, tag, shape, dtype, fill=None):
        """The kept array for ``tag`` of this shape and dtype (filled with ``fill`` when it
        is made; only then), or a new one per call once the session's budget is spent."""
        key = (tag, tuple(shape), dtype)
        a = self._arrays.get(key)
        if a is None:
            a = empty_aligned(self.xp, shape, dtype)
            if fill is not None:
                a.fill(fill)
            nbytes = int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize
            if nbytes <= self.budget.left:
                self.budget.left -= nbytes
                self._arrays[key] = a
        return a


def for_kernel(ctx):
    """The kept buffers of a new kernel of the session behind ``ctx``."""
    budget = getattr(ctx, "kept_budget", None)
    return KeptBuffers(ctx.xp, budget)
