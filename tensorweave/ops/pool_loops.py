"""Max pooling and its gradient as compiled loops (numba, the ``fast`` extra; tensorweave/jit.py)
for the common case: NHWC float arrays, windows that tile the input (``ksize == strides``,
no padding: the 2x2/2 pooling of conv nets), or its top-left part (VALID pooling of an odd
size; a 28x28 MNIST net's 11x11 layer: its ReLU-and-pool gradient took 1.18 ms in NumPy's
passes, 0.25 ms so).

NumPy's version (ops/pool.py) makes a pass over the whole input per window tap and per step
(compare, mask, multiply); these loops read each input element once. They compute what NumPy
computes, bit for bit: the maximum is NumPy's ``maximum`` applied tap after tap (NaN wins; on
ties the later tap's value, so the sign of a zero is NumPy's), and the gradient goes to the
first tap (row-major) equal to the maximum as ``g * 1.0`` (every other tap gets ``g * 0.0``,
a signed zero or NaN as NumPy's multiply by a boolean mask gives). With ``relu`` the window's
gradient is first multiplied by ``y > 0``, as the folded ReLU gradient (compiler/pool_relu.py).

Measured on W3's first pooling (64x32x32x32 float32, one thread): forward 0.9 ms instead of
1.9 ms, gradient 1.2 ms instead of 3.9 ms. When the run also takes the gradient, the forward
loop notes each window's winning tap (``max_pool_argmax``, no slower) and the gradient routes
by it without reading ``x`` again (``max_pool_grad_at``: 0.6 ms instead of 1.2 ms).
"""

import numpy as np

from .. import jit

def usable(x, ksize, strides, pads, loop="max_pool", cropped=False):
    """Whether ``loop`` applies: float32/64 C-contiguous NHWC, windows tiling x exactly, or
    with ``cropped`` tiling its top-left part (VALID pooling of an odd size: a 28x28 MNIST
    net's 11x11 second layer; the loops read and write that part only, and the caller
    zeroes the gradient's last rows and columns)."""
    return (jit.works(loop) and x.dtype in (np.float32, np.float64)
            and x.flags.c_contiguous and tuple(ksize) == tuple(strides)
            and pads == ((0, 0), (0, 0))
            and (cropped or (x.shape[1] % ksize[0] == 0 and x.shape[2] % ksize[1] == 0)))


def zero_uncovered(dx, kh, kw):
    """Zeroes the rows and columns of ``dx`` (N, H, W, C) that no window covers (what the
    gradient loops leave as they were)."""
    h, w = dx.shape[1], dx.shape[2]
    if h % kh:
        dx[:, h - h % kh:] = 0
    if w % kw:
        dx[:, :, w - w % kw:] = 0


def max_pool(x, kh, kw, out):
    """``out`` (N, H/kh, W/kw, C) = the maximum of each window of ``x``; raises
    ``jit.Unavailable`` if numba fails on the loop."""
    jit.call("max_pool", _max_pool, x, kh, kw, out)
    return out


def max_pool_grad(x, y, g, kh, kw, relu, out):
    """``out`` (x's shape): each window's gradient ``g`` at its first maximum, 0 elsewhere."""
    taken = np.empty(x.shape[3], np.bool_)
    jit.call("max_pool_grad", _max_pool_grad, x, y, g, kh, kw, relu, taken, out)
    return out


def max_pool_argmax(x, kh, kw, out, first):
    """``max_pool`` that also writes, per window and channel, the row-major index of the
    first tap equal to the maximum (-1 when none is: a NaN maximum) into ``first`` (int8,
    ``out``'s shape), for ``max_pool_grad_at`` in the same run."""
    jit.call("max_pool_argmax", _max_pool_argmax, x, kh, kw, out, first)
    return out


def max_pool_grad_at(first, y, g, kh, kw, relu, out):
    """``max_pool_grad`` from the taps ``max_pool_argmax`` found: the same values, without
    reading ``x`` again (the gradient's largest input)."""
    jit.call("max_pool_grad_at", _max_pool_grad_at, first, y, g, kh, kw, relu, out)
    return out


def _max_pool(x, kh, kw, out):
    n, oh, ow, c = out.shape
    for b in range(n):
        for r in range(oh):
            for q in range(ow):
                for k in range(c):
                    out[b, r, q, k] = x[b, r * kh, q * kw, k]
                for i in range(kh):
                    for j in range(kw):
                        if i or j:
                            for k in range(c):
                                m = out[b, r, q, k]
                                v = x[b, r * kh + i, q * kw + j, k]
                                # NumPy's maximum(m, v): NaN from either, else v on ties
                                out[b, r, q, k] = m if m > v or m != m else v


def _max_pool_grad(x, y, g, kh, kw, relu, taken, out):
    n, oh, ow, c = y.shape
    one = out.dtype.type(1)
    zero = out.dtype.type(0)
    for b in range(n):
        for r in range(oh):
            for q in range(ow):
                for k in range(c):
                    taken[k] = False
                for i in range(kh):
                    for j in range(kw):
                        for k in range(c):
                            m = y[b, r, q, k]
                            gk = g[b, r, q, k]
                            if relu:
                                gk = gk * (one if m > zero else zero)
                            wins = x[b, r * kh + i, q * kw + j, k] == m and not taken[k]
                            taken[k] = taken[k] or wins
                            out[b, r * kh + i, q * kw + j, k] = gk * (one if wins else zero)


def _max_pool_argmax(x, kh, kw, out, first):
    # the running maximum as _max_pool's; the tap of the first value equal to the final
    # maximum is the last one strictly above the running maximum (ties keep the earlier tap,
    # -0.0 == 0.0 included); none when the maximum is NaN
    n, oh, ow, c = out.shape
    for b in range(n):
        for r in range(oh):
            for q in range(ow):
                for k in range(c):
                    out[b, r, q, k] = x[b, r * kh, q * kw, k]
                    first[b, r, q, k] = 0
                for i in range(kh):
                    for j in range(kw):
                        if i or j:
                            t = i * kw + j
                            for k in range(c):
                                m = out[b, r, q, k]
                                v = x[b, r * kh + i, q * kw + j, k]
                                if v > m:
                                    first[b, r, q, k] = t
                                out[b, r, q, k] = m if m > v or m != m else v
                for k in range(c):
                    if out[b, r, q, k] != out[b, r, q, k]:
                        first[b, r, q, k] = -1


def _max_pool_grad_at(first, y, g, kh, kw, relu, out):
    n, oh, ow, c = y.shape
    one = out.dtype.type(1)
    zero = out.dtype.type(0)
    for b in range(n):
        for r in range(oh):
            for q in range(ow):
                for i in range(kh):
                    for j in range(kw):
                        t = i * kw + j
                        for k in range(c):
                            gk = g[b, r, q, k]
                            if relu:
                                gk = gk * (one if y[b, r, q, k] > zero else zero)
                            out[b, r * kh + i, q * kw + j, k] = \
                                gk * (one if first[b, r, q, k] == t else zero)
