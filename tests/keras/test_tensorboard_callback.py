"""keras.callbacks.TensorBoard: what it writes, read back with TensorBoard's own
EventAccumulator — runs, tags, steps, values, histograms, images and graphs, laid out as
Keras 3 lays them out (``train/`` and ``validation/``, ``epoch_*``, ``batch_*``,
``<weight path>/histogram``)."""
import importlib.util
import json
import sys

import numpy as np
import pytest

from tensorweave import errors, keras
from tensorweave.keras import callbacks, layers

needs_tensorboard = pytest.mark.skipif(importlib.util.find_spec("tensorboard") is None,
                                       reason="needs the tensorboard extra")

# 300 samples, validation_split=0.25, batch_size=75: 3 train batches and 1 validation batch
# per epoch.
BATCHES_PER_EPOCH = 3


def make_model(lr=0.01):
    model = keras.Sequential([keras.Input((8,)), layers.Dense(4, activation="relu"),
                              layers.Dense(3)])
    model.compile(keras.optimizers.Adam(lr),
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    return model


def fit(blobs, log_dir, epochs=2, validation=True, **board_args):
    x, y = blobs
    model = make_model()
    board = callbacks.TensorBoard(log_dir=str(log_dir), **board_args)
    history = model.fit(x, y, batch_size=75, epochs=epochs, verbose=0,
                        validation_split=0.25 if validation else 0.0, callbacks=[board])
    return model, history


def load(run_dir):
    """TensorBoard's EventAccumulator over one run, everything kept."""
    from tensorboard.backend.event_processing.plugin_event_accumulator import EventAccumulator
    acc = EventAccumulator(str(run_dir), size_guidance={"tensors": 0})
    acc.Reload()
    return acc


def series(acc, tag):
    """(steps, values) of a scalar tag."""
    events = acc.Tensors(tag)
    return ([e.step for e in events],
            [float(np.asarray(_tensor(e)).reshape(())) for e in events])


def _tensor(event):
    from tensorboard.util import tensor_util
    return tensor_util.make_ndarray(event.tensor_proto)


def plugin(acc, tag):
    return acc.SummaryMetadata(tag).plugin_data.plugin_name


@needs_tensorboard
def test_epoch_scalars_in_train_and_validation_runs(blobs, tmp_path):
    _, history = fit(blobs, tmp_path, epochs=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["train", "validation"]
    train, val = load(tmp_path / "train"), load(tmp_path / "validation")
    for tag, key in [("epoch_loss", "loss"), ("epoch_accuracy", "accuracy")]:
        steps, values = series(train, tag)
        assert steps == [0, 1]
        np.testing.assert_allclose(values, history.history[key], rtol=1e-6)
        assert plugin(train, tag) == "scalars"
        steps, values = series(val, tag)  # same tag, other run: one chart in TensorBoard
        assert steps == [0, 1]
        np.testing.assert_allclose(values, history.history["val_" + key], rtol=1e-6)
    steps, values = series(train, "epoch_learning_rate")
    assert steps == [0, 1]
    np.testing.assert_allclose(values, [0.01, 0.01], rtol=1e-6)
    # After each validation, Keras 3 also logs it against the optimizer's step count.
    steps, values = series(val, "evaluation_loss_vs_iterations")
    assert steps == [BATCHES_PER_EPOCH, 2 * BATCHES_PER_EPOCH]
    np.testing.assert_allclose(values, history.history["val_loss"], rtol=1e-6)
    assert "evaluation_accuracy_vs_iterations" in val.Tags()["tensors"]
    # update_freq="epoch": no batch-level scalars
    assert not [t for t in train.Tags()["tensors"] if t.startswith("batch_")]


@needs_tensorboard
def test_no_validation_no_validation_run(blobs, tmp_path):
    fit(blobs, tmp_path, epochs=1, validation=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["train"]


@needs_tensorboard
@pytest.mark.parametrize("update_freq, steps", [
    ("batch", [1, 2, 3, 4, 5, 6]),
    (2, [2, 4, 6]),
])
def test_batch_scalars(blobs, tmp_path, update_freq, steps):
    fit(blobs, tmp_path, epochs=2, update_freq=update_freq, write_steps_per_second=True)
    train = load(tmp_path / "train")
    for tag in ("batch_loss", "batch_accuracy", "batch_steps_per_second"):
        assert series(train, tag)[0] == steps
    assert all(v > 0 for v in series(train, "batch_loss")[1])
    # epoch-level scalars are written every epoch whatever update_freq is
    assert series(train, "epoch_loss")[0] == [0, 1]
    assert series(train, "epoch_steps_per_second")[0] == [0, 1]
    assert not [t for t in load(tmp_path / "validation").Tags()["tensors"]
                if t.startswith("batch_")]


@needs_tensorboard
def test_weight_histograms_every_histogram_freq_epochs(blobs, tmp_path):
    model, _ = fit(blobs, tmp_path, epochs=3, histogram_freq=2)
    train = load(tmp_path / "train")
    tags = [t for t in train.Tags()["tensors"] if t.endswith("/histogram")]
    assert tags == ["dense/kernel/histogram", "dense/bias/histogram",
                    "dense_1/kernel/histogram", "dense_1/bias/histogram"]
    for tag, weight in zip(tags, model.get_weights()):
        assert plugin(train, tag) == "histograms"
        events = train.Tensors(tag)
        assert [e.step for e in events] == [0, 2]
        buckets = _tensor(events[-1])  # (left, right, count) rows
        assert buckets.shape[1] == 3
        assert buckets[:, 2].sum() == weight.size
        # the last histogram is of the final weights
        assert buckets[0, 0] == pytest.approx(weight.min(), abs=1e-6)
        assert buckets[-1, 1] == pytest.approx(weight.max(), abs=1e-6)
    assert not [t for t in train.Tags()["tensors"] if t.endswith("/image")]


@needs_tensorboard
def test_no_histograms_by_default(blobs, tmp_path):
    fit(blobs, tmp_path, epochs=1)
    assert not [t for t in load(tmp_path / "train").Tags()["tensors"] if "histogram" in t]


@needs_tensorboard
def test_write_images(blobs, tmp_path):
    fit(blobs, tmp_path, epochs=1, histogram_freq=1, write_images=True)
    train = load(tmp_path / "train")
    images = [t for t in train.Tags()["tensors"] if t.endswith("/image")]
    assert images == ["dense/kernel/image", "dense/bias/image", "dense_1/kernel/image",
                      "dense_1/bias/image"]
    assert plugin(train, "dense/kernel/image") == "images"
    width, height = _tensor(train.Tensors("dense/kernel/image")[0])[:2]
    assert (int(height), int(width)) == (4, 8)  # kernel (8, 4) drawn wider than tall


@needs_tensorboard
def test_graphs(blobs, tmp_path):
    model, _ = fit(blobs, tmp_path, epochs=1)
    train = load(tmp_path / "train")
    # the op graph, layers as name-scope boxes
    assert train.Tags()["graph"] is True
    names = {node.name for node in train.Graph().node}
    assert {"dense/kernel", "dense_1/bias", "train_step/sequential/dense/MatMul",
            "train_step/sequential/dense_1/BiasAdd"} <= names
    assert any(n.startswith("gradients/train_step/sequential/dense/") for n in names)
    assert any(n.startswith("train_step/metrics/") for n in names)
    # the conceptual graph: the model's JSON under tag "keras", as Keras writes it
    assert plugin(train, "keras") == "graph_keras_model"
    event, = train.Tensors("keras")
    assert event.step == 0
    config = json.loads(_tensor(event).item().decode("utf-8"))
    assert config == json.loads(model.to_json())
    from tensorboard.plugins.graph import keras_util
    conceptual = keras_util.keras_model_to_graph_def(config)
    assert [n.name for n in conceptual.node][-2:] == ["sequential/dense", "sequential/dense_1"]
    assert not load(tmp_path / "validation").Tags()["graph"]


@needs_tensorboard
def test_write_graph_false(blobs, tmp_path):
    fit(blobs, tmp_path, epochs=1, write_graph=False)
    train = load(tmp_path / "train")
    assert train.Tags()["graph"] is False
    assert "keras" not in train.Tags()["tensors"]


@needs_tensorboard
def test_evaluate_logs_against_iterations(blobs, tmp_path):
    x, y = blobs
    model = make_model()
    model.fit(x, y, batch_size=100, epochs=1, verbose=0)
    loss, _ = model.evaluate(x, y, verbose=0,
                             callbacks=[callbacks.TensorBoard(str(tmp_path), write_graph=False)])
    steps, values = series(load(tmp_path / "validation"), "evaluation_loss_vs_iterations")
    assert steps == [3]
    np.testing.assert_allclose(values, [loss], rtol=1e-6)


@needs_tensorboard
def test_each_fit_writes_new_event_files(blobs, tmp_path):
    x, y = blobs
    model = make_model()
    board = callbacks.TensorBoard(str(tmp_path))
    for _ in range(2):
        model.fit(x, y, batch_size=100, epochs=1, verbose=0, callbacks=[board])
    assert len(list((tmp_path / "train").glob("events.out.tfevents.*"))) == 2
    assert series(load(tmp_path / "train"), "epoch_loss")[0] == [0, 0]


@needs_tensorboard
@pytest.mark.parametrize("bad", [{"profile_batch": 2}, {"profile_batch": (1, 3)},
                                 {"profile_batch": -1}, {"update_freq": "step"},
                                 {"update_freq": 0}])
def test_bad_arguments(tmp_path, bad):
    with pytest.raises(ValueError):
        callbacks.TensorBoard(str(tmp_path), **bad)


def test_missing_tensorboard_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "tensorboard", None)  # import tensorboard fails
    with pytest.raises(errors.MissingExtraError, match=r"pip install 'tensorweave\[tensorboard\]'"):
        callbacks.TensorBoard(str(tmp_path))
    assert not list(tmp_path.iterdir())


@needs_tensorboard
@pytest.mark.skipif(importlib.util.find_spec("h5py") is None, reason="needs h5py")
def test_embeddings_for_the_projector(tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.integers(0, 20, (64, 5)), rng.integers(0, 2, 64)
    model = keras.Sequential([keras.Input((5,), dtype="int32"),
                              layers.Embedding(20, 4, name="words"), layers.Flatten(),
                              layers.Dense(2)])
    model.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    board = callbacks.TensorBoard(str(tmp_path), embeddings_freq=1,
                                  embeddings_metadata={"words": "vocab.tsv"})
    model.fit(x, y, epochs=2, batch_size=32, verbose=0, callbacks=[board])
    from google.protobuf import text_format
    from tensorboard.plugins.projector import projector_config_pb2
    config = text_format.Parse((tmp_path / "projector_config.pbtxt").read_text(),
                               projector_config_pb2.ProjectorConfig())
    embedding, = config.embeddings
    assert embedding.metadata_path == "vocab.tsv"
    assert embedding.tensor_name.startswith("layer_with_weights-0/embeddings")
    assert sorted(p.name for p in (tmp_path / "train").glob("keras_embedding.ckpt-*")) == [
        "keras_embedding.ckpt-0.weights.h5", "keras_embedding.ckpt-1.weights.h5"]
    with pytest.raises(ValueError, match="Unrecognized `Embedding` layer names"):
        callbacks.TensorBoard(str(tmp_path), embeddings_freq=1,
                              embeddings_metadata={"nope": "x.tsv"}).set_model(model)
