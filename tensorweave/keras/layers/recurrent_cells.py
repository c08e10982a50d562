"""Keras's recurrent cells (``SimpleRNNCell``, ``LSTMCell``, ``GRUCell``): one step of a
recurrent layer each, for ``keras.layers.RNN`` and the layers in ``recurrent.py``."""


from ...ops import math as _m
from ...ops import random as _random
from ...ops import shape as _s
from ...ops.creation import constant, fill
from .. import activations as _activations
from .. import backend
from .. import constraints as _constraints
from .. import initializers as _initializers
from .. import regularizers as _regularizers
from .layer import Layer

__all__ = ["SimpleRNNCell", "LSTMCell", "GRUCell"]


# -- cells -----------------------------------------------------------------------------------
def _check_units(units):
    if units is None or int(units) <= 0:
        raise ValueError("Received an invalid value for argument `units`, expected a "
                         f"positive integer, got {units}.")
    return int(units)


def _clip_rate(rate):
    return min(1.0, max(0.0, float(rate)))


class _Cell(Layer):
    """What the built-in cells share: weight arguments, dropout masks, the one-step ``call``.

    A cell splits its step in two so that the ``RNN`` layer can project all time steps
    through ``kernel`` with one matmul: ``_project(x, dp_mask)`` (the input part, bias
    included where Keras adds it) and ``_step(projected_x, states, rec_mask)``.
    """

    gates = 1                 # how many blocks of `units` columns the kernels have

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, **kwargs):
        units = _check_units(units)
        super().__init__(**kwargs)
        self.units = units
        self.activation = _activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = _initializers.get(kernel_initializer)
        self.recurrent_initializer = _initializers.get(recurrent_initializer)
        self.bias_initializer = _initializers.get(bias_initializer)
        self.kernel_regularizer = _regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = _regularizers.get(recurrent_regularizer)
        self.bias_regularizer = _regularizers.get(bias_regularizer)
        self.kernel_constraint = _constraints.get(kernel_constraint)
        self.recurrent_constraint = _constraints.get(recurrent_constraint)
        self.bias_constraint = _constraints.get(bias_constraint)
        self.dropout = _clip_rate(dropout)
        self.recurrent_dropout = _clip_rate(recurrent_dropout)
        self.seed = seed
        self.state_size = units
        self.output_size = units
        # Keras's implementation 1 (one dropout mask per gate) whenever recurrent dropout
        # is used; implementation 2 (one mask) otherwise
        self.dropout_mask_count = None

    # weights
    def _add_kernels(self, input_dim):
        n = self.gates * self.units
        self.kernel = self.add_weight(shape=(input_dim, n), name="kernel",
                                      initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(shape=(self.units, n),
                                                name="recurrent_kernel",
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.recurrent_constraint)

    def _add_bias(self, shape, initializer=None):
        return self.add_weight(shape=shape, name="bias",
                               initializer=initializer or self.bias_initializer,
                               regularizer=self.bias_regularizer,
                               constraint=self.bias_constraint)

    def _gating(self, recurrent_activation, implementation):
        """A gated cell's (LSTM's, GRU's) recurrent activation and Keras's implementation
        mode: 1 (a dropout mask per gate) whenever recurrent dropout is used."""
        self.recurrent_activation = _activations.get(recurrent_activation)
        self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
        if self.implementation == 1:
            self.dropout_mask_count = self.gates

    def _build_kernels(self, input_shape):
        _remember_build_shape(self, input_shape)
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(f"{type(self).__name__}: the last dimension of the inputs must "
                             f"be defined. Received input_shape={input_shape}")
        self._add_kernels(int(input_dim))

    def build(self, input_shape):
        self._build_kernels(input_shape)
        self.bias = self._add_bias((self.gates * self.units,)) if self.use_bias else None
        self.built = True

    # dropout: one mask per call of the layer, the same for every time step (as Keras)
    def _make_mask(self, like, rate):
        keep = 1.0 - rate
        draw = _random.random_uniform(_s.shape(like), dtype=like.dtype,
                                      seed=backend.next_op_seed(self.seed))
        kept = _m.cast(_m.less(draw, constant(keep, dtype=like.dtype)), like.dtype)
        return _m.multiply(kept, constant(1.0 / keep if keep > 0 else 0.0, dtype=like.dtype))

    def _masks(self, like, rate, training):
        if not training or not 0.0 < rate < 1.0:
            return None
        if self.dropout_mask_count is None:
            return self._make_mask(like, rate)
        return [self._make_mask(like, rate) for _ in range(self.dropout_mask_count)]

    def _dropout_masks(self, step_input, state, training):
        """The input and recurrent dropout masks (None, a tensor, or one per gate)."""
        return (self._masks(step_input, self.dropout, training),
                self._masks(state, self.recurrent_dropout, training))

    # the input part of a step, for one step (batch, d) or all steps (batch, t, d)
    def _matmul_last(self, x, w):
        if x.shape.ndims == 2:
            return _m.matmul(x, w)
        d = int(x.shape[-1])
        flat = _m.matmul(_s.reshape(x, [-1, d]), w)
        n = int(w.shape[-1])
        middle = x.shape.as_tuple()[1:-1]
        if None in middle:  # steps known at run time only: the shape the run gives
            from ...ops.creation import constant
            target = _s.concat([_s.shape(x)[:-1], constant([n], dtype=_s.shape(x).dtype)], 0)
        else:
            target = [-1] + [int(s) for s in middle] + [n]
        out = _s.reshape(flat, target)
        out.set_shape(x.shape.as_tuple()[:-1] + (n,))
        return out

    def _project(self, x, dp_mask):
        kernel = self.kernel.value
        if isinstance(dp_mask, list):     # a mask per gate: each gate sees its own inputs
            blocks = _s.split(kernel, self.gates, axis=1)
            out = _s.concat([self._matmul_last(_m.multiply(x, m), k)
                             for m, k in zip(dp_mask, blocks)], axis=-1)
        else:
            if dp_mask is not None:
                x = _m.multiply(x, dp_mask)
            out = self._matmul_last(x, kernel)
        return self._add_input_bias(out)

    def _add_input_bias(self, out):
        if self.bias is not None:
            out = _m.add(out, self.bias.value)
        return out

    def _recurrent(self, h, rec_mask, kernel=None):
        """``h @ recurrent_kernel`` (or ``kernel``), each gate's block with its own mask."""
        kernel = self.recurrent_kernel.value if kernel is None else kernel
        if isinstance(rec_mask, list):
            blocks = _s.split(kernel, len(rec_mask), axis=1)
            return _s.concat([_m.matmul(_m.multiply(h, m), k)
                              for m, k in zip(rec_mask, blocks)], axis=-1)
        if rec_mask is not None:
            h = _m.multiply(h, rec_mask)
        return _m.matmul(h, kernel)

    def call(self, inputs, states, training=False):
        """One step: ``inputs`` (batch, features) and the previous ``states`` →
        ``(output, new_states)``."""
        nested = isinstance(states, (list, tuple))
        state_list = list(states) if nested else [states]
        dp_mask, rec_mask = self._dropout_masks(inputs, state_list[0], training)
        output, new_states = self._step(self._project(inputs, dp_mask), state_list, rec_mask)
        return output, (new_states if nested or len(new_states) > 1 else new_states[0])

    def get_initial_state(self, batch_size=None):
        sizes = self.state_size if isinstance(self.state_size, (list, tuple)) else \
            [self.state_size]
        return [_zeros_state(batch_size, d, self.dtype) for d in sizes]

    def _base_cell_config(self):
        return {
            "units": self.units,
            "activation": _activations.serialize(self.activation),
        }

    def _weights_config(self):
        return {
            "kernel_initializer": _initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": _initializers.serialize(self.recurrent_initializer),
            "bias_initializer": _initializers.serialize(self.bias_initializer),
            "kernel_regularizer": _regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": _regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": _regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": _constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": _constraints.serialize(self.recurrent_constraint),
            "bias_constraint": _constraints.serialize(self.bias_constraint),
        }


def _remember_build_shape(layer, shape):
    # what ``get_build_config`` reports; ``build_from_config`` builds without setting it
    if layer._build_shapes is None and shape is not None:
        layer._build_shapes = tuple(shape)


def _zeros_state(batch_size, units, dtype):
    if isinstance(batch_size, int):
        return fill([batch_size, units], constant(0, dtype=dtype))
    out = fill(_s.stack([batch_size, constant(units)]), constant(0, dtype=dtype))
    out.set_shape((None, units))
    return out


class SimpleRNNCell(_Cell):
    """The cell of ``SimpleRNN``: ``output = activation(x @ kernel + h @ recurrent_kernel +
    bias)``.

    Args:
        units: the state and output size. activation: default ``"tanh"``.
        use_bias, kernel_initializer (``"glorot_uniform"``), recurrent_initializer
            (``"orthogonal"``), bias_initializer (``"zeros"``), regularizers, constraints:
            as in Keras.
        dropout, recurrent_dropout: fractions of the inputs / previous state dropped in
            training (one mask per call, the same for every step). seed: for the dropout.

    Example:
        >>> layer = keras.layers.RNN(keras.layers.SimpleRNNCell(4))
    """

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, **kwargs):
        super().__init__(units, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer,
                         bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer,
                         recurrent_regularizer=recurrent_regularizer,
                         bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                         recurrent_constraint=recurrent_constraint,
                         bias_constraint=bias_constraint, dropout=dropout,
                         recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)

    def _step(self, x, states, rec_mask):
        output = self.activation(_m.add(x, self._recurrent(states[0], rec_mask)))
        return output, [output]

    def get_config(self):
        config = super().get_config()
        config.update(self._base_cell_config())
        config["use_bias"] = self.use_bias
        config.update(self._weights_config())
        config.update(dropout=self.dropout, recurrent_dropout=self.recurrent_dropout,
                      seed=self.seed)
        return config


class LSTMCell(_Cell):
    """The cell of ``LSTM`` (Hochreiter 1997), gates i, f, c, o in that order along the
    kernels' columns.

    Args:
        units, activation (``"tanh"``), recurrent_activation (``"sigmoid"``), use_bias,
            initializers, regularizers, constraints, dropout, recurrent_dropout, seed: as in
            Keras. unit_forget_bias: start the forget gate's bias at 1 (default True).

    The states are ``[h, c]`` (``state_size == [units, units]``).
    """

    gates = 4

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        implementation = kwargs.pop("implementation", 2)
        super().__init__(units, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer,
                         bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer,
                         recurrent_regularizer=recurrent_regularizer,
                         bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                         recurrent_constraint=recurrent_constraint,
                         bias_constraint=bias_constraint, dropout=dropout,
                         recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)
        self._gating(recurrent_activation, implementation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = [self.units, self.units]

    def build(self, input_shape):
        self._build_kernels(input_shape)
        self.bias = None
        if self.use_bias:
            init = self.bias_initializer
            if self.unit_forget_bias:
                units, base = self.units, self.bias_initializer

                def init(shape, dtype=None):
                    ones = _initializers.get("ones")
                    return _s.concat([base((units,), dtype=dtype), ones((units,), dtype=dtype),
                                      base((units * 2,), dtype=dtype)], axis=0)
            self.bias = self._add_bias((4 * self.units,), init)
        self.built = True

    def _step(self, x, states, rec_mask):
        h_tm1, c_tm1 = states[0], states[1]
        z = _m.add(x, self._recurrent(h_tm1, rec_mask))
        z_i, z_f, z_c, z_o = _s.split(z, 4, axis=1)
        i = self.recurrent_activation(z_i)
        f = self.recurrent_activation(z_f)
        c = _m.add(_m.multiply(f, c_tm1), _m.multiply(i, self.activation(z_c)))
        o = self.recurrent_activation(z_o)
        h = _m.multiply(o, self.activation(c))
        return h, [h, c]

    def get_config(self):
        config = super().get_config()
        config.update(self._base_cell_config())
        config.update(recurrent_activation=_activations.serialize(self.recurrent_activation),
                      use_bias=self.use_bias, unit_forget_bias=self.unit_forget_bias)
        config.update(self._weights_config())
        config.update(dropout=self.dropout, recurrent_dropout=self.recurrent_dropout,
                      seed=self.seed)
        return config


class GRUCell(_Cell):
    """The cell of ``GRU`` (Cho 2014), gates z (update), r (reset), h (candidate).

    Args:
        units, activation (``"tanh"``), recurrent_activation (``"sigmoid"``), use_bias,
            initializers, regularizers, constraints, dropout, recurrent_dropout, seed: as in
            Keras.
        reset_after: apply the reset gate after the recurrent matmul (default True, the
            cuDNN-compatible form, with a ``(2, 3 * units)`` bias: input and recurrent).
    """

    gates = 3

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, reset_after=True, seed=None, **kwargs):
        implementation = kwargs.pop("implementation", 2)
        super().__init__(units, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer,
                         recurrent_initializer=recurrent_initializer,
                         bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer,
                         recurrent_regularizer=recurrent_regularizer,
                         bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                         recurrent_constraint=recurrent_constraint,
                         bias_constraint=bias_constraint, dropout=dropout,
                         recurrent_dropout=recurrent_dropout, seed=seed, **kwargs)
        self._gating(recurrent_activation, implementation)
        self.reset_after = bool(reset_after)

    def build(self, input_shape):
        self._build_kernels(input_shape)
        self.bias = None
        if self.use_bias:
            shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
            self.bias = self._add_bias(shape)
        self.built = True

    def _biases(self):
        """(input bias, recurrent bias); the recurrent one only with ``reset_after``."""
        if self.bias is None:
            return None, None
        if not self.reset_after:
            return self.bias.value, None
        b = self.bias.value
        return _s.squeeze(_s.slice(b, [0, 0], [1, -1]), [0]), \
            _s.squeeze(_s.slice(b, [1, 0], [1, -1]), [0])

    def _add_input_bias(self, out):
        input_bias, _ = self._biases()
        return out if input_bias is None else _m.add(out, input_bias)

    def _step(self, x, states, rec_mask):
        h_tm1 = states[0]
        u = self.units
        x_z, x_r, x_h = _s.split(x, 3, axis=1)
        rec_kernel = self.recurrent_kernel.value
        masks = rec_mask if isinstance(rec_mask, list) else [rec_mask] * 3
        if self.reset_after:
            inner = self._recurrent(h_tm1, rec_mask)
            _, recurrent_bias = self._biases()
            if recurrent_bias is not None:
                inner = _m.add(inner, recurrent_bias)
            rec_z, rec_r, rec_h = _s.split(inner, 3, axis=1)
        else:
            zr_kernel = _s.slice(rec_kernel, [0, 0], [-1, 2 * u])
            inner = self._recurrent(h_tm1, masks[:2] if isinstance(rec_mask, list)
                                    else rec_mask, zr_kernel)
            rec_z, rec_r = _s.split(inner, 2, axis=1)
        z = self.recurrent_activation(_m.add(x_z, rec_z))
        r = self.recurrent_activation(_m.add(x_r, rec_r))
        if self.reset_after:
            rec_h = _m.multiply(r, rec_h)
        else:
            h_in = h_tm1 if masks[2] is None else _m.multiply(h_tm1, masks[2])
            rec_h = _m.matmul(_m.multiply(r, h_in), _s.slice(rec_kernel, [0, 2 * u], [-1, -1]))
        hh = self.activation(_m.add(x_h, rec_h))
        one = constant(1.0, dtype=z.dtype)
        h = _m.add(_m.multiply(z, h_tm1), _m.multiply(_m.subtract(one, z), hh))
        return h, [h]

    def get_config(self):
        config = super().get_config()
        config.update(self._base_cell_config())
        config.update(recurrent_activation=_activations.serialize(self.recurrent_activation),
                      use_bias=self.use_bias)
        config.update(self._weights_config())
        config.update(dropout=self.dropout, recurrent_dropout=self.recurrent_dropout,
                      reset_after=self.reset_after, seed=self.seed)
        return config
