"""TF 1's recurrent cells, ``tf.nn.rnn_cell``: ``BasicRNNCell``, ``BasicLSTMCell``,
``LSTMCell``, ``GRUCell``, ``MultiRNNCell``, ``DropoutWrapper``, ``ResidualWrapper``,
``DeviceWrapper`` (``tensorweave/rnn.py`` runs them over sequences).

Cells follow TF's
legacy ``rnn_cell_impl``: the variables of a cell live in ``<enclosing scope>/<cell name>``
(``rnn/basic_lstm_cell/kernel``), the scope is captured at the first call and reused after,
kernels are ``[input_depth + hidden, k * units]`` (gates ``i, j, f, o`` for the LSTMs) and
default to ``get_variable``'s glorot_uniform, biases to zeros (GRU gates: ones).

Example:
    >>> cell = tf.nn.rnn_cell.BasicLSTMCell(64)
    >>> output, state = cell(x_t, cell.zero_state(32, tf.float32))  # x_t: [32, depth]
"""

import collections
import numbers
import re

from . import dtypes as _dt
from . import graph as _g
from . import initializers as _init
from .ops import math as _math
from .ops import shape as _shape
from .ops.creation import constant, convert_to_tensor, zeros
from .ops.nn import bias_add, dropout as _dropout
from .shapes import TensorShape
from .variable_scope import get_variable, get_variable_scope, variable_scope

__all__ = ["RNNCell", "LayerRNNCell", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell",
           "MultiRNNCell", "DropoutWrapper", "ResidualWrapper", "DeviceWrapper",
           "LSTMStateTuple", "rnn_cell"]


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """The state of an LSTM cell: ``c`` (the memory) and ``h`` (the output)."""

    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError(f"Inconsistent internal state: {c.dtype} vs {h.dtype}")
        return c.dtype


# -- nested structures (tuples, namedtuples, lists of tensors or sizes) ------------------------
def _is_seq(x):
    return isinstance(x, (tuple, list))


def _flatten(x):
    if _is_seq(x):
        return [leaf for item in x for leaf in _flatten(item)]
    return [x]


def _pack_as(structure, flat):
    """``flat`` (a list) arranged as ``structure``."""
    flat = list(flat)

    def build(s):
        if not _is_seq(s):
            return flat.pop(0)
        items = [build(item) for item in s]
        if hasattr(s, "_fields"):  # namedtuple
            return type(s)(*items)
        return type(s)(items)
    out = build(structure)
    assert not flat, "structure and flat sequence differ in length"
    return out


def _map(fn, *structures):
    flats = [_flatten(s) for s in structures]
    return _pack_as(structures[0], [fn(*xs) for xs in zip(*flats)])


def _to_snake_case(name):
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return "private" + insecure if insecure[0] == "_" else insecure


def _activation(activation):
    if activation is None:
        return _math.tanh
    if isinstance(activation, str):
        from .keras import activations
        return activations.get(activation)
    return activation


# -- the cell base class ----------------------------------------------------------------------
class RNNCell:
    """An RNN cell: ``output, new_state = cell(inputs, state)``.

    Subclasses define ``state_size``, ``output_size`` and ``call(inputs, state)``, and create
    their variables in ``build(inputs_shape)`` with ``add_variable``; ``__call__`` builds once,
    in the scope ``<scope at first call>/<snake_case class name>``, and reuses after.

    Args:
        trainable: whether the variables are trainable.
        name: the cell's scope name (default: the class name in snake_case).
        dtype: the variables' dtype (default: the first input's).
        reuse: reuse the variables of an existing scope of that name.
    """

    _default_name = None

    def __init__(self, trainable=True, name=None, dtype=None, reuse=None, _reuse=None,
                 **kwargs):
        unknown = set(kwargs) - {"_scope", "input_spec"}
        if unknown:
            raise TypeError(f"Keyword argument not understood: {sorted(unknown)[0]}")
        self.trainable = trainable
        self._base_name = name or self._default_name or _to_snake_case(type(self).__name__)
        self.name = self._base_name
        self._dtype = None if dtype is None else _dt.as_dtype(dtype)
        self._reuse = reuse if reuse is not None else _reuse
        self._outer_scope = None   # the variable scope current at the first call
        self._scope = None         # this cell's own scope inside it
        self.built = False
        self._variables = []

    # -- the interface subclasses fill in ------------------------------------------------------
    @property
    def state_size(self):
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self):
        raise NotImplementedError("Abstract method")

    def build(self, inputs_shape):
        self.built = True

    def call(self, inputs, state):
        raise NotImplementedError("RNNCell subclasses define call(inputs, state)")

    # -- layer plumbing ------------------------------------------------------------------------
    @property
    def dtype(self):
        return self._dtype

    @property
    def variables(self):
        return list(self._variables)

    weights = variables

    @property
    def trainable_variables(self):
        return [v for v in self._variables if self.trainable]

    trainable_weights = trainable_variables

    @property
    def non_trainable_variables(self):
        return [] if self.trainable else list(self._variables)

    def add_variable(self, name, shape=None, dtype=None, initializer=None, regularizer=None,
                     trainable=None, constraint=None, partitioner=None, **kwargs):
        """A variable of this cell (``get_variable`` in the cell's scope)."""
        if partitioner is not None:
            raise NotImplementedError("Partitioned RNN cell variables are not supported by "
                                      "tensorweave.")
        dtype = _dt.as_dtype(dtype or self._dtype or _dt.float32)
        var = get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                           regularizer=regularizer,
                           trainable=self.trainable if trainable is None else trainable,
                           constraint=constraint)
        if all(var is not v for v in self._variables):
            self._variables.append(var)
        return var

    add_weight = add_variable

    def __call__(self, inputs, state, scope=None):
        """Runs the cell on ``inputs`` ([batch, depth]) from ``state``.

        Returns:
            ``(output, new_state)``: ``[batch, output_size]`` and a state shaped like
            ``state``.
        """
        if scope is not None:
            with variable_scope(scope) as entered:
                return self._call_in_scope(inputs, state, entered)
        if self._outer_scope is None:  # first call: already in the scope to capture
            self._outer_scope = get_variable_scope()
            return self._call_in_scope(inputs, state, None)
        with variable_scope(self._outer_scope):
            return self._call_in_scope(inputs, state, None)

    def _call_in_scope(self, inputs, state, given):
        inputs = convert_to_tensor(inputs)
        if self._dtype is None:
            self._dtype = inputs.dtype
        if self._scope is None:
            if given is not None:
                self._scope = given
            elif self._reuse:
                with variable_scope(self._base_name) as captured:
                    self._scope = captured
            else:
                with variable_scope(None, default_name=self._base_name) as captured:
                    self._scope = captured
        reuse = True if self.built else self._reuse
        with variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False):
            with _g.name_scope(self._scope.name.split("/")[-1]):
                if not self.built:
                    self.build(inputs.shape)
                    self.built = True
                return self.call(inputs, state)

    def zero_state(self, batch_size, dtype):
        """Zeros shaped like ``state_size``, for ``batch_size`` rows.

        Example:
            >>> state = cell.zero_state(32, tf.float32)
        """
        with _g.name_scope(type(self).__name__ + "ZeroState"):
            return _zero_state(self.state_size, batch_size, dtype)

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        if inputs is not None:
            inputs = convert_to_tensor(inputs)
            batch_size = _batch_size([inputs])
            dtype = inputs.dtype
        return self.zero_state(batch_size, dtype)


LayerRNNCell = RNNCell


def _zero_state(state_size, batch_size, dtype):
    static = batch_size if isinstance(batch_size, numbers.Integral) else \
        _static_int(batch_size)

    def one(size):
        size = int(size)
        if static is not None:
            return zeros([static, size], dtype=dtype)
        return zeros(_shape.stack([batch_size, size]), dtype=dtype)
    return _map(one, state_size)


def _static_int(x):
    from .ops.registry import constant_value
    if isinstance(x, _g.Tensor):
        v = constant_value(x)
        return None if v is None else int(v)
    return int(x)


def _check_depth(inputs, what="inputs"):
    depth = inputs.shape[-1] if inputs.shape.ndims else None
    if depth is None or getattr(depth, "value", depth) is None:
        raise ValueError(f"Expected {what}.shape[-1] to be known, saw shape: {inputs.shape}")
    return int(getattr(depth, "value", depth))


def _batch_size(flat_inputs, axis=0):
    """The static batch size if known, else a scalar tensor."""
    for x in flat_inputs:
        dim = x.shape[axis].value if x.shape.ndims else None
        if dim is not None:
            return dim
    return _shape.shape(flat_inputs[0])[axis]


# -- the cells --------------------------------------------------------------------------------
class BasicRNNCell(RNNCell):
    """``output = new_state = activation(W [inputs, state] + b)``.

    Variables: ``basic_rnn_cell/kernel`` ``[depth + num_units, num_units]`` and ``bias``
    (zeros).
    """

    _default_name = "basic_rnn_cell"

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None,
                 **kwargs):
        super().__init__(name=name, dtype=dtype, reuse=reuse, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _check_depth_shape(inputs_shape)
        self._kernel = self.add_variable("kernel", [depth + self._num_units, self._num_units])
        self._bias = self.add_variable("bias", [self._num_units],
                                       initializer=_init.zeros_initializer())

    def call(self, inputs, state):
        gate_inputs = _math.matmul(_shape.concat([inputs, state], 1), self._kernel)
        output = self._activation(bias_add(gate_inputs, self._bias))
        return output, output


def _check_depth_shape(inputs_shape):
    shape = TensorShape(inputs_shape)
    if shape.ndims is None or shape[-1].value is None:
        raise ValueError(f"Expected inputs.shape[-1] to be known, saw shape: {shape}")
    return int(shape[-1].value)


class GRUCell(RNNCell):
    """Gated recurrent unit (Cho et al. 2014), TF 1's variant.

    ``r, u = sigmoid(W_g [x, h] + b_g)``; ``c = activation(W_c [x, r * h] + b_c)``;
    ``h' = u * h + (1 - u) * c``. Variables: ``gru_cell/gates/kernel``
    ``[depth + units, 2 * units]``, ``gates/bias`` (ones), ``candidate/kernel``
    ``[depth + units, units]``, ``candidate/bias`` (zeros).
    """

    _default_name = "gru_cell"

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None,
                 bias_initializer=None, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, reuse=reuse, **kwargs)
        self._num_units = num_units
        self._activation = _activation(activation)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    @property
    def state_size(self):
        return self._num_units

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _check_depth_shape(inputs_shape)
        n = self._num_units
        self._gate_kernel = self.add_variable("gates/kernel", [depth + n, 2 * n],
                                              initializer=self._kernel_initializer)
        self._gate_bias = self.add_variable(
            "gates/bias", [2 * n], initializer=self._bias_initializer
            if self._bias_initializer is not None else _init.constant_initializer(1.0))
        self._candidate_kernel = self.add_variable("candidate/kernel", [depth + n, n],
                                                   initializer=self._kernel_initializer)
        self._candidate_bias = self.add_variable(
            "candidate/bias", [n], initializer=self._bias_initializer
            if self._bias_initializer is not None else _init.zeros_initializer())

    def call(self, inputs, state):
        gate_inputs = bias_add(_math.matmul(_shape.concat([inputs, state], 1),
                                            self._gate_kernel), self._gate_bias)
        value = _math.sigmoid(gate_inputs)
        r, u = _shape.split(value, 2, axis=1)
        candidate = bias_add(_math.matmul(_shape.concat([inputs, r * state], 1),
                                          self._candidate_kernel), self._candidate_bias)
        c = self._activation(candidate)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class BasicLSTMCell(RNNCell):
    """The basic LSTM cell (no peepholes, no projection, no clipping).

    ``i, j, f, o = split(W [x, h] + b, 4)``; ``c' = c * sigmoid(f + forget_bias) +
    sigmoid(i) * tanh(j)``; ``h' = tanh(c') * sigmoid(o)``. Variables:
    ``basic_lstm_cell/kernel`` ``[depth + units, 4 * units]`` and ``bias`` (zeros).

    Args:
        num_units: the number of units.
        forget_bias: added to the forget gate's pre-activation (default 1.0).
        state_is_tuple: states are ``LSTMStateTuple(c, h)`` (default) or ``concat([c, h])``.
        activation: the inner activation (default tanh).
    """

    _default_name = "basic_lstm_cell"

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None,
                 reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, reuse=reuse, **kwargs)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self):
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    @property
    def output_size(self):
        return self._num_units

    def build(self, inputs_shape):
        depth = _check_depth_shape(inputs_shape)
        n = self._num_units
        self._kernel = self.add_variable("kernel", [depth + n, 4 * n])
        self._bias = self.add_variable("bias", [4 * n], initializer=_init.zeros_initializer())

    def call(self, inputs, state):
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = _shape.split(state, 2, axis=1)
        gate_inputs = bias_add(_math.matmul(_shape.concat([inputs, h], 1), self._kernel),
                               self._bias)
        i, j, f, o = _shape.split(gate_inputs, 4, axis=1)
        forget_bias = constant(self._forget_bias, dtype=f.dtype)
        new_c = c * _math.sigmoid(f + forget_bias) + _math.sigmoid(i) * self._activation(j)
        new_h = self._activation(new_c) * _math.sigmoid(o)
        if self._state_is_tuple:
            return new_h, LSTMStateTuple(new_c, new_h)
        return new_h, _shape.concat([new_c, new_h], 1)


class LSTMCell(RNNCell):
    """The LSTM cell with optional peepholes, cell clipping and an output projection.

    Variables: ``lstm_cell/kernel`` ``[depth + h, 4 * units]`` (h = num_proj or units),
    ``bias`` (zeros), with peepholes ``w_f_diag``, ``w_i_diag``, ``w_o_diag``, with
    ``num_proj`` ``projection/kernel`` ``[units, num_proj]``.

    Raises:
        NotImplementedError: for ``num_unit_shards``/``num_proj_shards`` (partitioned
            variables).
    """

    _default_name = "lstm_cell"

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None,
                 num_proj=None, proj_clip=None, num_unit_shards=None, num_proj_shards=None,
                 forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None,
                 name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype, reuse=reuse, **kwargs)
        if num_unit_shards is not None or num_proj_shards is not None:
            raise NotImplementedError(
                "LSTMCell(num_unit_shards=..., num_proj_shards=...) (partitioned weights) is "
                "not supported by tensorweave; leave them None.")
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = _activation(activation)

    @property
    def state_size(self):
        n, p = self._num_units, self._num_proj or self._num_units
        return LSTMStateTuple(n, p) if self._state_is_tuple else n + p

    @property
    def output_size(self):
        return self._num_proj or self._num_units

    def build(self, inputs_shape):
        depth = _check_depth_shape(inputs_shape)
        n = self._num_units
        h_depth = n if self._num_proj is None else self._num_proj
        init = self._initializer
        self._kernel = self.add_variable("kernel", [depth + h_depth, 4 * n], initializer=init)
        self._bias = self.add_variable("bias", [4 * n], initializer=_init.zeros_initializer())
        if self._use_peepholes:
            self._w_f_diag = self.add_variable("w_f_diag", [n], initializer=init)
            self._w_i_diag = self.add_variable("w_i_diag", [n], initializer=init)
            self._w_o_diag = self.add_variable("w_o_diag", [n], initializer=init)
        if self._num_proj is not None:
            self._proj_kernel = self.add_variable("projection/kernel", [n, self._num_proj],
                                                  initializer=init)

    def call(self, inputs, state):
        n = self._num_units
        num_proj = n if self._num_proj is None else self._num_proj
        sigmoid, act = _math.sigmoid, self._activation
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = _shape.slice(state, [0, 0], [-1, n])
            m_prev = _shape.slice(state, [0, n], [-1, num_proj])
        _check_depth(inputs)
        lstm_matrix = bias_add(_math.matmul(_shape.concat([inputs, m_prev], 1), self._kernel),
                               self._bias)
        i, j, f, o = _shape.split(lstm_matrix, 4, axis=1)
        if self._use_peepholes:
            c = (sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev
                 + sigmoid(i + self._w_i_diag * c_prev) * act(j))
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * act(j)
        if self._cell_clip is not None:
            c = _math.clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * act(c)
        else:
            m = sigmoid(o) * act(c)
        if self._num_proj is not None:
            m = _math.matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = _math.clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else \
            _shape.concat([c, m], 1)
        return m, new_state


class MultiRNNCell(RNNCell):
    """Cells stacked: the output of cell ``k`` is the input of cell ``k + 1``; the state is
    the tuple of their states. Variables live in ``multi_rnn_cell/cell_<k>/``.

    Raises:
        ValueError: for no cells, or tuple states with ``state_is_tuple=False``.
        TypeError: when ``cells`` is not a list or tuple.
    """

    _default_name = "multi_rnn_cell"

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not _is_seq(cells):
            raise TypeError(f"cells must be a list or tuple, but saw: {cells}.")
        self._cells = list(cells)
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(_is_seq(c.state_size) for c in self._cells):
            raise ValueError("Some cells return tuples of states, but the flag "
                             "state_is_tuple is not set.  State sizes are: "
                             f"{[c.state_size for c in self._cells]}")

    @property
    def state_size(self):
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(cell.state_size for cell in self._cells)

    @property
    def output_size(self):
        return self._cells[-1].output_size

    def zero_state(self, batch_size, dtype):
        with _g.name_scope(type(self).__name__ + "ZeroState"):
            if self._state_is_tuple:
                return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
            return _zero_state(self.state_size, batch_size, dtype)

    @property
    def variables(self):
        return [v for cell in self._cells for v in cell.variables]

    weights = variables

    @property
    def trainable_variables(self):
        return [v for cell in self._cells for v in cell.trainable_variables]

    trainable_weights = trainable_variables

    def call(self, inputs, state):
        cur_state_pos = 0
        cur_inp = inputs
        new_states = []
        for i, cell in enumerate(self._cells):
            with variable_scope(f"cell_{i}"):
                if self._state_is_tuple:
                    if not _is_seq(state):
                        raise ValueError(f"Expected state to be a tuple of length "
                                         f"{len(self.state_size)}, but received: {state}")
                    cur_state = state[i]
                else:
                    cur_state = _shape.slice(state, [0, cur_state_pos],
                                             [-1, cell.state_size])
                    cur_state_pos += cell.state_size
                cur_inp, new_state = cell(cur_inp, cur_state)
                new_states.append(new_state)
        if self._state_is_tuple:
            return cur_inp, tuple(new_states)
        return cur_inp, _shape.concat(new_states, 1)


def _default_dropout_state_filter(substate):
    if isinstance(substate, LSTMStateTuple):  # drop out h only, never the memory c
        return LSTMStateTuple(c=False, h=True)
    return True


class _Wrapper(RNNCell):
    """A cell around a cell: the inner cell's variables keep their names."""

    def __init__(self, cell, name=None):
        super().__init__(name=name)
        if not (hasattr(cell, "output_size") and hasattr(cell, "state_size")
                and callable(cell)):
            raise TypeError(f"The argument 'cell' ({cell}) is not an RNNCell: 'output_size' "
                            "property is missing, 'state_size' property is missing, either "
                            "'zero_state' or 'get_initial_state' method is required, is not "
                            "callable.")
        self.cell = cell

    @property
    def wrapped_cell(self):
        return self.cell

    @property
    def state_size(self):
        return self.cell.state_size

    @property
    def output_size(self):
        return self.cell.output_size

    def zero_state(self, batch_size, dtype):
        with _g.name_scope(type(self).__name__ + "ZeroState"):
            return self.cell.zero_state(batch_size, dtype)

    @property
    def variables(self):
        return self.cell.variables

    weights = variables

    @property
    def trainable_variables(self):
        return self.cell.trainable_variables

    trainable_weights = trainable_variables

    def __call__(self, inputs, state, scope=None):
        return self._call_wrapped_cell(inputs, state, scope)


class DropoutWrapper(_Wrapper):
    """Dropout on a cell's inputs, outputs and/or new state (``tf.nn.dropout`` with rate
    ``1 - keep_prob``; a Python keep prob of 1.0 adds nothing). For LSTM states only ``h``
    is dropped, never ``c``.

    Args:
        cell: the wrapped RNNCell.
        input_keep_prob, output_keep_prob, state_keep_prob: floats in [0, 1] or scalar
            tensors (a placeholder fed 1.0 at evaluation).
        seed: op-level seed.

    Raises:
        ValueError: a constant keep prob outside [0, 1].
        NotImplementedError: ``variational_recurrent=True``.
    """

    _default_name = "dropout_wrapper"

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0,
                 variational_recurrent=False, input_size=None, dtype=None, seed=None,
                 dropout_state_filter_visitor=None, **kwargs):
        super().__init__(cell, name=kwargs.pop("name", None))
        if variational_recurrent:
            raise NotImplementedError("DropoutWrapper(variational_recurrent=True) is not "
                                      "supported by tensorweave.")
        if dropout_state_filter_visitor is not None and \
                not callable(dropout_state_filter_visitor):
            raise TypeError("dropout_state_filter_visitor must be callable")
        self._filter = dropout_state_filter_visitor or _default_dropout_state_filter
        self._seed = seed
        from .ops.registry import constant_value
        with _g.name_scope("DropoutWrapperInit"):
            for prob, attr in ((input_keep_prob, "input_keep_prob"),
                               (state_keep_prob, "state_keep_prob"),
                               (output_keep_prob, "output_keep_prob")):
                if isinstance(prob, numbers.Real):
                    const = float(prob)
                    tensor = None
                else:
                    tensor = convert_to_tensor(prob)
                    const = constant_value(tensor)
                if const is not None:
                    if const < 0 or const > 1:
                        raise ValueError(f"Parameter {attr} must be between 0 and 1: "
                                         f"{int(const)}")
                    setattr(self, "_" + attr, float(const))
                else:
                    setattr(self, "_" + attr, tensor)

    def _gen_seed(self, salt, index):
        if self._seed is None:
            return None
        import hashlib
        string = (str(self._seed) + f"{salt}_{index}").encode("utf-8")
        return int(hashlib.md5(string).hexdigest()[:8], 16) & 0x7FFFFFFF

    def _drop(self, values, salt, keep_prob, keep_mask=None):
        flat = _flatten(values)
        mask = [True] * len(flat) if keep_mask is None else keep_mask
        out = [_dropout(v, rate=1. - keep_prob, seed=self._gen_seed(salt, i)) if m else v
               for i, (v, m) in enumerate(zip(flat, mask))]
        return _pack_as(values, out)

    def _state_mask(self, state):
        """Which leaves of ``state`` to drop: the filter's answer for each substructure, as
        TF's ``get_traverse_shallow_structure`` reads it (True on a tuple: ask its parts)."""
        def visit(s, answer):
            if answer is False:
                return [False] * len(_flatten(s))
            if answer is True:
                if not _is_seq(s):
                    return [True]
                return [m for sub in s for m in visit(sub, self._filter(sub))]
            return [m for sub, a in zip(s, answer) for m in visit(sub, a)]
        return visit(state, self._filter(state))

    def _call_wrapped_cell(self, inputs, state, scope):
        def should(p):
            return not isinstance(p, float) or p < 1
        if should(self._input_keep_prob):
            inputs = self._drop(inputs, "input", self._input_keep_prob)
        output, new_state = self.cell(inputs, state, scope=scope)
        if should(self._state_keep_prob):
            new_state = self._drop(new_state, "state", self._state_keep_prob,
                                   self._state_mask(new_state))
        if should(self._output_keep_prob):
            output = self._drop(output, "output", self._output_keep_prob)
        return output, new_state


class ResidualWrapper(_Wrapper):
    """``output = inputs + cell(inputs)`` (or ``residual_fn(inputs, output)``)."""

    _default_name = "residual_wrapper"

    def __init__(self, cell, residual_fn=None, **kwargs):
        super().__init__(cell, name=kwargs.pop("name", None))
        self._residual_fn = residual_fn

    def _call_wrapped_cell(self, inputs, state, scope):
        outputs, new_state = self.cell(inputs, state, scope=scope)
        if self._residual_fn is not None:
            return self._residual_fn(inputs, outputs), new_state
        return _map(lambda i, o: i + o, inputs, outputs), new_state


class DeviceWrapper(_Wrapper):
    """Runs the cell on ``device`` (one device here: the wrapper only passes through)."""

    _default_name = "device_wrapper"

    def __init__(self, cell, device, **kwargs):
        super().__init__(cell, name=kwargs.pop("name", None))
        self._device = device

    def _call_wrapped_cell(self, inputs, state, scope):
        return self.cell(inputs, state, scope=scope)


def _namespace():
    import types
    mod = types.ModuleType("tensorweave.nn.rnn_cell", "tf.nn.rnn_cell: TF 1's RNN cells")
    mod.__dict__.update(RNNCell=RNNCell, LayerRNNCell=LayerRNNCell, BasicRNNCell=BasicRNNCell,
                        BasicLSTMCell=BasicLSTMCell, LSTMCell=LSTMCell, GRUCell=GRUCell,
                        MultiRNNCell=MultiRNNCell, DropoutWrapper=DropoutWrapper,
                        ResidualWrapper=ResidualWrapper, DeviceWrapper=DeviceWrapper,
                        LSTMStateTuple=LSTMStateTuple)
    return mod


rnn_cell = _namespace()
