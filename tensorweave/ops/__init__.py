"""Primitive ops, one module per family. Importing this package registers every op and
gives ``Tensor`` its Python operators."""

from .. import graph as _graph
from . import registry  # noqa: F401
from . import creation, math, reduce, shape, scan, nn, random, state, control, check, conv, pool  # noqa: F401
from . import normalization, topk, linalg, indexing  # noqa: F401
from . import nn_more  # noqa: F401
from . import array_more, numerics  # noqa: F401
from . import array_extra  # noqa: F401
from . import loop  # noqa: F401
from . import py_func  # noqa: F401
from . import iterator  # noqa: F401
from . import operators as _operators
from .. import eager as _eager

_operators.install(_graph.Tensor)
_eager.install_fast_operators()
