"""Pooling: ``max_pool`` and ``avg_pool`` with their gradients (NHWC kernels; NCHW inputs are
transposed at the edges, as in ops/conv.py, whose geometry helpers they share).

Max pooling is a running maximum over the window's taps (strided views, no window copy);
its gradient routes each window's gradient to the first (row-major) position of the
maximum, as TensorFlow does. Padding is -inf for max pooling; average pooling with SAME
padding averages only the real pixels.
"""

import numpy as np

from . import kept as _kept
from .. import jit
from . import pool_loops
from .conv import (_ConvBase, _by_images, _format, _four, _geometry, _pad_nhwc, _padded,
                   _padding, _split_images, _static_out, _tap)
from .creation import convert_to_tensor
from .registry import Op, Spec, register

__all__ = ["max_pool", "avg_pool"]


class _Pool(_ConvBase):
    def __init__(self, ksize, strides, padding, data_format="NHWC"):
        super().__init__(strides, padding, data_format, (1, 1))
        self.ksize = tuple(ksize)

    def infer(self, x, *rest):
        if x.shape is not None and len(x.shape) != 4:
            raise ValueError(f"{self.type_name}: input must be 4-dimensional, got "
                             f"{list(x.shape)}")
        n, h, w, c = self._spatial(x.shape)
        oh = _static_out(h, self.ksize[0], self.strides[0], 1, self.padding)
        ow = _static_out(w, self.ksize[1], self.strides[1], 1, self.padding)
        return Spec(self._format(n, oh, ow, c), x.dtype)


@register
class MaxPool(_Pool):
    """Maximum over each ``ksize`` window."""

    def _taps(self, xp, x, bufs=None):
        """(padded x, output size, pads) with -inf (or the integer minimum) padding."""
        kh, kw = self.ksize
        oh, ow, pads = _geometry(x.shape, kh, kw, self.strides, (1, 1), self.padding)
        fill = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
        xpad = _padded(xp, x, pads, bufs, fill)
        return xpad, oh, ow, pads

    def forward(self, xp, x, out=None, bufs=None, scratch=None):
        x = self._nhwc(xp, x)
        if bufs is not None and out is None:
            out = xp.empty(self._pooled_shape(x.shape), dtype=x.dtype)
        if self._loops(xp, x, "max_pool"):  # one compiled pass (ops/pool_loops.py)
            y = out if out is not None else xp.empty(self._pooled_shape(x.shape), x.dtype)
            kh, kw = self.ksize
            try:
                if scratch is not None and kh * kw <= 127:
                    # the gradient of this run routes by the taps found here (no 2nd read of x)
                    first = bufs.get("first", y.shape, np.int8) if bufs is not None else \
                        np.empty(y.shape, np.int8)
                    _split_images(lambda a, b: pool_loops.max_pool_argmax(
                        x[a:b], kh, kw, y[a:b], first[a:b]), xp, x.shape[0], x.nbytes)
                    scratch[("max_pool_first", id(y))] = (x, y, first)
                else:
                    _split_images(lambda a, b: pool_loops.max_pool(x[a:b], kh, kw, y[a:b]),
                                  xp, x.shape[0], x.nbytes)
                return y if bufs is not None else self._back(xp, y)
            except jit.Unavailable:  # numba failed on it (warned once): NumPy below
                pass
        y = _by_images(lambda xb, yb, b: self._max(xp, xb, yb, b), xp, x, (), out, bufs)
        return y if bufs is not None else self._back(xp, y)

    def _loops(self, xp, x, loop):
        """Whether compiled ``loop`` computes this pooling (NumPy arrays, see pool_loops)."""
        if xp is not np:
            return False
        pads = _geometry(x.shape, *self.ksize, self.strides, (1, 1), self.padding)[2]
        return pool_loops.usable(x, self.ksize, self.strides, pads, loop, cropped=True)

    def _pooled_shape(self, shape):
        kh, kw = self.ksize
        oh, ow, _ = _geometry(shape, kh, kw, self.strides, (1, 1), self.padding)
        return (shape[0], oh, ow, shape[3])

    def _max(self, xp, x, out, bufs):
        # a running maximum over the window's taps (strided views): no window copy
        xpad, oh, ow, _ = self._taps(xp, x, bufs)
        kh, kw = self.ksize
        first = _tap(xpad, 0, 0, oh, ow, self.strides, (1, 1))
        if out is None:
            y = first.copy()
        else:
            y = out
            y[...] = first
        for i in range(kh):
            for j in range(kw):
                if i or j:
                    xp.maximum(y, _tap(xpad, i, j, oh, ow, self.strides, (1, 1)), out=y)
        return y

    def make_kernel(self, ctx, node):
        forward, xp, bufs = self.forward, ctx.xp, _kept.for_kernel(ctx)
        # the forward pass leaves the winning taps for a gradient in the same run
        # (MaxPoolGrad, which shares this kernel): NHWC NumPy arrays, compiled loops
        scratch = ctx.scratch if xp is np and self.data_format == "NHWC" and \
            self._routes(node) else None

        def kernel(*arrays, out=None):
            y = forward(xp, *arrays, out=out, bufs=bufs, scratch=scratch)
            return y if out is not None else self._back(xp, y)
        kernel.accepts_out = self.data_format == "NHWC"
        return kernel

    def _routes(self, node):
        """Whether a max-pool gradient of the graph reads this pooling's output."""
        return any(c.type == "MaxPoolGrad" for t in node.outputs for c in t.consumers())

    def gradient(self, g, y, x):
        return (MaxPoolGrad(self.ksize, self.strides, self.padding, self.data_format).bind(
            x, y, g),)


class PooledInConv(MaxPool):
    """A max pooling whose values the preceding ``Conv2DBiasRelu`` step (ops/conv.py)
    computed block by block while streaming its output: made by compiler/conv_epilogue.py,
    never bound into a graph. Its kernel hands on that step's pooled array (a kept buffer,
    so the pass does not fuse a pooling whose value is fetched) and, for a gradient in the
    run, the taps it found; when the convolution did not stream it pools as ``MaxPool``."""

    fresh_output = False

    def __init__(self, pool, key):
        super().__init__(pool.ksize, pool.strides, pool.padding, pool.data_format)
        self.key = key

    def infer(self, x):  # pragma: no cover - never bound into a graph
        raise NotImplementedError

    def make_kernel(self, ctx, node):
        forward, xp, bufs, key = self.forward, ctx.xp, _kept.for_kernel(ctx), self.key
        scratch = ctx.scratch
        routes = self._routes(node)

        def kernel(x):
            found = scratch.pop(key, None)
            if found is not None and found[2] is x:  # pooled by this run's convolution
                pooled, first = found[0], found[1]
                if routes:  # as MaxPool leaves them for MaxPoolGrad
                    scratch[("max_pool_first", id(pooled))] = (x, pooled, first)
                return pooled
            return forward(xp, x, bufs=bufs, scratch=scratch if routes else None)
        return kernel


@register
class MaxPoolGrad(MaxPool):
    """Routes each window's gradient to the first (row-major) position of its maximum.

    ``relu_mask=True`` (set only by compiler/pool_relu.py, never in a graph) first zeroes the
    gradient of windows whose maximum is not positive: the ReLU gradient folded in."""

    shaped_by = ("like", 0)  # the gradient of x has x's shape

    def __init__(self, ksize, strides, padding, data_format="NHWC", relu_mask=False):
        super().__init__(ksize, strides, padding, data_format)
        if relu_mask:
            self.relu_mask = True

    def infer(self, x, y, g):
        return Spec(x.shape if x.shape is not None else (None,) * 4, x.dtype)  # 4-D always

    def _routes(self, node):
        return True  # looks up the taps its pooling found (see MaxPool.make_kernel)

    def _winners(self, xp, x, y, bufs=None):
        """Yields (tap view of padded x's gradient, mask of windows this tap wins)."""
        xpad, oh, ow, pads = self._taps(xp, x, bufs)
        if bufs is None:
            taken = xp.zeros(y.shape, dtype=bool)
            wins = xp.empty(y.shape, dtype=bool)
        else:
            taken = bufs.get("taken", y.shape, bool)
            taken.fill(False)
            wins = bufs.get("wins", y.shape, bool)
        for i in range(self.ksize[0]):
            for j in range(self.ksize[1]):
                xp.equal(_tap(xpad, i, j, oh, ow, self.strides, (1, 1)), y, out=wins)
                if i or j:
                    xp.greater(wins, taken, out=wins)  # wins and not taken
                xp.logical_or(taken, wins, out=taken)
                yield i, j, wins, xpad.shape, pads, oh, ow

    def forward(self, xp, x, y, g, out=None, bufs=None, scratch=None):
        x, y, g = self._nhwc(xp, x), self._nhwc(xp, y), self._nhwc(xp, g)
        if bufs is not None and out is None:
            out = xp.empty(x.shape, dtype=g.dtype)
        if self._loops(xp, x, "max_pool_grad") and g.dtype == x.dtype:  # (pool_loops.py)
            dx = out if out is not None else xp.empty(x.shape, dtype=g.dtype)
            yc, gc = xp.ascontiguousarray(y), xp.ascontiguousarray(g)
            kh, kw = self.ksize
            relu = getattr(self, "relu_mask", False)
            found = scratch.get(("max_pool_first", id(y))) if scratch is not None else None
            try:
                if found is not None and found[0] is x and found[1] is y and \
                        jit.works("max_pool_grad_at"):  # the taps this run's pooling found
                    first = found[2]
                    _split_images(lambda a, b: pool_loops.max_pool_grad_at(
                        first[a:b], yc[a:b], gc[a:b], kh, kw, relu, dx[a:b]), xp,
                        x.shape[0], x.nbytes)
                else:
                    _split_images(lambda a, b: pool_loops.max_pool_grad(
                        x[a:b], yc[a:b], gc[a:b], kh, kw, relu, dx[a:b]), xp, x.shape[0],
                        x.nbytes)
                pool_loops.zero_uncovered(dx, kh, kw)
                return dx if bufs is not None else self._back(xp, dx)
            except jit.Unavailable:  # numba failed on it (warned once): NumPy below
                pass
        dx = _by_images(lambda xb, yb, gb, ob, b: self._route(xp, xb, yb, gb, ob, b),
                        xp, x, (y, g), out, bufs)
        return dx if bufs is not None else self._back(xp, dx)

    def _route(self, xp, x, y, g, out, bufs):
        if getattr(self, "relu_mask", False):  # g * (y > 0), as ReluGrad computes it
            if bufs is None:
                g = xp.multiply(g, y > 0)
            else:
                mask = xp.greater(y, 0, out=bufs.get("relu", y.shape, bool))
                g = xp.multiply(g, mask, out=bufs.get("g", g.shape, g.dtype))
        dx = None
        # windows that do not overlap own each pixel alone: copy instead of accumulate
        disjoint = all(k <= s for k, s in zip(self.ksize, self.strides))
        for i, j, wins, padded, pads, oh, ow in self._winners(xp, x, y, bufs):
            if dx is None:
                # windows that tile x exactly write every pixel once: no zeroing, no crop
                tiled = disjoint and padded == x.shape and \
                    all(o * k == d for o, k, d in zip((oh, ow), self.ksize, x.shape[1:3]))
                if tiled:
                    dx = out if out is not None else xp.empty(padded, dtype=g.dtype)
                else:
                    dx = bufs.get("dx", padded, g.dtype) if bufs is not None else \
                        xp.zeros(padded, dtype=g.dtype)
                    if bufs is not None:
                        dx.fill(0)
            view = _tap(dx, i, j, oh, ow, self.strides, (1, 1))
            if disjoint:
                xp.multiply(g, wins, out=view)  # measured 4-6x faster than where/copyto
            else:
                view += g * wins
        if dx is out:
            return out
        (pt, _), (pl, _) = pads
        dx = dx[:, pt:pt + x.shape[1], pl:pl + x.shape[2], :]
        if out is not None:
            out[...] = dx
            return out
        return dx

    def gradient(self, gg, z, x, y, g):
        return None, None, MaxPoolGradGrad(self.ksize, self.strides, self.padding,
                                           self.data_format).bind(x, y, gg)


@register
class MaxPoolGradGrad(MaxPoolGrad):
    """Per window, ``gg`` at the position of the maximum (MaxPoolGrad's gradient)."""

    shaped_by = ("like", 1)  # shaped as the pooled y

    def infer(self, x, y, gg):
        return Spec(y.shape, x.dtype)

    def make_kernel(self, ctx, node):
        return Op.make_kernel(self, ctx, node)

    def forward(self, xp, x, y, gg):
        x, y, gg = self._nhwc(xp, x), self._nhwc(xp, y), self._nhwc(xp, gg)
        out = xp.zeros(y.shape, dtype=gg.dtype)
        ggpad = None
        for i, j, wins, padded, pads, oh, ow in self._winners(xp, x, y):
            if ggpad is None:
                ggpad = _pad_nhwc(xp, gg, pads)
            xp.copyto(out, _tap(ggpad, i, j, oh, ow, self.strides, (1, 1)), where=wins)
        return self._back(xp, out)

    def gradient(self, g3, z, x, y, gg):
        return None, None, MaxPoolGrad(self.ksize, self.strides, self.padding,
                                       self.data_format).bind(x, y, g3)


@register
class AvgPool(_Pool):
    """Mean over each window; with SAME padding only the real (unpadded) pixels count."""

    def _counts(self, xp, shape, dtype):
        kh, kw = self.ksize
        oh, ow, pads = _geometry(shape, kh, kw, self.strides, (1, 1), self.padding)
        ones = _pad_nhwc(xp, xp.ones((1,) + tuple(shape[1:3]) + (1,), dtype=dtype), pads)
        count = xp.zeros((1, oh, ow, 1), dtype=dtype)
        for i in range(kh):
            for j in range(kw):
                count += _tap(ones, i, j, oh, ow, self.strides, (1, 1))
        return count

    def forward(self, xp, x):
        x = self._nhwc(xp, x)
        kh, kw = self.ksize
        oh, ow, pads = _geometry(x.shape, kh, kw, self.strides, (1, 1), self.padding)
        xpad = _pad_nhwc(xp, x, pads)
        total = xp.zeros((x.shape[0], oh, ow, x.shape[3]), dtype=x.dtype)
        for i in range(kh):
            for j in range(kw):
                total += _tap(xpad, i, j, oh, ow, self.strides, (1, 1))
        total /= self._counts(xp, x.shape, x.dtype)
        return self._back(xp, total)

    def gradient(self, g, y, x):
        from .shape import shape
        return (AvgPoolGrad(self.ksize, self.strides, self.padding, self.data_format).bind(
            shape(x), g),)


@register
class AvgPoolGrad(AvgPool):
    """Spreads each window's gradient evenly over its real pixels."""

    host_inputs = (0,)  # read as numbers: kept on the host (compiler/placement.py)
    shaped_by = ("value", 0)

    def infer(self, sizes, g):
        dims = tuple(int(d) for d in np.ravel(sizes.value)) if sizes.value is not None \
            else (None,) * 4
        return Spec(dims, g.dtype)

    def forward(self, xp, sizes, g):
        x_shape = self._spatial(tuple(int(d) for d in sizes))
        g = self._nhwc(xp, g)
        kh, kw = self.ksize
        oh, ow, ((pt, pb), (pl, pr)) = _geometry(x_shape, kh, kw, self.strides, (1, 1),
                                                 self.padding)
        share = g / self._counts(xp, x_shape, g.dtype)
        dx = xp.zeros((x_shape[0], x_shape[1] + pt + pb, x_shape[2] + pl + pr, x_shape[3]),
                      dtype=g.dtype)
        for i in range(kh):
            for j in range(kw):
                _tap(dx, i, j, oh, ow, self.strides, (1, 1))[...] += share
        return self._back(xp, dx[:, pt:pt + x_shape[1], pl:pl + x_shape[2], :])

    def gradient(self, gg, y, sizes, g):
        return None, AvgPool(self.ksize, self.strides, self.padding,
                             self.data_format).bind(gg)


def _pool(cls, value, ksize, strides, padding, data_format, name, default):
    data_format = _format(data_format)
    return cls(_four(ksize, data_format, "ksize"), _four(strides, data_format, "strides"),
               _padding(padding), data_format).bind(convert_to_tensor(value),
                                                    name=name or default)


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    """Max pooling: ``tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")``."""
    value = input if value is None else value
    return _pool(MaxPool, value, ksize, strides, padding, data_format, name, "MaxPool")


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    """Average pooling; with SAME padding, windows average only real pixels (as TF)."""
    value = input if value is None else value
    return _pool(AvgPool, value, ksize, strides, padding, data_format, name, "AvgPool")

