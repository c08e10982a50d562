"""The input gradient of a convolution as one matrix product and a compiled col2im (numba,
the ``fast`` extra; see tensorweave/jit.py).

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

def usable(g):
    """Whether the compiled col2im applies (NumPy float32/float64 arrays, numba present)."""
    return type(g) is np.ndarray and g.dtype in (np.float32, np.float64) and \
        jit.works("col2im")


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
