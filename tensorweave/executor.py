"""Runs a plan: the one hot loop of graph mode.

A plan is compiled into a Python function with one line per op (``v7 = k3(v2, v5)``), the
kernels bound as default arguments (fast local lookups). There is no per-op dictionary
lookup, shape check or dispatch on the hot path; ``_i`` records the step for error messages.
"""

import numpy as np

from . import denormal as _denormal
from . import errors as _errors

__all__ = ["Plan", "build_runner"]


class Plan:
    """A compiled (fetches, feeds) signature: ``run(feed_values)`` → fetched arrays."""

    def __init__(self, ops, runner, fetch_post, has_writes, rngs=()):
        self.ops = ops
        self.runner = runner
        self.fetch_post = fetch_post
        self.has_writes = has_writes
        self.rngs = list(rngs)  # the random streams the plan draws from
        self.own_threads = False  # products on tensorweave's threads (blas.py)


def build_runner(steps, n_feeds, fetch_slots, ops, constants=None, buffers=None,
                 var_outs=None, variables=None, xp=np):
    """Generates the plan function.

    Args:
        steps: list of (kernel, input slots, output slots[, guard[, merge]]); slots are
            ints; ``guard`` is a Python condition on slots (the step runs only when it
            holds: tf.cond branches); ``merge`` marks a Merge (``a if pred else b``).
        n_feeds: the first ``n_feeds`` slots are the fed values, in order.
        fetch_slots: the slots to return, in order (None for an operation: returns None).
        ops: the Operation of each step (for error messages).
        constants: {slot: value} known before the run (bound once, as default arguments).
        buffers: {step index: array} the step writes its output into (``out=``).
        var_outs: {step index: variable name}: the step writes into that variable's
            current array, looked up in ``variables`` at run time (in-place updates).
        xp: the array module (variables' arrays are ``xp.ndarray``).

    Returns:
        ``run(feeds) -> tuple`` where ``feeds`` is a sequence of ``n_feeds`` arrays.
    """
    constants = constants or {}
    buffers = buffers or {}
    var_outs = var_outs or {}
    lines = ["def run(feeds, " + "".join(f"k{i}=k{i}, " for i in range(len(steps)))
             + "".join(f"v{s}=c{s}, " for s in constants)
             + "".join(f"b{i}=b{i}, " for i in buffers)
             + "_vout=_vout, "
             + "_fail=_fail, _errstate=_errstate, _begin=_begin, _end=_end):"]
    if n_feeds:
        lines.append("    " + "".join(f"v{i}, " for i in range(n_feeds)) + "= feeds")
    lines.append("    _i = -1")
    lines.append("    _modes = _begin()")  # denormals flush to zero during the run, as in TF
    lines.append("    try:")
    lines.append("        with _errstate(all='ignore'):")
    lines.append("            pass")  # the block is empty when every fetch was folded or fed
    for i, step in enumerate(steps):
        _, ins, outs = step[:3]
        guard = step[3] if len(step) > 3 else None
        merge = step[4] if len(step) > 4 else False
        pad = "            "
        lines.append(f"{pad}_i = {i}")
        if guard:
            lines.append(f"{pad}if {guard}:")
            pad += "    "
        if merge:  # a tf.cond's Merge: read only the taken branch's value
            p, a, b = ins
            lines.append(f"{pad}v{outs[0]} = v{a} if v{p} else v{b}")
            continue
        target = f"b{i}" if i in buffers else \
            (f"_vout({var_outs[i]!r})" if i in var_outs else None)
        if target is not None:  # a ufunc takes ``out`` positionally (faster than keyword)
            positional = isinstance(step[0], np.ufunc) and \
                step[0].__name__ not in ("maximum", "minimum")  # NumPy deprecates those
            out_arg = target if positional else f"out={target}"
        args = [f"v{s}" for s in ins] + ([out_arg] if target is not None else [])
        call = f"k{i}({', '.join(args)})"
        if not outs:
            lines.append(f"{pad}{call}")
        elif len(outs) == 1:
            lines.append(f"{pad}v{outs[0]} = {call}")
        else:
            lines.append(f"{pad}{', '.join(f'v{s}' for s in outs)}, = {call}")
    ret = "".join("None, " if s is None else f"v{s}, " for s in fetch_slots)
    lines.append(f"            _i = {len(steps)}")
    lines.append(f"            return ({ret})")
    lines.append("    except Exception as e:")
    lines.append("        _fail(_i, e)")
    lines.append("    finally:")
    lines.append("        _end(_modes)")
    source = "\n".join(lines)

    def fail(i, exc):
        if isinstance(exc, _errors.OpError) or i < 0:
            raise exc
        if isinstance(exc, UnboundLocalError):
            raise _errors.InvalidArgumentError(
                None, ops[i] if i < len(ops) else None,
                "A fetched or needed value was not computed: it belongs to a tf.cond branch "
                "that was not taken in this run.") from None
        if i >= len(ops):
            raise exc
        op = ops[i]
        loc = getattr(op, "_traceback_line", None)
        where = f" (defined at {loc})" if loc else ""
        raise _errors.InvalidArgumentError(
            None, op, f"{type(exc).__name__}: {exc}\n\t [[node {op.name} (op: {op.type})"
            f"{where}]]") from exc

    namespace = {f"k{i}": step[0] for i, step in enumerate(steps)}
    namespace.update({f"c{s}": v for s, v in constants.items()})
    namespace.update({f"b{i}": v for i, v in buffers.items()})
    namespace["_fail"] = fail
    namespace["_vars"] = variables = variables if variables is not None else {}

    def vout(key):
        """The variable's array to write into, or None (then the ufunc allocates): before
        its first value, or when it holds a NumPy scalar (0-d ufunc results are scalars)."""
        current = variables.get(key)
        return current if type(current) is np.ndarray and current.flags.writeable else None

    if xp is not np:
        device_array = xp.ndarray

        def vout(key):  # noqa: F811 - device arrays have no read-only flag
            current = variables.get(key)
            return current if type(current) is device_array else None
    namespace["_vout"] = vout
    namespace["_errstate"] = np.errstate
    namespace["_begin"], namespace["_end"] = _denormal.begin, _denormal.end
    exec(compile(source, "<tensorweave plan>", "exec"), namespace)  # noqa: S102
    run = namespace["run"]
    run.source = source
    return run
