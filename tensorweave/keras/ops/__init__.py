"""``keras.ops``: Keras 3's backend-neutral tensor functions on tensorweave graph tensors.

NumPy-style math (``add``, ``mean``, ``matmul``, ``where`` …), array ops (``reshape``,
``concatenate``, ``take``, ``pad``, ``arange`` …), neural-network ops (``relu``, ``softmax``,
``logsumexp``, the cross-entropies, ``moments``) and ``convert_to_numpy``. Each returns a
symbolic tensor in the default graph (built from tensorweave ops, so gradients come for
free); ``convert_to_numpy`` evaluates one.

Names, signatures, defaults and result dtypes follow Keras 3, including its type promotion:
Python scalars are "weak" (``add(int32_tensor, 1)`` stays int32, ``add(int32_tensor, 1.5)``
is float32), ``int32`` with ``float32`` gives ``float32``, ``mean``/``divide``/``sqrt`` of
integers give ``floatx()``, ``argmax`` gives ``int32``, ``sum`` of bools gives ``int32``.

Example:
    >>> from tensorweave import keras
    >>> loss = lambda y, p: keras.ops.mean(keras.ops.square(y - p), axis=-1)
    >>> keras.ops.convert_to_numpy(keras.ops.mean([1, 2, 3, 4]))
    2.5
"""

__all__ = [
    # numpy-style math
    "add", "subtract", "multiply", "divide", "true_divide", "power", "negative", "abs",
    "absolute", "square", "sqrt", "exp", "log", "log1p", "expm1", "sign", "floor", "ceil",
    "round", "clip", "maximum", "minimum", "mean", "sum", "max", "min", "prod", "std", "var",
    "argmax", "argmin", "cumsum", "any", "all", "matmul", "dot", "tensordot", "einsum",
    "where", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "logical_and", "logical_or", "logical_not", "isnan", "isinf", "isfinite",
    # shapes and arrays
    "reshape", "transpose", "expand_dims", "squeeze", "concatenate", "stack", "split", "tile",
    "repeat", "flip", "take", "take_along_axis", "slice", "pad", "broadcast_to", "shape",
    "ndim", "size", "cast", "convert_to_tensor", "convert_to_numpy", "stop_gradient", "zeros",
    "ones", "zeros_like", "ones_like", "full", "full_like", "eye", "arange", "linspace",
    "one_hot", "is_tensor", "dtype",
    # nn
    "relu", "relu6", "sigmoid", "tanh", "softmax", "log_softmax", "softplus", "softsign",
    "elu", "selu", "gelu", "silu", "swish", "leaky_relu", "hard_sigmoid", "logsumexp",
    "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
    "moments",
]

from ._core import _result_type  # noqa: F401 - tests check Keras's promotion table
from ._math import (  # noqa: F401 - the namespace
    add, subtract, multiply, divide, true_divide, power, negative, abs, absolute, square, sqrt,
    exp, log, log1p, expm1, sign, floor, ceil, round, clip, maximum, minimum, mean, sum,
    max, min, prod, std, var, argmax, argmin, cumsum, any, all, matmul, dot, tensordot,
    einsum, where, equal, not_equal, less, less_equal, greater, greater_equal, logical_and,
    logical_or, logical_not, isnan, isinf, isfinite)
from ._array import (  # noqa: F401 - the namespace
    reshape, transpose, expand_dims, squeeze, concatenate, stack, split, tile, repeat, flip,
    take, take_along_axis, slice, pad, broadcast_to, shape, ndim, size, cast,
    convert_to_tensor, convert_to_numpy, stop_gradient, zeros, ones, zeros_like, ones_like,
    full, full_like, eye, arange, linspace, one_hot, is_tensor, dtype)
from ._nn import (  # noqa: F401 - the namespace
    relu, relu6, sigmoid, tanh, softmax, log_softmax, softplus, softsign, elu, selu, gelu, silu,
    swish, leaky_relu, hard_sigmoid, logsumexp, categorical_crossentropy,
    sparse_categorical_crossentropy, binary_crossentropy, moments)
