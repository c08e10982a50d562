"""The functional-API bookkeeping of layer calls: ``KerasHistory`` (where a symbolic tensor
came from), ``Node`` (one call of a layer), ``InputSpec`` (what a layer accepts) and the small
helpers that walk nested structures of tensors."""

from ... import graph as _g

__all__ = ["KerasHistory", "Node", "InputSpec", "check_input_spec", "flatten", "map_structure"]


class KerasHistory:
    """Where a symbolic tensor came from: ``operation`` (the layer), ``node_index`` and
    ``tensor_index``."""

    __slots__ = ("operation", "node_index", "tensor_index")

    def __init__(self, operation, node_index, tensor_index):
        self.operation = operation
        self.node_index = node_index
        self.tensor_index = tensor_index

    @property
    def layer(self):
        return self.operation

    def __iter__(self):
        return iter((self.operation, self.node_index, self.tensor_index))


class Node:
    """One call of a layer in a functional graph: the inputs (a structure of tensors plus
    other arguments) and the output tensors."""

    def __init__(self, operation, call_args, call_kwargs, outputs):
        self.operation = operation
        self.call_args = call_args
        self.call_kwargs = call_kwargs
        self.input_tensors = [t for t in flatten((call_args, call_kwargs))
                              if isinstance(t, _g.Tensor)]
        self.output_tensors = [t for t in flatten(outputs) if isinstance(t, _g.Tensor)]
        self.outputs = outputs

    @property
    def parent_nodes(self):
        out = []
        for t in self.input_tensors:
            h = getattr(t, "_keras_history", None)
            if h is not None:
                node = h.operation._inbound_nodes[h.node_index]
                if node not in out:
                    out.append(node)
        return out

    @property
    def is_input(self):
        return not self.input_tensors


class InputSpec:
    """What a layer accepts: ``dtype``, ``shape``, ``ndim``, ``min_ndim``, ``max_ndim`` and
    ``axes`` ({axis: size}); checked when the layer is called."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None,
                 axes=None, allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = dtype
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(shape) if shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        self.name = name
        self.optional = optional

    def __repr__(self):
        items = [f"{k}={v}" for k, v in (("dtype", self.dtype), ("shape", self.shape),
                                          ("ndim", self.ndim), ("max_ndim", self.max_ndim),
                                          ("min_ndim", self.min_ndim), ("axes", self.axes))
                 if v]
        return f"InputSpec({', '.join(items)})"


def check_input_spec(layer, specs, inputs):
    if specs is None:
        return
    specs = specs if isinstance(specs, (list, tuple)) else [specs]
    flat = [t for t in flatten(inputs) if isinstance(t, _g.Tensor)]
    for i, (spec, x) in enumerate(zip(specs, flat)):
        if spec is None:
            continue
        shape = x.shape.as_tuple()
        where = f'Input {i} of layer "{layer.name}" is incompatible with the layer: '
        if shape is None:
            continue
        if spec.ndim is not None and len(shape) != spec.ndim:
            raise ValueError(f"{where}expected ndim={spec.ndim}, found ndim={len(shape)}. "
                             f"Full shape received: {shape}")
        if spec.min_ndim is not None and len(shape) < spec.min_ndim:
            raise ValueError(f"{where}expected min_ndim={spec.min_ndim}, found "
                             f"ndim={len(shape)}. Full shape received: {shape}")
        if spec.max_ndim is not None and len(shape) > spec.max_ndim:
            raise ValueError(f"{where}expected max_ndim={spec.max_ndim}, found "
                             f"ndim={len(shape)}. Full shape received: {shape}")
        for axis, size in spec.axes.items():
            if size is None:
                continue
            got = shape[axis] if -len(shape) <= axis < len(shape) else None
            if got is not None and got != size:
                raise ValueError(f"{where}expected axis {axis} of input shape to have value "
                                 f"{size}, but received input with shape {shape}")


def flatten(x):
    if isinstance(x, (list, tuple)):
        out = []
        for v in x:
            out.extend(flatten(v))
        return out
    if isinstance(x, dict):
        out = []
        for k in x:
            out.extend(flatten(x[k]))
        return out
    return [x]


def map_structure(fn, x):
    if isinstance(x, list):
        return [map_structure(fn, v) for v in x]
    if isinstance(x, tuple):
        return tuple(map_structure(fn, v) for v in x)
    if isinstance(x, dict):
        return {k: map_structure(fn, v) for k, v in x.items()}
    return fn(x)
