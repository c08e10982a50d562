"""A comparison feeding a select against zeros runs as one kernel: ``where(a >= b, g, 0)``.

TensorFlow's gradient of ``maximum``/``minimum`` (and so of the lecture's ReLU, written
``tf.maximum(h, 0)``) is ``where(x >= y, g, zeros)``: a comparison pass writing a mask, then
a select pass reading the mask, ``g`` and a full array of zeros (a constant once
``zeros_like`` is folded). When the mask is read by nothing else, this pass replaces both by
one kernel that compares and selects per element: with the ``fast`` extra a compiled loop
(one pass, no mask, no zeros array), else ``xp.where`` on the comparison as before. The
select copies the chosen value, so the results are those of the two steps bit for bit
(NaNs, infinities and signed zeros included; a NaN compares false, as in NumPy).
"""

import numpy as np

from .. import jit
from ..ops.registry import Op
from .pool_relu import reader_counts

ENABLED = True

_COMPARE = {"GreaterEqual": ">=", "Greater": ">", "LessEqual": "<=", "Less": "<"}
_NUMPY = {"GreaterEqual": np.greater_equal, "Greater": np.greater,
          "LessEqual": np.less_equal, "Less": np.less}
_loops = {}


class CompareSelect(Op):
    """``where(a <cmp> b, g, 0)`` (``zero_first``: ``where(a <cmp> b, 0, g)``); made by this
    pass only, never in a graph."""

    fresh_output = True

    def __init__(self, compare, zero_first):
        self.compare = compare
        self.zero_first = zero_first

    def infer(self, a, b, g):  # pragma: no cover - never bound into a graph
        raise NotImplementedError

    def make_kernel(self, ctx, node):
        xp = ctx.xp
        cmp = getattr(xp, _NUMPY[self.compare].__name__)
        compare, zero_first = self.compare, self.zero_first

        def kernel(a, b, g, out=None):
            if xp is np and a.shape == g.shape and (b.ndim == 0 or b.shape == a.shape) and \
                    a.dtype == b.dtype and a.dtype.kind == "f" and g.dtype.kind == "f" and \
                    jit.works(_name(compare, zero_first, b.ndim != 0)):
                dest = out if out is not None and out.flags.c_contiguous else \
                    np.empty(g.shape, g.dtype)  # the loop writes through a flat view
                try:
                    _run_loop(compare, zero_first, a, b, g, dest)
                    if out is not None and dest is not out:
                        out[...] = dest
                        return out
                    return dest
                except jit.Unavailable:
                    pass
            zero = xp.zeros((), dtype=g.dtype)
            mask = cmp(a, b)
            result = xp.where(mask, zero, g) if zero_first else xp.where(mask, g, zero)
            if out is None:
                return result
            out[...] = result
            return out
        kernel.accepts_out = True
        return kernel


def _name(compare, zero_first, full):
    return f"compare_select_{compare}_{int(zero_first)}_{int(full)}"


def _run_loop(compare, zero_first, a, b, g, out):
    """The compiled loop for this comparison, branch order and ``b`` (array or scalar)."""
    full = b.ndim != 0
    name = _name(compare, zero_first, full)
    fn = _loops.get(name)
    if fn is None:
        op = _COMPARE[compare]
        bv = "b[i]" if full else "b0"
        picked = f"_z if a[i] {op} {bv} else g[i]" if zero_first else \
            f"g[i] if a[i] {op} {bv} else _z"
        src = ("def _loop(a, b, g, out):\n"
               "    _z = out.dtype.type(0)\n"
               + ("" if full else "    b0 = b[0]\n")
               + "    for i in range(a.shape[0]):\n"
               f"        out[i] = {picked}\n")
        ns = {}
        exec(compile(src, "<tensorweave compare-select>", "exec"), ns)  # noqa: S102
        fn = _loops[name] = ns["_loop"]
    jit.call(name, fn, a.reshape(-1), np.asarray(b).reshape(-1), g.reshape(-1),
             out.reshape(-1))  # a NumPy scalar b (a 0-d result) as a 1-element array


def _all_zero(value, dtype):
    """Whether ``value`` is +0.0 everywhere in ``dtype`` (a -0.0 would not be where's 0)."""
    value = np.asarray(value)
    return value.dtype == dtype and value.size > 0 and not np.any(value) and \
        not np.any(np.signbit(value))


def fold_compare_into_select(ops, fed_ids, alias, rewritten, fetched, known):
    """{SelectV2 op: (CompareSelect primitive, [a, b, g])} for ``where(a cmp b, g, 0)`` and
    ``where(a cmp b, 0, g)`` whose comparison only such selects read (maximum's gradient
    has two: each compares again, in its own pass, instead of reading a mask)."""
    found = {}  # id(comparison output) -> [(select op, rewrite)]
    if not ENABLED:
        return {}
    readers = reader_counts(ops, alias, rewritten)
    for op in ops:
        if op.type != "SelectV2" or op in rewritten or op._control_inputs:
            continue
        c, x, y = (alias.get(id(t), t) for t in op.inputs)
        cmp = c.op
        if cmp.type not in _COMPARE or id(c) in fed_ids or id(c) in fetched or \
                cmp._control_inputs or cmp._cond_ctx is not op._cond_ctx or id(c) in known:
            continue
        out_shape = op.outputs[0].shape.as_tuple()
        dtype = op.outputs[0].dtype
        if out_shape is None or None in out_shape or not dtype.is_floating:
            continue
        np_dtype = np.dtype(dtype.as_numpy_dtype)
        if id(y) in known and _all_zero(known[id(y)], np_dtype):
            g, zero_first = x, False
        elif id(x) in known and _all_zero(known[id(x)], np_dtype):
            g, zero_first = y, True
        else:
            continue
        a, b = (alias.get(id(t), t) for t in cmp.inputs)
        shapes = [t.shape.as_tuple() for t in (a, b, g)]
        if shapes[0] != out_shape or shapes[2] != out_shape or \
                shapes[1] not in ((), out_shape) or a.dtype != b.dtype or g.dtype != dtype:
            continue
        found.setdefault(id(c), []).append((op, (CompareSelect(cmp.type, zero_first),
                                                 [a, b, g])))
    return {op: rewrite for c, selects in found.items() if len(selects) == readers.get(c)
            for op, rewrite in selects}
