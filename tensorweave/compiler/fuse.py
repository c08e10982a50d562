"""Elementwise fusion: a connected group of elementwise steps over large arrays of one shape
runs as one kernel that walks the arrays in cache-sized chunks.

Unfused, an Adam update is a dozen NumPy passes, each reading and writing whole arrays that
do not fit in the cache; fused, every chunk of ``g``, ``m``, ``v`` and ``w`` is loaded once,
all the group's ufuncs run on it while it is in the cache, and the intermediates live in
chunk-sized scratch arrays. The same ufuncs run on the same elements in the same order, so
the results are bit-identical to the unfused plan.

Members are NumPy-ufunc steps (including those writing into a variable, see ``inplace``),
kernels that declare an elementwise ``chunk`` function (``relu``, its gradient, ``bias_add``)
and in-place ``assign_add``/``assign_sub`` steps, with a float output of fully known shape of
at least ``MIN_SIZE`` elements (``LOOP_MIN_SIZE`` when the group runs as a compiled loop, see
fuse_loop.py). Their operands have the output's shape, or broadcast to it along the leading
axes (a bias) or along the last one (an ``(n, 1)`` column), or are single values. A step
joins a group it reads from or shares an operand with. The group runs where its last member
ran; it stops growing at a step outside it that reads one of its values, that writes a
variable it reads, or that writes into the planned buffer of a value it reads, so no step
ever sees a value computed later than before and the group never reads a buffer the memory
plan has handed on. Values read outside the group (or fetched) are written whole, into the
buffer the memory plan gave them; the others exist only per chunk.

numexpr (the usual way to fuse NumPy expressions) was measured and is slower here: Adam over
663k float32 parameters took 2.2 ms with numexpr on 2 threads, 1.0 ms chunked in NumPy (its
float32 division and square root are not vectorized as NumPy's are).

At run time the kernel checks that the variables it writes hold writeable C-contiguous arrays
of the expected shape that no operand overlaps; otherwise (a restored or fed variable, a view)
it runs the group's steps one after another on whole arrays, exactly as without fusion.
"""

import numpy as np

from .. import jit
from .. import onednn as _onednn
from .. import parallel as _parallel
from ..parallel import parallel_for, parts_for
from . import fuse_loop
from .inplace import variable_slots

ENABLED = True
CHUNK = 32768          # elements per chunk (128 KiB of float32 per operand)
# Groups over smaller arrays (1 MiB of float32) stay in the L2 cache unfused; fusing them only
# adds the per-chunk calls (measured: W1's 100k-element SGD update is 3 % slower fused).
MIN_SIZE = 1 << 18
# A group that runs as one compiled loop (fuse_loop.py) has no per-chunk calls to amortize:
# from this size on it is worth it (W1's 100k-element SGD updates: one pass instead of two;
# W2's Adam update of the 512x10 kernel: one call instead of 12 NumPy steps, the epoch 6%
# faster measured with benchmarks/ab.py; 256 measured no better).
LOOP_MIN_SIZE = 1 << 10

# A compiled group over at least this many bytes (its operands and results) runs on OpenMP's
# threads in runs whose products are oneDNN's (``_openmp_shared``); below, starting them costs
# more than they save.
OPENMP_MIN_BYTES = 1 << 18

_INPLACE = {"AssignAdd": "add", "AssignSub": "subtract"}


def _openmp_shared():
    """Whether a large compiled group may share its rows out between OpenMP's threads: the
    process's products are oneDNN's, whose threads are OpenMP's (one pool then serves both:
    a pass on tensorweave's own threads would compete with them while they spin after a
    product), this run's products are not on tensorweave's threads, and more than one thread
    is allowed (``intra_op_parallelism_threads``, else ``OMP_NUM_THREADS``)."""
    threads = _parallel.threads_setting() or _onednn.openmp_default_threads()
    return _onednn.available() and jit.openmp_usable() and not _parallel.owns_blas() and \
        not _parallel.busy() and threads != 1


class FusedOp:
    """Stands for a fused group in a plan's step list (error messages, ``plan.step_ops``)."""

    type = "Fused"

    def __init__(self, members):
        self.members = members
        self.name = members[-1].name
        self.outputs = []
        self._traceback_line = getattr(members[-1], "_traceback_line", None)

    def __repr__(self):
        return f"<Fused {' + '.join(op.type for op in self.members)}>"


def static_shape(shape):
    """A fully known static shape as a tuple of ints, else None."""
    dims = shape.as_tuple() if hasattr(shape, "as_tuple") else tuple(shape)
    return None if dims is None or None in dims else tuple(int(d) for d in dims)


def _operand_kind(shape, out_shape):
    """'full', ('row', width), ('col', width) or 'scalar' for an operand of ``shape`` read by
    a step whose output has ``out_shape``; None when chunking cannot handle it. A row
    repeats along the leading axes (a bias), a column along the last one (``(n, 1)`` against
    ``(n, m)``: a per-example factor such as a mean's gradient)."""
    if shape is None:
        return None
    if shape == out_shape:
        return "full"
    size = int(np.prod(shape)) if shape else 1
    if size == 1 and len(shape) <= len(out_shape):
        return "scalar"
    trimmed = list(shape)
    while trimmed and trimmed[0] == 1:
        trimmed.pop(0)
    k = len(trimmed)
    if 0 < k < len(out_shape) and tuple(trimmed) == out_shape[len(out_shape) - k:]:
        return ("row", size)
    if len(shape) == len(out_shape) >= 2 and shape[-1] == 1 and out_shape[-1] > 1 and \
            shape[:-1] == out_shape[:-1]:
        return ("col", out_shape[-1])
    return None


def fuse(steps, step_ops, fetch_slots, buffers, var_outs, assign_inplace, slot_specs,
         variables):
    """Replaces fusible groups of ``steps`` by fused steps.

    Args:
        steps, step_ops: the plan's steps in execution order and their operations.
        fetch_slots: the fetched slots.
        buffers: {step index: planned output buffer} (see ``memory``).
        var_outs: {step index: variable} for steps writing into a variable's array.
        assign_inplace: indices of ``AssignAdd``/``AssignSub`` steps done in place.
        slot_specs: {slot: (static shape or None, dtype)} for fed and constant slots.
        variables: the session's variable store (read at run time).

    Returns:
        (steps, step_ops, buffers, var_outs), re-indexed.
    """
    if not ENABLED:
        return steps, step_ops, buffers, var_outs
    specs = dict(slot_specs)
    for step, op in zip(steps, step_ops):
        for s, t in zip(step[2], op.outputs):
            specs[s] = (static_shape(t.shape), t.dtype.as_numpy_dtype)
    fetched = {s for s in fetch_slots if s is not None}
    # compiled loops fuse smaller groups; numba is imported only for a plan that has some
    least = MIN_SIZE
    if LOOP_MIN_SIZE < MIN_SIZE and any(
            shape is not None and int(np.prod(shape)) >= LOOP_MIN_SIZE
            for shape, _ in specs.values()) and fuse_loop.available():
        least = LOOP_MIN_SIZE
    members = {i: m for i in range(len(steps))
               if (m := _member(i, steps[i], step_ops[i], specs, var_outs, assign_inplace,
                                least))}
    if len(members) < 2:
        return steps, step_ops, buffers, var_outs
    writes = {i: getattr(op.primitive, "var_name", None) for i, op in enumerate(step_ops)
              if getattr(op.primitive, "writes_state", False)}
    writes.update(var_outs)  # steps computing straight into a variable's array write it too
    var_slots = variable_slots(steps, step_ops, assignments=True)
    shared = set().union(*var_slots.values()) if var_slots else set()

    groups = _group(steps, members, writes, var_slots, buffers, fuse_loop.available())
    groups = [g for g in groups if len(g["members"]) >= 2 and _worth(g, members)]
    if not groups:
        return steps, step_ops, buffers, var_outs

    consumers = {}
    for i, step in enumerate(steps):
        for s in step[1]:
            consumers.setdefault(s, set()).add(i)
    replace, drop = {}, set()
    for g in groups:
        idx = g["members"]
        inside = set(idx)
        kernel, ins, outs = _build(g, steps, members, fetched, consumers, inside, buffers,
                                   variables, shared)
        replace[idx[-1]] = ((kernel, ins, outs, None, False), FusedOp([step_ops[i] for i in idx]))
        drop.update(idx[:-1])
    new_steps, new_ops, new_buffers, new_vouts = [], [], {}, {}
    for i, (step, op) in enumerate(zip(steps, step_ops)):
        if i in drop:
            continue
        if i in replace:
            step, op = replace[i]
        else:
            if i in buffers:
                new_buffers[len(new_steps)] = buffers[i]
            if i in var_outs:
                new_vouts[len(new_steps)] = var_outs[i]
        new_steps.append(step)
        new_ops.append(op)
    return new_steps, new_ops, new_buffers, new_vouts


def _worth(g, members):
    """Whether group ``g`` is large enough to fuse: ``MIN_SIZE`` elements, or
    ``LOOP_MIN_SIZE`` for a group that runs as a compiled loop."""
    if int(np.prod(g["shape"])) >= MIN_SIZE:
        return True
    ms = [members[i] for i in g["members"]]
    return fuse_loop.usable(ms, ms[-1]["dtype"])


def _member(i, step, op, specs, var_outs, assign_inplace, least):
    """The member description of step ``i``, or None when it cannot be fused (``least``:
    the fewest elements worth fusing)."""
    kernel, ins, outs = step[0], step[1], step[2]
    if (len(step) > 3 and step[3]) or (len(step) > 4 and step[4]) or len(outs) != 1:
        return None
    out_shape, dtype = specs.get(outs[0], (None, None))
    if out_shape is None or np.dtype(dtype).kind != "f" or int(np.prod(out_shape)) < least:
        return None
    if i in assign_inplace and op.type in _INPLACE:
        fn, target = getattr(np, _INPLACE[op.type]), ("assign", op.primitive.var_name)
        kinds = [_operand_kind(specs.get(ins[0], (None,))[0], out_shape)]
        if kinds != ["full"]:
            return None
    elif (isinstance(kernel, np.ufunc) and kernel.nout == 1 and kernel.nin == len(ins)) or \
            getattr(kernel, "chunk", None) is not None:
        fn = kernel if isinstance(kernel, np.ufunc) else kernel.chunk
        target = ("var", var_outs[i]) if i in var_outs else None
        kinds = [_operand_kind(specs.get(s, (None,))[0], out_shape) for s in ins]
        if any(k is None for k in kinds) or \
                any(np.dtype(specs[s][1]) != np.dtype(dtype) for s in ins):
            return None
    else:
        return None
    widths = {k[1] for k in kinds if isinstance(k, tuple)}
    if len(widths) > 1:
        return None
    return {"fn": fn, "ins": list(ins), "out": outs[0], "kinds": kinds, "target": target,
            "shape": out_shape, "dtype": np.dtype(dtype), "width": widths.pop() if widths else 0}


def _group(steps, members, writes, var_slots, buffers, loops=False):
    """Greedy grouping in plan order; returns the groups (member indices ascending).

    A group runs where its last member is, so it stops growing (closes) at any other step
    that reads one of its values, that writes a variable it reads or writes, or that writes
    into the planned buffer (``buffers``, compiler/memory.py) of a value it reads: the memory
    plan let that step reuse the buffer once the value's last reader had run, and the group
    reads it later than its members did.

    With ``loops`` (compiled loops available), members a loop can run and members it cannot
    (``exp``, ``sign`` …) form separate groups: one such member would make the whole group
    run chunk by chunk, several times slower than as a loop."""
    held = {}  # slot -> id of the planned buffer holding its value
    for i, buf in buffers.items():
        for s in steps[i][2]:
            held[s] = id(buf)
    open_groups, done = [], []
    for i, step in enumerate(steps):
        m = members.get(i)
        g = None
        if m is not None:
            full_ins = {s for s, k in zip(m["ins"], m["kinds"]) if k == "full"}
            loopable = loops and fuse_loop.template(m["fn"]) is not None
            matches = [c for c in open_groups
                       if c["shape"] == m["shape"] and c["loop"] == loopable
                       and (not c["width"] or not m["width"] or c["width"] == m["width"])
                       and (set(m["ins"]) & c["produced"] or full_ins & c["full_ins"])]
            if matches:
                g = matches[0]
                for other in matches[1:]:
                    _merge(g, other)
                    open_groups.remove(other)
            else:
                g = {"members": [], "produced": set(), "reads": set(), "full_ins": set(),
                     "vars": set(), "bufs": set(), "shape": m["shape"], "width": 0,
                     "loop": loopable}
                open_groups.append(g)
            g["bufs"].update(held[s] for s in m["ins"] if s in held and s not in g["produced"])
            g["members"].append(i)
            g["produced"].add(m["out"])
            g["reads"].update(m["ins"])
            g["full_ins"] |= full_ins
            g["width"] = g["width"] or m["width"]
            if m["target"]:
                g["vars"].add(m["target"][1])
        reads = set(step[1])
        written = i in writes
        key = writes.get(i)
        touched = var_slots.get(key, set())
        into = id(buffers[i]) if i in buffers else None
        still = []
        for c in open_groups:
            if c is not g and (reads & c["produced"] or into in c["bufs"] or (written and (
                    key is None or touched & c["reads"] or key in c["vars"]))):
                done.append(c)
            else:
                still.append(c)
        open_groups = still
    for c in done + open_groups:
        c["members"].sort()
    return done + open_groups


def _merge(g, other):
    for k in ("produced", "reads", "full_ins", "vars", "bufs"):
        g[k] |= other[k]
    g["members"] += other["members"]
    g["width"] = g["width"] or other["width"]


def _build(g, steps, members, fetched, consumers, inside, buffers, variables, shared):
    """(kernel, input slots, output slots) of the fused step for group ``g``; ``shared``:
    the slots that may hold a variable's array (or a view of it).

    The kernel is generated Python: ``fused`` checks the variables it writes, cuts whole
    arrays into row views and hands ``_body`` (one chunk of every member) to the chunk
    runner; ``_fallback`` runs the members on whole arrays, as the unfused plan would."""
    idx = g["members"]
    ms = [members[i] for i in idx]
    width = g["width"]
    size = int(np.prod(g["shape"]))
    produced = {m["out"] for m in ms}
    ext = []  # external input slots, in first-use order
    kinds = {}
    for m in ms:
        for s, kind in zip(m["ins"], m["kinds"]):
            if s not in produced and s not in ext:
                ext.append(s)
                kinds[s] = kind
    outs = [m["out"] for m in ms if m["out"] in fetched or consumers.get(m["out"], set()) - inside]
    names = _Names(ext, ms, kinds, width)
    ns = {"_vars": variables, "_share": np.may_share_memory, "_empty": np.empty,
          "_asarray": np.asarray,
          "_ndarray": np.ndarray, "_shape": g["shape"], "_dtype": ms[-1]["dtype"],
          "_flat": (size // width, width) if width else (size,)}
    for n, (i, m) in enumerate(zip(idx, ms)):
        ns[f"u{n}"] = m["fn"]
        if m["target"]:  # written whole: into the variable, or the planned buffer …
            names.whole[m["out"]] = names.var[m["target"][1]]
        elif m["out"] in outs and i in buffers:
            ns[f"B{n}"] = buffers[i]
            names.whole[m["out"]] = f"B{n}"
        elif m["out"] in outs:  # … or a new array per run (fetched, or kept by its reader)
            names.whole[m["out"]] = f"O{n}"
    loop = fuse_loop.usable(ms, ms[-1]["dtype"])
    # (operand, written array) pairs that may be one array: a variable the group reads and
    # writes, or a planned buffer reusing a dying operand's; a loop is compiled per pattern
    written = list(names.var.values()) + [b for b in names.whole.values() if b[0] == "B"]
    pairs = [(a, w) for s, a in names.arg.items() if names.kinds[s] == "full"
             for w in written if w[0] == "B" or s in shared] if loop else []
    head = _head(names, outs, shared, pairs)
    body, n_scratch = _body(names, ms)
    fallback = _fallback(names, ms, idx, steps, outs, buffers, variables, ns)
    step_rows = max(1, CHUNK // width) if width else CHUNK
    ns["_runner"] = _ChunkRunner(ns["_flat"][0], step_rows,
                                 (step_rows, width) if width else (step_rows,),
                                 ms[-1]["dtype"], n_scratch)
    source = "\n".join(body + fallback + head)
    exec(compile(source, "<tensorweave fused group>", "exec"), ns)  # noqa: S102
    if loop:  # one compiled loop instead of the chunked body (fuse_loop.py)
        ns["_runner"] = _LoopRunner(names, ms, pairs, ns["_body"], ns["_runner"])
    kernel = ns["fused"]
    kernel.source = source
    return kernel, ext, outs


class _Names:
    """The generated code's names: ``x<k>`` operands, ``W<k>`` written variables, ``f...``
    whole-array views, ``c...`` chunk views, ``t<k>`` chunk scratch."""

    def __init__(self, ext, ms, kinds, width):
        self.arg = {s: f"x{k}" for k, s in enumerate(ext)}
        self.kinds = kinds
        self.width = width
        keys = []
        for m in ms:
            if m["target"] and m["target"][1] not in keys:
                keys.append(m["target"][1])
        self.var = {key: f"W{k}" for k, key in enumerate(keys)}
        self.whole = {}  # slot written whole (read outside the group) -> its array's name

    def args(self):
        return "".join(f"{a}, " for a in self.arg.values())

    def chunk_args(self):
        return [f"f{a}" for a in self.arg.values()] + [f"f{w}" for w in self.whole.values()]


def _head(g, outs, shared, pairs=()):
    """``fused``: run-time checks, whole-array views, the chunk loop, the outputs; ``pairs``:
    (operand, written array) names whose identity the compiled loop's runner is told."""
    fallback = f"        return _fallback({g.args()})"
    lines = [f"def fused({g.args()}):"]
    for key, w in g.var.items():  # the written variables hold plain, writeable arrays …
        lines += [f"    {w} = _vars.get({key!r})",
                  f"    if type({w}) is not _ndarray or {w}.shape != _shape or "
                  f"{w}.dtype != _dtype or not {w}.flags.writeable or "
                  f"not {w}.flags.c_contiguous:", fallback]
    for s, a in g.arg.items():  # … that no operand overlaps (other than the array itself)
        for w in (g.var.values() if s in shared else ()):
            lines += [f"    if {a} is not {w} and _share({a}, {w}):", fallback]
    for s, a in g.arg.items():
        kind = g.kinds[s]
        if kind == "scalar":  # a 0-d array (a NumPy scalar, what NumPy's ufuncs give for
            lines.append(f"    f{a} = _asarray({a}).reshape(())")  # 0-d operands, is none:
            continue                                # the compiled loop could not index it)
        shape = "_flat" if kind == "full" else \
            "(_flat[0], 1)" if kind[0] == "col" else f"({g.width},)"
        lines.append(f"    f{a} = {a}.reshape({shape})")
    for name in g.whole.values():
        if name.startswith("O"):
            lines.append(f"    {name} = _empty(_shape, _dtype)")
        lines.append(f"    f{name} = {name}.reshape(_flat)")
    alias = "".join(f"{a} is {w}, " for a, w in pairs)
    lines.append(f"    _runner.run(_body, ({''.join(f'{a}, ' for a in g.chunk_args())}), "
                 f"({alias}))")
    lines.append("    return " + _returned([g.whole[s] for s in outs]))
    return lines


def _body(g, ms):
    """``_body(s, e, ...)``: every member on rows ``s:e``; values nobody outside reads live
    in chunk scratch ``t<k>``, reused once dead. Returns (lines, number of scratch arrays)."""
    last_use = {}
    for n, m in enumerate(ms):
        for s in m["ins"]:
            last_use[s] = n
    chunk, lines = {}, []
    for s, a in g.arg.items():
        if _by_rows(g.kinds[s]):
            lines.append(f"    c{a} = f{a}[s:e]")
            chunk[s] = f"c{a}"
        else:
            chunk[s] = f"f{a}"
    for s, name in g.whole.items():
        lines.append(f"    c{name} = f{name}[s:e]")
    free, n_scratch = [], 0
    for n, m in enumerate(ms):
        operands = [chunk[s] for s in m["ins"]]
        # scratch read for the last time here is free afterwards, and the output may
        # overwrite it (elementwise: each element is read before it is written)
        dying = sorted({chunk[s] for s in m["ins"]
                        if last_use[s] == n and chunk[s].startswith("t")})
        if m["target"] and m["target"][0] == "assign":
            dest = f"c{g.var[m['target'][1]]}"
            lines.append(f"    u{n}({dest}, {operands[0]}, out={dest})")
        else:
            if m["out"] in g.whole:
                dest = f"c{g.whole[m['out']]}"
            elif dying:
                dest = dying.pop(0)
            elif free:
                dest = free.pop()
            else:
                dest = f"t{n_scratch}"
                n_scratch += 1
            lines.append(f"    u{n}({', '.join(operands)}, out={dest})")
        chunk[m["out"]] = dest
        free.extend(dying)
    params = "".join(f"{a}, " for a in g.chunk_args()) + \
        "".join(f"t{k}, " for k in range(n_scratch))
    return [f"def _body(s, e, {params}):"] + lines, n_scratch


def _fallback(g, ms, idx, steps, outs, buffers, variables, ns):
    """``_fallback``: the members one after another on whole arrays, as without fusion."""
    lines = [f"def _fallback({g.args()}):"]
    value = dict(g.arg)
    for n, (i, m) in enumerate(zip(idx, ms)):
        operands = ", ".join(value[s] for s in m["ins"])
        if m["target"] and m["target"][0] == "assign":
            ns[f"K{n}"] = steps[i][0]  # the in-place kernel itself (checks initialization)
            lines.append(f"    y{n} = K{n}({operands})")
        elif m["target"]:
            ns[f"_vout{n}"] = _vout(variables, m["target"][1])
            lines.append(f"    y{n} = u{n}({operands}, out=_vout{n}())")
        elif m["out"] in outs and i in buffers:
            lines.append(f"    y{n} = u{n}({operands}, out=B{n})")
        else:
            lines.append(f"    y{n} = u{n}({operands})")
        value[m["out"]] = f"y{n}"
    lines.append("    return " + _returned([value[s] for s in outs]))
    return lines


def _by_rows(kind):
    """Whether an operand of ``kind`` is cut along the group's rows (its chunks, its
    threads' parts): full arrays and columns; rows and scalars are read whole."""
    return kind == "full" or kind[0] == "col"


def _returned(names):
    """What the executor expects of a step with these outputs: one value, or a tuple."""
    return names[0] if len(names) == 1 else "(" + "".join(f"{n}, " for n in names) + ")"


def _vout(variables, key):
    def current():
        value = variables.get(key)
        return value if type(value) is np.ndarray and value.flags.writeable else None
    return current


class _ChunkRunner:
    """Calls ``body(start, stop, *arrays, *scratch)`` over the row ranges of a fused group,
    the chunks shared out between threads (``tensorweave.parallel``), each with its own
    scratch arrays."""

    def __init__(self, rows, step, scratch_shape, dtype, n_scratch):
        self.rows, self.step = rows, step
        self.scratch_shape, self.dtype, self.n_scratch = scratch_shape, dtype, n_scratch
        self.nbytes = rows * int(np.prod(scratch_shape[1:], dtype=np.int64)) * \
            np.dtype(dtype).itemsize
        self._scratch = {}

    def _span(self, body, arrays, start, stop, part):
        scratch = self._scratch.get(part)
        if scratch is None:
            scratch = self._scratch[part] = [np.empty(self.scratch_shape, self.dtype)
                                             for _ in range(self.n_scratch)]
        step = self.step
        s = start
        while s < stop:
            e = s + step
            if e <= stop:
                body(s, e, *arrays, *scratch)
            else:
                body(s, stop, *arrays, *[t[:stop - s] for t in scratch])
            s = e

    def run(self, body, arrays, alias=()):
        rows, step = self.rows, self.step
        n_chunks = -(-rows // step)
        parts = parts_for(n_chunks, self.nbytes)
        if parts == 1:
            self._span(body, arrays, 0, rows, 0)
            return
        parallel_for(lambda a, b, part: self._span(body, arrays, a * step,
                                                   min(rows, b * step), part),
                     n_chunks, parts)


class _LoopRunner:
    """Runs a group as a compiled loop (``fuse_loop``), one per aliasing pattern of its
    operands and variables, over its rows shared out between threads like the chunks; if
    numba cannot compile a loop, the chunked body (``chunked``) runs instead."""

    def __init__(self, names, ms, pairs, body, chunked):
        self.names, self.ms, self.pairs = names, ms, pairs
        self.body, self.chunked = body, chunked
        self.rows, self.nbytes = chunked.rows, chunked.nbytes
        args = names.chunk_args()
        self.full = [_by_rows(names.kinds[s]) for s in names.arg] + \
            [True] * (len(args) - len(names.arg))
        self._loops = {}  # aliasing pattern -> (loop or None, kept argument positions)
        self._openmp = {}  # aliasing pattern -> its OpenMP loop, or None (see ``run``)

    def _alias(self, pattern):
        alias = {}
        for (a, w), same in zip(self.pairs, pattern):
            if same:
                alias.setdefault(a, w)
        return alias

    def _compile(self, pattern, arrays):
        alias = self._alias(pattern)
        keep = [k for k, a in enumerate(self.names.chunk_args()) if a[1:] not in alias]
        loop = fuse_loop.compile_loop(fuse_loop.source(self.names, self.ms, alias),
                                      self.ms[-1]["dtype"])
        try:  # compiles for these argument types now
            loop(0, *[arrays[k] for k in keep])
        except Exception:  # noqa: BLE001 - numba could not compile it: the chunks are exact
            loop = None
        self._loops[pattern] = (loop, keep)
        return loop, keep

    def _openmp_loop(self, pattern, args):
        """The group's loop over rows shared out between OpenMP's threads, compiled (and
        run on no rows) on first use; None where numba or OpenMP refused it."""
        if pattern not in self._openmp:
            loop = fuse_loop.compile_loop(
                fuse_loop.source(self.names, self.ms, self._alias(pattern)),
                self.ms[-1]["dtype"], parallel=True)
            self._openmp[pattern] = loop if jit.run_parallel(loop, 0, *args) else None
        return self._openmp[pattern]

    def run(self, body, arrays, alias=()):
        found = self._loops.get(alias)
        loop, keep = found if found is not None else self._compile(alias, arrays)
        if loop is None:
            return self.chunked.run(self.body, arrays)
        args = [arrays[k] for k in keep]
        rows = self.rows
        parts = parts_for(rows, self.nbytes)
        if parts == 1:
            # a large group in a run whose products are oneDNN's: on the same OpenMP
            # threads as the products (they would otherwise spin while this one works)
            if self.nbytes >= OPENMP_MIN_BYTES and _openmp_shared():
                openmp = self._openmp_loop(alias, args)
                if openmp is not None and jit.run_parallel(openmp, rows, *args):
                    return
            loop(rows, *args)
            return
        full = [self.full[k] for k in keep]
        parallel_for(lambda a, b, _part: loop(b - a, *[x[a:b] if f else x
                                                       for x, f in zip(args, full)]),
                     rows, parts)
