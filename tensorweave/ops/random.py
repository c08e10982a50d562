"""Seeded random ops: ``random_normal``, ``random_uniform``, ``truncated_normal``.

Seeds follow TensorFlow's rules: with a graph-level seed (``set_random_seed``) every op gets
a deterministic stream (its op seed defaults to an id given at creation); with neither seed
the stream is fresh each session. Each random op keeps its stream in the session, so
repeated runs draw new numbers and a new session repeats the sequence.
"""

import numpy as np

from .. import dtypes as _dt
from .. import context as _context
from .. import eager as _eager
from .. import graph as _g
from .creation import convert_to_tensor, _shape_arg
from .math import add, multiply
from .registry import Op, Spec, dtype_error, register

__all__ = ["random_normal", "random_uniform", "truncated_normal", "set_random_seed",
           "get_seed", "random_shuffle", "categorical", "multinomial"]

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2**31 - 1


def set_random_seed(seed):
    """Sets the graph-level seed of the default graph: random ops become reproducible.
    Executing eagerly, it is the global seed of eager random ops and of the graphs
    ``tw.function`` traces (``tf.random.set_seed``): their sequence starts again."""
    seed = None if seed is None else int(seed)
    if _context.executing_eagerly():
        _eager.eager_context.set_seed(seed)
    _g.get_default_graph().seed = seed


def get_seed(op_seed):
    """The (graph seed, op seed) pair for a new random op, by TensorFlow's rules."""
    eager = _context.executing_eagerly()
    graph_seed = _eager.eager_context.seed if eager else _g.get_default_graph().seed
    if graph_seed is not None:
        if op_seed is None:
            # eager: the n-th random op since the seed was set (a stream of its own)
            op_seed = _eager.eager_context.next_op_id() + _eager.FRESH_STREAM if eager \
                else _g.get_default_graph()._last_id
        seeds = (graph_seed, int(op_seed))
    elif op_seed is not None:
        seeds = (DEFAULT_GRAPH_SEED, int(op_seed))
    else:
        seeds = (None, None)
    if seeds == (0, 0):
        return 0, _MAXINT32
    return seeds


class _Random(Op):
    host_inputs = (0,)  # read as numbers: kept on the host (compiler/placement.py)
    stateful = True
    differentiable = False
    fresh_output = True

    def __init__(self, dtype, seed, seed2):
        self.dtype = dtype
        self.seed = seed
        self.seed2 = seed2

    def infer(self, shp):
        from .shape import _shape_from_spec
        dims, _ = _shape_from_spec(shp)
        return Spec(dims, self.dtype)

    def make_kernel(self, ctx, node):
        rng = ctx.rng_for(node.name, self.seed, self.seed2)
        draw, dtype = self.draw, self.dtype.as_numpy_dtype
        xp = ctx.xp

        finish = self.finish

        def kernel(shp):
            return xp.asarray(finish(draw(rng, tuple(int(d) for d in shp)).astype(
                dtype, copy=False)))
        return kernel

    def finish(self, arr):
        return arr


@register
class RandomStandardNormal(_Random):
    """Samples from N(0, 1)."""

    def draw(self, rng, shape):
        return rng.standard_normal(shape)


@register
class RandomUniform(_Random):
    """Samples from U[0, 1)."""

    def draw(self, rng, shape):
        return rng.random(shape)

    def finish(self, arr):
        """[0, 1) in the output dtype too: a float64 draw just below 1 rounds to 1.0 in
        float32 (TF's kernel never returns 1)."""
        if arr.dtype.kind == "f":
            np.minimum(arr, np.nextafter(arr.dtype.type(1), arr.dtype.type(0)), out=arr)
        return arr


@register
class TruncatedNormal(_Random):
    """Samples from N(0, 1), redrawing any beyond two standard deviations."""

    def draw(self, rng, shape):
        out = rng.standard_normal(shape)
        bad = np.abs(out) > 2
        while bad.any():
            out[bad] = rng.standard_normal(int(bad.sum()))
            bad = np.abs(out) > 2
        return out


def _scaled(cls, shape, scale, shift, dtype, seed, scope, default):
    dtype = _dt.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"Invalid dtype {dtype.name} for {default}: needs a floating type")
    with _g.name_scope(scope, default) as name:
        shp = _shape_arg(shape)
        scale = convert_to_tensor(scale, dtype=dtype, name="stddev")
        shift = convert_to_tensor(shift, dtype=dtype, name="mean")
        s1, s2 = get_seed(seed)
        raw = cls(dtype, s1, s2).bind(shp, name=cls.type_name)
        return add(multiply(raw, scale), shift, name=name)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name=None):
    """Normal samples of ``shape``: ``tf.random_normal((D, H))``.

    Args:
        shape: the output shape; mean, stddev: the distribution; dtype: a floating type;
        seed: op-level seed (see ``set_random_seed``).
    """
    return _scaled(RandomStandardNormal, shape, stddev, mean, dtype, seed, name,
                   "random_normal")


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name=None):
    """Normal samples of ``shape``, none farther than two ``stddev`` from ``mean``."""
    return _scaled(TruncatedNormal, shape, stddev, mean, dtype, seed, name,
                   "truncated_normal")


def random_uniform(shape, minval=0, maxval=None, dtype=_dt.float32, seed=None, name=None):
    """Uniform samples in ``[minval, maxval)`` (``maxval`` defaults to 1 for floats)."""
    dtype = _dt.as_dtype(dtype)
    if dtype.is_integer:
        if maxval is None:
            raise ValueError("Must specify maxval for integer dtype "
                             f"{dtype.name}")
        with _g.name_scope(name, "random_uniform") as scope:
            shp = _shape_arg(shape)
            s1, s2 = get_seed(seed)
            return RandomUniformInt(dtype, s1, s2, int(minval), int(maxval)).bind(
                shp, name=scope)
    maxval = 1.0 if maxval is None else maxval
    with _g.name_scope(name, "random_uniform") as scope:
        shp = _shape_arg(shape)
        lo = convert_to_tensor(minval, dtype=dtype, name="min")
        hi = convert_to_tensor(maxval, dtype=dtype, name="max")
        s1, s2 = get_seed(seed)
        raw = RandomUniform(dtype, s1, s2).bind(shp, name="RandomUniform")
        from .math import subtract
        return add(multiply(raw, subtract(hi, lo, name="sub")), lo, name=scope)


@register
class RandomUniformInt(_Random):
    """Integers uniform in ``[minval, maxval)``."""

    def __init__(self, dtype, seed, seed2, minval, maxval):
        super().__init__(dtype, seed, seed2)
        self.minval = minval
        self.maxval = maxval

    def draw(self, rng, shape):
        return rng.integers(self.minval, self.maxval, size=shape)


@register
class RandomShuffle(Op):
    """``value`` with its first dimension randomly permuted."""

    stateful = True
    differentiable = False
    fresh_output = True

    def __init__(self, seed, seed2):
        self.seed = seed
        self.seed2 = seed2

    def infer(self, x):
        return Spec(x.shape, x.dtype)

    def make_kernel(self, ctx, node):
        rng = ctx.rng_for(node.name, self.seed, self.seed2)
        xp = ctx.xp

        def kernel(x):
            if x.ndim == 0:
                return x.copy()
            return x[xp.asarray(rng.permutation(x.shape[0]))]
        return kernel


def random_shuffle(value, seed=None, name=None):
    """``value`` with its first dimension shuffled."""
    s1, s2 = get_seed(seed)
    return RandomShuffle(s1, s2).bind(convert_to_tensor(value), name=name or "RandomShuffle")


@register
class Multinomial(Op):
    """``num_samples`` class indices per row of ``logits`` (batch, classes), drawn from
    ``softmax(logits)`` (by the Gumbel-max trick: exact, and classes with ``-inf`` logits are
    never drawn)."""

    host_inputs = (0, 1)
    stateful = True
    differentiable = False
    fresh_output = True

    def __init__(self, output_dtype, seed, seed2):
        self.output_dtype = output_dtype
        self.seed = seed
        self.seed2 = seed2

    def infer(self, logits, num_samples):
        if logits.shape is not None and len(logits.shape) != 2:
            raise ValueError(f"Shape must be rank 2 but is rank {len(logits.shape)} for "
                             f"'Multinomial' (op: 'Multinomial')")
        if num_samples.shape is not None and len(num_samples.shape) != 0:
            raise ValueError(f"Shape must be rank 0 but is rank {len(num_samples.shape)} for "
                             f"'Multinomial' (op: 'Multinomial')")
        n = num_samples.value
        batch = None if logits.shape is None else logits.shape[0]
        return Spec((batch, None if n is None else int(n)), self.output_dtype)

    def make_kernel(self, ctx, node):
        rng = ctx.rng_for(node.name, self.seed, self.seed2)
        dtype = self.output_dtype.as_numpy_dtype
        xp = ctx.xp

        def kernel(logits, num_samples):
            logits = np.asarray(logits, np.float64)
            n = int(num_samples)
            if n < 0:
                raise _errors().InvalidArgumentError(
                    None, None, f"num_samples should be nonnegative, got {n}")
            batch, classes = logits.shape
            if classes == 0 and batch > 0 and n > 0:
                raise _errors().InvalidArgumentError(
                    None, None, "num_classes should be positive, got 0")
            gumbel = rng.gumbel(size=(batch, n, classes))
            out = np.argmax(logits[:, None, :] + gumbel, axis=-1) if classes else \
                np.zeros((batch, n))
            return xp.asarray(out.astype(dtype))
        return kernel


def _errors():
    from .. import errors
    return errors


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Draws ``num_samples`` class indices for each row of ``logits`` (batch, classes), with
    probabilities ``softmax(logits)``; int64 (or ``dtype``) of shape (batch, num_samples).

    Example:
        >>> s = tf.random.categorical(tf.math.log([[0.5, 0.5]]), 5)   # shape (1, 5)
    """
    with _g.name_scope(name, "categorical", [logits]):
        return _multinomial(logits, num_samples, seed, dtype)


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """TF 1's name for ``categorical`` (deprecated there, in favor of
    ``tf.random.categorical``).

    Example:
        >>> s = tf.multinomial([[0.0, 1.0, 2.0]], 3)   # int64, shape (1, 3)
    """
    with _g.name_scope(name, "multinomial", [logits]):
        return _multinomial(logits, num_samples, seed, output_dtype)


def _multinomial(logits, num_samples, seed, dtype):
    dtype = _dt.int64 if dtype is None else _dt.as_dtype(dtype)
    if dtype not in (_dt.int32, _dt.int64):
        raise dtype_error("output_dtype", dtype, "int32, int64")
    logits = convert_to_tensor(logits, name="logits")
    n = convert_to_tensor(num_samples, dtype=_dt.int32, name="num_samples")
    s1, s2 = get_seed(seed)
    return Multinomial(dtype, s1, s2).bind(logits, n, name="Multinomial")
