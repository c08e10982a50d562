"""TF 1's recurrent networks: ``tf.nn.static_rnn``, ``tf.nn.dynamic_rnn``,
``tf.nn.bidirectional_dynamic_rnn`` and ``tf.nn.static_bidirectional_rnn``, running the cells
of ``tensorweave/rnn_cell.py`` (``tf.nn.rnn_cell``).

``dynamic_rnn`` unrolls over the time dimension when it is known statically (each step's
ops are then plain graph ops the passes optimize); when it is not (``[None, None, depth]``
inputs), it runs a ``tf.while_loop`` over the time steps, the first step computed before the
loop (it creates the cell's variables). Outputs, states, gradients and variable names are
TF's either way. Past each sequence's ``sequence_length`` the output is zero and
the state is carried unchanged, as TF's ``_rnn_step`` does.

Example:
    >>> cell = tf.nn.rnn_cell.BasicLSTMCell(64)
    >>> outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)  # x: [batch, 20, 8]
"""

from . import dtypes as _dt
from .ops import math as _math
from .ops import shape as _shape
from .ops.creation import convert_to_tensor
from .rnn_cell import (LSTMStateTuple, RNNCell, _batch_size, _flatten, _is_seq, _map,
                       _pack_as, _zero_state, rnn_cell)
from .variable_scope import variable_scope

__all__ = ["static_rnn", "dynamic_rnn", "static_bidirectional_rnn",
           "bidirectional_dynamic_rnn", "rnn_cell", "RNNCell", "LSTMStateTuple"]


# -- running cells over sequences -------------------------------------------------------------
def _initial_state(cell, initial_state, dtype, batch_size):
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError("If no initial_state is provided, argument `dtype` must be specified")
    return cell.zero_state(batch_size, dtype)


def _seq_length(sequence_length):
    if sequence_length is None:
        return None
    sequence_length = _math.cast(convert_to_tensor(sequence_length), _dt.int32)
    if sequence_length.shape.ndims not in (None, 1):
        raise ValueError(f"Argument sequence_length must be a vector of length batch_size. "
                         f"Received sequence_length={sequence_length} of shape: "
                         f"{sequence_length.shape}")
    return _math.identity(sequence_length, name="sequence_length")


def _copy_through(time, sequence_length, zero_output, output, state, new_state):
    """Past a sequence's end: zero output, state carried unchanged (TF's ``_rnn_step``)."""
    done = _math.greater_equal(convert_to_tensor(time, dtype=_dt.int32), sequence_length)
    output = _map(lambda z, o: _math.where_v1(done, z, o), zero_output, output)
    new_state = _map(lambda s, n: _math.where_v1(done, s, n), state, new_state)
    return output, new_state


def _unrolled(cell, steps, state, sequence_length, batch_size):
    """Runs ``cell`` over the list ``steps`` (each a nest of [batch, depth] tensors)."""
    zero_output = None
    if sequence_length is not None:
        dtype = _flatten(state)[0].dtype
        zero_output = _zero_state(cell.output_size, batch_size, dtype)
    outputs = []
    for time, step in enumerate(steps):
        output, new_state = cell(step, state)
        if sequence_length is not None:
            output, new_state = _copy_through(time, sequence_length, zero_output, output,
                                              state, new_state)
        outputs.append(output)
        state = new_state
    return outputs, state


def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None,
               scope=None):
    """Runs ``cell`` over the list ``inputs`` (one ``[batch, depth]`` tensor per step).

    Args:
        cell: an RNNCell.
        inputs: a list of tensors (or nests of tensors), one per time step.
        initial_state: the starting state (default: zeros, which needs ``dtype``).
        dtype: the state's dtype when ``initial_state`` is not given.
        sequence_length: int vector [batch]: past each length the output is zero and the
            state is frozen.
        scope: variable scope (default "rnn").

    Returns:
        ``(outputs, state)``: the list of outputs and the final state.

    Raises:
        TypeError: ``inputs`` not a list; ValueError: empty inputs, unknown depth, no dtype.

    Example:
        >>> outputs, state = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)
    """
    if not hasattr(cell, "state_size"):
        raise TypeError(f"The argument 'cell' ({cell}) is not an RNNCell.")
    if not _is_seq(inputs):
        raise TypeError(f"inputs must be a sequence, got {type(inputs).__name__}")
    if not inputs:
        raise ValueError("inputs must not be empty")
    with variable_scope(scope or "rnn"):
        steps = [_map(convert_to_tensor, x) for x in inputs]
        first = _flatten(steps[0])
        for x in first:
            if x.shape.ndims is not None and x.shape.ndims < 2:
                raise ValueError(f"Expected inputs to be at least rank 2, got {x.shape}")
            if x.shape.ndims is None or x.shape[-1].value is None:
                raise ValueError("Input size (dimension 1 of inputs) must be accessible via "
                                 "shape inference, but saw value None.")
        batch_size = _batch_size(first)
        state = _initial_state(cell, initial_state, dtype, batch_size)
        sequence_length = _seq_length(sequence_length)
        outputs, state = _unrolled(cell, steps, state, sequence_length, batch_size)
        return outputs, state


def _time_steps(flat_inputs, time_major):
    """The static number of time steps, or None when only the run knows it."""
    axis = 0 if time_major else 1
    steps = None
    for x in flat_inputs:
        if x.shape.ndims is None or x.shape.ndims < 2:
            raise ValueError(f"dynamic_rnn needs inputs of rank >= 2 with known rank "
                             f"([batch, time, depth] or, time_major, [time, batch, depth]); "
                             f"got shape {x.shape}")
        if x.shape[-1].value is None:
            raise ValueError("Input size (depth of inputs) must be accessible via shape "
                             "inference, but saw value None.")
        steps = steps if steps is not None else x.shape[axis].value
    return None if steps is None else int(steps)


def _looped(cell, inputs, flat, time_major, state, sequence_length, batch_size):
    """``dynamic_rnn``'s steps as a ``tf.while_loop`` over a time dimension known only at
    run time: step 0 before the loop (the cell makes its variables there), the others in
    it, each output appended to the stacked ones. Returns (time-major outputs, state)."""
    from .ops.functional import looped
    xs = flat if time_major else \
        [_shape.transpose(x, [1, 0] + list(range(2, x.shape.ndims))) for x in flat]
    length = _shape.shape(xs[0], out_type=_dt.int32)[0]
    zero_output = None
    if sequence_length is not None:
        zero_output = _zero_state(cell.output_size, batch_size, _flatten(state)[0].dtype)

    def step(t, state):
        output, new_state = cell(_pack_as(inputs, [x[t] for x in xs]), state)
        if sequence_length is not None:
            output, new_state = _copy_through(t, sequence_length, zero_output, output,
                                              state, new_state)
        return new_state, output

    state, first = step(0, state)
    return looped(length, 1, state, step, first)[::-1]


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None,
                parallel_iterations=None, swap_memory=False, time_major=False, scope=None):
    """Runs ``cell`` over the time dimension of ``inputs`` (unrolled when it is known
    statically, else a ``tf.while_loop``).

    Args:
        cell: an RNNCell.
        inputs: ``[batch, time, depth]`` (``[time, batch, depth]`` if ``time_major``), or a
            nest of such tensors.
        sequence_length: int vector [batch]: past each length the output is zero and the
            state is frozen at its last valid step.
        initial_state: the starting state (default: zeros, which needs ``dtype``).
        dtype: the state's dtype when ``initial_state`` is not given.
        parallel_iterations, swap_memory: accepted, no effect.
        time_major: the layout of inputs and outputs.
        scope: variable scope (default "rnn").

    Returns:
        ``(outputs, state)``: outputs ``[batch, time, output_size]`` (time-major if
        ``time_major``) and the final state.

    Raises:
        ValueError: an unknown depth, no ``dtype`` or ``initial_state``, a
            ``sequence_length`` that is not a vector.

    Example:
        >>> x = tf.placeholder(tf.float32, [None, 20, 8])
        >>> outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(32), x, dtype=tf.float32)
    """
    if not hasattr(cell, "state_size"):
        raise TypeError(f"The argument 'cell' ({cell}) is not an RNNCell.")
    with variable_scope(scope or "rnn"):
        flat = [convert_to_tensor(x) for x in _flatten(inputs)]
        n_steps = _time_steps(flat, time_major)
        batch_size = _batch_size(flat, axis=1 if time_major else 0)
        sequence_length = _seq_length(sequence_length)
        state = _initial_state(cell, initial_state, dtype, batch_size)
        if n_steps is None:  # known at run time only: a tf.while_loop
            outputs, state = _looped(cell, inputs, flat, time_major, state, sequence_length,
                                     batch_size)
            if not time_major:
                outputs = _map(lambda o: _shape.transpose(
                    o, [1, 0] + list(range(2, o.shape.ndims))), outputs)
            return outputs, state
        per_input = [_shape.unstack(x, num=n_steps, axis=0 if time_major else 1)
                     for x in flat]
        steps = [_pack_as(inputs, [p[t] for p in per_input]) for t in range(n_steps)]
        outputs, state = _unrolled(cell, steps, state, sequence_length, batch_size)
        axis = 0 if time_major else 1
        flat_out = [_flatten(o) for o in outputs]
        stacked = [_shape.stack([o[k] for o in flat_out], axis=axis)
                   for k in range(len(flat_out[0]))]
        return _pack_as(outputs[0], stacked), state


def _reverse(x, sequence_length, axis, batch_axis):
    from .ops.indexing import reverse
    if sequence_length is None:
        return reverse(x, [axis])
    from .ops.array_extra import reverse_sequence
    return reverse_sequence(x, sequence_length, seq_axis=axis, batch_axis=batch_axis)


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None,
                              initial_state_fw=None, initial_state_bw=None, dtype=None,
                              parallel_iterations=None, swap_memory=False, time_major=False,
                              scope=None):
    """A forward and a backward ``dynamic_rnn`` (scopes ``bidirectional_rnn/fw`` and
    ``/bw``); the backward one reads each sequence reversed within its length.

    Returns:
        ``((output_fw, output_bw), (state_fw, state_bw))``, outputs in input order.
    """
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(
                cell_fw, inputs, sequence_length=sequence_length,
                initial_state=initial_state_fw, dtype=dtype, time_major=time_major,
                scope=fw_scope)
        time_axis, batch_axis = (0, 1) if time_major else (1, 0)
        with variable_scope("bw") as bw_scope:
            if sequence_length is not None:
                sequence_length = _math.cast(convert_to_tensor(sequence_length), _dt.int32)
            reversed_inputs = _map(lambda x: _reverse(convert_to_tensor(x), sequence_length,
                                                      time_axis, batch_axis), inputs)
            tmp, state_bw = dynamic_rnn(
                cell_bw, reversed_inputs, sequence_length=sequence_length,
                initial_state=initial_state_bw, dtype=dtype, time_major=time_major,
                scope=bw_scope)
    output_bw = _map(lambda x: _reverse(x, sequence_length, time_axis, batch_axis), tmp)
    return (output_fw, output_bw), (state_fw, state_bw)


def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None,
                             initial_state_bw=None, dtype=None, sequence_length=None,
                             scope=None):
    """A forward and a backward ``static_rnn``; outputs are ``concat([fw, bw], 1)`` per step.

    Returns:
        ``(outputs, state_fw, state_bw)``.
    """
    if not _is_seq(inputs):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype,
                                             sequence_length, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            stacked = _shape.stack([convert_to_tensor(x) for x in inputs], 0)
            if sequence_length is not None:
                sequence_length = _math.cast(convert_to_tensor(sequence_length), _dt.int32)
            reversed_inputs = _shape.unstack(_reverse(stacked, sequence_length, 0, 1),
                                             num=len(inputs))
            tmp, state_bw = static_rnn(cell_bw, reversed_inputs, initial_state_bw, dtype,
                                       sequence_length, scope=bw_scope)
    output_bw = _shape.unstack(_reverse(_shape.stack(tmp, 0), sequence_length, 0, 1),
                               num=len(inputs))
    outputs = [_shape.concat([fw, bw], 1) for fw, bw in zip(output_fw, output_bw)]
    return outputs, state_fw, state_bw
