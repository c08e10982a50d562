"""TF 2's argument orders for the functions whose signatures changed from TF 1.

``tensorweave`` (the TF 2 namespace) exports these; ``tensorweave.compat.v1`` keeps TF 1's.
Positional arguments are where TF 2 code puts them: ``tf.nn.dropout(x, 0.2)`` drops 20%
(TF 1's second argument was ``keep_prob``), ``tf.shape(x, tf.int64)`` is an int64 shape,
``tf.math.in_top_k(targets, predictions, k)`` takes the targets first. Each adapter calls
the one implementation with keywords.

Example:
    >>> tw.nn.dropout(tw.ones([4]), 0.5, seed=1).shape
    TensorShape([4])
"""

import types

import numpy as np

from . import dtypes as _dt
from . import nn as _nn_v1
from .ops import math as _math
from .ops import reduce as _reduce
from .ops import shape as _shape
from .ops.topk import TopKV2Result

__all__ = ["shape", "size", "argmax", "argmin", "pad", "gather", "while_loop", "ensure_shape",
           "nn_namespace",
           "math_namespace"]


def shape(input, out_type=_dt.int32, name=None):  # noqa: A002 - TF's name
    """The shape of ``input`` as a tensor of ``out_type``."""
    return _shape.shape(input, name=name, out_type=out_type)


def size(input, out_type=_dt.int32, name=None):  # noqa: A002
    """The number of elements of ``input``."""
    return _shape.size(input, name=name, out_type=out_type)


def argmax(input, axis=None, output_type=_dt.int64, name=None):  # noqa: A002
    """The index of the largest value along ``axis`` (default 0)."""
    return _reduce.argmax(input, axis=axis, name=name, output_type=output_type)


def argmin(input, axis=None, output_type=_dt.int64, name=None):  # noqa: A002
    """The index of the smallest value along ``axis`` (default 0)."""
    return _reduce.argmin(input, axis=axis, name=name, output_type=output_type)


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """``tensor`` padded by ``paddings`` (``[[before, after], ...]`` per dimension)."""
    return _shape.pad(tensor, paddings, mode=mode, name=name, constant_values=constant_values)


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Slices of ``params`` at ``indices`` along ``axis``."""
    return _shape.gather(params, indices, validate_indices=validate_indices, name=name,
                         axis=axis, batch_dims=batch_dims)


def in_top_k(targets, predictions, k, name=None):
    """Whether each target is among the ``k`` largest predictions of its row."""
    return _nn_v1.in_top_k(predictions, targets, k, name=name)


def count_nonzero(input, axis=None, keepdims=None, dtype=_dt.int64, name=None):  # noqa: A002
    return _reduce.count_nonzero(input, axis=axis, keepdims=keepdims, dtype=dtype, name=name)


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, maximum_iterations=None, name=None):
    """``tf.while_loop`` of TF 2: the loop variables come back in their structure (a list
    of one stays a list)."""
    from .ops.loop import while_loop as v1
    return v1(cond, body, loop_vars, shape_invariants=shape_invariants,
              parallel_iterations=parallel_iterations, back_prop=back_prop,
              swap_memory=swap_memory, name=name, maximum_iterations=maximum_iterations,
              return_same_structure=True)


# -- tf.nn ------------------------------------------------------------------------------------
def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zeroes a fraction ``rate`` of ``x`` and scales the rest by ``1 / (1 - rate)``."""
    return _nn_v1.dropout(x, noise_shape=noise_shape, seed=seed, name=name, rate=rate)


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """Softmax cross-entropy; gradients flow into ``labels`` too (TF 2's)."""
    return _nn_v1.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits,
                                                       axis=axis, name=name)


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    return _nn_v1.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits,
                                                           name=name)


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    return _nn_v1.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name=name)


def max_pool(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    return _nn_v1.max_pool(None, ksize, strides, padding, data_format=data_format or "NHWC",
                           name=name, input=input)


def avg_pool(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    return _nn_v1.avg_pool(None, ksize, strides, padding, data_format=data_format or "NHWC",
                           name=name, input=input)


def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None,  # noqa: A002
           name=None):
    return _nn_v1.conv2d(input, strides=strides, padding=padding, data_format=data_format,
                         dilations=1 if dilations is None else dilations, name=name,
                         filters=filters)


def embedding_lookup(params, ids, max_norm=None, name=None):
    return _nn_v1.embedding_lookup(params, ids, name=name, max_norm=max_norm)


def top_k(input, k=1, sorted=True, index_type=_dt.int32, name=None):  # noqa: A002
    values, indices = _nn_v1.top_k(input, k=k, sorted=sorted, name=name)
    if _dt.as_dtype(index_type) != _dt.int32:
        indices = _math.cast(indices, index_type)
    return TopKV2Result(values, indices)


def moments(x, axes, shift=None, keepdims=False, name=None):
    return _nn_v1.moments(x, axes, shift=shift, name=name, keepdims=keepdims)


def gelu(features, approximate=False, name=None):
    """Gaussian error linear unit: ``x * Φ(x)`` (``approximate``: the tanh form)."""
    from .graph import name_scope
    from .ops.creation import convert_to_tensor
    with name_scope(name, "Gelu", [features]):
        x = convert_to_tensor(features)
        half = _math.cast(0.5, x.dtype)
        if approximate:
            inner = _math.multiply(
                _math.cast(np.sqrt(2 / np.pi), x.dtype),
                _math.add(x, _math.multiply(_math.cast(0.044715, x.dtype),
                                            _math.pow(x, _math.cast(3.0, x.dtype)))))
            return _math.multiply(_math.multiply(half, x), _math.add(
                _math.cast(1.0, x.dtype), _math.tanh(inner)))
        return _math.multiply(_math.multiply(half, x), _math.add(
            _math.cast(1.0, x.dtype), _math.erf(_math.multiply(
                x, _math.cast(1 / np.sqrt(2.0), x.dtype)))))


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """``sqrt(sum(x ** 2))`` over ``axis``."""
    return _math.sqrt(_reduce.reduce_sum(_math.square(input_tensor), axis=axis,
                                         keepdims=keepdims), name=name)


def ensure_shape(x, shape, name=None):
    """``x``, checked to have a shape compatible with ``shape`` (dims may be None):
    executing eagerly at once (InvalidArgumentError), in a graph statically."""
    from .eager import EagerTensor
    from .graph import TensorShape
    from .ops.creation import convert_to_tensor
    x = convert_to_tensor(x)
    want = TensorShape(shape)
    if type(x) is EagerTensor:
        if not want.is_compatible_with(x.shape):
            from . import errors
            raise errors.InvalidArgumentError(
                None, None, f"Shape of tensor {name or 'x'} {x.shape.as_list()} is not "
                f"compatible with expected shape {want.as_list()}. [Op:EnsureShape]")
        return x
    out = _math.identity(x, name=name)
    out.set_shape(x.shape.merge_with(want))
    return out


_NN = dict(gelu=gelu, dropout=dropout,
           softmax_cross_entropy_with_logits=softmax_cross_entropy_with_logits,
           sparse_softmax_cross_entropy_with_logits=sparse_softmax_cross_entropy_with_logits,
           sigmoid_cross_entropy_with_logits=sigmoid_cross_entropy_with_logits,
           max_pool=max_pool, max_pool2d=max_pool, avg_pool=avg_pool, avg_pool2d=avg_pool,
           conv2d=conv2d, embedding_lookup=embedding_lookup, top_k=top_k, moments=moments)
_MATH = dict(reduce_euclidean_norm=reduce_euclidean_norm, argmax=argmax, argmin=argmin,
             in_top_k=in_top_k, count_nonzero=count_nonzero, top_k=top_k)


def _namespace(name, base, overrides, names=None):
    """A ``tensorweave.<name>`` module: ``base``'s public names (or only ``names``), then
    ``overrides``."""
    module = types.ModuleType(f"tensorweave.{name}", base.__doc__)
    module.__dict__.update({k: v for k, v in vars(base).items() if not k.startswith("__")
                            and (names is None or k in names)})
    module.__dict__.update(overrides)
    return module


def nn_namespace():
    """``tw.nn``: TF 1's ``nn`` module with TF 2's signatures where they changed."""
    return _namespace("nn", _nn_v1, _NN)


def random_namespace(v1_random):
    """``tw.random``: TF 2's names for the seeded random ops (``tf.random.set_seed``)."""
    from .ops.random import set_random_seed
    return _namespace("random", v1_random, {"set_seed": set_random_seed},
                      names={"normal", "uniform", "truncated_normal", "shuffle",
                             "categorical"})


def math_namespace(v1_math):
    """``tw.math``: the compat.v1 ``math`` namespace with TF 2's signatures."""
    return _namespace("math", v1_math, _MATH)

