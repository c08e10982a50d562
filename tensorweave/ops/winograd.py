"""Winograd F(2x2, 3x3) convolutions: a 3x3, stride-1 float32 convolution (and both its
gradients) in 2.25 times fewer multiplications than the direct product, for the streamed
runs of ops/conv.py (numba, NumPy's OpenBLAS, a plan on tensorweave's threads).

The output is cut into 2x2 tiles. Each tile's 4x4 input patch ``d`` becomes ``V = Bt d B``,
the filter ``g`` (per input and output channel) becomes ``U = G g Gt``, and the tile's
output is ``Y = At (U * V) A`` summed over input channels: for each of the 16 positions
``xi`` of the 4x4 transforms, the sum over channels is one matrix product
``M[xi] = V[xi] (tiles, C) @ U[xi] (C, O)``, so a block of tiles costs 16 products of
inner dimension C instead of one of 9*C, and the transforms are additions only::

    Bt = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]]
    G  = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]]
    At = [[1, 1, 1, 0], [0, 1, -1, -1]]

The gradients follow from the same algebra. The input gradient is the convolution of the
output gradient with the filter turned by 180 degrees and its channels swapped (padding
``2 - pad``), so it runs the same forward loop. The filter gradient of one tile is
``G' [V * (A dY A')] G`` (the transposed forward): its 16 products ``V[xi]' @ (A dY A')[xi]``
sum over all tiles of the batch, then one transform gives the 3x3 filter.

Numbers: F(2x2, 3x3) keeps float32 accuracy (on W3's second layer its largest error against
a float64 reference is 2.3e-6, the direct product's 5.5e-6: each product sums 32 channels
instead of 288 taps), but it rounds differently from the direct product, so its results are
not the NumPy path's bit for bit. They are the same from run to run and however many threads
run them: the blocks and the two halves of the filter gradient's sum are fixed by the
shapes. ``ENABLED = False`` turns it off (every convolution then runs the direct product).

Measured on W3's second layer (64x16x16x32 input, 3x3x32x64 filter), one thread: see the
README's performance notes.
"""

import numpy as np

from .. import jit, parallel

ENABLED = True
MIN_CHANNELS = 16   # fewer input or output channels: the direct product (W3's first layer)
TILE_BLOCK = 128    # about this many tiles per block: the block's transforms stay in cache

_made = {}  # (kind, C or O) -> compiled driver


def applies(x_shape, f_shape, strides, dilations, dtype):
    """Whether a convolution of an NHWC ``x_shape`` input with an (KH, KW, C, O) filter runs
    as Winograd F(2x2, 3x3) in a streamed run: 3x3 filters, strides and dilations 1,
    float32, at least ``MIN_CHANNELS`` input and output channels, numba and a
    ``cblas_sgemm`` to call."""
    kh, kw, c, o = f_shape
    return ENABLED and kh == 3 and kw == 3 and tuple(strides) == (1, 1) and \
        tuple(dilations) == (1, 1) and np.dtype(dtype) == np.float32 and \
        c >= MIN_CHANNELS and o >= MIN_CHANNELS and min(x_shape[:3]) > 0 and works()


def works():
    """numba, a ``cblas_sgemm`` for compiled loops, and no earlier failure of these loops."""
    from .. import blas
    return jit.works("winograd") and blas.sgemm() is not None


class Geometry:
    """The tiling of one convolution: ``th`` x ``tw`` tiles of 2x2 outputs per image, the
    padded image (``hp``, ``wp``) the tiles read, ``per`` images per block."""

    def __init__(self, h, w, oh, ow, pt, pl):
        self.h, self.w, self.oh, self.ow, self.pt, self.pl = h, w, oh, ow, pt, pl
        self.th, self.tw = (oh + 1) // 2, (ow + 1) // 2
        self.hp = max(2 * self.th + 2, pt + h)
        self.wp = max(2 * self.tw + 2, pl + w)
        self.tiles = self.th * self.tw
        self.per = max(1, TILE_BLOCK // self.tiles)


def filter_transform(f):
    """``U = G f Gt`` of a (3, 3, C, O) float32 filter, as (16, C, O)."""
    half = np.float32(0.5)
    f = np.asarray(f, np.float32)

    def side(a0, a1, a2):  # G applied along one axis
        return a0, (a0 + a1 + a2) * half, (a0 - a1 + a2) * half, a2
    rows = side(f[0], f[1], f[2])                       # 4 x (3, C, O)
    out = np.empty((16,) + f.shape[2:], np.float32)
    for i, r in enumerate(rows):
        for j, v in enumerate(side(r[0], r[1], r[2])):
            out[4 * i + j] = v
    return out


def filter_grad_transform(m, out=None):
    """The (3, 3, C, O) filter gradient ``Gt m G`` of the summed products ``m`` (16, C, O)."""
    half = np.float32(0.5)
    m = m.reshape((4, 4) + m.shape[1:])

    def side(a0, a1, a2, a3):  # Gt applied along one axis
        s = (a1 + a2) * half
        return a0 + s, (a1 - a2) * half, s + a3
    rows = side(m[0], m[1], m[2], m[3])                 # 3 x (4, C, O)
    if out is None:
        out = np.empty((3, 3) + m.shape[2:], np.float32)
    for i, r in enumerate(rows):
        for j, v in enumerate(side(r[0], r[1], r[2], r[3])):
            out[i, j] = v
    return out


def turned(f):
    """The filter of the input gradient: ``f`` turned by 180 degrees, channels swapped."""
    return np.ascontiguousarray(f[::-1, ::-1].transpose(0, 1, 3, 2))


# -- compiled loops ---------------------------------------------------------------------------
# Built per channel count: with C (or O) a constant, the offsets of a tile's 16 values are
# constants, LLVM sees two arrays instead of 32 unrelated pointers and vectorizes the
# channel loop (0.35 instead of 0.95 ms for W3's second layer's input transform).

def _pad_images(rows, c, n0, n1, pt, pl, xpad):
    """Images ``n0:n1`` of ``rows`` (N, H, W*C) into ``xpad`` (per, HP, WP*C) at row
    ``pt``, column ``pl``, zeros around."""
    h, wc = rows.shape[1], rows.shape[2]
    hp, wpc = xpad.shape[1], xpad.shape[2]
    zero = np.float32(0)
    left, width, full = np.uint64(pl * c), np.uint64(wc), np.uint64(wpc)
    for b in range(n0, n1):
        img = xpad[b - n0]
        for r in range(hp):
            dst = img[r]
            sr = r - pt
            if sr < 0 or sr >= h:
                for k in range(full):
                    dst[k] = zero
                continue
            src = rows[b, sr]
            for k in range(left):
                dst[k] = zero
            for k in range(width):
                dst[left + k] = src[k]
            for k in range(left + width, full):
                dst[k] = zero


def _input_tiles(c):
    uc = np.uint64(c)

    def loop(xpad, v, t0, nb, th, tw):
        """``V = Bt d B`` of every tile of the ``nb`` padded images into rows ``t0:`` of
        ``v`` (tiles, 16*C): position ``xi`` of a tile at columns ``xi*C:(xi+1)*C``."""
        hp, wpc = xpad.shape[1], xpad.shape[2]
        row = np.uint64(wpc)
        for b in range(nb):
            img = xpad[b].reshape(hp * wpc)
            for ty in range(th):
                for tx in range(tw):
                    dst = v[t0 + (b * th + ty) * tw + tx]
                    base = np.uint64(2 * ty) * row + np.uint64(2 * tx) * uc
                    s0 = img[base:]
                    s1 = img[base + row:]
                    s2 = img[base + 2 * row:]
                    s3 = img[base + 3 * row:]
                    for k in range(uc):
                        p0, p1, p2, p3 = s0[k], s0[uc + k], s0[2 * uc + k], s0[3 * uc + k]
                        q0, q1, q2, q3 = s1[k], s1[uc + k], s1[2 * uc + k], s1[3 * uc + k]
                        r0, r1, r2, r3 = s2[k], s2[uc + k], s2[2 * uc + k], s2[3 * uc + k]
                        w0, w1, w2, w3 = s3[k], s3[uc + k], s3[2 * uc + k], s3[3 * uc + k]
                        e00, e01, e02, e03 = p0 - r0, p1 - r1, p2 - r2, p3 - r3  # Bt d
                        e10, e11, e12, e13 = q0 + r0, q1 + r1, q2 + r2, q3 + r3
                        e20, e21, e22, e23 = r0 - q0, r1 - q1, r2 - q2, r3 - q3
                        e30, e31, e32, e33 = q0 - w0, q1 - w1, q2 - w2, q3 - w3
                        dst[k] = e00 - e02                                       # (.) B
                        dst[uc + k] = e01 + e02
                        dst[2 * uc + k] = e02 - e01
                        dst[3 * uc + k] = e01 - e03
                        dst[4 * uc + k] = e10 - e12
                        dst[5 * uc + k] = e11 + e12
                        dst[6 * uc + k] = e12 - e11
                        dst[7 * uc + k] = e11 - e13
                        dst[8 * uc + k] = e20 - e22
                        dst[9 * uc + k] = e21 + e22
                        dst[10 * uc + k] = e22 - e21
                        dst[11 * uc + k] = e21 - e23
                        dst[12 * uc + k] = e30 - e32
                        dst[13 * uc + k] = e31 + e32
                        dst[14 * uc + k] = e32 - e31
                        dst[15 * uc + k] = e31 - e33
    return loop


def _output_tiles(o):
    uo = np.uint64(o)

    def loop(m, y, n0, n1, th, tw):
        """``Y = At M A`` of the tiles of images ``n0:n1`` (rows of ``m`` (tiles, 16*O) from
        0) into ``y`` (N, OH, OW*O); a tile's outputs past the image's edge are dropped."""
        oh, ow = y.shape[1], y.shape[2] // o
        for b in range(n0, n1):
            for ty in range(th):
                yy = 2 * ty
                d0 = y[b, yy]
                d1 = y[b, yy + 1] if yy + 1 < oh else d0  # an odd last row: written first,
                for tx in range(tw):                      # then the kept row over it
                    src = m[((b - n0) * th + ty) * tw + tx]
                    c0 = np.uint64(2 * tx) * uo
                    c1 = c0 + uo if 2 * tx + 1 < ow else c0
                    for k in range(uo):
                        r00 = src[k] + src[4 * uo + k] + src[8 * uo + k]   # At M
                        r01 = src[uo + k] + src[5 * uo + k] + src[9 * uo + k]
                        r02 = src[2 * uo + k] + src[6 * uo + k] + src[10 * uo + k]
                        r03 = src[3 * uo + k] + src[7 * uo + k] + src[11 * uo + k]
                        r10 = src[4 * uo + k] - src[8 * uo + k] - src[12 * uo + k]
                        r11 = src[5 * uo + k] - src[9 * uo + k] - src[13 * uo + k]
                        r12 = src[6 * uo + k] - src[10 * uo + k] - src[14 * uo + k]
                        r13 = src[7 * uo + k] - src[11 * uo + k] - src[15 * uo + k]
                        # (.) A; where a column or row is past the edge, the kept output
                        # is the one written last
                        d1[c1 + k] = r11 - r12 - r13
                        d1[c0 + k] = r10 + r11 + r12
                        d0[c1 + k] = r01 - r02 - r03
                        d0[c0 + k] = r00 + r01 + r02
    return loop


def _grad_tiles(o):
    uo = np.uint64(o)

    def loop(dy, gd, n0, n1, th, tw):
        """``A dY At`` of each 2x2 tile of the output gradient ``dy`` (N, OH, OW*O) of
        images ``n0:n1`` into rows of ``gd`` (tiles, 16*O) from 0; zeros past the edge."""
        oh, ow = dy.shape[1], dy.shape[2] // o
        zero = np.float32(0)
        for b in range(n0, n1):
            for ty in range(th):
                yy = 2 * ty
                g0 = dy[b, yy]
                g1 = dy[b, yy + 1] if yy + 1 < oh else g0
                row1 = yy + 1 < oh
                for tx in range(tw):
                    dst = gd[((b - n0) * th + ty) * tw + tx]
                    c0 = np.uint64(2 * tx) * uo
                    col1 = 2 * tx + 1 < ow
                    c1 = c0 + uo if col1 else c0
                    for k in range(uo):
                        y00 = g0[c0 + k]
                        y01 = g0[c1 + k] if col1 else zero
                        y10 = g1[c0 + k] if row1 else zero
                        y11 = g1[c1 + k] if row1 and col1 else zero
                        u0, w0 = y00, y01                   # A dY: four rows of two
                        u1, w1 = y00 + y10, y01 + y11
                        u2, w2 = y00 - y10, y01 - y11
                        u3, w3 = -y10, -y11
                        dst[k] = u0                         # (.) At
                        dst[uo + k] = u0 + w0
                        dst[2 * uo + k] = u0 - w0
                        dst[3 * uo + k] = -w0
                        dst[4 * uo + k] = u1
                        dst[5 * uo + k] = u1 + w1
                        dst[6 * uo + k] = u1 - w1
                        dst[7 * uo + k] = -w1
                        dst[8 * uo + k] = u2
                        dst[9 * uo + k] = u2 + w2
                        dst[10 * uo + k] = u2 - w2
                        dst[11 * uo + k] = -w2
                        dst[12 * uo + k] = u3
                        dst[13 * uo + k] = u3 + w3
                        dst[14 * uo + k] = u3 - w3
                        dst[15 * uo + k] = -w3
    return loop


def _loop(kind, n=0):
    """A compiled loop: "pad", "bias_relu", "pool" (shared with ops/conv_loops.py's
    streamed loops), or one made once per channel count: "input" (per C), "output" and
    "grad" (per O)."""
    from . import conv_loops, pool_loops
    shared = {"pad": _pad_images, "bias_relu": conv_loops._bias_relu,
              "pool": pool_loops._max_pool_argmax}
    if kind in shared:
        return jit.compiled(shared[kind])
    key = (kind, n)
    if key not in _made:
        made = {"input": _input_tiles, "output": _output_tiles, "grad": _grad_tiles}[kind]
        _made[key] = jit.njit(made(n))
    return _made[key]


def _forward_loop(c, o, epilogue):
    """The compiled forward driver for C input and O output channels (built once), with
    the bias, ReLU and pooling steps when ``epilogue`` (a driver without them compiles in
    half the time: numba optimizes each driver together with the loops it calls)."""
    key = ("forward", c, o, epilogue)
    if key not in _made:
        from .. import blas
        gemm = blas.sgemm()
        row_major, no_trans = blas.ROW_MAJOR, blas.NO_TRANS
        pad, tiles, outs = _loop("pad"), _loop("input", c), _loop("output", o)

        def block(rows, u, y, xpad, v, keep, m, s, e, th, tw, pt, pl):
            count = th * tw
            t0 = s * count if keep else 0
            pad(rows, c, s, e, pt, pl, xpad)
            tiles(xpad, v, t0, e - s, th, tw)
            one, zero = np.float32(1), np.float32(0)
            for xi in range(16):
                gemm(row_major, no_trans, no_trans, (e - s) * count, o, c, one,
                     v[t0, xi * c:].ctypes.data, 16 * c, u[xi].ctypes.data, o, zero,
                     m[0, xi * o:].ctypes.data, 16 * o)
            outs(m, y, s, e, th, tw)

        if epilogue:
            bias_relu, pool = _loop("bias_relu"), _loop("pool")
            block_loop = jit.numba().njit(inline="always")(block)

            def forward(rows, u, y, xpad, v, keep, m, lo, hi, per, th, tw, pt, pl, bias,
                        relu, ph, pw, y4, pooled, first):
                unit = y.shape[1] * (y.shape[2] // o)
                y2 = y.reshape(y.shape[0] * unit, o)
                for s in range(lo, hi, per):
                    e = min(s + per, hi)
                    block_loop(rows, u, y, xpad, v, keep, m, s, e, th, tw, pt, pl)
                    if relu:
                        bias_relu(y2, bias, s * unit, e * unit)
                    if ph > 0:
                        pool(y4[s:e], ph, pw, pooled[s:e], first[s:e])
        else:
            block_loop = jit.numba().njit(inline="always")(block)

            def forward(rows, u, y, xpad, v, keep, m, lo, hi, per, th, tw, pt, pl):
                for s in range(lo, hi, per):
                    block_loop(rows, u, y, xpad, v, keep, m, s, min(s + per, hi), th, tw,
                               pt, pl)
        _made[key] = forward
    return _made[key]


def _filter_grad_loop(c, o):
    """The compiled filter-gradient driver for C input and O output channels."""
    key = ("filter_grad", c, o)
    if key not in _made:
        from .. import blas
        gemm = blas.sgemm()
        row_major, no_trans, trans = blas.ROW_MAJOR, blas.NO_TRANS, blas.TRANS
        pad, tiles, grads = _loop("pad"), _loop("input", c), _loop("grad", o)

        def filter_grad(rows, v, have, dy, acc, xpad, vb, gd, lo, hi, per, th, tw, pt, pl):
            count = th * tw
            one = np.float32(1)
            beta = np.float32(0)
            for s in range(lo, hi, per):
                e = min(s + per, hi)
                if have:  # the forward pass's transforms of these tiles
                    src, t0 = v, s * count
                else:
                    pad(rows, c, s, e, pt, pl, xpad)
                    tiles(xpad, vb, 0, e - s, th, tw)
                    src, t0 = vb, 0
                grads(dy, gd, s, e, th, tw)
                for xi in range(16):
                    gemm(row_major, trans, no_trans, c, o, (e - s) * count, one,
                         src[t0, xi * c:].ctypes.data, 16 * c, gd[0, xi * o:].ctypes.data,
                         16 * o, beta, acc[xi].ctypes.data, o)
                beta = one
            if lo >= hi:  # an empty half (a batch of one image)
                flat = acc.reshape(acc.size)
                for i in range(flat.size):
                    flat[i] = np.float32(0)
        _made[key] = filter_grad
    return _made[key]


def _call(name, fn, *args):
    """Runs a compiled driver; ``jit.Unavailable`` (and Winograd off for good) if numba
    fails on it."""
    try:
        jit.call(name, fn, *args)
    except jit.Unavailable:
        jit._broken.add("winograd")
        raise


# -- the three convolutions -------------------------------------------------------------------

class Tiles:
    """The forward pass's transformed input tiles (``v``: tiles, 16*C), left in the run's
    scratch for the filter gradient, as the direct product leaves its column matrix."""

    def __init__(self, v, geometry):
        self.v, self.geometry = v, geometry


def forward(x, f, y, bufs, parts, run, pads, bias=None, pool=None, keep=False):
    """``y`` (N, OH, OW, O) = the convolution of the NHWC float32 ``x`` with ``f`` (3, 3, C,
    O), rows then ``maximum(y + bias, 0)`` when ``bias`` is given; ``pool`` (PH, PW, y4,
    pooled, first) as in conv_loops.forward_stream. The images are shared out by
    ``run(images, n, parts)`` (``blas.one_thread_parts``). ``pads``: (top, left). Returns
    ``Tiles`` when ``keep`` (the filter gradient of the run reads them), else None.
    Raises ``jit.Unavailable`` if numba fails on the loops."""
    n, h, w, c = x.shape
    o = f.shape[3]
    oh, ow = y.shape[1], y.shape[2]
    geo = Geometry(h, w, oh, ow, pads[0], pads[1])
    u = filter_transform(f)
    rows = np.ascontiguousarray(x).reshape(n, h, w * c)
    y3 = y.reshape(n, oh, ow * o)
    v_all = bufs.get("wino_v", (n * geo.tiles, 16 * c), np.float32) if keep else None
    relu = bias is not None
    epilogue = relu or pool is not None
    extra = ()
    if epilogue:
        if pool is None:
            y4 = y.reshape(1, 1, -1, o)
            pool = (0, 0, y4, y4, _NO_TAPS)
        b = np.ascontiguousarray(bias, np.float32) if relu else u[0, 0]
        extra = (b, relu) + tuple(pool)
    loop = _forward_loop(c, o, epilogue)
    name = f"winograd_forward_{c}_{o}" + ("_epilogue" if epilogue else "")
    block = geo.per * geo.tiles

    def images(lo, hi, part):
        mine = bufs.part(part)
        xpad = mine.get("wino_xpad", (geo.per, geo.hp, geo.wp * c), np.float32)
        m = mine.get("wino_m", (block, 16 * o), np.float32)
        v = v_all if keep else mine.get("wino_vb", (block, 16 * c), np.float32)
        _call(name, loop, rows, u, y3, xpad, v, keep, m, lo, hi, geo.per, geo.th, geo.tw,
              geo.pt, geo.pl, *extra)
    run(images, n, parts)
    return Tiles(v_all, (h, w, oh, ow) + tuple(pads)) if keep else None


def input_grad(dy, f, dx, bufs, parts, run, pads):
    """``dx`` (N, H, W, C) = the input gradient of a 3x3 stride-1 convolution with ``f``
    (3, 3, C, O) whose output gradient is ``dy`` (N, OH, OW, O) and padding (top, left)
    ``pads``: the convolution of ``dy`` with ``turned(f)`` padded by ``2 - pad``."""
    forward(dy, turned(f), dx, bufs, parts, run, (2 - pads[0], 2 - pads[1]))
    return dx


_NO_TAPS = np.zeros((1, 1, 1, 1), np.int8)


def filter_grad(x, dy, out, bufs, run, pads, tiles=None):
    """``out`` (3, 3, C, O) = the filter gradient of the 3x3 stride-1 convolution of the
    NHWC float32 ``x`` whose output gradient is ``dy`` (N, OH, OW, O). The sum over the
    batch is two sums, over the first and second half of the images (each one thread,
    ``run(halves, 2, 2)``), added in that order: the same bits however many threads run.
    ``tiles``: the forward pass's ``Tiles`` of this ``x``, if kept."""
    n, h, w, c = x.shape
    o = dy.shape[3]
    oh, ow = dy.shape[1], dy.shape[2]
    geo = Geometry(h, w, oh, ow, pads[0], pads[1])
    have = tiles is not None and tiles.geometry == (h, w, oh, ow) + tuple(pads) and \
        tiles.v.shape == (n * geo.tiles, 16 * c)
    v = tiles.v if have else np.empty((1, 16 * c), np.float32)
    rows = np.ascontiguousarray(x).reshape(n, h, w * c)
    dy3 = np.ascontiguousarray(dy).reshape(n, oh, ow * o)
    loop = _filter_grad_loop(c, o)
    block = geo.per * geo.tiles
    sums = [bufs.part(p).get("wino_acc", (16, c, o), np.float32) for p in (0, 1)]
    bounds = (0, n // 2, n)

    def halves(lo, hi, part):
        for p in range(lo, hi):
            mine = bufs.part(part)
            xpad = mine.get("wino_xpad", (geo.per, geo.hp, geo.wp * c), np.float32)
            vb = mine.get("wino_vb", (block, 16 * c), np.float32)
            gd = mine.get("wino_gd", (block, 16 * o), np.float32)
            _call(f"winograd_filter_grad_{c}_{o}", loop, rows, v, have, dy3, sums[p], xpad,
                  vb, gd, bounds[p], bounds[p + 1], geo.per, geo.th, geo.tw, geo.pt,
                  geo.pl)
    # with one intra-op thread both halves run here, in order, into the same two sums
    run(halves, 2, 2 if parallel._count() > 1 else 1)
    return filter_grad_transform(sums[0] + sums[1], out)
