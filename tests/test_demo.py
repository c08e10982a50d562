"""examples/demo.py (what `make demo` runs), with few steps and epochs, into a temporary
directory: both trainings run and leave the TensorBoard event files they promise."""
import glob
import os

import pytest

pytest.importorskip("tensorboard")


def event_files(path):
    return glob.glob(os.path.join(str(path), "events.out.tfevents.*"))


def load(path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    acc = EventAccumulator(str(path), size_guidance={"tensors": 0, "scalars": 0})
    acc.Reload()
    return acc


def test_demo_writes_logs(load_example, tmp_path, capsys):
    demo = load_example("demo")
    result = demo.main(logdir=str(tmp_path), steps=5, epochs=2, verbose=True)
    out = capsys.readouterr().out

    assert len(result["lecture_losses"]) == 5
    assert result["lecture_losses"][-1] < result["lecture_losses"][0]
    assert len(result["keras_history"]["loss"]) == 2
    assert result["test_accuracy"] > 0.8  # two epochs already learn most digits

    for run in ("lecture", "keras/train", "keras/validation"):
        assert len(event_files(tmp_path / run)) == 1, run
    lecture = load(tmp_path / "lecture")
    assert [e.step for e in lecture.Scalars("loss")] == list(range(5))
    assert lecture.Tags()["graph"] is True  # FileWriter(logdir, sess.graph)
    train = load(tmp_path / "keras" / "train")
    assert {"epoch_loss", "epoch_accuracy", "dense/kernel/histogram"} <= set(
        train.Tags()["tensors"])
    assert train.Tags()["graph"] is True
    assert "epoch_loss" in load(tmp_path / "keras" / "validation").Tags()["tensors"]

    assert f"test accuracy {result['test_accuracy']:.2%}" in out
    assert f".venv/bin/tensorweave board {tmp_path}" in out
    assert f"tensorboard --logdir {tmp_path}" in out


def test_demo_replaces_old_logs(load_example, tmp_path):
    demo = load_example("demo")
    for _ in range(2):
        demo.main(logdir=str(tmp_path), steps=2, epochs=1, verbose=False)
    for run in ("lecture", "keras/train", "keras/validation"):
        assert len(event_files(tmp_path / run)) == 1, run
