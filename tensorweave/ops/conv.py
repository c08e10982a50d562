"""Convolutions: ``conv2d`` (+ its two backprop ops, which are also ``conv2d_transpose``) and
``depthwise_conv2d``; their geometry helpers also serve pooling (ops/pool.py).

Kernels work in NHWC (NCHW inputs are transposed at the edges). A convolution is im2col —
a strided view of every receptive field, copied once into a matrix — followed by one BLAS
matrix product; its input gradient is the matching col2im (one strided add per kernel tap).
Products use ``xp.dot``: NumPy's ``matmul`` was measured up to 8x slower on the transposed,
long-and-thin operands of the filter gradient.
Padding follows TensorFlow: ``SAME`` gives ``ceil(in / stride)`` outputs and puts the odd
padding pixel after (bottom/right).

In a run on tensorweave's threads (float32, numba), 3x3 stride-1 convolutions of 16 or
more channels run as Winograd F(2x2, 3x3) instead, forward and both gradients
(ops/winograd.py): within float32 rounding of the direct product, not bit for bit.
"""

import numpy as np

from .. import blas as _blas
from .. import dtypes as _dt
from .. import jit
from .. import parallel as _parallel
from ..parallel import parallel_for, parts_for
from . import conv_loops, winograd
from . import kept as _kept
from .creation import convert_to_tensor
from .registry import Op, Spec, register, constant_value, wants_gradient

__all__ = ["conv2d", "conv2d_transpose", "conv2d_backprop_input", "conv2d_backprop_filter",
           "depthwise_conv2d", "depthwise_conv2d_native"]


# -- geometry ----------------------------------------------------------------------------------
def _out_and_pad(size, k, stride, dilation, padding):
    """(output size, pad before, pad after) along one spatial dimension."""
    eff = (k - 1) * dilation + 1
    if padding == "VALID":
        if size < eff:  # TF's shape function refuses a window larger than the input
            raise ValueError(f"Negative dimension size caused by subtracting {eff} from "
                             f"{size}")
        return (size - eff) // stride + 1, 0, 0
    out = -(-size // stride)
    total = max((out - 1) * stride + eff - size, 0)
    return out, total // 2, total - total // 2


def _static_out(size, k, stride, dilation, padding):
    if size is None or k is None:
        return None
    return _out_and_pad(size, k, stride, dilation, padding)[0]


def _windows(xp, x, kh, kw, sh, sw, dh, dw, oh, ow):
    """View of shape (N, OH, OW, KH, KW, C): every receptive field of padded NHWC ``x``."""
    n, _, _, c = x.shape
    s0, s1, s2, s3 = x.strides
    return _as_strided(xp, x, (n, oh, ow, kh, kw, c),
                       (s0, s1 * sh, s2 * sw, s1 * dh, s2 * dw, s3))


def _as_strided(xp, x, shape, strides):
    """A read-only strided view (CuPy's ``as_strided`` has no ``writeable`` flag)."""
    if xp is np:
        return np.lib.stride_tricks.as_strided(x, shape=shape, strides=strides,
                                               writeable=False)
    return xp.lib.stride_tricks.as_strided(x, shape=shape, strides=strides)


def _pad_nhwc(xp, x, pads, value=0):
    (t, b), (l, r) = pads
    if not (t or b or l or r):
        return x
    return xp.pad(x, ((0, 0), (t, b), (l, r), (0, 0)), constant_values=value)


def _padded(xp, x, pads, bufs=None, value=0):
    """``x`` padded with ``value``; with ``bufs``, into a kept array whose border is written
    once (only the interior changes between runs)."""
    (t, b), (l, r) = pads
    if not (t or b or l or r):
        return x
    if bufs is None:
        return _pad_nhwc(xp, x, pads, value)
    n, h, w, c = x.shape
    out = bufs.get(("pad", value), (n, h + t + b, w + l + r, c), x.dtype, fill=value)
    _split_images(lambda i, j: out[i:j, t:t + h, l:l + w, :].__setitem__(Ellipsis, x[i:j]),
                  xp, n, x.nbytes)
    return out


def _split_images(copy, xp, n, nbytes):
    """``copy(start, stop)`` over the batch, split between threads for large NumPy arrays."""
    if xp is not np:
        copy(0, n)
        return
    parallel_for(lambda i, j, _part: copy(i, j), n, parts_for(n, nbytes))


def _geometry(shape, kh, kw, strides, dilations, padding):
    _, h, w, _ = shape
    oh, pt, pb = _out_and_pad(h, kh, strides[0], dilations[0], padding)
    ow, pl, pr = _out_and_pad(w, kw, strides[1], dilations[1], padding)
    return oh, ow, ((pt, pb), (pl, pr))


def _dot(xp, a, b, out=None):
    """``a @ b`` (2-D): on tensorweave's threads for NumPy arrays (tensorweave/blas.py)."""
    return _blas.dot(a, b, out) if xp is np else xp.dot(a, b, out=out)


def _tap(x, i, j, oh, ow, strides, dilations):
    """The (N, OH, OW, C) view of padded ``x`` seen by kernel tap (i, j)."""
    sh, sw = strides
    r, c = i * dilations[0], j * dilations[1]
    return x[:, r:r + (oh - 1) * sh + 1:sh, c:c + (ow - 1) * sw + 1:sw, :]


STREAM = True  # False: im2col of the whole batch, then the product (measurements)
_BLOCK_BYTES = 1 << 19  # images per block: about this many bytes of input (fits in L2)


def _by_images(step, xp, x, rest, out, bufs):
    """Runs ``step(x, *rest, out, bufs)`` (NHWC, one result of x's spatial layout per image)
    on blocks of images small enough to stay in the cache between the step's passes, shared
    out between threads, writing each block's result into its slice of ``out``; ``rest``
    are split along the batch too."""
    n = x.shape[0]
    if bufs is None or xp is not np:
        return step(x, *rest, out, bufs)
    per = max(1, _BLOCK_BYTES // max(1, x[0].nbytes))

    def span(a, b, part):
        mine = bufs.part(part)
        for s in range(a, b, per):
            e = min(s + per, b)
            step(x[s:e], *[r[s:e] for r in rest], out[s:e], mine)
    parallel_for(span, n, parts_for(n, x.nbytes))
    return out


def _im2col(xp, x, kh, kw, strides, dilations, padding, bufs=None):
    """(column matrix (N*OH*OW, KH*KW*C), OH, OW, pads): row (n, oh, ow) holds the receptive
    field of that output pixel, taps in (KH, KW, C) order."""
    oh, ow, pads = _geometry(x.shape, kh, kw, strides, dilations, padding)
    n, c = x.shape[0], x.shape[3]
    shape = (n, oh, ow, kh, kw * c)
    cols = bufs.get("cols", shape, x.dtype) if bufs is not None else \
        xp.empty(shape, dtype=x.dtype)
    if bufs is not None and conv_loops.usable(x, "im2col"):
        try:  # one compiled pass, padding included (ops/conv_loops.py)
            xc = np.ascontiguousarray(x)
            _split_images(lambda a, b: conv_loops.im2col(
                xc[a:b], cols[a:b], kh, kw, strides, dilations, pads[0][0], pads[1][0]),
                xp, n, cols.nbytes)
            return cols.reshape(n * oh * ow, kh * kw * c), oh, ow, pads
        except jit.Unavailable:  # numba failed on it (warned once): NumPy below
            pass
    xpad = _padded(xp, x, pads, bufs)
    if dilations[1] == 1:
        # the KW taps of one kernel row are KW*C contiguous values of the padded image:
        # one strided copy per kernel row moves whole runs of KW*C (measured 1.5x faster
        # than one copy per tap, which moves runs of C, at 32 channels; 2.4x at 3)
        xpad = xp.ascontiguousarray(xpad)
        s0, s1, s2, s3 = xpad.strides
        sh, sw = strides
        views = [_as_strided(xp, xpad[:, i * dilations[0]:], (n, oh, ow, kw * c),
                             (s0, s1 * sh, s2 * sw, s3)) for i in range(kh)]

        def copy(a, b):
            for i, v in enumerate(views):
                cols[a:b, :, :, i, :] = v[a:b]
        _split_images(copy, xp, n, cols.nbytes)
    else:
        cols6 = cols.reshape(n, oh, ow, kh, kw, c)
        for i in range(kh):
            for j in range(kw):
                cols6[:, :, :, i, j, :] = _tap(xpad, i, j, oh, ow, strides, dilations)
    return cols.reshape(n * oh * ow, kh * kw * c), oh, ow, pads


def _col2im(xp, cols, x_shape, kh, kw, strides, dilations, pads):
    """Adds every patch row of ``cols`` (N, OH, OW, KH, KW, C) back into an NHWC image."""
    n, h, w, c = x_shape
    (pt, pb), (pl, pr) = pads
    oh, ow = cols.shape[1], cols.shape[2]
    sh, sw = strides
    dh, dw = dilations
    out = xp.zeros((n, h + pt + pb, w + pl + pr, c), dtype=cols.dtype)
    for i in range(kh):
        for j in range(kw):
            out[:, i * dh:i * dh + (oh - 1) * sh + 1:sh,
                j * dw:j * dw + (ow - 1) * sw + 1:sw, :] += cols[:, :, :, i, j, :]
    return out[:, pt:pt + h, pl:pl + w, :]


class _ConvBase(Op):
    fresh_output = True

    def __init__(self, strides, padding, data_format="NHWC", dilations=(1, 1)):
        self.strides = tuple(strides)
        self.padding = padding
        self.data_format = data_format
        self.dilations = tuple(dilations)

    def _nhwc(self, xp, x):
        return xp.transpose(x, (0, 2, 3, 1)) if self.data_format == "NCHW" else x

    def _back(self, xp, y):
        return xp.ascontiguousarray(xp.transpose(y, (0, 3, 1, 2))) \
            if self.data_format == "NCHW" else y

    def _spatial(self, shape):
        """(N, H, W, C) of a static shape in this op's data format."""
        if shape is None:
            return (None,) * 4
        if self.data_format == "NCHW":
            return shape[0], shape[2], shape[3], shape[1]
        return tuple(shape)

    def _format(self, n, h, w, c):
        return (n, c, h, w) if self.data_format == "NCHW" else (n, h, w, c)


# -- conv2d ----------------------------------------------------------------------------------------
@register
class Conv2D(_ConvBase):
    """2-D convolution (cross-correlation) of ``input`` with ``filter`` (KH, KW, C, O)."""

    def infer(self, x, f):
        if x.dtype != f.dtype:
            raise TypeError(f"Conv2D: input is {x.dtype.name} but filter is {f.dtype.name}")
        if x.shape is not None and len(x.shape) != 4:
            raise ValueError(f"input must be 4-dimensional, got shape {list(x.shape)}")
        if f.shape is not None and len(f.shape) != 4:
            raise ValueError(f"filter must be 4-dimensional, got shape {list(f.shape)}")
        n, h, w, c = self._spatial(x.shape)
        kh, kw, fc, o = f.shape if f.shape is not None else (None,) * 4
        if c is not None and fc is not None and c != fc:
            raise ValueError(f"input depth must be evenly divisible by filter depth: {c} vs "
                             f"{fc}")
        oh = _static_out(h, kh, self.strides[0], self.dilations[0], self.padding)
        ow = _static_out(w, kw, self.strides[1], self.dilations[1], self.padding)
        return Spec(self._format(n, oh, ow, o), x.dtype)

    def forward(self, xp, x, f, scratch=None, key=None, out=None, bufs=None):
        x = self._nhwc(xp, x)
        o = f.shape[3]
        y, oh, ow, _ = self._product(xp, x, f, scratch, key,
                                     None if out is None else out.reshape(-1, o), bufs)
        if out is not None:
            return out
        return self._back(xp, y.reshape(x.shape[0], oh, ow, o))

    def _product(self, xp, x, f, scratch, key, y, bufs, bias=None, pool=None):
        """(im2col(x) @ f as (pixels, O) rows, into ``y`` when given, OH, OW, pooled), each
        row then ``maximum(row + bias, 0)`` when ``bias`` is given; the column matrix left in
        ``scratch[key]`` for the filter gradient of this run. ``pooled`` is None, or, when
        ``pool`` (KH, KW, key) was given and the product was streamed, (the KHxKW max
        pooling of the result, each window's first winning tap as ``max_pool_argmax``
        notes it).

        In a run on tensorweave's threads (tensorweave/blas.py), float32 with numba, the
        product is streamed (ops/conv_loops.py): each thread builds the columns of a block
        of its images right before multiplying them, and adds the bias and ReLU right
        after, while the block is in its cache, in one compiled call per thread. W3's
        first layer with its bias and ReLU: 0.9 instead of 1.4 ms (the whole batch's
        columns, then the product, then a bias and ReLU pass); its second: 2.6 instead of
        2.9 ms."""
        kh, kw, c, o = f.shape
        n = x.shape[0]
        f2 = f.reshape(kh * kw * c, o)
        oh, ow, pads = _geometry(x.shape, kh, kw, self.strides, self.dilations, self.padding)
        if STREAM and xp is np and bufs is not None and _parallel.owns_blas() and \
                x.dtype == f.dtype == np.float32 and n * oh * ow > 0 and \
                (y is None or y.flags.c_contiguous) and \
                (bias is None or bias.dtype == np.float32) and conv_loops.streams():
            xc, fc = np.ascontiguousarray(x), np.ascontiguousarray(f2)
            bc = None if bias is None else np.ascontiguousarray(bias)
            if y is None:
                y = np.empty((n * oh * ow, o), x.dtype)
            per = _images_per_block(oh, ow)
            pooled = None
            if pool is not None and scratch is not None:  # the max pooling that follows
                (ph, pw, _), y4 = pool, y.reshape(n, oh, ow, o)
                if conv_loops.pools(y4, ph, pw):
                    shape = (n, oh // ph, ow // pw, o)
                    pooled = bufs.get("pooled", shape, y.dtype)
                    first = bufs.get("first", shape, np.int8)

            parts = _blas.row_parts(n * oh * ow, kh * kw * c, o)
            if _winograd(x.shape, f.shape, self.strides, self.dilations, x.dtype):
                try:
                    tiles = winograd.forward(
                        xc, f, y.reshape(n, oh, ow, o), bufs, parts, _blas.one_thread_parts,
                        (pads[0][0], pads[1][0]), bias=bc, keep=scratch is not None,
                        pool=None if pooled is None else (ph, pw, y4, pooled, first))
                    if scratch is not None:
                        scratch[key] = tiles  # for the filter gradient of this run
                    return y, oh, ow, None if pooled is None else (pooled, first)
                except jit.Unavailable:  # numba failed on it (warned once): direct below
                    pass

            cols = bufs.get("cols", (n, oh, ow, kh, kw * c), x.dtype)

            def images(lo, hi, _part):
                conv_loops.forward_stream(
                    xc, cols, fc, y, bc, lo, hi, per, kh, kw, self.strides, self.dilations,
                    pads[0][0], pads[1][0],
                    None if pooled is None else (ph, pw, y4, pooled, first))
            try:
                _blas.one_thread_parts(images, n, parts)
                if scratch is not None:
                    scratch[key] = cols.reshape(n * oh * ow, kh * kw * c)
                return y, oh, ow, None if pooled is None else (pooled, first)
            except jit.Unavailable:  # numba failed on the loop (warned once): below
                pass
        cols, oh, ow, _ = _im2col(xp, x, kh, kw, self.strides, self.dilations, self.padding,
                                  bufs)
        if scratch is not None:
            scratch[key] = cols  # the filter gradient of this run reads the same columns
        y = _dot(xp, cols, f2, out=y)
        if bias is not None:
            _bias_relu(xp, y, bias)
        return y, oh, ow, None

    def make_kernel(self, ctx, node):
        forward, xp, scratch = self.forward, ctx.xp, ctx.scratch
        key = _cols_key(self, node.inputs[0], node.inputs[1].shape.as_tuple())
        bufs = _kept.for_kernel(ctx)

        def kernel(x, f, out=None):
            return forward(xp, x, f, scratch, key, out, bufs)
        kernel.accepts_out = self.data_format == "NHWC"
        return kernel

    def gradient(self, g, y, x, f):
        from .shape import shape
        attrs = (self.strides, self.padding, self.data_format, self.dilations)
        return (Conv2DBackpropInput(*attrs).bind(shape(x), f, g) if wants_gradient(0)
                else None,
                Conv2DBackpropFilter(*attrs).bind(x, shape(f), g) if wants_gradient(1)
                else None)


@register
class Conv2DBackpropInput(_ConvBase):
    """The gradient of ``conv2d`` with respect to its input (= a transposed convolution)."""

    host_inputs = (0,)  # read as numbers: kept on the host (compiler/placement.py)
    shaped_by = ("value", 0)

    def infer(self, sizes, f, g):
        dims = None
        if sizes.value is not None:
            dims = tuple(int(d) for d in np.ravel(sizes.value))
        elif sizes.shape is not None and sizes.shape[0] is not None:
            dims = (None,) * sizes.shape[0]
        return Spec(dims, g.dtype)

    def forward(self, xp, sizes, f, g, out=None, bufs=None):
        x_shape = self._spatial(tuple(int(d) for d in sizes))
        g = self._nhwc(xp, g)
        if bufs is None:  # eager: the whole batch at once
            return self._back(xp, self._input_grad(xp, x_shape, f, g, None, None))
        given = out is not None
        if not given:
            out = xp.empty(x_shape, dtype=g.dtype)
        if self._streamed(xp, x_shape, f, g, out, bufs):
            return out if given else self._back(xp, out)
        # blocks of images: each block's products, padded gradient and adds stay in the cache
        _by_images(lambda gb, ob, b: self._input_grad(xp, (gb.shape[0],) + x_shape[1:], f,
                                                      gb, ob, b), xp, g, (), out, bufs)
        return out if given else self._back(xp, out)

    def _streamed(self, xp, x_shape, f, g, out, bufs):
        """Whether the gradient was computed into ``out`` by the streamed compiled loop
        (ops/conv_loops.py): in a run on tensorweave's threads, float32, numba; each thread
        multiplies a block of its images' gradient rows by all taps at once and adds the
        block's columns into its images (col2im) while they are in its cache, in one
        compiled call per thread. W3's second layer: 2.2 instead of 3.3 ms."""
        kh, kw, c, o = f.shape
        n, oh, ow, _ = g.shape
        if not (STREAM and xp is np and _parallel.owns_blas() and c > 1 and
                g.dtype == f.dtype == out.dtype == np.float32 and out.flags.c_contiguous and
                n * oh * ow > 0 and conv_loops.streams()):
            return False
        (pt, _), (pl, _) = _geometry(x_shape, kh, kw, self.strides, self.dilations,
                                     self.padding)[2]
        parts = _blas.row_parts(n * oh * ow, o, kh * kw * c)
        if _winograd(x_shape, f.shape, self.strides, self.dilations, g.dtype):
            try:
                winograd.input_grad(g, f, out, bufs, parts, _blas.one_thread_parts,
                                    (pt, pl))
                return True
            except jit.Unavailable:  # numba failed on it (warned once): direct below
                pass
        taps = bufs.get("taps", (o, kh * kw * c), f.dtype)
        taps[...] = f.transpose(3, 0, 1, 2).reshape(o, kh * kw * c)
        g2 = np.ascontiguousarray(g).reshape(n * oh * ow, o)
        per = _images_per_block(oh, ow)

        def images(lo, hi, part):
            block = bufs.part(part).get("block", (per, oh, ow, kh * kw, c), g.dtype)
            conv_loops.input_grad_stream(g2, taps, block, out, lo, hi, per, kh, kw,
                                         self.strides, self.dilations, pt, pl)
        try:
            _blas.one_thread_parts(images, n, parts)
            return True
        except jit.Unavailable:  # numba failed on the loop (warned once)
            return False

    def _input_grad(self, xp, x_shape, f, g, out, bufs):
        """The NHWC input gradient of images ``g``, into ``out`` when given."""
        kh, kw, c, o = f.shape
        n, oh, ow, _ = g.shape
        (pt, pb), (pl, pr) = _geometry(x_shape, kh, kw, self.strides, self.dilations,
                                       self.padding)[2]
        if bufs is not None and c > 1 and conv_loops.usable(g) and f.dtype == g.dtype:
            try:  # all taps in one product, then one compiled col2im (ops/conv_loops.py)
                return self._input_grad_loop(xp, x_shape, f, g, out, bufs, pt, pl)
            except jit.Unavailable:  # numba failed on it (warned once): per tap below
                pass
        # per tap: (N*OH*OW, O) x (O, C) added straight into the padded gradient, instead
        # of materialising the (N*OH*OW, KH*KW*C) column matrix first
        padded = (n, x_shape[1] + pt + pb, x_shape[2] + pl + pr, c)
        if bufs is None:
            dx = xp.zeros(padded, dtype=g.dtype)
            part = None
        else:
            dx = out if out is not None and padded == tuple(out.shape) else \
                bufs.get("dx", padded, g.dtype)
            dx.fill(0)
            part = bufs.get("part", (n * oh * ow, c), g.dtype)
        g2 = g.reshape(-1, o)
        for i in range(kh):
            for j in range(kw):
                p = _dot(xp, g2, f[i, j].T, out=part).reshape(n, oh, ow, c)
                _tap(dx, i, j, oh, ow, self.strides, self.dilations)[...] += p
        dx = dx[:, pt:pt + x_shape[1], pl:pl + x_shape[2], :]
        if out is None:
            return dx
        if dx.base is not out and dx is not out:
            out[...] = dx
        return out

    def _input_grad_loop(self, xp, x_shape, f, g, out, bufs, pt, pl):
        kh, kw, c, o = f.shape
        n, oh, ow, _ = g.shape
        taps = bufs.get("taps", (o, kh * kw * c), f.dtype)
        taps[...] = f.transpose(3, 0, 1, 2).reshape(o, kh * kw * c)
        cols = bufs.get("cols_grad", (n * oh * ow, kh * kw * c), g.dtype)
        _dot(xp, g.reshape(-1, o), taps, out=cols)
        dx = out if out is not None and tuple(out.shape) == tuple(x_shape) else \
            bufs.get("dx_loop", tuple(x_shape), g.dtype)
        cols5 = cols.reshape(n, oh, ow, kh * kw, c)

        def images(a, b):  # each image's gradient on its own: split between threads
            dx[a:b].fill(0)
            conv_loops.col2im(cols5[a:b], dx[a:b], kh, kw, self.strides, self.dilations,
                              pt, pl)
        _split_images(images, xp, n, cols.nbytes)
        if out is not None and dx is not out:
            out[...] = dx
            return out
        return dx

    def make_kernel(self, ctx, node):
        forward, xp, bufs = self.forward, ctx.xp, _kept.for_kernel(ctx)

        def kernel(sizes, f, g, out=None):
            return forward(xp, sizes, f, g, out, bufs)
        kernel.accepts_out = self.data_format == "NHWC"
        return kernel

    def gradient(self, gg, y, sizes, f, g):
        from .shape import shape
        attrs = (self.strides, self.padding, self.data_format, self.dilations)
        # the convolution first: the plan then runs it before the filter gradient, which
        # reads the column matrix (or Winograd tiles) of gg that it leaves
        dg = Conv2D(*attrs).bind(gg, f)
        return (None, Conv2DBackpropFilter(*attrs).bind(gg, shape(f), g), dg)


@register
class Conv2DBackpropFilter(_ConvBase):
    """The gradient of ``conv2d`` with respect to its filter."""

    host_inputs = (1,)  # read as numbers: kept on the host (compiler/placement.py)
    shaped_by = ("value", 1)

    def infer(self, x, sizes, g):
        dims = None
        if sizes.value is not None:
            dims = tuple(int(d) for d in np.ravel(sizes.value))
        return Spec(dims if dims is not None else (None,) * 4, g.dtype)

    def forward(self, xp, x, sizes, g, cached=None, out=None, bufs=None):
        kh, kw, c, o = (int(d) for d in sizes)
        x = self._nhwc(xp, x)
        g = self._nhwc(xp, g)
        if bufs is not None and xp is np and g.dtype == x.dtype and \
                _winograd(x.shape, (kh, kw, c, o), self.strides, self.dilations, x.dtype):
            pads = _geometry(x.shape, kh, kw, self.strides, self.dilations, self.padding)[2]
            try:
                dw = winograd.filter_grad(
                    x, g, None if out is None else out.reshape(kh, kw, c, o), bufs,
                    _blas.one_thread_parts, (pads[0][0], pads[1][0]),
                    cached if isinstance(cached, winograd.Tiles) else None)
                return dw if out is None else out
            except jit.Unavailable:  # numba failed on it (warned once): direct below
                pass
        cols = cached if isinstance(cached, np.ndarray) else None
        if cols is None or cols.shape != (g.shape[0] * g.shape[1] * g.shape[2], kh * kw * c):
            cols, _, _, _ = _im2col(xp, x, kh, kw, self.strides, self.dilations, self.padding,
                                    bufs)
        k = kh * kw * c
        g2 = g.reshape(-1, o)
        if xp is np and _blas.splits_inner(k, g2.shape[0], o):
            # a small result summed over many pixels (W3's two filter gradients): two halves
            # of the pixels on two one-thread BLAS calls (tensorweave/blas.py; 1.0 vs 2.1 ms
            # for W3's first layer)
            dw = _blas.split_inner_dot(cols.T, g2, None if out is None else out.reshape(k, o))
            return dw.reshape(kh, kw, c, o) if out is None else out
        if k <= o:  # few taps*channels (a first layer): OpenBLAS is faster this way round
            # (measured: 2.0 vs 2.7 ms for 27 x 65536 x 32; 3.1 vs 2.5 ms for 288 x 16384 x 64)
            dw = _dot(xp, g2.T, cols).T
            if out is None:
                return dw.reshape(kh, kw, c, o)
            out.reshape(k, o)[...] = dw
            return out
        if out is not None:
            _dot(xp, cols.T, g2, out=out.reshape(k, o))
            return out
        return _dot(xp, cols.T, g2).reshape(kh, kw, c, o)

    def make_kernel(self, ctx, node):
        forward, xp, scratch, bufs = self.forward, ctx.xp, ctx.scratch, _kept.for_kernel(ctx)
        sizes = constant_value(node.inputs[1])
        key = _cols_key(self, node.inputs[0],
                        None if sizes is None else tuple(int(d) for d in np.ravel(sizes)))

        def kernel(x, sizes, g, out=None):
            return forward(xp, x, sizes, g, scratch.pop(key, None), out, bufs)
        kernel.accepts_out = True
        return kernel

    def gradient(self, gg, y, x, sizes, g):
        from .shape import shape
        attrs = (self.strides, self.padding, self.data_format, self.dilations)
        return (Conv2DBackpropInput(*attrs).bind(shape(x), gg, g), None,
                Conv2D(*attrs).bind(x, gg))


class Conv2DBiasRelu(Conv2D):
    """``relu(conv2d(x, f) + bias)`` as one kernel (NHWC): made by compiler/conv_epilogue.py
    from a graph's Conv2D, bias add and ReLU, never bound into a graph. Each block of output
    rows gets its bias and ReLU right after its product, by the thread that computed it,
    while the block is still in that core's cache, instead of in two more passes over the
    whole output. The same additions and ``maximum`` as the separate ops: the same bits."""

    def __init__(self, conv, cols_key, source, pool=None):
        super().__init__(conv.strides, conv.padding, conv.data_format, conv.dilations)
        self.cols_key = cols_key  # the filter gradient reads this run's column matrix
        self.source = source      # the Conv2D op it stands for (its static shapes)
        # (KH, KW, scratch key): a KHxKW/KH,KW max pooling of the output follows, computed
        # per block as well when the product is streamed, for ops/pool.py's PooledInConv
        self.pool = pool

    def infer(self, x, f, b):  # pragma: no cover - never bound into a graph
        raise NotImplementedError

    def forward(self, xp, x, f, b, scratch=None, key=None, out=None, bufs=None):
        o = f.shape[3]
        if out is None:
            oh, ow, _ = _geometry(x.shape, f.shape[0], f.shape[1], self.strides,
                                  self.dilations, self.padding)
            out = xp.empty((x.shape[0], oh, ow, o), dtype=x.dtype)
        pooled = self._product(xp, x, f, scratch, key, out.reshape(-1, o), bufs, bias=b,
                               pool=self.pool)[3]
        if pooled is not None:  # for the MaxPool step (ops/pool.py: PooledInConv)
            scratch[self.pool[2]] = pooled + (out,)
        return out

    def make_kernel(self, ctx, node):
        forward, xp, scratch = self.forward, ctx.xp, ctx.scratch
        key, bufs = self.cols_key, _kept.for_kernel(ctx)

        def kernel(x, f, b, out=None):
            return forward(xp, x, f, b, scratch, key, out, bufs)
        kernel.accepts_out = True
        return kernel


def _winograd(x_shape, f_shape, strides, dilations, dtype):
    """Whether a convolution (or one of its gradients) in this run is Winograd F(2x2, 3x3)
    (ops/winograd.py): streamed (a run on tensorweave's threads, numba, cblas_sgemm) and
    one that ``winograd.applies`` to."""
    return STREAM and _parallel.owns_blas() and conv_loops.streams() and \
        winograd.applies(x_shape, f_shape, strides, dilations, dtype)


def _images_per_block(oh, ow):
    """Images in one block of a streamed convolution: about ``blas.CHUNK_ROWS`` output
    pixels, at least one image."""
    return max(1, _blas.CHUNK_ROWS // (oh * ow))


def _bias_relu(xp, y, bias):
    """``y`` (rows, O) becomes ``maximum(y + bias, 0)``: compiled, split by rows, for NumPy."""
    if xp is np and conv_loops.usable(y, "bias_relu") and bias.dtype == y.dtype and \
            y.flags.c_contiguous:
        bc = np.ascontiguousarray(bias)
        try:
            parallel_for(lambda lo, hi, _p: conv_loops.bias_relu(y, bc, lo, hi), y.shape[0],
                         parts_for(y.shape[0], y.nbytes))
            return
        except jit.Unavailable:  # numba failed on it (warned once): NumPy below
            pass
    xp.add(y, bias, out=y)
    xp.maximum(y, y.dtype.type(0), out=y)


def _cols_key(op, x, filter_shape):
    """Identifies the im2col matrix of input tensor ``x`` under ``op``'s geometry, so that
    Conv2D can leave it (per run, in the session's scratch space) for Conv2DBackpropFilter."""
    return ("im2col", x.name, filter_shape, op.strides, op.padding, op.data_format,
            op.dilations)


def _four(v, data_format, what):
    """TF's strides/ksize/dilations argument (int, pair or 4-list) → the spatial pair."""
    if isinstance(v, (int, np.integer)):
        return (int(v), int(v))
    v = [int(a) for a in v]
    if len(v) == 1:
        return (v[0], v[0])
    if len(v) == 2:
        return tuple(v)
    if len(v) != 4:
        raise ValueError(f"{what} must have 1, 2 or 4 entries, got {v}")
    if data_format == "NCHW":
        if v[0] != 1 or v[1] != 1:
            raise ValueError(f"{what} in the batch and depth dimensions must be 1: {v}")
        return (v[2], v[3])
    if v[0] != 1 or v[3] != 1:
        raise ValueError(f"{what} in the batch and depth dimensions must be 1: {v}")
    return (v[1], v[2])


def _padding(padding):
    if not isinstance(padding, str) or padding.upper() not in ("SAME", "VALID"):
        raise ValueError(f"padding must be 'SAME' or 'VALID', got {padding!r}")
    return padding.upper()


def _format(data_format):
    data_format = data_format or "NHWC"
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"data_format must be 'NHWC' or 'NCHW', got {data_format!r}")
    return data_format


def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True,  # noqa: A002
           data_format="NHWC", dilations=(1, 1, 1, 1), name=None, filters=None):
    """2-D convolution: ``input`` (N, H, W, C) with ``filter`` (KH, KW, C, O).

    Args:
        strides: ``[1, sh, sw, 1]`` (or an int / pair); padding: ``"SAME"`` or ``"VALID"``;
        data_format: ``"NHWC"`` (default) or ``"NCHW"``; dilations: like strides.

    Example:
        >>> y = tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding="SAME")
    """
    filter = filters if filter is None else filter
    if filter is None or strides is None or padding is None:
        raise TypeError("conv2d needs filter, strides and padding")
    data_format = _format(data_format)
    x = convert_to_tensor(input)
    f = convert_to_tensor(filter, dtype=x.dtype)
    return Conv2D(_four(strides, data_format, "strides"), _padding(padding), data_format,
                  _four(dilations, data_format, "dilations")).bind(x, f, name=name or "Conv2D")


def conv2d_backprop_input(input_sizes, filter, out_backprop, strides, padding,  # noqa: A002
                          use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1),
                          name=None):
    """The gradient of ``conv2d`` with respect to an input of shape ``input_sizes``."""
    data_format = _format(data_format)
    g = convert_to_tensor(out_backprop)
    return Conv2DBackpropInput(_four(strides, data_format, "strides"), _padding(padding),
                               data_format, _four(dilations, data_format, "dilations")).bind(
        convert_to_tensor(input_sizes, dtype_hint=_dt.int32),
        convert_to_tensor(filter, dtype=g.dtype), g, name=name or "Conv2DBackpropInput")


def conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002
                           use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1),
                           name=None):
    """The gradient of ``conv2d`` with respect to a filter of shape ``filter_sizes``."""
    data_format = _format(data_format)
    x = convert_to_tensor(input)
    return Conv2DBackpropFilter(_four(strides, data_format, "strides"), _padding(padding),
                                data_format, _four(dilations, data_format, "dilations")).bind(
        x, convert_to_tensor(filter_sizes, dtype_hint=_dt.int32),
        convert_to_tensor(out_backprop, dtype=x.dtype), name=name or "Conv2DBackpropFilter")


def conv2d_transpose(value, filter=None, output_shape=None, strides=None,  # noqa: A002
                     padding="SAME", data_format="NHWC", name=None, filters=None,
                     dilations=None):
    """Transposed convolution ("deconvolution"): ``filter`` is (KH, KW, out C, in C).

    Raises:
        ValueError: when ``output_shape`` does not match what ``conv2d`` would map back.
    """
    filter = filters if filter is None else filter
    if output_shape is None or strides is None:
        raise TypeError("conv2d_transpose needs output_shape and strides")
    data_format = _format(data_format)
    value = convert_to_tensor(value)
    f = convert_to_tensor(filter, dtype=value.dtype)
    sizes = convert_to_tensor(output_shape, dtype_hint=_dt.int32)
    from .registry import constant_value
    known = constant_value(sizes)
    if known is not None and f.shape.ndims == 4 and value.shape.ndims == 4:
        op = Conv2DBackpropInput(_four(strides, data_format, "strides"), _padding(padding),
                                 data_format, _four(dilations or 1, data_format, "dilations"))
        n, h, w, c = op._spatial(tuple(int(d) for d in np.ravel(known)))
        kh, kw = f.shape.as_list()[:2]
        oh = _static_out(h, kh, op.strides[0], op.dilations[0], op.padding)
        ow = _static_out(w, kw, op.strides[1], op.dilations[1], op.padding)
        vn, vh, vw, vc = op._spatial(tuple(value.shape.as_list()))
        if (vh is not None and oh != vh) or (vw is not None and ow != vw):
            raise ValueError(f"conv2d_transpose: output_shape {list(np.ravel(known))} maps to "
                             f"{oh}x{ow} under the strides/padding, but value is {vh}x{vw}")
    out = conv2d_backprop_input(sizes, f, value, strides, padding, data_format=data_format,
                                dilations=dilations or (1, 1, 1, 1),
                                name=name or "conv2d_transpose")
    from .shape import partial_shape_value
    partial = partial_shape_value(sizes)  # [tf.shape(x)[0], 6, 6, 1]: keep what is known
    if partial is not None and len(partial) == 4:
        out.set_shape(partial)
    return out


# -- depthwise -------------------------------------------------------------------------------------
@register
class DepthwiseConv2dNative(_ConvBase):
    """Each input channel convolved with its own ``M`` filters: (KH, KW, C, M) → C*M outputs."""

    def infer(self, x, f):
        n, h, w, c = self._spatial(x.shape)
        kh, kw, fc, m = f.shape if f.shape is not None else (None,) * 4
        if c is not None and fc is not None and c != fc:
            raise ValueError(f"depthwise_conv2d: input has {c} channels, filter expects {fc}")
        oh = _static_out(h, kh, self.strides[0], self.dilations[0], self.padding)
        ow = _static_out(w, kw, self.strides[1], self.dilations[1], self.padding)
        out_c = None if c is None or m is None else c * m
        return Spec(self._format(n, oh, ow, out_c), x.dtype)

    def _win(self, xp, x, kh, kw):
        oh, ow, pads = _geometry(x.shape, kh, kw, self.strides, self.dilations, self.padding)
        xpad = _pad_nhwc(xp, x, pads)
        return _windows(xp, xpad, kh, kw, self.strides[0], self.strides[1],
                        self.dilations[0], self.dilations[1], oh, ow), pads

    def forward(self, xp, x, f):
        x = self._nhwc(xp, x)
        kh, kw, c, m = f.shape
        win, _ = self._win(xp, x, kh, kw)
        y = xp.einsum("nhwijc,ijcm->nhwcm", win, f, optimize=True)
        return self._back(xp, y.reshape(y.shape[:3] + (c * m,)))

    def gradient(self, g, y, x, f):
        from .shape import shape
        attrs = (self.strides, self.padding, self.data_format, self.dilations)
        return (DepthwiseConv2dNativeBackpropInput(*attrs).bind(shape(x), f, g),
                DepthwiseConv2dNativeBackpropFilter(*attrs).bind(x, shape(f), g))


@register
class DepthwiseConv2dNativeBackpropInput(_ConvBase):
    """The gradient of ``depthwise_conv2d`` with respect to its input."""

    host_inputs = (0,)  # read as numbers: kept on the host (compiler/placement.py)
    shaped_by = ("value", 0)

    def infer(self, sizes, f, g):
        dims = tuple(int(d) for d in np.ravel(sizes.value)) if sizes.value is not None \
            else (None,) * 4
        return Spec(dims, g.dtype)

    def forward(self, xp, sizes, f, g):
        x_shape = self._spatial(tuple(int(d) for d in sizes))
        g = self._nhwc(xp, g)
        kh, kw, c, m = f.shape
        n, oh, ow, _ = g.shape
        _, _, pads = _geometry(x_shape, kh, kw, self.strides, self.dilations, self.padding)
        cols = xp.einsum("nhwcm,ijcm->nhwijc", g.reshape(n, oh, ow, c, m), f, optimize=True)
        return self._back(xp, _col2im(xp, cols, x_shape, kh, kw, self.strides,
                                      self.dilations, pads))

    def gradient(self, gg, y, sizes, f, g):
        from .shape import shape
        attrs = (self.strides, self.padding, self.data_format, self.dilations)
        return (None, DepthwiseConv2dNativeBackpropFilter(*attrs).bind(gg, shape(f), g),
                DepthwiseConv2dNative(*attrs).bind(gg, f))


@register
class DepthwiseConv2dNativeBackpropFilter(DepthwiseConv2dNative):
    """The gradient of ``depthwise_conv2d`` with respect to its filter."""

    host_inputs = (1,)  # read as numbers: kept on the host (compiler/placement.py)
    shaped_by = ("value", 1)

    def infer(self, x, sizes, g):
        dims = tuple(int(d) for d in np.ravel(sizes.value)) if sizes.value is not None \
            else (None,) * 4
        return Spec(dims, g.dtype)

    def forward(self, xp, x, sizes, g):
        kh, kw, c, m = (int(d) for d in sizes)
        x = self._nhwc(xp, x)
        g = self._nhwc(xp, g)
        win, _ = self._win(xp, x, kh, kw)
        n, oh, ow, _ = g.shape
        return xp.einsum("nhwijc,nhwcm->ijcm", win, g.reshape(n, oh, ow, c, m),
                         optimize=True)

    def gradient(self, gg, y, x, sizes, g):
        from .shape import shape
        attrs = (self.strides, self.padding, self.data_format, self.dilations)
        return (DepthwiseConv2dNativeBackpropInput(*attrs).bind(shape(x), gg, g), None,
                DepthwiseConv2dNative(*attrs).bind(x, gg))


def depthwise_conv2d_native(input, filter, strides, padding, data_format="NHWC",  # noqa: A002
                            dilations=(1, 1, 1, 1), name=None):
    """Depthwise convolution: filter (KH, KW, C, M) gives C * M output channels."""
    data_format = _format(data_format)
    x = convert_to_tensor(input)
    return DepthwiseConv2dNative(_four(strides, data_format, "strides"), _padding(padding),
                                 data_format, _four(dilations, data_format, "dilations")).bind(
        x, convert_to_tensor(filter, dtype=x.dtype), name=name or "DepthwiseConv2dNative")


def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None,  # noqa: A002
                     data_format="NHWC", dilations=None):
    """``tf.nn.depthwise_conv2d``: ``rate`` (or ``dilations``) is the dilation pair."""
    rate = rate if rate is not None else (dilations if dilations is not None else (1, 1))
    return depthwise_conv2d_native(input, filter, strides, padding, data_format,
                                   _four(rate, "NHWC", "rate"), name=name or "depthwise")
