"""Run-time checks: ``Assert`` and the ``assert_*`` family."""

import numpy as np

from .. import errors as _errors
from .creation import convert_to_tensor
from .registry import Op, register

__all__ = ["Assert", "assert_equal", "assert_less", "assert_positive", "assert_rank",
           "assert_greater", "assert_greater_equal", "assert_less_equal", "assert_none_equal",
           "assert_negative", "assert_non_negative", "assert_non_positive"]


@register
class AssertOp(Op):
    """Raises InvalidArgumentError (showing ``data``) when ``condition`` is False."""

    type_name = "Assert"
    stateful = True  # never folded away or merged: it must run
    host_inputs = "all"  # checked and formatted on the host (compiler/placement.py)
    differentiable = False

    def __init__(self, summarize=3):
        self.summarize = summarize

    def infer(self, condition, *data):
        return []

    def make_kernel(self, ctx, node):
        n = self.summarize

        def kernel(condition, *data):
            if not bool(np.all(condition)):
                shown = ", ".join(_show(d, n) for d in data)
                raise _errors.InvalidArgumentError(
                    None, node, f"assertion failed: [{shown}]\n\t [[node {node.name}]]")
            return ()
        return kernel


@register
class AssertBroadcastable(Op):
    """TF's ``assert_broadcastable`` at run time (when static shapes could not decide it):
    ``weights`` must be a scalar, or of ``values``' rank with each dim 1 or equal."""

    stateful = True  # never folded away: it must run
    differentiable = False

    def infer(self, weights, values):
        return []

    def make_kernel(self, ctx, node):
        def kernel(weights, values):
            w, v = tuple(weights.shape), tuple(values.shape)
            if not w:
                return ()
            prefix = "weights can not be broadcast to values."
            if len(w) != len(v):
                raise _errors.InvalidArgumentError(
                    None, node, f"{prefix} values.rank={len(v)}. weights.rank={len(w)}. "
                    f"values.shape={list(v)}. weights.shape={list(w)}.")
            for i, (wd, vd) in enumerate(zip(w, v)):
                if wd not in (1, vd):
                    raise _errors.InvalidArgumentError(
                        None, node, f"{prefix} Mismatch at dim {i}. values.shape={list(v)} "
                        f"weights.shape={list(w)}.")
            return ()
        return kernel


def _show(v, n):
    v = np.asarray(v)
    if v.dtype == object and v.ndim == 0:
        item = v.item()
        return item.decode() if isinstance(item, bytes) else str(item)
    flat = v.ravel()[:n]
    return str(flat.tolist() if v.ndim else flat[0].item())


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF's name
    """An op that fails the run with ``data`` in the message when ``condition`` is False."""
    cond_t = convert_to_tensor(condition)
    tensors = [convert_to_tensor(d) if not isinstance(d, str) else
               convert_to_tensor(np.array(d, dtype=object)) for d in data]
    return AssertOp(summarize or 3).bind(cond_t, *tensors, name=name or "Assert")


def _compare(fn, x, y, message, name, default):
    from .. import graph as _g
    from .reduce import reduce_all
    with _g.name_scope(name, default):
        x = convert_to_tensor(x)
        y = convert_to_tensor(y, dtype=x.dtype)
        cond = reduce_all(fn(x, y))
        return Assert(cond, [message or f"Condition {default} did not hold", x, y])


def assert_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op that fails the run unless ``x == y`` everywhere."""
    from .math import equal
    return _compare(equal, x, y, message, name, "assert_equal")


def assert_less(x, y, data=None, summarize=None, message=None, name=None):
    """An op that fails the run unless ``x < y`` everywhere."""
    from .math import less
    return _compare(less, x, y, message, name, "assert_less")


def assert_less_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op that fails the run unless ``x <= y`` everywhere."""
    from .math import less_equal
    return _compare(less_equal, x, y, message, name, "assert_less_equal")


def assert_greater(x, y, data=None, summarize=None, message=None, name=None):
    """An op that fails the run unless ``x > y`` everywhere."""
    from .math import greater
    return _compare(greater, x, y, message, name, "assert_greater")


def assert_greater_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op that fails the run unless ``x >= y`` everywhere."""
    from .math import greater_equal
    return _compare(greater_equal, x, y, message, name, "assert_greater_equal")


def assert_none_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op that fails the run unless ``x != y`` everywhere."""
    from .math import not_equal
    return _compare(not_equal, x, y, message, name, "assert_none_equal")


def _sign_check(fn, x, message, name, default):
    from .creation import zeros_like
    x = convert_to_tensor(x)
    return _compare(fn, x, zeros_like(x), message, name, default)


def assert_negative(x, data=None, summarize=None, message=None, name=None):
    """An op that fails the run unless ``x < 0`` everywhere."""
    from .math import less
    return _sign_check(less, x, message, name, "assert_negative")


def assert_non_negative(x, data=None, summarize=None, message=None, name=None):
    """An op that fails the run unless ``x >= 0`` everywhere."""
    from .math import greater_equal
    return _sign_check(greater_equal, x, message, name, "assert_non_negative")


def assert_non_positive(x, data=None, summarize=None, message=None, name=None):
    """An op that fails the run unless ``x <= 0`` everywhere."""
    from .math import less_equal
    return _sign_check(less_equal, x, message, name, "assert_non_positive")


def assert_positive(x, data=None, summarize=None, message=None, name=None):
    """An op that fails the run unless ``x > 0`` everywhere."""
    from .math import greater
    from .creation import zeros_like
    x = convert_to_tensor(x)
    return _compare(greater, x, zeros_like(x), message, name, "assert_positive")


def assert_rank(x, rank, message=None, name=None):
    """Checks at build time that ``x`` has ``rank`` (raises ValueError)."""
    x = convert_to_tensor(x)
    if x.shape.ndims is not None and x.shape.ndims != rank:
        raise ValueError(message or f"Tensor {x.name} must have rank {rank}, but has rank "
                         f"{x.shape.ndims} (shape {x.shape}).")
    from .control import no_op
    return no_op(name=name or "assert_rank")
