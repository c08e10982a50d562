"""``keras.initializers``: Keras 3's initializers (names, defaults and formulas), drawing
through tensorweave's seeded random ops.

Defaults differ from TF1's ``tf.*_initializer``: ``RandomNormal(mean=0.0, stddev=0.05)``,
``RandomUniform(minval=-0.05, maxval=0.05)``, ``TruncatedNormal(stddev=0.05)``. With
``seed=None`` each call draws new values; ``keras.utils.set_random_seed`` (or
tensorweave's ``set_random_seed``) makes the sequence reproducible.

Example:
    >>> init = keras.initializers.get("glorot_uniform")
    >>> layer = keras.layers.Dense(3, kernel_initializer=keras.initializers.HeNormal(seed=1))
"""

import functools
import math

import numpy as np

from ..context import executing_eagerly
from ..ops import random as _random
from ..ops.creation import constant as _constant, zeros as _zeros, ones as _ones
from . import _serialization
from .backend import next_op_seed, standardize_dtype

__all__ = ["Initializer", "Zeros", "Ones", "Constant", "RandomNormal", "RandomUniform",
           "TruncatedNormal", "VarianceScaling", "GlorotUniform", "GlorotNormal", "HeNormal",
           "HeUniform", "LecunNormal", "LecunUniform", "Orthogonal", "Identity", "get",
           "serialize", "deserialize"]


class Initializer:
    """Base class: ``__call__(shape, dtype=None)`` → a graph tensor of initial values."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def clone(self):
        return self.__class__.from_config(self.get_config())


class Zeros(Initializer):
    """All zeros."""

    def __call__(self, shape, dtype=None):
        return _zeros(shape, standardize_dtype(dtype))


class Ones(Initializer):
    """All ones."""

    def __call__(self, shape, dtype=None):
        return _ones(shape, standardize_dtype(dtype))


class Constant(Initializer):
    """A scalar ``value`` everywhere."""

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        dtype = standardize_dtype(dtype)
        value = np.broadcast_to(np.asarray(self.value, dtype=dtype), tuple(shape))
        return _constant(np.array(value), dtype=dtype)

    def get_config(self):
        value = self.value
        if isinstance(value, np.ndarray):
            value = value.tolist()
        return {"value": value}


class _Seeded(Initializer):
    def __init__(self, seed=None):
        self.seed = seed

    def _op_seed(self):
        return next_op_seed(self.seed)

    def __init_subclass__(cls, **kwargs):
        # Keras 3: a seeded initializer gives the same values at every call (executing
        # eagerly, each call's draw starts its seed's stream afresh; a graph's random op
        # with that seed repeats its values anyway)
        super().__init_subclass__(**kwargs)
        call = cls.__dict__.get("__call__")
        if call is None:
            return

        @functools.wraps(call)
        def seeded_call(self, shape, dtype=None, **kw):
            if self.seed is None or not executing_eagerly():
                return call(self, shape, dtype, **kw)
            from ..eager import eager_context
            with eager_context.fresh_streams():
                return call(self, shape, dtype, **kw)
        cls.__call__ = seeded_call


class RandomNormal(_Seeded):
    """Normal values with ``mean`` and ``stddev`` (default 0.05)."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def __call__(self, shape, dtype=None):
        return _random.random_normal(shape, self.mean, self.stddev,
                                     standardize_dtype(dtype), seed=self._op_seed())

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class RandomUniform(_Seeded):
    """Uniform values in ``[minval, maxval)`` (default ±0.05)."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def __call__(self, shape, dtype=None):
        return _random.random_uniform(shape, self.minval, self.maxval,
                                      standardize_dtype(dtype), seed=self._op_seed())

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


class TruncatedNormal(RandomNormal):
    """Normal values redrawn beyond two standard deviations (``stddev`` default 0.05)."""

    def __call__(self, shape, dtype=None):
        return _random.truncated_normal(shape, self.mean, self.stddev,
                                        standardize_dtype(dtype), seed=self._op_seed())


def compute_fans(shape, input_axes=None, output_axes=None):
    """(fan_in, fan_out) of a weight shape: dense (in, out), conv (…, in, out); with both
    ``input_axes`` and ``output_axes`` given, the products of the sizes of those axes."""
    shape = tuple(int(d) for d in shape)
    if input_axes is not None and output_axes is not None:
        return (math.prod(shape[a] for a in input_axes),
                math.prod(shape[a] for a in output_axes))
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


# stddev of a standard normal truncated to [-2, 2]
_TRUNC_STD = 0.87962566103423978


class VarianceScaling(_Seeded):
    """Values with variance ``scale / n`` where ``n`` is fan_in, fan_out or their mean.

    Args:
        scale: positive float. mode: ``"fan_in"``, ``"fan_out"`` or ``"fan_avg"``.
        distribution: ``"truncated_normal"``, ``"untruncated_normal"`` or ``"uniform"``.
        seed: int or None.
        input_axes, output_axes: optional lists of the axes whose sizes make fan_in and
            fan_out (both needed; default: the usual dense/convolution kernel layout).
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        super().__init__(seed)
        self.input_axes, self.output_axes = input_axes, output_axes
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: "
                             f"scale={scale}")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"Invalid `mode` argument: {mode!r}")
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError(f"Invalid `distribution` argument: {distribution!r}")
        self.scale, self.mode, self.distribution = scale, mode, distribution

    def __call__(self, shape, dtype=None):
        dtype = standardize_dtype(dtype)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[
            self.mode]
        scale = self.scale / max(1.0, n)
        seed = self._op_seed()
        if self.distribution == "truncated_normal":
            return _random.truncated_normal(shape, 0.0, math.sqrt(scale) / _TRUNC_STD, dtype,
                                            seed=seed)
        if self.distribution == "untruncated_normal":
            return _random.random_normal(shape, 0.0, math.sqrt(scale), dtype, seed=seed)
        limit = math.sqrt(3.0 * scale)
        return _random.random_uniform(shape, -limit, limit, dtype, seed=seed)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed, "input_axes": self.input_axes,
                "output_axes": self.output_axes}


def _fixed(name, scale, mode, distribution, doc):
    def __init__(self, seed=None, input_axes=None, output_axes=None):
        VarianceScaling.__init__(self, scale, mode, distribution, seed, input_axes, output_axes)

    def get_config(self):
        return {"seed": self.seed, "input_axes": self.input_axes,
                "output_axes": self.output_axes}

    def from_config(cls, config):
        return cls(**{k: v for k, v in config.items()
                      if k in ("seed", "input_axes", "output_axes")})

    return type(name, (VarianceScaling,), {"__init__": __init__, "get_config": get_config,
                                           "from_config": classmethod(from_config),
                                           "__doc__": doc})


GlorotUniform = _fixed("GlorotUniform", 1.0, "fan_avg", "uniform",
                       "Uniform in ``±sqrt(6 / (fan_in + fan_out))`` (Glorot & Bengio).")
GlorotNormal = _fixed("GlorotNormal", 1.0, "fan_avg", "truncated_normal",
                      "Truncated normal, stddev ``sqrt(2 / (fan_in + fan_out))``.")
HeNormal = _fixed("HeNormal", 2.0, "fan_in", "truncated_normal",
                  "Truncated normal, stddev ``sqrt(2 / fan_in)`` (He et al.).")
HeUniform = _fixed("HeUniform", 2.0, "fan_in", "uniform",
                   "Uniform in ``±sqrt(6 / fan_in)``.")
LecunNormal = _fixed("LecunNormal", 1.0, "fan_in", "truncated_normal",
                     "Truncated normal, stddev ``sqrt(1 / fan_in)``.")
LecunUniform = _fixed("LecunUniform", 1.0, "fan_in", "uniform",
                      "Uniform in ``±sqrt(3 / fan_in)``.")
for _cls in (GlorotUniform, GlorotNormal, HeNormal, HeUniform, LecunNormal, LecunUniform):
    _cls.__module__ = __name__


class Orthogonal(_Seeded):
    """A (semi-)orthogonal matrix times ``gain``, from the QR decomposition of normal values
    drawn with NumPy (seeded by ``seed``)."""

    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = tuple(int(d) for d in shape)
        rows = math.prod(shape[:-1]) if len(shape) > 1 else 1
        cols = shape[-1]
        seed = self._op_seed()
        rng = np.random.default_rng(seed)
        a = rng.standard_normal((max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(a)
        q *= np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return _constant((self.gain * q[:rows, :cols]).reshape(shape),
                        dtype=standardize_dtype(dtype))

    def get_config(self):
        return {"seed": self.seed, "gain": self.gain}  # Keras's key order


class Identity(Initializer):
    """``gain`` times the identity matrix (2-D shapes only)."""

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        if len(shape) != 2:
            raise ValueError(f"Identity matrix initializer can only be used for 2D matrices. "
                             f"Received: shape={shape}")
        return _constant(self.gain * np.eye(*[int(d) for d in shape]),
                        dtype=standardize_dtype(dtype))

    def get_config(self):
        return {"gain": self.gain}


_CLASSES = {c.__name__: c for c in (
    Zeros, Ones, Constant, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling,
    GlorotUniform, GlorotNormal, HeNormal, HeUniform, LecunNormal, LecunUniform, Orthogonal,
    Identity)}
_BY_NAME = dict(_CLASSES)
_BY_NAME.update({
    "zeros": Zeros, "ones": Ones, "constant": Constant, "random_normal": RandomNormal,
    "random_uniform": RandomUniform, "truncated_normal": TruncatedNormal,
    "variance_scaling": VarianceScaling, "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal, "he_normal": HeNormal, "he_uniform": HeUniform,
    "lecun_normal": LecunNormal, "lecun_uniform": LecunUniform, "orthogonal": Orthogonal,
    "identity": Identity, "uniform": RandomUniform, "normal": RandomNormal, "zero": Zeros,
    "one": Ones,
})

# lower-case aliases are functions in Keras 3's namespace; here they are the classes
zeros = Zeros
ones = Ones
constant = Constant
glorot_uniform = GlorotUniform
glorot_normal = GlorotNormal
he_normal = HeNormal
he_uniform = HeUniform
lecun_normal = LecunNormal
lecun_uniform = LecunUniform
random_normal = RandomNormal
random_uniform = RandomUniform
truncated_normal = TruncatedNormal
orthogonal = Orthogonal


def serialize(initializer):
    return _serialization.serialize(initializer, "keras.initializers")


def deserialize(config, custom_objects=None):
    return _serialization.deserialize(config, _BY_NAME, "initializer", custom_objects)


def get(identifier):
    """An initializer from a name (``"glorot_uniform"``), a config dict, an instance or a
    callable ``f(shape, dtype)``; None stays None.

    Raises:
        ValueError: for an unknown name.
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if isinstance(identifier, type):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier!r}")
