"""Our ``Graph`` → a TensorFlow ``GraphDef`` protobuf, for TensorBoard's Graphs dashboard.

Each operation becomes a ``NodeDef`` the way TensorFlow writes one:

- ``name`` and ``op`` (the type, e.g. ``MatMul``); TensorBoard groups nodes by the ``/`` in
  their names, so name scopes (``layer1/…``, ``gradients/…``) become boxes that collapse;
- ``input``: ``"op"`` for output 0, ``"op:1"`` for other outputs, ``"^op"`` for control inputs;
- ``attr``: the op's own attributes (``transpose_a``, ``axis`` …) where they map onto an
  ``AttrValue``; ``dtype`` (op attribute) or ``T`` (the first input's or output's type);
  ``shape`` for placeholders and variables; ``value`` for constants with at most
  ``max_const_size`` elements; and ``_output_shapes`` (-1 for unknown dims), which
  TensorBoard draws on the edges.
"""

import numbers

import numpy as np

from .. import dtypes as _dt
from .. import graph as _g
from .encode import proto, tensor_proto

__all__ = ["graph_def", "dtype_enum"]

_SHAPE_ATTRS = ("shape", "element_shape")
_DT_NAMES = {
    "float16": "DT_HALF", "float32": "DT_FLOAT", "float64": "DT_DOUBLE", "int8": "DT_INT8",
    "int16": "DT_INT16", "int32": "DT_INT32", "int64": "DT_INT64", "uint8": "DT_UINT8",
    "uint16": "DT_UINT16", "uint32": "DT_UINT32", "uint64": "DT_UINT64", "bool": "DT_BOOL",
    "string": "DT_STRING",
}


def dtype_enum(dtype):
    """The ``DataType`` enum value of a tensorweave dtype (``tf.float32`` → ``DT_FLOAT``)."""
    return proto("types_pb2").DataType.Value(_DT_NAMES[_dt.as_dtype(dtype).name])


def graph_def(graph=None, max_const_size=16):
    """A ``GraphDef`` proto (tensorboard's copy of TensorFlow's) describing ``graph``.

    Args:
        graph: a ``tf.Graph`` (default: the default graph).
        max_const_size: constants with at most this many elements keep their value in the
            ``value`` attr; larger ones are written without it.

    Returns:
        ``tensorboard.compat.proto.graph_pb2.GraphDef``.

    Example:
        >>> gd = graph_def(sess.graph)
        >>> [n.name for n in gd.node][:2]
        ['x', 'y']
    """
    graph = _g.get_default_graph() if graph is None else graph
    if not isinstance(graph, _g.Graph):
        raise TypeError(f"graph_def needs a tf.Graph, got {type(graph).__name__}")
    out = proto("graph_pb2").GraphDef()
    for op in graph.get_operations():
        node = out.node.add(name=op.name, op=op.type)
        node.input.extend(_input_name(t) for t in op.inputs)
        node.input.extend("^" + c.name for c in op.control_inputs)
        _fill_attrs(node.attr, op, max_const_size)
    return out


def _input_name(tensor):
    index = tensor.value_index
    return tensor.op.name if index == 0 else f"{tensor.op.name}:{index}"


def _fill_attrs(attrs, op, max_const_size):
    for key, value in op.primitive.attrs().items():
        attr = _attr_value(key, value, max_const_size)
        if attr is not None:
            attrs[key].CopyFrom(attr)
    if "dtype" not in attrs and "T" not in attrs:
        typed = list(op.inputs) or op.outputs
        if typed:
            attrs["T"].type = dtype_enum(typed[0].dtype)
    if op.outputs:
        attrs["_output_shapes"].list.shape.extend(_shape_proto(t.shape.as_tuple())
                                                  for t in op.outputs)


def _shape_proto(dims):
    shape = proto("tensor_shape_pb2").TensorShapeProto()
    if dims is None:
        shape.unknown_rank = True
    else:
        for d in dims:
            shape.dim.add(size=-1 if d is None else int(d))
    return shape


def _attr_value(key, value, max_const_size):
    """An ``AttrValue`` for one op attribute, or None when it has no sensible one."""
    attr = proto("attr_value_pb2").AttrValue()
    if key in _SHAPE_ATTRS and (value is None or isinstance(value, (tuple, list))):
        attr.shape.CopyFrom(_shape_proto(None if value is None else tuple(value)))
    elif isinstance(value, _dt.DType):
        attr.type = dtype_enum(value)
    elif isinstance(value, (bool, np.bool_)):
        attr.b = bool(value)
    elif isinstance(value, numbers.Integral):
        attr.i = int(value)
    elif isinstance(value, numbers.Real):
        attr.f = float(value)
    elif isinstance(value, str):
        attr.s = value.encode("utf-8")
    elif isinstance(value, bytes):
        attr.s = value
    elif isinstance(value, np.ndarray):
        if value.size > max_const_size:
            return None
        attr.tensor.CopyFrom(tensor_proto(value))
    elif isinstance(value, (tuple, list)) and value:
        return _list_attr(attr, value)
    else:
        return None
    return attr


def _list_attr(attr, values):
    if all(isinstance(v, (bool, np.bool_)) for v in values):
        attr.list.b.extend(bool(v) for v in values)
    elif all(isinstance(v, numbers.Integral) for v in values):
        attr.list.i.extend(int(v) for v in values)
    elif all(isinstance(v, numbers.Real) for v in values):
        attr.list.f.extend(float(v) for v in values)
    elif all(isinstance(v, str) for v in values):
        attr.list.s.extend(v.encode("utf-8") for v in values)
    else:
        return None
    return attr

