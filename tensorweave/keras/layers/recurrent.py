"""Recurrent layers: ``SimpleRNN``, ``LSTM``, ``GRU`` (and their cells), the generic
``RNN(cell)`` wrapper and ``Bidirectional``, as in Keras 3.

A recurrent layer is unrolled over the time dimension (its cell, from
``recurrent_cells.py``, once per step) when the number of steps is known when the layer is
called (``keras.Input(shape=(100, 8))``, or an ``Embedding`` after ``Input(shape=(100,))``);
with ``keras.Input(shape=(None, 8))`` it runs a ``tf.while_loop`` over the steps instead (the
first step before the loop), with the same values and gradients.
The inputs' projection through ``kernel`` is one matmul over all steps; each step then adds
the recurrent part. Gradients come
from the unrolled graph (backpropagation through time).

Weights, names and configs follow Keras 3: ``LSTM(4)`` holds ``lstm/lstm_cell/kernel``
``(input_dim, 16)``, ``recurrent_kernel`` ``(4, 16)`` and ``bias`` ``(16,)`` (gates i, f, c, o);
``GRU`` gates are z, r, h and with ``reset_after=True`` (the default) its bias is ``(2, 3 *
units)`` (input bias, recurrent bias). Masks (``Embedding(mask_zero=True)``) skip steps: a
masked step keeps the previous state and repeats the previous output.
"""

import inspect

from ... import dtypes as _dt
from ... import graph as _g
from ...ops import math as _m
from ...ops import shape as _s
from ...ops.creation import constant, zeros_like
from ...ops.indexing import reverse as _reverse
from .. import regularizers as _regularizers
from .layer import Layer, InputSpec
from .recurrent_cells import (GRUCell, LSTMCell, SimpleRNNCell, _Cell,
                              _remember_build_shape, _zeros_state)

__all__ = ["SimpleRNNCell", "LSTMCell", "GRUCell", "RNN", "SimpleRNN", "LSTM", "GRU",
           "Bidirectional"]


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
        if not sequences.shape.ndims:
            raise ValueError(f"{type(self).__name__}: the inputs need a known rank (batch, "
                             f"timesteps, features), got shape {sequences.shape}")
        steps = sequences.shape.as_tuple()[1]  # None: known at run time only (a loop)
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
            projected = cell._project(sequences, dp_mask)

            def step(x_t, states):
                return cell._step(x_t, states, rec_mask)
        else:
            projected = sequences
            kwargs = {"training": training} if _takes_training(cell.call) else {}

            def step(x_t, states):
                out, new = cell.call(x_t, list(states), **kwargs)
                return out, list(new) if isinstance(new, (list, tuple)) else [new]
        if steps is None:
            return self._looped(projected, states, mask, step)
        steps = int(steps)
        inputs = _s.unstack(projected, num=steps, axis=1)
        masks = None if mask is None else _s.unstack(mask, num=steps, axis=1)
        if self.go_backwards:
            inputs = inputs[::-1]
            masks = None if masks is None else masks[::-1]
        outputs, prev = [], None
        for t, x_t in enumerate(inputs):
            out, new_states = self._masked_step(step, x_t, states, prev,
                                                None if masks is None else masks[t])
            states, prev = list(new_states), out
            outputs.append(out)
        if self.return_sequences:
            output = _s.stack(outputs, axis=1)
        else:
            output = outputs[-1]
        if self.return_state:
            return (output, *states)
        return output

    def _masked_step(self, step, x_t, states, prev, mask_t):
        """One step: ``(output, new states)``; where ``mask_t`` (batch,) is False, the
        previous states are kept and the output is the previous one (or zeros, for
        ``zero_output_for_mask`` and at the first step)."""
        out, new_states = step(x_t, states)
        if mask_t is None:
            return out, new_states
        keep = _s.expand_dims(mask_t, 1)
        if prev is None or self.zero_output_for_mask:
            prev = zeros_like(out)
        out = _m.where(keep, out, prev)
        return out, [_m.where(keep, n, s) for n, s in zip(new_states, states)]

    def _looped(self, projected, states, mask, step):
        """``_run``'s steps as a ``tf.while_loop`` over a number of time steps known only at
        run time (``keras.Input((None, features))``): step 0 before the loop, the others in
        it, with the same masking; the loop carries the states and the last output."""
        from ...ops.functional import looped

        def time_major(t):
            t = _s.transpose(t, [1, 0] + list(range(2, t.shape.ndims)))
            return _reverse(t, [0]) if self.go_backwards else t
        xs = time_major(projected)
        ms = None if mask is None else time_major(mask)
        length = _s.shape(xs, out_type=_dt.int32)[0]

        def one(t, carried):
            states, prev = carried[:-1], carried[-1]
            out, new_states = self._masked_step(step, xs[t], states, prev,
                                                None if ms is None else ms[t])
            return list(new_states) + [out], out

        first, out = one(0, list(states) + [None])
        carried, outputs = looped(length, 1, first, one,
                                  out if self.return_sequences else None)
        states = carried[:-1]
        if self.return_sequences:
            output = _s.transpose(outputs, [1, 0] + list(range(2, outputs.shape.ndims)))
        else:
            output = carried[-1]
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
