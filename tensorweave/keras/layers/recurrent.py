"""Recurrent layers: ``SimpleRNN``, ``LSTM``, ``GRU`` (and their cells), the generic
``RNN(cell)`` wrapper and ``Bidirectional``, as in Keras 3.

tensorweave's graphs have no while loop, so a recurrent layer is unrolled over the time
dimension: the number of steps must be known when the layer is called (``keras.Input(shape=
(100, 8))``, or an ``Embedding`` after ``Input(shape=(100,))``). The inputs' projection through
``kernel`` is one matmul over all steps; each step then adds the recurrent part. Gradients come
from the unrolled graph (backpropagation through time).

Weights, names and configs follow Keras 3: ``LSTM(4)`` holds ``lstm/lstm_cell/kernel``
``(input_dim, 16)``, ``recurrent_kernel`` ``(4, 16)`` and ``bias`` ``(16,)`` (gates i, f, c, o);
``GRU`` gates are z, r, h and with ``reset_after=True`` (the default) its bias is ``(2, 3 *
units)`` (input bias, recurrent bias). Masks (``Embedding(mask_zero=True)``) skip steps: a
masked step keeps the previous state and repeats the previous output.
"""

import inspect

from ... import graph as _g
from ...ops import math as _m
from ...ops import random as _random
from ...ops import shape as _s
from ...ops.creation import constant, fill, zeros_like
from ...ops.indexing import reverse as _reverse
from .. import activations as _activations
from .. import backend
from .. import constraints as _constraints
from .. import initializers as _initializers
from .. import regularizers as _regularizers
from .layer import Layer, InputSpec

__all__ = ["SimpleRNNCell", "LSTMCell", "GRUCell", "RNN", "SimpleRNN", "LSTM", "GRU",
           "Bidirectional"]


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

    def build(self, input_shape):
        _remember_build_shape(self, input_shape)
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(f"{type(self).__name__}: the last dimension of the inputs must "
                             f"be defined. Received input_shape={input_shape}")
        self._add_kernels(int(input_dim))
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
        out = _s.reshape(flat, [-1] + [int(s) for s in x.shape.as_tuple()[1:-1]] + [n])
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
        self.recurrent_activation = _activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
        if self.implementation == 1:
            self.dropout_mask_count = 4
        self.state_size = [self.units, self.units]

    def build(self, input_shape):
        _remember_build_shape(self, input_shape)
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError("LSTMCell: the last dimension of the inputs must be defined. "
                             f"Received input_shape={input_shape}")
        self._add_kernels(int(input_dim))
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
        self.recurrent_activation = _activations.get(recurrent_activation)
        self.reset_after = bool(reset_after)
        self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
        if self.implementation == 1:
            self.dropout_mask_count = 3

    def build(self, input_shape):
        _remember_build_shape(self, input_shape)
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError("GRUCell: the last dimension of the inputs must be defined. "
                             f"Received input_shape={input_shape}")
        self._add_kernels(int(input_dim))
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


# -- the RNN layer ---------------------------------------------------------------------------
def _takes_training(fn):
    try:
        return "training" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


class RNN(Layer):
    """Runs a cell over the time steps of ``(batch, timesteps, features)`` inputs.

    Args:
        cell: a cell (``LSTMCell(8)``, or any layer with ``call(inputs, states)`` returning
            ``(output, new_states)`` and a ``state_size``).
        return_sequences: return every step's output ``(batch, timesteps, units)`` instead
            of the last ``(batch, units)``.
        return_state: also return the final states (``[output, h]``; ``[output, h, c]`` for
            an LSTM).
        go_backwards: run over the steps last to first (the returned sequence is then in
            that reversed order, as in Keras).
        stateful: not supported (raises NotImplementedError).
        unroll: accepted for compatibility; the loop is always unrolled.
        zero_output_for_mask: masked steps output zeros instead of repeating the previous
            output (``return_sequences`` only).

    Call arguments: ``sequences``, ``initial_state`` (a list of state tensors), ``mask``
    (``(batch, timesteps)`` booleans; taken from an ``Embedding(mask_zero=True)``),
    ``training``.

    Raises:
        ValueError: when called on inputs whose number of time steps is not known.
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, zero_output_for_mask=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            raise NotImplementedError("RNN: a list of cells (StackedRNNCells) is not "
                                      "supported; stack RNN layers instead.")
        if not hasattr(cell, "call"):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: "
                             f"cell={cell}")
        state_size = getattr(cell, "state_size", None)
        if state_size is None:
            raise ValueError("The RNN cell should have a `state_size` attribute (single "
                             "integer or list of integers, one integer per RNN state). "
                             f"Received: cell={cell}")
        if stateful:
            raise NotImplementedError(
                f"{type(self).__name__}(stateful=True) is not supported by tensorweave: "
                "states are not carried between batches. Use stateful=False (pass the "
                "previous states as `initial_state` to continue a sequence).")
        super().__init__(**kwargs)
        self.zero_output_for_mask = zero_output_for_mask
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.supports_masking = True
        self.input_spec = None
        self.states = None
        if isinstance(state_size, int):
            self.state_size = [state_size]
            self.single_state = True
        else:
            self.state_size = list(state_size)
            self.single_state = False

    def build(self, sequences_shape, initial_state_shape=None):
        _remember_build_shape(self, sequences_shape)
        step_shape = (sequences_shape[0],) + tuple(sequences_shape[2:])
        if isinstance(self.cell, Layer) and not self.cell.built:
            # the cell's weights live under this layer's path: "lstm/lstm_cell/kernel"
            self.cell._built_path = f"{self.path}/{self.cell.name}"
            self.cell._build_shapes = step_shape
            self.cell.build(step_shape)
            self.cell.built = True
        self.built = True

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch, length = sequences_shape[0], sequences_shape[1]
        states = [(batch, s) for s in self.state_size]
        output_size = getattr(self.cell, "output_size", None) or self.state_size[0]
        out = (batch, length, output_size) if self.return_sequences else (batch, output_size)
        if self.return_state:
            return (out, *states)
        return out

    def compute_mask(self, inputs, mask):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.state_size]
        return output_mask

    def reset_state(self):
        """Nothing to reset: the layer keeps no state between calls (``stateful=False``)."""

    reset_states = reset_state

    def get_initial_state(self, batch_size):
        fn = getattr(self.cell, "get_initial_state", None)
        if fn is None:
            return [_zeros_state(batch_size, d, self.dtype) for d in self.state_size]
        state = fn(batch_size=batch_size)
        return list(state) if isinstance(state, (list, tuple)) else [state]

    def call(self, sequences, initial_state=None, mask=None, training=False):
        steps = sequences.shape.as_tuple()[1] if sequences.shape.ndims else None
        if steps is None:
            raise ValueError(
                f"{type(self).__name__}: the number of time steps must be known: tensorweave "
                "unrolls recurrent layers over the time dimension (its graphs have no while "
                f"loop), but the inputs have shape {sequences.shape.as_tuple()}. Give it, e.g. "
                "`keras.Input(shape=(timesteps, features))`, or pad the sequences to a fixed "
                "length.")
        steps = int(steps)
        if initial_state is None:
            states = self.get_initial_state(_s.shape(sequences)[0])
        else:
            states = list(initial_state) if isinstance(initial_state, (list, tuple)) else \
                [initial_state]
            states = [s if isinstance(s, _g.Tensor) else constant(s, dtype=self.dtype)
                      for s in states]
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if mask is not None and not mask.dtype.is_bool:
            mask = _m.cast(mask, "bool")
        return self._run(sequences, states, mask, steps, bool(training))

    def _run(self, sequences, states, mask, steps, training):
        cell = self.cell
        if isinstance(cell, _Cell):
            step_input = sequences[:, 0, :]
            dp_mask, rec_mask = cell._dropout_masks(step_input, states[0], training)
            if isinstance(dp_mask, list):
                dp_mask = [_s.expand_dims(m, 1) for m in dp_mask]
            elif dp_mask is not None:
                dp_mask = _s.expand_dims(dp_mask, 1)
            inputs = _s.unstack(cell._project(sequences, dp_mask), num=steps, axis=1)

            def step(x_t, states):
                return cell._step(x_t, states, rec_mask)
        else:
            inputs = _s.unstack(sequences, num=steps, axis=1)
            kwargs = {"training": training} if _takes_training(cell.call) else {}

            def step(x_t, states):
                out, new = cell.call(x_t, list(states), **kwargs)
                return out, list(new) if isinstance(new, (list, tuple)) else [new]
        masks = None if mask is None else _s.unstack(mask, num=steps, axis=1)
        if self.go_backwards:
            inputs = inputs[::-1]
            masks = None if masks is None else masks[::-1]
        outputs, prev = [], None
        for t, x_t in enumerate(inputs):
            out, new_states = step(x_t, states)
            if masks is not None:
                keep = _s.expand_dims(masks[t], 1)
                if prev is None or self.zero_output_for_mask:
                    prev = zeros_like(out)
                out = _m.where(keep, out, prev)
                new_states = [_m.where(keep, n, s) for n, s in zip(new_states, states)]
            states, prev = list(new_states), out
            outputs.append(out)
        if self.return_sequences:
            output = _s.stack(outputs, axis=1)
        else:
            output = outputs[-1]
        if self.return_state:
            return (output, *states)
        return output

    def get_config(self):
        config = super().get_config()
        config.update({
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
        })
        if type(self) is RNN:
            from . import serialize
            config["cell"] = serialize(self.cell)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        from . import deserialize
        cell = deserialize(config.pop("cell"), custom_objects=custom_objects)
        return cls(cell, **config)


class _CellLayer(RNN):
    """An RNN layer that makes its own cell and forwards the cell's arguments to it."""

    cell_class = None
    cell_name = None

    def __init__(self, cell_kwargs, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, **kwargs):
        if stateful:
            raise NotImplementedError(
                f"{type(self).__name__}(stateful=True) is not supported by tensorweave: "
                "states are not carried between batches. Use stateful=False (pass the "
                "previous states as `initial_state` to continue a sequence).")
        cell = self.cell_class(dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable",
                                                                                  True),
                               name=self.cell_name, **cell_kwargs)
        super().__init__(cell, return_sequences=return_sequences, return_state=return_state,
                         go_backwards=go_backwards, stateful=stateful, unroll=unroll, **kwargs)
        self.input_spec = InputSpec(ndim=3)

    def __getattr__(self, name):
        # units, activation, kernel_initializer, dropout ... read from the cell (as Keras)
        if name in _CELL_ATTRIBUTES and "cell" in self.__dict__:
            return getattr(self.__dict__["cell"], name)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def _layer_config(self, keys):
        config = super().get_config()
        cell_config = self.cell.get_config()
        for key in keys:
            if key == "activity_regularizer":
                config[key] = _regularizers.serialize(self.activity_regularizer)
            else:
                config[key] = cell_config[key]
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


_CELL_ATTRIBUTES = frozenset((
    "units", "activation", "recurrent_activation", "use_bias", "unit_forget_bias",
    "kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer",
    "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "reset_after", "implementation"))

_WEIGHT_KEYS = ("kernel_initializer", "recurrent_initializer", "bias_initializer")
_PENALTY_KEYS = ("kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
                 "activity_regularizer", "kernel_constraint", "recurrent_constraint",
                 "bias_constraint", "dropout", "recurrent_dropout")


class SimpleRNN(_CellLayer):
    """A fully connected RNN: ``h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel
    + bias)``.

    Args: those of ``SimpleRNNCell`` and of ``RNN`` (return_sequences, return_state,
    go_backwards, stateful, unroll). As in Keras 3, ``activity_regularizer`` is accepted but
    not applied.

    Example:
        >>> model = keras.Sequential([keras.Input((10, 8)), keras.layers.SimpleRNN(4)])
    """

    cell_class = SimpleRNNCell
    cell_name = "simple_rnn_cell"

    def __init__(self, units, activation="tanh", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
                 bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, unroll=False,
                 seed=None, **kwargs):
        cell_kwargs = dict(
            units=units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed)
        # Keras 3's SimpleRNN drops `activity_regularizer` (it is not passed to the layer)
        super().__init__(cell_kwargs, return_sequences=return_sequences,
                         return_state=return_state, go_backwards=go_backwards,
                         stateful=stateful, unroll=unroll, **kwargs)

    def get_config(self):
        return self._layer_config(("units", "activation", "use_bias") + _WEIGHT_KEYS +
                                  _PENALTY_KEYS)


class LSTM(_CellLayer):
    """Long short-term memory (Hochreiter 1997), as Keras 3's ``LSTM``.

    Args: those of ``LSTMCell`` (units, activation ``"tanh"``, recurrent_activation
    ``"sigmoid"``, unit_forget_bias ``True`` …) and of ``RNN``; ``use_cudnn`` is accepted
    and ignored.

    Example:
        >>> model = keras.Sequential([keras.Input((100,)), keras.layers.Embedding(1000, 32),
        ...                           keras.layers.LSTM(32), keras.layers.Dense(1)])
    """

    cell_class = LSTMCell
    cell_name = "lstm_cell"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False,
                 return_state=False, go_backwards=False, stateful=False, unroll=False,
                 use_cudnn="auto", **kwargs):
        cell_kwargs = dict(
            units=units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            unit_forget_bias=unit_forget_bias, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
            implementation=kwargs.pop("implementation", 2))
        super().__init__(cell_kwargs, return_sequences=return_sequences,
                         return_state=return_state, go_backwards=go_backwards,
                         stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        _check_cudnn(use_cudnn)
        self.use_cudnn = use_cudnn

    def get_config(self):
        return self._layer_config(
            ("units", "activation", "recurrent_activation", "use_bias") + _WEIGHT_KEYS +
            ("unit_forget_bias",) + _PENALTY_KEYS + ("seed",))


class GRU(_CellLayer):
    """Gated recurrent unit (Cho 2014), as Keras 3's ``GRU`` (``reset_after=True`` by
    default: the cuDNN-compatible variant with a ``(2, 3 * units)`` bias).

    Args: those of ``GRUCell`` and of ``RNN``; ``use_cudnn`` is accepted and ignored.
    """

    cell_class = GRUCell
    cell_name = "gru_cell"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid",
                 use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None,
                 bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, reset_after=True, use_cudnn="auto", **kwargs):
        cell_kwargs = dict(
            units=units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint,
            dropout=dropout, recurrent_dropout=recurrent_dropout, reset_after=reset_after,
            seed=seed, implementation=kwargs.pop("implementation", 2))
        super().__init__(cell_kwargs, return_sequences=return_sequences,
                         return_state=return_state, go_backwards=go_backwards,
                         stateful=stateful, unroll=unroll,
                         activity_regularizer=activity_regularizer, **kwargs)
        _check_cudnn(use_cudnn)
        self.use_cudnn = use_cudnn

    def get_config(self):
        return self._layer_config(
            ("units", "activation", "recurrent_activation", "use_bias") + _WEIGHT_KEYS +
            _PENALTY_KEYS + ("reset_after", "seed"))


def _check_cudnn(use_cudnn):
    if use_cudnn not in ("auto", True, False):
        raise ValueError("Invalid valid received for argument `use_cudnn`. Expected one of "
                         f"{{'auto', True, False}}. Received: use_cudnn={use_cudnn}")


# -- Bidirectional ---------------------------------------------------------------------------
_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


class Bidirectional(Layer):
    """Runs a recurrent layer forwards and a copy of it backwards, and merges the outputs.

    Args:
        layer: an RNN layer (``LSTM(8)``); it is copied into ``forward_<name>`` and
            ``backward_<name>`` (``go_backwards=True``), whose weights the wrapper holds in
            that order.
        merge_mode: ``"concat"`` (default), ``"sum"``, ``"mul"``, ``"ave"`` or None (a list
            of both outputs).
        backward_layer: an explicit backward layer (must have ``go_backwards=True``).

    With ``return_sequences``, the backward outputs are flipped back to the inputs' order,
    and masked steps output zeros (as in Keras).

    Example:
        >>> layer = keras.layers.Bidirectional(keras.layers.LSTM(16, return_sequences=True))
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None,
                 **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError("Please initialize `Bidirectional` layer with a "
                             f"`keras.layers.Layer` instance. Received: {layer}")
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError("`backward_layer` need to be a `keras.layers.Layer` instance. "
                             f"Received: {backward_layer}")
        if merge_mode not in _MERGE_MODES:
            raise ValueError(f"Invalid merge mode. Received: {merge_mode}. Merge mode should "
                             'be one of {"sum", "mul", "ave", "concat", None}')
        super().__init__(**kwargs)
        self.forward_layer = _copy_layer(layer, "forward_")
        if backward_layer is None:
            self.backward_layer = _copy_layer(layer, "backward_", go_backwards=True)
        else:
            self.backward_layer = backward_layer
        self._verify_layer_config()
        for sub in (self.forward_layer, self.backward_layer):
            if getattr(sub, "zero_output_for_mask", None) is not None:
                sub.zero_output_for_mask = sub.return_sequences
        self.merge_mode = merge_mode
        if weights:
            n = len(weights)
            self.forward_layer._initial_weights = weights[:n // 2]
            self.backward_layer._initial_weights = weights[n // 2:]
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec

    def _verify_layer_config(self):
        fwd, bwd = self.forward_layer, self.backward_layer
        if fwd.go_backwards == bwd.go_backwards:
            raise ValueError("Forward layer and backward layer should have different "
                             f"`go_backwards` value. Received: forward_layer.go_backwards "
                             f"{fwd.go_backwards}, backward_layer.go_backwards="
                             f"{bwd.go_backwards}")
        for a in ("stateful", "return_sequences", "return_state"):
            if getattr(fwd, a) != getattr(bwd, a):
                raise ValueError("Forward layer and backward layer are expected to have the "
                                 f'same value for attribute "{a}", got "{getattr(fwd, a)}" '
                                 f'for forward layer and "{getattr(bwd, a)}" for backward '
                                 "layer")

    def build(self, sequences_shape, initial_state_shape=None):
        _remember_build_shape(self, sequences_shape)
        for sub in (self.forward_layer, self.backward_layer):
            if not sub.built:
                sub._built_path = f"{self.path}/{sub.name}"
                sub._build_shapes = tuple(sequences_shape)
                sub.build(tuple(sequences_shape))
                sub.built = True
                if sub._initial_weights is not None:
                    sub.set_weights(sub._initial_weights)
                    sub._initial_weights = None
        self.built = True

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        output_shape = self.forward_layer.compute_output_shape(sequences_shape)
        state_shape = ()
        if self.return_state:
            output_shape, state_shape = output_shape[0], tuple(output_shape[1:])
        if self.merge_mode == "concat":
            output_shape = tuple(output_shape[:-1]) + (output_shape[-1] * 2,)
        elif self.merge_mode is None:
            output_shape = [output_shape, output_shape]
        if self.return_state:
            if self.merge_mode is None:
                return tuple(output_shape) + state_shape + state_shape
            return (output_shape,) + state_shape + state_shape
        return tuple(output_shape)

    def call(self, sequences, initial_state=None, mask=None, training=None):
        kwargs = {"training": training}
        if mask is not None:
            kwargs["mask"] = mask
        forward_state = backward_state = None
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_state, backward_state = initial_state[:half], initial_state[half:]
        y = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        y_rev = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        states = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        if self.return_sequences:
            y_rev = _reverse(y_rev, [1])
        if self.merge_mode == "concat":
            output = _s.concat([y, y_rev], axis=-1)
        elif self.merge_mode == "sum":
            output = _m.add(y, y_rev)
        elif self.merge_mode == "ave":
            output = _m.divide(_m.add(y, y_rev), constant(2.0, dtype=y.dtype))
        elif self.merge_mode == "mul":
            output = _m.multiply(y, y_rev)
        else:
            output = [y, y_rev]
        if self.return_state:
            if self.merge_mode is None:
                return tuple(output) + states
            return (output,) + states
        return output

    def compute_mask(self, inputs, mask):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if self.return_sequences:
            output_mask = [mask, mask] if not self.merge_mode else mask
        else:
            output_mask = [None, None] if not self.merge_mode else None
        return output_mask

    def get_config(self):
        from . import serialize
        config = super().get_config()
        config["merge_mode"] = self.merge_mode
        config["layer"] = serialize(self.forward_layer)
        config["backward_layer"] = serialize(self.backward_layer)
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from . import deserialize
        config = dict(config)
        config["layer"] = deserialize(config["layer"], custom_objects=custom_objects)
        backward = config.pop("backward_layer", None)
        if backward is not None:
            config["backward_layer"] = deserialize(backward, custom_objects=custom_objects)
        return cls(**config)


def _copy_layer(layer, prefix, go_backwards=None):
    """A fresh copy of ``layer`` (from its config) named ``prefix + name``."""
    config = layer.get_config()
    name = layer.name.removeprefix(prefix)
    config["name"] = prefix + name
    if go_backwards is not None:
        config["go_backwards"] = go_backwards
    return type(layer).from_config(config)
