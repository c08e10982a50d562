"""Runs a plan: the one hot loop of graph mode.

A plan is compiled into a Python function with one line per op (``v7 = k3(v2, v5)``), the
kernels bound as default arguments (fast local lookups). There is no per-op dictionary
lookup, shape check or dispatch on the hot path; ``_i`` records the step for error messages.
"""

import numpy as np

from . import errors as _errors

__all__ = ["Plan", "build_runner"]


class Plan:
    """A compiled (fetches, feeds) signature: ``run(feed_values)`` → fetched arrays."""

    def __init__(self, ops, runner, fetch_post, has_writes):
        self.ops = ops
        self.runner = runner
        self.fetch_post = fetch_post
        self.has_writes = has_writes


def build_runner(steps, n_feeds, fetch_slots, ops, constants=None):
    """Generates the plan function.

    Args:
        steps: list of (kernel, input slots, output slots); slots are ints.
        n_feeds: the first ``n_feeds`` slots are the fed values, in order.
        fetch_slots: the slots to return, in order (None for an operation: returns None).
        ops: the Operation of each step (for error messages).
        constants: {slot: value} known before the run (bound once, as default arguments).

    Returns:
        ``run(feeds) -> tuple`` where ``feeds`` is a sequence of ``n_feeds`` arrays.
    """
    constants = constants or {}
    lines = ["def run(feeds, " + "".join(f"k{i}=k{i}, " for i in range(len(steps)))
             + "".join(f"v{s}=c{s}, " for s in constants)
             + "_fail=_fail, _errstate=_errstate):"]
    if n_feeds:
        lines.append("    " + "".join(f"v{i}, " for i in range(n_feeds)) + "= feeds")
    lines.append("    _i = -1")
    lines.append("    try:")
    lines.append("        with _errstate(all='ignore'):")
    for i, (_, ins, outs) in enumerate(steps):
        args = ", ".join(f"v{s}" for s in ins)
        call = f"k{i}({args})"
        lines.append(f"            _i = {i}")
        if not outs:
            lines.append(f"            {call}")
        elif len(outs) == 1:
            lines.append(f"            v{outs[0]} = {call}")
        else:
            lines.append(f"            {', '.join(f'v{s}' for s in outs)}, = {call}")
    lines.append("    except Exception as e:")
    lines.append("        _fail(_i, e)")
    ret = "".join("None, " if s is None else f"v{s}, " for s in fetch_slots)
    lines.append(f"    return ({ret})")
    source = "\n".join(lines)

    def fail(i, exc):
        if isinstance(exc, _errors.OpError) or i < 0:
            raise exc
        op = ops[i]
        loc = getattr(op, "_traceback_line", None)
        where = f" (defined at {loc})" if loc else ""
        raise _errors.InvalidArgumentError(
            None, op, f"{type(exc).__name__}: {exc}\n\t [[node {op.name} (op: {op.type})"
            f"{where}]]") from exc

    namespace = {f"k{i}": k for i, (k, _, _) in enumerate(steps)}
    namespace.update({f"c{s}": v for s, v in constants.items()})
    namespace["_fail"] = fail
    namespace["_errstate"] = np.errstate
    exec(compile(source, "<tensorweave plan>", "exec"), namespace)  # noqa: S102
    run = namespace["run"]
    run.source = source
    return run
