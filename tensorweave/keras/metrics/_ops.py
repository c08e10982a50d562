"""The array operations metric statistics are written against, twice: on NumPy arrays
(``update_state``) and as tensorweave graph ops (``graph_update``)."""

import numpy as np

EPSILON = 1e-7  # keras.backend.epsilon()
NEG_INF = -1e10


class _NumpyOps:
    """The array operations metric statistics need, on NumPy arrays (float32 like Keras)."""

    float32 = np.float32

    @staticmethod
    def convert(x, dtype=None):
        x = np.asarray(x.numpy() if hasattr(x, "numpy") else x)
        return x.astype(dtype) if dtype is not None else x

    @staticmethod
    def cast(x, dtype):
        return np.asarray(x).astype(dtype)

    @staticmethod
    def ndim(x):
        return np.ndim(x)

    @staticmethod
    def dim(x, axis):
        return np.shape(x)[axis]

    squeeze = staticmethod(np.squeeze)
    expand_dims = staticmethod(np.expand_dims)
    reshape = staticmethod(np.reshape)
    equal = staticmethod(np.equal)
    greater = staticmethod(np.greater)
    logical_and = staticmethod(np.logical_and)
    logical_not = staticmethod(np.logical_not)
    ones_like = staticmethod(np.ones_like)
    square = staticmethod(np.square)
    abs = staticmethod(np.abs)
    ceil = staticmethod(np.ceil)
    maximum = staticmethod(np.maximum)
    transpose = staticmethod(np.transpose)

    @staticmethod
    def argmax(x, axis=-1):
        return np.argmax(x, axis=axis)

    @staticmethod
    def sum(x, axis=None, keepdims=False):
        return np.sum(x, axis=None if axis is None else tuple(np.atleast_1d(axis)),
                      keepdims=keepdims)

    @staticmethod
    def mean(x, axis=None):
        return np.mean(x, axis=None if axis is None else tuple(np.atleast_1d(axis)))

    @staticmethod
    def clip(x, low, high):
        return np.clip(x, low, high)

    @staticmethod
    def sigmoid(x):
        return (1.0 / (1.0 + np.exp(-x))).astype(np.asarray(x).dtype)

    @staticmethod
    def one_hot(indices, depth):
        indices = np.asarray(indices, dtype=np.int64)
        out = (indices[..., None] == np.arange(depth)).astype(np.float32)
        return out

    @staticmethod
    def constant(value, dtype=np.float32):
        return np.asarray(value, dtype=dtype)

    @staticmethod
    def segment_sum(data, ids, num_segments):
        """Sums ``data`` into ``num_segments`` buckets: shape ``(T,)``, or ``(T, L)`` for 2-D
        data (per column); ids outside ``[0, num_segments)`` are dropped, as TF and JAX do."""
        data = np.asarray(data, dtype=np.float32)
        ids = np.asarray(ids, dtype=np.int64)
        if data.ndim == 1:
            keep = (ids >= 0) & (ids < num_segments)
            return np.bincount(ids[keep], weights=data[keep],
                               minlength=num_segments).astype(np.float32)
        return np.stack([_NumpyOps.segment_sum(data[:, j], ids[:, j], num_segments)
                         for j in range(data.shape[1])], axis=1)

    @staticmethod
    def reverse_cumsum(x, axis=0):
        return np.flip(np.cumsum(np.flip(x, axis), axis=axis, dtype=np.float32), axis)


class _GraphOps:
    """The same operations, building tensorweave graph ops (lazily imported)."""

    float32 = np.float32

    def __init__(self):
        import tensorweave as tw
        self.tw = tw

    def convert(self, x, dtype=None):
        x = self.tw.convert_to_tensor(x)
        return self.cast(x, dtype) if dtype is not None else x

    def cast(self, x, dtype):
        return self.tw.cast(x, self.tw.as_dtype(np.dtype(dtype)))

    @staticmethod
    def ndim(x):
        ndims = x.shape.ndims
        if ndims is None:
            raise ValueError(f"Metrics need tensors of known rank; received {x} of unknown "
                             "rank. Give the placeholder a shape.")
        return ndims

    @staticmethod
    def dim(x, axis):
        return x.shape.as_list()[axis]

    def squeeze(self, x, axis):
        return self.tw.squeeze(x, [axis])

    def expand_dims(self, x, axis):
        return self.tw.expand_dims(x, axis)

    def reshape(self, x, shape):
        return self.tw.reshape(x, shape)

    def equal(self, a, b):
        return self.tw.equal(a, b)

    def greater(self, a, b):
        return self.tw.greater(a, b)

    def logical_and(self, a, b):
        return self.tw.logical_and(a, b)

    def logical_not(self, a):
        return self.tw.logical_not(a)

    def ones_like(self, x):
        return self.tw.ones_like(x)

    def square(self, x):
        return self.tw.square(x)

    def abs(self, x):
        return self.tw.abs(x)

    def ceil(self, x):
        return self.tw.ceil(x)

    def maximum(self, a, b):
        return self.tw.maximum(a, b)

    def transpose(self, x):
        return self.tw.transpose(x)

    def argmax(self, x, axis=-1):
        return self.tw.argmax(x, axis)

    def sum(self, x, axis=None, keepdims=False):
        if axis is not None:
            axis = [int(a) for a in np.atleast_1d(axis)]
        return self.tw.reduce_sum(x, axis=axis, keepdims=keepdims)

    def mean(self, x, axis=None):
        if axis is not None:
            axis = [int(a) for a in np.atleast_1d(axis)]
        return self.tw.reduce_mean(x, axis=axis)

    def clip(self, x, low, high):
        return self.tw.clip_by_value(x, low, high)

    def sigmoid(self, x):
        return self.tw.sigmoid(x)

    def one_hot(self, indices, depth):
        return self.tw.one_hot(self.tw.cast(indices, self.tw.int64), depth)

    def constant(self, value, dtype=np.float32):
        return self.tw.constant(np.asarray(value, dtype=dtype))

    def segment_sum(self, data, ids, num_segments):
        # one_hot maps ids outside [0, num_segments) to zero rows, dropping them.
        hot = self.one_hot(ids, num_segments)                      # (N, T) or (N, L, T)
        summed = self.tw.reduce_sum(self.tw.expand_dims(data, -1) * hot, axis=[0])
        return summed if data.shape.ndims == 1 else self.tw.transpose(summed)  # (T, L)

    def reverse_cumsum(self, x, axis=0):
        return self.tw.cumsum(x, axis=axis, reverse=True)


_NP = _NumpyOps()


def _rank_align(ops, x1, x2, expand_rank_1=True):
    """Keras's squeeze_or_expand_to_same_rank: fixes ranks that differ by a trailing 1."""
    r1, r2 = ops.ndim(x1), ops.ndim(x2)
    if r1 == r2 + 1 and ops.dim(x1, -1) == 1:
        if r2 == 1 and expand_rank_1:
            x2 = ops.expand_dims(x2, -1)
        else:
            x1 = ops.squeeze(x1, -1)
    elif r2 == r1 + 1 and ops.dim(x2, -1) == 1:
        if r1 == 1 and expand_rank_1:
            x1 = ops.expand_dims(x1, -1)
        else:
            x2 = ops.squeeze(x2, -1)
    return x1, x2


def _static_shape(ops, x):
    return [ops.dim(x, i) for i in range(ops.ndim(x))]


def _divide_no_nan(a, b):
    a = np.asarray(a, dtype=np.float32)
    b = np.asarray(b, dtype=np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(b == 0, np.float32(0), a / np.where(b == 0, np.float32(1), b))
    return out.astype(np.float32)
