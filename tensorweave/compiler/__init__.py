"""Graph → plan: the passes that turn the part of a graph one ``run`` needs into a plan.

- ``prune``: only the ops the fetches need, stopping at fed tensors, in a valid order;
- ``fold``: values known before the run are computed once, when the plan is built;
- ``memory``: intermediates are written into buffers allocated once per plan and reused.

Each pass is a small module with an ``ENABLED`` switch; results are identical with every
pass on or off (tests/compiler). Still to come: CSE, elementwise fusion, transpose folding.
"""

from . import fold, memory, prune  # noqa: F401 - the passes; each has an ENABLED switch

__all__ = ["prune", "fold", "memory"]
