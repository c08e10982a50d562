"""Initializers: callables ``init(shape, dtype)`` that build a tensor of initial values.

Formulas and defaults follow TensorFlow 1 (``tf.glorot_uniform_initializer``,
``tf.initializers.he_normal``, ``tf.orthogonal_initializer``,
``tf.contrib.layers.xavier_initializer`` …). Each draws through the seeded random ops, so
``set_random_seed`` makes them reproducible.

Fans (``_fans``): a 2-D shape is (fan_in, fan_out); a convolution kernel
``(..., in_channels, out_channels)`` multiplies both by its receptive field size.
``VarianceScaling`` draws with variance ``scale / n`` (``n`` = fan_in, fan_out or their
mean): uniform in ``±sqrt(3 * scale / n)``, or a normal truncated at two standard deviations
whose stddev is corrected by ``/ 0.87962566103423978`` so the drawn values have the requested
variance.
"""

import math

import numpy as np

from . import dtypes as _dt
from .ops import random as _random
from .ops.creation import constant as _constant, zeros as _zeros, ones as _ones

__all__ = [
    "Initializer", "Zeros", "Ones", "Constant", "RandomNormal", "RandomUniform",
    "TruncatedNormal", "VarianceScaling", "GlorotUniform", "GlorotNormal",
    "zeros_initializer", "ones_initializer", "constant_initializer", "random_normal_initializer",
    "random_uniform_initializer", "truncated_normal_initializer",
    "variance_scaling_initializer", "glorot_uniform_initializer", "glorot_normal_initializer",
    "xavier_initializer", "xavier_initializer_conv2d", "contrib_variance_scaling_initializer",
    "Orthogonal", "Identity", "orthogonal_initializer", "identity_initializer", "he_normal",
    "he_uniform", "lecun_normal", "lecun_uniform", "zeros", "ones", "constant",
    "random_normal", "random_uniform", "truncated_normal", "variance_scaling", "orthogonal",
    "identity", "glorot_uniform", "glorot_normal", "global_variables", "local_variables",
    "variables", "get", "UniformUnitScaling", "uniform_unit_scaling_initializer",
    "uniform_unit_scaling",
]


def _dtype(dtype, default):
    return _dt.as_dtype(dtype if dtype is not None else default)


def _assert_float_dtype(dtype):
    dtype = _dt.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"Expected floating point type, got {dtype.name}.")
    return dtype


class Initializer:
    """Base class: ``__call__(shape, dtype=None, partition_info=None)`` → Tensor."""

    def __call__(self, shape, dtype=None, partition_info=None):
        raise NotImplementedError

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class Zeros(Initializer):
    """All zeros."""

    def __init__(self, dtype=_dt.float32):
        self.dtype = _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return _zeros(shape, _dtype(dtype, self.dtype))

    def get_config(self):
        return {"dtype": self.dtype.name}


class Ones(Zeros):
    """All ones."""

    def __call__(self, shape, dtype=None, partition_info=None):
        return _ones(shape, _dtype(dtype, self.dtype))


class Constant(Initializer):
    """A fixed ``value`` (a scalar is broadcast; a list must have the shape's size)."""

    def __init__(self, value=0, dtype=_dt.float32, verify_shape=False):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError(f"Invalid type for initial value: {type(value)} (expected Python "
                            "scalar, list or tuple of values, or numpy.ndarray).")
        self.value = value
        self.dtype = _dt.as_dtype(dtype)
        self.verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        return _constant(self.value, dtype=_dtype(dtype, self.dtype), shape=shape,
                        verify_shape=self.verify_shape if verify_shape is None else verify_shape)

    def get_config(self):
        return {"value": self.value, "dtype": self.dtype.name}


class RandomNormal(Initializer):
    """Normal values with ``mean`` and ``stddev``."""

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=_dt.float32):
        self.mean, self.stddev, self.seed = mean, stddev, seed
        self.dtype = _assert_float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return _random.random_normal(shape, self.mean, self.stddev,
                                     _dtype(dtype, self.dtype), seed=self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed,
                "dtype": self.dtype.name}


class RandomUniform(Initializer):
    """Uniform values in ``[minval, maxval)``."""

    def __init__(self, minval=0.0, maxval=None, seed=None, dtype=_dt.float32):
        self.minval, self.maxval, self.seed = minval, maxval, seed
        self.dtype = _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return _random.random_uniform(shape, self.minval, self.maxval,
                                      _dtype(dtype, self.dtype), seed=self.seed)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed,
                "dtype": self.dtype.name}


class TruncatedNormal(RandomNormal):
    """Normal values, redrawn beyond two standard deviations."""

    def __call__(self, shape, dtype=None, partition_info=None):
        return _random.truncated_normal(shape, self.mean, self.stddev,
                                        _dtype(dtype, self.dtype), seed=self.seed)


def _fans(shape):
    shape = [int(d) for d in shape]
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = 1
    for d in shape[:-2]:
        receptive *= d
    return shape[-2] * receptive, shape[-1] * receptive


# Standard deviation of a unit normal truncated to [-2, 2]; dividing by it makes the
# truncated distribution's stddev the requested one (TensorFlow's constant).
_TRUNC_STD = 0.87962566103423978


class VarianceScaling(Initializer):
    """Samples scaled to the layer's fan: stddev ``sqrt(scale / n)`` where ``n`` is fan_in,
    fan_out or their average (``mode``); ``distribution`` is ``"truncated_normal"`` (also
    spelled ``"normal"``), ``"untruncated_normal"`` or ``"uniform"``."""

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 dtype=_dt.float32):
        if scale <= 0.0:
            raise ValueError(f"`scale` must be positive float, got {scale}")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"Invalid `mode` argument: {mode!r}; expected fan_in, fan_out "
                             "or fan_avg")
        distribution = distribution.lower()
        if distribution not in ("normal", "uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError(f"Invalid `distribution` argument: {distribution!r}")
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed
        self.dtype = _assert_float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = _dtype(dtype, self.dtype)
        fan_in, fan_out = _fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[
            self.mode]
        scale = self.scale / max(1.0, n)
        if self.distribution in ("normal", "truncated_normal"):
            return _random.truncated_normal(shape, 0.0, math.sqrt(scale) / _TRUNC_STD, dtype,
                                            seed=self.seed)
        if self.distribution == "untruncated_normal":
            return _random.random_normal(shape, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return _random.random_uniform(shape, -limit, limit, dtype, seed=self.seed)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "seed": self.seed, "dtype": self.dtype.name}


class GlorotUniform(VarianceScaling):
    """Uniform in ``±sqrt(6 / (fan_in + fan_out))`` (Xavier/Glorot)."""

    def __init__(self, seed=None, dtype=_dt.float32):
        super().__init__(1.0, "fan_avg", "uniform", seed, dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    """Truncated normal with stddev ``sqrt(2 / (fan_in + fan_out))`` (Xavier/Glorot)."""

    def __init__(self, seed=None, dtype=_dt.float32):
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


class _ContribVarianceScaling(Initializer):
    """``tf.contrib.layers.variance_scaling_initializer``: its own formulas (``factor``,
    upper-case ``mode``, ``uniform`` flag; the normal case is truncated with stddev
    ``sqrt(1.3 * factor / n)``)."""

    def __init__(self, factor=2.0, mode="FAN_IN", uniform=False, seed=None,
                 dtype=_dt.float32):
        if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
            raise TypeError(f"Unknown mode {mode} [FAN_IN, FAN_OUT, FAN_AVG]")
        dtype = _dt.as_dtype(dtype)
        if not dtype.is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        self.factor, self.mode, self.uniform, self.seed, self.dtype = \
            factor, mode, uniform, seed, dtype

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = _dtype(dtype, self.dtype)
        fan_in, fan_out = _fans(shape)
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[
            self.mode]
        if self.uniform:
            limit = math.sqrt(3.0 * self.factor / n)
            return _random.random_uniform(shape, -limit, limit, dtype, seed=self.seed)
        stddev = math.sqrt(1.3 * self.factor / n)
        return _random.truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)


def xavier_initializer(uniform=True, seed=None, dtype=_dt.float32):
    """``tf.contrib.layers.xavier_initializer``: Glorot uniform (or truncated normal)."""
    return _ContribVarianceScaling(1.0, "FAN_AVG", uniform, seed, dtype)


xavier_initializer_conv2d = xavier_initializer


def contrib_variance_scaling_initializer(factor=2.0, mode="FAN_IN", uniform=False, seed=None,
                                         dtype=_dt.float32):
    """``tf.contrib.layers.variance_scaling_initializer`` (He init by default)."""
    return _ContribVarianceScaling(factor, mode, uniform, seed, dtype)


class Orthogonal(Initializer):
    """A (semi-)orthogonal matrix times ``gain``: the Q factor of a normal random matrix,
    its columns' signs fixed by ``R``'s diagonal. Shapes beyond 2-D are flattened to
    ``(prod(shape[:-1]), shape[-1])`` (so a conv kernel's output filters are orthogonal).

    Raises:
        ValueError: for a shape of fewer than 2 dimensions, or a non-floating dtype.
    """

    def __init__(self, gain=1.0, seed=None, dtype=_dt.float32):
        self.gain, self.seed = gain, seed
        self.dtype = _assert_float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        from .ops.linalg import qr
        from .ops.math import multiply, sign
        from .ops.reduce import reduce_sum
        from .ops.shape import reshape, transpose
        dtype = _dtype(dtype, self.dtype)
        shape = [int(d) for d in shape]
        if len(shape) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional")
        rows = int(np.prod(shape[:-1]))
        cols = shape[-1]
        flat = (cols, rows) if rows < cols else (rows, cols)
        a = _random.random_normal(flat, dtype=dtype, seed=self.seed)
        q, r = qr(a, full_matrices=False)
        eye = _constant(np.eye(min(flat)), dtype=dtype)
        d = reduce_sum(multiply(r, eye), 0)  # the diagonal of r
        q = multiply(q, sign(d))
        if rows < cols:
            q = transpose(q)
        return multiply(_constant(self.gain, dtype=dtype), reshape(q, shape))

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


class Identity(Initializer):
    """``gain`` times the identity matrix (rectangular shapes get ones on the diagonal).

    Raises:
        ValueError: for a shape that is not 2-D.
    """

    def __init__(self, gain=1.0, dtype=_dt.float32):
        self.gain = gain
        self.dtype = _assert_float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        shape = [int(d) for d in shape]
        if len(shape) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices.")
        dtype = _dtype(dtype, self.dtype)
        return _constant(self.gain * np.eye(*shape), dtype=dtype)

    def get_config(self):
        return {"gain": self.gain, "dtype": self.dtype.name}


class UniformUnitScaling(Initializer):
    """TF1's ``uniform_unit_scaling_initializer``: uniform in ``[-limit, limit)`` with
    ``limit = factor * sqrt(3 / input_size)``, where ``input_size`` is the product of every
    dimension but the last (1 for a vector), so that a linear layer keeps its input's scale.

    Args:
        factor: multiplies the limit (1.43 is the value often used before ReLUs).
        seed: the op seed.
        dtype: a floating dtype (the default for ``__call__``).

    Raises:
        ValueError: ``dtype`` is not floating point.

    Example:
        >>> w = tf.get_variable("w", [256, 10],
        ...                     initializer=tf.uniform_unit_scaling_initializer(factor=1.43))
    """

    def __init__(self, factor=1.0, seed=None, dtype=_dt.float32):
        self.factor, self.seed = factor, seed
        self.dtype = _checked_float(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = _checked_float(_dtype(dtype, self.dtype))
        dims = [int(d) for d in (shape.as_list() if hasattr(shape, "as_list") else shape)]
        input_size = 1.0
        for d in dims[:-1]:
            input_size *= d
        limit = math.sqrt(3.0 / input_size) * self.factor
        return _random.random_uniform(dims, -limit, limit, dtype, seed=self.seed)

    def get_config(self):
        return {"factor": self.factor, "seed": self.seed, "dtype": self.dtype.name}


def _checked_float(dtype):
    dtype = _dt.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"Argument `dtype` is expected to be floating point. "
                         f"Received: <dtype: '{dtype.name}'>.")
    return dtype


def he_normal(seed=None):
    """He normal: truncated normal with stddev ``sqrt(2 / fan_in)`` (``VarianceScaling(2.0,
    "fan_in", "truncated_normal")``)."""
    return VarianceScaling(2.0, "fan_in", "truncated_normal", seed)


def he_uniform(seed=None):
    """He uniform: uniform in ``±sqrt(6 / fan_in)``."""
    return VarianceScaling(2.0, "fan_in", "uniform", seed)


def lecun_normal(seed=None):
    """LeCun normal: truncated normal with stddev ``sqrt(1 / fan_in)``."""
    return VarianceScaling(1.0, "fan_in", "truncated_normal", seed)


def lecun_uniform(seed=None):
    """LeCun uniform: uniform in ``±sqrt(3 / fan_in)``."""
    return VarianceScaling(1.0, "fan_in", "uniform", seed)


def global_variables():
    """``tf.initializers.global_variables()``: the op initializing every global variable."""
    from .variables import global_variables_initializer
    return global_variables_initializer()


def local_variables():
    """``tf.initializers.local_variables()``: the op initializing every local variable."""
    from .variables import local_variables_initializer
    return local_variables_initializer()


def variables(var_list, name="init"):
    """``tf.initializers.variables(var_list)``: the op initializing ``var_list``."""
    from .variables import variables_initializer
    return variables_initializer(var_list, name=name)


zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_normal_initializer = RandomNormal
random_uniform_initializer = RandomUniform
truncated_normal_initializer = TruncatedNormal
variance_scaling_initializer = VarianceScaling
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
orthogonal_initializer = Orthogonal
identity_initializer = Identity
uniform_unit_scaling_initializer = UniformUnitScaling
# The TF1 ``tf.initializers.*`` names.
zeros = Zeros
ones = Ones
constant = Constant
random_normal = RandomNormal
random_uniform = RandomUniform
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling
orthogonal = Orthogonal
identity = Identity
uniform_unit_scaling = UniformUnitScaling
glorot_uniform = GlorotUniform
glorot_normal = GlorotNormal

_BY_NAME = {
    "zeros": Zeros, "ones": Ones, "constant": Constant, "random_normal": RandomNormal,
    "random_uniform": RandomUniform, "truncated_normal": TruncatedNormal,
    "variance_scaling": VarianceScaling, "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal, "orthogonal": Orthogonal, "identity": Identity,
    "he_normal": he_normal, "he_uniform": he_uniform, "lecun_normal": lecun_normal,
    "lecun_uniform": lecun_uniform,
}


def get(identifier):
    """An initializer from a name (``"glorot_uniform"``), an instance or a callable."""
    if identifier is None or callable(identifier):
        return identifier
    if isinstance(identifier, str):
        try:
            return _BY_NAME[identifier]()
        except KeyError:
            raise ValueError(f"Unknown initializer: {identifier!r}; known: "
                             f"{sorted(_BY_NAME)}") from None
    raise ValueError(f"Could not interpret initializer identifier: {identifier!r}")
