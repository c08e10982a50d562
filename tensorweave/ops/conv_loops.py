"""Compiled im2col and col2im for convolutions (numba, the ``fast`` extra; see
tensorweave/jit.py), and the streamed loops that run a float32 convolution's blocks of
images through im2col, cblas_sgemm, bias, ReLU and max pooling in one call per thread (the
section at the end).

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
from . import pool_loops

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
    # Indices into the 1-D row views are unsigned: numba maps a negative signed index to
    # the end of the axis, a select per element that made LLVM copy runs with gathers;
    # unsigned, a run is a plain vectorized copy (W3's second layer: 41 instead of 67 us
    # per block of four images).
    n, h, wc = rows.shape
    w = wc // c
    _, oh, ow, _, run = cols.shape
    zero = cols.dtype.type(0)
    urun, uc = np.uint64(run), np.uint64(c)
    for b in range(n):
        for y in range(oh):
            for i in range(kh):
                r = y * sh + i * dh - pt
                if r < 0 or r >= h:  # the kernel row is in the padding
                    for x in range(ow):
                        dst = cols[b, y, x, i]
                        for k in range(urun):
                            dst[k] = zero
                    continue
                src = rows[b, r]
                for x in range(ow):
                    q = x * sw - pl
                    dst = cols[b, y, x, i]
                    if dw == 1 and q >= 0 and q + kw <= w:  # the row's taps: one run of
                        s = np.uint64(q * c)                # the image row
                        for k in range(urun):
                            dst[k] = src[s + k]
                        continue
                    for j in range(kw):
                        qj = q + j * dw
                        o = np.uint64(j * c)
                        if qj < 0 or qj >= w:
                            for k in range(uc):
                                dst[o + k] = zero
                        else:
                            s = np.uint64(qj * c)
                            for k in range(uc):
                                dst[o + k] = src[s + k]


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
    uc = np.uint64(c)
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
                        dst, src = dx[b, r, q], cols[b, y, x, t]
                        for k in range(uc):  # unsigned: see _im2col
                            dst[k] += src[k]


def bias_relu(y, b, lo, hi):
    """Rows ``lo:hi`` of the 2-D ``y`` become ``maximum(y + b, 0)`` (``b`` along the last
    axis), with NumPy's rounding and ``maximum`` (a NaN stays NaN): a convolution's
    epilogue (ops/conv.py's ``Conv2DBiasRelu``). Raises ``jit.Unavailable`` if numba fails
    on the loop."""
    jit.call("bias_relu", _bias_relu, y, b, lo, hi)


def _bias_relu(y, b, lo, hi):
    zero = y.dtype.type(0)
    width = np.uint64(y.shape[1])
    for r in range(lo, hi):
        row = y[r]
        for k in range(width):  # unsigned: see _im2col
            v = row[k] + b[k]
            row[k] = v if v > zero or v != v else zero


# -- streamed blocks (float32, NumPy's OpenBLAS) ------------------------------------------------
# One compiled call per thread runs a convolution's product over a range of images, block by
# block: the block's columns (im2col), its product through cblas_sgemm (tensorweave/blas.py,
# one-thread OpenBLAS) and its bias and ReLU in the forward pass; the product and col2im in
# the input gradient. A block's columns and results stay in the core's cache between the
# steps, and no step needs the GIL (a Python loop over blocks on two threads spent more time
# handing the GIL back and forth than in the bias and ReLU it called). Each block's product
# is the same cblas_sgemm call NumPy's ``dot`` makes for those rows, so the results are those
# of the unstreamed code bit for bit (tests/ops/test_conv_loops.py).
_streams = {}


def streams():
    """Whether the streamed loops can run: numba, and a cblas_sgemm to call from them."""
    from .. import blas
    return jit.works("conv_stream") and jit.works("conv_stream_grad") and \
        blas.sgemm() is not None


def _kernels():
    """(forward, input_grad) compiled loops calling cblas_sgemm; built once."""
    if not _streams:
        from .. import blas
        gemm = blas.sgemm()
        row_major, no_trans = blas.ROW_MAJOR, blas.NO_TRANS
        im2col_loop, col2im_loop = jit.compiled(_im2col), jit.compiled(_col2im)
        bias_relu_loop = jit.compiled(_bias_relu)
        pool_loop = jit.compiled(pool_loops._max_pool_argmax)

        def forward(rows, cols, f2, y, bias, lo, hi, per, kh, kw, c, sh, sw, dh, dw, pt,
                    pl, relu, ph, pw, y4, pooled, first):
            _, oh, ow, _, _ = cols.shape
            taps, o = f2.shape
            unit = oh * ow
            one, zero = np.float32(1), np.float32(0)
            for s in range(lo, hi, per):
                e = min(s + per, hi)
                im2col_loop(rows[s:e], cols[s:e], kh, kw, c, sh, sw, dh, dw, pt, pl)
                gemm(row_major, no_trans, no_trans, (e - s) * unit, o, taps, one,
                     cols[s:e].ctypes.data, taps, f2.ctypes.data, o, zero,
                     y[s * unit:e * unit].ctypes.data, o)
                if relu:
                    bias_relu_loop(y, bias, s * unit, e * unit)
                if ph > 0:
                    pool_loop(y4[s:e], ph, pw, pooled[s:e], first[s:e])

        def input_grad(g2, taps, block, dx, lo, hi, per, kh, kw, sh, sw, dh, dw, pt, pl):
            o, width = taps.shape
            unit = block.shape[1] * block.shape[2]
            one, zero = np.float32(1), np.float32(0)
            for s in range(lo, hi, per):
                e = min(s + per, hi)
                gemm(row_major, no_trans, no_trans, (e - s) * unit, width, o, one,
                     g2[s * unit:e * unit].ctypes.data, o, taps.ctypes.data, width, zero,
                     block.ctypes.data, width)
                dx[s:e] = zero
                col2im_loop(block[:e - s], dx[s:e], kh, kw, sh, sw, dh, dw, pt, pl)

        _streams["forward"], _streams["input_grad"] = forward, input_grad
    return _streams["forward"], _streams["input_grad"]


def forward_stream(x, cols, f2, y, bias, lo, hi, per, kh, kw, strides, dilations, pt, pl,
                   pool=None):
    """Images ``lo:hi`` of a float32 NHWC convolution, ``per`` at a time: their columns into
    ``cols`` (N, OH, OW, KH, KW*C), their product with ``f2`` (KH*KW*C, O) into the rows of
    ``y`` (N*OH*OW, O), then ``maximum(y + bias, 0)`` on them when ``bias`` is not None,
    then, with ``pool`` = (PH, PW, y as (N, OH, OW, O), pooled, first), their PHxPW/PH,PW
    max pooling as ``pool_loops.max_pool_argmax`` computes it (``pools`` says when it can).
    Call with one-thread OpenBLAS on this thread. Raises ``jit.Unavailable`` if numba
    fails."""
    n, h, w, c = x.shape
    relu = bias is not None
    if pool is None:
        y4 = y.reshape(1, 1, y.shape[0], y.shape[1])
        pool = (0, 0, y4, y4, _NO_TAPS)
    jit.call("conv_stream", _kernels()[0], x.reshape(n, h, w * c), cols, f2, y,
             bias if relu else f2[0], lo, hi, per, kh, kw, c, strides[0], strides[1],
             dilations[0], dilations[1], pt, pl, relu, *pool)


_NO_TAPS = np.zeros((1, 1, 1, 1), np.int8)


def pools(y4, ph, pw):
    """Whether ``forward_stream`` can pool ``y4`` (N, OH, OW, O) in PHxPW windows."""
    return pool_loops.usable(y4, (ph, pw), (ph, pw), ((0, 0), (0, 0)), "max_pool_argmax")


def input_grad_stream(g2, taps, block, dx, lo, hi, per, kh, kw, strides, dilations, pt, pl):
    """Images ``lo:hi`` of a float32 convolution's input gradient, ``per`` at a time: the
    product of their rows of ``g2`` (N*OH*OW, O) with ``taps`` (O, KH*KW*C) into ``block``
    (per, OH, OW, KH*KW, C), then col2im into their zeroed ``dx`` (N, H, W, C). Call with
    one-thread OpenBLAS on this thread. Raises ``jit.Unavailable`` if numba fails."""
    jit.call("conv_stream_grad", _kernels()[1], g2, taps, block, dx, lo, hi, per, kh, kw,
             strides[0], strides[1], dilations[0], dilations[1], pt, pl)
