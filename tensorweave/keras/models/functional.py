"""Functional models: ``keras.Model(inputs, outputs)`` over a graph of layer calls.

The constructor walks back from ``outputs`` through each tensor's ``_keras_history`` to the
``keras.Input`` placeholders, collecting the layer calls (nodes) in topological order.
Calling the model replays those nodes on new inputs — this is how ``fit`` builds its
``training=True`` forward pass and how a model is used as a layer of another.
"""

from ... import graph as _g
from .. import backend
from ..layers.input_layer import InputLayer
from ..layers.layer import _flatten, _map
from .model import Model

__all__ = ["Functional"]


class Functional(Model):
    """A model defined by its input and output tensors.

    Args:
        inputs: a ``keras.Input`` tensor, or a list/dict of them.
        outputs: a tensor made by layers from ``inputs``, or a list/dict of them.
        name: default ``"functional"`` (made unique).

    Raises:
        ValueError: when an output is not connected to ``inputs`` through layers.
    """

    _registered_name = "Functional"      # Keras 3.15 serializes it so (registered_name)

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        kwargs.pop("dtype", None)
        from ..layers.layer import Layer
        Layer.__init__(self, trainable=trainable,
                       name=name or backend.unique_name("functional"), **kwargs)
        self._init_trainer()
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._input_tensors = [t for t in _flatten(inputs)]
        # a dict of outputs in its keys' sorted order, as Keras flattens it (this orders
        # ``layers`` and ``get_weights()``; ``predict`` and calls give the dict as built)
        self._output_tensors = [outputs[k] for k in sorted(outputs)] \
            if isinstance(outputs, dict) else [t for t in _flatten(outputs)]
        for t in self._input_tensors + self._output_tensors:
            if not isinstance(t, _g.Tensor) or getattr(t, "_keras_history", None) is None:
                raise ValueError(f"All `inputs` and `outputs` of a functional model must come "
                                 f"from `keras.Input` and Keras layers. Received: {t!r}")
        self._nodes, self._operations = self._walk()
        for layer in self._operations:
            if layer not in self._layers:
                self._layers.append(layer)
        self.input_names = [t._keras_history.operation.name for t in self._input_tensors]
        if isinstance(outputs, dict):
            self.output_names = sorted(outputs)
        else:
            self.output_names = [t._keras_history.operation.name
                                 for t in self._output_tensors]
        self.built = True
        self._build_shapes = [t.shape.as_tuple() for t in self._input_tensors]
        if len(self._build_shapes) == 1:
            self._build_shapes = self._build_shapes[0]
        # Keras: the output shape, or a list of them for several outputs
        out_shapes = [t.shape.as_tuple() for t in self._output_tensors]
        self._output_shape = out_shapes[0] if len(out_shapes) == 1 else out_shapes

    # -- the layer graph ----------------------------------------------------------------------
    def _walk(self):
        """Nodes reachable backwards from the outputs, in topological order."""
        input_ids = {id(t) for t in self._input_tensors}
        order, seen = [], set()

        def visit(tensor, path):
            history = tensor._keras_history
            node = history.operation._inbound_nodes[history.node_index]
            if id(node) in seen:
                return
            if id(node) in path:
                raise ValueError("The functional graph has a cycle.")
            path = path | {id(node)}
            if id(tensor) not in input_ids:
                if node.is_input:
                    raise ValueError(f"Graph disconnected: cannot find the value of tensor "
                                     f"{tensor.name}, an input ({history.operation.name}) "
                                     "that is not among the model's `inputs`.")
                for t in node.input_tensors:
                    if getattr(t, "_keras_history", None) is None:
                        raise ValueError(f"Tensor {t.name} feeding layer "
                                         f"{node.operation.name} does not come from a Keras "
                                         "layer; wrap tensorweave ops in a "
                                         "keras.layers.Lambda layer.")
                    visit(t, path)
            seen.add(id(node))
            order.append(node)

        for t in self._output_tensors:
            visit(t, frozenset())
        return order, self._keras_layer_order()

    def _keras_layer_order(self):
        """``model.layers`` (and so ``get_weights()``) in Keras 3's order: by decreasing depth
        (the longest path to an output), ties by first visit in a depth-first walk from the
        outputs. Inputs are not put first: an input used only near the end comes late."""
        input_ids = {id(t) for t in self._input_tensors}
        visit_index, finished, post_order = {}, set(), []

        def walk(tensor):
            history = tensor._keras_history
            node = history.operation._inbound_nodes[history.node_index]
            if id(node) in finished:
                return
            visit_index.setdefault(id(node.operation), len(visit_index))
            if id(tensor) not in input_ids and not node.is_input:
                for t in node.input_tensors:
                    walk(t)
            finished.add(id(node))
            post_order.append(node)

        for t in self._output_tensors:
            walk(t)
        node_depth, op_depth, ops = {}, {}, {}
        for node in reversed(post_order):
            depth = max(node_depth.get(id(node), 0), op_depth.get(id(node.operation), 0))
            op_depth[id(node.operation)] = depth
            ops[id(node.operation)] = node.operation
            node_depth[id(node)] = depth
            if node.is_input:
                continue
            for t in node.input_tensors:
                h = t._keras_history
                parent = h.operation._inbound_nodes[h.node_index]
                node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
        for t in self._input_tensors:       # an input no output depends on
            op = t._keras_history.operation
            if id(op) not in op_depth:
                op_depth[id(op)], visit_index[id(op)], ops[id(op)] = 0, -1, op
        return sorted(ops.values(), key=lambda op: (-op_depth[id(op)], visit_index[id(op)]))

    @property
    def layers(self):
        return list(self._operations)

    @property
    def inputs(self):
        return list(self._input_tensors)

    @property
    def outputs(self):
        return list(self._output_tensors)

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    def _declared_inputs(self):
        return self._input_tensors

    def _call_structure(self, phs):
        if isinstance(self._inputs_struct, dict):
            return dict(zip(self._inputs_struct, phs))
        if isinstance(self._inputs_struct, (list, tuple)):
            return list(phs)
        return phs[0]

    def _pack_outputs(self, outs):
        if isinstance(self._outputs_struct, dict):
            by_name = dict(zip(self.output_names, outs))
            return {k: by_name[k] for k in self._outputs_struct}
        if isinstance(self._outputs_struct, (list, tuple)) and len(self._outputs_struct) > 1:
            return list(outs)
        return outs[0]  # one output, given alone or as [y]: Keras 3 unpacks the singleton

    def call(self, inputs, training=None, mask=None):
        """Replays the layer graph on ``inputs`` (same structure as the model's inputs)."""
        flat = _flatten(inputs) if not isinstance(inputs, dict) else \
            [inputs[k] for k in self._inputs_struct]
        if len(flat) != len(self._input_tensors):
            raise ValueError(f"Model {self.name} expects {len(self._input_tensors)} "
                             f"input(s), but it received {len(flat)} input tensors.")
        _attach_masks(flat, mask)
        values = {id(t): v for t, v in zip(self._input_tensors, flat)}
        for node in self._nodes:
            if isinstance(node.operation, InputLayer):
                continue
            if all(id(t) in values for t in node.output_tensors):
                continue
            args = _map(lambda v: values[id(v)] if isinstance(v, _g.Tensor) else v,
                        node.call_args)
            kwargs = _map(lambda v: values[id(v)] if isinstance(v, _g.Tensor) else v,
                          node.call_kwargs)
            out = node.operation(*args, training=training, **kwargs)
            for t, o in zip(node.output_tensors, [o for o in _flatten(out)
                                                  if isinstance(o, _g.Tensor)]):
                values[id(t)] = o
        out = _map(lambda t: values[id(t)], self._outputs_struct)
        # Keras 3 (``unpack_singleton``): a model made with outputs=[y] returns y itself
        return out[0] if isinstance(out, (list, tuple)) and len(out) == 1 else out

    def compute_output_shape(self, input_shape):
        return _map(lambda t: t.shape.as_tuple(), self._outputs_struct)

    # -- config -------------------------------------------------------------------------------
    def get_build_config(self):
        # Keras 3.15 (TF) writes {"input_shape": None} for a functional model: it is built
        # from its config's layers, not from a shape
        return {"input_shape": None}

    def build_from_config(self, config):
        pass

    def get_config(self):
        from ..layers.layer import serialize_layer
        node_index = {}
        for layer in self._operations:
            for i, node in enumerate(layer._inbound_nodes):
                node_index[id(node)] = i
        layer_configs = []
        for layer in self._operations:
            cfg = serialize_layer(layer)
            cfg["name"] = layer.name
            inbound = []
            for node in layer._inbound_nodes:
                if node not in self._nodes or isinstance(layer, InputLayer):
                    continue
                inbound.append({"args": _map(_tensor_ref, node.call_args),
                                "kwargs": _map(_tensor_ref, node.call_kwargs)})
            cfg["inbound_nodes"] = inbound
            layer_configs.append(cfg)

        def refs(struct):
            # Keras 3.15 (TF): a bare tensor is one flat [name, node, index]; a list of
            # one stays a list of one
            return _map(lambda t: list(_history(t)), struct)
        return {"name": self.name, "trainable": self.trainable, "layers": layer_configs,
                "input_layers": refs(self._inputs_struct),
                "output_layers": refs(self._outputs_struct)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from ..layers import deserialize
        created = {}
        tensors = {}
        for cfg in config["layers"]:
            layer = deserialize(cfg, custom_objects=custom_objects)
            created[cfg.get("name", layer.name)] = layer
            if isinstance(layer, InputLayer):
                tensors[(cfg.get("name", layer.name), 0, 0)] = layer.output
        pending = [c for c in config["layers"] if c["class_name"] != "InputLayer"]
        while pending:
            progressed = False
            for cfg in list(pending):
                name = cfg.get("name", cfg["config"]["name"])
                layer = created[name]
                nodes = cfg.get("inbound_nodes", [])
                ready = all(_refs_ready(n, tensors) for n in nodes)
                if not ready:
                    continue
                for i, node in enumerate(nodes):
                    args = _resolve(node.get("args", []), tensors)
                    kwargs = _resolve(node.get("kwargs", {}), tensors)
                    out = layer(*args, **kwargs)
                    for j, t in enumerate([o for o in _flatten(out)
                                           if isinstance(o, _g.Tensor)]):
                        tensors[(name, i, j)] = t
                pending.remove(cfg)
                progressed = True
            if not progressed:
                raise ValueError("Cannot rebuild the functional model: unresolved layer "
                                 f"inputs for {[c['config']['name'] for c in pending]}.")

        def pick(ref):
            if isinstance(ref, list) and len(ref) == 3 and isinstance(ref[0], str):
                return tensors[tuple(ref)]
            if isinstance(ref, list):
                return [pick(r) for r in ref]
            if isinstance(ref, dict):
                return {k: pick(v) for k, v in ref.items()}
            return ref
        inputs = pick(config["input_layers"])
        outputs = pick(config["output_layers"])
        if isinstance(inputs, list) and len(inputs) == 1:
            inputs = inputs[0]
        if isinstance(outputs, list) and len(outputs) == 1:
            outputs = outputs[0]
        return cls(inputs, outputs, name=config.get("name"),
                   trainable=config.get("trainable", True))


def _history(t):
    h = t._keras_history
    return (h.operation.name, h.node_index, h.tensor_index)


def _tensor_ref(v):
    if isinstance(v, _g.Tensor):
        return {"class_name": "__keras_tensor__",
                "config": {"shape": v.shape.as_tuple(), "dtype": v.dtype.name,
                           "keras_history": list(_history(v))}}
    return v


def _is_ref(v):
    return isinstance(v, dict) and v.get("class_name") == "__keras_tensor__"


def _refs_ready(node, tensors):
    def walk(v):
        if _is_ref(v):
            return tuple(v["config"]["keras_history"]) in tensors
        if isinstance(v, (list, tuple)):
            return all(walk(x) for x in v)
        if isinstance(v, dict):
            return all(walk(x) for x in v.values())
        return True
    return walk(node.get("args", [])) and walk(node.get("kwargs", {}))


def _resolve(v, tensors):
    if _is_ref(v):
        return tensors[tuple(v["config"]["keras_history"])]
    if isinstance(v, list):
        return [_resolve(x, tensors) for x in v]
    if isinstance(v, tuple):
        return tuple(_resolve(x, tensors) for x in v)
    if isinstance(v, dict):
        return {k: _resolve(x, tensors) for k, x in v.items()}
    return v


def _attach_masks(tensors, mask):
    """Keras 3: an explicit ``mask`` for a model's inputs is attached to them as their
    ``_keras_mask``, which the model's layers then pass on."""
    if mask is None:
        return
    for t, m in zip(tensors, _flatten(mask)):
        if m is not None and isinstance(t, _g.Tensor):
            t._keras_mask = m
