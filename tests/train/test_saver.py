"""tf.train.Saver and the checkpoint helpers (tensorweave/train/saver.py) vs TensorFlow 1.x.

Every expectation is TensorFlow 1.x's documented or implemented behaviour
(tensorflow/python/training/saver.py, checkpoint_management.py, checkpoint_utils.py,
saveable_object_util.py and kernels/save_restore_v2_ops.cc), unless a comment says it is
tensorweave's own documented contract (the module docstring of saver.py: atomic writes, and
errors that name the damaged variable).
"""

import errno
import os
import re

import numpy as np
import pytest

import tensorweave.compat.v1 as tf
from tensorweave.train import saver as saver_module

DATA = ".data-00000-of-00001"

KERNEL = (np.arange(6, dtype=np.float32).reshape(2, 3) * 0.5 - 1.25)
BIAS = np.array([0.1, -2.5, 3.0e38], dtype=np.float32)
COUNTER = np.int32(-7)
SCALE = np.float64(1.0 / 3.0)
TAG = b"abc"


def _build(kernel=KERNEL, bias=BIAS, counter=COUNTER, scale=SCALE, tag=TAG):
    """The test model: float matrix and vector, int32 and float64 scalars, a string."""
    with tf.variable_scope("layer1"):
        k = tf.Variable(kernel, name="kernel")
        b = tf.Variable(bias, name="bias")
    c = tf.Variable(counter, name="counter")
    s = tf.Variable(scale, name="scale")
    t = tf.Variable(tag, name="tag")
    return {"layer1/kernel": k, "layer1/bias": b, "counter": c, "scale": s, "tag": t}


def _zeros_model():
    return _build(np.zeros((2, 3), np.float32), np.zeros(3, np.float32), np.int32(0),
                  np.float64(0.0), b"zzz")


def _assert_model_values(got):
    np.testing.assert_array_equal(got["layer1/kernel"], KERNEL)
    assert got["layer1/kernel"].dtype == np.float32 and got["layer1/kernel"].shape == (2, 3)
    np.testing.assert_array_equal(got["layer1/bias"], BIAS)
    assert got["layer1/bias"].dtype == np.float32
    assert got["counter"] == -7 and np.asarray(got["counter"]).dtype == np.int32
    assert np.shape(got["counter"]) == ()
    assert got["scale"] == 1.0 / 3.0 and np.asarray(got["scale"]).dtype == np.float64
    assert np.shape(got["scale"]) == ()
    assert got["tag"] == b"abc" and isinstance(got["tag"], bytes)


def _saved(tmp_path, name="model.ckpt", global_step=None, **saver_kwargs):
    """Builds the model, saves it, returns the checkpoint prefix."""
    variables = _build()
    saver = tf.train.Saver(**saver_kwargs)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = saver.save(sess, str(tmp_path / name), global_step=global_step)
    return prefix, variables


def _listing(directory):
    return sorted(os.listdir(directory))


def _ckpt_files(prefix):
    """A checkpoint's files: index, data and (write_meta_graph=True, TF's default) meta graph."""
    return [os.path.basename(prefix) + ".index", os.path.basename(prefix) + DATA,
            os.path.basename(prefix) + ".meta"]


# -- round trips -----------------------------------------------------------------------------------
def test_round_trip_same_graph_fresh_session(tmp_path):
    variables = _build()
    saver = tf.train.Saver()
    path = str(tmp_path / "model.ckpt")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert saver.save(sess, path) == path
    assert _listing(tmp_path) == sorted(["checkpoint"] + _ckpt_files(path))
    with tf.Session() as sess:  # nothing initialized: restoring is itself an initialization
        saver.restore(sess, path)
        _assert_model_values(sess.run(variables))


def test_round_trip_fresh_graph_built_the_same_way(tmp_path):
    prefix, _ = _saved(tmp_path)
    with tf.Graph().as_default():
        variables = _zeros_model()  # other initial values, never run
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, prefix)
            _assert_model_values(sess.run(variables))


def test_restore_overwrites_values_changed_after_save(tmp_path):
    variables = _build()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = saver.save(sess, str(tmp_path / "model.ckpt"))
        sess.run([tf.assign(variables["layer1/kernel"], np.full((2, 3), 9.0, np.float32)),
                  tf.assign(variables["counter"], 123), tf.assign(variables["tag"], b"changed")])
        assert sess.run(variables["counter"]) == 123
        saver.restore(sess, prefix)
        _assert_model_values(sess.run(variables))


@pytest.mark.parametrize("value", [
    np.array([1.5, -0.0, np.inf, -np.inf, np.nan, 65504.0], np.float16),
    np.array([[1e-45, -3.4e38], [np.nan, 0.0]], np.float32),
    np.array([np.pi, -1e-300, 1e308], np.float64),
    np.array([-128, 0, 127], np.int8),
    np.array([0, 255, 7], np.uint8),
    np.array([-2**31, 2**31 - 1], np.int32),
    np.array([-2**63, 2**63 - 1, 1], np.int64),
    np.array([[True, False], [False, True]]),
    np.float32(-2.75),
    np.int64(2**40 + 3),
    np.zeros((0, 3), np.float32),
], ids=lambda v: f"{v.dtype}{list(np.shape(v))}")
def test_round_trip_is_bit_exact_for_every_dtype(tmp_path, value):
    v = tf.Variable(value, name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = saver.save(sess, str(tmp_path / "m"))
    with tf.Graph().as_default():
        w = tf.Variable(np.zeros_like(value), name="v")
        saver2 = tf.train.Saver()
        with tf.Session() as sess:
            saver2.restore(sess, prefix)
            got = np.asarray(sess.run(w))
    assert got.dtype == value.dtype and got.shape == np.shape(value)
    assert got.tobytes() == np.asarray(value).tobytes()  # bit-exact: -0.0, NaN, denormals


def test_string_variables_round_trip(tmp_path):
    scalar = tf.Variable(b"abc", name="scalar")
    vector = tf.Variable([b"", b"a\x00b", "é€".encode("utf-8"), b"\xff\xfe", b"x" * 300],
                         name="vector")
    matrix = tf.Variable([[b"p", b"qq"], [b"rrr", b""]], name="matrix")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = saver.save(sess, str(tmp_path / "strings"))
    reader = tf.train.NewCheckpointReader(prefix)
    assert reader.get_variable_to_dtype_map() == {
        "scalar": tf.string, "vector": tf.string, "matrix": tf.string}
    assert reader.get_variable_to_shape_map() == {"scalar": [], "vector": [5], "matrix": [2, 2]}
    with tf.Graph().as_default():
        s = tf.Variable(b"", name="scalar")
        v = tf.Variable([b""] * 5, name="vector")
        m = tf.Variable([[b""] * 2] * 2, name="matrix")
        saver2 = tf.train.Saver()
        with tf.Session() as sess:
            saver2.restore(sess, prefix)
            got_s, got_v, got_m = sess.run([s, v, m])
    assert got_s == b"abc" and isinstance(got_s, bytes)
    assert list(got_v) == [b"", b"a\x00b", "é€".encode("utf-8"), b"\xff\xfe", b"x" * 300]
    assert got_v.shape == (5,)
    assert got_m.tolist() == [[b"p", b"qq"], [b"rrr", b""]]


# -- paths, global_step and the checkpoint state file ----------------------------------------------
def test_save_with_global_step_returns_prefix_dash_step(tmp_path):
    _build()
    gs = tf.train.get_or_create_global_step()
    saver = tf.train.Saver()
    base = str(tmp_path / "model.ckpt")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert saver.save(sess, base, global_step=100) == base + "-100"
        assert saver.save(sess, base, global_step=np.int64(7)) == base + "-7"
        sess.run(tf.assign(gs, 42))
        assert saver.save(sess, base, global_step=gs) == base + "-42"  # a variable/tensor
        assert saver.save(sess, base, global_step=0) == base + "-0"
    for step in (100, 7, 42, 0):
        assert tf.train.checkpoint_exists(f"{base}-{step}")
        assert os.path.isfile(f"{base}-{step}.index")
        assert os.path.isfile(f"{base}-{step}{DATA}")
    assert not tf.train.checkpoint_exists(base)


def test_pad_step_number(tmp_path):
    _build()
    saver = tf.train.Saver(pad_step_number=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = saver.save(sess, str(tmp_path / "m"), global_step=42)
    assert got == str(tmp_path / "m-00000042")
    assert tf.train.latest_checkpoint(str(tmp_path)) == got


def test_checkpoint_state_latest_checkpoint_and_checkpoint_exists(tmp_path):
    d = str(tmp_path)
    assert tf.train.get_checkpoint_state(d) is None
    assert tf.train.latest_checkpoint(d) is None
    _build()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        paths = [saver.save(sess, os.path.join(d, "model.ckpt"), global_step=s)
                 for s in (1, 2, 3)]
    assert paths == [os.path.join(d, f"model.ckpt-{s}") for s in (1, 2, 3)]
    state = tf.train.get_checkpoint_state(d)
    assert state.model_checkpoint_path == paths[-1]
    assert list(state.all_model_checkpoint_paths) == paths
    assert tf.train.latest_checkpoint(d) == paths[-1]
    assert saver.last_checkpoints == paths
    assert all(tf.train.checkpoint_exists(p) for p in paths)
    assert not tf.train.checkpoint_exists(os.path.join(d, "model.ckpt-4"))
    assert not tf.train.checkpoint_exists(os.path.join(d, "model.ckpt"))
    # the state file is TensorFlow's text format: it names the latest checkpoint first
    text = (tmp_path / "checkpoint").read_text()
    lines = text.strip().splitlines()
    assert lines[0].startswith("model_checkpoint_path: ") and lines[0].endswith('model.ckpt-3"')
    assert [ln.split(": ", 1)[0] for ln in lines[1:]] == ["all_model_checkpoint_paths"] * 3


def test_latest_checkpoint_ignores_a_state_file_naming_deleted_files(tmp_path):
    prefix, _ = _saved(tmp_path, global_step=5)
    assert tf.train.latest_checkpoint(str(tmp_path)) == prefix
    os.remove(prefix + ".index")
    assert tf.train.latest_checkpoint(str(tmp_path)) is None
    assert not tf.train.checkpoint_exists(prefix)


def test_latest_filename_and_write_state(tmp_path):
    _build()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        a = saver.save(sess, str(tmp_path / "a"), latest_filename="my_state")
        assert not (tmp_path / "checkpoint").exists()
        assert tf.train.latest_checkpoint(str(tmp_path)) is None
        assert tf.train.latest_checkpoint(str(tmp_path), latest_filename="my_state") == a
        assert tf.train.get_checkpoint_state(
            str(tmp_path), latest_filename="my_state").model_checkpoint_path == a
        b = saver.save(sess, str(tmp_path / "b"), write_state=False)
    assert tf.train.checkpoint_exists(b)
    assert not (tmp_path / "checkpoint").exists()
    assert tf.train.latest_checkpoint(str(tmp_path), latest_filename="my_state") == a
    assert saver.last_checkpoints == [a]  # write_state=False does not record the checkpoint


def test_latest_filename_with_path_components_is_rejected(tmp_path):
    _build()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(ValueError, match="'latest_filename' must not contain path "
                                             "components"):
            saver.save(sess, str(tmp_path / "m"), latest_filename="sub/state")
    assert _listing(tmp_path) == []


def test_save_path_colliding_with_the_state_file_is_rejected(tmp_path):
    _build()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(ValueError, match="'latest_filename' collides with 'save_path'"):
            saver.save(sess, str(tmp_path / "checkpoint"))
    assert _listing(tmp_path) == []


@pytest.mark.parametrize("name", [
    "model.ckpt",
    "modèle-été.ckpt",
    "run\\new.ckpt",
    'say "hi".ckpt',
])
def test_state_file_round_trips_unusual_file_names(tmp_path, name):
    prefix, _ = _saved(tmp_path, name=name, global_step=3)
    assert prefix == str(tmp_path / f"{name}-3")
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.model_checkpoint_path == prefix
    assert list(state.all_model_checkpoint_paths) == [prefix]
    assert tf.train.latest_checkpoint(str(tmp_path)) == prefix


def test_get_checkpoint_state_without_model_checkpoint_path_raises(tmp_path):
    (tmp_path / "checkpoint").write_text('all_model_checkpoint_paths: "model.ckpt-1"\n')
    with pytest.raises(ValueError, match="Invalid checkpoint state loaded from"):
        tf.train.get_checkpoint_state(str(tmp_path))


# -- max_to_keep and friends -----------------------------------------------------------------------
def test_max_to_keep_deletes_the_oldest_checkpoints(tmp_path):
    d = str(tmp_path)
    _build()
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        p = {s: saver.save(sess, os.path.join(d, "m"), global_step=s) for s in (1, 2)}
        assert _listing(d) == sorted(["checkpoint"] + _ckpt_files(p[1]) + _ckpt_files(p[2]))
        p[3] = saver.save(sess, os.path.join(d, "m"), global_step=3)
        assert _listing(d) == sorted(["checkpoint"] + _ckpt_files(p[2]) + _ckpt_files(p[3]))
        assert not tf.train.checkpoint_exists(p[1])
        assert saver.last_checkpoints == [p[2], p[3]]
        state = tf.train.get_checkpoint_state(d)
        assert state.model_checkpoint_path == p[3]
        assert list(state.all_model_checkpoint_paths) == [p[2], p[3]]
        # saving under a kept name again makes it the newest; nothing else goes
        assert saver.save(sess, os.path.join(d, "m"), global_step=2) == p[2]
        assert saver.last_checkpoints == [p[3], p[2]]
        assert tf.train.latest_checkpoint(d) == p[2]
        assert list(tf.train.get_checkpoint_state(d).all_model_checkpoint_paths) == [p[3], p[2]]
        p[4] = saver.save(sess, os.path.join(d, "m"), global_step=4)
        assert _listing(d) == sorted(["checkpoint"] + _ckpt_files(p[2]) + _ckpt_files(p[4]))
        assert saver.last_checkpoints == [p[2], p[4]]


def test_max_to_keep_default_is_five(tmp_path):
    _build()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        paths = [saver.save(sess, str(tmp_path / "m"), global_step=s) for s in range(7)]
    assert [tf.train.checkpoint_exists(p) for p in paths] == [False] * 2 + [True] * 5
    assert saver.last_checkpoints == paths[2:]


@pytest.mark.parametrize("max_to_keep", [None, 0])
def test_max_to_keep_none_or_zero_keeps_every_file_but_lists_only_the_latest(tmp_path,
                                                                              max_to_keep):
    d = str(tmp_path)
    _build()
    saver = tf.train.Saver(max_to_keep=max_to_keep)
    assert saver.last_checkpoints == []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        paths = [saver.save(sess, os.path.join(d, "m"), global_step=s) for s in range(8)]
    assert all(tf.train.checkpoint_exists(p) for p in paths)  # nothing deleted
    assert tf.train.latest_checkpoint(d) == paths[-1]
    # TF: "If None or 0, no checkpoints are deleted from the filesystem but only the last one
    # is kept in the checkpoint file"; Saver.last_checkpoints stays [] (saver_test.py
    # testNoMaxToKeep).
    assert list(tf.train.get_checkpoint_state(d).all_model_checkpoint_paths) == [paths[-1]]
    assert saver.last_checkpoints == []


class _FakeClock:
    def __init__(self, now=0.0):
        self.now = now

    def time(self):
        return self.now


def test_keep_checkpoint_every_n_hours(tmp_path, monkeypatch):
    clock = _FakeClock(0.0)
    monkeypatch.setattr(saver_module, "time", clock)
    _build()
    saver = tf.train.Saver(max_to_keep=1, keep_checkpoint_every_n_hours=1)
    paths = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        # TF: next_checkpoint_time = t0 + 3600; a checkpoint pushed out of max_to_keep is kept
        # when its time > next_checkpoint_time, which then advances by 3600.
        for step, t in ((1, 100.0), (2, 4000.0), (3, 4100.0), (4, 7300.0), (5, 7400.0)):
            clock.now = t
            paths[step] = saver.save(sess, str(tmp_path / "m"), global_step=step)
    exists = {s: tf.train.checkpoint_exists(p) for s, p in paths.items()}
    assert exists == {1: False, 2: True, 3: False, 4: True, 5: True}
    assert saver.last_checkpoints == [paths[5]]
    assert list(tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths) == [
        paths[5]]


def test_recover_last_checkpoints_lets_a_new_saver_prune_old_ones(tmp_path):
    d = str(tmp_path)
    _build()
    first = tf.train.Saver(max_to_keep=3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        old = [first.save(sess, os.path.join(d, "m"), global_step=s) for s in (1, 2, 3)]
        second = tf.train.Saver(max_to_keep=3)
        assert second.last_checkpoints == []
        second.recover_last_checkpoints(
            tf.train.get_checkpoint_state(d).all_model_checkpoint_paths
            + [os.path.join(d, "m-99")])  # a path that does not exist is dropped
        assert second.last_checkpoints == old
        new = second.save(sess, os.path.join(d, "m"), global_step=4)
    assert second.last_checkpoints == old[1:] + [new]
    assert not tf.train.checkpoint_exists(old[0])
    assert all(tf.train.checkpoint_exists(p) for p in old[1:] + [new])


# -- var_list --------------------------------------------------------------------------------------
def test_var_list_as_list_saves_only_those_variables(tmp_path):
    v = _build()
    saver = tf.train.Saver([v["layer1/kernel"], v["counter"]])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = saver.save(sess, str(tmp_path / "subset"))
    assert tf.train.list_variables(prefix) == [("counter", []), ("layer1/kernel", [2, 3])]
    with tf.Graph().as_default():
        w = _zeros_model()
        subset = tf.train.Saver([w["counter"], w["layer1/kernel"]])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            subset.restore(sess, prefix)
            got = sess.run(w)
        np.testing.assert_array_equal(got["layer1/kernel"], KERNEL)
        assert got["counter"] == -7
        np.testing.assert_array_equal(got["layer1/bias"], np.zeros(3, np.float32))  # untouched
        assert got["tag"] == b"zzz"
        # the full Saver cannot restore from the subset checkpoint
        with tf.Session() as sess:
            with pytest.raises(tf.errors.NotFoundError, match="layer1/bias"):
                tf.train.Saver().restore(sess, prefix)


def test_var_list_as_dict_saves_and_restores_under_other_names(tmp_path):
    v = _build()
    saver = tf.train.Saver({"net/w": v["layer1/kernel"], "step": v["counter"]})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = saver.save(sess, str(tmp_path / "renamed"))
    assert tf.train.list_variables(prefix) == [("net/w", [2, 3]), ("step", [])]
    with tf.Graph().as_default():
        other_w = tf.Variable(np.zeros((2, 3), np.float32), name="totally/different")
        other_step = tf.Variable(np.int32(0), name="iteration")
        restorer = tf.train.Saver({"net/w": other_w, "step": other_step})
        with tf.Session() as sess:
            restorer.restore(sess, prefix)
            w, step = sess.run([other_w, other_step])
    np.testing.assert_array_equal(w, KERNEL)
    assert step == -7


def test_default_var_list_is_the_global_variables(tmp_path):
    v = _build()
    frozen = tf.Variable(5.0, trainable=False, name="frozen")
    local = tf.Variable(1.0, name="local", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        prefix = saver.save(sess, str(tmp_path / "m"))
    names = [n for n, _ in tf.train.list_variables(prefix)]
    assert names == sorted(list(v) + ["frozen"])
    assert frozen.op.name in names and local.op.name not in names


def test_saver_without_variables_raises():
    with pytest.raises(ValueError, match="No variables to save"):
        tf.train.Saver()
    with pytest.raises(ValueError, match="No variables to save"):
        tf.train.Saver(var_list=[])


def test_empty_saver_with_allow_empty_saves_nothing(tmp_path):
    saver = tf.train.Saver(var_list=[], allow_empty=True)
    with tf.Session() as sess:
        assert saver.save(sess, str(tmp_path / "m"), write_meta_graph=False) is None
        saver.restore(sess, str(tmp_path / "does-not-exist"))  # a no-op in TF
    assert _listing(tmp_path) == []


def test_same_variable_under_two_names_is_rejected():
    v = tf.Variable([10.0], name="v0")
    with pytest.raises(ValueError, match="The same saveable will be restored with two "
                                         "names: v0"):
        tf.train.Saver({"v0": v, "v0too": v})


def test_var_list_entry_that_is_not_a_variable_is_rejected():
    tf.Variable(1.0, name="v")
    c = tf.constant([1.0, 2.0], name="c")
    with pytest.raises(TypeError, match="Variable to save is not a Variable"):
        tf.train.Saver([c])


# -- NewCheckpointReader, list_variables, load_variable --------------------------------------------
def test_checkpoint_reader(tmp_path):
    prefix, _ = _saved(tmp_path, global_step=3)
    reader = tf.train.NewCheckpointReader(prefix)
    assert reader.get_variable_to_shape_map() == {
        "layer1/kernel": [2, 3], "layer1/bias": [3], "counter": [], "scale": [], "tag": []}
    assert reader.get_variable_to_dtype_map() == {
        "layer1/kernel": tf.float32, "layer1/bias": tf.float32, "counter": tf.int32,
        "scale": tf.float64, "tag": tf.string}
    assert reader.has_tensor("counter") and not reader.has_tensor("nope")
    np.testing.assert_array_equal(reader.get_tensor("layer1/kernel"), KERNEL)
    np.testing.assert_array_equal(reader.get_tensor("layer1/bias"), BIAS)
    got = {n: np.asarray(reader.get_tensor(n)) for n in ("counter", "scale", "tag")}
    assert got["counter"].dtype == np.int32 and got["counter"].shape == ()
    assert got["counter"].item() == -7
    assert got["scale"].dtype == np.float64 and got["scale"].item() == 1.0 / 3.0
    assert got["tag"].shape == () and got["tag"].item() == b"abc"
    kernel = reader.get_tensor("layer1/kernel")
    kernel[0, 0] = 99.0  # a copy: writable, and the next read is unaffected
    np.testing.assert_array_equal(reader.get_tensor("layer1/kernel"), KERNEL)
    with pytest.raises(tf.errors.NotFoundError, match="Key nope not found in checkpoint"):
        reader.get_tensor("nope")


def test_list_variables_and_load_variable_take_a_prefix_or_a_directory(tmp_path):
    prefix, _ = _saved(tmp_path, global_step=3)
    expected = [("counter", []), ("layer1/bias", [3]), ("layer1/kernel", [2, 3]),
                ("scale", []), ("tag", [])]
    assert tf.train.list_variables(prefix) == expected
    assert tf.train.list_variables(str(tmp_path)) == expected
    np.testing.assert_array_equal(tf.train.load_variable(str(tmp_path), "layer1/kernel"), KERNEL)
    assert tf.train.load_variable(prefix, "counter") == -7
    assert tf.train.load_variable(prefix, "tag") == b"abc"
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match="Couldn't find 'checkpoint' file or checkpoints"):
        tf.train.list_variables(str(empty))


def test_load_variable_accepts_a_tensor_name(tmp_path):
    prefix, v = _saved(tmp_path)
    assert v["layer1/kernel"].name == "layer1/kernel:0"
    np.testing.assert_array_equal(tf.train.load_variable(prefix, "layer1/kernel:0"), KERNEL)


# -- errors ----------------------------------------------------------------------------------------
def test_restore_from_none_raises_value_error():
    _build()
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="Can't load save_path when it is None."):
            tf.train.Saver().restore(sess, None)


def test_restore_from_a_prefix_that_does_not_exist(tmp_path):
    _build()
    missing = str(tmp_path / "nothing-here")
    with tf.Session() as sess:
        with pytest.raises(ValueError) as info:
            tf.train.Saver().restore(sess, missing)
    assert str(info.value) == "The passed save_path is not a valid checkpoint: " + missing


def test_reader_on_a_prefix_that_does_not_exist(tmp_path):
    missing = str(tmp_path / "nothing-here")
    with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files for "
                       + missing):
        tf.train.NewCheckpointReader(missing)


def test_missing_index_file(tmp_path):
    prefix, _ = _saved(tmp_path)
    os.remove(prefix + ".index")
    assert not tf.train.checkpoint_exists(prefix)
    with pytest.raises(tf.errors.NotFoundError) as info:
        tf.train.NewCheckpointReader(prefix)
    assert prefix in str(info.value)


def test_restore_with_a_missing_index_file(tmp_path):
    prefix, _ = _saved(tmp_path)
    os.remove(prefix + ".index")
    with tf.Session() as sess:
        with pytest.raises(ValueError, match="The passed save_path is not a valid checkpoint: "
                           + prefix):
            tf.train.Saver().restore(sess, prefix)


def test_missing_data_file(tmp_path):
    prefix, _ = _saved(tmp_path)
    os.remove(prefix + DATA)
    with tf.Session() as sess:
        with pytest.raises((tf.errors.DataLossError, tf.errors.NotFoundError)) as info:
            tf.train.Saver().restore(sess, prefix)
    assert prefix + DATA in str(info.value)


def test_flipped_byte_in_the_data_file_raises_data_loss_naming_the_variable(tmp_path):
    prefix, _ = _saved(tmp_path)
    reader = tf.train.NewCheckpointReader(prefix)
    assert reader.get_tensor("layer1/bias").tobytes() == BIAS.tobytes()
    raw = bytearray(open(prefix + DATA, "rb").read())
    where = raw.find(KERNEL.tobytes())
    assert where >= 0
    raw[where + 5] ^= 0x40  # one bit of layer1/kernel
    open(prefix + DATA, "wb").write(bytes(raw))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.DataLossError) as info:
            tf.train.Saver().restore(sess, prefix)
    assert "layer1/kernel" in str(info.value)
    reader = tf.train.NewCheckpointReader(prefix)
    with pytest.raises(tf.errors.DataLossError, match="layer1/kernel"):
        reader.get_tensor("layer1/kernel")
    np.testing.assert_array_equal(reader.get_tensor("layer1/bias"), BIAS)  # intact neighbour


def test_truncated_data_file_raises_data_loss_naming_the_variable(tmp_path):
    prefix, _ = _saved(tmp_path)
    size = os.path.getsize(prefix + DATA)
    layout = tf.train.NewCheckpointReader(prefix)
    assert layout.has_tensor("tag")
    with open(prefix + DATA, "r+b") as f:
        f.truncate(size - 1)  # the last bytes: variables are laid out in name order
    with tf.Session() as sess:
        with pytest.raises(tf.errors.DataLossError) as info:
            tf.train.Saver().restore(sess, prefix)
    assert re.search(r"\btag\b", str(info.value).replace(str(tmp_path), ""))


def test_truncated_data_file_raises_data_loss(tmp_path):
    prefix, _ = _saved(tmp_path)
    with open(prefix + DATA, "r+b") as f:
        f.truncate(10)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.DataLossError, match="truncated"):
            tf.train.Saver().restore(sess, prefix)


def test_damaged_index_raises_data_loss(tmp_path):
    prefix, _ = _saved(tmp_path)
    with open(prefix + ".index", "r+b") as f:
        f.truncate(20)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.DataLossError, match=".index"):
            tf.train.Saver().restore(sess, prefix)
    (tmp_path / "model.ckpt.index").write_text('{"not": "a checkpoint"}')
    with pytest.raises(tf.errors.DataLossError, match="not a tensorweave checkpoint index"):
        tf.train.NewCheckpointReader(prefix)


def test_shape_mismatch_raises_invalid_argument_and_changes_nothing(tmp_path):
    prefix, _ = _saved(tmp_path)
    with tf.Graph().as_default():
        w = _build(kernel=np.full((3, 2), 4.0, np.float32), counter=np.int32(11))
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                saver.restore(sess, prefix)
            msg = str(info.value)
            assert "layer1/kernel" in msg
            assert "[3, 2]" in msg.replace(",", ", ").replace(",  ", ", ")
            assert "[2, 3]" in msg.replace(",", ", ").replace(",  ", ", ")
            # all values are checked before any variable changes
            assert sess.run(w["counter"]) == 11
            np.testing.assert_array_equal(sess.run(w["layer1/bias"]), BIAS)
            np.testing.assert_array_equal(sess.run(w["layer1/kernel"]),
                                          np.full((3, 2), 4.0, np.float32))


def test_dtype_mismatch_raises_invalid_argument(tmp_path):
    prefix, _ = _saved(tmp_path)
    with tf.Graph().as_default():
        counter = tf.Variable(np.float32(0.0), name="counter")
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match="tensor_name = counter; expected dtype float does not "
                                     "equal original dtype int32"):
                tf.train.Saver([counter]).restore(sess, prefix)


def test_variable_missing_from_the_checkpoint_raises_not_found(tmp_path):
    prefix, _ = _saved(tmp_path)
    with tf.Graph().as_default():
        w = _zeros_model()
        extra = tf.Variable([1.0, 2.0], name="extra/weights")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            with pytest.raises(tf.errors.NotFoundError) as info:
                tf.train.Saver().restore(sess, prefix)
            assert "extra/weights" in str(info.value)
            assert prefix in str(info.value)
            assert sess.run(w["counter"]) == 0  # nothing restored
            np.testing.assert_array_equal(sess.run(extra), [1.0, 2.0])


def test_saving_uninitialized_variables_raises_failed_precondition(tmp_path):
    v = _build()
    late = tf.Variable(np.zeros(4, np.float32), name="late/var")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.variables_initializer(list(v.values())))
        with pytest.raises(tf.errors.FailedPreconditionError) as info:
            saver.save(sess, str(tmp_path / "m"), global_step=1)
        assert "late/var" in str(info.value)
        assert "uninitialized" in str(info.value)
    assert late.op.name == "late/var"
    assert _listing(tmp_path) == []  # no checkpoint, no state file, no temporary file
    assert saver.last_checkpoints == []


def test_saving_into_a_directory_that_does_not_exist(tmp_path):
    _build()
    saver = tf.train.Saver()
    path = str(tmp_path / "no" / "such" / "dir" / "model.ckpt")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(ValueError) as info:
            saver.save(sess, path, global_step=3)
    assert str(info.value) == f"Parent directory of {path} doesn't exist, can't save."
    assert _listing(tmp_path) == []


# -- atomicity -------------------------------------------------------------------------------------
def _inject_write_failure(monkeypatch, is_target, stage):
    """Makes writing a file whose name satisfies ``is_target`` fail with ENOSPC: at ``fsync``
    (the bytes do not reach the disk) or at ``replace`` (moving it into place)."""
    real_fsync, real_replace, real_rename = os.fsync, os.replace, os.rename

    def fsync(fd):
        if stage == "fsync" and is_target(os.readlink(f"/proc/self/fd/{fd}")):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    def mover(real):
        def move(src, dst, *args, **kwargs):
            if stage == "replace" and is_target(os.fspath(dst)):
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(src, dst, *args, **kwargs)
        return move

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", mover(real_replace))
    monkeypatch.setattr(os, "rename", mover(real_rename))


@pytest.mark.parametrize("stage", ["fsync", "replace"])
@pytest.mark.parametrize("target", ["data", "index"])
def test_failed_save_keeps_the_previous_checkpoint_and_leaves_no_files(tmp_path, monkeypatch,
                                                                       stage, target):
    d = str(tmp_path)
    v = _build()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = saver.save(sess, os.path.join(d, "m"), global_step=1)
        before = _listing(d)
        state_before = (tmp_path / "checkpoint").read_text()
        sess.run(tf.assign(v["counter"], 99))
        suffix = DATA if target == "data" else ".index"
        _inject_write_failure(monkeypatch, lambda p: suffix in os.path.basename(p), stage)
        with pytest.raises(OSError, match="No space left on device"):
            saver.save(sess, os.path.join(d, "m"), global_step=2)
        monkeypatch.undo()
        assert _listing(d) == before  # no temporary file, no half-written checkpoint
        assert (tmp_path / "checkpoint").read_text() == state_before
        assert tf.train.latest_checkpoint(d) == first
        assert saver.last_checkpoints == [first]
    with tf.Session() as sess:
        saver.restore(sess, first)
        _assert_model_values(sess.run(v))


def test_failed_overwrite_of_the_same_prefix_keeps_the_previous_checkpoint(tmp_path,
                                                                          monkeypatch):
    v = _build()
    saver = tf.train.Saver()
    path = str(tmp_path / "model.ckpt")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, path)
        sess.run(tf.assign(v["layer1/kernel"], np.full((2, 3), 7.0, np.float32)))
        _inject_write_failure(monkeypatch, lambda p: ".index" in os.path.basename(p), "fsync")
        with pytest.raises(OSError, match="No space left on device"):
            saver.save(sess, path)
        monkeypatch.undo()
    with tf.Session() as sess:
        saver.restore(sess, path)  # the previous checkpoint, whole
        _assert_model_values(sess.run(v))
    assert _listing(tmp_path) == sorted(["checkpoint"] + _ckpt_files(path))


def test_successful_saves_leave_no_temporary_files(tmp_path):
    _build()
    saver = tf.train.Saver(max_to_keep=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(4):
            saver.save(sess, str(tmp_path / "m"), global_step=step)
        saver.save(sess, str(tmp_path / "m"), global_step=3)
    assert _listing(tmp_path) == sorted(["checkpoint"] + _ckpt_files(str(tmp_path / "m-2"))
                                        + _ckpt_files(str(tmp_path / "m-3")))
