"""Slot variables: per-variable optimizer state (``"w/Momentum"``, ``"w/Adam"``, ``"w/Adam_1"``).

A slot is a non-trainable variable in ``GLOBAL_VARIABLES`` with its primary variable's shape.
It is named as TensorFlow names it: a unique variable scope ``<primary op name>/<op name>``
(``"w/Adam"``, then ``"w/Adam_1"`` for the second slot of the same optimizer) opened in the
current variable scope, holding a variable with an empty name.
"""

from .. import initializers as _init
from ..ops.creation import zeros_like
from ..variable_scope import get_variable, variable_scope

__all__ = ["create_slot", "create_slot_with_initializer", "create_zeros_slot"]


def create_slot(primary, val, name):
    """A slot for ``primary`` whose initial value is the tensor ``val``.

    Args:
        primary: the ``Variable`` the slot belongs to.
        val: a Tensor: the slot's initial value (its shape and dtype are the slot's).
        name: the slot variable's scope name, usually the optimizer's name (``"Momentum"``).

    Returns:
        A non-trainable ``Variable`` named ``"<primary>/<name>"`` (made unique).
    """
    shape = val.get_shape()
    validate_shape = shape.is_fully_defined()

    def initial_value(shape=None, dtype=None, partition_info=None):
        return val
    with variable_scope(None, default_name=primary.op.name + "/" + name):
        return get_variable("", shape=shape.as_list() if shape.ndims is not None else [],
                            dtype=val.dtype, initializer=initial_value, trainable=False,
                            validate_shape=validate_shape)


def create_slot_with_initializer(primary, initializer, shape, dtype, name):
    """A slot for ``primary`` initialized by ``initializer(shape, dtype)``.

    Args:
        primary: the ``Variable`` the slot belongs to.
        initializer: an initializer (``tf.zeros_initializer()`` …).
        shape: the slot's shape (a ``TensorShape``, fully defined).
        dtype: the slot's dtype.
        name: the slot variable's scope name (the optimizer's name).

    Returns:
        A non-trainable ``Variable`` named ``"<primary>/<name>"`` (made unique).
    """
    with variable_scope(None, default_name=primary.op.name + "/" + name):
        return get_variable("", shape=shape.as_list(), dtype=dtype, initializer=initializer,
                            trainable=False, validate_shape=shape.is_fully_defined())


def create_zeros_slot(primary, name, dtype=None):
    """A slot of zeros shaped like ``primary`` (of ``dtype``, default the primary's).

    Example:
        >>> m = create_zeros_slot(w, "Adam")      # <tf.Variable 'w/Adam:0' ...>
    """
    dtype = dtype or primary.dtype
    shape = primary.get_shape()
    if shape.is_fully_defined():
        return create_slot_with_initializer(primary, _init.zeros_initializer(dtype=dtype),
                                            shape, dtype, name)
    return create_slot(primary, zeros_like(primary.initialized_value(), dtype=dtype), name)
