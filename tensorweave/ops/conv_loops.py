"""Compiled im2col and col2im for convolutions (numba, the ``fast`` extra; see
tensorweave/jit.py).

``im2col`` builds a convolution's column matrix in one pass over the output pixels, reading
the unpadded input (a tap in the padding gets a zero): the same values as ops/conv.py's
NumPy path, which pads a copy of the input and then makes one strided copy per kernel row.
Measured on W3: 0.95 instead of 1.64 ms for the first layer (3 channels: runs of 9 values),
1.15 instead of 1.64 ms for the second.

The input gradient of a convolution is one matrix product and a compiled col2im.

Without numba, ``Conv2DBackpropInput`` (ops/conv.py) computes one product per kernel tap,
``g @ f[i, j].T``, each with as many columns as input channels, and adds it into the padded
gradient with a strided NumPy add. With numba it computes all taps in one product,
``g @ [f[0, 0].T | f[0, 1].T | ...]`` (a wider product runs OpenBLAS nearer its peak), then
one compiled pass adds every tap's block into the input gradient: the same products of the
same numbers, added in the same tap order to the same zeros, without the padded buffer.

With one input channel the per-tap product is a matrix-vector product, for which BLAS sums
in another order; conv.py keeps the per-tap kernel there, so that both ways give the same
bits (tests/ops/test_conv_loops.py checks this against the BLAS in use).

Measured on W3's second layer (64x16x16x32 input, 3x3x32x64 filter): 4.3 ms instead of 7.4 ms.
"""

import numpy as np

from .. import jit

def usable(g, loop="col2im"):
    """Whether compiled ``loop`` applies to ``g`` (NumPy float32/float64 arrays, numba
    present, the loop has not failed)."""
    return type(g) is np.ndarray and g.dtype in (np.float32, np.float64) and \
        jit.works(loop)


def im2col(x, cols, kh, kw, strides, dilations, pt, pl):
    """Fills ``cols`` (N, OH, OW, KH, KW*C) from the NHWC ``x`` (C-contiguous): row
    ``(n, y, x)`` holds the receptive field of that output pixel, taps in (KH, KW, C) order,
    zeros where a tap falls in the padding (``pt`` rows above, ``pl`` columns left). A pure
    copy, so the same values as the NumPy path; without the padded copy of ``x`` and with
    one compiled pass instead of one strided NumPy copy per kernel row (W3's first layer,
    runs of 9 values: 1.6 ms in NumPy). Raises ``jit.Unavailable`` if numba fails on it."""
    n, h, w, c = x.shape
    jit.call("im2col", _im2col, x.reshape(n, h, w * c), cols, kh, kw, c, strides[0],
             strides[1], dilations[0], dilations[1], pt, pl)
    return cols


def _im2col(rows, cols, kh, kw, c, sh, sw, dh, dw, pt, pl):
    n, h, wc = rows.shape
    w = wc // c
    _, oh, ow, _, run = cols.shape
    zero = cols.dtype.type(0)
    for b in range(n):
        for y in range(oh):
            for i in range(kh):
                r = y * sh + i * dh - pt
                if r < 0 or r >= h:  # the kernel row is in the padding
                    for x in range(ow):
                        for k in range(run):
                            cols[b, y, x, i, k] = zero
                    continue
                for x in range(ow):
                    q = x * sw - pl
                    if dw == 1 and q >= 0 and q + kw <= w:  # the row's taps: one run of
                        s = q * c                          # the image row
                        for k in range(run):
                            cols[b, y, x, i, k] = rows[b, r, s + k]
                        continue
                    for j in range(kw):
                        qj = q + j * dw
                        if qj < 0 or qj >= w:
                            for k in range(c):
                                cols[b, y, x, i, j * c + k] = zero
                        else:
                            for k in range(c):
                                cols[b, y, x, i, j * c + k] = rows[b, r, qj * c + k]


def col2im(cols, dx, kh, kw, strides, dilations, pt, pl):
    """Adds ``cols`` (N, OH, OW, KH*KW, C; tap-major) into the zeroed NHWC ``dx``: tap
    ``(i, j)`` of output pixel ``(y, x)`` lands on input pixel ``(y*sh + i*dh - pt,
    x*sw + j*dw - pl)`` when that is inside the image. Raises ``jit.Unavailable`` if numba
    fails on the loop."""
    jit.call("col2im", _col2im, cols, dx, kh, kw, strides[0], strides[1], dilations[0],
             dilations[1], pt, pl)
    return dx


def _col2im(cols, dx, kh, kw, sh, sw, dh, dw, pt, pl):
    n, oh, ow, _, c = cols.shape
    h, w = dx.shape[1], dx.shape[2]
    for b in range(n):
        for i in range(kh):
            for j in range(kw):
                t = i * kw + j
                for y in range(oh):
                    r = y * sh + i * dh - pt
                    if r < 0 or r >= h:
                        continue
                    for x in range(ow):
                        q = x * sw + j * dw - pl
                        if q < 0 or q >= w:
                            continue
                        for k in range(c):
                            dx[b, r, q, k] += cols[b, y, x, t, k]


def bias_relu(y, b, lo, hi):
    """Rows ``lo:hi`` of the 2-D ``y`` become ``maximum(y + b, 0)`` (``b`` along the last
    axis), with NumPy's rounding and ``maximum`` (a NaN stays NaN): a convolution's
    epilogue (ops/conv.py's ``Conv2DBiasRelu``). Raises ``jit.Unavailable`` if numba fails
    on the loop."""
    jit.call("bias_relu", _bias_relu, y, b, lo, hi)


def _bias_relu(y, b, lo, hi):
    zero = y.dtype.type(0)
    for r in range(lo, hi):
        for k in range(y.shape[1]):
            v = y[r, k] + b[k]
            y[r, k] = v if v > zero or v != v else zero
