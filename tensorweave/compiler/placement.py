"""Placement on a device backend (CuPy): which values live on the GPU, which on the host.

With NumPy this pass does nothing. With CuPy, data (feeds, variables, activations) lives on
the device, but some values are metadata that kernels read as Python numbers: shapes, axes,
sizes, paddings. TensorFlow keeps those in host memory; so does this pass:

- a step is a *host step* when its op computes metadata (``host_output``: ``tf.shape``,
  ``tf.size`` …), reads or makes strings, or is a pure op whose inputs are all host values
  and whose outputs are small (shape arithmetic such as ``tf.reduce_prod(tf.shape(x)[1:])``;
  not ``tf.fill``ing a tensor of a dynamic shape); it runs the op's NumPy kernel on the host;
- every other step runs on the device; a host value it reads is copied to the device, except
  at the inputs its op declares ``host_inputs`` (read as numbers: ``tf.reshape``'s shape),
  where a device value is copied to the host instead;
- constants (folded on the host) are copied to the device once, at plan time, when a device
  step reads them as data;
- a ``tf.cond`` result (Merge) may come from either side: its readers check at run time.

Strings (and other object arrays) never go to the device.
"""

import numpy as np

from ..backend import to_numpy

__all__ = ["place"]


def place(steps, step_ops, constants, ctx):
    """Rewrites ``steps`` (kernel, ins, outs, …) for ``ctx``'s device backend: host steps get
    NumPy kernels, device steps reading host values (or host inputs reading device values)
    get converting kernels; ``constants`` read by device steps move to the device.

    Returns (steps, constants, host step indices). Unchanged when ``ctx.xp`` is NumPy."""
    xp = ctx.xp
    if xp is np:
        return steps, constants, set()
    const_slots = set(constants)
    host_slots = set(const_slots)  # constants may go either way (below)
    host_steps = set()
    either = set()  # tf.cond results: host or device, known only at run time
    for i, (step, op) in enumerate(zip(steps, step_ops)):
        prim = op.primitive
        ins, outs = step[1], step[2]
        if getattr(prim, "host_output", False) or _strings(op):
            host = True
        elif prim.stateful or not ins or (len(step) > 4 and step[4]):
            host = False
        else:
            host = all(s in host_slots for s in ins) and \
                not all(s in const_slots for s in ins) and all(map(_small, op.outputs))
        if host:
            host_steps.add(i)
            host_slots.update(outs)
        elif len(step) > 4 and step[4]:
            either.update(outs)
    # constants read as data by device steps get a device copy (its own slot when host
    # steps or host inputs read the constant too)
    reads = {}  # constant slot -> [(step, position, on the device?)]
    for i, (step, op) in enumerate(zip(steps, step_ops)):
        hosted = () if i in host_steps else _host_positions(op)
        host_op = i in host_steps or getattr(op.primitive, "host_output", False)
        for pos, s in enumerate(step[1]):
            if s in const_slots:
                reads.setdefault(s, []).append((i, pos, not host_op and pos not in hosted))
    constants = dict(constants)
    steps = list(steps)
    next_slot = 1 + max([s for st in steps for s in (*st[1], *st[2])] + list(constants),
                        default=-1)
    device_consts = set()
    for s, uses in reads.items():
        if not _numeric(constants[s]) or not any(dev for _, _, dev in uses):
            continue
        if all(dev for _, _, dev in uses):
            constants[s] = xp.asarray(constants[s])
            device_consts.add(s)
            continue
        copy, next_slot = next_slot, next_slot + 1
        constants[copy] = xp.asarray(constants[s])
        device_consts.add(copy)
        for i, pos, dev in uses:
            if dev:
                ins = list(steps[i][1])
                ins[pos] = copy
                steps[i] = (steps[i][0], ins) + tuple(steps[i][2:])
    on_host = (host_slots - const_slots) | (const_slots - device_consts)
    new_steps = []
    for i, (step, op) in enumerate(zip(steps, step_ops)):
        kernel, ins = step[0], step[1]
        prim = op.primitive
        if i in host_steps:
            if getattr(prim, "host_output", False) or prim.stateful:
                hosted = _host_positions(op)  # its own kernel: it reads device arrays itself
            else:
                kernel = _host_kernel(prim.make_kernel(ctx.host, op))
                hosted = range(len(ins))
            to_device = ()
        else:
            hosted = _host_positions(op)
            to_device = tuple(p for p, s in enumerate(ins) if p not in hosted and
                              (s in on_host or s in either))
        to_host = tuple(p for p, s in enumerate(ins) if p in hosted and s not in on_host)
        if to_host or to_device:
            kernel = _converting(kernel, xp, to_host, to_device)
        new_steps.append((kernel,) + tuple(step[1:]))
    return new_steps, constants, host_steps


def _host_positions(op):
    """Positions, among the step's inputs (ref inputs are not passed), read on the host."""
    prim = op.primitive
    hosted = getattr(prim, "host_inputs", ())
    if not hosted:
        return ()
    ref = getattr(prim, "ref_inputs", ())
    passed = [i for i in range(len(op.inputs)) if i not in ref]
    if hosted == "all":
        return range(len(passed))
    return {passed.index(i) for i in hosted if i in passed}


def _strings(op):
    """Whether ``op`` reads or makes strings (which only the host can hold)."""
    return any(t.dtype.name == "string" for t in (*op.inputs, *op.outputs))


def _small(tensor, limit=1024):
    dims = tensor.shape.as_tuple()
    return dims is not None and None not in dims and int(np.prod(dims)) <= limit


def _numeric(value):
    return getattr(value, "dtype", np.dtype(object)).kind not in "OSUV"


def _host_kernel(kernel):
    """A NumPy kernel run for a host step: it writes no planned (device) buffer."""
    def run(*arrays, out=None):
        return kernel(*arrays)
    return run


def _converting(kernel, xp, to_host, to_device):
    asarray = xp.asarray

    def run(*arrays, **kwargs):
        arrays = list(arrays)
        for p in to_host:
            arrays[p] = to_numpy(arrays[p])
        for p in to_device:
            a = arrays[p]
            if isinstance(a, (np.ndarray, np.generic)) and _numeric(a):
                arrays[p] = asarray(a)
        return kernel(*arrays, **kwargs)
    run.accepts_out = getattr(kernel, "accepts_out", False)
    return run
