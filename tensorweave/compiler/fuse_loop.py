"""A fused elementwise group as one compiled loop (optional: needs numba, ``pip install
'tensorweave[fast]'``).

``compiler/fuse.py`` runs a group's NumPy ufuncs chunk by chunk: each chunk stays in the cache,
but every member is still its own pass over it, with the chunk's intermediates written and
read back. With numba installed, a group whose members are all exactly rounded IEEE
operations (``+ - * /``, ``sqrt``, ``square``, ``abs``, negation, reciprocal,
``maximum``/``minimum``, ReLU and its gradient) becomes one loop over the elements instead
(fuse.py then fuses groups from ``LOOP_MIN_SIZE`` elements on): each operand element is
loaded once, every member runs on it in registers, and only the values read outside the group
are stored. The loop performs the same float operations in the same order on each element as
NumPy does (numba's defaults: no fast-math, no contraction into fused multiply-adds), so the
results are bit-identical to the unfused plan. Groups with anything else (``exp``, ``log``,
``tanh``: NumPy's own SIMD routines round differently from libm) keep the chunked body.

Measured (W2's Adam update of a 784x512 kernel, 401k float32 parameters, one thread): 0.26 ms
as a loop, 1.08 ms chunked, 3.6 ms unfused; JAX's jitted update took 0.34 ms on the same
machine.

Vectorizing needs the loop's arrays to be distinct: LLVM checks at run time that they do not
overlap and otherwise runs element by element (4x slower). A group often gets one array twice:
it reads a variable it also writes (Adam reads ``m`` and writes it), or the memory plan gave
an output the buffer of an operand read for the last time. So the loop is compiled per
aliasing pattern (which operands are which written arrays, found with ``is`` at run time),
reading an aliased operand through the written array itself.

Where oneDNN's products run (tensorweave/onednn.py: its threads are GNU OpenMP's), a large
group (compiler/fuse.py: ``OPENMP_MIN_BYTES``) runs a second compilation of its loop whose
outer loop is numba's ``prange`` on the OpenMP threading layer, so on the threads that just
computed the products (each element computed as in the serial loop: the same bits).

``ENABLED`` switches it off (``TENSORWEAVE_NUMBA=0`` in the environment turns off every
compiled loop, see tensorweave/jit.py); without numba the chunked body is used. A loop is
compiled on first use (about 0.2 s) and kept per process by its source, so every model with the
same update shares it.
"""

import numpy as np

from .. import jit

ENABLED = True

# ufunc -> the scalar expression NumPy computes per element (exactly rounded operations only)
_UFUNCS = {
    np.add: "({0} + {1})",
    np.subtract: "({0} - {1})",
    np.multiply: "({0} * {1})",
    np.true_divide: "({0} / {1})",
    np.negative: "(-{0})",
    np.absolute: "abs({0})",
    np.positive: "({0})",
    np.square: "({0} * {0})",
    np.sqrt: "np.sqrt({0})",
    np.reciprocal: "(_one / {0})",
    # NumPy's maximum/minimum: NaN from either side, else the second operand on ties
    # (so maximum(-0.0, 0.0) is 0.0)
    np.maximum: "_max({0}, {1})",
    np.minimum: "_min({0}, {1})",
}

_compiled = {}   # (source, dtype) -> compiled loop


def template(fn):
    """The per-element expression of member function ``fn``, or None: ufuncs from the table,
    or kernels' ``chunk`` functions that declare ``scalar`` (``{0}``, ``{1}``: operands;
    ``_one``, ``_z``: 1 and 0 in the group's dtype; ``_max``, ``_min``: as NumPy's)."""
    if isinstance(fn, np.ufunc):
        return _UFUNCS.get(fn)
    return getattr(fn, "scalar", None)


def available():
    """Whether groups may run as compiled loops at all (enabled, numba installed)."""
    return ENABLED and jit.available()


def usable(ms, dtype):
    """Whether a group with members ``ms`` over arrays of ``dtype`` can run as a loop."""
    if not ENABLED or np.dtype(dtype) not in (np.float32, np.float64):
        return False
    if any(template(m["fn"]) is None for m in ms):
        return False
    return jit.available()


def source(g, ms, alias):
    """The loop ``_loop(n, <arrays>)`` over ``n`` rows: every member, element by element.

    ``g`` names the operands as fuse.py's ``_Names``; ``alias`` maps operand names to the
    written array (variable or planned buffer) each one is: those operands are read through
    it, at each use, and not passed. The arrays are the chunk arguments in order, less the
    aliased operands; full arrays start at the first row to compute, so the index counts
    from 0 (an offset index might be negative, and NumPy-style wraparound would stop LLVM
    from vectorizing)."""
    width = g.width
    idx = "r, j" if width else "i"
    value, lines = {}, []
    for s, a in g.arg.items():
        kind = g.kinds[s]
        if kind == "scalar":  # read once; full and row operands are read at each use,
            lines.append(f"    k{a} = f{a}[()]")  # as the chunked body does (a variable
            value[s] = f"k{a}"                    # written by a member may be read after)
        elif kind == "full":
            value[s] = f"f{alias.get(a, a)}[{idx}]"
        elif kind[0] == "col":
            value[s] = f"f{a}[r, 0]"
        else:
            value[s] = f"f{a}[j]"
    if width:
        lines += ["    for r in range(n):", f"        for j in range({width}):"]
        pad = " " * 12
    else:
        lines.append("    for i in range(n):")
        pad = " " * 8
    for n, m in enumerate(ms):
        operands = [value[s] for s in m["ins"]]
        expr = template(m["fn"])
        target = m["target"]
        if target and target[0] == "assign":  # in place: variable = variable (op) operand
            dest = f"f{g.var[target[1]]}[{idx}]"
            lines += [f"{pad}v{n} = {expr.format(dest, operands[0])}", f"{pad}{dest} = v{n}"]
        else:
            lines.append(f"{pad}v{n} = {expr.format(*operands)}")
            if target:
                lines.append(f"{pad}f{g.var[target[1]]}[{idx}] = v{n}")
            elif m["out"] in g.whole:
                lines.append(f"{pad}f{g.whole[m['out']]}[{idx}] = v{n}")
        value[m["out"]] = f"v{n}"
    params = "".join(f"{a}, " for a in g.chunk_args() if a[1:] not in alias)
    return "\n".join([f"def _loop(n, {params}):"] + lines)


def compile_loop(text, dtype, parallel=False):
    """The compiled loop of source ``text`` for arrays of ``dtype`` (kept per process); with
    ``parallel``, its rows (elements) are shared out between OpenMP's threads (``prange``:
    every element is computed as in the serial loop, so the results are the same bits)."""
    if parallel:
        text = text.replace("    for r in range(n):", "    for r in _prange(n):", 1) \
            .replace("    for i in range(n):", "    for i in _prange(n):", 1)
    key = (text, np.dtype(dtype).str)
    loop = _compiled.get(key)
    if loop is None:
        inline = jit.numba().njit(inline="always")
        ns = {"np": np, "_one": np.dtype(dtype).type(1), "_z": np.dtype(dtype).type(0),
              "_prange": jit.numba().prange,
              "_max": inline(lambda a, b: a if a > b or a != a else b),
              "_min": inline(lambda a, b: a if a < b or a != a else b)}
        exec(compile(text, "<tensorweave fused loop>", "exec"), ns)  # noqa: S102
        loop = jit.njit(ns["_loop"], parallel=parallel)
        loop.source = text
        _compiled[key] = loop
    return loop
