"""Elementwise fusion: a connected group of elementwise steps over large arrays of one shape
runs as one kernel that walks the arrays in cache-sized chunks.

Unfused, an Adam update is a dozen NumPy passes, each reading and writing whole arrays that
do not fit in the cache; fused, every chunk of ``g``, ``m``, ``v`` and ``w`` is loaded once,
all the group's ufuncs run on it while it is in the cache, and the intermediates live in
chunk-sized scratch arrays. The same ufuncs run on the same elements in the same order, so
the results are bit-identical to the unfused plan.

Members are NumPy-ufunc steps (including those writing into a variable, see ``inplace``),
kernels that declare an elementwise ``chunk`` function (``relu``, its gradient) and
in-place ``assign_add``/``assign_sub`` steps, with a float output of fully known shape of at
least ``MIN_SIZE`` elements. Their operands have the output's shape, or broadcast to it
along the leading axes (a bias), or are single values. A step joins a group it reads from or
shares an operand with. The group runs where its last member ran; it stops growing at a step
outside it that reads one of its values, or that writes a variable it reads, so no step ever
sees a value computed later than before. Values read outside the group (or fetched) are
written whole, into the buffer the memory plan gave them; the others exist only per chunk.

At run time the kernel checks that the variables it writes hold writeable C-contiguous arrays
of the expected shape that no operand overlaps; otherwise (a restored or fed variable, a view)
it runs the group's steps one after another on whole arrays, exactly as without fusion.
"""

import numpy as np

from ..parallel import parallel_for, parts_for

ENABLED = True
CHUNK = 32768          # elements per chunk (128 KiB of float32 per operand)
# Groups over smaller arrays (1 MiB of float32) stay in the L2 cache unfused; fusing them only
# adds the per-chunk calls (measured: W1's 100k-element SGD update is 3 % slower fused).
MIN_SIZE = 1 << 18

_INPLACE = {"AssignAdd": "add", "AssignSub": "subtract"}


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


def _static(shape):
    dims = shape.as_tuple() if hasattr(shape, "as_tuple") else tuple(shape)
    return None if dims is None or None in dims else tuple(int(d) for d in dims)


def _operand_kind(shape, out_shape):
    """'full', ('row', width) or 'scalar' for an operand of ``shape`` read by a step whose
    output has ``out_shape``; None when chunking cannot handle it."""
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
            specs[s] = (_static(t.shape), t.dtype.as_numpy_dtype)
    fetched = {s for s in fetch_slots if s is not None}
    members = {i: m for i in range(len(steps))
               if (m := _member(i, steps[i], step_ops[i], specs, var_outs, assign_inplace))}
    if len(members) < 2:
        return steps, step_ops, buffers, var_outs
    writes = {i: getattr(op.primitive, "var_name", None) for i, op in enumerate(step_ops)
              if getattr(op.primitive, "writes_state", False)}
    writes.update(var_outs)  # steps computing straight into a variable's array write it too
    var_slots = _variable_slots(steps, step_ops)
    shared = set().union(*var_slots.values()) if var_slots else set()

    groups = _group(steps, members, writes, var_slots)
    groups = [g for g in groups if len(g["members"]) >= 2]
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


def _member(i, step, op, specs, var_outs, assign_inplace):
    """The member description of step ``i``, or None when it cannot be fused."""
    kernel, ins, outs = step[0], step[1], step[2]
    if (len(step) > 3 and step[3]) or (len(step) > 4 and step[4]) or len(outs) != 1:
        return None
    out_shape, dtype = specs.get(outs[0], (None, None))
    if out_shape is None or np.dtype(dtype).kind != "f" or int(np.prod(out_shape)) < MIN_SIZE:
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


def _variable_slots(steps, step_ops):
    """{variable: slots that may share its array}: its reads, the values its assignments
    return, and identities and views of those."""
    out = {}
    for i, op in enumerate(step_ops):
        prim = op.primitive
        key = op.name if op.type == "VariableV2" else getattr(prim, "var_name", None)
        if key is not None:
            out.setdefault(key, set()).update(steps[i][2])
    for key, alias in out.items():
        for i, op in enumerate(step_ops):
            if not op.primitive.fresh_output and set(steps[i][1]) & alias:
                alias.update(steps[i][2])
    return out


def _group(steps, members, writes, var_slots):
    """Greedy grouping in plan order; returns the groups (member indices ascending).

    A group runs where its last member is, so it stops growing (closes) at any other step
    that reads one of its values, or that writes a variable it reads or writes."""
    open_groups, done = [], []
    for i, step in enumerate(steps):
        m = members.get(i)
        g = None
        if m is not None:
            full_ins = {s for s, k in zip(m["ins"], m["kinds"]) if k == "full"}
            matches = [c for c in open_groups
                       if c["shape"] == m["shape"]
                       and (not c["width"] or not m["width"] or c["width"] == m["width"])
                       and (set(m["ins"]) & c["produced"] or full_ins & c["full_ins"])]
            if matches:
                g = matches[0]
                for other in matches[1:]:
                    _merge(g, other)
                    open_groups.remove(other)
            else:
                g = {"members": [], "produced": set(), "reads": set(), "full_ins": set(),
                     "vars": set(), "shape": m["shape"], "width": 0}
                open_groups.append(g)
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
        still = []
        for c in open_groups:
            if c is not g and (reads & c["produced"] or (written and (
                    key is None or touched & c["reads"] or key in c["vars"]))):
                done.append(c)
            else:
                still.append(c)
        open_groups = still
    for c in done + open_groups:
        c["members"].sort()
    return done + open_groups


def _merge(g, other):
    for k in ("produced", "reads", "full_ins", "vars"):
        g[k] |= other[k]
    g["members"] += other["members"]
    g["width"] = g["width"] or other["width"]


def _build(g, steps, members, fetched, consumers, inside, buffers, variables, shared):
    """(kernel, input slots, output slots) of the fused step for group ``g``; ``shared``:
    the slots that may hold a variable's array (or a view of it)."""
    idx = g["members"]
    width = g["width"]
    size = int(np.prod(g["shape"]))
    flat = (size // width, width) if width else (size,)
    produced = {members[i]["out"]: i for i in idx}
    ext = []  # external input slots, in first-use order
    for i in idx:
        for s in members[i]["ins"]:
            if s not in produced and s not in ext:
                ext.append(s)
    materialized = [members[i]["out"] for i in idx
                    if members[i]["out"] in fetched or members[i]["target"]
                    or consumers.get(members[i]["out"], set()) - inside]
    # outputs: only those someone outside reads (a variable target is written regardless)
    outs = [s for s in materialized if s in fetched or consumers.get(s, set()) - inside]

    ns = {"np": np, "_vars": variables, "_share": np.may_share_memory, "_chunks": None,
          "_empty": np.empty, "_ndarray": np.ndarray}
    lines_head, lines_body, lines_fb = [], [], []
    arg = {s: f"x{k}" for k, s in enumerate(ext)}
    kinds = {}
    for i in idx:
        for s, kind in zip(members[i]["ins"], members[i]["kinds"]):
            if s in arg:
                kinds[s] = kind
    var_keys = []
    for i in idx:
        t = members[i]["target"]
        if t and t[1] not in var_keys:
            var_keys.append(t[1])
    vname = {key: f"W{k}" for k, key in enumerate(var_keys)}
    # -- run-time checks: the written variables are plain arrays nobody else's operand shares
    dtype = members[idx[-1]]["dtype"]
    shape = members[idx[-1]]["shape"]
    ns["_shape"], ns["_dtype"], ns["_flat"] = shape, dtype, flat
    for key, w in vname.items():
        lines_head.append(f"    {w} = _vars.get({key!r})")
        lines_head.append(f"    if type({w}) is not _ndarray or {w}.shape != _shape or "
                          f"{w}.dtype != _dtype or not {w}.flags.writeable or "
                          f"not {w}.flags.c_contiguous:")
        lines_head.append("        return _fallback(" + "".join(f"{a}, " for a in arg.values())
                          + ")")
    for s, a in arg.items():
        for w in (vname.values() if s in shared else ()):
            lines_head.append(f"    if {a} is not {w} and _share({a}, {w}):")
            lines_head.append("        return _fallback(" +
                              "".join(f"{x}, " for x in arg.values()) + ")")
    # -- whole-array views the chunks are cut from
    chunk_args = []
    for s, a in arg.items():
        kind = kinds[s]
        if kind == "full":
            lines_head.append(f"    f{a} = {a}.reshape(_flat)")
            chunk_args.append(f"f{a}")
        elif kind == "scalar":
            lines_head.append(f"    f{a} = {a}.reshape(())")
            chunk_args.append(f"f{a}")
        else:
            lines_head.append(f"    f{a} = {a}.reshape(({width},))")
            chunk_args.append(f"f{a}")
    full_of = {}  # materialized slot -> name of its whole array
    for n, i in enumerate(idx):
        m = members[i]
        s = m["out"]
        if s not in materialized:
            continue
        if m["target"]:
            full_of[s] = vname[m["target"][1]]
        elif i in buffers:
            ns[f"B{n}"] = buffers[i]
            full_of[s] = f"B{n}"
        else:
            lines_head.append(f"    O{n} = _empty(_shape, _dtype)")
            full_of[s] = f"O{n}"
    for s, name in full_of.items():
        lines_head.append(f"    f{name} = {name}.reshape(_flat)")
        chunk_args.append(f"f{name}")
    # -- the chunk body: scratch for the values nobody outside reads, reused when dead
    last_use = {}
    for i in idx:
        for s in members[i]["ins"]:
            last_use[s] = i
    chunk_of, free, n_scratch = {}, [], 0
    body_setup = []
    for s, a in arg.items():
        if kinds[s] == "full":
            body_setup.append(f"    c{a} = f{a}[s:e]")
            chunk_of[s] = f"c{a}"
        else:
            chunk_of[s] = f"f{a}"
    for s, name in full_of.items():
        body_setup.append(f"    c{name} = f{name}[s:e]")
    for n, i in enumerate(idx):
        m = members[i]
        fname = f"u{n}"
        ns[fname] = m["fn"]
        operands = [chunk_of[s] for s in m["ins"]]
        # scratch operands read for the last time here: free after this member, and the
        # output may overwrite one of them (elementwise, the same element is read first)
        dying = sorted({chunk_of[s] for s in m["ins"]
                        if last_use[s] == i and chunk_of[s].startswith("t")})
        s_out = m["out"]
        if m["target"] and m["target"][0] == "assign":
            dest = f"c{vname[m['target'][1]]}"
            lines_body.append(f"    {fname}({dest}, {operands[0]}, out={dest})")
        else:
            if s_out in full_of:
                dest = f"c{full_of[s_out]}"
            elif dying:
                dest = dying.pop(0)
            elif free:
                dest = free.pop()
            else:
                dest = f"t{n_scratch}"
                n_scratch += 1
            lines_body.append(f"    {fname}({', '.join(operands)}, out={dest})")
        chunk_of[s_out] = dest
        free.extend(dying)
    scratch = [f"t{k}" for k in range(n_scratch)]
    body = ["def _body(s, e, " + "".join(f"{a}, " for a in chunk_args) +
            "".join(f"{t}, " for t in scratch) + "):"] + body_setup + lines_body
    rows = flat[0]
    step_rows = max(1, CHUNK // width) if width else CHUNK
    scratch_shape = (step_rows, width) if width else (step_rows,)
    ns["_runner"] = _ChunkRunner(rows, step_rows, scratch_shape, dtype, n_scratch)
    head = ["def fused(" + "".join(f"{a}, " for a in arg.values()) + "):"] + lines_head
    head.append("    _runner.run(_body, (" + "".join(f"{a}, " for a in chunk_args) + "))")
    head.append("    return " + _returned([full_of[s] for s in outs]))
    # -- the fallback: the members one after another on whole arrays, as without fusion
    fb = ["def _fallback(" + "".join(f"{a}, " for a in arg.values()) + "):"]
    value = dict(arg)
    for n, i in enumerate(idx):
        m = members[i]
        operands = [value[s] for s in m["ins"]]
        if m["target"] and m["target"][0] == "assign":
            ns[f"K{n}"] = steps[i][0]  # the in-place kernel itself (checks initialization)
            fb.append(f"    y{n} = K{n}({operands[0]})")
        elif m["target"]:
            ns[f"_vout{n}"] = _vout(variables, m["target"][1])
            fb.append(f"    y{n} = u{n}({', '.join(operands)}, out=_vout{n}())")
        elif i in buffers and m["out"] in full_of:
            fb.append(f"    y{n} = u{n}({', '.join(operands)}, out=B{n})")
        else:
            fb.append(f"    y{n} = u{n}({', '.join(operands)})")
        value[m["out"]] = f"y{n}"
    fb.append("    return " + _returned([value[s] for s in outs]))
    source = "\n".join(body + fb + head)
    exec(compile(source, "<tensorweave fused group>", "exec"), ns)  # noqa: S102
    kernel = ns["fused"]
    kernel.source = source
    return kernel, ext, outs


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

    def run(self, body, arrays):
        rows, step = self.rows, self.step
        n_chunks = -(-rows // step)
        parts = parts_for(n_chunks, self.nbytes)
        if parts == 1:
            self._span(body, arrays, 0, rows, 0)
            return
        parallel_for(lambda a, b, part: self._span(body, arrays, a * step,
                                                   min(rows, b * step), part),
                     n_chunks, parts)
