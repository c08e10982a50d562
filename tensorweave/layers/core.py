"""TF1 layers: a ``Layer`` owns a variable scope (``"dense"``, ``"dense_1"`` …); its variables
are made with ``get_variable`` on first call (``build``) and reused afterwards."""

from .. import dtypes as _dt
from .. import initializers as _init
from ..ops import nn as _nn
from ..ops.creation import convert_to_tensor
from ..ops.math import matmul
from ..variable_scope import variable_scope, get_variable, VariableScope

__all__ = ["Layer", "Dense", "dense"]


class Layer:
    """Base class of TF1 layers: ``layer(inputs)`` builds once, then calls.

    Args:
        trainable: whether the layer's variables are trainable.
        name: the variable scope name (default: the class's snake-case name, made unique).
    """

    _default_name = "layer"

    def __init__(self, trainable=True, name=None, dtype=None, **kwargs):
        self.trainable = trainable
        self._name = name
        self.dtype = None if dtype is None else _dt.as_dtype(dtype)
        self.built = False
        self._scope = None
        self._reuse = kwargs.pop("_reuse", None)
        self._variables = []

    @property
    def name(self):
        return self._scope.name if self._scope is not None else self._name

    @property
    def variables(self):
        return list(self._variables)

    @property
    def trainable_variables(self):
        return [v for v in self._variables if v.trainable]

    trainable_weights = trainable_variables
    weights = variables

    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None,
                   trainable=True, constraint=None):
        var = get_variable(name, shape, dtype=dtype or self.dtype or _dt.float32,
                           initializer=initializer, regularizer=regularizer,
                           trainable=trainable and self.trainable, constraint=constraint)
        self._variables.append(var)
        return var

    def build(self, input_shape):
        self.built = True

    def call(self, inputs):
        return inputs

    def __call__(self, inputs, *args, **kwargs):
        inputs = convert_to_tensor(inputs)
        scope = self._scope if self._scope is not None else self._name
        with variable_scope(scope, default_name=self._default_name,
                            reuse=True if self.built or self._reuse else None) as vs:
            if self._scope is None:
                self._scope = VariableScope(vs.reuse, vs.name, name_scope=vs.name + "/")
            if not self.built:
                if self.dtype is None:
                    self.dtype = inputs.dtype
                self.build(inputs.shape)
                self.built = True
            return self.call(inputs, *args, **kwargs)

    apply = __call__


class Dense(Layer):
    """``activation(inputs @ kernel + bias)``.

    Args:
        units: output size. activation: a function (``tf.nn.relu``) or None.
        use_bias: add a bias. kernel_initializer: default Glorot uniform;
        bias_initializer: default zeros. kernel_regularizer / bias_regularizer: optional.
    """

    _default_name = "dense"

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=_init.Zeros(), kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self.units = int(units)
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer

    def build(self, input_shape):
        last = input_shape[-1].value if input_shape.ndims else None
        if last is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. "
                             "Found `None`.")
        self.kernel = self.add_weight("kernel", [last, self.units],
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer)
        self.bias = self.add_weight("bias", [self.units], initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer) if self.use_bias else None

    def call(self, inputs):
        rank = inputs.shape.ndims
        if rank is not None and rank > 2:
            from ..ops.shape import reshape, shape, concat
            flat = reshape(inputs, [-1, inputs.shape[-1].value])
            out = matmul(flat, self.kernel)
            out = reshape(out, concat([shape(inputs)[:-1], [self.units]], 0))
        else:
            out = matmul(inputs, self.kernel)
        if self.use_bias:
            out = _nn.bias_add(out, self.bias)
        if self.activation is not None:
            out = self.activation(out)
        return out


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=_init.Zeros(), kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
          trainable=True, name=None, reuse=None):
    """A fully connected layer: ``activation(inputs @ kernel + bias)``.

    Creates ``<scope>/kernel`` and ``<scope>/bias`` variables (scope ``"dense"``, made unique,
    or ``name``). With ``reuse=True`` an existing scope's variables are used.

    Example:
        >>> h = tf.layers.dense(inputs=x, units=100, activation=tf.nn.relu)
    """
    layer = Dense(units, activation, use_bias, kernel_initializer, bias_initializer,
                  kernel_regularizer, bias_regularizer, trainable=trainable, name=name)
    layer._reuse = reuse
    return layer(inputs)
