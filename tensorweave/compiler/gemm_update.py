"""An SGD step whose gradient is a matrix product, as one product that writes the variable.

``w.assign(w - lr * tf.matmul(a, b))`` (the lecture's update: the gradient of a dense layer's
weights is ``x' @ dy``) and ``w.assign_sub(lr * g)`` (``GradientDescentOptimizer``, a TF 2
``assign_sub``) done in place (compiler/inplace.py) compute the product into a buffer, scale
it, and subtract it from the variable: three passes over a weight-sized array. oneDNN's gemm
computes ``C = alpha * (A @ B) + beta * C``; with ``alpha = -lr``, ``beta = 1`` and ``C`` the
variable's array it does the whole step while the product's results are still in registers
(W1 by hand: 360 -> 304 us a step).

The same bits, or not at all: the unfused plan rounds the product, then ``lr * g``, then the
difference. oneDNN's kernel scales each finished sum by ``alpha`` and adds ``C`` in two
roundings (``fl(fl(-lr * g) + w)`` is ``fl(w - fl(lr * g))``) as long as it sums the inner
dimension in one block; for a longer one (1000 and more here) it adds partial sums through
``C``, and the bits differ. So each fused step checks, on its first run and on the run's own
operands, that the fused result equals the unfused one bit for bit (the order of the sums does
not depend on the values), and computes unfused from then on if it does not.

Only where oneDNN computes the products (tensorweave/onednn.py), for float32 2-D products whose
result and ``lr * g`` nothing else reads, a float32 scalar ``lr`` (a constant, a feed, a
variable's read: Keras's ``SGD`` without momentum), and an update the inplace pass writes into
the variable's own array; not in runs whose products are on tensorweave's own threads (a
convolution net's, tensorweave/blas.py). ``ENABLED = False`` switches it off.
"""

import numpy as np

from .. import blas as _blas
from .. import onednn as _onednn
from .. import parallel as _parallel
from .fuse import FusedOp
from .inplace import slot_maps

ENABLED = True

__all__ = ["fuse_gemm_updates"]


def fuse_gemm_updates(steps, step_ops, var_outs, assign_inplace, constants, fetch_slots,
                      variables, fed):
    """Rewrites ``steps`` (in their final order): each matched (product, scale, update)
    becomes one step where the update was. Returns (steps, step_ops, var_outs,
    assign_inplace), re-indexed.

    ``var_outs``: {step: variable} of value steps written into a variable's array (an
    ``Assign``'s ``w - lr * g``); ``assign_inplace``: indices of ``AssignSub`` steps done in
    place; ``constants``: {slot: value}; ``fed``: the fed tensors (the first slots)."""
    if not ENABLED or not _onednn.available():
        return steps, step_ops, var_outs, assign_inplace
    producer, consumers = slot_maps(steps)
    fetched = {s for s in fetch_slots if s is not None}
    replace, drop = {}, set()
    for i, op in enumerate(step_ops):
        if _guarded(steps[i]):
            continue
        if op.type == "Sub" and i in var_outs:  # w - lr * g, written into the variable
            w_slot, t_slot = steps[i][1]
            found = _scaled_product(t_slot, i, steps, step_ops, producer, consumers, fetched,
                                    constants, fed)
            if found is not None:
                p, m, lr_slot = found
                replace[i] = ((_into_variable_kernel(step_ops[p].primitive),
                               (*steps[p][1], lr_slot, w_slot), tuple(steps[i][2])), (p, m))
                drop.update((p, m))
        elif op.type == "AssignSub" and i in assign_inplace:  # w.assign_sub(lr * g)
            (t_slot,) = steps[i][1]
            found = _scaled_product(t_slot, i, steps, step_ops, producer, consumers, fetched,
                                    constants, fed)
            if found is not None:
                p, m, lr_slot = found
                replace[i] = ((_assign_sub_kernel(step_ops[p].primitive, steps[i][0],
                                                  variables, op.primitive.var_name),
                               (*steps[p][1], lr_slot), tuple(steps[i][2])), (p, m))
                drop.update((p, m))
    if not replace:
        return steps, step_ops, var_outs, assign_inplace
    new_steps, new_ops, new_vouts, new_inplace = [], [], {}, set()
    for i, (step, op) in enumerate(zip(steps, step_ops)):
        if i in drop:
            continue
        if i in var_outs:
            new_vouts[len(new_steps)] = var_outs[i]
        if i in assign_inplace and i not in replace:
            new_inplace.add(len(new_steps))
        if i in replace:
            step, (p, m) = replace[i]
            op = _GemmUpdate([step_ops[p], step_ops[m], op])
        new_steps.append(step)
        new_ops.append(op)
    return new_steps, new_ops, new_vouts, new_inplace


class _GemmUpdate(FusedOp):
    """The fused step in ``plan.step_ops``: named after the update, and, for the later
    passes (memory plan, fusion), the update itself (its primitive and outputs)."""

    def __init__(self, members):
        super().__init__(members)
        self.primitive = members[-1].primitive
        self.outputs = members[-1].outputs


def _guarded(step):
    return (len(step) > 3 and step[3]) or (len(step) > 4 and step[4])


def _scaled_product(t_slot, user, steps, step_ops, producer, consumers, fetched, constants,
                    fed):
    """(product step, scaling step, lr slot) when slot ``t_slot`` is ``lr * g`` (or
    ``g * lr``) of a float32 2-D MatMul ``g`` and a float32 scalar ``lr``, both read only by
    step ``user``; else None."""
    m = producer.get(t_slot)
    if m is None or step_ops[m].type != "Mul" or _guarded(steps[m]) or t_slot in fetched or \
            consumers.get(t_slot) != [user]:
        return None
    x, y = steps[m][1]
    for g_slot, lr_slot in ((x, y), (y, x)):
        p = producer.get(g_slot)
        if p is None or step_ops[p].type != "MatMul" or _guarded(steps[p]) or \
                g_slot in fetched or consumers.get(g_slot) != [m] or \
                not _float32_scalar(lr_slot, steps, step_ops, producer, constants, fed):
            continue
        out = step_ops[p].outputs[0]
        if out.dtype.as_numpy_dtype != np.float32 or out.shape.ndims != 2 or \
                any(t.shape.ndims != 2 for t in step_ops[p].inputs[:2]):
            continue
        return p, m, lr_slot
    return None


def _float32_scalar(slot, steps, step_ops, producer, constants, fed):
    """Whether ``slot`` holds a float32 scalar (0-d), judged from what makes it."""
    if slot in constants:
        value = np.asarray(constants[slot])
        return value.shape == () and value.dtype == np.float32
    if slot < len(fed):
        tensor = fed[slot]
    elif slot in producer:
        i = producer[slot]
        tensor = step_ops[i].outputs[list(steps[i][2]).index(slot)]
    else:
        return False
    return tensor.dtype.as_numpy_dtype == np.float32 and tensor.shape.as_tuple() == ()


class _Fused:
    """The product of one MatMul subtracted, scaled, from a variable's array: fused
    (oneDNN's gemm into the array) once a first run showed the same bits, else unfused."""

    def __init__(self, prim):
        self.ta, self.tb = prim.transpose_a, prim.transpose_b
        self.same = {}  # (shapes, layouts) -> whether the fused step gives the same bits

    def operands(self, a, b):
        return (a.T if self.ta else a), (b.T if self.tb else b)

    def unfused(self, a, b, lr):
        """``lr * (a @ b)``, as the unfused plan computes it."""
        g = _blas.dot(*self.operands(a, b))
        return np.multiply(lr, g, out=g)

    def into(self, a, b, lr, w):
        """Subtracts ``lr * (a @ b)`` from float32 array ``w`` in place with one gemm, if
        that gives the unfused bits (checked once per shape and layout); False if not done."""
        if _parallel.owns_blas():  # a run on tensorweave's threads (a conv net): oneDNN's
            return False           # OpenMP threads would spin beside them (blas.py)
        A, B = self.operands(a, b)
        if A.dtype != np.float32 or B.dtype != np.float32 or A.ndim != 2 or B.ndim != 2 or \
                w.shape != (A.shape[0], B.shape[1]) or not w.flags.c_contiguous or \
                not w.flags.writeable or np.may_share_memory(w, A) or \
                np.may_share_memory(w, B) or np.shape(lr) != () or \
                np.asarray(lr).dtype != np.float32:
            return False
        layout = (_onednn._layout(A), _onednn._layout(B))
        if layout[0][0] is None or layout[1][0] is None:
            return False
        alpha = -float(lr)  # exact: a float32 as a double, passed back as a float32
        key = (A.shape, B.shape, layout)
        same = self.same.get(key)
        if same is None:  # the order of oneDNN's sums does not depend on the values
            trial = w.copy()
            if not _onednn.gemm_into(A, B, trial, alpha, 1.0):
                return False
            want = np.subtract(w, self.unfused(a, b, lr))
            same = self.same[key] = bool(np.array_equal(trial, want, equal_nan=True))
            if same:
                np.copyto(w, trial)
                return True
        if not same:
            return False
        return _onednn.gemm_into(A, B, w, alpha, 1.0)


def _into_variable_kernel(prim):
    """The step of ``w - lr * (a @ b)`` written into the variable (``out``, when the plan
    passes its array)."""
    fused = _Fused(prim)

    def kernel(a, b, lr, w, out=None):
        if out is not None and w is out and fused.into(a, b, lr, out):
            return out
        return np.subtract(w, fused.unfused(a, b, lr), out=out)
    return kernel


def _assign_sub_kernel(prim, inplace_kernel, variables, key):
    """The in-place ``AssignSub`` of ``lr * (a @ b)``: into the variable's array with one
    gemm, else the update step it replaces, on the unfused value."""
    fused = _Fused(prim)

    def kernel(a, b, lr):
        w = variables.get(key)
        if type(w) is np.ndarray and w.ndim == 2 and fused.into(a, b, lr, w):
            return w
        return inplace_kernel(fused.unfused(a, b, lr))
    return kernel
