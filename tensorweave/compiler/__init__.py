"""Graph → plan: the passes that turn the part of a graph one ``run`` needs into a plan.

- ``prune``: only the ops the fetches need, stopping at fed tensors, in a valid order;
- ``fold``: values known before the run are computed once, when the plan is built;
- ``cse``: a pure op applied to the same inputs twice is computed once;
- ``simplify``: ``x * 1``, ``x / 1``, ``x - 0`` become ``x`` (exact identities only);
- ``transpose``: ``matmul(transpose(a), b)`` becomes ``matmul(a, b, transpose_a=True)``;
- ``broadcast``: ``x * broadcast_to(g, s)`` becomes ``x * g`` where NumPy broadcasts alike;
- ``pool_relu``: the ReLU gradient after a max-pool gradient masks the pooled gradient instead
  (windows that do not overlap; a full-size pass less per conv layer);
- ``select_mask``: ``where(a >= b, g, 0)`` (the gradient of ``maximum``) is one kernel;
- ``inplace``: variable updates write into the variable's own array, at the end of the plan;
- ``memory``: intermediates are written into buffers allocated once per plan and reused;
- ``fuse``: connected elementwise steps over large arrays run as one kernel, chunk by chunk,
  while each chunk is in the cache (Adam's dozen passes per variable become one); with
  numba installed (the ``fast`` extra), as one compiled loop per group (``fuse_loop``).

Each pass is a small module with an ``ENABLED`` switch; results are identical with every
pass on or off (tests/compiler). ``plan.compile_plan`` runs them in order and builds the
plan.
"""

from . import (broadcast, cse, fold, fuse, inplace, memory, pool_relu, prune,  # noqa: F401
               select_mask, simplify, transpose)

__all__ = ["prune", "fold", "cse", "simplify", "transpose", "broadcast", "pool_relu",
           "select_mask", "inplace", "memory", "fuse"]
