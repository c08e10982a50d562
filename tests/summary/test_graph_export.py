"""Graph export: our Graph → GraphDef as TensorBoard's Graphs dashboard reads it."""
import pytest

import tensorweave.compat.v1 as tf

pytest.importorskip("tensorboard")

from tensorboard.compat.proto import types_pb2  # noqa: E402

from tensorweave.summary import graph_def  # noqa: E402


def nodes(graph=None):
    return {n.name: n for n in graph_def(graph).node}


def shapes(node):
    return [[d.size for d in s.dim] if not s.unknown_rank else None
            for s in node.attr["_output_shapes"].list.shape]


def test_every_op_becomes_a_node_with_its_type():
    x = tf.placeholder(tf.float32, (None, 3), name="x")
    y = tf.matmul(x, tf.ones((3, 2)), transpose_b=False)
    gd = graph_def()
    ops = tf.get_default_graph().get_operations()
    assert [n.name for n in gd.node] == [op.name for op in ops]
    assert [n.op for n in gd.node] == [op.type for op in ops]
    node = nodes()[y.op.name]
    assert node.op == "MatMul" and node.input[0] == "x"
    assert node.attr["T"].type == types_pb2.DT_FLOAT
    assert node.attr["transpose_a"].b is False
    assert shapes(node) == [[-1, 2]]


def test_output_index_and_control_inputs():
    x = tf.placeholder(tf.float32, (4, 6), name="x")
    a, b = tf.split(x, 2, axis=1, name="halves")
    with tf.control_dependencies([a]):
        c = tf.identity(b, name="c")
    d = tf.add(a, b, name="d")
    n = nodes()
    assert list(n["c"].input) == ["halves:1", "^halves"]
    assert list(n["d"].input) == ["halves", "halves:1"]
    assert shapes(n["halves"]) == [[4, 3], [4, 3]]
    assert c.op.type == "Identity" and d.op.type in ("Add", "AddV2")


def test_placeholders_and_constants():
    tf.placeholder(tf.int64, None, name="anything")
    tf.placeholder(tf.float32, (None, 28, 28), name="images")
    tf.constant([1, 2, 3], name="small")
    tf.zeros((100, 100), name="big")
    tf.constant("text", name="s")
    n = nodes()
    assert n["anything"].attr["dtype"].type == types_pb2.DT_INT64
    assert n["anything"].attr["shape"].shape.unknown_rank
    assert shapes(n["anything"]) == [None]
    assert [d.size for d in n["images"].attr["shape"].shape.dim] == [-1, 28, 28]
    assert n["small"].attr["dtype"].type == types_pb2.DT_INT32
    assert list(n["small"].attr["value"].tensor.int_val) == [1, 2, 3] or \
        n["small"].attr["value"].tensor.tensor_content
    assert "value" not in n["big"].attr
    assert n["s"].attr["value"].tensor.string_val == [b"text"]


def test_name_scopes_variables_and_gradients():
    x = tf.placeholder(tf.float32, (None, 3), name="x")
    with tf.name_scope("layer1"):
        w = tf.Variable(tf.zeros((3, 1)), name="w")
        out = tf.matmul(x, w)
    loss = tf.reduce_mean(tf.square(out), name="loss")
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    n = nodes()
    assert n["layer1/w"].op == "VariableV2"
    assert [d.size for d in n["layer1/w"].attr["shape"].shape.dim] == [3, 1]
    grads = [name for name in n if name.startswith("gradients/")]
    assert grads and any("layer1/MatMul_grad" in name for name in grads)
    assert all(name.split("/")[0] in ("x", "layer1", "loss", "gradients", "GradientDescent")
               for name in n if "/" in name)
    # every input refers to a node of the graph
    for node in n.values():
        for inp in node.input:
            assert inp.lstrip("^").split(":")[0] in n, (node.name, inp)
    assert train.type == "NoOp" and n[train.name].input[0].startswith("^")


def test_summary_ops_are_exported_with_their_tag():
    tf.summary.scalar("loss", tf.constant(1.0))
    n = nodes()
    assert n["loss"].op == "ScalarSummary" and n["loss"].attr["tag"].s == b"loss"
    assert n["loss"].attr["T"].type == types_pb2.DT_FLOAT
    assert shapes(n["loss"]) == [[]]


def test_graph_def_of_another_graph():
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0, name="only")
    assert [n.name for n in graph_def(g).node] == ["only"]
    with pytest.raises(TypeError, match="tf.Graph"):
        graph_def("not a graph")
