"""``compile``, ``fit``, ``evaluate``, ``predict`` and the ``*_on_batch`` methods.

Training runs as compiled graphs through the Session: the first ``fit`` builds ONE train-step
graph (placeholders for inputs, targets and sample weights; the forward pass with
``training=True``; the loss, its gradients and the optimizer's update ops; the layers'
updates such as BatchNormalization's moving averages; the metrics' update ops; the running
metric results) and each batch is one ``session.run`` of it, a cached plan. Evaluation and
prediction have their own step graphs (``training=False``), built once each.
"""

import contextlib
import warnings

import numpy as np

from ... import graph as _g
from ...autodiff import gradients
from ...ops import control as _control
from ...ops import math as _m
from ...ops import shape as _s
from ...ops.state import placeholder
from .. import backend
from .. import optimizers as _optimizers
from .. import _metrics as _fallback
from ..callbacks import CallbackList
from . import compile_utils
from .data import make_data, split_validation, standardize

__all__ = ["Trainer"]

_LEGACY_FIT = (("nb_epoch", "epochs"),)


class _Step:
    """One compiled step kind: the placeholders to feed and the tensors to fetch."""

    def __init__(self, x_phs, y_phs, sw_phs, fetches, names, host_metrics=(), outputs=None):
        self.x_phs = x_phs
        self.y_phs = y_phs
        self.sw_phs = sw_phs
        self.fetches = fetches
        self.names = names
        self.host_metrics = list(host_metrics)
        self.outputs = outputs


class _HostMetric:
    """A metric updated on the host after each run: from fetched increments
    (``graph_update``/``accumulate``) or from the fetched predictions (``update_state``)."""

    def __init__(self, metric, name, increments=None, output=None, weighted=False):
        self.metric = metric
        self.name = name
        self.increments = increments
        self.output = output
        self.weighted = weighted


class _CompileMetrics:
    """The compiled metrics seen as one metric named ``compile_metrics`` (Keras 3's
    ``model.metrics`` lists them so); ``result()`` is a dict by metric name."""

    name = "compile_metrics"

    def __init__(self, entries):
        self.metrics = [m for _, m, _, _ in entries]
        self._names = [name for _, _, name, _ in entries]

    def reset_state(self):
        for m in self.metrics:
            m.reset_state()

    def result(self):
        return {n: m.result() for n, m in zip(self._names, self.metrics)}

    @property
    def variables(self):
        return [v for m in self.metrics for v in getattr(m, "variables", [])]

    def __repr__(self):
        return f"<CompileMetrics name={self.name}>"


def _scalar(value):
    arr = np.asarray(value, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else float(arr.ravel()[0]) if arr.size == 1 else arr


# training steps built for one batch size each (see ``Trainer._specialized_batch``)
SPECIALIZED_BATCHES = 2


class Trainer:
    """Mixin of ``Model``: the training API."""

    def _init_trainer(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self.stop_training = False
        self.history = None
        self._steps = {}
        self._loss_tracker = None
        self._metric_entries = None
        self._output_loss_trackers = []
        self._compile_config = None
        self._fit_count = 0
        self._data_inputs = None

    # -- compile ------------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True, **kwargs):
        """Configures the model for training.

        Args:
            optimizer: name (``"adam"``, ``"sgd"``, ``"rmsprop"`` …) or optimizer instance.
            loss: name (``"mse"``, ``"sparse_categorical_crossentropy"`` …), function or
                ``keras.losses.Loss``; a list or dict for several outputs.
            loss_weights: list or dict of per-output loss coefficients.
            metrics: list of names (``"accuracy"``, ``"mae"`` …), functions or metric
                objects (a list of lists or a dict for several outputs); not weighted by
                ``sample_weight``.
            weighted_metrics: metrics weighted by ``sample_weight``/``class_weight``.

        Example:
            >>> model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
            ...               metrics=["accuracy"])
        """
        for legacy in ("sample_weight_mode", "target_tensors", "distribute"):
            if legacy in kwargs:
                kwargs.pop(legacy)
                warnings.warn(f"`{legacy}` is not supported and is ignored.",
                              DeprecationWarning, stacklevel=2)
        if kwargs:
            raise TypeError(f"Invalid keyword argument(s) in `compile()`: {tuple(kwargs)}")
        self.optimizer = _optimizers.get(optimizer)
        self.loss = loss
        self._loss_spec = loss
        self._loss_weights = loss_weights
        self._metrics_spec = metrics
        self._weighted_metrics_spec = weighted_metrics
        self.run_eagerly = run_eagerly
        self.jit_compile = False
        self.steps_per_execution = steps_per_execution
        self.compiled = True
        self.stop_training = False
        self._steps = {}
        self._loss_tracker = None
        self._metric_entries = None
        self._output_loss_trackers = []
        self._compile_config = {"optimizer": _optimizers.serialize(self.optimizer),
                                "loss": compile_utils.serialize_loss(loss),
                                "loss_weights": loss_weights,
                                "metrics": compile_utils.serialize_metrics(metrics),
                                "weighted_metrics":
                                    compile_utils.serialize_metrics(weighted_metrics),
                                "run_eagerly": run_eagerly,
                                "steps_per_execution": steps_per_execution,
                                "jit_compile": False}

    def get_compile_config(self):
        """The arguments given to ``compile`` in serialized form; ``{}`` before ``compile``
        (as Keras 3 returns, so ``to_json`` and saved configs always have the key)."""
        return dict(self._compile_config) if self._compile_config is not None else {}

    def compile_from_config(self, config):
        config = dict(config)
        opt = config.get("optimizer")
        self.compile(optimizer=_optimizers.get(opt) if opt is not None else "rmsprop",
                     loss=config.get("loss"), loss_weights=config.get("loss_weights"),
                     metrics=config.get("metrics"),
                     weighted_metrics=config.get("weighted_metrics"))

    def _assert_compiled(self, what):
        if not self.compiled:
            # ValueError, as Keras 3 raises
            raise ValueError(f"You must call `compile()` before using the model "
                             f"({what}): call model.compile(optimizer=..., loss=...) first.")

    # -- metrics --------------------------------------------------------------------------
    @property
    def metrics(self):
        """As Keras 3 lists them: the loss tracker, one ``compile_metrics`` container of
        the compiled metrics, then each output's loss tracker (several outputs)."""
        out = []
        if self._loss_tracker is not None:
            out.append(self._loss_tracker)
        if self._metric_entries is not None and self._has_compile_metrics():
            out.append(_CompileMetrics(self._metric_entries))
        out.extend(t for t in self._output_loss_trackers)
        return out

    def _has_compile_metrics(self):
        return (getattr(self, "_metrics_spec", None) is not None
                or getattr(self, "_weighted_metrics_spec", None) is not None)

    @property
    def metrics_names(self):
        """``["loss", "compile_metrics", <output>_loss ...]`` as Keras 3 names them (the
        compiled metrics' own names are the keys of ``evaluate(return_dict=True)``)."""
        if not self.compiled:
            return []
        names = ["loss"]
        if self._has_compile_metrics():
            names.append("compile_metrics")
        names.extend(t.name for t in self._output_loss_trackers)
        return names

    def _result_order(self):
        """The names ``evaluate``/``*_on_batch`` list values by, as Keras 3 orders them:
        ``loss``, then each compiled metric's own name (weighted ones after), then each
        output's loss; keys of the logs not named there follow in sorted order."""
        names = ["loss"] if self._loss_tracker is not None else []
        names.extend(m.name for _, m, _, _ in self._metric_entries or [])
        names.extend(t.name for t in self._output_loss_trackers)
        return names

    def reset_metrics(self):
        for m in self.metrics:
            m.reset_state()

    # -- step graphs ------------------------------------------------------------------------
    def _model_graph(self):
        for w in self.weights:
            return w.graph
        inputs = getattr(self, "_input_tensors", None)
        if inputs:
            return inputs[0].graph
        return _g.get_default_graph()

    def _graph_for_summary(self):
        return self._model_graph()

    def _input_names(self):
        names = getattr(self, "input_names", None)
        if names:
            return list(names)
        if self._data_inputs is not None:
            return [f"input_{i}" for i in range(len(self._data_inputs))]
        return ["input"]

    def _ensure_inputs(self, xs):
        """The input placeholders, made from the data for models without declared inputs."""
        declared = self._declared_inputs()
        if declared is not None:
            return declared
        if self._data_inputs is None:
            if xs is None:
                raise ValueError(f"The model {self.name} has not been built: call it on data "
                                 "(fit, predict) or give its first layer an input shape.")
            graph = self._model_graph()
            with graph.as_default():
                self._data_inputs = [
                    placeholder(_ph_dtype(a), (None,) + tuple(a.shape[1:]),
                                name=f"{self.name}_input_{i}") for i, a in enumerate(xs)]
        return self._data_inputs

    def _declared_inputs(self):
        return None

    def _call_structure(self, phs):
        return phs[0] if len(phs) == 1 else list(phs)

    def _forward(self, phs, training):
        with backend.capture() as cap, backend.model_internal():
            out = self(self._call_structure(phs), training=training)
        outs = self._flatten_outputs(out)
        return outs, cap

    def _flatten_outputs(self, out):
        if isinstance(out, dict):
            names = getattr(self, "output_names", None) or sorted(out)
            return [out[k] for k in names]
        if isinstance(out, (list, tuple)):
            return list(out)
        return [out]

    def _output_names_for(self, n):
        names = getattr(self, "output_names", None)
        if names and len(names) == n:
            return list(names)
        return [f"output_{i}" for i in range(n)] if n > 1 else ["output"]

    def _step(self, kind, xs, ys, sws):
        base = (kind,) + tuple((a.dtype.str, a.shape[1:]) for a in ys or [] if a is not None)
        key = base + (self._specialized_batch(kind, base, xs),)
        step = self._steps.get(key)
        if step is None:
            graph = self._model_graph()
            with graph.as_default():
                step = self._build_step(kind, xs, ys, sws, key[-1])
            self._steps[key] = step
        return step

    def _specialized_batch(self, kind, base, xs):
        """The batch size a training step is built for, or None (any batch size).

        A step built for its batch size has static shapes throughout, so the plan compiler
        folds the shape arithmetic, plans every buffer and fuses the elementwise passes
        (W2's epoch: ~8 % faster, same numbers). As ``tf.function`` retraces for a new
        shape and then relaxes it, the first ``SPECIALIZED_BATCHES`` sizes (the batch
        size and the last, partial batch) get steps of their own; later sizes share one.
        Each step has its own random ops: with dropout, the partial batch's masks come
        from a stream of their own (seeded, so reproducible, like every other)."""
        if kind != "train" or not xs or SPECIALIZED_BATCHES <= 0:
            return None
        shapes = [getattr(a, "shape", None) for a in xs]
        if any(s is None or len(s) == 0 for s in shapes):
            return None
        n = int(shapes[0][0])
        if any(int(s[0]) != n for s in shapes):
            return None
        if base + (n,) in self._steps:  # every batch after the first of its size
            return n
        built = sum(1 for k in self._steps if k[:-1] == base and k[-1] is not None)
        if built >= SPECIALIZED_BATCHES:
            return None
        with self._model_graph().as_default():
            self._ensure_inputs(xs)  # builds a Sequential model that has no Input yet
        if not self.built:
            return None  # the first call builds the model: it must see the batch as None
        declared = self._declared_inputs()
        if declared is not None and any(t.shape.ndims is None or t.shape.ndims == 0 or
                                        t.shape.as_list()[0] is not None for t in declared):
            return None  # a fixed (or unknown-rank) batch dimension: nothing to gain
        return n

    def _build_step(self, kind, xs, ys, sws, batch=None):
        phs = self._ensure_inputs(xs)
        if batch is not None:  # placeholders of this batch size, fed instead of the model's
            with _g.get_default_graph().name_scope(f"{kind}_step/inputs"):
                phs = [placeholder(p.dtype, [batch] + p.shape.as_list()[1:],
                                   name=f"x_{i}") for i, p in enumerate(phs)]
        training = kind == "train"
        with _g.get_default_graph().name_scope(f"{kind}_step"), \
                (backend.batch_specific() if batch is not None else contextlib.nullcontext()):
            outs, cap = self._forward(phs, training)
        if kind == "predict":
            return _Step(phs, [], [], list(outs), [], outputs=outs)
        names = self._output_names_for(len(outs))
        if ys is None:
            raise ValueError("Training and evaluation need targets `y`.")
        if len(ys) != len(outs):
            raise ValueError(f"The model has {len(outs)} output(s) but received "
                             f"{len(ys)} target array(s).")
        with _g.get_default_graph().name_scope(f"{kind}_step/targets"):
            y_phs = [placeholder(_ph_dtype(y), (batch,) + tuple(y.shape[1:]),
                                 name=f"y_{i}") for i, y in enumerate(ys)]
            sw_phs = [placeholder(backend.floatx(), (batch,), name=f"sample_weight_{i}")
                      for i in range(len(outs))]
        losses = compile_utils.resolve_losses(self._loss_spec, self._loss_weights, names)
        self._build_metric_objects(names, y_phs, outs, losses)
        with _g.get_default_graph().name_scope(f"{kind}_step/loss"):
            total, per_output = self._total_loss(losses, y_phs, outs, sw_phs, cap)
        update_ops = []
        if training:
            update_ops.append(self._train_op(total, cap))
        with _g.get_default_graph().name_scope(f"{kind}_step/metrics"):  # one graph box
            metric_ops, names_out, results, host = self._metric_updates(
                total, per_output, y_phs, outs, sw_phs, phs)
            with _g.get_default_graph().control_dependencies(metric_ops):
                result_tensors = [fn() for fn in results]
        fetches = [_control.group(*(update_ops + metric_ops))] + result_tensors
        return _Step(phs, y_phs, sw_phs, fetches, names_out, host, outputs=outs)

    def _build_metric_objects(self, names, y_phs, outs, losses):
        if self._loss_tracker is not None:
            return
        self._loss_tracker = _fallback.Mean(name="loss")
        if len(outs) > 1:
            self._output_loss_trackers = [_fallback.Mean(name=f"{n}_loss") if fn is not None
                                          else None for n, (fn, _) in zip(names, losses)]
            self._output_loss_trackers = [t for t in self._output_loss_trackers if t]
        seen = set()
        plain = compile_utils.resolve_metrics(self._metrics_spec, names, y_phs, outs, losses,
                                              seen=seen)
        weighted = compile_utils.resolve_metrics(self._weighted_metrics_spec, names, y_phs,
                                                 outs, losses, seen=seen, unweighted=plain)
        entries = [(i, m, name, False) for i, m, name in plain]
        entries += [(i, m, name, True) for i, m, name in weighted]
        self._metric_entries = entries

    def _total_loss(self, losses, y_phs, outs, sw_phs, cap):
        terms, per_output = [], []
        for (fn, weight), y, out, sw in zip(losses, y_phs, outs, sw_phs):
            if fn is None:
                per_output.append(None)
                continue
            value = fn(y, out, sample_weight=sw)
            if value.dtype.name != backend.floatx():
                value = _m.cast(value, backend.floatx())
            per_output.append(value)
            terms.append(value if weight == 1.0 else
                         _m.multiply(value, _m.cast(weight, value.dtype)))
        extra = list(self._weight_regularization_losses()) + list(cap.losses)
        extra = [_m.cast(t, backend.floatx()) if t.dtype.name != backend.floatx() else t
                 for t in extra]
        if not terms and not extra:
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        total = _m.add_n(terms + extra) if len(terms + extra) > 1 else (terms + extra)[0]
        return total, per_output

    def _train_op(self, total, cap):
        variables = self.trainable_weights
        updates = [u.op if isinstance(u, _g.Tensor) else u for u in cap.updates]
        if not variables:  # Keras 3 warns and still computes the loss and metrics
            warnings.warn("The model does not have any trainable weights.", stacklevel=5)
            return _control.group(*updates)
        grads = gradients(total, [v.variable for v in variables])
        missing = [v.path for v, g in zip(variables, grads) if g is None]
        if missing:
            warnings.warn(f"Gradients do not exist for variables {missing} when minimizing "
                          "the loss. If using `model.compile()`, did you forget to provide "
                          "a `loss` argument?", stacklevel=5)
        pairs = [(g, v) for g, v in zip(grads, variables) if g is not None]
        train = self.optimizer.apply_gradients(pairs)
        return _control.group(train, *updates)

    def _metric_updates(self, total, per_output, y_phs, outs, sw_phs, phs):
        batch = _m.cast(_s.shape(phs[0])[0], backend.floatx())
        ops = [self._loss_tracker.update_state(total, sample_weight=batch)]
        results = [self._loss_tracker.result]
        names = ["loss"]
        trackers = iter(self._output_loss_trackers)
        for value in per_output:
            if value is None or len(per_output) == 1:
                continue
            t = next(trackers)
            # Keras 3 averages each output's loss over batches with equal weights (a short
            # last batch counts as much as a full one); only the total loss is weighted by
            # the batch size.
            ops.append(t.update_state(value))
            results.append(t.result)
            names.append(t.name)
        host = []
        for i, metric, name, weighted in self._metric_entries:
            sw = sw_phs[i] if weighted else None
            if hasattr(metric, "graph_update") and hasattr(metric, "accumulate"):
                # keras.metrics' protocol: fetch this batch's increments, add them on the host
                try:
                    increments = tuple(metric.graph_update(y_phs[i], outs[i],
                                                           sample_weight=sw))
                except (TypeError, NotImplementedError):  # no graph form: arrays only
                    host.append(_HostMetric(metric, name, output=i, weighted=weighted))
                else:
                    host.append(_HostMetric(metric, name, increments=increments))
                continue
            try:
                op = metric.update_state(y_phs[i], outs[i], sample_weight=sw)
            except Exception:  # noqa: BLE001 - a metric that computes on arrays only
                host.append(_HostMetric(metric, name, output=i, weighted=weighted))
                continue
            ops.extend(_ops_of(op))
            results.append(metric.result)
            names.append(name)
        names += [h.name for h in host]
        return ops, names, results, host

    # -- running one batch --------------------------------------------------------------------
    def _fit_inputs(self, xs):
        """``xs`` fitted to the model's declared inputs as Keras 3 fits them: a trailing
        axis of 1 too many is squeezed, one too few added; ValueError (Keras's wording)
        for arrays whose shape still differs from an input's."""
        declared = self._declared_inputs()
        if declared is None or len(declared) != len(xs):
            return xs
        out = []
        for i, (t, a) in enumerate(zip(declared, xs)):
            want = t.shape.as_tuple() if t.shape.ndims is not None else None
            if want is None or not hasattr(a, "ndim"):
                out.append(a)
                continue
            if a.ndim == len(want) + 1 and a.shape[-1] == 1:
                a = a.reshape(a.shape[:-1])
            elif a.ndim == len(want) - 1 and len(want) > 1:
                a = a.reshape(a.shape + (1,))
            if a.ndim != len(want) or any(w is not None and w != d
                                          for w, d in zip(want[1:], a.shape[1:])):
                raise ValueError(f'Input {i} of layer "{self.name}" is incompatible with the '
                                 f"layer: expected shape={want}, found shape={a.shape}")
            out.append(a)
        return out

    def _run(self, kind, xs, ys=None, sws=None):
        xs = self._fit_inputs(xs)
        step = self._step(kind, xs, ys, sws)
        feed = {}
        if len(xs) != len(step.x_phs):
            raise ValueError(f"The model expects {len(step.x_phs)} input(s), but it "
                             f"received {len(xs)} input array(s).")
        for ph, a in zip(step.x_phs, xs):
            feed[ph] = a
        if kind != "predict":
            n = int(xs[0].shape[0])
            for ph, a in zip(step.y_phs, ys):
                feed[ph] = a
            for i, ph in enumerate(step.sw_phs):
                sw = None if sws is None else sws[i] if i < len(sws) else None
                feed[ph] = _ones(n) if sw is None else np.asarray(sw, backend.floatx()
                                                                   ).reshape(n)
        # the step's own graph (the model's: looking that up walks every layer's weights)
        sess = backend.get_session(step.fetches[0].graph if step.fetches
                                   else self._model_graph())
        extra = []
        for h in step.host_metrics:
            extra.extend(h.increments if h.increments is not None else [step.outputs[h.output]])
        values = sess.run(step.fetches + extra, feed)
        if kind == "predict":
            return values
        n_results = len(step.fetches) - 1
        logs = {name: float(v) for name, v in zip(step.names, values[1:1 + n_results])}
        pos = len(step.fetches)
        for h in step.host_metrics:
            if h.increments is not None:
                k = len(h.increments)
                h.metric.accumulate(values[pos:pos + k])
                pos += k
            else:
                sw = sws[h.output] if h.weighted and sws is not None else None
                h.metric.update_state(ys[h.output], values[pos], sample_weight=sw)
                pos += 1
            logs[h.name] = _scalar(h.metric.result())
        return logs

    # -- fit -----------------------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1, **kwargs):
        """Trains the model for ``epochs`` passes over the data.

        Args:
            x, y: arrays (a list or dict of arrays for several inputs/outputs), or ``x`` a
                generator / ``keras.utils.PyDataset`` yielding ``(x, y[, sample_weight])``.
            batch_size: samples per step (default 32).
            epochs: the epoch to stop after. initial_epoch: the epoch to start at.
            verbose: ``"auto"``/1 (progress bar), 2 (one line per epoch) or 0 (silent).
            callbacks: ``keras.callbacks.Callback`` instances.
            validation_split: fraction of the data (the *last* samples, before shuffling)
                held out to evaluate after each epoch.
            validation_data: ``(x_val, y_val)`` or ``(x_val, y_val, sample_weight)``.
            shuffle: shuffle the samples each epoch (``"batch"``: batch-sized chunks).
            class_weight: ``{class index: weight}`` applied to the loss.
            sample_weight: per-sample loss weights.
            steps_per_epoch: batches per epoch (default: all the data).
            validation_freq: validate every this many epochs.

        Returns:
            A ``History``: ``history.history["loss"]`` etc., one value per epoch.

        Example:
            >>> history = model.fit(x_train, y_train, batch_size=128, epochs=5,
            ...                     validation_split=0.1)
        """
        if "nb_epoch" in kwargs:
            warnings.warn("`nb_epoch` is deprecated in fit(); use `epochs` instead.",
                          DeprecationWarning, stacklevel=2)
            epochs = kwargs.pop("nb_epoch")
        if kwargs:
            raise TypeError(f"fit() got unexpected keyword arguments: {sorted(kwargs)}")
        self._assert_compiled("fit")
        verbose = _verbose(verbose)
        in_names, out_names = self._input_names(), self._target_names()
        if validation_split and validation_data is None:
            if _is_source(x):
                raise ValueError("`validation_split` is only supported for arrays, not for "
                                 "generators or datasets.")
            xs = standardize(x, in_names, "input")
            ys = standardize(y, out_names, "target")
            sws = standardize(sample_weight, out_names, "sample_weight")
            (xs, ys, sws), (vx, vy, vsw) = split_validation([xs, ys, sws], validation_split)
            x, y, sample_weight = xs, ys, sws
            validation_data = (vx, vy, vsw)
        train = make_data(x, y, sample_weight, batch_size, steps_per_epoch, shuffle,
                          in_names, out_names, class_weight)
        if steps_per_epoch is not None and hasattr(train, "persistent"):
            train.persistent = True     # epochs go on through the data (Keras 3)
        val = None
        if validation_data is not None:
            vx, vy, vsw = _unpack_validation(validation_data)
            val = make_data(vx, vy, vsw, validation_batch_size or batch_size,
                            validation_steps, False, in_names, out_names)
        cbs = callbacks if isinstance(callbacks, CallbackList) else CallbackList(
            callbacks, add_history=True, add_progbar=verbose != 0, model=self,
            verbose=verbose, epochs=epochs, steps=train.num_batches)
        rng = self._shuffle_rng()
        self.stop_training = False
        cbs.on_train_begin()
        training_logs = None
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            cbs.on_epoch_begin(epoch)
            logs = {}
            for step, (xs, ys, sws) in enumerate(train.epoch(rng)):
                cbs.on_train_batch_begin(step)
                logs = self._run("train", xs, ys, sws)
                cbs.on_train_batch_end(step, _sorted(logs))
                if self.stop_training:
                    break
            epoch_logs = dict(logs)
            if val is not None and _validates(epoch, validation_freq):
                val_logs = self._evaluate_data(val, cbs)
                epoch_logs.update({"val_" + k: v for k, v in val_logs.items()})
            epoch_logs = _sorted(epoch_logs)
            # the callbacks get their own dict: what they add (ReduceLROnPlateau's
            # learning_rate) reaches History but not on_train_end's logs, as in Keras 3
            cbs.on_epoch_end(epoch, dict(epoch_logs))
            training_logs = epoch_logs
            if self.stop_training:
                break
        finalize = getattr(self.optimizer, "finalize_variable_values", None)
        if finalize is not None and epochs > initial_epoch:
            finalize(self.trainable_weights)   # use_ema: the weights become their averages
        cbs.on_train_end(logs=training_logs)
        return cbs._history if cbs._history is not None else self.history

    def _shuffle_rng(self):
        """Each epoch's shuffling order: reproducible when a graph-level seed is set."""
        self._fit_count += 1
        seed = self._model_graph().seed
        if seed is None:
            return np.random
        return np.random.default_rng([int(seed) & 0xFFFFFFFF, self._fit_count])

    def _target_names(self):
        names = getattr(self, "output_names", None)
        return list(names) if names else ["output"]

    # -- evaluate -------------------------------------------------------------------------------
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        """The loss (and metrics) on the data, in inference mode.

        Returns:
            The loss (a float) when there are no metrics, else ``[loss, metric …]`` in
            ``metrics_names`` order; a dict with ``return_dict=True``.
        """
        self._assert_compiled("evaluate")
        verbose = _verbose(verbose)
        data = make_data(x, y, sample_weight, batch_size, steps, False, self._input_names(),
                         self._target_names())
        cbs = callbacks if isinstance(callbacks, CallbackList) else CallbackList(
            callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
            steps=data.num_batches)
        logs = self._evaluate_data(data, cbs)
        if return_dict:
            return logs
        return _flatten_logs(logs, self._result_order())

    def _evaluate_data(self, data, cbs):
        self.reset_metrics()
        cbs.on_test_begin()
        logs = {}
        for step, (xs, ys, sws) in enumerate(data.epoch(None)):
            cbs.on_test_batch_begin(step)
            logs = self._run("test", xs, ys, sws)
            cbs.on_test_batch_end(step, _sorted(logs))
        logs = _sorted(logs)
        cbs.on_test_end(logs)
        return logs

    # -- predict --------------------------------------------------------------------------------
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs for ``x`` (NumPy; a list for several outputs)."""
        verbose = _verbose(verbose)
        data = make_data(x, None, None, batch_size, steps, False, self._input_names(),
                         self._target_names())
        cbs = callbacks if isinstance(callbacks, CallbackList) else CallbackList(
            callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
            steps=data.num_batches)
        cbs.on_predict_begin()
        chunks = None
        for step, (xs, _, _) in enumerate(data.epoch(None)):
            cbs.on_predict_batch_begin(step)
            outs = self._run("predict", xs)
            if chunks is None:
                chunks = [[] for _ in outs]
            for c, o in zip(chunks, outs):
                c.append(np.asarray(o))
            # the batch in the model's output structure (an array for one output)
            cbs.on_predict_batch_end(step, {"outputs": self._pack_outputs(
                [np.asarray(o) for o in outs])})
        cbs.on_predict_end()
        if chunks is None:
            raise ValueError("Expected input data to be non-empty.")
        outs = [np.concatenate(c, axis=0) for c in chunks]
        return self._pack_outputs(outs)

    def _pack_outputs(self, outs):
        return outs[0] if len(outs) == 1 else outs

    # -- one batch --------------------------------------------------------------------------------
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict=False):
        """One training step on one batch; returns the loss (and metrics)."""
        self._assert_compiled("train_on_batch")
        data = make_data(x, y, sample_weight, None, None, False, self._input_names(),
                         self._target_names(), class_weight)
        xs, ys, sws = data.xs, data.ys, data.sws
        self.reset_metrics()            # the values are this batch's own, as in Keras 3
        logs = _sorted(self._run("train", xs, ys, sws))
        return logs if return_dict else _flatten_logs(logs, self._result_order())

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """The loss (and metrics) of one batch, in inference mode."""
        self._assert_compiled("test_on_batch")
        data = make_data(x, y, sample_weight, None, None, False, self._input_names(),
                         self._target_names())
        self.reset_metrics()            # the values are this batch's own, as in Keras 3
        logs = _sorted(self._run("test", data.xs, data.ys, data.sws))
        return logs if return_dict else _flatten_logs(logs, self._result_order())

    def predict_on_batch(self, x):
        """The outputs for one batch."""
        xs = standardize(x, self._input_names(), "input")
        return self._pack_outputs([np.asarray(o) for o in self._run("predict", xs)])


# -- helpers ------------------------------------------------------------------------------------
_ONES = {}


def _ones(n):
    arr = _ONES.get(n)
    if arr is None:
        arr = np.ones((n,), dtype=backend.floatx())
        arr.setflags(write=False)
        _ONES[n] = arr
    return arr


def _ph_dtype(a):
    a = np.asarray(a)
    if a.dtype.kind == "f":
        return a.dtype.name
    if a.dtype.kind in "iu":
        return "int64" if a.dtype.itemsize > 4 else "int32" if a.dtype.kind == "i" \
            else a.dtype.name
    if a.dtype.kind == "b":
        return "bool"
    return backend.floatx()


def _ops_of(op):
    if op is None:
        return []
    if isinstance(op, (list, tuple)):
        out = []
        for o in op:
            out.extend(_ops_of(o))
        return out
    if isinstance(op, _g.Tensor):
        return [op.op]
    if isinstance(op, _g.Operation):
        return [op]
    return []


def _validates(epoch, validation_freq):
    """``validation_freq``: an int (every that many epochs) or a collection of the
    (1-based) epochs after which to validate, as Keras 3 accepts."""
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return (epoch + 1) in validation_freq


def _verbose(verbose):
    if verbose == "auto":
        return 1
    return int(verbose)


def _sorted(logs):
    return {k: logs[k] for k in sorted(logs)}


def _flatten_logs(logs, names):
    # a name given twice (two metrics with one name) lists its value twice, as in Keras 3
    ordered = [logs[n] for n in names if n in logs]
    ordered += [logs[k] for k in sorted(logs) if k not in names]
    if len(ordered) == 1:
        return ordered[0]
    return ordered


def _unpack_validation(data):
    if isinstance(data, (list, tuple)):
        if len(data) == 2:
            return data[0], data[1], None
        if len(data) == 3:
            return data[0], data[1], data[2]
        raise ValueError("When passing a `validation_data` argument, it must contain either "
                         "2 items (x_val, y_val), or 3 items (x_val, y_val, "
                         f"val_sample_weights), or alternatively it could be a dataset. "
                         f"Received: validation_data={data}")
    return data, None, None


def _is_source(x):
    from .data import _is_iterable_source
    return _is_iterable_source(x)
