"""``keras.optimizers``: Keras 3's optimizers as graph update ops.

``apply_gradients(grads_and_vars)`` builds the ops of one step (run by ``fit``'s train step,
one session run per batch). Each follows Keras 3's base optimizer: clip the gradients
(``clipnorm``, ``global_clipnorm`` or ``clipvalue``), apply decoupled weight decay
(``var -= var * weight_decay * lr``) if ``weight_decay`` is set, run the optimizer's
``update_step`` per variable, apply variable constraints, then add one to ``iterations``.

Update rules (``g`` the gradient, ``lr`` the learning rate, ``t = iterations + 1``):

- ``SGD(learning_rate=0.01, momentum=0.0, nesterov=False)``: ``var -= lr * g``; with momentum
  ``m = momentum * m - lr * g`` then ``var += m`` (nesterov: ``var += momentum * m - lr * g``).
- ``Adam(0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)``:
  ``m += (g - m)(1 - b1)``; ``v += (g² - v)(1 - b2)``;
  ``var -= lr · sqrt(1 - b2^t)/(1 - b1^t) · m / (sqrt(v) + epsilon)``.
- ``AdamW(0.001, weight_decay=0.004, …)``: Adam plus decoupled weight decay.
- ``RMSprop(0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False)``:
  ``v = rho v + (1 - rho) g²``; ``var -= lr g / sqrt(v + epsilon)`` (centered: the
  denominator is ``v - avg_g² + epsilon``; with momentum the increment goes through it).
- ``Adagrad(0.001, initial_accumulator_value=0.1, epsilon=1e-7)``: ``a += g²``;
  ``var -= lr g / sqrt(a + epsilon)``.
- ``Adadelta(0.001, rho=0.95, epsilon=1e-7)``: ``a = rho a + (1-rho) g²``;
  ``d = -sqrt(ad + eps) g / sqrt(a + eps)``; ``ad = rho ad + (1-rho) d²``; ``var += lr d``.

``learning_rate`` may be a float, a ``keras.optimizers.schedules`` schedule or a callable.
The Keras 1/2 spelling ``lr`` is accepted with a DeprecationWarning.

Example:
    >>> opt = keras.optimizers.Adam(learning_rate=1e-3)
    >>> model.compile(optimizer=opt, loss="mse")
    >>> opt.learning_rate = 1e-4      # takes effect at the next step
"""

import warnings

import numpy as np

from ..function import fallback_if_tracing as _fallback_if_tracing
from ..function import keras_internal as _keras_internal
from ..function import keras_read as _keras_read
from ..function import keras_wrote as _keras_wrote
from .. import graph as _g
from ..ops import control as _control
from ..ops import math as _m
from ..eager import EagerTensor
from ..eager_variables import EagerVariable
from ..ops.creation import constant, convert_to_tensor
from ..ops.state import placeholder
from ..train.clip import clip_by_norm, clip_by_global_norm
from . import _serialization
from . import backend
from . import initializers as _initializers
from . import schedules as _schedules

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax",
           "Nadam", "get",
           "serialize", "deserialize", "schedules"]

schedules = _schedules



class _EagerVariableView:
    """A variable made eagerly, as the update rules see a ``keras.Variable`` while the
    optimizer's step is traced (``Optimizer._apply_eager``): ``value``/``read_value()``
    read it and ``assign*`` write it, in program order, inside the traced graph."""

    def __init__(self, var):
        self._var = var

    @property
    def value(self):
        return self._var.read_value()

    def read_value(self):
        return self._var.read_value()

    def assign(self, value):
        return self._var.assign(value)

    def assign_add(self, value):
        return self._var.assign_add(value)

    def assign_sub(self, value):
        return self._var.assign_sub(value)

    @property
    def dtype(self):
        return self._var.dtype.name

    @property
    def shape(self):
        return tuple(self._var.shape.as_list())

    @property
    def path(self):
        return self._var._handle_name

    @property
    def name(self):
        return self._var._handle_name.rsplit("/", 1)[-1]

    @property
    def constraint(self):
        return self._var.constraint

    @property
    def trainable(self):
        return self._var.trainable

class Optimizer:
    """Base class of Keras optimizers (graph form).

    Args:
        learning_rate: float, schedule or callable.
        weight_decay: decoupled weight decay factor (None: none).
        clipnorm: clip each gradient to this norm. clipvalue: clip each element.
        global_clipnorm: clip all gradients together to this global norm.
        name: the name of the optimizer's variables' scope (default: the snake-case class
            name made unique, as Keras does: ``sgd``, ``adam``, ``adam_1``, ``rm_sprop``).
    """

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None,
                 gradient_accumulation_steps=None, name=None, **kwargs):
        if "lr" in kwargs:
            warnings.warn(f"`lr` is deprecated in {type(self).__name__}; use `learning_rate` "
                          "instead.", DeprecationWarning, stacklevel=3)
            learning_rate = kwargs.pop("lr")
        for legacy in ("decay",):
            if legacy in kwargs:
                value = kwargs.pop(legacy)
                if value:
                    raise ValueError(f"`{legacy}` is not supported by Keras 3 optimizers; use "
                                     "a keras.optimizers.schedules schedule instead.")
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        if sum(v is not None for v in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can "
                             f"be set. Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                             f"global_clipnorm={global_clipnorm}")
        if gradient_accumulation_steps:
            raise NotImplementedError("gradient_accumulation_steps is not supported.")
        self.name = name or backend.auto_name(type(self).__name__)
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self._initial_lr = learning_rate
        self._variables = []
        self._iterations = None
        self._learning_rate_var = None
        self._slots = {}
        self._var_index = {}
        self.built = False
        self._exclude_from_weight_decay = set()
        self._exclude_names = []

    # -- state ------------------------------------------------------------------------------------
    def _get_variable_index(self, variable):
        return self._var_index[id(variable)]

    def _ensure_state(self):
        if self._iterations is not None:
            return
        # not in a tw.function's own graph (gone after the trace): traced into the Keras
        # graph instead, where the state is made (function.Function)
        _fallback_if_tracing(f"Keras optimizer {self.name}", keras=True)
        with _g.get_default_graph().control_dependencies(None):
            self._iterations = backend.Variable(
                np.array(0, dtype=np.int64), dtype="int64", trainable=False,
                name="iteration", path=f"{self.name}/iteration",  # Keras 3.15's name
                graph_name=f"{self.name}/iterations")
            self._variables.append(self._iterations)
            if not self._is_schedule():
                lr = self._initial_lr
                if callable(lr):
                    lr = lr()
                self._learning_rate_var = backend.Variable(
                    np.array(float(lr), dtype=backend.floatx()), trainable=False,
                    name="learning_rate", path=f"{self.name}/learning_rate")
                self._variables.append(self._learning_rate_var)

    def _is_schedule(self):
        return isinstance(self._initial_lr, _schedules.LearningRateSchedule)

    @property
    def iterations(self):
        """The number of steps applied (a ``keras.Variable``, int64)."""
        self._ensure_state()
        return self._iterations

    @property
    def variables(self):
        """``iterations``, ``learning_rate`` (unless a schedule) and the slot variables."""
        self._ensure_state()
        return list(self._variables)

    def _lr_tensor(self):
        """The learning rate of the current step, as a graph tensor."""
        if self._is_schedule():
            return self._initial_lr(_m.cast(self.iterations.value, backend.floatx()))
        return self._learning_rate_var.value

    @property
    def learning_rate(self):
        """The learning rate: a ``keras.Variable`` (float(...) gives its value); for a
        schedule, its value at the current step (a float). Assigning sets it."""
        self._ensure_state()
        if self._is_schedule():
            return float(backend.run(self._lr_tensor(), graph=self._iterations.graph))
        return self._learning_rate_var

    @learning_rate.setter
    def learning_rate(self, value):
        if isinstance(value, _schedules.LearningRateSchedule):
            if self._iterations is not None and not self._is_schedule():
                raise TypeError("This optimizer was created with a constant learning rate "
                                "and is built; it cannot switch to a schedule.")
            self._initial_lr = value
            return
        if self._is_schedule():
            raise TypeError("This optimizer was created with a `LearningRateSchedule` "
                            "object as its `learning_rate` constructor argument, hence its "
                            "learning rate is not settable.")
        self._ensure_state()
        self._learning_rate_var.assign(np.asarray(float(value), dtype=backend.floatx()))

    lr = learning_rate  # Keras 1/2 spelling (read and assign)

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """A slot variable shaped like ``reference_variable`` (``"<path>_<name>"``)."""
        short = f"{reference_variable.path.replace('/', '_')}_{name}"
        var = backend.Variable(_initializers.get(initializer), shape=reference_variable.shape,
                               dtype=reference_variable.dtype, trainable=False, name=short,
                               path=f"{self.name}/{short}")
        self._variables.append(var)
        return var

    def add_optimizer_variables(self, var_list, name, initializer="zeros"):
        """One slot per variable; with a list of names, a list of slots per name, made
        variable by variable (``m, v`` of the first variable, then of the next …)."""
        if isinstance(name, (list, tuple)):
            out = [[] for _ in name]
            for v in var_list:
                for slots, n in zip(out, name):
                    slots.append(self.add_variable_from_reference(v, n, initializer))
            return out
        return [self.add_variable_from_reference(v, name, initializer) for v in var_list]

    def build(self, var_list):
        """Creates the slots of ``var_list`` (called once, by the first apply)."""
        self._ensure_state()
        for i, v in enumerate(var_list):
            self._var_index[id(v)] = i
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(
                var_list, "average")
        self.built = True


    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Variables (or names containing one of ``var_names``) to leave undecayed."""
        for v in var_list or []:
            self._exclude_from_weight_decay.add(id(v))
        self._exclude_names.extend(var_names or [])

    def _use_weight_decay(self, variable):
        if id(variable) in self._exclude_from_weight_decay:
            return False
        return not any(name in variable.path for name in self._exclude_names)

    # -- the step --------------------------------------------------------------------------------
    def apply_gradients(self, grads_and_vars, name=None):
        """The op applying one step of ``(gradient, keras.Variable)`` pairs (None gradients
        are skipped). Returns a grouped Operation."""
        pairs = [(g, v) for g, v in grads_and_vars if g is not None]
        if not pairs:
            raise ValueError("No gradients provided for any variable.")
        variables = [v for _, v in pairs]
        graph = next((v.graph for v in variables if not isinstance(v, EagerVariable)), None)
        _fallback_if_tracing(f"Keras optimizer {self.name}", keras=graph is not None,
                             graph=graph)
        grads = [convert_to_tensor(g) for g, _ in pairs]
        if any(isinstance(v, EagerVariable) for v in variables):
            return self._apply_eager(grads, variables)
        if any(type(g) is EagerTensor for g in grads):
            return self._apply_now(grads, variables)
        graph = variables[0].graph
        with graph.as_default():
            self._ensure_state()
            if not self.built:
                with graph.control_dependencies(None), graph.name_scope(None):
                    self.build(variables)
            missing = [v for v in variables if id(v) not in self._var_index]
            if missing:
                raise ValueError(f"Unknown variables {[v.path for v in missing]}: this "
                                 "optimizer was built for other variables. Use a new "
                                 "optimizer (or re-compile the model).")
            # in a tw.function trace into this graph: the step reads and writes the
            # variables, its own state (ordered within); nothing written before it may be
            # among them, and all are written after it (function.keras_read)
            touched = list(variables) + list(self.variables)
            for v in touched:
                _keras_read(v, "read by an optimizer step")
            with graph.name_scope(name or self.name), _keras_internal():
                step = self._apply(grads, variables)
            _keras_wrote(touched + list(self.variables))
            return step

    def _apply_eager(self, grads, variables):
        """``apply_gradients`` on variables made eagerly (``tf.Variable`` in TF 2 code): the
        step is traced once into a graph of the optimizer's own, its state (iterations, slots)
        kept there, and run now with the gradients fed."""
        if not all(isinstance(v, EagerVariable) for v in variables):
            raise TypeError("apply_gradients got both variables made eagerly (tf.Variable) "
                            "and Keras variables; apply them with separate optimizers.")
        key = tuple(v._unique_id for v in variables)
        step = getattr(self, "_eager_step", None)
        if step is None:
            if self.built:
                raise ValueError("This optimizer already keeps its state in a graph; use a "
                                 "new optimizer for variables made eagerly.")
            # its iterations and learning rate, if read or set already, move to the graph
            # of its eager step
            kept = self._state_values()
            step = self._eager_step = self._trace_eager(variables)
            self._eager_key = key
            self._restore_state(kept)
        elif key != self._eager_key:
            raise ValueError("Unknown variables: this optimizer was built for other "
                             "variables. Use a new optimizer.")
        step._call_flat([_m.cast(g, v.dtype) if g.dtype != v.dtype else g
                         for g, v in zip(grads, variables)])
        return self._iterations

    def _apply_now(self, grads, variables):
        """Eager gradients for Keras variables (a custom training loop): the step is built
        once in the variables' graph with the gradients as placeholders, and run now in its
        Keras session (as Keras 3's ``apply_gradients`` applies at once)."""
        key = tuple(id(v) for v in variables)
        steps = self.__dict__.setdefault("_now_steps", {})
        if key not in steps:
            graph = variables[0].graph
            with graph.as_default():
                phs = [placeholder(v.dtype, v.shape, name=f"gradient_{i}")
                       for i, v in enumerate(variables)]
                steps[key] = (graph, phs, self.apply_gradients(zip(phs, variables)))
        graph, phs, update = steps[key]
        feed = {p: np.asarray(g.numpy(), dtype=p.dtype.as_numpy_dtype)
                for p, g in zip(phs, grads)}
        backend.get_session(graph).run(update, feed)
        return self._iterations

    def _state_values(self):
        """The iterations and learning rate as values, the variables holding them dropped
        (before the optimizer's state moves to another graph)."""
        if self._iterations is None:
            return None
        kept = (self._iterations.numpy(), None if self._learning_rate_var is None
                else self._learning_rate_var.numpy())
        self._iterations = self._learning_rate_var = None
        self._variables = []
        return kept

    def _restore_state(self, kept):
        if kept is None:
            return
        self._iterations.assign(kept[0])
        if kept[1] is not None:
            self._learning_rate_var.assign(kept[1])

    def _trace_eager(self, variables):
        from ..function import ConcreteFunction, FuncGraph
        from ..session import Session
        graph = FuncGraph(f"{self.name}_apply_gradients")
        # the Keras session of this graph (on NumPy, where eager variables live) keeps the
        # optimizer's state and runs the step
        backend.set_session(Session(graph=graph, backend="numpy"))
        views = [_EagerVariableView(v) for v in variables]
        with graph.as_default():
            phs = [placeholder(v.dtype, v.shape, name=f"gradient_{i}")
                   for i, v in enumerate(variables)]
            self._ensure_state()
            with graph.control_dependencies(None), graph.name_scope(None):
                self.build(views)
            with graph.name_scope(self.name):
                update = self._apply(phs, views)
        return ConcreteFunction(graph, phs, [update], session=backend.get_session(graph))

    def apply(self, grads, trainable_variables):
        return self.apply_gradients(zip(grads, trainable_variables))

    def _apply(self, grads, variables):
        self._shared = {}  # scalars computed once per step, shared by the variables
        lr = self._lr_tensor()
        if self.loss_scale_factor is not None:
            grads = [_m.divide(g, constant(self.loss_scale_factor, dtype=g.dtype))
                     for g in grads]
        grads = self._clip_gradients(grads)
        ops = []
        decayed = []
        if self.weight_decay is not None:
            for v in variables:
                if self._use_weight_decay(v):
                    wd = constant(self.weight_decay, dtype=v.dtype)
                    decayed.append(v.assign(_m.subtract(
                        v.value, _m.multiply(_m.multiply(v.value, wd), _m.cast(lr, v.dtype)))))
        with _g.get_default_graph().control_dependencies(decayed):
            for g, v in zip(grads, variables):
                g = _m.cast(g, v.dtype) if g.dtype.name != v.dtype else g
                ops.append(self.update_step(g, v, _m.cast(lr, v.dtype)
                                            if lr.dtype.name != v.dtype else lr))
        ops = [o for o in _flat(ops) if o is not None]
        constrained = []
        with _g.get_default_graph().control_dependencies(ops):
            for v in variables:
                if v.constraint is not None:
                    constrained.append(v.assign(v.constraint(v.read_value())))
        averaged = self._ema_updates(variables, ops + constrained) if self.use_ema else []
        with _g.get_default_graph().control_dependencies(ops + constrained + averaged):
            bump = self._iterations.assign_add(constant(1, dtype="int64"))
        return _control.group(*ops, *constrained, *averaged, bump, name="update")

    def _ema_updates(self, variables, after):
        """Keras 3's ``use_ema``: after the step, ``average = m * average + (1 - m) * var``
        with ``m = ema_momentum`` (0 on the first step, so the average starts at the
        updated weights); every ``ema_overwrite_frequency`` steps the weights are set to
        their averages."""
        graph = _g.get_default_graph()
        with graph.control_dependencies(after):
            first = _m.equal(self._iterations.value, constant(0, dtype="int64"))
            updates = []
            for v in variables:
                avg = self._model_variables_moving_average[self._get_variable_index(v)]
                momentum = _m.where(first, constant(0.0, dtype=v.dtype),
                                    constant(self.ema_momentum, dtype=v.dtype))
                one = constant(1.0, dtype=v.dtype)
                updates.append(avg.assign(_m.add(_m.multiply(momentum, avg.read_value()),
                                                 _m.multiply(_m.subtract(one, momentum),
                                                             v.read_value()))))
        updates = [o for o in _flat(updates) if o is not None]
        if not self.ema_overwrite_frequency:
            return updates
        with graph.control_dependencies(updates):
            step = _m.add(self._iterations.value, constant(1, dtype="int64"))
            due = _m.equal(_m.mod(step, constant(int(self.ema_overwrite_frequency),
                                                 dtype="int64")),
                           constant(0, dtype="int64"))
            overwrites = []
            for v in variables:
                avg = self._model_variables_moving_average[self._get_variable_index(v)]
                overwrites.append(v.assign(_m.where(due, avg.read_value(), v.read_value())))
        return updates + [o for o in _flat(overwrites) if o is not None]

    def finalize_variable_values(self, var_list):
        """With ``use_ema``, sets each variable of ``var_list`` to its moving average (``fit``
        calls this after the last epoch, as Keras 3 does); otherwise does nothing."""
        if not (self.use_ema and self.built):
            return
        pairs = [(v, self._model_variables_moving_average[self._var_index[id(v)]])
                 for v in var_list if id(v) in self._var_index]
        if pairs:
            backend.batch_set_value([(v, backend.get_value(avg)) for v, avg in pairs])

    def _clip_gradients(self, grads):
        if self.clipnorm is not None and self.clipnorm > 0:
            return [clip_by_norm(g, self.clipnorm) for g in grads]
        if self.global_clipnorm is not None and self.global_clipnorm > 0:
            return clip_by_global_norm(grads, self.global_clipnorm)[0]
        if self.clipvalue is not None and self.clipvalue > 0:
            return [_m.clip_by_value(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def update_step(self, gradient, variable, learning_rate):
        """The op(s) updating ``variable`` from ``gradient`` (override this)."""
        raise NotImplementedError

    def _local_step(self, dtype):
        """``iterations + 1`` as ``dtype`` (the step being applied)."""
        return self._once(("local_step", str(dtype)), lambda: _m.cast(
            _m.add(self._iterations.value, constant(1, dtype="int64")), dtype))

    def _once(self, key, build):
        """``build()`` the first time ``key`` is asked for in this step, then the same
        tensor (so per-step scalars are computed once, not once per variable)."""
        shared = getattr(self, "_shared", None)
        if shared is None:
            return build()
        if key not in shared:
            shared[key] = build()
        return shared[key]

    # -- config ----------------------------------------------------------------------------------
    def get_config(self):
        lr = self._initial_lr
        if isinstance(lr, _schedules.LearningRateSchedule):
            lr = _schedules.serialize(lr)
        elif self._learning_rate_var is not None:
            lr = float(self._learning_rate_var.numpy())
        elif isinstance(lr, (int, float, np.floating, np.integer)):
            # the float32 variable's value, widened (Keras 3 on TF: 0.1 → 0.10000000149…)
            lr = float(np.float32(lr))
        return {"name": self.name, "learning_rate": lr, "weight_decay": self.weight_decay,
                "clipnorm": self.clipnorm, "global_clipnorm": self.global_clipnorm,
                "clipvalue": self.clipvalue, "use_ema": self.use_ema,
                "ema_momentum": self.ema_momentum,
                "ema_overwrite_frequency": self.ema_overwrite_frequency,
                "loss_scale_factor": self.loss_scale_factor,
                "gradient_accumulation_steps": self.gradient_accumulation_steps}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = _schedules.deserialize(config["learning_rate"])
        return cls(**config)

    def __repr__(self):
        return f"<keras.optimizers.{type(self).__name__} name={self.name}>"


def _flat(ops):
    out = []
    for o in ops:
        if isinstance(o, (list, tuple)):
            out.extend(_flat(o))
        elif isinstance(o, backend.Variable):
            continue
        else:
            out.append(o.op if isinstance(o, _g.Tensor) else o)
    return out


def _square_grad(gradient):
    """``square(gradient)`` as Keras 3 on TensorFlow computes it for the gradient of a gather
    (an ``Embedding``'s, an ``IndexedSlices`` there): each looked-up row's contribution is
    squared *before* the contributions of repeated indices are summed, so a row read twice
    with gradients ``a`` and ``b`` gets ``a**2 + b**2``, not ``(a + b)**2``. Adam, AdamW,
    Nadam, RMSprop, Adagrad and Adadelta use it for their squared-gradient accumulators."""
    sparse = _sparse_square(gradient)
    return sparse if sparse is not None else _m.square(gradient)


def _sparse_square(gradient):
    op = getattr(gradient, "op", None)
    if op is None:
        return None
    if op.type == "GatherGrad" and getattr(op.primitive, "axis", None) == 0:
        from ..ops.shape import GatherGrad
        shape, indices, values = op.inputs
        return GatherGrad(0).bind(shape, indices, _m.square(values))
    if op.type in ("Add", "AddV2", "AddN") and op.inputs:
        parts = [_sparse_square(t) for t in op.inputs]   # IndexedSlices sums concatenate
        if all(p is not None for p in parts) and \
                all(t.shape.as_tuple() == gradient.shape.as_tuple() for t in op.inputs):
            total = parts[0]
            for p in parts[1:]:
                total = _m.add(total, p)
            return total
    return None


def _k(value, like):
    return constant(value, dtype=like.dtype)


class SGD(Optimizer):
    """Gradient descent with optional (Nesterov) momentum.

    Args:
        learning_rate: default 0.01. momentum: default 0.0. nesterov: default False.
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name=None,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not 0 <= momentum <= 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, var_list):
        super().build(var_list)
        self.momentums = self.add_optimizer_variables(var_list, "momentum") \
            if self.momentum != 0 else []

    def update_step(self, gradient, variable, learning_rate):
        if self.momentum == 0:
            return variable.assign_sub(_m.multiply(gradient, learning_rate))
        m = self.momentums[self._get_variable_index(variable)]
        mom = _k(self.momentum, gradient)
        m_t = m.assign(_m.subtract(_m.multiply(m.value, mom),
                                   _m.multiply(gradient, learning_rate)))
        if self.nesterov:
            return variable.assign_add(_m.subtract(_m.multiply(m_t, mom),
                                                   _m.multiply(gradient, learning_rate)))
        return variable.assign_add(m_t)

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self.momentum, "nesterov": self.nesterov})
        return config


class Adam(Optimizer):
    """Adam (Kingma & Ba) as Keras 3 computes it (``epsilon`` added to ``sqrt(v)``).

    Args:
        learning_rate: default 0.001. beta_1: 0.9. beta_2: 0.999. epsilon: 1e-7.
        amsgrad: use the maximum of past ``v``.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, var_list):
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])
        self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat") \
            if self.amsgrad else []

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        m, v = self._momentums[i], self._velocities[i]
        def make_alpha():
            step = self._local_step(gradient.dtype)
            one = _k(1.0, gradient)
            b1_power = _m.pow(_k(self.beta_1, gradient), step)
            b2_power = _m.pow(_k(self.beta_2, gradient), step)
            return _m.divide(_m.multiply(learning_rate, _m.sqrt(_m.subtract(one, b2_power))),
                             _m.subtract(one, b1_power))
        alpha = self._once(("alpha", gradient.dtype.name, id(learning_rate)), make_alpha)
        m_t = m.assign_add(_m.multiply(_m.subtract(gradient, m.value),
                                       _k(1.0 - self.beta_1, gradient)))
        v_t = v.assign_add(_m.multiply(_m.subtract(_square_grad(gradient), v.value),
                                       _k(1.0 - self.beta_2, gradient)))
        if self.amsgrad:
            v_hat = self._velocity_hats[i]
            v_t = v_hat.assign(_m.maximum(v_hat.value, v_t))
        return variable.assign_sub(_m.divide(_m.multiply(m_t, alpha),
                                             _m.add(_m.sqrt(v_t), _k(self.epsilon, gradient))))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2,
                       "epsilon": self.epsilon, "amsgrad": self.amsgrad})
        return config


class AdamW(Adam):
    """Adam with decoupled weight decay (default ``weight_decay=0.004``)."""

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
                 epsilon=1e-7, amsgrad=False, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2,
                         epsilon=epsilon, amsgrad=amsgrad, name=name,
                         weight_decay=weight_decay, **kwargs)
        if self.weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: "
                             "weight_decay=None")


class RMSprop(Optimizer):
    """RMSprop (Hinton): divide the gradient by a running RMS of recent gradients.

    Args:
        learning_rate: default 0.001. rho: 0.9. momentum: 0.0. epsilon: 1e-7.
        centered: normalize by the estimated variance instead.
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False, name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, var_list):
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = self.add_optimizer_variables(var_list, "momentum") \
            if self.momentum > 0 else []
        self._average_gradients = self.add_optimizer_variables(var_list, "average_gradient") \
            if self.centered else []

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        velocity = self._velocities[i]
        rho = _k(self.rho, gradient)
        one_rho = _k(1.0 - self.rho, gradient)
        v_t = velocity.assign(_m.add(_m.multiply(rho, velocity.value),
                                     _m.multiply(one_rho, _square_grad(gradient))))
        if self.centered:
            avg = self._average_gradients[i]
            avg_t = avg.assign(_m.add(_m.multiply(rho, avg.value),
                                      _m.multiply(one_rho, gradient)))
            denominator = _m.add(_m.subtract(v_t, _m.square(avg_t)),
                                 _k(self.epsilon, gradient))
        else:
            denominator = _m.add(v_t, _k(self.epsilon, gradient))
        increment = _m.divide(_m.multiply(learning_rate, gradient), _m.sqrt(denominator))
        if self.momentum > 0:
            mom = self._momentums[i]
            mom_t = mom.assign(_m.add(_m.multiply(_k(self.momentum, gradient), mom.value),
                                      increment))
            return variable.assign_sub(mom_t)
        return variable.assign_sub(increment)

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon,
                       "centered": self.centered})
        return config


class Adagrad(Optimizer):
    """Adagrad: per-parameter rates scaled by the sum of squared gradients.

    Args:
        learning_rate: default 0.001. initial_accumulator_value: 0.1. epsilon: 1e-7.
    """

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, var_list):
        super().build(var_list)
        self._accumulators = self.add_optimizer_variables(
            var_list, "accumulator",
            initializer=_initializers.Constant(self.initial_accumulator_value))

    def update_step(self, gradient, variable, learning_rate):
        acc = self._accumulators[self._get_variable_index(variable)]
        acc_t = acc.assign_add(_square_grad(gradient))
        return variable.assign_sub(_m.divide(_m.multiply(learning_rate, gradient),
                                             _m.sqrt(_m.add(acc_t,
                                                            _k(self.epsilon, gradient)))))

    def get_config(self):
        config = super().get_config()
        config.update({"initial_accumulator_value": self.initial_accumulator_value,
                       "epsilon": self.epsilon})
        return config


class Adadelta(Optimizer):
    """Adadelta (Zeiler): rates from running averages of squared gradients and updates.

    Args:
        learning_rate: default 0.001 (1.0 matches the paper). rho: 0.95. epsilon: 1e-7.
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, name=None,
                 **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, var_list):
        super().build(var_list)
        self._accumulated_grads, self._accumulated_delta_vars = \
            self.add_optimizer_variables(var_list, ["accumulated_grad", "accumulated_delta_var"])

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        acc_g = self._accumulated_grads[i]
        acc_d = self._accumulated_delta_vars[i]
        rho = _k(self.rho, gradient)
        one_rho = _k(1.0 - self.rho, gradient)
        eps = _k(self.epsilon, gradient)
        acc_g_t = acc_g.assign(_m.add(_m.multiply(rho, acc_g.value),
                                      _m.multiply(one_rho, _square_grad(gradient))))
        delta = _m.negative(_m.divide(_m.multiply(_m.sqrt(_m.add(acc_d.value, eps)), gradient),
                                      _m.sqrt(_m.add(acc_g_t, eps))))
        acc_d_t = acc_d.assign(_m.add(_m.multiply(rho, acc_d.value),
                                      _m.multiply(one_rho, _m.square(delta))))
        with _g.get_default_graph().control_dependencies([acc_d_t]):
            return variable.assign_add(_m.multiply(learning_rate, delta))

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config


class Adamax(Optimizer):
    """Adamax (Adam with the infinity norm), as Keras 3 computes it.

    Args:
        learning_rate: default 0.001. beta_1: 0.9. beta_2: 0.999. epsilon: 1e-7.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def build(self, var_list):
        super().build(var_list)
        self._m, self._u = self.add_optimizer_variables(var_list, ["momentum", "norm"])

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        m, u = self._m[i], self._u[i]
        b1_power = self._once(("b1_power", gradient.dtype.name), lambda: _m.pow(
            _k(self.beta_1, gradient), self._local_step(gradient.dtype)))
        m_t = m.assign_add(_m.multiply(_m.subtract(gradient, m.value),
                                       _k(1.0 - self.beta_1, gradient)))
        u_t = u.assign(_m.maximum(_m.multiply(_k(self.beta_2, gradient), u.value),
                                  _m.abs(gradient)))
        denom = _m.multiply(_m.subtract(_k(1.0, gradient), b1_power),
                            _m.add(u_t, _k(self.epsilon, gradient)))
        return variable.assign_sub(_m.divide(_m.multiply(learning_rate, m_t), denom))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config


class Nadam(Optimizer):
    """Nesterov Adam, as Keras 3 computes it (momentum schedule
    ``beta_1 * (1 - 0.5 * 0.96 ** step)``).

    Args:
        learning_rate: default 0.001. beta_1: 0.9. beta_2: 0.999. epsilon: 1e-7.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name=None, **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def build(self, var_list):
        super().build(var_list)
        self._u_product = backend.Variable(
            _initializers.get("ones"), shape=(), dtype=var_list[0].dtype, trainable=False,
            name="u_product", path=f"{self.name}/u_product")
        self._variables.append(self._u_product)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"])

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        m, v = self._momentums[i], self._velocities[i]
        dtype = gradient.dtype

        def schedule():
            step = self._local_step(dtype)
            decay, b1 = _k(0.96, gradient), _k(self.beta_1, gradient)
            half, one = _k(0.5, gradient), _k(1.0, gradient)
            u_t = _m.multiply(b1, _m.subtract(one, _m.multiply(half, _m.pow(decay, step))))
            u_t1 = _m.multiply(b1, _m.subtract(one, _m.multiply(half, _m.pow(
                decay, _m.add(step, one)))))
            # the running product, advanced once per step (all variables read the new one)
            prod = self._u_product.assign(_m.multiply(self._u_product.value,
                                                      _m.cast(u_t, self._u_product.dtype)))
            prod = _m.cast(prod, dtype)
            b2_power = _m.pow(_k(self.beta_2, gradient), step)
            return u_t, u_t1, prod, b2_power
        u_t, u_t1, prod, b2_power = self._once(("nadam", dtype.name), schedule)
        one = _k(1.0, gradient)
        m_t = m.assign_add(_m.multiply(_m.subtract(gradient, m.value),
                                       _k(1.0 - self.beta_1, gradient)))
        v_t = v.assign_add(_m.multiply(_m.subtract(_square_grad(gradient), v.value),
                                       _k(1.0 - self.beta_2, gradient)))
        m_hat = _m.add(_m.divide(_m.multiply(u_t1, m_t),
                                 _m.subtract(one, _m.multiply(prod, u_t1))),
                       _m.divide(_m.multiply(_m.subtract(one, u_t), gradient),
                                 _m.subtract(one, prod)))
        v_hat = _m.divide(v_t, _m.subtract(one, b2_power))
        return variable.assign_sub(_m.divide(_m.multiply(m_hat, learning_rate),
                                             _m.add(_m.sqrt(v_hat), _k(self.epsilon, gradient))))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon})
        return config


_CLASSES = {"SGD": SGD, "Adam": Adam, "AdamW": AdamW, "RMSprop": RMSprop,
            "Adagrad": Adagrad, "Adadelta": Adadelta, "Adamax": Adamax, "Nadam": Nadam}
_BY_NAME = dict(_CLASSES)
_BY_NAME.update({"sgd": SGD, "adam": Adam, "adamw": AdamW, "rmsprop": RMSprop,
                 "adagrad": Adagrad, "adadelta": Adadelta, "adamax": Adamax,
                 "nadam": Nadam})


def serialize(optimizer):
    return _serialization.serialize(optimizer, "keras.optimizers")


def deserialize(config, custom_objects=None):
    return _serialization.deserialize(config, _BY_NAME, "optimizer", custom_objects)


def get(identifier):
    """An optimizer from a name (``"adam"``, ``"sgd"``, ``"rmsprop"`` …, with default
    arguments), a config dict or an instance.

    Raises:
        ValueError: for an unknown name or object.
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}")
