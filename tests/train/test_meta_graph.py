"""Meta graphs (tensorweave/train/meta_graph.py): ``Saver.save`` writing ``<prefix>.meta``,
``tf.train.export_meta_graph`` and ``tf.train.import_meta_graph``, vs TensorFlow 1.x.

The behaviour is TF 1.x's (tensorflow/python/training/saver.py, framework/meta_graph.py,
framework/importer.py) unless a comment says it is tensorweave's own documented contract: the
file format (JSON, data only), its errors, and collections that refer to the ops just
imported when names collide.
"""

import json
import os
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave import errors
from tensorweave.ops.registry import Op, Spec, register
from tensorweave.train import meta_graph as mg

RNG = np.random.RandomState(0)
X = RNG.randn(32, 4).astype(np.float32)
LABELS = np.eye(3, dtype=np.float32)[RNG.randint(0, 3, 32)]
IMAGES = RNG.rand(8, 8, 8, 1).astype(np.float32)
IMAGE_LABELS = np.eye(3, dtype=np.float32)[RNG.randint(0, 3, 8)]


def _softmax_regression():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y_ = tf.placeholder(tf.float32, [None, 3], name="labels")
    w = tf.Variable(tf.zeros([4, 3]), name="w")
    b = tf.Variable(tf.zeros([3]), name="b")
    y = tf.identity(tf.nn.softmax(tf.matmul(x, w) + b), name="y")
    tf.add_to_collection("pred", y)
    loss = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y + 1e-9), axis=1), name="loss")
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    return x, y_, y, train_op


def _conv_net():
    x = tf.placeholder(tf.float32, [None, 8, 8, 1], name="images")
    y_ = tf.placeholder(tf.float32, [None, 3], name="labels")
    keep_prob = tf.placeholder(tf.float32, name="keep_prob")
    w1 = tf.Variable(tf.truncated_normal([3, 3, 1, 4], stddev=0.3, seed=1), name="conv1/w")
    b1 = tf.Variable(tf.constant(0.1, shape=[4]), name="conv1/b")
    h = tf.nn.relu(tf.nn.conv2d(x, w1, strides=[1, 1, 1, 1], padding="SAME") + b1)
    h = tf.nn.max_pool(h, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
    h = tf.nn.dropout(tf.reshape(h, [-1, 4 * 4 * 4]), keep_prob)
    w2 = tf.Variable(tf.truncated_normal([64, 3], stddev=0.1, seed=2), name="fc/w")
    logits = tf.identity(tf.matmul(h, w2), name="logits")
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits),
                          name="loss")
    step = tf.train.get_or_create_global_step()
    train_op = tf.train.AdamOptimizer(0.01).minimize(loss, global_step=step)
    tf.add_to_collection("train_op", train_op)
    return train_op


def _conv_feed(graph, keep_prob):
    return {graph.get_tensor_by_name("images:0"): IMAGES,
            graph.get_tensor_by_name("labels:0"): IMAGE_LABELS,
            graph.get_tensor_by_name("keep_prob:0"): keep_prob}


def _values(sess):
    return {v.op.name: sess.run(v) for v in tf.global_variables()}


# -- the TF1 tutorial: save with a meta graph, import it, restore, run, train on ----------------
def test_softmax_regression_round_trip_and_continued_training(tmp_path):
    x, y_, y, train_op = _softmax_regression()
    saver = tf.train.Saver()
    ckpt_dir = str(tmp_path)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            sess.run(train_op, {x: X, y_: LABELS})
        path = saver.save(sess, os.path.join(ckpt_dir, "model.ckpt"), global_step=10)
        expected_pred = sess.run(y, {x: X})
        for _ in range(3):  # training goes on in the original graph
            sess.run(train_op, {x: X, y_: LABELS})
        expected_after = _values(sess)
    assert path.endswith("model.ckpt-10")
    assert os.path.exists(path + ".meta")

    tf.reset_default_graph()
    saver = tf.train.import_meta_graph(path + ".meta")
    assert isinstance(saver, tf.train.Saver)
    with tf.Session() as sess:
        saver.restore(sess, tf.train.latest_checkpoint(ckpt_dir))
        g = tf.get_default_graph()
        x = g.get_tensor_by_name("x:0")
        y = g.get_tensor_by_name("y:0")
        np.testing.assert_array_equal(sess.run(y, {x: X}), expected_pred)
        np.testing.assert_array_equal(sess.run(tf.get_collection("pred")[0], {x: X}),
                                      expected_pred)
        train = g.get_operation_by_name("GradientDescent")
        for _ in range(3):
            sess.run(train, {x: X, "labels:0": LABELS})
        got = _values(sess)
    assert sorted(got) == sorted(expected_after)
    for name in got:
        np.testing.assert_array_equal(got[name], expected_after[name])
    assert [v.op.name for v in tf.trainable_variables()] == ["w", "b"]
    assert [v.op.name for v in tf.global_variables()] == ["w", "b"]
    assert all(isinstance(v, tf.Variable) for v in tf.global_variables())


def test_import_in_another_process(tmp_path):
    x, y_, y, train_op = _softmax_regression()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op, {x: X, y_: LABELS})
        saver.save(sess, str(tmp_path / "model.ckpt"), global_step=1)
        expected = sess.run(y, {x: X[:4]})
    np.save(tmp_path / "x.npy", X[:4])
    script = textwrap.dedent(f"""
        import numpy as np
        import tensorweave.compat.v1 as tf
        saver = tf.train.import_meta_graph({str(tmp_path / "model.ckpt-1.meta")!r})
        with tf.Session() as sess:
            saver.restore(sess, tf.train.latest_checkpoint({str(tmp_path)!r}))
            y = sess.run(tf.get_collection("pred")[0],
                         {{"x:0": np.load({str(tmp_path / "x.npy")!r})}})
        np.save({str(tmp_path / "y.npy")!r}, y)
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    np.testing.assert_array_equal(np.load(tmp_path / "y.npy"), expected)


def test_conv_net_with_dropout_and_adam_trains_on_identically(tmp_path):
    train_op = _conv_net()
    g = tf.get_default_graph()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train_op, _conv_feed(g, 1.0))
        path = saver.save(sess, str(tmp_path / "conv.ckpt"),
                          global_step=tf.train.get_global_step())
        for _ in range(3):
            sess.run(train_op, _conv_feed(g, 1.0))
        expected = _values(sess)
        expected_names = [v.op.name for v in tf.global_variables()]
    assert path.endswith("conv.ckpt-3")

    tf.reset_default_graph()
    saver = tf.train.import_meta_graph(path + ".meta")
    g = tf.get_default_graph()
    assert [v.op.name for v in tf.global_variables()] == expected_names
    assert "conv1/w/Adam" in expected_names and "beta1_power" in expected_names
    assert [v.op.name for v in tf.trainable_variables()] == ["conv1/w", "conv1/b", "fc/w"]
    assert tf.train.get_global_step().op.name == "global_step"
    with tf.Session() as sess:
        saver.restore(sess, path)
        assert sess.run(tf.train.get_global_step()) == 3
        train = tf.get_collection("train_op")[0]
        assert train is g.get_operation_by_name("Adam")
        for _ in range(3):
            sess.run(train, _conv_feed(g, 1.0))
        got = _values(sess)
    for name, value in expected.items():
        np.testing.assert_array_equal(got[name], value, err_msg=name)


def test_dropout_with_a_seed_draws_the_same_masks_after_import(tmp_path):
    tf.set_random_seed(7)
    train_op = _conv_net()
    g = tf.get_default_graph()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "conv.ckpt"))
    with tf.Session() as sess:  # the original graph, from the checkpoint, keep_prob 0.5
        saver.restore(sess, path)
        for _ in range(3):
            sess.run(train_op, _conv_feed(g, 0.5))
        expected = _values(sess)
    tf.reset_default_graph()
    saver = tf.train.import_meta_graph(path + ".meta")
    g = tf.get_default_graph()
    with tf.Session() as sess:
        saver.restore(sess, path)
        for _ in range(3):
            sess.run(g.get_operation_by_name("Adam"), _conv_feed(g, 0.5))
        got = _values(sess)
    for name, value in expected.items():
        np.testing.assert_array_equal(got[name], value, err_msg=name)


def test_new_optimizer_initializer_and_saver_work_on_imported_variables(tmp_path):
    _softmax_regression()
    tf.train.export_meta_graph(str(tmp_path / "m.meta"))
    tf.reset_default_graph()
    assert tf.train.import_meta_graph(str(tmp_path / "m.meta")) is not None
    g = tf.get_default_graph()
    loss = g.get_tensor_by_name("loss:0")
    adam = tf.train.AdamOptimizer(0.1).minimize(loss)  # slots for the imported variables
    assert any(v.op.name.startswith("w/Adam") for v in tf.global_variables())
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {"x:0": X, "labels:0": LABELS}
        before = sess.run(loss, feed)
        for _ in range(20):
            sess.run(adam, feed)
        assert sess.run(loss, feed) < before
        saver.save(sess, str(tmp_path / "again"))


# -- collections ---------------------------------------------------------------------------------
def test_standard_and_user_collections_round_trip(tmp_path):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    training = tf.placeholder_with_default(True, [], name="training")
    h = tf.layers.dense(x, 3, name="dense")
    h = tf.layers.batch_normalization(h, training=training, name="bn")
    loss = tf.reduce_mean(tf.square(h), name="loss")
    tf.summary.scalar("loss", loss)
    counter = tf.Variable(0, trainable=False, name="counter",
                          collections=[tf.GraphKeys.LOCAL_VARIABLES])
    tf.add_to_collection("mixed", loss)
    tf.add_to_collection("mixed", loss.op)
    tf.add_to_collection("mixed", "a string")
    tf.add_to_collection("mixed", b"bytes")
    tf.add_to_collection("mixed", 3)
    tf.add_to_collection("mixed", 2.5)
    tf.add_to_collection("mixed", True)
    tf.add_to_collection("mixed", np.float32(0.5))
    tf.add_to_collection(("tuple", "key"), loss)  # not a string key: left out, as in TF
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    tf.add_to_collection(tf.GraphKeys.TRAIN_OP, train_op)
    meta = tf.train.export_meta_graph(str(tmp_path / "m.meta"))
    assert ("tuple", "key") not in meta.collection_def
    before = {k: [getattr(i, "name", i) for i in tf.get_collection(k)]
              for k in meta.collection_def}

    tf.reset_default_graph()
    tf.train.import_meta_graph(str(tmp_path / "m.meta"))
    after = {k: [getattr(i, "name", i) for i in tf.get_collection(k)]
             for k in meta.collection_def}
    assert after == before
    assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == 2
    assert [v.op.name for v in tf.local_variables()] == ["counter"]
    assert counter.op.name not in [v.op.name for v in tf.global_variables()]
    assert "bn/moving_mean" in [v.op.name for v in tf.global_variables()]
    assert "bn/moving_mean" not in [v.op.name for v in tf.trainable_variables()]
    mixed = tf.get_collection("mixed")
    assert isinstance(mixed[0], tf.Tensor) and isinstance(mixed[1], tf.Operation)
    assert mixed[2:] == ["a string", b"bytes", 3, 2.5, True, 0.5]
    assert type(mixed[4]) is int and type(mixed[6]) is bool and type(mixed[7]) is np.float32
    merged = tf.summary.merge_all()
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        mean_before = sess.run("bn/moving_mean:0")
        sess.run(tf.get_collection(tf.GraphKeys.TRAIN_OP)[0], {"x:0": X})
        assert not np.array_equal(sess.run("bn/moving_mean:0"), mean_before)  # UPDATE_OPS ran
        assert sess.run(merged, {"x:0": X})


def test_collection_list_and_unsupported_items(tmp_path):
    _softmax_regression()
    tf.add_to_collection("odd", object())
    tf.add_to_collection("odd", "kept")
    with pytest.warns(UserWarning, match="collection 'odd'.*object"):
        meta = tf.train.export_meta_graph()
    assert meta.collection_def["odd"] == [{"value": "kept"}]
    only = tf.train.export_meta_graph(collection_list=["pred"])
    assert list(only.collection_def) == ["pred"]
    tf.reset_default_graph()
    assert tf.train.import_meta_graph(only) is None  # no variables collected: no Saver (TF)
    assert tf.global_variables() == []
    assert tf.get_collection("pred")[0].name == "y:0"


def test_restore_collections_predicate(tmp_path):
    _softmax_regression()
    meta = tf.train.export_meta_graph()
    tf.reset_default_graph()
    tf.train.import_meta_graph(meta, restore_collections_predicate=lambda key: key != "pred")
    assert tf.get_collection("pred") == []
    assert len(tf.global_variables()) == 2


# -- names ---------------------------------------------------------------------------------------
def test_import_scope_prefixes_names_and_restores_the_original_checkpoint(tmp_path):
    x, y_, y, train_op = _softmax_regression()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op, {x: X, y_: LABELS})
        path = saver.save(sess, str(tmp_path / "model.ckpt"))
        expected = sess.run(y, {x: X})
        sess.run(train_op, {x: X, y_: LABELS})
        expected_w = sess.run("w:0")
    tf.reset_default_graph()
    saver = tf.train.import_meta_graph(path + ".meta", import_scope="imported")
    g = tf.get_default_graph()
    assert [v.op.name for v in tf.global_variables()] == ["imported/w", "imported/b"]
    assert tf.get_collection("pred")[0].name == "imported/y:0"
    with tf.Session() as sess:
        saver.restore(sess, path)  # checkpoint keys are the saved names ("w"), as in TF
        np.testing.assert_array_equal(sess.run("imported/y:0", {"imported/x:0": X}), expected)
        sess.run(g.get_operation_by_name("imported/GradientDescent"),
                 {"imported/x:0": X, "imported/labels:0": LABELS})
        np.testing.assert_array_equal(sess.run("imported/w:0"), expected_w)
    # a second import under the same scope goes to a unique one, as a name_scope does
    tf.train.import_meta_graph(path + ".meta", import_scope="imported")
    assert g.get_tensor_by_name("imported_1/y:0") is tf.get_collection("pred")[1]


def test_importing_over_existing_names_makes_them_unique(tmp_path):
    _softmax_regression()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "model.ckpt"))
    new_saver = tf.train.import_meta_graph(path + ".meta")
    g = tf.get_default_graph()
    # as TF's importer: a name in use gets a suffix ("x" -> "x_1", "w/Assign" -> "w/Assign_1")
    assert g.get_operation_by_name("x_1").type == "Placeholder"
    assert g.get_operation_by_name("w_1").type == "VariableV2"
    assert g.get_operation_by_name("w/Assign_1").inputs[0].name == "w_1:0"
    # tensorweave's contract: the collections refer to the ops just imported
    assert [v.op.name for v in tf.global_variables()] == ["w", "b", "w_1", "b_1"]
    assert tf.get_collection("pred")[1].name == "y_1:0"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        new_saver.restore(sess, path)
        w_before = sess.run("w:0")
        sess.run(g.get_operation_by_name("GradientDescent_1"),
                 {"x_1:0": X, "labels_1:0": LABELS})
        np.testing.assert_array_equal(sess.run("w:0"), w_before)  # the original is untouched
        assert not np.array_equal(sess.run("w_1:0"), w_before)
    assert tf.placeholder(tf.float32, name="x").name == "x_2:0"


def test_input_map_replaces_an_input(tmp_path):
    _softmax_regression()
    meta = tf.train.export_meta_graph()
    tf.reset_default_graph()
    with pytest.raises(ValueError, match=r"input_map\['x:0'\] has dtype int32.*float32"):
        tf.train.import_meta_graph(meta, input_map={"x:0": tf.constant([[1, 2, 3, 4]])})
    fixed = tf.constant(X[:2], name="fixed")
    tf.train.import_meta_graph(meta, input_map={"x:0": fixed})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run("y:0"), np.full((2, 3), 1 / 3), rtol=1e-6)


# -- tf.cond -------------------------------------------------------------------------------------
def _cond_model():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    is_training = tf.placeholder_with_default(False, [], name="is_training")
    w = tf.Variable(tf.ones([4, 2]) * 0.1, name="w")
    h = tf.matmul(x, w)
    h = tf.cond(is_training, lambda: tf.nn.dropout(h, 0.5, seed=3) * 2.0,
                lambda: tf.cond(tf.reduce_sum(h) > 0.0, lambda: h + 1.0, lambda: h - 1.0))
    out = tf.identity(h, name="out")
    loss = tf.reduce_mean(tf.square(out), name="loss")
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss, name="train")
    return x, is_training, out, train


def test_graph_with_cond_round_trips_and_trains(tmp_path):
    tf.set_random_seed(1)
    x, is_training, out, train = _cond_model()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "cond.ckpt"))
        expected = {flag: sess.run(out, {x: X, is_training: flag}) for flag in (False, True)}
        expected_neg = sess.run(out, {x: -X})
    with tf.Session() as sess:
        saver.restore(sess, path)
        for flag in (True, False, True):
            sess.run(train, {x: X, is_training: flag})
        expected_w = sess.run("w:0")
    tf.reset_default_graph()
    saver = tf.train.import_meta_graph(path + ".meta")
    g = tf.get_default_graph()
    with tf.Session() as sess:
        saver.restore(sess, path)
        for flag in (False, True):
            np.testing.assert_array_equal(
                sess.run("out:0", {"x:0": X, "is_training:0": flag}), expected[flag])
        np.testing.assert_array_equal(sess.run("out:0", {"x:0": -X}), expected_neg)
    with tf.Session() as sess:  # the random stream starts over, as in the original's session
        saver.restore(sess, path)
        for flag in (True, False, True):
            sess.run(g.get_operation_by_name("train"), {"x:0": X, "is_training:0": flag})
        np.testing.assert_array_equal(sess.run("w:0"), expected_w)
        # gradients built after the import go through the imported branches too
        grad, = tf.gradients(g.get_tensor_by_name("loss:0"), [tf.trainable_variables()[0]])
        assert sess.run(grad, {"x:0": X}).shape == (4, 2)


# -- files and errors ----------------------------------------------------------------------------
def test_export_returns_a_description_and_writes_json(tmp_path):
    _softmax_regression()
    meta = tf.train.export_meta_graph()
    assert isinstance(meta, mg.MetaGraphDef)
    assert any(n["name"] == "y" and n["type"] == "Identity" for n in meta.graph_def.node)
    assert not os.listdir(tmp_path)
    path = str(tmp_path / "text.meta")
    tf.train.export_meta_graph(path, as_text=True)
    with open(path) as f:
        doc = json.load(f)  # the file is plain JSON
    assert doc["format"] == "tensorweave-meta-graph" and doc["version"] == 1
    assert "\n" in (tmp_path / "text.meta").read_text()
    assert sorted(os.listdir(tmp_path)) == ["text.meta"]  # no temporary file left
    matmul = next(n for n in doc["graph"]["ops"] if n["type"] == "MatMul")
    assert matmul["inputs"] == ["x:0", "w/read:0"]
    assert matmul["attrs"]["transpose_a"] is False


def test_constants_of_every_kind_round_trip(tmp_path):
    values = {
        "f32": np.array([[1.5, -np.inf], [np.nan, 3e38]], np.float32),
        "f64": np.float64(1 / 3), "f16": np.array([0.1, 2.0], np.float16),
        "i64": np.array([2 ** 40, -5], np.int64), "u8": np.arange(5, dtype=np.uint8),
        "b": np.array([True, False]), "s": np.array([b"ab", b"\x00\xff"], dtype=object),
        "empty": np.zeros((0, 3), np.float32),
    }
    consts = {k: tf.constant(v, name=k) for k, v in values.items()}
    meta = tf.train.export_meta_graph()
    tf.reset_default_graph()
    tf.train.import_meta_graph(meta.to_json() and mg.MetaGraphDef(
        json.loads(meta.to_json())["graph"]))
    with tf.Session() as sess:
        for k, v in values.items():
            got = sess.run(f"{k}:0")
            assert np.asarray(got).dtype == np.asarray(v).dtype, k
            np.testing.assert_array_equal(got, v, err_msg=k)
    assert consts


def test_meta_graph_suffix_and_max_to_keep(tmp_path):
    _softmax_regression()
    saver = tf.train.Saver(max_to_keep=1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, str(tmp_path / "m"), global_step=1, meta_graph_suffix="graph")
        assert os.path.exists(tmp_path / "m-1.graph")
        saver.save(sess, str(tmp_path / "m"), global_step=2, meta_graph_suffix="graph")
        saver.save(sess, str(tmp_path / "m"), global_step=3, write_meta_graph=False)
    files = sorted(os.listdir(tmp_path))
    assert "m-1.graph" not in files and "m-2.graph" not in files  # deleted with their ckpt
    assert not any(f.startswith("m-3.") and f.endswith(("meta", "graph")) for f in files)


@register
class _TestMetaGraphPyFunc(Op):
    """An op holding a Python function, as py_func and custom gradients do."""

    type_name = "TestMetaGraphPyFunc"

    def __init__(self, fn):
        self.fn = fn

    def infer(self, x):
        return Spec(x.shape, x.dtype)

    def forward(self, xp, x):
        return self.fn(x)


@register
class _TestMetaGraphAttrs(Op):
    """An op whose fields are every kind of value a meta graph stores."""

    type_name = "TestMetaGraphAttrs"

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def infer(self, x):
        return Spec(x.shape, x.dtype)

    def forward(self, xp, x):
        return x * self.scale


def test_every_kind_of_attribute_value_round_trips():
    fields = {
        "scale": np.float64(2.0), "count": np.int32(3), "flag": np.bool_(True),
        "none": None, "t": (1, (2.5, "s")), "l": [1, [None, b"\x00b"]],
        "d": {"a": 1, 2: (3,), (4, 5): "tuple key"}, "nan": float("nan"),
        "inf": float("-inf"), "dt": tf.float16, "npdt": np.dtype("int16"),
        "shape": tf.TensorShape([None, 3]), "unknown": tf.TensorShape(None),
        "arr": np.arange(6, dtype=">i4").reshape(2, 3), "strs": np.array(["a", "bc"]),
        "nested": _TestMetaGraphAttrs(scale=0.5), "_private": 7,
    }
    x = tf.placeholder(tf.float32, [2], name="x")
    _TestMetaGraphAttrs(**fields).bind(x, name="op")
    meta = tf.train.export_meta_graph()
    tf.reset_default_graph()
    tf.train.import_meta_graph(mg.MetaGraphDef(json.loads(meta.to_json())["graph"]))
    got = vars(tf.get_default_graph().get_operation_by_name("op").primitive)
    assert sorted(got) == sorted(fields)
    for k in ("scale", "count", "flag"):
        assert type(got[k]) is type(fields[k]) and got[k] == fields[k], k
    for k in ("none", "t", "l", "d", "dt", "npdt", "_private", "inf"):
        assert got[k] == fields[k] and type(got[k]) is type(fields[k]), k
    assert np.isnan(got["nan"])
    assert got["shape"].as_list() == [None, 3] and got["unknown"].ndims is None
    np.testing.assert_array_equal(got["arr"], fields["arr"])
    np.testing.assert_array_equal(got["strs"], fields["strs"])
    assert isinstance(got["nested"], _TestMetaGraphAttrs) and got["nested"].scale == 0.5
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run("op:0", {"x:0": [1.0, 2.0]}), [2.0, 4.0])


def _graph_with_python_function():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    w = tf.Variable(tf.ones([4, 1]), name="w")
    y = _TestMetaGraphPyFunc(lambda a: a * 2).bind(tf.matmul(x, w), name="double")
    return x, w, y


def test_export_refuses_an_op_holding_a_python_function(tmp_path):
    _graph_with_python_function()
    with pytest.raises(mg.UnsupportedGraphError,
                       match=r"'double' \(type TestMetaGraphPyFunc\).*field 'fn'.*function"):
        tf.train.export_meta_graph(str(tmp_path / "m.meta"))
    assert not os.listdir(tmp_path)


def test_save_warns_once_and_still_writes_the_checkpoint(tmp_path):
    _graph_with_python_function()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        (tmp_path / "m.meta").write_text("stale")  # from an earlier graph: must not linger
        with pytest.warns(UserWarning, match="without a meta graph.*'double'"):
            path = saver.save(sess, str(tmp_path / "m"))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            saver.save(sess, str(tmp_path / "m"), global_step=2)  # no second warning
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m-2.data-00000-of-00001",
                                            "m-2.index", "m.data-00000-of-00001", "m.index"]
    tf.reset_default_graph()
    w = tf.Variable(tf.zeros([4, 1]), name="w")
    with tf.Session() as sess:
        tf.train.Saver().restore(sess, path)
        np.testing.assert_array_equal(sess.run(w), np.ones((4, 1)))


def _saved_meta(tmp_path):
    _softmax_regression()
    path = str(tmp_path / "m.meta")
    tf.train.export_meta_graph(path)
    tf.reset_default_graph()
    return path


def test_missing_file(tmp_path):
    with pytest.raises(OSError, match="does not exist"):
        tf.train.import_meta_graph(str(tmp_path / "nothing.meta"))


def test_truncated_file_names_the_file(tmp_path):
    path = _saved_meta(tmp_path)
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[:len(data) // 2])
    with pytest.raises(errors.DataLossError, match=r"m\.meta is truncated or damaged"):
        tf.train.import_meta_graph(path)
    assert tf.get_default_graph().get_operations() == []


def test_damaged_contents_fail_the_checksum(tmp_path):
    path = _saved_meta(tmp_path)
    with open(path) as f:
        text = f.read().replace('"name":"y"', '"name":"z"', 1)
    with open(path, "w") as f:
        f.write(text)
    with pytest.raises(errors.DataLossError, match=r"m\.meta is damaged: its checksum"):
        tf.train.import_meta_graph(path)


def test_not_a_tensorweave_file(tmp_path):
    path = tmp_path / "tf.meta"
    path.write_bytes(b"\n\x9a\x03\n\x12tensorflow binary")  # like a MetaGraphDef proto
    with pytest.raises(ValueError, match="tf.meta is not a tensorweave meta graph file"):
        tf.train.import_meta_graph(str(path))
    path.write_text('{"format": "something else"}')
    with pytest.raises(ValueError, match="not a tensorweave meta graph"):
        tf.train.import_meta_graph(str(path))


def _rewrite(path, change):
    with open(path) as f:
        doc = json.load(f)
    change(doc["graph"])
    doc["crc32"] = mg._checksum(doc["graph"])
    with open(path, "w") as f:
        json.dump(doc, f)


def test_unknown_op_type_and_dangling_references_add_nothing(tmp_path):
    path = _saved_meta(tmp_path)

    def unknown_type(g):
        next(n for n in g["ops"] if n["name"] == "y")["type"] = "NoSuchOp"
    _rewrite(path, unknown_type)
    with pytest.raises(ValueError, match=r"m\.meta.*'y' has type 'NoSuchOp'.*not a "
                                         "registered op type"):
        tf.train.import_meta_graph(path)
    assert tf.get_default_graph().get_operations() == []

    path = _saved_meta(tmp_path)

    def dangling(g):
        next(n for n in g["ops"] if n["name"] == "y")["inputs"] = ["gone:0"]
    _rewrite(path, dangling)
    with pytest.raises(ValueError, match=r"op 'y' refers to tensor 'gone:0'"):
        tf.train.import_meta_graph(path)
    assert tf.get_default_graph().get_operations() == []


def test_unsupported_arguments():
    with pytest.raises(NotImplementedError, match="export_scope"):
        tf.train.export_meta_graph(export_scope="a")
    with pytest.raises(TypeError, match="unexpected keyword"):
        tf.train.import_meta_graph(tf.train.export_meta_graph(), bogus=1)


def test_a_while_loop_and_its_gradient_round_trip(tmp_path):
    def build():
        x = tf.placeholder(tf.float32, [], name="x")
        a = tf.Variable(2.0, name="a")
        h = tf.while_loop(lambda i, v: i < 4, lambda i, v: (i + 1, v * a + x),
                          [0, tf.constant(1.0)])[1]
        h = tf.identity(h, name="h")
        return x, a, h, tf.train.GradientDescentOptimizer(0.01).minimize(h, name="step")

    x, a, h, step = build()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the loop is written into the .meta
            saver.save(sess, str(tmp_path / "m"))
        sess.run(step, {x: 1.0})
        want = sess.run([h, a], {x: 1.0})
    tf.reset_default_graph()
    saver = tf.train.import_meta_graph(str(tmp_path / "m.meta"))
    g = tf.get_default_graph()
    x = g.get_tensor_by_name("x:0")
    with tf.Session() as sess:
        saver.restore(sess, str(tmp_path / "m"))
        sess.run(g.get_operation_by_name("step"), {x: 1.0})
        got = sess.run([g.get_tensor_by_name("h:0"), g.get_tensor_by_name("a:0")], {x: 1.0})
    assert got == want
